//! 20 % of the portal's answers are faults (500, 503 `OVERLOAD_LIMIT`, or a 1–3 s delay) while
//! people send a mix of reads and writes: nothing panics, every message gets an answer that says
//! what happened (a portal fault is never passed off as the bot's own error), and no record is
//! written twice, even when the user presses Confirm again after a failure.

use std::collections::BTreeMap;
use std::sync::Arc;

use b24bot::b24::{Auth, Client, Limits, WebhookUrl};
use b24bot::bot::{Bot, Content, Defaults, Inbound};
use b24bot::intent::Lang;
use b24bot::reply::{Reply, plain};
use b24bot::sandbox::limits::LimitSettings;
use b24bot::sandbox::server::{self, Options};
use b24bot::store::{Channel, ChannelUser, EmployeeId, Store};
use b24bot::visibility::{Policy, Reach};
use jiff::Timestamp;
use jiff::tz::TimeZone;
use serde_json::json;

use crate::support::chat::requests;
use crate::support::{quick_retry, soak};

const READS: [&str; 10] = [
    "/deals",
    "/deal 4",
    "/tasks",
    "/task 2",
    "/contact Mitchell",
    "/company 2",
    "/leads",
    "/events",
    "/who Emily",
    "/company North",
];

/// The bot's own-error apology (`error-internal`): a portal fault must not end there.
const OUR_FAULT: &str = "Something went wrong on my side";

/// Limits are off on both sides, so every 503 here is an injected fault and the run is quick.
fn unlimited(webhook: &str) -> Client {
    Client::builder(Auth::Webhook(WebhookUrl::parse(webhook).unwrap()))
        .limits(Limits {
            burst: 1_000_000,
            per_second: 1_000_000.0,
        })
        .retry(quick_retry())
        .build()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_fifth_of_answers_failing_costs_no_crash_no_silence_and_no_duplicate() {
    let commands = soak::size(120, 1_000);
    let sandbox = server::spawn(Options {
        faults: 0.2,
        rng_seed: Some(2026),
        limits: LimitSettings {
            enforced: false,
            ..LimitSettings::default()
        },
        ..Options::default()
    })
    .await
    .unwrap();
    let portal = unlimited(&sandbox.webhook(1).unwrap().url);
    let store = Store::in_memory().await.unwrap();
    let bot = Arc::new(
        Bot::start(
            store.clone(),
            portal.clone(),
            Policy::new(Reach::Own, [1]),
            Defaults {
                lang: Lang::En,
                time_zone: TimeZone::UTC,
            },
            Timestamp::now(),
        )
        .await
        .unwrap(),
    );
    requests(&sandbox).await;
    let people = 8;
    let mut tasks = Vec::new();
    for person in 0..people {
        let user = ChannelUser::new(Channel::Console, format!("fault-{person}"));
        store
            .link(&user, EmployeeId(person as u64 + 1), Timestamp::now())
            .await
            .unwrap();
        let bot = bot.clone();
        tasks.push(tokio::spawn(async move {
            let mut titles = Vec::new();
            for turn in 0..commands / people {
                if turn % 4 == 3 {
                    let title = format!("Fault {person}-{turn}");
                    create_company(&bot, &user, &title).await;
                    titles.push(title);
                } else {
                    let text = READS[(person + turn) % READS.len()];
                    answered(text, &bot.handle(&say(&user, text), Timestamp::now()).await);
                }
            }
            titles
        }));
    }
    let mut titles = Vec::new();
    for task in tasks {
        titles.extend(task.await.expect("no panic while the portal fails"));
    }

    let log = requests(&sandbox).await;
    let faults = log
        .iter()
        .filter(|call| matches!(call["status"].as_u64(), Some(500 | 503)))
        .count();
    assert!(
        faults * 10 >= log.len(),
        "{faults} of {} calls failed: the faults were not injected",
        log.len()
    );
    // Counted through a fault-free look at the portal: every title at most once.
    let companies = portal
        .list_all("crm.company.list", &json!({"select": ["ID", "TITLE"]}))
        .await
        .unwrap();
    let mut written: BTreeMap<&str, usize> = BTreeMap::new();
    for company in &companies {
        *written
            .entry(company["TITLE"].as_str().unwrap())
            .or_default() += 1;
    }
    for title in &titles {
        assert!(
            written.get(title.as_str()).copied().unwrap_or(0) <= 1,
            "{title} was created {} times",
            written[title.as_str()]
        );
    }
    assert!(
        titles
            .iter()
            .any(|title| written.contains_key(title.as_str())),
        "no company was created at all"
    );
}

/// The form, Confirm, and Confirm again as an impatient user would: at most one company.
async fn create_company(bot: &Bot, user: &ChannelUser, title: &str) {
    let text = format!("/company new {title}");
    let preview = bot.handle(&say(user, &text), Timestamp::now()).await;
    answered(&text, &preview);
    let confirm = preview
        .iter()
        .flat_map(Reply::buttons_in_order)
        .find(|button| button.label() == "Confirm")
        .expect("the form needs no portal call before its preview")
        .action()
        .to_owned();
    for press in ["Confirm", "Confirm again"] {
        let pressed = Inbound {
            content: Content::Button(confirm.clone()),
            ..say(user, "")
        };
        answered(press, &bot.handle(&pressed, Timestamp::now()).await);
    }
}

fn say(user: &ChannelUser, text: &str) -> Inbound {
    Inbound {
        channel: Channel::Console,
        chat: user.user.clone(),
        user: user.user.clone(),
        lang_hint: None,
        content: Content::Text(text.to_owned()),
    }
}

fn answered(said: &str, replies: &[Reply]) {
    let text: String = replies.iter().map(plain::render).collect();
    assert!(!text.trim().is_empty(), "{said}: no answer");
    assert!(
        !text.contains(OUR_FAULT),
        "{said}: a portal fault was answered as the bot's own error: {text}"
    );
}
