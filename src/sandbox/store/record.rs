//! Schema-driven records: the legacy CRM entities share one shape (a flat row of typed fields
//! plus multi-fields), so one schema table per entity drives storage, validation, output,
//! filtering and the `*.fields` method alike.

use std::collections::BTreeMap;

use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// How a field is typed on the wire; decides parsing, printing and how a filter compares it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Id,
    Int,
    /// A decimal amount printed with two decimals (`"50000.00"`).
    Money,
    Text,
    /// `"Y"`/`"N"`.
    Flag,
    DateTime,
    /// A date printed as local midnight.
    Date,
    /// A reference into a `crm.status.list` dictionary; LIKE is refused on it.
    Status(&'static str),
    Currency,
    Category,
    User,
    Lead,
    Contact,
    Company,
    /// PHONE/EMAIL/WEB/IM: stored apart, matched exactly, printed only when selected.
    Multi,
    /// A JSON list kept as is (activity COMMUNICATIONS, SETTINGS).
    List,
}

impl Kind {
    /// The type name `*.fields` reports.
    pub fn wire_type(self) -> &'static str {
        match self {
            Kind::Id | Kind::Int => "integer",
            Kind::Money => "double",
            Kind::Text | Kind::List => "string",
            Kind::Flag => "char",
            Kind::DateTime => "datetime",
            Kind::Date => "date",
            Kind::Status(_) => "crm_status",
            Kind::Currency => "crm_currency",
            Kind::Category => "crm_category",
            Kind::User => "user",
            Kind::Lead => "crm_lead",
            Kind::Contact => "crm_contact",
            Kind::Company => "crm_company",
            Kind::Multi => "crm_multifield",
        }
    }

    /// Whether a value is an integer id or number (compared numerically).
    pub fn is_integer(self) -> bool {
        matches!(
            self,
            Kind::Id
                | Kind::Int
                | Kind::Category
                | Kind::User
                | Kind::Lead
                | Kind::Contact
                | Kind::Company
        )
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    Writable,
    /// Set once on add; `update` ignores it (CATEGORY_ID of a deal).
    Immutable,
    /// Computed by the portal; `add` and `update` ignore it.
    ReadOnly,
}

#[derive(Clone, Copy, Debug)]
pub struct FieldSpec {
    pub name: &'static str,
    pub kind: Kind,
    pub access: Access,
    pub required: bool,
    /// Printed by a list only when `select` names it (activity COMMUNICATIONS), like multi-fields.
    pub on_request: bool,
    pub title: &'static str,
}

impl FieldSpec {
    pub const fn new(name: &'static str, kind: Kind, title: &'static str) -> Self {
        Self {
            name,
            kind,
            access: Access::Writable,
            required: false,
            on_request: kind_is_multi(kind),
            title,
        }
    }

    pub const fn on_request(mut self) -> Self {
        self.on_request = true;
        self
    }

    pub const fn read_only(mut self) -> Self {
        self.access = Access::ReadOnly;
        self
    }

    pub const fn immutable(mut self) -> Self {
        self.access = Access::Immutable;
        self
    }

    pub const fn required(mut self) -> Self {
        self.required = true;
        self
    }
}

const fn kind_is_multi(kind: Kind) -> bool {
    matches!(kind, Kind::Multi)
}

/// Finds a field by name, ignoring ASCII case (`title` finds `TITLE`).
pub fn field_index(schema: &[FieldSpec], name: &str) -> Option<usize> {
    schema
        .iter()
        .position(|field| field.name.eq_ignore_ascii_case(name))
}

/// A stored value. Money is kept in hundredths so that `"0.10" + "0.20"` stays exact.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Scalar {
    Int(i64),
    Cents(i64),
    Text(String),
    Flag(bool),
    Time(Timestamp),
    Day(Date),
    List(serde_json::Value),
}

