//! `batch`: many calls in one HTTP request (one unit of the request-rate limit).
//!
//! Commands are `method?query` strings keyed by name; a later command can use an earlier one's
//! result through `$result[key][path]`. Sets larger than 50 are sent in chunks; a reference to
//! a command of an earlier chunk is filled in here, as the portal would have done.

use std::collections::HashMap;

use serde::de::DeserializeOwned;
use serde_json::{Map, Value, json};

use super::client::{Client, decode};
use super::envelope::{self, Envelope, Time};
use super::error::{Error, Kind};
use super::{method, query};

/// The portal runs at most this many commands of one batch.
pub const MAX_COMMANDS: usize = 50;

#[derive(Debug, Clone)]
struct Command {
    key: String,
    method: String,
    params: Value,
}

/// A set of calls to send together.
#[derive(Debug, Clone, Default)]
pub struct Batch {
    commands: Vec<Command>,
    halt: bool,
}

impl Batch {
    pub fn new() -> Self {
        Self::default()
    }

    /// Stop at the first failing command; the ones after it do not run.
    pub fn halt_on_error(mut self) -> Self {
        self.halt = true;
        self
    }

    /// Adds a command. Keys name results and references; they are chosen by code, never by
    /// users, so a repeated or malformed key is a programming error.
    pub fn add(&mut self, key: impl Into<String>, method: &str, params: Value) -> &mut Self {
        let key = key.into();
        assert!(
            !key.is_empty() && !key.contains(['[', ']', '?', '&', '$']),
            "batch key {key:?} must be a plain name"
        );
        assert!(
            self.commands.iter().all(|command| command.key != key),
            "batch key {key:?} is used twice"
        );
        self.commands.push(Command {
            key,
            method: method.to_owned(),
            params,
        });
        self
    }

    pub fn len(&self) -> usize {
        self.commands.len()
    }

    pub fn is_empty(&self) -> bool {
        self.commands.is_empty()
    }
}

/// `$result[key][a][b]`: a parameter value that the portal replaces with that part of an earlier
/// command's result.
pub fn reference(key: &str, path: &[&str]) -> String {
    let mut text = format!("$result[{key}]");
    for segment in path {
        text.push('[');
        text.push_str(segment);
        text.push(']');
    }
    text
}

/// What became of one command.
#[derive(Debug)]
enum Outcome {
    Done(Envelope),
    Failed(Error),
    /// Not run: an earlier command failed and the batch halts on errors.
    Skipped,
}

/// The outcome of every command, by key. Every failure, the transport's included, is reported per
/// command, so the results of chunks that did run are never lost.
#[derive(Debug, Default)]
pub struct BatchResults {
    outcomes: HashMap<String, (String, Outcome)>,
}

impl BatchResults {
    /// The envelope of one command (`result`, and `total`/`next` for lists).
    pub fn get(&self, key: &str) -> Result<&Envelope, Error> {
        match self.outcomes.get(key) {
            Some((_, Outcome::Done(envelope))) => Ok(envelope),
            Some((method, Outcome::Failed(error))) => Err(error.for_command(method)),
            Some((method, Outcome::Skipped)) => Err(Error::new(
                Kind::InvalidInput,
                method,
                "not run: an earlier command of the batch failed",
            )),
            None => Err(Error::new(
                Kind::InvalidInput,
                "batch",
                format!("no command named {key:?}"),
            )),
        }
    }

    /// Decodes one command's `result`.
    pub fn result<T: DeserializeOwned>(&self, key: &str) -> Result<T, Error> {
        let envelope = self.get(key)?;
        let method = self
            .outcomes
            .get(key)
            .map(|(m, _)| m.as_str())
            .unwrap_or("batch");
        decode(method, envelope.result.clone())
    }

    fn value(&self, key: &str) -> Option<&Value> {
        match self.outcomes.get(key) {
            Some((_, Outcome::Done(envelope))) => Some(&envelope.result),
            _ => None,
        }
    }
}

