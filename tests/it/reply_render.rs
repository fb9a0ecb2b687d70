//! Rendering replies: golden deal cards in the three formats, hostile text in every field, the
//! channels' length limits, and properties over arbitrary text: the markup is always the
//! renderer's own, valid in every message, and nothing is lost between messages.

use b24bot::reply::bbcode::{self, BITRIX24_LIMIT};
use b24bot::reply::html::{self, TELEGRAM_LIMIT};
use b24bot::reply::{Block, Button, Field, Item, Reply, Tone, plain};
use proptest::prelude::*;

const ZWSP: char = '\u{200B}';

fn button(label: &str, action: &str) -> Button {
    Button::new(label, action).expect("a short action")
}

fn deal_card() -> Reply {
    Reply::new()
        .title("Deal #42: Pumps for Acme")
        .field("Stage", "Proposal")
        .field("Amount", "50 000 ₽")
        .field_with(
            Field::new("Company", "Acme Ltd")
                .url("https://acme.bitrix24.ru/crm/company/details/7/"),
        )
        .field("Responsible", "Anna Smirnova")
        .link(
            "Open in Bitrix24",
            "https://acme.bitrix24.ru/crm/deal/details/42/",
        )
        .notice(Tone::Success, "Deal created")
        .button_row([
            button("Move", "deal:42:move"),
            button("Edit", "deal:42:edit"),
        ])
        .button_row([button("Close", "deal:42:close")])
}

fn deal_list() -> Reply {
    Reply::new().title("Your deals").numbered([
        Item::new("Pumps for Acme")
            .url("https://acme.bitrix24.ru/crm/deal/details/42/")
            .detail("Proposal · 50 000 ₽"),
        Item::new("Valves").detail("New"),
    ])
}

#[test]
fn a_deal_card_in_telegram_html() {
    assert_eq!(
        html::render(&deal_card(), TELEGRAM_LIMIT),
        ["<b>Deal #42: Pumps for Acme</b>\n\
          \n\
          <b>Stage</b>: Proposal\n\
          <b>Amount</b>: 50 000 ₽\n\
          <b>Company</b>: <a href=\"https://acme.bitrix24.ru/crm/company/details/7/\">Acme Ltd</a>\n\
          <b>Responsible</b>: Anna Smirnova\n\
          \n\
          <a href=\"https://acme.bitrix24.ru/crm/deal/details/42/\">Open in Bitrix24</a>\n\
          \n\
          ✅ Deal created"]
    );
}

#[test]
fn a_deal_card_in_bitrix24_bbcode() {
    assert_eq!(
        bbcode::render(&deal_card(), BITRIX24_LIMIT),
        ["[B]Deal #42: Pumps for Acme[/B]\n\
          \n\
          [B]Stage[/B]: Proposal\n\
          [B]Amount[/B]: 50 000 ₽\n\
          [B]Company[/B]: [URL=https://acme.bitrix24.ru/crm/company/details/7/]Acme Ltd[/URL]\n\
          [B]Responsible[/B]: Anna Smirnova\n\
          \n\
          [URL=https://acme.bitrix24.ru/crm/deal/details/42/]Open in Bitrix24[/URL]\n\
          \n\
          ✅ Deal created"]
    );
}

#[test]
fn a_deal_card_in_the_terminal() {
    assert_eq!(
        plain::render(&deal_card()),
        "Deal #42: Pumps for Acme\n\
         ========================\n\
         \n\
         Stage:       Proposal\n\
         Amount:      50 000 ₽\n\
         Company:     Acme Ltd (https://acme.bitrix24.ru/crm/company/details/7/)\n\
         Responsible: Anna Smirnova\n\
         \n\
         Open in Bitrix24: https://acme.bitrix24.ru/crm/deal/details/42/\n\
         \n\
         ✅ Deal created\n\
         \n\
         [1] Move  [2] Edit\n\
         [3] Close"
    );
}

