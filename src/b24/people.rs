//! Typed calls about colleagues: find them by name (in any grammatical case), e-mail or phone,
//! a colleague's card with their departments, and the people of a department. Only active
//! employees are found: a former colleague can be given no task.

use serde_json::json;

use super::batch::{Batch, reference};
use super::client::Client;
use super::error::{Error, Kind};
use super::model::{Department, User};
use super::names;

/// Fewer digits than this are not a phone number but a fragment of many.
const MIN_PHONE_DIGITS: usize = 7;

/// Numbers are compared on their last ten digits, so `+7 912…`, `8 912…` and `912…` agree.
const PHONE_DIGITS_COMPARED: usize = 10;

/// A colleague with the names of their departments, read in one request.
#[derive(Debug, Clone, PartialEq)]
pub struct ColleagueCard {
    pub user: User,
    pub departments: Vec<Department>,
}

/// The digits of a phone number that identify it, whatever its spelling.
fn phone_key(phone: &str) -> String {
    let digits: Vec<char> = phone.chars().filter(char::is_ascii_digit).collect();
    let skip = digits.len().saturating_sub(PHONE_DIGITS_COMPARED);
    digits[skip..].iter().collect()
}

/// The people with this mobile, work or home phone, however it is spelled; none for a number
/// too short to be one.
pub fn with_phone<'a>(people: &'a [User], phone: &str) -> Vec<&'a User> {
    let wanted = phone_key(phone);
    if wanted.len() < MIN_PHONE_DIGITS {
        return Vec::new();
    }
    people
        .iter()
        .filter(|user| {
            [
                &user.personal_mobile,
                &user.work_phone,
                &user.personal_phone,
            ]
            .into_iter()
            .flatten()
            .any(|number| phone_key(number) == wanted)
        })
        .collect()
}

impl Client {
    /// The employee with this id, if the portal knows them (active or not).
    pub async fn user(&self, id: u64) -> Result<Option<User>, Error> {
        let users: Vec<User> = self.call_as("user.get", &json!({ "ID": id })).await?;
        Ok(users.into_iter().next())
    }

    /// Colleagues a message names: "Анне", "Anna", "Сергею Кузнецову". One `user.search` by
    /// the longest word's stem, narrowed by [`names::named`] so that every word names the same
    /// person (one page of candidates, 50).
    pub async fn colleagues_named(&self, text: &str) -> Result<Vec<User>, Error> {
        let Some(longest) = text
            .split_whitespace()
            .max_by_key(|word| word.chars().count())
        else {
            return Ok(Vec::new());
        };
        let candidates: Vec<User> = self
            .call_as(
                "user.search",
                &json!({ "FILTER": { "FIND": names::search_prefix(longest) } }),
            )
            .await?;
        Ok(names::named(text, &candidates)
            .into_iter()
            .cloned()
            .collect())
    }

    /// The active colleague with exactly this e-mail, if there is one (the portal keeps e-mails
    /// unique among employees).
    pub async fn colleague_by_email(&self, email: &str) -> Result<Option<User>, Error> {
        let found: Vec<User> = self
            .call_as(
                "user.get",
                &json!({ "FILTER": { "EMAIL": email.trim(), "ACTIVE": true } }),
            )
            .await?;
        Ok(found.into_iter().next())
    }

    /// Every active employee (2 500 per request): the portal cannot search phones by their
    /// digits, so a directory of everyone is read and searched here ([`with_phone`]).
    pub async fn active_employees(&self) -> Result<Vec<User>, Error> {
        self.list_all_as("user.get", &json!({ "FILTER": { "ACTIVE": true } }))
            .await
    }

    /// A colleague and their departments in one `batch`: the departments are asked for by the
    /// ids in the user's `UF_DEPARTMENT`, through a `$result` reference.
    pub async fn colleague_card(&self, id: u64) -> Result<ColleagueCard, Error> {
        let mut batch = Batch::new();
        batch.add("user", "user.get", json!({ "ID": id })).add(
            "departments",
            "department.get",
            json!({ "ID": reference("user", &["0", "UF_DEPARTMENT"]) }),
        );
        let results = self.batch(batch).await;
        let user = results
            .result::<Vec<User>>("user")?
            .into_iter()
            .next()
            .ok_or_else(|| {
                Error::new(Kind::NotFound, "user.get", format!("user {id} not found"))
            })?;
        // Someone in no department makes the second command fail: that is "no departments".
        let departments = if user.uf_department.is_empty() {
            Vec::new()
        } else {
            results.result("departments")?
        };
        Ok(ColleagueCard { user, departments })
    }

    /// The active people of a department (not of its sub-departments), by id.
    pub async fn department_people(&self, department: u64) -> Result<Vec<User>, Error> {
        self.list_all_as(
            "user.get",
            &json!({ "FILTER": { "UF_DEPARTMENT": department, "ACTIVE": true } }),
        )
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::phone_key;

    #[test]
    fn phones_agree_whatever_their_spelling() {
        assert_eq!(phone_key("+7 900 100-00-02"), phone_key("89001000002"));
        assert_eq!(phone_key("(900) 100 00 02"), "9001000002");
        assert_ne!(phone_key("+7 900 100-00-02"), phone_key("+7 900 100-00-03"));
    }
}
