//! Phone numbers and e-mail addresses in what people type.

use std::sync::LazyLock;

use regex::Regex;

/// A phone as typed: an optional `+`, then digits with spaces, brackets, dots or dashes.
static PHONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|\s)(\+?[\d(][\d\s().\-]{5,}\d)(?:$|[\s,;])")
        .expect("the phone pattern compiles")
});

static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[\s,;<(])([\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+)(?:$|[\s,;>)])")
        .expect("the e-mail pattern compiles")
});

/// Compiles the patterns now rather than in the first message with a phone or an e-mail.
pub(super) fn prepare() {
    LazyLock::force(&PHONE);
    LazyLock::force(&EMAIL);
}

/// `+` and digits: separators go; an 11-digit number starting with 8 or 7 becomes `+7…`.
/// `None` when there are too few digits to be a phone.
pub fn normalise(text: &str) -> Option<String> {
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    if !(7..=15).contains(&digits.len()) {
        return None;
    }
    let international = text.trim_start().starts_with('+');
    if !international && digits.len() == 11 && (digits.starts_with('8') || digits.starts_with('7'))
    {
        return Some(format!("+7{}", &digits[1..]));
    }
    Some(format!("+{digits}"))
}

/// Whether the whole text is a phone number.
pub fn is_phone(text: &str) -> bool {
    let text = text.trim();
    PHONE
        .captures(text)
        .and_then(|caps| caps.get(1))
        .is_some_and(|m| m.start() == 0 && m.end() == text.len())
        && normalise(text).is_some()
}

pub fn is_email(text: &str) -> bool {
    let text = text.trim();
    EMAIL
        .captures(text)
        .and_then(|caps| caps.get(1))
        .is_some_and(|m| m.start() == 0 && m.end() == text.len())
}

/// Takes the first phone out of a text: the normalised phone and the text without it.
pub fn take_phone(text: &str) -> (Option<String>, String) {
    take(&PHONE, text, normalise)
}

/// Takes the first e-mail address out of a text.
pub fn take_email(text: &str) -> (Option<String>, String) {
    take(&EMAIL, text, |email| Some(email.to_owned()))
}

fn take(
    regex: &Regex,
    text: &str,
    read: impl Fn(&str) -> Option<String>,
) -> (Option<String>, String) {
    for caps in regex.captures_iter(text) {
        let found = caps.get(1).expect("the pattern has one group");
        if let Some(value) = read(found.as_str()) {
            let rest = format!("{} {}", &text[..found.start()], &text[found.end()..]);
            return (Some(value), super::text::squeeze(&rest));
        }
    }
    (None, text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_spelling_of_a_number() {
        for text in [
            "+7 (900) 123-45-67",
            "8 900 123 45 67",
            "89001234567",
            "7-900-123-45-67",
            "+7.900.123.45.67",
        ] {
            assert_eq!(normalise(text).as_deref(), Some("+79001234567"), "{text}");
            assert!(is_phone(text), "{text}");
        }
        assert_eq!(
            normalise("+49 170 1234567").as_deref(),
            Some("+491701234567")
        );
        assert_eq!(normalise("12-34"), None);
        assert!(!is_phone("Ivanov 2"));
        assert!(!is_phone("2026"));
    }

    #[test]
    fn phones_and_addresses_are_taken_out_of_text() {
        assert_eq!(
            take_phone("Ivan Petrov +79001234567"),
            (Some("+79001234567".into()), "Ivan Petrov".into())
        );
        assert_eq!(
            take_email("Иван Петров ivan@mail.ru"),
            (Some("ivan@mail.ru".into()), "Иван Петров".into())
        );
        assert!(is_email("anna.smith+crm@example.co.uk"));
        assert!(!is_email("anna@"));
    }
}
