//! HTML mail benchmark: prints figures, asserts nothing.
//!
//! `cargo bench --bench html_render`. For four real-shaped messages made by
//! `common::html_mail` (a table-based shop newsletter of ~100 KB of HTML with 30 pictures, a
//! long text newsletter, a bank letter, a 2 MB HTML mail) it measures, median of several runs:
//!
//! - **first frame**: from the message's bytes (as the store gives them) to the tiles of the
//!   first 600 pixels drawn, at 800 pixels wide: parse the message, lay the HTML out on its
//!   thread, draw the tiles in view — what the reader does before the message shows;
//!   a message larger than 160 KB of HTML is first laid out from its beginning; **whole** is
//!   the time until all of it is laid out (the reader asks for it once the first frame shows);
//! - **re-layout**: a new width (800 → 760) and its first tiles, as when the window is
//!   resized;
//! - **memory**: the reader's extra memory for one open message (its document, layout and the
//!   tiles in view): the resident memory of a fresh process holding the message as the reader
//!   holds it (a message over 512 KB of HTML is shown clipped, its beginning laid out, until
//!   the user asks for all of it), less that of a fresh process holding its text conversion;
//!   **all of it** is the same with the whole message laid out;
//!
//! and, as the baseline in the same run, the text conversion the reader used before (the
//! message parsed and its HTML turned into lines by html2text), with each figure as a ratio to
//! it.

use std::time::Instant;

use facteur::mime::display::Display;
use facteur::mime::html::{Look, Sheet, Source};

mod common;

fn rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|s| s.split_whitespace().nth(1)?.parse::<f64>().ok())
        .map(|pages| pages * 4096.0 / (1024.0 * 1024.0))
        .unwrap_or(0.0)
}

fn ms(start: Instant) -> f64 {
    start.elapsed().as_secs_f64() * 1000.0
}

/// The reader's first frame: parse, lay out at `width`, draw the tiles of the first 600 px.
fn first_frame(raw: &[u8], width: u32) -> (Sheet, facteur::mime::html::Layout) {
    let display = Display::parse_for_layout(raw);
    let source: Source = display.html.as_deref().cloned().expect("an HTML part");
    let sheet = Sheet::open(source, Vec::new(), Look::default()).expect("a thread");
    let layout = futures::executor::block_on(sheet.layout(width, 1.0)).expect("laid out");
    draw_view(&sheet, &layout);
    (sheet, layout)
}

fn draw_view(sheet: &Sheet, layout: &facteur::mime::html::Layout) {
    let in_view =
        (600u32.div_ceil(facteur::mime::html::sheet::TILE_HEIGHT) as usize).min(layout.tiles());
    for index in 0..in_view {
        futures::executor::block_on(sheet.tile(layout.generation, index)).expect("drawn");
    }
}

/// The text conversion of the same HTML (the old reader's path).
fn text_conversion(raw: &[u8]) -> usize {
    let display = Display::parse_for_layout(raw);
    let html = &display.html.as_ref().expect("an HTML part").html;
    html2text::from_read_rich(html.as_bytes(), 400)
        .map(|lines| lines.len())
        .unwrap_or(0)
}

