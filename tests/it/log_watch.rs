//! The log watch (`support/logwatch.rs`) catches a secret wherever an event carries it and lets
//! a clean event pass. These tests give it a subscriber of their own on their thread, which
//! records what it finds instead of ending the test binary.

use std::sync::{Arc, Mutex};

use tracing_subscriber::layer::SubscriberExt;

use crate::support::SECRET;
use crate::support::logwatch::{self, Watch, assert_no_secret};
use crate::support::telegram::TOKEN;

/// Runs `log` under a watch of its own and returns what it found, each leak rendered.
fn leaks(log: impl FnOnce()) -> Vec<String> {
    let found = Arc::new(Mutex::new(Vec::new()));
    let sink = found.clone();
    let subscriber = tracing_subscriber::registry().with(Watch::new(move |leak| {
        sink.lock().unwrap().push(leak.to_string());
    }));
    tracing::subscriber::with_default(subscriber, log);
    let found = found.lock().unwrap().clone();
    for leak in &found {
        assert!(leak.contains("[SECRET]"), "{leak}");
        assert!(
            !leak.contains(SECRET),
            "the report shows the secret: {leak}"
        );
    }
    found
}

#[test]
fn a_secret_in_a_message_or_a_field_is_caught_and_masked() {
    let found = leaks(|| {
        tracing::trace!("calling http://127.0.0.1/rest/1/{SECRET}/crm.deal.list");
        tracing::debug!(url = %format!("http://127.0.0.1/rest/1/{SECRET}/"), "sent");
    });
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(
        found[0].starts_with("TRACE it::log_watch: "),
        "the report names the level and the target: {}",
        found[0]
    );
}

#[test]
fn a_secret_in_an_enclosing_span_or_an_error_cause_is_caught() {
    let secret_part = TOKEN.split_once(':').unwrap().1;
    let found = leaks(|| {
        let outer = tracing::info_span!("poll", url = tracing::field::Empty);
        let _outer = outer.enter();
        tracing::info!("no secret yet");
        outer.record("url", format!("/bot{TOKEN}/getUpdates"));
        tracing::info!("a span above holds the token");
        let cause = std::io::Error::other(format!("refused by /file/bot{secret_part}"));
        let error = std::io::Error::new(std::io::ErrorKind::ConnectionRefused, cause);
        drop(_outer);
        tracing::warn!(error = &error as &dyn std::error::Error, "download failed");
    });
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(
        found[0].contains("a span above holds the token"),
        "{found:?}"
    );
    assert!(found[1].contains("download failed"), "{found:?}");
}

#[test]
fn a_clean_event_passes_and_a_secret_learned_later_is_watched() {
    let learned = "learned-while-running-7Qx2";
    let clean = leaks(|| {
        tracing::info!(
            chat = 42,
            url = "http://127.0.0.1/rest/1/***/",
            "answered {learned}"
        );
    });
    assert!(clean.is_empty(), "{clean:?}");
    logwatch::watch(learned);
    let found = leaks(|| tracing::info!("answered {learned}"));
    assert_eq!(found.len(), 1, "{found:?}");
}

#[test]
fn a_child_process_line_with_a_secret_fails_with_the_secret_masked() {
    assert_no_secret(
        "a clean run",
        "INFO b24bot: started\nINFO b24bot: stopped\n",
    );
    let failure = std::panic::catch_unwind(|| {
        assert_no_secret(
            "a leaky run",
            &format!("INFO started\nDEBUG GET /bot{TOKEN}/getMe\n"),
        );
    })
    .expect_err("the line with the token fails the check");
    let message = failure.downcast_ref::<String>().unwrap();
    assert!(message.ends_with("GET /bot[SECRET]/getMe"), "{message}");
}
