//! Documents and photos: uploads (multipart, or `file_id` of a known file), `getFile`, and the
//! `/file/bot<token>/<path>` download that a client reaches with the path `getFile` gave.

use axum::body::Bytes;
use serde_json::{Value, json};

use super::error::{ApiError, ApiResult};
use super::markup;
use super::messages::{CAPTION_LIMIT, deliver, formatted, reply_to};
use super::params::Params;
use super::state::{SentFile, SentMessage, Shared, State, StoredFile};

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Kind {
    Document,
    Photo,
}

impl Kind {
    fn param(self) -> &'static str {
        match self {
            Kind::Document => "document",
            Kind::Photo => "photo",
        }
    }
}

/// Keeps a file and gives it ids shaped like Telegram's (documents start `BQAC`, photos `AgAC`).
pub fn store(
    state: &mut State,
    kind: Kind,
    file_name: Option<String>,
    mime_type: Option<String>,
    bytes: Bytes,
) -> StoredFile {
    let serial = state.serial();
    let (prefix, folder, extension) = match kind {
        Kind::Document => (
            "BQACAgIAAxkBAAI",
            "documents",
            extension(file_name.as_deref()),
        ),
        Kind::Photo => ("AgACAgIAAxkBAAI", "photos", ".jpg".to_owned()),
    };
    let file = StoredFile {
        file_id: format!("{prefix}{serial:06}fake"),
        file_unique_id: format!("AQAD{serial:06}"),
        file_path: format!("{folder}/file_{serial}{extension}"),
        file_name,
        mime_type,
        bytes,
    };
    state.files.insert(file.file_id.clone(), file.clone());
    file
}

fn extension(file_name: Option<&str>) -> String {
    file_name
        .and_then(|name| name.rsplit_once('.'))
        .map(|(_, extension)| format!(".{extension}"))
        .unwrap_or_default()
}

/// The `document` or `photo` field of a message carrying `file`.
pub fn attachment(kind: Kind, file: &StoredFile) -> Result<Value, ApiError> {
    Ok(match kind {
        Kind::Document => {
            let mut document = json!({"file_id": file.file_id, "file_unique_id": file.file_unique_id,
                                      "file_size": file.bytes.len()});
            if let Some(name) = &file.file_name {
                document["file_name"] = json!(name);
            }
            if let Some(mime) = &file.mime_type {
                document["mime_type"] = json!(mime);
            }
            document
        }
        Kind::Photo => {
            let (width, height) = image_size(&file.bytes)
                .ok_or_else(|| ApiError::bad_request("IMAGE_PROCESS_FAILED"))?;
            json!([{"file_id": file.file_id, "file_unique_id": file.file_unique_id,
                    "file_size": file.bytes.len(), "width": width, "height": height}])
        }
    })
}

/// Width and height of a PNG or JPEG; Telegram refuses photos it cannot decode.
fn image_size(bytes: &[u8]) -> Option<(u32, u32)> {
    let be16 = |at: usize| Some(u16::from_be_bytes([*bytes.get(at)?, *bytes.get(at + 1)?]) as u32);
    let be32 = |at: usize| Some(u32::from_be_bytes(bytes.get(at..at + 4)?.try_into().ok()?));
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Some((be32(16)?, be32(20)?));
    }
    if !bytes.starts_with(&[0xff, 0xd8]) {
        return None;
    }
    let mut at = 2;
    while bytes.get(at) == Some(&0xff) {
        let marker = *bytes.get(at + 1)?;
        // Start-of-frame markers carry the size; the others are skipped by their length.
        if (0xc0..=0xcf).contains(&marker) && ![0xc4, 0xc8, 0xcc].contains(&marker) {
            return Some((be16(at + 7)?, be16(at + 5)?));
        }
        at += 2 + be16(at + 2)? as usize;
    }
    None
}

