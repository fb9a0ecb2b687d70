//! The sandbox's HTTP server: webhook routes `/rest/{user_id}/{secret}/{method}[.json][/]`, file
//! download and upload, the inspection API, and the in-process handle tests start it with.
//!
//! A REST call goes: leaky bucket → injected fault → parameters → method lookup → webhook
//! credentials → scope → operating time → method → envelope. Lookup precedes credentials and scope
//! as on a portal, so an unknown method is 404 whoever asks (§2.3).

mod dispatch;
mod envelope;
mod files;
mod php_json;
mod request;
mod state_file;
mod tls;

use std::fmt;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use anyhow::Context;
use axum::Router;
use axum::extract::{DefaultBodyLimit, Path as UrlPath, Request, State};
use axum::response::Response;
use axum::routing::{any, get, post};
use jiff::tz::TimeZone;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use self::dispatch::{Command, Target};
use self::envelope::Timing;
use self::state_file::StateFile;
use super::clock::PortalClock;
use super::error::ApiError;
use super::inspect::{self, RequestLog, RequestRecord};
use super::limits::{Fault, Faults, LimitSettings, Limits};
use super::methods::Output;
use super::store::{PortalData, Seed, Webhook};

/// How a sandbox is started; `Default` is an in-process sandbox on a free loopback port.
#[derive(Debug, Clone)]
pub struct Options {
    pub addr: SocketAddr,
    pub seed: Seed,
    pub limits: LimitSettings,
    /// The share of REST calls that fail or answer slowly (`--faults`), 0 to 1.
    pub faults: f64,
    /// Seeds the fault generator so the same calls fail on every run (`--rng-seed`).
    pub rng_seed: Option<u64>,
    /// Loads the portal from this JSON file and saves it there (`--state`).
    pub state: Option<PathBuf>,
    /// Serves HTTPS with a self-signed certificate (`--tls`).
    pub tls: bool,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            seed: Seed::Demo,
            limits: LimitSettings::default(),
            faults: 0.0,
            rng_seed: None,
            state: None,
            tls: false,
        }
    }
}

/// An employee's webhook as the sandbox prints it on start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SandboxWebhook {
    pub user_id: u64,
    pub name: String,
    /// `{base}/rest/{user_id}/{secret}/`: append a method name to call it.
    pub url: String,
    pub scopes: Vec<String>,
    /// The extra webhook that lacks some scopes, for the missing-scope paths.
    pub restricted: bool,
    /// `false` for a former employee: calls through the webhook fail with `authorization_error`.
    pub active: bool,
}

impl fmt::Display for SandboxWebhook {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // A former employee's webhook works no more: its line must not read as one that does to
        // a script that collects the `webhook …` lines.
        let kind = if self.active {
            "webhook"
        } else {
            "deactivated"
        };
        write!(f, "{kind} user={} name=\"{}\" ", self.user_id, self.name)?;
        if self.restricted {
            write!(f, "scopes={} ", self.scopes.join(","))?;
        }
        write!(f, "url={}", self.url)
    }
}

/// A running sandbox. Dropping it stops the server; [`Sandbox::shutdown`] stops it gracefully.
pub struct Sandbox {
    portal: Arc<Portal>,
    base_url: String,
    webhooks: Vec<SandboxWebhook>,
    certificate: Option<PathBuf>,
    shutdown: Option<oneshot::Sender<()>>,
    server: JoinHandle<std::io::Result<()>>,
}

