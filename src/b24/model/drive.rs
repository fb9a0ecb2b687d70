//! Drive: storages, folders and files (`disk.*`). A freshly created object prints its `ID` as an
//! integer, a later `get` as a string; both read the same here.

use jiff::Timestamp;
use serde::Deserialize;

use super::de;

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub struct Storage {
    #[serde(deserialize_with = "de::id")]
    pub id: u64,
    #[serde(default)]
    pub name: String,
    /// `user`, `common`, `group`.
    #[serde(default)]
    pub entity_type: String,
    #[serde(default, deserialize_with = "de::opt_ref")]
    pub entity_id: Option<u64>,
    #[serde(deserialize_with = "de::id")]
    pub root_object_id: u64,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub struct DriveFolder {
    #[serde(deserialize_with = "de::id")]
    pub id: u64,
    #[serde(default)]
    pub name: String,
    #[serde(default, deserialize_with = "de::opt_ref")]
    pub storage_id: Option<u64>,
    #[serde(default, deserialize_with = "de::opt_ref")]
    pub parent_id: Option<u64>,
    #[serde(default, deserialize_with = "de::opt_datetime")]
    pub create_time: Option<Timestamp>,
    #[serde(default, deserialize_with = "de::opt_text")]
    pub detail_url: Option<String>,
}

#[derive(Clone, PartialEq, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub struct DriveFile {
    #[serde(deserialize_with = "de::id")]
    pub id: u64,
    #[serde(default)]
    pub name: String,
    #[serde(default, deserialize_with = "de::opt_ref")]
    pub storage_id: Option<u64>,
    #[serde(default, deserialize_with = "de::opt_ref")]
    pub parent_id: Option<u64>,
    /// Bytes.
    #[serde(default, deserialize_with = "de::opt_id")]
    pub size: Option<u64>,
    #[serde(default, deserialize_with = "de::opt_datetime")]
    pub create_time: Option<Timestamp>,
    #[serde(default, deserialize_with = "de::opt_datetime")]
    pub update_time: Option<Timestamp>,
    /// Who changed the file last.
    #[serde(default, deserialize_with = "de::opt_ref")]
    pub updated_by: Option<u64>,
    /// A signed link, fetched with a plain GET; its token must not be altered.
    #[serde(default, deserialize_with = "de::opt_text")]
    pub download_url: Option<String>,
    #[serde(default, deserialize_with = "de::opt_text")]
    pub detail_url: Option<String>,
}

/// The download link is left out: its token opens the file to anyone who reads it.
impl std::fmt::Debug for DriveFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DriveFile")
            .field("id", &self.id)
            .field("name", &self.name)
            .field("storage_id", &self.storage_id)
            .field("parent_id", &self.parent_id)
            .field("size", &self.size)
            .field("create_time", &self.create_time)
            .field("update_time", &self.update_time)
            .field("updated_by", &self.updated_by)
            .field("download_url", &self.download_url.as_ref().map(|_| "***"))
            .field("detail_url", &self.detail_url)
            .finish()
    }
}

/// A row of `disk.*.getchildren`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(tag = "TYPE", rename_all = "lowercase")]
pub enum DriveItem {
    Folder(DriveFolder),
    File(DriveFile),
}

impl DriveItem {
    pub fn id(&self) -> u64 {
        match self {
            Self::Folder(folder) => folder.id,
            Self::File(file) => file.id,
        }
    }

    pub fn name(&self) -> &str {
        match self {
            Self::Folder(folder) => &folder.name,
            Self::File(file) => &file.name,
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn children_are_folders_or_files() {
        let items: Vec<DriveItem> = serde_json::from_value(json!([
            {"ID":"8960","NAME":"Contracts","STORAGE_ID":"1357","TYPE":"folder","PARENT_ID":"8875",
             "DELETED_TYPE":"0","CREATE_TIME":"2026-01-14T15:01:14+02:00","CREATED_BY":"1269"},
            {"ID":9035,"NAME":"offer.pdf","STORAGE_ID":"1357","TYPE":"file","PARENT_ID":"8875",
             "FILE_ID":32895,"SIZE":"1679","DOWNLOAD_URL":"https://p/rest/download.json?auth=a&token=disk|x"}
        ]))
        .unwrap();
        assert!(matches!(&items[0], DriveItem::Folder(f) if f.name == "Contracts"));
        let DriveItem::File(file) = &items[1] else {
            panic!("a file")
        };
        assert_eq!((file.id, file.size), (9035, Some(1679)));
        assert!(!format!("{file:?}").contains("token"), "{file:?}");
    }

    #[test]
    fn a_storage() {
        let storage: Storage = serde_json::from_value(json!({"ID":"13","NAME":"Anna","CODE":null,
            "MODULE_ID":"disk","ENTITY_TYPE":"user","ENTITY_ID":"3","ROOT_OBJECT_ID":"21"}))
        .unwrap();
        assert_eq!(storage.root_object_id, 21);
    }
}
