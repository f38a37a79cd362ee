//! `upsc cards`: every card with its scheduling state (and cards whose deck no longer has
//! them, listed as orphaned: their history is kept, never deleted silently).

use std::collections::HashSet;
use std::fmt::Write as _;

use serde::Serialize;

use crate::cli::CardsArgs;
use crate::config::Config;
use crate::deck::CardKey;
use crate::error::Exit;
use crate::output;

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
    let collection = super::load_for_study(config);
    if let Some(deck) = &args.deck
        && collection.deck(deck).is_none()
    {
        let known: Vec<&str> = collection.decks.iter().map(|d| d.id.as_str()).collect();
        anyhow::bail!("no deck `{deck}`; the decks are: {}", known.join(", "));
    }
    let store = super::open_store(config)?;
    let stored = store.cards()?;
    let mut rows = Vec::new();
    let mut present = HashSet::new();
    for deck in &collection.decks {
        if args.deck.as_ref().is_some_and(|d| d != &deck.id) {
            continue;
        }
        for card in &deck.cards {
            let key = CardKey::of(deck, card).to_string();
            let found = stored.get(&key);
            present.insert(key);
            rows.push(row(
                &deck.id,
                &card.id,
                Some(card.kind().as_str().to_string()),
                found,
                false,
            ));
        }
    }
    let mut orphans: Vec<_> = stored
        .iter()
        .filter(|(key, _)| !present.contains(*key))
        .filter(|(key, _)| {
            args.deck
                .as_ref()
                .is_none_or(|d| key.starts_with(&format!("{d}/")))
        })
        .collect();
    orphans.sort_by(|a, b| a.0.cmp(b.0));
    for (key, card) in orphans {
        // A stored key is always `deck/card`; were one not, it is shown whole as the deck.
        let key = key
            .parse::<CardKey>()
            .unwrap_or_else(|_| CardKey::new(key, ""));
        rows.push(row(&key.deck, &key.card, None, Some(card), true));
    }
    if args.json {
        output::print_json(&rows)?;
        return Ok(Exit::Ok);
    }
    let mut text = String::new();
    for r in &rows {
        let _ = writeln!(
            text,
            "{}/{}  {}  {}  due {}{}",
            r.deck,
            r.id,
            r.kind.as_deref().unwrap_or("?"),
            r.state,
            r.due.as_deref().unwrap_or("-"),
            if r.orphaned {
                "  (orphaned: no longer in its deck)"
            } else {
                ""
            }
        );
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
