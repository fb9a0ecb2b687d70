//! Typed messenger calls against the sandbox: what was sent reaches the right inbox.

use b24bot::b24::Kind;
use b24bot::b24::im::DialogId;
use serde_json::{Value, json};

use crate::api_portal::Portal;

#[tokio::test]
async fn a_message_to_a_colleague_and_one_to_a_group_chat() {
    let portal = Portal::demo().await;
    let client = portal.client(1);
    let id = client
        .send_message(
            DialogId::User(2),
            "Мария, [B]созвон[/B] в 15:00 & не опаздывай",
        )
        .await
        .unwrap();
    assert!(id > 0);
    assert_eq!(portal.requests().await, 1);
    let inbox = portal.inbox(2).await;
    let last = inbox.last().unwrap();
    assert_eq!(
        (&last["kind"], &last["from_user_id"], &last["dialog_id"]),
        (&json!("message"), &json!(1), &json!("1"))
    );
    assert_eq!(last["text"], "Мария, [B]созвон[/B] в 15:00 & не опаздывай");

    let chat: Value = client
        .call_as(
            "im.chat.get",
            &json!({"ENTITY_TYPE": "DEMO", "ENTITY_ID": "sales"}),
        )
        .await
        .unwrap();
    let chat = chat["ID"].as_u64().unwrap();
    portal.requests().await;
    client
        .send_message(DialogId::Chat(chat), "Team, the quote went out.")
        .await
        .unwrap();
    assert_eq!(portal.requests().await, 1);
    for member in [2, 3, 4] {
        let last = portal.inbox(member).await.pop().unwrap();
        assert_eq!(last["dialog_id"], format!("chat{chat}"));
        assert_eq!(last["text"], "Team, the quote went out.");
    }
    assert!(
        portal
            .inbox(5)
            .await
            .iter()
            .all(|item| item["text"] != "Team, the quote went out."),
        "not a member"
    );
}

#[tokio::test]
async fn a_notification_and_messages_nobody_can_get() {
    let portal = Portal::demo().await;
    let client = portal.client(1);
    let id = client
        .notify(5, "Emily, the report is due today.")
        .await
        .unwrap();
    assert!(id > 0);
    assert_eq!(portal.requests().await, 1);
    let last = portal.inbox(5).await.pop().unwrap();
    assert_eq!(
        (&last["kind"], &last["from_user_id"], &last["text"]),
        (
            &json!("notification"),
            &json!(1),
            &json!("Emily, the report is due today.")
        )
    );
    let nobody = client
        .send_message(DialogId::User(999_999), "hello")
        .await
        .unwrap_err();
    assert_eq!(nobody.kind(), Kind::NotFound);
    let not_mine = client
        .send_message(DialogId::Chat(999_999), "hello")
        .await
        .unwrap_err();
    assert!(
        matches!(not_mine.kind(), Kind::NotFound | Kind::AccessDenied),
        "{not_mine}"
    );
}

#[tokio::test]
async fn group_chats_by_recent_activity_and_their_members() {
    let portal = Portal::demo().await;
    let admin = portal.client(1);
    let board: u64 = admin
        .call_as(
            "im.chat.add",
            &json!({"TITLE": "Board", "USERS": [2], "MESSAGE": "Welcome"}),
        )
        .await
        .unwrap();
    let sales: Value = admin
        .call_as(
            "im.chat.get",
            &json!({"ENTITY_TYPE": "DEMO", "ENTITY_ID": "sales"}),
        )
        .await
        .unwrap();
    let sales = sales["ID"].as_u64().unwrap();
    portal.requests().await;

    let chats = admin.group_chats().await.unwrap();
    assert_eq!(portal.requests().await, 1);
    let titles: Vec<(u64, &str)> = chats.iter().map(|c| (c.id, c.title.as_str())).collect();
    assert_eq!(
        titles[0],
        (board, "Board"),
        "the newest first, dialogs left out"
    );
    assert!(
        titles.contains(&(sales, "Sales team / Отдел продаж")),
        "{titles:?}"
    );

    let one = admin.chat_members(&[board]).await.unwrap();
    assert_eq!(portal.requests().await, 1);
    assert_eq!(one[&board], Some(vec![1, 2]));
    let both = admin.chat_members(&[board, sales]).await.unwrap();
    assert_eq!(portal.requests().await, 1, "one batch");
    assert_eq!(both[&sales], Some(vec![1, 2, 3, 4]));

    // John is not in the board chat: the portal does not show him who is.
    let john = portal.client(3);
    let hidden = john.chat_members(&[board, sales]).await.unwrap();
    assert_eq!(
        (hidden[&board].as_ref(), hidden[&sales].is_some()),
        (None, true)
    );
    assert!(
        john.group_chats()
            .await
            .unwrap()
            .iter()
            .all(|c| c.id != board)
    );
}
