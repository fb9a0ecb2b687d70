//! The HTTP server on `HTTP_ADDR`: `/healthz` (the process answers), `/readyz` (it can work:
//! 200, or 503 with one line per problem), `/metrics` (Prometheus text format). The Telegram
//! webhook's route joins the same server when webhook mode is on.

use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::get;
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;

use super::health::Health;
use super::metrics;

/// How often histogram samples are folded into buckets between scrapes.
const UPKEEP_EVERY: Duration = Duration::from_secs(5);

/// The operations routes; merge a channel's routes into it before serving.
pub fn router(health: Health) -> Router {
    metrics::install();
    Router::new()
        .route("/healthz", get(|| async { "ok\n" }))
        .route("/readyz", get(ready))
        .route("/metrics", get(scrape))
        .with_state(health)
}

/// Serves `app` until `stop`, then lets the requests in hand finish.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    stop: CancellationToken,
) -> std::io::Result<()> {
    let upkeep = tokio::spawn({
        let stop = stop.clone();
        async move {
            loop {
                tokio::select! {
                    () = stop.cancelled() => return,
                    () = tokio::time::sleep(UPKEEP_EVERY) => metrics::upkeep(),
                }
            }
        }
    });
    let served = axum::serve(listener, app)
        .with_graceful_shutdown(stop.cancelled_owned())
        .await;
    upkeep.abort();
    served
}

async fn ready(State(health): State<Health>) -> impl IntoResponse {
    let readiness = health.readiness().await;
    if readiness.is_ready() {
        (StatusCode::OK, "ready\n".to_owned())
    } else {
        let mut body = String::from("not ready:\n");
        for problem in &readiness.problems {
            body.push_str("- ");
            body.push_str(problem);
            body.push('\n');
        }
        (StatusCode::SERVICE_UNAVAILABLE, body)
    }
}

async fn scrape() -> impl IntoResponse {
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        metrics::render(),
    )
}
