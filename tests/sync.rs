//! `upsc sync` (issue 15): data folders standing for computers, one shared folder, the real
//! binary syncing. Answers are written with the library's store — the code every session
//! commits through — so that a day of answers on each computer costs milliseconds.

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

/// One computer: a data folder of its own and a name.
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

    fn store(&self) -> Store {
        Store::open(
            &self.env.home().join("progress.db"),
            None,
            at("2026-03-01T08:00:00"),
        )
        .expect("the store opens")
    }

    /// Answers `card` of the bundled deck `at-a-glance` at `when`; returns the log row.
    fn answer(&self, card: &str, rating: Rating, when: &str) -> i64 {
        self.answer_as(card, rating, when, LogMode::Review, true)
    }

    fn answer_as(
        &self,
        card: &str,
        rating: Rating,
        when: &str,
        mode: LogMode,
        schedule: bool,
    ) -> i64 {
        let mut store = self.store();
        let scheduler = Scheduler::new(Settings::default()).expect("default settings");
        let answer = Answer {
            card: upsc::deck::CardKey::new("at-a-glance", card),
            kind: upsc::deck::Kind::Recall,
            fingerprint: 1,
            rating,
            correct: rating != Rating::Again,
            duration_ms: 4000,
            confidence: None,
            given: Some("an answer"),
            mode,
            schedule,
        };
        store
            .record_answer(&answer, &scheduler, at(when))
            .expect("the answer is saved")
            .log_id
    }

    fn sync(&self, dir: &Path) -> Run {
        self.env.run(&[
            "sync",
            dir.to_str().expect("a UTF-8 path"),
            "--name",
            self.name,
        ])
    }

    /// `cards --json` less the local numbering (`card_id`), which each store gives the
    /// cards in the order it first met them.
    fn cards(&self) -> Value {
        let mut cards = self.env.run(&["cards", "--json"]).code(0).json();
        for card in cards.as_array_mut().expect("a list") {
            card.as_object_mut().expect("an object").remove("card_id");
        }
        cards
    }

    /// `due --json`: what is due and new, per deck. The first call fills the store's
    /// cache of each deck's new cards (`deck_new`), which a merge must then clear.
    fn due(&self) -> Value {
        self.env.run(&["due", "--json"]).code(0).json()
    }

    fn log_len(&self) -> usize {
        self.store().log().expect("the log").len()
    }
}

/// The answers of the scenario: (computer, card, rating, time), in no particular order.
/// The same card is answered on two computers on the same day, and again days later.
const ANSWERS: &[(usize, &str, Rating, &str)] = &[
    (0, "yen-pledge-size", Rating::Good, "2026-03-01T09:00:00"),
    (1, "yen-pledge-size", Rating::Again, "2026-03-01T18:30:00"),
    (0, "radhabinod-pal", Rating::Good, "2026-03-01T09:01:00"),
    (1, "partnership-labels", Rating::Hard, "2026-03-01T18:31:00"),
    (0, "yen-pledge-size", Rating::Good, "2026-03-01T09:12:00"),
    (2, "radhabinod-pal", Rating::Again, "2026-03-01T21:00:00"),
    (2, "summit-number", Rating::Easy, "2026-03-02T07:00:00"),
    (1, "yen-pledge-size", Rating::Good, "2026-03-03T18:00:00"),
    (0, "partnership-labels", Rating::Good, "2026-03-04T09:00:00"),
    (2, "yen-pledge-size", Rating::Good, "2026-03-05T07:00:00"),
    (1, "summit-number", Rating::Good, "2026-03-06T18:00:00"),
    (0, "radhabinod-pal", Rating::Good, "2026-03-07T09:00:00"),
];

/// A practice answer on the second computer that leaves the schedule alone
/// (`quiz --no-schedule`), in the middle of the others.
const PRACTICE: (usize, &str, Rating, &str) =
    (1, "radhabinod-pal", Rating::Again, "2026-03-02T12:00:00");

