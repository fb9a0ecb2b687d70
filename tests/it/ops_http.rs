//! The operations server: `/healthz`, `/readyz` saying what is wrong, and `/metrics` scraped
//! after real traffic, in process and from the `b24bot run` binary (with JSON logs that carry
//! each message's span and no secret and no message text).

use std::process::{Command, Stdio};
use std::time::Duration;

use b24bot::b24::{Auth, Client, Kind, RetryPolicy, WebhookUrl};
use b24bot::channels::bitrix24::BOT_CODE;
use b24bot::ops::health::Health;
use b24bot::ops::http;
use b24bot::store::Store;
use serde_json::{Value, json};
use tokio_util::sync::CancellationToken;
use wiremock::MockServer;

use crate::reminders;
use crate::support::chat::{self, Chat};
use crate::support::logwatch;
use crate::support::telegram::{Chat as TgChat, FakeTelegram, Incoming, TOKEN, TgUser};
use crate::support::telegram_bot::WAIT;
use crate::support::{self, answers, ok, portal_error};

/// Serves `health`'s routes on a loopback port; returns the base URL and what stops it.
async fn serve(health: Health) -> (String, CancellationToken) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let stop = CancellationToken::new();
    tokio::spawn(http::serve(listener, http::router(health), stop.clone()));
    (base, stop)
}

