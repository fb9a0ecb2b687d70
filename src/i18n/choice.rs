//! Which language to answer in. The strongest signal wins: what the user chose with `/lang`,
//! then the language the message is written in, then what the channel knows about the user
//! (Telegram's `language_code`, the portal user's language), then the bot's default
//! (`BOT_LANG`).

use crate::intent::Lang;

/// What is known about a user's language when a message arrives.
#[derive(Debug, Clone, Copy)]
pub struct LangSignals<'a> {
    /// The user's own choice (`/lang`), remembered with their link.
    pub chosen: Option<Lang>,
    /// The message being answered.
    pub text: &'a str,
    /// Language tags the channel reports, strongest first: `ru`, `ru-RU`, `en_GB`, `uk`.
    pub hints: &'a [&'a str],
    /// The bot's configured language.
    pub default: Lang,
}

/// The language of the reply.
pub fn reply_lang(signals: &LangSignals<'_>) -> Lang {
    signals
        .chosen
        .or_else(|| written_in(signals.text))
        .or_else(|| signals.hints.iter().find_map(|tag| from_tag(tag)))
        .unwrap_or(signals.default)
}

/// The language a message is written in, if its words say so.
///
/// A leading `/command`, `@mentions`, links, e-mail addresses and anything with a digit in it
/// are no evidence (`/deal 123` could come from anyone). Cyrillic wins over Latin, because
/// Russian text routinely carries Latin company names (`сделка Acme`) and the reverse is rare.
/// A lone Latin letter is not an English word (`50 k`).
pub fn written_in(text: &str) -> Option<Lang> {
    let mut english = false;
    for (i, word) in text.split_whitespace().enumerate() {
        let ignored = (i == 0 && word.starts_with('/'))
            || word.contains('@')
            || word.contains("://")
            || word.starts_with("www.")
            || word.chars().any(|c| c.is_ascii_digit());
        if ignored {
            continue;
        }
        if Lang::detect(word) == Lang::Ru {
            return Some(Lang::Ru);
        }
        english |= word.chars().filter(char::is_ascii_alphabetic).count() >= 2;
    }
    english.then_some(Lang::En)
}

/// A language we speak from a BCP 47-ish tag (`ru`, `ru-RU`, `en_GB`, `EN`). A language we do
/// not speak (`uk`, `de`) says nothing: guessing a neighbouring language would be presumptuous,
/// and the bot's default is the administrator's informed choice.
pub fn from_tag(tag: &str) -> Option<Lang> {
    let primary = tag.trim().split(['-', '_']).next()?;
    primary.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signals<'a>(text: &'a str, hints: &'a [&'a str]) -> LangSignals<'a> {
        LangSignals {
            chosen: None,
            text,
            hints,
            default: Lang::En,
        }
    }

    #[test]
    fn the_users_choice_beats_everything() {
        let chosen = LangSignals {
            chosen: Some(Lang::En),
            ..signals("мои сделки", &["ru"])
        };
        assert_eq!(reply_lang(&chosen), Lang::En);
    }

    #[test]
    fn the_message_beats_the_channel() {
        assert_eq!(reply_lang(&signals("мои сделки", &["en-US"])), Lang::Ru);
        assert_eq!(reply_lang(&signals("my deals", &["ru"])), Lang::En);
    }

    #[test]
    fn a_message_without_words_defers_to_the_channel() {
        assert_eq!(reply_lang(&signals("/deal 123", &["ru-RU"])), Lang::Ru);
        assert_eq!(reply_lang(&signals("/deals", &["en_GB"])), Lang::En);
        assert_eq!(reply_lang(&signals("👍", &["uk", "ru"])), Lang::Ru);
    }

    #[test]
    fn nothing_known_means_the_default() {
        let nothing = LangSignals {
            default: Lang::Ru,
            ..signals("/deal 123", &["uk", "de"])
        };
        assert_eq!(reply_lang(&nothing), Lang::Ru);
        assert_eq!(reply_lang(&signals("", &[])), Lang::En);
    }

    #[test]
    fn words_tell_the_language_and_the_rest_does_not() {
        let table = [
            ("мои сделки", Some(Lang::Ru)),
            ("сделка Acme 50k", Some(Lang::Ru)),
            ("Acme сделка", Some(Lang::Ru)),
            ("/deal new Ромашка 5000", Some(Lang::Ru)),
            ("/deal new Acme 50000", Some(Lang::En)),
            ("my deals", Some(Lang::En)),
            ("/deal 123", None),
            ("/сделки", None),
            ("/deals@b24bot", None),
            ("@anna 15:00", None),
            ("https://portal.example.com/crm/deal/details/5/", None),
            ("ivan@example.com +7 900 123-45-67", None),
            ("50 k", None),
            ("50k 3d", None),
            ("?!", None),
            ("", None),
        ];
        for (text, lang) in table {
            assert_eq!(written_in(text), lang, "{text:?}");
        }
    }

    #[test]
    fn tags_name_only_the_languages_we_speak() {
        let table = [
            ("ru", Some(Lang::Ru)),
            ("ru-RU", Some(Lang::Ru)),
            ("RU", Some(Lang::Ru)),
            ("en", Some(Lang::En)),
            ("en-GB", Some(Lang::En)),
            ("en_US", Some(Lang::En)),
            ("uk", None),
            ("ua", None),
            ("de", None),
            ("", None),
        ];
        for (tag, lang) in table {
            assert_eq!(from_tag(tag), lang, "{tag:?}");
        }
    }
}
