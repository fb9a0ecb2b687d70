//! What users typed into the portal is shown, never obeyed, in every channel's markup; and the
//! demo binary runs a piped conversation to its end.

use std::io::Write;
use std::process::{Command, Stdio};

use b24bot::b24::crm::NewDeal;
use b24bot::reply::{bbcode, html};

use crate::support::chat::{Chat, portal, sandbox};

const HOSTILE: &str = "<b>x</b> & [B]y[/B]";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deal_titled_with_markup_is_shown_as_text() {
    let sandbox = sandbox().await;
    let id = portal(&sandbox)
        .add_deal(&NewDeal {
            title: HOSTILE.into(),
            amount: None,
            currency: None,
            company_id: None,
            contact_id: None,
            assigned_by_id: 3,
        })
        .await
        .unwrap();
    let mut chat = Chat::new(&sandbox, 3).await;
    chat.say(&format!("/deal {id}")).await;
    let card = &chat.last[0];
    let telegram = html::render(card, html::TELEGRAM_LIMIT).concat();
    assert!(
        telegram.contains("&lt;b&gt;x&lt;/b&gt; &amp; [B]y[/B]"),
        "{telegram}"
    );
    assert!(!telegram.contains("<b>x</b>"), "{telegram}");
    let bitrix = bbcode::render(card, bbcode::BITRIX24_LIMIT).concat();
    assert!(!bitrix.contains("[B]y"), "{bitrix}");
    assert!(bitrix.contains("[\u{200B}B]y[\u{200B}/B]"), "{bitrix}");
    assert!(
        chat.rendered().contains(HOSTILE),
        "the console shows it as typed"
    );
}

#[test]
fn the_demo_runs_a_piped_conversation_and_exits_0() {
    let mut demo = Command::new(env!("CARGO_BIN_EXE_b24bot"))
        .arg("demo")
        .env_remove("DATABASE_URL")
        .env("BOT_LANG", "en")
        // Only stdout is read: stderr holds every log line for the log watch.
        .env("RUST_LOG", "debug")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    demo.stdin
        .take()
        .unwrap()
        // Pushes off first: a reminder or digest due at the hour the test runs would bring its
        // own numbered buttons between the form's and the typed numbers.
        .write_all(b"/remind off\n/digest off\n/deals\n/deal new Acme 50000\n1\n1\n")
        .unwrap();
    let output = demo.wait_with_output().unwrap();
    crate::support::logwatch::assert_output_clean(&output);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        stdout.contains("You are John Carter (employee #3)"),
        "{stdout}"
    );
    assert!(stdout.contains("You have 5 deals"), "{stdout}");
    assert!(
        stdout.contains("Deal \"Acme\" created"),
        "a typed number pressed: {stdout}"
    );
}

#[test]
fn the_demo_refuses_an_unknown_employee_with_exit_2() {
    let output = Command::new(env!("CARGO_BIN_EXE_b24bot"))
        .args(["demo", "--as", "99"])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).starts_with("--as: "));
}
