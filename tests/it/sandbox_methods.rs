//! The sandbox's methods called directly on a seeded portal: response shapes against the
//! documented examples (keys and JSON types), pagination, filters, and each family's quirks.

use b24bot::sandbox::error::ApiError;
use b24bot::sandbox::methods::{self, Call, Output};
use b24bot::sandbox::store::{PortalData, Seed};
use jiff::Timestamp;
use serde_json::{Value, json};

const BASE: &str = "http://127.0.0.1:8024";

struct Portal {
    data: PortalData,
    now: Timestamp,
    user: u64,
}

impl Portal {
    fn demo() -> Portal {
        Self::with(Seed::Demo)
    }

    fn with(seed: Seed) -> Portal {
        // A Monday morning, Moscow time.
        let now: Timestamp = "2026-03-02T07:00:00Z".parse().unwrap();
        Portal {
            data: PortalData::seeded(seed, now),
            now,
            user: 1,
        }
    }

    fn call(&mut self, method: &str, params: Value) -> Result<Output, ApiError> {
        let spec = methods::find(method).unwrap_or_else(|| panic!("{method} is not served"));
        let call = Call {
            method: spec,
            params: &params,
            user_id: self.user,
            now: self.now,
            base_url: BASE,
        };
        methods::execute(&mut self.data, &call)
    }

    fn ok(&mut self, method: &str, params: Value) -> Output {
        self.call(method, params)
            .unwrap_or_else(|e| panic!("{method} failed: {e:?}"))
    }

    fn result(&mut self, method: &str, params: Value) -> Value {
        self.ok(method, params).result
    }

    fn err(&mut self, method: &str, params: Value) -> ApiError {
        match self.call(method, params) {
            Ok(out) => panic!("{method} should fail, answered {:?}", out.result),
            Err(e) => e,
        }
    }
}

fn ids(rows: &Value) -> Vec<u64> {
    rows.as_array()
        .unwrap()
        .iter()
        .map(|r| r["ID"].as_str().unwrap().parse().unwrap())
        .collect()
}

fn is_iso_with_moscow_offset(value: &Value) -> bool {
    value
        .as_str()
        .is_some_and(|s| s.len() == 25 && s.ends_with("+03:00") && s.as_bytes()[10] == b'T')
}

// ---- lookup ----

#[test]
fn method_names_are_found_in_any_letter_case() {
    assert_eq!(
        methods::find("CRM.Deal.List").unwrap().name,
        "crm.deal.list"
    );
    assert_eq!(methods::find("crm.deal.list").unwrap().scope, Some("crm"));
    assert_eq!(methods::find("server.time").unwrap().scope, None);
    assert!(methods::find("crm.deal.fly").is_none());
}

// ---- CRM deals ----

#[test]
fn deal_get_has_the_documented_keys_and_string_types() {
    let mut portal = Portal::demo();
    let deal = portal.result("crm.deal.get", json!({"id": 1}));
    for key in [
        "ID",
        "TITLE",
        "TYPE_ID",
        "STAGE_ID",
        "CURRENCY_ID",
        "ASSIGNED_BY_ID",
        "CATEGORY_ID",
        "COMPANY_ID",
        "CONTACT_ID",
        "OPENED",
        "CLOSED",
        "IS_NEW",
        "STAGE_SEMANTIC_ID",
    ] {
        assert!(deal[key].is_string(), "{key} should be a string: {deal}");
    }
    assert_eq!(deal["ID"], "1");
    assert_eq!(deal["CATEGORY_ID"], "0");
    assert_eq!(deal["OPPORTUNITY"], "350000.00");
    assert_eq!(deal["TAX_VALUE"], "0.00");
    assert_eq!(deal["OPENED"], "Y");
    assert_eq!(deal["STAGE_SEMANTIC_ID"], "P");
    assert!(deal["LEAD_ID"].is_null());
    assert!(
        is_iso_with_moscow_offset(&deal["DATE_CREATE"]),
        "{}",
        deal["DATE_CREATE"]
    );
    assert!(
        deal["BEGINDATE"]
            .as_str()
            .unwrap()
            .ends_with("T00:00:00+03:00")
    );
    assert_eq!(deal["COMMENTS"], "[B]Priority client[/B]");
}

#[test]
fn deal_add_update_delete_round_trip() {
    let mut portal = Portal::demo();
    let id = portal.result(
        "crm.deal.add",
        json!({"fields": {"TITLE": "New deal", "STAGE_ID": "NEW", "OPPORTUNITY": 5000, "CURRENCY_ID": "RUB", "NO_SUCH_FIELD": 1}}),
    );
    assert!(id.is_u64(), "add answers an integer id: {id}");
    let deal = portal.result("crm.deal.get", json!({"ID": id}));
    assert_eq!(deal["OPPORTUNITY"], "5000.00");
    assert_eq!(deal["ASSIGNED_BY_ID"], "1");
    assert!(deal.get("NO_SUCH_FIELD").is_none());
    assert_eq!(
        portal.result(
            "crm.deal.update",
            json!({"id": id, "fields": {"STAGE_ID": "WON"}})
        ),
        json!(true)
    );
    let deal = portal.result("crm.deal.get", json!({"id": id.to_string()}));
    assert_eq!(
        (deal["STAGE_SEMANTIC_ID"].as_str(), deal["CLOSED"].as_str()),
        (Some("S"), Some("Y"))
    );
    assert_eq!(
        portal.result("crm.deal.delete", json!({"id": id})),
        json!(true)
    );
    let gone = portal.err("crm.deal.get", json!({"id": id}));
    assert_eq!(
        (gone.status, gone.code.as_str(), gone.description.as_str()),
        (400, "", "Not found")
    );
}

#[test]
fn deal_stage_must_belong_to_its_pipeline_and_category_is_immutable() {
    let mut portal = Portal::demo();
    let id = portal.result(
        "crm.deal.add",
        json!({"fields": {"TITLE": "P", "CATEGORY_ID": 1}}),
    );
    let deal = portal.result("crm.deal.get", json!({"id": id}));
    assert_eq!(deal["STAGE_ID"], "C1:NEW");
    assert_eq!(deal["CATEGORY_ID"], "1");
    portal.err(
        "crm.deal.update",
        json!({"id": id, "fields": {"STAGE_ID": "WON"}}),
    );
    portal.ok(
        "crm.deal.update",
        json!({"id": id, "fields": {"CATEGORY_ID": 0, "STAGE_ID": "C1:WON"}}),
    );
    assert_eq!(
        portal.result("crm.deal.get", json!({"id": id}))["CATEGORY_ID"],
        "1"
    );
}

#[test]
fn legacy_get_needs_a_positive_id() {
    let mut portal = Portal::demo();
    let e = portal.err("crm.deal.get", json!({"id": "abc"}));
    assert_eq!(e.description, "ID is not defined or invalid.");
    assert_eq!(
        portal.err("crm.contact.delete", json!({"id": 99999})).code,
        "ERROR_CORE"
    );
}

#[test]
fn deal_fields_describes_types() {
    let mut portal = Portal::demo();
    let fields = portal.result("crm.deal.fields", json!({}));
    assert_eq!(fields["STAGE_ID"]["type"], "crm_status");
    assert_eq!(fields["STAGE_ID"]["statusType"], "DEAL_STAGE");
    assert_eq!(fields["ID"]["isReadOnly"], true);
    assert_eq!(fields["CATEGORY_ID"]["isImmutable"], true);
    assert_eq!(fields["OPPORTUNITY"]["type"], "double");
    assert_eq!(fields["TITLE"]["title"], "Name");
}

// ---- pagination ----

#[test]
fn pages_of_fifty_with_total_and_next() {
    let mut portal = Portal::with(Seed::Empty);
    portal.data.add_bulk_deals(120, portal.now);
    let first = portal.ok("crm.deal.list", json!({"order": {"ID": "ASC"}}));
    assert_eq!((first.total, first.next), (Some(120), Some(50)));
    assert_eq!(first.result.as_array().unwrap().len(), 50);
    let rounded = portal.ok(
        "crm.deal.list",
        json!({"order": {"ID": "ASC"}, "start": 75}),
    );
    assert_eq!(
        ids(&rounded.result)[0],
        51,
        "start=75 is rounded down to 50"
    );
    assert_eq!(rounded.next, Some(100));
    let last = portal.ok(
        "crm.deal.list",
        json!({"order": {"ID": "ASC"}, "start": "100"}),
    );
    assert_eq!(
        (last.result.as_array().unwrap().len(), last.next, last.total),
        (20, None, Some(120))
    );
    let beyond = portal.ok("crm.deal.list", json!({"start": 500}));
    assert_eq!(
        (beyond.result, beyond.next, beyond.total),
        (json!([]), None, Some(120))
    );
}

#[test]
fn start_minus_one_gives_full_pages_without_total() {
    let mut portal = Portal::with(Seed::Empty);
    portal.data.add_bulk_deals(120, portal.now);
    let mut last = 0;
    let mut seen = 0;
    loop {
        let page = portal.ok(
            "crm.deal.list",
            json!({"order": {"ID": "ASC"}, "filter": {">ID": last}, "select": ["ID"], "start": -1}),
        );
        assert_eq!((page.total, page.next), (None, None));
        let rows = ids(&page.result);
        seen += rows.len();
        if rows.len() < 50 {
            assert_eq!(rows.len(), 20);
            break;
        }
        last = *rows.last().unwrap();
    }
    assert_eq!(seen, 120);
}

