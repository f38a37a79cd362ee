//! Aggregate tables kept beside the review log, so that `stats` and the mistake book do
//! not read a million log rows: per card (answers, right answers, wrong answers, the
//! newest wrong answer and the answers since it) and per quarter hour (answers, right
//! answers, time spent, and the due reviews and recalls that true retention counts).
//!
//! The log stays the source of truth. These tables are derived from it: [`apply`] adds
//! one answer inside the answer's own transaction, [`remove`] takes one back inside the
//! undo's, and [`rebuild`] derives both tables afresh from the whole log (`doctor`, a
//! store made by an older build, a store repaired from its tables, and after a merge of
//! logs). An amended answer changes only its rating and confidence, which nothing here
//! counts.
//!
//! Quarter hours, not days: a study day starts at the learner's day-start hour in their
//! current offset, both of which may change; every real UTC offset is a whole number of
//! quarter hours, so a quarter hour always falls within one study day, whatever they are.
//! The schema version is not changed: the tables are made when missing, and filled when
//! their own marker (`agg_meta`) says they are not; a repaired store copies neither, so
//! they are rebuilt on its next open.

use rusqlite::{Connection, OptionalExtension, params};

use super::Store;
use crate::deck::CardKey;
use crate::scheduler::State;

/// The length of a slot, in milliseconds: a quarter hour (`SLOT_OF` and `aggregate.sql`
/// write it out as 900000).
const SLOT_MS: i64 = 15 * 60 * 1000;

/// Bumped when the tables' meaning changes; a store marked otherwise is rebuilt.
const VERSION: &str = "1";

const TABLES: &str = include_str!("aggregate.sql");

/// The slot of a time in milliseconds, as SQL (floor division, also before 1970).
const SLOT_OF: &str = "((reviewed_at - ((reviewed_at % 900000) + 900000) % 900000) / 900000)";
/// Whether a log row counts for true retention, as SQL (see `stats::Retention`).
const DUE_REVIEW: &str = "(scheduled = 1 AND mode = 'review' AND state_before = 2)";

/// Makes the tables if they are missing and fills them from the log if they are not
/// marked as filled by this version up to the log's newest row. Cheap when they are: two
/// indexed look-ups. The newest row is checked because a build without these tables (an
/// older one, or a merge of logs written row by row) may have answered or undone since:
/// row ids are never reused, so any such write changes the newest id.
pub fn ensure(conn: &mut Connection) -> rusqlite::Result<()> {
    let marked: Option<String> = match conn
        .query_row(
            "SELECT (SELECT value FROM agg_meta WHERE key = 'version') || '/' ||
                    coalesce((SELECT value FROM agg_meta WHERE key = 'last_id'), '')",
            [],
            |r| r.get(0),
        )
        .optional()
    {
        Ok(found) => found,
        // No table yet: made and filled below.
        Err(rusqlite::Error::SqliteFailure(_, Some(message)))
            if message.contains("no such table") =>
        {
            None
        }
        Err(error) => return Err(error),
    };
    let newest: i64 =
        conn.query_row("SELECT coalesce(max(id), 0) FROM revlog", [], |r| r.get(0))?;
    if marked == Some(format!("{VERSION}/{newest}")) {
        return Ok(());
    }
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    rebuild(&tx)?;
    tx.commit()
}

