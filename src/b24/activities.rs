//! Typed CRM activity calls: the open activities of a record, a call or meeting added to one,
//! marking one done, and comments in a record's timeline; and the record itself, read together
//! with what a handler needs of it in one batch.
//!
//! `crm.activity.add` is used rather than `crm.activity.todo.add`: calls and meetings need their
//! type and the person they are with (`COMMUNICATIONS`), which a to-do cannot carry.

use jiff::Zoned;
use serde_json::{Value, json};

use super::batch::{Batch, reference};
use super::client::{Client, decode};
use super::created::new_id;
use super::error::Error;
use super::guarded::{Guarded, GuardedWrite};
use super::model::{Activity, Company, Contact, Deal, Lead, MultiField};
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

    pub fn id(self) -> u64 {
        match self {
            Self::Lead(id) | Self::Deal(id) | Self::Contact(id) | Self::Company(id) => id,
        }
    }

    /// The record of `OWNER_TYPE_ID` `type_id` and `OWNER_ID` `id`, as an activity names it.
    pub fn of(type_id: u64, id: u64) -> Option<CrmOwner> {
        Some(match type_id {
            1 => Self::Lead(id),
            2 => Self::Deal(id),
            3 => Self::Contact(id),
            4 => Self::Company(id),
            _ => return None,
        })
    }

    /// The method that reads the record.
    fn get_method(self) -> &'static str {
        match self {
            Self::Lead(_) => "crm.lead.get",
            Self::Deal(_) => "crm.deal.get",
            Self::Contact(_) => "crm.contact.get",
            Self::Company(_) => "crm.company.get",
        }
    }

    /// `ENTITY_TYPE` of the timeline, and the record's path in the portal (`/crm/<name>/...`).
    fn list_method(self) -> &'static str {
        match self {
            Self::Lead(_) => "crm.lead.list",
            Self::Deal(_) => "crm.deal.list",
            Self::Contact(_) => "crm.contact.list",
            Self::Company(_) => "crm.company.list",
        }
    }

    pub fn name(self) -> &'static str {
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

/// Who a call or meeting is with: the portal requires one, a contact, company or lead (never a
/// deal), and how they are reached (the phone number for a call).
#[derive(Debug, Clone, PartialEq)]
pub struct Counterpart {
    pub entity: CrmOwner,
    pub value: String,
}

/// A CRM record that activities and comments belong to, as read.
#[derive(Debug, Clone, PartialEq)]
pub enum OwnerRecord {
    Lead(Lead),
    Deal(Deal),
    Contact(Contact),
    Company(Company),
}

impl OwnerRecord {
    /// The employee responsible for the record: whom the visibility policy asks about.
    pub fn assigned_by_id(&self) -> Option<u64> {
        match self {
            Self::Lead(lead) => lead.assigned_by_id,
            Self::Deal(deal) => deal.assigned_by_id,
            Self::Contact(contact) => contact.assigned_by_id,
            Self::Company(company) => company.assigned_by_id,
        }
    }

    /// The record's title, or a contact's name.
    pub fn title(&self) -> String {
        match self {
            Self::Lead(lead) => lead.title.clone(),
            Self::Deal(deal) => deal.title.clone(),
            Self::Contact(contact) => [&contact.name, &contact.last_name]
                .into_iter()
                .flatten()
                .map(String::as_str)
                .collect::<Vec<_>>()
                .join(" "),
            Self::Company(company) => company.title.clone(),
        }
    }

    /// Who a call or meeting on this record is with: the person or company itself, or for a
    /// deal its contact, else its company.
    fn counterpart(&self, kind: ActivityKind) -> Option<Counterpart> {
        let reached = |entity, phone: &[MultiField], email: &[MultiField]| {
            let first = |fields: &[MultiField]| fields.first().map(|f| f.value.clone());
            let value = match kind {
                ActivityKind::Call => first(phone).or_else(|| first(email)),
                ActivityKind::Meeting => first(email).or_else(|| first(phone)),
            };
            Counterpart {
                entity,
                value: value.unwrap_or_default(),
            }
        };
        match self {
            Self::Lead(lead) => Some(reached(CrmOwner::Lead(lead.id), &lead.phone, &lead.email)),
            Self::Contact(contact) => Some(reached(
                CrmOwner::Contact(contact.id),
                &contact.phone,
                &contact.email,
            )),
            Self::Company(company) => Some(reached(
                CrmOwner::Company(company.id),
                &company.phone,
                &company.email,
            )),
            Self::Deal(_) => None,
        }
    }
}

