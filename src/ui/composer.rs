//! The composer: From, To/Cc/Bcc with completion from known addresses, subject, the body
//! editor and attachments; drafts saved every few seconds and on close (through the engine's
//! `SaveDraft`, committed to the store before anything else); Send puts the message in the
//! outbox and shows its state until the server has it.

mod view;

use std::sync::Arc;

use iced::Task;
use iced::widget::text_editor;

use crate::engine::smtp::{OutboxStatus, Outgoing};
use crate::engine::{Command, DraftOp, Event, OutboxOp, RequestId, event::DraftState};
use crate::fl;
use crate::mime::compose::{self, ComposeError, address_of, split_addresses};
use crate::mime::{Attachment, Composed, Draft};
use crate::proto::MailError;

pub use view::{BCC, BODY, CC, SUBJECT, TO};

/// How often a changed draft is saved.
pub const AUTOSAVE: std::time::Duration = std::time::Duration::from_secs(3);
/// Completions offered at most.
const SUGGESTIONS: usize = 6;

/// An account the message can be sent from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    pub name: String,
    pub email: String,
}

impl std::fmt::Display for Identity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.name.is_empty() {
            f.write_str(&self.email)
        } else {
            write!(f, "{} <{}>", self.name, self.email)
        }
    }
}

/// Someone the user has written to or heard from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contact {
    pub name: String,
    pub email: String,
}

impl Contact {
    /// As it goes into an address field.
    pub fn entry(&self) -> String {
        if self.name.is_empty() {
            self.email.clone()
        } else if self
            .name
            .chars()
            .any(|c| matches!(c, ',' | ';' | '<' | '>' | '@' | '"'))
        {
            format!("\"{}\" <{}>", self.name.replace('"', ""), self.email)
        } else {
            format!("{} <{}>", self.name, self.email)
        }
    }
}

/// An address field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    To,
    Cc,
    Bcc,
}

/// Where the message is once Send was pressed.
#[derive(Debug, Clone, PartialEq)]
pub enum Sending {
    /// Being built.
    Preparing,
    /// In the outbox (`id` known from the engine's first report); `request` is what the
    /// engine answers if it cannot put the message there.
    Outbox {
        request: RequestId,
        message_id: String,
        id: Option<i64>,
        status: OutboxStatus,
    },
}

/// The composer's state.
#[derive(Debug)]
pub struct State {
    /// The draft's key in the store (see [`compose::new_draft_key`]).
    pub key: String,
    pub identities: Vec<Identity>,
    pub from: Identity,
    pub to: String,
    pub cc: String,
    pub bcc: String,
    pub show_bcc: bool,
    pub subject: String,
    pub body: text_editor::Content,
    pub attachments: Vec<Attachment>,
    pub forwarded: Vec<Vec<u8>>,
    in_reply_to: Option<String>,
    references: Vec<String>,
    /// Known people, each with its name and address in lower case (matched as the user types,
    /// so lowered once here rather than at every drawing).
    contacts: Vec<(Contact, String)>,
    /// The address field being typed in (its completions are shown).
    pub typing: Option<Field>,
    /// Changed since the last save.
    dirty: bool,
    /// The revision last committed to the store.
    pub saved: Option<i64>,
    pub sending: Option<Sending>,
    /// Why the last action did not work (in words in `view`).
    pub problem: Option<Problem>,
    /// The engine could not put the message in the outbox (it stays here, and so does its
    /// draft).
    pub not_queued: Option<MailError>,
}

/// What the composer's widgets and tasks say.
#[derive(Debug, Clone)]
pub enum Message {
    From(Identity),
    Address(Field, String),
    ShowBcc,
    Subject(String),
    Edit(text_editor::Action),
    Complete(Field, Contact),
    /// Enter in an address field: take the first completion offered.
    AcceptSuggestion(Field),
    Contacts(Arc<Vec<Contact>>),
    Attach,
    Attached(Vec<Result<Attachment, Problem>>),
    RemoveAttachment(usize),
    Autosave,
    Send,
    Composed(Result<Box<Composed>, Problem>),
    Retry,
    EditAgain,
    Close,
    Discard,
}

/// What the composer asks of the application.
pub enum Action {
    None,
    Engine(Vec<Command>),
    Run(Task<Message>),
    /// Ask the user for files to attach.
    PickFiles,
    /// The composer is done (closed, discarded or sent; `sent` says which), after these
    /// commands.
    Closed {
        commands: Vec<Command>,
        sent: bool,
    },
}

