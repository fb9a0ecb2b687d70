//! The push settings in the conversation (`/remind`, `/notify`, `/digest`, and their part of
//! `/settings`) and the snooze behind a reminder's +1 h and Tomorrow buttons (`/later`).
//!
//! Settings are a person's, not a channel's: a change is written to every link of the
//! employee, so reminders behave the same whichever channel they arrive on.

use jiff::SignedDuration;
use jiff::civil::Time;

use crate::b24::Kind;
use crate::handlers::Actor;
use crate::i18n::{Arg, Tr};
use crate::intent::{DigestAt, Later, Lead, PushChannel};
use crate::reminders::plan::{self, Prefs};
use crate::reply::{Reply, Tone};
use crate::store::{Digest, EmployeeId, NotifyChannel, Reminders, Settings, Snooze};
use crate::tr;

use super::Bot;
use crate::failure::Failure;

impl Bot {
    pub(super) async fn remind_set(&self, actor: &Actor, lead: Lead) -> Result<Reply, Failure> {
        self.change_settings(actor, |settings| {
            settings.reminders = Some(match lead {
                Lead::Off => Reminders::Off,
                Lead::Minutes(minutes) => Reminders::Before { minutes },
            });
        })
        .await?;
        Ok(Reply::new().notice(
            Tone::Success,
            match lead {
                Lead::Off => actor.tr.t("remind-off", &[]),
                Lead::Minutes(minutes) => {
                    tr!(actor.tr, "remind-set", minutes = Arg::count(minutes))
                }
            },
        ))
    }

    pub(super) async fn notify_set(
        &self,
        actor: &Actor,
        channel: PushChannel,
    ) -> Result<Reply, Failure> {
        let (notify, key) = match channel {
            PushChannel::Telegram => (NotifyChannel::Telegram, "notify-set-telegram"),
            PushChannel::Bitrix24 => (NotifyChannel::Bitrix24, "notify-set-bitrix24"),
            PushChannel::Both => (NotifyChannel::Both, "notify-set-both"),
        };
        self.change_settings(actor, |settings| settings.notify = Some(notify))
            .await?;
        Ok(Reply::new().notice(Tone::Success, actor.tr.t(key, &[])))
    }

    pub(super) async fn digest_set(&self, actor: &Actor, at: DigestAt) -> Result<Reply, Failure> {
        self.change_settings(actor, |settings| {
            settings.digest = Some(match at {
                DigestAt::Off => Digest::Off,
                DigestAt::At(time) => Digest::At { time },
            });
        })
        .await?;
        Ok(Reply::new().notice(
            Tone::Success,
            match at {
                DigestAt::Off => actor.tr.t("digest-off", &[]),
                DigestAt::At(time) => tr!(actor.tr, "digest-set", time = clock(time)),
            },
        ))
    }

    /// Moves the reminder of the actor's task `id` (the deadline stays): one REST request, to
    /// know the task is theirs and which deadline the reminder is for.
    pub(super) async fn remind_later(
        &self,
        actor: &Actor,
        id: u64,
        until: Later,
    ) -> Result<Reply, Failure> {
        let tr = actor.tr;
        let warn = |text: String| Ok(Reply::new().notice(Tone::Warning, text));
        let task = match self.portal.task(id).await {
            Err(error) if error.kind() == Kind::NotFound => {
                return warn(tr!(tr, "task-not-found", id = Arg::id(id)));
            }
            task => task?,
        };
        if !self.policy.may_access(actor.employee, task.responsible_id) {
            return warn(tr!(tr, "task-not-found", id = Arg::id(id)));
        }
        if task.responsible_id != Some(actor.employee) {
            return warn(tr!(tr, "later-not-yours", id = Arg::id(id)));
        }
        let Some(deadline) = task.deadline else {
            return warn(tr!(tr, "later-no-deadline", id = Arg::id(id)));
        };
        let until = match until {
            Later::Hour => actor.now.timestamp() + SignedDuration::from_hours(1),
            Later::Tomorrow => match plan::tomorrow_morning(&actor.now) {
                Some(at) => at,
                None => return warn(tr.t("later-usage", &[])),
            },
        };
        self.store
            .snooze(&Snooze {
                task_id: id,
                deadline,
                employee: EmployeeId(actor.employee),
                until,
            })
            .await?;
        self.wake.wake();
        let when = tr.when(&until.to_zoned(actor.now.time_zone().clone()), &actor.now);
        Ok(Reply::new().notice(
            Tone::Success,
            tr!(tr, "later-set", title = &task.title, when = when),
        ))
    }

    async fn change_settings(
        &self,
        actor: &Actor,
        change: impl Fn(&mut Settings),
    ) -> Result<(), Failure> {
        for link in self
            .store
            .links_of_employee(EmployeeId(actor.employee))
            .await?
        {
            let mut settings = link.settings.clone();
            change(&mut settings);
            self.store.set_settings(&link.user, &settings).await?;
        }
        self.wake.wake();
        Ok(())
    }

    /// The push settings as `/settings` lists them, with the defaults spelled out.
    pub(super) async fn push_settings(&self, actor: &Actor) -> Result<String, Failure> {
        let link = self.store.link_of(&actor.user).await?;
        let settings = link.map(|link| link.settings).unwrap_or_default();
        Ok(describe(actor.tr, &Prefs::of(&settings)))
    }
}

fn describe(tr: Tr, prefs: &Prefs) -> String {
    let reminders = match prefs.lead {
        Some(lead) => tr!(
            tr,
            "settings-reminders-before",
            minutes = Arg::count(lead.as_mins())
        ),
        None => tr.t("settings-off", &[]),
    };
    let digest = match prefs.digest {
        Some(time) => tr!(tr, "settings-digest-at", time = clock(time)),
        None => tr.t("settings-off", &[]),
    };
    let notify = tr.t(
        match prefs.notify {
            None => "settings-notify-last",
            Some(NotifyChannel::Telegram) => "settings-notify-telegram",
            Some(NotifyChannel::Bitrix24) => "settings-notify-bitrix24",
            Some(NotifyChannel::Both) => "settings-notify-both",
        },
        &[],
    );
    let quiet = format!("{}–{}", clock(prefs.quiet.from), clock(prefs.quiet.to));
    tr!(
        tr,
        "settings-pushes",
        reminders = reminders,
        digest = digest,
        notify = notify,
        quiet = quiet
    )
}

fn clock(time: Time) -> String {
    format!("{:02}:{:02}", time.hour(), time.minute())
}
