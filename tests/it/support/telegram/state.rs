//! Everything the fake remembers: chats, pending updates, the messages on both sides, files,
//! queries, commands; plus the checks every sending method shares (chat, block, flood).

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use axum::body::Bytes;
use serde_json::{Value, json};
use tokio::sync::watch;

use super::error::ApiError;
use super::objects::Chat;

/// A message the bot sent, as it stands now.
#[derive(Debug, Clone)]
pub struct SentMessage {
    pub message_id: i64,
    /// The text or caption as the bot wrote it, markup included.
    pub source: Option<String>,
    /// The text or caption a user reads: markup removed, entities decoded.
    pub text: Option<String>,
    pub parse_mode: Option<String>,
    pub entities: Vec<Value>,
    pub reply_markup: Option<Value>,
    pub reply_to: Option<i64>,
    pub document: Option<SentFile>,
    pub photo: Option<SentFile>,
    /// How many times the bot edited the text or the keyboard.
    pub edits: usize,
    pub deleted: bool,
}

impl SentMessage {
    /// The `callback_data` of every inline button, row by row.
    pub fn callback_data(&self) -> Vec<String> {
        buttons(self.reply_markup.as_ref())
            .filter_map(|button| button["callback_data"].as_str().map(str::to_owned))
            .collect()
    }
}

/// The inline buttons of a reply markup, row by row.
pub fn buttons(markup: Option<&Value>) -> impl Iterator<Item = &Value> {
    markup
        .and_then(|markup| markup["inline_keyboard"].as_array())
        .into_iter()
        .flatten()
        .filter_map(Value::as_array)
        .flatten()
}

#[derive(Debug, Clone)]
pub struct SentFile {
    pub file_id: String,
    pub file_name: Option<String>,
    pub bytes: Bytes,
}

#[derive(Debug, Clone)]
pub struct StoredFile {
    pub file_id: String,
    pub file_unique_id: String,
    pub file_path: String,
    pub file_name: Option<String>,
    pub mime_type: Option<String>,
    pub bytes: Bytes,
}

/// What the bot answered to an inline query.
#[derive(Debug, Clone)]
pub struct InlineAnswer {
    pub results: Vec<Value>,
    pub is_personal: bool,
    pub cache_time: Option<i64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CallbackAnswer {
    pub query_id: String,
    pub text: Option<String>,
    pub show_alert: bool,
}

pub struct Webhook {
    pub url: String,
    pub secret_token: Option<String>,
}

pub struct State {
    pub token: String,
    /// The bot as `getMe` describes it.
    pub bot: Value,
    pub flood_per_second: Option<usize>,
    pub chats: HashMap<i64, Chat>,
    pub blocked: HashSet<i64>,
    pub pending: VecDeque<Value>,
    next_update_id: i64,
    pub allowed_updates: Option<Vec<String>>,
    /// Counts getUpdates calls, so a waiting poll sees that a newer one replaced it.
    pub polls: u64,
    pub webhook: Option<Webhook>,
    pub webhook_error: Option<(i64, String)>,
    /// Every message in every chat, from either side, as Bot API JSON.
    pub messages: HashMap<(i64, i64), Value>,
    next_message_id: HashMap<i64, i64>,
    pub sent: HashMap<i64, Vec<SentMessage>>,
    /// Callback query ids and whether they were answered.
    pub callbacks: HashMap<String, bool>,
    pub callback_answers: Vec<CallbackAnswer>,
    /// Inline query ids and the answer given for each.
    pub inline_queries: HashMap<String, Option<InlineAnswer>>,
    /// Command lists by scope (as canonical JSON) and language code.
    pub commands: HashMap<(String, String), Vec<Value>>,
    pub files: HashMap<String, StoredFile>,
    pub chat_actions: HashMap<i64, Vec<String>>,
    recent_sends: HashMap<i64, VecDeque<Instant>>,
    serial: u64,
}

/// The state and the signals that wake waiters: `updates` on a new update, poll or webhook
/// change, `sent` whenever the bot sends or changes a message.
pub struct Shared {
    state: Mutex<State>,
    pub updates: watch::Sender<u64>,
    pub sent: watch::Sender<u64>,
}

impl Shared {
    pub fn new(state: State) -> Self {
        Self {
            state: Mutex::new(state),
            updates: watch::channel(0).0,
            sent: watch::channel(0).0,
        }
    }

