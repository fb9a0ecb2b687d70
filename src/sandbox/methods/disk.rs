//! Drive: `disk.storage.*`, `disk.folder.*`, `disk.file.*`. Objects print numbers as strings,
//! except right after creation, when `ID`, `FILE_ID` and `DELETED_TYPE` are integers, as on a
//! portal. Files download from `DOWNLOAD_URL`, served by the sandbox itself.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use jiff::Timestamp;
use serde_json::{Map, Value, json};

use super::args::{Args, as_flag, as_id, as_list, as_text};
use super::{Call, Output};
use crate::sandbox::error::ApiError;
use crate::sandbox::filter::Filter;
use crate::sandbox::paging::{Direction, Order, Page, Start};
use crate::sandbox::store::PortalData;
use crate::sandbox::store::drive::{
    FileBody, Node, NodeKind, PendingUpload, Storage, StorageOwner, Trashed,
};
use crate::sandbox::store::record::{FieldSpec, Kind, Row, Val};

fn not_found(id: u64) -> ApiError {
    ApiError::bad_request(
        "ERROR_NOT_FOUND",
        format!("Could not find entity with id `{id}`"),
    )
}

fn bad_argument() -> ApiError {
    ApiError::bad_request(
        "ERROR_ARGUMENT",
        "Invalid value of parameter {Parameter #0}",
    )
}

fn id_param(args: &Args<'_>) -> Result<u64, ApiError> {
    args.legacy("id").and_then(as_id).ok_or_else(bad_argument)
}

/// Whether an object was just created: then some numbers print as integers.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Shape {
    Created,
    Stored,
}

fn number(value: u64, shape: Shape) -> Value {
    match shape {
        Shape::Created => json!(value),
        Shape::Stored => json!(value.to_string()),
    }
}

/// The folder names from the storage root down to `node` (the root itself excluded).
fn path(data: &PortalData, node: &Node) -> Vec<String> {
    let mut names = Vec::new();
    let mut current = Some(node);
    while let Some(n) = current {
        if n.parent_id.is_none() {
            break;
        }
        names.push(n.name.clone());
        current = n.parent_id.and_then(|p| data.drive.nodes.get(p));
    }
    names.reverse();
    names
}

fn detail_url(data: &PortalData, node: &Node, base_url: &str) -> String {
    let storage = data.drive.storages.get(node.storage_id);
    let prefix = match storage {
        Some(s) if s.entity_type == StorageOwner::User => {
            format!("{base_url}/company/personal/user/{}/disk", s.entity_id)
        }
        _ => format!("{base_url}/docs"),
    };
    let path = path(data, node).join("/");
    match node.kind {
        NodeKind::Folder => format!("{prefix}/path/{path}"),
        NodeKind::File(_) => format!("{prefix}/file/{path}"),
    }
}

pub(crate) fn download_url(base_url: &str, token: &str) -> String {
    format!("{base_url}/rest/download.json?token={token}")
}

fn node_json(data: &PortalData, node: &Node, shape: Shape, base_url: &str) -> Value {
    let zone = &data.zone;
    let deleted = node.trashed.map_or(0, |t| u64::from(t.code()));
    let mut out = Map::new();
    out.insert("ID".into(), number(node.id, shape));
    out.insert("NAME".into(), json!(node.name));
    out.insert("CODE".into(), Value::Null);
    out.insert("STORAGE_ID".into(), json!(node.storage_id.to_string()));
    out.insert(
        "TYPE".into(),
        json!(if node.is_folder() { "folder" } else { "file" }),
    );
    if node.is_folder() {
        out.insert("REAL_OBJECT_ID".into(), number(node.id, shape));
    }
    out.insert(
        "PARENT_ID".into(),
        json!(node.parent_id.map(|p| p.to_string())),
    );
    out.insert("DELETED_TYPE".into(), number(deleted, shape));
    if let NodeKind::File(body) = &node.kind {
        out.insert(
            "GLOBAL_CONTENT_VERSION".into(),
            json!(body.version.to_string()),
        );
        out.insert("FILE_ID".into(), number(body.file_id, shape));
        out.insert("SIZE".into(), json!(body.bytes.len().to_string()));
    }
    out.insert("CREATE_TIME".into(), json!(zone.iso(node.created)));
    out.insert("UPDATE_TIME".into(), json!(zone.iso(node.updated)));
    out.insert(
        "DELETE_TIME".into(),
        json!(node.trashed.map(|_| zone.iso(node.updated))),
    );
    out.insert("CREATED_BY".into(), json!(node.created_by.to_string()));
    out.insert("UPDATED_BY".into(), json!(node.updated_by.to_string()));
    out.insert(
        "DELETED_BY".into(),
        json!(if node.trashed.is_some() {
            node.updated_by.to_string()
        } else {
            "0".into()
        }),
    );
    if let NodeKind::File(body) = &node.kind {
        out.insert(
            "DOWNLOAD_URL".into(),
            json!(download_url(base_url, &body.token)),
        );
    }
    out.insert("DETAIL_URL".into(), json!(detail_url(data, node, base_url)));
    Value::Object(out)
}

