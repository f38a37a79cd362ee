//! `upsc undo`: taking back the last answer in the review log. (The log's export,
//! `export --format revlog-csv`, is in [`super::export`].)

use crate::config::Config;
use crate::error::Exit;

pub fn undo(config: &Config) -> anyhow::Result<Exit> {
    let mut store = super::open_store(config)?;
    match store.undo_last()? {
        Some(key) => crate::outln!(
            "Took back the last answer, to `{key}`; its schedule is as it was before."
        )?,
        None => crate::outln!("Nothing to undo: the review log is empty.")?,
    }
    Ok(Exit::Ok)
}
