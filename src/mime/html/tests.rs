use super::sheet::render_once;
use super::*;

fn source(html: &str) -> Source {
    Source {
        html: html.to_string(),
        inline: Vec::new(),
    }
}

/// The RGBA pixel at CSS (x, y) of a picture `width` CSS pixels wide at scale 1.
fn pixel(rgba: &[u8], width: u32, x: u32, y: u32) -> [u8; 4] {
    let at = ((y * width + x) * 4) as usize;
    [rgba[at], rgba[at + 1], rgba[at + 2], rgba[at + 3]]
}

fn png(width: u32, height: u32, colour: [u8; 4]) -> Vec<u8> {
    let picture = image::RgbaImage::from_pixel(width, height, image::Rgba(colour));
    let mut out = std::io::Cursor::new(Vec::new());
    picture
        .write_to(&mut out, image::ImageFormat::Png)
        .expect("a PNG");
    out.into_inner()
}

fn near(a: [u8; 4], b: [u8; 3]) -> bool {
    a.iter().zip(b).all(|(x, y)| x.abs_diff(y) < 24)
}

#[test]
fn a_table_cell_is_drawn_where_the_layout_puts_it() {
    let html = r#"<html><body style="margin:0">
        <table cellspacing="0" cellpadding="0" style="border-collapse:collapse">
        <tr><td style="width:100px;height:50px;background:#ff0000"></td>
            <td style="width:100px;height:50px;background:#0000ff"></td></tr>
        </table></body></html>"#;
    let (layout, rgba) =
        render_once(source(html), Vec::new(), Look::default(), 400, 1.0).expect("laid out");
    assert_eq!(layout.width, 400);
    assert!(layout.height >= 50, "{layout:?}");
    assert!(near(pixel(&rgba, 400, 50, 25), [255, 0, 0]));
    assert!(near(pixel(&rgba, 400, 150, 25), [0, 0, 255]));
    assert!(near(pixel(&rgba, 400, 300, 25), [255, 255, 255]));
}

#[test]
fn a_cid_picture_is_drawn_in_place_and_a_remote_one_is_not_fetched() {
    let html = r#"<body style="margin:0"><img src="cid:logo@shop" width="40" height="40"
        style="display:block"><img src="https://pictures.example.com/a.png" width="40"
        height="40" style="display:block"></body>"#;
    let mut s = source(html);
    s.inline.push(Inline {
        content_id: "logo@shop".into(),
        data: png(40, 40, [0, 200, 0, 255]).into(),
    });
    let (layout, rgba) = render_once(s, Vec::new(), Look::default(), 200, 1.0).expect("laid out");
    assert!(
        near(pixel(&rgba, 200, 20, 20), [0, 200, 0]),
        "the cid picture"
    );
    // The remote picture keeps its box (the layout does not collapse) but is not drawn.
    assert!(layout.height >= 80, "{layout:?}");
    assert!(!near(pixel(&rgba, 200, 20, 60), [0, 200, 0]));
    assert_eq!(layout.blocked, vec!["https://pictures.example.com/a.png"]);
    assert_eq!(layout.trackers, 0);
}

#[test]
fn an_allowed_remote_picture_is_drawn_but_a_tracking_pixel_never_is() {
    let html = r#"<body style="margin:0"><img src="https://pictures.example.com/a.png"
        width="40" height="40" style="display:block">
        <img src="https://pictures.example.com/open.gif?u=42" width="1" height="1">
        <div style="display:none"><img src="https://pictures.example.com/hidden.png"></div>
        <img src="https://shop.list-manage.com/track/open.php?u=1" width="30" height="30">
        </body>"#;
    let allowed = vec![(
        "https://pictures.example.com/a.png".to_string(),
        blitz_traits::net::Bytes::from(png(40, 40, [200, 0, 200, 255])),
    )];
    let (layout, rgba) =
        render_once(source(html), allowed, Look::default(), 200, 1.0).expect("laid out");
    assert!(near(pixel(&rgba, 200, 20, 20), [200, 0, 200]));
    assert_eq!(layout.trackers, 3, "{layout:?}");
    assert!(layout.blocked.is_empty(), "{layout:?}");
}

