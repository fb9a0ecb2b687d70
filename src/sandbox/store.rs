//! Everything the portal knows, in memory; serialised as a whole it is the `--state` file.

/// An enumeration spelled on the wire as fixed lower-case words (`"busy"`, `"user"`).
macro_rules! wire_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
        pub enum $name {
            $($(#[$vmeta])* $variant),+
        }

        impl $name {
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }

            pub fn parse(text: &str) -> Option<Self> {
                match text {
                    $($text => Some($name::$variant),)+
                    _ => None,
                }
            }
        }
    };
}

pub mod calendar;
pub mod crm;
pub mod drive;
pub mod im;
pub mod people;
pub mod record;
mod seed;
pub mod tasks;
pub mod zone;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use self::calendar::Calendar;
use self::crm::Crm;
use self::drive::Drive;
use self::im::{Im, NotifyKind};
use self::people::{Department, User};
use self::record::Table;
use self::zone::PortalZone;
use super::error::ApiError;

/// Which data a fresh portal starts with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Seed {
    /// Realistic bilingual data with dates relative to the portal clock.
    Demo,
    /// Only the administrator (user 1) and the administrator's webhook.
    Empty,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Webhook {
    pub user_id: u64,
    pub name: String,
    pub secret: String,
    pub scopes: Vec<String>,
    /// The extra webhook without some scopes, for the missing-scope paths.
    pub restricted: bool,
}

#[derive(Clone, Debug, Serialize)]
pub struct InboxItem {
    /// `"message"` or `"notification"`.
    pub kind: &'static str,
    pub from_user_id: u64,
    pub dialog_id: String,
    pub text: String,
    /// RFC 3339.
    pub date: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct BotInfo {
    pub id: u64,
    pub code: String,
    pub name: String,
    pub event_mode: String,
    pub owner: u64,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct PortalData {
    pub(crate) zone: PortalZone,
    /// Employees; chat bots take their ids from the same sequence.
    pub(crate) users: Table<User>,
    pub(crate) departments: Table<Department>,
    pub(crate) webhooks: Vec<Webhook>,
    pub(crate) crm: Crm,
    pub(crate) tasks: tasks::Tasks,
    pub(crate) calendar: Calendar,
    pub(crate) drive: Drive,
    pub(crate) im: Im,
}

/// The scopes every employee's webhook holds: all the bot uses.
pub const BOT_SCOPES: [&str; 8] = [
    "crm",
    "task",
    "calendar",
    "disk",
    "user",
    "department",
    "im",
    "imbot",
];

impl PortalData {
    pub fn seeded(seed: Seed, now: Timestamp) -> PortalData {
        match seed {
            Seed::Demo => seed::demo(now),
            Seed::Empty => seed::empty(now),
        }
    }

    /// A portal with nothing in it, not even the administrator.
    pub(crate) fn blank(time_zone: &str) -> PortalData {
        PortalData {
            zone: PortalZone::new(time_zone).expect("the seed's time zone is in the bundled tzdb"),
            users: Table::default(),
            departments: Table::default(),
            webhooks: Vec::new(),
            crm: Crm::default(),
            tasks: tasks::Tasks::default(),
            calendar: Calendar::default(),
            drive: Drive::default(),
            im: Im::default(),
        }
    }

    pub fn time_zone(&self) -> &str {
        self.zone.name()
    }

    pub fn webhooks(&self) -> Vec<Webhook> {
        self.webhooks.clone()
    }

    /// Messages and notifications delivered to an employee, oldest first: private messages,
    /// messages in group chats the employee belongs to (their own excluded), notifications.
    pub fn inbox(&self, user_id: u64) -> Vec<InboxItem> {
        let mut items: Vec<(Timestamp, u64, InboxItem)> = Vec::new();
        for message in self.im.messages.values() {
            let Some(chat) = self.im.chats.get(message.chat_id) else {
                continue;
            };
            if message.author_id == user_id || !chat.members.contains(&user_id) {
                continue;
            }
            let dialog_id = if chat.is_private() {
                message.author_id.to_string()
            } else {
                format!("chat{}", chat.id)
            };
            items.push((
                message.date,
                message.id,
                InboxItem {
                    kind: "message",
                    from_user_id: message.author_id,
                    dialog_id,
                    text: message.text.clone(),
                    date: self.zone.iso(message.date),
                },
            ));
        }
        for note in self.im.notifications.values() {
            if note.user_id != user_id {
                continue;
            }
            let from = match note.kind {
                NotifyKind::Personal => note.from_user_id,
                NotifyKind::System => 0,
            };
            items.push((
                note.date,
                note.id,
                InboxItem {
                    kind: "notification",
                    from_user_id: from,
                    dialog_id: from.to_string(),
                    text: note.text.clone(),
                    date: self.zone.iso(note.date),
                },
            ));
        }
        items.sort_by_key(|(date, id, item)| (*date, item.kind == "notification", *id));
        items.into_iter().map(|(_, _, item)| item).collect()
    }

    pub fn bots(&self) -> Vec<BotInfo> {
        self.im
            .bots
            .values()
            .map(|bot| BotInfo {
                id: bot.id,
                code: bot.code.clone(),
                name: bot.name.clone(),
                event_mode: im::EVENT_MODE.to_owned(),
                owner: bot.owner_id,
            })
            .collect()
    }

    /// A Drive file's name and bytes by the token of its `DOWNLOAD_URL`; files in the recycle
    /// bin are not served.
    pub fn download(&self, token: &str) -> Option<(String, Vec<u8>)> {
        self.drive.nodes.values().find_map(|node| {
            let body = node.file()?;
            (body.token == token && node.trashed.is_none())
                .then(|| (node.name.clone(), body.bytes.clone()))
        })
    }

    /// Completes the multipart upload announced by `disk.folder.uploadfile`'s `uploadUrl`.
    pub fn upload(
        &mut self,
        token: &str,
        name: &str,
        bytes: Vec<u8>,
        now: Timestamp,
        base_url: &str,
    ) -> Result<serde_json::Value, ApiError> {
        super::methods::disk::finish_upload(self, token, name, bytes, now, base_url)
    }

    pub fn is_active_user(&self, user_id: u64) -> bool {
        self.users.get(user_id).is_some_and(|u| u.active)
    }

    /// Adds `n` active employees, for tests of what many linked people cost; answers their ids.
    pub fn add_bulk_people(&mut self, n: usize, now: Timestamp) -> Vec<u64> {
        seed::bulk_people(self, n, now)
    }

    /// Adds `n` deals spread over the default pipeline's stages, for tests and benchmarks that
    /// need large lists; they are built like `crm.deal.add` builds them.
    pub fn add_bulk_deals(&mut self, n: usize, now: Timestamp) {
        seed::bulk_deals(self, n, now);
    }
}
