//! A leaky bucket that mirrors the portal's own (§3.1 of the wire facts): each HTTP request adds
//! one, the level drains at a fixed rate, and a request that would overflow it waits instead of
//! provoking a 503. Interactive calls (a person is waiting) go ahead of background ones
//! (reminder scans, chat polling).
//!
//! One dispatcher task per bucket hands out permits in order, so waiting is FIFO within a lane
//! and a caller that gives up (its future dropped) costs nothing.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::{mpsc, oneshot};
use tokio::time::Instant;

/// The portal plan's request-rate limits.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Limits {
    /// How many requests the bucket holds (50 on most plans, 250 on Enterprise).
    pub burst: u32,
    /// How many requests drain per second (2, or 5 on Enterprise).
    pub per_second: f64,
}

impl Limits {
    pub const STANDARD: Limits = Limits {
        burst: 50,
        per_second: 2.0,
    };
    pub const ENTERPRISE: Limits = Limits {
        burst: 250,
        per_second: 5.0,
    };
}

impl Default for Limits {
    fn default() -> Self {
        Self::STANDARD
    }
}

/// Who is waiting for the answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lane {
    /// A person in a chat.
    Interactive,
    /// Scans, polling, digests: may wait behind people.
    Background,
}

/// The portal measures when requests arrive, not when they leave: a request sent 1/rate after
/// another can arrive sooner after it when the network delayed the first more. So the drain of
/// the last moments is not counted on: the bucket is judged as it stood this long ago, plus every
/// request sent since. A burst into an idle bucket still goes out at once, and the steady rate is
/// still exactly the drain rate; only the first request after a full bucket waits this much more.
const ARRIVAL_MARGIN: Duration = Duration::from_millis(100);

#[derive(Debug)]
struct Bucket {
    limits: Limits,
    /// The level as it stood at `settled_at`, which trails now by `ARRIVAL_MARGIN`.
    settled: f64,
    settled_at: Instant,
    /// Requests sent after `settled_at`.
    recent: VecDeque<Instant>,
}

impl Bucket {
    fn new(limits: Limits, now: Instant) -> Self {
        Self {
            limits,
            settled: 0.0,
            settled_at: now,
            recent: VecDeque::new(),
        }
    }

    fn drain_to(&mut self, at: Instant) {
        if at > self.settled_at {
            let elapsed = (at - self.settled_at).as_secs_f64();
            self.settled = (self.settled - elapsed * self.limits.per_second).max(0.0);
            self.settled_at = at;
        }
    }

    /// Moves the settled level up to `now - ARRIVAL_MARGIN`, counting the requests sent before.
    fn settle(&mut self, now: Instant) {
        let horizon = now.checked_sub(ARRIVAL_MARGIN).unwrap_or(now);
        while let Some(&sent) = self.recent.front() {
            if sent > horizon {
                break;
            }
            self.drain_to(sent);
            self.settled += 1.0;
            self.recent.pop_front();
        }
        self.drain_to(horizon);
    }

    /// How long until one more request fits.
    fn wait(&mut self, now: Instant) -> Duration {
        self.settle(now);
        let level = self.settled + self.recent.len() as f64;
        let excess = level + 1.0 - f64::from(self.limits.burst);
        if excess <= 0.0 {
            return Duration::ZERO;
        }
        // At least one drain step's worth; the dispatcher checks again when it wakes.
        Duration::from_secs_f64(excess.max(0.01) / self.limits.per_second)
    }

    fn sent(&mut self, now: Instant) {
        self.recent.push_back(now);
    }

    fn fill(&mut self, now: Instant) {
        self.recent.clear();
        self.settled = f64::from(self.limits.burst);
        self.settled_at = now;
    }
}

type Waiter = oneshot::Sender<()>;

/// A handle to one portal's bucket; clones share it.
#[derive(Clone, Debug)]
pub struct Limiter {
    interactive: mpsc::UnboundedSender<Waiter>,
    background: mpsc::UnboundedSender<Waiter>,
    bucket: Arc<Mutex<Bucket>>,
}

