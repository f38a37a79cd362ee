//! What is due: counting the indexed cards due today and new, and planning the day's
//! queue (learning cards due, then reviews due, then new cards up to the daily limit,
//! interleaved across decks). Both work from the deck index, the states due today and
//! each deck's new cards as the store keeps them (src/store/today.rs), never every stored
//! state; only the decks whose cards are queued are parsed afterwards ([`picks`]).

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, FixedOffset, Utc};
use serde::Serialize;

use crate::deck::index::{DeckIndex, IndexedDeck};
use crate::deck::load::Collection;
use crate::deck::{Card, CardKey, Deck, Kind};
use crate::scheduler::{CardState, Scheduler, State};
use crate::store::{Store, StoredCard};

/// The `--deck` and `--tag` filters of a session: plain options, filled in from the
/// command line (module `cli`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// Only cards of these decks (none: every deck).
    pub decks: Vec<String>,
    /// Only cards with any one of these tags (none: every card).
    pub tags: Vec<String>,
}

/// The filters of a quiz or a mock test: those of `review` and two more.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    pub filter: Filter,
    /// Only cards citing any one of these source notes.
    pub sources: Vec<String>,
    /// Only cards of any one of these kinds, by name (`statements`, `mcq`, …).
    pub kinds: Vec<String>,
}

/// Where a card stands right now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    New,
    /// In (re)learning steps and due now.
    Learning,
    /// A review due today (before the day rolls over).
    Review,
    /// Not due yet.
    Later,
}

/// The moments a card's standing depends on, in milliseconds since the epoch.
#[derive(Debug, Clone, Copy)]
pub struct Bounds {
    /// Now: learning steps due at or before it are due.
    pub now: i64,
    /// The start of the learner's next day: reviews due before it are due today.
    pub day_end: i64,
}

impl Bounds {
    pub fn new(scheduler: &Scheduler, now: DateTime<FixedOffset>) -> Bounds {
        Bounds {
            now: now.to_utc().timestamp_millis(),
            day_end: scheduler.next_day_start(now).timestamp_millis(),
        }
    }
}

/// A card's stored state and due time (ms), when it has left New.
pub type Entry = Option<(State, i64)>;

pub fn standing(entry: Entry, bounds: Bounds) -> Standing {
    match entry {
        None | Some((State::New, _)) => Standing::New,
        Some((State::Learning | State::Relearning, due)) if due <= bounds.now => Standing::Learning,
        Some((State::Review, due)) if due < bounds.day_end => Standing::Review,
        Some(_) => Standing::Later,
    }
}

/// What is due today, by deck and card position in the index: the cards due (learning
/// steps due now, reviews due before the day ends) with their state and due time, and the
/// new cards. Cards not due yet are not read.
#[derive(Debug, Clone, Default)]
pub struct Schedule {
    /// Per deck, its due cards in position order.
    due: Vec<Vec<(usize, State, i64)>>,
    /// Per deck, the positions of its new cards (no state, or a stored New one), in order.
    new: Vec<Vec<std::ops::Range<usize>>>,
}

impl Schedule {
    /// Reads what is due at `bounds` for the index's decks: the states due before the day
    /// ends through the store's index on due time, and each deck's new cards as the store
    /// keeps them (computed and kept for a deck whose cards or stored states changed).
    /// Stored cards that no deck holds any more (orphans) are passed over.
    pub fn read(
        decks: &[IndexedDeck],
        store: &mut Store,
        bounds: Bounds,
    ) -> anyhow::Result<Schedule> {
        let deck_at: HashMap<&str, usize> = decks
            .iter()
            .enumerate()
            .map(|(i, d)| (d.id.as_str(), i))
            .collect();
        let keys: Vec<crate::store::DeckKey> = decks
            .iter()
            .map(|d| crate::store::DeckKey {
                id: &d.id,
                hash: d.cards_key(),
            })
            .collect();
        let mut rows: Vec<HashMap<String, (State, i64)>> = vec![HashMap::new(); decks.len()];
        let ranges = store.read_today(
            bounds.day_end,
            &keys,
            |deck, card, state, due| {
                if !matches!(
                    standing(Some((state, due)), bounds),
                    Standing::Learning | Standing::Review
                ) {
                    return;
                }
                if let Some(&d) = deck_at.get(deck) {
                    rows[d].insert(card.to_string(), (state, due));
                }
            },
            &mut NewCardRanges {
                decks,
                marks: HashMap::new(),
            },
        )?;
        let due = decks
            .iter()
            .zip(rows)
            .map(|(deck, mut found)| {
                let mut due = Vec::with_capacity(found.len());
                // From the end: when an id is listed twice, its last position holds the
                // state (as a map from id to position would have it).
                let last = deck.len().saturating_sub(1);
                for (k, id) in deck.cards().rev().enumerate() {
                    if found.is_empty() {
                        break;
                    }
                    if let Some((state, at)) = found.remove(id) {
                        due.push((last - k, state, at));
                    }
                }
                due.reverse();
                due
            })
            .collect();
        let new = ranges.iter().map(|r| parse_ranges(r)).collect();
        Ok(Schedule { due, new })
    }
}

/// Works out the new cards of the decks whose kept ones are out of date: a card is new
/// unless the store says its id is out of New (when an id is listed twice, its last
/// position holds the state, as a map from id to position has it).
struct NewCardRanges<'a> {
    decks: &'a [IndexedDeck],
    /// Per deck asked about: its ids' positions, and which positions are new.
    marks: HashMap<usize, (HashMap<&'a str, usize>, Vec<bool>)>,
}