fn storage_json(storage: &Storage) -> Value {
    json!({
        "ID": storage.id.to_string(), "NAME": storage.name, "CODE": null, "MODULE_ID": "disk",
        "ENTITY_TYPE": storage.entity_type.as_str(), "ENTITY_ID": storage.entity_id,
        "ROOT_OBJECT_ID": storage.root_id.to_string(),
    })
}

static STORAGE: &[FieldSpec] = &[
    FieldSpec::new("ID", Kind::Id, "ID"),
    FieldSpec::new("NAME", Kind::Text, "Name"),
    FieldSpec::new("ENTITY_TYPE", Kind::Text, "Owner type"),
    FieldSpec::new("ENTITY_ID", Kind::Text, "Owner"),
    FieldSpec::new("ROOT_OBJECT_ID", Kind::Int, "Root folder"),
];

impl Row for Storage {
    fn value(&self, index: usize) -> Option<Val<'_>> {
        Some(match STORAGE.get(index)?.name {
            "ID" => Val::Int(self.id as i64),
            "NAME" => Val::Text(&self.name),
            "ENTITY_TYPE" => Val::Text(self.entity_type.as_str()),
            "ENTITY_ID" => Val::Text(&self.entity_id),
            _ => Val::Int(self.root_id as i64),
        })
    }
}

static NODE: &[FieldSpec] = &[
    FieldSpec::new("ID", Kind::Id, "ID"),
    FieldSpec::new("NAME", Kind::Text, "Name"),
    FieldSpec::new("TYPE", Kind::Text, "Type"),
    FieldSpec::new("SIZE", Kind::Int, "Size"),
    FieldSpec::new("CREATE_TIME", Kind::DateTime, "Created on"),
    FieldSpec::new("UPDATE_TIME", Kind::DateTime, "Updated on"),
    FieldSpec::new("CREATED_BY", Kind::User, "Created by"),
];

impl Row for Node {
    fn value(&self, index: usize) -> Option<Val<'_>> {
        Some(match NODE.get(index)?.name {
            "ID" => Val::Int(self.id as i64),
            "NAME" => Val::Text(&self.name),
            "TYPE" => Val::Text(if self.is_folder() { "folder" } else { "file" }),
            "SIZE" => Val::Int(self.file()?.bytes.len() as i64),
            "CREATE_TIME" => Val::Time(self.created),
            "UPDATE_TIME" => Val::Time(self.updated),
            _ => Val::Int(self.created_by as i64),
        })
    }
}

/// Storages an employee sees: their own and the shared ones; an administrator sees every
/// employee's drive too, as on a portal.
fn visible(data: &PortalData, storage: &Storage, user_id: u64) -> bool {
    storage.entity_type != StorageOwner::User
        || storage.entity_id == user_id.to_string()
        || data.users.get(user_id).is_some_and(|user| user.admin)
}

pub fn storage_list(data: &mut PortalData, call: &Call<'_>) -> Result<Output, ApiError> {
    let args = Args::new(call.params);
    let filter = Filter::parse(args.legacy("filter"), STORAGE, &data.zone)
        .map_err(|e| ApiError::bad_request("ERROR_ARGUMENT", e.to_string()))?;
    let order = Order::parse(args.legacy("order"), STORAGE, &[("ID", Direction::Asc)])
        .map_err(|e| ApiError::bad_request("ERROR_ARGUMENT", e.to_string()))?;
    let mut rows: Vec<&Storage> = data
        .drive
        .storages
        .values()
        .filter(|s| visible(data, s, call.user_id) && filter.matches(*s))
        .collect();
    order.sort(&mut rows);
    let page = Page::of(rows, Start::parse(args.legacy("start"))).map(storage_json);
    Ok(Output::page(page, None))
}

