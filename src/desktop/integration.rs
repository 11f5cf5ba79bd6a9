//! Facteur's place in the session: the default app for email links (the `x-scheme-handler/
//! mailto` association, set and read with `xdg-mime` from xdg-utils, as every desktop reads
//! it), and starting at login (an XDG Autostart entry).
//!
//! Both need the desktop file: a packaged Facteur has it in `/usr/share/applications`; a
//! Facteur built from source writes its own to `$XDG_DATA_HOME/applications` when the user
//! asks for either, so the desktop can start it.

use std::path::{Path, PathBuf};

use super::instance::APP_ID;

/// The MIME type of `mailto:` links.
pub const MAILTO: &str = "x-scheme-handler/mailto";

/// What went wrong, put into words by the window.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DesktopError {
    /// `xdg-mime` is not installed.
    #[error("xdg-mime is missing (install xdg-utils)")]
    NoXdgMime,
    /// `xdg-mime` ran and failed: what it said.
    #[error("xdg-mime failed: {0}")]
    XdgMime(String),
    /// A file of the session could not be written: the OS's words.
    #[error("{path}: {reason}")]
    Write { path: String, reason: String },
}

/// The desktop file's name.
pub fn desktop_file_name() -> String {
    format!("{APP_ID}.desktop")
}

/// The session's folders (XDG base directories), read once from the environment or given
/// by a test.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Places {
    /// `$XDG_CONFIG_HOME` (`~/.config`): the autostart entry, the default apps.
    pub config_home: PathBuf,
    /// `$XDG_DATA_HOME` (`~/.local/share`): the user's own desktop files.
    pub data_home: PathBuf,
    /// `$XDG_DATA_DIRS`: the system's desktop files.
    pub data_dirs: Vec<PathBuf>,
}

impl Places {
    /// The session's, as the XDG Base Directory specification defines them; `None` without
    /// a home folder.
    pub fn from_env() -> Option<Places> {
        let var = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
        let home = var("HOME").map(PathBuf::from);
        let config_home = var("XDG_CONFIG_HOME")
            .map(PathBuf::from)
            .or_else(|| home.as_ref().map(|h| h.join(".config")))?;
        let data_home = var("XDG_DATA_HOME")
            .map(PathBuf::from)
            .or_else(|| home.as_ref().map(|h| h.join(".local/share")))?;
        let system = std::env::var("XDG_DATA_DIRS")
            .ok()
            .filter(|d| !d.is_empty())
            .unwrap_or_else(|| "/usr/local/share:/usr/share".into());
        Some(Places {
            config_home,
            data_home,
            data_dirs: system
                .split(':')
                .filter(|d| !d.is_empty())
                .map(PathBuf::from)
                .collect(),
        })
    }

    /// Where the desktop looks for desktop files, the user's own first.
    fn application_dirs(&self) -> impl Iterator<Item = PathBuf> + '_ {
        std::iter::once(&self.data_home)
            .chain(&self.data_dirs)
            .map(|d| d.join("applications"))
    }

    /// The installed desktop file, if there is one.
    pub fn installed_desktop_file(&self) -> Option<PathBuf> {
        self.application_dirs()
            .map(|d| d.join(desktop_file_name()))
            .find(|f| f.is_file())
    }

    /// The autostart entry's path.
    pub fn autostart_file(&self) -> PathBuf {
        self.config_home.join("autostart").join(desktop_file_name())
    }
}

/// A command line word quoted for a desktop file's `Exec` key.
fn exec_word(word: &str) -> String {
    if !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "/-_.+=:,@".contains(c))
    {
        return word.to_string();
    }
    let mut quoted = String::from("\"");
    for c in word.chars() {
        if matches!(c, '"' | '`' | '$' | '\\') {
            quoted.push('\\');
        }
        if c == '%' {
            quoted.push('%');
        }
        quoted.push(c);
    }
    quoted.push('"');
    quoted
}

