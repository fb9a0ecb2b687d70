//! CRM data: the four legacy entities (schema-driven records), activities, the status
//! dictionaries and pipelines, deal contacts and timeline comments.

use std::collections::BTreeMap;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::record::{FieldSpec, Kind, Record, Table};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Entity {
    Lead,
    Deal,
    Contact,
    Company,
}

impl Entity {
    pub const ALL: [Entity; 4] = [Entity::Lead, Entity::Deal, Entity::Contact, Entity::Company];

    /// The entityTypeId of `crm.item.*` and activity owners.
    pub fn type_id(self) -> u64 {
        match self {
            Entity::Lead => 1,
            Entity::Deal => 2,
            Entity::Contact => 3,
            Entity::Company => 4,
        }
    }

    pub fn from_type_id(id: u64) -> Option<Entity> {
        Entity::ALL.into_iter().find(|e| e.type_id() == id)
    }

    /// The lower-case name used in method names and `ENTITY_TYPE` (`deal`).
    pub fn name(self) -> &'static str {
        match self {
            Entity::Lead => "lead",
            Entity::Deal => "deal",
            Entity::Contact => "contact",
            Entity::Company => "company",
        }
    }

    pub fn from_name(name: &str) -> Option<Entity> {
        Entity::ALL
            .into_iter()
            .find(|e| e.name().eq_ignore_ascii_case(name))
    }

    pub fn schema(self) -> &'static [FieldSpec] {
        match self {
            Entity::Lead => LEAD,
            Entity::Deal => DEAL,
            Entity::Contact => CONTACT,
            Entity::Company => COMPANY,
        }
    }

    /// Multi-fields (PHONE, EMAIL, …) exist on these entities only.
    pub fn has_multi_fields(self) -> bool {
        self != Entity::Deal
    }
}

const fn f(name: &'static str, kind: Kind, title: &'static str) -> FieldSpec {
    FieldSpec::new(name, kind, title)
}

pub static DEAL: &[FieldSpec] = &[
    f("ID", Kind::Id, "ID").read_only(),
    f("TITLE", Kind::Text, "Name"),
    f("TYPE_ID", Kind::Status("DEAL_TYPE"), "Type"),
    f("CATEGORY_ID", Kind::Category, "Pipeline").immutable(),
    f("STAGE_ID", Kind::Status("DEAL_STAGE"), "Stage"),
    f("STAGE_SEMANTIC_ID", Kind::Text, "Stage group").read_only(),
    f("IS_NEW", Kind::Flag, "New deal").read_only(),
    f("IS_RECURRING", Kind::Flag, "Recurring deal"),
    f("IS_RETURN_CUSTOMER", Kind::Flag, "Repeat deal").read_only(),
    f("IS_REPEATED_APPROACH", Kind::Flag, "Repeat inquiry").read_only(),
    f("PROBABILITY", Kind::Int, "Probability"),
    f("CURRENCY_ID", Kind::Currency, "Currency"),
    f("OPPORTUNITY", Kind::Money, "Amount"),
    f("IS_MANUAL_OPPORTUNITY", Kind::Flag, "Manual amount"),
    f("TAX_VALUE", Kind::Money, "Tax rate"),
    f("COMPANY_ID", Kind::Company, "Company"),
    f("CONTACT_ID", Kind::Contact, "Contact"),
    f("BEGINDATE", Kind::Date, "Start date"),
    f("CLOSEDATE", Kind::Date, "End date"),
    f("OPENED", Kind::Flag, "Available to everyone"),
    f("CLOSED", Kind::Flag, "Closed").read_only(),
    f("COMMENTS", Kind::Text, "Comment"),
    f("ASSIGNED_BY_ID", Kind::User, "Responsible person"),
    f("CREATED_BY_ID", Kind::User, "Created by").read_only(),
    f("MODIFY_BY_ID", Kind::User, "Modified by").read_only(),
    f("MOVED_BY_ID", Kind::User, "Stage changed by").read_only(),
    f("DATE_CREATE", Kind::DateTime, "Created on").read_only(),
    f("DATE_MODIFY", Kind::DateTime, "Modified on").read_only(),
    f("MOVED_TIME", Kind::DateTime, "Stage changed on").read_only(),
    f("SOURCE_ID", Kind::Status("SOURCE"), "Source"),
    f("SOURCE_DESCRIPTION", Kind::Text, "Source information"),
    f("LEAD_ID", Kind::Lead, "Lead"),
    f("ADDITIONAL_INFO", Kind::Text, "Additional information"),
    f("ORIGINATOR_ID", Kind::Text, "External source"),
    f("ORIGIN_ID", Kind::Text, "Item ID in data source"),
    f("UTM_SOURCE", Kind::Text, "Ad system"),
    f("UTM_MEDIUM", Kind::Text, "Medium"),
    f("UTM_CAMPAIGN", Kind::Text, "Ad campaign UTM"),
    f("UTM_CONTENT", Kind::Text, "Campaign contents"),
    f("UTM_TERM", Kind::Text, "Campaign search term"),
    f("LAST_ACTIVITY_TIME", Kind::DateTime, "Last activity").read_only(),
    f("LAST_ACTIVITY_BY", Kind::User, "Last activity by").read_only(),
];

