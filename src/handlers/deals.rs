//! Deals: the list (the user's own by default, by stage, ten at a time), the card, moving to a
//! stage, and creating one from a confirmed form.

use crate::b24::crm::{DealQuery, NewDeal};
use crate::b24::model::{Deal, Money, Status};
use crate::b24::{Guarded, Kind};
use crate::buttons::Action;
use crate::failure::Failure;
use crate::forms::{Candidate, CompanyChoice, DealDraft};
use crate::i18n::Arg;
use crate::intent::Scope;
use crate::reply::{Item, Reply, Tone};
use crate::store::{FormInstance, WriteKey};
use crate::tr;
use crate::visibility::ListFilter;

use super::format::{contact_name, money};
use super::stages::{category_of, find, name_of};
use super::writes::{Audited, Written};
use super::{Actor, Handlers, already_saved, changed_meanwhile, no_access};

/// Deals shown per message.
const PAGE: u64 = 10;
/// Rows the portal returns per list request.
const PORTAL_PAGE: u64 = 50;
/// Companies offered as buttons when a deal's company is searched.
const MAX_CANDIDATES: usize = 8;

impl Handlers {
    /// The deals the user may see: their own unless they asked for all and may see all,
    /// optionally at one stage (its id or its name in the portal).
    pub async fn deal_list(
        &self,
        actor: &Actor,
        stage: Option<&str>,
        scope: Option<Scope>,
    ) -> Result<Reply, Failure> {
        let assigned_to = match self.policy.list(actor.employee, scope) {
            ListFilter::AssignedTo(employee) => Some(employee),
            ListFilter::Everything => None,
        };
        let stage_id = match stage {
            None => None,
            Some(words) => {
                let stages = self.stages.of(0).await?;
                match find(&stages, words) {
                    Some(stage) => Some(stage.status_id.clone()),
                    None => return Ok(unknown_stage(actor, words, &stages)),
                }
            }
        };
        let mut reply = Reply::new();
        if self.policy.narrows(actor.employee, scope) {
            reply = reply.notice(Tone::Info, actor.tr.t("list-own-only", &[]));
        }
        self.deal_page(actor, reply, assigned_to, stage_id, 0).await
    }

    /// Ten deals from `offset` on, newest first, with a More button when there are more.
    pub async fn deal_page(
        &self,
        actor: &Actor,
        reply: Reply,
        assigned_to: Option<u64>,
        stage_id: Option<String>,
        offset: u64,
    ) -> Result<Reply, Failure> {
        let tr = actor.tr;
        let page = self
            .portal
            .deals(&DealQuery {
                assigned_to,
                stage_id: stage_id.clone(),
                start: offset / PORTAL_PAGE * PORTAL_PAGE,
            })
            .await?;
        let skip = usize::try_from(offset % PORTAL_PAGE).unwrap_or(usize::MAX);
        let shown: Vec<&Deal> = page.items.iter().skip(skip).take(PAGE as usize).collect();
        let total = page.total.unwrap_or(page.items.len() as u64);
        let stages = self.stages.of(0).await?;
        let header = match (&stage_id, assigned_to) {
            (Some(stage), _) => tr!(
                tr,
                "deals-header-stage",
                count = Arg::count(total),
                stage = name_of(&stages, stage)
            ),
            (None, Some(_)) => tr!(tr, "deals-header", count = Arg::count(total)),
            (None, None) => tr!(tr, "deals-header-all", count = Arg::count(total)),
        };
        let mut reply = reply.title(header);
        if shown.is_empty() {
            return Ok(reply);
        }
        let mut items = Vec::with_capacity(shown.len());
        for deal in &shown {
            let stage = self.stage_name(&deal.stage_id, &stages).await?;
            let amount = money(
                tr,
                deal.opportunity.map(Money::cents),
                deal.currency_id.as_deref(),
            );
            items.push(
                Item::new(tr!(
                    tr,
                    "deal-line",
                    id = Arg::id(deal.id),
                    title = &deal.title
                ))
                .detail(tr!(
                    tr,
                    "deal-line-detail",
                    stage = stage,
                    amount = amount
                )),
            );
        }
        reply = reply.bullets(items);
        let next = offset + shown.len() as u64;
        if next < total {
            reply = reply
                .text(tr!(
                    tr,
                    "list-shown",
                    shown = Arg::count(next),
                    count = Arg::count(total)
                ))
                .button_row([self.buttons.button(
                    &actor.user,
                    tr.t("button-more", &[]),
                    Action::DealPage {
                        assigned_to,
                        stage_id,
                        offset: next,
                    },
                )?]);
        }
        Ok(reply)
    }

