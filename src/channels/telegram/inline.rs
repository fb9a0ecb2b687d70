//! Inline mode: `@bot Ivanov` typed in any chat. The core gives the cards (only what the linked
//! user may see; for anyone else one card on how to link); here they become article results,
//! their messages rendered as HTML like every other reply. The answer is personal (it depends
//! on who asks) and cached briefly, since records and links change.

use teloxide::payloads::AnswerInlineQuerySetters;
use teloxide::requests::Requester;
use teloxide::types::{
    InlineQuery, InlineQueryResult, InlineQueryResultArticle, InputMessageContent,
    InputMessageContentText, ParseMode,
};

use crate::bot::inline::Card;
use crate::reply::html;
use crate::store::{Channel, ChannelUser};

use super::Telegram;

/// How long Telegram may show the same answer to the same user again, in seconds.
pub const CACHE_SECONDS: u32 = 10;

impl Telegram {
    pub(super) async fn answer_inline(&self, query: InlineQuery) {
        let user = ChannelUser::new(Channel::Telegram, query.from.id.0.to_string());
        let link = self.access.active_link(&user, (self.clock)()).await;
        let cards = self
            .bot
            .inline(
                link.as_ref(),
                query.from.language_code.as_deref(),
                &query.query,
            )
            .await;
        let answer = self
            .api
            .answer_inline_query(query.id, cards.into_iter().filter_map(article))
            .is_personal(true)
            .cache_time(CACHE_SECONDS);
        if let Err(error) = answer.await {
            tracing::warn!(error = %self.redactor.text(&error), "answerInlineQuery failed");
        }
    }
}

/// The card as an article: picked, it sends its message (the first part, should it not fit).
fn article(card: Card) -> Option<InlineQueryResult> {
    let html = html::render(&card.message, html::TELEGRAM_LIMIT)
        .into_iter()
        .next()?;
    let content =
        InputMessageContent::Text(InputMessageContentText::new(html).parse_mode(ParseMode::Html));
    let mut article = InlineQueryResultArticle::new(card.id, card.title, content);
    if !card.description.is_empty() {
        article = article.description(card.description);
    }
    Some(InlineQueryResult::Article(article))
}
