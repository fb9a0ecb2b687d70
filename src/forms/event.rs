//! The event form: title → start → end (skippable: an hour after the start) → attendees
//! (colleagues by name, one at a time, until skipped) → preview. Times are read in the user's
//! time zone; an end given as a time alone is on the start's day, so "16:00" ends that day.

use jiff::{SignedDuration, Zoned};
use serde::{Deserialize, Serialize};

use super::steps::{Found, Lookup, Pick, Read, Steps, text_answer};
use super::{Candidate, Input, Next, Problem, Question};
use crate::intent;

/// How long an event lasts when its end is not given.
pub const DEFAULT_LENGTH: SignedDuration = SignedDuration::from_hours(1);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventStep {
    Title,
    Start,
    End,
    Attendees,
    /// Looking up the colleague the user named.
    FindingAttendee,
    PickAttendee,
    Preview,
    EditWhich,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventDraft {
    pub title: Option<String>,
    pub from: Option<Zoned>,
    pub to: Option<Zoned>,
    /// Besides the user, who is always there.
    pub attendees: Vec<Candidate>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventForm {
    pub step: EventStep,
    draft: EventDraft,
    editing: bool,
    #[serde(flatten)]
    lookup: Lookup,
}

impl EventForm {
    pub fn start(
        title: Option<String>,
        from: Option<Zoned>,
        to: Option<Zoned>,
    ) -> (EventForm, Next) {
        let to = match (&from, to) {
            (Some(from), None) => from.checked_add(DEFAULT_LENGTH).ok(),
            (_, to) => to,
        };
        let mut form = EventForm {
            step: EventStep::Title,
            draft: EventDraft {
                title,
                from,
                to,
                attendees: Vec::new(),
            },
            editing: false,
            lookup: Lookup::default(),
        };
        let step = if form.draft.title.is_none() {
            EventStep::Title
        } else if form.draft.from.is_none() {
            EventStep::Start
        } else {
            EventStep::Attendees
        };
        let next = form.go(step);
        (form, next)
    }

    pub fn draft(&self) -> &EventDraft {
        &self.draft
    }

    pub fn current(&self) -> Next {
        Steps::current(self)
    }

    /// Takes one answer; `now` (in the user's zone) reads a typed start.
    pub fn answer(&mut self, input: Input, now: &Zoned) -> Next {
        if input == Input::Back {
            return self.back_to(match self.step {
                EventStep::Title => None,
                EventStep::Start => Some(EventStep::Title),
                EventStep::End => Some(EventStep::Start),
                EventStep::Attendees | EventStep::FindingAttendee | EventStep::PickAttendee => {
                    Some(EventStep::End)
                }
                EventStep::Preview | EventStep::EditWhich => Some(EventStep::Attendees),
            });
        }
        if let Some(next) = self.menu(&input) {
            return next;
        }
        match self.step {
            EventStep::Title => self.required(text_answer(input), |form, title| {
                form.draft.title = Some(title);
                form.advance(EventStep::Start)
            }),
            EventStep::Start => {
                let read = match input {
                    Input::Text(answer) => intent::meeting_time(&answer, now)
                        .map_or(Read::Refused(Problem::NotADate), Read::Value),
                    Input::Skip => Read::Skipped,
                    _ => Read::Refused(Problem::Required),
                };
                self.required(read, Self::set_start)
            }
            EventStep::End => match input {
                Input::Text(answer) => self.set_end(&answer),
                Input::Skip => self.advance(EventStep::Attendees),
                _ => self.retry(Problem::NotADate),
            },
            EventStep::Attendees => match input {
                Input::Skip => self.preview(),
                input => match text_answer(input) {
                    Read::Value(name) => self.find(name),
                    _ => self.retry(Problem::NotAChoice),
                },
            },
            EventStep::FindingAttendee => match input {
                Input::Found(found) => {
                    let found = self.lookup.found(found);
                    self.lookup.query.clear();
                    match found {
                        Found::Nobody => {
                            self.step = EventStep::Attendees;
                            self.retry(Problem::NoSuchColleague)
                        }
                        Found::One(colleague) => self.add(colleague),
                        Found::Several => self.go(EventStep::PickAttendee),
                    }
                }
                _ => self.current(),
            },
            EventStep::PickAttendee => match self.lookup.pick(input) {
                Pick::Chosen(colleague) => self.add(colleague),
                Pick::Search(name) => self.find(name),
                Pick::Skipped => self.go(EventStep::Attendees),
                Pick::Refused => self.retry(Problem::NotAChoice),
            },
            EventStep::Preview | EventStep::EditWhich => self.current(),
        }
    }

    fn set_start(&mut self, from: Zoned) -> Next {
        // A new start keeps the length the event had.
        let length = match (&self.draft.from, &self.draft.to) {
            (Some(from), Some(to)) => to.duration_since(from),
            _ => DEFAULT_LENGTH,
        };
        self.draft.to = from.checked_add(length).ok();
        self.draft.from = Some(from);
        self.advance(EventStep::End)
    }

    fn set_end(&mut self, answer: &str) -> Next {
        let Some(from) = self.draft.from.clone() else {
            return self.go(EventStep::Start);
        };
        // Read from the start's midnight, so that a time alone is on the start's day, and one
        // before the start is refused rather than moved a day on.
        let Ok(day) = from.start_of_day() else {
            return self.retry(Problem::NotADate);
        };
        match intent::meeting_time(answer, &day) {
            Some(to) if to > from => {
                self.draft.to = Some(to);
                self.advance(EventStep::Attendees)
            }
            Some(_) => self.retry(Problem::EndsBeforeStart),
            None => self.retry(Problem::NotADate),
        }
    }

    fn find(&mut self, name: String) -> Next {
        self.lookup.start(name);
        self.go(EventStep::FindingAttendee)
    }

    /// Adds an attendee and asks for the next one; naming someone twice adds them once.
    fn add(&mut self, colleague: Candidate) -> Next {
        if !self.draft.attendees.contains(&colleague) {
            self.draft.attendees.push(colleague);
        }
        self.lookup.candidates.clear();
        self.go(EventStep::Attendees)
    }
}

impl Steps for EventForm {
    type Step = EventStep;
    const PREVIEW: EventStep = EventStep::Preview;
    const EDIT_WHICH: EventStep = EventStep::EditWhich;
    const FIELDS: &'static [(&'static str, EventStep)] = &[
        ("title", EventStep::Title),
        ("start", EventStep::Start),
        ("end", EventStep::End),
        ("attendees", EventStep::Attendees),
    ];

    fn step(&self) -> EventStep {
        self.step
    }

    fn set_step(&mut self, step: EventStep) {
        self.step = step;
    }

    fn editing(&mut self) -> &mut bool {
        &mut self.editing
    }

    fn pending(&self, step: EventStep) -> Option<Next> {
        (step == EventStep::FindingAttendee).then(|| Next::FindColleague(self.lookup.query.clone()))
    }

    /// Attendees are asked one at a time, so editing them starts the list again.
    fn reopen(&mut self, step: EventStep) {
        if step == EventStep::Attendees {
            self.draft.attendees.clear();
        }
    }

    fn question(&self, step: EventStep) -> Question {
        match step {
            EventStep::Title => Question::EventTitle,
            EventStep::Start => Question::EventStart,
            EventStep::End => Question::EventEnd,
            EventStep::Attendees | EventStep::FindingAttendee => Question::EventAttendees {
                added: self.draft.attendees.clone(),
            },
            EventStep::PickAttendee => Question::EventPickAttendee {
                candidates: self.lookup.candidates.clone(),
            },
            EventStep::Preview | EventStep::EditWhich => Self::edit_menu(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::forms::choice;

    fn now() -> Zoned {
        "2026-03-02T12:00:00+05:00[Asia/Yekaterinburg]"
            .parse()
            .unwrap()
    }

    fn text(s: &str) -> Input {
        Input::Text(s.into())
    }

    fn olivia() -> Candidate {
        Candidate {
            id: 7,
            title: "Olivia Chen".into(),
        }
    }

    #[test]
    fn every_step_in_the_users_zone_with_attendees_one_at_a_time() {
        let (mut form, next) = EventForm::start(None, None, None);
        assert_eq!(next, Next::Ask(Question::EventTitle));
        assert_eq!(
            form.answer(text("Demo"), &now()),
            Next::Ask(Question::EventStart)
        );
        assert_eq!(
            form.answer(Input::Skip, &now()),
            Next::Retry(Problem::Required, Question::EventStart)
        );
        assert_eq!(
            form.answer(text("завтра в 15:00"), &now()),
            Next::Ask(Question::EventEnd)
        );
        assert_eq!(
            form.answer(text("14:00"), &now()),
            Next::Retry(Problem::EndsBeforeStart, Question::EventEnd)
        );
        let none = || Question::EventAttendees { added: vec![] };
        assert_eq!(form.answer(text("16:30"), &now()), Next::Ask(none()));
        let draft = form.draft().clone();
        assert_eq!(
            draft.from.unwrap().timestamp().to_string(),
            "2026-03-03T10:00:00Z"
        );
        assert_eq!(
            draft.to.unwrap().timestamp().to_string(),
            "2026-03-03T11:30:00Z"
        );
        assert_eq!(
            form.answer(text("Olivia"), &now()),
            Next::FindColleague("Olivia".into())
        );
        let with_olivia = || Question::EventAttendees {
            added: vec![olivia()],
        };
        assert_eq!(
            form.answer(Input::Found(vec![olivia()]), &now()),
            Next::Ask(with_olivia())
        );
        form.answer(text("Nobody"), &now());
        assert_eq!(
            form.answer(Input::Found(vec![]), &now()),
            Next::Retry(Problem::NoSuchColleague, with_olivia())
        );
        assert_eq!(form.answer(Input::Skip, &now()), Next::Preview);
        assert_eq!(form.draft().attendees, vec![olivia()]);
        assert_eq!(
            form.answer(Input::Choice(choice::CONFIRM.into()), &now()),
            Next::Submit
        );
    }

    #[test]
    fn a_start_from_the_message_lasts_an_hour_and_back_goes_step_by_step() {
        let from: Zoned = "2026-03-03T10:00:00+05:00[Asia/Yekaterinburg]"
            .parse()
            .unwrap();
        let (mut form, next) = EventForm::start(Some("Demo".into()), Some(from.clone()), None);
        assert_eq!(next, Next::Ask(Question::EventAttendees { added: vec![] }));
        assert_eq!(form.draft().to, from.checked_add(DEFAULT_LENGTH).ok());
        assert_eq!(
            form.answer(Input::Back, &now()),
            Next::Ask(Question::EventEnd)
        );
        assert_eq!(
            form.answer(Input::Back, &now()),
            Next::Ask(Question::EventStart)
        );
        assert_eq!(
            form.answer(Input::Back, &now()),
            Next::Ask(Question::EventTitle)
        );
        assert_eq!(
            form.answer(Input::Back, &now()),
            Next::Retry(Problem::NothingBefore, Question::EventTitle)
        );
        let json = serde_json::to_string(&form).unwrap();
        assert_eq!(serde_json::from_str::<EventForm>(&json).unwrap(), form);
    }
}
