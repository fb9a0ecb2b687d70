//! `crm.activity.{list,get,add,update,delete}`: calls, meetings, e-mails and to-dos bound to a
//! CRM record.

use jiff::Timestamp;
use serde_json::{Map, Value, json};

use super::args::{Args, as_id, as_list, as_object, as_text, legacy_id};
use super::crm_wire::{Rec, Selection, parse_value, render, writable};
use super::{Call, Output};
use crate::sandbox::error::ApiError;
use crate::sandbox::filter::Filter;
use crate::sandbox::paging::{Direction, Order, Page, Start};
use crate::sandbox::store::PortalData;
use crate::sandbox::store::crm::{ACTIVITY, Entity};
use crate::sandbox::store::record::{Record, Scalar};

fn crm_error(description: impl Into<String>) -> ApiError {
    ApiError::bad_request("", description)
}

pub fn list(data: &mut PortalData, call: &Call<'_>) -> Result<Output, ApiError> {
    let args = Args::new(call.params);
    let filter = Filter::parse(args.legacy("filter"), ACTIVITY, &data.zone)
        .map_err(|e| crm_error(e.to_string()))?;
    let order = Order::parse(
        args.legacy("order"),
        ACTIVITY,
        &[("START_TIME", Direction::Asc), ("ID", Direction::Asc)],
    )
    .map_err(|e| crm_error(e.to_string()))?;
    let selection = Selection::parse(args.legacy("select"), ACTIVITY);
    let rows: Vec<Rec<'_>> = data
        .crm
        .activities
        .values()
        .map(|record| Rec {
            record,
            schema: ACTIVITY,
        })
        .filter(|rec| filter.matches(rec))
        .collect();
    let mut refs: Vec<&Rec<'_>> = rows.iter().collect();
    order.sort(&mut refs);
    let page = Page::of(refs, Start::parse(args.legacy("start")))
        .map(|rec| render(rec.record, ACTIVITY, &data.zone, &selection));
    Ok(Output::page(page, None))
}

pub fn get(data: &mut PortalData, call: &Call<'_>) -> Result<Output, ApiError> {
    let id = legacy_id(&Args::new(call.params))?;
    let record = data
        .crm
        .activities
        .get(id)
        .ok_or_else(|| crm_error("Not found"))?;
    Ok(Output::of(render(
        record,
        ACTIVITY,
        &data.zone,
        &Selection::Everything,
    )))
}

pub fn add(data: &mut PortalData, call: &Call<'_>) -> Result<Output, ApiError> {
    let fields = Args::new(call.params)
        .legacy_object("fields")
        .ok_or_else(|| crm_error("Parameter 'fields' must be array."))?;
    let id = insert(data, &fields, call.user_id, call.now)?;
    Ok(Output::of(id))
}

/// Creates an activity as `crm.activity.add` does; the seed uses it too.
pub(crate) fn insert(
    data: &mut PortalData,
    fields: &Map<String, Value>,
    user_id: u64,
    now: Timestamp,
) -> Result<u64, ApiError> {
    let id = data.crm.activities.next_id();
    let mut record = Record::new(id, ACTIVITY);
    write(data, &mut record, fields, true)?;
    for required in ACTIVITY.iter().filter(|f| f.required) {
        if record.get(ACTIVITY, required.name).is_none() {
            return Err(crm_error(format!(
                "The field {} is not defined or empty.",
                required.name
            )));
        }
    }
    let owner_type = record.int(ACTIVITY, "OWNER_TYPE_ID").unwrap_or(0);
    let owner_id = record.int(ACTIVITY, "OWNER_ID").unwrap_or(0);
    let owner_exists = Entity::from_type_id(owner_type as u64)
        .is_some_and(|entity| data.crm.table(entity).get(owner_id as u64).is_some());
    if !owner_exists {
        return Err(crm_error("The field OWNER_ID is not defined or invalid."));
    }
    let type_id = record.int(ACTIVITY, "TYPE_ID").unwrap_or(0);
    let needs_communications = matches!(type_id, 1 | 2 | 4);
    let has_communications = matches!(
        record.get(ACTIVITY, "COMMUNICATIONS"),
        Some(Scalar::List(Value::Array(items))) if !items.is_empty()
    );
    if needs_communications && !has_communications {
        return Err(crm_error(
            "The field COMMUNICATIONS is not defined or invalid.",
        ));
    }
    let (provider, provider_type) = match type_id {
        1 => ("CRM_MEETING", "MEETING"),
        2 => ("VOXIMPLANT_CALL", "CALL"),
        3 => ("CRM_TASKS_TASK", "TASK"),
        4 => ("CRM_EMAIL", "EMAIL"),
        _ => ("CRM_TODO", "TODO"),
    };
    let start = match record.get(ACTIVITY, "START_TIME") {
        Some(Scalar::Time(t)) => *t,
        _ => now,
    };
    let defaults = [
        ("PROVIDER_ID", Scalar::Text(provider.into())),
        ("PROVIDER_TYPE_ID", Scalar::Text(provider_type.into())),
        ("RESPONSIBLE_ID", Scalar::Int(user_id as i64)),
        ("START_TIME", Scalar::Time(start)),
        ("END_TIME", Scalar::Time(start)),
        ("DEADLINE", Scalar::Time(start)),
        ("COMPLETED", Scalar::Flag(false)),
        ("PRIORITY", Scalar::Int(2)),
        ("DIRECTION", Scalar::Int(0)),
        ("DESCRIPTION_TYPE", Scalar::Int(1)),
        ("NOTIFY_TYPE", Scalar::Int(0)),
        ("NOTIFY_VALUE", Scalar::Int(0)),
        ("ASSOCIATED_ENTITY_ID", Scalar::Int(0)),
        ("AUTHOR_ID", Scalar::Int(user_id as i64)),
        ("CREATED", Scalar::Time(now)),
    ];
    for (name, value) in defaults {
        if record.get(ACTIVITY, name).is_none() {
            record.set(ACTIVITY, name, Some(value));
        }
    }
    touch(&mut record, user_id, now);
    data.crm.activities.rows.insert(id, record);
    Ok(id)
}