pub static CONTACT: &[FieldSpec] = &[
    f("ID", Kind::Id, "ID").read_only(),
    f("HONORIFIC", Kind::Status("HONORIFIC"), "Salutation"),
    f("NAME", Kind::Text, "First name"),
    f("SECOND_NAME", Kind::Text, "Second name"),
    f("LAST_NAME", Kind::Text, "Last name"),
    f("POST", Kind::Text, "Position"),
    f("TYPE_ID", Kind::Status("CONTACT_TYPE"), "Contact type"),
    f("SOURCE_ID", Kind::Status("SOURCE"), "Source"),
    f("SOURCE_DESCRIPTION", Kind::Text, "Source information"),
    f("COMPANY_ID", Kind::Company, "Company"),
    f("BIRTHDATE", Kind::Date, "Date of birth"),
    f("EXPORT", Kind::Flag, "Included in export"),
    f("HAS_PHONE", Kind::Flag, "Has phone").read_only(),
    f("HAS_EMAIL", Kind::Flag, "Has email").read_only(),
    f("HAS_IMOL", Kind::Flag, "Has Open Channel").read_only(),
    f("OPENED", Kind::Flag, "Available to everyone"),
    f("ASSIGNED_BY_ID", Kind::User, "Responsible person"),
    f("CREATED_BY_ID", Kind::User, "Created by").read_only(),
    f("MODIFY_BY_ID", Kind::User, "Modified by").read_only(),
    f("DATE_CREATE", Kind::DateTime, "Created on").read_only(),
    f("DATE_MODIFY", Kind::DateTime, "Modified on").read_only(),
    f("COMMENTS", Kind::Text, "Comment"),
    f("LEAD_ID", Kind::Lead, "Lead"),
    f("ADDRESS", Kind::Text, "Address"),
    f("ORIGINATOR_ID", Kind::Text, "External source"),
    f("ORIGIN_ID", Kind::Text, "Item ID in data source"),
    f("LAST_ACTIVITY_TIME", Kind::DateTime, "Last activity").read_only(),
    f("LAST_ACTIVITY_BY", Kind::User, "Last activity by").read_only(),
    f("PHONE", Kind::Multi, "Phone"),
    f("EMAIL", Kind::Multi, "E-mail"),
    f("WEB", Kind::Multi, "Website"),
    f("IM", Kind::Multi, "Messenger"),
];