#[test]
fn a_deal_list_in_the_three_formats() {
    assert_eq!(
        html::render(&deal_list(), TELEGRAM_LIMIT),
        ["<b>Your deals</b>\n\
          \n\
          1. <a href=\"https://acme.bitrix24.ru/crm/deal/details/42/\">Pumps for Acme</a>\n   \
          <i>Proposal · 50 000 ₽</i>\n\
          2. Valves\n   \
          <i>New</i>"]
    );
    assert_eq!(
        bbcode::render(&deal_list(), BITRIX24_LIMIT),
        ["[B]Your deals[/B]\n\
          \n\
          1. [URL=https://acme.bitrix24.ru/crm/deal/details/42/]Pumps for Acme[/URL]\n   \
          [I]Proposal · 50 000 ₽[/I]\n\
          2. Valves\n   \
          [I]New[/I]"]
    );
    assert_eq!(
        plain::render(&deal_list().block(Block::List {
            items: vec![Item::new("one"), Item::new("two")],
            numbered: false,
        })),
        "Your deals\n\
         ==========\n\
         \n\
         1. Pumps for Acme (https://acme.bitrix24.ru/crm/deal/details/42/)\n   \
         Proposal · 50 000 ₽\n\
         2. Valves\n   \
         New\n\
         \n\
         • one\n\
         • two"
    );
}

const HOSTILE: &[&str] = &[
    "<b>Acme & Co</b>",
    "</a><a href=\"http://evil\">x",
    "\"quoted\" &amp; &lt;",
    "[URL=http://evil]x[/URL]",
    "[/B][B]",
    "[b]lower[/b] [USER=1]all[/USER] [SEND=/delete]go[/SEND]",
    ">>quote\n------\n#BR# and #br#",
];

/// Every hostile string in every place a reply carries text, and as a URL.
fn hostile_reply(s: &str) -> Reply {
    Reply::new()
        .title(s)
        .text(s)
        .field(s, s)
        .field_with(Field::new(s, s).url(s))
        .field_with(Field::new(s, s).url(format!("https://a.test/?q={s}")))
        .bullets([Item::new(s).url(s).detail(s)])
        .numbered([Item::new(s).url(format!("https://a.test/{s}")).detail(s)])
        .link(s, s)
        .notice(Tone::Error, s)
}

#[test]
fn hostile_text_is_shown_in_html_never_obeyed() {
    for s in HOSTILE {
        let messages = html::render(&hostile_reply(s), TELEGRAM_LIMIT);
        assert_eq!(messages.len(), 1);
        let visible = html_visible(&messages[0]).unwrap_or_else(|e| panic!("{s:?}: {e}"));
        // Title, text, two field labels and values, two items and details, the link, the notice.
        assert!(visible.matches(s).count() >= 12, "{s:?} in {visible:?}");
    }
}

#[test]
fn hostile_text_is_shown_in_bbcode_never_obeyed() {
    for s in HOSTILE {
        let messages = bbcode::render(&hostile_reply(s), BITRIX24_LIMIT);
        assert_eq!(messages.len(), 1);
        let visible = bb_visible(&messages[0]).unwrap_or_else(|e| panic!("{s:?}: {e}"));
        assert!(visible.matches(s).count() >= 12, "{s:?} in {visible:?}");
    }
}

#[test]
fn hostile_text_cannot_drive_the_terminal() {
    let reply = hostile_reply("\u{1b}]0;owned\u{7}\u{1b}[2J");
    let text = plain::render(&reply);
    assert!(
        !text.chars().any(|c| c.is_control() && c != '\n'),
        "{text:?}"
    );
}

/// Fifty deals: longer than a Telegram message, shorter than a Bitrix24 one.
fn long_list() -> Reply {
    Reply::new().title("Your deals").numbered((1..=50).map(|n| {
        Item::new(format!(
            "Deal {n}: supply of <pumps> & valves for the northern plant"
        ))
        .url(format!("https://acme.bitrix24.ru/crm/deal/details/{n}/"))
        .detail("Proposal · 1 250 000 ₽ · Anna Smirnova")
    }))
}

#[test]
fn a_long_list_splits_under_the_telegram_limit_between_items_losing_nothing() {
    let reply = long_list();
    let messages = html::render(&reply, TELEGRAM_LIMIT);
    assert!(messages.len() > 1);
    let mut visible = String::new();
    for message in &messages {
        assert!(units(message) <= TELEGRAM_LIMIT);
        visible.push_str(&html_visible(message).expect("valid HTML"));
    }
    let whole = html::render(&reply, usize::MAX);
    assert_eq!(whole.len(), 1);
    assert_eq!(visible, html_visible(&whole[0]).unwrap());
    // An item is two lines; a cut between them would leave a message starting with a detail.
    for message in &messages[1..] {
        assert!(
            message.split('\n').next().unwrap().contains(". <a href="),
            "{message:?}"
        );
    }
}

