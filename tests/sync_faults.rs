//! `upsc sync` and the store under faults (issue 22): clocks that disagree, old backups
//! restored, data folders copied, files arriving out of order, settings changed between
//! answers, and what anyone with write access to the sync folder can plant. Each test
//! failed before the change it covers.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may fail loudly

mod common;

use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset};
use common::{Env, Run};
use serde_json::Value;
use upsc::revlog::LogMode;
use upsc::scheduler::{Rating, Scheduler, Settings};
use upsc::store::{Answer, Store};

/// A time on the learners' clock (India).
fn at(text: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(&format!("{text}+05:30")).expect("a time")
}

struct Device {
    env: Env,
    name: &'static str,
}

impl Device {
    fn new(name: &'static str) -> Device {
        Device {
            env: Env::new().at("2026-03-10T21:00:00+05:30"),
            name,
        }
    }

    fn db(&self) -> PathBuf {
        self.env.home().join("progress.db")
    }

    fn store(&self) -> Store {
        Store::open(&self.db(), None, at("2026-03-01T08:00:00")).expect("the store opens")
    }

    fn answer_with(&self, card: &str, rating: Rating, when: &str, settings: Settings) -> i64 {
        let mut store = self.store();
        let scheduler = Scheduler::new(settings).expect("valid settings");
        let answer = Answer {
            card: upsc::deck::CardKey::new("at-a-glance", card),
            kind: upsc::deck::Kind::Recall,
            fingerprint: 1,
            rating,
            correct: rating != Rating::Again,
            duration_ms: 4000,
            confidence: None,
            given: Some("an answer"),
            mode: LogMode::Review,
            schedule: true,
        };
        store
            .record_answer(&answer, &scheduler, at(when))
            .expect("the answer is saved")
            .log_id
    }

    fn answer(&self, card: &str, rating: Rating, when: &str) -> i64 {
        self.answer_with(card, rating, when, Settings::default())
    }

    fn amend(&self, log_id: i64, rating: Rating) {
        let scheduler = Scheduler::new(Settings::default()).unwrap();
        self.store()
            .amend(log_id, rating, Some("guess"), &scheduler)
            .expect("amended");
    }

    fn sync(&self, dir: &Path) -> Run {
        let run = self.env.run(&[
            "sync",
            dir.to_str().expect("a UTF-8 path"),
            "--name",
            self.name,
        ]);
        run.code(0);
        run
    }

    /// `cards --json` less the local numbering.
    fn cards(&self) -> Value {
        let mut cards = self.env.run(&["cards", "--json"]).code(0).json();
        for card in cards.as_array_mut().expect("a list") {
            card.as_object_mut().expect("an object").remove("card_id");
        }
        cards
    }

    fn log_len(&self) -> usize {
        self.store().log().expect("the log").len()
    }

    /// Adds a finished mock test, as `upsc test` leaves one.
    fn finished_test(&self, started_ms: i64, finished_ms: i64) {
        drop(self.store());
        let conn = rusqlite::Connection::open(self.db()).unwrap();
        conn.execute(
            "INSERT INTO mock_tests (started_at, utc_offset, finished_at, status, marking, minutes, filters,
                                     questions, right_count, wrong_count, score_sixths, max_sixths)
             VALUES (?1, 19800, ?2, 'submitted', 'gs1', 2.0, 'all', 1, 1, 0, 12, 12)",
            [started_ms, finished_ms],
        )
        .unwrap();
        let id = conn.last_insert_rowid();
        conn.execute(
            "INSERT INTO mock_answers (test_id, position, deck, card, kind, fingerprint, tags, question,
                                       options, correct, answer_text, notes, chosen)
             VALUES (?1, 0, 'at-a-glance', 'partnership-labels', 'statements', 13, 'gs2-ir', 'Which?',
                     '[\"a\",\"b\"]', 0, 'a', '', 0)",
            [id],
        )
        .unwrap();
    }

    fn tests_taken(&self) -> usize {
        let conn = rusqlite::Connection::open(self.db()).unwrap();
        conn.query_row("SELECT count(*) FROM mock_tests", [], |r| {
            r.get::<_, i64>(0)
        })
        .unwrap() as usize
    }
}

fn shared() -> tempfile::TempDir {
    tempfile::TempDir::new().expect("a shared folder")
}