async fn get(url: &str) -> (u16, String) {
    let response = reqwest::get(url).await.unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

/// The value of one series in a Prometheus text page, 0 when absent. `series` is the name
/// with its labels as the exporter writes them, e.g. `m_total{a="x",b="y"}`.
fn sample(page: &str, series: &str) -> f64 {
    page.lines()
        .find_map(|line| line.strip_prefix(series)?.strip_prefix(' '))
        .map(|value| value.trim().parse().unwrap())
        .unwrap_or(0.0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readyz_names_each_problem_until_everything_works() {
    let sandbox = chat::sandbox().await;
    let store = Store::in_memory().await.unwrap();
    let portal = chat::portal(&sandbox);
    let health = Health::new(store.clone(), portal.clone());
    health.expect_channel("telegram");
    let (base, stop) = serve(health.clone()).await;

    assert_eq!(get(&format!("{base}/healthz")).await, (200, "ok\n".into()));
    let (status, body) = get(&format!("{base}/readyz")).await;
    assert_eq!(status, 503);
    assert_eq!(
        body,
        "not ready:\n- the portal has not answered yet\n- telegram has not polled yet\n"
    );

    portal.call("server.time", &json!({})).await.unwrap();
    health.channel_polled("telegram");
    assert_eq!(
        get(&format!("{base}/readyz")).await,
        (200, "ready\n".into())
    );

    store.close().await;
    let (status, body) = get(&format!("{base}/readyz")).await;
    assert_eq!(status, 503);
    assert!(
        body.starts_with("not ready:\n- the database does not take writes: "),
        "{body}"
    );
    assert_eq!(body.lines().count(), 2, "{body}");
    stop.cancel();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_count_messages_replies_failures_forms_and_rest_requests() {
    let sandbox = chat::sandbox_at_start().await;
    let store = Store::in_memory().await.unwrap();
    let (base, stop) = serve(Health::new(store, chat::portal(&sandbox))).await;
    let scrape = || async { get(&format!("{base}/metrics")).await };
    // Other tests of this binary record into the same process-wide recorder, so each check
    // is on how much a series grew, at least what this test did.
    let (status, before) = scrape().await;
    assert_eq!(status, 200);

    let chat_store = Store::in_memory().await.unwrap();
    let mut chat = Chat::with_store(&sandbox, chat_store.clone(), 3).await;
    chat.say("/deals").await;
    chat.say("/deals").await;
    chat.say("/deal 999999").await;
    chat.say("/deal new Acme").await;
    chat.say("50000").await;
    // A database gone away: the message is answered with an apology, counted by kind.
    chat_store.close().await;
    chat.say("/deals").await;

    let (_, after) = scrape().await;
    let grew = |series: &str| sample(&after, series) - sample(&before, series);
    assert!(
        grew(r#"b24bot_messages_total{channel="console",intent="deal.list"}"#) >= 2.0,
        "{after}"
    );
    assert!(grew(r#"b24bot_messages_total{channel="console",intent="deal.show"}"#) >= 1.0);
    assert!(grew(r#"b24bot_messages_total{channel="console",intent="deal.create"}"#) >= 1.0);
    assert!(grew(r#"b24bot_messages_total{channel="console",intent="form.answer"}"#) >= 1.0);
    assert!(grew(r#"b24bot_replies_total{channel="console"}"#) >= 6.0);
    assert!(
        grew(r#"b24bot_errors_total{kind="store"}"#) >= 1.0,
        "{after}"
    );
    assert!(grew(r#"b24bot_rest_requests_total{method="batch",outcome="ok"}"#) >= 1.0);
    assert!(grew(r#"b24bot_limiter_wait_seconds_count{lane="interactive"}"#) >= 3.0);
    assert!(
        after.contains("# TYPE b24bot_limiter_wait_seconds histogram"),
        "{after}"
    );
    assert!(
        after
            .lines()
            .any(|line| line.starts_with("b24bot_open_forms "))
    );
    stop.cancel();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_count_the_portals_limit_refusals() {
    let server = MockServer::start().await;
    answers(
        &server,
        "server.time",
        vec![
            portal_error(503, "QUERY_LIMIT_EXCEEDED", "Too many requests"),
            portal_error(429, "OPERATION_TIME_LIMIT", "Method is blocked"),
            ok(json!("2026-03-02T10:00:00+03:00")),
        ],
    )
    .await;
    let store = Store::in_memory().await.unwrap();
    // No retries: each refusal comes back at once (a 429 would otherwise wait out its
    // method's operating-time window).
    let portal = Client::builder(Auth::Webhook(support::webhook(&server)))
        .retry(RetryPolicy {
            limit_retries: 0,
            ..support::quick_retry()
        })
        .build()
        .unwrap();
    let (base, stop) = serve(Health::new(store, portal.clone())).await;
    let (_, before) = get(&format!("{base}/metrics")).await;
    let params = json!({});
    let call = || portal.call("server.time", &params);
    assert_eq!(call().await.unwrap_err().kind(), Kind::Throttled);
    assert_eq!(call().await.unwrap_err().kind(), Kind::OperatingTimeLimit);
    call().await.unwrap();
    let (_, after) = get(&format!("{base}/metrics")).await;
    let grew = |series: &str| sample(&after, series) - sample(&before, series);
    assert!(
        grew(r#"b24bot_rest_limit_refusals_total{status="503"}"#) >= 1.0,
        "{after}"
    );
    assert!(grew(r#"b24bot_rest_limit_refusals_total{status="429"}"#) >= 1.0);
    assert!(grew(r#"b24bot_rest_requests_total{method="server.time",outcome="throttled"}"#) >= 1.0);
    assert!(
        grew(r#"b24bot_rest_requests_total{method="server.time",outcome="operating_time_limit"}"#)
            >= 1.0
    );
    assert!(grew(r#"b24bot_rest_requests_total{method="server.time",outcome="ok"}"#) >= 1.0);
    stop.cancel();
}

/// `b24bot run` as deployed: health, readiness and metrics on `HTTP_ADDR`, `b24bot health`
/// for the image's HEALTHCHECK, and JSON logs with one span per message.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_running_bot_serves_health_readiness_and_metrics_and_logs_json() {
    let fake = FakeTelegram::start().await;
    let sandbox = chat::sandbox().await;
    let dir = tempfile::tempdir().unwrap();
    let addr = free_address();
    let base = format!("http://{addr}");
    let database = format!("sqlite://{}", dir.path().join("bot.db").display());
    let webhook = sandbox.webhook(1).unwrap().url.clone();
    let api_url = fake.api_url();
    let mut child = Command::new(env!("CARGO_BIN_EXE_b24bot"))
        .arg("run")
        .current_dir(dir.path())
        .env_clear()
        .envs([
            ("BITRIX24_WEBHOOK_URL", webhook.as_str()),
            ("TELEGRAM_BOT_TOKEN", TOKEN),
            ("TELEGRAM_API_URL", &api_url),
            ("DATABASE_URL", &database),
            ("HTTP_ADDR", &addr),
            ("LOG_FORMAT", "json"),
            ("RUST_LOG", "info"),
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    fake.wait_for_polls(1, WAIT).await;
    let deadline = std::time::Instant::now() + WAIT;
    loop {
        match reqwest::get(format!("{base}/readyz")).await {
            Ok(response) if response.status() == 200 => break,
            _ => assert!(std::time::Instant::now() < deadline, "never ready"),
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(get(&format!("{base}/healthz")).await.0, 200);
    assert_eq!(health_command(&addr).await, Some(0));

    let user = TgUser::new(640, "Eve");
    fake.inject(Incoming::text(
        &TgChat::private(&user),
        &user,
        "/help zebra7731",
    ));
    fake.wait_for_messages(user.id, 1, WAIT).await;
    let (status, page) = get(&format!("{base}/metrics")).await;
    assert_eq!(status, 200);
    assert_eq!(
        sample(
            &page,
            r#"b24bot_messages_total{channel="telegram",intent="help"}"#
        ),
        1.0,
        "{page}"
    );
    assert_eq!(
        sample(&page, r#"b24bot_replies_total{channel="telegram"}"#),
        1.0
    );
    // With only the webhook's scopes to go by, the Bitrix24 chat runs too, as a bot.
    assert!(
        sample(
            &page,
            r#"b24bot_rest_requests_total{method="imbot.v2.Event.get",outcome="ok"}"#
        ) >= 1.0,
        "{page}"
    );
    assert!(
        page.contains(r#"b24bot_poll_lag_seconds{channel="telegram"}"#),
        "{page}"
    );
    // An employee writes to the Bitrix24 chat bot: that channel's lag is reported too.
    let store = Store::open(&database).await.unwrap();
    let bot = store
        .bot_registration(BOT_CODE)
        .await
        .unwrap()
        .and_then(|registration| registration.bot_id)
        .expect("the chat bot registered");
    store.close().await;
    let employee = Client::builder(Auth::Webhook(
        WebhookUrl::parse(&sandbox.webhook(3).unwrap().url).unwrap(),
    ))
    .build()
    .unwrap();
    employee
        .call(
            "im.message.add",
            &json!({"DIALOG_ID": bot, "MESSAGE": "/help"}),
        )
        .await
        .unwrap();
    let lag = r#"b24bot_poll_lag_seconds{channel="bitrix24"}"#;
    let deadline = std::time::Instant::now() + WAIT;
    while !get(&format!("{base}/metrics")).await.1.contains(lag) {
        assert!(std::time::Instant::now() < deadline, "no {lag}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    support::terminate(&mut child, WAIT).await;
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(health_command(&addr).await, Some(1), "the bot is gone");

    let logs = String::from_utf8(output.stderr).unwrap();
    let lines: Vec<Value> = logs
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|_| panic!("not JSON: {line}")))
        .collect();
    let answered = lines
        .iter()
        .find(|line| line["fields"]["message"] == "answered")
        .unwrap_or_else(|| panic!("no line for the message: {logs}"));
    assert_eq!(answered["span"]["channel"], "telegram");
    assert_eq!(answered["span"]["user"], "640");
    assert_eq!(answered["span"]["intent"], "help");
    assert!(
        !logs.contains("zebra7731"),
        "message text in the logs: {logs}"
    );
    // Info, not debug: debug lines may hold message text, which this test keeps out of info.
    logwatch::watch(&crate::bitrix24_channel::bot_token(&database).await);
    logwatch::assert_no_secret("the bot's logs", &logs);
}

/// `b24bot health` against `addr`: its exit code.
async fn health_command(addr: &str) -> Option<i32> {
    let mut command = Command::new(env!("CARGO_BIN_EXE_b24bot"));
    command
        .arg("health")
        .env_clear()
        .env("HTTP_ADDR", addr)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    tokio::task::spawn_blocking(move || command.status().unwrap().code())
        .await
        .unwrap()
}

fn free_address() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().to_string()
}

#[test]
fn a_wrong_log_format_stops_run_with_exit_2_naming_the_variable() {
    let dir = tempfile::tempdir().unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_b24bot"))
        .arg("run")
        .current_dir(dir.path())
        .env_clear()
        .env("LOG_FORMAT", "xml")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(output.stderr).unwrap(),
        "LOG_FORMAT: expected pretty or json\n"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_count_reminders_sent_and_skipped() {
    let sandbox = chat::sandbox_at_start().await;
    let (base, stop) = serve(Health::new(
        Store::in_memory().await.unwrap(),
        chat::portal(&sandbox),
    ))
    .await;
    let (_, before) = get(&format!("{base}/metrics")).await;
    let store = Store::in_memory().await.unwrap();
    let _chat = Chat::with_store(&sandbox, store.clone(), 3).await;
    let (scheduler, _pushed) = reminders::scheduler(&sandbox, &store).await;
    // John's task #2 is due at 14:00 UTC: reminded at 13:00 ...
    reminders::set_clock(&sandbox, "2026-03-02T13:00:30Z").await;
    scheduler.tick().await.unwrap();
    // ... and its overdue notice of the next morning, more than an hour late, is folded.
    reminders::set_clock(&sandbox, "2026-03-03T11:00:00Z").await;
    scheduler.tick().await.unwrap();
    let (_, after) = get(&format!("{base}/metrics")).await;
    let grew = |series: &str| sample(&after, series) - sample(&before, series);
    assert!(grew("b24bot_reminders_sent_total") >= 1.0, "{after}");
    assert!(
        grew(r#"b24bot_reminders_skipped_total{reason="late"}"#) >= 1.0,
        "{after}"
    );
    stop.cancel();
}
