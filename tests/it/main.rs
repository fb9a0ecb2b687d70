//! One integration-test binary; each module tests one part against loopback servers.

mod support;

mod cli_call;
mod client_batch;
mod client_limits;
mod client_list;
mod client_oauth;
mod client_operating;
mod client_retry;
mod client_sandbox;
mod client_wire;
mod fake_telegram;
mod i18n_messages;
mod parse_contract;
mod redaction;
mod reply_render;
mod sandbox_engine;
mod sandbox_methods;
mod store_sqlite;
