//! The Chatbots 2.0 bot, registered once: a token is generated and stored before the portal
//! sees it, the portal's answer (the bot's id) is stored after, and a start that finds the id
//! registers nothing. A start that finds a token but no id (the last one stopped in between)
//! registers again with the same token, which the portal answers with the same bot.

use jiff::Timestamp;
use rand::Rng;
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use serde_json::json;

use crate::b24::Client;
use crate::i18n::Tr;
use crate::intent::Lang;
use crate::store::Store;

use super::Error;
use super::events::BUTTON_COMMAND;

/// The bot's stable code on the portal.
pub const BOT_CODE: &str = "b24bot";

/// A registered bot: what every `imbot.v2` call names and proves ownership with.
pub struct Registration {
    pub bot_id: u64,
    pub token: SecretString,
}

impl std::fmt::Debug for Registration {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Registration")
            .field("bot_id", &self.bot_id)
            .finish_non_exhaustive()
    }
}

#[derive(Deserialize)]
struct Registered {
    bot: RegisteredBot,
}

#[derive(Deserialize)]
struct RegisteredBot {
    id: u64,
}

/// The bot of this deployment, registering it (with its button command) on first use. Named
/// and described in `lang`, the language the portal's people were set to be answered in.
pub async fn register(
    portal: &Client,
    store: &Store,
    lang: Lang,
    now: Timestamp,
) -> Result<Registration, Error> {
    let kept = match store.bot_registration(BOT_CODE).await? {
        Some(kept) => kept,
        None => store.keep_bot_token(BOT_CODE, &new_token(), now).await?,
    };
    if let Some(bot_id) = kept.bot_id {
        return Ok(Registration {
            bot_id,
            token: kept.token,
        });
    }
    let tr = Tr::new(lang);
    let token = kept.token.expose_secret();
    let registered: Registered = portal
        .call_as(
            "imbot.v2.Bot.register",
            &json!({"fields": {
                "code": BOT_CODE,
                "botToken": token,
                "type": "bot",
                "eventMode": "fetch",
                "properties": {
                    "name": tr.t("b24-bot-name", &[]),
                    "workPosition": tr.t("b24-bot-description", &[]),
                },
            }}),
        )
        .await?;
    let bot_id = registered.bot.id;
    portal
        .call(
            "imbot.v2.Command.register",
            &json!({
                "botId": bot_id,
                "botToken": token,
                "fields": {
                    "command": BUTTON_COMMAND,
                    "title": {"en": Tr::new(Lang::En).t("b24-button-command", &[]),
                              "ru": Tr::new(Lang::Ru).t("b24-button-command", &[])},
                    "hidden": true,
                },
            }),
        )
        .await?;
    store.set_bot_id(BOT_CODE, bot_id, now).await?;
    tracing::info!(bot_id, "registered the Bitrix24 chat bot");
    Ok(Registration {
        bot_id,
        token: kept.token,
    })
}

/// 32 hex digits: 128 random bits, under the portal's 40-character limit.
fn new_token() -> SecretString {
    let bits: u128 = rand::rng().random();
    SecretString::from(format!("{bits:032x}"))
}