#[test]
fn order_is_honoured_both_ways() {
    let mut portal = Portal::demo();
    let desc = portal.result(
        "crm.deal.list",
        json!({"order": {"OPPORTUNITY": "desc"}, "select": ["ID", "OPPORTUNITY"]}),
    );
    let amounts: Vec<f64> = desc
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["OPPORTUNITY"].as_str().unwrap().parse().unwrap())
        .collect();
    assert!(amounts.windows(2).all(|w| w[0] >= w[1]), "{amounts:?}");
    let by_title = portal.result("crm.company.list", json!({"order": {"TITLE": "ASC"}}));
    let titles: Vec<String> = by_title
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["TITLE"].as_str().unwrap().to_lowercase())
        .collect();
    let mut sorted = titles.clone();
    sorted.sort();
    assert_eq!(titles, sorted);
    portal.err("crm.deal.list", json!({"order": {"NO_SUCH": "ASC"}}));
}

#[test]
fn ten_thousand_deals_list_quickly() {
    let mut portal = Portal::with(Seed::Empty);
    portal.data.add_bulk_deals(10_000, portal.now);
    let started = std::time::Instant::now();
    let page = portal.ok(
        "crm.deal.list",
        json!({"filter": {">ID": 9_000}, "order": {"ID": "ASC"}, "start": -1}),
    );
    assert_eq!(ids(&page.result)[0], 9_001);
    let counted = portal.ok(
        "crm.deal.list",
        json!({"filter": {">=OPPORTUNITY": 200_000}}),
    );
    assert!(counted.total.unwrap() > 4_000);
    assert!(
        started.elapsed() < std::time::Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
}

// ---- filters ----

fn deal_ids(portal: &mut Portal, filter: Value) -> Vec<u64> {
    ids(&portal.result(
        "crm.deal.list",
        json!({"filter": filter, "order": {"ID": "ASC"}, "select": ["ID"]}),
    ))
}

#[test]
fn every_filter_prefix() {
    let mut portal = Portal::demo();
    assert_eq!(deal_ids(&mut portal, json!({"ID": 3})), vec![3]);
    assert_eq!(deal_ids(&mut portal, json!({"=ID": "3"})), vec![3]);
    assert!(!deal_ids(&mut portal, json!({"!ID": 3})).contains(&3));
    assert!(!deal_ids(&mut portal, json!({"!=ID": 3})).contains(&3));
    assert_eq!(deal_ids(&mut portal, json!({">ID": 10})), vec![11, 12]);
    assert_eq!(deal_ids(&mut portal, json!({">=ID": 11})), vec![11, 12]);
    assert_eq!(deal_ids(&mut portal, json!({"<ID": 3})), vec![1, 2]);
    assert_eq!(deal_ids(&mut portal, json!({"<=ID": 2})), vec![1, 2]);
    assert_eq!(deal_ids(&mut portal, json!({"@ID": [2, "4"]})), vec![2, 4]);
    assert_eq!(
        deal_ids(&mut portal, json!({"ID": [2, 4]})),
        vec![2, 4],
        "a list without prefix is IN"
    );
    assert_eq!(
        deal_ids(
            &mut portal,
            json!({"!@ID": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]})
        ),
        vec![11, 12]
    );
    assert_eq!(
        deal_ids(&mut portal, json!({"%TITLE": "northwind"})),
        vec![2, 7]
    );
    assert_eq!(
        deal_ids(&mut portal, json!({"=%TITLE": "Northwind%"})),
        vec![2, 7]
    );
    assert_eq!(
        deal_ids(&mut portal, json!({"%=TITLE": "%contract"})),
        vec![2]
    );
    assert_eq!(
        deal_ids(&mut portal, json!({"!%TITLE": "northwind"})).len(),
        10
    );
    let not_northwind = deal_ids(&mut portal, json!({"!=%TITLE": "Northwind%"}));
    assert_eq!(not_northwind.len(), 10);
    assert_eq!(
        deal_ids(&mut portal, json!({"!%=TITLE": "Northwind%"})),
        not_northwind
    );
    // Numbers compare as numbers, not as text ("1200000.00" > "350000.00").
    assert_eq!(
        deal_ids(&mut portal, json!({">OPPORTUNITY": 1_000_000})),
        vec![2, 4]
    );
    assert_eq!(
        deal_ids(
            &mut portal,
            json!({">OPPORTUNITY": "1000000.00", "<OPPORTUNITY": 2_000_000})
        ),
        vec![2]
    );
    // Dates compare as instants whatever their spelling.
    let future = deal_ids(&mut portal, json!({">CLOSEDATE": "2026-03-31"}));
    assert_eq!(future, vec![4, 10]);
    assert_eq!(
        deal_ids(
            &mut portal,
            json!({">CLOSEDATE": "2026-03-31T00:00:00+03:00"})
        ),
        future
    );
    assert_eq!(
        deal_ids(
            &mut portal,
            json!({"<DATE_CREATE": "2026-01-10T00:00:00+03:00"})
        ),
        vec![1, 2]
    );
    // Text equality ignores case; empty means "not set".
    assert_eq!(deal_ids(&mut portal, json!({"STAGE_ID": "won"})), vec![6]);
    assert_eq!(deal_ids(&mut portal, json!({"LEAD_ID": ""})).len(), 12);
    assert_eq!(deal_ids(&mut portal, json!({"!LEAD_ID": ""})).len(), 0);
    assert_eq!(deal_ids(&mut portal, json!({"CLOSED": "Y"})), vec![6, 7, 8]);
}

#[test]
fn filter_misuse_is_an_error() {
    let mut portal = Portal::demo();
    let list = portal.err("crm.deal.list", json!({"filter": {">ID": [1, 2]}}));
    assert_eq!(list.status, 400);
    assert!(
        list.description.contains("single value"),
        "{}",
        list.description
    );
    portal.err("crm.deal.list", json!({"filter": {"%STAGE_ID": "WO"}}));
    portal.err("crm.deal.list", json!({"filter": {"%COMPANY_ID": "1"}}));
    portal.err("crm.contact.list", json!({"filter": {"%PHONE": "900"}}));
    portal.err("crm.deal.list", json!({"filter": {"NO_SUCH_FIELD": 1}}));
    portal.err("crm.deal.list", json!({"filter": {">OPPORTUNITY": "lots"}}));
    assert_eq!(
        portal
            .err("crm.deal.list", json!({"filter": "x"}))
            .description,
        "Parameter 'filter' must be array."
    );
}

#[test]
fn legacy_parameter_names_in_any_case() {
    let mut portal = Portal::demo();
    let upper = portal.result(
        "crm.deal.list",
        json!({"FILTER": {"ID": 2}, "SELECT": ["ID", "TITLE"], "ORDER": {"ID": "DESC"}}),
    );
    assert_eq!(ids(&upper), vec![2]);
    let row = &upper[0];
    assert_eq!(
        row.as_object().unwrap().len(),
        2,
        "only the selected fields: {row}"
    );
    let id = portal.result("crm.deal.add", json!({"FIELDS": {"TITLE": "Upper"}}));
    assert_eq!(
        portal.result("crm.deal.get", json!({"ID": id}))["TITLE"],
        "Upper"
    );
}

// ---- contacts and multi-fields ----

#[test]
fn multi_fields_are_listed_only_when_selected_and_match_exactly() {
    let mut portal = Portal::demo();
    let plain = portal.result("crm.contact.list", json!({"filter": {"ID": 1}}));
    assert!(plain[0].get("PHONE").is_none());
    let with_phone = portal.result(
        "crm.contact.list",
        json!({"filter": {"ID": 1}, "select": ["*", "PHONE"]}),
    );
    let phone = &with_phone[0]["PHONE"][0];
    assert_eq!(phone["VALUE"], "+7 (900) 123-45-67");
    for key in ["ID", "VALUE_TYPE", "VALUE", "TYPE_ID"] {
        assert!(phone[key].is_string(), "{key}");
    }
    assert_eq!(phone["TYPE_ID"], "PHONE");
    assert!(with_phone[0].get("EMAIL").is_none());
    let found = portal.result(
        "crm.contact.list",
        json!({"filter": {"PHONE": "+7 (900) 123-45-67"}}),
    );
    assert_eq!(ids(&found), vec![1]);
    let not_normalised = portal.result(
        "crm.contact.list",
        json!({"filter": {"PHONE": "+79001234567"}}),
    );
    assert_eq!(not_normalised, json!([]));
    let by_email = portal.result(
        "crm.contact.list",
        json!({"filter": {"EMAIL": "I.Petrov@romashka.ru"}}),
    );
    assert_eq!(ids(&by_email), vec![1]);
}

