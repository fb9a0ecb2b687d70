//! What the bot says, through the API handlers use: plurals, variables, numbers inside
//! sentences, formatting, and the choice of language.

use std::io::Write;
use std::sync::{Arc, Mutex};

use b24bot::i18n::{Arg, LangSignals, Tr, reply_lang};
use b24bot::intent::Lang;
use b24bot::tr;
use jiff::Zoned;
use tracing_subscriber::fmt::MakeWriter;

const COUNTS: [i64; 10] = [0, 1, 2, 5, 11, 21, 22, 25, 101, 111];

fn say(lang: Lang, key: &str, count: i64) -> String {
    Tr::new(lang).t(key, &[("count", Arg::count(count))])
}

#[test]
fn tasks_take_the_plural_form_of_each_language() {
    let english = [
        "0 tasks",
        "1 task",
        "2 tasks",
        "5 tasks",
        "11 tasks",
        "21 tasks",
        "22 tasks",
        "25 tasks",
        "101 tasks",
        "111 tasks",
    ];
    let russian = [
        "0 задач",
        "1 задача",
        "2 задачи",
        "5 задач",
        "11 задач",
        "21 задача",
        "22 задачи",
        "25 задач",
        "101 задача",
        "111 задач",
    ];
    for ((count, en), ru) in COUNTS.into_iter().zip(english).zip(russian) {
        assert_eq!(say(Lang::En, "tasks-count", count), en);
        assert_eq!(say(Lang::Ru, "tasks-count", count), ru);
    }
}

#[test]
fn list_headers_count_deals_and_say_none_in_words() {
    let english = [
        "You have no deals yet.",
        "You have 1 deal",
        "You have 2 deals",
        "You have 5 deals",
        "You have 11 deals",
        "You have 21 deals",
        "You have 22 deals",
        "You have 25 deals",
        "You have 101 deals",
        "You have 111 deals",
    ];
    let russian = [
        "У вас пока нет сделок.",
        "У вас 1 сделка",
        "У вас 2 сделки",
        "У вас 5 сделок",
        "У вас 11 сделок",
        "У вас 21 сделка",
        "У вас 22 сделки",
        "У вас 25 сделок",
        "У вас 101 сделка",
        "У вас 111 сделок",
    ];
    for ((count, en), ru) in COUNTS.into_iter().zip(english).zip(russian) {
        assert_eq!(say(Lang::En, "deals-header", count), en);
        assert_eq!(say(Lang::Ru, "deals-header", count), ru);
    }
}

#[test]
fn found_contacts_agree_with_their_count() {
    let found = |lang, count| {
        let t = Tr::new(lang);
        tr!(
            t,
            "contacts-found",
            count = Arg::count(count),
            query = "Ivanov"
        )
    };
    assert_eq!(found(Lang::En, 0), "No contacts found for \"Ivanov\".");
    assert_eq!(found(Lang::En, 1), "Found 1 contact");
    assert_eq!(found(Lang::En, 3), "Found 3 contacts");
    let shown = ["Ivanov", "Ivanova"];
    let t = Tr::new(Lang::Ru);
    assert_eq!(
        tr!(
            t,
            "list-shown",
            shown = Arg::count(shown.len()),
            count = Arg::count(12_u64)
        ),
        "Показано 2 из 12."
    );
    assert_eq!(
        found(Lang::Ru, 0),
        "По запросу «Ivanov» контактов не нашлось."
    );
    assert_eq!(found(Lang::Ru, 21), "Найден 21 контакт");
    assert_eq!(found(Lang::Ru, 22), "Найдено 22 контакта");
    assert_eq!(found(Lang::Ru, 111), "Найдено 111 контактов");
}

#[test]
fn one_is_not_twenty_one() {
    assert_eq!(
        say(Lang::Ru, "deal-form-company-found", 1),
        "Нашлась одна компания. Это она?"
    );
    assert_eq!(
        say(Lang::Ru, "deal-form-company-found", 21),
        "Нашлась 21 компания. Какая из них?"
    );
    assert_eq!(
        say(Lang::En, "deal-form-company-found", 1),
        "I found one company. Is it this one?"
    );
}

