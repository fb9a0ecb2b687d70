//! The scheduler's loop and one wake-up ([`Scheduler::tick`]).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;
use std::time::Duration;

use jiff::{SignedDuration, Timestamp, Zoned};
use tokio_util::sync::CancellationToken;

use crate::b24::Client;
use crate::bot::Defaults;
use crate::channels::courier::Courier;
use crate::i18n::Tr;
use crate::ops::metrics;
use crate::reply::Reply;
use crate::store::{EmployeeId, Link, ReminderKey, Snooze, Store};

use super::Wake;
use super::deliver::{Delivered, deliver, targets};
use super::message;
use super::plan::{self, Due, LATE_LIMIT, Prefs};

/// How quiet deals must have been to be named in the digest.
const STALE_AFTER: SignedDuration = SignedDuration::from_hours(7 * 24);
/// Sent keys, digests and folds older than this are forgotten.
const KEEP: SignedDuration = SignedDuration::from_hours(7 * 24);
/// How long what the portal said about people (active, time zone) is trusted: a deactivated
/// employee gets no pushes at most this long after.
const PROFILES_TRUSTED_FOR: SignedDuration = SignedDuration::from_mins(10);

/// What the portal says about the linked employees, read for all of them in one `batch`.
#[derive(Default)]
struct Profiles {
    read_at: Option<Timestamp>,
    /// Active employees and their profile's time zone; the inactive and unknown are absent.
    active: HashMap<u64, Option<jiff::tz::TimeZone>>,
    /// Everyone asked about, so a newly linked employee triggers a new read.
    asked: HashSet<u64>,
}

/// How often the scheduler looks, in portal time and in real time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pace {
    /// Tasks change on the portal without the bot knowing: look again at least this often
    /// (portal time). The scan reaches this far past the longest lead.
    pub rescan: SignedDuration,
    /// The longest real sleep while something is pending, so the portal's clock is re-read at
    /// least this often (a skewed or sped-up portal clock is followed).
    pub max_sleep: Duration,
    /// After a failure (the portal or a channel down), wait this long before trying again.
    pub retry: Duration,
    /// Portal seconds per real second: 1 for a real portal; the demo's sped-up sandbox clock
    /// (`b24bot demo --speed`) runs faster, and sleeps shrink to match.
    pub speed: u32,
}

impl Pace {
    pub const DEFAULT: Pace = Pace {
        rescan: SignedDuration::from_mins(5),
        max_sleep: Duration::from_secs(60),
        retry: Duration::from_secs(30),
        speed: 1,
    };
}

/// A scheduler running in its own task.
pub struct Running {
    stop: CancellationToken,
    task: tokio::task::JoinHandle<()>,
}

impl Running {
    /// Stops at the next sleep (a push in hand is finished first).
    pub async fn stop(self) {
        self.stop.cancel();
        if let Err(error) = self.task.await {
            tracing::error!(%error, "the reminder scheduler failed");
        }
    }
}

/// One linked employee: their links (last written from first) and what applies to them.
struct Person {
    employee: EmployeeId,
    links: Vec<Link>,
    prefs: Prefs,
    zone: jiff::tz::TimeZone,
    tr: Tr,
}

