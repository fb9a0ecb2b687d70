//! Named polling cursors: where each poller stopped, so a restart neither skips nor repeats. A
//! poller stores its cursor only after the events before it are handled.

use jiff::Timestamp;

use super::error::query;
use super::time::to_secs;
use super::{Error, Store};

impl Store {
    /// The cursor `name` (e.g. `b24chat.event_offset`, `telegram.update_id`), if ever set.
    pub async fn cursor(&self, name: &str) -> Result<Option<i64>, Error> {
        sqlx::query_scalar("SELECT value FROM cursors WHERE name = ?1")
            .bind(name)
            .fetch_optional(&self.pool)
            .await
            .map_err(query("read a cursor"))
    }

    pub async fn set_cursor(&self, name: &str, value: i64, now: Timestamp) -> Result<(), Error> {
        sqlx::query(
            "INSERT INTO cursors (name, value, updated_at) VALUES (?1, ?2, ?3)
             ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
        )
        .bind(name)
        .bind(value)
        .bind(to_secs(now))
        .execute(&self.pool)
        .await
        .map_err(query("set a cursor"))?;
        Ok(())
    }
}