/// A record and its open activities, earliest first: the first page of them, and how many
/// there are in all.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordActivities {
    pub record: OwnerRecord,
    pub open: Vec<Activity>,
    pub total: usize,
}

/// A record and whom a call or meeting on it would be with (`None`: a deal with neither a
/// contact nor a company).
#[derive(Debug, Clone, PartialEq)]
pub struct PlanningTarget {
    pub record: OwnerRecord,
    pub with: Option<Counterpart>,
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

/// The filter, columns and order of a record's open activities.
fn open_query(owner: CrmOwner) -> serde_json::Value {
    json!({
        "filter": {
            "OWNER_TYPE_ID": owner.type_id(),
            "OWNER_ID": owner.id(),
            "COMPLETED": "N",
        },
        "select": ACTIVITY_COLUMNS,
        "order": { "START_TIME": "ASC", "ID": "ASC" },
    })
}

/// Decodes the records listed by `owner.list_method()`.
fn owner_rows(owner: CrmOwner, result: Value) -> Result<Vec<OwnerRecord>, Error> {
    let method = owner.list_method();
    Ok(match owner {
        CrmOwner::Lead(_) => decode::<Vec<Lead>>(method, result)?
            .into_iter()
            .map(OwnerRecord::Lead)
            .collect(),
        CrmOwner::Deal(_) => decode::<Vec<Deal>>(method, result)?
            .into_iter()
            .map(OwnerRecord::Deal)
            .collect(),
        CrmOwner::Contact(_) => decode::<Vec<Contact>>(method, result)?
            .into_iter()
            .map(OwnerRecord::Contact)
            .collect(),
        CrmOwner::Company(_) => decode::<Vec<Company>>(method, result)?
            .into_iter()
            .map(OwnerRecord::Company)
            .collect(),
    })
}

/// Decodes a record read by `owner.get_method()`.
fn owner_record(
    owner: CrmOwner,
    results: &super::batch::BatchResults,
    key: &str,
) -> Result<OwnerRecord, Error> {
    Ok(match owner {
        CrmOwner::Lead(_) => OwnerRecord::Lead(results.result(key)?),
        CrmOwner::Deal(_) => OwnerRecord::Deal(results.result(key)?),
        CrmOwner::Contact(_) => OwnerRecord::Contact(results.result(key)?),
        CrmOwner::Company(_) => OwnerRecord::Company(results.result(key)?),
    })
}

impl Client {
    /// The record (a missing one is `NotFound`), read alone.
    pub async fn owner_record(&self, owner: CrmOwner) -> Result<OwnerRecord, Error> {
        let (method, params) = (owner.get_method(), json!({ "id": owner.id() }));
        Ok(match owner {
            CrmOwner::Lead(_) => OwnerRecord::Lead(self.call_as(method, &params).await?),
            CrmOwner::Deal(_) => OwnerRecord::Deal(self.call_as(method, &params).await?),
            CrmOwner::Contact(_) => OwnerRecord::Contact(self.call_as(method, &params).await?),
            CrmOwner::Company(_) => OwnerRecord::Company(self.call_as(method, &params).await?),
        })
    }

    /// The record and its open activities, in one batch: the caller asks the visibility policy
    /// about the record before it shows any of them.
    pub async fn record_activities(&self, owner: CrmOwner) -> Result<RecordActivities, Error> {
        let mut batch = Batch::new();
        batch
            .add("record", owner.get_method(), json!({ "id": owner.id() }))
            .add("open", "crm.activity.list", open_query(owner));
        let results = self.batch(batch).await;
        let record = owner_record(owner, &results, "record")?;
        let envelope = results.get("open")?;
        let open: Vec<Activity> = results.result("open")?;
        let total = envelope.total.map_or(open.len(), |total| total as usize);
        Ok(RecordActivities {
            record,
            open,
            total,
        })
    }

