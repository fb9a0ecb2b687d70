//! Links: which Bitrix24 employee a channel user is, and their preferences on that channel.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use dashmap::DashMap;
use jiff::Timestamp;
use jiff::civil::Time;
use jiff::tz::TimeZone;
use serde::{Deserialize, Serialize};
use sqlx::SqliteExecutor;

use super::error::query;
use super::keys::{ChannelUser, EmployeeId};
use super::time::{from_secs, to_secs};
use super::{Error, Store};
use crate::intent::Lang;

/// A channel user linked to an employee.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    pub user: ChannelUser,
    pub employee: EmployeeId,
    /// `None`: never chosen with `/lang`; the reply's language is then guessed per message.
    pub lang: Option<Lang>,
    /// `None`: never chosen; the bot's default zone applies.
    pub time_zone: Option<TimeZone>,
    pub settings: Settings,
    /// The channel refused delivery (Telegram: the user blocked the bot). No pushes until they
    /// write again.
    pub blocked: bool,
    pub linked_at: Timestamp,
    pub last_seen_at: Timestamp,
}

/// Push preferences, kept as JSON so that a new preference needs no migration. A field left out
/// means "the default", which the reminder code owns; unknown fields are ignored.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notify: Option<NotifyChannel>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reminders: Option<Reminders>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub digest: Option<Digest>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quiet_hours: Option<QuietHours>,
}

/// Where pushes go (`/notify`). Without a choice they go where the person last wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NotifyChannel {
    Telegram,
    Bitrix24,
    Both,
}

/// Task reminders before the deadline (`/remind 30m`, `/remind off`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase", tag = "mode")]
pub enum Reminders {
    Off,
    Before { minutes: u32 },
}

/// The morning digest (`/digest off`, `/digest 08:30`), in the person's time zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase", tag = "mode")]
pub enum Digest {
    Off,
    At { time: Time },
}

/// Local times between which pushes wait; `from` after `to` spans midnight.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuietHours {
    pub from: Time,
    pub to: Time,
}

#[derive(sqlx::FromRow)]
struct LinkRow {
    channel: String,
    channel_user: String,
    employee_id: i64,
    lang: Option<String>,
    time_zone: Option<String>,
    settings: String,
    blocked: bool,
    linked_at: i64,
    last_seen_at: i64,
}

impl TryFrom<LinkRow> for Link {
    type Error = Error;

    fn try_from(row: LinkRow) -> Result<Link, Error> {
        let lang = row
            .lang
            .map(|code| code.parse::<Lang>())
            .transpose()
            .map_err(|detail| Error::Corrupt {
                what: "language",
                detail,
            })?;
        let time_zone = row
            .time_zone
            .map(|name| TimeZone::get(&name))
            .transpose()
            .map_err(|err| Error::Corrupt {
                what: "time zone",
                detail: err.to_string(),
            })?;
        let settings = serde_json::from_str(&row.settings).map_err(|err| Error::Corrupt {
            what: "settings",
            detail: err.to_string(),
        })?;
        Ok(Link {
            user: ChannelUser::from_columns(&row.channel, row.channel_user)?,
            employee: EmployeeId::from_sql(row.employee_id)?,
            lang,
            time_zone,
            settings,
            blocked: row.blocked,
            linked_at: from_secs("linked_at", row.linked_at)?,
            last_seen_at: from_secs("last_seen_at", row.last_seen_at)?,
        })
    }
}

const COLUMNS: &str = "channel, channel_user, employee_id, lang, time_zone, settings, blocked, \
                       linked_at, last_seen_at";

impl Store {
    /// Links `user` to `employee`, or re-links them. Language and time zone stay (they belong to
    /// the person at the keyboard); push settings are reset when the employee changes, because
    /// they were chosen for another employee's tasks.
    pub async fn link(
        &self,
        user: &ChannelUser,
        employee: EmployeeId,
        now: Timestamp,
    ) -> Result<Link, Error> {
        let link = upsert_link(&self.pool, user, employee, now).await;
        self.recent.forget(user);
        link
    }

    /// Removes the link; `false` when there was none.
    pub async fn unlink(&self, user: &ChannelUser) -> Result<bool, Error> {
        let done = sqlx::query("DELETE FROM links WHERE channel = ?1 AND channel_user = ?2")
            .bind(user.channel.as_str())
            .bind(&user.user)
            .execute(&self.pool)
            .await
            .map_err(query("unlink a channel user"))?;
        self.recent.forget(user);
        Ok(done.rows_affected() > 0)
    }

    /// Who `user` is, if linked.
    pub async fn link_of(&self, user: &ChannelUser) -> Result<Option<Link>, Error> {
        let sql = format!("SELECT {COLUMNS} FROM links WHERE channel = ?1 AND channel_user = ?2");
        let row: Option<LinkRow> = sqlx::query_as(&sql)
            .bind(user.channel.as_str())
            .bind(&user.user)
            .fetch_optional(&self.pool)
            .await
            .map_err(query("look up a link by channel user"))?;
        row.map(Link::try_from).transpose()
    }

