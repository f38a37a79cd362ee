//! `upsc sync` at scale (issue 15): one computer with a long history (100,000 cards,
//! 1,000,000 log rows; and a smaller one of 100,000 rows) receives the new answers of
//! another — 1,000, 10,000 and 100,000 of them — through a shared folder. Measures the
//! receiving `upsc sync` as a whole process (open, read the new file, merge in one
//! transaction, replay the touched cards), and the first sync of the large history
//! (writing every answer out once).
//!
//! Run: `cargo bench --bench sync` (it builds and calls target/release/upsc); the figures
//! are written down in BENCHMARKS.md. `UPSC_SYNC_BENCH_KEEP=<folder>` prepares one run
//! there for profiling instead.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark may fail loudly

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use chrono::{DateTime, FixedOffset, TimeDelta};
use upsc::store::Store;

const NOW: &str = "2026-06-01T09:00:00+05:30";

fn binary() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("target/release/upsc")
}

/// Runs `upsc sync DIR --name NAME` in `home`; returns how long it took and what it said.
fn sync(home: &Path, dir: &Path, name: &str) -> (Duration, String) {
    let (took, said, _) = sync_measured(home, dir, name);
    (took, said)
}

/// [`sync`], also with its peak memory in kB (through `/usr/bin/time -f %M`).
fn sync_measured(home: &Path, dir: &Path, name: &str) -> (Duration, String, u64) {
    let start = Instant::now();
    let out = Command::new("/usr/bin/time")
        .args(["-f", "%M"])
        .arg(binary())
        .args(["sync", &dir.to_string_lossy(), "--name", name])
        .env("UPSC_HOME", home)
        .env("UPSC_NOW", NOW)
        .env_remove("UPSC_DECKS")
        .output()
        .unwrap();
    let took = start.elapsed();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let peak = stderr
        .lines()
        .last()
        .and_then(|l| l.trim().parse().ok())
        .unwrap_or(0);
    (
        took,
        String::from_utf8_lossy(&out.stdout).trim().to_string(),
        peak,
    )
}

/// Writes `cards` cards with `per_card` answers each (every 20 days, the last one 20 days
/// ago) straight into a store, as benches/revision.rs does, then derives the states.
fn history(home: &Path, now: DateTime<FixedOffset>, cards: usize, per_card: i64) {
    let mut store = Store::open(&home.join("progress.db"), None, now).unwrap();
    let conn = store.connection();
    write_answers(conn, now, cards, per_card, |card_id, _| {
        now + TimeDelta::hours((card_id % 240) - 12)
    });
    store.rebuild_states().unwrap();
}

/// Writes `cards` cards (200 a deck) with `per_card` Good answers each, every 20 days, the
/// last one 20 days before `now`, in one transaction; `due` gives an answer's due time
/// from its card's row id and its time.
fn write_answers(
    conn: &rusqlite::Connection,
    now: DateTime<FixedOffset>,
    cards: usize,
    per_card: i64,
    due: impl Fn(i64, DateTime<FixedOffset>) -> DateTime<FixedOffset>,
) {
    conn.execute_batch("BEGIN").unwrap();
    {
        let mut card = conn
            .prepare("INSERT INTO cards (deck, id, kind, fingerprint) VALUES (?1, ?2, 'mcq', 0)")
            .unwrap();
        let mut log = conn
            .prepare(
                "INSERT INTO revlog (card_id, reviewed_at, utc_offset, rating, correct, duration_ms, mode, fingerprint,
                                     state_before, state_after, due_after, stability, difficulty, step_after)
                 VALUES (?1, ?2, 19800, 3, 1, 4000, 'review', 0, 2, 2, ?3, 20.0, 5.0, 0)",
            )
            .unwrap();
        for c in 0..cards {
            card.execute((
                format!("synthetic-{}", c / 200),
                format!("card-{}", c % 200),
            ))
            .unwrap();
            let card_id = conn.last_insert_rowid();
            for r in 0..per_card {
                let t = now - TimeDelta::days(20 * (per_card - r));
                log.execute((
                    card_id,
                    t.timestamp_millis(),
                    due(card_id, t).timestamp_millis(),
                ))
                .unwrap();
            }
        }
    }
    conn.execute_batch("COMMIT").unwrap();
}

