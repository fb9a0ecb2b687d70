//! `crm.{deal,contact,lead,company}.{list,get,add,update,delete,fields}`: the legacy CRM entities,
//! one implementation driven by each entity's schema.

use jiff::{Timestamp, ToSpan};
use serde_json::{Map, Value, json};

use super::args::{Args, as_id, as_list, legacy_id};
use super::crm_wire::{Rec, Selection, apply_multi, parse_value, render, writable};
use super::{Call, Output};
use crate::sandbox::error::ApiError;
use crate::sandbox::filter::Filter;
use crate::sandbox::paging::{Direction, Order, PAGE_SIZE, Page, Start};
use crate::sandbox::store::PortalData;
use crate::sandbox::store::crm::{DealContact, Entity, Semantics, stage_dictionary};
use crate::sandbox::store::record::{Access, FieldSpec, Kind, Record, Scalar, field_index};

/// Legacy CRM errors carry an empty code.
fn crm_error(description: impl Into<String>) -> ApiError {
    ApiError::bad_request("", description)
}

fn not_found() -> ApiError {
    crm_error("Not found")
}

/// `crm.contact.delete` reports a missing contact in its own words (§2.4).
fn not_found_for_delete(entity: Entity) -> ApiError {
    match entity {
        Entity::Contact => ApiError::bad_request("ERROR_CORE", "Element not found"),
        _ => crm_error("Not found"),
    }
}

pub fn list(data: &mut PortalData, call: &Call<'_>, entity: Entity) -> Result<Output, ApiError> {
    let args = Args::new(call.params);
    let schema = entity.schema();
    let filter = Filter::parse(args.legacy("filter"), schema, &data.zone)
        .map_err(|e| crm_error(e.to_string()))?;
    let order = Order::parse(args.legacy("order"), schema, &[("ID", Direction::Asc)])
        .map_err(|e| crm_error(e.to_string()))?;
    let selection = Selection::parse(args.legacy("select"), schema);
    let start = Start::parse(args.legacy("start"));
    let table = data.crm.table(entity);
    let id = field_index(schema, "ID");
    if let (Start::Uncounted, Some(id)) = (start, id)
        && order.is_ascending_by(id)
    {
        // A keyset page (`start=-1`, in id order): read from the filter's least id on and stop
        // at a page, as the portal's primary key does, rather than sorting every row.
        let rows: Vec<Rec<'_>> = table
            .rows
            .range(filter.id_floor(id)..)
            .map(|(_, record)| Rec { record, schema })
            .filter(|rec| filter.matches(rec))
            .take(PAGE_SIZE)
            .collect();
        let page =
            Page::of(rows, start).map(|rec| render(rec.record, schema, &data.zone, &selection));
        return Ok(Output::page(page, None));
    }
    let rows: Vec<Rec<'_>> = table
        .values()
        .map(|record| Rec { record, schema })
        .filter(|rec| filter.matches(rec))
        .collect();
    let mut refs: Vec<&Rec<'_>> = rows.iter().collect();
    order.sort(&mut refs);
    let page = Page::of(refs, start).map(|rec| render(rec.record, schema, &data.zone, &selection));
    Ok(Output::page(page, None))
}

pub fn get(data: &mut PortalData, call: &Call<'_>, entity: Entity) -> Result<Output, ApiError> {
    let id = legacy_id(&Args::new(call.params))?;
    let record = data.crm.table(entity).get(id).ok_or_else(not_found)?;
    Ok(Output::of(render(
        record,
        entity.schema(),
        &data.zone,
        &Selection::Everything,
    )))
}

pub fn add(data: &mut PortalData, call: &Call<'_>, entity: Entity) -> Result<Output, ApiError> {
    let fields = Args::new(call.params)
        .legacy_object("fields")
        .ok_or_else(|| crm_error("Parameter 'fields' must be array."))?;
    let id = insert(data, entity, &fields, call.user_id, call.now)?;
    Ok(Output::of(id))
}

