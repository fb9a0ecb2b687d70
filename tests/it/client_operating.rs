use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde_json::json;
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{self, count, method_path, ok, portal_error};

#[tokio::test]
async fn after_a_429_the_method_waits_for_its_reset_and_others_go_on() {
    let server = MockServer::start().await;
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs_f64();
    let reset_at = now.ceil() as i64 + 1;
    let first = ResponseTemplate::new(200).set_body_json(json!({
        "result": [], "total": 0,
        "time": {"start": now, "finish": now, "operating": 479.5, "operating_reset_at": reset_at}
    }));
    let refused = portal_error(
        429,
        "OPERATION_TIME_LIMIT",
        "Method is blocked due to operation time limit.",
    );
    support::answers(
        &server,
        "crm.deal.list",
        vec![first, refused, ok(json!([]))],
    )
    .await;
    Mock::given(path(method_path("crm.contact.list")))
        .respond_with(ok(json!([])))
        .mount(&server)
        .await;
    let client = support::client(&server);
    client.call("crm.deal.list", &json!({})).await.unwrap();

    let started = Instant::now();
    let blocked = tokio::spawn({
        let client = client.clone();
        async move { client.call("crm.deal.list", &json!({})).await }
    });
    tokio::time::sleep(Duration::from_millis(200)).await;
    client.call("crm.contact.list", &json!({})).await.unwrap();
    let other_method_done = started.elapsed();
    blocked.await.unwrap().unwrap();
    let blocked_done = started.elapsed();

    assert!(
        other_method_done < Duration::from_millis(600),
        "{other_method_done:?}"
    );
    assert!(
        blocked_done >= Duration::from_millis(900),
        "waited only {blocked_done:?}"
    );
    assert_eq!(count(&server, "crm.deal.list").await, 3);
}

#[tokio::test]
async fn a_wait_longer_than_allowed_gives_up_with_the_limit() {
    let server = MockServer::start().await;
    Mock::given(path(method_path("crm.deal.list")))
        .respond_with(portal_error(
            429,
            "OPERATION_TIME_LIMIT",
            "Method is blocked due to operation time limit.",
        ))
        .mount(&server)
        .await;
    let client =
        b24bot::b24::Client::builder(b24bot::b24::Auth::Webhook(support::webhook(&server)))
            .retry(b24bot::b24::RetryPolicy {
                max_operating_wait: Duration::from_secs(5),
                ..support::quick_retry()
            })
            .build()
            .unwrap();
    let error = client.call("crm.deal.list", &json!({})).await.unwrap_err();
    assert_eq!(error.kind(), b24bot::b24::Kind::OperatingTimeLimit);
    assert_eq!(count(&server, "crm.deal.list").await, 1);
}
