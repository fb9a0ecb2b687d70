use b24bot::b24::Kind;
use serde_json::json;
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{self, method_path, ok};

#[tokio::test]
async fn a_call_is_a_json_post_to_the_webhook_and_returns_the_envelope() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(method_path("crm.deal.list")))
        .and(header("content-type", "application/json"))
        .and(body_json(json!({"filter": {">OPPORTUNITY": 10000}, "select": ["ID"]})))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "result": [{"ID": "1"}], "total": 51, "next": 50,
            "time": {"start": 1.5, "finish": 1.6, "operating": 0.2, "operating_reset_at": 1700000000}
        })))
        .expect(1)
        .mount(&server)
        .await;
    let envelope = support::client(&server)
        .call(
            "crm.deal.list",
            &json!({"filter": {">OPPORTUNITY": 10000}, "select": ["ID"]}),
        )
        .await
        .unwrap();
    assert_eq!(envelope.result, json!([{"ID": "1"}]));
    assert_eq!((envelope.total, envelope.next), (Some(51), Some(50)));
    assert_eq!(envelope.time.unwrap().operating_reset_at, Some(1700000000));
}

#[tokio::test]
async fn typed_results_and_errors_on_http_200() {
    let server = MockServer::start().await;
    Mock::given(path(method_path("crm.deal.get")))
        .respond_with(ok(
            json!({"ID": "410", "TITLE": "Acme", "OPPORTUNITY": "50000.00", "CLOSED": "N"}),
        ))
        .mount(&server)
        .await;
    Mock::given(path(method_path("crm.status.list")))
        .respond_with(support::portal_error(200, "Invalid parameters.", ""))
        .mount(&server)
        .await;
    let client = support::client(&server);
    let deal: b24bot::b24::model::Deal = client
        .call_as("crm.deal.get", &json!({"id": 410}))
        .await
        .unwrap();
    assert_eq!(deal.title, "Acme");
    assert_eq!(deal.opportunity.unwrap().to_wire(), "50000.00");
    let error = client
        .call("crm.status.list", &json!({}))
        .await
        .unwrap_err();
    assert_eq!(error.kind(), Kind::InvalidInput);
    assert_eq!(error.code(), "Invalid parameters.");
}

#[tokio::test]
async fn portal_errors_keep_their_code_description_and_status() {
    let server = MockServer::start().await;
    Mock::given(path(method_path("crm.deal.get")))
        .respond_with(support::portal_error(400, "", "Not found"))
        .mount(&server)
        .await;
    Mock::given(path(method_path("disk.file.get")))
        .respond_with(support::portal_error(
            401,
            "insufficient_scope",
            "The request requires higher privileges",
        ))
        .mount(&server)
        .await;
    Mock::given(path(method_path("crm.nothing.list")))
        .respond_with(support::portal_error(
            404,
            "ERROR_METHOD_NOT_FOUND",
            "Method not found!",
        ))
        .mount(&server)
        .await;
    let client = support::client(&server);
    let error = client
        .call("crm.deal.get", &json!({"id": 9}))
        .await
        .unwrap_err();
    assert_eq!(
        (
            error.kind(),
            error.code(),
            error.description(),
            error.status()
        ),
        (Kind::NotFound, "", "Not found", Some(400))
    );
    let error = client
        .call("disk.file.get", &json!({"id": 9}))
        .await
        .unwrap_err();
    assert_eq!(error.kind(), Kind::MissingScope);
    let error = client
        .call("crm.nothing.list", &json!({}))
        .await
        .unwrap_err();
    assert_eq!(error.kind(), Kind::UnknownMethod);
    assert_eq!(
        support::count(&server, "crm.deal.get").await,
        1,
        "4xx is never retried"
    );
}

#[tokio::test]
async fn a_renamed_portal_is_not_followed_blindly() {
    let server = MockServer::start().await;
    Mock::given(path(method_path("crm.deal.add")))
        .respond_with(
            ResponseTemplate::new(302)
                .insert_header("location", "https://new.bitrix24.com/rest/1/x/crm.deal.add"),
        )
        .mount(&server)
        .await;
    let error = support::client(&server)
        .call("crm.deal.add", &json!({"fields": {"TITLE": "x"}}))
        .await
        .unwrap_err();
    assert_eq!(error.kind(), Kind::Auth);
    assert!(error.description().contains("new.bitrix24.com"));
    assert_eq!(support::count(&server, "crm.deal.add").await, 1);
}
