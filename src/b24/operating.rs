//! The portal's second limit: each method may run for so many seconds per 10 minutes per webhook
//! (§3.2). Every answer says how far the method is (`time.operating`) and when the oldest minute
//! of the window expires (`time.operating_reset_at`). After a 429 `OPERATION_TIME_LIMIT` that
//! method waits until then; other methods go on.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use tokio::time::Instant;

use super::envelope::Time;

/// How long a blocked method waits when no answer told us when its window resets: one bucket of
/// the sliding window.
const UNKNOWN_RESET_WAIT: Duration = Duration::from_secs(60);

#[derive(Debug, Default)]
struct MethodWindow {
    /// When the oldest minute of the method's window expires, on our clock.
    resets_at: Option<Instant>,
    blocked_until: Option<Instant>,
}

#[derive(Debug, Default)]
pub struct OperatingTime {
    methods: Mutex<HashMap<String, MethodWindow>>,
}

impl OperatingTime {
    /// Remembers when the method's window resets, from a successful answer's `time`.
    pub fn observe(&self, method: &str, time: &Time) {
        let Some(reset_at) = time.operating_reset_at else {
            return;
        };
        // The reset is the portal's Unix time; the answer's `finish` is the portal's "now", so
        // their difference is immune to a skewed local clock.
        let portal_now = time.finish.or(time.start).unwrap_or_else(unix_now);
        let in_seconds = (reset_at as f64 - portal_now).clamp(0.0, 600.0);
        let resets_at = Instant::now() + Duration::from_secs_f64(in_seconds);
        self.with(method, |window| window.resets_at = Some(resets_at));
    }

    /// The portal refused the method for its operating time: block it until its window resets.
    /// Returns how long that is.
    pub fn block(&self, method: &str) -> Duration {
        let now = Instant::now();
        self.with(method, |window| {
            let until = window
                .resets_at
                .filter(|at| *at > now)
                .unwrap_or(now + UNKNOWN_RESET_WAIT);
            window.blocked_until = Some(until);
            until - now
        })
    }

    /// How long the method must still wait before it may be called.
    pub fn wait(&self, method: &str) -> Duration {
        let now = Instant::now();
        self.with(method, |window| match window.blocked_until {
            Some(until) if until > now => until - now,
            _ => {
                window.blocked_until = None;
                Duration::ZERO
            }
        })
    }

    fn with<T>(&self, method: &str, f: impl FnOnce(&mut MethodWindow) -> T) -> T {
        let mut methods = self
            .methods
            .lock()
            .expect("the window lock is never poisoned");
        f(methods.entry(method.to_ascii_lowercase()).or_default())
    }
}

fn unix_now() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|elapsed| elapsed.as_secs_f64())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn time(finish: f64, reset_at: i64) -> Time {
        Time {
            finish: Some(finish),
            operating: Some(470.0),
            operating_reset_at: Some(reset_at),
            ..Time::default()
        }
    }

    #[tokio::test(start_paused = true)]
    async fn a_blocked_method_waits_until_its_reset_and_others_go_on() {
        let operating = OperatingTime::default();
        operating.observe("crm.deal.list", &time(1_000_000.0, 1_000_042));
        assert_eq!(operating.block("CRM.DEAL.LIST"), Duration::from_secs(42));
        assert_eq!(operating.wait("crm.deal.list"), Duration::from_secs(42));
        assert_eq!(operating.wait("crm.contact.list"), Duration::ZERO);
        tokio::time::advance(Duration::from_secs(30)).await;
        assert_eq!(operating.wait("crm.deal.list"), Duration::from_secs(12));
        tokio::time::advance(Duration::from_secs(12)).await;
        assert_eq!(operating.wait("crm.deal.list"), Duration::ZERO);
    }

    #[tokio::test(start_paused = true)]
    async fn without_a_known_reset_a_method_waits_a_minute() {
        let operating = OperatingTime::default();
        assert_eq!(operating.block("tasks.task.list"), UNKNOWN_RESET_WAIT);
        operating.observe("crm.deal.get", &time(100.0, 50));
        assert_eq!(operating.block("crm.deal.get"), UNKNOWN_RESET_WAIT);
    }
}
