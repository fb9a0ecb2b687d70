//! The Fluent messages of `locales/<lang>/*.ftl`, compiled into the binary, and [`Tr`], the
//! translator a handler holds for the language of its reply.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::str::FromStr;
use std::sync::{LazyLock, Mutex};

use fluent_templates::LanguageIdentifier;
use fluent_templates::fluent_bundle::FluentValue;

use super::numbers;
use crate::intent::Lang;

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        customise: |bundle| {
            // Chats show the isolation marks (U+2068/U+2069) around each argument as boxes.
            bundle.set_use_isolating(false);
            // A folder for a language the code does not know yet writes numbers as English does.
            let lang = bundle
                .locales
                .first()
                .and_then(|id| Lang::from_str(id.language.as_str()).ok())
                .unwrap_or(Lang::En);
            bundle.set_formatter(Some(match lang {
                Lang::En => whole_numbers_en,
                Lang::Ru => whole_numbers_ru,
            }));
        },
    };
}

/// The language every message exists in; `static_loader!` needs it spelled as a literal above.
const FALLBACK: Lang = Lang::En;

// Fluent writes numbers as Rust does (`1500`); counts in sentences should read like the
// language's own numbers (`1,500`, `1 500`). Fractions keep Fluent's own formatting.
fn whole_numbers_en<M>(value: &FluentValue, _: &M) -> Option<String> {
    whole_number(value).map(|n| numbers::number(Lang::En, n))
}

fn whole_numbers_ru<M>(value: &FluentValue, _: &M) -> Option<String> {
    whole_number(value).map(|n| numbers::number(Lang::Ru, n))
}

fn whole_number(value: &FluentValue) -> Option<i64> {
    // Past 2^53 an f64 no longer holds every integer, so its digits would be made up.
    const EXACT: f64 = 9_007_199_254_740_992.0;
    match value {
        FluentValue::Number(number)
            if number.value.fract() == 0.0 && number.value.abs() < EXACT =>
        {
            Some(number.value as i64)
        }
        _ => None,
    }
}

/// A value for a message's `$variable`.
///
/// Text is inserted as it is. A count is a number: it picks the plural form (`[one]`, `[few]`,
/// `[many]`) and is written with the language's digit grouping. An id is written digit for digit
/// (`#12345`, never `#12,345`).
#[derive(Debug, Clone, PartialEq)]
pub struct Arg<'a>(FluentValue<'a>);

impl<'a> Arg<'a> {
    pub fn text(text: impl Into<Cow<'a, str>>) -> Self {
        Arg(FluentValue::String(text.into()))
    }

    /// Any integer type (`deals.len()`, an `i64`); one too large for `i64` reads as `i64::MAX`.
    pub fn count(count: impl TryInto<i64>) -> Self {
        Arg(FluentValue::from(count.try_into().unwrap_or(i64::MAX)))
    }

    pub fn id(id: u64) -> Self {
        Arg(FluentValue::String(id.to_string().into()))
    }
}

impl<'a> From<&'a str> for Arg<'a> {
    fn from(text: &'a str) -> Self {
        Arg::text(text)
    }
}

impl<'a> From<&'a String> for Arg<'a> {
    fn from(text: &'a String) -> Self {
        Arg::text(text.as_str())
    }
}

impl From<String> for Arg<'_> {
    fn from(text: String) -> Self {
        Arg::text(text)
    }
}

/// Looks up messages in one language. Cheap to copy; holds no state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tr {
    lang: Lang,
}

impl Tr {
    pub fn new(lang: Lang) -> Self {
        Tr { lang }
    }

    pub fn lang(self) -> Lang {
        self.lang
    }

    /// The message `key` with its variables filled in.
    ///
    /// Never panics: a message this language cannot say (no such key, or a variable not passed)
    /// comes from English, and one that English cannot say either gives the key itself. Either is
    /// logged once per key and language, so a gap shows up in the logs without flooding them.
    pub fn t(self, key: &str, args: &[(&str, Arg<'_>)]) -> String {
        let args: HashMap<&str, FluentValue<'_>> = args
            .iter()
            .map(|(name, arg)| (*name, arg.0.clone()))
            .collect();
        let mut problem = None;
        let fallback = (self.lang != FALLBACK).then_some(FALLBACK);
        for lang in std::iter::once(self.lang).chain(fallback) {
            match LOCALES.lookup_single_language(langid(lang), key, Some(&args)) {
                Ok(text) => {
                    if let Some(problem) = problem {
                        report_once(self.lang, key, problem);
                    }
                    return text;
                }
                Err(error) => {
                    problem.get_or_insert(error.to_string());
                }
            }
        }
        report_once(self.lang, key, problem.unwrap_or_default());
        key.to_owned()
    }
}

/// `tr!(t, "deal-created", title = deal.title.as_str(), id = Arg::id(deal.id))`: [`Tr::t`]
/// with the variables written as `name = value` (anything that converts into an [`Arg`]).
#[macro_export]
macro_rules! tr {
    ($tr:expr, $key:expr $(, $name:ident = $value:expr)* $(,)?) => {
        $tr.t(
            $key,
            &[$((stringify!($name), $crate::i18n::Arg::from($value))),*],
        )
    };
}

/// Parses the compiled-in .ftl files into their bundles, which otherwise happens inside the
/// first reply. Call it once before taking messages; lookups are the same without it.
pub fn prepare() {
    use fluent_templates::Loader;
    // Listing the languages builds every bundle.
    LOCALES.locales().for_each(drop);
}

fn langid(lang: Lang) -> &'static LanguageIdentifier {
    static EN: LanguageIdentifier = fluent_templates::langid!("en");
    static RU: LanguageIdentifier = fluent_templates::langid!("ru");
    match lang {
        Lang::En => &EN,
        Lang::Ru => &RU,
    }
}

fn report_once(lang: Lang, key: &str, problem: String) {
    static REPORTED: LazyLock<Mutex<HashSet<(Lang, String)>>> = LazyLock::new(Mutex::default);
    let first = REPORTED
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .insert((lang, key.to_owned()));
    if first {
        tracing::warn!(%lang, key, %problem, "a message could not be said in this language");
    }
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};
    use std::path::Path;
    use std::sync::LazyLock;