#[test]
fn bbcode_splits_under_the_limit_it_is_given() {
    let reply = long_list();
    assert_eq!(bbcode::render(&reply, BITRIX24_LIMIT).len(), 1);
    let messages = bbcode::render(&reply, 1000);
    assert!(messages.len() > 1);
    let mut visible = String::new();
    for message in &messages {
        assert!(units(message) <= 1000);
        visible.push_str(&bb_visible(message).expect("valid BB-code"));
    }
    assert_eq!(
        visible,
        bb_visible(&bbcode::render(&reply, usize::MAX)[0]).unwrap()
    );
}

#[test]
fn a_reply_without_blocks_has_no_message() {
    let reply = Reply::new().button_row([button("Ok", "ok")]);
    assert!(html::render(&reply, TELEGRAM_LIMIT).is_empty());
    assert!(bbcode::render(&reply, BITRIX24_LIMIT).is_empty());
}

// --- Properties ---

fn any_text() -> impl Strategy<Value = String> {
    // Characters that mean something to one of the formats, often; anything at all, too.
    let special = prop::sample::select(vec![
        '<', '>', '&', '"', ';', '[', ']', '/', '=', '#', '-', 'B', 'R', 'b', ' ', '\n', '\t',
    ]);
    prop::collection::vec(prop_oneof![3 => any::<char>(), 2 => special], 0..40)
        .prop_map(|chars| chars.into_iter().collect())
}

/// URLs of every kind, short enough that the layout always links the linkable ones.
fn any_url() -> impl Strategy<Value = String> {
    let tail = || {
        prop::collection::vec(any::<char>(), 0..10).prop_map(|c| c.into_iter().collect::<String>())
    };
    prop_oneof![
        tail(),
        tail().prop_map(|t| format!("https://{t}")),
        tail().prop_map(|t| format!("http://{t}")),
        tail().prop_map(|t| format!("tg://{t}")),
        Just("https://acme.bitrix24.ru/crm/deal/details/42/".to_string()),
    ]
}

fn any_block() -> impl Strategy<Value = Block> {
    let field = (any_text(), any_text(), prop::option::of(any_url()))
        .prop_map(|(label, value, url)| Field { label, value, url });
    let item = (
        any_text(),
        prop::option::of(any_url()),
        prop::option::of(any_text()),
    )
        .prop_map(|(text, url, detail)| Item { text, url, detail });
    let tone = prop::sample::select(vec![Tone::Info, Tone::Success, Tone::Warning, Tone::Error]);
    prop_oneof![
        any_text().prop_map(Block::Title),
        any_text().prop_map(Block::Text),
        prop::collection::vec(field, 0..4).prop_map(Block::Fields),
        (prop::collection::vec(item, 0..4), any::<bool>())
            .prop_map(|(items, numbered)| Block::List { items, numbered }),
        (any_text(), any_url()).prop_map(|(label, url)| Block::Link { label, url }),
        (tone, any_text()).prop_map(|(tone, text)| Block::Notice { tone, text }),
    ]
}

fn any_reply() -> impl Strategy<Value = Reply> {
    prop::collection::vec(any_block(), 0..6).prop_map(|blocks| Reply {
        blocks,
        ..Reply::default()
    })
}

