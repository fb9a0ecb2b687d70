//! The deal form: title → amount (skippable) → company (search and pick, or create, or none) →
//! preview.

use serde::{Deserialize, Serialize};

use super::{Candidate, Input, Next, Problem, Question, choice, picked_field};
use crate::intent::{Money, amount};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DealStep {
    Title,
    Amount,
    /// Searching for the company named by the title, right after the amount.
    MatchTitle,
    Company,
    /// Waiting for the results of a search typed by the user.
    Searching,
    PickCompany,
    Preview,
    EditWhich,
}

/// The company a deal will be linked to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum CompanyChoice {
    Existing {
        id: u64,
        title: String,
    },
    /// Created together with the deal.
    New {
        title: String,
    },
    None,
}

/// What the deal form has collected.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DealDraft {
    pub title: Option<String>,
    pub money: Option<Money>,
    /// `None` until the company step is answered.
    pub company: Option<CompanyChoice>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DealForm {
    pub step: DealStep,
    pub draft: DealDraft,
    /// The last search and what it found, for the pick step.
    query: String,
    candidates: Vec<Candidate>,
    /// Set when the user came from the preview's Edit menu: answer, then back to the preview.
    editing: bool,
}

const FIELDS: [&str; 3] = ["title", "amount", "company"];

impl DealForm {
    pub fn start(title: Option<String>, money: Option<Money>) -> (DealForm, Next) {
        let mut form = DealForm {
            step: DealStep::Title,
            draft: DealDraft {
                title,
                money,
                company: None,
            },
            query: String::new(),
            candidates: Vec::new(),
            editing: false,
        };
        let next = if form.draft.title.is_none() {
            form.ask(DealStep::Title)
        } else if form.draft.money.is_none() {
            form.ask(DealStep::Amount)
        } else {
            form.match_title()
        };
        (form, next)
    }

    pub fn draft(&self) -> &DealDraft {
        &self.draft
    }

    pub fn current(&self) -> Next {
        match self.step {
            DealStep::MatchTitle | DealStep::Searching => Next::Search(self.query.clone()),
            DealStep::Preview => Next::Preview,
            step => Next::Ask(self.question(step)),
        }
    }

    pub fn answer(&mut self, input: Input) -> Next {
        if input == Input::Back {
            return self.back();
        }
        match self.step {
            DealStep::Title => match input {
                Input::Text(text) => match crate::intent::text::clean(&text) {
                    Some(title) => {
                        self.draft.title = Some(title);
                        self.after_edit_or(|form| form.ask(DealStep::Amount))
                    }
                    None => self.retry(Problem::Required),
                },
                Input::Skip if self.editing => self.preview(),
                _ => self.retry(Problem::Required),
            },
            DealStep::Amount => match input {
                Input::Text(text) => match amount::parse(&text) {
                    Some(money) => {
                        self.draft.money = Some(money);
                        self.after_edit_or(Self::match_title)
                    }
                    None => self.retry(Problem::NotAnAmount),
                },
                Input::Skip => {
                    if !self.editing {
                        self.draft.money = None;
                    }
                    self.after_edit_or(Self::match_title)
                }
                _ => self.retry(Problem::NotAnAmount),
            },
            DealStep::MatchTitle => match input {
                Input::Found(found) => self.matched_title(found),
                _ => self.current(),
            },
            DealStep::Company => match input {
                Input::Text(text) => match crate::intent::text::clean(&text) {
                    Some(query) => self.search(query),
                    None => self.retry(Problem::NotAChoice),
                },
                Input::Skip => self.set_company(CompanyChoice::None),
                Input::Choice(token) if token == choice::NONE => {
                    self.set_company(CompanyChoice::None)
                }
                _ => self.retry(Problem::NotAChoice),
            },
            DealStep::Searching => match input {
                Input::Found(found) => self.searched(found),
                _ => self.current(),
            },
            DealStep::PickCompany => self.pick(input),
            DealStep::Preview => match input {
                Input::Choice(token) if token == choice::CONFIRM => Next::Submit,
                Input::Choice(token) if token == choice::EDIT => self.ask(DealStep::EditWhich),
                _ => Next::Preview,
            },
            DealStep::EditWhich => match picked_field(&input, &FIELDS) {
                Some(field) => {
                    self.editing = true;
                    self.ask(match field {
                        "title" => DealStep::Title,
                        "amount" => DealStep::Amount,
                        _ => DealStep::Company,
                    })
                }
                None => self.retry(Problem::NotAChoice),
            },
        }
    }

