//! CRM records named in a message ("deal 12", "по сделке 12", "с контактом #5"): the kind of
//! record in either language and any grammatical case (the `[records]` words of
//! `locales/<lang>/intents.toml`), and its number.

use std::sync::LazyLock;

use regex::Regex;

use super::vocab::{VOCABULARY, alternation};

/// The kinds of CRM record that activities and timeline comments belong to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RecordKind {
    Deal,
    Contact,
    Lead,
    Company,
}

impl RecordKind {
    pub const ALL: [RecordKind; 4] = [
        RecordKind::Deal,
        RecordKind::Contact,
        RecordKind::Lead,
        RecordKind::Company,
    ];

    /// The kind's name in the contract and in `intents.toml`.
    pub fn name(self) -> &'static str {
        match self {
            RecordKind::Deal => "deal",
            RecordKind::Contact => "contact",
            RecordKind::Lead => "lead",
            RecordKind::Company => "company",
        }
    }

    pub fn from_name(name: &str) -> Option<RecordKind> {
        RecordKind::ALL.into_iter().find(|kind| kind.name() == name)
    }
}

/// A CRM record by kind and number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Record {
    pub kind: RecordKind,
    pub id: u64,
}

/// What a planned activity is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ActivityType {
    Call,
    Meeting,
}

impl ActivityType {
    pub fn name(self) -> &'static str {
        match self {
            ActivityType::Call => "call",
            ActivityType::Meeting => "meeting",
        }
    }
}

/// The regex a `{record}` slot of a phrase expands to: a record word, then its number (`#12`,
/// `№ 12`, `номер 12` too), in the named groups `owner` and `id`.
pub(super) fn pattern(record_words: &str) -> String {
    format!(r"(?P<owner>{record_words})\s*(?:№\s*|#|номер\s+|no\.\s*)?(?P<id>\d+)")
}

/// A record named at the very start of a text (after a preposition such as "of" or "по").
static LEADING: LazyLock<Regex> = LazyLock::new(|| {
    let prepositions = alternation(&VOCABULARY.connectors.before_record);
    Regex::new(&format!(
        r"(?is)^\s*(?:(?:{prepositions})\s+)?{}(?:[\s:,.;—–-]+|$)",
        pattern(&VOCABULARY.records.alternation())
    ))
    .expect("the record pattern compiles")
});

/// Compiles the pattern now rather than in the first message that names a record.
pub(super) fn prepare() {
    LazyLock::force(&LEADING);
}

/// The record named by a record word and a number.
pub fn named(owner: &str, id: &str) -> Option<Record> {
    Some(Record {
        kind: VOCABULARY.records.get(owner)?,
        id: id.parse().ok()?,
    })
}