#[test]
fn mail_without_colours_takes_the_dark_theme_and_mail_with_colours_keeps_a_light_sheet() {
    let dark = Look {
        dark: true,
        background: [30, 30, 30],
        text: [230, 230, 230],
        link: [120, 170, 255],
    };
    let (layout, rgba) =
        render_once(source("<p>Hello</p>"), Vec::new(), dark, 200, 1.0).expect("laid out");
    assert!(layout.themed_dark);
    assert!(near(pixel(&rgba, 200, 190, 2), [30, 30, 30]));
    let coloured = r#"<p style="color:#333333">Hello</p>"#;
    let (layout, rgba) =
        render_once(source(coloured), Vec::new(), dark, 200, 1.0).expect("laid out");
    assert!(!layout.themed_dark);
    assert!(near(pixel(&rgba, 200, 190, 2), [255, 255, 255]));
}

#[test]
fn links_are_found_where_they_are_drawn_and_disguised_ones_are_told() {
    let html = r#"<body style="margin:0;font-size:20px">
        <a href="https://bank.example.com/login" style="display:block;height:30px">Log in</a>
        <a href="https://evil.example.net/x" style="display:block;height:30px">https://bank.example.com/</a>
        <a href="javascript:alert(1)" style="display:block;height:30px">run</a>
        </body>"#;
    let (layout, _) =
        render_once(source(html), Vec::new(), Look::default(), 300, 1.0).expect("laid out");
    let first = layout.link_at(10.0, 10.0).expect("a link at the top");
    assert_eq!(first.href, "https://bank.example.com/login");
    assert_eq!(first.disguised, None);
    let second = layout.link_at(10.0, 45.0).expect("the second link");
    assert_eq!(second.disguised.as_deref(), Some("bank.example.com"));
    assert!(
        layout.link_at(10.0, 75.0).is_none(),
        "javascript: is no link"
    );
}

#[test]
fn overlays_cannot_cover_the_reader() {
    // A fixed, full-window overlay is laid out in the flow (as Gmail does, `position` is not
    // honoured), so the text before it stays visible.
    let html = r#"<body style="margin:0"><div style="height:40px;background:#00ff00"></div>
        <div style="position:fixed;top:0;left:0;width:100%;height:100%;background:#ff0000"></div>
        </body>"#;
    let (_, rgba) =
        render_once(source(html), Vec::new(), Look::default(), 100, 1.0).expect("laid out");
    assert!(near(pixel(&rgba, 100, 50, 20), [0, 255, 0]));
}

#[test]
fn the_sheet_thread_lays_out_and_draws_tiles() {
    let html = format!(
        "<body style=\"margin:0\">{}</body>",
        "<p style=\"height:100px;margin:0\">line</p>".repeat(12)
    );
    let sheet = Sheet::open(source(&html), Vec::new(), Look::default()).expect("a thread");
    let layout = futures::executor::block_on(sheet.layout(320, 2.0)).expect("laid out");
    assert_eq!(layout.height, 1200);
    assert_eq!(layout.tiles(), 3);
    let tile = futures::executor::block_on(sheet.tile(layout.generation, 2)).expect("drawn");
    assert_eq!((tile.width, tile.height), (640, (1200 - 1024) * 2));
    assert_eq!(tile.rgba.len(), (tile.width * tile.height * 4) as usize);
    let stale = futures::executor::block_on(sheet.tile(layout.generation + 7, 0));
    assert_eq!(stale, Err(SheetError::Superseded));
}

#[test]
fn schemes_are_sorted() {
    use clean::{Scheme, scheme};
    assert_eq!(scheme(" JavaScript:alert(1)"), Scheme::Refused);
    assert_eq!(scheme("java\tscript:alert(1)"), Scheme::Refused);
    assert_eq!(scheme("file:///etc/passwd"), Scheme::Refused);
    assert_eq!(scheme("data:text/html,<script>"), Scheme::Refused);
    assert_eq!(scheme("data:image/png;base64,AAAA"), Scheme::DataImage);
    assert_eq!(scheme("data:image/svg+xml,<svg>"), Scheme::Refused);
    assert_eq!(scheme("HTTPS://example.com"), Scheme::Web);
    assert_eq!(scheme("//example.com/a.png"), Scheme::Web);
    assert_eq!(scheme("cid:part1@x"), Scheme::Part);
    assert_eq!(scheme("mailto:a@b.c"), Scheme::Mail);
}