    /// The record and whom a call or meeting on it is with, in one request: for a deal, its
    /// contact and company are read in the same batch by `$result` references.
    pub async fn planning_target(
        &self,
        owner: CrmOwner,
        kind: ActivityKind,
    ) -> Result<PlanningTarget, Error> {
        if !matches!(owner, CrmOwner::Deal(_)) {
            let record = self.owner_record(owner).await?;
            let with = record.counterpart(kind);
            return Ok(PlanningTarget { record, with });
        }
        let mut batch = Batch::new();
        batch
            .add("record", owner.get_method(), json!({ "id": owner.id() }))
            .add(
                "contact",
                "crm.contact.get",
                json!({ "id": reference("record", &["CONTACT_ID"]) }),
            )
            .add(
                "company",
                "crm.company.get",
                json!({ "id": reference("record", &["COMPANY_ID"]) }),
            );
        let results = self.batch(batch).await;
        let deal: Deal = results.result("record")?;
        // A deal without a contact makes the contact command fail: that is "no contact".
        let with = deal
            .contact_id
            .and_then(|_| results.result::<Contact>("contact").ok())
            .map(OwnerRecord::Contact)
            .or_else(|| {
                deal.company_id
                    .and_then(|_| results.result::<Company>("company").ok())
                    .map(OwnerRecord::Company)
            })
            .and_then(|party| party.counterpart(kind));
        let record = OwnerRecord::Deal(deal);
        Ok(PlanningTarget { record, with })
    }

    /// One activity, done or not.
    pub async fn activity(&self, id: u64) -> Result<Activity, Error> {
        self.call_as("crm.activity.get", &json!({ "id": id })).await
    }

    /// One activity and the record it is on, in one batch. The record's type is only known
    /// from the activity, so each type's `get` asks for the activity's owner id through a
    /// `$result` reference, and only the answer of the activity's type is read. `None` for an
    /// activity on no record.
    pub async fn activity_and_record(
        &self,
        id: u64,
    ) -> Result<(Activity, Option<Result<OwnerRecord, Error>>), Error> {
        let kinds = [
            CrmOwner::Lead(0),
            CrmOwner::Deal(0),
            CrmOwner::Contact(0),
            CrmOwner::Company(0),
        ];
        let mut batch = Batch::new();
        batch.add("activity", "crm.activity.get", json!({ "id": id }));
        for kind in kinds {
            batch.add(
                kind.name(),
                kind.get_method(),
                json!({ "id": reference("activity", &["OWNER_ID"]) }),
            );
        }
        let results = self.batch(batch).await;
        let activity: Activity = results.result("activity")?;
        let owner = activity
            .owner_type_id
            .zip(activity.owner_id)
            .and_then(|(type_id, id)| CrmOwner::of(type_id, id));
        let record = owner.map(|owner| owner_record(owner, &results, owner.name()));
        Ok((activity, record))
    }

    /// The record's activities not yet done, earliest first (one page, 50).
    pub async fn open_activities(&self, owner: CrmOwner) -> Result<Vec<Activity>, Error> {
        self.call_as("crm.activity.list", &open_query(owner)).await
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
                        "ENTITY_ID": activity.with.entity.id(),
                        "ENTITY_TYPE_ID": activity.with.entity.type_id(),
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

    /// Adds a comment to the record's timeline in one request, if the record exists and, with
    /// `responsible`, is assigned to them (see [`super::guarded`]). Answers the record.
    pub async fn comment_timeline_guarded(
        &self,
        owner: CrmOwner,
        responsible: Option<u64>,
        text: &str,
    ) -> Result<Guarded<OwnerRecord>, Error> {
        let mut filter = json!({ "ID": owner.id() });
        if let Some(responsible) = responsible {
            filter["ASSIGNED_BY_ID"] = json!(responsible);
        }
        let write = GuardedWrite::new(
            owner.list_method(),
            json!({ "filter": filter }),
            &["0", "ID"],
        );
        // Lower-case `fields`: portals since crm 23.100 accept no other spelling.
        let answer = write
            .send(self, "crm.timeline.comment.add", |id| {
                json!({ "fields": { "ENTITY_ID": id, "ENTITY_TYPE": owner.name(), "COMMENT": text } })
            })
            .await;
        let Guarded::Written((record, written)) = answer.outcome(|rows| owner_rows(owner, rows))?
        else {
            return Ok(Guarded::Refused);
        };
        new_id("crm.timeline.comment.add", &written.result)?;
        Ok(Guarded::Written(record))
    }
}
