//! How the client proves who it is: an inbound webhook URL, or an OAuth access token that is
//! refreshed once, for everyone waiting, when the portal says it expired.

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use secrecy::{ExposeSecret, SecretString};
use url::Url;

/// A webhook URL `https://portal/rest/<user>/<secret>/`. Its `Display` and `Debug` hide the
/// secret: `https://portal/rest/1/***/`.
#[derive(Clone)]
pub struct WebhookUrl {
    /// Scheme, host, port and any path before `/rest/`, without a trailing slash.
    origin: String,
    user_id: u64,
    secret: SecretString,
}

/// Why a webhook URL was refused. Never contains the secret.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WebhookUrlError {
    #[error("it is not a URL")]
    NotAUrl,
    #[error("it must start with https:// (or http:// for a local sandbox)")]
    Scheme,
    #[error("it must look like https://<portal>/rest/<user id>/<secret>/")]
    Shape,
}

impl WebhookUrl {
    pub fn parse(text: &str) -> Result<Self, WebhookUrlError> {
        let url = Url::parse(text.trim()).map_err(|_| WebhookUrlError::NotAUrl)?;
        if !matches!(url.scheme(), "https" | "http") || url.host_str().is_none() {
            return Err(WebhookUrlError::Scheme);
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(WebhookUrlError::Shape);
        }
        let segments: Vec<&str> = url
            .path_segments()
            .ok_or(WebhookUrlError::Shape)?
            .filter(|segment| !segment.is_empty())
            .collect();
        let [prefix @ .., "rest", user, secret] = segments.as_slice() else {
            return Err(WebhookUrlError::Shape);
        };
        let user_id = user.parse().map_err(|_| WebhookUrlError::Shape)?;
        let secret_ok = secret
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
        if !secret_ok {
            return Err(WebhookUrlError::Shape);
        }
        let mut origin = url.origin().ascii_serialization();
        for segment in prefix {
            origin.push('/');
            origin.push_str(segment);
        }
        Ok(Self {
            origin,
            user_id,
            secret: SecretString::from(secret.to_string()),
        })
    }

    /// The portal's address, e.g. `https://acme.bitrix24.com`, for links into the portal.
    pub fn portal(&self) -> &str {
        &self.origin
    }

    /// The employee the webhook acts as.
    pub fn user_id(&self) -> u64 {
        self.user_id
    }

    /// The address of one method; it holds the secret, so it must never be logged.
    pub(crate) fn method_url(&self, method: &str) -> String {
        format!(
            "{}/rest/{}/{}/{}",
            self.origin,
            self.user_id,
            self.secret.expose_secret(),
            method
        )
    }

    /// The secret itself, for tests and checks that prove it appears nowhere.
    pub fn expose_secret(&self) -> &str {
        self.secret.expose_secret()
    }
}

impl fmt::Display for WebhookUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/rest/{}/***/", self.origin, self.user_id)
    }
}

impl fmt::Debug for WebhookUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "WebhookUrl({self})")
    }
}

/// An OAuth token pair. Debug output hides both tokens.
#[derive(Clone, Debug)]
pub struct Tokens {
    pub access_token: SecretString,
    pub refresh_token: SecretString,
}

/// Receives the new tokens after a refresh, so they can be stored: the old refresh token stops
/// working once a new one is issued.
pub type OnRefresh = Arc<dyn Fn(&Tokens) + Send + Sync>;

/// An OAuth application's access to one portal.
pub struct OAuth {
    /// `client_endpoint` of the token answer, e.g. `https://acme.bitrix24.com/rest/`.
    pub(crate) endpoint: Url,
    pub(crate) client_id: String,
    pub(crate) client_secret: SecretString,
    /// Bitrix24's OAuth server, `https://oauth.bitrix.info/oauth/token/` unless tests point it
    /// elsewhere.
    pub(crate) token_url: Url,
    pub(crate) state: tokio::sync::RwLock<Tokens>,
    /// Bumped on every refresh, so that a caller who saw an expired token can tell whether
    /// someone else already refreshed it while it waited for the lock.
    pub(crate) generation: AtomicU64,
    pub(crate) refresh_lock: tokio::sync::Mutex<()>,
    pub(crate) on_refresh: OnRefresh,
}

impl OAuth {
    pub fn new(
        endpoint: Url,
        client_id: impl Into<String>,
        client_secret: SecretString,
        tokens: Tokens,
        on_refresh: OnRefresh,
    ) -> Self {
        Self {
            endpoint,
            client_id: client_id.into(),
            client_secret,
            token_url: Url::parse("https://oauth.bitrix.info/oauth/token/")
                .expect("the OAuth server URL is valid"),
            state: tokio::sync::RwLock::new(tokens),
            generation: AtomicU64::new(0),
            refresh_lock: tokio::sync::Mutex::new(()),
            on_refresh,
        }
    }

    /// Points the refresh at another OAuth server (a self-hosted one, or a test's).
    pub fn with_token_url(mut self, token_url: Url) -> Self {
        self.token_url = token_url;
        self
    }

    pub(crate) fn generation(&self) -> u64 {
        self.generation.load(Ordering::Acquire)
    }
}

impl fmt::Debug for OAuth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OAuth")
            .field("endpoint", &self.endpoint.as_str())
            .field("client_id", &self.client_id)
            .finish_non_exhaustive()
    }
}

/// How the client authenticates.
#[derive(Clone, Debug)]
pub enum Auth {
    Webhook(WebhookUrl),
    OAuth(Arc<OAuth>),
}

impl Auth {
    /// The portal's address, for links and for logs.
    pub fn portal(&self) -> String {
        match self {
            Auth::Webhook(webhook) => webhook.portal().to_owned(),
            Auth::OAuth(oauth) => oauth.endpoint.origin().ascii_serialization(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_hides_the_secret() {
        let url = WebhookUrl::parse("https://acme.bitrix24.com/rest/1/8g9l071eismy9q2l/").unwrap();
        assert_eq!(url.user_id(), 1);
        assert_eq!(url.portal(), "https://acme.bitrix24.com");
        assert_eq!(url.to_string(), "https://acme.bitrix24.com/rest/1/***/");
        assert!(!format!("{url:?}").contains("8g9l071eismy9q2l"));
        assert_eq!(
            url.method_url("crm.deal.list"),
            "https://acme.bitrix24.com/rest/1/8g9l071eismy9q2l/crm.deal.list"
        );
    }

    #[test]
    fn accepts_a_port_a_sub_path_and_no_trailing_slash() {
        let url = WebhookUrl::parse("http://127.0.0.1:8024/b24/rest/7/abc").unwrap();
        assert_eq!(url.portal(), "http://127.0.0.1:8024/b24");
        assert_eq!(url.user_id(), 7);
    }

    #[test]
    fn refuses_what_is_not_a_webhook() {
        for (text, error) in [
            ("acme.bitrix24.com/rest/1/x/", WebhookUrlError::NotAUrl),
            ("ftp://acme.bitrix24.com/rest/1/x/", WebhookUrlError::Scheme),
            ("https://acme.bitrix24.com/rest/x/", WebhookUrlError::Shape),
            (
                "https://acme.bitrix24.com/rest/one/x/",
                WebhookUrlError::Shape,
            ),
            (
                "https://acme.bitrix24.com/rest/1/x/crm.deal.list",
                WebhookUrlError::Shape,
            ),
            (
                "https://acme.bitrix24.com/rest/1/x/?a=1",
                WebhookUrlError::Shape,
            ),
        ] {
            assert_eq!(WebhookUrl::parse(text).unwrap_err(), error, "{text}");
        }
    }
}
