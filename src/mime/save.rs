//! Saving attachments to disk. The file name comes from the sender, so it is treated as
//! hostile: whatever it holds, the file lands inside the folder the user chose, under a name
//! that every common file system accepts, and never over an existing file.
//!
//! What is neutralised: path separators (`/`, `\`) and `..` (only the last component is kept),
//! leading dots (no hidden files such as `.bashrc`), control characters (newlines, NUL, escape
//! sequences), characters Windows refuses (`<>:"|?*`), trailing dots and spaces, Windows'
//! reserved device names (`CON`, `NUL`, `COM1`, … with or without an extension), and names
//! longer than 255 bytes (shortened, keeping the extension).

use std::io::Write;
use std::path::{Path, PathBuf};

/// The name used when nothing usable is left of the sender's.
pub const FALLBACK: &str = "attachment";

const RESERVED: [&str; 22] = [
    "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8",
    "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
];

/// Longest file name most file systems accept, in bytes.
const MAX_NAME: usize = 255;

/// A file name made from `name` that stays inside any folder it is joined to.
pub fn safe_file_name(name: &str) -> String {
    // The last path component is what the sender meant as the name.
    let last = name
        .rsplit(['/', '\\'])
        .find(|part| !part.trim().is_empty() && part.trim() != "." && part.trim() != "..")
        .unwrap_or("");
    let mut out = String::with_capacity(last.len());
    for c in last.chars() {
        if c.is_control() || super::safe::is_invisible(c) {
            // Newlines, tabs, bidirectional controls and zero-width characters (which disguise
            // an extension).
            if !out.ends_with(' ') {
                out.push(' ');
            }
        } else if matches!(c, '<' | '>' | ':' | '"' | '|' | '?' | '*') {
            out.push('_');
        } else {
            out.push(c);
        }
    }
    let trimmed = out
        .trim_start_matches(|c: char| c == '.' || c.is_whitespace())
        .trim_end_matches(|c: char| c == '.' || c.is_whitespace());
    let mut name = trimmed.to_string();
    if name.is_empty() {
        return FALLBACK.to_string();
    }
    let stem = name.split('.').next().unwrap_or("").trim_end();
    if RESERVED.iter().any(|r| r.eq_ignore_ascii_case(stem)) {
        name.insert(0, '_');
    }
    shorten(&name, MAX_NAME)
}

/// Shortens a name to at most `max` bytes, keeping its extension when it has a short one.
fn shorten(name: &str, max: usize) -> String {
    if name.len() <= max {
        return name.to_string();
    }
    let (stem, ext) = split_extension(name);
    let ext = if ext.len() < 16 { ext } else { "" };
    let mut cut = max - ext.len();
    while !stem.is_char_boundary(cut.min(stem.len())) {
        cut -= 1;
    }
    format!("{}{ext}", &stem[..cut.min(stem.len())])
}

/// `("report", ".pdf")` from `report.pdf`; no extension for names without a dot.
fn split_extension(name: &str) -> (&str, &str) {
    match name.rfind('.') {
        Some(i) if i > 0 => name.split_at(i),
        _ => (name, ""),
    }
}

/// Writes `data` into `folder` under the safe form of `name`; if that file exists, under
/// "name (2).ext", "name (3).ext", … Returns where it went. A partly written file is removed.
pub fn save_into(folder: &Path, name: &str, data: &[u8]) -> std::io::Result<PathBuf> {
    let safe = safe_file_name(name);
    let (stem, ext) = split_extension(&safe);
    for n in 1..=9999u32 {
        let candidate = if n == 1 {
            safe.clone()
        } else {
            shorten(&format!("{stem} ({n}){ext}"), MAX_NAME)
        };
        let path = folder.join(&candidate);
        // Belt and braces: the name is one plain component of the chosen folder.
        if path.parent() != Some(folder) {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                format!("unsafe file name {candidate:?}"),
            ));
        }
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(mut file) => {
                let written = file.write_all(data).and_then(|()| file.sync_all());
                if let Err(e) = written {
                    drop(file);
                    let _ = std::fs::remove_file(&path);
                    return Err(e);
                }
                return Ok(path);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
    Err(std::io::Error::new(
        std::io::ErrorKind::AlreadyExists,
        format!("too many files named {safe:?}"),
    ))
}

