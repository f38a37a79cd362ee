//! What the attempt coach reads: every question of the scored mock tests (submitted by
//! the learner or by the clock) and every pick-one quiz answer whose confidence was
//! declared before the verdict, counted by source, kind, declared confidence, outcome and
//! tags. A test cut short or abandoned is left out: its answers were never marked.
//!
//! The counts are kept in `coach_counts` by triggers on the tables they come from: a test
//! counts the moment it is scored, an answer the moment it is logged, and whatever later
//! changes or removes a row (an undo, a merge from another device, `doctor`'s repair of a
//! row) moves its count with it. So `upsc coach` reads a few hundred rows, however many
//! answers the store holds (benches/coach.rs). The table is derived: made and filled from
//! the log when missing (a store from before it, or one rebuilt by `doctor`), and checked
//! against the log by `doctor` ([`rebuild`]).

use rusqlite::{Connection, TransactionBehavior};

use super::{Store, explain};
use crate::coach::{Declared, Record};
use crate::deck::Kind;

/// The counts, one row per source, kind, confidence, outcome and set of tags.
const TABLE: &str = "CREATE TABLE IF NOT EXISTS coach_counts (
    source   TEXT NOT NULL,     -- 'test' or 'quiz'
    kind     TEXT NOT NULL,
    declared TEXT NOT NULL,     -- sure, 50-50, guess, unmarked (answered untagged), blank
    right    INTEGER NOT NULL,  -- 0 or 1 (0 for a blank)
    tags     TEXT NOT NULL,     -- a test question's tags, one a line; '' for a quiz answer
    answers  INTEGER NOT NULL,
    PRIMARY KEY (source, kind, declared, right, tags)
) WITHOUT ROWID";

/// A test's status that makes its answers count.
const SCORED: &str = "('submitted', 'timed-out')";

/// The confidences a quiz answer may declare.
const DECLARED: &str = "('sure', '50-50', 'guess')";

/// A mock answer's row (`{a}` is `NEW`, `OLD` or a table alias) as the counts' columns.
fn test_columns(a: &str) -> String {
    format!(
        "'test', {a}.kind,
         CASE WHEN {a}.chosen IS NULL THEN 'blank'
              WHEN {a}.confidence IN {DECLARED} THEN {a}.confidence ELSE 'unmarked' END,
         ({a}.chosen IS NOT NULL AND {a}.chosen IS {a}.correct), {a}.tags"
    )
}

/// Adds `sign` × the rows `select` gives (its columns as the table's, then a count).
fn upsert(select: &str) -> String {
    format!(
        "INSERT INTO coach_counts (source, kind, declared, right, tags, answers)
         {select}
         ON CONFLICT (source, kind, declared, right, tags)
         DO UPDATE SET answers = answers + excluded.answers;"
    )
}

/// One mock answer counted (`sign` 1) or taken off (-1) when its test is scored.
fn test_answer(a: &str, sign: i64) -> String {
    upsert(&format!(
        "SELECT {}, {sign} WHERE (SELECT status FROM mock_tests WHERE id = {a}.test_id) IN {SCORED}",
        test_columns(a)
    ))
}

/// A whole test's answers counted or taken off.
fn whole_test(sign: &str) -> String {
    upsert(&format!(
        "SELECT {}, {sign} count(*) FROM mock_answers a WHERE a.test_id = NEW.id GROUP BY 2, 3, 4, 5",
        test_columns("a")
    ))
}

/// One quiz answer counted or taken off, when it declared a confidence before its verdict.
fn quiz_answer(r: &str, sign: i64) -> String {
    upsert(&format!(
        "SELECT 'quiz', c.kind, {r}.declared, {r}.correct, '', {sign} FROM cards c
         WHERE c.card_id = {r}.card_id AND {r}.mode = 'quiz' AND {r}.declared IN {DECLARED}"
    ))
}

/// A card's quiz answers moved from one kind to another (its deck changed the card).
fn card_answers(kind: &str, sign: &str) -> String {
    upsert(&format!(
        "SELECT 'quiz', {kind}, r.declared, r.correct, '', {sign} count(*) FROM revlog r
         WHERE r.card_id = NEW.card_id AND r.mode = 'quiz' AND r.declared IN {DECLARED}
         GROUP BY 3, 4"
    ))
}

