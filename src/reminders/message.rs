//! What a reminder and a digest say. Pure: the language, the person's `now` and the portal's
//! data in, a channel-neutral [`Reply`] out.

use jiff::Zoned;

use crate::b24::due::Morning;
use crate::b24::model::{CalendarEvent, Deal, Task};
use crate::i18n::{Arg, Tr};
use crate::reply::{Button, ButtonError, Item, Reply};
use crate::store::Fold;
use crate::tr;

use super::plan::{Due, Why};

/// A reminder with its buttons. They are commands (`/done 456`, `/later 456 1h`), so they work
/// after a restart and on any channel, and each is checked like a typed command.
pub fn reminder(tr: Tr, due: &Due, now: &Zoned) -> Result<Reply, ButtonError> {
    let id = due.task.id;
    let title = match due.why {
        Why::Before => "reminder-before",
        Why::Overdue => "reminder-overdue",
        Why::Later => "reminder-later",
    };
    let deadline = due.key.deadline.to_zoned(now.time_zone().clone());
    Ok(Reply::new()
        .title(tr.t(title, &[]))
        .text(tr!(
            tr,
            "task-line",
            id = Arg::id(id),
            title = &due.task.title
        ))
        .field(tr.t("reminder-deadline", &[]), tr.when(&deadline, now))
        .button_row([
            Button::new(tr.t("reminder-done", &[]), format!("/done {id}"))?,
            Button::new(tr.t("reminder-hour", &[]), format!("/later {id} 1h"))?,
            Button::new(
                tr.t("reminder-tomorrow", &[]),
                format!("/later {id} tomorrow"),
            )?,
            Button::new(tr.t("reminder-open", &[]), format!("/task {id}"))?,
        ]))
}

/// The morning digest: today's tasks, overdue tasks, today's meetings, quiet deals and the
/// reminders folded into it, each part left out when empty.
pub fn digest(tr: Tr, morning: &Morning, folds: &[Fold], now: &Zoned) -> Reply {
    let mut reply = Reply::new().title(tr.t("digest-title", &[]));
    let parts = [
        (
            "digest-today",
            morning
                .today
                .iter()
                .map(|task| task_item(tr, task, now))
                .collect(),
        ),
        (
            "digest-overdue",
            morning
                .overdue
                .iter()
                .map(|task| task_item(tr, task, now))
                .collect(),
        ),
        (
            "digest-events",
            morning
                .events
                .iter()
                .map(|event| event_item(tr, event, now))
                .collect(),
        ),
        (
            "digest-deals",
            morning
                .stale_deals
                .iter()
                .map(|deal| deal_item(tr, deal, now))
                .collect(),
        ),
        (
            "digest-missed",
            folds
                .iter()
                .map(|fold| fold_item(tr, fold, now))
                .collect::<Vec<Item>>(),
        ),
    ];
    let mut empty = true;
    for (header, items) in parts {
        if items.is_empty() {
            continue;
        }
        empty = false;
        reply = reply.text(tr.t(header, &[])).bullets(items);
    }
    if empty {
        reply = reply.text(tr.t("digest-nothing", &[]));
    }
    reply
}

fn task_item(tr: Tr, task: &Task, now: &Zoned) -> Item {
    let item = Item::new(tr!(
        tr,
        "task-line",
        id = Arg::id(task.id),
        title = &task.title
    ));
    match task.deadline {
        Some(at) => item.detail(tr!(
            tr,
            "task-due",
            when = tr.when(&at.to_zoned(now.time_zone().clone()), now)
        )),
        None => item,
    }
}

fn event_item(tr: Tr, event: &CalendarEvent, now: &Zoned) -> Item {
    let when = match event.from {
        Some(_) if event.dt_skip_time => tr.t("digest-all-day", &[]),
        Some(from) => {
            let from = from.to_zoned(now.time_zone().clone());
            format!("{:02}:{:02}", from.hour(), from.minute())
        }
        None => String::new(),
    };
    Item::new(tr!(tr, "event-line", when = when, title = &event.name))
}

fn deal_item(tr: Tr, deal: &Deal, now: &Zoned) -> Item {
    let item = Item::new(tr!(
        tr,
        "deal-line",
        id = Arg::id(deal.id),
        title = &deal.title
    ));
    match deal.date_modify {
        Some(at) => item.detail(tr!(
            tr,
            "digest-deal-quiet-since",
            day = tr.day(at.to_zoned(now.time_zone().clone()).date(), now.date())
        )),
        None => item,
    }
}

fn fold_item(tr: Tr, fold: &Fold, now: &Zoned) -> Item {
    Item::new(tr!(
        tr,
        "task-line",
        id = Arg::id(fold.task_id),
        title = &fold.title
    ))
    .detail(tr!(
        tr,
        "task-due",
        when = tr.when(&fold.deadline.to_zoned(now.time_zone().clone()), now)
    ))
}
