//! The store's promises under trouble: amended answers, a lock held elsewhere, two windows
//! submitting one test, a clock set back, unusable saved settings.

use std::time::Duration;

use chrono::TimeDelta;

use super::tests::{answer, at, key};
use super::*;
use crate::marking::Marking;
use crate::mock::Item;

#[test]
fn an_amended_answer_schedules_as_if_given_with_that_rating() -> anyhow::Result<()> {
    let scheduler = Scheduler::new(Settings::default())?;
    let t0 = at("2026-03-01T09:00:00+05:30");
    let t1 = t0 + TimeDelta::days(3);
    // Recorded Good, then amended to Hard ("I guessed")…
    let mut amended = Store::in_memory()?;
    amended.record(&answer("a", Rating::Good), &scheduler, t0)?;
    let recorded = amended.record_answer(&answer("a", Rating::Good), &scheduler, t1)?;
    let state = amended.amend(recorded.log_id, Rating::Hard, Some("guess"), &scheduler)?;
    // …ends exactly where answering Hard in the first place does.
    let mut direct = Store::in_memory()?;
    direct.record(&answer("a", Rating::Good), &scheduler, t0)?;
    let hard = direct.record(&answer("a", Rating::Hard), &scheduler, t1)?;
    assert_eq!(state, hard);
    assert_eq!(amended.cards()?[&key("d/a")].state, hard);
    assert_ne!(recorded.after, hard, "Good and Hard schedule differently");
    let log = amended.log()?;
    assert_eq!(log.len(), 2, "amending adds no row");
    assert_eq!(log[1].rating, Rating::Hard);
    let confidence: Option<String> = amended.conn.query_row(
        "SELECT confidence FROM revlog WHERE id = ?1",
        [recorded.log_id],
        |r| r.get(0),
    )?;
    assert_eq!(confidence.as_deref(), Some("guess"));
    assert_eq!(
        amended.rebuild_states()?,
        0,
        "the log replays to the same state"
    );
    Ok(())
}

#[test]
fn a_lock_held_elsewhere_holds_answers_back_and_loses_none() -> anyhow::Result<()> {
    let dir = tempfile::TempDir::new()?;
    let path = dir.path().join("progress.db");
    let scheduler = Scheduler::new(Settings::default())?;
    let now = at("2026-03-01T09:00:00+05:30");
    let mut store = Store::open(&path, None, now)?;
    store.record(&answer("a", Rating::Good), &scheduler, now)?;

    // Another program takes the write lock and keeps it.
    let other = Connection::open(&path)?;
    other.execute_batch("BEGIN IMMEDIATE")?;
    store.set_busy_wait(Duration::from_millis(300))?;
    let started = std::time::Instant::now();
    let refused = store.record_answer(&answer("b", Rating::Good), &scheduler, now);
    assert!(started.elapsed() >= Duration::from_millis(250), "it waited");
    let error = refused
        .err()
        .ok_or_else(|| anyhow::anyhow!("the write went through"))?;
    assert!(is_busy(&error), "{error:#}");

    // The session keeps the answer; at its end it goes to disk beside the store.
    let held = vec![
        HeldAnswer::from_answer(&answer("b", Rating::Good), now),
        HeldAnswer::from_answer(&answer("c", Rating::Again), now + TimeDelta::minutes(1)),
    ];
    assert!(
        store.write_held_answers(&held, &scheduler).is_err(),
        "still locked"
    );
    let file = store.hold_on_disk(&held)?;
    assert!(file.exists());
    drop(store);
    other.execute_batch("COMMIT")?;

    // The next open writes them, once, in order.
    let store = Store::open(&path, None, now + TimeDelta::minutes(5))?;
    let keys: Vec<String> = store
        .log()?
        .into_iter()
        .map(|r| r.key.to_string())
        .collect();
    assert_eq!(keys, ["d/a", "d/b", "d/c"]);
    assert!(!file.exists(), "the held file is removed once written");
    drop(store);
    let store = Store::open(&path, None, now + TimeDelta::minutes(6))?;
    assert_eq!(store.log()?.len(), 3);
    Ok(())
}

