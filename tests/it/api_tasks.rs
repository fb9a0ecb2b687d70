//! Typed task calls against the sandbox, each with the number of REST requests it takes.

use b24bot::b24::Kind;
use b24bot::b24::model::TaskStatus;
use b24bot::b24::period::Days;
use b24bot::b24::tasks::{LAST_COMMENTS, NewTask, TaskFilter};
use jiff::{ToSpan, Zoned};

use crate::api_portal::Portal;

/// Olivia Chen: the demo seed gives her no open task, so her lists hold only a test's tasks.
const OLIVIA: u64 = 7;

/// A Monday morning years ahead of the seed's deadlines, in a zone five hours from UTC.
fn monday() -> Zoned {
    "2036-03-03T10:00:00+05:00[Asia/Yekaterinburg]"
        .parse()
        .unwrap()
}

fn new_task(title: &str, deadline: Option<Zoned>) -> NewTask {
    NewTask {
        title: title.into(),
        description: None,
        deadline,
        responsible_id: OLIVIA,
        created_by: Some(1),
    }
}

#[tokio::test]
async fn a_deadline_keeps_the_persons_time_zone() {
    let portal = Portal::demo().await;
    let client = portal.client(1);
    let tomorrow_at_three = monday()
        .checked_add(1.day())
        .unwrap()
        .with()
        .hour(15)
        .build()
        .unwrap();
    let task = client
        .add_task(&NewTask {
            description: Some("[B]Quarterly[/B] numbers".into()),
            ..new_task("Send the report", Some(tomorrow_at_three))
        })
        .await
        .unwrap();
    assert_eq!(portal.requests().await, 1);
    assert_eq!(
        task.deadline.unwrap().to_string(),
        "2036-03-04T10:00:00Z",
        "завтра в 15:00 in Yekaterinburg is 10:00 UTC"
    );
    assert_eq!(
        (task.responsible_id, task.created_by),
        (Some(OLIVIA), Some(1))
    );
    assert_eq!(task.status, TaskStatus::Pending);
    let again = client.task(task.id).await.unwrap();
    assert_eq!((again.id, again.deadline), (task.id, task.deadline));
    assert_eq!(
        again.description.as_deref(),
        Some("[B]Quarterly[/B] numbers")
    );
    assert_eq!(portal.requests().await, 1);
    let missing = client.task(999_999).await.unwrap_err();
    assert_eq!(missing.kind(), Kind::NotFound);
}

#[tokio::test]
async fn lists_by_period_hold_open_tasks_only() {
    let portal = Portal::demo().await;
    let client = portal.client(1);
    let now = monday();
    let at = |days: i64, hour: i8| {
        now.checked_add(days.days())
            .unwrap()
            .with()
            .hour(hour)
            .build()
            .unwrap()
    };
    let mut ids = std::collections::HashMap::new();
    for (name, deadline) in [
        ("today", Some(at(0, 18))),
        ("tomorrow", Some(at(1, 9))),
        ("sunday", Some(at(6, 23))),
        ("next monday", Some(at(7, 0))),
        ("no deadline", None),
        ("overdue", Some(at(-1, 12))),
        ("done today", Some(at(0, 12))),
    ] {
        let task = client.add_task(&new_task(name, deadline)).await.unwrap();
        ids.insert(name, task.id);
    }
    client.complete_task(ids["done today"]).await.unwrap();
    portal.requests().await;
    let listed = |names: &[&str]| {
        let mut wanted: Vec<u64> = names.iter().map(|name| ids[name]).collect();
        wanted.sort_unstable();
        wanted
    };
    for (filter, names) in [
        (TaskFilter::Due(Days::Today), &["today"][..]),
        (TaskFilter::Due(Days::Tomorrow), &["tomorrow"][..]),
        (
            TaskFilter::Due(Days::ThisWeek),
            &["today", "tomorrow", "sunday"][..],
        ),
        (TaskFilter::Overdue, &["overdue"][..]),
        (
            TaskFilter::AllOpen,
            &[
                "today",
                "tomorrow",
                "sunday",
                "next monday",
                "no deadline",
                "overdue",
            ][..],
        ),
    ] {
        let page = client.tasks_of(OLIVIA, filter, &now, 0).await.unwrap();
        let mut found: Vec<u64> = page.items.iter().map(|task| task.id).collect();
        found.sort_unstable();
        assert_eq!(found, listed(names), "{filter:?}");
        assert_eq!(page.total, Some(names.len() as u64));
        assert!(page.items.iter().all(|task| task.status.is_open()));
        assert_eq!(portal.requests().await, 1, "{filter:?}");
    }
    let soonest_first = client
        .tasks_of(OLIVIA, TaskFilter::Due(Days::ThisWeek), &now, 0)
        .await
        .unwrap()
        .items;
    assert!(
        soonest_first
            .windows(2)
            .all(|pair| pair[0].deadline <= pair[1].deadline)
    );
}

