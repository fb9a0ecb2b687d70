//! Sending, editing and deleting text messages, with the text rules every method shares: parse
//! mode, Telegram's trimming, and the length limits measured after the markup is gone.

use serde_json::{Value, json};

use super::error::{ApiError, ApiResult};
use super::html::{self, utf16_len};
use super::markup;
use super::objects::Chat;
use super::params::Params;
use super::state::{SentMessage, Shared, State, unix_now};

/// Limits in Unicode code points, as TDLib counts them (`utf8_length`), after the markup is gone.
pub const TEXT_LIMIT: usize = 4096;
pub const CAPTION_LIMIT: usize = 1024;

/// A text or caption after its parse mode was applied.
pub struct Formatted {
    pub source: String,
    pub text: String,
    pub entities: Vec<Value>,
    pub parse_mode: Option<String>,
}

/// Reads the text or caption under `key` with its parse mode and explicit entities, named the
/// way the Bot API names them (`parse_mode`/`entities`, `caption_entities`); `None` when absent.
pub fn formatted(params: &Params, key: &str) -> Result<Option<Formatted>, ApiError> {
    let Some(source) = params.text(key) else {
        return Ok(None);
    };
    let parse_mode = params.text("parse_mode").filter(|mode| !mode.is_empty());
    let entities_key = if key == "text" {
        "entities"
    } else {
        "caption_entities"
    };
    format(source, parse_mode, params.json(entities_key)?).map(Some)
}

/// Applies the parse mode, then trims whitespace as Telegram does and shifts the entities.
pub fn format(
    source: String,
    parse_mode: Option<String>,
    explicit_entities: Option<Value>,
) -> Result<Formatted, ApiError> {
    let parsed = match parse_mode
        .as_deref()
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        // "none" is the Bot API's explicit spelling of no parse mode.
        None | Some("none") => html::Parsed {
            text: source.clone(),
            entities: explicit_entities
                .and_then(|entities| entities.as_array().cloned())
                .unwrap_or_default(),
        },
        Some("html") => html::parse(&source).map_err(ApiError::bad_request)?,
        // The bot renders HTML only; Markdown is deliberately not emulated.
        Some(_) => return Err(ApiError::bad_request("unsupported parse_mode")),
    };
    let trimmed_start = parsed.text.trim_start();
    let shift = utf16_len(&parsed.text) - utf16_len(trimmed_start);
    let text = trimmed_start.trim_end().to_owned();
    let length = utf16_len(&text);
    let entities = parsed
        .entities
        .into_iter()
        .filter_map(|mut entity| {
            let start = entity["offset"].as_u64()? as usize;
            let end = start + entity["length"].as_u64()? as usize;
            let (start, end) = (
                start.saturating_sub(shift),
                end.saturating_sub(shift).min(length),
            );
            (end > start).then(|| {
                entity["offset"] = json!(start);
                entity["length"] = json!(end - start);
                entity
            })
        })
        .collect();
    Ok(Formatted {
        source,
        text,
        entities,
        parse_mode,
    })
}

/// The message the bot is answering, from `reply_to_message_id` or `reply_parameters`.
pub fn reply_to(state: &State, chat: &Chat, params: &Params) -> Result<Option<Value>, ApiError> {
    let parameters = params.json("reply_parameters")?.unwrap_or(Value::Null);
    let id = match params.int("reply_to_message_id")? {
        Some(id) => Some(id),
        None => parameters["message_id"].as_i64(),
    };
    let Some(id) = id else { return Ok(None) };
    let may_go_without = params.flag("allow_sending_without_reply")
        || parameters["allow_sending_without_reply"] == true;
    match state.messages.get(&(chat.id, id)) {
        Some(message) => Ok(Some(as_replied(message))),
        None if may_go_without => Ok(None),
        None => Err(ApiError::bad_request("message to be replied not found")),
    }
}

/// A message as quoted in `reply_to_message`: Telegram nests replies one level deep only.
pub fn as_replied(message: &Value) -> Value {
    let mut replied = message.clone();
    if let Some(fields) = replied.as_object_mut() {
        fields.remove("reply_to_message");
    }
    replied
}

