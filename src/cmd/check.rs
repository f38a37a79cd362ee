//! `upsc check`: validate decks and source notes, print every problem located, and a
//! summary; exit 1 on errors (and, with `--strict`, on warnings).

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::io::IsTerminal;

use annotate_snippets::Renderer;

use crate::cli::CheckArgs;
use crate::config::Config;
use crate::deck::Kind;
use crate::deck::diagnostic::Severity;
use crate::deck::load::{Collection, DeckSource};
use crate::error::Exit;
use crate::output;

pub fn run(config: &Config, args: &CheckArgs) -> anyhow::Result<Exit> {
    if args.fix {
        output::print(&crate::author::fix::run(config, &args.paths)?)?;
    }
    let sources: Vec<DeckSource> = if args.paths.is_empty() {
        config.decks.clone()
    } else {
        args.paths.iter().cloned().map(DeckSource::Path).collect()
    };
    let collection = Collection::load(&sources);
    let renderer = if crate::ui::colour_wanted(std::io::stdout().is_terminal()) {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    output::print(&report(&collection, &renderer))?;
    let errors = collection.count(Severity::Error);
    let warnings = collection.count(Severity::Warning);
    Ok(if errors > 0 || (args.strict && warnings > 0) {
        Exit::Failure
    } else {
        Exit::Ok
    })
}

/// Everything `check` prints: each file's problems rendered with their lines and carets,
/// then the [`summary`]. Linear in the number of problems: each is rendered from the lines
/// it points at, located through a table of line starts built once per file.
pub fn report(collection: &Collection, renderer: &Renderer) -> String {
    let mut text = String::new();
    for report in &collection.reports {
        text.push_str(&report.render(renderer));
    }
    text.push_str(&summary(collection));
    // Messages quote what the files say; nothing in them may act on the terminal.
    match crate::text::strip_controls(&text) {
        std::borrow::Cow::Borrowed(_) => text,
        std::borrow::Cow::Owned(clean) => clean,
    }
}

/// "checked 3 files: 3 decks, 120 cards (…); 5 sources cited; no problems".
pub fn summary(collection: &Collection) -> String {
    let mut counts = [0usize; Kind::ALL.len()];
    let mut cited = BTreeSet::new();
    for deck in &collection.decks {
        for (total, n) in counts.iter_mut().zip(deck.kind_counts()) {
            *total += n;
        }
        for card in &deck.cards {
            cited.extend(card.source.iter().map(String::as_str));
        }
    }
    let cards: usize = counts.iter().sum();
    let kinds = Kind::ALL
        .iter()
        .zip(counts)
        .filter(|(_, n)| *n > 0)
        .map(|(k, n)| format!("{k} {n}"))
        .collect::<Vec<_>>()
        .join(", ");
    let mut line = format!(
        "checked {} file{}: {} deck{}, {cards} card{}",
        collection.files,
        plural(collection.files),
        collection.decks.len(),
        plural(collection.decks.len()),
        plural(cards),
    );
    if !kinds.is_empty() {
        let _ = write!(line, " ({kinds})");
    }
    let _ = write!(
        line,
        "; {} source{} cited",
        cited.len(),
        plural(cited.len())
    );
    let errors = collection.count(Severity::Error);
    let warnings = collection.count(Severity::Warning);
    match (errors, warnings) {
        (0, 0) => line.push_str("; no problems"),
        _ => {
            let _ = write!(
                line,
                "; {errors} error{}, {warnings} warning{}",
                plural(errors),
                plural(warnings)
            );
        }
    }
    line.push('\n');
    line
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