/// The triggers that keep the counts, by name.
fn triggers() -> Vec<(&'static str, String)> {
    vec![
        (
            "coach_answer_in",
            format!(
                "AFTER INSERT ON mock_answers BEGIN {} END",
                test_answer("NEW", 1)
            ),
        ),
        (
            "coach_answer_out",
            format!(
                "AFTER DELETE ON mock_answers BEGIN {} END",
                test_answer("OLD", -1)
            ),
        ),
        (
            "coach_answer_changed",
            format!(
                "AFTER UPDATE OF test_id, kind, tags, correct, chosen, confidence ON mock_answers
                 BEGIN {} {} END",
                test_answer("OLD", -1),
                test_answer("NEW", 1)
            ),
        ),
        (
            "coach_test_scored",
            format!(
                "AFTER UPDATE OF status ON mock_tests
                 WHEN NEW.status IN {SCORED} AND OLD.status NOT IN {SCORED}
                 BEGIN {} END",
                whole_test("")
            ),
        ),
        (
            "coach_test_unscored",
            format!(
                "AFTER UPDATE OF status ON mock_tests
                 WHEN OLD.status IN {SCORED} AND NEW.status NOT IN {SCORED}
                 BEGIN {} END",
                whole_test("-")
            ),
        ),
        (
            "coach_quiz_in",
            format!(
                "AFTER INSERT ON revlog WHEN NEW.declared IS NOT NULL BEGIN {} END",
                quiz_answer("NEW", 1)
            ),
        ),
        (
            "coach_quiz_out",
            format!(
                "AFTER DELETE ON revlog WHEN OLD.declared IS NOT NULL BEGIN {} END",
                quiz_answer("OLD", -1)
            ),
        ),
        (
            "coach_quiz_changed",
            format!(
                "AFTER UPDATE OF card_id, mode, correct, declared ON revlog
                 WHEN OLD.declared IS NOT NULL OR NEW.declared IS NOT NULL BEGIN {} {} END",
                quiz_answer("OLD", -1),
                quiz_answer("NEW", 1)
            ),
        ),
        (
            "coach_card_kind",
            format!(
                "AFTER UPDATE OF kind ON cards WHEN OLD.kind IS NOT NEW.kind BEGIN {} {} END",
                card_answers("OLD.kind", "-"),
                card_answers("NEW.kind", "")
            ),
        ),
    ]
}

/// Fills the (empty) table from the tests and the log.
fn fill(tx: &Connection) -> rusqlite::Result<()> {
    tx.execute_batch(&upsert(&format!(
        "SELECT {}, count(*) FROM mock_answers a
         WHERE a.test_id IN (SELECT id FROM mock_tests WHERE status IN {SCORED})
         GROUP BY 1, 2, 3, 4, 5",
        test_columns("a")
    )))?;
    tx.execute_batch(&upsert(&format!(
        "SELECT 'quiz', c.kind, r.declared, r.correct, '', count(*)
         FROM revlog r JOIN cards c USING (card_id)
         WHERE r.mode = 'quiz' AND r.declared IN {DECLARED}
         GROUP BY 1, 2, 3, 4, 5"
    )))
}

/// Makes the table and its triggers and fills it, when missing or not as this build
/// writes them (a store from before them, one `doctor` rebuilt, or triggers of another
/// build). The covering index an earlier build read the tests through is dropped: the
/// counts replace it.
pub(super) fn ensure(conn: &mut Connection) -> rusqlite::Result<()> {
    let mut wanted: Vec<(String, String)> = triggers()
        .into_iter()
        .map(|(name, body)| (name.to_string(), format!("CREATE TRIGGER {name} {body}")))
        .collect();
    wanted.sort();
    // What the file has: the table, and the coach's triggers as written.
    let found = |conn: &Connection| -> rusqlite::Result<(bool, Vec<(String, String)>)> {
        let table: bool = conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'coach_counts')",
            [],
            |r| r.get(0),
        )?;
        let mut statement = conn.prepare(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name GLOB 'coach_*'
             ORDER BY name",
        )?;
        let present = statement
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        Ok((table, present))
    };
    let (table, present) = found(conn)?;
    if table && present == wanted {
        return Ok(());
    }
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    // Another upsc opening the same file may have made them while this one waited for
    // the write lock: look again under it.
    let (table, present) = found(&tx)?;
    if table && present == wanted {
        return tx.commit();
    }
    tx.execute_batch(
        "DROP INDEX IF EXISTS mock_answers_coach; DROP TABLE IF EXISTS coach_counts;",
    )?;
    for (name, _) in &present {
        tx.execute_batch(&format!(
            "DROP TRIGGER IF EXISTS \"{}\"",
            name.replace('"', "\"\"")
        ))?;
    }
    tx.execute_batch(TABLE)?;
    for (_, sql) in &wanted {
        tx.execute_batch(sql)?;
    }
    fill(&tx)?;
    tx.commit()
}

