//! The store's side of `upsc sync`: the review log as events that can be merged exactly.
//!
//! Every answer has an event id (`<device>-<row id>-<random>`, given by a trigger as the
//! row is written, so no writer of the log needs to know), an undo leaves a tombstone and
//! an amended rating an amend row (both by triggers, in the transaction that made them).
//! What this device did since its last sync is handed out record by record
//! ([`Store::visit_outgoing`]); what other devices did is merged in one transaction
//! ([`Merge`], in batches): unknown answers are added,
//! tombstoned ones removed (and never added again), amends applied, and the card states of
//! the cards touched are rebuilt by replaying each one's log from the first changed answer
//! in time order (`reviewed_at`, then `event`: the same order on every device). Only the
//! touched cards are replayed, so a merge costs what it brings, not the whole log.

use std::collections::HashMap;

use chrono::{FixedOffset, Offset, Utc};
use rusqlite::{Connection, OptionalExtension, params};

use super::{
    Store, WRITE_STATE, derive_state_sql, explain, from_millis, millis, state_columns,
    write_state_with,
};
use crate::revlog::LogMode;
use crate::scheduler::{CardState, Rating, Scheduler, fuzz_seed};
use crate::sync::record::{
    AmendRecord, AnswerRecord, MockRecord, Record, SchedulerRecord, UndoRecord,
};

/// Adds the version 4 columns to an older file's review log and mock tests (a new file
/// gets them from the schema).
pub(super) fn add_columns(tx: &Connection) -> rusqlite::Result<()> {
    for (table, columns) in [
        ("revlog", ["event", "origin"]),
        ("mock_tests", ["uid", "origin"]),
    ] {
        let existing: Vec<String> = {
            let mut statement = tx.prepare(&format!("PRAGMA table_info({table})"))?;
            statement
                .query_map([], |r| r.get::<_, String>(1))?
                .collect::<Result<_, _>>()?
        };
        if existing.is_empty() {
            continue; // the schema file makes the table, with them
        }
        for column in columns {
            if !existing.iter().any(|c| c == column) {
                tx.execute_batch(&format!("ALTER TABLE {table} ADD COLUMN {column} TEXT"))?;
            }
        }
    }
    Ok(())
}

/// The sync bookkeeping added within schema version 4 (`sync.sql`), made when missing.
pub(super) fn ensure(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch(include_str!("sync.sql"))
}

/// A card's scheduled state just before the answer at (`at`, `event`) in time order, with
/// reps and lapses counted over the answers before; `None` when there was none.
pub(super) fn state_before(
    conn: &Connection,
    card_id: i64,
    at: i64,
    event: &str,
) -> rusqlite::Result<Option<CardState>> {
    state_before_with(&mut conn.prepare(STATE_BEFORE)?, card_id, at, event)
}

const STATE_BEFORE: &str =
    "SELECT r.state_after, r.due_after, r.stability, r.difficulty, r.step_after,
        agg.reps, agg.lapses, r.reviewed_at
 FROM (SELECT count(*) AS reps,
              sum(CASE WHEN rating = 1 AND state_before = 2 THEN 1 ELSE 0 END) AS lapses
       FROM revlog WHERE card_id = ?1 AND scheduled = 1 AND (reviewed_at, event) < (?2, ?3)) agg
 JOIN (SELECT * FROM revlog WHERE card_id = ?1 AND scheduled = 1 AND (reviewed_at, event) < (?2, ?3)
       ORDER BY reviewed_at DESC, event DESC LIMIT 1) r";

fn state_before_with(
    statement: &mut rusqlite::Statement,
    card_id: i64,
    at: i64,
    event: &str,
) -> rusqlite::Result<Option<CardState>> {
    statement
        .query_row(params![card_id, at, event], |row| state_columns(row, 0))
        .optional()
}

/// When a card has answers later in time than log row `log_id` (merged from another
/// computer, or given on a clock set differently), replays them at once with the
/// settings each was given under (`fallback` for those that name none): an undo or an
/// amend of this row changes what comes after it, as it would on any other computer.
/// Without a scheduler, the card is noted to be replayed at the next merge.
pub(super) fn replay_later(
    tx: &Connection,
    card_id: i64,
    log_id: i64,
    fallback: Option<&Scheduler>,
    undone: bool,
) -> rusqlite::Result<()> {
    let later: Option<(i64, String)> = tx
        .query_row(
            "SELECT l.reviewed_at, l.event FROM revlog l
             WHERE l.id = ?2 AND EXISTS (SELECT 1 FROM revlog r
                 WHERE r.card_id = ?1 AND (r.reviewed_at, r.event) > (l.reviewed_at, l.event))",
            [card_id, log_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    match (later, fallback) {
        (None, _) => {}
        (Some((at, event)), Some(scheduler)) => {
            // The row itself may be on its way out (an undo): the replay starts just
            // after it, from the state before it.
            let mut replay = Replay::new(tx)?;
            replay.after = undone.then_some(log_id);
            replay.card(card_id, at, &event, scheduler)?;
        }
        (Some(_), None) => {
            tx.execute(
                "INSERT INTO meta (key, value) VALUES ('sync_replay', ?1)
                 ON CONFLICT (key) DO UPDATE SET value = value || ' ' || excluded.value",
                [card_id.to_string()],
            )?;
        }
    }
    Ok(())
}

/// How far this device's events have been written to the sync folder.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct SentMarks {
    pub revlog: i64,
    pub tombstones: i64,
    pub amends: i64,
    /// The tests sent, by name (a test's finishing time is a wall clock: no mark).
    pub mocks: Vec<String>,
}

/// A batch of records read from the other devices' files, to merge ([`Merge::apply`]).
#[derive(Debug, Default)]
pub struct Incoming {
    /// Each with the device it came from.
    pub answers: Vec<(String, AnswerRecord)>,
    pub amends: Vec<(String, AmendRecord)>,
    pub undos: Vec<(String, UndoRecord)>,
    pub mocks: Vec<(String, MockRecord)>,
    pub schedulers: Vec<SchedulerRecord>,
}

/// What a merge changed.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Merged {
    /// Answers new to this store, per device.
    pub answers: HashMap<String, usize>,
    /// Answers taken back because another device undid them.
    pub undone: usize,
    pub amended: usize,
    pub mocks: usize,
    /// Cards whose states were rebuilt.
    pub cards: usize,
}

