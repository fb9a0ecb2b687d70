//! Typed task calls against the sandbox, each with the number of REST requests it takes.

use std::num::NonZeroUsize;

use b24bot::b24::model::TaskStatus;
use b24bot::b24::period::Days;
use b24bot::b24::tasks::{ChangedTask, LAST_COMMENTS, NewTask, TaskChange, TaskFilter, Ticked};
use b24bot::b24::{Client, Guarded, Kind};
use jiff::{ToSpan, Zoned};

use crate::api_portal::Portal;

/// Olivia Chen: the demo seed gives her no open task, so her lists hold only a test's tasks.
const OLIVIA: u64 = 7;

/// A change the guard lets through (the webhook's own view: no owner required).
async fn change(client: &Client, id: u64, change: TaskChange<'_>) -> ChangedTask {
    match client.change_task_guarded(id, None, change).await.unwrap() {
        Guarded::Written(changed) => changed,
        Guarded::Refused => panic!("{change:?} of task {id} was refused"),
    }
}

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
    change(&client, ids["done today"], TaskChange::Complete).await;
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
    for title in ["Order a laptop", "Create accounts"] {
        change(&client, task.id, TaskChange::AddChecklistItem { title }).await;
    }
    let updates: Vec<String> = (0..LAST_COMMENTS + 2)
        .map(|index| format!("Update {index}"))
        .collect();
    for text in &updates {
        let comment = TaskChange::Comment {
            author: OLIVIA,
            text,
        };
        change(&client, task.id, comment).await;
    }
    let second = NonZeroUsize::new(2).unwrap();
    let ticked = client.tick_guarded(task.id, Some(OLIVIA), second).await;
    assert!(
        matches!(&ticked, Ok(Guarded::Written((_, Ticked::Now(item)))) if item.title == "Create accounts"),
        "{ticked:?}"
    );
    assert_eq!(
        portal.requests().await,
        1 + 2 + updates.len() + 1,
        "one request per write, its guard included"
    );

    let card = client.task_card(task.id).await.unwrap();
    assert_eq!(portal.requests().await, 1);
    assert_eq!(card.task.title, "Onboard the new engineer");
    assert_eq!(card.task.responsible_id, Some(OLIVIA));
    let checklist: Vec<(&str, bool)> = card
        .checklist
        .iter()
        .map(|item| (item.title.as_str(), item.is_complete))
        .collect();
    assert_eq!(
        checklist,
        vec![("Order a laptop", false), ("Create accounts", true)]
    );
    let newest: Vec<&str> = updates
        .iter()
        .rev()
        .take(LAST_COMMENTS)
        .map(String::as_str)
        .collect();
    assert_eq!(
        card.comments
            .iter()
            .map(|c| c.post_message.as_str())
            .collect::<Vec<_>>(),
        newest
    );
    assert_eq!(card.comments[0].author_id, Some(OLIVIA), "the author sent");

    let ticked = client.tick_guarded(task.id, None, second).await.unwrap();
    assert!(matches!(ticked, Guarded::Written((_, Ticked::Already(_)))));
    let ninth = NonZeroUsize::new(9).unwrap();
    let ticked = client.tick_guarded(task.id, None, ninth).await.unwrap();
    assert!(matches!(
        ticked,
        Guarded::Written((_, Ticked::NoSuchItem { count: 2 }))
    ));
    assert_eq!(
        client.tick_guarded(task.id, Some(3), ninth).await.unwrap(),
        Guarded::Refused,
        "someone else's task"
    );
    let after = client.task_card(task.id).await.unwrap();
    assert_eq!(after.checklist, card.checklist, "nothing else was ticked");

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
    let done = change(&client, task.id, TaskChange::Complete).await;
    assert_eq!(done.status, Some(TaskStatus::Completed));
    assert!(done.before.status.is_open(), "the task as it was");
    let reopened = change(&client, task.id, TaskChange::Renew).await;
    assert!(reopened.status.is_some_and(TaskStatus::is_open));
    let delegated = change(&client, task.id, TaskChange::Delegate { to: 6 }).await;
    assert_eq!(delegated.before.responsible_id, Some(OLIVIA));
    assert_eq!(portal.requests().await, 3);
    let card = client.task_card(task.id).await.unwrap();
    assert!(
        card.task.auditors.contains(&OLIVIA),
        "the card shows auditors"
    );
    let delegated = client.task(task.id).await.unwrap();
    assert_eq!(delegated.responsible_id, Some(6));
    for (id, responsible, change) in [
        (999_999, None, TaskChange::Complete),
        (task.id, Some(OLIVIA), TaskChange::Complete),
        (task.id, None, TaskChange::Renew),
    ] {
        assert_eq!(
            client
                .change_task_guarded(id, responsible, change)
                .await
                .unwrap(),
            Guarded::Refused,
            "{id} {responsible:?} {change:?}: a missing task, someone else's, an open one reopened"
        );
    }
    assert!(client.task(task.id).await.unwrap().status.is_open());
}
