//! List filters: `{"<prefix><FIELD>": value}` conditions, ANDed, compared by the field's type.
//!
//! Text compares ignoring case, as MySQL's default collation on a real portal does. Negative
//! conditions (`!`, `!@`, `!%`) also match rows where the field is empty, as Bitrix's SQL builder
//! adds `OR field IS NULL` to them.

use std::cmp::Ordering;

use serde_json::{Map, Value};

use super::store::record::{FieldSpec, Kind, Row, Scalar, Val, field_index};
use super::store::zone::PortalZone;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FilterError {
    #[error("Parameter 'filter' must be array.")]
    NotAnObject,
    #[error("Filter field {0} is not supported.")]
    UnknownField(String),
    #[error("Filter operation '{op}' on {field} takes a single value, not a list.")]
    ListForScalarOperation { op: &'static str, field: String },
    #[error("Filter operation '{op}' is not supported on {field}.")]
    UnsupportedOperation { op: &'static str, field: String },
    #[error("Invalid filter value for {field}: {value}.")]
    BadValue { field: String, value: String },
}

#[derive(Clone, Debug, PartialEq)]
enum Op {
    Eq,
    Ne,
    Gt,
    Ge,
    Lt,
    Le,
    In,
    NotIn,
    Like(Pattern),
    NotLike(Pattern),
}

/// A condition's value; `None` stands for "empty" (`""`, `null`, `false`), which matches unset fields.
type Operand = Option<Scalar>;

#[derive(Clone, Debug)]
struct Condition {
    index: usize,
    op: Op,
    operands: Vec<Operand>,
}

#[derive(Clone, Debug, Default)]
pub struct Filter {
    conditions: Vec<Condition>,
}

/// The prefixes, longest first so that `!=%` is not read as `!` + `=%FIELD`.
const PREFIXES: &[&str] = &[
    "!=%", "!%=", "!@", "!=", "!%", ">=", "<=", "=%", "%=", "!", ">", "<", "=", "@", "%",
];

impl Filter {
    /// Reads a `filter` parameter; absent or an empty PHP array (`[]`) means no condition.
    pub fn parse(
        filter: Option<&Value>,
        schema: &[FieldSpec],
        zone: &PortalZone,
    ) -> Result<Filter, FilterError> {
        match filter {
            None | Some(Value::Null) => Ok(Filter::default()),
            Some(Value::Array(items)) if items.is_empty() => Ok(Filter::default()),
            Some(Value::Object(map)) => Self::parse_map(map, schema, zone),
            Some(Value::String(s)) if s.is_empty() => Ok(Filter::default()),
            Some(_) => Err(FilterError::NotAnObject),
        }
    }

    pub fn parse_map(
        map: &Map<String, Value>,
        schema: &[FieldSpec],
        zone: &PortalZone,
    ) -> Result<Filter, FilterError> {
        let conditions = map
            .iter()
            .map(|(key, value)| parse_condition(key, value, schema, zone))
            .collect::<Result<_, _>>()?;
        Ok(Filter { conditions })
    }

    pub fn matches(&self, row: &impl Row) -> bool {
        self.conditions.iter().all(|c| c.matches(row))
    }

    /// The least id a matching row can have, from `>ID`/`>=ID` conditions on the field at
    /// `id_index`: where a read in id order may start instead of at the first row, as a
    /// database's primary key lets a keyset page start.
    pub fn id_floor(&self, id_index: usize) -> u64 {
        self.conditions
            .iter()
            .filter(|c| c.index == id_index)
            .filter_map(|c| match (&c.op, c.operands.as_slice()) {
                (Op::Gt, [Some(Scalar::Int(id))]) => Some(id.saturating_add(1)),
                (Op::Ge, [Some(Scalar::Int(id))]) => Some(*id),
                _ => None,
            })
            .map(|id| u64::try_from(id).unwrap_or(0))
            .max()
            .unwrap_or(0)
    }
}

fn parse_condition(
    key: &str,
    value: &Value,
    schema: &[FieldSpec],
    zone: &PortalZone,
) -> Result<Condition, FilterError> {
    let prefix = PREFIXES
        .iter()
        .copied()
        .find(|p| key.starts_with(p))
        .unwrap_or("");
    let name = &key[prefix.len()..];
    let index = field_index(schema, name).ok_or_else(|| FilterError::UnknownField(key.into()))?;
    let field = &schema[index];
    if field.kind == Kind::List {
        return Err(FilterError::UnknownField(key.into()));
    }
    let list = match value {
        Value::Array(items) => Some(items.as_slice()),
        Value::Object(map) => {
            return Err(FilterError::BadValue {
                field: field.name.into(),
                value: Value::Object(map.clone()).to_string(),
            });
        }
        _ => None,
    };
    let scalar_only = |op: &'static str| match list {
        Some(_) => Err(FilterError::ListForScalarOperation {
            op,
            field: field.name.into(),
        }),
        None => Ok(()),
    };
    let like = |op: &'static str, wrap: bool| -> Result<Pattern, FilterError> {
        scalar_only(op)?;
        // The portal refuses LIKE on dictionary and link fields (crm_status, crm_contact,
        // crm_company) and matches multi-fields only exactly.
        if matches!(
            field.kind,
            Kind::Status(_) | Kind::Currency | Kind::Contact | Kind::Company | Kind::Multi
        ) {
            return Err(FilterError::UnsupportedOperation {
                op,
                field: field.name.into(),
            });
        }
        let text = plain_text(value);
        Ok(if wrap {
            Pattern::substring(&text)
        } else {
            Pattern::wildcards(&text)
        })
    };
    let op = match prefix {
        "" | "=" => {
            if list.is_some() {
                Op::In
            } else {
                Op::Eq
            }
        }
        "!" | "!=" => {
            if list.is_some() {
                Op::NotIn
            } else {
                Op::Ne
            }
        }
        "@" => Op::In,
        "!@" => Op::NotIn,
        ">" | ">=" | "<" | "<=" => {
            scalar_only(prefix)?;
            if field.kind == Kind::Multi {
                return Err(FilterError::UnsupportedOperation {
                    op: prefix,
                    field: field.name.into(),
                });
            }
            match prefix {
                ">" => Op::Gt,
                ">=" => Op::Ge,
                "<" => Op::Lt,
                _ => Op::Le,
            }
        }
        "%" => Op::Like(like("%", true)?),
        "=%" | "%=" => Op::Like(like("=%", false)?),
        "!%" => Op::NotLike(like("!%", true)?),
        _ => Op::NotLike(like("!=%", false)?),
    };
    let operands = match (&op, list) {
        (Op::Like(_) | Op::NotLike(_), _) => Vec::new(),
        (_, Some(items)) => items
            .iter()
            .map(|item| operand(field, item, zone))
            .collect::<Result<_, _>>()?,
        (_, None) => vec![operand(field, value, zone)?],
    };
    Ok(Condition {
        index,
        op,
        operands,
    })
}

