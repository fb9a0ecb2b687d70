//! `kill -9` of the real `b24bot run` at random moments while people fill in forms over Telegram,
//! then a restart on the same SQLite file: no form is lost (a Confirm pressed after a restart
//! still finds its form), no record is created twice, and every user finishes. A user who is
//! told the outcome is unknown does what the message asks: looks in Bitrix24, and starts again
//! only if the record is not there.

use std::collections::HashMap;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use b24bot::b24::Kind;
use b24bot::sandbox::server::Sandbox;
use b24bot::store::{EmployeeId, Store};
use jiff::Timestamp;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::{Value, json};

use crate::support::chat::{deals_titled, portal, sandbox};
use crate::support::telegram::{Chat, FakeTelegram, Incoming, TOKEN, TgUser};
use crate::support::telegram_bot::telegram_user;
use crate::support::{logwatch, soak};

/// How long the whole run may take before a user counts as unable to finish.
const DEADLINE: Duration = Duration::from_secs(240);
/// A user who heard nothing for this long writes (or presses) again, as people do.
const PATIENCE: Duration = Duration::from_secs(4);

/// Each run of the bot logs at debug level to its own file, which is searched for secrets.
fn start_bot(sandbox: &Sandbox, fake: &FakeTelegram, dir: &Path, run: usize) -> Running {
    let log = std::fs::File::create(dir.join(format!("run-{run}.log"))).unwrap();
    Command::new(env!("CARGO_BIN_EXE_b24bot"))
        .arg("run")
        .current_dir(dir)
        .env_clear()
        .env("BITRIX24_WEBHOOK_URL", &sandbox.webhook(1).unwrap().url)
        .env("DATABASE_URL", database_url(dir))
        .env("TELEGRAM_BOT_TOKEN", TOKEN)
        .env("TELEGRAM_API_URL", fake.api_url())
        .env("BOT_LANG", "en")
        .env("HTTP_ADDR", "127.0.0.1:0")
        // Telegram's forms are the subject here; the Bitrix24 chat would share the portal's
        // budget with the test's own checks.
        .env("B24_CHAT_MODE", "off")
        .env("RUST_LOG", "debug")
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .map(Running)
        .expect("the bot starts")
}

/// A bot process killed with SIGKILL when dropped, so a failing test leaves none behind.
struct Running(Child);

impl Running {
    fn kill(&mut self) {
        self.0.kill().expect("SIGKILL is sent");
        self.0.wait().expect("the killed bot is reaped");
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Ok(None) = self.0.try_wait() {
            self.kill();
        }
    }
}

fn database_url(dir: &Path) -> String {
    format!("sqlite://{}", dir.join("bot.db").display())
}

