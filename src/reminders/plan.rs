//! When each push is due, from a person's settings, their tasks and the time. Pure: `now` and
//! the zone are arguments, so every rule here is tested without a clock or a portal.
//!
//! - A reminder `before` a deadline is due `lead` earlier (default 60 minutes).
//! - An overdue task is reminded once per working morning (Monday to Friday, at [`MORNING`]),
//!   keyed by that day, so it comes back each working day until it is done.
//! - A snoozed reminder (+1 h, Tomorrow) is due when the snooze ends.
//! - Anything due inside the quiet hours waits for their end (default 21:00–08:00).
//! - The morning digest is due at its time on working days (default 09:00).

use jiff::civil::{Date, Time, Weekday};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp, Zoned};

use crate::b24::model::Task;
use crate::store::{Digest, NotifyChannel, QuietHours, ReminderKey, Reminders, Settings, Snooze};

/// How long before a deadline its reminder comes without a `/remind` choice.
pub const DEFAULT_LEAD_MINUTES: u32 = 60;
/// The digest's time without a `/digest` choice.
pub const DEFAULT_DIGEST: Time = Time::constant(9, 0, 0, 0);
/// Pushes wait between these local times without a choice.
pub const DEFAULT_QUIET: QuietHours = QuietHours {
    from: Time::constant(21, 0, 0, 0),
    to: Time::constant(8, 0, 0, 0),
};
/// When overdue tasks are reminded on working days.
pub const MORNING: Time = Time::constant(9, 0, 0, 0);
/// A push later than this (the bot was down) is not sent but folded into the next digest.
pub const LATE_LIMIT: SignedDuration = SignedDuration::from_hours(1);
/// `before` reminders due longer ago than this are not looked at any more: their keys may have
/// been pruned, and the task is long in the overdue notices.
const LOOK_BACK: SignedDuration = SignedDuration::from_hours(24);

/// A person's push settings with the defaults applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Prefs {
    /// `None`: `/remind off`.
    pub lead: Option<SignedDuration>,
    /// `None`: `/digest off`.
    pub digest: Option<Time>,
    pub quiet: QuietHours,
    /// `None`: where they last wrote.
    pub notify: Option<NotifyChannel>,
}

impl Prefs {
    pub fn of(settings: &Settings) -> Prefs {
        Prefs {
            lead: match settings.reminders {
                Some(Reminders::Off) => None,
                Some(Reminders::Before { minutes }) => {
                    Some(SignedDuration::from_mins(i64::from(minutes)))
                }
                None => Some(SignedDuration::from_mins(i64::from(DEFAULT_LEAD_MINUTES))),
            },
            digest: match settings.digest {
                Some(Digest::Off) => None,
                Some(Digest::At { time }) => Some(time),
                None => Some(DEFAULT_DIGEST),
            },
            quiet: settings.quiet_hours.unwrap_or(DEFAULT_QUIET),
            notify: settings.notify,
        }
    }
}

/// Monday to Friday.
pub fn is_working_day(date: Date) -> bool {
    !matches!(date.weekday(), Weekday::Saturday | Weekday::Sunday)
}

/// Whether `time` falls in the quiet hours; `from` after `to` spans midnight, equal means none.
pub fn is_quiet(quiet: QuietHours, time: Time) -> bool {
    if quiet.from <= quiet.to {
        quiet.from <= time && time < quiet.to
    } else {
        time >= quiet.from || time < quiet.to
    }
}

/// `at`, or the end of the quiet hours it falls in (the next `to` in the person's zone).
pub fn after_quiet(at: Timestamp, zone: &TimeZone, quiet: QuietHours) -> Timestamp {
    let local = at.to_zoned(zone.clone());
    if !is_quiet(quiet, local.time()) {
        return at;
    }
    let date = if local.time() >= quiet.to {
        local.date().tomorrow().unwrap_or(local.date())
    } else {
        local.date()
    };
    local_instant(date, quiet.to, zone).unwrap_or(at)
}

/// A local date and time as an instant; a time skipped by a DST change moves forward.
fn local_instant(date: Date, time: Time, zone: &TimeZone) -> Option<Timestamp> {
    date.to_datetime(time)
        .to_zoned(zone.clone())
        .ok()
        .map(|zoned| zoned.timestamp())
}

/// What a reminder is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Why {
    /// The deadline is near.
    Before,
    /// The deadline has passed (one working morning's notice).
    Overdue,
    /// A snoozed reminder come back.
    Later,
}

