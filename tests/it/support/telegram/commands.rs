//! The bot's command menu, kept per scope and language as `setMyCommands` defines it.

use serde_json::{Value, json};

use super::error::{ApiError, ApiResult};
use super::params::Params;
use super::state::Shared;

const SCOPES: &[&str] = &[
    "default",
    "all_private_chats",
    "all_group_chats",
    "all_chat_administrators",
    "chat",
    "chat_administrators",
    "chat_member",
];

/// The scope and language a command list is stored under.
pub fn key(
    scope: Option<Value>,
    language_code: Option<String>,
) -> Result<(String, String), ApiError> {
    let scope = scope.unwrap_or_else(|| json!({"type": "default"}));
    let kind = scope["type"].as_str().unwrap_or_default();
    if !SCOPES.contains(&kind) {
        return Err(ApiError::bad_request("unsupported bot command scope type"));
    }
    let language = language_code.unwrap_or_default();
    let valid_language = language.is_empty()
        || (language.len() == 2 && language.bytes().all(|b| b.is_ascii_lowercase()));
    if !valid_language {
        return Err(ApiError::bad_request("invalid language code specified"));
    }
    // Fields in a fixed order and ids as text, so the same scope written two ways is one key.
    let id = |field: &str| match &scope[field] {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    };
    let canonical = json!({"type": kind, "chat_id": id("chat_id"), "user_id": id("user_id")});
    Ok((canonical.to_string(), language))
}

/// TDLib trims both fields and drops a leading `/` before it checks lengths; Telegram's servers
/// then refuse anything but lowercase letters, digits and underscores.
fn check_command(command: &Value) -> Result<Value, ApiError> {
    let field = |name: &str| {
        command[name].as_str().map(str::trim).ok_or_else(|| {
            ApiError::bad_request(format!(
                "can't parse BotCommand: Can't find field \"{name}\""
            ))
        })
    };
    let raw_name = field("command")?;
    let name = raw_name.strip_prefix('/').unwrap_or(raw_name);
    let description = field("description")?;
    if name.is_empty() {
        return Err(ApiError::bad_request("command must be non-empty"));
    }
    if name.chars().count() > 32 {
        return Err(ApiError::bad_request("command length must not exceed 32"));
    }
    if description.is_empty() {
        return Err(ApiError::bad_request(
            "command description must be non-empty",
        ));
    }
    if description.chars().count() > 256 {
        return Err(ApiError::bad_request(
            "command description length must not exceed 256",
        ));
    }
    let allowed = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_';
    if !name.bytes().all(allowed) {
        return Err(ApiError::bad_request("BOT_COMMAND_INVALID"));
    }
    Ok(json!({"command": name, "description": description}))
}

pub fn set_my_commands(shared: &Shared, params: &Params) -> ApiResult {
    let commands = params
        .json("commands")?
        .ok_or_else(|| ApiError::bad_request("parameter \"commands\" is required"))?;
    let commands = commands
        .as_array()
        .ok_or_else(|| ApiError::bad_request("can't parse commands JSON object"))?;
    if commands.len() > 100 {
        return Err(ApiError::bad_request("too many commands specified"));
    }
    let commands = commands
        .iter()
        .map(check_command)
        .collect::<Result<Vec<_>, _>>()?;
    let key = key(params.json("scope")?, params.text("language_code"))?;
    shared.lock().commands.insert(key, commands);
    Ok(json!(true))
}

pub fn get_my_commands(shared: &Shared, params: &Params) -> ApiResult {
    let key = key(params.json("scope")?, params.text("language_code"))?;
    let commands = shared
        .lock()
        .commands
        .get(&key)
        .cloned()
        .unwrap_or_default();
    Ok(json!(commands))
}

pub fn delete_my_commands(shared: &Shared, params: &Params) -> ApiResult {
    let key = key(params.json("scope")?, params.text("language_code"))?;
    shared.lock().commands.remove(&key);
    Ok(json!(true))
}