pub fn send_document(shared: &Shared, params: &Params) -> ApiResult {
    send_file(shared, params, Kind::Document)
}

pub fn send_photo(shared: &Shared, params: &Params) -> ApiResult {
    send_file(shared, params, Kind::Photo)
}

fn send_file(shared: &Shared, params: &Params, kind: Kind) -> ApiResult {
    let caption = formatted(params, "caption")?;
    if caption
        .as_ref()
        .is_some_and(|caption| caption.text.chars().count() > CAPTION_LIMIT)
    {
        return Err(ApiError::bad_request("message caption is too long"));
    }
    let reply_markup = markup::check(params.json("reply_markup")?)?;
    let mut state = shared.lock();
    let chat = state.chat(params.text("chat_id"))?;
    let reply = reply_to(&state, &chat, params)?;
    let file =
        match params.upload(kind.param()) {
            Some(upload) if upload.bytes.is_empty() => {
                return Err(ApiError::bad_request("file must be non-empty"));
            }
            Some(upload) => {
                let (name, mime, bytes) = (
                    upload.file_name.clone(),
                    upload.content_type.clone(),
                    upload.bytes.clone(),
                );
                // Checked before the file is kept, so a refused photo leaves nothing behind.
                if kind == Kind::Photo && image_size(&bytes).is_none() {
                    return Err(ApiError::bad_request("IMAGE_PROCESS_FAILED"));
                }
                store(&mut state, kind, name, mime, bytes)
            }
            None => {
                let file_id = params.text(kind.param()).ok_or_else(|| {
                    ApiError::bad_request(format!("there is no {} in the request", kind.param()))
                })?;
                state.files.get(&file_id).cloned().ok_or_else(|| {
                    ApiError::bad_request("wrong file identifier/HTTP URL specified")
                })?
            }
        };
    state.check_blocked(&chat)?;
    state.check_flood(chat.id)?;
    let mut content = json!({kind.param(): attachment(kind, &file)?});
    if let Some(caption) = &caption {
        content["caption"] = json!(caption.text);
        if !caption.entities.is_empty() {
            content["caption_entities"] = json!(caption.entities);
        }
    }
    let sent_file = SentFile {
        file_id: file.file_id.clone(),
        file_name: file.file_name.clone(),
        bytes: file.bytes.clone(),
    };
    let message_id = state.next_message_id(chat.id);
    let record = SentMessage {
        message_id,
        source: caption.as_ref().map(|caption| caption.source.clone()),
        text: caption.as_ref().map(|caption| caption.text.clone()),
        parse_mode: caption
            .as_ref()
            .and_then(|caption| caption.parse_mode.clone()),
        entities: caption.map(|caption| caption.entities).unwrap_or_default(),
        reply_to: reply
            .as_ref()
            .and_then(|reply| reply["message_id"].as_i64()),
        reply_markup,
        document: (kind == Kind::Document).then(|| sent_file.clone()),
        photo: (kind == Kind::Photo).then_some(sent_file),
        edits: 0,
        deleted: false,
    };
    let message = deliver(&mut state, &chat, reply, content, record);
    drop(state);
    shared.wake_sent();
    Ok(message)
}

pub fn get_file(shared: &Shared, params: &Params) -> ApiResult {
    let file_id = params.text("file_id").unwrap_or_default();
    let state = shared.lock();
    let file = state
        .files
        .get(&file_id)
        .ok_or_else(|| ApiError::bad_request("invalid file_id"))?;
    Ok(
        json!({"file_id": file.file_id, "file_unique_id": file.file_unique_id,
              "file_size": file.bytes.len(), "file_path": file.file_path}),
    )
}

/// The bytes behind a `file_path` from `getFile`.
pub fn download(shared: &Shared, path: &str) -> Option<Bytes> {
    let state = shared.lock();
    state
        .files
        .values()
        .find(|file| file.file_path == path)
        .map(|file| file.bytes.clone())
}
