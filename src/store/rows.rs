//! What `upsc doctor` checks beyond SQLite's integrity check: that the text the store
//! holds is text and its numbers are in range, row by row. A flipped byte that SQLite
//! cannot see (a saved answer no longer valid UTF-8, a duration of 2^63 − 1 ms) would
//! otherwise break the one screen that reads the row, for good, while the file "passes".
//!
//! Text that is not UTF-8 is kept with the unreadable bytes replaced (U+FFFD); a number
//! out of range that has a harmless value (a duration, an offset) is clamped; an answer
//! whose time or rating is unusable is moved to `quarantine` (as JSON, with why), out of
//! the log, without a tombstone: the other computers keep their copy. Each is named.

use rusqlite::types::ValueRef;
use rusqlite::{Connection, params};

use crate::text::Count;

/// The text columns checked, by table.
const TEXT: &[(&str, &[&str])] = &[
    (
        "revlog",
        &[
            "given",
            "confidence",
            "mode",
            "event",
            "origin",
            "sched",
            "declared",
        ],
    ),
    ("cards", &["deck", "id", "kind"]),
    (
        "mock_tests",
        &["status", "marking", "filters", "uid", "origin"],
    ),
    (
        "mock_answers",
        &[
            "deck",
            "card",
            "kind",
            "tags",
            "question",
            "options",
            "answer_text",
            "notes",
            "explanation",
            "confidence",
        ],
    ),
    ("meta", &["value"]),
];

/// The last time accepted, in milliseconds since the epoch (9999-12-31).
const LAST_MS: i64 = 253_402_300_799_999;

/// Reads a text column whatever its bytes: invalid UTF-8 comes back with U+FFFD, so
/// one flipped byte cannot stop a screen from showing the rest.
pub fn lossy(row: &rusqlite::Row, i: usize) -> rusqlite::Result<String> {
    Ok(match row.get_ref(i)? {
        ValueRef::Text(bytes) | ValueRef::Blob(bytes) => {
            String::from_utf8_lossy(bytes).into_owned()
        }
        ValueRef::Null => String::new(),
        ValueRef::Integer(n) => n.to_string(),
        ValueRef::Real(f) => f.to_string(),
    })
}

