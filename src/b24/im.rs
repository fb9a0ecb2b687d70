//! Typed messenger calls: a message to a colleague or a group chat, and a personal
//! notification. Both are sent as the webhook's owner.

use std::fmt;

use serde_json::json;

use super::client::Client;
use super::created::new_id;
use super::error::Error;

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

impl Client {
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
