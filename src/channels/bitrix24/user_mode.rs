//! User mode, for portals without Chatbots 2.0 or a webhook without `imbot`: the webhook's own
//! user is the bot's account and answers the private messages people send it.
//!
//! `im.counters.get` is the cheap change detector: while it shows no unread private dialog (or
//! the same ones as last time, already read through), nothing else is asked. Otherwise
//! `im.recent.list` names the dialogs with news and `im.dialog.messages.get` reads each from
//! the highest message id handled, which is stored. Messages of the webhook's user itself (the
//! bot's own answers) are never input. The first start answers nothing older than itself.
//!
//! The webhook user registers no commands, so its keyboard buttons send their label as the
//! person's message; a message that is exactly a label of the last keyboard in that dialog is
//! that button's press.

use std::collections::HashMap;
use std::time::Duration;

use dashmap::DashMap;
use serde::Deserialize;
use serde_json::{Value, json};
use tokio_util::sync::CancellationToken;

use crate::b24::Client;
use crate::bot::Content;
use crate::reply::Reply;
use crate::store::Store;

use super::outbound::Sender;
use super::pace::Pacer;
use super::{Author, Clock, Conversation, Error, Message};

/// The cursor of user mode: the highest message id handled.
pub const USER_CURSOR: &str = "b24chat.last_message";
/// Messages read from one dialog at a time (the portal's most).
const PAGE: usize = 50;

pub struct UserChannel {
    portal: Client,
    /// The webhook's user: the account that answers.
    me: u64,
    conversation: Conversation,
    store: Store,
    clock: Clock,
    idle: Duration,
    /// Per dialog, the labels of the last keyboard sent and the actions they stand for.
    keyboards: DashMap<String, Vec<(String, String)>>,
}

#[derive(Debug, Deserialize)]
struct Recent {
    #[serde(default)]
    items: Vec<RecentItem>,
}

#[derive(Debug, Deserialize)]
struct RecentItem {
    id: Value,
    #[serde(rename = "type")]
    kind: String,
    message: Option<RecentMessage>,
}

#[derive(Debug, Deserialize)]
struct RecentMessage {
    id: i64,
    #[serde(default)]
    author_id: u64,
}

#[derive(Debug, Deserialize)]
struct Dialog {
    #[serde(default)]
    messages: Vec<DialogMessage>,
    #[serde(default)]
    users: Vec<DialogUser>,
}

#[derive(Debug, Deserialize)]
struct DialogMessage {
    id: i64,
    author_id: u64,
    #[serde(default)]
    text: String,
    #[serde(default)]
    date: Option<String>,
}

#[derive(Debug, Deserialize)]
struct DialogUser {
    id: u64,
    #[serde(default)]
    active: bool,
    #[serde(default)]
    bot: bool,
    #[serde(default)]
    extranet: bool,
}

impl UserChannel {
    pub fn new(
        portal: Client,
        me: u64,
        conversation: Conversation,
        store: Store,
        clock: Clock,
        idle: Duration,
    ) -> UserChannel {
        UserChannel {
            portal,
            me,
            conversation,
            store,
            clock,
            idle,
            keyboards: DashMap::new(),
        }
    }

    /// Polls and answers until `stop` is cancelled; the message in hand is finished first.
    pub async fn poll(&self, stop: CancellationToken) -> Result<(), Error> {
        let polling = self.portal.background();
        let mut pacer = Pacer::new(self.idle);
        let mut last = match self.store.cursor(USER_CURSOR).await? {
            Some(last) => last,
            None => {
                let newest = self
                    .recent(&polling)
                    .await?
                    .iter()
                    .filter_map(|item| item.message.as_ref().map(|m| m.id))
                    .max()
                    .unwrap_or(0);
                self.store
                    .set_cursor(USER_CURSOR, newest, (self.clock)())
                    .await?;
                newest
            }
        };
        tracing::info!(
            user = self.me,
            "reading the webhook user's private messages"
        );
        // The unread dialogs last seen with nothing new in them (messages nobody answers).
        let mut quiet: Option<Value> = None;
        while !stop.is_cancelled() {
            let found = tokio::select! {
                () = stop.cancelled() => break,
                found = self.news(&polling, last, &quiet) => found,
            };
            if found.is_ok() {
                self.conversation.polled();
            }
            match found {
                Err(error) => tracing::warn!(%error, "reading the messenger failed; retrying"),
                Ok(None) => {}
                Ok(Some((counters, messages))) => {
                    quiet = messages.is_empty().then_some(counters);
                    if !messages.is_empty() {
                        pacer.news(tokio::time::Instant::now());
                    }
                    for (id, message) in messages {
                        if stop.is_cancelled() {
                            return Ok(());
                        }
                        self.act(message).await;
                        self.store
                            .set_cursor(USER_CURSOR, id, (self.clock)())
                            .await?;
                        last = id;
                    }
                }
            }
            tokio::select! {
                () = stop.cancelled() => break,
                () = tokio::time::sleep(pacer.wait(tokio::time::Instant::now())) => {}
            }
        }
        Ok(())
    }

