//! The Bitrix24 chat bot's registration: a start-up reuses the stored token and id instead of
//! registering another bot.

use jiff::Timestamp;
use secrecy::{ExposeSecret, SecretString};

use super::error::query;
use super::keys::{from_sql_id, to_sql_id};
use super::time::to_secs;
use super::{Error, Store};

/// The bot registered (or being registered) under `code`. `bot_id` is `None` until the portal
/// answered the registration: a start that finds it so registers again with the same token.
#[derive(Debug, Clone)]
pub struct BotRegistration {
    pub code: String,
    pub token: SecretString,
    pub bot_id: Option<u64>,
}

impl Store {
    pub async fn bot_registration(&self, code: &str) -> Result<Option<BotRegistration>, Error> {
        let row: Option<(String, Option<i64>)> =
            sqlx::query_as("SELECT token, bot_id FROM bot_registrations WHERE code = ?1")
                .bind(code)
                .fetch_optional(&self.pool)
                .await
                .map_err(query("read the bot registration"))?;
        row.map(|(token, bot_id)| {
            Ok(BotRegistration {
                code: code.to_owned(),
                token: SecretString::from(token),
                bot_id: bot_id.map(|id| from_sql_id("bot id", id)).transpose()?,
            })
        })
        .transpose()
    }

    /// Stores `candidate` as the token for `code` unless one is stored already, and returns the
    /// registration that holds: the token is kept before the portal sees it, and two starts at
    /// once end up with one token.
    pub async fn keep_bot_token(
        &self,
        code: &str,
        candidate: &SecretString,
        now: Timestamp,
    ) -> Result<BotRegistration, Error> {
        sqlx::query(
            "INSERT INTO bot_registrations (code, token, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?3)
             ON CONFLICT (code) DO NOTHING",
        )
        .bind(code)
        .bind(candidate.expose_secret())
        .bind(to_secs(now))
        .execute(&self.pool)
        .await
        .map_err(query("keep the bot token"))?;
        self.bot_registration(code).await?.ok_or(Error::Corrupt {
            what: "bot registration",
            detail: format!("no row for {code:?} right after inserting it"),
        })
    }

    /// Records the id the portal gave the bot; `false` when no token was kept for `code`.
    pub async fn set_bot_id(&self, code: &str, bot_id: u64, now: Timestamp) -> Result<bool, Error> {
        let done = sqlx::query(
            "UPDATE bot_registrations SET bot_id = ?2, updated_at = ?3 WHERE code = ?1",
        )
        .bind(code)
        .bind(to_sql_id("bot id", bot_id)?)
        .bind(to_secs(now))
        .execute(&self.pool)
        .await
        .map_err(query("record the bot id"))?;
        Ok(done.rows_affected() > 0)
    }
}
