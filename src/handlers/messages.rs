//! Messaging: a message to a colleague named in any case or to a group chat (`chat12`, as the
//! portal's chat links name it, or `#Sales team` by its title; a name that is no colleague's is
//! looked up among the chat titles too), and a notification to a colleague. The bot writes
//! through one webhook, so every text is signed with the name of the employee who asked. A
//! message is a command typed, not a form: typing it again sends it again; every send is
//! audited. Any employee may write to any colleague, as in the portal; into a group chat only
//! when they are a member of it themselves (`im.chat.user.list`), since the webhook's user may
//! be in chats they are not.

use crate::b24::im::{DialogId, GroupChat};
use crate::buttons::Action;
use crate::failure::Failure;
use crate::reply::{Reply, Tone};
use crate::tr;

use super::directory::several_colleagues;
use super::writes::Audited;
use super::{Actor, Handlers};

/// Chats offered as buttons when several of the asker's chats have the title they wrote.
const OFFERED: usize = 10;

impl Handlers {
    /// Sends `text`, signed by `sender`, to a colleague by name, or to a group chat named
    /// `chat<N>` or `#<title>` (a name that is no colleague's may be a chat's title too).
    pub async fn message_send(
        &self,
        actor: &Actor,
        sender: &str,
        to: &str,
        text: &str,
    ) -> Result<Reply, Failure> {
        let tr = actor.tr;
        if let Some(chat) = group_chat(to) {
            let label = format!("chat{chat}");
            return self.post_to_chat(actor, sender, chat, &label, text).await;
        }
        if let Some(title) = to.trim().strip_prefix('#') {
            return Ok(match self.titled_chat(actor, sender, title, text).await? {
                Some(reply) => reply,
                None => Reply::new().notice(
                    Tone::Warning,
                    tr!(tr, "message-chat-none", chat = title.trim()),
                ),
            });
        }
        let mut found = self.directory.named(to).await?;
        let user = match found.len() {
            1 => found.remove(0),
            0 => {
                return Ok(match self.titled_chat(actor, sender, to, text).await? {
                    Some(reply) => reply,
                    None => {
                        Reply::new().notice(Tone::Warning, tr!(tr, "message-nobody", name = to))
                    }
                });
            }
            _ => return Ok(several_colleagues(actor, to, &found)),
        };
        let signed = tr!(tr, "message-signed", sender = sender, text = text);
        self.audited(
            actor,
            Audited {
                method: "im.message.add",
                entity: "message",
            },
            None,
            self.portal.send_message(DialogId::User(user.id), &signed),
        )
        .await?;
        Ok(Reply::new().notice(
            Tone::Success,
            tr!(tr, "message-sent", name = user.display_name()),
        ))
    }

    /// Posts into group chat `chat` if the asker is one of its members (one
    /// `im.chat.user.list`, unless they were found in it minutes ago), and refuses otherwise;
    /// `label` names the chat in the answer.
    pub async fn post_to_chat(
        &self,
        actor: &Actor,
        sender: &str,
        chat: u64,
        label: &str,
        text: &str,
    ) -> Result<Reply, Failure> {
        let member = self.chats.member_of(actor.employee, &[chat]).await?;
        if member.is_empty() {
            return Ok(not_a_member(actor, label));
        }
        self.post(actor, sender, chat, label, text).await
    }

