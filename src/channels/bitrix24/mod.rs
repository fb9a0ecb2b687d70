//! The Bitrix24 chat channel: the bot as a colleague in the portal's own messenger, through the
//! same core as Telegram. Only this module knows `imbot.v2` and `im.*` payloads (architecture
//! invariant 1).
//!
//! Two modes, chosen at start-up ([`choose`]): a Chatbots 2.0 bot that reads its event queue
//! with `imbot.v2.Event.get` ([`BotChannel`]), or, without the `imbot` scope, the webhook's own
//! user answering its private messages found with `im.*` ([`UserChannel`]). Neither needs a
//! public URL. Polling adapts to the conversation ([`pace`]) and runs on the REST client's
//! background lane, so people's own requests go first. Events are handled one at a time, in
//! order, and the stored cursor passes only what was handled: a restart neither skips nor
//! repeats a message.
//!
//! A Bitrix24 chat user is an employee already: the first message of an active employee links
//! them (`ChannelUser(Bitrix24, id) → EmployeeId(id)`), and bots, extranet and deactivated
//! users get no answer. `/telegram` answers with a one-time deep link that links the same
//! employee's Telegram.

mod courier;
mod events;
mod outbound;
mod pace;
mod register;
mod user_mode;

/// The channel's name in readiness reports.
const HEALTH_NAME: &str = "bitrix24";

use std::sync::Arc;
use std::time::Duration;

use jiff::{SignedDuration, Timestamp};
use secrecy::ExposeSecret;
use serde_json::json;
use tokio_util::sync::CancellationToken;

use crate::access::{Access, Gate};
use crate::b24::{self, Client};
use crate::bot::{Bot, Content, Defaults, Inbound};
use crate::config::ChatMode;
use crate::failure::Failure;
use crate::i18n::{LangSignals, Tr, reply_lang};
use crate::intent::Lang;
use crate::ops::health::Health;
use crate::ops::metrics;
use crate::reply::{Reply, Tone};
use crate::store::{self, Channel, ChannelUser, EmployeeId, Store};

pub use courier::ChatCourier;
pub use outbound::Sender;
pub use register::{BOT_CODE, Registration, register};
pub use user_mode::{USER_CURSOR, UserChannel};

use events::Event;
use pace::Pacer;

/// The cursor of bot mode: the `imbot.v2.Event.get` offset after the last event handled.
pub const BOT_CURSOR: &str = "b24chat.event_offset";
/// How long a `/telegram` deep link can be used.
pub const LINK_LIFETIME: SignedDuration = SignedDuration::from_mins(10);

/// What tells the time: the real clock in production, a moved one in tests.
pub type Clock = Arc<dyn Fn() -> Timestamp + Send + Sync>;

/// Why the channel stopped on its own.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("the portal refused the chat channel")]
    Portal(#[from] b24::Error),
    #[error("the bot's database failed")]
    Store(#[from] store::Error),
}

/// How the channel takes part in the messenger.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Bot,
    User,
}

/// The mode that runs (`None`: the channel is off) and why, for the start-up line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub mode: Option<Mode>,
    pub why: &'static str,
}

/// Decides the mode from `B24_CHAT_MODE` and the webhook's scopes. `Err` is a setting the
/// webhook cannot serve.
pub fn choose(setting: ChatMode, scopes: &[String]) -> Result<Choice, &'static str> {
    let has = |scope: &str| scopes.iter().any(|s| s == scope);
    let choice = |mode, why| Ok(Choice { mode, why });
    match setting {
        ChatMode::Off => choice(None, "B24_CHAT_MODE is off"),
        ChatMode::Bot if has("imbot") => choice(Some(Mode::Bot), "B24_CHAT_MODE is bot"),
        ChatMode::Bot => Err("is bot, but the webhook has no imbot scope; add it, or use user"),
        ChatMode::User if has("im") => choice(Some(Mode::User), "B24_CHAT_MODE is user"),
        ChatMode::User => Err("is user, but the webhook has no im scope; add it, or use off"),
        ChatMode::Auto if has("imbot") => choice(
            Some(Mode::Bot),
            "the webhook has the imbot scope, so a Chatbots 2.0 bot answers",
        ),
        ChatMode::Auto if has("im") => choice(
            Some(Mode::User),
            "the webhook has no imbot scope, so the webhook's own user answers",
        ),
        ChatMode::Auto => choice(None, "the webhook has neither the imbot nor the im scope"),
    }
}

/// The webhook's scopes, as the portal's `scope` method lists them.
pub async fn scopes(portal: &Client) -> Result<Vec<String>, b24::Error> {
    portal.call_as("scope", &json!({})).await
}

/// Who wrote, as the messenger describes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Author {
    pub id: u64,
    /// An active employee: not a bot, not an extranet user, not deactivated.
    pub employee: bool,
}

