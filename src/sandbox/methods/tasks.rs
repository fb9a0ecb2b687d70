//! `tasks.task.{add,update,get,list,complete,renew,delegate,delete}`: UPPER_SNAKE in, camelCase
//! out, values as strings, the list wrapped as `{"tasks":[…]}`.

use jiff::{SignedDuration, Timestamp};
use serde_json::{Map, Value, json};

use super::args::{Args, as_flag, as_id, as_int, as_list, as_text, yn};
use super::{Call, Output};
use crate::sandbox::error::ApiError;
use crate::sandbox::filter::Filter;
use crate::sandbox::paging::{Direction, Order, Page, Start};
use crate::sandbox::store::PortalData;
use crate::sandbox::store::record::{FieldSpec, Kind, Row, Val};
use crate::sandbox::store::tasks::{Priority, Task, TaskStatus};

const fn f(name: &'static str, kind: Kind) -> FieldSpec {
    FieldSpec::new(name, kind, name)
}

/// The fields a task list filters and orders by (input names are UPPER_SNAKE).
static TASK: &[FieldSpec] = &[
    f("ID", Kind::Id),
    f("TITLE", Kind::Text),
    f("DESCRIPTION", Kind::Text),
    f("REAL_STATUS", Kind::Int),
    f("STATUS", Kind::Int),
    f("PRIORITY", Kind::Int),
    f("RESPONSIBLE_ID", Kind::User),
    f("CREATED_BY", Kind::User),
    f("CHANGED_BY", Kind::User),
    f("CLOSED_BY", Kind::User),
    f("CREATED_DATE", Kind::DateTime),
    f("CHANGED_DATE", Kind::DateTime),
    f("CLOSED_DATE", Kind::DateTime),
    f("DEADLINE", Kind::DateTime),
    f("START_DATE_PLAN", Kind::DateTime),
    f("END_DATE_PLAN", Kind::DateTime),
    f("GROUP_ID", Kind::Int),
    f("TASK_CONTROL", Kind::Flag),
];

impl Row for Task {
    fn value(&self, index: usize) -> Option<Val<'_>> {
        Some(match TASK.get(index)?.name {
            "ID" => Val::Int(self.id as i64),
            "TITLE" => Val::Text(&self.title),
            "DESCRIPTION" => Val::Text(&self.description),
            "REAL_STATUS" | "STATUS" => Val::Int(self.status.code().into()),
            "PRIORITY" => Val::Int(self.priority.code().into()),
            "RESPONSIBLE_ID" => Val::Int(self.responsible_id as i64),
            "CREATED_BY" => Val::Int(self.created_by as i64),
            "CHANGED_BY" => Val::Int(self.changed_by as i64),
            "CLOSED_BY" => Val::Int(self.closed_by? as i64),
            "CREATED_DATE" => Val::Time(self.created_date),
            "CHANGED_DATE" => Val::Time(self.changed_date),
            "CLOSED_DATE" => Val::Time(self.closed_date?),
            "DEADLINE" => Val::Time(self.deadline?),
            "START_DATE_PLAN" => Val::Time(self.start_date_plan?),
            "END_DATE_PLAN" => Val::Time(self.end_date_plan?),
            "GROUP_ID" => Val::Int(self.group_id as i64),
            _ => Val::Flag(self.task_control),
        })
    }
}

/// The meta statuses of `subStatus` and of the `STATUS` filter.
const OVERDUE: i64 = -1;
const NOT_VIEWED: i64 = -2;
const ALMOST_OVERDUE: i64 = -3;

/// Overdue and almost-overdue follow the portal clock.
fn sub_status(task: &Task, now: Timestamp) -> i64 {
    let open = !task.status.is_closed();
    match task.deadline {
        Some(deadline) if open && deadline < now => OVERDUE,
        Some(deadline) if open && deadline < now + SignedDuration::from_hours(24) => ALMOST_OVERDUE,
        _ if open && !task.viewed_by_responsible && task.responsible_id != task.created_by => {
            NOT_VIEWED
        }
        _ => task.status.code().into(),
    }
}

