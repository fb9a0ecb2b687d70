//! The data a fresh portal starts with. The demo seed is built through the same code paths as
//! the REST methods (`crm.deal.add` and friends), so seeded records look exactly like records the
//! bot creates; dates are relative to the portal clock.

use jiff::Timestamp;
use serde_json::{Map, Value, json};

use super::crm::{Category, Entity, Semantics, stage_dictionary, stage_id};
use super::people::{Department, Gender, User};
use super::{BOT_SCOPES, PortalData, Webhook};
use crate::sandbox::methods::seeding;

mod crm;
mod work;

/// The portal's server zone: a Moscow-hosted portal, as most Russian cloud portals are.
const TIME_ZONE: &str = "Europe/Moscow";

/// Fixed webhook secrets, so that the printed URLs are the same on every start.
const SECRETS: [&str; 8] = [
    "k3v9p2x7m4q8w1z5",
    "r8t2y6u1i9o3p7a4",
    "d5f1g8h3j6k2l9z7",
    "x4c8v2b6n1m5q9w3",
    "e7r3t9y5u2i8o4p1",
    "a6s2d8f4g1h7j3k9",
    "l5z1x7c3v9b4n8m2",
    "q2w8e4r6t1y9u5i3",
];
const RESTRICTED_SECRET: &str = "z9x3c7v1b5n2m8q4";
const FORMER_SECRET: &str = "f6g2h8j4k1l7z3x9";

/// An employee who has left: their webhook still exists and must fail as a portal fails it.
const FORMER: Person = (
    "Павел",
    "Морозов",
    Gender::Male,
    "p.morozov@example.com",
    "+7 900 100-00-09",
    "Бывший менеджер по продажам",
    2,
    "Europe/Moscow",
    "ru",
);

/// An employee of the demo seed: name, last name, gender, e-mail, mobile, position, department,
/// time zone (`""` = the portal's), language.
type Person = (
    &'static str,
    &'static str,
    Gender,
    &'static str,
    &'static str,
    &'static str,
    u64,
    &'static str,
    &'static str,
);

const PEOPLE: [Person; 8] = [
    (
        "Alex",
        "Morgan",
        Gender::Male,
        "alex.morgan@example.com",
        "+7 900 100-00-01",
        "Chief Executive Officer",
        1,
        "",
        "en",
    ),
    (
        "Мария",
        "Иванова",
        Gender::Female,
        "m.ivanova@example.com",
        "+7 900 100-00-02",
        "Руководитель отдела продаж",
        2,
        "Europe/Moscow",
        "ru",
    ),
    (
        "John",
        "Carter",
        Gender::Male,
        "john.carter@example.com",
        "+44 7700 900123",
        "Sales Manager",
        2,
        "Europe/London",
        "en",
    ),
    (
        "Дмитрий",
        "Соколов",
        Gender::Male,
        "d.sokolov@example.com",
        "+7 900 100-00-04",
        "Менеджер по продажам",
        2,
        "Europe/Moscow",
        "ru",
    ),
    (
        "Emily",
        "Brown",
        Gender::Female,
        "emily.brown@example.com",
        "+49 151 23456789",
        "Head of Support",
        3,
        "Europe/Berlin",
        "en",
    ),
    (
        "Сергей",
        "Кузнецов",
        Gender::Male,
        "s.kuznetsov@example.com",
        "+7 900 100-00-06",
        "Инженер поддержки",
        3,
        "Asia/Yekaterinburg",
        "ru",
    ),
    (
        "Olivia",
        "Chen",
        Gender::Female,
        "olivia.chen@example.com",
        "+7 900 100-00-07",
        "Support Engineer",
        3,
        "Europe/Moscow",
        "en",
    ),
    (
        "Ольга",
        "Попова",
        Gender::Female,
        "o.popova@example.com",
        "+7 900 100-00-08",
        "Офис-менеджер",
        1,
        "Europe/Moscow",
        "ru",
    ),
];

pub fn empty(now: Timestamp) -> PortalData {
    let mut data = PortalData::blank(TIME_ZONE);
    add_department(&mut data, "Management", None, Some(1));
    add_person(&mut data, &PEOPLE[0], now);
    add_dictionaries(&mut data);
    seeding::open_calendar(&mut data, 1, now);
    seeding::open_drive(&mut data, 1, now);
    data
}