impl State {
    /// A composer for `draft` (from one of `identities`), under `key`; `saved` is its stored
    /// revision when it was reopened.
    pub fn new(identities: Vec<Identity>, key: String, draft: Draft, saved: Option<i64>) -> State {
        let from = identities
            .iter()
            .find(|i| crate::account::AccountId::of(&i.email).is(&draft.from))
            .or(identities.first())
            .cloned()
            .unwrap_or(Identity {
                name: draft.from_name.clone(),
                email: draft.from.clone(),
            });
        State {
            key,
            identities,
            from,
            show_bcc: !draft.bcc.is_empty(),
            to: join(&draft.to),
            cc: join(&draft.cc),
            bcc: join(&draft.bcc),
            subject: draft.subject,
            body: text_editor::Content::with_text(&draft.body),
            attachments: draft.attachments,
            forwarded: draft.forwarded,
            in_reply_to: draft.in_reply_to,
            references: draft.references,
            contacts: Vec::new(),
            typing: None,
            // A reply or forward is worth keeping from the start.
            dirty: saved.is_none(),
            saved,
            sending: None,
            problem: None,
            not_queued: None,
        }
    }

    /// The message as written.
    pub fn draft(&self) -> Draft {
        Draft {
            from_name: self.from.name.clone(),
            from: self.from.email.clone(),
            to: split_addresses(&self.to),
            cc: split_addresses(&self.cc),
            bcc: split_addresses(&self.bcc),
            subject: self.subject.clone(),
            body: self.body.text(),
            attachments: self.attachments.clone(),
            forwarded: self.forwarded.clone(),
            in_reply_to: self.in_reply_to.clone(),
            references: self.references.clone(),
        }
    }

    /// Nothing written at all.
    fn is_empty(&self) -> bool {
        self.to.trim().is_empty()
            && self.cc.trim().is_empty()
            && self.bcc.trim().is_empty()
            && self.subject.trim().is_empty()
            && self.body.text().trim().is_empty()
            && self.attachments.is_empty()
            && self.forwarded.is_empty()
    }

    /// Send was pressed and the message is not back in the user's hands.
    pub fn locked(&self) -> bool {
        match &self.sending {
            None => false,
            Some(Sending::Preparing) => true,
            Some(Sending::Outbox { status, .. }) => !matches!(status, OutboxStatus::Failed { .. }),
        }
    }

    /// Whether a save is due (for the autosave timer).
    pub fn needs_saving(&self) -> bool {
        self.dirty && self.sending.is_none()
    }

    /// Completions for the field being typed: known people whose name or address holds the
    /// last, unfinished entry.
    pub fn suggestions(&self) -> Vec<&Contact> {
        let Some(field) = self.typing else {
            return Vec::new();
        };
        let text = self.field(field);
        let last = text.rsplit([',', ';']).next().unwrap_or("").trim();
        if last.is_empty() || last.contains('<') {
            return Vec::new();
        }
        let needle = last.to_lowercase();
        let written: Vec<String> = split_addresses(text)
            .iter()
            .map(|a| address_of(a))
            .collect();
        self.contacts
            .iter()
            .filter(|(c, key)| {
                key.contains(&needle) && !written.iter().any(|w| w.eq_ignore_ascii_case(&c.email))
            })
            .map(|(c, _)| c)
            .take(SUGGESTIONS)
            .collect()
    }

    fn field(&self, field: Field) -> &str {
        match field {
            Field::To => &self.to,
            Field::Cc => &self.cc,
            Field::Bcc => &self.bcc,
        }
    }

    fn field_mut(&mut self, field: Field) -> &mut String {
        match field {
            Field::To => &mut self.to,
            Field::Cc => &mut self.cc,
            Field::Bcc => &mut self.bcc,
        }
    }

    fn changed(&mut self) {
        self.dirty = true;
        self.problem = None;
    }

