//! The answer of a call that creates something: the new record's id.

use serde_json::Value;

use super::error::{Error, Kind};

/// `*.add` answers the new id as an integer (sometimes a numeric string); anything else means
/// the portal did something other than what was asked, which is its fault, not the user's.
pub(crate) fn new_id(method: &str, result: &Value) -> Result<u64, Error> {
    super::model::de::u64_of(result)
        .filter(|id| *id != 0)
        .ok_or_else(|| {
            Error::new(
                Kind::ServerFault,
                method,
                format!("the portal answered {result} instead of the new id"),
            )
        })
}
