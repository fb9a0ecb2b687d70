//! Telegram's HTML parse mode (<https://core.telegram.org/bots/api#html-style>).
//!
//! Only `<b>`, `<i>` and `<a href>` are written, all from this module. Text is escaped with the
//! three entities Telegram requires (`&amp;` `&lt;` `&gt;`), an `href` additionally with
//! `&quot;`. Links go only to `http(s)://` and `tg://` URLs.

use super::layout::layout;
use super::markup::{Markup, Tag};
use super::model::Reply;
use super::split::split;

/// Telegram's limit on a message's text.
pub const TELEGRAM_LIMIT: usize = 4096;

/// `reply`'s blocks as messages of at most `limit` UTF-16 code units each (markup included),
/// in order. Buttons are not part of the text: the channel sends them as an inline keyboard.
/// A reply without blocks gives no message.
///
/// # Panics
/// If `limit` is below [`MIN_LIMIT`](super::MIN_LIMIT).
pub fn render(reply: &Reply, limit: usize) -> Vec<String> {
    split(&layout(reply, &Html, limit / 2), limit)
}

struct Html;

impl Markup for Html {
    const LINK_SCHEMES: &'static [&'static str] = &["http://", "https://", "tg://"];

    fn bold(&self) -> Tag {
        tag("b")
    }

    fn italic(&self) -> Tag {
        tag("i")
    }

    fn link(&self, url: &str) -> Tag {
        let mut open = String::from("<a href=\"");
        for c in url.chars() {
            match c {
                '"' => open.push_str("&quot;"),
                _ => push_escaped(&mut open, c),
            }
        }
        open.push_str("\">");
        Tag {
            open,
            close: "</a>".into(),
        }
    }

    fn escape(&self, c: char, _rest: &str) -> String {
        let mut text = String::new();
        push_escaped(&mut text, c);
        text
    }
}

fn tag(name: &str) -> Tag {
    Tag {
        open: format!("<{name}>"),
        close: format!("</{name}>"),
    }
}

fn push_escaped(out: &mut String, c: char) {
    match c {
        '&' => out.push_str("&amp;"),
        '<' => out.push_str("&lt;"),
        '>' => out.push_str("&gt;"),
        _ => out.push(c),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reply::{Field, Item, Tone};

    fn one(reply: &Reply) -> String {
        let mut messages = render(reply, TELEGRAM_LIMIT);
        assert_eq!(messages.len(), 1, "{messages:?}");
        messages.remove(0)
    }

    #[test]
    fn each_block_has_its_markup() {
        let reply = Reply::new()
            .title("Deal")
            .field_with(Field::new("Company", "Acme").url("https://a.test/c/1/"))
            .numbered([Item::new("One").detail("first")])
            .notice(Tone::Success, "Saved");
        assert_eq!(
            one(&reply),
            "<b>Deal</b>\n\n<b>Company</b>: <a href=\"https://a.test/c/1/\">Acme</a>\n\n\
             1. One\n   <i>first</i>\n\n✅ Saved"
        );
    }

    #[test]
    fn text_and_urls_are_escaped() {
        let reply = Reply::new()
            .title("<b>Acme & Co</b>")
            .link("</a>", "https://a.test/?q=\"x\"&y=<1>");
        assert_eq!(
            one(&reply),
            "<b>&lt;b&gt;Acme &amp; Co&lt;/b&gt;</b>\n\n\
             <a href=\"https://a.test/?q=&quot;x&quot;&amp;y=&lt;1&gt;\">&lt;/a&gt;</a>"
        );
    }

    #[test]
    fn a_url_of_another_scheme_is_shown_not_linked() {
        let reply = Reply::new().link("Open", "javascript:alert(1)");
        assert_eq!(one(&reply), "Open: javascript:alert(1)");
    }

    #[test]
    fn tg_links_are_linked() {
        let reply = Reply::new().link("Ann", "tg://user?id=1");
        assert_eq!(one(&reply), "<a href=\"tg://user?id=1\">Ann</a>");
    }

    #[test]
    fn a_link_too_long_for_half_a_message_is_shown_as_text() {
        let url = format!("https://a.test/{}", "x".repeat(100));
        let messages = render(&Reply::new().link("Open", url.clone()), 200);
        assert_eq!(messages.concat(), format!("Open: {url}"));
    }
}
