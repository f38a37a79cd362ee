//! What the attempt coach reads: every question of the scored mock tests (submitted by
//! the learner or by the clock), counted by kind, declared confidence, outcome and tags.
//! Read-only. A test cut short or abandoned is left out: its answers were never marked.
//!
//! The answers are read through an index that holds every column the coach needs
//! (`mock_answers_coach`), so a million answers are read from a few tens of megabytes of
//! index instead of the hundreds that their question texts take (benches/coach.rs). It is
//! made when missing, like the other derived tables, without a new schema version.

use std::collections::HashMap;

use rusqlite::types::ValueRef;

use super::{Store, explain};
use crate::coach::{Declared, Record};
use crate::deck::Kind;

/// The covering index of [`Store::calibration_records`].
const INDEX: &str = "CREATE INDEX IF NOT EXISTS mock_answers_coach
    ON mock_answers (test_id, kind, confidence, chosen, correct, tags)";

/// Makes the coach's index when it is missing (a store from before it, or one rebuilt).
pub(super) fn ensure(conn: &rusqlite::Connection) -> rusqlite::Result<()> {
    let present: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = 'mock_answers_coach')",
        [],
        |r| r.get(0),
    )?;
    if !present {
        conn.execute_batch(INDEX)?;
    }
    Ok(())
}

/// The coach's query: the scored tests' answers, every column from the index, read test
/// by test (a join would look each answer's test up again: a fifth more time).
const QUERY: &str =
    "SELECT a.kind, a.confidence, a.chosen IS NOT NULL, a.chosen IS a.correct, a.tags
     FROM mock_answers a INDEXED BY mock_answers_coach
     WHERE a.test_id IN (SELECT id FROM mock_tests WHERE status IN ('submitted', 'timed-out'))";

impl Store {
    /// The scored tests' questions, counted alike (one [`Record`] per kind, confidence,
    /// outcome and set of tags).
    pub fn calibration_records(&self) -> anyhow::Result<Vec<Record>> {
        self.calibration_rows().map_err(|e| explain(e, &self.path))
    }

    fn calibration_rows(&self) -> rusqlite::Result<Vec<Record>> {
        // Counted here rather than with GROUP BY: one pass over the answers, with the
        // strings borrowed from SQLite's row, is faster than SQLite's sort of a million
        // rows, and the groups are few.
        let mut statement = self.conn.prepare(QUERY)?;
        // Per kind, confidence and outcome (a fixed slot each), the count per set of tags,
        // the tags kept as the bytes SQLite gave until the end.
        const DECLARED: [Declared; 5] = Declared::ALL;
        let slot = |kind: usize, declared: Declared, right: bool| {
            (kind * DECLARED.len() + declared as usize) * 2 + usize::from(right)
        };
        let mut counts: Vec<HashMap<Vec<u8>, u64>> =
            vec![HashMap::new(); Kind::ALL.len() * DECLARED.len() * 2];
        let mut rows = statement.query([])?;
        while let Some(row) = rows.next()? {
            let bytes = |i: usize| -> rusqlite::Result<Option<&[u8]>> {
                Ok(match row.get_ref(i)? {
                    ValueRef::Text(bytes) => Some(bytes),
                    _ => None,
                })
            };
            // A kind this build does not know (a hand-edited file) is not counted.
            let Some(kind) = bytes(0)?.and_then(|k| {
                Kind::ALL
                    .iter()
                    .position(|known| known.as_str().as_bytes() == k)
            }) else {
                continue;
            };
            let answered: bool = row.get(2)?;
            let right: bool = answered && row.get::<_, bool>(3)?;
            let declared = if answered {
                match bytes(1)? {
                    Some(b"sure") => Declared::Sure,
                    Some(b"50-50") => Declared::FiftyFifty,
                    Some(b"guess") => Declared::Guess,
                    _ => Declared::Unmarked,
                }
            } else {
                Declared::Blank
            };
            let tags = bytes(4)?.unwrap_or(b"");
            let by_tags = &mut counts[slot(kind, declared, right)];
            match by_tags.get_mut(tags) {
                Some(n) => *n += 1,
                None => {
                    by_tags.insert(tags.to_vec(), 1);
                }
            }
        }
        let mut records = Vec::new();
        for (k, &kind) in Kind::ALL.iter().enumerate() {
            for declared in DECLARED {
                for right in [false, true] {
                    let by_tags = std::mem::take(&mut counts[slot(k, declared, right)]);
                    records.extend(by_tags.into_iter().map(|(tags, count)| {
                        Record {
                            kind,
                            declared,
                            right,
                            tags: crate::text::strip_controls(&String::from_utf8_lossy(&tags))
                                .into_owned(),
                            count,
                        }
                    }));
                }
            }
        }
        // A fixed order, so that everything built from them is the same on every run.
        records.sort_by(|a, b| {
            (a.kind, a.declared, a.right, &a.tags).cmp(&(b.kind, b.declared, b.right, &b.tags))
        });
        Ok(records)
    }
}

