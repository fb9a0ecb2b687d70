//! Typed CRM calls: what handlers use instead of method names and parameter maps. Each asks
//! for as little as it needs, in as few HTTP requests as it can.

use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use super::batch::{Batch, reference};
use super::client::{Client, decode};
use super::created::new_id;
use super::error::Error;
use super::guarded::{Guarded, GuardedWrite};
use super::model::{Company, Contact, Deal, Money, Status, User};

/// A page of a list, and where the next one starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: Option<u64>,
    pub next: Option<u64>,
}

/// The columns a deal list needs for a one-line summary.
pub(super) const DEAL_COLUMNS: [&str; 11] = [
    "ID",
    "TITLE",
    "STAGE_ID",
    "CATEGORY_ID",
    "OPPORTUNITY",
    "CURRENCY_ID",
    "COMPANY_ID",
    "CONTACT_ID",
    "ASSIGNED_BY_ID",
    "CLOSED",
    "DATE_CREATE",
];

/// Multi-fields come back from a list only when they are selected.
const CONTACT_COLUMNS: [&str; 8] = [
    "ID",
    "NAME",
    "SECOND_NAME",
    "LAST_NAME",
    "POST",
    "COMPANY_ID",
    "ASSIGNED_BY_ID",
    "PHONE",
];

/// A stage or status a CRM record moves to: the entity (`deal`, `lead`), its field and value,
/// and the columns the answer carries.
pub(super) struct Step<'a> {
    pub(super) entity: &'static str,
    pub(super) field: &'static str,
    pub(super) value: &'a str,
    pub(super) select: &'a [&'a str],
}

/// Which deals a list shows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DealQuery {
    pub assigned_to: Option<u64>,
    pub stage_id: Option<String>,
    /// Where the page starts (a multiple of 50).
    pub start: u64,
}

/// A deal to create. An amount without a currency is in the portal's base currency.
#[derive(Debug, Clone, PartialEq)]
pub struct NewDeal {
    pub title: String,
    pub amount: Option<Money>,
    /// ISO 4217.
    pub currency: Option<String>,
    pub company_id: Option<u64>,
    pub contact_id: Option<u64>,
    pub assigned_by_id: u64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct NewContact {
    pub name: String,
    pub last_name: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub assigned_by_id: u64,
}

/// A contact with its company, read in one request.
#[derive(Debug, Clone, PartialEq)]
pub struct ContactCard {
    pub contact: Contact,
    pub company: Option<Company>,
}

/// A deal with what its card shows, read in one request.
#[derive(Debug, Clone, PartialEq)]
pub struct DealCard {
    pub deal: Deal,
    pub company: Option<Company>,
    pub contact: Option<Contact>,
    pub responsible: Option<User>,
}

impl Client {
    pub async fn deal(&self, id: u64) -> Result<Deal, Error> {
        self.call_as("crm.deal.get", &json!({ "id": id })).await
    }

    /// A deal and its company, contact and responsible person, in one `batch`: the later
    /// commands take their ids from the deal through `$result` references.
    pub async fn deal_card(&self, id: u64) -> Result<DealCard, Error> {
        let mut batch = Batch::new();
        batch
            .add("deal", "crm.deal.get", json!({ "id": id }))
            .add(
                "company",
                "crm.company.get",
                json!({ "id": reference("deal", &["COMPANY_ID"]) }),
            )
            .add(
                "contact",
                "crm.contact.get",
                json!({ "id": reference("deal", &["CONTACT_ID"]) }),
            )
            .add(
                "user",
                "user.get",
                json!({ "ID": reference("deal", &["ASSIGNED_BY_ID"]) }),
            );
        let results = self.batch(batch).await;
        let deal: Deal = results.result("deal")?;
        // A deal without a company makes the company command fail: that is "no company".
        let company = deal
            .company_id
            .and_then(|_| results.result::<Company>("company").ok());
        let contact = deal
            .contact_id
            .and_then(|_| results.result::<Contact>("contact").ok());
        let responsible = results
            .result::<Vec<User>>("user")
            .ok()
            .and_then(|users| users.into_iter().next());
        Ok(DealCard {
            deal,
            company,
            contact,
            responsible,
        })
    }

    /// One page of deals, newest first.
    pub async fn deals(&self, query: &DealQuery) -> Result<Page<Deal>, Error> {
        let mut filter = serde_json::Map::new();
        if let Some(employee) = query.assigned_to {
            filter.insert("ASSIGNED_BY_ID".into(), json!(employee));
        }
        if let Some(stage) = &query.stage_id {
            filter.insert("STAGE_ID".into(), json!(stage));
        }
        let envelope = self
            .call(
                "crm.deal.list",
                &json!({
                    "select": DEAL_COLUMNS,
                    "filter": filter,
                    "order": {"ID": "DESC"},
                    "start": query.start,
                }),
            )
            .await?;
        Ok(Page {
            items: decode("crm.deal.list", envelope.result)?,
            total: envelope.total,
            next: envelope.next,
        })
    }

