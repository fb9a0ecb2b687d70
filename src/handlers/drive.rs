//! Drive in the chat: the storages a user may browse, their folders and files page by page, a
//! file's card with its portal page, a file sent into the chat, and a file received in the chat
//! saved to a folder picked with buttons.
//!
//! Who sees what: the bot reads Drive with the administrator's webhook, which opens every drive.
//! A user browses only their own drive and the company's (`visibility::may_browse_storage`): the
//! storages are asked for by those filters, and every folder or file a button or a command
//! names is read together with them (one batch) and shown only when it lies in one of them, so
//! a crafted button opens nothing. Drive buttons carry ids in their tokens (see
//! [`Press::Drive`](crate::buttons::Press)), which is what lets a file received before a
//! restart still be saved after it.
//!
//! Links: a file's card links to its page in the portal (`DETAIL_URL`), which asks for a login.
//! `DOWNLOAD_URL` opens the file to anyone who holds it, so it is never shown; the bytes reach
//! the chat through "Send to chat".

use crate::b24::drive::{FileView, FolderView, Items, MAX_FILE_BYTES};
use crate::b24::model::{DriveFolder, DriveItem, Storage};
use crate::b24::{self, Kind};
use crate::bot::ReceivedFile;
use crate::buttons::drive_button;
use crate::failure::Failure;
use crate::i18n::{Arg, Tr};
use crate::reply::{Attachment, Button, Reply, Tone};
use crate::store::UploadId;
use crate::tr;
use crate::visibility::may_browse_storage;

use super::writes::{Audited, Written};
use super::{Actor, Handlers};

/// Folders and files listed per message.
const SHOWN: u64 = 10;
/// The portal's page of `disk.folder.getchildren`.
const PORTAL_PAGE: u64 = 50;

/// What a Drive button does. Its token is short text (`o12:0`, `p<upload>:12:10`), under a
/// button's 64 bytes with the largest ids.
#[derive(Debug, Clone, PartialEq, Eq)]
enum DriveButton {
    /// A folder's folders and files from `start`.
    Open { folder: u64, start: u64 },
    /// A file's card.
    File { id: u64 },
    /// A file's bytes into the chat.
    Send { id: u64 },
    /// Choosing where to save a received file: `folder`'s subfolders from `start`.
    Pick {
        upload: UploadId,
        folder: u64,
        start: u64,
    },
    /// Save the received file in `folder`.
    Save { upload: UploadId, folder: u64 },
}

impl DriveButton {
    fn token(&self) -> String {
        match self {
            DriveButton::Open { folder, start } => format!("o{folder}:{start}"),
            DriveButton::File { id } => format!("f{id}"),
            DriveButton::Send { id } => format!("s{id}"),
            DriveButton::Pick {
                upload,
                folder,
                start,
            } => format!("p{upload}:{folder}:{start}"),
            DriveButton::Save { upload, folder } => format!("w{upload}:{folder}"),
        }
    }

    fn read(token: &str) -> Option<DriveButton> {
        let kind = token.chars().next()?;
        let parts: Vec<&str> = token[kind.len_utf8()..].split(':').collect();
        let number = |text: &str| text.parse::<u64>().ok();
        Some(match (kind, parts.as_slice()) {
            ('o', [folder, start]) => DriveButton::Open {
                folder: number(folder)?,
                start: number(start)?,
            },
            ('f', [id]) => DriveButton::File { id: number(id)? },
            ('s', [id]) => DriveButton::Send { id: number(id)? },
            ('p', [upload, folder, start]) => DriveButton::Pick {
                upload: UploadId::parse(upload)?,
                folder: number(folder)?,
                start: number(start)?,
            },
            ('w', [upload, folder]) => DriveButton::Save {
                upload: UploadId::parse(upload)?,
                folder: number(folder)?,
            },
            _ => return None,
        })
    }

    fn button(&self, label: impl Into<String>) -> Result<Button, Failure> {
        Ok(drive_button(label, &self.token())?)
    }
}