    pub fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().expect("the fake's state is not poisoned")
    }

    pub fn wake_updates(&self) {
        self.updates.send_modify(|version| *version += 1);
    }

    pub fn wake_sent(&self) {
        self.sent.send_modify(|version| *version += 1);
    }
}

pub fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("the clock is after 1970")
        .as_secs() as i64
}

impl State {
    pub fn new(token: String, bot: Value, flood_per_second: Option<usize>) -> Self {
        Self {
            token,
            bot,
            flood_per_second,
            chats: HashMap::new(),
            blocked: HashSet::new(),
            pending: VecDeque::new(),
            next_update_id: 100_000_001,
            allowed_updates: None,
            polls: 0,
            webhook: None,
            webhook_error: None,
            messages: HashMap::new(),
            next_message_id: HashMap::new(),
            sent: HashMap::new(),
            callbacks: HashMap::new(),
            callback_answers: Vec::new(),
            inline_queries: HashMap::new(),
            commands: HashMap::new(),
            files: HashMap::new(),
            chat_actions: HashMap::new(),
            recent_sends: HashMap::new(),
            serial: 0,
        }
    }

    /// A fresh number for ids that only need to be unique (queries, files).
    pub fn serial(&mut self) -> u64 {
        self.serial += 1;
        self.serial
    }

    pub fn push_update(&mut self, kind: &str, payload: Value) -> i64 {
        let update_id = self.next_update_id;
        self.next_update_id += 1;
        self.pending
            .push_back(json!({"update_id": update_id, kind: payload}));
        update_id
    }

    pub fn last_update_id(&self) -> i64 {
        self.next_update_id - 1
    }

    pub fn next_message_id(&mut self, chat_id: i64) -> i64 {
        let next = self.next_message_id.entry(chat_id).or_insert(1);
        let id = *next;
        *next += 1;
        id
    }

    /// The chat a method addresses; the bot only knows chats where someone wrote to it.
    /// A chat given by `@username` or any other text that is not an id is not found either.
    pub fn chat(&self, chat_id: Option<String>) -> Result<Chat, ApiError> {
        let chat_id = chat_id
            .filter(|id| !id.is_empty())
            .ok_or_else(|| ApiError::bad_request("chat_id is empty"))?;
        chat_id
            .trim()
            .parse()
            .ok()
            .and_then(|id: i64| self.chats.get(&id))
            .cloned()
            .ok_or_else(|| ApiError::bad_request("chat not found"))
    }

    pub fn check_blocked(&self, chat: &Chat) -> Result<(), ApiError> {
        if chat.is_private() && self.blocked.contains(&chat.id) {
            return Err(ApiError::blocked());
        }
        Ok(())
    }

    /// Counts one more message to `chat_id`, refusing it past the configured rate per second.
    pub fn check_flood(&mut self, chat_id: i64) -> Result<(), ApiError> {
        let Some(limit) = self.flood_per_second else {
            return Ok(());
        };
        let now = Instant::now();
        let window = Duration::from_secs(1);
        let recent = self.recent_sends.entry(chat_id).or_default();
        while recent.front().is_some_and(|sent| now - *sent >= window) {
            recent.pop_front();
        }
        if recent.len() >= limit {
            let wait = window - (now - recent[0]);
            return Err(ApiError::flood(wait.as_secs_f64().ceil().max(1.0) as u64));
        }
        recent.push_back(now);
        Ok(())
    }

    pub fn sent_message(&mut self, chat_id: i64, message_id: i64) -> Option<&mut SentMessage> {
        self.sent
            .get_mut(&chat_id)?
            .iter_mut()
            .find(|sent| sent.message_id == message_id && !sent.deleted)
    }
}