pub fn update(data: &mut PortalData, call: &Call<'_>, entity: Entity) -> Result<Output, ApiError> {
    let args = Args::new(call.params);
    let id = legacy_id(&args)?;
    let fields = args
        .legacy_object("fields")
        .ok_or_else(|| crm_error("Parameter 'fields' must be array."))?;
    let mut record = data
        .crm
        .table(entity)
        .get(id)
        .cloned()
        .ok_or_else(not_found)?;
    let old_stage = stage_of(&record, entity).map(str::to_owned);
    write_fields(data, entity, &mut record, &fields, false)?;
    let schema = entity.schema();
    record.set(
        schema,
        "MODIFY_BY_ID",
        Some(Scalar::Int(call.user_id as i64)),
    );
    record.set(schema, "DATE_MODIFY", Some(Scalar::Time(call.now)));
    if stage_of(&record, entity).map(str::to_owned) != old_stage {
        note_stage_move(&mut record, entity, call.user_id, call.now);
    }
    derive(data, entity, &mut record)?;
    sync_deal_contacts(data, entity, &mut record, &fields);
    data.crm.table_mut(entity).rows.insert(id, record);
    Ok(Output::of(true))
}

pub fn delete(data: &mut PortalData, call: &Call<'_>, entity: Entity) -> Result<Output, ApiError> {
    let id = legacy_id(&Args::new(call.params))?;
    data.crm
        .table_mut(entity)
        .remove(id)
        .ok_or_else(|| not_found_for_delete(entity))?;
    match entity {
        Entity::Deal => {
            data.crm.deal_contacts.remove(&id);
        }
        Entity::Contact => {
            for items in data.crm.deal_contacts.values_mut() {
                items.retain(|item| item.contact_id != id);
            }
        }
        Entity::Lead | Entity::Company => {}
    }
    Ok(Output::of(true))
}

pub fn fields(
    _data: &mut PortalData,
    _call: &Call<'_>,
    entity: Entity,
) -> Result<Output, ApiError> {
    let described: Map<String, Value> = entity
        .schema()
        .iter()
        .map(|field| (field.name.to_owned(), describe(field)))
        .collect();
    Ok(Output::of(Value::Object(described)))
}

/// The `*.fields` description of one field.
fn describe(field: &FieldSpec) -> Value {
    let mut out = json!({
        "type": field.kind.wire_type(),
        "isRequired": field.required,
        "isReadOnly": field.access == Access::ReadOnly,
        "isImmutable": field.access == Access::Immutable,
        "isMultiple": matches!(field.kind, Kind::Multi | Kind::List),
        "isDynamic": false,
        "title": field.title,
    });
    if let Kind::Status(dictionary) = field.kind {
        out["statusType"] = json!(dictionary);
    }
    out
}

/// Creates a record as `crm.*.add` does; the seed builds its data through it too.
pub(crate) fn insert(
    data: &mut PortalData,
    entity: Entity,
    fields: &Map<String, Value>,
    user_id: u64,
    now: Timestamp,
) -> Result<u64, ApiError> {
    let schema = entity.schema();
    let id = data.crm.table_mut(entity).next_id();
    let mut record = Record::new(id, schema);
    write_fields(data, entity, &mut record, fields, true)?;
    let user = Some(Scalar::Int(user_id as i64));
    let defaults: [(&str, Option<Scalar>); 6] = [
        ("ASSIGNED_BY_ID", user.clone()),
        ("CREATED_BY_ID", user.clone()),
        ("MODIFY_BY_ID", user),
        ("DATE_CREATE", Some(Scalar::Time(now))),
        ("DATE_MODIFY", Some(Scalar::Time(now))),
        ("OPENED", Some(Scalar::Flag(true))),
    ];
    for (name, value) in defaults {
        if record.get(schema, name).is_none() {
            record.set(schema, name, value);
        }
    }
    entity_defaults(data, entity, &mut record, id, now);
    note_stage_move(&mut record, entity, user_id, now);
    derive(data, entity, &mut record)?;
    sync_deal_contacts(data, entity, &mut record, fields);
    data.crm.table_mut(entity).rows.insert(id, record);
    Ok(id)
}

