//! Typed task calls. `tasks.task.*` take UPPER_SNAKE keys and answer camelCase wrapped in
//! `{"task": …}` / `{"tasks": […]}`; checklist items and comments are legacy methods that take
//! positional arguments (a JSON array), which is why their parameters are arrays here.

use std::num::NonZeroUsize;

use jiff::Zoned;
use serde::Deserialize;
use serde_json::{Value, json};

use super::batch::{Batch, reference};
use super::client::{Client, decode};
use super::created::new_id;
use super::crm::Page;
use super::error::{Error, Kind};
use super::guarded::{Guarded, GuardedWrite};
use super::model::{ChecklistItem, Task, TaskComment, TaskStatus};
use super::period::{Days, wire_time};

/// What a task list shows in one line; the portal adds a few keys of its own whatever is asked.
pub(super) const TASK_COLUMNS: [&str; 10] = [
    "ID",
    "TITLE",
    "STATUS",
    "PRIORITY",
    "RESPONSIBLE_ID",
    "CREATED_BY",
    "DEADLINE",
    "CREATED_DATE",
    "CLOSED_DATE",
    "GROUP_ID",
];

/// What a task card shows besides: who else is involved and what the task is about.
const CARD_COLUMNS: [&str; 13] = [
    "ID",
    "TITLE",
    "DESCRIPTION",
    "STATUS",
    "PRIORITY",
    "RESPONSIBLE_ID",
    "CREATED_BY",
    "AUDITORS",
    "ACCOMPLICES",
    "DEADLINE",
    "CREATED_DATE",
    "CLOSED_DATE",
    "GROUP_ID",
];

/// How many of the newest comments a task card carries.
pub const LAST_COMMENTS: usize = 5;

/// Which of a person's tasks a list shows. Every choice is open tasks only: a closed task needs
/// nothing from anyone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TaskFilter {
    /// Deadline within these days (in the person's time zone).
    Due(Days),
    /// Deadline already passed.
    Overdue,
    /// Every open task, with or without a deadline.
    AllOpen,
}

#[derive(Debug, Clone, PartialEq)]
pub struct NewTask {
    pub title: String,
    pub description: Option<String>,
    /// In the zone the person gave it in; sent with that offset.
    pub deadline: Option<Zoned>,
    pub responsible_id: u64,
    /// The person the bot acts for; without it the portal names the webhook's owner.
    pub created_by: Option<u64>,
}

/// A task with its checklist and its newest comments, read in one request.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskCard {
    pub task: Task,
    /// In the portal's order (`SORT_INDEX`).
    pub checklist: Vec<ChecklistItem>,
    /// Newest first, at most [`LAST_COMMENTS`].
    pub comments: Vec<TaskComment>,
}

/// A change [`Client::change_task_guarded`] makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaskChange<'a> {
    Complete,
    /// Reopens a closed task.
    Renew,
    /// Hands the task to another person; the previous responsible person stays as an auditor.
    Delegate {
        to: u64,
    },
    /// A comment signed by its author: without one the portal names the webhook's owner, who
    /// is not who wrote it when the bot writes for someone.
    Comment {
        author: u64,
        text: &'a str,
    },
    /// An unticked checklist item at the end.
    AddChecklistItem {
        title: &'a str,
    },
}

impl TaskChange<'_> {
    /// The method that makes the change.
    pub fn method(self) -> &'static str {
        match self {
            TaskChange::Complete => "tasks.task.complete",
            TaskChange::Renew => "tasks.task.renew",
            TaskChange::Delegate { .. } => "tasks.task.delegate",
            TaskChange::Comment { .. } => "task.commentitem.add",
            TaskChange::AddChecklistItem { .. } => "task.checklistitem.add",
        }
    }

    /// The write's parameters around the task's id; comments and checklist items are legacy
    /// methods with positional arguments.
    fn params(self, task: Value) -> Value {
        match self {
            TaskChange::Complete | TaskChange::Renew => json!({ "taskId": task }),
            TaskChange::Delegate { to } => json!({ "taskId": task, "userId": to }),
            TaskChange::Comment { author, text } => {
                json!([task, { "POST_MESSAGE": text, "AUTHOR_ID": author }])
            }
            TaskChange::AddChecklistItem { title } => json!([task, { "TITLE": title }]),
        }
    }
}

