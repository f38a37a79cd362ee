//! Random histories of two to four computers syncing through one folder (issue 22): each
//! with its own clock (days or minutes off, and jumping), a sync tool that delivers files
//! late, out of order and half-copied, backups made and restored (of this version and of
//! one from before sync), data folders copied to a new computer, settings changed, mock
//! tests taken, answers amended and undone. After the last files arrive and every
//! computer has synced, every one must hold the same cards, review log, settings and test
//! history as one computer that did everything.
//!
//! Computers are data folders; syncs call the library's `sync` (what `upsc sync` runs)
//! so that a history costs milliseconds. A few histories also compare `upsc cards --json`.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may fail loudly

mod common;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::{DateTime, FixedOffset, TimeDelta};
use proptest::prelude::*;
use upsc::revlog::LogMode;
use upsc::scheduler::{Rating, Scheduler};
use upsc::settings::file::{self as settings_file, Edit};
use upsc::settings::{EffectiveSettings, Environment, Flags, keys};
use upsc::store::{Answer, SCHEMA_VERSION, Store, backup, identity};

const CARDS: [&str; 4] = [
    "yen-pledge-size",
    "radhabinod-pal",
    "partnership-labels",
    "summit-number",
];
const RETENTIONS: [&str; 3] = ["0.9", "0.8", "0.85"];
/// The most computers a history makes (copies included).
const MOST: usize = 4;

#[derive(Debug, Clone)]
enum Op {
    Answer {
        dev: usize,
        card: usize,
        rating: u8,
    },
    Amend {
        dev: usize,
        rating: u8,
    },
    /// Takes back the answer just given (only right after it, as a session does).
    Undo {
        dev: usize,
    },
    Sync {
        dev: usize,
    },
    /// The sync tool brings some files (chosen by `pick`), some of them half-copied.
    Deliver {
        dev: usize,
        pick: u64,
    },
    Settings {
        dev: usize,
        retention: usize,
        new_per_day: u8,
    },
    Test {
        dev: usize,
    },
    Backup {
        dev: usize,
    },
    /// Syncs, then restores the newest (or the oldest) backup.
    Restore {
        dev: usize,
        newest: bool,
    },
    /// The data folder copied to a new computer.
    Copy {
        dev: usize,
    },
    /// The clock jumps to a new error.
    Clock {
        dev: usize,
        skew: i64,
    },
}

fn skew() -> impl Strategy<Value = i64> {
    prop_oneof![
        Just(0i64),
        (-3i64..=3).prop_map(|d| d * 86_400_000),
        (-45i64..=45).prop_map(|m| m * 60_000),
    ]
}

fn op() -> impl Strategy<Value = Op> {
    let dev = 0..MOST;
    prop_oneof![
        6 => (dev.clone(), 0..CARDS.len(), 1u8..=4).prop_map(|(dev, card, rating)| Op::Answer { dev, card, rating }),
        1 => (dev.clone(), 1u8..=4).prop_map(|(dev, rating)| Op::Amend { dev, rating }),
        1 => dev.clone().prop_map(|dev| Op::Undo { dev }),
        4 => dev.clone().prop_map(|dev| Op::Sync { dev }),
        3 => (dev.clone(), any::<u64>()).prop_map(|(dev, pick)| Op::Deliver { dev, pick }),
        1 => (dev.clone(), 0..RETENTIONS.len(), 10u8..40).prop_map(|(dev, retention, new_per_day)| Op::Settings { dev, retention, new_per_day }),
        1 => dev.clone().prop_map(|dev| Op::Test { dev }),
        1 => dev.clone().prop_map(|dev| Op::Backup { dev }),
        1 => (dev.clone(), any::<bool>()).prop_map(|(dev, newest)| Op::Restore { dev, newest }),
        1 => dev.clone().prop_map(|dev| Op::Copy { dev }),
        1 => (dev, skew()).prop_map(|(dev, skew)| Op::Clock { dev, skew }),
    ]
}

