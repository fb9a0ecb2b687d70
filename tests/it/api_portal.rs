//! The harness of the `api_*` tests: the demo sandbox, a client acting as one of its employees,
//! and the REST requests it received, so that each typed call's cost is pinned by a test.

use b24bot::b24::{Auth, Client, WebhookUrl};
use b24bot::sandbox::server::{self, Options, Sandbox};
use serde_json::Value;

pub struct Portal {
    pub sandbox: Sandbox,
    http: reqwest::Client,
}

impl Portal {
    /// The demo portal, with its request log emptied of the seeding.
    pub async fn demo() -> Portal {
        let sandbox = server::spawn(Options::default())
            .await
            .expect("the sandbox starts");
        let portal = Portal {
            sandbox,
            http: reqwest::Client::new(),
        };
        portal.requests().await;
        portal
    }

    /// A client acting as a seeded employee through their webhook.
    pub fn client(&self, user: u64) -> Client {
        let url = &self.sandbox.webhook(user).expect("a seeded employee").url;
        Client::builder(Auth::Webhook(WebhookUrl::parse(url).unwrap()))
            .build()
            .unwrap()
    }

    /// How many REST requests the portal received since the last time this was asked.
    pub async fn requests(&self) -> usize {
        let url = format!("{}/sandbox/requests", self.sandbox.base_url());
        let log: Vec<Value> = self
            .http
            .get(&url)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        self.http.delete(&url).send().await.unwrap();
        log.len()
    }

    /// What reached an employee's messenger: messages and notifications, oldest first.
    pub async fn inbox(&self, user: u64) -> Vec<Value> {
        let url = format!("{}/sandbox/inbox/{user}", self.sandbox.base_url());
        self.http
            .get(&url)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    }
}
