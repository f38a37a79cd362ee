//! Mock tests in the store: a test is saved when it starts, each answer as it changes,
//! and the result when it ends — with its answers appended to the review log (unscheduled)
//! in the same transaction, so the mistake book and statistics see them.

use chrono::{DateTime, FixedOffset, Offset, Utc};
use rusqlite::params;

use super::{Answer, Store, explain, from_millis, millis, record_in};
use crate::answer::Confidence;
use crate::deck::CardKey;
use crate::marking::{Marking, Marks};
use crate::mock::Scorecard;
use crate::mock::{Item, MockStatus};
use crate::revlog::LogMode;
use crate::scheduler::{Rating, Scheduler};

/// A past test, as `upsc test --history` lists it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct MockRecord {
    pub id: i64,
    pub started_at: DateTime<FixedOffset>,
    /// Stored as `running` (never finished: the program was killed), `submitted`,
    /// `timed-out` or `abandoned`.
    pub status: MockStatus,
    pub marking: Marking,
    pub minutes: f64,
    pub filters: String,
    pub questions: usize,
    pub attempted: usize,
    pub right: usize,
    pub wrong: usize,
    pub score: Marks,
    pub maximum: Marks,
    /// Time spent on the questions.
    pub seconds: f64,
}

impl MockRecord {
    /// Whether the test was scored (submitted by the learner or by the clock).
    pub fn scored(&self) -> bool {
        self.status.scored()
    }

    /// The net score as a percentage of the maximum.
    pub fn percent(&self) -> Option<f64> {
        (self.maximum.sixths() > 0)
            .then(|| 100.0 * self.score.sixths() as f64 / self.maximum.sixths() as f64)
    }
}

fn safe(text: String) -> String {
    crate::text::strip_controls(&text).into_owned()
}

/// A test that another window already submitted or abandoned: its result stands, and this
/// window's answers were not written.
#[derive(Debug, thiserror::Error)]
#[error(
    "test {0} was already finished in another window, whose result stands; see `upsc test --history`"
)]
pub struct AlreadyFinished(pub i64);

/// What a test was drawn from and how it is marked.
pub struct MockSetup<'a> {
    pub marking: Marking,
    pub minutes: f64,
    pub filters: &'a str,
}