const MARK_KEYS: [&str; 3] = [
    "sync_sent_revlog",
    "sync_sent_tombstones",
    "sync_sent_amends",
];

/// The finished tests of this device not yet sent.
const UNSENT_TESTS: &str = "FROM mock_tests
     WHERE origin IS NULL AND status <> 'running' AND finished_at IS NOT NULL
       AND uid NOT IN (SELECT uid FROM sent_mocks)";

impl Store {
    /// This store's device id (made with the store, kept by backups and repairs).
    pub fn device_id(&self) -> anyhow::Result<String> {
        match self.note("device")? {
            Some(id) => Ok(id),
            None => anyhow::bail!(
                "`{}` has no device id; run `upsc doctor`",
                self.path.display()
            ),
        }
    }

    fn marks(&self) -> anyhow::Result<SentMarks> {
        let mut values = [0i64; 3];
        for (value, key) in values.iter_mut().zip(MARK_KEYS) {
            *value = self
                .note(key)?
                .and_then(|v| v.parse().ok())
                .unwrap_or_default();
        }
        Ok(SentMarks {
            revlog: values[0],
            tombstones: values[1],
            amends: values[2],
            mocks: Vec::new(),
        })
    }

    /// Whether this device did anything since the last [`Store::mark_sent`].
    pub fn has_outgoing(&self) -> anyhow::Result<bool> {
        let since = self.marks()?;
        Ok(self.conn.query_row(
            &format!(
                "SELECT EXISTS (SELECT 1 FROM revlog WHERE id > ?1 AND origin IS NULL)
                 OR EXISTS (SELECT 1 FROM tombstones WHERE seq > ?2 AND origin IS NULL)
                 OR EXISTS (SELECT 1 FROM amends WHERE seq > ?3 AND origin IS NULL)
                 OR EXISTS (SELECT 1 {UNSENT_TESTS})"
            ),
            [since.revlog, since.tombstones, since.amends],
            |r| r.get(0),
        )?)
    }

    /// Hands what this device did since the last [`Store::mark_sent`] to `emit` one record
    /// at a time (a first sync of a million answers holds none of them in memory): its
    /// answers, then amends, undos and finished tests. Returns how far that reaches.
    pub fn visit_outgoing(
        &self,
        emit: &mut dyn FnMut(Record) -> anyhow::Result<()>,
    ) -> anyhow::Result<SentMarks> {
        let since = self.marks()?;
        let mut marks = since.clone();
        let mut statement = self.conn.prepare(
            "SELECT r.id, r.event, c.deck, c.id, c.kind, r.fingerprint, r.reviewed_at, r.utc_offset,
                    r.rating, r.correct, r.duration_ms, r.confidence, r.given, r.mode, r.scheduled,
                    (SELECT max(seq) FROM amends a WHERE a.event = r.event AND a.origin IS NULL),
                    r.sched, r.declared
             FROM revlog r JOIN cards c USING (card_id)
             WHERE r.origin IS NULL AND r.id > ?1 ORDER BY r.id",
        )?;
        let mut rows = statement.query([since.revlog])?;
        // Each scheduler's settings go before the first answer of the file given under them.
        let mut specs_sent = std::collections::HashSet::new();
        while let Some(row) = rows.next()? {
            marks.revlog = row.get(0)?;
            let sched: Option<String> = row.get(16)?;
            if let Some(id) = &sched
                && specs_sent.insert(id.clone())
                && let Some(spec) = super::schedules::spec(&self.conn, id)?
            {
                emit(Record::Scheduler(SchedulerRecord {
                    id: id.clone(),
                    spec,
                }))?;
            }
            emit(Record::Answer(AnswerRecord {
                event: row.get(1)?,
                deck: row.get(2)?,
                card: row.get(3)?,
                kind: row.get(4)?,
                fingerprint: row.get::<_, i64>(5)? as u64,
                at: row.get(6)?,
                offset: row.get(7)?,
                rating: row.get(8)?,
                correct: row.get(9)?,
                duration_ms: row.get(10)?,
                confidence: row.get(11)?,
                given: row.get(12)?,
                mode: row.get(13)?,
                scheduled: row.get(14)?,
                amended: row.get::<_, Option<i64>>(15)?.unwrap_or(0),
                sched,
                declared: row.get(17)?,
            }))?;
        }
        let mut statement = self.conn.prepare(
            "SELECT seq, event FROM tombstones WHERE origin IS NULL AND seq > ?1 ORDER BY seq",
        )?;
        let mut rows = statement.query([since.tombstones])?;
        while let Some(row) = rows.next()? {
            marks.tombstones = row.get(0)?;
            emit(Record::Undo(UndoRecord { event: row.get(1)? }))?;
        }
        let mut statement = self.conn.prepare(
            "SELECT seq, event, rating, confidence FROM amends
             WHERE origin IS NULL AND seq > ?1 ORDER BY seq",
        )?;
        let mut rows = statement.query([since.amends])?;
        while let Some(row) = rows.next()? {
            marks.amends = row.get(0)?;
            emit(Record::Amend(AmendRecord {
                seq: row.get(0)?,
                event: row.get(1)?,
                rating: row.get(2)?,
                confidence: row.get(3)?,
            }))?;
        }
        // A test is sent once it is over (a running one still changes).
        let mut statement = self
            .conn
            .prepare(&format!("SELECT id, uid {UNSENT_TESTS} ORDER BY id"))?;
        let tests: Vec<(i64, String)> = statement
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        for (id, uid) in tests {
            marks.mocks.push(uid.clone());
            emit(Record::Mock(MockRecord {
                uid,
                test: row_object(&self.conn, "mock_tests", "id = ?1", id)?
                    .into_iter()
                    .next()
                    .unwrap_or_default(),
                answers: row_object(&self.conn, "mock_answers", "test_id = ?1", id)?,
            }))?;
        }
        Ok(marks)
    }

