//! The one error type of the REST client.
//!
//! A portal answers errors in many shapes (`""`, `"0"`, prose, upper- and lower-case codes, HTTP 200
//! with an `error` key), so every failure is reduced to a [`Kind`] that callers act on: retry,
//! tell the user to try later, ask for a missing scope, or warn that a write may have happened.

use std::fmt;

/// What a failure means for the caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// The portal refused the request for its request rate (`QUERY_LIMIT_EXCEEDED`,
    /// `OVERLOAD_LIMIT`); the call did not run.
    Throttled,
    /// The method used up its operating time (`OPERATION_TIME_LIMIT`); the call did not run.
    OperatingTimeLimit,
    /// The webhook or token is not accepted (wrong secret, expired token, deactivated user).
    Auth,
    /// The webhook or token lacks the scope the method needs (`insufficient_scope`).
    MissingScope,
    /// The acting employee may not see or change this (`ACCESS_DENIED`).
    AccessDenied,
    /// The record does not exist.
    NotFound,
    /// The portal does not know the method (`ERROR_METHOD_NOT_FOUND`).
    UnknownMethod,
    /// The portal rejected the parameters; repeating the same call fails the same way.
    InvalidInput,
    /// The portal failed (5xx, unreadable answer) while answering a read.
    ServerFault,
    /// The portal could not be reached.
    Network,
    /// A write failed without a clear answer (timeout, dropped connection, 5xx): it may or may not
    /// have happened, so it is never repeated blindly.
    OutcomeUnknown,
}

impl Kind {
    /// Classifies a portal answer. Codes are matched case-insensitively because the same code
    /// appears as `expired_token` and `EXPIRED_TOKEN` in the wild.
    pub fn classify(status: Option<u16>, code: &str, description: &str) -> Kind {
        let code = code.to_ascii_uppercase();
        match code.as_str() {
            "QUERY_LIMIT_EXCEEDED" | "OVERLOAD_LIMIT" => return Kind::Throttled,
            "OPERATION_TIME_LIMIT" => return Kind::OperatingTimeLimit,
            "INSUFFICIENT_SCOPE" => return Kind::MissingScope,
            "EXPIRED_TOKEN"
            | "INVALID_TOKEN"
            | "NO_AUTH_FOUND"
            | "INVALID_CREDENTIALS"
            | "AUTHORIZATION_ERROR"
            | "USER_ACCESS_ERROR"
            | "INVALID_REQUEST"
            | "APPLICATION_NOT_FOUND"
            | "ERROR_OAUTH"
            | "PAYMENT_REQUIRED"
            | "METHOD_CONFIRM_WAITING"
            | "PORTAL_DELETED"
            | "INVALID_GRANT"
            | "INVALID_CLIENT" => {
                return Kind::Auth;
            }
            "ACCESS_DENIED"
            | "ACCESS_ERROR"
            | "WRONG_AUTH_TYPE"
            | "METHOD_CONFIRM_DENIED"
            | "BOT_OWNERSHIP_ERROR" => return Kind::AccessDenied,
            "ERROR_METHOD_NOT_FOUND" => return Kind::UnknownMethod,
            "NOT_FOUND"
            | "ERROR_NOT_FOUND"
            | "OWNER_NOT_FOUND"
            | "USER_NOT_FOUND"
            | "BOT_NOT_FOUND"
            | "ERROR_ENTITY_NOT_FOUND" => return Kind::NotFound,
            "INTERNAL_SERVER_ERROR" | "ERROR_UNEXPECTED_ANSWER" => return Kind::ServerFault,
            _ => {}
        }
        if status.is_some_and(|s| s >= 500) {
            return Kind::ServerFault;
        }
        // Legacy CRM, calendar and disk methods send an empty or numeric code with prose.
        let description = description.to_lowercase();
        let missing_parameter = description.contains("parameter");
        if !missing_parameter
            && (description.contains("not found") || description.contains("could not find"))
        {
            return Kind::NotFound;
        }
        if description.contains("access denied") || description.contains("not allowed") {
            return Kind::AccessDenied;
        }
        match status {
            Some(401) => Kind::Auth,
            Some(403) => Kind::AccessDenied,
            Some(404) => Kind::NotFound,
            Some(429) => Kind::OperatingTimeLimit,
            _ => Kind::InvalidInput,
        }
    }

    /// Whether the portal certainly did not run the call, so it may be sent again as it is.
    pub fn not_executed(self) -> bool {
        matches!(self, Kind::Throttled | Kind::OperatingTimeLimit)
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Kind::Throttled => "request rate limit reached",
            Kind::OperatingTimeLimit => "operating time limit reached",
            Kind::Auth => "not authorised",
            Kind::MissingScope => "missing scope",
            Kind::AccessDenied => "access denied",
            Kind::NotFound => "not found",
            Kind::UnknownMethod => "unknown method",
            Kind::InvalidInput => "invalid input",
            Kind::ServerFault => "portal fault",
            Kind::Network => "portal unreachable",
            Kind::OutcomeUnknown => "outcome unknown",
        })
    }
}

type Cause = Box<dyn std::error::Error + Send + Sync + 'static>;

/// A failed REST call: the method, what the portal said, and what that means ([`Kind`]).
///
/// Nothing in it can hold the webhook secret or a token: portal answers never echo them, and
/// transport errors are stripped of their URL before they are wrapped.
#[derive(Debug)]
pub struct Error {
    kind: Kind,
    method: String,
    code: String,
    description: String,
    status: Option<u16>,
    cause: Option<Cause>,
}

impl Error {
    /// An error the portal answered with.
    pub fn portal(method: &str, status: Option<u16>, code: &str, description: &str) -> Self {
        Self {
            kind: Kind::classify(status, code, description),
            method: method.to_owned(),
            code: code.to_owned(),
            description: description.to_owned(),
            status,
            cause: None,
        }
    }

