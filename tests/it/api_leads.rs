//! Typed lead calls against the sandbox, each with the number of REST requests it takes.

use b24bot::b24::leads::{LeadStatus, NewLead};
use b24bot::b24::{Guarded, Kind};

use crate::api_portal::Portal;

#[tokio::test]
async fn a_lead_from_the_form_is_new_and_mine() {
    let portal = Portal::demo().await;
    let client = portal.client(3);
    let id = client
        .add_lead(&NewLead {
            title: "Запрос: 20 тонн «цемента» & доставка".into(),
            name: Some("Анна".into()),
            phone: Some("+7 912 000-11-22".into()),
            assigned_by_id: 3,
        })
        .await
        .unwrap();
    let lead = client.lead(id).await.unwrap();
    assert_eq!(portal.requests().await, 2);
    assert_eq!(lead.title, "Запрос: 20 тонн «цемента» & доставка");
    assert_eq!(lead.name.as_deref(), Some("Анна"));
    assert_eq!(lead.phone[0].value, "+7 912 000-11-22");
    assert_eq!(LeadStatus::from_code(&lead.status_id), LeadStatus::New);
    assert_eq!(lead.assigned_by_id, Some(3));

    let mine = client.leads_of(3, 0).await.unwrap();
    assert_eq!(portal.requests().await, 1);
    assert_eq!(mine.items[0].id, id, "newest first");
    assert!(mine.items.iter().all(|lead| lead.assigned_by_id == Some(3)));
    assert_eq!(mine.total, Some(mine.items.len() as u64));
    assert!(!mine.items[0].phone.is_empty(), "the phone is in the list");
    let theirs = client.leads_of(4, 0).await.unwrap();
    assert!(theirs.items.iter().all(|lead| lead.id != id));
}

#[tokio::test]
async fn a_lead_moves_through_the_portals_statuses() {
    let portal = Portal::demo().await;
    let client = portal.client(3);
    let statuses = client.lead_statuses().await.unwrap();
    assert_eq!(portal.requests().await, 1);
    let codes: Vec<&str> = statuses.iter().map(|s| s.status_id.as_str()).collect();
    for code in ["NEW", "IN_PROCESS", "PROCESSED", "JUNK", "CONVERTED"] {
        assert!(codes.contains(&code), "{code} in {codes:?}");
    }
    assert!(statuses.iter().all(|status| status.entity_id == "STATUS"));
    assert!(
        statuses.windows(2).all(|pair| pair[0].sort <= pair[1].sort),
        "in the portal's order"
    );
    let converted = statuses
        .iter()
        .find(|status| status.status_id == "CONVERTED")
        .unwrap();
    assert_eq!(converted.semantics.as_deref(), Some("S"));

    let id = client.leads_of(3, 0).await.unwrap().items[0].id;
    assert_eq!(
        client
            .set_lead_status_guarded(id, &LeadStatus::Junk, Some(4))
            .await
            .unwrap(),
        Guarded::Refused,
        "someone else's lead"
    );
    portal.requests().await;
    for status in [
        LeadStatus::InProcess,
        LeadStatus::Processed,
        LeadStatus::Junk,
        LeadStatus::Converted,
    ] {
        let moved = client.set_lead_status_guarded(id, &status, Some(3)).await;
        assert!(matches!(moved, Ok(Guarded::Written(_))), "{moved:?}");
        let lead = client.lead(id).await.unwrap();
        assert_eq!(LeadStatus::from_code(&lead.status_id), status);
        assert_eq!(
            portal.requests().await,
            2,
            "one for the move, one for the read"
        );
    }
}

#[tokio::test]
async fn a_missing_lead_is_not_found() {
    let portal = Portal::demo().await;
    let client = portal.client(3);
    assert_eq!(
        client.lead(999_999).await.unwrap_err().kind(),
        Kind::NotFound
    );
    assert_eq!(
        client
            .set_lead_status_guarded(999_999, &LeadStatus::Junk, None)
            .await
            .unwrap(),
        Guarded::Refused
    );
}
