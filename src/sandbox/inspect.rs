//! The inspection API under `/sandbox/`, for tests, the demo and benchmarks: what reached each
//! employee, the portal clock, the registered bots, the REST calls received, and a reset. JSON, no
//! webhook needed; only the sandbox serves it, never a portal.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use jiff::Timestamp;
use serde::Serialize;
use serde_json::json;

use super::clock::ClockChange;
use super::server::Portal;

/// One REST call as `GET /sandbox/requests` lists it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RequestRecord {
    /// The method as the URL named it (without `.json`).
    pub method: String,
    /// The user id of the URL; `None` when it is not a number.
    pub user_id: Option<u64>,
    pub status: u16,
    /// The `error` code of a failed call.
    pub error: Option<String>,
    /// The methods a batch ran, in order.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub commands: Option<Vec<String>>,
    /// When the call arrived, on the portal clock.
    pub time: Timestamp,
}

/// A demo portal may run for days; past this many records the oldest are dropped.
const MAX_RECORDS: usize = 100_000;

/// The calls received since the log was last cleared, oldest first.
#[derive(Debug, Default)]
pub struct RequestLog {
    records: Mutex<VecDeque<RequestRecord>>,
}

impl RequestLog {
    pub fn record(&self, record: RequestRecord) {
        let mut records = self.lock();
        if records.len() == MAX_RECORDS {
            records.pop_front();
        }
        records.push_back(record);
    }

    pub fn list(&self) -> Vec<RequestRecord> {
        self.lock().iter().cloned().collect()
    }

    pub fn clear(&self) {
        self.lock().clear();
    }

    fn lock(&self) -> MutexGuard<'_, VecDeque<RequestRecord>> {
        // A record is pushed whole, so a poisoned log is still a valid log.
        self.records.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

pub(super) fn routes() -> Router<Arc<Portal>> {
    Router::new()
        .route("/sandbox/inbox/{user_id}", get(inbox))
        .route("/sandbox/clock", get(clock).post(move_clock))
        .route("/sandbox/bots", get(bots))
        .route("/sandbox/requests", get(requests).delete(clear_requests))
        .route("/sandbox/reset", post(reset))
}

async fn inbox(State(portal): State<Arc<Portal>>, Path(user_id): Path<u64>) -> Response {
    Json(portal.data().inbox(user_id)).into_response()
}

async fn clock(State(portal): State<Arc<Portal>>) -> Response {
    Json(json!({"now": portal.clock().now()})).into_response()
}

/// Reads the body as JSON whatever its `Content-Type`, so a bare `curl -d '{"advance_s": 60}'` works.
async fn move_clock(State(portal): State<Arc<Portal>>, body: Bytes) -> Response {
    match serde_json::from_slice::<ClockChange>(&body) {
        Ok(change) => Json(json!({"now": portal.clock().change(change)})).into_response(),
        Err(error) => bad_request(format!(
            "expected {{\"now\": RFC 3339}} or {{\"advance_s\": seconds}}: {error}"
        )),
    }
}

async fn bots(State(portal): State<Arc<Portal>>) -> Response {
    Json(portal.data().bots()).into_response()
}

async fn requests(State(portal): State<Arc<Portal>>) -> Response {
    Json(portal.requests().list()).into_response()
}

async fn clear_requests(State(portal): State<Arc<Portal>>) -> StatusCode {
    portal.requests().clear();
    StatusCode::NO_CONTENT
}

async fn reset(State(portal): State<Arc<Portal>>) -> Response {
    match portal.reset() {
        Ok(()) => Json(json!({"reset": true, "now": portal.clock().now()})).into_response(),
        Err(error) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            Json(json!({"error": format!("{error:#}")})),
        )
            .into_response(),
    }
}

fn bad_request(message: String) -> Response {
    (StatusCode::BAD_REQUEST, Json(json!({"error": message}))).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(method: &str) -> RequestRecord {
        RequestRecord {
            method: method.to_owned(),
            user_id: Some(1),
            status: 200,
            error: None,
            commands: None,
            time: Timestamp::UNIX_EPOCH,
        }
    }

    #[test]
    fn keeps_the_newest_records_in_order() {
        let log = RequestLog::default();
        for index in 0..MAX_RECORDS + 2 {
            log.record(record(&index.to_string()));
        }
        let records = log.list();
        assert_eq!(records.len(), MAX_RECORDS);
        assert_eq!(records[0].method, "2");
        assert_eq!(
            records[MAX_RECORDS - 1].method,
            (MAX_RECORDS + 1).to_string()
        );
        log.clear();
        assert!(log.list().is_empty());
    }
}
