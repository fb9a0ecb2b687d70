//! Localisation: everything the bot says comes from the Fluent files in `locales/<lang>/`,
//! through a [`Tr`] for the reply's language; numbers, money, dates and durations are written
//! the way that language writes them. Code holds message keys, never sentences.
//!
//! - [`catalog`]: the compiled-in messages, [`Tr`] and [`Arg`], and the [`tr!`](crate::tr) macro.
//! - [`numbers`]: `50,000` / `50 000`, `$1,500.50` / `1 500,50 €`.
//! - [`dates`]: `today, 15:00` / `пт, 6 марта, 15:00`, and durations.
//! - [`choice`]: which language a reply is in.

pub mod catalog;
pub mod choice;
pub mod dates;
pub mod numbers;

pub use catalog::{Arg, Tr, prepare};
pub use choice::{LangSignals, reply_lang};
