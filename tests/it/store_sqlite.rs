//! The SQLite store: files, restarts, migrations, and each table's guarantees.

use b24bot::intent::Lang;
use b24bot::store::{
    Actor, AuditEntry, AuditOutcome, Channel, ChannelUser, Claim, Digest, EmployeeId, Error,
    FormInstance, FormRecord, NotifyChannel, Redeem, ReminderKey, Reminders, Settings, Store,
    TrySubject, WriteKey, WriteOutcome,
};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};
use secrecy::{ExposeSecret, SecretString};
use serde_json::json;

fn now() -> Timestamp {
    "2026-11-26T08:00:00Z".parse().unwrap()
}

fn hours(n: i64) -> SignedDuration {
    SignedDuration::from_hours(n)
}

fn telegram(id: &str) -> ChannelUser {
    ChannelUser::new(Channel::Telegram, id)
}

fn url_in(dir: &tempfile::TempDir) -> String {
    format!("sqlite://{}", dir.path().join("bot.db").display())
}

fn deal_form(user: &ChannelUser, step: &str, at: Timestamp) -> FormRecord {
    FormRecord {
        user: user.clone(),
        kind: "deal".to_owned(),
        step: step.to_owned(),
        data: json!({"title": "Acme", "amount": "50000"}),
        instance: FormInstance::random(),
        updated_at: at,
    }
}

#[tokio::test]
async fn the_file_is_created_when_missing_and_a_restart_resumes_the_form() {
    let dir = tempfile::tempdir().unwrap();
    let url = url_in(&dir);
    let user = telegram("1001");
    let form = deal_form(&user, "company", now());

    let store = Store::open(&url).await.unwrap();
    assert!(dir.path().join("bot.db").exists());
    store.link(&user, EmployeeId(7), now()).await.unwrap();
    store.save_form(&form).await.unwrap();
    assert!(
        dir.path().join("bot.db-wal").exists(),
        "journal in WAL mode"
    );
    store.close().await;

    let reopened = Store::open(&url).await.unwrap();
    assert_eq!(reopened.all_forms().await.unwrap(), vec![form.clone()]);
    assert_eq!(reopened.form_of(&user).await.unwrap(), Some(form));
    let link = reopened.link_of(&user).await.unwrap().unwrap();
    assert_eq!(link.employee, EmployeeId(7));
}

#[tokio::test]
async fn migrations_run_again_on_every_open_without_harm() {
    let dir = tempfile::tempdir().unwrap();
    let url = url_in(&dir);
    for round in 0..3 {
        let store = Store::open(&url).await.unwrap();
        let name = format!("round{round}");
        store.set_cursor(&name, round, now()).await.unwrap();
        for earlier in 0..=round {
            let value = store.cursor(&format!("round{earlier}")).await.unwrap();
            assert_eq!(value, Some(earlier));
        }
        store.close().await;
    }
}

#[tokio::test]
async fn a_url_that_is_not_sqlite_is_refused_by_name() {
    let err = Store::open("postgres://localhost/b24bot")
        .await
        .unwrap_err();
    assert!(matches!(err, Error::NotSqlite), "{err:?}");
    assert!(err.to_string().contains("DATABASE_URL"));
}

#[tokio::test]
async fn links_are_found_by_channel_user_and_by_employee() {
    let store = Store::in_memory().await.unwrap();
    let phone = telegram("1001");
    let portal = ChannelUser::new(Channel::Bitrix24, "7");
    let other = telegram("2002");
    store.link(&phone, EmployeeId(7), now()).await.unwrap();
    store.link(&portal, EmployeeId(7), now()).await.unwrap();
    store.link(&other, EmployeeId(8), now()).await.unwrap();
    store.seen(&portal, now() + hours(1)).await.unwrap();

    let link = store.link_of(&phone).await.unwrap().unwrap();
    assert_eq!(link.employee, EmployeeId(7));
    assert_eq!(
        (link.lang, link.time_zone, link.blocked),
        (None, None, false)
    );
    assert_eq!(link.settings, Settings::default());
    assert_eq!((link.linked_at, link.last_seen_at), (now(), now()));

    let of_seven: Vec<_> = store
        .links_of_employee(EmployeeId(7))
        .await
        .unwrap()
        .into_iter()
        .map(|link| link.user)
        .collect();
    assert_eq!(
        of_seven,
        vec![portal.clone(), phone.clone()],
        "last written first"
    );
    assert_eq!(store.all_links().await.unwrap().len(), 3);
    assert_eq!(store.link_of(&telegram("3003")).await.unwrap(), None);

    assert!(store.unlink(&phone).await.unwrap());
    assert!(!store.unlink(&phone).await.unwrap());
    assert_eq!(
        store.links_of_employee(EmployeeId(7)).await.unwrap().len(),
        1
    );
}

