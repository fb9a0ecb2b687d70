//! The contact form: name → phone → e-mail → preview. Phone and e-mail may be skipped.

use serde::{Deserialize, Serialize};

use super::{Input, Next, Problem, Question, choice, picked_field};
use crate::intent::{phone, text};

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

const FIELDS: [&str; 3] = ["name", "phone", "email"];

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
        match self.step {
            ContactStep::Preview => Next::Preview,
            step => Next::Ask(question(step)),
        }
    }

    pub fn answer(&mut self, input: Input) -> Next {
        if input == Input::Back {
            self.editing = false;
            return match self.step {
                ContactStep::Name => Next::Retry(Problem::NothingBefore, Question::ContactName),
                ContactStep::Phone => self.go(ContactStep::Name),
                ContactStep::Email => self.go(ContactStep::Phone),
                ContactStep::Preview | ContactStep::EditWhich => self.go(ContactStep::Email),
            };
        }
        match self.step {
            ContactStep::Name => match input {
                Input::Text(answer) => match text::clean(&answer) {
                    Some(name) => {
                        self.draft.name = Some(name);
                        self.advance(ContactStep::Phone)
                    }
                    None => self.retry(Problem::Required),
                },
                Input::Skip if self.editing => self.go(ContactStep::Preview),
                _ => self.retry(Problem::Required),
            },
            ContactStep::Phone => match input {
                Input::Text(answer) => {
                    match phone::normalise(&answer).filter(|_| phone::is_phone(&answer)) {
                        Some(number) => {
                            self.draft.phone = Some(number);
                            self.advance(ContactStep::Email)
                        }
                        None => self.retry(Problem::NotAPhone),
                    }
                }
                Input::Skip => self.advance(ContactStep::Email),
                _ => self.retry(Problem::NotAPhone),
            },
            ContactStep::Email => match input {
                Input::Text(answer) if phone::is_email(&answer) => {
                    self.draft.email = Some(answer.trim().to_owned());
                    self.advance(ContactStep::Preview)
                }
                Input::Skip => self.advance(ContactStep::Preview),
                _ => self.retry(Problem::NotAnEmail),
            },
            ContactStep::Preview => match input {
                Input::Choice(token) if token == choice::CONFIRM => Next::Submit,
                Input::Choice(token) if token == choice::EDIT => self.go(ContactStep::EditWhich),
                _ => Next::Preview,
            },
            ContactStep::EditWhich => match picked_field(&input, &FIELDS) {
                Some(field) => {
                    self.editing = true;
                    self.go(match field {
                        "name" => ContactStep::Name,
                        "phone" => ContactStep::Phone,
                        _ => ContactStep::Email,
                    })
                }
                None => self.retry(Problem::NotAChoice),
            },
        }
    }

    fn advance(&mut self, step: ContactStep) -> Next {
        if self.editing {
            self.editing = false;
            self.go(ContactStep::Preview)
        } else {
            self.go(step)
        }
    }

    fn go(&mut self, step: ContactStep) -> Next {
        self.step = step;
        self.current()
    }

    fn retry(&self, problem: Problem) -> Next {
        Next::Retry(problem, question(self.step))
    }
}

fn question(step: ContactStep) -> Question {
    match step {
        ContactStep::Name => Question::ContactName,
        ContactStep::Phone => Question::ContactPhone,
        ContactStep::Email => Question::ContactEmail,
        ContactStep::Preview | ContactStep::EditWhich => Question::EditWhich {
            fields: FIELDS.to_vec(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
