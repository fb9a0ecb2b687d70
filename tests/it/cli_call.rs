use std::process::{Command, Output};

use serde_json::{Value, json};
use wiremock::matchers::{body_json, path, path_regex};
use wiremock::{Mock, MockServer};

use crate::support::{SECRET, fake_list::FakeList, logwatch, method_path, ok, portal_error};

/// Runs `b24bot call …` with only the given settings, in an empty directory (no `.env`); no
/// line it writes may hold a secret.
async fn b24bot(env: &[(&str, String)], args: &[&str]) -> Output {
    let dir = tempfile::tempdir().unwrap();
    let mut command = Command::new(env!("CARGO_BIN_EXE_b24bot"));
    command
        .arg("call")
        .args(args)
        .current_dir(dir.path())
        .env_remove("BITRIX24_WEBHOOK_URL")
        .env_remove("B24_RATE")
        .env_remove("B24_BURST")
        .env_remove("RUST_LOG");
    for (name, value) in env {
        command.env(name, value);
    }
    let output = tokio::task::spawn_blocking(move || command.output().unwrap())
        .await
        .unwrap();
    logwatch::assert_output_clean(&output);
    output
}

fn webhook_env(server: &MockServer) -> Vec<(&'static str, String)> {
    vec![(
        "BITRIX24_WEBHOOK_URL",
        format!("{}/rest/1/{SECRET}/", server.uri()),
    )]
}

/// `env` with every log line on: where a test reads only stdout, stderr can hold the logs the
/// log watch searches.
fn traced(mut env: Vec<(&'static str, String)>) -> Vec<(&'static str, String)> {
    env.push(("RUST_LOG", "trace".to_owned()));
    env
}

#[tokio::test]
async fn prints_the_result_as_json() {
    let server = MockServer::start().await;
    Mock::given(path(method_path("crm.deal.get")))
        .and(body_json(json!({"id": 5})))
        .respond_with(ok(json!({"ID": "5", "TITLE": "Acme"})))
        .mount(&server)
        .await;
    let output = b24bot(
        &traced(webhook_env(&server)),
        &["crm.deal.get", r#"{"id": 5}"#],
    )
    .await;
    assert!(output.status.success(), "{output:?}");
    let printed: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(printed, json!({"ID": "5", "TITLE": "Acme"}));
}

#[tokio::test]
async fn all_prints_every_row_as_one_array() {
    let server = MockServer::start().await;
    Mock::given(path_regex(".*"))
        .respond_with(FakeList { rows: 130 })
        .mount(&server)
        .await;
    let output = b24bot(&traced(webhook_env(&server)), &["crm.deal.list", "--all"]).await;
    assert!(output.status.success(), "{output:?}");
    let printed: Vec<Value> = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(printed.len(), 130);
}

#[tokio::test]
async fn a_portal_error_prints_its_code_and_description_and_exits_1() {
    let server = MockServer::start().await;
    Mock::given(path(method_path("crm.deal.get")))
        .respond_with(portal_error(400, "", "Not found"))
        .mount(&server)
        .await;
    Mock::given(path(method_path("disk.storage.getlist")))
        .respond_with(portal_error(
            401,
            "insufficient_scope",
            "The request requires higher privileges",
        ))
        .mount(&server)
        .await;
    let output = b24bot(&webhook_env(&server), &["crm.deal.get", r#"{"id": 9}"#]).await;
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr).trim(),
        "not found: Not found"
    );
    let output = b24bot(&webhook_env(&server), &["disk.storage.getlist"]).await;
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr).trim(),
        "insufficient_scope: The request requires higher privileges"
    );
}

#[tokio::test]
async fn a_missing_or_malformed_setting_names_the_variable_and_exits_2() {
    let output = b24bot(&[], &["crm.deal.list"]).await;
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with("BITRIX24_WEBHOOK_URL: is not set"),
        "{stderr}"
    );

    let bad = [(
        "BITRIX24_WEBHOOK_URL",
        format!("https://acme.bitrix24.com/rest/{SECRET}/"),
    )];
    let output = b24bot(&bad, &["crm.deal.list"]).await;
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.starts_with("BITRIX24_WEBHOOK_URL: is not a webhook URL"),
        "{stderr}"
    );

    let server = MockServer::start().await;
    let mut env = webhook_env(&server);
    env.push(("B24_BURST", "many".into()));
    let output = b24bot(&env, &["crm.deal.list"]).await;
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).starts_with("B24_BURST: "));

    let output = b24bot(&webhook_env(&server), &["crm.deal.list", "{not json"]).await;
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).starts_with("JSON-PARAMS: "));
}
