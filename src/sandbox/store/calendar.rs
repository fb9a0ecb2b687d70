//! Calendar sections and events.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::record::Table;

wire_enum! {
    /// Whose calendar: a person's, a workgroup's or the company's.
    CalendarType {
        User = "user",
        Group = "group",
        Company = "company_calendar",
    }
}

wire_enum! {
    /// How an event shows in others' view of one's time.
    Accessibility {
        Busy = "busy",
        Absent = "absent",
        Quest = "quest",
        Free = "free",
    }
}

wire_enum! {
    Importance {
        High = "high",
        Normal = "normal",
        Low = "low",
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Section {
    pub id: u64,
    pub name: String,
    pub color: String,
    pub cal_type: CalendarType,
    pub owner_id: u64,
    pub created_by: u64,
    pub created: Timestamp,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Event {
    pub id: u64,
    pub section_id: u64,
    pub cal_type: CalendarType,
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
    pub accessibility: Accessibility,
    pub importance: Importance,
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
