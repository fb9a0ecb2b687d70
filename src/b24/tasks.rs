//! Typed task calls. `tasks.task.*` take UPPER_SNAKE keys and answer camelCase wrapped in
//! `{"task": …}` / `{"tasks": […]}`; checklist items and comments are legacy methods that take
//! positional arguments (a JSON array), which is why their parameters are arrays here.

use jiff::Zoned;
use serde::Deserialize;
use serde_json::{Value, json};

use super::batch::Batch;
use super::client::{Client, decode};
use super::created::new_id;
use super::crm::Page;
use super::error::{Error, Kind};
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

/// `{"task": {…}}`, the answer of every single-task method.
#[derive(Deserialize)]
struct OneTask {
    task: Task,
}

#[derive(Deserialize)]
pub(super) struct TaskList {
    pub(super) tasks: Vec<Task>,
}

/// The status codes of open tasks, from the model's own idea of "open".
pub(super) fn open_statuses() -> Vec<u64> {
    (1..=7)
        .filter_map(TaskStatus::from_code)
        .filter(|status| status.is_open())
        .map(TaskStatus::code)
        .collect()
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

    /// Closes a task. A task under control goes to its creator for approval instead
    /// ([`TaskStatus::AwaitingControl`]): the answer says which happened.
    ///
    /// Here and in the other changes of state, a missing task and one the person may not change
    /// fail alike ([`Kind::AccessDenied`]): the portal does not tell them apart.
    pub async fn complete_task(&self, id: u64) -> Result<Task, Error> {
        self.task_call("tasks.task.complete", json!({ "taskId": id }))
            .await
    }

    /// Reopens a closed task.
    pub async fn renew_task(&self, id: u64) -> Result<Task, Error> {
        self.task_call("tasks.task.renew", json!({ "taskId": id }))
            .await
    }

    /// Hands a task to another person; the previous responsible person stays as an auditor.
    pub async fn delegate_task(&self, id: u64, to: u64) -> Result<Task, Error> {
        self.task_call("tasks.task.delegate", json!({ "taskId": id, "userId": to }))
            .await
    }

    /// A write that answers the task as it now is.
    async fn task_call(&self, method: &str, params: Value) -> Result<Task, Error> {
        let result = self.call(method, &params).await?.result;
        decode::<OneTask>(method, result).map(|one| one.task)
    }

    /// Posts a comment; answers the comment's id. Without an `author` the portal names the
    /// webhook's owner, which is not who wrote it when the bot writes for someone.
    pub async fn comment_task(
        &self,
        id: u64,
        author: Option<u64>,
        text: &str,
    ) -> Result<u64, Error> {
        let mut fields = serde_json::Map::new();
        fields.insert("POST_MESSAGE".into(), json!(text));
        if let Some(author) = author {
            fields.insert("AUTHOR_ID".into(), json!(author));
        }
        self.positional_add("task.commentitem.add", json!([id, fields]))
            .await
    }

    /// Adds an unticked checklist item at the end; answers its id.
    pub async fn add_checklist_item(&self, task: u64, title: &str) -> Result<u64, Error> {
        self.positional_add("task.checklistitem.add", json!([task, { "TITLE": title }]))
            .await
    }

    /// Marks a checklist item done. Both ids are needed: the method's positional arguments
    /// are the task, then the item.
    pub async fn tick_checklist_item(&self, task: u64, item: u64) -> Result<(), Error> {
        self.call("task.checklistitem.complete", &json!([task, item]))
            .await
            .map(drop)
    }

    async fn positional_add(&self, method: &str, params: Value) -> Result<u64, Error> {
        new_id(method, &self.call(method, &params).await?.result)
    }
}
