//! The engine's news, as the mailbox takes it.

use super::*;

impl State {
    /// Engine news: reload what it may have changed.
    pub fn event(&mut self, event: &Event, preferences: &Preferences) -> Action {
        match event {
            Event::AccountState { account, state } => {
                self.states.insert(account.clone(), state.clone());
                if matches!(state, AccountState::Online | AccountState::Idle) {
                    self.notes.remove(account);
                }
            }
            Event::SyncProgress {
                account,
                folder,
                done,
                total,
            } => {
                self.notes.insert(
                    account.clone(),
                    Note::Progress {
                        folder: folder.clone(),
                        done: *done,
                        total: *total,
                    },
                );
                // The first messages show while the rest of the folder arrives.
                if !self.search.is_shown() && self.list.filling() {
                    return Action::Run(self.load_page(self.list.visible.0));
                }
            }
            Event::AccountError { account, error } => {
                self.notes
                    .insert(account.clone(), Note::Error(error.clone()));
            }
            Event::AccountCrashed {
                account,
                restart_in,
                reason,
            } => {
                self.notes.insert(
                    account.clone(),
                    Note::Crashed {
                        restart_in: *restart_in,
                    },
                );
                // The task that was downloading a text is gone: it will not answer.
                self.reader.account_crashed(account, reason);
            }
            Event::Push { account, state } => match state {
                PushState::Down { retry_in, reason } => {
                    if !matches!(self.notes.get(account), Some(Note::Error(_))) {
                        self.notes.insert(
                            account.clone(),
                            Note::PushDown {
                                retry_in: *retry_in,
                                reason: reason.clone(),
                            },
                        );
                    }
                }
                PushState::Listening | PushState::Polling => {
                    if matches!(self.notes.get(account), Some(Note::PushDown { .. })) {
                        self.notes.remove(account);
                    }
                }
            },
            Event::Failed {
                request: Some(request),
                error,
                ..
            } => {
                self.reader.failed(*request, error);
            }
            Event::FolderSynced { .. }
            | Event::SyncFinished { .. }
            | Event::FoldersChanged { .. }
            | Event::NewMail { .. }
            | Event::ActionFailed { .. } => {
                if let Event::SyncFinished { account } = event {
                    self.notes.remove(account);
                }
                let first = self.list.visible.0;
                return Action::Run(Task::batch([self.load_sidebar(), self.load_page(first)]));
            }
            Event::BodyReady { message_id, .. } if self.selected == Some(*message_id) => {
                self.reader.text_arrived();
                return Action::Run(self.read(*message_id));
            }
            Event::Outbox { .. } => return Action::Run(self.load_outbox()),
            Event::RemoteImages { request, images } => {
                self.reader.images_arrived(*request, images, preferences);
            }
            _ => {}
        }
        Action::None
    }
}