fn plain_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn operand(field: &FieldSpec, value: &Value, zone: &PortalZone) -> Result<Operand, FilterError> {
    let bad = || FilterError::BadValue {
        field: field.name.into(),
        value: value.to_string(),
    };
    let text = match value {
        Value::Null => return Ok(None),
        Value::Bool(b) if field.kind == Kind::Flag => return Ok(Some(Scalar::Flag(*b))),
        Value::Bool(false) => return Ok(None),
        Value::String(s) if s.is_empty() => return Ok(None),
        Value::String(s) => s.trim().to_owned(),
        Value::Number(n) => n.to_string(),
        Value::Bool(true) | Value::Array(_) | Value::Object(_) => return Err(bad()),
    };
    let scalar = match field.kind {
        kind if kind.is_integer() => Scalar::Int(text.parse().map_err(|_| bad())?),
        Kind::Money => Scalar::Cents(parse_cents(&text).ok_or_else(bad)?),
        Kind::Flag => Scalar::Flag(parse_flag(&text).ok_or_else(bad)?),
        Kind::DateTime => Scalar::Time(zone.parse(&text).ok_or_else(bad)?),
        Kind::Date => Scalar::Day(zone.parse_date(&text).ok_or_else(bad)?),
        _ => Scalar::Text(text),
    };
    Ok(Some(scalar))
}

/// Reads a decimal amount into hundredths (`"50000.5"` → 5 000 050).
pub fn parse_cents(text: &str) -> Option<i64> {
    let text = text.trim();
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    if whole.is_empty() && fraction.is_empty() {
        return None;
    }
    let whole: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    if !fraction.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let mut cents = fraction.chars().chain("00".chars()).take(2);
    let tens = cents.next()?.to_digit(10)? as i64;
    let ones = cents.next()?.to_digit(10)? as i64;
    let value = whole.checked_mul(100)? + tens * 10 + ones;
    Some(if negative { -value } else { value })
}

/// `Y`/`N`, also `1`/`0` and `true`/`false` as form encoding sends them.
pub fn parse_flag(text: &str) -> Option<bool> {
    match text.to_ascii_uppercase().as_str() {
        "Y" | "1" | "TRUE" => Some(true),
        "N" | "0" | "FALSE" => Some(false),
        _ => None,
    }
}

