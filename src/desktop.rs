//! Facteur on the Linux desktop: `mailto:` links, one running instance on the session bus,
//! the launcher's unread count, starting at login and being the default mail app.
//!
//! Below the window (`ui`) and above the engine: nothing here draws, and nothing here reads
//! the store.

pub mod instance;
pub mod integration;
pub mod launcher;
pub mod mailto;

use std::sync::atomic::{AtomicBool, Ordering};

/// Whether the session shows notifications (a notification service runs or can be started),
/// as [`instance::start`] found it; false until then, and without a bus.
static NOTIFICATIONS_SHOWN: AtomicBool = AtomicBool::new(false);

pub(crate) fn set_notifications_shown(shown: bool) {
    NOTIFICATIONS_SHOWN.store(shown, Ordering::Relaxed);
}

/// Whether closing the window leaves Facteur running: the user's choice, else yes where the
/// desktop shows notifications (mail found with the window closed can then be announced).
pub fn keeps_running(preferences: &crate::account::Preferences) -> bool {
    preferences
        .keep_running
        .unwrap_or_else(|| NOTIFICATIONS_SHOWN.load(Ordering::Relaxed))
}
