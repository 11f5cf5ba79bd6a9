//! The reader's own state: the open message, the download of its text and its remote images.
//!
//! Every wait here names the engine's request and ends with the answer, a failure
//! (`Event::Failed` with that request, or the account's task crashing), so the reader never
//! shows "downloading" for ever.

use std::path::PathBuf;

use crate::account::{AccountId, Preferences};
use crate::engine::{Command, MailOp, MessageAction, RequestId};
use crate::proto::MailError;
use crate::store::Flags;
use crate::ui::library::Opened;

/// The open message and what is being fetched for it.
#[derive(Debug, Clone, Default)]
pub struct Reader {
    pub opened: Option<Box<Opened>>,
    /// The message whose text and read mark were asked for (once per opening).
    asked: Option<i64>,
    /// The message whose text the engine is downloading, and the request it will answer.
    pub fetching: Option<(i64, RequestId)>,
    /// Why the text of a message could not be downloaded (the reader says so, with Retry).
    pub download_failed: Option<(i64, MailError)>,
    /// The message whose remote images are being downloaded, and the engine's request.
    pub loading_images: Option<(i64, RequestId)>,
    /// The remote images loaded for a message, on the user's request.
    pub images: Option<(i64, Vec<iced::widget::image::Handle>)>,
}

/// What the reader's widgets and tasks say.
#[derive(Debug, Clone)]
pub enum Message {
    /// The store's answer for the message `id` (its text may not be there yet).
    Opened(i64, Result<Option<Box<Opened>>, crate::ui::Failure>),
    /// Ask again for the text of the open message, whose download failed.
    RetryDownload,
    /// Show the open message's remote images (the user asked).
    LoadImages,
    /// Save one attachment (its part in the message) or all of them.
    SaveAttachments(Vec<usize>),
    /// The outcome of a save: the files written, or why not.
    AttachmentsSaved(Result<Vec<PathBuf>, crate::ui::Failure>),
}

/// What the reader asks of the mailbox.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    None,
    Engine(Vec<Command>),
    /// The message was marked read on opening (with these commands): the list shows it.
    MarkedRead {
        id: i64,
        flags: Flags,
        commands: Vec<Command>,
    },
    /// Ask for a folder and save these parts of this message there.
    SaveAttachments {
        message_id: i64,
        parts: Vec<usize>,
    },
    /// What a save of attachments did, for the status line.
    Saved(Saved),
    /// The store could not be read.
    Failed(crate::ui::Failure),
}

/// What the last save of attachments did, shown in the status line (in words in `view`).
#[derive(Debug, Clone, PartialEq)]
pub enum Saved {
    Files(Vec<PathBuf>),
    Failed(crate::ui::Failure),
}

impl Saved {
    pub fn text(&self) -> String {
        match self {
            Saved::Files(files) => match files.as_slice() {
                [one] => crate::fl!("mailbox-attachment-saved", path = one.display().to_string()),
                _ => crate::fl!(
                    "mailbox-attachments-saved",
                    count = files.len(),
                    folder = files
                        .first()
                        .and_then(|f| f.parent())
                        .map(|p| p.display().to_string())
                        .unwrap_or_default()
                ),
            },
            Saved::Failed(reason) => {
                crate::fl!("mailbox-attachments-not-saved", reason = reason.text())
            }
        }
    }
}

impl Reader {
    pub fn update(&mut self, message: Message, preferences: &Preferences) -> Action {
        match message {
            Message::Opened(id, result) => match result {
                // A read that started before the text arrived must not hide it again.
                Ok(Some(o))
                    if o.display.is_none()
                        && self
                            .opened
                            .as_ref()
                            .is_some_and(|old| old.row.id == id && old.display.is_some()) => {}
                Ok(Some(o)) => return self.opened(o, preferences.mark_read_on_open),
                Ok(None) => self.opened = None,
                Err(e) => return Action::Failed(e),
            },
            Message::RetryDownload => {
                if let Some(o) = self.opened.clone()
                    && o.display.is_none()
                {
                    return Action::Engine(vec![self.fetch(&o)]);
                }
            }
            Message::LoadImages => {
                let Some(o) = &self.opened else {
                    return Action::None;
                };
                let urls = o
                    .display
                    .as_ref()
                    .map(|d| d.remote_images.clone())
                    .unwrap_or_default();
                if !preferences.offer_remote_images || urls.is_empty() {
                    return Action::None;
                }
                let request = RequestId::new();
                self.loading_images = Some((o.row.id, request));
                return Action::Engine(vec![Command::LoadRemoteImages { request, urls }]);
            }
            Message::SaveAttachments(parts) => {
                if let Some(o) = &self.opened {
                    return Action::SaveAttachments {
                        message_id: o.row.id,
                        parts,
                    };
                }
            }
            Message::AttachmentsSaved(result) => {
                return match result {
                    Ok(files) if files.is_empty() => Action::None,
                    Ok(files) => Action::Saved(Saved::Files(files)),
                    Err(e) => Action::Saved(Saved::Failed(e)),
                };
            }
        }
        Action::None
    }