    pub async fn add_deal(&self, deal: &NewDeal) -> Result<u64, Error> {
        let mut fields = serde_json::Map::new();
        fields.insert("TITLE".into(), json!(deal.title));
        fields.insert("ASSIGNED_BY_ID".into(), json!(deal.assigned_by_id));
        if let Some(amount) = deal.amount {
            fields.insert("OPPORTUNITY".into(), json!(amount.to_wire()));
        }
        if let Some(currency) = &deal.currency {
            fields.insert("CURRENCY_ID".into(), json!(currency));
        }
        if let Some(company) = deal.company_id {
            fields.insert("COMPANY_ID".into(), json!(company));
        }
        if let Some(contact) = deal.contact_id {
            fields.insert("CONTACT_ID".into(), json!(contact));
        }
        let id = self
            .call("crm.deal.add", &json!({ "fields": fields }))
            .await?
            .result;
        new_id("crm.deal.add", &id)
    }

    /// Moves a deal of pipeline `category` to `stage_id` in one request, if it is not at that
    /// stage yet and, with `owner`, is assigned to them (see [`super::guarded`]). Answers the
    /// deal as it was.
    pub async fn move_deal_guarded(
        &self,
        id: u64,
        category: u64,
        stage_id: &str,
        owner: Option<u64>,
    ) -> Result<Guarded<Deal>, Error> {
        let step = Step {
            entity: "deal",
            field: "STAGE_ID",
            value: stage_id,
            select: &DEAL_COLUMNS,
        };
        self.step_guarded(id, step, json!({ "CATEGORY_ID": category }), owner)
            .await
    }

    /// Sets a record's stage or status field in one request, if it is not at that value yet,
    /// matches `filter` besides, and, with `owner`, is assigned to them. Answers the record as
    /// it was.
    pub(super) async fn step_guarded<T: DeserializeOwned>(
        &self,
        id: u64,
        step: Step<'_>,
        mut filter: Value,
        owner: Option<u64>,
    ) -> Result<Guarded<T>, Error> {
        filter["ID"] = json!(id);
        filter[format!("!{}", step.field)] = json!(step.value);
        if let Some(owner) = owner {
            filter["ASSIGNED_BY_ID"] = json!(owner);
        }
        let list = format!("crm.{}.list", step.entity);
        let write = GuardedWrite::new(
            &list,
            json!({ "filter": filter, "select": step.select }),
            &["0", "ID"],
        );
        let fields = json!({ step.field: step.value });
        let answer = write
            .send(
                self,
                &format!("crm.{}.update", step.entity),
                |id| json!({ "id": id, "fields": fields }),
            )
            .await;
        Ok(answer
            .outcome(|result| decode(&list, result))?
            .map(|(record, _)| record))
    }

    /// The stages of a pipeline (0 is the default one), in their order.
    pub async fn deal_stages(&self, category: u64) -> Result<Vec<Status>, Error> {
        let entity = if category == 0 {
            "DEAL_STAGE".to_owned()
        } else {
            format!("DEAL_STAGE_{category}")
        };
        self.call_as(
            "crm.status.list",
            &json!({ "filter": { "ENTITY_ID": entity }, "order": { "SORT": "ASC" } }),
        )
        .await
    }

    pub async fn contact(&self, id: u64) -> Result<Contact, Error> {
        self.call_as("crm.contact.get", &json!({ "id": id })).await
    }

    /// A contact and its company in one `batch`, the company's id taken from the contact
    /// through a `$result` reference.
    pub async fn contact_card(&self, id: u64) -> Result<ContactCard, Error> {
        let mut batch = Batch::new();
        batch
            .add("contact", "crm.contact.get", json!({ "id": id }))
            .add(
                "company",
                "crm.company.get",
                json!({ "id": reference("contact", &["COMPANY_ID"]) }),
            );
        let results = self.batch(batch).await;
        let contact: Contact = results.result("contact")?;
        // A contact without a company makes the company command fail: that is "no company".
        let company = contact
            .company_id
            .and_then(|_| results.result::<Company>("company").ok());
        Ok(ContactCard { contact, company })
    }

    /// Contacts with this phone, whatever its spelling: the portal normalises both sides in
    /// `crm.duplicate.findbycomm`. One request.
    pub async fn contacts_by_phone(&self, phone: &str) -> Result<Vec<Contact>, Error> {
        self.contacts_by_communication("PHONE", phone).await
    }

