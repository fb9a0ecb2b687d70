//! Companies: search by title, the card with the company's deals and contacts (one batch), and
//! creating one from a confirmed form. A digits-only search (`/company 3`) opens company 3: the
//! parse contract keeps it a search, and no company is titled "3" that a user means to find.

use crate::b24::Kind;
use crate::failure::Failure;
use crate::forms::CompanyDraft;
use crate::i18n::Arg;
use crate::reply::{Item, Reply, Tone};
use crate::store::{FormInstance, WriteKey};
use crate::tr;

use super::format::{contact_name, money, phones};
use super::stages::{category_of, name_of};
use super::writes::{Audited, Written};
use super::{Actor, Handlers, already_saved, no_access};

/// Companies, deals and contacts listed per message.
const SHOWN: usize = 10;

impl Handlers {
    /// The companies the user may see whose title contains `query`; a number opens that one.
    pub async fn company_search(&self, actor: &Actor, query: &str) -> Result<Reply, Failure> {
        if let Ok(id) = query.trim_start_matches('#').parse::<u64>() {
            return self.company_show(actor, id).await;
        }
        let tr = actor.tr;
        let found: Vec<_> = self
            .portal
            .companies_named(query)
            .await?
            .into_iter()
            .filter(|company| {
                self.policy
                    .may_access(actor.employee, company.assigned_by_id)
            })
            .collect();
        let header = tr!(
            tr,
            "companies-found",
            count = Arg::count(found.len()),
            query = query
        );
        if found.is_empty() {
            return Ok(Reply::new().text(header));
        }
        Ok(Reply::new()
            .title(header)
            .bullets(found.iter().take(SHOWN).map(|company| {
                Item::new(tr!(
                    tr,
                    "company-line",
                    id = Arg::id(company.id),
                    title = &company.title
                ))
            })))
    }

    /// The company's card with the deals and contacts the user may see, in one batch (and the
    /// deal stages, cached).
    pub async fn company_show(&self, actor: &Actor, id: u64) -> Result<Reply, Failure> {
        let tr = actor.tr;
        let card = match self.portal.company_card(id).await {
            Err(error) if error.kind() == Kind::NotFound => {
                return Ok(Reply::new().notice(
                    Tone::Warning,
                    tr!(tr, "company-not-found", id = Arg::id(id)),
                ));
            }
            card => card?,
        };
        let company = &card.company;
        if !self
            .policy
            .may_access(actor.employee, company.assigned_by_id)
        {
            return Ok(no_access(actor));
        }
        let numbers = phones(&company.phone);
        let mut reply = Reply::new().title(tr!(
            tr,
            "company-card-header",
            id = Arg::id(company.id),
            title = &company.title
        ));
        if !numbers.is_empty() {
            reply = reply.field(tr.t("card-phone", &[]), numbers.join("\n"));
        }
        let deals: Vec<_> = card
            .deals
            .iter()
            .filter(|deal| self.policy.may_access(actor.employee, deal.assigned_by_id))
            .take(SHOWN)
            .collect();
        reply = reply.text(tr!(tr, "company-deals", count = Arg::count(deals.len())));
        let mut items = Vec::new();
        for deal in deals {
            // Each pipeline's stages are cached, so a second deal of the same one costs nothing.
            let stages = self.stages.of(category_of(&deal.stage_id)).await?;
            let detail = tr!(
                tr,
                "deal-line-detail",
                stage = name_of(&stages, &deal.stage_id),
                amount = money(
                    tr,
                    deal.opportunity.map(|amount| amount.cents()),
                    deal.currency_id.as_deref()
                )
            );
            items.push(
                Item::new(tr!(
                    tr,
                    "deal-line",
                    id = Arg::id(deal.id),
                    title = &deal.title
                ))
                .detail(detail),
            );
        }
        if !items.is_empty() {
            reply = reply.bullets(items);
        }
        let contacts: Vec<_> = card
            .contacts
            .iter()
            .filter(|contact| {
                self.policy
                    .may_access(actor.employee, contact.assigned_by_id)
            })
            .take(SHOWN)
            .collect();
        reply = reply.text(tr!(
            tr,
            "company-contacts",
            count = Arg::count(contacts.len())
        ));
        if !contacts.is_empty() {
            reply = reply.bullets(contacts.iter().map(|contact| {
                let item = Item::new(tr!(
                    tr,
                    "contact-line",
                    id = Arg::id(contact.id),
                    name = contact_name(contact)
                ));
                match phones(&contact.phone).into_iter().next() {
                    Some(number) => item.detail(number),
                    None => item,
                }
            }));
        }
        Ok(reply)
    }

    /// Creates the company of a confirmed form, at most once per form run, assigned to the user.
    pub async fn create_company(
        &self,
        actor: &Actor,
        instance: &FormInstance,
        draft: &CompanyDraft,
    ) -> Result<Reply, Failure> {
        let title = draft.title.clone().ok_or(Failure::Incomplete("title"))?;
        let written = self
            .write_once(
                actor,
                WriteKey::new(instance, "company.create"),
                Audited {
                    method: "crm.company.add",
                    entity: "company",
                },
                self.portal.add_company(&title, actor.employee),
            )
            .await?;
        Ok(match written {
            Written::Now(id) => Reply::new().notice(
                Tone::Success,
                tr!(actor.tr, "company-created", title = title, id = Arg::id(id)),
            ),
            Written::Before(_) | Written::InFlight => already_saved(actor),
        })
    }
}
