//! `server.time`, `profile`, `user.current`, `user.get`, `user.search`, `user.update`,
//! `department.get`.

use serde_json::{Map, Value, json};

use super::args::{Args, as_flag, as_id, as_list, as_text};
use super::{Call, Output};
use crate::sandbox::error::ApiError;
use crate::sandbox::filter::Filter;
use crate::sandbox::paging::{Direction, Order, Page, Start};
use crate::sandbox::store::PortalData;
use crate::sandbox::store::people::{Department, User};
use crate::sandbox::store::record::{FieldSpec, Kind, Row, Val, field_index};
use crate::sandbox::store::zone::PortalZone;

const fn f(name: &'static str, kind: Kind) -> FieldSpec {
    FieldSpec::new(name, kind, name)
}

static USER: &[FieldSpec] = &[
    f("ID", Kind::Id),
    f("ACTIVE", Kind::Flag),
    f("NAME", Kind::Text),
    f("LAST_NAME", Kind::Text),
    f("SECOND_NAME", Kind::Text),
    f("EMAIL", Kind::Text),
    f("LAST_LOGIN", Kind::DateTime),
    f("DATE_REGISTER", Kind::DateTime),
    f("TIME_ZONE", Kind::Text),
    f("IS_ONLINE", Kind::Flag),
    f("PERSONAL_GENDER", Kind::Text),
    f("PERSONAL_BIRTHDAY", Kind::Date),
    f("PERSONAL_MOBILE", Kind::Text),
    f("WORK_PHONE", Kind::Text),
    f("WORK_POSITION", Kind::Text),
    f("USER_TYPE", Kind::Text),
];

impl Row for User {
    fn value(&self, index: usize) -> Option<Val<'_>> {
        Some(match USER.get(index)?.name {
            "ID" => Val::Int(self.id as i64),
            "ACTIVE" => Val::Flag(self.active),
            "NAME" => Val::Text(&self.name),
            "LAST_NAME" => Val::Text(&self.last_name),
            "SECOND_NAME" => Val::Text(&self.second_name),
            "EMAIL" => Val::Text(&self.email),
            "LAST_LOGIN" => Val::Time(self.last_login?),
            "DATE_REGISTER" => Val::Time(self.registered),
            "TIME_ZONE" => Val::Text(&self.time_zone),
            "IS_ONLINE" => Val::Flag(self.online),
            "PERSONAL_GENDER" => Val::Text(self.gender.letter()),
            "PERSONAL_BIRTHDAY" => Val::Day(self.birthday?),
            "PERSONAL_MOBILE" => Val::Text(&self.mobile),
            "WORK_PHONE" => Val::Text(&self.work_phone),
            "WORK_POSITION" => Val::Text(&self.position),
            _ => Val::Text("employee"),
        })
    }
}

/// A user as `user.get` prints it: a mix of strings, a JSON `ACTIVE`, `"Y"` `IS_ONLINE`, integer
/// department ids and a SQL-style `LAST_ACTIVITY_DATE`, as a real portal mixes them.
fn user_json(user: &User, zone: &PortalZone) -> Value {
    json!({
        "ID": user.id.to_string(),
        "XML_ID": "",
        "ACTIVE": user.active,
        "NAME": user.name,
        "LAST_NAME": user.last_name,
        "SECOND_NAME": user.second_name,
        "EMAIL": user.email,
        "LAST_LOGIN": user.last_login.map(|t| zone.iso(t)).unwrap_or_default(),
        "DATE_REGISTER": zone.iso(user.registered),
        "TIME_ZONE": user.time_zone,
        "IS_ONLINE": if user.online { "Y" } else { "N" },
        "TIMESTAMP_X": zone.locale(user.registered),
        "LAST_ACTIVITY_DATE": user.last_login.map(|t| zone.sql(t)).unwrap_or_default(),
        "PERSONAL_GENDER": user.gender.letter(),
        "PERSONAL_BIRTHDAY": user.birthday.map(|d| zone.iso_date(d)).unwrap_or_default(),
        "PERSONAL_WWW": "",
        "PERSONAL_MOBILE": user.mobile,
        "PERSONAL_CITY": "",
        "WORK_PHONE": user.work_phone,
        "WORK_POSITION": user.position,
        "UF_EMPLOYMENT_DATE": "",
        "UF_PHONE_INNER": "",
        "UF_DEPARTMENT": user.departments,
        "USER_TYPE": "employee",
    })
}

fn acting_user<'d>(data: &'d PortalData, call: &Call<'_>) -> Result<&'d User, ApiError> {
    data.users
        .get(call.user_id)
        .ok_or_else(|| ApiError::new(401, "authorization_error", "Unable to authorize user"))
}

pub fn server_time(data: &mut PortalData, call: &Call<'_>) -> Result<Output, ApiError> {
    Ok(Output::of(data.zone.iso(call.now)))
}

