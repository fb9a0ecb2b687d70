//! The portal's two limits and its fault injection (§3).
//!
//! - A leaky bucket per portal: every REST request adds one, the level drains at `rate` per second,
//!   and a request that would lift it past `burst` is refused with 503 `QUERY_LIMIT_EXCEEDED`.
//! - Operating time per (webhook, method): the time charged to each call sums up in 1-minute
//!   buckets that expire 10 minutes after they opened; a call made while the sum exceeds the limit
//!   is refused with 429 `OPERATION_TIME_LIMIT` (the call that crosses it still completes).
//! - Faults: a share of calls answers 500, 503 or slowly, drawn from a seedable generator.
//!
//! Time comes from `tokio::time::Instant`, so tests run the limits under paused time.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::Duration;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::Value;
use tokio::time::Instant;

use super::error::ApiError;

/// The window over which operating time sums up, and the width of one bucket in it.
const OPERATING_WINDOW: Duration = Duration::from_secs(600);
const OPERATING_BUCKET: Duration = Duration::from_secs(60);

#[derive(Debug, Clone, PartialEq)]
pub struct LimitSettings {
    /// Requests the bucket drains per second.
    pub rate: f64,
    /// Requests the bucket holds before it refuses.
    pub burst: u32,
    /// Operating time one method may use per webhook in the 10-minute window.
    pub operating_limit: Duration,
    /// `false` (`--no-limits`) keeps measuring but never refuses a call.
    pub enforced: bool,
}

impl Default for LimitSettings {
    /// The limits of a commercial cloud plan.
    fn default() -> Self {
        Self {
            rate: 2.0,
            burst: 50,
            operating_limit: Duration::from_secs(480),
            enforced: true,
        }
    }
}

/// The operating time of one method for one webhook, as `time.operating` reports it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Operating {
    /// Seconds charged in the current 10-minute window.
    pub seconds: f64,
    /// How long until the oldest bucket of the window expires (`time.operating_reset_at`).
    pub reset_in: Duration,
}

pub struct Limits {
    settings: LimitSettings,
    bucket: Mutex<LeakyBucket>,
    operating: Mutex<HashMap<(String, &'static str), OperatingWindow>>,
}

impl Limits {
    pub fn new(settings: LimitSettings) -> Self {
        Self {
            bucket: Mutex::new(LeakyBucket::empty()),
            operating: Mutex::new(HashMap::new()),
            settings,
        }
    }

    /// Counts one HTTP request against the portal's bucket (a batch is one request).
    pub fn admit_request(&self) -> Result<(), ApiError> {
        let admitted = lock(&self.bucket).admit(&self.settings, Instant::now());
        if admitted || !self.settings.enforced {
            Ok(())
        } else {
            Err(ApiError::new(
                503,
                "QUERY_LIMIT_EXCEEDED",
                "Too many requests",
            ))
        }
    }

    /// Refuses a call to `method` through `webhook` while its operating time exceeds the limit.
    pub fn check_operating(&self, webhook: &str, method: &'static str) -> Result<(), ApiError> {
        let used = self
            .operating(webhook, method)
            .map_or(0.0, |used| used.seconds);
        if self.settings.enforced && used > self.settings.operating_limit.as_secs_f64() {
            Err(ApiError::new(
                429,
                "OPERATION_TIME_LIMIT",
                "Method is blocked due to operation time limit.",
            ))
        } else {
            Ok(())
        }
    }

    /// Adds `cost` to the method's window and answers the new total.
    pub fn charge(&self, webhook: &str, method: &'static str, cost: Duration) -> Operating {
        let now = Instant::now();
        let mut windows = lock(&self.operating);
        let window = windows.entry((webhook.to_owned(), method)).or_default();
        window.charge(now, cost);
        window
            .usage(now)
            .expect("a window that was just charged has a bucket")
    }

    /// The method's operating time now, or `None` when the window holds nothing.
    pub fn operating(&self, webhook: &str, method: &'static str) -> Option<Operating> {
        let now = Instant::now();
        let mut windows = lock(&self.operating);
        let window = windows.get_mut(&(webhook.to_owned(), method))?;
        window.expire(now);
        window.usage(now)
    }