/// Stores a message from the bot and gives its Bot API JSON; `content` holds the text or file.
pub fn deliver(
    state: &mut State,
    chat: &Chat,
    reply: Option<Value>,
    content: Value,
    record: SentMessage,
) -> Value {
    let mut message = json!({
        "message_id": record.message_id,
        "from": sender(&state.bot),
        "chat": chat.json(),
        "date": unix_now(),
    });
    merge(&mut message, content);
    if let Some(reply) = reply {
        message["reply_to_message"] = reply;
    }
    if let Some(markup) = inline_markup(record.reply_markup.as_ref()) {
        message["reply_markup"] = markup;
    }
    state
        .messages
        .insert((chat.id, record.message_id), message.clone());
    state.sent.entry(chat.id).or_default().push(record);
    message
}

/// The bot as a message's `from`: a plain `User`, without the fields only `getMe` has.
fn sender(bot: &Value) -> Value {
    json!({"id": bot["id"], "is_bot": true, "first_name": bot["first_name"], "username": bot["username"]})
}

fn merge(message: &mut Value, content: Value) {
    if let (Some(message), Value::Object(content)) = (message.as_object_mut(), content) {
        message.extend(content);
    }
}

/// Messages show only inline keyboards; reply keyboards belong to the chat, not the message.
fn inline_markup(markup: Option<&Value>) -> Option<Value> {
    markup
        .filter(|markup| markup.get("inline_keyboard").is_some())
        .cloned()
}

pub fn send_message(shared: &Shared, params: &Params) -> ApiResult {
    let mut state = shared.lock();
    let chat = state.chat(params.text("chat_id"))?;
    let text =
        formatted(params, "text")?.ok_or_else(|| ApiError::bad_request("message text is empty"))?;
    check_text(&text)?;
    let reply_markup = markup::check(params.json("reply_markup")?)?;
    let reply = reply_to(&state, &chat, params)?;
    state.check_blocked(&chat)?;
    state.check_flood(chat.id)?;
    let message_id = state.next_message_id(chat.id);
    let mut content = json!({"text": text.text});
    if !text.entities.is_empty() {
        content["entities"] = json!(text.entities);
    }
    let record = SentMessage {
        message_id,
        source: Some(text.source),
        text: Some(text.text),
        parse_mode: text.parse_mode,
        entities: text.entities,
        reply_to: reply
            .as_ref()
            .and_then(|reply| reply["message_id"].as_i64()),
        reply_markup,
        document: None,
        photo: None,
        edits: 0,
        deleted: false,
    };
    let message = deliver(&mut state, &chat, reply, content, record);
    drop(state);
    shared.wake_sent();
    Ok(message)
}

/// An empty `text` is "message text is empty"; text that is empty once markup and surrounding
/// whitespace are gone is TDLib's "text must be non-empty".
pub fn check_text(text: &Formatted) -> Result<(), ApiError> {
    if text.source.is_empty() {
        return Err(ApiError::bad_request("message text is empty"));
    }
    if text.text.is_empty() {
        return Err(ApiError::bad_request("text must be non-empty"));
    }
    if text.text.chars().count() > TEXT_LIMIT {
        return Err(ApiError::bad_request("message is too long"));
    }
    Ok(())
}

const NOT_MODIFIED: &str = "message is not modified: specified new message content and reply \
                            markup are exactly the same as a current content and reply markup of the message";

/// The bot's own message that an edit addresses.
fn editable<'a>(
    state: &'a mut State,
    params: &Params,
) -> Result<(Chat, &'a mut SentMessage), ApiError> {
    if params.text("inline_message_id").is_some() {
        return Err(ApiError::bad_request("message to edit not found"));
    }
    let chat = state.chat(params.text("chat_id"))?;
    state.check_blocked(&chat)?;
    let message_id = params
        .int("message_id")?
        .ok_or_else(|| ApiError::bad_request("message identifier is not specified"))?;
    let known = state.messages.contains_key(&(chat.id, message_id));
    match state.sent_message(chat.id, message_id) {
        Some(sent) => Ok((chat, sent)),
        None if known => Err(ApiError::bad_request("message can't be edited")),
        None => Err(ApiError::bad_request("message to edit not found")),
    }
}

