//! `imbot.v2.Event.get` pages and their events, as fetch mode delivers them (typed values), read
//! into what the channel acts on. Only this channel knows these payloads (architecture
//! invariant 1).

use serde::Deserialize;
use serde_json::Value;

use crate::bot::Content;

use super::{Author, Message};

/// The hidden command the bot's keyboard buttons carry; the button's action rides in its
/// parameters and comes back with `ONIMBOTV2COMMANDADD` when pressed.
pub const BUTTON_COMMAND: &str = "b24bot_button";

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Page {
    #[serde(default)]
    pub events: Vec<RawEvent>,
    pub next_offset: i64,
    #[serde(default)]
    pub has_more: bool,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RawEvent {
    pub event_id: i64,
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub data: Value,
    /// When it happened, by the portal's clock (ISO 8601 with an offset).
    #[serde(default)]
    pub date: Option<String>,
}

/// What an event asks of the bot.
#[derive(Debug, PartialEq, Eq)]
pub enum Event {
    /// A message or a pressed button to answer.
    Message(Message),
    /// The bot was added to a chat: greet it in this language.
    Joined {
        dialog: String,
        lang: Option<String>,
    },
    /// Anything else (edits, reactions, the bot's own messages): nothing to do.
    Ignored,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Data {
    message: Option<MessageData>,
    chat: Option<ChatData>,
    user: Option<UserData>,
    command: Option<CommandData>,
    dialog_id: Option<String>,
    language: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct MessageData {
    author_id: u64,
    #[serde(default)]
    text: String,
    #[serde(default)]
    is_system: bool,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ChatData {
    dialog_id: String,
    #[serde(rename = "type", default)]
    kind: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct UserData {
    id: u64,
    #[serde(default)]
    active: bool,
    #[serde(default)]
    bot: bool,
    #[serde(default)]
    extranet: bool,
    #[serde(rename = "type", default)]
    kind: String,
}

#[derive(Debug, Deserialize)]
struct CommandData {
    command: String,
    #[serde(default)]
    params: String,
}

impl UserData {
    fn author(&self) -> Author {
        Author {
            id: self.id,
            employee: self.active && !self.bot && !self.extranet && self.kind == "employee",
        }
    }
}

/// Reads one event for the bot `bot_id`. A payload that does not parse is logged and ignored: it
/// must not stop the queue.
pub fn read(event: &RawEvent, bot_id: u64) -> Event {
    let data = match Data::deserialize(&event.data) {
        Ok(data) => data,
        Err(error) => {
            tracing::warn!(event = event.event_id, kind = %event.kind, %error, "an event did not parse; skipped");
            return Event::Ignored;
        }
    };
    match event.kind.as_str() {
        "ONIMBOTV2MESSAGEADD" => message(data, bot_id),
        "ONIMBOTV2COMMANDADD" => command(data),
        "ONIMBOTV2JOINCHAT" => match data.dialog_id.or(data.chat.map(|c| c.dialog_id)) {
            Some(dialog) => Event::Joined {
                dialog,
                lang: data.language,
            },
            None => Event::Ignored,
        },
        _ => Event::Ignored,
    }
}

fn message(data: Data, bot_id: u64) -> Event {
    let (Some(message), Some(chat), Some(user)) = (data.message, data.chat, data.user) else {
        return Event::Ignored;
    };
    if message.is_system || message.author_id == bot_id || user.bot {
        return Event::Ignored;
    }
    let mention = format!("[USER={bot_id}]");
    let group = chat.kind != "private";
    // The portal sends a plain bot group messages only when it is mentioned; checked again so
    // a supervisor-type registration elsewhere cannot make it answer everything.
    if group && !message.text.to_uppercase().contains(&mention) {
        return Event::Ignored;
    }
    Event::Message(Message {
        author: user.author(),
        dialog: chat.dialog_id,
        lang_hint: data.language,
        content: Content::Text(without_mentions(&message.text)),
    })
}

fn command(data: Data) -> Event {
    let (Some(command), Some(chat), Some(user)) = (data.command, data.chat, data.user) else {
        return Event::Ignored;
    };
    if user.bot {
        return Event::Ignored;
    }
    let content = if command.command.trim_start_matches('/') == BUTTON_COMMAND {
        Content::Button(command.params)
    } else {
        Content::Text(format!("{} {}", command.command, command.params))
    };
    Event::Message(Message {
        author: user.author(),
        dialog: chat.dialog_id,
        lang_hint: data.language,
        content,
    })
}

/// The text without `[USER=…]…[/USER]` mentions (the bot's own name is no part of a request).
pub fn without_mentions(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = find_ci(rest, "[USER=") {
        out.push_str(&rest[..start]);
        match find_ci(&rest[start..], "[/USER]") {
            Some(end) => rest = &rest[start + end + "[/USER]".len()..],
            None => {
                rest = &rest[start..];
                break;
            }
        }
    }
    out.push_str(rest);
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Byte offset of an ASCII `needle` in `haystack`, ignoring ASCII case.
fn find_ci(haystack: &str, needle: &str) -> Option<usize> {
    haystack
        .as_bytes()
        .windows(needle.len())
        .position(|window| window.eq_ignore_ascii_case(needle.as_bytes()))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn raw(kind: &str, data: Value) -> RawEvent {
        RawEvent {
            event_id: 1,
            kind: kind.into(),
            data,
            date: None,
        }
    }

    fn user(id: u64) -> Value {
        json!({"id": id, "active": true, "bot": false, "extranet": false, "type": "employee"})
    }

    #[test]
    fn a_private_message_becomes_text_from_an_employee() {
        let event = raw(
            "ONIMBOTV2MESSAGEADD",
            json!({
                "message": {"id": 5, "authorId": 3, "text": "/deals", "isSystem": false},
                "chat": {"id": 9, "dialogId": "3", "type": "private"},
                "user": user(3), "language": "ru",
            }),
        );
        assert_eq!(
            read(&event, 100),
            Event::Message(Message {
                author: Author {
                    id: 3,
                    employee: true
                },
                dialog: "3".into(),
                lang_hint: Some("ru".into()),
                content: Content::Text("/deals".into()),
            })
        );
    }

    #[test]
    fn a_group_message_counts_only_with_a_mention_which_is_cut_out() {
        let data = |text: &str| {
            json!({
                "message": {"id": 5, "authorId": 3, "text": text},
                "chat": {"id": 9, "dialogId": "chat9", "type": "chat"},
                "user": user(3),
            })
        };
        assert_eq!(
            read(&raw("ONIMBOTV2MESSAGEADD", data("/deals")), 100),
            Event::Ignored
        );
        let Event::Message(message) = read(
            &raw("ONIMBOTV2MESSAGEADD", data("[user=100]Bot[/user], /deals")),
            100,
        ) else {
            panic!("a mention is answered");
        };
        assert_eq!(message.content, Content::Text(", /deals".into()));
        assert_eq!(message.dialog, "chat9");
    }

    #[test]
    fn a_pressed_button_comes_back_as_its_action() {
        let event = raw(
            "ONIMBOTV2COMMANDADD",
            json!({
                "command": {"id": 1, "command": "/b24bot_button", "params": "form:ab:confirm", "context": "keyboard"},
                "message": {"id": 7, "authorId": 100, "text": "Save?"},
                "chat": {"id": 9, "dialogId": "3", "type": "private"},
                "user": user(3),
            }),
        );
        let Event::Message(message) = read(&event, 100) else {
            panic!("a press is answered");
        };
        assert_eq!(message.content, Content::Button("form:ab:confirm".into()));
    }

    #[test]
    fn bots_extranet_and_deactivated_authors_are_no_employees() {
        for (field, value) in [
            ("bot", json!(true)),
            ("extranet", json!(true)),
            ("active", json!(false)),
            ("type", json!("extranet")),
        ] {
            let mut author = user(3);
            author[field] = value;
            let event = raw(
                "ONIMBOTV2MESSAGEADD",
                json!({
                    "message": {"id": 5, "authorId": 3, "text": "hi"},
                    "chat": {"dialogId": "3", "type": "private"},
                    "user": author,
                }),
            );
            match read(&event, 100) {
                Event::Ignored => assert_eq!(field, "bot"),
                Event::Message(message) => assert!(!message.author.employee, "{field}"),
                Event::Joined { .. } => panic!("not a join"),
            }
        }
    }

    #[test]
    fn a_join_is_greeted_and_unknown_or_broken_events_are_ignored() {
        let join = raw(
            "ONIMBOTV2JOINCHAT",
            json!({"dialogId": "chat9", "chat": {"dialogId": "chat9", "type": "chat"}, "language": "en"}),
        );
        assert_eq!(
            read(&join, 100),
            Event::Joined {
                dialog: "chat9".into(),
                lang: Some("en".into())
            }
        );
        assert_eq!(
            read(&raw("ONIMBOTV2REACTIONCHANGE", json!({})), 100),
            Event::Ignored
        );
        assert_eq!(
            read(&raw("ONIMBOTV2MESSAGEADD", json!({"message": 5})), 100),
            Event::Ignored
        );
    }
}
