//! The people and chats of the fake, and their Bot API JSON (`User`, `Chat`), shaped as Telegram
//! sends them so that teloxide deserialises them.

use regex::Regex;
use serde_json::{Value, json};

use super::html::utf16_len;

/// A Telegram user who talks to the bot.
#[derive(Debug, Clone)]
pub struct TgUser {
    pub id: i64,
    pub first_name: String,
    pub username: Option<String>,
    pub language_code: Option<String>,
}

impl TgUser {
    pub fn new(id: i64, first_name: &str) -> Self {
        Self {
            id,
            first_name: first_name.to_owned(),
            username: None,
            language_code: None,
        }
    }

    pub fn username(mut self, username: &str) -> Self {
        self.username = Some(username.to_owned());
        self
    }

    pub fn language(mut self, code: &str) -> Self {
        self.language_code = Some(code.to_owned());
        self
    }

    pub fn json(&self) -> Value {
        let mut user = json!({"id": self.id, "is_bot": false, "first_name": self.first_name});
        if let Some(username) = &self.username {
            user["username"] = json!(username);
        }
        if let Some(code) = &self.language_code {
            user["language_code"] = json!(code);
        }
        user
    }
}

/// A chat the bot is in; a private chat has the id of its user.
#[derive(Debug, Clone)]
pub struct Chat {
    pub id: i64,
    kind: ChatKind,
}

#[derive(Debug, Clone)]
enum ChatKind {
    Private {
        first_name: String,
        username: Option<String>,
    },
    Group {
        title: String,
    },
    Supergroup {
        title: String,
    },
}

impl Chat {
    pub fn private(user: &TgUser) -> Self {
        Self {
            id: user.id,
            kind: ChatKind::Private {
                first_name: user.first_name.clone(),
                username: user.username.clone(),
            },
        }
    }

    /// A basic group; Telegram gives groups negative ids.
    pub fn group(id: i64, title: &str) -> Self {
        assert!(id < 0, "group ids are negative");
        Self {
            id,
            kind: ChatKind::Group {
                title: title.to_owned(),
            },
        }
    }

    /// A supergroup; Telegram gives them ids below -1000000000000.
    pub fn supergroup(id: i64, title: &str) -> Self {
        assert!(id < -1_000_000_000_000, "supergroup ids start with -100");
        Self {
            id,
            kind: ChatKind::Supergroup {
                title: title.to_owned(),
            },
        }
    }

    pub fn is_private(&self) -> bool {
        matches!(self.kind, ChatKind::Private { .. })
    }

    pub fn json(&self) -> Value {
        match &self.kind {
            ChatKind::Private {
                first_name,
                username,
            } => {
                let mut chat = json!({"id": self.id, "type": "private", "first_name": first_name});
                if let Some(username) = username {
                    chat["username"] = json!(username);
                }
                chat
            }
            ChatKind::Group { title } => json!({"id": self.id, "type": "group", "title": title}),
            ChatKind::Supergroup { title } => {
                json!({"id": self.id, "type": "supergroup", "title": title})
            }
        }
    }
}

/// The entities Telegram's clients mark in typed text: `/command`, `/command@bot`, `@mention`.
pub fn typed_entities(text: &str) -> Vec<Value> {
    let pattern =
        Regex::new(r"(^|\s)(/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{5,32})?|@[A-Za-z0-9_]{5,32})")
            .expect("a valid pattern");
    pattern
        .captures_iter(text)
        .map(|captures| {
            let token = captures.get(2).expect("group 2 always matches");
            let kind = if token.as_str().starts_with('/') {
                "bot_command"
            } else {
                "mention"
            };
            json!({"type": kind, "offset": utf16_len(&text[..token.start()]),
                   "length": utf16_len(token.as_str())})
        })
        .collect()
}
