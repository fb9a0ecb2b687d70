//! How handlers write the values their cards and lists show.

use std::sync::LazyLock;

use regex::Regex;

use crate::b24::model::{Contact, MultiField};
use crate::i18n::{Arg, Tr};
use crate::intent::phone;
use crate::reply::Reply;
use crate::tr;

/// An amount in its currency; without one, in the portal's own (the portal applies it).
pub fn money(tr: Tr, cents: Option<i64>, currency: Option<&str>) -> String {
    match (cents, currency) {
        (None, _) => tr.t("card-not-set", &[]),
        (Some(cents), Some(currency)) => tr.money(cents, currency),
        (Some(cents), None) => tr!(tr, "amount-portal-currency", amount = tr.amount(cents)),
    }
}

/// A person's name as the CRM holds it, parts that are set joined by spaces.
pub fn contact_name(contact: &Contact) -> String {
    [&contact.name, &contact.second_name, &contact.last_name]
        .into_iter()
        .flatten()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Phone numbers in international form (`+79001234567`), so a phone dials them with one tap,
/// however they were typed into the CRM; one that cannot be read is shown as written.
pub fn phones(fields: &[MultiField]) -> Vec<String> {
    fields
        .iter()
        .map(|field| phone::normalise(&field.value).unwrap_or_else(|| field.value.clone()))
        .collect()
}

/// The portal's BB-code tags (`[B]`, `[URL=…]`, `[USER=5]`) around a task's description or
/// comment: the text stays, the tags go, since every channel renders its own markup.
static BB_TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\[/?(?:b|i|u|s|url|user|quote|code|color|size|font|list|\*|img|p|left|right|center|justify|table|tr|td|th)(?:=[^\]]*)?\]")
        .expect("a valid pattern")
});

pub fn without_bbcode(text: &str) -> String {
    BB_TAG.replace_all(text, "").trim().to_owned()
}

/// Under a list cut short, how much of it is shown ("Showing 10 of 42"); nothing when all is.
pub fn shown_of(tr: Tr, reply: Reply, shown: usize, total: usize) -> Reply {
    if shown < total {
        reply.text(tr!(
            tr,
            "list-shown",
            shown = Arg::count(shown),
            count = Arg::count(total)
        ))
    } else {
        reply
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::intent::Lang;

    #[test]
    fn money_with_and_without_a_currency_and_phones_made_international() {
        let tr = Tr::new(Lang::En);
        assert_eq!(money(tr, Some(5_000_000), Some("USD")), "$50,000");
        assert_eq!(
            money(tr, Some(5_000_000), None),
            "50,000 (in the portal's currency)"
        );
        assert_eq!(money(tr, None, Some("USD")), "not set");
        let field = |value: &str| MultiField {
            id: None,
            value: value.into(),
            value_type: "WORK".into(),
        };
        assert_eq!(
            phones(&[field("8 (900) 123-45-67"), field("ext. 12")]),
            ["+79001234567", "ext. 12"]
        );
    }

    #[test]
    fn bbcode_tags_go_and_their_text_and_other_brackets_stay() {
        assert_eq!(
            without_bbcode(
                "[B]Demo[/B] for [USER=5]Anna[/USER], see [URL=https://x.io]x[/URL] [1]"
            ),
            "Demo for Anna, see x [1]"
        );
    }
}
