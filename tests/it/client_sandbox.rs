//! The REST client against the sandbox portal: the two independent sides of the wire format
//! must agree, within the portal's default limits.

use b24bot::b24::crm::{DealQuery, NewDeal};
use b24bot::b24::model::Money;
use b24bot::b24::{Auth, Client, Guarded, WebhookUrl};
use b24bot::sandbox::server::{self, Options, Sandbox};
use serde_json::{Value, json};

async fn sandbox() -> Sandbox {
    server::spawn(Options::default())
        .await
        .expect("the sandbox starts")
}

fn client(sandbox: &Sandbox, user: u64) -> Client {
    let url = &sandbox.webhook(user).expect("a seeded employee").url;
    Client::builder(Auth::Webhook(WebhookUrl::parse(url).unwrap()))
        .build()
        .unwrap()
}

/// The REST calls the sandbox received since the last call of this function.
async fn requests(sandbox: &Sandbox) -> Vec<Value> {
    let url = format!("{}/sandbox/requests", sandbox.base_url());
    let http = reqwest::Client::new();
    let log: Vec<Value> = http.get(&url).send().await.unwrap().json().await.unwrap();
    http.delete(&url).send().await.unwrap();
    log
}

#[tokio::test]
async fn ten_thousand_deals_at_the_default_limits_without_a_503() {
    let sandbox = sandbox().await;
    sandbox.with_data(|data, now| data.add_bulk_deals(10_000, now));
    requests(&sandbox).await;
    let deals = client(&sandbox, 1)
        .list_all("crm.deal.list", &json!({"select": ["ID", "TITLE"]}))
        .await
        .unwrap();
    let ids: Vec<u64> = deals
        .iter()
        .map(|deal| deal["ID"].as_str().unwrap().parse().unwrap())
        .collect();
    assert!(ids.len() > 10_000);
    assert!(
        ids.windows(2).all(|pair| pair[0] < pair[1]),
        "every deal once, in id order"
    );
    let log = requests(&sandbox).await;
    assert!(
        log.iter().all(|request| request["status"] == json!(200)),
        "{log:?}"
    );
    assert_eq!(
        log.len(),
        ids.len().div_ceil(2_500),
        "2 500 deals per request"
    );
}

#[tokio::test]
async fn a_deal_card_is_one_request() {
    let sandbox = sandbox().await;
    let client = client(&sandbox, 1);
    let page = client
        .deals(&DealQuery {
            assigned_to: Some(3),
            ..DealQuery::default()
        })
        .await
        .unwrap();
    let deal = page
        .items
        .iter()
        .find(|deal| deal.company_id.is_some() && deal.contact_id.is_some())
        .expect("a seeded deal with a company and a contact");
    assert!(page.items.iter().all(|deal| deal.assigned_by_id == Some(3)));
    requests(&sandbox).await;
    let card = client.deal_card(deal.id).await.unwrap();
    assert_eq!(card.deal.id, deal.id);
    assert_eq!(card.company.as_ref().map(|c| c.id), deal.company_id);
    assert_eq!(card.contact.as_ref().map(|c| c.id), deal.contact_id);
    assert_eq!(card.responsible.as_ref().map(|u| u.id), Some(3));
    assert_eq!(requests(&sandbox).await.len(), 1);
}

#[tokio::test]
async fn a_deal_without_company_still_has_a_card() {
    let sandbox = sandbox().await;
    let client = client(&sandbox, 2);
    let id = client
        .add_deal(&NewDeal {
            title: "Пилот <без компании> & Co".into(),
            amount: Money::parse("50000"),
            currency: Some("RUB".into()),
            company_id: None,
            contact_id: None,
            assigned_by_id: 2,
        })
        .await
        .unwrap();
    let card = client.deal_card(id).await.unwrap();
    assert_eq!(card.deal.title, "Пилот <без компании> & Co");
    assert_eq!(card.deal.opportunity, Money::parse("50000.00"));
    assert_eq!((card.company, card.contact), (None, None));
    // The guard: someone else's deal, or one at the stage already, is not written.
    assert_eq!(
        client
            .move_deal_guarded(id, 0, "WON", Some(3))
            .await
            .unwrap(),
        Guarded::Refused
    );
    assert_eq!(
        client
            .move_deal_guarded(id, 1, "WON", Some(2))
            .await
            .unwrap(),
        Guarded::Refused,
        "another pipeline"
    );
    assert_eq!(client.deal(id).await.unwrap().stage_id, "NEW");
    let Guarded::Written(before) = client
        .move_deal_guarded(id, 0, "WON", Some(2))
        .await
        .unwrap()
    else {
        panic!("the owner's move is written");
    };
    assert_eq!(before.stage_id, "NEW", "the deal as it was");
    assert_eq!(client.deal(id).await.unwrap().stage_id, "WON");
    assert_eq!(
        client.move_deal_guarded(id, 0, "WON", None).await.unwrap(),
        Guarded::Refused,
        "at the stage already"
    );
    let stages = client.deal_stages(0).await.unwrap();
    assert!(
        stages
            .iter()
            .any(|stage| stage.status_id == "WON" && stage.semantics.as_deref() == Some("S"))
    );
}