pub static COMPANY: &[FieldSpec] = &[
    f("ID", Kind::Id, "ID").read_only(),
    f("TITLE", Kind::Text, "Company name"),
    f("COMPANY_TYPE", Kind::Status("COMPANY_TYPE"), "Company type"),
    f("INDUSTRY", Kind::Status("INDUSTRY"), "Industry"),
    f("EMPLOYEES", Kind::Status("EMPLOYEES"), "Employees"),
    f("CURRENCY_ID", Kind::Currency, "Currency"),
    f("REVENUE", Kind::Money, "Annual revenue"),
    f("IS_MY_COMPANY", Kind::Flag, "My company"),
    f("BANKING_DETAILS", Kind::Text, "Payment details"),
    f("ADDRESS", Kind::Text, "Address"),
    f("COMMENTS", Kind::Text, "Comment"),
    f("HAS_PHONE", Kind::Flag, "Has phone").read_only(),
    f("HAS_EMAIL", Kind::Flag, "Has email").read_only(),
    f("HAS_IMOL", Kind::Flag, "Has Open Channel").read_only(),
    f("OPENED", Kind::Flag, "Available to everyone"),
    f("ASSIGNED_BY_ID", Kind::User, "Responsible person"),
    f("CREATED_BY_ID", Kind::User, "Created by").read_only(),
    f("MODIFY_BY_ID", Kind::User, "Modified by").read_only(),
    f("DATE_CREATE", Kind::DateTime, "Created on").read_only(),
    f("DATE_MODIFY", Kind::DateTime, "Modified on").read_only(),
    f("LEAD_ID", Kind::Lead, "Lead"),
    f("ORIGINATOR_ID", Kind::Text, "External source"),
    f("ORIGIN_ID", Kind::Text, "Item ID in data source"),
    f("LAST_ACTIVITY_TIME", Kind::DateTime, "Last activity").read_only(),
    f("LAST_ACTIVITY_BY", Kind::User, "Last activity by").read_only(),
    f("PHONE", Kind::Multi, "Phone"),
    f("EMAIL", Kind::Multi, "E-mail"),
    f("WEB", Kind::Multi, "Website"),
    f("IM", Kind::Multi, "Messenger"),
];

pub static LEAD: &[FieldSpec] = &[
    f("ID", Kind::Id, "ID").read_only(),
    f("TITLE", Kind::Text, "Lead name"),
    f("HONORIFIC", Kind::Status("HONORIFIC"), "Salutation"),
    f("NAME", Kind::Text, "First name"),
    f("SECOND_NAME", Kind::Text, "Second name"),
    f("LAST_NAME", Kind::Text, "Last name"),
    f("BIRTHDATE", Kind::Date, "Date of birth"),
    f("COMPANY_TITLE", Kind::Text, "Company name"),
    f("SOURCE_ID", Kind::Status("SOURCE"), "Source"),
    f("SOURCE_DESCRIPTION", Kind::Text, "Source information"),
    f("STATUS_ID", Kind::Status("STATUS"), "Stage"),
    f("STATUS_DESCRIPTION", Kind::Text, "Stage information"),
    f("STATUS_SEMANTIC_ID", Kind::Text, "Status details").read_only(),
    f("POST", Kind::Text, "Position"),
    f("ADDRESS", Kind::Text, "Address"),
    f("CURRENCY_ID", Kind::Currency, "Currency"),
    f("OPPORTUNITY", Kind::Money, "Amount"),
    f("IS_MANUAL_OPPORTUNITY", Kind::Flag, "Manual amount"),
    f("OPENED", Kind::Flag, "Available to everyone"),
    f("COMMENTS", Kind::Text, "Comment"),
    f("HAS_PHONE", Kind::Flag, "Has phone").read_only(),
    f("HAS_EMAIL", Kind::Flag, "Has email").read_only(),
    f("HAS_IMOL", Kind::Flag, "Has Open Channel").read_only(),
    f("ASSIGNED_BY_ID", Kind::User, "Responsible person"),
    f("CREATED_BY_ID", Kind::User, "Created by").read_only(),
    f("MODIFY_BY_ID", Kind::User, "Modified by").read_only(),
    f("MOVED_BY_ID", Kind::User, "Stage changed by").read_only(),
    f("DATE_CREATE", Kind::DateTime, "Created on").read_only(),
    f("DATE_MODIFY", Kind::DateTime, "Modified on").read_only(),
    f("MOVED_TIME", Kind::DateTime, "Stage changed on").read_only(),
    f("COMPANY_ID", Kind::Company, "Company"),
    f("CONTACT_ID", Kind::Contact, "Contact"),
    f("IS_RETURN_CUSTOMER", Kind::Flag, "Repeat lead").read_only(),
    f("DATE_CLOSED", Kind::DateTime, "Closed on").read_only(),
    f("ORIGINATOR_ID", Kind::Text, "External source"),
    f("ORIGIN_ID", Kind::Text, "Item ID in data source"),
    f("UTM_SOURCE", Kind::Text, "Ad system"),
    f("UTM_MEDIUM", Kind::Text, "Medium"),
    f("UTM_CAMPAIGN", Kind::Text, "Ad campaign UTM"),
    f("UTM_CONTENT", Kind::Text, "Campaign contents"),
    f("UTM_TERM", Kind::Text, "Campaign search term"),
    f("LAST_ACTIVITY_TIME", Kind::DateTime, "Last activity").read_only(),
    f("LAST_ACTIVITY_BY", Kind::User, "Last activity by").read_only(),
    f("PHONE", Kind::Multi, "Phone"),
    f("EMAIL", Kind::Multi, "E-mail"),
    f("WEB", Kind::Multi, "Website"),
    f("IM", Kind::Multi, "Messenger"),
];

