//! Speaking first in the messenger: reminders, digests and pairing codes reach an employee in
//! their private dialog with the bot (or with the webhook's user in user mode).

use crate::b24::Client;
use crate::channels::courier::{Courier, Delivery, DeliveryError};
use crate::reply::Reply;
use crate::store::Channel;

use super::outbound::Sender;

pub struct ChatCourier {
    portal: Client,
    sender: Sender,
}

impl ChatCourier {
    pub fn new(portal: Client, sender: Sender) -> ChatCourier {
        ChatCourier { portal, sender }
    }
}

impl Courier for ChatCourier {
    fn channel(&self) -> Channel {
        Channel::Bitrix24
    }

    fn deliver<'a>(&'a self, user: &'a str, replies: &'a [Reply]) -> Delivery<'a> {
        Box::pin(async move {
            self.sender
                .send(&self.portal, user, replies)
                .await
                .map_err(|error| DeliveryError::Failed(error.into()))
        })
    }
}
