//! How updates leave the fake: `getUpdates` long polling, or a webhook the fake POSTs to. The two
//! exclude each other as on Telegram, and a newer poll ends the one it overlaps.

use std::sync::Arc;
use std::time::Duration;

use serde_json::{Value, json};

use super::error::{ApiError, ApiResult};
use super::params::Params;
use super::state::{Shared, State, Webhook, unix_now};

/// Update kinds sent when the bot names none: all except these three, as documented.
const OPT_IN_KINDS: &[&str] = &["chat_member", "message_reaction", "message_reaction_count"];

fn kind(update: &Value) -> &str {
    update
        .as_object()
        .and_then(|update| update.keys().find(|key| *key != "update_id"))
        .map_or("", String::as_str)
}

fn allowed(state: &State, update: &Value) -> bool {
    let kind = kind(update);
    match &state.allowed_updates {
        Some(kinds) if !kinds.is_empty() => kinds.iter().any(|allowed| allowed == kind),
        _ => !OPT_IN_KINDS.contains(&kind),
    }
}

/// Forgets confirmed updates and those the bot does not want; returns up to `limit` of the rest.
fn take(state: &mut State, limit: usize) -> Vec<Value> {
    let kept = std::mem::take(&mut state.pending)
        .into_iter()
        .filter(|update| allowed(state, update))
        .collect();
    state.pending = kept;
    state.pending.iter().take(limit).cloned().collect()
}

fn read_allowed_updates(params: &Params) -> Result<Option<Vec<String>>, ApiError> {
    let Some(kinds) = params.json("allowed_updates")? else {
        return Ok(None);
    };
    let kinds = kinds
        .as_array()
        .ok_or_else(|| ApiError::bad_request("can't parse allowed_updates JSON array"))?;
    Ok(Some(
        kinds
            .iter()
            .filter_map(|kind| kind.as_str().map(str::to_owned))
            .collect(),
    ))
}

pub async fn get_updates(shared: &Shared, params: &Params) -> ApiResult {
    let offset = params.int("offset")?.unwrap_or(0);
    let limit = params.int("limit")?.unwrap_or(100).clamp(1, 100) as usize;
    // The Bot API server caps long polls at 50 seconds.
    let timeout = Duration::from_secs(params.int("timeout")?.unwrap_or(0).clamp(0, 50) as u64);
    let allowed_updates = read_allowed_updates(params)?;
    let mut changes = shared.updates.subscribe();
    let poll = {
        let mut state = shared.lock();
        if state.webhook.is_some() {
            return Err(ApiError::conflict(
                "can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
            ));
        }
        if offset < 0 {
            let keep = offset.unsigned_abs() as usize;
            let drop = state.pending.len().saturating_sub(keep);
            state.pending.drain(..drop);
        } else if offset > 0 {
            state
                .pending
                .retain(|update| update["update_id"].as_i64() >= Some(offset));
        }
        if allowed_updates.is_some() {
            state.allowed_updates = allowed_updates;
        }
        state.polls += 1;
        state.polls
    };
    // Wakes an older poll still waiting, which then answers 409.
    shared.wake_updates();
    changes.mark_unchanged();
    let deadline = tokio::time::Instant::now() + timeout;
    loop {
        {
            let mut state = shared.lock();
            if state.webhook.is_some() {
                return Err(ApiError::conflict("terminated by setWebhook request"));
            }
            if state.polls != poll {
                return Err(ApiError::conflict(
                    "terminated by other getUpdates request; make sure that only one bot instance is running",
                ));
            }
            let updates = take(&mut state, limit);
            if !updates.is_empty() || tokio::time::Instant::now() >= deadline {
                return Ok(json!(updates));
            }
        }
        if tokio::time::timeout_at(deadline, changes.changed())
            .await
            .is_err()
        {
            let mut state = shared.lock();
            return Ok(json!(take(&mut state, limit)));
        }
    }
}

