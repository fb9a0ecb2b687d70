//! Pairing through Telegram: an e-mail, the code the portal shows the employee, the code typed
//! back; its expiry, the try limits, link tokens, unlinking, and a deactivated employee.

use b24bot::access::{CODE_LIFETIME, MAX_TRIES, TRIES_WINDOW};
use b24bot::store::EmployeeId;
use serde_json::Value;

use crate::support::chat::{portal, requests};
use crate::support::telegram::TgUser;
use crate::support::telegram_bot::{TelegramBot, telegram_user, text};

/// John Carter, a sales manager of the demo portal (employee 3).
const EMAIL: &str = "john.carter@example.com";

/// The code in the employee's newest Bitrix24 notification.
async fn code_sent_to(bot: &TelegramBot, employee: u64) -> String {
    let url = format!("{}/sandbox/inbox/{employee}", bot.sandbox.base_url());
    let inbox: Vec<Value> = reqwest::get(url).await.unwrap().json().await.unwrap();
    let notification = inbox
        .iter()
        .rev()
        .find(|item| item["kind"] == "notification")
        .expect("a notification");
    let text = notification["text"].as_str().unwrap();
    text.split(|c: char| !c.is_ascii_digit())
        .find(|word| word.len() == 6)
        .unwrap_or_else(|| panic!("no code in {text:?}"))
        .to_owned()
}

fn another_code(code: &str) -> String {
    format!("{:06}", (code.parse::<u32>().unwrap() + 1) % 1_000_000)
}

