//! The `batch` method (§4): up to 50 `method?query` commands run in order through the same
//! dispatcher as single calls, with `$result[key][path…]` references to earlier results.
//!
//! This module knows the batch format only; running one command (lookup, scope, operating time,
//! the method itself) is the caller's closure, so the format is tested here without a portal.

use serde_json::{Map, Value};

use super::error::ApiError;
use super::params;

/// Commands beyond this many are answered with `ERROR_BATCH_LENGTH_EXCEEDED` each.
pub const MAX_COMMANDS: usize = 50;

/// What one command produced when it succeeded.
#[derive(Debug, Clone, PartialEq)]
pub struct Executed {
    pub result: Value,
    pub total: Option<u64>,
    pub next: Option<u64>,
    /// The command's own `time` object (`result_time[key]`).
    pub time: Value,
}

/// The answer of a batch and the methods it ran, in order, for the request log.
#[derive(Debug, Clone, PartialEq)]
pub struct Batch {
    /// `{"result", "result_error", "result_total", "result_next", "result_time"}`.
    pub result: Value,
    pub methods: Vec<String>,
}

/// Runs the batch described by `params` (`cmd` and `halt`, in any letter case); `execute` runs one
/// command's method with its parameters.
pub fn run(
    params: &Value,
    mut execute: impl FnMut(&str, &Value) -> Result<Executed, ApiError>,
) -> Batch {
    let halt = parameter(params, "halt").is_some_and(php_truthy);
    let mut maps = Maps::default();
    let mut methods = Vec::new();
    for (position, (key, command)) in commands(params).into_iter().enumerate() {
        if position >= MAX_COMMANDS {
            maps.error.insert(
                key,
                ApiError::bad_request("ERROR_BATCH_LENGTH_EXCEEDED", "Max batch length exceeded")
                    .to_json(),
            );
            continue;
        }
        let (method, query) = command.split_once('?').unwrap_or((&command, ""));
        let method = method.trim();
        methods.push(method.to_owned());
        let outcome = if method.eq_ignore_ascii_case("batch") {
            Err(ApiError::new(
                405,
                "ERROR_BATCH_METHOD_NOT_ALLOWED",
                "Method is not allowed for batch usage",
            ))
        } else {
            let mut command_params = Value::Object(params::parse_str(query));
            maps.resolve_references(&mut command_params);
            execute(method, &command_params)
        };
        match outcome {
            Ok(done) => {
                maps.result.insert(key.clone(), done.result);
                if let Some(total) = done.total {
                    maps.total.insert(key.clone(), total.into());
                }
                if let Some(next) = done.next {
                    maps.next.insert(key.clone(), next.into());
                }
                maps.time.insert(key, done.time);
            }
            Err(error) => {
                maps.error.insert(key, error.to_json());
                if halt {
                    break;
                }
            }
        }
    }
    Batch {
        result: maps.into_json(),
        methods,
    }
}

/// A batch reads its own keys in any letter case (`cmd`, `CMD`, `halt`, `HALT`).
fn parameter<'a>(params: &'a Value, name: &str) -> Option<&'a Value> {
    params
        .as_object()?
        .iter()
        .find(|(key, _)| key.eq_ignore_ascii_case(name))
        .map(|(_, value)| value)
}

/// The commands as (key, `method?query`) in the order written; a list's keys are its positions.
fn commands(params: &Value) -> Vec<(String, String)> {
    let entries: Vec<(String, &Value)> = match parameter(params, "cmd") {
        Some(Value::Object(map)) => map
            .iter()
            .map(|(key, value)| (key.clone(), value))
            .collect(),
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(index, value)| (index.to_string(), value))
            .collect(),
        _ => Vec::new(),
    };
    entries
        .into_iter()
        .filter_map(|(key, value)| match value {
            Value::String(text) => Some((key, text.clone())),
            Value::Number(number) => Some((key, number.to_string())),
            _ => None,
        })
        .collect()
}

