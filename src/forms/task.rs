//! The task form: title → deadline (skippable) → responsible (a colleague found by name;
//! skipped, the user themself) → preview. The deadline is read in the user's time zone, so
//! "завтра в 15:00" means 15:00 where the user is.

use jiff::Zoned;
use serde::{Deserialize, Serialize};

use super::steps::{Found, Lookup, Pick, Read, Steps, text_answer};
use super::{Candidate, Input, Next, Problem, Question};
use crate::intent;

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
    #[serde(flatten)]
    lookup: Lookup,
}

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
            lookup: Lookup {
                query: responsible.unwrap_or_default(),
                candidates: Vec::new(),
            },
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
        Steps::current(self)
    }

    /// Takes one answer; `now` (in the user's zone) reads a typed deadline.
    pub fn answer(&mut self, input: Input, now: &Zoned) -> Next {
        if input == Input::Back {
            return self.back_to(match self.step {
                TaskStep::Title => None,
                TaskStep::Deadline => Some(TaskStep::Title),
                TaskStep::Responsible
                | TaskStep::FindingResponsible
                | TaskStep::PickResponsible => Some(TaskStep::Deadline),
                TaskStep::Preview | TaskStep::EditWhich => Some(TaskStep::Responsible),
            });
        }
        if let Some(next) = self.menu(&input) {
            return next;
        }
        match self.step {
            TaskStep::Title => self.required(text_answer(input), |form, title| {
                form.draft.title = Some(title);
                form.advance(TaskStep::Deadline)
            }),
            TaskStep::Deadline => {
                let read = match input {
                    Input::Text(answer) => intent::deadline(&answer, now)
                        .map_or(Read::Refused(Problem::NotADate), Read::Value),
                    Input::Skip => Read::Skipped,
                    _ => Read::Refused(Problem::NotADate),
                };
                self.optional(read, |form, deadline| {
                    form.draft.deadline = deadline;
                    form.then(Self::ask_responsible)
                })
            }
            TaskStep::Responsible => match input {
                Input::Skip => self.set_responsible(None),
                Input::Text(_) => self.required(text_answer(input), Self::find),
                _ => self.retry(Problem::NotAChoice),
            },
            TaskStep::FindingResponsible => match input {
                Input::Found(found) => match self.lookup.found(found) {
                    Found::Nobody => {
                        self.lookup.clear();
                        self.step = TaskStep::Responsible;
                        self.retry(Problem::NoSuchColleague)
                    }
                    Found::One(colleague) => self.set_responsible(Some(colleague)),
                    Found::Several => self.go(TaskStep::PickResponsible),
                },
                _ => self.current(),
            },
            TaskStep::PickResponsible => match self.lookup.pick(input) {
                Pick::Chosen(colleague) => self.set_responsible(Some(colleague)),
                Pick::Search(name) => self.find(name),
                Pick::Skipped => self.set_responsible(None),
                Pick::Refused => self.retry(Problem::NotAChoice),
            },
            TaskStep::Preview | TaskStep::EditWhich => self.current(),
        }
    }

    /// The responsible step: a name the message gave is looked up straight away.
    fn ask_responsible(&mut self) -> Next {
        if self.lookup.query.is_empty() {
            self.go(TaskStep::Responsible)
        } else {
            let name = std::mem::take(&mut self.lookup.query);
            self.find(name)
        }
    }

    fn find(&mut self, name: String) -> Next {
        self.lookup.start(name);
        self.go(TaskStep::FindingResponsible)
    }

    fn set_responsible(&mut self, colleague: Option<Candidate>) -> Next {
        self.draft.responsible = colleague;
        self.lookup.clear();
        self.preview()
    }
}

impl Steps for TaskForm {
    type Step = TaskStep;
    const PREVIEW: TaskStep = TaskStep::Preview;
    const EDIT_WHICH: TaskStep = TaskStep::EditWhich;
    const FIELDS: &'static [(&'static str, TaskStep)] = &[
        ("title", TaskStep::Title),
        ("deadline", TaskStep::Deadline),
        ("responsible", TaskStep::Responsible),
    ];

    fn step(&self) -> TaskStep {
        self.step
    }

    fn set_step(&mut self, step: TaskStep) {
        self.step = step;
    }

    fn editing(&mut self) -> &mut bool {
        &mut self.editing
    }

    fn pending(&self, step: TaskStep) -> Option<Next> {
        (step == TaskStep::FindingResponsible)
            .then(|| Next::FindColleague(self.lookup.query.clone()))
    }

    fn question(&self, step: TaskStep) -> Question {
        match step {
            TaskStep::Title => Question::TaskTitle,
            TaskStep::Deadline => Question::TaskDeadline,
            TaskStep::Responsible | TaskStep::FindingResponsible => Question::TaskResponsible,
            TaskStep::PickResponsible => Question::TaskPickResponsible {
                candidates: self.lookup.candidates.clone(),
            },
            TaskStep::Preview | TaskStep::EditWhich => Self::edit_menu(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::forms::choice;

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