async fn linked(bot: &TelegramBot, user: &TgUser) -> Option<u64> {
    let link = bot.store.link_of(&telegram_user(user)).await.unwrap();
    link.map(|link| link.employee.0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_right_code_links_and_the_portal_opens() {
    let bot = TelegramBot::start().await;
    let user = TgUser::new(501, "John");
    let asked = text(&bot.say(&user, "/start").await);
    assert!(asked.contains("send me your work e-mail"), "{asked}");
    let sent = text(&bot.say(&user, EMAIL).await);
    assert!(sent.contains("6-digit code"), "{sent}");
    let code = code_sent_to(&bot, 3).await;
    let done = text(&bot.say(&user, &code).await);
    assert!(done.contains("this chat is linked"), "{done}");
    assert_eq!(linked(&bot, &user).await, Some(3));
    let deals = text(&bot.say(&user, "/deals").await);
    assert!(deals.contains("Northwind pilot project"), "{deals}");
    // The code worked once.
    bot.say(&user, "/unlink").await;
    let again = text(&bot.say(&user, &code).await);
    assert!(again.contains("haven't sent you a code"), "{again}");
    assert_eq!(linked(&bot, &user).await, None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn link_in_one_step_a_wrong_code_counts_and_the_right_one_still_works() {
    let bot = TelegramBot::start().await;
    let user = TgUser::new(502, "John");
    bot.say(&user, &format!("/LINK {EMAIL}")).await;
    let code = code_sent_to(&bot, 3).await;
    let wrong = text(&bot.say(&user, &another_code(&code)).await);
    assert!(wrong.contains("not right"), "{wrong}");
    assert!(wrong.contains(&format!(": {}.", MAX_TRIES - 2)), "{wrong}");
    assert_eq!(linked(&bot, &user).await, None);
    bot.say(&user, &code).await;
    assert_eq!(linked(&bot, &user).await, Some(3));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expired_code_links_nobody() {
    let bot = TelegramBot::start().await;
    let user = TgUser::new(503, "John");
    bot.say(&user, EMAIL).await;
    let code = code_sent_to(&bot, 3).await;
    bot.advance(CODE_LIFETIME.as_secs() + 1);
    let expired = text(&bot.say(&user, &code).await);
    assert!(expired.contains("expired"), "{expired}");
    assert_eq!(linked(&bot, &user).await, None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn five_tries_an_hour_then_even_the_right_code_is_refused() {
    let bot = TelegramBot::start().await;
    let user = TgUser::new(504, "John");
    bot.say(&user, EMAIL).await;
    let code = code_sent_to(&bot, 3).await;
    for _ in 1..MAX_TRIES {
        bot.say(&user, &another_code(&code)).await;
    }
    let refused = text(&bot.say(&user, &code).await);
    assert!(refused.contains("Too many tries"), "{refused}");
    assert_eq!(linked(&bot, &user).await, None);
    // The employee is protected too: another Telegram account cannot keep asking for codes.
    let other = TgUser::new(505, "Mallory");
    for _ in 1..MAX_TRIES {
        bot.say(&other, EMAIL).await;
    }
    let refused = text(&bot.say(&other, EMAIL).await);
    assert!(refused.contains("Too many tries"), "{refused}");
    // An hour later the user may try again.
    bot.advance(TRIES_WINDOW.as_secs() + 1);
    bot.say(&user, EMAIL).await;
    let code = code_sent_to(&bot, 3).await;
    bot.say(&user, &code).await;
    assert_eq!(linked(&bot, &user).await, Some(3));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stranger_sees_nothing_from_the_portal() {
    let bot = TelegramBot::start().await;
    let user = TgUser::new(506, "Eve");
    requests(&bot.sandbox).await;
    let answer = text(&bot.say(&user, "/deals").await);
    assert!(answer.contains("Send /start to link"), "{answer}");
    let answer = text(&bot.say(&user, "show my deals").await);
    assert!(answer.contains("Send /start to link"), "{answer}");
    let help = text(&bot.say(&user, "/help").await);
    assert!(help.contains("/help deals"), "{help}");
    let lang = text(&bot.say(&user, "/lang ru").await);
    assert!(!lang.contains("/start"), "{lang}");
    assert_eq!(requests(&bot.sandbox).await, Vec::<Value>::new());
    // An e-mail nobody has gets the same answer as a colleague's, and reaches nobody.
    let unknown = text(&bot.say(&user, "nobody@example.com").await);
    assert!(unknown.contains("nobody@example.com"), "{unknown}");
    assert_eq!(linked(&bot, &user).await, None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_link_token_works_once() {
    let bot = TelegramBot::start().await;
    let token = bot
        .store
        .issue_link_token(EmployeeId(3), bot.now() + CODE_LIFETIME)
        .await
        .unwrap();
    let user = TgUser::new(507, "John");
    let done = text(&bot.say(&user, &format!("/start {}", token.as_str())).await);
    assert!(done.contains("this chat is linked"), "{done}");
    assert_eq!(linked(&bot, &user).await, Some(3));
    let other = TgUser::new(508, "Mallory");
    let refused = text(&bot.say(&other, &format!("/start {}", token.as_str())).await);
    assert!(refused.contains("no longer valid"), "{refused}");
    assert_eq!(linked(&bot, &other).await, None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deactivated_employee_loses_access() {
    let bot = TelegramBot::start().await;
    let user = TgUser::new(509, "Pavel");
    // Employee 9 of the demo portal is deactivated; the link predates that.
    bot.link(&user, 9).await;
    let answer = text(&bot.say(&user, "/deals").await);
    assert!(answer.contains("deactivated"), "{answer}");
    // Nor can a deactivated employee pair again: the portal finds only active colleagues.
    bot.say(&user, "/unlink").await;
    bot.say(&user, "p.morozov@example.com").await;
    let url = format!("{}/sandbox/inbox/9", bot.sandbox.base_url());
    let inbox: Vec<Value> = reqwest::get(url).await.unwrap().json().await.unwrap();
    assert!(inbox.iter().all(|item| item["kind"] != "notification"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deactivation_is_trusted_away_within_ten_minutes_and_no_sooner_asked_again() {
    let bot = TelegramBot::start().await;
    let user = TgUser::new(510, "Olivia");
    bot.link(&user, 7).await;
    let before = text(&bot.say(&user, "/leads").await);
    assert!(!before.contains("deactivated"), "{before}");
    // The administrator dismisses her in the portal, as `user.update` does on a real one.
    portal(&bot.sandbox)
        .call(
            "user.update",
            &serde_json::json!({ "ID": 7, "ACTIVE": "N" }),
        )
        .await
        .unwrap();
    requests(&bot.sandbox).await;

    bot.advance(9 * 60 + 59);
    let within = text(&bot.say(&user, "/leads").await);
    assert!(!within.contains("deactivated"), "{within}");
    let asked: Vec<Value> = requests(&bot.sandbox).await;
    assert!(
        asked.iter().all(|request| request["method"] != "user.get"),
        "the answer of ten minutes ago is trusted: {asked:?}"
    );

    bot.advance(2);
    let after = text(&bot.say(&user, "/leads").await);
    assert!(after.contains("deactivated"), "{after}");
    let asked: Vec<Value> = requests(&bot.sandbox).await;
    assert_eq!(
        asked
            .iter()
            .filter(|request| request["method"] == "user.get")
            .count(),
        1,
        "{asked:?}"
    );
    assert!(
        asked
            .iter()
            .all(|request| request["method"] != "crm.lead.list"),
        "a deactivated employee reaches nothing: {asked:?}"
    );
}
