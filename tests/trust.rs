//! Nothing lost, nothing damaged written: the promises of "How progress is kept" in the
//! README, each tried the way it fails in practice — leaving at the confidence prompt,
//! a damaged page, repeated days on a damaged store, a leftover log from a newer
//! version, an empty store file, closed pipes and full disks, garbage settings.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may fail loudly

mod common;

use std::path::Path;
use std::process::Stdio;

use common::{Env, keys};
use rusqlite::Connection;
use upsc::scheduler::{Rating, Scheduler, Settings};
use upsc::store::{Answer, Store};

const DECKS: &str = "tests/fixtures/good";
const NOW: &str = "2026-01-15T09:00:00+05:30";

fn log_rows(env: &Env) -> usize {
    let out = env
        .run(&["--decks", DECKS, "export", "--format", "revlog-csv"])
        .code(0)
        .stdout
        .clone();
    out.lines().count() - 1
}

/// Each way of leaving at the confidence prompt, right after "✓ Correct" is shown.
enum Leave {
    Key(&'static str),
    Signal(nix::sys::signal::Signal),
}

#[test]
fn an_answer_shown_as_right_is_already_saved_however_the_session_ends() {
    use nix::sys::signal::Signal;
    let ways = [
        ("q", Leave::Key("q")),
        ("Esc", Leave::Key("\x1b")),
        ("Ctrl-C", Leave::Key("\x03")),
        ("a closed terminal", Leave::Signal(Signal::SIGHUP)),
        ("kill -9", Leave::Signal(Signal::SIGKILL)),
    ];
    for (name, leave) in ways {
        let env = Env::new();
        let mut command = env.command(&["--decks", DECKS, "review"]);
        command.env("UPSC_NOW", NOW);
        let mut p = common::spawn_in_terminal(command);
        p.exp_string("How large is the yen pledge?").unwrap();
        keys(&mut p, "¥10 trillion\n");
        p.exp_string("Right (saved)").unwrap();
        p.exp_string("I guessed").unwrap();
        match leave {
            Leave::Key(key) => {
                keys(&mut p, key);
                p.exp_string("Session over: 1 answered").unwrap();
                p.exp_eof().unwrap();
            }
            Leave::Signal(signal) => {
                p.process_mut().kill(signal).unwrap();
                let _ = p.process_mut().wait();
            }
        }
        assert_eq!(log_rows(&env), 1, "leaving by {name} lost the answer");
        let cards = env
            .run(&["--decks", DECKS, "cards", "--json"])
            .code(0)
            .json();
        let pledge = cards
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == "pledge")
            .unwrap()
            .clone();
        assert_eq!(pledge["reps"], 1, "{name}: {pledge}");
    }
}

#[test]
fn a_confidence_key_amends_the_saved_answer() {
    let env = Env::new();
    let mut command = env.command(&["--decks", DECKS, "review"]);
    command.env("UPSC_NOW", NOW);
    let mut p = common::spawn_in_terminal(command);
    p.exp_string("How large is the yen pledge?").unwrap();
    keys(&mut p, "¥10 trillion\n");
    p.exp_string("I guessed").unwrap();
    keys(&mut p, "g");
    p.exp_string("saved as Hard").unwrap();
    keys(&mut p, "q");
    p.exp_eof().unwrap();
    let log = env
        .run(&["--decks", DECKS, "export", "--format", "revlog-csv"])
        .code(0)
        .stdout
        .clone();
    let row: Vec<&str> = log.lines().nth(1).unwrap().split(',').collect();
    assert_eq!(row[2], "2", "rated Hard after 'I guessed': {log}");
    assert_eq!(log.lines().count(), 2, "one row, amended in place");
}