fn task_error(code: &str, description: &str) -> ApiError {
    ApiError::bad_request(code, description)
}

fn not_allowed() -> ApiError {
    task_error("0", "Action on the task is not allowed")
}

fn task_id(args: &Args<'_>) -> Result<u64, ApiError> {
    match args.get("taskId").or_else(|| args.legacy("taskId")) {
        None => Err(task_error(
            "100",
            "Could not find value for parameter {taskId}",
        )),
        Some(value) => as_id(value).ok_or_else(|| task_error("0", "wrong task id")),
    }
}

fn fields_param(args: &Args<'_>) -> Result<Map<String, Value>, ApiError> {
    args.get("fields")
        .or_else(|| args.legacy("fields"))
        .and_then(super::args::as_object)
        .ok_or_else(|| task_error("100", "Could not find value for parameter {fields}"))
}

/// UPPER_SNAKE to camelCase: `RESPONSIBLE_ID` → `responsibleId`.
fn camel(name: &str) -> String {
    let mut out = String::new();
    for (i, part) in name.split('_').filter(|p| !p.is_empty()).enumerate() {
        let lower = part.to_lowercase();
        if i == 0 {
            out.push_str(&lower);
        } else {
            let mut chars = lower.chars();
            if let Some(first) = chars.next() {
                out.extend(first.to_uppercase());
                out.push_str(chars.as_str());
            }
        }
    }
    out
}

fn user_card(data: &PortalData, id: u64) -> Value {
    let user = data.users.get(id);
    json!({
        "id": id.to_string(),
        "name": user.map(|u| u.full_name()).unwrap_or_default(),
        "link": format!("/company/personal/user/{id}/"),
        "icon": "/bitrix/images/tasks/default_avatar.png",
        "workPosition": user.map(|u| u.position.clone()).unwrap_or_default(),
    })
}

fn users_data(data: &PortalData, ids: &[u64]) -> Value {
    if ids.is_empty() {
        return json!([]);
    }
    Value::Object(
        ids.iter()
            .map(|id| (id.to_string(), user_card(data, *id)))
            .collect(),
    )
}

/// A task as the controller prints it: camelCase keys, string values.
fn task_json(data: &PortalData, task: &Task, now: Timestamp) -> Map<String, Value> {
    let zone = &data.zone;
    let date = |t: Option<Timestamp>| t.map(|t| zone.iso(t));
    let ids = |list: &[u64]| list.iter().map(u64::to_string).collect::<Vec<_>>();
    let comments = data
        .tasks
        .comments
        .values()
        .filter(|c| c.task_id == task.id)
        .count();
    let identity = json!({
        "id": task.id.to_string(),
        "parentId": null,
        "title": task.title,
        "description": task.description,
        "mark": null,
        "priority": task.priority.code().to_string(),
        "multitask": "N",
        "notViewed": yn(!task.viewed_by_responsible),
        "replicate": "N",
        "groupId": task.group_id.to_string(),
        "stageId": "0",
        "createdBy": task.created_by.to_string(),
        "createdDate": zone.iso(task.created_date),
        "responsibleId": task.responsible_id.to_string(),
        "changedBy": task.changed_by.to_string(),
        "changedDate": zone.iso(task.changed_date),
        "statusChangedBy": task.changed_by.to_string(),
        "statusChangedDate": zone.iso(task.status_changed_date),
        "closedBy": task.closed_by.map(|id| id.to_string()),
        "closedDate": date(task.closed_date),
        "activityDate": zone.iso(task.changed_date),
        "dateStart": null,
        "deadline": date(task.deadline),
        "startDatePlan": date(task.start_date_plan),
        "endDatePlan": date(task.end_date_plan),
    });
    let details = json!({
        "commentsCount": comments.to_string(),
        "newCommentsCount": 0,
        "allowChangeDeadline": "Y",
        "allowTimeTracking": "N",
        "taskControl": yn(task.task_control),
        "addInReport": "N",
        "timeEstimate": "0",
        "matchWorkTime": "N",
        "siteId": "s1",
        "subordinate": "N",
        "favorite": "N",
        "isMuted": "N",
        "isPinned": "N",
        "descriptionInBbcode": "Y",
        "status": task.status.code().to_string(),
        "durationType": "days",
        "auditors": ids(&task.auditors),
        "accomplices": ids(&task.accomplices),
        "ufCrmTask": if task.crm.is_empty() { json!(false) } else { json!(task.crm) },
        "group": [],
        "creator": user_card(data, task.created_by),
        "responsible": user_card(data, task.responsible_id),
        "accomplicesData": users_data(data, &task.accomplices),
        "auditorsData": users_data(data, &task.auditors),
        "subStatus": sub_status(task, now).to_string(),
        "action": actions(task),
    });
    // Two literals: one would exceed serde_json's macro recursion limit.
    [identity, details]
        .into_iter()
        .filter_map(|part| match part {
            Value::Object(map) => Some(map),
            _ => None,
        })
        .flatten()
        .collect()
}

