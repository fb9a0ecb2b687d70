//! Reminders already pushed. Claiming one is how the scheduler decides to send it: only the
//! first claimer of a key sends, so a restart or a second scheduler cannot repeat a reminder.
//! Also what the buttons under a reminder leave behind (snoozes), reminders too late to push
//! (folded into the next digest), and the digests already sent.

use jiff::Timestamp;
use jiff::civil::Date;

use super::error::query;
use super::keys::{EmployeeId, from_sql_id, to_sql_id};
use super::time::{from_secs, to_secs};
use super::{Error, Store};

/// A reminder moved by +1 h or Tomorrow (the deadline stays).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snooze {
    pub task_id: u64,
    /// The deadline the reminder was for: a task whose deadline changed has a new reminder.
    pub deadline: Timestamp,
    pub employee: EmployeeId,
    pub until: Timestamp,
}

/// A reminder that was due while the bot was down, kept for the person's next digest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fold {
    pub task_id: u64,
    pub deadline: Timestamp,
    pub title: String,
}

/// One reminder: which task, for which deadline (a moved deadline is a new reminder), and which
/// kind (`before`, or `overdue:2026-11-26` for one morning's overdue notice).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ReminderKey {
    pub task_id: u64,
    pub deadline: Timestamp,
    pub kind: String,
}

impl Store {
    /// Claims `key` for sending to `employee`, about the task titled `title`: `true` for the
    /// first caller, `false` for every later one. The claim is committed before the channel is
    /// called, so no crash can make a reminder go out twice ([`Store::reminder_sent`]).
    pub async fn claim_reminder(
        &self,
        key: &ReminderKey,
        employee: EmployeeId,
        title: &str,
        now: Timestamp,
    ) -> Result<bool, Error> {
        let done = sqlx::query(
            "INSERT OR IGNORE INTO reminders_sent
                 (task_id, deadline, kind, sent_at, state, employee_id, title)
             VALUES (?1, ?2, ?3, ?4, 'sending', ?5, ?6)",
        )
        .bind(to_sql_id("task id", key.task_id)?)
        .bind(to_secs(key.deadline))
        .bind(&key.kind)
        .bind(to_secs(now))
        .bind(employee.to_sql()?)
        .bind(title)
        .execute(&self.pool)
        .await
        .map_err(query("claim a reminder"))?;
        Ok(done.rows_affected() == 1)
    }

    /// The channel took the claimed reminder.
    pub async fn reminder_sent(&self, key: &ReminderKey) -> Result<(), Error> {
        sqlx::query(
            "UPDATE reminders_sent SET state = 'sent'
             WHERE task_id = ?1 AND deadline = ?2 AND kind = ?3",
        )
        .bind(to_sql_id("task id", key.task_id)?)
        .bind(to_secs(key.deadline))
        .bind(&key.kind)
        .execute(&self.pool)
        .await
        .map_err(query("record a sent reminder"))?;
        Ok(())
    }

    /// At start: reminders a previous run claimed but never saw delivered (it stopped in
    /// between) may or may not have arrived. They are not pushed again but folded into the
    /// person's next digest, in one transaction; returns how many.
    pub async fn settle_interrupted_reminders(&self, now: Timestamp) -> Result<u64, Error> {
        let mut tx = self
            .pool
            .begin()
            .await
            .map_err(query("begin settling reminders"))?;
        sqlx::query(
            "INSERT OR IGNORE INTO reminder_folds (employee_id, task_id, deadline, title, folded_at)
             SELECT employee_id, task_id, deadline, title, ?1 FROM reminders_sent
             WHERE state = 'sending' AND employee_id IS NOT NULL AND title IS NOT NULL",
        )
        .bind(to_secs(now))
        .execute(&mut *tx)
        .await
        .map_err(query("fold interrupted reminders"))?;
        let done = sqlx::query("UPDATE reminders_sent SET state = 'sent' WHERE state = 'sending'")
            .execute(&mut *tx)
            .await
            .map_err(query("settle interrupted reminders"))?;
        tx.commit()
            .await
            .map_err(query("commit settled reminders"))?;
        Ok(done.rows_affected())
    }

    /// Forgets a recorded key whose delivery failed, so the next wake-up tries again.
    pub async fn release_sent(&self, key: &ReminderKey) -> Result<(), Error> {
        sqlx::query(
            "DELETE FROM reminders_sent WHERE task_id = ?1 AND deadline = ?2 AND kind = ?3",
        )
        .bind(to_sql_id("task id", key.task_id)?)
        .bind(to_secs(key.deadline))
        .bind(&key.kind)
        .execute(&self.pool)
        .await
        .map_err(query("release a reminder"))?;
        Ok(())
    }

