//! Questions over the review log: the mistake book.

use chrono::{DateTime, FixedOffset, Offset, Utc};

use super::{Store, from_millis};

fn safe(text: String) -> String {
    crate::text::strip_controls(&text).into_owned()
}

/// A card in the mistake book: answered wrong and not yet answered right twice in a row
/// since.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Mistake {
    pub deck: String,
    pub id: String,
    pub kind: String,
    /// The wrong answer last given (empty for "don't know").
    pub given: String,
    pub answered_at: DateTime<FixedOffset>,
    /// Where the wrong answer was given (`review`, `quiz` or `test` in JSON).
    pub mode: crate::revlog::LogMode,
    pub times_wrong: usize,
    /// Right answers since the last wrong one (0 or 1; two take the card out of the book).
    pub right_since: usize,
}

/// Right answers in a row that take a card out of the mistake book.
pub const RIGHT_TO_LEAVE: usize = 2;

impl Store {
    /// The mistake book, most recent mistake first.
    pub fn mistakes(&self) -> anyhow::Result<Vec<Mistake>> {
        // `n` numbers each card's answers from the newest (1); a card's latest mistake
        // at n = k means k − 1 right answers since. Newest by row, that is in the order
        // this store learnt of them (answers merged by `upsc sync` count from the merge).
        // Tests run several processes from one fake clock, so row order is the one that
        // holds there.
        let mut statement = self.conn.prepare(
            "WITH ranked AS (
                 SELECT card_id, correct, given, reviewed_at, utc_offset, mode,
                        row_number() OVER (PARTITION BY card_id ORDER BY id DESC) AS n
                 FROM revlog
             ),
             latest AS (
                 SELECT card_id, min(n) AS n, count(*) AS wrongs FROM ranked WHERE correct = 0 GROUP BY card_id
             )
             SELECT c.deck, c.id, c.kind, coalesce(r.given, ''), r.reviewed_at, r.utc_offset, r.mode,
                    l.wrongs, l.n - 1
             FROM latest l
             JOIN ranked r ON r.card_id = l.card_id AND r.n = l.n
             JOIN cards c ON c.card_id = l.card_id
             WHERE l.n <= ?1
             ORDER BY r.reviewed_at DESC, c.deck, c.id",
        )?;
        let rows = statement.query_map([RIGHT_TO_LEAVE as i64], |row| {
            let offset = FixedOffset::east_opt(row.get(5)?).unwrap_or_else(|| Utc.fix());
            Ok(Mistake {
                deck: row.get(0)?,
                id: row.get(1)?,
                kind: row.get(2)?,
                // Typed by the learner: shown later, so never able to drive the terminal.
                given: safe(row.get(3)?),
                answered_at: from_millis(row.get(4)?).with_timezone(&offset),
                mode: super::log_mode(&row.get::<_, String>(6)?),
                times_wrong: row.get::<_, i64>(7)?.max(0) as usize,
                right_since: row.get::<_, i64>(8)?.max(0) as usize,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

#[cfg(test)]
mod tests {
    use chrono::DateTime;

    use crate::scheduler::{Rating, Scheduler, Settings};
    use crate::store::{Answer, Store};

    fn answer<'a>(card: &'a str, correct: bool, given: &'a str) -> Answer<'a> {
        Answer {
            deck: "d",
            card,
            kind: "mcq",
            fingerprint: 1,
            rating: if correct { Rating::Good } else { Rating::Again },
            correct,
            duration_ms: 1000,
            confidence: None,
            given: Some(given),
            mode: crate::revlog::LogMode::Quiz,
            schedule: false,
        }
    }

    #[test]
    fn a_card_leaves_the_book_after_two_right_answers_in_a_row() -> anyhow::Result<()> {
        let mut store = Store::in_memory()?;
        let scheduler = Scheduler::new(Settings::default())?;
        let times = [
            "2026-01-01T09:00:00+05:30",
            "2026-01-02T09:00:00+05:30",
            "2026-01-03T09:00:00+05:30",
            "2026-01-04T09:00:00+05:30",
            "2026-01-05T09:00:00+05:30",
        ];
        let at = |i: usize| DateTime::parse_from_rfc3339(times[i]).unwrap();
        // a: wrong, right, wrong, right → in the book (one right since).
        // b: wrong, right, right → out.
        // c: right only → never in.
        // d: wrong (latest) → in, first.
        store.record(&answer("a", false, "(a) first"), &scheduler, at(0))?;
        store.record(&answer("b", false, "(b) x"), &scheduler, at(0))?;
        store.record(&answer("a", true, ""), &scheduler, at(1))?;
        store.record(&answer("b", true, ""), &scheduler, at(1))?;
        store.record(&answer("c", true, ""), &scheduler, at(1))?;
        store.record(&answer("a", false, "(c) second"), &scheduler, at(2))?;
        store.record(&answer("b", true, ""), &scheduler, at(2))?;
        store.record(&answer("a", true, ""), &scheduler, at(3))?;
        store.record(&answer("d", false, ""), &scheduler, at(4))?;
        let book = store.mistakes()?;
        let ids: Vec<&str> = book.iter().map(|m| m.id.as_str()).collect();
        assert_eq!(ids, ["d", "a"]);
        let a = &book[1];
        assert_eq!(a.given, "(c) second");
        assert_eq!((a.times_wrong, a.right_since), (2, 1));
        assert_eq!(a.answered_at, at(2));
        // One more right answer and `a` leaves.
        store.record(&answer("a", true, ""), &scheduler, at(4))?;
        let ids: Vec<String> = store.mistakes()?.into_iter().map(|m| m.id).collect();
        assert_eq!(ids, ["d"]);
        Ok(())
    }
}
