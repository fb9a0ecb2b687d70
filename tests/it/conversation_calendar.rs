//! The calendar in the conversation against the demo portal (seeded at the chat's start, a
//! Monday): the user's events by day in their own zone, whether a colleague is free, the event
//! form with attendees, and the REST requests each command costs.

use b24bot::b24::period::Days;
use jiff::Zoned;

use crate::support::chat::{Chat, START, methods_called, portal, requests, sandbox_at_start};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_english_session_with_the_calendar() {
    let sandbox = sandbox_at_start().await;
    let mut chat = Chat::new(&sandbox, 3).await;
    let transcript = chat
        .transcript(&[
            "/events",
            "what's on my calendar tomorrow",
            "/events week",
            "/free Мария today 8:00",
            "is Olivia free tomorrow at 3pm",
            "/free Nobody tomorrow 10:00",
            "/free tomorrow",
        ])
        .await;
    insta::assert_snapshot!(transcript);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_russian_session_with_the_calendar() {
    let sandbox = sandbox_at_start().await;
    let mut chat = Chat::new(&sandbox, 2).await;
    let transcript = chat
        .transcript(&[
            "что у меня сегодня",
            "встречи на неделе",
            "свободен ли Дмитрий сегодня в 11",
            "свободна ли Ольга завтра в 15",
        ])
        .await;
    insta::assert_snapshot!(transcript);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_event_form_reads_times_in_the_users_zone_and_invites_attendees() {
    let sandbox = sandbox_at_start().await;
    // Сергей Кузнецов works in Asia/Yekaterinburg (UTC+5).
    let mut chat = Chat::new(&sandbox, 6).await;
    let mut transcript = chat
        .transcript(&[
            "/event new",
            "Демо для клиента",
            "завтра в 15:00",
            "14:00",
            "16:30",
            "Никто Никтович",
            "Ольге",
            "/back",
            "/skip",
            "Ольге",
            "/skip",
        ])
        .await;
    transcript.push_str(&chat.exchange_press(1).await);
    insta::assert_snapshot!(transcript);
    let now: Zoned = START
        .parse::<jiff::Timestamp>()
        .unwrap()
        .to_zoned(jiff::tz::TimeZone::get("Asia/Yekaterinburg").unwrap());
    for attendee in [6, 8] {
        let events = portal(&sandbox)
            .events_of(attendee, Days::Tomorrow, &now)
            .await
            .unwrap();
        let demo = events
            .iter()
            .find(|event| event.name == "Демо для клиента")
            .unwrap_or_else(|| panic!("in the calendar of {attendee}: {events:?}"));
        assert_eq!(demo.from.unwrap().to_string(), "2026-03-03T10:00:00Z");
        assert_eq!(demo.to.unwrap().to_string(), "2026-03-03T11:30:00Z");
    }
    let audit = chat.store.recent_audit(1).await.unwrap();
    assert_eq!(audit[0].entry.method, "calendar.event.add");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_calendar_command_uses_as_few_requests_as_it_can() {
    let sandbox = sandbox_at_start().await;
    let mut chat = Chat::new(&sandbox, 3).await;
    chat.say("/help").await;
    requests(&sandbox).await;
    let steps: [(&str, &[&str]); 8] = [
        ("/events", &["calendar.event.get"]),
        ("/events week", &["calendar.event.get"]),
        // The first colleague named reads the directory of colleagues (one batch), kept then.
        (
            "/free Olivia tomorrow 15:00",
            &["batch", "calendar.accessibility.get"],
        ),
        (
            "/free Emily tomorrow 15:00",
            &["calendar.accessibility.get"],
        ),
        ("/event new Demo tomorrow 10:00", &[]),
        ("Olivia", &[]),
        ("Emily", &[]),
        ("/skip", &[]),
    ];
    chat.assert_costs(&sandbox, &steps).await;
    chat.press(1).await;
    assert_eq!(
        methods_called(&sandbox).await,
        ["calendar.event.add"],
        "Confirm"
    );
}