/// A store with `n` answers on `day`, closed with its log folded into the main file.
fn store_with_answers(home: &Path, day: &str, n: usize) {
    let now = chrono::DateTime::parse_from_rfc3339(day).unwrap();
    let scheduler = Scheduler::new(Settings::default()).unwrap();
    {
        let mut store =
            Store::open(&home.join("progress.db"), Some(&home.join("backups")), now).unwrap();
        for i in 0..n {
            let card = format!("card-{i:05}");
            let answer = Answer {
                card: upsc::deck::CardKey::new("fixture-complete", &card),
                kind: upsc::deck::Kind::Recall,
                fingerprint: 1,
                rating: Rating::Good,
                correct: true,
                duration_ms: 1000,
                confidence: None,
                given: Some("x"),
                mode: upsc::revlog::LogMode::Review,
                schedule: true,
            };
            store.record(&answer, &scheduler, now).unwrap();
        }
    }
    // Opening once more takes the day's backup of the whole log.
    drop(Store::open(&home.join("progress.db"), Some(&home.join("backups")), now).unwrap());
    let conn = Connection::open(home.join("progress.db")).unwrap();
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
        .unwrap();
}

/// Breaks one leaf page of the review log's time index (found through `dbstat`) by giving
/// it an impossible page type, the way a bad sector or a torn write would.
fn break_an_index_page(db: &Path) {
    let (page, size): (i64, i64) = {
        let conn = Connection::open(db).unwrap();
        let size: i64 = conn
            .query_row("PRAGMA page_size", [], |r| r.get(0))
            .unwrap();
        let page = conn
            .query_row(
                "SELECT pageno FROM dbstat WHERE name = 'revlog_time' AND pagetype = 'leaf' LIMIT 1",
                [],
                |r| r.get(0),
            )
            .unwrap();
        (page, size)
    };
    let mut bytes = std::fs::read(db).unwrap();
    let start = usize::try_from((page - 1) * size).unwrap();
    bytes[start] = 0x55;
    std::fs::write(db, bytes).unwrap();
}

fn day(n: u32) -> String {
    format!("2026-01-{n:02}T09:00:00+05:30")
}

#[test]
fn a_damaged_store_is_refused_on_the_next_study_day_and_doctor_repairs_it() {
    let env = Env::new();
    let home = env.home().to_path_buf();
    store_with_answers(&home, &day(10), 3000);
    let db = home.join("progress.db");
    break_an_index_page(&db);
    let damaged = std::fs::read(&db).unwrap();

    for command in [&["due"][..], &["cards", "--json"], &["undo"], &["stats"]] {
        let mut args = vec!["--decks", DECKS];
        args.extend_from_slice(command);
        let run = Env {
            home: tempfile::TempDir::new().unwrap(),
            now: None,
        };
        drop(run);
        let mut cmd = env.command(&args);
        cmd.env("UPSC_NOW", day(11));
        let out = cmd.output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{command:?}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
        assert!(stderr.contains("is damaged"), "{stderr}");
        assert!(
            stderr.contains("upsc doctor") && stderr.contains("upsc restore"),
            "{stderr}"
        );
        assert_eq!(
            std::fs::read(&db).unwrap(),
            damaged,
            "{command:?} wrote to the damaged file"
        );
    }

    let mut doctor = env.command(&["--decks", DECKS, "doctor"]);
    doctor.env("UPSC_NOW", day(11));
    let out = doctor.output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("repaired"), "{stdout}");
    assert!(stdout.contains("3000 answers"), "{stdout}");
    let mut due = env.command(&["--decks", DECKS, "due", "--json"]);
    due.env("UPSC_NOW", day(11));
    assert_eq!(due.output().unwrap().status.code(), Some(0));
    assert_eq!(log_rows(&env), 3000, "no answer lost in the repair");
}

