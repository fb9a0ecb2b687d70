//! Tasks: the user's open tasks by period, a task's card with its checklist and newest
//! comments, and the changes a responsible person makes — complete, reopen, delegate, comment,
//! add and tick checklist items. A change is one guarded request (see [`crate::b24::guarded`]):
//! the portal writes only to a task the visibility policy lets the user change. Only when the
//! guard refuses is the task read, to say why: a missing task is "not found" rather than the
//! portal's "access denied", which it answers for both.

use std::num::NonZeroUsize;

use jiff::{Timestamp, Zoned};

use crate::b24::model::{ChecklistItem, Task, TaskPriority, TaskStatus};
use crate::b24::period::Days;
use crate::b24::tasks::{ChangedTask, NewTask, TaskChange, TaskFilter, Ticked};
use crate::b24::{Guarded, Kind};
use crate::failure::Failure;
use crate::forms::{Candidate, TaskDraft};
use crate::i18n::{Arg, Tr};
use crate::intent::Period;
use crate::reply::{Item, Reply, Tone};
use crate::store::{FormInstance, WriteKey};
use crate::tr;

use super::format::{shown_of, without_bbcode};
use super::writes::{Audited, Written};
use super::{Actor, Handlers, already_saved, changed_meanwhile, no_access};

/// Tasks listed per message.
const SHOWN: usize = 10;

impl Handlers {
    /// The user's own open tasks in `period` (all open ones without it), soonest deadline
    /// first. A list is always the asker's own: the intent has no "everyone's" scope.
    pub async fn task_list(&self, actor: &Actor, period: Option<Period>) -> Result<Reply, Failure> {
        let tr = actor.tr;
        let (filter, which) = match period {
            Some(Period::Today) => (TaskFilter::Due(Days::Today), "today"),
            Some(Period::Tomorrow) => (TaskFilter::Due(Days::Tomorrow), "tomorrow"),
            Some(Period::Week) => (TaskFilter::Due(Days::ThisWeek), "week"),
            Some(Period::Overdue) => (TaskFilter::Overdue, "overdue"),
            None => (TaskFilter::AllOpen, "open"),
        };
        let page = self
            .portal
            .tasks_of(actor.employee, filter, &actor.now, 0)
            .await?;
        let total = page.total.map_or(page.items.len(), |total| total as usize);
        if page.items.is_empty() {
            return Ok(Reply::new().text(tr.t(&format!("tasks-none-{which}"), &[])));
        }
        let header = tr!(
            tr,
            &format!("tasks-list-{which}"),
            tasks = tr.t("tasks-count", &[("count", Arg::count(total))])
        );
        let items = page
            .items
            .iter()
            .take(SHOWN)
            .map(|task| task_line(tr, task, &actor.now));
        let reply = Reply::new().title(header).bullets(items);
        Ok(shown_of(tr, reply, SHOWN.min(total), total))
    }

    /// The task's card, checklist and newest comments (one batch), if the user may see it.
    pub async fn task_show(&self, actor: &Actor, id: u64) -> Result<Reply, Failure> {
        let tr = actor.tr;
        let card = match self.portal.task_card(id).await {
            Err(error) if error.kind() == Kind::NotFound => return Ok(task_not_found(actor, id)),
            card => card?,
        };
        let task = &card.task;
        if !self.policy.may_access(actor.employee, task.responsible_id) {
            return Ok(no_access(actor));
        }
        let mut reply = Reply::new()
            .title(tr!(
                tr,
                "task-card-header",
                id = Arg::id(task.id),
                title = &task.title
            ))
            .field(tr.t("card-status", &[]), status_name(tr, task.status))
            .field(tr.t("card-priority", &[]), priority_name(tr, task.priority))
            .field(
                tr.t("card-deadline", &[]),
                match task.deadline {
                    Some(at) => tr.when(&in_zone(at, &actor.now), &actor.now),
                    None => tr.t("task-no-deadline", &[]),
                },
            );
        if let Some(description) = &task.description {
            let description = without_bbcode(description);
            if !description.is_empty() {
                reply = reply.text(description);
            }
        }
        if !card.checklist.is_empty() {
            reply = reply
                .text(tr.t("task-checklist", &[]))
                .numbered(card.checklist.iter().map(|item| checklist_line(tr, item)));
        }
        if !card.comments.is_empty() {
            reply = reply
                .text(tr.t("task-comments", &[]))
                .bullets(card.comments.iter().map(|comment| {
                    let item = Item::new(tr!(
                        tr,
                        "task-comment-line",
                        author = &comment.author_name,
                        text = without_bbcode(&comment.post_message)
                    ));
                    match comment.post_date {
                        Some(at) => item.detail(tr.when(&in_zone(at, &actor.now), &actor.now)),
                        None => item,
                    }
                }));
        }
        Ok(reply)
    }

