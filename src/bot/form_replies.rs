//! What a form's step looks like in a chat: the question, or why an answer was refused and the
//! question again, or the preview with Confirm / Edit / Cancel. Pure.

use crate::forms::{CompanyChoice, Form, FormKind, Problem, Question, choice};
use jiff::Zoned;

use crate::i18n::{Arg, Tr};
use crate::reply::{Block, Button, ButtonError, Reply, Tone};
use crate::tr;

use crate::buttons::form_button;
use crate::handlers::money;

/// A step a form shows. (Searches and submissions are carried out, not shown.)
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    Ask(Question),
    /// The answer was refused: why, and the question again.
    Retry(Problem, Question),
    Preview,
}

/// The reply for a step of `form` (of run `instance`).
/// `now` is in the user's zone: a deadline is shown as they read dates.
pub fn render(
    tr: Tr,
    now: &Zoned,
    instance: &str,
    form: &Form,
    step: &Step,
) -> Result<Reply, ButtonError> {
    let button = |key: &str, choice: &str| form_button(tr.t(key, &[]), instance, choice);
    let cancel = || Button::new(tr.t("button-cancel", &[]), "/cancel");
    Ok(match step {
        Step::Ask(question) => ask(tr, instance, question)?,
        Step::Retry(problem, question) => {
            let mut reply = ask(tr, instance, question)?;
            reply.blocks.insert(
                0,
                Block::Notice {
                    tone: Tone::Warning,
                    text: tr.t(problem_key(*problem), &[]),
                },
            );
            reply
        }
        Step::Preview => preview(tr, now, form).button_row([
            button("button-confirm", choice::CONFIRM)?,
            button("button-edit", choice::EDIT)?,
            cancel()?,
        ]),
    })
}

fn ask(tr: Tr, instance: &str, question: &Question) -> Result<Reply, ButtonError> {
    let button = |label: String, choice: &str| form_button(label, instance, choice);
    let skip = || Button::new(tr.t("button-skip", &[]), "/skip");
    let back = || Button::new(tr.t("button-back", &[]), "/back");
    let cancel = || Button::new(tr.t("button-cancel", &[]), "/cancel");
    let text = |key: &str| Reply::new().text(tr.t(key, &[]));
    Ok(match question {
        Question::DealTitle => text("deal-form-title").button_row([cancel()?]),
        Question::DealAmount => text("deal-form-amount").button_row([skip()?, back()?, cancel()?]),
        Question::DealCompany => {
            text("deal-form-company").button_row([skip()?, back()?, cancel()?])
        }
        Question::ContactName => text("contact-form-name").button_row([cancel()?]),
        Question::ContactPhone => {
            text("contact-form-phone").button_row([skip()?, back()?, cancel()?])
        }
        Question::ContactEmail => {
            text("contact-form-email").button_row([skip()?, back()?, cancel()?])
        }
        Question::TaskTitle => text("task-form-title").button_row([cancel()?]),
        Question::TaskDeadline => {
            text("task-form-deadline").button_row([skip()?, back()?, cancel()?])
        }
        Question::TaskResponsible => {
            text("task-form-responsible").button_row([skip()?, back()?, cancel()?])
        }
        Question::TaskPickResponsible { candidates } => {
            let mut reply = text("task-form-pick-responsible");
            for candidate in candidates {
                reply = reply.button_row([button(
                    candidate.title.clone(),
                    &choice::pick(candidate.id),
                )?]);
            }
            reply.button_row([back()?, cancel()?])
        }
        Question::CompanyTitle => text("company-form-title").button_row([cancel()?]),
        Question::LeadTitle => text("lead-form-title").button_row([cancel()?]),
        Question::LeadName => text("lead-form-name").button_row([skip()?, back()?, cancel()?]),
        Question::LeadPhone => text("lead-form-phone").button_row([skip()?, back()?, cancel()?]),
        Question::EventTitle => text("event-form-title").button_row([cancel()?]),
        Question::EventStart => text("event-form-start").button_row([back()?, cancel()?]),
        Question::EventEnd => text("event-form-end").button_row([skip()?, back()?, cancel()?]),
        Question::EventAttendees { added } => {
            let said = if added.is_empty() {
                tr.t("event-form-attendees", &[])
            } else {
                let names: Vec<&str> = added.iter().map(|c| c.title.as_str()).collect();
                tr!(tr, "event-form-attendees-more", names = names.join(", "))
            };
            Reply::new()
                .text(said)
                .button_row([skip()?, back()?, cancel()?])
        }
        Question::EventPickAttendee { candidates } => {
            let mut reply = text("event-form-pick-attendee");
            for candidate in candidates {
                reply = reply.button_row([button(
                    candidate.title.clone(),
                    &choice::pick(candidate.id),
                )?]);
            }
            reply.button_row([back()?, cancel()?])
        }
        Question::DealPickCompany { query, candidates } => {
            let said = if candidates.is_empty() {
                tr!(tr, "deal-form-company-none", query = query.as_str())
            } else {
                tr!(
                    tr,
                    "deal-form-company-found",
                    count = Arg::count(candidates.len())
                )
            };
            let mut reply = Reply::new().text(said);
            for candidate in candidates {
                reply = reply.button_row([button(
                    candidate.title.clone(),
                    &choice::pick(candidate.id),
                )?]);
            }
            let mut last = Vec::new();
            if !query.is_empty() {
                last.push(button(
                    tr!(tr, "button-create-company", title = query.as_str()),
                    choice::CREATE,
                )?);
            }
            last.push(button(tr.t("button-no-company", &[]), choice::NONE)?);
            reply.button_row(last).button_row([back()?, cancel()?])
        }
        Question::EditWhich { fields } => {
            let buttons = fields
                .iter()
                .map(|field| button(tr.t(field_key(field), &[]), &choice::field(field)))
                .collect::<Result<Vec<_>, _>>()?;
            text("form-edit-which")
                .button_row(buttons)
                .button_row([back()?, cancel()?])
        }
    })
}

