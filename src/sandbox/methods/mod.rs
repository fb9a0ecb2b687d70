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

const fn m(name: &'static str, scope: Option<&'static str>, run: Handler) -> MethodSpec {
    MethodSpec { name, scope, run }
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
    m("crm.deal.list", CRM, |d, c| crm::list(d, c, Deal)),
    m("crm.deal.get", CRM, |d, c| crm::get(d, c, Deal)),
    m("crm.deal.add", CRM, |d, c| crm::add(d, c, Deal)),
    m("crm.deal.update", CRM, |d, c| crm::update(d, c, Deal)),
    m("crm.deal.delete", CRM, |d, c| crm::delete(d, c, Deal)),
    m("crm.deal.fields", CRM, |d, c| crm::fields(d, c, Deal)),
    m("crm.contact.list", CRM, |d, c| crm::list(d, c, Contact)),
    m("crm.contact.get", CRM, |d, c| crm::get(d, c, Contact)),
    m("crm.contact.add", CRM, |d, c| crm::add(d, c, Contact)),
    m("crm.contact.update", CRM, |d, c| crm::update(d, c, Contact)),
    m("crm.contact.delete", CRM, |d, c| crm::delete(d, c, Contact)),
    m("crm.contact.fields", CRM, |d, c| crm::fields(d, c, Contact)),
    m("crm.lead.list", CRM, |d, c| crm::list(d, c, Lead)),
    m("crm.lead.get", CRM, |d, c| crm::get(d, c, Lead)),
    m("crm.lead.add", CRM, |d, c| crm::add(d, c, Lead)),
    m("crm.lead.update", CRM, |d, c| crm::update(d, c, Lead)),
    m("crm.lead.delete", CRM, |d, c| crm::delete(d, c, Lead)),
    m("crm.lead.fields", CRM, |d, c| crm::fields(d, c, Lead)),
    m("crm.company.list", CRM, |d, c| crm::list(d, c, Company)),
    m("crm.company.get", CRM, |d, c| crm::get(d, c, Company)),
    m("crm.company.add", CRM, |d, c| crm::add(d, c, Company)),
    m("crm.company.update", CRM, |d, c| crm::update(d, c, Company)),
    m("crm.company.delete", CRM, |d, c| crm::delete(d, c, Company)),
    m("crm.company.fields", CRM, |d, c| crm::fields(d, c, Company)),
    m("crm.activity.list", CRM, crm_activity::list),
    m("crm.activity.get", CRM, crm_activity::get),
    m("crm.activity.add", CRM, crm_activity::add),
    m("crm.activity.update", CRM, crm_activity::update),
    m("crm.activity.delete", CRM, crm_activity::delete),
    m("crm.status.list", CRM, crm_catalog::status_list),
    m("crm.category.list", CRM, crm_catalog::category_list),
    m(
        "crm.deal.contact.items.get",
        CRM,
        crm_catalog::deal_contacts,
    ),
    m("crm.duplicate.findbycomm", CRM, crm_catalog::find_by_comm),
    m(
        "crm.timeline.comment.add",
        CRM,
        crm_catalog::timeline_comment_add,
    ),
    m("server.time", None, people::server_time),
    m("profile", None, people::profile),
    m("user.current", USER, people::user_current),
    m("user.get", USER, people::user_get),
    m("user.search", USER, people::user_search),
    m("department.get", DEPARTMENT, people::department_get),
    m("tasks.task.add", TASK, tasks::add),
    m("tasks.task.update", TASK, tasks::update),
    m("tasks.task.get", TASK, tasks::get),
    m("tasks.task.list", TASK, tasks::list),
    m("tasks.task.complete", TASK, tasks::complete),
    m("tasks.task.renew", TASK, tasks::renew),
    m("tasks.task.delegate", TASK, tasks::delegate),
    m("tasks.task.delete", TASK, tasks::delete),
    m("task.checklistitem.add", TASK, task_items::checklist_add),
    m("task.checklistitem.get", TASK, task_items::checklist_get),
    m(
        "task.checklistitem.getlist",
        TASK,
        task_items::checklist_list,
    ),
    m(
        "task.checklistitem.update",
        TASK,
        task_items::checklist_update,
    ),
    m(
        "task.checklistitem.delete",
        TASK,
        task_items::checklist_delete,
    ),
    m(
        "task.checklistitem.complete",
        TASK,
        task_items::checklist_complete,
    ),
    m(
        "task.checklistitem.renew",
        TASK,
        task_items::checklist_renew,
    ),
    m(
        "task.checklistitem.moveafteritem",
        TASK,
        task_items::checklist_move_after,
    ),
    m(
        "task.checklistitem.isactionallowed",
        TASK,
        task_items::checklist_is_action_allowed,
    ),
    m("task.commentitem.add", TASK, task_items::comment_add),
    m("task.commentitem.get", TASK, task_items::comment_get),
    m("task.commentitem.getlist", TASK, task_items::comment_list),
    m("task.commentitem.update", TASK, task_items::comment_update),
    m("task.commentitem.delete", TASK, task_items::comment_delete),
    m("im.message.add", IM, im::message_add),
    m("im.notify.personal.add", IM, im::notify_personal),
    m("im.notify.system.add", IM, im::notify_system),
    m("im.dialog.messages.get", IM, im::dialog_messages),
    m("im.recent.list", IM, im::recent_list),
    m("im.counters.get", IM, im::counters),
    m("im.chat.add", IM, im::chat_add),
    m("im.chat.get", IM, im::chat_get),
    m("calendar.event.add", CALENDAR, calendar::event_add),
    m("calendar.event.get", CALENDAR, calendar::event_get),
    m(
        "calendar.event.getbyid",
        CALENDAR,
        calendar::event_get_by_id,
    ),
    m("calendar.event.update", CALENDAR, calendar::event_update),
    m("calendar.event.delete", CALENDAR, calendar::event_delete),
    m("calendar.section.get", CALENDAR, calendar::section_get),
    m(
        "calendar.accessibility.get",
        CALENDAR,
        calendar::accessibility_get,
    ),
    m("disk.storage.getlist", DISK, disk::storage_list),
    m("disk.storage.get", DISK, disk::storage_get),
    m("disk.storage.getchildren", DISK, disk::storage_children),
    m("disk.storage.addfolder", DISK, disk::storage_add_folder),
    m("disk.storage.uploadfile", DISK, disk::storage_upload),
    m("disk.folder.get", DISK, disk::folder_get),
    m("disk.folder.getchildren", DISK, disk::folder_children),
    m("disk.folder.addsubfolder", DISK, disk::folder_add_subfolder),
    m("disk.folder.uploadfile", DISK, disk::folder_upload),
    m("disk.folder.rename", DISK, disk::folder_rename),
    m("disk.folder.markdeleted", DISK, disk::folder_mark_deleted),
    m("disk.folder.deletetree", DISK, disk::folder_delete_tree),
    m("disk.file.get", DISK, disk::file_get),
    m("disk.file.rename", DISK, disk::file_rename),
    m("disk.file.copyto", DISK, disk::file_copy_to),
    m("disk.file.moveto", DISK, disk::file_move_to),
    m("disk.file.markdeleted", DISK, disk::file_mark_deleted),
    m("disk.file.restore", DISK, disk::file_restore),
    m("disk.file.delete", DISK, disk::file_delete),
    m("imbot.v2.Bot.register", IMBOT, imbot::register),
    m("imbot.v2.Bot.list", IMBOT, imbot::list),
    m("imbot.v2.Bot.unregister", IMBOT, imbot::unregister),
    m("imbot.v2.Event.get", IMBOT, imbot::event_get),
    m("imbot.v2.Chat.Message.send", IMBOT, imbot::message_send),
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
