//! When and how soon a failed call is sent again.

use std::time::Duration;

use rand::Rng;

/// The retry budget of one call.
#[derive(Debug, Clone)]
pub struct RetryPolicy {
    /// Retries after the portal refused the call for its limits (503 `QUERY_LIMIT_EXCEEDED`,
    /// `OVERLOAD_LIMIT`, 429): the call did not run, so writes are retried too.
    pub limit_retries: u32,
    /// Retries of reads after a server fault or a network failure. Writes are never retried
    /// after those: their outcome is unknown.
    pub fault_retries: u32,
    /// The first backoff; each further one doubles, up to `max_delay`, with jitter.
    pub base_delay: Duration,
    pub max_delay: Duration,
    /// The longest a call waits for its method's operating-time window to reset before it gives
    /// up with [`Kind::OperatingTimeLimit`](super::Kind::OperatingTimeLimit).
    pub max_operating_wait: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            limit_retries: 8,
            fault_retries: 3,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(10),
            max_operating_wait: Duration::from_secs(600),
        }
    }
}

impl RetryPolicy {
    /// The pause before retry number `attempt` (1-based): exponential, with "equal jitter" so
    /// that many clients that failed together do not come back together.
    pub fn backoff(&self, attempt: u32) -> Duration {
        let exponent = attempt.saturating_sub(1).min(16);
        let delay = self
            .base_delay
            .saturating_mul(1 << exponent)
            .min(self.max_delay);
        let half = delay / 2;
        half + half.mul_f64(rand::rng().random_range(0.0..=1.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_is_capped() {
        let policy = RetryPolicy::default();
        for attempt in 1..=20 {
            let delay = policy.backoff(attempt);
            let ceiling =
                (policy.base_delay * 2u32.pow((attempt - 1).min(16))).min(policy.max_delay);
            assert!(
                delay >= ceiling / 2 && delay <= ceiling,
                "{attempt}: {delay:?}"
            );
        }
    }
}
