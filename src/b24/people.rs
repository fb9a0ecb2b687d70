//! Typed calls about the portal's people.

use serde_json::json;

use super::client::Client;
use super::error::Error;
use super::model::User;

impl Client {
    /// The employee with this id, if the portal knows them.
    pub async fn user(&self, id: u64) -> Result<Option<User>, Error> {
        let users: Vec<User> = self.call_as("user.get", &json!({ "ID": id })).await?;
        Ok(users.into_iter().next())
    }
}