impl Store {
    /// Saves a test as it starts, with every question as shown; returns its id.
    pub fn start_mock(
        &mut self,
        setup: &MockSetup,
        items: &[Item],
        now: DateTime<FixedOffset>,
    ) -> anyhow::Result<i64> {
        let path = self.path.clone();
        let result = (|| -> rusqlite::Result<i64> {
            let tx = self.begin_write()?;
            tx.execute(
                "INSERT INTO mock_tests (started_at, utc_offset, status, marking, minutes, filters, questions)
                 VALUES (?1, ?2, 'running', ?3, ?4, ?5, ?6)",
                params![
                    millis(now.to_utc()),
                    now.offset().local_minus_utc(),
                    setup.marking.as_str(),
                    setup.minutes,
                    setup.filters,
                    items.len() as i64
                ],
            )?;
            let id = tx.last_insert_rowid();
            {
                let mut insert = tx.prepare(
                    "INSERT INTO mock_answers (test_id, position, deck, card, kind, fingerprint, tags, question,
                                               options, correct, answer_text, notes, explanation)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
                )?;
                for (position, item) in items.iter().enumerate() {
                    let options = serde_json::to_string(&item.options).unwrap_or_default();
                    insert.execute(params![
                        id,
                        position as i64,
                        item.deck,
                        item.card,
                        item.kind,
                        item.fingerprint as i64,
                        item.tags.join("\n"),
                        item.question,
                        options,
                        item.correct as i64,
                        item.answer_text,
                        item.notes.join("\n"),
                        item.explanation,
                    ])?;
                }
            }
            tx.commit()?;
            Ok(id)
        })();
        result.map_err(|e| explain(e, &path))
    }

    /// Saves what the learner has done with one question so far.
    pub fn save_mock_answer(
        &mut self,
        test_id: i64,
        position: usize,
        item: &Item,
    ) -> anyhow::Result<()> {
        save_answer(&self.conn, test_id, position, item).map_err(|e| explain(e, &self.path))
    }

    /// Ends a test: stores its status and score and, unless it was abandoned, appends
    /// every answered question to the review log without moving any schedule — all in
    /// one transaction. `status` is one that ends a test (submitted, timed out or
    /// abandoned); `Running` is refused.
    pub fn finish_mock(
        &mut self,
        test_id: i64,
        status: MockStatus,
        card: &Scorecard,
        items: &[Item],
        scheduler: &Scheduler,
        now: DateTime<FixedOffset>,
    ) -> anyhow::Result<()> {
        if status == MockStatus::Running {
            anyhow::bail!(
                "a mock test cannot end as `running`; this is a bug in upsc, please report it"
            )
        }
        let path = self.path.clone();
        let result = (|| -> rusqlite::Result<bool> {
            let tx = self.begin_write()?;
            // Answers first (saving one checks that the test is still running), then the
            // result, which only a running test takes: of two windows resuming the same
            // test, the second to submit finds it finished and changes nothing.
            for (position, item) in items.iter().enumerate() {
                save_answer(&tx, test_id, position, item)?;
            }
            let changed = tx.execute(
                "UPDATE mock_tests SET status = ?2, finished_at = ?3, right_count = ?4, wrong_count = ?5,
                                       score_sixths = ?6, max_sixths = ?7
                 WHERE id = ?1 AND status = 'running'",
                params![
                    test_id,
                    status,
                    millis(now.to_utc()),
                    card.right as i64,
                    card.wrong as i64,
                    card.score.sixths(),
                    card.maximum.sixths()
                ],
            )?;
            if changed == 0 {
                return Ok(false);
            }
            if status != MockStatus::Abandoned {
                for item in items {
                    let Some(given) = item.chosen_text() else {
                        continue;
                    };
                    let right = item.is_right();
                    let answer = Answer {
                        card: CardKey::new(&item.deck, &item.card),
                        kind: item.kind,
                        fingerprint: item.fingerprint,
                        rating: if right { Rating::Good } else { Rating::Again },
                        correct: right,
                        duration_ms: (item.seconds * 1000.0) as u64,
                        confidence: item.confidence.map(|c| c.as_str()),
                        given: Some(&given),
                        mode: LogMode::Test,
                        schedule: false,
                    };
                    record_in(&tx, &answer, scheduler, now)?;
                }
            }
            tx.commit()?;
            Ok(true)
        })();
        match result {
            Ok(true) => Ok(()),
            Ok(false) => Err(anyhow::Error::new(AlreadyFinished(test_id))),
            Err(e) => Err(explain(e, &path)),
        }
    }

    /// The newest test left running (the program was killed or the terminal closed),
    /// with its questions and the answers saved so far.
    pub fn unfinished_mock(&self) -> anyhow::Result<Option<(MockRecord, Vec<Item>)>> {
        let Some(record) = self
            .mock_history()?
            .into_iter()
            .rev()
            .find(|r| r.status == MockStatus::Running)
        else {
            return Ok(None);
        };
        let items = self.mock_items(record.id)?;
        Ok(Some((record, items)))
    }

    /// A past test by its number, with its questions and the answers given; `None` when
    /// there is no such test.
    pub fn mock_test(&self, test_id: i64) -> anyhow::Result<Option<(MockRecord, Vec<Item>)>> {
        let Some(record) = self.mock_history()?.into_iter().find(|r| r.id == test_id) else {
            return Ok(None);
        };
        let items = self.mock_items(test_id)?;
        Ok(Some((record, items)))
    }

    /// A test's questions as shown, in order, with what the learner did with each.
    fn mock_items(&self, test_id: i64) -> anyhow::Result<Vec<Item>> {
        let mut statement = self.conn.prepare(
            "SELECT deck, card, kind, fingerprint, tags, question, options, correct, answer_text, notes,
                    explanation, chosen, confidence, marked, visited, seconds
             FROM mock_answers WHERE test_id = ?1 ORDER BY position",
        )?;
        let lines = |text: String| -> Vec<String> {
            text.lines()
                .filter(|l| !l.is_empty())
                .map(|l| safe(l.to_string()))
                .collect()
        };
        let items = statement
            .query_map([test_id], |row| {
                let options: String = row.get(6)?;
                Ok(Item {
                    deck: row.get(0)?,
                    card: row.get(1)?,
                    kind: row.get(2)?,
                    fingerprint: row.get::<_, i64>(3)? as u64,
                    tags: lines(row.get(4)?),
                    // Saved as shown; read back through the same safety as deck text.
                    question: safe(row.get(5)?),
                    options: serde_json::from_str::<Vec<String>>(&options)
                        .unwrap_or_default()
                        .into_iter()
                        .map(safe)
                        .collect(),
                    correct: row.get::<_, i64>(7)?.max(0) as usize,
                    answer_text: safe(row.get(8)?),
                    notes: lines(row.get(9)?),
                    explanation: row.get::<_, Option<String>>(10)?.map(safe),
                    chosen: row.get::<_, Option<i64>>(11)?.map(|c| c.max(0) as usize),
                    confidence: row
                        .get::<_, Option<String>>(12)?
                        .and_then(|c| Confidence::from_name(&c)),
                    marked: row.get(13)?,
                    visited: row.get(14)?,
                    seconds: row.get(15)?,
                })
            })?
            .collect::<Result<Vec<Item>, _>>()?;
        Ok(items)
    }

    /// Every test taken, oldest first.
    pub fn mock_history(&self) -> anyhow::Result<Vec<MockRecord>> {
        let mut statement = self.conn.prepare(
            "SELECT t.id, t.started_at, t.utc_offset, t.status, t.marking, t.minutes, t.filters, t.questions,
                    (SELECT count(*) FROM mock_answers a WHERE a.test_id = t.id AND a.chosen IS NOT NULL),
                    (SELECT count(*) FROM mock_answers a WHERE a.test_id = t.id AND a.chosen = a.correct),
                    (SELECT coalesce(sum(seconds), 0) FROM mock_answers a WHERE a.test_id = t.id)
             FROM mock_tests t ORDER BY t.id",
        )?;
        let rows = statement.query_map([], |row| {
            let offset = FixedOffset::east_opt(row.get(2)?).unwrap_or_else(|| Utc.fix());
            let marking = Marking::from_name(&row.get::<_, String>(4)?).unwrap_or(Marking::None);
            let questions = row.get::<_, i64>(7)?.max(0) as usize;
            let attempted = row.get::<_, i64>(8)?.max(0) as usize;
            let right = row.get::<_, i64>(9)?.max(0) as usize;
            let wrong = attempted.saturating_sub(right);
            Ok(MockRecord {
                id: row.get(0)?,
                started_at: from_millis(row.get(1)?).with_timezone(&offset),
                // A status upsc never writes (a hand-edited file) is an error naming it;
                // `doctor` sets it to abandoned.
                status: row.get(3)?,
                marking,
                minutes: row.get(5)?,
                filters: row.get(6)?,
                questions,
                attempted,
                right,
                wrong,
                // Recomputed from the answers, so a test cut short still shows its score.
                score: marking.score(right, wrong),
                maximum: marking.maximum(questions),
                seconds: row.get(10)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

fn save_answer(
    conn: &rusqlite::Connection,
    test_id: i64,
    position: usize,
    item: &Item,
) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE mock_answers SET chosen = ?3, confidence = ?4, marked = ?5, visited = ?6, seconds = ?7
         WHERE test_id = ?1 AND position = ?2
           AND EXISTS (SELECT 1 FROM mock_tests WHERE id = ?1 AND status = 'running')",
        params![
            test_id,
            position as i64,
            item.chosen.map(|c| c as i64),
            item.confidence.map(|c| c.as_str()),
            item.marked,
            item.visited,
            item.seconds
        ],
    )?;
    Ok(())
}
