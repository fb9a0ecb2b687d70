//! Typed messenger calls: a message to a colleague or a group chat, and a personal
//! notification, both sent as the webhook's owner; the group chats that user is in, and who is
//! in a chat (so the bot posts only where the asking employee could post themselves).

use std::collections::HashMap;
use std::fmt;

use serde::Deserialize;
use serde_json::json;

use super::batch::Batch;
use super::client::Client;
use super::created::new_id;
use super::error::{Error, Kind};

/// At most this many pages of the recent list are read when looking for a chat by title.
const RECENT_PAGES: usize = 10;

/// Where a message goes. The wire spells both as one `DIALOG_ID` string (`"42"` or
/// `"chat42"`); keeping them apart here means a user id can never be sent as a chat.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DialogId {
    /// A private dialog with this employee.
    User(u64),
    /// A group chat.
    Chat(u64),
}

impl fmt::Display for DialogId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::User(id) => write!(f, "{id}"),
            Self::Chat(id) => write!(f, "chat{id}"),
        }
    }
}

/// A group chat, as the webhook user's recent list shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupChat {
    pub id: u64,
    pub title: String,
}

/// A page of `im.recent.list`, which pages by the date of its last row rather than `start`.
#[derive(Deserialize)]
struct RecentPage {
    #[serde(default)]
    items: Vec<RecentItem>,
    #[serde(default, rename = "hasMore")]
    has_more: bool,
}

#[derive(Deserialize)]
struct RecentItem {
    chat_id: u64,
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    title: String,
    message: Option<RecentMessage>,
}

#[derive(Deserialize)]
struct RecentMessage {
    date: Option<String>,
}

impl Client {
    /// The group chats the webhook's user is in, most recently active first (private dialogs
    /// left out by the portal: `SKIP_DIALOG`).
    pub async fn group_chats(&self) -> Result<Vec<GroupChat>, Error> {
        let mut chats = Vec::new();
        let mut before: Option<String> = None;
        for _ in 0..RECENT_PAGES {
            let mut params = json!({ "SKIP_DIALOG": "Y", "SKIP_OPENLINES": "Y" });
            if let Some(date) = &before {
                params["LAST_MESSAGE_DATE"] = json!(date);
            }
            let page: RecentPage = self.call_as("im.recent.list", &params).await?;
            before = page
                .items
                .last()
                .and_then(|item| item.message.as_ref()?.date.clone());
            chats.extend(
                page.items
                    .into_iter()
                    .filter(|item| item.kind == "chat")
                    .map(|item| GroupChat {
                        id: item.chat_id,
                        title: item.title,
                    }),
            );
            if !page.has_more || before.is_none() {
                break;
            }
        }
        Ok(chats)
    }

    /// Who is in each chat, by chat id: one `im.chat.user.list`, or one batch of them. A chat
    /// the webhook's user may not see maps to `None`.
    pub async fn chat_members(
        &self,
        chats: &[u64],
    ) -> Result<HashMap<u64, Option<Vec<u64>>>, Error> {
        let seen = |result: Result<Vec<u64>, Error>| match result {
            Ok(members) => Ok(Some(members)),
            Err(error) if error.kind() == Kind::AccessDenied => Ok(None),
            Err(error) => Err(error),
        };
        if let [chat] = chats {
            let members = self
                .call_as("im.chat.user.list", &json!({ "CHAT_ID": chat }))
                .await;
            return Ok(HashMap::from([(*chat, seen(members)?)]));
        }
        let mut batch = Batch::new();
        for chat in chats {
            batch.add(
                format!("chat{chat}"),
                "im.chat.user.list",
                json!({ "CHAT_ID": chat }),
            );
        }
        let results = self.batch(batch).await;
        chats
            .iter()
            .map(|chat| Ok((*chat, seen(results.result(&format!("chat{chat}")))?)))
            .collect()
    }

    /// Sends a message (BB-code); answers its id.
    pub async fn send_message(&self, to: DialogId, text: &str) -> Result<u64, Error> {
        let result = self
            .call(
                "im.message.add",
                &json!({ "DIALOG_ID": to.to_string(), "MESSAGE": text }),
            )
            .await?
            .result;
        new_id("im.message.add", &result)
    }

    /// A personal notification, shown in the colleague's bell rather than in a dialog, from
    /// the webhook's owner; answers its id.
    pub async fn notify(&self, user: u64, text: &str) -> Result<u64, Error> {
        let result = self
            .call(
                "im.notify.personal.add",
                &json!({ "USER_ID": user, "MESSAGE": text }),
            )
            .await?
            .result;
        new_id("im.notify.personal.add", &result)
    }
}

#[cfg(test)]
mod tests {
    use super::DialogId;

    #[test]
    fn dialog_ids_as_the_wire_spells_them() {
        assert_eq!(DialogId::User(42).to_string(), "42");
        assert_eq!(DialogId::Chat(42).to_string(), "chat42");
    }
}
