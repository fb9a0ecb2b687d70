//! What reminders and digests read: the open tasks of many people at once (the reminder scan),
//! and one person's morning in one `batch` (the digest). Both run on whatever lane the caller's
//! client is on; the scheduler uses the background lane.

use std::collections::BTreeMap;

use jiff::tz::TimeZone;
use jiff::{Timestamp, Zoned};
use serde_json::{Value, json};

use super::batch::Batch;
use super::calendar::{ends, padded_dates};
use super::client::{Client, decode};
use super::crm::DEAL_COLUMNS;
use super::error::Error;
use super::model::{CalendarEvent, Deal, Task, User};
use super::period::{Days, wire_time};
use super::tasks::{TASK_COLUMNS, TaskList, open_statuses};

/// How many ids one `@RESPONSIBLE_ID` (or `@ID`) filter carries: with 50 commands per batch,
/// 2 500 people per HTTP request.
pub const IDS_PER_COMMAND: usize = 50;

/// One person's morning, as the digest shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Morning {
    /// Open tasks due today (their day), soonest first.
    pub today: Vec<Task>,
    /// Open tasks whose deadline has passed, oldest first.
    pub overdue: Vec<Task>,
    /// Today's events and meetings, earliest first.
    pub events: Vec<CalendarEvent>,
    /// Their open deals nobody has touched since the cut-off.
    pub stale_deals: Vec<Deal>,
}

impl Client {
    /// The portal's clock (`server.time`): reminders keep to it, not to this machine's.
    pub async fn server_time(&self) -> Result<Timestamp, Error> {
        let result = self.call("server.time", &json!({})).await?.result;
        decode::<Timestamp>("server.time", result)
    }

    /// The open tasks of `people` with a deadline before `before`, and the open tasks `also`
    /// names whatever their deadline (snoozed reminders). Cost: one HTTP request per 2 500
    /// people, plus one per further page when someone has more than 50 such tasks.
    pub async fn open_tasks_due(
        &self,
        people: &[u64],
        before: Timestamp,
        also: &[u64],
    ) -> Result<Vec<Task>, Error> {
        let before = wire_time(&before.to_zoned(TimeZone::UTC));
        let mut pending: Vec<(Value, u64)> = Vec::new();
        for chunk in people.chunks(IDS_PER_COMMAND) {
            let filter = json!({
                "@RESPONSIBLE_ID": chunk,
                "@REAL_STATUS": open_statuses(),
                "<DEADLINE": before,
            });
            pending.push((filter, 0));
        }
        for chunk in also.chunks(IDS_PER_COMMAND) {
            let filter = json!({ "@ID": chunk, "@REAL_STATUS": open_statuses() });
            pending.push((filter, 0));
        }
        let mut found = BTreeMap::new();
        while !pending.is_empty() {
            let mut batch = Batch::new();
            for (n, (filter, start)) in pending.iter().enumerate() {
                batch.add(
                    format!("t{n}"),
                    "tasks.task.list",
                    json!({
                        "filter": filter,
                        "select": TASK_COLUMNS,
                        "order": { "DEADLINE": "ASC", "ID": "ASC" },
                        "start": start,
                    }),
                );
            }
            let results = self.batch(batch).await;
            let mut next = Vec::new();
            for (n, (filter, _)) in pending.into_iter().enumerate() {
                let envelope = results.get(&format!("t{n}"))?;
                let page: TaskList = decode("tasks.task.list", envelope.result.clone())?;
                found.extend(page.tasks.into_iter().map(|task| (task.id, task)));
                if let Some(start) = envelope.next {
                    next.push((filter, start));
                }
            }
            pending = next;
        }
        Ok(found.into_values().collect())
    }

    /// The employees with these ids, active or not (an id the portal does not know is left
    /// out): one HTTP request per 2 500 people.
    pub async fn people_by_id(&self, ids: &[u64]) -> Result<Vec<User>, Error> {
        let mut batch = Batch::new();
        for (n, chunk) in ids.chunks(IDS_PER_COMMAND).enumerate() {
            batch.add(
                format!("u{n}"),
                "user.get",
                json!({ "FILTER": { "@ID": chunk }, "sort": "ID", "order": "ASC" }),
            );
        }
        let count = batch.len();
        let results = self.batch(batch).await;
        let mut people = Vec::new();
        for n in 0..count {
            people.extend(results.result::<Vec<User>>(&format!("u{n}"))?);
        }
        Ok(people)
    }

    /// `person`'s tasks due today and overdue, today's events, and their open deals unchanged
    /// since `stale_since`, in one `batch` (the first 50 of each). `now` is in their zone.
    pub async fn morning_of(
        &self,
        person: u64,
        now: &Zoned,
        stale_since: Timestamp,
    ) -> Result<Morning, Error> {
        let today = Days::Today.range(now)?;
        let (from, to) = padded_dates(&today)?;
        let tasks = |filter: Value| {
            json!({
                "filter": filter,
                "select": TASK_COLUMNS,
                "order": { "DEADLINE": "ASC", "ID": "ASC" },
            })
        };
        let mut batch = Batch::new();
        batch
            .add(
                "today",
                "tasks.task.list",
                tasks(json!({
                    "RESPONSIBLE_ID": person,
                    "@REAL_STATUS": open_statuses(),
                    ">=DEADLINE": wire_time(now),
                    "<DEADLINE": wire_time(&today.end),
                })),
            )
            .add(
                "overdue",
                "tasks.task.list",
                tasks(json!({
                    "RESPONSIBLE_ID": person,
                    "@REAL_STATUS": open_statuses(),
                    "<DEADLINE": wire_time(now),
                })),
            )
            .add(
                "events",
                "calendar.event.get",
                json!({ "type": "user", "ownerId": person, "from": from, "to": to }),
            )
            .add(
                "deals",
                "crm.deal.list",
                json!({
                    "select": DEAL_COLUMNS,
                    "filter": {
                        "ASSIGNED_BY_ID": person,
                        "CLOSED": "N",
                        "<DATE_MODIFY": wire_time(&stale_since.to_zoned(now.time_zone().clone())),
                    },
                    "order": { "DATE_MODIFY": "ASC", "ID": "ASC" },
                }),
            );
        let results = self.batch(batch).await;
        let today_tasks: TaskList = results.result("today")?;
        let overdue: TaskList = results.result("overdue")?;
        let events: Vec<CalendarEvent> = results.result("events")?;
        let mut events: Vec<CalendarEvent> = events
            .into_iter()
            .filter(|event| match (event.from, event.to) {
                (Some(from), Some(to)) => today.overlaps(from, ends(to, event.dt_skip_time)),
                _ => false,
            })
            .collect();
        events.sort_by_key(|event| event.from);
        Ok(Morning {
            today: today_tasks.tasks,
            overdue: overdue.tasks,
            events,
            stale_deals: results.result("deals")?,
        })
    }
}