/// The segment files of `device`'s folder in the sync folder, in name order.
fn segments(dir: &Path, device: &Device) -> Vec<PathBuf> {
    let id = device.store().device_id().unwrap();
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir.join("upsc/devices").join(id))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
}

/// Writes a segment of hand-made records (each line with a right checksum) into the
/// folder of a device called `device`.
fn plant(dir: &Path, device: &str, name: &str, records: &[Value]) -> PathBuf {
    let folder = dir.join("upsc/devices").join(device);
    std::fs::create_dir_all(&folder).unwrap();
    let header = serde_json::json!({"format": "upsc-sync", "version": 1, "device": device,
                                    "name": name, "written": 1_773_150_000_000_i64});
    let mut text = String::new();
    for value in std::iter::once(&header).chain(records) {
        let json = value.to_string();
        text.push_str(&format!(
            "{:016x} {json}\n",
            xxhash_rust::xxh3::xxh3_64(json.as_bytes())
        ));
    }
    let path = folder.join("000001-00000000.log");
    std::fs::write(&path, text).unwrap();
    path
}

fn planted_answer(event: &str, deck: &str, card: &str, given: &str, duration: i64) -> Value {
    serde_json::json!({"t": "answer", "event": event, "deck": deck, "card": card, "kind": "recall",
        "fingerprint": 1, "at": 1_772_335_800_000_i64, "offset": 19800, "rating": 1, "correct": false,
        "duration_ms": duration, "confidence": null, "given": given, "mode": "review", "scheduled": true})
}

/// A store of schema version 3 (before sync) with three answers, as an old backup is.
fn version_3_store(path: &Path) {
    let conn = rusqlite::Connection::open(path).unwrap();
    let schema =
        std::fs::read_to_string(common::manifest_dir().join("tests/fixtures/schema-v3.sql"))
            .unwrap();
    conn.execute_batch(&schema).unwrap();
    conn.execute_batch(
        "INSERT INTO cards VALUES (1, 'at-a-glance', 'yen-pledge-size', 'numeric', 11),
                                  (2, 'at-a-glance', 'radhabinod-pal', 'recall', 12);
         INSERT INTO revlog VALUES
           (1, 1, 1772335800000, 19800, 3, 1, 5000, NULL, '10 trillion', 'review', 11, 0, 1, 1772336400000, 2.3, 2.1, 1, 1),
           (2, 2, 1772335860000, 19800, 1, 0, 7000, NULL, 'Nehru', 'review', 12, 0, 1, 1772335920000, 0.2, 6.4, 0, 1),
           (3, 1, 1772336460000, 19800, 3, 1, 4000, 'sure', '10 trillion', 'quiz', 11, 1, 1, 1772336400000, 2.3, 2.1, 1, 0);
         INSERT INTO card_state VALUES (1, 1, 1772336400000, 2.3, 2.1, 1, 1, 0, 1772335800000),
                                       (2, 1, 1772335920000, 0.2, 6.4, 0, 1, 0, 1772335860000);
         PRAGMA user_version = 3;",
    )
    .unwrap();
}

// 1
#[test]
fn a_backup_from_before_sync_restored_after_syncing_duplicates_nothing() {
    let home = Device::new("home");
    version_3_store(&home.db());
    let backups = home.env.home().join("backups");
    std::fs::create_dir_all(&backups).unwrap();
    std::fs::copy(home.db(), backups.join("progress-2026-02-01.db")).unwrap();
    let library = Device::new("library");
    let dir = shared();
    home.sync(dir.path());
    library.sync(dir.path());
    assert_eq!(library.log_len(), 3);
    home.env.run(&["restore", "progress-2026-02-01.db"]).code(0);
    let run = home.sync(dir.path());
    assert!(
        run.stdout.contains("restored from a backup"),
        "{}",
        run.stdout
    );
    library.sync(dir.path());
    home.sync(dir.path());
    assert_eq!(home.log_len(), 3, "no answer twice at home");
    assert_eq!(library.log_len(), 3, "no answer twice in the library");
    // (The fixture's stored states are made up, so only the answers are compared.)
    let reps = |d: &Device| -> Vec<(String, i64)> {
        d.cards()
            .as_array()
            .unwrap()
            .iter()
            .map(|c| (c["id"].to_string(), c["reps"].as_i64().unwrap()))
            .collect()
    };
    assert_eq!(reps(&home), reps(&library));
}

