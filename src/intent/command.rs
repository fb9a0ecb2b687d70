//! Slash commands: the same in every language. `/Deal`, `/deal@b24bot` and `/deal` followed by a
//! newline are all `/deal`.

use jiff::Zoned;

use super::grammar::{self, contact_query, deal_create, stage};
use super::record::{self, ActivityType, Record};
use super::text::clean;
use super::{Intent, Period, push};

/// Reads a slash command; `None` when the text is not one.
pub fn parse(text: &str, now: &Zoned) -> Option<Intent> {
    let rest = text.trim_start().strip_prefix('/')?;
    let end = rest
        .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '@'))
        .unwrap_or(rest.len());
    let word = &rest[..end];
    let name = word.split('@').next().unwrap_or_default().to_lowercase();
    if name.is_empty() {
        return Some(Intent::Unknown);
    }
    let args = rest[end..].trim();
    Some(command(&name, args, now))
}

fn command(name: &str, args: &str, now: &Zoned) -> Intent {
    let (sub, sub_args) = split_word(args);
    let sub = sub.to_lowercase();
    let id = || only_id(args);
    match name {
        "start" => Intent::Start {
            payload: clean(args),
        },
        "help" => Intent::Help { topic: clean(args) },
        "cancel" | "stop" => Intent::Cancel,
        "settings" => Intent::Settings,
        "lang" | "language" => Intent::LangSet {
            lang: grammar::language(args),
        },
        "tz" | "timezone" => Intent::TzSet {
            tz: grammar::time_zone(args),
        },
        "deal" => match sub.as_str() {
            "new" | "add" | "create" => deal_create(sub_args),
            "move" | "stage" | "set" => deal_move(sub_args),
            "" => Intent::DealList {
                stage: None,
                scope: None,
            },
            _ => match (only_id(args), leading_id(args)) {
                (Some(id), _) => Intent::DealShow { id },
                (None, Some((id, rest))) => Intent::DealMove {
                    id: Some(id),
                    stage: stage(rest.trim_start_matches(|c: char| c.is_whitespace() || c == ':')),
                },
                _ => Intent::Unknown,
            },
        },
        "deals" => deal_list(args),
        "won" | "win" => Intent::DealMove {
            id: id(),
            stage: Some("WON".into()),
        },
        "lost" | "lose" => Intent::DealMove {
            id: id(),
            stage: Some("LOSE".into()),
        },
        "contact" | "contacts" | "client" => match sub.as_str() {
            "new" | "add" | "create" => grammar::contact_create(sub_args),
            _ => match id() {
                Some(id) if name == "contact" => Intent::ContactShow { id },
                _ => Intent::ContactSearch {
                    query: contact_query(args),
                },
            },
        },
        "lead" => match sub.as_str() {
            "new" | "add" | "create" => grammar::lead_create(sub_args),
            "status" | "move" | "set" => lead_status(sub_args),
            "" => Intent::LeadList,
            _ => match (only_id(args), leading_id(args)) {
                (Some(id), _) => Intent::LeadShow { id },
                (None, Some(_)) => lead_status(args),
                _ => Intent::Unknown,
            },
        },
        "leads" => Intent::LeadList,
        "company" | "companies" => match sub.as_str() {
            "new" | "add" | "create" => Intent::CompanyCreate {
                title: clean(sub_args),
            },
            _ => Intent::CompanySearch { query: clean(args) },
        },
        "task" => match sub.as_str() {
            "new" | "add" | "create" => grammar::task_create(sub_args, None, now),
            "done" | "complete" | "close" => Intent::TaskComplete {
                id: only_id(sub_args),
            },
            "comment" => {
                let (id, text) = grammar::id_and_text(sub_args);
                Intent::TaskComment { id, text }
            }
            "delegate" => task_delegate(sub_args),
            "" => Intent::TaskList { period: None },
            _ => match id() {
                Some(id) => Intent::TaskShow { id },
                None => grammar::task_create(args, None, now),
            },
        },
        "tasks" | "todo" => Intent::TaskList {
            period: period_of(args, true),
        },
        "done" | "complete" | "close" => Intent::TaskComplete { id: id() },
        "comment" => {
            let (id, text) = grammar::id_and_text(args);
            Intent::TaskComment { id, text }
        }
        "delegate" => task_delegate(args),
        "free" | "busy" => grammar::colleague_free(args, now),
        "reopen" | "renew" => Intent::TaskReopen { id: id() },
        "check" | "checklist" => {
            let (id, text) = grammar::id_and_text(args);
            Intent::ChecklistAdd { id, text }
        }
        "tick" => {
            let (task, rest) = leading_id(args).map_or((None, args), |(id, rest)| (Some(id), rest));
            Intent::ChecklistTick {
                id: task,
                item: only_id(rest),
            }
        }
        "call" => grammar::activity_add(ActivityType::Call, args, now),
        "meeting" if record::leading(args).is_some() => {
            grammar::activity_add(ActivityType::Meeting, args, now)
        }
        "activities" => Intent::ActivityList {
            owner: leading_record(args),
        },
        "activity" => match sub.as_str() {
            "done" | "complete" | "close" => Intent::ActivityDone {
                id: only_id(sub_args),
            },
            _ => match leading_id(args) {
                Some((id, "done" | "complete")) => Intent::ActivityDone { id: Some(id) },
                _ => Intent::ActivityList {
                    owner: leading_record(args),
                },
            },
        },
        "note" => grammar::timeline_comment(args),
        "event" | "meeting" => match sub.as_str() {
            "new" | "add" | "create" => grammar::event_create(sub_args, now),
            "" => Intent::EventList { period: None },
            _ => grammar::event_create(args, now),
        },
        "events" | "calendar" | "meetings" | "agenda" | "today" => Intent::EventList {
            period: if name == "today" {
                Some(Period::Today)
            } else {
                period_of(args, false)
            },
        },
        "files" | "drive" | "file" => Intent::FileList { path: clean(args) },
        "msg" | "message" | "send" | "write" => grammar::message_send(args),
        "notify" => match push::channel(args) {
            Some(channel) => Intent::NotifySet { channel },
            None => {
                let (to, text) = grammar::recipient_and_text(args);
                Intent::MessageNotify { to, text }
            }
        },
        "remind" | "reminders" => Intent::RemindSet {
            lead: push::lead(args),
        },
        "later" | "snooze" => match leading_id(args) {
            Some((id, rest)) => Intent::RemindLater {
                id: Some(id),
                until: push::later(rest),
            },
            None => Intent::RemindLater {
                id: None,
                until: None,
            },
        },
        "digest" => Intent::DigestSet {
            at: push::digest_at(args),
        },
        "who" | "user" | "colleague" | "people" => Intent::UserSearch { query: clean(args) },
        _ => Intent::Unknown,
    }
}

