//! The Bitrix24 REST client: the only code that knows the wire format (envelopes, PHP-style
//! parameters, batch). Everything above it calls typed functions and gets typed entities.
//!
//! A call passes the method's operating-time gate ([`operating`]), the portal's leaky bucket
//! ([`limiter`]), the wire ([`client`], [`envelope`]) and the retry rules ([`retry`]); a failure
//! is one [`Error`] whose [`Kind`] says what it means.

pub mod activities;
pub mod auth;
pub mod batch;
pub mod calendar;
pub mod client;
pub mod companies;
mod created;
pub mod crm;
pub mod drive;
pub mod due;
pub mod envelope;
pub mod error;
pub mod guarded;
pub mod im;
pub mod leads;
pub mod limiter;
pub mod list;
pub mod method;
pub mod model;
pub mod names;
pub mod operating;
pub mod people;
pub mod period;
pub mod query;
pub mod retry;
pub mod spent;
pub mod tasks;

pub use auth::{Auth, OAuth, Tokens, WebhookUrl};
pub use batch::{Batch, BatchResults};
pub use client::{Client, ClientBuilder};
pub use envelope::Envelope;
pub use error::{Error, Kind};
pub use guarded::Guarded;
pub use limiter::{Lane, Limits};
pub use retry::RetryPolicy;
