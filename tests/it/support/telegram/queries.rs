//! Answers to what users do with buttons and inline mode: each callback or inline query can be
//! answered once, and inline results are checked the way Telegram checks them before showing.

use std::collections::HashSet;

use serde_json::{Value, json};

use super::error::{ApiError, ApiResult};
use super::markup;
use super::messages::{check_text, format};
use super::params::Params;
use super::state::{CallbackAnswer, InlineAnswer, Shared};

pub fn answer_callback_query(shared: &Shared, params: &Params) -> ApiResult {
    let query_id = params.text("callback_query_id").unwrap_or_default();
    let text = params.text("text").filter(|text| !text.is_empty());
    if text
        .as_deref()
        .is_some_and(|text| text.chars().count() > 200)
    {
        return Err(ApiError::bad_request("MESSAGE_TOO_LONG"));
    }
    let mut state = shared.lock();
    match state.callbacks.get_mut(&query_id) {
        Some(answered @ false) => *answered = true,
        _ => return Err(ApiError::query_too_old()),
    }
    state.callback_answers.push(CallbackAnswer {
        query_id,
        text,
        show_alert: params.flag("show_alert"),
    });
    Ok(json!(true))
}

pub fn answer_inline_query(shared: &Shared, params: &Params) -> ApiResult {
    let query_id = params.text("inline_query_id").unwrap_or_default();
    let results = params.json("results")?.unwrap_or_else(|| json!([]));
    let results = results
        .as_array()
        .ok_or_else(|| ApiError::bad_request("expected an Array of inline query results"))?;
    if results.len() > 50 {
        return Err(ApiError::bad_request(
            "too many inline query results specified",
        ));
    }
    let is_personal = params.flag("is_personal");
    let cache_time = params.int("cache_time")?;
    let mut ids = HashSet::new();
    for result in results {
        check_result(result)?;
        if !ids.insert(result["id"].as_str().unwrap_or_default()) {
            return Err(ApiError::bad_request("RESULT_ID_DUPLICATE"));
        }
    }
    let mut state = shared.lock();
    match state.inline_queries.get_mut(&query_id) {
        Some(answer @ None) => {
            *answer = Some(InlineAnswer {
                results: results.clone(),
                is_personal,
                cache_time,
            });
        }
        _ => return Err(ApiError::query_too_old()),
    }
    Ok(json!(true))
}

fn unparsable(reason: &str) -> ApiError {
    ApiError::bad_request(format!("can't parse inline query result: {reason}"))
}

fn required<'a>(object: &'a Value, field: &str) -> Result<&'a str, ApiError> {
    object[field]
        .as_str()
        .ok_or_else(|| unparsable(&format!("Can't find field \"{field}\"")))
}

/// In the Bot API server's order: type and id, the message content (an article needs one, and
/// without `input_message_content` reads the legacy top-level `message_text`), the keyboard, then
/// the title. Ids are checked by Telegram's servers, with their upper-case codes.
fn check_result(result: &Value) -> Result<(), ApiError> {
    if !result.is_object() {
        return Err(unparsable("Inline query result must be an object"));
    }
    let kind = required(result, "type")?.to_ascii_lowercase();
    let id = required(result, "id")?;
    let article = kind == "article";
    let content = match result.get("input_message_content") {
        Some(content) if content.is_object() => Some(content),
        None | Some(Value::Null) => None,
        Some(_) => {
            return Err(unparsable(
                "Field \"input_message_content\" must be of type Object",
            ));
        }
    };
    let message_text = match content {
        Some(content) => content["message_text"]
            .as_str()
            .filter(|text| !text.is_empty()),
        None if article => Some(required(result, "message_text")?),
        None => None,
    };
    if let Some(source) = message_text {
        let holder = content.unwrap_or(result);
        let parse_mode = holder["parse_mode"].as_str().map(str::to_owned);
        let text = format(
            source.to_owned(),
            parse_mode,
            holder.get("entities").cloned(),
        )?;
        check_text(&text)?;
    }
    markup::check(result.get("reply_markup").cloned())?;
    if article {
        required(result, "title")?;
    }
    if !(1..=64).contains(&id.len()) {
        return Err(ApiError::bad_request("RESULT_ID_INVALID"));
    }
    Ok(())
}
