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
enum Command {}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("the tokio runtime starts");
    runtime.block_on(async move { match cli.command {} })
}
