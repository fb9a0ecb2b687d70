//! Typed Drive calls: storages, a folder's contents, a file with its download link, and files'
//! bytes down and up.
//!
//! A `DOWNLOAD_URL` carries a token that opens the file to anyone holding it: it is fetched and
//! never logged, and a failed download reports no URL.

use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde_json::json;

use super::batch::{Batch, BatchResults, reference};
use super::client::{Client, decode};
use super::crm::Page;
use super::error::{Error, Kind};
use super::model::{DriveFile, DriveFolder, DriveItem, Storage, User};

/// The largest file the bot moves either way. Telegram gives bots files of up to 20 MB, and the
/// base64 of that (about 27 MB) still fits in one request to a portal.
pub const MAX_FILE_BYTES: u64 = 20 * 1024 * 1024;

/// A whole file at a slow 1 Mbit/s, with room to spare.
const DOWNLOAD_TIMEOUT: Duration = Duration::from_secs(300);

/// The name downloads are reported under in errors; there is no REST method behind them.
const DOWNLOAD: &str = "disk.file.download";

fn too_large(method: &str, size: u64) -> Error {
    Error::new(
        Kind::InvalidInput,
        method,
        format!("the file has {size} bytes; at most {MAX_FILE_BYTES} are moved"),
    )
}

impl Client {
    /// The storages the acting person can see: their own, the company's, their groups'.
    pub async fn storages(&self) -> Result<Vec<Storage>, Error> {
        self.call_as("disk.storage.getlist", &json!({})).await
    }

    /// One page of a folder's folders and files (a storage's top folder is its
    /// `root_object_id`). `start` is where the page begins (a multiple of 50).
    pub async fn folder_items(&self, folder: u64, start: u64) -> Result<Page<DriveItem>, Error> {
        let envelope = self
            .call(
                "disk.folder.getchildren",
                &json!({ "id": folder, "start": start }),
            )
            .await?;
        Ok(Page {
            items: decode("disk.folder.getchildren", envelope.result)?,
            total: envelope.total,
            next: envelope.next,
        })
    }

    /// A file with its size and `DOWNLOAD_URL`.
    pub async fn drive_file(&self, id: u64) -> Result<DriveFile, Error> {
        self.call_as("disk.file.get", &json!({ "id": id })).await
    }

    /// A file's bytes, by a plain GET of its `DOWNLOAD_URL`. Refuses files over
    /// [`MAX_FILE_BYTES`], before asking when the size is known and while reading otherwise.
    pub async fn download(&self, file: &DriveFile) -> Result<Vec<u8>, Error> {
        if let Some(size) = file.size.filter(|size| *size > MAX_FILE_BYTES) {
            return Err(too_large(DOWNLOAD, size));
        }
        let url = file
            .download_url
            .as_deref()
            .ok_or_else(|| Error::new(Kind::NotFound, DOWNLOAD, "the file has no download link"))?;
        // Its own HTTP client: unlike REST calls, a download may be redirected to the portal's
        // file storage, which is safe for a GET, and may take minutes. Downloads are rare, so
        // building one per download costs nothing that matters.
        let http = reqwest::Client::builder()
            .user_agent(concat!("b24bot/", env!("CARGO_PKG_VERSION")))
            .timeout(DOWNLOAD_TIMEOUT)
            .connect_timeout(Duration::from_secs(10))
            .build()
            .map_err(|cause| transport(DOWNLOAD, "the HTTP client could not start", cause))?;
        let mut response = http
            .get(url)
            .send()
            .await
            .map_err(|cause| transport(DOWNLOAD, "the download failed", cause))?;
        let status = response.status();
        if !status.is_success() {
            return Err(Error::portal(
                DOWNLOAD,
                Some(status.as_u16()),
                "",
                "the portal refused the download",
            ));
        }
        let mut bytes = Vec::new();
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|cause| transport(DOWNLOAD, "the download broke off", cause))?
        {
            bytes.extend_from_slice(&chunk);
            if bytes.len() as u64 > MAX_FILE_BYTES {
                return Err(too_large(DOWNLOAD, bytes.len() as u64));
            }
        }
        Ok(bytes)
    }

    /// Uploads bytes as a new file in a folder. A name already taken there gets a number
    /// (`report (1).pdf`) rather than failing: a file sent from a chat should never be lost to
    /// a name clash.
    pub async fn upload(&self, folder: u64, name: &str, bytes: &[u8]) -> Result<DriveFile, Error> {
        const METHOD: &str = "disk.folder.uploadfile";
        if bytes.len() as u64 > MAX_FILE_BYTES {
            return Err(too_large(METHOD, bytes.len() as u64));
        }
        self.call_as(
            METHOD,
            &json!({
                "id": folder,
                "data": { "NAME": name },
                "fileContent": [name, STANDARD.encode(bytes)],
                "generateUniqueName": true,
            }),
        )
        .await
    }
}

/// A transport failure without its URL, which holds the download token.
fn transport(method: &str, what: &str, cause: reqwest::Error) -> Error {
    let kind = if cause.is_timeout() || cause.is_connect() {
        Kind::Network
    } else {
        Kind::ServerFault
    };
    Error::new(kind, method, what).with_cause(cause.without_url())
}

/// The storages one employee may browse, read as two filtered lists in the caller's batch:
/// their own drive and the company's. Filtering at the portal keeps a large portal's other
/// drives off the wire, and out of the first page the bot reads.
fn add_storages(batch: &mut Batch, employee: u64) {
    batch
        .add(
            "own",
            "disk.storage.getlist",
            json!({ "filter": { "ENTITY_TYPE": "user", "ENTITY_ID": employee.to_string() } }),
        )
        .add(
            "common",
            "disk.storage.getlist",
            json!({ "filter": { "ENTITY_TYPE": "common" } }),
        );
}