impl Sandbox {
    /// `http://127.0.0.1:{port}` (or `https://…`), without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    pub fn webhooks(&self) -> &[SandboxWebhook] {
        &self.webhooks
    }

    /// The full-scope webhook of an employee.
    pub fn webhook(&self, user_id: u64) -> Option<&SandboxWebhook> {
        self.webhooks
            .iter()
            .find(|hook| hook.user_id == user_id && !hook.restricted)
    }

    /// The webhook without some scopes.
    pub fn restricted_webhook(&self) -> Option<&SandboxWebhook> {
        self.webhooks.iter().find(|hook| hook.restricted)
    }

    /// Changes the portal's data in process, e.g. `data.add_bulk_deals(10_000, now)` for a
    /// list-all test; `now` is the portal clock's. Saved to `--state` like a REST call's change.
    pub fn with_data<R>(&self, change: impl FnOnce(&mut PortalData, jiff::Timestamp) -> R) -> R {
        let mut data = self.portal.data();
        let answer = change(&mut data, self.portal.clock.now());
        self.portal.persist(&data);
        answer
    }

    /// The PEM file of the self-signed certificate, when serving HTTPS.
    pub fn certificate(&self) -> Option<&Path> {
        self.certificate.as_deref()
    }

    /// Stops accepting calls and waits for the ones in flight (at most a few seconds).
    pub async fn shutdown(mut self) -> anyhow::Result<()> {
        if let Some(signal) = self.shutdown.take() {
            let _ = signal.send(());
        }
        match tokio::time::timeout(Duration::from_secs(5), &mut self.server).await {
            Ok(finished) => finished
                .context("the sandbox server task failed")?
                .context("the sandbox server failed"),
            Err(_) => {
                self.server.abort();
                Ok(())
            }
        }
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        if let Some(signal) = self.shutdown.take() {
            let _ = signal.send(());
        }
        self.server.abort();
        if let Some(pem) = &self.certificate {
            let _ = std::fs::remove_file(pem);
        }
    }
}

/// Starts a sandbox and answers once it accepts connections.
pub async fn spawn(options: Options) -> anyhow::Result<Sandbox> {
    let clock = PortalClock::default();
    let (state_file, data) = match &options.state {
        Some(path) => {
            let (file, data) = StateFile::open(path, options.seed, clock.now())?;
            (Some(file), data)
        }
        None => (None, PortalData::seeded(options.seed, clock.now())),
    };
    let zone = portal_zone(&data)?;
    let listener = TcpListener::bind(options.addr)
        .await
        .with_context(|| format!("listening on {}", options.addr))?;
    let addr = listener.local_addr().context("reading the bound address")?;
    let certificate = if options.tls {
        let pem = std::env::temp_dir().join(format!("b24bot-sandbox-{}.pem", addr.port()));
        Some(tls::Certificate::generate(&pem)?)
    } else {
        None
    };
    let scheme = if options.tls { "https" } else { "http" };
    let base_url = format!("{scheme}://{}", reachable(addr));
    let webhooks = data
        .webhooks()
        .into_iter()
        .map(|hook| SandboxWebhook {
            url: format!("{base_url}/rest/{}/{}/", hook.user_id, hook.secret),
            user_id: hook.user_id,
            name: hook.name,
            scopes: hook.scopes,
            restricted: hook.restricted,
            active: data.is_active_user(hook.user_id),
        })
        .collect();
    let portal = Arc::new(Portal {
        data: Mutex::new(data),
        zone: Mutex::new(zone),
        seed: options.seed,
        clock,
        limits: Limits::new(options.limits),
        faults: Faults::new(options.faults, options.rng_seed),
        requests: RequestLog::default(),
        state_file,
        base_url: base_url.clone(),
    });
    let app = router(Arc::clone(&portal));
    let (shutdown, stopped) = oneshot::channel::<()>();
    let signal = async move {
        let _ = stopped.await;
    };
    let server = match &certificate {
        Some(certificate) => {
            let listener = certificate
                .listen(listener)
                .context("starting the TLS listener")?;
            tokio::spawn(
                axum::serve(listener, app)
                    .with_graceful_shutdown(signal)
                    .into_future(),
            )
        }
        None => tokio::spawn(
            axum::serve(listener, app)
                .with_graceful_shutdown(signal)
                .into_future(),
        ),
    };
    Ok(Sandbox {
        portal,
        base_url,
        webhooks,
        certificate: certificate.map(|certificate| certificate.pem_path),
        shutdown: Some(shutdown),
        server,
    })
}

