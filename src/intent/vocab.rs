//! The per-language data the parser understands with: phrases per intent and the words for
//! stages, periods, currencies, dates and times. It lives in `locales/<lang>/intents.toml`, so a
//! translator extends it without touching code; it is read and compiled once.

use std::collections::{BTreeMap, HashMap};
use std::sync::LazyLock;

use jiff::civil::Weekday;
use regex::Regex;
use serde::Deserialize;

use super::lang::Lang;
use super::record::{self, RecordKind};
use super::topic::Topic;

const SOURCES: [(Lang, &str); 2] = [
    (Lang::En, include_str!("../../locales/en/intents.toml")),
    (Lang::Ru, include_str!("../../locales/ru/intents.toml")),
];

/// One `intents.toml`, as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LocaleFile {
    phrases: BTreeMap<String, Vec<String>>,
    stages: BTreeMap<String, Vec<String>>,
    scopes: BTreeMap<String, Vec<String>>,
    periods: BTreeMap<String, Vec<String>>,
    languages: BTreeMap<String, Vec<String>>,
    currencies: BTreeMap<String, Vec<String>>,
    multipliers: Multipliers,
    connectors: Connectors,
    when: WhenFile,
    weekdays: BTreeMap<String, Vec<String>>,
    months: BTreeMap<String, Vec<String>>,
    politeness: Politeness,
    topics: BTreeMap<String, Vec<String>>,
    records: BTreeMap<String, Vec<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Multipliers {
    thousand: Vec<String>,
    million: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Connectors {
    pub before_amount: Vec<String>,
    pub before_title: Vec<String>,
    /// Prepositions before a record ("of deal 12", "по сделке 12"): dropped.
    pub before_record: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WhenFile {
    pub today: Vec<String>,
    pub tomorrow: Vec<String>,
    pub day_after_tomorrow: Vec<String>,
    pub on: Vec<String>,
    pub at: Vec<String>,
    #[serde(rename = "in")]
    pub within: Vec<String>,
    pub from: Vec<String>,
    pub to: Vec<String>,
    pub hours: Vec<String>,
    pub minutes: Vec<String>,
    pub days: Vec<String>,
    pub weeks: Vec<String>,
    pub am: Vec<String>,
    pub pm: Vec<String>,
    pub hour_words: Vec<String>,
    /// Words that stand for a number of hours or minutes on their own ("half an hour").
    #[serde(default)]
    pub half_hour: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Politeness {
    prefixes: Vec<String>,
    suffixes: Vec<String>,
}

/// A phrase compiled for matching.
#[derive(Debug)]
pub struct Phrase {
    pub intent: String,
    pub regex: Regex,
}

/// Words mapped to what they mean, looked up ignoring case and surrounding spaces.
#[derive(Debug)]
pub struct Words<T> {
    map: HashMap<String, T>,
}

impl<T> Default for Words<T> {
    fn default() -> Self {
        Self {
            map: HashMap::new(),
        }
    }
}

impl<T: Clone> Words<T> {
    fn insert(&mut self, word: &str, meaning: T) {
        self.map.insert(normalise(word), meaning);
    }

    pub fn get(&self, word: &str) -> Option<T> {
        self.map.get(&normalise(word)).cloned()
    }

    /// Every word, longest first, escaped for a regex alternation.
    pub fn alternation(&self) -> String {
        alternation(self.map.keys())
    }
}

fn normalise(word: &str) -> String {
    word.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
        .replace('ё', "е")
}

/// `a|b|c` of escaped words, longest first so that "in progress" wins over "in". A space in a
/// word matches any run of spaces.
pub fn alternation<'a>(words: impl IntoIterator<Item = &'a String>) -> String {
    let mut words: Vec<&String> = words.into_iter().collect();
    words.sort_by(|a, b| b.chars().count().cmp(&a.chars().count()).then(a.cmp(b)));
    words.dedup();
    words
        .iter()
        .map(|word| regex::escape(word).replace(' ', r"\s+"))
        .collect::<Vec<_>>()
        .join("|")
}

/// Everything the parser knows, for every language.
#[derive(Debug)]
pub struct Vocabulary {
    phrases: Vec<(Lang, Vec<Phrase>)>,
    pub stages: Words<String>,
    pub scopes: Words<String>,
    pub periods: Words<String>,
    pub languages: Words<Lang>,
    pub currencies: Words<String>,
    pub multipliers: Words<u32>,
    pub weekdays: Words<Weekday>,
    pub months: Words<i8>,
    pub when: WhenFile,
    pub connectors: Connectors,
    pub polite_prefixes: Vec<String>,
    pub polite_suffixes: Vec<String>,
    pub topics: Words<Topic>,
    pub records: Words<RecordKind>,
}

impl Vocabulary {
    pub fn phrases(&self, lang: Lang) -> &[Phrase] {
        self.phrases
            .iter()
            .find(|(l, _)| *l == lang)
            .map(|(_, phrases)| phrases.as_slice())
            .unwrap_or_default()
    }

    fn load() -> Result<Self, String> {
        let mut vocabulary = Vocabulary {
            phrases: Vec::new(),
            stages: Words::default(),
            scopes: Words::default(),
            periods: Words::default(),
            languages: Words::default(),
            currencies: Words::default(),
            multipliers: Words::default(),
            weekdays: Words::default(),
            months: Words::default(),
            when: WhenFile::default(),
            connectors: Connectors::default(),
            polite_prefixes: Vec::new(),
            polite_suffixes: Vec::new(),
            topics: Words::default(),
            records: Words::default(),
        };
        let mut files = Vec::new();
        for (lang, source) in SOURCES {
            let file: LocaleFile = toml::from_str(source)
                .map_err(|error| format!("locales/{lang}/intents.toml: {error}"))?;
            vocabulary.absorb(lang, &file)?;
            files.push((lang, file));
        }
        for (lang, file) in files {
            let mut phrases = Vec::new();
            for (intent, patterns) in &file.phrases {
                for pattern in patterns {
                    let regex = vocabulary.compile(pattern).map_err(|error| {
                        format!("locales/{lang}/intents.toml, {intent} {pattern:?}: {error}")
                    })?;
                    phrases.push(Phrase {
                        intent: intent.clone(),
                        regex,
                    });
                }
            }
            vocabulary.phrases.push((lang, phrases));
        }
        Ok(vocabulary)
    }

    /// Word lists of every language are merged: a Russian stage name in an English sentence
    /// still names the stage.
    fn absorb(&mut self, lang: Lang, file: &LocaleFile) -> Result<(), String> {
        let where_ =
            |section: &str, key: &str| format!("locales/{lang}/intents.toml [{section}] {key}");
        for (id, words) in &file.stages {
            for word in words {
                self.stages.insert(word, id.clone());
            }
            self.stages.insert(id, id.clone());
        }
        for (section, target, source) in [
            ("scopes", &mut self.scopes, &file.scopes),
            ("periods", &mut self.periods, &file.periods),
            ("currencies", &mut self.currencies, &file.currencies),
        ] {
            for (meaning, words) in source {
                if section == "currencies" && !is_currency_code(meaning) {
                    return Err(where_(section, meaning) + ": not an ISO 4217 code");
                }
                for word in words {
                    target.insert(word, meaning.clone());
                }
            }
        }
        for (code, words) in &file.languages {
            let language: Lang = code
                .parse()
                .map_err(|e: String| format!("{}: {e}", where_("languages", code)))?;
            for word in words {
                self.languages.insert(word, language);
            }
        }
        for (id, words) in &file.topics {
            let topic =
                Topic::from_id(id).ok_or_else(|| where_("topics", id) + ": not a help topic")?;
            self.topics.insert(id, topic);
            for word in words {
                self.topics.insert(word, topic);
            }
        }
        for (name, words) in &file.records {
            let kind = RecordKind::from_name(name)
                .ok_or_else(|| where_("records", name) + ": not a kind of CRM record")?;
            for word in words {
                self.records.insert(word, kind);
            }
        }
        for word in &file.multipliers.thousand {
            self.multipliers.insert(word, 1_000);
        }
        for word in &file.multipliers.million {
            self.multipliers.insert(word, 1_000_000);
        }
        for (name, words) in &file.weekdays {
            let day = weekday(name).ok_or_else(|| where_("weekdays", name) + ": not a weekday")?;
            for word in words {
                self.weekdays.insert(word, day);
            }
        }
        for (name, words) in &file.months {
            let month = month(name).ok_or_else(|| where_("months", name) + ": not a month")?;
            for word in words {
                self.months.insert(word, month);
            }
        }
        let when = &file.when;
        for (target, source) in [
            (&mut self.when.today, &when.today),
            (&mut self.when.tomorrow, &when.tomorrow),
            (&mut self.when.day_after_tomorrow, &when.day_after_tomorrow),
            (&mut self.when.on, &when.on),
            (&mut self.when.at, &when.at),
            (&mut self.when.within, &when.within),
            (&mut self.when.from, &when.from),
            (&mut self.when.to, &when.to),
            (&mut self.when.hours, &when.hours),
            (&mut self.when.minutes, &when.minutes),
            (&mut self.when.days, &when.days),
            (&mut self.when.weeks, &when.weeks),
            (&mut self.when.am, &when.am),
            (&mut self.when.pm, &when.pm),
            (&mut self.when.hour_words, &when.hour_words),
            (&mut self.when.half_hour, &when.half_hour),
        ] {
            target.extend(source.iter().map(|word| normalise(word)));
        }
        self.connectors
            .before_amount
            .extend(file.connectors.before_amount.iter().map(|w| normalise(w)));
        self.connectors
            .before_title
            .extend(file.connectors.before_title.iter().map(|w| normalise(w)));
        self.connectors
            .before_record
            .extend(file.connectors.before_record.iter().map(|w| normalise(w)));
        self.polite_prefixes
            .extend(file.politeness.prefixes.iter().map(|w| normalise(w)));
        self.polite_suffixes
            .extend(file.politeness.suffixes.iter().map(|w| normalise(w)));
        Ok(())
    }

    /// A phrase pattern as a whole-message, case-insensitive regex: spaces match any run of
    /// spaces, and `{stage}`, `{scope}`, `{period}`, `{lang}` stand for the words of those lists;
    /// `{record}` for a CRM record and its number (see [`record`]).
    fn compile(&self, pattern: &str) -> Result<Regex, regex::Error> {
        // " ?" is an optional space; any other space is a run of spaces.
        let mut expanded = pattern.replace(" ?", r"\s*").replace(' ', r"\s+");
        if expanded.contains("{record}") {
            expanded = expanded.replace("{record}", &record::pattern(&self.records.alternation()));
        }
        for (placeholder, words) in [
            ("{stage}", self.stages.alternation()),
            ("{scope}", self.scopes.alternation()),
            ("{period}", self.periods.alternation()),
            ("{lang}", self.languages.alternation()),
        ] {
            let name = &placeholder[1..placeholder.len() - 1];
            expanded = expanded.replace(placeholder, &format!("(?P<{name}>{words})"));
        }
        Regex::new(&format!(r"(?is)^(?:{expanded})$"))
    }
}

fn is_currency_code(code: &str) -> bool {
    code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase())
}

fn weekday(name: &str) -> Option<Weekday> {
    Some(match name {
        "monday" => Weekday::Monday,
        "tuesday" => Weekday::Tuesday,
        "wednesday" => Weekday::Wednesday,
        "thursday" => Weekday::Thursday,
        "friday" => Weekday::Friday,
        "saturday" => Weekday::Saturday,
        "sunday" => Weekday::Sunday,
        _ => return None,
    })
}

fn month(name: &str) -> Option<i8> {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    MONTHS
        .iter()
        .position(|month| *month == name)
        .map(|index| index as i8 + 1)
}

/// The vocabulary, read and compiled on first use. The files are part of the binary and a test
/// loads them, so a mistake in them fails the build's tests, not a user's message.
pub static VOCABULARY: LazyLock<Vocabulary> =
    LazyLock::new(|| Vocabulary::load().unwrap_or_else(|error| panic!("{error}")));

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_locale_files_load_and_compile() {
        let vocabulary = Vocabulary::load().unwrap();
        for lang in Lang::ALL {
            assert!(vocabulary.phrases(lang).len() > 50, "{lang}");
        }
        assert_eq!(vocabulary.stages.get("Выиграна"), Some("WON".into()));
        assert_eq!(
            vocabulary.stages.get("in  progress"),
            Some("EXECUTING".into())
        );
        assert_eq!(vocabulary.currencies.get("руб"), Some("RUB".into()));
        assert_eq!(vocabulary.weekdays.get("пятницу"), Some(Weekday::Friday));
        assert_eq!(vocabulary.months.get("декабря"), Some(12));
        assert_eq!(vocabulary.languages.get("по-русски"), Some(Lang::Ru));
    }

    #[test]
    fn alternations_put_longer_words_first() {
        let words = [
            "in".to_string(),
            "in progress".to_string(),
            "a.b".to_string(),
        ];
        assert_eq!(alternation(&words), r"in\s+progress|a\.b|in");
    }
}
