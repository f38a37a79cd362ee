//! Loading a collection: finding deck files and source notes, reading them safely, and the
//! checks that span files (deck ids must be unique across everything loaded).
//!
//! Nothing here panics on bad input, and one broken file never keeps the others from
//! loading: its problems go into a [`FileReport`] and the rest of the collection is usable.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::io::{self, Read};
use std::ops::Range;
use std::path::{Path, PathBuf};

use super::Deck;
use super::DeckOrigin;
use super::Style;
use super::diagnostic::{Diagnostic, FileReport, Severity};
use super::parse::{ParseContext, ParsedDeck, parse_deck, parse_outline};
use crate::seeds::{Seed, parse_seed};

use rayon::prelude::*;

/// What reading and parsing one file gives: its text when it has problems to show (else
/// dropped at once), the deck's id, the span of that id and what `keep` made of the deck
/// if the deck is usable, and the file's diagnostics.
type Kept<T> = (
    Option<String>,
    Option<(String, Range<usize>, T)>,
    Vec<Diagnostic>,
);

/// A deck file's outcome, or why it could not be read.
type FileOutcome<T> = Result<Kept<T>, FileReport>;
/// How a deck file is read: [`parse_deck`], or [`outline`].
type Parse = fn(&str, ParseContext<'_>) -> (Option<ParsedDeck>, Vec<Diagnostic>);

/// A deck file read by [`parse_outline`] when it can be, else by [`parse_deck`].
fn outline(text: &str, context: ParseContext<'_>) -> (Option<ParsedDeck>, Vec<Diagnostic>) {
    parse_outline(text, context).unwrap_or_else(|| parse_deck(text, context))
}

/// Deck files larger than this are refused: a deck is a few hundred kilobytes at most,
/// and a bigger file is almost always something else dropped in the folder by mistake.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

pub(crate) mod bundled {
    include!(concat!(env!("OUT_DIR"), "/bundled.rs"));
}

/// Where decks are read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeckSource {
    /// The decks compiled into the program.
    Bundled,
    /// A deck file, or a folder searched recursively for `*.toml`.
    Path(PathBuf),
}

/// The decks a run reads: where from, and how a deck that names no house style is
/// worded (the settings file's `style`). Made once per run by the command layer and
/// handed to every load, so nothing about decks is process state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decks {
    pub sources: Vec<DeckSource>,
    pub style: Style,
}

impl Decks {
    /// These sources, in the default style (2025).
    pub fn new(sources: Vec<DeckSource>) -> Decks {
        Decks {
            sources,
            style: Style::default(),
        }
    }

    /// Only the decks compiled into the program, in the default style.
    pub fn bundled() -> Decks {
        Decks::new(vec![DeckSource::Bundled])
    }

    /// The deck files under `path` (a file or a folder), in the default style.
    pub fn at(path: impl Into<PathBuf>) -> Decks {
        Decks::new(vec![DeckSource::Path(path.into())])
    }

    /// How to read a deck against the source notes `known`.
    pub fn context<'a>(&self, known: &'a HashSet<String>) -> ParseContext<'a> {
        ParseContext::new(known, self.style)
    }
}

/// Everything loaded: usable decks, source notes, and per-file problems.
#[derive(Debug, Default)]
pub struct Collection {
    pub decks: Vec<Deck>,
    pub seeds: Vec<Seed>,
    /// One report per file that had any problem (and only those).
    pub reports: Vec<FileReport>,
    /// How many deck files were read.
    pub files: usize,
}

impl Collection {
    /// The first problem of each file with errors, as one line (as sessions warn of them).
    pub fn problems(&self) -> Vec<String> {
        self.reports
            .iter()
            .filter(|r| r.has_errors())
            .filter_map(|r| r.diagnostics.first().map(|d| r.one_line(d)))
            .collect()
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.reports.iter().map(|r| r.count(severity)).sum()
    }

    pub fn deck(&self, id: &str) -> Option<&Deck> {
        self.decks.iter().find(|d| d.id == id)
    }

    /// Loads every deck and source note reachable from `decks`.
    ///
    /// Source notes come from the program's bundled `seeds/` and from a `seeds` folder
    /// beside or inside each deck folder; a note on disk replaces a bundled one of the
    /// same id.
    pub fn load(decks: &Decks) -> Collection {
        let (mut collection, kept) = Collection::load_each(decks, |deck, _| deck);
        collection.decks = kept;
        collection
    }