impl crate::store::NewCards for NewCardRanges<'_> {
    fn seen(&mut self, deck: usize, id: &str) {
        let Some(indexed) = self.decks.get(deck) else {
            return;
        };
        let (positions, new) = self.marks.entry(deck).or_insert_with(|| {
            let mut positions = HashMap::with_capacity(indexed.len());
            positions.extend(indexed.cards().enumerate().map(|(i, id)| (id, i)));
            (positions, vec![true; indexed.len()])
        });
        if let Some(&i) = positions.get(id) {
            new[i] = false;
        }
    }

    fn ranges(&mut self, deck: usize) -> String {
        let new = match self.marks.remove(&deck) {
            Some((_, new)) => new,
            None => vec![true; self.decks.get(deck).map_or(0, IndexedDeck::len)],
        };
        let mut text = String::new();
        let mut i = 0;
        while i < new.len() {
            if new[i] {
                let start = i;
                while i < new.len() && new[i] {
                    i += 1;
                }
                if !text.is_empty() {
                    text.push(' ');
                }
                text.push_str(&format!("{start}-{i}"));
            } else {
                i += 1;
            }
        }
        text
    }
}

/// Reads the new cards' ranges as [`NewCardRanges`] writes them; anything unreadable is left out.
fn parse_ranges(text: &str) -> Vec<std::ops::Range<usize>> {
    text.split(' ')
        .filter_map(|r| {
            let (a, b) = r.split_once('-')?;
            Some(a.parse().ok()?..b.parse().ok()?)
        })
        .collect()
}

/// Counts of what is due, as `upsc due` reports them.
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq, Eq)]
pub struct DueCounts {
    pub new: usize,
    pub learning: usize,
    pub review: usize,
}

/// A card picked for study: the deck it belongs to and the card itself.
#[derive(Debug, Clone, Copy)]
pub struct Pick<'c> {
    pub deck: &'c Deck,
    pub card: &'c Card,
}

impl Pick<'_> {
    /// The card's key, `deck/card`, as text (as the store keys it).
    pub fn key(&self) -> String {
        self.card_key().to_string()
    }

    pub fn card_key(&self) -> CardKey {
        CardKey::of(self.deck, self.card)
    }
}

/// Whether a card passes `--deck` and `--tag` filters, given its tags (its deck's and its
/// own).
pub fn matches<'t>(filter: &Filter, deck: &str, mut tags: impl Iterator<Item = &'t str>) -> bool {
    (filter.decks.is_empty() || filter.decks.iter().any(|d| d == deck))
        && (filter.tags.is_empty() || tags.any(|t| filter.tags.iter().any(|f| f == t)))
}

/// Says which filter values match nothing, listing what exists. Tags need an index read
/// with tags.
pub fn check_filter(filter: &Filter, index: &DeckIndex) -> anyhow::Result<()> {
    for deck in &filter.decks {
        if !index.decks.iter().any(|d| &d.id == deck) {
            let known: Vec<&str> = index.decks.iter().map(|d| d.id.as_str()).collect();
            return Err(crate::error::no_deck(deck, &known));
        }
    }
    if filter.tags.is_empty() {
        return Ok(());
    }
    let mut known: Vec<&str> = index
        .decks
        .iter()
        .filter_map(IndexedDeck::tags)
        .flatten()
        .flatten()
        .collect();
    known.sort_unstable();
    known.dedup();
    for tag in &filter.tags {
        if known.binary_search(&tag.as_str()).is_err() {
            return Err(unknown("no card has the tag", tag, &known, "the tags are"));
        }
    }
    Ok(())
}

use crate::error::not_found as unknown;

/// Says which filter value matches no card, listing what exists: from the deck index,
/// without parsing a deck (tags need an index read with tags).
pub fn check_selection_in(selection: &Selection, index: &DeckIndex) -> anyhow::Result<()> {
    check_filter(&selection.filter, index)?;
    if !selection.sources.is_empty() {
        let mut known: Vec<&str> = index
            .decks
            .iter()
            .filter_map(IndexedDeck::kinds_and_sources)
            .flatten()
            .flat_map(|(_, sources)| sources)
            .collect();
        known.sort_unstable();
        known.dedup();
        for source in &selection.sources {
            if known.binary_search(&source.as_str()).is_err() {
                return Err(unknown(
                    "no card cites the source",
                    source,
                    &known,
                    "the sources cited are",
                ));
            }
        }
    }
    for kind in &selection.kinds {
        if Kind::parse(kind).is_none() {
            let known: Vec<&str> = Kind::ALL.iter().map(|k| k.as_str()).collect();
            return Err(unknown("no kind", kind, &known, "the kinds are"));
        }
    }
    Ok(())
}

/// Every card that passes the filters and whose kind `kind_ok` accepts, by its deck's and
/// its own position in the index, in deck order: a quiz or a test is drawn from these
/// before any deck is parsed. Tag filters need an index read with tags.
pub fn matching_in(
    decks: &[IndexedDeck],
    selection: &Selection,
    kind_ok: impl Fn(&str) -> bool,
) -> Vec<Slot> {
    let mut found = Vec::new();
    for (d, deck) in decks.iter().enumerate() {
        if !selection.filter.decks.is_empty() && !selection.filter.decks.contains(&deck.id) {
            continue;
        }
        let Some(meta) = deck.kinds_and_sources() else {
            continue;
        };
        let mut tags = deck.tags();
        for (c, (kind, mut sources)) in meta.enumerate() {
            let card_tags = tags.as_mut().and_then(Iterator::next);
            let tagged = selection.filter.tags.is_empty()
                || card_tags
                    .is_some_and(|mut t| t.any(|t| selection.filter.tags.iter().any(|f| f == t)));
            if tagged
                && (selection.sources.is_empty()
                    || sources.any(|s| selection.sources.iter().any(|f| f == s)))
                && (selection.kinds.is_empty() || selection.kinds.iter().any(|k| k == kind))
                && kind_ok(kind)
            {
                found.push(Slot { deck: d, card: c });
            }
        }
    }
    found
}