#[test]
fn a_write_kept_waiting_tells_the_one_who_asked_then_goes_in() -> anyhow::Result<()> {
    let dir = tempfile::TempDir::new()?;
    let path = dir.path().join("progress.db");
    let scheduler = Scheduler::new(Settings::default())?;
    let now = at("2026-03-01T09:00:00+05:30");
    let mut store = Store::open(&path, None, now)?;
    let (told, heard) = std::sync::mpsc::channel();
    store.on_wait(Box::new(move |wait| {
        let _ = told.send(wait);
    }));
    // A free lock: nothing to tell.
    store.record(&answer("a", Rating::Good), &scheduler, now)?;
    assert_eq!(heard.try_recv().ok(), None);

    // Another program holds the lock: told once, with the whole wait, and the answer
    // goes in when the lock is let go.
    let other = Connection::open(&path)?;
    other.execute_batch("BEGIN IMMEDIATE")?;
    let writer = std::thread::spawn(move || -> anyhow::Result<Store> {
        store.record(&answer("b", Rating::Good), &scheduler, now)?;
        Ok(store)
    });
    let wait = heard.recv_timeout(Duration::from_secs(20))?;
    assert_eq!(wait, BUSY_WAIT);
    assert!(!writer.is_finished(), "it goes on waiting");
    other.execute_batch("COMMIT")?;
    let store = writer
        .join()
        .map_err(|_| anyhow::anyhow!("the writer panicked"))??;
    assert_eq!(store.log()?.len(), 2);
    assert_eq!(heard.try_recv().ok(), None, "told once");
    Ok(())
}

#[test]
fn a_held_file_already_written_is_not_written_twice() -> anyhow::Result<()> {
    let dir = tempfile::TempDir::new()?;
    let path = dir.path().join("progress.db");
    let now = at("2026-03-01T09:00:00+05:30");
    let store = Store::open(&path, None, now)?;
    let held = [HeldAnswer::from_answer(&answer("b", Rating::Good), now)];
    let file = store.hold_on_disk(&held)?;
    let text = std::fs::read(&file)?;
    drop(store);
    Store::open(&path, None, now)?;
    // A crash after the commit but before the removal leaves the file behind.
    std::fs::write(&file, &text)?;
    let store = Store::open(&path, None, now)?;
    assert_eq!(store.log()?.len(), 1);
    Ok(())
}

#[test]
fn opening_returns_its_notices_instead_of_printing_them() -> anyhow::Result<()> {
    let dir = tempfile::TempDir::new()?;
    let path = dir.path().join("progress.db");
    let now = at("2026-03-01T09:00:00+05:30");
    let mut store = Store::open(&path, None, now)?;
    assert_eq!(store.take_notices(), Vec::<String>::new());
    let held = [
        HeldAnswer::from_answer(&answer("b", Rating::Good), now),
        HeldAnswer::from_answer(&answer("c", Rating::Good), now),
    ];
    store.hold_on_disk(&held)?;
    drop(store);
    let mut store = Store::open(&path, None, now)?;
    assert_eq!(
        store.take_notices(),
        ["wrote 2 answers held back from an earlier session"]
    );
    assert_eq!(store.take_notices(), Vec::<String>::new(), "taken once");
    drop(store);
    // A backup folder that cannot be made (a file stands in its place): the answers are
    // safe and the store says so, for the command to print.
    let blocked = dir.path().join("backups");
    std::fs::write(&blocked, "not a folder")?;
    let mut store = Store::open(&path, Some(&blocked), now)?;
    let notices = store.take_notices();
    assert_eq!(notices.len(), 1, "{notices:?}");
    assert!(
        notices[0].starts_with("warning: could not back up the progress database ("),
        "{notices:?}"
    );
    assert_eq!(store.log()?.len(), 2);
    Ok(())
}

fn item(card: &str, chosen: Option<usize>) -> Item {
    Item {
        deck: "d".to_string(),
        card: card.to_string(),
        kind: crate::deck::Kind::Mcq,
        fingerprint: 1,
        tags: Vec::new(),
        question: "Q?".to_string(),
        options: vec!["one".to_string(), "two".to_string()],
        correct: 0,
        answer_text: "one".to_string(),
        notes: Vec::new(),
        explanation: None,
        chosen,
        confidence: None,
        marked: false,
        visited: true,
        seconds: 1.0,
    }
}

