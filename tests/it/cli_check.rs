//! `b24bot check` as a newcomer runs it: against the sandbox (the full webhook, the restricted
//! one, a portal whose clock is a day off), the fake Telegram server (a good and a refused
//! token), and with settings missing.

use std::process::{Command, Output, Stdio};

use crate::support::telegram::{BOT_USERNAME, FakeTelegram, TOKEN};
use crate::support::{chat, logwatch};

/// Runs `b24bot check` in an empty directory with exactly `env`; returns its output, in which
/// no line may hold a secret.
async fn check(env: &[(&str, &str)]) -> (Option<i32>, String) {
    let dir = tempfile::tempdir().unwrap();
    let database = format!("sqlite://{}", dir.path().join("bot.db").display());
    let mut command = Command::new(env!("CARGO_BIN_EXE_b24bot"));
    command
        .arg("check")
        .current_dir(dir.path())
        .env_clear()
        .env("DATABASE_URL", &database)
        .envs(env.iter().copied())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let output: Output = tokio::task::spawn_blocking(move || command.output().unwrap())
        .await
        .unwrap();
    logwatch::assert_output_clean(&output);
    let stdout = String::from_utf8(output.stdout).unwrap();
    (output.status.code(), stdout)
}

fn line<'a>(stdout: &'a str, start: &str) -> &'a str {
    stdout
        .lines()
        .find(|line| line.starts_with(start))
        .unwrap_or_else(|| panic!("no line starting {start:?} in:\n{stdout}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_webhook_and_a_good_token_pass_every_check() {
    let sandbox = chat::sandbox().await;
    let fake = FakeTelegram::start().await;
    let webhook = sandbox.webhook(1).unwrap().url.clone();
    let api_url = fake.api_url();
    let (code, stdout) = check(&[
        ("BITRIX24_WEBHOOK_URL", &webhook),
        ("TELEGRAM_BOT_TOKEN", TOKEN),
        ("TELEGRAM_API_URL", &api_url),
    ])
    .await;
    assert_eq!(code, Some(0), "{stdout}");
    assert!(
        line(&stdout, "[ok]   portal").contains("the webhook acts as Alex Morgan (user 1)"),
        "{stdout}"
    );
    assert_eq!(
        line(&stdout, "[ok]   permissions"),
        "[ok]   permissions  the webhook has every permission the bot uses: crm, task, \
         calendar, disk, user, department, im, imbot"
    );
    assert!(
        line(&stdout, "[ok]   clock").contains("the portal"),
        "{stdout}"
    );
    assert_eq!(
        line(&stdout, "[ok]   telegram"),
        format!("[ok]   telegram     the token belongs to @{BOT_USERNAME}")
    );
    assert!(line(&stdout, "[ok]   database").ends_with("opens and takes writes"));
    assert!(!stdout.contains("[FAIL]"), "{stdout}");
    assert!(stdout.ends_with("Every enabled part works.\n"), "{stdout}");
    let secret = webhook.split('/').nth(5).unwrap();
    assert!(!stdout.contains(secret), "{stdout}");
    // The portal is asked once: one batch of three commands.
    let log: Vec<serde_json::Value> =
        reqwest::get(format!("{}/sandbox/requests", sandbox.base_url()))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
    assert_eq!(log.len(), 1, "{log:?}");
    assert_eq!(log[0]["method"], "batch", "{log:?}");
    assert_eq!(
        log[0]["commands"],
        serde_json::json!(["scope", "user.current", "server.time"])
    );
    assert!(
        !stdout.contains(TOKEN.split_once(':').unwrap().1),
        "{stdout}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restricted_webhook_names_the_missing_permissions_and_how_to_add_them() {
    let sandbox = chat::sandbox().await;
    let webhook = sandbox.restricted_webhook().unwrap().url.clone();
    let (code, stdout) = check(&[("BITRIX24_WEBHOOK_URL", &webhook)]).await;
    assert_eq!(code, Some(1), "{stdout}");
    let start = stdout.find("[FAIL] permissions").expect(&stdout);
    let block: Vec<&str> = stdout[start..].lines().take(5).collect();
    assert_eq!(
        block,
        [
            "[FAIL] permissions  the webhook lacks disk, imbot:",
            "                    - disk for files (drive)",
            "                    - imbot for the bot in Bitrix24 chat",
            "                    To add them: in Bitrix24 open Developer resources → Other → Inbound webhook,",
            "                    edit this webhook, tick disk, imbot under Permissions, and save.",
        ],
        "{stdout}"
    );
    assert!(line(&stdout, "[off]  telegram").contains("TELEGRAM_BOT_TOKEN is not set"));
    assert!(stdout.contains("[ok]   portal"), "{stdout}");
    assert!(stdout.ends_with("1 problem: fix it and run `b24bot check` again.\n"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_token_is_named_without_showing_it() {
    let sandbox = chat::sandbox().await;
    let fake = FakeTelegram::start().await;
    let webhook = sandbox.webhook(1).unwrap().url.clone();
    let api_url = fake.api_url();
    let (code, stdout) = check(&[
        ("BITRIX24_WEBHOOK_URL", &webhook),
        ("TELEGRAM_BOT_TOKEN", "7000000001:wr0ngS3cret"),
        ("TELEGRAM_API_URL", &api_url),
    ])
    .await;
    assert_eq!(code, Some(1), "{stdout}");
    assert!(
        line(&stdout, "[FAIL] telegram").contains("Telegram refuses TELEGRAM_BOT_TOKEN"),
        "{stdout}"
    );
    assert!(!stdout.contains("wr0ngS3cret"), "{stdout}");

    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let nobody = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let (code, stdout) = check(&[
        ("BITRIX24_WEBHOOK_URL", &webhook),
        ("TELEGRAM_BOT_TOKEN", TOKEN),
        ("TELEGRAM_API_URL", &nobody),
    ])
    .await;
    assert_eq!(code, Some(1), "{stdout}");
    assert!(
        line(&stdout, "[FAIL] telegram").contains("Telegram did not answer getMe"),
        "{stdout}"
    );
    assert!(stdout.contains("check TELEGRAM_API_URL"), "{stdout}");
    assert!(
        !stdout.contains(TOKEN.split_once(':').unwrap().1),
        "{stdout}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_clock_a_day_off_and_an_unreachable_portal_are_problems() {
    let sandbox = chat::sandbox().await;
    reqwest::Client::new()
        .post(format!("{}/sandbox/clock", sandbox.base_url()))
        .json(&serde_json::json!({"advance_s": 86_400}))
        .send()
        .await
        .unwrap();
    let webhook = sandbox.webhook(1).unwrap().url.clone();
    let (code, stdout) = check(&[("BITRIX24_WEBHOOK_URL", &webhook)]).await;
    assert_eq!(code, Some(1), "{stdout}");
    let clock = line(&stdout, "[FAIL] clock");
    assert!(
        clock.contains("s behind the portal: set this machine's clock (NTP)"),
        "{stdout}"
    );

    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let unreachable = format!("http://{}/rest/1/s3cr3t/", closed.local_addr().unwrap());
    drop(closed);
    let (code, stdout) = check(&[("BITRIX24_WEBHOOK_URL", &unreachable)]).await;
    assert_eq!(code, Some(1), "{stdout}");
    assert!(
        line(&stdout, "[FAIL] portal").contains("the portal cannot be reached"),
        "{stdout}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_settings_are_named_and_exit_2() {
    let (code, stdout) = check(&[("LOG_FORMAT", "xml")]).await;
    assert_eq!(code, Some(2), "{stdout}");
    assert!(
        line(
            &stdout,
            "[FAIL] settings     BITRIX24_WEBHOOK_URL: is not set"
        )
        .contains("Developer resources"),
        "{stdout}"
    );
    assert_eq!(
        line(&stdout, "[FAIL] settings     LOG_FORMAT"),
        "[FAIL] settings     LOG_FORMAT: expected pretty or json"
    );
    assert!(stdout.contains("[ok]   database"), "{stdout}");
}
