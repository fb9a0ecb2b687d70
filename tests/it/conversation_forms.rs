//! Forms through the whole bot: every step, /back, /skip, /cancel, the Edit menu, expiry, a
//! restart in the middle, and Confirm pressed twice.

use b24bot::bot::{Content, Inbound};
use b24bot::reply::plain;
use b24bot::store::{Channel, ChannelUser, EmployeeId, Store};

use crate::support::chat::{self, Chat, deals_titled, sandbox};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_deal_form_step_by_step_with_back_skip_and_edit() {
    let sandbox = sandbox().await;
    let mut chat = Chat::new(&sandbox, 3).await;
    assert!(
        chat.say("/deal new")
            .await
            .contains("What's the deal called?")
    );
    assert!(chat.say("/back").await.contains("This is the first step"));
    assert!(
        chat.say("/skip")
            .await
            .contains("This step can't be skipped")
    );
    assert!(
        chat.say("Blue Harbor renewal")
            .await
            .contains("Enter the amount")
    );
    let refused = chat.say("lots").await;
    assert!(refused.contains("That is not an amount"), "{refused}");
    assert!(
        refused.contains("Enter the amount"),
        "the question again: {refused}"
    );
    let company = chat.say("75k").await;
    assert!(company.contains("Which company is it for?"), "{company}");
    assert!(chat.say("/back").await.contains("Enter the amount"));
    let company = chat.say("/skip").await;
    assert!(company.contains("Which company is it for?"), "{company}");
    let found = chat.say("Blue Harbor").await;
    assert!(found.contains("I found one company"), "{found}");
    assert!(found.contains("[1] Blue Harbor Logistics"), "{found}");
    let preview = chat.press(1).await;
    assert!(
        preview.contains("Company: Blue Harbor Logistics"),
        "{preview}"
    );
    assert!(preview.contains("Amount:  not set"), "{preview}");
    assert!(
        chat.press(2)
            .await
            .contains("What would you like to change?")
    );
    assert!(
        chat.press(2).await.contains("Enter the amount"),
        "the amount field"
    );
    let preview = chat.say("75k").await;
    assert!(
        preview.contains("75,000 (in the portal's currency)"),
        "{preview}"
    );
    let created = chat.press(1).await;
    assert!(
        created.contains("Deal \"Blue Harbor renewal\" created"),
        "{created}"
    );
    let deals = deals_titled(&sandbox, "Blue Harbor renewal").await;
    assert_eq!(deals.len(), 1);
    assert_eq!(
        deals[0]["ASSIGNED_BY_ID"], "3",
        "the acting employee is responsible"
    );
    assert_eq!(deals[0]["COMPANY_ID"], "4", "Blue Harbor Logistics");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_company_is_created_with_the_deal() {
    let sandbox = sandbox().await;
    let mut chat = Chat::new(&sandbox, 3).await;
    let asked = chat.say("/deal new Zeta Corp 10000 USD").await;
    assert!(asked.contains("Which company is it for?"), "{asked}");
    let offered = chat.say("Zeta Corp").await;
    assert!(
        offered.contains("There's no company called \"Zeta Corp\""),
        "{offered}"
    );
    let preview = chat.press(1).await;
    assert!(preview.contains("Zeta Corp (new)"), "{preview}");
    assert!(preview.contains("$10,000"), "{preview}");
    chat.press(1).await;
    let deals = deals_titled(&sandbox, "Zeta Corp").await;
    assert_eq!(deals.len(), 1);
    let card = chat
        .say(&format!("/deal {}", deals[0]["ID"].as_str().unwrap()))
        .await;
    assert!(card.contains("Company:     Zeta Corp"), "{card}");
    let audit = chat.store.recent_audit(10).await.unwrap();
    let methods: Vec<&str> = audit.iter().map(|r| r.entry.method.as_str()).collect();
    assert!(methods.contains(&"crm.company.add") && methods.contains(&"crm.deal.add"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_contact_form_validates_each_step_and_cancel_drops_it() {
    let sandbox = sandbox().await;
    let mut chat = Chat::new(&sandbox, 3).await;
    assert!(
        chat.say("/contact new")
            .await
            .contains("What's the person's name?")
    );
    assert!(
        chat.say("Anna Schmidt")
            .await
            .contains("What's their phone number?")
    );
    assert!(
        chat.say("call me")
            .await
            .contains("Phone numbers look like")
    );
    assert!(
        chat.say("+49 170 1234567")
            .await
            .contains("And their e-mail?")
    );
    assert!(
        chat.say("anna at example")
            .await
            .contains("does not look like an e-mail")
    );
    let preview = chat.say("anna@example.com").await;
    assert!(preview.contains("Phone:  +491701234567"), "{preview}");
    assert!(preview.contains("E-mail: anna@example.com"), "{preview}");
    assert!(
        chat.say("/cancel")
            .await
            .contains("Cancelled. Nothing was saved.")
    );
    assert!(chat.say("/skip").await.contains("no open question"));
    assert!(chat.say("/cancel").await.contains("nothing to cancel"));
    assert!(chat.store.form_of(&chat::user()).await.unwrap().is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_command_inside_a_form_runs_and_the_question_comes_back() {
    let sandbox = sandbox().await;
    let mut chat = Chat::new(&sandbox, 3).await;
    chat.say("/contact new Anna Schmidt").await;
    let both = chat.say("/contact Mitchell").await;
    assert!(both.contains("Laura Mitchell"), "the command ran: {both}");
    assert!(both.ends_with("[1] Skip  [2] Back  [3] Cancel"), "{both}");
    assert!(both.contains("What's their phone number?"), "{both}");
    assert!(
        chat.say("+49 170 1234567")
            .await
            .contains("And their e-mail?")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_form_idle_for_a_day_expires_with_a_note() {
    let sandbox = sandbox().await;
    let mut chat = Chat::new(&sandbox, 3).await;
    chat.say("/contact new Anna Schmidt").await;
    chat.advance(24 * 60 * 60 - 60);
    assert!(
        chat.say("/skip").await.contains("And their e-mail?"),
        "a day less a minute"
    );
    chat.advance(24 * 60 * 60 + 1);
    let answer = chat.say("anna@example.com").await;
    assert!(answer.contains("That form expired"), "{answer}");
    assert!(!answer.contains("Shall I create it"), "{answer}");
    assert!(chat.store.form_of(&chat::user()).await.unwrap().is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restart_in_the_middle_of_a_form_resumes_at_the_same_step() {
    let sandbox = sandbox().await;
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("bot.db").display());
    let mut chat = Chat::with_store(&sandbox, Store::open(&url).await.unwrap(), 3).await;
    chat.say("/contact new Anna Schmidt").await;
    let now = chat.now;
    chat.store.close().await;
    drop(chat);

    let store = Store::open(&url).await.unwrap();
    let mut chat = Chat::with_store(&sandbox, store, 3).await;
    chat.now = now;
    let next = chat.say("+49 170 1234567").await;
    assert!(
        next.contains("And their e-mail?"),
        "the phone answered the saved step: {next}"
    );
    let again = chat.say("/help").await;
    assert!(again.ends_with("[1] Skip  [2] Back  [3] Cancel"), "{again}");
    let preview = chat.say("/skip").await;
    assert!(preview.contains("Name:   Anna Schmidt"), "{preview}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn confirm_pressed_twice_creates_one_deal() {
    let sandbox = sandbox().await;
    let mut chat = Chat::new(&sandbox, 3).await;
    chat.say("/deal new Twice Ltd 5000").await;
    let preview = chat.press(1).await;
    assert!(preview.contains("Shall I create it?"), "{preview}");
    let confirm = chat.button(1);
    let first = chat.send(Content::Button(confirm.clone())).await;
    assert!(first.contains("created"), "{first}");
    let second = chat.send(Content::Button(confirm)).await;
    assert!(second.contains("already saved"), "{second}");
    assert_eq!(deals_titled(&sandbox, "Twice Ltd").await.len(), 1);
}

/// A Confirm answered just before the process died is delivered again after the restart (the
/// channel had not stored that it was answered): it is told the form was saved, not that the
/// button is dead, and writes nothing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn confirm_delivered_again_after_a_restart_is_already_saved() {
    let sandbox = sandbox().await;
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("bot.db").display());
    let mut chat = Chat::with_store(&sandbox, Store::open(&url).await.unwrap(), 3).await;
    chat.say("/deal new Restarted Ltd 5000").await;
    chat.press(1).await;
    let confirm = chat.button(1);
    let first = chat.send(Content::Button(confirm.clone())).await;
    assert!(first.contains("created"), "{first}");
    chat.store.close().await;
    drop(chat);

    let mut chat = Chat::with_store(&sandbox, Store::open(&url).await.unwrap(), 3).await;
    let again = chat.send(Content::Button(confirm)).await;
    assert!(again.contains("already saved"), "{again}");
    assert_eq!(deals_titled(&sandbox, "Restarted Ltd").await.len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn confirm_pressed_twice_at_once_creates_one_deal() {
    let sandbox = sandbox().await;
    let mut chat = Chat::new(&sandbox, 3).await;
    chat.say("/deal new Together Ltd 5000").await;
    chat.press(1).await;
    let inbound = |token: String| Inbound {
        channel: Channel::Console,
        chat: chat::USER.into(),
        user: chat::USER.into(),
        lang_hint: None,
        content: Content::Button(token),
    };
    let (a, b) = (inbound(chat.button(1)), inbound(chat.button(1)));
    let (first, second) =
        tokio::join!(chat.bot.handle(&a, chat.now), chat.bot.handle(&b, chat.now));
    let said: Vec<String> = first.iter().chain(&second).map(plain::render).collect();
    assert_eq!(
        said.iter().filter(|s| s.contains("created")).count(),
        1,
        "{said:?}"
    );
    assert_eq!(deals_titled(&sandbox, "Together Ltd").await.len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_button_of_an_old_form_or_of_someone_else_is_no_longer_active() {
    let sandbox = sandbox().await;
    let mut chat = Chat::new(&sandbox, 3).await;
    chat.say("/deal move 4").await;
    let stage = chat.button(1);
    chat.say("/deal new Old Ltd 5000").await;
    chat.press(1).await;
    let old_confirm = chat.button(1);
    chat.say("/cancel").await;
    let answer = chat.send(Content::Button(old_confirm)).await;
    assert!(answer.contains("no longer active"), "{answer}");
    assert!(deals_titled(&sandbox, "Old Ltd").await.is_empty());

    let other = ChannelUser::new(Channel::Console, "other");
    chat.store
        .link(&other, EmployeeId(4), chat.now)
        .await
        .unwrap();
    let pressed = Inbound {
        channel: Channel::Console,
        chat: "other".into(),
        user: "other".into(),
        lang_hint: None,
        content: Content::Button(stage),
    };
    let answer = plain::render(&chat.bot.handle(&pressed, chat.now).await[0]);
    assert!(answer.contains("no longer active"), "{answer}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn several_companies_matching_the_title_are_asked_about() {
    let sandbox = sandbox().await;
    let second = chat::portal(&sandbox)
        .add_company("Northwind Logistics", 3)
        .await
        .unwrap();
    let mut chat = Chat::new(&sandbox, 3).await;
    let asked = chat.say("/deal new Northwind 100").await;
    assert!(asked.contains("I found 2 companies"), "{asked}");
    assert!(asked.contains("[1] Northwind Traders"), "{asked}");
    assert!(asked.contains("[2] Northwind Logistics"), "{asked}");
    assert!(
        asked.contains("[3] Create \"Northwind\"  [4] No company"),
        "{asked}"
    );
    let preview = chat.press(2).await;
    assert!(
        preview.contains("Company: Northwind Logistics"),
        "{preview}"
    );
    chat.press(1).await;
    let deals = deals_titled(&sandbox, "Northwind").await;
    assert_eq!(deals[0]["COMPANY_ID"], second.to_string());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_typed_at_the_preview_runs_and_the_preview_waits() {
    let sandbox = sandbox().await;
    let mut chat = Chat::new(&sandbox, 3).await;
    let preview = chat.say("/contact new Ivan Petrov +79001234567").await;
    assert!(preview.contains("Shall I create it?"), "{preview}");
    let found = chat.say("найди контакт +44 7700 900456").await;
    assert!(found.contains("James Wilson"), "the search ran: {found}");
    assert!(
        found.contains("Создаём?"),
        "the preview is asked again: {found}"
    );
    let typed = chat.say("Ivan Petrovich").await;
    assert!(
        typed.contains("Shall I create it?") && !typed.contains("Ivan Petrovich"),
        "text that is no request does not change the draft: {typed}"
    );
}
