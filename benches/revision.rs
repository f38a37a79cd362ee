//! Daily revision at scale: 100,000 cards in 500 deck files with 1,000,000 review-log rows.
//! Measures `upsc due` as a whole process, the work before the first question (load decks,
//! read states, build the queue), and the time to commit one answer.
//!
//! Run: `cargo bench --bench revision` (it builds and calls target/release/upsc; figures
//! are written down in BENCHMARKS.md).

#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark may fail loudly

#[path = "synth.rs"]
mod synth;

use std::process::Command;
use std::time::{Duration, Instant};

use chrono::{DateTime, TimeDelta};
use upsc::cli::Filter;
use upsc::deck::load::{Collection, DeckSource};
use upsc::scheduler::{Rating, Scheduler, Settings};
use upsc::store::{Answer, Store};

const NOW: &str = "2026-06-01T09:00:00+05:30";

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn main() -> anyhow::Result<()> {
    let files = 500;
    let cards = 100_000;
    let reviews_per_card = 10;
    let dir = tempfile::TempDir::new()?;
    synth::write_collection(dir.path(), files, cards)?;
    let decks = dir.path().join("decks");
    let home = dir.path().join("home");
    let now = DateTime::parse_from_rfc3339(NOW)?;

    // A store with 1,000,000 log rows written through the real `record` path would take
    // long; insert rows of the same shape directly, then derive states as `doctor` does.
    let started = Instant::now();
    {
        let mut store = Store::open(&home.join("progress.db"), None, now.to_utc())?;
        let conn = store.connection();
        conn.execute_batch("BEGIN")?;
        {
            let mut card = conn.prepare(
                "INSERT INTO cards (deck, id, kind, fingerprint) VALUES (?1, ?2, 'mcq', 0)",
            )?;
            let mut log = conn.prepare(
                "INSERT INTO revlog (card_id, reviewed_at, utc_offset, rating, correct, duration_ms, mode, fingerprint,
                                     state_before, state_after, due_after, stability, difficulty, step_after)
                 VALUES (?1, ?2, 19800, ?3, 1, 4000, 'review', 0, 2, 2, ?4, 20.0, 5.0, 0)",
            )?;
            let per_file = cards / files;
            let mut card_id = 0i64;
            for f in 0..files {
                for c in 0..per_file {
                    card.execute((format!("synthetic-{f}"), format!("card-{c}")))?;
                    card_id += 1;
                    for r in 0..reviews_per_card {
                        let t = now - TimeDelta::days(i64::from(200 - r * 20));
                        // Spread due dates so some cards are due today and most are not.
                        let due = now + TimeDelta::hours((card_id % 240) - 12);
                        log.execute((card_id, t.timestamp_millis(), 3, due.timestamp_millis()))?;
                    }
                }
            }
        }
        conn.execute_batch("COMMIT")?;
        store.rebuild_states()?;
    }
    println!(
        "prepared {cards} cards, {} log rows in {:.1} s",
        cards * reviews_per_card as usize,
        started.elapsed().as_secs_f64()
    );

    // `upsc due` as a whole process.
    let status = Command::new("cargo")
        .args(["build", "--release", "--quiet"])
        .status()?;
    assert!(status.success());
    let binary = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/release/upsc");
    let mut samples = Vec::new();
    for _ in 0..7 {
        let start = Instant::now();
        let out = Command::new(&binary)
            .args(["--decks", &decks.to_string_lossy(), "due", "--json"])
            .env("UPSC_HOME", &home)
            .env("UPSC_NOW", NOW)
            .output()?;
        samples.push(start.elapsed());
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    // The first run parses every deck and fills the index; later runs read the index.
    let cold = samples.remove(0);
    println!(
        "upsc due (whole process): first run {:.0} ms (fills the deck index), then median {:.0} ms, best {:.0} ms",
        cold.as_secs_f64() * 1e3,
        median(samples.clone()).as_secs_f64() * 1e3,
        samples.iter().min().unwrap().as_secs_f64() * 1e3
    );
    let rss = Command::new("/usr/bin/time")
        .args(["-f", "%M"])
        .arg(&binary)
        .args(["--decks", &decks.to_string_lossy(), "due", "--json"])
        .env("UPSC_HOME", &home)
        .env("UPSC_NOW", NOW)
        .output();
    if let Ok(out) = rss {
        let text = String::from_utf8_lossy(&out.stderr);
        if let Some(kb) = text
            .lines()
            .last()
            .and_then(|l| l.trim().parse::<f64>().ok())
        {
            println!("upsc due peak memory: {:.0} MB", kb / 1024.0);
        }
    }

    // Before the first question: load decks, open the store, read states, build the queue.
    let mut samples = Vec::new();
    for _ in 0..5 {
        let start = Instant::now();
        let collection = Collection::load(&[DeckSource::Path(decks.clone())]);
        let store = Store::open(&home.join("progress.db"), None, now.to_utc())?;
        let scheduler = Scheduler::new(store.settings()?)?;
        let stored = store.cards()?;
        let queue = upsc::study::build_queue(
            &collection,
            &stored,
            &Filter::default(),
            &scheduler,
            now,
            20,
            200,
        );
        assert!(!queue.is_empty());
        samples.push(start.elapsed());
    }
    println!(
        "start to first question (in process): median {:.0} ms",
        median(samples).as_secs_f64() * 1e3
    );

    // Committing one answer.
    let mut store = Store::open(&home.join("progress.db"), None, now.to_utc())?;
    let scheduler = Scheduler::new(Settings::default())?;
    let mut samples = Vec::new();
    for i in 0..1000 {
        let id = format!("card-{}", i % 200);
        let answer = Answer {
            deck: "synthetic-7",
            card: &id,
            kind: "mcq",
            fingerprint: 0,
            rating: Rating::Good,
            correct: true,
            duration_ms: 4000,
            confidence: None,
            given: Some("(b)"),
            mode: "review",
            schedule: true,
        };
        let at = now + TimeDelta::seconds(i);
        let start = Instant::now();
        store.record(&answer, &scheduler, at)?;
        samples.push(start.elapsed());
    }
    let mut sorted = samples.clone();
    sorted.sort();
    println!(
        "commit one answer: median {:.2} ms, p99 {:.2} ms",
        median(samples).as_secs_f64() * 1e3,
        sorted[sorted.len() * 99 / 100].as_secs_f64() * 1e3
    );
    Ok(())
}