    pub fn update(&mut self, message: Message) -> Action {
        if self.locked()
            && !matches!(
                message,
                Message::Composed(_)
                    | Message::Close
                    | Message::Contacts(_)
                    | Message::Autosave
                    | Message::Edit(text_editor::Action::Move(_) | text_editor::Action::Select(_))
            )
        {
            return Action::None;
        }
        match message {
            Message::From(identity) => {
                self.from = identity;
                self.changed();
            }
            Message::Address(field, text) => {
                *self.field_mut(field) = text;
                self.typing = Some(field);
                self.changed();
            }
            Message::ShowBcc => self.show_bcc = true,
            Message::Subject(text) => {
                self.subject = text;
                self.typing = None;
                self.changed();
            }
            Message::Edit(action) => {
                let edit = action.is_edit();
                self.body.perform(action);
                self.typing = None;
                if edit {
                    self.changed();
                }
            }
            Message::Complete(field, contact) => {
                let text = self.field_mut(field);
                let kept = match text.rfind([',', ';']) {
                    Some(i) => format!("{}, ", text[..i].trim_end()),
                    None => String::new(),
                };
                *text = format!("{kept}{}, ", contact.entry());
                self.changed();
                return Action::Run(iced::widget::operation::focus(match field {
                    Field::To => TO,
                    Field::Cc => CC,
                    Field::Bcc => BCC,
                }));
            }
            Message::AcceptSuggestion(field) => {
                if self.typing == Some(field)
                    && let Some(first) = self.suggestions().first().map(|c| (*c).clone())
                {
                    return self.update(Message::Complete(field, first));
                }
            }
            Message::Contacts(contacts) => {
                self.contacts = contacts
                    .iter()
                    .map(|c| {
                        let key = format!("{}\n{}", c.name, c.email).to_lowercase();
                        (c.clone(), key)
                    })
                    .collect();
            }
            Message::Attach => return Action::PickFiles,
            Message::Attached(files) => {
                for file in files {
                    match file {
                        Ok(a) => self.attachments.push(a),
                        Err(e) => self.problem = Some(e),
                    }
                }
                self.dirty = true;
            }
            Message::RemoveAttachment(i) => {
                if i < self.attachments.len() {
                    self.attachments.remove(i);
                    self.changed();
                }
            }
            Message::Autosave => return self.save(),
            Message::Send => return self.send(),
            Message::Composed(Ok(composed)) => {
                self.dirty = false;
                let request = RequestId::new();
                self.not_queued = None;
                self.sending = Some(Sending::Outbox {
                    request,
                    message_id: composed.message_id.clone(),
                    id: None,
                    status: OutboxStatus::Queued,
                });
                let outgoing = Outgoing::new(&self.from.email, *composed, Some(self.key.clone()));
                // The engine commits it to the outbox and deletes the draft in one go.
                return Action::Engine(vec![Command::send(request, outgoing)]);
            }
            Message::Composed(Err(reason)) => {
                self.sending = None;
                self.problem = Some(reason);
            }
            Message::Retry => {
                if let Some(Sending::Outbox {
                    id: Some(id),
                    status,
                    ..
                }) = &mut self.sending
                {
                    let id = *id;
                    *status = OutboxStatus::Queued;
                    return Action::Engine(vec![Command::on(
                        &self.from.email,
                        OutboxOp::Retry { id },
                    )]);
                }
            }
            Message::EditAgain => {
                if let Some(Sending::Outbox { id: Some(id), .. }) = self.sending.take() {
                    // Back to a draft: out of the outbox, saved again as a draft.
                    self.dirty = true;
                    let mut commands = vec![Command::on(&self.from.email, OutboxOp::Remove { id })];
                    if let Action::Engine(save) = self.save() {
                        commands.extend(save);
                    }
                    return Action::Engine(commands);
                }
            }
            Message::Close => return self.close(),
            Message::Discard => {
                return Action::Engine(vec![Command::on(
                    &self.from.email,
                    DraftOp::Delete {
                        key: self.key.clone(),
                    },
                )])
                .then_closed(false);
            }
        }
        Action::None
    }

    /// Commits the draft to the store (and so, later, to the server's Drafts folder).
    fn save(&mut self) -> Action {
        if !self.needs_saving() {
            return Action::None;
        }
        self.dirty = false;
        if self.is_empty() {
            return match self.saved {
                // Everything was erased: the old draft goes.
                Some(_) => {
                    self.saved = None;
                    Action::Engine(vec![Command::on(
                        &self.from.email,
                        DraftOp::Delete {
                            key: self.key.clone(),
                        },
                    )])
                }
                None => Action::None,
            };
        }
        Action::Engine(vec![Command::on(
            &self.from.email,
            DraftOp::Save {
                key: self.key.clone(),
                draft: Box::new(self.draft()),
            },
        )])
    }

    fn send(&mut self) -> Action {
        if self.sending.is_some() {
            return Action::None;
        }
        let draft = self.draft();
        if draft.to.is_empty() && draft.cc.is_empty() && draft.bcc.is_empty() {
            self.problem = Some(Problem::Compose(ComposeError::NoRecipient));
            return Action::Run(iced::widget::operation::focus(TO));
        }
        self.sending = Some(Sending::Preparing);
        self.problem = None;
        // Encoding big attachments takes a moment: off the window's thread.
        Action::Run(Task::perform(
            async move {
                tokio::task::spawn_blocking(move || compose::compose(&draft))
                    .await
                    .map_err(|e| Problem::Stopped(e.to_string()))?
                    .map_err(Problem::Compose)
            },
            |r| Message::Composed(r.map(Box::new)),
        ))
    }

    fn close(&mut self) -> Action {
        if self.sending.is_some() {
            // In the outbox (or being put there): it goes on without the window.
            return Action::Closed {
                commands: Vec::new(),
                sent: self.locked(),
            };
        }
        self.save().then_closed(false)
    }