#[test]
fn multi_field_update_appends_modifies_and_deletes() {
    let mut portal = Portal::demo();
    let id = portal.result(
        "crm.contact.add",
        json!({"fields": {"NAME": "Anna", "PHONE": [{"VALUE": "+491701234567", "VALUE_TYPE": "WORK"}, {"VALUE": "+491709999999"}]}}),
    );
    let contact = portal.result("crm.contact.get", json!({"id": id}));
    assert_eq!(contact["HAS_PHONE"], "Y");
    let phones = contact["PHONE"].as_array().unwrap().clone();
    let first: u64 = phones[0]["ID"].as_str().unwrap().parse().unwrap();
    let second: u64 = phones[1]["ID"].as_str().unwrap().parse().unwrap();
    portal.ok(
        "crm.contact.update",
        json!({"id": id, "fields": {"PHONE": [
            {"ID": first, "DELETE": "Y"},
            {"ID": second, "VALUE": "+491700000000", "VALUE_TYPE": "MOBILE"},
            {"VALUE": "+491711111111", "VALUE_TYPE": "HOME"},
        ]}}),
    );
    let contact = portal.result("crm.contact.get", json!({"id": id}));
    let values: Vec<(&str, &str)> = contact["PHONE"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["VALUE"].as_str().unwrap(),
                p["VALUE_TYPE"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        values,
        vec![("+491700000000", "MOBILE"), ("+491711111111", "HOME")]
    );
    let empty_value = contact["PHONE"][0]["ID"].clone();
    portal.ok(
        "crm.contact.update",
        json!({"id": id, "fields": {"PHONE": [{"ID": empty_value, "VALUE": ""}]}}),
    );
    assert_eq!(
        portal.result("crm.contact.get", json!({"id": id}))["PHONE"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    let bad = portal.err(
        "crm.contact.add",
        json!({"fields": {"NAME": "X", "EMAIL": [{"VALUE": "not-an-email"}]}}),
    );
    assert_eq!(bad.code, "ERROR_CORE");
}

#[test]
fn find_by_comm_normalises_phone_spellings() {
    let mut portal = Portal::demo();
    for spelling in [
        "+7 (900) 123-45-67",
        "89001234567",
        "+79001234567",
        "9001234567",
        "+7 900 123 45 67 ext. 12",
        "007 900 123-45-67",
    ] {
        let found = portal.result(
            "crm.duplicate.findbycomm",
            json!({"type": "PHONE", "values": [spelling]}),
        );
        assert_eq!(found, json!({"CONTACT": [1]}), "{spelling}");
    }
    let lead = portal.result(
        "crm.duplicate.findbycomm",
        json!({"type": "phone", "values": ["+7 903 123-45-67"], "entity_type": "LEAD"}),
    );
    assert_eq!(lead, json!({"LEAD": [3]}));
    let by_email = portal.result(
        "crm.duplicate.findbycomm",
        json!({"type": "EMAIL", "values": ["SALES@northwind.example"]}),
    );
    assert_eq!(by_email, json!({"COMPANY": [2]}));
    let nothing = portal.result(
        "crm.duplicate.findbycomm",
        json!({"type": "PHONE", "values": ["+1 000 000 0000"]}),
    );
    assert_eq!(nothing, json!([]));
    portal.err(
        "crm.duplicate.findbycomm",
        json!({"type": "FAX", "values": ["1"]}),
    );
    portal.err(
        "crm.duplicate.findbycomm",
        json!({"type": "PHONE", "values": ["1"], "entity_type": "DEAL"}),
    );
}

// ---- statuses, pipelines, deal contacts, comments, activities ----

#[test]
fn status_list_matches_the_documented_row() {
    let mut portal = Portal::demo();
    let out = portal.ok(
        "crm.status.list",
        json!({"filter": {"ENTITY_ID": "DEAL_STAGE"}}),
    );
    assert_eq!(out.total, Some(8));
    let first = &out.result[0];
    assert_eq!(first["STATUS_ID"], "NEW");
    assert_eq!(first["SORT"], "10");
    assert_eq!(first["SYSTEM"], "Y");
    assert!(first["SEMANTICS"].is_null() && first["CATEGORY_ID"].is_null());
    assert_eq!(first["EXTRA"]["SEMANTICS"], "process");
    let won = out
        .result
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["STATUS_ID"] == "WON")
        .unwrap();
    assert_eq!(won["SEMANTICS"], "S");
    let pipeline = portal.result(
        "crm.status.list",
        json!({"filter": {"ENTITY_ID": "DEAL_STAGE_1"}}),
    );
    assert_eq!(pipeline[0]["STATUS_ID"], "C1:NEW");
    assert_eq!(pipeline[0]["CATEGORY_ID"], "1");
}

#[test]
fn category_list_has_integer_ids_and_the_default_pipeline() {
    let mut portal = Portal::demo();
    let out = portal.ok("crm.category.list", json!({"entityTypeId": 2}));
    assert_eq!(out.total, Some(2));
    let categories = out.result["categories"].as_array().unwrap();
    let default = categories.iter().find(|c| c["id"] == 0).unwrap();
    assert_eq!(default["isDefault"], "Y");
    assert!(default.get("originId").is_none());
    assert_eq!(
        categories.iter().find(|c| c["id"] == 1).unwrap()["originId"],
        ""
    );
    assert_eq!(
        portal
            .err("crm.category.list", json!({"entityTypeId": 999}))
            .code,
        "NOT_FOUND"
    );
}

#[test]
fn deal_contact_items_are_integers() {
    let mut portal = Portal::demo();
    let items = portal.result("crm.deal.contact.items.get", json!({"id": 1}));
    assert_eq!(
        items,
        json!([{"CONTACT_ID": 1, "SORT": 10, "ROLE_ID": 0, "IS_PRIMARY": "Y"}])
    );
    let id = portal.result("crm.deal.add", json!({"fields": {"TITLE": "No contacts"}}));
    assert_eq!(
        portal.result("crm.deal.contact.items.get", json!({"id": id})),
        json!([])
    );
    let id = portal.result(
        "crm.deal.add",
        json!({"fields": {"TITLE": "Two", "CONTACT_IDS": [2, 3]}}),
    );
    let items = portal.result("crm.deal.contact.items.get", json!({"id": id}));
    assert_eq!(items.as_array().unwrap().len(), 2);
}

#[test]
fn timeline_comment_add_answers_an_id() {
    let mut portal = Portal::demo();
    let id = portal.result(
        "crm.timeline.comment.add",
        json!({"fields": {"ENTITY_ID": 1, "ENTITY_TYPE": "deal", "COMMENT": "Called"}}),
    );
    assert!(id.is_u64());
    let e = portal.err(
        "crm.timeline.comment.add",
        json!({"fields": {"ENTITY_ID": 9999, "ENTITY_TYPE": "deal", "COMMENT": "x"}}),
    );
    assert_eq!(e.code, "OWNER_NOT_FOUND");
}

#[test]
fn activities_add_list_update() {
    let mut portal = Portal::demo();
    let missing = portal.err(
        "crm.activity.add",
        json!({"fields": {"OWNER_TYPE_ID": 2, "OWNER_ID": 1, "TYPE_ID": 2}}),
    );
    assert_eq!(
        missing.description,
        "The field SUBJECT is not defined or empty."
    );
    let no_comms = portal.err(
        "crm.activity.add",
        json!({"fields": {"OWNER_TYPE_ID": 2, "OWNER_ID": 1, "TYPE_ID": 2, "SUBJECT": "Call"}}),
    );
    assert_eq!(
        no_comms.description,
        "The field COMMUNICATIONS is not defined or invalid."
    );
    let id = portal.result("crm.activity.add", json!({"fields": {
        "OWNER_TYPE_ID": 2, "OWNER_ID": 1, "TYPE_ID": 2, "SUBJECT": "Call back", "COMMUNICATIONS": [{"VALUE": "+79001234567"}],
        "START_TIME": "2026-03-03T10:00:00+03:00",
    }}));
    assert!(id.is_u64());
    let rows = portal.result(
        "crm.activity.list",
        json!({"filter": {"OWNER_ID": 1, "OWNER_TYPE_ID": 2}}),
    );
    let row = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ID"] == id.to_string().as_str())
        .unwrap();
    assert_eq!(
        (
            row["TYPE_ID"].as_str(),
            row["COMPLETED"].as_str(),
            row["STATUS"].as_str()
        ),
        (Some("2"), Some("N"), Some("1"))
    );
    assert_eq!(row["SETTINGS"], json!([]));
    assert!(
        row.get("COMMUNICATIONS").is_none(),
        "communications only when selected"
    );
    let selected = portal.result(
        "crm.activity.list",
        json!({"filter": {"ID": id}, "select": ["ID", "COMMUNICATIONS"]}),
    );
    assert_eq!(selected[0]["COMMUNICATIONS"][0]["TYPE"], "PHONE");
    portal.ok(
        "crm.activity.update",
        json!({"id": id, "fields": {"COMPLETED": "Y"}}),
    );
    assert_eq!(
        portal.result("crm.activity.get", json!({"id": id}))["STATUS"],
        "2"
    );
    assert_eq!(
        portal.result("crm.activity.delete", json!({"id": id})),
        json!(true)
    );
}

// ---- people ----

#[test]
fn server_time_and_profile() {
    let mut portal = Portal::demo();
    assert_eq!(
        portal.result("server.time", json!({})),
        "2026-03-02T10:00:00+03:00"
    );
    let profile = portal.result("profile", json!({}));
    assert_eq!(profile["ID"], "1");
    assert_eq!(profile["ADMIN"], true);
    assert_eq!(profile["NAME"], "Alex");
    assert_eq!(profile["PERSONAL_GENDER"], "M");
    assert_eq!(profile["TIME_ZONE"], "");
    assert_eq!(profile["TIME_ZONE_OFFSET"], 10_800);
    portal.user = 3;
    let john = portal.result("profile", json!({}));
    assert_eq!(
        (john["ADMIN"].as_bool(), john["TIME_ZONE"].as_str()),
        (Some(false), Some("Europe/London"))
    );
    assert_eq!(john["TIME_ZONE_OFFSET"], 0);
}

#[test]
fn users_have_the_documented_mixed_types() {
    let mut portal = Portal::demo();
    let me = portal.result("user.current", json!({}));
    assert_eq!(me["ID"], "1");
    assert_eq!(me["ACTIVE"], true);
    assert_eq!(me["UF_DEPARTMENT"], json!([1]));
    assert!(me["IS_ONLINE"] == "Y" || me["IS_ONLINE"] == "N");
    assert_eq!(me["USER_TYPE"], "employee");
    let all = portal.ok("user.get", json!({}));
    assert_eq!(all.total, Some(9), "the former employee is listed too");
    let active = portal.ok(
        "user.get",
        json!({"FILTER": {"ACTIVE": true}, "request_id": "ignored"}),
    );
    assert_eq!(active.total, Some(8));
    let sales = portal.result(
        "user.get",
        json!({"FILTER": {"UF_DEPARTMENT": 2}, "sort": "ID", "order": "DESC"}),
    );
    assert_eq!(ids(&sales), vec![9, 4, 3, 2]);
    let top_level = portal.result("user.get", json!({"UF_DEPARTMENT": 3}));
    assert_eq!(ids(&top_level), vec![5, 6, 7]);
    let like = portal.result("user.get", json!({"filter": {"NAME": "Em%"}}));
    assert_eq!(ids(&like), vec![5]);
    let not_like = portal.result("user.get", json!({"filter": {"!%LAST_NAME": "ов"}}));
    assert!(!ids(&not_like).contains(&2));
    let fast = portal.ok("user.get", json!({"start": -1}));
    assert_eq!((fast.total, fast.next), (None, None));
    let found = portal.result("user.search", json!({"FILTER": {"FIND": "carter"}}));
    assert_eq!(ids(&found), vec![3]);
    let by_position = portal.result(
        "user.search",
        json!({"FILTER": {"WORK_POSITION": "support"}}),
    );
    assert_eq!(ids(&by_position), vec![5, 7]);
}

#[test]
fn departments_have_integer_sort() {
    let mut portal = Portal::demo();
    let out = portal.ok("department.get", json!({}));
    assert_eq!(out.total, Some(3));
    let sales = portal.result("department.get", json!({"ID": 2}));
    assert_eq!(sales[0]["NAME"], "Отдел продаж");
    assert_eq!(sales[0]["SORT"], 500);
    assert_eq!(sales[0]["PARENT"], "1");
    assert_eq!(sales[0]["UF_HEAD"], "2");
    assert!(
        out.result[0].get("PARENT").is_none(),
        "the root has no parent"
    );
}

#[test]
fn deactivated_users_are_reported() {
    let portal = Portal::demo();
    assert!(portal.data.is_active_user(1));
    assert!(!portal.data.is_active_user(99));
    assert!(
        !portal.data.is_active_user(9),
        "user 9 has left the company"
    );
    let webhooks = portal.data.webhooks();
    assert_eq!(
        webhooks.len(),
        10,
        "one per employee, the former one included, and the restricted one"
    );
    assert!(webhooks.iter().any(|w| w.user_id == 9));
    assert_eq!(webhooks[0].name, "Alex Morgan");
    assert!(
        webhooks
            .iter()
            .filter(|w| !w.restricted)
            .all(|w| w.scopes.len() == 8)
    );
    let restricted = webhooks.iter().find(|w| w.restricted).unwrap();
    assert!(
        !restricted
            .scopes
            .iter()
            .any(|s| s == "imbot" || s == "disk")
    );
    let again = PortalData::seeded(Seed::Demo, portal.now + jiff::SignedDuration::from_hours(5));
    assert_eq!(
        again
            .webhooks()
            .iter()
            .map(|w| w.secret.clone())
            .collect::<Vec<_>>(),
        webhooks
            .iter()
            .map(|w| w.secret.clone())
            .collect::<Vec<_>>(),
        "secrets are fixed"
    );
    let empty = PortalData::seeded(Seed::Empty, portal.now);
    assert_eq!(empty.webhooks().len(), 1);
    assert_eq!(empty.time_zone(), "Europe/Moscow");
}

// ---- tasks ----

#[test]
fn task_list_is_wrapped_camel_case_and_strings() {
    let mut portal = Portal::demo();
    let out = portal.ok("tasks.task.list", json!({}));
    let result = out.result.as_object().unwrap();
    assert_eq!(
        result.keys().collect::<Vec<_>>(),
        vec!["tasks"],
        "exactly {{\"tasks\": […]}}"
    );
    assert_eq!(out.total, Some(9));
    let tasks = out.result["tasks"].as_array().unwrap();
    assert_eq!(tasks[0]["id"], "9", "default order is ID DESC");
    let task = &tasks[0];
    for key in [
        "id",
        "title",
        "status",
        "priority",
        "responsibleId",
        "createdBy",
        "groupId",
        "subStatus",
    ] {
        assert!(task[key].is_string(), "{key}: {task}");
    }
    assert!(task["auditors"].is_array());
    assert_eq!(task["auditorsData"], json!([]));
    assert!(task["action"]["edit.originator"].is_boolean());
    assert!(is_iso_with_moscow_offset(&task["deadline"]));
}

#[test]
fn task_filters_follow_the_portal_clock() {
    let mut portal = Portal::demo();
    let overdue = portal.result(
        "tasks.task.list",
        json!({"filter": {"STATUS": -1}, "select": ["ID", "TITLE"]}),
    );
    let titles: Vec<&str> = overdue["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles,
        vec!["Подготовить коммерческое предложение для «Ромашки»"]
    );
    assert_eq!(overdue["tasks"][0]["subStatus"], "-1");
    let mine = portal.result(
        "tasks.task.list",
        json!({"filter": {"RESPONSIBLE_ID": 1}, "order": {"DEADLINE": "asc"}}),
    );
    assert_eq!(mine["tasks"].as_array().unwrap().len(), 2);
    let member = portal.result("tasks.task.list", json!({"filter": {"MEMBER": 1}}));
    assert!(member["tasks"].as_array().unwrap().len() >= 5);
    let due_today = portal.result(
        "tasks.task.list",
        json!({"filter": {">=DEADLINE": "2026-03-02T00:00:00+03:00", "<DEADLINE": "2026-03-03"}}),
    );
    assert_eq!(due_today["tasks"].as_array().unwrap().len(), 2);
    portal.now += jiff::SignedDuration::from_hours(8 * 24);
    let later = portal.result("tasks.task.list", json!({"filter": {"STATUS": -1}}));
    assert_eq!(
        later["tasks"].as_array().unwrap().len(),
        7,
        "every open task with a deadline is overdue a week later"
    );
    let e = portal.err("tasks.task.list", json!({"order": {"NOPE": "asc"}}));
    assert_eq!(
        (e.code.as_str(), e.description.as_str()),
        ("0", "Invalid sorting key (internal error)")
    );
}

#[test]
fn task_life_cycle() {
    let mut portal = Portal::demo();
    let e = portal.err("tasks.task.add", json!({"fields": {"RESPONSIBLE_ID": 2}}));
    assert_eq!(
        (e.code.as_str(), e.description.as_str()),
        ("ERROR_CORE", "Task title is not specified<br>")
    );
    assert_eq!(portal.err("tasks.task.add", json!({})).code, "100");
    let added = portal.result("tasks.task.add", json!({"fields": {"TITLE": "Write report", "RESPONSIBLE_ID": 2, "DEADLINE": "2026-03-05T18:00:00+03:00", "AUDITORS": [3]}}));
    let task = &added["task"];
    assert_eq!(task["title"], "Write report");
    assert_eq!(task["status"], "2");
    assert_eq!(task["auditors"], json!(["3"]));
    assert_eq!(task["auditorsData"]["3"]["name"], "John Carter");
    let id: u64 = task["id"].as_str().unwrap().parse().unwrap();
    let updated = portal.result(
        "tasks.task.update",
        json!({"taskId": id, "fields": {"TITLE": "Write the report"}}),
    );
    assert_eq!(updated["task"]["title"], "Write the report");
    let done = portal.result("tasks.task.complete", json!({"taskId": id}));
    assert_eq!(done["task"]["status"], "5");
    assert!(is_iso_with_moscow_offset(&done["task"]["closedDate"]));
    assert_eq!(
        portal.result("tasks.task.renew", json!({"taskId": id}))["task"]["status"],
        "2"
    );
    let delegated = portal.result("tasks.task.delegate", json!({"taskId": id, "userId": 4}));
    assert_eq!(delegated["task"]["responsibleId"], "4");
    let selected = portal.result(
        "tasks.task.get",
        json!({"taskId": id, "select": ["ID", "TITLE"]}),
    );
    let keys: Vec<&String> = selected["task"].as_object().unwrap().keys().collect();
    assert_eq!(keys, vec!["id", "title", "status", "group", "subStatus"]);
    assert_eq!(
        portal.result("tasks.task.delete", json!({"taskId": id})),
        json!({"task": true})
    );
    assert_eq!(
        portal.result("tasks.task.get", json!({"taskId": id})),
        json!([]),
        "a missing task is []"
    );
}

#[test]
fn checklist_items_are_positional() {
    let mut portal = Portal::demo();
    let first = portal.result(
        "task.checklistitem.add",
        json!([4, {"TITLE": "Read the draft"}]),
    );
    assert!(first.is_u64());
    let second = portal.result(
        "task.checklistitem.add",
        json!({"0": 4, "1": {"TITLE": "Sign"}}),
    );
    let list = portal.result("task.checklistitem.getlist", json!([4]));
    let titles: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["TITLE"].as_str().unwrap())
        .collect();
    assert_eq!(titles, vec!["Read the draft", "Sign"]);
    assert_eq!(list[0]["IS_COMPLETE"], "N");
    assert_eq!(list[0]["TASK_ID"], "4");
    assert_eq!(
        portal.result("task.checklistitem.complete", json!([4, first])),
        json!(true)
    );
    let item = portal.result("task.checklistitem.get", json!([4, first]));
    assert_eq!(item["IS_COMPLETE"], "Y");
    assert!(is_iso_with_moscow_offset(&item["TOGGLED_DATE"]));
    portal.ok("task.checklistitem.renew", json!([4, first]));
    portal.ok(
        "task.checklistitem.moveafteritem",
        json!([4, first, second]),
    );
    let moved = portal.result(
        "task.checklistitem.getlist",
        json!([4, {"SORT_INDEX": "ASC"}]),
    );
    assert_eq!(moved[1]["ID"], first.to_string().as_str());
    portal.ok(
        "task.checklistitem.update",
        json!([4, first, {"TITLE": "Read it twice"}]),
    );
    assert_eq!(
        portal.result("task.checklistitem.isactionallowed", json!([4, first, 2])),
        json!(true)
    );
    assert_eq!(
        portal.result("task.checklistitem.delete", json!([4, first])),
        json!(true)
    );
    let wrong = portal.err(
        "task.checklistitem.add",
        json!({"TASKID": 4, "FIELDS": {"TITLE": "x"}}),
    );
    assert!(
        wrong.description.contains("WRONG_ARGUMENTS"),
        "{}",
        wrong.description
    );
    assert_eq!(
        portal
            .err("task.checklistitem.get", json!([4, 99_999]))
            .code,
        "ERROR_CORE"
    );
}

#[test]
fn comments_are_positional_and_newest_first() {
    let mut portal = Portal::demo();
    let id = portal.result(
        "task.commentitem.add",
        json!([1, {"POST_MESSAGE": "Ready for review"}]),
    );
    assert!(id.is_u64());
    let list = portal.result("task.commentitem.getlist", json!([1]));
    assert_eq!(list[0]["ID"], id.to_string().as_str());
    assert_eq!(list[0]["POST_MESSAGE"], "Ready for review");
    assert_eq!(list[0]["AUTHOR_NAME"], "Alex Morgan");
    assert!(list[0]["POST_MESSAGE_HTML"].is_null());
    let by_author = portal.result(
        "task.commentitem.getlist",
        json!([1, {"ID": "asc"}, {"AUTHOR_ID": 2}]),
    );
    assert_eq!(by_author.as_array().unwrap().len(), 1);
    portal.ok(
        "task.commentitem.update",
        json!([1, id, {"POST_MESSAGE": "Reviewed"}]),
    );
    assert_eq!(
        portal.result("task.commentitem.get", json!([1, id]))["POST_MESSAGE"],
        "Reviewed"
    );
    assert_eq!(
        portal.result("task.commentitem.delete", json!([1, id])),
        json!(true)
    );
    let task = portal.result("tasks.task.get", json!({"taskId": 1}));
    assert_eq!(task["task"]["commentsCount"], "2");
}

// ---- messenger ----

#[test]
fn messages_reach_inboxes_and_history() {
    let mut portal = Portal::demo();
    let id = portal.result(
        "im.message.add",
        json!({"DIALOG_ID": "2", "MESSAGE": "Hello Maria"}),
    );
    assert!(id.is_u64());
    let inbox = portal.data.inbox(2);
    let last = inbox.last().unwrap();
    assert_eq!(
        (
            last.kind,
            last.from_user_id,
            last.dialog_id.as_str(),
            last.text.as_str()
        ),
        ("message", 1, "1", "Hello Maria")
    );
    let history = portal.result("im.dialog.messages.get", json!({"DIALOG_ID": "2"}));
    let messages = history["messages"].as_array().unwrap();
    assert_eq!(messages[0]["text"], "Hello Maria", "newest first");
    assert!(
        messages[0]["id"].is_u64()
            && messages[0]["author_id"].is_u64()
            && history["chat_id"].is_u64()
    );
    assert_eq!(messages[0]["params"], json!([]));
    assert!(is_iso_with_moscow_offset(&messages[0]["date"]));
    let older = portal.result(
        "im.dialog.messages.get",
        json!({"DIALOG_ID": "2", "LAST_ID": id, "LIMIT": 1}),
    );
    assert_eq!(older["messages"].as_array().unwrap().len(), 1);
    assert_eq!(older["messages"][0]["text"], "Thanks, Maria!");
    let chat = portal.result(
        "im.message.add",
        json!({"DIALOG_ID": "chat1", "MESSAGE": "Team, good news"}),
    );
    assert!(chat.is_u64());
    assert_eq!(portal.data.inbox(4).last().unwrap().dialog_id, "chat1");
    assert!(
        portal
            .data
            .inbox(5)
            .iter()
            .all(|item| item.dialog_id != "chat1"),
        "only members get chat messages"
    );
    assert_eq!(
        portal
            .err("im.message.add", json!({"DIALOG_ID": "2", "MESSAGE": " "}))
            .code,
        "MESSAGE_EMPTY"
    );
    assert_eq!(
        portal
            .err(
                "im.message.add",
                json!({"DIALOG_ID": "999", "MESSAGE": "x"})
            )
            .code,
        "USER_NOT_FOUND"
    );
    portal.user = 6;
    assert_eq!(
        portal
            .err(
                "im.message.add",
                json!({"DIALOG_ID": "chat1", "MESSAGE": "x"})
            )
            .code,
        "ACCESS_ERROR"
    );
}

#[test]
fn recent_list_and_counters() {
    let mut portal = Portal::demo();
    let recent = portal.result("im.recent.list", json!({}));
    let items = recent["items"].as_array().unwrap();
    assert_eq!(
        items[0]["id"], 3,
        "a user dialog has an integer id; newest first"
    );
    let chat = items.iter().find(|i| i["type"] == "chat").unwrap();
    assert_eq!(chat["id"], "chat1");
    assert!(chat["chat_id"].is_u64() && chat["message"]["id"].is_u64());
    assert_eq!(recent["hasMore"], false);
    assert!(items[0]["last_id"].is_u64() && items[0]["user"]["bot"] == false);
    assert_eq!(items[0]["user"]["email"], "john.carter@example.com");
    let paged = portal.result("im.recent.list", json!({"LIMIT": 1}));
    assert_eq!(
        (
            paged["items"].as_array().unwrap().len(),
            paged["hasMore"].as_bool()
        ),
        (1, Some(true))
    );
    let second = portal.result("im.recent.list", json!({"LIMIT": 1, "OFFSET": 1}));
    assert_eq!(second["items"][0]["id"], items[1]["id"]);
    let counters = portal.result("im.counters.get", json!({}));
    assert_eq!(counters["TYPE"]["DIALOG"], 1);
    assert_eq!(counters["DIALOG"], json!({"3": 1}));
    assert_eq!(counters["TYPE"]["NOTIFY"], 1);
    assert_eq!(counters["CHAT_MUTED"], json!([]));
    portal.user = 8;
    let nothing = portal.result("im.counters.get", json!({}));
    assert_eq!(
        (nothing["CHAT"].clone(), nothing["DIALOG"].clone()),
        (json!([]), json!([]))
    );
}

#[test]
fn notifications_and_chats() {
    let mut portal = Portal::demo();
    let id = portal.result(
        "im.notify.personal.add",
        json!({"USER_ID": 5, "MESSAGE": "Deal won!"}),
    );
    assert!(id.is_u64());
    let note = portal
        .data
        .inbox(5)
        .into_iter()
        .find(|i| i.kind == "notification")
        .unwrap();
    assert_eq!((note.from_user_id, note.text.as_str()), (1, "Deal won!"));
    portal.ok(
        "im.notify.system.add",
        json!({"USER_ID": 5, "MESSAGE": "Reminder"}),
    );
    assert_eq!(portal.data.inbox(5).last().unwrap().from_user_id, 0);
    let chat = portal.result("im.chat.add", json!({"USERS": [5, 6], "TITLE": "Support", "ENTITY_TYPE": "TICKET", "ENTITY_ID": "7", "MESSAGE": "Kick-off"}));
    assert!(chat.is_u64());
    assert_eq!(
        portal.result(
            "im.chat.get",
            json!({"ENTITY_TYPE": "TICKET", "ENTITY_ID": "7"})
        ),
        json!({"ID": chat})
    );
    assert_eq!(
        portal.result(
            "im.chat.get",
            json!({"ENTITY_TYPE": "TICKET", "ENTITY_ID": "8"})
        ),
        Value::Null
    );
    assert_eq!(portal.data.inbox(6).last().unwrap().text, "Kick-off");
}

// ---- chat bots 2.0 ----

fn register_bot(portal: &mut Portal) -> u64 {
    let out = portal.result(
        "imbot.v2.Bot.register",
        json!({"fields": {"code": "b24bot", "botToken": "secret-token", "properties": {"name": "Helper"}, "eventMode": "fetch"}}),
    );
    assert_eq!(out["bot"]["eventMode"], "fetch");
    assert_eq!(out["users"][0]["bot"], true);
    out["bot"]["id"].as_u64().unwrap()
}

#[test]
fn bot_registration_needs_a_short_token_and_is_idempotent() {
    let mut portal = Portal::demo();
    let no_token = portal.err(
        "imbot.v2.Bot.register",
        json!({"fields": {"code": "x", "properties": {"name": "X"}}}),
    );
    assert_eq!(no_token.code, "BOT_TOKEN_NOT_SPECIFIED");
    let long = "t".repeat(41);
    portal.err(
        "imbot.v2.Bot.register",
        json!({"fields": {"code": "x", "botToken": long, "properties": {"name": "X"}}}),
    );
    assert_eq!(
        portal
            .err(
                "imbot.v2.Bot.register",
                json!({"fields": {"botToken": "t", "properties": {"name": "X"}}})
            )
            .code,
        "BOT_CODE_REQUIRED"
    );
    let id = register_bot(&mut portal);
    assert!(id > 8, "a bot takes a user id");
    assert_eq!(register_bot(&mut portal), id);
    let bots = portal.data.bots();
    assert_eq!(
        (bots.len(), bots[0].event_mode.as_str(), bots[0].owner),
        (1, "fetch", 1)
    );
    let listed = portal.result("imbot.v2.Bot.list", json!({"botToken": "secret-token"}));
    assert_eq!(listed["bots"][0]["id"], id);
    portal.user = 2;
    let taken = portal.err(
        "imbot.v2.Bot.register",
        json!({"fields": {"code": "b24bot", "botToken": "other", "properties": {"name": "Y"}}}),
    );
    assert_eq!(taken.code, "BOT_CODE_ALREADY_TAKEN");
    let foreign = portal.err(
        "imbot.v2.Event.get",
        json!({"botId": id, "botToken": "secret-token"}),
    );
    assert_eq!(
        (foreign.status, foreign.code.as_str()),
        (403, "BOT_OWNERSHIP_ERROR")
    );
    portal.user = 1;
    assert_eq!(
        portal.err("imbot.v2.Event.get", json!({"botId": id})).code,
        "BOT_TOKEN_NOT_SPECIFIED"
    );
    assert_eq!(
        portal
            .err(
                "imbot.v2.Event.get",
                json!({"botId": id, "botToken": "wrong"})
            )
            .code,
        "BOT_OWNERSHIP_ERROR"
    );
    assert_eq!(
        portal.result(
            "imbot.v2.Bot.unregister",
            json!({"botId": id, "botToken": "secret-token"})
        ),
        json!(true)
    );
    assert!(portal.data.bots().is_empty());
}

#[test]
fn employee_messages_become_bot_events_acknowledged_by_offset() {
    let mut portal = Portal::demo();
    let bot = register_bot(&mut portal);
    let poll = |portal: &mut Portal, extra: Value| {
        let mut params = json!({"botId": bot, "botToken": "secret-token"});
        params
            .as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        portal.result("imbot.v2.Event.get", params)
    };
    let empty = poll(&mut portal, json!({}));
    assert_eq!(
        (empty["events"].clone(), empty["hasMore"].clone()),
        (json!([]), json!(false))
    );
    portal.user = 2;
    portal.ok(
        "im.message.add",
        json!({"DIALOG_ID": bot.to_string(), "MESSAGE": "покажи мои задачи"}),
    );
    portal.user = 3;
    portal.ok(
        "im.message.add",
        json!({"DIALOG_ID": bot.to_string(), "MESSAGE": "my deals"}),
    );
    portal.ok(
        "im.message.add",
        json!({"DIALOG_ID": "chat1", "MESSAGE": "no mention here"}),
    );
    portal.ok("im.message.add", json!({"DIALOG_ID": "chat1", "MESSAGE": format!("[USER={bot}]Helper[/USER] report please")}));
    portal.user = 1;
    let first = poll(&mut portal, json!({"limit": 2}));
    let events = first["events"].as_array().unwrap();
    assert_eq!(events.len(), 2);
    assert_eq!(first["hasMore"], true);
    let event = &events[0];
    assert_eq!(event["type"], "ONIMBOTV2MESSAGEADD");
    assert!(event["eventId"].is_u64());
    let data = &event["data"];
    assert_eq!(data["message"]["text"], "покажи мои задачи");
    assert_eq!(data["message"]["authorId"], 2);
    assert_eq!(data["message"]["isSystem"], false);
    assert_eq!(data["chat"]["dialogId"], "2");
    assert_eq!(data["user"]["id"], 2);
    assert_eq!(data["language"], "ru");
    assert_eq!(events[1]["data"]["language"], "en");
    let next = first["nextOffset"].as_u64().unwrap();
    assert_eq!(next, events[1]["eventId"].as_u64().unwrap() + 1);
    let again = poll(&mut portal, json!({}));
    assert_eq!(
        again["events"].as_array().unwrap().len(),
        3,
        "nothing is acknowledged without offset"
    );
    let user_events = portal.err(
        "imbot.v2.Event.get",
        json!({"botId": bot, "botToken": "secret-token", "withUserEvents": true}),
    );
    assert_eq!(user_events.code, "USER_NOT_SUBSCRIBED");
    let second = poll(&mut portal, json!({"offset": next}));
    let rest = second["events"].as_array().unwrap();
    assert_eq!(rest.len(), 1);
    assert_eq!(rest[0]["data"]["chat"]["dialogId"], "chat1");
    assert_eq!(rest[0]["data"]["chat"]["type"], "chat");
    let done = poll(&mut portal, json!({"offset": second["nextOffset"]}));
    assert_eq!(done["events"], json!([]));
    assert_eq!(done["nextOffset"], second["nextOffset"]);
}

#[test]
fn bot_replies_reach_the_inbox_and_history() {
    let mut portal = Portal::demo();
    let bot = register_bot(&mut portal);
    let keyboard = json!([{"TEXT": "Yes", "COMMAND": "yes"}, {"TEXT": "No", "COMMAND": "no"}]);
    let sent = portal.result(
        "imbot.v2.Chat.Message.send",
        json!({
            "botId": bot, "botToken": "secret-token", "dialogId": "2",
            "fields": {"message": "You have 2 tasks due today", "keyboard": keyboard},
        }),
    );
    assert!(sent["id"].is_u64());
    let item = portal.data.inbox(2).into_iter().last().unwrap();
    assert_eq!(
        (
            item.from_user_id,
            item.dialog_id.clone(),
            item.text.as_str()
        ),
        (bot, bot.to_string(), "You have 2 tasks due today")
    );
    portal.user = 2;
    let history = portal.result(
        "im.dialog.messages.get",
        json!({"DIALOG_ID": bot.to_string()}),
    );
    assert_eq!(history["messages"][0]["author_id"], bot);
    assert_eq!(history["messages"][0]["params"]["KEYBOARD"], keyboard);
    assert!(
        history["users"]
            .as_array()
            .unwrap()
            .iter()
            .any(|u| u["id"] == bot && u["bot"] == true)
    );
    portal.user = 1;
    let e = portal.err("imbot.v2.Chat.Message.send", json!({"botId": bot, "botToken": "secret-token", "dialogId": "chat1", "fields": {"message": "hi"}}));
    assert_eq!(
        e.code, "ACCESS_ERROR",
        "a bot speaks only in chats it was brought into"
    );
    assert_eq!(
        portal
            .err(
                "imbot.v2.Chat.Message.send",
                json!({"botId": bot, "botToken": "secret-token", "dialogId": "2", "fields": {}})
            )
            .code,
        "MESSAGE_EMPTY"
    );
}

// ---- calendar ----

#[test]
fn calendar_events_print_locale_dates_and_utc_timestamps() {
    let mut portal = Portal::demo();
    let sections = portal.result(
        "calendar.section.get",
        json!({"type": "user", "ownerId": 1}),
    );
    let section = sections[0]["ID"].as_str().unwrap().to_owned();
    assert_eq!(sections[0]["CAL_TYPE"], "user");
    assert_eq!(
        sections[0]["DATE_CREATE"].as_str().unwrap().len(),
        19,
        "SQL style"
    );
    let id = portal.result(
        "calendar.event.add",
        json!({
            "type": "user", "ownerId": 1, "name": "Budget review", "section": section,
            "from": "2026-03-04T15:00:00+03:00", "to": "2026-03-04T16:30:00+03:00",
            "timezone_from": "Europe/Moscow", "timezone_to": "Europe/Moscow",
            "is_meeting": "Y", "attendees": [1, 2], "description": "Q2",
        }),
    );
    assert!(id.is_u64(), "add answers an integer id");
    let event = portal.result("calendar.event.getbyid", json!({"id": id}));
    assert_eq!(event["ID"], id.to_string().as_str());
    assert_eq!(event["DATE_FROM"], "04.03.2026 15:00:00");
    assert_eq!(event["DATE_TO"], "04.03.2026 16:30:00");
    assert_eq!(event["DATE_FROM_TS_UTC"], "1772625600");
    assert_eq!(event["TZ_FROM"], "Europe/Moscow");
    assert_eq!(event["TZ_OFFSET_FROM"], "10800");
    assert_eq!(event["DT_LENGTH"], 5400);
    assert_eq!(event["IS_MEETING"], true);
    assert_eq!(
        event["ATTENDEE_LIST"][1],
        json!({"id": 2, "entryId": id.to_string(), "status": "Q"})
    );
    // A naive time without a zone is the calling user's wall clock (John is in London).
    portal.user = 3;
    let london = portal.result(
        "calendar.event.add",
        json!({
            "type": "user", "ownerId": 3, "name": "Standup", "auto_detect_section": "Y",
            "from": "2026-03-04 09:00:00", "to": "2026-03-04 09:15:00",
        }),
    );
    let london = portal.result("calendar.event.getbyid", json!({"id": london}));
    assert_eq!(
        (london["TZ_FROM"].as_str(), london["DATE_FROM"].as_str()),
        (Some("Europe/London"), Some("04.03.2026 09:00:00"))
    );
    assert_eq!(london["DATE_FROM_TS_UTC"], "1772614800");
    portal.user = 1;
    let updated = portal.result("calendar.event.update", json!({"id": id, "type": "user", "ownerId": 1, "name": "Budget review (moved)", "from": "2026-03-04T17:00:00+03:00"}));
    assert_eq!(updated, id, "update answers the id, not true");
    let moved = portal.result("calendar.event.getbyid", json!({"id": id}));
    assert_eq!(
        (moved["DATE_FROM"].as_str(), moved["DATE_TO"].as_str()),
        (Some("04.03.2026 17:00:00"), Some("04.03.2026 18:30:00"))
    );
    let maria = portal.result(
        "calendar.event.get",
        json!({"type": "user", "ownerId": 2, "from": "2026-03-04", "to": "2026-03-04"}),
    );
    assert!(
        maria
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["NAME"] == "Budget review (moved)"),
        "attendees see meetings"
    );
    let missing = portal.err("calendar.event.add", json!({"type": "user", "ownerId": 1, "section": section, "from": "2026-03-04", "to": "2026-03-04"}));
    assert_eq!(
        missing.description,
        "The required parameter \"name\" for the method \"calendar.event.add\" is not set"
    );
    assert_eq!(
        portal.result("calendar.event.delete", json!({"id": id})),
        json!(true)
    );
    portal.err("calendar.event.getbyid", json!({"id": id}));
}

