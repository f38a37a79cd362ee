//! `upsc due`: what is due now, per deck and in total.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use crate::config::Config;
use crate::deck::index::DeckIndex;
use crate::error::Exit;
use crate::output;
use crate::study::{Bounds, DueCounts, Schedule, due_counts};

#[derive(Serialize)]
struct DueReport {
    now: String,
    decks: BTreeMap<String, DueCounts>,
    total: DueCounts,
}

pub fn run(config: &Config, json: bool) -> anyhow::Result<Exit> {
    let settings = super::settings(config, &Default::default())?;
    let mut store = super::open_store(config)?;
    let index = DeckIndex::build(&config.decks, &mut store, false)?;
    index.warn();
    let scheduler = super::scheduler(&settings, &store)?;
    let bounds = Bounds::new(&scheduler, config.now);
    let schedule = Schedule::read(&index.decks, &mut store, bounds)?;
    let (decks, total) = due_counts(&index.decks, &schedule, bounds);
    if json {
        output::print_json(&DueReport {
            now: config.now.to_rfc3339(),
            decks,
            total,
        })?;
        return Ok(Exit::Ok);
    }
    let width = decks.keys().map(String::len).max().unwrap_or(5).max(5);
    let mut text = format!(
        "{:<width$}  {:>5}  {:>8}  {:>6}\n",
        "deck", "new", "learning", "review"
    );
    for (deck, c) in &decks {
        let _ = writeln!(
            text,
            "{deck:<width$}  {:>5}  {:>8}  {:>6}",
            c.new, c.learning, c.review
        );
    }
    let _ = writeln!(
        text,
        "{:<width$}  {:>5}  {:>8}  {:>6}",
        "total", total.new, total.learning, total.review
    );
    output::print(&text)?;
    Ok(Exit::Ok)
}
