//! The attempt coach at scale (issue 29): `upsc coach --json` over a store holding
//! 1,000,000 mock-test answers (10,000 tests of 100 questions, each with question text
//! and options of the size real ones have, across the five kinds, four confidences and
//! blanks, 20 subject tags), as a whole process with its peak memory, and the coach's
//! own arithmetic in process (the table, the exact policy search, the narrowing search).
//! The answers are counted by the store's triggers as they are written (`coach_counts`);
//! the fill an upgraded store makes once, at its first open, is timed apart.
//!
//! Targets: under 0.5 s and 64 MB. The first run of a day takes the day's backup of the
//! store; that run is shown apart and the measured runs come after it.
//!
//! Run: `cargo bench --bench coach` (it builds and calls target/release/upsc); the
//! figures are written down in BENCHMARKS.md.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark may fail loudly

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use chrono::DateTime;
use upsc::store::Store;

const NOW: &str = "2026-06-01T09:00:00+05:30";
const TESTS: usize = 10_000;
const PER_TEST: usize = 100;

fn binary() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("target/release/upsc")
}

/// Runs `upsc coach --json` in `home`: how long it took, its peak memory in kB and the
/// processor time it used (user and system: on a shared machine the wall time also
/// counts the waiting for a core).
fn coach(home: &Path) -> (Duration, u64, f64) {
    let start = Instant::now();
    let out = Command::new("/usr/bin/time")
        .args(["-f", "%M %U %S"])
        .arg(binary())
        .args(["coach", "--json"])
        .env("UPSC_HOME", home)
        .env("UPSC_NOW", NOW)
        .env_remove("UPSC_DECKS")
        .output()
        .unwrap();
    let took = start.elapsed();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["ready"], true);
    let last: Vec<&str> = stderr
        .lines()
        .last()
        .unwrap_or("")
        .split_whitespace()
        .collect();
    let peak = last.first().and_then(|n| n.parse().ok()).unwrap_or(0);
    let cpu = last[1..].iter().filter_map(|n| n.parse::<f64>().ok()).sum();
    (took, peak, cpu)
}

/// A small deterministic generator (xorshift), so every run writes the same store.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// Writes the tests straight into the store, in one transaction.
fn write_tests(home: &Path) {
    let now = DateTime::parse_from_rfc3339(NOW).unwrap();
    let store = Store::open(&home.join("progress.db"), None, now).unwrap();
    let conn = store.connection();
    let kinds = ["statements", "pairs", "rows", "assertion", "mcq"];
    // Declared confidence and the chance of a right answer at it.
    let levels = [
        (Some("sure"), 0.88),
        (Some("50-50"), 0.52),
        (Some("guess"), 0.31),
        (None, 0.6),
    ];
    let question = "Consider the following statements about the constitutional and statutory bodies of India and the powers the Constitution gives them :\n  1. The first statement of a typical Prelims question, of about the usual length.\n  2. The second statement, also of about the length the paper prints.\n  3. The third statement, with a date and a name in it, 1950.\n\nWhich of the statements given above is/are correct?";
    let options = r#"["1 only","1 and 2 only","2 and 3 only","1, 2 and 3"]"#;
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    conn.execute_batch("BEGIN").unwrap();
    {
        let mut test = conn
            .prepare(
                "INSERT INTO mock_tests (started_at, utc_offset, finished_at, status, marking, minutes, filters, questions,
                                         right_count, wrong_count, score_sixths, max_sixths)
                 VALUES (?1, 19800, ?1, 'submitted', 'gs1', 120, 'all decks', ?2, 0, 0, 0, 1200)",
            )
            .unwrap();
        let mut answer = conn
            .prepare(
                "INSERT INTO mock_answers (test_id, position, deck, card, kind, fingerprint, tags, question, options,
                                           correct, answer_text, notes, explanation, chosen, confidence, visited, seconds)
                 VALUES (?1, ?2, ?3, ?4, ?5, 0, ?6, ?7, ?8, ?9, '(b) 1 and 2 only', '', NULL, ?10, ?11, 1, 60)",
            )
            .unwrap();
        for t in 0..TESTS {
            let at = now.timestamp_millis() - (TESTS - t) as i64 * 86_400_000 / 10;
            test.execute((at, PER_TEST as i64)).unwrap();
            let id = conn.last_insert_rowid();
            for position in 0..PER_TEST {
                let kind = kinds[rng.below(kinds.len() as u64) as usize];
                let tags = format!("subject-{}\ngs1", rng.below(20));
                let correct = rng.below(4) as i64;
                // One question in six left blank; the rest at a confidence.
                let (chosen, confidence) = if rng.below(6) == 0 {
                    (None, None)
                } else {
                    let (tag, p) = levels[rng.below(levels.len() as u64) as usize];
                    let right = (rng.below(1_000_000) as f64) < p * 1_000_000.0;
                    let chosen = if right { correct } else { (correct + 1) % 4 };
                    (Some(chosen), tag)
                };
                answer
                    .execute(rusqlite::params![
                        id,
                        position as i64,
                        format!("deck-{}", rng.below(50)),
                        format!("card-{}", rng.below(100_000)),
                        kind,
                        tags,
                        question,
                        options,
                        correct,
                        chosen,
                        confidence,
                    ])
                    .unwrap();
            }
        }
    }
    conn.execute_batch("COMMIT").unwrap();
}

