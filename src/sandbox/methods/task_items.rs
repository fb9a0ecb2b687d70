//! `task.checklistitem.*` and `task.commentitem.*`: legacy methods whose arguments are bound by
//! position (`[TASKID, ITEMID, {FIELDS}]` as a JSON array or `0`, `1`, `2` keys). An item is
//! found by its own id; the task id only has to be a positive integer, as on a real portal.

use jiff::Timestamp;
use serde_json::{Map, Value, json};

use super::args::{Args, as_flag, as_id, as_int, as_object, as_text, yn};
use super::{Call, Output};
use crate::sandbox::error::ApiError;
use crate::sandbox::filter::Filter;
use crate::sandbox::paging::{Direction, Order};
use crate::sandbox::store::PortalData;
use crate::sandbox::store::record::{FieldSpec, Kind, Row, Val};
use crate::sandbox::store::tasks::{ChecklistItem, TaskComment};

/// The error a portal gives when positional arguments are missing or of the wrong type.
fn wrong_argument(index: usize, name: &str) -> ApiError {
    ApiError::bad_request(
        "ERROR_CORE",
        format!(
            "TASKS_ERROR_EXCEPTION_#256; Param #{index} ({name}) expected to be of another type; 256/TE/WRONG_ARGUMENTS<br>"
        ),
    )
}

fn action_failed() -> ApiError {
    ApiError::bad_request(
        "ERROR_CORE",
        "TASKS_ERROR_EXCEPTION_#8; Action failed; 8/TE/ACTION_FAILED_TO_BE_PROCESSED<br>",
    )
}

fn id_at(args: &Args<'_>, index: usize, name: &str) -> Result<u64, ApiError> {
    args.positional(index)
        .and_then(as_id)
        .ok_or_else(|| wrong_argument(index, name))
}

fn fields_at(args: &Args<'_>, index: usize) -> Result<Map<String, Value>, ApiError> {
    args.positional(index)
        .and_then(as_object)
        .ok_or_else(|| wrong_argument(index, "arFields"))
}

/// The task of a new item must exist.
fn existing_task(data: &PortalData, args: &Args<'_>) -> Result<u64, ApiError> {
    let task_id = id_at(args, 0, "taskId")?;
    data.tasks
        .tasks
        .get(task_id)
        .map(|t| t.id)
        .ok_or_else(action_failed)
}

fn text_field(fields: &Map<String, Value>, name: &str) -> Option<String> {
    fields
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .and_then(|(_, v)| as_text(v))
}

// ---- checklist ----

static CHECKLIST: &[FieldSpec] = &[
    FieldSpec::new("ID", Kind::Id, "ID"),
    FieldSpec::new("TITLE", Kind::Text, "Title"),
    FieldSpec::new("SORT_INDEX", Kind::Int, "Sort"),
    FieldSpec::new("IS_COMPLETE", Kind::Flag, "Completed"),
    FieldSpec::new("IS_IMPORTANT", Kind::Flag, "Important"),
    FieldSpec::new("TOGGLED_DATE", Kind::DateTime, "Toggled on"),
];

impl Row for ChecklistItem {
    fn value(&self, index: usize) -> Option<Val<'_>> {
        Some(match CHECKLIST.get(index)?.name {
            "ID" => Val::Int(self.id as i64),
            "TITLE" => Val::Text(&self.title),
            "SORT_INDEX" => Val::Int(self.sort_index),
            "IS_COMPLETE" => Val::Flag(self.is_complete),
            "IS_IMPORTANT" => Val::Flag(self.is_important),
            _ => Val::Time(self.toggled_date?),
        })
    }
}

fn checklist_json(data: &PortalData, item: &ChecklistItem) -> Value {
    json!({
        "ID": item.id.to_string(),
        "TASK_ID": item.task_id.to_string(),
        "PARENT_ID": item.parent_id.to_string(),
        "CREATED_BY": item.created_by.to_string(),
        "TITLE": item.title,
        "SORT_INDEX": item.sort_index.to_string(),
        "IS_COMPLETE": yn(item.is_complete),
        "IS_IMPORTANT": yn(item.is_important),
        "TOGGLED_BY": item.toggled_by.map(|id| id.to_string()),
        "TOGGLED_DATE": item.toggled_date.map(|t| data.zone.iso(t)).unwrap_or_default(),
        "MEMBERS": [],
        "ATTACHMENTS": [],
    })
}

