//! The morning digest against the sandbox, whose clock drives time: at 09:00 in the person's
//! own zone on working days, once, built from one `batch` request.

use b24bot::store::Store;
use jiff::Timestamp;

use crate::reminders::{received, scheduler, set_clock, text};
use crate::support::chat::{Chat, requests, sandbox_at_start};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_digest_for_yekaterinburg_arrives_at_nine_their_time() {
    let sandbox = sandbox_at_start().await;
    let store = Store::in_memory().await.unwrap();
    let mut chat = Chat::with_store(&sandbox, store.clone(), 3).await;
    chat.say("/tz Asia/Yekaterinburg").await;
    chat.say("/remind off").await;
    let (scheduler, mut pushed) = scheduler(&sandbox, &store).await;

    // Tuesday 3 March, 08:59 in Yekaterinburg (UTC+5).
    set_clock(&sandbox, "2026-03-03T03:59:00Z").await;
    let tick = scheduler.tick().await.unwrap();
    assert!(received(&mut pushed).is_empty(), "not before nine");
    assert!(tick.next <= "2026-03-03T04:00:00Z".parse::<Timestamp>().unwrap());

    set_clock(&sandbox, "2026-03-03T04:00:05Z").await;
    requests(&sandbox).await;
    scheduler.tick().await.unwrap();
    let log = requests(&sandbox).await;
    let pushes = received(&mut pushed);
    assert_eq!(pushes.len(), 1);
    insta::assert_snapshot!(text(&pushes[0]));
    // The clock, then the digest in one batch (no scan: reminders are off).
    let methods: Vec<&str> = log.iter().map(|r| r["method"].as_str().unwrap()).collect();
    assert_eq!(methods, ["server.time", "batch"]);
    let commands: Vec<&str> = log[1]["commands"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    assert_eq!(
        commands,
        [
            "tasks.task.list",
            "tasks.task.list",
            "calendar.event.get",
            "crm.deal.list"
        ]
    );

    scheduler.tick().await.unwrap();
    assert!(received(&mut pushed).is_empty(), "once a day");
    // Saturday: none.
    set_clock(&sandbox, "2026-03-07T04:00:05Z").await;
    scheduler.tick().await.unwrap();
    assert!(received(&mut pushed).is_empty(), "not on a weekend");
}
