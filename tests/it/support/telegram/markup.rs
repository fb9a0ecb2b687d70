//! `reply_markup` checks: inline keyboards the way Telegram refuses them (`BUTTON_DATA_INVALID`
//! for callback data outside 1–64 bytes, bad URLs, buttons that do nothing).

use serde_json::Value;

use super::error::ApiError;
use super::links::check_link;

/// Button kinds besides `url` and `callback_data`, which count when present at all.
const OTHER_ACTIONS: &[&str] = &[
    "callback_game",
    "pay",
    "switch_inline_query",
    "switch_inline_query_chosen_chat",
    "switch_inline_query_current_chat",
    "login_url",
    "web_app",
    "copy_text",
];

fn unparsable_button(reason: &str) -> ApiError {
    ApiError::bad_request(format!("can't parse inline keyboard button: {reason}"))
}

/// Checks a reply markup and returns it as JSON, as it will appear on the message.
pub fn check(markup: Option<Value>) -> Result<Option<Value>, ApiError> {
    let Some(markup) = markup else {
        return Ok(None);
    };
    let Some(object) = markup.as_object() else {
        return Err(ApiError::bad_request("object expected as reply markup"));
    };
    let Some(keyboard) = object.get("inline_keyboard") else {
        // Reply keyboards, keyboard removal and force-reply are not checked further.
        return Ok(Some(markup));
    };
    let rows = keyboard
        .as_array()
        .ok_or_else(|| ApiError::bad_request("field \"inline_keyboard\" must be of type Array"))?;
    for row in rows {
        let buttons = row.as_array().ok_or_else(|| {
            ApiError::bad_request(
                "field \"inline_keyboard\" of the InlineKeyboardMarkup must be an Array of Arrays",
            )
        })?;
        for button in buttons {
            check_button(button)?;
        }
    }
    Ok(Some(markup))
}

/// The kind is chosen as the Bot API server chooses it: a non-empty `url` first, then a
/// non-empty `callback_data`, then any other kind; an empty string counts as absent.
fn check_button(button: &Value) -> Result<(), ApiError> {
    if !button.is_object() {
        return Err(unparsable_button("InlineKeyboardButton must be an Object"));
    }
    if !button["text"].is_string() {
        return Err(unparsable_button("Can't find field \"text\""));
    }
    let text_field = |name: &str| button[name].as_str().filter(|value| !value.is_empty());
    if let Some(link) = text_field("url") {
        return check_link(link)
            .map(drop)
            .map_err(|reason| ApiError::bad_request(format!("inline keyboard button {reason}")));
    }
    if let Some(data) = text_field("callback_data") {
        if data.len() > 64 {
            return Err(ApiError::bad_request("BUTTON_DATA_INVALID"));
        }
        return Ok(());
    }
    if OTHER_ACTIONS.iter().any(|kind| button.get(*kind).is_some()) {
        return Ok(());
    }
    Err(unparsable_button(
        "Text buttons are unallowed in the inline keyboard",
    ))
}
