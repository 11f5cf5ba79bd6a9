//! Remote images: never fetched when a message opens; fetched (and only real images kept) when
//! the user asks; not even offered when the setting is off. A web server of the test's own
//! records what is asked of it.

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
    assert!(gui.sees("2 remote images were not loaded, to protect your privacy."));
    // Opening it asked nothing of the web server.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(web.asked(), Vec::<String>::new());

    gui.click("Show pictures");
    gui.until("the pictures loaded", |g| {
        mailbox_of(g).is_some_and(|m| m.reader.images.is_some())
    })
    .await;
    let (_, images) = mailbox_of(&gui).unwrap().reader.images.clone().unwrap();
    assert_eq!(images.len(), 1, "only the real picture is kept");
    let mut asked = web.asked();
    asked.sort();
    assert_eq!(asked, ["/pixel.png", "/tracker"]);
    assert!(gui.sees("One picture from the internet, loaded at your request:"));

    // With the offer turned off, another message's pictures are not even offered.
    gui.update(facteur::ui::Message::Mailbox(mailbox::Message::Settings(
        mailbox::settings::Message::OfferRemoteImages(false),
    )));
    read(&mut gui, "Deuxième lettre").await;
    assert!(gui.sees("2 remote images were not loaded, to protect your privacy."));
    assert!(!gui.sees("Show pictures"));
    gui.update(facteur::ui::Message::Mailbox(mailbox::Message::Reader(
        mailbox::reader::Message::LoadImages,
    )));
    assert_eq!(mailbox_of(&gui).unwrap().reader.loading_images, None);
    assert_eq!(web.asked().len(), 2, "nothing more was asked");
    gui.stop().await;
}
