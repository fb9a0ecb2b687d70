//! `b24bot demo [--as <user id>] [--telegram] [--speed N]`: the whole bot against a local demo
//! portal, chatting in the terminal as one of its employees, or through a real Telegram bot, with
//! reminders and digests pushed into the chat. Nothing to configure but the bot's token, nothing
//! left behind.

use std::io::IsTerminal;
use std::process::ExitCode;
use std::sync::Arc;

use clap::Args;
use jiff::{SignedDuration, Timestamp};

use crate::b24::{Auth, Client, WebhookUrl};
use crate::bot::Bot;
use crate::channels::console::{self, Echo};
use crate::channels::courier::Courier;
use crate::config::{self, BotSettings, TelegramSettings};
use crate::i18n::{Arg, Tr};
use crate::ops::health::Health;
use crate::reminders::{Pace, Scheduler};
use crate::sandbox::clock::{ClockChange, MAX_SPEED, PortalClock};
use crate::sandbox::server::{self, Options, Sandbox};
use crate::store::{Channel, ChannelUser, EmployeeId, Store};
use crate::tr;

use super::run;
use super::stop::StopSignal;

/// The demo portal's administrator: the bot calls the portal with their webhook, as a
/// deployment's webhook belongs to an administrator, and applies its own visibility policy.
const BOT_WEBHOOK_USER: u64 = 1;

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// The demo employee to chat as (1 is the administrator; 3, the default, a sales manager).
    #[arg(long = "as", value_name = "USER ID", default_value_t = 3)]
    pub employee: u64,
    /// Serve the demo through the Telegram bot of TELEGRAM_BOT_TOKEN instead of the terminal:
    /// prints a link per demo employee that opens the bot as them, until Ctrl-C or SIGTERM.
    #[arg(long)]
    pub telegram: bool,
    /// Run the demo portal's clock this many times faster (1 to 1000), so reminders and the
    /// morning digest come within minutes: with 600, an hour passes every 6 seconds.
    #[arg(long, value_name = "N", default_value_t = 1,
          value_parser = clap::value_parser!(u32).range(1..=i64::from(MAX_SPEED)))]
    pub speed: u32,
}

/// How long the printed Telegram links work (each once).
const LINK_VALID_FOR: SignedDuration = SignedDuration::from_hours(24);

