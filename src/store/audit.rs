//! The audit log: one row per portal write the bot made, kept for people (an admin command) and
//! for tests, never read by the bot to decide anything.

use jiff::Timestamp;

use super::error::query;
use super::keys::{ChannelUser, EmployeeId, from_sql_id, to_sql_id};
use super::time::{from_secs, to_secs};
use super::{Error, Store};

/// Who asked for a write. Absent for the bot's own writes (registering itself on the portal).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub user: ChannelUser,
    pub employee: EmployeeId,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuditOutcome {
    Done,
    Failed,
    /// Sent, and the answer was lost.
    Unknown,
}

impl AuditOutcome {
    fn as_str(self) -> &'static str {
        match self {
            AuditOutcome::Done => "done",
            AuditOutcome::Failed => "failed",
            AuditOutcome::Unknown => "unknown",
        }
    }

    fn from_column(text: &str) -> Result<AuditOutcome, Error> {
        match text {
            "done" => Ok(AuditOutcome::Done),
            "failed" => Ok(AuditOutcome::Failed),
            "unknown" => Ok(AuditOutcome::Unknown),
            other => Err(Error::Corrupt {
                what: "audit outcome",
                detail: format!("{other:?}"),
            }),
        }
    }
}

/// One write, as the handler reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    pub at: Timestamp,
    pub actor: Option<Actor>,
    /// The REST method, e.g. `crm.deal.add`.
    pub method: String,
    /// What was written, e.g. `deal`, when the method concerns one entity.
    pub entity_type: Option<String>,
    pub entity_id: Option<u64>,
    pub outcome: AuditOutcome,
}

/// An entry as stored, with its place in the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRecord {
    pub id: i64,
    pub entry: AuditEntry,
}

#[derive(sqlx::FromRow)]
struct AuditRow {
    id: i64,
    at: i64,
    channel: Option<String>,
    channel_user: Option<String>,
    employee_id: Option<i64>,
    method: String,
    entity_type: Option<String>,
    entity_id: Option<i64>,
    outcome: String,
}

impl TryFrom<AuditRow> for AuditRecord {
    type Error = Error;

    fn try_from(row: AuditRow) -> Result<AuditRecord, Error> {
        let actor = match (row.channel, row.channel_user, row.employee_id) {
            (Some(channel), Some(user), Some(employee)) => Some(Actor {
                user: ChannelUser::from_columns(&channel, user)?,
                employee: EmployeeId::from_sql(employee)?,
            }),
            _ => None,
        };
        Ok(AuditRecord {
            id: row.id,
            entry: AuditEntry {
                at: from_secs("audit time", row.at)?,
                actor,
                method: row.method,
                entity_type: row.entity_type,
                entity_id: row
                    .entity_id
                    .map(|id| from_sql_id("audited entity id", id))
                    .transpose()?,
                outcome: AuditOutcome::from_column(&row.outcome)?,
            },
        })
    }
}

impl Store {
    /// Appends `entry` to the log and returns its id.
    pub async fn audit(&self, entry: &AuditEntry) -> Result<i64, Error> {
        let (channel, user, employee) = match &entry.actor {
            Some(actor) => (
                Some(actor.user.channel.as_str()),
                Some(actor.user.user.as_str()),
                Some(actor.employee.to_sql()?),
            ),
            None => (None, None, None),
        };
        let entity_id = entry
            .entity_id
            .map(|id| to_sql_id("audited entity id", id))
            .transpose()?;
        let done = sqlx::query(
            "INSERT INTO audit
                 (at, channel, channel_user, employee_id, method, entity_type, entity_id, outcome)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )
        .bind(to_secs(entry.at))
        .bind(channel)
        .bind(user)
        .bind(employee)
        .bind(&entry.method)
        .bind(entry.entity_type.as_deref())
        .bind(entity_id)
        .bind(entry.outcome.as_str())
        .execute(&self.pool)
        .await
        .map_err(query("append to the audit log"))?;
        Ok(done.last_insert_rowid())
    }

    /// The latest `limit` entries, newest first.
    pub async fn recent_audit(&self, limit: u32) -> Result<Vec<AuditRecord>, Error> {
        let rows: Vec<AuditRow> = sqlx::query_as(
            "SELECT id, at, channel, channel_user, employee_id, method, entity_type, entity_id,
                    outcome
             FROM audit ORDER BY at DESC, id DESC LIMIT ?1",
        )
        .bind(limit)
        .fetch_all(&self.pool)
        .await
        .map_err(query("read the audit log"))?;
        rows.into_iter().map(AuditRecord::try_from).collect()
    }
}