/// The address clients use: a sandbox bound to every interface (`0.0.0.0:8024`) is reached on
/// loopback, where its certificate is valid too.
fn reachable(mut addr: SocketAddr) -> SocketAddr {
    if addr.ip().is_unspecified() {
        addr.set_ip(if addr.is_ipv4() {
            std::net::Ipv4Addr::LOCALHOST.into()
        } else {
            std::net::Ipv6Addr::LOCALHOST.into()
        });
    }
    addr
}

fn portal_zone(data: &PortalData) -> anyhow::Result<TimeZone> {
    TimeZone::get(data.time_zone())
        .with_context(|| format!("the portal's time zone {:?} is unknown", data.time_zone()))
}

/// The state every request handler shares.
pub(crate) struct Portal {
    data: Mutex<PortalData>,
    zone: Mutex<TimeZone>,
    seed: Seed,
    clock: PortalClock,
    limits: Limits,
    faults: Faults,
    requests: RequestLog,
    state_file: Option<StateFile>,
    base_url: String,
}

impl Portal {
    /// The portal's data. Every method runs under this lock, so a call sees no other half done.
    pub(crate) fn data(&self) -> MutexGuard<'_, PortalData> {
        // A method that panicked left at most its own record half-written; the portal goes on.
        self.data.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub(crate) fn clock(&self) -> &PortalClock {
        &self.clock
    }

    pub(crate) fn requests(&self) -> &RequestLog {
        &self.requests
    }

    /// Back to the seed: fresh data dated from the portal clock's now, and limits forgotten. The
    /// request log and the clock stay, so a test can still read what happened before.
    pub(crate) fn reset(&self) -> anyhow::Result<()> {
        let data = PortalData::seeded(self.seed, self.clock.now());
        let zone = portal_zone(&data)?;
        let mut current = self.data();
        *current = data;
        *self.zone.lock().unwrap_or_else(PoisonError::into_inner) = zone;
        self.persist(&current);
        drop(current);
        self.limits.reset();
        Ok(())
    }

