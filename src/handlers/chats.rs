//! The group chats as the bot last read them, kept as long as the directory of colleagues, so
//! that a message to a chat by its title or number costs one request in steady use: the chats
//! of the webhook's user (`im.recent.list`, for titles) and who is in which (`im.chat.user.list`).
//!
//! What is kept only ever lets something through that a fresh read would find too: a title no
//! kept chat has, and someone missing from a kept member list, are read again, so a chat just
//! created is found and a person just added is never refused; someone just removed may still
//! post through the bot until the list is read again, as a colleague just dismissed may still
//! be found in the directory.

use std::sync::Arc;
use std::time::Instant;

use dashmap::DashMap;
use tokio::sync::Mutex;

use crate::b24::im::GroupChat;
use crate::b24::{self, Client};

use super::directory::FRESH_FOR;

pub struct Chats {
    portal: Client,
    members: DashMap<u64, (Instant, Arc<[u64]>)>,
    /// Held across the read, so that many users asking at once cause one read.
    listed: Mutex<Option<(Instant, Arc<Vec<GroupChat>>)>>,
}

impl Chats {
    pub fn new(portal: Client) -> Chats {
        Chats {
            portal,
            members: DashMap::new(),
            listed: Mutex::new(None),
        }
    }

    /// The webhook user's group chats that `wanted` picks: from the kept list, or, when it
    /// picks none there, from a fresh one.
    pub async fn picked(
        &self,
        wanted: impl Fn(&GroupChat) -> bool,
    ) -> Result<Vec<GroupChat>, b24::Error> {
        let mut listed = self.listed.lock().await;
        if let Some((at, chats)) = listed.as_ref()
            && at.elapsed() < FRESH_FOR
        {
            let picked: Vec<GroupChat> = chats.iter().filter(|c| wanted(c)).cloned().collect();
            if !picked.is_empty() {
                return Ok(picked);
            }
        }
        let chats = Arc::new(self.portal.group_chats().await?);
        *listed = Some((Instant::now(), chats.clone()));
        Ok(chats.iter().filter(|c| wanted(c)).cloned().collect())
    }

    /// The chats of `chats` the employee is a member of, in the order given. The chats the kept
    /// lists do not show them in are read (one request, or one batch).
    pub async fn member_of(&self, employee: u64, chats: &[u64]) -> Result<Vec<u64>, b24::Error> {
        let kept_in = |chat: &u64| {
            self.members.get(chat).is_some_and(|entry| {
                let (at, members) = entry.value();
                at.elapsed() < FRESH_FOR && members.contains(&employee)
            })
        };
        let unknown: Vec<u64> = chats.iter().copied().filter(|c| !kept_in(c)).collect();
        if !unknown.is_empty() {
            for (chat, members) in self.portal.chat_members(&unknown).await? {
                match members {
                    Some(members) => {
                        self.members.insert(chat, (Instant::now(), members.into()));
                    }
                    None => {
                        self.members.remove(&chat);
                    }
                }
            }
        }
        Ok(chats.iter().copied().filter(|c| kept_in(c)).collect())
    }
}
