//! Portal writes, each recorded in the audit log; a form's writes are also claimed first, so a
//! second Confirm (or a repeat after a timeout) finds the claim instead of writing twice.

use std::future::Future;

use crate::b24::{self, Guarded, Kind};
use crate::failure::Failure;
use crate::store::{
    Actor as AuditActor, AuditEntry, AuditOutcome, Claim, EmployeeId, WriteKey, WriteOutcome,
};

use super::{Actor, Handlers};

/// What a claimed write came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    /// Written now; the new record's id.
    Now(u64),
    /// Written by an earlier press; that record's id.
    Before(u64),
    /// Another press is writing it at this moment.
    InFlight,
}

/// One portal write for the audit log.
pub struct Audited {
    pub method: &'static str,
    pub entity: &'static str,
}

impl Handlers {
    /// Runs `write` once per `key`, whatever number of times it is asked to.
    pub(super) async fn write_once(
        &self,
        actor: &Actor,
        key: WriteKey,
        audited: Audited,
        write: impl Future<Output = Result<u64, b24::Error>>,
    ) -> Result<Written, Failure> {
        let now = actor.now.timestamp();
        match self.store.claim(&key, audited.method, now).await? {
            Claim::Done(id) => return Ok(Written::Before(id)),
            Claim::Pending => return Ok(Written::InFlight),
            Claim::Unknown => {
                return Err(b24::Error::new(
                    Kind::OutcomeUnknown,
                    audited.method,
                    "an earlier attempt of this write got no answer",
                )
                .into());
            }
            Claim::New => {}
        }
        let result = write.await;
        let (outcome, audit) = match &result {
            Ok(id) => (WriteOutcome::Done(*id), AuditOutcome::Done),
            Err(error) if error.kind() == Kind::OutcomeUnknown => {
                (WriteOutcome::Unknown, AuditOutcome::Unknown)
            }
            Err(_) => (WriteOutcome::NotWritten, AuditOutcome::Failed),
        };
        self.store.finish(&key, outcome, now).await?;
        self.audit(actor, &audited, result.as_ref().ok().copied(), audit)
            .await?;
        Ok(Written::Now(result?))
    }

    /// Runs a write that needs no claim (a command the user typed: typing it again means it
    /// again) and records its outcome.
    pub(super) async fn audited<T>(
        &self,
        actor: &Actor,
        audited: Audited,
        entity_id: Option<u64>,
        write: impl Future<Output = Result<T, b24::Error>>,
    ) -> Result<T, Failure> {
        let result = write.await;
        self.audit(actor, &audited, entity_id, outcome_of(&result))
            .await?;
        Ok(result?)
    }

    /// Runs a guarded write and records it, unless its guard refused it or `changed` says the
    /// record was left as it was (nothing was written).
    pub(super) async fn audited_guarded<T>(
        &self,
        actor: &Actor,
        audited: Audited,
        entity_id: Option<u64>,
        write: impl Future<Output = Result<Guarded<T>, b24::Error>>,
        changed: impl FnOnce(&T) -> bool,
    ) -> Result<Guarded<T>, Failure> {
        let result = write.await;
        let wrote = match &result {
            Ok(Guarded::Written(record)) => changed(record),
            Ok(Guarded::Refused) => false,
            Err(_) => true,
        };
        if wrote {
            self.audit(actor, &audited, entity_id, outcome_of(&result))
                .await?;
        }
        Ok(result?)
    }

    /// Records a write that needs no claim (moving a deal twice to the same stage is harmless).
    pub(super) async fn audit(
        &self,
        actor: &Actor,
        audited: &Audited,
        entity_id: Option<u64>,
        outcome: AuditOutcome,
    ) -> Result<(), Failure> {
        self.store
            .audit(&AuditEntry {
                at: actor.now.timestamp(),
                actor: Some(AuditActor {
                    user: actor.user.clone(),
                    employee: EmployeeId(actor.employee),
                }),
                method: audited.method.to_owned(),
                entity_type: Some(audited.entity.to_owned()),
                entity_id,
                outcome,
            })
            .await?;
        Ok(())
    }
}

/// What the audit log records of a write that needs no claim.
fn outcome_of<T>(result: &Result<T, b24::Error>) -> AuditOutcome {
    match result {
        Ok(_) => AuditOutcome::Done,
        Err(error) if error.kind() == Kind::OutcomeUnknown => AuditOutcome::Unknown,
        Err(_) => AuditOutcome::Failed,
    }
}
