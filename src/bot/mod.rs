//! The conversation core: a message from any channel ([`Inbound`]) becomes replies.
//!
//! Who is this (the link store) → the reply's language and the user's time zone → a pressed
//! button, an answer to the open form, or an intent → a form when slots are missing → a handler
//! → [`Reply`]s. Channels only carry messages in and replies out; the core knows none of them.
//! Every failure becomes a reply in one place ([`failure`]).

mod form_desk;
mod form_flow;
mod form_replies;
pub mod help;
pub mod inline;
mod intents;
mod people;
mod pushes;
mod shared;

use std::sync::Arc;

use dashmap::DashMap;
use jiff::Timestamp;
use jiff::tz::TimeZone;
use tracing::Instrument;

use crate::b24::Client;
use crate::forms::{Form, Input, choice};
use crate::handlers::{Actor, Handlers};
use crate::i18n::{self, LangSignals, Tr, reply_lang};
use crate::intent::{self, Intent, Lang};
use crate::ops::metrics;
use crate::reminders::Wake;
use crate::reply::{Reply, Tone};
use crate::store::{self, Channel, ChannelUser, FormInstance, Link, Store};
use crate::visibility::Policy;

use crate::buttons::{Action, Press, Registry};
use crate::failure::Failure;
use form_desk::{FormDesk, OpenForm, Submitted};
use people::People;

/// A message as a channel hands it over.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inbound {
    pub channel: Channel,
    /// Where to answer (a Telegram chat, a Bitrix24 dialog, the terminal).
    pub chat: String,
    /// Who wrote, as the channel names them.
    pub user: String,
    /// The language the channel reports for the user (Telegram's `language_code`), if any.
    pub lang_hint: Option<String>,
    pub content: Content,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Content {
    Text(String),
    /// A pressed button: the action token of a [`Button`] the bot sent.
    Button(String),
    /// A contact card shared from the phone's address book: the CRM is searched by its phone,
    /// and when the user sees no contact with it, a button offers to create one from the card.
    Contact {
        name: Option<String>,
        phone: String,
    },
    /// A file sent to the bot (a document, a photo): offered to be saved to Drive.
    File(ReceivedFile),
    /// A file the channel could not fetch because it is over the size the bot moves
    /// ([`MAX_FILE_BYTES`](crate::b24::drive::MAX_FILE_BYTES)).
    FileTooLarge {
        name: String,
        size: u64,
    },
    /// A file the channel could not fetch (its server did not hand it over).
    FileUnavailable {
        name: String,
    },
}

/// A file as a channel received it.
#[derive(Clone, PartialEq, Eq)]
pub struct ReceivedFile {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// The bytes are left out: a log line should not hold a file.
impl std::fmt::Debug for ReceivedFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReceivedFile")
            .field("name", &self.name)
            .field("bytes", &self.bytes.len())
            .finish()
    }
}

/// What applies when the user has not chosen: `BOT_LANG` and `BOT_TZ`.
#[derive(Debug, Clone, PartialEq)]
pub struct Defaults {
    pub lang: Lang,
    pub time_zone: TimeZone,
}

pub struct Bot {
    store: Store,
    handlers: Handlers,
    forms: FormDesk,
    buttons: Arc<Registry>,
    people: People,
    /// The portal and the policy, for what a channel hands over that is no message to parse (a
    /// shared contact card).
    portal: Client,
    policy: Policy,
    /// The language each user was last answered in: a message with no words of its own (a
    /// button, a number) is answered in the language of the conversation.
    spoken: DashMap<ChannelUser, Lang>,
    defaults: Defaults,
    /// Tells the reminder scheduler that settings or tasks changed.
    wake: Wake,
}

