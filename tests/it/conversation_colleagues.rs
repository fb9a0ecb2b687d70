//! Colleagues in the conversation against the demo portal: found by a name in any Russian case,
//! by e-mail or by phone; the card with the department, position and phones; a department's
//! people; and the REST requests each command costs.

use crate::support::chat::{Chat, methods_called, requests, sandbox_at_start};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_english_session_with_colleagues() {
    let sandbox = sandbox_at_start().await;
    let mut chat = Chat::new(&sandbox, 3).await;
    let mut transcript = chat
        .transcript(&[
            "/who Olivia",
            "who is Carter",
            "/who olivia.chen@example.com",
            "/who +7 900 100-00-06",
            "/who nobody@example.com",
            "/who",
            "/help colleagues",
            "/who Марии",
            "/who Соколову",
        ])
        .await;
    transcript.push_str(&chat.exchange("/who Emily").await);
    transcript.push_str(&chat.exchange_press(1).await);
    transcript.push_str(&chat.exchange_press(2).await);
    insta::assert_snapshot!(transcript);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_russian_session_with_colleagues() {
    let sandbox = sandbox_at_start().await;
    let mut chat = Chat::new(&sandbox, 2).await;
    let mut transcript = chat
        .transcript(&[
            "/lang ru",
            "кто такой Сергею Кузнецову",
            "найди сотрудника Соколова",
            "/who 89001000002",
            "/help коллеги",
        ])
        .await;
    transcript.push_str(&chat.exchange("/who Марией").await);
    transcript.push_str(&chat.exchange_press(1).await);
    insta::assert_snapshot!(transcript);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_former_colleague_is_found_by_nothing() {
    let sandbox = sandbox_at_start().await;
    let mut chat = Chat::new(&sandbox, 1).await;
    for query in ["Морозов", "p.morozov@example.com", "+7 900 100-00-09"] {
        let answer = chat.say(&format!("/who {query}")).await;
        let nobody = answer.contains("I found no colleague") || answer.contains("я не нашёл");
        assert!(nobody, "{query}: {answer}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_colleague_command_uses_as_few_requests_as_it_can() {
    let sandbox = sandbox_at_start().await;
    let mut chat = Chat::new(&sandbox, 1).await;
    chat.say("/help").await;
    requests(&sandbox).await;
    let steps: [(&str, &[&str]); 4] = [
        // The directory of colleagues (one batch), then each card (one batch).
        ("/who Соколов", &["batch", "batch"]),
        ("/who Olivia Chen", &["batch"]),
        ("/who m.ivanova@example.com", &["batch"]),
        ("/who +7 900 100-00-06", &["batch"]),
    ];
    chat.assert_costs(&sandbox, &steps).await;
    chat.press(1).await;
    assert_eq!(
        methods_called(&sandbox).await,
        ["batch"],
        "the department's people"
    );
}
