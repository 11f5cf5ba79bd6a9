//! Translations: French and German define exactly the ids English defines, with the same
//! variables, and plurals and language switching work. One test, because the language is
//! process-wide.

use std::collections::{BTreeMap, BTreeSet};

use facteur::fl;
use facteur::i18n::{self, Language};

/// Message id → the variables it uses, for one language's files.
fn messages(lang: &str) -> BTreeMap<String, BTreeSet<String>> {
    parse(lang)
        .into_iter()
        .map(|(id, (vars, _))| (id, vars))
        .collect()
}

/// Message id → its variables and its whole text.
fn parse(lang: &str) -> BTreeMap<String, (BTreeSet<String>, String)> {
    let mut out = BTreeMap::new();
    let files: Vec<_> = i18n::embedded_files()
        .into_iter()
        .filter(|f| f.starts_with(&format!("{lang}/")))
        .collect();
    assert!(!files.is_empty(), "no .ftl file for {lang}");
    for file in files {
        let text = i18n::embedded_file(&file).unwrap();
        let mut current: Option<String> = None;
        for line in text.lines() {
            let starts_message = line.chars().next().is_some_and(|c| c.is_ascii_alphabetic());
            if starts_message {
                let (id, _) = line
                    .split_once('=')
                    .unwrap_or_else(|| panic!("{file}: {line}"));
                let id = id.trim().to_string();
                assert!(
                    out.insert(id.clone(), (BTreeSet::new(), String::new()))
                        .is_none(),
                    "{file}: {id} twice"
                );
                current = Some(id);
            }
            if line.starts_with('#') {
                continue;
            }
            if let Some(id) = &current {
                out.get_mut(id).unwrap().1.push_str(line);
                let mut rest = line;
                while let Some(i) = rest.find('$') {
                    rest = &rest[i + 1..];
                    let name: String = rest
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                        .collect();
                    out.get_mut(id).unwrap().0.insert(name);
                }
            }
        }
    }
    out
}

#[test]
fn translations_match_and_switch() {
    let en = messages("en");
    assert!(en.len() > 10);
    for lang in ["fr", "de"] {
        let other = messages(lang);
        let missing: Vec<_> = en.keys().filter(|k| !other.contains_key(*k)).collect();
        let extra: Vec<_> = other.keys().filter(|k| !en.contains_key(*k)).collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "{lang}: missing {missing:?}, extra {extra:?}"
        );
        for (id, vars) in &en {
            assert_eq!(&other[id], vars, "{lang}: {id} uses other variables");
        }
        // Real translations, not copies of the English text (the brand name, and words
        // that are the same in both languages, aside).
        const SAME_WORD: &[(&str, &str)] = &[
            ("fr", "cli-header-cc"),
            ("fr", "composer-cc"),
            ("fr", "cli-header-date"),
            ("de", "event-state-online"),
            ("de", "cli-sync-failed"), // no words, only placeholders
            // Protocol names and units that every language writes alike.
            ("fr", "wizard-port"),
            ("de", "wizard-port"),
            ("fr", "wizard-security-tls"),
            ("de", "wizard-security-tls"),
            ("fr", "wizard-security-starttls"),
            ("de", "wizard-security-starttls"),
            ("fr", "mailbox-date"),
            ("fr", "mailbox-count"),
            ("de", "size-kb"),
            ("de", "size-mb"),
            ("de", "size-gb"),
            // Only placeables and German's colon, as in English.
            ("de", "mailbox-account-status"),
            ("de", "cli-header-line"),
            // "Cc" is French as well as English.
            ("fr", "mailbox-cc"),
            // The name and the version number only.
            ("fr", "about-version"),
            ("de", "about-version"),
            // The window's title: the folder's (translated) name, its count and the app's name.
            ("fr", "app-title"),
            ("de", "app-title"),
        ];
        let (en_text, other_text) = (parse("en"), parse(lang));
        let same: Vec<_> = en_text
            .iter()
            .filter(|(id, _)| id.as_str() != "app-name")
            .filter(|(id, _)| !SAME_WORD.contains(&(lang, id.as_str())))
            .filter(|(id, (_, text))| other_text[*id].1 == *text)
            .map(|(id, _)| id)
            .collect();
        assert!(same.is_empty(), "{lang}: untranslated {same:?}");
    }

    i18n::select(Language::English).unwrap();
    assert_eq!(fl!("welcome-accounts", count = 1), "One account is set up.");
    assert_eq!(fl!("welcome-accounts", count = 3), "3 accounts are set up.");
    i18n::select(Language::French).unwrap();
    assert_eq!(i18n::current(), "fr");
    assert_eq!(
        fl!("welcome-accounts", count = 0),
        "Aucun compte n’est encore configuré."
    );
    assert_eq!(
        fl!("welcome-accounts", count = 2),
        "2 comptes sont configurés."
    );
    assert_eq!(
        fl!("cli-account-unknown", email = "x@y.fr"),
        "Il n’existe aucun compte x@y.fr."
    );
    i18n::select(Language::German).unwrap();
    assert_eq!(
        fl!("welcome-accounts", count = 5),
        "5 Konten sind eingerichtet."
    );
    assert_eq!(fl!("welcome-title"), "Willkommen bei Facteur");
}

