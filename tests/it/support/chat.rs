//! A conversation with the whole bot against the sandbox portal, on a clock the test moves:
//! messages in, replies rendered as the console shows them.

use b24bot::b24::{Auth, Client, WebhookUrl};
use b24bot::bot::{Bot, Content, Defaults, Inbound};
use b24bot::intent::Lang;
use b24bot::reply::{Reply, plain};
use b24bot::sandbox::server::{self, Options, Sandbox};
use b24bot::store::{Channel, ChannelUser, EmployeeId, Store};
use b24bot::visibility::{Policy, Reach};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};
use serde_json::Value;

/// The moment every conversation starts at, so transcripts do not change from run to run.
pub const START: &str = "2026-03-02T07:00:00Z";

/// The console user every test chats as.
pub const USER: &str = "tester";

pub async fn sandbox() -> Sandbox {
    server::spawn(Options::default())
        .await
        .expect("the sandbox starts")
}

/// A sandbox whose clock and demo data start at [`START`], so that dates in transcripts (task
/// deadlines, comments) are the same on every run.
pub async fn sandbox_at_start() -> Sandbox {
    let sandbox = sandbox().await;
    let http = reqwest::Client::new();
    let inspect = format!("{}/sandbox", sandbox.base_url());
    http.post(format!("{inspect}/clock"))
        .json(&serde_json::json!({ "now": START }))
        .send()
        .await
        .unwrap()
        .error_for_status()
        .unwrap();
    http.post(format!("{inspect}/reset"))
        .send()
        .await
        .unwrap()
        .error_for_status()
        .unwrap();
    sandbox
}

/// The bot's client: the administrator's webhook, as a deployment has.
pub fn portal(sandbox: &Sandbox) -> Client {
    let url = &sandbox.webhook(1).expect("the administrator").url;
    Client::builder(Auth::Webhook(WebhookUrl::parse(url).unwrap()))
        .build()
        .unwrap()
}

pub struct Chat {
    pub bot: Bot,
    pub store: Store,
    pub now: Timestamp,
    /// The replies of the latest message.
    pub last: Vec<Reply>,
    /// Replaces the sandbox's changing address in links.
    base_url: String,
}

impl Chat {
    /// A chat as `employee`, who sees only their own records, English by default.
    pub async fn new(sandbox: &Sandbox, employee: u64) -> Chat {
        Chat::with_store(sandbox, Store::in_memory().await.unwrap(), employee).await
    }

    pub async fn with_store(sandbox: &Sandbox, store: Store, employee: u64) -> Chat {
        let now: Timestamp = START.parse().unwrap();
        let bot = start(sandbox, store.clone(), now).await;
        store
            .link(&user(), EmployeeId(employee), now)
            .await
            .unwrap();
        Chat {
            bot,
            store,
            now,
            last: Vec::new(),
            base_url: sandbox.base_url().to_owned(),
        }
    }

    /// Writes `text` and returns the replies as the console prints them.
    pub async fn say(&mut self, text: &str) -> String {
        self.send(Content::Text(text.to_owned())).await
    }

    /// Presses the button numbered `number` (from 1) of the latest reply that has buttons.
    pub async fn press(&mut self, number: usize) -> String {
        let token = self.button(number);
        self.send(Content::Button(token)).await
    }

    /// The action token of a button of the latest replies, numbered as the console numbers it.
    pub fn button(&self, number: usize) -> String {
        let reply = self
            .last
            .iter()
            .rev()
            .find(|reply| !reply.buttons.is_empty())
            .expect("the latest replies have buttons");
        plain::choice(reply, &number.to_string())
            .expect("such a button")
            .action()
            .to_owned()
    }

    pub async fn send(&mut self, content: Content) -> String {
        let inbound = Inbound {
            channel: Channel::Console,
            chat: USER.to_owned(),
            user: USER.to_owned(),
            lang_hint: None,
            content,
        };
        self.last = self.bot.handle(&inbound, self.now).await;
        self.rendered()
    }

    pub fn rendered(&self) -> String {
        self.last
            .iter()
            .map(plain::render)
            .collect::<Vec<_>>()
            .join("\n\n")
            .replace(&self.base_url, "https://portal.example")
    }

    pub fn advance(&mut self, seconds: i64) {
        self.now += SignedDuration::from_secs(seconds);
    }

    /// A transcript line pair: what was said, then what came back.
    pub async fn exchange(&mut self, text: &str) -> String {
        let answer = self.say(text).await;
        format!("> {text}\n{answer}\n")
    }

    /// The same for a pressed button.
    pub async fn exchange_press(&mut self, number: usize) -> String {
        let answer = self.press(number).await;
        format!("> [{number}]\n{answer}\n")
    }
}

pub fn user() -> ChannelUser {
    ChannelUser::new(Channel::Console, USER)
}

/// The bot on `store`, as a process starting would make it.
pub async fn start(sandbox: &Sandbox, store: Store, now: Timestamp) -> Bot {
    Bot::start(
        store,
        portal(sandbox),
        Policy::new(Reach::Own, [1]),
        Defaults {
            lang: Lang::En,
            time_zone: TimeZone::UTC,
        },
        now,
    )
    .await
    .expect("the bot starts")
}

/// The REST calls the sandbox received since the last call of this function.
pub async fn requests(sandbox: &Sandbox) -> Vec<Value> {
    let url = format!("{}/sandbox/requests", sandbox.base_url());
    let http = reqwest::Client::new();
    let log: Vec<Value> = http.get(&url).send().await.unwrap().json().await.unwrap();
    http.delete(&url).send().await.unwrap();
    log
}

/// Deals in the portal with this title.
pub async fn deals_titled(sandbox: &Sandbox, title: &str) -> Vec<Value> {
    portal(sandbox)
        .list_all(
            "crm.deal.list",
            &serde_json::json!({
                "filter": {"TITLE": title},
                "select": ["ID", "ASSIGNED_BY_ID", "COMPANY_ID"],
            }),
        )
        .await
        .unwrap()
}

/// The methods of the REST calls the sandbox received since the last look, in order.
pub async fn methods_called(sandbox: &Sandbox) -> Vec<String> {
    requests(sandbox)
        .await
        .iter()
        .map(|request| request["method"].as_str().unwrap_or_default().to_owned())
        .collect()
}

impl Chat {
    /// Says each line in turn: the transcript of the whole exchange.
    pub async fn transcript(&mut self, lines: &[&str]) -> String {
        let mut transcript = String::new();
        for line in lines {
            transcript.push_str(&self.exchange(line).await);
        }
        transcript
    }

    /// Says each text in turn and checks the REST methods each one cost, in order, so that
    /// the cost of a command cannot grow unnoticed.
    pub async fn assert_costs(&mut self, sandbox: &Sandbox, steps: &[(&str, &[&str])]) {
        requests(sandbox).await;
        for (text, expected) in steps {
            self.say(text).await;
            assert_eq!(methods_called(sandbox).await, *expected, "{text}");
        }
    }
}