fn item<'d>(data: &'d PortalData, args: &Args<'_>) -> Result<&'d ChecklistItem, ApiError> {
    id_at(args, 0, "taskId")?;
    let id = id_at(args, 1, "itemId")?;
    data.tasks.checklist.get(id).ok_or_else(action_failed)
}

fn item_mut<'d>(
    data: &'d mut PortalData,
    args: &Args<'_>,
) -> Result<&'d mut ChecklistItem, ApiError> {
    id_at(args, 0, "taskId")?;
    let id = id_at(args, 1, "itemId")?;
    data.tasks.checklist.get_mut(id).ok_or_else(action_failed)
}

fn toggle(item: &mut ChecklistItem, complete: bool, user_id: u64, now: Timestamp) {
    item.is_complete = complete;
    item.toggled_by = Some(user_id);
    item.toggled_date = Some(now);
}

pub fn checklist_add(data: &mut PortalData, call: &Call<'_>) -> Result<Output, ApiError> {
    let args = Args::new(call.params);
    let task_id = existing_task(data, &args)?;
    let fields = fields_at(&args, 1)?;
    let title = text_field(&fields, "TITLE")
        .filter(|t| !t.trim().is_empty())
        .ok_or_else(|| wrong_argument(1, "arFields[TITLE]"))?;
    let next_sort = data
        .tasks
        .checklist
        .values()
        .filter(|i| i.task_id == task_id)
        .map(|i| i.sort_index + 1)
        .max()
        .unwrap_or(0);
    let field = |name: &str| {
        fields
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v)
    };
    let complete = field("IS_COMPLETE").and_then(as_flag).unwrap_or(false);
    let id = data.tasks.checklist.insert_with(|id| ChecklistItem {
        id,
        task_id,
        parent_id: field("PARENT_ID").and_then(as_id).unwrap_or(0),
        title,
        sort_index: field("SORT_INDEX").and_then(as_int).unwrap_or(next_sort),
        is_complete: complete,
        is_important: field("IS_IMPORTANT").and_then(as_flag).unwrap_or(false),
        created_by: call.user_id,
        toggled_by: complete.then_some(call.user_id),
        toggled_date: complete.then_some(call.now),
    });
    Ok(Output::of(id))
}

pub fn checklist_get(data: &mut PortalData, call: &Call<'_>) -> Result<Output, ApiError> {
    let item = item(data, &Args::new(call.params))?;
    Ok(Output::of(checklist_json(data, item)))
}

pub fn checklist_list(data: &mut PortalData, call: &Call<'_>) -> Result<Output, ApiError> {
    let args = Args::new(call.params);
    let task_id = id_at(&args, 0, "taskId")?;
    let order = Order::parse(
        args.positional(1),
        CHECKLIST,
        &[("SORT_INDEX", Direction::Asc), ("ID", Direction::Asc)],
    )
    .map_err(|e| wrong_argument(1, &e.to_string()))?;
    let mut rows: Vec<&ChecklistItem> = data
        .tasks
        .checklist
        .values()
        .filter(|i| i.task_id == task_id)
        .collect();
    order.sort(&mut rows);
    let rows: Vec<Value> = rows.into_iter().map(|i| checklist_json(data, i)).collect();
    Ok(Output::of(rows))
}

pub fn checklist_update(data: &mut PortalData, call: &Call<'_>) -> Result<Output, ApiError> {
    let args = Args::new(call.params);
    let fields = fields_at(&args, 2)?;
    let item = item_mut(data, &args)?;
    for (key, value) in &fields {
        match key.to_uppercase().as_str() {
            "TITLE" => item.title = as_text(value).unwrap_or_default(),
            "SORT_INDEX" => item.sort_index = as_int(value).unwrap_or(item.sort_index),
            "IS_IMPORTANT" => item.is_important = as_flag(value).unwrap_or(item.is_important),
            "IS_COMPLETE" => {
                let complete = as_flag(value).unwrap_or(item.is_complete);
                toggle(item, complete, call.user_id, call.now);
            }
            _ => {}
        }
    }
    Ok(Output::of(true))
}

