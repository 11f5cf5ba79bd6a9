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
    conversations_ms: f64,
    open_long_ms: f64,
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
    // The same page as conversations, and the conversation of 50 opened, from the store.
    let conversations_ms = {
        let store = Store::open_read_only(path).unwrap();
        let total = store.count_conversations(&scope).unwrap() as u32;
        common::median((0..RUNS).map(|i| {
            let offset = if i % 2 == 0 { 0 } else { total / 2 };
            let start = Instant::now();
            let total_again = store.count_conversations(&scope).unwrap() as u32;
            let rows = store.conversations(&scope, 120, offset).unwrap();
            assert!(total_again == total && !rows.is_empty());
            start.elapsed().as_secs_f64() * 1000.0
        }))
    };
    let open_long_ms = {
        let store = Store::open_read_only(path).unwrap();
        let Scope::Folder(folder) = scope else {
            unreachable!()
        };
        let long = store
            .conversation_of_message_id(folder, "<long@example.org>")
            .unwrap()
            .expect("the long conversation");
        common::median((0..RUNS).map(|_| {
            let start = Instant::now();
            let messages = store.conversation(long, folder).unwrap();
            assert_eq!(messages.len(), 50);
            start.elapsed().as_secs_f64() * 1000.0
        }))
    };
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
        conversations_ms,
        open_long_ms,
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
        (
            "… as conversations",
            base.conversations_ms,
            large.conversations_ms,
        ),
        (
            "open a conversation of 50",
            base.open_long_ms,
            large.open_long_ms,
        ),
        ("build + lay out, top", base.view_top_ms, large.view_top_ms),
        (
            "build + lay out, middle",
            base.view_middle_ms,
            large.view_middle_ms,
        ),
    ] {
        println!("  {name:<30} {a:>8.2} ms {b:>9.2} ms   {:.2}×", b / a);
    }
    threading(&big, size);
    println!("\n  peak RSS: {:.0} MB", common::peak_rss_mb());
}

/// What keeping conversations costs: a 2,000-message batch stored into the large store (the
/// threading included, as a sync stores it) against the threading's own share of such a batch
/// (from threading the whole store again from scratch, which is also what the migration to
/// conversations does).
fn threading(path: &std::path::Path, size: usize) {
    let mut store = Store::open(path).unwrap();
    let account = store.account_id("marie@example.fr").unwrap().unwrap();
    let folder = store.folders(account).unwrap()[0].id;
    let batch: Vec<facteur::store::NewMessage> = (size..size + 2000)
        .map(|i| {
            let (message_id, references) = common::thread_of(i, size + 2000);
            facteur::store::NewMessage {
                uid: i as u32 + 1,
                subject: "Re: Message — compte rendu de réunion".into(),
                from_addr: "jeanne@example.org".into(),
                date: 1_700_000_000 + i as i64 * 60,
                message_id,
                references,
                preview: "Bonjour Marie, voici le compte rendu.".into(),
                ..facteur::store::NewMessage::default()
            }
        })
        .collect();
    let start = Instant::now();
    store.insert_messages(folder, &batch).unwrap();
    let batch_ms = start.elapsed().as_secs_f64() * 1000.0;
    let start = Instant::now();
    let threaded = store.rethread_all().unwrap();
    let all_ms = start.elapsed().as_secs_f64() * 1000.0;
    let share_ms = all_ms / threaded as f64 * 2000.0;
    println!("\n  store a 2,000-message batch (threaded): {batch_ms:>8.1} ms");
    println!(
        "  threading's share of it:                {share_ms:>8.1} ms   {:.1} %",
        share_ms / batch_ms * 100.0
    );
    println!("  thread all {threaded} messages from scratch: {all_ms:>8.0} ms");
}
