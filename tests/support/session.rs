//! The desktop session the tests need: a D-Bus session bus with a Secret Service.

/// Panics with a clear message when no session bus is there (run the tests with
/// `scripts/test`, or wrap the command in `scripts/with-session`).
pub fn require_session_bus() {
    let address = std::env::var("DBUS_SESSION_BUS_ADDRESS").unwrap_or_default();
    assert!(
        !address.is_empty(),
        "this test needs a D-Bus session with an unlocked gnome-keyring: run it through \
         scripts/test or scripts/with-session cargo test"
    );
}
