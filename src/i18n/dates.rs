//! Dates, times and durations as a person reads them in their own time zone: `today, 15:00`,
//! `пт, 6 марта, 15:00`, `1 hour 30 minutes`. Pure: `now` is an argument. The words and their
//! order are Fluent messages (`date-*`, `duration-*`); only the arithmetic is here.

use jiff::civil::Date;
use jiff::{SignedDuration, Zoned};

use super::catalog::{Arg, Tr};

impl Tr {
    /// A moment in the time zone of `now`: `today, 15:00`, `tomorrow, 09:30`,
    /// `Fri 6 Mar, 15:00`, with the year when it is not the current one.
    pub fn when(self, at: &Zoned, now: &Zoned) -> String {
        let local = at.with_time_zone(now.time_zone().clone());
        let time = format!("{:02}:{:02}", local.hour(), local.minute());
        let day = self.day(local.date(), now.date());
        self.t(
            "date-time",
            &[("day", Arg::text(day)), ("time", Arg::text(time))],
        )
    }

    /// A calendar day seen from `today`: `today`, `tomorrow`, `yesterday`, `Fri 6 Mar`,
    /// `Sat 6 Mar 2027`.
    pub fn day(self, date: Date, today: Date) -> String {
        if date == today {
            return self.t("date-today", &[]);
        }
        if today.tomorrow().is_ok_and(|tomorrow| tomorrow == date) {
            return self.t("date-tomorrow", &[]);
        }
        if today.yesterday().is_ok_and(|yesterday| yesterday == date) {
            return self.t("date-yesterday", &[]);
        }
        let weekday = self.t(
            "date-weekday",
            &[("weekday", Arg::count(date.weekday().to_monday_one_offset()))],
        );
        let month = self.t("date-month", &[("month", Arg::count(date.month()))]);
        let mut args = vec![
            ("weekday", Arg::text(weekday)),
            ("day", Arg::count(date.day())),
            ("month", Arg::text(month)),
        ];
        if date.year() == today.year() {
            self.t("date-this-year", &args)
        } else {
            // Text, not a count: a year is not grouped like a number (`2027`, not `2,027`).
            args.push(("year", Arg::text(date.year().to_string())));
            self.t("date-other-year", &args)
        }
    }

    /// A span rounded to the minute, in its two largest units: `45 minutes`,
    /// `1 hour 30 minutes`, `3 days 2 hours`. The sign is dropped; the sentence around it says
    /// whether it is ahead or past.
    pub fn duration(self, span: SignedDuration) -> String {
        let minutes = (span.as_secs().unsigned_abs() + 30) / 60;
        let (days, hours, minutes) = (minutes / 1440, minutes / 60 % 24, minutes % 60);
        match (days, hours, minutes) {
            (0, 0, minutes) => self.t("duration-minutes", &[("minutes", Arg::count(minutes))]),
            (0, hours, 0) => self.t("duration-hours", &[("hours", Arg::count(hours))]),
            (0, hours, minutes) => self.t(
                "duration-hours-minutes",
                &[
                    ("hours", Arg::count(hours)),
                    ("minutes", Arg::count(minutes)),
                ],
            ),
            (days, 0, _) => self.t("duration-days", &[("days", Arg::count(days))]),
            (days, hours, _) => self.t(
                "duration-days-hours",
                &[("days", Arg::count(days)), ("hours", Arg::count(hours))],
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;
    use crate::intent::Lang;

    fn at(text: &str) -> Zoned {
        text.parse().expect("a zoned date-time")
    }

    #[test]
    fn moments_read_relative_to_now_in_the_users_zone() {
        let now = at("2026-03-02T10:00:00+03:00[Europe/Moscow]");
        let table = [
            (
                "2026-03-02T15:00:00+03:00[Europe/Moscow]",
                "today, 15:00",
                "сегодня, 15:00",
            ),
            (
                "2026-03-03T09:30:00+03:00[Europe/Moscow]",
                "tomorrow, 09:30",
                "завтра, 09:30",
            ),
            (
                "2026-03-01T18:05:00+03:00[Europe/Moscow]",
                "yesterday, 18:05",
                "вчера, 18:05",
            ),
            (
                "2026-03-06T15:00:00+03:00[Europe/Moscow]",
                "Fri 6 Mar, 15:00",
                "пт, 6 марта, 15:00",
            ),
            (
                "2026-05-10T08:00:00+03:00[Europe/Moscow]",
                "Sun 10 May, 08:00",
                "вс, 10 мая, 08:00",
            ),
            (
                "2027-01-01T00:00:00+03:00[Europe/Moscow]",
                "Fri 1 Jan 2027, 00:00",
                "пт, 1 января 2027, 00:00",
            ),
            (
                "2025-12-31T23:59:00+03:00[Europe/Moscow]",
                "Wed 31 Dec 2025, 23:59",
                "ср, 31 декабря 2025, 23:59",
            ),
            // 21:30 UTC on the 2nd is already the 3rd in Moscow.
            (
                "2026-03-02T21:30:00+00:00[UTC]",
                "tomorrow, 00:30",
                "завтра, 00:30",
            ),
        ];
        for (moment, en, ru) in table {
            assert_eq!(Tr::new(Lang::En).when(&at(moment), &now), en, "{moment}");
            assert_eq!(Tr::new(Lang::Ru).when(&at(moment), &now), ru, "{moment}");
        }
    }

    #[test]
    fn every_month_and_weekday_has_a_name() {
        let today = date(2026, 1, 1);
        let days = (1..=12).flat_map(|month| (1..=7).map(move |day| date(2026, month, day + 7)));
        for day in days {
            for lang in Lang::ALL {
                let text = Tr::new(lang).day(day, today);
                assert!(!text.contains("date-"), "{day} in {lang}: {text}");
            }
        }
        assert_eq!(
            Tr::new(Lang::Ru).day(date(2026, 2, 9), today),
            "пн, 9 февраля"
        );
        assert_eq!(
            Tr::new(Lang::En).day(date(2026, 11, 14), today),
            "Sat 14 Nov"
        );
    }

    #[test]
    fn durations_keep_their_two_largest_units() {
        let table = [
            (0, "0 minutes", "0 минут"),
            (60, "1 minute", "1 минута"),
            (89, "1 minute", "1 минута"),
            (90, "2 minutes", "2 минуты"),
            (45 * 60, "45 minutes", "45 минут"),
            (21 * 60, "21 minutes", "21 минута"),
            (3600, "1 hour", "1 час"),
            (5400, "1 hour 30 minutes", "1 час 30 минут"),
            (2 * 3600 + 60, "2 hours 1 minute", "2 часа 1 минута"),
            (5 * 3600, "5 hours", "5 часов"),
            (86_400, "1 day", "1 день"),
            (3 * 86_400 + 2 * 3600 + 59, "3 days 2 hours", "3 дня 2 часа"),
            (-22 * 86_400, "22 days", "22 дня"),
        ];
        for (secs, en, ru) in table {
            let span = SignedDuration::from_secs(secs);
            assert_eq!(Tr::new(Lang::En).duration(span), en, "{secs}s");
            assert_eq!(Tr::new(Lang::Ru).duration(span), ru, "{secs}s");
        }
    }
}
