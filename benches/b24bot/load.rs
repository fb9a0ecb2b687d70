//! Load: simulated users writing a realistic mix of commands through the console channel for two
//! minutes, each pausing between messages as people do, while the reminder scheduler scans
//! everyone's tasks on the same client's background lane every few seconds (far more often than
//! it does on its own, so the scans cannot miss the traffic). The bot keeps its state in a SQLite
//! file as `b24bot run` does.
//!
//! Per message: the wait above the portal's own time (time in `Bot::handle` minus the HTTP round
//! trips: the limiter's queue and the bot's own work) and the bot's own overhead (time in
//! `Bot::handle` minus the time in REST calls).

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use b24bot::b24::{Client, spent};
use b24bot::bot::Bot;
use b24bot::channels::console;
use b24bot::channels::courier::Courier;
use b24bot::reminders::{Pace, Scheduler, Wake};
use b24bot::reply::Reply;
use b24bot::sandbox::server::Options;
use b24bot::store::{ChannelUser, Store};
use jiff::Timestamp;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::{Figure, print, quick, setup};

/// What a user does, with its weight in the mix. Forms are two messages: the command, Confirm.
const MIX: &[(u32, Action)] = &[
    (15, Action::Say("/tasks")),
    (15, Action::Say("/deals")),
    (10, Action::Say("/deal 4")),
    (5, Action::Say("/task 2")),
    (10, Action::Say("/events")),
    (5, Action::Say("/contact Mitchell")),
    (5, Action::Say("/who Emily")),
    (5, Action::Say("/company North")),
    (5, Action::Say("/leads")),
    (10, Action::Say("/help")),
    (5, Action::Say("мои задачи на сегодня")),
    (5, Action::Say("/comment 2 checked under load")),
    (5, Action::NewCompany),
];

