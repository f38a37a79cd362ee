//! A paper drawn from the deck index, as `upsc paper` prints it and `upsc test --paper`
//! draws it again to score a sheet: one way of choosing, so that the paper typed back is
//! the paper that was printed.
//!
//! The cards are planned from the index ([`super::plan`]: which match, which are asked
//! as pick-one questions), only the planned ones are parsed, and [`super::ask`] words
//! them.

use std::collections::HashSet;

use crate::deck::Kind;
use crate::deck::index::DeckIndex;
use crate::deck::load::Collection;
use crate::study::{self, Selection, Slot};

use super::{Choose, Order, Paper};

/// A paper and the cards it was made from (for what a mock test stores of each card).
pub struct Drawn {
    pub paper: Paper,
    /// The parsed cards of the paper's questions, and the problems met reading them.
    pub collection: Collection,
    /// How many cards matched the filters, pick-one or not.
    pub matching: usize,
}

/// The paper of at most `wanted` questions on the cards of `index` that match
/// `selection`, chosen in `order`. An error when no card matches at all; a paper with
/// no question (only recall or numeric cards match) is returned for the caller to
/// explain.
pub fn from_index(
    index: &DeckIndex,
    selection: &Selection,
    wanted: usize,
    order: Order,
) -> anyhow::Result<Drawn> {
    let covers = study::describe(selection);
    let slots = study::matching_in(&index.decks, selection, |_| true);
    if slots.is_empty() {
        return Err(crate::error::nothing_matches(&covers));
    }
    let choose = Choose {
        count: wanted,
        order,
        covers,
    };
    let pick_one: HashSet<Slot> = study::matching_in(&index.decks, selection, |kind| {
        Kind::parse(kind).is_some_and(crate::question::asked_as_choice)
    })
    .into_iter()
    .collect();
    let keys: Vec<(&str, bool)> = slots
        .iter()
        .map(|slot| {
            let deck = index.decks.get(slot.deck).map_or("", |d| d.id.as_str());
            (deck, pick_one.contains(slot))
        })
        .collect();
    let (planned, mut draw) = super::plan(&keys, wanted, order);
    let planned: Vec<Slot> = planned
        .iter()
        .filter_map(|&i| slots.get(i).copied())
        .collect();
    let collection = index.load_cards(&study::cards_of(&planned));
    let paper = {
        let picks = study::picks(&planned, &index.decks, &collection);
        super::ask(&picks, &choose, &mut draw)
    };
    Ok(Drawn {
        paper,
        collection,
        matching: slots.len(),
    })
}
