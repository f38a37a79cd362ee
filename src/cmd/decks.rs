//! `upsc decks`: the decks with their card counts, kinds and tags.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use crate::config::Config;
use crate::deck::{Deck, Kind};
use crate::error::Exit;
use crate::output;

#[derive(Serialize)]
struct DeckRow {
    id: String,
    title: String,
    description: String,
    cards: usize,
    kinds: BTreeMap<&'static str, usize>,
    tags: Vec<String>,
    sources: Vec<String>,
    origin: String,
}

impl DeckRow {
    /// What the listing shows of `deck`: its cards are counted and dropped.
    fn of(deck: Deck) -> DeckRow {
        let kinds = Kind::ALL
            .iter()
            .zip(deck.kind_counts())
            .filter(|(_, n)| *n > 0)
            .map(|(k, n)| (k.as_str(), n))
            .collect();
        let mut tags: Vec<&str> = deck.cards.iter().flat_map(|c| c.all_tags(&deck)).collect();
        tags.sort_unstable();
        tags.dedup();
        let tags = tags.into_iter().map(str::to_string).collect();
        DeckRow {
            cards: deck.cards.len(),
            kinds,
            tags,
            origin: deck.origin.to_string(),
            id: deck.id,
            title: deck.title,
            description: deck.description,
            sources: deck.sources,
        }
    }
}

pub fn run(config: &Config, json: bool) -> anyhow::Result<Exit> {
    let (_, rows) = super::load_each_for_study(config, DeckRow::of);
    if json {
        output::print_json(&rows)?;
        return Ok(Exit::Ok);
    }
    let width = rows.iter().map(|r| r.id.len()).max().unwrap_or(4).max(4);
    let mut text = format!("{:<width$}  {:>5}  kinds\n", "deck", "cards");
    for row in &rows {
        let kinds = row
            .kinds
            .iter()
            .map(|(k, n)| format!("{k} {n}"))
            .collect::<Vec<_>>()
            .join(", ");
        let _ = writeln!(text, "{:<width$}  {:>5}  {kinds}", row.id, row.cards);
        let _ = writeln!(text, "{:<width$}         {}", "", row.title);
        if !row.tags.is_empty() {
            let _ = writeln!(text, "{:<width$}         tags: {}", "", row.tags.join(" "));
        }
    }
    let total: usize = rows.iter().map(|r| r.cards).sum();
    let _ = writeln!(text, "{} decks, {total} cards", rows.len());
    output::print(&text)?;
    Ok(Exit::Ok)
}