#[test]
fn days_on_a_damaged_store_never_replace_the_good_backup_and_restore_brings_it_back() {
    let env = Env::new();
    let home = env.home().to_path_buf();
    store_with_answers(&home, &day(1), 500);
    let backups = home.join("backups");
    let good = backups.join("progress-2026-01-01.db");
    assert!(good.exists());
    break_an_index_page(&home.join("progress.db"));
    for n in 2..=12 {
        let mut due = env.command(&["--decks", DECKS, "due"]);
        due.env("UPSC_NOW", day(n));
        assert_eq!(due.output().unwrap().status.code(), Some(1), "day {n}");
    }
    let names: Vec<String> = std::fs::read_dir(&backups)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".db"))
        .collect();
    assert_eq!(
        names,
        ["progress-2026-01-01.db"],
        "no broken copy made or kept"
    );

    let list = env.run(&["restore"]).code(0).stdout.clone();
    assert!(list.contains("progress-2026-01-01.db"), "{list}");
    assert!(list.contains(" ok"), "{list}");
    let mut restore = env.command(&["restore", "latest"]);
    restore.env("UPSC_NOW", day(12));
    let out = restore.output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("500 answers"), "{stdout}");
    assert!(stdout.contains("saved-before-restore-"), "{stdout}");
    let mut due = env.command(&["--decks", DECKS, "due"]);
    due.env("UPSC_NOW", day(12));
    assert_eq!(due.output().unwrap().status.code(), Some(0));
    // The damaged store was kept, not deleted, and is listed as not restorable.
    let list = env.run(&["restore"]).code(0).stdout.clone();
    assert!(
        list.contains("saved-before-restore-") && list.contains("cannot restore"),
        "{list}"
    );
}

#[test]
fn an_empty_store_file_with_backups_is_refused_and_restore_recovers() {
    let env = Env::new();
    let home = env.home().to_path_buf();
    store_with_answers(&home, &day(1), 20);
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(home.join(format!("progress.db{suffix}")));
    }
    std::fs::write(home.join("progress.db"), b"").unwrap();
    let run = env.run(&["--decks", DECKS, "due"]);
    run.code(1);
    assert!(
        run.stderr.contains("is empty (0 bytes)") && run.stderr.contains("upsc restore"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::metadata(home.join("progress.db")).unwrap().len(),
        0,
        "left untouched"
    );
    let out = env.run(&["restore", "2026-01-01"]).code(0).stdout.clone();
    assert!(out.contains("20 answers"), "{out}");
    assert_eq!(log_rows(&env), 20);
}

#[test]
fn a_leftover_log_from_a_newer_version_leaves_every_file_untouched() {
    let made = tempfile::TempDir::new().unwrap();
    let env = Env::new();
    let db = made.path().join("progress.db");
    let conn = Connection::open(&db).unwrap();
    conn.execute_batch(
        "PRAGMA journal_mode = WAL; CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
         PRAGMA wal_checkpoint(TRUNCATE); PRAGMA wal_autocheckpoint = 0; PRAGMA user_version = 999;",
    )
    .unwrap();
    // Copied while the writer still has it open: a WAL left behind, as after a crash.
    std::fs::copy(&db, env.home().join("progress.db")).unwrap();
    std::fs::copy(
        made.path().join("progress.db-wal"),
        env.home().join("progress.db-wal"),
    )
    .unwrap();
    drop(conn);
    let before_db = std::fs::read(env.home().join("progress.db")).unwrap();
    let before_wal = std::fs::read(env.home().join("progress.db-wal")).unwrap();
    assert!(!before_wal.is_empty());
    let run = env.run(&["--decks", DECKS, "due"]);
    run.code(1);
    assert!(
        run.stderr.contains("newer upsc (schema 999"),
        "{}",
        run.stderr
    );
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    assert_eq!(
        std::fs::read(env.home().join("progress.db")).unwrap(),
        before_db
    );
    assert_eq!(
        std::fs::read(env.home().join("progress.db-wal")).unwrap(),
        before_wal
    );
}

