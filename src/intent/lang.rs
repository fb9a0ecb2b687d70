//! The two languages the bot speaks, and how a message's language is told.

use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    En,
    Ru,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Ru];

    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ru => "ru",
        }
    }

    /// Russian when the text has a Cyrillic letter, else English.
    pub fn detect(text: &str) -> Lang {
        if text.chars().any(is_cyrillic) {
            Lang::Ru
        } else {
            Lang::En
        }
    }

    /// This language first, then the others.
    pub fn with_fallbacks(self) -> impl Iterator<Item = Lang> {
        std::iter::once(self).chain(Lang::ALL.into_iter().filter(move |lang| *lang != self))
    }
}

fn is_cyrillic(c: char) -> bool {
    matches!(c, '\u{0400}'..='\u{04FF}' | '\u{0500}'..='\u{052F}')
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Lang {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.trim().to_ascii_lowercase().as_str() {
            "en" => Ok(Lang::En),
            "ru" => Ok(Lang::Ru),
            other => Err(format!("unknown language {other:?}; expected en or ru")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Lang;

    #[test]
    fn cyrillic_means_russian() {
        assert_eq!(Lang::detect("мои сделки"), Lang::Ru);
        assert_eq!(Lang::detect("/deal new Ромашка 5000"), Lang::Ru);
        assert_eq!(Lang::detect("my deals"), Lang::En);
        assert_eq!(Lang::detect("12345 !?"), Lang::En);
        assert_eq!(
            Lang::Ru.with_fallbacks().collect::<Vec<_>>(),
            [Lang::Ru, Lang::En]
        );
    }
}