fn storage(data: &PortalData, args: &Args<'_>) -> Result<Storage, ApiError> {
    let id = id_param(args)?;
    data.drive
        .storages
        .get(id)
        .cloned()
        .ok_or_else(|| not_found(id))
}

pub fn storage_get(data: &mut PortalData, call: &Call<'_>) -> Result<Output, ApiError> {
    Ok(Output::of(storage_json(&storage(
        data,
        &Args::new(call.params),
    )?)))
}

fn children(data: &PortalData, call: &Call<'_>, folder_id: u64) -> Result<Output, ApiError> {
    let args = Args::new(call.params);
    let filter = Filter::parse(args.legacy("filter"), NODE, &data.zone)
        .map_err(|e| ApiError::bad_request("ERROR_ARGUMENT", e.to_string()))?;
    let order = Order::parse(args.legacy("order"), NODE, &[("ID", Direction::Asc)])
        .map_err(|e| ApiError::bad_request("ERROR_ARGUMENT", e.to_string()))?;
    let mut rows: Vec<&Node> = data
        .drive
        .children(folder_id)
        .filter(|n| n.trashed.is_none() && filter.matches(*n))
        .collect();
    order.sort(&mut rows);
    let page = Page::of(rows, Start::parse(args.legacy("start")))
        .map(|n| node_json(data, n, Shape::Stored, call.base_url));
    Ok(Output::page(page, None))
}

pub fn storage_children(data: &mut PortalData, call: &Call<'_>) -> Result<Output, ApiError> {
    let root = storage(data, &Args::new(call.params))?.root_id;
    children(data, call, root)
}

fn folder(data: &PortalData, id: u64) -> Result<&Node, ApiError> {
    data.drive
        .nodes
        .get(id)
        .filter(|n| n.is_folder())
        .ok_or_else(|| not_found(id))
}

fn file(data: &PortalData, id: u64) -> Result<&Node, ApiError> {
    data.drive
        .nodes
        .get(id)
        .filter(|n| !n.is_folder())
        .ok_or_else(|| not_found(id))
}

pub fn folder_get(data: &mut PortalData, call: &Call<'_>) -> Result<Output, ApiError> {
    let id = id_param(&Args::new(call.params))?;
    let node = folder(data, id)?;
    Ok(Output::of(node_json(
        data,
        node,
        Shape::Stored,
        call.base_url,
    )))
}

pub fn folder_children(data: &mut PortalData, call: &Call<'_>) -> Result<Output, ApiError> {
    let id = id_param(&Args::new(call.params))?;
    folder(data, id)?;
    children(data, call, id)
}

fn name_taken(data: &PortalData, folder_id: u64, name: &str, except: Option<u64>) -> bool {
    data.drive.children(folder_id).any(|n| {
        n.trashed.is_none() && Some(n.id) != except && n.name.to_lowercase() == name.to_lowercase()
    })
}

/// `report.pdf` → `report (1).pdf`, `report (2).pdf`, … until the name is free.
fn unique_name(data: &PortalData, folder_id: u64, name: &str) -> String {
    if !name_taken(data, folder_id, name, None) {
        return name.to_owned();
    }
    let (stem, extension) = match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => (stem, format!(".{ext}")),
        _ => (name, String::new()),
    };
    (1..)
        .map(|n| format!("{stem} ({n}){extension}"))
        .find(|candidate| !name_taken(data, folder_id, candidate, None))
        .unwrap_or_else(|| name.to_owned())
}

fn name_conflict() -> ApiError {
    ApiError::bad_request("DISK_OBJ_22000", "Object with the same name already exists")
}

fn data_name(args: &Args<'_>) -> Option<String> {
    args.legacy("data")
        .and_then(|d| d.get("NAME").or_else(|| d.get("name")))
        .and_then(as_text)
        .filter(|n| !n.trim().is_empty())
}

fn add_folder(data: &mut PortalData, call: &Call<'_>, parent: u64) -> Result<Output, ApiError> {
    let args = Args::new(call.params);
    let name = data_name(&args).ok_or_else(|| {
        ApiError::bad_request("DISK_BASE_SERVICE_22001", "Required field NAME is empty")
    })?;
    if name_taken(data, parent, &name, None) {
        return Err(name_conflict());
    }
    let id = create_node(
        data,
        parent,
        &name,
        NodeKind::Folder,
        call.user_id,
        call.now,
    );
    let node = data.drive.nodes.get(id).ok_or_else(|| not_found(id))?;
    Ok(Output::of(node_json(
        data,
        node,
        Shape::Created,
        call.base_url,
    )))
}

