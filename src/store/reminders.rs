//! Reminders already pushed. Recording one is how the scheduler decides to send it: only the
//! first recorder of a key sends, so a restart or a second scheduler cannot repeat a reminder.

use jiff::Timestamp;

use super::error::query;
use super::keys::to_sql_id;
use super::time::to_secs;
use super::{Error, Store};

/// One reminder: which task, for which deadline (a moved deadline is a new reminder), and which
/// kind (`before`, or `overdue:2026-11-26` for one morning's overdue notice).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ReminderKey {
    pub task_id: u64,
    pub deadline: Timestamp,
    pub kind: String,
}

impl Store {
    /// `true` for the first caller with `key`, `false` for every later one.
    pub async fn record_sent(&self, key: &ReminderKey, now: Timestamp) -> Result<bool, Error> {
        let done = sqlx::query(
            "INSERT OR IGNORE INTO reminders_sent (task_id, deadline, kind, sent_at)
             VALUES (?1, ?2, ?3, ?4)",
        )
        .bind(to_sql_id("task id", key.task_id)?)
        .bind(to_secs(key.deadline))
        .bind(&key.kind)
        .bind(to_secs(now))
        .execute(&self.pool)
        .await
        .map_err(query("record a sent reminder"))?;
        Ok(done.rows_affected() == 1)
    }

    pub async fn was_sent(&self, key: &ReminderKey) -> Result<bool, Error> {
        let found: Option<i64> = sqlx::query_scalar(
            "SELECT 1 FROM reminders_sent WHERE task_id = ?1 AND deadline = ?2 AND kind = ?3",
        )
        .bind(to_sql_id("task id", key.task_id)?)
        .bind(to_secs(key.deadline))
        .bind(&key.kind)
        .fetch_optional(&self.pool)
        .await
        .map_err(query("look up a sent reminder"))?;
        Ok(found.is_some())
    }

    /// Forgets reminders sent before `cutoff`; returns how many. A key cannot come round again
    /// once its deadline (or its morning) has passed, so a cutoff a few days back is safe.
    pub async fn prune_sent_before(&self, cutoff: Timestamp) -> Result<u64, Error> {
        let done = sqlx::query("DELETE FROM reminders_sent WHERE sent_at < ?1")
            .bind(to_secs(cutoff))
            .execute(&self.pool)
            .await
            .map_err(query("prune sent reminders"))?;
        Ok(done.rows_affected())
    }
}
