//! How handlers write the values their cards and lists show.

use crate::b24::model::{Contact, MultiField};
use crate::i18n::Tr;
use crate::intent::phone;
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
}
