//! Malformed and hostile mail (`tests/fixtures/mime/`), each case asserting what the user
//! sees: the reader's text and names, and the list's subject, sender and date.

use facteur::engine::imap::sync::whole_envelope;
use facteur::mime::display::Display;
use facteur::mime::save::safe_file_name;

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
