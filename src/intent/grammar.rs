//! The argument grammars every intent shares, whether its words came after a slash command or
//! out of a phrase, and the matching of phrases.

use jiff::Zoned;
use jiff::civil::time;
use regex::Captures;

use super::amount;
use super::lang::Lang;
use super::phone;
use super::push::{self, DigestAt, Lead};
use super::record::{self, ActivityType, Record};
use super::text::{clean, squeeze};
use super::vocab::VOCABULARY;
use super::when;
use super::{Intent, Period, Query, Scope, SearchBy};

/// A task deadline given as a date alone is due at the end of the working day.
const DEADLINE_TIME: jiff::civil::Time = time(18, 0, 0, 0);
/// A meeting given as a date alone starts when the working day does.
const MEETING_TIME: jiff::civil::Time = time(9, 0, 0, 0);

/// Intents whose phrases win over another's that also match: a call or meeting tied to a CRM
/// record by its number is an activity on that record, not a calendar event titled after it.
const OUTRANKS: [(&str, &str); 1] = [("activity.add", "event.create")];

fn outranks(winner: &str, loser: &str) -> bool {
    OUTRANKS.contains(&(winner, loser))
}

/// Understands a phrase, trying the message's language first. A message that the phrases of two
/// intents both match is ambiguous, and understood as none (unless one [`OUTRANKS`] the other).
pub fn phrase(text: &str, lang: Lang, now: &Zoned) -> Option<Intent> {
    let text = strip_politeness(&squeeze(text));
    for lang in lang.with_fallbacks() {
        let mut found: Option<(&str, Captures<'_>)> = None;
        for phrase in VOCABULARY.phrases(lang) {
            let Some(caps) = phrase.regex.captures(&text) else {
                continue;
            };
            match &found {
                None => found = Some((&phrase.intent, caps)),
                Some((intent, _))
                    if *intent == phrase.intent || outranks(intent, &phrase.intent) => {}
                Some((intent, _)) if outranks(&phrase.intent, intent) => {
                    found = Some((&phrase.intent, caps))
                }
                Some(_) => return None,
            }
        }
        if let Some((intent, caps)) = found {
            return Some(build(intent, &caps, now));
        }
    }
    None
}

/// Drops "please", "bot," and the like around the request, and a final `.`, `!` or `?`.
fn strip_politeness(text: &str) -> String {
    let mut text = text
        .trim()
        .trim_end_matches(['.', '!', '?'])
        .trim()
        .to_owned();
    let lower = |t: &str| t.to_lowercase().replace('ё', "е");
    loop {
        let before = text.clone();
        for prefix in &VOCABULARY.polite_prefixes {
            let current = lower(&text);
            if let Some(rest) = current.strip_prefix(prefix.as_str())
                && (rest.starts_with([' ', ',']) || rest.is_empty())
            {
                let cut = text.len() - rest.len();
                text = text[cut..].trim_start_matches([' ', ',']).to_owned();
            }
        }
        for suffix in &VOCABULARY.polite_suffixes {
            let current = lower(&text);
            if let Some(rest) = current.strip_suffix(suffix.as_str())
                && (rest.ends_with([' ', ',']) || rest.is_empty())
            {
                text = text[..rest.len()].trim_end_matches([' ', ',']).to_owned();
            }
        }
        if text == before || text.is_empty() {
            return if text.is_empty() { before } else { text };
        }
    }
}

fn build(intent: &str, caps: &Captures<'_>, now: &Zoned) -> Intent {
    let group = |name: &str| {
        caps.name(name)
            .map(|m| m.as_str())
            .filter(|s| !s.trim().is_empty())
    };
    let id = || group("id").and_then(|id| id.parse().ok());
    let owner = || record::named(group("owner")?, group("id")?);
    match intent {
        "help" => Intent::Help {
            topic: group("topic").and_then(clean),
        },
        "cancel" => Intent::Cancel,
        "settings" => Intent::Settings,
        "lang.set" => Intent::LangSet {
            lang: group("lang").and_then(language),
        },
        "tz.set" => Intent::TzSet {
            tz: group("tz").and_then(time_zone),
        },
        "remind.set" => Intent::RemindSet {
            lead: if caps.name("off").is_some() {
                Some(Lead::Off)
            } else {
                group("args").and_then(push::lead)
            },
        },
        "notify.set" => group("channel")
            .and_then(push::channel)
            .map_or(Intent::Unknown, |channel| Intent::NotifySet { channel }),
        "digest.set" => Intent::DigestSet {
            at: if caps.name("off").is_some() {
                Some(DigestAt::Off)
            } else if caps.name("on").is_some() {
                Some(DigestAt::At(push::DIGEST_ON))
            } else {
                group("args").and_then(push::digest_at)
            },
        },
        "deal.create" => deal_create(group("args").unwrap_or_default()),
        "deal.list" => Intent::DealList {
            stage: group("stage").and_then(stage),
            scope: group("scope").and_then(scope),
        },
        "deal.show" => id().map_or(Intent::Unknown, |id| Intent::DealShow { id }),
        "deal.move" => Intent::DealMove {
            id: id(),
            stage: group("stage").and_then(stage),
        },
        "contact.search" => Intent::ContactSearch {
            query: group("query").and_then(contact_query),
        },
        "contact.create" => contact_create(group("args").unwrap_or_default()),
        "contact.show" => id().map_or(Intent::Unknown, |id| Intent::ContactShow { id }),
        "lead.create" => lead_create(group("args").unwrap_or_default()),
        "lead.list" => Intent::LeadList,
        "lead.show" => id().map_or(Intent::Unknown, |id| Intent::LeadShow { id }),
        "lead.status" => Intent::LeadStatus {
            id: id(),
            status: group("text").and_then(clean),
        },
        "company.search" => Intent::CompanySearch {
            query: group("query").and_then(clean),
        },
        "company.create" => Intent::CompanyCreate {
            title: group("title").and_then(clean),
        },
        "task.create" => task_create(group("args").unwrap_or_default(), group("to"), now),
        "task.list" => Intent::TaskList {
            period: group("period").and_then(period),
        },
        "task.show" => id().map_or(Intent::Unknown, |id| Intent::TaskShow { id }),
        "task.complete" => Intent::TaskComplete { id: id() },
        "task.comment" => Intent::TaskComment {
            id: id(),
            text: group("text").and_then(clean),
        },
        "task.delegate" => Intent::TaskDelegate {
            id: id(),
            to: group("to").and_then(clean),
        },
        "task.reopen" => Intent::TaskReopen { id: id() },
        "calendar.free" => colleague_free(
            &[group("to"), group("args")]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" "),
            now,
        ),
        "task.checklist.add" => Intent::ChecklistAdd {
            id: id(),
            text: group("text").and_then(clean),
        },
        "task.checklist.tick" => Intent::ChecklistTick {
            id: id(),
            item: group("item").and_then(|item| item.parse().ok()),
        },
        "event.create" => event_create(group("args").unwrap_or_default(), now),
        "event.list" => Intent::EventList {
            period: group("period")
                .and_then(period)
                .filter(|p| *p != Period::Overdue),
        },
        "file.list" => Intent::FileList {
            path: group("path").and_then(clean),
        },
        "message.send" => Intent::MessageSend {
            to: group("to").and_then(clean),
            text: group("text").and_then(clean),
        },
        "message.notify" => Intent::MessageNotify {
            to: group("to").and_then(clean),
            text: group("text").and_then(clean),
        },
        "user.search" => Intent::UserSearch {
            query: group("query").and_then(clean),
        },
        "activity.list" => Intent::ActivityList { owner: owner() },
        "activity.add" => {
            let kind = if group("meeting").is_some() {
                ActivityType::Meeting
            } else {
                ActivityType::Call
            };
            activity_details(kind, owner(), group("args").unwrap_or_default(), now)
        }
        "activity.done" => Intent::ActivityDone { id: id() },
        "timeline.comment" => Intent::TimelineComment {
            owner: owner(),
            text: group("text").and_then(clean),
        },
        _ => Intent::Unknown,
    }
}

