//! Daily revision at scale: 100,000 cards in 500 deck files with 1,000,000 review-log rows.
//! Measures `upsc due` as a whole process, the time from start to the first question (in
//! process, step by step, and `upsc review` as a whole process in a pseudo-terminal), then
//! every command of the speed issue's table as a whole process against the same store
//! (`review`, `quiz -n 20` and `test -n 100` to their first screen in a pseudo-terminal;
//! `stats`, `mistakes --json`, `cards --json`, `export --format revlog-csv`, `exam --json`,
//! `check`, and the other commands that read every deck: `decks`, `seeds`, `paper`, a card
//! export), each with its median and peak memory, the time to commit one answer, and
//! what `upsc doctor` finds afterwards.
//! `benches/anki/bench.py` times Anki's backend on a collection of the same scale. With
//! `UPSC_BENCH_BASELINE=<older upsc binary>` the table is measured with it too.
//!
//! Run: `cargo bench --bench revision` (it builds and calls target/release/upsc; figures
//! are written down in BENCHMARKS.md). With `UPSC_BENCH_DIR=<folder>` the collection and
//! store are prepared once and reused, for profiling; each run then adds its 1,000
//! committed answers to that store, so record figures from a fresh run.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark may fail loudly

#[path = "synth.rs"]
mod synth;

use std::io::{Read, Write};
use std::process::Command;
use std::time::{Duration, Instant};

use chrono::{DateTime, TimeDelta};
use upsc::deck::index::DeckIndex;
use upsc::deck::load::Decks;
use upsc::scheduler::{Rating, Scheduler, Settings};
use upsc::store::{Answer, Store};
use upsc::study::Filter;
use upsc::study::{self, Bounds, Schedule};

const NOW: &str = "2026-06-01T09:00:00+05:30";

/// Reads the terminal until `text` has appeared.
fn wait_for(terminal: &mut std::fs::File, text: &str) -> anyhow::Result<()> {
    let mut seen = Vec::new();
    let mut buffer = [0u8; 4096];
    while !String::from_utf8_lossy(&seen).contains(text) {
        let n = terminal.read(&mut buffer)?;
        anyhow::ensure!(n > 0, "the terminal closed before `{text}`");
        seen.extend_from_slice(&buffer[..n]);
    }
    Ok(())
}

