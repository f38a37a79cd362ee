//! Commands over the review log: `undo` and `export --format revlog-csv`.

use std::fmt::Write as _;
use std::io::Write as _;

use crate::cli::ExportArgs;
use crate::config::Config;
use crate::error::Exit;
use crate::output;

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

/// The review log in the CSV the FSRS optimizer tools read (`--format revlog-csv`; the
/// deck formats are in [`crate::exchange`]).
pub fn export(config: &Config, args: &ExportArgs) -> anyhow::Result<Exit> {
    let store = super::open_store(config)?;
    let mut text = String::from("card_id,review_time,review_rating,review_state,review_duration\n");
    for row in store.log()?.iter().filter(|r| r.scheduled) {
        let _ = writeln!(
            text,
            "{},{},{},{},{}",
            row.card_id,
            row.reviewed_at.timestamp_millis(),
            row.rating.as_u8(),
            row.state_before.as_u8(),
            row.duration_ms
        );
    }
    match &args.out {
        None => output::print(&text)?,
        Some(path) => {
            // Write beside the target and rename, so a failure never leaves half a file.
            let tmp = path.with_extension("csv.partial");
            let write = || -> std::io::Result<()> {
                let mut file = std::fs::File::create(&tmp)?;
                file.write_all(text.as_bytes())?;
                file.sync_all()?;
                std::fs::rename(&tmp, path)
            };
            write().map_err(|e| anyhow::anyhow!("cannot write `{}`: {e}", path.display()))?;
            eprintln!(
                "upsc: wrote {} reviews to {}",
                text.lines().count() - 1,
                path.display()
            );
        }
    }
    Ok(Exit::Ok)
}
