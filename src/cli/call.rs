//! `b24bot call METHOD [JSON-PARAMS] [--all]`: one REST call from the shell, for trying a portal
//! and for scripts.

use std::process::ExitCode;

use clap::Args;
use serde_json::Value;

use crate::b24::{Auth, Client};
use crate::config::{self, ConfigError, PortalSettings};

#[derive(Debug, Args)]
pub struct CallArgs {
    /// The method, e.g. crm.deal.list
    pub method: String,
    /// Parameters as a JSON object, e.g. '{"filter":{">OPPORTUNITY":10000}}'
    pub params: Option<String>,
    /// Read every page of a list method and print all rows as one JSON array
    #[arg(long)]
    pub all: bool,
}

/// Exit codes: 0 done, 1 the portal answered with an error, 2 a setting or argument is wrong.
pub async fn run(args: CallArgs) -> ExitCode {
    if let Err(error) = crate::logging::init("warn") {
        eprintln!("{error}");
        return ExitCode::from(2);
    }
    let settings =
        match config::load_dotenv().and_then(|()| PortalSettings::read(&config::Environment)) {
            Ok(settings) => settings,
            Err(error) => return usage_error(&error),
        };
    let params: Value = match args.params.as_deref().map(serde_json::from_str) {
        None => Value::Object(Default::default()),
        Some(Ok(params @ (Value::Object(_) | Value::Array(_)))) => params,
        Some(_) => {
            return usage_error(&ConfigError {
                variable: "JSON-PARAMS",
                problem: "expected a JSON object, e.g. '{\"id\": 1}'".into(),
            });
        }
    };
    let client = match Client::builder(Auth::Webhook(settings.webhook))
        .limits(settings.limits)
        .build()
    {
        Ok(client) => client,
        Err(error) => return portal_error(&error),
    };
    let result = if args.all {
        client
            .list_all(&args.method, &params)
            .await
            .map(Value::Array)
    } else {
        client
            .call(&args.method, &params)
            .await
            .map(|envelope| envelope.result)
    };
    match result {
        Ok(result) => {
            println!(
                "{}",
                serde_json::to_string_pretty(&result).expect("JSON values always serialise")
            );
            ExitCode::SUCCESS
        }
        Err(error) => portal_error(&error),
    }
}

fn usage_error(error: &ConfigError) -> ExitCode {
    eprintln!("{error}");
    ExitCode::from(2)
}

fn portal_error(error: &crate::b24::Error) -> ExitCode {
    let code = if error.code().is_empty() {
        error.kind().to_string()
    } else {
        error.code().to_owned()
    };
    eprintln!("{code}: {}", error.description());
    ExitCode::from(1)
}
