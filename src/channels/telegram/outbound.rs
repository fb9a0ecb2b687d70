//! The bot's replies as Telegram messages: HTML already escaped and split under 4096 characters
//! by the renderer, a reply's buttons as an inline keyboard under its last message, and its
//! attachment as a document after it. A user who blocked the bot is marked so, and no more is
//! sent to them until they write again.

use teloxide::adaptors::Throttle;
use teloxide::payloads::{EditMessageTextSetters, SendMessageSetters};
use teloxide::requests::Requester;
use teloxide::types::{
    CallbackQueryId, ChatId, InlineKeyboardButton, InlineKeyboardMarkup, ParseMode,
};
use teloxide::{ApiError, RequestError};

use crate::bot::Inbound;
use crate::reply::{Attachment, Reply, html};
use crate::store::{ChannelUser, Store};

use super::files;
use super::inbound::Pressed;
use super::redact::Redactor;

/// One Telegram message: HTML and, under the last part of a reply, its keyboard; or a file.
pub(super) enum Part {
    Text {
        html: String,
        keyboard: Option<InlineKeyboardMarkup>,
    },
    Document(Attachment),
}

pub struct Outbound<'a> {
    api: &'a Throttle<teloxide::Bot>,
    store: &'a Store,
    redactor: &'a Redactor,
}

impl<'a> Outbound<'a> {
    pub fn new(
        api: &'a Throttle<teloxide::Bot>,
        store: &'a Store,
        redactor: &'a Redactor,
    ) -> Outbound<'a> {
        Outbound {
            api,
            store,
            redactor,
        }
    }

    pub async fn answer_callback(&self, id: CallbackQueryId) {
        if let Err(error) = self.api.answer_callback_query(id).await {
            tracing::warn!(error = %self.redactor.text(&error), "answerCallbackQuery failed");
        }
    }

    pub async fn send(&self, inbound: &Inbound, chat: ChatId, replies: Vec<Reply>) {
        self.send_parts(inbound, chat, parts(&replies)).await;
    }

    /// The first message of the answer replaces the one whose button was pressed, so the chat
    /// shows the choice's outcome where the choice was; the rest follow as new messages. Only
    /// in a private chat: in a group anyone can press a button under someone else's answer,
    /// and their "no longer active" must not wipe it out.
    pub async fn edit_in_place(&self, pressed: &Pressed, replies: Vec<Reply>) {
        let mut parts = parts(&replies).into_iter();
        let Some(first) = parts.next() else {
            return;
        };
        let mut rest: Vec<Part> = parts.collect();
        match (pressed.message.filter(|_| pressed.chat.is_user()), first) {
            (Some(message), Part::Text { html, keyboard }) => {
                let mut edit = self
                    .api
                    .edit_message_text(pressed.chat, message, &html)
                    .parse_mode(ParseMode::Html);
                if let Some(keyboard) = keyboard.clone() {
                    edit = edit.reply_markup(keyboard);
                }
                if let Err(error) = edit.await {
                    // Too old to edit, or unchanged: the answer still has to be seen.
                    tracing::debug!(error = %self.redactor.text(&error), "edit failed; sending");
                    rest.insert(0, Part::Text { html, keyboard });
                }
            }
            (_, first) => rest.insert(0, first),
        }
        self.send_parts(&pressed.inbound, pressed.chat, rest).await;
    }

    async fn send_parts(&self, inbound: &Inbound, chat: ChatId, parts: Vec<Part>) {
        for part in parts {
            match send_part(self.api, chat, part).await {
                Ok(()) => {}
                Err(RequestError::Api(ApiError::BotBlocked)) => {
                    self.blocked(inbound).await;
                    return;
                }
                Err(error) => {
                    tracing::warn!(chat = chat.0, error = %self.redactor.text(&error), "a message could not be sent");
                    return;
                }
            }
        }
    }

    async fn blocked(&self, inbound: &Inbound) {
        let user = ChannelUser::new(inbound.channel, inbound.user.clone());
        tracing::info!(%user, "the user blocked the bot; no more pushes until they write");
        if let Err(error) = self.store.mark_blocked(&user).await {
            tracing::error!(%user, %error, "cannot mark the user as blocked");
        }
    }
}

/// Sends one part to `chat`: answers and pushes go out the same way.
pub(super) async fn send_part(
    api: &Throttle<teloxide::Bot>,
    chat: ChatId,
    part: Part,
) -> Result<(), RequestError> {
    match part {
        Part::Text { html, keyboard } => {
            let mut message = api.send_message(chat, html).parse_mode(ParseMode::Html);
            if let Some(keyboard) = keyboard {
                message = message.reply_markup(keyboard);
            }
            message.await.map(|_| ())
        }
        Part::Document(attachment) => files::send(api, chat, &attachment).await,
    }
}

pub(super) fn parts(replies: &[Reply]) -> Vec<Part> {
    let mut parts = Vec::new();
    for reply in replies {
        let messages = html::render(reply, html::TELEGRAM_LIMIT);
        let count = messages.len();
        for (index, html) in messages.into_iter().enumerate() {
            let last = index + 1 == count;
            parts.push(Part::Text {
                html,
                keyboard: (last && !reply.buttons.is_empty()).then(|| keyboard(reply)),
            });
        }
        if let Some(attachment) = &reply.attachment {
            parts.push(Part::Document(attachment.clone()));
        }
    }
    parts
}

fn keyboard(reply: &Reply) -> InlineKeyboardMarkup {
    InlineKeyboardMarkup::new(reply.buttons.iter().map(|row| {
        row.iter()
            .map(|button| InlineKeyboardButton::callback(button.label(), button.action()))
            .collect::<Vec<_>>()
    }))
}