/// The record a text starts with, and what follows it.
pub fn leading(text: &str) -> Option<(Record, &str)> {
    let caps = LEADING.captures(text)?;
    let record = named(caps.name("owner")?.as_str(), caps.name("id")?.as_str())?;
    Some((record, &text[caps.get(0)?.end()..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deal(id: u64) -> Record {
        Record {
            kind: RecordKind::Deal,
            id,
        }
    }

    #[test]
    fn records_in_either_language_and_any_case() {
        for (text, kind) in [
            ("deal 12", RecordKind::Deal),
            ("Deal #12", RecordKind::Deal),
            ("по сделке 12", RecordKind::Deal),
            ("сделки №12", RecordKind::Deal),
            ("сделка 12", RecordKind::Deal),
            ("контакту 12", RecordKind::Contact),
            ("с контактом 12", RecordKind::Contact),
            ("контакта 12", RecordKind::Contact),
            ("лиду 12", RecordKind::Lead),
            ("компании 12", RecordKind::Company),
            ("of company 12", RecordKind::Company),
            ("lead 12", RecordKind::Lead),
        ] {
            assert_eq!(
                leading(text).map(|(record, _)| record),
                Some(Record { kind, id: 12 }),
                "{text}"
            );
        }
    }

    #[test]
    fn what_follows_the_record_is_kept_and_a_bare_word_is_no_record() {
        assert_eq!(
            leading("deal 12: client asked for a discount"),
            Some((deal(12), "client asked for a discount"))
        );
        assert_eq!(leading("сделке 12"), Some((deal(12), "")));
        assert_eq!(leading("deal twelve"), None);
        assert_eq!(leading("deal 12abc"), None);
        assert_eq!(leading("Demo tomorrow 10:00"), None);
        assert_eq!(leading("сделкаа 12"), None);
    }

    mod intents {
        use jiff::Zoned;

        use super::deal;
        use crate::intent::record::{ActivityType, Record, RecordKind};
        use crate::intent::{Context, Intent, Lang, parse};

        /// Monday 2 March 2026, 10:00 in Moscow.
        fn read(text: &str) -> Intent {
            let now: Zoned = "2026-03-02T10:00:00+03:00[Europe/Moscow]".parse().unwrap();
            parse(text, &Context { lang: None, now }).intent
        }

        fn at(text: &str) -> Option<Zoned> {
            Some(format!("{text}+03:00[Europe/Moscow]").parse().unwrap())
        }

        fn contact(id: u64) -> Record {
            Record {
                kind: RecordKind::Contact,
                id,
            }
        }

        #[test]
        fn open_activities_of_a_record() {
            for text in [
                "/activities deal 12",
                "/activities сделка #12",
                "open activities of deal 12",
                "show activities for the deal #12",
                "deal 12 activities",
                "дела по сделке 12",
                "открытые дела по сделке №12",
                "что запланировано по сделке 12",
            ] {
                assert_eq!(
                    read(text),
                    Intent::ActivityList {
                        owner: Some(deal(12))
                    },
                    "{text}"
                );
            }
            assert_eq!(
                read("дела у компании 4"),
                Intent::ActivityList {
                    owner: Some(Record {
                        kind: RecordKind::Company,
                        id: 4
                    })
                }
            );
            assert_eq!(read("/activities"), Intent::ActivityList { owner: None });
            assert_eq!(
                read("/activities deal"),
                Intent::ActivityList { owner: None }
            );
        }

        #[test]
        fn calls_and_meetings_with_when_and_what() {
            let call = |owner, when: &str, subject: Option<&str>| Intent::ActivityAdd {
                kind: ActivityType::Call,
                owner,
                when: at(when),
                subject: subject.map(str::to_owned),
            };
            assert_eq!(
                read("/call deal 12 tomorrow 10:00 discuss the contract"),
                call(
                    Some(deal(12)),
                    "2026-03-03T10:00:00",
                    Some("discuss the contract")
                )
            );
            assert_eq!(
                read("позвонить по сделке 12 завтра в 10 обсудить договор"),
                call(
                    Some(deal(12)),
                    "2026-03-03T10:00:00",
                    Some("обсудить договор")
                )
            );
            assert_eq!(
                read("call deal 12 on friday"),
                call(Some(deal(12)), "2026-03-06T09:00:00", None)
            );
            assert_eq!(
                read("набери клиенту 5 в 15:30"),
                call(Some(contact(5)), "2026-03-02T15:30:00", None)
            );
            let meeting = Intent::ActivityAdd {
                kind: ActivityType::Meeting,
                owner: Some(contact(5)),
                when: at("2026-03-06T15:00:00"),
                subject: Some("demo".into()),
            };
            assert_eq!(read("/meeting contact 5 friday 15:00 demo"), meeting);
            assert_eq!(read("meet with contact #5 friday 15:00 demo"), meeting);
            assert_eq!(
                read("встреча с контактом 5 в пятницу в 15:00"),
                Intent::ActivityAdd {
                    kind: ActivityType::Meeting,
                    owner: Some(contact(5)),
                    when: at("2026-03-06T15:00:00"),
                    subject: None,
                }
            );
            assert_eq!(
                read("назначь встречу с лидом 3 послезавтра"),
                Intent::ActivityAdd {
                    kind: ActivityType::Meeting,
                    owner: Some(Record {
                        kind: RecordKind::Lead,
                        id: 3
                    }),
                    when: at("2026-03-04T09:00:00"),
                    subject: None,
                }
            );
            assert_eq!(
                read("/call tomorrow"),
                Intent::ActivityAdd {
                    kind: ActivityType::Call,
                    owner: None,
                    when: at("2026-03-03T09:00:00"),
                    subject: None,
                }
            );
        }

        #[test]
        fn calendar_meetings_stay_calendar_meetings() {
            assert_eq!(read("/meeting Demo tomorrow 10:00").name(), "event.create");
            assert_eq!(
                read("встреча с Ромашкой в пятницу в 11").name(),
                "event.create"
            );
            assert_eq!(
                read("schedule a meeting with Anna tomorrow").name(),
                "event.create"
            );
        }

        #[test]
        fn activities_done() {
            for text in [
                "/activity done 77",
                "/activity 77 done",
                "mark activity 77 done",
                "activity #77 completed",
                "complete activity 77",
                "дело 77 выполнено",
                "закрой дело №77",
                "отметь дело 77 выполненным",
            ] {
                assert_eq!(read(text), Intent::ActivityDone { id: Some(77) }, "{text}");
            }
            assert_eq!(read("/activity done"), Intent::ActivityDone { id: None });
            assert_eq!(read("задача 77 выполнена").name(), "task.complete");
        }

        #[test]
        fn timeline_comments() {
            let comment = |text: &str| Intent::TimelineComment {
                owner: Some(deal(12)),
                text: Some(text.into()),
            };
            assert_eq!(
                read("/note deal 12 client asked for a discount"),
                comment("client asked for a discount")
            );
            assert_eq!(
                read("note on deal 12: client asked for a discount"),
                comment("client asked for a discount")
            );
            assert_eq!(
                read("комментарий к сделке 12: клиент просит скидку"),
                comment("клиент просит скидку")
            );
            assert_eq!(
                read("сделка 12 комментарий: клиент просит скидку"),
                comment("клиент просит скидку")
            );
            assert_eq!(
                read("/note deal 12"),
                Intent::TimelineComment {
                    owner: Some(deal(12)),
                    text: None
                }
            );
            assert_eq!(
                read("/note client asked"),
                Intent::TimelineComment {
                    owner: None,
                    text: Some("client asked".into())
                }
            );
            assert_eq!(
                read("комментарий к задаче 12: готово").name(),
                "task.comment"
            );
        }

        #[test]
        fn the_contract_prints_the_record_and_the_slots() {
            let now: Zoned = "2026-03-02T10:00:00+03:00[Europe/Moscow]".parse().unwrap();
            let parsed = parse(
                "/call deal 12 tomorrow 10:00 discuss",
                &Context {
                    lang: Some(Lang::En),
                    now,
                },
            );
            assert_eq!(
                parsed.to_json(),
                serde_json::json!({
                    "intent": "activity.add",
                    "lang": "en",
                    "slots": {
                        "kind": "call",
                        "owner": "deal",
                        "id": 12,
                        "when": "2026-03-03T10:00:00+03:00",
                        "subject": "discuss",
                    },
                })
            );
        }
    }
}
