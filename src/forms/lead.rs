//! The lead form: title → the contact person's name (skippable) → phone (skippable) → preview.

use serde::{Deserialize, Serialize};

use super::steps::{Steps, phone_answer, text_answer};
use super::{Input, Next, Question};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LeadStep {
    Title,
    Name,
    Phone,
    Preview,
    EditWhich,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeadDraft {
    pub title: Option<String>,
    pub name: Option<String>,
    /// `+` and digits.
    pub phone: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LeadForm {
    pub step: LeadStep,
    draft: LeadDraft,
    editing: bool,
}

impl LeadForm {
    pub fn start(
        title: Option<String>,
        name: Option<String>,
        phone: Option<String>,
    ) -> (LeadForm, Next) {
        let step = match (&title, &name, &phone) {
            (None, _, _) => LeadStep::Title,
            (Some(_), None, None) => LeadStep::Name,
            (Some(_), Some(_), None) => LeadStep::Phone,
            (Some(_), _, Some(_)) => LeadStep::Preview,
        };
        let mut form = LeadForm {
            step,
            draft: LeadDraft { title, name, phone },
            editing: false,
        };
        let next = form.go(step);
        (form, next)
    }

    pub fn draft(&self) -> &LeadDraft {
        &self.draft
    }

    pub fn current(&self) -> Next {
        Steps::current(self)
    }

    pub fn answer(&mut self, input: Input) -> Next {
        if input == Input::Back {
            return self.back_to(match self.step {
                LeadStep::Title => None,
                LeadStep::Name => Some(LeadStep::Title),
                LeadStep::Phone => Some(LeadStep::Name),
                LeadStep::Preview | LeadStep::EditWhich => Some(LeadStep::Phone),
            });
        }
        if let Some(next) = self.menu(&input) {
            return next;
        }
        match self.step {
            LeadStep::Title => self.required(text_answer(input), |form, title| {
                form.draft.title = Some(title);
                form.advance(LeadStep::Name)
            }),
            LeadStep::Name => self.optional(text_answer(input), |form, name| {
                if name.is_some() {
                    form.draft.name = name;
                }
                form.advance(LeadStep::Phone)
            }),
            LeadStep::Phone => self.optional(phone_answer(input), |form, phone| {
                if phone.is_some() {
                    form.draft.phone = phone;
                }
                form.advance(LeadStep::Preview)
            }),
            LeadStep::Preview | LeadStep::EditWhich => self.current(),
        }
    }
}

impl Steps for LeadForm {
    type Step = LeadStep;
    const PREVIEW: LeadStep = LeadStep::Preview;
    const EDIT_WHICH: LeadStep = LeadStep::EditWhich;
    const FIELDS: &'static [(&'static str, LeadStep)] = &[
        ("title", LeadStep::Title),
        ("name", LeadStep::Name),
        ("phone", LeadStep::Phone),
    ];

    fn step(&self) -> LeadStep {
        self.step
    }

    fn set_step(&mut self, step: LeadStep) {
        self.step = step;
    }

    fn editing(&mut self) -> &mut bool {
        &mut self.editing
    }

    fn question(&self, step: LeadStep) -> Question {
        match step {
            LeadStep::Title => Question::LeadTitle,
            LeadStep::Name => Question::LeadName,
            LeadStep::Phone => Question::LeadPhone,
            LeadStep::Preview | LeadStep::EditWhich => Self::edit_menu(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::forms::{Problem, choice};

    fn text(s: &str) -> Input {
        Input::Text(s.into())
    }

    #[test]
    fn every_step_with_skip_back_and_validation() {
        let (mut form, next) = LeadForm::start(None, None, None);
        assert_eq!(next, Next::Ask(Question::LeadTitle));
        assert_eq!(
            form.answer(Input::Skip),
            Next::Retry(Problem::Required, Question::LeadTitle)
        );
        assert_eq!(
            form.answer(text("Website request")),
            Next::Ask(Question::LeadName)
        );
        assert_eq!(form.answer(Input::Skip), Next::Ask(Question::LeadPhone));
        assert_eq!(form.answer(Input::Back), Next::Ask(Question::LeadName));
        assert_eq!(
            form.answer(text("Ivan Petrov")),
            Next::Ask(Question::LeadPhone)
        );
        assert_eq!(
            form.answer(text("call me")),
            Next::Retry(Problem::NotAPhone, Question::LeadPhone)
        );
        assert_eq!(form.answer(text("8 (900) 123-45-67")), Next::Preview);
        assert_eq!(
            form.draft(),
            &LeadDraft {
                title: Some("Website request".into()),
                name: Some("Ivan Petrov".into()),
                phone: Some("+79001234567".into()),
            }
        );
        form.answer(Input::Choice(choice::EDIT.into()));
        assert_eq!(
            form.answer(Input::Choice(choice::field("title"))),
            Next::Ask(Question::LeadTitle)
        );
        assert_eq!(form.answer(text("Web request")), Next::Preview);
        assert_eq!(
            form.answer(Input::Choice(choice::CONFIRM.into())),
            Next::Submit
        );
    }

    #[test]
    fn what_the_message_gave_is_not_asked_again() {
        let (_, next) = LeadForm::start(Some("Request".into()), Some("Ivan".into()), None);
        assert_eq!(next, Next::Ask(Question::LeadPhone));
        let (_, next) = LeadForm::start(Some("Request".into()), None, Some("+7900".into()));
        assert_eq!(next, Next::Preview);
    }
}
