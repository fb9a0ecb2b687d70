//! b24bot: a chat bot for Bitrix24. See ARCHITECTURE.md for the code map.

pub mod access;
pub mod b24;
pub mod bot;
pub mod buttons;
pub mod channels;
pub mod cli;
pub mod config;
pub mod failure;
pub mod forms;
pub mod handlers;
pub mod i18n;
pub mod intent;
pub mod logging;
pub mod ops;
pub mod reminders;
pub mod reply;
pub mod sandbox;
pub mod store;
pub mod visibility;
