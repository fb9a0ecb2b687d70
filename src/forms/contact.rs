//! The contact form: name → phone → e-mail → preview. Phone and e-mail may be skipped.

use serde::{Deserialize, Serialize};

use super::steps::{Steps, email_answer, phone_answer, text_answer};
use super::{Input, Next, Question};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContactStep {
    Name,
    Phone,
    Email,
    Preview,
    EditWhich,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactDraft {
    pub name: Option<String>,
    /// `+` and digits.
    pub phone: Option<String>,
    pub email: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContactForm {
    pub step: ContactStep,
    pub draft: ContactDraft,
    editing: bool,
}

impl ContactForm {
    pub fn start(
        name: Option<String>,
        phone: Option<String>,
        email: Option<String>,
    ) -> (ContactForm, Next) {
        let mut form = ContactForm {
            step: ContactStep::Name,
            draft: ContactDraft { name, phone, email },
            editing: false,
        };
        let step = if form.draft.name.is_none() {
            ContactStep::Name
        } else if form.draft.phone.is_none() && form.draft.email.is_none() {
            ContactStep::Phone
        } else {
            ContactStep::Preview
        };
        let next = form.go(step);
        (form, next)
    }

    pub fn draft(&self) -> &ContactDraft {
        &self.draft
    }

    pub fn current(&self) -> Next {
        Steps::current(self)
    }

    pub fn answer(&mut self, input: Input) -> Next {
        if input == Input::Back {
            return self.back_to(match self.step {
                ContactStep::Name => None,
                ContactStep::Phone => Some(ContactStep::Name),
                ContactStep::Email => Some(ContactStep::Phone),
                ContactStep::Preview | ContactStep::EditWhich => Some(ContactStep::Email),
            });
        }
        if let Some(next) = self.menu(&input) {
            return next;
        }
        match self.step {
            ContactStep::Name => self.required(text_answer(input), |form, name| {
                form.draft.name = Some(name);
                form.advance(ContactStep::Phone)
            }),
            ContactStep::Phone => self.optional(phone_answer(input), |form, phone| {
                if phone.is_some() {
                    form.draft.phone = phone;
                }
                form.advance(ContactStep::Email)
            }),
            ContactStep::Email => self.optional(email_answer(input), |form, email| {
                if email.is_some() {
                    form.draft.email = email;
                }
                form.advance(ContactStep::Preview)
            }),
            ContactStep::Preview | ContactStep::EditWhich => self.current(),
        }
    }
}

impl Steps for ContactForm {
    type Step = ContactStep;
    const PREVIEW: ContactStep = ContactStep::Preview;
    const EDIT_WHICH: ContactStep = ContactStep::EditWhich;
    const FIELDS: &'static [(&'static str, ContactStep)] = &[
        ("name", ContactStep::Name),
        ("phone", ContactStep::Phone),
        ("email", ContactStep::Email),
    ];

    fn step(&self) -> ContactStep {
        self.step
    }

    fn set_step(&mut self, step: ContactStep) {
        self.step = step;
    }

    fn editing(&mut self) -> &mut bool {
        &mut self.editing
    }

    fn question(&self, step: ContactStep) -> Question {
        match step {
            ContactStep::Name => Question::ContactName,
            ContactStep::Phone => Question::ContactPhone,
            ContactStep::Email => Question::ContactEmail,
            ContactStep::Preview | ContactStep::EditWhich => Self::edit_menu(),
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
    fn every_step_with_validation() {
        let (mut form, next) = ContactForm::start(None, None, None);
        assert_eq!(next, Next::Ask(Question::ContactName));
        assert_eq!(
            form.answer(Input::Skip),
            Next::Retry(Problem::Required, Question::ContactName)
        );
        assert_eq!(
            form.answer(text("Ivan Petrov")),
            Next::Ask(Question::ContactPhone)
        );
        assert_eq!(
            form.answer(text("call me")),
            Next::Retry(Problem::NotAPhone, Question::ContactPhone)
        );
        assert_eq!(
            form.answer(text("8 (900) 123-45-67")),
            Next::Ask(Question::ContactEmail)
        );
        assert_eq!(
            form.answer(text("ivan@")),
            Next::Retry(Problem::NotAnEmail, Question::ContactEmail)
        );
        assert_eq!(form.answer(text(" ivan@mail.ru ")), Next::Preview);
        assert_eq!(
            form.draft(),
            &ContactDraft {
                name: Some("Ivan Petrov".into()),
                phone: Some("+79001234567".into()),
                email: Some("ivan@mail.ru".into())
            }
        );
        assert_eq!(
            form.answer(Input::Choice(choice::CONFIRM.into())),
            Next::Submit
        );
    }

    #[test]
    fn skip_back_and_edit() {
        let (mut form, next) = ContactForm::start(Some("Anna".into()), None, None);
        assert_eq!(next, Next::Ask(Question::ContactPhone));
        assert_eq!(form.answer(Input::Skip), Next::Ask(Question::ContactEmail));
        assert_eq!(form.answer(Input::Back), Next::Ask(Question::ContactPhone));
        assert_eq!(form.answer(Input::Back), Next::Ask(Question::ContactName));
        assert_eq!(
            form.answer(Input::Back),
            Next::Retry(Problem::NothingBefore, Question::ContactName)
        );
        form.answer(text("Anna"));
        form.answer(Input::Skip);
        assert_eq!(form.answer(Input::Skip), Next::Preview);
        form.answer(Input::Choice(choice::EDIT.into()));
        assert_eq!(
            form.answer(Input::Choice("field:phone".into())),
            Next::Ask(Question::ContactPhone)
        );
        assert_eq!(form.answer(text("+49 170 1234567")), Next::Preview);
        assert_eq!(form.draft().phone.as_deref(), Some("+491701234567"));
    }

    #[test]
    fn a_complete_intent_goes_straight_to_the_preview() {
        let (_, next) = ContactForm::start(Some("Ivan".into()), Some("+79001234567".into()), None);
        assert_eq!(next, Next::Preview);
    }
}
