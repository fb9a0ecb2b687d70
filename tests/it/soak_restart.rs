//! Restarts during reminders and chat polling: the Bitrix24 chat bot is stopped and started
//! again at random moments while an employee writes to it, and the reminder scheduler is cut
//! off in the middle of its wake-ups (its future dropped, as a crash drops it) while reminders
//! fall due on the portal's moving clock. No message is answered twice or left unanswered, and
//! no reminder arrives twice. `SOAK_SCALE=full` runs 40 rounds instead of 6.

use std::sync::Arc;
use std::time::Duration;

use b24bot::channels::bitrix24::{ChatCourier, Sender};
use b24bot::channels::courier::Courier;
use b24bot::reminders::{Pace, Scheduler, Wake};
use b24bot::store::Store;
use jiff::{SignedDuration, Timestamp};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::{Value, json};

use crate::bitrix24_channel::{ChatBot, JOHN, Mode};
use crate::reminders::set_clock;
use crate::support::chat::{self, START};
use crate::support::soak;

/// Between rounds, so the restarts do not outrun the portal's request budget.
const ROUND_PAUSE: Duration = Duration::from_secs(4);

/// Tasks of John's due one after another, 20 minutes apart from 13:00 UTC, so their reminders
/// (an hour before) fall due while the clock moves through the rounds.
async fn add_tasks(bot: &ChatBot, count: usize) -> Vec<String> {
    let portal = chat::portal(&bot.sandbox);
    let first: Timestamp = "2026-03-02T13:00:00Z".parse().unwrap();
    let mut titles = Vec::new();
    for n in 0..count {
        let title = format!("Soak reminder {n}");
        let deadline = first + SignedDuration::from_mins(20 * n as i64);
        portal
            .call_as::<Value>(
                "tasks.task.add",
                &json!({"fields": {
                    "TITLE": title, "RESPONSIBLE_ID": JOHN, "DEADLINE": deadline.to_string(),
                }}),
            )
            .await
            .unwrap();
        titles.push(title);
    }
    titles
}

async fn scheduler(bot: &ChatBot) -> Scheduler {
    let portal = chat::portal(&bot.sandbox);
    let sender = Sender::Bot(bot.registration.clone().expect("bot mode"));
    let couriers: Vec<Arc<dyn Courier>> = vec![Arc::new(ChatCourier::new(portal.clone(), sender))];
    Scheduler::start(
        bot.store.clone(),
        &portal,
        couriers,
        crate::bitrix24_channel::defaults(),
        Wake::default(),
        Pace::DEFAULT,
        Timestamp::now(),
    )
    .await
    .expect("the scheduler starts")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn restarts_during_reminders_and_chat_polling_repeat_and_drop_nothing() {
    let rounds = soak::size(6, 40);
    let mut rng = StdRng::seed_from_u64(24);
    let mut bot = ChatBot::new(chat::sandbox_at_start().await, Mode::Bot).await;
    // On a file, as in production: a wake-up cut off mid-query costs the pool its connection,
    // and a new connection to an in-memory database would be an empty one.
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("bot.db").display());
    bot.store = Store::open(&url).await.unwrap();
    bot.launch().await;
    let titles = add_tasks(&bot, 12).await;
    let dialog = bot.bot_id().to_string();
    let start: Timestamp = START.parse().unwrap();
    // From 11:40 to 17:40 UTC, whatever the number of rounds.
    let step = SignedDuration::from_mins(360 / rounds as i64);
    let mut clock = start + SignedDuration::from_mins(280);
    for _ in 0..rounds {
        bot.say_in(JOHN, &dialog, "/task 2").await;
        clock += step;
        set_clock(&bot.sandbox, &clock.to_string()).await;
        let scheduler = scheduler(&bot).await;
        // A wake-up cut off at a random moment, then the scheduler is gone: a crash.
        let cut = Duration::from_millis(rng.random_range(0..400));
        let _ = tokio::time::timeout(cut, scheduler.tick()).await;
        drop(scheduler);
        tokio::time::sleep(Duration::from_millis(rng.random_range(0..300))).await;
        bot.stop().await;
        bot.launch().await;
        // A restart costs the portal a few requests; the portal's bucket (2 a second) drains
        // before the next round, as it would between real restarts.
        tokio::time::sleep(ROUND_PAUSE).await;
    }
    clock += SignedDuration::from_mins(30);
    set_clock(&bot.sandbox, &clock.to_string()).await;
    scheduler(&bot).await.tick().await.unwrap();
    bot.settle().await;

    let inbox = bot.answers(JOHN).await;
    let texts: Vec<&str> = inbox
        .iter()
        .map(|item| item["text"].as_str().unwrap_or_default())
        .collect();
    let cards = texts
        .iter()
        .filter(|text| text.contains("Deadline"))
        .count();
    let reminders: Vec<&&str> = texts
        .iter()
        .filter(|text| text.contains("Due soon"))
        .collect();
    assert_eq!(
        cards - reminders.len(),
        rounds,
        "each message answered once: {texts:#?}"
    );
    for title in &titles {
        let line = format!("{title}\n");
        let times = reminders.iter().filter(|text| text.contains(&line)).count();
        assert!(times <= 1, "{title} reminded {times} times: {texts:#?}");
    }
    // A reminder cut off after its claim, or more than an hour late by the next round, waits
    // for the digest instead; most still arrive.
    assert!(
        reminders.len() >= titles.len() / 2,
        "reminders mostly arrive despite the crashes: {texts:#?}"
    );
    bot.stop().await;
}