/// `n` new answers on another computer, on cards the large history has (one each, in the
/// last hour), written straight into its store.
fn new_answers(home: &Path, now: DateTime<FixedOffset>, n: usize) {
    let store = Store::open(&home.join("progress.db"), None, now).unwrap();
    let conn = store.connection();
    conn.execute_batch("BEGIN").unwrap();
    {
        let mut card = conn
            .prepare("INSERT INTO cards (deck, id, kind, fingerprint) VALUES (?1, ?2, 'mcq', 0)")
            .unwrap();
        let mut log = conn
            .prepare(
                "INSERT INTO revlog (card_id, reviewed_at, utc_offset, rating, correct, duration_ms, mode, fingerprint,
                                     state_before, state_after, due_after, stability, difficulty, step_after)
                 VALUES (?1, ?2, 19800, ?3, 1, 4000, 'review', 0, 2, 2, ?2, 20.0, 5.0, 0)",
            )
            .unwrap();
        for i in 0..n {
            // Spread over the large history's cards (100,000), every fourth one wrong.
            let c = (i * 7) % 100_000;
            card.execute((
                format!("synthetic-{}", c / 200),
                format!("card-{}", c % 200),
            ))
            .unwrap();
            let card_id = conn.last_insert_rowid();
            let t = now - TimeDelta::minutes(60) + TimeDelta::milliseconds(i as i64 * 10);
            let rating = if i % 4 == 0 { 1 } else { 3 };
            log.execute((card_id, t.timestamp_millis(), rating))
                .unwrap();
        }
    }
    conn.execute_batch("COMMIT").unwrap();
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// The first open of a version-3 store of `rows` answers by this build: the migration
/// gives every answer its event id and builds the new indexes.
fn migration(dir: &Path, now: DateTime<FixedOffset>, rows: usize) {
    let home = dir.join("v3");
    std::fs::create_dir_all(&home).unwrap();
    let conn = rusqlite::Connection::open(home.join("progress.db")).unwrap();
    let schema = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/schema-v3.sql"),
    )
    .unwrap();
    conn.execute_batch(&schema).unwrap();
    write_answers(&conn, now, rows / 10, 10, |_, t| t);
    conn.execute_batch("PRAGMA user_version = 3;").unwrap();
    drop(conn);
    let start = Instant::now();
    let out = Command::new(binary())
        .args(["due", "--json"])
        .env("UPSC_HOME", &home)
        .env("UPSC_NOW", NOW)
        .env_remove("UPSC_DECKS")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    println!(
        "first open of a version-3 store of {rows} rows (the migration, in `upsc due`): {:.1} s",
        start.elapsed().as_secs_f64()
    );
    std::fs::remove_dir_all(&home).unwrap();
}