    /// Every channel an employee is linked on, the one they wrote from last first.
    pub async fn links_of_employee(&self, employee: EmployeeId) -> Result<Vec<Link>, Error> {
        let sql = format!(
            "SELECT {COLUMNS} FROM links WHERE employee_id = ?1
             ORDER BY last_seen_at DESC, channel, channel_user"
        );
        let rows: Vec<LinkRow> = sqlx::query_as(&sql)
            .bind(employee.to_sql()?)
            .fetch_all(&self.pool)
            .await
            .map_err(query("look up links by employee"))?;
        rows.into_iter().map(Link::try_from).collect()
    }

    /// Every link, grouped by employee: the reminder scan's list of people.
    pub async fn all_links(&self) -> Result<Vec<Link>, Error> {
        let sql = format!(
            "SELECT {COLUMNS} FROM links ORDER BY employee_id, last_seen_at DESC, channel, channel_user"
        );
        let rows: Vec<LinkRow> = sqlx::query_as(&sql)
            .fetch_all(&self.pool)
            .await
            .map_err(query("list links"))?;
        rows.into_iter().map(Link::try_from).collect()
    }

    /// `None` forgets the choice. `false` when `user` is not linked.
    pub async fn set_lang(&self, user: &ChannelUser, lang: Option<Lang>) -> Result<bool, Error> {
        self.update(
            "UPDATE links SET lang = ?3 WHERE channel = ?1 AND channel_user = ?2",
            user,
            lang.map(Lang::code),
            "set a link's language",
        )
        .await
    }

    /// Stores the zone's IANA name; a zone without one (a fixed offset) is refused, since it
    /// would not follow daylight saving. `false` when `user` is not linked.
    pub async fn set_time_zone(
        &self,
        user: &ChannelUser,
        time_zone: Option<&TimeZone>,
    ) -> Result<bool, Error> {
        let name = time_zone
            .map(|zone| {
                zone.iana_name()
                    .ok_or_else(|| Error::UnnamedTimeZone(format!("{zone:?}")))
            })
            .transpose()?;
        self.update(
            "UPDATE links SET time_zone = ?3 WHERE channel = ?1 AND channel_user = ?2",
            user,
            name,
            "set a link's time zone",
        )
        .await
    }

    /// `false` when `user` is not linked.
    pub async fn set_settings(
        &self,
        user: &ChannelUser,
        settings: &Settings,
    ) -> Result<bool, Error> {
        let json = serde_json::to_string(settings).map_err(|source| Error::Json { source })?;
        self.update(
            "UPDATE links SET settings = ?3 WHERE channel = ?1 AND channel_user = ?2",
            user,
            Some(json.as_str()),
            "set a link's settings",
        )
        .await
    }

    /// The channel refused delivery: no pushes until the user writes again ([`Store::seen`]).
    pub async fn mark_blocked(&self, user: &ChannelUser) -> Result<bool, Error> {
        let done =
            sqlx::query("UPDATE links SET blocked = 1 WHERE channel = ?1 AND channel_user = ?2")
                .bind(user.channel.as_str())
                .bind(&user.user)
                .execute(&self.pool)
                .await
                .map_err(query("mark a link blocked"))?;
        self.recent.forget(user);
        Ok(done.rows_affected() > 0)
    }

    /// The user wrote: remember when (pushes go where people last wrote), lift a block, and
    /// answer who they are, as [`Store::link_of`] would now; `None` when they are not linked.
    ///
    /// One statement rather than a lookup and then a write: every message starts here, and each
    /// statement is a round trip to the connection's thread. None at all when the same person
    /// wrote less than [`SEEN_EVERY`] ago with none of their employee's other links writing
    /// since: the time then only moves within the order it keeps, and every other change to a
    /// link goes through this store, which forgets what it remembered of it.
    pub async fn seen(&self, user: &ChannelUser, now: Timestamp) -> Result<Option<Link>, Error> {
        if let Some(link) = self.recent.unchanged(user) {
            return Ok(Some(link));
        }
        let epoch = self.recent.epoch();
        let sql = format!(
            "UPDATE links SET last_seen_at = ?3, blocked = 0
             WHERE channel = ?1 AND channel_user = ?2
             RETURNING {COLUMNS}"
        );
        let row: Option<LinkRow> = sqlx::query_as(&sql)
            .bind(user.channel.as_str())
            .bind(&user.user)
            .bind(to_secs(now))
            .fetch_optional(&self.pool)
            .await
            .map_err(query("record when a user was seen"))?;
        let link = row.map(Link::try_from).transpose()?;
        match &link {
            Some(link) => self.recent.wrote(user, link, epoch),
            None => self.recent.forget(user),
        }
        Ok(link)
    }