#[test]
fn garbage_settings_are_blamed_on_doctor_and_doctor_repairs_them() {
    let env = Env::new();
    store_with_answers(env.home(), &day(1), 3);
    let conn = Connection::open(env.home().join("progress.db")).unwrap();
    conn.execute(
        "INSERT OR REPLACE INTO meta (key, value) VALUES ('settings', '{\"w\": [1,')",
        [],
    )
    .unwrap();
    drop(conn);
    let run = env.run(&["--decks", DECKS, "due"]);
    run.code(1);
    assert!(run.stderr.contains("upsc doctor"), "{}", run.stderr);
    let doctor = env
        .run(&["--decks", DECKS, "doctor"])
        .code(0)
        .stdout
        .clone();
    assert!(doctor.contains("reset to the defaults"), "{doctor}");
    env.run(&["--decks", DECKS, "due"]).code(0);
}

#[test]
fn a_value_upsc_never_writes_is_named_not_defaulted_and_doctor_repairs_it() {
    let env = Env::new();
    store_with_answers(env.home(), &day(1), 3);
    let conn = Connection::open(env.home().join("progress.db")).unwrap();
    conn.execute_batch(
        "UPDATE revlog SET mode = 'revue' WHERE id = (SELECT min(id) FROM revlog);
         UPDATE card_state SET state = 7 WHERE card_id = (SELECT max(card_id) FROM card_state);",
    )
    .unwrap();
    drop(conn);
    // Not read as a new card (rescheduled from scratch) but named.
    let run = env.run(&["--decks", DECKS, "cards"]);
    run.code(1);
    assert_eq!(
        run.stderr,
        "upsc: the progress database holds `7` where it keeps a card state (0-3); run `upsc doctor` to repair it\n"
    );
    let doctor = env
        .run(&["--decks", DECKS, "doctor"])
        .code(0)
        .stdout
        .clone();
    assert!(
        doctor.contains("1 answer in a mode that is not review, quiz or test counted as quiz"),
        "{doctor}"
    );
    assert!(
        doctor.contains("card states: 1 not 0-3 dropped"),
        "{doctor}"
    );
    env.run(&["--decks", DECKS, "cards"]).code(0);
    let export = env.run(&["--decks", DECKS, "export", "--format", "revlog-csv"]);
    export.code(0);
    assert_eq!(export.stdout.lines().count(), 4, "{}", export.stdout);
    let conn = Connection::open(env.home().join("progress.db")).unwrap();
    let states: Vec<i64> = conn
        .prepare("SELECT state FROM card_state")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(states.iter().all(|s| (0..=3).contains(s)), "{states:?}");
    assert_eq!(states.len(), 3, "every answered card's state is rebuilt");
}

/// Every command that prints, with a little history so that each has something to say.
fn printing_commands(env: &Env) -> Vec<Vec<String>> {
    store_with_answers(env.home(), &day(1), 3);
    let csv = env.home().join("in.csv");
    std::fs::write(
        &csv,
        "prompt,answer\nWhich city hosted the 2025 summit?,Tokyo\n",
    )
    .unwrap();
    let s = |v: &[&str]| v.iter().map(ToString::to_string).collect::<Vec<_>>();
    vec![
        s(&["--decks", DECKS, "due"]),
        s(&["--decks", DECKS, "due", "--json"]),
        s(&["--decks", DECKS, "cards"]),
        s(&["--decks", DECKS, "cards", "--json"]),
        s(&["--decks", DECKS, "decks"]),
        s(&["--decks", DECKS, "seeds"]),
        s(&["--decks", DECKS, "stats"]),
        s(&["--decks", DECKS, "mistakes"]),
        s(&["--decks", DECKS, "check"]),
        s(&["--decks", DECKS, "export", "--format", "json"]),
        s(&["--decks", DECKS, "export", "--format", "csv"]),
        s(&["--decks", DECKS, "export", "--format", "anki"]),
        s(&["--decks", DECKS, "export", "--format", "revlog-csv"]),
        s(&["--decks", DECKS, "test", "--history"]),
        s(&["--decks", DECKS, "doctor"]),
        s(&["--decks", DECKS, "optimize"]),
        s(&["restore"]),
        s(&["--help"]),
        s(&["new", "fresh-deck"]),
        s(&[
            "import",
            csv.to_str().unwrap(),
            "--format",
            "csv",
            "--deck",
            "imported-deck",
        ]),
        s(&["--decks", DECKS, "undo"]),
    ]
}

