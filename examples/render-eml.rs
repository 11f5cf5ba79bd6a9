//! Draws a saved message (an `.eml` file) as the reader lays it out, into a PNG:
//! `cargo run --example render-eml -- MAIL.eml OUT.png [WIDTH] [dark]`. The same drawing as
//! `facteur render`, for a message that is not in a store.

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, input, output, rest @ ..] = args.as_slice() else {
        eprintln!("usage: render-eml MAIL.eml OUT.png [WIDTH] [dark]");
        std::process::exit(2);
    };
    let width = rest.first().and_then(|w| w.parse().ok()).unwrap_or(800);
    let dark = rest.iter().any(|a| a == "dark");
    let raw = std::fs::read(input).expect("the message");
    let display = facteur::mime::display::Display::parse(&raw);
    let source = display.html.as_deref().cloned().expect("an HTML part");
    let look = facteur::ui::style::sheet_look_for(dark);
    let start = std::time::Instant::now();
    let (layout, rgba) =
        facteur::mime::html::sheet::render_once(source, Vec::new(), look, width, 1.0)
            .expect("drawn");
    let height = rgba.len() as u32 / 4 / layout.width;
    image::RgbaImage::from_raw(layout.width, height, rgba)
        .expect("a picture")
        .save(output)
        .expect("written");
    println!(
        "{}×{height} in {:?}; {} remote pictures blocked, {} trackers, {} links",
        layout.width,
        start.elapsed(),
        layout.blocked.len(),
        layout.trackers,
        layout.links.len()
    );
}
