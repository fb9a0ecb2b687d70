//! The messenger: `im.message.add`, `im.notify.{personal,system}.add`, `im.dialog.messages.get`,
//! `im.recent.list`, `im.counters.get`, `im.chat.add`, `im.chat.get`, `im.chat.user.list`. Keys are UPPER in, snake
//! case out, ids integers; a message to a chat bot also becomes an event in the bot's queue.

use std::collections::BTreeMap;

use jiff::Timestamp;
use serde_json::{Map, Value, json};

use super::args::{Args, as_flag, as_id, as_list, as_text};
use super::{Call, Output, imbot};
use crate::sandbox::error::ApiError;
use crate::sandbox::store::PortalData;
use crate::sandbox::store::im::{Chat, ChatKind, Notification, NotifyKind};

fn im_error(code: &str, description: &str) -> ApiError {
    ApiError::bad_request(code, description)
}

/// Where a message goes: `"chat<N>"` is a group chat, a number a private dialog with that person.
pub(super) enum Dialog {
    Chat(u64),
    Person(u64),
}

impl Dialog {
    pub(super) fn parse(text: &str) -> Option<Dialog> {
        let text = text.trim();
        match text.strip_prefix("chat") {
            Some(id) => id.parse().ok().filter(|&id| id > 0).map(Dialog::Chat),
            None => text.parse().ok().filter(|&id| id > 0).map(Dialog::Person),
        }
    }
}

/// Whether a user id names an employee or a chat bot.
pub(super) fn is_person(data: &PortalData, id: u64) -> bool {
    data.users.get(id).is_some() || data.im.bots.contains_key(&id)
}

/// What a dialog id names for a viewer.
enum Target {
    Chat(u64),
    /// A private dialog with this person that nobody has written to yet.
    Unopened(u64),
}

/// Finds a dialog without changing anything: a group chat must have the viewer as a member, a
/// person must exist.
fn target(data: &PortalData, viewer: u64, dialog: &Dialog) -> Result<Target, ApiError> {
    match *dialog {
        Dialog::Person(id) if is_person(data, id) => Ok(data
            .im
            .private_chat(viewer, id)
            .map_or(Target::Unopened(id), Target::Chat)),
        Dialog::Person(_) => Err(im_error("USER_NOT_FOUND", "User not found")),
        Dialog::Chat(id) => match data.im.chats.get(id) {
            Some(chat) if chat.members.contains(&viewer) => Ok(Target::Chat(id)),
            _ => Err(im_error(
                "ACCESS_ERROR",
                "You do not have access to this chat",
            )),
        },
    }
}

/// The chat a sender writes to, opening a private dialog on first use.
pub(super) fn resolve_chat(
    data: &mut PortalData,
    sender: u64,
    dialog: &Dialog,
    now: Timestamp,
) -> Result<u64, ApiError> {
    Ok(match target(data, sender, dialog)? {
        Target::Chat(id) => id,
        Target::Unopened(person) => data.im.open_private(sender, person, now),
    })
}

pub fn message_add(data: &mut PortalData, call: &Call<'_>) -> Result<Output, ApiError> {
    let args = Args::new(call.params);
    let dialog = args
        .legacy("DIALOG_ID")
        .and_then(as_text)
        .filter(|d| !d.trim().is_empty())
        .ok_or_else(|| im_error("DIALOG_ID_EMPTY", "Dialog ID can't be empty"))?;
    let dialog =
        Dialog::parse(&dialog).ok_or_else(|| im_error("USER_NOT_FOUND", "User not found"))?;
    let text = args
        .legacy("MESSAGE")
        .and_then(as_text)
        .filter(|m| !m.trim().is_empty())
        .ok_or_else(|| im_error("MESSAGE_EMPTY", "Message can't be empty"))?;
    let keyboard = args
        .legacy("KEYBOARD")
        .filter(|k| !as_list(k).is_empty())
        .cloned();
    let chat_id = resolve_chat(data, call.user_id, &dialog, call.now)?;
    let id = data
        .im
        .post(chat_id, call.user_id, &text, keyboard, call.now);
    imbot::notify_bots(data, id);
    Ok(Output::of(id))
}

