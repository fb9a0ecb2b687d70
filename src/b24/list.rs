//! Reading whole lists.
//!
//! Where a method can filter and sort by id, pages are chained by id ("keyset", §5.3): 50 pages in
//! one `batch`, each asking for ids above the last id of the page before it through a `$result`
//! reference, with `start=-1` so the portal skips counting. That reads 2 500 rows per HTTP
//! request. The first page of the first batch asks with `start=0` to learn `total` once, so the
//! reader knows when it has everything and sends no request to find an empty page. Other list
//! methods are paged by `start`, the pages after the first sent 50 to a batch.

use serde::de::DeserializeOwned;
use serde_json::{Map, Value, json};

use super::batch::{Batch, MAX_COMMANDS, reference};
use super::client::{Client, decode};
use super::envelope::Envelope;
use super::error::{Error, Kind};

/// The portal's fixed page size.
pub const PAGE: usize = 50;

/// How one method sorts and filters by id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Keyset {
    /// The parameter holding the filter (`filter`, or `FILTER` for `user.get`).
    filter_param: &'static str,
    /// The filter field compared with `>` (`ID`, or `id` for `crm.item.list`).
    filter_field: &'static str,
    /// The id key in each row (`ID`, or `id` in camelCase output).
    row_id: &'static str,
    /// The key wrapping the rows in `result` (`tasks`, `items`), if any.
    wrapper: Option<&'static str>,
    /// `order: {ID: ASC}`, or `sort: ID, order: ASC` for users.
    sort_style: SortStyle,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SortStyle {
    OrderMap,
    SortAndOrder,
}

const LEGACY_CRM: Keyset = Keyset {
    filter_param: "filter",
    filter_field: "ID",
    row_id: "ID",
    wrapper: None,
    sort_style: SortStyle::OrderMap,
};

fn keyset(method: &str) -> Option<Keyset> {
    Some(match method.to_ascii_lowercase().as_str() {
        "crm.deal.list" | "crm.contact.list" | "crm.lead.list" | "crm.company.list"
        | "crm.activity.list" => LEGACY_CRM,
        "crm.item.list" => Keyset {
            filter_field: "id",
            row_id: "id",
            wrapper: Some("items"),
            ..LEGACY_CRM
        },
        "tasks.task.list" => Keyset {
            row_id: "id",
            wrapper: Some("tasks"),
            ..LEGACY_CRM
        },
        "user.get" => Keyset {
            filter_param: "FILTER",
            sort_style: SortStyle::SortAndOrder,
            ..LEGACY_CRM
        },
        _ => return None,
    })
}

impl Client {
    /// Every row of a list method, in id order where the method allows it.
    pub async fn list_all(&self, method: &str, params: &Value) -> Result<Vec<Value>, Error> {
        match keyset(method) {
            Some(keyset) => self.list_by_id(method, params, keyset).await,
            None => self.list_by_start(method, params).await,
        }
    }

    /// Every row of a list method, decoded.
    pub async fn list_all_as<T: DeserializeOwned>(
        &self,
        method: &str,
        params: &Value,
    ) -> Result<Vec<T>, Error> {
        self.list_all(method, params)
            .await?
            .into_iter()
            .map(|row| decode(method, row))
            .collect()
    }