impl Limiter {
    /// Starts the dispatcher on the current tokio runtime. It stops when the last handle drops.
    pub fn new(limits: Limits) -> Self {
        assert!(
            limits.burst >= 1 && limits.per_second > 0.0,
            "limits must allow requests"
        );
        let bucket = Arc::new(Mutex::new(Bucket::new(limits, Instant::now())));
        let (interactive, interactive_rx) = mpsc::unbounded_channel();
        let (background, background_rx) = mpsc::unbounded_channel();
        tokio::spawn(dispatch(bucket.clone(), interactive_rx, background_rx));
        Self {
            interactive,
            background,
            bucket,
        }
    }

    /// Waits until one request may be sent now, and counts it.
    pub async fn acquire(&self, lane: Lane) {
        let (permit, granted) = oneshot::channel();
        let queue = match lane {
            Lane::Interactive => &self.interactive,
            Lane::Background => &self.background,
        };
        let asked = Instant::now();
        // The dispatcher lives as long as any handle, and this is one.
        if queue.send(permit).is_ok() {
            let _ = granted.await;
        }
        crate::ops::metrics::limiter_waited(lane, asked.elapsed());
    }

    /// The portal answered `QUERY_LIMIT_EXCEEDED`: its bucket is full whatever ours says (another
    /// program may share it), so ours is set full too.
    pub fn mark_full(&self) {
        self.bucket
            .lock()
            .expect("the bucket lock is never poisoned")
            .fill(Instant::now());
    }
}