#[test]
fn a_closed_pipe_ends_every_command_quietly() {
    let env = Env::new();
    for args in printing_commands(&env) {
        let mut child = env
            .command(&args.iter().map(String::as_str).collect::<Vec<_>>())
            .env("UPSC_NOW", day(2))
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take()); // the reader went away: `upsc … | head -0`
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert_ne!(out.status.code(), Some(101), "{args:?}: {stderr}");
        assert!(
            stderr.lines().all(|l| l.starts_with("upsc: ")),
            "{args:?}: {stderr}"
        );
    }
}

#[test]
fn a_full_disk_on_standard_output_is_one_line() {
    let env = Env::new();
    let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else {
        return; // not on this system
    };
    for args in printing_commands(&env) {
        let out = env
            .command(&args.iter().map(String::as_str).collect::<Vec<_>>())
            .env("UPSC_NOW", day(2))
            .stdout(full.try_clone().unwrap())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
        // Notes may come first (export's about kinds CSV cannot carry); the error is one
        // line, and the last.
        let errors: Vec<&str> = stderr
            .lines()
            .filter(|l| l.contains("standard output"))
            .collect();
        assert_eq!(errors.len(), 1, "{args:?}: {stderr}");
        assert!(
            stderr.trim_end().ends_with(
                "cannot write to standard output: No space left on device (os error 28)"
            ),
            "{args:?}: {stderr}"
        );
    }
}

#[test]
fn a_usage_error_is_one_line() {
    let env = Env::new();
    let run = env.run(&["reveiw"]);
    run.code(2);
    assert_eq!(
        run.stderr,
        "upsc: unrecognized subcommand 'reveiw' (a similar subcommand exists: 'review'); see `upsc --help`\n"
    );
    let run = env.run(&["quiz", "-n", "many"]);
    run.code(2);
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
}

#[test]
fn a_full_disk_under_the_store_is_one_line_and_loses_nothing() {
    // The process may write files of at most 64 blocks (32–64 KB): writing the store's
    // log then fails as on a full disk. SIGXFSZ is ignored, so the write returns an error.
    let env = Env::new();
    store_with_answers(env.home(), &day(1), 3000);
    let upsc = assert_cmd::cargo::cargo_bin("upsc");
    let mut command = std::process::Command::new("sh");
    command
        .arg("-c")
        .arg("ulimit -f 64 && trap '' XFSZ && exec \"$0\" \"$@\"")
        .arg(&upsc)
        .args(["--decks", DECKS, "doctor"])
        .current_dir(common::manifest_dir())
        .env("UPSC_HOME", env.home())
        .env("UPSC_NOW", day(1))
        .env("NO_COLOR", "1");
    let out = command.output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("the disk is full or failing"), "{stderr}");
    assert!(!stderr.contains("Error code"), "{stderr}");
    assert_eq!(log_rows(&env), 3000);
}

#[test]
fn restore_waits_for_no_one_it_refuses_while_a_session_has_the_store() {
    let env = Env::new();
    store_with_answers(env.home(), &day(1), 5);
    let now = chrono::DateTime::parse_from_rfc3339(&day(1)).unwrap();
    // A session in progress: an open store holds it shared.
    let open = Store::open(&env.home().join("progress.db"), None, now).unwrap();
    let run = env.run(&["restore", "latest"]);
    run.code(2);
    assert!(
        run.stderr
            .contains("another upsc has the progress store open"),
        "{}",
        run.stderr
    );
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    drop(open);
    env.run(&["restore", "latest"]).code(0);
    assert_eq!(log_rows(&env), 5);
}

