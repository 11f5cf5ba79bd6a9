//! How the mailbox looks: sidebar, list, reader, status line.

use crate::store::SpecialUse;
use iced::font::Weight;
use iced::widget::{
    button, column, container, pick_list, row, rule, scrollable, space, text, text_input,
};
use iced::{Alignment, Element, Font, Length};

use super::{Act, Compose, Message, Selection, State, list, reader, search, settings};
use crate::fl;
use crate::store::{Flags, Folder, MessageRow};
use crate::ui::format;
use crate::ui::icons::{self, Icon};
use crate::ui::style;

/// The height of one row of the list, in pixels.
pub const ROW_HEIGHT: f32 = 44.0;
/// The search field's id.
pub const SEARCH: &str = "mailbox-search";
/// How many characters of a sender and of a subject fit on a row of the 400-pixel list
/// (the rest is cut with "…", so a long name never wraps over the next row).
const SENDER_CHARS: usize = 38;
const SUBJECT_CHARS: usize = 50;
/// Below this window width the mailbox is compact (an icon sidebar, icon actions).
const COMPACT_BELOW: f32 = 1000.0;
/// The message list's id (to scroll it).
pub const LIST: &str = "mailbox-list";

impl State {
    /// The mailbox; `accounts` are the app's account settings (for the settings panel).
    pub fn view<'a>(
        &'a self,
        accounts: &'a [crate::account::Account],
        preferences: &'a crate::account::Preferences,
    ) -> Element<'a, Message> {
        iced::widget::responsive(move |size| {
            self.laid_out(size.width < COMPACT_BELOW, accounts, preferences)
        })
        .into()
    }

    /// The mailbox at a width; `compact`: a narrow window, where the sidebar and the top
    /// bar's actions are icons (named in tooltips), so the reader keeps room.
    fn laid_out<'a>(
        &'a self,
        compact: bool,
        accounts: &'a [crate::account::Account],
        preferences: &'a crate::account::Preferences,
    ) -> Element<'a, Message> {
        let actions: Element<'a, Message> = if compact {
            row![
                icons::button(
                    Icon::Refresh,
                    fl!("mailbox-refresh"),
                    Some(Message::Refresh)
                ),
                icons::button(
                    Icon::AddAccount,
                    fl!("mailbox-add-account"),
                    Some(Message::AddAccount)
                ),
                icons::button(
                    Icon::Settings,
                    fl!("prefs-title"),
                    Some(Message::Settings(settings::Message::Toggle))
                ),
            ]
            .spacing(2)
            .into()
        } else {
            row![
                button(text(fl!("mailbox-refresh")))
                    .style(button::secondary)
                    .on_press(Message::Refresh),
                button(text(fl!("mailbox-add-account")))
                    .style(button::secondary)
                    .on_press(Message::AddAccount),
                button(text(fl!("prefs-title")))
                    .style(if self.settings.open {
                        button::primary
                    } else {
                        button::secondary
                    })
                    .on_press(Message::Settings(settings::Message::Toggle)),
            ]
            .spacing(10)
            .into()
        };
        let top = row![
            button(
                row![icons::icon(Icon::Write, 16.0), text(fl!("mailbox-write"))]
                    .spacing(6)
                    .align_y(Alignment::Center)
            )
            .style(button::primary)
            .on_press(Message::Compose(Compose::New)),
            text_input(&fl!("mailbox-search-placeholder"), &self.search.query)
                .id(SEARCH)
                .on_input(|q| Message::Search(search::Message::Query(q)))
                .width(Length::Fixed(if compact { 280.0 } else { 360.0 })),
            space::horizontal(),
            actions,
        ]
        .spacing(10)
        .padding(10)
        .align_y(Alignment::Center);
        let body = row![
            container(self.sidebar_view(compact)).width(Length::Fixed(if compact {
                56.0
            } else {
                230.0
            })),
            rule::vertical(1),
            container(self.list_view()).width(Length::Fixed(400.0)),
            rule::vertical(1),
            container(if self.settings.open {
                self.settings
                    .view(preferences, accounts)
                    .map(Message::Settings)
            } else if self.selection == Selection::Outbox {
                self.outbox.item_view().map(Message::Outbox)
            } else {
                self.reader_view(preferences.offer_remote_images)
            })
            .width(Length::Fill),
        ]
        .height(Length::Fill);
        column![
            top,
            rule::horizontal(1),
            body,
            rule::horizontal(1),
            self.status_view()
        ]
        .into()
    }

    /// Unread messages in every inbox (the unified inbox's count, the launcher's).
    pub fn inbox_unread(&self) -> i64 {
        self.sidebar
            .iter()
            .flat_map(|a| &a.folders)
            .filter(|f| f.special_use == Some(crate::store::SpecialUse::Inbox))
            .map(|f| f.unread)
            .sum()
    }

    /// The folder shown, by the name the sidebar gives it, and its unread count.
    pub fn shown_folder(&self) -> (String, i64) {
        match &self.selection {
            Selection::UnifiedInbox => (fl!("mailbox-unified-inbox"), self.inbox_unread()),
            Selection::Outbox => (fl!("folder-outbox"), 0),
            Selection::Folder { id, name, .. } => self
                .sidebar
                .iter()
                .flat_map(|a| &a.folders)
                .find(|f| f.id == *id)
                .map(|f| (folder_name(f), f.unread))
                .unwrap_or_else(|| (name.clone(), 0)),
        }
    }

    fn sidebar_view(&self, compact: bool) -> Element<'_, Message> {
        let unread = self.inbox_unread();
        let folder_button = |icon, name, unread, selected, on| {
            if compact {
                compact_folder_button(icon, name, unread, selected, on)
            } else {
                folder_button(icon, name, unread, selected, on)
            }
        };
        let mut c = column![folder_button(
            Icon::AllInboxes,
            fl!("mailbox-unified-inbox"),
            unread,
            self.selection == Selection::UnifiedInbox,
            Message::Select(Selection::UnifiedInbox),
        )]
        .spacing(2)
        .padding(8);
        if !self.outbox.entries.is_empty() || self.selection == Selection::Outbox {
            c = c.push(folder_button(
                Icon::Outbox,
                fl!("folder-outbox"),
                self.outbox.entries.len() as i64,
                self.selection == Selection::Outbox,
                Message::Select(Selection::Outbox),
            ));
        }
        for account in &self.sidebar {
            c = c.push(space::vertical().height(10));
            if compact {
                c = c.push(rule::horizontal(1));
            } else {
                c = c.push(text(account.email.clone()).size(13).style(style::muted));
            }
            for f in &account.folders {
                let selected =
                    matches!(&self.selection, Selection::Folder { id, .. } if *id == f.id);
                c = c.push(folder_button(
                    icons::folder(f.special_use),
                    folder_name(f),
                    f.unread,
                    selected,
                    Message::Select(Selection::Folder {
                        account: account.email.clone(),
                        id: f.id,
                        name: f.name.clone(),
                    }),
                ));
            }
        }
        scrollable(c).height(Length::Fill).into()
    }

    fn list_view(&self) -> Element<'_, Message> {
        if self.selection == Selection::Outbox && !self.search.is_shown() {
            return self.outbox.list_view(self.now).map(Message::Outbox);
        }
        if let Some(results) = &self.search.results {
            let mut c = column![
                row![
                    text(fl!("mailbox-results", count = results.len())).size(13),
                    space::horizontal(),
                    button(text(fl!("mailbox-clear-search")).size(13))
                        .style(button::text)
                        .on_press(Message::Search(search::Message::Clear)),
                ]
                .padding([4, 8])
                .align_y(Alignment::Center)
            ];
            if results.is_empty() {
                c = c.push(
                    container(text(fl!("mailbox-no-results")).style(style::muted)).padding(16),
                );
            }
            for r in results {
                c = c.push(self.row_view(r));
            }
            return scrollable(c).height(Length::Fill).into();
        }
        let total = self.list.total;
        if total == 0 {
            return container(text(fl!("mailbox-empty")).style(style::muted))
                .center(Length::Fill)
                .into();
        }
        // Only the rows in view (and a few around) are built; spaces stand for the rest.
        let (first, count) = self.list.visible;
        let from = first.saturating_sub(5).max(self.list.offset);
        let to = (first + count + 5)
            .min(self.list.offset + self.list.rows.len())
            .min(total);
        let mut c = column![];
        let above = from.min(total);
        c = c.push(space::vertical().height(above as f32 * ROW_HEIGHT));
        let mut built = above;
        if from < to {
            for r in &self.list.rows[from - self.list.offset..to - self.list.offset] {
                c = c.push(self.row_view(r));
                built += 1;
            }
        }
        c = c.push(space::vertical().height(total.saturating_sub(built) as f32 * ROW_HEIGHT));
        scrollable(c)
            .id(LIST)
            .height(Length::Fill)
            .on_scroll(|v| {
                Message::List(list::Message::Scrolled {
                    top: v.absolute_offset().y,
                    height: v.bounds().height,
                })
            })
            .into()
    }

    fn row_view<'a>(&self, r: &'a MessageRow) -> Element<'a, Message> {
        let unread = !r.flags.contains(Flags::SEEN);
        let weight = if unread { Weight::Bold } else { Weight::Normal };
        // Mail written by the user is listed by its recipients ("To: Paul, Sophie").
        let sender = match self.folder_use(r.folder_id) {
            Some(SpecialUse::Sent | SpecialUse::Drafts) => {
                fl!("mailbox-row-to", names = format::names(&r.to))
            }
            _ if r.from_name.is_empty() => r.from_addr.clone(),
            _ => r.from_name.clone(),
        };
        let mut marks = row![].spacing(4).align_y(Alignment::Center);
        if r.flags.contains(Flags::FLAGGED) {
            marks = marks.push(text("★").size(13).style(text::warning));
        }
        if r.has_attachments {
            marks = marks.push(icons::icon(Icon::Attachment, 14.0));
        }
        let subject = format::subject(&r.subject);
        // The subject, then as much of the message's first words as the line holds.
        let subject = format::ellipsized(&subject, SUBJECT_CHARS);
        let room = SUBJECT_CHARS.saturating_sub(subject.chars().count() + 3);
        let preview = crate::mime::safe::line(r.preview.trim());
        let mut second = row![text(subject).size(13).wrapping(text::Wrapping::None)].spacing(6);
        if room >= 8 && !preview.is_empty() {
            second = second.push(
                text(format::ellipsized(&preview, room))
                    .size(13)
                    .style(style::muted)
                    .wrapping(text::Wrapping::None),
            );
        }
        let content = column![
            row![
                text(format::ellipsized(&sender, SENDER_CHARS))
                    .size(14)
                    .font(Font {
                        weight,
                        ..Font::DEFAULT
                    })
                    .wrapping(text::Wrapping::None)
                    .width(Length::Fill),
                text(format::list_date(r.date, self.now))
                    .size(12)
                    .style(style::muted),
            ]
            .spacing(6),
            row![container(second).width(Length::Fill).clip(true), marks].spacing(6),
        ]
        .spacing(1);
        let selected = self.selected == Some(r.id);
        button(content)
            .width(Length::Fill)
            .height(Length::Fixed(ROW_HEIGHT))
            .padding([4, 10])
            .style(if selected {
                button::primary
            } else {
                button::text
            })
            .on_press(Message::Open(r.id))
            .into()
    }

    fn reader_view(&self, offer_remote_images: bool) -> Element<'_, Message> {
        let Some(opened) = &self.reader.opened else {
            let hint = if self.selected.is_some() {
                fl!("mailbox-loading")
            } else {
                fl!("mailbox-pick-message")
            };
            return container(text(hint).style(style::muted))
                .center(Length::Fill)
                .into();
        };
        let r = &opened.row;
        let read = r.flags.contains(Flags::SEEN);
        let flagged = r.flags.contains(Flags::FLAGGED);
        let id = r.id;
        let downloaded = opened.display.is_some();
        let write = |kind: Compose| downloaded.then_some(Message::Compose(kind));
        // One row of icons (named in tooltips) that stays above the message as it scrolls.
        let mut toolbar = row![
            icons::button(
                Icon::Reply,
                fl!("mailbox-reply"),
                write(Compose::Reply { id, all: false })
            ),
            icons::button(
                Icon::ReplyAll,
                fl!("mailbox-reply-all"),
                write(Compose::Reply { id, all: true })
            ),
            icons::button(
                Icon::Forward,
                fl!("mailbox-forward"),
                write(Compose::Forward(id))
            ),
            space::horizontal().width(Length::Fixed(10.0)),
            icons::button(
                if read {
                    Icon::MailUnread
                } else {
                    Icon::MailRead
                },
                if read {
                    fl!("mailbox-mark-unread")
                } else {
                    fl!("mailbox-mark-read")
                },
                Some(Message::Act(Act::ToggleRead))
            ),
            icons::button(
                if flagged {
                    Icon::StarFilled
                } else {
                    Icon::Star
                },
                if flagged {
                    fl!("mailbox-unflag")
                } else {
                    fl!("mailbox-flag")
                },
                Some(Message::Act(Act::ToggleFlag))
            ),
            icons::button(
                Icon::Trash,
                fl!("mailbox-delete"),
                Some(Message::Act(Act::Delete))
            ),
            pick_list(self.targets(), None::<super::Target>, Message::MoveTo)
                .placeholder(fl!("mailbox-move"))
                .text_size(13)
                .width(Length::Fixed(150.0)),
        ]
        .spacing(2)
        .align_y(Alignment::Center);
        if self.folder_use(r.folder_id) == Some(SpecialUse::Drafts) {
            toolbar = toolbar.push(
                button(
                    row![
                        icons::icon(Icon::Edit, 16.0),
                        text(fl!("mailbox-edit-draft"))
                    ]
                    .spacing(6)
                    .align_y(Alignment::Center),
                )
                .style(button::primary)
                .on_press_maybe(write(Compose::Continue(id))),
            );
        }
        let toolbar = container(toolbar.wrap().vertical_spacing(4))
            .padding([6, 12])
            .width(Length::Fill);
        let subject = format::subject(&r.subject);
        let mut c = column![text(subject).size(22)].spacing(8).padding(16);
        let from = if r.from_name.is_empty() {
            r.from_addr.clone()
        } else {
            format!("{} <{}>", r.from_name, r.from_addr)
        };
        c = c.push(header(fl!("mailbox-from"), from));
        let expanded = self.reader.recipients_shown == Some(r.id);
        if !r.to.is_empty() {
            c = c.push(recipients(fl!("mailbox-to"), &r.to, expanded));
        }
        if !r.cc.is_empty() {
            c = c.push(recipients(fl!("mailbox-cc"), &r.cc, expanded));
        }
        c = c.push(header(fl!("mailbox-date"), format::full_date(r.date)));
        c = c.push(rule::horizontal(1));
        match &opened.display {
            None => match &self.reader.download_failed {
                Some((id, error)) if *id == r.id => {
                    c = c.push(text(fl!(
                        "reader-download-failed",
                        reason = crate::i18n::mail_error_with_details(error)
                    )));
                    c = c.push(
                        button(text(fl!("reader-retry")))
                            .style(button::primary)
                            .on_press(Message::Reader(reader::Message::RetryDownload)),
                    );
                }
                _ => c = c.push(text(fl!("mailbox-downloading")).style(style::muted)),
            },
            Some(d) => c = c.push(self.message_body(r.id, d, offer_remote_images)),
        }
        column![
            toolbar,
            rule::horizontal(1),
            scrollable(c).height(Length::Fill)
        ]
        .into()
    }

    fn status_view(&self) -> Element<'_, Message> {
        let mut parts: Vec<String> = Vec::new();
        for account in &self.accounts {
            let key = crate::account::AccountId::of(account);
            let said = if let Some(note) = self.notes.get(&key) {
                note.text()
            } else if let Some(state) = self.states.get(&key) {
                crate::i18n::mail::state_text(state)
            } else {
                continue;
            };
            parts.push(fl!(
                "mailbox-account-status",
                account = account.as_str(),
                status = said
            ));
        }
        if let Some(notice) = &self.notice {
            parts.push(notice.text());
        }
        // The link under the pointer in a laid-out message: where it really goes.
        if let Some(link) = self.reader.sheet.as_ref().and_then(|s| s.hovered.as_ref()) {
            parts.insert(0, crate::mime::html::privacy::without_tracking(&link.href));
        }
        if let Some(e) = &self.error {
            parts.push(e.text());
        }
        let total = if self.search.is_shown() {
            String::new()
        } else if self.selection == Selection::Outbox {
            fl!("mailbox-count", count = self.outbox.entries.len())
        } else {
            fl!("mailbox-count", count = self.list.total)
        };
        // Each part its own text, so each can be read (and found) on its own.
        let mut line = row![].spacing(6).width(Length::Fill);
        for (i, part) in parts.into_iter().enumerate() {
            if i > 0 {
                line = line.push(text("·").size(12).style(style::muted));
            }
            line = line.push(text(part).size(12));
        }
        row![line, text(total).size(12).style(style::muted)]
            .padding([4, 10])
            .into()
    }
}

