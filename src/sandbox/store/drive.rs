//! Drive: storages, and the folders and files inside them, bytes included.

use std::collections::BTreeMap;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use jiff::Timestamp;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::record::Table;

wire_enum! {
    /// Who a storage belongs to.
    StorageOwner {
        User = "user",
        Common = "common",
        Group = "group",
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Storage {
    pub id: u64,
    pub name: String,
    pub entity_type: StorageOwner,
    pub entity_id: String,
    pub root_id: u64,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum NodeKind {
    Folder,
    File(FileBody),
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct FileBody {
    /// The id of the stored blob (`FILE_ID`), new with every version.
    pub file_id: u64,
    pub version: u64,
    /// The secret part of `DOWNLOAD_URL`.
    pub token: String,
    #[serde(serialize_with = "to_base64", deserialize_with = "from_base64")]
    pub bytes: Vec<u8>,
}

/// Why an object is in the recycle bin: deleted itself, or with a deleted parent folder. The
/// numbers are the wire's `DELETED_TYPE`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Trashed {
    Itself,
    WithParent,
}

impl Trashed {
    pub fn code(self) -> u8 {
        match self {
            Trashed::Itself => 3,
            Trashed::WithParent => 4,
        }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Node {
    pub id: u64,
    pub storage_id: u64,
    /// `None` only for a storage's root folder.
    pub parent_id: Option<u64>,
    pub name: String,
    pub kind: NodeKind,
    pub created_by: u64,
    pub updated_by: u64,
    pub created: Timestamp,
    pub updated: Timestamp,
    pub trashed: Option<Trashed>,
}

impl Node {
    pub fn is_folder(&self) -> bool {
        matches!(self.kind, NodeKind::Folder)
    }

    pub fn file(&self) -> Option<&FileBody> {
        match &self.kind {
            NodeKind::File(body) => Some(body),
            NodeKind::Folder => None,
        }
    }
}

/// A pending multipart upload announced by `uploadUrl`.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct PendingUpload {
    pub folder_id: u64,
    pub user_id: u64,
    pub name: Option<String>,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Drive {
    pub storages: Table<Storage>,
    pub nodes: Table<Node>,
    pub uploads: BTreeMap<String, PendingUpload>,
    file_seq: u64,
}

impl Drive {
    pub fn next_file_id(&mut self) -> u64 {
        self.file_seq += 1;
        self.file_seq
    }

    pub fn children(&self, folder_id: u64) -> impl Iterator<Item = &Node> {
        self.nodes
            .values()
            .filter(move |n| n.parent_id == Some(folder_id))
    }

    /// The ids of a folder's whole subtree, the folder excluded.
    pub fn descendants(&self, folder_id: u64) -> Vec<u64> {
        let mut found = Vec::new();
        let mut pending = vec![folder_id];
        while let Some(parent) = pending.pop() {
            for child in self.children(parent) {
                found.push(child.id);
                if child.is_folder() {
                    pending.push(child.id);
                }
            }
        }
        found
    }
}

fn to_base64<S: Serializer>(bytes: &[u8], serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&STANDARD.encode(bytes))
}

fn from_base64<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<u8>, D::Error> {
    let text = String::deserialize(deserializer)?;
    STANDARD.decode(text).map_err(serde::de::Error::custom)
}