/// One computer.
struct Computer {
    home: tempfile::TempDir,
    /// The sync folder as this computer's sync tool has it.
    view: tempfile::TempDir,
    name: &'static str,
    skew: i64,
    store: Option<Store>,
    /// Its log rows and the reference's, for amends.
    rows: HashMap<i64, i64>,
    last: Option<i64>,
    backups: Vec<PathBuf>,
}

const NAMES: [&str; MOST] = ["home", "library", "coaching", "laptop"];

impl Computer {
    fn new(name: &'static str, skew: i64) -> Computer {
        Computer {
            home: temp(),
            view: temp(),
            name,
            skew,
            store: None,
            rows: HashMap::new(),
            last: None,
            backups: Vec::new(),
        }
    }

    fn db(&self) -> PathBuf {
        self.home.path().join("progress.db")
    }

    fn store(&mut self) -> &mut Store {
        if self.store.is_none() {
            self.store = Some(Store::open(&self.db(), None, now(0)).unwrap());
        }
        self.store.as_mut().unwrap()
    }

    fn close(&mut self) {
        self.store = None;
    }

    fn settings_file(&self) -> PathBuf {
        upsc::settings::path(self.home.path())
    }

    /// The scheduler `upsc` would use here now.
    fn scheduler(&mut self) -> Scheduler {
        let effective =
            EffectiveSettings::load(self.home.path(), &Environment::default(), &Flags::default())
                .unwrap();
        let store = self.store();
        upsc::cmd::scheduler(&effective, store).unwrap()
    }
}

/// The real time of step `tick` (minutes after the start), on a clock `skew` ms off.
fn now(ms: i64) -> DateTime<FixedOffset> {
    let start = DateTime::parse_from_rfc3339("2026-03-01T08:00:00+05:30").unwrap();
    start + TimeDelta::milliseconds(ms)
}

/// A temporary folder, in memory where the system has one (`/dev/shm`): a history
/// writes and flushes hundreds of small files.
fn temp() -> tempfile::TempDir {
    let shm = Path::new("/dev/shm");
    if shm.is_dir()
        && let Ok(dir) = tempfile::TempDir::new_in(shm)
    {
        return dir;
    }
    tempfile::TempDir::new().unwrap()
}

fn answer(card: &str, rating: Rating) -> Answer<'_> {
    Answer {
        card: upsc::deck::CardKey::new("at-a-glance", card),
        kind: upsc::deck::Kind::Recall,
        fingerprint: 1,
        rating,
        correct: rating != Rating::Again,
        duration_ms: 3000,
        confidence: None,
        given: Some("an answer"),
        mode: LogMode::Review,
        schedule: true,
    }
}

fn add_test(store: &Store, started: i64) {
    store
        .connection()
        .execute(
            "INSERT INTO mock_tests (started_at, utc_offset, finished_at, status, marking, minutes, filters,
                                     questions, right_count, wrong_count, score_sixths, max_sixths)
             VALUES (?1, 19800, ?1 + 600000, 'submitted', 'gs1', 10.0, 'all', 1, 1, 0, 12, 12)",
            [started],
        )
        .unwrap();
}

/// Every file under `from` that `to` lacks (or holds shorter), copied when `take` says so;
/// `half` copies only the first half of some of them (a copy still arriving).
fn carry(from: &Path, to: &Path, mut take: impl FnMut(&Path) -> (bool, bool)) {
    let devices = from.join("upsc/devices");
    let Ok(folders) = std::fs::read_dir(&devices) else {
        return;
    };
    for folder in folders {
        let folder = folder.unwrap().path();
        for file in std::fs::read_dir(&folder).unwrap() {
            let file = file.unwrap().path();
            let name = file.file_name().unwrap().to_string_lossy().into_owned();
            if name.starts_with('.') {
                continue;
            }
            let relative = file.strip_prefix(from).unwrap();
            let target = to.join(relative);
            let full = std::fs::metadata(&file).unwrap().len();
            let have = std::fs::metadata(&target).map(|m| m.len()).unwrap_or(0);
            if have >= full {
                continue;
            }
            let (go, half) = take(&file);
            if !go {
                continue;
            }
            std::fs::create_dir_all(target.parent().unwrap()).unwrap();
            let bytes = std::fs::read(&file).unwrap();
            let cut = if half { bytes.len() / 2 } else { bytes.len() };
            std::fs::write(&target, &bytes[..cut]).unwrap();
        }
    }
}

