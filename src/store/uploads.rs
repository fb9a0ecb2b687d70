//! Files received in a chat that wait for their owner to pick a Drive folder. The bytes are
//! kept here rather than in memory, so a restart in between loses nothing; a file is dropped
//! once saved, and expires after a day.

use std::fmt;

use jiff::{SignedDuration, Timestamp};
use rand::Rng;

use super::error::query;
use super::keys::{ChannelUser, from_sql_id};
use super::time::{from_secs, to_secs};
use super::writes::WriteKey;
use super::{Error, Store};

/// How long a received file waits for its folder.
pub const UPLOAD_LIFETIME: SignedDuration = SignedDuration::from_hours(24);

/// Names one received file: 96 random bits, hex. It travels in the folder buttons, so it is
/// short enough for a button's 64 bytes with a folder id beside it, and unguessable.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct UploadId(String);

impl UploadId {
    const HEX_DIGITS: usize = 24;

    pub fn random() -> UploadId {
        let bits: u128 = rand::rng().random::<u128>() >> 32;
        UploadId(format!("{bits:024x}"))
    }

    /// An id as a button carries it; `None` for anything not shaped like one.
    pub fn parse(text: &str) -> Option<UploadId> {
        (text.len() == Self::HEX_DIGITS
            && text
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)))
        .then(|| UploadId(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// What saving this file is claimed under: pressing "Save here" twice saves it once.
    pub fn write_key(&self) -> WriteKey {
        WriteKey(format!("upload/{}", self.0))
    }
}

impl fmt::Display for UploadId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A received file waiting for its folder.
#[derive(Clone, PartialEq, Eq)]
pub struct PendingUpload {
    pub id: UploadId,
    pub name: String,
    pub bytes: Vec<u8>,
    pub received_at: Timestamp,
}

impl fmt::Debug for PendingUpload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PendingUpload")
            .field("id", &self.id)
            .field("name", &self.name)
            .field("bytes", &self.bytes.len())
            .field("received_at", &self.received_at)
            .finish()
    }
}

impl Store {
    /// Deletes the files left waiting longer than [`UPLOAD_LIFETIME`]; returns how many.
    pub async fn expire_uploads(&self, now: Timestamp) -> Result<u64, Error> {
        let done = sqlx::query("DELETE FROM drive_uploads WHERE created_at < ?1")
            .bind(to_secs(now - UPLOAD_LIFETIME))
            .execute(&self.pool)
            .await
            .map_err(query("expire waiting uploads"))?;
        Ok(done.rows_affected())
    }

    /// Keeps a received file for `user` and returns its id. Files left waiting too long are
    /// deleted on the way, so expired bytes do not pile up between restarts.
    pub async fn keep_upload(
        &self,
        user: &ChannelUser,
        name: &str,
        bytes: &[u8],
        now: Timestamp,
    ) -> Result<UploadId, Error> {
        self.expire_uploads(now).await?;
        let id = UploadId::random();
        sqlx::query(
            "INSERT INTO drive_uploads (id, channel, channel_user, name, bytes, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )
        .bind(id.as_str())
        .bind(user.channel.as_str())
        .bind(&user.user)
        .bind(name)
        .bind(bytes)
        .bind(to_secs(now))
        .execute(&self.pool)
        .await
        .map_err(query("keep a received file"))?;
        Ok(id)
    }

    /// The file `id` if it is `user`'s and has not expired.
    pub async fn pending_upload(
        &self,
        user: &ChannelUser,
        id: &UploadId,
        now: Timestamp,
    ) -> Result<Option<PendingUpload>, Error> {
        let row: Option<(String, Vec<u8>, i64)> = sqlx::query_as(
            "SELECT name, bytes, created_at FROM drive_uploads
             WHERE id = ?1 AND channel = ?2 AND channel_user = ?3 AND created_at >= ?4",
        )
        .bind(id.as_str())
        .bind(user.channel.as_str())
        .bind(&user.user)
        .bind(to_secs(now - UPLOAD_LIFETIME))
        .fetch_optional(&self.pool)
        .await
        .map_err(query("load a received file"))?;
        row.map(|(name, bytes, created_at)| {
            Ok(PendingUpload {
                id: id.clone(),
                name,
                bytes,
                received_at: from_secs("upload created_at", created_at)?,
            })
        })
        .transpose()
    }

    /// The Drive file a received file was saved as, once it was.
    pub async fn saved_upload(&self, id: &UploadId) -> Result<Option<u64>, Error> {
        let found: Option<Option<i64>> =
            sqlx::query_scalar("SELECT entity_id FROM writes WHERE key = ?1 AND state = 'done'")
                .bind(id.write_key().as_str())
                .fetch_optional(&self.pool)
                .await
                .map_err(query("look up a saved file"))?;
        found
            .flatten()
            .map(|entity| from_sql_id("saved file id", entity))
            .transpose()
    }

    /// Forgets a received file (saved to Drive).
    pub async fn drop_upload(&self, id: &UploadId) -> Result<(), Error> {
        sqlx::query("DELETE FROM drive_uploads WHERE id = ?1")
            .bind(id.as_str())
            .execute(&self.pool)
            .await
            .map_err(query("drop a received file"))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Channel;

    #[tokio::test]
    async fn a_file_waits_for_its_owner_for_a_day() {
        let store = Store::in_memory().await.unwrap();
        let me = ChannelUser::new(Channel::Console, "me");
        let other = ChannelUser::new(Channel::Console, "other");
        let now: Timestamp = "2026-03-02T07:00:00Z".parse().unwrap();
        let id = store
            .keep_upload(&me, "a.txt", b"hello", now)
            .await
            .unwrap();
        assert_eq!(UploadId::parse(id.as_str()), Some(id.clone()));
        assert_eq!(UploadId::parse("../x"), None);
        let kept = store.pending_upload(&me, &id, now).await.unwrap().unwrap();
        assert_eq!(
            (kept.name.as_str(), kept.bytes.as_slice()),
            ("a.txt", &b"hello"[..])
        );
        assert_eq!(store.pending_upload(&other, &id, now).await.unwrap(), None);
        let later = now + UPLOAD_LIFETIME + SignedDuration::from_secs(1);
        assert_eq!(store.pending_upload(&me, &id, later).await.unwrap(), None);
        assert_eq!(store.expire_uploads(later).await.unwrap(), 1);
        let id = store.keep_upload(&me, "b.txt", b"b", now).await.unwrap();
        store.drop_upload(&id).await.unwrap();
        assert_eq!(store.pending_upload(&me, &id, now).await.unwrap(), None);
    }
}
