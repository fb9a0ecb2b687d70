//! Chat bots 2.0 in fetch mode: `imbot.v2.Bot.{register,list,unregister}`, `imbot.v2.Event.get`,
//! `imbot.v2.Chat.Message.send` and `imbot.v2.Command.register`. Calls come from webhooks, so every call after registration
//! proves ownership with the bot's `botToken`. Values in events are typed, as fetch mode types them.

use std::collections::VecDeque;

use jiff::Timestamp;
use serde_json::{Value, json};

use super::args::{Args, as_flag, as_id, as_list, as_text};
use super::im::{Dialog, person_json, resolve_chat};
use super::{Call, Output};
use crate::sandbox::error::ApiError;
use crate::sandbox::store::PortalData;
use crate::sandbox::store::im::{Bot, BotCommand, BotEvent, BotType, ChatKind, EVENT_MODE};

/// Longest `botToken` a portal accepts (change-log BOT-BC-0506-1).
const MAX_TOKEN_LEN: usize = 40;
const MAX_MESSAGE_LEN: usize = 20_000;
const BOTS_PER_OWNER: usize = 100;

fn bot_error(status: u16, code: &str, description: &str) -> ApiError {
    ApiError::new(status, code, description)
}

fn token(args: &Args<'_>) -> Result<String, ApiError> {
    args.get("botToken")
        .and_then(as_text)
        .filter(|t| !t.is_empty())
        .ok_or_else(|| bot_error(400, "BOT_TOKEN_NOT_SPECIFIED", "Bot token is not specified"))
}

/// The bot a call names, once the caller has proven to own it.
fn owned_bot<'d>(data: &'d mut PortalData, call: &Call<'_>) -> Result<&'d mut Bot, ApiError> {
    let args = Args::new(call.params);
    let token = token(&args)?;
    let id = args
        .get("botId")
        .and_then(as_id)
        .ok_or_else(|| bot_error(400, "BOT_ID_REQUIRED", "Bot ID is required"))?;
    let bot = data
        .im
        .bots
        .get_mut(&id)
        .ok_or_else(|| bot_error(400, "BOT_NOT_FOUND", "Bot not found"))?;
    if bot.owner_id != call.user_id || bot.token != token {
        return Err(bot_error(
            403,
            "BOT_OWNERSHIP_ERROR",
            "Bot is registered by another application",
        ));
    }
    Ok(bot)
}

fn bot_json(data: &PortalData, bot: &Bot) -> Value {
    let chats = data
        .im
        .chats
        .values()
        .filter(|c| c.members.contains(&bot.id))
        .count();
    let sent = data
        .im
        .messages
        .values()
        .filter(|m| m.author_id == bot.id)
        .count();
    json!({
        "id": bot.id, "code": bot.code, "type": bot.bot_type.as_str(), "isHidden": false,
        "isSupportOpenline": false, "isReactionsEnabled": true, "backgroundId": null,
        "language": data.users.get(bot.owner_id).map_or("en", |u| u.language.as_str()),
        "moduleId": "rest", "appId": format!("webhook.{}", bot.owner_id),
        "eventMode": EVENT_MODE, "countMessage": sent, "countCommand": bot.commands.len(),
        "countChat": chats, "countUser": chats,
    })
}

fn bot_user_json(data: &PortalData, bot: &Bot) -> Value {
    json!({
        "id": bot.id, "active": true, "name": bot.name, "firstName": bot.name, "lastName": "",
        "workPosition": "", "color": "#df532d", "avatar": "", "gender": "M", "birthday": "",
        "extranet": false, "bot": true, "connector": false, "externalAuthId": "bot",
        "status": "online", "idle": false, "lastActivityDate": data.zone.iso(bot.created),
        "absent": false, "departments": [], "phones": false, "type": "bot",
    })
}

