//! The modules the help knows, and the words that name them in either language ("deals",
//! "сделкам"). The words are data in the `[topics]` table of `locales/<lang>/intents.toml`;
//! the `help` intent keeps the topic as written (the parse contract), and the bot reads it here.

use super::vocab::VOCABULARY;

/// A module of the portal, as the help groups its commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Topic {
    Deals,
    Contacts,
    Leads,
    Companies,
    Tasks,
    Calendar,
    Files,
    Messages,
    Colleagues,
    Activities,
    Reminders,
}

impl Topic {
    pub const ALL: [Topic; 11] = [
        Topic::Deals,
        Topic::Contacts,
        Topic::Leads,
        Topic::Companies,
        Topic::Tasks,
        Topic::Calendar,
        Topic::Files,
        Topic::Messages,
        Topic::Colleagues,
        Topic::Activities,
        Topic::Reminders,
    ];

    /// The topic's name in `/help <id>` and in `intents.toml`.
    pub fn id(self) -> &'static str {
        match self {
            Topic::Deals => "deals",
            Topic::Contacts => "contacts",
            Topic::Leads => "leads",
            Topic::Companies => "companies",
            Topic::Tasks => "tasks",
            Topic::Calendar => "calendar",
            Topic::Files => "files",
            Topic::Messages => "messages",
            Topic::Colleagues => "colleagues",
            Topic::Activities => "activities",
            Topic::Reminders => "reminders",
        }
    }

    pub fn from_id(id: &str) -> Option<Topic> {
        Topic::ALL.into_iter().find(|topic| topic.id() == id)
    }

    /// The topic a user named, in any language and grammatical case the vocabulary lists; a
    /// leading `/` is allowed, since people write `/help /deals`.
    pub fn recognise(words: &str) -> Option<Topic> {
        VOCABULARY.topics.get(words.trim().trim_start_matches('/'))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_topic_is_named_by_its_id_and_in_russian() {
        for topic in Topic::ALL {
            assert_eq!(Topic::recognise(topic.id()), Some(topic));
        }
        for (words, topic) in [
            ("сделкам", Topic::Deals),
            ("Контакты", Topic::Contacts),
            ("лидам", Topic::Leads),
            ("компаниям", Topic::Companies),
            ("задачам", Topic::Tasks),
            ("календарю", Topic::Calendar),
            ("файлам", Topic::Files),
            ("сообщениям", Topic::Messages),
            ("коллегам", Topic::Colleagues),
            ("делам", Topic::Activities),
            ("/deals", Topic::Deals),
            ("Task", Topic::Tasks),
        ] {
            assert_eq!(Topic::recognise(words), Some(topic), "{words}");
        }
        assert_eq!(Topic::recognise("weather"), None);
    }
}
