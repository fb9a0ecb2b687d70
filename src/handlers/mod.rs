//! What the bot does for an intent, once it knows who asks and everything is collected. Handlers
//! get typed inputs and answer with [`Reply`](crate::reply::Reply)s; they know no channel. They
//! ask the visibility policy before they show or change a record, and record every portal write
//! in the audit log.

mod activities;
mod calendar;
mod chats;
mod colleagues;
mod companies;
mod contacts;
mod deals;
mod directory;
mod drive;
mod format;
mod leads;
mod messages;
mod stages;
mod tasks;
mod writes;

use std::sync::Arc;

use jiff::Zoned;

use crate::b24::Client;
use crate::buttons::Registry;
use crate::i18n::Tr;
use crate::reply::{Reply, Tone};
use crate::store::{ChannelUser, Store};
use crate::visibility::Policy;

pub use chats::Chats;
pub use directory::Directory;
pub use format::money;
pub use stages::Stages;

/// Who a handler acts for, and how to speak to them.
#[derive(Debug, Clone)]
pub struct Actor {
    pub user: ChannelUser,
    /// The Bitrix24 employee the user is linked to: whose records they see, who is made
    /// responsible for what they create.
    pub employee: u64,
    pub tr: Tr,
    /// Now, in the user's time zone.
    pub now: Zoned,
}

/// Everything the handlers share: the portal, the store (claims and the audit log), the
/// visibility policy, the cached deal stages and lead statuses, the kept directory of colleagues
/// and group chats,
/// and the button registry. Every
/// module's handlers are methods on it, each in the file named for the module.
pub struct Handlers {
    portal: Client,
    store: Store,
    policy: Policy,
    stages: Stages,
    directory: Directory,
    chats: Chats,
    buttons: Arc<Registry>,
}

impl Handlers {
    pub fn new(portal: Client, store: Store, policy: Policy, buttons: Arc<Registry>) -> Handlers {
        Handlers {
            stages: Stages::new(portal.clone()),
            directory: Directory::new(portal.clone()),
            chats: Chats::new(portal.clone()),
            portal,
            store,
            policy,
            buttons,
        }
    }
}

/// What a handler answers about a record the policy hides: that, and nothing of the record.
fn no_access(actor: &Actor) -> Reply {
    Reply::new().notice(Tone::Warning, actor.tr.t("error-no-access", &[]))
}

/// What a guarded write refused and a read then allowed is answered: the record changed between
/// the two requests, and a second try decides on what it is now.
fn changed_meanwhile(actor: &Actor) -> Reply {
    Reply::new().notice(Tone::Warning, actor.tr.t("error-changed-meanwhile", &[]))
}

/// What a second Confirm of a form that was written is told.
fn already_saved(actor: &Actor) -> Reply {
    Reply::new().notice(Tone::Info, actor.tr.t("form-already-saved", &[]))
}
