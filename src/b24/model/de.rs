//! Deserializers tolerant of the wire's quirks: ids as strings or numbers, `"Y"`/`"N"` flags,
//! money as `"50000.00"`, `""` for a missing date, `[]` where a map is empty, `false` for an empty
//! list.

use jiff::Timestamp;
use serde::de::{DeserializeOwned, Error as _};
use serde::{Deserialize, Deserializer};
use serde_json::Value;

use super::Money;

/// A non-negative integer from a JSON number or a numeric string.
pub(crate) fn u64_of(value: &Value) -> Option<u64> {
    match value {
        Value::Number(number) => number
            .as_u64()
            .or_else(|| number.as_f64().filter(|f| *f >= 0.0).map(|f| f as u64)),
        Value::String(text) => text.trim().parse().ok(),
        _ => None,
    }
}

fn f64_of(value: &Value) -> Option<f64> {
    match value {
        Value::Number(number) => number.as_f64(),
        Value::String(text) => text.trim().parse().ok(),
        _ => None,
    }
}

pub(crate) fn lenient_f64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    Ok(f64_of(&Value::deserialize(d)?))
}

/// Unix seconds from a number, a numeric string, or (as one docs example has it) an ISO string.
pub(crate) fn lenient_unix<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    let value = Value::deserialize(d)?;
    Ok(f64_of(&value).map(|f| f as i64).or_else(|| {
        value
            .as_str()
            .and_then(|text| text.parse::<Timestamp>().ok())
            .map(|ts| ts.as_second())
    }))
}

pub(crate) fn id<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
    let value = Value::deserialize(d)?;
    u64_of(&value).ok_or_else(|| D::Error::custom(format!("expected an id, found {value}")))
}

/// An optional id where `0` is a real value (the default pipeline is category 0).
pub(crate) fn opt_id<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    Ok(u64_of(&Value::deserialize(d)?))
}

/// A reference to another record, where `null`, `""` and `0` all mean "none".
pub(crate) fn opt_ref<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    Ok(u64_of(&Value::deserialize(d)?).filter(|id| *id != 0))
}

/// `"Y"`/`"N"`, `true`/`false`, `"1"`/`"0"`, `1`/`0`; anything else is false.
pub(crate) fn flag<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::Bool(b) => b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        Value::String(s) => matches!(s.as_str(), "Y" | "y" | "1" | "true" | "TRUE"),
        _ => false,
    })
}

pub(crate) fn money<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Money>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::String(text) => Money::parse(&text),
        Value::Number(number) => number.as_f64().map(Money::from_f64),
        _ => None,
    })
}

/// A date-time with offset; `""`, `null` and unparseable text are "none".
pub(crate) fn opt_datetime<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Timestamp>, D::Error> {
    Ok(Value::deserialize(d)?
        .as_str()
        .and_then(|text| parse_datetime(text.trim())))
}

/// ISO 8601 with offset, or the SQL-style `2024-12-10 06:36:00` some methods print (read as UTC:
/// it carries no offset, and those fields are informational only).
pub(crate) fn parse_datetime(text: &str) -> Option<Timestamp> {
    text.parse::<Timestamp>().ok().or_else(|| {
        text.parse::<jiff::civil::DateTime>()
            .ok()
            .and_then(|dt| dt.to_zoned(jiff::tz::TimeZone::UTC).ok())
            .map(|zoned| zoned.timestamp())
    })
}

/// A Unix timestamp sent as a number or a numeric string (`DATE_FROM_TS_UTC`).
pub(crate) fn opt_unix<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Timestamp>, D::Error> {
    Ok(f64_of(&Value::deserialize(d)?).and_then(|secs| Timestamp::from_second(secs as i64).ok()))
}

/// Text where `null` and `""` both mean "none".
pub(crate) fn opt_text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::String(text) if !text.is_empty() => Some(text),
        Value::Number(number) => Some(number.to_string()),
        _ => None,
    })
}

/// A list of ids from numbers or strings; `false`, `null` and `""` are the empty list.
pub(crate) fn id_list<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u64>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::Array(items) => items.iter().filter_map(u64_of).collect(),
        Value::Object(map) => map.values().filter_map(u64_of).collect(),
        other => u64_of(&other).into_iter().collect(),
    })
}

/// A list that PHP may print as `false`, `null` or `{}` when empty.
pub(crate) fn list<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned,
{
    match Value::deserialize(d)? {
        Value::Array(items) => items
            .into_iter()
            .map(|item| serde_json::from_value(item).map_err(D::Error::custom))
            .collect(),
        Value::Object(map) => map
            .into_iter()
            .map(|(_, item)| serde_json::from_value(item).map_err(D::Error::custom))
            .collect(),
        _ => Ok(Vec::new()),
    }
}