    /// Notes that everything up to `marks` is in the sync folder, and that the file `path`
    /// (this device's own, `bytes` long) needs no reading.
    pub fn mark_sent(&mut self, marks: SentMarks, path: &str, bytes: u64) -> anyhow::Result<()> {
        let store_path = self.path.clone();
        let device = self.device_id()?;
        let result = (|| -> rusqlite::Result<()> {
            let tx = self.begin_write()?;
            let values = [marks.revlog, marks.tombstones, marks.amends];
            for (key, value) in MARK_KEYS.iter().zip(values) {
                tx.execute(
                    "INSERT INTO meta (key, value) VALUES (?1, ?2)
                     ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    params![key, value.to_string()],
                )?;
            }
            for uid in &marks.mocks {
                tx.execute("INSERT OR IGNORE INTO sent_mocks (uid) VALUES (?1)", [uid])?;
            }
            record_file(&tx, path, &device, bytes)?;
            tx.commit()
        })();
        result.map_err(|e| explain(e, &store_path))
    }

    /// How many bytes of each file of the sync folder were read before.
    pub fn sync_files(&self) -> anyhow::Result<HashMap<String, u64>> {
        let mut statement = self.conn.prepare("SELECT path, bytes FROM sync_files")?;
        let rows = statement.query_map([], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?.max(0) as u64))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// How many answers this store holds from each device (`None`: this one).
    pub fn answers_by_origin(&self) -> anyhow::Result<HashMap<Option<String>, usize>> {
        let mut statement = self
            .conn
            .prepare("SELECT origin, count(*) FROM revlog GROUP BY origin")?;
        let rows = statement.query_map([], |r| {
            Ok((
                r.get::<_, Option<String>>(0)?,
                r.get::<_, i64>(1)?.max(0) as usize,
            ))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

/// A merge in progress: one transaction over every file read, fed in batches. (No
/// savepoint per file: every record stands alone and is taken once, so records read
/// before a damaged line may stay; a savepoint would copy every page the merge touches
/// into a sub-journal, doubling its writes.)
pub struct Merge<'s> {
    tx: rusqlite::Transaction<'s>,
    path: std::path::PathBuf,
    earliest: Earliest,
    merged: Merged,
    amends_before: i64,
}

impl Store {
    /// Begins a merge (see [`Merge`]); nothing is kept unless [`Merge::finish`] is reached.
    pub fn begin_merge(&mut self) -> anyhow::Result<Merge<'_>> {
        let path = self.path.clone();
        // A merge reads and writes pages all over a large log: a page cache of 16 MiB (for
        // this connection only; SQLite's default is 2 MiB) keeps it from reading the same
        // ones again. What does not fit is spilled to the WAL within the transaction. 64
        // MiB holds all that 10,000 answers into a million rows dirty: 0.75 s instead of
        // 0.90 s, but a peak of 83 MB instead of 32, over the 64 MB every command keeps
        // to; anything between spills as much (32, 40 and 48 MiB: 0.84–0.90 s).
        self.conn
            .pragma_update(None, "cache_size", -16_384)
            .map_err(|e| explain(e, &path))?;
        let tx = self.begin_write().map_err(|e| explain(e, &path))?;
        let amends_before = amends_mark(&tx).map_err(|e| explain(e, &path))?;
        Ok(Merge {
            tx,
            path,
            earliest: Earliest::new(),
            merged: Merged::default(),
            amends_before,
        })
    }
}

impl Merge<'_> {
    fn explained<T>(&self, result: rusqlite::Result<T>) -> anyhow::Result<T> {
        result.map_err(|e| explain(e, &self.path))
    }

    /// Adds a batch of records.
    pub fn apply(&mut self, incoming: &Incoming) -> anyhow::Result<()> {
        let result = apply(&self.tx, incoming, &mut self.earliest, &mut self.merged);
        self.explained(result)
    }

    /// Notes that `bytes` of the file `path` were read (the next sync reads on from there).
    pub fn file_read(&mut self, path: &str, device: &str, bytes: u64) -> anyhow::Result<()> {
        let result = record_file(&self.tx, path, device, bytes);
        self.explained(result)
    }

    /// Replays the touched cards and commits everything at once.
    pub fn finish(mut self, scheduler: &Scheduler) -> anyhow::Result<Merged> {
        let result = conclude(
            &self.tx,
            &self.earliest,
            &mut self.merged,
            self.amends_before,
            scheduler,
        );
        self.explained(result)?;
        pause_point("merged");
        let path = self.path.clone();
        self.tx.commit().map_err(|e| explain(e, &path))?;
        Ok(self.merged)
    }
}

/// For tests of a killed sync only, compiled only with the `test-hooks` feature (which
/// `cargo test` turns on, and a release build never has): `UPSC_SYNC_PAUSE=<point>`
/// makes the process say `paused at <point>` on standard error and wait there until it
/// is killed, so a test can kill it at a known place without guessing a time.
#[cfg(feature = "test-hooks")]
pub fn pause_point(point: &str) {
    if std::env::var("UPSC_SYNC_PAUSE").is_ok_and(|p| p == point) {
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), "paused at {point}");
        loop {
            std::thread::sleep(std::time::Duration::from_secs(1));
        }
    }
}