/// Runs `upsc --decks DECKS ARGS…` as a whole process five times after one warm-up run and
/// prints a table row: median, best, and peak memory (`/usr/bin/time`, one more run).
/// With `wait`, the command runs in a pseudo-terminal and is timed until `wait` is on
/// screen, then stopped with Esc and Ctrl-C; otherwise its output goes to a pipe that is
/// read to the end.
fn measure(
    name: &str,
    binary: &std::path::Path,
    decks: &std::path::Path,
    home: &std::path::Path,
    args: &[&str],
    wait: Option<&str>,
) -> anyhow::Result<()> {
    let run = |timed: Option<&std::path::Path>| -> anyhow::Result<Duration> {
        let mut command = match timed {
            Some(out) => {
                let mut c = Command::new("/usr/bin/time");
                c.args(["-f", "%M", "-o"]).arg(out).arg(binary);
                c
            }
            None => Command::new(binary),
        };
        command
            .arg("--decks")
            .arg(decks)
            .args(args)
            .env("UPSC_HOME", home)
            .env("UPSC_NOW", NOW)
            .env("NO_COLOR", "1")
            .env("TERM", "xterm");
        let start = Instant::now();
        match wait {
            Some(text) => {
                let process = rexpect::process::PtyProcess::new(command)?;
                let mut terminal = process.get_file_handle()?;
                wait_for(&mut terminal, text)?;
                let elapsed = start.elapsed();
                // Esc leaves a test's start screen; Ctrl-C ends a session.
                terminal.write_all(b"\x1b")?;
                std::thread::sleep(Duration::from_millis(100));
                let _ = terminal.write_all(b"\x03");
                let mut rest = Vec::new();
                let _ = terminal.read_to_end(&mut rest);
                process.wait()?;
                Ok(elapsed)
            }
            None => {
                let out = command.stdout(std::process::Stdio::piped()).output()?;
                let elapsed = start.elapsed();
                anyhow::ensure!(
                    out.status.success() || args[0] == "check",
                    "{name}: {}",
                    String::from_utf8_lossy(&out.stderr)
                );
                Ok(elapsed)
            }
        }
    };
    run(None)?;
    let mut samples = Vec::new();
    for _ in 0..5 {
        samples.push(run(None)?);
    }
    let memory = home.join("bench-rss");
    run(Some(&memory))?;
    let peak = std::fs::read_to_string(&memory)
        .ok()
        .and_then(|t| t.trim().lines().last()?.trim().parse::<f64>().ok())
        .map_or_else(|| "?".to_string(), |kb| format!("{:.0} MB", kb / 1024.0));
    let _ = std::fs::remove_file(&memory);
    println!(
        "| {name} | {:.0} ms | {:.0} ms | {peak} |",
        median(samples.clone()).as_secs_f64() * 1e3,
        samples.iter().min().unwrap().as_secs_f64() * 1e3
    );
    Ok(())
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn main() -> anyhow::Result<()> {
    let files = 500;
    let cards = 100_000;
    let reviews_per_card = 10;
    // `UPSC_BENCH_DIR` keeps the prepared collection and store between runs (for
    // profiling); otherwise everything lives in a temporary folder.
    let temp = tempfile::TempDir::new()?;
    let dir =
        std::env::var_os("UPSC_BENCH_DIR").map_or_else(|| temp.path().to_path_buf(), Into::into);
    let decks = dir.join("decks");
    let home = dir.join("home");
    let now = DateTime::parse_from_rfc3339(NOW)?;
    let ready = dir.join("prepared");
    let reuse = ready.exists();
    if !reuse {
        std::fs::create_dir_all(&dir)?;
        synth::write_collection(&dir, files, cards)?;
    }

    // A store with 1,000,000 log rows written through the real `record` path would take
    // long; insert rows of the same shape directly, then derive states as `doctor` does.
    let started = Instant::now();
    if !reuse {
        let mut store = Store::open(&home.join("progress.db"), None, now)?;
        let conn = store.connection();
        conn.execute_batch("BEGIN")?;
        {
            let mut card = conn.prepare(
                "INSERT INTO cards (deck, id, kind, fingerprint) VALUES (?1, ?2, 'mcq', 0)",
            )?;
            let mut log = conn.prepare(
                "INSERT INTO revlog (card_id, reviewed_at, utc_offset, rating, correct, duration_ms, mode, fingerprint,
                                     state_before, state_after, due_after, stability, difficulty, step_after, given)
                 VALUES (?1, ?2, 19800, ?3, ?5, 4000, 'review', 0, 2, 2, ?4, 20.0, 5.0, 0, ?6)",
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
                        // One card in 50 was last answered wrong: a mistake book of 2,000.
                        let wrong = card_id % 50 == 0 && r == reviews_per_card - 1;
                        log.execute((
                            card_id,
                            t.timestamp_millis(),
                            if wrong { 1 } else { 3 },
                            due.timestamp_millis(),
                            !wrong,
                            wrong.then_some("(a)"),
                        ))?;
                    }
                }
            }
        }
        conn.execute_batch("COMMIT")?;
        store.rebuild_states()?;
        drop(store);
        std::fs::write(&ready, "")?;
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
        "upsc due (whole process): first run {:.0} ms (fills the deck index in a fresh store), then median {:.0} ms, best {:.0} ms",
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

    // Before the first question, as `upsc review` does it in process: open the store, read
    // the deck index, read the states, plan the queue, parse the files it draws on; then
    // the session reads the first card's stored state (src/session.rs reads one card at a
    // time, as it asks it).
    let mut samples = Vec::new();
    let mut steps: Vec<[Duration; 5]> = Vec::new();
    let mut files_parsed = 0;
    for _ in 0..5 {
        let start = Instant::now();
        let mut store = Store::open(&home.join("progress.db"), None, now)?;
        let index = DeckIndex::build(&Decks::at(decks.clone()), &mut store, false)?;
        let indexed = start.elapsed();
        let scheduler = Scheduler::new(store.settings()?)?;
        let bounds = Bounds::new(&scheduler, now);
        let schedule = Schedule::read(&index.decks, &mut store, bounds)?;
        let states = start.elapsed();
        let planned = study::plan(&index.decks, &schedule, &Filter::default(), bounds, 20, 200);
        let planned_at = start.elapsed();
        let wanted = study::decks_of(&planned);
        files_parsed = wanted.len();
        let collection = index.load_cards(&study::cards_of(&planned));
        let queue = study::picks(&planned, &index.decks, &collection);
        assert_eq!(queue.len(), 200);
        let loaded = start.elapsed();
        let first = queue[0];
        let stored = store.card(&first.card_key())?;
        assert!(stored.is_some());
        samples.push(start.elapsed());
        steps.push([indexed, states, planned_at, loaded, start.elapsed()]);
    }
    // Each step's own median, from the times at which the steps ended.
    let step = |i: usize| {
        let spans: Vec<Duration> = steps
            .iter()
            .map(|s| s[i] - if i == 0 { Duration::ZERO } else { s[i - 1] })
            .collect();
        median(spans).as_secs_f64() * 1e3
    };
    println!(
        "start to first question (in process): median {:.0} ms; step medians: index {:.0}, states {:.0}, plan {:.0}, parse the queued cards of {files_parsed} files {:.0}, the first card's state {:.1}",
        median(samples).as_secs_f64() * 1e3,
        step(0),
        step(1),
        step(2),
        step(3),
        step(4),
    );

    // The same as a whole process: `upsc review` in a pseudo-terminal, from spawning it to
    // the first question's header line; Ctrl-C then ends the session with nothing answered.
    // The last run goes through `/usr/bin/time` for its peak memory.
    let mut samples = Vec::new();
    let memory = dir.join("review-rss");
    for run in 0..6 {
        let mut command = if run < 5 {
            Command::new(&binary)
        } else {
            let mut timed = Command::new("/usr/bin/time");
            timed.args(["-f", "%M", "-o"]).arg(&memory).arg(&binary);
            timed
        };
        command
            .args(["--decks", &decks.to_string_lossy(), "review"])
            .env("UPSC_HOME", &home)
            .env("UPSC_NOW", NOW)
            .env("NO_COLOR", "1")
            .env("TERM", "xterm");
        // Read the terminal directly: rexpect's matcher polls every 100 ms.
        let start = Instant::now();
        let process = rexpect::process::PtyProcess::new(command)?;
        let mut terminal = process.get_file_handle()?;
        wait_for(&mut terminal, "│ Synthetic deck")?;
        if run < 5 {
            samples.push(start.elapsed());
        }
        std::thread::sleep(Duration::from_millis(150));
        terminal.write_all(b"\x03")?;
        wait_for(&mut terminal, "Session over")?;
        process.wait()?;
    }
    println!(
        "start to first question (whole process, in a terminal): median {:.0} ms, best {:.0} ms",
        median(samples.clone()).as_secs_f64() * 1e3,
        samples.iter().min().unwrap().as_secs_f64() * 1e3
    );
    if let Some(kb) = std::fs::read_to_string(&memory)
        .ok()
        .and_then(|t| t.trim().lines().last()?.trim().parse::<f64>().ok())
    {
        println!(
            "upsc review peak memory (to the first question): {:.0} MB",
            kb / 1024.0
        );
    }

    // Every row of the speed issue's table, as a whole process against the same store.
    let exam_home = dir.join("exam-home");
    copy_home(&home, &exam_home)?;
    std::fs::write(
        exam_home.join("config.toml"),
        "[exam]\ndate = 2026-11-29\nname = \"Prelims\"\n",
    )?;
    // The bench store's cards all share one history, so the exam walk is walked ten
    // times; a learner's states all differ. A copy with every card's stability,
    // difficulty and last review made different (a fixed pseudo-random mix of its id:
    // stability × e^U(−2.5, 1), difficulty U(1, 10), last review 0–30 days earlier).
    let varied_home = dir.join("varied-home");
    copy_home(&exam_home, &varied_home)?;
    vary_states(&varied_home.join("progress.db"))?;
    // With `UPSC_BENCH_BASELINE=<an older upsc binary>`, the same rows are measured with it
    // too, against the same store, for the "before" column (it must read this schema).
    let mut binaries = vec![("this build", binary.clone())];
    if let Some(old) = std::env::var_os("UPSC_BENCH_BASELINE") {
        binaries.push(("baseline", old.into()));
    }
    for (label, binary) in &binaries {
        println!();
        println!("{label}: {}", binary.display());
        println!("| command | median | best | peak memory |");
        println!("|---|---|---|---|");
        let shell = |name: &str, args: &[&str], home: &std::path::Path| {
            measure(name, binary, &decks, home, args, None)
        };
        let terminal = |name: &str, args: &[&str], wait: &str| {
            measure(name, binary, &decks, &home, args, Some(wait))
        };
        terminal(
            "`review`, to the first question",
            &["review"],
            "│ Synthetic deck",
        )?;
        terminal(
            "`quiz -n 20`, to the first question",
            &["quiz", "-n", "20"],
            "│ Synthetic deck",
        )?;
        terminal(
            "`test -n 100`, to its first screen",
            &["test", "-n", "100"],
            "Press Enter to start",
        )?;
        shell("`due --json`", &["due", "--json"], &home)?;
        shell("`stats`", &["stats"], &home)?;
        shell("`stats` with an exam planned", &["stats"], &exam_home)?;
        shell(
            "`mistakes --json` (2,000 cards)",
            &["mistakes", "--json"],
            &home,
        )?;
        shell("`cards --json`", &["cards", "--json"], &home)?;
        shell(
            "`export --format revlog-csv`",
            &["export", "--format", "revlog-csv"],
            &home,
        )?;
        shell("`exam --json`", &["exam", "--json"], &exam_home)?;
        shell(
            "`exam --json`, states varied",
            &["exam", "--json"],
            &varied_home,
        )?;
        shell(
            "`stats` with an exam, states varied",
            &["stats"],
            &varied_home,
        )?;
        let deck_dir = decks.to_string_lossy().to_string();
        shell("`check` (100,000 cards)", &["check", &deck_dir], &home)?;
        // Beyond the table: the other commands that read every deck.
        shell("`decks --json`", &["decks", "--json"], &home)?;
        shell("`seeds`", &["seeds"], &home)?;
        shell(
            "`paper` (100 questions)",
            &["paper", "--seed", "5", "--key"],
            &home,
        )?;
        shell(
            "`export --format json` (every card)",
            &["export", "--format", "json"],
            &home,
        )?;
    }
    println!();

    // Committing one answer.
    let mut store = Store::open(&home.join("progress.db"), None, now)?;
    let scheduler = Scheduler::new(Settings::default())?;
    let mut samples = Vec::new();
    for i in 0..1000 {
        let id = format!("card-{}", i % 200);
        let answer = Answer {
            card: upsc::deck::CardKey::new("synthetic-7", &id),
            kind: upsc::deck::Kind::Mcq,
            fingerprint: 0,
            rating: Rating::Good,
            correct: true,
            duration_ms: 4000,
            confidence: None,
            given: Some("(b)"),
            mode: upsc::revlog::LogMode::Review,
            schedule: true,
        };
        let at = now + TimeDelta::seconds(i);
        let start = Instant::now();
        store.record(&answer, &scheduler, at)?;
        samples.push(start.elapsed());
        // What a session does while the feedback is read (not timed: no answer waits on it).
        store.checkpoint_while_idle();
    }
    let mut sorted = samples.clone();
    sorted.sort();
    println!(
        "commit one answer: median {:.2} ms, p99 {:.2} ms, p99.9 {:.2} ms, worst {:.2} ms",
        median(samples).as_secs_f64() * 1e3,
        sorted[sorted.len() * 99 / 100].as_secs_f64() * 1e3,
        sorted[sorted.len() * 999 / 1000].as_secs_f64() * 1e3,
        sorted.last().map_or(0.0, |d| d.as_secs_f64() * 1e3)
    );
    drop(store);

    // Correctness at this scale: after every command above and the 1,000 answers, the
    // states derived again from the log are the ones the store kept ("0 differed"), and
    // so are the aggregate tables.
    let doctor = Command::new(&binary)
        .arg("--decks")
        .arg(&decks)
        .arg("doctor")
        .env("UPSC_HOME", &home)
        .env("UPSC_NOW", NOW)
        .env("NO_COLOR", "1")
        .output()?;
    let said = String::from_utf8_lossy(&doctor.stdout);
    println!(
        "upsc doctor afterwards: {}",
        said.lines()
            .find(|l| l.contains("differed"))
            .unwrap_or("(no line about differing states)")
    );
    Ok(())
}