/// `/deals`, `/deals won`, `/deals all`, `/deals all won`, `/deals mine WON`.
fn deal_list(args: &str) -> Intent {
    let mut scope = None;
    let mut words = Vec::new();
    for word in args.split_whitespace() {
        match grammar::scope(word) {
            Some(found) if scope.is_none() && words.is_empty() => scope = Some(found),
            _ => words.push(word),
        }
    }
    Intent::DealList {
        stage: stage(&words.join(" ")),
        scope,
    }
}

/// `123 WON`, `123 to won`, `123 в работе`.
fn deal_move(args: &str) -> Intent {
    match leading_id(args) {
        Some((id, rest)) => {
            let (first, after) = split_word(rest);
            let rest = if ["to", "в", "на", "->", "→"].contains(&first.to_lowercase().as_str())
                && !after.is_empty()
            {
                after
            } else {
                rest
            };
            Intent::DealMove {
                id: Some(id),
                stage: stage(rest),
            }
        }
        None => Intent::DealMove {
            id: None,
            stage: stage(args),
        },
    }
}

/// `5 JUNK`, `5 to in progress`, `5 в работе`.
fn lead_status(args: &str) -> Intent {
    match leading_id(args) {
        Some((id, rest)) => {
            let (first, after) = split_word(rest);
            let words = if ["to", "в", "на"].contains(&first.to_lowercase().as_str())
                && !after.is_empty()
            {
                after
            } else {
                rest
            };
            Intent::LeadStatus {
                id: Some(id),
                status: clean(words),
            }
        }
        None => Intent::LeadStatus {
            id: None,
            status: clean(args),
        },
    }
}