/// PHP's `(bool)` cast: `""`, `"0"`, `0`, `false`, `null` and empty arrays are false; everything
/// else, including the string `"false"`, is true.
pub fn php_truthy(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Bool(flag) => *flag,
        Value::Number(number) => number.as_f64().is_some_and(|n| n != 0.0),
        Value::String(text) => !(text.is_empty() || text == "0"),
        Value::Array(items) => !items.is_empty(),
        Value::Object(map) => !map.is_empty(),
    }
}

/// The five answer maps, filled in command order.
#[derive(Default)]
struct Maps {
    result: Map<String, Value>,
    error: Map<String, Value>,
    total: Map<String, Value>,
    next: Map<String, Value>,
    time: Map<String, Value>,
}

impl Maps {
    /// The map a `$handle[...]` reference reads; the portal accepts these five handles.
    fn handle(&self, name: &str) -> Option<&Map<String, Value>> {
        Some(match name.to_ascii_lowercase().as_str() {
            "result" => &self.result,
            "error" => &self.error,
            "total" => &self.total,
            "next" => &self.next,
            "time" => &self.time,
            _ => return None,
        })
    }

    /// Replaces references in every string of `params` (§4.3): a string that is exactly one
    /// reference becomes the referenced value with its type; a reference inside a longer string is
    /// replaced only by a string or a number, and stays literal otherwise.
    fn resolve_references(&self, params: &mut Value) {
        match params {
            Value::String(text) => {
                if let Some(resolved) = self.resolve_whole(text) {
                    *params = resolved;
                } else if let Some(replaced) = self.resolve_embedded(text) {
                    *text = replaced;
                }
            }
            Value::Array(items) => items
                .iter_mut()
                .for_each(|item| self.resolve_references(item)),
            Value::Object(map) => map
                .values_mut()
                .for_each(|value| self.resolve_references(value)),
            Value::Null | Value::Bool(_) | Value::Number(_) => {}
        }
    }

    fn resolve_whole(&self, text: &str) -> Option<Value> {
        let reference = Reference::find(text, 0)?;
        (reference.start == 0 && reference.end == text.len())
            .then(|| self.lookup(&reference))
            .flatten()
            .cloned()
    }

    fn resolve_embedded(&self, text: &str) -> Option<String> {
        let mut out = String::with_capacity(text.len());
        let mut copied = 0;
        let mut from = 0;
        let mut changed = false;
        while let Some(reference) = Reference::find(text, from) {
            let scalar = match self.lookup(&reference) {
                Some(Value::String(value)) => Some(value.clone()),
                Some(Value::Number(value)) => Some(value.to_string()),
                _ => None,
            };
            if let Some(scalar) = scalar {
                out.push_str(&text[copied..reference.start]);
                out.push_str(&scalar);
                copied = reference.end;
                changed = true;
            }
            from = reference.end;
        }
        out.push_str(&text[copied..]);
        changed.then_some(out)
    }

    /// Walks the path from the command's value; a missing segment stops at the last level found.
    fn lookup(&self, reference: &Reference<'_>) -> Option<&Value> {
        let (command, path) = reference.path.split_first()?;
        let mut value = self.handle(reference.handle)?.get(*command)?;
        for segment in path {
            let child = match value {
                Value::Object(map) => map.get(*segment),
                Value::Array(items) => segment.parse::<usize>().ok().and_then(|i| items.get(i)),
                _ => None,
            };
            match child {
                Some(child) => value = child,
                None => break,
            }
        }
        Some(value)
    }

    fn into_json(self) -> Value {
        let mut answer = Map::new();
        for (name, map) in [
            ("result", self.result),
            ("result_error", self.error),
            ("result_total", self.total),
            ("result_next", self.next),
            ("result_time", self.time),
        ] {
            answer.insert(name.to_owned(), php_array(map));
        }
        Value::Object(answer)
    }
}

