//! The REST client: one call goes through the operating-time gate, the leaky bucket, the wire,
//! and the retry rules, and comes back as an [`Envelope`] or one [`Error`].

use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use secrecy::{ExposeSecret, SecretString};
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::auth::{Auth, OAuth, Tokens};
use super::envelope::{self, Envelope};
use super::error::{Error, Kind};
use super::limiter::{Lane, Limiter, Limits};
use super::method;
use super::operating::OperatingTime;
use super::retry::RetryPolicy;
use super::spent;

/// The portal cuts a request off after 60 s; a little more lets its own answer arrive.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(65);

/// Builds a [`Client`].
#[derive(Debug)]
pub struct ClientBuilder {
    auth: Auth,
    limits: Limits,
    retry: RetryPolicy,
    timeout: Duration,
}

impl ClientBuilder {
    pub fn limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    pub fn retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// How long one HTTP request may take before it counts as failed.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Starts the client's limiter on the current tokio runtime.
    pub fn build(self) -> Result<Client, Error> {
        let http = reqwest::Client::builder()
            .user_agent(concat!("b24bot/", env!("CARGO_PKG_VERSION")))
            .timeout(self.timeout)
            .connect_timeout(Duration::from_secs(10))
            // A renamed portal answers 302; following it would turn the POST into a GET and
            // silently drop the parameters.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|cause| {
                Error::new(Kind::Network, "client", "the HTTP client could not start")
                    .with_cause(cause.without_url())
            })?;
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                auth: self.auth,
                limiter: Limiter::new(self.limits),
                operating: OperatingTime::default(),
                retry: self.retry,
                answered: Mutex::new(None),
            }),
            lane: Lane::Interactive,
        })
    }
}

#[derive(Debug)]
struct Inner {
    http: reqwest::Client,
    auth: Auth,
    limiter: Limiter,
    operating: OperatingTime,
    retry: RetryPolicy,
    /// When the portal last answered a call: readiness asks (`ops::health`).
    answered: Mutex<Option<Instant>>,
}

/// A client for one portal. Clones share the limiter and the operating-time windows, as the
/// portal shares its limits between all callers of one webhook.
#[derive(Clone, Debug)]
pub struct Client {
    inner: Arc<Inner>,
    lane: Lane,
}

/// Why one attempt failed, and whether the portal may have run the call anyway.
struct Failure {
    error: Error,
    maybe_executed: bool,
}

impl Failure {
    fn not_executed(error: Error) -> Self {
        Self {
            error,
            maybe_executed: false,
        }
    }
}

impl Client {
    pub fn builder(auth: Auth) -> ClientBuilder {
        ClientBuilder {
            auth,
            limits: Limits::default(),
            retry: RetryPolicy::default(),
            timeout: DEFAULT_TIMEOUT,
        }
    }

    /// The same client on the background lane: its calls wait behind interactive ones.
    pub fn background(&self) -> Client {
        Client {
            inner: self.inner.clone(),
            lane: Lane::Background,
        }
    }

    /// The portal's address, e.g. `https://acme.bitrix24.com`, for links into it.
    pub fn portal(&self) -> String {
        self.inner.auth.portal()
    }

