//! Idempotent portal writes: a write is claimed under a key before it is sent, so that pressing
//! Confirm twice (or a retried update after a restart) finds the claim instead of writing again.

use jiff::Timestamp;

use super::error::query;
use super::forms::FormInstance;
use super::keys::{from_sql_id, to_sql_id};
use super::time::to_secs;
use super::{Error, Store};

/// What a write is claimed under: the form instance it confirms and the action (`deal.create`,
/// `company.create`...), since one form may make more than one write.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct WriteKey(pub(super) String);

impl WriteKey {
    pub fn new(instance: &FormInstance, action: &str) -> WriteKey {
        WriteKey(format!("{instance}/{action}"))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// What [`Store::claim`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Claim {
    /// The caller holds the claim and sends the write, then calls [`Store::finish`].
    New,
    /// Another press sent it and has no answer yet.
    Pending,
    /// It was written; the portal's id of the entity it created or changed.
    Done(u64),
    /// It was sent and the answer was lost: the user must check before trying again.
    Unknown,
}

/// How a claimed write ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriteOutcome {
    Done(u64),
    Unknown,
    /// The portal refused or the request provably never left: nothing was written, so the claim
    /// is dropped and the user may try again.
    NotWritten,
}

impl Store {
    /// Claims `key` for a write with `method`. Exactly one of any number of concurrent callers
    /// gets [`Claim::New`]: the claim is a single `INSERT ... ON CONFLICT DO NOTHING`.
    pub async fn claim(
        &self,
        key: &WriteKey,
        method: &str,
        now: Timestamp,
    ) -> Result<Claim, Error> {
        // A claim released between the two statements (the write did not happen) is claimed
        // afresh; each round either inserts or finds a row, so this ends.
        loop {
            let inserted = sqlx::query(
                "INSERT INTO writes (key, method, state, created_at, updated_at)
                 VALUES (?1, ?2, 'pending', ?3, ?3)
                 ON CONFLICT (key) DO NOTHING",
            )
            .bind(key.as_str())
            .bind(method)
            .bind(to_secs(now))
            .execute(&self.pool)
            .await
            .map_err(query("claim a write"))?;
            if inserted.rows_affected() == 1 {
                return Ok(Claim::New);
            }
            let row: Option<(String, Option<i64>)> =
                sqlx::query_as("SELECT state, entity_id FROM writes WHERE key = ?1")
                    .bind(key.as_str())
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(query("read a write claim"))?;
            if let Some((state, entity)) = row {
                return claim_from_columns(&state, entity);
            }
        }
    }

    /// Records how the claimed write ended.
    pub async fn finish(
        &self,
        key: &WriteKey,
        outcome: WriteOutcome,
        now: Timestamp,
    ) -> Result<(), Error> {
        let (state, entity) = match outcome {
            WriteOutcome::Done(entity) => ("done", Some(to_sql_id("entity id", entity)?)),
            WriteOutcome::Unknown => ("unknown", None),
            WriteOutcome::NotWritten => {
                sqlx::query("DELETE FROM writes WHERE key = ?1")
                    .bind(key.as_str())
                    .execute(&self.pool)
                    .await
                    .map_err(query("release a write claim"))?;
                return Ok(());
            }
        };
        sqlx::query("UPDATE writes SET state = ?2, entity_id = ?3, updated_at = ?4 WHERE key = ?1")
            .bind(key.as_str())
            .bind(state)
            .bind(entity)
            .bind(to_secs(now))
            .execute(&self.pool)
            .await
            .map_err(query("finish a write claim"))?;
        Ok(())
    }

    /// How the writes a form run confirmed ended, read after a restart (when a Confirm that was
    /// answered before the process died comes again): `Done` when every one was written,
    /// `Unknown` when any was not heard back from, `None` when it made none.
    pub async fn form_writes(&self, instance: &str) -> Result<Option<Claim>, Error> {
        // Keys are `<instance>/<action>`: the range from `<instance>/` to `<instance>0` ('0'
        // follows '/') is exactly that run's, and uses the primary key.
        let states: Vec<(String, Option<i64>)> = sqlx::query_as(
            "SELECT state, entity_id FROM writes WHERE key >= ?1 AND key < ?2 ORDER BY key",
        )
        .bind(format!("{instance}/"))
        .bind(format!("{instance}0"))
        .fetch_all(&self.pool)
        .await
        .map_err(query("read a form's writes"))?;
        let mut outcome = None;
        for (state, entity) in states {
            match claim_from_columns(&state, entity)? {
                Claim::Done(id) if outcome != Some(Claim::Unknown) => {
                    outcome = Some(Claim::Done(id))
                }
                Claim::Done(_) => {}
                _ => outcome = Some(Claim::Unknown),
            }
        }
        Ok(outcome)
    }

    /// At start-up, before any write is claimed: a write still pending was sent by a process that
    /// is gone, so nobody will learn its outcome. It becomes unknown (the user is told to check)
    /// instead of staying pending for ever. Returns how many.
    pub async fn settle_interrupted_writes(&self, now: Timestamp) -> Result<u64, Error> {
        let done = sqlx::query(
            "UPDATE writes SET state = 'unknown', updated_at = ?1 WHERE state = 'pending'",
        )
        .bind(to_secs(now))
        .execute(&self.pool)
        .await
        .map_err(query("settle interrupted writes"))?;
        Ok(done.rows_affected())
    }

    /// Forgets claims last changed before `cutoff`. Their forms expired long ago, so no button
    /// can press them again. Returns how many.
    pub async fn prune_writes_before(&self, cutoff: Timestamp) -> Result<u64, Error> {
        let done = sqlx::query("DELETE FROM writes WHERE updated_at < ?1")
            .bind(to_secs(cutoff))
            .execute(&self.pool)
            .await
            .map_err(query("prune write claims"))?;
        Ok(done.rows_affected())
    }
}

fn claim_from_columns(state: &str, entity: Option<i64>) -> Result<Claim, Error> {
    match (state, entity) {
        ("pending", _) => Ok(Claim::Pending),
        ("unknown", _) => Ok(Claim::Unknown),
        ("done", Some(entity)) => Ok(Claim::Done(from_sql_id("entity id", entity)?)),
        _ => Err(Error::Corrupt {
            what: "write state",
            detail: format!("state {state:?} with entity {entity:?}"),
        }),
    }
}