fn main() {
    let status = Command::new("cargo")
        .args(["build", "--release", "--quiet"])
        .status()
        .unwrap();
    assert!(status.success());
    let now = DateTime::parse_from_rfc3339(NOW).unwrap();
    let temp = tempfile::TempDir::new().unwrap();
    // For profiling: `UPSC_SYNC_BENCH_KEEP=<folder>` prepares one run (1,000,000 rows, 10,000
    // new answers waiting in the shared folder) there, prints the command, and stops.
    if let Some(keep) = std::env::var_os("UPSC_SYNC_BENCH_KEEP") {
        let keep = Path::new(&keep);
        history(&keep.join("big"), now, 100_000, 10);
        std::fs::create_dir_all(keep.join("shared")).unwrap();
        sync(&keep.join("big"), &keep.join("shared"), "big");
        new_answers(&keep.join("other"), now, 10_000);
        std::fs::create_dir_all(keep.join("other-shared")).unwrap();
        sync(&keep.join("other"), &keep.join("other-shared"), "other");
        copy_dir(&keep.join("other-shared"), &keep.join("shared"));
        println!(
            "ready: UPSC_HOME={} UPSC_NOW={NOW} target/release/upsc sync {} --name big (copy the folder first: it runs once)",
            keep.join("big").display(),
            keep.join("shared").display()
        );
        return;
    }
    for (cards, per_card, news) in [
        (10_000usize, 10i64, &[10_000usize][..]),
        (100_000, 10, &[1_000, 10_000, 100_000][..]),
    ] {
        let rows = cards * per_card as usize;
        migration(temp.path(), now, rows);
        let base = temp.path().join(format!("base-{rows}"));
        let big = base.join("big");
        let shared = base.join("shared");
        std::fs::create_dir_all(&shared).unwrap();
        let started = Instant::now();
        history(&big, now, cards, per_card);
        println!(
            "prepared {rows} log rows in {:.1} s",
            started.elapsed().as_secs_f64()
        );
        let (first, said, first_peak) = sync_measured(&big, &shared, "big");
        let bytes: u64 = walkdir::WalkDir::new(&shared)
            .into_iter()
            .filter_map(Result::ok)
            .filter_map(|e| e.metadata().ok())
            .filter(|m| m.is_file())
            .map(|m| m.len())
            .sum();
        println!(
            "first sync of {rows} rows: {:.2} s, {:.0} MB written, peak memory {} MB ({said})",
            first.as_secs_f64(),
            bytes as f64 / 1e6,
            first_peak / 1024
        );
        // A new computer joining: it takes in the whole history once.
        let joining = temp.path().join(format!("joining-{rows}"));
        let run = temp.path().join(format!("joining-shared-{rows}"));
        copy_dir(&shared, &run);
        let (took, said, peak) = sync_measured(&joining, &run, "joining");
        println!(
            "a new computer joining {rows} rows: {:.1} s, peak memory {} MB ({said})",
            took.as_secs_f64(),
            peak / 1024
        );
        std::fs::remove_dir_all(&run).unwrap();
        std::fs::remove_dir_all(&joining).unwrap();
        for &n in news {
            let mut samples = Vec::new();
            for round in 0..3 {
                let run = temp.path().join(format!("run-{rows}-{n}-{round}"));
                copy_dir(&base, &run);
                // The other computer writes its answers into a folder of its own (were it
                // to sync with the shared one, it would first take in the whole history),
                // and the sync tool brings its files over.
                let other = run.join("other");
                new_answers(&other, now, n);
                let own = run.join("other-shared");
                std::fs::create_dir_all(&own).unwrap();
                sync(&other, &own, "other");
                copy_dir(&own, &run.join("shared"));
                let (took, said, peak) =
                    sync_measured(&run.join("big"), &run.join("shared"), "big");
                assert!(said.contains(&format!("received {n} from")), "{said}");
                samples.push(took);
                if round == 0 {
                    println!(
                        "  {n} new answers into {rows} rows: peak memory {} MB",
                        peak / 1024
                    );
                }
                // And nothing the second time: the files read are remembered.
                let (again, said) = sync(&run.join("big"), &run.join("shared"), "big");
                assert!(said.contains("received 0 from"), "{said}");
                if round == 0 {
                    println!(
                        "  {n} new answers into {rows} rows: a sync with nothing new then takes {:.0} ms",
                        again.as_secs_f64() * 1e3
                    );
                }
                std::fs::remove_dir_all(&run).unwrap();
            }
            samples.sort();
            println!(
                "{n} new answers into {rows} rows: upsc sync (whole process) median {:.0} ms, best {:.0} ms, worst {:.0} ms",
                samples[1].as_secs_f64() * 1e3,
                samples[0].as_secs_f64() * 1e3,
                samples[2].as_secs_f64() * 1e3
            );
        }
    }
}