pub fn profile(data: &mut PortalData, call: &Call<'_>) -> Result<Output, ApiError> {
    let user = acting_user(data, call)?;
    let zone = if user.time_zone.is_empty() {
        data.zone.clone()
    } else {
        PortalZone::new(&user.time_zone).unwrap_or_else(|_| data.zone.clone())
    };
    Ok(Output::of(json!({
        "ID": user.id.to_string(),
        "ADMIN": user.admin,
        "NAME": user.name,
        "LAST_NAME": user.last_name,
        "PERSONAL_GENDER": user.gender.letter(),
        "TIME_ZONE": user.time_zone,
        "TIME_ZONE_OFFSET": zone.offset_seconds(call.now),
    })))
}

pub fn user_current(data: &mut PortalData, call: &Call<'_>) -> Result<Output, ApiError> {
    let user = acting_user(data, call)?;
    Ok(Output::of(user_json(user, &data.zone)))
}

/// `user.update`, an administrator's method: `ACTIVE` `N` dismisses an employee (the portal's
/// way to deactivate one), `Y` takes them back. Other fields are not kept by the sandbox.
pub fn user_update(data: &mut PortalData, call: &Call<'_>) -> Result<Output, ApiError> {
    if !acting_user(data, call)?.admin {
        return Err(ApiError::new(403, "ACCESS_DENIED", "Access denied."));
    }
    let args = Args::new(call.params);
    let id = args
        .legacy("ID")
        .and_then(as_id)
        .ok_or_else(|| ApiError::bad_request("", "User not found"))?;
    let active = match args.legacy("ACTIVE") {
        Some(value) => {
            Some(as_flag(value).ok_or_else(|| ApiError::bad_request("", "ACTIVE must be Y or N"))?)
        }
        None => None,
    };
    let user = data
        .users
        .get_mut(id)
        .ok_or_else(|| ApiError::bad_request("", "User not found"))?;
    if let Some(active) = active {
        user.active = active;
    }
    Ok(Output::of(true))
}

/// Keys of `user.get` that are parameters, not filter conditions given at the top level.
const USER_GET_PARAMS: &[&str] = &[
    "FILTER",
    "SORT",
    "ORDER",
    "START",
    "ADMIN_MODE",
    "SELECT",
    "AUTH",
];

pub fn user_get(data: &mut PortalData, call: &Call<'_>) -> Result<Output, ApiError> {
    let args = Args::new(call.params);
    let mut conditions: Map<String, Value> = match args.legacy("filter") {
        Some(Value::Object(map)) => map.clone(),
        _ => Map::new(),
    };
    // Conditions may also come as top-level keys (`{"UF_DEPARTMENT": 1}`); other top-level keys
    // are parameters or noise, which a portal ignores.
    if let Some(params) = call.params.as_object() {
        for (key, value) in params {
            let field = key.trim_start_matches(['!', '=', '<', '>', '@', '%']);
            let condition = field_index(USER, field).is_some()
                || ["UF_DEPARTMENT", "NAME_SEARCH"]
                    .iter()
                    .any(|f| f.eq_ignore_ascii_case(field));
            if condition && !USER_GET_PARAMS.iter().any(|p| p.eq_ignore_ascii_case(key)) {
                conditions.insert(key.clone(), value.clone());
            }
        }
    }
    let departments = take_condition(&mut conditions, "UF_DEPARTMENT").map(|v| {
        as_list(&v)
            .into_iter()
            .filter_map(as_id)
            .collect::<Vec<_>>()
    });
    let search = take_condition(&mut conditions, "NAME_SEARCH").and_then(|v| as_text(&v));
    // A plain condition whose value holds `%` is a LIKE pattern for user.get (`"NAME":"Iva%"`).
    let conditions: Map<String, Value> = conditions
        .into_iter()
        .map(|(key, value)| {
            let pattern = value.as_str().is_some_and(|t| t.contains('%'));
            let field = key.strip_prefix('=').unwrap_or(&key);
            if pattern && field.starts_with(char::is_alphabetic) {
                (format!("=%{field}"), value)
            } else {
                (key, value)
            }
        })
        .collect();
    let filter = Filter::parse_map(&conditions, USER, &data.zone)
        .map_err(|e| ApiError::bad_request("INVALID_ARG_VALUE", e.to_string()))?;
    let sort = args
        .legacy("sort")
        .and_then(as_text)
        .unwrap_or_else(|| "ID".into());
    let index = field_index(USER, &sort).unwrap_or(0);
    let direction = match args.legacy("order").and_then(as_text) {
        Some(o) if o.eq_ignore_ascii_case("desc") => Direction::Desc,
        _ => Direction::Asc,
    };
    let mut rows: Vec<&User> = data
        .users
        .values()
        .filter(|u| filter.matches(*u))
        .filter(|u| {
            departments
                .as_ref()
                .is_none_or(|wanted| u.departments.iter().any(|d| wanted.contains(d)))
        })
        .filter(|u| search.as_deref().is_none_or(|s| mentions(u, s)))
        .collect();
    Order::by(index, direction).sort(&mut rows);
    let page = Page::of(rows, Start::parse(args.legacy("start"))).map(|u| user_json(u, &data.zone));
    Ok(Output::page(page, None))
}

