//! Speaking first: a channel that can reach a person without being asked (a reminder, a
//! digest, a pairing code) implements [`Courier`]. The scheduler and the pairing flow know
//! couriers, never a channel's own types (architecture invariant 1).

use std::future::Future;
use std::pin::Pin;

use crate::reply::Reply;
use crate::store::Channel;

/// A delivery in progress; boxed so couriers of different channels fit one list.
pub type Delivery<'a> = Pin<Box<dyn Future<Output = Result<(), DeliveryError>> + Send + 'a>>;

pub trait Courier: Send + Sync {
    /// The channel this courier delivers through: a person's link on it names the recipient.
    fn channel(&self) -> Channel;

    /// Sends `replies` to the private chat of `user`, the person's id on this channel (a
    /// Telegram user id, a Bitrix24 user id, the console's name for its user).
    fn deliver<'a>(&'a self, user: &'a str, replies: &'a [Reply]) -> Delivery<'a>;
}

#[derive(Debug, thiserror::Error)]
pub enum DeliveryError {
    /// The person blocked the bot (Telegram's 403): nothing more is pushed to them until they
    /// write again.
    #[error("the person blocked the bot")]
    Blocked,
    /// Anything else: the channel is down or refused the message. The cause holds no secret.
    #[error("the channel could not deliver the message")]
    Failed(#[source] anyhow::Error),
}
