//! The Telegram channel against the fake Bot API server and the sandbox: commands and a form
//! with buttons, the menu, groups, delivery to a user who blocked the bot, restarts, and
//! `b24bot run` as a process (settings, SIGTERM).

use std::process::{Command, Stdio};
use std::time::Duration;

use serde_json::json;

use crate::support::chat::{self, deals_titled};
use crate::support::logwatch;
use crate::support::telegram::{
    BOT_USERNAME, Chat, Config, FakeTelegram, Incoming, SentMessage, TOKEN, TgUser,
};
use crate::support::telegram_bot::{TelegramBot, WAIT, button, telegram_user, text};

/// Every message went out in HTML parse mode and within Telegram's length limit (the fake has
/// already refused any that Telegram would refuse to parse).
fn assert_deliverable(messages: &[SentMessage]) {
    for message in messages {
        assert_eq!(message.parse_mode.as_deref(), Some("HTML"), "{message:?}");
        let source = message.source.as_deref().unwrap_or_default();
        assert!(source.encode_utf16().count() <= 4096, "{message:?}");
    }
}

fn with_keyboard(messages: &[SentMessage]) -> &SentMessage {
    messages
        .iter()
        .rev()
        .find(|message| message.reply_markup.is_some())
        .expect("a message with a keyboard")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deal_form_with_buttons_answered_at_once_and_edited_in_place() {
    let bot = TelegramBot::start().await;
    let user = TgUser::new(601, "John");
    bot.link(&user, 3).await;
    let asked = bot.say(&user, "/deal new Zeta Corp 10000 USD").await;
    assert!(text(&asked).contains("Which company is it for?"));
    let offered = bot.say(&user, "Zeta Corp").await;
    let choice = with_keyboard(&offered);
    let query = bot
        .press(&user, choice.message_id, &button(choice, "Create"))
        .await;
    assert!(
        bot.fake
            .callback_answers()
            .iter()
            .any(|answer| answer.query_id == query),
        "the callback was answered"
    );
    let sent = bot.fake.sent(user.id);
    let preview = sent
        .iter()
        .find(|message| message.message_id == choice.message_id)
        .unwrap();
    assert_eq!(preview.edits, 1, "{preview:?}");
    let preview_text = preview.text.clone().unwrap();
    assert!(preview_text.contains("Zeta Corp (new)"), "{preview_text}");
    bot.press(&user, preview.message_id, &button(preview, "Confirm"))
        .await;
    assert_eq!(deals_titled(&bot.sandbox, "Zeta Corp").await.len(), 1);
    // The choice's outcome replaced the preview: its buttons are gone.
    let edited = bot.fake.sent(user.id);
    let preview = edited
        .iter()
        .find(|message| message.message_id == choice.message_id)
        .unwrap();
    assert_eq!(preview.edits, 2, "{preview:?}");
    assert!(preview.reply_markup.is_none(), "{preview:?}");
    assert_deliverable(&bot.fake.sent(user.id));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_old_button_is_no_longer_active() {
    let bot = TelegramBot::start().await;
    let user = TgUser::new(602, "John");
    bot.link(&user, 3).await;
    bot.say(&user, "/deal new Zeta Corp 10000 USD").await;
    let offered = bot.say(&user, "Zeta Corp").await;
    let old = with_keyboard(&offered).clone();
    bot.say(&user, "/cancel").await;
    bot.press(&user, old.message_id, &button(&old, "Create"))
        .await;
    let now = bot.fake.sent(user.id);
    let pressed = now.iter().find(|m| m.message_id == old.message_id).unwrap();
    assert!(
        pressed
            .text
            .as_deref()
            .unwrap()
            .contains("no longer active"),
        "{pressed:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_foreign_button_in_a_group_leaves_the_owners_message_alone() {
    let bot = TelegramBot::start().await;
    let owner = TgUser::new(610, "John");
    let other = TgUser::new(611, "Maria");
    bot.link(&owner, 3).await;
    bot.link(&other, 2).await;
    let group = Chat::group(-4002, "Sales");
    bot.say_in(&group, &owner, "/deal new Zeta Corp 10000 USD")
        .await;
    // Plain text in a group is for people; the answer names the bot.
    assert!(bot.say_in(&group, &owner, "Zeta Corp").await.is_empty());
    let offered = bot
        .say_in(&group, &owner, &format!("@{BOT_USERNAME} Zeta Corp"))
        .await;
    let choice = with_keyboard(&offered).clone();
    let before = bot.fake.sent(group.id).len();
    bot.fake.press(
        &other,
        group.id,
        choice.message_id,
        &button(&choice, "Create"),
    );
    bot.settle().await;
    let sent = bot.fake.sent(group.id);
    let untouched = sent
        .iter()
        .find(|message| message.message_id == choice.message_id)
        .unwrap();
    assert_eq!(untouched.edits, 0, "{untouched:?}");
    assert!(
        text(&sent[before..]).contains("no longer active"),
        "{sent:?}"
    );
    // A stranger's press is told how to link.
    let stranger = TgUser::new(612, "Eve");
    bot.fake.press(
        &stranger,
        group.id,
        choice.message_id,
        &button(&choice, "Create"),
    );
    bot.settle().await;
    let last = bot.fake.sent(group.id);
    assert!(
        last.last()
            .unwrap()
            .text
            .as_deref()
            .unwrap()
            .contains("/start"),
        "{last:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restart_in_the_middle_of_a_form_resumes_it_and_answers_nothing_twice() {
    let mut bot = TelegramBot::start().await;
    let user = TgUser::new(603, "John");
    bot.link(&user, 3).await;
    bot.say(&user, "/deal new Zeta Corp 10000 USD").await;
    bot.restart().await;
    let answered = bot.fake.sent(user.id).len();
    // Nothing already answered is answered again after the restart.
    bot.fake.wait_for_polls(3, WAIT).await;
    bot.settle().await;
    assert_eq!(bot.fake.sent(user.id).len(), answered);
    let offered = bot.say(&user, "Zeta Corp").await;
    assert_eq!(offered.len(), 1, "{offered:?}");
    let choice = with_keyboard(&offered);
    bot.press(&user, choice.message_id, &button(choice, "Create"))
        .await;
    let preview = bot.fake.sent(user.id);
    let preview = preview
        .iter()
        .find(|message| message.message_id == choice.message_id)
        .unwrap();
    bot.press(&user, preview.message_id, &button(preview, "Confirm"))
        .await;
    assert_eq!(deals_titled(&bot.sandbox, "Zeta Corp").await.len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn polling_resumes_after_the_last_update_answered() {
    let mut bot = TelegramBot::start().await;
    let user = TgUser::new(609, "Eve");
    bot.stop().await;
    let chat = Chat::private(&user);
    bot.fake.inject(Incoming::text(&chat, &user, "/help"));
    let answered = bot.fake.last_update_id();
    bot.fake.inject(Incoming::text(&chat, &user, "/deals"));
    // A previous run answered the first and stopped before Telegram heard so.
    bot.store
        .set_cursor("telegram.last_update", answered, bot.now())
        .await
        .unwrap();
    bot.launch().await;
    bot.settle().await;
    let sent = bot.fake.sent(user.id);
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert!(text(&sent).contains("Send /start to link"), "{sent:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn commands_in_any_case_and_with_the_bots_name_and_long_answers_split() {
    let bot = TelegramBot::start().await;
    let user = TgUser::new(604, "Alex");
    bot.link(&user, 1).await;
    let help = text(&bot.say(&user, &format!("/HELP@{BOT_USERNAME}")).await);
    assert!(help.contains("/help deals"), "{help}");
    // The administrator sees every deal: a long answer, each message deliverable.
    let deals = bot.say(&user, "/Deals").await;
    assert!(!deals.is_empty());
    assert_deliverable(&bot.fake.sent(user.id));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_a_group_only_commands_mentions_and_replies_are_answered() {
    let bot = TelegramBot::start().await;
    let user = TgUser::new(605, "John");
    bot.link(&user, 3).await;
    let group = Chat::group(-4001, "Sales");
    assert!(bot.say_in(&group, &user, "my deals").await.is_empty());
    assert!(
        bot.say_in(&group, &user, "/deals@another_bot")
            .await
            .is_empty()
    );
    let mentioned = text(
        &bot.say_in(&group, &user, &format!("@{BOT_USERNAME} my deals"))
            .await,
    );
    assert!(mentioned.contains("Northwind pilot project"), "{mentioned}");
    let command = bot.say_in(&group, &user, "/deals").await;
    assert!(text(&command).contains("Northwind pilot project"));
    let reply = Incoming::text(&group, &user, "my deals").reply_to(command[0].message_id);
    let before = bot.fake.sent(group.id).len();
    bot.fake.inject(reply);
    bot.settle().await;
    let replied = text(&bot.fake.sent(group.id)[before..]);
    assert!(replied.contains("Northwind pilot project"), "{replied}");
    // Someone not linked asking in the group sees nothing from the portal.
    let stranger = TgUser::new(606, "Eve");
    let answer = text(&bot.say_in(&group, &stranger, "/deals").await);
    assert!(!answer.contains("Northwind"), "{answer}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_user_who_blocked_the_bot_is_marked_until_they_write_again() {
    let mut bot = TelegramBot::start().await;
    let user = TgUser::new(607, "John");
    bot.link(&user, 3).await;
    // The user writes, then blocks the bot before it answers (it was down meanwhile).
    bot.stop().await;
    bot.fake
        .inject(Incoming::text(&Chat::private(&user), &user, "/help"));
    bot.fake.block(user.id);
    bot.launch().await;
    bot.settle().await;
    assert!(bot.fake.sent(user.id).is_empty());
    let link = bot.store.link_of(&telegram_user(&user)).await.unwrap();
    assert!(link.unwrap().blocked);
    // Writing again is how they come back.
    assert!(!bot.say(&user, "/help").await.is_empty());
    let link = bot.store.link_of(&telegram_user(&user)).await.unwrap();
    assert!(!link.unwrap().blocked);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn telegrams_flood_control_is_waited_out_and_nothing_is_lost() {
    let mut bot = TelegramBot::start_with(Config {
        flood_per_second: Some(2),
    })
    .await;
    let user = TgUser::new(613, "Eve");
    bot.stop().await;
    let chat = Chat::private(&user);
    for _ in 0..4 {
        bot.fake.inject(Incoming::text(&chat, &user, "/help"));
    }
    bot.launch().await;
    bot.fake.wait_for_messages(user.id, 4, WAIT).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_contact_card_offers_the_contact_form_prefilled_from_it() {
    let bot = TelegramBot::start().await;
    let user = TgUser::new(618, "John");
    bot.link(&user, 3).await;
    let chat = Chat::private(&user);
    let before = bot.fake.sent(user.id).len();
    bot.fake
        .inject(Incoming::contact(&chat, &user, "+1 415 555 0177", "Nora"));
    bot.settle().await;
    let offered = bot.fake.sent(user.id)[before..].to_vec();
    assert!(text(&offered).contains("No contacts found"), "{offered:?}");
    let card = with_keyboard(&offered).clone();
    bot.press(&user, card.message_id, &button(&card, "Create contact"))
        .await;
    // The card gave the name and the phone: the form goes straight to its preview, in place
    // of the message with the button.
    let sent = bot.fake.sent(user.id);
    let preview = sent
        .iter()
        .find(|message| message.message_id == card.message_id)
        .unwrap()
        .clone();
    let shown = preview.text.clone().unwrap();
    assert!(shown.contains("Here's the new contact"), "{shown}");
    assert!(
        shown.contains("Nora") && shown.contains("+1 415 555 0177"),
        "{shown}"
    );
    assert!(
        !text(&sent[before..]).contains("What's the person's name"),
        "{sent:?}"
    );
    bot.press(&user, preview.message_id, &button(&preview, "Confirm"))
        .await;
    let created = chat::portal(&bot.sandbox)
        .list_all(
            "crm.contact.list",
            &json!({"filter": {"NAME": "Nora"}, "select": ["ID", "NAME", "PHONE"]}),
        )
        .await
        .unwrap();
    assert_eq!(created.len(), 1, "{created:?}");
    assert!(
        created[0]["PHONE"][0]["VALUE"] == "+1 415 555 0177",
        "{created:?}"
    );
    assert_deliverable(&bot.fake.sent(user.id));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_known_contact_card_finds_it_and_offers_no_creation() {
    let bot = TelegramBot::start().await;
    let user = TgUser::new(619, "John");
    bot.link(&user, 3).await;
    let chat = Chat::private(&user);
    let before = bot.fake.sent(user.id).len();
    bot.fake
        .inject(Incoming::contact(&chat, &user, "+1 415 555 0199", "Laura"));
    bot.settle().await;
    let sent = bot.fake.sent(user.id);
    assert!(text(&sent[before..]).contains("Laura Mitchell"), "{sent:?}");
    assert!(
        sent[before..].iter().all(|m| m.reply_markup.is_none()),
        "{sent:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_command_menu_is_set_in_english_and_russian() {
    let bot = TelegramBot::start().await;
    let english = bot.fake.commands(json!({"type": "default"}), "");
    let russian = bot.fake.commands(json!({"type": "default"}), "ru");
    let names = |menu: &[(String, String)]| menu.iter().map(|(c, _)| c.clone()).collect::<Vec<_>>();
    assert_eq!(names(&english), names(&russian));
    assert!(names(&english).contains(&"start".to_owned()));
    assert_eq!(english[1].1, "What I can do");
    assert_eq!(russian[1].1, "Что я умею");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn inline_search_offers_what_the_user_may_see_with_tap_to_call_phones() {
    let bot = TelegramBot::start().await;
    let user = TgUser::new(620, "John");
    bot.link(&user, 3).await;
    let answer = bot.inline(&user, "Mitchell").await;
    assert!(answer.is_personal, "{answer:?}");
    assert_eq!(answer.cache_time, Some(10), "{answer:?}");
    assert_eq!(answer.results.len(), 1, "{answer:?}");
    let card = &answer.results[0];
    assert_eq!(card["type"], "article");
    assert_eq!(card["title"], "Laura Mitchell");
    assert_eq!(card["description"], "+14155550199");
    let content = &card["input_message_content"];
    assert_eq!(content["parse_mode"], "HTML");
    // In international form, so the phone in the sent card dials with one tap.
    assert!(
        content["message_text"]
            .as_str()
            .unwrap()
            .contains("+14155550199"),
        "{card}"
    );
    let companies = bot.inline(&user, "Northwind").await;
    let titles: Vec<&str> = companies
        .results
        .iter()
        .map(|card| card["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["Northwind Traders"]);
    // Ivan Petrov is another employee's contact: the policy keeps him out of John's search.
    let hidden = bot.inline(&user, "Петров").await;
    assert!(hidden.results.is_empty(), "{hidden:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn inline_search_tells_a_stranger_how_to_link_and_shows_nothing_else() {
    let bot = TelegramBot::start().await;
    let stranger = TgUser::new(621, "Eve");
    let answer = bot.inline(&stranger, "Mitchell").await;
    assert!(answer.is_personal, "{answer:?}");
    assert_eq!(answer.results.len(), 1, "{answer:?}");
    let only = answer.results[0].to_string();
    assert!(only.contains("/start"), "{only}");
    assert!(
        !only.contains("Laura") && !only.contains("4155550199"),
        "{only}"
    );
    // A deactivated employee's user (employee 9 left the demo portal) gets the same card.
    let left = TgUser::new(622, "Pavel");
    bot.link(&left, 9).await;
    let answer = bot.inline(&left, "Mitchell").await;
    assert_eq!(answer.results.len(), 1, "{answer:?}");
    assert!(
        answer.results[0].to_string().contains("/start"),
        "{answer:?}"
    );
}

fn run_command(dir: &std::path::Path, env: &[(&str, &str)]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_b24bot"));
    command
        .arg("run")
        .current_dir(dir)
        .env_clear()
        // A port of its own, so runs in parallel do not compete for the default one.
        .env("HTTP_ADDR", "127.0.0.1:0")
        .envs(env.iter().copied())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command
}

#[test]
fn run_refuses_a_missing_or_malformed_setting_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let webhook = format!("https://a.example/rest/1/{}/", crate::support::SECRET);
    let webhook = ("BITRIX24_WEBHOOK_URL", webhook.as_str());
    // Malformed, but a token all the same.
    logwatch::watch("t0ken-without-id");
    for (env, variable) in [
        (vec![], "BITRIX24_WEBHOOK_URL"),
        (
            vec![webhook, ("B24_CHAT_MODE", "off")],
            "TELEGRAM_BOT_TOKEN",
        ),
        (
            vec![webhook, ("TELEGRAM_BOT_TOKEN", "t0ken-without-id")],
            "TELEGRAM_BOT_TOKEN",
        ),
        (
            vec![
                webhook,
                ("TELEGRAM_BOT_TOKEN", TOKEN),
                ("BOT_TZ", "Mars/Base"),
            ],
            "BOT_TZ",
        ),
        (
            vec![
                webhook,
                ("TELEGRAM_BOT_TOKEN", TOKEN),
                ("TELEGRAM_API_URL", "not a url"),
            ],
            "TELEGRAM_API_URL",
        ),
    ] {
        let output = run_command(dir.path(), &env).output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{env:?}");
        logwatch::assert_output_clean(&output);
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(stderr.starts_with(&format!("{variable}: ")), "{stderr}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn run_names_the_token_when_telegram_refuses_it() {
    let fake = FakeTelegram::start().await;
    let dir = tempfile::tempdir().unwrap();
    let api_url = fake.api_url();
    let webhook = format!("https://a.example/rest/1/{}/", crate::support::SECRET);
    logwatch::watch("wr0ngS3cret");
    let output = run_command(
        dir.path(),
        &[
            ("BITRIX24_WEBHOOK_URL", &webhook),
            ("TELEGRAM_BOT_TOKEN", "7000000001:wr0ngS3cret"),
            ("TELEGRAM_API_URL", &api_url),
            (
                "DATABASE_URL",
                &format!("sqlite://{}", dir.path().join("b.db").display()),
            ),
            // Every line, so the token's trip to Telegram and back is searched too.
            ("RUST_LOG", "trace"),
        ],
    )
    .output()
    .unwrap();
    logwatch::assert_output_clean(&output);
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr
            .lines()
            .any(|line| line.starts_with("TELEGRAM_BOT_TOKEN: ")),
        "{stderr}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn run_polls_until_sigterm_then_exits_0_without_showing_the_token() {
    run_until_sigterm(&[]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn run_by_webhook_until_sigterm_then_exits_0_without_showing_secrets() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("http://127.0.0.1:{port}/telegram");
    let listen = format!("127.0.0.1:{port}");
    let secret = run_until_sigterm(&[("TELEGRAM_WEBHOOK_URL", &url), ("HTTP_ADDR", &listen)]).await;
    assert!(secret.is_some(), "the webhook was set with a secret");
}

/// Runs `b24bot run` against the fake and the sandbox, has a stranger ask for help, stops it
/// with SIGTERM and checks it exits 0 with neither the token nor the webhook secret in its
/// logs; returns the webhook secret the bot set, if any.
async fn run_until_sigterm(extra: &[(&str, &str)]) -> Option<String> {
    let fake = FakeTelegram::start().await;
    let sandbox = crate::support::chat::sandbox().await;
    let dir = tempfile::tempdir().unwrap();
    let database = format!("sqlite://{}", dir.path().join("bot.db").display());
    let webhook = sandbox.webhook(1).unwrap().url.clone();
    let api_url = fake.api_url();
    let mut env = vec![
        ("BITRIX24_WEBHOOK_URL", webhook.as_str()),
        ("TELEGRAM_BOT_TOKEN", TOKEN),
        ("TELEGRAM_API_URL", &api_url),
        ("DATABASE_URL", &database),
        ("RUST_LOG", "debug"),
    ];
    env.extend_from_slice(extra);
    let mut child = run_command(dir.path(), &env).spawn().unwrap();
    if extra.is_empty() {
        fake.wait_for_polls(1, WAIT).await;
    } else {
        let deadline = std::time::Instant::now() + WAIT;
        while fake.webhook_secret().is_none() {
            assert!(std::time::Instant::now() < deadline, "no webhook was set");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
    let user = TgUser::new(608, "Eve");
    fake.inject(Incoming::text(&Chat::private(&user), &user, "/help"));
    fake.wait_for_messages(user.id, 1, WAIT).await;
    let status = crate::support::terminate(&mut child, WAIT).await;
    let output = child.wait_with_output().unwrap();
    assert_eq!(
        status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    // The webhook secret the bot chose is watched since the fake received it; the token of
    // the Bitrix24 chat's bot, which runs too, is in its database.
    logwatch::watch(&crate::bitrix24_channel::bot_token(&database).await);
    logwatch::assert_output_clean(&output);
    fake.webhook_secret()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn webhook_mode_checks_the_secret_and_answers_a_redelivery_once() {
    let mut bot = TelegramBot::start().await;
    bot.stop().await;
    let url = bot.launch_webhook().await;
    let user = TgUser::new(614, "Eve");
    let help = text(&bot.say(&user, "/help").await);
    assert!(help.contains("/help deals"), "{help}");
    let secret = bot
        .fake
        .webhook_secret()
        .expect("the bot set a secret token");
    let update = json!({"update_id": 990_000_001, "message": {
        "message_id": 900, "date": 1_772_434_800, "text": "/help",
        "chat": {"id": user.id, "type": "private", "first_name": "Eve"},
        "from": {"id": user.id, "is_bot": false, "first_name": "Eve"},
    }});
    let http = reqwest::Client::new();
    let post = |token: Option<&str>| {
        let mut request = http.post(&url).json(&update);
        if let Some(token) = token {
            request = request.header("X-Telegram-Bot-Api-Secret-Token", token);
        }
        request.send()
    };
    let answered = bot.fake.sent(user.id).len();
    assert_eq!(post(None).await.unwrap().status(), 401);
    assert_eq!(post(Some("guess")).await.unwrap().status(), 401);
    assert_eq!(bot.fake.sent(user.id).len(), answered);
    assert_eq!(post(Some(&secret)).await.unwrap().status(), 200);
    assert_eq!(bot.fake.sent(user.id).len(), answered + 1);
    // Telegram did not hear the answer and delivers it again: it is not answered twice.
    assert_eq!(post(Some(&secret)).await.unwrap().status(), 200);
    assert_eq!(bot.fake.sent(user.id).len(), answered + 1);
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_through_telegram_prints_a_link_per_employee_that_pairs_at_once() {
    let fake = FakeTelegram::start().await;
    let dir = tempfile::tempdir().unwrap();
    let api_url = fake.api_url();
    let mut command = Command::new(env!("CARGO_BIN_EXE_b24bot"));
    command
        .args(["demo", "--telegram"])
        .current_dir(dir.path())
        .env_clear()
        .envs([
            ("TELEGRAM_BOT_TOKEN", TOKEN),
            ("TELEGRAM_API_URL", &api_url),
            ("HTTP_ADDR", "127.0.0.1:0"),
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().unwrap();
    let stdout = child.stdout.take().unwrap();
    // Read on a thread to the end, so the demo never writes into a closed pipe.
    let (lines, printed) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        use std::io::BufRead;
        for line in std::io::BufReader::new(stdout).lines() {
            let _ = lines.send(line.unwrap());
        }
    });
    let link = tokio::task::spawn_blocking(move || {
        printed
            .iter()
            .find(|line| line.contains("(#3)"))
            .expect("a link for employee 3")
    })
    .await
    .unwrap();
    let prefix = format!("https://t.me/{BOT_USERNAME}?start=");
    let token = link.split_once(&prefix).expect("a deep link").1.to_owned();
    let user = TgUser::new(615, "Visitor");
    let chat = Chat::private(&user);
    fake.inject(Incoming::text(&chat, &user, &format!("/start {token}")));
    let linked = fake.wait_for_messages(user.id, 1, WAIT).await;
    assert!(text(&linked).contains("this chat is linked"), "{linked:?}");
    fake.inject(Incoming::text(&chat, &user, "/deals"));
    let deals = fake.wait_for_messages(user.id, 2, WAIT).await;
    assert!(
        text(&deals).contains("Northwind pilot project"),
        "{deals:?}"
    );
    let status = crate::support::terminate(&mut child, WAIT).await;
    assert_eq!(status.code(), Some(0));
    logwatch::assert_output_clean(&child.wait_with_output().unwrap());
}

/// One example of every command the README lists, as a linked employee writes it in Telegram:
/// each is answered, understood, with nothing the bot could not do, and every message Telegram
/// would accept. A form a command opens is cancelled before the next.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_command_works_through_telegram() {
    let bot = TelegramBot::start().await;
    let user = TgUser::new(660, "John");
    bot.link(&user, 3).await;
    for command in [
        "/deals",
        "/deals won",
        "/deal 4",
        "/deal new Acme 50000",
        "/deal move 4 won",
        "/contact Mitchell",
        "/contact +1 415 555 0199",
        "/contact 2",
        "/contact new Anna Schmidt +49 170 1234567",
        "/tasks today",
        "/task 2",
        "/task new Call Ivan tomorrow 15:00",
        "/comment 2 waiting for the client",
        "/check 2 Send the draft",
        "/tick 2 1",
        "/delegate 2 Olivia",
        "/done 2",
        "/reopen 2",
        "/company North",
        "/company 2",
        "/company new Zeta Corp",
        "/leads",
        "/lead 1",
        "/lead new Website request",
        "/lead 1 in progress",
        "/events week",
        "/event new Demo tomorrow 10:00",
        "/free Olivia tomorrow 15:00",
        "/who Emily",
        "/msg Olivia: the quote went out",
        "/notify Emily: the report is due today",
        "/activities deal 4",
        "/call deal 4 tomorrow 10:00 discuss the contract",
        "/note deal 4 client asked for a discount",
        "/files",
        "/remind 30m",
        "/digest 08:30",
        "/notify telegram",
        "/settings",
        "/lang ru",
        "мои сделки",
        "/lang en",
        "/tz Europe/Berlin",
        "/help activities",
    ] {
        let answer = bot.say(&user, command).await;
        let said = text(&answer);
        assert!(!answer.is_empty(), "{command}: no answer");
        for refusal in ["didn't get that", "went wrong", "no longer active"] {
            assert!(!said.contains(refusal), "{command}: {said}");
        }
        if said.contains("Cancel") {
            bot.say(&user, "/cancel").await;
        }
    }
    assert_deliverable(&bot.fake.sent(user.id));
}
