//! Answers to what users do with buttons and inline mode: each callback or inline query can be
//! answered once, and inline results are checked the way Telegram checks them before showing.

use std::collections::HashSet;

use serde_json::{Value, json};

use super::error::{ApiError, ApiResult};
use super::markup;
use super::messages::{TEXT_LIMIT, format};
use super::params::Params;
use super::state::{CallbackAnswer, Shared};

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
        .ok_or_else(|| ApiError::bad_request("field \"results\" must be of type Array"))?;
    if results.len() > 50 {
        return Err(ApiError::bad_request("RESULTS_TOO_MUCH"));
    }
    let mut ids = HashSet::new();
    for result in results {
        check_result(result)?;
        if !ids.insert(result["id"].as_str().unwrap_or_default()) {
            return Err(ApiError::bad_request("RESULT_ID_DUPLICATE"));
        }
    }
    let mut state = shared.lock();
    match state.inline_queries.get_mut(&query_id) {
        Some(answer @ None) => *answer = Some(results.clone()),
        _ => return Err(ApiError::query_too_old()),
    }
    Ok(json!(true))
}

fn unparsable(reason: &str) -> ApiError {
    ApiError::bad_request(format!("can't parse inline query result: {reason}"))
}

fn check_result(result: &Value) -> Result<(), ApiError> {
    let kind = result["type"]
        .as_str()
        .ok_or_else(|| unparsable("Field \"type\" must be of type String"))?;
    let id = result["id"]
        .as_str()
        .ok_or_else(|| unparsable("Field \"id\" must be of type String"))?;
    if !(1..=64).contains(&id.len()) {
        return Err(ApiError::bad_request("RESULT_ID_INVALID"));
    }
    markup::check(result.get("reply_markup").cloned())?;
    if kind != "article" {
        return Ok(());
    }
    if result["title"].as_str().is_none_or(str::is_empty) {
        return Err(unparsable("Field \"title\" must be of type String"));
    }
    let content = result
        .get("input_message_content")
        .filter(|content| content.is_object())
        .ok_or_else(|| unparsable("Field \"input_message_content\" must be of type Object"))?;
    // Contacts, locations and venues have no text; only text content is checked further.
    let Some(source) = content["message_text"].as_str() else {
        return Ok(());
    };
    let parse_mode = content["parse_mode"].as_str().map(str::to_owned);
    let text = format(
        source.to_owned(),
        parse_mode,
        content.get("entities").cloned(),
    )?;
    if text.text.is_empty() {
        return Err(ApiError::bad_request("MESSAGE_EMPTY"));
    }
    if text.text.chars().count() > TEXT_LIMIT {
        return Err(ApiError::bad_request("MESSAGE_TOO_LONG"));
    }
    Ok(())
}
