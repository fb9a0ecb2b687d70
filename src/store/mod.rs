//! Persistence: SQLite through sqlx.
