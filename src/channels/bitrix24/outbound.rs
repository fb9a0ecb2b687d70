//! The bot's replies as messenger messages: BB-code split under the messenger's limit by the
//! renderer, a reply's buttons as the keyboard of its last message. A bot's buttons carry its
//! hidden command, so a press comes back as a command event; the webhook user of user mode has
//! no commands, so its buttons send their label as the person's message.

use std::sync::Arc;

use secrecy::ExposeSecret;
use serde_json::{Value, json};

use crate::b24::{self, Client};
use crate::reply::{Reply, bbcode};

use super::events::BUTTON_COMMAND;
use super::register::Registration;

/// One message: its BB-code and, under the last part of a reply, its keyboard.
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    pub text: String,
    pub keyboard: Option<Value>,
}

/// Who speaks: the registered bot, or the webhook's own user.
#[derive(Clone)]
pub enum Sender {
    Bot(Arc<Registration>),
    User,
}

impl Sender {
    /// Sends `replies` to `dialog` (a user id or `chat<N>`), part by part; stops at the first
    /// part the portal refuses, so an answer never arrives with a hole in it.
    pub async fn send(
        &self,
        portal: &Client,
        dialog: &str,
        replies: &[Reply],
    ) -> Result<(), b24::Error> {
        for part in self.parts(replies) {
            match self {
                Sender::Bot(bot) => {
                    let mut fields = json!({ "message": part.text });
                    if let Some(keyboard) = part.keyboard {
                        fields["keyboard"] = keyboard;
                    }
                    portal
                        .call(
                            "imbot.v2.Chat.Message.send",
                            &json!({
                                "botId": bot.bot_id,
                                "botToken": bot.token.expose_secret(),
                                "dialogId": dialog,
                                "fields": fields,
                            }),
                        )
                        .await?;
                }
                Sender::User => {
                    let mut params = json!({ "DIALOG_ID": dialog, "MESSAGE": part.text });
                    if let Some(keyboard) = part.keyboard {
                        params["KEYBOARD"] = keyboard;
                    }
                    portal.call("im.message.add", &params).await?;
                }
            }
        }
        Ok(())
    }

    pub fn parts(&self, replies: &[Reply]) -> Vec<Part> {
        let mut parts = Vec::new();
        for reply in replies {
            let messages = bbcode::render(reply, bbcode::BITRIX24_LIMIT);
            let count = messages.len();
            for (index, text) in messages.into_iter().enumerate() {
                let last = index + 1 == count;
                parts.push(Part {
                    text,
                    keyboard: (last && !reply.buttons.is_empty()).then(|| self.keyboard(reply)),
                });
            }
        }
        parts
    }

    /// Rows of buttons, a `NEWLINE` between rows.
    fn keyboard(&self, reply: &Reply) -> Value {
        let mut keys = Vec::new();
        for (index, row) in reply.buttons.iter().enumerate() {
            if index > 0 {
                keys.push(json!({ "TYPE": "NEWLINE" }));
            }
            for button in row {
                keys.push(match self {
                    Sender::Bot(_) => json!({
                        "TEXT": button.label(), "COMMAND": BUTTON_COMMAND,
                        "COMMAND_PARAMS": button.action(), "DISPLAY": "LINE",
                    }),
                    Sender::User => json!({
                        "TEXT": button.label(), "ACTION": "SEND",
                        "ACTION_VALUE": button.label(), "DISPLAY": "LINE",
                    }),
                });
            }
        }
        Value::Array(keys)
    }
}

#[cfg(test)]
mod tests {
    use secrecy::SecretString;

    use super::*;
    use crate::reply::Button;

    fn bot() -> Sender {
        Sender::Bot(Arc::new(Registration {
            bot_id: 7,
            token: SecretString::from("t"),
        }))
    }

    #[test]
    fn buttons_go_under_the_last_part_of_their_reply() {
        let long = "word ".repeat(5_000);
        let replies = [
            Reply::new()
                .text(long)
                .button_row([Button::new("Yes", "form:a:confirm").unwrap()])
                .button_row([Button::new("No", "form:a:cancel").unwrap()]),
            Reply::new().text("plain"),
        ];
        let parts = bot().parts(&replies);
        assert_eq!(parts.len(), 3);
        assert!(parts.iter().all(|p| p.text.chars().count() <= 20_000));
        assert_eq!(parts[0].keyboard, None);
        assert_eq!(
            parts[1].keyboard,
            Some(json!([
                {"TEXT": "Yes", "COMMAND": "b24bot_button", "COMMAND_PARAMS": "form:a:confirm", "DISPLAY": "LINE"},
                {"TYPE": "NEWLINE"},
                {"TEXT": "No", "COMMAND": "b24bot_button", "COMMAND_PARAMS": "form:a:cancel", "DISPLAY": "LINE"},
            ]))
        );
        assert_eq!(parts[2].keyboard, None);
    }

    #[test]
    fn user_mode_buttons_send_their_label() {
        let reply = Reply::new()
            .text("Save?")
            .button_row([Button::new("Save", "form:a:confirm").unwrap()]);
        let parts = Sender::User.parts(&[reply]);
        assert_eq!(
            parts[0].keyboard,
            Some(
                json!([{"TEXT": "Save", "ACTION": "SEND", "ACTION_VALUE": "Save", "DISPLAY": "LINE"}])
            )
        );
    }
}
