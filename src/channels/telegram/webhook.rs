//! Webhook mode: Telegram posts updates to our URL with the secret token we gave it in a header;
//! a request without that token is refused before anything is read. `max_connections` 1 makes
//! Telegram send one update at a time, in order, as polling reads them. The route joins the
//! bot's one HTTP server (`ops::http`), beside health and metrics.

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use rand::Rng;
use rand::distr::Alphanumeric;
use secrecy::{ExposeSecret, SecretString};
use teloxide::payloads::SetWebhookSetters;
use teloxide::requests::Requester;
use teloxide::types::Update;

use super::{ALLOWED_UPDATES, Error, Telegram};

const SECRET_HEADER: &str = "X-Telegram-Bot-Api-Secret-Token";

struct Hook {
    channel: Arc<Telegram>,
    /// New on every start, so a secret that leaked from an old run is worth nothing.
    secret: SecretString,
}

/// Sets the webhook to `url` with a new secret, and returns the route that receives it.
pub async fn router(channel: Arc<Telegram>, url: url::Url) -> Result<Router, Error> {
    let secret: String = rand::rng()
        .sample_iter(Alphanumeric)
        .take(32)
        .map(char::from)
        .collect();
    channel
        .api
        .set_webhook(url.clone())
        .secret_token(secret.clone())
        .max_connections(1)
        .allowed_updates(ALLOWED_UPDATES)
        .await
        .map_err(|error| channel.redactor.error(&error))?;
    tracing::info!(bot = %channel.me.username(), path = url.path(), "receiving Telegram updates by webhook");
    let hook = Arc::new(Hook {
        channel,
        secret: SecretString::from(secret),
    });
    Ok(Router::new()
        .route(url.path(), post(receive))
        .with_state(hook))
}

async fn receive(State(hook): State<Arc<Hook>>, headers: HeaderMap, body: Bytes) -> StatusCode {
    let given = headers
        .get(SECRET_HEADER)
        .map(|value| value.as_bytes())
        .unwrap_or_default();
    if !constant_time_eq(given, hook.secret.expose_secret().as_bytes()) {
        return StatusCode::UNAUTHORIZED;
    }
    let update: Update = match serde_json::from_slice(&body) {
        Ok(update) => update,
        Err(error) => {
            tracing::warn!(%error, "a webhook body is not an update");
            return StatusCode::BAD_REQUEST;
        }
    };
    match hook.channel.answer_once(update).await {
        Ok(()) => StatusCode::OK,
        // Telegram delivers it again: the update is not lost.
        Err(error) => {
            tracing::error!(%error, "an update could not be recorded as answered");
            StatusCode::INTERNAL_SERVER_ERROR
        }
    }
}

/// Compares without stopping at the first difference, so timing tells nothing of the secret.
fn constant_time_eq(given: &[u8], expected: &[u8]) -> bool {
    given.len() == expected.len()
        && given
            .iter()
            .zip(expected)
            .fold(0u8, |diff, (a, b)| diff | (a ^ b))
            == 0
}

#[cfg(test)]
mod tests {
    use super::constant_time_eq;

    #[test]
    fn only_the_same_secret_matches() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abd", b"abc"));
        assert!(!constant_time_eq(b"ab", b"abc"));
        assert!(!constant_time_eq(b"", b"abc"));
    }
}
