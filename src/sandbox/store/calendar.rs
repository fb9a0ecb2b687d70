//! Calendar sections and events.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::record::Table;

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Section {
    pub id: u64,
    pub name: String,
    pub color: String,
    /// `user`, `group` or `company_calendar`.
    pub cal_type: String,
    pub owner_id: u64,
    pub created_by: u64,
    pub created: Timestamp,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Event {
    pub id: u64,
    pub section_id: u64,
    pub cal_type: String,
    pub owner_id: u64,
    pub name: String,
    pub description: String,
    pub from: Timestamp,
    pub to: Timestamp,
    /// An all-day event: `from`/`to` are the first and last day at local midnight.
    pub skip_time: bool,
    pub tz_from: String,
    pub tz_to: String,
    pub location: String,
    /// `busy`, `absent`, `quest` or `free`.
    pub accessibility: String,
    /// `high`, `normal` or `low`.
    pub importance: String,
    pub private_event: bool,
    pub is_meeting: bool,
    pub attendees: Vec<u64>,
    pub color: String,
    pub created_by: u64,
    pub created: Timestamp,
    pub modified: Timestamp,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Calendar {
    pub sections: Table<Section>,
    pub events: Table<Event>,
}
