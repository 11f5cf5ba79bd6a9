use super::*;

fn to(link: &str) -> Vec<String> {
    Mailto::parse(link).to
}

#[test]
fn the_rfc_6068_examples_read_as_the_rfc_says() {
    // § 6.1
    assert_eq!(to("mailto:chris@example.com"), ["chris@example.com"]);
    let m = Mailto::parse("mailto:infobot@example.com?subject=current-issue");
    assert_eq!(m.subject, "current-issue");
    let m = Mailto::parse("mailto:infobot@example.com?body=send%20current-issue");
    assert_eq!(m.body, "send current-issue");
    let m = Mailto::parse("mailto:infobot@example.com?body=send%20current-issue%0D%0Asend%20index");
    assert_eq!(m.body, "send current-issue\nsend index");
    let m = Mailto::parse("mailto:list@example.org?In-Reply-To=%3C3469A91.D10AF4C@example.com%3E");
    assert_eq!(
        m.in_reply_to.as_deref(),
        Some("3469A91.D10AF4C@example.com")
    );
    let m = Mailto::parse("mailto:joe@example.com?cc=bob@example.com&body=hello");
    assert_eq!(
        (m.to, m.cc, m.body.as_str()),
        (
            vec!["joe@example.com".to_string()],
            vec!["bob@example.com".to_string()],
            "hello"
        )
    );
    assert_eq!(
        to("mailto:gorby%25kremvax@example.com"),
        ["gorby%kremvax@example.com"]
    );
    let m = Mailto::parse("mailto:unlikely%3Faddress@example.com?blat=foop");
    assert_eq!(m.to, ["unlikely?address@example.com"]);
    assert_eq!(m.problems, [Problem::Ignored("blat".into())]);
    assert_eq!(
        to("mailto:Mike%26family@example.org"),
        ["Mike&family@example.org"]
    );
    // § 6.2
    assert_eq!(
        to("mailto:%22not%40me%22@example.org"),
        ["\"not@me\"@example.org"]
    );
    assert_eq!(
        to("mailto:%22oh%5C%5Cno%22@example.org"),
        ["\"oh\\\\no\"@example.org"]
    );
    assert_eq!(
        to("mailto:%22%5C%5C%5C%22it's%5C%20ugly%5C%5C%5C%22%22@example.org"),
        ["\"\\\\\\\"it's\\ ugly\\\\\\\"\"@example.org"]
    );
    assert_eq!(
        Mailto::parse("mailto:user@example.org?subject=caf%C3%A9").subject,
        "café"
    );
    assert_eq!(
        Mailto::parse("mailto:user@example.org?subject=%3D%3Futf-8%3FQ%3Fcaf%3DC3%3DA9%3F%3D")
            .subject,
        "café"
    );
    let m = Mailto::parse("mailto:user@%E7%B4%8D%E8%B1%86.example.org?subject=Test&body=NATTO");
    assert_eq!(m.to, ["user@納豆.example.org"]);
    assert_eq!((m.subject.as_str(), m.body.as_str()), ("Test", "NATTO"));
    assert!(
        Mailto::parse("mailto:chris@example.com")
            .problems
            .is_empty()
    );
}

#[test]
fn several_addresses_in_every_field_add_up_without_repeats() {
    let m = Mailto::parse(
        "MAILTO:a@example.org,b@example.org?to=c@example.org&cc=d@example.org,e@example.org\
         &bcc=f@example.org&to=A@example.org&Subject=Hi",
    );
    assert_eq!(m.to, ["a@example.org", "b@example.org", "c@example.org"]);
    assert_eq!(m.cc, ["d@example.org", "e@example.org"]);
    assert_eq!(m.bcc, ["f@example.org"]);
    assert_eq!(m.subject, "Hi");
    assert!(m.problems.is_empty(), "{:?}", m.problems);
    // A plus in an address stays a plus (not a space, as a web form would read it).
    assert_eq!(
        to("mailto:paul+news@example.org"),
        ["paul+news@example.org"]
    );
    // A display name with a comma is one address.
    assert_eq!(
        to("mailto:%22Dupont,%20Marie%22%20%3Cmarie@example.fr%3E,paul@example.fr"),
        ["\"Dupont, Marie\" <marie@example.fr>", "paul@example.fr"]
    );
    // Nothing but the scheme: an empty message, nothing wrong.
    let m = Mailto::parse("mailto:");
    assert!(m.is_empty() && m.problems.is_empty());
    let m = Mailto::parse("mailto:?subject=Only%20a%20subject");
    assert!(m.to.is_empty());
    assert_eq!(m.subject, "Only a subject");
}