impl Condition {
    fn matches(&self, row: &impl Row) -> bool {
        let value = row.value(self.index);
        match &self.op {
            Op::Eq | Op::In => self.operands.iter().any(|o| equals(value.as_ref(), o)),
            Op::Ne | Op::NotIn => !self.operands.iter().any(|o| equals(value.as_ref(), o)),
            Op::Gt | Op::Ge | Op::Lt | Op::Le => {
                let (Some(value), Some(Some(operand))) = (value.as_ref(), self.operands.first())
                else {
                    return false;
                };
                match compare(value, operand) {
                    Some(ordering) => match self.op {
                        Op::Gt => ordering == Ordering::Greater,
                        Op::Ge => ordering != Ordering::Less,
                        Op::Lt => ordering == Ordering::Less,
                        _ => ordering != Ordering::Greater,
                    },
                    None => false,
                }
            }
            Op::Like(pattern) => value.as_ref().is_some_and(|v| pattern.matches_val(v)),
            Op::NotLike(pattern) => !value.as_ref().is_some_and(|v| pattern.matches_val(v)),
        }
    }
}

fn equals(value: Option<&Val<'_>>, operand: &Operand) -> bool {
    match (value, operand) {
        (None, None) => true,
        (Some(Val::Text(s)), None) => s.is_empty(),
        (Some(Val::Multi(values)), None) => values.is_empty(),
        (None, Some(_)) | (Some(_), None) => false,
        (Some(Val::Multi(values)), Some(Scalar::Text(wanted))) => values
            .iter()
            .any(|v| text_cmp(v, wanted) == Ordering::Equal),
        (Some(value), Some(operand)) => compare(value, operand) == Some(Ordering::Equal),
    }
}

/// Compares a row's value with an operand parsed for the same field kind.
pub fn compare(value: &Val<'_>, operand: &Scalar) -> Option<Ordering> {
    Some(match (value, operand) {
        (Val::Int(a), Scalar::Int(b)) => a.cmp(b),
        (Val::Cents(a), Scalar::Cents(b)) => a.cmp(b),
        (Val::Text(a), Scalar::Text(b)) => text_cmp(a, b),
        (Val::Flag(a), Scalar::Flag(b)) => a.cmp(b),
        (Val::Time(a), Scalar::Time(b)) => a.cmp(b),
        (Val::Day(a), Scalar::Day(b)) => a.cmp(b),
        _ => return None,
    })
}

/// Orders two rows' values for `order`: empty first, as MySQL sorts NULL.
pub fn order_values(a: Option<&Val<'_>>, b: Option<&Val<'_>>) -> Ordering {
    match (a, b) {
        (None, None) => Ordering::Equal,
        (None, Some(_)) => Ordering::Less,
        (Some(_), None) => Ordering::Greater,
        (Some(a), Some(b)) => match (a, b) {
            (Val::Int(x), Val::Int(y)) => x.cmp(y),
            (Val::Cents(x), Val::Cents(y)) => x.cmp(y),
            (Val::Text(x), Val::Text(y)) => text_cmp(x, y),
            (Val::Flag(x), Val::Flag(y)) => x.cmp(y),
            (Val::Time(x), Val::Time(y)) => x.cmp(y),
            (Val::Day(x), Val::Day(y)) => x.cmp(y),
            _ => Ordering::Equal,
        },
    }
}

fn text_cmp(a: &str, b: &str) -> Ordering {
    a.chars()
        .flat_map(char::to_lowercase)
        .cmp(b.chars().flat_map(char::to_lowercase))
}

/// A SQL LIKE pattern: `%` any run, `_` one character; matched ignoring case.
#[derive(Clone, Debug, PartialEq)]
struct Pattern(Vec<char>);

impl Pattern {
    fn substring(text: &str) -> Self {
        let mut chars = vec!['%'];
        chars.extend(text.chars().flat_map(char::to_lowercase));
        chars.push('%');
        Pattern(chars)
    }

    fn wildcards(text: &str) -> Self {
        Pattern(text.chars().flat_map(char::to_lowercase).collect())
    }

    fn matches_val(&self, value: &Val<'_>) -> bool {
        let text = match value {
            Val::Text(s) => s.to_lowercase(),
            Val::Int(n) => n.to_string(),
            Val::Cents(n) => format!("{}.{:02}", n / 100, (n % 100).abs()),
            _ => return false,
        };
        let text: Vec<char> = text.chars().collect();
        glob(&self.0, &text)
    }
}