/// Without the `test-hooks` feature the pause points do nothing.
#[cfg(not(feature = "test-hooks"))]
#[inline(always)]
pub fn pause_point(_point: &str) {}

fn record_file(tx: &Connection, path: &str, device: &str, bytes: u64) -> rusqlite::Result<()> {
    tx.execute(
        "INSERT INTO sync_files (path, device, bytes) VALUES (?1, ?2, ?3)
         ON CONFLICT (path) DO UPDATE SET device = excluded.device, bytes = excluded.bytes",
        params![path, device, i64::try_from(bytes).unwrap_or(i64::MAX)],
    )?;
    Ok(())
}

/// Where a card's log changed first, in time order.
/// Ordered by card, so the replay walks the log's per-card index in order.
type Earliest = std::collections::BTreeMap<i64, (i64, String)>;

fn touch(earliest: &mut Earliest, card_id: i64, at: i64, event: &str) {
    match earliest.get_mut(&card_id) {
        Some(first) if (at, event) < (first.0, first.1.as_str()) => {
            *first = (at, event.to_string());
        }
        Some(_) => {}
        None => {
            earliest.insert(card_id, (at, event.to_string()));
        }
    }
}

fn amends_mark(tx: &Connection) -> rusqlite::Result<i64> {
    tx.query_row("SELECT coalesce(max(seq), 0) FROM amends", [], |r| r.get(0))
}

