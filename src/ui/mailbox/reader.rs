//! The reader's own state: the open message, the download of its text and its remote images.
//!
//! Every wait here names the engine's request and ends with the answer, a failure
//! (`Event::Failed` with that request, or the account's task crashing), so the reader never
//! shows "downloading" for ever.

use std::path::PathBuf;

use iced::Task;

use super::sheet;
use crate::account::{AccountId, Preferences};
use crate::engine::{Command, MailOp, MessageAction, RequestId};
use crate::mime::html::{LinkArea, Look};
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
    /// The open message's HTML, laid out (none: plain text, or text-only mail).
    pub sheet: Option<sheet::Shown>,
    /// A link the user clicked, shown with its real target until they open it or not.
    pub confirm: Option<LinkArea>,
    /// The colours mail without its own is drawn in, and the window's scale factor.
    pub look: Look,
    pub scale: f32,
    /// The message whose HTML is being converted to text.
    converting: Option<i64>,
    /// The message whose recipients are all shown (not only the first).
    pub recipients_shown: Option<i64>,
    /// The remote pictures downloaded for a message, as the layout takes them.
    downloaded: Option<(i64, Vec<(String, crate::mime::html::Bytes)>)>,
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
    /// The laid-out HTML's own messages.
    Sheet(sheet::Message),
    /// Show this sender's mail as plain text (true) or as laid out (false), from now on.
    PlainText(bool),
    /// Show this sender's pictures from now on (and this message's now).
    AlwaysShowPictures,
    /// Open the clicked link (true) or not.
    OpenLink(bool),
    /// Show all the open message's recipients.
    ShowRecipients,
    /// Save changed preferences (after the reader's own work for them).
    Remember(Preferences),
    /// Send commands to the engine (after the reader's own work for them).
    Send(Vec<Command>),
    /// The text of message `id`'s HTML, converted off the UI thread.
    TextConverted(i64, Vec<crate::mime::display::Line>),
}