/// Writes the known, writable fields; unknown keys are dropped and read-only ones ignored, as the
/// portal does.
fn write_fields(
    data: &mut PortalData,
    entity: Entity,
    record: &mut Record,
    fields: &Map<String, Value>,
    adding: bool,
) -> Result<(), ApiError> {
    let schema = entity.schema();
    for (name, value) in fields {
        let Some(index) = schema
            .iter()
            .position(|f| f.name.eq_ignore_ascii_case(name))
        else {
            continue;
        };
        let field = &schema[index];
        if !writable(field, adding) {
            continue;
        }
        if field.kind == Kind::Multi {
            let crm = &mut data.crm;
            apply_multi(record, field.name, value, &mut || crm.next_multi_id())?;
            continue;
        }
        let parsed = parse_value(field, value, &data.zone)?;
        if let (Kind::Status(dictionary), Some(Scalar::Text(code))) = (field.kind, &parsed) {
            // Deal stages are checked against the deal's pipeline once it is known.
            if dictionary != "DEAL_STAGE" && data.crm.status(dictionary, code).is_none() {
                return Err(crm_error(format!(
                    "The field {} contains an unknown value: {code}.",
                    field.name
                )));
            }
        }
        record.set_at(index, parsed);
    }
    Ok(())
}

fn entity_defaults(
    data: &PortalData,
    entity: Entity,
    record: &mut Record,
    id: u64,
    now: Timestamp,
) {
    let schema = entity.schema();
    let mut default = |name: &str, value: Scalar| {
        if record.get(schema, name).is_none() {
            record.set(schema, name, Some(value));
        }
    };
    let text = |s: &str| Scalar::Text(s.to_owned());
    let today = data.zone.today(now);
    match entity {
        Entity::Deal => {
            default("TITLE", Scalar::Text(format!("Deal #{id}")));
            default("TYPE_ID", text("SALE"));
            default("CURRENCY_ID", text("RUB"));
            default("OPPORTUNITY", Scalar::Cents(0));
            default("TAX_VALUE", Scalar::Cents(0));
            default("IS_MANUAL_OPPORTUNITY", Scalar::Flag(false));
            default("IS_RECURRING", Scalar::Flag(false));
            default("IS_RETURN_CUSTOMER", Scalar::Flag(false));
            default("IS_REPEATED_APPROACH", Scalar::Flag(false));
            default("BEGINDATE", Scalar::Day(today));
            default("CLOSEDATE", Scalar::Day(today.saturating_add(7.days())));
        }
        Entity::Lead => {
            default("TITLE", Scalar::Text(format!("Lead #{id}")));
            default("STATUS_ID", text("NEW"));
            default("CURRENCY_ID", text("RUB"));
            default("OPPORTUNITY", Scalar::Cents(0));
            default("IS_MANUAL_OPPORTUNITY", Scalar::Flag(false));
            default("IS_RETURN_CUSTOMER", Scalar::Flag(false));
        }
        Entity::Contact => {
            default("TYPE_ID", text("CLIENT"));
            default("EXPORT", Scalar::Flag(true));
        }
        Entity::Company => {
            default("COMPANY_TYPE", text("CUSTOMER"));
            default("CURRENCY_ID", text("RUB"));
            default("REVENUE", Scalar::Cents(0));
            default("IS_MY_COMPANY", Scalar::Flag(false));
        }
    }
}

fn stage_of(record: &Record, entity: Entity) -> Option<&str> {
    match entity {
        Entity::Deal => record.text(entity.schema(), "STAGE_ID"),
        Entity::Lead => record.text(entity.schema(), "STATUS_ID"),
        Entity::Contact | Entity::Company => None,
    }
}

fn note_stage_move(record: &mut Record, entity: Entity, user_id: u64, now: Timestamp) {
    if matches!(entity, Entity::Deal | Entity::Lead) {
        let schema = entity.schema();
        record.set(schema, "MOVED_BY_ID", Some(Scalar::Int(user_id as i64)));
        record.set(schema, "MOVED_TIME", Some(Scalar::Time(now)));
    }
}