pub fn demo(now: Timestamp) -> PortalData {
    let mut data = PortalData::blank(TIME_ZONE);
    add_department(&mut data, "Management", None, Some(1));
    add_department(&mut data, "Отдел продаж", Some(1), Some(2));
    add_department(&mut data, "Customer Support", Some(1), Some(5));
    for person in &PEOPLE {
        add_person(&mut data, person, now);
    }
    let former = add_person(&mut data, &FORMER, now);
    if let Some(user) = data.users.get_mut(former) {
        user.active = false;
        user.online = false;
    }
    data.webhooks.push(Webhook {
        user_id: 3,
        name: "John Carter (restricted)".into(),
        secret: RESTRICTED_SECRET.into(),
        scopes: BOT_SCOPES
            .iter()
            .filter(|s| !matches!(**s, "imbot" | "disk"))
            .map(|s| s.to_string())
            .collect(),
        restricted: true,
    });
    add_dictionaries(&mut data);
    data.crm.categories.push(Category {
        id: 1,
        name: "Партнёрства".into(),
        sort: 200,
    });
    for (code, name, sort, semantics, color) in [
        (
            "NEW",
            "Первичный контакт",
            10,
            Semantics::Process,
            "#39A8EF",
        ),
        (
            "NEGOTIATION",
            "Переговоры",
            20,
            Semantics::Process,
            "#2FC6F6",
        ),
        ("WON", "Договор подписан", 30, Semantics::Success, "#7BD500"),
        ("LOSE", "Отказ", 40, Semantics::Failure, "#FF5752"),
    ] {
        data.crm.add_status(
            &stage_dictionary(1),
            &stage_id(1, code),
            name,
            sort,
            Some(semantics),
            Some(color),
        );
    }
    for user_id in 1..=PEOPLE.len() as u64 {
        seeding::open_calendar(&mut data, user_id, now);
        seeding::open_drive(&mut data, user_id, now);
    }
    crm::demo_crm(&mut data, now);
    work::demo_calendar(&mut data, now);
    work::demo_drive(&mut data, now);
    work::demo_tasks(&mut data, now);
    work::demo_messenger(&mut data, now);
    data
}

fn add_department(data: &mut PortalData, name: &str, parent: Option<u64>, head: Option<u64>) {
    data.departments.insert_with(|id| Department {
        id,
        name: name.to_owned(),
        sort: 500,
        parent,
        head,
    });
}

fn add_person(data: &mut PortalData, person: &Person, now: Timestamp) -> u64 {
    let &(name, last_name, gender, email, mobile, position, department, time_zone, language) =
        person;
    let id = data.users.insert_with(|id| User {
        id,
        active: true,
        admin: id == 1,
        name: name.to_owned(),
        last_name: last_name.to_owned(),
        second_name: String::new(),
        gender,
        email: email.to_owned(),
        mobile: mobile.to_owned(),
        work_phone: String::new(),
        position: position.to_owned(),
        departments: vec![department],
        time_zone: time_zone.to_owned(),
        language: language.to_owned(),
        birthday: None,
        registered: days_ago(now, 400 - 20 * id as i64),
        last_login: Some(now - jiff::SignedDuration::from_mins(37 * id as i64)),
        online: id % 3 != 0,
    });
    data.webhooks.push(Webhook {
        user_id: id,
        name: format!("{name} {last_name}"),
        secret: SECRETS
            .get(id as usize - 1)
            .unwrap_or(&FORMER_SECRET)
            .to_string(),
        scopes: BOT_SCOPES.iter().map(|s| s.to_string()).collect(),
        restricted: false,
    });
    id
}

