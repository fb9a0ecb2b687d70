//! Multi-step forms: when a create intent lacks slots, a form asks for them one at a time,
//! validates each answer, and shows a preview before anything is written.
//!
//! Pure: a form is a value (serialisable, so it is written through to SQLite and a restart
//! resumes at the same step), [`Form::answer`] takes the user's input and returns what to do
//! next. Searching the portal is not done here: the form asks for it ([`Next::Search`]) and gets
//! the results back as an input ([`Input::Found`]).

mod company;
mod contact;
mod deal;
mod event;
mod lead;
mod steps;
mod task;

use jiff::{Timestamp, Zoned};
use serde::{Deserialize, Serialize};

pub use company::{CompanyDraft, CompanyForm, CompanyStep};
pub use contact::{ContactDraft, ContactForm, ContactStep};
pub use deal::{CompanyChoice, DealDraft, DealForm, DealStep};
pub use event::{DEFAULT_LENGTH, EventDraft, EventForm, EventStep};
pub use lead::{LeadDraft, LeadForm, LeadStep};
pub use task::{TaskDraft, TaskForm, TaskStep};

use crate::intent::Intent;

/// A form left alone this long is dropped: the user has moved on.
pub const IDLE_LIMIT_SECONDS: i64 = 24 * 60 * 60;

/// One form in progress, with what it has collected.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Form {
    /// Random, chosen when the form starts: the key that makes its submission happen once.
    pub id: String,
    pub kind: FormKind,
    /// When the user last answered.
    pub touched: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "form", rename_all = "snake_case")]
pub enum FormKind {
    Deal(DealForm),
    Contact(ContactForm),
    Task(TaskForm),
    Event(EventForm),
    Lead(LeadForm),
    Company(CompanyForm),
}

/// Something the portal found for a choice step (a company to link, a colleague).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Candidate {
    pub id: u64,
    pub title: String,
}

/// What the user did.
#[derive(Debug, Clone, PartialEq)]
pub enum Input {
    /// Typed text.
    Text(String),
    /// Pressed a button of the current question; the token the form gave it.
    Choice(String),
    Skip,
    Back,
    /// The portal's answer to [`Next::Search`].
    Found(Vec<Candidate>),
}

/// What the form wants next.
#[derive(Debug, Clone, PartialEq)]
pub enum Next {
    /// Ask this.
    Ask(Question),
    /// The answer was not usable: say why, and ask again.
    Retry(Problem, Question),
    /// Search the portal's companies for this text and answer with [`Input::Found`].
    Search(String),
    /// Look up the colleagues this name fits and answer with [`Input::Found`].
    FindColleague(String),
    /// Everything is collected: show the preview with Confirm / Edit / Cancel.
    Preview,
    /// The user confirmed: write it (once, keyed by [`Form::id`]).
    Submit,
}

/// A question a form asks; the caller words it in the user's language.
#[derive(Debug, Clone, PartialEq)]
pub enum Question {
    DealTitle,
    DealAmount,
    DealCompany,
    DealPickCompany {
        query: String,
        candidates: Vec<Candidate>,
    },
    ContactName,
    ContactPhone,
    ContactEmail,
    TaskTitle,
    TaskDeadline,
    /// Whose task it is: a colleague's name, or skip for the user themself.
    TaskResponsible,
    TaskPickResponsible {
        candidates: Vec<Candidate>,
    },
    CompanyTitle,
    LeadTitle,
    LeadName,
    LeadPhone,
    EventTitle,
    EventStart,
    EventEnd,
    /// Who else comes: a colleague's name, or skip when that is everyone.
    EventAttendees {
        added: Vec<Candidate>,
    },
    EventPickAttendee {
        candidates: Vec<Candidate>,
    },
    /// Which field to change, from the preview's Edit button.
    EditWhich {
        fields: Vec<&'static str>,
    },
}

/// Why an answer was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    /// This step cannot be skipped.
    Required,
    NotAnAmount,
    NotAPhone,
    NotAnEmail,
    /// Not a day or time the bot can read.
    NotADate,
    /// No colleague has the name typed.
    NoSuchColleague,
    /// An event's end not after its start.
    EndsBeforeStart,
    /// A button of an earlier question, or text where a button was expected.
    NotAChoice,
    /// `/back` on the first step.
    NothingBefore,
}

/// The tokens of the buttons a form's questions offer.
pub mod choice {
    pub const CONFIRM: &str = "confirm";
    pub const EDIT: &str = "edit";
    pub const NONE: &str = "none";
    pub const CREATE: &str = "create";
    pub(super) const PICK_PREFIX: &str = "pick:";
    pub(super) const FIELD_PREFIX: &str = "field:";

    /// The button that picks one candidate.
    pub fn pick(id: u64) -> String {
        format!("{PICK_PREFIX}{id}")
    }

