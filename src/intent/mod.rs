//! Understanding: a message becomes one [`Intent`] with typed slots, whatever the channel and
//! whether it was a slash command or a phrase in English or Russian. Pure: the clock and the time
//! zone come in [`Context`]; any text at all yields an intent (`Unknown` at worst), never a panic.
//!
//! Slash commands are read by [`command`]; phrases are per-language data in
//! `locales/<lang>/intents.toml` ([`vocab`]); both hand their arguments to the same grammars
//! ([`grammar`]) for amounts ([`amount`]), phones ([`phone`]) and dates ([`when`]).

pub mod amount;
mod command;
mod grammar;
pub mod lang;
pub mod phone;
pub mod push;
pub mod record;
pub mod text;
pub mod topic;
pub mod vocab;
pub mod when;

use std::sync::LazyLock;

use jiff::Zoned;
use serde_json::{Map, Value, json};

pub use amount::{Amount, Money};
pub use lang::Lang;
pub use push::{DigestAt, Later, Lead, PushChannel};
pub use record::{ActivityType, Record, RecordKind};
pub use topic::Topic;

/// Who a list is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Mine,
    All,
}

/// A period of time a list is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    Today,
    Tomorrow,
    Week,
    Overdue,
}

/// How a contact search reads its query.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SearchBy {
    Name,
    Phone,
    Email,
}

/// A search: the query (a phone is already normalised) and how to read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    pub text: String,
    pub by: SearchBy,
}

/// What a message asks for. A slot the message did not state is `None`; forms ask for the
/// missing ones that the intent needs.
#[derive(Debug, Clone, PartialEq)]
pub enum Intent {
    Start {
        payload: Option<String>,
    },
    Help {
        topic: Option<String>,
    },
    Cancel,
    Settings,
    LangSet {
        lang: Option<Lang>,
    },
    TzSet {
        tz: Option<String>,
    },
    DealCreate {
        title: Option<String>,
        money: Option<Money>,
    },
    DealList {
        stage: Option<String>,
        scope: Option<Scope>,
    },
    DealShow {
        id: u64,
    },
    DealMove {
        id: Option<u64>,
        stage: Option<String>,
    },
    ContactSearch {
        query: Option<Query>,
    },
    ContactCreate {
        name: Option<String>,
        phone: Option<String>,
        email: Option<String>,
    },
    ContactShow {
        id: u64,
    },
    LeadCreate {
        title: Option<String>,
        name: Option<String>,
        phone: Option<String>,
    },
    LeadList,
    LeadShow {
        id: u64,
    },
    /// Moves a lead to a status, named by its id or the portal's own name for it.
    LeadStatus {
        id: Option<u64>,
        status: Option<String>,
    },
    CompanySearch {
        query: Option<String>,
    },
    CompanyCreate {
        title: Option<String>,
    },
    TaskCreate {
        title: Option<String>,
        deadline: Option<Zoned>,
        responsible: Option<String>,
    },
    TaskList {
        period: Option<Period>,
    },
    TaskShow {
        id: u64,
    },
    TaskComplete {
        id: Option<u64>,
    },
    TaskComment {
        id: Option<u64>,
        text: Option<String>,
    },
    TaskDelegate {
        id: Option<u64>,
        to: Option<String>,
    },
    TaskReopen {
        id: Option<u64>,
    },
    ChecklistAdd {
        id: Option<u64>,
        text: Option<String>,
    },
    /// Ticks checklist item `item` (numbered from 1, as the task's card lists them).
    ChecklistTick {
        id: Option<u64>,
        item: Option<u64>,
    },
    EventCreate {
        title: Option<String>,
        from: Option<Zoned>,
        to: Option<Zoned>,
    },
    EventList {
        period: Option<Period>,
    },
    /// Whether colleague `who` has nothing booked for an hour from `at`.
    ColleagueFree {
        who: Option<String>,
        at: Option<Zoned>,
    },
    FileList {
        path: Option<String>,
    },
    MessageSend {
        to: Option<String>,
        text: Option<String>,
    },
    /// A notification (the bell in Bitrix24) to colleague `to`.
    MessageNotify {
        to: Option<String>,
        text: Option<String>,
    },
    UserSearch {
        query: Option<String>,
    },
    /// The open activities (calls, meetings, to-dos) of a CRM record.
    ActivityList {
        owner: Option<Record>,
    },
    /// A call or meeting planned on a CRM record; `when` in the user's zone.
    ActivityAdd {
        kind: ActivityType,
        owner: Option<Record>,
        when: Option<Zoned>,
        subject: Option<String>,
    },
    /// Marks activity `id` done.
    ActivityDone {
        id: Option<u64>,
    },
    /// A comment in a CRM record's timeline.
    TimelineComment {
        owner: Option<Record>,
        text: Option<String>,
    },
    /// `/remind 30m`, `/remind off`: task reminders before deadlines.
    RemindSet {
        lead: Option<Lead>,
    },
    /// `/later 456 1h`: a reminder moved (the deadline stays); the reminder's buttons.
    RemindLater {
        id: Option<u64>,
        until: Option<Later>,
    },
    /// `/notify telegram|bitrix24|both`: where pushes go.
    NotifySet {
        channel: PushChannel,
    },
    /// `/digest 08:30`, `/digest off`: the morning digest.
    DigestSet {
        at: Option<DigestAt>,
    },
    Unknown,
}

