//! The SMTP half of the engine: submission with lettre and the durable outbox.

pub mod outbox;
pub mod submit;

pub use outbox::{OutboxStatus, Outgoing};
pub use submit::Submission;
