//! b24bot: a chat bot for Bitrix24. See ARCHITECTURE.md for the code map.

pub mod sandbox;