/// One reminder for one person.
#[derive(Debug, Clone, PartialEq)]
pub struct Due {
    pub key: ReminderKey,
    pub why: Why,
    pub task: Task,
    /// When it goes out: its time, or the end of the quiet hours it fell in.
    pub at: Timestamp,
}

/// Every reminder `tasks` (the person's open tasks) and `snoozes` (theirs) make, due or not;
/// the caller sends those whose time has come.
pub fn reminders(
    prefs: &Prefs,
    zone: &TimeZone,
    tasks: &[&Task],
    snoozes: &[&Snooze],
    now: Timestamp,
) -> Vec<Due> {
    let mut due = Vec::new();
    let today = now.to_zoned(zone.clone()).date();
    let morning = is_working_day(today)
        .then(|| local_instant(today, MORNING, zone))
        .flatten();
    for task in tasks {
        let Some(deadline) = task.deadline else {
            continue;
        };
        let mut push = |kind: String, why: Why, at: Timestamp| {
            due.push(Due {
                key: ReminderKey {
                    task_id: task.id,
                    deadline,
                    kind,
                },
                why,
                task: (*task).clone(),
                at: after_quiet(at, zone, prefs.quiet),
            });
        };
        if let Some(lead) = prefs.lead {
            let at = deadline - lead;
            if at > now - LOOK_BACK {
                push("before".to_owned(), Why::Before, at);
            }
            if let Some(morning) = morning.filter(|morning| deadline < *morning) {
                push(format!("overdue:{today}"), Why::Overdue, morning);
            }
        }
        for snooze in snoozes
            .iter()
            .filter(|snooze| snooze.task_id == task.id && snooze.deadline == deadline)
        {
            push(
                format!("later:{}", snooze.until.as_second()),
                Why::Later,
                snooze.until,
            );
        }
    }
    due
}

/// The digest of `now`'s local day when it is due (a working day, its time passed less than
/// [`LATE_LIMIT`] ago); `None` otherwise. A digest missed by more (the bot was down) is not
/// sent late: the next morning's has everything still open.
pub fn digest_due(prefs: &Prefs, zone: &TimeZone, now: Timestamp) -> Option<Date> {
    let time = prefs.digest?;
    let local = now.to_zoned(zone.clone());
    let at = local_instant(local.date(), time, zone)?;
    (is_working_day(local.date()) && at <= now && now.duration_since(at) < LATE_LIMIT)
        .then_some(local.date())
}

/// The next digest after `now`: the first working day whose digest time is still ahead.
pub fn next_digest(prefs: &Prefs, zone: &TimeZone, now: Timestamp) -> Option<Timestamp> {
    let time = prefs.digest?;
    let mut date = now.to_zoned(zone.clone()).date();
    for _ in 0..8 {
        if let Some(at) = local_instant(date, time, zone)
            && is_working_day(date)
            && at > now
        {
            return Some(at);
        }
        date = date.tomorrow().ok()?;
    }
    None
}

