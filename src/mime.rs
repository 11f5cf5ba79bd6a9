//! Mail as people write it: composing new messages, replies and forwards (with lettre's
//! builder), ready for the outbox.

pub mod compose;
pub mod display;
pub mod draft;
pub mod repair;
pub mod safe;
pub mod save;

pub use compose::{Attachment, ComposeError, Composed, Draft};
pub use draft::{draft_from_message, draft_message, draft_message_id};
