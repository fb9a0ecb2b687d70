//! Task reminders against the sandbox, whose clock drives time: sent once (across a restart
//! and a crash in the middle of a send), held through quiet hours, moved by +1 h and Tomorrow,
//! dropped when the task is done, not sent to a deactivated employee or a blocked link, and the
//! REST requests a scan for 1 000 linked people costs.
//!
//! The demo seed gives employee 3 (John Carter, Europe/London) one open task: #2 "Call Laura
//! Mitchell about the contract", due Monday 2 March 2026 at 17:00 Moscow time (14:00 UTC), so
//! its reminder is due at 13:00 UTC.

use std::sync::Arc;

use b24bot::bot::{Content, Defaults};
use b24bot::channels::console::{self, Pushed};
use b24bot::channels::courier::Courier;
use b24bot::intent::Lang;
use b24bot::reminders::{Pace, Scheduler, Wake};
use b24bot::reply::{Reply, plain};
use b24bot::sandbox::server::Sandbox;
use b24bot::store::{Channel, ChannelUser, EmployeeId, ReminderKey, Store};
use jiff::Timestamp;
use jiff::tz::TimeZone;
use serde_json::{Value, json};

use crate::support::chat::{Chat, portal, requests, sandbox_at_start, user};

pub const TASK: u64 = 2;
pub const TITLE: &str = "Call Laura Mitchell about the contract";

/// Moves the sandbox's clock (the portal's time, which the scheduler keeps to).
pub async fn set_clock(sandbox: &Sandbox, at: &str) -> Timestamp {
    let answer: Value = reqwest::Client::new()
        .post(format!("{}/sandbox/clock", sandbox.base_url()))
        .json(&json!({ "now": at }))
        .send()
        .await
        .unwrap()
        .error_for_status()
        .unwrap()
        .json()
        .await
        .unwrap();
    answer["now"].as_str().unwrap().parse().unwrap()
}

/// A scheduler on `store` pushing into a console courier, as a process starting would make it.
pub async fn scheduler(sandbox: &Sandbox, store: &Store) -> (Scheduler, Pushed) {
    let (courier, pushed) = console::courier();
    let couriers: Vec<Arc<dyn Courier>> = vec![Arc::new(courier)];
    let scheduler = Scheduler::start(
        store.clone(),
        &portal(sandbox),
        couriers,
        Defaults {
            lang: Lang::En,
            time_zone: TimeZone::UTC,
        },
        Wake::default(),
        Pace::DEFAULT,
        Timestamp::now(),
    )
    .await
    .expect("the scheduler starts");
    (scheduler, pushed)
}

/// Everything pushed so far, each push's replies as the console prints them.
pub fn received(pushed: &mut Pushed) -> Vec<Vec<Reply>> {
    let mut all = Vec::new();
    while let Ok(replies) = pushed.try_recv() {
        all.push(replies);
    }
    all
}

pub fn text(push: &[Reply]) -> String {
    push.iter()
        .map(plain::render)
        .collect::<Vec<_>>()
        .join("\n\n")
}

fn methods(log: &[Value]) -> Vec<String> {
    log.iter()
        .map(|request| request["method"].as_str().unwrap_or_default().to_owned())
        .collect()
}

