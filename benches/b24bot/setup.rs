//! The bot on an in-process sandbox, and a person talking to it through the console channel.

use b24bot::b24::{Auth, Client, Limits, WebhookUrl};
use b24bot::bot::{Bot, Content, Defaults, Inbound};
use b24bot::intent::Lang;
use b24bot::reply::Reply;
use b24bot::sandbox::server::{self, Options, Sandbox};
use b24bot::store::{Channel, ChannelUser, EmployeeId, Store};
use b24bot::visibility::{Policy, Reach};
use jiff::Timestamp;
use jiff::tz::TimeZone;
use serde_json::Value;

/// The active employees of the demo portal, whom simulated users are linked to in turn.
pub const EMPLOYEES: [u64; 8] = [1, 2, 3, 4, 5, 6, 7, 8];

/// The CPU model and the number of cores the figures were measured on.
pub fn machine() -> String {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find_map(|line| line.strip_prefix("model name"))
        .map(|rest| rest.trim_start_matches([' ', '\t', ':']).to_owned())
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    format!("{model}, {cores} cores available, {}", std::env::consts::OS)
}

pub async fn sandbox(options: Options) -> Sandbox {
    server::spawn(options).await.expect("the sandbox starts")
}

/// The bot's client on the administrator's webhook, at the default limits (burst 50, 2/s).
pub fn portal(sandbox: &Sandbox) -> Client {
    client(
        &sandbox.webhook(1).expect("the administrator").url,
        Limits::STANDARD,
    )
}

pub fn client(webhook: &str, limits: Limits) -> Client {
    Client::builder(Auth::Webhook(
        WebhookUrl::parse(webhook).expect("a webhook URL"),
    ))
    .limits(limits)
    .build()
    .expect("the client starts")
}

/// `BOT_LANG` and `BOT_TZ` as a deployment leaves them.
pub fn defaults() -> Defaults {
    Defaults {
        lang: Lang::En,
        time_zone: TimeZone::UTC,
    }
}

pub async fn bot(store: Store, portal: Client) -> Bot {
    Bot::start(
        store,
        portal,
        Policy::new(Reach::Own, [1]),
        defaults(),
        Timestamp::now(),
    )
    .await
    .expect("the bot starts")
}

/// A console user linked to `employee`.
pub async fn link(store: &Store, name: &str, employee: u64) -> ChannelUser {
    let user = ChannelUser::new(Channel::Console, name);
    store
        .link(&user, EmployeeId(employee), Timestamp::now())
        .await
        .expect("the link is stored");
    user
}

pub fn text(user: &ChannelUser, text: &str) -> Inbound {
    inbound(user, Content::Text(text.to_owned()))
}

pub fn inbound(user: &ChannelUser, content: Content) -> Inbound {
    Inbound {
        channel: Channel::Console,
        chat: user.user.clone(),
        user: user.user.clone(),
        lang_hint: None,
        content,
    }
}

/// Pressing the button labelled `label` among `replies`, as the console's number would.
pub fn press(user: &ChannelUser, replies: &[Reply], label: &str) -> Option<Inbound> {
    replies
        .iter()
        .flat_map(Reply::buttons_in_order)
        .find(|button| button.label() == label)
        .map(|button| inbound(user, Content::Button(button.action().to_owned())))
}

/// The REST calls the sandbox received since the last look, and clears its log.
pub async fn requests(sandbox: &Sandbox) -> Vec<Value> {
    let url = format!("{}/sandbox/requests", sandbox.base_url());
    let http = reqwest::Client::new();
    let log: Vec<Value> = http
        .get(&url)
        .send()
        .await
        .expect("the request log answers")
        .json()
        .await
        .expect("the request log is JSON");
    http.delete(&url).send().await.expect("the log is cleared");
    log
}

/// How many of the logged calls the portal refused with 503.
pub fn refused(log: &[Value]) -> usize {
    log.iter().filter(|call| call["status"] == 503).count()
}

/// The `q`-quantile of sorted `values`.
pub fn quantile<T: Copy>(sorted: &[T], q: f64) -> T {
    let last = sorted.len() - 1;
    let at = ((last as f64) * q).round() as usize;
    sorted[at.min(last)]
}