    /// When the portal last answered a call through this client or a clone of it.
    pub fn last_answer(&self) -> Option<Instant> {
        *self
            .inner
            .answered
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    pub(crate) fn operating(&self) -> &OperatingTime {
        &self.inner.operating
    }

    /// Calls one method. Reads are repeated after faults; writes only when the portal certainly
    /// did not run them.
    pub async fn call(&self, method: &str, params: &Value) -> Result<Envelope, Error> {
        self.call_with(method, params, method::is_read(method))
            .await
    }

    /// Calls one method and decodes its `result`.
    pub async fn call_as<T: DeserializeOwned>(
        &self,
        method: &str,
        params: &Value,
    ) -> Result<T, Error> {
        decode(method, self.call(method, params).await?.result)
    }

    pub(crate) async fn call_with(
        &self,
        method: &str,
        params: &Value,
        repeatable: bool,
    ) -> Result<Envelope, Error> {
        let started = Instant::now();
        let outcome = self.attempts(method, params, repeatable).await;
        spent::add(|spent| spent.in_client += started.elapsed());
        outcome
    }

    async fn attempts(
        &self,
        method: &str,
        params: &Value,
        repeatable: bool,
    ) -> Result<Envelope, Error> {
        let policy = &self.inner.retry;
        let mut limit_retries = 0;
        let mut fault_retries = 0;
        let mut refreshed = false;
        loop {
            let wait = self.inner.operating.wait(method);
            if !wait.is_zero() {
                if wait > policy.max_operating_wait {
                    return Err(Error::new(
                        Kind::OperatingTimeLimit,
                        method,
                        format!("blocked for another {} s", wait.as_secs()),
                    ));
                }
                tokio::time::sleep(wait).await;
            }
            self.inner.limiter.acquire(self.lane).await;
            let (access, generation) = self.access().await;
            let started = Instant::now();
            let sent = self.send(method, params, access.as_ref()).await;
            spent::add(|spent| {
                spent.requests += 1;
                spent.on_the_wire += started.elapsed();
            });
            crate::ops::metrics::rest_request(
                method,
                match &sent {
                    Ok(_) => Ok(()),
                    Err(failure) => Err((failure.error.kind(), failure.error.status())),
                },
            );
            let failure = match sent {
                Ok(envelope) => {
                    *self
                        .inner
                        .answered
                        .lock()
                        .unwrap_or_else(PoisonError::into_inner) = Some(Instant::now());
                    if let Some(time) = &envelope.time {
                        self.inner.operating.observe(method, time);
                    }
                    return Ok(envelope);
                }
                Err(failure) => failure,
            };
            let error = failure.error;
            match error.kind() {
                Kind::Throttled | Kind::OperatingTimeLimit
                    if limit_retries < policy.limit_retries =>
                {
                    limit_retries += 1;
                    if error.kind() == Kind::OperatingTimeLimit {
                        let wait = self.inner.operating.block(method);
                        tracing::warn!(
                            method,
                            wait_s = wait.as_secs(),
                            "method blocked by its operating time"
                        );
                    } else if error.is_code("QUERY_LIMIT_EXCEEDED") {
                        self.inner.limiter.mark_full();
                        tracing::warn!(
                            method,
                            "portal request limit reached; waiting for the bucket"
                        );
                    } else {
                        tokio::time::sleep(policy.backoff(limit_retries)).await;
                    }
                }
                Kind::Auth if !refreshed && is_expired_token(&error) => {
                    let Auth::OAuth(oauth) = &self.inner.auth else {
                        return Err(error);
                    };
                    refreshed = true;
                    self.refresh(oauth, generation).await?;
                }
                Kind::ServerFault | Kind::Network => {
                    if failure.maybe_executed && !repeatable {
                        return Err(error.into_outcome_unknown());
                    }
                    if fault_retries >= policy.fault_retries {
                        return Err(error);
                    }
                    fault_retries += 1;
                    tracing::warn!(method, error = %error, attempt = fault_retries, "retrying a failed read");
                    tokio::time::sleep(policy.backoff(fault_retries)).await;
                }
                _ => return Err(error),
            }
        }
    }

    /// The access token to send and the refresh generation it belongs to (OAuth only).
    async fn access(&self) -> (Option<SecretString>, u64) {
        match &self.inner.auth {
            Auth::Webhook(_) => (None, 0),
            Auth::OAuth(oauth) => {
                let tokens = oauth.state.read().await;
                (Some(tokens.access_token.clone()), oauth.generation())
            }
        }
    }

    async fn send(
        &self,
        method: &str,
        params: &Value,
        access: Option<&SecretString>,
    ) -> Result<Envelope, Failure> {
        let request = self.request(method, params, access)?;
        tracing::debug!(method, lane = ?self.lane, "calling the portal");
        let response = request
            .send()
            .await
            .map_err(|cause| transport_failure(method, cause))?;
        let status = response.status();
        if status.is_redirection() {
            let host = response
                .headers()
                .get(reqwest::header::LOCATION)
                .and_then(|location| location.to_str().ok())
                .and_then(|location| url::Url::parse(location).ok())
                .and_then(|location| location.host_str().map(str::to_owned))
                .unwrap_or_else(|| "another address".into());
            return Err(Failure::not_executed(
                Error::new(
                    Kind::Auth,
                    method,
                    format!("the portal moved to {host}; update the webhook URL"),
                )
                .with_status(status.as_u16()),
            ));
        }
        let body = response
            .bytes()
            .await
            .map_err(|cause| transport_failure(method, cause))?;
        envelope::parse(method, status.as_u16(), &body).map_err(|error| Failure {
            // A 5xx or an unreadable success may come after the portal did the work.
            maybe_executed: error.kind() == Kind::ServerFault,
            error,
        })
    }

    fn request(
        &self,
        method: &str,
        params: &Value,
        access: Option<&SecretString>,
    ) -> Result<reqwest::RequestBuilder, Failure> {
        let http = &self.inner.http;
        let oauth = match &self.inner.auth {
            Auth::Webhook(webhook) => {
                return Ok(http.post(webhook.method_url(method)).json(params));
            }
            Auth::OAuth(oauth) => oauth,
        };
        let url = oauth.endpoint.join(method).map_err(|_| {
            Failure::not_executed(Error::new(
                Kind::InvalidInput,
                method,
                "the method name does not fit in a URL",
            ))
        })?;
        let token = access.map(ExposeSecret::expose_secret).unwrap_or_default();
        Ok(match params {
            Value::Object(map) => {
                let mut body = map.clone();
                body.insert("auth".into(), Value::String(token.to_owned()));
                http.post(url).json(&body)
            }
            // Positional arguments are a JSON array, so the token rides in the query.
            _ => http.post(url).query(&[("auth", token)]).json(params),
        })
    }

    /// Refreshes the OAuth tokens once for everyone who saw them expire: a caller that waited
    /// for the lock while another refreshed finds a new generation and just retries.
    async fn refresh(&self, oauth: &OAuth, seen_generation: u64) -> Result<(), Error> {
        let _single_flight = oauth.refresh_lock.lock().await;
        if oauth.generation() != seen_generation {
            return Ok(());
        }
        const METHOD: &str = "oauth.token.refresh";
        let refresh_token = oauth.state.read().await.refresh_token.clone();
        let mut url = oauth.token_url.clone();
        url.query_pairs_mut()
            .append_pair("grant_type", "refresh_token")
            .append_pair("client_id", &oauth.client_id)
            .append_pair("client_secret", oauth.client_secret.expose_secret())
            .append_pair("refresh_token", refresh_token.expose_secret());
        let response = self.inner.http.get(url).send().await.map_err(|cause| {
            Error::new(
                Kind::Network,
                METHOD,
                "the OAuth server could not be reached",
            )
            .with_cause(cause.without_url())
        })?;
        let status = response.status().as_u16();
        let body: Value = response.json().await.map_err(|cause| {
            Error::new(
                Kind::Auth,
                METHOD,
                "the OAuth server answered with unreadable JSON",
            )
            .with_status(status)
            .with_cause(cause.without_url())
        })?;
        if let Some(code) = body.get("error") {
            let description = body
                .get("error_description")
                .map(envelope::scalar_text)
                .unwrap_or_default();
            let error = Error::portal(
                METHOD,
                Some(status),
                &envelope::scalar_text(code),
                &description,
            );
            // Whatever the OAuth server says, the old tokens no longer work.
            return Err(match error.kind() {
                Kind::Network | Kind::ServerFault => error,
                _ => Error::new(Kind::Auth, METHOD, error.to_string()).with_status(status),
            });
        }
        let token = |name: &str| {
            body.get(name)
                .and_then(Value::as_str)
                .filter(|token| !token.is_empty())
                .map(|token| SecretString::from(token.to_owned()))
                .ok_or_else(|| {
                    Error::new(
                        Kind::Auth,
                        METHOD,
                        format!("the OAuth answer has no {name}"),
                    )
                })
        };
        let tokens = Tokens {
            access_token: token("access_token")?,
            refresh_token: token("refresh_token")?,
        };
        {
            let mut state = oauth.state.write().await;
            *state = tokens.clone();
            oauth.generation.fetch_add(1, Ordering::AcqRel);
        }
        tracing::info!("OAuth tokens refreshed");
        (oauth.on_refresh)(&tokens);
        Ok(())
    }
}

fn is_expired_token(error: &Error) -> bool {
    error.is_code("expired_token") || error.is_code("invalid_token")
}

/// A transport failure, stripped of the URL (it holds the webhook secret). Only a failure to
/// connect proves the request never left.
fn transport_failure(method: &str, cause: reqwest::Error) -> Failure {
    let maybe_executed = !cause.is_connect();
    let description = if cause.is_timeout() {
        "the portal did not answer in time"
    } else if cause.is_connect() {
        "the portal could not be reached"
    } else {
        "the connection to the portal failed"
    };
    Failure {
        error: Error::new(Kind::Network, method, description).with_cause(cause.without_url()),
        maybe_executed,
    }
}

/// Decodes a `result` into a typed value; a shape we do not understand is the portal's fault.
pub(crate) fn decode<T: DeserializeOwned>(method: &str, result: Value) -> Result<T, Error> {
    serde_json::from_value(result).map_err(|cause| {
        Error::new(
            Kind::ServerFault,
            method,
            "the portal answered in an unexpected shape",
        )
        .with_cause(cause)
    })
}