/// Describes the filters in a few words, for headings and the test history.
pub fn describe(selection: &Selection) -> String {
    let mut parts = Vec::new();
    for (name, values) in [
        ("deck", &selection.filter.decks),
        ("tag", &selection.filter.tags),
        ("source", &selection.sources),
        ("kind", &selection.kinds),
    ] {
        if !values.is_empty() {
            parts.push(format!("{name} {}", values.join(", ")));
        }
    }
    if parts.is_empty() {
        "all decks".to_string()
    } else {
        parts.join("; ")
    }
}

/// Counts of `slots` (a planned queue) per deck (every deck, by id) and in total, by
/// each card's standing at `bounds`: a card of the schedule's due ones is learning or
/// review as it stands, one of its new ones is new, and any other (the final revision's
/// cards, due later) is a review.
pub fn count_slots(
    decks: &[IndexedDeck],
    schedule: &Schedule,
    bounds: Bounds,
    slots: &[Slot],
) -> (BTreeMap<String, DueCounts>, DueCounts) {
    let mut per_deck: Vec<DueCounts> = vec![DueCounts::default(); decks.len()];
    for slot in slots {
        let Some(counts) = per_deck.get_mut(slot.deck) else {
            continue;
        };
        let due = schedule.due.get(slot.deck).and_then(|due| {
            due.binary_search_by_key(&slot.card, |&(c, _, _)| c)
                .ok()
                .map(|i| due[i])
        });
        match due.map(|(_, state, at)| standing(Some((state, at)), bounds)) {
            Some(Standing::Learning) => counts.learning += 1,
            Some(Standing::Review) => counts.review += 1,
            _ if schedule
                .new
                .get(slot.deck)
                .is_some_and(|ranges| ranges.iter().any(|r| r.contains(&slot.card))) =>
            {
                counts.new += 1;
            }
            _ => counts.review += 1,
        }
    }
    let mut total = DueCounts::default();
    let mut map = BTreeMap::new();
    for (deck, counts) in decks.iter().zip(per_deck) {
        total.new += counts.new;
        total.learning += counts.learning;
        total.review += counts.review;
        map.insert(deck.id.clone(), counts);
    }
    (map, total)
}

/// A queued card: its deck's and its own position in the index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Slot {
    pub deck: usize,
    pub card: usize,
}

/// The day's queue: due learning cards, then due reviews (most overdue first), then new
/// cards in deck order, each group interleaved across decks; at most `limit` in all and
/// `new_limit` new cards. Tag filters need an index read with tags.
pub fn plan(
    decks: &[IndexedDeck],
    schedule: &Schedule,
    filter: &Filter,
    bounds: Bounds,
    new_limit: usize,
    limit: usize,
) -> Vec<Slot> {
    let mut learning: Vec<Vec<(i64, Slot)>> = Vec::new();
    let mut review: Vec<Vec<(i64, Slot)>> = Vec::new();
    let mut new: Vec<Vec<(i64, Slot)>> = Vec::new();
    for (d, deck) in decks.iter().enumerate() {
        let (mut l, mut r, mut n) = (Vec::new(), Vec::new(), Vec::new());
        let in_deck = filter.decks.is_empty() || filter.decks.iter().any(|f| f == &deck.id);
        // With a tag filter, which cards pass it (none when the index has no tags).
        let tagged: Option<Vec<bool>> = (!filter.tags.is_empty()).then(|| {
            let mut passes = vec![false; deck.len()];
            for (pass, tags) in passes.iter_mut().zip(deck.tags().into_iter().flatten()) {
                *pass = matches(filter, &deck.id, tags);
            }
            passes
        });
        let passes = |c: usize| in_deck && tagged.as_ref().is_none_or(|t| t.get(c) == Some(&true));
        for &(c, state, due) in schedule.due.get(d).into_iter().flatten() {
            if !passes(c) {
                continue;
            }
            let slot = Slot { deck: d, card: c };
            match standing(Some((state, due)), bounds) {
                Standing::Learning => l.push((due, slot)),
                Standing::Review => r.push((due, slot)),
                Standing::New | Standing::Later => {}
            }
        }
        // A deck gives at most `new_limit` of the new cards taken round-robin below.
        if in_deck {
            let positions = schedule.new.get(d).into_iter().flatten().cloned().flatten();
            n.extend(
                positions
                    .filter(|&c| passes(c))
                    .take(new_limit)
                    .map(|c| (0, Slot { deck: d, card: c })),
            );
        }
        l.sort_by_key(|(due, _)| *due);
        r.sort_by_key(|(due, _)| *due);
        learning.push(l);
        review.push(r);
        new.push(n);
    }
    let mut queue: Vec<Slot> = Vec::new();
    queue.extend(interleave(learning));
    queue.extend(interleave(review));
    queue.extend(interleave(new).into_iter().take(new_limit));
    queue.truncate(limit);
    queue
}

