//! Employees and the department tree.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Gender {
    Female,
    Male,
}

impl Gender {
    /// `PERSONAL_GENDER` letters.
    pub fn letter(self) -> &'static str {
        match self {
            Gender::Female => "F",
            Gender::Male => "M",
        }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct User {
    pub id: u64,
    pub active: bool,
    pub admin: bool,
    pub name: String,
    pub last_name: String,
    pub second_name: String,
    pub gender: Gender,
    pub email: String,
    pub mobile: String,
    pub work_phone: String,
    pub position: String,
    pub departments: Vec<u64>,
    /// IANA name; `""` means "automatic" (the portal's zone), as on a real portal.
    pub time_zone: String,
    /// Interface language (`en`, `ru`): the bot answers in it.
    pub language: String,
    pub birthday: Option<jiff::civil::Date>,
    pub registered: Timestamp,
    pub last_login: Option<Timestamp>,
    pub online: bool,
}

impl User {
    pub fn full_name(&self) -> String {
        format!("{} {}", self.name, self.last_name)
            .trim()
            .to_owned()
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Department {
    pub id: u64,
    pub name: String,
    pub sort: i64,
    pub parent: Option<u64>,
    pub head: Option<u64>,
}
