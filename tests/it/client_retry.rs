use std::time::Duration;

use b24bot::b24::{Auth, Client, Kind};
use serde_json::json;
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{self, count, method_path, ok, portal_error};

#[tokio::test]
async fn a_read_is_retried_after_a_server_fault() {
    let server = MockServer::start().await;
    let fault = || portal_error(500, "INTERNAL_SERVER_ERROR", "Internal server error");
    support::answers(
        &server,
        "crm.deal.list",
        vec![fault(), fault(), ok(json!([]))],
    )
    .await;
    let envelope = support::client(&server)
        .call("crm.deal.list", &json!({}))
        .await
        .unwrap();
    assert_eq!(envelope.result, json!([]));
    assert_eq!(count(&server, "crm.deal.list").await, 3);
}

#[tokio::test]
async fn a_read_gives_up_after_its_retries() {
    let server = MockServer::start().await;
    Mock::given(path(method_path("crm.deal.get")))
        .respond_with(ResponseTemplate::new(502).set_body_string("<html>Bad gateway</html>"))
        .mount(&server)
        .await;
    let error = support::client(&server)
        .call("crm.deal.get", &json!({"id": 1}))
        .await
        .unwrap_err();
    assert_eq!(error.kind(), Kind::ServerFault);
    assert_eq!(
        count(&server, "crm.deal.get").await,
        4,
        "one call and three retries"
    );
}

#[tokio::test]
async fn a_write_that_met_a_server_fault_is_not_repeated() {
    let server = MockServer::start().await;
    Mock::given(path(method_path("crm.deal.add")))
        .respond_with(portal_error(500, "INTERNAL_SERVER_ERROR", ""))
        .mount(&server)
        .await;
    let error = support::client(&server)
        .call("crm.deal.add", &json!({"fields": {"TITLE": "Acme"}}))
        .await
        .unwrap_err();
    assert_eq!(error.kind(), Kind::OutcomeUnknown);
    assert_eq!(count(&server, "crm.deal.add").await, 1);
}

#[tokio::test]
async fn a_write_that_timed_out_is_not_repeated_but_a_read_is() {
    let server = MockServer::start().await;
    for method in ["tasks.task.complete", "tasks.task.get"] {
        Mock::given(path(method_path(method)))
            .respond_with(ok(json!({"task": {}})).set_delay(Duration::from_millis(400)))
            .mount(&server)
            .await;
    }
    let client = Client::builder(Auth::Webhook(support::webhook(&server)))
        .retry(support::quick_retry())
        .timeout(Duration::from_millis(100))
        .build()
        .unwrap();
    let error = client
        .call("tasks.task.complete", &json!({"taskId": 5}))
        .await
        .unwrap_err();
    assert_eq!(error.kind(), Kind::OutcomeUnknown);
    assert_eq!(count(&server, "tasks.task.complete").await, 1);
    let error = client
        .call("tasks.task.get", &json!({"taskId": 5}))
        .await
        .unwrap_err();
    assert_eq!(error.kind(), Kind::Network);
    assert_eq!(count(&server, "tasks.task.get").await, 4);
}

#[tokio::test]
async fn a_throttled_write_is_retried_because_it_did_not_run() {
    let server = MockServer::start().await;
    support::answers(
        &server,
        "im.message.add",
        vec![
            portal_error(503, "QUERY_LIMIT_EXCEEDED", "Too many requests"),
            portal_error(
                503,
                "OVERLOAD_LIMIT",
                "REST API is blocked due to overload.",
            ),
            ok(json!(34239)),
        ],
    )
    .await;
    let envelope = support::client(&server)
        .call(
            "im.message.add",
            &json!({"DIALOG_ID": "5", "MESSAGE": "hi"}),
        )
        .await
        .unwrap();
    assert_eq!(envelope.result, json!(34239));
    assert_eq!(count(&server, "im.message.add").await, 3);
}

#[tokio::test]
async fn a_write_that_could_not_connect_may_be_sent_again() {
    let webhook = support::unreachable_webhook();
    let client = Client::builder(Auth::Webhook(webhook))
        .retry(support::quick_retry())
        .build()
        .unwrap();
    let error = client
        .call("crm.deal.add", &json!({"fields": {"TITLE": "Acme"}}))
        .await
        .unwrap_err();
    assert_eq!(
        error.kind(),
        Kind::Network,
        "the request never left: no doubt about the outcome"
    );
}
