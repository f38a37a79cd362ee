//! The progress store: one SQLite file (`<data dir>/progress.db`, WAL mode) holding an
//! append-only review log — the source of truth — and the card states derived from it.
//!
//! Every answer is written in its own immediate transaction that reads the card's current
//! state, appends the log row and updates the state, so two sessions at once lose nothing
//! and a killed process loses at most the answer being typed. A file that is not a
//! progress database, or one written by a newer version, is refused and never touched.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, bail};
use chrono::{DateTime, FixedOffset, Offset, TimeZone, Utc};
use rusqlite::{Connection, OpenFlags, OptionalExtension, TransactionBehavior, params};

use crate::deck::CardKey;
use crate::error::one_line;
use crate::revlog::LogMode;
use crate::scheduler::{CardState, Rating, Scheduler, Settings, State};

pub mod aggregate;
mod answers;
pub mod backup;
mod calibration;
mod declared;
pub mod events;
pub mod guard;
mod held;
mod history;
pub mod identity;
pub mod lock;
mod mock;
pub mod repair;
pub mod rows;
pub mod schedules;
mod today;
mod values;
pub mod why;

use answers::record_in;
pub use answers::{Answer, OVERRIDE, Recorded};
pub use held::HeldAnswer;
pub use history::Mistake;
pub use lock::Lock;
pub use mock::{AlreadyFinished, MockRecord, MockSetup};
pub use today::{DeckKey, NewCards};

/// The schema this build writes; older files are migrated forward on open.
pub const SCHEMA_VERSION: i64 = 4;
pub(crate) const SCHEMA: &str = include_str!("schema.sql");
/// Each deck file's card spans, a cache beside `deck_files` (see the file).
const DECK_SPANS: &str = include_str!("deck_spans.sql");
/// How long a store waits for another program's write lock before giving up (an answer
/// is then held back, never dropped): 30 s, long enough for any write of upsc's own (a
/// large import, a repair). A store's own wait can be shortened with
/// `Store::set_busy_wait` (in tests); nothing about it is process state.
pub const BUSY_WAIT: Duration = Duration::from_secs(30);
/// How long a write waits for another program's lock before the store says it is
/// waiting ([`Store::on_wait`]): long enough that an ordinary wait goes unremarked.
pub const WAIT_NOTICE_AFTER: Duration = Duration::from_secs(1);

/// What a store calls when a write has waited [`WAIT_NOTICE_AFTER`] for another program's
/// lock and goes on waiting, with how long it waits in all: the command says so.
pub type WaitNotice = Box<dyn Fn(Duration) + Send>;

/// A card's stored state with the number that identifies it in exports.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredCard {
    pub card_id: i64,
    pub fingerprint: u64,
    pub state: CardState,
}

/// One row of the review log, as exported and replayed.
#[derive(Debug, Clone, PartialEq)]
pub struct LogRow {
    pub id: i64,
    pub card_id: i64,
    pub key: CardKey,
    /// The review time in the learner's offset then (day boundaries depend on it).
    pub reviewed_at: DateTime<chrono::FixedOffset>,
    pub rating: Rating,
    pub correct: bool,
    pub duration_ms: i64,
    pub state_before: State,
    pub scheduled: bool,
    /// Stored as `review`, `quiz` or `test`.
    pub mode: LogMode,
}

pub use crate::deck::index::IndexedFile;

pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// A shared hold on the store, so that `restore` never swaps the file under a session.
    _lock: Option<lock::Lock>,
    /// Answers committed since the last checkpoint this connection asked for
    /// ([`Store::checkpoint_while_idle`]).
    unchecked: u32,
    /// What opening the store has to tell the learner (answers held back and now written,
    /// a backup that failed), for the command to print: the store prints nothing.
    notices: Vec<String>,
    /// How long a write waits for another program's lock ([`BUSY_WAIT`] unless set).
    busy_wait: Duration,
    /// Told when a write has to wait for another program's lock ([`Store::on_wait`]).
    on_wait: Option<WaitNotice>,
}

fn millis(time: DateTime<Utc>) -> i64 {
    time.timestamp_millis()
}

fn from_millis(ms: i64) -> DateTime<Utc> {
    Utc.timestamp_millis_opt(ms).single().unwrap_or_default()
}

/// A friendlier reading of SQLite's errors, naming the file and what to do. Damage leaves
/// the mark that makes the next open check the file before writing to it.
fn explain(error: rusqlite::Error, path: &Path) -> anyhow::Error {
    use rusqlite::ErrorCode;
    if let Some(line) = values::bad_value(&error) {
        return anyhow::anyhow!("{line}");
    }
    let shown = path.display();
    match error.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) | Some(ErrorCode::DatabaseCorrupt) => {
            if path != Path::new(":memory:") {
                guard::mark_damaged(path);
            }
            anyhow::Error::new(Damaged(guard::damaged_message(
                path,
                "SQLite reports a malformed page",
            )))
        }
        Some(ErrorCode::DatabaseBusy) | Some(ErrorCode::DatabaseLocked) => {
            anyhow::Error::new(Busy(format!(
                "`{shown}` stayed locked by another program for {} s; close other upsc sessions and try again",
                BUSY_WAIT.as_secs()
            )))
        }
        Some(ErrorCode::DiskFull | ErrorCode::SystemIoFailure) => {
            anyhow::anyhow!("{}", disk_trouble(path))
        }
        Some(ErrorCode::ReadOnly)
        | Some(ErrorCode::CannotOpen)
        | Some(ErrorCode::PermissionDenied) => {
            anyhow::anyhow!(
                "cannot write `{shown}` ({error}); check the folder's permissions or set UPSC_HOME"
            )
        }
        _ => anyhow::anyhow!("progress database `{shown}`: {error}"),
    }
}

/// What to say when SQLite cannot read or write the file itself (a full disk, a failing one,
/// a file too large for the process's limits): what was committed before stays intact.
fn disk_trouble(path: &Path) -> String {
    format!(
        "cannot write `{}`: the disk is full or failing; free some space (or check the disk) and try again — what was saved before is intact",
        path.display()
    )
}

