//! Typed Drive calls: storages, a folder's contents, a file with its download link, and files'
//! bytes down and up.
//!
//! A `DOWNLOAD_URL` carries a token that opens the file to anyone holding it: it is fetched and
//! never logged, and a failed download reports no URL.

use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde_json::json;

use super::client::{Client, decode};
use super::crm::Page;
use super::error::{Error, Kind};
use super::model::{DriveFile, DriveItem, Storage};

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