/// Exit codes: 0 at the end of input, 1 the demo could not run, 2 a setting or flag is wrong.
pub async fn run(args: DemoArgs) -> ExitCode {
    if let Err(error) = crate::logging::init("warn") {
        eprintln!("{error}");
        return ExitCode::from(2);
    }
    let settings =
        match config::load_dotenv().and_then(|()| BotSettings::read(&config::Environment)) {
            Ok(settings) => settings,
            Err(error) => {
                eprintln!("{error}");
                return ExitCode::from(2);
            }
        };
    let telegram = match args
        .telegram
        .then(|| TelegramSettings::read(&config::Environment))
        .transpose()
    {
        Ok(telegram) => telegram,
        Err(error) => {
            eprintln!("{error}");
            return ExitCode::from(2);
        }
    };
    match demo(args, settings, telegram).await {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

async fn demo(
    args: DemoArgs,
    settings: BotSettings,
    telegram: Option<TelegramSettings>,
) -> anyhow::Result<ExitCode> {
    // The demo portal keeps a real portal's limits, so the demo shows the bot living with them.
    let sandbox = server::spawn(Options::default()).await?;
    let clock = Arc::new(speed_up(&sandbox, args.speed).await?);
    let employee = sandbox
        .webhooks()
        .iter()
        .find(|hook| hook.user_id == args.employee && hook.active && !hook.restricted);
    if employee.is_none() {
        eprintln!(
            "--as: the demo portal has no active employee {}; expected 1 to 8",
            args.employee
        );
        return Ok(ExitCode::from(2));
    }
    let webhook = sandbox
        .webhook(BOT_WEBHOOK_USER)
        .ok_or_else(|| anyhow::anyhow!("the demo portal has no administrator webhook"))?;
    let portal = Client::builder(Auth::Webhook(WebhookUrl::parse(&webhook.url)?)).build()?;
    let store = match &settings.database_url {
        Some(url) => Store::open(url).await?,
        None => Store::in_memory().await?,
    };
    // Sped up, the portal's five minutes between scans would be a fraction of a second: keep
    // at least a few real seconds between them, so the scans leave the demo portal's request
    // budget to the person typing.
    let pace = Pace {
        speed: args.speed,
        rescan: Pace::DEFAULT
            .rescan
            .max(SignedDuration::from_secs(5 * i64::from(args.speed))),
        ..Pace::DEFAULT
    };
    if let Some(telegram) = telegram {
        let outcome =
            through_telegram(&sandbox, &telegram, settings, store.clone(), portal, pace).await;
        store.close().await;
        sandbox.shutdown().await?;
        return outcome.map(|()| ExitCode::SUCCESS);
    }
    let bot = Bot::start(
        store.clone(),
        portal.clone(),
        settings.policy,
        settings.defaults.clone(),
        clock.now(),
    )
    .await?;
    let user = ChannelUser::new(Channel::Console, console::USER);
    store
        .link(&user, EmployeeId(args.employee), clock.now())
        .await?;
    let (courier, pushed) = console::courier();
    let couriers: Vec<Arc<dyn Courier>> = vec![Arc::new(courier)];
    let reminders = Scheduler::start(
        store.clone(),
        &portal,
        couriers,
        settings.defaults.clone(),
        bot.reminder_wake(),
        pace,
        clock.now(),
    )
    .await?
    .spawn();
    let name = bot.employee_name(args.employee).await?.ok_or_else(|| {
        anyhow::anyhow!("the demo portal does not know employee {}", args.employee)
    })?;
    let tr = Tr::new(settings.defaults.lang);
    println!(
        "{}\n",
        tr!(tr, "demo-intro", name = name, id = Arg::id(args.employee))
    );
    let echo = if std::io::stdin().is_terminal() {
        Echo::Prompt
    } else {
        Echo::Lines
    };
    let lang_hint = std::env::var("LANG").ok();
    console::chat(
        &bot,
        tokio::io::BufReader::new(tokio::io::stdin()),
        tokio::io::stdout(),
        echo,
        lang_hint,
        || clock.now(),
        pushed,
    )
    .await?;
    reminders.stop().await;
    store.close().await;
    sandbox.shutdown().await?;
    Ok(ExitCode::SUCCESS)
}

/// The demo portal served through a real Telegram bot: one link per demo employee opens the
/// bot already paired as them (a one-time link token), so people can try it from a phone.
async fn through_telegram(
    sandbox: &Sandbox,
    telegram: &TelegramSettings,
    settings: BotSettings,
    store: Store,
    portal: Client,
    pace: Pace,
) -> anyhow::Result<()> {
    let stop_signal = StopSignal::listen()?;
    let tr = Tr::new(settings.defaults.lang);
    let webhook = telegram.webhook.clone();
    let defaults = settings.defaults.clone();
    let channel = run::connect(telegram, settings, store.clone(), portal.clone()).await?;
    let couriers: Vec<Arc<dyn Courier>> = vec![Arc::new(channel.courier())];
    let reminders = Scheduler::start(
        store.clone(),
        &portal,
        couriers,
        defaults,
        channel.reminder_wake(),
        pace,
        Timestamp::now(),
    )
    .await?
    .spawn();
    println!("{}\n", tr.t("demo-telegram-intro", &[]));
    let expires_at = Timestamp::now() + LINK_VALID_FOR;
    for employee in sandbox
        .webhooks()
        .iter()
        .filter(|hook| hook.active && !hook.restricted)
    {
        let token = store
            .issue_link_token(EmployeeId(employee.user_id), expires_at)
            .await?;
        let link = format!(
            "https://t.me/{}?start={}",
            channel.username(),
            token.as_str()
        );
        println!("  {} (#{}): {link}", employee.name, employee.user_id);
    }
    let http = run::Http {
        addr: config::http_addr(&config::Environment)?,
        health: Health::new(store, portal),
    };
    let outcome = run::serve_until_stopped(channel, webhook, http, stop_signal).await;
    reminders.stop().await;
    outcome
}

/// Makes the demo portal's clock run `speed` times faster, and answers a clock for the bot
/// that runs alike, so what people type is dated on the portal's time.
async fn speed_up(sandbox: &Sandbox, speed: u32) -> anyhow::Result<PortalClock> {
    let mirror = PortalClock::default();
    if speed > 1 {
        reqwest::Client::new()
            .post(format!("{}/sandbox/clock", sandbox.base_url()))
            .json(&serde_json::json!({ "speed": speed }))
            .send()
            .await?
            .error_for_status()?;
        mirror.change(ClockChange::Speed { speed });
    }
    Ok(mirror)
}
