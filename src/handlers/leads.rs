//! Leads: the user's own, newest first; a lead's card; moving it to a status named by its id or
//! the portal's own name for it (statuses cached with the deal stages); creating one from a
//! confirmed form.

use crate::b24::leads::{LeadStatus, NewLead};
use crate::b24::model::{Lead, Status};
use crate::b24::{Guarded, Kind};
use crate::failure::Failure;
use crate::forms::LeadDraft;
use crate::i18n::{Arg, Tr};
use crate::reply::{Item, Reply, Tone};
use crate::store::{FormInstance, WriteKey};
use crate::tr;

use super::format::{money, phones, shown_of};
use super::stages::{find, name_of};
use super::writes::{Audited, Written};
use super::{Actor, Handlers, already_saved, changed_meanwhile, no_access};

/// Leads listed per message.
const SHOWN: usize = 10;

impl Handlers {
    /// The user's own leads, newest first (a lead list has no "everyone's" scope).
    pub async fn lead_list(&self, actor: &Actor) -> Result<Reply, Failure> {
        let tr = actor.tr;
        let page = self.portal.leads_of(actor.employee, 0).await?;
        if page.items.is_empty() {
            return Ok(Reply::new().text(tr.t("leads-none", &[])));
        }
        let statuses = self.stages.of_leads().await?;
        let total = page.total.map_or(page.items.len(), |total| total as usize);
        let items = page.items.iter().take(SHOWN).map(|lead| {
            let mut detail = vec![name_of(&statuses, &lead.status_id)];
            detail.extend(person(lead));
            detail.extend(phones(&lead.phone).into_iter().next());
            Item::new(tr!(
                tr,
                "lead-line",
                id = Arg::id(lead.id),
                title = &lead.title
            ))
            .detail(detail.join(" · "))
        });
        let reply = Reply::new()
            .title(tr!(tr, "leads-mine", count = Arg::count(total)))
            .bullets(items);
        Ok(shown_of(tr, reply, SHOWN.min(total), total))
    }

    /// The lead's card, if the user may see the lead.
    pub async fn lead_show(&self, actor: &Actor, id: u64) -> Result<Reply, Failure> {
        let tr = actor.tr;
        let lead = match self.visible_lead(actor, id).await? {
            Ok(lead) => lead,
            Err(refusal) => return Ok(refusal),
        };
        let statuses = self.stages.of_leads().await?;
        let not_set = || tr.t("card-not-set", &[]);
        let numbers = phones(&lead.phone);
        Ok(Reply::new()
            .title(tr!(
                tr,
                "lead-card-header",
                id = Arg::id(lead.id),
                title = &lead.title
            ))
            .field(
                tr.t("card-status", &[]),
                name_of(&statuses, &lead.status_id),
            )
            .field(
                tr.t("card-name", &[]),
                person(&lead).unwrap_or_else(not_set),
            )
            .field(
                tr.t("card-phone", &[]),
                if numbers.is_empty() {
                    not_set()
                } else {
                    numbers.join("\n")
                },
            )
            .field(
                tr.t("card-amount", &[]),
                money(
                    tr,
                    lead.opportunity.map(|amount| amount.cents()),
                    lead.currency_id.as_deref(),
                ),
            ))
    }

    /// Moves a lead to the status the user named; without one, says which there are. The move
    /// is one guarded request; the lead is read only when there is no status to move to or the
    /// guard refused, to say why.
    pub async fn lead_status(
        &self,
        actor: &Actor,
        id: u64,
        words: Option<&str>,
    ) -> Result<Reply, Failure> {
        let tr = actor.tr;
        let statuses = self.stages.of_leads().await?;
        let target = words.and_then(|words| find(&statuses, words));
        if let Some(target) = target {
            let audited = Audited {
                method: "crm.lead.update",
                entity: "lead",
            };
            let status = LeadStatus::from_code(&target.status_id);
            let owner = self.policy.write_owner(actor.employee);
            let moved = self
                .audited_guarded(
                    actor,
                    audited,
                    Some(id),
                    self.portal.set_lead_status_guarded(id, &status, owner),
                    |_| true,
                )
                .await?;
            if let Guarded::Written(lead) = moved {
                return Ok(Reply::new().notice(
                    Tone::Success,
                    tr!(tr, "lead-moved", title = &lead.title, status = &target.name),
                ));
            }
        }
        let lead = match self.visible_lead(actor, id).await? {
            Ok(lead) => lead,
            Err(refusal) => return Ok(refusal),
        };
        let Some(target) = target else {
            return Ok(statuses_offered(tr, &lead, words, &statuses));
        };
        if target.status_id == lead.status_id {
            return Ok(Reply::new().notice(
                Tone::Info,
                tr!(
                    tr,
                    "lead-already-at-status",
                    title = &lead.title,
                    status = &target.name
                ),
            ));
        }
        Ok(changed_meanwhile(actor))
    }

    /// Creates the lead of a confirmed form, at most once per form run, assigned to the user.
    pub async fn create_lead(
        &self,
        actor: &Actor,
        instance: &FormInstance,
        draft: &LeadDraft,
    ) -> Result<Reply, Failure> {
        let title = draft.title.clone().ok_or(Failure::Incomplete("title"))?;
        let lead = NewLead {
            title: title.clone(),
            name: draft.name.clone(),
            phone: draft.phone.clone(),
            assigned_by_id: actor.employee,
        };
        let written = self
            .write_once(
                actor,
                WriteKey::new(instance, "lead.create"),
                Audited {
                    method: "crm.lead.add",
                    entity: "lead",
                },
                self.portal.add_lead(&lead),
            )
            .await?;
        Ok(match written {
            Written::Now(id) => Reply::new().notice(
                Tone::Success,
                tr!(actor.tr, "lead-created", title = title, id = Arg::id(id)),
            ),
            Written::Before(_) | Written::InFlight => already_saved(actor),
        })
    }

    /// The lead, when it exists and the user may see it; otherwise the reply that says which
    /// of the two it is not.
    async fn visible_lead(&self, actor: &Actor, id: u64) -> Result<Result<Lead, Reply>, Failure> {
        match self.portal.lead(id).await {
            Err(error) if error.kind() == Kind::NotFound => Ok(Err(Reply::new().notice(
                Tone::Warning,
                tr!(actor.tr, "lead-not-found", id = Arg::id(id)),
            ))),
            Ok(lead) if self.policy.may_access(actor.employee, lead.assigned_by_id) => Ok(Ok(lead)),
            Ok(_) => Ok(Err(no_access(actor))),
            Err(error) => Err(error.into()),
        }
    }
}

/// The contact person's name, when the lead has one.
fn person(lead: &Lead) -> Option<String> {
    let name = [&lead.name, &lead.last_name]
        .into_iter()
        .flatten()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(" ");
    (!name.is_empty()).then_some(name)
}

/// The statuses a lead can move to, by the portal's names, with how to ask.
fn statuses_offered(tr: Tr, lead: &Lead, words: Option<&str>, statuses: &[Status]) -> Reply {
    let names: Vec<&str> = statuses
        .iter()
        .filter(|status| status.status_id != lead.status_id)
        .map(|status| status.name.as_str())
        .collect();
    let said = match words {
        Some(words) => tr!(
            tr,
            "lead-status-unknown",
            status = words,
            statuses = names.join(", ")
        ),
        None => tr!(
            tr,
            "lead-status-which",
            id = Arg::id(lead.id),
            statuses = names.join(", ")
        ),
    };
    Reply::new().notice(Tone::Warning, said)
}