    /// Completes a task; one under its creator's control goes to them for approval instead,
    /// and the reply says which happened.
    pub async fn task_complete(&self, actor: &Actor, id: u64) -> Result<Reply, Failure> {
        let changed = match self.change_task(actor, id, TaskChange::Complete).await? {
            Ok(changed) => changed,
            Err(refusal) => return Ok(refusal),
        };
        let key = if changed.status == Some(TaskStatus::AwaitingControl) {
            "task-awaiting-control"
        } else {
            "task-completed"
        };
        Ok(Reply::new().notice(
            Tone::Success,
            tr!(actor.tr, key, title = &changed.before.title),
        ))
    }

    /// Reopens a closed task.
    pub async fn task_reopen(&self, actor: &Actor, id: u64) -> Result<Reply, Failure> {
        let changed = match self.change_task(actor, id, TaskChange::Renew).await? {
            Ok(changed) => changed,
            Err(refusal) => return Ok(refusal),
        };
        Ok(Reply::new().notice(
            Tone::Success,
            tr!(actor.tr, "task-reopened", title = &changed.before.title),
        ))
    }

    /// Hands a task to the colleague `to` names, in any grammatical case ("Анне").
    pub async fn task_delegate(&self, actor: &Actor, id: u64, to: &str) -> Result<Reply, Failure> {
        let tr = actor.tr;
        let colleague = match self.one_colleague(actor, to).await? {
            Ok(colleague) => colleague,
            Err(refusal) => return Ok(refusal),
        };
        let change = TaskChange::Delegate { to: colleague.id };
        let changed = match self.change_task(actor, id, change).await? {
            Ok(changed) => changed,
            Err(refusal) => return Ok(refusal),
        };
        Ok(Reply::new().notice(
            Tone::Success,
            tr!(
                tr,
                "task-delegated",
                title = &changed.before.title,
                name = colleague.display_name()
            ),
        ))
    }

    pub async fn task_comment(&self, actor: &Actor, id: u64, text: &str) -> Result<Reply, Failure> {
        let change = TaskChange::Comment {
            author: actor.employee,
            text,
        };
        let changed = match self.change_task(actor, id, change).await? {
            Ok(changed) => changed,
            Err(refusal) => return Ok(refusal),
        };
        Ok(Reply::new().notice(
            Tone::Success,
            tr!(actor.tr, "task-commented", title = &changed.before.title),
        ))
    }

    pub async fn checklist_add(
        &self,
        actor: &Actor,
        id: u64,
        text: &str,
    ) -> Result<Reply, Failure> {
        let change = TaskChange::AddChecklistItem { title: text };
        let changed = match self.change_task(actor, id, change).await? {
            Ok(changed) => changed,
            Err(refusal) => return Ok(refusal),
        };
        Ok(Reply::new().notice(
            Tone::Success,
            tr!(
                actor.tr,
                "checklist-added",
                item = text,
                title = &changed.before.title
            ),
        ))
    }

