//! Tasks in the conversation against the demo portal: lists by period, the card with its
//! checklist and comments, every change (each in the audit log), the form with its deadline in
//! the user's time zone, and the REST requests each command costs.

use b24bot::b24::model::TaskStatus;

use crate::support::chat::{Chat, methods_called, portal, requests, sandbox_at_start};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_english_session_with_tasks() {
    let sandbox = sandbox_at_start().await;
    let mut chat = Chat::new(&sandbox, 3).await;
    let transcript = chat
        .transcript(&[
            "/tasks",
            "my tasks for today",
            "/tasks overdue",
            "/task 2",
            "/check 2 Send the draft",
            "/tick 2 2",
            "/tick 2 2",
            "/tick 2 9",
            "/comment 2 Called, waiting for the answer",
            "/task 2",
            "/done 2",
            "/tasks",
            "reopen task 2",
            "/delegate 2 Nobody",
            "/delegate 2 Olivia",
            "/task 2",
            "/task 1",
            "/done 1",
            "/task 999",
            "/done",
        ])
        .await;
    insta::assert_snapshot!(transcript);
    let audit = chat.store.recent_audit(20).await.unwrap();
    let mut written: Vec<&str> = audit.iter().map(|r| r.entry.method.as_str()).collect();
    written.reverse();
    assert_eq!(
        written,
        [
            "task.checklistitem.add",
            "task.checklistitem.complete",
            "task.commentitem.add",
            "tasks.task.complete",
            "tasks.task.renew",
            "tasks.task.delegate",
        ]
    );
    let task = portal(&sandbox).task(2).await.unwrap();
    assert_eq!(task.responsible_id, Some(7), "Olivia Chen has it now");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_russian_session_with_tasks() {
    let sandbox = sandbox_at_start().await;
    let mut chat = Chat::new(&sandbox, 2).await;
    let transcript = chat
        .transcript(&[
            "мои задачи",
            "просроченные задачи",
            "задача 1",
            "отметь пункт 2 в задаче 1",
            "добавь в чек-лист задачи 1: Отправить КП",
            "задача 1 комментарий: Отправила клиенту",
            "задача 1",
            "закрой задачу 1",
            "верни в работу задачу 1",
            "передай задачу 1 Дмитрию",
            "задача 1",
        ])
        .await;
    insta::assert_snapshot!(transcript);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_task_form_reads_the_deadline_in_the_users_zone() {
    let sandbox = sandbox_at_start().await;
    // Сергей Кузнецов works in Asia/Yekaterinburg (UTC+5); the chat starts at 12:00 there.
    let mut chat = Chat::new(&sandbox, 6).await;
    let mut transcript = chat
        .transcript(&[
            "/task new",
            "/skip",
            "Позвонить в банк",
            "когда-нибудь",
            "/back",
            "Позвонить в банк",
            "завтра в 15:00",
            "Никто Никтович",
            "Ольге",
        ])
        .await;
    transcript.push_str(&chat.exchange_press(1).await);
    insta::assert_snapshot!(transcript);
    let created = portal(&sandbox).task(10).await.unwrap();
    assert_eq!(created.title, "Позвонить в банк");
    assert_eq!(
        created.deadline.map(|at| at.to_string()),
        Some("2026-03-03T10:00:00Z".into()),
        "15:00 in Yekaterinburg is 10:00 UTC"
    );
    assert_eq!(created.responsible_id, Some(8), "Ольга Попова");
    assert_eq!(created.created_by, Some(6));
    assert_eq!(created.status, TaskStatus::Pending);
    let audit = chat.store.recent_audit(1).await.unwrap();
    assert_eq!(audit[0].entry.method, "tasks.task.add");
    assert_eq!(audit[0].entry.entity_id, Some(10));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_task_skipped_to_the_user_and_confirmed_twice_is_created_once() {
    let sandbox = sandbox_at_start().await;
    let mut chat = Chat::new(&sandbox, 3).await;
    chat.say("/task new Send the invoice friday").await;
    let preview = chat.say("/skip").await;
    assert!(preview.contains("Responsible: you"), "{preview}");
    assert!(preview.contains("Fri 6 Mar, 18:00"), "{preview}");
    let confirm = chat.button(1);
    chat.press(1).await;
    let again = chat.send(b24bot::bot::Content::Button(confirm)).await;
    assert!(again.contains("already"), "{again}");
    let mine = chat.say("/tasks week").await;
    assert_eq!(mine.matches("Send the invoice").count(), 1, "{mine}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_task_command_uses_as_few_requests_as_it_can() {
    let sandbox = sandbox_at_start().await;
    let mut chat = Chat::new(&sandbox, 3).await;
    chat.say("/help").await;
    requests(&sandbox).await;
    let steps: [(&str, &[&str]); 12] = [
        ("/tasks", &["tasks.task.list"]),
        ("/tasks today", &["tasks.task.list"]),
        ("/task 2", &["batch"]),
        ("/task 1", &["batch"]),
        ("/done 1", &["batch", "tasks.task.get"]),
        ("/check 2 Draft", &["batch"]),
        ("/tick 2 1", &["batch"]),
        ("/comment 2 Later", &["batch"]),
        ("/done 2", &["batch"]),
        ("/reopen 2", &["batch"]),
        // The directory of colleagues (one batch, kept), then the guarded delegation.
        ("/delegate 2 Olivia", &["batch", "batch"]),
        ("/task new Report tomorrow 10:00 @Olivia", &[]),
    ];
    chat.assert_costs(&sandbox, &steps).await;
    let other = portal(&sandbox).task(1).await.unwrap();
    assert!(
        other.status.is_open(),
        "someone else's task is left open by the refused /done 1"
    );
    requests(&sandbox).await;
    chat.press(1).await;
    assert_eq!(
        methods_called(&sandbox).await,
        ["tasks.task.add"],
        "Confirm"
    );
}

/// The portal fills in `$result[…]` anywhere in a batch command, so a comment that holds one is
/// sent as plain calls, guard first, and arrives as it was typed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_comment_that_looks_like_a_batch_reference_is_posted_as_typed() {
    let sandbox = sandbox_at_start().await;
    let mut chat = Chat::new(&sandbox, 3).await;
    chat.say("/help").await;
    requests(&sandbox).await;
    let text = "see $result[guard][tasks][0][title] and $RESULT[write]";
    let said = chat.say(&format!("/comment 2 {text}")).await;
    assert!(said.contains("Comment added"), "{said}");
    assert_eq!(
        methods_called(&sandbox).await,
        ["tasks.task.list", "task.commentitem.add"]
    );
    let card = portal(&sandbox).task_card(2).await.unwrap();
    assert_eq!(card.comments[0].post_message, text);
    let refused = chat.say(&format!("/comment 1 {text}")).await;
    assert!(refused.contains("don't have access"), "{refused}");
    let other = portal(&sandbox).task_card(1).await.unwrap();
    assert!(other.comments.iter().all(|c| c.post_message != text));
}