/// Where "Tomorrow" moves a reminder: the next day at [`MORNING`], in the person's zone.
pub fn tomorrow_morning(now: &Zoned) -> Option<Timestamp> {
    local_instant(now.date().tomorrow().ok()?, MORNING, now.time_zone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::b24::model::TaskStatus;

    fn zone() -> TimeZone {
        TimeZone::get("Asia/Yekaterinburg").unwrap()
    }

    fn at(text: &str) -> Timestamp {
        text.parse().unwrap()
    }

    fn task(id: u64, deadline: &str) -> Task {
        let task: Task = serde_json::from_value(serde_json::json!({
            "id": id.to_string(), "title": "Call", "status": "2", "deadline": deadline,
        }))
        .unwrap();
        assert_eq!(task.status, TaskStatus::Pending);
        task
    }

    #[test]
    fn quiet_hours_span_midnight_and_defer_to_their_end() {
        assert!(is_quiet(DEFAULT_QUIET, Time::constant(22, 0, 0, 0)));
        assert!(is_quiet(DEFAULT_QUIET, Time::constant(7, 59, 0, 0)));
        assert!(!is_quiet(DEFAULT_QUIET, Time::constant(8, 0, 0, 0)));
        let none = QuietHours {
            from: Time::midnight(),
            to: Time::midnight(),
        };
        assert!(!is_quiet(none, Time::constant(3, 0, 0, 0)));
        // 23:00 in Yekaterinburg (UTC+5) waits for 08:00 the next day; 06:00 for 08:00 that day.
        let late = at("2026-03-02T18:00:00Z");
        assert_eq!(
            after_quiet(late, &zone(), DEFAULT_QUIET),
            at("2026-03-03T03:00:00Z")
        );
        let early = at("2026-03-02T01:00:00Z");
        assert_eq!(
            after_quiet(early, &zone(), DEFAULT_QUIET),
            at("2026-03-02T03:00:00Z")
        );
        let day = at("2026-03-02T07:00:00Z");
        assert_eq!(after_quiet(day, &zone(), DEFAULT_QUIET), day);
    }

    #[test]
    fn defaults_apply_when_nothing_is_chosen() {
        let prefs = Prefs::of(&Settings::default());
        assert_eq!(prefs.lead, Some(SignedDuration::from_hours(1)));
        assert_eq!(prefs.digest, Some(DEFAULT_DIGEST));
        assert_eq!(prefs.quiet, DEFAULT_QUIET);
        let off = Prefs::of(&Settings {
            reminders: Some(Reminders::Off),
            digest: Some(Digest::Off),
            ..Settings::default()
        });
        assert_eq!((off.lead, off.digest), (None, None));
    }

    #[test]
    fn a_task_is_reminded_before_its_deadline_and_on_working_mornings_once_overdue() {
        let prefs = Prefs::of(&Settings::default());
        // Monday 2 March, 10:00 in Yekaterinburg.
        let now = at("2026-03-02T05:00:00Z");
        let soon = task(1, "2026-03-02T12:00:00+05:00");
        let late = task(2, "2026-02-27T18:00:00+05:00");
        let due = reminders(&prefs, &zone(), &[&soon, &late], &[], now);
        let kinds: Vec<(u64, &str, Timestamp)> = due
            .iter()
            .map(|due| (due.key.task_id, due.key.kind.as_str(), due.at))
            .collect();
        assert_eq!(
            kinds,
            [
                (1, "before", at("2026-03-02T06:00:00Z")),
                (2, "overdue:2026-03-02", at("2026-03-02T04:00:00Z")),
            ]
        );
        // On a Saturday no overdue notice.
        let saturday = at("2026-03-07T05:00:00Z");
        assert!(reminders(&prefs, &zone(), &[&late], &[], saturday).is_empty());
        // Reminders off: nothing but what was snoozed.
        let off = Prefs {
            lead: None,
            ..prefs
        };
        let snooze = Snooze {
            task_id: 1,
            deadline: soon.deadline.unwrap(),
            employee: crate::store::EmployeeId(3),
            until: at("2026-03-02T06:30:00Z"),
        };
        let due = reminders(&off, &zone(), &[&soon, &late], &[&snooze], now);
        assert_eq!(due.len(), 1);
        assert_eq!(due[0].why, Why::Later);
        assert_eq!(
            due[0].key.kind,
            format!("later:{}", snooze.until.as_second())
        );
    }

    #[test]
    fn a_snooze_for_an_old_deadline_is_ignored() {
        let prefs = Prefs::of(&Settings::default());
        let moved = task(1, "2026-03-05T12:00:00+05:00");
        let snooze = Snooze {
            task_id: 1,
            deadline: at("2026-03-02T07:00:00Z"),
            employee: crate::store::EmployeeId(3),
            until: at("2026-03-02T06:30:00Z"),
        };
        let now = at("2026-03-02T05:00:00Z");
        let due = reminders(&prefs, &zone(), &[&moved], &[&snooze], now);
        assert!(due.iter().all(|due| due.why == Why::Before));
    }

    #[test]
    fn the_digest_is_due_at_its_local_time_on_working_days() {
        let prefs = Prefs::of(&Settings::default());
        // Monday 08:59 and 09:00 in Yekaterinburg.
        assert_eq!(
            digest_due(&prefs, &zone(), at("2026-03-02T03:59:00Z")),
            None
        );
        assert_eq!(
            digest_due(&prefs, &zone(), at("2026-03-02T04:00:00Z")),
            Some(Date::constant(2026, 3, 2))
        );
        assert_eq!(
            digest_due(&prefs, &zone(), at("2026-03-02T05:30:00Z")),
            None,
            "more than an hour late"
        );
        assert_eq!(
            next_digest(&prefs, &zone(), at("2026-03-02T03:59:00Z")),
            Some(at("2026-03-02T04:00:00Z"))
        );
        // Friday after the digest: next is Monday.
        assert_eq!(
            next_digest(&prefs, &zone(), at("2026-03-06T05:00:00Z")),
            Some(at("2026-03-09T04:00:00Z"))
        );
        assert_eq!(
            digest_due(&prefs, &zone(), at("2026-03-07T05:00:00Z")),
            None
        );
    }
}
