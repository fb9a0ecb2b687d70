//! Typed calendar calls: a person's events in a period, a new event, and whether a colleague is
//! free.
//!
//! `calendar.event.get` and `calendar.accessibility.get` take whole dates, read in the portal's
//! time zone, while a person's day runs in theirs. So the request asks for `PAD_DAYS` more on
//! each side and the answer is narrowed here to the exact period, on the UTC instants
//! (`DATE_FROM_TS_UTC`): the locale-formatted dates are never parsed.

use std::collections::HashMap;

use jiff::{SignedDuration, Timestamp, ToSpan, Zoned};
use serde_json::json;

use super::client::Client;
use super::created::new_id;
use super::error::{Error, Kind};
use super::model::{BusySlot, CalendarEvent};
use super::period::{Days, Range, wire_time};

#[derive(Debug, Clone, PartialEq)]
pub struct NewEvent {
    /// Whose calendar it goes in; the event lands in that person's default section.
    pub owner_id: u64,
    pub name: String,
    pub description: Option<String>,
    /// In the zone the person gave them in; sent with that offset and zone.
    pub from: Zoned,
    pub to: Zoned,
    /// Colleagues invited; none makes a plain event rather than a meeting.
    pub attendees: Vec<u64>,
}

/// Whether someone can be booked at a time.
#[derive(Debug, Clone, PartialEq)]
pub enum Availability {
    Free,
    /// The slots that overlap the time asked about.
    Busy(Vec<BusySlot>),
}

/// When something that started at `to` is really over: an all-day item lasts until the midnight
/// after its last day.
pub(super) fn ends(to: Timestamp, all_day: bool) -> Timestamp {
    if all_day {
        to + SignedDuration::from_hours(24)
    } else {
        to
    }
}

/// Zones are up to 26 hours apart (UTC−12 to UTC+14), more than a day: a margin of two days
/// covers any person's zone against any portal's.
const PAD_DAYS: i64 = 2;

/// The dates to ask the portal for so that the range is covered whatever its zone.
pub(super) fn padded_dates(range: &Range) -> Result<(String, String), Error> {
    let pad = |moment: &Zoned, days: i64| {
        moment
            .checked_add(days.days())
            .map(|day| day.date().to_string())
            .map_err(|cause| Error::new(Kind::InvalidInput, "calendar", cause.to_string()))
    };
    Ok((pad(&range.start, -PAD_DAYS)?, pad(&range.end, PAD_DAYS)?))
}

impl Client {
    /// A person's events (their own and meetings they attend) during some of their days,
    /// earliest first. `now` is in the person's time zone.
    pub async fn events_of(
        &self,
        owner: u64,
        days: Days,
        now: &Zoned,
    ) -> Result<Vec<CalendarEvent>, Error> {
        let range = days.range(now)?;
        let (from, to) = padded_dates(&range)?;
        let events: Vec<CalendarEvent> = self
            .call_as(
                "calendar.event.get",
                &json!({ "type": "user", "ownerId": owner, "from": from, "to": to }),
            )
            .await?;
        Ok(events
            .into_iter()
            .filter(|event| match (event.from, event.to) {
                (Some(from), Some(to)) => range.overlaps(from, ends(to, event.dt_skip_time)),
                _ => false,
            })
            .collect())
    }

    /// Creates an event in the owner's own calendar; answers its id. With attendees it is a
    /// meeting, which the portal puts in each attendee's calendar too.
    pub async fn add_event(&self, event: &NewEvent) -> Result<u64, Error> {
        let mut params = json!({
            "type": "user",
            "ownerId": event.owner_id,
            "name": event.name,
            "from": wire_time(&event.from),
            "to": wire_time(&event.to),
            // The owner's default section, found by the portal: saves a `calendar.section.get`.
            "auto_detect_section": "Y",
        });
        if let Some(zone) = event.from.time_zone().iana_name() {
            params["timezone_from"] = json!(zone);
        }
        if let Some(zone) = event.to.time_zone().iana_name() {
            params["timezone_to"] = json!(zone);
        }
        if let Some(description) = &event.description {
            params["description"] = json!(description);
        }
        if !event.attendees.is_empty() {
            let mut attendees = vec![event.owner_id];
            attendees.extend(event.attendees.iter().filter(|id| **id != event.owner_id));
            params["is_meeting"] = json!("Y");
            params["attendees"] = json!(attendees);
        }
        let result = self.call("calendar.event.add", &params).await?.result;
        new_id("calendar.event.add", &result)
    }

    /// Whether a colleague has nothing booked between `from` and `to` (events marked "free"
    /// do not count, as in the portal's own scheduler).
    pub async fn availability(
        &self,
        user: u64,
        from: &Zoned,
        to: &Zoned,
    ) -> Result<Availability, Error> {
        if to <= from {
            return Err(Error::new(
                Kind::InvalidInput,
                "calendar.accessibility.get",
                "the time asked about does not end after it starts",
            ));
        }
        let range = Range {
            start: from.clone(),
            end: to.clone(),
        };
        let (first, last) = padded_dates(&range)?;
        let mut busy: HashMap<String, Vec<BusySlot>> = self
            .call_as(
                "calendar.accessibility.get",
                &json!({ "users": [user], "from": first, "to": last }),
            )
            .await?;
        let slots: Vec<BusySlot> = busy
            .remove(&user.to_string())
            .unwrap_or_default()
            .into_iter()
            .filter(|slot| match (slot.from, slot.to) {
                (Some(start), Some(end)) => range.overlaps(start, ends(end, slot.dt_skip_time)),
                _ => false,
            })
            .collect();
        Ok(if slots.is_empty() {
            Availability::Free
        } else {
            Availability::Busy(slots)
        })
    }
}
