//! Running one REST call once the request is read: method lookup, then the webhook's scope, then
//! the operating-time limit, then the method. Single calls and every command of a batch go through
//! here, so they are checked and charged alike.

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use super::Portal;
use super::envelope::{Timing, later};
use crate::sandbox::batch::{self, Executed};
use crate::sandbox::error::ApiError;
use crate::sandbox::limits::{Operating, simulated_cost};
use crate::sandbox::methods::{self, Call, MethodSpec, Output};
use crate::sandbox::store::{PortalData, Webhook};

/// What a URL's method name asks for.
pub enum Target {
    Batch,
    Single(Command),
}

/// One method call that `batch` may contain.
#[derive(Clone, Copy)]
pub enum Command {
    /// `scope`: the webhook's scopes. The engine answers it because it needs the webhook.
    Scope,
    Method(&'static MethodSpec),
}

impl Target {
    /// Looks the method up in any letter case; an unknown one is 404 `ERROR_METHOD_NOT_FOUND`,
    /// found before credentials and scope are checked, as a portal does (§2.3).
    pub fn find(name: &str) -> Result<Self, ApiError> {
        if name.eq_ignore_ascii_case("batch") {
            Ok(Target::Batch)
        } else {
            Command::find(name).map(Target::Single)
        }
    }
}

impl Command {
    pub fn find(name: &str) -> Result<Self, ApiError> {
        if name.eq_ignore_ascii_case("scope") {
            return Ok(Command::Scope);
        }
        methods::find(name)
            .map(Command::Method)
            .ok_or_else(ApiError::method_not_found)
    }

    /// The documented spelling, which operating time is charged under.
    pub fn name(self) -> &'static str {
        match self {
            Command::Scope => "scope",
            Command::Method(spec) => spec.name,
        }
    }

    /// Whether the command may change the portal's data (reads never do, so `--state` need not
    /// look at the data after them).
    pub fn writes(self) -> bool {
        match self {
            Command::Scope => false,
            Command::Method(spec) => spec.writes(),
        }
    }

    fn scope(self) -> Option<&'static str> {
        match self {
            Command::Scope => None,
            Command::Method(spec) => spec.scope,
        }
    }
}

/// A call that ran, with what its `time` object needs.
pub struct Ran {
    pub output: Output,
    pub processing: Duration,
    pub operating: Operating,
}

impl Portal {
    /// Runs `command` for `webhook`: scope, operating time, then the method. Time is charged for a
    /// call that fails inside the method too, as a portal charges the time it spent.
    pub(super) fn run(
        &self,
        data: &mut PortalData,
        webhook: &Webhook,
        command: Command,
        params: &Value,
    ) -> Result<Ran, ApiError> {
        let granted = |scope: &str| webhook.scopes.iter().any(|held| held == scope);
        if command.scope().is_some_and(|scope| !granted(scope)) {
            return Err(ApiError::insufficient_scope());
        }
        self.limits
            .check_operating(&webhook.secret, command.name())?;
        let started = Instant::now();
        let outcome = match command {
            Command::Scope => Ok(Output {
                result: json!(webhook.scopes),
                total: None,
                next: None,
            }),
            Command::Method(spec) => methods::execute(
                data,
                &Call {
                    method: spec,
                    params,
                    user_id: webhook.user_id,
                    now: self.clock().now(),
                    base_url: &self.base_url,
                },
            ),
        };
        let processing = started.elapsed();
        let result = outcome
            .as_ref()
            .map_or(&Value::Null, |output| &output.result);
        let cost = simulated_cost(result, processing);
        let operating = self.limits.charge(&webhook.secret, command.name(), cost);
        outcome.map(|output| Ran {
            output,
            processing,
            operating,
        })
    }

    /// Runs a batch: each command is looked up, checked and charged on its own, and gets its own
    /// `result_time` entry.
    pub(super) fn run_batch(
        &self,
        data: &mut PortalData,
        webhook: &Webhook,
        params: &Value,
    ) -> batch::Batch {
        batch::run(params, |name, command_params| {
            let command = Command::find(name)?;
            let start = self.clock().now();
            let ran = self.run(data, webhook, command, command_params)?;
            let time = Timing {
                start,
                finish: later(start, ran.processing),
                processing: ran.processing,
                operating: Some(ran.operating),
            };
            Ok(Executed {
                result: ran.output.result,
                total: ran.output.total,
                next: ran.output.next,
                time: time.to_json(&self.zone()),
            })
        })
    }
}
