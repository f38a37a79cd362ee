//! The mistake book by reason (`upsc mistakes --by why`): each card's newest wrong answer
//! classed as overconfidence, an elimination error, a knowledge gap or a misread
//! ([`crate::coach::why`]), the cards answered right on a guess beside them, and
//! `--reclassify`, which walks through the book on a terminal and takes a corrected class
//! with one key.

use std::collections::HashMap;

use serde::Serialize;

use crate::coach::why::Why;
use crate::deck::CardKey;
use crate::error::Exit;
use crate::output;
use crate::store::Mistake;
use crate::store::Store;
use crate::store::why::{Guessed, Reason};
use crate::ui::{Console, Key, Stop, Styles};

/// A card of the book with what `mistakes` shows of it.
pub(super) struct Entry<'a> {
    pub mistake: &'a Mistake,
    pub question: Option<&'a str>,
}

/// The class of every card in the book, by its key.
pub(super) fn reasons(store: &Store) -> anyhow::Result<HashMap<CardKey, Reason>> {
    Ok(store
        .mistake_reasons()?
        .into_iter()
        .map(|r| (r.card.clone(), r))
        .collect())
}

fn reason_of<'r>(reasons: &'r HashMap<CardKey, Reason>, m: &Mistake) -> Option<&'r Reason> {
    reasons.get(&m.key())
}

#[derive(Serialize)]
struct Card<'a> {
    #[serde(flatten)]
    mistake: &'a Mistake,
    question: Option<&'a str>,
    orphaned: bool,
    why: Why,
    why_corrected: bool,
}

#[derive(Serialize)]
struct Group<'a> {
    why: Why,
    cards: Vec<Card<'a>>,
}

#[derive(Serialize)]
struct ByWhy<'a> {
    groups: Vec<Group<'a>>,
    right_but_guessed: &'a [Guessed],
}

/// `mistakes --by why`: the book grouped by reason, then the right answers that were
/// guesses.
pub(super) fn by_why(store: &Store, entries: &[Entry], json: bool) -> anyhow::Result<Exit> {
    let reasons = reasons(store)?;
    let guessed = store.right_but_guessed()?;
    let groups: Vec<Group> = Why::ALL
        .into_iter()
        .map(|why| Group {
            why,
            cards: entries
                .iter()
                .filter_map(|e| {
                    let reason = reason_of(&reasons, e.mistake);
                    (reason.map_or(Why::Unclassed, |r| r.why) == why).then(|| Card {
                        mistake: e.mistake,
                        question: e.question,
                        orphaned: e.question.is_none(),
                        why,
                        why_corrected: reason.is_some_and(|r| r.corrected),
                    })
                })
                .collect(),
        })
        .filter(|g| !g.cards.is_empty())
        .collect();
    if json {
        output::print_json(&ByWhy {
            groups,
            right_but_guessed: &guessed,
        })?;
        return Ok(Exit::Ok);
    }
    // Laid out for the terminal's width (wrapped with hanging indents); piped, a line each.
    let layout = crate::ui::Layout {
        width: crate::ui::stdout_width(),
    };
    let mut text = String::new();
    let mut say = |line: &str, first: &str, rest: &str| {
        for l in layout.paragraph(line, first, rest) {
            text.push_str(&l);
            text.push('\n');
        }
    };
    if groups.is_empty() {
        say("The mistake book is empty.", "", "");
    }
    for group in &groups {
        say(
            &format!("{}: {}", group.why.title(), group.cards.len()),
            "",
            "  ",
        );
        for card in &group.cards {
            let m = card.mistake;
            let given = if m.given.trim().is_empty() {
                "no answer"
            } else {
                m.given.trim()
            };
            say(
                &format!(
                    "{}/{}{}  {}",
                    m.deck,
                    m.id,
                    if card.why_corrected {
                        " (your class)"
                    } else {
                        ""
                    },
                    m.answered_at.format("%d %b %Y")
                ),
                "  ",
                "    ",
            );
            if let Some(q) = card.question {
                say(q, "    ", "    ");
            }
            say(given, "    you answered: ", "      ");
        }
        say("", "", "");
    }
    if !guessed.is_empty() {
        say(
            &format!(
                "Right but guessed (luck this time; worth revising): {}",
                guessed.len()
            ),
            "",
            "  ",
        );
        for g in &guessed {
            say(
                &format!(
                    "{}/{}  {}  {}",
                    g.deck,
                    g.id,
                    g.answered_at.format("%d %b %Y"),
                    g.given
                ),
                "  ",
                "    ",
            );
        }
        say("", "", "");
    }
    if !groups.is_empty() {
        say(
            "A class is wrong? `upsc mistakes --reclassify` corrects it with one key.",
            "",
            "",
        );
    }
    output::print(&text)?;
    Ok(Exit::Ok)
}