/// The action of the button labelled `label` under a push.
fn button(push: &[Reply], label: &str) -> String {
    push.iter()
        .flat_map(|reply| reply.buttons_in_order())
        .find(|button| button.label() == label)
        .unwrap_or_else(|| panic!("no {label:?} button"))
        .action()
        .to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reminder_is_sent_once_across_a_restart() {
    let sandbox = sandbox_at_start().await;
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("bot.db").display());
    let store = Store::open(&url).await.unwrap();
    let _chat = Chat::with_store(&sandbox, store.clone(), 3).await;
    let (scheduler, mut pushed) = scheduler(&sandbox, &store).await;

    set_clock(&sandbox, "2026-03-02T12:59:00Z").await;
    let tick = scheduler.tick().await.unwrap();
    assert!(received(&mut pushed).is_empty(), "not yet");
    assert!(tick.pending);
    assert_eq!(
        tick.next,
        "2026-03-02T13:00:00Z".parse::<Timestamp>().unwrap()
    );

    set_clock(&sandbox, "2026-03-02T13:00:30Z").await;
    scheduler.tick().await.unwrap();
    let pushes = received(&mut pushed);
    assert_eq!(pushes.len(), 1);
    insta::assert_snapshot!(text(&pushes[0]), @r"
    ⏰ Due soon
    ==========

    #2 Call Laura Mitchell about the contract

    Deadline: today, 14:00

    [1] Done  [2] +1 h  [3] Tomorrow  [4] Open
    ");
    scheduler.tick().await.unwrap();
    assert!(received(&mut pushed).is_empty(), "a second wake-up");

    drop(scheduler);
    store.close().await;
    let store = Store::open(&url).await.unwrap();
    let (scheduler, mut pushed) = self::scheduler(&sandbox, &store).await;
    scheduler.tick().await.unwrap();
    assert!(received(&mut pushed).is_empty(), "after a restart");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_send_cut_short_by_a_crash_is_not_repeated_but_listed_in_the_next_digest() {
    let sandbox = sandbox_at_start().await;
    let store = Store::in_memory().await.unwrap();
    let _chat = Chat::with_store(&sandbox, store.clone(), 3).await;
    let deadline = portal(&sandbox).task(TASK).await.unwrap().deadline.unwrap();
    // The previous run claimed the reminder and stopped before the channel answered.
    let key = ReminderKey {
        task_id: TASK,
        deadline,
        kind: "before".into(),
    };
    set_clock(&sandbox, "2026-03-02T13:00:30Z").await;
    assert!(
        store
            .claim_reminder(&key, EmployeeId(3), TITLE, Timestamp::now())
            .await
            .unwrap()
    );

    let (scheduler, mut pushed) = scheduler(&sandbox, &store).await;
    scheduler.tick().await.unwrap();
    assert!(received(&mut pushed).is_empty(), "never twice");

    // Tuesday 09:00 in London: the digest, with the reminder that may not have arrived.
    store
        .set_settings(
            &user(),
            &b24bot::store::Settings {
                reminders: Some(b24bot::store::Reminders::Off),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    set_clock(&sandbox, "2026-03-03T09:00:10Z").await;
    scheduler.tick().await.unwrap();
    let pushes = received(&mut pushed);
    assert_eq!(pushes.len(), 1);
    let digest = text(&pushes[0]);
    assert!(
        digest.contains("Reminders missed while the bot was away:"),
        "{digest}"
    );
    assert!(digest.contains(TITLE), "{digest}");
    set_clock(&sandbox, "2026-03-04T09:00:10Z").await;
    scheduler.tick().await.unwrap();
    let next_day = text(&received(&mut pushed)[0]);
    assert!(!next_day.contains("missed"), "shown once: {next_day}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn quiet_hours_hold_a_reminder_until_their_end() {
    let sandbox = sandbox_at_start().await;
    let store = Store::in_memory().await.unwrap();
    let mut chat = Chat::with_store(&sandbox, store.clone(), 3).await;
    // 13:00 UTC is 22:00 in Tokyo.
    chat.say("/tz Asia/Tokyo").await;
    let (scheduler, mut pushed) = scheduler(&sandbox, &store).await;

    set_clock(&sandbox, "2026-03-02T13:00:30Z").await;
    let tick = scheduler.tick().await.unwrap();
    assert!(received(&mut pushed).is_empty(), "quiet hours");
    // Waiting for 08:00 in Tokyo, looking again every few minutes meanwhile.
    assert!(tick.pending);
    assert!(tick.next <= "2026-03-02T23:00:00Z".parse::<Timestamp>().unwrap());

    set_clock(&sandbox, "2026-03-02T23:00:05Z").await;
    scheduler.tick().await.unwrap();
    let pushes = received(&mut pushed);
    assert_eq!(pushes.len(), 1);
    assert!(text(&pushes[0]).contains(TITLE));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plus_one_hour_and_tomorrow_move_the_reminder_not_the_deadline() {
    let sandbox = sandbox_at_start().await;
    let store = Store::in_memory().await.unwrap();
    let mut chat = Chat::with_store(&sandbox, store.clone(), 3).await;
    let (scheduler, mut pushed) = scheduler(&sandbox, &store).await;
    chat.now = set_clock(&sandbox, "2026-03-02T13:00:30Z").await;
    scheduler.tick().await.unwrap();
    let first = received(&mut pushed).remove(0);

    chat.say("/settings").await;
    requests(&sandbox).await;
    let answer = chat.send(Content::Button(button(&first, "+1 h"))).await;
    assert_eq!(
        answer,
        "✅ I'll remind you about “Call Laura Mitchell about the contract” again today, 14:00."
    );
    assert_eq!(methods(&requests(&sandbox).await), ["tasks.task.get"]);

    set_clock(&sandbox, "2026-03-02T13:59:00Z").await;
    scheduler.tick().await.unwrap();
    assert!(
        received(&mut pushed).is_empty(),
        "not before the hour is up"
    );
    chat.now = set_clock(&sandbox, "2026-03-02T14:00:40Z").await;
    scheduler.tick().await.unwrap();
    let again = received(&mut pushed);
    assert_eq!(again.len(), 1);
    let shown = text(&again[0]);
    assert!(shown.starts_with("⏰ Reminder"), "{shown}");
    assert!(
        shown.contains("Deadline: today, 14:00"),
        "the deadline stays: {shown}"
    );

    chat.send(Content::Button(button(&again[0], "Tomorrow")))
        .await;
    let deadline = portal(&sandbox).task(TASK).await.unwrap().deadline;
    assert_eq!(deadline, Some("2026-03-02T14:00:00Z".parse().unwrap()));
    // Tomorrow 09:00 in London, with the overdue notice of that morning.
    set_clock(&sandbox, "2026-03-03T09:00:05Z").await;
    scheduler.tick().await.unwrap();
    let morning: Vec<String> = received(&mut pushed)
        .iter()
        .map(|push| text(push))
        .collect();
    assert!(
        morning.iter().any(|push| push.starts_with("⏰ Reminder")),
        "{morning:#?}"
    );
    assert!(
        morning.iter().any(|push| push.starts_with("⚠️ Overdue")),
        "{morning:#?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_completed_task_is_not_reminded() {
    let sandbox = sandbox_at_start().await;
    let store = Store::in_memory().await.unwrap();
    let mut chat = Chat::with_store(&sandbox, store.clone(), 3).await;
    let (scheduler, mut pushed) = scheduler(&sandbox, &store).await;
    // The scan reaches a lead and a rescan ahead: the reminder due at 13:00 is pending.
    chat.now = set_clock(&sandbox, "2026-03-02T12:56:00Z").await;
    assert!(scheduler.tick().await.unwrap().pending);
    assert!(chat.say("/done 2").await.contains("is completed"));
    set_clock(&sandbox, "2026-03-02T13:00:30Z").await;
    let tick = scheduler.tick().await.unwrap();
    assert!(received(&mut pushed).is_empty());
    assert!(!tick.pending, "nothing left to remind of");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_blocked_link_gets_nothing_until_its_user_writes_and_a_deactivated_employee_nothing() {
    let sandbox = sandbox_at_start().await;
    let store = Store::in_memory().await.unwrap();
    let mut chat = Chat::with_store(&sandbox, store.clone(), 3).await;
    let (scheduler, mut pushed) = scheduler(&sandbox, &store).await;
    store.mark_blocked(&user()).await.unwrap();
    set_clock(&sandbox, "2026-03-02T13:00:30Z").await;
    scheduler.tick().await.unwrap();
    assert!(received(&mut pushed).is_empty(), "blocked");
    chat.say("/help").await;
    scheduler.tick().await.unwrap();
    assert_eq!(received(&mut pushed).len(), 1, "wrote again");

    // Employee 9 left the company; their link stays, their tasks too.
    let former = ChannelUser::new(Channel::Console, "former");
    store
        .link(&former, EmployeeId(9), Timestamp::now())
        .await
        .unwrap();
    assert!(!sandbox.with_data(|data, _| data.is_active_user(9)));
    let due = portal(&sandbox)
        .add_task(&b24bot::b24::tasks::NewTask {
            title: "Hand over the keys".into(),
            description: None,
            deadline: Some(
                "2026-03-02T15:30:00Z"
                    .parse::<Timestamp>()
                    .unwrap()
                    .to_zoned(TimeZone::UTC),
            ),
            responsible_id: 9,
            created_by: Some(1),
        })
        .await;
    assert!(due.is_ok(), "{due:?}");
    set_clock(&sandbox, "2026-03-02T14:30:30Z").await;
    scheduler.tick().await.unwrap();
    assert!(received(&mut pushed).is_empty(), "deactivated");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_scan_for_a_thousand_linked_people_is_one_request_after_the_first() {
    let sandbox = sandbox_at_start().await;
    let ids = sandbox.with_data(|data, now| data.add_bulk_people(1_000, now));
    let store = Store::in_memory().await.unwrap();
    for id in &ids {
        let user = ChannelUser::new(Channel::Console, format!("user{id}"));
        store
            .link(&user, EmployeeId(*id), Timestamp::now())
            .await
            .unwrap();
    }
    let (scheduler, mut pushed) = scheduler(&sandbox, &store).await;
    requests(&sandbox).await;

    scheduler.tick().await.unwrap();
    let log = requests(&sandbox).await;
    assert_eq!(methods(&log), ["server.time", "batch", "batch"]);
    let commands = |request: &Value| request["commands"].as_array().unwrap().len();
    // Who is active (and in which zone), then their tasks: 20 commands of 50 people each.
    assert_eq!(log[1]["commands"][0], "user.get");
    assert_eq!(commands(&log[1]), 20);
    assert_eq!(log[2]["commands"][0], "tasks.task.list");
    assert_eq!(commands(&log[2]), 20);

    // The next wake-up trusts what it read about people for ten minutes.
    scheduler.tick().await.unwrap();
    assert_eq!(methods(&requests(&sandbox).await), ["server.time", "batch"]);
    assert!(received(&mut pushed).is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn push_settings_in_both_languages_apply_to_every_link_of_the_person() {
    let sandbox = sandbox_at_start().await;
    let store = Store::in_memory().await.unwrap();
    let mut chat = Chat::with_store(&sandbox, store.clone(), 3).await;
    let telegram = ChannelUser::new(Channel::Telegram, "42");
    store
        .link(&telegram, EmployeeId(3), Timestamp::now())
        .await
        .unwrap();
    requests(&sandbox).await;
    let mut transcript = String::new();
    for line in [
        "/settings",
        "/remind 30m",
        "/notify telegram",
        "/digest 08:30",
        "/settings",
        "/remind soon",
        "/digest 25:00",
        "/later 2",
        "/later 4 1h",
        "don't remind me",
        "напоминай за 2 часа",
        "присылай напоминания в оба канала",
        "не присылай сводку",
        "/digest on",
    ] {
        transcript.push_str(&chat.exchange(line).await);
    }
    insta::assert_snapshot!(transcript);
    let on_telegram = store.link_of(&telegram).await.unwrap().unwrap().settings;
    assert_eq!(
        on_telegram,
        store.link_of(&user()).await.unwrap().unwrap().settings,
        "the same person on both channels"
    );
    assert_eq!(
        on_telegram.reminders,
        Some(b24bot::store::Reminders::Before { minutes: 120 })
    );
    assert_eq!(on_telegram.notify, Some(b24bot::store::NotifyChannel::Both));
    // Settings cost no REST request; only /later 4 reads the task (which is not theirs).
    let methods = methods(&requests(&sandbox).await);
    assert_eq!(methods, ["user.get", "tasks.task.get"]);
    // A notification to a colleague is still one.
    assert!(
        chat.say("/notify Olivia: the report is ready")
            .await
            .contains("Olivia")
    );
}

#[test]
fn the_push_intents_keep_their_contract() {
    let now = "2026-03-02T10:00:00+03:00[Europe/Moscow]"
        .parse::<jiff::Zoned>()
        .unwrap();
    let parse = |text: &str| {
        let context = b24bot::intent::Context {
            lang: None,
            now: now.clone(),
        };
        b24bot::intent::parse(text, &context).to_json().to_string()
    };
    let cases = [
        (
            "/remind 30m",
            r#"{"intent":"remind.set","slots":{"minutes":30},"lang":"en"}"#,
        ),
        (
            "/remind off",
            r#"{"intent":"remind.set","slots":{"off":true},"lang":"en"}"#,
        ),
        (
            "send reminders 45 minutes before the deadline",
            r#"{"intent":"remind.set","slots":{"minutes":45},"lang":"en"}"#,
        ),
        (
            "напоминай за 30 минут",
            r#"{"intent":"remind.set","slots":{"minutes":30},"lang":"ru"}"#,
        ),
        (
            "не напоминай",
            r#"{"intent":"remind.set","slots":{"off":true},"lang":"ru"}"#,
        ),
        (
            "/later 456 1h",
            r#"{"intent":"remind.later","slots":{"id":456,"until":"hour"},"lang":"en"}"#,
        ),
        (
            "/later 456 tomorrow",
            r#"{"intent":"remind.later","slots":{"id":456,"until":"tomorrow"},"lang":"en"}"#,
        ),
        (
            "/notify telegram",
            r#"{"intent":"notify.set","slots":{"channel":"telegram"},"lang":"en"}"#,
        ),
        (
            "/notify Битрикс24",
            r#"{"intent":"notify.set","slots":{"channel":"bitrix24"},"lang":"ru"}"#,
        ),
        (
            "send reminders to both",
            r#"{"intent":"notify.set","slots":{"channel":"both"},"lang":"en"}"#,
        ),
        (
            "присылай напоминания в телеграм",
            r#"{"intent":"notify.set","slots":{"channel":"telegram"},"lang":"ru"}"#,
        ),
        (
            "/notify Anna: the report is due",
            r#"{"intent":"message.notify","slots":{"to":"Anna","text":"the report is due"},"lang":"en"}"#,
        ),
        (
            "/digest 08:30",
            r#"{"intent":"digest.set","slots":{"time":"08:30"},"lang":"en"}"#,
        ),
        (
            "/digest on",
            r#"{"intent":"digest.set","slots":{"time":"09:00"},"lang":"en"}"#,
        ),
        (
            "send the digest at 7:45",
            r#"{"intent":"digest.set","slots":{"time":"07:45"},"lang":"en"}"#,
        ),
        (
            "присылай сводку в 8:30",
            r#"{"intent":"digest.set","slots":{"time":"08:30"},"lang":"ru"}"#,
        ),
        (
            "не присылай сводку",
            r#"{"intent":"digest.set","slots":{"off":true},"lang":"ru"}"#,
        ),
        // "remind me to ..." stays a task.
        (
            "remind me to call Ivan",
            r#"{"intent":"task.create","slots":{"title":"call Ivan"},"lang":"en"}"#,
        ),
    ];
    let wrong: Vec<String> = cases
        .iter()
        .filter(|(text, expected)| parse(text) != *expected)
        .map(|(text, expected)| {
            format!("{text}\n  expected {expected}\n       got {}", parse(text))
        })
        .collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// The Telegram channel's courier against the fake Bot API: a reminder arrives as HTML with
/// its buttons as an inline keyboard; a user who blocked the bot is marked so, and gets nothing
/// more until they write.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn through_telegram_a_reminder_has_a_keyboard_and_a_block_stops_pushes() {
    use crate::support::telegram::{Chat as TgChat, FakeTelegram, Incoming, TOKEN, TgUser};
    use b24bot::access::Access;
    use b24bot::channels::telegram::{Pace as TelegramPace, Telegram};
    use b24bot::config::TelegramSettings;

    let fake = FakeTelegram::start().await;
    let sandbox = sandbox_at_start().await;
    let store = Store::in_memory().await.unwrap();
    let defaults = Defaults {
        lang: Lang::En,
        time_zone: TimeZone::UTC,
    };
    let now: Timestamp = crate::support::chat::START.parse().unwrap();
    let core = crate::support::chat::start(&sandbox, store.clone(), now).await;
    let channel = Telegram::connect(
        &TelegramSettings {
            token: secrecy::SecretString::from(TOKEN),
            api_url: fake.api_url().parse().unwrap(),
            webhook: None,
        },
        TelegramPace::TELEGRAM,
        Arc::new(core),
        Arc::new(Access::new(
            store.clone(),
            portal(&sandbox),
            defaults.clone(),
        )),
        store.clone(),
        Arc::new(move || now),
    )
    .await
    .unwrap();
    let john = TgUser::new(701, "John");
    // Telegram lets a bot write only to people who wrote to it first.
    fake.inject(Incoming::text(&TgChat::private(&john), &john, "/start"));
    let link = ChannelUser::new(Channel::Telegram, "701");
    store.link(&link, EmployeeId(3), now).await.unwrap();
    let couriers: Vec<Arc<dyn Courier>> = vec![Arc::new(channel.courier())];
    let scheduler = Scheduler::start(
        store.clone(),
        &portal(&sandbox),
        couriers,
        defaults,
        channel.reminder_wake(),
        Pace::DEFAULT,
        now,
    )
    .await
    .unwrap();

    set_clock(&sandbox, "2026-03-02T13:00:30Z").await;
    scheduler.tick().await.unwrap();
    let sent = fake.sent(john.id);
    assert_eq!(sent.len(), 1);
    assert_eq!(
        sent[0].source.as_deref(),
        Some(
            "<b>⏰ Due soon</b>\n\n#2 Call Laura Mitchell about the contract\n\n<b>Deadline</b>: today, 14:00"
        )
    );
    let keyboard = sent[0].reply_markup.as_ref().unwrap();
    let data: Vec<&str> = keyboard["inline_keyboard"][0]
        .as_array()
        .unwrap()
        .iter()
        .map(|button| button["callback_data"].as_str().unwrap())
        .collect();
    assert_eq!(
        data,
        ["/done 2", "/later 2 1h", "/later 2 tomorrow", "/task 2"]
    );

    // Blocked before the snoozed reminder comes back.
    fake.block(john.id);
    let deadline = portal(&sandbox).task(TASK).await.unwrap().deadline.unwrap();
    let until = set_clock(&sandbox, "2026-03-02T13:20:00Z").await;
    store
        .snooze(&b24bot::store::Snooze {
            task_id: TASK,
            deadline,
            employee: EmployeeId(3),
            until,
        })
        .await
        .unwrap();
    scheduler.tick().await.unwrap();
    assert_eq!(
        fake.sent(john.id).len(),
        1,
        "nothing reached a blocked user"
    );
    assert!(store.link_of(&link).await.unwrap().unwrap().blocked);
}

/// The scheduler on its own: it wakes when a setting changes in the chat, not only when its
/// sleep ends.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_in_the_chat_wakes_the_sleeping_scheduler() {
    let sandbox = sandbox_at_start().await;
    let store = Store::in_memory().await.unwrap();
    let mut chat = Chat::with_store(&sandbox, store.clone(), 3).await;
    chat.say("/remind off").await;
    let (courier, mut pushed) = console::courier();
    let couriers: Vec<Arc<dyn Courier>> = vec![Arc::new(courier)];
    let running = Scheduler::start(
        store.clone(),
        &portal(&sandbox),
        couriers,
        Defaults {
            lang: Lang::En,
            time_zone: TimeZone::UTC,
        },
        chat.bot.reminder_wake(),
        Pace::DEFAULT,
        Timestamp::now(),
    )
    .await
    .unwrap()
    .spawn();
    set_clock(&sandbox, "2026-03-02T13:00:30Z").await;
    // Asleep for minutes (nothing pending with reminders off): turning them on wakes it.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert!(received(&mut pushed).is_empty());
    chat.say("/remind 60m").await;
    let push = tokio::time::timeout(std::time::Duration::from_secs(10), pushed.recv())
        .await
        .expect("woken at once")
        .unwrap();
    assert!(text(&push).contains(TITLE));
    running.stop().await;
}

/// The terminal chat prints a push between turns, and a number presses its buttons.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_terminal_chat_prints_a_push_and_its_buttons_can_be_pressed() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    let sandbox = sandbox_at_start().await;
    let store = Store::in_memory().await.unwrap();
    let chat = Chat::with_store(&sandbox, store.clone(), 3).await;
    store
        .link(
            &ChannelUser::new(Channel::Console, console::USER),
            EmployeeId(3),
            Timestamp::now(),
        )
        .await
        .unwrap();
    let (courier, terminal) = console::courier();
    let couriers: Vec<Arc<dyn Courier>> = vec![Arc::new(courier)];
    let scheduler = Scheduler::start(
        store.clone(),
        &portal(&sandbox),
        couriers,
        Defaults {
            lang: Lang::En,
            time_zone: TimeZone::UTC,
        },
        chat.bot.reminder_wake(),
        Pace::DEFAULT,
        Timestamp::now(),
    )
    .await
    .unwrap();
    let (mut keyboard, input) = tokio::io::duplex(1024);
    let (output, mut screen) = tokio::io::duplex(64 * 1024);
    let now = set_clock(&sandbox, "2026-03-02T13:00:30Z").await;
    let talking = tokio::spawn(async move {
        console::chat(
            &chat.bot,
            tokio::io::BufReader::new(input),
            output,
            console::Echo::Lines,
            None,
            move || now,
            terminal,
        )
        .await
    });
    scheduler.tick().await.unwrap();
    let mut printed = String::new();
    let mut buffer = [0u8; 4096];
    while !printed.contains("[4] Open") {
        let n = screen.read(&mut buffer).await.unwrap();
        assert!(n > 0, "the chat ended early: {printed}");
        printed.push_str(&String::from_utf8_lossy(&buffer[..n]));
    }
    assert!(printed.contains("⏰ Due soon"), "{printed}");
    keyboard.write_all(b"1\n").await.unwrap();
    while !printed.contains("is completed") {
        let n = screen.read(&mut buffer).await.unwrap();
        assert!(n > 0, "the chat ended early: {printed}");
        printed.push_str(&String::from_utf8_lossy(&buffer[..n]));
    }
    drop(keyboard);
    talking.await.unwrap().unwrap();
}