/// Adds a batch of records: undos, then answers, then amends, then tests; notes in
/// `earliest` where each card's log changed first.
fn apply(
    tx: &Connection,
    incoming: &Incoming,
    earliest: &mut Earliest,
    merged: &mut Merged,
) -> rusqlite::Result<()> {
    for spec in &incoming.schedulers {
        super::schedules::keep_spec(tx, &spec.id, &spec.spec)?;
    }
    // Answers that name no settings (from an older upsc): the defaults, as everywhere.
    let unnamed = if incoming.answers.iter().any(|(_, a)| a.sched.is_none()) {
        Some(super::schedules::unnamed(tx)?)
    } else {
        None
    };
    {
        let mut tombstoned =
            tx.prepare("SELECT EXISTS (SELECT 1 FROM tombstones WHERE event = ?1)")?;
        let mut bury = tx.prepare("INSERT INTO tombstones (event, origin) VALUES (?1, ?2)")?;
        let mut find = tx.prepare(
            "SELECT id, card_id, reviewed_at FROM revlog
             WHERE event = coalesce((SELECT target FROM aliases WHERE event = ?1), ?1)",
        )?;
        let mut delete = tx.prepare("DELETE FROM revlog WHERE id = ?1")?;
        for (device, undo) in &incoming.undos {
            if tombstoned.query_row([&undo.event], |r| r.get::<_, bool>(0))? {
                continue;
            }
            bury.execute(params![undo.event, device])?;
            let found: Option<(i64, i64, i64)> = find
                .query_row([&undo.event], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                .optional()?;
            if let Some((id, card_id, at)) = found {
                super::aggregate::remove(tx, id)?;
                delete.execute([id])?;
                touch(earliest, card_id, at, &undo.event);
                merged.undone += 1;
            }
        }
        let mut buried = tx.prepare("SELECT EXISTS (SELECT 1 FROM tombstones WHERE event = ?1)")?;
        let mut card = tx.prepare(
            "INSERT INTO cards (deck, id, kind, fingerprint) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (deck, id) DO NOTHING",
        )?;
        let mut card_id = tx.prepare("SELECT card_id FROM cards WHERE deck = ?1 AND id = ?2")?;
        // The same card answered at the same millisecond is one answer (see docs/sync.md):
        // an old backup migrated twice, by an older upsc, names it twice.
        let mut twin = tx.prepare(
            "SELECT id, event FROM revlog WHERE card_id = ?1 AND reviewed_at = ?2 AND event <> ?3
             ORDER BY event LIMIT 1",
        )?;
        let mut alias =
            tx.prepare("INSERT OR IGNORE INTO aliases (event, target) VALUES (?1, ?2)")?;
        // The state columns are filled in by the replay below.
        let mut insert = tx.prepare(
            "INSERT INTO revlog (card_id, reviewed_at, utc_offset, rating, correct, duration_ms, confidence,
                                 given, mode, fingerprint, state_before, state_after, due_after, stability,
                                 difficulty, step_after, scheduled, event, origin, sched, declared)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 0, 0, ?2, 0, 0, 0, ?11, ?12, ?13, ?14, ?15)
             ON CONFLICT (event) DO NOTHING",
        )?;
        let mut known_amend =
            tx.prepare("SELECT seq, rating, confidence FROM amend_marks WHERE event = ?1")?;
        let mut keep_amend = tx.prepare(
            "INSERT INTO amend_marks (event, seq, rating, confidence) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (event) DO UPDATE SET seq = excluded.seq, rating = excluded.rating,
                                               confidence = excluded.confidence",
        )?;
        let mut rerate = tx.prepare(
            "UPDATE revlog SET rating = ?2, confidence = ?3
             WHERE event = coalesce((SELECT target FROM aliases WHERE event = ?1), ?1)
               AND (rating IS NOT ?2 OR confidence IS NOT ?3)
             RETURNING card_id, reviewed_at",
        )?;
        let mut upkeep = super::aggregate::Upkeep::new(tx)?;
        // In card order, so that the indexes are written where they were last read.
        let mut answers: Vec<&(String, AnswerRecord)> = incoming.answers.iter().collect();
        answers.sort_by(|a, b| (&a.1.deck, &a.1.card, a.1.at).cmp(&(&b.1.deck, &b.1.card, b.1.at)));
        for (device, answer) in answers {
            let fingerprint = answer.fingerprint as i64;
            let existing: Option<i64> = card_id
                .query_row(params![answer.deck, answer.card], |r| r.get(0))
                .optional()?;
            let twin_of = |id: i64, twin: &mut rusqlite::Statement| {
                twin.query_row(params![id, answer.at, answer.event], |r| {
                    Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
                })
                .optional()
            };
            if buried.query_row([&answer.event], |r| r.get::<_, bool>(0))? {
                // Undone under this name: undone under any other.
                if let Some(id) = existing
                    && let Some((row, other)) = twin_of(id, &mut twin)?
                {
                    super::aggregate::remove(tx, row)?;
                    delete.execute([row])?;
                    touch(earliest, id, answer.at, &other);
                    merged.undone += 1;
                }
                continue;
            }
            if let Some(id) = existing
                && let Some((_, other)) = twin_of(id, &mut twin)?
            {
                alias.execute(params![answer.event, other])?;
                continue;
            }
            card.execute(params![answer.deck, answer.card, answer.kind, fingerprint])?;
            let id: i64 = match existing {
                Some(id) => id,
                None => card_id.query_row(params![answer.deck, answer.card], |r| r.get(0))?,
            };
            let rating = Rating::from_u8(answer.rating).unwrap_or(Rating::Again);
            // What another device sent: a mode this build cannot name counts in no
            // figure of revision, as its answer is kept.
            let mode = answer.mode.parse().unwrap_or(LogMode::Quiz);
            let added = insert.execute(params![
                id,
                answer.at,
                answer.offset,
                rating,
                answer.correct,
                answer.duration_ms,
                answer.confidence,
                answer.given,
                mode,
                fingerprint,
                answer.scheduled,
                answer.event,
                device,
                answer.sched.as_ref().or(unnamed.as_ref()),
                answer.declared,
            ])?;
            if added == 0 {
                continue; // known already
            }
            // Counted as it is added; the replay below corrects what depends on its state.
            let row = tx.last_insert_rowid();
            upkeep.add(row)?;
            touch(earliest, id, answer.at, &answer.event);
            *merged.answers.entry(device.clone()).or_default() += 1;
            // An amend that arrived before its answer, newer than what the answer carries.
            let waiting: Option<(i64, u8, Option<String>)> = known_amend
                .query_row([&answer.event], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                .optional()?;
            match waiting {
                Some((seq, rating, confidence)) if seq > answer.amended => {
                    rerate
                        .query_row(params![answer.event, rating, confidence], |_| Ok(()))
                        .optional()?;
                    // An overruling ("I was right") that came first counts the answer right.
                    if confidence.as_deref() == Some(super::OVERRIDE) {
                        super::aggregate::count_as_right(tx, row)?;
                    }
                }
                _ if answer.amended > 0 => {
                    keep_amend.execute(params![
                        answer.event,
                        answer.amended,
                        rating,
                        answer.confidence
                    ])?;
                }
                _ => {}
            }
        }
        for (_, record) in &incoming.amends {
            let Some(rating) = Rating::from_u8(record.rating) else {
                continue;
            };
            if buried.query_row([&record.event], |r| r.get::<_, bool>(0))? {
                continue;
            }
            let newer = known_amend
                .query_row([&record.event], |r| r.get::<_, i64>(0))
                .optional()?
                .is_none_or(|seq| record.seq == 0 || record.seq > seq);
            if !newer {
                continue;
            }
            // Kept whether or not the answer is here yet: it applies when it arrives.
            keep_amend.execute(params![record.event, record.seq, rating, record.confidence])?;
            let changed: Option<(i64, i64)> = rerate
                .query_row(params![record.event, rating, record.confidence], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })
                .optional()?;
            if let Some((card_id, at)) = changed {
                touch(earliest, card_id, at, &record.event);
                merged.amended += 1;
            }
            // An answer overruled on its device ("I was right") counts as right here too.
            if record.confidence.as_deref() == Some(super::OVERRIDE) {
                let id: Option<i64> = tx
                    .query_row(
                        "SELECT id FROM revlog WHERE event = ?1",
                        [&record.event],
                        |r| r.get(0),
                    )
                    .optional()?;
                if let Some(id) = id {
                    super::aggregate::count_as_right(tx, id)?;
                }
            }
        }
    }
    for (device, mock) in &incoming.mocks {
        // A test record this build cannot store (a field missing) is left out whole.
        tx.execute_batch("SAVEPOINT mock")?;
        match merge_mock(tx, device, mock) {
            Ok(added) => {
                tx.execute_batch("RELEASE mock")?;
                merged.mocks += usize::from(added);
            }
            Err(_) => tx.execute_batch("ROLLBACK TO mock; RELEASE mock")?,
        }
    }
    Ok(())
}

