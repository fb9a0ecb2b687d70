//! `reply_markup` checks: inline keyboards the way Telegram refuses them (`BUTTON_DATA_INVALID`
//! for callback data outside 1–64 bytes, bad URLs, buttons that do nothing).

use serde_json::Value;

use super::error::ApiError;

/// The kinds of action an inline button carries; exactly one is allowed.
const ACTIONS: &[&str] = &[
    "url",
    "callback_data",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
];

/// Checks a reply markup and returns it as JSON, as it will appear on the message.
pub fn check(markup: Option<Value>) -> Result<Option<Value>, ApiError> {
    let Some(markup) = markup else {
        return Ok(None);
    };
    let Some(object) = markup.as_object() else {
        return Err(ApiError::bad_request(
            "can't parse reply keyboard markup JSON object",
        ));
    };
    let Some(keyboard) = object.get("inline_keyboard") else {
        // Reply keyboards, keyboard removal and force-reply are not checked further.
        return Ok(Some(markup));
    };
    let rows = keyboard.as_array().ok_or_else(|| {
        ApiError::bad_request(
            "field \"inline_keyboard\" of the InlineKeyboardMarkup must be an Array",
        )
    })?;
    for row in rows {
        let buttons = row.as_array().ok_or_else(|| {
            ApiError::bad_request(
                "can't parse inline keyboard button: InlineKeyboardButton must be an Object",
            )
        })?;
        for button in buttons {
            check_button(button)?;
        }
    }
    Ok(Some(markup))
}

fn check_button(button: &Value) -> Result<(), ApiError> {
    let text = button["text"].as_str().ok_or_else(|| {
        ApiError::bad_request(
            "can't parse inline keyboard button: Field \"text\" must be of type String",
        )
    })?;
    if text.is_empty() {
        return Err(ApiError::bad_request("BUTTON_TEXT_INVALID"));
    }
    let actions = ACTIONS
        .iter()
        .filter(|action| button.get(**action).is_some())
        .count();
    if actions == 0 {
        return Err(ApiError::bad_request(
            "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard",
        ));
    }
    if let Some(data) = button.get("callback_data") {
        let length = data.as_str().map_or(0, str::len);
        if !(1..=64).contains(&length) {
            return Err(ApiError::bad_request("BUTTON_DATA_INVALID"));
        }
    }
    if let Some(link) = button.get("url") {
        let valid = link
            .as_str()
            .and_then(|link| url::Url::parse(link).ok())
            .is_some_and(|link| {
                matches!(link.scheme(), "http" | "https" | "tg") && link.host_str().is_some()
            });
        if !valid {
            return Err(ApiError::bad_request(format!(
                "inline keyboard button URL '{}' is invalid: Wrong HTTP URL",
                link.as_str().unwrap_or_default()
            )));
        }
    }
    Ok(())
}
