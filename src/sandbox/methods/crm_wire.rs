//! The wire shape of schema-driven CRM records: values printed as strings (`"ID":"410"`,
//! `"OPPORTUNITY":"1000000.00"`, `"Y"`/`"N"`, dates with the portal's offset), `select`, and the
//! reading of written values with the multi-field update semantics.

use serde_json::{Map, Value, json};

use super::args::{as_flag, as_list, as_object, as_text};
use crate::sandbox::error::ApiError;
use crate::sandbox::filter::parse_cents;
use crate::sandbox::store::record::{
    Access, FieldSpec, Kind, MultiValue, Record, Row, Scalar, Val, field_index,
};
use crate::sandbox::store::zone::PortalZone;

/// A record seen through its schema, for filters and `order`.
pub struct Rec<'a> {
    pub record: &'a Record,
    pub schema: &'static [FieldSpec],
}

impl Row for Rec<'_> {
    fn value(&self, index: usize) -> Option<Val<'_>> {
        let field = self.schema.get(index)?;
        match field.kind {
            Kind::Id => Some(Val::Int(self.record.id as i64)),
            Kind::Multi => Some(Val::Multi(
                self.record
                    .multi_of(field.name)
                    .map(|m| m.value.as_str())
                    .collect(),
            )),
            _ => self.record.at(index).and_then(Scalar::view),
        }
    }
}

/// Which fields a list prints.
pub enum Selection {
    /// `get`: every field, multi-fields and lists included when they have values.
    Everything,
    /// `list`: the named fields; `*` (the default) stands for every plain field.
    Named { star: bool, fields: Vec<usize> },
}

impl Selection {
    /// Reads `select`; absent or empty means `["*", "UF_*"]`.
    pub fn parse(select: Option<&Value>, schema: &[FieldSpec]) -> Selection {
        let names: Vec<String> = select
            .map(as_list)
            .unwrap_or_default()
            .into_iter()
            .filter_map(as_text)
            .collect();
        if names.is_empty() {
            return Selection::Named {
                star: true,
                fields: Vec::new(),
            };
        }
        Selection::Named {
            star: names.iter().any(|n| n == "*"),
            fields: names
                .iter()
                .filter_map(|name| field_index(schema, name))
                .collect(),
        }
    }

    fn includes(&self, index: usize, field: &FieldSpec) -> bool {
        match self {
            Selection::Everything => true,
            Selection::Named { star, fields } => {
                field.kind == Kind::Id || fields.contains(&index) || (*star && !field.on_request)
            }
        }
    }
}

/// Prints a record; multi-fields appear only when they have values.
pub fn render(
    record: &Record,
    schema: &[FieldSpec],
    zone: &PortalZone,
    selection: &Selection,
) -> Value {
    let mut out = Map::new();
    for (index, field) in schema.iter().enumerate() {
        if !selection.includes(index, field) {
            continue;
        }
        let value = match field.kind {
            Kind::Id => Value::String(record.id.to_string()),
            Kind::Multi => {
                let items: Vec<Value> = record
                    .multi_of(field.name)
                    .map(|m| {
                        json!({"ID": m.id.to_string(), "VALUE_TYPE": m.value_type,
                               "VALUE": m.value, "TYPE_ID": m.type_id})
                    })
                    .collect();
                if items.is_empty() {
                    continue;
                }
                Value::Array(items)
            }
            kind => scalar_json(kind, record.at(index), zone),
        };
        out.insert(field.name.to_owned(), value);
    }
    Value::Object(out)
}

/// One value as legacy CRM prints it: strings, `null` for an empty reference or text, `""` for
/// an empty date, `[]` for an empty list.
pub fn scalar_json(kind: Kind, value: Option<&Scalar>, zone: &PortalZone) -> Value {
    match (kind, value) {
        (_, Some(Scalar::Int(n))) => Value::String(n.to_string()),
        (_, Some(Scalar::Cents(n))) => Value::String(money(*n)),
        (_, Some(Scalar::Text(s))) => Value::String(s.clone()),
        (_, Some(Scalar::Flag(b))) => Value::String(if *b { "Y" } else { "N" }.into()),
        (_, Some(Scalar::Time(t))) => Value::String(zone.iso(*t)),
        (_, Some(Scalar::Day(d))) => Value::String(zone.iso_date(*d)),
        (_, Some(Scalar::List(v))) => v.clone(),
        (Kind::Date | Kind::DateTime, None) => Value::String(String::new()),
        (Kind::Flag, None) => Value::String("N".into()),
        (Kind::List, None) => Value::Array(Vec::new()),
        (Kind::Money, None) => Value::String("0.00".into()),
        (_, None) => Value::Null,
    }
}