    /// The button of one field in the Edit menu.
    pub fn field(name: &str) -> String {
        format!("{FIELD_PREFIX}{name}")
    }
}

impl Form {
    /// Starts the form an intent needs, if it needs one: a create intent missing a slot, or any
    /// create intent, since every write is previewed before it happens.
    pub fn start(id: String, intent: &Intent, now: Timestamp) -> Option<(Form, Next)> {
        let (kind, next) = match intent {
            Intent::DealCreate { title, money } => {
                let (form, next) = DealForm::start(title.clone(), money.clone());
                (FormKind::Deal(form), next)
            }
            Intent::ContactCreate { name, phone, email } => {
                let (form, next) = ContactForm::start(name.clone(), phone.clone(), email.clone());
                (FormKind::Contact(form), next)
            }
            Intent::TaskCreate {
                title,
                deadline,
                responsible,
            } => {
                let (form, next) =
                    TaskForm::start(title.clone(), deadline.clone(), responsible.clone());
                (FormKind::Task(form), next)
            }
            Intent::LeadCreate { title, name, phone } => {
                let (form, next) = LeadForm::start(title.clone(), name.clone(), phone.clone());
                (FormKind::Lead(form), next)
            }
            Intent::CompanyCreate { title } => {
                let (form, next) = CompanyForm::start(title.clone());
                (FormKind::Company(form), next)
            }
            Intent::EventCreate { title, from, to } => {
                let (form, next) = EventForm::start(title.clone(), from.clone(), to.clone());
                (FormKind::Event(form), next)
            }
            _ => return None,
        };
        Some((
            Form {
                id,
                kind,
                touched: now,
            },
            next,
        ))
    }

    /// Takes one answer; `now` is in the user's time zone, which a typed date is read in.
    pub fn answer(&mut self, input: Input, now: &Zoned) -> Next {
        self.touched = now.timestamp();
        match &mut self.kind {
            FormKind::Deal(form) => form.answer(input),
            FormKind::Contact(form) => form.answer(input),
            FormKind::Task(form) => form.answer(input, now),
            FormKind::Event(form) => form.answer(input, now),
            FormKind::Lead(form) => form.answer(input),
            FormKind::Company(form) => form.answer(input),
        }
    }

    /// The question of the current step, to ask again (after a restart, or when the user wrote
    /// something else in between).
    pub fn current(&self) -> Next {
        match &self.kind {
            FormKind::Deal(form) => form.current(),
            FormKind::Contact(form) => form.current(),
            FormKind::Task(form) => form.current(),
            FormKind::Event(form) => form.current(),
            FormKind::Lead(form) => form.current(),
            FormKind::Company(form) => form.current(),
        }
    }

    /// Whether the current step waits for a button (the preview, the Edit menu) rather than
    /// for typed text, so that a typed request is a request and not an answer.
    pub fn awaits_button(&self) -> bool {
        matches!(
            self.current(),
            Next::Preview | Next::Ask(Question::EditWhich { .. })
        )
    }

    pub fn is_expired(&self, now: Timestamp) -> bool {
        now.as_second() - self.touched.as_second() > IDLE_LIMIT_SECONDS
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_form_expires_after_a_day_idle_and_survives_serialisation() {
        let start: Timestamp = "2026-03-02T07:00:00Z".parse().unwrap();
        let intent = Intent::ContactCreate {
            name: Some("Ivan".into()),
            phone: None,
            email: None,
        };
        let (form, next) = Form::start("f1".into(), &intent, start).unwrap();
        assert_eq!(next, Next::Ask(Question::ContactPhone));
        let json = serde_json::to_string(&form).unwrap();
        let back: Form = serde_json::from_str(&json).unwrap();
        assert_eq!(back, form);
        assert_eq!(back.current(), Next::Ask(Question::ContactPhone));
        assert!(!back.awaits_button(), "a phone is typed");
        assert!(!form.is_expired("2026-03-03T06:59:00Z".parse().unwrap()));
        assert!(form.is_expired("2026-03-03T07:00:01Z".parse().unwrap()));
    }

    #[test]
    fn the_preview_waits_for_a_button() {
        let intent = Intent::ContactCreate {
            name: Some("Ivan".into()),
            phone: Some("+79001234567".into()),
            email: None,
        };
        let (form, next) = Form::start("f2".into(), &intent, Timestamp::UNIX_EPOCH).unwrap();
        assert_eq!(next, Next::Preview);
        assert!(form.awaits_button());
    }

    #[test]
    fn only_create_intents_start_forms() {
        let now = Timestamp::UNIX_EPOCH;
        assert!(Form::start("x".into(), &Intent::LeadList, now).is_none());
        assert!(Form::start("x".into(), &Intent::LeadShow { id: 1 }, now).is_none());
        assert!(Form::start("x".into(), &Intent::DealShow { id: 1 }, now).is_none());
    }
}
