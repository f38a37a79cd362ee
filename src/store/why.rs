//! What the mistake book needs to say why: for each card in the book, its newest wrong
//! answer's declared confidence and, when it was given in a mock test, the question as
//! shown; the classes the learner corrected; and the cards last answered right but
//! guessed.
//!
//! A correction is kept in `mistake_why`, one row per answer (by its event id, the name
//! it has on every device), made the first time the learner corrects a class; a store
//! without one reads as having none.

use chrono::{DateTime, FixedOffset, Offset, Utc};
use rusqlite::params;

use super::declared::BEFORE_VERDICT;
use super::{Store, explain, from_millis};
use crate::coach::why::{Shown, Why, classify};
use crate::deck::CardKey;
use crate::store::history::RIGHT_TO_LEAVE;

/// The learner's own classes (see the file).
pub(super) const TABLE: &str = include_str!("mistake_why.sql");

/// Why a card of the mistake book is in it.
#[derive(Debug, Clone, PartialEq)]
pub struct Reason {
    pub card: CardKey,
    /// The newest wrong answer's event id (what a correction is kept under).
    pub event: Option<String>,
    pub why: Why,
    /// The learner set the class.
    pub corrected: bool,
}

/// A card whose newest answer was right but declared a guess.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Guessed {
    pub deck: String,
    pub id: String,
    pub kind: String,
    pub given: String,
    pub answered_at: DateTime<FixedOffset>,
    pub mode: crate::revlog::LogMode,
}

impl Store {
    fn has_corrections(&self) -> rusqlite::Result<bool> {
        self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'mistake_why')",
            [],
            |r| r.get(0),
        )
    }

    /// Why each card of the mistake book is in it, in no particular order.
    pub fn mistake_reasons(&self) -> anyhow::Result<Vec<Reason>> {
        self.reasons().map_err(|e| explain(e, &self.path))
    }

    fn reasons(&self) -> rusqlite::Result<Vec<Reason>> {
        let corrections = if self.has_corrections()? {
            "(SELECT why FROM mistake_why w WHERE w.event = r.event)"
        } else {
            "NULL"
        };
        // The question as shown, when the answer was given in a mock test: the test's
        // answers are logged with the time it finished.
        // The confidence declared before the verdict: a test's tag, or a quiz's 1, 2, 3 (a
        // key after the verdict says nothing of why an answer went wrong).
        let sql = format!(
            "SELECT c.deck, c.id, r.event, {BEFORE_VERDICT}, coalesce(r.given, ''), {corrections},
                    m.question, m.options, m.correct, m.chosen
             FROM agg_card a
             JOIN revlog r ON r.id = a.last_wrong
             JOIN cards c ON c.card_id = a.card_id
             LEFT JOIN mock_answers m ON r.mode = 'test' AND m.deck = c.deck AND m.card = c.id
                  AND m.test_id = (SELECT t.id FROM mock_tests t JOIN mock_answers x ON x.test_id = t.id
                                   WHERE t.finished_at = r.reviewed_at AND x.deck = c.deck AND x.card = c.id
                                   ORDER BY t.id DESC LIMIT 1)
             WHERE a.last_wrong IS NOT NULL AND a.right_since < ?1"
        );
        let mut statement = self.conn.prepare(&sql)?;
        let rows = statement.query_map([RIGHT_TO_LEAVE as i64], |row| {
            // Text read whatever its bytes: one flipped byte must not close the book.
            let text = |i| super::rows::lossy(row, i);
            let maybe = |i| -> rusqlite::Result<Option<String>> {
                Ok(match row.get_ref(i)? {
                    rusqlite::types::ValueRef::Null => None,
                    _ => Some(text(i)?),
                })
            };
            let confidence = maybe(3)?;
            let given = text(4)?;
            let corrected = maybe(5)?;
            let question = maybe(6)?;
            let options = maybe(7)?;
            let correct: Option<i64> = row.get(8)?;
            let chosen: Option<i64> = row.get(9)?;
            let options: Vec<String> = options
                .and_then(|o| serde_json::from_str(&o).ok())
                .unwrap_or_default();
            let shown = match (&question, correct, chosen) {
                (Some(question), Some(correct), Some(chosen)) => Some(Shown {
                    question,
                    options: &options,
                    correct: correct.max(0) as usize,
                    chosen: chosen.max(0) as usize,
                }),
                _ => None,
            };
            let found = classify(confidence.as_deref(), &given, shown.as_ref());
            let corrected = corrected.as_deref().and_then(Why::from_name);
            Ok(Reason {
                card: CardKey {
                    deck: row.get(0)?,
                    card: row.get(1)?,
                },
                event: row.get(2)?,
                why: corrected.unwrap_or(found),
                corrected: corrected.is_some(),
            })
        })?;
        rows.collect()
    }

    /// Keeps the learner's class for the wrong answer `event`.
    pub fn set_mistake_why(&mut self, event: &str, why: Why) -> anyhow::Result<()> {
        let result = (|| -> rusqlite::Result<()> {
            let tx = self.conn.transaction()?;
            tx.execute_batch(TABLE)?;
            tx.execute(
                "INSERT INTO mistake_why (event, why) VALUES (?1, ?2)
                 ON CONFLICT (event) DO UPDATE SET why = excluded.why",
                params![event, why.as_str()],
            )?;
            tx.commit()
        })();
        result.map_err(|e| explain(e, &self.path))
    }

    /// Cards whose newest answer was right but called a guess (before the verdict, or with
    /// `g` after it), newest first.
    pub fn right_but_guessed(&self) -> anyhow::Result<Vec<Guessed>> {
        let result = (|| -> rusqlite::Result<Vec<Guessed>> {
            let mut statement = self.conn.prepare(
                "SELECT c.deck, c.id, c.kind, coalesce(r.given, ''), r.reviewed_at, r.utc_offset, r.mode
                 FROM revlog r JOIN cards c ON c.card_id = r.card_id
                 WHERE r.correct = 1 AND (r.confidence = 'guess' OR r.declared = 'guess')
                   AND NOT EXISTS (SELECT 1 FROM revlog l WHERE l.card_id = r.card_id AND l.id > r.id)
                 ORDER BY r.reviewed_at DESC, c.deck, c.id",
            )?;
            let rows = statement.query_map([], |row| {
                let offset = FixedOffset::east_opt(row.get(5)?).unwrap_or_else(|| Utc.fix());
                let text = |i| super::rows::lossy(row, i);
                Ok(Guessed {
                    deck: text(0)?,
                    id: text(1)?,
                    kind: text(2)?,
                    given: crate::text::strip_controls(&text(3)?).into_owned(),
                    answered_at: from_millis(row.get(4)?).with_timezone(&offset),
                    mode: row.get(6)?,
                })
            })?;
            rows.collect()
        })();
        result.map_err(|e| explain(e, &self.path))
    }
}
