//! Who may talk to the portal through a channel: the gate in front of [`Bot::handle`].
//!
//! A stranger can pair (an e-mail, then the code the portal sends to that employee, or a
//! one-time link token), ask for help and choose a language (both answered by the bot, which
//! shows strangers nothing from the portal); anything else is told how to link. A linked user
//! whose employee was deactivated is stopped here, checked on use and trusted for at most ten
//! minutes. `/unlink` is answered here for everyone.
//!
//! [`Bot::handle`]: crate::bot::Bot::handle

mod active;
mod pairing;

use jiff::Timestamp;

use crate::b24::Client;
use crate::bot::{Content, Defaults, Inbound};
use crate::failure::Failure;
use crate::i18n::{LangSignals, Tr, reply_lang};
use crate::intent::{self, Intent};
use crate::reply::{Reply, Tone};
use crate::store::{ChannelUser, Link, Store};

use active::Activity;
pub use pairing::{CODE_LIFETIME, MAX_TRIES, TRIES_WINDOW};
use pairing::{Pairing, Request};

pub struct Access {
    store: Store,
    pairing: Pairing,
    activity: Activity,
    defaults: Defaults,
}

/// What the gate decided about one message.
#[derive(Debug)]
pub enum Gate {
    /// The bot answers it.
    Pass,
    /// Answered here; the bot never sees it.
    Answered(Vec<Reply>),
}

impl Access {
    pub fn new(store: Store, portal: Client, defaults: Defaults) -> Access {
        Access {
            pairing: Pairing::new(store.clone(), portal.clone()),
            activity: Activity::new(portal),
            store,
            defaults,
        }
    }

    /// Pairing codes go out through the Bitrix24 chat channel's courier.
    pub fn deliver_codes_through(
        &self,
        courier: std::sync::Arc<dyn crate::channels::courier::Courier>,
    ) {
        self.pairing.deliver_through(courier);
    }

    pub async fn gate(&self, inbound: &Inbound, now: Timestamp) -> Gate {
        let user = ChannelUser::new(inbound.channel, inbound.user.clone());
        let (text, request) = match &inbound.content {
            Content::Text(text) => (text.as_str(), Request::read(text)),
            Content::Button(_)
            | Content::Contact { .. }
            | Content::File(_)
            | Content::FileTooLarge { .. }
            | Content::FileUnavailable { .. } => ("", None),
        };
        let tr = Tr::new(reply_lang(&LangSignals {
            chosen: None,
            text,
            hints: &inbound.lang_hint.as_deref().into_iter().collect::<Vec<_>>(),
            default: self.defaults.lang,
        }));
        let answered = match self.store.link_of(&user).await {
            Err(error) => Err(Failure::from(error)),
            Ok(Some(link)) => {
                let tr = link.lang.map(Tr::new).unwrap_or(tr);
                if request == Some(Request::Unlink) {
                    self.store
                        .unlink(&user)
                        .await
                        .map(|_| {
                            Some(vec![
                                Reply::new().notice(Tone::Info, tr.t("pairing-unlinked", &[])),
                            ])
                        })
                        .map_err(Failure::from)
                } else if self.activity.is_active(link.employee.0, now).await {
                    Ok(None)
                } else {
                    Ok(Some(vec![
                        Reply::new().notice(Tone::Warning, tr.t("pairing-deactivated", &[])),
                    ]))
                }
            }
            Ok(None) => match request {
                Some(request) => self.pairing.answer(&user, request, tr, now).await.map(Some),
                None if !text.is_empty() && self.bot_answers_stranger(text, now) => Ok(None),
                None => Ok(Some(vec![
                    Reply::new().notice(Tone::Info, tr.t("pairing-how-to-link", &[])),
                ])),
            },
        };
        match answered {
            Ok(Some(replies)) => Gate::Answered(replies),
            Ok(None) => Gate::Pass,
            Err(failure) => Gate::Answered(vec![failure.reply(tr)]),
        }
    }

    /// The user's link if they may use the bot now: linked, to an employee still active. Asked
    /// before portal data leaves the bot's own chat (inline mode); a store failure is logged
    /// and counts as not linked, so it shows nothing.
    pub async fn active_link(&self, user: &ChannelUser, now: Timestamp) -> Option<Link> {
        match self.store.link_of(user).await {
            Ok(Some(link)) if self.activity.is_active(link.employee.0, now).await => Some(link),
            Ok(_) => None,
            Err(error) => {
                tracing::error!(%user, %error, "cannot read the link; nothing shown");
                None
            }
        }
    }

    /// Help and `/lang` are the bot's to answer for anyone; nothing else reaches it from a
    /// stranger, so no handler can show them portal data.
    fn bot_answers_stranger(&self, text: &str, now: Timestamp) -> bool {
        let context = intent::Context {
            lang: None,
            now: now.to_zoned(self.defaults.time_zone.clone()),
        };
        matches!(
            intent::parse(text, &context).intent,
            Intent::Help { .. } | Intent::LangSet { .. }
        )
    }
}
