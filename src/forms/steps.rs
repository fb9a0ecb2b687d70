//! What every form does the same way: moving between steps, the preview with its Edit menu,
//! `/back`, refusing an answer, and reading the common kinds of answer. A form names its steps
//! and questions; [`Steps`] carries it from one to the next.

use serde::{Deserialize, Serialize};

use super::{Candidate, Input, Next, Problem, Question, choice};
use crate::intent::{phone, text};

/// A form's way through its steps. The form keeps its step and its editing flag in its own
/// fields (they are part of its stored shape); the rest is shared.
pub(super) trait Steps: Sized {
    type Step: Copy + Eq + 'static;
    /// Everything is collected: Confirm, Edit or Cancel.
    const PREVIEW: Self::Step;
    /// The preview's Edit menu: which field to change.
    const EDIT_WHICH: Self::Step;
    /// The fields the Edit menu offers, each with the step that asks for it.
    const FIELDS: &'static [(&'static str, Self::Step)];

    fn step(&self) -> Self::Step;
    fn set_step(&mut self, step: Self::Step);
    /// Set while a field picked in the Edit menu is answered: its answer goes back to the
    /// preview instead of on to the next step.
    fn editing(&mut self) -> &mut bool;
    /// The question `step` asks; the preview and the Edit menu ask [`Steps::edit_menu`].
    fn question(&self, step: Self::Step) -> Question;

    /// What a step that waits for the portal, not the user, wants done (a search).
    fn pending(&self, _step: Self::Step) -> Option<Next> {
        None
    }

    /// Called when the Edit menu opens a field again, before its question is asked.
    fn reopen(&mut self, _step: Self::Step) {}

    fn current(&self) -> Next {
        let step = self.step();
        if step == Self::PREVIEW {
            Next::Preview
        } else {
            self.pending(step)
                .unwrap_or_else(|| Next::Ask(self.question(step)))
        }
    }

    /// The Edit menu's question: which of the fields to change.
    fn edit_menu() -> Question {
        Question::EditWhich {
            fields: Self::FIELDS.iter().map(|(name, _)| *name).collect(),
        }
    }

    fn go(&mut self, step: Self::Step) -> Next {
        self.set_step(step);
        self.current()
    }

    /// On to `step`, or back to the preview when the field came from the Edit menu.
    fn advance(&mut self, step: Self::Step) -> Next {
        self.then(|form| form.go(step))
    }

    /// On with `next`, or back to the preview when the field came from the Edit menu.
    fn then(&mut self, next: impl FnOnce(&mut Self) -> Next) -> Next {
        if std::mem::take(self.editing()) {
            self.go(Self::PREVIEW)
        } else {
            next(self)
        }
    }

    fn preview(&mut self) -> Next {
        *self.editing() = false;
        self.go(Self::PREVIEW)
    }

    /// Refuses the answer, saying why, and asks the same question again.
    fn retry(&self, problem: Problem) -> Next {
        Next::Retry(problem, self.question(self.step()))
    }

    /// `/back`: to `previous`, or a refusal on the first step.
    fn back_to(&mut self, previous: Option<Self::Step>) -> Next {
        *self.editing() = false;
        match previous {
            Some(step) => self.go(step),
            None => self.retry(Problem::NothingBefore),
        }
    }

    /// The answer at the preview or the Edit menu; `None` at a field's step, which the form
    /// reads itself (its `answer` calls this first, so its own match never sees these two).
    fn menu(&mut self, input: &Input) -> Option<Next> {
        let step = self.step();
        if step == Self::PREVIEW {
            return Some(match input {
                Input::Choice(token) if token == choice::CONFIRM => Next::Submit,
                Input::Choice(token) if token == choice::EDIT => self.go(Self::EDIT_WHICH),
                _ => Next::Preview,
            });
        }
        if step != Self::EDIT_WHICH {
            return None;
        }
        let picked = match input {
            Input::Choice(token) => token.strip_prefix(choice::FIELD_PREFIX).and_then(|name| {
                Self::FIELDS
                    .iter()
                    .find(|(field, _)| *field == name)
                    .map(|(_, step)| *step)
            }),
            _ => None,
        };
        Some(match picked {
            Some(step) => {
                *self.editing() = true;
                self.reopen(step);
                self.go(step)
            }
            None => self.retry(Problem::NotAChoice),
        })
    }

    /// A required field: a value is kept by `keep`; `/skip` is refused, except when the field
    /// was opened from the Edit menu, where it keeps what the field had.
    fn required<T>(&mut self, read: Read<T>, keep: impl FnOnce(&mut Self, T) -> Next) -> Next {
        match read {
            Read::Value(value) => keep(self, value),
            Read::Skipped if *self.editing() => self.preview(),
            Read::Skipped => self.retry(Problem::Required),
            Read::Refused(problem) => self.retry(problem),
        }
    }

    /// A field that may be skipped: `keep` gets the value, or `None` for `/skip`.
    fn optional<T>(
        &mut self,
        read: Read<T>,
        keep: impl FnOnce(&mut Self, Option<T>) -> Next,
    ) -> Next {
        match read {
            Read::Value(value) => keep(self, Some(value)),
            Read::Skipped => keep(self, None),
            Read::Refused(problem) => self.retry(problem),
        }
    }
}

