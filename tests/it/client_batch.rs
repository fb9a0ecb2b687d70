use std::sync::{Arc, Mutex};

use b24bot::b24::batch::reference;
use b24bot::b24::{Batch, Kind};
use serde_json::{Map, Value, json};
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

use crate::support::{self, method_path};

/// Answers every command of a batch with its method and decoded parameters, and fails the
/// commands whose method is `fail.me`. Records each batch body it received.
#[derive(Clone, Default)]
struct EchoBatch {
    bodies: Arc<Mutex<Vec<Value>>>,
}

impl Respond for EchoBatch {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let body: Value = serde_json::from_slice(&request.body).unwrap();
        self.bodies.lock().unwrap().push(body.clone());
        let halt = body["halt"] == json!(1);
        let (mut results, mut errors) = (Map::new(), Map::new());
        for (key, line) in body["cmd"].as_object().unwrap() {
            let line = line.as_str().unwrap();
            let (method, query) = line.split_once('?').unwrap_or((line, ""));
            if method == "fail.me" {
                errors.insert(
                    key.clone(),
                    json!({"error": "", "error_description": "Not found"}),
                );
                if halt {
                    break;
                }
                continue;
            }
            let params: Map<String, Value> = url::form_urlencoded::parse(query.as_bytes())
                .map(|(k, v)| (k.into_owned(), Value::String(v.into_owned())))
                .collect();
            results.insert(key.clone(), json!({"method": method, "params": params}));
        }
        let or_empty = |map: Map<String, Value>| {
            if map.is_empty() {
                json!([])
            } else {
                Value::Object(map)
            }
        };
        ResponseTemplate::new(200).set_body_json(json!({"result": {
            "result": or_empty(results), "result_error": or_empty(errors),
            "result_total": [], "result_next": [], "result_time": []}, "time": {}}))
    }
}

async fn echo_server() -> (MockServer, EchoBatch) {
    let server = MockServer::start().await;
    let echo = EchoBatch::default();
    Mock::given(path(method_path("batch")))
        .respond_with(echo.clone())
        .mount(&server)
        .await;
    (server, echo)
}

#[tokio::test]
async fn commands_are_method_query_lines_with_references() {
    let (server, echo) = echo_server().await;
    let mut batch = Batch::new();
    batch
        .add("user", "user.current", json!({}))
        .add(
            "department",
            "department.get",
            json!({"ID": reference("user", &["UF_DEPARTMENT", "0"])}),
        )
        .add(
            "deals",
            "crm.deal.list",
            json!({"filter": {"STAGE_ID": "NEW"}, "select": ["ID", "TITLE"]}),
        );
    let results = support::client(&server).batch(batch).await;
    let body = echo.bodies.lock().unwrap()[0].clone();
    assert_eq!(
        body,
        json!({"halt": 0, "cmd": {
            "user": "user.current",
            "department": "department.get?ID=%24result%5Buser%5D%5BUF_DEPARTMENT%5D%5B0%5D",
            "deals": "crm.deal.list?filter%5BSTAGE_ID%5D=NEW&select%5B0%5D=ID&select%5B1%5D=TITLE",
        }})
    );
    let deals = results.get("deals").unwrap();
    assert_eq!(deals.result["params"]["select[1]"], json!("TITLE"));
}

#[tokio::test]
async fn a_hundred_and_twenty_commands_go_in_three_requests() {
    let (server, echo) = echo_server().await;
    let mut batch = Batch::new();
    for i in 0..120 {
        let id = match i {
            60 => json!(reference("c10", &["params", "id"])),
            61 => json!(reference("c55", &["params", "id"])),
            _ => json!(i),
        };
        batch.add(format!("c{i}"), "crm.deal.get", json!({"id": id}));
    }
    let results = support::client(&server).batch(batch).await;
    let bodies = echo.bodies.lock().unwrap().clone();
    let sizes: Vec<usize> = bodies
        .iter()
        .map(|b| b["cmd"].as_object().unwrap().len())
        .collect();
    assert_eq!(sizes, [50, 50, 20]);
    assert_eq!(
        bodies[1]["cmd"]["c60"],
        json!("crm.deal.get?id=10"),
        "filled in from an earlier chunk"
    );
    assert_eq!(
        bodies[1]["cmd"]["c61"],
        json!("crm.deal.get?id=%24result%5Bc55%5D%5Bparams%5D%5Bid%5D"),
        "left for the portal within its own chunk"
    );
    for i in 0..120 {
        assert!(results.get(&format!("c{i}")).is_ok(), "c{i}");
    }
    assert_eq!(
        results.get("c119").unwrap().result["params"]["id"],
        json!("119")
    );
}

#[tokio::test]
async fn per_command_errors_and_halt() {
    let (server, echo) = echo_server().await;
    let mut batch = Batch::new();
    batch
        .add("a", "crm.deal.get", json!({"id": 1}))
        .add("b", "fail.me", json!({}))
        .add("c", "crm.deal.get", json!({"id": 3}));
    let results = support::client(&server).batch(batch).await;
    assert!(results.get("a").is_ok() && results.get("c").is_ok());
    let error = results.get("b").unwrap_err();
    assert_eq!((error.kind(), error.method()), (Kind::NotFound, "fail.me"));

    let mut batch = Batch::new().halt_on_error();
    for i in 0..60 {
        batch.add(
            format!("k{i}"),
            if i == 1 { "fail.me" } else { "crm.deal.get" },
            json!({"id": i}),
        );
    }
    let results = support::client(&server).batch(batch).await;
    assert_eq!(
        echo.bodies.lock().unwrap().len(),
        2,
        "the second chunk is not sent after a halt"
    );
    assert_eq!(echo.bodies.lock().unwrap()[1]["halt"], json!(1));
    assert!(results.get("k0").is_ok());
    assert_eq!(results.get("k1").unwrap_err().kind(), Kind::NotFound);
    assert!(results.get("k2").is_err());
    assert!(results.get("k55").is_err());
    let decoded: Value = results.result("k0").unwrap();
    assert_eq!(decoded["method"], json!("crm.deal.get"));
}

#[tokio::test]
async fn a_failed_batch_request_is_reported_for_each_command() {
    let server = MockServer::start().await;
    Mock::given(path(method_path("batch")))
        .respond_with(support::portal_error(
            500,
            "INTERNAL_SERVER_ERROR",
            "Internal error",
        ))
        .mount(&server)
        .await;
    let mut batch = Batch::new();
    batch.add("deal", "crm.deal.add", json!({"fields": {"TITLE": "x"}}));
    let results = support::client(&server).batch(batch).await;
    assert_eq!(
        results.get("deal").unwrap_err().kind(),
        Kind::OutcomeUnknown
    );
    assert_eq!(
        support::count(&server, "batch").await,
        1,
        "a batch that writes is not repeated"
    );
}