/// A file's size as people read it: `512 B`, `12.5 KB`, `3.2 MB`, in the user's language.
fn size(tr: Tr, bytes: u64) -> String {
    const KB: u64 = 1024;
    let tenths = |unit: u64| (bytes * 10).div_ceil(unit);
    // Tenths as hundredths, so the language's decimal separator comes with the number; the
    // hundredths' zero is dropped (`1.50` → `1.5`).
    let number = |tenths: u64| {
        let text = tr.amount(i64::try_from(tenths * 10).unwrap_or(i64::MAX));
        if tenths % 10 == 0 {
            text
        } else {
            text.trim_end_matches('0').to_owned()
        }
    };
    if bytes < KB {
        tr!(tr, "drive-size-bytes", size = tr.number(bytes as i64))
    } else if bytes < KB * KB {
        tr!(tr, "drive-size-kb", size = number(tenths(KB)))
    } else {
        tr!(tr, "drive-size-mb", size = number(tenths(KB * KB)))
    }
}

/// How a storage is called in a button and a title: the user's own is "My drive".
fn storage_label(tr: Tr, storage: &Storage) -> String {
    if storage.entity_type == "user" {
        tr.t("drive-my-drive", &[])
    } else {
        storage.name.clone()
    }
}

/// The storages of `employee`'s that the policy lets them browse; the portal was asked for just
/// those, and the policy is asked again, so a change on either side cannot widen what is shown.
fn browsable(employee: u64, storages: Vec<Storage>) -> Vec<Storage> {
    storages
        .into_iter()
        .filter(|storage| may_browse(employee, storage))
        .collect()
}

fn may_browse(employee: u64, storage: &Storage) -> bool {
    may_browse_storage(employee, &storage.entity_type, storage.entity_id)
}

/// The browsable storage holding an object, if any.
fn holder(employee: u64, storages: &[Storage], storage_id: Option<u64>) -> Option<&Storage> {
    storages.iter().find(|storage| {
        Some(storage.id) == storage_id
            && may_browse_storage(employee, &storage.entity_type, storage.entity_id)
    })
}

fn folder_label(tr: Tr, folder: &DriveFolder, storage: &Storage) -> String {
    match folder.parent_id {
        None => storage_label(tr, storage),
        Some(_) => folder.name.clone(),
    }
}

/// The items a message shows from `start`, out of the portal's page that holds it.
fn shown(view: &FolderView, start: u64) -> &[DriveItem] {
    let skip = usize::try_from(start % PORTAL_PAGE).unwrap_or(usize::MAX);
    let items = view.page.items.get(skip..).unwrap_or_default();
    &items[..items.len().min(SHOWN as usize)]
}

/// Where a listing from `start` continues, if it does.
fn next_start(view: &FolderView, start: u64) -> Option<u64> {
    let next = start + SHOWN;
    let total = view.page.total.unwrap_or(view.page.items.len() as u64);
    (next < total).then_some(next)
}

/// The `disk.*` calls a folder listing from `start` makes: the portal's page that holds it.
fn portal_start(start: u64) -> u64 {
    start - start % PORTAL_PAGE
}