/// A message (or a pressed button) to answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub author: Author,
    /// Where to answer: the person's id in a private dialog, `chat<N>` in a group chat.
    pub dialog: String,
    pub lang_hint: Option<String>,
    pub content: Content,
}

/// What both modes share: who may talk, the automatic link, `/telegram`, the gate and the core.
pub struct Conversation {
    bot: Arc<Bot>,
    access: Arc<Access>,
    store: Store,
    clock: Clock,
    defaults: Defaults,
    /// The Telegram bot's username when the Telegram channel runs, for `/telegram` links.
    telegram: Option<String>,
    /// Told of every poll, so readiness knows the messenger is read.
    health: Option<Health>,
}

impl Conversation {
    pub fn new(
        bot: Arc<Bot>,
        access: Arc<Access>,
        store: Store,
        clock: Clock,
        defaults: Defaults,
        telegram: Option<String>,
    ) -> Conversation {
        Conversation {
            bot,
            access,
            store,
            clock,
            defaults,
            telegram,
            health: None,
        }
    }

    /// Reports each poll of either mode to `health`.
    pub fn reporting_to(mut self, health: Health) -> Conversation {
        health.expect_channel(HEALTH_NAME);
        self.health = Some(health);
        self
    }

    /// A message was read: how old it was then (the poll lag), from the portal's date on it.
    fn read_one(&self, date: Option<&str>, now: Timestamp) {
        if let Some(at) = date.and_then(|date| date.parse::<Timestamp>().ok()) {
            let age = now.duration_since(at).as_secs_f64().max(0.0);
            metrics::poll_lag(HEALTH_NAME, Duration::from_secs_f64(age));
        }
    }

    /// A poll of the messenger came back (with or without news).
    fn polled(&self) {
        if let Some(health) = &self.health {
            health.channel_polled(HEALTH_NAME);
        }
    }

    /// The replies to one message; none for someone who is no active employee.
    pub async fn answer(&self, message: &Message) -> Vec<Reply> {
        if !message.author.employee {
            tracing::debug!(
                author = message.author.id,
                "not an active employee; no answer"
            );
            return Vec::new();
        }
        let now = (self.clock)();
        let user = ChannelUser::new(Channel::Bitrix24, message.author.id.to_string());
        if let Err(error) = self.link(&user, message.author.id, now).await {
            tracing::error!(%user, %error, "cannot link the Bitrix24 chat user");
        }
        let inbound = Inbound {
            channel: Channel::Bitrix24,
            chat: message.dialog.clone(),
            user: user.user.clone(),
            lang_hint: message.lang_hint.clone(),
            content: message.content.clone(),
        };
        if let Content::Text(text) = &message.content
            && is_telegram_request(text)
        {
            return vec![self.telegram_link(&user, message, text, now).await];
        }
        match self.access.gate(&inbound, now).await {
            Gate::Answered(replies) => replies,
            Gate::Pass => self.bot.handle(&inbound, now).await,
        }
    }

    /// A short hello for a chat the bot was added to, in the chat's language.
    pub fn greeting(&self, lang: Option<&str>) -> Reply {
        let lang = lang
            .and_then(|code| code.parse::<Lang>().ok())
            .unwrap_or(self.defaults.lang);
        Reply::new().text(Tr::new(lang).t("b24-greeting", &[]))
    }

    /// The person behind a Bitrix24 chat id is that employee: linked on first contact.
    async fn link(&self, user: &ChannelUser, id: u64, now: Timestamp) -> Result<(), store::Error> {
        if self.store.link_of(user).await?.is_none() {
            self.store.link(user, EmployeeId(id), now).await?;
            tracing::info!(%user, "linked a Bitrix24 chat user to their employee");
        }
        Ok(())
    }

    async fn telegram_link(
        &self,
        user: &ChannelUser,
        message: &Message,
        text: &str,
        now: Timestamp,
    ) -> Reply {
        let chosen = self.store.link_of(user).await.ok().flatten();
        let tr = Tr::new(reply_lang(&LangSignals {
            chosen: chosen.and_then(|link| link.lang),
            text,
            hints: &message.lang_hint.as_deref().into_iter().collect::<Vec<_>>(),
            default: self.defaults.lang,
        }));
        let Some(username) = &self.telegram else {
            return Reply::new().notice(Tone::Info, tr.t("b24-telegram-off", &[]));
        };
        match self
            .store
            .issue_link_token(EmployeeId(message.author.id), now + LINK_LIFETIME)
            .await
        {
            Ok(token) => Reply::new().text(tr.t("b24-telegram-link", &[])).link(
                tr.t("b24-telegram-open", &[]),
                format!("https://t.me/{username}?start={}", token.as_str()),
            ),
            Err(error) => Failure::from(error).reply(tr),
        }
    }
}

