//! The company form: title → preview. One question, but a company is a write like any other,
//! so the user sees what will be created before it is.

use serde::{Deserialize, Serialize};

use super::steps::{Steps, text_answer};
use super::{Input, Next, Question};

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
    /// Absent from company forms stored before it was kept: they were not being edited.
    #[serde(default)]
    editing: bool,
}

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
            editing: false,
        };
        let next = form.go(step);
        (form, next)
    }

    pub fn draft(&self) -> &CompanyDraft {
        &self.draft
    }

    pub fn current(&self) -> Next {
        Steps::current(self)
    }

    pub fn answer(&mut self, input: Input) -> Next {
        if input == Input::Back {
            return self.back_to(match self.step {
                CompanyStep::Title => None,
                CompanyStep::Preview | CompanyStep::EditWhich => Some(CompanyStep::Title),
            });
        }
        if let Some(next) = self.menu(&input) {
            return next;
        }
        match self.step {
            CompanyStep::Title => self.required(text_answer(input), |form, title| {
                form.draft.title = Some(title);
                form.advance(CompanyStep::Preview)
            }),
            CompanyStep::Preview | CompanyStep::EditWhich => self.current(),
        }
    }
}

impl Steps for CompanyForm {
    type Step = CompanyStep;
    const PREVIEW: CompanyStep = CompanyStep::Preview;
    const EDIT_WHICH: CompanyStep = CompanyStep::EditWhich;
    const FIELDS: &'static [(&'static str, CompanyStep)] = &[("title", CompanyStep::Title)];

    fn step(&self) -> CompanyStep {
        self.step
    }

    fn set_step(&mut self, step: CompanyStep) {
        self.step = step;
    }

    fn editing(&mut self) -> &mut bool {
        &mut self.editing
    }

    fn question(&self, step: CompanyStep) -> Question {
        match step {
            CompanyStep::Title => Question::CompanyTitle,
            CompanyStep::Preview | CompanyStep::EditWhich => Self::edit_menu(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::forms::{Problem, choice};

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
