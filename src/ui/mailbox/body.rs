//! The body of the open message: laid out as its sender made it (HTML), or as text; the
//! pictures it may show; its attachments.

use iced::font::{Style as FontStyle, Weight};
use iced::widget::{button, column, container, image, rich_text, row, rule, space, span, text};
use iced::{Alignment, ContentFit, Element, Font, Length};

use super::{Message, State, reader};
use crate::fl;
use crate::mime::display::{Display, Span};
use crate::ui::format;
use crate::ui::icons::{self, Icon};
use crate::ui::style;

impl State {
    /// The body of message `id`: the laid-out HTML (with its switch to plain text, its
    /// pictures and trackers notice, a clicked link to confirm), or the text.
    pub(super) fn message_body<'a>(
        &'a self,
        id: i64,
        d: &'a Display,
        offer_remote_images: bool,
    ) -> Element<'a, Message> {
        let mut c = column![].spacing(10);
        let sheet = self.reader.sheet.as_ref().filter(|s| s.message == id);
        if d.html.is_some() {
            c = c.push(self.layout_bar(sheet));
        }
        if let Some(link) = &self.reader.confirm {
            c = c.push(confirm_view(link));
        }
        match sheet {
            Some(shown) if shown.is_shown() => {
                if let Some(images) = self.pictures_view(id, shown, offer_remote_images) {
                    c = c.push(images);
                }
                c = c.push(
                    shown
                        .view()
                        .map(|m| Message::Reader(reader::Message::Sheet(m))),
                );
                if shown.clipped() {
                    c = c.push(
                        container(
                            row![
                                text(fl!("reader-html-clipped"))
                                    .size(13)
                                    .width(Length::Fill),
                                button(text(fl!("reader-html-show-all")).size(13))
                                    .style(button::secondary)
                                    .on_press(Message::Reader(reader::Message::Sheet(
                                        super::sheet::Message::Whole
                                    ))),
                            ]
                            .spacing(10)
                            .align_y(Alignment::Center),
                        )
                        .padding(8)
                        .style(container::rounded_box),
                    );
                }
            }
            _ => {
                if let Some(said) = sheet.and_then(|s| s.fallback_text()) {
                    c = c.push(text(said).size(13).style(style::muted));
                }
                if let Some(images) = self.images_view(id, d, offer_remote_images) {
                    c = c.push(images);
                }
                c = c.push(text_view(d));
            }
        }
        if let Some(attachments) = attachments_view(d) {
            c = c.push(attachments);
        }
        c.into()
    }

    /// The switch between the sender's layout and the plain text, and the trackers told.
    fn layout_bar<'a>(&'a self, sheet: Option<&'a super::sheet::Shown>) -> Element<'a, Message> {
        let laid_out = sheet.is_some_and(|s| s.is_shown());
        let switch = if sheet.is_some() {
            button(text(fl!("reader-show-plain-text")).size(13))
                .style(button::secondary)
                .on_press(Message::Reader(reader::Message::PlainText(true)))
        } else {
            button(text(fl!("reader-show-original-layout")).size(13))
                .style(button::secondary)
                .on_press(Message::Reader(reader::Message::PlainText(false)))
        };
        let mut bar = row![].spacing(10).align_y(Alignment::Center);
        let trackers = sheet
            .and_then(|s| s.layout.as_ref())
            .map_or(0, |l| l.trackers);
        if laid_out && trackers > 0 {
            bar = bar.push(
                row![
                    icons::icon(Icon::Shield, 14.0),
                    text(fl!("reader-trackers-blocked", count = trackers))
                        .size(13)
                        .style(style::muted)
                ]
                .spacing(4)
                .align_y(Alignment::Center),
            );
        }
        bar = bar.push(space::horizontal());
        bar.push(switch).wrap().into()
    }

    /// The laid-out message's remote pictures: blocked with an offer, or loading.
    fn pictures_view(
        &self,
        id: i64,
        shown: &super::sheet::Shown,
        offer_remote_images: bool,
    ) -> Option<Element<'_, Message>> {
        let blocked = shown.layout.as_ref().map_or(0, |l| l.blocked.len());
        if blocked == 0 {
            return None;
        }
        let mut notice =
            column![text(fl!("mailbox-images-blocked", count = blocked)).size(13)].spacing(8);
        if offer_remote_images {
            let loading = self.reader.loading_images.is_some_and(|(i, _)| i == id);
            notice = notice.push(
                row![
                    button(text(if loading {
                        fl!("mailbox-images-loading")
                    } else {
                        fl!("mailbox-images-show")
                    }))
                    .style(button::secondary)
                    .on_press_maybe(
                        (!loading).then_some(Message::Reader(reader::Message::LoadImages)),
                    ),
                    button(text(fl!("reader-images-always")))
                        .style(button::text)
                        .on_press_maybe(
                            (!loading)
                                .then_some(Message::Reader(reader::Message::AlwaysShowPictures)),
                        ),
                ]
                .spacing(8)
                .wrap(),
            );
        }
        Some(
            container(notice)
                .padding(8)
                .width(Length::Fill)
                .style(container::rounded_box)
                .into(),
        )
    }

    /// Remote images: blocked, with an offer to show them; or shown, once the user asked.
    fn images_view(
        &self,
        id: i64,
        d: &Display,
        offer_remote_images: bool,
    ) -> Option<Element<'_, Message>> {
        // Trackers are never offered (nor loaded): they are not counted among the pictures.
        let blocked = d
            .remote_images
            .iter()
            .filter(|u| !crate::mime::html::privacy::is_tracker(u))
            .count();
        if blocked == 0 {
            return None;
        }
        if let Some((shown, handles)) = &self.reader.images
            && *shown == id
        {
            let mut c = column![
                text(fl!("mailbox-images-shown", count = handles.len()))
                    .size(13)
                    .style(style::muted)
            ]
            .spacing(8);
            for handle in handles {
                c = c.push(
                    container(image(handle.clone()).content_fit(ContentFit::ScaleDown))
                        .max_width(640),
                );
            }
            return Some(c.into());
        }
        let mut notice = row![
            text(fl!("mailbox-images-blocked", count = blocked))
                .size(13)
                .width(Length::Fill)
        ]
        .spacing(10)
        .align_y(Alignment::Center);
        if offer_remote_images {
            let loading = self.reader.loading_images.is_some_and(|(i, _)| i == id);
            notice = notice.push(
                button(text(if loading {
                    fl!("mailbox-images-loading")
                } else {
                    fl!("mailbox-images-show")
                }))
                .style(button::secondary)
                .on_press_maybe((!loading).then_some(Message::Reader(reader::Message::LoadImages))),
            );
        }
        Some(
            container(notice)
                .padding(8)
                .style(container::rounded_box)
                .into(),
        )
    }
}

