//! `upsc add [DECK-ID]`: refused without a terminal to ask on; otherwise the deck is
//! chosen (named, the only one of the user's own, or picked from a list), the form of
//! [`crate::author::form`] writes the card, and [`crate::author::form::append`] adds it
//! to the deck file.

use std::io::Write as _;

use crate::author::form::{self, Target};
use crate::cli::AddArgs;
use crate::config::Config;
use crate::deck::load::Collection;
use crate::error::{Exit, UsageError};
use crate::ui::Stop;
use crate::ui::prompt::{Prompter, Terminal};

pub fn run(config: &Config, args: &AddArgs) -> anyhow::Result<Exit> {
    crate::ui::require_terminal(
        "add",
        "write the card into the deck file (see docs/deck-format.md) or use `upsc import`",
    )?;
    // The deck chosen and the source notes; the cards already written are read from the
    // file itself.
    let collection = Collection::load_deck_tables(&config.decks);
    let known = crate::author::known_sources(&collection);
    let mut terminal = Terminal::new();
    let deck = match args.deck.as_deref() {
        Some(id) => crate::author::writable_deck(&collection, id)?,
        None => {
            let decks = crate::author::writable_decks(&collection);
            match decks.as_slice() {
                [] => {
                    return Err(UsageError(
                        "you have no deck of your own to add to; create one with `upsc new DECK-ID`"
                            .to_string(),
                    )
                    .into());
                }
                [one] => *one,
                several => {
                    let items: Vec<String> = several
                        .iter()
                        .map(|d| format!("{} — {}", d.id, d.title))
                        .collect();
                    match terminal.select("Add a card to which deck?", &items, 0) {
                        Ok(i) => several[i.min(several.len() - 1)],
                        Err(stop) => return stopped(stop, "no deck was changed"),
                    }
                }
            }
        }
    };
    let path = crate::author::deck_file(deck)?;
    let taken = crate::author::ids_in_text(&path, &crate::author::read_for_edit(&path)?)?;
    let target = Target::for_deck(
        deck,
        path.clone(),
        &collection,
        &known,
        Some(config.home.join("seeds")),
    );
    terminal.say(&format!(
        "Adding a card to `{}` ({}). Ctrl-C (or Esc in a list) cancels and leaves the file as it is.",
        deck.id,
        path.display()
    ));
    let (card, parsed) = match form::write_card(&mut terminal, &target, &taken) {
        Ok(done) => done,
        Err(stop) => {
            return stopped(stop, &format!("`{}` is unchanged", path.display()));
        }
    };
    let context = crate::deck::parse::ParseContext::new(&known, deck.style);
    let id = form::append(&path, card, &parsed, context)?;
    terminal.say(&format!(
        "Added card `{id}` to deck `{}` ({}).",
        deck.id,
        path.display()
    ));
    Ok(Exit::Ok)
}

/// A stop in the form: Ctrl-C or Esc says what was left as it was (exit 1); a terminal
/// that failed is an error.
fn stopped(stop: Stop, what: &str) -> anyhow::Result<Exit> {
    match stop {
        Stop::Quit => {
            // As the form left the line: unwrapped, so that the path stays whole.
            let _ = writeln!(std::io::stderr(), "upsc: cancelled; {what}");
            Ok(Exit::Failure)
        }
        Stop::Io(e) => Err(anyhow::Error::new(e).context("the terminal failed")),
    }
}
