//! CRM dictionaries and helpers around the entities: `crm.status.list`, `crm.category.list`,
//! `crm.deal.contact.items.get`, `crm.duplicate.findbycomm`, `crm.timeline.comment.add`.

use serde_json::{Map, Value, json};

use super::args::{Args, as_id, as_list, as_text};
use super::{Call, Output};
use crate::sandbox::error::ApiError;
use crate::sandbox::filter::Filter;
use crate::sandbox::paging::{Direction, Order};
use crate::sandbox::store::PortalData;
use crate::sandbox::store::crm::{Entity, Semantics, Status, TimelineComment};
use crate::sandbox::store::record::{FieldSpec, Kind, Row, Val};

static STATUS: &[FieldSpec] = &[
    FieldSpec::new("ID", Kind::Id, "ID"),
    FieldSpec::new("ENTITY_ID", Kind::Text, "Dictionary"),
    FieldSpec::new("STATUS_ID", Kind::Text, "Code"),
    FieldSpec::new("NAME", Kind::Text, "Name"),
    FieldSpec::new("NAME_INIT", Kind::Text, "Original name"),
    FieldSpec::new("SORT", Kind::Int, "Sort"),
    FieldSpec::new("SYSTEM", Kind::Flag, "System"),
    FieldSpec::new("CATEGORY_ID", Kind::Int, "Pipeline"),
    FieldSpec::new("COLOR", Kind::Text, "Color"),
    FieldSpec::new("SEMANTICS", Kind::Text, "Semantics"),
];

impl Row for Status {
    fn value(&self, index: usize) -> Option<Val<'_>> {
        Some(match STATUS.get(index)?.name {
            "ID" => Val::Int(self.id as i64),
            "ENTITY_ID" => Val::Text(&self.entity_id),
            "STATUS_ID" => Val::Text(&self.status_id),
            "NAME" | "NAME_INIT" => Val::Text(&self.name),
            "SORT" => Val::Int(self.sort.into()),
            "SYSTEM" => Val::Flag(true),
            "CATEGORY_ID" => Val::Int(self.category_id.filter(|&c| c > 0)? as i64),
            "COLOR" => Val::Text(self.color.as_deref()?),
            _ => Val::Text(semantics_letter(self.semantics)?),
        })
    }
}

/// `SEMANTICS` is `S`/`F` for final stages and empty for the rest.
fn semantics_letter(semantics: Option<Semantics>) -> Option<&'static str> {
    match semantics? {
        Semantics::Process => None,
        other => Some(other.letter()),
    }
}

fn status_json(status: &Status) -> Value {
    let mut row = json!({
        "ID": status.id.to_string(),
        "ENTITY_ID": status.entity_id,
        "STATUS_ID": status.status_id,
        "NAME": status.name,
        "NAME_INIT": status.name,
        "SORT": status.sort.to_string(),
        "SYSTEM": "Y",
        "CATEGORY_ID": status.category_id.filter(|&c| c > 0).map(|c| c.to_string()),
        "COLOR": status.color,
        "SEMANTICS": semantics_letter(status.semantics),
    });
    if let Some(semantics) = status.semantics {
        let name = match semantics {
            Semantics::Process => "process",
            Semantics::Success => "success",
            Semantics::Failure => "failure",
        };
        row["EXTRA"] = json!({"SEMANTICS": name, "COLOR": status.color});
    }
    row
}

pub fn status_list(data: &mut PortalData, call: &Call<'_>) -> Result<Output, ApiError> {
    let args = Args::new(call.params);
    let invalid = |e: String| ApiError::bad_request("", e);
    let filter = Filter::parse(args.legacy("filter"), STATUS, &data.zone)
        .map_err(|e| invalid(e.to_string()))?;
    let order = Order::parse(
        args.legacy("order"),
        STATUS,
        &[("SORT", Direction::Asc), ("ID", Direction::Asc)],
    )
    .map_err(|e| invalid(e.to_string()))?;
    let mut rows: Vec<&Status> = data
        .crm
        .statuses
        .values()
        .filter(|s| filter.matches(*s))
        .collect();
    order.sort(&mut rows);
    let total = rows.len() as u64;
    Ok(Output {
        result: Value::Array(rows.into_iter().map(status_json).collect()),
        total: Some(total),
        next: None,
    })
}

pub fn category_list(data: &mut PortalData, call: &Call<'_>) -> Result<Output, ApiError> {
    let entity_type = Args::new(call.params)
        .get("entityTypeId")
        .and_then(as_id)
        .ok_or_else(|| ApiError::bad_request("NOT_FOUND", "Smart process not found"))?;
    match Entity::from_type_id(entity_type) {
        Some(Entity::Deal) => {}
        Some(_) => {
            return Err(ApiError::bad_request(
                "ENTITY_TYPE_NOT_SUPPORTED",
                "Entity type is not supported",
            ));
        }
        None => {
            return Err(ApiError::bad_request(
                "NOT_FOUND",
                "Smart process not found",
            ));
        }
    }
    let mut categories: Vec<_> = data.crm.categories.iter().collect();
    categories.sort_by_key(|c| (c.sort, c.id));
    let rows: Vec<Value> = categories
        .iter()
        .map(|c| {
            let mut row = json!({
                "id": c.id, "name": c.name, "sort": c.sort, "entityTypeId": 2,
                "isDefault": if c.id == 0 { "Y" } else { "N" },
            });
            if c.id != 0 {
                row["originId"] = json!("");
                row["originatorId"] = json!("");
            }
            row
        })
        .collect();
    Ok(Output {
        total: Some(rows.len() as u64),
        result: json!({ "categories": rows }),
        next: None,
    })
}