impl Handlers {
    /// `/files`: the storages the user may browse, a button each; `/files <name>`: the folder
    /// of that name at the top of one of them (or the storage so named), opened when one
    /// matches, offered as buttons when several do.
    pub async fn files(&self, actor: &Actor, name: Option<&str>) -> Result<Reply, Failure> {
        let tr = actor.tr;
        let Some(name) = name.map(str::trim).filter(|name| !name.is_empty()) else {
            let storages = browsable(
                actor.employee,
                self.portal.storages_for(actor.employee).await?,
            );
            return storage_buttons(tr, Reply::new().title(tr.t("drive-title", &[])), &storages);
        };
        let drives: Vec<(Storage, Vec<DriveFolder>)> = self
            .portal
            .drives(actor.employee)
            .await?
            .into_iter()
            .filter(|(storage, _)| may_browse(actor.employee, storage))
            .collect();
        let storages: Vec<Storage> = drives.iter().map(|(storage, _)| storage.clone()).collect();
        let wanted = name.to_lowercase();
        let mut found: Vec<(String, u64)> = storages
            .iter()
            .filter(|storage| storage_label(tr, storage).to_lowercase().contains(&wanted))
            .map(|storage| (storage_label(tr, storage), storage.root_object_id))
            .collect();
        for (_, folders) in drives {
            found.extend(
                folders
                    .into_iter()
                    .filter(|folder| folder.name.to_lowercase().contains(&wanted))
                    .map(|folder| (folder.name, folder.id)),
            );
        }
        match found.as_slice() {
            [] => storage_buttons(
                tr,
                Reply::new().notice(Tone::Info, tr!(tr, "drive-folder-none", name = name)),
                &storages,
            ),
            [(_, folder)] => self.open_folder(actor, *folder, 0).await,
            several => {
                let mut reply = Reply::new().title(tr!(
                    tr,
                    "drive-folders-found",
                    count = Arg::count(several.len()),
                    name = name
                ));
                for (label, folder) in several.iter().take(SHOWN as usize) {
                    reply = reply.button_row([DriveButton::Open {
                        folder: *folder,
                        start: 0,
                    }
                    .button(tr!(
                        tr,
                        "drive-folder-button",
                        name = label.as_str()
                    ))?]);
                }
                Ok(reply)
            }
        }
    }

    /// What a Drive button asks for.
    pub async fn drive_press(&self, actor: &Actor, token: &str) -> Result<Reply, Failure> {
        match DriveButton::read(token) {
            Some(DriveButton::Open { folder, start }) => {
                self.open_folder(actor, folder, start).await
            }
            Some(DriveButton::File { id }) => self.file_card(actor, id).await,
            Some(DriveButton::Send { id }) => self.send_file(actor, id).await,
            Some(DriveButton::Pick {
                upload,
                folder,
                start,
            }) => self.pick_folder(actor, &upload, folder, start).await,
            Some(DriveButton::Save { upload, folder }) => {
                self.save_upload(actor, &upload, folder).await
            }
            None => Ok(Reply::new().notice(Tone::Info, actor.tr.t("button-inactive", &[]))),
        }
    }

    /// A folder the user may browse, with its items; `None` when it is not there or not in a
    /// storage they may browse (the two look the same, so ids cannot be probed).
    async fn visible_folder(
        &self,
        actor: &Actor,
        folder: u64,
        start: u64,
        items: Items,
    ) -> Result<Option<(FolderView, Storage)>, Failure> {
        let view = match self
            .portal
            .folder_view(actor.employee, folder, portal_start(start), items)
            .await
        {
            Err(error) if error.kind() == Kind::NotFound => return Ok(None),
            view => view?,
        };
        let storage = holder(actor.employee, &view.storages, view.folder.storage_id).cloned();
        Ok(storage.map(|storage| (view, storage)))
    }

    async fn open_folder(&self, actor: &Actor, folder: u64, start: u64) -> Result<Reply, Failure> {
        let tr = actor.tr;
        let Some((view, storage)) = self
            .visible_folder(actor, folder, start, Items::All)
            .await?
        else {
            return Ok(not_found(tr));
        };
        let mut reply = Reply::new().title(folder_label(tr, &view.folder, &storage));
        let items = shown(&view, start);
        if items.is_empty() {
            reply = reply.notice(Tone::Info, tr.t("drive-folder-empty", &[]));
        }
        for item in items {
            let button = match item {
                DriveItem::Folder(folder) => DriveButton::Open {
                    folder: folder.id,
                    start: 0,
                }
                .button(tr!(
                    tr,
                    "drive-folder-button",
                    name = folder.name.as_str()
                ))?,
                DriveItem::File(file) => DriveButton::File { id: file.id }.button(tr!(
                    tr,
                    "drive-file-button",
                    name = file.name.as_str()
                ))?,
            };
            reply = reply.button_row([button]);
        }
        let mut row = Vec::new();
        if let Some(next) = next_start(&view, start) {
            row.push(
                DriveButton::Open {
                    folder,
                    start: next,
                }
                .button(tr.t("button-more", &[]))?,
            );
        }
        row.push(up_button(tr, view.folder.parent_id)?);
        Ok(reply.button_row(row))
    }

