//! `b24bot check`: a doctor for a new deployment. It reads the settings, asks the portal once
//! (one `batch`: the webhook's scopes, its owner, the portal's clock), names the permissions
//! each module needs that the webhook lacks and how to add them, shows the clock skew, asks
//! Telegram whose token is set (`getMe`), and proves the database takes writes. It prints one
//! plain English line per part (an operator's tool, like the logs) and exits 0 only when every
//! enabled part works: 1 when one does not, 2 when a setting is wrong.

use std::fmt::Write as _;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use jiff::{SignedDuration, Timestamp};
use serde_json::{Value, json};

use crate::b24::{Auth, Batch, Client, Kind, RetryPolicy};
use crate::channels::telegram;
use crate::config::{self, BotSettings, ConfigError, PortalSettings, Source, TelegramSettings};
use crate::ops::health::database_writable;
use crate::store::{self, Store};

/// What each module needs of the webhook, by the names the webhook's permission list shows.
const MODULES: [(&str, &[&str]); 7] = [
    ("deals, contacts, companies, leads and activities", &["crm"]),
    ("tasks", &["task"]),
    ("the calendar", &["calendar"]),
    ("files (drive)", &["disk"]),
    ("colleagues and departments", &["user", "department"]),
    ("messages, notifications and pairing codes", &["im"]),
    ("the bot in Bitrix24 chat", &["imbot"]),
];

/// Narrower permissions the portal accepts for `user` methods.
const USER_ALTERNATIVES: [&str; 2] = ["user_brief", "user_basic"];

/// A clock further off than this puts reminders and "due today" visibly wrong.
const MAX_SKEW: SignedDuration = SignedDuration::from_secs(60);

/// The doctor answers in seconds, not after the client's patient retries.
const PORTAL_TIMEOUT: Duration = Duration::from_secs(15);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Status {
    Ok,
    Fail,
    Off,
}

/// What was found, printed as it is found.
#[derive(Default)]
struct Report {
    problems: usize,
    wrong_settings: usize,
}

impl Report {
    fn line(&mut self, status: Status, part: &str, text: &str) {
        let mark = match status {
            Status::Ok => "[ok]  ",
            Status::Fail => "[FAIL]",
            Status::Off => "[off] ",
        };
        if status == Status::Fail {
            self.problems += 1;
        }
        let mut lines = text.lines();
        println!("{mark} {part:<12} {}", lines.next().unwrap_or_default());
        for more in lines {
            println!("{:20}{more}", "");
        }
    }

    fn setting(&mut self, error: &ConfigError) {
        self.wrong_settings += 1;
        self.line(Status::Fail, "settings", &error.to_string());
    }

    fn exit_code(&self) -> ExitCode {
        println!();
        match self.problems {
            0 => println!("Every enabled part works."),
            1 => println!("1 problem: fix it and run `b24bot check` again."),
            n => println!("{n} problems: fix them and run `b24bot check` again."),
        }
        if self.wrong_settings > 0 {
            ExitCode::from(2)
        } else if self.problems > 0 {
            ExitCode::FAILURE
        } else {
            ExitCode::SUCCESS
        }
    }
}

pub async fn run() -> ExitCode {
    let mut report = Report::default();
    println!("b24bot check: is this deployment ready?\n");
    if let Err(error) = config::load_dotenv() {
        report.setting(&error);
    }
    let source = config::Environment;
    for error in [
        config::http_addr(&source).err(),
        config::LogFormat::read(&source).err(),
    ]
    .into_iter()
    .flatten()
    {
        report.setting(&error);
    }
    match PortalSettings::read(&source) {
        Ok(settings) => portal(&mut report, settings).await,
        Err(error) => report.setting(&error),
    }
    telegram(&mut report, &source).await;
    match BotSettings::read(&source) {
        Ok(settings) => database(&mut report, settings.database_url.as_deref()).await,
        Err(error) => report.setting(&error),
    }
    report.exit_code()
}

async fn portal(report: &mut Report, settings: PortalSettings) {
    let webhook = settings.webhook.to_string();
    let owner = settings.webhook.user_id();
    let client = Client::builder(Auth::Webhook(settings.webhook))
        .limits(settings.limits)
        .timeout(PORTAL_TIMEOUT)
        .retry(RetryPolicy {
            fault_retries: 0,
            ..RetryPolicy::default()
        })
        .build();
    let client = match client {
        Ok(client) => client,
        Err(error) => return report.line(Status::Fail, "portal", &error.to_string()),
    };
    let mut batch = Batch::new();
    batch
        .add("scope", "scope", json!({}))
        .add("me", "user.current", json!({}))
        .add("time", "server.time", json!({}));
    let asked = Timestamp::now();
    let started = Instant::now();
    let results = client.batch(batch).await;
    let took = started.elapsed();
    let me: Value = match results.result("me") {
        Ok(me) => me,
        Err(error) => {
            return report.line(Status::Fail, "portal", &portal_failure(&webhook, &error));
        }
    };
    let name = ["NAME", "LAST_NAME"]
        .iter()
        .filter_map(|key| me.get(*key).and_then(Value::as_str))
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    report.line(
        Status::Ok,
        "portal",
        &format!(
            "{} answered in {} ms; the webhook acts as {name} (user {owner})",
            client.portal(),
            took.as_millis()
        ),
    );
    match results.result::<Vec<String>>("scope") {
        Ok(scopes) => permissions(report, &scopes),
        Err(error) => report.line(
            Status::Fail,
            "permissions",
            &format!("the portal did not list the webhook's permissions: {error}"),
        ),
    }
    match results
        .result::<String>("time")
        .ok()
        .and_then(|time| time.parse::<Timestamp>().ok())
    {
        // The portal read its clock somewhere between asking and hearing back.
        Some(portal_now) => clock(report, portal_now.duration_since(asked) - took_half(took)),
        None => report.line(
            Status::Fail,
            "clock",
            "the portal's server.time answer is not a time",
        ),
    }
}

