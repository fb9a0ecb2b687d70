//! Every REST method the sandbox answers, dispatched by name. `batch` and `scope` are the
//! engine's: they need the webhook and the dispatcher.

mod args;
mod calendar;
mod crm;
mod crm_activity;
mod crm_catalog;
mod crm_wire;
pub(crate) mod disk;
mod im;
mod imbot;
mod people;
pub(crate) mod seeding;
mod task_items;
mod tasks;

use jiff::Timestamp;
use serde_json::Value;

use super::error::ApiError;
use super::paging::Page;
use super::store::PortalData;
use super::store::crm::Entity::{Company, Contact, Deal, Lead};

type Handler = fn(&mut PortalData, &Call<'_>) -> Result<Output, ApiError>;

pub struct MethodSpec {
    /// The documented spelling, e.g. `crm.deal.list`, `imbot.v2.Event.get`.
    pub name: &'static str,
    /// `crm`, `task`, `calendar`, `disk`, `user`, `department`, `im`, `imbot`; `None` = global.
    pub scope: Option<&'static str>,
    run: Handler,
    writes: bool,
}

impl MethodSpec {
    /// Whether the method may change the portal's data; pure reads never do, so the engine
    /// need not save the state after them.
    pub fn writes(&self) -> bool {
        self.writes
    }
}

pub struct Call<'a> {
    pub method: &'static MethodSpec,
    /// Parsed parameters: a JSON object (named parameters) or, for positional methods sent as a
    /// JSON array, an array. Form values arrive as strings; JSON values keep their types.
    pub params: &'a Value,
    /// The webhook's owner: the acting employee.
    pub user_id: u64,
    /// The portal clock.
    pub now: Timestamp,
    /// e.g. `http://127.0.0.1:8024`, no trailing slash.
    pub base_url: &'a str,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Output {
    pub result: Value,
    pub total: Option<u64>,
    pub next: Option<u64>,
}

impl Output {
    pub fn of(result: impl Into<Value>) -> Output {
        Output {
            result: result.into(),
            total: None,
            next: None,
        }
    }

    /// A list page; `wrap` puts the rows under a key (`{"tasks":[…]}`), navigation stays on top.
    pub fn page(page: Page<Value>, wrap: Option<&str>) -> Output {
        let rows = Value::Array(page.rows);
        Output {
            result: match wrap {
                Some(key) => serde_json::json!({ key: rows }),
                None => rows,
            },
            total: page.total,
            next: page.next,
        }
    }
}

/// Case-insensitive lookup of a method name (`CRM.Deal.List` finds `crm.deal.list`).
pub fn find(method: &str) -> Option<&'static MethodSpec> {
    METHODS
        .iter()
        .find(|spec| spec.name.eq_ignore_ascii_case(method))
}

pub fn execute(data: &mut PortalData, call: &Call<'_>) -> Result<Output, ApiError> {
    (call.method.run)(data, call)
}

const fn read(name: &'static str, scope: Option<&'static str>, run: Handler) -> MethodSpec {
    MethodSpec {
        name,
        scope,
        run,
        writes: false,
    }
}

const fn write(name: &'static str, scope: Option<&'static str>, run: Handler) -> MethodSpec {
    MethodSpec {
        name,
        scope,
        run,
        writes: true,
    }
}

const CRM: Option<&str> = Some("crm");
const USER: Option<&str> = Some("user");
const DEPARTMENT: Option<&str> = Some("department");
const TASK: Option<&str> = Some("task");
const IM: Option<&str> = Some("im");
const CALENDAR: Option<&str> = Some("calendar");
const DISK: Option<&str> = Some("disk");
const IMBOT: Option<&str> = Some("imbot");