/// The daily backups follow the learner's study day (issue 25): with `day_starts_at = 0`,
/// an answer at 01:00 on 2 March makes the backup of 2 March, not of 1 March; with the
/// default day start (04:00), 01:00 still belongs to the day before.
#[test]
fn the_days_backup_follows_the_learners_day_start() {
    let backups_of = |env: &Env| -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(env.home().join("backups"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with("progress-") && n.ends_with(".db"))
            .collect();
        names.sort();
        names
    };
    for (day_starts_at, expected) in [
        (
            Some("0"),
            ["progress-2026-03-01.db", "progress-2026-03-02.db"].as_slice(),
        ),
        (None, ["progress-2026-03-01.db"].as_slice()),
    ] {
        let env = Env::new();
        if let Some(hour) = day_starts_at {
            env.run(&["config", "set", "day_starts_at", hour]).code(0);
        }
        store_with_answers(env.home(), "2026-03-01T20:00:00+05:30", 1);
        assert_eq!(backups_of(&env), ["progress-2026-03-01.db"]);
        let mut due = env.command(&["--decks", DECKS, "due"]);
        due.env("UPSC_NOW", "2026-03-02T01:00:00+05:30");
        let out = due.output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(
            backups_of(&env),
            expected,
            "day_starts_at = {day_starts_at:?}"
        );
    }
}

#[test]
fn a_write_kept_waiting_by_another_upsc_says_so_and_is_committed_once_the_lock_goes() {
    use std::io::BufRead as _;
    use std::sync::mpsc;
    use std::time::Duration;
    let env = Env::new().at(NOW);
    let paper = env.run(&["paper", "-n", "3", "--seed", "7"]);
    paper.code(0);
    let id = common::paper_id(&paper.stdout);
    // The day's first open (its check, its backup, the deck index) is behind us: what is
    // left to write is the test itself.
    env.run(&["test", "--history"]).code(0);

    // Another program takes the write lock and keeps it.
    let other = Connection::open(env.home().join("progress.db")).unwrap();
    other.execute_batch("BEGIN IMMEDIATE").unwrap();
    let mut child = env
        .command(&["test", "--paper", &id, "-n", "3", "--answers", "ab-"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (lines, said) = mpsc::channel();
    let reader = std::thread::spawn(move || {
        for line in std::io::BufReader::new(stderr).lines() {
            let Ok(line) = line else { break };
            if lines.send(line.clone()).is_err() {
                break;
            }
        }
    });
    // What stderr says while the lock is held (the bound only ends a test gone wrong).
    let mut seen = Vec::new();
    let waiting = loop {
        match said.recv_timeout(Duration::from_secs(25)) {
            Ok(line) if line.contains("waiting for another upsc") => break line,
            Ok(line) => seen.push(line),
            Err(_) => panic!("no waiting line; standard error said {seen:?}"),
        }
    };
    assert_eq!(
        waiting,
        "upsc: waiting for another upsc to finish writing… (up to 30 s)"
    );
    assert!(
        child.try_wait().unwrap().is_none(),
        "it waits for the lock rather than giving up"
    );
    other.execute_batch("COMMIT").unwrap();
    let done = child.wait_with_output().unwrap();
    reader.join().unwrap();
    assert!(
        done.status.success(),
        "{}",
        String::from_utf8_lossy(&done.stdout)
    );
    seen.extend(said.try_iter());
    assert!(seen.is_empty(), "nothing else on standard error: {seen:?}");

    // The answers went in once the lock was let go.
    let history = env.run(&["test", "--history", "--json"]);
    history.code(0);
    let tests = history.json()["tests"].as_array().unwrap().clone();
    assert_eq!(tests.len(), 1, "{tests:?}");
    assert_eq!(tests[0]["status"], "submitted");
    assert_eq!(tests[0]["attempted"], 2);
}