/// A one-line account of a raw SQLite failure anywhere in this error's causes, for errors
/// that reached the top without passing through the store's own explanations: damage,
/// a full or failing disk. `None` when there is none, or it needs no translation.
pub fn sqlite_trouble(error: &anyhow::Error, path: &Path) -> Option<anyhow::Error> {
    use rusqlite::ErrorCode;
    if error.downcast_ref::<Damaged>().is_some() || error.downcast_ref::<Busy>().is_some() {
        return None;
    }
    // A value the store never writes, read back: named, with what to do.
    if let Some(line) = error
        .chain()
        .filter_map(|e| e.downcast_ref::<rusqlite::Error>())
        .find_map(values::bad_value)
    {
        return Some(anyhow::anyhow!("{line}"));
    }
    let sqlite = error
        .chain()
        .filter_map(|e| e.downcast_ref::<rusqlite::Error>())
        .find_map(rusqlite::Error::sqlite_error_code)?;
    match sqlite {
        ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase => {
            guard::mark_damaged(path);
            Some(
                Damaged(guard::damaged_message(
                    path,
                    "SQLite reports a malformed page",
                ))
                .into(),
            )
        }
        ErrorCode::DiskFull | ErrorCode::SystemIoFailure => {
            Some(anyhow::anyhow!("{}", disk_trouble(path)))
        }
        _ => None,
    }
}

/// The store is damaged; nothing was written. Its message is the whole line to show.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Damaged(pub String);

/// Another program held the write lock for longer than upsc waits.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Busy(pub String);

/// Whether SQLite gave up waiting for a lock another connection holds.
fn is_busy_error(error: &rusqlite::Error) -> bool {
    matches!(
        error.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
    )
}

/// Whether this error is the store's write lock held elsewhere for too long.
pub fn is_busy(error: &anyhow::Error) -> bool {
    error.downcast_ref::<Busy>().is_some()
}

/// Adds `column` to `table` when it is missing. Two upsc opening a file together may both
/// find it missing: the second to take the write lock finds it there and adds nothing
/// (an `ALTER TABLE` twice would fail, "duplicate column name").
pub(super) fn add_column(
    conn: &Connection,
    table: &str,
    column: &str,
    declaration: &str,
) -> rusqlite::Result<()> {
    let has = || -> rusqlite::Result<bool> {
        conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM pragma_table_info(?1) WHERE name = ?2)",
            params![table, column],
            |r| r.get(0),
        )
    };
    if has()? {
        return Ok(());
    }
    conn.execute_batch("BEGIN IMMEDIATE")?;
    let added = if has()? {
        Ok(())
    } else {
        conn.execute_batch(&format!(
            "ALTER TABLE {table} ADD COLUMN {column} {declaration}"
        ))
    };
    match added {
        Ok(()) => conn.execute_batch("COMMIT"),
        Err(error) => {
            let _ = conn.execute_batch("ROLLBACK");
            Err(error)
        }
    }
}

impl Store {
    /// Opens (creating if needed) the store at `path` for writing.
    ///
    /// Before anything is written: the file's bytes are inspected (an empty or truncated
    /// file where backups exist is refused), it is opened read-only to read its schema
    /// version (a newer one is refused, untouched), and once a study day — or whenever
    /// damage was seen since — SQLite's quick check is run (a damaged file is refused).
    /// Then the file is opened for writing, migrated forward, any answers held back by a
    /// locked store are written, and the day's backup is taken and checked.
    ///
    /// The day is the learner's study day with the default day start (04:00); a learner's
    /// own `day_starts_at` is given to [`Store::open_on_day`].
    pub fn open(
        path: &Path,
        backups: Option<&Path>,
        now: DateTime<FixedOffset>,
    ) -> anyhow::Result<Store> {
        Self::open_on_day(path, backups, now, Settings::default().day_starts_at_hour)
    }

