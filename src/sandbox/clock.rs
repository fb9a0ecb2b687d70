//! The portal clock: the real time, moved and sped up by tests and the demo, so that
//! `server.time`, `time.date_start`, the dates of new records and "overdue" all follow it.
//!
//! Portal time is `anchor + (real − real_anchor) × speed`: a jump re-anchors, a speed change
//! re-anchors at the current portal time, so the clock never jumps when it is sped up.

use std::sync::Mutex;

use jiff::{SignedDuration, Timestamp};
use serde::Deserialize;

/// How much faster than real time the portal clock may run (a day in under two minutes).
pub const MAX_SPEED: u32 = 1_000;

/// A change requested through `POST /sandbox/clock`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(untagged, deny_unknown_fields)]
pub enum ClockChange {
    /// `{"now": "2026-03-01T09:00:00+03:00"}`: jump to this instant.
    Set { now: Timestamp },
    /// `{"advance_s": 3600}`: move by this many seconds (negative goes back).
    Advance { advance_s: i64 },
    /// `{"speed": 60}`: from now on, a real second is this many portal seconds (1 to
    /// [`MAX_SPEED`]; other values are clamped). The demo's `--speed`.
    Speed { speed: u32 },
}

#[derive(Debug, Clone, Copy)]
struct Anchor {
    real: Timestamp,
    portal: Timestamp,
    speed: u32,
}

#[derive(Debug)]
pub struct PortalClock {
    anchor: Mutex<Anchor>,
}

impl Default for PortalClock {
    fn default() -> Self {
        let real = Timestamp::now();
        PortalClock {
            anchor: Mutex::new(Anchor {
                real,
                portal: real,
                speed: 1,
            }),
        }
    }
}

impl Anchor {
    fn at(self, real: Timestamp) -> Timestamp {
        let elapsed = real.duration_since(self.real);
        let scaled = SignedDuration::from_nanos(
            elapsed
                .as_nanos()
                .saturating_mul(i128::from(self.speed))
                .clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64,
        );
        self.portal
            .saturating_add(scaled)
            .expect("a signed duration never fails a saturating add")
    }
}

impl PortalClock {
    pub fn now(&self) -> Timestamp {
        self.at(Timestamp::now())
    }

    /// The portal time at the real instant `real`.
    pub fn at(&self, real: Timestamp) -> Timestamp {
        self.anchor().at(real)
    }

    /// How many portal seconds pass in a real one.
    pub fn speed(&self) -> u32 {
        self.anchor().speed
    }

    /// Applies `change` and answers the new portal time.
    pub fn change(&self, change: ClockChange) -> Timestamp {
        let real = Timestamp::now();
        let mut anchor = self.anchor();
        let portal = anchor.at(real);
        *anchor = match change {
            ClockChange::Set { now } => Anchor {
                real,
                portal: now,
                speed: anchor.speed,
            },
            ClockChange::Advance { advance_s } => Anchor {
                real,
                portal: portal
                    .saturating_add(SignedDuration::from_secs(advance_s))
                    .expect("a signed duration never fails a saturating add"),
                speed: anchor.speed,
            },
            ClockChange::Speed { speed } => Anchor {
                real,
                portal,
                speed: speed.clamp(1, MAX_SPEED),
            },
        };
        anchor.at(real)
    }

    fn anchor(&self) -> std::sync::MutexGuard<'_, Anchor> {
        // An anchor is always valid, so a poisoned lock still guards a usable value.
        self.anchor
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
        assert!(clock.at(real).duration_since(real).abs() < SignedDuration::from_secs(1));
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
    fn a_sped_up_clock_runs_that_many_times_faster_from_where_it_was() {
        let clock = PortalClock::default();
        let target: Timestamp = "2030-01-02T03:04:05Z".parse().unwrap();
        clock.change(ClockChange::Set { now: target });
        let sped = clock.change(ClockChange::Speed { speed: 60 });
        assert!(sped.duration_since(target).abs() < SignedDuration::from_secs(1));
        assert_eq!(clock.speed(), 60);
        let real = Timestamp::now();
        let portal = clock.at(real);
        let ten_real_seconds = clock.at(real + SignedDuration::from_secs(10));
        assert_eq!(
            ten_real_seconds.duration_since(portal),
            SignedDuration::from_mins(10)
        );
        // A jump keeps the speed; speeds out of range are clamped.
        clock.change(ClockChange::Advance { advance_s: 3_600 });
        assert_eq!(clock.speed(), 60);
        clock.change(ClockChange::Speed { speed: 0 });
        assert_eq!(clock.speed(), 1);
        clock.change(ClockChange::Speed { speed: u32::MAX });
        assert_eq!(clock.speed(), MAX_SPEED);
    }

    #[test]
    fn parses_every_request_shape() {
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
        let speed: ClockChange = serde_json::from_str(r#"{"speed": 60}"#).unwrap();
        assert_eq!(speed, ClockChange::Speed { speed: 60 });
        assert!(serde_json::from_str::<ClockChange>(r#"{"later": 1}"#).is_err());
    }
}