/// How many recipients a header shows before "and N others".
const RECIPIENTS_SHOWN: usize = 2;

/// A To or Cc header: its first recipients, the others behind "and N others" (a click shows
/// them all).
fn recipients<'a>(label: String, list: &str, expanded: bool) -> Element<'a, Message> {
    let all = crate::mime::compose::split_addresses(list);
    if expanded || all.len() <= RECIPIENTS_SHOWN + 1 {
        return header(label, list.to_string());
    }
    let shown = all[..RECIPIENTS_SHOWN].join(", ");
    row![
        text(label)
            .size(13)
            .style(style::muted)
            .width(Length::Fixed(70.0)),
        text(shown).size(13),
        button(
            text(fl!(
                "mailbox-and-others",
                count = ((all.len() - RECIPIENTS_SHOWN) as i64)
            ))
            .size(13)
        )
        .padding(0)
        .style(button::text)
        .on_press(Message::Reader(reader::Message::ShowRecipients)),
    ]
    .spacing(6)
    .wrap()
    .into()
}

fn header<'a>(label: String, value: String) -> Element<'a, Message> {
    row![
        text(label)
            .size(13)
            .style(style::muted)
            .width(Length::Fixed(70.0)),
        text(value).size(13)
    ]
    .spacing(6)
    .into()
}