/// The final revision before an exam: the seen cards (not due today) whose next review
/// falls on or after the exam day and that were last reviewed before the window opened,
/// weakest on exam day first, at most `quota`. `exam_recall` is a card's recall on exam day
/// if it is not reviewed before (see `Scheduler::recall_on`); `window_start` is when the
/// final revision began and `exam_start` when the exam day begins.
#[allow(clippy::too_many_arguments)]
pub fn final_revision(
    decks: &[IndexedDeck],
    filter: &Filter,
    bounds: Bounds,
    cards: &HashMap<CardKey, StoredCard>,
    window_start: DateTime<Utc>,
    exam_start: DateTime<Utc>,
    exam_recall: impl Fn(&CardState) -> f32,
    quota: usize,
) -> Vec<Slot> {
    let mut candidates: Vec<(f32, Slot)> = Vec::new();
    // One key, refilled for each card: no allocation per card of a large collection.
    let mut key = CardKey::new("", "");
    for (d, deck) in decks.iter().enumerate() {
        let mut tags = deck.tags();
        key.deck.clone_from(&deck.id);
        for (c, id) in deck.cards().enumerate() {
            let card_tags = tags.as_mut().and_then(Iterator::next);
            if !matches(filter, &deck.id, card_tags.into_iter().flatten()) {
                continue;
            }
            key.card.clear();
            key.card.push_str(id);
            let Some(stored) = cards.get(&key) else {
                continue;
            };
            let state = &stored.state;
            let entry = Some((state.state, state.due.timestamp_millis()));
            let waiting =
                standing(entry, bounds) == Standing::Later && state.state == State::Review;
            let before_window = state.last_review.is_some_and(|last| last < window_start);
            if waiting && before_window && state.due >= exam_start {
                candidates.push((exam_recall(state), Slot { deck: d, card: c }));
            }
        }
    }
    // Weakest first; ties in index order, so the plan is the same every time.
    candidates.sort_by(|a, b| a.0.total_cmp(&b.0));
    candidates
        .into_iter()
        .take(quota)
        .map(|(_, slot)| slot)
        .collect()
}

/// The positions of the decks a queue draws on, in first-use order.
pub fn decks_of(queue: &[Slot]) -> Vec<usize> {
    let mut seen = Vec::new();
    for slot in queue {
        if !seen.contains(&slot.deck) {
            seen.push(slot.deck);
        }
    }
    seen
}

/// The cards a queue draws on, by deck position, in first-use order: what
/// [`DeckIndex::load_cards`] parses.
pub fn cards_of(queue: &[Slot]) -> Vec<(usize, Vec<usize>)> {
    let mut decks: Vec<(usize, Vec<usize>)> = Vec::new();
    let mut at: HashMap<usize, usize> = HashMap::new();
    for slot in queue {
        let i = *at.entry(slot.deck).or_insert_with(|| {
            decks.push((slot.deck, Vec::new()));
            decks.len() - 1
        });
        decks[i].1.push(slot.card);
    }
    decks
}

/// The queued cards as parsed in `collection` (see [`DeckIndex::load_cards`]). A card whose file
/// changed since it was indexed and no longer holds it is left out.
pub fn picks<'c>(
    queue: &[Slot],
    decks: &[IndexedDeck],
    collection: &'c Collection,
) -> Vec<Pick<'c>> {
    let mut ids: HashMap<usize, Vec<&str>> = HashMap::new();
    let mut found: HashMap<usize, Option<&'c Deck>> = HashMap::new();
    queue
        .iter()
        .filter_map(|slot| {
            let indexed = decks.get(slot.deck)?;
            let deck = (*found
                .entry(slot.deck)
                .or_insert_with(|| collection.deck(&indexed.id)))?;
            let id = *ids
                .entry(slot.deck)
                .or_insert_with(|| indexed.cards().collect())
                .get(slot.card)?;
            // Unchanged files give the same positions; otherwise look the id up.
            let card = deck
                .cards
                .get(slot.card)
                .filter(|c| c.id == id)
                .or_else(|| deck.cards.iter().find(|c| c.id == id))?;
            Some(Pick { deck, card })
        })
        .collect()
}

/// Round-robin over the decks' lists, so a session mixes topics.
fn interleave<T>(lists: Vec<Vec<(i64, T)>>) -> Vec<T> {
    let mut iters: Vec<_> = lists.into_iter().map(IntoIterator::into_iter).collect();
    let mut out = Vec::new();
    loop {
        let mut any = false;
        for iter in &mut iters {
            if let Some((_, item)) = iter.next() {
                out.push(item);
                any = true;
            }
        }
        if !any {
            return out;
        }
    }
}

/// Whether a card passes a quiz's or test's filters: `--deck`, `--tag`, `--source` and
/// `--kind` (each filter given must match; within one, any value may).
#[cfg(test)]
pub fn selects(selection: &Selection, deck: &Deck, card: &Card) -> bool {
    let filter = &selection.filter;
    matches(filter, &deck.id, card.all_tags(deck))
        && (selection.sources.is_empty()
            || card.source.iter().any(|s| selection.sources.contains(s)))
        && (selection.kinds.is_empty() || selection.kinds.iter().any(|k| k == card.kind().as_str()))
}

