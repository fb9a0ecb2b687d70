//! The Telegram channel: long polling through teloxide, updates turned into [`Inbound`]s, the
//! bot's replies sent back as HTML messages with inline keyboards. The only code that knows
//! teloxide's types (architecture invariant 1).
//!
//! Long polling by default, or a webhook. Updates are handled one at a time, in order, in
//! either mode: a user's messages must reach the bot in the order they were written, and the
//! stored cursor only ever passes updates that were answered, so a restart neither skips nor
//! repeats one.

mod commands;
mod courier;
mod files;
mod inbound;
mod inline;
mod outbound;
mod redact;
mod webhook;

use std::sync::Arc;
use std::time::Duration;

use jiff::Timestamp;
use secrecy::ExposeSecret;
use teloxide::adaptors::Throttle;
use teloxide::adaptors::throttle::Limits;
use teloxide::payloads::GetUpdatesSetters;
use teloxide::requests::{Request, Requester, RequesterExt};
use teloxide::types::{AllowedUpdate, Me, Update, UpdateKind};
use teloxide::{ApiError, RequestError};
use tokio_util::sync::CancellationToken;

use crate::access::{Access, Gate};
use crate::bot::{Bot, Inbound};
use crate::config::TelegramSettings;
use crate::ops::health::Health;
use crate::ops::metrics;
use crate::reply::Reply;
use crate::store::{self, Store};

pub use courier::TelegramCourier;
use outbound::Outbound;
use redact::Redactor;

/// The cursor that holds the id of the last update answered.
const CURSOR: &str = "telegram.last_update";
/// How long one `getUpdates` waits for news. Below teloxide's HTTP timeout (17 s), so a quiet
/// chat is not a network error.
const POLL_SECONDS: u32 = 10;
/// The updates the bot reads; anything else Telegram keeps to itself.
const ALLOWED_UPDATES: [AllowedUpdate; 3] = [
    AllowedUpdate::Message,
    AllowedUpdate::CallbackQuery,
    AllowedUpdate::InlineQuery,
];
/// After a failed poll, wait this long before the next, so an outage is not a busy loop.
const RETRY_AFTER: Duration = Duration::from_secs(2);

/// What tells the time: the real clock in production, a moved one in tests.
pub type Clock = Arc<dyn Fn() -> Timestamp + Send + Sync>;

/// Why the channel stopped on its own (a stop request is not an error).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// `getMe` said the token is not a bot's: a setting to fix, not an outage.
    #[error("Telegram does not accept this token; check it with @BotFather")]
    TokenRefused,
    #[error("Telegram refused the bot: {0}")]
    Telegram(String),
    #[error("the bot's database failed")]
    Store(#[from] store::Error),
}

/// How fast messages may go out; teloxide's Throttle adaptor keeps to it, queueing the rest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pace {
    pub per_chat_per_second: u32,
    pub per_chat_per_minute: u32,
    pub per_group_per_minute: u32,
    pub overall_per_second: u32,
}

impl Pace {
    /// Telegram's own limits for bots.
    pub const TELEGRAM: Pace = Pace {
        per_chat_per_second: 1,
        per_chat_per_minute: 20,
        per_group_per_minute: 20,
        overall_per_second: 30,
    };

    fn limits(self) -> Limits {
        Limits {
            messages_per_sec_chat: self.per_chat_per_second,
            messages_per_min_chat: self.per_chat_per_minute,
            messages_per_min_channel_or_supergroup: self.per_group_per_minute,
            messages_per_sec_overall: self.overall_per_second,
        }
    }
}

pub struct Telegram {
    api: Throttle<teloxide::Bot>,
    me: Me,
    bot: Arc<Bot>,
    access: Arc<Access>,
    store: Store,
    clock: Clock,
    redactor: Redactor,
    /// The id of the last update answered, held while one is answered: updates are answered
    /// one at a time, in order, in either mode.
    last: tokio::sync::Mutex<Option<i64>>,
    /// Told of every poll, when the bot serves readiness.
    health: Option<Health>,
}

/// The name readiness and metrics know the channel by.
const CHANNEL: &str = "telegram";

/// Asks Telegram whose token this is (`getMe`), for `b24bot check`: the bot's `@username`.
pub async fn bot_username(settings: &TelegramSettings) -> Result<String, Error> {
    let token = settings.token.expose_secret();
    let redactor = Redactor::new(token);
    let api = teloxide::Bot::new(token).set_api_url(settings.api_url.clone());
    let me = api
        .get_me()
        .await
        .map_err(|error| refused_or(&redactor, error))?;
    Ok(me.username().to_owned())
}

/// `getMe`'s failure: the token refused, or another failure with the token cut out.
fn refused_or(redactor: &Redactor, error: RequestError) -> Error {
    match error {
        RequestError::Api(ApiError::InvalidToken) => Error::TokenRefused,
        error => redactor.error(&error),
    }
}

impl Telegram {
    /// Connects: checks the token (`getMe`) and sets the command menu in English and Russian.
    pub async fn connect(
        settings: &TelegramSettings,
        pace: Pace,
        bot: Arc<Bot>,
        access: Arc<Access>,
        store: Store,
        clock: Clock,
    ) -> Result<Telegram, Error> {
        let token = settings.token.expose_secret();
        let redactor = Redactor::new(token);
        let api = teloxide::Bot::new(token)
            .set_api_url(settings.api_url.clone())
            .throttle(pace.limits());
        let me = api
            .get_me()
            .await
            .map_err(|error| refused_or(&redactor, error))?;
        commands::set_menu(&api)
            .await
            .map_err(|error| redactor.error(&error))?;
        let last = tokio::sync::Mutex::new(store.cursor(CURSOR).await?);
        Ok(Telegram {
            last,
            api,
            me,
            bot,
            access,
            store,
            clock,
            redactor,
            health: None,
        })
    }