// 2
#[test]
fn a_test_finished_at_a_time_before_the_last_one_sent_still_goes() {
    let home = Device::new("home");
    let library = Device::new("library");
    let dir = shared();
    home.finished_test(1_773_100_000_000, 1_773_100_600_000);
    home.sync(dir.path());
    // The clock was hours ahead for the first; the second finishes "earlier".
    home.finished_test(1_773_090_000_000, 1_773_090_600_000);
    home.sync(dir.path());
    library.sync(dir.path());
    assert_eq!(library.tests_taken(), 2);
}

// 3
#[test]
fn an_amend_read_before_its_answer_waits_for_it_and_the_newest_amend_wins() {
    let home = Device::new("home");
    let library = Device::new("library");
    let dir = shared();
    let first = home.answer("yen-pledge-size", Rating::Good, "2026-03-01T09:00:00");
    home.sync(dir.path());
    home.amend(first, Rating::Hard);
    home.sync(dir.path());
    home.amend(first, Rating::Easy);
    home.sync(dir.path());
    let files = segments(dir.path(), &home);
    assert_eq!(files.len(), 3);
    // The library's sync tool brings the last file first, then the second, then the first.
    let aside = tempfile::TempDir::new().unwrap();
    let hold = |file: &PathBuf| {
        let to = aside.path().join(file.file_name().unwrap());
        std::fs::rename(file, &to).unwrap();
        to
    };
    let held: Vec<PathBuf> = files[..2].iter().map(hold).collect();
    library.sync(dir.path());
    std::fs::rename(&held[1], &files[1]).unwrap();
    library.sync(dir.path());
    std::fs::rename(&held[0], &files[0]).unwrap();
    library.sync(dir.path());
    assert_eq!(library.cards(), home.cards());
    let log = library.store().log().unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].rating, Rating::Easy);
}

// 3, with "I was right": an overruling read before its answer still counts the answer
// right (the mistake book and the figures), as on the computer that overruled it.
#[test]
fn an_override_read_before_its_answer_counts_it_right_when_it_arrives() {
    let home = Device::new("home");
    let library = Device::new("library");
    let dir = shared();
    let wrong = home.answer("yen-pledge-size", Rating::Again, "2026-03-01T09:00:00");
    home.sync(dir.path());
    let scheduler = Scheduler::new(Settings::default()).unwrap();
    home.store()
        .override_answer(wrong, &scheduler)
        .expect("overruled");
    home.sync(dir.path());
    let files = segments(dir.path(), &home);
    assert_eq!(files.len(), 2);
    // The override's file arrives first, the answer's after it.
    let aside = tempfile::TempDir::new().unwrap();
    let held = aside.path().join(files[0].file_name().unwrap());
    std::fs::rename(&files[0], &held).unwrap();
    library.sync(dir.path());
    std::fs::rename(&held, &files[0]).unwrap();
    library.sync(dir.path());
    assert_eq!(library.cards(), home.cards());
    let log = library.store().log().unwrap();
    assert_eq!(log.len(), 1);
    assert!(log[0].correct, "{:?}", log[0]);
    assert_eq!(library.store().mistakes().unwrap().len(), 0);
    assert_eq!(home.store().mistakes().unwrap().len(), 0);
}

// 4
#[test]
fn a_retention_changed_later_does_not_fork_the_schedules_of_earlier_answers() {
    let home = Device::new("home");
    home.answer("yen-pledge-size", Rating::Good, "2026-03-01T09:00:00");
    home.answer("yen-pledge-size", Rating::Good, "2026-03-03T09:00:00");
    home.answer("radhabinod-pal", Rating::Hard, "2026-03-01T09:05:00");
    home.env
        .run(&["config", "set", "desired_retention", "0.75"])
        .code(0);
    let dir = shared();
    home.sync(dir.path());
    let library = Device::new("library");
    let run = library.sync(dir.path());
    assert!(
        run.stdout.contains("desired_retention 0.75"),
        "{}",
        run.stdout
    );
    assert_eq!(library.cards(), home.cards());
    // And an answer given after the change is scheduled with it on both.
    let lower = Settings {
        desired_retention: 0.75,
        ..Settings::default()
    };
    home.answer_with(
        "yen-pledge-size",
        Rating::Good,
        "2026-03-09T09:00:00",
        lower,
    );
    home.sync(dir.path());
    library.sync(dir.path());
    assert_eq!(library.cards(), home.cards());
}

