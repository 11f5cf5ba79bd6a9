//! The unread count on the app's launcher icon: the `com.canonical.Unity.LauncherEntry`
//! signal, which GNOME's Dash to Dock and Ubuntu Dock, KDE's task manager, Plank and others
//! read. A signal on the session bus, so a desktop that does not listen loses nothing.

use std::collections::HashMap;

use zbus::Variant;

/// The interface the docks listen to.
pub const INTERFACE: &str = "com.canonical.Unity.LauncherEntry";

/// The object the signal comes from (any path will do; this one names the app).
pub const PATH: &str = "/com/canonical/unity/launcherentry/facteur";

/// The launcher the count is for: the desktop file's id.
pub fn app_uri() -> String {
    format!("application://{}.desktop", super::instance::APP_ID)
}

/// Shows `count` on the launcher (hidden at 0).
pub async fn set_count(connection: &zbus::Connection, count: i64) -> zbus::Result<()> {
    let mut properties: HashMap<&str, Variant<'_>> = HashMap::new();
    properties.insert("count", Variant::from(count));
    properties.insert("count-visible", Variant::from(count > 0));
    connection
        .emit_signal(
            None::<&str>,
            PATH,
            INTERFACE,
            "Update",
            &(app_uri(), properties),
        )
        .await
}