#[tokio::test]
async fn a_card_carries_the_checklist_and_the_newest_comments_in_one_request() {
    let portal = Portal::demo().await;
    let client = portal.client(1);
    let task = client
        .add_task(&new_task("Onboard the new engineer", None))
        .await
        .unwrap();
    let first = client
        .add_checklist_item(task.id, "Order a laptop")
        .await
        .unwrap();
    let second = client
        .add_checklist_item(task.id, "Create accounts")
        .await
        .unwrap();
    let mut comments = Vec::new();
    for index in 0..LAST_COMMENTS + 2 {
        comments.push(
            client
                .comment_task(task.id, Some(OLIVIA), &format!("Update {index}"))
                .await
                .unwrap(),
        );
    }
    client.tick_checklist_item(task.id, second).await.unwrap();
    assert_eq!(
        portal.requests().await,
        1 + 2 + comments.len() + 1,
        "one request per write"
    );

    let card = client.task_card(task.id).await.unwrap();
    assert_eq!(portal.requests().await, 1);
    assert_eq!(card.task.title, "Onboard the new engineer");
    assert_eq!(card.task.responsible_id, Some(OLIVIA));
    let checklist: Vec<(u64, &str, bool)> = card
        .checklist
        .iter()
        .map(|item| (item.id, item.title.as_str(), item.is_complete))
        .collect();
    assert_eq!(
        checklist,
        vec![
            (first, "Order a laptop", false),
            (second, "Create accounts", true)
        ]
    );
    let newest: Vec<u64> = comments.iter().rev().take(LAST_COMMENTS).copied().collect();
    assert_eq!(
        card.comments.iter().map(|c| c.id).collect::<Vec<_>>(),
        newest
    );
    assert_eq!(card.comments[0].post_message, "Update 6");
    assert_eq!(card.comments[0].author_id, Some(OLIVIA), "the author sent");

    let missing = client.task_card(999_999).await.unwrap_err();
    assert_eq!(missing.kind(), Kind::NotFound);
}

#[tokio::test]
async fn complete_reopen_and_delegate() {
    let portal = Portal::demo().await;
    let client = portal.client(1);
    let task = client
        .add_task(&new_task("Renew the certificate", None))
        .await
        .unwrap();
    portal.requests().await;
    let done = client.complete_task(task.id).await.unwrap();
    assert_eq!(done.status, TaskStatus::Completed);
    assert!(done.closed_date.is_some());
    let reopened = client.renew_task(task.id).await.unwrap();
    assert!(reopened.status.is_open());
    let delegated = client.delegate_task(task.id, 6).await.unwrap();
    assert_eq!(delegated.responsible_id, Some(6));
    assert!(
        delegated.auditors.contains(&OLIVIA),
        "the previous responsible person keeps watching"
    );
    assert_eq!(portal.requests().await, 3);
    let card = client.task_card(task.id).await.unwrap();
    assert!(
        card.task.auditors.contains(&OLIVIA),
        "the card shows auditors"
    );
    let gone = client.complete_task(999_999).await.unwrap_err();
    assert_eq!(gone.kind(), Kind::AccessDenied, "as the portal words it");
    let twice = client.renew_task(task.id).await.unwrap_err();
    assert_eq!(
        twice.kind(),
        Kind::AccessDenied,
        "an open task is not reopened: the action is not allowed"
    );
}