/// A borrowed view of a field's value, as filters and `order` compare it.
#[derive(Clone, Debug, PartialEq)]
pub enum Val<'a> {
    Int(i64),
    Cents(i64),
    Text(&'a str),
    Flag(bool),
    Time(Timestamp),
    Day(Date),
    Multi(Vec<&'a str>),
}

impl Scalar {
    pub fn view(&self) -> Option<Val<'_>> {
        Some(match self {
            Scalar::Int(n) => Val::Int(*n),
            Scalar::Cents(n) => Val::Cents(*n),
            Scalar::Text(s) => Val::Text(s),
            Scalar::Flag(b) => Val::Flag(*b),
            Scalar::Time(t) => Val::Time(*t),
            Scalar::Day(d) => Val::Day(*d),
            Scalar::List(_) => return None,
        })
    }
}

/// Anything a list method can filter and order: a row answering its schema's fields by index.
pub trait Row {
    fn value(&self, index: usize) -> Option<Val<'_>>;
}

/// One value of a multi-field (`{"ID":"156","VALUE_TYPE":"WORK","VALUE":"+1333","TYPE_ID":"PHONE"}`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MultiValue {
    pub id: u64,
    pub type_id: String,
    pub value_type: String,
    pub value: String,
}

/// A row of a schema-driven entity; `values[i]` belongs to `schema[i]`, `None` when unset.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Record {
    pub id: u64,
    values: Vec<Option<Scalar>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub multi: Vec<MultiValue>,
}

impl Record {
    pub fn new(id: u64, schema: &[FieldSpec]) -> Self {
        Self {
            id,
            values: vec![None; schema.len()],
            multi: Vec::new(),
        }
    }

    pub fn at(&self, index: usize) -> Option<&Scalar> {
        self.values.get(index).and_then(Option::as_ref)
    }

    pub fn set_at(&mut self, index: usize, value: Option<Scalar>) {
        if index >= self.values.len() {
            self.values.resize(index + 1, None);
        }
        self.values[index] = value;
    }

    /// Reads a field by name; `schema` is the one the record was made with.
    pub fn get(&self, schema: &[FieldSpec], name: &str) -> Option<&Scalar> {
        field_index(schema, name).and_then(|i| self.at(i))
    }

    pub fn set(&mut self, schema: &[FieldSpec], name: &str, value: Option<Scalar>) {
        let index = field_index(schema, name)
            .unwrap_or_else(|| panic!("field {name} is not in the schema"));
        self.set_at(index, value);
    }

    pub fn int(&self, schema: &[FieldSpec], name: &str) -> Option<i64> {
        match self.get(schema, name) {
            Some(Scalar::Int(n)) => Some(*n),
            _ => None,
        }
    }

    pub fn text(&self, schema: &[FieldSpec], name: &str) -> Option<&str> {
        match self.get(schema, name) {
            Some(Scalar::Text(s)) => Some(s),
            _ => None,
        }
    }

    pub fn multi_of<'a>(&'a self, type_id: &'a str) -> impl Iterator<Item = &'a MultiValue> {
        self.multi.iter().filter(move |m| m.type_id == type_id)
    }
}

/// Rows keyed by id with a sequence that never hands out an id twice, as a database would.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Table<T> {
    pub rows: BTreeMap<u64, T>,
    last_id: u64,
}

impl<T> Default for Table<T> {
    fn default() -> Self {
        Self {
            rows: BTreeMap::new(),
            last_id: 0,
        }
    }
}

impl<T> Table<T> {
    pub fn next_id(&mut self) -> u64 {
        self.last_id += 1;
        self.last_id
    }

    /// Inserts a row built from its new id; returns the id.
    pub fn insert_with(&mut self, make: impl FnOnce(u64) -> T) -> u64 {
        let id = self.next_id();
        self.rows.insert(id, make(id));
        id
    }

    pub fn get(&self, id: u64) -> Option<&T> {
        self.rows.get(&id)
    }

    pub fn get_mut(&mut self, id: u64) -> Option<&mut T> {
        self.rows.get_mut(&id)
    }

    pub fn remove(&mut self, id: u64) -> Option<T> {
        self.rows.remove(&id)
    }

    pub fn values(&self) -> impl DoubleEndedIterator<Item = &T> {
        self.rows.values()
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }
}