#[test]
fn demo_week_and_accessibility() {
    let mut portal = Portal::demo();
    let week = portal.result(
        "calendar.event.get",
        json!({"type": "user", "ownerId": 1, "from": "2026-03-02", "to": "2026-03-08"}),
    );
    let names: Vec<&str> = week
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["NAME"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        vec!["1:1 Alex / Мария", "Демо для «ТехноСтрой»", "Team lunch"]
    );
    let day_off = portal.result(
        "calendar.event.get",
        json!({"type": "user", "ownerId": 6, "from": "2026-03-05", "to": "2026-03-05"}),
    );
    let day_off = day_off
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["NAME"] == "Отгул")
        .unwrap()
        .clone();
    assert_eq!(
        (
            day_off["DT_SKIP_TIME"].as_str(),
            day_off["DATE_FROM"].as_str()
        ),
        (Some("Y"), Some("05.03.2026"))
    );
    let busy = portal.result(
        "calendar.accessibility.get",
        json!({"users": [5, 8], "from": "2026-03-05", "to": "2026-03-05"}),
    );
    let emily = busy["5"].as_array().unwrap();
    assert_eq!(emily[0]["NAME"], "[busy]", "private events hide their name");
    assert_eq!(emily[0]["ACCESSIBILITY"], "absent");
    assert_eq!(busy["8"], json!([]));
}

