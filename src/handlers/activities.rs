//! CRM activities in the chat: a record's open calls, meetings and to-dos with a Done button
//! each, a call or meeting planned on a record, marking one done, and a comment in a record's
//! timeline. Every command reads the record first and asks the visibility policy about it
//! before it shows or writes anything; a command typed again means it again, so writes are
//! audited but not claimed.

use jiff::{RoundMode, SignedDuration, ToSpan, Unit, Zoned, ZonedRound};

use crate::b24::activities::{ActivityKind, CrmOwner, NewActivity, OwnerRecord};
use crate::b24::model::Activity;
use crate::b24::{Guarded, Kind};
use crate::failure::Failure;
use crate::i18n::{Arg, Tr};
use crate::intent::{ActivityType, Record, RecordKind};
use crate::reply::{Button, Item, Reply, Tone};
use crate::tr;

use super::format::shown_of;
use super::writes::Audited;
use super::{Actor, Handlers, changed_meanwhile, no_access};

/// Activities listed per message.
const SHOWN: usize = 10;
/// How long a planned call is.
const CALL_LENGTH: SignedDuration = SignedDuration::from_mins(30);
/// How long a planned meeting is.
const MEETING_LENGTH: SignedDuration = SignedDuration::from_hours(1);

impl Handlers {
    /// The record's open activities, earliest first, each with a Done button.
    pub async fn activity_list(&self, actor: &Actor, record: Record) -> Result<Reply, Failure> {
        let tr = actor.tr;
        let found = match self.portal.record_activities(owner(record)).await {
            Err(error) if error.kind() == Kind::NotFound => {
                return Ok(record_not_found(tr, record));
            }
            found => found?,
        };
        if !self.visible(actor, &found.record) {
            return Ok(no_access(actor));
        }
        let named = record_named(tr, record, &found.record);
        if found.open.is_empty() {
            return Ok(Reply::new().text(tr!(tr, "activities-none", record = named)));
        }
        let shown = &found.open[..found.open.len().min(SHOWN)];
        let items = shown.iter().map(|activity| {
            let item = Item::new(activity_line(tr, activity));
            match activity.start_time {
                Some(at) => {
                    item.detail(tr.when(&at.to_zoned(actor.now.time_zone().clone()), &actor.now))
                }
                None => item,
            }
        });
        let mut reply = Reply::new()
            .title(tr!(
                tr,
                "activities-open",
                record = named,
                count = Arg::count(found.total)
            ))
            .bullets(items);
        reply = shown_of(tr, reply, shown.len(), found.total);
        for activity in shown {
            reply = reply.button_row([Button::new(
                tr!(tr, "activity-button-done", id = Arg::id(activity.id)),
                format!("/activity done {}", activity.id),
            )?]);
        }
        Ok(reply)
    }

    /// Plans a call or meeting on the record, with its contact (a deal's contact, else its
    /// company), the acting employee responsible. Without a time it is at the next full hour;
    /// without a subject it is called "Call" or "Meeting".
    pub async fn activity_add(
        &self,
        actor: &Actor,
        kind: ActivityType,
        record: Record,
        when: Option<&Zoned>,
        subject: Option<&str>,
    ) -> Result<Reply, Failure> {
        let tr = actor.tr;
        let kind = match kind {
            ActivityType::Call => ActivityKind::Call,
            ActivityType::Meeting => ActivityKind::Meeting,
        };
        let target = match self.portal.planning_target(owner(record), kind).await {
            Err(error) if error.kind() == Kind::NotFound => {
                return Ok(record_not_found(tr, record));
            }
            found => found?,
        };
        if !self.visible(actor, &target.record) {
            return Ok(no_access(actor));
        }
        let named = record_named(tr, record, &target.record);
        let Some(with) = target.with else {
            return Ok(
                Reply::new().notice(Tone::Warning, tr!(tr, "activity-nobody", record = named))
            );
        };
        let start = match when {
            Some(at) => at.clone(),
            None => next_full_hour(&actor.now),
        };
        let length = match kind {
            ActivityKind::Call => CALL_LENGTH,
            ActivityKind::Meeting => MEETING_LENGTH,
        };
        let end = start.saturating_add(length);
        let subject = match subject {
            Some(subject) => subject.to_owned(),
            None => tr.t(default_subject(kind), &[]),
        };
        let activity = NewActivity {
            owner: owner(record),
            kind,
            subject: subject.clone(),
            start: start.clone(),
            end,
            with,
            responsible_id: actor.employee,
        };
        let audited = Audited {
            method: "crm.activity.add",
            entity: record.kind.name(),
        };
        let id = self
            .audited(
                actor,
                audited,
                Some(record.id),
                self.portal.add_activity(&activity),
            )
            .await?;
        Ok(Reply::new()
            .notice(
                Tone::Success,
                tr!(
                    tr,
                    "activity-planned",
                    kind = kind_name(kind),
                    subject = subject,
                    record = named,
                    id = Arg::id(id)
                ),
            )
            .field(tr.t("card-start", &[]), tr.when(&start, &actor.now))
            .link(tr.t("button-open", &[]), self.record_url(record)))
    }