/// `Acme 50000`, `Ромашка 120 тыс руб`: a title and an amount at its end.
pub fn deal_create(args: &str) -> Intent {
    let (money, title) = amount::take_trailing(args);
    let mut title = leftover(&title);
    if money.is_some() {
        title = drop_last_word(&title, &VOCABULARY.connectors.before_amount);
    }
    Intent::DealCreate {
        title: clean(&title),
        money,
    }
}

/// What is left of a text once slots were taken out of it: no stray commas or dashes.
fn leftover(text: &str) -> String {
    let words: Vec<&str> = text
        .split_whitespace()
        .filter(|word| word.chars().any(char::is_alphanumeric))
        .collect();
    words.join(" ").trim_end_matches([',', ';', ':']).to_owned()
}

fn drop_last_word(text: &str, words: &[String]) -> String {
    let lower = text.to_lowercase();
    for word in words {
        if let Some(rest) = lower.strip_suffix(word.as_str())
            && (rest.is_empty() || rest.ends_with(' '))
        {
            return text[..rest.len()].trim_end().to_owned();
        }
    }
    text.to_owned()
}

fn drop_first_word(text: &str, words: &[String]) -> String {
    let lower = text.to_lowercase();
    for word in words {
        if let Some(rest) = lower.strip_prefix(word.as_str())
            && rest.starts_with(' ')
        {
            return text[text.len() - rest.len()..].trim_start().to_owned();
        }
    }
    text.to_owned()
}