fn folders_of(items: Vec<DriveItem>) -> Vec<DriveFolder> {
    items
        .into_iter()
        .filter_map(|item| match item {
            DriveItem::Folder(folder) => Some(folder),
            DriveItem::File(_) => None,
        })
        .collect()
}

fn storages_of(results: &BatchResults) -> Result<Vec<Storage>, Error> {
    let mut storages: Vec<Storage> = results.result("own")?;
    storages.extend(results.result::<Vec<Storage>>("common")?);
    Ok(storages)
}

/// A folder, one page of what it holds, and the storages the reader may browse (to check the
/// folder is in one of them).
#[derive(Debug, Clone, PartialEq)]
pub struct FolderView {
    pub folder: DriveFolder,
    pub page: Page<DriveItem>,
    pub storages: Vec<Storage>,
}

/// A file, who changed it last, and the storages the reader may browse.
#[derive(Debug, Clone, PartialEq)]
pub struct FileView {
    pub file: DriveFile,
    pub changed_by: Option<User>,
    pub storages: Vec<Storage>,
}

/// What a folder listing shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Items {
    All,
    /// Folders only: choosing where to save a file.
    Folders,
}

impl Client {
    /// The storages `employee` may browse (their own drive first, then the company's), in one
    /// batch.
    pub async fn storages_for(&self, employee: u64) -> Result<Vec<Storage>, Error> {
        let mut batch = Batch::new();
        add_storages(&mut batch, employee);
        storages_of(&self.batch(batch).await)
    }

    /// A folder with a page of its items from `start`, and the storages `employee` may browse:
    /// one batch.
    pub async fn folder_view(
        &self,
        employee: u64,
        folder: u64,
        start: u64,
        items: Items,
    ) -> Result<FolderView, Error> {
        let mut params = json!({ "id": folder, "start": start });
        if items == Items::Folders {
            params["filter"] = json!({ "TYPE": "folder" });
        }
        let mut batch = Batch::new();
        batch
            .add("folder", "disk.folder.get", json!({ "id": folder }))
            .add("items", "disk.folder.getchildren", params);
        add_storages(&mut batch, employee);
        let results = self.batch(batch).await;
        let envelope = results.get("items")?;
        Ok(FolderView {
            folder: results.result("folder")?,
            page: Page {
                items: decode("disk.folder.getchildren", envelope.result.clone())?,
                total: envelope.total,
                next: envelope.next,
            },
            storages: storages_of(&results)?,
        })
    }

    /// The storages `employee` may browse, each with the folders at its top: one batch, the
    /// folders of each kind's first storage asked for by a `$result` reference to its root
    /// (a portal has one drive per person and one company drive; any further storage of a
    /// kind costs one more batch).
    pub async fn drives(&self, employee: u64) -> Result<Vec<(Storage, Vec<DriveFolder>)>, Error> {
        const KINDS: [&str; 2] = ["own", "common"];
        let mut batch = Batch::new();
        add_storages(&mut batch, employee);
        for kind in KINDS {
            batch.add(
                format!("{kind}_top"),
                "disk.folder.getchildren",
                json!({
                    "id": reference(kind, &["0", "ROOT_OBJECT_ID"]),
                    "filter": { "TYPE": "folder" },
                }),
            );
        }
        let results = self.batch(batch).await;
        let mut drives = Vec::new();
        let mut more = Vec::new();
        for kind in KINDS {
            let mut storages = results.result::<Vec<Storage>>(kind)?.into_iter();
            if let Some(first) = storages.next() {
                let items: Vec<DriveItem> = results.result(&format!("{kind}_top"))?;
                drives.push((first, folders_of(items)));
            }
            more.extend(storages);
        }
        if !more.is_empty() {
            drives.extend(self.top_folders(&more).await?);
        }
        Ok(drives)
    }

    /// The folders at the top of each of these storages: one batch, whatever their number.
    async fn top_folders(
        &self,
        storages: &[Storage],
    ) -> Result<Vec<(Storage, Vec<DriveFolder>)>, Error> {
        let mut batch = Batch::new();
        for (index, storage) in storages.iter().enumerate() {
            batch.add(
                format!("s{index}"),
                "disk.folder.getchildren",
                json!({ "id": storage.root_object_id, "filter": { "TYPE": "folder" } }),
            );
        }
        let results = self.batch(batch).await;
        storages
            .iter()
            .enumerate()
            .map(|(index, storage)| {
                let items: Vec<DriveItem> = results.result(&format!("s{index}"))?;
                Ok((storage.clone(), folders_of(items)))
            })
            .collect()
    }

    /// A file, the person who changed it last (by a `$result` reference) and the storages
    /// `employee` may browse: one batch.
    pub async fn file_view(&self, employee: u64, id: u64) -> Result<FileView, Error> {
        let mut batch = Batch::new();
        batch.add("file", "disk.file.get", json!({ "id": id })).add(
            "changed_by",
            "user.get",
            json!({ "ID": reference("file", &["UPDATED_BY"]) }),
        );
        add_storages(&mut batch, employee);
        let results = self.batch(batch).await;
        let file = results.result("file")?;
        // A person the portal no longer lists is shown as unknown, not as a failure.
        let changed_by = results
            .result::<Vec<User>>("changed_by")
            .ok()
            .and_then(|users| users.into_iter().next());
        Ok(FileView {
            file,
            changed_by,
            storages: storages_of(&results)?,
        })
    }
}
