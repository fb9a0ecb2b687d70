//! Channels: where messages come from and replies go. Each turns its own messages into
//! [`Inbound`](crate::bot::Inbound)s and renders [`Reply`](crate::reply::Reply)s its own way;
//! only a channel's module knows its format.

pub mod bitrix24;
pub mod console;
mod console_files;
pub mod courier;
pub mod telegram;
