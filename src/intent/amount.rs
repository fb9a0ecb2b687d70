//! Amounts of money as people write them: `50000`, `50 000`, `50k`, `50 тыс`, `1.5m`,
//! `1,5 млн`, `$5,000`, `120 тыс руб`, with the currency before or after.

use std::fmt;
use std::sync::LazyLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

use super::vocab::VOCABULARY;

/// An amount, exact to the hundredth.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Amount {
    cents: i64,
}

impl Amount {
    pub fn from_cents(cents: i64) -> Self {
        Self { cents }
    }

    pub fn cents(self) -> i64 {
        self.cents
    }

    /// The amount as a JSON number: whole amounts as integers.
    pub fn to_json(self) -> serde_json::Value {
        if self.cents % 100 == 0 {
            serde_json::Value::from(self.cents / 100)
        } else {
            serde_json::Number::from_f64(self.cents as f64 / 100.0)
                .map(serde_json::Value::Number)
                .unwrap_or(serde_json::Value::Null)
        }
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{:02}", self.cents / 100, (self.cents % 100).abs())
    }
}

/// An amount and, when stated, its ISO 4217 currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Money {
    pub amount: Amount,
    pub currency: Option<String>,
}

static TRAILING: LazyLock<Regex> = LazyLock::new(|| {
    let currencies = VOCABULARY.currencies.alternation();
    let multipliers = VOCABULARY.multipliers.alternation();
    let number =
        r"\d{1,3}(?:[ \u00A0]\d{3})+(?:[.,]\d+)?|\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:[.,]\d+)?";
    Regex::new(&format!(
        r"(?i)(?:^|\s)(?P<pre>{currencies})?\s*(?P<num>{number})\s*(?:(?P<mult>{multipliers})\.?(?:\s|$))?\s*(?P<post>{currencies}|(?-i:[A-Z]{{3}}))?\s*$"
    ))
    .expect("the amount pattern compiles")
});

static WHOLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)^\s*(?:{})\s*$",
        TRAILING.as_str().trim_start_matches("(?i)")
    ))
    .expect("the amount pattern compiles")
});

/// Compiles the patterns now rather than in the first message with an amount.
pub(super) fn prepare() {
    LazyLock::force(&WHOLE);
}

/// Reads an amount at the end of a text: the money and the text before it.
pub fn take_trailing(text: &str) -> (Option<Money>, String) {
    let Some(caps) = TRAILING.captures(text) else {
        return (None, text.to_owned());
    };
    let Some(money) = read(&caps) else {
        return (None, text.to_owned());
    };
    let start = caps.get(0).expect("group 0 always matches").start();
    (Some(money), text[..start].trim_end().to_owned())
}

/// Reads a text that is only an amount (a form's answer).
pub fn parse(text: &str) -> Option<Money> {
    WHOLE.captures(text).and_then(|caps| read(&caps))
}

fn read(caps: &regex::Captures<'_>) -> Option<Money> {
    let number = caps.name("num")?.as_str();
    let mut cents = cents_of(number)?;
    if let Some(word) = caps.name("mult") {
        cents = cents.checked_mul(i64::from(VOCABULARY.multipliers.get(word.as_str())?))?;
    }
    let currency = [caps.name("pre"), caps.name("post")]
        .into_iter()
        .flatten()
        .find_map(|word| {
            let word = word.as_str();
            VOCABULARY.currencies.get(word).or_else(|| {
                (word.len() == 3 && word.bytes().all(|b| b.is_ascii_uppercase()))
                    .then(|| word.to_owned())
            })
        });
    Some(Money {
        amount: Amount { cents },
        currency,
    })
}

/// `50 000` → 5000000; `5,000` → 500000 (a comma before exactly three digits groups
/// thousands); `1,5` and `1.5` → 150.
fn cents_of(number: &str) -> Option<i64> {
    let compact: String = number.chars().filter(|c| !c.is_whitespace()).collect();
    let grouped = compact
        .split(',')
        .skip(1)
        .all(|group| group.len() == 3 && group.bytes().all(|b| b.is_ascii_digit()))
        && compact.contains(',');
    let plain = if grouped {
        compact.replace(',', "")
    } else {
        compact.replace(',', ".")
    };
    let (whole, fraction) = plain.split_once('.').unwrap_or((&plain, ""));
    let whole: i64 = whole.parse().ok()?;
    let mut fraction_cents = 0;
    for (index, digit) in fraction.bytes().take(2).enumerate() {
        fraction_cents += i64::from(digit - b'0') * if index == 0 { 10 } else { 1 };
    }
    whole.checked_mul(100)?.checked_add(fraction_cents)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn amount(text: &str) -> (Option<(serde_json::Value, Option<String>)>, String) {
        let (money, rest) = take_trailing(text);
        (money.map(|m| (m.amount.to_json(), m.currency)), rest)
    }

    #[test]
    fn every_written_form() {
        let cases: [(&str, serde_json::Value, Option<&str>); 14] = [
            ("Acme 50000", 50000.into(), None),
            ("Acme 50 000", 50000.into(), None),
            ("Acme 50k", 50000.into(), None),
            ("Acme 50K", 50000.into(), None),
            ("Ромашка 50к", 50000.into(), None),
            ("Ромашка 50 тыс", 50000.into(), None),
            ("Acme 1.5m", 1500000.into(), None),
            ("Ромашка 1,5 млн", 1500000.into(), None),
            ("Acme $5,000", 5000.into(), Some("USD")),
            ("Ромашка 120 тыс руб", 120000.into(), Some("RUB")),
            ("Acme 100 EUR", 100.into(), Some("EUR")),
            ("Acme 100 GBP", 100.into(), Some("GBP")),
            ("Acme 99.5", serde_json::json!(99.5), None),
            ("Acme 5000 ₸", 5000.into(), Some("KZT")),
        ];
        for (text, value, currency) in cases {
            let (money, rest) = amount(text);
            assert_eq!(money, Some((value, currency.map(String::from))), "{text}");
            assert!(rest == "Acme" || rest == "Ромашка", "{text}: {rest}");
        }
    }

    #[test]
    fn text_without_an_amount() {
        assert_eq!(amount("Acme Corp"), (None, "Acme Corp".to_owned()));
        assert_eq!(amount("Acme 500 pcs"), (None, "Acme 500 pcs".to_owned()));
        assert_eq!(
            parse("50 000 руб").map(|m| m.amount.cents()),
            Some(5_000_000)
        );
        assert_eq!(parse("fifty"), None);
    }
}