/// Where one user stands.
#[derive(Default, Debug)]
struct Progress {
    /// Messages of the chat already read.
    read: usize,
    /// The Confirm button in hand: (message id, callback data).
    confirm: Option<(i64, String)>,
    /// When the user last wrote or pressed.
    acted: Option<tokio::time::Instant>,
    /// Previews asked for and not yet seen.
    awaited: u32,
    done: bool,
    attempts: u32,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_at_random_the_bot_loses_no_form_and_writes_nothing_twice() {
    let flows = soak::size(12, 100);
    let kills = soak::size(6, 40);
    let sandbox = sandbox().await;
    let fake = FakeTelegram::start().await;
    let dir = tempfile::tempdir().unwrap();
    let users: Vec<TgUser> = (0..flows)
        .map(|n| TgUser::new(900_000 + n as i64, &format!("Soak{n}")))
        .collect();
    let store = Store::open(&database_url(dir.path())).await.unwrap();
    for (n, user) in users.iter().enumerate() {
        let employee = EmployeeId(1 + (n as u64 % 8));
        store
            .link(&telegram_user(user), employee, Timestamp::now())
            .await
            .unwrap();
    }
    store.close().await;

    let mut bot = start_bot(&sandbox, &fake, dir.path(), 0);
    let mut rng = StdRng::seed_from_u64(9);
    let mut next_kill = tokio::time::Instant::now() + pause(&mut rng);
    let mut killed = 0;
    let mut progress: HashMap<i64, Progress> = HashMap::new();
    let started = tokio::time::Instant::now();
    while progress.values().filter(|p| p.done).count() < flows {
        assert!(
            started.elapsed() < DEADLINE,
            "users unable to finish: {:?}",
            users
                .iter()
                .filter(|u| !progress.get(&u.id).is_some_and(|p| p.done))
                .map(|u| u.id)
                .collect::<Vec<_>>()
        );
        if killed < kills && tokio::time::Instant::now() >= next_kill {
            bot.kill();
            killed += 1;
            bot = start_bot(&sandbox, &fake, dir.path(), killed);
            next_kill = tokio::time::Instant::now() + pause(&mut rng);
        }
        for (n, user) in users.iter().enumerate() {
            let state = progress.entry(user.id).or_default();
            if !state.done {
                step(&fake, &sandbox, user, n, state).await;
            }
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    drop(bot);

    assert!(killed > 0, "the users finished before the first kill");
    let retried = progress.values().filter(|p| p.attempts > 2).count();
    eprintln!("{killed} kills; {retried} of {flows} users had to repeat themselves");
    for n in 0..flows {
        let found = companies_titled(&sandbox, &title(n)).await;
        assert_eq!(found.len(), 1, "{}: {found:?}", title(n));
    }
    for answer in fake.callback_answers() {
        assert!(
            !answer
                .text
                .as_deref()
                .unwrap_or_default()
                .contains("no longer active"),
            "a Confirm found its form gone after a restart: {answer:?}"
        );
    }
    // The demo's deals are untouched: only the forms wrote.
    assert!(deals_titled(&sandbox, &title(0)).await.is_empty());
    no_secret_logged(dir.path(), killed);
}

/// Not one line any run logged holds a secret the log watch knows: the portal's webhook
/// secrets and the Telegram token among them.
fn no_secret_logged(dir: &Path, runs: usize) {
    let mut lines = 0;
    for run in 0..=runs {
        let log = std::fs::read_to_string(dir.join(format!("run-{run}.log"))).unwrap();
        lines += log.lines().count();
        logwatch::assert_no_secret(&format!("run {run}'s log"), &log);
    }
    assert!(
        lines > runs,
        "the runs logged {lines} lines: the check saw nothing"
    );
}

fn pause(rng: &mut StdRng) -> Duration {
    Duration::from_millis(rng.random_range(100..800))
}

fn title(n: usize) -> String {
    format!("Soak company {n}")
}

/// The test's own look at the portal waits its turn: the bot spends the same portal's budget
/// (each restart asks for the time and scans reminders), and its limiter is not ours.
async fn companies_titled(sandbox: &Sandbox, title: &str) -> Vec<Value> {
    loop {
        match portal(sandbox)
            .list_all(
                "crm.company.list",
                &json!({"filter": {"TITLE": title}, "select": ["ID"]}),
            )
            .await
        {
            Ok(found) => return found,
            Err(error) if error.kind() == Kind::Throttled => {
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
            Err(error) => panic!("the portal refused the check: {error}"),
        }
    }
}

/// Reads what the bot sent since the last look and does what a person would next.
async fn step(
    fake: &FakeTelegram,
    sandbox: &Sandbox,
    user: &TgUser,
    n: usize,
    state: &mut Progress,
) {
    let sent = fake.sent(user.id);
    for message in &sent[state.read..] {
        let text = message.text.clone().unwrap_or_default();
        assert!(
            !text.contains("no longer active") && !text.contains("expired"),
            "{}: the form was lost: {text}",
            title(n)
        );
        if text.contains("created") || text.contains("already saved") {
            state.done = true;
        } else if text.contains("don't know whether") {
            // The outcome is unknown: look in Bitrix24, as the message asks, before repeating.
            state.confirm = None;
            state.done = !companies_titled(sandbox, &title(n)).await.is_empty();
            state.acted = None;
        }
        if let Some(data) = confirm_data(message.reply_markup.as_ref()) {
            state.confirm = Some((message.message_id, data));
            state.awaited = state.awaited.saturating_sub(1);
            if state.awaited == 0 {
                state.acted = None;
            }
        }
    }
    state.read = sent.len();
    if state.done {
        return;
    }
    // A preview for an earlier request is superseded by the form the later one starts: a person
    // who asked twice waits for the newer preview, and only gives up on it after a long while.
    let patience = if state.awaited > 0 {
        PATIENCE * 4
    } else {
        PATIENCE
    };
    let waited_enough = state.acted.is_none_or(|at| at.elapsed() >= patience);
    if !waited_enough {
        return;
    }
    state.attempts += 1;
    state.acted = Some(tokio::time::Instant::now());
    let still_shown = |message_id: i64| {
        sent.iter()
            .find(|message| message.message_id == message_id)
            .and_then(|message| confirm_data(message.reply_markup.as_ref()))
            .is_some()
    };
    match &state.confirm {
        Some((message_id, data)) if still_shown(*message_id) => {
            fake.press(user, user.id, *message_id, data);
        }
        Some(_) => {
            // The bot took the keyboard away (the press was taken) but died before saying how it
            // ended: the same situation as an unknown outcome.
            state.confirm = None;
            state.done = !companies_titled(sandbox, &title(n)).await.is_empty();
        }
        None => {
            state.awaited += 1;
            fake.inject(Incoming::text(
                &Chat::private(user),
                user,
                &format!("/company new {}", title(n)),
            ));
        }
    }
}

fn confirm_data(markup: Option<&Value>) -> Option<String> {
    markup?["inline_keyboard"]
        .as_array()?
        .iter()
        .filter_map(Value::as_array)
        .flatten()
        .find(|button| {
            button["text"]
                .as_str()
                .is_some_and(|t| t.contains("Confirm"))
        })
        .and_then(|button| button["callback_data"].as_str().map(str::to_owned))
}