impl Client {
    /// Runs a batch, 50 commands per HTTP request. It counts as a write if any command writes.
    pub async fn batch(&self, batch: Batch) -> BatchResults {
        let repeatable = batch.commands.iter().all(|c| method::is_read(&c.method));
        let mut results = BatchResults::default();
        let mut stopped = false;
        for chunk in batch.commands.chunks(MAX_COMMANDS) {
            if stopped {
                for command in chunk {
                    results.insert(command, Outcome::Skipped);
                }
                continue;
            }
            let mut cmd = Map::new();
            for command in chunk {
                let params = resolve_earlier(&command.params, &results);
                let query = query::encode(&params);
                let line = if query.is_empty() {
                    command.method.clone()
                } else {
                    format!("{}?{query}", command.method)
                };
                cmd.insert(command.key.clone(), Value::String(line));
            }
            let body = json!({"halt": u8::from(batch.halt), "cmd": cmd});
            match self.call_with("batch", &body, repeatable).await {
                Ok(envelope) => {
                    let failed = self.record(chunk, envelope.result, &mut results);
                    stopped = failed && batch.halt;
                }
                Err(error) => {
                    // The chunk as a whole failed: each of its commands reports why, and the
                    // rest are not sent, since the portal is failing.
                    for command in chunk {
                        results
                            .insert(command, Outcome::Failed(error.for_command(&command.method)));
                    }
                    stopped = true;
                }
            }
        }
        results
    }

    /// Files a chunk's answer under each command. Returns whether any command failed.
    fn record(&self, chunk: &[Command], answer: Value, results: &mut BatchResults) -> bool {
        let mut maps = Sections::read(answer);
        let mut failed = false;
        for command in chunk {
            let key = command.key.as_str();
            let outcome = if let Some(result) = maps.result.remove(key) {
                let time: Option<Time> = maps
                    .time
                    .remove(key)
                    .and_then(|time| serde_json::from_value(time).ok());
                if let Some(time) = &time {
                    self.operating().observe(&command.method, time);
                }
                Outcome::Done(Envelope {
                    result,
                    total: maps.total.get(key).and_then(super::model::de::u64_of),
                    next: maps.next.get(key).and_then(super::model::de::u64_of),
                    time,
                })
            } else if let Some(error) = maps.error.remove(key) {
                failed = true;
                let code = error
                    .get("error")
                    .map(envelope::scalar_text)
                    .unwrap_or_default();
                let description = error
                    .get("error_description")
                    .map(envelope::scalar_text)
                    .unwrap_or_default();
                let error = Error::portal(&command.method, None, &code, &description);
                if error.kind() == Kind::OperatingTimeLimit {
                    self.operating().block(&command.method);
                }
                Outcome::Failed(error)
            } else {
                Outcome::Skipped
            };
            results.insert(command, outcome);
        }
        failed
    }
}

impl BatchResults {
    fn insert(&mut self, command: &Command, outcome: Outcome) {
        self.outcomes
            .insert(command.key.clone(), (command.method.clone(), outcome));
    }
}

/// The five maps of a batch answer. PHP prints an empty map as `[]` and a map keyed 0, 1, 2…
/// as an array, so both shapes are read into maps by key.
struct Sections {
    result: Map<String, Value>,
    error: Map<String, Value>,
    total: Map<String, Value>,
    next: Map<String, Value>,
    time: Map<String, Value>,
}

impl Sections {
    fn read(mut answer: Value) -> Self {
        let mut take = |name: &str| match answer.get_mut(name).map(Value::take) {
            Some(Value::Object(map)) => map,
            Some(Value::Array(items)) => items
                .into_iter()
                .enumerate()
                .map(|(index, item)| (index.to_string(), item))
                .collect(),
            _ => Map::new(),
        };
        Self {
            result: take("result"),
            error: take("result_error"),
            total: take("result_total"),
            next: take("result_next"),
            time: take("result_time"),
        }
    }
}

/// Fills in references to commands of earlier chunks, with the portal's rules: a value that is
/// exactly one reference takes the referenced value as it is (an array stays an array); a
/// reference inside longer text is replaced only by a string or a number. References to the
/// current chunk are left for the portal.
fn resolve_earlier(params: &Value, results: &BatchResults) -> Value {
    match params {
        Value::String(text) if text.contains("$result[") => resolve_text(text, results),
        Value::Array(items) => Value::Array(
            items
                .iter()
                .map(|item| resolve_earlier(item, results))
                .collect(),
        ),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(key, item)| (key.clone(), resolve_earlier(item, results)))
                .collect(),
        ),
        other => other.clone(),
    }
}

