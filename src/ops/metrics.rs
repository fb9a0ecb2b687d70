//! The bot's metrics, recorded through the `metrics` facade at the few places that see each
//! event, and rendered in Prometheus text format for `/metrics`.
//!
//! Every metric is named here, with its labels, so the set is documented in one place and a
//! caller cannot misspell one. Labels take values from closed sets (channels, intents, error
//! kinds, REST methods the bot calls), never from user text, so the series stay few.
//!
//! Until [`install`] runs (the HTTP server does it), recording costs nothing and is dropped:
//! the demo and the command-line tools pay nothing for metrics they never serve.

use std::sync::OnceLock;
use std::time::Duration;

use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};

use crate::b24::{Kind, Lane};
use crate::failure::Failure;

/// Messages the core answered, by channel and intent (`form.answer`, `button`,
/// `contact.shared` for what is no intent of its own).
pub const MESSAGES: &str = "b24bot_messages_total";
/// Replies sent back, by channel.
pub const REPLIES: &str = "b24bot_replies_total";
/// Messages answered with a failure, by kind (the portal's error kind, or ours: `store`, …).
pub const ERRORS: &str = "b24bot_errors_total";
/// REST requests, by method and outcome (`ok` or the error kind).
pub const REST_REQUESTS: &str = "b24bot_rest_requests_total";
/// The portal's limit refusals seen, by HTTP status (503 request rate, 429 operating time).
pub const LIMIT_REFUSALS: &str = "b24bot_rest_limit_refusals_total";
/// How long a REST request waited for the leaky bucket, by lane.
pub const LIMITER_WAIT: &str = "b24bot_limiter_wait_seconds";
/// Forms in progress.
pub const OPEN_FORMS: &str = "b24bot_open_forms";
/// Reminders and digests delivered.
pub const REMINDERS_SENT: &str = "b24bot_reminders_sent_total";
/// Reminders not delivered, by reason.
pub const REMINDERS_SKIPPED: &str = "b24bot_reminders_skipped_total";
/// How old the last message was when its channel read it, by channel.
pub const POLL_LAG: &str = "b24bot_poll_lag_seconds";

/// Bucket bounds of the limiter's wait: most requests wait nothing, a burst waits seconds.
const WAIT_BUCKETS: [f64; 9] = [0.001, 0.01, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0];

static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();

/// Installs the process-wide recorder once and returns what renders it.
pub fn install() -> &'static PrometheusHandle {
    HANDLE.get_or_init(|| {
        let recorder = PrometheusBuilder::new()
            .set_buckets_for_metric(Matcher::Full(LIMITER_WAIT.into()), &WAIT_BUCKETS)
            .expect("the bucket list is not empty")
            .build_recorder();
        let handle = recorder.handle();
        if metrics::set_global_recorder(recorder).is_err() {
            tracing::warn!("another metrics recorder is installed; /metrics shows nothing");
        }
        describe();
        handle
    })
}

/// The metrics in Prometheus text format.
pub fn render() -> String {
    install().render()
}

/// Folds histogram samples into their buckets; without it they pile up between scrapes.
pub fn upkeep() {
    install().run_upkeep();
}

fn describe() {
    metrics::describe_counter!(MESSAGES, "Messages answered, by channel and intent.");
    metrics::describe_counter!(REPLIES, "Replies sent, by channel.");
    metrics::describe_counter!(ERRORS, "Messages answered with a failure, by kind.");
    metrics::describe_counter!(REST_REQUESTS, "REST requests, by method and outcome.");
    metrics::describe_counter!(
        LIMIT_REFUSALS,
        "Limit refusals the portal answered, by HTTP status."
    );
    metrics::describe_histogram!(
        LIMITER_WAIT,
        metrics::Unit::Seconds,
        "Time a REST request waited for the rate limiter, by lane."
    );
    metrics::describe_gauge!(OPEN_FORMS, "Forms in progress.");
    metrics::describe_counter!(REMINDERS_SENT, "Reminders delivered.");
    metrics::describe_counter!(REMINDERS_SKIPPED, "Reminders not delivered, by reason.");
    metrics::describe_gauge!(
        POLL_LAG,
        metrics::Unit::Seconds,
        "Age of the last message when its channel read it."
    );
}

pub fn message_handled(channel: &'static str, intent: &'static str) {
    metrics::counter!(MESSAGES, "channel" => channel, "intent" => intent).increment(1);
}

pub fn replies_sent(channel: &'static str, count: usize) {
    metrics::counter!(REPLIES, "channel" => channel).increment(count as u64);
}

pub fn failed(failure: &Failure) {
    let kind = match failure {
        Failure::Portal(error) => kind_label(error.kind()),
        Failure::Store(_) => "store",
        Failure::FormData(_) => "form_data",
        Failure::Button(_) => "button",
        Failure::Incomplete(_) => "incomplete",
    };
    metrics::counter!(ERRORS, "kind" => kind).increment(1);
}

/// One REST request's outcome; a limit refusal is counted by its status too.
pub fn rest_request(method: &str, outcome: Result<(), (Kind, Option<u16>)>) {
    let outcome = match outcome {
        Ok(()) => "ok",
        Err((kind, status)) => {
            if let Some(status @ (429 | 503)) = status {
                metrics::counter!(LIMIT_REFUSALS, "status" => status.to_string()).increment(1);
            }
            kind_label(kind)
        }
    };
    metrics::counter!(REST_REQUESTS, "method" => method.to_owned(), "outcome" => outcome)
        .increment(1);
}

pub fn limiter_waited(lane: Lane, waited: Duration) {
    let lane = match lane {
        Lane::Interactive => "interactive",
        Lane::Background => "background",
    };
    metrics::histogram!(LIMITER_WAIT, "lane" => lane).record(waited.as_secs_f64());
}

pub fn open_forms(count: usize) {
    metrics::gauge!(OPEN_FORMS).set(count as f64);
}

/// A reminder reached its person.
pub fn reminder_sent() {
    metrics::counter!(REMINDERS_SENT).increment(1);
}

/// A reminder was not delivered, and why: `late` (folded into the next digest), `unreachable`
/// (no channel of the person runs), `blocked` (every channel refused them). A fixed word,
/// never user text.
pub fn reminder_skipped(reason: &'static str) {
    metrics::counter!(REMINDERS_SKIPPED, "reason" => reason).increment(1);
}

/// A channel read a message `lag` after it was written.
pub fn poll_lag(channel: &'static str, lag: Duration) {
    metrics::gauge!(POLL_LAG, "channel" => channel).set(lag.as_secs_f64());
}

fn kind_label(kind: Kind) -> &'static str {
    match kind {
        Kind::Throttled => "throttled",
        Kind::OperatingTimeLimit => "operating_time_limit",
        Kind::Auth => "auth",
        Kind::MissingScope => "missing_scope",
        Kind::AccessDenied => "access_denied",
        Kind::NotFound => "not_found",
        Kind::UnknownMethod => "unknown_method",
        Kind::InvalidInput => "invalid_input",
        Kind::ServerFault => "server_fault",
        Kind::Network => "network",
        Kind::OutcomeUnknown => "outcome_unknown",
    }
}