/// The reply with every zero-width space replaced: BB-code adds them to defuse markup, so a
/// user's own would make the visible text ambiguous.
fn without_zwsp(reply: Reply) -> Reply {
    let fix = |s: &mut String| *s = s.replace(ZWSP, "x");
    let mut reply = reply;
    for block in &mut reply.blocks {
        match block {
            Block::Title(s) | Block::Text(s) | Block::Notice { text: s, .. } => fix(s),
            Block::Link { label, url } => {
                fix(label);
                fix(url);
            }
            Block::Fields(fields) => {
                for f in fields {
                    fix(&mut f.label);
                    fix(&mut f.value);
                    f.url.iter_mut().for_each(fix);
                }
            }
            Block::List { items, .. } => {
                for i in items {
                    fix(&mut i.text);
                    i.url.iter_mut().for_each(fix);
                    i.detail.iter_mut().for_each(fix);
                }
            }
        }
    }
    reply
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn html_messages_are_valid_within_the_limit_and_lose_nothing(
        reply in any_reply(),
        limit in 64usize..600,
    ) {
        let messages = html::render(&reply, limit);
        let mut visible = String::new();
        for message in &messages {
            prop_assert!(units(message) <= limit, "{} > {limit}: {message:?}", units(message));
            match html_visible(message) {
                Ok(text) => visible.push_str(&text),
                Err(e) => prop_assert!(false, "{e}: {message:?}"),
            }
        }
        // At this limit and above, links keep their markup (see `any_url`), so the text shown
        // is the same whether or not the reply had to be cut.
        if limit >= 200 {
            let whole = html::render(&reply, usize::MAX);
            let whole = whole.first().map_or(String::new(), |m| html_visible(m).unwrap());
            prop_assert_eq!(visible, whole);
        }
    }

    #[test]
    fn bbcode_messages_hold_no_user_markup_within_the_limit_and_lose_nothing(
        reply in any_reply().prop_map(without_zwsp),
        limit in 64usize..600,
    ) {
        let messages = bbcode::render(&reply, limit);
        let mut visible = String::new();
        for message in &messages {
            prop_assert!(units(message) <= limit, "{} > {limit}: {message:?}", units(message));
            match bb_visible(message) {
                Ok(text) => visible.push_str(&text),
                Err(e) => prop_assert!(false, "{e}: {message:?}"),
            }
        }
        if limit >= 200 {
            let whole = bbcode::render(&reply, usize::MAX);
            let whole = whole.first().map_or(String::new(), |m| bb_visible(m).unwrap());
            prop_assert_eq!(visible, whole);
        }
    }

    #[test]
    fn the_terminal_gets_no_control_character_and_every_button_a_number(
        reply in any_reply(),
        rows in prop::collection::vec(prop::collection::vec(any_text(), 1..4), 0..3),
    ) {
        let reply = rows.iter().fold(reply, |reply, row| {
            reply.button_row(row.iter().enumerate().map(|(n, label)| button(label, &n.to_string())))
        });
        let text = plain::render(&reply);
        prop_assert!(!text.chars().any(|c| c.is_control() && c != '\n' && c != '\t'), "{text:?}");
        let buttons: Vec<&Button> = reply.buttons_in_order().collect();
        for (n, expected) in buttons.iter().enumerate() {
            let shown = format!("[{}] ", n + 1);
            prop_assert!(text.contains(&shown), "{shown} in {text:?}");
            prop_assert_eq!(plain::choice(&reply, &(n + 1).to_string()), Some(*expected));
        }
        prop_assert_eq!(plain::choice(&reply, &(buttons.len() + 1).to_string()), None);
    }

    #[test]
    fn any_text_shows_exactly_as_written(text in any_text().prop_map(|t| t.replace(ZWSP, "x"))) {
        prop_assume!(text.chars().any(|c| !matches!(c, ' ' | '\t' | '\n')));
        let reply = Reply::new().text(text.clone());
        prop_assert_eq!(html_visible(&html::render(&reply, TELEGRAM_LIMIT)[0]), Ok(text.clone()));
        prop_assert_eq!(bb_visible(&bbcode::render(&reply, BITRIX24_LIMIT)[0]), Ok(text));
    }
}

// --- Readers of the output: what a channel would show, or why it would not accept it ---

fn units(text: &str) -> usize {
    text.encode_utf16().count()
}