/// Ends a merge: marks the amends applied as the other devices' (not this one's to send),
/// and replays every card whose log changed.
fn conclude(
    tx: &Connection,
    earliest: &Earliest,
    merged: &mut Merged,
    amends_before: i64,
    scheduler: &Scheduler,
) -> rusqlite::Result<()> {
    tx.execute(
        "UPDATE amends SET origin = 'merged' WHERE seq > ?1 AND origin IS NULL",
        [amends_before],
    )?;
    let mut earliest = earliest.clone();
    // Cards whose later answers an undo or amend here left to be replayed.
    let pending: Option<String> = tx
        .query_row(
            "SELECT value FROM meta WHERE key = 'sync_replay'",
            [],
            |r| r.get(0),
        )
        .optional()?;
    for card_id in pending.iter().flat_map(|p| p.split_whitespace()) {
        if let Ok(card_id) = card_id.parse() {
            touch(&mut earliest, card_id, i64::MIN, "");
        }
    }
    tx.execute("DELETE FROM meta WHERE key = 'sync_replay'", [])?;
    let mut replay = Replay::new(tx)?;
    for (card_id, (at, event)) in &earliest {
        replay.card(*card_id, *at, event, scheduler)?;
    }
    // The aggregate tables (`super::aggregate`) were kept up to date as rows were added
    // and removed, and by the replay as state columns were rewritten; a re-rating changes
    // nothing they count.
    merged.cards = earliest.len();
    Ok(())
}

/// Replays one card's log from the answer at (`at`, `event`) on, in time order (see
/// [`Replay::card`]): what an answer given "earlier" than others already logged needs.
pub(super) fn replay_card(
    tx: &Connection,
    card_id: i64,
    at: i64,
    event: &str,
    scheduler: &Scheduler,
) -> rusqlite::Result<()> {
    Replay::new(tx)?.card(card_id, at, event, scheduler)
}

/// The statements of a replay, prepared once for every card a merge touches.
struct Replay<'c> {
    write: rusqlite::Statement<'c>,
    key: rusqlite::Statement<'c>,
    before: rusqlite::Statement<'c>,
    rows: rusqlite::Statement<'c>,
    update: rusqlite::Statement<'c>,
    clear: rusqlite::Statement<'c>,
    /// Keeps the aggregate tables' due-review counts right as state columns change.
    restate: rusqlite::Statement<'c>,
    schedulers: super::schedules::Schedulers,
    conn: &'c Connection,
    /// A row left out of the replay (one being undone).
    after: Option<i64>,
}

