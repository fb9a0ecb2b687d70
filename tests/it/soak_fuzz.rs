//! Hostile input at volume: markup of both channels, control and bidirectional characters,
//! huge strings, PHP parameter tricks. The parser never panics; no renderer lets user text become
//! markup; and such text typed into a form reaches the portal as text, never as parameters.
//! 1 000 000 cases in all with `SOAK_SCALE=full`, 1 600 by default.

use b24bot::reply::bbcode::{self, BITRIX24_LIMIT};
use b24bot::reply::html::{self, TELEGRAM_LIMIT};
use b24bot::reply::{Field, Item, Reply, Tone};
use b24bot::{intent, intent::Context};
use jiff::Timestamp;
use jiff::tz::TimeZone;
use std::sync::LazyLock;

use proptest::prelude::*;
use regex::Regex;

use crate::support::chat::{Chat, portal, sandbox_at_start};
use crate::support::soak;

/// Pieces people (or attackers) paste: each channel's markup, the portal's parameter syntax,
/// characters that reorder or hide text.
const HOSTILE: &[&str] = &[
    "<b>",
    "</b>",
    "<a href=\"https://evil.example\">",
    "</a>",
    "<script>alert(1)</script>",
    "&lt;",
    "&amp;",
    "&#60;",
    "&",
    "\"",
    "'",
    "[b]",
    "[/b]",
    "[B]",
    "[URL=https://evil.example]",
    "[/URL]",
    "[url]",
    "[USER=1]",
    "[CHAT=1]",
    "[BR]",
    "#BR#",
    ">>",
    "--",
    "[",
    "]",
    "&FIELDS[ASSIGNED_BY_ID]=1",
    "&filter[ID]=1",
    "?start=0",
    "%26FIELDS%5BX%5D%3D",
    "$result[x]",
    "\u{202E}",
    "\u{200F}",
    "\u{2066}",
    "\u{200B}",
    "\u{FEFF}",
    "\0",
    "\r",
    "\u{1b}[31m",
    "\t",
    "\n",
    "/deal",
    "/cancel",
    "@bot",
    "₽",
    "50k",
    "завтра в 15:00",
    "👨‍👩‍👧",
    "e\u{301}",
];

fn hostile() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => prop::sample::select(HOSTILE).prop_map(str::to_owned),
        1 => "\\PC{0,12}",
        1 => any::<char>().prop_map(String::from),
    ];
    (prop::collection::vec(piece, 0..24), 0usize..8).prop_map(|(pieces, blow_up)| {
        let text = pieces.concat();
        // Now and then a huge message, as a paste of a whole document would be.
        if blow_up == 7 { text.repeat(40) } else { text }
    })
}

fn context() -> Context {
    Context {
        lang: None,
        now: Timestamp::UNIX_EPOCH.to_zoned(TimeZone::UTC),
    }
}

/// A reply that puts user text everywhere text can go.
fn reply_of(text: &str) -> Reply {
    Reply::new()
        .title(text)
        .text(text)
        .notice(Tone::Error, text)
        .field_with(Field::new(text, text))
        .bullets([Item::new(text).detail(text)])
        .numbered([Item::new(text)])
}

/// What is left of Telegram HTML once the renderer's own tags and entities are taken out: no
/// `<`, `>` or `&` may remain, or user text became markup.
fn html_leftover(message: &str) -> String {
    static OWN: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"</?[bi]>|<a href="https?://[^"<>\s]*">|</a>|&(amp|lt|gt|quot);"#).unwrap()
    });
    OWN.replace_all(message, "").into_owned()
}

/// The same for BB-code: every `[` the renderer did not write carries the zero-width defuse.
fn bbcode_undefused(message: &str) -> bool {
    static OWN: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\[/?[BI]\]|\[URL=https?://[^\[\]\s]*\]|\[/URL\]").unwrap());
    let rest = OWN.replace_all(message, "");
    rest.match_indices('[')
        .any(|(at, _)| !rest[at + 1..].starts_with('\u{200B}'))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(soak::size(1_000, 500_000) as u32))]

    #[test]
    fn hostile_text_parses_without_panic(text in hostile()) {
        let json = intent::parse(&text, &context()).to_json();
        prop_assert!(json["intent"].is_string());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(soak::size(300, 250_000) as u32))]

    #[test]
    fn hostile_text_never_becomes_telegram_markup(text in hostile()) {
        for message in html::render(&reply_of(&text), TELEGRAM_LIMIT) {
            let leftover = html_leftover(&message);
            prop_assert!(!leftover.contains(['<', '>', '&']), "{message:?}");
        }
    }

    #[test]
    fn hostile_text_never_becomes_bitrix24_markup(text in hostile()) {
        for message in bbcode::render(&reply_of(&text), BITRIX24_LIMIT) {
            prop_assert!(!bbcode_undefused(&message), "{message:?}");
        }
    }
}

/// Typed into a form, the text is the record's title on the portal, and the parameter tricks in
/// it set nothing else: the company stays the author's.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_titles_reach_the_portal_as_text() {
    let sandbox = sandbox_at_start().await;
    let mut chat = Chat::new(&sandbox, 3).await;
    for title in [
        "Acme&FIELDS[ASSIGNED_BY_ID]=1&filter[ID]=2",
        "<b>Bold</b> [URL=https://evil.example]x[/URL] [USER=1]",
        "Beta %26FIELDS%5BASSIGNED_BY_ID%5D%3D1 $result[deal]",
    ] {
        chat.say("/company new").await;
        let preview = chat.say(title).await;
        for reply in &chat.last {
            for message in html::render(reply, TELEGRAM_LIMIT) {
                assert!(
                    !html_leftover(&message).contains(['<', '>', '&']),
                    "{message:?}"
                );
            }
            for message in bbcode::render(reply, BITRIX24_LIMIT) {
                assert!(!bbcode_undefused(&message), "{message:?}");
            }
        }
        assert!(preview.contains(title), "{preview}");
        chat.press(1).await;
        let stored = portal(&sandbox)
            .list_all(
                "crm.company.list",
                &serde_json::json!({"filter": {"TITLE": title}, "select": ["ID", "ASSIGNED_BY_ID"]}),
            )
            .await
            .unwrap();
        assert_eq!(stored.len(), 1, "{title}: {stored:?}");
        assert_eq!(stored[0]["ASSIGNED_BY_ID"], "3", "{title}");
    }
}
