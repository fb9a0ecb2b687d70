use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use b24bot::b24::{Auth, Client, Limits};
use serde_json::json;
use wiremock::matchers::path_regex;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

use crate::support;

/// A portal enforcing a leaky bucket the way Bitrix24 does: each request adds one, the level
/// drains at a fixed rate, and a request that would overflow it is refused with a 503.
#[derive(Clone)]
struct BucketPortal {
    limits: Limits,
    state: Arc<Mutex<(f64, Instant)>>,
    refused: Arc<AtomicUsize>,
    served: Arc<AtomicUsize>,
}

impl BucketPortal {
    fn new(limits: Limits) -> Self {
        Self {
            limits,
            state: Arc::new(Mutex::new((0.0, Instant::now()))),
            refused: Arc::default(),
            served: Arc::default(),
        }
    }
}

impl Respond for BucketPortal {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        let mut state = self.state.lock().unwrap();
        let now = Instant::now();
        let drained = now.duration_since(state.1).as_secs_f64() * self.limits.per_second;
        state.0 = (state.0 - drained).max(0.0);
        state.1 = now;
        if state.0 + 1.0 > f64::from(self.limits.burst) {
            self.refused.fetch_add(1, Ordering::SeqCst);
            return support::portal_error(503, "QUERY_LIMIT_EXCEEDED", "Too many requests");
        }
        state.0 += 1.0;
        self.served.fetch_add(1, Ordering::SeqCst);
        support::ok(json!(true))
    }
}

async fn run_calls(server: &MockServer, limits: Limits, calls: usize) -> Duration {
    let client = Client::builder(Auth::Webhook(support::webhook(server)))
        .limits(limits)
        .retry(support::quick_retry())
        .build()
        .unwrap();
    let started = Instant::now();
    let tasks: Vec<_> = (0..calls)
        .map(|i| {
            let client = client.clone();
            let lane_client = if i % 2 == 0 {
                client.clone()
            } else {
                client.background()
            };
            tokio::spawn(
                async move { lane_client.call("crm.deal.update", &json!({"id": i})).await },
            )
        })
        .collect();
    for task in tasks {
        task.await.unwrap().unwrap();
    }
    started.elapsed()
}

#[tokio::test]
async fn a_client_with_the_same_limits_provokes_no_503() {
    let limits = Limits {
        burst: 10,
        per_second: 20.0,
    };
    let portal = BucketPortal::new(limits);
    let server = MockServer::start().await;
    Mock::given(path_regex(".*"))
        .respond_with(portal.clone())
        .mount(&server)
        .await;
    let elapsed = run_calls(&server, limits, 50).await;
    assert_eq!(portal.refused.load(Ordering::SeqCst), 0);
    assert_eq!(portal.served.load(Ordering::SeqCst), 50);
    // 10 at once, then 40 at 20 per second: two seconds, not much more.
    assert!(elapsed >= Duration::from_millis(1900), "{elapsed:?}");
    assert!(elapsed < Duration::from_secs(4), "{elapsed:?}");
}

#[tokio::test]
async fn a_bucket_shared_with_someone_else_is_survived() {
    // The portal's bucket is smaller than the client believes, as when another program uses
    // the same webhook: the 503s mark our bucket full and every call still gets through.
    let portal = BucketPortal::new(Limits {
        burst: 4,
        per_second: 20.0,
    });
    let server = MockServer::start().await;
    Mock::given(path_regex(".*"))
        .respond_with(portal.clone())
        .mount(&server)
        .await;
    run_calls(
        &server,
        Limits {
            burst: 10,
            per_second: 20.0,
        },
        30,
    )
    .await;
    assert_eq!(portal.served.load(Ordering::SeqCst), 30);
    assert!(portal.refused.load(Ordering::SeqCst) > 0);
}
