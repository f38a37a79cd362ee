//! Questions over the review log: the mistake book.

use chrono::{DateTime, FixedOffset, Offset, Utc};

use super::{Store, from_millis};
use crate::deck::CardKey;

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

impl Mistake {
    /// The card's key (the JSON of the mistake book names it by `deck` and `id`).
    pub fn key(&self) -> CardKey {
        CardKey::new(&self.deck, &self.id)
    }
}

/// Right answers in a row that take a card out of the mistake book.
pub(super) const RIGHT_TO_LEAVE: usize = 2;

impl Store {
    /// How many answers the learner overruled ("I was right", [`super::OVERRIDE`]): the
    /// check marked them wrong, and they count as right.
    pub fn overridden(&self) -> anyhow::Result<usize> {
        let n: i64 = self.conn.query_row(
            "SELECT count(*) FROM revlog WHERE confidence = ?1",
            [super::OVERRIDE],
            |r| r.get(0),
        )?;
        Ok(usize::try_from(n).unwrap_or(0))
    }

    /// The mistake book, most recent mistake first.
    pub fn mistakes(&self) -> anyhow::Result<Vec<Mistake>> {
        // From the per-card aggregate (`aggregate`): the newest wrong answer and the right
        // answers since, kept up to date by every answer and undo, so the book costs a
        // look-up per card in it, not a pass over the log.
        let mut statement = self.conn.prepare(
            "SELECT c.deck, c.id, c.kind, coalesce(r.given, ''), r.reviewed_at, r.utc_offset, r.mode,
                    a.wrongs, a.right_since
             FROM agg_card a
             JOIN revlog r ON r.id = a.last_wrong
             JOIN cards c ON c.card_id = a.card_id
             WHERE a.last_wrong IS NOT NULL AND a.right_since < ?1
             ORDER BY r.reviewed_at DESC, c.deck, c.id",
        )?;
        let rows = statement.query_map([RIGHT_TO_LEAVE as i64], |row| {
            let offset = FixedOffset::east_opt(row.get(5)?).unwrap_or_else(|| Utc.fix());
            // Read whatever the bytes: one flipped byte must not close the whole book.
            let text = |i| super::rows::lossy(row, i);
            Ok(Mistake {
                deck: text(0)?,
                id: text(1)?,
                kind: text(2)?,
                // Typed by the learner: shown later, so never able to drive the terminal.
                given: safe(text(3)?),
                answered_at: from_millis(row.get(4)?).with_timezone(&offset),
                mode: row.get(6)?,
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
            card: crate::deck::CardKey::new("d", card),
            kind: crate::deck::Kind::Mcq,
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
