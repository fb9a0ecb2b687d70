//! What a test makes a user do: write text (commands and mentions get their entities), reply,
//! share a contact, send a document or photo. Each becomes a `message` update.

use axum::body::Bytes;
use serde_json::{Value, json};

use super::files::{self, Kind};
use super::messages::as_replied;
use super::objects::{Chat, TgUser, typed_entities};
use super::state::{State, unix_now};

pub struct Incoming {
    chat: Chat,
    from: TgUser,
    content: Content,
    reply_to: Option<i64>,
    caption: Option<String>,
}

enum Content {
    Text(String),
    Contact(Value),
    File {
        kind: Kind,
        name: Option<String>,
        bytes: Bytes,
    },
}

impl Incoming {
    fn new(chat: &Chat, from: &TgUser, content: Content) -> Self {
        Self {
            chat: chat.clone(),
            from: from.clone(),
            content,
            reply_to: None,
            caption: None,
        }
    }

    pub fn text(chat: &Chat, from: &TgUser, text: &str) -> Self {
        Self::new(chat, from, Content::Text(text.to_owned()))
    }

    /// The user's own contact card, as the "share my phone number" button sends it.
    pub fn own_contact(chat: &Chat, from: &TgUser, phone_number: &str) -> Self {
        let contact = json!({"phone_number": phone_number, "first_name": from.first_name,
                             "user_id": from.id});
        Self::new(chat, from, Content::Contact(contact))
    }

    /// A card from the user's address book, as attaching a contact sends it: no Telegram id.
    pub fn contact(chat: &Chat, from: &TgUser, phone_number: &str, first_name: &str) -> Self {
        let contact = json!({"phone_number": phone_number, "first_name": first_name});
        Self::new(chat, from, Content::Contact(contact))
    }

    pub fn document(chat: &Chat, from: &TgUser, file_name: &str, bytes: &[u8]) -> Self {
        let content = Content::File {
            kind: Kind::Document,
            name: Some(file_name.to_owned()),
            bytes: Bytes::copy_from_slice(bytes),
        };
        Self::new(chat, from, content)
    }

    /// A photo; the bytes must be a PNG or JPEG, as Telegram recompresses what it receives.
    pub fn photo(chat: &Chat, from: &TgUser, bytes: &[u8]) -> Self {
        let content = Content::File {
            kind: Kind::Photo,
            name: None,
            bytes: Bytes::copy_from_slice(bytes),
        };
        Self::new(chat, from, content)
    }

    pub fn reply_to(mut self, message_id: i64) -> Self {
        self.reply_to = Some(message_id);
        self
    }

    pub fn caption(mut self, caption: &str) -> Self {
        self.caption = Some(caption.to_owned());
        self
    }

    /// Stores the message, queues its update and returns its `message_id`.
    pub fn push(self, state: &mut State) -> i64 {
        if self.chat.is_private() {
            // Writing to the bot again is how a user who blocked it comes back.
            state.blocked.remove(&self.chat.id);
        }
        state.chats.insert(self.chat.id, self.chat.clone());
        let message_id = state.next_message_id(self.chat.id);
        let mut message = json!({"message_id": message_id, "from": self.from.json(),
                                 "chat": self.chat.json(), "date": unix_now()});
        match self.content {
            Content::Text(text) => {
                let entities = typed_entities(&text);
                if !entities.is_empty() {
                    message["entities"] = json!(entities);
                }
                message["text"] = json!(text);
            }
            Content::Contact(contact) => message["contact"] = contact,
            Content::File { kind, name, bytes } => {
                let mime = match kind {
                    Kind::Document => Some(mime_type(name.as_deref()).to_owned()),
                    Kind::Photo => None,
                };
                let file = files::store(state, kind, name, mime, bytes);
                let field = if kind == Kind::Document {
                    "document"
                } else {
                    "photo"
                };
                message[field] = files::attachment(kind, &file).expect("a decodable photo");
            }
        }
        if let Some(caption) = self.caption {
            let entities = typed_entities(&caption);
            if !entities.is_empty() {
                message["caption_entities"] = json!(entities);
            }
            message["caption"] = json!(caption);
        }
        if let Some(reply_to) = self.reply_to {
            let replied = state
                .messages
                .get(&(self.chat.id, reply_to))
                .unwrap_or_else(|| panic!("no message {reply_to} in chat {}", self.chat.id));
            message["reply_to_message"] = as_replied(replied);
        }
        state
            .messages
            .insert((self.chat.id, message_id), message.clone());
        state.push_update("message", message);
        message_id
    }
}

fn mime_type(file_name: Option<&str>) -> &'static str {
    match file_name
        .and_then(|name| name.rsplit_once('.'))
        .map(|(_, ext)| ext)
    {
        Some("pdf") => "application/pdf",
        Some("txt") => "text/plain",
        Some("docx") => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        _ => "application/octet-stream",
    }
}
