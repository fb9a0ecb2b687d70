//! Telegram updates as the core's [`Inbound`]s, and which of them are meant for the bot: in a
//! private chat everything; in a group only commands (ours, not another bot's), messages that
//! mention the bot, and replies to it, as Telegram users expect of bots in groups.

use teloxide::types::{CallbackQuery, ChatId, Contact, Me, Message, MessageId, User};

use crate::bot::{Content, Inbound};
use crate::store::Channel;

/// A pressed button: what it says to the core, and the message it hangs under.
pub struct Pressed {
    pub inbound: Inbound,
    pub chat: ChatId,
    /// `None` when Telegram no longer shows the message to the bot.
    pub message: Option<MessageId>,
}

/// The message as the bot should read it, or `None` when it is not meant for the bot.
pub fn message(message: &Message, me: &Me) -> Option<Inbound> {
    let from = message.from.as_ref().filter(|from| !from.is_bot)?;
    let content = if message.chat.is_private() {
        match (message.text(), message.contact()) {
            (Some(text), _) => Content::Text(text.to_owned()),
            // A shared contact card asks who that is, and offers to add them when nobody is.
            (None, Some(contact)) => Content::Contact {
                name: card_name(contact),
                phone: contact.phone_number.clone(),
            },
            // A document or photo is fetched once the access gate let it through
            // (`files.rs`); until then, and for what the bot cannot read (a sticker, a voice
            // note), the message is an empty text: not understood, rather than met with
            // silence.
            (None, None) => Content::Text(String::new()),
        }
    } else {
        Content::Text(addressed_in_group(message, message.text()?, me)?)
    };
    Some(inbound(message.chat.id, from, content))
}

/// The name on a contact card, first and last, as the address book shows it.
fn card_name(contact: &Contact) -> Option<String> {
    let name = match &contact.last_name {
        Some(last) => format!("{} {last}", contact.first_name),
        None => contact.first_name.clone(),
    };
    let name = name.trim();
    (!name.is_empty()).then(|| name.to_owned())
}

pub fn callback(query: &CallbackQuery) -> Option<Pressed> {
    let data = query.data.clone()?;
    let (chat, message) = match &query.message {
        Some(message) => (message.chat().id, Some(message.id())),
        // A button under an inline message: answer in the private chat with the user.
        None => (ChatId::from(query.from.id), None),
    };
    Some(Pressed {
        inbound: inbound(chat, &query.from, Content::Button(data)),
        chat,
        message,
    })
}

fn inbound(chat: ChatId, from: &User, content: Content) -> Inbound {
    Inbound {
        channel: Channel::Telegram,
        chat: chat.0.to_string(),
        user: from.id.0.to_string(),
        lang_hint: from.language_code.clone(),
        content,
    }
}

/// The text meant for the bot in a group message, the mention taken out; `None` when the
/// message is for the people in the group.
fn addressed_in_group(message: &Message, text: &str, me: &Me) -> Option<String> {
    let username = me.username().to_ascii_lowercase();
    if let Some(command) = text.strip_prefix('/') {
        let word = command.split_whitespace().next().unwrap_or_default();
        return match word.split_once('@') {
            Some((_, to)) if !to.eq_ignore_ascii_case(&username) => None,
            _ => Some(text.to_owned()),
        };
    }
    let mention = format!("@{username}");
    // ASCII lowering keeps byte offsets, so the position found applies to the original text.
    if let Some(at) = text.to_ascii_lowercase().find(&mention) {
        let rest = format!("{}{}", &text[..at], &text[at + mention.len()..]);
        return Some(rest.trim().to_owned());
    }
    let replied_to_bot = message
        .reply_to_message()
        .and_then(|replied| replied.from.as_ref())
        .is_some_and(|author| author.id == me.user.id);
    replied_to_bot.then(|| text.to_owned())
}