pub fn deal_contacts(data: &mut PortalData, call: &Call<'_>) -> Result<Output, ApiError> {
    let id = Args::new(call.params)
        .legacy("id")
        .and_then(as_id)
        .ok_or_else(|| {
            ApiError::bad_request("", "The parameter ownerEntityID is invalid or not defined.")
        })?;
    if data.crm.deals.get(id).is_none() {
        return Err(ApiError::bad_request("", "Not found."));
    }
    let items: Vec<Value> = data
        .crm
        .deal_contacts
        .get(&id)
        .map(|items| {
            items
                .iter()
                .map(|item| {
                    json!({"CONTACT_ID": item.contact_id, "SORT": item.sort, "ROLE_ID": 0,
                           "IS_PRIMARY": if item.is_primary { "Y" } else { "N" }})
                })
                .collect()
        })
        .unwrap_or_default();
    Ok(Output::of(Value::Array(items)))
}

/// Reduces a phone number to its digits as the duplicate index stores it: extensions dropped,
/// the international `00` read as `+`, the Russian trunk prefix `8` and a bare ten-digit mobile
/// number read as `+7`.
pub fn normalize_phone(phone: &str) -> String {
    let lower = phone.to_lowercase();
    let main = ["ext", "доб", "#", ",", ";"]
        .iter()
        .filter_map(|marker| lower.find(marker))
        .min()
        .map_or(lower.as_str(), |cut| &lower[..cut]);
    let digits: String = main.chars().filter(char::is_ascii_digit).collect();
    let digits = match digits.strip_prefix("00") {
        Some(international) => international.to_owned(),
        None => digits,
    };
    if digits.len() == 11 && digits.starts_with('8') {
        format!("7{}", &digits[1..])
    } else if digits.len() == 10 && digits.starts_with('9') {
        format!("7{digits}")
    } else {
        digits
    }
}

pub fn find_by_comm(data: &mut PortalData, call: &Call<'_>) -> Result<Output, ApiError> {
    let args = Args::new(call.params);
    let kind = args
        .legacy("type")
        .and_then(as_text)
        .map(|t| t.to_uppercase())
        .filter(|t| t == "PHONE" || t == "EMAIL")
        .ok_or_else(|| ApiError::bad_request("", "Communication type is not defined."))?;
    let values: Vec<String> = args
        .legacy("values")
        .map(as_list)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|v| v.as_str().map(str::to_owned))
        .filter(|v| !v.trim().is_empty())
        .take(20)
        .collect();
    if values.is_empty() {
        return Err(ApiError::bad_request(
            "",
            "Communication values is not defined.",
        ));
    }
    let entities = match args.legacy("entity_type").and_then(as_text) {
        None => vec![Entity::Lead, Entity::Contact, Entity::Company],
        Some(name) if name.is_empty() => vec![Entity::Lead, Entity::Contact, Entity::Company],
        Some(name) => match Entity::from_name(&name) {
            Some(entity) if entity != Entity::Deal => vec![entity],
            _ => {
                return Err(ApiError::bad_request(
                    "",
                    format!(
                        "Entity type '{}' is not supported in current context.",
                        name.to_uppercase()
                    ),
                ));
            }
        },
    };
    let normalize = |value: &str| -> String {
        if kind == "PHONE" {
            normalize_phone(value)
        } else {
            value.trim().to_lowercase()
        }
    };
    let wanted: Vec<String> = values
        .iter()
        .map(|v| normalize(v))
        .filter(|v| !v.is_empty())
        .collect();
    let mut found = Map::new();
    for entity in entities {
        let ids: Vec<Value> = data
            .crm
            .table(entity)
            .values()
            .filter(|record| {
                record
                    .multi_of(&kind)
                    .any(|m| wanted.contains(&normalize(&m.value)))
            })
            .map(|record| json!(record.id))
            .collect();
        if !ids.is_empty() {
            found.insert(entity.name().to_uppercase(), Value::Array(ids));
        }
    }
    Ok(Output::of(if found.is_empty() {
        json!([])
    } else {
        Value::Object(found)
    }))
}

pub fn timeline_comment_add(data: &mut PortalData, call: &Call<'_>) -> Result<Output, ApiError> {
    let invalid = |text: &str| ApiError::bad_request("INVALID_ARG_VALUE", text);
    let fields = Args::new(call.params)
        .get("fields")
        .and_then(Value::as_object)
        .ok_or_else(|| invalid("Required fields are not specified: fields"))?;
    let entity = fields
        .get("ENTITY_TYPE")
        .and_then(as_text)
        .and_then(|name| Entity::from_name(&name))
        .or_else(|| {
            fields
                .get("ENTITY_TYPE_ID")
                .and_then(as_id)
                .and_then(Entity::from_type_id)
        })
        .ok_or_else(|| invalid("Invalid value of ENTITY_TYPE"))?;
    let entity_id = fields
        .get("ENTITY_ID")
        .and_then(as_id)
        .ok_or_else(|| invalid("Invalid value of ENTITY_ID"))?;
    let comment = fields
        .get("COMMENT")
        .and_then(as_text)
        .filter(|c| !c.trim().is_empty())
        .ok_or_else(|| invalid("Comment text is empty"))?;
    if data.crm.table(entity).get(entity_id).is_none() {
        return Err(ApiError::bad_request(
            "OWNER_NOT_FOUND",
            "Owner entity not found",
        ));
    }
    let id = data.crm.comments.insert_with(|id| TimelineComment {
        id,
        entity,
        entity_id,
        comment,
        author_id: fields
            .get("AUTHOR_ID")
            .and_then(as_id)
            .unwrap_or(call.user_id),
        created: call.now,
    });
    Ok(Output::of(id))
}
