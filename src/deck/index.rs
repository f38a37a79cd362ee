//! The deck index: which deck and which card ids each deck file holds, kept in the
//! progress store so that counting what is due does not parse unchanged decks.
//!
//! A file's entry is trusted while its size and modification time are unchanged; when
//! they change, the file is read and hashed, and parsed only if its content changed too.

use std::collections::HashSet;
use std::time::UNIX_EPOCH;

use super::diagnostic::FileReport;
use super::load::{Collection, DeckSource, bundled, read, seeds_dir_for, walk};
use super::parse::parse_deck;
use crate::store::Store;

/// The card ids of one deck, in file order.
#[derive(Debug, Clone, PartialEq)]
pub struct DeckCards {
    pub deck: String,
    pub cards: Vec<String>,
}

/// The decks and card ids reachable from `sources`, from the index where it is current.
/// Deck ids already seen are skipped, as the full loader does; files that cannot be read
/// come back as reports.
pub fn deck_cards(
    sources: &[DeckSource],
    store: &Store,
) -> anyhow::Result<(Vec<DeckCards>, Vec<FileReport>)> {
    let seeds = Collection::load_seeds(sources);
    let known: HashSet<String> = seeds.seeds.iter().map(|s| s.id.clone()).collect();
    let mut reports = seeds.reports;
    let mut index = store.deck_index()?;
    let mut decks: Vec<DeckCards> = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    let mut push = |found: DeckCards, decks: &mut Vec<DeckCards>| {
        if seen.insert(found.deck.clone()) {
            decks.push(found);
        }
    };
    let parse = |text: &str| {
        parse_deck(text, Some(&known)).0.map(|p| DeckCards {
            deck: p.deck.id,
            cards: p.deck.cards.into_iter().map(|c| c.id).collect(),
        })
    };
    for source in sources {
        match source {
            DeckSource::Bundled => {
                // Small and compiled in: parsing them is cheaper than a look-up per file.
                for (_, text) in bundled::DECKS {
                    if let Some(found) = parse(text) {
                        push(found, &mut decks);
                    }
                }
            }
            DeckSource::Path(root) => {
                let skip = seeds_dir_for(root);
                for file in walk(root, &mut reports) {
                    if skip.as_ref().is_some_and(|s| file.starts_with(s)) {
                        continue;
                    }
                    let shown = file.display().to_string();
                    let Ok(meta) = std::fs::metadata(&file) else {
                        continue;
                    };
                    let mtime_ns = meta
                        .modified()
                        .ok()
                        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
                        .map_or(0, |d| i64::try_from(d.as_nanos()).unwrap_or(i64::MAX));
                    if let Some(entry) = index.remove(&shown)
                        && entry.size == meta.len()
                        && entry.mtime_ns == mtime_ns
                    {
                        let found = DeckCards {
                            deck: entry.deck,
                            cards: entry.cards,
                        };
                        push(found, &mut decks);
                        continue;
                    }
                    let text = match read(&file) {
                        Ok(text) => text,
                        Err(report) => {
                            reports.push(report);
                            continue;
                        }
                    };
                    let hash = xxhash_rust::xxh3::xxh3_64(text.as_bytes());
                    let found = match store.indexed_by_hash(&shown, hash)? {
                        Some((deck, cards)) => Some(DeckCards { deck, cards }),
                        None => parse(&text),
                    };
                    if let Some(found) = found {
                        store.index_deck(
                            &shown,
                            meta.len(),
                            mtime_ns,
                            hash,
                            &found.deck,
                            &found.cards,
                        )?;
                        push(found, &mut decks);
                    }
                }
            }
        }
    }
    Ok((decks, reports))
}
