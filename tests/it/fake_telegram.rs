//! The fake Telegram Bot API server, driven by reqwest acting as a bot: answer shapes, Telegram's
//! validation errors, long polling, webhooks, blocking, flood control and files.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use axum::http::HeaderMap;
use serde_json::{Value, json};
use tokio::sync::mpsc;

use crate::support::telegram::{
    BOT_ID, BOT_USERNAME, Chat, Config, FakeTelegram, Incoming, TOKEN, TgUser,
};

const WAIT: Duration = Duration::from_secs(5);

/// A bot's side of the wire: plain reqwest, so nothing of the fake's own types leaks in.
struct Bot {
    http: reqwest::Client,
    base: String,
}

impl Bot {
    fn new(fake: &FakeTelegram) -> Self {
        Self {
            http: reqwest::Client::new(),
            base: format!("{}/bot{TOKEN}", fake.api_url()),
        }
    }

    async fn read(response: reqwest::Response) -> (u16, Value) {
        let status = response.status().as_u16();
        (status, response.json().await.expect("a JSON answer"))
    }

    /// Calls a method with a JSON body, as teloxide does for requests without files.
    async fn call(&self, method: &str, params: Value) -> (u16, Value) {
        let request = self
            .http
            .post(format!("{}/{method}", self.base))
            .json(&params);
        Self::read(request.send().await.expect("the fake answers")).await
    }

    /// Calls a method expecting success and returns its `result`.
    async fn ok(&self, method: &str, params: Value) -> Value {
        let (status, body) = self.call(method, params).await;
        assert_eq!(
            (status, &body["ok"]),
            (200, &json!(true)),
            "{method}: {body}"
        );
        body["result"].clone()
    }

    /// Calls a method expecting a failure and returns its description.
    async fn error(&self, method: &str, params: Value, code: u16) -> String {
        let (status, body) = self.call(method, params).await;
        assert_eq!(status, code, "{method}: {body}");
        assert_eq!(body["ok"], false);
        assert_eq!(body["error_code"], code);
        body["description"]
            .as_str()
            .expect("a description")
            .to_owned()
    }

    async fn form(&self, method: &str, fields: &[(&str, &str)]) -> (u16, Value) {
        let request = self
            .http
            .post(format!("{}/{method}", self.base))
            .form(fields);
        Self::read(request.send().await.expect("the fake answers")).await
    }

    /// A multipart call: text fields, then files as (field, file name, bytes).
    async fn multipart(
        &self,
        method: &str,
        fields: &[(&str, &str)],
        files: &[(&str, &str, &[u8])],
    ) -> (u16, Value) {
        let boundary = "fakeTelegramBoundary7MA4YWxk";
        let mut body = Vec::new();
        for (name, value) in fields {
            body.extend(format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            ).bytes());
        }
        for (name, file_name, bytes) in files {
            body.extend(format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{file_name}\"\r\n\
                 Content-Type: application/octet-stream\r\n\r\n"
            ).bytes());
            body.extend_from_slice(bytes);
            body.extend_from_slice(b"\r\n");
        }
        body.extend(format!("--{boundary}--\r\n").bytes());
        let request = self
            .http
            .post(format!("{}/{method}", self.base))
            .header(
                "content-type",
                format!("multipart/form-data; boundary={boundary}"),
            )
            .body(body);
        Self::read(request.send().await.expect("the fake answers")).await
    }
}

fn ann() -> TgUser {
    TgUser::new(1001, "Ann")
        .username("ann_sales")
        .language("ru")
}

/// A fake where Ann has written to the bot, so it may write to her.
async fn with_ann() -> (FakeTelegram, Bot, TgUser) {
    let fake = FakeTelegram::start().await;
    let user = ann();
    fake.inject(Incoming::text(&Chat::private(&user), &user, "/start"));
    let bot = Bot::new(&fake);
    (fake, bot, user)
}

fn keyboard(data: &str) -> Value {
    json!({"inline_keyboard": [[{"text": "Open", "callback_data": data}]]})
}

#[tokio::test]
async fn get_me_describes_the_bot_and_bad_tokens_and_methods_are_refused() {
    let fake = FakeTelegram::start().await;
    let bot = Bot::new(&fake);
    let me = bot.ok("getMe", json!({})).await;
    assert_eq!(me["id"], BOT_ID);
    assert_eq!(me["is_bot"], true);
    assert_eq!(me["username"], BOT_USERNAME);

    let wrong = reqwest::get(format!("{}/bot123:wrong/getMe", fake.api_url()))
        .await
        .unwrap();
    assert_eq!(wrong.status(), 401);
    assert_eq!(
        wrong.json::<Value>().await.unwrap(),
        json!({"ok": false, "error_code": 401, "description": "Unauthorized"})
    );
    assert_eq!(
        bot.error("sendTelepathy", json!({}), 404).await,
        "Not Found"
    );
    // Method names are case-insensitive on Telegram, and GET with a query works too.
    let lower = reqwest::get(format!("{}/bot{TOKEN}/getme", fake.api_url()))
        .await
        .unwrap();
    assert_eq!(lower.status(), 200);
}