pub fn edit_message_text(shared: &Shared, params: &Params) -> ApiResult {
    let text =
        formatted(params, "text")?.ok_or_else(|| ApiError::bad_request("message text is empty"))?;
    check_text(&text)?;
    let reply_markup = markup::check(params.json("reply_markup")?)?;
    let mut state = shared.lock();
    let (chat, sent) = editable(&mut state, params)?;
    if sent.document.is_some() || sent.photo.is_some() {
        return Err(ApiError::bad_request(
            "there is no text in the message to edit",
        ));
    }
    if sent.text.as_ref() == Some(&text.text)
        && sent.entities == text.entities
        && inline_markup(sent.reply_markup.as_ref()) == inline_markup(reply_markup.as_ref())
    {
        return Err(ApiError::bad_request(NOT_MODIFIED));
    }
    sent.source = Some(text.source);
    sent.text = Some(text.text.clone());
    sent.parse_mode = text.parse_mode;
    sent.entities = text.entities.clone();
    sent.reply_markup = reply_markup.clone();
    sent.edits += 1;
    let message_id = sent.message_id;
    let message = state
        .messages
        .get_mut(&(chat.id, message_id))
        .expect("a sent message is stored");
    message["text"] = json!(text.text);
    set_or_remove(
        message,
        "entities",
        (!text.entities.is_empty()).then(|| json!(text.entities)),
    );
    set_or_remove(
        message,
        "reply_markup",
        inline_markup(reply_markup.as_ref()),
    );
    message["edit_date"] = json!(unix_now());
    let message = message.clone();
    drop(state);
    shared.wake_sent();
    Ok(message)
}

pub fn edit_message_reply_markup(shared: &Shared, params: &Params) -> ApiResult {
    let reply_markup = markup::check(params.json("reply_markup")?)?;
    let mut state = shared.lock();
    let (chat, sent) = editable(&mut state, params)?;
    if inline_markup(sent.reply_markup.as_ref()) == inline_markup(reply_markup.as_ref()) {
        return Err(ApiError::bad_request(NOT_MODIFIED));
    }
    sent.reply_markup = reply_markup.clone();
    sent.edits += 1;
    let message_id = sent.message_id;
    let message = state
        .messages
        .get_mut(&(chat.id, message_id))
        .expect("a sent message is stored");
    set_or_remove(
        message,
        "reply_markup",
        inline_markup(reply_markup.as_ref()),
    );
    message["edit_date"] = json!(unix_now());
    let message = message.clone();
    drop(state);
    shared.wake_sent();
    Ok(message)
}

fn set_or_remove(message: &mut Value, key: &str, value: Option<Value>) {
    let object = message.as_object_mut().expect("a message is an object");
    match value {
        Some(value) => object.insert(key.to_owned(), value),
        None => object.remove(key),
    };
}

pub fn delete_message(shared: &Shared, params: &Params) -> ApiResult {
    let mut state = shared.lock();
    let chat = state.chat(params.text("chat_id"))?;
    let message_id = params
        .int("message_id")?
        .ok_or_else(|| ApiError::bad_request("message identifier is not specified"))?;
    if state.messages.remove(&(chat.id, message_id)).is_none() {
        return Err(ApiError::bad_request("message to delete not found"));
    }
    if let Some(sent) = state.sent_message(chat.id, message_id) {
        sent.deleted = true;
    }
    drop(state);
    shared.wake_sent();
    Ok(json!(true))
}

const CHAT_ACTIONS: &[&str] = &[
    "typing",
    "upload_photo",
    "record_video",
    "upload_video",
    "record_voice",
    "upload_voice",
    "upload_document",
    "choose_sticker",
    "find_location",
    "record_video_note",
    "upload_video_note",
];

pub fn send_chat_action(shared: &Shared, params: &Params) -> ApiResult {
    let mut state = shared.lock();
    let chat = state.chat(params.text("chat_id"))?;
    let action = params.text("action").unwrap_or_default();
    if !CHAT_ACTIONS.contains(&action.as_str()) {
        return Err(ApiError::bad_request("wrong parameter action in request"));
    }
    state.check_blocked(&chat)?;
    state.chat_actions.entry(chat.id).or_default().push(action);
    Ok(json!(true))
}