impl Bot {
    /// Gets ready to answer: writes a previous run left pending become unknown, received files
    /// that waited too long for a folder are deleted, and the forms in progress are loaded, so
    /// each resumes at the step where it was left. The parser's patterns and the messages are
    /// compiled here, so the first person to write does not wait for them.
    pub async fn start(
        store: Store,
        portal: Client,
        policy: Policy,
        defaults: Defaults,
        now: Timestamp,
    ) -> Result<Bot, store::Error> {
        intent::prepare();
        i18n::prepare();
        store.settle_interrupted_writes(now).await?;
        store.expire_uploads(now).await?;
        let forms = FormDesk::load(store.clone()).await?;
        let buttons = Arc::new(Registry::default());
        Ok(Bot {
            handlers: Handlers::new(
                portal.clone(),
                store.clone(),
                policy.clone(),
                buttons.clone(),
            ),
            people: People::new(portal.clone()),
            portal,
            policy,
            store,
            forms,
            buttons,
            spoken: DashMap::new(),
            defaults,
            wake: Wake::default(),
        })
    }

    /// What wakes the reminder scheduler when a conversation changes settings or tasks.
    pub fn reminder_wake(&self) -> Wake {
        self.wake.clone()
    }

    /// The employee's name as the portal has it (the console greets with it); `None` when the
    /// portal does not know them.
    pub async fn employee_name(&self, employee: u64) -> Result<Option<String>, Failure> {
        Ok(self.people.get(employee).await?.name)
    }

    /// Answers one message. Never fails: a failure is answered too. Logged within one span per
    /// message that names the channel, the user and (once made out) the intent, never the text.
    pub async fn handle(&self, inbound: &Inbound, now: Timestamp) -> Vec<Reply> {
        let span = tracing::info_span!(
            "message",
            channel = %inbound.channel,
            user = %inbound.user,
            intent = tracing::field::Empty,
        );
        async {
            let replies = self.respond(inbound, now).await;
            metrics::replies_sent(inbound.channel.as_str(), replies.len());
            tracing::info!(replies = replies.len(), "answered");
            replies
        }
        .instrument(span)
        .await
    }

    async fn respond(&self, inbound: &Inbound, now: Timestamp) -> Vec<Reply> {
        let user = ChannelUser::new(inbound.channel, inbound.user.clone());
        let text = match &inbound.content {
            Content::Text(text) => text.as_str(),
            Content::Button(_)
            | Content::Contact { .. }
            | Content::File(_)
            | Content::FileTooLarge { .. }
            | Content::FileUnavailable { .. } => "",
        };
        // Who wrote, noting that they did: pushes go where people last wrote.
        let link = self.store.seen(&user, now).await;
        let spoken = self.spoken.get(&user).map(|lang| lang.code());
        let hints: Vec<&str> = spoken
            .into_iter()
            .chain(inbound.lang_hint.as_deref())
            .collect();
        let chosen = link.as_ref().ok().and_then(|link| link.as_ref()?.lang);
        let tr = Tr::new(reply_lang(&LangSignals {
            chosen,
            text,
            hints: &hints,
            default: self.defaults.lang,
        }));
        self.spoken.insert(user.clone(), tr.lang());
        let answered = match link {
            Err(error) => Err(error.into()),
            Ok(None) => Ok(self.stranger(inbound.channel, tr, text, now)),
            Ok(Some(link)) => self.linked(user, link, tr, &inbound.content, now).await,
        };
        answered.unwrap_or_else(|failure| {
            metrics::failed(&failure);
            vec![failure.reply(tr)]
        })
    }

    /// Someone the bot does not know: help and a language, nothing from the portal.
    fn stranger(&self, channel: Channel, tr: Tr, text: &str, now: Timestamp) -> Vec<Reply> {
        let context = intent::Context {
            lang: None,
            now: now.to_zoned(self.defaults.time_zone.clone()),
        };
        let intent = intent::parse(text, &context).intent;
        noted(channel, intent.name());
        vec![match intent {
            Intent::Start { .. } => help::answer(tr, None, tr.t("greeting-stranger", &[])),
            Intent::Help { topic } => {
                help::answer(tr, topic.as_deref(), tr.t("greeting-stranger", &[]))
            }
            Intent::LangSet { lang: Some(lang) } => {
                Reply::new().text(Tr::new(lang).t("lang-set", &[]))
            }
            _ => Reply::new().notice(Tone::Info, tr.t("not-linked", &[])),
        }]
    }