    fn zone(&self) -> TimeZone {
        self.zone
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Saves the data when `--state` asks for it. A failed save is logged, not answered: the call
    /// itself succeeded, and the next one retries the save.
    fn persist(&self, data: &PortalData) {
        let Some(file) = &self.state_file else { return };
        if let Err(error) = file.save_if_changed(data) {
            tracing::error!(
                error = format!("{error:#}"),
                "the portal state was not saved"
            );
        }
    }

    /// Answers one REST call, or the error it failed with.
    async fn answer(
        &self,
        user_id: Option<u64>,
        secret: &str,
        method: &str,
        request: Request,
        received: jiff::Timestamp,
    ) -> Result<Answered, ApiError> {
        self.limits.admit_request()?;
        if let Some(fault) = self.faults.draw() {
            if let Some(error) = fault.error() {
                return Err(error);
            }
            if let Fault::Slow(delay) = fault {
                tokio::time::sleep(delay).await;
            }
        }
        let params = request::read_params(request).await;
        let target = Target::find(method)?;
        let mut data = self.data();
        let webhook = authenticate(&data, user_id, secret)?;
        let started = Instant::now();
        let (outcome, wrote) = match target {
            Target::Batch => {
                let batch = self.run_batch(&mut data, &webhook, &params);
                let wrote = batch
                    .methods
                    .iter()
                    .any(|name| Command::find(name).is_ok_and(Command::writes));
                let output = Output {
                    result: batch.result,
                    total: None,
                    next: None,
                };
                (
                    Ok((output, started.elapsed(), None, Some(batch.methods))),
                    wrote,
                )
            }
            Target::Single(command) => (
                self.run(&mut data, &webhook, command, &params)
                    .map(|ran| (ran.output, ran.processing, Some(ran.operating), None)),
                command.writes(),
            ),
        };
        if wrote {
            self.persist(&data);
        }
        drop(data);
        let (output, processing, operating, commands) = outcome?;
        let time = Timing {
            start: received,
            finish: self.clock.now(),
            processing,
            operating,
        };
        Ok(Answered {
            response: envelope::success(output, time.to_json(&self.zone())),
            commands,
        })
    }
}

struct Answered {
    response: Response,
    commands: Option<Vec<String>>,
}

fn authenticate(
    data: &PortalData,
    user_id: Option<u64>,
    secret: &str,
) -> Result<Webhook, ApiError> {
    let webhook = user_id
        .and_then(|id| {
            data.webhooks()
                .into_iter()
                .find(|hook| hook.user_id == id && hook.secret == secret)
        })
        .ok_or_else(|| ApiError::new(401, "INVALID_CREDENTIALS", "Invalid request credentials"))?;
    if !data.is_active_user(webhook.user_id) {
        return Err(ApiError::new(
            401,
            "authorization_error",
            "Unable to authorize user",
        ));
    }
    Ok(webhook)
}

fn router(portal: Arc<Portal>) -> Router {
    Router::new()
        .route("/rest/download.json", get(files::download))
        .route("/rest/upload.json", post(files::upload))
        .route("/rest/{method}", any(without_webhook))
        .route("/rest/{user_id}/{secret}/{method}", any(rest))
        .route("/rest/{user_id}/{secret}/{method}/", any(rest))
        .merge(inspect::routes())
        .fallback(unknown_path)
        .layer(DefaultBodyLimit::max(request::MAX_BODY))
        .with_state(portal)
}

async fn rest(
    State(portal): State<Arc<Portal>>,
    UrlPath((user, secret, method)): UrlPath<(String, String, String)>,
    request: Request,
) -> Response {
    let received = portal.clock.now();
    let method = method.strip_suffix(".json").unwrap_or(&method);
    let user_id = user.parse().ok();
    let (response, error, commands) = match portal
        .answer(user_id, &secret, method, request, received)
        .await
    {
        Ok(answered) => (answered.response, None, answered.commands),
        Err(error) => (envelope::failure(&error), Some(error.code), None),
    };
    portal.requests.record(RequestRecord {
        method: method.to_owned(),
        user_id,
        status: response.status().as_u16(),
        error,
        commands,
        time: received,
    });
    response
}

/// The sandbox has webhooks only; a call without one is what a portal answers to missing auth.
async fn without_webhook() -> Response {
    envelope::failure(&ApiError::new(
        401,
        "NO_AUTH_FOUND",
        "Wrong authorization data",
    ))
}

async fn unknown_path() -> Response {
    envelope::failure(&ApiError::method_not_found())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_of_a_sandbox_on_every_interface_use_loopback() {
        let any: SocketAddr = "0.0.0.0:8024".parse().unwrap();
        assert_eq!(reachable(any).to_string(), "127.0.0.1:8024");
        let any6: SocketAddr = "[::]:8024".parse().unwrap();
        assert_eq!(reachable(any6).to_string(), "[::1]:8024");
        let lan: SocketAddr = "192.168.1.5:8024".parse().unwrap();
        assert_eq!(reachable(lan), lan);
    }

    #[test]
    fn start_up_line_has_the_issue_format() {
        let mut hook = SandboxWebhook {
            user_id: 3,
            name: "Vera Ivanova".into(),
            url: "http://127.0.0.1:8024/rest/3/abc/".into(),
            scopes: vec!["crm".into(), "user".into()],
            restricted: false,
            active: true,
        };
        assert_eq!(
            hook.to_string(),
            "webhook user=3 name=\"Vera Ivanova\" url=http://127.0.0.1:8024/rest/3/abc/"
        );
        hook.restricted = true;
        assert_eq!(
            hook.to_string(),
            "webhook user=3 name=\"Vera Ivanova\" scopes=crm,user url=http://127.0.0.1:8024/rest/3/abc/"
        );
        hook.restricted = false;
        hook.active = false;
        assert_eq!(
            hook.to_string(),
            "deactivated user=3 name=\"Vera Ivanova\" url=http://127.0.0.1:8024/rest/3/abc/"
        );
    }
}
