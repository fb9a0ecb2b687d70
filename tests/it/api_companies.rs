//! A company's card against the sandbox: one request for the company, its deals and contacts.

use b24bot::b24::Kind;

use crate::api_portal::Portal;

#[tokio::test]
async fn a_company_card_with_its_deals_and_contacts_is_one_request() {
    let portal = Portal::demo().await;
    let client = portal.client(2);
    let found = client.companies_named("Ромашка").await.unwrap();
    let company = &found[0];
    portal.requests().await;

    let card = client.company_card(company.id).await.unwrap();
    assert_eq!(portal.requests().await, 1);
    assert_eq!(card.company.title, "ООО «Ромашка»");
    assert!(!card.company.phone.is_empty());
    assert!(!card.deals.is_empty() && !card.contacts.is_empty());
    assert!(
        card.deals
            .iter()
            .all(|deal| deal.company_id == Some(company.id))
    );
    assert!(
        card.contacts
            .iter()
            .all(|contact| contact.company_id == Some(company.id))
    );
    assert!(
        card.contacts
            .iter()
            .any(|contact| !contact.phone.is_empty()),
        "phones come with the contacts"
    );
    assert!(
        card.deals.windows(2).all(|pair| pair[0].id > pair[1].id),
        "newest deals first"
    );
    assert_eq!(card.deal_total, Some(card.deals.len() as u64));
    assert_eq!(card.contact_total, Some(card.contacts.len() as u64));

    let others = client.companies_named("Northwind").await.unwrap();
    let other = client.company_card(others[0].id).await.unwrap();
    for deal in &card.deals {
        assert!(other.deals.iter().all(|d| d.id != deal.id));
    }
    for contact in &card.contacts {
        assert!(other.contacts.iter().all(|c| c.id != contact.id));
    }
}

#[tokio::test]
async fn a_new_company_has_an_empty_card_and_a_missing_one_none() {
    let portal = Portal::demo().await;
    let client = portal.client(2);
    let id = client.add_company("Новая «Компания»", 2).await.unwrap();
    let card = client.company_card(id).await.unwrap();
    assert_eq!(card.company.title, "Новая «Компания»");
    assert_eq!((card.deals.len(), card.contacts.len()), (0, 0));
    assert_eq!((card.deal_total, card.contact_total), (Some(0), Some(0)));
    let missing = client.company_card(999_999).await.unwrap_err();
    assert_eq!(missing.kind(), Kind::NotFound);
}
