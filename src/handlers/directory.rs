//! The company's active employees, read once (every page of `user.get`, 2 500 people per
//! request) and kept for a few minutes, as the portal's own colleague picker does: finding a
//! colleague by name, e-mail or phone then costs no request, so a message, a notification, a
//! delegation or "is Anna free" is one request in all. A name or e-mail the kept directory does
//! not know is asked of the portal, so someone hired a minute ago is found; someone dismissed
//! a minute ago may still be, until the directory is read again.

use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::Mutex;

use crate::b24::model::User;
use crate::b24::{self, Client, names, people};
use crate::failure::Failure;
use crate::reply::{Reply, Tone};
use crate::tr;

use super::{Actor, Handlers};

/// How long the directory is trusted; the same as the employee profiles the bot keeps.
pub(super) const FRESH_FOR: Duration = Duration::from_secs(5 * 60);

pub struct Directory {
    portal: Client,
    /// Held across the read, so that many users asking at once cause one read.
    kept: Mutex<Option<(Instant, Arc<Vec<User>>)>>,
}

impl Directory {
    pub fn new(portal: Client) -> Directory {
        Directory {
            portal,
            kept: Mutex::new(None),
        }
    }

    async fn everyone(&self) -> Result<Arc<Vec<User>>, b24::Error> {
        let mut kept = self.kept.lock().await;
        if let Some((at, people)) = kept.as_ref()
            && at.elapsed() < FRESH_FOR
        {
            return Ok(people.clone());
        }
        let people = Arc::new(self.portal.active_employees().await?);
        *kept = Some((Instant::now(), people.clone()));
        Ok(people)
    }

    /// The active colleagues a name means, in any Russian case.
    pub async fn named(&self, text: &str) -> Result<Vec<User>, b24::Error> {
        let everyone = self.everyone().await?;
        let found: Vec<User> = names::named(text, &everyone).into_iter().cloned().collect();
        if !found.is_empty() {
            return Ok(found);
        }
        let asked = self.portal.colleagues_named(text).await?;
        Ok(asked.into_iter().filter(|user| user.active).collect())
    }

    /// The active colleague with this e-mail.
    pub async fn by_email(&self, email: &str) -> Result<Option<User>, b24::Error> {
        let email = email.trim();
        let everyone = self.everyone().await?;
        let kept = everyone.iter().find(|user| {
            user.email
                .as_deref()
                .is_some_and(|own| own.eq_ignore_ascii_case(email))
        });
        match kept {
            Some(user) => Ok(Some(user.clone())),
            None => self.portal.colleague_by_email(email).await,
        }
    }

    /// The active colleagues with this phone, however it is spelled.
    pub async fn by_phone(&self, phone: &str) -> Result<Vec<User>, b24::Error> {
        let everyone = self.everyone().await?;
        Ok(people::with_phone(&everyone, phone)
            .into_iter()
            .cloned()
            .collect())
    }
}

impl Handlers {
    /// The one active colleague `name` means (any case), or the answer that there is none or
    /// that several match.
    pub(super) async fn one_colleague(
        &self,
        actor: &Actor,
        name: &str,
    ) -> Result<Result<User, Reply>, Failure> {
        let mut found = self.directory.named(name).await?;
        Ok(match found.len() {
            1 => Ok(found.remove(0)),
            0 => {
                Err(Reply::new()
                    .notice(Tone::Warning, tr!(actor.tr, "colleague-none", name = name)))
            }
            _ => Err(several_colleagues(actor, name, &found)),
        })
    }
}

pub(super) fn several_colleagues(actor: &Actor, name: &str, found: &[User]) -> Reply {
    let names: Vec<String> = found.iter().map(User::display_name).collect();
    Reply::new().notice(
        Tone::Warning,
        tr!(
            actor.tr,
            "colleague-several",
            name = name,
            names = names.join(", ")
        ),
    )
}