/// The card of what is about to be written.
fn preview(tr: Tr, now: &Zoned, form: &Form) -> Reply {
    let not_set = || tr.t("card-not-set", &[]);
    match &form.kind {
        FormKind::Deal(deal) => {
            let draft = deal.draft();
            let company = match &draft.company {
                Some(CompanyChoice::Existing { title, .. }) => title.clone(),
                Some(CompanyChoice::New { title }) => {
                    tr!(tr, "card-company-new", title = title.as_str())
                }
                Some(CompanyChoice::None) | None => not_set(),
            };
            Reply::new()
                .text(tr.t("deal-form-confirm", &[]))
                .field(
                    tr.t("card-title", &[]),
                    draft.title.clone().unwrap_or_else(not_set),
                )
                .field(
                    tr.t("card-amount", &[]),
                    money(
                        tr,
                        draft.money.as_ref().map(|money| money.amount.cents()),
                        draft
                            .money
                            .as_ref()
                            .and_then(|money| money.currency.as_deref()),
                    ),
                )
                .field(tr.t("card-company", &[]), company)
        }
        FormKind::Contact(contact) => {
            let draft = contact.draft();
            Reply::new()
                .text(tr.t("contact-form-confirm", &[]))
                .field(
                    tr.t("card-name", &[]),
                    draft.name.clone().unwrap_or_else(not_set),
                )
                .field(
                    tr.t("card-phone", &[]),
                    draft.phone.clone().unwrap_or_else(not_set),
                )
                .field(
                    tr.t("card-email", &[]),
                    draft.email.clone().unwrap_or_else(not_set),
                )
        }
        FormKind::Company(company) => Reply::new().text(tr.t("company-form-confirm", &[])).field(
            tr.t("card-title", &[]),
            company.draft().title.clone().unwrap_or_else(not_set),
        ),
        FormKind::Lead(lead) => {
            let draft = lead.draft();
            Reply::new()
                .text(tr.t("lead-form-confirm", &[]))
                .field(
                    tr.t("card-title", &[]),
                    draft.title.clone().unwrap_or_else(not_set),
                )
                .field(
                    tr.t("card-name", &[]),
                    draft.name.clone().unwrap_or_else(not_set),
                )
                .field(
                    tr.t("card-phone", &[]),
                    draft.phone.clone().unwrap_or_else(not_set),
                )
        }
        FormKind::Event(event) => {
            let draft = event.draft();
            let moment = |at: &Option<Zoned>| {
                at.as_ref()
                    .map(|at| tr.when(at, now))
                    .unwrap_or_else(not_set)
            };
            let attendees: Vec<&str> = draft.attendees.iter().map(|c| c.title.as_str()).collect();
            Reply::new()
                .text(tr.t("event-form-confirm", &[]))
                .field(
                    tr.t("card-title", &[]),
                    draft.title.clone().unwrap_or_else(not_set),
                )
                .field(tr.t("card-start", &[]), moment(&draft.from))
                .field(tr.t("card-end", &[]), moment(&draft.to))
                .field(
                    tr.t("card-attendees", &[]),
                    if attendees.is_empty() {
                        tr.t("event-only-you", &[])
                    } else {
                        attendees.join(", ")
                    },
                )
        }
        FormKind::Task(task) => {
            let draft = task.draft();
            Reply::new()
                .text(tr.t("task-form-confirm", &[]))
                .field(
                    tr.t("card-title", &[]),
                    draft.title.clone().unwrap_or_else(not_set),
                )
                .field(
                    tr.t("card-deadline", &[]),
                    draft
                        .deadline
                        .as_ref()
                        .map(|deadline| tr.when(deadline, now))
                        .unwrap_or_else(|| tr.t("task-no-deadline", &[])),
                )
                .field(
                    tr.t("card-responsible", &[]),
                    draft
                        .responsible
                        .as_ref()
                        .map(|colleague| colleague.title.clone())
                        .unwrap_or_else(|| tr.t("task-form-responsible-you", &[])),
                )
        }
    }
}

/// The label of a field in the Edit menu: the same words as on the card.
fn field_key(field: &str) -> &'static str {
    match field {
        "title" => "card-title",
        "amount" => "card-amount",
        "company" => "card-company",
        "name" => "card-name",
        "phone" => "card-phone",
        "deadline" => "card-deadline",
        "start" => "card-start",
        "end" => "card-end",
        "attendees" => "card-attendees",
        "responsible" => "card-responsible",
        _ => "card-email",
    }
}

fn problem_key(problem: Problem) -> &'static str {
    match problem {
        Problem::Required => "form-cannot-skip",
        Problem::NotAnAmount => "deal-form-amount-invalid",
        Problem::NotAPhone => "contact-form-phone-invalid",
        Problem::NotAnEmail => "contact-form-email-invalid",
        Problem::NotADate => "task-form-deadline-invalid",
        Problem::NoSuchColleague => "task-form-no-colleague",
        Problem::EndsBeforeStart => "event-form-end-before-start",
        Problem::NotAChoice => "form-not-a-choice",
        Problem::NothingBefore => "form-first-step",
    }
}
