//! Activities in the conversation against the demo portal: a record's open activities with a
//! Done button each, a call or meeting planned on a record, marking one done, a note in a
//! record's timeline; visibility, usage answers, and the REST requests each command costs.

use b24bot::b24::activities::CrmOwner;
use b24bot::sandbox::server::Sandbox;
use serde_json::Value;

use crate::support::chat::{Chat, portal, requests, sandbox_at_start};

fn methods(log: &[Value]) -> Vec<String> {
    log.iter()
        .map(|request| request["method"].as_str().unwrap_or_default().to_owned())
        .collect()
}

/// The subjects of a record's open activities, as the portal has them.
async fn open_subjects(sandbox: &Sandbox, owner: CrmOwner) -> Vec<String> {
    portal(sandbox)
        .open_activities(owner)
        .await
        .unwrap()
        .into_iter()
        .map(|activity| activity.subject)
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_english_session_with_activities() {
    let sandbox = sandbox_at_start().await;
    let mut chat = Chat::new(&sandbox, 3).await;
    let mut transcript = String::new();
    transcript.push_str(&chat.exchange("/activities deal 2").await);
    transcript.push_str(&chat.exchange_press(1).await);
    for line in [
        "/activities deal 2",
        "mark activity 2 done",
        "/call deal 4 tomorrow 10:00 discuss the contract",
        "/meeting contact 2 friday 15:00 demo",
        "call deal 2",
        "open activities of deal 4",
        "/call deal 12 tomorrow",
        "/note deal 4 client asked for a discount",
        "/activity done 999",
        "/activities deal 99",
        "/meeting lead 99 friday",
        "/activities",
        "/call tomorrow 10:00",
        "/activity done",
        "/note deal 4",
        "/help activities",
    ] {
        transcript.push_str(&chat.exchange(line).await);
    }
    insta::assert_snapshot!(transcript);

    let client = portal(&sandbox);
    let open = client.open_activities(CrmOwner::Deal(4)).await.unwrap();
    let call = open
        .iter()
        .find(|activity| activity.subject == "discuss the contract")
        .expect("the call is on deal 4");
    assert_eq!((call.type_id, call.responsible_id), (Some(2), Some(3)));
    assert_eq!(
        call.start_time,
        Some("2026-03-03T10:00:00Z".parse().unwrap()),
        "10:00 in the user's zone (UTC)"
    );
    let done = client.activity(2).await.unwrap();
    assert!(done.completed);
    let audit = chat.store.recent_audit(10).await.unwrap();
    let mut written: Vec<&str> = audit.iter().map(|r| r.entry.method.as_str()).collect();
    written.reverse();
    assert_eq!(
        written,
        [
            "crm.activity.update",
            "crm.activity.add",
            "crm.activity.add",
            "crm.activity.add",
            "crm.timeline.comment.add"
        ]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_russian_session_with_activities() {
    let sandbox = sandbox_at_start().await;
    let mut chat = Chat::new(&sandbox, 4).await;
    let mut transcript = String::new();
    for line in [
        "дела по сделке 3",
        "позвонить по сделке 3 завтра в 10 обсудить договор",
        "встреча с контактом 3 в пятницу в 15:00",
        "открытые дела по сделке 3",
        "дело 3 выполнено",
        "дело 3 выполнено",
        "комментарий к сделке 3: клиент просит скидку",
        "дела по сделке 2",
        "дело 12345 выполнено",
        "/call",
        "помощь по делам",
    ] {
        transcript.push_str(&chat.exchange(line).await);
    }
    insta::assert_snapshot!(transcript);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_employees_record_is_refused_and_nothing_changes() {
    let sandbox = sandbox_at_start().await;
    let before = open_subjects(&sandbox, CrmOwner::Deal(1)).await;
    let mut chat = Chat::new(&sandbox, 3).await;
    requests(&sandbox).await;
    for line in [
        "/activities deal 1",
        "/call deal 1 tomorrow 10:00 steal the client",
        "/activity done 1",
        "/note deal 1 mine now",
        "meet with company 1 tomorrow",
    ] {
        let answer = chat.say(line).await;
        assert!(answer.contains("don't have access"), "{line}: {answer}");
    }
    let asked = methods(&requests(&sandbox).await);
    assert!(
        asked
            .iter()
            .all(|method| !method.contains("add") && !method.contains("update")),
        "{asked:?}"
    );
    assert_eq!(open_subjects(&sandbox, CrmOwner::Deal(1)).await, before);
    assert!(!portal(&sandbox).activity(1).await.unwrap().completed);
    assert!(chat.store.recent_audit(10).await.unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_activity_command_uses_as_few_requests_as_it_can() {
    let sandbox = sandbox_at_start().await;
    let mut chat = Chat::new(&sandbox, 3).await;
    chat.say("/help").await;
    requests(&sandbox).await;
    let steps: [(&str, &[&str]); 9] = [
        ("/activities deal 2", &["batch"]),
        ("/activities deal 1", &["batch"]),
        (
            "/call deal 4 tomorrow 10:00 discuss",
            &["batch", "crm.activity.add"],
        ),
        (
            "/meeting contact 2 friday 15:00 demo",
            &["crm.contact.get", "crm.activity.add"],
        ),
        // The activity and its record in one batch, then the write.
        ("/activity done 2", &["batch", "crm.activity.update"]),
        ("/activity done 2", &["batch"]),
        ("/note deal 4 client asked for a discount", &["batch"]),
        ("/note deal 99 hello", &["batch", "crm.deal.get"]),
        ("/activities", &[]),
    ];
    for (text, expected) in steps {
        chat.say(text).await;
        assert_eq!(methods(&requests(&sandbox).await), expected, "{text}");
    }
    chat.say("/activities deal 4").await;
    requests(&sandbox).await;
    chat.press(1).await;
    assert_eq!(
        methods(&requests(&sandbox).await),
        ["batch", "crm.activity.update"],
        "Done"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_long_list_shows_ten_and_says_how_many_there_are() {
    let sandbox = sandbox_at_start().await;
    let mut chat = Chat::new(&sandbox, 3).await;
    for hour in 0..11 {
        chat.say(&format!(
            "/call deal 4 tomorrow {:02}:00 call {hour}",
            hour + 8
        ))
        .await;
    }
    requests(&sandbox).await;
    let answer = chat.say("/activities deal 4").await;
    assert_eq!(methods(&requests(&sandbox).await), ["batch"]);
    assert!(answer.starts_with("12 open activities"), "{answer}");
    assert!(answer.contains("Showing 10 of 12."), "{answer}");
    assert_eq!(chat.last[0].buttons_in_order().count(), 10);
    assert!(
        !answer.contains("call 10"),
        "the latest is left out: {answer}"
    );
}
