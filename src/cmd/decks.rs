//! `upsc decks`: the decks with their card counts, kinds and tags.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use crate::config::Config;
use crate::deck::{Deck, Kind};
use crate::error::Exit;
use crate::output;
use crate::text::plural;
use crate::ui::{Column, Layout, Table, safe};
use console::measure_text_width;

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
    let width = crate::ui::stdout_width();
    let kinds_of = |row: &DeckRow| {
        row.kinds
            .iter()
            .map(|(k, n)| format!("{k} {n}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut table = Table::new(vec![
        Column::left("deck"),
        Column::right("cards"),
        Column::left("kinds"),
    ]);
    for row in &rows {
        table.row([
            safe(&row.id).into_owned(),
            row.cards.to_string(),
            kinds_of(row),
        ]);
    }
    let id_width = rows.iter().map(|r| r.id.len()).max().unwrap_or(4).max(4);
    // The table on one line a deck when the kinds fit whole; else each deck stacked,
    // its lines wrapped to the terminal.
    let fits = width.is_none_or(|w| table.lines(None).iter().all(|l| measure_text_width(l) <= w));
    let layout = Layout { width };
    let mut text = String::new();
    if fits {
        let lines = table.lines(width);
        let _ = writeln!(text, "{}", lines[0]);
        let hang = " ".repeat(id_width + 9);
        for (row, line) in rows.iter().zip(&lines[1..]) {
            let _ = writeln!(text, "{line}");
            for l in layout.paragraph(&row.title, &hang, &hang) {
                let _ = writeln!(text, "{l}");
            }
            if !row.tags.is_empty() {
                let first = format!("{hang}tags: ");
                let rest = " ".repeat(id_width + 15);
                for l in layout.paragraph(&row.tags.join(" "), &first, &rest) {
                    let _ = writeln!(text, "{l}");
                }
            }
        }
    } else {
        for (n, row) in rows.iter().enumerate() {
            if n > 0 {
                let _ = writeln!(text);
            }
            let heading = format!("{}  {}", row.id, plural(row.cards, "card"));
            for l in layout.paragraph(&heading, "", "  ") {
                let _ = writeln!(text, "{l}");
            }
            for l in layout.paragraph(&row.title, "  ", "  ") {
                let _ = writeln!(text, "{l}");
            }
            // A kind and its count are never parted (a no-break space).
            let kinds = kinds_of(row)
                .replace(' ', "\u{a0}")
                .replace(",\u{a0}", ", ");
            for l in layout.paragraph(&kinds, "  kinds: ", "         ") {
                let _ = writeln!(text, "{l}");
            }
            if !row.tags.is_empty() {
                for l in layout.paragraph(&row.tags.join(" "), "  tags: ", "        ") {
                    let _ = writeln!(text, "{l}");
                }
            }
        }
        let _ = writeln!(text);
    }
    let total: usize = rows.iter().map(|r| r.cards).sum();
    let _ = writeln!(
        text,
        "{}, {}",
        plural(rows.len(), "deck"),
        plural(total, "card")
    );
    output::print(&text)?;
    Ok(Exit::Ok)
}