fn notify(data: &mut PortalData, call: &Call<'_>, kind: NotifyKind) -> Result<Output, ApiError> {
    let args = Args::new(call.params);
    let user_id = args
        .legacy("USER_ID")
        .and_then(as_id)
        .ok_or_else(|| im_error("USER_ID_EMPTY", "Recipient user ID can't be empty"))?;
    if data.users.get(user_id).is_none() {
        return Err(im_error("USER_NOT_FOUND", "User not found"));
    }
    let text = args
        .legacy("MESSAGE")
        .and_then(as_text)
        .filter(|m| !m.trim().is_empty())
        .ok_or_else(|| im_error("MESSAGE_EMPTY", "Message can't be empty"))?;
    let tag = args.legacy("TAG").and_then(as_text).unwrap_or_default();
    // A tagged notification replaces the previous one with the same tag, as on a portal.
    if !tag.is_empty() {
        data.im
            .notifications
            .rows
            .retain(|_, n| !(n.user_id == user_id && n.tag == tag));
    }
    let id = data.im.notifications.insert_with(|id| Notification {
        id,
        user_id,
        from_user_id: call.user_id,
        kind,
        text,
        tag,
        date: call.now,
        read: false,
    });
    Ok(Output::of(id))
}

pub fn notify_personal(data: &mut PortalData, call: &Call<'_>) -> Result<Output, ApiError> {
    notify(data, call, NotifyKind::Personal)
}

pub fn notify_system(data: &mut PortalData, call: &Call<'_>) -> Result<Output, ApiError> {
    notify(data, call, NotifyKind::System)
}

/// A person as the messenger prints one (snake_case, integer ids).
pub(super) fn person_json(data: &PortalData, id: u64) -> Value {
    let common = json!({
        "id": id, "active": true, "color": "#1eb4aa", "avatar": "",
        "avatar_hr": "/bitrix/js/im/images/blank.gif", "extranet": false, "network": false,
        "connector": false, "status": "online", "idle": false, "mobile_last_date": false,
        "desktop_last_date": false, "absent": false, "phones": false, "website": "",
    });
    let own = match (data.im.bots.get(&id), data.users.get(id)) {
        (Some(bot), _) => json!({
            "name": bot.name, "first_name": bot.name, "last_name": "", "work_position": "",
            "gender": "M", "birthday": "", "bot": true, "external_auth_id": "bot",
            "last_activity_date": data.zone.iso(bot.created), "departments": [],
            "bot_data": {"code": bot.code, "type": bot.bot_type.as_str()}, "type": "bot",
            "email": "",
        }),
        (None, Some(user)) => json!({
            "active": user.active, "name": user.full_name(), "first_name": user.name,
            "last_name": user.last_name, "work_position": user.position,
            "gender": user.gender.letter(),
            "birthday": user.birthday.map(|d| d.strftime("%d-%m").to_string()).unwrap_or_default(),
            "bot": false, "external_auth_id": "default",
            "last_activity_date": user.last_login.map(|t| data.zone.iso(t)),
            "departments": user.departments, "bot_data": null, "type": "user",
            "email": user.email,
        }),
        (None, None) => json!({}),
    };
    let mut out = Map::new();
    for part in [common, own] {
        if let Value::Object(map) = part {
            out.extend(map);
        }
    }
    Value::Object(out)
}

fn message_params(keyboard: &Option<Value>) -> Value {
    match keyboard {
        Some(keyboard) => json!({ "KEYBOARD": keyboard }),
        None => json!([]),
    }
}

fn unread_for(chat: &Chat, user_id: u64, message_id: u64) -> bool {
    chat.last_read.get(&user_id).copied().unwrap_or(0) < message_id
}

