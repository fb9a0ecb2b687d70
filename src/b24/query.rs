//! Parameters as a PHP query string (`fields[PHONE][0][VALUE]=…`), the form `batch` commands are
//! written in. Mirrors PHP's `http_build_query`: `null` and empty arrays vanish, booleans are
//! `1`/`0`, every reserved byte is percent-encoded, so user text can never add a parameter.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde_json::Value;

/// Bytes kept as they are: RFC 3986 unreserved characters.
const ENCODE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// Encodes an object (named parameters) or an array (positional ones: `0=…&1[…]=…`).
pub fn encode(params: &Value) -> String {
    let mut pairs = Vec::new();
    match params {
        Value::Object(map) => {
            for (key, value) in map {
                push(key.clone(), value, &mut pairs);
            }
        }
        Value::Array(items) => {
            for (index, value) in items.iter().enumerate() {
                push(index.to_string(), value, &mut pairs);
            }
        }
        _ => {}
    }
    pairs.join("&")
}

fn push(key: String, value: &Value, pairs: &mut Vec<String>) {
    match value {
        Value::Null => {}
        Value::Bool(flag) => pairs.push(pair(&key, if *flag { "1" } else { "0" })),
        Value::Number(number) => pairs.push(pair(&key, &number.to_string())),
        Value::String(text) => pairs.push(pair(&key, text)),
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                push(format!("{key}[{index}]"), item, pairs);
            }
        }
        Value::Object(map) => {
            for (name, item) in map {
                push(format!("{key}[{name}]"), item, pairs);
            }
        }
    }
}

fn pair(key: &str, value: &str) -> String {
    format!(
        "{}={}",
        utf8_percent_encode(key, ENCODE),
        utf8_percent_encode(value, ENCODE)
    )
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::encode;

    #[test]
    fn nested_keys_the_php_way() {
        let query = encode(&json!({
            "fields": {"TITLE": "A & B", "PHONE": [{"VALUE": "+7 900", "VALUE_TYPE": "WORK"}]},
            "select": ["ID", "TITLE"],
            "filter": {">OPPORTUNITY": 10000, "CLOSED": false},
            "params": null,
            "empty": [],
        }));
        assert_eq!(
            query,
            "fields%5BTITLE%5D=A%20%26%20B&fields%5BPHONE%5D%5B0%5D%5BVALUE%5D=%2B7%20900\
             &fields%5BPHONE%5D%5B0%5D%5BVALUE_TYPE%5D=WORK&select%5B0%5D=ID&select%5B1%5D=TITLE\
             &filter%5B%3EOPPORTUNITY%5D=10000&filter%5BCLOSED%5D=0"
        );
    }

    #[test]
    fn positional_arguments() {
        assert_eq!(
            encode(&json!([456, {"POST_MESSAGE": "done"}])),
            "0=456&1%5BPOST_MESSAGE%5D=done"
        );
    }

    #[test]
    fn user_text_cannot_add_a_parameter() {
        let query = encode(&json!({"fields": {"TITLE": "x&fields[ASSIGNED_BY_ID]=5"}}));
        assert_eq!(query.matches('&').count(), 0);
        assert_eq!(query.matches('=').count(), 1);
    }
}