pub static ACTIVITY: &[FieldSpec] = &[
    f("ID", Kind::Id, "ID").read_only(),
    f("OWNER_ID", Kind::Int, "Owner ID").required(),
    f("OWNER_TYPE_ID", Kind::Int, "Owner type").required(),
    f("TYPE_ID", Kind::Int, "Type").required(),
    f("PROVIDER_ID", Kind::Text, "Provider"),
    f("PROVIDER_TYPE_ID", Kind::Text, "Provider type"),
    f("ASSOCIATED_ENTITY_ID", Kind::Int, "Associated entity"),
    f("SUBJECT", Kind::Text, "Subject").required(),
    f("CREATED", Kind::DateTime, "Created on").read_only(),
    f("LAST_UPDATED", Kind::DateTime, "Updated on").read_only(),
    f("START_TIME", Kind::DateTime, "Start time"),
    f("END_TIME", Kind::DateTime, "End time"),
    f("DEADLINE", Kind::DateTime, "Deadline"),
    f("COMPLETED", Kind::Flag, "Completed"),
    f("STATUS", Kind::Int, "Status").read_only(),
    f("RESPONSIBLE_ID", Kind::User, "Responsible person"),
    f("PRIORITY", Kind::Int, "Priority"),
    f("NOTIFY_TYPE", Kind::Int, "Notification type"),
    f("NOTIFY_VALUE", Kind::Int, "Notification value"),
    f("DESCRIPTION", Kind::Text, "Description"),
    f("DESCRIPTION_TYPE", Kind::Int, "Description type"),
    f("DIRECTION", Kind::Int, "Direction"),
    f("LOCATION", Kind::Text, "Location"),
    f("SETTINGS", Kind::List, "Settings"),
    f("ORIGINATOR_ID", Kind::Text, "Data source"),
    f("ORIGIN_ID", Kind::Text, "Item ID in data source"),
    f("AUTHOR_ID", Kind::User, "Created by").read_only(),
    f("EDITOR_ID", Kind::User, "Modified by").read_only(),
    f("COMMUNICATIONS", Kind::List, "Communications").on_request(),
];

/// What a stage or lead status means for the entity's life cycle.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Semantics {
    Process,
    Success,
    Failure,
}

impl Semantics {
    /// `STAGE_SEMANTIC_ID` letters.
    pub fn letter(self) -> &'static str {
        match self {
            Semantics::Process => "P",
            Semantics::Success => "S",
            Semantics::Failure => "F",
        }
    }
}