#[tokio::test]
async fn preferences_are_kept_and_a_block_lasts_until_the_user_writes() {
    let store = Store::in_memory().await.unwrap();
    let user = telegram("1001");
    store.link(&user, EmployeeId(7), now()).await.unwrap();
    let zone = TimeZone::get("Asia/Yekaterinburg").unwrap();
    let settings = Settings {
        notify: Some(NotifyChannel::Both),
        reminders: Some(Reminders::Before { minutes: 30 }),
        digest: Some(Digest::At {
            time: "08:30".parse().unwrap(),
        }),
        quiet_hours: None,
    };
    assert!(store.set_lang(&user, Some(Lang::Ru)).await.unwrap());
    assert!(store.set_time_zone(&user, Some(&zone)).await.unwrap());
    assert!(store.set_settings(&user, &settings).await.unwrap());
    assert!(store.mark_blocked(&user).await.unwrap());

    let link = store.link_of(&user).await.unwrap().unwrap();
    assert_eq!(link.lang, Some(Lang::Ru));
    assert_eq!(link.time_zone, Some(zone));
    assert_eq!(link.settings, settings);
    assert!(link.blocked);

    let seen = store.seen(&user, now() + hours(2)).await.unwrap().unwrap();
    let link = store.link_of(&user).await.unwrap().unwrap();
    assert_eq!(seen, link, "seen answers the link as it now is");
    assert!(!link.blocked);
    assert_eq!(link.last_seen_at, now() + hours(2));
    assert_eq!(link.settings, settings);

    let stranger = telegram("9999");
    assert!(!store.set_lang(&stranger, Some(Lang::En)).await.unwrap());
    assert_eq!(store.seen(&stranger, now()).await.unwrap(), None);
}

#[tokio::test]
async fn relinking_to_another_employee_resets_push_settings_only() {
    let store = Store::in_memory().await.unwrap();
    let user = telegram("1001");
    store.link(&user, EmployeeId(7), now()).await.unwrap();
    store.set_lang(&user, Some(Lang::Ru)).await.unwrap();
    let settings = Settings {
        reminders: Some(Reminders::Off),
        ..Settings::default()
    };
    store.set_settings(&user, &settings).await.unwrap();

    let same = store
        .link(&user, EmployeeId(7), now() + hours(1))
        .await
        .unwrap();
    assert_eq!(same.settings, settings);

    let other = store
        .link(&user, EmployeeId(8), now() + hours(2))
        .await
        .unwrap();
    assert_eq!(other.employee, EmployeeId(8));
    assert_eq!(other.settings, Settings::default());
    assert_eq!(other.lang, Some(Lang::Ru));
    assert_eq!(other.linked_at, now() + hours(2));
}

#[tokio::test]
async fn a_fixed_offset_time_zone_is_refused() {
    let store = Store::in_memory().await.unwrap();
    let user = telegram("1001");
    store.link(&user, EmployeeId(7), now()).await.unwrap();
    let fixed = TimeZone::fixed(jiff::tz::offset(5));
    let err = store.set_time_zone(&user, Some(&fixed)).await.unwrap_err();
    assert!(matches!(err, Error::UnnamedTimeZone(_)), "{err:?}");
}

