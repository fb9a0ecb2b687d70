//! Where a piece of work spent its time on the portal: the load benchmark measures the bot's
//! own overhead per message as the time in `Bot::handle` minus the time its REST calls took,
//! and the wait above the portal's own time as the calls' time minus their HTTP round trips.
//!
//! The tally is task-local: only work run inside [`measured`] is counted, on the task that runs
//! it (calls made by tasks it spawns are not), and elsewhere a call costs one failed lookup.

use std::cell::Cell;
use std::future::Future;
use std::time::Duration;

tokio::task_local! {
    static SPENT: Cell<Spent>;
}

/// The REST calls of one piece of work.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Spent {
    /// HTTP requests sent, retries included (a batch is one).
    pub requests: u32,
    /// Time inside the client's calls: the limiter's queue, retries' pauses and the round trips.
    pub in_client: Duration,
    /// Time of the HTTP round trips alone: the portal's own time, as the bot sees it.
    pub on_the_wire: Duration,
}

/// Runs `work` and answers what its REST calls spent along with its output.
pub async fn measured<F: Future>(work: F) -> (F::Output, Spent) {
    SPENT
        .scope(Cell::new(Spent::default()), async {
            let output = work.await;
            (output, SPENT.with(Cell::get))
        })
        .await
}

/// Adds to the tally of the work being measured, if any.
pub(crate) fn add(change: impl FnOnce(&mut Spent)) {
    let _ = SPENT.try_with(|cell| {
        let mut spent = cell.get();
        change(&mut spent);
        cell.set(spent);
    });
}
