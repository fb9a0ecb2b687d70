//! Whether a linked employee is still active in the portal. Asked on use and trusted for
//! [`TRUSTED_FOR`], so a deactivated employee loses access within that time without the bot
//! paying a request per message.

use dashmap::DashMap;
use jiff::{SignedDuration, Timestamp};

use crate::b24::Client;

/// At most this long after a deactivation the employee can still use the bot.
pub const TRUSTED_FOR: SignedDuration = SignedDuration::from_mins(10);

pub struct Activity {
    portal: Client,
    known: DashMap<u64, (Timestamp, bool)>,
}

impl Activity {
    pub fn new(portal: Client) -> Activity {
        Activity {
            portal,
            known: DashMap::new(),
        }
    }

    /// An employee the portal no longer knows is not active. A portal that cannot answer right
    /// now does not lock people out: the bot's own calls will meet the same failure and say so.
    pub async fn is_active(&self, employee: u64, now: Timestamp) -> bool {
        if let Some(entry) = self.known.get(&employee) {
            let (asked_at, active) = *entry.value();
            if now.duration_since(asked_at) < TRUSTED_FOR && asked_at <= now {
                return active;
            }
        }
        match self.portal.user(employee).await {
            Ok(user) => {
                let active = user.is_some_and(|user| user.active);
                self.known.insert(employee, (now, active));
                active
            }
            Err(error) => {
                tracing::warn!(employee, %error, "cannot check whether the employee is active");
                true
            }
        }
    }
}
