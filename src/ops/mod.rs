//! Operations: what tells a deployment's owner the bot is well. Health and readiness
//! ([`health`]), Prometheus metrics ([`metrics`]), and the HTTP server that serves both and the
//! Telegram webhook ([`http`]).

pub mod health;
pub mod http;
pub mod metrics;