    /// `None` when the counters show nothing new; else the counters and the messages after
    /// `last`, oldest first.
    async fn news(
        &self,
        polling: &Client,
        last: i64,
        quiet: &Option<Value>,
    ) -> Result<Option<(Value, Vec<(i64, Message)>)>, Error> {
        let counters: Value = polling.call_as("im.counters.get", &json!({})).await?;
        let dialogs = counters.get("DIALOG").cloned().unwrap_or(Value::Null);
        let unread = dialogs.as_object().is_some_and(|map| !map.is_empty());
        if !unread || quiet.as_ref() == Some(&dialogs) {
            return Ok(None);
        }
        let mut messages = Vec::new();
        // A dialog that filled its page may hold more after it: nothing newer than the end
        // of that page is handled this time, or the stored position would pass the rest.
        let mut horizon = i64::MAX;
        for item in self.recent(polling).await? {
            let Some(newest) = &item.message else {
                continue;
            };
            if item.kind != "user" || newest.id <= last || newest.author_id == self.me {
                continue;
            }
            let dialog_id = match &item.id {
                Value::String(id) => id.clone(),
                id => id.to_string(),
            };
            let dialog: Dialog = polling
                .call_as(
                    "im.dialog.messages.get",
                    &json!({"DIALOG_ID": dialog_id, "FIRST_ID": last, "LIMIT": PAGE}),
                )
                .await?;
            let ids: Vec<i64> = dialog.messages.iter().map(|m| m.id).collect();
            if let Some(end) = full_page_end(&ids) {
                horizon = horizon.min(end);
            }
            let users: HashMap<u64, &DialogUser> = dialog.users.iter().map(|u| (u.id, u)).collect();
            for message in &dialog.messages {
                if message.id <= last || message.author_id == self.me || message.author_id == 0 {
                    continue;
                }
                self.conversation
                    .read_one(message.date.as_deref(), (self.clock)());
                let employee = users
                    .get(&message.author_id)
                    .is_some_and(|u| u.active && !u.bot && !u.extranet);
                messages.push((
                    message.id,
                    Message {
                        author: Author {
                            id: message.author_id,
                            employee,
                        },
                        dialog: message.author_id.to_string(),
                        lang_hint: None,
                        content: self.content(&message.author_id.to_string(), &message.text),
                    },
                ));
            }
        }
        Ok(Some((dialogs, in_order(messages, horizon))))
    }

    async fn recent(&self, polling: &Client) -> Result<Vec<RecentItem>, Error> {
        let recent: Recent = polling
            .call_as(
                "im.recent.list",
                &json!({"SKIP_CHAT": "Y", "SKIP_OPENLINES": "Y"}),
            )
            .await?;
        Ok(recent.items)
    }

    /// A label of the dialog's last keyboard is that button's press; anything else is text.
    fn content(&self, dialog: &str, text: &str) -> Content {
        let pressed = self.keyboards.get(dialog).and_then(|keys| {
            keys.iter()
                .find(|(label, _)| label == text.trim())
                .map(|(_, action)| action.clone())
        });
        match pressed {
            Some(action) => Content::Button(action),
            None => Content::Text(text.to_owned()),
        }
    }

    async fn act(&self, message: Message) {
        let replies = self.conversation.answer(&message).await;
        if replies.is_empty() {
            return;
        }
        self.remember_keyboard(&message.dialog, &replies);
        if let Err(error) = Sender::User
            .send(&self.portal, &message.dialog, &replies)
            .await
        {
            tracing::warn!(dialog = %message.dialog, %error, "a reply could not be sent");
        }
    }

    fn remember_keyboard(&self, dialog: &str, replies: &[Reply]) {
        let keys: Vec<(String, String)> = replies
            .iter()
            .flat_map(|reply| reply.buttons_in_order())
            .map(|button| (button.label().to_owned(), button.action().to_owned()))
            .collect();
        if keys.is_empty() {
            self.keyboards.remove(dialog);
        } else {
            self.keyboards.insert(dialog.to_owned(), keys);
        }
    }
}

/// The last id of a page that came back full (more may follow it), else `None`.
fn full_page_end(ids: &[i64]) -> Option<i64> {
    (ids.len() >= PAGE)
        .then(|| ids.iter().copied().max())
        .flatten()
}

/// Oldest first, none past `horizon`.
fn in_order<T>(mut messages: Vec<(i64, T)>, horizon: i64) -> Vec<(i64, T)> {
    messages.retain(|(id, _)| *id <= horizon);
    messages.sort_by_key(|(id, _)| *id);
    messages
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_page_holds_back_what_is_newer_than_its_end() {
        let full: Vec<i64> = (100..100 + PAGE as i64).rev().collect();
        assert_eq!(full_page_end(&full), Some(149));
        assert_eq!(full_page_end(&[7, 5]), None);
        let messages = vec![(160, "b"), (120, "a"), (149, "a"), (101, "c")];
        assert_eq!(
            in_order(messages, 149),
            [(101, "c"), (120, "a"), (149, "a")]
        );
    }
}