/// What one wake-up found (portal time).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tick {
    /// The portal's time when it woke.
    pub now: Timestamp,
    /// When something is due next (at the latest, the next scan).
    pub next: Timestamp,
    /// Whether a push is waiting for its time (so the clock must be watched).
    pub pending: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("the portal did not answer the reminder scan")]
    Portal(#[from] crate::b24::Error),
    #[error("the bot's database failed")]
    Store(#[from] crate::store::Error),
}

pub struct Scheduler {
    store: Store,
    portal: Client,
    couriers: Vec<Arc<dyn Courier>>,
    profiles: tokio::sync::Mutex<Profiles>,
    defaults: Defaults,
    wake: Wake,
    pace: Pace,
}

impl Scheduler {
    /// Gets ready: reminders a previous run left half sent are folded into the next digest.
    /// `portal` is moved to the background lane, so people's commands never wait behind a scan.
    pub async fn start(
        store: Store,
        portal: &Client,
        couriers: Vec<Arc<dyn Courier>>,
        defaults: Defaults,
        wake: Wake,
        pace: Pace,
        now: Timestamp,
    ) -> Result<Scheduler, Error> {
        let settled = store.settle_interrupted_reminders(now).await?;
        if settled > 0 {
            tracing::warn!(
                settled,
                "reminders interrupted by the last stop go to the next digest"
            );
        }
        let portal = portal.background();
        Ok(Scheduler {
            profiles: tokio::sync::Mutex::default(),
            store,
            portal,
            couriers,
            defaults,
            wake,
            pace,
        })
    }

    /// Runs [`Scheduler::run`] in a task of its own.
    pub fn spawn(self) -> Running {
        let stop = CancellationToken::new();
        let task = tokio::spawn(self.run(stop.clone()));
        Running { stop, task }
    }

    /// Wakes, sends, sleeps, until `stop`.
    pub async fn run(self, stop: CancellationToken) {
        loop {
            let sleep = match self.tick().await {
                Ok(tick) => self.sleep_for(tick),
                Err(error) => {
                    tracing::warn!(error = format!("{error:#}"), "the reminder scan failed");
                    self.pace.retry
                }
            };
            tokio::select! {
                () = stop.cancelled() => return,
                () = tokio::time::sleep(sleep) => {}
                () = self.wake.woken() => {}
            }
        }
    }

    /// Until the next push (portal time ÷ `speed`); while one is pending, the portal's clock
    /// is read again at least every `max_sleep`, so a clock that jumps or runs fast is followed.
    fn sleep_for(&self, tick: Tick) -> Duration {
        let left = tick.next.duration_since(tick.now).max(SignedDuration::ZERO);
        let left = Duration::try_from(left).unwrap_or(Duration::ZERO) / self.pace.speed.max(1);
        if tick.pending {
            left.min(self.pace.max_sleep)
        } else {
            left
        }
    }

    /// One wake-up: the portal's time, one scan, every push due sent (or folded into the next
    /// digest when more than an hour late), and when to look again.
    pub async fn tick(&self) -> Result<Tick, Error> {
        let now = self.portal.server_time().await?;
        let retry_at =
            now + SignedDuration::try_from(self.pace.retry).unwrap_or(SignedDuration::ZERO);
        let mut pending = false;
        self.store.prune_sent_before(now - KEEP).await?;
        let people = self.people(now).await?;
        let snoozes = self.store.snoozes().await?;
        let mut next = now + self.pace.rescan;

        let reminded: Vec<u64> = people
            .iter()
            .filter(|person| person.prefs.lead.is_some())
            .map(|person| person.employee.0)
            .collect();
        let longest = people
            .iter()
            .filter_map(|person| person.prefs.lead)
            .max()
            .unwrap_or(SignedDuration::ZERO);
        let snoozed: Vec<u64> = snoozes.iter().map(|snooze| snooze.task_id).collect();
        let tasks = if reminded.is_empty() && snoozed.is_empty() {
            Vec::new()
        } else {
            let horizon = now + longest + self.pace.rescan;
            self.portal
                .open_tasks_due(&reminded, horizon, &snoozed)
                .await?
        };

        for person in &people {
            let theirs: Vec<_> = tasks
                .iter()
                .filter(|task| task.responsible_id == Some(person.employee.0))
                .collect();
            let their_snoozes: Vec<&Snooze> = snoozes
                .iter()
                .filter(|snooze| snooze.employee == person.employee)
                .collect();
            for snooze in &their_snoozes {
                let current = theirs.iter().any(|task| {
                    task.id == snooze.task_id && task.deadline == Some(snooze.deadline)
                });
                if !current {
                    // Done, or its deadline moved: the snooze was for a reminder that is gone.
                    self.store.drop_snooze(snooze).await?;
                }
            }
            for due in plan::reminders(&person.prefs, &person.zone, &theirs, &their_snoozes, now) {
                if due.at > now {
                    next = next.min(due.at);
                    pending = true;
                    continue;
                }
                if !self.push_reminder(person, &due, now).await? {
                    next = next.min(retry_at);
                    continue;
                }
                if let Some(snooze) = their_snoozes.iter().find(|snooze| {
                    snooze.task_id == due.key.task_id
                        && due.key.kind == format!("later:{}", snooze.until.as_second())
                }) {
                    self.store.drop_snooze(snooze).await?;
                }
            }
            if let Some(day) = plan::digest_due(&person.prefs, &person.zone, now)
                && !self.push_digest(person, day, now).await?
            {
                next = next.min(retry_at);
            }
            if let Some(at) = plan::next_digest(&person.prefs, &person.zone, now) {
                next = next.min(at);
            }
        }
        Ok(Tick { now, next, pending })
    }

    /// Every linked employee who is still active, with their links and settings. Settings are
    /// the ones of the link they last wrote from (`/remind` and friends set them on all of a
    /// person's links); the zone is the link's, else their portal profile's, else `BOT_TZ`, as
    /// in the conversation.
    async fn people(&self, now: Timestamp) -> Result<Vec<Person>, Error> {
        let mut by_employee: BTreeMap<EmployeeId, Vec<Link>> = BTreeMap::new();
        for link in self.store.all_links().await? {
            by_employee.entry(link.employee).or_default().push(link);
        }
        let mut profiles = self.profiles.lock().await;
        let stale = profiles
            .read_at
            .is_none_or(|at| now.duration_since(at) >= PROFILES_TRUSTED_FOR || at > now);
        let unknown = by_employee.keys().any(|id| !profiles.asked.contains(&id.0));
        if !by_employee.is_empty() && (stale || unknown) {
            let ids: Vec<u64> = by_employee.keys().map(|id| id.0).collect();
            let users = self.portal.people_by_id(&ids).await?;
            profiles.active = users
                .into_iter()
                .filter(|user| user.active)
                .map(|user| {
                    let zone = user
                        .time_zone
                        .as_deref()
                        .and_then(|name| jiff::tz::TimeZone::get(name).ok());
                    (user.id, zone)
                })
                .collect();
            profiles.asked = ids.into_iter().collect();
            profiles.read_at = Some(now);
        }
        Ok(by_employee
            .into_iter()
            .filter_map(|(employee, links)| {
                // Deactivated (or gone from the portal): no pushes at all.
                let profile_zone = profiles.active.get(&employee.0)?;
                let latest = links.first()?;
                Some(Person {
                    employee,
                    prefs: Prefs::of(&latest.settings),
                    zone: latest
                        .time_zone
                        .clone()
                        .or_else(|| profile_zone.clone())
                        .unwrap_or_else(|| self.defaults.time_zone.clone()),
                    tr: Tr::new(latest.lang.unwrap_or(self.defaults.lang)),
                    links,
                })
            })
            .collect())
    }

    /// Sends one due reminder unless it was handled before. `false`: worth another try soon.
    async fn push_reminder(
        &self,
        person: &Person,
        due: &Due,
        now: Timestamp,
    ) -> Result<bool, Error> {
        let key = &due.key;
        if now.duration_since(due.at) >= LATE_LIMIT {
            if self
                .store
                .fold_reminder(key, person.employee, &due.task.title, now)
                .await?
            {
                tracing::info!(task = key.task_id, kind = %key.kind, "a late reminder goes to the next digest");
                metrics::reminder_skipped("late");
            }
            return Ok(true);
        }
        if self.store.was_sent(key).await? {
            return Ok(true);
        }
        let Some(replies) = self.reminder_replies(person, due, now) else {
            return Ok(true);
        };
        self.push(person, now, &replies, key, &due.task.title).await
    }

    fn reminder_replies(&self, person: &Person, due: &Due, now: Timestamp) -> Option<Vec<Reply>> {
        let local = now.to_zoned(person.zone.clone());
        match message::reminder(person.tr, due, &local) {
            Ok(reply) => Some(vec![reply]),
            Err(error) => {
                tracing::error!(%error, task = due.task.id, "a reminder's buttons could not be made");
                None
            }
        }
    }

    /// Claim, deliver, confirm: see [`Store::claim_reminder`].
    async fn push(
        &self,
        person: &Person,
        now: Timestamp,
        replies: &[Reply],
        key: &ReminderKey,
        title: &str,
    ) -> Result<bool, Error> {
        let targets = targets(&person.links, person.prefs.notify, &self.couriers);
        if targets.is_empty() {
            metrics::reminder_skipped("unreachable");
            return Ok(true);
        }
        if !self
            .store
            .claim_reminder(key, person.employee, title, now)
            .await?
        {
            return Ok(true);
        }
        match deliver(&self.store, &targets, replies).await {
            Delivered::Yes => {
                self.store.reminder_sent(key).await?;
                metrics::reminder_sent();
                Ok(true)
            }
            Delivered::Refused => {
                self.store.reminder_sent(key).await?;
                metrics::reminder_skipped("blocked");
                Ok(true)
            }
            Delivered::Failed => {
                self.store.release_sent(key).await?;
                Ok(false)
            }
        }
    }

    /// The digest of `day`, once. `false`: worth another try soon.
    async fn push_digest(
        &self,
        person: &Person,
        day: jiff::civil::Date,
        now: Timestamp,
    ) -> Result<bool, Error> {
        let targets = targets(&person.links, person.prefs.notify, &self.couriers);
        if targets.is_empty() {
            return Ok(true);
        }
        if !self.store.claim_digest(person.employee, day, now).await? {
            return Ok(true);
        }
        let local: Zoned = now.to_zoned(person.zone.clone());
        let morning = match self
            .portal
            .morning_of(person.employee.0, &local, now - STALE_AFTER)
            .await
        {
            Ok(morning) => morning,
            Err(error) => {
                self.store.release_digest(person.employee, day).await?;
                return Err(error.into());
            }
        };
        let folds = self.store.folds_of(person.employee).await?;
        let reply = message::digest(person.tr, &morning, &folds, &local);
        match deliver(&self.store, &targets, &[reply]).await {
            Delivered::Yes | Delivered::Refused => {
                self.store.clear_folds(person.employee).await?;
                Ok(true)
            }
            Delivered::Failed => {
                self.store.release_digest(person.employee, day).await?;
                Ok(false)
            }
        }
    }
}