fn glob(pattern: &[char], text: &[char]) -> bool {
    // Iterative wildcard matching with backtracking to the last `%`.
    let (mut p, mut t) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        if p < pattern.len() && (pattern[p] == '_' || pattern[p] == text[t]) {
            p += 1;
            t += 1;
        } else if p < pattern.len() && pattern[p] == '%' {
            star = Some((p, t));
            p += 1;
        } else if let Some((star_p, star_t)) = star {
            p = star_p + 1;
            t = star_t + 1;
            star = Some((star_p, star_t + 1));
        } else {
            return false;
        }
    }
    pattern[p..].iter().all(|&c| c == '%')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_patterns() {
        let chars = |s: &str| s.chars().collect::<Vec<_>>();
        assert!(glob(&chars("mol%"), &chars("molotok")));
        assert!(!glob(&chars("mol%"), &chars("amol")));
        assert!(glob(&chars("%mol"), &chars("amol")));
        assert!(glob(&chars("m_l%k"), &chars("molotok")));
        assert!(glob(&chars("%"), &chars("")));
    }

    #[test]
    fn cents() {
        assert_eq!(parse_cents("50000"), Some(5_000_000));
        assert_eq!(parse_cents("0.1"), Some(10));
        assert_eq!(parse_cents("-2.05"), Some(-205));
        assert_eq!(parse_cents("abc"), None);
        assert_eq!(parse_cents(""), None);
    }

    use crate::sandbox::store::record::{FieldSpec, Kind, Row, Val};
    use crate::sandbox::store::zone::PortalZone;
    use serde_json::json;

    static SCHEMA: &[FieldSpec] = &[
        FieldSpec::new("AMOUNT", Kind::Int, "Amount"),
        FieldSpec::new("NAME", Kind::Text, "Name"),
    ];

    struct Item(Option<i64>, Option<String>);

    impl Row for Item {
        fn value(&self, index: usize) -> Option<Val<'_>> {
            match index {
                0 => self.0.map(Val::Int),
                _ => self.1.as_deref().map(Val::Text),
            }
        }
    }

    fn matching(filter: serde_json::Value, items: &[Item]) -> Vec<usize> {
        let zone = PortalZone::new("Europe/Moscow").unwrap();
        let filter = Filter::parse(Some(&filter), SCHEMA, &zone).unwrap();
        (0..items.len())
            .filter(|&i| filter.matches(&items[i]))
            .collect()
    }

    fn complement(of: &[usize], len: usize) -> Vec<usize> {
        (0..len).filter(|i| !of.contains(i)).collect()
    }

    proptest::proptest! {
        /// Each negative prefix selects exactly the rows its positive one leaves out, empty
        /// fields included; comparisons split the non-empty rows in two.
        #[test]
        fn negations_complement_their_conditions(
            rows in proptest::collection::vec(
                (proptest::option::of(-5i64..5), proptest::option::of("[ab]{0,3}")),
                0..30,
            ),
            pivot in -5i64..5,
            text in "[ab]{0,2}",
        ) {
            let items: Vec<Item> = rows.into_iter().map(|(n, s)| Item(n, s)).collect();
            let n = items.len();
            let pairs = [
                (json!({"AMOUNT": pivot}), json!({"!AMOUNT": pivot})),
                (json!({"=AMOUNT": pivot}), json!({"!=AMOUNT": pivot})),
                (json!({"@AMOUNT": [pivot, pivot + 1]}), json!({"!@AMOUNT": [pivot, pivot + 1]})),
                (json!({"%NAME": text}), json!({"!%NAME": text})),
                (json!({"=%NAME": format!("{text}%")}), json!({"!=%NAME": format!("{text}%")})),
                (json!({"%=NAME": format!("%{text}")}), json!({"!%=NAME": format!("%{text}")})),
            ];
            for (positive, negative) in pairs {
                let yes = matching(positive, &items);
                proptest::prop_assert_eq!(matching(negative, &items), complement(&yes, n));
            }
            let set: Vec<usize> = (0..n).filter(|&i| items[i].0.is_some()).collect();
            let mut split = matching(json!({">AMOUNT": pivot}), &items);
            split.extend(matching(json!({"<=AMOUNT": pivot}), &items));
            split.sort_unstable();
            proptest::prop_assert_eq!(&split, &set);
            let mut split = matching(json!({">=AMOUNT": pivot}), &items);
            split.extend(matching(json!({"<AMOUNT": pivot}), &items));
            split.sort_unstable();
            proptest::prop_assert_eq!(&split, &set);
        }
    }
}