/// Webhook URLs must be HTTPS on Telegram's ports; plain HTTP is taken only on loopback, as a
/// self-hosted Bot API server in `--local` mode takes it, so tests can receive without TLS.
fn check_webhook_url(url: &str) -> Result<(), ApiError> {
    let bad = |reason: &str| ApiError::bad_request(format!("bad webhook: {reason}"));
    let parsed = url::Url::parse(url)
        .map_err(|_| bad("Failed to resolve host: Name or service not known"))?;
    let loopback = matches!(parsed.host_str(), Some("127.0.0.1" | "localhost" | "[::1]"));
    match parsed.scheme() {
        "http" if loopback => Ok(()),
        "https" if loopback => Ok(()),
        "https" if matches!(parsed.port_or_known_default(), Some(443 | 80 | 88 | 8443)) => Ok(()),
        "https" => Err(bad(
            "Webhook can be set up only on ports 80, 88, 443 or 8443",
        )),
        _ => Err(bad("An HTTPS URL must be provided for webhook")),
    }
}

pub fn set_webhook(shared: &Shared, params: &Params) -> ApiResult {
    let url = params.text("url").unwrap_or_default();
    let secret_token = params
        .text("secret_token")
        .filter(|token| !token.is_empty());
    if let Some(token) = &secret_token {
        let valid = token.len() <= 256
            && token
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
        if !valid {
            return Err(ApiError::bad_request(
                "secret token contains unallowed characters",
            ));
        }
    }
    if !url.is_empty() {
        check_webhook_url(&url)?;
    }
    if let Some(token) = &secret_token {
        crate::support::logwatch::watch(token);
    }
    let allowed_updates = read_allowed_updates(params)?;
    let mut state = shared.lock();
    if params.flag("drop_pending_updates") {
        state.pending.clear();
    }
    if allowed_updates.is_some() {
        state.allowed_updates = allowed_updates;
    }
    state.webhook = (!url.is_empty()).then_some(Webhook { url, secret_token });
    state.webhook_error = None;
    drop(state);
    shared.wake_updates();
    Ok(json!(true))
}

pub fn delete_webhook(shared: &Shared, params: &Params) -> ApiResult {
    let mut state = shared.lock();
    if params.flag("drop_pending_updates") {
        state.pending.clear();
    }
    state.webhook = None;
    Ok(json!(true))
}

pub fn get_webhook_info(shared: &Shared, _params: &Params) -> ApiResult {
    let state = shared.lock();
    let mut info = json!({
        "url": state.webhook.as_ref().map_or("", |webhook| webhook.url.as_str()),
        "has_custom_certificate": false,
        "pending_update_count": state.pending.len(),
    });
    if let Some((date, message)) = &state.webhook_error {
        info["last_error_date"] = json!(date);
        info["last_error_message"] = json!(message);
    }
    if let Some(kinds) = &state.allowed_updates {
        info["allowed_updates"] = json!(kinds);
    }
    Ok(info)
}

/// Posts pending updates to the webhook one at a time, in order. A failed delivery is tried
/// once more; after that the update is dropped and the failure shows in `getWebhookInfo`.
pub async fn deliver_webhooks(shared: Arc<Shared>) {
    // Telegram gives up on a webhook that does not answer; a hung bot must not hang the fake.
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .expect("an HTTP client");
    let mut changes = shared.updates.subscribe();
    loop {
        let next = {
            let mut state = shared.lock();
            let next = take(&mut state, 1).pop();
            match (&state.webhook, next) {
                (Some(webhook), Some(update)) => {
                    Some((webhook.url.clone(), webhook.secret_token.clone(), update))
                }
                _ => None,
            }
        };
        let Some((url, secret_token, update)) = next else {
            if changes.changed().await.is_err() {
                return;
            }
            continue;
        };
        let mut failure = None;
        for _attempt in 0..2 {
            let mut request = http.post(&url).json(&update);
            if let Some(token) = &secret_token {
                request = request.header("X-Telegram-Bot-Api-Secret-Token", token);
            }
            failure = match request.send().await {
                Ok(response) if response.status().is_success() => None,
                Ok(response) => Some(format!(
                    "Wrong response from the webhook: {}",
                    response.status()
                )),
                Err(_) => Some("Connection refused".to_owned()),
            };
            if failure.is_none() {
                break;
            }
        }
        let mut state = shared.lock();
        state
            .pending
            .retain(|pending| pending["update_id"] != update["update_id"]);
        if let Some(message) = failure {
            state.webhook_error = Some((unix_now(), message));
        }
    }
}