// ---- drive ----

fn token_of(url: &Value) -> String {
    let url = url.as_str().unwrap();
    assert!(
        url.starts_with(&format!("{BASE}/rest/download.json?token=")),
        "{url}"
    );
    url.split("token=").nth(1).unwrap().to_owned()
}

#[test]
fn storages_and_children() {
    let mut portal = Portal::demo();
    // An employee sees their own drive and the shared one; the administrator every drive.
    portal.user = 3;
    let storages = portal.ok("disk.storage.getlist", json!({}));
    assert_eq!(storages.total, Some(2), "own drive and the shared one");
    portal.user = 1;
    let every = portal.ok("disk.storage.getlist", json!({}));
    assert_eq!(
        every.total,
        Some(9),
        "eight employees' drives and the shared one"
    );
    let shared = storages
        .result
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["ENTITY_TYPE"] == "common")
        .unwrap()
        .clone();
    assert_eq!(shared["MODULE_ID"], "disk");
    assert!(shared["ID"].is_string() && shared["ROOT_OBJECT_ID"].is_string());
    let folders = portal.result("disk.storage.getchildren", json!({"id": shared["ID"]}));
    let names: Vec<&str> = folders
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["NAME"].as_str().unwrap())
        .collect();
    assert_eq!(names, vec!["Договоры", "Presentations", "Прайс-листы"]);
    assert_eq!(folders[0]["TYPE"], "folder");
    assert_eq!(folders[0]["DELETED_TYPE"], "0");
    let files = portal.result("disk.folder.getchildren", json!({"id": folders[0]["ID"]}));
    let file = &files[0];
    assert_eq!(file["TYPE"], "file");
    assert!(file["SIZE"].is_string() && file["FILE_ID"].is_string());
    let (name, bytes) = portal
        .data
        .download(&token_of(&file["DOWNLOAD_URL"]))
        .unwrap();
    assert_eq!(name, "Договор_Ромашка_2026.txt");
    assert!(
        String::from_utf8(bytes)
            .unwrap()
            .starts_with("Договор поставки")
    );
    let e = portal.err("disk.folder.get", json!({"id": 99_999}));
    assert_eq!(
        (e.code.as_str(), e.description.as_str()),
        ("ERROR_NOT_FOUND", "Could not find entity with id `99999`")
    );
    assert_eq!(
        portal.err("disk.file.get", json!({})).code,
        "ERROR_ARGUMENT"
    );
}