/// Registration is idempotent: the same code from the same owner answers the existing bot.
pub fn register(data: &mut PortalData, call: &Call<'_>) -> Result<Output, ApiError> {
    let fields = Args::new(call.params)
        .get("fields")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let fields_args = Value::Object(fields.clone());
    let fields = Args::new(&fields_args);
    let token = token(&fields)?;
    if token.chars().count() > MAX_TOKEN_LEN {
        return Err(bot_error(
            400,
            "BOT_TOKEN_INVALID",
            "Bot token must be at most 40 characters long",
        ));
    }
    let code = fields
        .get("code")
        .and_then(as_text)
        .filter(|c| !c.trim().is_empty())
        .ok_or_else(|| bot_error(400, "BOT_CODE_REQUIRED", "Bot code is required"))?;
    let name = fields
        .get("properties")
        .and_then(|p| p.get("name"))
        .and_then(as_text)
        .filter(|n| !n.trim().is_empty())
        .ok_or_else(|| {
            bot_error(
                400,
                "BOT_PROPERTIES_REQUIRED",
                "Bot properties are required",
            )
        })?;
    let bot_type = match fields.get("type").and_then(as_text) {
        None => BotType::Bot,
        Some(name) => BotType::parse(&name)
            .ok_or_else(|| bot_error(400, "BOT_INVALID_TYPE", "Invalid bot type"))?,
    };
    let event_mode = fields
        .get("eventMode")
        .and_then(as_text)
        .unwrap_or_else(|| EVENT_MODE.into());
    match event_mode.as_str() {
        EVENT_MODE => {}
        // The sandbox cannot reach a handler URL, so it only offers the mode a bot without a
        // public address uses.
        "webhook" => {
            return Err(bot_error(
                400,
                "BOT_WEBHOOK_URL_REQUIRED",
                "Webhook mode is not available on this portal; use fetch",
            ));
        }
        _ => {
            return Err(bot_error(
                400,
                "BOT_INVALID_EVENT_MODE",
                "Invalid event mode",
            ));
        }
    }
    if let Some(existing) = data.im.bots.values().find(|b| b.code == code) {
        if existing.owner_id != call.user_id {
            return Err(bot_error(
                400,
                "BOT_CODE_ALREADY_TAKEN",
                "Bot code is already taken",
            ));
        }
        let existing = existing.clone();
        return Ok(Output::of(
            json!({"bot": bot_json(data, &existing), "users": [bot_user_json(data, &existing)]}),
        ));
    }
    if data
        .im
        .bots
        .values()
        .filter(|b| b.owner_id == call.user_id)
        .count()
        >= BOTS_PER_OWNER
    {
        return Err(bot_error(400, "BOT_LIMIT_EXCEEDED", "Bot limit exceeded"));
    }
    // A bot is a user: people write to it by its id, so it takes the next user id.
    let id = data.users.next_id();
    let bot = Bot {
        id,
        code,
        name,
        bot_type,
        owner_id: call.user_id,
        token,
        created: call.now,
        queue: VecDeque::new(),
        last_event_id: 0,
        commands: Vec::new(),
    };
    let out = json!({"bot": bot_json(data, &bot), "users": [bot_user_json(data, &bot)]});
    data.im.bots.insert(id, bot);
    Ok(Output::of(out))
}

pub fn list(data: &mut PortalData, call: &Call<'_>) -> Result<Output, ApiError> {
    let token = token(&Args::new(call.params))?;
    let bots: Vec<&Bot> = data
        .im
        .bots
        .values()
        .filter(|b| b.owner_id == call.user_id && b.token == token)
        .collect();
    Ok(Output::of(json!({
        "bots": bots.iter().map(|b| bot_json(data, b)).collect::<Vec<_>>(),
        "users": bots.iter().map(|b| bot_user_json(data, b)).collect::<Vec<_>>(),
        "hasNextPage": false,
    })))
}

pub fn unregister(data: &mut PortalData, call: &Call<'_>) -> Result<Output, ApiError> {
    let id = owned_bot(data, call)?.id;
    data.im.bots.remove(&id);
    for chat in data.im.chats.rows.values_mut() {
        chat.members.retain(|&m| m != id);
    }
    Ok(Output::of(true))
}

/// Reads the queue: `offset` acknowledges (drops) every event with a smaller id.
pub fn event_get(data: &mut PortalData, call: &Call<'_>) -> Result<Output, ApiError> {
    let args = Args::new(call.params);
    let offset = args.get("offset").and_then(as_id);
    let limit = args
        .get("limit")
        .and_then(as_id)
        .map_or(100, |l| l.clamp(1, 1000)) as usize;
    let zone = data.zone.clone();
    let bot = owned_bot(data, call)?;
    // User events need an im.v2.Event.subscribe the sandbox does not offer, so asking for them
    // fails the way an unsubscribed user's request fails.
    if args.get("withUserEvents").and_then(as_flag) == Some(true) {
        return Err(bot_error(
            400,
            "USER_NOT_SUBSCRIBED",
            "User not subscribed to events",
        ));
    }
    if let Some(offset) = offset {
        while bot.queue.front().is_some_and(|e| e.id < offset) {
            bot.queue.pop_front();
        }
    }
    let events: Vec<Value> = bot
        .queue
        .iter()
        .take(limit)
        .map(|e| json!({"eventId": e.id, "type": e.kind, "date": zone.iso(e.date), "data": e.data}))
        .collect();
    let next_offset = bot
        .queue
        .get(limit.min(bot.queue.len()).saturating_sub(1))
        .map_or(bot.last_event_id + 1, |e| e.id + 1);
    let has_more = bot.queue.len() > limit;
    Ok(Output::of(
        json!({"events": events, "nextOffset": next_offset, "hasMore": has_more}),
    ))
}

