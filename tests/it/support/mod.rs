//! Shared test harness: loopback portals (wiremock) and clients pointed at them.

pub mod fake_list;

use std::time::Duration;

use b24bot::b24::{Auth, Client, RetryPolicy, WebhookUrl};
use serde_json::{Value, json};
use wiremock::MockServer;
use wiremock::ResponseTemplate;

/// The webhook secret every test portal uses; redaction tests look for it everywhere.
pub const SECRET: &str = "s3cr3tw3bh00k";

pub fn webhook(server: &MockServer) -> WebhookUrl {
    WebhookUrl::parse(&format!("{}/rest/1/{SECRET}/", server.uri())).expect("a valid webhook")
}

pub fn method_path(method: &str) -> String {
    format!("/rest/1/{SECRET}/{method}")
}

/// Retries without the production pauses, so tests stay quick.
pub fn quick_retry() -> RetryPolicy {
    RetryPolicy {
        base_delay: Duration::from_millis(5),
        max_delay: Duration::from_millis(20),
        ..RetryPolicy::default()
    }
}

pub fn client(server: &MockServer) -> Client {
    Client::builder(Auth::Webhook(webhook(server)))
        .retry(quick_retry())
        .build()
        .expect("the client starts")
}

/// A success as a portal sends it.
pub fn ok(result: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "result": result,
        "time": {"start": 1.0, "finish": 1.01, "duration": 0.01, "processing": 0.005,
                 "date_start": "2026-03-02T10:00:00+03:00", "date_finish": "2026-03-02T10:00:00+03:00"}
    }))
}

pub fn portal_error(status: u16, code: &str, description: &str) -> ResponseTemplate {
    ResponseTemplate::new(status)
        .set_body_json(json!({"error": code, "error_description": description}))
}

/// How many requests the server received for one method.
pub async fn count(server: &MockServer, method: &str) -> usize {
    let path = method_path(method);
    server
        .received_requests()
        .await
        .unwrap_or_default()
        .iter()
        .filter(|request| request.url.path() == path)
        .count()
}