/// This program, as a desktop file starts it (`facteur` where that is the one on the PATH).
fn this_program() -> String {
    let exe = std::env::current_exe().ok();
    let on_path = std::env::var_os("PATH").and_then(|path| {
        std::env::split_paths(&path)
            .map(|d| d.join("facteur"))
            .find(|p| p.is_file())
    });
    match (exe, on_path) {
        (Some(exe), Some(p)) if same_file(&exe, &p) => "facteur".into(),
        (Some(exe), _) => exec_word(&exe.to_string_lossy()),
        (None, _) => "facteur".into(),
    }
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

fn write(path: &Path, text: &str) -> Result<(), DesktopError> {
    let failed = |e: std::io::Error| DesktopError::Write {
        path: path.display().to_string(),
        reason: e.to_string(),
    };
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(failed)?;
    }
    let partial = path.with_extension("desktop.partial");
    std::fs::write(&partial, text).map_err(failed)?;
    std::fs::rename(&partial, path).map_err(failed)
}

/// The user's own desktop file for a Facteur that no package installed.
fn own_desktop_file() -> String {
    format!(
        "[Desktop Entry]\nType=Application\nName=Facteur\nComment=Read and send your mail\n\
         Exec={} %u\nIcon={APP_ID}\nTerminal=false\nCategories=Network;Email;\n\
         MimeType={MAILTO};\nStartupWMClass={APP_ID}\n",
        this_program()
    )
}

/// Makes sure the desktop can find Facteur's desktop file.
fn ensure_desktop_file(places: &Places) -> Result<(), DesktopError> {
    if places.installed_desktop_file().is_some() {
        return Ok(());
    }
    write(
        &places
            .data_home
            .join("applications")
            .join(desktop_file_name()),
        &own_desktop_file(),
    )
}

async fn xdg_mime(places: &Places, args: &[&str]) -> Result<String, DesktopError> {
    let data_dirs = std::env::join_paths(&places.data_dirs).unwrap_or_default();
    let output = tokio::process::Command::new("xdg-mime")
        .args(args)
        .env("XDG_CONFIG_HOME", &places.config_home)
        .env("XDG_DATA_HOME", &places.data_home)
        .env("XDG_DATA_DIRS", data_dirs)
        .output()
        .await
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => DesktopError::NoXdgMime,
            _ => DesktopError::XdgMime(e.to_string()),
        })?;
    if !output.status.success() {
        let said = String::from_utf8_lossy(&output.stderr).trim().to_string();
        return Err(DesktopError::XdgMime(if said.is_empty() {
            output.status.to_string()
        } else {
            said
        }));
    }
    Ok(String::from_utf8_lossy(&output.stdout).trim().to_string())
}

/// Whether email links open in Facteur.
pub async fn is_default_mail_app(places: &Places) -> Result<bool, DesktopError> {
    Ok(xdg_mime(places, &["query", "default", MAILTO]).await? == desktop_file_name())
}

/// Makes Facteur the app that email links open in.
pub async fn make_default_mail_app(places: &Places) -> Result<(), DesktopError> {
    ensure_desktop_file(places)?;
    xdg_mime(places, &["default", &desktop_file_name(), MAILTO]).await?;
    Ok(())
}

/// Whether Facteur starts when the user logs in.
pub fn starts_at_login(places: &Places) -> bool {
    std::fs::read_to_string(places.autostart_file()).is_ok_and(|text| {
        !text
            .lines()
            .any(|l| l.trim() == "Hidden=true" || l.trim() == "X-GNOME-Autostart-enabled=false")
    })
}