fn take_condition(conditions: &mut Map<String, Value>, name: &str) -> Option<Value> {
    let key = conditions
        .keys()
        .find(|k| k.trim_start_matches(['=', '@']).eq_ignore_ascii_case(name))?
        .clone();
    conditions.remove(&key)
}

/// Whether every word of a quick search appears in the person's name, e-mail or position.
fn mentions(user: &User, search: &str) -> bool {
    let haystack = format!(
        "{} {} {} {} {}",
        user.name, user.last_name, user.second_name, user.email, user.position
    )
    .to_lowercase();
    search
        .split_whitespace()
        .all(|word| haystack.contains(&word.to_lowercase()))
}

pub fn user_search(data: &mut PortalData, call: &Call<'_>) -> Result<Output, ApiError> {
    let args = Args::new(call.params);
    let filter = match args.legacy("filter") {
        Some(Value::Object(map)) => map.clone(),
        _ => call.params.as_object().cloned().unwrap_or_default(),
    };
    let text_of = |name: &str| {
        filter
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .and_then(|(_, v)| as_text(v))
            .map(|t| t.to_lowercase())
    };
    let find = text_of("FIND");
    let name = text_of("NAME");
    let last_name = text_of("LAST_NAME");
    let position = text_of("WORK_POSITION");
    let department = text_of("UF_DEPARTMENT_NAME");
    let contains = |value: &str, wanted: &Option<String>| {
        wanted
            .as_ref()
            .is_none_or(|w| value.to_lowercase().contains(w.as_str()))
    };
    let rows: Vec<&User> = data
        .users
        .values()
        .filter(|u| u.active)
        .filter(|u| find.as_deref().is_none_or(|s| mentions(u, s)))
        .filter(|u| contains(&u.name, &name) && contains(&u.last_name, &last_name))
        .filter(|u| contains(&u.position, &position))
        .filter(|u| {
            department.as_ref().is_none_or(|wanted| {
                u.departments.iter().any(|d| {
                    data.departments
                        .get(*d)
                        .is_some_and(|dep| dep.name.to_lowercase().contains(wanted.as_str()))
                })
            })
        })
        .collect();
    let page = Page::of(rows, Start::parse(args.legacy("start"))).map(|u| user_json(u, &data.zone));
    Ok(Output::page(page, None))
}

static DEPARTMENT: &[FieldSpec] = &[
    f("ID", Kind::Id),
    f("NAME", Kind::Text),
    f("SORT", Kind::Int),
    f("PARENT", Kind::Int),
    f("UF_HEAD", Kind::Int),
];

impl Row for Department {
    fn value(&self, index: usize) -> Option<Val<'_>> {
        Some(match DEPARTMENT.get(index)?.name {
            "ID" => Val::Int(self.id as i64),
            "NAME" => Val::Text(&self.name),
            "SORT" => Val::Int(self.sort),
            "PARENT" => Val::Int(self.parent? as i64),
            _ => Val::Int(self.head? as i64),
        })
    }
}

pub fn department_get(data: &mut PortalData, call: &Call<'_>) -> Result<Output, ApiError> {
    let args = Args::new(call.params);
    let conditions: Map<String, Value> = call
        .params
        .as_object()
        .map(|params| {
            params
                .iter()
                .filter(|(k, _)| {
                    ["ID", "NAME", "PARENT", "UF_HEAD", "SORT"]
                        .iter()
                        .any(|f| f.eq_ignore_ascii_case(k))
                })
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect()
        })
        .unwrap_or_default();
    let filter = Filter::parse_map(&conditions, DEPARTMENT, &data.zone)
        .map_err(|e| ApiError::bad_request("INVALID_ARG_VALUE", e.to_string()))?;
    let sort = args
        .legacy("sort")
        .and_then(as_text)
        .unwrap_or_else(|| "SORT".into());
    let index = field_index(DEPARTMENT, &sort).unwrap_or(2);
    let direction = match args.legacy("order").and_then(as_text) {
        Some(o) if o.eq_ignore_ascii_case("desc") => Direction::Desc,
        _ => Direction::Asc,
    };
    let mut rows: Vec<&Department> = data
        .departments
        .values()
        .filter(|d| filter.matches(*d))
        .collect();
    Order::by(index, direction).sort(&mut rows);
    let page = Page::of(rows, Start::parse(args.legacy("start"))).map(|d| {
        let mut row = json!({"ID": d.id.to_string(), "NAME": d.name, "SORT": d.sort});
        if let Some(parent) = d.parent {
            row["PARENT"] = json!(parent.to_string());
        }
        if let Some(head) = d.head {
            row["UF_HEAD"] = json!(head.to_string());
        }
        row
    });
    Ok(Output::page(page, None))
}
