//! The response envelope: `result`, `total`, `next`, `time`, or an `error` (even on HTTP 200).

use serde::Deserialize;
use serde_json::Value;

use super::error::{Error, Kind};
use super::model::de;

/// A successful answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Envelope {
    pub result: Value,
    /// Rows in the whole list (list methods only; absent with `start=-1`).
    pub total: Option<u64>,
    /// The `start` of the next page, present only when more rows remain.
    pub next: Option<u64>,
    pub time: Option<Time>,
}

/// Timing the portal reports. Every key is optional: self-hosted portals omit `operating*`, and
/// docs examples disagree on number vs string.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct Time {
    #[serde(deserialize_with = "de::lenient_f64")]
    pub start: Option<f64>,
    #[serde(deserialize_with = "de::lenient_f64")]
    pub finish: Option<f64>,
    #[serde(deserialize_with = "de::lenient_f64")]
    pub duration: Option<f64>,
    #[serde(deserialize_with = "de::lenient_f64")]
    pub processing: Option<f64>,
    /// Seconds this method has run for this webhook in the sliding 10-minute window.
    #[serde(deserialize_with = "de::lenient_f64")]
    pub operating: Option<f64>,
    /// Unix time when the oldest minute of that window expires.
    #[serde(deserialize_with = "de::lenient_unix")]
    pub operating_reset_at: Option<i64>,
}

/// Reads a response body. `status` is the HTTP status; an `error` key is an error whatever it is.
pub fn parse(method: &str, status: u16, body: &[u8]) -> Result<Envelope, Error> {
    let value: Value = match serde_json::from_slice(body) {
        Ok(value) => value,
        Err(cause) => {
            let error = if (200..300).contains(&status) {
                Error::new(
                    Kind::ServerFault,
                    method,
                    "the portal answered with unreadable JSON",
                )
            } else {
                Error::portal(method, Some(status), "", &http_reason(status))
            };
            return Err(error.with_status(status).with_cause(cause));
        }
    };
    let Value::Object(mut object) = value else {
        return Err(Error::new(
            Kind::ServerFault,
            method,
            "the portal answered with a non-object",
        )
        .with_status(status));
    };
    if let Some(code) = object.get("error") {
        let code = scalar_text(code);
        let description = object
            .get("error_description")
            .map(scalar_text)
            .unwrap_or_default();
        return Err(Error::portal(method, Some(status), &code, &description));
    }
    if !(200..300).contains(&status) {
        return Err(Error::portal(
            method,
            Some(status),
            "",
            &http_reason(status),
        ));
    }
    let Some(result) = object.remove("result") else {
        return Err(Error::new(
            Kind::ServerFault,
            method,
            "the portal answered without a result",
        )
        .with_status(status));
    };
    Ok(Envelope {
        result,
        total: object.get("total").and_then(de::u64_of),
        next: object.get("next").and_then(de::u64_of),
        time: object
            .remove("time")
            .and_then(|time| serde_json::from_value(time).ok()),
    })
}

/// The text of an `error` or `error_description` value, which may be a string or a number.
pub(crate) fn scalar_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

fn http_reason(status: u16) -> String {
    let reason = reqwest::StatusCode::from_u16(status)
        .ok()
        .and_then(|status| status.canonical_reason())
        .unwrap_or("unexpected status");
    format!("HTTP {status} {reason}")
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn a_list_page_with_full_time() {
        let body =
            br#"{"result":[{"ID":"1"}],"total":120,"next":50,"time":{"start":1757424671.509725,
            "finish":1757424672.203906,"duration":0.694180965423584,"processing":0.6726489067077637,
            "date_start":"2025-09-09T16:31:11+03:00","date_finish":"2025-09-09T16:31:12+03:00",
            "operating_reset_at":1757425271,"operating":0.6726338863372803}}"#;
        let envelope = parse("crm.deal.list", 200, body).unwrap();
        assert_eq!(envelope.result, json!([{"ID": "1"}]));
        assert_eq!(envelope.total, Some(120));
        assert_eq!(envelope.next, Some(50));
        let time = envelope.time.unwrap();
        assert_eq!(time.operating_reset_at, Some(1757425271));
        assert!((time.operating.unwrap() - 0.6726).abs() < 0.001);
    }

    #[test]
    fn time_without_operating_and_with_an_iso_reset() {
        let body = br#"{"result":true,"time":{"start":1,"finish":"2","operating_reset_at":"2024-08-29T10:44:19+03:00"}}"#;
        let time = parse("crm.deal.update", 200, body).unwrap().time.unwrap();
        assert_eq!(time.operating, None);
        assert_eq!(time.finish, Some(2.0));
        assert_eq!(time.operating_reset_at, Some(1724917459));
    }

    #[test]
    fn an_error_key_is_an_error_even_on_200() {
        let error = parse(
            "crm.status.list",
            200,
            br#"{"error":"Invalid parameters.","error_description":""}"#,
        )
        .unwrap_err();
        assert_eq!(error.code(), "Invalid parameters.");
        assert_eq!(error.kind(), Kind::InvalidInput);
        assert_eq!(error.status(), Some(200));
    }

    #[test]
    fn error_shapes_of_each_family() {
        let cases: [(u16, &[u8], &str, Kind); 7] = [
            (400, br#"{"error":"","error_description":"Not found"}"#, "", Kind::NotFound),
            (400, br#"{"error":"0","error_description":"Action on the task is not allowed"}"#, "0", Kind::AccessDenied),
            (400, br#"{"error":100,"error_description":"Could not find value for parameter {fields}"}"#, "100", Kind::InvalidInput),
            (400, br#"{"error":"ERROR_NOT_FOUND","error_description":"Could not find entity with id `7`"}"#, "ERROR_NOT_FOUND", Kind::NotFound),
            (401, br#"{"error":"insufficient_scope","error_description":"The request requires higher privileges than provided by the webhook token"}"#, "insufficient_scope", Kind::MissingScope),
            (404, br#"{"error":"ERROR_METHOD_NOT_FOUND","error_description":"Method not found!"}"#, "ERROR_METHOD_NOT_FOUND", Kind::UnknownMethod),
            (503, br#"{"error":"QUERY_LIMIT_EXCEEDED","error_description":"Too many requests"}"#, "QUERY_LIMIT_EXCEEDED", Kind::Throttled),
        ];
        for (status, body, code, kind) in cases {
            let error = parse("m", status, body).unwrap_err();
            assert_eq!((error.code(), error.kind()), (code, kind));
        }
    }

    #[test]
    fn html_from_a_proxy_is_a_server_fault_with_its_status() {
        let error = parse("crm.deal.list", 502, b"<html>Bad Gateway</html>").unwrap_err();
        assert_eq!(error.kind(), Kind::ServerFault);
        assert_eq!(error.status(), Some(502));
        let error = parse("crm.deal.list", 200, b"<html>").unwrap_err();
        assert_eq!(error.kind(), Kind::ServerFault);
    }

    #[test]
    fn a_success_without_result_is_a_fault() {
        let error = parse("x", 200, br#"{"time":{}}"#).unwrap_err();
        assert_eq!(error.kind(), Kind::ServerFault);
    }
}
