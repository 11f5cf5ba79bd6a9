//! Start-up benchmark: prints figures, asserts nothing.
//!
//! `cargo bench --bench startup [-- SIZE]` (default 100000 messages in the cache), on the
//! display in `DISPLAY`, or on an Xvfb it starts (from `scripts/install-deps`). For Facteur on
//! a profile whose cache holds SIZE messages (warm: the cache's pages are in memory after the
//! first run), and for the smallest iced window (`examples/first-frame-baseline.rs`) in the
//! same run, interleaved, the median of 10 of:
//!
//! - the time from `exec` to the first frame drawn (each writes `FACTEUR_FIRST_FRAME_FILE`
//!   when its first frame is drawn; the bench polls for it every millisecond);
//! - the resident memory (VmRSS) 2 s after that frame, the mailbox open and idle;
//!
//! and the ratios of Facteur's figures to the baseline's. The account points at a closed
//! port: no network work competes with the start.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

mod common;

const RUNS: usize = 10;

/// Facteur's binary (built by `cargo bench` with the benches' profile).
fn facteur_bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_facteur"))
}

/// The baseline example, built with the same profile.
fn baseline_bin() -> PathBuf {
    let release = !cfg!(debug_assertions);
    let mut build = Command::new(env!("CARGO"));
    build.args(["build", "--quiet", "--example", "first-frame-baseline"]);
    if release {
        build.arg("--release");
    }
    assert!(build.status().unwrap().success(), "the baseline builds");
    let dir = facteur_bin().parent().unwrap().to_path_buf();
    dir.join("examples/first-frame-baseline")
}

fn rss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

struct Run {
    first_frame_ms: f64,
    rss_mb: f64,
}

fn run(bin: &Path, home: &Path, display: &str) -> Run {
    let marker = home.join("first-frame");
    let _ = std::fs::remove_file(&marker);
    let start = Instant::now();
    let mut child: Child = Command::new(bin)
        .env("DISPLAY", display)
        .env_remove("WAYLAND_DISPLAY")
        .env("FACTEUR_HOME", home)
        .env("FACTEUR_FIRST_FRAME_FILE", &marker)
        .env("LANGUAGE", "en")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    while !marker.exists() {
        if start.elapsed() > Duration::from_secs(60) || child.try_wait().unwrap().is_some() {
            panic!("{} drew no frame", bin.display());
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    let first_frame_ms = start.elapsed().as_secs_f64() * 1000.0;
    std::thread::sleep(Duration::from_secs(2));
    let rss_mb = rss_kib(child.id()) as f64 / 1024.0;
    let _ = child.kill();
    let _ = child.wait();
    Run {
        first_frame_ms,
        rss_mb,
    }
}

fn main() {
    let size: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(100_000);
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("profile");
    let paths = facteur::paths::Paths::under(&home);
    paths.create().unwrap();
    let added = Command::new(facteur_bin())
        .env("FACTEUR_HOME", &home)
        .args([
            "account",
            "add",
            "--email",
            "marie@example.fr",
            "--name",
            "Marie Dupont",
            "--imap-host",
            "127.0.0.1",
            "--imap-port",
            "9",
            "--imap-security",
            "tls",
            "--smtp-host",
            "127.0.0.1",
            "--smtp-port",
            "9",
            "--smtp-security",
            "tls",
        ])
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(added.success(), "the account is added");
    eprintln!("filling a cache of {size} messages…");
    common::fill_inbox(&paths.store_file(), size);
    let baseline = baseline_bin();
    let baseline_home = dir.path().join("baseline");
    std::fs::create_dir_all(&baseline_home).unwrap();

    let mut xvfb = None;
    let display = match std::env::var("DISPLAY") {
        Ok(d) if !d.is_empty() => d,
        _ => {
            let display = ":87".to_string();
            xvfb = Some(
                Command::new("Xvfb")
                    .args([
                        display.as_str(),
                        "-screen",
                        "0",
                        "1280x800x24",
                        "-nolisten",
                        "tcp",
                    ])
                    .stdout(Stdio::null())
                    .stderr(Stdio::null())
                    .spawn()
                    .expect("Xvfb (scripts/install-deps installs it)"),
            );
            std::thread::sleep(Duration::from_millis(500));
            display
        }
    };
    // One of each first, to warm the page cache and the shader caches.
    run(&facteur_bin(), &home, &display);
    run(&baseline, &baseline_home, &display);
    let (mut app, mut base) = (Vec::new(), Vec::new());
    for _ in 0..RUNS {
        app.push(run(&facteur_bin(), &home, &display));
        base.push(run(&baseline, &baseline_home, &display));
    }
    if let Some(mut x) = xvfb {
        let _ = x.kill();
        let _ = x.wait();
    }
    let med = |v: &[Run], f: fn(&Run) -> f64| common::median(v.iter().map(f));
    let (app_ms, base_ms) = (
        med(&app, |r| r.first_frame_ms),
        med(&base, |r| r.first_frame_ms),
    );
    let (app_mb, base_mb) = (med(&app, |r| r.rss_mb), med(&base, |r| r.rss_mb));
    println!("start-up, {size} messages in the cache, median of {RUNS} (interleaved):");
    println!(
        "  exec → first frame: Facteur {app_ms:.0} ms, minimal iced window {base_ms:.0} ms ({:.2}×)",
        app_ms / base_ms
    );
    println!(
        "  RSS 2 s after:      Facteur {app_mb:.0} MB, minimal iced window {base_mb:.0} MB ({:.2}×)",
        app_mb / base_mb
    );
}
