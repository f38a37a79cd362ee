//! Reading a deck file a card at a time: cutting it at its `[[card]]` lines and reading
//! the pieces, so a deck of 8 MB is never held as one TOML tree.

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::cards::{Cards, finish, read_top};
use super::walker::{Table, Walker};
use super::{ParseContext, ParsedDeck};
use crate::deck::diagnostic::Diagnostic;

/// The least a piece of a deck file read by [`parse_by_card`] holds, from one of its
/// `[[card]]` lines to a later one: its TOML tree is ~18 times its size, and parsing a
/// file in one piece per card cost ~8% more time than whole.
pub(super) const PIECE_BYTES: usize = 64 * 1024;

/// [`parse_deck`](super::parse_deck) a card at a time, as [`cards_apart`] cuts the file; `None` when it
/// cannot cut it (then the whole file is read).
pub(super) fn parse_by_card(
    source: &str,
    context: ParseContext<'_>,
) -> Option<(Option<ParsedDeck>, Vec<Diagnostic>)> {
    parse_in_pieces(source, context, PIECE_BYTES)
}

/// [`parse_by_card`] with pieces of at least `piece_bytes` (but the last): the part before
/// the first card is read as the file would be, then each piece's cards, their spans
/// moved by the piece's start.
pub(super) fn parse_in_pieces(
    source: &str,
    context: ParseContext<'_>,
    piece_bytes: usize,
) -> Option<(Option<ParsedDeck>, Vec<Diagnostic>)> {
    let (document, cuts) = head_and_cuts(source)?;
    let mut walker = Walker::new(context);
    let root = Table::new(document.get_ref(), 0..0, "the file");
    let (outside_cards, head) = read_top(&mut walker, &root);
    drop(document);
    let mut cards = head.as_ref().map(|head| Cards::new(head.style, cuts.len()));
    let mut last: Option<usize> = None;
    let cuts: Vec<usize> = cuts
        .into_iter()
        .filter(|&cut| {
            let keep = last.is_none_or(|last| cut - last >= piece_bytes);
            if keep {
                last = Some(cut);
            }
            keep
        })
        .collect();
    for (from, table) in pieces(source, &cuts) {
        // A piece that cannot be read alone sends the whole file to `parse_whole`, which
        // reports it.
        let table = table?;
        // Without a usable `[deck]` table the cards are not read, but they must still be
        // TOML for the file to read as it does whole.
        if let Some(cards) = &mut cards
            && let Some(DeValue::Array(items)) = table.get_ref().get("card").map(|v| v.get_ref())
        {
            cards.read(&mut walker, items, source, from);
        }
    }
    let deck = match (head, cards) {
        (Some(head), Some(cards)) => finish(&mut walker, head, cards.cards),
        _ => None,
    };
    if outside_cards {
        return Some((None, walker.diagnostics));
    }
    Some((deck, walker.diagnostics))
}

/// Reads a deck file a card at a time: the file is cut at its `[[card]]` lines, and each
/// piece from one to the next (its start in the file, and its TOML) is handed to `each`
/// in order. Returns where the first card starts, or `None` when the file cannot be read
/// that way (no `[[card]]` line, a `card` key before the first, a piece that is not TOML
/// or holds anything but cards; some pieces may have been handed over by then). A cut
/// inside a string or an array leaves a piece that does not parse, so the pieces are the
/// file's cards, and the part before them holds the rest of the file.
pub fn cards_apart(source: &str, mut each: impl FnMut(usize, &DeTable<'_>)) -> Option<usize> {
    let (_, cuts) = head_and_cuts(source)?;
    for (from, table) in pieces(source, &cuts) {
        each(from, table?.get_ref());
    }
    cuts.first().copied()
}

/// The TOML of the part of `source` before its first `[[card]]` line, and where each
/// such line starts; `None` when there is none, or that part is not TOML or has a
/// `card` key (which would make the file one whole).
pub(super) fn head_and_cuts(source: &str) -> Option<(Spanned<DeTable<'_>>, Vec<usize>)> {
    // The lines that are `[[card]]` and spaces, found by searching for the text rather
    // than looking at every line.
    let cuts: Vec<usize> = source
        .match_indices("[[card]]")
        .map(|(at, _)| at)
        .filter(|&at| {
            let rest = &source[at + "[[card]]".len()..];
            let rest = rest.split('\n').next().unwrap_or_default();
            (at == 0 || source.as_bytes()[at - 1] == b'\n') && rest.trim_end().is_empty()
        })
        .collect();
    let first = *cuts.first()?;
    let head = DeTable::parse(&source[..first]).ok()?;
    if head
        .get_ref()
        .iter()
        .any(|(key, _)| key.get_ref() == "card")
    {
        return None;
    }
    Some((head, cuts))
}

/// Each piece of `source` from one cut to the next (or the end), with its TOML; `None`
/// for a piece that is not TOML or holds anything but cards.
pub(super) fn pieces<'s>(
    source: &'s str,
    cuts: &[usize],
) -> impl Iterator<Item = (usize, Option<Spanned<DeTable<'s>>>)> {
    let ends = cuts.iter().skip(1).copied().chain([source.len()]);
    cuts.iter().copied().zip(ends).map(move |(from, to)| {
        let (table, errors) = DeTable::parse_recoverable(&source[from..to]);
        let only_cards = table
            .get_ref()
            .iter()
            .all(|(key, _)| key.get_ref() == "card");
        (from, (errors.is_empty() && only_cards).then_some(table))
    })
}