#[test]
fn two_windows_resuming_one_test_submit_it_once() -> anyhow::Result<()> {
    let dir = tempfile::TempDir::new()?;
    let path = dir.path().join("progress.db");
    let scheduler = Scheduler::new(Settings::default())?;
    let now = at("2026-03-01T09:00:00+05:30");
    let items = vec![item("a", None), item("b", None), item("c", None)];
    let mut first = Store::open(&path, None, now)?;
    let setup = MockSetup {
        marking: Marking::Gs1,
        minutes: 5.0,
        filters: "",
    };
    let id = first.start_mock(&setup, &items, now)?;
    let mut second = Store::open(&path, None, now)?;
    let mine = vec![item("a", Some(0)), item("b", Some(1)), item("c", Some(0))];
    let theirs = vec![item("a", Some(1)), item("b", Some(1)), item("c", Some(1))];
    let card = crate::mock::score(&mine, Marking::Gs1);
    first.finish_mock(
        id,
        crate::mock::MockStatus::Submitted,
        &card,
        &mine,
        &scheduler,
        now,
    )?;
    let late = second.finish_mock(
        id,
        crate::mock::MockStatus::Submitted,
        &crate::mock::score(&theirs, Marking::Gs1),
        &theirs,
        &scheduler,
        now,
    );
    let error = late.err().map(|e| e.to_string()).unwrap_or_default();
    assert!(
        error.contains("already finished in another window"),
        "{error}"
    );
    // A late save from the other window changes nothing either.
    second.save_mock_answer(id, 0, &item("a", Some(1)))?;
    let log = first.log()?;
    assert_eq!(log.len(), 3, "each answer logged once");
    let history = first.mock_history()?;
    assert_eq!(history[0].right, 2, "the first submission stands");
    Ok(())
}

#[test]
fn a_clock_set_back_still_allows_the_day_its_new_cards() -> anyhow::Result<()> {
    let mut store = Store::in_memory()?;
    let scheduler = Scheduler::new(Settings::default())?;
    let later = at("2026-03-10T09:00:00+05:30");
    for card in ["a", "b", "c", "d", "e"] {
        store.record(&answer(card, Rating::Good), &scheduler, later)?;
    }
    // Today, by a clock set back five days, no new card has been introduced yet.
    let now = at("2026-03-05T09:00:00+05:30");
    let (start, end) = (scheduler.day_start(now), scheduler.next_day_start(now));
    assert_eq!(store.new_cards_between(start, end)?, 0);
    let later_day = (scheduler.day_start(later), scheduler.next_day_start(later));
    assert_eq!(store.new_cards_between(later_day.0, later_day.1)?, 5);
    Ok(())
}

#[test]
fn unusable_saved_settings_are_reset_by_repair() -> anyhow::Result<()> {
    let mut store = Store::in_memory()?;
    store.conn.execute(
        "INSERT INTO meta (key, value) VALUES ('settings', 'garbage{')",
        [],
    )?;
    assert!(store.settings().is_err());
    let problem = store.repair_settings()?;
    assert!(problem.is_some());
    assert_eq!(store.settings()?, Settings::default());
    assert_eq!(store.repair_settings()?, None, "nothing left to repair");
    Ok(())
}

#[test]
fn checkpoints_between_answers_keep_the_log_small_and_lose_nothing() -> anyhow::Result<()> {
    let scheduler = Scheduler::new(Settings::default())?;
    let now = at("2026-03-01T09:00:00+05:30");
    // The write-ahead log's size after 600 answers, with or without the session's
    // checkpoint after each one.
    let wal_after = |idle: bool| -> anyhow::Result<(u64, usize)> {
        let dir = tempfile::TempDir::new()?;
        let path = dir.path().join("progress.db");
        let mut store = Store::open(&path, None, now)?;
        for i in 0..600 {
            let card = format!("c{}", i % 150);
            let at = now + TimeDelta::seconds(i);
            store.record(&answer(&card, Rating::Good), &scheduler, at)?;
            if idle {
                store.checkpoint_while_idle();
            }
        }
        let wal = std::fs::metadata(dir.path().join("progress.db-wal"))?.len();
        let rows = store.log()?.len();
        drop(store);
        // Everything is there after the connection closes, either way.
        let reopened = Store::open(&path, None, now)?;
        assert_eq!(reopened.log()?.len(), rows);
        Ok((wal, rows))
    };
    let (plain, rows) = wal_after(false)?;
    let (tidied, tidied_rows) = wal_after(true)?;
    assert_eq!((rows, tidied_rows), (600, 600));
    assert!(
        tidied * 3 < plain,
        "a log of {tidied} bytes with checkpoints, {plain} without"
    );
    Ok(())
}