    async fn list_by_id(
        &self,
        method: &str,
        params: &Value,
        keyset: Keyset,
    ) -> Result<Vec<Value>, Error> {
        let mut base = match params {
            Value::Object(map) => map.clone(),
            Value::Null => Map::new(),
            _ => return Err(not_a_list(method, "its parameters must be an object")),
        };
        base.remove("start");
        let mut filter = match base.remove(keyset.filter_param) {
            Some(Value::Object(filter)) => filter,
            _ => Map::new(),
        };
        let filter_key = format!(">{}", keyset.filter_field);
        let mut last_id: Option<Value> = filter.remove(&filter_key);
        match keyset.sort_style {
            SortStyle::OrderMap => {
                base.insert("order".into(), json!({ keyset.filter_field: "ASC" }));
            }
            SortStyle::SortAndOrder => {
                base.insert("sort".into(), json!(keyset.filter_field));
                base.insert("order".into(), json!("ASC"));
            }
        }
        let mut rows = Vec::new();
        let mut total: Option<usize> = None;
        loop {
            let pages = match total {
                None => MAX_COMMANDS,
                Some(total) => total
                    .saturating_sub(rows.len())
                    .div_ceil(PAGE)
                    .clamp(1, MAX_COMMANDS),
            };
            let mut batch = Batch::new().halt_on_error();
            for page in 0..pages {
                let mut page_filter = filter.clone();
                let after = if page == 0 {
                    last_id.clone()
                } else {
                    let last = (PAGE - 1).to_string();
                    let path: Vec<&str> = keyset
                        .wrapper
                        .into_iter()
                        .chain([last.as_str(), keyset.row_id])
                        .collect();
                    Some(Value::String(reference(&format!("p{}", page - 1), &path)))
                };
                if let Some(after) = after {
                    page_filter.insert(filter_key.clone(), after);
                }
                let mut page_params = base.clone();
                if !page_filter.is_empty() {
                    page_params.insert(keyset.filter_param.into(), Value::Object(page_filter));
                }
                let counting = total.is_none() && page == 0;
                page_params.insert("start".into(), json!(if counting { 0 } else { -1 }));
                batch.add(format!("p{page}"), method, Value::Object(page_params));
            }
            let results = self.batch(batch).await;
            for page in 0..pages {
                let envelope = results.get(&format!("p{page}"))?;
                if total.is_none() {
                    total = Some(envelope.total.map_or(usize::MAX, |t| t as usize));
                }
                let page_rows = rows_of(method, envelope)?;
                let full = page_rows.len() >= PAGE;
                if let Some(last) = page_rows.last() {
                    last_id = Some(last.get(keyset.row_id).cloned().ok_or_else(|| {
                        not_a_list(method, "its rows have no id to continue from")
                    })?);
                }
                rows.extend(page_rows);
                if !full || total.is_some_and(|total| rows.len() >= total) {
                    return Ok(rows);
                }
            }
        }
    }

    async fn list_by_start(&self, method: &str, params: &Value) -> Result<Vec<Value>, Error> {
        let mut first = match params {
            Value::Object(map) => map.clone(),
            Value::Null => Map::new(),
            _ => return Err(not_a_list(method, "its parameters must be an object")),
        };
        first.insert("start".into(), json!(0));
        let envelope = self.call(method, &Value::Object(first.clone())).await?;
        let mut rows = rows_of(method, &envelope)?;
        let (Some(next), Some(total)) = (envelope.next, envelope.total) else {
            return Ok(rows);
        };
        let mut batch = Batch::new().halt_on_error();
        let starts: Vec<u64> = (next..total).step_by(PAGE).collect();
        for start in &starts {
            let mut page = first.clone();
            page.insert("start".into(), json!(start));
            batch.add(format!("s{start}"), method, Value::Object(page));
        }
        let results = self.batch(batch).await;
        for start in starts {
            rows.extend(rows_of(method, results.get(&format!("s{start}"))?)?);
        }
        Ok(rows)
    }
}

/// The rows of a page: `result` itself, or the one array inside a wrapper (`tasks`, `items`,
/// `categories`).
fn rows_of(method: &str, envelope: &Envelope) -> Result<Vec<Value>, Error> {
    match &envelope.result {
        Value::Array(rows) => Ok(rows.clone()),
        Value::Object(map) => {
            let mut arrays = map.values().filter_map(Value::as_array);
            match (arrays.next(), arrays.next()) {
                (Some(rows), None) => Ok(rows.clone()),
                _ => Err(not_a_list(method, "its result holds no single list")),
            }
        }
        _ => Err(not_a_list(method, "its result is not a list")),
    }
}

fn not_a_list(method: &str, why: &str) -> Error {
    Error::new(
        Kind::InvalidInput,
        method,
        format!("cannot list every row: {why}"),
    )
}
