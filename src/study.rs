//! What is due: classifying every card of the loaded decks against its stored state, and
//! building the day's queue (learning cards due, then reviews due, then new cards up to
//! the daily limit, interleaved across decks).

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, FixedOffset, Utc};
use serde::Serialize;

use crate::cli::Filter;
use crate::deck::index::DeckCards;
use crate::deck::load::Collection;
use crate::deck::{Card, Deck, Kind};
use crate::scheduler::{Scheduler, State};
use crate::store::StoredCard;

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

pub fn standing(
    stored: Option<&StoredCard>,
    now: DateTime<FixedOffset>,
    day_end: DateTime<Utc>,
) -> Standing {
    let Some(stored) = stored else {
        return Standing::New;
    };
    match stored.state.state {
        State::New => Standing::New,
        State::Learning | State::Relearning if stored.state.due <= now.to_utc() => {
            Standing::Learning
        }
        State::Review if stored.state.due < day_end => Standing::Review,
        _ => Standing::Later,
    }
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
    pub fn key(&self) -> String {
        format!("{}/{}", self.deck.id, self.card.id)
    }
}

/// Whether a card passes the `--deck`, `--tag`, `--source` and `--kind` filters (each
/// filter given must match; within one, any value may).
pub fn matches(filter: &Filter, deck: &Deck, card: &Card) -> bool {
    (filter.decks.is_empty() || filter.decks.contains(&deck.id))
        && (filter.tags.is_empty()
            || card
                .all_tags(deck)
                .any(|t| filter.tags.iter().any(|f| f == t)))
        && (filter.sources.is_empty() || card.source.iter().any(|s| filter.sources.contains(s)))
        && (filter.kinds.is_empty() || filter.kinds.iter().any(|k| k == card.kind().as_str()))
}

/// Says which filter values match nothing, listing what exists.
pub fn check_filter(filter: &Filter, collection: &Collection) -> anyhow::Result<()> {
    for deck in &filter.decks {
        if collection.deck(deck).is_none() {
            let known: Vec<&str> = collection.decks.iter().map(|d| d.id.as_str()).collect();
            anyhow::bail!("no deck `{deck}`; the decks are: {}", known.join(", "));
        }
    }
    for tag in &filter.tags {
        let exists = collection
            .decks
            .iter()
            .any(|d| d.cards.iter().any(|c| c.all_tags(d).any(|t| t == tag)));
        if !exists {
            let mut known: Vec<&str> = collection
                .decks
                .iter()
                .flat_map(|d| d.cards.iter().flat_map(move |c| c.all_tags(d)))
                .collect();
            known.sort_unstable();
            known.dedup();
            anyhow::bail!(
                "no card has the tag `{tag}`; the tags are: {}",
                known.join(", ")
            );
        }
    }
    for source in &filter.sources {
        let cited = collection
            .decks
            .iter()
            .any(|d| d.cards.iter().any(|c| c.source.contains(source)));
        if !cited {
            let mut cited: Vec<&str> = collection
                .decks
                .iter()
                .flat_map(|d| {
                    d.cards
                        .iter()
                        .flat_map(|c| c.source.iter().map(String::as_str))
                })
                .collect();
            cited.sort_unstable();
            cited.dedup();
            anyhow::bail!(
                "no card cites the source `{source}`; the sources cited are: {}",
                cited.join(", ")
            );
        }
    }
    for kind in &filter.kinds {
        if !Kind::ALL.iter().any(|k| k.as_str() == kind) {
            let known: Vec<&str> = Kind::ALL.iter().map(|k| k.as_str()).collect();
            anyhow::bail!("no kind `{kind}`; the kinds are: {}", known.join(", "));
        }
    }
    Ok(())
}

/// Describes the filters in a few words, for headings and the test history.
pub fn describe_filter(filter: &Filter) -> String {
    let mut parts = Vec::new();
    for (name, values) in [
        ("deck", &filter.decks),
        ("tag", &filter.tags),
        ("source", &filter.sources),
        ("kind", &filter.kinds),
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

/// Every card that passes the filter, in deck order.
pub fn matching<'c>(collection: &'c Collection, filter: &Filter) -> Vec<Pick<'c>> {
    collection
        .decks
        .iter()
        .flat_map(|deck| {
            deck.cards
                .iter()
                .filter(move |card| matches(filter, deck, card))
                .map(move |card| Pick { deck, card })
        })
        .collect()
}

/// Counts per deck and in total, from the deck index (no deck is parsed to count).
pub fn due_counts(
    decks: &[DeckCards],
    stored: &HashMap<String, StoredCard>,
    scheduler: &Scheduler,
    now: DateTime<FixedOffset>,
) -> (BTreeMap<String, DueCounts>, DueCounts) {
    let day_end = scheduler.next_day_start(now);
    let mut per_deck = BTreeMap::new();
    let mut total = DueCounts::default();
    let mut key = String::new();
    for deck in decks {
        let mut counts = DueCounts::default();
        for card in &deck.cards {
            key.clear();
            key.push_str(&deck.deck);
            key.push('/');
            key.push_str(card);
            match standing(stored.get(key.as_str()), now, day_end) {
                Standing::New => counts.new += 1,
                Standing::Learning => counts.learning += 1,
                Standing::Review => counts.review += 1,
                Standing::Later => {}
            }
        }
        total.new += counts.new;
        total.learning += counts.learning;
        total.review += counts.review;
        per_deck.insert(deck.deck.clone(), counts);
    }
    (per_deck, total)
}

/// The day's queue: due learning cards, then due reviews (most overdue first), then new
/// cards in deck order, each group interleaved across decks; at most `limit` in all and
/// `new_limit` new cards.
pub fn build_queue<'c>(
    collection: &'c Collection,
    stored: &HashMap<String, StoredCard>,
    filter: &Filter,
    scheduler: &Scheduler,
    now: DateTime<FixedOffset>,
    new_limit: usize,
    limit: usize,
) -> Vec<Pick<'c>> {
    let day_end = scheduler.next_day_start(now);
    let mut learning: Vec<Vec<(DateTime<Utc>, Pick)>> = Vec::new();
    let mut review: Vec<Vec<(DateTime<Utc>, Pick)>> = Vec::new();
    let mut new: Vec<Vec<(DateTime<Utc>, Pick)>> = Vec::new();
    for deck in &collection.decks {
        let (mut l, mut r, mut n) = (Vec::new(), Vec::new(), Vec::new());
        for card in deck.cards.iter().filter(|c| matches(filter, deck, c)) {
            let pick = Pick { deck, card };
            let found = stored.get(&pick.key());
            let due = found.map(|s| s.state.due).unwrap_or_default();
            match standing(found, now, day_end) {
                Standing::Learning => l.push((due, pick)),
                Standing::Review => r.push((due, pick)),
                Standing::New => n.push((due, pick)),
                Standing::Later => {}
            }
        }
        l.sort_by_key(|(due, _)| *due);
        r.sort_by_key(|(due, _)| *due);
        learning.push(l);
        review.push(r);
        new.push(n);
    }
    let mut queue: Vec<Pick> = Vec::new();
    queue.extend(interleave(learning));
    queue.extend(interleave(review));
    queue.extend(interleave(new).into_iter().take(new_limit));
    queue.truncate(limit);
    queue
}

/// Round-robin over the decks' lists, so a session mixes topics.
fn interleave<T>(lists: Vec<Vec<(DateTime<Utc>, T)>>) -> Vec<T> {
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