    /// Ticks the checklist item numbered `number` as the card lists it (from 1), in one guarded
    /// request that reads the checklist between the guard and the write.
    pub async fn checklist_tick(
        &self,
        actor: &Actor,
        id: u64,
        number: u64,
    ) -> Result<Reply, Failure> {
        let tr = actor.tr;
        let Some(nonzero) = usize::try_from(number).ok().and_then(NonZeroUsize::new) else {
            return self.tick_refused(actor, id, number).await;
        };
        let owner = self.policy.write_owner(actor.employee);
        let audited = task_write("task.checklistitem.complete");
        let ticked = self
            .audited_guarded(
                actor,
                audited,
                Some(id),
                self.portal.tick_guarded(id, owner, nonzero),
                |(_, ticked)| matches!(ticked, Ticked::Now(_)),
            )
            .await?;
        let Guarded::Written((task, ticked)) = ticked else {
            return self.tick_refused(actor, id, number).await;
        };
        Ok(match ticked {
            Ticked::Now(item) => Reply::new().notice(
                Tone::Success,
                tr!(tr, "checklist-ticked", item = &item.title),
            ),
            Ticked::Already(item) => already_ticked(actor, &item),
            Ticked::NoSuchItem { count } => no_such_item(actor, &task, number, count),
        })
    }

    /// Why a tick was not made: the task read with its checklist.
    async fn tick_refused(&self, actor: &Actor, id: u64, number: u64) -> Result<Reply, Failure> {
        let card = match self.portal.task_card(id).await {
            Err(error) if error.kind() == Kind::NotFound => return Ok(task_not_found(actor, id)),
            card => card?,
        };
        if !self
            .policy
            .may_access(actor.employee, card.task.responsible_id)
        {
            return Ok(no_access(actor));
        }
        let picked = usize::try_from(number)
            .ok()
            .and_then(|n| n.checked_sub(1))
            .and_then(|index| card.checklist.get(index));
        Ok(match picked {
            None => no_such_item(actor, &card.task, number, card.checklist.len()),
            Some(item) if item.is_complete => already_ticked(actor, item),
            Some(_) => changed_meanwhile(actor),
        })
    }

    /// Active colleagues a name fits, in any grammatical case, for the task form to offer.
    pub async fn colleague_candidates(&self, name: &str) -> Result<Vec<Candidate>, Failure> {
        Ok(self
            .directory
            .named(name)
            .await?
            .into_iter()
            .map(|user| Candidate {
                id: user.id,
                title: user.display_name(),
            })
            .collect())
    }

    /// Creates the task of a confirmed form, at most once per form run; the user is its
    /// creator, and its responsible person unless the form named a colleague.
    pub async fn create_task(
        &self,
        actor: &Actor,
        instance: &FormInstance,
        draft: &TaskDraft,
    ) -> Result<Reply, Failure> {
        let title = draft.title.clone().ok_or(Failure::Incomplete("title"))?;
        let task = NewTask {
            title: title.clone(),
            description: None,
            deadline: draft.deadline.clone(),
            responsible_id: draft
                .responsible
                .as_ref()
                .map_or(actor.employee, |colleague| colleague.id),
            created_by: Some(actor.employee),
        };
        let written = self
            .write_once(
                actor,
                WriteKey::new(instance, "task.create"),
                Audited {
                    method: "tasks.task.add",
                    entity: "task",
                },
                async { self.portal.add_task(&task).await.map(|task| task.id) },
            )
            .await?;
        Ok(match written {
            Written::Now(id) => Reply::new().notice(
                Tone::Success,
                tr!(actor.tr, "task-created", title = title, id = Arg::id(id)),
            ),
            Written::Before(_) | Written::InFlight => already_saved(actor),
        })
    }

