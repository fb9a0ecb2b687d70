//! The deal form: title → amount (skippable) → company (search and pick, or create, or none) →
//! preview.

use serde::{Deserialize, Serialize};

use super::steps::{Lookup, Pick, Read, Steps, text_answer};
use super::{Candidate, Input, Next, Problem, Question, choice};
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

impl From<Candidate> for CompanyChoice {
    fn from(company: Candidate) -> CompanyChoice {
        CompanyChoice::Existing {
            id: company.id,
            title: company.title,
        }
    }
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
    #[serde(flatten)]
    lookup: Lookup,
    /// Set when the user came from the preview's Edit menu: answer, then back to the preview.
    editing: bool,
}

impl DealForm {
    pub fn start(title: Option<String>, money: Option<Money>) -> (DealForm, Next) {
        let mut form = DealForm {
            step: DealStep::Title,
            draft: DealDraft {
                title,
                money,
                company: None,
            },
            lookup: Lookup::default(),
            editing: false,
        };
        let next = if form.draft.title.is_none() {
            form.go(DealStep::Title)
        } else if form.draft.money.is_none() {
            form.go(DealStep::Amount)
        } else {
            form.match_title()
        };
        (form, next)
    }

    pub fn draft(&self) -> &DealDraft {
        &self.draft
    }

    pub fn current(&self) -> Next {
        Steps::current(self)
    }

    pub fn answer(&mut self, input: Input) -> Next {
        if input == Input::Back {
            if matches!(
                self.step,
                DealStep::PickCompany | DealStep::Preview | DealStep::EditWhich
            ) {
                self.lookup.clear();
            }
            return self.back_to(match self.step {
                DealStep::Title => None,
                DealStep::Amount => Some(DealStep::Title),
                DealStep::MatchTitle | DealStep::Company | DealStep::Searching => {
                    Some(DealStep::Amount)
                }
                DealStep::PickCompany | DealStep::Preview | DealStep::EditWhich => {
                    Some(DealStep::Company)
                }
            });
        }
        if let Some(next) = self.menu(&input) {
            return next;
        }
        match self.step {
            DealStep::Title => self.required(text_answer(input), |form, title| {
                form.draft.title = Some(title);
                form.advance(DealStep::Amount)
            }),
            DealStep::Amount => {
                let read = match input {
                    Input::Text(text) => amount::parse(&text)
                        .map_or(Read::Refused(Problem::NotAnAmount), Read::Value),
                    Input::Skip => Read::Skipped,
                    _ => Read::Refused(Problem::NotAnAmount),
                };
                self.optional(read, |form, money| {
                    // Skipping from the Edit menu keeps the amount; skipping when asked first
                    // means there is none.
                    if money.is_some() || !form.editing {
                        form.draft.money = money;
                    }
                    form.then(Self::match_title)
                })
            }
            DealStep::MatchTitle => match input {
                Input::Found(found) => self.matched_title(found),
                _ => self.current(),
            },
            DealStep::Company => match input {
                Input::Skip => self.set_company(CompanyChoice::None),
                Input::Choice(token) if token == choice::NONE => {
                    self.set_company(CompanyChoice::None)
                }
                input => match text_answer(input) {
                    Read::Value(query) => self.search(query),
                    _ => self.retry(Problem::NotAChoice),
                },
            },
            DealStep::Searching => match input {
                Input::Found(found) => {
                    self.lookup.candidates = found;
                    self.go(DealStep::PickCompany)
                }
                _ => self.current(),
            },
            DealStep::PickCompany => self.pick(input),
            DealStep::Preview | DealStep::EditWhich => self.current(),
        }
    }

    /// A deal is usually named after its client: look for a company with the deal's title
    /// before asking.
    fn match_title(&mut self) -> Next {
        let title = self.draft.title.clone().unwrap_or_default();
        self.lookup.start(title);
        self.go(DealStep::MatchTitle)
    }

    fn matched_title(&mut self, mut found: Vec<Candidate>) -> Next {
        match found.len() {
            0 => {
                self.lookup.query.clear();
                self.go(DealStep::Company)
            }
            1 => self.set_company(found.remove(0).into()),
            _ => {
                self.lookup.candidates = found;
                self.go(DealStep::PickCompany)
            }
        }
    }

    fn search(&mut self, query: String) -> Next {
        self.lookup.start(query);
        self.go(DealStep::Searching)
    }

    fn pick(&mut self, input: Input) -> Next {
        match input {
            Input::Choice(token) if token == choice::NONE => self.set_company(CompanyChoice::None),
            Input::Choice(token) if token == choice::CREATE && !self.lookup.query.is_empty() => {
                let title = self.lookup.query.clone();
                self.set_company(CompanyChoice::New { title })
            }
            input => match self.lookup.pick(input) {
                Pick::Chosen(company) => self.set_company(company.into()),
                Pick::Search(query) => self.search(query),
                Pick::Skipped => self.set_company(CompanyChoice::None),
                Pick::Refused => self.retry(Problem::NotAChoice),
            },
        }
    }

    fn set_company(&mut self, company: CompanyChoice) -> Next {
        self.draft.company = Some(company);
        self.preview()
    }
}

impl Steps for DealForm {
    type Step = DealStep;
    const PREVIEW: DealStep = DealStep::Preview;
    const EDIT_WHICH: DealStep = DealStep::EditWhich;
    const FIELDS: &'static [(&'static str, DealStep)] = &[
        ("title", DealStep::Title),
        ("amount", DealStep::Amount),
        ("company", DealStep::Company),
    ];

    fn step(&self) -> DealStep {
        self.step
    }

    fn set_step(&mut self, step: DealStep) {
        self.step = step;
    }

    fn editing(&mut self) -> &mut bool {
        &mut self.editing
    }

    fn pending(&self, step: DealStep) -> Option<Next> {
        matches!(step, DealStep::MatchTitle | DealStep::Searching)
            .then(|| Next::Search(self.lookup.query.clone()))
    }

    fn question(&self, step: DealStep) -> Question {
        match step {
            DealStep::Title => Question::DealTitle,
            DealStep::Amount => Question::DealAmount,
            DealStep::MatchTitle | DealStep::Company | DealStep::Searching => Question::DealCompany,
            DealStep::PickCompany => Question::DealPickCompany {
                query: self.lookup.query.clone(),
                candidates: self.lookup.candidates.clone(),
            },
            DealStep::Preview | DealStep::EditWhich => Self::edit_menu(),
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
                fields: vec!["title", "amount", "company"]
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
