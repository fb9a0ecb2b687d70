//! `b24bot run`: the bot in production, answering people through Telegram until it is told to
//! stop (SIGTERM or Ctrl-C), then letting the message in hand finish and exiting 0.

use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use jiff::Timestamp;
use tokio_util::sync::CancellationToken;

use crate::access::Access;
use crate::b24::{Auth, Client};
use crate::bot::Bot;
use crate::channels::telegram::{Pace, Telegram};
use crate::config::{self, BotSettings, PortalSettings, TelegramSettings};
use crate::store::{self, Store};

use super::stop::StopSignal;

/// How long a stop waits for the message being answered (a slow portal call) before exiting.
const GRACE: Duration = Duration::from_secs(10);

/// Exit codes: 0 stopped by a signal, 1 the bot could not run, 2 a setting is wrong.
pub async fn run() -> ExitCode {
    crate::logging::init("info");
    let settings = match read_settings() {
        Ok(settings) => settings,
        Err(error) => {
            eprintln!("{error}");
            return ExitCode::from(2);
        }
    };
    match serve(settings).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!(error = format!("{error:#}"), "the bot stopped");
            ExitCode::FAILURE
        }
    }
}

struct Settings {
    portal: PortalSettings,
    bot: BotSettings,
    telegram: TelegramSettings,
}

fn read_settings() -> Result<Settings, config::ConfigError> {
    config::load_dotenv()?;
    Ok(Settings {
        portal: PortalSettings::read(&config::Environment)?,
        bot: BotSettings::read(&config::Environment)?,
        telegram: TelegramSettings::read(&config::Environment)?,
    })
}

async fn serve(settings: Settings) -> anyhow::Result<()> {
    let stop_signal = StopSignal::listen()?;
    let url = settings
        .bot
        .database_url
        .as_deref()
        .unwrap_or(store::DEFAULT_URL);
    let store = Store::open(url).await?;
    let portal = Client::builder(Auth::Webhook(settings.portal.webhook))
        .limits(settings.portal.limits)
        .build()?;
    let defaults = settings.bot.defaults;
    let bot = Bot::start(
        store.clone(),
        portal.clone(),
        settings.bot.policy,
        defaults.clone(),
        Timestamp::now(),
    )
    .await?;
    let access = Access::new(store.clone(), portal, defaults);
    let channel = Telegram::connect(
        &settings.telegram,
        Pace::TELEGRAM,
        Arc::new(bot),
        Arc::new(access),
        store.clone(),
        Arc::new(Timestamp::now),
    )
    .await?;
    let stop = CancellationToken::new();
    let channel = Arc::new(channel);
    let polling = match settings.telegram.webhook {
        Some(webhook) => {
            let listener = tokio::net::TcpListener::bind(webhook.listen).await?;
            tokio::spawn(channel.serve_webhook(listener, webhook.url, stop.clone()))
        }
        None => {
            let stop = stop.clone();
            tokio::spawn(async move { channel.poll(stop).await })
        }
    };
    tokio::pin!(polling);
    let outcome = tokio::select! {
        () = stop_signal.received() => {
            tracing::info!("stopping: finishing the message in hand");
            stop.cancel();
            match tokio::time::timeout(GRACE, &mut polling).await {
                Ok(finished) => finished?,
                Err(_) => {
                    tracing::warn!("a message was still being answered after {GRACE:?}; stopping anyway");
                    Ok(())
                }
            }
        }
        finished = &mut polling => finished?,
    };
    store.close().await;
    outcome.map_err(anyhow::Error::from)
}
