//! Numbers and money as each language writes them: `50,000` and `$1,500.50` in English,
//! `50 000` and `1 500,50 €` in Russian.
//!
//! Russian groups digits with a no-break space (U+00A0) and puts it between the amount and the
//! currency too, so a chat never wraps a number across two lines.

use super::catalog::Tr;
use crate::intent::Lang;

const NBSP: char = '\u{a0}';

impl Tr {
    /// A whole number with the language's grouping (`50,000`, `50 000`).
    pub fn number(self, n: i64) -> String {
        number(self.lang(), n)
    }

    /// Hundredths without a currency (`50,000.50`, `50 000,50`).
    pub fn amount(self, cents: i64) -> String {
        amount(self.lang(), cents)
    }

    /// Hundredths of an ISO 4217 currency (`$50,000`, `50 000 ₽`).
    pub fn money(self, cents: i64, currency: &str) -> String {
        money(self.lang(), cents, currency)
    }
}

struct Style {
    group: char,
    decimal: char,
}

fn style(lang: Lang) -> Style {
    match lang {
        Lang::En => Style {
            group: ',',
            decimal: '.',
        },
        Lang::Ru => Style {
            group: NBSP,
            decimal: ',',
        },
    }
}

/// A whole number with the language's digit grouping: `50,000`, `50 000`.
pub fn number(lang: Lang, n: i64) -> String {
    let mut text = String::new();
    if n < 0 {
        text.push('-');
    }
    push_grouped(&mut text, n.unsigned_abs(), style(lang).group);
    text
}

/// An amount given in hundredths of `currency` (ISO 4217): `$50,000`, `€1,500.50`,
/// `50 000 ₽`, `1 500,50 €`. Whole amounts have no `.00`. A currency without a well-known sign
/// is written as its code (`CHF 1,200`, `1 200 CHF`).
pub fn money(lang: Lang, cents: i64, currency: &str) -> String {
    let written = amount(lang, cents);
    let amount = written.trim_start_matches('-');
    let sign = if cents < 0 { "-" } else { "" };
    let code = currency.trim().to_ascii_uppercase();
    match (lang, symbol(&code)) {
        (Lang::En, Some(symbol)) => format!("{sign}{symbol}{amount}"),
        (Lang::En, None) => format!("{sign}{code}{NBSP}{amount}"),
        (Lang::Ru, symbol) => format!("{sign}{amount}{NBSP}{}", symbol.unwrap_or(&code)),
    }
}

/// Hundredths as a number without a currency: `50,000`, `1 500,50`; no `.00`.
pub fn amount(lang: Lang, cents: i64) -> String {
    let style = style(lang);
    let mut amount = String::new();
    if cents < 0 {
        amount.push('-');
    }
    push_grouped(&mut amount, cents.unsigned_abs() / 100, style.group);
    let hundredths = cents.unsigned_abs() % 100;
    if hundredths != 0 {
        amount.push(style.decimal);
        amount.push_str(&format!("{hundredths:02}"));
    }
    amount
}

fn symbol(code: &str) -> Option<&'static str> {
    Some(match code {
        "RUB" => "₽",
        "USD" => "$",
        "EUR" => "€",
        "GBP" => "£",
        "KZT" => "₸",
        "UAH" => "₴",
        _ => return None,
    })
}

fn push_grouped(text: &mut String, n: u64, group: char) {
    let digits = n.to_string();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            text.push(group);
        }
        text.push(digit);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_grouped_by_thousands() {
        let table = [
            (0, "0", "0"),
            (7, "7", "7"),
            (999, "999", "999"),
            (1000, "1,000", "1\u{a0}000"),
            (50_000, "50,000", "50\u{a0}000"),
            (1_234_567, "1,234,567", "1\u{a0}234\u{a0}567"),
            (-1500, "-1,500", "-1\u{a0}500"),
            (
                i64::MIN,
                "-9,223,372,036,854,775,808",
                "-9\u{a0}223\u{a0}372\u{a0}036\u{a0}854\u{a0}775\u{a0}808",
            ),
        ];
        for (n, en, ru) in table {
            assert_eq!(number(Lang::En, n), en, "{n} in English");
            assert_eq!(number(Lang::Ru, n), ru, "{n} in Russian");
        }
    }

    #[test]
    fn money_puts_the_sign_where_each_language_does() {
        let table = [
            (5_000_000, "RUB", "₽50,000", "50\u{a0}000\u{a0}₽"),
            (5_000_000, "USD", "$50,000", "50\u{a0}000\u{a0}$"),
            (150_050, "EUR", "€1,500.50", "1\u{a0}500,50\u{a0}€"),
            (2_000, "GBP", "£20", "20\u{a0}£"),
            (10_000_005, "KZT", "₸100,000.05", "100\u{a0}000,05\u{a0}₸"),
            (99, "UAH", "₴0.99", "0,99\u{a0}₴"),
            (120_000, "CHF", "CHF\u{a0}1,200", "1\u{a0}200\u{a0}CHF"),
            (120_000, "chf", "CHF\u{a0}1,200", "1\u{a0}200\u{a0}CHF"),
            (-150_000, "USD", "-$1,500", "-1\u{a0}500\u{a0}$"),
            (0, "RUB", "₽0", "0\u{a0}₽"),
        ];
        for (cents, currency, en, ru) in table {
            assert_eq!(money(Lang::En, cents, currency), en, "{cents} {currency}");
            assert_eq!(money(Lang::Ru, cents, currency), ru, "{cents} {currency}");
        }
    }
}
