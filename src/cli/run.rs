//! `b24bot run`: the bot in production, answering people through Telegram and the portal's own
//! messenger (either or both) until it is told to stop (SIGTERM or Ctrl-C), then letting the
//! message in hand finish and exiting 0. Health, readiness and metrics (and the Telegram
//! webhook, in webhook mode) are served on `HTTP_ADDR`.

use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use jiff::Timestamp;
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;

use crate::access::Access;
use crate::b24::{Auth, Client};
use crate::bot::Bot;
use crate::channels::bitrix24::{self, BotChannel, ChatCourier, Conversation, Mode, UserChannel};
use crate::channels::courier::Courier;
use crate::channels::telegram::{self, Pace, Telegram};
use crate::config::{
    self, BotSettings, ChatSettings, ConfigError, PortalSettings, TelegramSettings, WebhookSettings,
};
use crate::ops::{self, health::Health};
use crate::reminders::{self, Scheduler};
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
        Err(error) => match error.downcast_ref::<ConfigError>() {
            Some(setting) => {
                eprintln!("{setting}");
                ExitCode::from(2)
            }
            None => {
                tracing::error!(error = format!("{error:#}"), "the bot stopped");
                ExitCode::FAILURE
            }
        },
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
    /// `None` without `TELEGRAM_BOT_TOKEN`: Telegram is optional.
    telegram: Option<TelegramSettings>,
    chat: ChatSettings,
    http: SocketAddr,
}

fn read_settings() -> Result<Settings, ConfigError> {
    let source = &config::Environment;
    let portal = PortalSettings::read(source)?;
    let bot = BotSettings::read(source)?;
    let telegram = match std::env::var("TELEGRAM_BOT_TOKEN") {
        Ok(token) if !token.trim().is_empty() => Some(TelegramSettings::read(source)?),
        _ => None,
    };
    let chat = ChatSettings::read(source)?;
    let http = config::http_addr(source)?;
    if telegram.is_none() && chat.mode == config::ChatMode::Off {
        return Err(no_channel("B24_CHAT_MODE is off"));
    }
    Ok(Settings {
        portal,
        bot,
        telegram,
        chat,
        http,
    })
}

fn no_channel(why: &str) -> ConfigError {
    ConfigError {
        variable: "TELEGRAM_BOT_TOKEN",
        problem: format!(
            "is not set and {why}, so no channel is enabled; set the token, or let the bot use \
             the Bitrix24 chat (B24_CHAT_MODE=bot or user)"
        ),
    }
}

async fn serve(settings: Settings) -> anyhow::Result<()> {
    let stop_signal = StopSignal::listen()?;
    let url = settings
        .bot
        .database_url
        .as_deref()
        .unwrap_or(store::DEFAULT_URL);
    let store = Store::open(url).await?;
    let outcome = serve_on(settings, store.clone(), stop_signal).await;
    store.close().await;
    outcome
}

async fn serve_on(settings: Settings, store: Store, stop_signal: StopSignal) -> anyhow::Result<()> {
    let webhook_user = settings.portal.webhook.user_id();
    let portal = Client::builder(Auth::Webhook(settings.portal.webhook))
        .limits(settings.portal.limits)
        .build()?;
    let http = Http {
        addr: settings.http,
        health: Health::new(store.clone(), portal.clone()),
    };
    let defaults = settings.bot.defaults.clone();
    let core = Arc::new(
        Bot::start(
            store.clone(),
            portal.clone(),
            settings.bot.policy.clone(),
            defaults.clone(),
            Timestamp::now(),
        )
        .await?,
    );
    let access = Arc::new(Access::new(store.clone(), portal.clone(), defaults.clone()));
    let wake = core.reminder_wake();
    let mut channels = Channels::default();
    let mut couriers: Vec<Arc<dyn Courier>> = Vec::new();
    // Telegram first: a token it refuses is a wrong setting, found before the portal is asked
    // anything.
    let mut telegram_bot = None;
    if let Some(telegram) = &settings.telegram {
        let channel = Telegram::connect(
            telegram,
            Pace::TELEGRAM,
            core.clone(),
            access.clone(),
            store.clone(),
            Arc::new(Timestamp::now),
        )
        .await?;
        telegram_bot = Some(channel.username().to_owned());
        couriers.push(Arc::new(channel.courier()));
        channels.telegram = Some((channel, telegram.webhook.clone()));
    }
    let chat = start_chat(&settings.chat, &settings.bot, &portal, &store, webhook_user).await?;
    if let Some(chat) = chat {
        let courier = Arc::new(chat.courier(&portal));
        access.deliver_codes_through(courier.clone());
        couriers.push(courier);
        let conversation = Conversation::new(
            core,
            access,
            store.clone(),
            Arc::new(Timestamp::now),
            defaults.clone(),
            telegram_bot,
        )
        .reporting_to(http.health.clone());
        channels.chat = Some(chat.channel(
            portal.clone(),
            conversation,
            store.clone(),
            settings.chat.idle_poll,
            webhook_user,
        ));
    } else if channels.telegram.is_none() {
        return Err(no_channel("the Bitrix24 chat channel is off").into());
    }
    let reminders = Scheduler::start(
        store,
        &portal,
        couriers,
        defaults,
        wake,
        reminders::Pace::DEFAULT,
        Timestamp::now(),
    )
    .await?
    .spawn();
    let outcome = channels.serve(http, stop_signal).await;
    reminders.stop().await;
    outcome
}

/// The Bitrix24 chat channel, once its mode is known (and its bot registered).
enum ChatReady {
    Bot(Arc<bitrix24::Registration>),
    User,
}

impl ChatReady {
    fn sender(&self) -> bitrix24::Sender {
        match self {
            ChatReady::Bot(registration) => bitrix24::Sender::Bot(registration.clone()),
            ChatReady::User => bitrix24::Sender::User,
        }
    }

