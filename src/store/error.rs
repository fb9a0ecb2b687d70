//! What can go wrong in the store. Each variant keeps its cause for the log.

/// A store failure. None of them is the user's doing: they are logged with their cause chain.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("DATABASE_URL must start with sqlite: (no other database is supported yet)")]
    NotSqlite,
    #[error("DATABASE_URL is not a valid SQLite URL (expected sqlite://path)")]
    BadUrl {
        #[source]
        source: sqlx::Error,
    },
    #[error("cannot open the database {path}")]
    Open {
        path: String,
        #[source]
        source: sqlx::Error,
    },
    #[error("cannot bring the database schema up to date")]
    Migrate {
        #[source]
        source: sqlx::migrate::MigrateError,
    },
    #[error("database statement failed: {what}")]
    Query {
        what: &'static str,
        #[source]
        source: sqlx::Error,
    },
    #[error("the database holds a malformed {what}: {detail}")]
    Corrupt { what: &'static str, detail: String },
    #[error("{what} {value} is out of the range SQLite can store")]
    OutOfRange { what: &'static str, value: u64 },
    #[error("cannot store settings as JSON")]
    Json {
        #[source]
        source: serde_json::Error,
    },
    #[error("time zone {0:?} has no IANA name to store")]
    UnnamedTimeZone(String),
}

/// Wraps a failed statement with what it was doing.
pub(crate) fn query(what: &'static str) -> impl FnOnce(sqlx::Error) -> Error {
    move |source| Error::Query { what, source }
}
