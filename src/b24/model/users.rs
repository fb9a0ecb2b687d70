//! Employees and departments.

use jiff::Timestamp;
use serde::Deserialize;

use super::de;

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub struct User {
    #[serde(deserialize_with = "de::id")]
    pub id: u64,
    /// A JSON boolean in `user.get`; a deactivated employee is `false`.
    #[serde(default = "active_by_default", deserialize_with = "de::flag")]
    pub active: bool,
    #[serde(default, deserialize_with = "de::opt_text")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "de::opt_text")]
    pub last_name: Option<String>,
    #[serde(default, deserialize_with = "de::opt_text")]
    pub second_name: Option<String>,
    #[serde(default, deserialize_with = "de::opt_text")]
    pub email: Option<String>,
    #[serde(default, deserialize_with = "de::opt_text")]
    pub work_position: Option<String>,
    #[serde(default, deserialize_with = "de::opt_text")]
    pub work_phone: Option<String>,
    #[serde(default, deserialize_with = "de::opt_text")]
    pub personal_mobile: Option<String>,
    #[serde(default, deserialize_with = "de::opt_text")]
    pub personal_phone: Option<String>,
    #[serde(default, deserialize_with = "de::id_list")]
    pub uf_department: Vec<u64>,
    /// IANA name; empty means "automatic" and reads as none.
    #[serde(default, deserialize_with = "de::opt_text")]
    pub time_zone: Option<String>,
    #[serde(default, deserialize_with = "de::flag")]
    pub is_online: bool,
    #[serde(default, deserialize_with = "de::opt_datetime")]
    pub last_login: Option<Timestamp>,
    /// `employee`, `extranet`, `email`.
    #[serde(default, deserialize_with = "de::opt_text")]
    pub user_type: Option<String>,
}

fn active_by_default() -> bool {
    true
}

impl User {
    /// "Name Last name", or the e-mail, or `#id`: what a person would call this colleague.
    pub fn display_name(&self) -> String {
        let name = [self.name.as_deref(), self.last_name.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
        if !name.is_empty() {
            name
        } else if let Some(email) = &self.email {
            email.clone()
        } else {
            format!("#{}", self.id)
        }
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub struct Department {
    #[serde(deserialize_with = "de::id")]
    pub id: u64,
    #[serde(default)]
    pub name: String,
    #[serde(default, deserialize_with = "de::opt_id")]
    pub sort: Option<u64>,
    #[serde(default, deserialize_with = "de::opt_ref")]
    pub parent: Option<u64>,
    #[serde(default, deserialize_with = "de::opt_ref")]
    pub uf_head: Option<u64>,
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn a_user_with_mixed_types() {
        let user: User = serde_json::from_value(json!({"ID":"3","ACTIVE":true,"NAME":"Anna",
            "LAST_NAME":"Smirnova","EMAIL":"anna@example.com","LAST_LOGIN":"2024-07-23T08:07:26+00:00",
            "IS_ONLINE":"Y","LAST_ACTIVITY_DATE":"2024-07-23 08:08:50","UF_DEPARTMENT":[1],
            "TIME_ZONE":"","TIMESTAMP_X":{}}))
        .unwrap();
        assert_eq!(user.display_name(), "Anna Smirnova");
        assert_eq!(user.uf_department, vec![1]);
        assert_eq!(user.time_zone, None);
        assert!(user.active && user.is_online);
        let fired: User = serde_json::from_value(json!({"ID":"9","ACTIVE":false})).unwrap();
        assert!(!fired.active);
        assert_eq!(fired.display_name(), "#9");
    }

    #[test]
    fn a_department_with_an_integer_sort() {
        let department: Department =
            serde_json::from_value(json!({"ID":"15","NAME":"R&D","SORT":500,"PARENT":"1"}))
                .unwrap();
        assert_eq!((department.sort, department.parent), (Some(500), Some(1)));
    }
}