pub fn dialog_messages(data: &mut PortalData, call: &Call<'_>) -> Result<Output, ApiError> {
    let args = Args::new(call.params);
    let dialog = args
        .legacy("DIALOG_ID")
        .and_then(as_text)
        .and_then(|d| Dialog::parse(&d))
        .ok_or_else(|| im_error("DIALOG_ID_EMPTY", "Dialog ID can't be empty"))?;
    // Reading never opens a dialog: one that was never written to is empty.
    let chat_id = match target(data, call.user_id, &dialog)? {
        Target::Chat(id) => id,
        Target::Unopened(person) => {
            let users = vec![person_json(data, person)];
            return Ok(Output::of(
                json!({"chat_id": 0, "messages": [], "users": users, "files": []}),
            ));
        }
    };
    let limit = args
        .legacy("LIMIT")
        .and_then(as_id)
        .map_or(20, |l| l.min(50)) as usize;
    let last_id = args.legacy("LAST_ID").and_then(as_id);
    let first_id = args.legacy("FIRST_ID").and_then(as_id);
    let chat = data
        .im
        .chats
        .get(chat_id)
        .cloned()
        .ok_or_else(|| im_error("ACCESS_ERROR", "You do not have access to this chat"))?;
    let mut messages: Vec<_> = data
        .im
        .chat_messages(chat_id)
        .filter(|m| last_id.is_none_or(|last| m.id < last))
        .filter(|m| first_id.is_none_or(|first| m.id > first))
        .collect();
    // Newest first; paging back with LAST_ID takes the newest older ones, forward with FIRST_ID
    // the oldest newer ones.
    if first_id.is_some() {
        messages.truncate(limit);
        messages.reverse();
    } else {
        messages.reverse();
        messages.truncate(limit);
    }
    let mut authors: Vec<u64> = messages
        .iter()
        .map(|m| m.author_id)
        .filter(|&a| a > 0)
        .collect();
    authors.extend(chat.members.iter().copied());
    authors.sort_unstable();
    authors.dedup();
    let rows: Vec<Value> = messages
        .iter()
        .map(|m| {
            json!({
                "id": m.id, "chat_id": m.chat_id, "author_id": m.author_id,
                "date": data.zone.iso(m.date), "text": m.text,
                "unread": m.author_id != call.user_id && unread_for(&chat, call.user_id, m.id),
                "uuid": null, "replaces": [], "params": message_params(&m.keyboard),
                "disappearing_date": null,
            })
        })
        .collect();
    let users: Vec<Value> = authors.iter().map(|&id| person_json(data, id)).collect();
    Ok(Output::of(
        json!({"chat_id": chat_id, "messages": rows, "users": users, "files": []}),
    ))
}

fn chat_title(data: &PortalData, chat: &Chat, viewer: u64) -> String {
    match &chat.kind {
        ChatKind::Group { title, .. } => title.clone(),
        ChatKind::Private => chat
            .counterpart(viewer)
            .map(|other| {
                data.users
                    .get(other)
                    .map(|u| u.full_name())
                    .or_else(|| data.im.bots.get(&other).map(|b| b.name.clone()))
                    .unwrap_or_default()
            })
            .unwrap_or_default(),
    }
}

fn unread_count(data: &PortalData, chat: &Chat, user_id: u64) -> u64 {
    let read = chat.last_read.get(&user_id).copied().unwrap_or(0);
    data.im
        .chat_messages(chat.id)
        .filter(|m| m.id > read && m.author_id != user_id)
        .count() as u64
}

pub fn recent_list(data: &mut PortalData, call: &Call<'_>) -> Result<Output, ApiError> {
    let args = Args::new(call.params);
    let flag = |name: &str| args.legacy(name).and_then(as_flag).unwrap_or(false);
    let (skip_dialog, skip_chat, unread_only) =
        (flag("SKIP_DIALOG"), flag("SKIP_CHAT"), flag("UNREAD_ONLY"));
    let before = args
        .legacy("LAST_MESSAGE_DATE")
        .and_then(as_text)
        .and_then(|d| data.zone.parse(&d));
    let user = call.user_id;
    let mut rows: Vec<(Timestamp, u64, Value)> = Vec::new();
    for chat in data.im.chats.values().filter(|c| c.members.contains(&user)) {
        let Some(last) = data.im.chat_messages(chat.id).next_back() else {
            continue;
        };
        if before.is_some_and(|b| last.date >= b)
            || (chat.is_private() && skip_dialog)
            || (!chat.is_private() && skip_chat)
        {
            continue;
        }
        let counter = unread_count(data, chat, user);
        if unread_only && counter == 0 {
            continue;
        }
        let message = json!({
            "id": last.id, "text": last.text, "file": false, "author_id": last.author_id,
            "attach": false, "date": data.zone.iso(last.date),
            "status": if unread_for(chat, user, last.id) { "received" } else { "delivered" },
        });
        let title = chat_title(data, chat, user);
        let mut item = match chat.counterpart(user) {
            Some(other) => json!({
                "id": other, "chat_id": chat.id, "type": "user", "title": title,
                "user": person_json(data, other),
            }),
            None => json!({
                "id": format!("chat{}", chat.id), "chat_id": chat.id, "type": "chat",
                "title": title,
                "chat": {"id": chat.id, "name": title, "owner": match &chat.kind {
                    ChatKind::Group { owner, .. } => *owner, ChatKind::Private => 0 },
                    "type": "chat", "user_counter": chat.members.len()},
            }),
        };
        if let Value::Object(map) = &mut item {
            map.insert("avatar".into(), json!({"url": "", "color": "#1eb4aa"}));
            map.insert("message".into(), message);
            map.insert("counter".into(), json!(counter));
            map.insert("pinned".into(), json!(false));
            map.insert("unread".into(), json!(false));
            map.insert("has_reminder".into(), json!(false));
            map.insert(
                "last_id".into(),
                json!(chat.last_read.get(&user).copied().unwrap_or(0)),
            );
            map.insert("date_update".into(), json!(data.zone.iso(last.date)));
            map.insert("date_last_activity".into(), json!(data.zone.iso(last.date)));
            map.insert("options".into(), json!([]));
        }
        rows.push((last.date, last.id, item));
    }
    rows.sort_by_key(|row| std::cmp::Reverse((row.0, row.1)));
    let offset = args.legacy("OFFSET").and_then(as_id).unwrap_or(0) as usize;
    let limit = args
        .legacy("LIMIT")
        .and_then(as_id)
        .map_or(50, |l| l.min(200)) as usize;
    let has_more = rows.len() > offset + limit;
    let items: Vec<Value> = rows
        .into_iter()
        .skip(offset)
        .take(limit)
        .map(|(_, _, item)| item)
        .collect();
    Ok(Output::of(
        json!({"items": items, "hasMore": has_more, "hasMorePages": has_more}),
    ))
}

