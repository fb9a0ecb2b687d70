//! Bot API failures as Telegram writes them: the HTTP status repeats `error_code`, and flood
//! control adds `parameters.retry_after`.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

#[derive(Debug)]
pub struct ApiError {
    code: u16,
    description: String,
    retry_after: Option<u64>,
}

pub type ApiResult = Result<Value, ApiError>;

impl ApiError {
    pub fn bad_request(reason: impl Into<String>) -> Self {
        Self {
            code: 400,
            description: format!("Bad Request: {}", reason.into()),
            retry_after: None,
        }
    }

    pub fn unauthorized() -> Self {
        Self::plain(401, "Unauthorized")
    }

    pub fn not_found() -> Self {
        Self::plain(404, "Not Found")
    }

    pub fn blocked() -> Self {
        Self::plain(403, "Forbidden: bot was blocked by the user")
    }

    pub fn conflict(reason: &str) -> Self {
        Self::plain(409, &format!("Conflict: {reason}"))
    }

    pub fn flood(retry_after: u64) -> Self {
        Self {
            code: 429,
            description: format!("Too Many Requests: retry after {retry_after}"),
            retry_after: Some(retry_after),
        }
    }

    /// The reason the same method gives for a callback or inline query it cannot answer.
    pub fn query_too_old() -> Self {
        Self::bad_request("query is too old and response timeout expired or query ID is invalid")
    }

    fn plain(code: u16, description: &str) -> Self {
        Self {
            code,
            description: description.to_owned(),
            retry_after: None,
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut body =
            json!({"ok": false, "error_code": self.code, "description": self.description});
        if let Some(seconds) = self.retry_after {
            body["parameters"] = json!({"retry_after": seconds});
        }
        let status = StatusCode::from_u16(self.code).expect("a valid status");
        (status, Json(body)).into_response()
    }
}