    async fn linked(
        &self,
        user: ChannelUser,
        link: Link,
        tr: Tr,
        content: &Content,
        now: Timestamp,
    ) -> Result<Vec<Reply>, Failure> {
        let zone = match link.time_zone {
            Some(zone) => zone,
            None => self.portal_zone(link.employee.0).await,
        };
        let actor = Actor {
            user,
            employee: link.employee.0,
            tr,
            now: now.to_zoned(zone),
        };
        let mut replies = Vec::new();
        if self.forms.expire(&actor.user, now).await? {
            replies.push(Reply::new().notice(Tone::Info, tr.t("form-expired", &[])));
        }
        replies.extend(match content {
            Content::Text(text) => self.text(&actor, text).await?,
            Content::Button(token) => self.press(&actor, token).await?,
            Content::Contact { name, phone } => {
                noted(actor.user.channel, "contact.shared");
                let replies = vec![self.shared_contact(&actor, name.clone(), phone).await?];
                self.reasking(&actor, replies).await?
            }
            Content::File(file) => {
                let replies = vec![self.handlers.file_received(&actor, file).await?];
                self.reasking(&actor, replies).await?
            }
            Content::FileTooLarge { name, size } => {
                let replies = vec![self.handlers.file_too_large(&actor, name, *size)];
                self.reasking(&actor, replies).await?
            }
            Content::FileUnavailable { name } => {
                let replies = vec![Reply::new().notice(
                    Tone::Warning,
                    crate::tr!(tr, "drive-file-unavailable", name = name.as_str()),
                )];
                self.reasking(&actor, replies).await?
            }
        });
        Ok(replies)
    }

    /// The zone of the employee's portal profile, else `BOT_TZ`. A portal that cannot say right
    /// now costs the user nothing but local times in the default zone.
    async fn portal_zone(&self, employee: u64) -> TimeZone {
        match self.people.get(employee).await {
            Ok(person) => person
                .time_zone
                .unwrap_or_else(|| self.defaults.time_zone.clone()),
            Err(error) => {
                tracing::warn!(employee, %error, "the employee's time zone is unknown; using BOT_TZ");
                self.defaults.time_zone.clone()
            }
        }
    }

    async fn text(&self, actor: &Actor, text: &str) -> Result<Vec<Reply>, Failure> {
        let open = self.forms.get(&actor.user);
        let control = form_control(text);
        if control.is_some() {
            noted(actor.user.channel, FORM_ANSWER);
        }
        match (open, control) {
            (Some(open), Some(input)) => return self.answer(actor, open, input).await,
            (None, Some(_)) => {
                return Ok(vec![
                    Reply::new().notice(Tone::Info, actor.tr.t("form-none", &[])),
                ]);
            }
            _ => {}
        }
        let context = intent::Context {
            lang: None,
            now: actor.now.clone(),
        };
        let intent = intent::parse(text, &context).intent;
        // Free text while a form is open answers its question, unless the question waits for
        // a button and the text is a request of its own ("find contact …" at the preview).
        if let Some(open) = self.forms.get(&actor.user)
            && !text.trim_start().starts_with('/')
            && !(open.form.awaits_button() && intent != Intent::Unknown)
        {
            noted(actor.user.channel, FORM_ANSWER);
            return self.answer(actor, open, Input::Text(text.to_owned())).await;
        }
        noted(actor.user.channel, intent.name());
        let instance = FormInstance::random();
        if let Some((form, next)) =
            Form::start(instance.to_string(), &intent, actor.now.timestamp())
        {
            return self.advance(actor, OpenForm { instance, form }, next).await;
        }
        if intent == Intent::Cancel {
            let key = if self.forms.remove(&actor.user).await? {
                "form-cancelled"
            } else {
                "nothing-to-cancel"
            };
            return Ok(vec![Reply::new().notice(Tone::Info, actor.tr.t(key, &[]))]);
        }
        // After `/lang`, the open form's question is asked again in the new language.
        let actor = match intent {
            Intent::LangSet { lang: Some(lang) } => &Actor {
                tr: Tr::new(lang),
                ..actor.clone()
            },
            _ => actor,
        };
        let replies = self.run(actor, intent).await?;
        self.reasking(actor, replies).await
    }

