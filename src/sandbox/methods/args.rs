//! Reading method parameters as a portal does: legacy names in any letter case, ids that may
//! come as numbers or strings, positional arguments as a JSON array or `0`, `1` keys.

use serde_json::{Map, Value};

use crate::sandbox::error::ApiError;

#[derive(Clone, Copy)]
pub struct Args<'a> {
    params: &'a Value,
}

impl<'a> Args<'a> {
    pub fn new(params: &'a Value) -> Self {
        Self { params }
    }

    /// A named parameter spelled exactly (controller methods: `taskId`, `botId`).
    pub fn get(&self, name: &str) -> Option<&'a Value> {
        self.params.as_object()?.get(name)
    }

    /// A legacy parameter in any letter case, or with the `ar` prefix of old PHP code
    /// (`filter`, `FILTER`, `arFilter`), as `CCrmRestHelper::resolveArrayParam` accepts.
    pub fn legacy(&self, name: &str) -> Option<&'a Value> {
        let map = self.params.as_object()?;
        map.get(name).or_else(|| {
            map.iter()
                .find(|(key, _)| {
                    key.eq_ignore_ascii_case(name)
                        || key
                            .strip_prefix("ar")
                            .is_some_and(|rest| rest.eq_ignore_ascii_case(name))
                })
                .map(|(_, value)| value)
        })
    }

    /// The `index`-th positional argument: an array element or the object key `"0"`, `"1"`, ….
    pub fn positional(&self, index: usize) -> Option<&'a Value> {
        match self.params {
            Value::Array(items) => items.get(index),
            Value::Object(map) => map.get(&index.to_string()),
            _ => None,
        }
    }

    /// A legacy object parameter (`fields`); PHP's empty array `[]` counts as an empty object.
    pub fn legacy_object(&self, name: &str) -> Option<Map<String, Value>> {
        self.legacy(name).and_then(as_object)
    }
}

/// An object, or a list read as an object keyed `"0"`, `"1"`, … (PHP arrays are both).
pub fn as_object(value: &Value) -> Option<Map<String, Value>> {
    match value {
        Value::Object(map) => Some(map.clone()),
        Value::Array(items) => Some(
            items
                .iter()
                .enumerate()
                .map(|(i, v)| (i.to_string(), v.clone()))
                .collect(),
        ),
        _ => None,
    }
}

/// The items of a list, or of an object read as a list (form encoding gives `{"0":…,"1":…}`).
pub fn as_list(value: &Value) -> Vec<&Value> {
    match value {
        Value::Array(items) => items.iter().collect(),
        Value::Object(map) => map.values().collect(),
        Value::Null => Vec::new(),
        Value::String(s) if s.is_empty() => Vec::new(),
        scalar => vec![scalar],
    }
}

/// A positive integer id from a JSON number or a numeric string.
pub fn as_id(value: &Value) -> Option<u64> {
    let id = match value {
        Value::Number(n) => n.as_u64().or_else(|| n.as_f64().map(|f| f as u64)),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }?;
    (id > 0).then_some(id)
}

/// An integer from a JSON number or a numeric string.
pub fn as_int(value: &Value) -> Option<i64> {
    match value {
        Value::Number(n) => n.as_i64().or_else(|| n.as_f64().map(|f| f as i64)),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// `"Y"`/`"N"`.
pub fn yn(flag: bool) -> &'static str {
    if flag { "Y" } else { "N" }
}

/// A scalar as text: strings as they are, numbers and booleans spelled out.
pub fn as_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(if *b { "Y" } else { "N" }.to_owned()),
        _ => None,
    }
}

/// A flag from `Y`/`N`, `1`/`0`, `true`/`false` or a JSON boolean.
pub fn as_flag(value: &Value) -> Option<bool> {
    match value {
        Value::Bool(b) => Some(*b),
        Value::Number(n) => Some(n.as_i64() != Some(0)),
        Value::String(s) => crate::sandbox::filter::parse_flag(s),
        _ => None,
    }
}

/// The id parameter of a legacy `*.get`/`*.update`/`*.delete` (`id` or `ID`), which must be a
/// positive integer.
pub fn legacy_id(args: &Args<'_>) -> Result<u64, ApiError> {
    args.legacy("id")
        .and_then(as_id)
        .ok_or_else(|| ApiError::bad_request("", "ID is not defined or invalid."))
}
