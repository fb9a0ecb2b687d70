//! The Bitrix24 chat channel against the sandbox: employees write to the bot from their own
//! webhooks (`im.message.add`, `im.message.command` for a pressed button) and read what reached
//! them (`/sandbox/inbox/{id}`, `im.dialog.messages.get`), while the channel polls in process,
//! started and restarted on one store; a reminder pushed through its courier, pressed Done there.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use b24bot::access::{Access, Gate};
use b24bot::bot::{Content, Defaults, Inbound};
use b24bot::channels::bitrix24::{
    self, BOT_CURSOR, BotChannel, ChatCourier, Clock, Conversation, Registration, Sender,
    USER_CURSOR, UserChannel,
};
use b24bot::channels::courier::Courier;
use b24bot::intent::Lang;
use b24bot::reminders::{Pace, Scheduler, Wake};
use b24bot::sandbox::server::Sandbox;
use b24bot::store::{Channel, ChannelUser, EmployeeId, Store};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};
use serde_json::{Value, json};
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use crate::reminders::{self, set_clock};
use crate::support::chat::{self, START};
use crate::support::logwatch;

const WAIT: Duration = Duration::from_secs(15);
/// John Carter writes English; Дмитрий Соколов Russian.
pub const JOHN: u64 = 3;
const DMITRY: u64 = 4;
const EMILY: u64 = 5;

pub fn defaults() -> Defaults {
    Defaults {
        lang: Lang::En,
        time_zone: TimeZone::UTC,
    }
}

/// Calls `method` as `employee`, through their own webhook.
async fn call_as(sandbox: &Sandbox, employee: u64, method: &str, params: Value) -> Value {
    let url = format!("{}{method}", sandbox.webhook(employee).unwrap().url);
    let answer: Value = reqwest::Client::new()
        .post(url)
        .json(&params)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(answer.get("error").is_none(), "{method}: {answer}");
    answer["result"].clone()
}

/// What reached `employee` from `from`, oldest first.
async fn inbox_from(sandbox: &Sandbox, employee: u64, from: u64) -> Vec<Value> {
    let url = format!("{}/sandbox/inbox/{employee}", sandbox.base_url());
    let items: Vec<Value> = reqwest::get(url).await.unwrap().json().await.unwrap();
    items
        .into_iter()
        .filter(|item| item["from_user_id"] == json!(from))
        .collect()
}

/// What reached `employee` in their private dialog with `from`, oldest first.
async fn private_from(sandbox: &Sandbox, employee: u64, from: u64) -> Vec<Value> {
    let mut items = inbox_from(sandbox, employee, from).await;
    items.retain(|item| item["dialog_id"] == json!(from.to_string()));
    items
}

