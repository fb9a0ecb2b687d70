//! Contacts: search by name, by phone (any spelling, through the portal's duplicate finder) or
//! by e-mail; the card with phones in international form; creating one from a confirmed form.

use crate::b24::Kind;
use crate::b24::crm::NewContact;
use crate::failure::Failure;
use crate::forms::ContactDraft;
use crate::i18n::Arg;
use crate::intent::{Query, SearchBy};
use crate::reply::{Item, Reply, Tone};
use crate::store::{FormInstance, WriteKey};
use crate::tr;

use super::format::{contact_name, phones, shown_of};
use super::writes::{Audited, Written};
use super::{Actor, Handlers, already_saved, no_access};

/// Contacts listed per search.
const SHOWN: usize = 10;

impl Handlers {
    pub async fn contact_search(&self, actor: &Actor, query: &Query) -> Result<Reply, Failure> {
        let tr = actor.tr;
        let found = match query.by {
            SearchBy::Phone => self.portal.contacts_by_phone(&query.text).await?,
            SearchBy::Email => self.portal.contacts_by_email(&query.text).await?,
            SearchBy::Name => self.portal.contacts_named(&query.text).await?,
        };
        let visible: Vec<_> = found
            .into_iter()
            .filter(|contact| {
                self.policy
                    .may_access(actor.employee, contact.assigned_by_id)
            })
            .collect();
        let header = tr!(
            tr,
            "contacts-found",
            count = Arg::count(visible.len()),
            query = query.text.as_str()
        );
        if visible.is_empty() {
            return Ok(Reply::new().text(header));
        }
        let items = visible.iter().take(SHOWN).map(|contact| {
            let item = Item::new(tr!(
                tr,
                "contact-line",
                id = Arg::id(contact.id),
                name = contact_name(contact)
            ));
            let numbers = phones(&contact.phone);
            if numbers.is_empty() {
                item
            } else {
                item.detail(numbers.join(", "))
            }
        });
        let reply = Reply::new().title(header).bullets(items);
        Ok(shown_of(tr, reply, SHOWN.min(visible.len()), visible.len()))
    }

    /// The contact's card, if the user may see the contact.
    pub async fn contact_show(&self, actor: &Actor, id: u64) -> Result<Reply, Failure> {
        let tr = actor.tr;
        let card = match self.portal.contact_card(id).await {
            Err(error) if error.kind() == Kind::NotFound => {
                return Ok(Reply::new().notice(
                    Tone::Warning,
                    tr!(tr, "contact-not-found", id = Arg::id(id)),
                ));
            }
            card => card?,
        };
        let contact = &card.contact;
        if !self
            .policy
            .may_access(actor.employee, contact.assigned_by_id)
        {
            return Ok(no_access(actor));
        }
        let not_set = || tr.t("card-not-set", &[]);
        let numbers = phones(&contact.phone);
        let emails: Vec<String> = contact.email.iter().map(|e| e.value.clone()).collect();
        Ok(Reply::new()
            .title(tr!(
                tr,
                "contact-card-header",
                id = Arg::id(contact.id),
                name = contact_name(contact)
            ))
            .field(tr.t("card-phone", &[]), one_per_line(&numbers, not_set))
            .field(tr.t("card-email", &[]), one_per_line(&emails, not_set))
            .field(
                tr.t("card-company", &[]),
                card.company
                    .map(|company| company.title)
                    .unwrap_or_else(not_set),
            ))
    }

    /// Creates the contact of a confirmed form, at most once per form run, with the acting
    /// employee responsible.
    pub async fn create_contact(
        &self,
        actor: &Actor,
        instance: &FormInstance,
        draft: &ContactDraft,
    ) -> Result<Reply, Failure> {
        let full = draft.name.clone().ok_or(Failure::Incomplete("name"))?;
        // "Ivan Petrov": the first word is the given name, the rest the last name.
        let (name, last_name) = match full.split_once(char::is_whitespace) {
            Some((name, rest)) => (name.to_owned(), Some(rest.trim().to_owned())),
            None => (full.clone(), None),
        };
        let contact = NewContact {
            name,
            last_name,
            phone: draft.phone.clone(),
            email: draft.email.clone(),
            assigned_by_id: actor.employee,
        };
        let written = self
            .write_once(
                actor,
                WriteKey::new(instance, "contact.create"),
                Audited {
                    method: "crm.contact.add",
                    entity: "contact",
                },
                self.portal.add_contact(&contact),
            )
            .await?;
        Ok(match written {
            Written::Now(id) => Reply::new().notice(
                Tone::Success,
                tr!(actor.tr, "contact-created", name = full, id = Arg::id(id)),
            ),
            Written::Before(_) | Written::InFlight => already_saved(actor),
        })
    }
}

/// A multi-field's values one per line, or "not set" when there are none.
fn one_per_line(values: &[String], not_set: impl FnOnce() -> String) -> String {
    if values.is_empty() {
        not_set()
    } else {
        values.join("\n")
    }
}