/// `im.chat.user.list {CHAT_ID}`: the member ids of a chat, shown to its members only.
pub fn chat_user_list(data: &mut PortalData, call: &Call<'_>) -> Result<Output, ApiError> {
    let id = Args::new(call.params)
        .legacy("CHAT_ID")
        .and_then(as_id)
        .ok_or_else(|| im_error("CHAT_ID_EMPTY", "Chat ID can't be empty"))?;
    match data.im.chats.get(id) {
        Some(chat) if chat.members.contains(&call.user_id) => Ok(Output::of(json!(chat.members))),
        _ => Err(im_error(
            "ACCESS_ERROR",
            "You do not have access to this chat",
        )),
    }
}

/// Empty maps print as `[]`, as PHP prints an empty array.
fn map_or_empty_list(map: BTreeMap<String, u64>) -> Value {
    if map.is_empty() {
        json!([])
    } else {
        Value::Object(
            map.into_iter()
                .map(|(k, v)| (k, json!(v)))
                .collect::<Map<_, _>>(),
        )
    }
}

pub fn counters(data: &mut PortalData, call: &Call<'_>) -> Result<Output, ApiError> {
    let user = call.user_id;
    let mut chats = BTreeMap::new();
    let mut dialogs = BTreeMap::new();
    for chat in data.im.chats.values().filter(|c| c.members.contains(&user)) {
        let count = unread_count(data, chat, user);
        if count == 0 {
            continue;
        }
        match chat.counterpart(user) {
            Some(other) => dialogs.insert(other.to_string(), count),
            None => chats.insert(chat.id.to_string(), count),
        };
    }
    let notify = data
        .im
        .notifications
        .values()
        .filter(|n| n.user_id == user && !n.read)
        .count() as u64;
    let chat_total: u64 = chats.values().sum();
    let dialog_total: u64 = dialogs.values().sum();
    Ok(Output::of(json!({
        "TYPE": {
            "ALL": notify + chat_total + dialog_total, "NOTIFY": notify, "CHAT": chat_total,
            "LINES": 0, "DIALOG": dialog_total, "MESSENGER": chat_total + dialog_total,
        },
        "CHAT": map_or_empty_list(chats),
        "CHAT_MUTED": [],
        "CHAT_UNREAD": [],
        "LINES": [],
        "DIALOG": map_or_empty_list(dialogs),
        "DIALOG_UNREAD": [],
    })))
}

