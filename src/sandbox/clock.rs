//! The portal clock: the real time plus an offset that tests and the demo move, so that
//! `server.time`, `time.date_start`, the dates of new records and "overdue" all follow it.

use std::sync::Mutex;

use jiff::{SignedDuration, Timestamp};
use serde::Deserialize;

/// A change requested through `POST /sandbox/clock`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(untagged, deny_unknown_fields)]
pub enum ClockChange {
    /// `{"now": "2026-03-01T09:00:00+03:00"}`: jump to this instant.
    Set { now: Timestamp },
    /// `{"advance_s": 3600}`: move by this many seconds (negative goes back).
    Advance { advance_s: i64 },
}

#[derive(Debug, Default)]
pub struct PortalClock {
    offset: Mutex<SignedDuration>,
}

impl PortalClock {
    pub fn now(&self) -> Timestamp {
        self.at(Timestamp::now())
    }

    /// The portal time at the real instant `real`.
    pub fn at(&self, real: Timestamp) -> Timestamp {
        real.saturating_add(*self.offset())
            .expect("a signed duration never fails a saturating add")
    }

    /// Applies `change` and answers the new portal time.
    pub fn change(&self, change: ClockChange) -> Timestamp {
        let real = Timestamp::now();
        let mut offset = self.offset();
        *offset = match change {
            ClockChange::Set { now } => now.duration_since(real),
            ClockChange::Advance { advance_s } => {
                offset.saturating_add(SignedDuration::from_secs(advance_s))
            }
        };
        drop(offset);
        self.at(real)
    }

    fn offset(&self) -> std::sync::MutexGuard<'_, SignedDuration> {
        // An offset is always valid, so a poisoned lock still guards a usable value.
        self.offset
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn follows_real_time_until_moved() {
        let clock = PortalClock::default();
        let real = Timestamp::now();
        assert_eq!(clock.at(real), real);
    }

    #[test]
    fn set_then_advance() {
        let clock = PortalClock::default();
        let target: Timestamp = "2030-01-02T03:04:05Z".parse().unwrap();
        let now = clock.change(ClockChange::Set { now: target });
        assert!(now.duration_since(target).abs() < SignedDuration::from_secs(1));
        let later = clock.change(ClockChange::Advance { advance_s: 86_400 });
        let moved = later.duration_since(target) - SignedDuration::from_hours(24);
        assert!(moved.abs() < SignedDuration::from_secs(1));
        assert!(clock.now() >= later);
    }

    #[test]
    fn parses_both_request_shapes() {
        let set: ClockChange =
            serde_json::from_str(r#"{"now": "2026-03-01T09:00:00+03:00"}"#).unwrap();
        assert_eq!(
            set,
            ClockChange::Set {
                now: "2026-03-01T06:00:00Z".parse().unwrap()
            }
        );
        let advance: ClockChange = serde_json::from_str(r#"{"advance_s": -60}"#).unwrap();
        assert_eq!(advance, ClockChange::Advance { advance_s: -60 });
        assert!(serde_json::from_str::<ClockChange>(r#"{"later": 1}"#).is_err());
    }
}