    /// Forgets every request and every charge, as after a quiet hour.
    pub fn reset(&self) {
        *lock(&self.bucket) = LeakyBucket::empty();
        lock(&self.operating).clear();
    }
}

/// The operating time a call costs. The sandbox answers in microseconds where a portal takes tens
/// to hundreds of milliseconds, so the real time would leave `time.operating` near zero and a
/// client's operating-time throttling untested. The model: 20 ms per call plus 4 ms per row
/// returned, so a full page of 50 rows costs 0.22 s, in line with what cloud portals report.
pub fn simulated_cost(result: &Value, measured: Duration) -> Duration {
    let rows = match result {
        Value::Array(rows) => rows.len(),
        Value::Object(object) => ["items", "tasks", "categories", "events"]
            .iter()
            .find_map(|wrapper| object.get(*wrapper).and_then(Value::as_array))
            .map_or(1, Vec::len),
        _ => 1,
    };
    let rows = u32::try_from(rows).unwrap_or(u32::MAX);
    let modelled = Duration::from_millis(20) + Duration::from_millis(4) * rows;
    modelled.max(measured)
}

/// One fault a call may be answered with instead of its result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// 500 `INTERNAL_SERVER_ERROR`; the method does not run.
    ServerError,
    /// 503 `OVERLOAD_LIMIT`; the method does not run.
    Overload,
    /// The call runs normally after this delay.
    Slow(Duration),
}

impl Fault {
    /// The error answered instead of the result, if the fault is one.
    pub fn error(self) -> Option<ApiError> {
        match self {
            Fault::ServerError => Some(ApiError::new(
                500,
                "INTERNAL_SERVER_ERROR",
                "Internal server error",
            )),
            Fault::Overload => Some(ApiError::new(
                503,
                "OVERLOAD_LIMIT",
                "REST API is blocked due to overload.",
            )),
            Fault::Slow(_) => None,
        }
    }
}

/// Draws faults for a share of calls; a fixed seed gives the same faults in the same order.
pub struct Faults {
    share: f64,
    rng: Mutex<StdRng>,
}

impl Faults {
    /// `share` is clamped to 0..=1; without a seed the generator is seeded from the OS.
    pub fn new(share: f64, seed: Option<u64>) -> Self {
        let rng = match seed {
            Some(seed) => StdRng::seed_from_u64(seed),
            None => StdRng::from_os_rng(),
        };
        Self {
            share: share.clamp(0.0, 1.0),
            rng: Mutex::new(rng),
        }
    }

    /// Decides whether this call fails, and how.
    pub fn draw(&self) -> Option<Fault> {
        if self.share <= 0.0 {
            return None;
        }
        let mut rng = lock(&self.rng);
        if rng.random::<f64>() >= self.share {
            return None;
        }
        Some(match rng.random_range(0..3) {
            0 => Fault::ServerError,
            1 => Fault::Overload,
            // Slow enough for a client to notice, well under the 60 s a portal allows a request.
            _ => Fault::Slow(Duration::from_millis(rng.random_range(1_000..=3_000))),
        })
    }
}

struct LeakyBucket {
    level: f64,
    drained_at: Instant,
}

impl LeakyBucket {
    fn empty() -> Self {
        Self {
            level: 0.0,
            drained_at: Instant::now(),
        }
    }

    fn admit(&mut self, settings: &LimitSettings, now: Instant) -> bool {
        let elapsed = now.saturating_duration_since(self.drained_at).as_secs_f64();
        self.level = (self.level - elapsed * settings.rate).max(0.0);
        self.drained_at = now;
        if self.level + 1.0 > f64::from(settings.burst) {
            return false;
        }
        self.level += 1.0;
        true
    }
}

#[derive(Default)]
struct OperatingWindow {
    buckets: VecDeque<OperatingBucket>,
}

struct OperatingBucket {
    opened: Instant,
    seconds: f64,
}

