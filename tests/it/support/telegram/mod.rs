//! A fake Telegram Bot API server for the integration tests. Any Bot API client (teloxide,
//! reqwest by hand) talks to it unchanged through `api_url()`; it validates like Telegram (HTML
//! parse mode, limits, keyboards, commands, inline results) so a message real Telegram would
//! refuse fails a test here. The methods below are the user's side: they inject what people do
//! and read what the bot sent, with waits instead of sleeps.

mod commands;
mod error;
mod files;
mod html;
mod incoming;
mod links;
mod markup;
mod messages;
mod objects;
mod params;
mod queries;
mod server;
mod state;
mod updates;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use serde_json::{Value, json};
use tokio::task::JoinHandle;

pub use incoming::Incoming;
pub use objects::{Chat, TgUser};
pub use state::{CallbackAnswer, InlineAnswer, SentMessage};

use state::{Shared, State, buttons};

pub const BOT_ID: i64 = 7_000_000_001;
pub const TOKEN: &str = "7000000001:AAHfakeTokenForB24botIntegrationTests";
pub const BOT_USERNAME: &str = "b24_test_bot";

#[derive(Debug, Default, Clone, Copy)]
pub struct Config {
    /// Messages per chat per second before Telegram's flood control answers 429; off when `None`.
    pub flood_per_second: Option<usize>,
}

pub struct FakeTelegram {
    shared: Arc<Shared>,
    address: SocketAddr,
    tasks: Vec<JoinHandle<()>>,
}

impl Drop for FakeTelegram {
    fn drop(&mut self) {
        for task in &self.tasks {
            task.abort();
        }
    }
}

impl FakeTelegram {
    pub async fn start() -> Self {
        Self::start_with(Config::default()).await
    }

    pub async fn start_with(config: Config) -> Self {
        let bot = json!({
            "id": BOT_ID, "is_bot": true, "first_name": "B24 Test Bot", "username": BOT_USERNAME,
            "can_join_groups": true, "can_read_all_group_messages": false,
            "supports_inline_queries": true, "can_connect_to_business": false,
            "has_main_web_app": false,
        });
        let state = State::new(TOKEN.to_owned(), bot, config.flood_per_second);
        let shared = Arc::new(Shared::new(state));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a loopback port");
        let address = listener.local_addr().expect("a bound address");
        let app = server::router(shared.clone());
        let server = tokio::spawn(async move {
            axum::serve(listener, app).await.expect("the fake serves");
        });
        let webhooks = tokio::spawn(updates::deliver_webhooks(shared.clone()));
        Self {
            shared,
            address,
            tasks: vec![server, webhooks],
        }
    }

    /// The base URL a client is pointed at (`TELEGRAM_API_URL`); methods are under `/bot<token>/`.
    pub fn api_url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// Queues what a user did as a `message` update and returns the new `message_id`.
    pub fn inject(&self, incoming: Incoming) -> i64 {
        let message_id = incoming.push(&mut self.shared.lock());
        self.shared.wake_updates();
        message_id
    }

    /// The user taps the inline button with `data` under a message the bot sent; returns the
    /// callback query id. Panics when no such button is shown, as a user could not tap it.
    pub fn press(&self, user: &TgUser, chat_id: i64, message_id: i64, data: &str) -> String {
        let mut state = self.shared.lock();
        let sent = state
            .sent_message(chat_id, message_id)
            .unwrap_or_else(|| panic!("the bot sent no message {message_id} to chat {chat_id}"));
        assert!(
            buttons(sent.reply_markup.as_ref()).any(|button| button["callback_data"] == data),
            "message {message_id} has no button with callback data {data:?}"
        );
        let message = state.messages[&(chat_id, message_id)].clone();
        let query_id = format!("{}", 4_290_000_000_000_000_000u64 + state.serial());
        state.callbacks.insert(query_id.clone(), false);
        state.push_update(
            "callback_query",
            json!({"id": query_id, "from": user.json(), "message": message,
                   "chat_instance": format!("{}", -chat_id.abs() * 7), "data": data}),
        );
        drop(state);
        self.shared.wake_updates();
        query_id
    }