async fn dispatch(
    bucket: Arc<Mutex<Bucket>>,
    mut interactive_rx: mpsc::UnboundedReceiver<Waiter>,
    mut background_rx: mpsc::UnboundedReceiver<Waiter>,
) {
    let mut interactive = VecDeque::new();
    let mut background = VecDeque::new();
    loop {
        while let Ok(waiter) = interactive_rx.try_recv() {
            interactive.push_back(waiter);
        }
        while let Ok(waiter) = background_rx.try_recv() {
            background.push_back(waiter);
        }
        interactive.retain(|waiter: &Waiter| !waiter.is_closed());
        background.retain(|waiter: &Waiter| !waiter.is_closed());
        if interactive.is_empty() && background.is_empty() {
            tokio::select! {
                biased;
                Some(waiter) = interactive_rx.recv() => interactive.push_back(waiter),
                Some(waiter) = background_rx.recv() => background.push_back(waiter),
                else => return,
            }
            continue;
        }
        let wait = bucket
            .lock()
            .expect("the bucket lock is never poisoned")
            .wait(Instant::now());
        if !wait.is_zero() {
            // Whoever arrives meanwhile is sorted in after the sleep, so a person who writes
            // during a background backlog still goes first.
            tokio::time::sleep(wait).await;
            continue;
        }
        let Some(waiter) = interactive.pop_front().or_else(|| background.pop_front()) else {
            continue;
        };
        if waiter.send(()).is_ok() {
            bucket
                .lock()
                .expect("the bucket lock is never poisoned")
                .sent(Instant::now());
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;

    fn spawn_callers(limiter: &Limiter, lane: Lane, n: usize, done: &Arc<AtomicUsize>) {
        for _ in 0..n {
            let limiter = limiter.clone();
            let done = done.clone();
            tokio::spawn(async move {
                limiter.acquire(lane).await;
                done.fetch_add(1, Ordering::SeqCst);
            });
        }
    }

    async fn settle() {
        for _ in 0..20 {
            tokio::task::yield_now().await;
        }
    }

    #[tokio::test(start_paused = true)]
    async fn fifty_at_once_then_two_per_second() {
        let limiter = Limiter::new(Limits::STANDARD);
        let done = Arc::new(AtomicUsize::new(0));
        spawn_callers(&limiter, Lane::Interactive, 70, &done);
        settle().await;
        assert_eq!(done.load(Ordering::SeqCst), 50);
        // The first waits 0.6 s (one drain step and the arrival margin), then one every 0.5 s.
        tokio::time::sleep(Duration::from_millis(1200)).await;
        settle().await;
        assert_eq!(done.load(Ordering::SeqCst), 52);
        tokio::time::sleep(Duration::from_secs(4)).await;
        settle().await;
        assert_eq!(done.load(Ordering::SeqCst), 60);
        tokio::time::sleep(Duration::from_secs(5)).await;
        settle().await;
        assert_eq!(done.load(Ordering::SeqCst), 70);
    }

    /// A caller that asks for the next permit only once its previous answer is back (200 ms
    /// later here, as a keyset read does) still gets the drain rate once the bucket is full:
    /// the arrival margin delays the first such request, not every one.
    #[tokio::test(start_paused = true)]
    async fn a_sequential_caller_keeps_the_drain_rate_when_the_bucket_is_full() {
        let limiter = Limiter::new(Limits::STANDARD);
        for _ in 0..50 {
            limiter.acquire(Lane::Background).await;
        }
        let answer = Duration::from_millis(200);
        limiter.acquire(Lane::Background).await;
        tokio::time::sleep(answer).await;
        let started = Instant::now();
        for _ in 0..20 {
            limiter.acquire(Lane::Background).await;
            tokio::time::sleep(answer).await;
        }
        let per_request = started.elapsed() / 20;
        assert!(
            per_request <= Duration::from_millis(510),
            "{per_request:?} per request"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn enterprise_limits() {
        let limiter = Limiter::new(Limits::ENTERPRISE);
        let done = Arc::new(AtomicUsize::new(0));
        spawn_callers(&limiter, Lane::Background, 300, &done);
        settle().await;
        assert_eq!(done.load(Ordering::SeqCst), 250);
        tokio::time::sleep(Duration::from_millis(1150)).await;
        settle().await;
        assert_eq!(done.load(Ordering::SeqCst), 255);
    }

    #[tokio::test(start_paused = true)]
    async fn interactive_calls_overtake_waiting_background_calls() {
        let limiter = Limiter::new(Limits {
            burst: 1,
            per_second: 1.0,
        });
        limiter.acquire(Lane::Background).await;
        let order = Arc::new(Mutex::new(Vec::new()));
        for (lane, name) in [
            (Lane::Background, "b1"),
            (Lane::Background, "b2"),
            (Lane::Interactive, "i1"),
            (Lane::Interactive, "i2"),
        ] {
            let limiter = limiter.clone();
            let order = order.clone();
            tokio::spawn(async move {
                limiter.acquire(lane).await;
                order.lock().unwrap().push(name);
            });
            settle().await;
        }
        tokio::time::sleep(Duration::from_secs(10)).await;
        settle().await;
        assert_eq!(*order.lock().unwrap(), ["i1", "i2", "b1", "b2"]);
    }

    #[tokio::test(start_paused = true)]
    async fn a_503_makes_the_next_call_wait_a_full_drain_step() {
        let limiter = Limiter::new(Limits::STANDARD);
        limiter.acquire(Lane::Interactive).await;
        limiter.mark_full();
        let started = Instant::now();
        limiter.acquire(Lane::Interactive).await;
        assert!(started.elapsed() >= Duration::from_millis(500));
    }

    #[tokio::test(start_paused = true)]
    async fn a_caller_that_gives_up_costs_nothing() {
        let limiter = Limiter::new(Limits {
            burst: 1,
            per_second: 1.0,
        });
        limiter.acquire(Lane::Interactive).await;
        let gave_up = tokio::time::timeout(
            Duration::from_millis(100),
            limiter.acquire(Lane::Interactive),
        )
        .await;
        assert!(gave_up.is_err());
        let started = Instant::now();
        limiter.acquire(Lane::Interactive).await;
        assert!(started.elapsed() <= Duration::from_secs(1));
    }
}
