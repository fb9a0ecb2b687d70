//! Memory: the resident size of a process holding the bot (core, store, client) idle, and with
//! 10 000 linked users and 1 000 open forms. The process is this benchmark started again as a
//! probe, so the sandbox it talks to (in this process) is not counted.

use std::process::{Command, ExitCode};

use b24bot::b24::Limits;
use b24bot::sandbox::server::Options;
use b24bot::store::Store;
use jiff::Timestamp;

use crate::{Figure, print, quick, setup};

/// The argument that makes the benchmark a probe: `memory-probe <webhook> <sqlite file> <links> <forms>`.
pub const PROBE: &str = "memory-probe";

pub async fn run() -> bool {
    let (links, forms) = if quick() {
        (1_000, 100)
    } else {
        (10_000, 1_000)
    };
    let sandbox = setup::sandbox(Options::default()).await;
    let webhook = sandbox.webhook(1).expect("the administrator").url.clone();
    let directory = tempfile::tempdir().expect("a temporary directory");
    let database = directory.path().join("memory.db");
    let probe = tokio::task::spawn_blocking(move || {
        Command::new(std::env::current_exe().expect("the benchmark's path"))
            .args([PROBE, &webhook, &database.display().to_string()])
            .args([links.to_string(), forms.to_string()])
            .output()
            .expect("the probe runs")
    })
    .await
    .expect("the probe finished");
    let stdout = String::from_utf8_lossy(&probe.stdout);
    let sizes: Vec<u64> = stdout
        .split_whitespace()
        .filter_map(|word| word.parse().ok())
        .collect();
    let [idle, loaded] = sizes[..] else {
        panic!(
            "the probe answered {stdout:?}: {}",
            String::from_utf8_lossy(&probe.stderr)
        );
    };
    let mb = |kb: u64| format!("{:.1} MB", kb as f64 / 1024.0);
    let figures = [
        Figure::new(
            "resident size, idle",
            mb(idle),
            "≤ 30 MB",
            idle <= 30 * 1024,
        ),
        Figure::new(
            format!("resident size, {links} links and {forms} open forms"),
            mb(loaded),
            "≤ 100 MB",
            loaded <= 100 * 1024,
        ),
    ];
    print("Memory (VmRSS of a process holding the bot)", &figures);
    figures.iter().all(|figure| figure.met)
}

/// The probe: prints the resident size in kB idle, then after the links and forms.
pub fn probe(args: &[String]) -> ExitCode {
    let [webhook, database, links, forms] = args else {
        eprintln!("usage: {PROBE} WEBHOOK SQLITE_FILE LINKS FORMS");
        return ExitCode::from(2);
    };
    let (Ok(links), Ok(forms)) = (links.parse::<usize>(), forms.parse::<usize>()) else {
        eprintln!("LINKS and FORMS are numbers");
        return ExitCode::from(2);
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    runtime.block_on(async {
        let store = Store::open(&format!("sqlite://{database}"))
            .await
            .expect("the store opens");
        let bot = setup::bot(store.clone(), setup::client(webhook, Limits::STANDARD)).await;
        println!("{}", resident_kb());
        let mut users = Vec::with_capacity(links);
        for index in 0..links {
            let employee = setup::EMPLOYEES[index % setup::EMPLOYEES.len()];
            users.push(setup::link(&store, &format!("memory-{index}"), employee).await);
        }
        for (index, user) in users.iter().take(forms).enumerate() {
            let replies = bot
                .handle(
                    &setup::text(user, &format!("/company new Memory {index}")),
                    Timestamp::now(),
                )
                .await;
            assert!(
                setup::press(user, &replies, "Confirm").is_some(),
                "the form shows its preview"
            );
        }
        println!("{}", resident_kb());
    });
    ExitCode::SUCCESS
}

/// `VmRSS` of this process, in kB.
fn resident_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .expect("/proc/self/status (Linux) is readable")
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmRSS in kB")
}