/// `456 Anna`, `456 to Anna`.
fn task_delegate(args: &str) -> Intent {
    match leading_id(args) {
        Some((id, rest)) => {
            let (first, after) = split_word(rest);
            let to = if ["to", "на"].contains(&first.to_lowercase().as_str()) && !after.is_empty()
            {
                after
            } else {
                rest
            };
            Intent::TaskDelegate {
                id: Some(id),
                to: clean(to),
            }
        }
        None => Intent::TaskDelegate {
            id: None,
            to: clean(args),
        },
    }
}

/// The record when the arguments are nothing but one (`deal 12`, `сделка #12`).
fn leading_record(args: &str) -> Option<Record> {
    record::leading(args)
        .filter(|(_, rest)| rest.trim().is_empty())
        .map(|(record, _)| record)
}

fn period_of(args: &str, overdue_allowed: bool) -> Option<Period> {
    grammar::period(args).filter(|p| overdue_allowed || *p != Period::Overdue)
}

fn split_word(text: &str) -> (&str, &str) {
    let text = text.trim();
    match text.split_once(char::is_whitespace) {
        Some((word, rest)) => (word, rest.trim()),
        None => (text, ""),
    }
}

/// The id when the arguments are nothing but a number (`123`, `#123`).
fn only_id(args: &str) -> Option<u64> {
    let args = args.trim();
    args.strip_prefix('#').unwrap_or(args).parse().ok()
}

/// A number at the start and what follows it.
fn leading_id(args: &str) -> Option<(u64, &str)> {
    let (first, rest) = split_word(args);
    only_id(first.trim_end_matches([':', ','])).map(|id| (id, rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> Zoned {
        "2026-03-02T10:00:00+03:00[Europe/Moscow]".parse().unwrap()
    }

    #[test]
    fn command_spellings() {
        for text in [
            "/deals",
            "/Deals",
            "/DEALS@b24bot",
            "/deals\n",
            "  /deals  ",
        ] {
            assert_eq!(
                parse(text, &now()),
                Some(Intent::DealList {
                    stage: None,
                    scope: None
                }),
                "{text:?}"
            );
        }
        assert_eq!(
            parse("/deal\nnew Acme", &now()).unwrap().name(),
            "deal.create"
        );
        assert_eq!(parse("deals", &now()), None);
        assert_eq!(parse("/", &now()), Some(Intent::Unknown));
        assert_eq!(parse("/frobnicate", &now()), Some(Intent::Unknown));
    }

    #[test]
    fn reopening_and_checklists() {
        assert_eq!(
            parse("/reopen #456", &now()),
            Some(Intent::TaskReopen { id: Some(456) })
        );
        assert_eq!(
            parse("/check 456 Send the invoice", &now()),
            Some(Intent::ChecklistAdd {
                id: Some(456),
                text: Some("Send the invoice".into())
            })
        );
        assert_eq!(
            parse("/tick 456 2", &now()),
            Some(Intent::ChecklistTick {
                id: Some(456),
                item: Some(2)
            })
        );
        assert_eq!(
            parse("/tick 456", &now()),
            Some(Intent::ChecklistTick {
                id: Some(456),
                item: None
            })
        );
    }
}