#[tokio::test]
async fn a_long_poll_returns_an_injected_update_at_once_and_confirmed_ones_never_again() {
    let fake = FakeTelegram::start().await;
    let bot = Arc::new(Bot::new(&fake));
    let user = ann();
    let poller = bot.clone();
    let started = Instant::now();
    let poll = tokio::spawn(async move { poller.ok("getUpdates", json!({"timeout": 30})).await });
    fake.wait_for_polls(1, WAIT).await;
    fake.inject(Incoming::text(&Chat::private(&user), &user, "/deal new"));
    let updates = poll.await.unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "the poll waited out its timeout"
    );

    let update = &updates[0];
    let message = &update["message"];
    assert_eq!(message["text"], "/deal new");
    assert_eq!(
        message["chat"],
        json!({"id": 1001, "type": "private", "first_name": "Ann", "username": "ann_sales"})
    );
    assert_eq!(message["from"]["language_code"], "ru");
    assert_eq!(message["from"]["is_bot"], false);
    assert_eq!(
        message["entities"],
        json!([{"type": "bot_command", "offset": 0, "length": 5}])
    );
    assert!(message["date"].as_i64().unwrap() > 1_700_000_000);

    fake.inject(Incoming::text(&Chat::private(&user), &user, "second"));
    let first_id = update["update_id"].as_i64().unwrap();
    // Without an offset nothing is confirmed: both come back.
    assert_eq!(
        bot.ok("getUpdates", json!({}))
            .await
            .as_array()
            .unwrap()
            .len(),
        2
    );
    let rest = bot.ok("getUpdates", json!({"offset": first_id + 1})).await;
    assert_eq!(rest.as_array().unwrap().len(), 1);
    assert_eq!(rest[0]["update_id"], first_id + 1);
    assert_eq!(rest[0]["message"]["message_id"], 2);
    let none = bot
        .ok("getUpdates", json!({"offset": first_id + 2, "timeout": 0}))
        .await;
    assert_eq!(none, json!([]));
}

#[tokio::test]
async fn get_updates_honours_limit_and_allowed_updates() {
    let (fake, bot, user) = with_ann().await;
    fake.inject(Incoming::text(&Chat::private(&user), &user, "one"));
    let query = fake.inline_query(&user, "Ivanov");
    let first = bot.ok("getUpdates", json!({"limit": 1})).await;
    assert_eq!(first.as_array().unwrap().len(), 1);
    let inline = bot
        .ok("getUpdates", json!({"allowed_updates": ["inline_query"]}))
        .await;
    assert_eq!(inline.as_array().unwrap().len(), 1, "{inline}");
    assert_eq!(inline[0]["inline_query"]["id"], query);
    assert_eq!(inline[0]["inline_query"]["query"], "Ivanov");
}

#[tokio::test]
async fn a_second_poll_terminates_the_first_with_409() {
    let fake = FakeTelegram::start().await;
    let bot = Arc::new(Bot::new(&fake));
    let first_bot = bot.clone();
    let first =
        tokio::spawn(async move { first_bot.call("getUpdates", json!({"timeout": 20})).await });
    fake.wait_for_polls(1, WAIT).await;
    assert_eq!(bot.call("getUpdates", json!({"timeout": 0})).await.0, 200);
    let (status, body) = tokio::time::timeout(WAIT, first).await.unwrap().unwrap();
    assert_eq!(status, 409);
    assert_eq!(
        body["description"],
        "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"
    );
}