/// Derives both tables afresh from the whole log, inside the caller's transaction, and
/// marks them filled. Returns how many rows differed from what was kept (0 when the
/// tables were right).
pub fn rebuild(tx: &Connection) -> rusqlite::Result<usize> {
    tx.execute_batch(TABLES)?;
    tx.execute_batch(&format!(
        "DROP TABLE IF EXISTS temp.agg_card_new;
         DROP TABLE IF EXISTS temp.agg_slot_new;
         CREATE TEMP TABLE agg_card_new AS
             SELECT card_id, count(*) AS answers, sum(correct) AS correct,
                    count(*) - sum(correct) AS wrongs, lw AS last_wrong,
                    sum(CASE WHEN lw IS NULL OR id > lw THEN 1 ELSE 0 END) AS right_since
             FROM (SELECT card_id, id, correct,
                          max(CASE WHEN correct = 0 THEN id END) OVER (PARTITION BY card_id) AS lw
                   FROM revlog)
             GROUP BY card_id;
         CREATE TEMP TABLE agg_slot_new AS
             SELECT {SLOT_OF} AS slot, count(*) AS answers, sum(correct) AS correct,
                    sum(duration_ms) AS duration_ms, sum({DUE_REVIEW}) AS reviews,
                    sum({DUE_REVIEW} AND correct = 1) AS recalled
             FROM revlog GROUP BY 1;"
    ))?;
    let differing = |table: &str| -> rusqlite::Result<usize> {
        let n: i64 = tx.query_row(
            &format!(
                "SELECT (SELECT count(*) FROM (SELECT * FROM main.{table} EXCEPT SELECT * FROM temp.{table}_new))
                      + (SELECT count(*) FROM (SELECT * FROM temp.{table}_new EXCEPT SELECT * FROM main.{table}))"
            ),
            [],
            |r| r.get(0),
        )?;
        Ok(usize::try_from(n).unwrap_or(0))
    };
    let differed = differing("agg_card")? + differing("agg_slot")?;
    tx.execute_batch(
        "DELETE FROM main.agg_card;
         INSERT INTO main.agg_card SELECT * FROM temp.agg_card_new;
         DELETE FROM main.agg_slot;
         INSERT INTO main.agg_slot SELECT * FROM temp.agg_slot_new;
         DROP TABLE temp.agg_card_new;
         DROP TABLE temp.agg_slot_new;
         INSERT INTO agg_meta (key, value) VALUES ('version', '1')
             ON CONFLICT (key) DO UPDATE SET value = excluded.value;
         -- (`WHERE true` keeps SQLite from reading ON CONFLICT as a join's ON.)
         INSERT INTO agg_meta (key, value) SELECT 'last_id', coalesce(max(id), 0) FROM revlog WHERE true
             ON CONFLICT (key) DO UPDATE SET value = excluded.value;",
    )?;
    debug_assert_eq!(VERSION, "1");
    Ok(differed)
}

/// Adds log row `log_id`, just inserted, to both tables (inside its transaction).
pub fn apply(tx: &Connection, log_id: i64) -> rusqlite::Result<()> {
    Upkeep::new(tx)?.add(log_id)
}

/// The statements that add answers to both tables, prepared once for a run of answers
/// (a merge of logs adds thousands in one transaction; one answer uses [`apply`]).
pub struct Upkeep<'c> {
    slot: rusqlite::Statement<'c>,
    card: rusqlite::Statement<'c>,
    mark: rusqlite::Statement<'c>,
}

