//! Malformed and hostile mail (`tests/fixtures/mime/`), each case asserting what the user
//! sees: the reader's text and names, and the list's subject, sender and date.

use facteur::mime::display::Display;
use facteur::mime::save::safe_file_name;
use facteur::store::envelope::whole_envelope;

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/tests/fixtures/mime/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

const ARRIVED: i64 = 1_780_000_000;

#[test]
fn lone_carriage_returns_still_give_headers_and_lines() {
    let raw = fixture("bare-cr.eml");
    let row = whole_envelope(&raw, ARRIVED);
    assert_eq!(row.subject, "Lignes en CR");
    assert_eq!(row.from_name, "Ancien Mac");
    let d = Display::parse(&raw);
    assert_eq!(d.text(), "Première ligne\nDeuxième ligne");
}

#[test]
fn a_multipart_without_a_boundary_shows_its_text() {
    for (file, said) in [
        ("no-boundary.eml", "Le texte du message est bien là."),
        ("empty-boundary.eml", "Toujours lisible."),
    ] {
        let d = Display::parse(&fixture(file));
        assert_eq!(d.text(), said, "{file}");
        assert!(d.attachments.is_empty(), "{file}: {:?}", d.attachments);
    }
}

#[test]
fn an_impossible_date_gives_way_to_the_arrival() {
    let row = whole_envelope(&fixture("date-9999.eml"), ARRIVED);
    assert_eq!(
        row.date, ARRIVED,
        "not at the top of every list until the year 9999"
    );
}

#[test]
fn names_and_subjects_cannot_forge_lines_or_disguise_themselves() {
    let raw = fixture("spoofed-names.eml");
    let row = whole_envelope(&raw, ARRIVED);
    // CR/LF, NUL and BEL decoded from the encoded word neither forge a header nor ring.
    assert!(
        !row.subject.contains(['\r', '\n', '\0', '\u{7}']),
        "{:?}",
        row.subject
    );
    assert!(row.subject.starts_with("Facture Bcc: everyone@example.net"));
    // The direction override that would show "Banque national" reversed is gone.
    assert!(!row.from_name.contains('\u{202e}'), "{:?}", row.from_name);
    // The attachment shows as what it is: an .exe.
    let d = Display::parse(&raw);
    let name = &d.attachments[0].name;
    assert_eq!(safe_file_name(name), "invoice fdp.exe");
    assert!(safe_file_name(name).ends_with(".exe"));
}

#[test]
fn a_digest_shows_each_message_and_offers_it_as_a_file() {
    let raw = fixture("digest.eml");
    let d = Display::parse(&raw);
    let text = d.text();
    assert!(
        text.contains(
            "Paul <paul@example.fr> — Sortie de dimanche\n\nRendez-vous à 9 h devant la gare."
        ),
        "{text}"
    );
    // A part of a digest without headers of its own is a message (RFC 2046 §5.1.5), in
    // US-ASCII by default, so its UTF-8 is still read as such.
    assert!(text.contains("Re: Sortie de dimanche"), "{text}");
    assert!(text.contains("chambres à air"), "{text}");
    assert!(!text.contains("Preamble"), "{text}");
    let names: Vec<(&str, &str)> = d
        .attachments
        .iter()
        .map(|a| (a.name.as_str(), a.mime_type.as_str()))
        .collect();
    assert_eq!(
        names,
        [
            ("Sortie de dimanche.eml", "message/rfc822"),
            ("Re: Sortie de dimanche.eml", "message/rfc822")
        ]
    );
    let saved = facteur::mime::save::attachments(&raw);
    assert!(
        String::from_utf8_lossy(&saved[0].1).starts_with("From: Paul <paul@example.fr>"),
        "the saved file is the message itself"
    );
}

#[test]
fn utf7_keeps_every_character() {
    let d = Display::parse(&fixture("utf7.eml"));
    assert_eq!(
        d.text(),
        "Bonjour,\nLe café est prêt. A\u{2262}\u{391}. Prix : 3 + 1 €."
    );
}

#[test]
fn broken_base64_shows_what_decodes() {
    let d = Display::parse(&fixture("broken-base64.eml"));
    assert_eq!(
        d.text(),
        "Votre relevé de novembre est disponible.\nMerci de notre confiance."
    );
}