    fn question(&self, step: DealStep) -> Question {
        match step {
            DealStep::Title => Question::DealTitle,
            DealStep::Amount => Question::DealAmount,
            DealStep::PickCompany => Question::DealPickCompany {
                query: self.query.clone(),
                candidates: self.candidates.clone(),
            },
            DealStep::EditWhich => Question::EditWhich {
                fields: FIELDS.to_vec(),
            },
            _ => Question::DealCompany,
        }
    }

    fn ask(&mut self, step: DealStep) -> Next {
        self.step = step;
        Next::Ask(self.question(step))
    }

    fn retry(&self, problem: Problem) -> Next {
        Next::Retry(problem, self.question(self.step))
    }

    fn preview(&mut self) -> Next {
        self.step = DealStep::Preview;
        self.editing = false;
        Next::Preview
    }

    fn after_edit_or(&mut self, next: impl FnOnce(&mut Self) -> Next) -> Next {
        if self.editing {
            self.preview()
        } else {
            next(self)
        }
    }

    /// A deal is usually named after its client: look for a company with the deal's title
    /// before asking.
    fn match_title(&mut self) -> Next {
        self.query = self.draft.title.clone().unwrap_or_default();
        self.candidates.clear();
        self.step = DealStep::MatchTitle;
        Next::Search(self.query.clone())
    }

    fn matched_title(&mut self, found: Vec<Candidate>) -> Next {
        match found.len() {
            0 => {
                self.query.clear();
                self.ask(DealStep::Company)
            }
            1 => {
                let company = found.into_iter().next().expect("one candidate");
                self.set_company(CompanyChoice::Existing {
                    id: company.id,
                    title: company.title,
                })
            }
            _ => {
                self.candidates = found;
                self.ask(DealStep::PickCompany)
            }
        }
    }

    fn search(&mut self, query: String) -> Next {
        self.query = query;
        self.candidates.clear();
        self.step = DealStep::Searching;
        Next::Search(self.query.clone())
    }

    fn searched(&mut self, found: Vec<Candidate>) -> Next {
        self.candidates = found;
        self.ask(DealStep::PickCompany)
    }

    fn pick(&mut self, input: Input) -> Next {
        match input {
            Input::Choice(token) if token == choice::NONE => self.set_company(CompanyChoice::None),
            Input::Choice(token) if token == choice::CREATE && !self.query.is_empty() => {
                let title = self.query.clone();
                self.set_company(CompanyChoice::New { title })
            }
            Input::Choice(token) => {
                let picked = token
                    .strip_prefix(choice::PICK_PREFIX)
                    .and_then(|id| id.parse::<u64>().ok())
                    .and_then(|id| self.candidates.iter().find(|c| c.id == id).cloned());
                match picked {
                    Some(company) => self.set_company(CompanyChoice::Existing {
                        id: company.id,
                        title: company.title,
                    }),
                    None => self.retry(Problem::NotAChoice),
                }
            }
            Input::Text(text) => match crate::intent::text::clean(&text) {
                Some(query) => self.search(query),
                None => self.retry(Problem::NotAChoice),
            },
            Input::Skip => self.set_company(CompanyChoice::None),
            Input::Found(_) | Input::Back => self.retry(Problem::NotAChoice),
        }
    }

    fn set_company(&mut self, company: CompanyChoice) -> Next {
        self.draft.company = Some(company);
        self.preview()
    }

