//! The forms in progress, one per channel user: in memory for speed, and written through to
//! SQLite on every change, so that a restart in the middle of a form resumes at the same step.

use dashmap::DashMap;
use jiff::Timestamp;

use crate::failure::Failure;
use crate::forms::{Form, FormKind};
use crate::ops::metrics;
use crate::store::{self, ChannelUser, Claim, FormInstance, FormRecord, Store};

/// A form and the run it belongs to (the key its submission is claimed under).
#[derive(Debug, Clone, PartialEq)]
pub struct OpenForm {
    pub instance: FormInstance,
    pub form: Form,
}

pub struct FormDesk {
    store: Store,
    open: DashMap<ChannelUser, OpenForm>,
    /// The run each user last submitted and how it ended, so that a second Confirm of it is
    /// told what became of the first instead of "no longer active".
    submitted: DashMap<ChannelUser, (FormInstance, Submitted)>,
}

/// How a form's submission ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Submitted {
    Saved,
    /// The portal's answer was lost: the record may or may not exist.
    Unknown,
}

impl FormDesk {
    /// Loads every stored form. A record that no longer reads as a form (written by another
    /// version) is dropped with a warning rather than stopping the bot.
    pub async fn load(store: Store) -> Result<FormDesk, store::Error> {
        let open = DashMap::new();
        for record in store.all_forms().await? {
            match serde_json::from_value::<Form>(record.data.clone()) {
                Ok(form) => {
                    open.insert(
                        record.user.clone(),
                        OpenForm {
                            instance: record.instance,
                            form,
                        },
                    );
                }
                Err(error) => {
                    tracing::warn!(user = %record.user, %error, "a stored form is unreadable; dropped");
                    store.delete_form(&record.user).await?;
                }
            }
        }
        metrics::open_forms(open.len());
        Ok(FormDesk {
            store,
            open,
            submitted: DashMap::new(),
        })
    }

    pub fn get(&self, user: &ChannelUser) -> Option<OpenForm> {
        self.open.get(user).map(|entry| entry.clone())
    }

    /// Stores the form's new state, in the database first: what the user is told next must
    /// survive a restart.
    pub async fn save(&self, user: &ChannelUser, open: OpenForm) -> Result<(), Failure> {
        let data = serde_json::to_value(&open.form)?;
        let (kind, step) = names(&open.form);
        self.store
            .save_form(&FormRecord {
                user: user.clone(),
                kind: kind.to_owned(),
                step,
                data,
                instance: open.instance.clone(),
                updated_at: open.form.touched,
            })
            .await?;
        self.open.insert(user.clone(), open);
        metrics::open_forms(self.open.len());
        Ok(())
    }

    /// Forgets the user's form; `true` when there was one.
    pub async fn remove(&self, user: &ChannelUser) -> Result<bool, store::Error> {
        let stored = self.store.delete_form(user).await?;
        let removed = self.open.remove(user).is_some();
        metrics::open_forms(self.open.len());
        Ok(removed || stored)
    }

    /// Closes a form whose submission was sent.
    pub async fn submitted(
        &self,
        user: &ChannelUser,
        instance: &FormInstance,
        outcome: Submitted,
    ) -> Result<(), store::Error> {
        self.remove(user).await?;
        self.submitted
            .insert(user.clone(), (instance.clone(), outcome));
        Ok(())
    }

    /// How the user's submission of run `instance` ended: remembered when it was their last,
    /// else read from the write claims, which outlive a restart (a Confirm answered just before
    /// the process died is delivered again after it).
    pub async fn submission(
        &self,
        user: &ChannelUser,
        instance: &str,
    ) -> Result<Option<Submitted>, store::Error> {
        if let Some(entry) = self
            .submitted
            .get(user)
            .filter(|entry| entry.0.as_str() == instance)
        {
            return Ok(Some(entry.1));
        }
        Ok(match self.store.form_writes(instance).await? {
            Some(Claim::Done(_)) => Some(Submitted::Saved),
            Some(_) => Some(Submitted::Unknown),
            None => None,
        })
    }

    /// Removes the user's form if it has been idle too long, and says whether it did.
    pub async fn expire(&self, user: &ChannelUser, now: Timestamp) -> Result<bool, store::Error> {
        let expired = self
            .open
            .get(user)
            .is_some_and(|open| open.form.is_expired(now));
        if expired {
            self.remove(user).await?;
        }
        Ok(expired)
    }
}

/// The form's kind and step as stored, for people reading the table.
fn names(form: &Form) -> (&'static str, String) {
    let (kind, step) = match &form.kind {
        FormKind::Deal(deal) => ("deal", serde_json::to_value(deal.step)),
        FormKind::Contact(contact) => ("contact", serde_json::to_value(contact.step)),
        FormKind::Task(task) => ("task", serde_json::to_value(task.step)),
        FormKind::Event(event) => ("event", serde_json::to_value(event.step)),
        FormKind::Lead(lead) => ("lead", serde_json::to_value(lead.step)),
        FormKind::Company(company) => ("company", serde_json::to_value(company.step)),
    };
    let step = step
        .ok()
        .and_then(|value| value.as_str().map(str::to_owned))
        .unwrap_or_default();
    (kind, step)
}
