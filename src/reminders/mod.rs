//! Pushes: task reminders before a deadline, overdue notices on working mornings, snoozed
//! reminders, and the morning digest, delivered through the channels' [`Courier`]s.
//!
//! One [`Scheduler`] serves every linked person. Each wake-up reads the portal's clock
//! (`server.time`), scans the open tasks of everyone with reminders on in one `batch` on the
//! background lane ([`crate::b24::due`]), sends what is due, and sleeps until the next due time,
//! at most [`Pace::max_sleep`] while anything is pending; a [`Wake`] cuts the sleep short when
//! settings or tasks change through the bot.
//!
//! Exactly once: a reminder's key (task, deadline, kind) is claimed in SQLite before the
//! channel is called and marked sent after; see [`crate::store::Store::claim_reminder`].
//!
//! [`Courier`]: crate::channels::courier::Courier

mod deliver;
pub mod message;
pub mod plan;
mod scheduler;

use std::sync::Arc;

use tokio::sync::Notify;

pub use scheduler::{Error, Pace, Running, Scheduler, Tick};

/// Wakes the scheduler early: a setting changed, a reminder was snoozed, a task was done.
/// Cheap to clone; a wake while the scheduler is busy is kept for its next sleep.
#[derive(Debug, Clone, Default)]
pub struct Wake(Arc<Notify>);

impl Wake {
    pub fn wake(&self) {
        self.0.notify_one();
    }

    async fn woken(&self) {
        self.0.notified().await;
    }
}
