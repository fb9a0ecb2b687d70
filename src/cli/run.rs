//! `b24bot run`: the bot in production, answering people through Telegram until it is told to
//! stop (SIGTERM or Ctrl-C), then letting the message in hand finish and exiting 0. Health,
//! readiness and metrics (and the Telegram webhook, in webhook mode) are served on `HTTP_ADDR`.

use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use jiff::Timestamp;
use tokio_util::sync::CancellationToken;

use crate::access::Access;
use crate::b24::{Auth, Client};
use crate::bot::Bot;
use crate::channels::telegram::{self, Pace, Telegram};
use crate::config::{self, BotSettings, PortalSettings, TelegramSettings, WebhookSettings};
use crate::ops::{self, health::Health};
use crate::store::{self, Store};

use super::stop::StopSignal;

/// How long a stop waits for the message being answered (a slow portal call) before exiting.
const GRACE: Duration = Duration::from_secs(10);

/// Exit codes: 0 stopped by a signal, 1 the bot could not run, 2 a setting is wrong.
pub async fn run() -> ExitCode {
    let settings = match config::load_dotenv()
        .and_then(|()| crate::logging::init("info"))
        .and_then(|()| read_settings())
    {
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
    http: SocketAddr,
}

fn read_settings() -> Result<Settings, config::ConfigError> {
    Ok(Settings {
        portal: PortalSettings::read(&config::Environment)?,
        bot: BotSettings::read(&config::Environment)?,
        telegram: TelegramSettings::read(&config::Environment)?,
        http: config::http_addr(&config::Environment)?,
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
    let http = Http {
        addr: settings.http,
        health: Health::new(store.clone(), portal.clone()),
    };
    let channel = connect(&settings.telegram, settings.bot, store.clone(), portal).await?;
    let outcome = serve_until_stopped(channel, settings.telegram.webhook, http, stop_signal).await;
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

/// The bot's HTTP server: where it listens, and what `/readyz` asks.
pub(super) struct Http {
    pub addr: SocketAddr,
    pub health: Health,
}

/// Answers Telegram (polling, or the webhook) and serves `http` until SIGTERM or Ctrl-C, then
/// lets the update in hand finish for at most [`GRACE`].
pub(super) async fn serve_until_stopped(
    channel: Telegram,
    webhook: Option<WebhookSettings>,
    http: Http,
    stop_signal: StopSignal,
) -> anyhow::Result<()> {
    let stop = CancellationToken::new();
    // Bound before the webhook is set, so Telegram is never sent to a port we cannot serve.
    let listener = tokio::net::TcpListener::bind(http.addr)
        .await
        .with_context(|| format!("HTTP_ADDR {} cannot be listened on", http.addr))?;
    let mut app = ops::http::router(http.health.clone());
    let polling = match webhook {
        Some(webhook) => {
            app = app.merge(Arc::new(channel).webhook(webhook.url).await?);
            None
        }
        None => Some(channel.reporting_to(http.health.clone())),
    };
    tracing::info!(addr = %listener.local_addr()?, "serving /healthz, /readyz and /metrics");
    tokio::spawn(http.health.watch_portal(stop.clone()));
    let serving = tokio::spawn({
        let stop = stop.clone();
        async move {
            let server = async {
                ops::http::serve(listener, app, stop.clone()).await?;
                anyhow::Ok(())
            };
            let poller = async {
                if let Some(channel) = &polling {
                    channel.poll(stop.clone()).await?;
                }
                anyhow::Ok(())
            };
            tokio::try_join!(server, poller).map(|_| ())
        }
    });
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
    stop.cancel();
    outcome
}
