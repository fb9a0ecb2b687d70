//! The visibility policy through the bot: an employee sees and changes only what is assigned to
//! them; an administrator sees everything; what the bot creates is the asker's, and every write is in the audit log.

use crate::support::chat::{Chat, deals_titled, sandbox};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_employee_cannot_open_or_move_anothers_deal_or_contact() {
    let sandbox = sandbox().await;
    let mut chat = Chat::new(&sandbox, 3).await;
    let card = chat.say("/deal 1").await;
    assert!(card.contains("You don't have access to this"), "{card}");
    assert!(
        !card.contains("Ромашки"),
        "nothing of the deal is shown: {card}"
    );
    assert!(!card.contains("Stage"), "{card}");
    let moved = chat.say("/deal move 1 won").await;
    assert!(moved.contains("You don't have access to this"), "{moved}");
    let contact = chat.say("/contact 1").await;
    assert!(
        contact.contains("You don't have access to this"),
        "{contact}"
    );
    assert!(!contact.contains("Петров"), "{contact}");
    let search = chat.say("/contact +7 900 123-45-67").await;
    assert!(
        search.contains("No contacts found"),
        "another's contact is not found: {search}"
    );
    let mut admin = Chat::new(&sandbox, 1).await;
    let card = admin.say("/deal 1").await;
    assert!(
        card.contains("Поставка оборудования для «Ромашки»"),
        "{card}"
    );
    assert!(
        card.contains("Stage:       New"),
        "not moved by the refused move: {card}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lists_show_ones_own_unless_one_sees_all_and_more_pages_on() {
    let sandbox = sandbox().await;
    sandbox.with_data(|data, now| data.add_bulk_deals(30, now));
    let mut admin = Chat::new(&sandbox, 1).await;
    let first = admin.say("/deals all").await;
    assert!(first.contains("42 deals in all"), "{first}");
    assert!(first.contains("Showing 10 of 42"), "{first}");
    assert!(first.ends_with("[1] More"), "{first}");
    let second = admin.press(1).await;
    assert!(second.contains("Showing 20 of 42"), "{second}");
    let mut seller = Chat::new(&sandbox, 3).await;
    let own = seller.say("/deals all").await;
    assert!(own.contains("You can see only your own deals"), "{own}");
    let stolen = seller
        .send(b24bot::bot::Content::Button(admin.button(1)))
        .await;
    assert!(stolen.contains("no longer active"), "{stolen}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn what_the_bot_creates_is_assigned_to_the_asker_and_audited() {
    let sandbox = sandbox().await;
    let mut chat = Chat::new(&sandbox, 4).await;
    chat.say("/deal new Mine Ltd 100").await;
    chat.press(1).await;
    chat.press(1).await;
    let deals = deals_titled(&sandbox, "Mine Ltd").await;
    assert_eq!(deals.len(), 1);
    assert_eq!(deals[0]["ASSIGNED_BY_ID"], "4");
    let id: u64 = deals[0]["ID"].as_str().unwrap().parse().unwrap();
    chat.say(&format!("/deal move {id} won")).await;
    let audit = chat.store.recent_audit(10).await.unwrap();
    let logged: Vec<(&str, Option<u64>, Option<u64>)> = audit
        .iter()
        .map(|record| {
            let entry = &record.entry;
            let employee = entry.actor.as_ref().map(|actor| actor.employee.0);
            (entry.method.as_str(), entry.entity_id, employee)
        })
        .collect();
    assert!(
        logged.contains(&("crm.deal.add", Some(id), Some(4))),
        "{logged:?}"
    );
    assert!(
        logged.contains(&("crm.deal.update", Some(id), Some(4))),
        "{logged:?}"
    );
}