    /// Like [`Collection::load`], but each deck is kept without its cards, and the cards
    /// are not even parsed, only checked to be TOML ([`parse_outline`]): the decks'
    /// `[deck]` tables and where they were read from, and the problems of those tables.
    /// What authoring needs (which deck ids are taken, which decks are the learner's to
    /// edit, the source notes) without a deck of 8 MB held as one TOML tree.
    pub fn load_deck_tables(decks: &Decks) -> Collection {
        let mut kept = Vec::new();
        let collection = Collection::stream_in_batches(
            decks,
            usize::MAX,
            outline,
            |mut deck, _| {
                deck.cards = Vec::new();
                deck
            },
            |deck| {
                kept.push(deck);
                Ok(())
            },
        );
        // The sink above never fails.
        let mut collection = collection.unwrap_or_default();
        collection.decks = kept;
        collection
    }

    /// Like [`Collection::load`], but each usable deck is handed to `keep` (with its
    /// file's text) as soon as it is parsed, on any core, and only what `keep` returns is
    /// kept: the collection's `decks` stay empty and the kept values come back in the order
    /// the decks would have had. A deck file's text is kept only in the report of a file
    /// with problems. So a command that needs a few facts per deck (`check`) holds those,
    /// not every parsed card and every file.
    pub fn load_each<T: Send>(
        decks: &Decks,
        keep: impl Fn(Deck, &str) -> T + Sync,
    ) -> (Collection, Vec<T>) {
        let mut kept = Vec::new();
        // Everything is kept anyway: every file in one parallel pass, with no wait
        // between batches (`check` took 6% longer in batches).
        let collection =
            Collection::stream_in_batches(decks, usize::MAX, parse_deck, keep, |value| {
                kept.push(value);
                Ok(())
            });
        // The sink above never fails.
        (collection.unwrap_or_default(), kept)
    }

    /// Like [`Collection::load_each`], but what `keep` returns is handed to `sink` in deck
    /// order as soon as the decks before it are done, and not kept: only the few files
    /// being parsed at a time are held, so a command that writes every deck out
    /// (`export`) holds no more at 500 files than at 5. An error from `sink` stops the
    /// loading and is returned.
    pub fn stream_each<T: Send>(
        decks: &Decks,
        keep: impl Fn(Deck, &str) -> T + Sync,
        sink: impl FnMut(T) -> anyhow::Result<()>,
    ) -> anyhow::Result<Collection> {
        // Enough files at once to keep every core busy while one is larger than the rest.
        let batch = rayon::current_num_threads().saturating_mul(8).max(8);
        Collection::stream_in_batches(decks, batch, parse_deck, keep, sink)
    }

    /// [`Collection::stream_each`], `batch` files at a time, each file read by `parse`.
    fn stream_in_batches<T: Send>(
        decks: &Decks,
        batch: usize,
        parse: Parse,
        keep: impl Fn(Deck, &str) -> T + Sync,
        mut sink: impl FnMut(T) -> anyhow::Result<()>,
    ) -> anyhow::Result<Collection> {
        let mut collection = Collection::load_seeds(decks);
        let known: HashSet<String> = collection.seeds.iter().map(|s| s.id.clone()).collect();
        let context = decks.context(&known);

        // Gather the files first, then read and parse them on every core (the slow part),
        // a batch at a time, then merge in a fixed order so ids and messages do not depend
        // on timing. Each file as shown in messages, and its text or the path to read it
        // from (kept as a path: a name that is not UTF-8 does not survive a trip through a
        // string).
        let mut files: Vec<(String, Result<String, PathBuf>)> = Vec::new();
        for source in &decks.sources {
            match source {
                DeckSource::Bundled => {
                    for (path, text) in bundled::DECKS {
                        files.push((format!("bundled:{path}"), Ok((*text).to_string())));
                    }
                }
                DeckSource::Path(path) => {
                    let skip = seeds_dir_for(path);
                    for file in walk(path, &mut collection.reports) {
                        if !skip.as_ref().is_some_and(|s| file.starts_with(s)) {
                            files.push((file.display().to_string(), Err(file)));
                        }
                    }
                }
            }
        }
        let mut first_seen: HashMap<String, String> = HashMap::new();
        let mut files = files.into_iter();
        loop {
            let chunk: Vec<_> = files.by_ref().take(batch).collect();
            if chunk.is_empty() {
                break;
            }
            let parsed: Vec<(String, FileOutcome<T>)> = chunk
                .into_par_iter()
                .map(|(shown, input)| {
                    let text = match input {
                        Ok(text) => Ok(text),
                        Err(path) => read(&path),
                    };
                    let result = text.map(|text| {
                        let (parsed, diagnostics) = parse(&text, context);
                        let kept = parsed.map(
                            |ParsedDeck {
                                 mut deck, id_span, ..
                             }| {
                                deck.origin = DeckOrigin::from_shown(&shown);
                                let id = deck.id.clone();
                                (id, id_span, keep(deck, &text))
                            },
                        );
                        let text = (!diagnostics.is_empty()).then_some(text);
                        (text, kept, diagnostics)
                    });
                    (shown, result)
                })
                .collect();
            for (shown, result) in parsed {
                match result {
                    Ok(outcome) => {
                        if let Some(value) = collection.add_deck(&mut first_seen, shown, outcome) {
                            sink(value)?;
                        }
                    }
                    Err(report) => collection.reports.push(report),
                }
            }
        }
        Ok(collection)
    }

