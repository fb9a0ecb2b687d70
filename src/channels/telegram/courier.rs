//! Pushes through Telegram: a reminder or a digest sent to a linked user's private chat (whose
//! id is the user's), rendered like any answer. A user who blocked the bot is reported as
//! [`DeliveryError::Blocked`]; the scheduler marks the link so until they write again.

use anyhow::anyhow;
use teloxide::adaptors::Throttle;
use teloxide::types::ChatId;
use teloxide::{ApiError, RequestError};

use crate::channels::courier::{Courier, Delivery, DeliveryError};
use crate::reply::Reply;
use crate::store::Channel;

use super::outbound::{parts, send_part};
use super::redact::Redactor;

pub struct TelegramCourier {
    api: Throttle<teloxide::Bot>,
    redactor: Redactor,
}

impl TelegramCourier {
    pub(super) fn new(api: Throttle<teloxide::Bot>, redactor: Redactor) -> TelegramCourier {
        TelegramCourier { api, redactor }
    }
}

impl Courier for TelegramCourier {
    fn channel(&self) -> Channel {
        Channel::Telegram
    }

    fn deliver<'a>(&'a self, user: &'a str, replies: &'a [Reply]) -> Delivery<'a> {
        Box::pin(async move {
            let chat = user.parse::<i64>().map(ChatId).map_err(|_| {
                DeliveryError::Failed(anyhow!("{user:?} is not a Telegram user id"))
            })?;
            for part in parts(replies) {
                match send_part(&self.api, chat, part).await {
                    Ok(()) => {}
                    Err(RequestError::Api(ApiError::BotBlocked)) => {
                        return Err(DeliveryError::Blocked);
                    }
                    Err(error) => {
                        return Err(DeliveryError::Failed(anyhow!(self.redactor.text(&error))));
                    }
                }
            }
            Ok(())
        })
    }
}
