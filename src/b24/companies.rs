//! A company's card. Searching and creating companies are CRM calls of their own
//! (`companies_named`, `add_company` in [`super::crm`]).

use serde_json::json;

use super::batch::Batch;
use super::client::Client;
use super::error::Error;
use super::model::{Company, Contact, Deal};

/// A company with its deals (newest first) and contacts, read in one request, each with whom
/// it is assigned to (the visibility policy decides on that). Each list is one
/// page (50); the totals say how many there are in all.
#[derive(Debug, Clone, PartialEq)]
pub struct CompanyCard {
    pub company: Company,
    pub deals: Vec<Deal>,
    pub contacts: Vec<Contact>,
    pub deal_total: Option<u64>,
    pub contact_total: Option<u64>,
}

impl Client {
    /// A company, its deals and its contacts in one `batch`: the lists filter on the id the
    /// caller already has, so no command waits for another.
    pub async fn company_card(&self, id: u64) -> Result<CompanyCard, Error> {
        let mut batch = Batch::new();
        batch
            .add("company", "crm.company.get", json!({ "id": id }))
            .add(
                "deals",
                "crm.deal.list",
                json!({
                    "filter": { "COMPANY_ID": id },
                    "select": ["ID", "TITLE", "STAGE_ID", "CATEGORY_ID", "OPPORTUNITY",
                               "CURRENCY_ID", "COMPANY_ID", "ASSIGNED_BY_ID", "CLOSED"],
                    "order": { "ID": "DESC" },
                }),
            )
            .add(
                "contacts",
                "crm.contact.list",
                json!({
                    "filter": { "COMPANY_ID": id },
                    "select": ["ID", "NAME", "LAST_NAME", "POST", "COMPANY_ID", "ASSIGNED_BY_ID",
                               "PHONE", "EMAIL"],
                    "order": { "ID": "ASC" },
                }),
            );
        let results = self.batch(batch).await;
        let company = results.result("company")?;
        let deals = results.get("deals")?;
        let contacts = results.get("contacts")?;
        Ok(CompanyCard {
            company,
            deal_total: deals.total,
            contact_total: contacts.total,
            deals: results.result("deals")?,
            contacts: results.result("contacts")?,
        })
    }
}