pub(crate) fn create_node(
    data: &mut PortalData,
    parent: u64,
    name: &str,
    kind: NodeKind,
    user_id: u64,
    now: Timestamp,
) -> u64 {
    let storage_id = data.drive.nodes.get(parent).map_or(0, |p| p.storage_id);
    data.drive.nodes.insert_with(|id| Node {
        id,
        storage_id,
        parent_id: Some(parent),
        name: name.to_owned(),
        kind,
        created_by: user_id,
        updated_by: user_id,
        created: now,
        updated: now,
        trashed: None,
    })
}

pub fn storage_add_folder(data: &mut PortalData, call: &Call<'_>) -> Result<Output, ApiError> {
    let root = storage(data, &Args::new(call.params))?.root_id;
    add_folder(data, call, root)
}

pub fn folder_add_subfolder(data: &mut PortalData, call: &Call<'_>) -> Result<Output, ApiError> {
    let id = id_param(&Args::new(call.params))?;
    folder(data, id)?;
    add_folder(data, call, id)
}

/// A new file's content; its download token is plain letters and digits so that it survives
/// any URL handling unescaped.
pub(crate) fn file_body(data: &mut PortalData, bytes: Vec<u8>) -> NodeKind {
    let file_id = data.drive.next_file_id();
    NodeKind::File(FileBody {
        file_id,
        version: 1,
        token: format!("disk{file_id}x{:016x}", rand::random::<u64>()),
        bytes,
    })
}

/// Reads `fileContent`: `["name.ext", "<base64>"]` (or `{"0":…,"1":…}` from a form).
fn file_content(value: &Value) -> Result<(Option<String>, Vec<u8>), ApiError> {
    let parts = as_list(value);
    let invalid =
        || ApiError::bad_request("ERROR_ARGUMENT", "Invalid value of parameter {fileContent}");
    let (name, content) = match parts.as_slice() {
        [name, content, ..] => (as_text(name), as_text(content).ok_or_else(invalid)?),
        [content] => (None, as_text(content).ok_or_else(invalid)?),
        [] => return Err(invalid()),
    };
    let cleaned: String = content.chars().filter(|c| !c.is_whitespace()).collect();
    let bytes = STANDARD.decode(cleaned).map_err(|_| invalid())?;
    Ok((name.filter(|n| !n.trim().is_empty()), bytes))
}

fn upload(data: &mut PortalData, call: &Call<'_>, folder_id: u64) -> Result<Output, ApiError> {
    let args = Args::new(call.params);
    let unique = args
        .legacy("generateUniqueName")
        .and_then(as_flag)
        .unwrap_or(false);
    let Some(content) = args.legacy("fileContent") else {
        let token = format!("{:032x}", rand::random::<u128>());
        data.drive.uploads.insert(
            token.clone(),
            PendingUpload {
                folder_id,
                user_id: call.user_id,
                name: data_name(&args),
            },
        );
        return Ok(Output::of(json!({
            "field": "file",
            "uploadUrl": format!("{}/rest/upload.json?token={token}", call.base_url),
        })));
    };
    let (content_name, bytes) = file_content(content)?;
    let name = data_name(&args).or(content_name).ok_or_else(|| {
        ApiError::bad_request("DISK_BASE_SERVICE_22001", "Required field NAME is empty")
    })?;
    let node = store_file(
        data,
        folder_id,
        &name,
        bytes,
        unique,
        call.user_id,
        call.now,
    )?;
    Ok(Output::of(node_json(
        data,
        node_ref(data, node)?,
        Shape::Created,
        call.base_url,
    )))
}

fn node_ref(data: &PortalData, id: u64) -> Result<&Node, ApiError> {
    data.drive.nodes.get(id).ok_or_else(|| not_found(id))
}

fn store_file(
    data: &mut PortalData,
    folder_id: u64,
    name: &str,
    bytes: Vec<u8>,
    unique: bool,
    user_id: u64,
    now: Timestamp,
) -> Result<u64, ApiError> {
    let name = if unique {
        unique_name(data, folder_id, name)
    } else if name_taken(data, folder_id, name, None) {
        return Err(name_conflict());
    } else {
        name.to_owned()
    };
    let body = file_body(data, bytes);
    Ok(create_node(data, folder_id, &name, body, user_id, now))
}