#[test]
fn a_link_cannot_add_headers_or_set_other_fields() {
    let m = Mailto::parse(
        "mailto:a@example.org?subject=Hi%0D%0ABcc:%20spy@evil.example%0D%0A%0D%0Atext\
         &from=boss@bank.example&X-Mailer=x&reply-to=spy@evil.example&content-type=text/html",
    );
    assert_eq!(m.subject, "Hi Bcc: spy@evil.example text");
    assert!(m.bcc.is_empty());
    assert_eq!(
        m.problems,
        [
            Problem::Ignored("from".into()),
            Problem::Ignored("x-mailer".into()),
            Problem::Ignored("reply-to".into()),
            Problem::Ignored("content-type".into()),
        ]
    );
    // An address with a line break stays one (wrong) address the composer will refuse; it
    // does not become a second header.
    let m = Mailto::parse("mailto:?to=a@example.org%0D%0ABcc:%20spy@evil.example");
    assert_eq!(m.to, ["a@example.org Bcc: spy@evil.example"]);
    assert!(m.bcc.is_empty());
    // A NUL or a tab in the subject does not reach the header either.
    assert_eq!(Mailto::parse("mailto:?subject=a%00b%09c").subject, "a b c");
}

#[test]
fn what_cannot_be_read_is_kept_as_well_as_possible_and_said() {
    let m = Mailto::parse("mailto:a@example.org?subject=50%&body=caf%E9");
    assert_eq!(m.subject, "50%");
    assert_eq!(m.body, "caf\u{FFFD}");
    assert_eq!(m.problems, [Problem::BadEscape, Problem::BadText]);
    assert_eq!(
        Mailto::parse("https://example.org/a@b").problems,
        [Problem::NotMailto]
    );
    assert_eq!(Mailto::parse("not a link").problems, [Problem::NotMailto]);
    // A fragment is not part of the link.
    assert_eq!(to("mailto:a@example.org#top"), ["a@example.org"]);
    // The first subject and text count.
    let m = Mailto::parse("mailto:?subject=one&subject=two&body=first&body=second");
    assert_eq!((m.subject.as_str(), m.body.as_str()), ("one", "first"));
    // Empty pairs and a field without a value are harmless.
    let m = Mailto::parse("mailto:a@example.org?&&cc&subject=");
    assert_eq!(m.to, ["a@example.org"]);
    assert!(m.cc.is_empty() && m.problems.is_empty());
}

#[test]
fn huge_links_are_cut_to_what_a_message_can_hold() {
    let body = "x".repeat(3 * BODY_LIMIT);
    let m = Mailto::parse(&format!("mailto:a@example.org?body={body}"));
    assert_eq!(m.body.len(), BODY_LIMIT);
    assert_eq!(m.problems, [Problem::BodyCut]);
    // Cut on a character, not inside one.
    let body = "%C3%A9".repeat(BODY_LIMIT);
    let m = Mailto::parse(&format!("mailto:a@example.org?body={body}"));
    assert!(m.body.len() <= BODY_LIMIT && m.body.chars().all(|c| c == 'é'));
    let many: Vec<String> = (0..500).map(|i| format!("u{i}@example.org")).collect();
    let m = Mailto::parse(&format!("mailto:{}", many.join(",")));
    assert_eq!(m.to.len(), RECIPIENT_LIMIT);
    assert_eq!(
        m.problems,
        [Problem::TooManyRecipients(500 - RECIPIENT_LIMIT)]
    );
    let subject = "s".repeat(100_000);
    assert_eq!(
        Mailto::parse(&format!("mailto:?subject={subject}"))
            .subject
            .len(),
        SUBJECT_LIMIT
    );
}