/// A stage: an id of the default pipeline when the words name one, else the words as written
/// (the handler matches them against the portal's own stage names).
pub fn stage(words: &str) -> Option<String> {
    let words = clean(words)?;
    Some(VOCABULARY.stages.get(&words).unwrap_or(words))
}

pub fn scope(word: &str) -> Option<Scope> {
    match VOCABULARY.scopes.get(word)?.as_str() {
        "mine" => Some(Scope::Mine),
        "all" => Some(Scope::All),
        _ => None,
    }
}

pub fn period(words: &str) -> Option<Period> {
    match VOCABULARY.periods.get(words.trim())?.as_str() {
        "today" => Some(Period::Today),
        "tomorrow" => Some(Period::Tomorrow),
        "week" => Some(Period::Week),
        "overdue" => Some(Period::Overdue),
        _ => None,
    }
}

pub fn language(word: &str) -> Option<Lang> {
    VOCABULARY
        .languages
        .get(word.trim())
        .or_else(|| word.parse().ok())
}

/// A time zone as the IANA database spells it ("europe/berlin" → "Europe/Berlin"); a name it
/// does not know is kept as written, for the handler to refuse with a helpful message.
pub fn time_zone(name: &str) -> Option<String> {
    let name = clean(name)?;
    Some(
        jiff::tz::db()
            .get(&name)
            .ok()
            .and_then(|zone| zone.iana_name().map(str::to_owned))
            .unwrap_or(name),
    )
}

/// A contact search: a phone (normalised), an e-mail address, or a name.
pub fn contact_query(query: &str) -> Option<Query> {
    let text = clean(query)?;
    if phone::is_phone(&text) {
        return phone::normalise(&text).map(|text| Query {
            text,
            by: SearchBy::Phone,
        });
    }
    let by = if phone::is_email(&text) {
        SearchBy::Email
    } else {
        SearchBy::Name
    };
    Some(Query { text, by })
}

/// `Ivan Petrov +79001234567 ivan@mail.ru`: a name with a phone and an e-mail in any order.
pub fn contact_create(args: &str) -> Intent {
    let (email, rest) = phone::take_email(args);
    let (phone, rest) = phone::take_phone(&rest);
    Intent::ContactCreate {
        name: clean(&leftover(&rest)),
        phone,
        email,
    }
}