    pub async fn contacts_by_email(&self, email: &str) -> Result<Vec<Contact>, Error> {
        self.contacts_by_communication("EMAIL", email).await
    }

    /// One batch: the search, and the contacts it found through a `$result` reference. When
    /// nothing is found the reference resolves to `[]` and the list's answer means nothing, so
    /// it is read only when the search found someone.
    async fn contacts_by_communication(
        &self,
        kind: &str,
        value: &str,
    ) -> Result<Vec<Contact>, Error> {
        let mut batch = Batch::new();
        batch
            .add(
                "found",
                "crm.duplicate.findbycomm",
                json!({ "type": kind, "values": [value], "entity_type": "CONTACT" }),
            )
            .add(
                "contacts",
                "crm.contact.list",
                json!({
                    "filter": { "@ID": reference("found", &["CONTACT"]) },
                    "select": CONTACT_COLUMNS,
                    "order": { "ID": "ASC" },
                }),
            );
        let results = self.batch(batch).await;
        // Nothing found is `[]`; found is `{"CONTACT": [ids]}`.
        let found: Value = results.result("found")?;
        let found_any = found
            .get("CONTACT")
            .and_then(Value::as_array)
            .is_some_and(|ids| !ids.is_empty());
        if !found_any {
            return Ok(Vec::new());
        }
        results.result("contacts")
    }

    /// Contacts whose name contains every word of the query, in one request: legacy lists
    /// cannot OR, so each word is looked up in the first and the last name by its own command,
    /// and the union is narrowed here.
    pub async fn contacts_named(&self, query: &str) -> Result<Vec<Contact>, Error> {
        let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
        if words.is_empty() {
            return Ok(Vec::new());
        }
        let mut batch = Batch::new();
        for (index, word) in words.iter().enumerate() {
            for field in ["NAME", "LAST_NAME"] {
                batch.add(
                    format!("{field}{index}"),
                    "crm.contact.list",
                    json!({
                        "filter": { format!("%{field}"): word },
                        "select": CONTACT_COLUMNS,
                        "order": { "ID": "ASC" },
                    }),
                );
            }
        }
        let results = self.batch(batch).await;
        let mut found: Vec<Contact> = Vec::new();
        for (index, _) in words.iter().enumerate() {
            for field in ["NAME", "LAST_NAME"] {
                for contact in results.result::<Vec<Contact>>(&format!("{field}{index}"))? {
                    if !found.iter().any(|c| c.id == contact.id) {
                        found.push(contact);
                    }
                }
            }
        }
        found.retain(|contact| {
            let full = [&contact.name, &contact.second_name, &contact.last_name]
                .into_iter()
                .flatten()
                .map(|part| part.to_lowercase())
                .collect::<Vec<_>>()
                .join(" ");
            words.iter().all(|word| full.contains(word.as_str()))
        });
        Ok(found)
    }

    pub async fn add_contact(&self, contact: &NewContact) -> Result<u64, Error> {
        let mut fields = serde_json::Map::new();
        fields.insert("NAME".into(), json!(contact.name));
        if let Some(last_name) = &contact.last_name {
            fields.insert("LAST_NAME".into(), json!(last_name));
        }
        if let Some(phone) = &contact.phone {
            fields.insert(
                "PHONE".into(),
                json!([{ "VALUE": phone, "VALUE_TYPE": "WORK" }]),
            );
        }
        if let Some(email) = &contact.email {
            fields.insert(
                "EMAIL".into(),
                json!([{ "VALUE": email, "VALUE_TYPE": "WORK" }]),
            );
        }
        fields.insert("ASSIGNED_BY_ID".into(), json!(contact.assigned_by_id));
        let id = self
            .call("crm.contact.add", &json!({ "fields": fields }))
            .await?
            .result;
        new_id("crm.contact.add", &id)
    }

    /// Companies whose title contains the text.
    pub async fn companies_named(&self, text: &str) -> Result<Vec<Company>, Error> {
        self.call_as(
            "crm.company.list",
            &json!({
                "filter": { "%TITLE": text },
                "select": ["ID", "TITLE", "ASSIGNED_BY_ID"],
                "order": { "ID": "ASC" },
            }),
        )
        .await
    }

    pub async fn add_company(&self, title: &str, assigned_by_id: u64) -> Result<u64, Error> {
        let id = self
            .call(
                "crm.company.add",
                &json!({ "fields": { "TITLE": title, "ASSIGNED_BY_ID": assigned_by_id } }),
            )
            .await?
            .result;
        new_id("crm.company.add", &id)
    }
}