fn resolve_text(text: &str, results: &BatchResults) -> Value {
    if let Some((reference, rest)) = parse_reference(text)
        && rest.is_empty()
        && let Some(value) = lookup(&reference, results)
    {
        return value.clone();
    }
    let mut out = String::new();
    let mut remaining = text;
    while let Some(position) = remaining.find("$result[") {
        out.push_str(&remaining[..position]);
        let candidate = &remaining[position..];
        match parse_reference(candidate) {
            Some((reference, rest)) => {
                match lookup(&reference, results) {
                    Some(Value::String(found)) => out.push_str(found),
                    Some(Value::Number(found)) => out.push_str(&found.to_string()),
                    _ => out.push_str(&candidate[..candidate.len() - rest.len()]),
                }
                remaining = rest;
            }
            None => {
                out.push_str("$result[");
                remaining = &candidate["$result[".len()..];
            }
        }
    }
    out.push_str(remaining);
    Value::String(out)
}

/// `$result[key][a][b]rest` → (["key", "a", "b"], "rest").
fn parse_reference(text: &str) -> Option<(Vec<&str>, &str)> {
    let mut rest = text.strip_prefix("$result")?;
    let mut segments = Vec::new();
    while let Some(inner) = rest.strip_prefix('[') {
        let end = inner.find(']')?;
        segments.push(&inner[..end]);
        rest = &inner[end + 1..];
    }
    (!segments.is_empty()).then_some((segments, rest))
}

/// Walks the path into an earlier result, stopping at the last level found, as the portal does.
fn lookup<'a>(reference: &[&str], results: &'a BatchResults) -> Option<&'a Value> {
    let (key, path) = reference.split_first()?;
    let mut value = results.value(key)?;
    for segment in path {
        let next = match value {
            Value::Object(map) => map.get(*segment),
            Value::Array(items) => segment.parse::<usize>().ok().and_then(|i| items.get(i)),
            _ => None,
        };
        match next {
            Some(next) => value = next,
            None => break,
        }
    }
    Some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn done(results: &mut BatchResults, key: &str, result: Value) {
        results.outcomes.insert(
            key.into(),
            (
                "m".into(),
                Outcome::Done(Envelope {
                    result,
                    total: None,
                    next: None,
                    time: None,
                }),
            ),
        );
    }

    #[test]
    fn references_to_earlier_chunks_are_filled_in() {
        let mut results = BatchResults::default();
        done(
            &mut results,
            "user",
            json!({"ID": "7", "UF_DEPARTMENT": [3, 4]}),
        );
        done(&mut results, "page", json!([{"ID": "10"}, {"ID": "11"}]));
        let params = json!({
            "id": reference("user", &["ID"]),
            "filter": {"@ID": reference("user", &["UF_DEPARTMENT"]), ">ID": reference("page", &["1", "ID"])},
            "text": "user $result[user][ID] in $result[user][UF_DEPARTMENT]",
            "later": reference("c50", &["ID"]),
        });
        assert_eq!(
            resolve_earlier(&params, &results),
            json!({
                "id": "7",
                "filter": {"@ID": [3, 4], ">ID": "11"},
                "text": "user 7 in $result[user][UF_DEPARTMENT]",
                "later": "$result[c50][ID]",
            })
        );
    }

    #[test]
    fn a_missing_path_stops_at_the_last_level_found() {
        let mut results = BatchResults::default();
        done(&mut results, "page", json!([{"ID": "1"}]));
        assert_eq!(
            resolve_text("$result[page][49][ID]", &results),
            json!([{"ID": "1"}])
        );
        assert_eq!(resolve_text("$result[", &results), json!("$result["));
    }

    #[test]
    fn both_map_shapes_are_read() {
        let sections = Sections::read(json!({
            "result": ["zero", "one"],
            "result_error": {"2": {"error": "", "error_description": "Not found"}},
            "result_total": [],
            "result_next": [],
            "result_time": [],
        }));
        assert_eq!(sections.result.get("1"), Some(&json!("one")));
        assert!(sections.error.contains_key("2"));
        assert!(sections.total.is_empty());
    }
}