fn actions(task: &Task) -> Value {
    let open = !task.status.is_closed();
    json!({
        "accept": false, "decline": false, "complete": open, "approve": false,
        "disapprove": false, "start": task.status == TaskStatus::Pending, "pause": task.status == TaskStatus::InProgress,
        "delegate": open, "remove": true, "edit": true, "defer": open, "renew": !open,
        "create": true, "changeDeadline": true, "checklistAddItems": true, "addFavorite": true,
        "deleteFavorite": false, "rate": true, "take": false, "edit.originator": false,
        "checklist.reorder": true, "elapsedtime.add": true, "dayplan.timer.toggle": false,
        "edit.plan": true, "checklist.add": true, "favorite.add": true, "favorite.delete": false,
    })
}

/// Keys a `select` always brings along, as a portal does (`group`, `subStatus`).
const ALWAYS_PRINTED: [&str; 4] = ["id", "status", "group", "subStatus"];

/// Applies `select`: without one (or with `*`) every field but the user fields (`ufCrmTask`),
/// which come only when named, as on a portal.
fn selected(full: Map<String, Value>, select: Option<&Value>) -> Value {
    let names: Vec<String> = select
        .map(as_list)
        .unwrap_or_default()
        .into_iter()
        .filter_map(as_text)
        .collect();
    let everything = names.is_empty() || names.iter().any(|n| n == "*");
    let wanted: Vec<String> = names.iter().map(|n| camel(n)).collect();
    Value::Object(
        full.into_iter()
            .filter(|(key, _)| {
                let named = wanted.iter().any(|w| w == key);
                if everything {
                    named || !key.starts_with("uf")
                } else {
                    named || ALWAYS_PRINTED.contains(&key.as_str())
                }
            })
            .collect(),
    )
}

fn task_output(data: &PortalData, id: u64, now: Timestamp) -> Output {
    let task = data
        .tasks
        .tasks
        .get(id)
        .map(|t| selected(task_json(data, t, now), None));
    Output::of(json!({ "task": task }))
}

pub fn add(data: &mut PortalData, call: &Call<'_>) -> Result<Output, ApiError> {
    let fields = fields_param(&Args::new(call.params))?;
    let id = insert(data, &fields, call.user_id, call.now)?;
    Ok(task_output(data, id, call.now))
}

/// Creates a task as `tasks.task.add` does; the seed uses it too.
pub(crate) fn insert(
    data: &mut PortalData,
    fields: &Map<String, Value>,
    user_id: u64,
    now: Timestamp,
) -> Result<u64, ApiError> {
    let mut task = Task {
        id: 0,
        title: String::new(),
        description: String::new(),
        status: TaskStatus::Pending,
        priority: Priority::Normal,
        responsible_id: user_id,
        created_by: user_id,
        created_date: now,
        changed_by: user_id,
        changed_date: now,
        status_changed_date: now,
        closed_by: None,
        closed_date: None,
        deadline: None,
        start_date_plan: None,
        end_date_plan: None,
        group_id: 0,
        auditors: Vec::new(),
        accomplices: Vec::new(),
        crm: Vec::new(),
        task_control: false,
        viewed_by_responsible: false,
    };
    write(data, &mut task, fields, true)?;
    if task.title.trim().is_empty() {
        return Err(task_error("ERROR_CORE", "Task title is not specified<br>"));
    }
    task.viewed_by_responsible = task.responsible_id == task.created_by;
    Ok(data.tasks.tasks.insert_with(|id| Task { id, ..task }))
}

