//! The demo's working life: tasks with checklists and comments, this week's calendar, the
//! messenger and the drive, built through the REST methods like everything else in the seed.

use jiff::Timestamp;
use serde_json::{Value, json};

use crate::sandbox::methods::seeding;
use crate::sandbox::store::PortalData;

/// A task of the demo seed: title, creator, responsible, deadline (days from today, local
/// hour) or none, status code, CRM binding, checklist, comments (author, text).
type DemoTask = (
    &'static str,
    u64,
    u64,
    Option<(i64, i8)>,
    u8,
    &'static [&'static str],
    &'static [(&'static str, bool)],
    &'static [(u64, &'static str)],
);

const DEMO_TASKS: [DemoTask; 9] = [
    (
        "Подготовить коммерческое предложение для «Ромашки»",
        1,
        2,
        Some((-1, 18)),
        3,
        &["D_1"],
        &[
            ("Собрать требования", true),
            ("Рассчитать стоимость", false),
            ("Согласовать с юристом", false),
        ],
        &[
            (1, "Мария, клиент ждёт КП до конца недели."),
            (2, "Принято, работаю."),
        ],
    ),
    (
        "Call Laura Mitchell about the contract",
        2,
        3,
        Some((0, 17)),
        2,
        &["D_2", "C_2"],
        &[("Check the discount request", false)],
        &[(2, "Please confirm the 10% discount first.")],
    ),
    (
        "Обновить прайс-лист на сайте",
        2,
        4,
        Some((1, 12)),
        2,
        &[],
        &[],
        &[],
    ),
    (
        "Sign the Northwind contract",
        3,
        1,
        Some((1, 15)),
        2,
        &["D_2"],
        &[],
        &[],
    ),
    (
        "Prepare the quarterly support report",
        1,
        5,
        Some((7, 15)),
        2,
        &[],
        &[
            ("Export ticket statistics", false),
            ("Write the summary", false),
        ],
        &[],
    ),
    (
        "Настроить доступы для нового сотрудника",
        5,
        6,
        None,
        3,
        &[],
        &[],
        &[(5, "Нужен доступ к CRM и Диску.")],
    ),
    (
        "Review the onboarding documents",
        5,
        7,
        Some((-3, 12)),
        5,
        &[],
        &[("Read the handbook", true)],
        &[],
    ),
    (
        "Approve the marketing budget",
        2,
        1,
        Some((2, 11)),
        2,
        &[],
        &[],
        &[],
    ),
    (
        "Заказать канцелярию в офис",
        1,
        8,
        Some((0, 18)),
        2,
        &[],
        &[("Бумага А4", false), ("Ручки", false)],
        &[],
    ),
];

/// Tasks overdue, due today, tomorrow and next week, with checklists and comments.
pub fn demo_tasks(data: &mut PortalData, now: Timestamp) {
    let today = data.zone.today(now);
    let created = now - jiff::SignedDuration::from_hours(72);
    for (title, creator, responsible, deadline, status, crm, checklist, comments) in DEMO_TASKS {
        let deadline = deadline.map(|(days, hour)| {
            let day = today.saturating_add(jiff::Span::new().days(days));
            data.zone.iso(data.zone.at(day, hour, 0))
        });
        let fields = json!({
            "TITLE": title, "CREATED_BY": creator, "RESPONSIBLE_ID": responsible,
            "DEADLINE": deadline, "UF_CRM_TASK": crm,
            "DESCRIPTION": format!("{title}. [B]Demo task[/B]"),
        });
        let Value::Object(fields) = fields else {
            continue;
        };
        let id = seeding::task_insert(data, &fields, creator, created);
        for (item, done) in checklist {
            seeding::call(
                data,
                "task.checklistitem.add",
                json!([id, {"TITLE": item, "IS_COMPLETE": if *done { "Y" } else { "N" }}]),
                responsible,
                created,
            );
        }
        for (author, text) in comments {
            seeding::call(
                data,
                "task.commentitem.add",
                json!([id, {"POST_MESSAGE": text}]),
                *author,
                created,
            );
        }
        if status != 2 {
            seeding::call(
                data,
                "tasks.task.update",
                json!({"taskId": id, "fields": {"STATUS": status}}),
                responsible,
                created,
            );
        }
    }
}

/// A sales team chat, a private conversation and a notification.
pub fn demo_messenger(data: &mut PortalData, now: Timestamp) {
    let at = |minutes: i64| now - jiff::SignedDuration::from_mins(minutes);
    let chat = seeding::call(
        data,
        "im.chat.add",
        json!({"TITLE": "Sales team / Отдел продаж", "USERS": [2, 3, 4], "ENTITY_TYPE": "DEMO", "ENTITY_ID": "sales"}),
        1,
        at(600),
    );
    let chat = format!("chat{chat}");
    for (user, text, minutes) in [
        (2, "Коллеги, планёрка в 11:00.", 300),
        (3, "Northwind asked for an updated quote.", 240),
        (1, "John, please send it today.", 200),
    ] {
        seeding::call(
            data,
            "im.message.add",
            json!({"DIALOG_ID": chat, "MESSAGE": text}),
            user,
            at(minutes),
        );
    }
    seeding::call(
        data,
        "im.message.add",
        json!({"DIALOG_ID": "1", "MESSAGE": "Алекс, договор с «Ромашкой» на согласовании."}),
        2,
        at(90),
    );
    seeding::call(
        data,
        "im.message.add",
        json!({"DIALOG_ID": "2", "MESSAGE": "Thanks, Maria!"}),
        1,
        at(80),
    );
    seeding::call(
        data,
        "im.message.add",
        json!({"DIALOG_ID": "1", "MESSAGE": "Could you review the Blue Harbor proposal?"}),
        3,
        at(30),
    );
    seeding::call(
        data,
        "im.notify.system.add",
        json!({"USER_ID": 1, "MESSAGE": "Welcome to the demo portal!"}),
        1,
        at(1000),
    );
}

