//! `cargo bench --bench b24bot`: the figures of BENCHMARKS.md, each a ratio measured against its
//! own reference in the same run (requests per command, share of the portal's ceiling, wait above
//! the portal's own time), printed with its goal. The whole bot runs against the in-process
//! sandbox at the default limits; nothing is timed against a fixed clock.
//!
//! `cargo bench --bench b24bot -- [requests] [bulk] [load] [parse] [memory]` runs some parts;
//! `BENCH_SCALE=quick` shrinks the bulk read, the load run and the memory fill for a smoke run.

mod bulk;
mod load;
mod memory;
mod parse;
mod requests;
mod setup;

use std::process::ExitCode;

/// A figure and its goal, as one line of the report.
pub struct Figure {
    pub name: String,
    pub value: String,
    pub goal: String,
    pub met: bool,
}

impl Figure {
    pub fn new(
        name: impl Into<String>,
        value: impl Into<String>,
        goal: impl Into<String>,
        met: bool,
    ) -> Self {
        Self {
            name: name.into(),
            value: value.into(),
            goal: goal.into(),
            met,
        }
    }
}

pub fn print(section: &str, figures: &[Figure]) {
    println!("\n## {section}\n");
    println!("| figure | measured | goal | met |");
    println!("|---|---|---|---|");
    for figure in figures {
        let met = if figure.met { "yes" } else { "**no**" };
        println!(
            "| {} | {} | {} | {met} |",
            figure.name, figure.value, figure.goal
        );
    }
}

/// Full size unless `BENCH_SCALE=quick`.
pub fn quick() -> bool {
    std::env::var("BENCH_SCALE").is_ok_and(|scale| scale == "quick")
}

fn main() -> ExitCode {
    // `cargo bench` passes `--bench`; the rest name the parts to run.
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|arg| !arg.starts_with("--"))
        .collect();
    if args.first().map(String::as_str) == Some(memory::PROBE) {
        return memory::probe(&args[1..]);
    }
    let wanted = |part: &str| args.is_empty() || args.iter().any(|arg| arg == part);
    // As `b24bot run` builds its runtime.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .on_thread_start(b24bot::intent::warm_thread)
        .build()
        .expect("a tokio runtime");
    println!("# b24bot benchmarks\n");
    println!("machine: {}", setup::machine());
    let mut all_met = true;
    runtime.block_on(async {
        if wanted("requests") {
            all_met &= requests::run().await;
        }
        if wanted("parse") {
            all_met &= parse::run();
        }
        if wanted("bulk") {
            all_met &= bulk::run().await;
        }
        if wanted("load") {
            all_met &= load::run().await;
        }
        if wanted("memory") {
            all_met &= memory::run().await;
        }
    });
    if !all_met {
        println!("\nSome goals are not met (marked **no** above).");
    }
    ExitCode::SUCCESS
}
