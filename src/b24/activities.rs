//! Typed CRM activity calls: the open activities of a record, a call or meeting added to one,
//! marking one done, and comments in a record's timeline.
//!
//! `crm.activity.add` is used rather than `crm.activity.todo.add`: calls and meetings need their
//! type and the person they are with (`COMMUNICATIONS`), which a to-do cannot carry.

use jiff::Zoned;
use serde_json::json;

use super::client::Client;
use super::created::new_id;
use super::error::Error;
use super::model::Activity;
use super::period::wire_time;

/// The CRM record an activity or comment belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CrmOwner {
    Lead(u64),
    Deal(u64),
    Contact(u64),
    Company(u64),
}

impl CrmOwner {
    /// `OWNER_TYPE_ID` / `ENTITY_TYPE_ID`.
    fn type_id(self) -> u64 {
        match self {
            Self::Lead(_) => 1,
            Self::Deal(_) => 2,
            Self::Contact(_) => 3,
            Self::Company(_) => 4,
        }
    }

    fn id(self) -> u64 {
        match self {
            Self::Lead(id) | Self::Deal(id) | Self::Contact(id) | Self::Company(id) => id,
        }
    }

    /// `ENTITY_TYPE` of the timeline.
    fn name(self) -> &'static str {
        match self {
            Self::Lead(_) => "lead",
            Self::Deal(_) => "deal",
            Self::Contact(_) => "contact",
            Self::Company(_) => "company",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ActivityKind {
    Meeting,
    Call,
}

impl ActivityKind {
    fn type_id(self) -> u64 {
        match self {
            Self::Meeting => 1,
            Self::Call => 2,
        }
    }
}

/// The contact a call or meeting is with: the portal requires one, by id and by how they are
/// reached (the phone number for a call).
#[derive(Debug, Clone, PartialEq)]
pub struct Counterpart {
    pub contact_id: u64,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct NewActivity {
    pub owner: CrmOwner,
    pub kind: ActivityKind,
    pub subject: String,
    pub start: Zoned,
    pub end: Zoned,
    pub with: Counterpart,
    pub responsible_id: u64,
}

/// What an activity row shows.
const ACTIVITY_COLUMNS: [&str; 12] = [
    "ID",
    "OWNER_TYPE_ID",
    "OWNER_ID",
    "TYPE_ID",
    "SUBJECT",
    "DESCRIPTION",
    "START_TIME",
    "END_TIME",
    "DEADLINE",
    "COMPLETED",
    "RESPONSIBLE_ID",
    "DIRECTION",
];

impl Client {
    /// The record's activities not yet done, earliest first (one page, 50).
    pub async fn open_activities(&self, owner: CrmOwner) -> Result<Vec<Activity>, Error> {
        self.call_as(
            "crm.activity.list",
            &json!({
                "filter": {
                    "OWNER_TYPE_ID": owner.type_id(),
                    "OWNER_ID": owner.id(),
                    "COMPLETED": "N",
                },
                "select": ACTIVITY_COLUMNS,
                "order": { "START_TIME": "ASC", "ID": "ASC" },
            }),
        )
        .await
    }

    /// Adds a call or meeting, outgoing and not yet done; answers its id.
    pub async fn add_activity(&self, activity: &NewActivity) -> Result<u64, Error> {
        let result = self
            .call(
                "crm.activity.add",
                &json!({ "fields": {
                    "OWNER_TYPE_ID": activity.owner.type_id(),
                    "OWNER_ID": activity.owner.id(),
                    "TYPE_ID": activity.kind.type_id(),
                    "SUBJECT": activity.subject,
                    "START_TIME": wire_time(&activity.start),
                    "END_TIME": wire_time(&activity.end),
                    "RESPONSIBLE_ID": activity.responsible_id,
                    // Outgoing: the bot records what its user is going to do.
                    "DIRECTION": 2,
                    "COMMUNICATIONS": [{
                        "VALUE": activity.with.value,
                        "ENTITY_ID": activity.with.contact_id,
                        "ENTITY_TYPE_ID": CrmOwner::Contact(activity.with.contact_id).type_id(),
                    }],
                }}),
            )
            .await?
            .result;
        new_id("crm.activity.add", &result)
    }

    /// Marks an activity done, which takes it off the record's open activities.
    pub async fn complete_activity(&self, id: u64) -> Result<(), Error> {
        self.call(
            "crm.activity.update",
            &json!({ "id": id, "fields": { "COMPLETED": "Y" } }),
        )
        .await
        .map(drop)
    }

    /// Adds a comment to the record's timeline; answers the comment's id.
    pub async fn add_timeline_comment(&self, owner: CrmOwner, text: &str) -> Result<u64, Error> {
        // Lower-case `fields`: portals since crm 23.100 accept no other spelling.
        let result = self
            .call(
                "crm.timeline.comment.add",
                &json!({ "fields": {
                    "ENTITY_ID": owner.id(),
                    "ENTITY_TYPE": owner.name(),
                    "COMMENT": text,
                }}),
            )
            .await?
            .result;
        new_id("crm.timeline.comment.add", &result)
    }
}
