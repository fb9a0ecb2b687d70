//! Who may see and change which records: the one place that decides (design invariant 6).
//!
//! By default an employee sees and changes only the records assigned to them; the employees in
//! `B24_ADMINS`, or everyone with `B24_VISIBILITY=all`, see all. Handlers ask here before they
//! show or change anything, and writes make the acting employee responsible.

use std::collections::BTreeSet;

use crate::config::{ConfigError, Source};
use crate::intent::Scope;

/// How far ordinary employees see.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// Only records assigned to them.
    Own,
    /// Every record the portal shows the bot.
    All,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    reach: Reach,
    admins: BTreeSet<u64>,
}

/// Which records a list may show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListFilter {
    /// Only those assigned to this employee.
    AssignedTo(u64),
    Everything,
}

impl Policy {
    pub fn new(reach: Reach, admins: impl IntoIterator<Item = u64>) -> Self {
        Self {
            reach,
            admins: admins.into_iter().collect(),
        }
    }

    /// `B24_VISIBILITY` (`own`, the default, or `all`) and `B24_ADMINS` (Bitrix24 user ids,
    /// separated by commas or spaces).
    pub fn read(source: &impl Source) -> Result<Self, ConfigError> {
        let reach = match source
            .get("B24_VISIBILITY")
            .map(|v| v.trim().to_ascii_lowercase())
        {
            None => Reach::Own,
            Some(value) if value.is_empty() || value == "own" => Reach::Own,
            Some(value) if value == "all" => Reach::All,
            Some(_) => {
                return Err(ConfigError {
                    variable: "B24_VISIBILITY",
                    problem: "expected own (each employee sees their own records) or all".into(),
                });
            }
        };
        let admins = source
            .get("B24_ADMINS")
            .unwrap_or_default()
            .split([',', ' ', ';'])
            .filter(|id| !id.trim().is_empty())
            .map(|id| id.trim().parse::<u64>())
            .collect::<Result<Vec<_>, _>>()
            .map_err(|_| ConfigError {
                variable: "B24_ADMINS",
                problem: "expected Bitrix24 user ids separated by commas, e.g. 1,15".into(),
            })?;
        Ok(Self::new(reach, admins))
    }

    fn sees_everything(&self, employee: u64) -> bool {
        self.reach == Reach::All || self.admins.contains(&employee)
    }

    /// Whether the employee may see or change a record assigned to `owner`.
    pub fn may_access(&self, employee: u64, owner: Option<u64>) -> bool {
        self.sees_everything(employee) || owner == Some(employee)
    }

    /// The owner a record must have for the employee to change it, as a guarded write's filter
    /// says it: `None` when they may change every record.
    pub fn write_owner(&self, employee: u64) -> Option<u64> {
        (!self.sees_everything(employee)).then_some(employee)
    }

    /// The records a list shows: the employee's own unless they asked for all and may see all.
    pub fn list(&self, employee: u64, asked: Option<Scope>) -> ListFilter {
        match asked {
            Some(Scope::All) if self.sees_everything(employee) => ListFilter::Everything,
            _ => ListFilter::AssignedTo(employee),
        }
    }

    /// Whether asking for everyone's records was refused (so the reply can say it shows only
    /// the employee's own).
    pub fn narrows(&self, employee: u64, asked: Option<Scope>) -> bool {
        asked == Some(Scope::All) && !self.sees_everything(employee)
    }
}

/// Whether an employee may browse a Drive storage through the bot. The bot reads Drive with the
/// administrator's webhook, which opens every employee's drive; a personal drive stays its
/// owner's whatever the reach (`B24_VISIBILITY` is about CRM records, not people's files), and
/// workgroup drives are left out, as the bot cannot tell who belongs to a workgroup.
pub fn may_browse_storage(employee: u64, entity_type: &str, owner: Option<u64>) -> bool {
    match entity_type {
        "common" => true,
        "user" => owner == Some(employee),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_drive_is_browsed_by_its_owner_and_the_company_drive_by_all() {
        assert!(may_browse_storage(5, "user", Some(5)));
        assert!(!may_browse_storage(1, "user", Some(5)));
        assert!(may_browse_storage(5, "common", None));
        assert!(!may_browse_storage(5, "group", Some(2)));
    }

    #[test]
    fn an_employee_sees_their_own_an_admin_everything() {
        let policy = Policy::new(Reach::Own, [1]);
        assert!(policy.may_access(5, Some(5)));
        assert!(!policy.may_access(5, Some(6)));
        assert!(!policy.may_access(5, None));
        assert!(policy.may_access(1, Some(6)));
        assert_eq!(policy.write_owner(5), Some(5));
        assert_eq!(policy.write_owner(1), None);
        assert_eq!(policy.list(5, Some(Scope::All)), ListFilter::AssignedTo(5));
        assert!(policy.narrows(5, Some(Scope::All)));
        assert_eq!(policy.list(1, Some(Scope::All)), ListFilter::Everything);
        assert_eq!(policy.list(1, None), ListFilter::AssignedTo(1));
        let open = Policy::new(Reach::All, []);
        assert!(open.may_access(5, Some(6)));
        assert!(!open.narrows(5, Some(Scope::All)));
    }

    #[test]
    fn settings() {
        let policy = Policy::read(&[("B24_ADMINS", "1, 15"), ("B24_VISIBILITY", "own")]).unwrap();
        assert_eq!(policy, Policy::new(Reach::Own, [1, 15]));
        assert_eq!(
            Policy::read(&[("B24_VISIBILITY", "ALL")]).unwrap().reach,
            Reach::All
        );
        assert_eq!(
            Policy::read(&[("B24_ADMINS", "1,x")]).unwrap_err().variable,
            "B24_ADMINS"
        );
        assert_eq!(
            Policy::read(&[("B24_VISIBILITY", "some")])
                .unwrap_err()
                .variable,
            "B24_VISIBILITY"
        );
    }
}
