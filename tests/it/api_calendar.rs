//! Typed calendar calls against the sandbox, each with the number of REST requests it takes.

use b24bot::b24::Kind;
use b24bot::b24::calendar::{Availability, NewEvent};
use b24bot::b24::period::Days;
use jiff::{ToSpan, Zoned};

use crate::api_portal::Portal;

const DMITRY: u64 = 4;
const SERGEY: u64 = 6;

/// A Monday years ahead of the seed's events, in Sergey's zone (UTC+5).
fn monday_at(hour: i8) -> Zoned {
    "2036-03-03T00:00:00+05:00[Asia/Yekaterinburg]"
        .parse::<Zoned>()
        .unwrap()
        .with()
        .hour(hour)
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_meeting_shows_in_the_attendees_days() {
    let portal = Portal::demo().await;
    let client = portal.client(DMITRY);
    let id = client
        .add_event(&NewEvent {
            owner_id: DMITRY,
            name: "Планёрка <отдела> & гости".into(),
            description: Some("Повестка в чате".into()),
            from: monday_at(15),
            to: monday_at(16),
            attendees: vec![SERGEY],
        })
        .await
        .unwrap();
    let late = client
        .add_event(&NewEvent {
            owner_id: DMITRY,
            name: "Late call".into(),
            description: None,
            // 23:30 on Monday in Yekaterinburg is still Monday there, Monday evening in Moscow.
            from: monday_at(23).checked_add(30.minutes()).unwrap(),
            to: monday_at(23).checked_add(45.minutes()).unwrap(),
            attendees: Vec::new(),
        })
        .await
        .unwrap();
    assert_eq!(portal.requests().await, 2);

    let now = monday_at(9);
    let sergeys = client.events_of(SERGEY, Days::Today, &now).await.unwrap();
    assert_eq!(portal.requests().await, 1);
    assert_eq!(sergeys.len(), 1, "{sergeys:?}");
    let meeting = &sergeys[0];
    assert_eq!(meeting.id, id);
    assert_eq!(meeting.name, "Планёрка <отдела> & гости");
    assert!(meeting.is_meeting);
    assert_eq!(
        meeting.from.unwrap().to_string(),
        "2036-03-03T10:00:00Z",
        "15:00 in Yekaterinburg"
    );
    let attendees: Vec<u64> = meeting.attendee_list.iter().map(|a| a.id).collect();
    assert!(attendees.contains(&DMITRY) && attendees.contains(&SERGEY));

    let dmitrys: Vec<u64> = client
        .events_of(DMITRY, Days::Today, &now)
        .await
        .unwrap()
        .iter()
        .map(|event| event.id)
        .collect();
    assert_eq!(dmitrys, vec![id, late], "earliest first");
    let tomorrow = client
        .events_of(DMITRY, Days::Tomorrow, &now)
        .await
        .unwrap();
    assert!(tomorrow.is_empty(), "{tomorrow:?}");
    let week = client
        .events_of(DMITRY, Days::ThisWeek, &now)
        .await
        .unwrap();
    assert_eq!(week.len(), 2);
}

#[tokio::test]
async fn a_colleague_is_busy_only_during_their_events() {
    let portal = Portal::demo().await;
    let client = portal.client(DMITRY);
    client
        .add_event(&NewEvent {
            owner_id: SERGEY,
            name: "Deploy window".into(),
            description: None,
            from: monday_at(15),
            to: monday_at(17),
            attendees: Vec::new(),
        })
        .await
        .unwrap();
    portal.requests().await;

    let busy = client
        .availability(SERGEY, &monday_at(16), &monday_at(18))
        .await
        .unwrap();
    assert_eq!(portal.requests().await, 1);
    let Availability::Busy(slots) = busy else {
        panic!("Sergey is busy at 16:00, not {busy:?}")
    };
    assert_eq!(slots.len(), 1);
    assert_eq!(slots[0].from, Some(monday_at(15).timestamp()));
    for (from, to) in [(17, 18), (13, 15)] {
        let free = client
            .availability(SERGEY, &monday_at(from), &monday_at(to))
            .await
            .unwrap();
        assert_eq!(free, Availability::Free, "{from}:00 to {to}:00");
    }
    let dmitry = client
        .availability(DMITRY, &monday_at(16), &monday_at(18))
        .await
        .unwrap();
    assert_eq!(dmitry, Availability::Free);
    assert_eq!(portal.requests().await, 3);
    let backwards = client
        .availability(SERGEY, &monday_at(18), &monday_at(16))
        .await
        .unwrap_err();
    assert_eq!(backwards.kind(), Kind::InvalidInput);
    assert_eq!(portal.requests().await, 0, "refused before asking");
}
