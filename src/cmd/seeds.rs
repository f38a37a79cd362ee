//! `upsc seeds`: the source notes and how many cards cite each.

use std::fmt::Write as _;

use serde::Serialize;

use crate::config::Config;
use crate::error::Exit;
use crate::output;

#[derive(Serialize)]
struct SeedRow<'a> {
    id: &'a str,
    title: &'a str,
    outlet: Option<&'a str>,
    author: Option<&'a str>,
    date: Option<&'a str>,
    kind: &'a str,
    cards: usize,
}

pub fn run(config: &Config, json: bool) -> anyhow::Result<Exit> {
    let collection = super::load_for_study(config);
    let rows: Vec<SeedRow> = collection
        .seeds
        .iter()
        .map(|s| SeedRow {
            id: &s.id,
            title: &s.title,
            outlet: s.outlet.as_deref(),
            author: s.author.as_deref(),
            date: s.date.as_deref(),
            kind: &s.kind,
            cards: collection
                .decks
                .iter()
                .flat_map(|d| &d.cards)
                .filter(|c| c.source.contains(&s.id))
                .count(),
        })
        .collect();
    if json {
        output::print_json(&rows)?;
        return Ok(Exit::Ok);
    }
    let mut text = String::new();
    for r in &rows {
        let _ = writeln!(
            text,
            "{}  ({} card{})\n    {} — {}, {}",
            r.id,
            r.cards,
            if r.cards == 1 { "" } else { "s" },
            r.title,
            r.outlet.unwrap_or("outlet not named"),
            r.date.unwrap_or("undated")
        );
    }
    output::print(&text)?;
    Ok(Exit::Ok)
}