/// Recomputes what the portal derives: pipeline and stage semantics of deals, lead status
/// semantics, and the HAS_PHONE/HAS_EMAIL flags.
fn derive(data: &PortalData, entity: Entity, record: &mut Record) -> Result<(), ApiError> {
    let schema = entity.schema();
    match entity {
        Entity::Deal => {
            let stage = record.text(schema, "STAGE_ID").map(str::to_owned);
            let stage_category = stage
                .as_deref()
                .and_then(|s| s.strip_prefix('C'))
                .and_then(|s| s.split_once(':'))
                .and_then(|(n, _)| n.parse::<u64>().ok());
            let category = record
                .int(schema, "CATEGORY_ID")
                .map(|c| c.max(0) as u64)
                .or(stage_category)
                .unwrap_or(0);
            if data.crm.category(category).is_none() {
                return Err(crm_error(format!("Pipeline {category} is not found.")));
            }
            record.set(schema, "CATEGORY_ID", Some(Scalar::Int(category as i64)));
            let dictionary = stage_dictionary(category);
            let first = data
                .crm
                .first_stage(category)
                .map(|s| s.status_id.clone())
                .ok_or_else(|| crm_error("The pipeline has no stages."))?;
            let stage = stage.unwrap_or_else(|| first.clone());
            let status = data.crm.status(&dictionary, &stage).ok_or_else(|| {
                crm_error(format!(
                    "The field STAGE_ID contains a stage of another pipeline: {stage}."
                ))
            })?;
            let semantics = status.semantics.unwrap_or(Semantics::Process);
            record.set(schema, "STAGE_ID", Some(Scalar::Text(stage.clone())));
            record.set(
                schema,
                "STAGE_SEMANTIC_ID",
                Some(Scalar::Text(semantics.letter().to_owned())),
            );
            record.set(
                schema,
                "CLOSED",
                Some(Scalar::Flag(semantics != Semantics::Process)),
            );
            record.set(schema, "IS_NEW", Some(Scalar::Flag(stage == first)));
        }
        Entity::Lead => {
            let status = record.text(schema, "STATUS_ID").unwrap_or("NEW").to_owned();
            let semantics = data
                .crm
                .status("STATUS", &status)
                .and_then(|s| s.semantics)
                .unwrap_or(Semantics::Process);
            record.set(
                schema,
                "STATUS_SEMANTIC_ID",
                Some(Scalar::Text(semantics.letter().to_owned())),
            );
        }
        Entity::Contact | Entity::Company => {}
    }
    if entity.has_multi_fields() {
        let has_phone = record.multi_of("PHONE").next().is_some();
        let has_email = record.multi_of("EMAIL").next().is_some();
        let has_imol = record.multi_of("IM").any(|m| m.value_type == "OPENLINE");
        record.set(schema, "HAS_PHONE", Some(Scalar::Flag(has_phone)));
        record.set(schema, "HAS_EMAIL", Some(Scalar::Flag(has_email)));
        record.set(schema, "HAS_IMOL", Some(Scalar::Flag(has_imol)));
    }
    Ok(())
}

/// Keeps `crm.deal.contact.items.get` in step with a deal's `CONTACT_ID` and `CONTACT_IDS`: the
/// primary contact is the first of the list, and `CONTACT_ID` names it.
fn sync_deal_contacts(
    data: &mut PortalData,
    entity: Entity,
    record: &mut Record,
    fields: &Map<String, Value>,
) {
    if entity != Entity::Deal {
        return;
    }
    let schema = entity.schema();
    let listed: Option<Vec<u64>> = fields
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("CONTACT_IDS"))
        .map(|(_, v)| as_list(v).into_iter().filter_map(as_id).collect());
    let named_primary = fields
        .keys()
        .any(|k| k.eq_ignore_ascii_case("CONTACT_ID"))
        .then(|| record.int(schema, "CONTACT_ID").map(|id| id as u64));
    let mut ids: Vec<u64> = match listed {
        Some(ids) => ids,
        None => data
            .crm
            .deal_contacts
            .get(&record.id)
            .map(|items| items.iter().map(|i| i.contact_id).collect())
            .unwrap_or_default(),
    };
    match named_primary {
        Some(Some(primary)) => {
            ids.retain(|&id| id != primary);
            ids.insert(0, primary);
        }
        Some(None) if !ids.is_empty() => {
            ids.remove(0);
        }
        Some(None) => {}
        None => {}
    }
    ids.dedup();
    record.set(
        schema,
        "CONTACT_ID",
        ids.first().map(|&id| Scalar::Int(id as i64)),
    );
    if ids.is_empty() {
        data.crm.deal_contacts.remove(&record.id);
        return;
    }
    let items = ids
        .into_iter()
        .enumerate()
        .map(|(i, contact_id)| DealContact {
            contact_id,
            sort: 10 * (i as u32 + 1),
            is_primary: i == 0,
        })
        .collect();
    data.crm.deal_contacts.insert(record.id, items);
}