    /// A stage's name, from the default pipeline's stages at hand or, for a deal of another
    /// pipeline, from that pipeline's (cached as well).
    async fn stage_name(&self, stage_id: &str, default: &[Status]) -> Result<String, Failure> {
        let category = category_of(stage_id);
        Ok(if category == 0 {
            name_of(default, stage_id)
        } else {
            name_of(&self.stages.of(category).await?, stage_id)
        })
    }

    /// The deal's card, if the user may see the deal; "no access" and nothing else if not.
    pub async fn deal_show(&self, actor: &Actor, id: u64) -> Result<Reply, Failure> {
        let tr = actor.tr;
        let card = match self.portal.deal_card(id).await {
            Err(error) if error.kind() == Kind::NotFound => return Ok(deal_not_found(actor, id)),
            card => card?,
        };
        if !self
            .policy
            .may_access(actor.employee, card.deal.assigned_by_id)
        {
            return Ok(no_access(actor));
        }
        let deal = &card.deal;
        let not_set = || tr.t("card-not-set", &[]);
        let stages = self.stages.of(0).await?;
        Ok(Reply::new()
            .title(tr!(
                tr,
                "deal-card-header",
                id = Arg::id(deal.id),
                title = &deal.title
            ))
            .field(
                tr.t("card-stage", &[]),
                self.stage_name(&deal.stage_id, &stages).await?,
            )
            .field(
                tr.t("card-amount", &[]),
                money(
                    tr,
                    deal.opportunity.map(Money::cents),
                    deal.currency_id.as_deref(),
                ),
            )
            .field(
                tr.t("card-company", &[]),
                card.company
                    .map(|company| company.title)
                    .unwrap_or_else(not_set),
            )
            .field(
                tr.t("card-contact", &[]),
                card.contact
                    .as_ref()
                    .map(contact_name)
                    .unwrap_or_else(not_set),
            )
            .field(
                tr.t("card-responsible", &[]),
                card.responsible
                    .map(|user| user.display_name())
                    .unwrap_or_else(not_set),
            )
            .link(tr.t("button-open", &[]), self.deal_url(deal.id)))
    }

    /// Moves a deal to the stage the user named, or asks which stage with a button for each.
    ///
    /// A stage of the default pipeline is moved to in one request, guarded by the visibility
    /// policy and the deal's pipeline and stage; only when the guard refuses, or the stage is
    /// another pipeline's, is the deal read first, to say why or to find its pipeline.
    pub async fn deal_move(
        &self,
        actor: &Actor,
        id: u64,
        stage: Option<&str>,
    ) -> Result<Reply, Failure> {
        let tr = actor.tr;
        let default = self.stages.of(0).await?;
        let tried = stage.and_then(|words| find(&default, words));
        if let Some(target) = tried
            && let Guarded::Written(deal) = self.move_guarded(actor, id, 0, target).await?
        {
            return Ok(deal_moved(actor, &deal, target));
        }
        let deal = match self.portal.deal(id).await {
            Err(error) if error.kind() == Kind::NotFound => return Ok(deal_not_found(actor, id)),
            deal => deal?,
        };
        if !self.policy.may_access(actor.employee, deal.assigned_by_id) {
            return Ok(no_access(actor));
        }
        let category = category_of(&deal.stage_id);
        let stages = self.stages.of(category).await?;
        let target = match stage {
            Some(words) => match find(&stages, words) {
                Some(stage) => stage,
                None => {
                    let reply = unknown_stage(actor, words, &stages);
                    return self.stage_buttons(actor, reply, &deal, &stages);
                }
            },
            None => {
                let reply = Reply::new().text(tr!(tr, "deal-move-pick-stage", title = &deal.title));
                return self.stage_buttons(actor, reply, &deal, &stages);
            }
        };
        if target.status_id == deal.stage_id {
            return Ok(Reply::new().notice(
                Tone::Info,
                tr!(
                    tr,
                    "deal-already-at-stage",
                    title = &deal.title,
                    stage = &target.name
                ),
            ));
        }
        if category == 0 && tried.is_some() {
            // The guard refused what the read allows: the deal changed in between.
            return Ok(changed_meanwhile(actor));
        }
        Ok(
            match self.move_guarded(actor, id, category, target).await? {
                Guarded::Written(deal) => deal_moved(actor, &deal, target),
                Guarded::Refused => changed_meanwhile(actor),
            },
        )
    }

    /// The guarded move, audited when it was made.
    async fn move_guarded(
        &self,
        actor: &Actor,
        id: u64,
        category: u64,
        target: &Status,
    ) -> Result<Guarded<Deal>, Failure> {
        let audited = Audited {
            method: "crm.deal.update",
            entity: "deal",
        };
        let owner = self.policy.write_owner(actor.employee);
        self.audited_guarded(
            actor,
            audited,
            Some(id),
            self.portal
                .move_deal_guarded(id, category, &target.status_id, owner),
            |_| true,
        )
        .await
    }