/// Waits until `employee` has `count` messages from `from` in their private dialog; returns
/// them.
async fn wait_inbox(sandbox: &Sandbox, employee: u64, from: u64, count: usize) -> Vec<Value> {
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        let items = private_from(sandbox, employee, from).await;
        if items.len() >= count {
            return items;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "{employee} has {} of {count} messages from {from}: {items:?}",
            items.len()
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

pub enum Mode {
    Bot,
    User,
}

/// The channel on the sandbox, on a store that outlives restarts.
pub struct ChatBot {
    pub sandbox: Sandbox,
    pub store: Store,
    clock: Arc<Mutex<Timestamp>>,
    mode: Mode,
    telegram: Option<String>,
    idle: Duration,
    pub registration: Option<Arc<Registration>>,
    /// Events the test caused in the bot's queue; event ids count from 1.
    events: i64,
    running: Option<(CancellationToken, JoinHandle<Result<(), bitrix24::Error>>)>,
}

impl ChatBot {
    async fn start(mode: Mode) -> ChatBot {
        let mut bot = ChatBot::new(chat::sandbox().await, mode).await;
        bot.launch().await;
        bot
    }

    pub async fn new(sandbox: Sandbox, mode: Mode) -> ChatBot {
        ChatBot {
            sandbox,
            store: Store::in_memory().await.unwrap(),
            clock: Arc::new(Mutex::new(START.parse().unwrap())),
            mode,
            telegram: None,
            idle: Duration::from_secs(1),
            registration: None,
            events: 0,
            running: None,
        }
    }

    fn clock(&self) -> Clock {
        let clock = self.clock.clone();
        Arc::new(move || *clock.lock().unwrap())
    }

    pub fn bot_id(&self) -> u64 {
        self.registration.as_ref().expect("bot mode").bot_id
    }

    /// Starts the channel as a new process would: a new core on the same store.
    pub async fn launch(&mut self) {
        let now = *self.clock.lock().unwrap();
        let portal = chat::portal(&self.sandbox);
        let core = Arc::new(chat::start(&self.sandbox, self.store.clone(), now).await);
        let access = Access::new(self.store.clone(), portal.clone(), defaults());
        let sender = match self.mode {
            Mode::Bot => {
                let registration = bitrix24::register(&portal, &self.store, Lang::En, now)
                    .await
                    .expect("the bot registers");
                logwatch::watch(secrecy::ExposeSecret::expose_secret(&registration.token));
                let registration = Arc::new(registration);
                self.registration = Some(registration.clone());
                Sender::Bot(registration)
            }
            Mode::User => Sender::User,
        };
        access.deliver_codes_through(Arc::new(ChatCourier::new(portal.clone(), sender)));
        let conversation = Conversation::new(
            core,
            Arc::new(access),
            self.store.clone(),
            self.clock(),
            defaults(),
            self.telegram.clone(),
        );
        let stop = CancellationToken::new();
        let task = match self.mode {
            Mode::Bot => {
                let channel = BotChannel::new(
                    portal,
                    self.registration.clone().unwrap(),
                    conversation,
                    self.store.clone(),
                    self.clock(),
                    self.idle,
                );
                let stop = stop.clone();
                tokio::spawn(async move { channel.poll(stop).await })
            }
            Mode::User => {
                let channel = UserChannel::new(
                    portal,
                    1,
                    conversation,
                    self.store.clone(),
                    self.clock(),
                    self.idle,
                );
                let stop = stop.clone();
                tokio::spawn(async move { channel.poll(stop).await })
            }
        };
        self.running = Some((stop, task));
        if let Mode::User = self.mode {
            // The first start takes what is in the messenger as history; wait until it has.
            let deadline = tokio::time::Instant::now() + WAIT;
            while self.store.cursor(USER_CURSOR).await.unwrap().is_none() {
                assert!(
                    tokio::time::Instant::now() < deadline,
                    "user mode did not start"
                );
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        }
    }

    pub async fn stop(&mut self) {
        let (stop, task) = self.running.take().expect("the channel runs");
        stop.cancel();
        tokio::time::timeout(WAIT, task)
            .await
            .expect("the channel stops in time")
            .unwrap()
            .expect("the channel stops cleanly");
    }

    /// Waits until the bot has handled every event the test caused.
    pub async fn settle(&self) {
        let deadline = tokio::time::Instant::now() + WAIT;
        while self.store.cursor(BOT_CURSOR).await.unwrap() < Some(self.events + 1) {
            assert!(
                tokio::time::Instant::now() < deadline,
                "the bot did not handle {} events",
                self.events
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// `employee` writes `text` to the bot's private dialog; returns what the bot answered.
    async fn say(&mut self, employee: u64, text: &str) -> Vec<Value> {
        let dialog = self.bot_id();
        self.say_in(employee, &dialog.to_string(), text).await;
        self.answers(employee).await
    }

    /// `employee` writes `text` to `dialog`, which the bot hears.
    pub async fn say_in(&mut self, employee: u64, dialog: &str, text: &str) {
        self.post(employee, dialog, text).await;
        self.events += 1;
    }

    /// `employee` writes `text` to `dialog`, which the bot is not told of.
    async fn post(&self, employee: u64, dialog: &str, text: &str) {
        call_as(
            &self.sandbox,
            employee,
            "im.message.add",
            json!({"DIALOG_ID": dialog, "MESSAGE": text}),
        )
        .await;
    }

    /// Every message the bot sent `employee`, after the events so far are handled.
    pub async fn answers(&self, employee: u64) -> Vec<Value> {
        self.settle().await;
        inbox_from(&self.sandbox, employee, self.bot_id()).await
    }

    /// The newest message of the bot's dialog with `employee`, as the employee reads it.
    async fn newest(&self, employee: u64) -> Value {
        let dialog = call_as(
            &self.sandbox,
            employee,
            "im.dialog.messages.get",
            json!({"DIALOG_ID": self.bot_id(), "LIMIT": 1}),
        )
        .await;
        dialog["messages"][0].clone()
    }

    /// `employee` presses the button labelled `label` on the bot's message, as the messenger
    /// does when clicked.
    async fn press(&mut self, employee: u64, message: &Value, label: &str) {
        let keyboard = message["params"]["KEYBOARD"].as_array().unwrap();
        let button = keyboard
            .iter()
            .find(|b| b["TEXT"] == json!(label))
            .unwrap_or_else(|| panic!("no {label} on {message}"));
        call_as(
            &self.sandbox,
            employee,
            "im.message.command",
            json!({
                "MESSAGE_ID": message["id"], "BOT_ID": self.bot_id(),
                "COMMAND": button["COMMAND"], "COMMAND_PARAMS": button["COMMAND_PARAMS"],
            }),
        )
        .await;
        self.events += 1;
    }
}

fn texts(items: &[Value]) -> Vec<String> {
    items
        .iter()
        .map(|item| item["text"].as_str().unwrap().to_owned())
        .collect()
}

fn labels(message: &Value) -> Vec<String> {
    message["params"]["KEYBOARD"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|b| b["TEXT"].as_str().map(str::to_owned))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_employee_writes_and_the_answer_with_buttons_reaches_their_inbox() {
    let mut bot = ChatBot::start(Mode::Bot).await;
    let answers = bot.say(JOHN, "new deal Northwind 50k").await;
    let texts = texts(&answers);
    assert_eq!(texts.len(), 1, "{texts:?}");
    assert!(texts[0].contains("Shall I create it?"), "{}", texts[0]);
    assert!(texts[0].contains("[B]"), "BB-code: {}", texts[0]);
    // The first message links the employee: no pairing.
    let link = bot
        .store
        .link_of(&ChannelUser::new(Channel::Bitrix24, JOHN.to_string()))
        .await
        .unwrap()
        .expect("linked on the first message");
    assert_eq!(link.employee, EmployeeId(JOHN));
    let preview = bot.newest(JOHN).await;
    assert_eq!(labels(&preview), ["Confirm", "Edit", "Cancel"]);
    // The press comes back as the portal delivers it: a command event under that message.
    bot.press(JOHN, &preview, "Confirm").await;
    let answers = bot.answers(JOHN).await;
    assert_eq!(answers.len(), 2);
    let created = answers[1]["text"].as_str().unwrap();
    assert!(created.contains("Deal \"Northwind\" created"), "{created}");
    assert!(
        created.contains("[URL=http://127.0.0.1") && created.contains("/crm/deal/details/"),
        "a link into the portal: {created}"
    );
    assert_eq!(chat::deals_titled(&bot.sandbox, "Northwind").await.len(), 1);
    // Pressed again, the button creates nothing more.
    bot.press(JOHN, &preview, "Confirm").await;
    let answers = bot.answers(JOHN).await;
    assert_eq!(answers.len(), 3);
    assert_eq!(chat::deals_titled(&bot.sandbox, "Northwind").await.len(), 1);
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_russian_employee_is_answered_in_russian_with_russian_buttons() {
    let mut bot = ChatBot::start(Mode::Bot).await;
    let answers = bot.say(DMITRY, "новая сделка Northwind 50к").await;
    let text = answers[0]["text"].as_str().unwrap();
    assert!(text.contains("Для какой компании сделка?"), "{text}");
    let question = bot.newest(DMITRY).await;
    let labels = labels(&question);
    assert!(!labels.is_empty(), "{question}");
    assert!(
        labels
            .iter()
            .all(|l| l.chars().any(|c| ('а'..='я').contains(&c))),
        "{labels:?}"
    );
    let answers = bot.say(DMITRY, "/start").await;
    assert!(
        answers[1]["text"]
            .as_str()
            .unwrap()
            .starts_with("Здравствуйте, Дмитрий"),
        "{answers:?}"
    );
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_a_group_chat_only_a_mention_is_answered_and_a_join_is_greeted() {
    let mut bot = ChatBot::start(Mode::Bot).await;
    let bot_id = bot.bot_id();
    let chat_id = call_as(
        &bot.sandbox,
        JOHN,
        "im.chat.add",
        json!({"USERS": [EMILY, bot_id], "TITLE": "Sales"}),
    )
    .await;
    bot.events += 1;
    let dialog = format!("chat{chat_id}");
    bot.settle().await;
    let greeting = inbox_from(&bot.sandbox, EMILY, bot_id).await;
    assert!(
        greeting[0]["text"]
            .as_str()
            .unwrap()
            .contains("portal's assistant"),
        "{greeting:?}"
    );
    assert_eq!(greeting[0]["dialog_id"], json!(dialog));
    // Without a mention the portal does not even tell the bot; nothing is answered.
    bot.post(JOHN, &dialog, "/help").await;
    bot.say_in(
        JOHN,
        &dialog,
        &format!("[USER={bot_id}]B24 Assistant[/USER] /help"),
    )
    .await;
    bot.settle().await;
    let answers = inbox_from(&bot.sandbox, EMILY, bot_id).await;
    assert_eq!(answers.len(), 2, "{answers:?}");
    assert!(
        answers[1]["text"].as_str().unwrap().contains("/help deals"),
        "{answers:?}"
    );
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restart_between_two_messages_answers_each_once_and_registers_once() {
    let mut bot = ChatBot::start(Mode::Bot).await;
    assert_eq!(bot.say(JOHN, "/help").await.len(), 1);
    bot.stop().await;
    // Written while the bot is down; the queue keeps it.
    let dialog = bot.bot_id().to_string();
    bot.say_in(JOHN, &dialog, "/start").await;
    bot.launch().await;
    let answers = bot.answers(JOHN).await;
    assert_eq!(answers.len(), 2, "{answers:?}");
    assert!(answers[1]["text"].as_str().unwrap().starts_with("Hi, John"));
    // Polling on gives nothing twice.
    tokio::time::sleep(Duration::from_millis(2500)).await;
    assert_eq!(bot.answers(JOHN).await.len(), 2);
    let registrations = chat::requests(&bot.sandbox)
        .await
        .into_iter()
        .filter(|r| r["method"] == json!("imbot.v2.Bot.register"))
        .count();
    assert_eq!(registrations, 1);
    let bots: Vec<Value> = reqwest::get(format!("{}/sandbox/bots", bot.sandbox.base_url()))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(bots.len(), 1, "{bots:?}");
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn telegram_answers_with_a_one_time_deep_link_that_telegram_start_redeems() {
    let sandbox = chat::sandbox().await;
    let mut bot = ChatBot::new(sandbox, Mode::Bot).await;
    bot.telegram = Some("b24_test_bot".into());
    bot.launch().await;
    let answers = bot.say(JOHN, "/telegram").await;
    let text = answers[0]["text"].as_str().unwrap();
    let start = text
        .find("https://t.me/b24_test_bot?start=")
        .unwrap_or_else(|| panic!("a deep link: {text}"));
    let token: String = text[start + "https://t.me/b24_test_bot?start=".len()..]
        .chars()
        .take_while(char::is_ascii_hexdigit)
        .collect();
    assert_eq!(token.len(), 32);
    let access = Access::new(bot.store.clone(), chat::portal(&bot.sandbox), defaults());
    let telegram = |text: &str| Inbound {
        channel: Channel::Telegram,
        chat: "701".into(),
        user: "701".into(),
        lang_hint: None,
        content: Content::Text(text.into()),
    };
    let now = *bot.clock.lock().unwrap() + SignedDuration::from_mins(9);
    assert!(matches!(
        access
            .gate(&telegram(&format!("/start {token}")), now)
            .await,
        Gate::Answered(_)
    ));
    let linked = bot
        .store
        .link_of(&ChannelUser::new(Channel::Telegram, "701"))
        .await
        .unwrap()
        .expect("the deep link links Telegram");
    assert_eq!(linked.employee, EmployeeId(JOHN));
    // Spent: a second use links nobody.
    access
        .gate(&telegram(&format!("/start {token}")).clone(), now)
        .await;
    let other = Inbound {
        user: "702".into(),
        ..telegram(&format!("/start {token}"))
    };
    access.gate(&other, now).await;
    assert!(
        bot.store
            .link_of(&ChannelUser::new(Channel::Telegram, "702"))
            .await
            .unwrap()
            .is_none()
    );
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_telegram_the_link_request_says_so() {
    let mut bot = ChatBot::start(Mode::Bot).await;
    let answers = bot.say(JOHN, "/telegram").await;
    assert!(
        answers[0]["text"]
            .as_str()
            .unwrap()
            .contains("Telegram isn't set up"),
        "{answers:?}"
    );
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_telegram_pairing_code_comes_from_the_chat_bot() {
    let mut bot = ChatBot::start(Mode::Bot).await;
    let portal = chat::portal(&bot.sandbox);
    let access = Access::new(bot.store.clone(), portal.clone(), defaults());
    access.deliver_codes_through(Arc::new(ChatCourier::new(
        portal,
        Sender::Bot(bot.registration.clone().unwrap()),
    )));
    let stranger = Inbound {
        channel: Channel::Telegram,
        chat: "703".into(),
        user: "703".into(),
        lang_hint: None,
        content: Content::Text("john.carter@example.com".into()),
    };
    let now = *bot.clock.lock().unwrap();
    access.gate(&stranger, now).await;
    let codes = inbox_from(&bot.sandbox, JOHN, bot.bot_id()).await;
    assert_eq!(codes.len(), 1, "{codes:?}");
    let text = codes[0]["text"].as_str().unwrap();
    let code = text
        .split(|c: char| !c.is_ascii_digit())
        .find(|word| word.len() == 6)
        .unwrap_or_else(|| panic!("a code: {text}"));
    let linked = Inbound {
        content: Content::Text(code.into()),
        ..stranger
    };
    access.gate(&linked, now).await;
    let link = bot
        .store
        .link_of(&ChannelUser::new(Channel::Telegram, "703"))
        .await
        .unwrap()
        .expect("the code from the chat links");
    assert_eq!(link.employee, EmployeeId(JOHN));
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pairing_code_the_bot_cannot_send_goes_out_as_a_notification() {
    let bot = ChatBot::start(Mode::Bot).await;
    let portal = chat::portal(&bot.sandbox);
    let access = Access::new(bot.store.clone(), portal.clone(), defaults());
    // A bot the portal does not know under this token: every send is refused.
    let stranger_bot = Registration {
        bot_id: bot.bot_id(),
        token: "not-the-token".to_owned().into(),
    };
    access.deliver_codes_through(Arc::new(ChatCourier::new(
        portal,
        Sender::Bot(Arc::new(stranger_bot)),
    )));
    let stranger = Inbound {
        channel: Channel::Telegram,
        chat: "704".into(),
        user: "704".into(),
        lang_hint: None,
        content: Content::Text("john.carter@example.com".into()),
    };
    let now = *bot.clock.lock().unwrap();
    access.gate(&stranger, now).await;
    assert!(
        inbox_from(&bot.sandbox, JOHN, bot.bot_id())
            .await
            .is_empty()
    );
    let url = format!("{}/sandbox/inbox/{JOHN}", bot.sandbox.base_url());
    let inbox: Vec<Value> = reqwest::get(url).await.unwrap().json().await.unwrap();
    let notes: Vec<&Value> = inbox
        .iter()
        .filter(|item| item["kind"] == json!("notification"))
        .filter(|item| item["text"].as_str().unwrap().contains("Your code"))
        .collect();
    assert_eq!(notes.len(), 1, "{inbox:?}");
}

/// The REST calls of bot mode while idle for a simulated hour stay within 5 % of the portal's
/// budget (2 requests a second): at most 360 `imbot.v2.Event.get`, and nothing else.
#[tokio::test]
async fn idle_polling_stays_within_five_percent_of_the_budget_over_an_hour() {
    let sandbox = chat::sandbox().await;
    let mut bot = ChatBot::new(sandbox, Mode::Bot).await;
    bot.idle = Duration::from_secs(10);
    bot.launch().await;
    assert_eq!(bot.say(JOHN, "/help").await.len(), 1);
    // The hour passes on tokio's clock, which the client, its limiter and the sandbox's
    // bucket all read; the sandbox logs every request it receives.
    tokio::time::pause();
    // Backing off from once a second takes under two minutes of quiet.
    tokio::time::sleep(Duration::from_secs(120)).await;
    chat::requests(&bot.sandbox).await;
    tokio::time::sleep(Duration::from_secs(3600)).await;
    tokio::time::resume();
    let log = chat::requests(&bot.sandbox).await;
    let polls = log
        .iter()
        .filter(|r| r["method"] == json!("imbot.v2.Event.get"))
        .count();
    assert_eq!(polls, log.len(), "only polls: {log:?}");
    assert!(polls <= 360, "{polls} polls in an hour");
    // Still polling, once every 10 s.
    assert!(polls >= 350, "{polls} polls in an hour");
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn user_mode_answers_as_the_webhook_user_and_never_reads_its_own_messages() {
    let sandbox = chat::sandbox().await;
    // Written before the channel ever ran: history, not a request.
    call_as(
        &sandbox,
        JOHN,
        "im.message.add",
        json!({"DIALOG_ID": 1, "MESSAGE": "old"}),
    )
    .await;
    let mut bot = ChatBot::new(sandbox, Mode::User).await;
    bot.launch().await;
    call_as(
        &bot.sandbox,
        JOHN,
        "im.message.add",
        json!({"DIALOG_ID": 1, "MESSAGE": "new deal Northwind 50k"}),
    )
    .await;
    let answers = wait_inbox(&bot.sandbox, JOHN, 1, 1).await;
    assert!(
        answers[0]["text"]
            .as_str()
            .unwrap()
            .contains("Shall I create it?"),
        "{answers:?}"
    );
    let dialog = call_as(
        &bot.sandbox,
        JOHN,
        "im.dialog.messages.get",
        json!({"DIALOG_ID": 1, "LIMIT": 1}),
    )
    .await;
    let preview = &dialog["messages"][0];
    assert_eq!(labels(preview), ["Confirm", "Edit", "Cancel"]);
    // A press sends the label as John's message.
    let button = &preview["params"]["KEYBOARD"][0];
    assert_eq!(button["ACTION"], json!("SEND"));
    call_as(
        &bot.sandbox,
        JOHN,
        "im.message.add",
        json!({"DIALOG_ID": 1, "MESSAGE": button["ACTION_VALUE"]}),
    )
    .await;
    let answers = wait_inbox(&bot.sandbox, JOHN, 1, 2).await;
    assert!(
        answers[1]["text"]
            .as_str()
            .unwrap()
            .contains("Deal \"Northwind\" created"),
        "{answers:?}"
    );
    // Its own answers are never read back as requests: nothing more arrives.
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(private_from(&bot.sandbox, JOHN, 1).await.len(), 2);
    // Russian in user mode too, and a restart answers nothing twice.
    bot.stop().await;
    // The messenger does not say a user's language here: their words do.
    call_as(
        &bot.sandbox,
        DMITRY,
        "im.message.add",
        json!({"DIALOG_ID": 1, "MESSAGE": "мои сделки"}),
    )
    .await;
    bot.launch().await;
    let answers = wait_inbox(&bot.sandbox, DMITRY, 1, 1).await;
    assert!(
        answers[0]["text"].as_str().unwrap().contains("сделк"),
        "{answers:?}"
    );
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(private_from(&bot.sandbox, DMITRY, 1).await.len(), 1);
    assert_eq!(private_from(&bot.sandbox, JOHN, 1).await.len(), 2);
    bot.stop().await;
}

/// The REST calls one message costs beyond polling (and the employee's own `im.message.add`),
/// pinned: the first message of an employee (whether they are active, their time zone, the
/// answer) and the next (the answer alone).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_message_costs_its_answer_and_the_first_one_a_look_at_the_employee() {
    let mut bot = ChatBot::start(Mode::Bot).await;
    chat::requests(&bot.sandbox).await;
    bot.say(JOHN, "/help").await;
    let calls = |log: Vec<Value>| -> Vec<String> {
        log.into_iter()
            .map(|r| r["method"].as_str().unwrap().to_owned())
            .filter(|m| m != "imbot.v2.Event.get")
            .collect()
    };
    assert_eq!(
        calls(chat::requests(&bot.sandbox).await),
        [
            "im.message.add",
            "user.get",
            "user.get",
            "imbot.v2.Chat.Message.send"
        ]
    );
    bot.say(JOHN, "/help").await;
    assert_eq!(
        calls(chat::requests(&bot.sandbox).await),
        ["im.message.add", "imbot.v2.Chat.Message.send"]
    );
    bot.stop().await;
}

fn run_command(dir: &std::path::Path, env: &[(&str, &str)]) -> std::process::Command {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_b24bot"));
    command
        .arg("run")
        .current_dir(dir)
        .env_clear()
        .env("HTTP_ADDR", "127.0.0.1:0")
        .envs(env.iter().copied())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    command
}

#[test]
fn run_refuses_a_wrong_chat_setting_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let webhook = format!("https://a.example/rest/1/{}/", crate::support::SECRET);
    let webhook = ("BITRIX24_WEBHOOK_URL", webhook.as_str());
    for (setting, variable) in [
        (("B24_CHAT_MODE", "telegram"), "B24_CHAT_MODE"),
        (("B24_CHAT_POLL_IDLE", "0"), "B24_CHAT_POLL_IDLE"),
        (("B24_CHAT_MODE", "off"), "TELEGRAM_BOT_TOKEN"),
    ] {
        let output = run_command(dir.path(), &[webhook, setting])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{setting:?}");
        logwatch::assert_output_clean(&output);
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(stderr.starts_with(&format!("{variable}: ")), "{stderr}");
    }
}

/// With only the webhook set, `b24bot run` is a bot in the portal's messenger: it says which
/// mode runs and why, answers an employee, and exits 0 on SIGTERM without showing a secret.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn run_with_only_the_webhook_answers_in_the_messenger() {
    let sandbox = chat::sandbox().await;
    let dir = tempfile::tempdir().unwrap();
    let database = format!("sqlite://{}", dir.path().join("bot.db").display());
    let webhook = sandbox.webhook(1).unwrap().url.clone();
    let mut child = run_command(
        dir.path(),
        &[
            ("BITRIX24_WEBHOOK_URL", webhook.as_str()),
            ("DATABASE_URL", &database),
            ("B24_CHAT_POLL_IDLE", "1"),
            ("RUST_LOG", "debug"),
        ],
    )
    .spawn()
    .unwrap();
    let bots_url = format!("{}/sandbox/bots", sandbox.base_url());
    let deadline = tokio::time::Instant::now() + WAIT;
    let bot_id = loop {
        let bots: Vec<Value> = reqwest::get(&bots_url).await.unwrap().json().await.unwrap();
        if let Some(bot) = bots.first() {
            break bot["id"].as_u64().unwrap();
        }
        assert!(tokio::time::Instant::now() < deadline, "no bot registered");
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    call_as(
        &sandbox,
        JOHN,
        "im.message.add",
        json!({"DIALOG_ID": bot_id, "MESSAGE": "/help"}),
    )
    .await;
    let answers = wait_inbox(&sandbox, JOHN, bot_id, 1).await;
    assert!(
        answers[0]["text"].as_str().unwrap().contains("/help deals"),
        "{answers:?}"
    );
    let status = crate::support::terminate(&mut child, WAIT).await;
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
    assert_eq!(status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("the webhook has the imbot scope, so a Chatbots 2.0 bot answers"),
        "{stderr}"
    );
    // The sandbox's webhook secrets are watched from the start; the bot chose its token.
    logwatch::watch(&bot_token(&database).await);
    logwatch::assert_no_secret("the bot's stderr", &stderr);
}

/// The bot token the process kept, read from its database.
pub async fn bot_token(database: &str) -> String {
    let store = Store::open(database).await.unwrap();
    let registration = store
        .bot_registration(bitrix24::BOT_CODE)
        .await
        .unwrap()
        .expect("registered");
    let token = secrecy::ExposeSecret::expose_secret(&registration.token).to_owned();
    store.close().await;
    assert!(!token.is_empty() && token.len() <= 40);
    token
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reminder_reaches_the_bitrix24_chat_and_its_done_button_completes_the_task() {
    let mut bot = ChatBot::new(chat::sandbox_at_start().await, Mode::Bot).await;
    bot.launch().await;
    // John last wrote here, so pushes come here.
    bot.say(JOHN, "/settings").await;
    let courier = ChatCourier::new(
        chat::portal(&bot.sandbox),
        Sender::Bot(bot.registration.clone().unwrap()),
    );
    let couriers: Vec<Arc<dyn Courier>> = vec![Arc::new(courier)];
    let scheduler = Scheduler::start(
        bot.store.clone(),
        &chat::portal(&bot.sandbox),
        couriers,
        defaults(),
        Wake::default(),
        Pace::DEFAULT,
        Timestamp::now(),
    )
    .await
    .unwrap();
    // Task #2 of the demo is John's, due at 14:00 UTC: reminded an hour before.
    set_clock(&bot.sandbox, "2026-03-02T13:00:30Z").await;
    scheduler.tick().await.unwrap();
    let reminder = bot.newest(JOHN).await;
    let text = reminder["text"].as_str().unwrap();
    assert!(text.contains(reminders::TITLE), "{text}");
    assert_eq!(labels(&reminder), ["Done", "+1 h", "Tomorrow", "Open"]);

    bot.press(JOHN, &reminder, "Done").await;
    let answers = bot.answers(JOHN).await;
    let done = answers.last().unwrap()["text"].as_str().unwrap();
    assert!(done.contains("is completed"), "{done}");
    let task = chat::portal(&bot.sandbox)
        .call_as::<Value>("tasks.task.get", &json!({"taskId": reminders::TASK}))
        .await
        .unwrap();
    assert_eq!(task["task"]["status"], json!("5"), "completed: {task}");
    // Done, the task is reminded no more.
    scheduler.tick().await.unwrap();
    assert_eq!(bot.answers(JOHN).await.len(), answers.len());
    bot.stop().await;
}
