//! The portal server's time zone and the date spellings the portal reads and prints.
//!
//! Bitrix24 prints every date with the offset of the portal server, not of the calling user
//! (`CRestUtil::ConvertDateTime` formats with `date('c')`), and reads naive dates as server time.

use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;
use jiff::{Timestamp, Zoned};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

#[derive(Clone, Debug)]
pub struct PortalZone {
    name: String,
    tz: TimeZone,
}

impl PortalZone {
    pub fn new(name: &str) -> Result<Self, jiff::Error> {
        Ok(Self {
            name: name.to_owned(),
            tz: TimeZone::get(name)?,
        })
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn zoned(&self, ts: Timestamp) -> Zoned {
        ts.to_zoned(self.tz.clone())
    }

    /// ISO 8601 with the portal's offset: the canonical REST spelling.
    pub fn iso(&self, ts: Timestamp) -> String {
        self.zoned(ts).strftime("%Y-%m-%dT%H:%M:%S%:z").to_string()
    }

    /// Date-only CRM fields are printed as local midnight (`"2024-08-30T00:00:00+03:00"`).
    pub fn iso_date(&self, date: Date) -> String {
        self.iso(self.midnight(date))
    }

    /// The Russian-locale spelling the calendar prints (`"02.12.2024 11:00:00"`).
    pub fn locale(&self, ts: Timestamp) -> String {
        self.zoned(ts).strftime("%d.%m.%Y %H:%M:%S").to_string()
    }

    /// SQL style, used by a few fields (`LAST_ACTIVITY_DATE`, calendar sections).
    pub fn sql(&self, ts: Timestamp) -> String {
        self.zoned(ts).strftime("%Y-%m-%d %H:%M:%S").to_string()
    }

    pub fn offset_seconds(&self, ts: Timestamp) -> i32 {
        self.tz.to_offset(ts).seconds()
    }

    pub fn today(&self, now: Timestamp) -> Date {
        self.zoned(now).date()
    }

    pub fn midnight(&self, date: Date) -> Timestamp {
        self.at(date, 0, 0)
    }

    /// A local wall-clock time on `date`; gaps and folds resolve as PHP does (the later offset).
    pub fn at(&self, date: Date, hour: i8, minute: i8) -> Timestamp {
        local_to_timestamp(&self.tz, date.at(hour, minute, 0, 0))
    }

    /// Reads a date the way the portal does: ISO 8601 with an offset is exact; a naive date or
    /// date-time (ISO or `DD.MM.YYYY`) is server time.
    pub fn parse(&self, text: &str) -> Option<Timestamp> {
        parse_in(text, &self.tz)
    }

    /// Reads a date-only value; a date-time is reduced to its local date.
    pub fn parse_date(&self, text: &str) -> Option<Date> {
        let text = text.trim();
        if let Ok(date) = text.parse::<Date>() {
            return Some(date);
        }
        if let Ok(date) = Date::strptime("%d.%m.%Y", text) {
            return Some(date);
        }
        self.parse(text).map(|ts| self.zoned(ts).date())
    }
}

/// Parses `text` as an exact instant, or as wall-clock time in `tz` when it carries no offset.
pub fn parse_in(text: &str, tz: &TimeZone) -> Option<Timestamp> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    if let Ok(ts) = text.parse::<Timestamp>() {
        return Some(ts);
    }
    let naive = text
        .parse::<DateTime>()
        .ok()
        .or_else(|| text.parse::<Date>().ok().map(|d| d.at(0, 0, 0, 0)))
        .or_else(|| {
            ["%d.%m.%Y %H:%M:%S", "%d.%m.%Y %H:%M", "%d.%m.%Y"]
                .iter()
                .find_map(|format| DateTime::strptime(format, text).ok())
        })
        .or_else(|| {
            Date::strptime("%d.%m.%Y", text)
                .ok()
                .map(|d| d.at(0, 0, 0, 0))
        })?;
    Some(local_to_timestamp(tz, naive))
}

fn local_to_timestamp(tz: &TimeZone, local: DateTime) -> Timestamp {
    tz.to_ambiguous_timestamp(local)
        .later()
        .unwrap_or_else(|_| tz.to_timestamp(local).unwrap_or(Timestamp::UNIX_EPOCH))
}

impl Serialize for PortalZone {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.name)
    }
}

impl<'de> Deserialize<'de> for PortalZone {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = String::deserialize(deserializer)?;
        PortalZone::new(&name).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_offsets_naive_and_locale_dates_as_server_time() {
        let zone = PortalZone::new("Europe/Moscow").unwrap();
        let exact: Timestamp = "2026-03-01T15:00:00Z".parse().unwrap();
        assert_eq!(zone.parse("2026-03-01T18:00:00+03:00"), Some(exact));
        assert_eq!(zone.parse("2026-03-01T18:00:00"), Some(exact));
        assert_eq!(zone.parse("2026-03-01 18:00:00"), Some(exact));
        assert_eq!(zone.parse("01.03.2026 18:00:00"), Some(exact));
        assert_eq!(zone.iso(exact), "2026-03-01T18:00:00+03:00");
        assert_eq!(zone.locale(exact), "01.03.2026 18:00:00");
        assert_eq!(zone.parse("yesterday"), None);
    }
}
