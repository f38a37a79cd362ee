//! Source notes the author writes (`upsc source new`, and `upsc draft` when an article
//! has none yet): a new note goes into `<data dir>/seeds/`, never over another.

use std::path::PathBuf;

use anyhow::anyhow;

use crate::config::Config;
use crate::deck::load::{Collection, DeckSource};
use crate::seeds::Seed;

/// Writes the note as `<data dir>/seeds/ID.toml`, refusing to replace anything: no note
/// of that id may exist among the configured decks' notes or the user's.
pub fn create(config: &Config, seed: &Seed) -> anyhow::Result<PathBuf> {
    let mut sources = config.decks.clone();
    sources.sources.push(DeckSource::Path(config.user_decks()));
    let known = Collection::load_seeds(&sources);
    if let Some(existing) = known.seeds.iter().find(|s| s.id == seed.id) {
        return Err(anyhow!(
            "a source note `{}` already exists ({}); choose another id",
            seed.id,
            existing.origin
        ));
    }
    crate::seeds::write_note(&config.home.join("seeds"), seed)
}
