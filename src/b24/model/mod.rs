//! Typed records as the portal sends them, tolerant of the wire's quirks (see [`de`]).
//!
//! Each struct names the fields the bot uses; the portal sends many more, which are ignored.
//! Legacy methods speak UPPER_SNAKE keys, `tasks.task.*` camelCase, the messenger snake_case.

pub(crate) mod de;

mod calendar;
mod crm;
mod drive;
mod im;
mod money;
mod tasks;
mod users;

pub use calendar::{Attendee, BusySlot, CalendarEvent, CalendarSection};
pub use crm::{Activity, Category, Company, Contact, Deal, DealContact, Lead, MultiField, Status};
pub use drive::{DriveFile, DriveFolder, DriveItem, Storage};
pub use im::{DialogMessages, Message};
pub use money::Money;
pub use tasks::{ChecklistItem, Task, TaskComment, TaskPriority, TaskStatus};
pub use users::{Department, User};