    /// Makes a guarded change to a task, audited; when the guard refuses, reads the task to
    /// say why.
    async fn change_task(
        &self,
        actor: &Actor,
        id: u64,
        change: TaskChange<'_>,
    ) -> Result<Result<ChangedTask, Reply>, Failure> {
        let owner = self.policy.write_owner(actor.employee);
        let changed = self
            .audited_guarded(
                actor,
                task_write(change.method()),
                Some(id),
                self.portal.change_task_guarded(id, owner, change),
                |_| true,
            )
            .await?;
        if let Guarded::Written(changed) = changed {
            return Ok(Ok(changed));
        }
        let task = match self.portal.task(id).await {
            Err(error) if error.kind() == Kind::NotFound => {
                return Ok(Err(task_not_found(actor, id)));
            }
            task => task?,
        };
        Ok(Err(
            if !self.policy.may_access(actor.employee, task.responsible_id) {
                no_access(actor)
            } else if change == TaskChange::Renew && task.status.is_open() {
                Reply::new().notice(
                    Tone::Info,
                    tr!(actor.tr, "task-already-open", title = &task.title),
                )
            } else {
                changed_meanwhile(actor)
            },
        ))
    }
}

fn task_write(method: &'static str) -> Audited {
    Audited {
        method,
        entity: "task",
    }
}

fn already_ticked(actor: &Actor, item: &ChecklistItem) -> Reply {
    Reply::new().notice(
        Tone::Info,
        tr!(actor.tr, "checklist-already-ticked", item = &item.title),
    )
}

fn no_such_item(actor: &Actor, task: &Task, number: u64, count: usize) -> Reply {
    Reply::new().notice(
        Tone::Warning,
        tr!(
            actor.tr,
            "checklist-no-item",
            number = Arg::id(number),
            title = &task.title,
            count = Arg::count(count)
        ),
    )
}

fn task_not_found(actor: &Actor, id: u64) -> Reply {
    Reply::new().notice(
        Tone::Warning,
        tr!(actor.tr, "task-not-found", id = Arg::id(id)),
    )
}

/// `#12 Call the client`, then its status, deadline and a high priority.
fn task_line(tr: Tr, task: &Task, now: &Zoned) -> Item {
    let mut detail = vec![
        status_name(tr, task.status),
        deadline(tr, task.deadline, now),
    ];
    if task.priority == TaskPriority::High {
        detail.push(priority_name(tr, task.priority));
    }
    Item::new(tr!(
        tr,
        "task-line",
        id = Arg::id(task.id),
        title = &task.title
    ))
    .detail(detail.join(" · "))
}

fn checklist_line(tr: Tr, item: &ChecklistItem) -> Item {
    let key = if item.is_complete {
        "checklist-done"
    } else {
        "checklist-open"
    };
    Item::new(tr!(tr, key, item = &item.title))
}

fn deadline(tr: Tr, deadline: Option<Timestamp>, now: &Zoned) -> String {
    match deadline {
        Some(at) => tr!(tr, "task-due", when = tr.when(&in_zone(at, now), now)),
        None => tr.t("task-no-deadline", &[]),
    }
}

fn in_zone(at: Timestamp, now: &Zoned) -> Zoned {
    at.to_zoned(now.time_zone().clone())
}

fn status_name(tr: Tr, status: TaskStatus) -> String {
    tr.t(
        match status {
            TaskStatus::New => "task-status-new",
            TaskStatus::Pending => "task-status-pending",
            TaskStatus::InProgress => "task-status-in-progress",
            TaskStatus::AwaitingControl => "task-status-awaiting-control",
            TaskStatus::Completed => "task-status-completed",
            TaskStatus::Deferred => "task-status-deferred",
            TaskStatus::Declined => "task-status-declined",
        },
        &[],
    )
}

fn priority_name(tr: Tr, priority: TaskPriority) -> String {
    tr.t(
        match priority {
            TaskPriority::Low => "task-priority-low",
            TaskPriority::Normal => "task-priority-normal",
            TaskPriority::High => "task-priority-high",
        },
        &[],
    )
}