pub fn message_send(data: &mut PortalData, call: &Call<'_>) -> Result<Output, ApiError> {
    let bot_id = owned_bot(data, call)?.id;
    let args = Args::new(call.params);
    let dialog = args
        .get("dialogId")
        .and_then(as_text)
        .and_then(|d| Dialog::parse(&d))
        .ok_or_else(|| bot_error(400, "DIALOG_ID_EMPTY", "Dialog ID can't be empty"))?;
    let fields = args.get("fields").cloned().unwrap_or(Value::Null);
    let text = fields
        .get("message")
        .and_then(as_text)
        .filter(|m| !m.trim().is_empty())
        .ok_or_else(|| bot_error(400, "MESSAGE_EMPTY", "Message can't be empty"))?;
    if text.chars().count() > MAX_MESSAGE_LEN {
        return Err(bot_error(400, "MESSAGE_TOO_LONG", "Message is too long"));
    }
    let keyboard = fields
        .get("keyboard")
        .filter(|k| !as_list(k).is_empty())
        .cloned();
    let chat_id = resolve_chat(data, bot_id, &dialog, call.now)?;
    let id = data.im.post(chat_id, bot_id, &text, keyboard, call.now);
    Ok(Output::of(json!({"id": id, "uuidMap": {}})))
}

fn command_json(bot_id: u64, command: &BotCommand) -> Value {
    json!({
        "id": command.id, "botId": bot_id, "command": format!("/{}", command.command),
        "common": false, "hidden": command.hidden, "extranetSupport": false,
    })
}

/// Registers a slash command of the bot; the same command again answers the one registered.
/// Parameters sit in `fields` (change-log BOT-BC-0326-2).
pub fn command_register(data: &mut PortalData, call: &Call<'_>) -> Result<Output, ApiError> {
    let args = Args::new(call.params);
    let fields = args.get("fields").cloned().unwrap_or(Value::Null);
    let name = fields
        .get("command")
        .and_then(as_text)
        .map(|c| c.trim().trim_start_matches('/').to_owned())
        .filter(|c| !c.is_empty())
        .ok_or_else(|| bot_error(400, "COMMAND_REQUIRED", "Command is required"))?;
    let hidden = fields.get("hidden").and_then(as_flag).unwrap_or(false);
    let id = data.im.next_command_id();
    let bot = owned_bot(data, call)?;
    if let Some(existing) = bot.commands.iter().find(|c| c.command == name) {
        return Ok(Output::of(
            json!({"command": command_json(bot.id, existing)}),
        ));
    }
    let command = BotCommand {
        id,
        command: name,
        hidden,
    };
    let out = json!({"command": command_json(bot.id, &command)});
    bot.commands.push(command);
    Ok(Output::of(out))
}

/// A person pressed a keyboard button that names one of the bot's commands under the bot's
/// message `message_id`: the bot hears `ONIMBOTV2COMMANDADD` in the `keyboard` context, with
/// the message that holds the keyboard. `false` when no such command is registered.
pub(super) fn notify_command(
    data: &mut PortalData,
    presser: u64,
    message_id: u64,
    command: &str,
    params: &str,
    now: Timestamp,
) -> bool {
    let Some(message) = data.im.messages.get(message_id).cloned() else {
        return false;
    };
    let name = command.trim().trim_start_matches('/');
    let Some(found) = data
        .im
        .bots
        .get(&message.author_id)
        .and_then(|bot| bot.commands.iter().find(|c| c.command == name))
        .cloned()
    else {
        return false;
    };
    let mut payload = event_base(data, message.author_id, message.chat_id, presser);
    payload["command"] = json!({
        "id": found.id, "command": format!("/{}", found.command), "params": params,
        "context": "keyboard",
    });
    payload["message"] = message_json(data, &message);
    push_event(data, message.author_id, "ONIMBOTV2COMMANDADD", now, payload);
    true
}

fn message_json(data: &PortalData, message: &crate::sandbox::store::im::Message) -> Value {
    json!({
        "id": message.id, "chatId": message.chat_id, "authorId": message.author_id,
        "date": data.zone.iso(message.date), "text": message.text, "isSystem": false,
        "uuid": "", "forward": null, "params": {}, "viewedByOthers": false,
    })
}

/// Bot ids mentioned as `[USER=<id>]…[/USER]` in a message.
fn mentions(text: &str) -> Vec<u64> {
    let upper = text.to_uppercase();
    upper
        .match_indices("[USER=")
        .filter_map(|(at, tag)| {
            let rest = &upper[at + tag.len()..];
            let end = rest.find(']')?;
            rest[..end].split_whitespace().next()?.parse().ok()
        })
        .collect()
}