/// How PHP's `json_encode` prints an array: `[]` when empty, a list when its keys are 0..n-1 in
/// order, an object otherwise.
fn php_array(map: Map<String, Value>) -> Value {
    let is_list = map
        .keys()
        .enumerate()
        .all(|(index, key)| *key == index.to_string());
    if is_list {
        Value::Array(map.into_iter().map(|(_, value)| value).collect())
    } else {
        Value::Object(map)
    }
}

/// One `$handle[command][segment]…` inside a string.
struct Reference<'a> {
    start: usize,
    end: usize,
    handle: &'a str,
    path: Vec<&'a str>,
}

impl<'a> Reference<'a> {
    /// The first reference at or after byte `from`: `$`, a handle of letters, then one or more
    /// bracketed segments that contain no `]`.
    fn find(text: &'a str, from: usize) -> Option<Self> {
        let mut search = from;
        while let Some(offset) = text[search..].find('$') {
            let start = search + offset;
            if let Some(reference) = Self::at(text, start) {
                return Some(reference);
            }
            search = start + 1;
        }
        None
    }

    fn at(text: &'a str, start: usize) -> Option<Self> {
        let after = &text[start + 1..];
        let handle_len = after
            .find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(after.len());
        let handle = &after[..handle_len];
        let mut rest = &after[handle_len..];
        let mut path = Vec::new();
        while let Some(inner) = rest.strip_prefix('[') {
            let Some(close) = inner.find(']') else { break };
            path.push(&inner[..close]);
            rest = &inner[close + 1..];
        }
        if handle.is_empty() || path.is_empty() {
            return None;
        }
        Some(Self {
            start,
            end: text.len() - rest.len(),
            handle,
            path,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// A dispatcher that knows three methods and answers with what it was called with.
    fn fake(method: &str, params: &Value) -> Result<Executed, ApiError> {
        let time = json!({"start": 1.0});
        match method.to_ascii_lowercase().as_str() {
            "user.current" => Ok(Executed {
                result: json!({"ID": "1", "NAME": "Anna", "UF_DEPARTMENT": [7], "PHOTO": null}),
                total: None,
                next: None,
                time,
            }),
            "crm.deal.list" => Ok(Executed {
                result: json!([{"ID": "10"}, {"ID": "11"}]),
                total: Some(120),
                next: Some(50),
                time,
            }),
            "echo" => Ok(Executed {
                result: params.clone(),
                total: None,
                next: None,
                time,
            }),
            _ => Err(ApiError::method_not_found()),
        }
    }

    fn batch(params: Value) -> Batch {
        run(&params, fake)
    }

    #[test]
    fn named_commands_fill_the_five_maps() {
        let answer =
            batch(json!({"cmd": {"me": "user.current", "deals": "crm.deal.list?start=0"}}));
        assert_eq!(
            answer.result,
            json!({
                "result": {"me": {"ID": "1", "NAME": "Anna", "UF_DEPARTMENT": [7], "PHOTO": null},
                           "deals": [{"ID": "10"}, {"ID": "11"}]},
                "result_error": [],
                "result_total": {"deals": 120},
                "result_next": {"deals": 50},
                "result_time": {"me": {"start": 1.0}, "deals": {"start": 1.0}},
            })
        );
        assert_eq!(answer.methods, ["user.current", "crm.deal.list"]);
    }

    #[test]
    fn a_list_of_commands_answers_lists_while_keys_stay_sequential() {
        let answer = batch(json!({"CMD": ["nope", "user.current", "user.current"]}));
        let result = &answer.result;
        assert_eq!(
            result["result"],
            json!({"1": result["result"]["1"], "2": result["result"]["2"]})
        );
        assert_eq!(
            result["result_error"],
            json!([{"error": "ERROR_METHOD_NOT_FOUND", "error_description": "Method not found!"}])
        );
        assert_eq!(result["result_total"], json!([]));
        assert_eq!(result["result_next"], json!([]));
    }

    #[test]
    fn references_resolve_whole_values_typed_and_embedded_ones_as_text() {
        let answer = batch(json!({"cmd": {
            "me": "user.current",
            "deals": "crm.deal.list",
            "echo": "echo?dept=$result[me][UF_DEPARTMENT]&first=$result[me][UF_DEPARTMENT][0]\
                     &title=Deal+for+$result[me][NAME]+(%24result%5Bme%5D%5BID%5D)\
                     &last=$result[deals][1][ID]&list=x$result[me][UF_DEPARTMENT]y\
                     &missing=$result[me][NOPE][deeper]&unknown=$result[ghost][ID]\
                     &total=$total[deals]&photo=a$result[me][PHOTO]",
        }}));
        assert_eq!(
            answer.result["result"]["echo"],
            json!({
                "dept": [7],
                "first": 7,
                "title": "Deal for Anna (1)",
                "last": "11",
                "list": "x$result[me][UF_DEPARTMENT]y",
                "missing": {"ID": "1", "NAME": "Anna", "UF_DEPARTMENT": [7], "PHOTO": null},
                "unknown": "$result[ghost][ID]",
                "total": 120,
                "photo": "a$result[me][PHOTO]",
            })
        );
    }

    #[test]
    fn references_see_only_earlier_commands() {
        let answer =
            batch(json!({"cmd": {"echo": "echo?id=$result[me][ID]", "me": "user.current"}}));
        assert_eq!(
            answer.result["result"]["echo"],
            json!({"id": "$result[me][ID]"})
        );
    }

    #[test]
    fn halt_stops_at_the_first_error_with_php_truthiness() {
        let cmd = json!(["user.current", "nope", "user.current"]);
        for (halt, ran) in [
            (json!("false"), 1),
            (json!(1), 1),
            (json!(true), 1),
            (json!("0"), 2),
            (json!(0), 2),
            (json!(""), 2),
            (json!(false), 2),
        ] {
            let answer = batch(json!({"cmd": cmd, "halt": halt}));
            let results = &answer.result["result"];
            let count = results
                .as_array()
                .map_or_else(|| results.as_object().unwrap().len(), Vec::len);
            assert_eq!(count, ran, "halt={halt}");
        }
    }

    #[test]
    fn more_than_fifty_commands_fail_one_by_one() {
        let cmd: Map<String, Value> = (0..53)
            .map(|i| (format!("c{i}"), json!("user.current")))
            .collect();
        let answer = batch(json!({"cmd": cmd, "halt": 1}));
        assert_eq!(answer.result["result"].as_object().unwrap().len(), 50);
        let errors = answer.result["result_error"].as_object().unwrap();
        assert_eq!(errors.keys().collect::<Vec<_>>(), ["c50", "c51", "c52"]);
        assert_eq!(errors["c50"]["error"], "ERROR_BATCH_LENGTH_EXCEEDED");
        assert_eq!(answer.methods.len(), 50);
    }

    #[test]
    fn nested_batch_is_refused_in_any_case() {
        let answer = batch(json!({"cmd": {"inner": "BATCH?cmd[x]=user.current"}}));
        assert_eq!(
            answer.result["result_error"]["inner"]["error"],
            "ERROR_BATCH_METHOD_NOT_ALLOWED"
        );
    }

    #[test]
    fn no_commands_answer_five_empty_lists() {
        let empty = json!({"result": [], "result_error": [], "result_total": [], "result_next": [], "result_time": []});
        assert_eq!(batch(json!({})).result, empty);
        assert_eq!(batch(json!([1, 2])).result, empty);
    }

    #[test]
    fn php_truthiness() {
        for falsy in [
            json!(null),
            json!(false),
            json!(0),
            json!(0.0),
            json!(""),
            json!("0"),
            json!([]),
        ] {
            assert!(!php_truthy(&falsy), "{falsy}");
        }
        for truthy in [
            json!(true),
            json!(2),
            json!("false"),
            json!("00"),
            json!(" "),
            json!([0]),
        ] {
            assert!(php_truthy(&truthy), "{truthy}");
        }
    }
}