    fn courier(&self, portal: &Client) -> ChatCourier {
        ChatCourier::new(portal.clone(), self.sender())
    }

    fn channel(
        self,
        portal: Client,
        conversation: Conversation,
        store: Store,
        idle: Duration,
        me: u64,
    ) -> ChatChannel {
        let clock: bitrix24::Clock = Arc::new(Timestamp::now);
        match self {
            ChatReady::Bot(registration) => ChatChannel::Bot(BotChannel::new(
                portal,
                registration,
                conversation,
                store,
                clock,
                idle,
            )),
            ChatReady::User => ChatChannel::User(UserChannel::new(
                portal,
                me,
                conversation,
                store,
                clock,
                idle,
            )),
        }
    }
}

enum ChatChannel {
    Bot(BotChannel),
    User(UserChannel),
}

impl ChatChannel {
    async fn poll(&self, stop: CancellationToken) -> Result<(), bitrix24::Error> {
        match self {
            ChatChannel::Bot(channel) => channel.poll(stop).await,
            ChatChannel::User(channel) => channel.poll(stop).await,
        }
    }
}

/// Chooses the mode from `B24_CHAT_MODE` and the webhook's scopes, says which runs and why, and
/// registers the bot in bot mode.
async fn start_chat(
    settings: &ChatSettings,
    bot: &BotSettings,
    portal: &Client,
    store: &Store,
    webhook_user: u64,
) -> anyhow::Result<Option<ChatReady>> {
    let scopes = match settings.mode {
        config::ChatMode::Off => Vec::new(),
        _ => bitrix24::scopes(portal)
            .await
            .context("cannot read the webhook's scopes")?,
    };
    let choice = bitrix24::choose(settings.mode, &scopes).map_err(|problem| ConfigError {
        variable: "B24_CHAT_MODE",
        problem: problem.into(),
    })?;
    tracing::info!(mode = ?choice.mode, why = choice.why, "Bitrix24 chat channel");
    Ok(match choice.mode {
        None => None,
        Some(Mode::User) => {
            tracing::info!(
                user = webhook_user,
                "people write to the webhook's user in the messenger"
            );
            Some(ChatReady::User)
        }
        Some(Mode::Bot) => {
            let registration =
                bitrix24::register(portal, store, bot.defaults.lang, Timestamp::now())
                    .await
                    .context("cannot register the Bitrix24 chat bot")?;
            Some(ChatReady::Bot(Arc::new(registration)))
        }
    })
}

/// The channels that run, served side by side.
#[derive(Default)]
struct Channels {
    telegram: Option<(Telegram, Option<WebhookSettings>)>,
    chat: Option<ChatChannel>,
}

/// The bot's HTTP server: where it listens, and what `/readyz` asks.
pub(super) struct Http {
    pub addr: SocketAddr,
    pub health: Health,
}

impl Channels {
    /// Serves every channel and `http` until SIGTERM or Ctrl-C (or until one fails), then lets
    /// the messages in hand finish for at most [`GRACE`].
    async fn serve(self, http: Http, stop_signal: StopSignal) -> anyhow::Result<()> {
        let stop = CancellationToken::new();
        let mut serving: JoinSet<anyhow::Result<()>> = JoinSet::new();
        // Bound before the webhook is set, so Telegram is never sent to a port we cannot serve.
        let listener = tokio::net::TcpListener::bind(http.addr)
            .await
            .with_context(|| format!("HTTP_ADDR {} cannot be listened on", http.addr))?;
        let mut app = ops::http::router(http.health.clone());
        if let Some((channel, webhook)) = self.telegram {
            match webhook {
                Some(webhook) => app = app.merge(Arc::new(channel).webhook(webhook.url).await?),
                None => {
                    let channel = channel.reporting_to(http.health.clone());
                    let stop = stop.clone();
                    serving.spawn(async move { Ok(channel.poll(stop).await?) });
                }
            }
        }
        tracing::info!(addr = %listener.local_addr()?, "serving /healthz, /readyz and /metrics");
        tokio::spawn(http.health.watch_portal(stop.clone()));
        {
            let stop = stop.clone();
            serving.spawn(async move {
                ops::http::serve(listener, app, stop).await?;
                Ok(())
            });
        }
        if let Some(chat) = self.chat {
            let stop = stop.clone();
            serving.spawn(async move { Ok(chat.poll(stop).await?) });
        }
        let outcome = tokio::select! {
            () = stop_signal.received() => {
                tracing::info!("stopping: finishing the messages in hand");
                Ok(())
            }
            Some(finished) = serving.join_next() => finished?,
        };
        stop.cancel();
        let drained = tokio::time::timeout(GRACE, async {
            let mut outcome = Ok(());
            while let Some(finished) = serving.join_next().await {
                outcome = outcome.and(finished?);
            }
            outcome
        })
        .await;
        match drained {
            Ok(drained) => outcome.and(drained),
            Err(_) => {
                tracing::warn!(
                    "a message was still being answered after {GRACE:?}; stopping anyway"
                );
                outcome
            }
        }
    }
}

/// The core, the access gate and the Telegram channel on `store` and `portal` (the demo's
/// Telegram mode).
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

/// Answers Telegram (polling, or the webhook) and serves `http` until SIGTERM or Ctrl-C, then
/// lets the update in hand finish for at most [`GRACE`].
pub(super) async fn serve_until_stopped(
    channel: Telegram,
    webhook: Option<WebhookSettings>,
    http: Http,
    stop_signal: StopSignal,
) -> anyhow::Result<()> {
    Channels {
        telegram: Some((channel, webhook)),
        chat: None,
    }
    .serve(http, stop_signal)
    .await
}