/// A task a guarded change was made to.
#[derive(Debug, Clone, PartialEq)]
pub struct ChangedTask {
    /// The task as it was.
    pub before: Task,
    /// Its status after the change, for the changes whose method answers the task (complete,
    /// renew, delegate).
    pub status: Option<TaskStatus>,
}

/// What [`Client::tick_guarded`] found of the item.
#[derive(Debug, Clone, PartialEq)]
pub enum Ticked {
    Now(ChecklistItem),
    Already(ChecklistItem),
    /// The checklist has fewer items than the number asked for; nothing was ticked.
    NoSuchItem {
        count: usize,
    },
}

/// `{"task": {…}}`, the answer of every single-task method.
#[derive(Deserialize)]
struct OneTask {
    task: Task,
}

#[derive(Deserialize)]
pub(super) struct TaskList {
    pub(super) tasks: Vec<Task>,
}

/// The guard of a task's change: the task by its id, with `responsible` if the policy names
/// one, and closed if `closed` (only a closed task is reopened).
fn task_guard(id: u64, responsible: Option<u64>, closed: bool) -> GuardedWrite {
    let mut filter = json!({ "ID": id });
    if let Some(responsible) = responsible {
        filter["RESPONSIBLE_ID"] = json!(responsible);
    }
    if closed {
        filter["@REAL_STATUS"] = json!(statuses(false));
    }
    GuardedWrite::new(
        "tasks.task.list",
        json!({ "filter": filter, "select": CARD_COLUMNS }),
        &["tasks", "0", "id"],
    )
}

fn task_rows(result: Value) -> Result<Vec<Task>, Error> {
    decode::<TaskList>("tasks.task.list", result).map(|list| list.tasks)
}

/// The status codes of open tasks (or, with `open` false, closed ones), from the model's own
/// idea of "open".
fn statuses(open: bool) -> Vec<u64> {
    (1..=7)
        .filter_map(TaskStatus::from_code)
        .filter(|status| status.is_open() == open)
        .map(TaskStatus::code)
        .collect()
}

pub(super) fn open_statuses() -> Vec<u64> {
    statuses(true)
}

/// `tasks.task.get` answers `[]` (not an error) for a task that is missing or hidden.
fn one_task(method: &str, id: u64, result: Value) -> Result<Task, Error> {
    if result.get("task").is_none() {
        return Err(Error::new(
            Kind::NotFound,
            method,
            format!("task {id} not found"),
        ));
    }
    decode::<OneTask>(method, result).map(|one| one.task)
}

impl Client {
    /// Creates a task; answers it as the portal stored it, so the reply can show the deadline
    /// the portal understood rather than the one that was meant.
    pub async fn add_task(&self, task: &NewTask) -> Result<Task, Error> {
        let mut fields = serde_json::Map::new();
        fields.insert("TITLE".into(), json!(task.title));
        fields.insert("RESPONSIBLE_ID".into(), json!(task.responsible_id));
        if let Some(description) = &task.description {
            fields.insert("DESCRIPTION".into(), json!(description));
        }
        if let Some(deadline) = &task.deadline {
            fields.insert("DEADLINE".into(), json!(wire_time(deadline)));
        }
        if let Some(creator) = task.created_by {
            fields.insert("CREATED_BY".into(), json!(creator));
        }
        self.task_call("tasks.task.add", json!({ "fields": fields }))
            .await
    }

    /// One task as its card shows it, without checklist and comments (see [`Self::task_card`]).
    pub async fn task(&self, id: u64) -> Result<Task, Error> {
        let result = self
            .call(
                "tasks.task.get",
                &json!({ "taskId": id, "select": CARD_COLUMNS }),
            )
            .await?
            .result;
        one_task("tasks.task.get", id, result)
    }

    /// One page of a person's open tasks, soonest deadline first. `now` is in the person's time
    /// zone: "today" is their day.
    pub async fn tasks_of(
        &self,
        responsible: u64,
        which: TaskFilter,
        now: &Zoned,
        start: u64,
    ) -> Result<Page<Task>, Error> {
        let mut filter = serde_json::Map::new();
        filter.insert("RESPONSIBLE_ID".into(), json!(responsible));
        filter.insert("@REAL_STATUS".into(), json!(open_statuses()));
        match which {
            TaskFilter::Due(days) => {
                let range = days.range(now)?;
                filter.insert(">=DEADLINE".into(), json!(wire_time(&range.start)));
                filter.insert("<DEADLINE".into(), json!(wire_time(&range.end)));
            }
            TaskFilter::Overdue => {
                filter.insert("<DEADLINE".into(), json!(wire_time(now)));
            }
            TaskFilter::AllOpen => {}
        }
        let envelope = self
            .call(
                "tasks.task.list",
                &json!({
                    "filter": filter,
                    "select": TASK_COLUMNS,
                    "order": { "DEADLINE": "ASC", "ID": "ASC" },
                    "start": start,
                }),
            )
            .await?;
        Ok(Page {
            items: decode::<TaskList>("tasks.task.list", envelope.result)?.tasks,
            total: envelope.total,
            next: envelope.next,
        })
    }