    /// Loads only the source notes that go with `decks` (see [`Collection::load`]).
    pub fn load_seeds(decks: &Decks) -> Collection {
        let mut collection = Collection::default();
        let mut seeds: HashMap<String, Seed> = HashMap::new();
        for (path, text) in bundled::SEEDS {
            collection.add_seed(&mut seeds, format!("bundled:{path}"), text);
        }
        let mut seed_dirs: Vec<PathBuf> = Vec::new();
        for source in &decks.sources {
            if let DeckSource::Path(path) = source
                && let Some(dir) = seeds_dir_for(path)
                && !seed_dirs.contains(&dir)
            {
                seed_dirs.push(dir);
            }
        }
        for dir in &seed_dirs {
            for file in walk(dir, &mut collection.reports) {
                match read(&file) {
                    Ok(text) => collection.add_seed(&mut seeds, file.display().to_string(), &text),
                    Err(report) => collection.reports.push(report),
                }
            }
        }
        let mut seeds: Vec<Seed> = seeds.into_values().collect();
        seeds.sort_by(|a, b| a.id.cmp(&b.id));
        collection.seeds = seeds;

        collection
    }

    fn add_seed(&mut self, seeds: &mut HashMap<String, Seed>, path: String, text: &str) {
        match parse_seed(text) {
            Ok(mut seed) => {
                seed.origin = path;
                seeds.insert(seed.id.clone(), seed);
            }
            Err(diagnostics) => {
                let mut report = FileReport::new(path, text);
                report.diagnostics = diagnostics;
                self.reports.push(report);
            }
        }
    }

    /// Counts a deck file, reports its problems, and gives back what was kept of its deck
    /// unless the deck's id is already taken.
    fn add_deck<T>(
        &mut self,
        first_seen: &mut HashMap<String, String>,
        path: String,
        (text, kept, diagnostics): Kept<T>,
    ) -> Option<T> {
        self.files += 1;
        let mut report = FileReport::new(path.as_str(), "");
        report.diagnostics = diagnostics;
        let mut accepted = None;
        if let Some((id, id_span, value)) = kept {
            match first_seen.get(&id) {
                Some(first) => report.diagnostics.push(
                    Diagnostic::error(format!("deck id `{id}` is already used"), Some(id_span))
                        .with_help(format!(
                            "`{first}` defines it first; deck ids must be unique across all decks"
                        )),
                ),
                None => {
                    first_seen.insert(id, path.clone());
                    accepted = Some(value);
                }
            }
        }
        if !report.diagnostics.is_empty() {
            // Read top to bottom, whatever order the checks ran in.
            report
                .diagnostics
                .sort_by_key(|d| d.span.as_ref().map_or(0, |s| s.start));
            // The text was kept when parsing found problems; a duplicate id is found only
            // here, so the file is read again for it.
            report.source = match text {
                Some(text) => text,
                None => reread(&path),
            };
            self.reports.push(report);
        }
        accepted
    }
}

/// A deck file's text again, as loading read it (from the program for bundled decks);
/// empty if it can no longer be read.
pub fn reread(shown: &str) -> String {
    match DeckOrigin::from_shown(shown) {
        DeckOrigin::Bundled(name) => bundled::DECKS
            .iter()
            .find(|(p, _)| *p == name)
            .map(|(_, text)| (*text).to_string())
            .unwrap_or_default(),
        DeckOrigin::File(path) => read(&path).unwrap_or_default(),
        DeckOrigin::Unknown => String::new(),
    }
}

/// The `seeds` folder that belongs with a deck folder or file: inside it, or beside it.
pub(crate) fn seeds_dir_for(path: &Path) -> Option<PathBuf> {
    let dir = if path.is_dir() { path } else { path.parent()? };
    [dir.join("seeds"), dir.parent()?.join("seeds")]
        .into_iter()
        .find(|candidate| candidate.is_dir())
}