#[tokio::test]
async fn forms_are_replaced_deleted_and_expired_after_a_day_idle() {
    let store = Store::in_memory().await.unwrap();
    let (old_user, young_user) = (telegram("1"), ChannelUser::new(Channel::Console, "ann"));
    let first = deal_form(&old_user, "title", now() - hours(30));
    store.save_form(&first).await.unwrap();
    let old = deal_form(&old_user, "amount", now() - hours(25));
    store.save_form(&old).await.unwrap();
    let young = deal_form(&young_user, "title", now() - hours(1));
    store.save_form(&young).await.unwrap();
    assert_eq!(store.form_of(&old_user).await.unwrap(), Some(old.clone()));

    let expired = store
        .take_forms_idle_before(now() - hours(24))
        .await
        .unwrap();
    assert_eq!(expired, vec![old]);
    assert_eq!(store.all_forms().await.unwrap(), vec![young]);

    assert!(store.delete_form(&young_user).await.unwrap());
    assert!(!store.delete_form(&young_user).await.unwrap());
    assert!(store.all_forms().await.unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn of_concurrent_claims_of_one_write_exactly_one_is_new() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&url_in(&dir)).await.unwrap();
    let key = WriteKey::new(&FormInstance::random(), "deal.create");
    let presses: Vec<_> = (0..16)
        .map(|_| {
            let (store, key) = (store.clone(), key.clone());
            tokio::spawn(async move { store.claim(&key, "crm.deal.add", now()).await })
        })
        .collect();
    let mut claims = Vec::new();
    for press in presses {
        claims.push(press.await.unwrap().unwrap());
    }
    assert_eq!(
        claims.iter().filter(|c| **c == Claim::New).count(),
        1,
        "{claims:?}"
    );
    assert_eq!(claims.iter().filter(|c| **c == Claim::Pending).count(), 15);

    store
        .finish(&key, WriteOutcome::Done(42), now())
        .await
        .unwrap();
    let again = store.claim(&key, "crm.deal.add", now()).await.unwrap();
    assert_eq!(again, Claim::Done(42));
}

#[tokio::test]
async fn a_write_with_a_lost_answer_stays_unknown_and_a_refused_one_can_be_tried_again() {
    let store = Store::in_memory().await.unwrap();
    let instance = FormInstance::random();
    let (deal, company) = (
        WriteKey::new(&instance, "deal.create"),
        WriteKey::new(&instance, "company.create"),
    );
    assert_eq!(
        store.claim(&deal, "crm.deal.add", now()).await.unwrap(),
        Claim::New
    );
    assert_eq!(
        store
            .claim(&company, "crm.company.add", now())
            .await
            .unwrap(),
        Claim::New
    );

    store
        .finish(&deal, WriteOutcome::Unknown, now())
        .await
        .unwrap();
    assert_eq!(
        store.claim(&deal, "crm.deal.add", now()).await.unwrap(),
        Claim::Unknown
    );

    store
        .finish(&company, WriteOutcome::NotWritten, now())
        .await
        .unwrap();
    assert_eq!(
        store
            .claim(&company, "crm.company.add", now())
            .await
            .unwrap(),
        Claim::New
    );

    let next_form = WriteKey::new(&FormInstance::random(), "deal.create");
    assert_eq!(
        store
            .claim(&next_form, "crm.deal.add", now())
            .await
            .unwrap(),
        Claim::New
    );
}

