//! `b24bot health`: asks the running bot's `/healthz` on `HTTP_ADDR` and exits 0 when it
//! answers 200, 1 otherwise. The container image's `HEALTHCHECK`, which has no shell or curl.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::process::ExitCode;
use std::time::Duration;

use crate::config;

/// Docker's health check gives up after its own timeout; answering sooner keeps the log clear.
const TIMEOUT: Duration = Duration::from_secs(3);

pub async fn run() -> ExitCode {
    let addr = match config::load_dotenv().and_then(|()| config::http_addr(&config::Environment)) {
        Ok(addr) => addr,
        Err(error) => {
            eprintln!("{error}");
            return ExitCode::from(2);
        }
    };
    let url = format!("http://{}/healthz", reachable(addr));
    let answer = reqwest::Client::builder()
        .timeout(TIMEOUT)
        .build()
        .map(|http| http.get(&url).send());
    let status = match answer {
        Ok(request) => request.await.map(|response| response.status()),
        Err(error) => Err(error),
    };
    match status {
        Ok(status) if status.is_success() => ExitCode::SUCCESS,
        Ok(status) => {
            eprintln!("{url} answered {status}");
            ExitCode::FAILURE
        }
        Err(error) => {
            eprintln!("{url} did not answer: {}", error.without_url());
            ExitCode::FAILURE
        }
    }
}

/// A server listening on every address (`0.0.0.0`) is reached on loopback.
fn reachable(addr: SocketAddr) -> SocketAddr {
    let ip = match addr.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    SocketAddr::new(ip, addr.port())
}
