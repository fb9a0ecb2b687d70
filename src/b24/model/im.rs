//! The messenger (`im.*`): snake_case keys and integer ids, unlike the rest of the portal.

use jiff::Timestamp;
use serde::Deserialize;

use super::de;

/// A message of `im.dialog.messages.get`; `author_id` 0 is a system message.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Message {
    #[serde(deserialize_with = "de::id")]
    pub id: u64,
    #[serde(deserialize_with = "de::id")]
    pub chat_id: u64,
    #[serde(deserialize_with = "de::id")]
    pub author_id: u64,
    #[serde(default, deserialize_with = "de::opt_datetime")]
    pub date: Option<Timestamp>,
    #[serde(default)]
    pub text: String,
}

impl Message {
    pub fn is_system(&self) -> bool {
        self.author_id == 0
    }
}

/// The answer of `im.dialog.messages.get`: newest first.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct DialogMessages {
    #[serde(deserialize_with = "de::id")]
    pub chat_id: u64,
    #[serde(default, deserialize_with = "de::list")]
    pub messages: Vec<Message>,
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn dialog_messages_newest_first() {
        let dialog: DialogMessages = serde_json::from_value(json!({"chat_id":1489,
            "messages":[{"id":84877,"chat_id":1489,"author_id":503,"date":"2026-03-04T09:43:26+03:00",
              "text":"hi","unread":false,"params":{"LIKE":[547]}},
              {"id":84869,"chat_id":1489,"author_id":0,"date":"2026-03-04T09:40:00+03:00",
              "text":"joined","params":[]}],
            "users":[],"files":[]}))
        .unwrap();
        assert_eq!(dialog.messages.len(), 2);
        assert!(dialog.messages[1].is_system());
    }
}