/// A row of `crm.status.list`: one value of one dictionary (`DEAL_STAGE`, `SOURCE`, …).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Status {
    pub id: u64,
    pub entity_id: String,
    pub status_id: String,
    pub name: String,
    pub sort: u32,
    pub category_id: Option<u64>,
    pub color: Option<String>,
    /// Only pipeline stages and lead statuses have semantics.
    pub semantics: Option<Semantics>,
}

/// A deal pipeline; id 0 is the default one.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Category {
    pub id: u64,
    pub name: String,
    pub sort: u32,
}

/// A contact bound to a deal (`crm.deal.contact.items.get`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DealContact {
    pub contact_id: u64,
    pub sort: u32,
    pub is_primary: bool,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct TimelineComment {
    pub id: u64,
    pub entity: Entity,
    pub entity_id: u64,
    pub comment: String,
    pub author_id: u64,
    pub created: Timestamp,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Crm {
    pub leads: Table<Record>,
    pub deals: Table<Record>,
    pub contacts: Table<Record>,
    pub companies: Table<Record>,
    pub activities: Table<Record>,
    pub statuses: Table<Status>,
    pub categories: Vec<Category>,
    pub deal_contacts: BTreeMap<u64, Vec<DealContact>>,
    pub comments: Table<TimelineComment>,
    /// Multi-field values have their own ids, unique across entities.
    multi_seq: u64,
}

impl Crm {
    pub fn table(&self, entity: Entity) -> &Table<Record> {
        match entity {
            Entity::Lead => &self.leads,
            Entity::Deal => &self.deals,
            Entity::Contact => &self.contacts,
            Entity::Company => &self.companies,
        }
    }

    pub fn table_mut(&mut self, entity: Entity) -> &mut Table<Record> {
        match entity {
            Entity::Lead => &mut self.leads,
            Entity::Deal => &mut self.deals,
            Entity::Contact => &mut self.contacts,
            Entity::Company => &mut self.companies,
        }
    }

    pub fn next_multi_id(&mut self) -> u64 {
        self.multi_seq += 1;
        self.multi_seq
    }

    /// The dictionary a status-typed field refers to; deal stages depend on the pipeline.
    pub fn dictionary(&self, entity_id: &str) -> impl Iterator<Item = &Status> {
        self.statuses
            .values()
            .filter(move |s| s.entity_id == entity_id)
    }

    pub fn status(&self, entity_id: &str, status_id: &str) -> Option<&Status> {
        self.dictionary(entity_id)
            .find(|s| s.status_id == status_id)
    }

    pub fn category(&self, id: u64) -> Option<&Category> {
        self.categories.iter().find(|c| c.id == id)
    }

    /// The first stage of a pipeline, where new deals land.
    pub fn first_stage(&self, category_id: u64) -> Option<&Status> {
        self.dictionary(&stage_dictionary(category_id))
            .min_by_key(|s| s.sort)
    }

    pub fn add_status(
        &mut self,
        entity_id: &str,
        status_id: &str,
        name: &str,
        sort: u32,
        semantics: Option<Semantics>,
        color: Option<&str>,
    ) {
        let category_id = entity_id
            .strip_prefix("DEAL_STAGE_")
            .and_then(|n| n.parse().ok())
            .or((entity_id == "DEAL_STAGE").then_some(0));
        self.statuses.insert_with(|id| Status {
            id,
            entity_id: entity_id.to_owned(),
            status_id: status_id.to_owned(),
            name: name.to_owned(),
            sort,
            category_id,
            color: color.map(str::to_owned),
            semantics,
        });
    }
}

/// `crm.status.list` ENTITY_ID of a pipeline's stages: `DEAL_STAGE` for the default one.
pub fn stage_dictionary(category_id: u64) -> String {
    if category_id == 0 {
        "DEAL_STAGE".to_owned()
    } else {
        format!("DEAL_STAGE_{category_id}")
    }
}

/// Stage ids of non-default pipelines carry the pipeline: `C1:NEW`.
pub fn stage_id(category_id: u64, code: &str) -> String {
    if category_id == 0 {
        code.to_owned()
    } else {
        format!("C{category_id}:{code}")
    }
}