fn give(device: &Device, answer: &(usize, &str, Rating, &str)) {
    let (_, card, rating, when) = *answer;
    if answer == &PRACTICE {
        device.answer_as(card, rating, when, LogMode::Quiz, false);
    } else {
        device.answer(card, rating, when);
    }
}

/// One computer that answered everything in time order.
fn reference(devices: usize) -> Device {
    let one = Device::new("one");
    let mut answers: Vec<_> = ANSWERS
        .iter()
        .chain([&PRACTICE])
        .filter(|a| a.0 < devices)
        .collect();
    answers.sort_by_key(|a| a.3);
    for answer in answers {
        give(&one, answer);
    }
    one
}

fn devices(names: &[&'static str]) -> Vec<Device> {
    let devices: Vec<Device> = names.iter().map(|n| Device::new(n)).collect();
    for answer in ANSWERS.iter().chain([&PRACTICE]) {
        if let Some(d) = devices.get(answer.0) {
            give(d, answer);
        }
    }
    devices
}

fn shared() -> tempfile::TempDir {
    tempfile::TempDir::new().expect("a shared folder")
}

/// Every order of `n` computers.
fn orders(n: usize) -> Vec<Vec<usize>> {
    if n == 1 {
        return vec![vec![0]];
    }
    let mut out = Vec::new();
    for order in orders(n - 1) {
        for place in 0..=order.len() {
            let mut o = order.clone();
            o.insert(place, n - 1);
            out.push(o);
        }
    }
    out
}

fn agree_in_every_order(names: &[&'static str]) {
    let expected = reference(names.len()).cards();
    let expected_due = reference(names.len()).due();
    for order in orders(names.len()) {
        let devices = devices(names);
        for device in &devices {
            device.due();
        }
        let dir = shared();
        // One pass brings the last computer everything; a second brings it to the rest.
        let passes: Vec<usize> = order
            .iter()
            .chain(order.iter().take(names.len() - 1))
            .copied()
            .collect();
        for &d in &passes {
            devices[d].sync(dir.path()).code(0);
        }
        for device in &devices {
            assert_eq!(
                device.cards(),
                expected,
                "{} after syncing in the order {order:?}",
                device.name
            );
            assert_eq!(device.log_len(), reference(names.len()).log_len());
            assert_eq!(
                device.due(),
                expected_due,
                "{}'s due cards after syncing in the order {order:?}",
                device.name
            );
            // The states written by the merge are the ones the log derives.
            assert_eq!(
                device.store().rebuild_states().unwrap(),
                0,
                "{}",
                device.name
            );
        }
    }
}

#[test]
fn two_computers_synced_in_either_order_agree_with_one_that_answered_everything() {
    agree_in_every_order(&["home", "library"]);
}

#[test]
fn three_computers_synced_in_every_order_agree_with_one_that_answered_everything() {
    agree_in_every_order(&["home", "library", "coaching"]);
}

#[test]
fn the_report_names_the_other_computers_and_a_second_sync_changes_nothing() {
    let devices = devices(&["home-laptop", "library-pc", "coaching"]);
    let dir = shared();
    devices[1].sync(dir.path()).code(0);
    devices[2].sync(dir.path()).code(0);
    let run = devices[0].sync(dir.path());
    run.code(0);
    assert_eq!(
        run.stdout,
        "sent 5 answers, received 8 from 2 other devices (coaching, library-pc).\n"
    );
    assert_eq!(run.stderr, "");
    let files = |dir: &Path| -> Vec<PathBuf> {
        walkdir::WalkDir::new(dir)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| e.path().to_path_buf())
            .collect()
    };
    let before = (devices[0].cards(), files(dir.path()));
    let again = devices[0].sync(dir.path());
    assert_eq!(
        again.stdout,
        "sent 0 answers, received 0 from 2 other devices (coaching, library-pc).\n"
    );
    assert_eq!((devices[0].cards(), files(dir.path())), before);
    // The folder is remembered: `upsc sync` alone uses it.
    let remembered = devices[0].env.run(&["sync"]);
    assert_eq!(remembered.code, 0, "{}", remembered.stderr);
    assert_eq!(remembered.stdout, again.stdout);

    let status = devices[0].env.run(&["sync", "--status"]);
    status.code(0);
    let lines: Vec<&str> = status.stdout.lines().collect();
    assert_eq!(lines.len(), 4, "{}", status.stdout);
    assert_eq!(
        &lines[1..],
        [
            "home-laptop (this computer)  last wrote 2026-03-10 21:00  5 answers",
            "coaching  last wrote 2026-03-10 21:00  3 answers",
            "library-pc  last wrote 2026-03-10 21:00  5 answers",
        ]
    );
}

#[test]
fn an_undo_on_one_computer_stays_undone_everywhere() {
    let home = Device::new("home");
    let library = Device::new("library");
    let dir = shared();
    home.answer("yen-pledge-size", Rating::Good, "2026-03-01T09:00:00");
    home.answer("radhabinod-pal", Rating::Again, "2026-03-01T09:01:00");
    home.sync(dir.path()).code(0);
    library.sync(dir.path()).code(0);
    assert_eq!(library.log_len(), 2);
    // A copy of the folder as it was, as a sync tool's conflict copy might keep it.
    let own = std::fs::read_dir(dir.path().join("upsc/devices"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let first = std::fs::read_dir(&own)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let copy = first.with_file_name(format!(
        "{} (conflicted copy 2026-03-02).log",
        first.file_stem().unwrap().to_string_lossy()
    ));
    std::fs::copy(&first, &copy).unwrap();
    let syncthing = first.with_file_name(format!(
        "{}.sync-conflict-20260302-101500-ABCDEFG.log",
        first.file_stem().unwrap().to_string_lossy()
    ));
    std::fs::copy(&first, &syncthing).unwrap();

    home.env.run(&["undo"]).code(0);
    home.sync(dir.path()).code(0);
    let run = library.sync(dir.path());
    run.code(0);
    assert!(
        run.stdout.contains("1 answer undone elsewhere"),
        "{}",
        run.stdout
    );
    assert_eq!(library.log_len(), 1);
    assert_eq!(library.cards(), home.cards());
    // A third computer joining later never sees the undone answer, though the old file
    // and its copy still hold it.
    let later = Device::new("later");
    later.sync(dir.path()).code(0);
    assert_eq!(later.log_len(), 1);
    assert_eq!(later.cards(), home.cards());
    library.sync(dir.path()).code(0);
    home.sync(dir.path()).code(0);
    assert_eq!(home.log_len(), 1);
    assert_eq!(library.log_len(), 1);
}

#[test]
fn a_rating_amended_after_it_was_sent_reaches_the_other_computer() {
    let home = Device::new("home");
    let library = Device::new("library");
    let dir = shared();
    let row = home.answer("yen-pledge-size", Rating::Good, "2026-03-01T09:00:00");
    home.sync(dir.path()).code(0);
    library.sync(dir.path()).code(0);
    {
        let mut store = home.store();
        let scheduler = Scheduler::new(Settings::default()).unwrap();
        store
            .amend(row, Rating::Hard, Some("guess"), &scheduler)
            .unwrap();
    }
    home.sync(dir.path()).code(0);
    library.sync(dir.path()).code(0);
    assert_eq!(library.cards(), home.cards());
    let log = library.store().log().unwrap();
    assert_eq!(log[0].rating, Rating::Hard);
}

/// Two computers' files in the folder: home's answers and library's.
fn two_synced() -> (Device, Device, tempfile::TempDir) {
    let home = Device::new("home");
    let library = Device::new("library");
    let dir = shared();
    home.answer("yen-pledge-size", Rating::Good, "2026-03-01T09:00:00");
    home.answer("radhabinod-pal", Rating::Good, "2026-03-01T09:01:00");
    home.answer("summit-number", Rating::Good, "2026-03-01T09:02:00");
    library.answer("partnership-labels", Rating::Good, "2026-03-01T18:00:00");
    home.sync(dir.path()).code(0);
    library.sync(dir.path()).code(0);
    (home, library, dir)
}

/// The one segment file a device wrote.
fn segment_of(dir: &Path, skip_device: &Path) -> PathBuf {
    for device in std::fs::read_dir(dir.join("upsc/devices")).unwrap() {
        let device = device.unwrap().path();
        if device == skip_device {
            continue;
        }
        let mut files: Vec<PathBuf> = std::fs::read_dir(&device)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        return files.remove(0);
    }
    panic!("no segment")
}

fn library_folder(dir: &Path, library: &Device) -> PathBuf {
    let id = library.store().device_id().unwrap();
    dir.join("upsc/devices").join(id)
}

#[test]
fn a_half_copied_file_is_read_to_its_last_whole_record_and_taken_up_again() {
    let home = Device::new("home");
    let library = Device::new("library");
    let dir = shared();
    for (i, card) in ["yen-pledge-size", "radhabinod-pal", "summit-number"]
        .iter()
        .enumerate()
    {
        home.answer(card, Rating::Good, &format!("2026-03-01T09:0{i}:00"));
    }
    home.sync(dir.path()).code(0);
    let file = segment_of(dir.path(), Path::new(""));
    let whole = std::fs::read(&file).unwrap();
    // Cut inside the last record, as a sync tool mid-transfer leaves it.
    std::fs::write(&file, &whole[..whole.len() - 20]).unwrap();
    let run = library.sync(dir.path());
    run.code(0);
    assert_eq!(run.stderr, "");
    assert!(
        run.stdout.contains("received 2 from 1 other device (home)"),
        "{}",
        run.stdout
    );
    std::fs::write(&file, &whole).unwrap();
    let run = library.sync(dir.path());
    assert!(
        run.stdout.contains("received 1 from 1 other device (home)"),
        "{}",
        run.stdout
    );
    assert_eq!(library.cards(), home.cards());
}

#[test]
fn damaged_future_and_strangers_files_are_skipped_with_a_warning_and_the_rest_merges() {
    let (home, library, dir) = two_synced();
    let library_dir = library_folder(dir.path(), &library);
    let home_file = segment_of(dir.path(), &library_dir);
    let home_dir = home_file.parent().unwrap().to_path_buf();

    // A byte flipped inside a record of a copy of home's file.
    let mut bytes = std::fs::read(&home_file).unwrap();
    let at = bytes.iter().rposition(|&b| b == b'"').unwrap() - 1;
    bytes[at] ^= 0x01;
    let flipped = home_dir.join("000009-ffffffff.log");
    std::fs::write(&flipped, &bytes).unwrap();
    // A file from a newer upsc.
    let header =
        r#"{"format":"upsc-sync","version":2,"device":"DEVICE","name":"future","written":0}"#
            .replace("DEVICE", &home_dir.file_name().unwrap().to_string_lossy());
    let sum = format!("{:016x}", xxhash_rust::xxh3::xxh3_64(header.as_bytes()));
    let future = home_dir.join("000010-eeeeeeee.log");
    std::fs::write(&future, format!("{sum} {header}\n")).unwrap();
    // A stranger's file.
    let stranger = home_dir.join("shopping-list.log");
    std::fs::write(&stranger, "milk\neggs\n").unwrap();

    let fresh = Device::new("fresh");
    let run = fresh.sync(dir.path());
    run.code(0);
    let warnings: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(warnings.len(), 3, "{}", run.stderr);
    assert!(
        warnings.iter().any(|w| w.starts_with(&format!(
            "upsc: warning: skipped `{}`: the record at byte",
            flipped.display()
        )) && w.contains("fails its checksum")),
        "{}",
        run.stderr
    );
    assert!(
        warnings.iter().any(|w| w.starts_with(&format!(
            "upsc: warning: skipped `{}`: it was written by a newer upsc (format 2",
            future.display()
        ))),
        "{}",
        run.stderr
    );
    assert!(warnings.iter().any(|w| w == &format!("upsc: warning: skipped `{}`: it is not an upsc sync file; everything else was merged", stranger.display())), "{}", run.stderr);
    assert!(
        run.stdout
            .contains("received 4 from 2 other devices (home, library)"),
        "{}",
        run.stdout
    );
    assert_eq!(fresh.cards(), library.cards());
    assert_eq!(home.log_len() + 1, fresh.log_len());
}

#[test]
fn a_sync_killed_before_its_merge_commits_leaves_the_store_as_it_was() {
    use std::io::{BufRead, BufReader};
    let (home, library, dir) = two_synced();
    let _ = home;
    let fresh = Device::new("fresh");
    fresh.answer("pledge-horizon", Rating::Good, "2026-03-02T09:00:00");
    let before = (fresh.cards(), fresh.log_len());
    for point in ["written", "merged"] {
        let mut command =
            fresh
                .env
                .command(&["sync", dir.path().to_str().unwrap(), "--name", "fresh"]);
        command
            .env("UPSC_SYNC_PAUSE", point)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped());
        let mut child = command.spawn().unwrap();
        let mut stderr = BufReader::new(child.stderr.take().unwrap());
        let mut line = String::new();
        stderr.read_line(&mut line).unwrap();
        assert_eq!(line, format!("paused at {point}\n"));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        assert_eq!(
            (fresh.cards(), fresh.log_len()),
            before,
            "killed at {point}"
        );
    }
    // Sent twice over (the killed runs wrote their segment first): a union takes it once.
    let run = fresh.sync(dir.path());
    run.code(0);
    assert!(
        run.stdout.contains("received 4 from 2 other devices"),
        "{}",
        run.stdout
    );
    library.sync(dir.path()).code(0);
    assert_eq!(library.log_len(), 5);
    assert_eq!(fresh.cards(), library.cards());
}

#[test]
fn settings_and_the_exam_date_go_to_the_newest_writer() {
    let home = Device::new("home");
    let library = Device::new("library");
    let dir = shared();
    home.env
        .run(&["config", "set", "exam.date", "2027-05-23"])
        .code(0);
    home.sync(dir.path()).code(0);
    let run = library.sync(dir.path());
    run.code(0);
    assert!(run.stdout.starts_with("settings from home (changed 2026-03-10 21:00, newer than this computer's): exam.date 2027-05-23\n"), "{}", run.stdout);
    let exam = library.env.run(&["exam", "--json"]).code(0).json();
    assert_eq!(exam["date"], "2027-05-23");
    // A later change on the library computer wins back at home.
    let mut library = library;
    library.env = library.env.at("2026-03-11T08:00:00+05:30");
    library
        .env
        .run(&["config", "set", "new_per_day", "35"])
        .code(0);
    library.sync(dir.path()).code(0);
    let mut home = home;
    home.env = home.env.at("2026-03-11T09:00:00+05:30");
    let run = home.sync(dir.path());
    assert!(
        run.stdout
            .contains("settings from library (changed 2026-03-11 08:00"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("new_per_day 35"), "{}", run.stdout);
    let text = std::fs::read_to_string(home.env.home().join("config.toml")).unwrap();
    assert!(
        text.contains("new_per_day = 35") && text.contains("2027-05-23"),
        "{text}"
    );
    // Each computer keeps its own [sync] folder and name.
    assert!(text.contains("name = \"home\""), "{text}");
}

#[test]
fn the_folder_carried_by_a_git_repository() {
    let git = |dir: &Path, args: &[&str]| {
        let out = std::process::Command::new("git")
            .args(args)
            .current_dir(dir)
            .env("GIT_AUTHOR_NAME", "aspirant")
            .env("GIT_AUTHOR_EMAIL", "a@example.com")
            .env("GIT_COMMITTER_NAME", "aspirant")
            .env("GIT_COMMITTER_EMAIL", "a@example.com")
            .output()
            .expect("git runs (install git to run this test)");
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    let root = shared();
    let bare = root.path().join("progress.git");
    std::fs::create_dir(&bare).unwrap();
    git(&bare, &["init", "--bare", "-q", "-b", "main"]);
    let clone = |name: &str| -> PathBuf {
        git(root.path(), &["clone", "-q", bare.to_str().unwrap(), name]);
        let dir = root.path().join(name);
        git(&dir, &["checkout", "-q", "-B", "main"]);
        dir
    };
    let devices = devices(&["home", "library"]);
    let home_dir = clone("home");
    let library_dir = clone("library");
    let publish = |dir: &Path| {
        git(dir, &["add", "-A"]);
        git(dir, &["commit", "-q", "-m", "upsc sync"]);
        git(dir, &["push", "-q", "origin", "main"]);
    };
    devices[0].sync(&home_dir).code(0);
    publish(&home_dir);
    git(&library_dir, &["pull", "-q", "origin", "main"]);
    devices[1].sync(&library_dir).code(0);
    publish(&library_dir);
    git(&home_dir, &["pull", "-q", "origin", "main"]);
    devices[0].sync(&home_dir).code(0);
    let expected = reference(2).cards();
    assert_eq!(devices[0].cards(), expected);
    assert_eq!(devices[1].cards(), expected);
}

#[test]
fn a_version_3_store_migrates_with_nothing_lost_and_syncs() {
    let device = Device::new("old");
    let db = device.env.home().join("progress.db");
    let old_columns = "id, card_id, reviewed_at, utc_offset, rating, correct, duration_ms, confidence, given, mode,
                       fingerprint, state_before, state_after, due_after, stability, difficulty, step_after, scheduled";
    let read_log = |conn: &rusqlite::Connection| -> Vec<Vec<String>> {
        let mut statement = conn
            .prepare(&format!("SELECT {old_columns} FROM revlog ORDER BY id"))
            .unwrap();
        statement
            .query_map([], |row| {
                (0..18)
                    .map(|i| row.get_ref(i).map(|v| format!("{v:?}")))
                    .collect()
            })
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    let before = {
        let conn = rusqlite::Connection::open(&db).unwrap();
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
             INSERT INTO mock_tests (id, started_at, utc_offset, finished_at, status, marking, minutes, filters, questions,
                                     right_count, wrong_count, score_sixths, max_sixths)
               VALUES (1, 1772336000000, 19800, 1772336100000, 'submitted', 'gs1', 2.0, 'all', 1, 1, 0, 12, 12);
             INSERT INTO mock_answers (test_id, position, deck, card, kind, fingerprint, tags, question, options, correct,
                                       answer_text, notes, chosen)
               VALUES (1, 0, 'at-a-glance', 'partnership-labels', 'statements', 13, 'gs2-ir', 'Which?', '[\"a\",\"b\"]', 0, 'a', '', 0);
             PRAGMA user_version = 3;",
        )
        .unwrap();
        read_log(&conn)
    };
    // Any command opens the store, migrating it.
    let cards = device.cards();
    let yen = cards
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "yen-pledge-size")
        .unwrap();
    assert_eq!(
        (yen["reps"].as_i64(), yen["state"].as_str()),
        (Some(1), Some("learning"))
    );
    let conn = rusqlite::Connection::open(&db).unwrap();
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, 4);
    assert_eq!(read_log(&conn), before, "every answer kept as it was");
    let events: Vec<String> = conn
        .prepare("SELECT event FROM revlog ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    // Named from what they are (docs/sync.md): the same in any copy of this history.
    assert_eq!(events.len(), 3);
    for event in &events {
        assert!(
            event.starts_with("legacy-") && event.len() == "legacy-".len() + 16,
            "{event}"
        );
    }
    assert_ne!(events[0], events[2], "one card, two times");
    let uid: Option<String> = conn
        .query_row("SELECT uid FROM mock_tests", [], |r| r.get(0))
        .unwrap();
    assert!(uid.is_some());
    drop(conn);
    // The migrated store syncs like any other: its answers and its test reach a new one.
    let dir = shared();
    let run = device.sync(dir.path());
    assert_eq!(
        run.stdout,
        "sent 3 answers, received 0 from no other device yet.\n"
    );
    let other = Device::new("other");
    let run = other.sync(dir.path());
    assert_eq!(
        run.stdout,
        "sent 0 answers, received 3 from 1 other device (old); 1 mock test.\n"
    );
    let history = other
        .env
        .run(&["test", "--history", "--json"])
        .code(0)
        .json();
    assert_eq!(
        history.to_string().matches("submitted").count(),
        1,
        "{history}"
    );
}

#[test]
fn without_a_folder_sync_says_what_to_run() {
    let device = Device::new("home");
    let run = device.env.run(&["sync"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "upsc: no sync folder yet; run `upsc sync DIR` once with the folder your computers share (it is remembered)\n"
    );
    let missing = device.env.home().join("no-such-folder");
    let run = device.env.run(&["sync", missing.to_str().unwrap()]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr,
        format!(
            "upsc: the sync folder `{}` does not exist; create it, or give the folder your sync tool shares\n",
            missing.display()
        )
    );
    let dir = shared();
    let run = device
        .env
        .run(&["sync", "--status", dir.path().to_str().unwrap()]);
    run.code(0);
    assert_eq!(
        run.stdout,
        format!(
            "Sync folder: {}\nNo computer has written to it yet; `upsc sync` writes this one's progress.\n",
            dir.path().display()
        )
    );
}

#[test]
fn answering_between_syncs_on_both_computers_ends_as_one_computer_would() {
    let home = Device::new("home");
    let library = Device::new("library");
    let one = Device::new("one");
    let dir = shared();
    // (computer, card, rating, time), in the order they happen; a sync follows each step.
    let steps: &[(usize, &str, Rating, &str)] = &[
        (0, "yen-pledge-size", Rating::Good, "2026-03-01T09:00:00"),
        (1, "yen-pledge-size", Rating::Again, "2026-03-01T18:00:00"),
        (0, "yen-pledge-size", Rating::Good, "2026-03-02T09:00:00"),
        (1, "summit-number", Rating::Hard, "2026-03-02T18:00:00"),
        (0, "summit-number", Rating::Good, "2026-03-04T09:00:00"),
        (1, "yen-pledge-size", Rating::Easy, "2026-03-06T18:00:00"),
    ];
    let computers = [&home, &library];
    for (computer, card, rating, when) in steps {
        computers[*computer].answer(card, *rating, when);
        one.answer(card, *rating, when);
        computers[*computer].sync(dir.path()).code(0);
        computers[1 - *computer].sync(dir.path()).code(0);
        assert_eq!(home.cards(), one.cards(), "home after {card} at {when}");
        assert_eq!(
            library.cards(),
            one.cards(),
            "library after {card} at {when}"
        );
    }
}

#[test]
fn undoing_an_answer_older_than_one_merged_since_replays_the_card() {
    let home = Device::new("home");
    let library = Device::new("library");
    let one = Device::new("one");
    let dir = shared();
    home.answer("yen-pledge-size", Rating::Again, "2026-03-01T09:00:00");
    home.sync(dir.path()).code(0);
    library.sync(dir.path()).code(0);
    library.answer("yen-pledge-size", Rating::Good, "2026-03-01T10:00:00");
    library.sync(dir.path()).code(0);
    home.sync(dir.path()).code(0);
    // Home takes back its own answer, which the library's later one was built on.
    home.env.run(&["undo"]).code(0);
    home.sync(dir.path()).code(0);
    library.sync(dir.path()).code(0);
    one.answer("yen-pledge-size", Rating::Good, "2026-03-01T10:00:00");
    assert_eq!(home.cards(), one.cards());
    assert_eq!(library.cards(), one.cards());
}

#[test]
fn answers_given_in_a_review_session_reach_the_other_computer() {
    const DECKS: &str = "tests/fixtures/good";
    let home = Device::new("home");
    let library = Device::new("library");
    let dir = shared();
    let mut command = home.env.command(&["--decks", DECKS, "review"]);
    command.env("UPSC_NOW", "2026-01-15T09:00:00+05:30");
    let mut p = common::spawn_in_terminal(command);
    p.exp_string("How large is the yen pledge?").unwrap();
    common::keys(&mut p, "¥10 trillion\n");
    p.exp_string("Right (saved)").unwrap();
    p.exp_string("Enter: next").unwrap();
    common::keys(&mut p, "\r");
    p.exp_string("Which Indian judge dissented").unwrap();
    common::keys(&mut p, "radhabinod pal\n");
    p.exp_string("Right (saved)").unwrap();
    common::keys(&mut p, "g"); // I guessed: the saved answer is amended to Hard
    p.exp_string("saved as Hard").unwrap();
    common::keys(&mut p, "q");
    p.exp_string("Session over: 2 answered").unwrap();
    p.exp_eof().unwrap();

    home.sync(dir.path()).code(0);
    let run = library.sync(dir.path());
    assert_eq!(
        run.stdout,
        "sent 0 answers, received 2 from 1 other device (home).\n"
    );
    let cards = |device: &Device| {
        let mut cards = device
            .env
            .run(&["--decks", DECKS, "cards", "--json"])
            .code(0)
            .json();
        for card in cards.as_array_mut().unwrap() {
            card.as_object_mut().unwrap().remove("card_id");
        }
        cards
    };
    assert_eq!(cards(&library), cards(&home));
    let ratings: Vec<Rating> = library
        .store()
        .log()
        .unwrap()
        .iter()
        .map(|r| r.rating)
        .collect();
    assert_eq!(ratings, [Rating::Good, Rating::Hard]);
}

#[test]
fn fitted_scheduler_parameters_travel_with_the_settings() {
    let home = Device::new("home");
    let library = Device::new("library");
    let dir = shared();
    let mut fitted = Settings::default();
    // The initial stability after Good: the answers below depend on it.
    fitted.parameters[2] *= 3.0;
    {
        let mut store = home.store();
        store.save_settings(&fitted).unwrap();
        let scheduler = Scheduler::new(fitted.clone()).unwrap();
        for when in [
            "2026-03-01T09:00:00",
            "2026-03-01T09:10:00",
            "2026-03-03T09:00:00",
        ] {
            let answer = Answer {
                card: upsc::deck::CardKey::new("at-a-glance", "yen-pledge-size"),
                kind: upsc::deck::Kind::Numeric,
                fingerprint: 1,
                rating: Rating::Good,
                correct: true,
                duration_ms: 4000,
                confidence: None,
                given: None,
                mode: LogMode::Review,
                schedule: true,
            };
            store.record(&answer, &scheduler, at(when)).unwrap();
        }
    }
    home.sync(dir.path()).code(0);
    // With the default parameters the same answers give another schedule.
    let plain = Device::new("plain");
    for when in [
        "2026-03-01T09:00:00",
        "2026-03-01T09:10:00",
        "2026-03-03T09:00:00",
    ] {
        plain.answer("yen-pledge-size", Rating::Good, when);
    }
    assert_ne!(plain.cards(), home.cards());
    let run = library.sync(dir.path());
    assert!(
        run.stdout.starts_with("settings from home (changed 2026-03-10 21:00, newer than this computer's): the FSRS parameters\n"),
        "{}",
        run.stdout
    );
    assert_eq!(library.store().settings().unwrap(), fitted);
    // The answers were replayed with them: the same schedule as home's.
    assert_eq!(library.cards(), home.cards());
}