    async fn file_card(&self, actor: &Actor, id: u64) -> Result<Reply, Failure> {
        let tr = actor.tr;
        let Some(view) = self.visible_file(actor, id).await? else {
            return Ok(not_found(tr));
        };
        let file = &view.file;
        let mut reply = Reply::new().title(file.name.clone());
        if let Some(bytes) = file.size {
            reply = reply.field(tr.t("drive-card-size", &[]), size(tr, bytes));
        }
        if let Some(at) = file.update_time.or(file.create_time) {
            let at = at.to_zoned(actor.now.time_zone().clone());
            reply = reply.field(tr.t("drive-card-modified", &[]), tr.when(&at, &actor.now));
        }
        if let Some(person) = &view.changed_by {
            reply = reply.field(tr.t("drive-card-changed-by", &[]), person.display_name());
        }
        if let Some(url) = &file.detail_url {
            reply = reply.link(tr.t("drive-open-in-portal", &[]), url.clone());
        }
        Ok(reply.button_row([
            DriveButton::Send { id: file.id }.button(tr.t("drive-send-button", &[]))?,
            up_button(tr, file.parent_id)?,
        ]))
    }

    /// A file the user may browse, with who changed it; `None` as for folders.
    async fn visible_file(&self, actor: &Actor, id: u64) -> Result<Option<FileView>, Failure> {
        let view = match self.portal.file_view(actor.employee, id).await {
            Err(error) if error.kind() == Kind::NotFound => return Ok(None),
            view => view?,
        };
        Ok(holder(actor.employee, &view.storages, view.file.storage_id)
            .is_some()
            .then_some(view))
    }

    async fn send_file(&self, actor: &Actor, id: u64) -> Result<Reply, Failure> {
        let tr = actor.tr;
        let Some(view) = self.visible_file(actor, id).await? else {
            return Ok(not_found(tr));
        };
        let file = view.file;
        if file.size.is_some_and(|bytes| bytes > MAX_FILE_BYTES) {
            let mut reply = Reply::new().notice(
                Tone::Warning,
                tr!(
                    tr,
                    "drive-send-too-large",
                    name = file.name.as_str(),
                    limit = size(tr, MAX_FILE_BYTES)
                ),
            );
            if let Some(url) = &file.detail_url {
                reply = reply.link(tr.t("drive-open-in-portal", &[]), url.clone());
            }
            return Ok(reply);
        }
        let bytes = self.portal.download(&file).await?;
        let mut reply = Reply::new().notice(
            Tone::Success,
            tr!(tr, "drive-sent", name = file.name.as_str()),
        );
        // A channel that cannot carry the bytes (the Bitrix24 chat, whose people are in the
        // portal already) still leaves the way to the file.
        if let Some(url) = &file.detail_url {
            reply = reply.link(tr.t("drive-open-in-portal", &[]), url.clone());
        }
        Ok(reply.attach(Attachment {
            name: file.name,
            bytes,
        }))
    }

    /// A file received in the chat: over the limit it is refused before anything is kept;
    /// otherwise it is kept in the database and the user picks a storage, then a folder.
    pub async fn file_received(
        &self,
        actor: &Actor,
        file: &ReceivedFile,
    ) -> Result<Reply, Failure> {
        let tr = actor.tr;
        if file.bytes.len() as u64 > MAX_FILE_BYTES {
            return Ok(self.file_too_large(actor, &file.name, file.bytes.len() as u64));
        }
        let name = drive_name(&file.name);
        let upload = self
            .store
            .keep_upload(&actor.user, &name, &file.bytes, actor.now.timestamp())
            .await?;
        let storages = browsable(
            actor.employee,
            self.portal.storages_for(actor.employee).await?,
        );
        let mut reply = Reply::new().title(tr.t("drive-save-title", &[])).text(tr!(
            tr,
            "drive-save-ask",
            name = name.as_str(),
            size = size(tr, file.bytes.len() as u64)
        ));
        for storage in &storages {
            let pick = DriveButton::Pick {
                upload: upload.clone(),
                folder: storage.root_object_id,
                start: 0,
            };
            reply = reply.button_row([storage_button(tr, storage, pick)?]);
        }
        Ok(reply)
    }