    /// The user types `@bot <query>` in some chat; returns the inline query id.
    pub fn inline_query(&self, user: &TgUser, query: &str) -> String {
        let mut state = self.shared.lock();
        let query_id = format!("{}", 5_170_000_000_000_000_000u64 + state.serial());
        state.inline_queries.insert(query_id.clone(), None);
        state.push_update(
            "inline_query",
            json!({"id": query_id, "from": user.json(), "query": query, "offset": ""}),
        );
        drop(state);
        self.shared.wake_updates();
        query_id
    }

    /// The secret token the bot set with its webhook, which Telegram sends in a header.
    pub fn webhook_secret(&self) -> Option<String> {
        let state = self.shared.lock();
        state.webhook.as_ref()?.secret_token.clone()
    }

    /// The id of the latest update queued, so a test can wait until the bot has handled it.
    pub fn last_update_id(&self) -> i64 {
        self.shared.lock().last_update_id()
    }

    pub fn block(&self, user_id: i64) {
        self.shared.lock().blocked.insert(user_id);
    }

    pub fn unblock(&self, user_id: i64) {
        self.shared.lock().blocked.remove(&user_id);
    }

    /// Every message the bot sent to a chat, in order, as each stands now (deleted ones marked).
    pub fn sent(&self, chat_id: i64) -> Vec<SentMessage> {
        self.shared
            .lock()
            .sent
            .get(&chat_id)
            .cloned()
            .unwrap_or_default()
    }

    /// Waits until the bot has sent at least `count` messages to the chat; panics after `timeout`
    /// with what did arrive.
    pub async fn wait_for_messages(
        &self,
        chat_id: i64,
        count: usize,
        timeout: Duration,
    ) -> Vec<SentMessage> {
        let mut changes = self.shared.sent.subscribe();
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            let sent = self.sent(chat_id);
            if sent.len() >= count {
                return sent;
            }
            if tokio::time::timeout_at(deadline, changes.changed())
                .await
                .is_err()
            {
                panic!(
                    "chat {chat_id} got {} of {count} messages within {timeout:?}: {sent:#?}",
                    sent.len()
                );
            }
        }
    }

    /// Waits until `getUpdates` was called `count` times in all, so a test injects while the bot
    /// is known to be polling; panics after `timeout`.
    pub async fn wait_for_polls(&self, count: u64, timeout: Duration) {
        let mut changes = self.shared.updates.subscribe();
        let deadline = tokio::time::Instant::now() + timeout;
        while self.shared.lock().polls < count {
            if tokio::time::timeout_at(deadline, changes.changed())
                .await
                .is_err()
            {
                panic!("the bot did not poll {count} times within {timeout:?}");
            }
        }
    }

    pub fn callback_answers(&self) -> Vec<CallbackAnswer> {
        self.shared.lock().callback_answers.clone()
    }

    /// The command menu for a scope (`{"type": "default"}` and so on) and language (`""` for all).
    pub fn commands(&self, scope: Value, language: &str) -> Vec<(String, String)> {
        let key = commands::key(Some(scope), Some(language.to_owned())).expect("a valid scope");
        self.shared
            .lock()
            .commands
            .get(&key)
            .into_iter()
            .flatten()
            .map(|command| {
                let field = |name: &str| command[name].as_str().unwrap_or_default().to_owned();
                (field("command"), field("description"))
            })
            .collect()
    }

    /// The results the bot gave for an inline query, once it answered.
    pub fn inline_answer(&self, query_id: &str) -> Option<InlineAnswer> {
        self.shared
            .lock()
            .inline_queries
            .get(query_id)
            .cloned()
            .flatten()
    }

    pub fn chat_actions(&self, chat_id: i64) -> Vec<String> {
        self.shared
            .lock()
            .chat_actions
            .get(&chat_id)
            .cloned()
            .unwrap_or_default()
    }
}