    /// Marks an activity done, if the user may see the record it belongs to.
    pub async fn activity_done(&self, actor: &Actor, id: u64) -> Result<Reply, Failure> {
        let tr = actor.tr;
        let (activity, record) = match self.portal.activity_and_record(id).await {
            Err(error) if error.kind() == Kind::NotFound => {
                return Ok(Reply::new().notice(
                    Tone::Warning,
                    tr!(tr, "activity-not-found", id = Arg::id(id)),
                ));
            }
            found => found?,
        };
        // An activity belongs to the record it is on; one on no record, to its responsible.
        let subject_of_policy = match record {
            Some(Ok(record)) => record.assigned_by_id(),
            Some(Err(error)) if error.kind() == Kind::NotFound => activity.responsible_id,
            Some(Err(error)) => return Err(error.into()),
            None => activity.responsible_id,
        };
        if !self.policy.may_access(actor.employee, subject_of_policy) {
            return Ok(no_access(actor));
        }
        if activity.completed {
            return Ok(Reply::new().notice(
                Tone::Info,
                tr!(
                    tr,
                    "activity-already-done",
                    id = Arg::id(id),
                    subject = &activity.subject
                ),
            ));
        }
        let audited = Audited {
            method: "crm.activity.update",
            entity: "activity",
        };
        self.audited(actor, audited, Some(id), self.portal.complete_activity(id))
            .await?;
        Ok(Reply::new().notice(
            Tone::Success,
            tr!(
                tr,
                "activity-done",
                id = Arg::id(id),
                subject = &activity.subject
            ),
        ))
    }

    /// Adds a comment to the record's timeline: one guarded request; the record is read only
    /// to say why the guard refused.
    pub async fn timeline_comment(
        &self,
        actor: &Actor,
        record: Record,
        text: &str,
    ) -> Result<Reply, Failure> {
        let tr = actor.tr;
        let audited = Audited {
            method: "crm.timeline.comment.add",
            entity: record.kind.name(),
        };
        let responsible = self.policy.write_owner(actor.employee);
        let commented = self
            .audited_guarded(
                actor,
                audited,
                Some(record.id),
                self.portal
                    .comment_timeline_guarded(owner(record), responsible, text),
                |_| true,
            )
            .await?;
        let Guarded::Written(found) = commented else {
            return Ok(match self.portal.owner_record(owner(record)).await {
                Err(error) if error.kind() == Kind::NotFound => record_not_found(tr, record),
                Ok(found) if self.visible(actor, &found) => changed_meanwhile(actor),
                Ok(_) => no_access(actor),
                Err(error) => return Err(error.into()),
            });
        };
        Ok(Reply::new()
            .notice(
                Tone::Success,
                tr!(
                    tr,
                    "timeline-commented",
                    record = record_named(tr, record, &found)
                ),
            )
            .link(tr.t("button-open", &[]), self.record_url(record)))
    }

    fn visible(&self, actor: &Actor, record: &OwnerRecord) -> bool {
        self.policy
            .may_access(actor.employee, record.assigned_by_id())
    }

    /// The record's page in the portal: `https://<portal>/crm/<kind>/details/<id>/`.
    fn record_url(&self, record: Record) -> String {
        format!(
            "{}/crm/{}/details/{}/",
            self.portal.portal(),
            record.kind.name(),
            record.id
        )
    }
}

fn owner(record: Record) -> CrmOwner {
    match record.kind {
        RecordKind::Deal => CrmOwner::Deal(record.id),
        RecordKind::Contact => CrmOwner::Contact(record.id),
        RecordKind::Lead => CrmOwner::Lead(record.id),
        RecordKind::Company => CrmOwner::Company(record.id),
    }
}

/// `deal #12 "Acme"`: the record as the answers name it.
fn record_named(tr: Tr, record: Record, found: &OwnerRecord) -> String {
    tr!(
        tr,
        "activity-record",
        kind = record.kind.name(),
        id = Arg::id(record.id),
        title = found.title()
    )
}

fn record_not_found(tr: Tr, record: Record) -> Reply {
    Reply::new().notice(
        Tone::Warning,
        tr!(
            tr,
            "activity-record-not-found",
            kind = record.kind.name(),
            id = Arg::id(record.id)
        ),
    )
}

/// `#77 Call: Discuss the contract`.
fn activity_line(tr: Tr, activity: &Activity) -> String {
    let kind = match activity.type_id {
        Some(1) => "meeting",
        Some(2) => "call",
        Some(3) => "task",
        Some(4) => "email",
        _ => "todo",
    };
    tr!(
        tr,
        "activity-line",
        id = Arg::id(activity.id),
        kind = kind,
        subject = &activity.subject
    )
}

fn kind_name(kind: ActivityKind) -> &'static str {
    match kind {
        ActivityKind::Call => "call",
        ActivityKind::Meeting => "meeting",
    }
}

fn default_subject(kind: ActivityKind) -> &'static str {
    match kind {
        ActivityKind::Call => "activity-subject-call",
        ActivityKind::Meeting => "activity-subject-meeting",
    }
}

/// The next full hour after `now` (10:20 → 11:00, 10:00 → 11:00): a call or meeting without a
/// time is planned soon, yet never in the past.
fn next_full_hour(now: &Zoned) -> Zoned {
    let later = now.saturating_add(1.hour());
    later
        .round(
            ZonedRound::new()
                .smallest(Unit::Hour)
                .mode(RoundMode::Trunc),
        )
        .unwrap_or(later)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_a_time_it_is_the_next_full_hour() {
        let at = |text: &str| text.parse::<Zoned>().unwrap();
        assert_eq!(
            next_full_hour(&at("2026-03-02T10:20:31+03:00[Europe/Moscow]")),
            at("2026-03-02T11:00:00+03:00[Europe/Moscow]")
        );
        assert_eq!(
            next_full_hour(&at("2026-03-02T23:00:00+03:00[Europe/Moscow]")),
            at("2026-03-03T00:00:00+03:00[Europe/Moscow]")
        );
    }
}