#[tokio::test]
async fn a_write_pending_when_the_bot_stopped_is_unknown_after_the_restart() {
    let dir = tempfile::tempdir().unwrap();
    let url = url_in(&dir);
    let (sent, answered) = (
        WriteKey::new(&FormInstance::random(), "deal.create"),
        WriteKey::new(&FormInstance::random(), "deal.create"),
    );
    let store = Store::open(&url).await.unwrap();
    store.claim(&sent, "crm.deal.add", now()).await.unwrap();
    store.claim(&answered, "crm.deal.add", now()).await.unwrap();
    store
        .finish(&answered, WriteOutcome::Done(5), now())
        .await
        .unwrap();
    store.close().await;

    let store = Store::open(&url).await.unwrap();
    assert_eq!(
        store
            .settle_interrupted_writes(now() + hours(1))
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        store.claim(&sent, "crm.deal.add", now()).await.unwrap(),
        Claim::Unknown
    );
    assert_eq!(
        store.claim(&answered, "crm.deal.add", now()).await.unwrap(),
        Claim::Done(5)
    );

    assert_eq!(
        store.prune_writes_before(now() + hours(1)).await.unwrap(),
        1
    );
    assert_eq!(
        store.claim(&answered, "crm.deal.add", now()).await.unwrap(),
        Claim::New
    );
    assert_eq!(
        store.claim(&sent, "crm.deal.add", now()).await.unwrap(),
        Claim::Unknown
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reminder_is_recorded_once_even_across_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let url = url_in(&dir);
    let key = ReminderKey {
        task_id: 55,
        deadline: now() + hours(1),
        kind: "before".to_owned(),
    };
    let store = Store::open(&url).await.unwrap();
    assert!(!store.was_sent(&key).await.unwrap());
    let senders: Vec<_> = (0..8)
        .map(|_| {
            let (store, key) = (store.clone(), key.clone());
            tokio::spawn(async move {
                store
                    .claim_reminder(&key, EmployeeId(3), "Call", now())
                    .await
            })
        })
        .collect();
    let mut firsts = 0;
    for sender in senders {
        firsts += usize::from(sender.await.unwrap().unwrap());
    }
    assert_eq!(firsts, 1);
    store.close().await;

    let store = Store::open(&url).await.unwrap();
    assert!(store.was_sent(&key).await.unwrap());
    assert!(
        !store
            .claim_reminder(&key, EmployeeId(3), "Call", now())
            .await
            .unwrap()
    );
    let moved = ReminderKey {
        deadline: now() + hours(3),
        ..key.clone()
    };
    assert!(
        store
            .claim_reminder(&moved, EmployeeId(3), "Call", now())
            .await
            .unwrap(),
        "a new deadline is a new reminder"
    );

    assert_eq!(store.prune_sent_before(now() + hours(1)).await.unwrap(), 2);
    assert!(!store.was_sent(&key).await.unwrap());
}

#[tokio::test]
async fn cursors_start_unset_and_keep_the_last_value() {
    let store = Store::in_memory().await.unwrap();
    assert_eq!(store.cursor("telegram.update_id").await.unwrap(), None);
    store
        .set_cursor("telegram.update_id", 10, now())
        .await
        .unwrap();
    store
        .set_cursor("telegram.update_id", 11, now())
        .await
        .unwrap();
    store
        .set_cursor("b24chat.event_offset", 3, now())
        .await
        .unwrap();
    assert_eq!(store.cursor("telegram.update_id").await.unwrap(), Some(11));
    assert_eq!(store.cursor("b24chat.event_offset").await.unwrap(), Some(3));
}

#[tokio::test]
async fn the_audit_log_lists_the_latest_writes_first() {
    let store = Store::in_memory().await.unwrap();
    let actor = Actor {
        user: telegram("1001"),
        employee: EmployeeId(7),
    };
    let created = AuditEntry {
        at: now(),
        actor: Some(actor),
        method: "crm.deal.add".to_owned(),
        entity_type: Some("deal".to_owned()),
        entity_id: Some(42),
        outcome: AuditOutcome::Done,
    };
    let registered = AuditEntry {
        at: now() + hours(1),
        actor: None,
        method: "imbot.v2.Bot.register".to_owned(),
        entity_type: None,
        entity_id: None,
        outcome: AuditOutcome::Unknown,
    };
    let first = store.audit(&created).await.unwrap();
    let second = store.audit(&registered).await.unwrap();
    assert!(second > first);

    let recent = store.recent_audit(10).await.unwrap();
    let entries: Vec<_> = recent.iter().map(|record| record.entry.clone()).collect();
    assert_eq!(entries, vec![registered.clone(), created]);
    assert_eq!(recent[0].id, second);
    let latest = store.recent_audit(1).await.unwrap();
    assert_eq!(latest.len(), 1);
    assert_eq!(latest[0].entry, registered);
}

#[tokio::test]
async fn a_pairing_code_links_once_and_only_in_time() {
    let store = Store::in_memory().await.unwrap();
    let user = telegram("1001");
    let expires = now() + SignedDuration::from_mins(10);
    let code = store
        .start_pairing(&user, EmployeeId(7), now(), expires)
        .await
        .unwrap();
    assert_eq!(code.as_str().len(), 6);
    assert!(code.as_str().chars().all(|c| c.is_ascii_digit()));
    assert!(!format!("{code:?}").contains(code.as_str()));

    let wrong = if code.as_str() == "000000" {
        "000001"
    } else {
        "000000"
    };
    let outcome = store.redeem_pairing(&user, wrong, now()).await.unwrap();
    assert_eq!(outcome, Redeem::Wrong { wrong_tries: 1 });
    assert_eq!(store.link_of(&user).await.unwrap(), None);

    let spaced = format!("{} {}", &code.as_str()[..3], &code.as_str()[3..]);
    let later = now() + SignedDuration::from_mins(9);
    match store.redeem_pairing(&user, &spaced, later).await.unwrap() {
        Redeem::Linked(link) => {
            assert_eq!(
                (link.user.clone(), link.employee),
                (user.clone(), EmployeeId(7))
            );
            assert_eq!(store.link_of(&user).await.unwrap(), Some(link));
        }
        other => panic!("expected a link, got {other:?}"),
    }
    let replay = store
        .redeem_pairing(&user, code.as_str(), later)
        .await
        .unwrap();
    assert_eq!(replay, Redeem::NoPairing);

    let late_user = telegram("2002");
    let code = store
        .start_pairing(&late_user, EmployeeId(8), now(), expires)
        .await
        .unwrap();
    let outcome = store
        .redeem_pairing(&late_user, code.as_str(), expires)
        .await
        .unwrap();
    assert_eq!(outcome, Redeem::Expired);
    assert_eq!(store.link_of(&late_user).await.unwrap(), None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_code_typed_twice_at_once_links_once() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&url_in(&dir)).await.unwrap();
    let user = telegram("1001");
    let expires = now() + SignedDuration::from_mins(10);
    let code = store
        .start_pairing(&user, EmployeeId(7), now(), expires)
        .await
        .unwrap();
    let tries: Vec<_> = (0..4)
        .map(|_| {
            let (store, user, code) = (store.clone(), user.clone(), code.clone());
            tokio::spawn(async move { store.redeem_pairing(&user, code.as_str(), now()).await })
        })
        .collect();
    let mut outcomes = Vec::new();
    for attempt in tries {
        outcomes.push(attempt.await.unwrap().unwrap());
    }
    let linked = outcomes
        .iter()
        .filter(|o| matches!(o, Redeem::Linked(_)))
        .count();
    let gone = outcomes.iter().filter(|o| **o == Redeem::NoPairing).count();
    assert_eq!((linked, gone), (1, 3), "{outcomes:?}");
}

#[tokio::test]
async fn a_new_pairing_replaces_the_old_code() {
    let store = Store::in_memory().await.unwrap();
    let user = telegram("1001");
    let expires = now() + SignedDuration::from_mins(10);
    let first = store
        .start_pairing(&user, EmployeeId(7), now(), expires)
        .await
        .unwrap();
    let second = store
        .start_pairing(&user, EmployeeId(8), now(), expires)
        .await
        .unwrap();
    if first != second {
        let outcome = store
            .redeem_pairing(&user, first.as_str(), now())
            .await
            .unwrap();
        assert_eq!(outcome, Redeem::Wrong { wrong_tries: 1 });
    }
    match store
        .redeem_pairing(&user, second.as_str(), now())
        .await
        .unwrap()
    {
        Redeem::Linked(link) => assert_eq!(link.employee, EmployeeId(8)),
        other => panic!("expected a link, got {other:?}"),
    }
}

#[tokio::test]
async fn pairing_tries_are_counted_per_subject_within_a_window() {
    let store = Store::in_memory().await.unwrap();
    let user = TrySubject::User(telegram("1001"));
    let employee = TrySubject::Employee(EmployeeId(7));
    store.record_try(&user, now() - hours(2)).await.unwrap();
    for minute in 0..3 {
        let at = now() - SignedDuration::from_mins(minute * 10);
        store.record_try(&user, at).await.unwrap();
    }
    store.record_try(&employee, now()).await.unwrap();

    let hour_ago = now() - hours(1);
    assert_eq!(store.tries_since(&user, hour_ago).await.unwrap(), 3);
    assert_eq!(store.tries_since(&employee, hour_ago).await.unwrap(), 1);
    let nobody = TrySubject::Employee(EmployeeId(8));
    assert_eq!(store.tries_since(&nobody, hour_ago).await.unwrap(), 0);

    assert_eq!(store.prune_pairings(hour_ago, now()).await.unwrap(), 1);
    assert_eq!(store.tries_since(&user, now() - hours(3)).await.unwrap(), 3);
}

#[tokio::test]
async fn a_link_token_links_whoever_presents_it_once_before_it_expires() {
    let store = Store::in_memory().await.unwrap();
    let expires = now() + SignedDuration::from_mins(10);
    let token = store
        .issue_link_token(EmployeeId(7), expires)
        .await
        .unwrap();
    assert_eq!(token.as_str().len(), 32);
    assert!(!format!("{token:?}").contains(token.as_str()));

    let user = telegram("1001");
    let link = store
        .redeem_link_token(token.as_str(), &user, now())
        .await
        .unwrap();
    assert_eq!(link.map(|link| link.employee), Some(EmployeeId(7)));
    let again = store
        .redeem_link_token(token.as_str(), &telegram("2002"), now())
        .await
        .unwrap();
    assert_eq!(again, None);

    let late = store
        .issue_link_token(EmployeeId(8), expires)
        .await
        .unwrap();
    let outcome = store
        .redeem_link_token(late.as_str(), &user, expires)
        .await
        .unwrap();
    assert_eq!(outcome, None);
    assert_eq!(
        store.link_of(&user).await.unwrap().unwrap().employee,
        EmployeeId(7)
    );
}

#[tokio::test]
async fn the_first_bot_token_kept_holds_and_survives_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let url = url_in(&dir);
    let store = Store::open(&url).await.unwrap();
    assert!(store.bot_registration("b24bot").await.unwrap().is_none());
    assert!(!store.set_bot_id("b24bot", 456, now()).await.unwrap());

    let first = SecretString::from("first-token");
    let kept = store.keep_bot_token("b24bot", &first, now()).await.unwrap();
    assert_eq!(kept.token.expose_secret(), "first-token");
    assert_eq!(kept.bot_id, None);
    assert!(!format!("{kept:?}").contains("first-token"));

    let second = SecretString::from("second-token");
    let kept = store
        .keep_bot_token("b24bot", &second, now())
        .await
        .unwrap();
    assert_eq!(kept.token.expose_secret(), "first-token");
    assert!(store.set_bot_id("b24bot", 456, now()).await.unwrap());
    store.close().await;

    let store = Store::open(&url).await.unwrap();
    let registration = store.bot_registration("b24bot").await.unwrap().unwrap();
    assert_eq!(registration.token.expose_secret(), "first-token");
    assert_eq!(registration.bot_id, Some(456));
}