    /// A file the channel could not bring over because of its size.
    pub fn file_too_large(&self, actor: &Actor, name: &str, bytes: u64) -> Reply {
        let tr = actor.tr;
        Reply::new().notice(
            Tone::Warning,
            tr!(
                tr,
                "drive-file-too-large",
                name = name,
                size = size(tr, bytes),
                limit = size(tr, MAX_FILE_BYTES)
            ),
        )
    }

    async fn pick_folder(
        &self,
        actor: &Actor,
        upload: &UploadId,
        folder: u64,
        start: u64,
    ) -> Result<Reply, Failure> {
        let tr = actor.tr;
        let now = actor.now.timestamp();
        let Some(pending) = self.store.pending_upload(&actor.user, upload, now).await? else {
            return self.upload_gone(actor, upload).await;
        };
        let Some((view, storage)) = self
            .visible_folder(actor, folder, start, Items::Folders)
            .await?
        else {
            return Ok(not_found(tr));
        };
        let mut reply = Reply::new()
            .title(tr!(tr, "drive-save-where", name = pending.name.as_str()))
            .field(
                tr.t("drive-save-folder", &[]),
                folder_label(tr, &view.folder, &storage),
            );
        for item in shown(&view, start) {
            if let DriveItem::Folder(sub) = item {
                reply = reply.button_row([DriveButton::Pick {
                    upload: upload.clone(),
                    folder: sub.id,
                    start: 0,
                }
                .button(tr!(
                    tr,
                    "drive-folder-button",
                    name = sub.name.as_str()
                ))?]);
            }
        }
        let mut row = Vec::new();
        if let Some(next) = next_start(&view, start) {
            row.push(
                DriveButton::Pick {
                    upload: upload.clone(),
                    folder,
                    start: next,
                }
                .button(tr.t("button-more", &[]))?,
            );
        }
        if let Some(parent) = view.folder.parent_id {
            row.push(
                DriveButton::Pick {
                    upload: upload.clone(),
                    folder: parent,
                    start: 0,
                }
                .button(tr.t("drive-up-button", &[]))?,
            );
        }
        row.push(
            DriveButton::Save {
                upload: upload.clone(),
                folder,
            }
            .button(tr.t("drive-save-here-button", &[]))?,
        );
        Ok(reply.button_row(row))
    }

    /// Saves a received file once, however often "Save here" is pressed: the write is claimed
    /// under the file's id, and the file is dropped from the database once saved.
    async fn save_upload(
        &self,
        actor: &Actor,
        upload: &UploadId,
        folder: u64,
    ) -> Result<Reply, Failure> {
        let tr = actor.tr;
        let now = actor.now.timestamp();
        let Some(pending) = self.store.pending_upload(&actor.user, upload, now).await? else {
            return self.upload_gone(actor, upload).await;
        };
        let Some((view, storage)) = self
            .visible_folder(actor, folder, 0, Items::Folders)
            .await?
        else {
            return Ok(not_found(tr));
        };
        let written = self
            .write_once(
                actor,
                upload.write_key(),
                Audited {
                    method: "disk.folder.uploadfile",
                    entity: "file",
                },
                async {
                    let file = self
                        .portal
                        .upload(folder, &pending.name, &pending.bytes)
                        .await?;
                    Ok::<u64, b24::Error>(file.id)
                },
            )
            .await?;
        match written {
            Written::Now(id) | Written::Before(id) => {
                self.store.drop_upload(upload).await?;
                let text = match written {
                    Written::Now(_) => tr!(
                        tr,
                        "drive-saved",
                        name = pending.name.as_str(),
                        folder = folder_label(tr, &view.folder, &storage)
                    ),
                    _ => tr.t("form-already-saved", &[]),
                };
                Ok(Reply::new()
                    .notice(Tone::Success, text)
                    .button_row([DriveButton::File { id }.button(tr.t("drive-show-file", &[]))?]))
            }
            Written::InFlight => Ok(Reply::new().notice(Tone::Info, tr.t("drive-saving", &[]))),
        }
    }

