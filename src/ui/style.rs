//! Small shared styles.

use iced::Theme;
use iced::widget::text;

/// Secondary text: hints, sources, timestamps.
pub fn muted(theme: &Theme) -> text::Style {
    let palette = theme.extended_palette();
    text::Style {
        color: Some(palette.background.strong.text.scale_alpha(0.7)),
    }
}

/// Text that reports a failure.
pub fn danger(theme: &Theme) -> text::Style {
    text::Style {
        color: Some(theme.extended_palette().danger.base.color),
    }
}

/// A web address the user can open: the theme's primary colour, as links are drawn.
pub fn link(theme: &Theme) -> text::Style {
    text::Style {
        color: Some(theme.extended_palette().primary.strong.color),
    }
}
