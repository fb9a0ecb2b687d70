//! Leads in the conversation against the demo portal: the user's own list, the card, statuses by
//! the portal's own names, the form, visibility, and the REST requests each command costs.

use crate::support::chat::{Chat, methods_called, portal, requests, sandbox_at_start};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_english_session_with_leads() {
    let sandbox = sandbox_at_start().await;
    let mut chat = Chat::new(&sandbox, 3).await;
    let mut transcript = chat
        .transcript(&[
            "/leads",
            "/lead 1",
            "/lead 1 in progress",
            "/lead 1 in progress",
            "move lead 1 to junk",
            "/lead 1 cancelled",
            "/lead 1",
            "/lead status 1",
            "/lead 2",
            "/lead 99",
            "/lead new Website request",
            "Ivan Petrov",
            "call me",
            "/back",
            "/skip",
            "/skip",
        ])
        .await;
    transcript.push_str(&chat.exchange_press(1).await);
    insta::assert_snapshot!(transcript);
    let created = portal(&sandbox).lead(6).await.unwrap();
    assert_eq!(created.title, "Website request");
    assert_eq!(created.assigned_by_id, Some(3));
    assert_eq!(created.status_id, "NEW");
    let moved = portal(&sandbox).lead(1).await.unwrap();
    assert_eq!(moved.status_id, "JUNK");
    let audit = chat.store.recent_audit(5).await.unwrap();
    let mut written: Vec<&str> = audit.iter().map(|r| r.entry.method.as_str()).collect();
    written.reverse();
    assert_eq!(
        written,
        ["crm.lead.update", "crm.lead.update", "crm.lead.add"]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_russian_session_with_leads() {
    let sandbox = sandbox_at_start().await;
    let mut chat = Chat::new(&sandbox, 4).await;
    let mut transcript = chat
        .transcript(&[
            "мои лиды",
            "лид 2",
            "переведи лид 2 в Processed",
            "новый лид Заявка с выставки",
            "Ольга Белова",
            "+7 912 000-11-22",
        ])
        .await;
    transcript.push_str(&chat.exchange_press(1).await);
    insta::assert_snapshot!(transcript);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_lead_command_uses_as_few_requests_as_it_can() {
    let sandbox = sandbox_at_start().await;
    let mut chat = Chat::new(&sandbox, 3).await;
    chat.say("/help").await;
    requests(&sandbox).await;
    let steps: [(&str, &[&str]); 6] = [
        ("/leads", &["crm.lead.list", "crm.status.list"]),
        ("/leads", &["crm.lead.list"]),
        ("/lead 1", &["crm.lead.get"]),
        ("/lead 2", &["crm.lead.get"]),
        ("/lead 1 junk", &["batch"]),
        ("/lead new Request Ivan +79001234567", &[]),
    ];
    chat.assert_costs(&sandbox, &steps).await;
    chat.press(1).await;
    assert_eq!(methods_called(&sandbox).await, ["crm.lead.add"], "Confirm");
}
