//! Load + validate of a synthetic 100,000-card collection in 500 files, against the
//! floor: the `toml` crate's own parse of the same bytes.
//!
//! Run: `cargo bench --bench load` (figures are written down in BENCHMARKS.md).

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may fail loudly

#[path = "synth.rs"]
mod synth;

use std::time::{Duration, Instant};

use upsc::deck::load::{Collection, Decks};

fn best_of<T>(runs: usize, mut f: impl FnMut() -> T) -> Duration {
    (0..runs)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(f());
            start.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn main() -> std::io::Result<()> {
    let files: usize = std::env::var("SYNTH_FILES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(500);
    let cards: usize = std::env::var("SYNTH_CARDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let dir = tempfile::TempDir::new()?;
    let bytes = synth::write_collection(dir.path(), files, cards)?;
    let deck_dir = dir.path().join("decks");

    // The floor: read every file and parse it with the toml crate, nothing else.
    let mut paths: Vec<_> = std::fs::read_dir(&deck_dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    paths.sort();
    let floor = best_of(5, || {
        let mut n = 0;
        for path in &paths {
            let text = std::fs::read_to_string(path).unwrap_or_default();
            if let Ok(doc) = toml::de::DeTable::parse(&text) {
                n += doc.get_ref().len();
            }
        }
        n
    });

    // In memory, one core: the toml parse alone against our parse + validation.
    let texts: Vec<String> = paths
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap_or_default())
        .collect();
    let parse_only = best_of(5, || {
        texts
            .iter()
            .filter_map(|t| toml::de::DeTable::parse(t).ok())
            .count()
    });
    let validate = best_of(5, || {
        texts
            .iter()
            .filter_map(|t| upsc::deck::parse::parse_deck(t, Default::default()).0)
            .count()
    });
    println!(
        "in memory, one core: toml parse {:.1} ms, parse + validate {:.1} ms ({:.2}x)",
        parse_only.as_secs_f64() * 1e3,
        validate.as_secs_f64() * 1e3,
        validate.as_secs_f64() / parse_only.as_secs_f64()
    );

    let sources = Decks::at(deck_dir.clone());
    let check = Collection::load(&sources);
    let loaded: usize = check.decks.iter().map(|d| d.cards.len()).sum();
    assert_eq!(
        loaded,
        cards,
        "every synthetic card loads: {:?}",
        check.reports.first().map(|r| &r.diagnostics)
    );
    let full = best_of(5, || Collection::load(&sources));

    let mb = bytes as f64 / 1e6;
    println!("synthetic collection: {cards} cards in {files} files, {mb:.1} MB");
    println!(
        "toml parse (floor): {:>8.1} ms  {:>6.1} MB/s  {:>5.2} us/card",
        floor.as_secs_f64() * 1e3,
        mb / floor.as_secs_f64(),
        floor.as_secs_f64() * 1e6 / cards as f64
    );
    println!(
        "load + validate:    {:>8.1} ms  {:>6.1} MB/s  {:>5.2} us/card",
        full.as_secs_f64() * 1e3,
        mb / full.as_secs_f64(),
        full.as_secs_f64() * 1e6 / cards as f64
    );
    println!(
        "ratio: {:.2}x the floor (target: at most 1.30x)",
        full.as_secs_f64() / floor.as_secs_f64()
    );
    Ok(())
}