/// `/telegram`, in any case, alone.
fn is_telegram_request(text: &str) -> bool {
    text.trim().eq_ignore_ascii_case("/telegram")
}

/// Bot mode: the registered bot's event queue, polled.
pub struct BotChannel {
    portal: Client,
    registration: Arc<Registration>,
    conversation: Conversation,
    store: Store,
    clock: Clock,
    idle: std::time::Duration,
}

impl BotChannel {
    pub fn new(
        portal: Client,
        registration: Arc<Registration>,
        conversation: Conversation,
        store: Store,
        clock: Clock,
        idle: std::time::Duration,
    ) -> BotChannel {
        BotChannel {
            portal,
            registration,
            conversation,
            store,
            clock,
            idle,
        }
    }

    /// Polls and answers until `stop` is cancelled; the event in hand is finished first.
    pub async fn poll(&self, stop: CancellationToken) -> Result<(), Error> {
        let polling = self.portal.background();
        let sender = Sender::Bot(self.registration.clone());
        let mut pacer = Pacer::new(self.idle);
        let mut offset = self.store.cursor(BOT_CURSOR).await?;
        tracing::info!(
            bot_id = self.registration.bot_id,
            "reading the Bitrix24 chat bot's events"
        );
        while !stop.is_cancelled() {
            let mut params = json!({
                "botId": self.registration.bot_id,
                "botToken": self.registration.token.expose_secret(),
                "limit": 100,
            });
            if let Some(offset) = offset {
                params["offset"] = json!(offset);
            }
            let page = tokio::select! {
                () = stop.cancelled() => break,
                page = polling.call_as::<events::Page>("imbot.v2.Event.get", &params) => page,
            };
            let wait = match page {
                Err(error) => {
                    tracing::warn!(%error, "imbot.v2.Event.get failed; retrying");
                    self.idle
                }
                Ok(page) => {
                    self.conversation.polled();
                    if !page.events.is_empty() {
                        pacer.news(tokio::time::Instant::now());
                    }
                    for raw in &page.events {
                        if stop.is_cancelled() {
                            return Ok(());
                        }
                        self.conversation
                            .read_one(raw.date.as_deref(), (self.clock)());
                        self.act(&sender, events::read(raw, self.registration.bot_id))
                            .await;
                        let next = raw.event_id + 1;
                        self.store
                            .set_cursor(BOT_CURSOR, next, (self.clock)())
                            .await?;
                        offset = Some(next);
                    }
                    // The portal's own next offset may skip events it dropped for the bot.
                    if !page.events.is_empty() && offset < Some(page.next_offset) {
                        self.store
                            .set_cursor(BOT_CURSOR, page.next_offset, (self.clock)())
                            .await?;
                        offset = Some(page.next_offset);
                    }
                    if page.has_more {
                        pace::MORE_QUEUED
                    } else {
                        pacer.wait(tokio::time::Instant::now())
                    }
                }
            };
            tokio::select! {
                () = stop.cancelled() => break,
                () = tokio::time::sleep(wait) => {}
            }
        }
        Ok(())
    }

    async fn act(&self, sender: &Sender, event: Event) {
        let (dialog, replies) = match event {
            Event::Ignored => return,
            Event::Joined { dialog, lang } => {
                (dialog, vec![self.conversation.greeting(lang.as_deref())])
            }
            Event::Message(message) => {
                let replies = self.conversation.answer(&message).await;
                (message.dialog, replies)
            }
        };
        if replies.is_empty() {
            return;
        }
        if let Err(error) = sender.send(&self.portal, &dialog, &replies).await {
            tracing::warn!(%dialog, %error, "a reply could not be sent");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mode_follows_the_setting_and_else_the_scopes() {
        let scopes = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let both = scopes(&["crm", "im", "imbot"]);
        let im = scopes(&["crm", "im"]);
        let none = scopes(&["crm"]);
        let mode = |setting, scopes: &[String]| choose(setting, scopes).map(|c| c.mode);
        assert_eq!(mode(ChatMode::Auto, &both), Ok(Some(Mode::Bot)));
        assert_eq!(mode(ChatMode::Auto, &im), Ok(Some(Mode::User)));
        assert_eq!(mode(ChatMode::Auto, &none), Ok(None));
        assert_eq!(mode(ChatMode::User, &both), Ok(Some(Mode::User)));
        assert_eq!(mode(ChatMode::Off, &both), Ok(None));
        assert!(mode(ChatMode::Bot, &im).is_err());
        assert!(mode(ChatMode::User, &none).is_err());
    }

    #[test]
    fn telegram_is_asked_for_by_the_command_alone() {
        assert!(is_telegram_request(" /Telegram "));
        assert!(!is_telegram_request("/telegram please"));
        assert!(!is_telegram_request("telegram"));
    }
}
