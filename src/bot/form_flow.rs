//! Carrying a form forward: searching what it asks to search, storing and showing each step,
//! and submitting what the user confirmed.

use crate::forms::{FormKind, Input, Next};
use crate::handlers::Actor;
use crate::reply::Reply;

use super::Bot;
use super::form_desk::{OpenForm, Submitted};
use super::form_replies::{self, Step};
use crate::failure::Failure;

impl Bot {
    /// A command run while a form is open leaves it open: its question is asked again after
    /// the command's answer, so the user knows where they are.
    pub(super) async fn reasking(
        &self,
        actor: &Actor,
        mut replies: Vec<Reply>,
    ) -> Result<Vec<Reply>, Failure> {
        if let Some(open) = self.forms.get(&actor.user) {
            let next = open.form.current();
            replies.extend(self.advance(actor, open, next).await?);
        }
        Ok(replies)
    }

    pub(super) async fn answer(
        &self,
        actor: &Actor,
        mut open: OpenForm,
        input: Input,
    ) -> Result<Vec<Reply>, Failure> {
        let next = open.form.answer(input, &actor.now);
        self.advance(actor, open, next).await
    }

    /// Carries a form forward: searches what it asks to search, submits what is confirmed, and
    /// stores and shows any other step.
    pub(super) async fn advance(
        &self,
        actor: &Actor,
        mut open: OpenForm,
        mut next: Next,
    ) -> Result<Vec<Reply>, Failure> {
        loop {
            match next {
                Next::Search(query) => {
                    let found = self.handlers.company_candidates(actor, &query).await?;
                    next = open.form.answer(Input::Found(found), &actor.now);
                }
                Next::FindColleague(name) => {
                    let found = self.handlers.colleague_candidates(&name).await?;
                    next = open.form.answer(Input::Found(found), &actor.now);
                }
                Next::Submit => return self.submit(actor, open).await,
                Next::Ask(question) => return self.show(actor, open, Step::Ask(question)).await,
                Next::Retry(problem, question) => {
                    return self.show(actor, open, Step::Retry(problem, question)).await;
                }
                Next::Preview => return self.show(actor, open, Step::Preview).await,
            }
        }
    }

    /// Stores the form, then shows its step: the user never sees a question the database
    /// would not resume at.
    async fn show(&self, actor: &Actor, open: OpenForm, step: Step) -> Result<Vec<Reply>, Failure> {
        let reply = form_replies::render(
            actor.tr,
            &actor.now,
            open.instance.as_str(),
            &open.form,
            &step,
        )?;
        self.forms.save(&actor.user, open).await?;
        Ok(vec![reply])
    }

    async fn submit(&self, actor: &Actor, open: OpenForm) -> Result<Vec<Reply>, Failure> {
        let written = match &open.form.kind {
            FormKind::Deal(form) => {
                self.handlers
                    .create_deal(actor, &open.instance, form.draft())
                    .await
            }
            FormKind::Contact(form) => {
                self.handlers
                    .create_contact(actor, &open.instance, form.draft())
                    .await
            }
            FormKind::Task(form) => {
                let written = self
                    .handlers
                    .create_task(actor, &open.instance, form.draft())
                    .await;
                // A task due soon may need its reminder before the next scan.
                self.wake.wake();
                written
            }
            FormKind::Company(form) => {
                self.handlers
                    .create_company(actor, &open.instance, form.draft())
                    .await
            }
            FormKind::Lead(form) => {
                self.handlers
                    .create_lead(actor, &open.instance, form.draft())
                    .await
            }
            FormKind::Event(form) => {
                self.handlers
                    .create_event(actor, &open.instance, form.draft())
                    .await
            }
        };
        // A refused write leaves the form at its preview, to be confirmed again later; one
        // that may have happened closes it.
        match written {
            Ok(reply) => {
                self.forms
                    .submitted(&actor.user, &open.instance, Submitted::Saved)
                    .await?;
                Ok(vec![reply])
            }
            Err(failure) => {
                if failure.may_have_written() {
                    self.forms
                        .submitted(&actor.user, &open.instance, Submitted::Unknown)
                        .await?;
                }
                Err(failure)
            }
        }
    }
}