/// A loopback webhook receiver that fails its first `failures` deliveries with 500.
async fn receiver(
    failures: usize,
) -> (
    String,
    mpsc::UnboundedReceiver<(Option<String>, Value)>,
    Arc<AtomicUsize>,
) {
    let (sender, received) = mpsc::unbounded_channel();
    let attempts = Arc::new(AtomicUsize::new(0));
    let counter = attempts.clone();
    let app = axum::Router::new().route(
        "/hook",
        axum::routing::post(
            move |headers: HeaderMap, axum::Json(update): axum::Json<Value>| {
                let sender = sender.clone();
                let counter = counter.clone();
                async move {
                    if counter.fetch_add(1, Ordering::SeqCst) < failures {
                        return axum::http::StatusCode::INTERNAL_SERVER_ERROR;
                    }
                    let secret = headers
                        .get("X-Telegram-Bot-Api-Secret-Token")
                        .map(|value| value.to_str().unwrap().to_owned());
                    sender.send((secret, update)).unwrap();
                    axum::http::StatusCode::OK
                }
            },
        ),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (url, received, attempts)
}

#[tokio::test]
async fn set_webhook_ends_a_waiting_poll() {
    let fake = FakeTelegram::start().await;
    let bot = Arc::new(Bot::new(&fake));
    let poller = bot.clone();
    let poll = tokio::spawn(async move { poller.call("getUpdates", json!({"timeout": 20})).await });
    fake.wait_for_polls(1, WAIT).await;
    let (url, _received, _) = receiver(0).await;
    bot.ok("setWebhook", json!({"url": url})).await;
    let (status, body) = tokio::time::timeout(WAIT, poll).await.unwrap().unwrap();
    assert_eq!(
        (status, body["description"].as_str()),
        (409, Some("Conflict: terminated by setWebhook request"))
    );
}

#[tokio::test]
async fn a_webhook_receives_updates_with_the_secret_header_and_excludes_polling() {
    let (fake, bot, user) = with_ann().await;
    let (url, mut received, _) = receiver(0).await;
    let bad_secret = bot
        .error(
            "setWebhook",
            json!({"url": url, "secret_token": "no spaces!"}),
            400,
        )
        .await;
    assert_eq!(
        bad_secret,
        "Bad Request: secret token contains unallowed characters"
    );
    let plain_http = bot
        .error("setWebhook", json!({"url": "http://example.com/hook"}), 400)
        .await;
    assert_eq!(
        plain_http,
        "Bad Request: bad webhook: An HTTPS URL must be provided for webhook"
    );

    bot.ok(
        "setWebhook",
        json!({"url": url, "secret_token": "s3cret_T-1", "drop_pending_updates": true}),
    )
    .await;
    let info = bot.ok("getWebhookInfo", json!({})).await;
    assert_eq!(info["url"], url);
    assert_eq!(info["pending_update_count"], 0, "the /start was dropped");
    let conflict = bot.error("getUpdates", json!({}), 409).await;
    assert_eq!(
        conflict,
        "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"
    );

    fake.inject(Incoming::text(&Chat::private(&user), &user, "hello"));
    let (secret, update) = tokio::time::timeout(WAIT, received.recv())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(secret.as_deref(), Some("s3cret_T-1"));
    assert_eq!(update["message"]["text"], "hello");

    bot.ok("deleteWebhook", json!({"drop_pending_updates": true}))
        .await;
    assert_eq!(bot.ok("getWebhookInfo", json!({})).await["url"], "");
    assert_eq!(bot.ok("getUpdates", json!({})).await, json!([]));
}

/// Asks getWebhookInfo until it reports a failed delivery, as a bot's operator would.
async fn last_webhook_error(bot: &Bot) -> String {
    let deadline = Instant::now() + WAIT;
    loop {
        let info = bot.ok("getWebhookInfo", json!({})).await;
        if let Some(message) = info["last_error_message"].as_str() {
            assert!(info["last_error_date"].is_i64());
            return message.to_owned();
        }
        assert!(Instant::now() < deadline, "the failure was never recorded");
        tokio::task::yield_now().await;
    }
}

#[tokio::test]
async fn a_webhook_nobody_listens_on_is_reported() {
    let (_fake, bot, _user) = with_ann().await;
    let closed = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", closed.local_addr().unwrap());
    drop(closed);
    bot.ok("setWebhook", json!({"url": url})).await;
    assert_eq!(last_webhook_error(&bot).await, "Connection refused");
    assert_eq!(
        bot.ok("getWebhookInfo", json!({})).await["pending_update_count"],
        0,
        "given up after the retry"
    );
}

#[tokio::test]
async fn a_failed_webhook_delivery_is_retried_once() {
    let (fake, bot, user) = with_ann().await;
    let (url, mut received, attempts) = receiver(1).await;
    bot.ok("setWebhook", json!({"url": url})).await;
    let (secret, update) = tokio::time::timeout(WAIT, received.recv())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(secret, None, "no secret was set");
    assert_eq!(update["message"]["text"], "/start");
    assert_eq!(attempts.load(Ordering::SeqCst), 2);

    let (url, _received, attempts) = receiver(usize::MAX).await;
    bot.ok("setWebhook", json!({"url": url})).await;
    fake.inject(Incoming::text(&Chat::private(&user), &user, "lost"));
    assert_eq!(
        last_webhook_error(&bot).await,
        "Wrong response from the webhook: 500 Internal Server Error"
    );
    assert_eq!(attempts.load(Ordering::SeqCst), 2, "one try and one retry");
}

#[tokio::test]
async fn send_message_returns_the_message_with_entities_from_html() {
    let (fake, bot, user) = with_ann().await;
    let message = bot
        .ok(
            "sendMessage",
            json!({"chat_id": user.id, "parse_mode": "HTML",
                   "text": "<b>Deal</b> &lt;42&gt; &amp; <a href=\"https://b24.example/deal/42\">open</a>",
                   "reply_to_message_id": 1, "reply_markup": keyboard("deal:42")}),
        )
        .await;
    assert_eq!(message["text"], "Deal <42> & open");
    assert_eq!(
        message["from"],
        json!({"id": BOT_ID, "is_bot": true, "first_name": "B24 Test Bot", "username": BOT_USERNAME})
    );
    assert_eq!(message["chat"]["type"], "private");
    assert_eq!(message["message_id"], 2);
    assert_eq!(message["reply_to_message"]["text"], "/start");
    assert_eq!(
        message["entities"],
        json!([{"type": "bold", "offset": 0, "length": 4},
               {"type": "text_link", "url": "https://b24.example/deal/42", "offset": 12, "length": 4}])
    );
    assert_eq!(message["reply_markup"], keyboard("deal:42"));

    let sent = fake.wait_for_messages(user.id, 1, WAIT).await;
    assert_eq!(sent[0].text.as_deref(), Some("Deal <42> & open"));
    assert!(
        sent[0]
            .source
            .as_deref()
            .unwrap()
            .starts_with("<b>Deal</b>")
    );
    assert_eq!(sent[0].parse_mode.as_deref(), Some("HTML"));
    assert_eq!(sent[0].entities.len(), 2);
    assert_eq!(sent[0].reply_to, Some(1));
    assert_eq!(sent[0].callback_data(), vec!["deal:42"]);

    let missing = bot
        .error(
            "sendMessage",
            json!({"chat_id": user.id, "text": "hi", "reply_to_message_id": 99}),
            400,
        )
        .await;
    assert_eq!(missing, "Bad Request: message to be replied not found");
    // teloxide 0.17 names the replied message in reply_parameters.
    let replied = bot
        .ok(
            "sendMessage",
            json!({"chat_id": user.id, "text": "re", "reply_parameters": {"message_id": 2}}),
        )
        .await;
    assert_eq!(replied["reply_to_message"]["message_id"], 2);
    assert!(
        replied["reply_to_message"]
            .get("reply_to_message")
            .is_none(),
        "replies nest one level deep"
    );
    let lenient = bot
        .ok(
            "sendMessage",
            json!({"chat_id": user.id, "text": "re",
                   "reply_parameters": {"message_id": 99, "allow_sending_without_reply": true}}),
        )
        .await;
    assert!(lenient.get("reply_to_message").is_none());
    for chat_id in [json!(555), json!("@somebody")] {
        let unknown = bot
            .error(
                "sendMessage",
                json!({"chat_id": chat_id, "text": "hi"}),
                400,
            )
            .await;
        assert_eq!(unknown, "Bad Request: chat not found");
    }
}

#[tokio::test]
async fn send_message_reads_urlencoded_forms_with_json_in_strings() {
    let (fake, bot, user) = with_ann().await;
    let markup = keyboard("x").to_string();
    let (status, body) = bot
        .form(
            "sendMessage",
            &[
                ("chat_id", "1001"),
                ("text", "<i>hi</i>"),
                ("parse_mode", "html"),
                ("reply_markup", &markup),
            ],
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["result"]["entities"][0]["type"], "italic");
    assert_eq!(fake.sent(user.id)[0].callback_data(), vec!["x"]);
    // Telegram takes GET with the parameters in the query string too.
    let url = format!(
        "{}/bot{TOKEN}/sendMessage?chat_id=1001&text=%3Cb%3Eq%3C%2Fb%3E&parse_mode=HTML",
        fake.api_url()
    );
    let body: Value = reqwest::get(url).await.unwrap().json().await.unwrap();
    assert_eq!(
        (
            body["result"]["text"].as_str(),
            body["result"]["entities"][0]["type"].as_str()
        ),
        (Some("q"), Some("bold"))
    );
}

async fn html_error(bot: &Bot, chat_id: i64, text: &str) -> String {
    bot.error(
        "sendMessage",
        json!({"chat_id": chat_id, "text": text, "parse_mode": "HTML"}),
        400,
    )
    .await
}

#[tokio::test]
async fn html_that_telegram_cannot_parse_is_refused_with_its_words() {
    let (_fake, bot, user) = with_ann().await;
    let cases = [
        (
            "<div>x</div>",
            "Unsupported start tag \"div\" at byte offset 0",
        ),
        ("1 < 2", "Unsupported start tag \"\" at byte offset 2"),
        (
            "<b>bold",
            "Can't find end tag corresponding to start tag \"b\"",
        ),
        (
            "<b><i>x</b></i>",
            "Unmatched end tag at byte offset 7, expected \"</i>\", found \"</b>\"",
        ),
        ("x</b>", "Unexpected end tag at byte offset 1"),
        ("<b", "Unclosed start tag at byte offset 0"),
        ("<a href=\"x\"", "Unclosed start tag at byte offset 0"),
        (
            "<b =x>y</b>",
            "Empty attribute name in the tag \"b\" at byte offset 0",
        ),
        (
            "<code class=lang_x>y</code>",
            "Unexpected end of name token at byte offset 12",
        ),
        (
            "<tg-emoji emoji-id=\"abc\">y</tg-emoji>",
            "Invalid custom emoji identifier specified",
        ),
        (
            "<span>x</span>",
            "Tag \"span\" must have class \"tg-spoiler\" at byte offset 0",
        ),
    ];
    for (text, reason) in cases {
        let description = html_error(&bot, user.id, text).await;
        assert_eq!(
            description,
            format!("Bad Request: can't parse entities: {reason}"),
            "{text}"
        );
    }
    assert_eq!(
        html_error(&bot, user.id, "&#xD800;").await,
        "Bad Request: can't parse entities: Text contains invalid Unicode characters after decoding \
         HTML entities, check for unmatched surrogate code units",
        "a reference to half a surrogate pair is not a character"
    );
    assert_eq!(
        html_error(&bot, user.id, "<b> </b>").await,
        "Bad Request: text must be non-empty"
    );
    assert_eq!(
        html_error(&bot, user.id, "").await,
        "Bad Request: message text is empty"
    );
}

#[tokio::test]
async fn html_entities_decode_as_on_telegram() {
    let (_fake, bot, user) = with_ann().await;
    let sent = bot
        .ok(
            "sendMessage",
            json!({"chat_id": user.id, "parse_mode": "HTML",
                   "text": "&quot;a&quot; &#65;&#x42; &nbsp; AT&T <pre><code class=\"language-rust\">fn</code></pre>"}),
        )
        .await;
    // Unknown entities and a lone `&` stay literal, as TDLib leaves them.
    assert_eq!(sent["text"], "\"a\" AB &nbsp; AT&T fn");
    assert_eq!(
        sent["entities"],
        json!([{"type": "pre", "offset": 19, "length": 2, "language": "rust"}])
    );
}

#[tokio::test]
async fn html_links_and_attributes_follow_tdlib() {
    let (_fake, bot, user) = with_ann().await;
    let send = |text: &str| json!({"chat_id": user.id, "parse_mode": "HTML", "text": text});
    // A link without href is its own text; TDLib normalises what it keeps and drops what it
    // cannot check, without refusing the message.
    let sent = bot
        .ok(
            "sendMessage",
            send("<a>b24.example</a> <a href=\"https://B24.example\">x</a> <a href=nohost>y</a>"),
        )
        .await;
    assert_eq!(
        sent["entities"],
        json!([{"type": "text_link", "offset": 0, "length": 11, "url": "http://b24.example/"},
               {"type": "text_link", "offset": 12, "length": 1, "url": "https://b24.example/"}])
    );
    let sent = bot
        .ok(
            "sendMessage",
            send("<blockquote expandable>q</blockquote> <span class=\"tg-spoiler\">s</span> <B>x</B> 😀<i>i</i>"),
        )
        .await;
    assert_eq!(
        sent["entities"],
        json!([{"type": "expandable_blockquote", "offset": 0, "length": 1},
               {"type": "spoiler", "offset": 2, "length": 1},
               {"type": "bold", "offset": 4, "length": 1},
               {"type": "italic", "offset": 8, "length": 1}]),
        "tags are case-insensitive and offsets count UTF-16 units"
    );
}

#[tokio::test]
async fn text_length_is_counted_after_markup_in_code_points() {
    let (_fake, bot, user) = with_ann().await;
    let full = format!("<b>{}</b>", "a".repeat(4096));
    bot.ok(
        "sendMessage",
        json!({"chat_id": user.id, "text": full, "parse_mode": "HTML"}),
    )
    .await;
    let too_long = bot
        .error(
            "sendMessage",
            json!({"chat_id": user.id, "text": "a".repeat(4097)}),
            400,
        )
        .await;
    assert_eq!(too_long, "Bad Request: message is too long");
    // TDLib counts code points: an emoji outside the BMP is one, though two UTF-16 units.
    let emoji = format!("{}😀", "a".repeat(4095));
    bot.ok("sendMessage", json!({"chat_id": user.id, "text": emoji}))
        .await;
    let markdown = bot
        .error(
            "sendMessage",
            json!({"chat_id": user.id, "text": "*x*", "parse_mode": "MarkdownV2"}),
            400,
        )
        .await;
    assert_eq!(markdown, "Bad Request: unsupported parse_mode");
    let none = bot
        .ok(
            "sendMessage",
            json!({"chat_id": user.id, "text": "<b>", "parse_mode": "None"}),
        )
        .await;
    assert_eq!(none["text"], "<b>", "no parse mode leaves markup as text");
}

#[tokio::test]
async fn inline_keyboards_are_checked_like_telegram() {
    let (_fake, bot, user) = with_ann().await;
    let send = |markup: Value| json!({"chat_id": user.id, "text": "pick", "reply_markup": markup});
    bot.ok("sendMessage", send(keyboard(&"d".repeat(64)))).await;
    let long = bot
        .error("sendMessage", send(keyboard(&"d".repeat(65))), 400)
        .await;
    assert_eq!(long, "Bad Request: BUTTON_DATA_INVALID");
    // An empty callback_data counts as absent, which leaves a button that does nothing.
    let empty = bot.error("sendMessage", send(keyboard("")), 400).await;
    assert_eq!(
        empty,
        "Bad Request: can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
    );
    let url = json!({"inline_keyboard": [[{"text": "Site", "url": "https://b24.example/x"}]]});
    bot.ok("sendMessage", send(url)).await;
    let bad_url = json!({"inline_keyboard": [[{"text": "Site", "url": "not a url"}]]});
    let description = bot.error("sendMessage", send(bad_url), 400).await;
    assert_eq!(
        description,
        "Bad Request: inline keyboard button URL 'not a url' is invalid: Disallowed character in URL host"
    );
    for (link, reason) in [
        ("https://localhost/x", "Wrong HTTP URL"),
        ("ftp://b24.example", "Unsupported URL protocol"),
    ] {
        let markup = json!({"inline_keyboard": [[{"text": "Site", "url": link}]]});
        let description = bot.error("sendMessage", send(markup), 400).await;
        assert_eq!(
            description,
            format!("Bad Request: inline keyboard button URL '{link}' is invalid: {reason}")
        );
    }
    let deep_link =
        json!({"inline_keyboard": [[{"text": "Open", "url": "tg://resolve?domain=b24_test_bot"}]]});
    bot.ok("sendMessage", send(deep_link)).await;
    let no_text = json!({"inline_keyboard": [[{"callback_data": "x"}]]});
    let description = bot.error("sendMessage", send(no_text), 400).await;
    assert_eq!(
        description,
        "Bad Request: can't parse inline keyboard button: Can't find field \"text\""
    );
    let flat = json!({"inline_keyboard": [{"text": "x", "callback_data": "x"}]});
    let description = bot.error("sendMessage", send(flat), 400).await;
    assert_eq!(
        description,
        "Bad Request: field \"inline_keyboard\" of the InlineKeyboardMarkup must be an Array of Arrays"
    );
}

#[tokio::test]
async fn edits_change_the_message_in_place_and_refuse_no_ops() {
    let (fake, bot, user) = with_ann().await;
    let sent = bot
        .ok(
            "sendMessage",
            json!({"chat_id": user.id, "text": "Pick one", "reply_markup": keyboard("a")}),
        )
        .await;
    let id = sent["message_id"].clone();
    let edited = bot
        .ok(
            "editMessageText",
            json!({"chat_id": user.id, "message_id": id, "text": "<b>Done</b>",
                                      "parse_mode": "HTML"}),
        )
        .await;
    assert_eq!(edited["text"], "Done");
    assert!(edited["edit_date"].is_i64());
    assert!(
        edited.get("reply_markup").is_none(),
        "an edit without markup removes the keyboard"
    );
    let same = bot
        .error(
            "editMessageText",
            json!({"chat_id": user.id, "message_id": id, "text": "<b>Done</b>",
                                         "parse_mode": "HTML"}),
            400,
        )
        .await;
    assert!(
        same.starts_with("Bad Request: message is not modified"),
        "{same}"
    );

    bot.ok(
        "editMessageReplyMarkup",
        json!({"chat_id": user.id, "message_id": id, "reply_markup": keyboard("b")}),
    )
    .await;
    let same_markup = bot
        .error(
            "editMessageReplyMarkup",
            json!({"chat_id": user.id, "message_id": id,
                                                "reply_markup": keyboard("b")}),
            400,
        )
        .await;
    assert!(same_markup.starts_with("Bad Request: message is not modified"));
    let now = &fake.sent(user.id)[0];
    assert_eq!((now.text.as_deref(), now.edits), (Some("Done"), 2));
    assert_eq!(now.callback_data(), vec!["b"]);

    let users_own = bot
        .error(
            "editMessageText",
            json!({"chat_id": user.id, "message_id": 1, "text": "x"}),
            400,
        )
        .await;
    assert_eq!(users_own, "Bad Request: message can't be edited");
    bot.ok(
        "deleteMessage",
        json!({"chat_id": user.id, "message_id": id}),
    )
    .await;
    assert!(fake.sent(user.id)[0].deleted);
    let gone = bot
        .error(
            "editMessageText",
            json!({"chat_id": user.id, "message_id": id, "text": "x"}),
            400,
        )
        .await;
    assert_eq!(gone, "Bad Request: message to edit not found");
    let twice = bot
        .error(
            "deleteMessage",
            json!({"chat_id": user.id, "message_id": id}),
            400,
        )
        .await;
    assert_eq!(twice, "Bad Request: message to delete not found");
}

#[tokio::test]
async fn a_callback_query_is_answered_once() {
    let (fake, bot, user) = with_ann().await;
    let sent = bot
        .ok(
            "sendMessage",
            json!({"chat_id": user.id, "text": "Delete?", "reply_markup": keyboard("del:7")}),
        )
        .await;
    let message_id = sent["message_id"].as_i64().unwrap();
    let query_id = fake.press(&user, user.id, message_id, "del:7");
    let updates = bot.ok("getUpdates", json!({"offset": -1})).await;
    let query = &updates[0]["callback_query"];
    assert_eq!(query["id"], query_id);
    assert_eq!(query["data"], "del:7");
    assert_eq!(query["from"]["id"], user.id);
    assert_eq!(query["message"]["message_id"], message_id);
    assert!(query["chat_instance"].is_string());

    let long = bot
        .error(
            "answerCallbackQuery",
            json!({"callback_query_id": query_id, "text": "x".repeat(201)}),
            400,
        )
        .await;
    assert_eq!(
        long, "Bad Request: MESSAGE_TOO_LONG",
        "a refused answer leaves the query open"
    );
    bot.ok(
        "answerCallbackQuery",
        json!({"callback_query_id": query_id, "text": "Deleted", "show_alert": true}),
    )
    .await;
    let again = bot
        .error(
            "answerCallbackQuery",
            json!({"callback_query_id": query_id}),
            400,
        )
        .await;
    assert_eq!(
        again,
        "Bad Request: query is too old and response timeout expired or query ID is invalid"
    );
    let unknown = bot
        .error(
            "answerCallbackQuery",
            json!({"callback_query_id": "42"}),
            400,
        )
        .await;
    assert_eq!(unknown, again);
    let answers = fake.callback_answers();
    assert_eq!(answers.len(), 1);
    assert_eq!(
        (answers[0].query_id.as_str(), answers[0].text.as_deref()),
        (query_id.as_str(), Some("Deleted"))
    );
    assert!(answers[0].show_alert);
}

#[tokio::test]
async fn commands_are_kept_per_language_and_scope_and_checked() {
    let (fake, bot, _user) = with_ann().await;
    let english = json!([{"command": "start", "description": "Link your account"},
                         {"command": "deal_new", "description": "New deal"}]);
    bot.ok("setMyCommands", json!({"commands": english})).await;
    bot.ok(
        "setMyCommands",
        json!({"commands": [{"command": "start", "description": "Привязать аккаунт"}], "language_code": "ru"}),
    )
    .await;
    bot.ok(
        "setMyCommands",
        json!({"commands": [{"command": "report", "description": "Team report"}],
               "scope": {"type": "chat", "chat_id": -100}}),
    )
    .await;
    assert_eq!(bot.ok("getMyCommands", json!({})).await, english);
    assert_eq!(
        bot.ok("getMyCommands", json!({"language_code": "ru"}))
            .await[0]["description"],
        "Привязать аккаунт"
    );
    assert_eq!(
        bot.ok("getMyCommands", json!({"language_code": "de"}))
            .await,
        json!([])
    );
    assert_eq!(
        fake.commands(json!({"chat_id": "-100", "type": "chat"}), ""),
        vec![("report".to_owned(), "Team report".to_owned())]
    );
    assert_eq!(fake.commands(json!({"type": "default"}), "ru").len(), 1);
    bot.ok("deleteMyCommands", json!({"language_code": "ru"}))
        .await;
    assert_eq!(fake.commands(json!({"type": "default"}), "ru"), vec![]);
    assert_eq!(
        fake.commands(json!({"type": "default"}), "").len(),
        2,
        "other languages stay"
    );

    let cases = [
        (
            json!({"command": "Start", "description": "x"}),
            "BOT_COMMAND_INVALID",
        ),
        (
            json!({"command": "deal-new", "description": "x"}),
            "BOT_COMMAND_INVALID",
        ),
        (
            json!({"command": " / ", "description": "x"}),
            "command must be non-empty",
        ),
        (
            json!({"command": "a".repeat(33), "description": "x"}),
            "command length must not exceed 32",
        ),
        (
            json!({"command": "ok", "description": "  "}),
            "command description must be non-empty",
        ),
        (
            json!({"command": "ok", "description": "d".repeat(257)}),
            "command description length must not exceed 256",
        ),
        (
            json!({"description": "x"}),
            "can't parse BotCommand: Can't find field \"command\"",
        ),
    ];
    for (command, reason) in cases {
        let description = bot
            .error("setMyCommands", json!({"commands": [command]}), 400)
            .await;
        assert_eq!(description, format!("Bad Request: {reason}"), "{command}");
    }
    // TDLib trims and drops the slash before Telegram stores the command.
    bot.ok(
        "setMyCommands",
        json!({"commands": [{"command": " /help ", "description": " Help "}]}),
    )
    .await;
    assert_eq!(
        fake.commands(json!({"type": "default"}), ""),
        vec![("help".to_owned(), "Help".to_owned())]
    );
    let language = bot
        .error(
            "setMyCommands",
            json!({"commands": [], "language_code": "rus"}),
            400,
        )
        .await;
    assert_eq!(language, "Bad Request: invalid language code specified");
}

fn article(id: &str) -> Value {
    json!({"type": "article", "id": id, "title": "Ivan Ivanov",
           "input_message_content": {"message_text": "<b>Ivan</b> +7 900", "parse_mode": "HTML"}})
}

#[tokio::test]
async fn inline_answers_are_checked_and_given_once() {
    let (fake, bot, user) = with_ann().await;
    let query = fake.inline_query(&user, "Ivanov");
    let answer = |results: Value| json!({"inline_query_id": query, "results": results});
    let cases = [
        (
            json!([article("1"), article("1")]),
            "Bad Request: RESULT_ID_DUPLICATE",
        ),
        (
            json!([article(&"i".repeat(65))]),
            "Bad Request: RESULT_ID_INVALID",
        ),
        (json!([article("")]), "Bad Request: RESULT_ID_INVALID"),
        (
            json!([{"type": "article", "id": "1", "input_message_content": {"message_text": "x"}}]),
            "Bad Request: can't parse inline query result: Can't find field \"title\"",
        ),
        (
            json!([{"type": "article", "id": "1", "title": "x"}]),
            "Bad Request: can't parse inline query result: Can't find field \"message_text\"",
        ),
        (
            json!([{"type": "article", "id": "1", "title": "x", "input_message_content": {"message_text": "<b> </b>",
                    "parse_mode": "HTML"}}]),
            "Bad Request: text must be non-empty",
        ),
        (
            json!([{"type": "article", "id": "1", "title": "x",
                    "input_message_content": {"message_text": "<x>", "parse_mode": "HTML"}}]),
            "Bad Request: can't parse entities: Unsupported start tag \"x\" at byte offset 0",
        ),
    ];
    for (results, expected) in cases {
        assert_eq!(
            bot.error("answerInlineQuery", answer(results.clone()), 400)
                .await,
            expected,
            "{results}"
        );
    }
    bot.ok(
        "answerInlineQuery",
        answer(json!([article("c:1"), article(&"i".repeat(64))])),
    )
    .await;
    let again = bot.error("answerInlineQuery", answer(json!([])), 400).await;
    assert_eq!(
        again,
        "Bad Request: query is too old and response timeout expired or query ID is invalid"
    );
    let given = fake.inline_answer(&query).expect("answered");
    assert_eq!(given.results[0]["id"], "c:1");
}

/// A PNG header is all Telegram needs to size a photo here: signature and IHDR.
fn png(width: u32, height: u32) -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    bytes.extend(width.to_be_bytes());
    bytes.extend(height.to_be_bytes());
    bytes.extend([8, 2, 0, 0, 0]);
    bytes
}