pub fn chat_add(data: &mut PortalData, call: &Call<'_>) -> Result<Output, ApiError> {
    let args = Args::new(call.params);
    let mut members = vec![call.user_id];
    for id in args
        .legacy("USERS")
        .map(as_list)
        .unwrap_or_default()
        .into_iter()
        .filter_map(as_id)
    {
        if !is_person(data, id) {
            return Err(im_error("USER_NOT_FOUND", "User not found"));
        }
        if !members.contains(&id) {
            members.push(id);
        }
    }
    let text = |name: &str| args.legacy(name).and_then(as_text).unwrap_or_default();
    let mut title = text("TITLE");
    if title.trim().is_empty() {
        title = members
            .iter()
            .filter_map(|id| data.users.get(*id).map(|u| u.name.clone()))
            .collect::<Vec<_>>()
            .join(", ");
    }
    let chat_id = data.im.chats.insert_with(|id| Chat {
        id,
        kind: ChatKind::Group {
            title,
            owner: call.user_id,
            description: text("DESCRIPTION"),
            color: text("COLOR"),
            entity_type: text("ENTITY_TYPE"),
            entity_id: text("ENTITY_ID"),
        },
        members,
        last_read: BTreeMap::new(),
        created: call.now,
    });
    imbot::notify_join(data, chat_id, call.user_id, call.now);
    let first = text("MESSAGE");
    if !first.trim().is_empty() {
        let id = data.im.post(chat_id, call.user_id, &first, None, call.now);
        imbot::notify_bots(data, id);
    }
    Ok(Output::of(chat_id))
}

/// Finds a chat by the entity it was made for; `null` when there is none.
pub fn chat_get(data: &mut PortalData, call: &Call<'_>) -> Result<Output, ApiError> {
    let args = Args::new(call.params);
    let entity_type = args
        .legacy("ENTITY_TYPE")
        .and_then(as_text)
        .unwrap_or_default();
    let entity_id = args
        .legacy("ENTITY_ID")
        .and_then(as_text)
        .unwrap_or_default();
    if entity_type.is_empty() || entity_id.is_empty() {
        return Err(im_error(
            "ENTITY_TYPE_EMPTY",
            "Entity type and id can't be empty",
        ));
    }
    let found = data.im.chats.values().find(|chat| {
        matches!(&chat.kind, ChatKind::Group { entity_type: t, entity_id: i, .. }
            if *t == entity_type && *i == entity_id)
            && chat.members.contains(&call.user_id)
    });
    Ok(Output::of(match found {
        Some(chat) => json!({"ID": chat.id}),
        None => Value::Null,
    }))
}

/// What the messenger calls when a person presses a keyboard button that carries a command
/// (`MESSAGE_ID`, `BOT_ID`, `COMMAND`, `COMMAND_PARAMS`): the button must be on that message of
/// the bot, in a chat the caller is in; the bot hears the command (`ONIMBOTV2COMMANDADD`).
pub fn message_command(data: &mut PortalData, call: &Call<'_>) -> Result<Output, ApiError> {
    let args = Args::new(call.params);
    let message_id = args
        .legacy("MESSAGE_ID")
        .and_then(as_id)
        .ok_or_else(|| im_error("MESSAGE_ID_ERROR", "Message ID can't be empty"))?;
    let bot_id = args
        .legacy("BOT_ID")
        .and_then(as_id)
        .ok_or_else(|| im_error("BOT_ID_ERROR", "Bot ID can't be empty"))?;
    let command = args
        .legacy("COMMAND")
        .and_then(as_text)
        .filter(|c| !c.trim().is_empty())
        .ok_or_else(|| im_error("COMMAND_ERROR", "Command can't be empty"))?;
    let params = args
        .legacy("COMMAND_PARAMS")
        .and_then(as_text)
        .unwrap_or_default();
    let message = data
        .im
        .messages
        .get(message_id)
        .filter(|m| m.author_id == bot_id)
        .filter(|m| {
            data.im
                .chats
                .get(m.chat_id)
                .is_some_and(|chat| chat.members.contains(&call.user_id))
        })
        .ok_or_else(|| im_error("MESSAGE_ID_ERROR", "Message not found"))?;
    let on_keyboard = message.keyboard.as_ref().is_some_and(|keyboard| {
        as_list(keyboard).iter().any(|button| {
            button.get("COMMAND").and_then(as_text).as_deref() == Some(command.as_str())
                && button
                    .get("COMMAND_PARAMS")
                    .and_then(as_text)
                    .unwrap_or_default()
                    == params
        })
    });
    if !on_keyboard {
        return Err(im_error("PARAMS_ERROR", "No such button on the message"));
    }
    if !imbot::notify_command(data, call.user_id, message_id, &command, &params, call.now) {
        return Err(im_error("COMMAND_ERROR", "Command not found"));
    }
    Ok(Output::of(true))
}
