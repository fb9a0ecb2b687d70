//! Messaging: a message to a colleague named in any case or to a group chat (`chat12`, as the
//! portal's chat links name it), and a notification to a colleague. The bot writes through one
//! webhook, so every text is signed with the name of the employee who asked. A message is a
//! command typed, not a form: typing it again sends it again; every send is audited. Any
//! employee may write to any colleague, as in the portal; a group chat the webhook's user is no
//! member of is refused by the portal itself ("no access").

use crate::b24::im::DialogId;
use crate::b24::model::User;
use crate::bot::failure::Failure;
use crate::reply::{Reply, Tone};
use crate::tr;

use super::writes::Audited;
use super::{Actor, Crm};

impl Crm {
    /// Sends `text`, signed by `sender`, to a colleague by name or to a group chat `chat<N>`.
    pub async fn message_send(
        &self,
        actor: &Actor,
        sender: &str,
        to: &str,
        text: &str,
    ) -> Result<Reply, Failure> {
        let tr = actor.tr;
        let (dialog, done) = match group_chat(to) {
            Some(chat) => (
                DialogId::Chat(chat),
                tr!(tr, "message-sent-chat", chat = to),
            ),
            None => match self.one_colleague(actor, to).await? {
                Ok(user) => (
                    DialogId::User(user.id),
                    tr!(tr, "message-sent", name = user.display_name()),
                ),
                Err(refusal) => return Ok(refusal),
            },
        };
        let signed = tr!(tr, "message-signed", sender = sender, text = text);
        let audited = Audited {
            method: "im.message.add",
            entity: "message",
        };
        self.audited(
            actor,
            audited,
            None,
            self.portal.send_message(dialog, &signed),
        )
        .await?;
        Ok(Reply::new().notice(Tone::Success, done))
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

    /// The one active colleague `name` means (any case), or the answer that there is none or
    /// that several match.
    async fn one_colleague(
        &self,
        actor: &Actor,
        name: &str,
    ) -> Result<Result<User, Reply>, Failure> {
        let tr = actor.tr;
        let mut found: Vec<User> = self
            .portal
            .colleagues_named(name)
            .await?
            .into_iter()
            .filter(|user| user.active)
            .collect();
        let refusal = match found.len() {
            1 => return Ok(Ok(found.remove(0))),
            0 => tr!(tr, "colleague-none", name = name),
            _ => {
                let names: Vec<String> = found.iter().map(User::display_name).collect();
                tr!(
                    tr,
                    "colleague-several",
                    name = name,
                    names = names.join(", ")
                )
            }
        };
        Ok(Err(Reply::new().notice(Tone::Warning, refusal)))
    }
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
    use super::group_chat;

    #[test]
    fn group_chats_are_named_as_the_portal_links_them() {
        assert_eq!(group_chat("chat12"), Some(12));
        assert_eq!(group_chat("#Chat7"), Some(7));
        assert_eq!(group_chat("Charlie"), None);
        assert_eq!(group_chat("chat"), None);
    }
}
