use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use b24bot::sandbox::limits::LimitSettings;
use b24bot::sandbox::server::{self, Options};
use b24bot::sandbox::store::Seed;
use clap::{Args, Parser, Subcommand, ValueEnum};

/// b24bot: work with a Bitrix24 portal from chat.
#[derive(Parser)]
#[command(name = "b24bot", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run a local Bitrix24-compatible portal and print its webhooks.
    Sandbox(SandboxArgs),
}

#[derive(Args)]
struct SandboxArgs {
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

#[derive(Clone, Copy, ValueEnum)]
enum SeedArg {
    /// Realistic bilingual data: employees, CRM, tasks, calendar, drive.
    Demo,
    /// Only the admin.
    Empty,
}

impl SandboxArgs {
    fn options(&self) -> anyhow::Result<Options> {
        anyhow::ensure!(
            self.rate > 0.0 && self.rate.is_finite(),
            "--rate must be a positive number"
        );
        anyhow::ensure!(
            (0.0..=1.0).contains(&self.faults),
            "--faults must be between 0 and 1"
        );
        let operating_limit = Duration::try_from_secs_f64(self.operating_limit)
            .map_err(|_| anyhow::anyhow!("--operating-limit must be a number of seconds"))?;
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

fn main() -> ExitCode {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("the tokio runtime starts");
    let outcome = runtime.block_on(async move {
        match cli.command {
            Command::Sandbox(args) => run_sandbox(args).await,
        }
    });
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run_sandbox(args: SandboxArgs) -> anyhow::Result<()> {
    let options = args.options()?;
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

/// Ctrl-C or, on Unix, SIGTERM (what service managers and `docker stop` send).
struct StopSignal {
    #[cfg(unix)]
    interrupt: tokio::signal::unix::Signal,
    #[cfg(unix)]
    terminate: tokio::signal::unix::Signal,
}

impl StopSignal {
    #[cfg(unix)]
    fn listen() -> anyhow::Result<Self> {
        use tokio::signal::unix::{SignalKind, signal};
        Ok(Self {
            interrupt: signal(SignalKind::interrupt())?,
            terminate: signal(SignalKind::terminate())?,
        })
    }

    #[cfg(not(unix))]
    fn listen() -> anyhow::Result<Self> {
        Ok(Self {})
    }

    #[cfg(unix)]
    async fn received(mut self) {
        tokio::select! {
            _ = self.interrupt.recv() => {}
            _ = self.terminate.recv() => {}
        }
    }

    #[cfg(not(unix))]
    async fn received(self) {
        let _ = tokio::signal::ctrl_c().await;
    }
}