/// A folder in the narrow window's sidebar: its icon (its name in a tooltip), a dot when it
/// holds unread mail.
fn compact_folder_button<'a>(
    icon: Icon,
    name: String,
    unread: i64,
    selected: bool,
    on: Message,
) -> Element<'a, Message> {
    let mut content =
        iced::widget::stack![container(icons::icon(icon, 18.0)).center(Length::Fixed(24.0))];
    if unread > 0 {
        content = content.push(
            container(
                container(space().width(7).height(7)).style(|theme: &iced::Theme| {
                    container::Style::default()
                        .background(theme.extended_palette().primary.base.color)
                        .border(iced::border::rounded(4))
                }),
            )
            .align_right(Length::Fixed(24.0))
            .align_top(Length::Fixed(24.0)),
        );
    }
    let name = if unread > 0 {
        format!("{name} ({unread})")
    } else {
        name
    };
    iced::widget::tooltip(
        button(content)
            .padding(6)
            .style(if selected {
                button::primary
            } else {
                button::text
            })
            .on_press(on),
        container(text(name).size(13))
            .padding([4, 8])
            .style(container::rounded_box),
        iced::widget::tooltip::Position::Right,
    )
    .into()
}

fn folder_button<'a>(
    icon: Icon,
    name: String,
    unread: i64,
    selected: bool,
    on: Message,
) -> Element<'a, Message> {
    let mut r = row![icons::icon(icon, 16.0), text(name).width(Length::Fill)]
        .spacing(8)
        .align_y(Alignment::Center);
    if unread > 0 {
        r = r.push(text(unread.to_string()).size(12));
    }
    button(r)
        .width(Length::Fill)
        .padding([5, 8])
        .style(if selected {
            button::primary
        } else {
            button::text
        })
        .on_press(on)
        .into()
}

/// A folder's name; special folders in the user's language.
pub fn folder_name(f: &Folder) -> String {
    match f.special_use {
        Some(SpecialUse::Inbox) => fl!("folder-inbox"),
        Some(SpecialUse::Drafts) => fl!("folder-drafts"),
        Some(SpecialUse::Sent) => fl!("folder-sent"),
        Some(SpecialUse::Archive) => fl!("folder-archive"),
        Some(SpecialUse::Junk) => fl!("folder-junk"),
        Some(SpecialUse::Trash) => fl!("folder-trash"),
        Some(SpecialUse::All | SpecialUse::Flagged) | None => f
            .name
            .rsplit(f.delimiter.as_str())
            .next()
            .unwrap_or(&f.name)
            .to_string(),
    }
}
