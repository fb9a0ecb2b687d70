//! Bitrix24 messenger BB-code (`[B]`, `[I]`, `[URL=…]`; line breaks as `\n`).
//!
//! BB-code has no escape character, so user text is defused instead: a zero-width space
//! (U+200B) goes where the messenger would otherwise see markup. It is invisible, and the
//! messenger's patterns, which match tag names and markers literally, no longer match:
//! - after every `[`, since every tag (`[B]`, `[/URL]`, `[USER=1]`, `[SEND=…]`) starts with one;
//! - inside `>>`, which quotes the rest of a line;
//! - inside `--`, since a line of dashes starts and ends a quoted message;
//! - inside `#BR#`, an old spelling of a line break.
//!
//! The price: text copied out of the messenger keeps the invisible character.

use super::layout::layout;
use super::markup::{Markup, Tag};
use super::model::Reply;
use super::split::split;

/// The messenger's limit on a message's text.
pub const BITRIX24_LIMIT: usize = 20_000;

const DEFUSE: char = '\u{200B}';

/// `reply`'s blocks as messages of at most `limit` UTF-16 code units each (markup included;
/// never fewer than the characters the messenger counts), in order. Buttons are not part of
/// the text: the channel sends them as the message's keyboard. A reply without blocks gives
/// no message.
///
/// # Panics
/// If `limit` is below [`MIN_LIMIT`](super::MIN_LIMIT).
pub fn render(reply: &Reply, limit: usize) -> Vec<String> {
    split(&layout(reply, &BbCode, limit / 2), limit)
}

struct BbCode;

impl Markup for BbCode {
    const LINK_SCHEMES: &'static [&'static str] = &["http://", "https://"];

    fn bold(&self) -> Tag {
        tag("B")
    }

    fn italic(&self) -> Tag {
        tag("I")
    }

    /// `url` has no `[`, `]` or whitespace (it is linkable), so it cannot end the tag early.
    fn link(&self, url: &str) -> Tag {
        Tag {
            open: format!("[URL={url}]"),
            close: "[/URL]".into(),
        }
    }

    fn escape(&self, c: char, rest: &str) -> String {
        let defuse = match c {
            '[' => true,
            '>' => rest.starts_with('>'),
            '-' => rest.starts_with('-'),
            '#' => rest
                .get(..3)
                .is_some_and(|next| next.eq_ignore_ascii_case("BR#")),
            _ => false,
        };
        let mut text = String::from(c);
        if defuse {
            text.push(DEFUSE);
        }
        text
    }
}

fn tag(name: &str) -> Tag {
    Tag {
        open: format!("[{name}]"),
        close: format!("[/{name}]"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(reply: &Reply) -> String {
        let mut messages = render(reply, BITRIX24_LIMIT);
        assert_eq!(messages.len(), 1, "{messages:?}");
        messages.remove(0)
    }

    #[test]
    fn a_user_tag_is_defused_after_its_bracket() {
        let reply = Reply::new().text("[URL=http://evil]x[/URL] [b]");
        assert_eq!(
            one(&reply),
            "[\u{200B}URL=http://evil]x[\u{200B}/URL] [\u{200B}b]"
        );
    }

    #[test]
    fn quotes_dashes_and_old_line_breaks_are_defused() {
        let reply = Reply::new().text(">>q ---- #br# #x");
        assert_eq!(
            one(&reply),
            ">\u{200B}>q -\u{200B}-\u{200B}-\u{200B}- #\u{200B}br# #x"
        );
    }

    #[test]
    fn only_web_urls_are_linked() {
        let reply = Reply::new()
            .link("Deal", "https://a.test/crm/deal/details/7/")
            .link("Ann", "tg://user?id=1");
        assert_eq!(
            one(&reply),
            "[URL=https://a.test/crm/deal/details/7/]Deal[/URL]\n\nAnn: tg://user?id=1"
        );
    }
}
