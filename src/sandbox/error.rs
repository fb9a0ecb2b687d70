//! The error a portal method answers with: `{"error": code, "error_description": text}` and an HTTP
//! status. Codes differ by method family (`""`, `"0"`, `ERROR_CORE`, `NOT_FOUND`, ...), so the code
//! is free text chosen by each method, as on a real portal.

use serde_json::{Value, json};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub status: u16,
    pub code: String,
    pub description: String,
}

impl ApiError {
    pub fn new(status: u16, code: impl Into<String>, description: impl Into<String>) -> Self {
        Self {
            status,
            code: code.into(),
            description: description.into(),
        }
    }

    /// Most method-level errors of a real portal are HTTP 400.
    pub fn bad_request(code: impl Into<String>, description: impl Into<String>) -> Self {
        Self::new(400, code, description)
    }

    pub fn method_not_found() -> Self {
        Self::new(404, "ERROR_METHOD_NOT_FOUND", "Method not found!")
    }

    pub fn insufficient_scope() -> Self {
        Self::new(
            401,
            "insufficient_scope",
            "The request requires higher privileges than provided by the webhook token",
        )
    }

    pub fn to_json(&self) -> Value {
        json!({"error": self.code, "error_description": self.description})
    }
}