/// Counts the table afresh inside the caller's transaction; returns how many rows
/// differed from what was kept (0 when the triggers kept it right).
pub(super) fn rebuild(tx: &Connection) -> rusqlite::Result<usize> {
    tx.execute_batch(
        "DROP TABLE IF EXISTS temp.coach_counts_kept;
         CREATE TEMP TABLE coach_counts_kept AS SELECT * FROM main.coach_counts WHERE answers <> 0;
         DELETE FROM main.coach_counts;",
    )?;
    fill(tx)?;
    let differed: i64 = tx.query_row(
        "SELECT (SELECT count(*) FROM (SELECT * FROM main.coach_counts EXCEPT SELECT * FROM temp.coach_counts_kept))
              + (SELECT count(*) FROM (SELECT * FROM temp.coach_counts_kept EXCEPT SELECT * FROM main.coach_counts))",
        [],
        |r| r.get(0),
    )?;
    tx.execute_batch("DROP TABLE temp.coach_counts_kept")?;
    Ok(usize::try_from(differed).unwrap_or(0))
}

impl Store {
    /// The scored tests' questions and the declared quiz answers, counted alike (one
    /// [`Record`] per source, kind, confidence, outcome and set of tags), in a fixed order.
    pub fn calibration_records(&self) -> anyhow::Result<Vec<Record>> {
        self.calibration_rows().map_err(|e| explain(e, &self.path))
    }