/// The dictionaries of a fresh portal: the default pipeline, lead statuses, sources, types.
fn add_dictionaries(data: &mut PortalData) {
    data.crm.categories.push(Category {
        id: 0,
        name: "General".into(),
        sort: 300,
    });
    let stages = [
        ("NEW", "New", Semantics::Process, "#39A8EF"),
        (
            "PREPARATION",
            "Document preparation",
            Semantics::Process,
            "#2FC6F6",
        ),
        (
            "PREPAYMENT_INVOICE",
            "Invoice",
            Semantics::Process,
            "#55D0E0",
        ),
        ("EXECUTING", "In progress", Semantics::Process, "#47E4C2"),
        (
            "FINAL_INVOICE",
            "Final invoice",
            Semantics::Process,
            "#FFA900",
        ),
        ("WON", "Deal won", Semantics::Success, "#7BD500"),
        ("LOSE", "Deal lost", Semantics::Failure, "#FF5752"),
        ("APOLOGY", "Analyze failure", Semantics::Failure, "#FF5752"),
    ];
    for (i, (code, name, semantics, color)) in stages.into_iter().enumerate() {
        data.crm.add_status(
            "DEAL_STAGE",
            code,
            name,
            10 * (i as u32 + 1),
            Some(semantics),
            Some(color),
        );
    }
    let lead_statuses = [
        ("NEW", "Unassigned", Semantics::Process, "#39A8EF"),
        ("IN_PROCESS", "In progress", Semantics::Process, "#2FC6F6"),
        ("PROCESSED", "Processed", Semantics::Process, "#55D0E0"),
        ("JUNK", "Junk lead", Semantics::Failure, "#FF5752"),
        ("CONVERTED", "Good lead", Semantics::Success, "#7BD500"),
    ];
    for (i, (code, name, semantics, color)) in lead_statuses.into_iter().enumerate() {
        data.crm.add_status(
            "STATUS",
            code,
            name,
            10 * (i as u32 + 1),
            Some(semantics),
            Some(color),
        );
    }
    let plain: [(&str, &[(&str, &str)]); 7] = [
        (
            "SOURCE",
            &[
                ("CALL", "Call"),
                ("EMAIL", "E-Mail"),
                ("WEB", "Website"),
                ("ADVERTISING", "Advertising"),
                ("PARTNER", "Existing client"),
                ("RECOMMENDATION", "By recommendation"),
                ("TRADE_SHOW", "Show/Exhibition"),
                ("OTHER", "Other"),
            ],
        ),
        (
            "DEAL_TYPE",
            &[
                ("SALE", "Sales"),
                ("COMPLEX", "Integrated sale"),
                ("GOODS", "Merchandise sales"),
                ("SERVICES", "Service sales"),
                ("SERVICE", "After-sales service"),
            ],
        ),
        (
            "CONTACT_TYPE",
            &[
                ("CLIENT", "Clients"),
                ("SUPPLIER", "Suppliers"),
                ("PARTNER", "Partners"),
                ("OTHER", "Other"),
            ],
        ),
        (
            "COMPANY_TYPE",
            &[
                ("CUSTOMER", "Client"),
                ("SUPPLIER", "Supplier"),
                ("COMPETITOR", "Competitor"),
                ("PARTNER", "Partner"),
                ("OTHER", "Other"),
            ],
        ),
        (
            "INDUSTRY",
            &[
                ("IT", "Information Technology"),
                ("TELECOM", "Telecommunication"),
                ("MANUFACTURING", "Manufacturing"),
                ("BANKING", "Banking Services"),
                ("CONSULTING", "Consulting"),
                ("DELIVERY", "Delivery"),
                ("OTHER", "Other"),
            ],
        ),
        (
            "EMPLOYEES",
            &[
                ("EMPLOYEES_1", "less than 50"),
                ("EMPLOYEES_2", "50-250"),
                ("EMPLOYEES_3", "250-500"),
                ("EMPLOYEES_4", "over 500"),
            ],
        ),
        (
            "HONORIFIC",
            &[
                ("HNR_EN_1", "Mr."),
                ("HNR_EN_2", "Mrs."),
                ("HNR_EN_3", "Ms."),
                ("HNR_EN_4", "Dr."),
            ],
        ),
    ];
    for (dictionary, values) in plain {
        for (i, (code, name)) in values.iter().enumerate() {
            data.crm
                .add_status(dictionary, code, name, 10 * (i as u32 + 1), None, None);
        }
    }
}

fn object(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

fn days_ago(now: Timestamp, days: i64) -> Timestamp {
    now - jiff::SignedDuration::from_hours(24 * days)
}

/// Adds `n` active employees (no webhooks) in the sales department; answers their ids.
pub fn bulk_people(data: &mut PortalData, n: usize, now: Timestamp) -> Vec<u64> {
    (0..n)
        .map(|k| {
            data.users.insert_with(|id| User {
                id,
                active: true,
                admin: false,
                name: format!("Employee{k}"),
                last_name: "Bulk".to_owned(),
                second_name: String::new(),
                gender: Gender::Male,
                email: format!("employee{k}@example.com"),
                mobile: String::new(),
                work_phone: String::new(),
                position: "Sales Manager".to_owned(),
                departments: vec![2],
                time_zone: String::new(),
                language: "en".to_owned(),
                birthday: None,
                registered: days_ago(now, 30),
                last_login: None,
                online: false,
            })
        })
        .collect()
}

/// Adds `n` deals spread over the default pipeline's stages.
pub fn bulk_deals(data: &mut PortalData, n: usize, now: Timestamp) {
    const STAGES: [&str; 8] = [
        "NEW",
        "PREPARATION",
        "PREPAYMENT_INVOICE",
        "EXECUTING",
        "FINAL_INVOICE",
        "WON",
        "LOSE",
        "APOLOGY",
    ];
    let users = data.users.len().max(1) as u64;
    for i in 0..n {
        let fields = object(json!({
            "TITLE": format!("Bulk deal {}", i + 1),
            "STAGE_ID": STAGES[i % STAGES.len()],
            "OPPORTUNITY": 1_000 + (i as u64 * 37) % 1_000_000,
            "CURRENCY_ID": "RUB",
            "ASSIGNED_BY_ID": 1 + i as u64 % users,
        }));
        seeding::crm_insert(data, Entity::Deal, &fields, 1, now);
    }
}