#[test]
fn counts_are_grouped_and_ids_are_not() {
    assert_eq!(say(Lang::En, "deals-header", 1500), "You have 1,500 deals");
    assert_eq!(
        say(Lang::Ru, "deals-header", 1500),
        "У вас 1\u{a0}500 сделок"
    );
    let t = Tr::new(Lang::En);
    assert_eq!(
        tr!(t, "deal-created", title = "Acme", id = Arg::id(12345)),
        "Deal \"Acme\" created (#12345)."
    );
}

#[test]
fn variables_are_inserted_without_isolation_marks() {
    let title = String::from("Ромашка <b>&</b>");
    for lang in Lang::ALL {
        let t = Tr::new(lang);
        let text = tr!(t, "deal-moved", title = &title, stage = "WON");
        assert!(text.contains("Ромашка <b>&</b>"), "{text}");
        assert!(!text.contains(['\u{2068}', '\u{2069}']), "{text:?}");
    }
    let t = Tr::new(Lang::Ru);
    assert_eq!(
        tr!(t, "deal-moved", title = title.clone(), stage = "Выиграна"),
        "Сделка «Ромашка <b>&</b>» переведена на стадию «Выиграна»."
    );
}

#[test]
fn formatted_values_fit_into_sentences() {
    let now: Zoned = "2026-03-02T10:00:00+03:00[Europe/Moscow]".parse().unwrap();
    let due: Zoned = "2026-03-06T15:00:00+03:00[Europe/Moscow]".parse().unwrap();
    let ru = Tr::new(Lang::Ru);
    let en = Tr::new(Lang::En);
    assert_eq!(ru.money(5_000_000, "RUB"), "50\u{a0}000\u{a0}₽");
    assert_eq!(en.money(5_000_000, "USD"), "$50,000");
    assert_eq!(en.money(150_050, "EUR"), "€1,500.50");
    assert_eq!(ru.money(150_050, "EUR"), "1\u{a0}500,50\u{a0}€");
    assert_eq!(ru.number(50_000), "50\u{a0}000");
    assert_eq!(en.number(50_000), "50,000");
    assert_eq!(ru.when(&due, &now), "пт, 6 марта, 15:00");
    assert_eq!(en.when(&due, &now), "Fri 6 Mar, 15:00");
    assert_eq!(
        tr!(en, "tz-set", tz = "Europe/Moscow"),
        "Done: your time zone is now Europe/Moscow."
    );
}

#[derive(Clone, Default)]
struct Logs(Arc<Mutex<Vec<u8>>>);

impl Write for Logs {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Logs {
    type Writer = Logs;

    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

#[test]
fn an_unknown_key_comes_back_as_itself_and_is_logged_once() {
    let logs = Logs::default();
    let subscriber = tracing_subscriber::fmt()
        .with_ansi(false)
        .with_writer(logs.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let t = Tr::new(Lang::Ru);
    for _ in 0..3 {
        assert_eq!(tr!(t, "deal-exploded", id = Arg::id(1)), "deal-exploded");
    }
    let logs = String::from_utf8(logs.0.lock().unwrap().clone()).unwrap();
    assert_eq!(logs.lines().count(), 1, "{logs}");
    assert!(logs.contains("key=\"deal-exploded\""), "{logs}");
}

#[test]
fn the_reply_language_follows_the_strongest_signal() {
    let signals = |chosen, text, hints| LangSignals {
        chosen,
        text,
        hints,
        default: Lang::Ru,
    };
    let table = [
        (signals(Some(Lang::En), "мои сделки", &["ru"]), Lang::En),
        (signals(None, "мои сделки", &["en"]), Lang::Ru),
        (signals(None, "my deals", &["ru"]), Lang::En),
        (signals(None, "/deal 123", &["en-GB"]), Lang::En),
        (signals(None, "/deal 123", &["uk", "en"]), Lang::En),
        (signals(None, "/deal 123", &["uk"]), Lang::Ru),
        (signals(None, "/deal 123", &[]), Lang::Ru),
    ];
    for (signals, lang) in table {
        assert_eq!(reply_lang(&signals), lang, "{signals:?}");
    }
}