    /// A task, its checklist and its newest comments in one `batch`.
    pub async fn task_card(&self, id: u64) -> Result<TaskCard, Error> {
        let mut batch = Batch::new();
        batch
            .add(
                "task",
                "tasks.task.get",
                json!({ "taskId": id, "select": CARD_COLUMNS }),
            )
            .add(
                "checklist",
                "task.checklistitem.getlist",
                json!([id, { "SORT_INDEX": "ASC" }]),
            )
            .add(
                "comments",
                "task.commentitem.getlist",
                json!([id, { "ID": "DESC" }]),
            );
        let results = self.batch(batch).await;
        let task = one_task("tasks.task.get", id, results.get("task")?.result.clone())?;
        let checklist = results.result("checklist")?;
        let mut comments: Vec<TaskComment> = results.result("comments")?;
        comments.truncate(LAST_COMMENTS);
        Ok(TaskCard {
            task,
            checklist,
            comments,
        })
    }

    /// A write that answers the task as it now is.
    async fn task_call(&self, method: &str, params: Value) -> Result<Task, Error> {
        let result = self.call(method, &params).await?.result;
        decode::<OneTask>(method, result).map(|one| one.task)
    }

    /// Makes a change to a task in one request, if it exists, is still closed for
    /// [`TaskChange::Renew`], and, with `responsible`, is theirs (see [`super::guarded`]).
    ///
    /// A task under control goes to its creator for approval instead of closing
    /// ([`TaskStatus::AwaitingControl`]): the answer's status says which happened.
    pub async fn change_task_guarded(
        &self,
        id: u64,
        responsible: Option<u64>,
        change: TaskChange<'_>,
    ) -> Result<Guarded<ChangedTask>, Error> {
        let method = change.method();
        let answer = task_guard(id, responsible, change == TaskChange::Renew)
            .send(self, method, |task| change.params(task))
            .await;
        let Guarded::Written((before, written)) = answer.outcome(task_rows)? else {
            return Ok(Guarded::Refused);
        };
        let status = match change {
            TaskChange::Complete | TaskChange::Renew | TaskChange::Delegate { .. } => Some(
                decode::<OneTask>(method, written.result.clone())?
                    .task
                    .status,
            ),
            TaskChange::Comment { .. } | TaskChange::AddChecklistItem { .. } => {
                new_id(method, &written.result)?;
                None
            }
        };
        Ok(Guarded::Written(ChangedTask { before, status }))
    }

    /// Ticks the checklist item numbered `number` (from 1, in the card's order) in one request,
    /// if the task exists and, with `responsible`, is theirs: the checklist is read between the
    /// guard and the write, which takes the item's id from it.
    pub async fn tick_guarded(
        &self,
        id: u64,
        responsible: Option<u64>,
        number: NonZeroUsize,
    ) -> Result<Guarded<(Task, Ticked)>, Error> {
        let index = number.get() - 1;
        let answer = task_guard(id, responsible, false)
            .read(
                "checklist",
                "task.checklistitem.getlist",
                json!([id, { "SORT_INDEX": "ASC" }]),
            )
            .send(self, "task.checklistitem.complete", |task| {
                json!([task, reference("checklist", &[&index.to_string(), "ID"])])
            })
            .await;
        let Some(task) = answer.found(task_rows)? else {
            return Ok(Guarded::Refused);
        };
        let checklist: Vec<ChecklistItem> = answer.read("checklist")?;
        let ticked = match checklist.get(index) {
            None => Ticked::NoSuchItem {
                count: checklist.len(),
            },
            // Ticking a ticked item again changes nothing, whatever the portal answered.
            Some(item) if item.is_complete => Ticked::Already(item.clone()),
            Some(item) => {
                answer.written()?;
                Ticked::Now(item.clone())
            }
        };
        Ok(Guarded::Written((task, ticked)))
    }
}
