//! Tasks: `tasks.task.*` (UPPER keys in, camelCase out), checklist items and comments (legacy,
//! UPPER keys).

use jiff::Timestamp;
use serde::{Deserialize, Deserializer};
use serde_json::Value;

use super::de;

/// The real status of a task (`status`, sent as a string).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TaskStatus {
    New,
    Pending,
    InProgress,
    AwaitingControl,
    Completed,
    Deferred,
    Declined,
}

impl TaskStatus {
    pub fn from_code(code: u64) -> Option<Self> {
        Some(match code {
            1 => Self::New,
            2 => Self::Pending,
            3 => Self::InProgress,
            4 => Self::AwaitingControl,
            5 => Self::Completed,
            6 => Self::Deferred,
            7 => Self::Declined,
            _ => return None,
        })
    }

    pub fn code(self) -> u64 {
        match self {
            Self::New => 1,
            Self::Pending => 2,
            Self::InProgress => 3,
            Self::AwaitingControl => 4,
            Self::Completed => 5,
            Self::Deferred => 6,
            Self::Declined => 7,
        }
    }

    /// Whether the task still needs work from its responsible person.
    pub fn is_open(self) -> bool {
        !matches!(
            self,
            Self::AwaitingControl | Self::Completed | Self::Declined
        )
    }
}

impl<'de> Deserialize<'de> for TaskStatus {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(d)?;
        de::u64_of(&value)
            .and_then(Self::from_code)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown task status {value}")))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum TaskPriority {
    Low,
    #[default]
    Normal,
    High,
}

impl TaskPriority {
    pub fn code(self) -> u64 {
        match self {
            Self::Low => 0,
            Self::Normal => 1,
            Self::High => 2,
        }
    }
}

impl<'de> Deserialize<'de> for TaskPriority {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(match de::u64_of(&Value::deserialize(d)?) {
            Some(0) => Self::Low,
            Some(2) => Self::High,
            _ => Self::Normal,
        })
    }
}

/// A task as `tasks.task.get`/`list` print it (inside `{"task": …}` / `{"tasks": […]}`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Task {
    #[serde(deserialize_with = "de::id")]
    pub id: u64,
    #[serde(default)]
    pub title: String,
    #[serde(default, deserialize_with = "de::opt_text")]
    pub description: Option<String>,
    pub status: TaskStatus,
    #[serde(default)]
    pub priority: TaskPriority,
    #[serde(default, deserialize_with = "de::opt_ref")]
    pub responsible_id: Option<u64>,
    #[serde(default, deserialize_with = "de::opt_ref")]
    pub created_by: Option<u64>,
    #[serde(default, deserialize_with = "de::opt_datetime")]
    pub deadline: Option<Timestamp>,
    #[serde(default, deserialize_with = "de::opt_datetime")]
    pub created_date: Option<Timestamp>,
    #[serde(default, deserialize_with = "de::opt_datetime")]
    pub closed_date: Option<Timestamp>,
    #[serde(default, deserialize_with = "de::opt_ref")]
    pub group_id: Option<u64>,
    #[serde(default, deserialize_with = "de::id_list")]
    pub auditors: Vec<u64>,
    #[serde(default, deserialize_with = "de::id_list")]
    pub accomplices: Vec<u64>,
}

/// A checklist item (`task.checklistitem.*`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub struct ChecklistItem {
    #[serde(deserialize_with = "de::id")]
    pub id: u64,
    #[serde(default, deserialize_with = "de::opt_ref")]
    pub task_id: Option<u64>,
    #[serde(default, deserialize_with = "de::opt_ref")]
    pub parent_id: Option<u64>,
    #[serde(default)]
    pub title: String,
    #[serde(default, deserialize_with = "de::opt_id")]
    pub sort_index: Option<u64>,
    #[serde(default, deserialize_with = "de::flag")]
    pub is_complete: bool,
    #[serde(default, deserialize_with = "de::flag")]
    pub is_important: bool,
}

/// A task comment (`task.commentitem.*`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub struct TaskComment {
    #[serde(deserialize_with = "de::id")]
    pub id: u64,
    #[serde(default, deserialize_with = "de::opt_ref")]
    pub author_id: Option<u64>,
    #[serde(default)]
    pub author_name: String,
    #[serde(default, deserialize_with = "de::opt_datetime")]
    pub post_date: Option<Timestamp>,
    #[serde(default)]
    pub post_message: String,
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn a_task_in_camel_case_with_strings() {
        let task: Task = serde_json::from_value(json!({"id":"456","title":"Call","status":"2",
            "subStatus":"-1","priority":"2","responsibleId":"3","createdBy":"1","groupId":"0",
            "deadline":"2025-10-24T19:00:00+02:00","auditors":["13","103"],"accomplices":[],
            "ufCrmTask":false,"group":[],"action":{"edit.originator":true}}))
        .unwrap();
        assert_eq!(task.status, TaskStatus::Pending);
        assert_eq!(task.priority, TaskPriority::High);
        assert_eq!(task.group_id, None);
        assert_eq!(task.auditors, vec![13, 103]);
        assert!(task.status.is_open());
    }

    #[test]
    fn checklist_items_and_comments() {
        let item: ChecklistItem = serde_json::from_value(json!({"ID":"477","TASK_ID":"8017",
            "PARENT_ID":"431","TITLE":"Send","SORT_INDEX":"2","IS_COMPLETE":"N","IS_IMPORTANT":"Y",
            "MEMBERS":[],"ATTACHMENTS":{}}))
        .unwrap();
        assert!(!item.is_complete && item.is_important);
        let comment: TaskComment = serde_json::from_value(json!({"ID":"3157","AUTHOR_ID":"503",
            "AUTHOR_NAME":"Klaus","POST_DATE":"2025-07-15T14:31:00+02:00","POST_MESSAGE":"ok",
            "POST_MESSAGE_HTML":null,"ATTACHED_OBJECTS":[]}))
        .unwrap();
        assert_eq!(comment.author_id, Some(503));
    }
}