impl OperatingWindow {
    fn expire(&mut self, now: Instant) {
        while self
            .buckets
            .front()
            .is_some_and(|bucket| now.saturating_duration_since(bucket.opened) >= OPERATING_WINDOW)
        {
            self.buckets.pop_front();
        }
    }

    /// A bucket opens at the first call after the previous one's minute is over.
    fn charge(&mut self, now: Instant, cost: Duration) {
        self.expire(now);
        match self.buckets.back_mut() {
            Some(bucket) if now.saturating_duration_since(bucket.opened) < OPERATING_BUCKET => {
                bucket.seconds += cost.as_secs_f64();
            }
            _ => self.buckets.push_back(OperatingBucket {
                opened: now,
                seconds: cost.as_secs_f64(),
            }),
        }
    }

    fn usage(&self, now: Instant) -> Option<Operating> {
        let oldest = self.buckets.front()?;
        Some(Operating {
            seconds: self.buckets.iter().map(|bucket| bucket.seconds).sum(),
            reset_in: (oldest.opened + OPERATING_WINDOW).saturating_duration_since(now),
        })
    }
}

/// The guarded values stay consistent on every path, so a panic elsewhere must not wedge the portal.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use tokio::time::advance;

    fn limits(settings: LimitSettings) -> Limits {
        Limits::new(settings)
    }

    #[tokio::test(start_paused = true)]
    async fn bucket_admits_a_burst_then_drains_at_the_rate() {
        let limits = limits(LimitSettings::default());
        for _ in 0..50 {
            limits.admit_request().expect("the burst is admitted");
        }
        let refused = limits.admit_request().unwrap_err();
        assert_eq!(
            (refused.status, refused.code.as_str()),
            (503, "QUERY_LIMIT_EXCEEDED")
        );
        advance(Duration::from_millis(500)).await;
        limits
            .admit_request()
            .expect("half a second drains one request");
        assert!(limits.admit_request().is_err());
        advance(Duration::from_secs(25)).await;
        for _ in 0..50 {
            limits.admit_request().expect("25 s drain the whole bucket");
        }
    }

    #[tokio::test(start_paused = true)]
    async fn sustained_rate_is_never_refused() {
        let limits = limits(LimitSettings::default());
        for _ in 0..500 {
            limits.admit_request().expect("2 requests per second fit");
            advance(Duration::from_millis(500)).await;
        }
    }

    #[tokio::test(start_paused = true)]
    async fn custom_rate_and_burst_and_no_limits() {
        let limits = limits(LimitSettings {
            rate: 5.0,
            burst: 3,
            ..LimitSettings::default()
        });
        for _ in 0..3 {
            limits.admit_request().unwrap();
        }
        assert!(limits.admit_request().is_err());
        advance(Duration::from_millis(200)).await;
        limits.admit_request().unwrap();

        let open = Limits::new(LimitSettings {
            burst: 1,
            enforced: false,
            ..LimitSettings::default()
        });
        for _ in 0..10 {
            open.admit_request().unwrap();
        }
    }

    #[tokio::test(start_paused = true)]
    async fn operating_time_blocks_after_the_crossing_call_and_recovers() {
        let limits = limits(LimitSettings {
            operating_limit: Duration::from_secs(10),
            ..LimitSettings::default()
        });
        let method = "crm.deal.list";
        assert_eq!(limits.operating("hook", method), None);
        for _ in 0..2 {
            limits.check_operating("hook", method).unwrap();
            limits.charge("hook", method, Duration::from_secs(4));
        }
        // 8 s used: the next call is allowed and crosses the limit.
        limits.check_operating("hook", method).unwrap();
        let used = limits.charge("hook", method, Duration::from_secs(4));
        assert_eq!(used.seconds, 12.0);
        assert_eq!(used.reset_in, Duration::from_secs(600));
        let refused = limits.check_operating("hook", method).unwrap_err();
        assert_eq!(
            (refused.status, refused.code.as_str()),
            (429, "OPERATION_TIME_LIMIT")
        );
        // Other methods and other webhooks are not affected.
        limits.check_operating("hook", "crm.deal.get").unwrap();
        limits.check_operating("other", method).unwrap();

        advance(Duration::from_secs(599)).await;
        assert!(limits.check_operating("hook", method).is_err());
        assert_eq!(
            limits.operating("hook", method).unwrap().reset_in,
            Duration::from_secs(1)
        );
        advance(Duration::from_secs(1)).await;
        limits.check_operating("hook", method).unwrap();
        assert_eq!(limits.operating("hook", method), None);
    }

    #[tokio::test(start_paused = true)]
    async fn operating_buckets_expire_one_minute_at_a_time() {
        let limits = limits(LimitSettings::default());
        let method = "tasks.task.list";
        limits.charge("hook", method, Duration::from_secs(1));
        advance(Duration::from_secs(30)).await;
        limits.charge("hook", method, Duration::from_secs(2));
        advance(Duration::from_secs(60)).await;
        let used = limits.charge("hook", method, Duration::from_secs(4));
        assert_eq!(used.seconds, 7.0);
        assert_eq!(used.reset_in, Duration::from_secs(510));
        advance(Duration::from_secs(510)).await;
        let used = limits.operating("hook", method).unwrap();
        assert_eq!(used.seconds, 4.0);
        assert_eq!(used.reset_in, Duration::from_secs(90));
    }

    #[tokio::test(start_paused = true)]
    async fn no_limits_never_blocks_but_still_measures() {
        let limits = limits(LimitSettings {
            operating_limit: Duration::from_secs(1),
            enforced: false,
            ..LimitSettings::default()
        });
        limits.charge("hook", "crm.deal.list", Duration::from_secs(5));
        limits.check_operating("hook", "crm.deal.list").unwrap();
        assert_eq!(
            limits.operating("hook", "crm.deal.list").unwrap().seconds,
            5.0
        );
    }

    #[test]
    fn cost_grows_with_the_rows_returned() {
        let page: Vec<Value> = (0..50).map(|id| json!({"ID": id.to_string()})).collect();
        let none = Duration::ZERO;
        assert_eq!(
            simulated_cost(&json!(true), none),
            Duration::from_millis(24)
        );
        assert_eq!(
            simulated_cost(&Value::Array(page.clone()), none),
            Duration::from_millis(220)
        );
        assert_eq!(
            simulated_cost(&json!({"tasks": page}), none),
            Duration::from_millis(220)
        );
        assert_eq!(
            simulated_cost(&json!([]), Duration::from_secs(2)),
            Duration::from_secs(2)
        );
    }

    #[test]
    fn faults_repeat_with_a_seed_and_keep_their_share() {
        let draws = |seed| {
            let faults = Faults::new(0.3, Some(seed));
            (0..1000).map(|_| faults.draw()).collect::<Vec<_>>()
        };
        let first = draws(42);
        assert_eq!(first, draws(42));
        assert_ne!(first, draws(43));
        let faulty = first.iter().flatten().count();
        assert!((230..370).contains(&faulty), "{faulty} faults in 1000");
        for kind in [
            |f: &Fault| *f == Fault::ServerError,
            |f: &Fault| *f == Fault::Overload,
            |f: &Fault| matches!(f, Fault::Slow(_)),
        ] {
            assert!(first.iter().flatten().any(kind));
        }
        assert!(Faults::new(0.0, Some(1)).draw().is_none());
        assert!((0..100).all(|_| Faults::new(1.0, None).draw().is_some()));
    }

    #[test]
    fn fault_errors_carry_the_portal_codes() {
        let server = Fault::ServerError.error().unwrap();
        assert_eq!(
            (server.status, server.code.as_str()),
            (500, "INTERNAL_SERVER_ERROR")
        );
        let overload = Fault::Overload.error().unwrap();
        assert_eq!(
            (overload.status, overload.code.as_str()),
            (503, "OVERLOAD_LIMIT")
        );
        assert_eq!(Fault::Slow(Duration::from_secs(1)).error(), None);
    }
}