pub fn storage_upload(data: &mut PortalData, call: &Call<'_>) -> Result<Output, ApiError> {
    let root = storage(data, &Args::new(call.params))?.root_id;
    upload(data, call, root)
}

pub fn folder_upload(data: &mut PortalData, call: &Call<'_>) -> Result<Output, ApiError> {
    let id = id_param(&Args::new(call.params))?;
    folder(data, id)?;
    upload(data, call, id)
}

/// Completes a multipart upload announced by `uploadUrl`; the token works once.
pub(crate) fn finish_upload(
    data: &mut PortalData,
    token: &str,
    name: &str,
    bytes: Vec<u8>,
    now: Timestamp,
    base_url: &str,
) -> Result<Value, ApiError> {
    let pending = data
        .drive
        .uploads
        .remove(token)
        .ok_or_else(|| ApiError::bad_request("ERROR_NOT_FOUND", "Upload token is not valid"))?;
    // The folder may have been deleted since the upload was announced.
    folder(data, pending.folder_id)?;
    let name = pending.name.unwrap_or_else(|| name.to_owned());
    if name.trim().is_empty() {
        return Err(ApiError::bad_request(
            "DISK_BASE_SERVICE_22001",
            "Required field NAME is empty",
        ));
    }
    let id = store_file(
        data,
        pending.folder_id,
        &name,
        bytes,
        false,
        pending.user_id,
        now,
    )?;
    Ok(node_json(
        data,
        node_ref(data, id)?,
        Shape::Created,
        base_url,
    ))
}

fn new_name(args: &Args<'_>) -> Result<String, ApiError> {
    args.legacy("newName")
        .and_then(as_text)
        .filter(|n| !n.trim().is_empty())
        .ok_or_else(|| {
            ApiError::bad_request("ERROR_ARGUMENT", "Invalid value of parameter {newName}")
        })
}

fn rename(data: &mut PortalData, call: &Call<'_>, id: u64) -> Result<Output, ApiError> {
    let name = new_name(&Args::new(call.params))?;
    let parent = node_ref(data, id)?.parent_id;
    if let Some(parent) = parent
        && name_taken(data, parent, &name, Some(id))
    {
        return Err(name_conflict());
    }
    if let Some(node) = data.drive.nodes.get_mut(id) {
        node.name = name;
        node.updated = call.now;
        node.updated_by = call.user_id;
    }
    Ok(Output::of(node_json(
        data,
        node_ref(data, id)?,
        Shape::Stored,
        call.base_url,
    )))
}

pub fn folder_rename(data: &mut PortalData, call: &Call<'_>) -> Result<Output, ApiError> {
    let id = id_param(&Args::new(call.params))?;
    folder(data, id)?;
    rename(data, call, id)
}

pub fn file_rename(data: &mut PortalData, call: &Call<'_>) -> Result<Output, ApiError> {
    let id = id_param(&Args::new(call.params))?;
    file(data, id)?;
    rename(data, call, id)
}

/// Moves an object to the recycle bin; a folder takes its whole subtree along.
fn trash(data: &mut PortalData, call: &Call<'_>, id: u64) -> Result<Output, ApiError> {
    if node_ref(data, id)?.parent_id.is_none() {
        return Err(ApiError::bad_request("ACCESS_DENIED", "Access denied"));
    }
    let subtree = data.drive.descendants(id);
    for (node_id, how) in std::iter::once((id, Trashed::Itself))
        .chain(subtree.into_iter().map(|n| (n, Trashed::WithParent)))
    {
        if let Some(node) = data.drive.nodes.get_mut(node_id)
            && node.trashed.is_none()
        {
            node.trashed = Some(how);
            node.updated = call.now;
            node.updated_by = call.user_id;
        }
    }
    Ok(Output::of(node_json(
        data,
        node_ref(data, id)?,
        Shape::Stored,
        call.base_url,
    )))
}

pub fn folder_mark_deleted(data: &mut PortalData, call: &Call<'_>) -> Result<Output, ApiError> {
    let id = id_param(&Args::new(call.params))?;
    folder(data, id)?;
    trash(data, call, id)
}

pub fn file_mark_deleted(data: &mut PortalData, call: &Call<'_>) -> Result<Output, ApiError> {
    let id = id_param(&Args::new(call.params))?;
    file(data, id)?;
    trash(data, call, id)
}