/// Counts per deck and in total, from the deck index (no deck is parsed to count).
#[cfg(test)]
pub fn due_counts(
    decks: &[IndexedDeck],
    schedule: &Schedule,
    bounds: Bounds,
) -> (BTreeMap<String, DueCounts>, DueCounts) {
    let mut per_deck = BTreeMap::new();
    let mut total = DueCounts::default();
    for (d, deck) in decks.iter().enumerate() {
        let mut counts = DueCounts::default();
        for &(_, state, due) in schedule.due.get(d).into_iter().flatten() {
            match standing(Some((state, due)), bounds) {
                Standing::Learning => counts.learning += 1,
                Standing::Review => counts.review += 1,
                Standing::New | Standing::Later => {}
            }
        }
        counts.new = schedule
            .new
            .get(d)
            .into_iter()
            .flatten()
            .map(|r| r.len())
            .sum();
        total.new += counts.new;
        total.learning += counts.learning;
        total.review += counts.review;
        per_deck.insert(deck.id.clone(), counts);
    }
    (per_deck, total)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::load::Decks;
    use crate::scheduler::{Rating, Settings};
    use crate::store::{Answer, StoredCard};
    use chrono::{TimeDelta, Utc};

    const NOW: &str = "2026-03-10T09:00:00+05:30";

    /// The queue as `review` built it before the deck index, over a fully loaded
    /// collection: the reference the index-based plan must match card for card.
    fn reference_queue(
        collection: &Collection,
        stored: &HashMap<CardKey, StoredCard>,
        filter: &Filter,
        scheduler: &Scheduler,
        now: DateTime<FixedOffset>,
        new_limit: usize,
        limit: usize,
    ) -> Vec<String> {
        let standing = |s: Option<&StoredCard>| reference_standing(s, scheduler, now);
        let (mut learning, mut review, mut new) = (Vec::new(), Vec::new(), Vec::new());
        for deck in &collection.decks {
            let (mut l, mut r, mut n) = (Vec::new(), Vec::new(), Vec::new());
            for card in deck.cards.iter().filter(|c| {
                (filter.decks.is_empty() || filter.decks.contains(&deck.id))
                    && (filter.tags.is_empty()
                        || c.all_tags(deck).any(|t| filter.tags.iter().any(|f| f == t)))
            }) {
                let key = CardKey::of(deck, card);
                let found = stored.get(&key);
                let key = key.to_string();
                let due: DateTime<Utc> = found.map(|s| s.state.due).unwrap_or_default();
                match standing(found) {
                    Standing::Learning => l.push((due.timestamp_millis(), key)),
                    Standing::Review => r.push((due.timestamp_millis(), key)),
                    Standing::New => n.push((due.timestamp_millis(), key)),
                    Standing::Later => {}
                }
            }
            l.sort_by_key(|(due, _)| *due);
            r.sort_by_key(|(due, _)| *due);
            learning.push(l);
            review.push(r);
            new.push(n);
        }
        let mut queue = interleave(learning);
        queue.extend(interleave(review));
        queue.extend(interleave(new).into_iter().take(new_limit));
        queue.truncate(limit);
        queue
    }

    fn reference_standing(
        s: Option<&StoredCard>,
        scheduler: &Scheduler,
        now: DateTime<FixedOffset>,
    ) -> Standing {
        let day_end = scheduler.next_day_start(now);
        match s {
            None => Standing::New,
            Some(s) => match s.state.state {
                State::New => Standing::New,
                State::Learning | State::Relearning if s.state.due <= now.to_utc() => {
                    Standing::Learning
                }
                State::Review if s.state.due < day_end => Standing::Review,
                _ => Standing::Later,
            },
        }
    }

    /// The counts as `due` made them before the deck index, over a fully loaded
    /// collection.
    fn reference_counts(
        collection: &Collection,
        stored: &HashMap<CardKey, StoredCard>,
        scheduler: &Scheduler,
        now: DateTime<FixedOffset>,
    ) -> BTreeMap<String, DueCounts> {
        let mut out = BTreeMap::new();
        for deck in &collection.decks {
            let mut counts = DueCounts::default();
            for card in &deck.cards {
                let key = CardKey::of(deck, card);
                match reference_standing(stored.get(&key), scheduler, now) {
                    Standing::New => counts.new += 1,
                    Standing::Learning => counts.learning += 1,
                    Standing::Review => counts.review += 1,
                    Standing::Later => {}
                }
            }
            out.insert(deck.id.clone(), counts);
        }
        out
    }

    struct World {
        _dir: tempfile::TempDir,
        sources: Decks,
        store: Store,
        scheduler: Scheduler,
        now: DateTime<FixedOffset>,
    }

    /// Three decks of different sizes and tags, with cards new, in learning, due for
    /// review and not yet due.
    fn world() -> anyhow::Result<World> {
        let dir = tempfile::TempDir::new()?;
        let decks = dir.path().join("decks");
        std::fs::create_dir_all(&decks)?;
        std::fs::create_dir_all(dir.path().join("seeds"))?;
        std::fs::write(
            dir.path().join("seeds/n.toml"),
            "id = \"n\"\ntitle = \"N\"\nkind = \"study-note\"\nsummary = \"s\"\n",
        )?;
        let now = DateTime::parse_from_rfc3339(NOW)?;
        let scheduler = Scheduler::new(Settings::default())?;
        let mut store = Store::in_memory()?;
        for (file, deck, size) in [
            ("1.toml", "gamma", 13),
            ("2.toml", "alpha", 7),
            ("3.toml", "beta", 4),
        ] {
            let mut text =
                format!("[deck]\nid = \"{deck}\"\ntitle = \"T\"\ntags = [\"{deck}-tag\"]\n");
            for c in 0..size {
                let tag = if c % 3 == 0 { "x" } else { "y" };
                text.push_str(&format!(
                    "\n[[card]]\nid = \"c{c}\"\nkind = \"recall\"\ntags = [\"{tag}\"]\nprompt = \"p\"\nanswer = \"a\"\nsource = \"n\"\nexplanation = \"x\"\n"
                ));
                let card = format!("c{c}");
                let days = |d: i64| now - TimeDelta::days(d);
                let history: &[(DateTime<FixedOffset>, Rating)] = match c % 6 {
                    0 => &[],
                    1 => &[(now - TimeDelta::hours(1), Rating::Good)],
                    2 => &[(now - TimeDelta::minutes(5 + c), Rating::Again)],
                    3 => &[(days(20 + c), Rating::Easy)],
                    4 => &[(days(1), Rating::Easy)],
                    _ => &[(days(30), Rating::Good), (days(25 - c / 3), Rating::Good)],
                };
                for (at, rating) in history {
                    let answer = Answer {
                        card: CardKey::new(deck, &card),
                        kind: crate::deck::Kind::Recall,
                        fingerprint: 0,
                        rating: *rating,
                        correct: true,
                        duration_ms: 1000,
                        confidence: None,
                        given: None,
                        mode: crate::revlog::LogMode::Review,
                        schedule: true,
                    };
                    store.record(&answer, &scheduler, *at)?;
                }
            }
            std::fs::write(decks.join(file), text)?;
        }
        Ok(World {
            _dir: dir,
            sources: Decks::at(decks),
            store,
            scheduler,
            now,
        })
    }

    fn filter(decks: &[&str], tags: &[&str]) -> Filter {
        Filter {
            decks: decks.iter().map(|d| d.to_string()).collect(),
            tags: tags.iter().map(|t| t.to_string()).collect(),
        }
    }

    #[test]
    fn the_plan_is_the_queue_a_full_load_gives() -> anyhow::Result<()> {
        let mut w = world()?;
        let collection = Collection::load(&w.sources);
        let stored = w.store.cards()?;
        let index = DeckIndex::build(&w.sources, &mut w.store, true)?;
        let bounds = Bounds::new(&w.scheduler, w.now);
        let schedule = Schedule::read(&index.decks, &mut w.store, bounds)?;

        let (counts, _) = due_counts(&index.decks, &schedule, bounds);
        let all: Vec<DueCounts> = counts.values().copied().collect();
        let sum = |f: fn(&DueCounts) -> usize| all.iter().map(f).sum::<usize>();
        assert!(
            sum(|c| c.new) > 0 && sum(|c| c.learning) > 1 && sum(|c| c.review) > 1,
            "every standing is represented: {counts:?}"
        );
        assert!(
            sum(|c| c.new + c.learning + c.review) < 24,
            "some are not due yet"
        );

        for f in [
            filter(&[], &[]),
            filter(&["beta", "gamma"], &[]),
            filter(&[], &["x"]),
            filter(&[], &["alpha-tag", "x"]),
            filter(&["gamma"], &["y"]),
        ] {
            for (new_limit, limit) in [(20, 200), (3, 7), (0, 4), (2, 200)] {
                let reference = reference_queue(
                    &collection,
                    &stored,
                    &f,
                    &w.scheduler,
                    w.now,
                    new_limit,
                    limit,
                );
                let planned = plan(&index.decks, &schedule, &f, bounds, new_limit, limit);
                let loaded = index.load(&decks_of(&planned));
                let full = picks(&planned, &index.decks, &loaded);
                let queue: Vec<String> = full.iter().map(Pick::key).collect();
                assert_eq!(queue, reference, "{f:?}, new {new_limit}, limit {limit}");
                // Parsing only the queued cards from their spans gives the same cards.
                let parts = index.load_cards(&cards_of(&planned));
                let part = picks(&planned, &index.decks, &parts);
                assert_eq!(part.len(), full.len());
                for (a, b) in part.iter().zip(&full) {
                    assert_eq!(a.card, b.card);
                    assert_eq!(a.deck.id, b.deck.id);
                    assert_eq!(a.deck.title, b.deck.title);
                }
                let parsed: usize = parts.decks.iter().map(|d| d.cards.len()).sum();
                assert_eq!(parsed, full.len(), "only the queued cards are parsed");
            }
        }
        Ok(())
    }

    #[test]
    fn counts_what_a_full_load_counts() -> anyhow::Result<()> {
        let mut w = world()?;
        let collection = Collection::load(&w.sources);
        let stored = w.store.cards()?;
        let index = DeckIndex::build(&w.sources, &mut w.store, false)?;
        let bounds = Bounds::new(&w.scheduler, w.now);
        let schedule = Schedule::read(&index.decks, &mut w.store, bounds)?;
        let (counts, total) = due_counts(&index.decks, &schedule, bounds);
        for deck in &collection.decks {
            let only = filter(&[&deck.id], &[]);
            let everything =
                reference_queue(&collection, &stored, &only, &w.scheduler, w.now, 1000, 1000);
            let c = counts[&deck.id];
            assert_eq!(
                c.new + c.learning + c.review,
                everything.len(),
                "{}",
                deck.id
            );
        }
        assert_eq!(total.new, counts.values().map(|c| c.new).sum::<usize>());
        Ok(())
    }

    #[test]
    fn the_final_revision_brings_back_cards_due_after_the_exam_weakest_first() -> anyhow::Result<()>
    {
        let mut w = world()?;
        // Two more cards with other strengths, due after the exam.
        for (card, days_ago) in [("c0", 3), ("c6", 2)] {
            let answer = Answer {
                card: crate::deck::CardKey::new("alpha", card),
                kind: crate::deck::Kind::Recall,
                fingerprint: 0,
                rating: Rating::Easy,
                correct: true,
                duration_ms: 1000,
                confidence: None,
                given: None,
                mode: crate::revlog::LogMode::Review,
                schedule: true,
            };
            w.store
                .record(&answer, &w.scheduler, w.now - TimeDelta::days(days_ago))?;
        }
        let index = DeckIndex::build(&w.sources, &mut w.store, false)?;
        let cards = w.store.cards()?;
        let bounds = Bounds::new(&w.scheduler, w.now);
        let exam_start = w.scheduler.next_day_start(w.now) + TimeDelta::days(2);
        let exam_date = w.scheduler.study_date(w.now) + TimeDelta::days(3);
        let window_start = w.scheduler.day_start(w.now) + TimeDelta::days(1);
        let recall = |s: &CardState| w.scheduler.recall_on(s, exam_date, w.now);
        let all = final_revision(
            &index.decks,
            &Filter::default(),
            bounds,
            &cards,
            window_start,
            exam_start,
            recall,
            usize::MAX,
        );
        // Exactly the review cards not due today whose next review is after the exam.
        let key = |slot: &Slot| {
            let deck = &index.decks[slot.deck];
            CardKey::new(&deck.id, deck.cards().nth(slot.card).unwrap_or_default())
        };
        let mut expected: Vec<&CardKey> = cards
            .iter()
            .filter(|(_, c)| c.state.state == State::Review && c.state.due >= exam_start)
            .map(|(k, _)| k)
            .collect();
        expected.sort();
        let mut got: Vec<CardKey> = all.iter().map(key).collect();
        assert!(got.len() >= 3, "{got:?}");
        let recalls: Vec<f32> = got.iter().map(|k| recall(&cards[k].state)).collect();
        assert!(
            recalls.windows(2).all(|p| p[0] <= p[1]),
            "weakest first: {recalls:?}"
        );
        assert!(recalls.first() < recalls.last(), "{recalls:?}");
        got.sort();
        assert_eq!(got.iter().collect::<Vec<_>>(), expected);
        // The quota takes the weakest; a card reviewed since the window opened is left.
        let two = final_revision(
            &index.decks,
            &Filter::default(),
            bounds,
            &cards,
            window_start,
            exam_start,
            recall,
            2,
        );
        assert_eq!(two, all[..2]);
        let opened_long_ago = final_revision(
            &index.decks,
            &Filter::default(),
            bounds,
            &cards,
            w.scheduler.day_start(w.now) - TimeDelta::days(60),
            exam_start,
            recall,
            usize::MAX,
        );
        assert!(
            opened_long_ago.is_empty(),
            "every card was reviewed in that window"
        );
        Ok(())
    }

    #[test]
    fn orphaned_history_is_not_counted() -> anyhow::Result<()> {
        let mut w = world()?;
        let answer = Answer {
            card: crate::deck::CardKey::new("alpha", "gone"),
            kind: crate::deck::Kind::Recall,
            fingerprint: 0,
            rating: Rating::Again,
            correct: false,
            duration_ms: 1000,
            confidence: None,
            given: None,
            mode: crate::revlog::LogMode::Review,
            schedule: true,
        };
        let index = DeckIndex::build(&w.sources, &mut w.store, false)?;
        let bounds = Bounds::new(&w.scheduler, w.now);
        let before = due_counts(
            &index.decks,
            &Schedule::read(&index.decks, &mut w.store, bounds)?,
            bounds,
        )
        .1;
        w.store
            .record(&answer, &w.scheduler, w.now - TimeDelta::hours(2))?;
        let after = due_counts(
            &index.decks,
            &Schedule::read(&index.decks, &mut w.store, bounds)?,
            bounds,
        )
        .1;
        assert_eq!(before, after);
        Ok(())
    }

    #[test]
    fn filters_that_match_nothing_say_what_exists() -> anyhow::Result<()> {
        let mut w = world()?;
        let index = DeckIndex::build(&w.sources, &mut w.store, true)?;
        check_filter(&filter(&["beta"], &["x", "gamma-tag"]), &index)?;
        let error = |f: Filter| check_filter(&f, &index).err().map(|e| e.to_string());
        assert_eq!(
            error(filter(&["delta"], &[])).as_deref(),
            Some("no deck `delta`; the decks are: gamma, alpha, beta")
        );
        assert_eq!(
            error(filter(&[], &["z"])).as_deref(),
            Some("no card has the tag `z`; the tags are: alpha-tag, beta-tag, gamma-tag, x, y")
        );
        // A slip of a letter or two, or of case, gets a did-you-mean instead.
        assert_eq!(
            error(filter(&["alpah"], &[])).as_deref(),
            Some("no deck `alpah`; did you mean `alpha`?")
        );
        assert_eq!(
            error(filter(&[], &["Gama-tag"])).as_deref(),
            Some("no card has the tag `Gama-tag`; did you mean `gamma-tag`?")
        );
        Ok(())
    }

    /// One step of the random histories below.
    #[derive(Debug, Clone)]
    enum Act {
        /// An answer to card `card` of deck `deck` (past the deck's end: an orphan),
        /// `minutes` before now, in review (scheduled) or not.
        Answer {
            deck: usize,
            card: usize,
            rating: u8,
            minutes: i64,
            scheduled: bool,
        },
        Undo,
    }

    fn act() -> impl proptest::strategy::Strategy<Value = Act> {
        use proptest::prelude::*;
        prop_oneof![
            8 => (0..4usize, 0..14usize, 1..5u8, prop_oneof![1..90i64, 1..(60 * 24 * 40i64)], proptest::bool::weighted(0.85))
                .prop_map(|(deck, card, rating, minutes, scheduled)| Act::Answer { deck, card, rating, minutes, scheduled }),
            1 => Just(Act::Undo),
        ]
    }

    /// Writes deck `d{k}` with `size` cards `c{first}…`, tagged `x` or `y`.
    fn write_deck(
        dir: &std::path::Path,
        k: usize,
        first: usize,
        size: usize,
    ) -> anyhow::Result<()> {
        let mut text = format!("[deck]\nid = \"d{k}\"\ntitle = \"T\"\ntags = [\"d{k}-tag\"]\n");
        for c in first..first + size {
            let tag = if c % 3 == 0 { "x" } else { "y" };
            text.push_str(&format!(
                "\n[[card]]\nid = \"c{c}\"\nkind = \"recall\"\ntags = [\"{tag}\"]\nprompt = \"p\"\nanswer = \"a\"\nsource = \"n\"\nexplanation = \"x\"\n"
            ));
        }
        std::fs::write(dir.join(format!("{k}.toml")), text)?;
        Ok(())
    }

    fn apply(
        store: &mut Store,
        scheduler: &Scheduler,
        now: DateTime<FixedOffset>,
        acts: &[Act],
    ) -> anyhow::Result<()> {
        for act in acts {
            match act {
                Act::Answer {
                    deck,
                    card,
                    rating,
                    minutes,
                    scheduled,
                } => {
                    let rating = [Rating::Again, Rating::Hard, Rating::Good, Rating::Easy]
                        [usize::from(*rating - 1)];
                    let answer = Answer {
                        card: CardKey {
                            deck: format!("d{deck}"),
                            card: format!("c{card}"),
                        },
                        kind: crate::deck::Kind::Recall,
                        fingerprint: 0,
                        rating,
                        correct: rating != Rating::Again,
                        duration_ms: 1000,
                        confidence: None,
                        given: None,
                        mode: if *scheduled {
                            crate::revlog::LogMode::Review
                        } else {
                            crate::revlog::LogMode::Quiz
                        },
                        schedule: *scheduled,
                    };
                    store.record(&answer, scheduler, now - TimeDelta::minutes(*minutes))?;
                }
                Act::Undo => {
                    store.undo_last()?;
                }
            }
        }
        Ok(())
    }

    /// Plans and counts from the index and the kept new cards, and checks them against
    /// a full load of the collection and every stored state.
    fn check_against_full_load(w: &mut World, decks: usize) -> anyhow::Result<()> {
        let collection = Collection::load(&w.sources);
        let stored = w.store.cards()?;
        let index = DeckIndex::build(&w.sources, &mut w.store, true)?;
        let bounds = Bounds::new(&w.scheduler, w.now);
        let schedule = Schedule::read(&index.decks, &mut w.store, bounds)?;
        let (counts, _) = due_counts(&index.decks, &schedule, bounds);
        anyhow::ensure!(
            counts == reference_counts(&collection, &stored, &w.scheduler, w.now),
            "counts {counts:?}"
        );
        let names: Vec<String> = (0..decks).map(|k| format!("d{k}")).collect();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        for f in [
            filter(&[], &[]),
            filter(&names[..1], &[]),
            filter(&[], &["x"]),
            filter(&names[decks - 1..], &["y", "d0-tag"]),
        ] {
            for (new_limit, limit) in [(20, 200), (2, 9), (0, 5), (1, 200)] {
                let reference = reference_queue(
                    &collection,
                    &stored,
                    &f,
                    &w.scheduler,
                    w.now,
                    new_limit,
                    limit,
                );
                let planned = plan(&index.decks, &schedule, &f, bounds, new_limit, limit);
                let loaded = index.load(&decks_of(&planned));
                let queue: Vec<String> = picks(&planned, &index.decks, &loaded)
                    .iter()
                    .map(Pick::key)
                    .collect();
                anyhow::ensure!(
                    queue == reference,
                    "{f:?}, new {new_limit}, limit {limit}: {queue:?} != {reference:?}"
                );
            }
        }
        Ok(())
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 40, ..proptest::prelude::ProptestConfig::default() })]

        /// Whatever the history, the queue and the counts are those of a full load, on a
        /// first read (new cards computed) and on a second after more answers, undos and a
        /// rewritten deck file or a source note gone (kept new cards reused where nothing
        /// changed).
        #[test]
        fn reading_only_what_is_due_gives_what_a_full_load_gives(
            sizes in proptest::collection::vec(0..12usize, 1..5),
            first in proptest::collection::vec(act(), 0..40),
            then in proptest::collection::vec(act(), 0..12),
            rewrite in proptest::option::of((0..4usize, 0..3usize, 0..12usize)),
            note_gone in proptest::bool::weighted(0.2),
        ) {
            let run = || -> anyhow::Result<()> {
                let dir = tempfile::TempDir::new()?;
                let decks = dir.path().join("decks");
                std::fs::create_dir_all(&decks)?;
                std::fs::create_dir_all(dir.path().join("seeds"))?;
                std::fs::write(
                    dir.path().join("seeds/n.toml"),
                    "id = \"n\"\ntitle = \"N\"\nkind = \"study-note\"\nsummary = \"s\"\n",
                )?;
                for (k, size) in sizes.iter().enumerate() {
                    write_deck(&decks, k, 0, *size)?;
                }
                let mut w = World {
                    _dir: dir,
                    sources: Decks::at(decks.clone()),
                    store: Store::in_memory()?,
                    scheduler: Scheduler::new(Settings::default())?,
                    now: DateTime::parse_from_rfc3339(NOW)?,
                };
                apply(&mut w.store, &w.scheduler, w.now, &first)?;
                check_against_full_load(&mut w, sizes.len())?;
                apply(&mut w.store, &w.scheduler, w.now, &then)?;
                if let Some((k, start, size)) = rewrite.filter(|r| r.0 < sizes.len()) {
                    write_deck(&decks, k, start, size)?;
                }
                // Every card cites the note: without it, unchanged files lose their cards.
                if note_gone {
                    std::fs::remove_file(w._dir.path().join("seeds/n.toml"))?;
                }
                check_against_full_load(&mut w, sizes.len())
            };
            let result = run();
            proptest::prop_assert!(result.is_ok(), "{result:?}");
        }
    }
}