/// What parsing needs besides the text.
#[derive(Debug, Clone)]
pub struct Context {
    /// The language to read the message in; `None` tells it from the text.
    pub lang: Option<Lang>,
    /// The current moment in the user's time zone; relative dates resolve against it.
    pub now: Zoned,
}

/// An understood message.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    pub intent: Intent,
    pub lang: Lang,
}

/// A task deadline, when `text` is nothing but a day and/or a time ("завтра в 15:00",
/// "friday"): a form's answer to "when is it due?". A day without a time means 18:00.
pub fn deadline(text: &str, now: &Zoned) -> Option<Zoned> {
    grammar::deadline(text, now)
}

/// A meeting's start or end, when `text` is nothing but a day and/or a time: a form's answer
/// to "when?". A day without a time means 09:00; a time alone, the next such time after `now`.
pub fn meeting_time(text: &str, now: &Zoned) -> Option<Zoned> {
    grammar::meeting_time(text, now)
}

/// Reads the vocabulary and compiles every pattern the parser uses, which otherwise happens
/// inside the first message that needs each: about a tenth of a second on two cores, paid by
/// whoever happens to write first. Call it once before taking messages; parsing is the same
/// without it.
pub fn prepare() {
    LazyLock::force(&vocab::VOCABULARY);
    when::prepare();
    amount::prepare();
    phone::prepare();
    record::prepare();
}

/// Parses a phrase of each language on the calling thread. The regex engine keeps the states it
/// has built per thread, and a language's phrases build a couple of milliseconds' worth on its
/// first message there; a runtime calls this as each of its threads starts
/// (`on_thread_start`), so no person's message pays for it.
pub fn warm_thread() {
    let context = Context {
        lang: None,
        now: Zoned::now(),
    };
    for text in [
        "new deal Acme 50000 tomorrow",
        "новая сделка Ромашка 120 тыс завтра",
    ] {
        parse(text, &context);
    }
}

/// Understands one message.
pub fn parse(text: &str, context: &Context) -> Parsed {
    let lang = context.lang.unwrap_or_else(|| Lang::detect(text));
    let intent = command::parse(text, &context.now)
        .or_else(|| grammar::phrase(text, lang, &context.now))
        .unwrap_or(Intent::Unknown);
    Parsed { intent, lang }
}