/// Every `*.toml` file under `root` (or `root` itself), in a stable order. Unreadable
/// folders and symbolic-link loops are reported and skipped.
pub(crate) fn walk(root: &Path, reports: &mut Vec<FileReport>) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
    {
        match entry {
            Ok(entry) => {
                let path = entry.path();
                let is_toml = path.extension().is_some_and(|e| e == "toml");
                if entry.file_type().is_file() && (is_toml || entry.depth() == 0) {
                    files.push(entry.into_path());
                }
            }
            Err(error) => {
                let path = error.path().unwrap_or(root).display().to_string();
                let diagnostic = if let Some(ancestor) = error.loop_ancestor() {
                    Diagnostic::error(
                        format!(
                            "symbolic link loop: this folder leads back to `{}`",
                            ancestor.display()
                        ),
                        None,
                    )
                    .with_help("remove or repoint the link; the rest of the folder was loaded")
                } else {
                    let cause = error
                        .io_error()
                        .map_or_else(|| error.to_string(), describe_io);
                    Diagnostic::error(format!("cannot read: {cause}"), None)
                        .with_help("check that the path exists and that you may read it")
                };
                let mut report = FileReport::new(path, "");
                report.diagnostics.push(diagnostic);
                reports.push(report);
            }
        }
    }
    files
}

fn describe_io(error: &io::Error) -> String {
    match error.kind() {
        io::ErrorKind::NotFound => "no such file or folder".to_string(),
        io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => error.to_string(),
    }
}

/// Reads a file as UTF-8 text within [`MAX_FILE_BYTES`], or says why it cannot.
pub(crate) fn read(path: &Path) -> Result<String, FileReport> {
    let shown = path.display().to_string();
    let fail = |diagnostic: Diagnostic| {
        let mut report = FileReport::new(shown.as_str(), "");
        report.diagnostics.push(diagnostic);
        report
    };
    let mut bytes = Vec::new();
    let result = fs::File::open(path).and_then(|file| {
        // Read one byte past the limit to learn that the file is too big without
        // reading all of it.
        file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes)
    });
    if let Err(error) = result {
        let help = "check that the file exists and that you may read it";
        return Err(fail(
            Diagnostic::error(format!("cannot read: {}", describe_io(&error)), None)
                .with_help(help),
        ));
    }
    if bytes.len() as u64 > MAX_FILE_BYTES {
        let limit = MAX_FILE_BYTES / (1024 * 1024);
        return Err(fail(
            Diagnostic::error(
                format!("file is larger than the {limit} MiB limit for a deck file"),
                None,
            )
            .with_help("split it into several decks"),
        ));
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(text
            .strip_prefix('\u{feff}')
            .map(str::to_string)
            .unwrap_or(text)),
        Err(error) => {
            let valid = error.utf8_error().valid_up_to();
            let lossy = String::from_utf8_lossy(error.as_bytes()).into_owned();
            // Lossy decoding keeps the valid prefix byte for byte, so `valid` points at
            // the first bad character in the text shown.
            let mut report = FileReport::new(shown.as_str(), lossy);
            report.diagnostics.push(
                Diagnostic::error("file is not valid UTF-8", Some(valid..valid + 1))
                    .with_help("save the file as UTF-8"),
            );
            Err(report)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outlines_are_the_decks_without_their_cards() {
        let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        let sources = Decks::new(vec![
            DeckSource::Bundled,
            DeckSource::Path(fixtures.join("good")),
            DeckSource::Path(fixtures.join("dup-decks")),
            DeckSource::Path(fixtures.join("broken")),
        ]);
        let full = Collection::load(&sources);
        let outlines = Collection::load_deck_tables(&sources);
        assert!(full.decks.len() > 3 && !full.reports.is_empty());
        assert_eq!(outlines.decks.len(), full.decks.len());
        for (outline, deck) in outlines.decks.iter().zip(&full.decks) {
            assert!(outline.cards.is_empty());
            assert_eq!(
                Deck {
                    cards: Vec::new(),
                    ..deck.clone()
                },
                *outline
            );
            assert_eq!(outline.origin, deck.origin);
        }
        // The problems of the deck tables, and none of the cards'.
        let problems = outlines.problems();
        assert!(!problems.is_empty());
        assert!(problems.len() < full.problems().len());
        for problem in &problems {
            assert!(full.problems().contains(problem), "{problem:?}");
        }
        assert_eq!(outlines.files, full.files);
    }
}
