//! Which colleagues a name in a message means, with Russian names in any grammatical case
//! ("Анне", "с Марией", "Сергею"). Pure: the candidates come from the portal, the choice is
//! made here.
//!
//! Russian inflects names by their ending, so a word and a name match when they share the same
//! stem once a case ending is cut off. This is deliberately a small stemmer, not a morphology:
//! it recognises regular first names and surnames, and a name it cannot stem still matches
//! when spelled as written.

use super::model::User;

/// Case endings of Russian first names and surnames, longest first so that "-ой" is cut before
/// "-й".
const ENDINGS: [&str; 22] = [
    "ого", "ему", "ому", "ой", "ей", "ою", "ею", "ом", "ем", "ым", "им", "ую", "а", "я", "е", "у",
    "ю", "ы", "и", "о", "ь", "й",
];

/// Cutting an ending never leaves fewer letters than this: "Ия" stays "ия".
const MIN_STEM: usize = 2;

/// The letters that come and go at the end of a stem between cases ("Серге-я", "Серг-ей").
const ALTERNATING: &str = "аеиоуыэюя";

/// The word lower-cased and, if Cyrillic, without its case ending.
pub fn stem(word: &str) -> String {
    let word = word.trim().to_lowercase().replace('ё', "е");
    if !word.chars().any(|c| matches!(c, 'а'..='я')) {
        return word;
    }
    for ending in ENDINGS {
        if let Some(stem) = word.strip_suffix(ending)
            && stem.chars().count() >= MIN_STEM
        {
            return stem.to_owned();
        }
    }
    word
}

/// Whether a word of a message is a form of a name. Stems may differ by a last vowel: "Сергей"
/// stems to "серг" but "Сергею" to "серге" (while "Марии" is not "Марина").
pub fn is_form_of(word: &str, name: &str) -> bool {
    let (word, name) = (stem(word), stem(name));
    if word.is_empty() || name.is_empty() {
        return false;
    }
    if word == name {
        return true;
    }
    let (short, long) = if word.len() < name.len() {
        (&word, &name)
    } else {
        (&name, &word)
    };
    let extra = long.strip_prefix(short.as_str()).unwrap_or_default();
    short.chars().count() > MIN_STEM
        && extra.chars().count() == 1
        && extra.chars().all(|letter| ALTERNATING.contains(letter))
}

/// The colleagues every word of `text` names (by first or last name), in the order given.
/// "Анне" finds every Anna; "Анне Смирновой" only Anna Smirnova.
pub fn named<'a>(text: &str, people: &'a [User]) -> Vec<&'a User> {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.is_empty() {
        return Vec::new();
    }
    people
        .iter()
        .filter(|user| {
            let parts = [user.name.as_deref(), user.last_name.as_deref()];
            words
                .iter()
                .all(|word| parts.iter().flatten().any(|part| is_form_of(word, part)))
        })
        .collect()
}

/// What to ask the portal for so that every form of the name is among the answers: the stem
/// minus the letter that may alternate (`"серг"` for "Сергею"), never shorter than it has to be.
pub fn search_prefix(word: &str) -> String {
    let stem = stem(word);
    let letters = stem.chars().count();
    if letters > MIN_STEM + 1 {
        stem.chars().take(letters - 1).collect()
    } else {
        stem
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(id: u64, name: &str, last_name: &str) -> User {
        serde_json::from_value(serde_json::json!({"ID": id, "NAME": name, "LAST_NAME": last_name}))
            .unwrap()
    }

    #[test]
    fn russian_first_names_in_every_case() {
        for (name, forms) in [
            (
                "Анна",
                &["Анна", "Анны", "Анне", "Анну", "Анной", "анне"][..],
            ),
            ("Мария", &["Марии", "Марию", "Марией"][..]),
            ("Сергей", &["Сергея", "Сергею", "Сергеем", "сергей"][..]),
            ("Дмитрий", &["Дмитрия", "Дмитрию", "Дмитрием"][..]),
            ("Ольга", &["Ольги", "Ольге", "Ольгу", "Ольгой"][..]),
            ("Алёна", &["Алене", "Алёне"][..]),
        ] {
            for form in forms {
                assert!(is_form_of(form, name), "{form} is a form of {name}");
            }
        }
    }

    #[test]
    fn surnames_in_every_case() {
        for (name, forms) in [
            ("Иванова", &["Ивановой", "Иванову"][..]),
            (
                "Соколов",
                &["Соколова", "Соколову", "Соколовым", "Соколове"][..],
            ),
            ("Кузнецов", &["Кузнецову"][..]),
        ] {
            for form in forms {
                assert!(is_form_of(form, name), "{form} is a form of {name}");
            }
        }
    }

    #[test]
    fn different_names_do_not_match() {
        for (word, name) in [
            ("Анне", "Антон"),
            ("Марии", "Марина"),
            ("Ивану", "Иванова"),
            ("Андрею", "Андреев"),
            ("Ольге", "Олег"),
            ("Anna", "Ann"),
            ("", "Анна"),
        ] {
            assert!(!is_form_of(word, name), "{word} is not {name}");
        }
    }

    #[test]
    fn latin_names_match_as_written_in_any_case() {
        assert!(is_form_of("anna", "Anna"));
        assert!(is_form_of("JOHN", "John"));
        assert!(!is_form_of("Johns", "John"));
    }

    #[test]
    fn every_word_must_name_the_same_person() {
        let people = [
            user(1, "Анна", "Смирнова"),
            user(2, "Анна", "Петрова"),
            user(3, "Антон", "Смирнов"),
            user(4, "Anna", "Smith"),
        ];
        let ids = |text: &str| {
            named(text, &people)
                .iter()
                .map(|u| u.id)
                .collect::<Vec<_>>()
        };
        assert_eq!(ids("Анне"), vec![1, 2]);
        assert_eq!(ids("Анне Смирновой"), vec![1]);
        assert_eq!(ids("Смирнову"), vec![1, 3]);
        assert_eq!(ids("anna"), vec![4]);
        assert_eq!(ids("Борису"), Vec::<u64>::new());
        assert_eq!(ids("  "), Vec::<u64>::new());
    }

    #[test]
    fn the_search_prefix_is_shared_by_every_form() {
        for (form, name) in [
            ("Сергею", "сергей"),
            ("Анне", "анна"),
            ("Марией", "мария"),
            ("Дмитрию", "дмитрий"),
            ("Ольгой", "ольга"),
            ("Яне", "яна"),
        ] {
            let prefix = search_prefix(form);
            assert!(
                name.starts_with(&prefix),
                "{prefix} of {form} starts {name}"
            );
            assert!(prefix.chars().count() >= MIN_STEM, "{prefix}");
        }
    }
}