/// Starts Facteur at login (with its window closed), or no longer.
pub fn set_start_at_login(places: &Places, on: bool) -> Result<(), DesktopError> {
    let file = places.autostart_file();
    if !on {
        return match std::fs::remove_file(&file) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(DesktopError::Write {
                path: file.display().to_string(),
                reason: e.to_string(),
            }),
        };
    }
    write(
        &file,
        &format!(
            "[Desktop Entry]\nType=Application\nName=Facteur\n\
             Comment=Checks for mail in the background\nExec={} --background\n\
             Icon={APP_ID}\nTerminal=false\nNoDisplay=true\nX-GNOME-Autostart-enabled=true\n",
            this_program()
        ),
    )
}

/// The session's answers, read together for the settings panel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Standing {
    /// `Err`: could not be told (no xdg-mime).
    pub default_mail_app: Result<bool, DesktopError>,
    pub starts_at_login: bool,
}

/// Reads both.
pub async fn standing(places: Places) -> Standing {
    Standing {
        default_mail_app: is_default_mail_app(&places).await,
        starts_at_login: tokio::task::spawn_blocking(move || starts_at_login(&places))
            .await
            .unwrap_or(false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn places(dir: &Path) -> Places {
        Places {
            config_home: dir.join("config"),
            data_home: dir.join("data"),
            data_dirs: vec![dir.join("system")],
        }
    }

    #[tokio::test]
    async fn facteur_becomes_the_default_mail_app_with_xdg_mime() {
        let dir = tempfile::tempdir().unwrap();
        let places = places(dir.path());
        // Another app has email links (its desktop file installed, chosen with xdg-mime).
        let other = places.data_dirs[0].join("applications/other-mail.desktop");
        write(
            &other,
            "[Desktop Entry]\nType=Application\nName=Other\nExec=other %u\nMimeType=x-scheme-handler/mailto;\n",
        )
        .unwrap();
        xdg_mime(&places, &["default", "other-mail.desktop", MAILTO])
            .await
            .expect("xdg-mime (xdg-utils) is installed");
        assert_eq!(is_default_mail_app(&places).await, Ok(false));

        make_default_mail_app(&places).await.unwrap();
        assert_eq!(is_default_mail_app(&places).await, Ok(true));
        // Built from source, Facteur wrote its own desktop file for the desktop to start it.
        let own = places.installed_desktop_file().expect("a desktop file");
        assert!(own.starts_with(&places.data_home));
        let text = std::fs::read_to_string(own).unwrap();
        assert!(text.contains(" %u\n") && text.contains("MimeType=x-scheme-handler/mailto;"));
        let mimeapps = std::fs::read_to_string(places.config_home.join("mimeapps.list")).unwrap();
        assert!(mimeapps.contains("x-scheme-handler/mailto=org.facteur.Facteur.desktop"));
    }

    #[test]
    fn starting_at_login_is_an_autostart_entry_that_opens_no_window() {
        let dir = tempfile::tempdir().unwrap();
        let places = places(dir.path());
        assert!(!starts_at_login(&places));
        set_start_at_login(&places, true).unwrap();
        assert!(starts_at_login(&places));
        let entry = std::fs::read_to_string(places.autostart_file()).unwrap();
        assert!(entry.contains(" --background\n"), "{entry}");
        assert!(entry.starts_with("[Desktop Entry]\n"));
        set_start_at_login(&places, false).unwrap();
        assert!(!starts_at_login(&places));
        // Turned off by the desktop's own settings (Hidden=true): not on.
        write(&places.autostart_file(), "[Desktop Entry]\nHidden=true\n").unwrap();
        assert!(!starts_at_login(&places));
        // Off twice is fine.
        set_start_at_login(&places, false).unwrap();
        set_start_at_login(&places, false).unwrap();
    }

    #[test]
    fn exec_words_are_quoted_as_the_desktop_entry_spec_asks() {
        assert_eq!(exec_word("/usr/bin/facteur"), "/usr/bin/facteur");
        assert_eq!(
            exec_word("/home/marie/mes outils/facteur"),
            "\"/home/marie/mes outils/facteur\""
        );
        assert_eq!(exec_word("/opt/a$b\"c%d"), "\"/opt/a\\$b\\\"c%%d\"");
    }
}
