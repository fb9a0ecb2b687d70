//! REST requests per command, for every command of README.md's table, counted by the sandbox.
//! The caches a running bot keeps warm (the employee's profile, the stage names, the directory
//! of colleagues) are filled first, so each figure is what the command costs in steady use.

use b24bot::reply::{Reply, plain};
use b24bot::sandbox::server::Options;
use b24bot::store::Store;
use jiff::Timestamp;

use crate::{Figure, print, setup};

/// One thing the user does: write a line, or press the button with this label.
enum Step {
    Say(&'static str),
    Press(&'static str),
}

use Step::{Press, Say};

/// Each command with one example, as README.md lists them; forms run to Confirm.
const COMMANDS: &[&[Step]] = &[
    &[Say("/help")],
    &[Say("/help tasks")],
    &[Say("/deals")],
    &[Say("/deals won")],
    &[Say("/deal 4")],
    &[Say("/deal move 4 won")],
    &[Say("/deal move 4"), Press("In progress")],
    &[Say("/deal new Acme 50000"), Say("/skip"), Press("Confirm")],
    &[Say("/contact Mitchell")],
    &[Say("/contact +1 415 555 0199")],
    &[Say("/contact laura.mitchell@northwind.example")],
    &[Say("/contact 2")],
    &[
        Say("/contact new Anna Schmidt +49 170 1234567"),
        Say("/skip"),
        Press("Confirm"),
    ],
    &[Say("/tasks")],
    &[Say("/tasks today")],
    &[Say("/tasks overdue")],
    &[Say("/task 2")],
    &[
        Say("/task new Call Ivan tomorrow 15:00"),
        Say("/skip"),
        Press("Confirm"),
    ],
    &[Say("/done 2")],
    &[Say("/reopen 2")],
    &[Say("/comment 2 waiting for the client")],
    &[Say("/check 2 Send the draft")],
    &[Say("/tick 2 1")],
    &[Say("/later 2 1h")],
    &[Say("/delegate 2 Olivia")],
    &[Say("/company North")],
    &[Say("/company 2")],
    &[Say("/company new Zeta Corp"), Press("Confirm")],
    &[Say("/leads")],
    &[Say("/lead 1")],
    &[
        Say("/lead new Website request"),
        Say("/skip"),
        Say("/skip"),
        Press("Confirm"),
    ],
    &[Say("/lead 1 in progress")],
    &[Say("/events")],
    &[Say("/events tomorrow")],
    &[Say("/events week")],
    &[
        Say("/event new Demo tomorrow 10:00"),
        Say("/skip"),
        Press("Confirm"),
    ],
    &[Say("/free Olivia tomorrow 15:00")],
    &[Say("/who Emily")],
    &[Say("/who m.ivanova@example.com")],
    &[Say("/who +7 900 100-00-06")],
    &[Say("/who Emily"), Press("People of Customer Support")],
    &[Say("/msg Olivia: the quote went out")],
    &[Say("/msg chat1 Team, the quote went out.")],
    &[Say("/msg chat1 The second quote went out too.")],
    &[Say("/msg #Sales team: the quote went out")],
    &[Say("/msg #Sales team: the invoice too")],
    &[Say("/notify Emily: the report is due today")],
    &[Say("/files")],
    &[Say("/files presentations")],
    &[Say("/activities deal 2")],
    &[Say("/call deal 4 tomorrow 10:00 discuss the contract")],
    &[Say("/meeting contact 2 friday 15:00 demo")],
    &[Say("/activity done 2")],
    &[Say("/note deal 4 client asked for a discount")],
    &[
        Say("/deal new Beta 900"),
        Say("/back"),
        Say("/skip"),
        Say("/cancel"),
    ],
    &[Say("/remind 30m")],
    &[Say("/notify telegram")],
    &[Say("/digest 08:30")],
    &[Say("/tz Europe/Berlin")],
    &[Say("/settings")],
    &[Say("/lang en")],
];

/// Prints the table; answers whether every single-step command costs at most one request.
pub async fn run() -> bool {
    let sandbox = setup::sandbox(Options::default()).await;
    let store = Store::in_memory().await.expect("a store");
    let bot = setup::bot(store.clone(), setup::portal(&sandbox)).await;
    let user = setup::link(&store, "bench", 3).await;
    for warm in ["/help", "/deals", "/leads", "/who Emily"] {
        bot.handle(&setup::text(&user, warm), Timestamp::now())
            .await;
    }
    setup::requests(&sandbox).await;

    println!("\n## REST requests per command\n");
    println!(
        "Employee 3 of the demo portal; caches warm (the profile, deal stages, lead statuses, the directory of colleagues). Goal: at most 1 for a single-step command.\n"
    );
    println!("| command | messages | requests | methods | answer begins | goal met |");
    println!("|---|---|---|---|---|---|");
    let (mut single, mut single_met) = (0, 0);
    for steps in COMMANDS {
        let mut last: Vec<Reply> = Vec::new();
        for step in *steps {
            let inbound = match step {
                Say(text) => setup::text(&user, text),
                Press(label) => setup::press(&user, &last, label)
                    .unwrap_or_else(|| panic!("no {label} button after {:?}", rendered(&last))),
            };
            last = bot.handle(&inbound, Timestamp::now()).await;
        }
        let log = setup::requests(&sandbox).await;
        let methods: Vec<String> = log
            .iter()
            .map(|call| match call["commands"].as_array() {
                Some(commands) => format!(
                    "batch({})",
                    commands
                        .iter()
                        .filter_map(|c| c.as_str())
                        .collect::<Vec<_>>()
                        .join(",")
                ),
                None => call["method"].as_str().unwrap_or_default().to_owned(),
            })
            .collect();
        let met = if steps.len() == 1 {
            single += 1;
            let met = log.len() <= 1;
            single_met += usize::from(met);
            if met { "yes" } else { "**no**" }
        } else {
            "(form)"
        };
        let first = match steps[0] {
            Say(text) => text,
            Press(label) => label,
        };
        let answer: String = rendered(&last)
            .lines()
            .next()
            .unwrap_or_default()
            .chars()
            .take(48)
            .collect();
        println!(
            "| `{first}` | {} | {} | {} | {} | {met} |",
            steps.len(),
            log.len(),
            methods.join(" "),
            answer.replace('|', "/")
        );
    }
    print(
        "REST requests per command: summary",
        &[Figure::new(
            "single-step commands within 1 request",
            format!("{single_met} of {single}"),
            format!("{single} of {single}"),
            single_met == single,
        )],
    );
    single_met == single
}

fn rendered(replies: &[Reply]) -> String {
    replies
        .iter()
        .map(plain::render)
        .collect::<Vec<_>>()
        .join("\n")
}