impl<'c> Replay<'c> {
    fn new(tx: &'c Connection) -> rusqlite::Result<Replay<'c>> {
        let [clear, _] = derive_state_sql(true);
        Ok(Replay {
            write: tx.prepare(WRITE_STATE)?,
            key: tx.prepare("SELECT deck || '/' || id FROM cards WHERE card_id = ?1")?,
            before: tx.prepare(STATE_BEFORE)?,
            rows: tx.prepare(
                "SELECT id, reviewed_at, utc_offset, rating, scheduled, sched FROM revlog
                 WHERE card_id = ?1 AND (reviewed_at, event) >= (?2, ?3)
                 ORDER BY reviewed_at, event",
            )?,
            update: tx.prepare(
                "UPDATE revlog SET state_before = ?2, state_after = ?3, due_after = ?4, stability = ?5,
                                   difficulty = ?6, step_after = ?7
                 WHERE id = ?1",
            )?,
            clear: tx.prepare(&clear)?,
            restate: tx.prepare(&super::aggregate::restate_sql())?,
            schedulers: super::schedules::Schedulers::new(),
            conn: tx,
            after: None,
        })
    }

    /// Rebuilds one card's log from the answer at (`at`, `event`) on, in time order, as
    /// the scheduler would have written it had every answer been given on one device: each
    /// row's state columns, then the card's state.
    fn card(
        &mut self,
        card_id: i64,
        at: i64,
        event: &str,
        scheduler: &Scheduler,
    ) -> rusqlite::Result<()> {
        let key: String = self.key.query_row([card_id], |r| r.get(0))?;
        let mut state = state_before_with(&mut self.before, card_id, at, event)?;
        type Row = (i64, i64, i32, Rating, bool, Option<String>);
        let rows: Vec<Row> = self
            .rows
            .query_map(params![card_id, at, event], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                ))
            })?
            .collect::<Result<_, _>>()?;
        for (id, reviewed_at, offset, rating, scheduled, sched) in rows {
            if Some(id) == self.after {
                continue;
            }
            let offset = FixedOffset::east_opt(offset).unwrap_or_else(|| Utc.fix());
            let now = from_millis(reviewed_at).with_timezone(&offset);
            let before = state
                .clone()
                .unwrap_or_else(|| CardState::new_card(now.to_utc()));
            let after = if scheduled {
                // With the settings it was given under (`super::schedules`).
                let scheduler = self
                    .schedulers
                    .get(self.conn, sched.as_deref(), scheduler)?;
                let after = scheduler.review(&before, rating, now, fuzz_seed(&key, now.to_utc()));
                state = Some(after.clone());
                after
            } else {
                before.clone()
            };
            self.restate.execute(params![id, before.state])?;
            self.update.execute(params![
                id,
                before.state,
                after.state,
                millis(after.due),
                f64::from(after.stability),
                f64::from(after.difficulty),
                after.step,
            ])?;
        }
        // The state after the last scheduled answer is the card's, as `derive_state`
        // would find it (reps and lapses counted the same way), without reading the log
        // again; none left (all undone) and the card is new again.
        match state {
            Some(state) => write_state_with(&mut self.write, card_id, &state)?,
            None => {
                self.clear.execute([card_id])?;
            }
        }
        Ok(())
    }
}

/// Adds a test another device took, with its answers; `false` when it is here already.
fn merge_mock(tx: &Connection, device: &str, mock: &MockRecord) -> rusqlite::Result<bool> {
    let exists: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM mock_tests WHERE uid = ?1)",
        [&mock.uid],
        |r| r.get(0),
    )?;
    if exists {
        return Ok(false);
    }
    let mut test = mock.test.clone();
    test.remove("id");
    test.insert("uid".into(), serde_json::Value::from(mock.uid.clone()));
    test.insert("origin".into(), serde_json::Value::from(device));
    insert_object(tx, "mock_tests", &test)?;
    let id = tx.last_insert_rowid();
    for answer in &mock.answers {
        let mut answer = answer.clone();
        answer.insert("test_id".into(), serde_json::Value::from(id));
        insert_object(tx, "mock_answers", &answer)?;
    }
    Ok(true)
}

/// The columns of `table` this build knows.
fn columns(tx: &Connection, table: &str) -> rusqlite::Result<Vec<String>> {
    let mut statement = tx.prepare(&format!("PRAGMA table_info({table})"))?;
    statement
        .query_map([], |r| r.get::<_, String>(1))?
        .collect()
}

/// Rows of `table` as JSON objects of their columns (less the local ids), for a record.
fn row_object(
    conn: &Connection,
    table: &str,
    filter: &str,
    id: i64,
) -> rusqlite::Result<Vec<serde_json::Map<String, serde_json::Value>>> {
    use rusqlite::types::ValueRef;
    let names: Vec<String> = columns(conn, table)?
        .into_iter()
        .filter(|c| !matches!(c.as_str(), "id" | "test_id" | "uid" | "origin"))
        .collect();
    let list = names
        .iter()
        .map(|c| format!("\"{c}\""))
        .collect::<Vec<_>>()
        .join(", ");
    let mut statement = conn.prepare(&format!("SELECT {list} FROM {table} WHERE {filter}"))?;
    let mut rows = statement.query([id])?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        let mut object = serde_json::Map::new();
        for (i, name) in names.iter().enumerate() {
            let value = match row.get_ref(i)? {
                ValueRef::Null => serde_json::Value::Null,
                ValueRef::Integer(n) => serde_json::Value::from(n),
                ValueRef::Real(f) => serde_json::Value::from(f),
                ValueRef::Text(t) => serde_json::Value::from(String::from_utf8_lossy(t)),
                ValueRef::Blob(_) => continue,
            };
            object.insert(name.clone(), value);
        }
        out.push(object);
    }
    Ok(out)
}