/// Checks and repairs every row (see the module) in `tx`; returns one line per repair.
pub(super) fn repair(tx: &Connection) -> rusqlite::Result<Vec<String>> {
    let mut done = Vec::new();
    for (table, columns) in TEXT {
        let present: Vec<String> = {
            let mut statement = tx.prepare(&format!("PRAGMA table_info({table})"))?;
            statement
                .query_map([], |r| r.get::<_, String>(1))?
                .collect::<Result<_, _>>()?
        };
        let columns: Vec<&str> = columns
            .iter()
            .copied()
            .filter(|c| present.iter().any(|p| p == c))
            .collect();
        if columns.is_empty() {
            continue;
        }
        let mut fixes: Vec<(i64, &str, String)> = Vec::new();
        {
            let list = columns.join(", ");
            let mut statement = tx.prepare(&format!("SELECT rowid, {list} FROM {table}"))?;
            let mut rows = statement.query([])?;
            while let Some(row) = rows.next()? {
                for (i, column) in columns.iter().enumerate() {
                    if let ValueRef::Text(bytes) = row.get_ref(i + 1)?
                        && std::str::from_utf8(bytes).is_err()
                    {
                        fixes.push((
                            row.get(0)?,
                            column,
                            String::from_utf8_lossy(bytes).into_owned(),
                        ));
                    }
                }
            }
        }
        for (rowid, column, text) in fixes {
            tx.execute(
                &format!("UPDATE OR IGNORE {table} SET {column} = ?2 WHERE rowid = ?1"),
                params![rowid, text],
            )?;
            done.push(format!(
                "{table} row {rowid}: `{column}` was not valid text; kept with the unreadable bytes replaced"
            ));
        }
    }
    // Numbers with a harmless value to fall back on.
    let clamped = tx.execute(
        "UPDATE revlog SET duration_ms = max(0, min(duration_ms, 86400000))
         WHERE typeof(duration_ms) <> 'integer' OR duration_ms NOT BETWEEN 0 AND 86400000",
        [],
    )?;
    if clamped > 0 {
        done.push(format!(
            "review log: {} with an impossible duration set to at most a day",
            Count::new(clamped, "answer", "answers")
        ));
    }
    let offsets = tx.execute(
        "UPDATE revlog SET utc_offset = 0
         WHERE typeof(utc_offset) <> 'integer' OR utc_offset NOT BETWEEN -64800 AND 64800",
        [],
    )?;
    if offsets > 0 {
        done.push(format!(
            "review log: {} with an impossible time zone set to UTC",
            Count::new(offsets, "answer", "answers")
        ));
    }
    // Words with a harmless value to fall back on: an answer in a mode upsc never writes
    // counts as practice (no figure of revision counts it); a test in a status it never
    // writes as abandoned (not scored, not resumable).
    let modes = tx.execute(
        "UPDATE revlog SET mode = 'quiz' WHERE mode IS NOT 'review' AND mode IS NOT 'quiz' AND mode IS NOT 'test'",
        [],
    )?;
    if modes > 0 {
        done.push(format!(
            "review log: {} in a mode that is not review, quiz or test counted as quiz",
            Count::new(modes, "answer", "answers")
        ));
    }
    let statuses = tx.execute(
        "UPDATE mock_tests SET status = 'abandoned'
         WHERE status NOT IN ('running', 'submitted', 'timed-out', 'abandoned') OR status IS NULL",
        [],
    )?;
    if statuses > 0 {
        done.push(format!(
            "mock tests: {} with a status that is not running, submitted, timed-out or abandoned set to abandoned",
            Count::new(statuses, "test", "tests")
        ));
    }
    // A test's question of a kind upsc does not know is taken as its card's kind when the
    // card says, else as a plain pick-one question (mcq).
    let kinds = tx.execute(
        "UPDATE mock_answers SET kind = coalesce(
             (SELECT c.kind FROM cards c WHERE c.deck = mock_answers.deck AND c.id = mock_answers.card
                 AND c.kind IN ('statements', 'pairs', 'rows', 'assertion', 'mcq', 'numeric', 'recall')),
             'mcq')
         WHERE kind IS NULL
            OR kind NOT IN ('statements', 'pairs', 'rows', 'assertion', 'mcq', 'numeric', 'recall')",
        [],
    )?;
    if kinds > 0 {
        done.push(format!(
            "mock tests: {} of a kind that is not a card kind given its card's kind (else mcq)",
            Count::new(kinds, "question", "questions")
        ));
    }
    // A card state out of range is derived data: dropped here, rebuilt from the log.
    let states = tx.execute(
        "DELETE FROM card_state WHERE typeof(state) <> 'integer' OR state NOT BETWEEN 0 AND 3",
        [],
    )?;
    if states > 0 {
        done.push(format!(
            "card states: {states} not 0-3 dropped, to be rebuilt from the review log"
        ));
    }
    // Answers that cannot be placed or scheduled: kept aside, named.
    let bad: Vec<(i64, String)> = {
        let mut statement = tx.prepare(
            "SELECT id, CASE WHEN typeof(reviewed_at) <> 'integer' OR reviewed_at NOT BETWEEN 0 AND ?1
                                  THEN 'its time is impossible'
                             WHEN typeof(rating) <> 'integer' OR rating NOT BETWEEN 1 AND 4
                                  THEN 'its rating is not 1-4'
                             ELSE 'its card state is not 0-3' END
             FROM revlog
             WHERE typeof(reviewed_at) <> 'integer' OR reviewed_at NOT BETWEEN 0 AND ?1
                OR typeof(rating) <> 'integer' OR rating NOT BETWEEN 1 AND 4
                OR typeof(state_before) <> 'integer' OR state_before NOT BETWEEN 0 AND 3
                OR typeof(state_after) <> 'integer' OR state_after NOT BETWEEN 0 AND 3",
        )?;
        statement
            .query_map([LAST_MS], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?
    };
    if !bad.is_empty() {
        // Made only when needed: a doctor with nothing to set aside writes nothing here.
        tx.execute_batch(include_str!("quarantine.sql"))?;
    }
    for (id, why) in bad {
        tx.execute(
            "INSERT INTO quarantine (tbl, row, why)
             SELECT 'revlog', json_object('id', id, 'card_id', card_id, 'reviewed_at', reviewed_at,
                                          'rating', rating, 'event', event), ?2
             FROM revlog WHERE id = ?1",
            params![id, why],
        )?;
        super::aggregate::remove(tx, id)?;
        // No tombstone: the other computers' copies of the answer are not damaged.
        tx.execute("UPDATE revlog SET event = NULL WHERE id = ?1", [id])?;
        tx.execute("DELETE FROM revlog WHERE id = ?1", [id])?;
        done.push(format!(
            "review log row {id}: {why}; moved to the quarantine table"
        ));
    }
    Ok(done)
}
