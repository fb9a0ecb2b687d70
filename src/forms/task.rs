//! The task form: title → deadline (skippable) → responsible (a colleague found by name;
//! skipped, the user themself) → preview. The deadline is read in the user's time zone, so
//! "завтра в 15:00" means 15:00 where the user is.

use jiff::Zoned;
use serde::{Deserialize, Serialize};

use super::{Candidate, Input, Next, Problem, Question, choice, picked_field};
use crate::intent::{self, text};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TaskStep {
    Title,
    Deadline,
    Responsible,
    /// Looking up the colleague the user named.
    FindingResponsible,
    PickResponsible,
    Preview,
    EditWhich,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TaskDraft {
    pub title: Option<String>,
    /// In the user's zone, as they meant it.
    pub deadline: Option<Zoned>,
    /// `None`: the user who asks is responsible.
    pub responsible: Option<Candidate>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TaskForm {
    pub step: TaskStep,
    draft: TaskDraft,
    editing: bool,
    /// The name being looked up (or named in the message, to look up once the deadline is
    /// asked), and whom it matched, for the pick step.
    query: String,
    candidates: Vec<Candidate>,
}

const FIELDS: [&str; 3] = ["title", "deadline", "responsible"];

impl TaskForm {
    pub fn start(
        title: Option<String>,
        deadline: Option<Zoned>,
        responsible: Option<String>,
    ) -> (TaskForm, Next) {
        let mut form = TaskForm {
            step: TaskStep::Title,
            draft: TaskDraft {
                title,
                deadline,
                responsible: None,
            },
            editing: false,
            query: responsible.unwrap_or_default(),
            candidates: Vec::new(),
        };
        let next = if form.draft.title.is_none() {
            form.go(TaskStep::Title)
        } else if form.draft.deadline.is_none() {
            form.go(TaskStep::Deadline)
        } else {
            form.ask_responsible()
        };
        (form, next)
    }

    pub fn draft(&self) -> &TaskDraft {
        &self.draft
    }

    pub fn current(&self) -> Next {
        match self.step {
            TaskStep::Preview => Next::Preview,
            TaskStep::FindingResponsible => Next::FindColleague(self.query.clone()),
            step => Next::Ask(self.question(step)),
        }
    }

    /// Takes one answer; `now` (in the user's zone) reads a typed deadline.
    pub fn answer(&mut self, input: Input, now: &Zoned) -> Next {
        if input == Input::Back {
            return self.back();
        }
        match self.step {
            TaskStep::Title => match input {
                Input::Text(answer) => match text::clean(&answer) {
                    Some(title) => {
                        self.draft.title = Some(title);
                        if self.editing {
                            self.preview()
                        } else {
                            self.go(TaskStep::Deadline)
                        }
                    }
                    None => self.retry(Problem::Required),
                },
                Input::Skip if self.editing => self.preview(),
                _ => self.retry(Problem::Required),
            },
            TaskStep::Deadline => match input {
                Input::Text(answer) => match intent::deadline(&answer, now) {
                    Some(deadline) => {
                        self.draft.deadline = Some(deadline);
                        self.after_deadline()
                    }
                    None => self.retry(Problem::NotADate),
                },
                Input::Skip => {
                    self.draft.deadline = None;
                    self.after_deadline()
                }
                _ => self.retry(Problem::NotADate),
            },
            TaskStep::Responsible => match input {
                Input::Text(answer) => match text::clean(&answer) {
                    Some(name) => self.find(name),
                    None => self.retry(Problem::Required),
                },
                Input::Skip => self.set_responsible(None),
                _ => self.retry(Problem::NotAChoice),
            },
            TaskStep::FindingResponsible => match input {
                Input::Found(found) => self.found(found),
                _ => self.current(),
            },
            TaskStep::PickResponsible => match input {
                Input::Choice(token) => {
                    let picked = token
                        .strip_prefix(choice::PICK_PREFIX)
                        .and_then(|id| id.parse::<u64>().ok())
                        .and_then(|id| self.candidates.iter().find(|c| c.id == id).cloned());
                    match picked {
                        Some(colleague) => self.set_responsible(Some(colleague)),
                        None => self.retry(Problem::NotAChoice),
                    }
                }
                Input::Text(answer) => match text::clean(&answer) {
                    Some(name) => self.find(name),
                    None => self.retry(Problem::NotAChoice),
                },
                Input::Skip => self.set_responsible(None),
                _ => self.retry(Problem::NotAChoice),
            },
            TaskStep::Preview => match input {
                Input::Choice(token) if token == choice::CONFIRM => Next::Submit,
                Input::Choice(token) if token == choice::EDIT => self.go(TaskStep::EditWhich),
                _ => Next::Preview,
            },
            TaskStep::EditWhich => match picked_field(&input, &FIELDS) {
                Some(field) => {
                    self.editing = true;
                    self.go(match field {
                        "title" => TaskStep::Title,
                        "deadline" => TaskStep::Deadline,
                        _ => TaskStep::Responsible,
                    })
                }
                None => self.retry(Problem::NotAChoice),
            },
        }
    }

    fn after_deadline(&mut self) -> Next {
        if self.editing {
            self.preview()
        } else {
            self.ask_responsible()
        }
    }

    /// The responsible step: a name the message gave is looked up straight away.
    fn ask_responsible(&mut self) -> Next {
        if self.query.is_empty() {
            self.go(TaskStep::Responsible)
        } else {
            let name = std::mem::take(&mut self.query);
            self.find(name)
        }
    }

    fn find(&mut self, name: String) -> Next {
        self.query = name;
        self.candidates.clear();
        self.go(TaskStep::FindingResponsible)
    }

    fn found(&mut self, found: Vec<Candidate>) -> Next {
        match found.len() {
            0 => {
                self.query.clear();
                self.step = TaskStep::Responsible;
                self.retry(Problem::NoSuchColleague)
            }
            1 => self.set_responsible(found.into_iter().next()),
            _ => {
                self.candidates = found;
                self.go(TaskStep::PickResponsible)
            }
        }
    }

    fn set_responsible(&mut self, colleague: Option<Candidate>) -> Next {
        self.draft.responsible = colleague;
        self.query.clear();
        self.candidates.clear();
        self.preview()
    }

    fn back(&mut self) -> Next {
        self.editing = false;
        match self.step {
            TaskStep::Title => self.retry(Problem::NothingBefore),
            TaskStep::Deadline => self.go(TaskStep::Title),
            TaskStep::Responsible | TaskStep::FindingResponsible | TaskStep::PickResponsible => {
                self.go(TaskStep::Deadline)
            }
            TaskStep::Preview | TaskStep::EditWhich => self.go(TaskStep::Responsible),
        }
    }

    fn preview(&mut self) -> Next {
        self.editing = false;
        self.go(TaskStep::Preview)
    }

    fn go(&mut self, step: TaskStep) -> Next {
        self.step = step;
        self.current()
    }

    fn retry(&self, problem: Problem) -> Next {
        Next::Retry(problem, self.question(self.step))
    }

    fn question(&self, step: TaskStep) -> Question {
        match step {
            TaskStep::Title => Question::TaskTitle,
            TaskStep::Deadline => Question::TaskDeadline,
            TaskStep::Responsible | TaskStep::FindingResponsible => Question::TaskResponsible,
            TaskStep::PickResponsible => Question::TaskPickResponsible {
                candidates: self.candidates.clone(),
            },
            TaskStep::Preview | TaskStep::EditWhich => Question::EditWhich {
                fields: FIELDS.to_vec(),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> Zoned {
        "2026-03-02T09:00:00+05:00[Asia/Yekaterinburg]"
            .parse()
            .unwrap()
    }

    fn text(s: &str) -> Input {
        Input::Text(s.into())
    }

    fn anna() -> Candidate {
        Candidate {
            id: 4,
            title: "Anna Smirnova".into(),
        }
    }

    #[test]
    fn every_step_with_the_deadline_in_the_users_zone() {
        let (mut form, next) = TaskForm::start(None, None, None);
        assert_eq!(next, Next::Ask(Question::TaskTitle));
        assert_eq!(
            form.answer(Input::Skip, &now()),
            Next::Retry(Problem::Required, Question::TaskTitle)
        );
        assert_eq!(
            form.answer(text("Call the bank"), &now()),
            Next::Ask(Question::TaskDeadline)
        );
        assert_eq!(
            form.answer(text("some day"), &now()),
            Next::Retry(Problem::NotADate, Question::TaskDeadline)
        );
        assert_eq!(
            form.answer(text("завтра в 15:00"), &now()),
            Next::Ask(Question::TaskResponsible)
        );
        let deadline = form.draft().deadline.clone().unwrap();
        assert_eq!(
            deadline.timestamp().to_string(),
            "2026-03-03T10:00:00Z",
            "15:00 in Yekaterinburg"
        );
        assert_eq!(
            form.answer(text("Анне"), &now()),
            Next::FindColleague("Анне".into())
        );
        assert_eq!(form.current(), Next::FindColleague("Анне".into()));
        assert_eq!(
            form.answer(
                Input::Found(vec![
                    anna(),
                    Candidate {
                        id: 5,
                        title: "Anna Lee".into()
                    }
                ]),
                &now()
            ),
            Next::Ask(Question::TaskPickResponsible {
                candidates: vec![
                    anna(),
                    Candidate {
                        id: 5,
                        title: "Anna Lee".into()
                    }
                ]
            })
        );
        assert_eq!(
            form.answer(Input::Choice(choice::pick(99)), &now()),
            Next::Retry(
                Problem::NotAChoice,
                Question::TaskPickResponsible {
                    candidates: vec![
                        anna(),
                        Candidate {
                            id: 5,
                            title: "Anna Lee".into()
                        }
                    ]
                }
            )
        );
        assert_eq!(
            form.answer(Input::Choice(choice::pick(4)), &now()),
            Next::Preview
        );
        assert_eq!(form.draft().responsible, Some(anna()));
        assert_eq!(
            form.answer(Input::Choice(choice::CONFIRM.into()), &now()),
            Next::Submit
        );
    }

    #[test]
    fn skip_back_edit_and_a_name_nobody_has() {
        let (mut form, next) = TaskForm::start(Some("Report".into()), None, None);
        assert_eq!(next, Next::Ask(Question::TaskDeadline));
        assert_eq!(
            form.answer(Input::Skip, &now()),
            Next::Ask(Question::TaskResponsible)
        );
        assert_eq!(
            form.answer(Input::Back, &now()),
            Next::Ask(Question::TaskDeadline)
        );
        assert_eq!(
            form.answer(Input::Back, &now()),
            Next::Ask(Question::TaskTitle)
        );
        assert_eq!(
            form.answer(Input::Back, &now()),
            Next::Retry(Problem::NothingBefore, Question::TaskTitle)
        );
        form.answer(text("Report"), &now());
        form.answer(Input::Skip, &now());
        form.answer(text("Nobody"), &now());
        assert_eq!(
            form.answer(Input::Found(vec![]), &now()),
            Next::Retry(Problem::NoSuchColleague, Question::TaskResponsible)
        );
        assert_eq!(form.answer(Input::Skip, &now()), Next::Preview);
        assert_eq!(form.draft().responsible, None, "skipped: the user");
        assert_eq!(form.draft().deadline, None);
        form.answer(Input::Choice(choice::EDIT.into()), &now());
        assert_eq!(
            form.answer(Input::Choice(choice::field("deadline")), &now()),
            Next::Ask(Question::TaskDeadline)
        );
        assert_eq!(form.answer(text("friday"), &now()), Next::Preview);
        assert_eq!(
            form.draft().deadline.as_ref().map(|d| d.to_string()),
            Some("2026-03-06T18:00:00+05:00[Asia/Yekaterinburg]".into()),
            "a day without a time is 18:00 that day"
        );
    }

    #[test]
    fn a_colleague_named_in_the_message_is_looked_up_after_the_deadline_and_survives_json() {
        let (mut form, next) = TaskForm::start(Some("Report".into()), None, Some("Anna".into()));
        assert_eq!(next, Next::Ask(Question::TaskDeadline));
        assert_eq!(
            form.answer(Input::Skip, &now()),
            Next::FindColleague("Anna".into())
        );
        let json = serde_json::to_string(&form).unwrap();
        let back: TaskForm = serde_json::from_str(&json).unwrap();
        assert_eq!(back, form);
    }
}
