//! Message list benchmark: prints figures, asserts nothing.
//!
//! `cargo bench --bench mailbox_list [-- SIZE]` (default 100000). Fills a store with SIZE
//! messages in one folder and a baseline store with 100, then measures for each, in the same
//! run, the median of 30:
//!
//! - reading the page the list shows (what the window does when a folder opens or scrolls);
//! - building the mailbox view and laying it out (iced_test's headless Simulator), at the top
//!   of the list and scrolled to the middle;
//!
//! and prints the large folder's figures as ratios to the baseline's. The list is virtual, so
//! the ratios should stay near 1: a folder of 100,000 costs what a folder of 100 does.

use std::time::Instant;

use facteur::store::{Scope, Store};
use facteur::ui::library::Library;
use facteur::ui::mailbox::{self, Message, ROW_HEIGHT};

mod common;

const RUNS: usize = 30;

struct Figures {
    page_ms: f64,
    view_top_ms: f64,
    view_middle_ms: f64,
}

fn measure(runtime: &tokio::runtime::Runtime, path: &std::path::Path, count: usize) -> Figures {
    let library = Library::new(path.to_path_buf());
    let scope = {
        let store = Store::open_read_only(path).unwrap();
        let account = store.account_id("marie@example.fr").unwrap().unwrap();
        Scope::Folder(store.folders(account).unwrap()[0].id)
    };
    let middle = count / 2;
    let page_ms = common::median((0..RUNS).map(|i| {
        let offset = if i % 2 == 0 { 0 } else { middle };
        let start = Instant::now();
        let page = runtime
            .block_on(library.clone().page(scope.clone(), offset, 120))
            .unwrap();
        assert_eq!(page.total, count);
        start.elapsed().as_secs_f64() * 1000.0
    }));
    let (mut state, _) = mailbox::State::new(library.clone(), vec!["marie@example.fr".into()], 0);
    let sidebar = runtime
        .block_on(library.clone().sidebar(vec!["marie@example.fr".into()]))
        .unwrap();
    let preferences = facteur::account::Preferences::default();
    let _ = state.update(Message::Sidebar(Ok(sidebar)), &preferences);
    let mut view_at = |first: usize| {
        let page = runtime
            .block_on(
                library
                    .clone()
                    .page(scope.clone(), first.saturating_sub(40), 120),
            )
            .unwrap();
        let _ = state.update(
            Message::List(mailbox::list::Message::Page(0, Ok(page))),
            &preferences,
        );
        let _ = state.update(
            Message::List(mailbox::list::Message::Scrolled {
                top: first as f32 * ROW_HEIGHT,
                height: 640.0,
            }),
            &preferences,
        );
        common::median((0..RUNS).map(|_| {
            let start = Instant::now();
            let ui = iced_test::simulator(state.view(&[], &preferences));
            drop(ui);
            start.elapsed().as_secs_f64() * 1000.0
        }))
    };
    let view_top_ms = view_at(0);
    let view_middle_ms = view_at(middle);
    Figures {
        page_ms,
        view_top_ms,
        view_middle_ms,
    }
}

fn main() {
    let size: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(100_000);
    let dir = tempfile::tempdir().unwrap();
    let (big, small) = (
        dir.path().join("big.sqlite3"),
        dir.path().join("small.sqlite3"),
    );
    common::fill_inbox(&big, size);
    common::fill_inbox(&small, 100);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let base = measure(&runtime, &small, 100);
    let large = measure(&runtime, &big, size);
    println!(
        "Message list benchmark (median of {RUNS}; ratios to a 100-message folder, same run)\n"
    );
    println!("                                   100 msgs   {size} msgs   ratio");
    for (name, a, b) in [
        ("read the visible page", base.page_ms, large.page_ms),
        ("build + lay out, top", base.view_top_ms, large.view_top_ms),
        (
            "build + lay out, middle",
            base.view_middle_ms,
            large.view_middle_ms,
        ),
    ] {
        println!("  {name:<30} {a:>8.2} ms {b:>9.2} ms   {:.2}×", b / a);
    }
    println!("\n  peak RSS: {:.0} MB", common::peak_rss_mb());
}
