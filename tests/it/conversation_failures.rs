//! Failures through the whole bot, against a loopback portal that misbehaves on cue.

use b24bot::bot::{Bot, Content, Defaults, Inbound};
use b24bot::intent::Lang;
use b24bot::reply::plain;
use b24bot::store::{AuditOutcome, Channel, ChannelUser, EmployeeId, Store};
use b24bot::visibility::{Policy, Reach};
use jiff::Timestamp;
use jiff::tz::TimeZone;
use serde_json::json;
use wiremock::MockServer;

use crate::support::{self, answers, count, ok, portal_error};

fn text(text: &str) -> Inbound {
    inbound(Content::Text(text.into()))
}

fn inbound(content: Content) -> Inbound {
    Inbound {
        channel: Channel::Console,
        chat: "t".into(),
        user: "t".into(),
        lang_hint: None,
        content,
    }
}

/// The bot on `server`'s portal, its console user linked to employee 3 (whom the portal
/// knows, without a time zone).
async fn bot_on(server: &MockServer, lang: Lang) -> (Bot, Store, Timestamp) {
    answers(
        server,
        "user.get",
        vec![ok(json!([{"ID": "3", "NAME": "John"}]))],
    )
    .await;
    let store = Store::in_memory().await.unwrap();
    let now: Timestamp = "2026-03-02T07:00:00Z".parse().unwrap();
    store
        .link(&ChannelUser::new(Channel::Console, "t"), EmployeeId(3), now)
        .await
        .unwrap();
    let defaults = Defaults {
        lang,
        time_zone: TimeZone::UTC,
    };
    let policy = Policy::new(Reach::Own, []);
    let bot = Bot::start(
        store.clone(),
        support::client(server),
        policy,
        defaults,
        now,
    )
    .await
    .unwrap();
    (bot, store, now)
}

#[tokio::test]
async fn a_lost_answer_to_a_write_says_check_first_and_is_never_repeated() {
    let server = MockServer::start().await;
    answers(&server, "crm.company.list", vec![ok(json!([]))]).await;
    answers(
        &server,
        "crm.deal.add",
        vec![portal_error(500, "INTERNAL_SERVER_ERROR", "")],
    )
    .await;
    let (bot, store, now) = bot_on(&server, Lang::En).await;
    bot.handle(&text("/deal new Acme 5000"), now).await;
    let preview = bot.handle(&text("/skip"), now).await;
    let confirm = plain::choice(&preview[0], "1").unwrap().action().to_owned();
    for _ in 0..2 {
        let said = plain::render(
            &bot.handle(&inbound(Content::Button(confirm.clone())), now)
                .await[0],
        );
        assert!(
            said.contains("Check in Bitrix24 before repeating"),
            "{said}"
        );
    }
    assert_eq!(
        count(&server, "crm.deal.add").await,
        1,
        "a write that may have happened is not repeated"
    );
    let audit = store.recent_audit(5).await.unwrap();
    assert_eq!(audit[0].entry.method, "crm.deal.add");
    assert_eq!(audit[0].entry.outcome, AuditOutcome::Unknown);
    let after = plain::render(&bot.handle(&text("/skip"), now).await[0]);
    assert!(
        after.contains("no open question"),
        "the form is closed: {after}"
    );
}

#[tokio::test]
async fn a_missing_scope_names_the_permission_to_add() {
    let server = MockServer::start().await;
    answers(
        &server,
        "crm.deal.list",
        vec![portal_error(
            401,
            "insufficient_scope",
            "The request requires higher privileges than provided by the webhook token",
        )],
    )
    .await;
    let (bot, _, now) = bot_on(&server, Lang::Ru).await;
    let said = plain::render(&bot.handle(&text("/deals"), now).await[0]);
    assert!(said.contains("«crm»"), "{said}");
}

#[tokio::test]
async fn a_task_change_whose_answer_is_lost_says_check_first_and_is_audited_as_unknown() {
    let server = MockServer::start().await;
    // The guarded write (the guard and the write in one batch) gets no answer.
    answers(
        &server,
        "batch",
        vec![portal_error(500, "INTERNAL_SERVER_ERROR", "")],
    )
    .await;
    let (bot, store, now) = bot_on(&server, Lang::Ru).await;
    let said = plain::render(&bot.handle(&text("закрой задачу 2"), now).await[0]);
    assert!(said.contains("Проверьте в Битрикс24"), "{said}");
    assert_eq!(
        count(&server, "batch").await,
        1,
        "a write is never repeated"
    );
    let audit = store.recent_audit(1).await.unwrap();
    assert_eq!(audit[0].entry.method, "tasks.task.complete");
    assert_eq!(audit[0].entry.outcome, AuditOutcome::Unknown);
}
