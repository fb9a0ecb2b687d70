//! Who is in which group chat, as the bot last read it (`im.chat.user.list`), kept as long as
//! the directory of colleagues, so that a message to a chat the asker was just found in costs
//! one request. Only membership is taken from here: someone missing from a kept list is looked
//! up again, so a person just added is never refused; someone just removed may still post
//! through the bot until the list is read again, as a colleague just dismissed may still be
//! found in the directory.

use std::sync::Arc;
use std::time::Instant;

use dashmap::DashMap;

use crate::b24::{self, Client};

use super::directory::FRESH_FOR;

pub struct Memberships {
    portal: Client,
    kept: DashMap<u64, (Instant, Arc<[u64]>)>,
}

impl Memberships {
    pub fn new(portal: Client) -> Memberships {
        Memberships {
            portal,
            kept: DashMap::new(),
        }
    }

    /// The chats of `chats` the employee is a member of, in the order given. The chats the kept
    /// lists do not show them in are read (one request, or one batch).
    pub async fn member_of(&self, employee: u64, chats: &[u64]) -> Result<Vec<u64>, b24::Error> {
        let kept_in = |chat: &u64| {
            self.kept.get(chat).is_some_and(|entry| {
                let (at, members) = entry.value();
                at.elapsed() < FRESH_FOR && members.contains(&employee)
            })
        };
        let unknown: Vec<u64> = chats.iter().copied().filter(|c| !kept_in(c)).collect();
        if !unknown.is_empty() {
            for (chat, members) in self.portal.chat_members(&unknown).await? {
                match members {
                    Some(members) => {
                        self.kept.insert(chat, (Instant::now(), members.into()));
                    }
                    None => {
                        self.kept.remove(&chat);
                    }
                }
            }
        }
        Ok(chats.iter().copied().filter(|c| kept_in(c)).collect())
    }
}