#[test]
fn click_tracking_parameters_are_removed_and_others_kept() {
    use privacy::without_tracking;
    assert_eq!(
        without_tracking(
            "https://shop.example.com/p?id=7&utm_source=mail&utm_medium=x&fbclid=abc#top"
        ),
        "https://shop.example.com/p?id=7#top"
    );
    assert_eq!(
        without_tracking("https://shop.example.com/p?utm_campaign=a&GCLID=b"),
        "https://shop.example.com/p"
    );
    let clean = "https://example.com/search?q=utm&page=2";
    assert_eq!(without_tracking(clean), clean);
    assert_eq!(
        without_tracking("mailto:a@b.c?subject=x"),
        "mailto:a@b.c?subject=x"
    );
}

#[test]
fn disguised_links_are_told_from_honest_ones() {
    use privacy::disguised;
    assert_eq!(
        disguised("www.paypal.com", "https://paypal.com.evil.example/"),
        Some("paypal.com".to_string())
    );
    assert_eq!(
        disguised("https://www.bank.fr/", "https://secure.bank.fr/x"),
        None
    );
    assert_eq!(disguised("Click here", "https://anything.example/"), None);
    assert_eq!(
        disguised("shop.example.co.uk", "https://www.example.co.uk/"),
        None
    );
    assert_eq!(
        disguised("amazon.de", "https://amazon.de.example.ru/"),
        Some("amazon.de".to_string())
    );
    assert_eq!(
        disguised("marie@example.com", "mailto:marie@example.com"),
        None
    );
}

#[test]
fn pixels_and_hidden_styles_are_told() {
    use privacy::{hides, is_pixel, is_tracker};
    assert!(is_pixel(Some(1), Some(1), ""));
    assert!(is_pixel(None, None, "width: 1px; height: 1px"));
    assert!(is_pixel(Some(0), None, ""));
    assert!(!is_pixel(Some(600), Some(200), ""));
    assert!(!is_pixel(None, None, ""));
    assert!(hides("display: none !important"));
    assert!(hides("visibility:hidden"));
    assert!(hides("opacity: 0"));
    assert!(!hides("display:block; color: red"));
    assert!(is_tracker("https://www.google-analytics.com/collect?v=1"));
    assert!(is_tracker("https://u123.ct.sendgrid.net/wf/open?upn=abc"));
    assert!(!is_tracker("https://images.shop.example/banner.jpg"));
}

#[test]
fn a_blocked_picture_keeps_a_visible_box() {
    let html = r#"<body style="margin:0"><img src="https://pictures.example.com/a.png"
        width="60" height="40" style="display:block"><img src="https://pictures.example.com/b.png"
        style="display:block"><p style="margin:0;height:10px;background:#00ff00"></p></body>"#;
    let (layout, rgba) =
        render_once(source(html), Vec::new(), Look::default(), 200, 1.0).expect("laid out");
    // The declared box, framed; the undeclared one a small square: the text below moves down.
    let inside = pixel(&rgba, 200, 30, 20);
    assert!(
        inside[0] < 250 && inside[0] > 200,
        "a tinted box: {inside:?}"
    );
    assert!(
        near(pixel(&rgba, 200, 100, 20), [255, 255, 255]),
        "no wider than declared"
    );
    assert!(
        near(pixel(&rgba, 200, 5, 40 + 24 + 5), [0, 255, 0]),
        "{layout:?}"
    );
}

#[test]
fn hostile_html_is_read_as_text_or_bounded() {
    let deep = "<div>".repeat(10_000) + "deep" + &"</div>".repeat(10_000);
    assert!(too_complex(&deep));
    let big = "<div>".repeat(200_000);
    assert!(too_complex(&big));
    assert!(!too_complex(
        "<table><tr><td><div><p>fine</p></div></td></tr></table>"
    ));
    // Declared sizes far beyond any screen are held to the sheet.
    let html =
        r#"<body style="margin:0"><img src="cid:x" width="99999999" height="99999999"></body>"#;
    let (layout, _) = render_once(source(html), Vec::new(), Look::default(), 300, 1.0).unwrap();
    assert_eq!(layout.width, 300);
    assert!(layout.height <= 8_100, "{layout:?}");
}