/// A clicked link, with where it really goes, before it is opened; a warning when its text
/// names another site.
fn confirm_view(link: &crate::mime::html::LinkArea) -> Element<'_, Message> {
    let target = crate::mime::html::privacy::without_tracking(&link.href);
    let mut c = column![
        text(fl!("reader-link-goes-to")).size(13),
        text(target).size(13).font(Font::MONOSPACE),
    ]
    .spacing(6);
    if let Some(shown) = &link.disguised {
        let real = crate::mime::html::privacy::host(&link.href).unwrap_or_default();
        c = c.push(
            text(fl!(
                "reader-link-disguised",
                shown = shown.as_str(),
                real = real
            ))
            .size(13)
            .style(style::danger),
        );
    }
    c = c.push(
        row![
            button(text(fl!("reader-link-open")))
                .style(if link.disguised.is_some() {
                    button::danger
                } else {
                    button::primary
                })
                .on_press(Message::Reader(reader::Message::OpenLink(true))),
            button(text(fl!("reader-link-cancel")))
                .style(button::secondary)
                .on_press(Message::Reader(reader::Message::OpenLink(false))),
        ]
        .spacing(8),
    );
    container(c)
        .padding(10)
        .width(Length::Fill)
        .style(container::rounded_box)
        .into()
}

/// The message's text: the text part, or its HTML converted.
fn text_view(d: &Display) -> Element<'_, Message> {
    let mut c = column![].spacing(2);
    for line in &d.lines {
        if line.iter().all(|s| s.text.trim().is_empty()) {
            c = c.push(space::vertical().height(10));
            continue;
        }
        let spans: Vec<iced::widget::text::Span<'_, String>> = line.iter().map(span_view).collect();
        c = c.push(rich_text(spans).on_link_click(Message::OpenLink));
    }
    c.into()
}

/// The attachments under the body.
fn attachments_view(d: &Display) -> Option<Element<'_, Message>> {
    if d.attachments.is_empty() {
        return None;
    }
    let mut c = column![rule::horizontal(1)].spacing(4);
    {
        let mut heading =
            row![text(fl!("mailbox-attachments", count = d.attachments.len())).size(14)]
                .spacing(12)
                .align_y(Alignment::Center);
        if d.attachments.len() > 1 {
            heading = heading.push(
                button(text(fl!("mailbox-save-all")).size(13))
                    .style(button::secondary)
                    .on_press(Message::Reader(reader::Message::SaveAttachments(
                        d.attachments.iter().map(|a| a.part).collect(),
                    ))),
            );
        }
        c = c.push(heading);
        for a in &d.attachments {
            // The name shown is the name the file would be saved under: a disguise
            // (`invoice<U+202E>fdp.exe`) or a path shows as what it really is.
            let name = if a.name.is_empty() {
                fl!("mailbox-unnamed-attachment")
            } else {
                crate::mime::save::safe_file_name(&a.name)
            };
            c = c.push(
                row![
                    icons::icon(Icon::Attachment, 16.0),
                    text(name),
                    text(format::size(a.size as i64)).style(style::muted),
                    button(text(fl!("mailbox-save")).size(13))
                        .style(button::text)
                        .on_press(Message::Reader(reader::Message::SaveAttachments(vec![
                            a.part
                        ]))),
                ]
                .spacing(8)
                .align_y(Alignment::Center),
            );
        }
    }
    Some(c.into())
}

fn span_view(s: &Span) -> iced::widget::text::Span<'_, String> {
    let mut font = Font::DEFAULT;
    if s.strong {
        font.weight = Weight::Bold;
    }
    if s.emphasis {
        font.style = FontStyle::Italic;
    }
    if s.code {
        font = Font::MONOSPACE;
    }
    let mut out = span(s.text.as_str()).font(font);
    if let Some(link) = &s.link {
        out = out.link(link.clone()).underline(true);
    }
    out
}
