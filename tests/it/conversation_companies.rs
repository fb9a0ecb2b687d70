//! Companies in the conversation against the demo portal: search, the card with the deals and
//! contacts the user may see (one batch), the form, and the REST requests each command costs.

use crate::support::chat::{Chat, methods_called, requests, sandbox_at_start};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_english_session_with_companies() {
    let sandbox = sandbox_at_start().await;
    let mut chat = Chat::new(&sandbox, 3).await;
    let mut transcript = chat
        .transcript(&[
            "/company North",
            "find company Blue",
            "/company nothing like it",
            "/company 2",
            "/company 1",
            "/company 99",
            "/company new",
            "/skip",
            "Zeta Corp",
        ])
        .await;
    transcript.push_str(&chat.exchange_press(1).await);
    transcript.push_str(&chat.exchange("/company Zeta").await);
    insta::assert_snapshot!(transcript);
    let audit = chat.store.recent_audit(1).await.unwrap();
    assert_eq!(audit[0].entry.method, "crm.company.add");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_russian_session_with_companies() {
    let sandbox = sandbox_at_start().await;
    let mut chat = Chat::new(&sandbox, 2).await;
    let mut transcript = chat
        .transcript(&[
            "найди компанию Ромашка",
            "/company 1",
            "новая компания Вектор",
        ])
        .await;
    transcript.push_str(&chat.exchange_press(1).await);
    insta::assert_snapshot!(transcript);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_company_command_uses_as_few_requests_as_it_can() {
    let sandbox = sandbox_at_start().await;
    let mut chat = Chat::new(&sandbox, 1).await;
    chat.say("/help").await;
    requests(&sandbox).await;
    let steps: [(&str, &[&str]); 4] = [
        ("/company North", &["crm.company.list"]),
        ("/company 2", &["batch", "crm.status.list"]),
        ("/company 1", &["batch"]),
        ("/company new Zeta Corp", &[]),
    ];
    chat.assert_costs(&sandbox, &steps).await;
    chat.press(1).await;
    assert_eq!(
        methods_called(&sandbox).await,
        ["crm.company.add"],
        "Confirm"
    );
}
