//! `b24bot sandbox`: a local Bitrix24-compatible portal, with the webhooks of its employees
//! printed on start.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Args, ValueEnum};

use crate::sandbox::limits::LimitSettings;
use crate::sandbox::server::{self, Options};
use crate::sandbox::store::Seed;

use super::stop::StopSignal;

#[derive(Debug, Args)]
pub struct SandboxArgs {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8024")]
    addr: SocketAddr,
    /// The data the portal starts with.
    #[arg(long, value_enum, default_value_t = SeedArg::Demo)]
    seed: SeedArg,
    /// Requests per second the rate limit drains.
    #[arg(long, default_value_t = 2.0)]
    rate: f64,
    /// Requests the rate limit holds before answering 503 QUERY_LIMIT_EXCEEDED.
    #[arg(long, default_value_t = 50)]
    burst: u32,
    /// Never refuse a call for the rate or operating-time limit.
    #[arg(long)]
    no_limits: bool,
    /// Seconds of operating time per method and webhook in 10 minutes before 429.
    #[arg(long, default_value_t = 480.0)]
    operating_limit: f64,
    /// Share of calls (0 to 1) that answer 500, 503 or slowly.
    #[arg(long, default_value_t = 0.0)]
    faults: f64,
    /// Seed for the fault generator, so the same calls fail on every run.
    #[arg(long)]
    rng_seed: Option<u64>,
    /// Load the portal from this JSON file and save every change to it.
    #[arg(long)]
    state: Option<PathBuf>,
    /// Serve HTTPS with a self-signed certificate (its PEM path is printed).
    #[arg(long)]
    tls: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum SeedArg {
    /// Realistic bilingual data: employees, CRM, tasks, calendar, drive.
    Demo,
    /// Only the admin.
    Empty,
}

impl SandboxArgs {
    /// The server's options, or the flag that is wrong and what it expects.
    fn options(&self) -> Result<Options, String> {
        if !(self.rate > 0.0 && self.rate.is_finite()) {
            return Err("--rate: expected a positive number of requests per second".into());
        }
        if !(0.0..=1.0).contains(&self.faults) {
            return Err("--faults: expected a share between 0 and 1".into());
        }
        let operating_limit = Duration::try_from_secs_f64(self.operating_limit)
            .map_err(|_| "--operating-limit: expected a number of seconds".to_owned())?;
        Ok(Options {
            addr: self.addr,
            seed: match self.seed {
                SeedArg::Demo => Seed::Demo,
                SeedArg::Empty => Seed::Empty,
            },
            limits: LimitSettings {
                rate: self.rate,
                burst: self.burst,
                operating_limit,
                enforced: !self.no_limits,
            },
            faults: self.faults,
            rng_seed: self.rng_seed,
            state: self.state.clone(),
            tls: self.tls,
        })
    }
}

/// Exit codes: 0 stopped by a signal, 1 the server could not run, 2 a flag is wrong.
pub async fn run(args: SandboxArgs) -> ExitCode {
    if let Err(error) = crate::logging::init("info") {
        eprintln!("{error}");
        return ExitCode::from(2);
    }
    let options = match args.options() {
        Ok(options) => options,
        Err(problem) => {
            eprintln!("{problem}");
            return ExitCode::from(2);
        }
    };
    match serve(options).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

async fn serve(options: Options) -> anyhow::Result<()> {
    // Listen for signals before printing: whoever reads the webhooks may stop us at once.
    let stop = StopSignal::listen()?;
    let sandbox = server::spawn(options).await?;
    println!("sandbox listening on {}", sandbox.base_url());
    if let Some(pem) = sandbox.certificate() {
        println!(
            "tls certificate={} (trust it with SSL_CERT_FILE or REQUESTS_CA_BUNDLE)",
            pem.display()
        );
    }
    for webhook in sandbox.webhooks() {
        println!("{webhook}");
    }
    stop.received().await;
    sandbox.shutdown().await
}