fn messages() -> [(&'static str, Vec<u8>, usize); 4] {
    [
        ("shop newsletter", common::html_mail::shop_newsletter(), 15),
        ("text newsletter", common::html_mail::text_newsletter(), 15),
        ("bank letter", common::html_mail::bank_letter(), 15),
        ("2 MB mail", common::html_mail::huge_mail(), 5),
    ]
}

/// In a fresh process: the growth of resident memory while message `index` is held as text
/// (`text`) or laid out with its tiles in view (`sheet`), printed in MB.
fn child(index: usize, mode: &str) {
    let raw = messages().into_iter().nth(index).expect("a message").1;
    let before = rss_mb();
    let held: Box<dyn std::any::Any> = if mode == "sheet" || mode == "whole" {
        // As the reader holds it: the whole message laid out, or only the beginning of one
        // over 512 KB until the user asks for the rest; the tiles in view drawn.
        let (sheet, first) = first_frame(&raw, 800);
        let long = Display::parse_for_layout(&raw)
            .html
            .is_some_and(|h| h.html.len() > facteur::ui::mailbox::sheet::CLIPPED_OVER);
        if first.partial && (!long || mode == "whole") {
            let layout =
                futures::executor::block_on(sheet.layout_whole(800, 1.0)).expect("laid out");
            draw_view(&sheet, &layout);
        }
        Box::new(sheet)
    } else {
        let display = Display::parse_for_layout(&raw);
        let html = display.html.as_ref().expect("an HTML part").html.clone();
        Box::new((
            display,
            html2text::from_read_rich(html.as_bytes(), 400).ok(),
        ))
    };
    println!("{:.1}", rss_mb() - before);
    drop(held);
}

/// [`child`] run in a fresh process.
fn memory_of(index: usize, mode: &str) -> f64 {
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .env("FACTEUR_HTML_BENCH_CHILD", format!("{index}:{mode}"))
        .output()
        .expect("the child");
    String::from_utf8_lossy(&out.stdout)
        .trim()
        .parse()
        .unwrap_or(f64::NAN)
}

fn main() {
    if let Ok(child_of) = std::env::var("FACTEUR_HTML_BENCH_CHILD") {
        let (index, mode) = child_of.split_once(':').unwrap();
        child(index.parse().unwrap(), mode);
        return;
    }
    let messages = messages();
    println!("HTML mail in the reader, at 800 px (medians; ratios to the text conversion)");
    println!(
        "{:<17} {:>9} {:>11} {:>9} {:>12} {:>9} {:>9} {:>10} {:>10}",
        "message",
        "HTML KB",
        "text conv.",
        "1st frame",
        "ratio",
        "whole",
        "re-layout",
        "memory",
        "all of it"
    );
    for (index, (name, raw, runs)) in messages.iter().enumerate() {
        let html_kb = Display::parse(raw)
            .html
            .as_ref()
            .map_or(0, |h| h.html.len())
            / 1024;
        // Warm up once (fonts loaded, code paged in), as a reader that has shown one mail is.
        let _ = first_frame(raw, 800);
        let _ = text_conversion(raw);
        let mut text = Vec::new();
        let mut frame = Vec::new();
        for _ in 0..*runs {
            let start = Instant::now();
            std::hint::black_box(text_conversion(raw));
            text.push(ms(start));
            let start = Instant::now();
            let opened = first_frame(raw, 800);
            frame.push(ms(start));
            drop(opened);
        }
        let (sheet, first) = first_frame(raw, 800);
        let start = Instant::now();
        if first.partial {
            futures::executor::block_on(sheet.layout_whole(800, 1.0)).expect("laid out");
        }
        let whole = if first.partial {
            format!("{:.0} ms", ms(start))
        } else {
            "—".to_string()
        };
        let mut relayout = Vec::new();
        for i in 0..*runs {
            let width = if i % 2 == 0 { 760 } else { 800 };
            let start = Instant::now();
            let layout = futures::executor::block_on(sheet.layout(width, 1.0)).expect("laid out");
            draw_view(&sheet, &layout);
            relayout.push(ms(start));
        }
        drop(sheet);
        let text_memory = memory_of(index, "text");
        let memory = memory_of(index, "sheet") - text_memory;
        let whole_memory = memory_of(index, "whole") - text_memory;
        let text_ms = common::median(text.into_iter());
        let frame_ms = common::median(frame.into_iter());
        let relayout_ms = common::median(relayout.into_iter());
        println!(
            "{name:<17} {html_kb:>9} {text_ms:>8.1} ms {frame_ms:>6.1} ms {:>11.2}× {whole:>9} {relayout_ms:>6.1} ms {memory:>7.1} MB {whole_memory:>7.1} MB",
            frame_ms / text_ms.max(0.001)
        );
    }
}