/// Inserts a JSON object's fields that are columns of `table` (a newer upsc's extra
/// fields are left out).
fn insert_object(
    tx: &Connection,
    table: &str,
    object: &serde_json::Map<String, serde_json::Value>,
) -> rusqlite::Result<()> {
    use rusqlite::types::Value;
    let known = columns(tx, table)?;
    let mut names = Vec::new();
    let mut values: Vec<Value> = Vec::new();
    for (name, value) in object {
        if !known.contains(name) {
            continue;
        }
        names.push(format!("\"{name}\""));
        values.push(match value {
            serde_json::Value::Null => Value::Null,
            serde_json::Value::Bool(b) => Value::Integer(i64::from(*b)),
            serde_json::Value::Number(n) => match n.as_i64() {
                Some(i) => Value::Integer(i),
                None => Value::Real(n.as_f64().unwrap_or(0.0)),
            },
            serde_json::Value::String(s) => Value::Text(s.clone()),
            other => Value::Text(other.to_string()),
        });
    }
    let marks = (1..=names.len())
        .map(|i| format!("?{i}"))
        .collect::<Vec<_>>()
        .join(", ");
    tx.execute(
        &format!(
            "INSERT INTO {table} ({}) VALUES ({marks})",
            names.join(", ")
        ),
        rusqlite::params_from_iter(values),
    )?;
    Ok(())
}

// What the sync tests read of the events not yet sent, all at once (`upsc sync` streams
// them through `visit_outgoing`).

#[cfg(test)]
/// What this device has done since its last sync, to be written to the sync folder.
#[derive(Debug, Default)]
pub struct Outgoing {
    pub answers: Vec<AnswerRecord>,
    pub amends: Vec<AmendRecord>,
    pub undos: Vec<UndoRecord>,
    pub mocks: Vec<MockRecord>,
    /// How far this reaches, for [`Store::mark_sent`] once it is safely written.
    pub marks: SentMarks,
}

#[cfg(test)]
impl Outgoing {
    pub fn is_empty(&self) -> bool {
        self.answers.is_empty()
            && self.amends.is_empty()
            && self.undos.is_empty()
            && self.mocks.is_empty()
    }
}

#[cfg(test)]
impl Store {
    /// What this device did since the last [`Store::mark_sent`]: its own answers, amends,
    /// undos and finished tests (never ones merged from elsewhere), collected.
    pub fn outgoing(&self) -> anyhow::Result<Outgoing> {
        let mut out = Outgoing::default();
        out.marks = self.visit_outgoing(&mut |record| {
            match record {
                Record::Answer(a) => out.answers.push(a),
                Record::Amend(a) => out.amends.push(a),
                Record::Undo(u) => out.undos.push(u),
                Record::Mock(m) => out.mocks.push(m),
                Record::Settings(_) | Record::Scheduler(_) => {}
            }
            Ok(())
        })?;
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{answer, at, key};
    use super::*;
    use crate::scheduler::Settings;

    #[test]
    fn states_derived_for_every_card_count_only_scheduled_answers() -> anyhow::Result<()> {
        let mut store = Store::in_memory()?;
        let scheduler = Scheduler::new(Settings::default())?;
        store.record(
            &answer("a", Rating::Good),
            &scheduler,
            at("2026-01-01T09:00:00Z"),
        )?;
        let mut practice = answer("a", Rating::Again);
        practice.schedule = false;
        store.record(&practice, &scheduler, at("2026-01-01T10:00:00Z"))?;
        store.record(
            &answer("a", Rating::Good),
            &scheduler,
            at("2026-01-03T09:00:00Z"),
        )?;
        assert_eq!(store.cards()?[&key("d/a")].state.reps, 2);
        assert_eq!(store.rebuild_states()?, 0);
        Ok(())
    }

    #[test]
    fn an_undo_and_an_amend_are_recorded_as_events_to_send() -> anyhow::Result<()> {
        let mut store = Store::in_memory()?;
        let scheduler = Scheduler::new(Settings::default())?;
        let first = store.record_answer(
            &answer("a", Rating::Good),
            &scheduler,
            at("2026-01-01T09:00:00Z"),
        )?;
        store.record(
            &answer("b", Rating::Good),
            &scheduler,
            at("2026-01-01T09:01:00Z"),
        )?;
        store.amend(first.log_id, Rating::Hard, Some("guess"), &scheduler)?;
        store.undo_last()?;
        let out = store.outgoing()?;
        assert_eq!(out.answers.len(), 1);
        assert_eq!(out.answers[0].rating, Rating::Hard.as_u8());
        assert_eq!(out.amends.len(), 1);
        assert_eq!(out.undos.len(), 1);
        let device = store.device_id()?;
        assert!(
            out.answers[0]
                .event
                .starts_with(&format!("{device}-000000000001-"))
        );
        store.mark_sent(out.marks, "devices/x/000001-0.log", 10)?;
        assert!(store.outgoing()?.is_empty(), "nothing twice");
        Ok(())
    }
}