fn main() {
    let built = Command::new(env!("CARGO"))
        .args(["build", "--release", "--quiet", "--bin", "upsc"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .status()
        .unwrap();
    assert!(built.success());
    let home = tempfile::TempDir::new().unwrap();
    let start = Instant::now();
    write_tests(home.path());
    let bytes = std::fs::metadata(home.path().join("progress.db"))
        .map(|m| m.len())
        .unwrap_or(0);
    println!(
        "store: {} mock answers, {:.0} MB, written in {:.1} s",
        TESTS * PER_TEST,
        bytes as f64 / 1e6,
        start.elapsed().as_secs_f64()
    );
    // An upgraded store: no counts yet; the first open counts every answer once.
    {
        let now = DateTime::parse_from_rfc3339(NOW).unwrap();
        let store = Store::open(&home.path().join("progress.db"), None, now).unwrap();
        store
            .connection()
            .execute_batch("DROP TABLE coach_counts")
            .unwrap();
    }
    let start = Instant::now();
    drop(
        Store::open(
            &home.path().join("progress.db"),
            None,
            DateTime::parse_from_rfc3339(NOW).unwrap(),
        )
        .unwrap(),
    );
    println!(
        "first open of a store without the counts (fills them from 1,000,000 answers): {:.0} ms",
        start.elapsed().as_secs_f64() * 1000.0
    );
    let (first, first_peak, _) = coach(home.path());
    println!(
        "first run of the day (takes the day's backup): {:.0} ms, {:.1} MB",
        first.as_secs_f64() * 1000.0,
        first_peak as f64 / 1024.0
    );
    let mut times = Vec::new();
    let mut peaks = Vec::new();
    let mut cpus = Vec::new();
    for _ in 0..5 {
        let (took, peak, cpu) = coach(home.path());
        times.push(took);
        peaks.push(peak);
        cpus.push(cpu);
    }
    times.sort();
    cpus.sort_by(f64::total_cmp);
    println!(
        "| `upsc coach --json`, 1,000,000 mock answers, whole process (median of 5) | {:.0} ms wall (best {:.0}, worst {:.0}); {:.0} ms processor time | {:.1} MB peak |",
        times[2].as_secs_f64() * 1000.0,
        times[0].as_secs_f64() * 1000.0,
        times[4].as_secs_f64() * 1000.0,
        cpus[2] * 1000.0,
        *peaks.iter().max().unwrap() as f64 / 1024.0
    );

    // In process: the store's counts, then the coach's arithmetic alone.
    let now = DateTime::parse_from_rfc3339(NOW).unwrap();
    let store = Store::open(&home.path().join("progress.db"), None, now).unwrap();
    let mut read = Vec::new();
    let mut model = Vec::new();
    for _ in 0..5 {
        let start = Instant::now();
        let records = store.calibration_records().unwrap();
        read.push(start.elapsed());
        let start = Instant::now();
        let coaching = upsc::coach::coach(records, &upsc::coach::DEFAULT_CUTOFFS);
        model.push(start.elapsed());
        assert!(matches!(coaching, upsc::coach::Coaching::Ready(_)));
    }
    read.sort();
    model.sort();
    println!(
        "| in process: reading the counts | {:.1} ms |",
        read[2].as_secs_f64() * 1000.0
    );
    println!(
        "| in process: calibration, policy search and narrowing | {:.1} ms |",
        model[2].as_secs_f64() * 1000.0
    );
}