/// An answer to a field's question, read.
pub(super) enum Read<T> {
    Value(T),
    Skipped,
    Refused(Problem),
}

/// Text, cleaned as the intent contract cleans text slots; nothing left is no answer.
pub(super) fn text_answer(input: Input) -> Read<String> {
    match input {
        Input::Text(answer) => {
            text::clean(&answer).map_or(Read::Refused(Problem::Required), Read::Value)
        }
        Input::Skip => Read::Skipped,
        _ => Read::Refused(Problem::Required),
    }
}

/// A phone number, normalised to `+` and digits.
pub(super) fn phone_answer(input: Input) -> Read<String> {
    match input {
        Input::Text(answer) => phone::normalise(&answer)
            .filter(|_| phone::is_phone(&answer))
            .map_or(Read::Refused(Problem::NotAPhone), Read::Value),
        Input::Skip => Read::Skipped,
        _ => Read::Refused(Problem::NotAPhone),
    }
}

pub(super) fn email_answer(input: Input) -> Read<String> {
    match input {
        Input::Text(answer) if phone::is_email(&answer) => Read::Value(answer.trim().to_owned()),
        Input::Skip => Read::Skipped,
        _ => Read::Refused(Problem::NotAnEmail),
    }
}

/// The candidate a pick button names, if it is one of those offered.
fn picked(token: &str, candidates: &[Candidate]) -> Option<Candidate> {
    let id: u64 = token.strip_prefix(choice::PICK_PREFIX)?.parse().ok()?;
    candidates
        .iter()
        .find(|candidate| candidate.id == id)
        .cloned()
}

/// A name being looked up on the portal (a colleague, a company), and whom it matched when
/// that was more than one, for the pick step.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct Lookup {
    pub query: String,
    pub candidates: Vec<Candidate>,
}

/// What a lookup found, once the portal answered.
pub(super) enum Found {
    Nobody,
    One(Candidate),
    /// Kept in the [`Lookup`] to be offered as buttons.
    Several,
}

impl Lookup {
    /// Starts looking `name` up; the question that follows is the portal's search.
    pub fn start(&mut self, name: String) {
        self.query = name;
        self.candidates.clear();
    }

    pub fn found(&mut self, mut found: Vec<Candidate>) -> Found {
        match found.len() {
            0 => Found::Nobody,
            1 => Found::One(found.remove(0)),
            _ => {
                self.candidates = found;
                Found::Several
            }
        }
    }

    pub fn clear(&mut self) {
        self.query.clear();
        self.candidates.clear();
    }

    /// The answer at a pick step: a button of the candidates offered, a new name to look up,
    /// or `/skip`.
    pub fn pick(&self, input: Input) -> Pick {
        match input {
            Input::Choice(token) => {
                picked(&token, &self.candidates).map_or(Pick::Refused, Pick::Chosen)
            }
            Input::Text(answer) => text::clean(&answer).map_or(Pick::Refused, Pick::Search),
            Input::Skip => Pick::Skipped,
            Input::Back | Input::Found(_) => Pick::Refused,
        }
    }
}

pub(super) enum Pick {
    Chosen(Candidate),
    Search(String),
    Skipped,
    Refused,
}
