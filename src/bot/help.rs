//! What `/help` says: the modules the chat can work with, and each module's commands with an
//! example. Pure; the texts are Fluent messages, so the Telegram command menu ([`menu`]) and the
//! help read the same words.

use crate::i18n::{Arg, Tr};
use crate::intent::Topic;
use crate::reply::{Reply, Tone};
use crate::tr;

/// The help on one topic, or the overview after `opening` when the message named none.
pub fn answer(tr: Tr, topic: Option<&str>, opening: String) -> Reply {
    let Some(words) = topic else {
        return overview(tr, opening);
    };
    match Topic::recognise(words) {
        Some(topic) => Reply::new()
            .title(module_name(tr, topic))
            .text(tr.t(guide(topic), &[])),
        None => Reply::new()
            .notice(Tone::Warning, tr!(tr, "help-topic-unknown", topic = words))
            .text(modules(tr)),
    }
}

/// The commands the Telegram menu lists, `(name without the slash, description)`, in the
/// order shown.
pub fn menu(tr: Tr) -> Vec<(&'static str, String)> {
    MENU.iter()
        .map(|(command, key)| (*command, tr.t(key, &[])))
        .collect()
}

const MENU: [(&str, &str); 22] = [
    ("help", "menu-help"),
    ("deals", "menu-deals"),
    ("deal", "menu-deal"),
    ("contact", "menu-contact"),
    ("leads", "menu-leads"),
    ("lead", "menu-lead"),
    ("company", "menu-company"),
    ("tasks", "menu-tasks"),
    ("task", "menu-task"),
    ("done", "menu-done"),
    ("events", "menu-events"),
    ("event", "menu-event"),
    ("free", "menu-free"),
    ("who", "menu-who"),
    ("msg", "menu-msg"),
    ("notify", "menu-notify"),
    ("files", "menu-files"),
    ("remind", "menu-remind"),
    ("settings", "menu-settings"),
    ("lang", "menu-lang"),
    ("tz", "menu-tz"),
    ("cancel", "menu-cancel"),
];

/// The message listing a module's commands.
fn guide(topic: Topic) -> &'static str {
    match topic {
        Topic::Deals => "help-deals",
        Topic::Contacts => "help-contacts",
        Topic::Tasks => "help-tasks",
        Topic::Calendar => "help-calendar",
        Topic::Leads => "help-leads",
        Topic::Companies => "help-companies",
        Topic::Colleagues => "help-colleagues",
        Topic::Messages => "help-messages",
        Topic::Activities => "help-activities",
        Topic::Files => "help-files",
        Topic::Reminders => "help-reminders",
    }
}

fn overview(tr: Tr, opening: String) -> Reply {
    Reply::new()
        .text(opening)
        .text(modules(tr))
        .text(tr.t("help-forms", &[]))
        .text(tr.t("help-general", &[]))
        .text(tr.t("help-footer", &[]))
}

/// One line per module: its name and how to ask for its commands.
fn modules(tr: Tr) -> String {
    Topic::ALL
        .into_iter()
        .map(|topic| {
            tr.t(
                "help-module-line",
                &[
                    ("module", Arg::text(module_name(tr, topic))),
                    ("topic", Arg::text(topic.id())),
                ],
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn module_name(tr: Tr, topic: Topic) -> String {
    tr.t(&format!("help-module-{}", topic.id()), &[])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::intent::Lang;
    use crate::reply::plain;

    fn shown(reply: &Reply) -> String {
        plain::render(reply)
    }

    #[test]
    fn the_overview_names_each_working_module_and_how_to_open_it() {
        let text = shown(&answer(Tr::new(Lang::En), None, "Hello".into()));
        assert!(text.starts_with("Hello"), "{text}");
        assert!(text.contains("Deals: /help deals"), "{text}");
        assert!(text.contains("Contacts: /help contacts"), "{text}");
        assert!(text.contains("Tasks: /help tasks"), "{text}");
        assert!(text.contains("Files: /help files"), "{text}");
    }

    #[test]
    fn a_topic_in_either_language_gives_its_commands_in_the_users_language() {
        let russian = shown(&answer(Tr::new(Lang::Ru), Some("сделкам"), String::new()));
        assert!(russian.starts_with("Сделки"), "{russian}");
        assert!(russian.contains("/deal move 123 WON"), "{russian}");
        let english = shown(&answer(Tr::new(Lang::En), Some("контакты"), String::new()));
        assert!(english.starts_with("Contacts"), "{english}");
        assert!(english.contains("/contact new"), "{english}");
    }

    #[test]
    fn files_have_their_commands_and_an_unknown_topic_lists_the_modules() {
        let files = shown(&answer(Tr::new(Lang::Ru), Some("файлам"), String::new()));
        assert!(files.starts_with("Файлы"), "{files}");
        assert!(files.contains("/files Договоры"), "{files}");
        let unknown = shown(&answer(Tr::new(Lang::Ru), Some("погода"), String::new()));
        assert!(unknown.contains("«погода»"), "{unknown}");
        assert!(unknown.contains("/help deals"), "{unknown}");
    }

    #[test]
    fn the_menu_offers_commands_the_help_explains_in_telegrams_limits() {
        for lang in Lang::ALL {
            let tr = Tr::new(lang);
            let explained: String = std::iter::once(None)
                .chain(Topic::ALL.map(|topic| Some(topic.id())))
                .map(|topic| shown(&answer(tr, topic, String::new())))
                .collect();
            for (command, description) in menu(tr) {
                assert!(
                    (1..=32).contains(&command.len())
                        && command
                            .bytes()
                            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'),
                    "{command}"
                );
                assert!(
                    (3..=256).contains(&description.chars().count()),
                    "{lang} {command}: {description}"
                );
                assert!(
                    explained.contains(&format!("/{command}")),
                    "{lang}: /{command} is in the menu but not in the help"
                );
            }
        }
    }
}