    /// Engine news about this draft or this message.
    pub fn event(&mut self, event: &Event) -> Action {
        match event {
            Event::Draft { key, state, .. } if *key == self.key => match state {
                DraftState::Saved { revision } | DraftState::OnServer { revision } => {
                    if self.sending.is_none() {
                        self.saved = Some(*revision);
                    }
                }
                DraftState::Deleted => self.saved = None,
            },
            Event::Outbox {
                id: outbox_id,
                message_id: sent_id,
                status: new,
                ..
            } => {
                if let Some(Sending::Outbox {
                    message_id,
                    id,
                    status,
                    ..
                }) = &mut self.sending
                    && message_id == sent_id
                {
                    *id = Some(*outbox_id);
                    *status = new.clone();
                    match new {
                        OutboxStatus::Sent | OutboxStatus::Done => {
                            return Action::Closed {
                                commands: Vec::new(),
                                sent: true,
                            };
                        }
                        OutboxStatus::Removed => self.sending = None,
                        _ => {}
                    }
                }
            }
            Event::Failed {
                request: Some(failed),
                error,
                ..
            } if matches!(&self.sending, Some(Sending::Outbox { request, .. }) if request == failed) =>
            {
                self.sending = None;
                self.not_queued = Some(error.clone());
            }
            // The account's task stopped before the outbox said it had the message: it will
            // not answer, so the message stays here (its draft too) to be sent again.
            Event::AccountCrashed {
                account, reason, ..
            } if matches!(&self.sending, Some(Sending::Outbox { id: None, .. }))
                && account.is(&self.from.email) =>
            {
                self.sending = None;
                self.not_queued = Some(MailError::lost(reason.clone()));
            }
            _ => {}
        }
        Action::None
    }
}

impl Action {
    /// This action's commands, then the composer closes.
    fn then_closed(self, sent: bool) -> Action {
        let commands = match self {
            Action::Engine(commands) => commands,
            _ => Vec::new(),
        };
        Action::Closed { commands, sent }
    }
}

/// An address field's entries as one line.
fn join(entries: &[String]) -> String {
    entries.join(", ")
}

/// Why a message cannot be sent, in the user's language.
/// Why the composer cannot go on, kept as data and put into words when shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    Compose(ComposeError),
    /// An attachment over the size servers take.
    TooBig {
        file: String,
        size: u64,
    },
    /// A file that could not be read.
    AttachFailed {
        file: String,
        reason: String,
    },
    /// Preparing the message stopped short.
    Stopped(String),
    /// The `mailto:` link the message was opened from had parts that could not be used.
    Link(Vec<crate::desktop::mailto::Problem>),
}

impl Problem {
    pub fn text(&self) -> String {
        match self {
            Problem::Compose(ComposeError::BadAddress(address)) => {
                fl!("composer-bad-address", address = address.as_str())
            }
            Problem::Compose(ComposeError::NoRecipient) => fl!("composer-no-recipient"),
            Problem::Compose(ComposeError::Build(reason)) | Problem::Stopped(reason) => {
                fl!("composer-build-failed", reason = reason.as_str())
            }
            Problem::TooBig { file, size } => fl!(
                "composer-attachment-too-big",
                file = file.as_str(),
                size = crate::ui::format::size(*size as i64)
            ),
            Problem::AttachFailed { file, reason } => fl!(
                "composer-attach-failed",
                file = file.as_str(),
                reason = reason.as_str()
            ),
            Problem::Link(problems) => link_problems(problems),
        }
    }
}

/// What of a `mailto:` link was left out, in sentences.
fn link_problems(problems: &[crate::desktop::mailto::Problem]) -> String {
    use crate::desktop::mailto::Problem as P;
    let mut said: Vec<String> = Vec::new();
    let ignored: Vec<String> = problems
        .iter()
        .filter_map(|p| match p {
            P::Ignored(name) => Some(name.clone()),
            _ => None,
        })
        .collect();
    for p in problems {
        let sentence = match p {
            P::NotMailto => fl!("composer-link-not-mailto"),
            P::BadText | P::BadEscape => fl!("composer-link-unreadable"),
            P::BodyCut => fl!("composer-link-body-cut"),
            P::TooManyRecipients(count) => fl!("composer-link-too-many", count = (*count as i64)),
            P::Ignored(_) => continue,
        };
        if !said.contains(&sentence) {
            said.push(sentence);
        }
    }
    if !ignored.is_empty() {
        said.push(fl!(
            "composer-link-ignored",
            count = ignored.len(),
            fields = crate::i18n::format::and_list(&ignored)
        ));
    }
    said.join(" ")
}

#[cfg(test)]
mod tests;
