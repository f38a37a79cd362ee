//! `upsc undo`: taking back the last answer in the review log. (The log's export is
//! `upsc export --format revlog-csv`.)

use crate::config::Config;
use crate::deck::CardKey;
use crate::deck::index::DeckIndex;
use crate::error::Exit;

pub fn run(config: &Config) -> anyhow::Result<Exit> {
    let mut store = super::open_store(config)?;
    match store.undo_last()? {
        Some(key) => {
            let named = match question_of(config, &mut store, &key) {
                Some(question) => format!("to “{question}” (`{key}`)"),
                None => format!("to `{key}`"),
            };
            crate::outln!("Took back the last answer, {named}; its schedule is as it was before.")?
        }
        None => crate::outln!("Nothing to undo: the review log is empty.")?,
    }
    Ok(Exit::Ok)
}

/// What card `key` asks (its headline), cut short, when its deck is still
/// there: only that card is parsed, from the deck index.
fn question_of(config: &Config, store: &mut crate::store::Store, key: &CardKey) -> Option<String> {
    let index = DeckIndex::build(&config.decks, store, false).ok()?;
    let d = index.decks.iter().position(|d| d.id == key.deck)?;
    let c = index.decks[d].cards().position(|id| id == key.card)?;
    let collection = index.load_cards(&[(d, vec![c])]);
    let card = collection.decks.first()?.cards.first()?;
    let headline = crate::ui::safe(&card.headline()).into_owned();
    Some(console::truncate_str(&headline, 70, "…").into_owned())
}