// 5
#[test]
fn an_answer_given_earlier_than_one_merged_is_replayed_where_it_was_given() {
    let home = Device::new("home");
    let library = Device::new("library");
    let dir = shared();
    library.answer("yen-pledge-size", Rating::Good, "2026-03-02T18:00:00");
    library.answer("yen-pledge-size", Rating::Good, "2026-03-05T18:00:00");
    library.sync(dir.path());
    home.sync(dir.path());
    // Home's clock is behind: its answer lands before the library's in time.
    home.answer("yen-pledge-size", Rating::Again, "2026-03-01T09:00:00");
    home.sync(dir.path());
    library.sync(dir.path());
    assert_eq!(home.cards(), library.cards());
    assert_eq!(home.store().rebuild_states().unwrap(), 0);
}

// 6
#[test]
fn a_setting_changed_later_on_a_clock_behind_wins_on_both_computers() {
    let mut home = Device::new("home");
    let mut library = Device::new("library");
    let dir = shared();
    home.env = home.env.at("2026-03-10T10:00:00+05:30");
    home.env
        .run(&["config", "set", "new_per_day", "30"])
        .code(0);
    home.sync(dir.path());
    // The library's clock is 30 minutes behind: its later change reads 09:50.
    library.env = library.env.at("2026-03-10T09:40:00+05:30");
    library.sync(dir.path());
    library.env = library.env.at("2026-03-10T09:50:00+05:30");
    library
        .env
        .run(&["config", "set", "new_per_day", "40"])
        .code(0);
    library.sync(dir.path());
    home.env = home.env.at("2026-03-10T10:30:00+05:30");
    home.sync(dir.path());
    library.sync(dir.path());
    for device in [&home, &library] {
        let text = std::fs::read_to_string(device.env.home().join("config.toml")).unwrap();
        assert!(text.contains("new_per_day = 40"), "{}: {text}", device.name);
    }
}

/// Copies a data folder (the store and its settings) into another device's.
fn copy_data(from: &Device, to: &Device) {
    drop(from.store());
    for name in ["progress.db", "config.toml"] {
        let source = from.env.home().join(name);
        if source.exists() {
            std::fs::copy(&source, to.env.home().join(name)).unwrap();
        }
    }
}

