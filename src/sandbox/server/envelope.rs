//! The answer around a method's result (§2): `{"result", "total"?, "next"?, "time"}` on success,
//! `{"error", "error_description"}` without `time` on failure, both as PHP writes JSON.

use std::time::Duration;

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use jiff::Timestamp;
use jiff::tz::TimeZone;
use serde_json::{Map, Value};

use super::php_json;
use crate::sandbox::error::ApiError;
use crate::sandbox::limits::Operating;
use crate::sandbox::methods::Output;

/// When a call ran and what it cost, for a `time` object.
#[derive(Debug, Clone, Copy)]
pub struct Timing {
    pub start: Timestamp,
    pub finish: Timestamp,
    /// Time inside the method itself.
    pub processing: Duration,
    /// The method's operating time after this call; `None` for calls that are not charged (the
    /// outer batch), which report `"operating": 0` and no reset time.
    pub operating: Option<Operating>,
}

impl Timing {
    /// The `time` object, its dates in the portal's time zone as PHP's `date('c')` prints them.
    pub fn to_json(self, zone: &TimeZone) -> Value {
        let seconds = |at: Timestamp| at.as_microsecond() as f64 / 1e6;
        let date = |at: Timestamp| {
            at.to_zoned(zone.clone())
                .strftime("%Y-%m-%dT%H:%M:%S%:z")
                .to_string()
        };
        let mut time = Map::new();
        time.insert("start".into(), seconds(self.start).into());
        time.insert("finish".into(), seconds(self.finish).into());
        let duration = self.finish.duration_since(self.start).as_secs_f64();
        time.insert("duration".into(), duration.into());
        time.insert("processing".into(), self.processing.as_secs_f64().into());
        time.insert("date_start".into(), date(self.start).into());
        time.insert("date_finish".into(), date(self.finish).into());
        match self.operating {
            Some(operating) => {
                // Rounded up: a client that waits until this second must find the bucket gone.
                let reset = later(self.finish, operating.reset_in);
                let reset_at = reset.as_second() + i64::from(reset.subsec_nanosecond() > 0);
                time.insert("operating_reset_at".into(), reset_at.into());
                time.insert("operating".into(), operating.seconds.into());
            }
            None => {
                time.insert("operating".into(), 0.into());
            }
        }
        Value::Object(time)
    }
}

/// `start` moved on by `elapsed`; a portal clock set to the end of time stays there.
pub fn later(start: Timestamp, elapsed: Duration) -> Timestamp {
    let elapsed = jiff::SignedDuration::try_from(elapsed).unwrap_or(jiff::SignedDuration::MAX);
    start.saturating_add(elapsed).unwrap_or(start)
}

/// A successful answer: the method's output lifted into the envelope.
pub fn success(output: Output, time: Value) -> Response {
    let mut envelope = Map::new();
    envelope.insert("result".into(), output.result);
    if let Some(total) = output.total {
        envelope.insert("total".into(), total.into());
    }
    if let Some(next) = output.next {
        envelope.insert("next".into(), next.into());
    }
    envelope.insert("time".into(), time);
    json_response(StatusCode::OK, &Value::Object(envelope))
}

pub fn failure(error: &ApiError) -> Response {
    let status = StatusCode::from_u16(error.status).unwrap_or(StatusCode::BAD_REQUEST);
    json_response(status, &error.to_json())
}

fn json_response(status: StatusCode, body: &Value) -> Response {
    match php_json::to_vec(body) {
        // The headers a portal sends with every REST answer; browser clients need the CORS one.
        Ok(bytes) => (
            status,
            [
                (
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("application/json; charset=utf-8"),
                ),
                (
                    header::ACCESS_CONTROL_ALLOW_ORIGIN,
                    HeaderValue::from_static("*"),
                ),
                (
                    header::X_CONTENT_TYPE_OPTIONS,
                    HeaderValue::from_static("nosniff"),
                ),
            ],
            bytes,
        )
            .into_response(),
        // What a portal answers when its encoder fails (§1.5).
        Err(cause) => {
            tracing::error!(error = %cause, "answer could not be encoded as JSON");
            failure(&ApiError::bad_request(
                "WRONG_ENCODING",
                "Wrong request encoding",
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_has_the_portal_shape() {
        let start: Timestamp = "2025-09-09T13:31:11.509725Z".parse().unwrap();
        let timing = Timing {
            start,
            finish: start + Duration::from_millis(250),
            processing: Duration::from_millis(200),
            operating: Some(Operating {
                seconds: 1.5,
                reset_in: Duration::from_secs(600),
            }),
        };
        let zone = TimeZone::get("Europe/Moscow").unwrap();
        let time = timing.to_json(&zone);
        let keys: Vec<&String> = time.as_object().unwrap().keys().collect();
        assert_eq!(
            keys,
            [
                "start",
                "finish",
                "duration",
                "processing",
                "date_start",
                "date_finish",
                "operating_reset_at",
                "operating"
            ]
        );
        assert_eq!(time["start"], 1757424671.509725);
        assert_eq!(time["date_start"], "2025-09-09T16:31:11+03:00");
        assert_eq!(time["date_finish"], "2025-09-09T16:31:11+03:00");
        // 13:31:11.759725 plus 600 s, rounded up to the next whole second.
        assert_eq!(time["operating_reset_at"], 1757424671 + 601);
        assert!((time["duration"].as_f64().unwrap() - 0.25).abs() < 1e-9);

        let batch = Timing {
            operating: None,
            ..timing
        }
        .to_json(&zone);
        assert_eq!(batch["operating"], 0);
        assert!(batch.get("operating_reset_at").is_none());
    }
}