/// What the reader asks of the mailbox.
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
    Run(iced::Task<Message>),
    /// Open this address in the browser (the user saw it and agreed).
    OpenLink(String),
    /// The preferences changed (a choice remembered for a sender): apply and save them.
    Preferences(Preferences),
    /// Put this text on the clipboard (the selection in a laid-out message).
    Clipboard(String),
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
                Ok(Some(o)) => return self.opened(o, preferences),
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
                return self.load_images(preferences);
            }
            Message::SaveAttachments(parts) => {
                if let Some(o) = &self.opened {
                    return Action::SaveAttachments {
                        message_id: o.row.id,
                        parts,
                    };
                }
            }
            Message::Sheet(message) => {
                let Some(shown) = self.sheet.as_mut() else {
                    return Action::None;
                };
                return match shown.update(message) {
                    sheet::Action::None => Action::None,
                    sheet::Action::Run(task) => Action::Run(task.map(Message::Sheet)),
                    sheet::Action::Clicked(link) => {
                        self.confirm = Some(link);
                        Action::None
                    }
                    sheet::Action::Clipboard(text) => Action::Clipboard(text),
                };
            }
            Message::OpenLink(open) => {
                if let Some(link) = self.confirm.take()
                    && open
                {
                    return Action::OpenLink(crate::mime::html::privacy::without_tracking(
                        &link.href,
                    ));
                }
            }
            Message::PlainText(plain) => {
                let Some(sender) = self.sender() else {
                    return Action::None;
                };
                let mut changed = preferences.clone();
                if plain {
                    changed.plain_text_senders.insert(sender);
                } else {
                    changed.plain_text_senders.remove(&sender);
                }
                self.sheet = None;
                self.confirm = None;
                self.show_sheet(&changed, Vec::new());
                return Action::Preferences(changed);
            }
            Message::Remember(changed) => return Action::Preferences(changed),
            Message::ShowRecipients => {
                self.recipients_shown = self.opened.as_ref().map(|o| o.row.id);
            }
            Message::AlwaysShowPictures => {
                let Some(sender) = self.sender() else {
                    return Action::None;
                };
                let mut changed = preferences.clone();
                changed.picture_senders.insert(sender);
                let load = self.load_images(&changed);
                return match load {
                    Action::Engine(commands) => Action::Run(Task::batch([
                        Task::done(Message::Remember(changed)),
                        Task::done(Message::Send(commands)),
                    ])),
                    _ => Action::Preferences(changed),
                };
            }
            Message::Send(commands) => return Action::Engine(commands),
            Message::TextConverted(id, lines) => {
                if let Some(d) = self
                    .opened
                    .as_mut()
                    .filter(|o| o.row.id == id)
                    .and_then(|o| o.display.as_mut())
                {
                    d.lines = lines;
                    d.text_pending = false;
                }
                if self.converting == Some(id) {
                    self.converting = None;
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
            self.sheet = None;
            self.confirm = None;
        }
    }

    /// The open message left the list (deleted or moved).
    pub fn close(&mut self) {
        self.opened = None;
        self.sheet = None;
        self.confirm = None;
    }

    /// The message read from the store: ask the engine for its text if it is not here yet, and
    /// mark it read (once per opening).
    fn opened(&mut self, mut o: Box<Opened>, preferences: &Preferences) -> Action {
        let mark_read = preferences.mark_read_on_open;
        let id = o.row.id;
        let first = self.asked != Some(id);
        self.asked = Some(id);
        let mut commands = Vec::new();
        if first && o.display.is_none() {
            commands.push(self.fetch(&o));
        }
        let had_text = self
            .opened
            .as_ref()
            .is_some_and(|old| old.row.id == id && old.display.is_some());
        let unread = !o.row.flags.contains(Flags::SEEN);
        if mark_read {
            o.row.flags = o.row.flags.with(Flags::SEEN, true);
        }
        let flags = o.row.flags;
        let account = o.account.clone();
        let text_now = o.display.is_some() && !had_text;
        self.opened = Some(o);
        if text_now {
            self.show_sheet(preferences, Vec::new());
            // Pictures the user always allows for this sender come with the text.
            if self
                .sender()
                .is_some_and(|s| preferences.picture_senders.contains(&s))
                && let Action::Engine(load) = self.load_images(preferences)
            {
                commands.extend(load);
            }
        }
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

    /// Converts the open message's HTML to text off the UI thread, when the reader shows text
    /// (plain text chosen, or the layout failed) and it is not made yet.
    pub fn convert_text(&mut self) -> Option<Task<Message>> {
        let o = self.opened.as_ref()?;
        let d = o.display.as_ref()?;
        let shown = self
            .sheet
            .as_ref()
            .is_some_and(|s| s.message == o.row.id && s.is_shown());
        if !d.text_pending || shown || self.converting == Some(o.row.id) {
            return None;
        }
        let html = d.html.clone()?;
        let id = o.row.id;
        self.converting = Some(id);
        Some(Task::perform(
            async move {
                tokio::task::spawn_blocking(move || crate::mime::display::html_text(&html.html))
                    .await
                    .unwrap_or_default()
            },
            move |lines| Message::TextConverted(id, lines),
        ))
    }

    /// The conversion asked by [`Reader::convert_text`] was not started after all.
    pub fn conversion_dropped(&mut self) {
        self.converting = None;
    }

    /// The open message's sender, as choices are remembered for it.
    fn sender(&self) -> Option<String> {
        self.opened
            .as_ref()
            .map(|o| o.row.from_addr.trim().to_lowercase())
            .filter(|s| !s.is_empty())
    }

    /// Lays out the open message's HTML, unless it has none or its sender's mail is read as
    /// plain text; `allowed`: the remote pictures downloaded on the user's request.
    fn show_sheet(
        &mut self,
        preferences: &Preferences,
        allowed: Vec<(String, crate::mime::html::Bytes)>,
    ) {
        let Some(o) = &self.opened else {
            return;
        };
        let plain = self
            .sender()
            .is_some_and(|s| preferences.plain_text_senders.contains(&s));
        let Some(source) = o.display.as_ref().and_then(|d| d.html.as_ref()) else {
            self.sheet = None;
            return;
        };
        if plain {
            self.sheet = None;
            return;
        }
        self.sheet = Some(sheet::Shown::open(
            o.row.id, source, allowed, self.look, self.scale,
        ));
    }

    /// Asks the engine for the open message's remote pictures (those the layout left out,
    /// trackers never among them).
    fn load_images(&mut self, preferences: &Preferences) -> Action {
        let Some(o) = &self.opened else {
            return Action::None;
        };
        let urls = match self.sheet.as_ref().and_then(|s| s.layout.as_ref()) {
            Some(layout) => layout.blocked.clone(),
            None => o
                .display
                .as_ref()
                .map(|d| {
                    d.remote_images
                        .iter()
                        .filter(|u| !crate::mime::html::privacy::is_tracker(u))
                        .cloned()
                        .collect()
                })
                .unwrap_or_default(),
        };
        if !preferences.offer_remote_images || urls.is_empty() {
            return Action::None;
        }
        let request = RequestId::new();
        self.loading_images = Some((o.row.id, request));
        Action::Engine(vec![Command::LoadRemoteImages { request, urls }])
    }

    /// The look or scale changed (theme, window): the laid-out message is drawn again.
    pub fn restyle(&mut self, look: Look, scale: f32, preferences: &Preferences) {
        if self.look == look && self.scale == scale {
            return;
        }
        self.look = look;
        self.scale = scale;
        if self.sheet.is_some() {
            let allowed = self.allowed_images();
            self.show_sheet(preferences, allowed);
        }
    }

    /// The remote pictures downloaded for the open message, as the layout takes them.
    fn allowed_images(&self) -> Vec<(String, crate::mime::html::Bytes)> {
        match (&self.downloaded, &self.opened) {
            (Some((id, images)), Some(o)) if *id == o.row.id => images.clone(),
            _ => Vec::new(),
        }
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
        preferences: &Preferences,
    ) {
        if let Some((id, _)) = self.loading_images.filter(|(_, r)| *r == request) {
            self.loading_images = None;
            let allowed: Vec<(String, crate::mime::html::Bytes)> = images
                .iter()
                .map(|i| (i.url.clone(), i.data.clone().into()))
                .collect();
            self.downloaded = Some((id, allowed.clone()));
            if self.sheet.as_ref().is_some_and(|s| s.message == id) {
                // The layout draws them in place.
                self.show_sheet(preferences, allowed);
                return;
            }
            let handles = images
                .iter()
                .map(|i| iced::widget::image::Handle::from_bytes(i.data.clone()))
                .collect();
            self.images = Some((id, handles));
        }
    }
}
