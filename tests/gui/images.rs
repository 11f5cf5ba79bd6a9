//! Remote images: never fetched when a message opens; fetched when the user asks, and drawn in
//! place in the laid-out mail; a tracking pixel never fetched, not even then; not even offered
//! when the setting is off; always shown for a sender the user chose. A web server of the
//! test's own records what is asked of it.

use super::*;
use base64::Engine as _;
use support::http::{Page, WebServer};

/// A valid 1×1 PNG.
const PIXEL: &str = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn remote_images_load_only_when_the_user_asks() {
    let _lock = LANGUAGE.lock().await;
    i18n::select(Language::English).unwrap();
    let web = WebServer::start(None).await;
    let png = base64::engine::general_purpose::STANDARD
        .decode(PIXEL)
        .unwrap();
    web.page("/pixel.png", Page::ok(png));
    web.page("/tracker", Page::ok("<html>not a picture</html>"));
    let server = mailserver();
    let marie = server.new_user();
    let letter = |subject: &str, date: &str| {
        format!(
            "From: Newsletter <news@example.com>\r\nTo: {}\r\nSubject: {subject}\r\nDate: {date}\r\n\
Message-ID: <news-{}@example.com>\r\nMIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n\r\n\
<html><body><p>Bonjour !</p><img src=\"http://127.0.0.1:{port}/pixel.png\">\
<img src=\"http://127.0.0.1:{port}/tracker\" width=1 height=1></body></html>\r\n",
            marie.email,
            support::random_token(),
            port = web.port
        )
    };
    for (subject, date) in [
        ("Les nouveautés", "Mon, 2 Nov 2026 10:00:00 +0100"),
        ("Deuxième lettre", "Tue, 3 Nov 2026 10:00:00 +0100"),
    ] {
        server
            .deliver(&marie.email, letter(subject, date).as_bytes())
            .await;
    }
    let mut gui = signed_in(&marie, Protocol::Imap).await;
    read(&mut gui, "Les nouveautés").await;
    let layout = |g: &Gui| {
        mailbox_of(g)
            .and_then(|m| m.reader.sheet.as_ref())
            .and_then(|s| s.layout.clone())
    };
    gui.until("the letter laid out", |g| layout(g).is_some())
        .await;
    // The 1×1 picture is a tracker: not offered, counted.
    assert!(gui.sees("1 remote image was not loaded, to protect your privacy."));
    assert!(gui.sees("One tracker blocked"));
    // Opening it asked nothing of the web server.
    gui.carry_on_for(std::time::Duration::from_millis(300))
        .await;
    assert_eq!(web.asked(), Vec::<String>::new());

    gui.click("Show pictures");
    gui.until("the letter laid out again with its picture", |g| {
        layout(g).is_some_and(|l| l.blocked.is_empty())
    })
    .await;
    // Only the real picture was asked for; the tracker never, even now.
    assert_eq!(web.asked(), ["/pixel.png"]);
    assert_eq!(layout(&gui).unwrap().trackers, 1);
    assert!(!gui.sees("Show pictures"));

    // With the offer turned off, another message's pictures are not even offered.
    gui.update(facteur::ui::Message::Mailbox(mailbox::Message::Settings(
        mailbox::settings::Message::OfferRemoteImages(false),
    )));
    read(&mut gui, "Deuxième lettre").await;
    gui.until("the second letter laid out", |g| layout(g).is_some())
        .await;
    assert!(gui.sees("1 remote image was not loaded, to protect your privacy."));
    assert!(!gui.sees("Show pictures"));
    gui.update(facteur::ui::Message::Mailbox(mailbox::Message::Reader(
        mailbox::reader::Message::LoadImages,
    )));
    assert_eq!(mailbox_of(&gui).unwrap().reader.loading_images, None);
    assert_eq!(web.asked().len(), 1, "nothing more was asked");

    // "Always for this sender": this letter's picture now, and the next letter's by itself.
    gui.update(facteur::ui::Message::Mailbox(mailbox::Message::Settings(
        mailbox::settings::Message::OfferRemoteImages(true),
    )));
    gui.click("Always for this sender");
    gui.until("the second letter's picture", |g| {
        layout(g).is_some_and(|l| l.blocked.is_empty())
    })
    .await;
    assert!(
        gui.app
            .preferences
            .picture_senders
            .contains("news@example.com")
    );
    assert_eq!(web.asked(), ["/pixel.png", "/pixel.png"]);
    gui.stop().await;
}