    /// A button for each stage the deal could move to, three to a row.
    fn stage_buttons(
        &self,
        actor: &Actor,
        mut reply: Reply,
        deal: &Deal,
        stages: &[Status],
    ) -> Result<Reply, Failure> {
        let buttons = stages
            .iter()
            .filter(|stage| stage.status_id != deal.stage_id)
            .map(|stage| {
                self.buttons.button(
                    &actor.user,
                    stage.name.clone(),
                    Action::MoveDeal {
                        id: deal.id,
                        stage_id: stage.status_id.clone(),
                    },
                )
            })
            .collect::<Result<Vec<_>, _>>()?;
        for row in buttons.chunks(3) {
            reply = reply.button_row(row.to_vec());
        }
        Ok(reply)
    }

    /// Companies the user may see whose title contains `query`, for the deal form to offer.
    pub async fn company_candidates(
        &self,
        actor: &Actor,
        query: &str,
    ) -> Result<Vec<Candidate>, Failure> {
        Ok(self
            .portal
            .companies_named(query)
            .await?
            .into_iter()
            .filter(|company| {
                self.policy
                    .may_access(actor.employee, company.assigned_by_id)
            })
            .take(MAX_CANDIDATES)
            .map(|company| Candidate {
                id: company.id,
                title: company.title,
            })
            .collect())
    }

    /// Creates the deal of a confirmed form (and its new company, when one was chosen), each
    /// write at most once per form run. The acting employee becomes responsible for both.
    pub async fn create_deal(
        &self,
        actor: &Actor,
        instance: &FormInstance,
        draft: &DealDraft,
    ) -> Result<Reply, Failure> {
        let tr = actor.tr;
        let title = draft.title.clone().ok_or(Failure::Incomplete("title"))?;
        let company_id = match &draft.company {
            Some(CompanyChoice::Existing { id, .. }) => Some(*id),
            Some(CompanyChoice::New { title }) => {
                let written = self
                    .write_once(
                        actor,
                        WriteKey::new(instance, "company.create"),
                        Audited {
                            method: "crm.company.add",
                            entity: "company",
                        },
                        self.portal.add_company(title, actor.employee),
                    )
                    .await?;
                match written {
                    Written::Now(id) | Written::Before(id) => Some(id),
                    Written::InFlight => return Ok(already_saved(actor)),
                }
            }
            Some(CompanyChoice::None) | None => None,
        };
        let deal = NewDeal {
            title: title.clone(),
            amount: draft
                .money
                .as_ref()
                .map(|money| Money::from_cents(money.amount.cents())),
            currency: draft
                .money
                .as_ref()
                .and_then(|money| money.currency.clone()),
            company_id,
            contact_id: None,
            assigned_by_id: actor.employee,
        };
        let written = self
            .write_once(
                actor,
                WriteKey::new(instance, "deal.create"),
                Audited {
                    method: "crm.deal.add",
                    entity: "deal",
                },
                self.portal.add_deal(&deal),
            )
            .await?;
        Ok(match written {
            Written::Now(id) => Reply::new()
                .notice(
                    Tone::Success,
                    tr!(tr, "deal-created", title = title, id = Arg::id(id)),
                )
                .link(tr.t("button-open", &[]), self.deal_url(id)),
            Written::Before(_) | Written::InFlight => already_saved(actor),
        })
    }

    /// The deal's page in the portal: `https://<portal>/crm/deal/details/<id>/`.
    fn deal_url(&self, id: u64) -> String {
        format!("{}/crm/deal/details/{id}/", self.portal.portal())
    }
}

fn unknown_stage(actor: &Actor, words: &str, stages: &[Status]) -> Reply {
    let names: Vec<&str> = stages.iter().map(|stage| stage.name.as_str()).collect();
    Reply::new().notice(
        Tone::Warning,
        tr!(
            actor.tr,
            "deal-stage-unknown",
            stage = words,
            stages = names.join(", ")
        ),
    )
}

fn deal_not_found(actor: &Actor, id: u64) -> Reply {
    Reply::new().notice(
        Tone::Warning,
        tr!(actor.tr, "deal-not-found", id = Arg::id(id)),
    )
}

fn deal_moved(actor: &Actor, deal: &Deal, target: &Status) -> Reply {
    Reply::new().notice(
        Tone::Success,
        tr!(
            actor.tr,
            "deal-moved",
            title = &deal.title,
            stage = &target.name
        ),
    )
}
