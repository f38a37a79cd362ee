//! `upsc export`: cards for another program (`anki`, `csv`, `json`, made by
//! [`crate::exchange::export`]) or the review log for the FSRS optimizer (`revlog-csv`),
//! printed or written to `--out`.

use std::fmt::Write as _;

use crate::cli::{ExportArgs, ExportFormat};
use crate::config::Config;
use crate::error::{Exit, UsageError};
use crate::exchange::{self, CardFormat};
use crate::text::Count;
use crate::{fsutil, output};

pub fn run(config: &Config, args: &ExportArgs) -> anyhow::Result<Exit> {
    let format = match args.format {
        ExportFormat::RevlogCsv => return revlog(config, args),
        ExportFormat::Anki => CardFormat::Anki,
        ExportFormat::Csv => CardFormat::Csv,
        ExportFormat::Json => CardFormat::Json,
    };
    let exported = match &args.out {
        None => {
            // Straight to standard output, a deck at a time; a closed pipe ends quietly.
            let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
            let done = exchange::export(&config.decks, format, &args.deck_ids, &mut out);
            let (collection, exported) = done.map_err(output::quiet_if_closed)?;
            super::warn(&collection.problems());
            exported
        }
        Some(path) => {
            let _busy = output::Busy::start("Exporting…");
            let (collection, exported) = fsutil::write_atomic_with(path, false, |out| {
                exchange::export(&config.decks, format, &args.deck_ids, out)
            })?;
            super::warn(&collection.problems());
            exported
        }
    };
    if let Some(note) = &exported.note {
        crate::output::say_err(&format!("upsc: note: {note}"));
    }
    if let Some(path) = &args.out {
        crate::output::say_err(&format!(
            "Wrote {} from {} to {}",
            Count::new(exported.cards, "card", "cards"),
            Count::new(exported.decks, "deck", "decks"),
            path.display()
        ));
    }
    Ok(Exit::Ok)
}

/// The review log in the CSV the FSRS optimizer tools read (`--format revlog-csv`):
/// scheduled answers only, as `card_id,review_time,review_rating,review_state,review_duration`.
fn revlog(config: &Config, args: &ExportArgs) -> anyhow::Result<Exit> {
    if !args.deck_ids.is_empty() {
        return Err(UsageError(
            "--deck does not apply to --format revlog-csv: the review log covers every deck"
                .to_string(),
        )
        .into());
    }
    let store = super::open_store(config)?;
    let mut text = String::from("card_id,review_time,review_rating,review_state,review_duration\n");
    let mut reviews = 0usize;
    // To standard output the log is streamed in pieces, so memory does not grow with it;
    // a file is written whole, by temporary file and rename.
    let streaming = args.out.is_none();
    store.visit_scheduled_log(|card_id, at, rating, state, duration| {
        reviews += 1;
        let _ = writeln!(text, "{card_id},{at},{rating},{state},{duration}");
        if streaming && text.len() >= 1 << 16 {
            output::print(&text)?;
            text.clear();
        }
        Ok(())
    })?;
    match args.out.as_deref() {
        None => output::print(&text)?,
        Some(path) => {
            fsutil::write_atomic(path, &text, false)?;
            crate::output::say_err(&format!(
                "Wrote {} to {}",
                crate::text::plural(reviews, "review"),
                path.display()
            ));
        }
    }
    Ok(Exit::Ok)
}