#[test]
fn upload_with_base64_and_with_the_upload_url() {
    let mut portal = Portal::demo();
    let storage = portal.result(
        "disk.storage.getlist",
        json!({"filter": {"ENTITY_TYPE": "user"}}),
    )[0]["ID"]
        .clone();
    let folder = portal.result(
        "disk.storage.addfolder",
        json!({"id": storage, "data": {"NAME": "Scans"}}),
    );
    assert!(folder["ID"].is_u64(), "a fresh folder has an integer ID");
    let folder_id = folder["ID"].as_u64().unwrap();
    let uploaded = portal.result("disk.folder.uploadfile", json!({
        "id": folder_id, "data": {"NAME": "hello.txt"}, "fileContent": ["ignored.txt", "SGVsbG8sIHdvcmxkIQ=="],
    }));
    assert!(uploaded["ID"].is_u64() && uploaded["FILE_ID"].is_u64());
    assert_eq!(uploaded["DELETED_TYPE"], 0);
    assert_eq!(uploaded["SIZE"], "13");
    assert!(uploaded["STORAGE_ID"].is_string());
    assert_eq!(
        portal
            .data
            .download(&token_of(&uploaded["DOWNLOAD_URL"]))
            .unwrap()
            .1,
        b"Hello, world!"
    );
    let stored = portal.result("disk.file.get", json!({"id": uploaded["ID"]}));
    assert_eq!(
        stored["ID"],
        uploaded["ID"].to_string().as_str(),
        "a later get prints the ID as a string"
    );
    let clash = portal.err(
        "disk.folder.uploadfile",
        json!({"id": folder_id, "data": {"NAME": "hello.txt"}, "fileContent": ["a", "SGk="]}),
    );
    assert_eq!(clash.code, "DISK_OBJ_22000");
    let renamed = portal.result("disk.folder.uploadfile", json!({"id": folder_id, "data": {"NAME": "hello.txt"}, "fileContent": ["a", "SGk="], "generateUniqueName": true}));
    assert_eq!(renamed["NAME"], "hello (1).txt");
    let announced = portal.result(
        "disk.folder.uploadfile",
        json!({"id": folder_id, "data": {"NAME": "scan.pdf"}}),
    );
    assert_eq!(announced["field"], "file");
    let url = announced["uploadUrl"].as_str().unwrap();
    assert!(url.starts_with(&format!("{BASE}/rest/upload.json?token=")));
    let token = url.split("token=").nth(1).unwrap();
    let file = portal
        .data
        .upload(token, "whatever.pdf", b"%PDF".to_vec(), portal.now, BASE)
        .unwrap();
    assert_eq!(
        (file["NAME"].as_str(), file["SIZE"].as_str()),
        (Some("scan.pdf"), Some("4"))
    );
    assert!(file["ID"].is_u64());
    assert_eq!(
        portal
            .data
            .upload(token, "again.pdf", Vec::new(), portal.now, BASE)
            .unwrap_err()
            .code,
        "ERROR_NOT_FOUND",
        "a token works once"
    );
    let children = portal.ok("disk.folder.getchildren", json!({"id": folder_id}));
    assert_eq!(children.total, Some(3));
}