    /// A received file no longer waiting: saved by an earlier press, or expired.
    async fn upload_gone(&self, actor: &Actor, upload: &UploadId) -> Result<Reply, Failure> {
        let tr = actor.tr;
        Ok(match self.store.saved_upload(upload).await? {
            Some(id) => Reply::new()
                .notice(Tone::Info, tr.t("form-already-saved", &[]))
                .button_row([DriveButton::File { id }.button(tr.t("drive-show-file", &[]))?]),
            None => Reply::new().notice(Tone::Info, tr.t("drive-upload-gone", &[])),
        })
    }
}

/// The storages as buttons under `reply`.
fn storage_buttons(tr: Tr, mut reply: Reply, storages: &[Storage]) -> Result<Reply, Failure> {
    if storages.is_empty() {
        return Ok(reply.notice(Tone::Info, tr.t("drive-no-storages", &[])));
    }
    for storage in storages {
        let open = DriveButton::Open {
            folder: storage.root_object_id,
            start: 0,
        };
        reply = reply.button_row([storage_button(tr, storage, open)?]);
    }
    Ok(reply)
}

/// A storage's button, labelled as a folder with the storage's name.
fn storage_button(tr: Tr, storage: &Storage, action: DriveButton) -> Result<Button, Failure> {
    action.button(tr!(
        tr,
        "drive-folder-button",
        name = storage_label(tr, storage)
    ))
}

/// Up to the parent folder, or to the list of drives from a storage's top.
fn up_button(tr: Tr, parent: Option<u64>) -> Result<Button, Failure> {
    match parent {
        Some(folder) => DriveButton::Open { folder, start: 0 }.button(tr.t("drive-up-button", &[])),
        None => Ok(Button::new(tr.t("drive-all-button", &[]), "/files")?),
    }
}

fn not_found(tr: Tr) -> Reply {
    Reply::new().notice(Tone::Warning, tr.t("drive-not-found", &[]))
}

/// A name Drive accepts: no path separators, not empty.
fn drive_name(name: &str) -> String {
    let name: String = name
        .trim()
        .chars()
        .map(|c| {
            if matches!(c, '/' | '\\') || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .collect();
    if name.is_empty() || name.chars().all(|c| c == '.') {
        "file".to_owned()
    } else {
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::intent::Lang;

    #[test]
    fn tokens_read_back_and_fit_a_button() {
        let upload = UploadId::random();
        for button in [
            DriveButton::Open {
                folder: u64::MAX,
                start: 1_000_000,
            },
            DriveButton::File { id: 7 },
            DriveButton::Send { id: 7 },
            DriveButton::Pick {
                upload: upload.clone(),
                folder: u64::MAX,
                start: 1_000_000,
            },
            DriveButton::Save {
                upload,
                folder: u64::MAX,
            },
        ] {
            assert_eq!(DriveButton::read(&button.token()), Some(button.clone()));
            assert!(button.button("x").is_ok(), "{button:?}");
        }
        for junk in ["", "o1", "o1:x", "pzz:1:0", "x1", "f-1", "о1:0"] {
            assert_eq!(DriveButton::read(junk), None, "{junk}");
        }
    }

    #[test]
    fn sizes_in_both_languages() {
        let en = Tr::new(Lang::En);
        let ru = Tr::new(Lang::Ru);
        assert_eq!(size(en, 512), "512 B");
        assert_eq!(size(en, 1536), "1.5 KB");
        assert_eq!(size(ru, 1536), "1,5 КБ");
        assert_eq!(size(ru, 3 * 1024 * 1024), "3 МБ");
    }

    #[test]
    fn names_lose_path_separators() {
        assert_eq!(drive_name("../etc/passwd"), ".._etc_passwd");
        assert_eq!(drive_name(" .. "), "file");
        assert_eq!(drive_name("отчёт.pdf"), "отчёт.pdf");
    }
}
