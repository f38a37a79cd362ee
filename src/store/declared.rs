//! The confidence a learner declares *before* the verdict outside a mock test (`quiz`
//! takes 1 sure, 2 50-50, 3 guess while the question is on screen): the review log's
//! `declared` column, kept apart from `confidence`, which outside mock tests is given
//! *after* the verdict (the keys on the verdict screen, only on right answers).
//!
//! The column was added within schema version 4 (made when missing, like `sched`); every
//! older row has it NULL, which is what those rows mean: nothing was declared before their
//! verdict in review or quiz. A mock-test answer keeps its tag in `confidence` as before
//! (a test shows no verdict until it is submitted, so its tag is always declared before);
//! [`BEFORE_VERDICT`] reads both alike.

use chrono::{DateTime, FixedOffset};
use rusqlite::{Connection, params};

use super::{Answer, Recorded, Store, explain, record_in};
use crate::answer::Confidence;
use crate::scheduler::Scheduler;

/// The confidence declared before the verdict of the review-log row `r`, whatever the
/// mode: a mock test's tag, or a quiz answer's `declared`.
pub(super) const BEFORE_VERDICT: &str =
    "(CASE WHEN r.mode = 'test' THEN r.confidence ELSE r.declared END)";

/// Adds the column when missing.
pub(super) fn ensure(conn: &Connection) -> rusqlite::Result<()> {
    super::add_column(conn, "revlog", "declared", "TEXT")
}

/// Sets the declared confidence of the log row `log_id` (nothing when `None`), inside the
/// transaction that wrote it.
pub(super) fn set(tx: &Connection, log_id: i64, declared: Option<&str>) -> rusqlite::Result<()> {
    // Only the three words: anything else (a hand-edited held file) declares nothing.
    if let Some(word) = declared.and_then(Confidence::from_name) {
        tx.execute(
            "UPDATE revlog SET declared = ?2 WHERE id = ?1",
            params![log_id, word.as_str()],
        )?;
    }
    Ok(())
}

impl Store {
    /// [`Store::record_answer`] with the confidence the learner declared before the
    /// verdict, written in the same transaction as the answer.
    pub fn record_declared(
        &mut self,
        answer: &Answer,
        declared: Option<Confidence>,
        scheduler: &Scheduler,
        now: DateTime<FixedOffset>,
    ) -> anyhow::Result<Recorded> {
        let path = self.path.clone();
        let result = (|| -> rusqlite::Result<Recorded> {
            let tx = self.begin_write()?;
            let (after, log_id) = record_in(&tx, answer, scheduler, now)?;
            set(&tx, log_id, declared.map(Confidence::as_str))?;
            tx.commit()?;
            Ok(Recorded { log_id, after })
        })();
        self.unchecked = self.unchecked.saturating_add(1);
        result.map_err(|e| explain(e, &path))
    }
}

// What the tests read back of one answer.
#[cfg(test)]
impl Store {
    /// The confidence declared before the verdict of the log row `log_id`.
    pub fn declared_of(&self, log_id: i64) -> anyhow::Result<Option<String>> {
        self.conn
            .query_row(
                &format!("SELECT {BEFORE_VERDICT} FROM revlog r WHERE r.id = ?1"),
                [log_id],
                |r| r.get(0),
            )
            .map_err(|e| explain(e, &self.path))
    }
}

#[cfg(test)]
mod tests {
    use chrono::DateTime;

    use super::*;
    use crate::revlog::LogMode;
    use crate::scheduler::{Rating, Settings};

    #[test]
    fn an_old_log_gains_the_column_with_nothing_declared() -> anyhow::Result<()> {
        let conn = Connection::open_in_memory()?;
        conn.execute_batch(
            "CREATE TABLE revlog (id INTEGER PRIMARY KEY, mode TEXT, confidence TEXT);
             INSERT INTO revlog (mode, confidence) VALUES ('quiz', 'guess'), ('test', 'sure');",
        )?;
        ensure(&conn)?;
        ensure(&conn)?; // a second open changes nothing
        let rows: Vec<(Option<String>, Option<String>)> = conn
            .prepare(&format!(
                "SELECT r.declared, {BEFORE_VERDICT} FROM revlog r ORDER BY id"
            ))?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        // The quiz's "guess" was given after the verdict: not declared before. The test's
        // tag was.
        assert_eq!(rows, vec![(None, None), (None, Some("sure".into()))]);
        Ok(())
    }

    #[test]
    fn a_declared_answer_keeps_both_confidences_apart() -> anyhow::Result<()> {
        let mut store = Store::in_memory()?;
        let scheduler = Scheduler::new(Settings::default())?;
        let now = DateTime::parse_from_rfc3339("2026-06-01T09:00:00+05:30")?;
        let answer = Answer {
            card: crate::deck::CardKey::new("d", "c"),
            kind: crate::deck::Kind::Mcq,
            fingerprint: 1,
            rating: Rating::Hard,
            correct: true,
            duration_ms: 900,
            confidence: None,
            given: Some("(b) x"),
            mode: LogMode::Quiz,
            schedule: true,
        };
        let recorded =
            store.record_declared(&answer, Some(Confidence::FiftyFifty), &scheduler, now)?;
        // The key after the verdict amends `confidence`; what was declared before stays.
        store.amend(recorded.log_id, Rating::Easy, Some("sure"), &scheduler)?;
        assert_eq!(
            store.declared_of(recorded.log_id)?.as_deref(),
            Some("50-50")
        );
        let after: Option<String> = store.connection().query_row(
            "SELECT confidence FROM revlog WHERE id = ?1",
            [recorded.log_id],
            |r| r.get(0),
        )?;
        assert_eq!(after.as_deref(), Some("sure"));
        Ok(())
    }
}
