//! Whole conversations against the sandbox, in English and in Russian, pinned as transcripts.
//! The clock is fixed and the portal's address replaced, so a transcript changes only when what
//! the bot says does.

use crate::support::chat::{Chat, sandbox_at_start};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_english_session_with_deals_and_contacts() {
    let sandbox = sandbox_at_start().await;
    let mut chat = Chat::new(&sandbox, 3).await;
    let mut transcript = String::new();
    for line in ["/start", "my deals", "new deal Northwind 50k"] {
        transcript.push_str(&chat.exchange(line).await);
    }
    transcript.push_str(&chat.exchange_press(1).await);
    for line in ["/deal 13", "/deal move 13 in progress", "/deal move 13"] {
        transcript.push_str(&chat.exchange(line).await);
    }
    transcript.push_str(&chat.exchange_press(5).await);
    for line in [
        "find contact +1 415-555-0199",
        "/contact Wilson",
        "/contact sarah.johnson@northwind.example",
        "/contact 2",
        "/contact new Anna Schmidt +49 170 1234567",
    ] {
        transcript.push_str(&chat.exchange(line).await);
    }
    transcript.push_str(&chat.exchange_press(1).await);
    for line in [
        "/deals won",
        "/deal 1",
        "/deals all",
        "/tasks",
        "what is the weather",
    ] {
        transcript.push_str(&chat.exchange(line).await);
    }
    insta::assert_snapshot!(transcript);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_russian_session_with_deals_and_contacts() {
    let sandbox = sandbox_at_start().await;
    let mut chat = Chat::new(&sandbox, 4).await;
    let mut transcript = chat
        .transcript(&[
            "помощь",
            "мои сделки",
            "новая сделка ТехноСтрой 120 тыс руб",
        ])
        .await;
    transcript.push_str(&chat.exchange_press(1).await);
    for line in [
        "сделка 13",
        "переведи сделку 13 в выиграна",
        "найди контакт 8 916 123-45-67",
        "найди контакт Новиков",
        "новый контакт Ольга Белова",
        "+7 (912) 000-11-22",
        "ольга@пример",
        "olga@example.ru",
    ] {
        transcript.push_str(&chat.exchange(line).await);
    }
    transcript.push_str(&chat.exchange_press(1).await);
    for line in ["/lang en", "/deals", "/lang ru", "сделка 1"] {
        transcript.push_str(&chat.exchange(line).await);
    }
    insta::assert_snapshot!(transcript);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn someone_not_linked_gets_help_and_nothing_from_the_portal() {
    let sandbox = sandbox_at_start().await;
    let mut chat = Chat::new(&sandbox, 3).await;
    chat.store
        .unlink(&crate::support::chat::user())
        .await
        .unwrap();
    let mut transcript = String::new();
    for line in ["/deals", "/deal 4", "/start", "/lang ru"] {
        transcript.push_str(&chat.exchange(line).await);
    }
    insta::assert_snapshot!(transcript);
}