impl<'c> Upkeep<'c> {
    pub fn new(tx: &'c Connection) -> rusqlite::Result<Upkeep<'c>> {
        Ok(Upkeep {
            slot: tx.prepare(&format!(
                "INSERT INTO agg_slot (slot, answers, correct, duration_ms, reviews, recalled)
                 SELECT {SLOT_OF}, 1, correct, duration_ms, {DUE_REVIEW}, {DUE_REVIEW} AND correct = 1
                 FROM revlog WHERE id = ?1
                 ON CONFLICT (slot) DO UPDATE SET answers = answers + excluded.answers,
                     correct = correct + excluded.correct, duration_ms = duration_ms + excluded.duration_ms,
                     reviews = reviews + excluded.reviews, recalled = recalled + excluded.recalled"
            ))?,
            // A wrong answer starts the count of right answers afresh; a right one adds to it.
            card: tx.prepare(
                "INSERT INTO agg_card (card_id, answers, correct, wrongs, last_wrong, right_since)
                 SELECT card_id, 1, correct, 1 - correct, CASE WHEN correct = 0 THEN id END, correct
                 FROM revlog WHERE id = ?1
                 ON CONFLICT (card_id) DO UPDATE SET answers = answers + 1,
                     correct = agg_card.correct + excluded.correct,
                     wrongs = wrongs + excluded.wrongs,
                     last_wrong = coalesce(excluded.last_wrong, last_wrong),
                     right_since = CASE WHEN excluded.correct = 0 THEN 0 ELSE right_since + 1 END",
            )?,
            mark: tx.prepare("UPDATE agg_meta SET value = ?1 WHERE key = 'last_id'")?,
        })
    }

    /// Adds log row `log_id`, just inserted (the newest row).
    pub fn add(&mut self, log_id: i64) -> rusqlite::Result<()> {
        self.slot.execute([log_id])?;
        self.card.execute([log_id])?;
        self.mark.execute([log_id])?;
        Ok(())
    }
}

/// Takes log row `log_id` out of both tables, before the caller deletes it (inside its
/// transaction). The card's row is derived again from its other answers: taking back a
/// wrong answer brings back the one before it.
pub fn remove(tx: &Connection, log_id: i64) -> rusqlite::Result<()> {
    let Some(card_id) = tx
        .query_row("SELECT card_id FROM revlog WHERE id = ?1", [log_id], |r| {
            r.get::<_, i64>(0)
        })
        .optional()?
    else {
        return Ok(());
    };
    tx.execute(
        &format!(
            "UPDATE agg_slot SET answers = answers - 1, correct = agg_slot.correct - r.correct,
                 duration_ms = agg_slot.duration_ms - r.duration_ms,
                 reviews = reviews - r.due, recalled = recalled - (r.due AND r.correct = 1)
             FROM (SELECT {SLOT_OF} AS slot, correct, duration_ms, {DUE_REVIEW} AS due
                   FROM revlog WHERE id = ?1) r
             WHERE agg_slot.slot = r.slot"
        ),
        [log_id],
    )?;
    tx.execute("DELETE FROM agg_slot WHERE answers <= 0", [])?;
    tx.execute("DELETE FROM agg_card WHERE card_id = ?1", [card_id])?;
    tx.execute(
        "INSERT INTO agg_card (card_id, answers, correct, wrongs, last_wrong, right_since)
         SELECT card_id, count(*), sum(correct), count(*) - sum(correct), lw,
                sum(CASE WHEN lw IS NULL OR id > lw THEN 1 ELSE 0 END)
         FROM (SELECT card_id, id, correct,
                      (SELECT max(id) FROM revlog WHERE card_id = ?1 AND id <> ?2 AND correct = 0) AS lw
               FROM revlog WHERE card_id = ?1 AND id <> ?2)
         GROUP BY card_id",
        params![card_id, log_id],
    )?;
    tx.execute(
        "UPDATE agg_meta SET value = (SELECT coalesce(max(id), 0) FROM revlog WHERE id <> ?1)
         WHERE key = 'last_id'",
        [log_id],
    )?;
    Ok(())
}

/// Counts log row `log_id` as right from now on (an answer the learner overruled, "I was
/// right"), inside the caller's transaction: the row is taken out of both tables as it
/// was, marked right, and put back, the card's row derived again from all its answers.
/// Returns whether it was wrong before (nothing changes otherwise).
pub fn count_as_right(tx: &Connection, log_id: i64) -> rusqlite::Result<bool> {
    let card_id: Option<i64> = tx
        .query_row(
            "SELECT card_id FROM revlog WHERE id = ?1 AND correct = 0",
            [log_id],
            |r| r.get(0),
        )
        .optional()?;
    let Some(card_id) = card_id else {
        return Ok(false);
    };
    remove(tx, log_id)?;
    tx.execute("UPDATE revlog SET correct = 1 WHERE id = ?1", [log_id])?;
    tx.execute(
        &format!(
            "INSERT INTO agg_slot (slot, answers, correct, duration_ms, reviews, recalled)
             SELECT {SLOT_OF}, 1, correct, duration_ms, {DUE_REVIEW}, {DUE_REVIEW} AND correct = 1
             FROM revlog WHERE id = ?1
             ON CONFLICT (slot) DO UPDATE SET answers = answers + excluded.answers,
                 correct = correct + excluded.correct, duration_ms = duration_ms + excluded.duration_ms,
                 reviews = reviews + excluded.reviews, recalled = recalled + excluded.recalled"
        ),
        [log_id],
    )?;
    tx.execute("DELETE FROM agg_card WHERE card_id = ?1", [card_id])?;
    tx.execute(
        "INSERT INTO agg_card (card_id, answers, correct, wrongs, last_wrong, right_since)
         SELECT card_id, count(*), sum(correct), count(*) - sum(correct), lw,
                sum(CASE WHEN lw IS NULL OR id > lw THEN 1 ELSE 0 END)
         FROM (SELECT card_id, id, correct,
                      (SELECT max(id) FROM revlog WHERE card_id = ?1 AND correct = 0) AS lw
               FROM revlog WHERE card_id = ?1)
         GROUP BY card_id",
        [card_id],
    )?;
    tx.execute(
        "UPDATE agg_meta SET value = (SELECT coalesce(max(id), 0) FROM revlog)
         WHERE key = 'last_id'",
        [],
    )?;
    Ok(true)
}

/// The statement that brings the quarter hour of a log row (`?1`) up to date before a
/// replay rewrites its `state_before` to `?2` (a merge of logs, `upsc sync`): whether the
/// row counts as a due review depends on it. Run inside the replay's transaction, before
/// the row is updated; nothing else this module keeps depends on the state columns.
pub fn restate_sql() -> String {
    format!(
        "UPDATE agg_slot SET reviews = reviews + r.d, recalled = recalled + r.d * r.correct
         FROM (SELECT {SLOT_OF} AS slot, correct,
                      (scheduled = 1 AND mode = 'review' AND ?2 = 2) - {DUE_REVIEW} AS d
               FROM revlog WHERE id = ?1) r
         WHERE agg_slot.slot = r.slot AND r.d <> 0"
    )
}

/// One quarter hour's figures (see the module's comment).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Slot {
    /// The slot's start, in milliseconds since the epoch.
    pub start_ms: i64,
    pub answers: u64,
    pub correct: u64,
    pub duration_ms: i64,
    pub reviews: u64,
    pub recalled: u64,
}