#[test]
fn rename_copy_move_trash_restore_delete() {
    let mut portal = Portal::demo();
    let storage = portal.result(
        "disk.storage.getlist",
        json!({"filter": {"ENTITY_TYPE": "user"}}),
    )[0]["ID"]
        .clone();
    let a = portal.result(
        "disk.storage.addfolder",
        json!({"id": storage, "data": {"NAME": "A"}}),
    )["ID"]
        .clone();
    let b = portal.result(
        "disk.storage.addfolder",
        json!({"id": storage, "data": {"NAME": "B"}}),
    )["ID"]
        .clone();
    let file = portal.result(
        "disk.folder.uploadfile",
        json!({"id": a, "data": {"NAME": "x.txt"}, "fileContent": ["x.txt", "eA=="]}),
    )["ID"]
        .clone();
    assert_eq!(
        portal.result("disk.file.rename", json!({"id": file, "newName": "y.txt"}))["NAME"],
        "y.txt"
    );
    assert_eq!(
        portal.result("disk.folder.rename", json!({"id": a, "newName": "A2"}))["NAME"],
        "A2"
    );
    let copy = portal.result("disk.file.copyto", json!({"id": file, "targetFolderId": b}));
    assert_eq!(copy["PARENT_ID"], b.to_string().as_str());
    let clash = portal.err("disk.file.moveto", json!({"id": file, "targetFolderId": b}));
    assert_eq!(clash.code, "DISK_OBJ_22000");
    portal.ok(
        "disk.file.rename",
        json!({"id": copy["ID"], "newName": "copy.txt"}),
    );
    let moved = portal.result("disk.file.moveto", json!({"id": file, "targetFolderId": b}));
    assert_eq!(moved["NAME"], "y.txt");
    assert_eq!(
        portal.ok("disk.folder.getchildren", json!({"id": b})).total,
        Some(2)
    );
    let trashed = portal.result("disk.file.markdeleted", json!({"id": file}));
    assert_eq!(trashed["DELETED_TYPE"], "3");
    assert_eq!(
        portal.ok("disk.folder.getchildren", json!({"id": b})).total,
        Some(1)
    );
    let url = trashed["DOWNLOAD_URL"].clone();
    assert!(
        portal.data.download(&token_of(&url)).is_none(),
        "files in the bin are not served"
    );
    assert_eq!(
        portal.result("disk.file.restore", json!({"id": file}))["DELETED_TYPE"],
        "0"
    );
    let folder = portal.result("disk.folder.markdeleted", json!({"id": b}));
    assert_eq!(folder["DELETED_TYPE"], "3");
    assert_eq!(
        portal.result("disk.file.get", json!({"id": file}))["DELETED_TYPE"],
        "4",
        "deleted with its folder"
    );
    assert_eq!(
        portal.result("disk.file.delete", json!({"id": copy["ID"]})),
        json!(true)
    );
    assert_eq!(
        portal.result("disk.folder.deletetree", json!({"id": b})),
        json!(true)
    );
    assert_eq!(
        portal.err("disk.file.get", json!({"id": file})).code,
        "ERROR_NOT_FOUND"
    );
}

#[test]
fn deal_contact_id_follows_the_contact_list() {
    let mut portal = Portal::demo();
    let id = portal.result(
        "crm.deal.add",
        json!({"fields": {"TITLE": "Listed", "CONTACT_IDS": [3, 2]}}),
    );
    assert_eq!(
        portal.result("crm.deal.get", json!({"id": id}))["CONTACT_ID"],
        "3"
    );
    portal.ok(
        "crm.deal.update",
        json!({"id": id, "fields": {"CONTACT_ID": 2}}),
    );
    let items = portal.result("crm.deal.contact.items.get", json!({"id": id}));
    assert_eq!(
        (
            items[0]["CONTACT_ID"].as_u64(),
            items[1]["CONTACT_ID"].as_u64()
        ),
        (Some(2), Some(3))
    );
    portal.ok(
        "crm.deal.update",
        json!({"id": id, "fields": {"CONTACT_ID": ""}}),
    );
    assert_eq!(
        portal.result("crm.deal.get", json!({"id": id}))["CONTACT_ID"],
        "3"
    );
    portal.ok(
        "crm.deal.update",
        json!({"id": id, "fields": {"CONTACT_IDS": []}}),
    );
    assert!(portal.result("crm.deal.get", json!({"id": id}))["CONTACT_ID"].is_null());
    assert_eq!(
        portal.result("crm.deal.contact.items.get", json!({"id": id})),
        json!([])
    );
}

