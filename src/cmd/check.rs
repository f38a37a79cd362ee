//! `upsc check`: validate decks and source notes, print every problem located, and a
//! summary; exit 1 on errors (and, with `--strict`, on warnings).

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::io::IsTerminal;

use annotate_snippets::Renderer;

use crate::cli::CheckArgs;
use crate::config::Config;
use crate::deck::Kind;
use crate::deck::diagnostic::{FileReport, Severity};
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
    let mut collection = Collection::load(&sources);
    lint(&mut collection);
    let renderer = if crate::ui::colour_wanted(std::io::stdout().is_terminal()) {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let shown = (!args.all).then_some(WARNINGS_SHOWN);
    output::print(&report_some(&collection, &renderer, shown))?;
    let errors = collection.count(Severity::Error);
    let warnings = collection.count(Severity::Warning);
    Ok(if errors > 0 || (args.strict && warnings > 0) {
        Exit::Failure
    } else {
        Exit::Ok
    })
}

/// Runs the question-quality lints ([`crate::deck::lint`]) over every loaded deck and adds
/// what they find to the files' reports, as warnings.
pub fn lint(collection: &mut Collection) {
    // Each deck's text: kept in its report if the file had problems, else read again
    // (or taken from the program, for bundled decks).
    let texts: Vec<(String, bool)> = collection
        .decks
        .iter()
        .map(|deck| {
            let shown = deck.origin.to_string();
            let report = collection.reports.iter().find(|r| r.path == shown);
            match report {
                Some(report) => (report.source.clone(), report.has_errors()),
                None => (deck_text(&deck.origin), false),
            }
        })
        .collect();
    let sources: Vec<crate::deck::lint::Source> = collection
        .decks
        .iter()
        .zip(&texts)
        .map(|(deck, (text, has_errors))| crate::deck::lint::Source {
            deck,
            text,
            has_errors: *has_errors,
        })
        .collect();
    let found = crate::deck::lint::lint(&sources);
    for ((deck, (text, _)), diagnostics) in collection.decks.iter().zip(&texts).zip(found) {
        if diagnostics.is_empty() {
            continue;
        }
        let index = match collection
            .reports
            .iter()
            .position(|r| r.path == deck.origin.to_string())
        {
            Some(index) => index,
            None => {
                collection
                    .reports
                    .push(FileReport::new(deck.origin.to_string(), text.as_str()));
                collection.reports.len() - 1
            }
        };
        let report = &mut collection.reports[index];
        report.diagnostics.extend(diagnostics);
        report
            .diagnostics
            .sort_by_key(|d| d.span.as_ref().map_or(0, |s| s.start));
    }
}

/// The text of a loaded deck file, from the program for bundled decks.
fn deck_text(origin: &crate::deck::DeckOrigin) -> String {
    use crate::deck::DeckOrigin;
    let path = match origin {
        DeckOrigin::Bundled(name) => return bundled_deck(name).unwrap_or_default().to_string(),
        DeckOrigin::File(path) => path,
        DeckOrigin::Unknown => return String::new(),
    };
    std::fs::read_to_string(path)
        .map(|text| {
            text.strip_prefix('\u{feff}')
                .map(str::to_string)
                .unwrap_or(text)
        })
        .unwrap_or_default()
}

fn bundled_deck(path: &str) -> Option<&'static str> {
    crate::deck::load::bundled::DECKS
        .iter()
        .find(|(p, _)| *p == path)
        .map(|(_, text)| *text)
}

/// Warnings printed in full unless `--all` is given; every error always is. A collection
/// of look-alike cards can have a warning per card, and rendering a hundred thousand of
/// them took longer than the check itself.
pub const WARNINGS_SHOWN: usize = 20;

/// Everything `check --all` prints: each file's problems rendered with their lines and
/// carets, then the [`summary`]. Linear in the number of problems: each is rendered from
/// the lines it points at, located through a table of line starts built once per file.
pub fn report(collection: &Collection, renderer: &Renderer) -> String {
    report_some(collection, renderer, None)
}

/// [`report`] with every error but only the first `warnings` warnings in full (all of
/// them when `None`), then a line counting the warnings left out.
pub fn report_some(
    collection: &Collection,
    renderer: &Renderer,
    warnings: Option<usize>,
) -> String {
    let mut text = String::new();
    let mut left = warnings.unwrap_or(usize::MAX);
    let mut hidden = 0usize;
    for report in &collection.reports {
        let warned = report
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count();
        if warned <= left {
            left -= warned;
            text.push_str(&report.render(renderer));
            continue;
        }
        if left == 0 && warned == report.diagnostics.len() {
            hidden += warned;
            continue;
        }
        text.push_str(&report.render_some(renderer, |d| {
            if d.severity == Severity::Error {
                return true;
            }
            if left > 0 {
                left -= 1;
                return true;
            }
            hidden += 1;
            false
        }));
    }
    if hidden > 0 {
        let _ = writeln!(
            text,
            "… and {hidden} more warning{} like these, not shown; `upsc check --all` shows every one\n",
            plural(hidden)
        );
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