fn took_half(took: Duration) -> SignedDuration {
    SignedDuration::try_from(took / 2).unwrap_or(SignedDuration::ZERO)
}

/// What a failed call means for the person setting the bot up.
fn portal_failure(webhook: &str, error: &crate::b24::Error) -> String {
    let advice = match error.kind() {
        Kind::Auth => {
            "the portal refuses the webhook: its secret is wrong, it was deleted, or its owner \
             was dismissed. Create an inbound webhook (Developer resources → Other → Inbound \
             webhook) and set BITRIX24_WEBHOOK_URL to its URL."
        }
        Kind::Network => {
            "the portal cannot be reached: check the address in BITRIX24_WEBHOOK_URL, DNS, and \
             that this machine may connect out over HTTPS."
        }
        Kind::UnknownMethod => {
            "this address does not answer like a Bitrix24 portal: check BITRIX24_WEBHOOK_URL."
        }
        _ => "the portal failed to answer; try again in a minute.",
    };
    format!("{webhook}: {advice}\n({error})")
}

/// Which modules lack a permission, and how to add it.
fn permissions(report: &mut Report, granted: &[String]) {
    let has = |scope: &str| {
        granted.iter().any(|granted| granted == scope)
            || (scope == "user"
                && granted
                    .iter()
                    .any(|g| USER_ALTERNATIVES.contains(&g.as_str())))
    };
    let mut missing: Vec<&str> = Vec::new();
    let mut text = String::new();
    for (module, scopes) in MODULES {
        let lacking: Vec<&str> = scopes.iter().copied().filter(|s| !has(s)).collect();
        if lacking.is_empty() {
            continue;
        }
        let _ = writeln!(text, "- {} for {module}", lacking.join(", "));
        missing.extend(lacking);
    }
    if missing.is_empty() {
        let all: Vec<&str> = MODULES
            .iter()
            .flat_map(|(_, s)| s.iter().copied())
            .collect();
        return report.line(
            Status::Ok,
            "permissions",
            &format!(
                "the webhook has every permission the bot uses: {}",
                all.join(", ")
            ),
        );
    }
    let list = missing.join(", ");
    let text = format!(
        "the webhook lacks {list}:\n{text}To add them: in Bitrix24 open Developer resources → \
         Other → Inbound webhook,\nedit this webhook, tick {list} under Permissions, and save."
    );
    report.line(Status::Fail, "permissions", &text);
}

fn clock(report: &mut Report, skew: SignedDuration) {
    let seconds = skew.as_secs().abs();
    let text = match skew.as_secs() {
        0 => "the same as the portal's".to_owned(),
        s if s > 0 => format!("{seconds} s behind the portal"),
        _ => format!("{seconds} s ahead of the portal"),
    };
    if skew.abs() > MAX_SKEW {
        report.line(
            Status::Fail,
            "clock",
            &format!(
                "{text}: set this machine's clock (NTP), or reminders and deadlines will be off"
            ),
        );
    } else {
        report.line(Status::Ok, "clock", &text);
    }
}

async fn telegram(report: &mut Report, source: &impl Source) {
    if source
        .get("TELEGRAM_BOT_TOKEN")
        .is_none_or(|token| token.trim().is_empty())
    {
        return report.line(
            Status::Off,
            "telegram",
            "TELEGRAM_BOT_TOKEN is not set: the bot is not in Telegram",
        );
    }
    let settings = match TelegramSettings::read(source) {
        Ok(settings) => settings,
        Err(error) => return report.setting(&error),
    };
    match telegram::bot_username(&settings).await {
        Ok(username) => report.line(
            Status::Ok,
            "telegram",
            &format!("the token belongs to @{username}"),
        ),
        Err(telegram::Error::TokenRefused) => report.line(
            Status::Fail,
            "telegram",
            "Telegram refuses TELEGRAM_BOT_TOKEN: copy the token again from @BotFather \
             (/mybots → your bot → API Token)",
        ),
        Err(telegram::Error::Telegram(detail)) => report.line(
            Status::Fail,
            "telegram",
            &format!(
                "Telegram did not answer getMe: {detail}\ncheck TELEGRAM_API_URL (if set) and \
                 that this machine may connect out over HTTPS"
            ),
        ),
        Err(error) => report.line(Status::Fail, "telegram", &error.to_string()),
    }
}

async fn database(report: &mut Report, url: Option<&str>) {
    let url = url.unwrap_or(store::DEFAULT_URL);
    let checked = async {
        let store = Store::open(url).await?;
        let written = database_writable(&store).await;
        store.close().await;
        written
    };
    match checked.await {
        Ok(()) => report.line(
            Status::Ok,
            "database",
            &format!("{url} opens and takes writes"),
        ),
        Err(error) => report.line(
            Status::Fail,
            "database",
            &format!("{url}: {error} (DATABASE_URL)"),
        ),
    }
}
