//! The system's file dialogs, behind a small trait so tests can answer them.
//!
//! [`System`] asks the desktop through rfd's XDG portal backend (no GTK in the process); a test
//! gives the [`Profile`](super::Profile) its own [`Dialogs`] that answers at once.

use std::path::PathBuf;
use std::sync::Arc;

use iced::futures::future::BoxFuture;

/// Asks the user to choose files or a folder. `None` / empty: the user cancelled.
pub trait Dialogs: Send + Sync + 'static {
    /// Files to attach.
    fn pick_files(&self, title: String) -> BoxFuture<'static, Vec<PathBuf>>;
    /// The folder to save attachments in.
    fn pick_folder(&self, title: String) -> BoxFuture<'static, Option<PathBuf>>;
}

/// The desktop's own dialogs (XDG desktop portal).
#[derive(Debug, Clone, Copy, Default)]
pub struct System;

impl Dialogs for System {
    fn pick_files(&self, title: String) -> BoxFuture<'static, Vec<PathBuf>> {
        Box::pin(async move {
            rfd::AsyncFileDialog::new()
                .set_title(title)
                .pick_files()
                .await
                .unwrap_or_default()
                .into_iter()
                .map(|f| f.path().to_path_buf())
                .collect()
        })
    }

    fn pick_folder(&self, title: String) -> BoxFuture<'static, Option<PathBuf>> {
        Box::pin(async move {
            rfd::AsyncFileDialog::new()
                .set_title(title)
                .pick_folder()
                .await
                .map(|f| f.path().to_path_buf())
        })
    }
}

/// The dialogs a profile uses, shareable.
pub type Shared = Arc<dyn Dialogs>;

/// The system's dialogs.
pub fn system() -> Shared {
    Arc::new(System)
}
