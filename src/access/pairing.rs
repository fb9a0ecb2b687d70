//! Pairing a stranger with an employee: their work e-mail, a 6-digit code the portal shows that
//! employee (from the bot in the Bitrix24 chat when that channel runs, else a personal
//! notification), the code typed back. Or a one-time link token from
//! Bitrix24 chat (`/start <token>`). Codes and tokens are checked by the store (hashed, constant
//! time); the limits are kept here.

use std::sync::{Arc, OnceLock};

use jiff::{SignedDuration, Timestamp};

use crate::b24::Client;
use crate::channels::courier::Courier;
use crate::failure::Failure;
use crate::i18n::{Arg, Tr};
use crate::intent::phone;
use crate::reply::{Reply, Tone};
use crate::store::{Channel, ChannelUser, EmployeeId, Redeem, Store, TrySubject};

/// How long a code may be typed back.
pub const CODE_LIFETIME: SignedDuration = SignedDuration::from_mins(10);
/// Code requests and code entries per user, and per employee, within [`TRIES_WINDOW`]: with
/// a million codes, five guesses an hour make guessing hopeless.
pub const MAX_TRIES: u32 = 5;
pub const TRIES_WINDOW: SignedDuration = SignedDuration::from_hours(1);

/// What a stranger's message asks of pairing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Request {
    /// `/start`: greet and ask for the work e-mail.
    Start,
    /// `/start <token>`: a deep link issued in Bitrix24 chat.
    Token(String),
    /// `/link` alone: ask for the e-mail.
    AskEmail,
    /// `/link <email>`, or an e-mail on its own.
    Email(String),
    /// Six digits on their own.
    Code(String),
    /// `/unlink`.
    Unlink,
}

impl Request {
    /// `None` when the message is not about pairing (the bot answers it).
    pub fn read(text: &str) -> Option<Request> {
        let text = text.trim();
        if let Some(command) = text.strip_prefix('/') {
            let (word, args) = command
                .split_once(char::is_whitespace)
                .unwrap_or((command, ""));
            let name = word.split('@').next().unwrap_or_default().to_lowercase();
            let args = args.trim();
            return match (name.as_str(), args.is_empty()) {
                ("start", true) => Some(Request::Start),
                ("start", false) => Some(Request::Token(args.to_owned())),
                ("link", true) => Some(Request::AskEmail),
                ("link", false) => Some(Request::Email(args.to_owned())),
                ("unlink", _) => Some(Request::Unlink),
                _ => None,
            };
        }
        let digits: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        if digits.len() == 6 && digits.bytes().all(|b| b.is_ascii_digit()) {
            Some(Request::Code(digits))
        } else if phone::is_email(text) {
            Some(Request::Email(text.to_owned()))
        } else {
            None
        }
    }
}

pub struct Pairing {
    store: Store,
    portal: Client,
    /// The Bitrix24 chat channel's courier, when that channel runs: codes come from the bot.
    /// Set once, when the channel has started (after the other channels connected).
    chat: OnceLock<Arc<dyn Courier>>,
}

impl Pairing {
    pub fn new(store: Store, portal: Client) -> Pairing {
        Pairing {
            store,
            portal,
            chat: OnceLock::new(),
        }
    }

    /// Codes go through `courier` when it delivers in the Bitrix24 chat (a Bitrix24 user id
    /// is the employee's id); any other courier cannot name an employee and is not used. The
    /// first courier given stays.
    pub fn deliver_through(&self, courier: Arc<dyn Courier>) {
        if courier.channel() == Channel::Bitrix24 && self.chat.set(courier).is_err() {
            tracing::warn!("pairing codes already go through a chat courier; keeping it");
        }
    }

    pub async fn answer(
        &self,
        user: &ChannelUser,
        request: Request,
        tr: Tr,
        now: Timestamp,
    ) -> Result<Vec<Reply>, Failure> {
        let say = |key: &str| vec![Reply::new().text(tr.t(key, &[]))];
        let notice = |tone, key: &str| vec![Reply::new().notice(tone, tr.t(key, &[]))];
        Ok(match request {
            Request::Start => vec![
                Reply::new()
                    .text(tr.t("greeting-stranger", &[]))
                    .text(tr.t("pairing-ask-email", &[])),
            ],
            Request::AskEmail => say("pairing-ask-email"),
            Request::Unlink => notice(Tone::Info, "pairing-not-linked"),
            Request::Token(token) => match self.store.redeem_link_token(&token, user, now).await? {
                Some(_) => notice(Tone::Success, "pairing-linked"),
                None => notice(Tone::Warning, "pairing-token-invalid"),
            },
            Request::Email(email) => self.send_code(user, &email, tr, now).await?,
            Request::Code(code) => self.redeem(user, &code, tr, now).await?,
        })
    }