/// `mistakes --reclassify`: each card of the book with its class; `o`, `e`, `k`, `m` or
/// `u` keeps a new class at once, Enter keeps the one shown, `q` or Esc stops.
pub(super) fn reclassify(
    store: &mut Store,
    entries: &[Entry],
    console: &mut dyn Console,
    styles: &Styles,
) -> anyhow::Result<usize> {
    let reasons = reasons(store)?;
    let terminal = |e: std::io::Error| anyhow::Error::new(e).context("the terminal failed");
    let mut changed = 0;
    let layout = console.layout();
    let keys = Why::ALL
        .iter()
        .map(|w| format!("{} {}", w.key(), w.as_str().replace('-', " ")))
        .collect::<Vec<_>>()
        .join(" · ");
    let classed: Vec<(&Entry, &Reason)> = entries
        .iter()
        .filter_map(|e| reason_of(&reasons, e.mistake).map(|r| (e, r)))
        .filter(|(_, r)| r.event.is_some())
        .collect();
    for (n, (entry, reason)) in classed.iter().enumerate() {
        let Some(event) = &reason.event else {
            continue;
        };
        let m = entry.mistake;
        let mut lines = vec![String::new()];
        lines.extend(
            layout
                .paragraph(
                    &format!(
                        "[{} of {}] {}/{}: {}",
                        n + 1,
                        classed.len(),
                        m.deck,
                        m.id,
                        reason.why.as_str()
                    ),
                    "",
                    "  ",
                )
                .into_iter()
                .map(|l| styles.bold.apply_to(l).to_string()),
        );
        if let Some(q) = entry.question {
            lines.extend(layout.paragraph(q, "  ", "  "));
        }
        let given = if m.given.trim().is_empty() {
            "no answer"
        } else {
            m.given.trim()
        };
        lines.extend(layout.paragraph(&format!("you answered: {given}"), "  ", "  "));
        lines.extend(
            layout
                .paragraph(&format!("{keys} · Enter keep · q stop"), "", "")
                .into_iter()
                .map(|l| styles.dim.apply_to(l).to_string()),
        );
        let shown = (|| -> Result<Key, Stop> {
            for line in &lines {
                console.line(line)?;
            }
            loop {
                match console.key()? {
                    Key::Char(c) if Why::from_key(c).is_some() => return Ok(Key::Char(c)),
                    key @ (Key::Enter | Key::Escape | Key::CtrlC | Key::Char('q')) => {
                        return Ok(key);
                    }
                    _ => continue,
                }
            }
        })();
        let key = match shown {
            Ok(key) => key,
            Err(Stop::Quit) => break,
            Err(Stop::Io(e)) => return Err(terminal(e)),
        };
        let why = match key {
            Key::Enter => continue,
            Key::Char(c) => match Why::from_key(c) {
                Some(why) => why,
                None => break,
            },
            _ => break,
        };
        store.set_mistake_why(event, why)?;
        changed += usize::from(why != reason.why);
        let said = format!("  kept as {}", why.as_str());
        if let Err(Stop::Io(e)) = console.line(&styles.good.apply_to(said).to_string()) {
            return Err(terminal(e));
        }
    }
    Ok(changed)
}