    /// [`Store::open`] for a learner whose study days start at `day_starts_at` o'clock:
    /// the day's backup and quick check follow that day ([`crate::scheduler::day`]), so
    /// with days starting at midnight an answer at 01:00 makes that day's backup.
    pub fn open_on_day(
        path: &Path,
        backups: Option<&Path>,
        now: DateTime<FixedOffset>,
        day_starts_at: u32,
    ) -> anyhow::Result<Store> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create the data folder `{}`; set UPSC_HOME to a folder you may write to", dir.display()))?;
        }
        let lock = lock::Lock::shared(path)?;
        let backups_exist = backups.is_some_and(backup::any_exist);
        let shape = guard::inspect(path, backups_exist)?;
        let today = crate::scheduler::day::study_day(now.to_utc(), *now.offset(), day_starts_at);
        let mut checked_today = false;
        if shape == guard::FileShape::Database {
            checked_today = Self::check_before_writing(path, today)?;
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| explain(e, path))?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
            _lock: Some(lock),
            unchecked: 0,
            busy_wait: BUSY_WAIT,
            notices: Vec::new(),
            on_wait: None,
        };
        // Two sessions starting together may both want to set up a new file; SQLite
        // reports the loser as busy at once (changing the journal mode skips the busy
        // handler), so retry within the usual wait.
        let started = std::time::Instant::now();
        loop {
            match store.prepare() {
                Ok(()) => break,
                Err(error) => {
                    let busy = error
                        .downcast_ref::<rusqlite::Error>()
                        .is_some_and(is_busy_error);
                    if busy && started.elapsed() < store.busy_wait {
                        std::thread::sleep(Duration::from_millis(25));
                        continue;
                    }
                    return Err(match error.downcast::<rusqlite::Error>() {
                        Ok(sqlite) => explain(sqlite, path),
                        Err(other) => other,
                    });
                }
            }
        }
        if checked_today {
            store.set_meta("checked_day", &today.to_string())?;
            let _ = std::fs::remove_file(guard::damage_mark(path));
        }
        if let Some(notice) = store.write_held()? {
            store.notices.push(notice);
        }
        if let Some(dir) = backups {
            // A failed backup must not stop revision; say so and go on. The file checked
            // sound at the start of the day, so its copy is worth keeping.
            let made = if store.has_answers()? {
                backup::daily(&store.conn, dir, today, SCHEMA_VERSION).map(|_| ())
            } else {
                Ok(())
            };
            if let Err(error) = made {
                store.notices.push(format!(
                    "warning: could not back up the progress database ({}); your progress is safe, but check the disk",
                    one_line(&format!("{error:#}"))
                ));
            }
        }
        Ok(store)
    }

    /// The read-only look at an existing file before it is opened for writing: its schema
    /// version, and the quick check when the day's has not been done or damage was seen.
    /// Returns whether the check ran (and passed).
    fn check_before_writing(path: &Path, today: chrono::NaiveDate) -> anyhow::Result<bool> {
        let refuse = |e: rusqlite::Error| -> anyhow::Error {
            if guard::is_damage(&e) {
                guard::mark_damaged(path);
                anyhow::Error::new(Damaged(guard::damaged_message(path, &e.to_string())))
            } else {
                explain(e, path)
            }
        };
        let conn = guard::open_read_only(path).map_err(refuse)?;
        let _ = conn.busy_timeout(BUSY_WAIT);
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(refuse)?;
        if version > SCHEMA_VERSION {
            bail!(
                "`{}` was written by a newer upsc (schema {version}; this build reads up to {SCHEMA_VERSION}); it was left untouched: upgrade upsc to use it",
                path.display()
            );
        }
        let checked: Option<String> = if version == 0 {
            None
        } else {
            conn.query_row(
                "SELECT value FROM meta WHERE key = 'checked_day'",
                [],
                |r| r.get(0),
            )
            .optional()
            .unwrap_or(None)
        };
        let marked = guard::damage_mark(path).exists();
        if !marked && checked.as_deref() == Some(today.to_string().as_str()) {
            return Ok(false);
        }
        let problems = guard::quick_check(&conn).map_err(refuse)?;
        if let Some(first) = problems.first() {
            guard::mark_damaged(path);
            return Err(Damaged(guard::damaged_message(
                path,
                &format!("integrity check: {}", one_line(first)),
            ))
            .into());
        }
        Ok(true)
    }

    /// An in-memory store, for tests.
    pub fn in_memory() -> anyhow::Result<Store> {
        let mut store = Store {
            conn: Connection::open_in_memory()?,
            path: PathBuf::from(":memory:"),
            _lock: None,
            unchecked: 0,
            busy_wait: BUSY_WAIT,
            notices: Vec::new(),
            on_wait: None,
        };
        store.prepare()?;
        Ok(store)
    }

    /// What opening the store had to tell the learner, one line each without the
    /// leading `upsc: ` (answers held back by an earlier session and now written, a
    /// backup that failed), taken once: the command prints them.
    pub fn take_notices(&mut self) -> Vec<String> {
        std::mem::take(&mut self.notices)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// From now on, `notice` is told each time a write has waited [`WAIT_NOTICE_AFTER`] for
    /// another program's write lock and goes on waiting (up to the store's wait, which it is
    /// given): SQLite's own handler cannot say anything, so the store first tries with the
    /// short wait, then tells, then waits the rest. The store prints nothing itself.
    pub fn on_wait(&mut self, notice: WaitNotice) {
        self.on_wait = Some(notice);
    }

    /// Begins a write (an immediate transaction, which takes the write lock at once). When
    /// someone is told about waits ([`Store::on_wait`]), the lock is first asked for with
    /// the short wait; if another program holds it, they are told, and the rest of the wait
    /// follows. Either way the write waits no longer in all than the store's wait.
    pub(crate) fn begin_write(&self) -> rusqlite::Result<rusqlite::Transaction<'_>> {
        use rusqlite::Transaction;
        let first = WAIT_NOTICE_AFTER.min(self.busy_wait);
        let Some(notice) = self.on_wait.as_ref().filter(|_| first < self.busy_wait) else {
            return Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate);
        };
        self.conn.busy_timeout(first)?;
        let tried = Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate);
        let busy = matches!(&tried, Err(e) if is_busy_error(e));
        if !busy {
            self.conn.busy_timeout(self.busy_wait)?;
            return tried;
        }
        drop(tried);
        notice(self.busy_wait);
        self.conn.busy_timeout(self.busy_wait - first)?;
        let tx = Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate);
        self.conn.busy_timeout(self.busy_wait)?;
        tx
    }

    fn prepare(&mut self) -> anyhow::Result<()> {
        // SQLite's own handler: it retries with short sleeps until the wait is over.
        self.conn.busy_timeout(self.busy_wait)?;
        // Reading the header first makes a non-database file fail here, before any write.
        let version: i64 = self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if version > SCHEMA_VERSION {
            bail!(
                "`{}` was written by a newer upsc (schema {version}; this build reads up to {SCHEMA_VERSION}); it was left untouched: upgrade upsc to use it",
                self.path.display()
            );
        }
        self.conn.pragma_update(None, "journal_mode", "WAL")?;
        // WAL with NORMAL sync: a committed answer survives the process being killed;
        // only an operating-system crash could lose the last moments.
        self.conn.pragma_update(None, "synchronous", "NORMAL")?;
        // A checkpoint copies the log back into the file inside whichever commit crosses
        // the limit; at 4,000 pages (16 MB) that is once in several hundred answers rather
        // than about one in a hundred at the default 1,000 (measured in benches/revision.rs).
        self.conn.pragma_update(None, "wal_autocheckpoint", 4000)?;
        self.conn.pragma_update(None, "foreign_keys", "ON")?;
        if version < SCHEMA_VERSION {
            let tx = self.begin_write()?;
            // Version 3 reshaped the deck index; being a cache, it is dropped and refilled
            // on the next run.
            if version < 3 {
                tx.execute_batch("DROP TABLE IF EXISTS deck_files")?;
            }
            // Version 4 added columns to the review log and the mock tests (before the
            // schema file, whose indexes use them) and gave every answer its event id.
            events::add_columns(&tx)?;
            // Otherwise every schema change only adds tables, and the schema file creates
            // only what is missing, so running it brings any older version forward.
            tx.execute_batch(SCHEMA)?;
            if version < 4 {
                identity::name_legacy(&tx)?;
            }
            tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
            tx.commit()?;
        }
        // The sync bookkeeping added within version 4 (made when missing), and this
        // store's device id: a new one if the file was copied or restored.
        events::ensure(&self.conn)?;
        schedules::ensure(&self.conn)?;
        schedules::name_unnamed(&self.conn)?;
        // The confidence declared before the verdict in a quiz (within version 4).
        declared::ensure(&self.conn)?;
        let home = if self.path == Path::new(":memory:") {
            ":memory:".to_string()
        } else {
            identity::home_of(&self.path)
        };
        identity::bind(&self.conn, &home)?;
        // Tables added without a new schema version (a cache and derived figures): made
        // when missing.
        let spans: bool = self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'deck_spans')",
            [],
            |r| r.get(0),
        )?;
        if !spans {
            self.conn.execute_batch(DECK_SPANS)?;
        }
        // Each deck's new cards, with the triggers that forget them on any change.
        self.ensure_deck_new()?;
        // The figures `stats` and the mistake book read, filled from the log if missing.
        aggregate::ensure(&mut self.conn)?;
        // The attempt coach's counts, kept by triggers; filled from the log if missing.
        calibration::ensure(&mut self.conn)?;
        Ok(())
    }

    fn set_meta(&mut self, key: &str, value: &str) -> anyhow::Result<()> {
        self.conn
            .execute(
                "INSERT INTO meta (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [key, value],
            )
            .map_err(|e| explain(e, &self.path))?;
        Ok(())
    }

    /// A note kept in the store's `meta` table (`None` when there is none).
    pub fn note(&self, key: &str) -> anyhow::Result<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
            .optional()?)
    }

    /// Keeps a note in the store's `meta` table (replacing one of the same key).
    pub fn set_note(&mut self, key: &str, value: &str) -> anyhow::Result<()> {
        self.set_meta(key, value)
    }

    /// Removes a note from the store's `meta` table.
    pub fn clear_note(&mut self, key: &str) -> anyhow::Result<()> {
        self.conn
            .execute("DELETE FROM meta WHERE key = ?1", [key])
            .map_err(|e| explain(e, &self.path))?;
        Ok(())
    }

    fn has_answers(&self) -> anyhow::Result<bool> {
        // `EXISTS` stops at the first row instead of counting them all.
        Ok(self
            .conn
            .query_row("SELECT EXISTS (SELECT 1 FROM revlog)", [], |r| r.get(0))?)
    }

    /// One card's stored state, if it was ever answered.
    pub fn card(&self, key: &CardKey) -> anyhow::Result<Option<StoredCard>> {
        let mut statement = self.conn.prepare(
            "SELECT c.card_id, c.fingerprint, s.state, s.due, s.stability, s.difficulty,
                    s.step, s.reps, s.lapses, s.last_review
             FROM cards c LEFT JOIN card_state s ON s.card_id = c.card_id
             WHERE c.deck = ?1 AND c.id = ?2",
        )?;
        let found = statement
            .query_row(params![key.deck, key.card], |row| {
                let state: Option<i64> = row.get(2)?;
                Ok(StoredCard {
                    card_id: row.get(0)?,
                    fingerprint: row.get::<_, i64>(1)? as u64,
                    state: match state {
                        None => CardState::new_card(from_millis(0)),
                        Some(_) => state_columns(row, 2)?,
                    },
                })
            })
            .optional()?;
        Ok(found)
    }

    /// Every stored card state, by its key.
    pub fn cards(&self) -> anyhow::Result<HashMap<CardKey, StoredCard>> {
        // Sized up front: growing a map of 100,000 entries step by step costs more than
        // counting the rows.
        let count: i64 = self
            .conn
            .query_row("SELECT count(*) FROM cards", [], |r| r.get(0))?;
        let mut cards = HashMap::with_capacity(usize::try_from(count).unwrap_or(0));
        let mut statement = self.conn.prepare(
            "SELECT c.card_id, c.deck, c.id, c.fingerprint, s.state, s.due, s.stability, s.difficulty,
                    s.step, s.reps, s.lapses, s.last_review
             FROM cards c LEFT JOIN card_state s ON s.card_id = c.card_id",
        )?;
        let mut rows = statement.query([])?;
        while let Some(row) = rows.next()? {
            let key = CardKey {
                deck: row.get(1)?,
                card: row.get(2)?,
            };
            let state: Option<i64> = row.get(4)?;
            let card = StoredCard {
                card_id: row.get(0)?,
                fingerprint: row.get::<_, i64>(3)? as u64,
                state: match state {
                    None => CardState::new_card(from_millis(0)),
                    Some(_) => state_columns(row, 4)?,
                },
            };
            cards.insert(key, card);
        }
        Ok(cards)
    }

    /// Visits every card that has left the New state with its key and full state. One key
    /// is refilled row by row: no map of 100,000 keys is built (`exam` places the states
    /// by the deck index).
    pub fn visit_card_states(
        &self,
        mut visit: impl FnMut(&CardKey, CardState),
    ) -> anyhow::Result<()> {
        let mut statement = self.conn.prepare(
            "SELECT c.deck, c.id, s.state, s.due, s.stability, s.difficulty,
                    s.step, s.reps, s.lapses, s.last_review
             FROM card_state s JOIN cards c ON c.card_id = s.card_id
             WHERE s.state <> 0",
        )?;
        let mut rows = statement.query([])?;
        let mut key = CardKey::new("", "");
        while let Some(row) = rows.next()? {
            let state = state_columns(row, 2)?;
            key.refill(row.get_ref(0)?.as_str()?, row.get_ref(1)?.as_str()?);
            visit(&key, state);
        }
        Ok(())
    }

    /// How many cards out of the New state are due before `time`.
    pub fn due_before(&self, time: DateTime<Utc>) -> anyhow::Result<usize> {
        let n: i64 = self.conn.query_row(
            "SELECT count(*) FROM card_state WHERE state <> 0 AND due < ?1",
            [millis(time)],
            |r| r.get(0),
        )?;
        Ok(usize::try_from(n).unwrap_or(0))
    }

    /// Learning and relearning steps due in `[from, to)`: how many, and the first.
    pub fn learning_due_between(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> anyhow::Result<(usize, Option<DateTime<Utc>>)> {
        let (n, first): (i64, Option<i64>) = self.conn.query_row(
            "SELECT count(*), min(due) FROM card_state
             WHERE state IN (1, 3) AND due >= ?1 AND due < ?2",
            [millis(from), millis(to)],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        Ok((usize::try_from(n).unwrap_or(0), first.map(from_millis)))
    }

    /// Visits the scheduled answers of the log in order — card id, time (milliseconds
    /// since the epoch), rating, state before, duration — one row at a time, so exporting a
    /// million answers holds none of them in memory.
    pub fn visit_scheduled_log(
        &self,
        mut visit: impl FnMut(i64, i64, i64, i64, i64) -> anyhow::Result<()>,
    ) -> anyhow::Result<()> {
        let mut statement = self.conn.prepare(
            // `+reviewed_at`: one pass over the table and SQLite's sorter, not a million
            // look-ups in time-index order (0.72 s against 0.94 s at a million rows).
            "SELECT card_id, reviewed_at, rating, state_before, duration_ms
             FROM revlog WHERE scheduled = 1 ORDER BY +reviewed_at, event",
        )?;
        let mut rows = statement.query([])?;
        while let Some(row) = rows.next()? {
            // Read as a rating and a state, so a value upsc never writes is named.
            visit(
                row.get(0)?,
                row.get(1)?,
                i64::from(row.get::<_, Rating>(2)?.as_u8()),
                i64::from(row.get::<_, State>(3)?.as_u8()),
                row.get(4)?,
            )?;
        }
        Ok(())
    }

    /// Visits the scheduled answers card by card (in card-id order), each card's in the
    /// order answered: the card id, when (with the learner's offset then) and the rating.
    /// One row at a time, so `optimize` builds its training set without holding the log.
    pub fn visit_scheduled_histories(
        &self,
        mut visit: impl FnMut(i64, DateTime<FixedOffset>, Rating) -> anyhow::Result<()>,
    ) -> anyhow::Result<()> {
        let mut statement = self.conn.prepare(
            "SELECT card_id, reviewed_at, utc_offset, rating FROM revlog
             WHERE scheduled = 1 ORDER BY card_id, reviewed_at, event",
        )?;
        let mut rows = statement.query([])?;
        while let Some(row) = rows.next()? {
            let offset = chrono::FixedOffset::east_opt(row.get(2)?).unwrap_or_else(|| Utc.fix());
            let at = from_millis(row.get(1)?).with_timezone(&offset);
            visit(row.get(0)?, at, row.get(3)?)?;
        }
        Ok(())
    }

    /// How many answers the review log holds.
    pub fn log_len(&self) -> anyhow::Result<usize> {
        let n: i64 = self
            .conn
            .query_row("SELECT count(*) FROM revlog", [], |r| r.get(0))?;
        Ok(usize::try_from(n).unwrap_or(0))
    }

    /// The whole review log in order, with each card's key.
    pub fn log(&self) -> anyhow::Result<Vec<LogRow>> {
        let mut statement = self.conn.prepare(
            "SELECT r.id, r.card_id, c.deck, r.reviewed_at, r.rating, r.correct, r.duration_ms,
                    r.state_before, r.scheduled, r.utc_offset, r.mode, c.id
             FROM revlog r JOIN cards c USING (card_id) ORDER BY r.reviewed_at, r.event",
        )?;
        let rows = statement.query_map([], |row| {
            Ok(LogRow {
                id: row.get(0)?,
                card_id: row.get(1)?,
                key: CardKey {
                    deck: row.get(2)?,
                    card: row.get(11)?,
                },
                reviewed_at: {
                    let offset =
                        chrono::FixedOffset::east_opt(row.get(9)?).unwrap_or_else(|| Utc.fix());
                    from_millis(row.get(3)?).with_timezone(&offset)
                },
                rating: row.get(4)?,
                correct: row.get(5)?,
                duration_ms: row.get(6)?,
                state_before: row.get(7)?,
                scheduled: row.get(8)?,
                mode: row.get(10)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// How many new cards were introduced (first scheduled answer) in `[start, end)`: one
    /// study day. Bounded at both ends, so answers logged later than the clock now says (the
    /// clock was set back) do not eat into today's new cards.
    pub fn new_cards_between(
        &self,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
    ) -> anyhow::Result<usize> {
        let n: i64 = self.conn.query_row(
            "SELECT count(*) FROM revlog
             WHERE reviewed_at >= ?1 AND reviewed_at < ?2 AND state_before = 0 AND scheduled = 1",
            [millis(start), millis(end)],
            |r| r.get(0),
        )?;
        Ok(usize::try_from(n).unwrap_or(0))
    }

    /// How many different cards were answered in daily revision (`review`) in
    /// `[start, end)`: one study day's use of its review limit.
    pub fn cards_reviewed_between(
        &self,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
    ) -> anyhow::Result<usize> {
        let n: i64 = self.conn.query_row(
            "SELECT count(DISTINCT card_id) FROM revlog
             WHERE reviewed_at >= ?1 AND reviewed_at < ?2 AND mode = 'review'",
            [millis(start), millis(end)],
            |r| r.get(0),
        )?;
        Ok(usize::try_from(n).unwrap_or(0))
    }

    /// Rebuilds every card state and the aggregate tables from the review log; returns
    /// how many states and aggregate rows differed.
    pub fn rebuild_states(&mut self) -> anyhow::Result<usize> {
        let before = self.cards()?;
        let tx = self.begin_write()?;
        derive_state(&tx, None)?;
        let figures = aggregate::rebuild(&tx)? + calibration::rebuild(&tx)?;
        tx.commit()?;
        let after = self.cards()?;
        Ok(after
            .iter()
            .filter(|(k, v)| before.get(*k) != Some(v))
            .count()
            + before.keys().filter(|k| !after.contains_key(*k)).count()
            + figures)
    }

    /// Checks that every row's text is text and its numbers are in range, repairing or
    /// setting aside what is not ([`rows`]); one line per repair, naming the row.
    pub fn repair_rows(&mut self) -> anyhow::Result<Vec<String>> {
        let path = self.path.clone();
        let result = (|| -> rusqlite::Result<Vec<String>> {
            let tx = self.begin_write()?;
            let done = rows::repair(&tx)?;
            tx.commit()?;
            Ok(done)
        })();
        result.map_err(|e| explain(e, &path))
    }

    /// The scheduler settings saved by `upsc optimize`, or the defaults.
    pub fn settings(&self) -> anyhow::Result<Settings> {
        let saved: Option<String> = self
            .conn
            .query_row("SELECT value FROM meta WHERE key = 'settings'", [], |r| {
                r.get(0)
            })
            .optional()?;
        match saved {
            Some(json) => serde_json::from_str(&json)
                .context("the saved scheduler settings are unreadable; run `upsc doctor`"),
            None => Ok(Settings::default()),
        }
    }

    /// Clears saved scheduler settings that cannot be read or are invalid, so the defaults
    /// apply again; returns what was wrong with them, or `None` when they were fine.
    pub fn repair_settings(&mut self) -> anyhow::Result<Option<String>> {
        let problem = match self.settings() {
            Err(e) => Some(
                e.chain()
                    .last()
                    .map_or_else(|| e.to_string(), ToString::to_string),
            ),
            Ok(settings) => Scheduler::new(settings).err().map(|e| e.to_string()),
        };
        if problem.is_some() {
            self.conn
                .execute("DELETE FROM meta WHERE key = 'settings'", [])
                .map_err(|e| explain(e, &self.path))?;
        }
        Ok(problem)
    }

    pub fn save_settings(&mut self, settings: &Settings) -> anyhow::Result<()> {
        let json = serde_json::to_string(settings)?;
        self.conn.execute(
            "INSERT INTO meta (key, value) VALUES ('settings', ?1)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [json],
        )?;
        Ok(())
    }

    /// The whole deck index by path, read in one query so a large collection costs one
    /// statement, not one per file. Card tags are read only `with_tags`.
    pub fn deck_index(&self, with_tags: bool) -> anyhow::Result<HashMap<String, IndexedFile>> {
        match self.read_deck_index(with_tags) {
            Ok(files) => Ok(files),
            // A cache: one that cannot be read (a flipped byte in its text, a value of the
            // wrong type) is dropped and the decks read again, never a lock-out. Damage
            // to the file itself is not this, and is reported.
            Err(e) if !guard::is_damage(&e) => {
                self.conn
                    .execute_batch("DELETE FROM deck_spans; DELETE FROM deck_files;")
                    .map_err(|e| explain(e, &self.path))?;
                Ok(HashMap::new())
            }
            Err(e) => Err(explain(e, &self.path)),
        }
    }

    fn read_deck_index(&self, with_tags: bool) -> rusqlite::Result<HashMap<String, IndexedFile>> {
        let mut statement = self.conn.prepare(
            "SELECT path, size, mtime_ns, hash, cited, seeds_key, deck, deck_at, cards, problem,
                    CASE WHEN ?1 THEN tags ELSE '' END
             FROM deck_files",
        )?;
        let rows = statement.query_map([with_tags], |r| {
            Ok((
                r.get::<_, String>(0)?,
                IndexedFile {
                    size: r.get::<_, i64>(1)? as u64,
                    mtime_ns: r.get(2)?,
                    hash: r.get::<_, i64>(3)? as u64,
                    cited: r.get(4)?,
                    seeds_key: r.get::<_, i64>(5)? as u64,
                    deck: r.get(6)?,
                    deck_at: r.get(7)?,
                    cards: r.get(8)?,
                    problem: r.get(9)?,
                    tags: r.get(10)?,
                    spans: String::new(),
                },
            ))
        })?;
        let mut files: HashMap<String, IndexedFile> = rows.collect::<Result<_, _>>()?;
        // Card spans, kept beside the entries (see `DECK_SPANS`): only those made from
        // the same text as the entry count.
        let mut statement = self.conn.prepare(
            "SELECT s.path, s.spans FROM deck_spans s JOIN deck_files f ON f.path = s.path AND f.hash = s.hash",
        )?;
        let mut rows = statement.query([])?;
        while let Some(row) = rows.next()? {
            if let Some(file) = files.get_mut(row.get_ref(0)?.as_str()?) {
                file.spans = row.get(1)?;
            }
        }
        Ok(files)
    }

    /// Records what deck files hold, new sizes and times of files whose content is
    /// unchanged, and forgets files that are gone, in one transaction.
    pub fn update_deck_index(
        &mut self,
        files: &[(String, IndexedFile)],
        touched: &[(String, u64, i64)],
        gone: &[String],
    ) -> anyhow::Result<()> {
        if files.is_empty() && touched.is_empty() && gone.is_empty() {
            return Ok(());
        }
        let path = self.path.clone();
        let result = (|| -> rusqlite::Result<()> {
            let tx = self.begin_write()?;
            {
                let mut insert = tx.prepare(
                    "INSERT OR REPLACE INTO deck_files
                         (path, size, mtime_ns, hash, cited, seeds_key, deck, deck_at, cards, problem, tags)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                )?;
                let mut spans = tx.prepare(
                    "INSERT OR REPLACE INTO deck_spans (path, hash, spans) VALUES (?1, ?2, ?3)",
                )?;
                for (path, f) in files {
                    spans.execute(params![path, f.hash as i64, f.spans])?;
                    insert.execute(params![
                        path,
                        f.size as i64,
                        f.mtime_ns,
                        f.hash as i64,
                        f.cited,
                        f.seeds_key as i64,
                        f.deck,
                        f.deck_at,
                        f.cards,
                        f.problem,
                        f.tags,
                    ])?;
                }
                let mut touch =
                    tx.prepare("UPDATE deck_files SET size = ?2, mtime_ns = ?3 WHERE path = ?1")?;
                for (path, size, mtime_ns) in touched {
                    touch.execute(params![path, *size as i64, mtime_ns])?;
                }
                let mut delete = tx.prepare("DELETE FROM deck_files WHERE path = ?1")?;
                let mut forget = tx.prepare("DELETE FROM deck_spans WHERE path = ?1")?;
                for path in gone {
                    delete.execute([path])?;
                    forget.execute([path])?;
                }
            }
            tx.commit()
        })();
        result.map_err(|e| explain(e, &path))
    }

    pub fn connection(&self) -> &Connection {
        &self.conn
    }
}

/// A card state from eight consecutive columns (state, due, stability, difficulty, step,
/// reps, lapses, last_review) starting at `first`.
fn state_columns(row: &rusqlite::Row, first: usize) -> rusqlite::Result<CardState> {
    Ok(CardState {
        state: row.get(first)?,
        due: from_millis(row.get(first + 1)?),
        stability: row.get::<_, f64>(first + 2)? as f32,
        difficulty: row.get::<_, f64>(first + 3)? as f32,
        step: row.get(first + 4)?,
        reps: row.get(first + 5)?,
        lapses: row.get(first + 6)?,
        last_review: row.get::<_, Option<i64>>(first + 7)?.map(from_millis),
    })
}

fn read_state(conn: &Connection, card_id: i64) -> rusqlite::Result<Option<CardState>> {
    conn.query_row(
        "SELECT state, due, stability, difficulty, step, reps, lapses, last_review FROM card_state WHERE card_id = ?1",
        [card_id],
        |row| state_columns(row, 0),
    )
    .optional()
}

fn write_state(conn: &Connection, card_id: i64, state: &CardState) -> rusqlite::Result<()> {
    write_state_with(&mut conn.prepare(WRITE_STATE)?, card_id, state)
}

const WRITE_STATE: &str = "INSERT INTO card_state (card_id, state, due, stability, difficulty, step, reps, lapses, last_review)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
         ON CONFLICT (card_id) DO UPDATE SET state = excluded.state, due = excluded.due,
             stability = excluded.stability, difficulty = excluded.difficulty, step = excluded.step,
             reps = excluded.reps, lapses = excluded.lapses, last_review = excluded.last_review";

/// [`write_state`] through a statement prepared once (a merge writes thousands).
fn write_state_with(
    statement: &mut rusqlite::Statement,
    card_id: i64,
    state: &CardState,
) -> rusqlite::Result<()> {
    statement.execute(params![
        card_id,
        state.state,
        millis(state.due),
        f64::from(state.stability),
        f64::from(state.difficulty),
        state.step,
        state.reps,
        state.lapses,
        state.last_review.map(millis),
    ])?;
    Ok(())
}

/// Derives card states from the log: each card's state is the one after its last
/// scheduled review in time order (`reviewed_at`, then `event`: the same on every device),
/// with reps and lapses counted over the log. `None` does every card.
fn derive_state(conn: &Connection, card: Option<i64>) -> rusqlite::Result<()> {
    let [delete, insert] = derive_state_sql(card.is_some());
    conn.execute(&delete, [card])?;
    conn.execute(&insert, [card])?;
    Ok(())
}

/// The two statements of [`derive_state`] (for one card, `?1`, or for all): a merge
/// prepares them once for the thousands of cards it derives.
fn derive_state_sql(one_card: bool) -> [String; 2] {
    // Parenthesised: it is followed by `AND scheduled = 1`.
    let filter = if one_card {
        "WHERE card_id = ?1"
    } else {
        "WHERE (?1 IS NULL OR 1)"
    };
    [
        format!("DELETE FROM card_state {filter}"),
        format!(
            "INSERT INTO card_state (card_id, state, due, stability, difficulty, step, reps, lapses, last_review)
             SELECT card_id, state_after, due_after, stability, difficulty, step_after, reps, lapses, reviewed_at
             FROM (SELECT card_id, state_after, due_after, stability, difficulty, step_after, reviewed_at,
                          row_number() OVER w AS n,
                          count(*) OVER (PARTITION BY card_id) AS reps,
                          sum(CASE WHEN rating = 1 AND state_before = 2 THEN 1 ELSE 0 END)
                              OVER (PARTITION BY card_id) AS lapses
                   FROM revlog
                   {filter} AND scheduled = 1
                   WINDOW w AS (PARTITION BY card_id ORDER BY reviewed_at DESC, event DESC))
             WHERE n = 1"
        ),
    ]
}

/// The store keeps the deck index (table `deck_files`) for [`crate::deck::index`].
impl crate::deck::index::IndexCache for Store {
    fn deck_index(&self, with_tags: bool) -> anyhow::Result<HashMap<String, IndexedFile>> {
        Store::deck_index(self, with_tags)
    }

    fn update_deck_index(
        &mut self,
        files: &[(String, IndexedFile)],
        touched: &[(String, u64, i64)],
        gone: &[String],
    ) -> anyhow::Result<()> {
        Store::update_deck_index(self, files, touched, gone)
    }
}

// Tests wait less than a learner's session does.
#[cfg(test)]
impl Store {
    /// Waits at most `wait` for another program's write lock from now on (tests use a
    /// short one); [`BUSY_WAIT`] otherwise.
    pub fn set_busy_wait(&mut self, wait: Duration) -> anyhow::Result<()> {
        self.busy_wait = wait;
        self.conn.busy_timeout(wait)?;
        Ok(())
    }
}

#[cfg(test)]
mod trust_tests;

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{DateTime, FixedOffset};

    pub(super) fn at(text: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(text).expect("valid time")
    }

    /// The key written `deck/card`.
    pub(super) fn key(text: &str) -> CardKey {
        text.parse().expect("a card key")
    }

    pub(super) fn answer(card: &str, rating: Rating) -> Answer<'_> {
        Answer {
            card: crate::deck::CardKey::new("d", card),
            kind: crate::deck::Kind::Recall,
            fingerprint: 7,
            rating,
            correct: rating != Rating::Again,
            duration_ms: 1500,
            confidence: None,
            given: Some("x"),
            mode: crate::revlog::LogMode::Review,
            schedule: true,
        }
    }

    #[test]
    fn records_answers_and_derives_the_same_states_from_the_log() -> anyhow::Result<()> {
        let mut store = Store::in_memory()?;
        let scheduler = Scheduler::new(Settings::default())?;
        let ratings = [
            Rating::Good,
            Rating::Good,
            Rating::Again,
            Rating::Good,
            Rating::Easy,
        ];
        let mut time = at("2026-01-01T09:00:00+05:30");
        for (i, rating) in ratings.into_iter().enumerate() {
            store.record(&answer("a", rating), &scheduler, time)?;
            store.record(&answer("b", Rating::Good), &scheduler, time)?;
            time += chrono::TimeDelta::days(i as i64 + 1);
        }
        let stored = store.cards()?;
        assert_eq!(stored[&key("d/a")].state.reps, 5);
        assert_eq!(
            store.rebuild_states()?,
            0,
            "derived states equal the stored ones"
        );
        assert_eq!(store.cards()?, stored);

        // Replaying the log through the scheduler reproduces the stored states exactly.
        let mut replayed: HashMap<CardKey, CardState> = HashMap::new();
        for row in store.log()? {
            let now = row.reviewed_at;
            let before = replayed
                .remove(&row.key)
                .unwrap_or_else(|| CardState::new_card(now.to_utc()));
            let after = scheduler.review(
                &before,
                row.rating,
                now,
                crate::scheduler::fuzz_seed(&row.key.to_string(), now.to_utc()),
            );
            replayed.insert(row.key, after);
        }
        for (key, card) in &stored {
            assert_eq!(&replayed[key], &card.state, "{key}");
        }
        Ok(())
    }

    #[test]
    fn undo_restores_the_previous_state() -> anyhow::Result<()> {
        let mut store = Store::in_memory()?;
        let scheduler = Scheduler::new(Settings::default())?;
        let t = at("2026-01-01T09:00:00+05:30");
        store.record(&answer("a", Rating::Good), &scheduler, t)?;
        let after_first = store.cards()?;
        store.record(
            &answer("a", Rating::Again),
            &scheduler,
            t + chrono::TimeDelta::minutes(10),
        )?;
        assert_eq!(store.undo_last()?, Some(key("d/a")));
        assert_eq!(store.cards()?, after_first);
        assert_eq!(store.undo_last()?, Some(key("d/a")));
        assert_eq!(store.cards()?[&key("d/a")].state.state, State::New);
        assert_eq!(store.undo_last()?, None);
        Ok(())
    }

    #[test]
    fn unscheduled_answers_are_logged_but_leave_the_schedule() -> anyhow::Result<()> {
        let mut store = Store::in_memory()?;
        let scheduler = Scheduler::new(Settings::default())?;
        let mut quiz = answer("a", Rating::Good);
        quiz.schedule = false;
        store.record(&quiz, &scheduler, at("2026-01-01T09:00:00Z"))?;
        assert_eq!(store.log()?.len(), 1);
        assert_eq!(store.cards()?[&key("d/a")].state.state, State::New);
        Ok(())
    }

    #[test]
    fn refuses_a_file_that_is_not_a_database_and_leaves_it_untouched() -> anyhow::Result<()> {
        let dir = tempfile::TempDir::new()?;
        let path = dir.path().join("progress.db");
        let junk = b"this is not sqlite, it is a shopping list\n".repeat(200);
        std::fs::write(&path, &junk)?;
        let error = Store::open(&path, None, Utc::now().fixed_offset())
            .err()
            .map(|e| format!("{e:#}"));
        let error = error.unwrap_or_default();
        assert!(
            error.contains("is not a readable progress database"),
            "{error}"
        );
        assert!(error.contains("left untouched"), "{error}");
        assert_eq!(std::fs::read(&path)?, junk);
        Ok(())
    }

    #[test]
    fn migrates_a_version_2_file_refilling_the_deck_index() -> anyhow::Result<()> {
        let dir = tempfile::TempDir::new()?;
        let path = dir.path().join("progress.db");
        {
            let conn = Connection::open(&path)?;
            conn.execute_batch(
                "CREATE TABLE deck_files (path TEXT PRIMARY KEY, size INTEGER NOT NULL,
                     mtime_ns INTEGER NOT NULL, hash INTEGER NOT NULL, deck TEXT NOT NULL,
                     cards TEXT NOT NULL);
                 INSERT INTO deck_files VALUES ('d.toml', 1, 2, 3, 'd', 'a');
                 PRAGMA user_version = 2;",
            )?;
        }
        let mut store = Store::open(&path, None, Utc::now().fixed_offset())?;
        let version: i64 = store
            .connection()
            .query_row("PRAGMA user_version", [], |r| r.get(0))?;
        assert_eq!(version, SCHEMA_VERSION);
        assert!(
            store.deck_index(true)?.is_empty(),
            "the old index is dropped"
        );
        let file = IndexedFile {
            deck: "d".to_string(),
            cards: "a\nb".to_string(),
            tags: "t\n".to_string(),
            ..IndexedFile::default()
        };
        store.update_deck_index(&[("d.toml".to_string(), file.clone())], &[], &[])?;
        assert_eq!(store.deck_index(true)?.remove("d.toml"), Some(file));
        Ok(())
    }

    #[test]
    fn refuses_a_newer_schema() -> anyhow::Result<()> {
        let dir = tempfile::TempDir::new()?;
        let path = dir.path().join("progress.db");
        {
            let conn = Connection::open(&path)?;
            conn.pragma_update(None, "user_version", 99)?;
        }
        let error = Store::open(&path, None, Utc::now().fixed_offset())
            .err()
            .map(|e| format!("{e:#}"))
            .unwrap_or_default();
        assert!(
            error.contains("written by a newer upsc (schema 99"),
            "{error}"
        );
        Ok(())
    }

    #[test]
    fn keeps_one_checked_backup_a_day_thinned_by_age() -> anyhow::Result<()> {
        let dir = tempfile::TempDir::new()?;
        let path = dir.path().join("progress.db");
        let backups = dir.path().join("backups");
        let scheduler = Scheduler::new(Settings::default())?;
        {
            let mut store = Store::open(&path, Some(&backups), Utc::now().fixed_offset())?;
            store.record(
                &answer("a", Rating::Good),
                &scheduler,
                at("2026-01-01T09:00:00Z"),
            )?;
        }
        for day in 1..=10 {
            let when = at(&format!("2026-02-{day:02}T09:00:00Z"));
            Store::open(&path, Some(&backups), when)?;
            Store::open(&path, Some(&backups), when)?;
        }
        let mut names: Vec<String> = std::fs::read_dir(&backups)?
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        // The last seven days (4–10 February), and before them the newest copy of each ISO
        // week: 2 and 3 February share a week with the 4th (the 3rd stays), and 1 February,
        // a Sunday, ends the week before.
        let mut expected = vec!["progress-2026-02-01.db".to_string()];
        expected.extend((3..=10).map(|d| format!("progress-2026-02-{d:02}.db")));
        assert_eq!(names, expected);
        for name in &names {
            assert_eq!(
                guard::verify_copy(&backups.join(name), SCHEMA_VERSION),
                None,
                "{name}"
            );
        }
        // A backup is a working database.
        let copy = Store::open(
            &backups.join("progress-2026-02-10.db"),
            None,
            Utc::now().fixed_offset(),
        )?;
        assert_eq!(copy.log()?.len(), 1);
        Ok(())
    }
}
