//! The entry points the seed builds its data through: the same code the REST methods run.

use jiff::Timestamp;
use serde_json::{Map, Value, json};

use super::{Call, crm, crm_activity, find};
use crate::sandbox::store::PortalData;
use crate::sandbox::store::crm::Entity;

/// Creates a CRM record as `crm.*.add` does; panics if the seed's own data is invalid.
pub fn crm_insert(
    data: &mut PortalData,
    entity: Entity,
    fields: &Map<String, Value>,
    user_id: u64,
    now: Timestamp,
) -> u64 {
    crm::insert(data, entity, fields, user_id, now)
        .unwrap_or_else(|e| panic!("seed {} is invalid: {}", entity.name(), e.description))
}

pub fn activity_insert(
    data: &mut PortalData,
    fields: &Map<String, Value>,
    user_id: u64,
    now: Timestamp,
) -> u64 {
    crm_activity::insert(data, fields, user_id, now)
        .unwrap_or_else(|e| panic!("seed activity is invalid: {}", e.description))
}

pub fn timeline_comment(
    data: &mut PortalData,
    entity: Entity,
    id: u64,
    text: &str,
    user_id: u64,
    now: Timestamp,
) {
    call(
        data,
        "crm.timeline.comment.add",
        json!({"fields": {"ENTITY_TYPE": entity.name(), "ENTITY_ID": id, "COMMENT": text}}),
        user_id,
        now,
    );
}

/// Runs a method as `user_id` at `now` and returns its result; the seed's calls must succeed.
pub fn call(
    data: &mut PortalData,
    method: &str,
    params: Value,
    user_id: u64,
    now: Timestamp,
) -> Value {
    let spec = find(method).unwrap_or_else(|| panic!("seed calls unknown method {method}"));
    let call = Call {
        method: spec,
        params: &params,
        user_id,
        now,
        base_url: "",
    };
    super::execute(data, &call)
        .unwrap_or_else(|e| panic!("seed call {method} failed: {}", e.description))
        .result
}