pub fn update(data: &mut PortalData, call: &Call<'_>) -> Result<Output, ApiError> {
    let args = Args::new(call.params);
    let id = legacy_id(&args)?;
    let fields = args
        .legacy_object("fields")
        .ok_or_else(|| crm_error("Parameter 'fields' must be array."))?;
    let mut record = data
        .crm
        .activities
        .get(id)
        .cloned()
        .ok_or_else(|| crm_error("Not found"))?;
    write(data, &mut record, &fields, false)?;
    touch(&mut record, call.user_id, call.now);
    data.crm.activities.rows.insert(id, record);
    Ok(Output::of(true))
}

pub fn delete(data: &mut PortalData, call: &Call<'_>) -> Result<Output, ApiError> {
    let id = legacy_id(&Args::new(call.params))?;
    data.crm
        .activities
        .remove(id)
        .ok_or_else(|| crm_error("Not found"))?;
    Ok(Output::of(true))
}

/// Stamps the editor and keeps STATUS (1 waiting, 2 completed) in step with COMPLETED.
fn touch(record: &mut Record, user_id: u64, now: Timestamp) {
    let completed = matches!(record.get(ACTIVITY, "COMPLETED"), Some(Scalar::Flag(true)));
    record.set(
        ACTIVITY,
        "STATUS",
        Some(Scalar::Int(if completed { 2 } else { 1 })),
    );
    record.set(ACTIVITY, "EDITOR_ID", Some(Scalar::Int(user_id as i64)));
    record.set(ACTIVITY, "LAST_UPDATED", Some(Scalar::Time(now)));
}

fn write(
    data: &mut PortalData,
    record: &mut Record,
    fields: &Map<String, Value>,
    adding: bool,
) -> Result<(), ApiError> {
    // Communications are read last: their default TYPE and owner come from the other fields.
    let is_communications = |name: &String| name.eq_ignore_ascii_case("COMMUNICATIONS");
    let ordered = fields
        .iter()
        .filter(|(name, _)| !is_communications(name))
        .chain(fields.iter().filter(|(name, _)| is_communications(name)));
    for (name, value) in ordered {
        let Some(field) = ACTIVITY.iter().find(|f| f.name.eq_ignore_ascii_case(name)) else {
            continue;
        };
        if !writable(field, adding) {
            continue;
        }
        let parsed = match field.name {
            "COMMUNICATIONS" => Some(Scalar::List(communications(data, record, value))),
            "SETTINGS" => Some(Scalar::List(match value {
                Value::Object(map) if !map.is_empty() => value.clone(),
                _ => json!([]),
            })),
            _ => parse_value(field, value, &data.zone)?,
        };
        record.set(ACTIVITY, field.name, parsed);
    }
    Ok(())
}

/// Normalises written communications to the printed shape, all values strings.
fn communications(data: &mut PortalData, record: &Record, value: &Value) -> Value {
    let kind = match record.int(ACTIVITY, "TYPE_ID") {
        Some(2) => "PHONE",
        Some(4) => "EMAIL",
        _ => "",
    };
    let owner_type = record.int(ACTIVITY, "OWNER_TYPE_ID").unwrap_or(0);
    let owner_id = record.int(ACTIVITY, "OWNER_ID").unwrap_or(0);
    let items = as_list(value)
        .into_iter()
        .filter_map(as_object)
        .map(|item| {
            let text = |key: &str| item.get(key).and_then(as_text);
            json!({
                "ID": data.crm.next_multi_id().to_string(),
                "TYPE": text("TYPE").unwrap_or_else(|| kind.to_owned()),
                "VALUE": text("VALUE").unwrap_or_default(),
                "ENTITY_ID": item.get("ENTITY_ID").and_then(as_id).unwrap_or(owner_id as u64).to_string(),
                "ENTITY_TYPE_ID": item.get("ENTITY_TYPE_ID").and_then(as_id).unwrap_or(owner_type as u64).to_string(),
            })
        })
        .collect();
    Value::Array(items)
}