#[test]
fn addresses_that_cannot_be_resolved_are_replaced_before_parsing() {
    use clean::unresolvable_addresses_removed as fixed;
    assert_eq!(fixed(r#"<img src="http://[::1">"#), r##"<img src="#">"##);
    assert_eq!(fixed("<a href=http://[x>y</a>"), "<a href=#>y</a>");
    let fine = r#"<a href="https://example.com/?a=1&amp;b=2">x</a><p>x=1</p>"#;
    assert_eq!(fixed(fine), fine);
    assert_eq!(fixed("௦= src"), "௦= src");
}

#[test]
fn mail_wider_than_the_reader_is_shrunk_to_fit_not_cut() {
    let html = r#"<body style="margin:0"><table width="600" cellpadding="0" cellspacing="0"><tr>
        <td style="width:500px;height:40px;background:#ffffff"></td>
        <td style="width:100px;height:40px;background:#ff0000"></td></tr></table>
        <a href="https://example.com/" style="display:block;width:600px;height:40px">x</a></body>"#;
    let (layout, rgba) =
        render_once(source(html), Vec::new(), Look::default(), 300, 1.0).expect("laid out");
    assert!((layout.zoom - 0.5).abs() < 0.02, "{layout:?}");
    assert!(
        near(pixel(&rgba, 300, 290, 10), [255, 0, 0]),
        "the right edge is in view"
    );
    assert!(layout.height <= 45, "{layout:?}");
    // Links are where they are drawn, shrunk too.
    assert!(layout.link_at(150.0, 30.0).is_some());
    assert!(layout.link_at(150.0, 50.0).is_none());
}

#[test]
fn text_is_selected_with_the_pointer_and_copied() {
    let html = r#"<body style="margin:0;font-size:16px"><p style="margin:0">Bonjour Marie, voici votre facture.</p>
        <div style="height:3000px"></div><p style="margin:0">Cordialement, la banque</p></body>"#;
    let sheet = Sheet::open(source(html), Vec::new(), Look::default()).expect("a thread");
    let layout = futures::executor::block_on(sheet.layout(400, 1.0)).expect("laid out");
    let before = futures::executor::block_on(sheet.tile(layout.generation, 0)).unwrap();
    let point = |x, y| Point { x, y };
    let active =
        futures::executor::block_on(sheet.select(Some((point(1.0, 8.0), point(60.0, 8.0)))));
    assert!(active);
    let text = futures::executor::block_on(sheet.selected_text()).expect("a selection");
    assert!(text.starts_with("Bonj"), "{text:?}");
    assert!(!text.contains("facture"), "{text:?}");
    // The selection is drawn.
    let after = futures::executor::block_on(sheet.tile(layout.generation, 0)).unwrap();
    assert_ne!(before.rgba, after.rgba);
    // Far down the sheet too (past the first screen).
    let y = layout.height as f32 - 8.0;
    futures::executor::block_on(sheet.select(Some((point(1.0, y), point(390.0, y)))));
    let text = futures::executor::block_on(sheet.selected_text()).expect("a selection");
    assert!(text.contains("Cordialement"), "{text:?}");
    assert!(!futures::executor::block_on(sheet.select(None)));
    assert_eq!(futures::executor::block_on(sheet.selected_text()), None);
}

#[test]
fn a_long_message_is_laid_out_from_its_beginning_until_the_whole_is_asked() {
    let section = "<p style=\"margin:0;height:15px\">Une ligne du rapport annuel.</p>";
    let html = format!("<body style=\"margin:0\">{}</body>", section.repeat(10_000));
    assert!(html.len() > sheet::PREFIX);
    let sheet = Sheet::open(source(&html), Vec::new(), Look::default()).expect("a thread");
    let first = futures::executor::block_on(sheet.layout(400, 1.0)).expect("laid out");
    assert!(first.partial);
    let again = futures::executor::block_on(sheet.layout(380, 1.0)).expect("laid out");
    assert!(again.partial, "a new width keeps the beginning only");
    let whole = futures::executor::block_on(sheet.layout_whole(380, 1.0)).expect("laid out");
    assert!(!whole.partial);
    assert_eq!(whole.height, 10_000 * 15);
    assert!(
        first.height < whole.height / 2,
        "{} {}",
        first.height,
        whole.height
    );
}
