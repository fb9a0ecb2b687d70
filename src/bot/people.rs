//! What the bot needs to know about an employee (their name, their portal time zone), asked of
//! the portal once and kept for a few minutes, so that a conversation does not pay a request per
//! message for it.

use std::time::{Duration, Instant};

use dashmap::DashMap;
use jiff::tz::TimeZone;

use crate::b24::{self, Client};

/// How long what the portal said about an employee is trusted.
const FRESH_FOR: Duration = Duration::from_secs(5 * 60);

#[derive(Debug, Clone, PartialEq)]
pub struct Person {
    /// `None` for an id the portal does not know (a deleted employee still linked).
    pub name: Option<String>,
    /// The zone set in their portal profile, if any and if it is a real IANA zone.
    pub time_zone: Option<TimeZone>,
}

pub struct People {
    portal: Client,
    known: DashMap<u64, (Instant, Person)>,
}

impl People {
    pub fn new(portal: Client) -> People {
        People {
            portal,
            known: DashMap::new(),
        }
    }

    /// The employee as the portal describes them.
    pub async fn get(&self, employee: u64) -> Result<Person, b24::Error> {
        if let Some(entry) = self.known.get(&employee) {
            let (at, person) = entry.value();
            if at.elapsed() < FRESH_FOR {
                return Ok(person.clone());
            }
        }
        let person = match self.portal.user(employee).await? {
            Some(user) => Person {
                name: Some(user.display_name()),
                time_zone: user
                    .time_zone
                    .as_deref()
                    .and_then(|name| TimeZone::get(name).ok()),
            },
            None => Person {
                name: None,
                time_zone: None,
            },
        };
        self.known
            .insert(employee, (Instant::now(), person.clone()));
        Ok(person)
    }
}