    /// The chats of the webhook's user titled `title` (kept, or one `im.recent.list` page), and
    /// of those, the ones the asker is in (one batch of `im.chat.user.list`): one gets the
    /// message, several are offered as buttons. `None` when no chat has that title.
    async fn titled_chat(
        &self,
        actor: &Actor,
        sender: &str,
        title: &str,
        text: &str,
    ) -> Result<Option<Reply>, Failure> {
        let tr = actor.tr;
        let named = self.chats.picked(|chat| titled(&chat.title, title)).await?;
        if named.is_empty() {
            return Ok(None);
        }
        let ids: Vec<u64> = named.iter().map(|chat| chat.id).collect();
        let member_of = self.chats.member_of(actor.employee, &ids).await?;
        let mut mine: Vec<&GroupChat> = named
            .iter()
            .filter(|chat| member_of.contains(&chat.id))
            .collect();
        Ok(Some(match mine.len() {
            0 => not_a_member(actor, title.trim()),
            1 => {
                let chat = mine.remove(0);
                self.post(actor, sender, chat.id, &chat.title, text).await?
            }
            _ => {
                let mut reply =
                    Reply::new().text(tr!(tr, "message-chat-several", chat = title.trim()));
                for chat in mine.into_iter().take(OFFERED) {
                    reply = reply.button_row([self.buttons.button(
                        &actor.user,
                        format!("{} (chat{})", chat.title, chat.id),
                        Action::PostToChat {
                            chat: chat.id,
                            title: chat.title.clone(),
                            text: text.to_owned(),
                        },
                    )?]);
                }
                reply
            }
        }))
    }

    /// Sends the signed text to a chat the asker was found to be a member of, audited.
    async fn post(
        &self,
        actor: &Actor,
        sender: &str,
        chat: u64,
        label: &str,
        text: &str,
    ) -> Result<Reply, Failure> {
        let tr = actor.tr;
        let signed = tr!(tr, "message-signed", sender = sender, text = text);
        self.audited(
            actor,
            Audited {
                method: "im.message.add",
                entity: "message",
            },
            None,
            self.portal.send_message(DialogId::Chat(chat), &signed),
        )
        .await?;
        Ok(Reply::new().notice(Tone::Success, tr!(tr, "message-sent-chat", chat = label)))
    }

    /// Sends a notification, signed by `sender`, to a colleague by name.
    pub async fn notify(
        &self,
        actor: &Actor,
        sender: &str,
        to: &str,
        text: &str,
    ) -> Result<Reply, Failure> {
        let tr = actor.tr;
        let user = match self.one_colleague(actor, to).await? {
            Ok(user) => user,
            Err(refusal) => return Ok(refusal),
        };
        let signed = tr!(tr, "message-signed", sender = sender, text = text);
        let audited = Audited {
            method: "im.notify.personal.add",
            entity: "notification",
        };
        self.audited(actor, audited, None, self.portal.notify(user.id, &signed))
            .await?;
        Ok(Reply::new().notice(
            Tone::Success,
            tr!(tr, "notification-sent", name = user.display_name()),
        ))
    }
}

fn not_a_member(actor: &Actor, chat: &str) -> Reply {
    Reply::new().notice(
        Tone::Warning,
        tr!(actor.tr, "message-chat-not-member", chat = chat),
    )
}

/// Whether a chat's title is what the user wrote: the whole title, or one part of a title
/// made of parts (`Sales team / Отдел продаж`), in any letter case and spacing.
fn titled(title: &str, words: &str) -> bool {
    let norm = |text: &str| {
        text.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    let words = norm(words);
    !words.is_empty()
        && (norm(title) == words || title.split(['/', '|']).any(|part| norm(part) == words))
}

/// `chat12`, `#chat12`: a group chat's dialog id.
fn group_chat(to: &str) -> Option<u64> {
    to.trim()
        .trim_start_matches('#')
        .to_lowercase()
        .strip_prefix("chat")?
        .parse()
        .ok()
}

#[cfg(test)]
mod tests {
    use super::{group_chat, titled};

    #[test]
    fn a_title_is_matched_whole_or_by_one_of_its_parts() {
        assert!(titled("Sales team / Отдел продаж", "sales  TEAM"));
        assert!(titled("Sales team / Отдел продаж", "отдел продаж"));
        assert!(titled(
            "Sales team / Отдел продаж",
            "Sales team / Отдел продаж"
        ));
        assert!(!titled("Sales team / Отдел продаж", "sales"));
        assert!(!titled("Sales team", ""));
    }

    #[test]
    fn group_chats_are_named_as_the_portal_links_them() {
        assert_eq!(group_chat("chat12"), Some(12));
        assert_eq!(group_chat("#Chat7"), Some(7));
        assert_eq!(group_chat("Charlie"), None);
        assert_eq!(group_chat("chat"), None);
    }
}
