//! Facteur's icons: small SVGs drawn in the theme's text colour (no icon font needed, so they
//! look the same on every system).

use crate::store::SpecialUse;
use std::sync::LazyLock;

use iced::widget::{Svg, svg};
use iced::{Length, Theme};

macro_rules! icons {
    ($($name:ident => $file:literal),* $(,)?) => {
        /// The icons Facteur draws.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Icon { $($name),* }

        fn bytes(icon: Icon) -> &'static [u8] {
            match icon {
                $(Icon::$name => include_bytes!(concat!("../../resources/icons/", $file)),)*
            }
        }
    };
}

icons! {
    Attachment => "attachment.svg",
    Inbox => "inbox.svg",
    AllInboxes => "all-inboxes.svg",
    Drafts => "drafts.svg",
    Sent => "sent.svg",
    Archive => "archive.svg",
    Junk => "junk.svg",
    Trash => "trash.svg",
    Folder => "folder.svg",
    Outbox => "outbox.svg",
    Write => "write.svg",
    Shield => "shield.svg",
    Reply => "reply.svg",
    ReplyAll => "reply-all.svg",
    Forward => "forward.svg",
    MailUnread => "mail-unread.svg",
    MailRead => "mail-read.svg",
    Star => "star.svg",
    StarFilled => "star-filled.svg",
    Edit => "edit.svg",
    Refresh => "refresh.svg",
    AddAccount => "add-account.svg",
    Settings => "settings.svg",
}

/// One handle per icon, made once (iced caches the rasterised image by handle).
static HANDLES: LazyLock<Vec<svg::Handle>> = LazyLock::new(|| {
    use Icon::*;
    [
        Attachment, Inbox, AllInboxes, Drafts, Sent, Archive, Junk, Trash, Folder, Outbox, Write,
        Shield, Reply, ReplyAll, Forward, MailUnread, MailRead, Star, StarFilled, Edit, Refresh,
        AddAccount, Settings,
    ]
    .into_iter()
    .map(|i| svg::Handle::from_memory(bytes(i)))
    .collect()
});

/// An icon of `size` pixels.
pub fn icon<'a>(icon: Icon, size: f32) -> Svg<'a> {
    svg(HANDLES[icon as usize].clone())
        .width(Length::Fixed(size))
        .height(Length::Fixed(size))
        .style(|theme: &Theme, _status| svg::Style {
            color: Some(
                theme
                    .extended_palette()
                    .background
                    .base
                    .text
                    .scale_alpha(0.75),
            ),
        })
}

/// A button showing an icon, its action named in a tooltip (and for screen readers, by the
/// tooltip's text); `None`: shown disabled.
pub fn button<'a, Message: Clone + 'a>(
    icon: Icon,
    label: String,
    on_press: Option<Message>,
) -> iced::Element<'a, Message> {
    use iced::widget::{button, container, text, tooltip};
    let b = button(self::icon(icon, 18.0))
        .padding([6, 8])
        .style(button::text)
        .on_press_maybe(on_press);
    tooltip(
        b,
        container(text(label).size(13))
            .padding([4, 8])
            .style(container::rounded_box),
        tooltip::Position::Bottom,
    )
    .gap(4)
    .into()
}

/// The icon of a folder by its special use.
pub fn folder(special_use: Option<SpecialUse>) -> Icon {
    match special_use {
        Some(SpecialUse::Inbox) => Icon::Inbox,
        Some(SpecialUse::Drafts) => Icon::Drafts,
        Some(SpecialUse::Sent) => Icon::Sent,
        Some(SpecialUse::Archive | SpecialUse::All) => Icon::Archive,
        Some(SpecialUse::Junk) => Icon::Junk,
        Some(SpecialUse::Trash) => Icon::Trash,
        Some(SpecialUse::Flagged) | None => Icon::Folder,
    }
}

/// The window's icon: the app icon (an envelope with a check mark, as in
/// `resources/icons/org.facteur.Facteur.svg`) drawn at 64×64 with 4×4 supersampling, so no
/// image decoder is needed.
pub fn window_icon() -> Option<iced::window::Icon> {
    const SIZE: usize = 64;
    const SAMPLES: usize = 4;
    // In the SVG's 128-unit space.
    let segment = |p: (f32, f32), a: (f32, f32), b: (f32, f32)| {
        let (dx, dy) = (b.0 - a.0, b.1 - a.1);
        let t = (((p.0 - a.0) * dx + (p.1 - a.1) * dy) / (dx * dx + dy * dy)).clamp(0.0, 1.0);
        let (x, y) = (a.0 + t * dx - p.0, a.1 + t * dy - p.1);
        (x * x + y * y).sqrt()
    };
    let colour = |x: f32, y: f32| -> Option<[f32; 3]> {
        let blue = [0.184, 0.435, 0.871];
        let white = [1.0, 1.0, 1.0];
        let yellow = [0.961, 0.706, 0.0];
        let circle = ((x - 100.0).powi(2) + (y - 92.0).powi(2)).sqrt();
        if circle <= 20.0 {
            let tick = segment((x, y), (92.0, 92.0), (98.0, 98.0)).min(segment(
                (x, y),
                (98.0, 98.0),
                (109.0, 86.0),
            ));
            return Some(if circle > 16.0 || tick <= 2.5 {
                white
            } else {
                yellow
            });
        }
        // The envelope: a rounded rectangle with a V.
        let (qx, qy) = ((x - 64.0).abs() - 44.0, (y - 64.0).abs() - 28.0);
        let outside = (qx.max(0.0).powi(2) + qy.max(0.0).powi(2)).sqrt() + qx.max(qy).min(0.0);
        if outside > 0.0 {
            return None;
        }
        let v = segment((x, y), (16.0, 34.0), (64.0, 70.0)).min(segment(
            (x, y),
            (64.0, 70.0),
            (112.0, 34.0),
        ));
        Some(if v <= 4.0 { white } else { blue })
    };
    let mut rgba = Vec::with_capacity(SIZE * SIZE * 4);
    for py in 0..SIZE {
        for px in 0..SIZE {
            let (mut sum, mut covered) = ([0.0f32; 3], 0usize);
            for sy in 0..SAMPLES {
                for sx in 0..SAMPLES {
                    let x = (px as f32 + (sx as f32 + 0.5) / SAMPLES as f32) * 128.0 / SIZE as f32;
                    let y = (py as f32 + (sy as f32 + 0.5) / SAMPLES as f32) * 128.0 / SIZE as f32;
                    if let Some(c) = colour(x, y) {
                        for (s, c) in sum.iter_mut().zip(c) {
                            *s += c;
                        }
                        covered += 1;
                    }
                }
            }
            let alpha = covered as f32 / (SAMPLES * SAMPLES) as f32;
            let div = covered.max(1) as f32;
            rgba.extend(sum.map(|s| (s / div * 255.0).round() as u8));
            rgba.push((alpha * 255.0).round() as u8);
        }
    }
    iced::window::icon::from_rgba(rgba, SIZE as u32, SIZE as u32).ok()
}