// 7
#[test]
fn a_copied_data_folder_becomes_a_new_device_whose_answers_and_settings_arrive() {
    let home = Device::new("home");
    let laptop = Device::new("laptop");
    let dir = shared();
    home.answer("yen-pledge-size", Rating::Good, "2026-03-01T09:00:00");
    home.sync(dir.path());
    copy_data(&home, &laptop);
    laptop.answer("radhabinod-pal", Rating::Good, "2026-03-02T09:00:00");
    laptop
        .env
        .run(&["config", "set", "new_per_day", "25"])
        .code(0);
    let run = laptop.sync(dir.path());
    assert!(run.stdout.contains("copied or moved"), "{}", run.stdout);
    let run = home.sync(dir.path());
    assert!(
        run.stdout
            .contains("received 1 from 1 other device (laptop)"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("new_per_day 25"), "{}", run.stdout);
    assert_eq!(home.cards(), laptop.cards());
    assert_eq!(home.log_len(), 2);
    assert_eq!(laptop.log_len(), 2);
}

// 9
#[test]
fn a_store_that_lost_its_device_id_gets_one_instead_of_a_loop() {
    let home = Device::new("home");
    home.answer("yen-pledge-size", Rating::Good, "2026-03-01T09:00:00");
    let conn = rusqlite::Connection::open(home.db()).unwrap();
    conn.execute("DELETE FROM meta WHERE key = 'device'", [])
        .unwrap();
    drop(conn);
    let dir = shared();
    let run = home.sync(dir.path());
    assert!(run.stdout.starts_with("sent 1 answer,"), "{}", run.stdout);
}

// 10 and 13
#[test]
fn values_from_the_folder_are_range_checked_and_carry_no_escape_to_the_terminal() {
    let home = Device::new("home");
    let dir = shared();
    let evil = "ev\u{1b}]0;owned\u{7}il\u{1b}[2J";
    plant(
        dir.path(),
        "0123456789abcdef",
        &format!("intruder{evil}"),
        &[
            planted_answer(
                "x-1",
                "at-a-glance",
                "yen-pledge-size",
                &format!("given{evil}"),
                i64::MAX,
            ),
            planted_answer("x-2", "at-a-glance", &format!("card{evil}"), "a", 1000),
            planted_answer("x-3", &format!("deck{evil}"), "c", "a", 1000),
        ],
    );
    let run = home.sync(dir.path());
    assert!(!run.stdout.contains('\u{1b}') && !run.stderr.contains('\u{1b}'));
    assert!(
        run.stderr.contains("left out 2 record(s)"),
        "{}",
        run.stderr
    );
    for args in [
        vec!["sync", "--status"],
        vec!["cards"],
        vec!["cards", "--json"],
        vec!["mistakes"],
        vec!["stats"],
        vec!["doctor"],
    ] {
        let run = home.env.run(&args);
        run.code(0);
        assert!(
            !run.stdout.contains('\u{1b}') && !run.stderr.contains('\u{1b}'),
            "{args:?}: {}",
            run.stdout
        );
    }
    let log = home.store().log().unwrap();
    assert_eq!(log.len(), 1);
    assert!(log[0].duration_ms <= 86_400_000);
}

// 11
#[test]
fn a_sync_name_too_long_for_the_settings_is_refused_before_it_is_written() {
    let home = Device::new("home");
    let dir = shared();
    let long = "n".repeat(101);
    let run = home
        .env
        .run(&["sync", dir.path().to_str().unwrap(), "--name", &long]);
    assert_ne!(run.code, 0);
    assert!(
        run.stderr
            .starts_with("upsc: --name takes at most 100 characters;"),
        "{}",
        run.stderr
    );
    for args in [["due"], ["stats"], ["config"]] {
        home.env.run(&args).code(0);
    }
}

// 12
#[test]
fn restore_latest_takes_the_newest_backup_by_its_date_not_its_file_time() {
    let home = Device::new("home");
    home.answer("yen-pledge-size", Rating::Good, "2026-03-01T09:00:00");
    let backups = home.env.home().join("backups");
    std::fs::create_dir_all(&backups).unwrap();
    drop(home.store());
    std::fs::copy(home.db(), backups.join("progress-2026-02-01.db")).unwrap();
    home.answer("radhabinod-pal", Rating::Good, "2026-03-02T09:00:00");
    home.answer("summit-number", Rating::Good, "2026-03-03T09:00:00");
    drop(home.store());
    std::fs::copy(home.db(), backups.join("progress-2026-03-03.db")).unwrap();
    // The older copy was touched last (copied back from another disk, say).
    let old = std::fs::File::options()
        .write(true)
        .open(backups.join("progress-2026-02-01.db"))
        .unwrap();
    old.set_modified(std::time::SystemTime::now() + std::time::Duration::from_secs(3600))
        .unwrap();
    drop(old);
    let run = home.env.run(&["restore", "latest"]);
    run.code(0);
    assert!(run.stdout.contains("(3 answers"), "{}", run.stdout);
}

// 8
#[test]
fn a_flipped_byte_in_the_deck_cache_or_a_saved_answer_locks_nobody_out() {
    let home = Device::new("home");
    home.answer("yen-pledge-size", Rating::Again, "2026-03-01T09:00:00");
    home.env.run(&["cards"]).code(0);
    let conn = rusqlite::Connection::open(home.db()).unwrap();
    // An entry of the deck index (a cache of what deck files hold) with a flipped byte.
    conn.execute_batch(
        "INSERT INTO deck_files VALUES ('decks/x.toml', 10, 0, 0, '', 0, 'x', 'decks/x.toml:1:1',
                                        CAST(x'ff612062' AS TEXT), NULL, '');
         UPDATE revlog SET given = CAST(x'41ff42' AS TEXT);",
    )
    .unwrap();
    drop(conn);
    for args in [["due"], ["cards"], ["mistakes"], ["stats"]] {
        let run = home.env.run(&args);
        assert!(!run.stderr.contains("utf-8"), "{args:?}: {}", run.stderr);
        run.code(0);
    }
    let run = home.env.run(&["doctor"]);
    run.code(0);
    assert!(
        run.stdout
            .contains("repaired: revlog row 1: `given` was not valid text"),
        "{}",
        run.stdout
    );
    let given: String = rusqlite::Connection::open(home.db())
        .unwrap()
        .query_row("SELECT given FROM revlog", [], |r| r.get(0))
        .unwrap();
    assert_eq!(given, "A\u{fffd}B");
    // Once repaired, nothing more to say.
    let run = home.env.run(&["doctor"]);
    assert!(!run.stdout.contains("repaired:"), "{}", run.stdout);
}

