//! The demo's customers: companies, contacts with phones in every common spelling, leads,
//! deals in every stage of the default pipeline and a partner pipeline, activities and
//! timeline comments.

use jiff::{Timestamp, ToSpan};
use serde_json::{Value, json};

use super::{days_ago, object};
use crate::sandbox::methods::seeding;
use crate::sandbox::store::PortalData;
use crate::sandbox::store::crm::Entity;

fn add(data: &mut PortalData, entity: Entity, user: u64, created: Timestamp, fields: Value) -> u64 {
    seeding::crm_insert(data, entity, &object(fields), user, created)
}

pub fn demo_crm(data: &mut PortalData, now: Timestamp) {
    let today = data.zone.today(now);
    let day = |offset: i64| today.saturating_add(offset.days()).to_string();
    let companies = [
        (
            "ООО «Ромашка»",
            "MANUFACTURING",
            "+7 (495) 123-45-67",
            "info@romashka.ru",
            2,
        ),
        (
            "Northwind Traders",
            "DELIVERY",
            "+1 415 555 0142",
            "sales@northwind.example",
            3,
        ),
        (
            "ТехноСтрой",
            "IT",
            "+7 (812) 555-12-34",
            "office@technostroy.ru",
            4,
        ),
        (
            "Blue Harbor Logistics",
            "DELIVERY",
            "+44 20 7946 0958",
            "hello@blueharbor.example",
            3,
        ),
        (
            "Альфа-Консалт",
            "CONSULTING",
            "8 (343) 222-33-44",
            "contact@alfa-consult.ru",
            2,
        ),
    ];
    let company_ids: Vec<u64> = companies
        .iter()
        .enumerate()
        .map(|(i, (title, industry, phone, email, user))| {
            add(
                data,
                Entity::Company,
                *user,
                days_ago(now, 120 - 10 * i as i64),
                json!({
                    "TITLE": title, "INDUSTRY": industry, "COMPANY_TYPE": "CUSTOMER",
                    "ASSIGNED_BY_ID": user, "EMPLOYEES": "EMPLOYEES_2",
                    "PHONE": [{"VALUE": phone, "VALUE_TYPE": "WORK"}],
                    "EMAIL": [{"VALUE": email, "VALUE_TYPE": "WORK"}],
                }),
            )
        })
        .collect();
    let contacts = [
        (
            "Иван",
            "Петров",
            "Директор",
            "+7 (900) 123-45-67",
            "i.petrov@romashka.ru",
            0,
            2,
        ),
        (
            "Laura",
            "Mitchell",
            "Procurement Manager",
            "+1 415 555 0199",
            "laura.mitchell@northwind.example",
            1,
            3,
        ),
        (
            "Алексей",
            "Смирнов",
            "Технический директор",
            "+79161234567",
            "a.smirnov@technostroy.ru",
            2,
            4,
        ),
        (
            "James",
            "Wilson",
            "Operations Director",
            "+44 7700 900456",
            "j.wilson@blueharbor.example",
            3,
            3,
        ),
        (
            "Елена",
            "Васильева",
            "Главный бухгалтер",
            "8 912 345-67-89",
            "e.vasilyeva@alfa-consult.ru",
            4,
            2,
        ),
        (
            "Пётр",
            "Новиков",
            "Менеджер по закупкам",
            "+7 921 000-11-22",
            "p.novikov@romashka.ru",
            0,
            4,
        ),
        (
            "Sarah",
            "Johnson",
            "CTO",
            "+1 212 555 0123",
            "sarah.johnson@northwind.example",
            1,
            3,
        ),
        (
            "Наталья",
            "Морозова",
            "Юрист",
            "+7 (495) 987-65-43",
            "n.morozova@example.ru",
            4,
            2,
        ),
    ];
    let contact_ids: Vec<u64> = contacts
        .iter()
        .enumerate()
        .map(|(i, (name, last, post, phone, email, company, user))| {
            add(data, Entity::Contact, *user, days_ago(now, 100 - 9 * i as i64), json!({
                "NAME": name, "LAST_NAME": last, "POST": post, "ASSIGNED_BY_ID": user,
                "COMPANY_ID": company_ids[*company], "SOURCE_ID": "CALL",
                "PHONE": [{"VALUE": phone, "VALUE_TYPE": if i % 2 == 0 { "WORK" } else { "MOBILE" }}],
                "EMAIL": [{"VALUE": email, "VALUE_TYPE": "WORK"}],
            }))
        })
        .collect();
    let leads = [
        (
            "Запрос с сайта: поставка оборудования",
            "Виктор",
            "Орлов",
            "NEW",
            "WEB",
            "+7 (903) 111-22-33",
            150_000,
        ),
        (
            "Website inquiry: logistics quote",
            "Mark",
            "Davis",
            "IN_PROCESS",
            "WEB",
            "+1 646 555 0177",
            42_000,
        ),
        (
            "Звонок: интеграция с 1С",
            "Андрей",
            "Белов",
            "PROCESSED",
            "CALL",
            "89031234567",
            80_000,
        ),
        (
            "Trade show contact",
            "Chloe",
            "Martin",
            "NEW",
            "TRADE_SHOW",
            "+33 6 12 34 56 78",
            25_000,
        ),
        (
            "Спам-заявка",
            "Тест",
            "Тестов",
            "JUNK",
            "OTHER",
            "+7 999 000-00-00",
            0,
        ),
    ];
    for (i, (title, name, last, status, source, phone, amount)) in leads.iter().enumerate() {
        add(
            data,
            Entity::Lead,
            3 + (i as u64 % 2),
            days_ago(now, 12 - 2 * i as i64),
            json!({
                "TITLE": title, "NAME": name, "LAST_NAME": last, "STATUS_ID": status, "SOURCE_ID": source,
                "OPPORTUNITY": amount, "CURRENCY_ID": "RUB", "ASSIGNED_BY_ID": 3 + (i as u64 % 2),
                "PHONE": [{"VALUE": phone, "VALUE_TYPE": "WORK"}],
            }),
        );
    }
    let deals = [
        (
            "Поставка оборудования для «Ромашки»",
            "NEW",
            350_000,
            0,
            0,
            2,
            14,
        ),
        (
            "Northwind annual logistics contract",
            "PREPARATION",
            1_200_000,
            1,
            1,
            3,
            21,
        ),
        (
            "Внедрение CRM в «ТехноСтрой»",
            "PREPAYMENT_INVOICE",
            780_000,
            2,
            2,
            4,
            10,
        ),
        (
            "Blue Harbor warehouse automation",
            "EXECUTING",
            2_500_000,
            3,
            3,
            3,
            30,
        ),
        (
            "Аудит бизнес-процессов «Альфа-Консалт»",
            "FINAL_INVOICE",
            150_000,
            4,
            4,
            2,
            3,
        ),
        ("Сервисное обслуживание 2026", "WON", 96_000, 0, 5, 4, -5),
        ("Northwind pilot project", "LOSE", 60_000, 1, 6, 3, -10),
        ("Консалтинг по налогам", "APOLOGY", 45_000, 4, 7, 2, -20),
        (
            "Расширение лицензий «ТехноСтрой»",
            "NEW",
            120_000,
            2,
            2,
            4,
            7,
        ),
        (
            "Blue Harbor fleet tracking",
            "PREPARATION",
            640_000,
            3,
            3,
            3,
            45,
        ),
    ];
    let mut deal_ids = Vec::new();
    for (i, (title, stage, amount, company, contact, user, close_in)) in deals.iter().enumerate() {
        let id = add(
            data,
            Entity::Deal,
            *user,
            days_ago(now, 60 - 5 * i as i64),
            json!({
                "TITLE": title, "STAGE_ID": stage, "OPPORTUNITY": amount, "CURRENCY_ID": "RUB",
                "COMPANY_ID": company_ids[*company], "CONTACT_ID": contact_ids[*contact],
                "ASSIGNED_BY_ID": user, "BEGINDATE": day(-30 + i as i64), "CLOSEDATE": day(*close_in),
                "PROBABILITY": 10 * (i as i64 % 10), "SOURCE_ID": "CALL", "TYPE_ID": "SALE",
                "COMMENTS": "[B]Priority client[/B]",
            }),
        );
        deal_ids.push(id);
    }
    for (title, stage, amount, user) in [
        (
            "Партнёрская программа «Ромашка»",
            "C1:NEGOTIATION",
            200_000,
            2,
        ),
        ("Reseller agreement Blue Harbor", "C1:NEW", 0, 3),
    ] {
        add(
            data,
            Entity::Deal,
            user,
            days_ago(now, 8),
            json!({
                "TITLE": title, "CATEGORY_ID": 1, "STAGE_ID": stage, "OPPORTUNITY": amount,
                "CURRENCY_ID": "RUB", "ASSIGNED_BY_ID": user,
            }),
        );
    }
    let activities = [
        (
            deal_ids[0],
            2,
            "Позвонить Ивану Петрову по поставке",
            -1,
            false,
            contacts[0].3,
            2,
        ),
        (
            deal_ids[1],
            1,
            "Meeting with Laura Mitchell",
            0,
            false,
            contacts[1].3,
            3,
        ),
        (
            deal_ids[2],
            2,
            "Согласовать счёт с Алексеем",
            1,
            false,
            contacts[2].3,
            4,
        ),
        (
            deal_ids[3],
            4,
            "Send the automation proposal",
            3,
            false,
            contacts[3].4,
            3,
        ),
        (
            deal_ids[5],
            2,
            "Подтвердить оплату обслуживания",
            -6,
            true,
            contacts[5].3,
            4,
        ),
    ];
    for (deal, type_id, subject, offset, done, communication, user) in activities {
        let start = data.zone.at(today.saturating_add(offset.days()), 11, 0);
        seeding::activity_insert(
            data,
            &object(json!({
                "OWNER_TYPE_ID": 2, "OWNER_ID": deal, "TYPE_ID": type_id, "SUBJECT": subject,
                "START_TIME": data.zone.iso(start), "END_TIME": data.zone.iso(start + jiff::SignedDuration::from_mins(30)),
                "DEADLINE": data.zone.iso(start + jiff::SignedDuration::from_mins(30)),
                "COMPLETED": if done { "Y" } else { "N" }, "RESPONSIBLE_ID": user, "DIRECTION": 2,
                "COMMUNICATIONS": [{"VALUE": communication}],
            })),
            user,
            days_ago(now, 2),
        );
    }
    seeding::timeline_comment(
        data,
        Entity::Deal,
        deal_ids[1],
        "Client asked for a 10% discount; waiting for approval.",
        3,
        days_ago(now, 1),
    );
    seeding::timeline_comment(
        data,
        Entity::Deal,
        deal_ids[0],
        "Клиент просит перенести поставку на следующий месяц.",
        2,
        days_ago(now, 2),
    );
}