    /// The message `id` is chosen: another one open is put away.
    pub fn choose(&mut self, id: i64) {
        if self.opened.as_ref().is_none_or(|o| o.row.id != id) {
            self.opened = None;
            self.asked = None;
        }
    }

    /// The open message left the list (deleted or moved).
    pub fn close(&mut self) {
        self.opened = None;
    }

    /// The message read from the store: ask the engine for its text if it is not here yet, and
    /// mark it read (once per opening).
    fn opened(&mut self, mut o: Box<Opened>, mark_read: bool) -> Action {
        let id = o.row.id;
        let first = self.asked != Some(id);
        self.asked = Some(id);
        let mut commands = Vec::new();
        if first && o.display.is_none() {
            commands.push(self.fetch(&o));
        }
        let unread = !o.row.flags.contains(Flags::SEEN);
        if mark_read {
            o.row.flags = o.row.flags.with(Flags::SEEN, true);
        }
        let flags = o.row.flags;
        let account = o.account.clone();
        self.opened = Some(o);
        if first && mark_read && unread {
            commands.push(Command::on(
                &account,
                MailOp::Act {
                    message_ids: vec![id],
                    action: MessageAction::MarkRead(true),
                },
            ));
            return Action::MarkedRead {
                id,
                flags,
                commands,
            };
        }
        Action::Engine(commands)
    }

    /// Shows a change of the message's flags at once.
    pub fn set_flags(&mut self, id: i64, flags: Flags) {
        if let Some(o) = self.opened.as_mut().filter(|o| o.row.id == id) {
            o.row.flags = flags;
        }
    }

    /// Asks the engine for a message's text; its answer (or failure) names this request.
    fn fetch(&mut self, o: &Opened) -> Command {
        let request = RequestId::new();
        self.fetching = Some((o.row.id, request));
        self.download_failed = None;
        Command::on(
            &o.account,
            MailOp::FetchBody {
                request,
                message_id: o.row.id,
            },
        )
    }

    /// The text of the message arrived in the store.
    pub fn text_arrived(&mut self) {
        self.fetching = None;
        self.download_failed = None;
    }

    /// A request failed: the download or the images it was for end.
    pub fn failed(&mut self, request: RequestId, error: &MailError) {
        if let Some((id, _)) = self.fetching.filter(|(_, r)| *r == request) {
            self.fetching = None;
            self.download_failed = Some((id, error.clone()));
        }
        if self.loading_images.is_some_and(|(_, r)| r == request) {
            self.loading_images = None;
        }
    }

    /// The account's task crashed: the download it was doing will not be answered.
    pub fn account_crashed(&mut self, account: &AccountId, reason: &str) {
        if let Some((id, _)) = self.fetching
            && self
                .opened
                .as_ref()
                .is_some_and(|o| o.row.id == id && account.is(&o.account))
        {
            self.fetching = None;
            self.download_failed = Some((id, MailError::lost(reason.to_string())));
        }
    }

    /// The remote images the engine downloaded for `request`.
    pub fn images_arrived(
        &mut self,
        request: RequestId,
        images: &[crate::engine::remote::RemoteImage],
    ) {
        if let Some((id, _)) = self.loading_images.filter(|(_, r)| *r == request) {
            self.loading_images = None;
            let handles = images
                .iter()
                .map(|i| iced::widget::image::Handle::from_bytes(i.data.clone()))
                .collect();
            self.images = Some((id, handles));
        }
    }
}
