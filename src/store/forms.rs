//! Forms in progress, one per channel user. The bot keeps them in memory and writes every change
//! through, so the table is the state a restart resumes from.

use std::fmt;

use jiff::Timestamp;
use rand::Rng;

use super::error::query;
use super::keys::ChannelUser;
use super::time::{from_secs, to_secs};
use super::{Error, Store};

/// Names one run of a form, from its first question to its confirmation. Writes are claimed
/// under it, so a second Confirm of the same form cannot write twice, while the next form (a new
/// instance) can.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FormInstance(String);

impl FormInstance {
    /// 128 random bits, hex: unguessable and never reused.
    pub fn random() -> FormInstance {
        let bits: u128 = rand::rng().random();
        FormInstance(format!("{bits:032x}"))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for FormInstance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A form as stored. `kind` and `step` are the form module's names for them; `data` is what it
/// has collected so far.
#[derive(Debug, Clone, PartialEq)]
pub struct FormRecord {
    pub user: ChannelUser,
    pub kind: String,
    pub step: String,
    pub data: serde_json::Value,
    pub instance: FormInstance,
    pub updated_at: Timestamp,
}

#[derive(sqlx::FromRow)]
struct FormRow {
    channel: String,
    channel_user: String,
    kind: String,
    step: String,
    data: String,
    instance_id: String,
    updated_at: i64,
}

impl TryFrom<FormRow> for FormRecord {
    type Error = Error;

    fn try_from(row: FormRow) -> Result<FormRecord, Error> {
        let data = serde_json::from_str(&row.data).map_err(|err| Error::Corrupt {
            what: "form data",
            detail: err.to_string(),
        })?;
        Ok(FormRecord {
            user: ChannelUser::from_columns(&row.channel, row.channel_user)?,
            kind: row.kind,
            step: row.step,
            data,
            instance: FormInstance(row.instance_id),
            updated_at: from_secs("form updated_at", row.updated_at)?,
        })
    }
}

const COLUMNS: &str = "channel, channel_user, kind, step, data, instance_id, updated_at";

impl Store {
    /// Stores the form of `form.user`, replacing the one they had.
    pub async fn save_form(&self, form: &FormRecord) -> Result<(), Error> {
        let data = serde_json::to_string(&form.data).map_err(|source| Error::Json { source })?;
        sqlx::query(
            "INSERT INTO forms (channel, channel_user, kind, step, data, instance_id, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
             ON CONFLICT (channel, channel_user) DO UPDATE SET
                 kind = excluded.kind,
                 step = excluded.step,
                 data = excluded.data,
                 instance_id = excluded.instance_id,
                 updated_at = excluded.updated_at",
        )
        .bind(form.user.channel.as_str())
        .bind(&form.user.user)
        .bind(&form.kind)
        .bind(&form.step)
        .bind(data)
        .bind(form.instance.as_str())
        .bind(to_secs(form.updated_at))
        .execute(&self.pool)
        .await
        .map_err(query("save a form"))?;
        Ok(())
    }

    /// The form `user` has in progress.
    pub async fn form_of(&self, user: &ChannelUser) -> Result<Option<FormRecord>, Error> {
        let sql = format!("SELECT {COLUMNS} FROM forms WHERE channel = ?1 AND channel_user = ?2");
        let row: Option<FormRow> = sqlx::query_as(&sql)
            .bind(user.channel.as_str())
            .bind(&user.user)
            .fetch_optional(&self.pool)
            .await
            .map_err(query("load a form"))?;
        row.map(FormRecord::try_from).transpose()
    }

    /// Forgets the form of `user` (finished or cancelled); `false` when there was none.
    pub async fn delete_form(&self, user: &ChannelUser) -> Result<bool, Error> {
        let done = sqlx::query("DELETE FROM forms WHERE channel = ?1 AND channel_user = ?2")
            .bind(user.channel.as_str())
            .bind(&user.user)
            .execute(&self.pool)
            .await
            .map_err(query("delete a form"))?;
        Ok(done.rows_affected() > 0)
    }

    /// Every form in progress, for the in-memory copy at start-up.
    pub async fn all_forms(&self) -> Result<Vec<FormRecord>, Error> {
        let sql = format!("SELECT {COLUMNS} FROM forms ORDER BY channel, channel_user");
        let rows: Vec<FormRow> = sqlx::query_as(&sql)
            .fetch_all(&self.pool)
            .await
            .map_err(query("load all forms"))?;
        rows.into_iter().map(FormRecord::try_from).collect()
    }

    /// Removes and returns the forms last changed before `cutoff` (now minus the idle limit), in
    /// one statement, so a form saved meanwhile is either kept whole or expired whole.
    pub async fn take_forms_idle_before(
        &self,
        cutoff: Timestamp,
    ) -> Result<Vec<FormRecord>, Error> {
        let sql = format!("DELETE FROM forms WHERE updated_at < ?1 RETURNING {COLUMNS}");
        let rows: Vec<FormRow> = sqlx::query_as(&sql)
            .bind(to_secs(cutoff))
            .fetch_all(&self.pool)
            .await
            .map_err(query("expire idle forms"))?;
        let mut forms = rows
            .into_iter()
            .map(FormRecord::try_from)
            .collect::<Result<Vec<_>, _>>()?;
        forms.sort_by(|a, b| a.user.cmp(&b.user));
        Ok(forms)
    }
}