/// A fresh copy of the files of the home folder `from` (the store, its settings) at `to`.
fn copy_home(from: &std::path::Path, to: &std::path::Path) -> anyhow::Result<()> {
    let _ = std::fs::remove_dir_all(to);
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        if entry.file_type()?.is_file() {
            std::fs::copy(entry.path(), to.join(entry.file_name()))?;
        }
    }
    Ok(())
}

/// Makes every card's state in the store at `path` different: its stability times
/// e^U(−2.5, 1), its difficulty U(1, 10), its last review 0–30 days earlier, each drawn
/// from a fixed mix of the card's id (the same store on every run).
fn vary_states(path: &std::path::Path) -> anyhow::Result<()> {
    let mut db = rusqlite::Connection::open(path)?;
    let tx = db.transaction()?;
    {
        let mut read = tx.prepare("SELECT card_id, stability, last_review FROM card_state")?;
        let rows: Vec<(i64, f64, Option<i64>)> = read
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<Result<_, _>>()?;
        let mut write = tx.prepare(
            "UPDATE card_state SET stability = ?2, difficulty = ?3, last_review = ?4 WHERE card_id = ?1",
        )?;
        for (id, stability, last) in rows {
            // SplitMix64 of the id, three draws in [0, 1).
            let mut z = id as u64;
            let mut draw = || {
                z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
                let mut x = z;
                x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
                x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
                (x ^ (x >> 31)) as f64 / u64::MAX as f64
            };
            let stability = stability * (draw() * 3.5 - 2.5).exp();
            let difficulty = 1.0 + 9.0 * draw();
            let earlier = (draw() * 30.0 * 86_400_000.0) as i64;
            write.execute(rusqlite::params![
                id,
                stability,
                difficulty,
                last.map(|l| l - earlier)
            ])?;
        }
    }
    tx.commit()?;
    Ok(())
}
