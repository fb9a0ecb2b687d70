//! A loopback portal that answers list methods and `batch` with `$result` references, enough
//! to check that the client reads long lists in the fewest HTTP requests.

use std::collections::HashMap;

use serde_json::{Map, Value, json};
use wiremock::{Request, Respond, ResponseTemplate};

/// A portal holding `rows` records with ids 1..=rows.
pub struct FakeList {
    pub rows: u64,
}

impl FakeList {
    fn page(
        &self,
        query: &HashMap<String, String>,
        results: &Map<String, Value>,
    ) -> Result<(Value, Option<u64>), String> {
        let after = match query
            .get("filter[>ID]")
            .or_else(|| query.get("FILTER[>ID]"))
        {
            None => 0,
            Some(text) => resolve(text, results)?
                .as_str()
                .and_then(|id| id.parse().ok())
                .ok_or("filter >ID is not an id")?,
        };
        let start: i64 = query.get("start").and_then(|s| s.parse().ok()).unwrap_or(0);
        let skip = if start > 0 {
            (start as u64 / 50) * 50
        } else {
            0
        };
        let ids: Vec<u64> = (after + 1..=self.rows)
            .skip(skip as usize)
            .take(50)
            .collect();
        let rows: Vec<Value> = ids
            .iter()
            .map(|id| json!({"ID": id.to_string(), "TITLE": format!("Deal {id}")}))
            .collect();
        let total = (start >= 0).then(|| self.rows.saturating_sub(after));
        Ok((Value::Array(rows), total))
    }
}

/// The portal's rule: a whole-value reference takes the value found, stopping at the last level.
fn resolve(text: &str, results: &Map<String, Value>) -> Result<Value, String> {
    let Some(path) = text.strip_prefix("$result") else {
        return Ok(Value::String(text.to_owned()));
    };
    let segments: Vec<&str> = path
        .trim_start_matches('[')
        .trim_end_matches(']')
        .split("][")
        .collect();
    let mut value = results.get(segments[0]).ok_or("unknown reference")?;
    for segment in &segments[1..] {
        let next = match value {
            Value::Array(items) => segment.parse::<usize>().ok().and_then(|i| items.get(i)),
            Value::Object(map) => map.get(*segment),
            _ => None,
        };
        match next {
            Some(next) => value = next,
            None => break,
        }
    }
    Ok(value.clone())
}

fn query_of(text: &str) -> HashMap<String, String> {
    url::form_urlencoded::parse(text.as_bytes())
        .into_owned()
        .collect()
}

impl Respond for FakeList {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let method = request.url.path().rsplit('/').next().unwrap_or_default();
        let body: Value = serde_json::from_slice(&request.body).unwrap_or_default();
        if method != "batch" {
            let query: HashMap<String, String> = match &body {
                Value::Object(map) => map
                    .iter()
                    .filter_map(|(k, v)| Some((k.clone(), v.as_u64()?.to_string())))
                    .collect(),
                _ => HashMap::new(),
            };
            let (rows, total) = self.page(&query, &Map::new()).expect("a plain page");
            let start: u64 = query.get("start").and_then(|s| s.parse().ok()).unwrap_or(0);
            let mut answer = json!({"result": rows, "total": total, "time": {}});
            if start + 50 < self.rows {
                answer["next"] = json!(start + 50);
            }
            return ResponseTemplate::new(200).set_body_json(answer);
        }
        let mut results = Map::new();
        let mut errors = Map::new();
        let mut totals = Map::new();
        for (key, line) in body["cmd"].as_object().cloned().unwrap_or_default() {
            let line = line.as_str().unwrap_or_default();
            let (_, query) = line.split_once('?').unwrap_or((line, ""));
            match self.page(&query_of(query), &results) {
                Ok((rows, total)) => {
                    results.insert(key.clone(), rows);
                    if let Some(total) = total {
                        totals.insert(key, json!(total));
                    }
                }
                Err(error) => {
                    errors.insert(key, json!({"error": "", "error_description": error}));
                    if body["halt"] == json!(1) {
                        break;
                    }
                }
            }
        }
        let map_or_empty = |map: Map<String, Value>| {
            if map.is_empty() {
                json!([])
            } else {
                Value::Object(map)
            }
        };
        ResponseTemplate::new(200).set_body_json(json!({
            "result": {
                "result": map_or_empty(results),
                "result_error": map_or_empty(errors),
                "result_total": map_or_empty(totals),
                "result_next": [],
                "result_time": [],
            },
            "time": {}
        }))
    }
}
