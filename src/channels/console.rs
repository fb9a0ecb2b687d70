//! The terminal: one line in is one message; replies are rendered as plain text. A reply's
//! buttons are numbered, and typing a number presses that button of the latest turn's replies.
//! `/upload <path>` sends a file of this computer; files the bot sends land in the downloads
//! folder ([`console_files`](super::console_files)). Pushes (reminders, digests) arrive
//! through [`ConsoleCourier`] and are printed between turns.

use std::io;

use anyhow::anyhow;
use jiff::Timestamp;
use tokio::io::{AsyncBufRead, AsyncBufReadExt, AsyncWrite, AsyncWriteExt};
use tokio::sync::mpsc;

use crate::bot::{Bot, Content, Inbound};
use crate::channels::courier::{Courier, Delivery, DeliveryError};
use crate::i18n::{LangSignals, Tr, reply_lang};
use crate::intent::Lang;
use crate::reply::{Reply, plain};
use crate::store::Channel;

use super::console_files::{self, Upload};

/// Pushes waiting to be printed in the terminal chat.
pub type Pushed = mpsc::UnboundedReceiver<Vec<Reply>>;

/// Hands pushes to the terminal chat ([`chat`] prints them).
pub struct ConsoleCourier {
    to_chat: mpsc::UnboundedSender<Vec<Reply>>,
}

/// A courier and the receiving end that [`chat`] reads.
pub fn courier() -> (ConsoleCourier, Pushed) {
    let (to_chat, pushed) = mpsc::unbounded_channel();
    (ConsoleCourier { to_chat }, pushed)
}

impl Courier for ConsoleCourier {
    fn channel(&self) -> Channel {
        Channel::Console
    }

    fn deliver<'a>(&'a self, _user: &'a str, replies: &'a [Reply]) -> Delivery<'a> {
        // The console has one user: whoever is at the terminal.
        Box::pin(async move {
            self.to_chat
                .send(replies.to_vec())
                .map_err(|_| DeliveryError::Failed(anyhow!("the terminal chat has ended")))
        })
    }
}

/// The console's one user and chat.
pub const USER: &str = "terminal";

/// How the conversation shows on the terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Echo {
    /// A person types: show a prompt.
    Prompt,
    /// Input is piped: repeat each line after the prompt, so the output reads as a transcript.
    Lines,
}

/// Chats until the input ends. `clock` gives the moment each message arrives; `pushed` are
/// printed as they come, and their buttons are the ones a number presses next.
pub async fn chat(
    bot: &Bot,
    input: impl AsyncBufRead + Unpin,
    mut output: impl AsyncWrite + Unpin,
    echo: Echo,
    lang_hint: Option<String>,
    clock: impl Fn() -> Timestamp,
    mut pushed: Pushed,
) -> io::Result<()> {
    let mut lines = input.lines();
    let mut latest_buttons: Option<Reply> = None;
    // The console's own lines (about files) follow the terminal's language.
    let tr = Tr::new(reply_lang(&LangSignals {
        chosen: None,
        text: "",
        hints: &lang_hint.as_deref().into_iter().collect::<Vec<_>>(),
        default: Lang::En,
    }));
    loop {
        output.write_all(b"> ").await?;
        output.flush().await?;
        let line = tokio::select! {
            line = lines.next_line() => line?,
            Some(replies) = pushed.recv() => {
                output.write_all(b"\n").await?;
                for reply in &replies {
                    output
                        .write_all(format!("{}\n\n", plain::render(reply)).as_bytes())
                        .await?;
                }
                if let Some(reply) = replies.into_iter().rev().find(|reply| !reply.buttons.is_empty()) {
                    latest_buttons = Some(reply);
                }
                continue;
            }
        };
        let Some(line) = line else {
            output.write_all(b"\n").await?;
            return output.flush().await;
        };
        if echo == Echo::Lines {
            output.write_all(format!("{line}\n").as_bytes()).await?;
        }
        if line.trim().is_empty() {
            continue;
        }
        let content = match latest_buttons
            .as_ref()
            .and_then(|reply| plain::choice(reply, &line))
        {
            Some(button) => Content::Button(button.action().to_owned()),
            None => match console_files::upload(tr, &line).await {
                Upload::Other => Content::Text(line),
                Upload::Send(content) => content,
                Upload::Refused(text) => {
                    output.write_all(format!("{text}\n\n").as_bytes()).await?;
                    continue;
                }
            },
        };
        let inbound = Inbound {
            channel: Channel::Console,
            chat: USER.to_owned(),
            user: USER.to_owned(),
            lang_hint: lang_hint.clone(),
            content,
        };
        let replies = bot.handle(&inbound, clock()).await;
        for reply in &replies {
            output
                .write_all(format!("{}\n\n", plain::render(reply)).as_bytes())
                .await?;
            if let Some(attachment) = &reply.attachment {
                let saved = console_files::save(tr, &console_files::downloads(), attachment);
                output.write_all(format!("{saved}\n\n").as_bytes()).await?;
            }
        }
        // Numbers refer to the choices on screen: a turn without buttons ends the old ones.
        latest_buttons = replies
            .into_iter()
            .rev()
            .find(|reply| !reply.buttons.is_empty());
    }
}
