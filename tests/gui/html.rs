//! HTML mail in the reader, on the real engine and Dovecot: laid out as the sender made it
//! (its pictures in place), its text part one click away (and that choice remembered for the
//! sender), a link whose text names another site warned about before anything opens.

use super::*;
use base64::Engine as _;
use facteur::ui::mailbox::sheet;

fn png(width: u32, height: u32, rgb: [u8; 3]) -> Vec<u8> {
    let picture =
        image::RgbaImage::from_pixel(width, height, image::Rgba([rgb[0], rgb[1], rgb[2], 255]));
    let mut out = std::io::Cursor::new(Vec::new());
    picture.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

/// The laid-out message in the reader, once it is.
fn shown(gui: &Gui) -> Option<&sheet::Shown> {
    mailbox_of(gui)
        .and_then(|m| m.reader.sheet.as_ref())
        .filter(|s| s.layout.is_some())
}

/// The colour of the pixel at (x, y) of the first tile, once drawn.
fn first_tile_pixel(gui: &Gui, x: u32, y: u32) -> Option<[u8; 3]> {
    match shown(gui)?.drawn(0)? {
        iced::widget::image::Handle::Rgba { width, pixels, .. } => {
            let at = ((y * width + x) * 4) as usize;
            Some([pixels[at], pixels[at + 1], pixels[at + 2]])
        }
        _ => None,
    }
}

/// The reader shows the message's text (its text part, or the HTML converted), not its layout.
fn text_shown(gui: &Gui) -> bool {
    mailbox_of(gui).is_some_and(|m| m.reader.sheet.as_ref().is_none_or(|s| !s.is_shown()))
}

async fn laid_out(gui: &mut Gui) {
    gui.until("the message laid out and its first tile drawn", |g| {
        shown(g).is_some_and(|s| s.drawn(0).is_some())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_newsletter_is_laid_out_with_its_pictures_and_its_text_part_is_a_click_away() {
    let _lock = LANGUAGE.lock().await;
    i18n::select(Language::English).unwrap();
    let server = mailserver();
    let marie = server.new_user();
    let logo = base64::engine::general_purpose::STANDARD.encode(png(40, 40, [0, 160, 60]));
    let html = "<html><body style=\"margin:0\"><img src=\"cid:logo@bibliotheque\" width=\"40\" \
        height=\"40\" style=\"display:block\"><table><tr><td style=\"background:#d00000;\
        color:#ffffff;padding:8px\">Trois soirées en décembre</td></tr></table></body></html>";
    let raw = format!(
        "From: Bibliothèque <lettre@bibliotheque.example>\r\nTo: {to}\r\nSubject: Les soirées\r\n\
Date: Mon, 2 Nov 2026 10:00:00 +0100\r\nMessage-ID: <{id}@bibliotheque.example>\r\nMIME-Version: 1.0\r\n\
Content-Type: multipart/alternative; boundary=ALT\r\n\r\n--ALT\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n\
Voir la lettre en ligne\r\n--ALT\r\nContent-Type: multipart/related; boundary=REL\r\n\r\n--REL\r\n\
Content-Type: text/html; charset=utf-8\r\n\r\n{html}\r\n--REL\r\nContent-Type: image/png\r\n\
Content-ID: <logo@bibliotheque>\r\nContent-Transfer-Encoding: base64\r\n\r\n{logo}\r\n--REL--\r\n--ALT--\r\n",
        to = marie.email,
        id = support::random_token(),
    );
    server.deliver(&marie.email, raw.as_bytes()).await;
    let mut gui = signed_in(&marie, Protocol::Imap).await;
    read(&mut gui, "Les soirées").await;
    laid_out(&mut gui).await;
    // The HTML part is what shows, not the one-line text part.
    assert!(!text_shown(&gui));
    assert!(gui.sees("Plain text"));
    // The picture of the message itself is drawn in place (top left, 40 × 40).
    let logo_pixel = first_tile_pixel(&gui, 20, 20).expect("the first tile");
    assert!(
        logo_pixel
            .iter()
            .zip([0u8, 160, 60])
            .all(|(a, b)| a.abs_diff(b) < 30),
        "{logo_pixel:?}"
    );
    // The table cell under it, in its own red.
    let cell = first_tile_pixel(&gui, 6, 50).unwrap();
    assert!(cell[0] > 180 && cell[1] < 60 && cell[2] < 60, "{cell:?}");

    // The switch shows the text part, and is remembered for this sender.
    gui.click("Plain text");
    assert!(text_shown(&gui));
    assert_eq!(display_of(&gui).text(), "Voir la lettre en ligne");
    assert!(
        gui.app
            .preferences
            .plain_text_senders
            .contains("lettre@bibliotheque.example")
    );
    gui.click("Original layout");
    laid_out(&mut gui).await;
    assert!(!text_shown(&gui));
    assert!(gui.app.preferences.plain_text_senders.is_empty());
    gui.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_link_whose_text_names_another_site_is_warned_about_before_it_opens() {
    let _lock = LANGUAGE.lock().await;
    i18n::select(Language::English).unwrap();
    let server = mailserver();
    let marie = server.new_user();
    let raw = format!(
        "From: Service client <service@mabanque.example>\r\nTo: {to}\r\nSubject: Votre compte\r\n\
Date: Mon, 2 Nov 2026 10:00:00 +0100\r\nMessage-ID: <{id}@mabanque.example>\r\nMIME-Version: 1.0\r\n\
Content-Type: text/html; charset=utf-8\r\n\r\n<html><body style=\"margin:0\">\
<a href=\"https://login.evil.example.net/mabanque?utm_source=mail\" \
style=\"display:block;height:40px\">https://www.mabanque.fr/connexion</a>\
<p>Merci de vérifier votre compte.</p></body></html>\r\n",
        to = marie.email,
        id = support::random_token(),
    );
    server.deliver(&marie.email, raw.as_bytes()).await;
    let mut gui = signed_in(&marie, Protocol::Imap).await;
    read(&mut gui, "Votre compte").await;
    laid_out(&mut gui).await;
    let over_link = |m| {
        facteur::ui::Message::Mailbox(mailbox::Message::Reader(mailbox::reader::Message::Sheet(m)))
    };
    // Hovering shows where the link really goes, in the status line.
    gui.update(over_link(sheet::Message::Pointer(iced::Point::new(
        10.0, 10.0,
    ))));
    assert!(gui.sees("https://login.evil.example.net/mabanque"));
    gui.update(over_link(sheet::Message::Pressed));
    gui.update(over_link(sheet::Message::Released));
    assert!(gui.sees("This link goes to:"));
    assert!(gui.sees("Careful: the link reads “mabanque.fr” but goes to login.evil.example.net."));
    assert!(gui.sees("Open in the browser"));
    gui.click("Cancel");
    assert!(!gui.sees("This link goes to:"));
    // Dragging over the text selects it (past the sheet's right edge too: to the end of the
    // line), and Ctrl+C copies it.
    gui.update(over_link(sheet::Message::Pointer(iced::Point::new(
        2.0, 64.0,
    ))));
    gui.update(over_link(sheet::Message::Pressed));
    gui.update(over_link(sheet::Message::Pointer(iced::Point::new(
        2000.0, 64.0,
    ))));
    gui.update(over_link(sheet::Message::Released));
    gui.until("the selection drawn", |g| {
        shown(g).is_some_and(|s| s.selected && s.drawn(0).is_some())
    })
    .await;
    gui.press("c", iced::keyboard::Modifiers::CTRL);
    gui.until("the selection copied", |g| {
        !g.clipboard.lock().unwrap().is_empty()
    })
    .await;
    let copied = gui.clipboard.lock().unwrap()[0].clone();
    assert!(copied.starts_with("Merci de vérifier"), "{copied:?}");
    // Below the link, nothing to open.
    gui.update(over_link(sheet::Message::Pointer(iced::Point::new(
        10.0, 60.0,
    ))));
    gui.update(over_link(sheet::Message::Pressed));
    assert!(!gui.sees("This link goes to:"));
    gui.stop().await;
}
