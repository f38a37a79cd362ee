//! `upsc quiz`: a practice set on a topic, or a round on the mistake book.

use std::collections::{HashMap, HashSet};
use std::io::IsTerminal;

use rand::seq::SliceRandom;

use super::warn;
use crate::cli::QuizArgs;
use crate::config::Config;
use crate::error::Exit;
use crate::session::{Clock, Mode, Session};
use crate::study::{self, Pick, Slot};
use crate::ui::TermConsole;

pub fn run(config: &Config, args: &QuizArgs) -> anyhow::Result<Exit> {
    crate::ui::require_terminal(
        "quiz",
        "run `upsc mistakes` to list the mistake book, or `upsc cards --json` for the cards",
    )?;
    let settings = super::settings(
        config,
        &crate::settings::Flags {
            self_grade: args.self_grade.then_some(true),
            ..Default::default()
        },
    )?;
    let (mut store, index) = super::indexed_selection(config, &args.selection)?;
    let scheduler = super::scheduler(&settings, &store)?;
    let wanted = args.questions as usize;
    let mut all = study::matching_in(&index.decks, &args.selection, |_| true);
    let chosen: Vec<Slot> = if args.mistakes {
        let book = store.mistakes()?;
        if book.is_empty() {
            crate::sayln!(
                "The mistake book is empty: every card you got wrong has since been answered right twice in a row."
            )?;
            return Ok(Exit::Ok);
        }
        let in_book: HashSet<(&str, &str)> = book
            .iter()
            .map(|m| (m.deck.as_str(), m.id.as_str()))
            .collect();
        let matching: HashSet<Slot> = all.iter().copied().collect();
        let mut by_key: HashMap<(&str, &str), Slot> = HashMap::new();
        for (d, deck) in index.decks.iter().enumerate() {
            for (c, id) in deck.cards().enumerate() {
                let slot = Slot { deck: d, card: c };
                if in_book.contains(&(deck.id.as_str(), id)) && matching.contains(&slot) {
                    by_key.insert((deck.id.as_str(), id), slot);
                }
            }
        }
        let chosen: Vec<Slot> = book
            .iter()
            .filter_map(|m| by_key.get(&(m.deck.as_str(), m.id.as_str())).copied())
            .take(wanted)
            .collect();
        if chosen.is_empty() {
            anyhow::bail!(
                "none of the {} cards in the mistake book matches {}; run `upsc mistakes` to see them",
                book.len(),
                study::describe(&args.selection)
            );
        }
        chosen
    } else {
        if all.is_empty() {
            return Err(crate::error::nothing_matches(&study::describe(
                &args.selection,
            )));
        }
        all.shuffle(&mut rand::rng());
        all.truncate(wanted);
        all
    };
    let collection = index.load_cards(&study::cards_of(&chosen));
    warn(&collection.problems());
    let picks: Vec<Pick> = study::picks(&chosen, &index.decks, &collection);
    let what = if args.mistakes {
        "from your mistake book".to_string()
    } else {
        format!("on {}", study::describe(&args.selection))
    };
    crate::sayln!(
        "Quiz: {} {what}{}. Each answer is saved as you give it; q or Esc stops.",
        crate::text::Count::new(picks.len(), "question", "questions"),
        if args.no_schedule {
            " (practice only: your revision schedule is not changed)"
        } else {
            ""
        }
    )?;
    let mut session = Session {
        store: &mut store,
        scheduler: &scheduler,
        collection: &collection,
        clock: Clock::starting_at(config.now),
        colour: crate::ui::colour_wanted(std::io::stdout().is_terminal()),
        mode: Mode::Quiz {
            schedule: !args.no_schedule,
        },
        self_grade: settings.self_grade.value,
    };
    let tally = {
        let mut console = TermConsole::stdout().map_err(|_| {
            anyhow::anyhow!("cannot take the terminal; run upsc in an interactive terminal")
        })?;
        session.run(&mut console, picks)?
        // The console gives the terminal back here, before the summary is printed.
    };
    for line in &tally.said {
        crate::sayln!("{line}")?;
    }
    crate::sayln!()?;
    if tally.answered == 0 {
        crate::sayln!(
            "Quiz over: nothing answered, {:.1} minutes.",
            tally.seconds / 60.0
        )?;
    } else {
        crate::sayln!(
            "Quiz over: {} of {} right ({:.0}%) in {:.1} minutes.",
            tally.correct,
            tally.answered,
            100.0 * tally.correct as f64 / tally.answered as f64,
            tally.seconds / 60.0
        )?;
    }
    let in_book = store.mistakes()?.len();
    if !tally.wrong.is_empty() || in_book > 0 {
        crate::sayln!(
            "Mistake book: {}. Run `upsc quiz --mistakes` for another round.",
            crate::text::Count::new(in_book, "card", "cards")
        )?;
    }
    Ok(Exit::Ok)
}
