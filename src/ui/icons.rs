//! Facteur's icons: small SVGs drawn in the theme's text colour (no icon font needed, so they
//! look the same on every system).

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
}

/// One handle per icon, made once (iced caches the rasterised image by handle).
static HANDLES: LazyLock<Vec<svg::Handle>> = LazyLock::new(|| {
    use Icon::*;
    [
        Attachment, Inbox, AllInboxes, Drafts, Sent, Archive, Junk, Trash, Folder,
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

/// The icon of a folder by its special use.
pub fn folder(special_use: &str) -> Icon {
    match special_use {
        "inbox" => Icon::Inbox,
        "drafts" => Icon::Drafts,
        "sent" => Icon::Sent,
        "archive" | "all" => Icon::Archive,
        "junk" => Icon::Junk,
        "trash" => Icon::Trash,
        _ => Icon::Folder,
    }
}