/// Takes an object out of the recycle bin, with what was deleted along with it.
pub fn file_restore(data: &mut PortalData, call: &Call<'_>) -> Result<Output, ApiError> {
    let id = id_param(&Args::new(call.params))?;
    file(data, id)?;
    if let Some(node) = data.drive.nodes.get_mut(id) {
        node.trashed = None;
        node.updated = call.now;
        node.updated_by = call.user_id;
    }
    Ok(Output::of(node_json(
        data,
        node_ref(data, id)?,
        Shape::Stored,
        call.base_url,
    )))
}

fn remove_tree(data: &mut PortalData, id: u64) {
    for node in data.drive.descendants(id) {
        data.drive.nodes.remove(node);
    }
    data.drive.nodes.remove(id);
}

pub fn folder_delete_tree(data: &mut PortalData, call: &Call<'_>) -> Result<Output, ApiError> {
    let id = id_param(&Args::new(call.params))?;
    if folder(data, id)?.parent_id.is_none() {
        return Err(ApiError::bad_request("ACCESS_DENIED", "Access denied"));
    }
    remove_tree(data, id);
    Ok(Output::of(true))
}

pub fn file_delete(data: &mut PortalData, call: &Call<'_>) -> Result<Output, ApiError> {
    let id = id_param(&Args::new(call.params))?;
    file(data, id)?;
    remove_tree(data, id);
    Ok(Output::of(true))
}

pub fn file_get(data: &mut PortalData, call: &Call<'_>) -> Result<Output, ApiError> {
    let id = id_param(&Args::new(call.params))?;
    let node = file(data, id)?;
    Ok(Output::of(node_json(
        data,
        node,
        Shape::Stored,
        call.base_url,
    )))
}

fn target_folder(data: &PortalData, args: &Args<'_>) -> Result<u64, ApiError> {
    let id = args
        .legacy("targetFolderId")
        .and_then(as_id)
        .ok_or_else(|| {
            ApiError::bad_request(
                "ERROR_ARGUMENT",
                "Invalid value of parameter {targetFolderId}",
            )
        })?;
    folder(data, id).map(|f| f.id)
}

pub fn file_copy_to(data: &mut PortalData, call: &Call<'_>) -> Result<Output, ApiError> {
    let args = Args::new(call.params);
    let id = id_param(&args)?;
    let source = file(data, id)?.clone();
    let target = target_folder(data, &args)?;
    let bytes = source.file().map(|b| b.bytes.clone()).unwrap_or_default();
    let copy = store_file(
        data,
        target,
        &source.name,
        bytes,
        true,
        call.user_id,
        call.now,
    )?;
    Ok(Output::of(node_json(
        data,
        node_ref(data, copy)?,
        Shape::Stored,
        call.base_url,
    )))
}

pub fn file_move_to(data: &mut PortalData, call: &Call<'_>) -> Result<Output, ApiError> {
    let args = Args::new(call.params);
    let id = id_param(&args)?;
    let name = file(data, id)?.name.clone();
    let target = target_folder(data, &args)?;
    if name_taken(data, target, &name, Some(id)) {
        return Err(name_conflict());
    }
    let storage_id = node_ref(data, target)?.storage_id;
    if let Some(node) = data.drive.nodes.get_mut(id) {
        node.parent_id = Some(target);
        node.storage_id = storage_id;
        node.updated = call.now;
        node.updated_by = call.user_id;
    }
    Ok(Output::of(node_json(
        data,
        node_ref(data, id)?,
        Shape::Stored,
        call.base_url,
    )))
}

/// A storage with its root folder; the seed opens one per employee and a shared one.
pub(crate) fn open_storage(
    data: &mut PortalData,
    name: &str,
    entity_type: StorageOwner,
    entity_id: &str,
    owner: u64,
    now: Timestamp,
) -> u64 {
    let storage_id = data.drive.storages.next_id();
    let root_id = data.drive.nodes.insert_with(|id| Node {
        id,
        storage_id,
        parent_id: None,
        name: name.to_owned(),
        kind: NodeKind::Folder,
        created_by: owner,
        updated_by: owner,
        created: now,
        updated: now,
        trashed: None,
    });
    data.drive.storages.rows.insert(
        storage_id,
        Storage {
            id: storage_id,
            name: name.to_owned(),
            entity_type,
            entity_id: entity_id.to_owned(),
            root_id,
        },
    );
    storage_id
}