/// A store from before sync (schema 3) holding the answers of `store`, as an old backup.
fn as_version_3(store: &Path, to: &Path) {
    let conn = rusqlite::Connection::open(to).unwrap();
    let schema =
        std::fs::read_to_string(common::manifest_dir().join("tests/fixtures/schema-v3.sql"))
            .unwrap();
    conn.execute_batch(&schema).unwrap();
    conn.execute("ATTACH DATABASE ?1 AS new", [store.to_str().unwrap()])
        .unwrap();
    conn.execute_batch(
        "INSERT INTO cards SELECT card_id, deck, id, kind, fingerprint FROM new.cards;
         INSERT INTO revlog SELECT id, card_id, reviewed_at, utc_offset, rating, correct, duration_ms, confidence,
                                   given, mode, fingerprint, state_before, state_after, due_after, stability,
                                   difficulty, step_after, scheduled FROM new.revlog;
         INSERT INTO card_state SELECT * FROM new.card_state;
         PRAGMA user_version = 3;",
    )
    .unwrap();
    conn.execute("DETACH DATABASE new", []).unwrap();
}

/// What must be equal everywhere: card states (less local ids), the log (less local
/// ids and event names), the settings that travel, the test history.
#[derive(Debug, PartialEq)]
struct Seen {
    cards: BTreeMap<String, String>,
    log: Vec<String>,
    settings: BTreeMap<String, String>,
    tests: Vec<String>,
}