#[test]
fn task_user_fields_come_only_when_selected() {
    let mut portal = Portal::demo();
    let plain = portal.result("tasks.task.get", json!({"taskId": 1}));
    assert!(plain["task"].get("ufCrmTask").is_none());
    let named = portal.result(
        "tasks.task.get",
        json!({"taskId": 1, "select": ["*", "UF_CRM_TASK"]}),
    );
    assert_eq!(named["task"]["ufCrmTask"], json!(["D_1"]));
    let unbound = portal.result(
        "tasks.task.get",
        json!({"taskId": 3, "select": ["ID", "UF_CRM_TASK"]}),
    );
    assert_eq!(unbound["task"]["ufCrmTask"], false, "false when empty");
    let for_deal = portal.result(
        "tasks.task.list",
        json!({"filter": {"UF_CRM_TASK": "D_2"}, "select": ["ID"]}),
    );
    let ids: Vec<&str> = for_deal["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, vec!["4", "2"]);
}

#[test]
fn leads_and_companies_share_the_legacy_shape() {
    let mut portal = Portal::demo();
    let lead = portal.result("crm.lead.get", json!({"id": 1}));
    assert_eq!(lead["STATUS_ID"], "NEW");
    assert_eq!(lead["STATUS_SEMANTIC_ID"], "P");
    assert_eq!(lead["OPPORTUNITY"], "150000.00");
    assert_eq!(lead["HAS_PHONE"], "Y");
    assert_eq!(lead["PHONE"][0]["TYPE_ID"], "PHONE");
    assert!(lead["COMPANY_ID"].is_null());
    assert_eq!(lead["BIRTHDATE"], "", "an empty date is \"\"");
    let junk = portal.result(
        "crm.lead.list",
        json!({"filter": {"STATUS_SEMANTIC_ID": "F"}}),
    );
    assert_eq!(junk[0]["TITLE"], "Спам-заявка");
    portal.err(
        "crm.lead.add",
        json!({"fields": {"TITLE": "x", "STATUS_ID": "NO_SUCH_STATUS"}}),
    );
    let company = portal.result("crm.company.get", json!({"id": 1}));
    assert_eq!(company["TITLE"], "ООО «Ромашка»");
    assert_eq!(company["REVENUE"], "0.00");
    assert_eq!(company["IS_MY_COMPANY"], "N");
    assert_eq!(company["INDUSTRY"], "MANUFACTURING");
    let emails = portal.result(
        "crm.company.list",
        json!({"select": ["ID", "EMAIL"], "filter": {"@ID": [1, 2]}}),
    );
    assert_eq!(emails[1]["EMAIL"][0]["VALUE"], "sales@northwind.example");
    assert!(emails[0].get("TITLE").is_none());
    let id = portal.result(
        "crm.company.add",
        json!({"fields": {"TITLE": "New Co", "REVENUE": "1500000.5"}}),
    );
    assert_eq!(
        portal.result("crm.company.get", json!({"id": id}))["REVENUE"],
        "1500000.50"
    );
    assert_eq!(
        portal.result("crm.company.delete", json!({"id": id})),
        json!(true)
    );
}

#[test]
fn a_bot_added_to_a_chat_hears_of_it() {
    let mut portal = Portal::demo();
    let bot = register_bot(&mut portal);
    let chat = portal.result(
        "im.chat.add",
        json!({"TITLE": "Deal room", "USERS": [2, bot]}),
    );
    let events = portal.result(
        "imbot.v2.Event.get",
        json!({"botId": bot, "botToken": "secret-token"}),
    );
    let event = &events["events"][0];
    assert_eq!(event["type"], "ONIMBOTV2JOINCHAT");
    assert_eq!(event["data"]["chat"]["dialogId"], format!("chat{chat}"));
    assert_eq!(event["data"]["user"]["id"], 1);
    let reply = portal.result("imbot.v2.Chat.Message.send", json!({
        "botId": bot, "botToken": "secret-token", "dialogId": format!("chat{chat}"), "fields": {"message": "Hello, team"},
    }));
    assert!(reply["id"].is_u64());
    assert_eq!(portal.data.inbox(2).last().unwrap().text, "Hello, team");
}

#[test]
fn task_titles_filter_by_pattern() {
    let mut portal = Portal::demo();
    let found = portal.result(
        "tasks.task.list",
        json!({"filter": {"TITLE": "%report%"}, "select": ["ID"]}),
    );
    let ids: Vec<&str> = found["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, vec!["5"]);
    let substring = portal.result(
        "tasks.task.list",
        json!({"filter": {"%TITLE": "ДОСТУП"}, "select": ["ID"]}),
    );
    assert_eq!(
        substring["tasks"][0]["id"], "6",
        "LIKE ignores case, Cyrillic included"
    );
    let exact = portal.result(
        "tasks.task.list",
        json!({"filter": {"TITLE": "Sign the Northwind contract"}}),
    );
    assert_eq!(exact["tasks"].as_array().unwrap().len(), 1);
}

#[test]
fn the_state_survives_a_round_trip_through_json() {
    let mut portal = Portal::demo();
    let bot = register_bot(&mut portal);
    portal.ok(
        "im.message.add",
        json!({"DIALOG_ID": bot.to_string(), "MESSAGE": "hi"}),
    );
    let saved = serde_json::to_string(&portal.data).unwrap();
    let mut restored = Portal {
        data: serde_json::from_str(&saved).unwrap(),
        now: portal.now,
        user: 1,
    };
    for (method, params) in [
        ("crm.contact.get", json!({"id": 1})),
        ("crm.deal.list", json!({"select": ["*"]})),
        ("tasks.task.list", json!({})),
        ("calendar.event.get", json!({"type": "user", "ownerId": 1})),
        ("disk.storage.getlist", json!({})),
        ("im.recent.list", json!({})),
        (
            "imbot.v2.Event.get",
            json!({"botId": bot, "botToken": "secret-token"}),
        ),
    ] {
        assert_eq!(
            portal.ok(method, params.clone()),
            restored.ok(method, params),
            "{method}"
        );
    }
    assert_eq!(restored.data.time_zone(), "Europe/Moscow");
    assert_eq!(restored.data.inbox(2).len(), portal.data.inbox(2).len());
    let id = restored.result(
        "crm.deal.add",
        json!({"fields": {"TITLE": "After restart"}}),
    );
    assert_eq!(id, 13, "id sequences continue where they stopped");
}

#[test]
fn reads_leave_the_state_untouched() {
    let mut portal = Portal::demo();
    register_bot(&mut portal);
    let before = serde_json::to_string(&portal.data).unwrap();
    let reads = [
        ("crm.deal.list", json!({})),
        ("crm.contact.get", json!({"id": 1})),
        ("crm.lead.fields", json!({})),
        ("crm.activity.list", json!({})),
        ("crm.status.list", json!({})),
        ("crm.category.list", json!({"entityTypeId": 2})),
        ("crm.deal.contact.items.get", json!({"id": 1})),
        (
            "crm.duplicate.findbycomm",
            json!({"type": "PHONE", "values": ["+79001234567"]}),
        ),
        ("server.time", json!({})),
        ("profile", json!({})),
        ("user.current", json!({})),
        ("user.get", json!({})),
        ("user.search", json!({"FILTER": {"FIND": "a"}})),
        ("department.get", json!({})),
        ("tasks.task.list", json!({})),
        ("tasks.task.get", json!({"taskId": 1})),
        ("task.checklistitem.getlist", json!([1])),
        ("task.checklistitem.get", json!([1, 1])),
        ("task.checklistitem.isactionallowed", json!([1, 1, 2])),
        ("task.commentitem.getlist", json!([1])),
        ("task.commentitem.get", json!([1, 1])),
        ("im.dialog.messages.get", json!({"DIALOG_ID": "7"})),
        ("im.dialog.messages.get", json!({"DIALOG_ID": "chat1"})),
        ("im.recent.list", json!({})),
        ("im.counters.get", json!({})),
        (
            "im.chat.get",
            json!({"ENTITY_TYPE": "DEMO", "ENTITY_ID": "sales"}),
        ),
        ("calendar.event.get", json!({"type": "user", "ownerId": 1})),
        ("calendar.event.getbyid", json!({"id": 1})),
        (
            "calendar.section.get",
            json!({"type": "user", "ownerId": 1}),
        ),
        ("calendar.accessibility.get", json!({"users": [1]})),
        ("disk.storage.getlist", json!({})),
        ("disk.storage.get", json!({"id": 1})),
        ("disk.storage.getchildren", json!({"id": 1})),
        ("disk.folder.get", json!({"id": 1})),
        ("disk.folder.getchildren", json!({"id": 1})),
        ("imbot.v2.Bot.list", json!({"botToken": "secret-token"})),
    ];
    for (method, params) in reads {
        assert!(
            !methods::find(method).unwrap().writes(),
            "{method} is a read"
        );
        portal.ok(method, params);
        assert!(
            serde_json::to_string(&portal.data).unwrap() == before,
            "{method} changed the state"
        );
    }
    let unopened = portal.result("im.dialog.messages.get", json!({"DIALOG_ID": "7"}));
    assert_eq!(
        (unopened["chat_id"].as_u64(), unopened["messages"].clone()),
        (Some(0), json!([]))
    );
    for method in [
        "crm.deal.add",
        "tasks.task.complete",
        "im.message.add",
        "imbot.v2.Event.get",
        "disk.folder.uploadfile",
    ] {
        assert!(
            methods::find(method).unwrap().writes(),
            "{method} may write"
        );
    }
}
