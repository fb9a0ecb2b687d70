//! What a pressed button means. An action token is at most 64 bytes, so a form's choice travels
//! in the token itself (with the form instance it belongs to), and anything bigger (the next page
//! of a list, a stage to move a deal to) stays here, under a short random token that only its
//! owner can press, for a day.

use std::time::{Duration, Instant};

use dashmap::DashMap;
use rand::Rng;

use crate::reply::{Button, ButtonError};
use crate::store::ChannelUser;

/// How long a stored action can be pressed.
const ACTION_LIFETIME: Duration = Duration::from_secs(24 * 60 * 60);

const FORM_PREFIX: &str = "f:";
const ACTION_PREFIX: &str = "a:";
const DRIVE_PREFIX: &str = "d:";

/// What a button's token asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Press {
    /// A choice of the form run `instance` asked for.
    Form { instance: String, choice: String },
    /// An action kept in the registry.
    Stored(String),
    /// A Drive button: folder and file ids in the token itself, so the button works after a
    /// restart (a file waiting for its folder is in the database); the Drive handler checks
    /// every id against the visibility policy again, so a crafted token opens nothing.
    Drive(String),
    /// A command, handled as if typed (`/cancel`, `/lang ru`).
    Command(String),
}

impl Press {
    pub fn read(token: &str) -> Option<Press> {
        if let Some(rest) = token.strip_prefix(FORM_PREFIX) {
            let (instance, choice) = rest.split_once(':')?;
            return Some(Press::Form {
                instance: instance.to_owned(),
                choice: choice.to_owned(),
            });
        }
        if let Some(token) = token.strip_prefix(ACTION_PREFIX) {
            return Some(Press::Stored(token.to_owned()));
        }
        if let Some(token) = token.strip_prefix(DRIVE_PREFIX) {
            return Some(Press::Drive(token.to_owned()));
        }
        token
            .starts_with('/')
            .then(|| Press::Command(token.to_owned()))
    }
}

/// A button answering a form's question. Instances are 32 hex digits and form choices at most
/// 25 bytes (`pick:` and a `u64`), so the token stays under 64 bytes.
pub fn form_button(
    label: impl Into<String>,
    instance: &str,
    choice: &str,
) -> Result<Button, ButtonError> {
    Button::new(label, format!("{FORM_PREFIX}{instance}:{choice}"))
}

/// A Drive button (see [`Press::Drive`]); `token` is the Drive handler's own.
pub fn drive_button(label: impl Into<String>, token: &str) -> Result<Button, ButtonError> {
    Button::new(label, format!("{DRIVE_PREFIX}{token}"))
}

/// Something a button does that its token cannot carry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// The next page of a deal list.
    DealPage {
        assigned_to: Option<u64>,
        stage_id: Option<String>,
        offset: u64,
    },
    /// Move a deal to a stage.
    MoveDeal { id: u64, stage_id: String },
    /// Start the contact form prefilled from a shared contact card.
    CreateContact { name: Option<String>, phone: String },
    /// A colleague's card.
    Colleague { id: u64 },
    /// The people of a department, named in the answer's header.
    DepartmentPeople { id: u64, name: String },
    /// A message into one of several group chats with the title the user wrote.
    PostToChat {
        chat: u64,
        title: String,
        text: String,
    },
}

struct Stored {
    owner: ChannelUser,
    action: Action,
    at: Instant,
}

/// The actions behind buttons, in memory: a restart makes old buttons answer "no longer
/// active", which is what they are.
#[derive(Default)]
pub struct Registry {
    actions: DashMap<String, Stored>,
}

impl Registry {
    /// Keeps `action` for `owner` and returns the button that presses it.
    pub fn button(
        &self,
        owner: &ChannelUser,
        label: impl Into<String>,
        action: Action,
    ) -> Result<Button, ButtonError> {
        let now = Instant::now();
        self.actions
            .retain(|_, stored| now.duration_since(stored.at) < ACTION_LIFETIME);
        let token = format!("{:016x}", rand::rng().random::<u64>());
        self.actions.insert(
            token.clone(),
            Stored {
                owner: owner.clone(),
                action,
                at: now,
            },
        );
        Button::new(label, format!("{ACTION_PREFIX}{token}"))
    }

    /// The action behind `token` if `user` may press it: it is theirs and not too old.
    pub fn action(&self, user: &ChannelUser, token: &str) -> Option<Action> {
        let stored = self.actions.get(token)?;
        (stored.owner == *user && stored.at.elapsed() < ACTION_LIFETIME)
            .then(|| stored.action.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Channel;

    #[test]
    fn tokens_read_back_and_a_stored_action_is_its_owners_only() {
        let button = form_button("ok", &"f".repeat(32), &crate::forms::choice::pick(u64::MAX))
            .expect("the longest form token fits");
        assert_eq!(
            Press::read(button.action()),
            Some(Press::Form {
                instance: "f".repeat(32),
                choice: format!("pick:{}", u64::MAX)
            })
        );
        assert_eq!(
            Press::read("/lang ru"),
            Some(Press::Command("/lang ru".into()))
        );
        assert_eq!(Press::read("junk"), None);
        let registry = Registry::default();
        let me = ChannelUser::new(Channel::Console, "me");
        let other = ChannelUser::new(Channel::Console, "other");
        let action = Action::MoveDeal {
            id: 1,
            stage_id: "WON".into(),
        };
        let button = registry.button(&me, "Won", action.clone()).unwrap();
        let Some(Press::Stored(token)) = Press::read(button.action()) else {
            panic!("a stored action's token");
        };
        assert_eq!(registry.action(&me, &token), Some(action));
        assert_eq!(registry.action(&other, &token), None);
        assert_eq!(registry.action(&me, "0000"), None);
    }
}
