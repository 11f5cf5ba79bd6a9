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

/// A web address the user can open, in a link's blue that stays readable (WCAG AA, 4.5:1) on
/// the theme's background (the themes' own primary colours reach only 3–3.7:1 as text).
pub fn link(theme: &Theme) -> text::Style {
    text::Style {
        color: Some(if theme.extended_palette().is_dark {
            iced::Color::from_rgb8(0x8a, 0xb4, 0xf8)
        } else {
            iced::Color::from_rgb8(0x1a, 0x5f, 0xb4)
        }),
    }
}

/// The colours an HTML mail without colours of its own is drawn in: the theme's background,
/// text and link colours.
pub fn sheet_look(theme: &Theme) -> crate::mime::html::Look {
    let palette = theme.extended_palette();
    let rgb = |c: iced::Color| {
        let [r, g, b, _] = c.into_rgba8();
        [r, g, b]
    };
    crate::mime::html::Look {
        dark: palette.is_dark,
        background: rgb(palette.background.base.color),
        text: rgb(palette.background.base.text),
        link: rgb(link(theme).color.unwrap_or(palette.primary.base.color)),
    }
}

/// [`sheet_look`] of the light or the dark theme (for the command line's renderer).
pub fn sheet_look_for(dark: bool) -> crate::mime::html::Look {
    sheet_look(&if dark { Theme::Dark } else { Theme::Light })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// WCAG 2 relative luminance and contrast ratio.
    fn contrast(a: iced::Color, b: iced::Color) -> f32 {
        let lum = |c: iced::Color| {
            let f = |v: f32| {
                if v <= 0.03928 {
                    v / 12.92
                } else {
                    ((v + 0.055) / 1.055).powf(2.4)
                }
            };
            0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b)
        };
        let (x, y) = (lum(a), lum(b));
        (x.max(y) + 0.05) / (x.min(y) + 0.05)
    }

    #[test]
    fn links_are_readable_on_light_and_dark() {
        for theme in [Theme::Light, Theme::Dark] {
            let background = theme.extended_palette().background.base.color;
            let colour = link(&theme).color.unwrap();
            let ratio = contrast(colour, background);
            assert!(ratio >= 4.5, "{theme:?}: {ratio:.2}:1");
        }
    }
}
