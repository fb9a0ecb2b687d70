//! Request parameters as a Bitrix24 portal sees them: PHP's `parse_str` over the query string and
//! form bodies, JSON bodies, merged the way `CRestUtil::getRequestData` merges them (§1.4).
//!
//! The result is a JSON value so that methods read form and JSON callers alike. Form values are
//! strings; JSON values keep their types. Objects keep the order of the request, as PHP arrays do,
//! because positional methods (`task.commentitem.*`) bind arguments by order and batch commands run
//! in the order they were written.

use percent_encoding::percent_decode;
use serde_json::{Map, Value};

/// A request body, classified by how PHP would read it.
pub enum Body<'a> {
    /// PHP reads no body for GET and friends, whatever it holds.
    Ignored,
    /// `application/x-www-form-urlencoded`, or any POST body that is not JSON: `parse_str`.
    Form(&'a [u8]),
    /// POST with `Content-Type: application/json`.
    Json(&'a [u8]),
    /// The text fields of a `multipart/form-data` body, already decoded.
    Multipart(Vec<(String, String)>),
}

impl<'a> Body<'a> {
    /// Chooses how to read `bytes` from the HTTP method and the media type of `Content-Type`.
    /// Multipart bodies need an async reader, so the server builds [`Body::Multipart`] itself.
    pub fn classify(is_post: bool, content_type: Option<&str>, bytes: &'a [u8]) -> Self {
        if !is_post {
            return Body::Ignored;
        }
        let media_type = content_type
            .and_then(|value| value.split(';').next())
            .map(|essence| essence.trim().to_ascii_lowercase());
        match media_type.as_deref() {
            Some("application/json") => Body::Json(bytes),
            _ => Body::Form(bytes),
        }
    }
}

/// The parameters of one request: the query string overlaid by the body (body wins, key by key).
///
/// The top level is an object, except when a JSON body is an array and there is no query string:
/// then the array itself, for positional methods called as `[123, {"POST_MESSAGE": "…"}]`.
pub fn from_request(query: Option<&str>, body: Body<'_>) -> Value {
    let query = parse_str(query.unwrap_or_default());
    let body = match body {
        Body::Ignored => Map::new(),
        Body::Form(bytes) => parse_str(&String::from_utf8_lossy(bytes)),
        Body::Multipart(fields) => from_pairs(fields),
        // A portal silently treats a body that is not valid JSON as empty (§1.4).
        Body::Json(bytes) => match serde_json::from_slice::<Value>(bytes) {
            Ok(Value::Object(object)) => object,
            Ok(Value::Array(items)) if query.is_empty() => return Value::Array(items),
            Ok(Value::Array(items)) => items
                .into_iter()
                .enumerate()
                .map(|(index, item)| (index.to_string(), item))
                .collect(),
            Ok(_) | Err(_) => Map::new(),
        },
    };
    let mut merged = query;
    // PHP's array_replace: a key present in both keeps its place and takes the body's value.
    for (key, value) in body {
        merged.insert(key, value);
    }
    Value::Object(merged)
}

/// PHP's `parse_str`: `&`-separated `name=value` pairs, percent-decoded with `+` as a space, names
/// with nested keys (`fields[PHONE][0][VALUE]`, `select[]`).
pub fn parse_str(input: &str) -> Map<String, Value> {
    from_pairs(
        input
            .split('&')
            .filter(|pair| !pair.is_empty())
            .map(|pair| match pair.split_once('=') {
                Some((name, value)) => (url_decode(name), url_decode(value)),
                None => (url_decode(pair), String::new()),
            }),
    )
}

/// Builds the nested parameters from decoded `name=value` pairs, later pairs overwriting earlier
/// ones with the same path.
pub fn from_pairs(pairs: impl IntoIterator<Item = (String, String)>) -> Map<String, Value> {
    let mut root = Map::new();
    for (name, value) in pairs {
        if let Some(path) = VariablePath::parse(&name) {
            assign(&mut root, &path, Value::String(value));
        }
    }
    for value in root.values_mut() {
        lists_to_arrays(value);
    }
    root
}

/// Decodes one component of `application/x-www-form-urlencoded`; bytes that are not UTF-8 are
/// replaced rather than rejected, as PHP keeps going on any input.
pub fn url_decode(component: &str) -> String {
    let spaced = component.replace('+', " ");
    percent_decode(spaced.as_bytes())
        .decode_utf8_lossy()
        .into_owned()
}

/// A PHP variable name split into its base name and the bracketed keys that follow it.
struct VariablePath {
    base: String,
    /// `None` is `[]`: append under the next integer key.
    keys: Vec<Option<String>>,
}

impl VariablePath {
    /// Follows `php_register_variable_ex`: leading spaces are dropped, `.` and ` ` in the base name
    /// become `_`, an unclosed `[` is literal (as `_`), and anything after the last well-formed
    /// `]` that does not open another `[` is ignored. An empty base name registers nothing.
    fn parse(name: &str) -> Option<Self> {
        let name = name.trim_start_matches(' ');
        let (base, mut rest) = match name.find('[') {
            Some(open) if name[open..].contains(']') => (&name[..open], &name[open..]),
            Some(open) => {
                let mut path = Self::plain(&name[..open])?;
                path.base = format!("{}_{}", path.base, &name[open + 1..]);
                return Some(path);
            }
            None => (name, ""),
        };
        let mut path = Self::plain(base)?;
        while let Some(inner) = rest.strip_prefix('[') {
            let Some(close) = inner.find(']') else { break };
            let key = &inner[..close];
            path.keys.push((!key.is_empty()).then(|| key.to_owned()));
            rest = &inner[close + 1..];
        }
        Some(path)
    }

    fn plain(base: &str) -> Option<Self> {
        if base.is_empty() {
            return None;
        }
        Some(Self {
            base: base.replace(['.', ' '], "_"),
            keys: Vec::new(),
        })
    }
}

fn assign(root: &mut Map<String, Value>, path: &VariablePath, value: Value) {
    let mut keys = path.keys.iter();
    let Some(first) = keys.next() else {
        root.insert(path.base.clone(), value);
        return;
    };
    let mut node = child_array(root, path.base.clone());
    let mut key = first;
    for next in keys {
        let name = key.clone().unwrap_or_else(|| next_index(node));
        node = child_array(node, name);
        key = next;
    }
    let name = key.clone().unwrap_or_else(|| next_index(node));
    node.insert(name, value);
}

/// The PHP array under `key`, created (or replacing a scalar, as PHP does) when needed.
fn child_array(map: &mut Map<String, Value>, key: String) -> &mut Map<String, Value> {
    let slot = map.entry(key).or_insert_with(|| Value::Object(Map::new()));
    if !slot.is_object() {
        *slot = Value::Object(Map::new());
    }
    match slot {
        Value::Object(child) => child,
        _ => unreachable!("the slot was made an object just above"),
    }
}

/// The key `[]` appends under: one past the largest integer key, or 0.
fn next_index(map: &Map<String, Value>) -> String {
    map.keys()
        .filter_map(|key| php_integer_key(key))
        .max()
        .map_or(0, |largest| largest.saturating_add(1).max(0))
        .to_string()
}

/// PHP stores a key that is a canonical decimal integer ("5", "-3", not "05" or "+5") as an integer.
fn php_integer_key(key: &str) -> Option<i64> {
    let number: i64 = key.parse().ok()?;
    (number.to_string() == key).then_some(number)
}

/// Turns every nested PHP array whose keys are exactly 0..n-1 in order into a JSON array, as
/// `json_encode` would print it, so `select[]=A&select[]=B` reads like `{"select": ["A", "B"]}`.
fn lists_to_arrays(value: &mut Value) {
    let Value::Object(map) = value else { return };
    for child in map.values_mut() {
        lists_to_arrays(child);
    }
    let sequential = map
        .keys()
        .enumerate()
        .all(|(index, key)| *key == index.to_string());
    if sequential && !map.is_empty() {
        let items = std::mem::take(map)
            .into_iter()
            .map(|(_, item)| item)
            .collect();
        *value = Value::Array(items);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    fn parsed(input: &str) -> Value {
        Value::Object(parse_str(input))
    }

    #[test]
    fn nested_keys_follow_php() {
        assert_eq!(
            parsed(
                "fields[TITLE]=x&fields[PHONE][0][VALUE]=112233&fields[PHONE][0][VALUE_TYPE]=WORK\
                 &select[]=ID&select[]=TITLE&filter[>DATE_CREATE]=2024-01-01\
                 &filter[@ID][]=1&filter[@ID][]=2&order[ID]=ASC"
            ),
            json!({
                "fields": {"TITLE": "x", "PHONE": [{"VALUE": "112233", "VALUE_TYPE": "WORK"}]},
                "select": ["ID", "TITLE"],
                "filter": {">DATE_CREATE": "2024-01-01", "@ID": ["1", "2"]},
                "order": {"ID": "ASC"},
            })
        );
    }

    #[test]
    fn top_level_numeric_keys_stay_object_keys() {
        let params = parsed("0=123&1[POST_MESSAGE]=hi");
        assert_eq!(params, json!({"0": "123", "1": {"POST_MESSAGE": "hi"}}));
        let keys: Vec<&String> = params.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["0", "1"]);
    }

    #[test]
    fn keys_that_are_not_a_list_stay_an_object() {
        assert_eq!(
            parsed("fields[UF][5]=x&a[1]=y&b[0]=p&b[2]=q&c[01]=r"),
            json!({"fields": {"UF": {"5": "x"}}, "a": {"1": "y"}, "b": {"0": "p", "2": "q"}, "c": {"01": "r"}})
        );
    }

    #[test]
    fn decoding_uses_plus_as_space_and_keeps_encoded_separators_literal() {
        assert_eq!(
            parsed("fields[TITLE]=Deal+%26fields%5BASSIGNED_BY_ID%5D%3D5&x=%D0%9F%D1%80%D0%B8%2B"),
            json!({"fields": {"TITLE": "Deal &fields[ASSIGNED_BY_ID]=5"}, "x": "При+"})
        );
    }

    #[test]
    fn odd_names_follow_php() {
        assert_eq!(
            parsed("a.b=1&c d=2&e[=3&=4&[x]=5&f[g]h=6&i[j]k[l]=7&m&&n=8=9"),
            json!({"a_b": "1", "c_d": "2", "e_": "3", "f": {"g": "6"}, "i": {"j": "7"}, "m": "", "n": "8=9"})
        );
        assert_eq!(parsed("o.p[q.r=1"), json!({"o_p_q.r": "1"}));
    }

    #[test]
    fn later_pairs_overwrite_and_scalars_become_arrays() {
        assert_eq!(parsed("a=1&a=2"), json!({"a": "2"}));
        assert_eq!(parsed("a=1&a[b]=2"), json!({"a": {"b": "2"}}));
        assert_eq!(parsed("a[5]=x&a[]=y"), json!({"a": {"5": "x", "6": "y"}}));
    }

    #[test]
    fn json_body_wins_over_the_query_and_keeps_types() {
        let body = br#"{"filter": {">OPPORTUNITY": 10000}, "start": 50}"#;
        assert_eq!(
            from_request(Some("auth=abc&start=0"), Body::Json(body)),
            json!({"auth": "abc", "start": 50, "filter": {">OPPORTUNITY": 10000}})
        );
    }

    #[test]
    fn positional_json_array_is_kept_unless_a_query_shifts_it_into_keys() {
        let body = br#"[123, {"POST_MESSAGE": "hi"}]"#;
        assert_eq!(
            from_request(None, Body::Json(body)),
            json!([123, {"POST_MESSAGE": "hi"}])
        );
        assert_eq!(
            from_request(Some("request_id=7"), Body::Json(body)),
            json!({"request_id": "7", "0": 123, "1": {"POST_MESSAGE": "hi"}})
        );
    }

    #[test]
    fn invalid_json_and_get_bodies_are_ignored() {
        assert_eq!(
            from_request(Some("a=1"), Body::Json(b"{not json")),
            json!({"a": "1"})
        );
        assert_eq!(
            from_request(Some("a=1"), Body::classify(false, None, b"a=2&b=3")),
            json!({"a": "1"})
        );
    }

    #[test]
    fn classify_reads_the_media_type() {
        assert!(matches!(
            Body::classify(true, Some("Application/JSON; charset=utf-8"), b""),
            Body::Json(_)
        ));
        assert!(matches!(
            Body::classify(true, Some("application/x-www-form-urlencoded"), b""),
            Body::Form(_)
        ));
        assert!(matches!(Body::classify(true, None, b""), Body::Form(_)));
    }

    /// Encodes a value the way PHP's `http_build_query` does, brackets percent-encoded or not.
    fn encode(prefix: &str, value: &Value, raw_brackets: bool, out: &mut Vec<String>) {
        let bracket = |key: &str| {
            if raw_brackets {
                format!("{prefix}[{}]", component(key))
            } else {
                format!("{prefix}%5B{}%5D", component(key))
            }
        };
        match value {
            Value::String(text) => out.push(format!("{prefix}={}", component(text))),
            Value::Array(items) => {
                for (index, item) in items.iter().enumerate() {
                    encode(&bracket(&index.to_string()), item, raw_brackets, out);
                }
            }
            Value::Object(map) => {
                for (key, item) in map {
                    encode(&bracket(key), item, raw_brackets, out);
                }
            }
            other => unreachable!("the strategy makes no {other}"),
        }
    }

    fn component(text: &str) -> String {
        percent_encoding::utf8_percent_encode(text, percent_encoding::NON_ALPHANUMERIC)
            .to_string()
            .replace("%20", "+")
    }

    fn nested() -> impl Strategy<Value = Value> {
        let leaf = any::<String>().prop_map(Value::String);
        leaf.prop_recursive(4, 32, 4, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 1..4).prop_map(Value::Array),
                prop::collection::vec(("[A-Za-z_][A-Za-z0-9_>=<@%!]{0,6}", inner), 1..4)
                    .prop_map(|entries| Value::Object(entries.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #[test]
        fn any_nested_structure_survives_encode_then_parse(
            top in prop::collection::vec(("[A-Za-z_][A-Za-z0-9_]{0,8}", nested()), 1..5),
            raw_brackets in any::<bool>(),
        ) {
            let expected: Map<String, Value> = top.into_iter().collect();
            let mut pairs = Vec::new();
            for (key, value) in &expected {
                encode(key, value, raw_brackets, &mut pairs);
            }
            prop_assert_eq!(parse_str(&pairs.join("&")), expected);
        }
    }
}