    async fn press(&self, actor: &Actor, token: &str) -> Result<Vec<Reply>, Failure> {
        let inactive = || {
            Ok(vec![
                Reply::new().notice(Tone::Info, actor.tr.t("button-inactive", &[])),
            ])
        };
        let press = Press::read(token);
        // A button that sends a command is counted as that command's intent, by `text`.
        if !matches!(press, Some(Press::Command(_))) {
            noted(actor.user.channel, "button");
        }
        match press {
            Some(Press::Command(command)) => self.text(actor, &command).await,
            Some(Press::Form { instance, choice }) => match self.forms.get(&actor.user) {
                Some(open) if open.instance.as_str() == instance => {
                    self.answer(actor, open, Input::Choice(choice)).await
                }
                _ if choice == choice::CONFIRM => {
                    match self.forms.submission(&actor.user, &instance).await? {
                        Some(Submitted::Saved) => Ok(vec![
                            Reply::new().notice(Tone::Info, actor.tr.t("form-already-saved", &[])),
                        ]),
                        Some(Submitted::Unknown) => {
                            Ok(vec![Reply::new().notice(
                                Tone::Warning,
                                actor.tr.t("error-outcome-unknown", &[]),
                            )])
                        }
                        None => inactive(),
                    }
                }
                _ => inactive(),
            },
            Some(Press::Drive(token)) => {
                let replies = vec![self.handlers.drive_press(actor, &token).await?];
                self.reasking(actor, replies).await
            }
            Some(Press::Stored(token)) => match self.buttons.action(&actor.user, &token) {
                Some(action) => {
                    let reply = match action {
                        Action::DealPage {
                            assigned_to,
                            stage_id,
                            offset,
                        } => {
                            self.handlers
                                .deal_page(actor, Reply::new(), assigned_to, stage_id, offset)
                                .await?
                        }
                        Action::MoveDeal { id, stage_id } => {
                            self.handlers.deal_move(actor, id, Some(&stage_id)).await?
                        }
                        Action::CreateContact { name, phone } => {
                            return self.create_shared_contact(actor, name, phone).await;
                        }
                        Action::Colleague { id } => self.handlers.colleague_show(actor, id).await?,
                        Action::DepartmentPeople { id, name } => {
                            self.handlers.department_people(actor, id, &name).await?
                        }
                        Action::PostToChat { chat, title, text } => {
                            let sender = self.sender(actor).await?;
                            self.handlers
                                .post_to_chat(actor, &sender, chat, &title, &text)
                                .await?
                        }
                    };
                    self.reasking(actor, vec![reply]).await
                }
                None => inactive(),
            },
            None => inactive(),
        }
    }
}

/// What a message that answers the open form counts as: no intent of its own.
const FORM_ANSWER: &str = "form.answer";

/// Names what a message asked for, once per message: in its log span and in the messages
/// counter.
fn noted(channel: Channel, intent: &'static str) {
    tracing::Span::current().record("intent", intent);
    metrics::message_handled(channel.as_str(), intent);
}

/// `/skip` and `/back` steer the open form; they are no intents of their own.
fn form_control(text: &str) -> Option<Input> {
    let word = text.trim().split('@').next()?.to_lowercase();
    match word.as_str() {
        "/skip" => Some(Input::Skip),
        "/back" => Some(Input::Back),
        _ => None,
    }
}
