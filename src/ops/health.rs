//! Whether the bot can do its work, for `/readyz`: the database takes writes, the portal
//! answered within the last minute, and every enabled channel polled within the last minute.
//!
//! Channels report their polls here (`health.channel_polled("telegram")`). The REST client
//! knows when the portal last answered; [`Health::watch_portal`] asks `server.time` on the
//! background lane only when nothing else has heard from the portal for a while, so a busy bot
//! pays nothing for it.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use jiff::Timestamp;
use serde_json::json;
use tokio_util::sync::CancellationToken;

use crate::b24::Client;
use crate::store::{self, Store};

/// How recent the portal's last answer and each channel's last poll must be.
pub const FRESH: Duration = Duration::from_secs(60);
/// After this much silence from the portal, [`Health::watch_portal`] asks it the time.
const PROBE_AFTER: Duration = Duration::from_secs(30);
/// How often the watcher looks.
const LOOK_EVERY: Duration = Duration::from_secs(10);
/// The cursor row the write probe rewrites.
const HEARTBEAT: &str = "ops.heartbeat";

/// Shared by the HTTP server, the channels and the portal watcher; cheap to clone.
#[derive(Clone)]
pub struct Health {
    inner: Arc<Inner>,
}

struct Inner {
    store: Store,
    portal: Client,
    /// The enabled channels and when each last polled (`None`: not yet).
    channels: Mutex<BTreeMap<&'static str, Option<Instant>>>,
}

/// What `/readyz` found: nothing wrong, or a plain sentence per problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Readiness {
    pub problems: Vec<String>,
}

impl Readiness {
    pub fn is_ready(&self) -> bool {
        self.problems.is_empty()
    }
}

impl Health {
    pub fn new(store: Store, portal: Client) -> Health {
        Health {
            inner: Arc::new(Inner {
                store,
                portal,
                channels: Mutex::new(BTreeMap::new()),
            }),
        }
    }

    /// Declares a channel that polls: readiness waits for its polls from now on.
    pub fn expect_channel(&self, channel: &'static str) {
        lock(&self.inner.channels).entry(channel).or_insert(None);
    }

    /// A channel finished a poll (with or without news).
    pub fn channel_polled(&self, channel: &'static str) {
        lock(&self.inner.channels).insert(channel, Some(Instant::now()));
    }

    /// Keeps the portal's last answer known until `stop`: asks `server.time` on the background
    /// lane whenever the portal has been silent for [`PROBE_AFTER`].
    pub async fn watch_portal(self, stop: CancellationToken) {
        let portal = self.inner.portal.background();
        loop {
            let silent = portal
                .last_answer()
                .is_none_or(|at| at.elapsed() >= PROBE_AFTER);
            if silent && let Err(error) = portal.call("server.time", &json!({})).await {
                tracing::warn!(%error, "the portal did not answer server.time");
            }
            tokio::select! {
                () = stop.cancelled() => return,
                () = tokio::time::sleep(LOOK_EVERY) => {}
            }
        }
    }

    /// Checks everything now; the database check is a real write.
    pub async fn readiness(&self) -> Readiness {
        let mut problems = Vec::new();
        if let Err(error) = database_writable(&self.inner.store).await {
            problems.push(format!("the database does not take writes: {error}"));
        }
        match self.inner.portal.last_answer() {
            None => problems.push("the portal has not answered yet".to_owned()),
            Some(at) if at.elapsed() > FRESH => problems.push(format!(
                "the portal has not answered for {} s",
                at.elapsed().as_secs()
            )),
            Some(_) => {}
        }
        for (channel, polled) in lock(&self.inner.channels).iter() {
            match polled {
                None => problems.push(format!("{channel} has not polled yet")),
                Some(at) if at.elapsed() > FRESH => problems.push(format!(
                    "{channel} has not polled for {} s",
                    at.elapsed().as_secs()
                )),
                Some(_) => {}
            }
        }
        Readiness { problems }
    }
}

/// Proves the database takes writes by rewriting one small row.
pub async fn database_writable(store: &Store) -> Result<(), store::Error> {
    let now = Timestamp::now();
    store.set_cursor(HEARTBEAT, now.as_second(), now).await
}

/// A poisoned lock only means a panic elsewhere; the timestamps inside are still good.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}
