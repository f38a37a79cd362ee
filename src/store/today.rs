//! What a day's queue and `upsc due` read from the store without going over every card:
//! the states due today, through the index on due time, and each deck's new cards, kept
//! between runs in `deck_new`.
//!
//! `deck_new` is a cache, made when missing without a schema version (as `deck_spans`
//! is): one row per deck, the positions of the deck's cards that have no state out of
//! New, valid while the hash of the deck's card ids is the row's. The triggers below delete a deck's
//! row whenever the set of its cards out of New may change (a card's first answer, an
//! undo back to New, a merge, a rebuild, a renamed or deleted card), inside the writer's
//! own transaction; being in the file, they keep doing so for any build that writes to it.
//! A row is written only from the snapshot it was computed in (see
//! [`Store::read_today`]), so it never outlives a change made meanwhile.

use std::collections::HashMap;

use super::Store;
use crate::scheduler::State;

/// The cache and the triggers that keep it honest, made together.
pub(super) const DECK_NEW: &str = include_str!("deck_new.sql");

/// One deck as [`Store::read_today`] needs it: its id and the hash of its card ids.
#[derive(Debug, Clone, Copy)]
pub struct DeckKey<'a> {
    pub id: &'a str,
    pub hash: u64,
}

/// Works out a deck's new cards for [`Store::read_today`] from the ids of its cards out of
/// New (the domain knows the deck's cards; the store, which of them were answered).
pub trait NewCards {
    /// Card `id` of deck `deck` (position in the decks given) is out of New.
    fn seen(&mut self, deck: usize, id: &str);
    /// Deck `deck`'s new cards as `start-end` ranges of positions, once every card of it
    /// out of New was given to [`NewCards::seen`].
    fn ranges(&mut self, deck: usize) -> String;
}

impl Store {
    /// Makes `deck_new` and its triggers when missing, in one transaction.
    pub(super) fn ensure_deck_new(&mut self) -> rusqlite::Result<()> {
        let present: bool = self.conn.query_row(
            "SELECT count(*) = 7 FROM sqlite_master WHERE name LIKE 'deck\\_new%' ESCAPE '\\'",
            [],
            |r| r.get(0),
        )?;
        if present {
            return Ok(());
        }
        let tx = self.begin_write()?;
        // Rows made before a trigger was missing cannot be trusted.
        tx.execute_batch("DROP TABLE IF EXISTS deck_new")?;
        tx.execute_batch(DECK_NEW)?;
        tx.commit()
    }

