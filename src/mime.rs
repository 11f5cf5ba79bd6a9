//! Mail as people write it: composing new messages, replies and forwards (with lettre's
//! builder), ready for the outbox.

pub mod compose;

pub use compose::{Attachment, ComposeError, Composed, Draft};
