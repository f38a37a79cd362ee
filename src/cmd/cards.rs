//! `upsc cards`: every card with its scheduling state (and cards whose deck no longer has
//! them, listed as orphaned: their history is kept, never deleted silently).

use std::collections::HashSet;
use std::fmt::Write as _;

use serde::Serialize;

use crate::cli::CardsArgs;
use crate::config::Config;
use crate::deck::CardKey;
use crate::deck::index::{DeckIndex, IndexedDeck};
use crate::error::Exit;
use crate::output;
use crate::ui::{Column, Table};

#[derive(Serialize)]
struct CardRow {
    card_id: Option<i64>,
    deck: String,
    id: String,
    kind: Option<String>,
    state: &'static str,
    due: Option<String>,
    stability: Option<f32>,
    difficulty: Option<f32>,
    reps: u32,
    lapses: u32,
    last_review: Option<String>,
    orphaned: bool,
}

pub fn run(config: &Config, args: &CardsArgs) -> anyhow::Result<Exit> {
    // Card ids and kinds come from the deck index: no deck is parsed.
    let mut store = super::open_store(config)?;
    let index = DeckIndex::build(&config.decks, &mut store, false)?;
    super::warn(&index.problems);
    if let Some(deck) = &args.deck
        && !index.decks.iter().any(|d| &d.id == deck)
    {
        let known: Vec<&str> = index.decks.iter().map(|d| d.id.as_str()).collect();
        return Err(crate::error::no_deck(deck, &known));
    }
    let stored = store.cards()?;
    let decks: Vec<&IndexedDeck> = index
        .decks
        .iter()
        .filter(|d| args.deck.as_ref().is_none_or(|id| id == &d.id))
        .collect();
    // The stored cards that some deck holds (first pass), so that the orphans are known
    // before the rows are written (second pass, one row at a time).
    let mut key = CardKey::new("", "");
    let mut present: HashSet<&CardKey> = HashSet::new();
    for deck in &decks {
        key.deck.clone_from(&deck.id);
        for card in deck.cards() {
            key.card.clear();
            key.card.push_str(card);
            if let Some((found, _)) = stored.get_key_value(&key) {
                present.insert(found);
            }
        }
    }
    let mut orphans: Vec<_> = stored
        .iter()
        .filter(|(key, _)| !present.contains(key))
        .filter(|(key, _)| args.deck.as_ref().is_none_or(|d| &key.deck == d))
        .collect();
    // In the order of the keys as written (`a-b/x` before `a/x`), as listed before.
    orphans.sort_by_cached_key(|(key, _)| key.to_string());
    let held = decks.iter().flat_map(|deck| {
        let kinds = deck
            .kinds_and_sources()
            .into_iter()
            .flatten()
            .map(|(k, _)| k);
        let mut kinds = kinds.map(Some).chain(std::iter::repeat(None));
        let mut key = CardKey::new(&deck.id, "");
        let stored = &stored;
        deck.cards().map(move |card| {
            key.card.clear();
            key.card.push_str(card);
            let kind = kinds.next().flatten().map(str::to_string);
            row(&deck.id, card, kind, stored.get(&key), false)
        })
    });
    let orphaned = orphans
        .into_iter()
        .map(|(key, card)| row(&key.deck, &key.card, None, Some(card), true));
    let rows = held.chain(orphaned);
    if args.json {
        output::print_json_rows(rows)?;
        return Ok(Exit::Ok);
    }
    // On a terminal the rows are set as a table, a few hundred at a time so that a
    // listing of a hundred thousand cards is never held whole; piped, one line a card.
    let width = crate::ui::stdout_width();
    let due_in_words = |r: &CardRow| {
        r.due
            .as_deref()
            .and_then(|d| chrono::DateTime::parse_from_rfc3339(d).ok())
            .map_or_else(
                || "-".to_string(),
                |d| crate::ui::when::when(&d, config.now),
            )
    };
    let mut text = String::new();
    let mut table: Option<Table> = None;
    let mut first = true;
    let new_table = |heading: bool| {
        let table = Table::new(vec![
            Column::left("card").own_line(10),
            Column::left("kind").drop(1),
            Column::left("state"),
            Column::left("due"),
        ]);
        if heading {
            table
        } else {
            table.without_heading()
        }
    };
    for r in rows {
        let mut card = format!("{}/{}", r.deck, r.id);
        if r.orphaned {
            card.push_str(" (orphaned)");
        }
        match width {
            None => {
                let _ = writeln!(
                    text,
                    "{card}  {}  {}  due {}{}",
                    r.kind.as_deref().unwrap_or("?"),
                    r.state,
                    due_in_words(&r),
                    if r.orphaned {
                        "  (orphaned: no longer in its deck)"
                    } else {
                        ""
                    }
                );
            }
            Some(_) => {
                let t = table.get_or_insert_with(|| new_table(std::mem::take(&mut first)));
                t.row([
                    crate::ui::safe(&card).into_owned(),
                    r.kind.clone().unwrap_or_else(|| "?".to_string()),
                    r.state.to_string(),
                    due_in_words(&r),
                ]);
                if t.len() >= 500
                    && let Some(t) = table.take()
                {
                    text.push_str(&t.text(width));
                }
            }
        }
        // Written in pieces, so the listing is never held whole.
        if text.len() > 64 * 1024 {
            output::print(&text)?;
            text.clear();
        }
    }
    if let Some(t) = table.take() {
        text.push_str(&t.text(width));
    }
    output::print(&text)?;
    Ok(Exit::Ok)
}

fn row(
    deck: &str,
    id: &str,
    kind: Option<String>,
    stored: Option<&crate::store::StoredCard>,
    orphaned: bool,
) -> CardRow {
    let state = stored.map(|s| &s.state);
    let answered = state.is_some_and(|s| s.reps > 0);
    CardRow {
        card_id: stored.map(|s| s.card_id),
        deck: deck.to_string(),
        id: id.to_string(),
        kind,
        state: state.map_or("new", |s| s.state.as_str()),
        due: state.filter(|_| answered).map(|s| s.due.to_rfc3339()),
        stability: state.filter(|_| answered).map(|s| s.stability),
        difficulty: state.filter(|_| answered).map(|s| s.difficulty),
        reps: state.map_or(0, |s| s.reps),
        lapses: state.map_or(0, |s| s.lapses),
        last_review: state.and_then(|s| s.last_review).map(|t| t.to_rfc3339()),
        orphaned,
    }
}