    /// In one snapshot of the store: visits every state out of New due before `before`
    /// (ms since the epoch) with its deck id, card id, state and due time, and gives each
    /// of `decks` its new cards as kept in `deck_new` (`start-end` ranges of positions).
    /// A deck without a current row gets them from `new_cards`, told the ids of its cards
    /// out of New; those rows are then kept, unless the store changed since the snapshot
    /// (or cannot be written now), in which case they are only used.
    pub fn read_today(
        &mut self,
        before: i64,
        decks: &[DeckKey],
        mut visit: impl FnMut(&str, &str, State, i64),
        new_cards: &mut impl NewCards,
    ) -> anyhow::Result<Vec<String>> {
        // Deferred: the first read fixes the snapshot; the write below fails rather than
        // keep rows computed from an older one.
        let tx = self.conn.transaction()?;
        {
            // The card ids come from the index on due time alone and are then looked up
            // in id order (`IN` sorts them): rows read in due order land on pages all over
            // both tables, and cost twice a scan of every state (measured at 100,000 cards).
            let mut statement = tx.prepare(
                "SELECT c.deck, c.id, s.state, s.due
                 FROM card_state s JOIN cards c ON c.card_id = s.card_id
                 WHERE s.card_id IN (SELECT card_id FROM card_state WHERE due < ?1)
                   AND s.due < ?1 AND s.state IN (1, 2, 3)",
            )?;
            let mut rows = statement.query([before])?;
            while let Some(row) = rows.next()? {
                visit(
                    row.get_ref(0)?.as_str()?,
                    row.get_ref(1)?.as_str()?,
                    row.get(2)?,
                    row.get(3)?,
                );
            }
        }
        let mut kept: HashMap<String, (i64, String)> = HashMap::with_capacity(decks.len());
        {
            let mut statement = tx.prepare("SELECT deck, hash, new FROM deck_new")?;
            let mut rows = statement.query([])?;
            while let Some(row) = rows.next()? {
                kept.insert(row.get(0)?, (row.get(1)?, row.get(2)?));
            }
        }
        let fresh: Vec<usize> = (0..decks.len())
            .filter(|&d| {
                kept.get(decks[d].id)
                    .is_none_or(|(hash, _)| *hash != decks[d].hash as i64)
            })
            .collect();
        if fresh.len() * 4 > decks.len() {
            // Most decks changed (a first run, a rebuild, a large merge): one pass over
            // every state costs less than a look-up per deck.
            let at: HashMap<&str, usize> = fresh.iter().map(|&d| (decks[d].id, d)).collect();
            let mut statement = tx.prepare(
                "SELECT c.deck, c.id FROM card_state s JOIN cards c ON c.card_id = s.card_id
                 WHERE s.state IN (1, 2, 3)",
            )?;
            let mut rows = statement.query([])?;
            while let Some(row) = rows.next()? {
                if let Some(&d) = at.get(row.get_ref(0)?.as_str()?) {
                    new_cards.seen(d, row.get_ref(1)?.as_str()?);
                }
            }
        } else {
            let mut statement = tx.prepare(
                "SELECT c.id FROM cards c JOIN card_state s ON s.card_id = c.card_id
                 WHERE c.deck = ?1 AND s.state IN (1, 2, 3)",
            )?;
            for &d in &fresh {
                let mut rows = statement.query([decks[d].id])?;
                while let Some(row) = rows.next()? {
                    new_cards.seen(d, row.get_ref(0)?.as_str()?);
                }
            }
        }
        let out: Vec<String> = (0..decks.len())
            .map(|d| match kept.remove(decks[d].id) {
                Some((hash, new)) if hash == decks[d].hash as i64 => new,
                _ => new_cards.ranges(d),
            })
            .collect();
        if fresh.is_empty() {
            return Ok(out);
        }
        // A cache: when it cannot be written (another program writing, a read-only file,
        // a change since the snapshot), the figures computed are right all the same.
        let keep = || -> rusqlite::Result<()> {
            let mut insert = tx
                .prepare("INSERT OR REPLACE INTO deck_new (deck, hash, new) VALUES (?1, ?2, ?3)")?;
            for &d in &fresh {
                insert.execute((decks[d].id, decks[d].hash as i64, &out[d]))?;
            }
            Ok(())
        };
        if keep().is_ok() {
            let _ = tx.commit();
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scheduler::{Rating, Scheduler, Settings};
    use crate::store::tests::{answer, at};

    /// Reads the new cards of decks `d`, `e`, `f`, `g` and `h` (ids `a`, `b`, `c` each)
    /// and says which decks had to be computed (all in one pass over the states when most
    /// did, one deck at a time otherwise).
    fn computed(store: &mut Store) -> anyhow::Result<(Vec<String>, Vec<usize>)> {
        /// Cards `a`, `b`, `c` in every deck.
        #[derive(Default)]
        struct Abc {
            seen: Vec<(usize, String)>,
            done: Vec<usize>,
        }
        impl NewCards for Abc {
            fn seen(&mut self, deck: usize, id: &str) {
                self.seen.push((deck, id.to_string()));
            }
            fn ranges(&mut self, deck: usize) -> String {
                self.done.push(deck);
                let new: Vec<&str> = ["a", "b", "c"]
                    .into_iter()
                    .filter(|id| !self.seen.contains(&(deck, id.to_string())))
                    .collect();
                new.join(",")
            }
        }
        let decks = ["d", "e", "f", "g", "h"].map(|id| DeckKey { id, hash: 1 });
        let mut abc = Abc::default();
        let new = store.read_today(i64::MAX, &decks, |_, _, _, _| {}, &mut abc)?;
        Ok((new, abc.done))
    }

    #[test]
    fn kept_new_cards_are_reused_until_a_card_of_their_deck_leaves_new_or_comes_back()
    -> anyhow::Result<()> {
        let mut store = Store::in_memory()?;
        let scheduler = Scheduler::new(Settings::default())?;
        let now = at("2026-03-10T09:00:00+05:30");
        let fresh = vec!["a,b,c".to_string(); 5];
        assert_eq!(computed(&mut store)?, (fresh.clone(), vec![0, 1, 2, 3, 4]));
        assert_eq!(computed(&mut store)?.1, Vec::<usize>::new(), "kept");
        store.record(&answer("b", Rating::Good), &scheduler, now)?;
        let mut one_seen = fresh.clone();
        one_seen[0] = "a,c".into();
        assert_eq!(computed(&mut store)?, (one_seen, vec![0]));
        // Answering a card already out of New changes nothing kept.
        store.record(&answer("b", Rating::Again), &scheduler, now)?;
        assert_eq!(computed(&mut store)?.1, Vec::<usize>::new());
        store.undo_last()?;
        store.undo_last()?;
        assert_eq!(computed(&mut store)?, (fresh, vec![0]));
        // Another hash (the deck's cards changed) is computed afresh.
        let decks = [DeckKey { id: "e", hash: 3 }];
        struct Count(usize);
        impl NewCards for Count {
            fn seen(&mut self, _: usize, _: &str) {}
            fn ranges(&mut self, _: usize) -> String {
                self.0 += 1;
                String::new()
            }
        }
        let mut count = Count(0);
        store.read_today(0, &decks, |_, _, _, _| {}, &mut count)?;
        let again = count.0;
        assert_eq!(again, 1);
        Ok(())
    }
}
