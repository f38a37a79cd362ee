//! `upsc mistakes`: the mistake book — every card answered wrong and not yet answered
//! right twice in a row since, most recent mistake first, with the wrong answer given.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use serde::Serialize;

use crate::cli::{MistakesArgs, MistakesBy};
use crate::config::Config;
use crate::deck::index::DeckIndex;
use crate::error::Exit;
use crate::output;
use crate::store::Mistake;

#[derive(Serialize)]
struct Row<'a> {
    #[serde(flatten)]
    mistake: &'a Mistake,
    /// What the card asks, when its deck still has it.
    question: Option<String>,
    /// The card is no longer in its deck; its history is kept.
    orphaned: bool,
    /// Why it went wrong (`upsc mistakes --by why`).
    why: crate::coach::why::Why,
}

pub fn run(config: &Config, args: &MistakesArgs) -> anyhow::Result<Exit> {
    let json = args.json;
    if args.reclassify {
        crate::ui::require_terminal(
            "mistakes --reclassify",
            "run `upsc mistakes --by why` to see the classes",
        )?;
    }
    let mut store = super::open_store(config)?;
    let book = store.mistakes()?;
    // Only the cards in the book are parsed, found through the deck index and read from
    // their byte spans: the book is a few dozen cards of perhaps a hundred thousand.
    let index = DeckIndex::build(&config.decks, &mut store, false)?;
    index.warn();
    let wanted: HashSet<(&str, &str)> = book
        .iter()
        .map(|m| (m.deck.as_str(), m.id.as_str()))
        .collect();
    let cards: Vec<(usize, Vec<usize>)> = index
        .decks
        .iter()
        .enumerate()
        .filter_map(|(d, deck)| {
            let held: Vec<usize> = deck
                .cards()
                .enumerate()
                .filter(|(_, id)| wanted.contains(&(deck.id.as_str(), *id)))
                .map(|(c, _)| c)
                .collect();
            (!held.is_empty()).then_some((d, held))
        })
        .collect();
    let collection = index.load_cards(&cards);
    let headlines: HashMap<(&str, &str), String> = collection
        .decks
        .iter()
        .flat_map(|d| {
            d.cards
                .iter()
                .map(move |c| ((d.id.as_str(), c.id.as_str()), c.headline()))
        })
        .collect();
    let entries: Vec<super::why::Entry> = book
        .iter()
        .map(|m| super::why::Entry {
            mistake: m,
            question: headlines
                .get(&(m.deck.as_str(), m.id.as_str()))
                .map(String::as_str),
        })
        .collect();
    if args.reclassify {
        let mut console = crate::ui::TermConsole::stdout().map_err(|_| {
            anyhow::anyhow!("cannot take the terminal; run upsc in an interactive terminal")
        })?;
        let colour = crate::ui::colour_wanted(true);
        let changed = super::why::reclassify(
            &mut store,
            &entries,
            &mut console,
            &crate::ui::Styles::new(colour),
        )?;
        drop(console);
        crate::sayln!(
            "{changed} class{} changed; `upsc mistakes --by why` shows the book by reason.",
            if changed == 1 { "" } else { "es" }
        )?;
        return Ok(Exit::Ok);
    }
    if args.by == Some(MistakesBy::Why) {
        return super::why::by_why(&store, &entries, json);
    }
    let reasons = super::why::reasons(&store)?;
    let rows: Vec<Row> = book
        .iter()
        .map(|m| {
            let question = headlines.get(&(m.deck.as_str(), m.id.as_str())).cloned();
            Row {
                mistake: m,
                orphaned: question.is_none(),
                question,
                why: reasons
                    .get(&(m.deck.clone(), m.id.clone()))
                    .map_or(crate::coach::why::Why::Unclassed, |r| r.why),
            }
        })
        .collect();
    if json {
        output::print_json(&rows)?;
        return Ok(Exit::Ok);
    }
    if rows.is_empty() {
        output::print("The mistake book is empty.\n")?;
        return Ok(Exit::Ok);
    }
    let mut text = format!(
        "Mistake book: {} card{} (a card leaves after two right answers in a row)\n",
        rows.len(),
        if rows.len() == 1 { "" } else { "s" }
    );
    for row in &rows {
        let m = row.mistake;
        let given = if m.given.trim().is_empty() {
            "no answer"
        } else {
            m.given.trim()
        };
        let _ = writeln!(
            text,
            "\n{}  {}/{}  wrong {}×, right since {}  ({})",
            m.answered_at.format("%d %b %Y"),
            m.deck,
            m.id,
            m.times_wrong,
            m.right_since,
            m.mode
        );
        match &row.question {
            Some(q) => {
                let _ = writeln!(text, "  {}", shorten(q, 76));
            }
            None => {
                let _ = writeln!(text, "  (no longer in its deck; history kept)");
            }
        }
        let _ = writeln!(text, "  you answered: {}", shorten(given, 62));
    }
    text.push_str("\nRun `upsc quiz --mistakes` to work through them.\n");
    output::print(&text)?;
    Ok(Exit::Ok)
}

/// Cuts text to `width` characters, ending with an ellipsis when cut.
pub fn shorten(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        text.to_string()
    } else {
        let cut: String = text.chars().take(width.saturating_sub(1)).collect();
        format!("{}…", cut.trim_end())
    }
}