#[derive(Clone, Copy)]
enum Action {
    Say(&'static str),
    NewCompany,
}

/// A person's pause between two messages, in seconds (a message every two minutes on average).
const THINK: std::ops::Range<f64> = 45.0..195.0;

#[derive(Default)]
struct Samples {
    total: Vec<Duration>,
    waited: Vec<Duration>,
    overhead: Vec<Duration>,
    requests: u64,
}

/// How often the reminder scan runs during the load.
const SCAN_EVERY: Duration = Duration::from_secs(5);

pub async fn run() -> bool {
    let (users, length) = if quick() {
        (50, Duration::from_secs(30))
    } else {
        (200, Duration::from_secs(120))
    };
    let sandbox = setup::sandbox(Options::default()).await;
    // The database `b24bot run` keeps: a file in WAL mode with its pool of connections. The
    // in-memory store (tests, the demo) has a single connection, which would queue every user
    // behind the reminder scan's reads.
    let dir = tempfile::tempdir().expect("a temporary directory");
    let url = format!("sqlite://{}", dir.path().join("b24bot.db").display());
    let store = Store::open(&url).await.expect("a store");
    let portal = setup::portal(&sandbox);
    let bot = Arc::new(setup::bot(store.clone(), portal.clone()).await);
    let mut people = Vec::with_capacity(users);
    for index in 0..users {
        let employee = setup::EMPLOYEES[index % setup::EMPLOYEES.len()];
        people.push(setup::link(&store, &format!("load-{index}"), employee).await);
    }
    setup::requests(&sandbox).await;
    let scans = tokio::spawn(reminder_scans(portal.clone(), store.clone()));
    let samples = Arc::new(Mutex::new(Samples::default()));
    let until = Instant::now() + length;
    let tasks: Vec<_> = people
        .into_iter()
        .enumerate()
        .map(|(index, user)| {
            let (bot, samples) = (bot.clone(), samples.clone());
            tokio::spawn(async move { person(&bot, &user, index as u64, until, &samples).await })
        })
        .collect();
    for task in tasks {
        task.await.expect("a simulated user finished");
    }
    scans.abort();
    let refused = setup::refused(&setup::requests(&sandbox).await);
    let mut samples = Arc::try_unwrap(samples)
        .ok()
        .expect("every user is done")
        .into_inner()
        .expect("no user panicked");
    for list in [
        &mut samples.total,
        &mut samples.waited,
        &mut samples.overhead,
    ] {
        list.sort();
    }
    let ms = |d: Duration| format!("{:.3} ms", d.as_secs_f64() * 1e3);
    let waited = setup::quantile(&samples.waited, 0.99);
    let overhead = setup::quantile(&samples.overhead, 0.99);
    let figures = [
        Figure::new(
            "messages answered (requests)",
            format!("{} ({})", samples.total.len(), samples.requests),
            "(none)",
            true,
        ),
        Figure::new("503 answers", refused.to_string(), "0", refused == 0),
        Figure::new(
            "wait above the portal's own time, p99",
            ms(waited),
            "≤ 1 s",
            waited <= Duration::from_secs(1),
        ),
        Figure::new(
            "bot's own overhead per message, p50",
            ms(setup::quantile(&samples.overhead, 0.5)),
            "(none)",
            true,
        ),
        Figure::new(
            "bot's own overhead per message, p99",
            ms(overhead),
            "≤ 1 ms",
            overhead <= Duration::from_millis(1),
        ),
        Figure::new(
            "time in Bot::handle, p99",
            ms(setup::quantile(&samples.total, 0.99)),
            "(none)",
            true,
        ),
    ];
    print(
        &format!(
            "Load ({users} users, {} s, console channel)",
            length.as_secs()
        ),
        &figures,
    );
    figures.iter().all(|figure| figure.met)
}

async fn person(
    bot: &Bot,
    user: &ChannelUser,
    index: u64,
    until: Instant,
    samples: &Mutex<Samples>,
) {
    let mut rng = StdRng::seed_from_u64(index);
    let total: u32 = MIX.iter().map(|(weight, _)| weight).sum();
    let mut pause = Duration::from_secs_f64(rng.random_range(0.0..THINK.end));
    let mut sent = 0;
    while Instant::now() + pause < until {
        tokio::time::sleep(pause).await;
        let mut pick = rng.random_range(0..total);
        let action = MIX
            .iter()
            .find(|(weight, _)| {
                let here = pick < *weight;
                pick = pick.saturating_sub(*weight);
                here
            })
            .map(|(_, action)| *action)
            .expect("the pick falls within the weights");
        match action {
            Action::Say(text) => {
                timed(bot, setup::text(user, text), samples).await;
            }
            Action::NewCompany => {
                let title = format!("/company new Load {index}-{sent}");
                let preview = timed(bot, setup::text(user, &title), samples).await;
                if let Some(confirm) = setup::press(user, &preview, "Confirm") {
                    timed(bot, confirm, samples).await;
                }
            }
        }
        sent += 1;
        pause = Duration::from_secs_f64(rng.random_range(THINK));
    }
}

async fn timed(bot: &Bot, inbound: b24bot::bot::Inbound, samples: &Mutex<Samples>) -> Vec<Reply> {
    let started = Instant::now();
    let (replies, spent) = spent::measured(bot.handle(&inbound, Timestamp::now())).await;
    let total = started.elapsed();
    let mut samples = samples.lock().expect("no user panicked");
    samples.total.push(total);
    samples.waited.push(total.saturating_sub(spent.on_the_wire));
    samples.overhead.push(total.saturating_sub(spent.in_client));
    samples.requests += u64::from(spent.requests);
    replies
}

/// The reminder scheduler's scans, over and over, pushing into a console courier whose pushes
/// are dropped.
async fn reminder_scans(portal: Client, store: Store) {
    let (courier, mut pushed) = console::courier();
    let couriers: Vec<Arc<dyn Courier>> = vec![Arc::new(courier)];
    let scheduler = Scheduler::start(
        store,
        &portal,
        couriers,
        setup::defaults(),
        Wake::default(),
        Pace::DEFAULT,
        Timestamp::now(),
    )
    .await
    .expect("the scheduler starts");
    tokio::spawn(async move { while pushed.recv().await.is_some() {} });
    loop {
        if let Err(error) = scheduler.tick().await {
            eprintln!("a reminder scan failed: {error}");
        }
        tokio::time::sleep(SCAN_EVERY).await;
    }
}
