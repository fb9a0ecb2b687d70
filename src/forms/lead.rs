//! The lead form: title → the contact person's name (skippable) → phone (skippable) → preview.

use serde::{Deserialize, Serialize};

use super::{Input, Next, Problem, Question, choice, picked_field};
use crate::intent::{phone, text};

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

const FIELDS: [&str; 3] = ["title", "name", "phone"];

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
        match self.step {
            LeadStep::Preview => Next::Preview,
            step => Next::Ask(question(step)),
        }
    }

    pub fn answer(&mut self, input: Input) -> Next {
        if input == Input::Back {
            self.editing = false;
            return match self.step {
                LeadStep::Title => self.retry(Problem::NothingBefore),
                LeadStep::Name => self.go(LeadStep::Title),
                LeadStep::Phone => self.go(LeadStep::Name),
                LeadStep::Preview | LeadStep::EditWhich => self.go(LeadStep::Phone),
            };
        }
        match self.step {
            LeadStep::Title => match input {
                Input::Text(answer) => match text::clean(&answer) {
                    Some(title) => {
                        self.draft.title = Some(title);
                        self.advance(LeadStep::Name)
                    }
                    None => self.retry(Problem::Required),
                },
                Input::Skip if self.editing => self.go(LeadStep::Preview),
                _ => self.retry(Problem::Required),
            },
            LeadStep::Name => match input {
                Input::Text(answer) => match text::clean(&answer) {
                    Some(name) => {
                        self.draft.name = Some(name);
                        self.advance(LeadStep::Phone)
                    }
                    None => self.retry(Problem::Required),
                },
                Input::Skip => self.advance(LeadStep::Phone),
                _ => self.retry(Problem::Required),
            },
            LeadStep::Phone => match input {
                Input::Text(answer) => {
                    match phone::normalise(&answer).filter(|_| phone::is_phone(&answer)) {
                        Some(number) => {
                            self.draft.phone = Some(number);
                            self.advance(LeadStep::Preview)
                        }
                        None => self.retry(Problem::NotAPhone),
                    }
                }
                Input::Skip => self.advance(LeadStep::Preview),
                _ => self.retry(Problem::NotAPhone),
            },
            LeadStep::Preview => match input {
                Input::Choice(token) if token == choice::CONFIRM => Next::Submit,
                Input::Choice(token) if token == choice::EDIT => self.go(LeadStep::EditWhich),
                _ => Next::Preview,
            },
            LeadStep::EditWhich => match picked_field(&input, &FIELDS) {
                Some(field) => {
                    self.editing = true;
                    self.go(match field {
                        "title" => LeadStep::Title,
                        "name" => LeadStep::Name,
                        _ => LeadStep::Phone,
                    })
                }
                None => self.retry(Problem::NotAChoice),
            },
        }
    }

    fn advance(&mut self, step: LeadStep) -> Next {
        if self.editing {
            self.editing = false;
            self.go(LeadStep::Preview)
        } else {
            self.go(step)
        }
    }

    fn go(&mut self, step: LeadStep) -> Next {
        self.step = step;
        self.current()
    }

    fn retry(&self, problem: Problem) -> Next {
        Next::Retry(problem, question(self.step))
    }
}

fn question(step: LeadStep) -> Question {
    match step {
        LeadStep::Title => Question::LeadTitle,
        LeadStep::Name => Question::LeadName,
        LeadStep::Phone => Question::LeadPhone,
        LeadStep::Preview | LeadStep::EditWhich => Question::EditWhich {
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
