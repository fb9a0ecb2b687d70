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
use crate::channels::courier::Courier;
use crate::channels::telegram::{self, Pace, Telegram};
use crate::config::{self, BotSettings, PortalSettings, TelegramSettings, WebhookSettings};
use crate::reminders::{self, Scheduler};
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
        Err(error) if is_token_refused(&error) => {
            eprintln!("TELEGRAM_BOT_TOKEN: {error}");
            ExitCode::from(2)
        }
        Err(error) => {
            tracing::error!(error = format!("{error:#}"), "the bot stopped");
            ExitCode::FAILURE
        }
    }
}

/// A well-formed token Telegram refuses is a wrong setting too: exit 2, naming it.
fn is_token_refused(error: &anyhow::Error) -> bool {
    matches!(
        error.downcast_ref::<telegram::Error>(),
        Some(telegram::Error::TokenRefused)
    )
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
    let defaults = settings.bot.defaults.clone();
    let channel = connect(
        &settings.telegram,
        settings.bot,
        store.clone(),
        portal.clone(),
    )
    .await?;
    let couriers: Vec<Arc<dyn Courier>> = vec![Arc::new(channel.courier())];
    let reminders = Scheduler::start(
        store.clone(),
        &portal,
        couriers,
        defaults,
        channel.reminder_wake(),
        reminders::Pace::DEFAULT,
        Timestamp::now(),
    )
    .await?
    .spawn();
    let outcome = serve_until_stopped(channel, settings.telegram.webhook, stop_signal).await;
    reminders.stop().await;
    store.close().await;
    outcome
}

/// The core, the access gate and the Telegram channel on `store` and `portal`.
pub(super) async fn connect(
    telegram: &TelegramSettings,
    bot: BotSettings,
    store: Store,
    portal: Client,
) -> anyhow::Result<Telegram> {
    let core = Bot::start(
        store.clone(),
        portal.clone(),
        bot.policy,
        bot.defaults.clone(),
        Timestamp::now(),
    )
    .await?;
    let access = Access::new(store.clone(), portal, bot.defaults);
    Ok(Telegram::connect(
        telegram,
        Pace::TELEGRAM,
        Arc::new(core),
        Arc::new(access),
        store,
        Arc::new(Timestamp::now),
    )
    .await?)
}

/// Answers Telegram (polling, or the webhook) until SIGTERM or Ctrl-C, then lets the update in
/// hand finish for at most [`GRACE`].
pub(super) async fn serve_until_stopped(
    channel: Telegram,
    webhook: Option<WebhookSettings>,
    stop_signal: StopSignal,
) -> anyhow::Result<()> {
    let stop = CancellationToken::new();
    let channel = Arc::new(channel);
    let serving = match webhook {
        Some(webhook) => {
            let listener = tokio::net::TcpListener::bind(webhook.listen).await?;
            tokio::spawn(channel.serve_webhook(listener, webhook.url, stop.clone()))
        }
        None => {
            let stop = stop.clone();
            tokio::spawn(async move { channel.poll(stop).await })
        }
    };
    tokio::pin!(serving);
    let outcome = tokio::select! {
        () = stop_signal.received() => {
            tracing::info!("stopping: finishing the message in hand");
            stop.cancel();
            match tokio::time::timeout(GRACE, &mut serving).await {
                Ok(finished) => finished?,
                Err(_) => {
                    tracing::warn!("a message was still being answered after {GRACE:?}; stopping anyway");
                    Ok(())
                }
            }
        }
        finished = &mut serving => finished?,
    };
    Ok(outcome?)
}