pub fn checklist_delete(data: &mut PortalData, call: &Call<'_>) -> Result<Output, ApiError> {
    let id = item(data, &Args::new(call.params))?.id;
    data.tasks.checklist.remove(id);
    Ok(Output::of(true))
}

pub fn checklist_complete(data: &mut PortalData, call: &Call<'_>) -> Result<Output, ApiError> {
    let item = item_mut(data, &Args::new(call.params))?;
    toggle(item, true, call.user_id, call.now);
    Ok(Output::of(true))
}

pub fn checklist_renew(data: &mut PortalData, call: &Call<'_>) -> Result<Output, ApiError> {
    let item = item_mut(data, &Args::new(call.params))?;
    toggle(item, false, call.user_id, call.now);
    Ok(Output::of(true))
}

/// Moves an item right after another one of the same task, renumbering the task's items.
pub fn checklist_move_after(data: &mut PortalData, call: &Call<'_>) -> Result<Output, ApiError> {
    let args = Args::new(call.params);
    let moved = item(data, &args)?.clone();
    let after = id_at(&args, 2, "afterItemId")?;
    let anchor = data
        .tasks
        .checklist
        .get(after)
        .filter(|a| a.task_id == moved.task_id)
        .ok_or_else(action_failed)?
        .id;
    let mut order: Vec<(i64, u64)> = data
        .tasks
        .checklist
        .values()
        .filter(|i| i.task_id == moved.task_id && i.id != moved.id)
        .map(|i| (i.sort_index, i.id))
        .collect();
    order.sort();
    let mut ids: Vec<u64> = order.into_iter().map(|(_, id)| id).collect();
    let position = ids
        .iter()
        .position(|&id| id == anchor)
        .map_or(ids.len(), |p| p + 1);
    ids.insert(position, moved.id);
    for (sort, id) in ids.into_iter().enumerate() {
        if let Some(item) = data.tasks.checklist.get_mut(id) {
            item.sort_index = sort as i64;
        }
    }
    Ok(Output::of(true))
}

/// Action ids of `CTaskCheckListItem`: 1 add, 2 modify, 3 remove, 4 toggle.
pub fn checklist_is_action_allowed(
    data: &mut PortalData,
    call: &Call<'_>,
) -> Result<Output, ApiError> {
    let args = Args::new(call.params);
    item(data, &args)?;
    let action = args
        .positional(2)
        .and_then(as_int)
        .ok_or_else(|| wrong_argument(2, "actionId"))?;
    if !(1..=4).contains(&action) {
        return Err(wrong_argument(2, "actionId"));
    }
    Ok(Output::of(true))
}

// ---- comments ----

static COMMENT: &[FieldSpec] = &[
    FieldSpec::new("ID", Kind::Id, "ID"),
    FieldSpec::new("AUTHOR_ID", Kind::User, "Author"),
    FieldSpec::new("AUTHOR_NAME", Kind::Text, "Author name"),
    FieldSpec::new("POST_DATE", Kind::DateTime, "Posted on"),
];

/// A comment with its author's name resolved, so filters can look at `AUTHOR_NAME`.
struct CommentRow<'a> {
    comment: &'a TaskComment,
    author_name: String,
}

impl Row for CommentRow<'_> {
    fn value(&self, index: usize) -> Option<Val<'_>> {
        Some(match COMMENT.get(index)?.name {
            "ID" => Val::Int(self.comment.id as i64),
            "AUTHOR_ID" => Val::Int(self.comment.author_id as i64),
            "AUTHOR_NAME" => Val::Text(&self.author_name),
            _ => Val::Time(self.comment.post_date),
        })
    }
}

fn comment_row<'a>(data: &PortalData, comment: &'a TaskComment) -> CommentRow<'a> {
    CommentRow {
        comment,
        author_name: data
            .users
            .get(comment.author_id)
            .map(|u| u.full_name())
            .unwrap_or_default(),
    }
}