    /// Reports each poll to `health`, so readiness knows polling goes on.
    pub fn reporting_to(mut self, health: Health) -> Telegram {
        health.expect_channel(CHANNEL);
        self.health = Some(health);
        self
    }

    /// What the reminder scheduler pushes through: the same API, pace and token redaction.
    pub fn courier(&self) -> TelegramCourier {
        TelegramCourier::new(self.api.clone(), self.redactor.clone())
    }

    /// What wakes the reminder scheduler when a conversation here changes settings or tasks.
    pub fn reminder_wake(&self) -> crate::reminders::Wake {
        self.bot.reminder_wake()
    }

    /// The bot's `@username`, as Telegram knows it.
    pub fn username(&self) -> &str {
        self.me.username()
    }

    /// Polls and answers until `stop` is cancelled. A stop lets the update being handled
    /// finish; the caller bounds how long that may take.
    pub async fn poll(&self, stop: CancellationToken) -> Result<(), Error> {
        // A webhook left set makes `getUpdates` fail; polling is the mode asked for.
        self.api
            .delete_webhook()
            .await
            .map_err(|error| self.redactor.error(&error))?;
        tracing::info!(bot = %self.me.username(), "polling Telegram for updates");
        while !stop.is_cancelled() {
            let mut request = self
                .api
                .get_updates()
                .timeout(POLL_SECONDS)
                .allowed_updates(ALLOWED_UPDATES);
            if let Some(last) = *self.last.lock().await {
                request = request.offset(i32::try_from(last + 1).unwrap_or(i32::MAX));
            }
            let updates = tokio::select! {
                () = stop.cancelled() => break,
                updates = request.send() => updates,
            };
            let updates = match updates {
                Ok(updates) => {
                    if let Some(health) = &self.health {
                        health.channel_polled(CHANNEL);
                    }
                    updates
                }
                Err(error) => {
                    tracing::warn!(error = %self.redactor.text(&error), "getUpdates failed; retrying");
                    tokio::select! {
                        () = stop.cancelled() => break,
                        () = tokio::time::sleep(RETRY_AFTER) => continue,
                    }
                }
            };
            for update in updates {
                if stop.is_cancelled() {
                    break;
                }
                self.answer_once(update).await?;
            }
        }
        Ok(())
    }

    /// Webhook mode: sets the webhook to `url` and returns the route Telegram's posts reach,
    /// for the bot's HTTP server to serve.
    pub async fn webhook(self: Arc<Self>, url: url::Url) -> Result<axum::Router, Error> {
        webhook::router(self, url).await
    }

    /// Answers an update unless it is the one answered last (Telegram delivers again an update
    /// whose answer it did not hear of), then stores its id.
    async fn answer_once(&self, update: Update) -> Result<(), Error> {
        let mut last = self.last.lock().await;
        let id = i64::from(update.id.0);
        // Only the same id is a repeat: after a week of silence Telegram may restart its ids
        // lower, so "not above the last" would drop real updates.
        if *last == Some(id) {
            tracing::debug!(update = id, "an update delivered again; already answered");
            return Ok(());
        }
        self.handle(update).await;
        self.store.set_cursor(CURSOR, id, (self.clock)()).await?;
        *last = Some(id);
        Ok(())
    }

    async fn handle(&self, update: Update) {
        let outbound = Outbound::new(&self.api, &self.store, &self.redactor);
        match update.kind {
            UpdateKind::Message(message) => {
                let age = (self.clock)().as_second() - message.date.timestamp();
                metrics::poll_lag(CHANNEL, Duration::from_secs(age.max(0).unsigned_abs()));
                let Some(inbound) = inbound::message(&message, &self.me) else {
                    return;
                };
                let offered = files::offered(&message).filter(|_| message.chat.is_private());
                let replies = match offered {
                    Some(file) => self.answer_file(inbound.clone(), file).await,
                    None => self.answer(&inbound).await,
                };
                outbound.send(&inbound, message.chat.id, replies).await;
            }
            UpdateKind::CallbackQuery(query) => {
                // Answered before the work, so the button stops spinning at once.
                outbound.answer_callback(query.id.clone()).await;
                let Some(pressed) = inbound::callback(&query) else {
                    return;
                };
                let replies = self.answer(&pressed.inbound).await;
                outbound.edit_in_place(&pressed, replies).await;
            }
            UpdateKind::InlineQuery(query) => self.answer_inline(query).await,
            _ => {}
        }
    }

    /// A file is fetched only once the gate let its sender through: a stranger's file is
    /// answered like any stranger's message, and never downloaded.
    async fn answer_file(&self, mut inbound: Inbound, file: files::Offered) -> Vec<Reply> {
        let now = (self.clock)();
        match self.access.gate(&inbound, now).await {
            Gate::Answered(replies) => replies,
            Gate::Pass => {
                inbound.content = files::fetch(&self.api, &self.redactor, file).await;
                self.bot.handle(&inbound, (self.clock)()).await
            }
        }
    }

    async fn answer(&self, inbound: &Inbound) -> Vec<Reply> {
        let now = (self.clock)();
        match self.access.gate(inbound, now).await {
            Gate::Answered(replies) => replies,
            Gate::Pass => self.bot.handle(inbound, now).await,
        }
    }
}
