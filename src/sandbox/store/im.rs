//! The messenger: chats (private dialogs and group chats), messages, notifications, and the
//! Chat bots 2.0 registered on the portal with their event queues.

use std::collections::{BTreeMap, VecDeque};

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::record::Table;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ChatKind {
    /// A one-to-one dialog; its members are the two people.
    Private,
    Group {
        title: String,
        owner: u64,
        description: String,
        color: String,
        entity_type: String,
        entity_id: String,
    },
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Chat {
    pub id: u64,
    pub kind: ChatKind,
    pub members: Vec<u64>,
    /// The last message each member has read; unread counters come from it.
    pub last_read: BTreeMap<u64, u64>,
    pub created: Timestamp,
}

impl Chat {
    /// The other person of a private dialog.
    pub fn counterpart(&self, user_id: u64) -> Option<u64> {
        match self.kind {
            ChatKind::Private => self.members.iter().copied().find(|&m| m != user_id),
            ChatKind::Group { .. } => None,
        }
    }

    pub fn is_private(&self) -> bool {
        self.kind == ChatKind::Private
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Message {
    pub id: u64,
    pub chat_id: u64,
    /// 0 for system messages.
    pub author_id: u64,
    pub date: Timestamp,
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keyboard: Option<serde_json::Value>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum NotifyKind {
    Personal,
    System,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Notification {
    pub id: u64,
    pub user_id: u64,
    /// 0 for system notifications.
    pub from_user_id: u64,
    pub kind: NotifyKind,
    pub text: String,
    pub tag: String,
    pub date: Timestamp,
    pub read: bool,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct BotEvent {
    pub id: u64,
    pub kind: String,
    pub date: Timestamp,
    pub data: serde_json::Value,
}

wire_enum! {
    /// How a bot takes part in chats: a `bot` hears group chats only when mentioned, `personal`
    /// and `supervisor` bots hear everything in the chats they are in.
    BotType {
        Bot = "bot",
        Network = "network",
        Openline = "openline",
        Supervisor = "supervisor",
        Personal = "personal",
    }
}

impl BotType {
    pub fn hears_everything(self) -> bool {
        matches!(self, BotType::Supervisor | BotType::Personal)
    }
}

/// The sandbox delivers bot events only by `fetch`: it cannot reach a handler URL.
pub const EVENT_MODE: &str = "fetch";

/// A Chat bots 2.0 bot. Its id is a user id: people write to it as to a colleague.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Bot {
    pub id: u64,
    pub code: String,
    pub name: String,
    pub bot_type: BotType,
    pub owner_id: u64,
    /// The secret a webhook caller proves ownership with on every later call.
    pub token: String,
    pub created: Timestamp,
    /// Events not yet acknowledged, oldest first.
    pub queue: VecDeque<BotEvent>,
    pub last_event_id: u64,
    /// Slash commands the bot registered; a keyboard button naming one reaches the bot as a
    /// command event when pressed.
    #[serde(default)]
    pub commands: Vec<BotCommand>,
}

/// A bot's slash command (`imbot.v2.Command.register`), stored without its `/`.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct BotCommand {
    pub id: u64,
    pub command: String,
    pub hidden: bool,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Im {
    pub chats: Table<Chat>,
    pub messages: Table<Message>,
    pub notifications: Table<Notification>,
    pub bots: BTreeMap<u64, Bot>,
}

impl Im {
    pub fn private_chat(&self, a: u64, b: u64) -> Option<u64> {
        self.chats
            .values()
            .find(|c| c.is_private() && c.members.contains(&a) && c.members.contains(&b))
            .map(|c| c.id)
    }

    /// The private dialog of two people, opened on first use.
    pub fn open_private(&mut self, a: u64, b: u64, now: Timestamp) -> u64 {
        if let Some(id) = self.private_chat(a, b) {
            return id;
        }
        self.chats.insert_with(|id| Chat {
            id,
            kind: ChatKind::Private,
            members: if a == b { vec![a] } else { vec![a, b] },
            last_read: BTreeMap::new(),
            created: now,
        })
    }

    /// Stores a message; its author has read everything up to it.
    pub fn post(
        &mut self,
        chat_id: u64,
        author_id: u64,
        text: &str,
        keyboard: Option<serde_json::Value>,
        now: Timestamp,
    ) -> u64 {
        let id = self.messages.insert_with(|id| Message {
            id,
            chat_id,
            author_id,
            date: now,
            text: text.to_owned(),
            keyboard,
        });
        if let Some(chat) = self.chats.get_mut(chat_id) {
            chat.last_read.insert(author_id, id);
        }
        id
    }

    /// The id the next registered command takes: command ids are unique across the portal.
    pub fn next_command_id(&self) -> u64 {
        self.bots
            .values()
            .flat_map(|bot| &bot.commands)
            .map(|command| command.id)
            .max()
            .unwrap_or(0)
            + 1
    }

    pub fn chat_messages(&self, chat_id: u64) -> impl DoubleEndedIterator<Item = &Message> {
        self.messages.values().filter(move |m| m.chat_id == chat_id)
    }
}