#[tokio::test]
async fn contacts_by_any_spelling_of_a_phone_by_email_and_by_name() {
    let sandbox = sandbox().await;
    let client = client(&sandbox, 1);
    for spelling in ["+7 912 345-67-89", "89123456789", "+79123456789"] {
        let found = client.contacts_by_phone(spelling).await.unwrap();
        assert_eq!(found.len(), 1, "{spelling}");
        assert_eq!(found[0].last_name.as_deref(), Some("Васильева"));
        assert!(
            !found[0].phone.is_empty(),
            "the phone comes back for the card"
        );
    }
    assert!(
        client
            .contacts_by_phone("+7 000 000-00-00")
            .await
            .unwrap()
            .is_empty()
    );
    let by_email = client
        .contacts_by_email("j.wilson@blueharbor.example")
        .await
        .unwrap();
    assert_eq!(by_email[0].name.as_deref(), Some("James"));
    requests(&sandbox).await;
    let named = client.contacts_named("елена васильева").await.unwrap();
    assert_eq!(named.len(), 1);
    assert_eq!(
        requests(&sandbox).await.len(),
        1,
        "one batch for every word and field"
    );
    let companies = client.companies_named("Ромашка").await.unwrap();
    assert_eq!(companies.len(), 1);
    assert_eq!(companies[0].title, "ООО «Ромашка»");
}

#[tokio::test]
async fn the_call_command_lists_everything_from_a_portal_url() {
    let sandbox = sandbox().await;
    let url = sandbox.webhook(1).unwrap().url.clone();
    let expected = client(&sandbox, 1)
        .list_all("crm.deal.list", &json!({}))
        .await
        .unwrap()
        .len();
    let dir = tempfile::tempdir().unwrap();
    let output = tokio::task::spawn_blocking(move || {
        std::process::Command::new(env!("CARGO_BIN_EXE_b24bot"))
            .args(["call", "crm.deal.list", "--all"])
            .current_dir(dir.path())
            .env("BITRIX24_WEBHOOK_URL", url)
            // Only stdout is read: stderr holds every log line for the log watch.
            .env("RUST_LOG", "trace")
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    crate::support::logwatch::assert_output_clean(&output);
    assert!(output.status.success(), "{output:?}");
    let printed: Vec<Value> = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(printed.len(), expected);
}

/// A keyset page (`start=-1` in id order) is read from the filter's least id on, like a
/// primary key; it holds exactly the rows the counted page (`start=0`) shows, whatever else
/// the filter asks, and the ends of the id range behave.
#[tokio::test]
async fn a_keyset_page_holds_what_the_counted_page_holds() {
    let sandbox = sandbox().await;
    sandbox.with_data(|data, now| data.add_bulk_deals(300, now));
    let client = client(&sandbox, 1);
    let ids = |page: &Value| -> Vec<String> {
        page.as_array()
            .unwrap()
            .iter()
            .map(|deal| deal["ID"].as_str().unwrap().to_owned())
            .collect()
    };
    for filter in [
        json!({">ID": 120}),
        json!({">=ID": 120, "<ID": 150}),
        json!({">ID": 100, "STAGE_ID": "NEW"}),
        json!({">ID": 99999}),
        json!({">ID": -5}),
        json!({}),
    ] {
        let page = |start: i64| json!({"filter": filter, "order": {"ID": "ASC"}, "select": ["ID"], "start": start});
        let keyset: Value = client.call_as("crm.deal.list", &page(-1)).await.unwrap();
        let counted: Value = client.call_as("crm.deal.list", &page(0)).await.unwrap();
        assert_eq!(ids(&keyset), ids(&counted), "{filter}");
    }
}
