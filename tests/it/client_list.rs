use serde_json::json;
use wiremock::matchers::path_regex;
use wiremock::{Mock, MockServer};

use crate::support::{self, fake_list::FakeList};

async fn portal(rows: u64) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(path_regex(".*"))
        .respond_with(FakeList { rows })
        .mount(&server)
        .await;
    server
}

fn ids(rows: &[serde_json::Value]) -> Vec<u64> {
    rows.iter()
        .map(|row| row["ID"].as_str().unwrap().parse().unwrap())
        .collect()
}

#[tokio::test]
async fn ten_thousand_rows_in_four_requests() {
    let server = portal(10_000).await;
    let rows = support::client(&server)
        .list_all("crm.deal.list", &json!({"select": ["ID", "TITLE"]}))
        .await
        .unwrap();
    assert_eq!(ids(&rows), (1..=10_000).collect::<Vec<_>>());
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 10_000usize.div_ceil(2_500));
}

#[tokio::test]
async fn short_and_empty_lists_take_one_request() {
    for rows in [0, 1, 49, 50, 51, 2_499] {
        let server = portal(rows).await;
        let found = support::client(&server)
            .list_all("crm.contact.list", &json!({}))
            .await
            .unwrap();
        assert_eq!(found.len() as u64, rows);
        assert_eq!(
            server.received_requests().await.unwrap().len(),
            1,
            "{rows} rows"
        );
    }
}

#[tokio::test]
async fn a_list_just_over_a_batch_takes_two() {
    let server = portal(2_501).await;
    let rows = support::client(&server)
        .list_all("crm.lead.list", &json!({}))
        .await
        .unwrap();
    assert_eq!(ids(&rows), (1..=2_501).collect::<Vec<_>>());
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 2);
    let second: serde_json::Value = serde_json::from_slice(&requests[1].body).unwrap();
    assert_eq!(
        second["cmd"].as_object().unwrap().len(),
        1,
        "only the pages still missing"
    );
}

#[tokio::test]
async fn methods_without_an_id_filter_page_by_start_in_one_batch() {
    let server = portal(120).await;
    let rows = support::client(&server)
        .list_all("disk.folder.getchildren", &json!({"id": 8}))
        .await
        .unwrap();
    assert_eq!(ids(&rows), (1..=120).collect::<Vec<_>>());
    let requests = server.received_requests().await.unwrap();
    assert_eq!(
        requests.len(),
        2,
        "the first page, then one batch for the rest"
    );
}
