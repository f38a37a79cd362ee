//! From the text of one deck file to a validated [`Deck`], reporting every problem.
//!
//! The file is parsed by the `toml` crate into its spanned document tree, a card at a time
//! when it can be cut at its `[[card]]` lines ([`cards_apart`]) and else whole; the walk
//! (`walker`) reads the fields it knows, so one pass yields all unknown fields, missing
//! fields, wrong types and broken rules with their exact spans — serde's derive would stop
//! at the first. Cards with problems are left out; the rest of the deck still loads.
//!
//! The jobs are split by module: the entry points are here; `pieces` reads a file a
//! card at a time; `walker` is the typed walk over the TOML tree; `cards` reads the
//! `[deck]` table and what every card has, and hands each card to its kind's reader
//! (`recall`, `mcq`, `statements`, `pairs`, `rows`, `assertion`, `numeric`,
//! with what the written kinds share in `written`); `ids` holds the id helpers.

use std::collections::HashSet;
use std::ops::Range;

use toml::de::DeTable;

use super::diagnostic::Diagnostic;
use super::{Deck, Style};

mod assertion;
mod cards;
mod ids;
mod mcq;
mod numeric;
mod pairs;
mod pieces;
mod recall;
mod rows;
mod statements;
mod walker;
mod written;

#[cfg(test)]
mod tests;

pub use ids::{id_from_question, is_kebab, slug, suggest};
pub use pieces::cards_apart;
pub use walker::control_characters;

use cards::{Cards, finish, read_top};
use pieces::parse_by_card;
use walker::{Table, Walker};

/// What reading a deck file depends on besides its text: handed to every read, never
/// kept by the process, so two reads in one process with different settings never see
/// each other's (a test runs `upsc::run` twice to hold it so).
#[derive(Debug, Clone, Copy, Default)]
pub struct ParseContext<'a> {
    /// The source notes that exist, to report a card citing one that does not; `None`
    /// when citations are not checked.
    pub known_sources: Option<&'a HashSet<String>>,
    /// The house style of a deck that does not say: the settings file's `style`.
    pub style: Style,
}

impl<'a> ParseContext<'a> {
    /// Reading against these source notes, in `style`.
    pub fn new(known_sources: &'a HashSet<String>, style: Style) -> Self {
        ParseContext {
            known_sources: Some(known_sources),
            style,
        }
    }
}

/// A deck as parsed, with what the collection needs to check across files.
#[derive(Debug)]
pub struct ParsedDeck {
    pub deck: Deck,
    /// Span of the deck's `id` value, for "defined twice" messages.
    pub id_span: Range<usize>,
    /// Every source id the file cites, known or not, sorted: whether the file reads the
    /// same depends on which of these exist (see [`super::index`]).
    pub cited: Vec<String>,
}

/// Parses and validates one deck file. Returns the deck when it is usable (possibly with
/// some cards left out), and every diagnostic found.
///
/// A file over 256 KiB that can be cut at its `[[card]]` lines ([`cards_apart`])
/// is read a few cards at a time, so an 8 MB deck is never held as one TOML tree (~18
/// times the file's size); the deck and the diagnostics, spans included, are the ones
/// reading the whole file gives, which is what happens to any other file.
pub fn parse_deck(
    source: &str,
    context: ParseContext<'_>,
) -> (Option<ParsedDeck>, Vec<Diagnostic>) {
    let by_card = (source.len() > WHOLE_BYTES)
        .then(|| parse_by_card(source, context))
        .flatten();
    by_card.unwrap_or_else(|| parse_whole(source, context))
}

/// Files up to this size are parsed whole (a tree of ~5 MB at most): a file read in
/// pieces has its cards' texts spread among the pieces' freed trees, which made linting
/// the bench's 500 files of 84 KB 8% slower.
const WHOLE_BYTES: usize = 256 * 1024;

/// [`parse_deck`] holding the whole file as one TOML tree.
fn parse_whole(source: &str, context: ParseContext<'_>) -> (Option<ParsedDeck>, Vec<Diagnostic>) {
    let (document, errors) = DeTable::parse_recoverable(source);
    if !errors.is_empty() {
        let diagnostics = errors
            .iter()
            .map(|e| {
                let message = e.message().trim().trim_end_matches('.').to_string();
                let message = message.lines().next().unwrap_or("invalid TOML").to_string();
                Diagnostic::error(format!("invalid TOML: {message}"), e.span())
            })
            .collect();
        return (None, diagnostics);
    }
    let mut walker = Walker::new(context);
    let root = Table::new(document.get_ref(), 0..0, "the file");
    let (outside_cards, head) = read_top(&mut walker, &root);
    let deck = head.and_then(|head| {
        let mut cards = Cards::new(head.style, 0);
        match root.get("card") {
            // A deck with no cards yet is valid: `upsc new` makes one, with its examples
            // commented out, for `upsc add` to fill. (A misspelt `[[cards]]` is still
            // caught as an unknown field.)
            None => {}
            Some(value) => match value.get_ref().as_array() {
                None => {
                    walker.wrong_type("card", "an array of tables (`[[card]]`)", value);
                }
                Some(items) => cards.read(&mut walker, items, source, 0),
            },
        }
        finish(&mut walker, head, cards.cards)
    });
    if outside_cards {
        return (None, walker.diagnostics);
    }
    (deck, walker.diagnostics)
}

/// The deck of a file as [`parse_deck`] reads it, without its cards, and the problems
/// of everything but its cards; `None` when the file cannot be read that way (then
/// [`parse_deck`] reads it). The part before the first `[[card]]` line is read by
/// [`parse_deck`], and each card only checked to be TOML ([`cards_apart`]). So a deck
/// file of 8 MB is never held as one TOML tree (~140 MB); the answer is the one
/// [`parse_deck`] gives: usable or not, and the same `[deck]` table.
pub fn parse_outline(
    source: &str,
    context: ParseContext<'_>,
) -> Option<(Option<ParsedDeck>, Vec<Diagnostic>)> {
    let head = cards_apart(source, |_, _| {})?;
    Some(parse_whole(&source[..head], context))
}