    async fn update(
        &self,
        sql: &'static str,
        user: &ChannelUser,
        value: Option<&str>,
        what: &'static str,
    ) -> Result<bool, Error> {
        let done = sqlx::query(sql)
            .bind(user.channel.as_str())
            .bind(&user.user)
            .bind(value)
            .execute(&self.pool)
            .await
            .map_err(query(what))?;
        self.recent.forget(user);
        Ok(done.rows_affected() > 0)
    }
}

/// How long a person's `seen` is remembered: within it, another message of theirs writes no
/// time (see [`Store::seen`]).
const SEEN_EVERY: Duration = Duration::from_secs(60);

/// What [`Store::seen`] last stored, per person, and which of each employee's links wrote
/// last.
#[derive(Debug, Default)]
pub(crate) struct Recent {
    links: DashMap<ChannelUser, (Instant, Link)>,
    last_writer: DashMap<EmployeeId, ChannelUser>,
    /// Moves on at every change to any link: a `seen` that ran across one does not remember
    /// what it read, which may be from before the change.
    changes: AtomicU64,
}

impl Recent {
    /// The link as `seen` stored it, if storing it again would change nothing but the time.
    fn unchanged(&self, user: &ChannelUser) -> Option<Link> {
        let entry = self.links.get(user)?;
        let (at, link) = entry.value();
        let last = self
            .last_writer
            .get(&link.employee)
            .is_some_and(|writer| *writer == *user);
        (last && !link.blocked && at.elapsed() < SEEN_EVERY).then(|| link.clone())
    }

    fn epoch(&self) -> u64 {
        self.changes.load(Ordering::Acquire)
    }

    /// `seen` stored `link`; `epoch` is from before its statement.
    fn wrote(&self, user: &ChannelUser, link: &Link, epoch: u64) {
        self.last_writer.insert(link.employee, user.clone());
        if self.epoch() == epoch {
            self.links
                .insert(user.clone(), (Instant::now(), link.clone()));
        }
    }

    /// Called after any other change to the link: the next message reads it afresh.
    pub(crate) fn forget(&self, user: &ChannelUser) {
        self.changes.fetch_add(1, Ordering::AcqRel);
        self.links.remove(user);
    }
}

/// [`Store::link`] on any connection, so that pairing can link inside its own transaction.
pub(crate) async fn upsert_link<'e>(
    executor: impl SqliteExecutor<'e>,
    user: &ChannelUser,
    employee: EmployeeId,
    now: Timestamp,
) -> Result<Link, Error> {
    let sql = format!(
        "INSERT INTO links (channel, channel_user, employee_id, linked_at, last_seen_at)
         VALUES (?1, ?2, ?3, ?4, ?4)
         ON CONFLICT (channel, channel_user) DO UPDATE SET
             settings = CASE WHEN employee_id = excluded.employee_id
                             THEN settings ELSE '{{}}' END,
             employee_id = excluded.employee_id,
             blocked = 0,
             linked_at = excluded.linked_at,
             last_seen_at = excluded.last_seen_at
         RETURNING {COLUMNS}"
    );
    let row: LinkRow = sqlx::query_as(&sql)
        .bind(user.channel.as_str())
        .bind(&user.user)
        .bind(employee.to_sql()?)
        .bind(to_secs(now))
        .fetch_one(executor)
        .await
        .map_err(query("link a channel user"))?;
    row.try_into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The JSON is stored: renaming a field or a value would silently drop people's choices.
    #[test]
    fn settings_keep_their_stored_shape() {
        let settings = Settings {
            notify: Some(NotifyChannel::Bitrix24),
            reminders: Some(Reminders::Before { minutes: 30 }),
            digest: Some(Digest::At {
                time: Time::constant(8, 30, 0, 0),
            }),
            quiet_hours: Some(QuietHours {
                from: Time::constant(21, 0, 0, 0),
                to: Time::constant(8, 0, 0, 0),
            }),
        };
        let stored = json!({
            "notify": "bitrix24",
            "reminders": {"mode": "before", "minutes": 30},
            "digest": {"mode": "at", "time": "08:30:00"},
            "quiet_hours": {"from": "21:00:00", "to": "08:00:00"},
        });
        assert_eq!(serde_json::to_value(&settings).unwrap(), stored);
        assert_eq!(
            serde_json::from_value::<Settings>(stored).unwrap(),
            settings
        );

        let off = json!({"reminders": {"mode": "off"}, "digest": {"mode": "off"}});
        let parsed: Settings = serde_json::from_value(off.clone()).unwrap();
        assert_eq!(parsed.reminders, Some(Reminders::Off));
        assert_eq!(serde_json::to_value(&parsed).unwrap(), off);
    }

    #[test]
    fn defaults_store_as_an_empty_object_and_unknown_fields_are_ignored() {
        assert_eq!(serde_json::to_string(&Settings::default()).unwrap(), "{}");
        let newer: Settings = serde_json::from_str(r#"{"notify":"both","future":1}"#).unwrap();
        assert_eq!(newer.notify, Some(NotifyChannel::Both));
    }
}