/// A calendar event of the demo seed: owner, name, weekday (0 = Monday), hour, minutes long,
/// attendees, accessibility, private.
type DemoEvent = (
    u64,
    &'static str,
    i64,
    i8,
    i64,
    &'static [u64],
    &'static str,
    bool,
);

/// Meetings, calls, a day off and a private appointment this week (Monday to Friday).
pub fn demo_calendar(data: &mut PortalData, now: Timestamp) {
    let today = data.zone.today(now);
    let monday = today
        .saturating_sub(jiff::Span::new().days(i64::from(today.weekday().to_monday_zero_offset())));
    let events: [DemoEvent; 7] = [
        (
            2,
            "Планёрка отдела продаж",
            0,
            11,
            60,
            &[3, 4],
            "busy",
            false,
        ),
        (3, "Call with Northwind", 1, 15, 30, &[], "busy", false),
        (1, "1:1 Alex / Мария", 2, 10, 45, &[2], "busy", false),
        (5, "Support weekly sync", 2, 14, 60, &[6, 7], "busy", false),
        (4, "Демо для «ТехноСтрой»", 3, 12, 90, &[1], "busy", false),
        (5, "Dentist", 3, 9, 60, &[], "absent", true),
        (
            1,
            "Team lunch",
            4,
            13,
            90,
            &[2, 3, 4, 5, 6, 7, 8],
            "busy",
            false,
        ),
    ];
    for (owner, name, day, hour, minutes, attendees, accessibility, private) in events {
        let start = data
            .zone
            .at(monday.saturating_add(jiff::Span::new().days(day)), hour, 0);
        let end = start + jiff::SignedDuration::from_mins(minutes);
        seeding::call(
            data,
            "calendar.event.add",
            json!({
                "type": "user", "ownerId": owner, "name": name, "from": data.zone.iso(start), "to": data.zone.iso(end),
                "auto_detect_section": "Y", "is_meeting": if attendees.is_empty() { "N" } else { "Y" },
                "attendees": attendees, "accessibility": accessibility, "private_event": if private { "Y" } else { "N" },
                "location": if attendees.is_empty() { "" } else { "Переговорная 1 / Room 1" },
            }),
            owner,
            now - jiff::SignedDuration::from_hours(24 * 7),
        );
    }
    let thursday = monday.saturating_add(jiff::Span::new().days(3));
    seeding::call(
        data,
        "calendar.event.add",
        json!({
            "type": "user", "ownerId": 6, "name": "Отгул", "from": thursday.to_string(), "to": thursday.to_string(),
            "timezone_from": "Asia/Yekaterinburg", "timezone_to": "Asia/Yekaterinburg",
            "skip_time": "Y", "auto_detect_section": "Y", "accessibility": "absent",
        }),
        6,
        now - jiff::SignedDuration::from_hours(24 * 7),
    );
}

/// The shared drive with contracts, presentations and price lists, and a report of the admin's.
pub fn demo_drive(data: &mut PortalData, now: Timestamp) {
    let created = now - jiff::SignedDuration::from_hours(24 * 20);
    let root = seeding::open_shared_drive(
        data,
        "Общий диск / Shared drive",
        "shared_files_s1",
        created,
    );
    let files: [(&str, &[(&str, &str)]); 3] = [
        (
            "Договоры",
            &[
                (
                    "Договор_Ромашка_2026.txt",
                    "Договор поставки № 17 от 12.01.2026\nСтороны: ООО «Ромашка» и наша компания.\n",
                ),
                (
                    "Northwind_NDA.txt",
                    "Mutual non-disclosure agreement between Northwind Traders and us.\n",
                ),
            ],
        ),
        (
            "Presentations",
            &[(
                "Company overview.md",
                "# Company overview\n\nWe build CRM integrations.\n",
            )],
        ),
        (
            "Прайс-листы",
            &[(
                "price-2026.csv",
                "sku;name;price\nA-100;Сервер;350000\nB-200;License;12000\n",
            )],
        ),
    ];
    for (folder, items) in files {
        let folder = seeding::add_folder(data, root, folder, 1, created);
        for (name, text) in items {
            seeding::add_file(data, folder, name, text.as_bytes(), 2, created);
        }
    }
    let admin_root = seeding::drive_root(data, 1);
    let reports = seeding::add_folder(data, admin_root, "Reports", 1, created);
    seeding::add_file(
        data,
        reports,
        "Q1 report.txt",
        b"Q1 revenue: 4 200 000 RUB\nDeals won: 12\n",
        1,
        created,
    );
}
