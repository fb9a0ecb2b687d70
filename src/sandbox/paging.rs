//! Ordering and pages of list methods: pages of 50, `start` rounded down to a page boundary,
//! `next` only while rows remain, and `start=-1` (no count: neither `total` nor `next`).

use serde_json::{Map, Value};

use super::filter::order_values;
use super::store::record::{FieldSpec, Row, field_index};

pub const PAGE_SIZE: usize = 50;

/// Where a page begins.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Start {
    /// A page boundary (a multiple of 50).
    At(usize),
    /// `start=-1`: the first page without counting the rows.
    Uncounted,
}

impl Start {
    /// Reads `start`: `-1` is the uncounted mode, anything else is floored to a page boundary
    /// (`75` → 50); garbage and other negatives mean 0, as PHP's `intval` does.
    pub fn parse(value: Option<&Value>) -> Start {
        let number = match value {
            Some(Value::Number(n)) => n.as_i64().unwrap_or(0),
            Some(Value::String(s)) => s.trim().parse().unwrap_or(0),
            _ => 0,
        };
        if number == -1 {
            Start::Uncounted
        } else {
            let offset = usize::try_from(number.max(0)).unwrap_or(0);
            Start::At(offset / PAGE_SIZE * PAGE_SIZE)
        }
    }
}

/// One page of a list and the navigation the envelope carries.
#[derive(Debug)]
pub struct Page<T> {
    pub rows: Vec<T>,
    pub total: Option<u64>,
    pub next: Option<u64>,
}

impl<T> Page<T> {
    /// Cuts the page starting at `start` out of every matching row.
    pub fn of(mut rows: Vec<T>, start: Start) -> Page<T> {
        match start {
            Start::Uncounted => {
                rows.truncate(PAGE_SIZE);
                Page {
                    rows,
                    total: None,
                    next: None,
                }
            }
            Start::At(offset) => {
                let total = rows.len();
                let page: Vec<T> = rows.into_iter().skip(offset).take(PAGE_SIZE).collect();
                let end = offset + page.len();
                Page {
                    next: (end < total).then_some(end as u64),
                    total: Some(total as u64),
                    rows: page,
                }
            }
        }
    }

    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            rows: self.rows.into_iter().map(f).collect(),
            total: self.total,
            next: self.next,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    Asc,
    Desc,
}

/// An `order` parameter resolved against a schema.
#[derive(Clone, Debug, Default)]
pub struct Order {
    keys: Vec<(usize, Direction)>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("Invalid sorting key {0}")]
pub struct OrderError(pub String);

impl Order {
    /// Reads `order` (`{"FIELD": "ASC"|"DESC"}`, either case); absent or empty means `default`.
    pub fn parse(
        order: Option<&Value>,
        schema: &[FieldSpec],
        default: &[(&str, Direction)],
    ) -> Result<Order, OrderError> {
        let empty = Map::new();
        let map = match order {
            Some(Value::Object(map)) => map,
            _ => &empty,
        };
        if map.is_empty() {
            return Ok(Order {
                keys: default
                    .iter()
                    .filter_map(|(name, dir)| field_index(schema, name).map(|i| (i, *dir)))
                    .collect(),
            });
        }
        let keys = map
            .iter()
            .map(|(name, dir)| {
                let index = field_index(schema, name).ok_or_else(|| OrderError(name.clone()))?;
                let desc = dir.as_str().is_some_and(|d| d.eq_ignore_ascii_case("desc"));
                Ok((
                    index,
                    if desc {
                        Direction::Desc
                    } else {
                        Direction::Asc
                    },
                ))
            })
            .collect::<Result<_, _>>()?;
        Ok(Order { keys })
    }

    /// A single key, for the methods whose order comes as `sort` + `order` scalars.
    pub fn by(index: usize, direction: Direction) -> Order {
        Order {
            keys: vec![(index, direction)],
        }
    }

    /// Whether this is exactly ascending order of the field at `index`.
    pub fn is_ascending_by(&self, index: usize) -> bool {
        self.keys == [(index, Direction::Asc)]
    }

    /// Sorts stably: rows equal on every key keep their id order.
    pub fn sort<R: Row>(&self, rows: &mut [&R]) {
        if self.keys.is_empty() {
            return;
        }
        rows.sort_by(|a, b| {
            self.keys
                .iter()
                .map(|&(index, direction)| {
                    let ordering = order_values(a.value(index).as_ref(), b.value(index).as_ref());
                    match direction {
                        Direction::Asc => ordering,
                        Direction::Desc => ordering.reverse(),
                    }
                })
                .find(|o| o.is_ne())
                .unwrap_or(std::cmp::Ordering::Equal)
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn start_is_floored_and_minus_one_is_uncounted() {
        assert_eq!(Start::parse(Some(&json!(75))), Start::At(50));
        assert_eq!(Start::parse(Some(&json!("120"))), Start::At(100));
        assert_eq!(Start::parse(Some(&json!(-1))), Start::Uncounted);
        assert_eq!(Start::parse(Some(&json!("-1"))), Start::Uncounted);
        assert_eq!(Start::parse(Some(&json!("x"))), Start::At(0));
        assert_eq!(Start::parse(None), Start::At(0));
    }

    #[test]
    fn next_only_while_rows_remain() {
        let page = Page::of((0..120).collect(), Start::At(50));
        assert_eq!(
            (page.rows.len(), page.total, page.next),
            (50, Some(120), Some(100))
        );
        let last = Page::of((0..120).collect(), Start::At(100));
        assert_eq!((last.rows.len(), last.next), (20, None));
        let exact = Page::of((0..100).collect(), Start::At(50));
        assert_eq!(exact.next, None);
        let fast = Page::of((0..120).collect(), Start::Uncounted);
        assert_eq!((fast.rows.len(), fast.total, fast.next), (50, None, None));
    }

    proptest::proptest! {
        /// Following `next` from any start visits every later row once, in order.
        #[test]
        fn following_next_reads_each_row_once(total in 0usize..400, start in 0usize..450) {
            let rows: Vec<usize> = (0..total).collect();
            let mut seen = Vec::new();
            let mut at = Start::At(start / PAGE_SIZE * PAGE_SIZE);
            loop {
                let page = Page::of(rows.clone(), at);
                proptest::prop_assert!(page.rows.len() <= PAGE_SIZE);
                proptest::prop_assert_eq!(page.total, Some(total as u64));
                seen.extend(page.rows);
                match page.next {
                    Some(next) => at = Start::At(next as usize),
                    None => break,
                }
            }
            let first = (start / PAGE_SIZE * PAGE_SIZE).min(total);
            proptest::prop_assert_eq!(seen, (first..total).collect::<Vec<_>>());
        }
    }
}
