//! The keys everything else hangs on: which channel, which user on it, which employee.

use std::fmt;
use std::str::FromStr;

use super::Error;

/// A way people reach the bot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Channel {
    Telegram,
    Bitrix24,
    Console,
}

impl Channel {
    pub const ALL: [Channel; 3] = [Channel::Telegram, Channel::Bitrix24, Channel::Console];

    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Telegram => "telegram",
            Channel::Bitrix24 => "bitrix24",
            Channel::Console => "console",
        }
    }
}

impl fmt::Display for Channel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown channel {0:?}; expected telegram, bitrix24 or console")]
pub struct UnknownChannel(pub String);

impl FromStr for Channel {
    type Err = UnknownChannel;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Channel::ALL
            .into_iter()
            .find(|channel| channel.as_str() == text)
            .ok_or_else(|| UnknownChannel(text.to_owned()))
    }
}

/// A person as one channel knows them: the channel and their id there, as text (Telegram user
/// ids, Bitrix24 user ids and console names all fit).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ChannelUser {
    pub channel: Channel,
    pub user: String,
}

impl ChannelUser {
    pub fn new(channel: Channel, user: impl Into<String>) -> ChannelUser {
        ChannelUser {
            channel,
            user: user.into(),
        }
    }

    pub(crate) fn from_columns(channel: &str, user: String) -> Result<ChannelUser, Error> {
        let channel = channel
            .parse()
            .map_err(|err: UnknownChannel| Error::Corrupt {
                what: "channel",
                detail: err.to_string(),
            })?;
        Ok(ChannelUser { channel, user })
    }
}

impl fmt::Display for ChannelUser {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.channel, self.user)
    }
}

/// A Bitrix24 user id (the portal's `ID` of a user).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EmployeeId(pub u64);

impl EmployeeId {
    pub(crate) fn to_sql(self) -> Result<i64, Error> {
        to_sql_id("employee id", self.0)
    }

    pub(crate) fn from_sql(value: i64) -> Result<EmployeeId, Error> {
        from_sql_id("employee id", value).map(EmployeeId)
    }
}

impl fmt::Display for EmployeeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// Portal ids are unsigned; SQLite integers are signed. No portal comes near the limit, but a
/// silent wrap would mix up records, so the conversion is checked.
pub(crate) fn to_sql_id(what: &'static str, value: u64) -> Result<i64, Error> {
    i64::try_from(value).map_err(|_| Error::OutOfRange { what, value })
}

pub(crate) fn from_sql_id(what: &'static str, value: i64) -> Result<u64, Error> {
    u64::try_from(value).map_err(|_| Error::Corrupt {
        what,
        detail: format!("negative id {value}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn channels_round_trip_through_their_stored_names() {
        for channel in Channel::ALL {
            assert_eq!(channel.as_str().parse::<Channel>(), Ok(channel));
        }
        assert_eq!(
            "Telegram".parse::<Channel>(),
            Err(UnknownChannel("Telegram".to_owned()))
        );
    }

    #[test]
    fn ids_beyond_sqlite_integers_are_refused_not_wrapped() {
        assert_eq!(EmployeeId(7).to_sql().unwrap(), 7);
        assert!(matches!(
            EmployeeId(u64::MAX).to_sql(),
            Err(Error::OutOfRange { .. })
        ));
        assert!(matches!(
            EmployeeId::from_sql(-1),
            Err(Error::Corrupt { .. })
        ));
    }
}
