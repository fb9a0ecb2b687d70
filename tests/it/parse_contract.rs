//! The intent contract (shared/intents.md): its examples through the `b24bot parse` binary, many
//! more phrasings through the library, and arbitrary input that must never panic.

use std::process::Command;

use b24bot::intent::{self, Context, Lang};
use jiff::Zoned;
use proptest::prelude::*;

fn moscow_monday() -> Zoned {
    "2026-03-02T10:00:00+03:00[Europe/Moscow]".parse().unwrap()
}

fn parse(text: &str, lang: Option<Lang>, now: &Zoned) -> String {
    intent::parse(
        text,
        &Context {
            lang,
            now: now.clone(),
        },
    )
    .to_json()
    .to_string()
}

// Generated from the parser's answers, each checked by hand against shared/intents.md.
const CASES: &[(&str, &str)] = &[
    ("/start", r#"{"intent":"start","slots":{},"lang":"en"}"#),
    (
        "/start abc123",
        r#"{"intent":"start","slots":{"payload":"abc123"},"lang":"en"}"#,
    ),
    ("/help", r#"{"intent":"help","slots":{},"lang":"en"}"#),
    (
        "/help deals",
        r#"{"intent":"help","slots":{"topic":"deals"},"lang":"en"}"#,
    ),
    ("help", r#"{"intent":"help","slots":{},"lang":"en"}"#),
    ("помощь", r#"{"intent":"help","slots":{},"lang":"ru"}"#),
    (
        "что ты умеешь",
        r#"{"intent":"help","slots":{},"lang":"ru"}"#,
    ),
    ("/cancel", r#"{"intent":"cancel","slots":{},"lang":"en"}"#),
    ("cancel", r#"{"intent":"cancel","slots":{},"lang":"en"}"#),
    ("отмена", r#"{"intent":"cancel","slots":{},"lang":"ru"}"#),
    ("стоп", r#"{"intent":"cancel","slots":{},"lang":"ru"}"#),
    (
        "/settings",
        r#"{"intent":"settings","slots":{},"lang":"en"}"#,
    ),
    (
        "настройки",
        r#"{"intent":"settings","slots":{},"lang":"ru"}"#,
    ),
    (
        "/lang ru",
        r#"{"intent":"lang.set","slots":{"lang":"ru"},"lang":"en"}"#,
    ),
    (
        "switch to english",
        r#"{"intent":"lang.set","slots":{"lang":"en"},"lang":"en"}"#,
    ),
    (
        "говори по-русски",
        r#"{"intent":"lang.set","slots":{"lang":"ru"},"lang":"ru"}"#,
    ),
    (
        "/tz Europe/Berlin",
        r#"{"intent":"tz.set","slots":{"tz":"Europe/Berlin"},"lang":"en"}"#,
    ),
    (
        "/deal new Acme 50000",
        r#"{"intent":"deal.create","slots":{"title":"Acme","amount":50000},"lang":"en"}"#,
    ),
    (
        "new deal Acme 50k",
        r#"{"intent":"deal.create","slots":{"title":"Acme","amount":50000},"lang":"en"}"#,
    ),
    (
        "новая сделка Ромашка 120 тыс руб",
        r#"{"intent":"deal.create","slots":{"title":"Ромашка","amount":120000,"currency":"RUB"},"lang":"ru"}"#,
    ),
    ("/deals", r#"{"intent":"deal.list","slots":{},"lang":"en"}"#),
    (
        "my deals",
        r#"{"intent":"deal.list","slots":{"scope":"mine"},"lang":"en"}"#,
    ),
    (
        "all won deals",
        r#"{"intent":"deal.list","slots":{"stage":"WON","scope":"all"},"lang":"en"}"#,
    ),
    (
        "мои сделки",
        r#"{"intent":"deal.list","slots":{"scope":"mine"},"lang":"ru"}"#,
    ),
    (
        "/deal 123",
        r#"{"intent":"deal.show","slots":{"id":123},"lang":"en"}"#,
    ),
    (
        "show deal 123",
        r#"{"intent":"deal.show","slots":{"id":123},"lang":"en"}"#,
    ),
    (
        "сделка 123",
        r#"{"intent":"deal.show","slots":{"id":123},"lang":"ru"}"#,
    ),
    (
        "/deal move 123 WON",
        r#"{"intent":"deal.move","slots":{"id":123,"stage":"WON"},"lang":"en"}"#,
    ),
    (
        "/won 123",
        r#"{"intent":"deal.move","slots":{"id":123,"stage":"WON"},"lang":"en"}"#,
    ),
    (
        "deal 123 lost",
        r#"{"intent":"deal.move","slots":{"id":123,"stage":"LOSE"},"lang":"en"}"#,
    ),
    (
        "переведи сделку 123 в выиграна",
        r#"{"intent":"deal.move","slots":{"id":123,"stage":"WON"},"lang":"ru"}"#,
    ),
    (
        "/contact Ivanov",
        r#"{"intent":"contact.search","slots":{"query":"Ivanov","by":"name"},"lang":"en"}"#,
    ),
    (
        "find contact +7 900 123-45-67",
        r#"{"intent":"contact.search","slots":{"query":"+79001234567","by":"phone"},"lang":"en"}"#,
    ),
    (
        "найди контакт Иванов",
        r#"{"intent":"contact.search","slots":{"query":"Иванов","by":"name"},"lang":"ru"}"#,
    ),
    (
        "/contact new Ivan Petrov +79001234567",
        r#"{"intent":"contact.create","slots":{"name":"Ivan Petrov","phone":"+79001234567"},"lang":"en"}"#,
    ),
    (
        "новый контакт Иван Петров ivan@mail.ru",
        r#"{"intent":"contact.create","slots":{"name":"Иван Петров","email":"ivan@mail.ru"},"lang":"ru"}"#,
    ),
    (
        "/contact 42",
        r#"{"intent":"contact.show","slots":{"id":42},"lang":"en"}"#,
    ),
    (
        "/lead new Website request",
        r#"{"intent":"lead.create","slots":{"title":"Website request"},"lang":"en"}"#,
    ),
    (
        "новый лид Заявка с сайта",
        r#"{"intent":"lead.create","slots":{"title":"Заявка с сайта"},"lang":"ru"}"#,
    ),
    ("/leads", r#"{"intent":"lead.list","slots":{},"lang":"en"}"#),
    (
        "мои лиды",
        r#"{"intent":"lead.list","slots":{},"lang":"ru"}"#,
    ),
    (
        "/company Acme",
        r#"{"intent":"company.search","slots":{"query":"Acme"},"lang":"en"}"#,
    ),
    (
        "найди компанию Ромашка",
        r#"{"intent":"company.search","slots":{"query":"Ромашка"},"lang":"ru"}"#,
    ),
    (
        "/company new Acme Corp",
        r#"{"intent":"company.create","slots":{"title":"Acme Corp"},"lang":"en"}"#,
    ),
    (
        "/task new Call Ivan tomorrow 15:00",
        r#"{"intent":"task.create","slots":{"title":"Call Ivan","deadline":"2026-03-03T15:00:00+03:00"},"lang":"en"}"#,
    ),
    (
        "remind me to send the invoice on friday",
        r#"{"intent":"task.create","slots":{"title":"send the invoice","deadline":"2026-03-06T18:00:00+03:00"},"lang":"en"}"#,
    ),
    (
        "задача позвонить Ивану завтра в 15:00",
        r#"{"intent":"task.create","slots":{"title":"позвонить Ивану","deadline":"2026-03-03T15:00:00+03:00"},"lang":"ru"}"#,
    ),
    ("/tasks", r#"{"intent":"task.list","slots":{},"lang":"en"}"#),
    (
        "my tasks for today",
        r#"{"intent":"task.list","slots":{"period":"today"},"lang":"en"}"#,
    ),
    (
        "просроченные задачи",
        r#"{"intent":"task.list","slots":{"period":"overdue"},"lang":"ru"}"#,
    ),
    (
        "/task 456",
        r#"{"intent":"task.show","slots":{"id":456},"lang":"en"}"#,
    ),
    (
        "/done 456",
        r#"{"intent":"task.complete","slots":{"id":456},"lang":"en"}"#,
    ),
    (
        "close task 456",
        r#"{"intent":"task.complete","slots":{"id":456},"lang":"en"}"#,
    ),
    (
        "задача 456 готова",
        r#"{"intent":"task.complete","slots":{"id":456},"lang":"ru"}"#,
    ),
    (
        "/comment 456 waiting for the client",
        r#"{"intent":"task.comment","slots":{"id":456,"text":"waiting for the client"},"lang":"en"}"#,
    ),
    (
        "/delegate 456 Anna",
        r#"{"intent":"task.delegate","slots":{"id":456,"to":"Anna"},"lang":"en"}"#,
    ),
    (
        "передай задачу 456 Анне",
        r#"{"intent":"task.delegate","slots":{"id":456,"to":"Анне"},"lang":"ru"}"#,
    ),
    (
        "/event new Demo tomorrow 10:00",
        r#"{"intent":"event.create","slots":{"title":"Demo","from":"2026-03-03T10:00:00+03:00"},"lang":"en"}"#,
    ),
    (
        "встреча с Ромашкой в пятницу в 11",
        r#"{"intent":"event.create","slots":{"title":"встреча с Ромашкой","from":"2026-03-06T11:00:00+03:00"},"lang":"ru"}"#,
    ),
    (
        "/events",
        r#"{"intent":"event.list","slots":{},"lang":"en"}"#,
    ),
    (
        "what's on my calendar tomorrow",
        r#"{"intent":"event.list","slots":{"period":"tomorrow"},"lang":"en"}"#,
    ),
    (
        "что у меня сегодня",
        r#"{"intent":"event.list","slots":{"period":"today"},"lang":"ru"}"#,
    ),
    ("/files", r#"{"intent":"file.list","slots":{},"lang":"en"}"#),
    (
        "/files Contracts",
        r#"{"intent":"file.list","slots":{"path":"Contracts"},"lang":"en"}"#,
    ),
    (
        "/msg Anna the contract is signed",
        r#"{"intent":"message.send","slots":{"to":"Anna","text":"the contract is signed"},"lang":"en"}"#,
    ),
    (
        "напиши Анне: договор подписан",
        r#"{"intent":"message.send","slots":{"to":"Анне","text":"договор подписан"},"lang":"ru"}"#,
    ),
    (
        "/who Anna",
        r#"{"intent":"user.search","slots":{"query":"Anna"},"lang":"en"}"#,
    ),
    (
        "кто такой Петров",
        r#"{"intent":"user.search","slots":{"query":"Петров"},"lang":"ru"}"#,
    ),
    (
        "what is the weather",
        r#"{"intent":"unknown","slots":{},"lang":"en"}"#,
    ),
    (
        "/Deal new \"Acme Corp\" 50 000",
        r#"{"intent":"deal.create","slots":{"title":"Acme Corp","amount":50000},"lang":"en"}"#,
    ),
    (
        "/deal new",
        r#"{"intent":"deal.create","slots":{},"lang":"en"}"#,
    ),
    (
        "/deal@b24bot new Acme $5,000",
        r#"{"intent":"deal.create","slots":{"title":"Acme","amount":5000,"currency":"USD"},"lang":"en"}"#,
    ),
    (
        "new deal: Acme, 1.5m",
        r#"{"intent":"deal.create","slots":{"title":"Acme","amount":1500000},"lang":"en"}"#,
    ),
    (
        "create deal Acme for 50000 USD",
        r#"{"intent":"deal.create","slots":{"title":"Acme","amount":50000,"currency":"USD"},"lang":"en"}"#,
    ),
    (
        "добавь сделку Ромашка на 50 000 ₽",
        r#"{"intent":"deal.create","slots":{"title":"Ромашка","amount":50000,"currency":"RUB"},"lang":"ru"}"#,
    ),
    (
        "создай сделку Ромашка 1,5 млн",
        r#"{"intent":"deal.create","slots":{"title":"Ромашка","amount":1500000},"lang":"ru"}"#,
    ),
    (
        "новая сделка «Ромашка» 50к",
        r#"{"intent":"deal.create","slots":{"title":"Ромашка","amount":50000},"lang":"ru"}"#,
    ),
    (
        "новая сделка ООО Ромашка 120 тыс. руб.",
        r#"{"intent":"deal.create","slots":{"title":"ООО Ромашка","amount":120000,"currency":"RUB"},"lang":"ru"}"#,
    ),
    (
        "/deals won",
        r#"{"intent":"deal.list","slots":{"stage":"WON"},"lang":"en"}"#,
    ),
    (
        "/deals all",
        r#"{"intent":"deal.list","slots":{"scope":"all"},"lang":"en"}"#,
    ),
    (
        "show me my won deals",
        r#"{"intent":"deal.list","slots":{"stage":"WON","scope":"mine"},"lang":"en"}"#,
    ),
    (
        "deals in progress",
        r#"{"intent":"deal.list","slots":{"stage":"EXECUTING"},"lang":"en"}"#,
    ),
    (
        "сделки в работе",
        r#"{"intent":"deal.list","slots":{"stage":"EXECUTING"},"lang":"ru"}"#,
    ),
    (
        "все выигранные сделки",
        r#"{"intent":"deal.list","slots":{"stage":"WON","scope":"all"},"lang":"ru"}"#,
    ),
    (
        "/deal 123 won",
        r#"{"intent":"deal.move","slots":{"id":123,"stage":"WON"},"lang":"en"}"#,
    ),
    (
        "/deal move 123 in progress",
        r#"{"intent":"deal.move","slots":{"id":123,"stage":"EXECUTING"},"lang":"en"}"#,
    ),
    (
        "move deal 123 to won",
        r#"{"intent":"deal.move","slots":{"id":123,"stage":"WON"},"lang":"en"}"#,
    ),
    (
        "mark deal 123 as lost",
        r#"{"intent":"deal.move","slots":{"id":123,"stage":"LOSE"},"lang":"en"}"#,
    ),
    (
        "сделка 123 выиграна",
        r#"{"intent":"deal.move","slots":{"id":123,"stage":"WON"},"lang":"ru"}"#,
    ),
    (
        "перемести сделку 123 на стадию в работе",
        r#"{"intent":"deal.move","slots":{"id":123,"stage":"EXECUTING"},"lang":"ru"}"#,
    ),
    (
        "переведи сделку 123 в Переговоры",
        r#"{"intent":"deal.move","slots":{"id":123,"stage":"Переговоры"},"lang":"ru"}"#,
    ),
    (
        "переведи сделку 13 в работе",
        r#"{"intent":"deal.move","slots":{"id":13,"stage":"EXECUTING"},"lang":"ru"}"#,
    ),
    (
        "перемести сделку 5 в работу",
        r#"{"intent":"deal.move","slots":{"id":5,"stage":"EXECUTING"},"lang":"ru"}"#,
    ),
    (
        "/lost 77",
        r#"{"intent":"deal.move","slots":{"id":77,"stage":"LOSE"},"lang":"en"}"#,
    ),
    (
        "/contact +7 900 123 45 67",
        r#"{"intent":"contact.search","slots":{"query":"+79001234567","by":"phone"},"lang":"en"}"#,
    ),
    (
        "/contact ivan@mail.ru",
        r#"{"intent":"contact.search","slots":{"query":"ivan@mail.ru","by":"email"},"lang":"en"}"#,
    ),
    (
        "find client Ivanov",
        r#"{"intent":"contact.search","slots":{"query":"Ivanov","by":"name"},"lang":"en"}"#,
    ),
    (
        "search contact by phone 89001234567",
        r#"{"intent":"contact.search","slots":{"query":"+79001234567","by":"phone"},"lang":"en"}"#,
    ),
    (
        "найди клиента по телефону 8 (900) 123-45-67",
        r#"{"intent":"contact.search","slots":{"query":"+79001234567","by":"phone"},"lang":"ru"}"#,
    ),
    (
        "contact 42",
        r#"{"intent":"contact.show","slots":{"id":42},"lang":"en"}"#,
    ),
    (
        "/contact new Anna Smith anna@example.com +49 170 1234567",
        r#"{"intent":"contact.create","slots":{"name":"Anna Smith","phone":"+491701234567","email":"anna@example.com"},"lang":"en"}"#,
    ),
    (
        "new contact Ivan Petrov, +7 900 123 45 67, ivan@mail.ru",
        r#"{"intent":"contact.create","slots":{"name":"Ivan Petrov","phone":"+79001234567","email":"ivan@mail.ru"},"lang":"en"}"#,
    ),
    (
        "/lead new Website request from Ivan +79001234567",
        r#"{"intent":"lead.create","slots":{"title":"Website request","name":"Ivan","phone":"+79001234567"},"lang":"en"}"#,
    ),
    (
        "создай лид Звонок с выставки",
        r#"{"intent":"lead.create","slots":{"title":"Звонок с выставки"},"lang":"ru"}"#,
    ),
    (
        "/company new Ромашка ООО",
        r#"{"intent":"company.create","slots":{"title":"Ромашка ООО"},"lang":"ru"}"#,
    ),
    (
        "/task new Prepare report friday @Anna",
        r#"{"intent":"task.create","slots":{"title":"Prepare report","deadline":"2026-03-06T18:00:00+03:00","responsible":"Anna"},"lang":"en"}"#,
    ),
    (
        "/task new Send invoice 25.12",
        r#"{"intent":"task.create","slots":{"title":"Send invoice","deadline":"2026-12-25T18:00:00+03:00"},"lang":"en"}"#,
    ),
    (
        "/task new Call back in 2 hours",
        r#"{"intent":"task.create","slots":{"title":"Call back","deadline":"2026-03-02T12:00:00+03:00"},"lang":"en"}"#,
    ),
    (
        "create task send the offer by tomorrow",
        r#"{"intent":"task.create","slots":{"title":"send the offer","deadline":"2026-03-03T18:00:00+03:00"},"lang":"en"}"#,
    ),
    (
        "remind me tomorrow at 9am to call Ivan",
        r#"{"intent":"task.create","slots":{"title":"call Ivan","deadline":"2026-03-03T09:00:00+03:00"},"lang":"en"}"#,
    ),
    (
        "новая задача отправить КП до пятницы",
        r#"{"intent":"task.create","slots":{"title":"отправить КП","deadline":"2026-03-06T18:00:00+03:00"},"lang":"ru"}"#,
    ),
    (
        "напомни позвонить клиенту через 30 минут",
        r#"{"intent":"task.create","slots":{"title":"позвонить клиенту","deadline":"2026-03-02T10:30:00+03:00"},"lang":"ru"}"#,
    ),
    (
        "задача: подготовить отчёт к понедельнику",
        r#"{"intent":"task.create","slots":{"title":"подготовить отчёт","deadline":"2026-03-09T18:00:00+03:00"},"lang":"ru"}"#,
    ),
    (
        "/tasks overdue",
        r#"{"intent":"task.list","slots":{"period":"overdue"},"lang":"en"}"#,
    ),
    (
        "tasks for tomorrow",
        r#"{"intent":"task.list","slots":{"period":"tomorrow"},"lang":"en"}"#,
    ),
    (
        "what's due today",
        r#"{"intent":"task.list","slots":{"period":"today"},"lang":"en"}"#,
    ),
    (
        "мои задачи на завтра",
        r#"{"intent":"task.list","slots":{"period":"tomorrow"},"lang":"ru"}"#,
    ),
    (
        "задачи на неделю",
        r#"{"intent":"task.list","slots":{"period":"week"},"lang":"ru"}"#,
    ),
    (
        "task 456 done",
        r#"{"intent":"task.complete","slots":{"id":456},"lang":"en"}"#,
    ),
    (
        "выполнил задачу 456",
        r#"{"intent":"task.complete","slots":{"id":456},"lang":"ru"}"#,
    ),
    (
        "комментарий к задаче 456: ждём клиента",
        r#"{"intent":"task.comment","slots":{"id":456,"text":"ждём клиента"},"lang":"ru"}"#,
    ),
    (
        "/delegate 456 to Anna Petrova",
        r#"{"intent":"task.delegate","slots":{"id":456,"to":"Anna Petrova"},"lang":"en"}"#,
    ),
    (
        "делегируй задачу 456 Петрову",
        r#"{"intent":"task.delegate","slots":{"id":456,"to":"Петрову"},"lang":"ru"}"#,
    ),
    (
        "/event new Lunch tomorrow from 13 to 14",
        r#"{"intent":"event.create","slots":{"title":"Lunch","from":"2026-03-03T13:00:00+03:00","to":"2026-03-03T14:00:00+03:00"},"lang":"en"}"#,
    ),
    (
        "schedule a meeting with Acme on friday at 3pm",
        r#"{"intent":"event.create","slots":{"title":"meeting with Acme","from":"2026-03-06T15:00:00+03:00"},"lang":"en"}"#,
    ),
    (
        "создай событие Планёрка завтра в 10:00",
        r#"{"intent":"event.create","slots":{"title":"Планёрка","from":"2026-03-03T10:00:00+03:00"},"lang":"ru"}"#,
    ),
    (
        "/events week",
        r#"{"intent":"event.list","slots":{"period":"week"},"lang":"en"}"#,
    ),
    (
        "my meetings tomorrow",
        r#"{"intent":"event.list","slots":{"period":"tomorrow"},"lang":"en"}"#,
    ),
    (
        "календарь на неделю",
        r#"{"intent":"event.list","slots":{"period":"week"},"lang":"ru"}"#,
    ),
    (
        "открой папку Договоры",
        r#"{"intent":"file.list","slots":{"path":"Договоры"},"lang":"ru"}"#,
    ),
    (
        "tell Anna the contract is signed",
        r#"{"intent":"message.send","slots":{"to":"Anna","text":"the contract is signed"},"lang":"en"}"#,
    ),
    (
        "сообщи Петрову что договор подписан",
        r#"{"intent":"message.send","slots":{"to":"Петрову","text":"договор подписан"},"lang":"ru"}"#,
    ),
    (
        "найди сотрудника Иванова",
        r#"{"intent":"user.search","slots":{"query":"Иванова"},"lang":"ru"}"#,
    ),
    (
        "по-английски пожалуйста",
        r#"{"intent":"lang.set","slots":{"lang":"en"},"lang":"ru"}"#,
    ),
    (
        "/tz europe/moscow",
        r#"{"intent":"tz.set","slots":{"tz":"Europe/Moscow"},"lang":"en"}"#,
    ),
    // Intents added after shared/intents.md (listed in the README).
    (
        "/notify Anna: the report is due",
        r#"{"intent":"message.notify","slots":{"to":"Anna","text":"the report is due"},"lang":"en"}"#,
    ),
    (
        "notify Anna: the report is due",
        r#"{"intent":"message.notify","slots":{"to":"Anna","text":"the report is due"},"lang":"en"}"#,
    ),
    (
        "уведоми Анну: отчёт сегодня",
        r#"{"intent":"message.notify","slots":{"to":"Анну","text":"отчёт сегодня"},"lang":"ru"}"#,
    ),
    (
        "/reopen 456",
        r#"{"intent":"task.reopen","slots":{"id":456},"lang":"en"}"#,
    ),
    (
        "reopen task 456",
        r#"{"intent":"task.reopen","slots":{"id":456},"lang":"en"}"#,
    ),
    (
        "верни в работу задачу 456",
        r#"{"intent":"task.reopen","slots":{"id":456},"lang":"ru"}"#,
    ),
    (
        "/check 456 Send the invoice",
        r#"{"intent":"task.checklist.add","slots":{"id":456,"text":"Send the invoice"},"lang":"en"}"#,
    ),
    (
        "add call the bank to the checklist of task 456",
        r#"{"intent":"task.checklist.add","slots":{"id":456,"text":"call the bank"},"lang":"en"}"#,
    ),
    (
        "добавь в чек-лист задачи 456: позвонить в банк",
        r#"{"intent":"task.checklist.add","slots":{"id":456,"text":"позвонить в банк"},"lang":"ru"}"#,
    ),
    (
        "/tick 456 2",
        r#"{"intent":"task.checklist.tick","slots":{"id":456,"item":2},"lang":"en"}"#,
    ),
    (
        "tick item 2 of task 456",
        r#"{"intent":"task.checklist.tick","slots":{"id":456,"item":2},"lang":"en"}"#,
    ),
    (
        "отметь пункт 2 в задаче 456",
        r#"{"intent":"task.checklist.tick","slots":{"id":456,"item":2},"lang":"ru"}"#,
    ),
    (
        "/free Olivia tomorrow 15:00",
        r#"{"intent":"calendar.free","slots":{"who":"Olivia","at":"2026-03-03T15:00:00+03:00"},"lang":"en"}"#,
    ),
    (
        "is Olivia free tomorrow at 3pm",
        r#"{"intent":"calendar.free","slots":{"who":"Olivia","at":"2026-03-03T15:00:00+03:00"},"lang":"en"}"#,
    ),
    (
        "свободна ли Ольга Попова завтра в 15",
        r#"{"intent":"calendar.free","slots":{"who":"Ольга Попова","at":"2026-03-03T15:00:00+03:00"},"lang":"ru"}"#,
    ),
    (
        "/lead 5",
        r#"{"intent":"lead.show","slots":{"id":5},"lang":"en"}"#,
    ),
    (
        "лид 5",
        r#"{"intent":"lead.show","slots":{"id":5},"lang":"ru"}"#,
    ),
    (
        "/lead 5 junk",
        r#"{"intent":"lead.status","slots":{"id":5,"status":"junk"},"lang":"en"}"#,
    ),
    (
        "move lead 5 to in progress",
        r#"{"intent":"lead.status","slots":{"id":5,"status":"in progress"},"lang":"en"}"#,
    ),
    (
        "переведи лид 5 в некачественный",
        r#"{"intent":"lead.status","slots":{"id":5,"status":"некачественный"},"lang":"ru"}"#,
    ),
    ("hello", r#"{"intent":"unknown","slots":{},"lang":"en"}"#),
    (
        "asdf qwer",
        r#"{"intent":"unknown","slots":{},"lang":"en"}"#,
    ),
];

#[test]
fn every_phrasing_lands_on_its_intent() {
    let now = moscow_monday();
    let mut wrong = Vec::new();
    for (text, expected) in CASES {
        let got = parse(text, None, &now);
        if got != *expected {
            wrong.push(format!("{text}\n  expected {expected}\n       got {got}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_contract_examples_through_the_binary() {
    let examples = [
        (
            vec![
                "--tz",
                "Europe/Moscow",
                "--now",
                "2026-03-02T10:00:00+03:00",
                "/deal new Acme 50000",
            ],
            r#"{"intent":"deal.create","slots":{"title":"Acme","amount":50000},"lang":"en"}"#,
        ),
        (
            vec![
                "--tz",
                "Europe/Moscow",
                "--now",
                "2026-03-02T10:00:00+03:00",
                "задача позвонить Ивану завтра в 15:00",
            ],
            r#"{"intent":"task.create","slots":{"title":"позвонить Ивану","deadline":"2026-03-03T15:00:00+03:00"},"lang":"ru"}"#,
        ),
        (
            vec!["find", "contact", "+7", "(900)", "123-45-67"],
            r#"{"intent":"contact.search","slots":{"query":"+79001234567","by":"phone"},"lang":"en"}"#,
        ),
        (
            vec!["what is the weather"],
            r#"{"intent":"unknown","slots":{},"lang":"en"}"#,
        ),
    ];
    for (args, expected) in examples {
        let output = Command::new(env!("CARGO_BIN_EXE_b24bot"))
            .arg("parse")
            .args(&args)
            .output()
            .unwrap();
        assert!(output.status.success(), "{args:?}: {output:?}");
        assert_eq!(
            String::from_utf8(output.stdout).unwrap(),
            format!("{expected}\n"),
            "{args:?}"
        );
    }
}

#[test]
fn a_bad_option_names_itself_and_exits_2() {
    for (args, option) in [
        (["--tz", "Mars/Olympus", "hi"], "--tz"),
        (["--lang", "de", "hi"], "--lang"),
        (["--now", "yesterday", "hi"], "--now"),
    ] {
        let output = Command::new(env!("CARGO_BIN_EXE_b24bot"))
            .arg("parse")
            .args(args)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&output.stderr).starts_with(option));
    }
}

#[test]
fn a_forced_language_is_reported_and_phrases_of_the_other_still_work() {
    let now = moscow_monday();
    assert_eq!(
        parse("мои сделки", Some(Lang::En), &now),
        r#"{"intent":"deal.list","slots":{"scope":"mine"},"lang":"en"}"#
    );
    assert_eq!(
        parse("/deals", Some(Lang::Ru), &now),
        r#"{"intent":"deal.list","slots":{},"lang":"ru"}"#
    );
}

#[test]
fn dates_resolve_in_the_users_zone_with_its_offset() {
    let yekaterinburg: Zoned = "2026-03-02T10:00:00+05:00[Asia/Yekaterinburg]"
        .parse()
        .unwrap();
    assert_eq!(
        parse("задача позвонить завтра в 15:00", None, &yekaterinburg),
        r#"{"intent":"task.create","slots":{"title":"позвонить","deadline":"2026-03-03T15:00:00+05:00"},"lang":"ru"}"#
    );
    // Berlin moves to summer time on 29 March 2026: the offset is the one of that instant.
    let berlin: Zoned = "2026-03-27T12:00:00+01:00[Europe/Berlin]".parse().unwrap();
    assert_eq!(
        parse("/task new Report monday 9:00", None, &berlin),
        r#"{"intent":"task.create","slots":{"title":"Report","deadline":"2026-03-30T09:00:00+02:00"},"lang":"en"}"#
    );
}

#[test]
fn a_time_already_past_today_means_tomorrow() {
    let evening: Zoned = "2026-03-02T20:00:00+03:00[Europe/Moscow]".parse().unwrap();
    assert_eq!(
        parse("/task new Call at 9:30", None, &evening),
        r#"{"intent":"task.create","slots":{"title":"Call","deadline":"2026-03-03T09:30:00+03:00"},"lang":"en"}"#
    );
}

#[test]
fn a_message_two_intents_could_mean_is_unknown() {
    let now = moscow_monday();
    for text in ["Acme", "find Ivanov", "deal", "123", ""] {
        assert_eq!(
            parse(text, None, &now),
            format!(
                r#"{{"intent":"unknown","slots":{{}},"lang":"{}"}}"#,
                Lang::detect(text)
            ),
            "{text}"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn no_input_panics(text in "\\PC{0,80}") {
        let json = intent::parse(&text, &Context { lang: None, now: moscow_monday() }).to_json();
        prop_assert!(json["intent"].is_string());
        prop_assert!(json["slots"].is_object());
    }

    #[test]
    fn no_command_or_phrase_shape_panics(
        head in prop::sample::select(vec![
            "/deal new", "/deal move", "/task new", "/event new", "/contact new", "/msg", "/delegate",
            "/comment", "/deals", "/tasks", "/tz", "/lang", "new deal", "новая сделка", "задача",
            "remind me to", "встреча", "переведи сделку", "find contact", "напиши",
        ]),
        tail in "[0-9a-zа-я .,:;$€₽+()@#/\\-]{0,40}",
    ) {
        let text = format!("{head} {tail}");
        let json = intent::parse(&text, &Context { lang: None, now: moscow_monday() }).to_json();
        prop_assert!(json["intent"].is_string());
    }
}
