//! Periods of a person's days ("today", "this week") as instants, and instants as the portal
//! reads them. Days begin at midnight in the person's own time zone, not the portal's, so the
//! caller passes `now` in that zone.

use jiff::{Timestamp, ToSpan, Zoned};

use super::error::{Error, Kind};

/// A stretch of days counted from today in the person's time zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Days {
    Today,
    Tomorrow,
    /// From the start of today to the start of next Monday: what is still ahead this week.
    ThisWeek,
}

/// Half-open: `start` belongs to the period, `end` does not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Range {
    pub start: Zoned,
    pub end: Zoned,
}

impl Range {
    /// Whether something lasting from `from` to `to` happens during the range at all. A moment
    /// (`from == to`) counts where it is; a stretch ending as the range starts does not.
    pub fn overlaps(&self, from: Timestamp, to: Timestamp) -> bool {
        let (start, end) = (self.start.timestamp(), self.end.timestamp());
        from < end && (to > start || from >= start)
    }
}

impl Days {
    /// The period around `now`. Fails only at the edges of the representable calendar.
    pub fn range(self, now: &Zoned) -> Result<Range, Error> {
        let today = now.start_of_day().map_err(out_of_range)?;
        let days = match self {
            Days::Today => (0, 1),
            Days::Tomorrow => (1, 2),
            Days::ThisWeek => (0, 7 - i64::from(now.weekday().to_monday_zero_offset())),
        };
        // Adding calendar days (not 24 h) keeps midnights midnights across DST changes.
        let start = today.checked_add(days.0.days()).map_err(out_of_range)?;
        let end = today.checked_add(days.1.days()).map_err(out_of_range)?;
        Ok(Range { start, end })
    }
}

fn out_of_range(cause: jiff::Error) -> Error {
    Error::new(Kind::InvalidInput, "period", cause.to_string())
}

/// ISO 8601 with the person's offset (`2025-10-24T19:00:00+05:00`): the portal converts an
/// offset exactly, whereas a naive time would be read in the server's or the user's zone.
pub fn wire_time(moment: &Zoned) -> String {
    format!(
        "{:.0}",
        moment.timestamp().display_with_offset(moment.offset())
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Zoned {
        text.parse().unwrap()
    }

    #[test]
    fn days_start_at_the_persons_midnight() {
        let now = at("2026-03-06T23:30:00+05:00[Asia/Yekaterinburg]");
        let today = Days::Today.range(&now).unwrap();
        assert_eq!(today.start.timestamp().to_string(), "2026-03-05T19:00:00Z");
        assert_eq!(today.end.timestamp().to_string(), "2026-03-06T19:00:00Z");
        let tomorrow = Days::Tomorrow.range(&now).unwrap();
        assert_eq!(tomorrow.start, today.end);
    }

    #[test]
    fn this_week_ends_before_next_monday_even_on_a_sunday() {
        let friday = at("2026-03-06T10:00:00+03:00[Europe/Moscow]");
        let week = Days::ThisWeek.range(&friday).unwrap();
        assert_eq!(week.end.date().to_string(), "2026-03-09");
        let sunday = at("2026-03-08T10:00:00+03:00[Europe/Moscow]");
        let week = Days::ThisWeek.range(&sunday).unwrap();
        assert_eq!(
            (week.start.date().to_string(), week.end.date().to_string()),
            ("2026-03-08".into(), "2026-03-09".into())
        );
    }

    #[test]
    fn a_day_across_a_dst_change_is_23_hours() {
        let now = at("2026-03-29T12:00:00+02:00[Europe/Berlin]");
        let today = Days::Today.range(&now).unwrap();
        let hours = today.end.timestamp().as_second() - today.start.timestamp().as_second();
        assert_eq!(hours, 23 * 3600);
    }

    #[test]
    fn ranges_are_half_open() {
        let now = at("2026-03-06T10:00:00+00:00[UTC]");
        let today = Days::Today.range(&now).unwrap();
        let before = today.start.timestamp() - jiff::SignedDuration::from_hours(2);
        assert!(!today.overlaps(before, today.start.timestamp()));
        assert!(today.overlaps(
            before,
            today.start.timestamp() + jiff::SignedDuration::from_mins(1)
        ));
        assert!(today.overlaps(today.start.timestamp(), today.start.timestamp()));
        assert!(!today.overlaps(today.end.timestamp(), today.end.timestamp()));
    }

    #[test]
    fn wire_times_keep_the_persons_offset() {
        let moment = at("2026-03-07T15:00:00.5+05:00[Asia/Yekaterinburg]");
        assert_eq!(wire_time(&moment), "2026-03-07T15:00:00+05:00");
    }
}
