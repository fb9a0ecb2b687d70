//! What intents that need no form do in the conversation itself (greeting, help, settings,
//! language, time zone), and handing the CRM ones to their handlers.

use jiff::tz::TimeZone;

use crate::handlers::Actor;
use crate::i18n::Tr;
use crate::intent::Intent;
use crate::reply::{Button, Reply, Tone};
use crate::tr;

use super::{Bot, help};
use crate::failure::Failure;

impl Bot {
    /// Answers an intent that starts no form.
    pub(super) async fn run(&self, actor: &Actor, intent: Intent) -> Result<Vec<Reply>, Failure> {
        let tr = actor.tr;
        let said = |key: &str| Reply::new().text(tr.t(key, &[]));
        // Whose reminders are due changes with these: the scheduler looks again at once.
        let changes_reminders = matches!(
            intent,
            Intent::TaskComplete { .. } | Intent::TaskReopen { .. } | Intent::TaskDelegate { .. }
        );
        let reply = match intent {
            Intent::Start { .. } => match self.people.get(actor.employee).await?.name {
                Some(name) => help::answer(tr, None, tr!(tr, "greeting", name = name)),
                None => help::answer(tr, None, tr.t("greeting-stranger", &[])),
            },
            Intent::Help { topic } => help::answer(tr, topic.as_deref(), tr.t("help-header", &[])),
            Intent::Settings => {
                let zone = actor
                    .now
                    .time_zone()
                    .iana_name()
                    .unwrap_or("UTC")
                    .to_owned();
                Reply::new()
                    .text(tr!(tr, "settings", tz = zone))
                    .text(self.push_settings(actor).await?)
            }
            Intent::LangSet { lang: Some(lang) } => {
                self.store.set_lang(&actor.user, Some(lang)).await?;
                Reply::new().notice(Tone::Success, Tr::new(lang).t("lang-set", &[]))
            }
            Intent::LangSet { lang: None } => said("lang-ask").button_row([
                Button::new(tr.t("lang-name-en", &[]), "/lang en")?,
                Button::new(tr.t("lang-name-ru", &[]), "/lang ru")?,
            ]),
            Intent::TzSet { tz: Some(name) } => match TimeZone::get(&name) {
                Ok(zone) => {
                    self.store.set_time_zone(&actor.user, Some(&zone)).await?;
                    Reply::new().notice(Tone::Success, tr!(tr, "tz-set", tz = name))
                }
                Err(_) => Reply::new().notice(Tone::Warning, tr!(tr, "tz-unknown", tz = name)),
            },
            Intent::TzSet { tz: None } => said("tz-ask"),
            Intent::DealList { stage, scope } => {
                self.handlers
                    .deal_list(actor, stage.as_deref(), scope)
                    .await?
            }
            Intent::DealShow { id } => self.handlers.deal_show(actor, id).await?,
            Intent::DealMove {
                id: Some(id),
                stage,
            } => self.handlers.deal_move(actor, id, stage.as_deref()).await?,
            Intent::DealMove { id: None, .. } => said("deal-move-need-id"),
            Intent::ContactSearch { query: Some(query) } => {
                self.handlers.contact_search(actor, &query).await?
            }
            Intent::ContactSearch { query: None } => said("contact-search-need-query"),
            Intent::ContactShow { id } => self.handlers.contact_show(actor, id).await?,
            Intent::CompanySearch { query: Some(query) } => {
                self.handlers.company_search(actor, &query).await?
            }
            Intent::CompanySearch { query: None } => said("company-search-need-query"),
            Intent::LeadList => self.handlers.lead_list(actor).await?,
            Intent::LeadShow { id } => self.handlers.lead_show(actor, id).await?,
            Intent::LeadStatus {
                id: Some(id),
                status,
            } => {
                self.handlers
                    .lead_status(actor, id, status.as_deref())
                    .await?
            }
            Intent::LeadStatus { id: None, .. } => said("lead-status-usage"),
            Intent::TaskList { period } => self.handlers.task_list(actor, period).await?,
            Intent::TaskShow { id } => self.handlers.task_show(actor, id).await?,
            Intent::TaskComplete { id: Some(id) } => self.handlers.task_complete(actor, id).await?,
            Intent::TaskReopen { id: Some(id) } => self.handlers.task_reopen(actor, id).await?,
            Intent::TaskComplete { id: None } | Intent::TaskReopen { id: None } => {
                said("task-need-id")
            }
            Intent::TaskDelegate {
                id: Some(id),
                to: Some(to),
            } => self.handlers.task_delegate(actor, id, &to).await?,
            Intent::TaskDelegate { .. } => said("task-delegate-usage"),
            Intent::TaskComment {
                id: Some(id),
                text: Some(text),
            } => self.handlers.task_comment(actor, id, &text).await?,
            Intent::TaskComment { .. } => said("task-comment-usage"),
            Intent::ChecklistAdd {
                id: Some(id),
                text: Some(text),
            } => self.handlers.checklist_add(actor, id, &text).await?,
            Intent::ChecklistAdd { .. } => said("checklist-add-usage"),
            Intent::ChecklistTick {
                id: Some(id),
                item: Some(item),
            } => self.handlers.checklist_tick(actor, id, item).await?,
            Intent::ChecklistTick { .. } => said("checklist-tick-usage"),
            Intent::EventList { period } => self.handlers.event_list(actor, period).await?,
            Intent::ColleagueFree {
                who: Some(who),
                at: Some(at),
            } => self.handlers.colleague_free(actor, &who, &at).await?,
            Intent::ColleagueFree { .. } => said("colleague-free-usage"),
            Intent::MessageSend {
                to: Some(to),
                text: Some(text),
            } => {
                let sender = self.sender(actor).await?;
                self.handlers
                    .message_send(actor, &sender, &to, &text)
                    .await?
            }
            Intent::MessageSend { .. } => said("message-send-usage"),
            Intent::MessageNotify {
                to: Some(to),
                text: Some(text),
            } => {
                let sender = self.sender(actor).await?;
                self.handlers.notify(actor, &sender, &to, &text).await?
            }
            Intent::MessageNotify { .. } => said("message-notify-usage"),
            Intent::UserSearch { query: Some(query) } => {
                self.handlers.colleague_search(actor, &query).await?
            }
            Intent::UserSearch { query: None } => said("colleague-search-need-query"),
            Intent::FileList { path } => self.handlers.files(actor, path.as_deref()).await?,
            Intent::ActivityList { owner: Some(owner) } => {
                self.handlers.activity_list(actor, owner).await?
            }
            Intent::ActivityList { owner: None } => said("activity-list-usage"),
            Intent::ActivityAdd {
                kind,
                owner: Some(owner),
                when,
                subject,
            } => {
                self.handlers
                    .activity_add(actor, kind, owner, when.as_ref(), subject.as_deref())
                    .await?
            }
            Intent::ActivityAdd { .. } => said("activity-add-usage"),
            Intent::ActivityDone { id: Some(id) } => self.handlers.activity_done(actor, id).await?,
            Intent::ActivityDone { id: None } => said("activity-done-usage"),
            Intent::TimelineComment {
                owner: Some(owner),
                text: Some(text),
            } => self.handlers.timeline_comment(actor, owner, &text).await?,
            Intent::TimelineComment { .. } => said("timeline-comment-usage"),
            Intent::RemindSet { lead: Some(lead) } => self.remind_set(actor, lead).await?,
            Intent::RemindSet { lead: None } => said("remind-usage"),
            Intent::RemindLater {
                id: Some(id),
                until: Some(until),
            } => self.remind_later(actor, id, until).await?,
            Intent::RemindLater { .. } => said("later-usage"),
            Intent::NotifySet { channel } => self.notify_set(actor, channel).await?,
            Intent::DigestSet { at: Some(at) } => self.digest_set(actor, at).await?,
            Intent::DigestSet { at: None } => said("digest-usage"),
            // Creating starts a form and cancelling ends one: `Bot::text` takes those before an
            // intent gets here.
            Intent::Unknown
            | Intent::Cancel
            | Intent::DealCreate { .. }
            | Intent::ContactCreate { .. }
            | Intent::LeadCreate { .. }
            | Intent::CompanyCreate { .. }
            | Intent::TaskCreate { .. }
            | Intent::EventCreate { .. } => said("not-understood"),
        };
        if changes_reminders {
            self.wake.wake();
        }
        Ok(vec![reply])
    }

    /// The name a message the bot sends for `actor` is signed with (cached, see `People`).
    pub(super) async fn sender(&self, actor: &Actor) -> Result<String, Failure> {
        let person = self.people.get(actor.employee).await?;
        Ok(person
            .name
            .unwrap_or_else(|| format!("#{}", actor.employee)))
    }
}
