//! Calendar events and sections. Event dates come in the portal's locale format, so the reliable
//! instants are `DATE_FROM_TS_UTC`/`DATE_TO_TS_UTC`.

use jiff::Timestamp;
use serde::Deserialize;

use super::de;

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Attendee {
    #[serde(deserialize_with = "de::id")]
    pub id: u64,
    /// `H` host, `Y` accepted, `N` declined, `Q` not answered.
    #[serde(default)]
    pub status: String,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub struct CalendarEvent {
    #[serde(deserialize_with = "de::id")]
    pub id: u64,
    #[serde(default)]
    pub name: String,
    #[serde(default, deserialize_with = "de::opt_text")]
    pub description: Option<String>,
    #[serde(default, deserialize_with = "de::opt_ref")]
    pub owner_id: Option<u64>,
    #[serde(default, deserialize_with = "de::opt_ref")]
    pub section_id: Option<u64>,
    #[serde(
        rename = "DATE_FROM_TS_UTC",
        default,
        deserialize_with = "de::opt_unix"
    )]
    pub from: Option<Timestamp>,
    #[serde(rename = "DATE_TO_TS_UTC", default, deserialize_with = "de::opt_unix")]
    pub to: Option<Timestamp>,
    #[serde(default, deserialize_with = "de::opt_text")]
    pub tz_from: Option<String>,
    /// An all-day event.
    #[serde(default, deserialize_with = "de::flag")]
    pub dt_skip_time: bool,
    #[serde(default, deserialize_with = "de::flag")]
    pub is_meeting: bool,
    #[serde(default, deserialize_with = "de::opt_text")]
    pub location: Option<String>,
    #[serde(default, deserialize_with = "de::list")]
    pub attendee_list: Vec<Attendee>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub struct CalendarSection {
    #[serde(deserialize_with = "de::id")]
    pub id: u64,
    #[serde(default)]
    pub name: String,
    #[serde(default, deserialize_with = "de::opt_text")]
    pub color: Option<String>,
    /// `user`, `group`, `company_calendar`.
    #[serde(default)]
    pub cal_type: String,
    #[serde(default, deserialize_with = "de::opt_ref")]
    pub owner_id: Option<u64>,
}

/// A stretch of someone's busy time from `calendar.accessibility.get`. Private events come with
/// their name hidden by the portal.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub struct BusySlot {
    #[serde(deserialize_with = "de::id")]
    pub id: u64,
    #[serde(default)]
    pub name: String,
    #[serde(
        rename = "DATE_FROM_TS_UTC",
        default,
        deserialize_with = "de::opt_unix"
    )]
    pub from: Option<Timestamp>,
    /// For an all-day slot, the start of its last day.
    #[serde(rename = "DATE_TO_TS_UTC", default, deserialize_with = "de::opt_unix")]
    pub to: Option<Timestamp>,
    #[serde(default, deserialize_with = "de::flag")]
    pub dt_skip_time: bool,
    /// `busy`, `absent`, `quest` (tentative).
    #[serde(default)]
    pub accessibility: String,
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn an_event_reads_its_instants_from_the_utc_timestamps() {
        let event: CalendarEvent = serde_json::from_value(json!({"ID":"1265","NAME":"Demo",
            "OWNER_ID":"1","SECTION_ID":"4","DATE_FROM":"12/11/2024 05:59:00 pm",
            "DATE_FROM_TS_UTC":"1733932740","DATE_TO_TS_UTC":"1733936340","TZ_FROM":"Europe/Berlin",
            "DT_SKIP_TIME":"N","IS_MEETING":true,"ATTENDEE_LIST":[{"id":1,"entryId":"1265","status":"H"}]}))
        .unwrap();
        assert_eq!(event.from.unwrap().as_second(), 1733932740);
        assert!(event.is_meeting);
        assert_eq!(event.attendee_list[0].status, "H");
    }

    #[test]
    fn a_busy_slot_of_an_all_day_event() {
        let slot: BusySlot = serde_json::from_value(json!({"ID":"7","NAME":"[busy]",
            "DATE_FROM":"06.03.2026","DATE_FROM_TS_UTC":"1772744400","DATE_TO_TS_UTC":"1772744400",
            "~USER_OFFSET_FROM":10800,"DT_SKIP_TIME":"Y","ACCESSIBILITY":"absent"}))
        .unwrap();
        assert!(slot.dt_skip_time);
        assert_eq!(slot.from, slot.to);
        assert_eq!(slot.accessibility, "absent");
    }

    #[test]
    fn a_section_with_an_sql_date() {
        let section: CalendarSection = serde_json::from_value(json!({"ID":"190","NAME":"Work",
            "COLOR":"#9cbeee","CAL_TYPE":"user","OWNER_ID":"1","DATE_CREATE":"2024-12-10 06:36:00"}))
        .unwrap();
        assert_eq!(section.owner_id, Some(1));
    }
}
