use std::fmt;

/// An amount of money in hundredths, exact: legacy CRM sends `"50000.00"`, `crm.item.*` sends
/// numbers, and sums must not drift through floating point.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Money {
    cents: i64,
}

impl Money {
    pub fn from_cents(cents: i64) -> Self {
        Self { cents }
    }

    pub fn cents(self) -> i64 {
        self.cents
    }

    /// Reads `"50000"`, `"50000.5"`, `"50000.00"`, `"-3.10"`; more than two decimals are rounded.
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        if text.is_empty() {
            return None;
        }
        let (negative, digits) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
        if whole.is_empty() && fraction.is_empty()
            || !whole.bytes().all(|b| b.is_ascii_digit())
            || !fraction.bytes().all(|b| b.is_ascii_digit())
        {
            return None;
        }
        let whole: i64 = if whole.is_empty() {
            0
        } else {
            whole.parse().ok()?
        };
        let mut hundredths = 0i64;
        for (position, digit) in fraction.bytes().take(2).enumerate() {
            hundredths += i64::from(digit - b'0') * if position == 0 { 10 } else { 1 };
        }
        if fraction.as_bytes().get(2).is_some_and(|d| *d >= b'5') {
            hundredths += 1;
        }
        let cents = whole.checked_mul(100)?.checked_add(hundredths)?;
        Some(Self {
            cents: if negative { -cents } else { cents },
        })
    }

    pub fn from_f64(amount: f64) -> Self {
        Self {
            cents: (amount * 100.0).round() as i64,
        }
    }

    /// The amount as the portal writes it, `"50000.00"`.
    pub fn to_wire(self) -> String {
        self.to_string()
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.cents < 0 { "-" } else { "" };
        let cents = self.cents.unsigned_abs();
        write!(f, "{sign}{}.{:02}", cents / 100, cents % 100)
    }
}

#[cfg(test)]
mod tests {
    use super::Money;

    #[test]
    fn parses_the_wire_forms() {
        assert_eq!(Money::parse("50000.00"), Some(Money::from_cents(5_000_000)));
        assert_eq!(Money::parse("50000"), Some(Money::from_cents(5_000_000)));
        assert_eq!(Money::parse("0.5"), Some(Money::from_cents(50)));
        assert_eq!(Money::parse("-3.10"), Some(Money::from_cents(-310)));
        assert_eq!(Money::parse("1.005"), Some(Money::from_cents(101)));
        assert_eq!(Money::parse(""), None);
        assert_eq!(Money::parse("12a"), None);
        assert_eq!(Money::parse("."), None);
        assert_eq!(Money::from_f64(19000.0).to_wire(), "19000.00");
        assert_eq!(Money::from_cents(-5).to_string(), "-0.05");
    }
}
