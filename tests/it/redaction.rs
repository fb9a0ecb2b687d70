use std::error::Error as _;
use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use b24bot::b24::{Auth, Client};
use serde_json::json;
use tracing_subscriber::fmt::MakeWriter;
use wiremock::matchers::path;
use wiremock::{Mock, MockServer};

use crate::support::{self, SECRET, method_path, ok, portal_error};

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Captured {
    type Writer = Captured;

    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

/// Everything an error can show: its text, its debug form, and its causes.
fn every_rendering(error: &b24bot::b24::Error) -> String {
    let mut text = format!("{error}\n{error:?}\n");
    let mut cause = error.source();
    while let Some(inner) = cause {
        text.push_str(&format!("{inner}\n{inner:?}\n"));
        cause = inner.source();
    }
    text
}

#[tokio::test]
async fn the_webhook_secret_appears_in_no_error_and_no_log_line() {
    let logs = Captured::default();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(logs.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let server = MockServer::start().await;
    Mock::given(path(method_path("crm.deal.list")))
        .respond_with(portal_error(500, "INTERNAL_SERVER_ERROR", "boom"))
        .mount(&server)
        .await;
    Mock::given(path(method_path("crm.deal.add")))
        .respond_with(ok(json!(1)).set_delay(Duration::from_millis(300)))
        .mount(&server)
        .await;
    support::answers(
        &server,
        "crm.deal.update",
        vec![
            portal_error(503, "QUERY_LIMIT_EXCEEDED", "Too many requests"),
            ok(json!(true)),
        ],
    )
    .await;
    let client = Client::builder(Auth::Webhook(support::webhook(&server)))
        .retry(support::quick_retry())
        .timeout(Duration::from_millis(100))
        .build()
        .unwrap();
    let unreachable = support::unreachable_webhook();
    let offline = Client::builder(Auth::Webhook(unreachable.clone()))
        .retry(support::quick_retry())
        .build()
        .unwrap();

    let mut rendered = String::new();
    for error in [
        client.call("crm.deal.list", &json!({})).await.unwrap_err(),
        client
            .call("crm.deal.add", &json!({"fields": {}}))
            .await
            .unwrap_err(),
        offline
            .call("crm.deal.get", &json!({"id": 1}))
            .await
            .unwrap_err(),
    ] {
        rendered.push_str(&every_rendering(&error));
    }
    client
        .call("crm.deal.update", &json!({"id": 1}))
        .await
        .unwrap();
    rendered.push_str(&format!("{client:?}\n{unreachable}\n{unreachable:?}\n"));

    let logs = String::from_utf8(logs.0.lock().unwrap().clone()).unwrap();
    assert!(
        logs.contains("retrying a failed read"),
        "the logs were captured: {logs}"
    );
    assert!(logs.contains("portal request limit reached"));
    assert!(rendered.contains("/rest/1/***/"));
    assert!(!rendered.contains(SECRET), "{rendered}");
    assert!(!logs.contains(SECRET), "{logs}");
}