// 16
#[test]
fn a_file_with_no_line_break_is_skipped_by_name_not_read_whole() {
    let home = Device::new("home");
    let dir = shared();
    let path = plant(dir.path(), "0123456789abcdef", "other", &[]);
    let mut text = std::fs::read(&path).unwrap();
    text.extend(std::iter::repeat_n(b'7', 12 << 20));
    std::fs::write(&path, text).unwrap();
    let run = home.sync(dir.path());
    assert!(
        run.stderr
            .contains("000001-00000000.log`: the record at byte")
            && run.stderr.contains("longer than 4 MiB"),
        "{}",
        run.stderr
    );
}

// 14
#[cfg(unix)]
#[test]
fn paper_out_writes_through_pipes_and_links_as_the_shell_does_and_reports_a_full_disk() {
    let home = Device::new("home");
    let dir = tempfile::TempDir::new().unwrap();
    // A named pipe: read from while upsc writes, left a pipe.
    let fifo = dir.path().join("pipe");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success());
    if made {
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
        };
        home.env
            .run(&["paper", "--seed", "7", "--out", fifo.to_str().unwrap()])
            .code(0);
        assert!(reader.join().unwrap().starts_with("Question paper"));
        use std::os::unix::fs::FileTypeExt as _;
        assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo());
    }
    // A dangling link: the file it names is written, the link kept.
    let target = dir.path().join("paper.txt");
    let link = dir.path().join("latest.txt");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    home.env
        .run(&["paper", "--seed", "7", "--out", link.to_str().unwrap()])
        .code(0);
    assert!(
        std::fs::read_to_string(&target)
            .unwrap()
            .starts_with("Question paper")
    );
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    // A full disk is a failure, said in one line.
    if Path::new("/dev/full").exists() {
        let run = home.env.run(&["paper", "--out", "/dev/full"]);
        assert_ne!(run.code, 0);
        assert!(
            run.stderr.starts_with("upsc: cannot write `/dev/full`")
                && run.stderr.lines().count() == 1,
            "{}",
            run.stderr
        );
    }
    // `-` is standard output, not a file called `-`.
    let run = home.env.run(&["paper", "--seed", "7", "--out", "-"]);
    run.code(0);
    assert!(run.stdout.starts_with("Question paper"));
    assert!(!common::manifest_dir().join("-").exists());
}

// 17
#[test]
fn exam_json_without_an_exam_is_json() {
    let home = Device::new("home");
    let value = home.env.run(&["exam", "--json"]).code(0).json();
    assert!(value.is_null(), "{value}");
}

// 18 (what of it is in this area)
#[test]
fn one_answer_and_one_day_are_singular() {
    let home = Device::new("home");
    home.answer("yen-pledge-size", Rating::Good, "2026-03-01T09:00:00");
    let backups = home.env.home().join("backups");
    std::fs::create_dir_all(&backups).unwrap();
    drop(home.store());
    std::fs::copy(home.db(), backups.join("progress-2026-03-01.db")).unwrap();
    let run = home.env.run(&["restore", "latest"]);
    run.code(0);
    assert!(
        run.stdout.contains("(1 answer in its review log)"),
        "{}",
        run.stdout
    );
    // Set the day before it, looked at the day after.
    let set = home
        .env
        .command(&["config", "set", "exam.date", "2026-03-09"])
        .env("UPSC_NOW", "2026-03-08T09:00:00+05:30")
        .status()
        .unwrap();
    assert!(set.success());
    let run = home.env.run(&["exam"]);
    run.code(0);
    assert!(run.stdout.contains(", 1 day ago:"), "{}", run.stdout);
}
