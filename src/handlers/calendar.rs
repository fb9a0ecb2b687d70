//! Calendar: the user's own events by day, whether a colleague is free at a time, and creating
//! an event (a meeting when colleagues are invited) from a confirmed form. Events are read from
//! the user's own calendar only; a colleague's calendar is seen only as busy slots, the way the
//! portal's own scheduler shows it to everyone.

use jiff::{Timestamp, Zoned};

use crate::b24;
use crate::b24::calendar::{Availability, NewEvent};
use crate::b24::model::CalendarEvent;
use crate::b24::period::Days;
use crate::failure::Failure;
use crate::forms::{DEFAULT_LENGTH, EventDraft};
use crate::i18n::{Arg, Tr};
use crate::intent::Period;
use crate::reply::{Item, Reply, Tone};
use crate::store::{FormInstance, WriteKey};
use crate::tr;

use super::writes::{Audited, Written};
use super::{Actor, Handlers, already_saved};

impl Handlers {
    /// The user's events today (or tomorrow, or for the rest of this week), earliest first.
    pub async fn event_list(
        &self,
        actor: &Actor,
        period: Option<Period>,
    ) -> Result<Reply, Failure> {
        let tr = actor.tr;
        let (days, which) = match period {
            Some(Period::Tomorrow) => (Days::Tomorrow, "tomorrow"),
            Some(Period::Week) => (Days::ThisWeek, "week"),
            Some(Period::Today | Period::Overdue) | None => (Days::Today, "today"),
        };
        let mut events = self
            .portal
            .events_of(actor.employee, days, &actor.now)
            .await?;
        if events.is_empty() {
            return Ok(Reply::new().text(tr.t(&format!("events-none-{which}"), &[])));
        }
        events.sort_by_key(|event| event.from);
        let header = tr!(
            tr,
            &format!("events-list-{which}"),
            events = tr.t("events-count", &[("count", Arg::count(events.len()))])
        );
        Ok(Reply::new()
            .title(header)
            .bullets(events.iter().map(|event| event_line(tr, event, &actor.now))))
    }

    /// Whether the colleague `who` names has nothing booked for an hour from `at`.
    pub async fn colleague_free(
        &self,
        actor: &Actor,
        who: &str,
        at: &Zoned,
    ) -> Result<Reply, Failure> {
        let tr = actor.tr;
        let colleague = match self.one_colleague(actor, who).await? {
            Ok(colleague) => colleague,
            Err(refusal) => return Ok(refusal),
        };
        let at = at.with_time_zone(actor.now.time_zone().clone());
        let until = at.checked_add(DEFAULT_LENGTH).map_err(|cause| {
            b24::Error::new(
                b24::Kind::InvalidInput,
                "calendar.accessibility.get",
                cause.to_string(),
            )
        })?;
        let name = colleague.display_name();
        let when = tr!(
            tr,
            "time-range",
            from = tr.when(&at, &actor.now),
            to = clock(&until)
        );
        Ok(
            match self.portal.availability(colleague.id, &at, &until).await? {
                Availability::Free => Reply::new().notice(
                    Tone::Success,
                    tr!(tr, "colleague-free", name = name, when = when),
                ),
                Availability::Busy(slots) => Reply::new()
                    .notice(
                        Tone::Info,
                        tr!(tr, "colleague-busy", name = name, when = when),
                    )
                    .bullets(slots.iter().filter_map(|slot| {
                        let (from, to) = (slot.from?, slot.to?);
                        Some(Item::new(span(tr, from, to, slot.dt_skip_time, &actor.now)))
                    })),
            },
        )
    }

    /// Creates the event of a confirmed form in the user's calendar, at most once per form run;
    /// with attendees it is a meeting in their calendars too.
    pub async fn create_event(
        &self,
        actor: &Actor,
        instance: &FormInstance,
        draft: &EventDraft,
    ) -> Result<Reply, Failure> {
        let title = draft.title.clone().ok_or(Failure::Incomplete("title"))?;
        let from = draft.from.clone().ok_or(Failure::Incomplete("start"))?;
        let to = draft.to.clone().ok_or(Failure::Incomplete("end"))?;
        let event = NewEvent {
            owner_id: actor.employee,
            name: title.clone(),
            description: None,
            from: from.clone(),
            to,
            attendees: draft
                .attendees
                .iter()
                .map(|colleague| colleague.id)
                .collect(),
        };
        let written = self
            .write_once(
                actor,
                WriteKey::new(instance, "event.create"),
                Audited {
                    method: "calendar.event.add",
                    entity: "event",
                },
                self.portal.add_event(&event),
            )
            .await?;
        Ok(match written {
            Written::Now(_) => Reply::new().notice(
                Tone::Success,
                tr!(
                    actor.tr,
                    "event-created",
                    title = title,
                    when = actor.tr.when(&from, &actor.now)
                ),
            ),
            Written::Before(_) | Written::InFlight => already_saved(actor),
        })
    }
}

/// `10:00–11:00 Planning`, or `all day: Day off`.
fn event_line(tr: Tr, event: &CalendarEvent, now: &Zoned) -> Item {
    let when = match (event.from, event.to) {
        (Some(from), Some(to)) => span(tr, from, to, event.dt_skip_time, now),
        _ => String::new(),
    };
    let item = Item::new(tr!(tr, "event-line", when = when, title = &event.name));
    match &event.location {
        Some(location) => item.detail(location.clone()),
        None => item,
    }
}

/// A stretch of time as the user reads it: `today, 10:00–11:00`, or all day.
fn span(tr: Tr, from: Timestamp, to: Timestamp, all_day: bool, now: &Zoned) -> String {
    let zone = now.time_zone().clone();
    let (from, to) = (from.to_zoned(zone.clone()), to.to_zoned(zone));
    if all_day {
        return tr!(tr, "event-all-day", day = tr.day(from.date(), now.date()));
    }
    tr!(
        tr,
        "time-range",
        from = tr.when(&from, now),
        to = clock(&to)
    )
}

fn clock(at: &Zoned) -> String {
    format!("{:02}:{:02}", at.hour(), at.minute())
}