fn seen(store: &Store, settings: &Path) -> Seen {
    let cards = store
        .cards()
        .unwrap()
        .into_iter()
        // A card whose every answer was undone is a new card, as one never answered.
        .filter(|(_, c)| c.state.reps > 0 || c.state.last_review.is_some())
        .map(|(k, c)| (k.to_string(), format!("{:?}", c.state)))
        .collect();
    let conn = store.connection();
    let mut log: Vec<String> = conn
        .prepare(
            "SELECT c.deck || '/' || c.id, r.reviewed_at, r.rating, r.confidence, r.state_before, r.state_after,
                    r.due_after, r.stability, r.difficulty, r.scheduled
             FROM revlog r JOIN cards c USING (card_id)",
        )
        .unwrap()
        .query_map([], |r| {
            Ok(format!(
                "{} {} {} {:?} {} {} {} {} {} {}",
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, i64>(4)?,
                r.get::<_, i64>(5)?,
                r.get::<_, i64>(6)?,
                r.get::<_, f64>(7)?,
                r.get::<_, f64>(8)?,
                r.get::<_, bool>(9)?,
            ))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    log.sort();
    let mut tests: Vec<String> = conn
        .prepare("SELECT started_at, finished_at, status, score_sixths FROM mock_tests")
        .unwrap()
        .query_map([], |r| {
            Ok(format!(
                "{} {} {} {}",
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, i64>(3)?
            ))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    tests.sort();
    let settings = settings_file::read(settings)
        .unwrap()
        .unwrap_or_default()
        .into_iter()
        .filter(|f| f.key.table() != Some("sync"))
        .map(|f| (f.key.name.to_string(), f.value.to_toml_text()))
        .collect();
    Seen {
        cards,
        log,
        settings,
        tests,
    }
}

/// What differs, briefly.
fn diff(got: &Seen, expected: &Seen) -> String {
    let mut out = String::new();
    for (key, state) in &expected.cards {
        if got.cards.get(key) != Some(state) {
            out += &format!(
                "card {key}: {:?}\n   expected {state}\n",
                got.cards.get(key)
            );
        }
    }
    for key in got
        .cards
        .keys()
        .filter(|k| !expected.cards.contains_key(*k))
    {
        out += &format!("card {key} not expected\n");
    }
    for line in got.log.iter().filter(|l| !expected.log.contains(l)) {
        out += &format!("log has {line}\n");
    }
    for line in expected.log.iter().filter(|l| !got.log.contains(l)) {
        out += &format!("log lacks {line}\n");
    }
    if got.settings != expected.settings {
        out += &format!(
            "settings {:?}\n   expected {:?}\n",
            got.settings, expected.settings
        );
    }
    if got.tests != expected.tests {
        out += &format!("tests {:?}\n   expected {:?}\n", got.tests, expected.tests);
    }
    out
}

fn set(file: &Path, key: &str, text: &str) {
    let key = keys::find(key).unwrap();
    settings_file::edit(file, &Edit::Set(key, key.parse_text(text).unwrap())).unwrap();
}

struct World {
    hub: tempfile::TempDir,
    computers: Vec<Computer>,
    one: Computer,
    clock: i64,
    /// The computer that changed the settings last.
    changed_by: Option<usize>,
    previous_answer: Option<usize>,
}

impl World {
    fn sync(&mut self, dev: usize) {
        let hub = self.hub.path().to_path_buf();
        let clock = self.clock;
        let computer = &mut self.computers[dev];
        let when = now(clock + computer.skew + dev as i64);
        let file = computer.settings_file();
        let view = computer.view.path().to_path_buf();
        let name = computer.name;
        let home = computer.home.path().to_path_buf();
        let store = computer.store();
        let options = upsc::sync::Options {
            dir: &view,
            name,
            settings_file: &file,
            now: when,
        };
        upsc::sync::sync(store, &options, |store| {
            let effective =
                EffectiveSettings::load(&home, &Environment::default(), &Flags::default())?;
            upsc::cmd::scheduler(&effective, store)
        })
        .unwrap();
        // What it wrote goes to the hub at once (its own tool sends without delay).
        carry(&view, &hub, |_| (true, false));
    }

    fn deliver_all(&mut self, dev: usize) {
        let hub = self.hub.path().to_path_buf();
        carry(&hub, self.computers[dev].view.path(), |_| (true, false));
    }

    fn apply(&mut self, op: &Op) {
        self.clock += 7 * 60_000;
        let count = self.computers.len();
        let dev = match op {
            Op::Answer { dev, .. }
            | Op::Amend { dev, .. }
            | Op::Undo { dev }
            | Op::Sync { dev }
            | Op::Deliver { dev, .. }
            | Op::Settings { dev, .. }
            | Op::Test { dev }
            | Op::Backup { dev }
            | Op::Restore { dev, .. }
            | Op::Copy { dev }
            | Op::Clock { dev, .. } => *dev % count,
        };
        let previous = self.previous_answer.take();
        match *op {
            Op::Answer { card, rating, .. } => {
                let rating = Rating::from_u8(rating).unwrap();
                let when = now(self.clock + self.computers[dev].skew + dev as i64);
                let scheduler = self.computers[dev].scheduler();
                let local = self.computers[dev]
                    .store()
                    .record_answer(&answer(CARDS[card], rating), &scheduler, when)
                    .unwrap()
                    .log_id;
                let reference = self
                    .one
                    .store()
                    .record_answer(&answer(CARDS[card], rating), &scheduler, when)
                    .unwrap()
                    .log_id;
                self.computers[dev].rows.insert(local, reference);
                self.computers[dev].last = Some(local);
                self.previous_answer = Some(dev);
            }
            Op::Amend { rating, .. } => {
                let computer = &mut self.computers[dev];
                let Some(local) = computer.last else { return };
                let reference = computer.rows[&local];
                let rating = Rating::from_u8(rating).unwrap();
                let scheduler = computer.scheduler();
                computer
                    .store()
                    .amend(local, rating, Some("guess"), &scheduler)
                    .unwrap();
                self.one
                    .store()
                    .amend(reference, rating, Some("guess"), &scheduler)
                    .unwrap();
            }
            Op::Undo { .. } => {
                if previous != Some(dev) {
                    return;
                }
                self.computers[dev].store().undo_last().unwrap();
                self.one.store().undo_last().unwrap();
                self.computers[dev].last = None;
            }
            Op::Sync { .. } => self.sync(dev),
            Op::Deliver { pick, .. } => {
                let hub = self.hub.path().to_path_buf();
                let mut bits = pick;
                carry(&hub, self.computers[dev].view.path(), |_| {
                    let go = bits & 1 == 1;
                    let half = bits & 2 == 2 && bits & 4 == 4;
                    bits = bits.rotate_right(3);
                    (go, half)
                });
            }
            Op::Settings {
                retention,
                new_per_day,
                ..
            } => {
                // Made after this computer saw every earlier change (else which came
                // "last" has no meaning any computer could know).
                if let Some(before) = self.changed_by
                    && before != dev
                {
                    self.sync(before);
                }
                self.deliver_all(dev);
                self.sync(dev);
                for file in [
                    self.computers[dev].settings_file(),
                    self.one.settings_file(),
                ] {
                    set(&file, "desired_retention", RETENTIONS[retention]);
                    set(&file, "new_per_day", &new_per_day.to_string());
                }
                self.changed_by = Some(dev);
            }
            Op::Test { .. } => {
                let started =
                    now(self.clock + self.computers[dev].skew + dev as i64).timestamp_millis();
                add_test(self.computers[dev].store(), started);
                add_test(self.one.store(), started);
            }
            Op::Backup { .. } => {
                let computer = &mut self.computers[dev];
                let to = computer
                    .home
                    .path()
                    .join(format!("copy-{}.db", computer.backups.len()));
                computer
                    .store()
                    .connection()
                    .execute("VACUUM INTO ?1", [to.to_str().unwrap()])
                    .unwrap();
                computer.close();
                identity::mark_copy(&to, identity::BACKUP_HOME).unwrap();
                computer.backups.push(to);
            }
            Op::Restore { newest, .. } => {
                if self.computers[dev].backups.is_empty() {
                    return;
                }
                // What it did since the backup reaches the folder first.
                self.sync(dev);
                let computer = &mut self.computers[dev];
                let from = if newest {
                    computer.backups.last().unwrap().clone()
                } else {
                    computer.backups[0].clone()
                };
                computer.close();
                backup::restore(
                    &computer.db(),
                    &computer.home.path().join("backups"),
                    &from,
                    SCHEMA_VERSION,
                    &format!("{}", self.clock),
                )
                .unwrap();
                computer.last = None;
            }
            Op::Copy { .. } => {
                if count >= MOST {
                    return;
                }
                // Copied after a sync: a settings change not yet sent when a folder is
                // copied is each copy's to claim, and the later claim wins (docs/sync.md).
                self.sync(dev);
                // What the copy holds of the original's, it holds as the original did.
                self.computers[dev].close();
                let mut copy = Computer::new(NAMES[count], self.computers[dev].skew / 2);
                for name in ["progress.db", "config.toml"] {
                    let source = self.computers[dev].home.path().join(name);
                    if source.exists() {
                        std::fs::copy(&source, copy.home.path().join(name)).unwrap();
                    }
                }
                copy.rows = self.computers[dev].rows.clone();
                copy.last = None;
                self.computers.push(copy);
            }
            Op::Clock { skew, .. } => self.computers[dev].skew = skew,
        }
    }
}

fn history(ops: &[Op], start: usize, old_backup: bool) {
    let one = Computer::new("one", 0);
    let mut world = World {
        hub: temp(),
        computers: (0..start).map(|i| Computer::new(NAMES[i], 0)).collect(),
        one,
        clock: 0,
        changed_by: None,
        previous_answer: None,
    };
    if old_backup {
        // The first computer was used before sync: a few answers, and a backup of then.
        for (i, card) in CARDS.iter().take(3).enumerate() {
            let scheduler = world.computers[0].scheduler();
            let when = now(i as i64 * 60_000);
            world
                .one
                .store()
                .record_answer(&answer(card, Rating::Good), &scheduler, when)
                .unwrap();
            world.computers[0]
                .store()
                .record_answer(&answer(card, Rating::Good), &scheduler, when)
                .unwrap();
        }
        world.clock = 10 * 60_000;
        let computer = &mut world.computers[0];
        computer.close();
        let old = computer.home.path().join("old.db");
        as_version_3(&computer.db(), &old);
        std::fs::remove_file(computer.db()).unwrap();
        std::fs::copy(&old, computer.db()).unwrap();
        computer.backups.push(old);
    }
    for op in ops {
        world.apply(op);
    }
    // Every file arrives; every computer syncs until each has everything.
    for _ in 0..2 {
        for dev in 0..world.computers.len() {
            world.deliver_all(dev);
            world.sync(dev);
        }
    }
    let file = world.one.settings_file();
    let expected = seen(world.one.store(), &file);
    for computer in &mut world.computers {
        let file = computer.settings_file();
        let got = seen(computer.store(), &file);
        assert!(
            got == expected,
            "{} after {ops:?}:\n{}",
            computer.name,
            diff(&got, &expected)
        );
        assert_eq!(
            computer.store().rebuild_states().unwrap(),
            0,
            "{}",
            computer.name
        );
    }
    // Now and then, what the learner sees: `cards --json`, less the local ids.
    static RUNS: AtomicUsize = AtomicUsize::new(0);
    if RUNS.fetch_add(1, Ordering::Relaxed).is_multiple_of(40) {
        let cards = |home: &Path| {
            let mut env = common::Env::new();
            env.home = tempfile::TempDir::new().unwrap();
            let run = env
                .command(&["cards", "--json"])
                .env("UPSC_HOME", home)
                .output()
                .unwrap();
            let mut value: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
            for card in value.as_array_mut().unwrap() {
                card.as_object_mut().unwrap().remove("card_id");
            }
            value
        };
        world.one.close();
        let expected = cards(world.one.home.path());
        for computer in &mut world.computers {
            computer.close();
            assert_eq!(cards(computer.home.path()), expected, "{}", computer.name);
        }
    }
}

/// Histories per test function: four functions run side by side on as many cores.
fn cases() -> u32 {
    // 200 histories in all in CI; `UPSC_HISTORIES=N` runs N in all while working.
    let total: u32 = std::env::var("UPSC_HISTORIES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(200);
    total.div_ceil(4)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn two_or_three_computers_end_as_one_that_did_everything_a(
        start in 2usize..=3,
        old_backup in any::<bool>(),
        ops in proptest::collection::vec(op(), 4..28),
    ) {
        history(&ops, start, old_backup);
    }

    #[test]
    fn two_or_three_computers_end_as_one_that_did_everything_b(
        start in 2usize..=3,
        old_backup in any::<bool>(),
        ops in proptest::collection::vec(op(), 4..28),
    ) {
        history(&ops, start, old_backup);
    }

    #[test]
    fn three_computers_end_as_one_that_did_everything_c(
        old_backup in any::<bool>(),
        ops in proptest::collection::vec(op(), 4..28),
    ) {
        history(&ops, 3, old_backup);
    }

    #[test]
    fn three_computers_end_as_one_that_did_everything_d(
        old_backup in any::<bool>(),
        ops in proptest::collection::vec(op(), 4..28),
    ) {
        history(&ops, 3, old_backup);
    }
}
