//! The SMTP half of the engine: submission with lettre and the durable outbox.

pub mod outbox;

pub use outbox::{OutboxStatus, Outgoing};
