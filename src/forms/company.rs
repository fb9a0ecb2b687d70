//! The company form: title → preview. One question, but a company is a write like any other,
//! so the user sees what will be created before it is.

use serde::{Deserialize, Serialize};

use super::{Input, Next, Problem, Question, choice, picked_field};
use crate::intent::text;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CompanyStep {
    Title,
    Preview,
    EditWhich,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompanyDraft {
    pub title: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CompanyForm {
    pub step: CompanyStep,
    draft: CompanyDraft,
}

const FIELDS: [&str; 1] = ["title"];

impl CompanyForm {
    pub fn start(title: Option<String>) -> (CompanyForm, Next) {
        let step = if title.is_some() {
            CompanyStep::Preview
        } else {
            CompanyStep::Title
        };
        let mut form = CompanyForm {
            step,
            draft: CompanyDraft { title },
        };
        let next = form.go(step);
        (form, next)
    }

    pub fn draft(&self) -> &CompanyDraft {
        &self.draft
    }

    pub fn current(&self) -> Next {
        match self.step {
            CompanyStep::Preview => Next::Preview,
            step => Next::Ask(question(step)),
        }
    }

    pub fn answer(&mut self, input: Input) -> Next {
        if input == Input::Back {
            return match self.step {
                CompanyStep::Title => self.retry(Problem::NothingBefore),
                CompanyStep::Preview | CompanyStep::EditWhich => self.go(CompanyStep::Title),
            };
        }
        match self.step {
            CompanyStep::Title => match input {
                Input::Text(answer) => match text::clean(&answer) {
                    Some(title) => {
                        self.draft.title = Some(title);
                        self.go(CompanyStep::Preview)
                    }
                    None => self.retry(Problem::Required),
                },
                _ => self.retry(Problem::Required),
            },
            CompanyStep::Preview => match input {
                Input::Choice(token) if token == choice::CONFIRM => Next::Submit,
                Input::Choice(token) if token == choice::EDIT => self.go(CompanyStep::EditWhich),
                _ => Next::Preview,
            },
            CompanyStep::EditWhich => match picked_field(&input, &FIELDS) {
                Some(_) => self.go(CompanyStep::Title),
                None => self.retry(Problem::NotAChoice),
            },
        }
    }

    fn go(&mut self, step: CompanyStep) -> Next {
        self.step = step;
        self.current()
    }

    fn retry(&self, problem: Problem) -> Next {
        Next::Retry(problem, question(self.step))
    }
}

fn question(step: CompanyStep) -> Question {
    match step {
        CompanyStep::Title => Question::CompanyTitle,
        CompanyStep::Preview | CompanyStep::EditWhich => Question::EditWhich {
            fields: FIELDS.to_vec(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_preview_back_and_edit() {
        let (mut form, next) = CompanyForm::start(None);
        assert_eq!(next, Next::Ask(Question::CompanyTitle));
        assert_eq!(
            form.answer(Input::Skip),
            Next::Retry(Problem::Required, Question::CompanyTitle)
        );
        assert_eq!(
            form.answer(Input::Text("«Acme Corp»".into())),
            Next::Preview
        );
        assert_eq!(form.draft().title.as_deref(), Some("Acme Corp"));
        assert_eq!(form.answer(Input::Back), Next::Ask(Question::CompanyTitle));
        form.answer(Input::Text("Acme".into()));
        form.answer(Input::Choice(choice::EDIT.into()));
        assert_eq!(
            form.answer(Input::Choice(choice::field("title"))),
            Next::Ask(Question::CompanyTitle)
        );
        form.answer(Input::Text("Acme Ltd".into()));
        assert_eq!(
            form.answer(Input::Choice(choice::CONFIRM.into())),
            Next::Submit
        );
        assert_eq!(form.draft().title.as_deref(), Some("Acme Ltd"));
    }
}
