//! Shared test harness: loopback portals (wiremock) and clients pointed at them.

pub mod chat;
pub mod fake_list;
pub mod logwatch;
pub mod soak;
pub mod telegram;
pub mod telegram_bot;

use std::time::Duration;

use b24bot::b24::{Auth, Client, RetryPolicy, WebhookUrl};
use serde_json::{Value, json};
use wiremock::ResponseTemplate;
use wiremock::matchers::path;
use wiremock::{Mock, MockServer};

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

/// Mounts the answers for one method in order: each but the last answers once, the last answers
/// every call after.
pub async fn answers(server: &MockServer, method: &str, answers: Vec<ResponseTemplate>) {
    let last = answers.len().saturating_sub(1);
    for (index, answer) in answers.into_iter().enumerate() {
        let mock = Mock::given(path(method_path(method))).respond_with(answer);
        let mock = if index < last {
            mock.up_to_n_times(1)
        } else {
            mock
        };
        mock.mount(server).await;
    }
}

/// A webhook on a loopback port nobody listens on.
pub fn unreachable_webhook() -> WebhookUrl {
    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    let address = closed.local_addr().expect("a bound address");
    drop(closed);
    WebhookUrl::parse(&format!("http://{address}/rest/1/{SECRET}/")).expect("a valid webhook")
}

/// Sends SIGTERM to a process the test started and waits, at most `wait`, for it to exit.
pub async fn terminate(
    child: &mut std::process::Child,
    wait: Duration,
) -> std::process::ExitStatus {
    let signalled = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(signalled.success());
    let deadline = std::time::Instant::now() + wait;
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "no exit after SIGTERM"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}