    /// An error of a given kind that did not come from the portal's error envelope.
    pub fn new(kind: Kind, method: &str, description: impl Into<String>) -> Self {
        Self {
            kind,
            method: method.to_owned(),
            code: String::new(),
            description: description.into(),
            status: None,
            cause: None,
        }
    }

    pub(crate) fn with_status(mut self, status: u16) -> Self {
        self.status = Some(status);
        self
    }

    pub(crate) fn with_cause(mut self, cause: impl Into<Cause>) -> Self {
        self.cause = Some(cause.into());
        self
    }

    /// The same failure, reported as a write whose outcome is unknown.
    pub(crate) fn into_outcome_unknown(mut self) -> Self {
        self.kind = Kind::OutcomeUnknown;
        self
    }

    /// The same failure, reported for one command of a batch (the cause stays with the original).
    pub(crate) fn for_command(&self, method: &str) -> Self {
        Self {
            kind: self.kind,
            method: method.to_owned(),
            code: self.code.clone(),
            description: self.description.clone(),
            status: self.status,
            cause: None,
        }
    }

    pub fn kind(&self) -> Kind {
        self.kind
    }

    pub fn method(&self) -> &str {
        &self.method
    }

    /// The portal's `error` value (may be empty: legacy CRM methods send `""`).
    pub fn code(&self) -> &str {
        &self.code
    }

    /// The portal's `error_description`, or what went wrong on the way.
    pub fn description(&self) -> &str {
        &self.description
    }

    pub fn status(&self) -> Option<u16> {
        self.status
    }

    pub(crate) fn is_code(&self, code: &str) -> bool {
        self.code.eq_ignore_ascii_case(code)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.method, self.kind)?;
        match (self.code.is_empty(), self.description.is_empty()) {
            (false, false) => write!(f, " ({}: {})", self.code, self.description)?,
            (false, true) => write!(f, " ({})", self.code)?,
            (true, false) => write!(f, " ({})", self.description)?,
            (true, true) => {}
        }
        if let Some(status) = self.status {
            write!(f, " [HTTP {status}]")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.cause
            .as_deref()
            .map(|cause| cause as &(dyn std::error::Error + 'static))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_family_is_classified() {
        let cases = [
            (
                503,
                "QUERY_LIMIT_EXCEEDED",
                "Too many requests",
                Kind::Throttled,
            ),
            (
                503,
                "OVERLOAD_LIMIT",
                "REST API is blocked due to overload.",
                Kind::Throttled,
            ),
            (401, "OVERLOAD_LIMIT", "", Kind::Throttled),
            (
                429,
                "OPERATION_TIME_LIMIT",
                "Method is blocked",
                Kind::OperatingTimeLimit,
            ),
            (
                401,
                "insufficient_scope",
                "higher privileges",
                Kind::MissingScope,
            ),
            (
                401,
                "expired_token",
                "The access token provided has expired",
                Kind::Auth,
            ),
            (
                401,
                "INVALID_CREDENTIALS",
                "Invalid request credentials",
                Kind::Auth,
            ),
            (401, "NO_AUTH_FOUND", "Wrong authorization data", Kind::Auth),
            (403, "ACCESS_DENIED", "Access denied!", Kind::AccessDenied),
            (403, "WRONG_AUTH_TYPE", "", Kind::AccessDenied),
            (
                404,
                "ERROR_METHOD_NOT_FOUND",
                "Method not found!",
                Kind::UnknownMethod,
            ),
            (400, "", "Not found", Kind::NotFound),
            (400, "NOT_FOUND", "Element not found", Kind::NotFound),
            (
                400,
                "ERROR_NOT_FOUND",
                "Could not find entity with id `5`",
                Kind::NotFound,
            ),
            (400, "ERROR_CORE", "Element not found", Kind::NotFound),
            (400, "", "Access denied.", Kind::AccessDenied),
            (
                400,
                "0",
                "Action on the task is not allowed",
                Kind::AccessDenied,
            ),
            (
                400,
                "ERROR_CORE",
                "Task title is not specified<br>",
                Kind::InvalidInput,
            ),
            (
                400,
                "ERROR_ARGUMENT",
                "Invalid value of parameter {Parameter #0}",
                Kind::InvalidInput,
            ),
            (400, "", "ID is not defined or invalid.", Kind::InvalidInput),
            (
                400,
                "100",
                "Could not find value for parameter {fields}",
                Kind::InvalidInput,
            ),
            (500, "ERROR_CORE", "SQL query error!", Kind::ServerFault),
            (500, "INTERNAL_SERVER_ERROR", "", Kind::ServerFault),
            (502, "", "", Kind::ServerFault),
            (
                200,
                "MESSAGE_EMPTY",
                "Message can't be empty",
                Kind::InvalidInput,
            ),
        ];
        for (status, code, description, kind) in cases {
            assert_eq!(
                Kind::classify(Some(status), code, description),
                kind,
                "{status} {code:?} {description:?}"
            );
        }
    }

    #[test]
    fn display_names_the_method_code_and_status() {
        let error = Error::portal("crm.deal.get", Some(400), "", "Not found");
        assert_eq!(
            error.to_string(),
            "crm.deal.get: not found (Not found) [HTTP 400]"
        );
        let error = Error::portal(
            "batch",
            Some(503),
            "QUERY_LIMIT_EXCEEDED",
            "Too many requests",
        );
        assert_eq!(
            error.to_string(),
            "batch: request rate limit reached (QUERY_LIMIT_EXCEEDED: Too many requests) [HTTP 503]"
        );
    }
}