/// What `stats` needs of one stored card.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct CardFigures {
    /// Answered at least once, ever.
    pub seen: bool,
    /// Answers and right answers in the period asked for.
    pub recent: (usize, usize),
    /// The stored state (`None` while new): state, due and last review, in ms.
    pub state: Option<(crate::scheduler::State, i64, Option<i64>)>,
}

impl Store {
    /// Every quarter hour with answers, in order. With `exact`, every answer is its own
    /// slot starting at its own time (for an offset that is not a whole number of quarter
    /// hours, where a slot could straddle two study days).
    pub fn visit_slots(&self, exact: bool, mut visit: impl FnMut(Slot)) -> anyhow::Result<()> {
        let sql = if exact {
            format!(
                "SELECT reviewed_at, 1, correct, duration_ms, {DUE_REVIEW}, {DUE_REVIEW} AND correct = 1
                 FROM revlog ORDER BY reviewed_at"
            )
        } else {
            format!(
                "SELECT slot * {SLOT_MS}, answers, correct, duration_ms, reviews, recalled
                 FROM agg_slot ORDER BY slot"
            )
        };
        let mut statement = self.conn.prepare(&sql)?;
        let mut rows = statement.query([])?;
        while let Some(row) = rows.next()? {
            let count = |i: usize| -> rusqlite::Result<u64> {
                Ok(u64::try_from(row.get::<_, i64>(i)?).unwrap_or(0))
            };
            visit(Slot {
                start_ms: row.get(0)?,
                answers: count(1)?,
                correct: count(2)?,
                duration_ms: row.get(3)?,
                reviews: count(4)?,
                recalled: count(5)?,
            });
        }
        Ok(())
    }