impl Intent {
    /// The intent's name in the contract (`deal.create`, ...).
    pub fn name(&self) -> &'static str {
        match self {
            Intent::Start { .. } => "start",
            Intent::Help { .. } => "help",
            Intent::Cancel => "cancel",
            Intent::Settings => "settings",
            Intent::LangSet { .. } => "lang.set",
            Intent::TzSet { .. } => "tz.set",
            Intent::DealCreate { .. } => "deal.create",
            Intent::DealList { .. } => "deal.list",
            Intent::DealShow { .. } => "deal.show",
            Intent::DealMove { .. } => "deal.move",
            Intent::ContactSearch { .. } => "contact.search",
            Intent::ContactCreate { .. } => "contact.create",
            Intent::ContactShow { .. } => "contact.show",
            Intent::LeadCreate { .. } => "lead.create",
            Intent::LeadList => "lead.list",
            Intent::LeadShow { .. } => "lead.show",
            Intent::LeadStatus { .. } => "lead.status",
            Intent::CompanySearch { .. } => "company.search",
            Intent::CompanyCreate { .. } => "company.create",
            Intent::TaskCreate { .. } => "task.create",
            Intent::TaskList { .. } => "task.list",
            Intent::TaskShow { .. } => "task.show",
            Intent::TaskComplete { .. } => "task.complete",
            Intent::TaskComment { .. } => "task.comment",
            Intent::TaskDelegate { .. } => "task.delegate",
            Intent::TaskReopen { .. } => "task.reopen",
            Intent::ChecklistAdd { .. } => "task.checklist.add",
            Intent::ChecklistTick { .. } => "task.checklist.tick",
            Intent::EventCreate { .. } => "event.create",
            Intent::EventList { .. } => "event.list",
            Intent::ColleagueFree { .. } => "calendar.free",
            Intent::FileList { .. } => "file.list",
            Intent::MessageSend { .. } => "message.send",
            Intent::MessageNotify { .. } => "message.notify",
            Intent::UserSearch { .. } => "user.search",
            Intent::ActivityList { .. } => "activity.list",
            Intent::ActivityAdd { .. } => "activity.add",
            Intent::ActivityDone { .. } => "activity.done",
            Intent::TimelineComment { .. } => "timeline.comment",
            Intent::RemindSet { .. } => "remind.set",
            Intent::RemindLater { .. } => "remind.later",
            Intent::NotifySet { .. } => "notify.set",
            Intent::DigestSet { .. } => "digest.set",
            Intent::Unknown => "unknown",
        }
    }

    /// The slots as the contract prints them; a slot not stated is left out.
    pub fn slots(&self) -> Map<String, Value> {
        let mut slots = Map::new();
        let mut put = |name: &str, value: Option<Value>| {
            if let Some(value) = value {
                slots.insert(name.to_owned(), value);
            }
        };
        let text = |value: &Option<String>| value.as_ref().map(|v| json!(v));
        let id = |value: &Option<u64>| value.map(|v| json!(v));
        let moment = |value: &Option<Zoned>| value.as_ref().map(|z| json!(rfc3339(z)));
        let record = |put: &mut dyn FnMut(&str, Option<Value>), owner: &Option<Record>| {
            put("owner", owner.map(|o| json!(o.kind.name())));
            put("id", owner.map(|o| json!(o.id)));
        };
        match self {
            Intent::Start { payload } => put("payload", text(payload)),
            Intent::Help { topic } => put("topic", text(topic)),
            Intent::Cancel | Intent::Settings | Intent::LeadList | Intent::Unknown => {}
            Intent::LangSet { lang } => put("lang", lang.map(|l| json!(l.code()))),
            Intent::TzSet { tz } => put("tz", text(tz)),
            Intent::DealCreate { title, money } => {
                put("title", text(title));
                put("amount", money.as_ref().map(|m| m.amount.to_json()));
                put(
                    "currency",
                    money
                        .as_ref()
                        .and_then(|m| m.currency.as_ref())
                        .map(|c| json!(c)),
                );
            }
            Intent::DealList { stage, scope } => {
                put("stage", text(stage));
                put(
                    "scope",
                    scope.map(|s| json!(if s == Scope::Mine { "mine" } else { "all" })),
                );
            }
            Intent::DealShow { id }
            | Intent::ContactShow { id }
            | Intent::TaskShow { id }
            | Intent::LeadShow { id } => put("id", Some(json!(id))),
            Intent::DealMove { id: deal, stage } => {
                put("id", id(deal));
                put("stage", text(stage));
            }
            Intent::ContactSearch { query } => {
                if let Some(query) = query {
                    put("query", Some(json!(query.text)));
                    put(
                        "by",
                        Some(json!(match query.by {
                            SearchBy::Name => "name",
                            SearchBy::Phone => "phone",
                            SearchBy::Email => "email",
                        })),
                    );
                }
            }
            Intent::ContactCreate { name, phone, email } => {
                put("name", text(name));
                put("phone", text(phone));
                put("email", text(email));
            }
            Intent::LeadCreate { title, name, phone } => {
                put("title", text(title));
                put("name", text(name));
                put("phone", text(phone));
            }
            Intent::CompanySearch { query } | Intent::UserSearch { query } => {
                put("query", text(query))
            }
            Intent::CompanyCreate { title } => put("title", text(title)),
            Intent::TaskCreate {
                title,
                deadline,
                responsible,
            } => {
                put("title", text(title));
                put("deadline", moment(deadline));
                put("responsible", text(responsible));
            }
            Intent::TaskList { period } | Intent::EventList { period } => {
                put("period", period.map(|p| json!(period_name(p))))
            }
            Intent::LeadStatus { id: lead, status } => {
                put("id", id(lead));
                put("status", text(status));
            }
            Intent::TaskComplete { id: task } | Intent::TaskReopen { id: task } => {
                put("id", id(task))
            }
            Intent::ChecklistTick { id: task, item } => {
                put("id", id(task));
                put("item", id(item));
            }
            Intent::TaskComment {
                id: task,
                text: body,
            }
            | Intent::ChecklistAdd {
                id: task,
                text: body,
            } => {
                put("id", id(task));
                put("text", text(body));
            }
            Intent::TaskDelegate { id: task, to } => {
                put("id", id(task));
                put("to", text(to));
            }
            Intent::EventCreate { title, from, to } => {
                put("title", text(title));
                put("from", moment(from));
                put("to", moment(to));
            }
            Intent::ColleagueFree { who, at } => {
                put("who", text(who));
                put("at", moment(at));
            }
            Intent::FileList { path } => put("path", text(path)),
            Intent::MessageSend { to, text: body } | Intent::MessageNotify { to, text: body } => {
                put("to", text(to));
                put("text", text(body));
            }
            Intent::ActivityList { owner } => record(&mut put, owner),
            Intent::ActivityAdd {
                kind,
                owner,
                when,
                subject,
            } => {
                put("kind", Some(json!(kind.name())));
                record(&mut put, owner);
                put("when", moment(when));
                put("subject", text(subject));
            }
            Intent::ActivityDone { id: activity } => put("id", id(activity)),
            Intent::TimelineComment { owner, text: body } => {
                record(&mut put, owner);
                put("text", text(body));
            }
            Intent::RemindSet { lead } => match lead {
                Some(Lead::Off) => put("off", Some(json!(true))),
                Some(Lead::Minutes(minutes)) => put("minutes", Some(json!(minutes))),
                None => {}
            },
            Intent::RemindLater { id: task, until } => {
                put("id", id(task));
                put(
                    "until",
                    until.map(|until| {
                        json!(match until {
                            Later::Hour => "hour",
                            Later::Tomorrow => "tomorrow",
                        })
                    }),
                );
            }
            Intent::NotifySet { channel } => put(
                "channel",
                Some(json!(match channel {
                    PushChannel::Telegram => "telegram",
                    PushChannel::Bitrix24 => "bitrix24",
                    PushChannel::Both => "both",
                })),
            ),
            Intent::DigestSet { at } => match at {
                Some(DigestAt::Off) => put("off", Some(json!(true))),
                Some(DigestAt::At(time)) => {
                    put("time", Some(json!(time.strftime("%H:%M").to_string())))
                }
                None => {}
            },
        }
        slots
    }
}

fn period_name(period: Period) -> &'static str {
    match period {
        Period::Today => "today",
        Period::Tomorrow => "tomorrow",
        Period::Week => "week",
        Period::Overdue => "overdue",
    }
}

/// RFC 3339 with seconds and the zone's offset at that instant.
pub fn rfc3339(moment: &Zoned) -> String {
    moment.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string()
}

impl Parsed {
    /// The contract's one-line JSON: `{"intent", "slots", "lang"}`.
    pub fn to_json(&self) -> Value {
        json!({
            "intent": self.intent.name(),
            "slots": Value::Object(self.intent.slots()),
            "lang": self.lang.code(),
        })
    }
}
