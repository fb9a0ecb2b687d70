//! Persistence: SQLite through sqlx. The only place that knows SQL; the rest of the bot calls the
//! typed methods of [`Store`], one submodule per table group.
//!
//! Every method that records a time takes `now` as an argument, so that expiry and ordering follow
//! the clock the caller keeps (the portal's, or a test's), not the machine's. Times are kept to
//! the whole second: what is read back is the stored time with its fraction cut off.

mod audit;
mod bots;
mod cursors;
mod error;
mod forms;
mod keys;
mod links;
mod pairings;
mod reminders;
mod time;
mod uploads;
mod writes;

use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use sqlx::SqlitePool;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

pub use audit::{Actor, AuditEntry, AuditOutcome, AuditRecord};
pub use bots::BotRegistration;
pub use error::Error;
pub use forms::{FormInstance, FormRecord};
pub use keys::{Channel, ChannelUser, EmployeeId, UnknownChannel};
pub use links::{Digest, Link, NotifyChannel, QuietHours, Reminders, Settings};
pub use pairings::{LinkToken, PairingCode, Redeem, TrySubject};
pub use reminders::{Fold, ReminderKey, Snooze};
pub use uploads::{PendingUpload, UPLOAD_LIFETIME, UploadId};
pub use writes::{Claim, WriteKey, WriteOutcome};

/// Where the database lives when `DATABASE_URL` is not set: a file next to the working directory.
pub const DEFAULT_URL: &str = "sqlite://b24bot.db";

/// How long a statement waits for another connection's write lock before it fails. Writes are
/// single small statements, so a wait this long means something is stuck.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// The database: a small pool of connections, cheap to clone (clones share the pool and what
/// `seen` remembers).
#[derive(Debug, Clone)]
pub struct Store {
    pool: SqlitePool,
    recent: Arc<links::Recent>,
}

impl Store {
    /// Opens the database at `url` (`sqlite://path`, `DATABASE_URL` semantics), creating the file
    /// when missing, and brings its schema up to date.
    pub async fn open(url: &str) -> Result<Store, Error> {
        // sqlx reads anything else as a file name, which would create a file called `postgres:`.
        if !url.starts_with("sqlite:") {
            return Err(Error::NotSqlite);
        }
        let options = SqliteConnectOptions::from_str(url)
            .map_err(|source| Error::BadUrl { source })?
            .create_if_missing(true)
            // WAL lets readers go on while one connection writes; NORMAL sync is durable across
            // a crash of the process, which is what the bot guards against.
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .busy_timeout(BUSY_TIMEOUT);
        let path = options.get_filename().display().to_string();
        let pool = pool_options()
            .max_connections(4)
            .connect_with(options)
            .await
            .map_err(|source| Error::Open { path, source })?;
        Store::migrated(pool).await
    }

    /// A private database in memory, gone when the store is dropped. For tests, and for the demo
    /// when `DATABASE_URL` is not set.
    pub async fn in_memory() -> Result<Store, Error> {
        let options = SqliteConnectOptions::from_str("sqlite::memory:")
            .map_err(|source| Error::BadUrl { source })?;
        // Each in-memory connection is its own database, so the pool holds exactly one and
        // never lets it go.
        let pool = pool_options()
            .max_connections(1)
            .min_connections(1)
            .idle_timeout(None)
            .max_lifetime(None)
            .connect_with(options)
            .await
            .map_err(|source| Error::Open {
                path: ":memory:".to_owned(),
                source,
            })?;
        Store::migrated(pool).await
    }

    async fn migrated(pool: SqlitePool) -> Result<Store, Error> {
        sqlx::migrate!("./migrations")
            .run(&pool)
            .await
            .map_err(|source| Error::Migrate { source })?;
        Ok(Store {
            pool,
            recent: Arc::default(),
        })
    }

    /// Waits for running statements and closes every connection, so that the WAL is folded back
    /// into the database file before the process exits.
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// What both pools share. sqlx pings a connection each time it is taken from the pool, which is
/// worth it when a server can hang up; a SQLite connection is in this process and cannot, and
/// each ping is one more round trip to the connection's thread, doubling what every statement
/// costs.
fn pool_options() -> SqlitePoolOptions {
    SqlitePoolOptions::new().test_before_acquire(false)
}