/// Applies UPPER_SNAKE fields (any letter case); unknown keys are ignored.
fn write(
    data: &PortalData,
    task: &mut Task,
    fields: &Map<String, Value>,
    adding: bool,
) -> Result<(), ApiError> {
    let zone = &data.zone;
    for (key, value) in fields {
        let invalid = || task_error("ERROR_CORE", &format!("Invalid value of field {key}<br>"));
        let user = |value: &Value| -> Result<u64, ApiError> {
            let id = as_id(value).ok_or_else(invalid)?;
            if data.users.get(id).is_none() {
                return Err(task_error("ERROR_CORE", "User not found<br>"));
            }
            Ok(id)
        };
        let date = |value: &Value| -> Result<Option<Timestamp>, ApiError> {
            match as_text(value) {
                None => Ok(None),
                Some(text) if text.is_empty() => Ok(None),
                Some(text) => zone.parse(&text).map(Some).ok_or_else(invalid),
            }
        };
        let users = |value: &Value| -> Result<Vec<u64>, ApiError> {
            as_list(value).into_iter().map(&user).collect()
        };
        match key.to_uppercase().as_str() {
            "TITLE" => task.title = as_text(value).unwrap_or_default(),
            "DESCRIPTION" => task.description = as_text(value).unwrap_or_default(),
            "PRIORITY" => {
                task.priority = as_int(value)
                    .and_then(Priority::from_code)
                    .ok_or_else(invalid)?
            }
            "RESPONSIBLE_ID" => task.responsible_id = user(value)?,
            "CREATED_BY" if adding => task.created_by = user(value)?,
            "DEADLINE" => task.deadline = date(value)?,
            "START_DATE_PLAN" => task.start_date_plan = date(value)?,
            "END_DATE_PLAN" => task.end_date_plan = date(value)?,
            "GROUP_ID" => task.group_id = as_int(value).unwrap_or(0).max(0) as u64,
            "AUDITORS" => task.auditors = users(value)?,
            "ACCOMPLICES" => task.accomplices = users(value)?,
            "UF_CRM_TASK" => task.crm = as_list(value).into_iter().filter_map(as_text).collect(),
            "TASK_CONTROL" => task.task_control = as_flag(value).unwrap_or(false),
            "STATUS" => {
                task.status = as_int(value)
                    .and_then(TaskStatus::from_code)
                    .ok_or_else(invalid)?
            }
            _ => {}
        }
    }
    Ok(())
}

pub fn update(data: &mut PortalData, call: &Call<'_>) -> Result<Output, ApiError> {
    let args = Args::new(call.params);
    let id = task_id(&args)?;
    let fields = fields_param(&args)?;
    let mut task = data.tasks.tasks.get(id).cloned().ok_or_else(not_allowed)?;
    let old_status = task.status;
    write(data, &mut task, &fields, false)?;
    if task.title.trim().is_empty() {
        return Err(task_error("ERROR_CORE", "Task title is not specified<br>"));
    }
    task.changed_by = call.user_id;
    task.changed_date = call.now;
    if task.status != old_status {
        let status = task.status;
        set_status(&mut task, status, call.user_id, call.now);
    }
    data.tasks.tasks.rows.insert(id, task);
    Ok(task_output(data, id, call.now))
}

fn set_status(task: &mut Task, status: TaskStatus, user_id: u64, now: Timestamp) {
    task.status = status;
    task.status_changed_date = now;
    task.changed_by = user_id;
    task.changed_date = now;
    if status.is_closed() {
        task.closed_by = Some(user_id);
        task.closed_date = Some(now);
    } else {
        task.closed_by = None;
        task.closed_date = None;
    }
}