    async fn send_code(
        &self,
        user: &ChannelUser,
        email: &str,
        tr: Tr,
        now: Timestamp,
    ) -> Result<Vec<Reply>, Failure> {
        if !phone::is_email(email) {
            return Ok(vec![Reply::new().text(tr.t("pairing-ask-email", &[]))]);
        }
        let user_tries = TrySubject::User(user.clone());
        if self.exhausted(&user_tries, now).await? {
            return Ok(too_many(tr));
        }
        self.store.record_try(&user_tries, now).await?;
        // The same answer whether or not the e-mail is an employee's, so the bot cannot be used
        // to find out who works at the company.
        let sent = vec![Reply::new().notice(
            Tone::Info,
            tr.t(
                "pairing-code-sent-if",
                &[("email", Arg::text(email.trim()))],
            ),
        )];
        let Some(employee) = self.portal.colleague_by_email(email).await? else {
            return Ok(sent);
        };
        let employee_tries = TrySubject::Employee(EmployeeId(employee.id));
        if self.exhausted(&employee_tries, now).await? {
            return Ok(too_many(tr));
        }
        self.store.record_try(&employee_tries, now).await?;
        let code = self
            .store
            .start_pairing(user, EmployeeId(employee.id), now, now + CODE_LIFETIME)
            .await?;
        let text = tr.t("pairing-notify", &[("code", Arg::text(code.as_str()))]);
        self.deliver_code(employee.id, text).await?;
        Ok(sent)
    }

    /// From the chat bot when it runs; a personal notification when it does not, or fails.
    async fn deliver_code(&self, employee: u64, text: String) -> Result<(), Failure> {
        if let Some(chat) = self.chat.get() {
            match chat
                .deliver(&employee.to_string(), &[Reply::new().text(text.clone())])
                .await
            {
                Ok(()) => return Ok(()),
                Err(error) => {
                    tracing::warn!(employee, %error, "the chat bot could not send the code; notifying instead");
                }
            }
        }
        self.portal.notify(employee, &text).await?;
        Ok(())
    }

    async fn redeem(
        &self,
        user: &ChannelUser,
        code: &str,
        tr: Tr,
        now: Timestamp,
    ) -> Result<Vec<Reply>, Failure> {
        let user_tries = TrySubject::User(user.clone());
        let employee_tries = self
            .store
            .pairing_employee(user)
            .await?
            .map(TrySubject::Employee);
        for subject in std::iter::once(&user_tries).chain(&employee_tries) {
            if self.exhausted(subject, now).await? {
                return Ok(too_many(tr));
            }
            self.store.record_try(subject, now).await?;
        }
        let notice = |tone, key: &str| vec![Reply::new().notice(tone, tr.t(key, &[]))];
        Ok(match self.store.redeem_pairing(user, code, now).await? {
            Redeem::Linked(_) => notice(Tone::Success, "pairing-linked"),
            Redeem::Expired => notice(Tone::Warning, "pairing-expired"),
            Redeem::NoPairing => notice(Tone::Info, "pairing-no-code"),
            Redeem::Wrong { .. } => {
                let used = self
                    .store
                    .tries_since(&user_tries, now - TRIES_WINDOW)
                    .await?;
                let left = MAX_TRIES.saturating_sub(used);
                vec![Reply::new().notice(
                    Tone::Warning,
                    tr.t("pairing-wrong-code", &[("left", Arg::count(left))]),
                )]
            }
        })
    }

    async fn exhausted(&self, subject: &TrySubject, now: Timestamp) -> Result<bool, Failure> {
        Ok(self.store.tries_since(subject, now - TRIES_WINDOW).await? >= MAX_TRIES)
    }
}

fn too_many(tr: Tr) -> Vec<Reply> {
    vec![Reply::new().notice(Tone::Warning, tr.t("pairing-too-many", &[]))]
}

#[cfg(test)]
mod tests {
    use super::Request;

    #[test]
    fn reads_what_a_stranger_asks_of_pairing() {
        for (text, request) in [
            ("/start", Some(Request::Start)),
            ("/START@b24_bot", Some(Request::Start)),
            ("/start abc123", Some(Request::Token("abc123".into()))),
            ("/link", Some(Request::AskEmail)),
            ("/Link a@b.co", Some(Request::Email("a@b.co".into()))),
            (" a@b.co ", Some(Request::Email("a@b.co".into()))),
            ("123 456", Some(Request::Code("123456".into()))),
            ("/unlink", Some(Request::Unlink)),
            ("12345", None),
            ("1234567", None),
            ("/deals", None),
            ("/help", None),
            ("hello", None),
        ] {
            assert_eq!(Request::read(text), request, "{text}");
        }
    }
}
