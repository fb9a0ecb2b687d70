//! Who gets a push, through which couriers: the channels the person chose with `/notify`, or
//! the one they last wrote from; never a channel that refused them (blocked) until they write.

use std::sync::Arc;

use crate::channels::courier::{Courier, DeliveryError};
use crate::reply::Reply;
use crate::store::{Channel, Link, NotifyChannel, Store};

/// What became of one push.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delivered {
    /// At least one channel took it.
    Yes,
    /// Every channel refused: blocked, so nothing is due to this person any more.
    Refused,
    /// A channel failed: worth another try.
    Failed,
}

/// The links a push for this person goes to, with their couriers. `links` are the person's,
/// the one they wrote from last first.
pub fn targets<'a>(
    links: &'a [Link],
    notify: Option<NotifyChannel>,
    couriers: &'a [Arc<dyn Courier>],
) -> Vec<(&'a Link, &'a dyn Courier)> {
    let reachable = links
        .iter()
        .filter(|link| !link.blocked)
        .filter_map(|link| {
            couriers
                .iter()
                .find(|courier| courier.channel() == link.user.channel)
                .map(|courier| (link, courier.as_ref()))
        });
    let chosen: Vec<_> = reachable
        .clone()
        .filter(|(link, _)| match notify {
            Some(NotifyChannel::Telegram) => link.user.channel == Channel::Telegram,
            Some(NotifyChannel::Bitrix24) => link.user.channel == Channel::Bitrix24,
            Some(NotifyChannel::Both) => {
                matches!(link.user.channel, Channel::Telegram | Channel::Bitrix24)
            }
            None => false,
        })
        .collect();
    if chosen.is_empty() {
        // Nothing chosen, or the chosen channel cannot be reached: where they last wrote.
        reachable.take(1).collect()
    } else {
        chosen
    }
}

/// Sends `replies` to every target; a blocked link is marked so.
pub async fn deliver(
    store: &Store,
    targets: &[(&Link, &dyn Courier)],
    replies: &[Reply],
) -> Delivered {
    let mut outcome = Delivered::Refused;
    for (link, courier) in targets {
        match courier.deliver(&link.user.user, replies).await {
            Ok(()) => outcome = Delivered::Yes,
            Err(DeliveryError::Blocked) => {
                tracing::info!(user = %link.user, "the user blocked the bot; no more pushes until they write");
                if let Err(error) = store.mark_blocked(&link.user).await {
                    tracing::error!(user = %link.user, %error, "cannot mark the user as blocked");
                }
            }
            Err(DeliveryError::Failed(error)) => {
                tracing::warn!(user = %link.user, error = format!("{error:#}"), "a push could not be delivered");
                if outcome == Delivered::Refused {
                    outcome = Delivered::Failed;
                }
            }
        }
    }
    outcome
}