/// A message's attachments as the reader lists them, each with its decoded content (the
/// message is parsed once for all of them).
pub fn attachments(raw: &[u8]) -> Vec<(super::display::Attachment, Vec<u8>)> {
    // The same repairs as the reader's, so that part numbers agree.
    let raw = &*super::repair::prepare(raw);
    let Some(message) = super::parse(raw) else {
        return Vec::new();
    };
    super::display::Display::parse(raw)
        .attachments
        .into_iter()
        .filter_map(|a| {
            let data = message.parts.get(a.part)?.contents().to_vec();
            Some((a, data))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_that_climb_out_of_the_folder_stay_in_it() {
        assert_eq!(safe_file_name("../../.bashrc"), "bashrc");
        assert_eq!(safe_file_name("..\\..\\Windows\\win.ini"), "win.ini");
        assert_eq!(safe_file_name("/etc/passwd"), "passwd");
        assert_eq!(safe_file_name(".."), FALLBACK);
        assert_eq!(safe_file_name("../"), FALLBACK);
        assert_eq!(safe_file_name(""), FALLBACK);
        assert_eq!(safe_file_name("   "), FALLBACK);
    }

    #[test]
    fn reserved_device_names_and_bad_characters_are_neutralised() {
        assert_eq!(safe_file_name("CON"), "_CON");
        assert_eq!(safe_file_name("con.txt"), "_con.txt");
        assert_eq!(safe_file_name("LPT9.doc"), "_LPT9.doc");
        assert_eq!(safe_file_name("CONTRACT.pdf"), "CONTRACT.pdf");
        assert_eq!(safe_file_name("a<b>:c\"d|e?f*.txt"), "a_b__c_d_e_f_.txt");
        assert_eq!(safe_file_name("report.pdf. . "), "report.pdf");
    }

    #[test]
    fn control_characters_and_direction_overrides_are_removed() {
        assert_eq!(safe_file_name("facture\nmars.pdf"), "facture mars.pdf");
        assert_eq!(safe_file_name("a\r\n\tb\0.txt"), "a b .txt");
        assert_eq!(safe_file_name("photo\u{202e}gpj.exe"), "photo gpj.exe");
        assert_eq!(safe_file_name("Résumé – été.pdf"), "Résumé – été.pdf");
    }

    #[test]
    fn long_names_keep_their_extension_and_stay_valid_utf8() {
        let name = format!("{}.pdf", "é".repeat(300));
        let safe = safe_file_name(&name);
        assert!(safe.len() <= 255, "{}", safe.len());
        assert!(safe.ends_with(".pdf"));
    }

    #[test]
    fn saving_never_overwrites_and_never_leaves_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        let outside = dir.path().join("outside");
        std::fs::create_dir(&outside).unwrap();
        let inside = outside.join("chosen");
        std::fs::create_dir(&inside).unwrap();
        let first = save_into(&inside, "../../.bashrc", b"one").unwrap();
        let second = save_into(&inside, "../../.bashrc", b"two").unwrap();
        assert_eq!(first, inside.join("bashrc"));
        assert_eq!(second, inside.join("bashrc (2)"));
        assert_eq!(std::fs::read(&first).unwrap(), b"one");
        assert_eq!(std::fs::read(&second).unwrap(), b"two");
        let third = save_into(&inside, "notes.txt", b"a").unwrap();
        let fourth = save_into(&inside, "notes.txt", b"b").unwrap();
        assert_eq!(fourth, inside.join("notes (2).txt"));
        assert_ne!(third, fourth);
        assert_eq!(std::fs::read_dir(&outside).unwrap().count(), 1);
        assert!(!dir.path().join(".bashrc").exists());
    }

    #[test]
    fn attachment_data_is_decoded() {
        let raw = b"Content-Type: multipart/mixed; boundary=XX\r\n\r\n--XX\r\nContent-Type: text/plain\r\n\r\nHi\r\n--XX\r\nContent-Type: application/octet-stream; name=a.bin\r\nContent-Disposition: attachment; filename=a.bin\r\nContent-Transfer-Encoding: base64\r\n\r\nAAEC/w==\r\n--XX--\r\n";
        let found = attachments(raw);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0.name, "a.bin");
        assert_eq!(found[0].1, vec![0, 1, 2, 255]);
        assert!(attachments(b"no attachment here").is_empty());
    }
}