/// The text Telegram would show for `message`, or what is wrong with it: a tag the renderer
/// does not write, an unbalanced or nested tag, a link to another scheme, a stray `>` or a
/// malformed entity.
fn html_visible(message: &str) -> Result<String, String> {
    let mut visible = String::new();
    let mut open: Option<&str> = None;
    let mut rest = message;
    while let Some(c) = rest.chars().next() {
        match c {
            '<' => {
                let end = rest.find('>').ok_or("an unterminated tag")?;
                let tag = &rest[1..end];
                rest = &rest[end + 1..];
                match (tag, open) {
                    ("b" | "i", None) => open = Some(tag),
                    ("/b", Some("b")) | ("/i", Some("i")) | ("/a", Some("a")) => open = None,
                    (tag, None) if tag.starts_with("a href=\"") && tag.ends_with('"') => {
                        let raw = &tag[8..tag.len() - 1];
                        if raw.contains('"') {
                            return Err(format!("a raw quote in {tag:?}"));
                        }
                        let href = decode_entities(raw)?;
                        let linkable = ["http://", "https://", "tg://"]
                            .iter()
                            .any(|s| href.to_ascii_lowercase().starts_with(s));
                        if !linkable {
                            return Err(format!("a link to {href:?}"));
                        }
                        open = Some("a");
                    }
                    (tag, _) => return Err(format!("a tag <{tag}> inside {open:?}")),
                }
            }
            '&' => {
                let end = rest.find(';').ok_or("an unterminated entity")?;
                visible.push_str(&decode_entities(&rest[..=end])?);
                rest = &rest[end + 1..];
            }
            '>' => return Err("a stray >".into()),
            c => {
                visible.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    match open {
        None => Ok(visible),
        Some(tag) => Err(format!("<{tag}> left open")),
    }
}

fn decode_entities(text: &str) -> Result<String, String> {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let end = rest[at..].find(';').ok_or("an unterminated entity")? + at;
        out.push(match &rest[at..=end] {
            "&amp;" => '&',
            "&lt;" => '<',
            "&gt;" => '>',
            "&quot;" => '"',
            other => return Err(format!("the entity {other:?}")),
        });
        rest = &rest[end + 1..];
    }
    if rest.contains(['<', '>']) {
        return Err(format!("a raw < or > in {text:?}"));
    }
    out.push_str(rest);
    Ok(out)
}

/// The text the messenger would show for `message` (defusing zero-width spaces removed), or
/// what is wrong with it: a `[` that is not the renderer's own tag nor defused, an unbalanced
/// or nested tag, a link to another scheme, or a quote or line-break marker in the text.
fn bb_visible(message: &str) -> Result<String, String> {
    let mut raw_text = String::new();
    let mut open: Option<&str> = None;
    let mut rest = message;
    while let Some(c) = rest.chars().next() {
        if c != '[' || rest[1..].starts_with(ZWSP) {
            raw_text.push(c);
            rest = &rest[c.len_utf8()..];
            continue;
        }
        let end = rest.find(']').ok_or("an unterminated tag")?;
        let tag = &rest[1..end];
        rest = &rest[end + 1..];
        match (tag, open) {
            ("B" | "I", None) => open = Some(tag),
            ("/B", Some("B")) | ("/I", Some("I")) | ("/URL", Some("URL")) => open = None,
            (tag, None) if tag.starts_with("URL=") => {
                let url = &tag[4..];
                let web = ["http://", "https://"]
                    .iter()
                    .any(|s| url.to_ascii_lowercase().starts_with(s));
                if !web || url.contains(|c: char| c.is_whitespace() || c == '[') {
                    return Err(format!("a link to {url:?}"));
                }
                open = Some("URL");
            }
            (tag, _) => return Err(format!("a tag [{tag}] inside {open:?}")),
        }
        raw_text.push('\n');
    }
    if let Some(tag) = open {
        return Err(format!("[{tag}] left open"));
    }
    for marker in [">>", "--", "#BR#"] {
        if raw_text.to_uppercase().contains(marker) {
            return Err(format!("{marker:?} in the text"));
        }
    }
    Ok(strip_defusing(message))
}

/// `message` without its tags and without the zero-width spaces that defuse user text.
fn strip_defusing(message: &str) -> String {
    let mut out = String::new();
    let mut rest = message;
    while let Some(c) = rest.chars().next() {
        if c == '[' && !rest[1..].starts_with(ZWSP) {
            rest = &rest[rest.find(']').map_or(rest.len(), |e| e + 1)..];
            continue;
        }
        rest = &rest[c.len_utf8()..];
        out.push(c);
        let next: String = rest.chars().skip(1).take(3).collect();
        let defused = rest.starts_with(ZWSP)
            && match c {
                '[' => true,
                '>' => next.starts_with('>'),
                '-' => next.starts_with('-'),
                '#' => next.eq_ignore_ascii_case("BR#"),
                _ => false,
            };
        if defused {
            rest = &rest[ZWSP.len_utf8()..];
        }
    }
    out
}

#[test]
fn an_empty_block_adds_no_blank_line() {
    let reply = Reply {
        blocks: vec![
            Block::Fields(Vec::new()),
            Block::Text("a".into()),
            Block::List {
                items: Vec::new(),
                numbered: false,
            },
            Block::Text("b".into()),
        ],
        ..Reply::default()
    };
    assert_eq!(html::render(&reply, TELEGRAM_LIMIT), ["a\n\nb"]);
    assert_eq!(plain::render(&reply), "a\n\nb");
}
