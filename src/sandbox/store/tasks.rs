//! Tasks with their checklists and comments. Checklist items and comments have ids unique across
//! tasks, because the positional item methods find an item by its id alone.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::record::Table;

/// The real status of a task; the numbers are the wire values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum TaskStatus {
    Pending,
    InProgress,
    AwaitingControl,
    Completed,
    Deferred,
}

impl TaskStatus {
    pub fn code(self) -> u8 {
        match self {
            TaskStatus::Pending => 2,
            TaskStatus::InProgress => 3,
            TaskStatus::AwaitingControl => 4,
            TaskStatus::Completed => 5,
            TaskStatus::Deferred => 6,
        }
    }

    /// Status 1 ("new") is an old alias of pending.
    pub fn from_code(code: i64) -> Option<TaskStatus> {
        Some(match code {
            1 | 2 => TaskStatus::Pending,
            3 => TaskStatus::InProgress,
            4 => TaskStatus::AwaitingControl,
            5 => TaskStatus::Completed,
            6 => TaskStatus::Deferred,
            _ => return None,
        })
    }

    pub fn is_closed(self) -> bool {
        matches!(self, TaskStatus::Completed | TaskStatus::AwaitingControl)
    }
}

/// A task's priority; the numbers are the wire values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Priority {
    Low,
    Normal,
    High,
}

impl Priority {
    pub fn code(self) -> u8 {
        match self {
            Priority::Low => 0,
            Priority::Normal => 1,
            Priority::High => 2,
        }
    }

    pub fn from_code(code: i64) -> Option<Priority> {
        Some(match code {
            0 => Priority::Low,
            1 => Priority::Normal,
            2 => Priority::High,
            _ => return None,
        })
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Task {
    pub id: u64,
    pub title: String,
    pub description: String,
    pub status: TaskStatus,
    pub priority: Priority,
    pub responsible_id: u64,
    pub created_by: u64,
    pub created_date: Timestamp,
    pub changed_by: u64,
    pub changed_date: Timestamp,
    pub status_changed_date: Timestamp,
    pub closed_by: Option<u64>,
    pub closed_date: Option<Timestamp>,
    pub deadline: Option<Timestamp>,
    pub start_date_plan: Option<Timestamp>,
    pub end_date_plan: Option<Timestamp>,
    pub group_id: u64,
    pub auditors: Vec<u64>,
    pub accomplices: Vec<u64>,
    /// CRM bindings such as `D_10` (deal 10) or `C_7` (contact 7).
    pub crm: Vec<String>,
    pub task_control: bool,
    pub viewed_by_responsible: bool,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ChecklistItem {
    pub id: u64,
    pub task_id: u64,
    pub parent_id: u64,
    pub title: String,
    pub sort_index: i64,
    pub is_complete: bool,
    pub is_important: bool,
    pub created_by: u64,
    pub toggled_by: Option<u64>,
    pub toggled_date: Option<Timestamp>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct TaskComment {
    pub id: u64,
    pub task_id: u64,
    pub author_id: u64,
    pub post_date: Timestamp,
    pub message: String,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Tasks {
    pub tasks: Table<Task>,
    pub checklist: Table<ChecklistItem>,
    pub comments: Table<TaskComment>,
}
