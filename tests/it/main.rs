//! One integration-test binary; each module tests one part against loopback servers.

mod support;

mod api_activities;
mod api_calendar;
mod api_companies;
mod api_drive;
mod api_im;
mod api_leads;
mod api_people;
mod api_portal;
mod api_tasks;
mod cli_call;
mod client_batch;
mod client_limits;
mod client_list;
mod client_oauth;
mod client_operating;
mod client_retry;
mod client_sandbox;
mod client_wire;
mod conversation_failures;
mod conversation_forms;
mod conversation_rendering;
mod conversation_requests;
mod conversation_settings;
mod conversation_transcripts;
mod conversation_visibility;
mod fake_telegram;
mod i18n_messages;
mod parse_contract;
mod redaction;
mod reply_render;
mod sandbox_engine;
mod sandbox_methods;
mod store_sqlite;
