//! Writes guarded by a filter, in one request: a `batch` whose first command lists the record
//! with every condition the write needs (its id, the owner the visibility policy demands, the
//! state the write expects), and whose write takes the record's id from that list through a
//! `$result` reference.
//!
//! When the list finds nothing, the reference resolves to the empty list (the portal stops at
//! the last level it finds) and the write fails on an id that is no id, so nothing is written;
//! the caller then reads the record to say why. A failed guard leaves the reference unresolved,
//! its literal text, which is no id either. Either way the record a write touches is one the
//! guard found.
//!
//! The portal fills in `$result[…]` wherever it appears in a batch command, text included, so a
//! write whose text (a user's comment) holds such a handle is not batched: the guard and the
//! write then go as two plain calls, the id filled in here.

use serde::de::DeserializeOwned;
use serde_json::Value;

use super::batch::{Batch, BatchResults, reference};
use super::client::Client;
use super::envelope::Envelope;
use super::error::{Error, Kind};

/// The batch keys of the guard and of the write.
const GUARD: &str = "guard";
const WRITE: &str = "write";

/// The result handles a portal fills in inside a batch command.
const HANDLES: [&str; 5] = ["$result[", "$next[", "$total[", "$time[", "$error["];

/// What a guarded write came to.
#[derive(Debug, Clone, PartialEq)]
pub enum Guarded<T> {
    /// The guard found the record (as it was before the write), and the write was made.
    Written(T),
    /// No record passed the guard, so nothing was written: the record is missing, someone
    /// else's, or not in the state the write expects. Reading it says which.
    Refused,
}

impl<T> Guarded<T> {
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Guarded<U> {
        match self {
            Guarded::Written(record) => Guarded::Written(f(record)),
            Guarded::Refused => Guarded::Refused,
        }
    }
}

/// One guarded write being put together.
pub(super) struct GuardedWrite {
    guard: (String, Value),
    reads: Vec<(String, String, Value)>,
    id_path: &'static [&'static str],
}

impl GuardedWrite {
    /// The guard: a list `method` with `params`, whose answer holds the record's id at
    /// `id_path` (`["0", "ID"]` for CRM lists, `["tasks", "0", "id"]` for tasks).
    pub(super) fn new(method: &str, params: Value, id_path: &'static [&'static str]) -> Self {
        Self {
            guard: (method.to_owned(), params),
            reads: Vec::new(),
            id_path,
        }
    }

    /// A read between the guard and the write, whose answer the write may reference by `key`.
    /// Only for writes that carry no user text (they are always batched).
    pub(super) fn read(mut self, key: &str, method: &str, params: Value) -> Self {
        self.reads.push((key.to_owned(), method.to_owned(), params));
        self
    }

    /// Sends the guard, the reads and the write: in one request, or as two calls when the
    /// write's text holds a result handle (see the module's notes). `params` makes the write's
    /// parameters around the record's id.
    pub(super) async fn send(
        self,
        client: &Client,
        method: &str,
        params: impl Fn(Value) -> Value,
    ) -> Answer {
        if self.reads.is_empty() && holds_handle(&params(Value::Null)) {
            return self.stepped(client, method, params).await;
        }
        let mut batch = Batch::new();
        batch.add(GUARD, &self.guard.0, self.guard.1);
        for (key, read, read_params) in self.reads {
            batch.add(key, &read, read_params);
        }
        batch.add(
            WRITE,
            method,
            params(Value::String(reference(GUARD, self.id_path))),
        );
        Answer::Batched(client.batch(batch).await)
    }

    async fn stepped(
        self,
        client: &Client,
        method: &str,
        params: impl Fn(Value) -> Value,
    ) -> Answer {
        let guard = client.call(&self.guard.0, &self.guard.1).await;
        let found_id = guard.as_ref().ok().and_then(|envelope| {
            self.id_path
                .iter()
                .try_fold(&envelope.result, |value, segment| match value {
                    Value::Array(items) => items.get(segment.parse::<usize>().ok()?),
                    other => other.get(*segment),
                })
                .cloned()
        });
        let write = match found_id {
            Some(id) => Some(client.call(method, &params(id)).await),
            None => None,
        };
        Answer::Stepped(Box::new(Stepped { guard, write }))
    }
}

/// Whether a write's parameters hold a result handle the portal might fill in (in any letter
/// case, to be safe).
fn holds_handle(params: &Value) -> bool {
    match params {
        Value::String(text) => {
            let text = text.to_lowercase();
            HANDLES.iter().any(|handle| text.contains(handle))
        }
        Value::Array(items) => items.iter().any(holds_handle),
        Value::Object(map) => map.values().any(holds_handle),
        _ => false,
    }
}

/// The answers of a guarded write's commands.
pub(super) enum Answer {
    Batched(BatchResults),
    Stepped(Box<Stepped>),
}

/// The guard's call, and the write's when the guard found the record.
pub(super) struct Stepped {
    guard: Result<Envelope, Error>,
    write: Option<Result<Envelope, Error>>,
}

impl Answer {
    /// The guard's answer; `found` decodes it into the records it found. None found means
    /// nothing was written.
    pub(super) fn found<T>(
        &self,
        found: impl FnOnce(Value) -> Result<Vec<T>, Error>,
    ) -> Result<Option<T>, Error> {
        let guard = match self {
            Answer::Batched(results) => results.get(GUARD)?,
            Answer::Stepped(stepped) => stepped.guard.as_ref().map_err(again)?,
        };
        Ok(found(guard.result.clone())?.into_iter().next())
    }

    /// A read's answer.
    pub(super) fn read<T: DeserializeOwned>(&self, key: &str) -> Result<T, Error> {
        match self {
            Answer::Batched(results) => results.result(key),
            Answer::Stepped(_) => Err(Error::new(
                Kind::InvalidInput,
                "batch",
                format!("no read {key:?} in a stepped write"),
            )),
        }
    }

    /// The write's answer.
    pub(super) fn written(&self) -> Result<&Envelope, Error> {
        match self {
            Answer::Batched(results) => results.get(WRITE),
            Answer::Stepped(stepped) => match &stepped.write {
                Some(write) => write.as_ref().map_err(again),
                None => Err(Error::new(
                    Kind::NotFound,
                    "batch",
                    "the guard found no record, so nothing was written",
                )),
            },
        }
    }

    /// The usual reading: the record the guard found once the write succeeded, or
    /// [`Guarded::Refused`].
    pub(super) fn outcome<T>(
        &self,
        found: impl FnOnce(Value) -> Result<Vec<T>, Error>,
    ) -> Result<Guarded<(T, &Envelope)>, Error> {
        Ok(match self.found(found)? {
            Some(record) => Guarded::Written((record, self.written()?)),
            None => Guarded::Refused,
        })
    }
}

/// A stepped call's failure, reported again (as a batch reports its commands' failures).
fn again(error: &Error) -> Error {
    error.for_command(error.method())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn a_users_text_with_a_result_handle_is_not_batched() {
        assert!(!holds_handle(
            &json!([null, { "POST_MESSAGE": "see the $5 deal [ok]" }])
        ));
        let text = json!([null, { "POST_MESSAGE": "x $result[guard][0][TITLE] $TOTAL[" }]);
        assert!(holds_handle(&text));
        assert!(holds_handle(&json!({ "a": ["$next[write]"] })));
    }
}
