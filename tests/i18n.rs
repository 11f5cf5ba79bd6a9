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
            // The name and the version number only.
            ("fr", "about-version"),
            ("de", "about-version"),
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