static METHODS: &[MethodSpec] = &[
    read("crm.deal.list", CRM, |d, c| crm::list(d, c, Deal)),
    read("crm.deal.get", CRM, |d, c| crm::get(d, c, Deal)),
    write("crm.deal.add", CRM, |d, c| crm::add(d, c, Deal)),
    write("crm.deal.update", CRM, |d, c| crm::update(d, c, Deal)),
    write("crm.deal.delete", CRM, |d, c| crm::delete(d, c, Deal)),
    read("crm.deal.fields", CRM, |d, c| crm::fields(d, c, Deal)),
    read("crm.contact.list", CRM, |d, c| crm::list(d, c, Contact)),
    read("crm.contact.get", CRM, |d, c| crm::get(d, c, Contact)),
    write("crm.contact.add", CRM, |d, c| crm::add(d, c, Contact)),
    write("crm.contact.update", CRM, |d, c| crm::update(d, c, Contact)),
    write("crm.contact.delete", CRM, |d, c| crm::delete(d, c, Contact)),
    read("crm.contact.fields", CRM, |d, c| crm::fields(d, c, Contact)),
    read("crm.lead.list", CRM, |d, c| crm::list(d, c, Lead)),
    read("crm.lead.get", CRM, |d, c| crm::get(d, c, Lead)),
    write("crm.lead.add", CRM, |d, c| crm::add(d, c, Lead)),
    write("crm.lead.update", CRM, |d, c| crm::update(d, c, Lead)),
    write("crm.lead.delete", CRM, |d, c| crm::delete(d, c, Lead)),
    read("crm.lead.fields", CRM, |d, c| crm::fields(d, c, Lead)),
    read("crm.company.list", CRM, |d, c| crm::list(d, c, Company)),
    read("crm.company.get", CRM, |d, c| crm::get(d, c, Company)),
    write("crm.company.add", CRM, |d, c| crm::add(d, c, Company)),
    write("crm.company.update", CRM, |d, c| crm::update(d, c, Company)),
    write("crm.company.delete", CRM, |d, c| crm::delete(d, c, Company)),
    read("crm.company.fields", CRM, |d, c| crm::fields(d, c, Company)),
    read("crm.activity.list", CRM, crm_activity::list),
    read("crm.activity.get", CRM, crm_activity::get),
    write("crm.activity.add", CRM, crm_activity::add),
    write("crm.activity.update", CRM, crm_activity::update),
    write("crm.activity.delete", CRM, crm_activity::delete),
    read("crm.status.list", CRM, crm_catalog::status_list),
    read("crm.category.list", CRM, crm_catalog::category_list),
    read(
        "crm.deal.contact.items.get",
        CRM,
        crm_catalog::deal_contacts,
    ),
    read("crm.duplicate.findbycomm", CRM, crm_catalog::find_by_comm),
    write(
        "crm.timeline.comment.add",
        CRM,
        crm_catalog::timeline_comment_add,
    ),
    read("server.time", None, people::server_time),
    read("profile", None, people::profile),
    read("user.current", USER, people::user_current),
    read("user.get", USER, people::user_get),
    read("user.search", USER, people::user_search),
    write("user.update", USER, people::user_update),
    read("department.get", DEPARTMENT, people::department_get),
    write("tasks.task.add", TASK, tasks::add),
    write("tasks.task.update", TASK, tasks::update),
    read("tasks.task.get", TASK, tasks::get),
    read("tasks.task.list", TASK, tasks::list),
    write("tasks.task.complete", TASK, tasks::complete),
    write("tasks.task.renew", TASK, tasks::renew),
    write("tasks.task.delegate", TASK, tasks::delegate),
    write("tasks.task.delete", TASK, tasks::delete),
    write("task.checklistitem.add", TASK, task_items::checklist_add),
    read("task.checklistitem.get", TASK, task_items::checklist_get),
    read(
        "task.checklistitem.getlist",
        TASK,
        task_items::checklist_list,
    ),
    write(
        "task.checklistitem.update",
        TASK,
        task_items::checklist_update,
    ),
    write(
        "task.checklistitem.delete",
        TASK,
        task_items::checklist_delete,
    ),
    write(
        "task.checklistitem.complete",
        TASK,
        task_items::checklist_complete,
    ),
    write(
        "task.checklistitem.renew",
        TASK,
        task_items::checklist_renew,
    ),
    write(
        "task.checklistitem.moveafteritem",
        TASK,
        task_items::checklist_move_after,
    ),
    read(
        "task.checklistitem.isactionallowed",
        TASK,
        task_items::checklist_is_action_allowed,
    ),
    write("task.commentitem.add", TASK, task_items::comment_add),
    read("task.commentitem.get", TASK, task_items::comment_get),
    read("task.commentitem.getlist", TASK, task_items::comment_list),
    write("task.commentitem.update", TASK, task_items::comment_update),
    write("task.commentitem.delete", TASK, task_items::comment_delete),
    write("im.message.add", IM, im::message_add),
    write("im.notify.personal.add", IM, im::notify_personal),
    write("im.notify.system.add", IM, im::notify_system),
    read("im.dialog.messages.get", IM, im::dialog_messages),
    read("im.recent.list", IM, im::recent_list),
    read("im.counters.get", IM, im::counters),
    write("im.chat.add", IM, im::chat_add),
    read("im.chat.get", IM, im::chat_get),
    read("im.chat.user.list", IM, im::chat_user_list),
    write("im.message.command", IM, im::message_command),
    write("calendar.event.add", CALENDAR, calendar::event_add),
    read("calendar.event.get", CALENDAR, calendar::event_get),
    read(
        "calendar.event.getbyid",
        CALENDAR,
        calendar::event_get_by_id,
    ),
    write("calendar.event.update", CALENDAR, calendar::event_update),
    write("calendar.event.delete", CALENDAR, calendar::event_delete),
    read("calendar.section.get", CALENDAR, calendar::section_get),
    read(
        "calendar.accessibility.get",
        CALENDAR,
        calendar::accessibility_get,
    ),
    read("disk.storage.getlist", DISK, disk::storage_list),
    read("disk.storage.get", DISK, disk::storage_get),
    read("disk.storage.getchildren", DISK, disk::storage_children),
    write("disk.storage.addfolder", DISK, disk::storage_add_folder),
    write("disk.storage.uploadfile", DISK, disk::storage_upload),
    read("disk.folder.get", DISK, disk::folder_get),
    read("disk.folder.getchildren", DISK, disk::folder_children),
    write("disk.folder.addsubfolder", DISK, disk::folder_add_subfolder),
    write("disk.folder.uploadfile", DISK, disk::folder_upload),
    write("disk.folder.rename", DISK, disk::folder_rename),
    write("disk.folder.markdeleted", DISK, disk::folder_mark_deleted),
    write("disk.folder.deletetree", DISK, disk::folder_delete_tree),
    read("disk.file.get", DISK, disk::file_get),
    write("disk.file.rename", DISK, disk::file_rename),
    write("disk.file.copyto", DISK, disk::file_copy_to),
    write("disk.file.moveto", DISK, disk::file_move_to),
    write("disk.file.markdeleted", DISK, disk::file_mark_deleted),
    write("disk.file.restore", DISK, disk::file_restore),
    write("disk.file.delete", DISK, disk::file_delete),
    write("imbot.v2.Bot.register", IMBOT, imbot::register),
    read("imbot.v2.Bot.list", IMBOT, imbot::list),
    write("imbot.v2.Bot.unregister", IMBOT, imbot::unregister),
    write("imbot.v2.Event.get", IMBOT, imbot::event_get),
    write("imbot.v2.Chat.Message.send", IMBOT, imbot::message_send),
    write("imbot.v2.Command.register", IMBOT, imbot::command_register),
];

#[cfg(test)]
mod tests {
    use super::METHODS;

    #[test]
    fn every_method_is_listed_once_whatever_the_letter_case() {
        for (i, spec) in METHODS.iter().enumerate() {
            let twins = METHODS[i + 1..]
                .iter()
                .filter(|other| other.name.eq_ignore_ascii_case(spec.name))
                .count();
            assert_eq!(twins, 0, "{} is listed twice", spec.name);
        }
    }

    #[test]
    fn scopes_follow_the_method_family() {
        for spec in METHODS {
            let family = spec.name.split('.').next().unwrap_or_default();
            let expected = match family {
                "crm" => Some("crm"),
                "tasks" | "task" => Some("task"),
                "calendar" => Some("calendar"),
                "disk" => Some("disk"),
                "user" => Some("user"),
                "department" => Some("department"),
                "im" => Some("im"),
                "imbot" => Some("imbot"),
                _ => None,
            };
            assert_eq!(spec.scope, expected, "{}", spec.name);
        }
    }
}