/// Hundredths printed with two decimals: `"50000.00"`.
pub fn money(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    format!("{sign}{}.{:02}", cents.abs() / 100, cents.abs() % 100)
}

/// Reads a written value for `field`; `None` clears it. The error says what was wrong.
pub fn parse_value(
    field: &FieldSpec,
    value: &Value,
    zone: &PortalZone,
) -> Result<Option<Scalar>, ApiError> {
    let invalid = || {
        ApiError::bad_request(
            "",
            format!("The field {} contains an invalid value.", field.name),
        )
    };
    if field.kind == Kind::List {
        return Ok(Some(Scalar::List(value.clone())));
    }
    let text = match value {
        Value::Null => return Ok(None),
        Value::String(s) if s.trim().is_empty() => return Ok(None),
        Value::Bool(_) | Value::String(_) | Value::Number(_) => {
            as_text(value).ok_or_else(invalid)?
        }
        Value::Array(_) | Value::Object(_) => return Err(invalid()),
    };
    let text = text.trim();
    Ok(Some(match field.kind {
        kind if kind.is_integer() => Scalar::Int(
            text.parse::<f64>()
                .ok()
                .filter(|n| n.is_finite())
                .ok_or_else(invalid)? as i64,
        ),
        Kind::Money => Scalar::Cents(parse_cents(text).ok_or_else(invalid)?),
        Kind::Flag => Scalar::Flag(as_flag(value).ok_or_else(invalid)?),
        Kind::DateTime => Scalar::Time(zone.parse(text).ok_or_else(invalid)?),
        Kind::Date => Scalar::Day(zone.parse_date(text).ok_or_else(invalid)?),
        _ => Scalar::Text(text.to_owned()),
    }))
}

/// Whether a write may set this field now: read-only fields never, immutable ones only on add.
pub fn writable(field: &FieldSpec, adding: bool) -> bool {
    match field.access {
        Access::Writable => true,
        Access::Immutable => adding,
        Access::ReadOnly => false,
    }
}

/// Applies written multi-field items: an item with `ID` modifies that value (or deletes it with
/// `DELETE: "Y"` or an empty `VALUE`); an item without `ID` is appended. Existing values that are
/// not mentioned stay.
pub fn apply_multi(
    record: &mut Record,
    type_id: &str,
    items: &Value,
    next_id: &mut dyn FnMut() -> u64,
) -> Result<(), ApiError> {
    for item in as_list(items) {
        let Some(item) = as_object(item) else {
            continue;
        };
        let value = item.get("VALUE").and_then(as_text).unwrap_or_default();
        let value = value.trim().to_owned();
        let value_type = item.get("VALUE_TYPE").and_then(as_text);
        let delete = item.get("DELETE").and_then(as_flag).unwrap_or(false);
        if !value.is_empty() && type_id == "EMAIL" && !plausible_email(&value) {
            return Err(ApiError::bad_request(
                "ERROR_CORE",
                format!("The field Work e-mail contains an invalid address: {value}"),
            ));
        }
        let existing = item.get("ID").and_then(super::args::as_id).and_then(|id| {
            record
                .multi
                .iter()
                .position(|m| m.id == id && m.type_id == type_id)
        });
        match existing {
            Some(pos) if delete || value.is_empty() => {
                record.multi.remove(pos);
            }
            Some(pos) => {
                let target = &mut record.multi[pos];
                target.value = value;
                if let Some(value_type) = value_type {
                    target.value_type = value_type;
                }
            }
            None if value.is_empty() || delete => {}
            None => record.multi.push(MultiValue {
                id: next_id(),
                type_id: type_id.to_owned(),
                value_type: value_type.unwrap_or_else(|| "WORK".to_owned()),
                value,
            }),
        }
    }
    Ok(())
}

fn plausible_email(value: &str) -> bool {
    value.split_once('@').is_some_and(|(local, domain)| {
        !local.is_empty()
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
    })
}
