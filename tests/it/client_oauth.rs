use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use b24bot::b24::{Auth, Client, Kind, OAuth, Tokens};
use secrecy::{ExposeSecret, SecretString};
use serde_json::json;
use wiremock::matchers::{body_partial_json, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{self, ok, portal_error};

fn tokens(access: &str, refresh: &str) -> Tokens {
    Tokens {
        access_token: SecretString::from(access.to_owned()),
        refresh_token: SecretString::from(refresh.to_owned()),
    }
}

/// A client of the application `app.123` holding the old tokens; the portal the test mounts
/// hands out the new ones. The log watch searches every line for all of them.
async fn oauth_client(server: &MockServer, stored: Arc<Mutex<Vec<String>>>) -> Client {
    for secret in [
        "client-secret",
        "old-access",
        "old-refresh",
        "new-access",
        "new-refresh",
    ] {
        support::logwatch::watch(secret);
    }
    let endpoint = url::Url::parse(&format!("{}/rest/", server.uri())).unwrap();
    let oauth = OAuth::new(
        endpoint,
        "app.123",
        SecretString::from("client-secret".to_owned()),
        tokens("old-access", "old-refresh"),
        Arc::new(move |tokens: &Tokens| {
            stored
                .lock()
                .unwrap()
                .push(tokens.refresh_token.expose_secret().to_owned());
        }),
    )
    .with_token_url(url::Url::parse(&format!("{}/oauth/token/", server.uri())).unwrap());
    Client::builder(Auth::OAuth(Arc::new(oauth)))
        .retry(support::quick_retry())
        .build()
        .unwrap()
}

#[tokio::test]
async fn an_expired_token_is_refreshed_once_for_all_callers() {
    let server = MockServer::start().await;
    Mock::given(path("/rest/crm.deal.list"))
        .and(body_partial_json(json!({"auth": "old-access"})))
        .respond_with(portal_error(
            401,
            "expired_token",
            "The access token provided has expired",
        ))
        .mount(&server)
        .await;
    Mock::given(path("/rest/crm.deal.list"))
        .and(body_partial_json(json!({"auth": "new-access"})))
        .respond_with(ok(json!([{"ID": "1"}])))
        .mount(&server)
        .await;
    let refreshes = Arc::new(AtomicUsize::new(0));
    let counter = refreshes.clone();
    Mock::given(method("GET"))
        .and(path("/oauth/token/"))
        .and(query_param("grant_type", "refresh_token"))
        .and(query_param("refresh_token", "old-refresh"))
        .and(query_param("client_id", "app.123"))
        .respond_with(move |_: &wiremock::Request| {
            counter.fetch_add(1, Ordering::SeqCst);
            ResponseTemplate::new(200)
                .set_body_json(
                    json!({"access_token": "new-access", "refresh_token": "new-refresh",
                    "expires_in": 3600, "client_endpoint": "https://acme.bitrix24.com/rest/"}),
                )
                .set_delay(std::time::Duration::from_millis(100))
        })
        .mount(&server)
        .await;
    let stored = Arc::new(Mutex::new(Vec::new()));
    let client = oauth_client(&server, stored.clone()).await;
    let calls: Vec<_> = (0..5)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { client.call("crm.deal.list", &json!({})).await })
        })
        .collect();
    for call in calls {
        assert_eq!(call.await.unwrap().unwrap().result, json!([{"ID": "1"}]));
    }
    assert_eq!(refreshes.load(Ordering::SeqCst), 1, "single-flight refresh");
    assert_eq!(*stored.lock().unwrap(), ["new-refresh"]);
}

#[tokio::test]
async fn a_refused_refresh_is_an_auth_error() {
    let server = MockServer::start().await;
    Mock::given(path("/rest/user.current"))
        .respond_with(portal_error(
            401,
            "invalid_token",
            "Unable to get application by token",
        ))
        .mount(&server)
        .await;
    Mock::given(path("/oauth/token/"))
        .respond_with(
            ResponseTemplate::new(400).set_body_json(
                json!({"error": "invalid_grant", "error_description": "Invalid grant"}),
            ),
        )
        .mount(&server)
        .await;
    let client = oauth_client(&server, Arc::new(Mutex::new(Vec::new()))).await;
    let error = client.call("user.current", &json!({})).await.unwrap_err();
    assert_eq!(error.kind(), Kind::Auth);
}

#[tokio::test]
async fn positional_arguments_carry_the_token_in_the_query() {
    let server = MockServer::start().await;
    Mock::given(path("/rest/task.commentitem.add"))
        .and(query_param("auth", "old-access"))
        .and(wiremock::matchers::body_json(
            json!([456, {"POST_MESSAGE": "done"}]),
        ))
        .respond_with(ok(json!(3141)))
        .mount(&server)
        .await;
    let client = oauth_client(&server, Arc::new(Mutex::new(Vec::new()))).await;
    let envelope = client
        .call(
            "task.commentitem.add",
            &json!([456, {"POST_MESSAGE": "done"}]),
        )
        .await
        .unwrap();
    assert_eq!(envelope.result, json!(3141));
}