    use fluent_templates::fluent_bundle::FluentResource;
    use regex::Regex;

    use super::*;

    /// Each message of a language and the variables it uses, read from the .ftl files
    /// themselves, so a file nobody loads in a test is still checked.
    fn messages(lang: Lang) -> BTreeMap<String, BTreeSet<String>> {
        static ID: LazyLock<Regex> =
            LazyLock::new(|| Regex::new(r"^([a-zA-Z][a-zA-Z0-9_-]*)\s*=").expect("valid"));
        static VARIABLE: LazyLock<Regex> =
            LazyLock::new(|| Regex::new(r"\$([a-zA-Z][a-zA-Z0-9_-]*)").expect("valid"));
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("locales")
            .join(lang.code());
        let mut messages = BTreeMap::new();
        for entry in std::fs::read_dir(&dir).expect("the locale folder exists") {
            let path = entry.expect("readable folder").path();
            if path.extension().is_none_or(|ext| ext != "ftl") {
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("readable .ftl file");
            if let Err((_, errors)) = FluentResource::try_new(text.clone()) {
                panic!("{} does not parse: {errors:?}", path.display());
            }
            let mut current: Option<String> = None;
            for line in text.lines() {
                if let Some(id) = ID.captures(line) {
                    let id = id[1].to_owned();
                    let fresh = messages.insert(id.clone(), BTreeSet::new()).is_none();
                    assert!(fresh, "{id} is defined twice in {lang}");
                    current = Some(id);
                } else if line.trim().is_empty() || line.starts_with('#') {
                    current = None;
                    continue;
                }
                if let Some(id) = &current {
                    let variables = messages.get_mut(id).expect("inserted above");
                    variables.extend(VARIABLE.captures_iter(line).map(|c| c[1].to_owned()));
                }
            }
        }
        messages
    }

    #[test]
    fn every_message_exists_in_every_language_with_the_same_variables() {
        let english = messages(Lang::En);
        assert!(!english.is_empty(), "the .ftl files were found and read");
        for lang in Lang::ALL {
            let other = messages(lang);
            let missing: Vec<_> = english.keys().filter(|k| !other.contains_key(*k)).collect();
            let extra: Vec<_> = other.keys().filter(|k| !english.contains_key(*k)).collect();
            assert!(missing.is_empty(), "{lang} lacks {missing:?}");
            assert!(extra.is_empty(), "only {lang} has {extra:?}");
            for (key, variables) in &english {
                assert_eq!(&other[key], variables, "the variables of {key} in {lang}");
            }
        }
    }

    #[test]
    fn every_message_formats_cleanly_given_its_variables() {
        for lang in Lang::ALL {
            for (key, variables) in messages(lang) {
                for count in [0, 1, 2, 5, 21, 1500] {
                    let args: HashMap<&str, FluentValue> = variables
                        .iter()
                        .map(|name| (name.as_str(), FluentValue::from(count)))
                        .collect();
                    let text = LOCALES
                        .lookup_single_language(langid(lang), &key, Some(&args))
                        .unwrap_or_else(|error| panic!("{key} in {lang}: {error}"));
                    assert!(!text.trim().is_empty(), "{key} in {lang} is empty");
                    assert!(
                        !text.contains(['\u{2068}', '\u{2069}']),
                        "{key} in {lang} has isolation marks: {text:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn a_missing_message_gives_its_key_and_does_not_panic() {
        for lang in Lang::ALL {
            let tr = Tr::new(lang);
            assert_eq!(tr.t("no-such-message", &[]), "no-such-message");
            assert_eq!(tr.t("no-such-message", &[]), "no-such-message");
        }
    }

    #[test]
    fn a_missing_variable_gives_the_key_rather_than_half_a_sentence() {
        assert_eq!(Tr::new(Lang::Ru).t("deal-created", &[]), "deal-created");
    }

    #[test]
    fn whole_numbers_are_grouped_and_fractions_left_alone() {
        assert_eq!(whole_number(&FluentValue::from(1500)), Some(1500));
        assert_eq!(whole_number(&FluentValue::from(-3)), Some(-3));
        assert_eq!(whole_number(&FluentValue::from(1.5)), None);
        assert_eq!(whole_number(&FluentValue::from("1500")), None);
    }
}