    fn calibration_rows(&self) -> rusqlite::Result<Vec<Record>> {
        let mut statement = self.conn.prepare(
            "SELECT source, kind, declared, right, tags, answers FROM coach_counts WHERE answers > 0",
        )?;
        let mut rows = statement.query([])?;
        let mut records = Vec::new();
        while let Some(row) = rows.next()? {
            let text = |i| super::rows::lossy(row, i);
            // A kind this build does not know (a hand-edited file) is not counted.
            let Some(kind) = Kind::parse(&text(1)?) else {
                continue;
            };
            let declared = match text(2)?.as_str() {
                "blank" => Declared::Blank,
                tag => Declared::from_tag(Some(tag)),
            };
            let answers: i64 = row.get(5)?;
            records.push(Record {
                quiz: text(0)? == "quiz",
                kind,
                declared,
                right: row.get::<_, i64>(3)? != 0 && declared != Declared::Blank,
                tags: crate::text::strip_controls(&text(4)?).into_owned(),
                count: u64::try_from(answers).unwrap_or(0),
            });
        }
        // A fixed order, so that everything built from them is the same on every run.
        records.sort_by(|a, b| {
            (a.quiz, a.kind, a.declared, a.right, &a.tags)
                .cmp(&(b.quiz, b.kind, b.declared, b.right, &b.tags))
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
            kind: crate::deck::Kind::parse(kind).expect("a kind"),
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

    /// What the triggers kept differs in no row from a count afresh.
    fn kept_right(store: &mut Store) -> anyhow::Result<()> {
        let tx = store.conn.transaction()?;
        assert_eq!(super::rebuild(&tx)?, 0);
        tx.commit()?;
        Ok(())
    }

    #[test]
    fn the_triggers_keep_the_counts_through_answers_undos_and_edits() -> anyhow::Result<()> {
        use crate::answer::Confidence;
        use crate::revlog::LogMode;
        use crate::scheduler::Rating;
        use crate::store::Answer;
        let mut store = Store::in_memory()?;
        let scheduler = Scheduler::new(Settings::default())?;
        let now = DateTime::parse_from_rfc3339("2026-06-01T09:00:00+05:30")?;
        let quiz = |card: &'static str, correct: bool| Answer {
            card: crate::deck::CardKey::new("d", card),
            kind: crate::deck::Kind::Pairs,
            fingerprint: 1,
            rating: if correct { Rating::Good } else { Rating::Again },
            correct,
            duration_ms: 1000,
            confidence: None,
            given: Some("(a) x"),
            mode: LogMode::Quiz,
            schedule: true,
        };
        store.record_declared(&quiz("p", true), Some(Confidence::Sure), &scheduler, now)?;
        store.record_declared(&quiz("q", false), Some(Confidence::Sure), &scheduler, now)?;
        // Nothing declared: not counted.
        store.record_declared(&quiz("q", true), None, &scheduler, now)?;
        kept_right(&mut store)?;
        // The last answer (declared nothing) and the one before (a wrong "sure") undone.
        store.undo_last()?;
        store.undo_last()?;
        kept_right(&mut store)?;
        let setup = MockSetup {
            marking: Marking::Gs1,
            minutes: 10.0,
            filters: "all",
        };
        let items = vec![
            item("a", "mcq", Some(1), Some("guess")),
            item("b", "mcq", None, None),
        ];
        let id = store.start_mock(&setup, &items, now)?;
        let card = mock::score(&items, Marking::Gs1);
        store.finish_mock(
            id,
            crate::mock::MockStatus::TimedOut,
            &card,
            &items,
            &scheduler,
            now,
        )?;
        kept_right(&mut store)?;
        type Counted = Vec<(bool, Kind, Declared, bool, u64)>;
        let counted = |store: &Store| -> anyhow::Result<Counted> {
            Ok(store
                .calibration_records()?
                .into_iter()
                .map(|r| (r.quiz, r.kind, r.declared, r.right, r.count))
                .collect())
        };
        assert_eq!(
            counted(&store)?,
            vec![
                (false, Kind::Mcq, Declared::Guess, true, 1),
                (false, Kind::Mcq, Declared::Blank, false, 1),
                (true, Kind::Pairs, Declared::Sure, true, 1),
            ]
        );
        // The card's deck changed its kind: its quiz answers move with it.
        store
            .conn
            .execute("UPDATE cards SET kind = 'rows' WHERE id = 'p'", [])?;
        kept_right(&mut store)?;
        assert_eq!(
            counted(&store)?,
            vec![
                (false, Kind::Mcq, Declared::Guess, true, 1),
                (false, Kind::Mcq, Declared::Blank, false, 1),
                (true, Kind::Rows, Declared::Sure, true, 1),
            ]
        );
        Ok(())
    }

    #[test]
    fn a_store_without_the_counts_is_counted_when_opened() -> anyhow::Result<()> {
        let mut store = Store::in_memory()?;
        let scheduler = Scheduler::new(Settings::default())?;
        let now = DateTime::parse_from_rfc3339("2026-06-01T09:00:00+05:30")?;
        let setup = MockSetup {
            marking: Marking::Gs1,
            minutes: 10.0,
            filters: "all",
        };
        let items = vec![item("a", "statements", Some(0), Some("sure"))];
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
        let before = store.calibration_records()?;
        // Opened again as it is, the table is left alone (not counted afresh at each open):
        // a mark put in it stays.
        store
            .conn
            .execute_batch("INSERT INTO coach_counts VALUES ('mark', 'mcq', 'sure', 1, '', 1)")?;
        super::ensure(&mut store.conn)?;
        let marks: i64 = store.conn.query_row(
            "SELECT count(*) FROM coach_counts WHERE source = 'mark'",
            [],
            |r| r.get(0),
        )?;
        assert_eq!(marks, 1);
        store
            .conn
            .execute_batch("DELETE FROM coach_counts WHERE source = 'mark'")?;
        // As a store from before the counts: no table, no triggers.
        store.conn.execute_batch(
            "DROP TABLE coach_counts; DROP TRIGGER coach_answer_in; DROP TRIGGER coach_test_scored;",
        )?;
        super::ensure(&mut store.conn)?;
        assert_eq!(store.calibration_records()?, before);
        // A trigger not as this build writes it is made again, and the counts with it.
        store.conn.execute_batch(
            "DROP TRIGGER coach_quiz_in;
             CREATE TRIGGER coach_quiz_in AFTER INSERT ON revlog BEGIN SELECT 1; END;
             DELETE FROM coach_counts;",
        )?;
        super::ensure(&mut store.conn)?;
        assert_eq!(store.calibration_records()?, before);
        assert_eq!(before.len(), 1);
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
