use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// b24bot: work with a Bitrix24 portal from chat.
#[derive(Parser)]
#[command(name = "b24bot", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Chat with the bot in the terminal against a local demo portal.
    Demo(b24bot::cli::demo::DemoArgs),
    /// Call one Bitrix24 REST method and print its result as JSON.
    Call(b24bot::cli::call::CallArgs),
    /// Check a deployment's settings, portal webhook, Telegram token and database, and say
    /// what to fix.
    Check,
    /// Ask the running bot's /healthz on HTTP_ADDR; exit 0 when it is alive.
    Health,
    /// Show what the bot understands of a message, as JSON.
    Parse(b24bot::cli::parse::ParseArgs),
    /// Answer people through Telegram (TELEGRAM_BOT_TOKEN) with the portal's webhook
    /// (BITRIX24_WEBHOOK_URL), until SIGTERM or Ctrl-C.
    Run,
    /// Run a local Bitrix24-compatible portal and print its webhooks.
    Sandbox(b24bot::cli::sandbox::SandboxArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .on_thread_start(b24bot::intent::warm_thread)
        .build()
        .expect("the tokio runtime starts");
    runtime.block_on(async move {
        match cli.command {
            Command::Call(args) => b24bot::cli::call::run(args).await,
            Command::Check => b24bot::cli::check::run().await,
            Command::Health => b24bot::cli::health::run().await,
            Command::Demo(args) => b24bot::cli::demo::run(args).await,
            Command::Parse(args) => b24bot::cli::parse::run(args),
            Command::Run => b24bot::cli::run::run().await,
            Command::Sandbox(args) => b24bot::cli::sandbox::run(args).await,
        }
    })
}
