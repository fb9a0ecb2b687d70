//! The entry points the seed builds its data through: the same code the REST methods run.

use jiff::Timestamp;
use serde_json::{Map, Value, json};

use super::{Call, calendar, crm, crm_activity, disk, find, tasks};
use crate::sandbox::store::PortalData;
use crate::sandbox::store::crm::Entity;
use crate::sandbox::store::drive::{NodeKind, StorageOwner};

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

/// Each employee's calendar section.
pub fn open_calendar(data: &mut PortalData, user_id: u64, now: Timestamp) {
    calendar::open_section(data, user_id, now);
}

/// Each employee's own drive.
pub fn open_drive(data: &mut PortalData, user_id: u64, now: Timestamp) {
    let name = data
        .users
        .get(user_id)
        .map(|u| u.full_name())
        .unwrap_or_default();
    disk::open_storage(
        data,
        &name,
        StorageOwner::User,
        &user_id.to_string(),
        user_id,
        now,
    );
}

/// Creates a task as `tasks.task.add` does.
pub fn task_insert(
    data: &mut PortalData,
    fields: &Map<String, Value>,
    user_id: u64,
    now: Timestamp,
) -> u64 {
    tasks::insert(data, fields, user_id, now)
        .unwrap_or_else(|e| panic!("seed task is invalid: {}", e.description))
}

/// A shared drive (`common` storage) with its root folder; answers the root folder's id.
pub fn open_shared_drive(data: &mut PortalData, name: &str, code: &str, now: Timestamp) -> u64 {
    let storage = disk::open_storage(data, name, StorageOwner::Common, code, 1, now);
    data.drive.storages.get(storage).map_or(0, |s| s.root_id)
}

/// The root folder of an employee's drive.
pub fn drive_root(data: &PortalData, user_id: u64) -> u64 {
    data.drive
        .storages
        .values()
        .find(|s| s.entity_type == StorageOwner::User && s.entity_id == user_id.to_string())
        .map_or(0, |s| s.root_id)
}

pub fn add_folder(
    data: &mut PortalData,
    parent: u64,
    name: &str,
    user_id: u64,
    now: Timestamp,
) -> u64 {
    disk::create_node(data, parent, name, NodeKind::Folder, user_id, now)
}

pub fn add_file(
    data: &mut PortalData,
    folder: u64,
    name: &str,
    bytes: &[u8],
    user_id: u64,
    now: Timestamp,
) -> u64 {
    let body = disk::file_body(data, bytes.to_vec());
    disk::create_node(data, folder, name, body, user_id, now)
}
