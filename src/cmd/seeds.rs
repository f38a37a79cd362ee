//! `upsc seeds`: the source notes and how many cards cite each.

use std::collections::HashMap;
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
    // Each deck's cards are counted per source note as it is parsed, then dropped.
    let (collection, counts) = super::load_each_for_study(config, |deck| {
        let mut cited: HashMap<String, usize> = HashMap::new();
        for card in &deck.cards {
            // A card counts once for a note, however often it names it.
            for (i, id) in card.source.iter().enumerate() {
                if !card.source[..i].contains(id) {
                    *cited.entry(id.clone()).or_default() += 1;
                }
            }
        }
        cited
    });
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
            cards: counts.iter().filter_map(|c| c.get(&s.id)).sum(),
        })
        .collect();
    if json {
        output::print_json(&rows)?;
        return Ok(Exit::Ok);
    }
    let layout = crate::ui::Layout {
        width: crate::ui::stdout_width(),
    };
    let mut text = String::new();
    for r in &rows {
        let lines = layout
            .paragraph(
                &format!("{}  ({})", r.id, crate::text::plural(r.cards, "card")),
                "",
                "  ",
            )
            .into_iter()
            .chain(layout.paragraph(
                &format!(
                    "{} — {}, {}",
                    r.title,
                    r.outlet.unwrap_or("outlet not named"),
                    r.date.unwrap_or("undated")
                ),
                "    ",
                "    ",
            ));
        for line in lines {
            let _ = writeln!(text, "{line}");
        }
    }
    output::print(&text)?;
    Ok(Exit::Ok)
}