#[tokio::test]
async fn an_uploaded_document_comes_back_through_get_file() {
    let (fake, bot, user) = with_ann().await;
    let bytes: Vec<u8> = (0..=255).cycle().take(3000).collect();
    // teloxide names the file part and points at it with attach://.
    let (status, body) = bot
        .multipart(
            "sendDocument",
            &[
                ("chat_id", "1001"),
                ("document", "attach://f1"),
                ("caption", "<b>Report</b>"),
                ("parse_mode", "HTML"),
            ],
            &[("f1", "report.pdf", &bytes)],
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let document = &body["result"]["document"];
    assert_eq!(document["file_name"], "report.pdf");
    assert_eq!(document["file_size"], 3000);
    assert_eq!(body["result"]["caption"], "Report");
    assert_eq!(body["result"]["caption_entities"][0]["type"], "bold");

    let file = bot
        .ok("getFile", json!({"file_id": document["file_id"]}))
        .await;
    let path = file["file_path"].as_str().unwrap();
    let download = reqwest::get(format!("{}/file/bot{TOKEN}/{path}", fake.api_url()))
        .await
        .unwrap();
    assert_eq!(download.status(), 200);
    assert_eq!(download.bytes().await.unwrap().as_ref(), bytes.as_slice());
    let missing = reqwest::get(format!(
        "{}/file/bot{TOKEN}/documents/nothing",
        fake.api_url()
    ))
    .await
    .unwrap();
    assert_eq!(missing.status(), 404);

    // Sending it again by file_id, as a bot does with files it already has.
    bot.ok(
        "sendDocument",
        json!({"chat_id": user.id, "document": document["file_id"]}),
    )
    .await;
    let sent = fake.wait_for_messages(user.id, 2, WAIT).await;
    let again = sent[1].document.as_ref().unwrap();
    assert_eq!(
        (again.file_name.as_deref(), again.bytes.as_ref()),
        (Some("report.pdf"), bytes.as_slice())
    );
    assert_eq!(again.file_id, document["file_id"].as_str().unwrap());
    let wrong = bot
        .error(
            "sendDocument",
            json!({"chat_id": user.id, "document": "nope"}),
            400,
        )
        .await;
    assert_eq!(
        wrong,
        "Bad Request: wrong file identifier/HTTP URL specified"
    );
    let unknown = bot.error("getFile", json!({"file_id": "nope"}), 400).await;
    assert_eq!(unknown, "Bad Request: invalid file_id");
}

#[tokio::test]
async fn photos_must_be_images_and_get_their_size() {
    let (fake, bot, user) = with_ann().await;
    let (status, body) = bot
        .multipart(
            "sendPhoto",
            &[("chat_id", "1001")],
            &[("photo", "chart.png", &png(640, 480))],
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let photo = &body["result"]["photo"][0];
    assert_eq!(
        (photo["width"].as_u64(), photo["height"].as_u64()),
        (Some(640), Some(480))
    );
    assert_eq!(
        fake.sent(user.id)[0].photo.as_ref().unwrap().bytes.as_ref(),
        png(640, 480).as_slice()
    );
    let (status, body) = bot
        .multipart(
            "sendPhoto",
            &[("chat_id", "1001")],
            &[("photo", "x.png", b"not an image")],
        )
        .await;
    assert_eq!(
        (status, body["description"].as_str()),
        (400, Some("Bad Request: IMAGE_PROCESS_FAILED"))
    );
    let long = "c".repeat(1025);
    let (status, body) = bot
        .multipart(
            "sendPhoto",
            &[("chat_id", "1001"), ("caption", &long)],
            &[("photo", "c.png", &png(1, 1))],
        )
        .await;
    assert_eq!(
        (status, body["description"].as_str()),
        (400, Some("Bad Request: message caption is too long"))
    );
}

#[tokio::test]
async fn what_users_send_arrives_as_realistic_updates() {
    let fake = FakeTelegram::start().await;
    let bot = Bot::new(&fake);
    let user = ann();
    let bob = TgUser::new(1002, "Bob");
    let group = Chat::group(-4001, "Sales");
    let team = Chat::supergroup(-1_001_234_567_890, "Team");
    let asked = fake.inject(Incoming::text(&group, &user, "/help@b24_test_bot please"));
    fake.inject(Incoming::text(&team, &bob, "ping @b24_test_bot"));
    fake.inject(Incoming::text(&group, &bob, "me too").reply_to(asked));
    fake.inject(Incoming::own_contact(
        &Chat::private(&user),
        &user,
        "+79001234567",
    ));
    fake.inject(Incoming::contact(
        &Chat::private(&user),
        &user,
        "+74951234567",
        "Ivan",
    ));
    fake.inject(
        Incoming::document(&Chat::private(&user), &user, "act.pdf", b"%PDF-1.4")
            .caption("Act for @b24_test_bot"),
    );
    fake.inject(Incoming::photo(&Chat::private(&user), &user, &png(10, 20)));
    let updates = bot.ok("getUpdates", json!({})).await;
    let messages: Vec<&Value> = updates
        .as_array()
        .unwrap()
        .iter()
        .map(|u| &u["message"])
        .collect();

    assert_eq!(
        messages[0]["chat"],
        json!({"id": -4001, "type": "group", "title": "Sales"})
    );
    assert_eq!(
        messages[0]["entities"],
        json!([{"type": "bot_command", "offset": 0, "length": 18}])
    );
    assert_eq!(messages[1]["chat"]["type"], "supergroup");
    assert_eq!(
        messages[1]["entities"],
        json!([{"type": "mention", "offset": 5, "length": 13}])
    );
    assert_eq!(messages[2]["reply_to_message"]["message_id"], asked);
    assert_eq!(
        messages[3]["contact"],
        json!({"phone_number": "+79001234567", "first_name": "Ann", "user_id": 1001})
    );
    assert_eq!(
        messages[4]["contact"],
        json!({"phone_number": "+74951234567", "first_name": "Ivan"})
    );
    assert_eq!(messages[5]["document"]["mime_type"], "application/pdf");
    assert_eq!(messages[5]["caption"], "Act for @b24_test_bot");
    assert_eq!(
        messages[5]["caption_entities"],
        json!([{"type": "mention", "offset": 8, "length": 13}])
    );
    assert_eq!(messages[6]["photo"][0]["height"], 20);
    let ids: Vec<i64> = updates
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["update_id"].as_i64().unwrap())
        .collect();
    assert!(ids.windows(2).all(|pair| pair[1] == pair[0] + 1), "{ids:?}");

    let file = bot
        .ok(
            "getFile",
            json!({"file_id": messages[5]["document"]["file_id"]}),
        )
        .await;
    let download = reqwest::get(format!(
        "{}/file/bot{TOKEN}/{}",
        fake.api_url(),
        file["file_path"].as_str().unwrap()
    ))
    .await
    .unwrap();
    assert_eq!(download.bytes().await.unwrap().as_ref(), b"%PDF-1.4");
}

#[tokio::test]
async fn a_user_who_blocked_the_bot_gets_nothing_until_they_write_again() {
    let (fake, bot, user) = with_ann().await;
    fake.block(user.id);
    let forbidden = bot
        .error(
            "sendMessage",
            json!({"chat_id": user.id, "text": "reminder"}),
            403,
        )
        .await;
    assert_eq!(forbidden, "Forbidden: bot was blocked by the user");
    bot.error(
        "sendChatAction",
        json!({"chat_id": user.id, "action": "typing"}),
        403,
    )
    .await;
    fake.inject(Incoming::text(&Chat::private(&user), &user, "I'm back"));
    bot.ok(
        "sendMessage",
        json!({"chat_id": user.id, "text": "welcome back"}),
    )
    .await;

    fake.block(user.id);
    bot.error("sendMessage", json!({"chat_id": user.id, "text": "x"}), 403)
        .await;
    fake.unblock(user.id);
    bot.ok(
        "sendChatAction",
        json!({"chat_id": user.id, "action": "typing"}),
    )
    .await;
    assert_eq!(fake.chat_actions(user.id), vec!["typing"]);
    let wrong = bot
        .error(
            "sendChatAction",
            json!({"chat_id": user.id, "action": "dancing"}),
            400,
        )
        .await;
    assert_eq!(wrong, "Bad Request: wrong parameter action in request");
}

#[tokio::test]
async fn flood_control_answers_429_with_retry_after_per_chat() {
    let fake = FakeTelegram::start_with(Config {
        flood_per_second: Some(2),
    })
    .await;
    let bot = Bot::new(&fake);
    let user = ann();
    let bob = TgUser::new(1002, "Bob");
    fake.inject(Incoming::text(&Chat::private(&user), &user, "hi"));
    fake.inject(Incoming::text(&Chat::private(&bob), &bob, "hi"));
    for _ in 0..2 {
        bot.ok("sendMessage", json!({"chat_id": user.id, "text": "x"}))
            .await;
    }
    let (status, body) = bot
        .call("sendMessage", json!({"chat_id": user.id, "text": "x"}))
        .await;
    assert_eq!(status, 429);
    assert_eq!(
        body,
        json!({"ok": false, "error_code": 429, "description": "Too Many Requests: retry after 1",
               "parameters": {"retry_after": 1}})
    );
    bot.ok("sendMessage", json!({"chat_id": bob.id, "text": "x"}))
        .await;
    assert_eq!(
        fake.sent(user.id).len(),
        2,
        "the refused message was not delivered"
    );
}