/// `Website request`, optionally with the contact's phone, and "from <name>" / "от <name>".
pub fn lead_create(args: &str) -> Intent {
    let (phone, rest) = phone::take_phone(args);
    let (title, name) = split_from(&leftover(&rest));
    Intent::LeadCreate {
        title: clean(&leftover(&title)),
        name: name.and_then(|n| clean(&n)),
        phone,
    }
}

fn split_from(text: &str) -> (String, Option<String>) {
    let lower = text.to_lowercase();
    for marker in [" from ", " от "] {
        if let Some(position) = lower.rfind(marker) {
            let name = &text[position + marker.len()..];
            return (text[..position].to_owned(), Some(name.to_owned()));
        }
    }
    (text.to_owned(), None)
}

/// `Call Ivan tomorrow 15:00 @Anna`: a title, a deadline anywhere in it, and the responsible
/// colleague after `@` (or named by the phrase).
pub fn task_create(args: &str, responsible: Option<&str>, now: &Zoned) -> Intent {
    let (mention, rest) = when::find(args, now, false);
    let (at_name, rest) = take_mention(&rest);
    let rest = drop_first_word(&leftover(&rest), &VOCABULARY.connectors.before_title);
    Intent::TaskCreate {
        title: clean(&rest),
        deadline: mention.start(now, DEADLINE_TIME),
        responsible: responsible.and_then(clean).or(at_name),
    }
}

/// `Olivia tomorrow 15:00`, `Ольга завтра в 15`: who, and from when (a day alone: 09:00).
pub fn colleague_free(who_and_when: &str, now: &Zoned) -> Intent {
    let (mention, rest) = when::find(who_and_when, now, false);
    Intent::ColleagueFree {
        who: clean(&leftover(&rest)),
        at: mention.start(now, MEETING_TIME),
    }
}

/// See [`super::deadline`].
pub fn deadline(text: &str, now: &Zoned) -> Option<Zoned> {
    only_when(text, now, DEADLINE_TIME)
}

/// See [`super::meeting_time`].
pub fn meeting_time(text: &str, now: &Zoned) -> Option<Zoned> {
    only_when(text, now, MEETING_TIME)
}

/// The moment `text` names when it names nothing else; a day alone is at `default`.
fn only_when(text: &str, now: &Zoned, default: jiff::civil::Time) -> Option<Zoned> {
    let (mention, rest) = when::find(text, now, false);
    match clean(&leftover(&rest)) {
        None => mention.start(now, default),
        Some(_) => None,
    }
}

/// Takes an `@Name` out of a text.
fn take_mention(text: &str) -> (Option<String>, String) {
    let mut name = None;
    let rest: Vec<&str> = text
        .split_whitespace()
        .filter(|word| match word.strip_prefix('@') {
            Some(found)
                if name.is_none() && found.chars().next().is_some_and(char::is_alphabetic) =>
            {
                name = Some(found.trim_end_matches([',', '.', ';']).to_owned());
                false
            }
            _ => true,
        })
        .collect();
    (name, rest.join(" "))
}

/// `Demo tomorrow 10:00`, `встреча с Ромашкой в пятницу в 11`, `Lunch from 13 to 14`.
pub fn event_create(args: &str, now: &Zoned) -> Intent {
    let (mention, rest) = when::find(args, now, true);
    let from = mention.start(now, MEETING_TIME);
    let to = from.as_ref().and_then(|from| mention.end(from));
    Intent::EventCreate {
        title: clean(&leftover(&rest)),
        from,
        to,
    }
}

/// `deal 12 tomorrow 10:00 discuss the contract`: the record, then when and what, in any order.
pub fn activity_add(kind: ActivityType, args: &str, now: &Zoned) -> Intent {
    match record::leading(args) {
        Some((owner, rest)) => activity_details(kind, Some(owner), rest, now),
        None => activity_details(kind, None, args, now),
    }
}