    /// Records `key` as handled without pushing it and keeps it for `employee`'s next digest,
    /// in one transaction; `false` when the key was already handled (nothing is kept then).
    pub async fn fold_reminder(
        &self,
        key: &ReminderKey,
        employee: EmployeeId,
        title: &str,
        now: Timestamp,
    ) -> Result<bool, Error> {
        let mut tx = self
            .pool
            .begin()
            .await
            .map_err(query("begin folding a reminder"))?;
        let recorded = sqlx::query(
            "INSERT OR IGNORE INTO reminders_sent
                 (task_id, deadline, kind, sent_at, employee_id, title)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )
        .bind(to_sql_id("task id", key.task_id)?)
        .bind(to_secs(key.deadline))
        .bind(&key.kind)
        .bind(to_secs(now))
        .bind(employee.to_sql()?)
        .bind(title)
        .execute(&mut *tx)
        .await
        .map_err(query("record a folded reminder"))?;
        if recorded.rows_affected() == 1 {
            sqlx::query(
                "INSERT OR IGNORE INTO reminder_folds (employee_id, task_id, deadline, title, folded_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )
            .bind(employee.to_sql()?)
            .bind(to_sql_id("task id", key.task_id)?)
            .bind(to_secs(key.deadline))
            .bind(title)
            .bind(to_secs(now))
            .execute(&mut *tx)
            .await
            .map_err(query("keep a folded reminder"))?;
        }
        tx.commit()
            .await
            .map_err(query("commit a folded reminder"))?;
        Ok(recorded.rows_affected() == 1)
    }

    /// The reminders folded for `employee`, oldest deadline first.
    pub async fn folds_of(&self, employee: EmployeeId) -> Result<Vec<Fold>, Error> {
        let rows: Vec<(i64, i64, String)> = sqlx::query_as(
            "SELECT task_id, deadline, title FROM reminder_folds WHERE employee_id = ?1
             ORDER BY deadline, task_id",
        )
        .bind(employee.to_sql()?)
        .fetch_all(&self.pool)
        .await
        .map_err(query("list folded reminders"))?;
        rows.into_iter()
            .map(|(task_id, deadline, title)| {
                Ok(Fold {
                    task_id: from_sql_id("task id", task_id)?,
                    deadline: from_secs("deadline", deadline)?,
                    title,
                })
            })
            .collect()
    }

    /// Forgets the folds a digest has shown.
    pub async fn clear_folds(&self, employee: EmployeeId) -> Result<(), Error> {
        sqlx::query("DELETE FROM reminder_folds WHERE employee_id = ?1")
            .bind(employee.to_sql()?)
            .execute(&self.pool)
            .await
            .map_err(query("clear folded reminders"))?;
        Ok(())
    }

    /// Moves the reminder of `task_id` for `deadline` to `until`; a later press replaces it.
    pub async fn snooze(&self, snooze: &Snooze) -> Result<(), Error> {
        sqlx::query(
            "INSERT INTO reminder_snoozes (task_id, deadline, employee_id, until)
             VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (task_id, deadline) DO UPDATE SET
                 employee_id = excluded.employee_id, until = excluded.until",
        )
        .bind(to_sql_id("task id", snooze.task_id)?)
        .bind(to_secs(snooze.deadline))
        .bind(snooze.employee.to_sql()?)
        .bind(to_secs(snooze.until))
        .execute(&self.pool)
        .await
        .map_err(query("snooze a reminder"))?;
        Ok(())
    }

    /// Every snooze, soonest first.
    pub async fn snoozes(&self) -> Result<Vec<Snooze>, Error> {
        let rows: Vec<(i64, i64, i64, i64)> = sqlx::query_as(
            "SELECT task_id, deadline, employee_id, until FROM reminder_snoozes ORDER BY until",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(query("list snoozed reminders"))?;
        rows.into_iter()
            .map(|(task_id, deadline, employee, until)| {
                Ok(Snooze {
                    task_id: from_sql_id("task id", task_id)?,
                    deadline: from_secs("deadline", deadline)?,
                    employee: EmployeeId::from_sql(employee)?,
                    until: from_secs("until", until)?,
                })
            })
            .collect()
    }

    /// Removes a snooze that has fired or whose task is gone; only the one due at `until`, so a
    /// press that moved it again meanwhile is kept.
    pub async fn drop_snooze(&self, snooze: &Snooze) -> Result<(), Error> {
        sqlx::query(
            "DELETE FROM reminder_snoozes WHERE task_id = ?1 AND deadline = ?2 AND until = ?3",
        )
        .bind(to_sql_id("task id", snooze.task_id)?)
        .bind(to_secs(snooze.deadline))
        .bind(to_secs(snooze.until))
        .execute(&self.pool)
        .await
        .map_err(query("drop a snooze"))?;
        Ok(())
    }

    /// `true` for the first caller for `employee`'s digest of `day` (their local date).
    pub async fn claim_digest(
        &self,
        employee: EmployeeId,
        day: Date,
        now: Timestamp,
    ) -> Result<bool, Error> {
        let done = sqlx::query(
            "INSERT OR IGNORE INTO digests_sent (employee_id, day, sent_at) VALUES (?1, ?2, ?3)",
        )
        .bind(employee.to_sql()?)
        .bind(day.to_string())
        .bind(to_secs(now))
        .execute(&self.pool)
        .await
        .map_err(query("record a digest"))?;
        Ok(done.rows_affected() == 1)
    }

    /// Forgets a digest claim whose delivery failed, so the next wake-up tries again.
    pub async fn release_digest(&self, employee: EmployeeId, day: Date) -> Result<(), Error> {
        sqlx::query("DELETE FROM digests_sent WHERE employee_id = ?1 AND day = ?2")
            .bind(employee.to_sql()?)
            .bind(day.to_string())
            .execute(&self.pool)
            .await
            .map_err(query("release a digest"))?;
        Ok(())
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
        sqlx::query("DELETE FROM reminder_folds WHERE folded_at < ?1")
            .bind(to_secs(cutoff))
            .execute(&self.pool)
            .await
            .map_err(query("prune folded reminders"))?;
        sqlx::query("DELETE FROM digests_sent WHERE sent_at < ?1")
            .bind(to_secs(cutoff))
            .execute(&self.pool)
            .await
            .map_err(query("prune sent digests"))?;
        Ok(done.rows_affected())
    }
}