    /// Visits every stored card — its key and figures — with its answers in
    /// `[from_ms, to_ms)`. One key is refilled row by row.
    pub fn visit_card_figures(
        &self,
        from_ms: i64,
        to_ms: i64,
        mut visit: impl FnMut(&CardKey, CardFigures),
    ) -> anyhow::Result<()> {
        // The period's answers through the log's time index: a month of a heavy learner's
        // work, not the whole log.
        let mut recent: std::collections::HashMap<i64, (usize, usize)> =
            std::collections::HashMap::new();
        {
            let mut statement = self.conn.prepare(
                "SELECT card_id, correct FROM revlog WHERE reviewed_at >= ?1 AND reviewed_at < ?2",
            )?;
            let mut rows = statement.query([from_ms, to_ms])?;
            while let Some(row) = rows.next()? {
                let entry = recent.entry(row.get(0)?).or_default();
                entry.0 += 1;
                entry.1 += usize::from(row.get::<_, bool>(1)?);
            }
        }
        let mut statement = self.conn.prepare(
            "SELECT c.card_id, c.deck, c.id, coalesce(a.answers, 0), s.state, s.due, s.last_review
             FROM cards c LEFT JOIN agg_card a ON a.card_id = c.card_id
                          LEFT JOIN card_state s ON s.card_id = c.card_id",
        )?;
        let mut rows = statement.query([])?;
        let mut key = CardKey::new("", "");
        while let Some(row) = rows.next()? {
            let card_id: i64 = row.get(0)?;
            let state: Option<State> = row.get(4)?;
            let figures = CardFigures {
                seen: row.get::<_, i64>(3)? > 0,
                recent: recent.get(&card_id).copied().unwrap_or_default(),
                state: match state {
                    None => None,
                    Some(s) => Some((s, row.get(5)?, row.get(6)?)),
                },
            };
            key.refill(row.get_ref(1)?.as_str()?, row.get_ref(2)?.as_str()?);
            visit(&key, figures);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::revlog::LogMode;
    use crate::scheduler::{Rating, Scheduler, Settings};
    use crate::store::Answer;
    use chrono::{DateTime, TimeDelta};
    use proptest::prelude::*;

    /// Both tables as rows of numbers, in order.
    fn snapshot(conn: &Connection) -> (Vec<Vec<Option<i64>>>, Vec<Vec<i64>>) {
        let rows = |sql: &str, width: usize| -> Vec<Vec<Option<i64>>> {
            let mut statement = conn.prepare(sql).unwrap();
            statement
                .query_map([], |r| (0..width).map(|i| r.get(i)).collect())
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap()
        };
        let cards = rows("SELECT * FROM agg_card ORDER BY card_id", 6);
        let slots = rows("SELECT * FROM agg_slot ORDER BY slot", 6)
            .into_iter()
            .map(|r| r.into_iter().map(|v| v.unwrap_or(-1)).collect())
            .collect();
        (cards, slots)
    }

    #[derive(Debug, Clone)]
    enum Step {
        Answer {
            card: usize,
            correct: bool,
            mode: usize,
            minutes: i64,
        },
        Undo,
        Amend(bool),
    }

    fn step() -> impl Strategy<Value = Step> {
        prop_oneof![
            6 => (0usize..4, any::<bool>(), 0usize..3, 0i64..600).prop_map(
                |(card, correct, mode, minutes)| Step::Answer { card, correct, mode, minutes }
            ),
            2 => Just(Step::Undo),
            1 => any::<bool>().prop_map(Step::Amend),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

        /// After any run of answers, undos and amendments, the kept tables are exactly
        /// what a rebuild from the log derives.
        #[test]
        fn the_kept_tables_equal_a_recomputation_from_the_log(steps in proptest::collection::vec(step(), 1..40)) {
            let mut store = Store::in_memory().unwrap();
            let scheduler = Scheduler::new(Settings::default()).unwrap();
            let mut clock = DateTime::parse_from_rfc3339("2026-03-01T23:50:00+05:30").unwrap();
            let cards = ["a", "b", "c", "d"];
            let mut last = None;
            for step in steps {
                match step {
                    Step::Answer { card, correct, mode, minutes } => {
                        clock += TimeDelta::minutes(minutes);
                        let mode = [LogMode::Review, LogMode::Quiz, LogMode::Test][mode];
                        let answer = Answer {
                            card: crate::deck::CardKey::new("d", cards[card]),
                            kind: crate::deck::Kind::Mcq,
                            fingerprint: 1,
                            rating: if correct { Rating::Good } else { Rating::Again },
                            correct,
                            duration_ms: 1000 + minutes as u64,
                            confidence: None,
                            given: Some("(a)"),
                            mode,
                            schedule: mode != LogMode::Test,
                        };
                        last = Some(store.record_answer(&answer, &scheduler, clock).unwrap().log_id);
                    }
                    Step::Undo => {
                        store.undo_last().unwrap();
                        last = None;
                    }
                    Step::Amend(easy) => {
                        if let Some(id) = last {
                            let rating = if easy { Rating::Easy } else { Rating::Hard };
                            store.amend(id, rating, Some("sure"), &scheduler).unwrap();
                        }
                    }
                }
            }
            let kept = snapshot(&store.conn);
            // The marker follows the log's newest row, so the next open rebuilds nothing.
            let (marked, newest): (String, i64) = store.conn.query_row(
                "SELECT (SELECT value FROM agg_meta WHERE key = 'last_id'),
                        (SELECT coalesce(max(id), 0) FROM revlog)",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            ).unwrap();
            prop_assert_eq!(marked, newest.to_string());
            let tx = store.conn.transaction().unwrap();
            let differed = rebuild(&tx).unwrap();
            let derived = snapshot(&tx);
            tx.commit().unwrap();
            prop_assert_eq!(&kept, &derived);
            prop_assert_eq!(differed, 0);
        }
    }

    #[test]
    fn quarter_hours_add_up_to_the_same_study_days_as_the_answers() -> anyhow::Result<()> {
        let mut store = Store::in_memory()?;
        let scheduler = Scheduler::new(Settings::default())?;
        let mut at = DateTime::parse_from_rfc3339("2026-03-01T03:20:00+05:30")?;
        // Answers every 7 to 97 minutes over a few days, across day starts and midnights.
        for i in 0..120i64 {
            at += TimeDelta::minutes(7 + (i * 37) % 91);
            let rating = if i % 3 == 0 {
                Rating::Again
            } else {
                Rating::Good
            };
            let card = ["a", "b", "c"][(i % 3) as usize];
            store.record(&crate::store::tests::answer(card, rating), &scheduler, at)?;
        }
        for (offset_minutes, day_start) in [(330, 4), (0, 0), (-210, 23), (345, 5)] {
            let offset = chrono::FixedOffset::east_opt(offset_minutes * 60)
                .ok_or_else(|| anyhow::anyhow!("offset"))?;
            let days = |exact: bool| -> anyhow::Result<std::collections::BTreeMap<_, (u64, u64, i64, u64)>> {
                let mut days = std::collections::BTreeMap::new();
                store.visit_slots(exact, |slot| {
                    let time = DateTime::from_timestamp_millis(slot.start_ms).unwrap_or_default();
                    let day: &mut (u64, u64, i64, u64) = days
                        .entry(crate::stats::study_day(time, offset, day_start))
                        .or_default();
                    day.0 += slot.answers;
                    day.1 += slot.correct;
                    day.2 += slot.duration_ms;
                    day.3 += slot.reviews;
                })?;
                Ok(days)
            };
            let (slots, answers) = (days(false)?, days(true)?);
            assert!(slots.len() >= 3, "{slots:?}");
            assert_eq!(
                slots, answers,
                "offset {offset_minutes} min, day start {day_start}"
            );
        }
        Ok(())
    }

    #[test]
    fn a_rebuild_counts_and_corrects_rows_that_differ() -> anyhow::Result<()> {
        let mut store = Store::in_memory()?;
        let scheduler = Scheduler::new(Settings::default())?;
        let at = DateTime::parse_from_rfc3339("2026-03-01T09:00:00+05:30")?;
        let answer = crate::store::tests::answer("a", Rating::Again);
        store.record(&answer, &scheduler, at)?;
        let right = snapshot(&store.conn);
        store
            .conn
            .execute_batch("UPDATE agg_card SET wrongs = 5; DELETE FROM agg_slot;")?;
        let tx = store.conn.transaction()?;
        // One card row differs both ways (kept and derived), one slot is missing.
        assert_eq!(rebuild(&tx)?, 3);
        tx.commit()?;
        assert_eq!(snapshot(&store.conn), right);
        Ok(())
    }

    #[test]
    fn answers_written_without_the_upkeep_are_noticed_on_open() -> anyhow::Result<()> {
        let mut store = Store::in_memory()?;
        let scheduler = Scheduler::new(Settings::default())?;
        let at = DateTime::parse_from_rfc3339("2026-03-01T09:00:00+05:30")?;
        store.record(
            &crate::store::tests::answer("a", Rating::Good),
            &scheduler,
            at,
        )?;
        store.record(
            &crate::store::tests::answer("b", Rating::Again),
            &scheduler,
            at,
        )?;
        store.undo_last()?;
        ensure(&mut store.conn)?;
        let kept = snapshot(&store.conn);
        // As a build without the tables would: a row added, and one taken back, directly.
        store.conn.execute_batch(
            "INSERT INTO revlog (card_id, reviewed_at, utc_offset, rating, correct, duration_ms, mode,
                                 fingerprint, state_before, state_after, due_after, stability,
                                 difficulty, step_after)
             SELECT card_id, reviewed_at + 1000, utc_offset, 1, 0, 5, mode, fingerprint, 2, 3,
                    due_after, stability, difficulty, 0 FROM revlog;",
        )?;
        ensure(&mut store.conn)?;
        let after_insert = snapshot(&store.conn);
        assert_ne!(after_insert, kept, "the new wrong answer is counted");
        store
            .conn
            .execute_batch("DELETE FROM revlog WHERE id = (SELECT max(id) FROM revlog);")?;
        ensure(&mut store.conn)?;
        assert_eq!(snapshot(&store.conn), kept);
        Ok(())
    }

    #[test]
    fn missing_tables_are_made_and_filled_on_open() -> anyhow::Result<()> {
        let mut store = Store::in_memory()?;
        let scheduler = Scheduler::new(Settings::default())?;
        let at = DateTime::parse_from_rfc3339("2026-03-01T09:00:00+05:30")?;
        store.record(
            &crate::store::tests::answer("a", Rating::Good),
            &scheduler,
            at,
        )?;
        let right = snapshot(&store.conn);
        // As a store written by a build without them, or repaired from its tables.
        store
            .conn
            .execute_batch("DROP TABLE agg_card; DROP TABLE agg_slot; DROP TABLE agg_meta;")?;
        ensure(&mut store.conn)?;
        assert_eq!(snapshot(&store.conn), right);
        assert_eq!(right.0.len(), 1);
        Ok(())
    }
}
