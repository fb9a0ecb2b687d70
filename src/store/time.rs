//! Times are stored as unix seconds: sortable, indexable, and free of zone questions.

use jiff::Timestamp;

use super::Error;

pub(crate) fn to_secs(at: Timestamp) -> i64 {
    at.as_second()
}

pub(crate) fn from_secs(what: &'static str, secs: i64) -> Result<Timestamp, Error> {
    Timestamp::from_second(secs).map_err(|err| Error::Corrupt {
        what,
        detail: err.to_string(),
    })
}