/// When (a day alone: 09:00) and the subject, from what follows the record.
fn activity_details(kind: ActivityType, owner: Option<Record>, rest: &str, now: &Zoned) -> Intent {
    let (mention, rest) = when::find(rest, now, false);
    let subject = drop_first_word(&leftover(&rest), &VOCABULARY.connectors.before_title);
    Intent::ActivityAdd {
        kind,
        owner,
        when: mention.start(now, MEETING_TIME),
        subject: clean(&subject),
    }
}

/// `deal 12: client asked for a discount`: the record and the comment.
pub fn timeline_comment(args: &str) -> Intent {
    match record::leading(args) {
        Some((owner, text)) => Intent::TimelineComment {
            owner: Some(owner),
            text: clean(text),
        },
        None => Intent::TimelineComment {
            owner: None,
            text: clean(args),
        },
    }
}

/// `Anna: the contract is signed`, or `Anna the contract is signed` (the first word names her).
pub fn message_send(args: &str) -> Intent {
    let (to, text) = recipient_and_text(args);
    Intent::MessageSend { to, text }
}

/// `Anna: the contract is signed`, `Anna the contract is signed`: a recipient and a text.
pub fn recipient_and_text(args: &str) -> (Option<String>, Option<String>) {
    let (to, text) = match args.split_once(':') {
        Some((to, text)) if !to.trim().is_empty() && !to.contains("//") => (to, text),
        _ => args
            .trim()
            .split_once(char::is_whitespace)
            .unwrap_or((args, "")),
    };
    (clean(to), clean(text))
}

/// `456 waiting for the client`: an id and free text.
pub fn id_and_text(args: &str) -> (Option<u64>, Option<String>) {
    let args = args.trim().trim_start_matches('#');
    let (first, rest) = args.split_once(char::is_whitespace).unwrap_or((args, ""));
    match first.trim_end_matches([':', ',']).parse() {
        Ok(id) => (Some(id), clean(rest.trim_start_matches([':', ',', ' ']))),
        Err(_) => (None, clean(args)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn politeness_is_dropped_but_not_from_inside() {
        assert_eq!(
            strip_politeness("please show my deals please!"),
            "show my deals"
        );
        assert_eq!(
            strip_politeness("Бот, покажи сделки, пожалуйста"),
            "покажи сделки"
        );
        assert_eq!(strip_politeness("please"), "please");
        assert_eq!(strip_politeness("hello world deal"), "world deal");
    }

    #[test]
    fn messages_and_ids() {
        assert_eq!(
            message_send("Anna: the contract is signed"),
            Intent::MessageSend {
                to: Some("Anna".into()),
                text: Some("the contract is signed".into())
            }
        );
        assert_eq!(
            message_send("Anna the contract is signed"),
            Intent::MessageSend {
                to: Some("Anna".into()),
                text: Some("the contract is signed".into())
            }
        );
        assert_eq!(
            id_and_text("456 waiting"),
            (Some(456), Some("waiting".into()))
        );
        assert_eq!(
            id_and_text("#456: waiting"),
            (Some(456), Some("waiting".into()))
        );
        assert_eq!(id_and_text("waiting"), (None, Some("waiting".into())));
    }

    #[test]
    fn leads_and_contacts() {
        assert_eq!(
            lead_create("Website request from Ivan Petrov +7 900 123-45-67"),
            Intent::LeadCreate {
                title: Some("Website request".into()),
                name: Some("Ivan Petrov".into()),
                phone: Some("+79001234567".into())
            }
        );
        assert_eq!(
            contact_create("Ivan Petrov +79001234567"),
            Intent::ContactCreate {
                name: Some("Ivan Petrov".into()),
                phone: Some("+79001234567".into()),
                email: None
            }
        );
    }
}
