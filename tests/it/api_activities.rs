//! Typed CRM activity calls against the sandbox, each with the number of REST requests it takes.

use b24bot::b24::activities::{ActivityKind, Counterpart, CrmOwner, NewActivity, OwnerRecord};
use b24bot::b24::crm::DealQuery;
use b24bot::b24::{Guarded, Kind};
use jiff::{ToSpan, Zoned};

use crate::api_portal::Portal;

fn tomorrow_at(hour: i8) -> Zoned {
    Zoned::now()
        .checked_add(1.day())
        .unwrap()
        .with()
        .hour(hour)
        .minute(0)
        .second(0)
        .subsec_nanosecond(0)
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_call_on_a_deal_stays_open_until_done() {
    let portal = Portal::demo().await;
    let client = portal.client(3);
    let deals = client
        .deals(&DealQuery {
            assigned_to: Some(3),
            ..DealQuery::default()
        })
        .await
        .unwrap();
    let deal = deals
        .items
        .iter()
        .find(|deal| deal.contact_id.is_some())
        .expect("a seeded deal with a contact");
    let contact = client.contact(deal.contact_id.unwrap()).await.unwrap();
    let before = client
        .open_activities(CrmOwner::Deal(deal.id))
        .await
        .unwrap();
    portal.requests().await;

    let start = tomorrow_at(11);
    let id = client
        .add_activity(&NewActivity {
            owner: CrmOwner::Deal(deal.id),
            kind: ActivityKind::Call,
            subject: "Обсудить скидку".into(),
            start: start.clone(),
            end: start.checked_add(30.minutes()).unwrap(),
            with: Counterpart {
                entity: CrmOwner::Contact(contact.id),
                value: contact.phone[0].value.clone(),
            },
            responsible_id: 3,
        })
        .await
        .unwrap();
    let open = client
        .open_activities(CrmOwner::Deal(deal.id))
        .await
        .unwrap();
    assert_eq!(portal.requests().await, 2);
    assert_eq!(open.len(), before.len() + 1);
    let call = open.iter().find(|activity| activity.id == id).unwrap();
    assert_eq!(call.type_id, Some(2));
    assert_eq!(
        (call.owner_type_id, call.owner_id),
        (Some(2), Some(deal.id))
    );
    assert_eq!(call.subject, "Обсудить скидку");
    assert_eq!(call.start_time, Some(start.timestamp()));
    assert!(!call.completed);

    client.complete_activity(id).await.unwrap();
    let open = client
        .open_activities(CrmOwner::Deal(deal.id))
        .await
        .unwrap();
    assert_eq!(portal.requests().await, 2);
    assert!(open.iter().all(|activity| activity.id != id));
    assert!(open.iter().all(|activity| !activity.completed));
}

#[tokio::test]
async fn a_meeting_with_a_contact_and_a_timeline_comment() {
    let portal = Portal::demo().await;
    let client = portal.client(3);
    let found = client
        .contacts_by_email("j.wilson@blueharbor.example")
        .await
        .unwrap();
    // A list leaves e-mails out; the card has them.
    let contact = client.contact(found[0].id).await.unwrap();
    portal.requests().await;
    let start = tomorrow_at(15);
    let id = client
        .add_activity(&NewActivity {
            owner: CrmOwner::Contact(contact.id),
            kind: ActivityKind::Meeting,
            subject: "Demo at the office".into(),
            start: start.clone(),
            end: start.checked_add(1.hour()).unwrap(),
            with: Counterpart {
                entity: CrmOwner::Contact(contact.id),
                value: contact.email[0].value.clone(),
            },
            responsible_id: 3,
        })
        .await
        .unwrap();
    portal.requests().await;
    let (activity, record) = client.activity_and_record(id).await.unwrap();
    assert_eq!(activity.id, id);
    assert!(
        matches!(&record, Some(Ok(OwnerRecord::Contact(c))) if c.id == contact.id),
        "the record of the activity's own type, whatever the others hold: {record:?}"
    );
    assert_eq!(portal.requests().await, 1);
    let open = client
        .open_activities(CrmOwner::Contact(contact.id))
        .await
        .unwrap();
    assert!(
        open.iter()
            .any(|activity| activity.id == id && activity.type_id == Some(1))
    );
    let commented = client
        .comment_timeline_guarded(
            CrmOwner::Contact(contact.id),
            contact.assigned_by_id,
            "Прислал [B]КП[/B] & прайс",
        )
        .await
        .unwrap();
    assert!(
        matches!(&commented, Guarded::Written(OwnerRecord::Contact(c)) if c.id == contact.id),
        "{commented:?}"
    );
    assert_eq!(
        portal.requests().await,
        2,
        "the open activities, the guarded comment"
    );

    for (owner, responsible) in [
        (CrmOwner::Deal(999_999), None),
        (CrmOwner::Contact(contact.id), Some(999)),
    ] {
        let refused = client
            .comment_timeline_guarded(owner, responsible, "lost")
            .await
            .unwrap();
        assert_eq!(refused, Guarded::Refused, "{owner:?} {responsible:?}");
    }
    let no_such = client.complete_activity(999_999).await.unwrap_err();
    assert_eq!(no_such.kind(), Kind::NotFound);
}
