//! Text from a message made safe to show, in one place: what a sender wrote must not drive a
//! terminal (escape sequences can clear the screen, set the window title, write the clipboard
//! with OSC 52 or hide text), forge lines (a CR/LF decoded from an encoded word), or disguise
//! itself (`invoice<U+202E>fdp.exe` reads "invoiceexe.pdf").
//!
//! Control characters become the visible symbols Unicode made for them (`␛` for ESC), C1
//! controls (which terminals also obey: `\x9b` is CSI) the replacement character, and the
//! invisible characters that reorder or hide text (bidirectional controls, zero-width marks)
//! are removed.

/// Characters that change how text reads without being seen: bidirectional embeddings,
/// overrides and isolates, direction marks, zero-width spaces and joiners, the word joiner and
/// invisible operators, the byte order mark, the Mongolian vowel separator.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{061c}'
            | '\u{180e}'
            | '\u{200b}'..='\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{feff}'
    )
}

fn visible(c: char) -> Option<char> {
    match c {
        c if is_invisible(c) => None,
        '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + c as u32),
        '\u{7f}' => Some('\u{2421}'),
        '\u{80}'..='\u{9f}' => Some('\u{fffd}'),
        c => Some(c),
    }
}

/// One line (a subject, a name, an address list, a file name as shown): every control made
/// visible, line breaks and tabs as spaces, invisible characters removed.
pub fn line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\r' | '\n' | '\t' => {
                if !out.ends_with(' ') {
                    out.push(' ');
                }
            }
            c => out.extend(visible(c)),
        }
    }
    out
}

/// Text of several lines (a message's body for a terminal): as [`line`], but line breaks and
/// tabs kept (a CR only at a line's end, where it belongs to the CRLF).
pub fn text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' | '\t' => out.push(c),
            '\r' if chars.peek() == Some(&'\n') => {}
            c => out.extend(visible(c)),
        }
    }
    out
}

/// Whether `text` holds nothing a terminal would act on or that would hide itself.
pub fn is_safe(text: &str) -> bool {
    text.chars()
        .all(|c| c == '\n' || c == '\t' || visible(c) == Some(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_controls_and_disguises_are_defused() {
        let hostile = "Facture\u{1b}]0;pwned\u{7}\u{1b}[2J\u{9b}31m\r\nBcc: x@evil.example";
        let shown = line(hostile);
        assert!(is_safe(&shown), "{shown:?}");
        assert!(!shown.contains(['\u{1b}', '\u{9b}', '\u{7}', '\r', '\n']));
        assert_eq!(
            shown,
            "Facture␛]0;pwned␇␛[2J\u{fffd}31m Bcc: x@evil.example"
        );
        assert_eq!(line("invoice\u{202e}fdp.exe"), "invoicefdp.exe");
        assert_eq!(line("a\u{2066}b\u{200b}c\u{feff}"), "abc");
        assert_eq!(line("Zoé Müller — 日本"), "Zoé Müller — 日本");
    }

    #[test]
    fn bodies_keep_their_lines() {
        assert_eq!(
            text("Bonjour,\r\n\tà demain\u{1b}[8m caché\r\n"),
            "Bonjour,\n\tà demain␛[8m caché\n"
        );
        assert!(is_safe(&text("x\u{9b}y\u{202e}z")));
        assert_eq!(text("lone\rCR"), "lone␍CR");
    }
}
