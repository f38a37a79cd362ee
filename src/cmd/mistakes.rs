//! `upsc mistakes`: the mistake book — every card answered wrong and not yet answered
//! right twice in a row since, most recent mistake first, with the wrong answer given.

mod why;

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use crate::cli::{MistakesArgs, MistakesBy};
use crate::config::Config;
use crate::deck::index::DeckIndex;
use crate::error::Exit;
use crate::output;
use crate::store::Mistake;
use crate::text::plural;
use crate::ui::Layout;

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
    super::warn(&index.problems);
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
    // The text view shows each card's question as asked (its statements as written) and
    // its right answer; the JSON keeps the one-line headline.
    let asked: HashMap<(&str, &str), Asked> = if json {
        HashMap::new()
    } else {
        collection
            .decks
            .iter()
            .flat_map(|d| {
                d.cards.iter().map(move |c| {
                    let q = crate::question::present_all(c);
                    ((d.id.as_str(), c.id.as_str()), Asked::of(q))
                })
            })
            .collect()
    };
    let entries: Vec<why::Entry> = book
        .iter()
        .map(|m| why::Entry {
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
        let changed = why::reclassify(
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
        return why::by_why(&store, &entries, json);
    }
    let reasons = why::reasons(&store)?;
    let rows: Vec<Row> = book
        .iter()
        .map(|m| {
            let question = headlines.get(&(m.deck.as_str(), m.id.as_str())).cloned();
            Row {
                mistake: m,
                orphaned: question.is_none(),
                question,
                why: reasons
                    .get(&m.key())
                    .map_or(crate::coach::why::Why::Unclassed, |r| r.why),
            }
        })
        .collect();
    if json {
        output::print_json(&rows)?;
        return Ok(Exit::Ok);
    }
    // Answers the learner overruled are right answers, not mistakes: said so, not listed.
    let overridden = store.overridden()?;
    let overruled = (overridden > 0).then(|| {
        format!(
            "{} you overruled (\"I was right\") {} as right, not as mistakes.",
            plural(overridden, "answer"),
            if overridden == 1 { "counts" } else { "count" },
        )
    });
    if rows.is_empty() {
        output::print("The mistake book is empty.\n")?;
        if let Some(overruled) = overruled {
            output::print(&format!("{overruled}\n"))?;
        }
        return Ok(Exit::Ok);
    }
    let width = crate::ui::stdout_width();
    let layout = Layout { width };
    let mut text = String::new();
    let mut add = |lines: Vec<String>| {
        for line in lines {
            text.push_str(&line);
            text.push('\n');
        }
    };
    add(layout.paragraph(
        &format!(
            "Mistake book: {} (a card leaves after two right answers in a row)",
            plural(rows.len(), "card")
        ),
        "",
        "  ",
    ));
    for row in &rows {
        let m = row.mistake;
        let given = if m.given.trim().is_empty() {
            "no answer"
        } else {
            m.given.trim()
        };
        add(vec![String::new()]);
        // The card's id on a line of its own: only an id longer than the line is cut.
        add(layout.paragraph(&format!("{}/{}", m.deck, m.id), "", ""));
        add(layout.paragraph(
            &format!(
                "wrong {}×, right {}× since; last wrong {} ({})",
                m.times_wrong,
                m.right_since,
                m.answered_at.format("%d %b %Y"),
                m.mode
            ),
            "  ",
            "    ",
        ));
        match asked.get(&(m.deck.as_str(), m.id.as_str())) {
            Some(q) => {
                // The question indented under its heading line, as a block (numbered
                // statements hang under their numbers; a table stays a table).
                let inner = Layout {
                    width: width.map(|w| w.saturating_sub(2).max(20)),
                };
                add(inner
                    .block(&q.text)
                    .into_iter()
                    .map(|l| format!("  {l}"))
                    .collect());
                add(layout.paragraph(&q.answer, "  Right answer: ", "    "));
            }
            None => add(vec!["  (no longer in its deck; history kept)".to_string()]),
        }
        add(layout.paragraph(given, "  You answered: ", "    "));
    }
    add(vec![String::new()]);
    add(layout.paragraph("Run `upsc quiz --mistakes` to work through them.", "", ""));
    if let Some(overruled) = overruled {
        add(layout.paragraph(&overruled, "", ""));
    }
    output::print(&text)?;
    Ok(Exit::Ok)
}

/// A card's question as asked with its statements as written, and its right answer
/// without an option letter (the learner's options were lettered in another order).
struct Asked {
    text: String,
    answer: String,
}

impl Asked {
    fn of(q: crate::question::Question) -> Asked {
        let answer = match q.answer_text.split_once(") ") {
            Some((letter, rest))
                if letter.starts_with('(') && letter.len() <= 3 && !rest.is_empty() =>
            {
                rest.to_string()
            }
            _ => q.answer_text,
        };
        Asked {
            text: q.text,
            answer,
        }
    }
}