fn comment_json(data: &PortalData, row: &CommentRow<'_>) -> Value {
    let comment = row.comment;
    json!({
        "POST_MESSAGE_HTML": null,
        "ID": comment.id.to_string(),
        "AUTHOR_ID": comment.author_id.to_string(),
        "AUTHOR_NAME": row.author_name,
        "AUTHOR_EMAIL": data.users.get(comment.author_id).map(|u| u.email.clone()).unwrap_or_default(),
        "POST_DATE": data.zone.iso(comment.post_date),
        "POST_MESSAGE": comment.message,
        "ATTACHED_OBJECTS": [],
    })
}

fn comment<'d>(data: &'d PortalData, args: &Args<'_>) -> Result<&'d TaskComment, ApiError> {
    id_at(args, 0, "taskId")?;
    let id = id_at(args, 1, "itemId")?;
    data.tasks.comments.get(id).ok_or_else(action_failed)
}

pub fn comment_add(data: &mut PortalData, call: &Call<'_>) -> Result<Output, ApiError> {
    let args = Args::new(call.params);
    let task_id = existing_task(data, &args)?;
    let fields = fields_at(&args, 1)?;
    let message = text_field(&fields, "POST_MESSAGE")
        .filter(|m| !m.trim().is_empty())
        .ok_or_else(|| wrong_argument(1, "arFields[POST_MESSAGE]"))?;
    let author_id = fields
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("AUTHOR_ID"))
        .and_then(|(_, v)| as_id(v))
        .unwrap_or(call.user_id);
    let post_date = text_field(&fields, "POST_DATE")
        .and_then(|d| data.zone.parse(&d))
        .unwrap_or(call.now);
    let id = data.tasks.comments.insert_with(|id| TaskComment {
        id,
        task_id,
        author_id,
        post_date,
        message,
    });
    Ok(Output::of(id))
}

pub fn comment_get(data: &mut PortalData, call: &Call<'_>) -> Result<Output, ApiError> {
    let comment = comment(data, &Args::new(call.params))?;
    Ok(Output::of(comment_json(data, &comment_row(data, comment))))
}

pub fn comment_list(data: &mut PortalData, call: &Call<'_>) -> Result<Output, ApiError> {
    let args = Args::new(call.params);
    let task_id = id_at(&args, 0, "taskId")?;
    let order = Order::parse(args.positional(1), COMMENT, &[("ID", Direction::Desc)])
        .map_err(|e| wrong_argument(1, &e.to_string()))?;
    let filter = Filter::parse(args.positional(2), COMMENT, &data.zone)
        .map_err(|e| wrong_argument(2, &e.to_string()))?;
    let rows: Vec<CommentRow<'_>> = data
        .tasks
        .comments
        .values()
        .filter(|c| c.task_id == task_id)
        .map(|c| comment_row(data, c))
        .filter(|row| filter.matches(row))
        .collect();
    let mut refs: Vec<&CommentRow<'_>> = rows.iter().collect();
    order.sort(&mut refs);
    let rows: Vec<Value> = refs.into_iter().map(|r| comment_json(data, r)).collect();
    Ok(Output::of(rows))
}

pub fn comment_update(data: &mut PortalData, call: &Call<'_>) -> Result<Output, ApiError> {
    let args = Args::new(call.params);
    let id = comment(data, &args)?.id;
    let fields = fields_at(&args, 2)?;
    let message = text_field(&fields, "POST_MESSAGE")
        .filter(|m| !m.trim().is_empty())
        .ok_or_else(|| wrong_argument(2, "arFields[POST_MESSAGE]"))?;
    if let Some(comment) = data.tasks.comments.get_mut(id) {
        comment.message = message;
    }
    Ok(Output::of(true))
}

pub fn comment_delete(data: &mut PortalData, call: &Call<'_>) -> Result<Output, ApiError> {
    let id = comment(data, &Args::new(call.params))?.id;
    data.tasks.comments.remove(id);
    Ok(Output::of(true))
}
