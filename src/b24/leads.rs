//! Typed lead calls: create, list one person's leads, show one, and move it through the lead
//! statuses, whose names each portal sets itself (`crm.status.list`, `ENTITY_ID=STATUS`).

use serde_json::json;

use super::client::{Client, decode};
use super::created::new_id;
use super::crm::{Page, Step};
use super::error::Error;
use super::guarded::Guarded;
use super::model::{Lead, Status};

/// What a lead list shows in one line; `PHONE` only comes back from a list when named.
const LEAD_COLUMNS: [&str; 11] = [
    "ID",
    "TITLE",
    "NAME",
    "LAST_NAME",
    "STATUS_ID",
    "OPPORTUNITY",
    "CURRENCY_ID",
    "COMPANY_TITLE",
    "ASSIGNED_BY_ID",
    "DATE_CREATE",
    "PHONE",
];

/// A lead's status. Every portal has the five system statuses; it may add its own, which keep
/// the code the portal gave them.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum LeadStatus {
    New,
    InProcess,
    Processed,
    Junk,
    /// The lead became a deal, contact or company: the success status.
    Converted,
    /// A status the portal added (`crm.status.list` lists it).
    Other(String),
}

impl LeadStatus {
    /// The status of a `STATUS_ID`; system codes always become their own variant, so the same
    /// status never has two spellings.
    pub fn from_code(code: &str) -> Self {
        match code {
            "NEW" => Self::New,
            "IN_PROCESS" => Self::InProcess,
            "PROCESSED" => Self::Processed,
            "JUNK" => Self::Junk,
            "CONVERTED" => Self::Converted,
            other => Self::Other(other.to_owned()),
        }
    }

    /// The `STATUS_ID` the portal knows the status by.
    pub fn code(&self) -> &str {
        match self {
            Self::New => "NEW",
            Self::InProcess => "IN_PROCESS",
            Self::Processed => "PROCESSED",
            Self::Junk => "JUNK",
            Self::Converted => "CONVERTED",
            Self::Other(code) => code,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct NewLead {
    pub title: String,
    /// The contact person's name, as the form asks for it.
    pub name: Option<String>,
    pub phone: Option<String>,
    pub assigned_by_id: u64,
}

impl Client {
    /// Creates a lead in the `NEW` status; answers its id.
    pub async fn add_lead(&self, lead: &NewLead) -> Result<u64, Error> {
        let mut fields = serde_json::Map::new();
        fields.insert("TITLE".into(), json!(lead.title));
        fields.insert("STATUS_ID".into(), json!(LeadStatus::New.code()));
        fields.insert("ASSIGNED_BY_ID".into(), json!(lead.assigned_by_id));
        if let Some(name) = &lead.name {
            fields.insert("NAME".into(), json!(name));
        }
        if let Some(phone) = &lead.phone {
            fields.insert(
                "PHONE".into(),
                json!([{ "VALUE": phone, "VALUE_TYPE": "WORK" }]),
            );
        }
        let id = self
            .call("crm.lead.add", &json!({ "fields": fields }))
            .await?
            .result;
        new_id("crm.lead.add", &id)
    }

    /// One lead with its phones and e-mails (`get` returns multi-fields without being asked).
    pub async fn lead(&self, id: u64) -> Result<Lead, Error> {
        self.call_as("crm.lead.get", &json!({ "id": id })).await
    }

    /// One page of the leads assigned to a person, newest first. `start` is where the page
    /// begins (a multiple of 50).
    pub async fn leads_of(&self, assigned_to: u64, start: u64) -> Result<Page<Lead>, Error> {
        let envelope = self
            .call(
                "crm.lead.list",
                &json!({
                    "select": LEAD_COLUMNS,
                    "filter": { "ASSIGNED_BY_ID": assigned_to },
                    "order": { "ID": "DESC" },
                    "start": start,
                }),
            )
            .await?;
        Ok(Page {
            items: decode("crm.lead.list", envelope.result)?,
            total: envelope.total,
            next: envelope.next,
        })
    }

    /// Moves a lead to a status in one request, if it is not there yet and, with `owner`, is
    /// assigned to them (see [`super::guarded`]). Setting `CONVERTED` only marks the lead: the
    /// deal or contact it became is created by its own call. Answers the lead as it was.
    pub async fn set_lead_status_guarded(
        &self,
        id: u64,
        status: &LeadStatus,
        owner: Option<u64>,
    ) -> Result<Guarded<Lead>, Error> {
        let step = Step {
            entity: "lead",
            field: "STATUS_ID",
            value: status.code(),
            select: &LEAD_COLUMNS,
        };
        self.step_guarded(id, step, json!({}), owner).await
    }

    /// The portal's lead statuses with its own names, in its order.
    pub async fn lead_statuses(&self) -> Result<Vec<Status>, Error> {
        self.call_as(
            "crm.status.list",
            &json!({ "filter": { "ENTITY_ID": "STATUS" }, "order": { "SORT": "ASC" } }),
        )
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::LeadStatus;

    #[test]
    fn system_codes_have_one_spelling() {
        for code in [
            "NEW",
            "IN_PROCESS",
            "PROCESSED",
            "JUNK",
            "CONVERTED",
            "UC_X1",
        ] {
            assert_eq!(LeadStatus::from_code(code).code(), code);
        }
        assert_eq!(LeadStatus::from_code("JUNK"), LeadStatus::Junk);
        assert_eq!(
            LeadStatus::from_code("UC_X1"),
            LeadStatus::Other("UC_X1".into())
        );
    }
}