fn transition(
    data: &mut PortalData,
    call: &Call<'_>,
    change: impl FnOnce(&mut Task, &Call<'_>) -> Result<(), ApiError>,
) -> Result<Output, ApiError> {
    let id = task_id(&Args::new(call.params))?;
    let task = data.tasks.tasks.get_mut(id).ok_or_else(not_allowed)?;
    change(task, call)?;
    Ok(task_output(data, id, call.now))
}

pub fn complete(data: &mut PortalData, call: &Call<'_>) -> Result<Output, ApiError> {
    transition(data, call, |task, call| {
        if task.status.is_closed() {
            return Err(not_allowed());
        }
        // A task under control goes to its creator for approval unless the creator closes it.
        let status = if task.task_control && call.user_id != task.created_by {
            TaskStatus::AwaitingControl
        } else {
            TaskStatus::Completed
        };
        set_status(task, status, call.user_id, call.now);
        Ok(())
    })
}

pub fn renew(data: &mut PortalData, call: &Call<'_>) -> Result<Output, ApiError> {
    transition(data, call, |task, call| {
        if !task.status.is_closed() {
            return Err(not_allowed());
        }
        set_status(task, TaskStatus::Pending, call.user_id, call.now);
        Ok(())
    })
}

pub fn delegate(data: &mut PortalData, call: &Call<'_>) -> Result<Output, ApiError> {
    let user = Args::new(call.params)
        .get("userId")
        .and_then(as_id)
        .ok_or_else(|| task_error("100", "Could not find value for parameter {userId}"))?;
    if data.users.get(user).is_none() {
        return Err(task_error("ERROR_CORE", "User not found<br>"));
    }
    transition(data, call, |task, call| {
        if task.status.is_closed() {
            return Err(not_allowed());
        }
        if !task.auditors.contains(&task.responsible_id) && task.responsible_id != user {
            task.auditors.push(task.responsible_id);
        }
        task.responsible_id = user;
        task.viewed_by_responsible = user == task.created_by;
        task.changed_by = call.user_id;
        task.changed_date = call.now;
        Ok(())
    })
}

pub fn delete(data: &mut PortalData, call: &Call<'_>) -> Result<Output, ApiError> {
    let id = task_id(&Args::new(call.params))?;
    data.tasks
        .tasks
        .remove(id)
        .ok_or_else(|| task_error("1048582", "No access to delete the task"))?;
    data.tasks
        .checklist
        .rows
        .retain(|_, item| item.task_id != id);
    data.tasks.comments.rows.retain(|_, c| c.task_id != id);
    Ok(Output::of(json!({"task": true})))
}

/// A missing or forbidden task answers `[]`, not an error, as the controller does.
pub fn get(data: &mut PortalData, call: &Call<'_>) -> Result<Output, ApiError> {
    let args = Args::new(call.params);
    let id = task_id(&args)?;
    let Some(task) = data.tasks.tasks.get(id) else {
        return Ok(Output::of(json!([])));
    };
    let full = task_json(data, task, call.now);
    Ok(Output::of(
        json!({"task": selected(full, args.get("select").or_else(|| args.legacy("select")))}),
    ))
}

pub fn list(data: &mut PortalData, call: &Call<'_>) -> Result<Output, ApiError> {
    let args = Args::new(call.params);
    let mut conditions = match args.get("filter").or_else(|| args.legacy("filter")) {
        Some(Value::Object(map)) => map.clone(),
        _ => Map::new(),
    };
    let specials = Specials::take(&mut conditions);
    // A plain TITLE holding `%` or `_` is a pattern for tasks (`"TITLE": "Report%"`).
    let conditions: Map<String, Value> = conditions
        .into_iter()
        .map(|(key, value)| {
            let pattern = value.as_str().is_some_and(|t| t.contains(['%', '_']));
            if pattern && key.eq_ignore_ascii_case("TITLE") {
                ("=%TITLE".to_owned(), value)
            } else {
                (key, value)
            }
        })
        .collect();
    let filter = Filter::parse_map(&conditions, TASK, &data.zone)
        .map_err(|e| task_error("0", &format!("{e} (internal error)")))?;
    let order = Order::parse(
        args.get("order").or_else(|| args.legacy("order")),
        TASK,
        &[("ID", Direction::Desc)],
    )
    .map_err(|_| task_error("0", "Invalid sorting key (internal error)"))?;
    let mut rows: Vec<&Task> = data
        .tasks
        .tasks
        .values()
        .filter(|t| filter.matches(*t) && specials.matches(t, call.now))
        .collect();
    order.sort(&mut rows);
    let select = args.get("select").or_else(|| args.legacy("select"));
    let page = Page::of(rows, Start::parse(args.get("start")))
        .map(|t| selected(task_json(data, t, call.now), select));
    Ok(Output::page(page, Some("tasks")))
}

/// Filter keys with meanings of their own: `STATUS` accepts the meta statuses (−1 overdue, −2 not
/// viewed, −3 almost overdue), `MEMBER` is any role, `ACCOMPLICE`/`AUDITOR`/`UF_CRM_TASK` look
/// into lists.
#[derive(Default)]
struct Specials {
    status: Option<(bool, Vec<i64>)>,
    member: Option<Vec<u64>>,
    accomplice: Option<Vec<u64>>,
    auditor: Option<Vec<u64>>,
    without_deadline: Option<bool>,
    crm: Option<Vec<String>>,
}

impl Specials {
    fn take(conditions: &mut Map<String, Value>) -> Specials {
        let mut specials = Specials::default();
        let keys: Vec<String> = conditions.keys().cloned().collect();
        for key in keys {
            let negated = key.starts_with('!');
            let name = key.trim_start_matches(['!', '=', '@']).to_uppercase();
            let ids = |v: &Value| as_list(v).into_iter().filter_map(as_id).collect::<Vec<_>>();
            let value = match name.as_str() {
                "STATUS" | "MEMBER" | "ACCOMPLICE" | "AUDITOR" | "WO_DEADLINE" | "UF_CRM_TASK" => {
                    conditions.remove(&key).unwrap_or_default()
                }
                _ => continue,
            };
            match name.as_str() {
                "STATUS" => {
                    let codes = as_list(&value).into_iter().filter_map(as_int).collect();
                    specials.status = Some((negated, codes));
                }
                "MEMBER" => specials.member = Some(ids(&value)),
                "ACCOMPLICE" => specials.accomplice = Some(ids(&value)),
                "AUDITOR" => specials.auditor = Some(ids(&value)),
                "UF_CRM_TASK" => {
                    specials.crm = Some(as_list(&value).into_iter().filter_map(as_text).collect())
                }
                _ => specials.without_deadline = as_flag(&value),
            }
        }
        specials
    }

    fn matches(&self, task: &Task, now: Timestamp) -> bool {
        let any = |wanted: &Option<Vec<u64>>, have: &[u64]| {
            wanted
                .as_ref()
                .is_none_or(|w| have.iter().any(|h| w.contains(h)))
        };
        let status_ok = self.status.as_ref().is_none_or(|(negated, codes)| {
            let sub = sub_status(task, now);
            let real = i64::from(task.status.code());
            let hit = codes.iter().any(|&c| {
                if c < 0 {
                    sub == c
                } else {
                    real == c || (c == 1 && real == 2)
                }
            });
            hit != *negated
        });
        let members = [task.responsible_id, task.created_by]
            .into_iter()
            .chain(task.accomplices.iter().copied())
            .chain(task.auditors.iter().copied())
            .collect::<Vec<_>>();
        status_ok
            && any(&self.member, &members)
            && any(&self.accomplice, &task.accomplices)
            && any(&self.auditor, &task.auditors)
            && self
                .without_deadline
                .is_none_or(|wo| wo == task.deadline.is_none())
            && self
                .crm
                .as_ref()
                .is_none_or(|wanted| task.crm.iter().any(|c| wanted.contains(c)))
    }
}