/// Each message's text lines as the user reads them (no id, no variant keys), with its
/// placeables replaced by `X`.
fn texts(lang: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let file = format!("{lang}/facteur.ftl");
    let text = i18n::embedded_file(&file).unwrap();
    let mut current = String::new();
    for line in text.lines() {
        if line.starts_with('#') || line.trim().is_empty() || line.trim() == "}" {
            continue;
        }
        let value = if line.chars().next().is_some_and(|c| c.is_ascii_alphabetic()) {
            let (id, value) = line.split_once('=').unwrap();
            current = id.trim().to_string();
            value.trim_start().to_string()
        } else {
            let t = line.trim_start().trim_start_matches('*');
            match t.strip_prefix('[').and_then(|r| r.split_once(']')) {
                Some((_, rest)) => rest.trim_start().to_string(),
                None => t.to_string(),
            }
        };
        // Placeables (and a selector's opening line) are not text.
        let mut plain = String::new();
        let mut depth = 0;
        for c in value.chars() {
            match c {
                '{' => {
                    depth += 1;
                    if depth == 1 {
                        plain.push('X');
                    }
                }
                '}' if depth > 0 => depth -= 1,
                _ if depth == 0 => plain.push(c),
                _ => {}
            }
        }
        if !plain.trim().is_empty() && plain.trim() != "X" {
            out.push((current.clone(), plain));
        }
    }
    out
}

/// Text that is code, a command or an address, not prose.
fn is_code(s: &str) -> bool {
    s.contains("facteur ") || s.contains("://") || s.contains('`') || s.contains("--")
}

#[test]
fn french_and_german_typography() {
    const NBSP: char = '\u{a0}';
    const NNBSP: char = '\u{202f}';
    let mut faults = Vec::new();
    for lang in ["fr", "de"] {
        for (id, text) in texts(lang) {
            if text.contains('\'') || text.contains('"') {
                faults.push(format!(
                    "{lang} {id}: a straight quote or apostrophe: {text}"
                ));
            }
            let chars: Vec<char> = text.chars().collect();
            for (i, &c) in chars.iter().enumerate() {
                let before = if i > 0 { chars[i - 1] } else { ' ' };
                let after = chars.get(i + 1).copied().unwrap_or(' ');
                if lang == "fr" {
                    let wanted = match c {
                        ';' | '!' | '?' => Some(NNBSP),
                        ':' if !before.is_ascii_digit() && after != '/' => Some(NBSP),
                        '»' => Some(NBSP),
                        _ => None,
                    };
                    if let Some(w) = wanted
                        && before != w
                        && !(c == ':' && is_code(&text) && before != ' ')
                    {
                        faults.push(format!(
                            "{lang} {id}: {c:?} wants {w:?} before it, not {before:?}: {text}"
                        ));
                    }
                    if c == '«' && after != NBSP {
                        faults.push(format!("{lang} {id}: « wants a no-break space after it"));
                    }
                    if c == '“' || c == '”' || c == '„' {
                        faults.push(format!("{lang} {id}: French quotes are « »: {text}"));
                    }
                }
                if lang == "de" {
                    if c == '…' && before == ' ' {
                        faults.push(format!(
                            "{lang} {id}: the ellipsis would wrap alone; a no-break space: {text}"
                        ));
                    }
                    if c == '«' || c == '»' || c == '“' && before != '„' && !text.contains('„')
                    {
                        faults.push(format!("{lang} {id}: German quotes are „…“: {text}"));
                    }
                }
            }
        }
    }
    assert!(faults.is_empty(), "{}", faults.join("\n"));
}

/// Whole-word occurrences of `word` in `text`, case ignored; a hyphen belongs to a word
/// (`E-Mail-Programm` is one word, and has no `Mail` in it).
fn has_word(text: &str, word: &str) -> bool {
    let (text, word) = (text.to_lowercase(), word.to_lowercase());
    let is_word = |c: char| c.is_alphanumeric() || c == '-' || c == '’';
    text.match_indices(&word).any(|(i, m)| {
        let before = text[..i].chars().next_back();
        let after = text[i + m.len()..].chars().next();
        !before.is_some_and(is_word) && !after.is_some_and(is_word)
    })
}

#[test]
fn the_glossary_is_followed() {
    let glossary =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/i18n/GLOSSARY.md")).unwrap();
    let rows: Vec<Vec<String>> = glossary
        .lines()
        .filter(|l| l.starts_with('|') && !l.starts_with("|---") && !l.starts_with("| concept"))
        .map(|l| {
            l.trim_matches('|')
                .split('|')
                .map(|c| c.trim().to_string())
                .collect()
        })
        .collect();
    assert!(rows.len() >= 20, "{} glossary rows", rows.len());
    let mut faults = Vec::new();
    for row in &rows {
        assert_eq!(row.len(), 6, "a glossary row has six columns: {row:?}");
        for (lang, column) in [("fr", 4), ("de", 5)] {
            let refused: Vec<&str> = row[column]
                .split(',')
                .map(str::trim)
                .filter(|w| !w.is_empty())
                .collect();
            for (id, text) in texts(lang) {
                for word in &refused {
                    if has_word(&text, word) {
                        faults.push(format!(
                            "{lang} {id}: {word:?} where the glossary says {:?}: {text}",
                            row[if lang == "fr" { 2 } else { 3 }]
                        ));
                    }
                }
            }
        }
    }
    assert!(faults.is_empty(), "{}", faults.join("\n"));
    // The check itself: a refused word is found, a compound is not a word of it.
    assert!(has_word("Ouvrez un courriel.", "courriel"));
    assert!(!has_word("Ein E-Mail-Programm", "Mail"));
    assert!(!has_word("die Mailserver", "Mail"));
}
