//! `b24bot parse [--lang auto|en|ru] [--tz ZONE] [--now RFC3339] TEXT...`: what the bot
//! understands of a message, as one line of JSON (the contract of shared/intents.md).

use std::process::ExitCode;

use clap::Args;
use jiff::tz::TimeZone;
use jiff::{Timestamp, Zoned};

use crate::intent::{self, Context, Lang};

#[derive(Debug, Args)]
pub struct ParseArgs {
    /// The message's language: auto (Cyrillic means ru), en or ru
    #[arg(long, default_value = "auto")]
    pub lang: String,
    /// The user's time zone (IANA name)
    #[arg(long, default_value = "UTC")]
    pub tz: String,
    /// The current moment, RFC 3339 (default: now)
    #[arg(long)]
    pub now: Option<String>,
    /// The message
    #[arg(required = true, num_args = 1.., allow_hyphen_values = true)]
    pub text: Vec<String>,
}

pub fn run(args: ParseArgs) -> ExitCode {
    let lang = match args.lang.as_str() {
        "auto" => None,
        other => match other.parse::<Lang>() {
            Ok(lang) => Some(lang),
            Err(_) => return usage("--lang", "expected auto, en or ru"),
        },
    };
    let Ok(zone) = TimeZone::get(&args.tz) else {
        return usage("--tz", "expected an IANA time zone such as Europe/Moscow");
    };
    let now = match args.now.as_deref() {
        None => Zoned::now().with_time_zone(zone),
        Some(text) => match moment(text, zone) {
            Some(now) => now,
            None => return usage("--now", "expected RFC 3339, e.g. 2026-03-02T10:00:00+03:00"),
        },
    };
    let parsed = intent::parse(&args.text.join(" "), &Context { lang, now });
    println!("{}", parsed.to_json());
    ExitCode::SUCCESS
}

/// An instant with an offset, or a wall-clock time in the given zone.
fn moment(text: &str, zone: TimeZone) -> Option<Zoned> {
    match text.parse::<Timestamp>() {
        Ok(instant) => Some(instant.to_zoned(zone)),
        Err(_) => text
            .parse::<jiff::civil::DateTime>()
            .ok()
            .and_then(|civil| civil.to_zoned(zone).ok()),
    }
}

fn usage(option: &str, problem: &str) -> ExitCode {
    eprintln!("{option}: {problem}");
    ExitCode::from(2)
}
