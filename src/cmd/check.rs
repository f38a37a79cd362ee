//! `upsc check`: validate decks and source notes, print every problem located, and a
//! summary; exit 1 on errors (and, with `--strict`, on warnings).

use std::collections::{BTreeSet, HashMap};
use std::fmt::Write as _;
use std::io::IsTerminal;
use std::ops::Range;

use annotate_snippets::Renderer;

use crate::cli::CheckArgs;
use crate::config::Config;
use crate::deck::Kind;
use crate::deck::diagnostic::{Diagnostic, FileReport, Severity};
use crate::deck::lint::DeckLints;
use crate::deck::load::{Collection, DeckSource, Decks};
use crate::error::Exit;
use crate::output;
use crate::text::Count;

pub fn run(config: &Config, args: &CheckArgs) -> anyhow::Result<Exit> {
    if args.fix {
        output::print(&crate::author::fix::run(config, &args.paths)?)?;
    }
    let sources = if args.paths.is_empty() {
        config.decks.clone()
    } else {
        Decks {
            sources: args.paths.iter().cloned().map(DeckSource::Path).collect(),
            style: config.decks.style,
        }
    };
    let checked = Checked::load(&sources);
    let renderer = if crate::ui::colour_wanted(std::io::stdout().is_terminal()) {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    // On a terminal the quoted source lines are cut to its width and every other line
    // is wrapped at word boundaries; piped, each diagnostic line stays whole.
    let width = crate::ui::stdout_width();
    let renderer = match width {
        Some(w) => renderer.term_width(w),
        None => renderer,
    };
    let shown = (!args.all).then_some(WARNINGS_SHOWN);
    // Written as it is rendered, in pieces of about 64 KB: `--all` over a collection of
    // look-alike cards is tens of megabytes of text.
    let mut pending = String::new();
    // A line may come in more than one piece: on a terminal only whole lines are wrapped.
    let mut partial = String::new();
    checked.write(&renderer, shown, |piece| {
        match width {
            Some(width) => {
                partial.push_str(piece);
                if let Some(end) = partial.rfind('\n') {
                    wrap_lines(&mut pending, &partial[..=end], width);
                    partial.drain(..=end);
                }
            }
            None => pending.push_str(piece),
        }
        if pending.len() >= 64 * 1024 {
            output::print(&pending)?;
            pending.clear();
        }
        Ok(())
    })?;
    if let Some(width) = width {
        wrap_lines(&mut pending, &partial, width);
    }
    output::print(&pending)?;
    Ok(
        if checked.errors > 0 || (args.strict && checked.warnings > 0) {
            Exit::Failure
        } else {
            Exit::Ok
        },
    )
}

/// A problem of a checked file, kept small until it is shown: a near-duplicate warning
/// (one per card in a collection of look-alike cards) is only a pair of card places.
enum Problem {
    Found(Diagnostic),
    /// The card `later.1` of deck `later.0` (this file's) asks what card `earlier.1` of
    /// deck `earlier.0` asks.
    Duplicate {
        later: (usize, usize),
        earlier: (usize, usize),
        similarity: f64,
    },
    /// The card `later.1` of deck `later.0` (this file's) marks true the two marks
    /// (figures or names) that card `earlier.1` of deck `earlier.0` marks true.
    SameFact {
        later: (usize, usize),
        earlier: (usize, usize),
        marks: (String, String),
    },
}

/// One file's problems, in the order shown.
struct Entry {
    path: String,
    /// The file's text when it was kept (files with loading problems); else it is read
    /// again if its problems are shown.
    source: Option<String>,
    problems: Vec<Problem>,
    warnings: usize,
}

/// What `check` keeps of one usable deck.
struct DeckFacts {
    id: String,
    origin: String,
    kinds: [usize; Kind::ALL.len()],
    /// The sources its cards cite, sorted, each once.
    cited: Vec<String>,
    lints: DeckLints,
    /// Its cards still marked `draft = true` (not yet reviewed).
    drafts: usize,
}

/// Everything `check` found, held compactly: per deck a few facts and per card its place
/// and words, never the parsed cards or (for files without loading problems) the text.
/// Loading, parsing and each deck's own lints run file by file on every core; the
/// cross-deck duplicate search runs over the kept words.
pub struct Checked {
    entries: Vec<Entry>,
    decks: Vec<DeckFacts>,
    files: usize,
    pub errors: usize,
    pub warnings: usize,
}

impl Checked {
    pub fn load(sources: &Decks) -> Checked {
        let (collection, decks) = Collection::load_each(sources, |deck, text| {
            let lints = crate::deck::lint::deck_lints(&deck, text);
            let mut cited: Vec<String> = deck
                .cards
                .iter()
                .flat_map(|card| card.source.iter().cloned())
                .collect();
            cited.sort_unstable();
            cited.dedup();
            DeckFacts {
                id: deck.id.clone(),
                origin: deck.origin.to_string(),
                kinds: deck.kind_counts(),
                cited,
                lints,
                drafts: deck.cards.iter().filter(|c| c.draft).count(),
            }
        });
        let Collection { reports, files, .. } = collection;
        let mut entries: Vec<Entry> = reports
            .into_iter()
            .map(|report| Entry {
                path: report.path,
                source: Some(report.source),
                problems: report.diagnostics.into_iter().map(Problem::Found).collect(),
                warnings: 0,
            })
            .collect();
        // Each deck's lints go to the first report of its file, or to a new one after all.
        let mut first_entry: HashMap<&str, usize> = HashMap::new();
        for (i, entry) in entries.iter().enumerate() {
            first_entry.entry(entry.path.as_str()).or_insert(i);
        }
        let targets: Vec<Option<usize>> = decks
            .iter()
            .map(|deck| first_entry.get(deck.origin.as_str()).copied())
            .collect();
        drop(first_entry);
        let lints: Vec<&DeckLints> = decks.iter().map(|d| &d.lints).collect();
        let mut duplicates = crate::deck::lint::near_duplicates_of(&lints)
            .into_iter()
            .peekable();
        let mut same_facts = crate::deck::lint::same_facts_of(&lints);
        // Each deck's in turn, as the duplicates come.
        same_facts.sort_by_key(|same| same.later);
        let mut same_facts = same_facts.into_iter().peekable();
        for (d, (deck, target)) in decks.iter().zip(targets).enumerate() {
            let mut found: Vec<Problem> = deck
                .lints
                .diagnostics
                .iter()
                .cloned()
                .map(Problem::Found)
                .collect();
            let has_errors = target.is_some_and(|index| {
                entries[index]
                    .problems
                    .iter()
                    .any(|p| matches!(p, Problem::Found(d) if d.severity == Severity::Error))
            });
            if let Some(header) = &deck.lints.empty
                && !has_errors
            {
                found.push(Problem::Found(
                    Diagnostic::warning("empty-deck: no cards yet", Some(header.clone()))
                        .with_help(format!("add one with `upsc add {}`", deck.id)),
                ));
            }
            while let Some(duplicate) = duplicates.next_if(|dup| dup.later.0 == d) {
                found.push(Problem::Duplicate {
                    later: duplicate.later,
                    earlier: duplicate.earlier,
                    similarity: duplicate.similarity,
                });
            }
            while let Some(same) = same_facts.next_if(|same| same.later.0 == d) {
                found.push(Problem::SameFact {
                    later: same.later,
                    earlier: same.earlier,
                    marks: same.marks,
                });
            }
            if found.is_empty() {
                continue;
            }
            let index = match target {
                Some(index) => index,
                None => {
                    entries.push(Entry {
                        path: deck.origin.clone(),
                        source: None,
                        problems: Vec::new(),
                        warnings: 0,
                    });
                    entries.len() - 1
                }
            };
            let entry = &mut entries[index];
            entry.problems.extend(found);
            let decks = &decks;
            entry
                .problems
                .sort_by_key(|p| problem_span(decks, p).map_or(0, |s| s.start));
        }
        let mut errors = 0;
        let mut warnings = 0;
        for entry in &mut entries {
            for problem in &entry.problems {
                match problem {
                    Problem::Found(d) if d.severity == Severity::Error => errors += 1,
                    _ => entry.warnings += 1,
                }
            }
            warnings += entry.warnings;
        }
        Checked {
            entries,
            decks,
            files,
            errors,
            warnings,
        }
    }

    /// What [`Checked::write`] writes, without colour, as one text (for comparisons and
    /// the check bench).
    pub fn plain_text(&self, shown: Option<usize>) -> anyhow::Result<String> {
        let mut text = String::new();
        self.write(&Renderer::plain(), shown, |piece| {
            text.push_str(piece);
            Ok(())
        })?;
        Ok(text)
    }

    /// Everything `check` prints, in pieces handed to `out`: every error and the first
    /// `shown` warnings (all of them when `None`) rendered with their lines and carets, a
    /// line counting the warnings left out, then the summary line. Only the files whose
    /// problems are shown are read again.
    pub fn write(
        &self,
        renderer: &Renderer,
        shown: Option<usize>,
        mut out: impl FnMut(&str) -> anyhow::Result<()>,
    ) -> anyhow::Result<()> {
        let mut left = shown.unwrap_or(usize::MAX);
        let mut hidden = 0usize;
        for entry in &self.entries {
            let warned = entry.warnings;
            let all = warned <= left;
            if all {
                left -= warned;
            } else if left == 0 && warned == entry.problems.len() {
                hidden += warned;
                continue;
            }
            let source = match &entry.source {
                Some(text) => std::borrow::Cow::Borrowed(text.as_str()),
                None => std::borrow::Cow::Owned(crate::deck::load::reread(&entry.path)),
            };
            let report = FileReport::new(entry.path.as_str(), source.as_ref());
            let mut text = String::new();
            for problem in &entry.problems {
                let keep = all
                    || match problem {
                        Problem::Found(d) if d.severity == Severity::Error => true,
                        _ if left > 0 => {
                            left -= 1;
                            true
                        }
                        _ => {
                            hidden += 1;
                            false
                        }
                    };
                if !keep {
                    continue;
                }
                let diagnostic = match problem {
                    Problem::Found(d) => std::borrow::Cow::Borrowed(d),
                    Problem::Duplicate { .. } | Problem::SameFact { .. } => {
                        std::borrow::Cow::Owned(self.duplicate_warning(problem))
                    }
                };
                text.push_str(&report.render_diagnostic(&diagnostic, renderer));
                text.push_str("\n\n");
            }
            out(&clean(text))?;
        }
        let mut text = String::new();
        if hidden > 0 {
            let _ = writeln!(
                text,
                "… and {hidden} more {} like these, not shown; `upsc check --all` shows every one\n",
                Count::new(hidden, "warning", "warnings").noun()
            );
        }
        for deck in &self.decks {
            text.push_str(&drafts_line(&deck.origin, &deck.id, deck.drafts));
        }
        let mut counts = [0usize; Kind::ALL.len()];
        let mut cited = BTreeSet::new();
        for deck in &self.decks {
            for (total, n) in counts.iter_mut().zip(deck.kinds) {
                *total += n;
            }
            cited.extend(deck.cited.iter().map(String::as_str));
        }
        text.push_str(&summary_line(
            self.files,
            self.decks.len(),
            counts,
            cited.len(),
            self.errors,
            self.warnings,
        ));
        out(&clean(text))
    }

    fn duplicate_warning(&self, problem: &Problem) -> Diagnostic {
        match problem {
            Problem::Duplicate {
                later,
                earlier,
                similarity,
            } => {
                let other_deck = &self.decks[earlier.0];
                crate::deck::lint::near_duplicate_warning(
                    &other_deck.id,
                    other_deck.lints.card_id(earlier.1),
                    &other_deck.origin,
                    other_deck.lints.cards[earlier.1].at,
                    *similarity,
                    self.decks[later.0].lints.cards[later.1].header.clone(),
                )
            }
            Problem::SameFact {
                later,
                earlier,
                marks,
            } => {
                let other_deck = &self.decks[earlier.0];
                crate::deck::lint::same_fact_warning(
                    &other_deck.id,
                    other_deck.lints.card_id(earlier.1),
                    &other_deck.origin,
                    other_deck.lints.cards[earlier.1].at,
                    marks,
                    self.decks[later.0].lints.cards[later.1].header.clone(),
                )
            }
            Problem::Found(d) => d.clone(),
        }
    }
}

/// Where a problem points, to show a file's problems top to bottom.
fn problem_span<'a>(decks: &'a [DeckFacts], problem: &'a Problem) -> Option<&'a Range<usize>> {
    match problem {
        Problem::Found(d) => d.span.as_ref(),
        Problem::Duplicate { later, .. } | Problem::SameFact { later, .. } => {
            Some(&decks[later.0].lints.cards[later.1].header)
        }
    }
}

/// Messages quote what the files say; nothing in them may act on the terminal.
fn clean(text: String) -> String {
    match crate::text::strip_controls(&text) {
        std::borrow::Cow::Borrowed(_) => text,
        std::borrow::Cow::Owned(clean) => clean,
    }
}

/// Warnings printed in full unless `--all` is given; every error always is. A collection
/// of look-alike cards can have a warning per card, and rendering a hundred thousand of
/// them took longer than the check itself.
pub const WARNINGS_SHOWN: usize = 20;

/// Appends `text` to `out` with each line longer than `width` wrapped at word boundaries,
/// its continuation lines indented two columns past the line's own indent. Escape
/// sequences (colour) take no width.
fn wrap_lines(out: &mut String, text: &str, width: usize) {
    for line in text.split_inclusive('\n') {
        let (body, end) = match line.strip_suffix('\n') {
            Some(body) => (body, "\n"),
            None => (line, ""),
        };
        if console::measure_text_width(body) <= width {
            out.push_str(line);
            continue;
        }
        let indent = &body[..body.len() - body.trim_start().len()];
        let hang = format!("{indent}  ");
        let options = crate::ui::wrap_options(width, "", &hang);
        let wrapped = textwrap::wrap(body, options);
        let count = wrapped.len();
        for (n, part) in wrapped.into_iter().enumerate() {
            out.push_str(&part);
            if n + 1 < count {
                out.push('\n');
            }
        }
        out.push_str(end);
    }
}

/// "deck.toml: 12 drafts left to review in deck `x`; …", for a deck with cards still
/// marked `draft = true` (`upsc draft` writes them so); nothing for a deck without.
fn drafts_line(origin: &str, id: &str, drafts: usize) -> String {
    if drafts == 0 {
        return String::new();
    }
    format!(
        "{origin}: {} left to review in deck `{id}`; read each, fix or delete it, then delete its `draft = true` line\n",
        Count::new(drafts, "draft", "drafts")
    )
}

fn summary_line(
    files: usize,
    decks: usize,
    counts: [usize; Kind::ALL.len()],
    cited: usize,
    errors: usize,
    warnings: usize,
) -> String {
    let cards: usize = counts.iter().sum();
    let kinds = Kind::ALL
        .iter()
        .zip(counts)
        .filter(|(_, n)| *n > 0)
        .map(|(k, n)| format!("{k} {n}"))
        .collect::<Vec<_>>()
        .join(", ");
    let mut line = format!(
        "checked {}: {}, {}",
        Count::new(files, "file", "files"),
        Count::new(decks, "deck", "decks"),
        Count::new(cards, "card", "cards"),
    );
    if !kinds.is_empty() {
        let _ = write!(line, " ({kinds})");
    }
    let _ = write!(line, "; {} cited", Count::new(cited, "source", "sources"));
    match (errors, warnings) {
        (0, 0) => line.push_str("; no problems"),
        _ => {
            let _ = write!(
                line,
                "; {}, {}",
                Count::new(errors, "error", "errors"),
                Count::new(warnings, "warning", "warnings")
            );
        }
    }
    line.push('\n');
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    // The reference `check` is tested against: the whole collection loaded, linted and
    // rendered at once (every card parsed and every file's text in memory, 311 MB at
    // 100,000 cards), which [`Checked`] must print exactly like.

    /// Runs the question-quality lints ([`crate::deck::lint`]) over every loaded deck and adds
    /// what they find to the files' reports, as warnings. This is the check over a whole
    /// loaded [`Collection`] (every card parsed and every file's text in memory, 311 MB at
    /// 100,000 cards), kept as the reference that [`Checked`], which `check` runs, is tested
    /// to print exactly like.
    fn lint(collection: &mut Collection) {
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

    /// Everything `check` printed for a whole loaded collection: every error but only the
    /// first `warnings` warnings in full (all of them when `None`), then a line counting the
    /// warnings left out.
    fn report_some(
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
                "… and {hidden} more {} like these, not shown; `upsc check --all` shows every one\n",
                Count::new(hidden, "warning", "warnings").noun()
            );
        }
        for deck in &collection.decks {
            let drafts = deck.cards.iter().filter(|c| c.draft).count();
            text.push_str(&drafts_line(&deck.origin.to_string(), &deck.id, drafts));
        }
        text.push_str(&summary(collection));
        // Messages quote what the files say; nothing in them may act on the terminal.
        match crate::text::strip_controls(&text) {
            std::borrow::Cow::Borrowed(_) => text,
            std::borrow::Cow::Owned(clean) => clean,
        }
    }

    /// "checked 3 files: 3 decks, 120 cards (…); 5 sources cited; no problems".
    fn summary(collection: &Collection) -> String {
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
        summary_line(
            collection.files,
            collection.decks.len(),
            counts,
            cited.len(),
            collection.count(Severity::Error),
            collection.count(Severity::Warning),
        )
    }

    /// What `check` printed before it streamed: the whole collection loaded, linted and
    /// rendered at once ([`lint`], [`report_some`]).
    fn printed_whole(sources: &Decks, shown: Option<usize>) -> String {
        let mut collection = Collection::load(sources);
        lint(&mut collection);
        report_some(&collection, &Renderer::plain(), shown)
    }

    fn printed_streaming(sources: &Decks, shown: Option<usize>) -> String {
        let checked = Checked::load(sources);
        let text = checked.plain_text(shown).unwrap();
        let collection = {
            let mut c = Collection::load(sources);
            lint(&mut c);
            c
        };
        assert_eq!(checked.errors, collection.count(Severity::Error));
        assert_eq!(checked.warnings, collection.count(Severity::Warning));
        text
    }

    #[test]
    fn streaming_check_prints_what_the_whole_collection_printed() {
        let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        let path = |name: &str| DeckSource::Path(fixtures.join(name));
        let cases: Vec<Vec<DeckSource>> = vec![
            vec![path("good")],
            vec![path("broken")],
            vec![path("lint")],
            vec![path("dup-decks")],
            vec![DeckSource::Bundled],
            vec![path("lint"), path("lint")],
            vec![
                path("broken"),
                path("lint"),
                path("good"),
                path("dup-decks"),
            ],
            vec![DeckSource::Bundled, path("lint"), DeckSource::Bundled],
            vec![path("no-such-folder")],
        ];
        for sources in cases.into_iter().map(Decks::new) {
            let sources = &sources;
            for shown in [None, Some(0), Some(1), Some(3), Some(WARNINGS_SHOWN)] {
                assert_eq!(
                    printed_streaming(sources, shown),
                    printed_whole(sources, shown),
                    "{sources:?} {shown:?}"
                );
            }
        }
    }
}

#[cfg(test)]
mod wrap_tests {
    #[test]
    fn a_location_line_wider_than_the_terminal_is_wrapped_under_itself() {
        let mut out = String::new();
        super::wrap_lines(
            &mut out,
            "error: x\n  --> /work/wt24/tests/fixtures/broken/mcq-options.toml:10:10\n   |\n",
            60,
        );
        assert_eq!(
            out,
            "error: x\n  -->\n    /work/wt24/tests/fixtures/broken/mcq-options.toml:10:10\n   |\n"
        );
    }
}