/// A message within a minute of the same person's last one writes nothing, yet the order of an
/// employee's links (where pushes go) and every setting stay as the database would have them.
#[tokio::test]
async fn a_repeated_message_skips_the_write_but_never_the_order_or_a_change() {
    let store = Store::in_memory().await.unwrap();
    let (phone, portal) = (telegram("5"), ChannelUser::new(Channel::Bitrix24, "9"));
    store.link(&phone, EmployeeId(9), now()).await.unwrap();
    store.link(&portal, EmployeeId(9), now()).await.unwrap();
    let order = || async {
        store
            .links_of_employee(EmployeeId(9))
            .await
            .unwrap()
            .into_iter()
            .map(|link| link.user)
            .collect::<Vec<_>>()
    };
    let at = |seconds: i64| now() + SignedDuration::from_secs(seconds);
    store.seen(&phone, at(1)).await.unwrap();
    store.seen(&portal, at(2)).await.unwrap();
    assert_eq!(order().await, [portal.clone(), phone.clone()]);
    // Back on the phone: the other link wrote in between, so this one writes.
    store.seen(&phone, at(3)).await.unwrap();
    assert_eq!(order().await, [phone.clone(), portal.clone()]);
    // Again on the phone: nothing to write, and the order is the same.
    let again = store.seen(&phone, at(4)).await.unwrap().unwrap();
    assert_eq!(again.last_seen_at, at(3), "remembered, not written");
    assert_eq!(order().await, [phone.clone(), portal.clone()]);
    // A change to the link is seen by the very next message.
    store.set_lang(&phone, Some(Lang::Ru)).await.unwrap();
    let changed = store.seen(&phone, at(5)).await.unwrap().unwrap();
    assert_eq!(changed.lang, Some(Lang::Ru));
    store.mark_blocked(&phone).await.unwrap();
    let unblocked = store.seen(&phone, at(6)).await.unwrap().unwrap();
    assert!(!unblocked.blocked, "writing again lifts the block");
    assert!(!store.link_of(&phone).await.unwrap().unwrap().blocked);
    store.unlink(&phone).await.unwrap();
    assert_eq!(store.seen(&phone, at(7)).await.unwrap(), None);
}
