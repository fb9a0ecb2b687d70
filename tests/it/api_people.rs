//! Typed calls about colleagues against the sandbox, each with the number of REST requests it
//! takes.

use b24bot::b24::Kind;
use b24bot::b24::model::User;
use b24bot::b24::people::with_phone;
use serde_json::json;

use crate::api_portal::Portal;

fn ids(users: &[User]) -> Vec<u64> {
    users.iter().map(|user| user.id).collect()
}

#[tokio::test]
async fn colleagues_named_in_any_case_in_one_request() {
    let portal = Portal::demo().await;
    let client = portal.client(1);
    for (text, expected) in [
        ("Марии", vec![2]),
        ("Сергею Кузнецову", vec![6]),
        ("Дмитрием", vec![4]),
        ("Ольге", vec![8]),
        ("olivia", vec![7]),
        ("John Carter", vec![3]),
        ("Анне", vec![]),
        ("Сергею Иванову", vec![]),
    ] {
        let found = client.colleagues_named(text).await.unwrap();
        assert_eq!(ids(&found), expected, "{text}");
        assert_eq!(portal.requests().await, 1, "{text}");
    }
    assert!(client.colleagues_named("  ").await.unwrap().is_empty());
    assert_eq!(portal.requests().await, 0);
}

#[tokio::test]
async fn colleagues_by_email_and_by_any_spelling_of_a_phone() {
    let portal = Portal::demo().await;
    let client = portal.client(1);
    let dmitry = client
        .colleague_by_email("d.sokolov@example.com")
        .await
        .unwrap();
    assert_eq!(dmitry.map(|user| user.id), Some(4));
    assert_eq!(
        client
            .colleague_by_email("nobody@example.com")
            .await
            .unwrap(),
        None
    );
    assert_eq!(portal.requests().await, 2);
    let everyone = client.active_employees().await.unwrap();
    assert_eq!(portal.requests().await, 1, "the directory in one request");
    for (phone, expected) in [
        ("8 900 100 00 06", vec![6]),
        ("+79001000006", vec![6]),
        ("+44 7700 900123", vec![3]),
        ("+7 000 000-00-00", vec![]),
        ("0006", vec![]),
    ] {
        let found: Vec<User> = with_phone(&everyone, phone).into_iter().cloned().collect();
        assert_eq!(ids(&found), expected, "{phone}");
    }
}

#[tokio::test]
async fn a_colleague_card_names_their_departments_in_one_request() {
    let portal = Portal::demo().await;
    let client = portal.client(1);
    let card = client.colleague_card(4).await.unwrap();
    assert_eq!(portal.requests().await, 1);
    assert_eq!(card.user.display_name(), "Дмитрий Соколов");
    assert_eq!(
        card.user.work_position.as_deref(),
        Some("Менеджер по продажам")
    );
    let departments: Vec<&str> = card.departments.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(departments, vec!["Отдел продаж"]);
    let alex = client.colleague_card(1).await.unwrap();
    assert_eq!(alex.departments[0].name, "Management");
    let missing = client.colleague_card(999_999).await.unwrap_err();
    assert_eq!(missing.kind(), Kind::NotFound);
}

#[tokio::test]
async fn the_active_people_of_a_department() {
    let portal = Portal::demo().await;
    let client = portal.client(1);
    let sales = client.department_people(2).await.unwrap();
    assert_eq!(portal.requests().await, 1);
    assert_eq!(ids(&sales), vec![2, 3, 4], "not the former employee");
    let support = client.department_people(3).await.unwrap();
    assert_eq!(ids(&support), vec![5, 6, 7]);
    assert!(client.department_people(999).await.unwrap().is_empty());
}

#[tokio::test]
async fn only_an_administrator_deactivates_an_employee() {
    let portal = Portal::demo().await;
    let refused = portal
        .client(3)
        .call("user.update", &json!({"ID": 7, "ACTIVE": "N"}))
        .await
        .unwrap_err();
    assert_eq!(refused.kind(), Kind::AccessDenied);
    assert!(portal.client(3).user(7).await.unwrap().unwrap().active);
    portal
        .client(1)
        .call("user.update", &json!({"ID": 7, "ACTIVE": "N"}))
        .await
        .unwrap();
    assert!(!portal.client(3).user(7).await.unwrap().unwrap().active);
}
