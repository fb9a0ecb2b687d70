//! Parse time: `intent::parse` over commands and phrases in both languages, each timed alone.

use std::hint::black_box;
use std::time::{Duration, Instant};

use b24bot::intent::{self, Context};
use jiff::Timestamp;
use jiff::tz::TimeZone;

use crate::{Figure, print, setup};

/// What people write, in the proportions of the load run's mix plus free phrases.
pub const MESSAGES: &[&str] = &[
    "/deals",
    "/deal 4",
    "/tasks today",
    "/task 2",
    "/contact Mitchell",
    "/events tomorrow",
    "/who Emily",
    "/company North",
    "/leads",
    "/help",
    "my deals",
    "мои задачи на сегодня",
    "новая сделка Ромашка 120 тыс руб",
    "задача позвонить Ивану завтра в 15:00",
    "встреча с Ромашкой в пятницу в 11",
    "is Olivia free tomorrow at 3pm",
    "напиши Дмитрию: перезвони клиенту",
    "/task new Call Ivan tomorrow 15:00",
    "свободна ли Ольга завтра в 15",
    "something the bot does not know at all",
];

const ROUNDS: usize = 2_000;

pub fn run() -> bool {
    let context = Context {
        lang: None,
        now: Timestamp::now().to_zoned(TimeZone::UTC),
    };
    // The vocabularies load on first use; that is start-up, not parsing.
    intent::parse("/help", &context);
    let mut times: Vec<Duration> = Vec::with_capacity(ROUNDS * MESSAGES.len());
    for _ in 0..ROUNDS {
        for message in MESSAGES {
            let started = Instant::now();
            black_box(intent::parse(black_box(message), &context));
            times.push(started.elapsed());
        }
    }
    times.sort();
    let p50 = setup::quantile(&times, 0.5);
    let p99 = setup::quantile(&times, 0.99);
    let met = p50 <= Duration::from_micros(20);
    print(
        &format!("Parse ({} messages, {} of each)", MESSAGES.len(), ROUNDS),
        &[
            Figure::new(
                "parse p50",
                format!("{:.1} µs", micros(p50)),
                "≤ 20 µs",
                met,
            ),
            Figure::new(
                "parse p99",
                format!("{:.1} µs", micros(p99)),
                "(none)",
                true,
            ),
        ],
    );
    met
}

pub fn micros(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1e6
}
