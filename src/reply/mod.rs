//! Replies: what a handler answers, in blocks that know no channel, and the renderers that turn
//! them into each channel's markup.
//!
//! Handlers put already-localised strings into a [`Reply`]; every renderer escapes them, so text
//! from users or the portal (a deal called `<b>Acme & Co</b>`) is always shown, never obeyed.
//! Rendering is pure: no I/O, no clock.

mod button;
mod layout;
mod link;
mod markup;
mod model;
mod split;

pub mod bbcode;
pub mod html;
pub mod plain;

pub use button::{Button, ButtonError, MAX_ACTION_BYTES};
pub use model::{Attachment, Block, Field, Item, Reply, Tone};
pub use split::MIN_LIMIT;