#[cfg(test)]
mod tests {
    use chrono::DateTime;

    use crate::coach::Declared;
    use crate::deck::Kind;
    use crate::marking::Marking;
    use crate::mock::{self, Item};
    use crate::scheduler::{Scheduler, Settings};
    use crate::store::{MockSetup, Store};

    fn item(card: &str, kind: &str, chosen: Option<usize>, tag: Option<&str>) -> Item {
        Item {
            deck: "d".into(),
            card: card.into(),
            kind: kind.into(),
            fingerprint: 1,
            tags: vec!["polity".into()],
            question: "Q?".into(),
            options: vec!["a".into(), "b".into(), "c".into(), "d".into()],
            correct: 1,
            answer_text: "b".into(),
            notes: vec![],
            explanation: None,
            chosen,
            confidence: tag.and_then(crate::answer::Confidence::from_name),
            marked: false,
            visited: true,
            seconds: 3.0,
        }
    }

    #[test]
    fn the_answers_are_read_from_the_covering_index_alone() -> anyhow::Result<()> {
        let store = Store::in_memory()?;
        let mut statement = store
            .connection()
            .prepare(&format!("EXPLAIN QUERY PLAN {}", super::QUERY))?;
        let plan: Vec<String> = statement
            .query_map([], |r| r.get::<_, String>(3))?
            .collect::<Result<_, _>>()?;
        assert!(
            plan.iter()
                .any(|step| step.contains("USING COVERING INDEX mock_answers_coach")),
            "{plan:?}"
        );
        Ok(())
    }

    #[test]
    fn only_scored_tests_count_and_blanks_are_their_own_cell() -> anyhow::Result<()> {
        let mut store = Store::in_memory()?;
        let scheduler = Scheduler::new(Settings::default())?;
        let now = DateTime::parse_from_rfc3339("2026-06-01T09:00:00+05:30")?;
        let setup = MockSetup {
            marking: Marking::Gs1,
            minutes: 10.0,
            filters: "all",
        };
        let items = vec![
            item("a", "mcq", Some(1), Some("sure")),
            item("b", "mcq", Some(0), Some("sure")),
            item("c", "pairs", Some(1), None),
            item("d", "pairs", None, None),
        ];
        let id = store.start_mock(&setup, &items, now)?;
        let card = mock::score(&items, Marking::Gs1);
        store.finish_mock(
            id,
            crate::mock::MockStatus::Submitted,
            &card,
            &items,
            &scheduler,
            now,
        )?;
        // A second test, abandoned: not counted.
        let id = store.start_mock(&setup, &items, now)?;
        store.finish_mock(
            id,
            crate::mock::MockStatus::Abandoned,
            &card,
            &items,
            &scheduler,
            now,
        )?;
        // A third, still running: not counted.
        store.start_mock(&setup, &items, now)?;
        let records = store.calibration_records()?;
        let found: Vec<(Kind, Declared, bool, u64)> = records
            .iter()
            .map(|r| (r.kind, r.declared, r.right, r.count))
            .collect();
        assert_eq!(
            found,
            vec![
                (Kind::Pairs, Declared::Unmarked, true, 1),
                (Kind::Pairs, Declared::Blank, false, 1),
                (Kind::Mcq, Declared::Sure, false, 1),
                (Kind::Mcq, Declared::Sure, true, 1),
            ]
        );
        assert!(records.iter().all(|r| r.tags == "polity"));
        Ok(())
    }
}
