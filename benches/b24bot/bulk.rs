//! Bulk read: every deal of a portal holding 100 000, at the default limits, against the
//! ceiling those limits allow: 2 500 rows per request (a batch of 50 pages of 50) at 2 requests
//! per second. The client's burst is spent first, so the read runs at the sustained rate the
//! ceiling assumes rather than on the 50 requests a fresh bucket lends.

use std::time::Instant;

use b24bot::b24::spent;
use b24bot::sandbox::server::Options;
use b24bot::sandbox::store::Seed;
use serde_json::json;

use crate::{Figure, print, quick, setup};

const ROWS_PER_REQUEST: f64 = 2_500.0;
const REQUESTS_PER_SECOND: f64 = 2.0;

pub async fn run() -> bool {
    let deals = if quick() { 20_000 } else { 100_000 };
    let sandbox = setup::sandbox(Options {
        seed: Seed::Empty,
        ..Options::default()
    })
    .await;
    sandbox.with_data(|data, now| data.add_bulk_deals(deals, now));
    let portal = setup::portal(&sandbox);
    for _ in 0..50 {
        portal
            .call("user.get", &json!({"ID": 1}))
            .await
            .expect("the burst is spent");
    }
    let started = Instant::now();
    let (rows, spent) = spent::measured(portal.list_all(
        "crm.deal.list",
        &json!({"select": ["ID", "TITLE", "STAGE_ID", "OPPORTUNITY", "ASSIGNED_BY_ID"]}),
    ))
    .await;
    let took = started.elapsed().as_secs_f64();
    let rows = rows.expect("every deal is read").len();
    let refused = setup::refused(&setup::requests(&sandbox).await);
    let ceiling = rows as f64 / (ROWS_PER_REQUEST * REQUESTS_PER_SECOND);
    let share = ceiling / took;
    let per_request = rows as f64 / f64::from(spent.requests);
    let figures = [
        Figure::new(
            "rows read",
            rows.to_string(),
            deals.to_string(),
            rows == deals,
        ),
        Figure::new(
            "share of the ceiling",
            format!(
                "{:.1} % ({took:.1} s against {ceiling:.1} s)",
                share * 100.0
            ),
            "≥ 95 %",
            share >= 0.95,
        ),
        Figure::new(
            "rows per request",
            format!("{per_request:.0} ({} requests)", spent.requests),
            "2 500",
            per_request >= ROWS_PER_REQUEST * 0.95,
        ),
        Figure::new("503 answers", refused.to_string(), "0", refused == 0),
    ];
    print(
        &format!("Bulk read ({deals} deals, burst 50, 2/s)"),
        &figures,
    );
    figures.iter().all(|figure| figure.met)
}
