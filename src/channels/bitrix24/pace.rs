//! How often the channel asks the portal for news: about once a second while a conversation is
//! going on, slowing down as it goes quiet, to the idle interval (`B24_CHAT_POLL_IDLE`). Every
//! poll is a REST request on the portal's shared budget, so an idle bot must cost little.

use std::time::Duration;

use tokio::time::Instant;

/// The interval while people are writing.
pub const ACTIVE: Duration = Duration::from_secs(1);
/// The wait grows by one second for every this much quiet since the last news.
const SLOWDOWN: u32 = 10;
/// Between pages when the portal says more events are queued (its own advice: at least 2 s).
pub const MORE_QUEUED: Duration = Duration::from_secs(2);

#[derive(Debug, Clone)]
pub struct Pacer {
    idle: Duration,
    last_news: Option<Instant>,
}

impl Pacer {
    pub fn new(idle: Duration) -> Pacer {
        Pacer {
            idle: idle.max(ACTIVE),
            last_news: None,
        }
    }

    /// Something arrived: the conversation is active.
    pub fn news(&mut self, now: Instant) {
        self.last_news = Some(now);
    }

    /// How long to wait before the next poll: a tenth of the quiet since the last news, at
    /// least [`ACTIVE`], at most the idle interval.
    pub fn wait(&self, now: Instant) -> Duration {
        match self.last_news {
            None => self.idle,
            Some(at) => (now.saturating_duration_since(at) / SLOWDOWN).clamp(ACTIVE, self.idle),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn polls_each_second_while_active_and_backs_off_to_idle() {
        let start = Instant::now();
        let mut pacer = Pacer::new(Duration::from_secs(10));
        assert_eq!(pacer.wait(start), Duration::from_secs(10));
        pacer.news(start);
        assert_eq!(pacer.wait(start), ACTIVE);
        assert_eq!(pacer.wait(start + Duration::from_secs(8)), ACTIVE);
        assert_eq!(
            pacer.wait(start + Duration::from_secs(40)),
            Duration::from_secs(4)
        );
        assert_eq!(
            pacer.wait(start + Duration::from_secs(600)),
            Duration::from_secs(10)
        );
    }

    #[test]
    fn an_idle_interval_below_a_second_is_a_second() {
        let pacer = Pacer::new(Duration::from_millis(10));
        assert_eq!(pacer.wait(Instant::now()), ACTIVE);
    }
}
