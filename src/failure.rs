//! The one place that turns a failure into what the user reads (design invariant 7): a portal
//! refusal the user can act on becomes a localized message by its [`Kind`]; our own faults are
//! logged with their whole cause chain and the user gets a short apology with a reference to
//! quote.

use std::error::Error as _;

use rand::Rng;

use crate::b24::{self, Kind};
use crate::i18n::Tr;
use crate::reply::{ButtonError, Reply, Tone};
use crate::store;
use crate::tr;

/// Why a message could not be answered as asked.
#[derive(Debug, thiserror::Error)]
pub enum Failure {
    #[error("the portal refused or failed")]
    Portal(#[from] b24::Error),
    #[error("the bot's database failed")]
    Store(#[from] store::Error),
    #[error("a form could not be written as JSON")]
    FormData(#[from] serde_json::Error),
    #[error("a button could not be made")]
    Button(#[from] ButtonError),
    #[error("a confirmed form lacks its {0}")]
    Incomplete(&'static str),
}

impl Failure {
    /// The reply that tells the user what happened and what to do.
    pub fn reply(&self, tr: Tr) -> Reply {
        let said = match self {
            Failure::Portal(error) => portal_message(tr, error),
            Failure::Store(_)
            | Failure::FormData(_)
            | Failure::Button(_)
            | Failure::Incomplete(_) => None,
        };
        match said {
            Some(text) => Reply::new().notice(Tone::Error, text),
            // The portal broke, not the bot: the user is told so and to try later; it is still
            // logged with a reference, since a request of ours may have upset it.
            None if self.is_portal_fault() => {
                let code = self.log();
                Reply::new().notice(Tone::Error, tr!(tr, "error-portal-fault", code = code))
            }
            None => {
                let code = self.log();
                Reply::new().notice(Tone::Error, tr!(tr, "error-internal", code = code))
            }
        }
    }

    fn is_portal_fault(&self) -> bool {
        matches!(self, Failure::Portal(error) if error.kind() == Kind::ServerFault)
    }

    /// Whether a failed write may have happened anyway: then the form that asked for it is
    /// closed, since confirming it again could write twice.
    pub fn may_have_written(&self) -> bool {
        matches!(self, Failure::Portal(error) if error.kind() == Kind::OutcomeUnknown)
    }

    /// Logs the failure with every cause and returns the reference the user is given.
    fn log(&self) -> String {
        let code = format!("{:08x}", rand::rng().random::<u32>());
        let mut chain = self.to_string();
        let mut cause = self.source();
        while let Some(error) = cause {
            chain.push_str(": ");
            chain.push_str(&error.to_string());
            cause = error.source();
        }
        tracing::error!(reference = %code, error = %chain, "a message could not be answered");
        code
    }
}

/// What the user can do about a portal error, or `None` when it is ours to fix.
fn portal_message(tr: Tr, error: &b24::Error) -> Option<String> {
    Some(match error.kind() {
        Kind::MissingScope => tr!(tr, "error-missing-scope", scope = scope_of(error.method())),
        Kind::Auth => tr.t("error-auth", &[]),
        Kind::NotFound => tr.t("error-not-found", &[]),
        Kind::AccessDenied => tr.t("error-no-access", &[]),
        Kind::Throttled | Kind::OperatingTimeLimit => tr.t("error-limit", &[]),
        Kind::OutcomeUnknown => tr.t("error-outcome-unknown", &[]),
        Kind::Network => tr.t("error-unreachable", &[]),
        Kind::UnknownMethod | Kind::InvalidInput | Kind::ServerFault => return None,
    })
}

/// The webhook permission a method needs, as the portal's permission list names it.
fn scope_of(method: &str) -> &str {
    match method.split('.').next().unwrap_or(method) {
        "tasks" => "task",
        prefix => prefix,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::intent::Lang;

    #[test]
    fn a_portal_refusal_says_what_to_do_and_our_fault_gives_a_reference() {
        let tr = Tr::new(Lang::En);
        let scope = Failure::from(b24::Error::new(Kind::MissingScope, "crm.deal.list", "no"));
        let text = crate::reply::plain::render(&scope.reply(tr));
        assert!(text.contains("\"crm\" permission"), "{text}");
        let limit = Failure::from(b24::Error::new(Kind::Throttled, "crm.deal.list", "busy"));
        assert!(crate::reply::plain::render(&limit.reply(tr)).contains("Try again in a minute"));
        let ours = Failure::from(b24::Error::new(Kind::InvalidInput, "crm.deal.add", "bad"));
        let text = crate::reply::plain::render(&ours.reply(tr));
        assert!(text.contains("tell your administrator the code"), "{text}");
        let broken = Failure::from(b24::Error::new(Kind::ServerFault, "crm.deal.list", "500"));
        let text = crate::reply::plain::render(&broken.reply(tr));
        assert!(text.contains("Bitrix24 had a problem"), "{text}");
        assert!(!text.contains("on my side"), "{text}");
    }
}
