//! The whole bot on the Telegram channel: the fake Telegram server, the sandbox portal and a
//! clock the test moves. A test writes as a Telegram user and reads what the bot sent back.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use b24bot::access::Access;
use b24bot::bot::Defaults;
use b24bot::channels::telegram::{Pace, Telegram};
use b24bot::config::TelegramSettings;
use b24bot::intent::Lang;
use b24bot::sandbox::server::Sandbox;
use b24bot::store::{Channel, ChannelUser, EmployeeId, Store};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};
use secrecy::SecretString;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use super::chat::{self, START};
use super::telegram::{
    Chat, Config, FakeTelegram, Incoming, InlineAnswer, SentMessage, TOKEN, TgUser,
};

/// The longest a test waits for something that should happen. A wait ends as soon as it is
/// met, so this only bounds a failure; it is generous because the tests run side by side on
/// small machines.
pub const WAIT: Duration = Duration::from_secs(30);

/// Fast enough that tests do not wait on Telegram's one message per second per chat.
const TEST_PACE: Pace = Pace {
    per_chat_per_second: 1000,
    per_chat_per_minute: 60_000,
    per_group_per_minute: 60_000,
    overall_per_second: 1000,
};

pub struct TelegramBot {
    pub fake: FakeTelegram,
    pub sandbox: Sandbox,
    pub store: Store,
    clock: Arc<Mutex<Timestamp>>,
    running: Option<(CancellationToken, JoinHandle<anyhow::Result<()>>)>,
}

impl TelegramBot {
    /// The fake, the sandbox, an empty store, and the bot polling.
    pub async fn start() -> TelegramBot {
        TelegramBot::start_with(Config::default()).await
    }

    pub async fn start_with(config: Config) -> TelegramBot {
        let mut bot = TelegramBot {
            fake: FakeTelegram::start_with(config).await,
            sandbox: chat::sandbox().await,
            store: Store::in_memory().await.unwrap(),
            clock: Arc::new(Mutex::new(START.parse().unwrap())),
            running: None,
        };
        bot.launch().await;
        bot
    }

    /// Starts the bot as a new process would: a new core on the same store, polling.
    pub async fn launch(&mut self) {
        let channel = self.connect().await;
        let stop = CancellationToken::new();
        let task = tokio::spawn({
            let stop = stop.clone();
            async move { Ok(channel.poll(stop).await?) }
        });
        self.running = Some((stop, task));
    }

    /// The same in webhook mode, listening on a loopback port; returns the webhook's URL.
    pub async fn launch_webhook(&mut self) -> String {
        let channel = Arc::new(self.connect().await);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/telegram/updates", listener.local_addr().unwrap());
        let app = channel.webhook(url.parse().unwrap()).await.unwrap();
        let stop = CancellationToken::new();
        let task = tokio::spawn({
            let stop = stop.clone();
            async move { Ok(b24bot::ops::http::serve(listener, app, stop).await?) }
        });
        self.running = Some((stop, task));
        url
    }

    async fn connect(&self) -> Telegram {
        let now = *self.clock.lock().unwrap();
        let core = chat::start(&self.sandbox, self.store.clone(), now).await;
        let defaults = Defaults {
            lang: Lang::En,
            time_zone: TimeZone::UTC,
        };
        let access = Access::new(self.store.clone(), chat::portal(&self.sandbox), defaults);
        let settings = TelegramSettings {
            token: SecretString::from(TOKEN),
            api_url: self.fake.api_url().parse().unwrap(),
            webhook: None,
        };
        let clock = self.clock.clone();
        Telegram::connect(
            &settings,
            TEST_PACE,
            Arc::new(core),
            Arc::new(access),
            self.store.clone(),
            Arc::new(move || *clock.lock().unwrap()),
        )
        .await
        .expect("the channel connects to the fake")
    }

    /// Stops polling as a SIGTERM would, and waits for the channel to finish.
    pub async fn stop(&mut self) {
        let (stop, task) = self.running.take().expect("the bot is running");
        stop.cancel();
        tokio::time::timeout(WAIT, task)
            .await
            .expect("the channel stops in time")
            .unwrap()
            .expect("the channel stops cleanly");
    }

    pub async fn restart(&mut self) {
        self.stop().await;
        self.launch().await;
    }

    pub fn advance(&self, seconds: i64) {
        *self.clock.lock().unwrap() += SignedDuration::from_secs(seconds);
    }

    pub fn now(&self) -> Timestamp {
        *self.clock.lock().unwrap()
    }

    /// Waits until the bot has handled every update queued so far.
    pub async fn settle(&self) {
        let last = self.fake.last_update_id();
        let deadline = tokio::time::Instant::now() + WAIT;
        while self.store.cursor("telegram.last_update").await.unwrap() < Some(last) {
            assert!(
                tokio::time::Instant::now() < deadline,
                "the bot did not handle update {last} within {WAIT:?}"
            );
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }

    /// `user` writes `text` in their private chat; returns the messages the bot sent in answer.
    pub async fn say(&self, user: &TgUser, text: &str) -> Vec<SentMessage> {
        self.say_in(&Chat::private(user), user, text).await
    }

    pub async fn say_in(&self, chat: &Chat, user: &TgUser, text: &str) -> Vec<SentMessage> {
        let before = self.fake.sent(chat.id).len();
        self.fake.inject(Incoming::text(chat, user, text));
        self.settle().await;
        self.fake.sent(chat.id).split_off(before)
    }

    /// Presses the button with `data` under message `message_id` of the user's private chat.
    pub async fn press(&self, user: &TgUser, message_id: i64, data: &str) -> String {
        let query = self.fake.press(user, user.id, message_id, data);
        self.settle().await;
        query
    }

    /// The user types `@bot <query>` in some chat; returns what the bot answered.
    pub async fn inline(&self, user: &TgUser, query: &str) -> InlineAnswer {
        let id = self.fake.inline_query(user, query);
        self.settle().await;
        self.fake
            .inline_answer(&id)
            .expect("the inline query was answered")
    }

    pub async fn link(&self, user: &TgUser, employee: u64) {
        self.store
            .link(&telegram_user(user), EmployeeId(employee), self.now())
            .await
            .unwrap();
    }
}

pub fn telegram_user(user: &TgUser) -> ChannelUser {
    ChannelUser::new(Channel::Telegram, user.id.to_string())
}

/// What a user reads in these messages, joined.
pub fn text(messages: &[SentMessage]) -> String {
    messages
        .iter()
        .filter_map(|message| message.text.clone())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The `callback_data` of the button whose label contains `label`.
pub fn button(message: &SentMessage, label: &str) -> String {
    let markup = message.reply_markup.as_ref().expect("a keyboard");
    markup["inline_keyboard"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|row| row.as_array().unwrap())
        .find(|button| button["text"].as_str().unwrap().contains(label))
        .unwrap_or_else(|| panic!("no button {label:?} in {markup}"))["callback_data"]
        .as_str()
        .unwrap()
        .to_owned()
}
