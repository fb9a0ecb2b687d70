//! Messaging in the conversation against the demo portal: a message to a colleague named in
//! any case, to a group chat, a notification; each lands in the recipients' sandbox inbox,
//! signed with the sender's name, is audited, and costs the REST requests pinned here.

use b24bot::sandbox::server::Sandbox;
use serde_json::{Value, json};

use crate::support::chat::{Chat, portal, requests, sandbox_at_start};

fn methods(log: &[Value]) -> Vec<String> {
    log.iter()
        .map(|request| request["method"].as_str().unwrap_or_default().to_owned())
        .collect()
}

/// What the sandbox delivered to an employee, oldest first.
async fn inbox(sandbox: &Sandbox, employee: u64) -> Vec<Value> {
    let url = format!("{}/sandbox/inbox/{employee}", sandbox.base_url());
    reqwest::get(&url).await.unwrap().json().await.unwrap()
}

/// A group chat the administrator makes with these employees, with a first message.
async fn chat_with(sandbox: &Sandbox, title: &str, users: &[u64]) -> u64 {
    portal(sandbox)
        .call_as(
            "im.chat.add",
            &json!({"TITLE": title, "USERS": users, "MESSAGE": "Welcome"}),
        )
        .await
        .unwrap()
}

/// The demo's sales team chat (Мария 2, John 3, Дмитрий 4 and the administrator).
async fn sales_chat(sandbox: &Sandbox) -> u64 {
    let chat: Value = portal(sandbox)
        .call_as(
            "im.chat.get",
            &json!({"ENTITY_TYPE": "DEMO", "ENTITY_ID": "sales"}),
        )
        .await
        .unwrap();
    chat["ID"].as_u64().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_english_session_with_messages() {
    let sandbox = sandbox_at_start().await;
    let chat_id = sales_chat(&sandbox).await;
    let mut chat = Chat::new(&sandbox, 3).await;
    let mut transcript = String::new();
    for line in [
        "/msg Olivia: the quote went out",
        "tell Emily: call me back",
        "/notify Emily: the report is due today",
        &format!("/msg chat{chat_id} Team, the quote went out."),
        "/msg Nobody hello",
        "/msg",
        "/notify",
        "/help messages",
    ] {
        transcript.push_str(&chat.exchange(line).await);
    }
    insta::assert_snapshot!(transcript);

    let olivia = inbox(&sandbox, 7).await;
    let last = olivia.last().unwrap();
    assert_eq!(
        (&last["kind"], &last["text"]),
        (&json!("message"), &json!("John Carter: the quote went out"))
    );
    let emily = inbox(&sandbox, 5).await;
    assert_eq!(emily[emily.len() - 2]["text"], "John Carter: call me back");
    let last = emily.last().unwrap();
    assert_eq!(
        (&last["kind"], &last["text"]),
        (
            &json!("notification"),
            &json!("John Carter: the report is due today")
        )
    );
    let maria = inbox(&sandbox, 2).await;
    let last = maria.last().unwrap();
    assert_eq!(last["dialog_id"], format!("chat{chat_id}"));
    assert_eq!(last["text"], "John Carter: Team, the quote went out");
    let audit = chat.store.recent_audit(4).await.unwrap();
    let methods: Vec<&str> = audit.iter().map(|a| a.entry.method.as_str()).collect();
    assert_eq!(
        methods.iter().filter(|m| **m == "im.message.add").count(),
        3,
        "{methods:?}"
    );
    assert!(methods.contains(&"im.notify.personal.add"), "{methods:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_russian_session_with_messages() {
    let sandbox = sandbox_at_start().await;
    let mut chat = Chat::new(&sandbox, 2).await;
    let mut transcript = String::new();
    for line in [
        "/lang ru",
        "напиши Дмитрию: перезвони клиенту",
        "уведоми Сергея: отчёт сегодня",
        "/msg Борису привет",
        "/help сообщения",
    ] {
        transcript.push_str(&chat.exchange(line).await);
    }
    insta::assert_snapshot!(transcript);
    let dmitry = inbox(&sandbox, 4).await;
    assert_eq!(
        dmitry.last().unwrap()["text"],
        "Мария Иванова: перезвони клиенту"
    );
    let sergey = inbox(&sandbox, 6).await;
    let last = sergey.last().unwrap();
    assert_eq!(
        (&last["kind"], &last["text"]),
        (
            &json!("notification"),
            &json!("Мария Иванова: отчёт сегодня")
        )
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_message_command_uses_as_few_requests_as_it_can() {
    let sandbox = sandbox_at_start().await;
    let chat_id = sales_chat(&sandbox).await;
    let mut chat = Chat::new(&sandbox, 3).await;
    chat.say("/start").await;
    requests(&sandbox).await;
    let board = chat_with(&sandbox, "Board", &[2]).await;
    chat_with(&sandbox, "Project Falcon", &[3]).await;
    chat_with(&sandbox, "Project Falcon", &[3, 5]).await;
    requests(&sandbox).await;
    let to_chat = format!("/msg chat{chat_id} hello");
    let to_board = format!("/msg chat{board} hello");
    let steps: [(&str, &[&str]); 11] = [
        // The directory of colleagues is read once (one batch) and kept.
        ("/msg Olivia: hello", &["batch", "im.message.add"]),
        (&to_chat, &["im.chat.user.list", "im.message.add"]),
        // A membership found is kept a few minutes; not being a member is read again each time.
        (&to_chat, &["im.message.add"]),
        (&to_board, &["im.chat.user.list"]),
        (&to_board, &["im.chat.user.list"]),
        // The chats' titles are read once and kept; a title no kept chat has is read again.
        (
            "/msg #Sales team: hello",
            &["im.recent.list", "im.message.add"],
        ),
        ("/msg #Sales team: again", &["im.message.add"]),
        ("/msg Board: hello", &["user.search", "im.chat.user.list"]),
        ("/msg #Project Falcon: hello", &["batch"]),
        ("/msg #Nowhere: hello", &["im.recent.list"]),
        ("/notify Olivia: hello", &["im.notify.personal.add"]),
    ];
    for (text, expected) in steps {
        chat.say(text).await;
        assert_eq!(methods(&requests(&sandbox).await), expected, "{text}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn group_chats_by_title_and_only_those_the_asker_is_in() {
    let sandbox = sandbox_at_start().await;
    let sales = sales_chat(&sandbox).await;
    let board = chat_with(&sandbox, "Board", &[2]).await;
    chat_with(&sandbox, "Project Falcon", &[3]).await;
    let falcon = chat_with(&sandbox, "Project Falcon", &[3, 5]).await;
    chat_with(&sandbox, "Project Falcon", &[5]).await;
    let mut chat = Chat::new(&sandbox, 3).await;
    let mut transcript = String::new();
    for line in [
        "/msg #Sales team: the quote went out",
        "напиши #отдел продаж: КП отправлено",
        "/msg Board: the meeting moved",
        &format!("/msg chat{board} the meeting moved"),
        "/msg #Nowhere: hello",
        "/msg Nobody hello",
        "/msg #Project Falcon: kickoff at 10",
    ] {
        transcript.push_str(&chat.exchange(line).await);
    }
    // The newest chat first: the one Emily is in too.
    transcript.push_str(&chat.exchange_press(1).await);
    insta::assert_snapshot!(transcript);

    let maria = inbox(&sandbox, 2).await;
    let in_sales: Vec<&Value> = maria
        .iter()
        .filter(|item| item["dialog_id"] == format!("chat{sales}"))
        .collect();
    assert_eq!(
        in_sales[in_sales.len() - 2..]
            .iter()
            .map(|item| item["text"].as_str().unwrap())
            .collect::<Vec<_>>(),
        [
            "John Carter: the quote went out",
            "John Carter: КП отправлено"
        ]
    );
    assert!(
        maria
            .iter()
            .filter(|item| item["dialog_id"] == format!("chat{board}"))
            .all(|item| item["text"] == "Welcome"),
        "nothing lands in a chat the asker is not in: {maria:?}"
    );
    let emily = inbox(&sandbox, 5).await;
    let in_falcon: Vec<&Value> = emily
        .iter()
        .filter(|item| item["dialog_id"] == format!("chat{falcon}"))
        .collect();
    assert_eq!(
        in_falcon.last().unwrap()["text"],
        "John Carter: kickoff at 10"
    );
}