    fn back(&mut self) -> Next {
        self.editing = false;
        match self.step {
            DealStep::Title => self.retry(Problem::NothingBefore),
            DealStep::Amount => self.ask(DealStep::Title),
            DealStep::MatchTitle | DealStep::Company | DealStep::Searching => {
                self.ask(DealStep::Amount)
            }
            DealStep::PickCompany => {
                self.query.clear();
                self.candidates.clear();
                self.ask(DealStep::Company)
            }
            DealStep::Preview | DealStep::EditWhich => {
                self.query.clear();
                self.candidates.clear();
                self.ask(DealStep::Company)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::intent::Amount;

    fn acme() -> Candidate {
        Candidate {
            id: 7,
            title: "Acme".into(),
        }
    }

    fn text(s: &str) -> Input {
        Input::Text(s.into())
    }

    #[test]
    fn every_step_from_nothing() {
        let (mut form, next) = DealForm::start(None, None);
        assert_eq!(next, Next::Ask(Question::DealTitle));
        assert_eq!(
            form.answer(Input::Skip),
            Next::Retry(Problem::Required, Question::DealTitle)
        );
        assert_eq!(
            form.answer(text("  ")),
            Next::Retry(Problem::Required, Question::DealTitle)
        );
        assert_eq!(
            form.answer(text("Acme deal")),
            Next::Ask(Question::DealAmount)
        );
        assert_eq!(
            form.answer(text("lots")),
            Next::Retry(Problem::NotAnAmount, Question::DealAmount)
        );
        assert_eq!(form.answer(text("50k")), Next::Search("Acme deal".into()));
        assert_eq!(
            form.answer(Input::Found(vec![])),
            Next::Ask(Question::DealCompany)
        );
        assert_eq!(form.answer(text("Acme")), Next::Search("Acme".into()));
        assert_eq!(
            form.answer(Input::Found(vec![acme()])),
            Next::Ask(Question::DealPickCompany {
                query: "Acme".into(),
                candidates: vec![acme()]
            })
        );
        assert_eq!(form.answer(Input::Choice("pick:7".into())), Next::Preview);
        assert_eq!(
            form.draft().company,
            Some(CompanyChoice::Existing {
                id: 7,
                title: "Acme".into()
            })
        );
        assert_eq!(
            form.draft().money.as_ref().unwrap().amount,
            Amount::from_cents(5_000_000)
        );
        assert_eq!(
            form.answer(Input::Choice(choice::CONFIRM.into())),
            Next::Submit
        );
    }

    #[test]
    fn a_title_naming_one_company_links_it() {
        let money = amount::parse("50000");
        let (mut form, next) = DealForm::start(Some("Acme".into()), money);
        assert_eq!(next, Next::Search("Acme".into()));
        assert_eq!(form.answer(Input::Found(vec![acme()])), Next::Preview);
    }

    #[test]
    fn several_matches_are_asked_and_a_new_company_can_be_made() {
        let (mut form, _) = DealForm::start(Some("Acme".into()), amount::parse("1"));
        let two = vec![
            acme(),
            Candidate {
                id: 8,
                title: "Acme Ltd".into(),
            },
        ];
        assert!(matches!(
            form.answer(Input::Found(two)),
            Next::Ask(Question::DealPickCompany { .. })
        ));
        assert_eq!(
            form.answer(Input::Choice("pick:99".into())),
            form.retry(Problem::NotAChoice)
        );
        assert_eq!(
            form.answer(Input::Choice(choice::CREATE.into())),
            Next::Preview
        );
        assert_eq!(
            form.draft().company,
            Some(CompanyChoice::New {
                title: "Acme".into()
            })
        );
    }

    #[test]
    fn back_skip_and_edit() {
        let (mut form, _) = DealForm::start(None, None);
        assert_eq!(
            form.answer(Input::Back),
            Next::Retry(Problem::NothingBefore, Question::DealTitle)
        );
        form.answer(text("Deal"));
        assert_eq!(form.answer(Input::Back), Next::Ask(Question::DealTitle));
        form.answer(text("Deal two"));
        assert_eq!(form.answer(Input::Skip), Next::Search("Deal two".into()));
        form.answer(Input::Found(vec![]));
        assert_eq!(form.answer(Input::Skip), Next::Preview);
        assert_eq!(form.draft().company, Some(CompanyChoice::None));
        assert_eq!(
            form.answer(Input::Choice(choice::EDIT.into())),
            Next::Ask(Question::EditWhich {
                fields: FIELDS.to_vec()
            })
        );
        assert_eq!(
            form.answer(Input::Choice("field:amount".into())),
            Next::Ask(Question::DealAmount)
        );
        assert_eq!(
            form.answer(text("2 000")),
            Next::Preview,
            "an edit returns to the preview"
        );
        assert_eq!(form.draft().title.as_deref(), Some("Deal two"));
        assert_eq!(form.answer(Input::Back), Next::Ask(Question::DealCompany));
    }

    #[test]
    fn a_search_that_finds_nothing_offers_to_create() {
        let (mut form, _) = DealForm::start(Some("X".into()), amount::parse("5"));
        form.answer(Input::Found(vec![]));
        form.answer(text("Romashka"));
        assert_eq!(
            form.answer(Input::Found(vec![])),
            Next::Ask(Question::DealPickCompany {
                query: "Romashka".into(),
                candidates: vec![]
            })
        );
        assert_eq!(
            form.answer(Input::Choice(choice::CREATE.into())),
            Next::Preview
        );
        assert_eq!(
            form.draft().company,
            Some(CompanyChoice::New {
                title: "Romashka".into()
            })
        );
    }
}