/// Turns a new message into `ONIMBOTV2MESSAGEADD` events: for the bot of a private dialog, and
/// for bots mentioned in a group chat (personal and supervisor bots in the chat hear everything).
pub(super) fn notify_bots(data: &mut PortalData, message_id: u64) {
    let Some(message) = data.im.messages.get(message_id).cloned() else {
        return;
    };
    let Some(chat) = data.im.chats.get(message.chat_id).cloned() else {
        return;
    };
    if data.im.bots.contains_key(&message.author_id) {
        return;
    }
    let recipients: Vec<u64> = match &chat.kind {
        ChatKind::Private => chat
            .counterpart(message.author_id)
            .filter(|id| data.im.bots.contains_key(id))
            .into_iter()
            .collect(),
        ChatKind::Group { .. } => {
            let mut ids: Vec<u64> = mentions(&message.text)
                .into_iter()
                .filter(|id| data.im.bots.contains_key(id))
                .collect();
            ids.extend(chat.members.iter().copied().filter(|id| {
                data.im
                    .bots
                    .get(id)
                    .is_some_and(|b| b.bot_type.hears_everything())
            }));
            ids.sort_unstable();
            ids.dedup();
            ids
        }
    };
    for bot_id in recipients {
        // A mentioned bot joins the conversation, so it can answer in it.
        if let Some(chat) = data.im.chats.get_mut(chat.id)
            && !chat.members.contains(&bot_id)
        {
            chat.members.push(bot_id);
        }
        let mut payload = event_base(data, bot_id, message.chat_id, message.author_id);
        payload["message"] = message_json(data, &message);
        push_event(data, bot_id, "ONIMBOTV2MESSAGEADD", message.date, payload);
    }
}

/// Tells the bots among a new chat's members that they were added (`ONIMBOTV2JOINCHAT`).
pub(super) fn notify_join(data: &mut PortalData, chat_id: u64, added_by: u64, now: Timestamp) {
    let bots: Vec<u64> = data
        .im
        .chats
        .get(chat_id)
        .map(|chat| {
            chat.members
                .iter()
                .copied()
                .filter(|id| data.im.bots.contains_key(id))
                .collect()
        })
        .unwrap_or_default();
    for bot_id in bots {
        let payload = event_base(data, bot_id, chat_id, added_by);
        push_event(data, bot_id, "ONIMBOTV2JOINCHAT", now, payload);
    }
}

fn push_event(data: &mut PortalData, bot_id: u64, kind: &str, date: Timestamp, payload: Value) {
    if let Some(bot) = data.im.bots.get_mut(&bot_id) {
        bot.last_event_id += 1;
        bot.queue.push_back(BotEvent {
            id: bot.last_event_id,
            kind: kind.to_owned(),
            date,
            data: payload,
        });
    }
}

/// What every event carries: the bot, the chat as the bot sees it, the person who acted and
/// their language. Values are typed, as fetch mode delivers them.
fn event_base(data: &PortalData, bot_id: u64, chat_id: u64, user_id: u64) -> Value {
    let bot = data.im.bots.get(&bot_id);
    let chat = data.im.chats.get(chat_id);
    let user = data.users.get(user_id);
    let (dialog_id, chat_type, chat_name, owner) = match chat.map(|c| &c.kind) {
        Some(ChatKind::Group { title, owner, .. }) => {
            (format!("chat{chat_id}"), "chat", title.clone(), *owner)
        }
        // In a private dialog the bot's counterpart is the person, and so is the dialog id.
        _ => (
            user_id.to_string(),
            "private",
            user.map(|u| u.full_name()).unwrap_or_default(),
            0,
        ),
    };
    let person = person_json(data, user_id);
    let is_bot = data.im.bots.contains_key(&user_id);
    json!({
        "bot": bot.map(|b| json!({"id": b.id, "code": b.code, "type": b.bot_type.as_str(), "eventMode": EVENT_MODE})),
        "chat": {
            "id": chat_id, "dialogId": dialog_id, "type": chat_type, "name": chat_name,
            "owner": owner, "userCounter": chat.map_or(0, |c| c.members.len()),
        },
        "user": {
            "id": user_id, "name": person["name"], "firstName": person["first_name"],
            "lastName": person["last_name"], "workPosition": person["work_position"],
            "gender": person["gender"], "bot": is_bot, "extranet": false,
            "type": if is_bot { "bot" } else { "employee" }, "active": person["active"],
        },
        "language": user.map_or("en", |u| u.language.as_str()),
    })
}
