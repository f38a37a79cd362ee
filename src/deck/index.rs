//! The deck index: which deck, card ids and tags each deck file holds, and its first
//! problem, kept in a cache ([`IndexCache`]; the progress store in practice) so that
//! counting what is due and building the day's queue do not parse unchanged decks. A session then parses only the files whose
//! cards it asks ([`DeckIndex::load_cards`]).
//!
//! A file's entry is trusted while its size and modification time are unchanged and the
//! source notes it cites exist as they did then (a card citing a note that is gone is an
//! error, and one citing a note just added may have become valid). When the size or time
//! changed, the file is read and hashed, and parsed only if its content changed too.
//! Bundled decks are parsed every time: they are small and compiled in, which makes that
//! cheaper than a look-up per file.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use rayon::prelude::*;

use super::Deck;
use super::Style;
use super::diagnostic::{Diagnostic, FileReport};
use super::load::{Collection, DeckSource, Decks, bundled, read, seeds_dir_for, walk};
use super::parse::{ParseContext, ParsedDeck, parse_deck};
use crate::seeds::Seed;

/// Where the deck index is kept between runs: the progress store implements it (table
/// `deck_files`). A small trait, so that decks need not know about the store.
pub trait IndexCache {
    /// Every file's entry by path as shown; card tags only `with_tags` (otherwise empty).
    fn deck_index(&self, with_tags: bool) -> anyhow::Result<HashMap<String, IndexedFile>>;

    /// Records new entries (`files`, replacing any for the same path), new sizes and times
    /// of files whose content is unchanged (`touched`: path, size, mtime in ns), and
    /// forgets the files that are `gone` — all or nothing.
    fn update_deck_index(
        &mut self,
        files: &[(String, IndexedFile)],
        touched: &[(String, u64, i64)],
        gone: &[String],
    ) -> anyhow::Result<()>;
}

/// One deck file as the deck index remembers it . Lists are kept
/// as text, one item per line, so reading the index allocates per file, not per card.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct IndexedFile {
    pub size: u64,
    pub mtime_ns: i64,
    /// xxh3 of the file's text.
    pub hash: u64,
    /// Every source id the file cites, one per line.
    pub cited: String,
    /// xxh3 of the cited ids that existed when the file was read.
    pub seeds_key: u64,
    /// The deck id; empty when the file gave no usable deck.
    pub deck: String,
    /// `path:line:column` of the deck id.
    pub deck_at: String,
    /// Card ids in file order, one per line.
    pub cards: String,
    /// One line per card: its deck's tags and its own, space-separated. Read only when
    /// asked for (see [`IndexCache::deck_index`]).
    pub tags: String,
    /// The file's first problem as one line, when it has errors.
    pub problem: Option<String>,
    /// Where each card's text lies and what a quiz filters on, so that a session parses
    /// only the cards it asks: a first line `v2 END` with the end of the text before the
    /// first card (the `[deck]` table), then one line per card, `start end line kind
    /// source…` (bytes, its header's 1-based line, its kind, the source ids it cites).
    /// Empty or of another version when not known (an entry made by an older build): the
    /// file is then read afresh.
    pub spans: String,
}

/// Where a deck's text comes from, to parse it when its cards are asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Bundled(&'static str),
    File(PathBuf),
}

/// One usable deck as the index knows it.
#[derive(Debug, Clone)]
pub struct IndexedDeck {
    pub id: String,
    /// The file's path as shown in messages (`bundled:…` for decks compiled in).
    pub shown: String,
    pub origin: Origin,
    /// Card ids in file order, one per line.
    cards: String,
    /// One line per card: the deck's tags and the card's, space-separated; `None` when the
    /// index was read without tags.
    tags: Option<String>,
    len: usize,
    /// xxh3 of the file's text when indexed, and its card spans (see [`IndexedFile`]).
    hash: u64,
    spans: String,
}

impl IndexedDeck {
    /// The card ids, in file order.
    pub fn cards(&self) -> std::str::Lines<'_> {
        self.cards.lines()
    }

    pub fn len(&self) -> usize {
        self.len
    }

    /// xxh3 of the card ids in file order: what a cache of per-card figures is valid for
    /// (the file's own hash is not enough: a card citing a source note now gone is left
    /// out of an unchanged file).
    pub fn cards_key(&self) -> u64 {
        xxhash_rust::xxh3::xxh3_64(self.cards.as_bytes())
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Each card's kind and the source ids it cites, in file order; `None` when the entry
    /// does not know them (made by an older build and not yet read again).
    pub fn kinds_and_sources(
        &self,
    ) -> Option<impl Iterator<Item = (&str, impl Iterator<Item = &str>)>> {
        if !spans_current(&self.spans) {
            return None;
        }
        Some(self.spans.lines().skip(1).take(self.len).map(|line| {
            let mut words = line.split(' ').skip(3);
            let kind = words.next().unwrap_or("");
            (kind, words)
        }))
    }

    /// Each card's tags (its deck's and its own), in file order; `None` when the index was
    /// read without tags.
    pub fn tags(&self) -> Option<impl Iterator<Item = impl Iterator<Item = &str>>> {
        let tags = self.tags.as_deref()?;
        // `split`, not `lines`: a last card without tags still has its (empty) line.
        let lines = tags.split('\n').take(self.len);
        Some(lines.map(|line| line.split(' ').filter(|t| !t.is_empty())))
    }
}

/// The decks and source notes reachable from the configured sources.
#[derive(Debug, Default)]
pub struct DeckIndex {
    /// Usable decks in load order (sources in order, files in path order), each deck id
    /// once: the first file to use an id keeps it, as [`Collection::load`] does.
    pub decks: Vec<IndexedDeck>,
    pub seeds: Vec<Seed>,
    /// One line per file with errors (its first problem), as sessions print them.
    pub problems: Vec<String>,
    known: HashSet<String>,
    /// The style of a deck that does not say, for the cards parsed later.
    style: Style,
}

/// What one deck file needs before it is known: nothing, reading, or parsing.
enum Slot {
    Current(String, PathBuf, IndexedFile),
    Stale {
        shown: String,
        /// The path itself: a name that is not UTF-8 does not survive `shown`.
        path: PathBuf,
        size: u64,
        mtime_ns: i64,
        old: Option<IndexedFile>,
    },
    Bundled(String, &'static str),
}

/// What the store must learn about a file after it was looked at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Change {
    None,
    /// Same content, new size or time.
    Touched,
    /// Parsed afresh.
    Parsed,
}

/// A slot resolved: the file's entry, where its text is, and what changed.
type Resolved = Result<(String, Origin, IndexedFile, Change), FileReport>;

impl DeckIndex {
    /// How the cards of these decks are read: against the notes found, in the run's style.
    fn context(&self) -> ParseContext<'_> {
        ParseContext::new(&self.known, self.style)
    }

    /// Reads the index for `sources`, bringing the entries of changed files up to date
    /// (files are read and parsed on every core) and forgetting files that are gone.
    /// Card tags are read only `with_tags`.
    pub fn build<C: IndexCache + ?Sized>(
        decks: &Decks,
        store: &mut C,
        with_tags: bool,
    ) -> anyhow::Result<DeckIndex> {
        let seeds = Collection::load_seeds(decks);
        let known: HashSet<String> = seeds.seeds.iter().map(|s| s.id.clone()).collect();
        let context = decks.context(&known);
        let mut reports = seeds.reports;
        let mut stored = store.deck_index(with_tags)?;
        let mut slots = Vec::new();
        let mut roots: Vec<&Path> = Vec::new();
        for source in &decks.sources {
            match source {
                DeckSource::Bundled => {
                    for (path, text) in bundled::DECKS {
                        slots.push(Slot::Bundled(format!("bundled:{path}"), text));
                    }
                }
                DeckSource::Path(root) => {
                    roots.push(root);
                    let skip = seeds_dir_for(root);
                    for file in walk(root, &mut reports) {
                        if skip.as_ref().is_some_and(|s| file.starts_with(s)) {
                            continue;
                        }
                        let shown = file.display().to_string();
                        let (size, mtime_ns) = stamp(&file);
                        match stored.remove(&shown) {
                            Some(entry)
                                if entry.size == size
                                    && entry.mtime_ns == mtime_ns
                                    && spans_current(&entry.spans)
                                    && entry.seeds_key == seeds_key(&entry.cited, context) =>
                            {
                                slots.push(Slot::Current(shown, file, entry));
                            }
                            old => slots.push(Slot::Stale {
                                shown,
                                path: file,
                                size,
                                mtime_ns,
                                old,
                            }),
                        }
                    }
                }
            }
        }
        let resolved: Vec<Resolved> = slots
            .into_par_iter()
            .map(|slot| resolve(slot, context))
            .collect();

        let mut index = DeckIndex {
            known,
            style: decks.style,
            seeds: seeds.seeds,
            ..DeckIndex::default()
        };
        // Problems in the order `Collection::load` meets them: source notes and folders,
        // then each deck file in turn.
        for report in reports.iter().filter(|r| r.has_errors()) {
            index
                .problems
                .extend(report.diagnostics.first().map(|d| report.one_line(d)));
        }
        let mut first_seen: HashMap<String, String> = HashMap::new();
        let (mut parsed, mut touched) = (Vec::new(), Vec::new());
        for outcome in resolved {
            let (shown, origin, entry, change) = match outcome {
                Ok(found) => found,
                Err(report) => {
                    if let Some(first) = report.diagnostics.first() {
                        index.problems.push(report.one_line(first));
                    }
                    continue;
                }
            };
            index.add(&mut first_seen, &shown, origin, &entry, with_tags);
            match change {
                Change::None => {}
                Change::Touched => touched.push((shown, entry.size, entry.mtime_ns)),
                Change::Parsed => parsed.push((shown, entry)),
            }
        }
        // Entries under the folders just walked that were not found are files now gone.
        let gone: Vec<String> = stored
            .into_keys()
            .filter(|path| roots.iter().any(|root| Path::new(path).starts_with(root)))
            .collect();
        store.update_deck_index(&parsed, &touched, &gone)?;
        Ok(index)
    }

    fn add(
        &mut self,
        first_seen: &mut HashMap<String, String>,
        shown: &str,
        origin: Origin,
        entry: &IndexedFile,
        with_tags: bool,
    ) {
        if entry.deck.is_empty() {
            self.problems.extend(entry.problem.clone());
            return;
        }
        if let Some(first) = first_seen.get(&entry.deck) {
            // The whole file is left out, so this is the problem to show, even when the
            // file has others.
            self.problems.push(format!(
                "{}: error: deck id `{}` is already used; `{first}` defines it first; deck ids must be unique across all decks",
                entry.deck_at, entry.deck
            ));
            return;
        }
        self.problems.extend(entry.problem.clone());
        first_seen.insert(entry.deck.clone(), shown.to_string());
        self.decks.push(IndexedDeck {
            id: entry.deck.clone(),
            shown: shown.to_string(),
            origin,
            cards: entry.cards.clone(),
            tags: with_tags.then(|| entry.tags.clone()),
            len: entry.cards.lines().count(),
            hash: entry.hash,
            spans: entry.spans.clone(),
        });
    }

    /// Parses the files of the decks at `wanted` (positions in [`DeckIndex::decks`]) on
    /// every core, and returns them with the source notes as a collection. A file that
    /// can no longer be read, or no longer holds its deck, is left out with a report.
    #[cfg(test)]
    pub fn load(&self, wanted: &[usize]) -> Collection {
        let wanted: Vec<(usize, Option<Vec<usize>>)> = wanted.iter().map(|&i| (i, None)).collect();
        self.load_parts(&wanted)
    }

    /// Parses the cards asked for of each deck (deck position, card positions in the
    /// index) on every core, with the source notes, as a collection: each deck in the collection holds just
    /// those cards, parsed from their byte spans in the file when its text is as indexed,
    /// else from the whole file.
    pub fn load_cards(&self, wanted: &[(usize, Vec<usize>)]) -> Collection {
        let wanted: Vec<(usize, Option<Vec<usize>>)> = wanted
            .iter()
            .map(|(i, cards)| (*i, Some(cards.clone())))
            .collect();
        self.load_parts(&wanted)
    }

    fn load_parts(&self, wanted: &[(usize, Option<Vec<usize>>)]) -> Collection {
        let parsed: Vec<Result<Deck, FileReport>> = wanted
            .par_iter()
            .filter_map(|(i, cards)| Some((self.decks.get(*i)?, cards)))
            .map(|(indexed, cards)| {
                let text = match &indexed.origin {
                    Origin::Bundled(text) => (*text).to_string(),
                    Origin::File(path) => read(path)?,
                };
                let part = match (&indexed.origin, cards) {
                    (Origin::File(_), Some(cards)) => {
                        parse_cards(indexed, &text, cards, self.context())
                    }
                    _ => None,
                };
                let parsed = part.or_else(|| parse_deck(&text, self.context()).0.map(|p| p.deck));
                match parsed {
                    Some(mut deck) if deck.id == indexed.id => {
                        deck.origin = match &indexed.origin {
                            Origin::File(path) => super::DeckOrigin::File(path.clone()),
                            Origin::Bundled(_) => super::DeckOrigin::from_shown(&indexed.shown),
                        };
                        Ok(deck)
                    }
                    _ => {
                        let mut report = FileReport::new(indexed.shown.as_str(), "");
                        report.diagnostics.push(
                            Diagnostic::error(
                                format!("no longer holds the deck `{}`", indexed.id),
                                None,
                            )
                            .with_help("the file changed while upsc was starting; run again"),
                        );
                        Err(report)
                    }
                }
            })
            .collect();
        let mut collection = Collection {
            seeds: self.seeds.clone(),
            ..Collection::default()
        };
        for outcome in parsed {
            collection.files += 1;
            match outcome {
                Ok(deck) => collection.decks.push(deck),
                Err(report) => collection.reports.push(report),
            }
        }
        collection
    }
}

/// The warning lines for one-line deck problems (from [`DeckIndex::problems`] or
/// [`Collection::problems`]): each problem, then how many files they concern; nothing when
/// there is no problem. The commands print them, as sessions do before they start.
pub fn warnings(problems: &[String]) -> Vec<String> {
    if problems.is_empty() {
        return Vec::new();
    }
    let mut lines: Vec<String> = problems
        .iter()
        .map(|problem| format!("upsc: warning: {problem}"))
        .collect();
    lines.push(format!(
        "upsc: warning: {} {} errors and {} loaded only in part; run `upsc check` for details",
        crate::text::plural(problems.len(), "deck file"),
        if problems.len() == 1 { "has" } else { "have" },
        if problems.len() == 1 { "was" } else { "were" }
    ));
    lines
}

/// A file's size and modification time (nanoseconds since the epoch; 0 when unknown).
fn stamp(file: &Path) -> (u64, i64) {
    let Ok(meta) = std::fs::metadata(file) else {
        return (0, 0);
    };
    let mtime_ns = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| i64::try_from(d.as_nanos()).unwrap_or(i64::MAX));
    (meta.len(), mtime_ns)
}

/// What a file's entry depends on besides its text, as one number: which of the cited
/// source ids (one per line) exist, and the style of a deck that does not say (the
/// written options a card may give are checked in its style).
fn seeds_key(cited: &str, context: ParseContext<'_>) -> u64 {
    let mut present = String::new();
    let known = context.known_sources;
    for id in cited
        .lines()
        .filter(|id| known.is_some_and(|k| k.contains(*id)))
    {
        present.push_str(id);
        present.push('\n');
    }
    present.push_str(context.style.as_str());
    xxhash_rust::xxh3::xxh3_64(present.as_bytes())
}

fn resolve(slot: Slot, context: ParseContext<'_>) -> Resolved {
    match slot {
        Slot::Current(shown, path, entry) => {
            let origin = Origin::File(path);
            Ok((shown, origin, entry, Change::None))
        }
        Slot::Bundled(shown, text) => {
            let entry = entry_for(&shown, text.to_string(), context);
            Ok((shown, Origin::Bundled(text), entry, Change::None))
        }
        Slot::Stale {
            shown,
            path,
            size,
            mtime_ns,
            old,
        } => {
            let text = read(&path)?;
            let hash = xxhash_rust::xxh3::xxh3_64(text.as_bytes());
            let (mut entry, change) = match old {
                // Touched but not changed (a checkout, a copy): keep what was known.
                Some(old)
                    if old.hash == hash
                        && spans_current(&old.spans)
                        && old.seeds_key == seeds_key(&old.cited, context) =>
                {
                    (old, Change::Touched)
                }
                _ => (entry_for(&shown, text, context), Change::Parsed),
            };
            entry.size = size;
            entry.mtime_ns = mtime_ns;
            entry.hash = hash;
            Ok((shown, Origin::File(path), entry, change))
        }
    }
}

/// Parses a deck file into what the index keeps of it. The text is taken, not copied:
/// the report that locates the deck and its problems holds it.
fn entry_for(shown: &str, text: String, context: ParseContext<'_>) -> IndexedFile {
    let (parsed, mut diagnostics) = parse_deck(&text, context);
    let mut report = FileReport::new(shown, text);
    // Read top to bottom, as `Collection::load` shows them.
    diagnostics.sort_by_key(|d| d.span.as_ref().map_or(0, |s| s.start));
    report.diagnostics = diagnostics;
    let problem = report
        .has_errors()
        .then(|| report.diagnostics.first().map(|d| report.one_line(d)))
        .flatten();
    let mut entry = IndexedFile {
        problem,
        seeds_key: seeds_key("", context),
        ..IndexedFile::default()
    };
    let Some(ParsedDeck {
        deck,
        id_span,
        cited,
    }) = parsed
    else {
        return entry;
    };
    entry.cited = cited.join("\n");
    entry.seeds_key = seeds_key(&entry.cited, context);
    entry.deck_at = report.location(&Diagnostic::error("", Some(id_span)));
    entry.cards = deck
        .cards
        .iter()
        .map(|c| c.id.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    entry.tags = deck
        .cards
        .iter()
        .map(|c| c.all_tags(&deck).collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
        .join("\n");
    entry.spans = card_spans(&report.source, &deck.cards);
    entry.deck = deck.id;
    entry
}

/// The first words of [`IndexedFile::spans`] in the form this build writes.
const SPANS_VERSION: &str = "v2 ";

fn spans_current(spans: &str) -> bool {
    spans.starts_with(SPANS_VERSION)
}

/// The spans of [`IndexedFile::spans`]: a card runs from its `[[card]]` line to the next
/// `[[card]]` line (its `[[card.statements]]` and the like included) or the end of the
/// file. A layout this does not foresee (a card written inline, `[deck]` after the cards)
/// is caught when the cards are parsed from their spans, and the whole file is parsed
/// instead.
fn card_spans(text: &str, cards: &[super::Card]) -> String {
    debug_assert!(
        cards
            .iter()
            .all(|c| c.source.iter().all(|s| !s.contains([' ', '\n'])))
    );
    let starts: Vec<usize> = std::iter::once(0)
        .chain(
            text.bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i + 1),
        )
        .collect();
    let headers: Vec<usize> = starts
        .iter()
        .copied()
        .filter(|&at| {
            text[at..]
                .trim_start_matches([' ', '\t'])
                .starts_with("[[card]]")
        })
        .collect();
    let line_start = |line: u32| {
        starts
            .get(usize::try_from(line).unwrap_or(0).saturating_sub(1))
            .copied()
            .unwrap_or(text.len())
    };
    let first = headers.first().copied().unwrap_or(text.len());
    let mut spans = format!("{SPANS_VERSION}{first}\n");
    for card in cards {
        let start = line_start(card.line);
        let end = headers
            .get(headers.partition_point(|&h| h <= start))
            .copied()
            .unwrap_or(text.len());
        spans.push_str(&format!(
            "{start} {end} {} {}",
            card.line,
            card.kind().as_str()
        ));
        for source in &card.source {
            spans.push(' ');
            spans.push_str(source);
        }
        spans.push('\n');
    }
    spans
}

/// Parses only the cards at `positions` (in index order) of a file whose text is `text`:
/// the text before the first card, then each card's span. `None` when the spans do not
/// give back exactly those cards, for the caller to parse the whole file.
fn parse_cards(
    indexed: &IndexedDeck,
    text: &str,
    positions: &[usize],
    context: ParseContext<'_>,
) -> Option<Deck> {
    if !spans_current(&indexed.spans) || xxhash_rust::xxh3::xxh3_64(text.as_bytes()) != indexed.hash
    {
        return None;
    }
    let mut lines = indexed.spans.lines();
    let header_end: usize = lines.next()?.strip_prefix(SPANS_VERSION)?.parse().ok()?;
    let spans: Vec<(usize, usize, u32)> = lines
        .map(|line| {
            let mut parts = line.split(' ').map(str::parse::<usize>);
            match (parts.next(), parts.next(), parts.next()) {
                (Some(Ok(a)), Some(Ok(b)), Some(Ok(l))) => Some((a, b, u32::try_from(l).ok()?)),
                _ => None,
            }
        })
        .collect::<Option<_>>()?;
    let ids: Vec<&str> = indexed.cards().collect();
    let mut wanted: Vec<usize> = positions.to_vec();
    wanted.sort_unstable();
    wanted.dedup();
    let mut mini = String::from(text.get(..header_end)?);
    for &i in &wanted {
        let (start, end, _) = *spans.get(i)?;
        mini.push('\n');
        mini.push_str(text.get(start..end)?);
    }
    let ParsedDeck { mut deck, .. } = parse_deck(&mini, context).0?;
    if deck.id != indexed.id || deck.cards.len() != wanted.len() {
        return None;
    }
    for (card, &i) in deck.cards.iter_mut().zip(&wanted) {
        if card.id != *ids.get(i)? {
            return None;
        }
        // The line in the file, not in the text parsed, for messages.
        card.line = spans.get(i)?.2;
    }
    Some(deck)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;
    use std::time::{Duration, SystemTime};

    #[test]
    fn the_warnings_name_each_problem_then_count_the_files() {
        assert!(warnings(&[]).is_empty());
        assert_eq!(
            warnings(&["a.toml:3:1: error: bad".to_string()]),
            [
                "upsc: warning: a.toml:3:1: error: bad",
                "upsc: warning: 1 deck file has errors and was loaded only in part; run `upsc check` for details",
            ]
        );
        let two = warnings(&["a".to_string(), "b".to_string()]);
        assert_eq!(two.len(), 3);
        assert_eq!(
            two[2],
            "upsc: warning: 2 deck files have errors and were loaded only in part; run `upsc check` for details"
        );
    }

    /// The deck index kept in memory, as the store keeps it in a table.
    #[derive(Default)]
    struct Memory {
        files: HashMap<String, IndexedFile>,
    }

    impl IndexCache for Memory {
        fn deck_index(&self, with_tags: bool) -> anyhow::Result<HashMap<String, IndexedFile>> {
            Ok(self
                .files
                .iter()
                .map(|(path, entry)| {
                    let mut entry = entry.clone();
                    if !with_tags {
                        entry.tags.clear();
                    }
                    (path.clone(), entry)
                })
                .collect())
        }

        fn update_deck_index(
            &mut self,
            files: &[(String, IndexedFile)],
            touched: &[(String, u64, i64)],
            gone: &[String],
        ) -> anyhow::Result<()> {
            for (path, entry) in files {
                self.files.insert(path.clone(), entry.clone());
            }
            for (path, size, mtime_ns) in touched {
                if let Some(entry) = self.files.get_mut(path) {
                    entry.size = *size;
                    entry.mtime_ns = *mtime_ns;
                }
            }
            for path in gone {
                self.files.remove(path);
            }
            Ok(())
        }
    }

    const NOTE: &str =
        "id = \"note-{}\"\ntitle = \"Note {}\"\nkind = \"study-note\"\nsummary = \"s\"\n";

    /// A deck folder with a `seeds` folder beside it, holding notes `note-a` and `note-b`.
    struct Folder {
        dir: tempfile::TempDir,
    }

    impl Folder {
        fn new() -> anyhow::Result<Folder> {
            let folder = Folder {
                dir: tempfile::TempDir::new()?,
            };
            fs::create_dir_all(folder.decks())?;
            fs::create_dir_all(folder.dir.path().join("seeds"))?;
            folder.note("a")?;
            folder.note("b")?;
            Ok(folder)
        }

        fn decks(&self) -> PathBuf {
            self.dir.path().join("decks")
        }

        fn note(&self, name: &str) -> anyhow::Result<()> {
            let path = self.note_path(name);
            Ok(fs::write(path, NOTE.replace("{}", name))?)
        }

        fn note_path(&self, name: &str) -> PathBuf {
            self.dir.path().join(format!("seeds/note-{name}.toml"))
        }

        /// Writes a deck whose cards cite the given notes, one card per entry.
        fn deck(&self, file: &str, id: &str, cards: &[(&str, &str)]) -> anyhow::Result<PathBuf> {
            let mut text = format!("[deck]\nid = \"{id}\"\ntitle = \"T\"\ntags = [\"deck-tag\"]\n");
            for (card, note) in cards {
                text.push_str(&format!(
                    "\n[[card]]\nid = \"{card}\"\nkind = \"recall\"\ntags = [\"{card}-tag\"]\nprompt = \"p\"\nanswer = \"a\"\nsource = \"note-{note}\"\nexplanation = \"x\"\n"
                ));
            }
            let path = self.decks().join(file);
            fs::write(&path, text)?;
            Ok(path)
        }

        fn sources(&self) -> Decks {
            Decks::at(self.decks())
        }
    }

    fn ids(index: &DeckIndex) -> Vec<(String, Vec<String>)> {
        index
            .decks
            .iter()
            .map(|d| (d.id.clone(), d.cards().map(str::to_string).collect()))
            .collect()
    }

    fn loaded_ids(collection: &Collection) -> Vec<(String, Vec<String>)> {
        collection
            .decks
            .iter()
            .map(|d| (d.id.clone(), d.cards.iter().map(|c| c.id.clone()).collect()))
            .collect()
    }

    fn set_mtime(path: &Path, time: SystemTime) -> anyhow::Result<()> {
        fs::File::options()
            .write(true)
            .open(path)?
            .set_modified(time)?;
        Ok(())
    }

    #[test]
    fn gives_the_decks_and_problems_of_a_full_load_cold_and_warm() -> anyhow::Result<()> {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        let sources = Decks::new(
            ["good", "broken", "dup-decks"]
                .iter()
                .map(|f| DeckSource::Path(root.join(f)))
                .chain([DeckSource::Bundled])
                .collect(),
        );
        let full = Collection::load(&sources);
        assert!(full.problems().len() > 10, "the corpus is broken enough");
        let mut store = Memory::default();
        for run in ["cold", "warm"] {
            let index = DeckIndex::build(&sources, &mut store, false)?;
            assert_eq!(ids(&index), loaded_ids(&full), "{run}");
            assert_eq!(index.problems, full.problems(), "{run}");
        }
        Ok(())
    }

    #[test]
    fn trusts_an_unchanged_size_and_time_and_rereads_a_changed_one() -> anyhow::Result<()> {
        let folder = Folder::new()?;
        let path = folder.deck("d.toml", "d", &[("one", "a"), ("two", "a")])?;
        let mut store = Memory::default();
        DeckIndex::build(&folder.sources(), &mut store, false)?;
        let time = fs::metadata(&path)?.modified()?;

        // Same size, same time, other content: the index is believed, the file not read.
        let text = fs::read_to_string(&path)?.replace("\"two\"", "\"owt\"");
        fs::write(&path, text)?;
        set_mtime(&path, time)?;
        let index = DeckIndex::build(&folder.sources(), &mut store, false)?;
        assert_eq!(ids(&index)[0].1, ["one", "two"]);

        set_mtime(&path, time + Duration::from_secs(5))?;
        let index = DeckIndex::build(&folder.sources(), &mut store, false)?;
        assert_eq!(ids(&index)[0].1, ["one", "owt"]);
        Ok(())
    }

    #[test]
    fn a_touched_file_keeps_its_entry_with_the_new_time() -> anyhow::Result<()> {
        let folder = Folder::new()?;
        let path = folder.deck("d.toml", "d", &[("one", "a")])?;
        let mut store = Memory::default();
        DeckIndex::build(&folder.sources(), &mut store, true)?;
        let shown = path.display().to_string();
        let before = store.deck_index(true)?.remove(&shown);
        set_mtime(
            &path,
            SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000),
        )?;
        DeckIndex::build(&folder.sources(), &mut store, false)?;
        let after = store.deck_index(true)?.remove(&shown);
        let (Some(before), Some(after)) = (before, after) else {
            anyhow::bail!("the file is indexed");
        };
        assert_eq!(after.mtime_ns, 1_000_000_000_000_000);
        assert_eq!(
            IndexedFile {
                mtime_ns: before.mtime_ns,
                ..after
            },
            before,
            "only the time changed; the tags were kept although not read"
        );
        Ok(())
    }

    #[test]
    fn a_removed_or_added_source_note_rereads_the_files_that_cite_it() -> anyhow::Result<()> {
        let folder = Folder::new()?;
        folder.deck("d.toml", "d", &[("one", "a"), ("two", "b"), ("three", "a")])?;
        folder.deck("e.toml", "e", &[("four", "a")])?;
        let mut store = Memory::default();
        let index = DeckIndex::build(&folder.sources(), &mut store, false)?;
        assert_eq!(ids(&index)[0].1, ["one", "two", "three"]);

        fs::remove_file(folder.note_path("b"))?;
        let index = DeckIndex::build(&folder.sources(), &mut store, false)?;
        assert_eq!(
            ids(&index)[0].1,
            ["one", "three"],
            "the card citing it is out"
        );
        assert_eq!(ids(&index)[1].1, ["four"]);
        assert_eq!(index.problems.len(), 1, "{:?}", index.problems);
        assert!(
            index.problems[0]
                .contains("d.toml:21:10: error: unknown source `note-b`; did you mean `note-a`?"),
            "{:?}",
            index.problems
        );
        assert_eq!(
            index.problems,
            Collection::load(&folder.sources()).problems()
        );

        folder.note("b")?;
        let index = DeckIndex::build(&folder.sources(), &mut store, false)?;
        assert_eq!(
            ids(&index)[0].1,
            ["one", "two", "three"],
            "back with its note"
        );
        assert!(index.problems.is_empty(), "{:?}", index.problems);
        Ok(())
    }

    #[test]
    fn forgets_files_that_are_gone() -> anyhow::Result<()> {
        let folder = Folder::new()?;
        folder.deck("d.toml", "d", &[("one", "a")])?;
        let gone = folder.deck("e.toml", "e", &[("two", "a")])?;
        let mut store = Memory::default();
        DeckIndex::build(&folder.sources(), &mut store, false)?;
        assert_eq!(store.deck_index(false)?.len(), 2);
        fs::remove_file(&gone)?;
        let index = DeckIndex::build(&folder.sources(), &mut store, false)?;
        assert_eq!(ids(&index).len(), 1);
        let left: Vec<String> = store.deck_index(false)?.into_keys().collect();
        assert_eq!(left, [folder.decks().join("d.toml").display().to_string()]);
        Ok(())
    }

    #[test]
    fn parses_only_the_cards_asked_for_whatever_the_layout() -> anyhow::Result<()> {
        let folder = Folder::new()?;
        let card = |id: &str| {
            format!(
                "[[card]]\nid = \"{id}\"\nkind = \"statements\"\nstem = \"s\"\nsource = \"note-a\"\nexplanation = \"x\"\n\n[[card.statements]]\ntext = \"t {id}\"\ncorrect = true\n\n[[card.statements]]\ntext = \"u\"\ncorrect = false\n\n"
            )
        };
        let header = "# a comment\n[deck]\nid = \"{}\"\ntitle = \"T\"\n\n";
        let plain = format!(
            "{}{}{}{}",
            header.replace("{}", "plain"),
            card("one"),
            card("two"),
            card("three")
        );
        // `[deck]` after the cards, a spaced header, and an inline card.
        let late = format!(
            "{}{}[deck]\nid = \"late\"\ntitle = \"T\"\n",
            card("one"),
            card("two")
        );
        let spaced = format!(
            "{}{}[[ card ]]\nid = \"two\"\nkind = \"recall\"\nprompt = \"p\"\nanswer = \"a\"\nsource = \"note-a\"\nexplanation = \"x\"\n\n{}",
            header.replace("{}", "spaced"),
            card("one"),
            card("three")
        );
        for (name, text) in [("plain", &plain), ("late", &late), ("spaced", &spaced)] {
            fs::write(folder.decks().join(format!("{name}.toml")), text)?;
        }
        let mut store = Memory::default();
        let index = DeckIndex::build(&folder.sources(), &mut store, false)?;
        let full = index.load(&[0, 1, 2]);
        assert!(full.reports.is_empty(), "{:?}", full.problems());
        let at = |id: &str| index.decks.iter().position(|d| d.id == id).unwrap_or(99);
        let wanted = [
            (at("plain"), vec![1]),
            (at("late"), vec![1, 0]),
            (at("spaced"), vec![1, 2]),
        ];
        let part = index.load_cards(&wanted);
        assert!(part.reports.is_empty(), "{:?}", part.problems());
        for (deck, cards) in wanted {
            let id = &index.decks[deck].id;
            let whole = full.deck(id).ok_or_else(|| anyhow::anyhow!("{id}"))?;
            let some = part.deck(id).ok_or_else(|| anyhow::anyhow!("{id}"))?;
            for i in cards {
                let card = &whole.cards[i];
                let found = some.cards.iter().find(|c| c.id == card.id);
                assert_eq!(
                    found,
                    Some(card),
                    "{id}: card {i} as in the whole file, its line too"
                );
            }
            if id == "plain" {
                assert_eq!(some.cards.len(), 1, "parsed from its span alone");
            }
        }
        // A file changed since it was indexed is parsed whole, as it now is.
        let path = folder.decks().join("plain.toml");
        let time = fs::metadata(&path)?.modified()?;
        fs::write(&path, plain.replace("t two", "t 2"))?;
        set_mtime(&path, time)?;
        let part = index.load_cards(&[(at("plain"), vec![1])]);
        let deck = part.deck("plain").ok_or_else(|| anyhow::anyhow!("plain"))?;
        assert_eq!(deck.cards.len(), 3);
        Ok(())
    }

    #[test]
    fn reads_tags_only_when_asked_and_loads_only_the_wanted_decks() -> anyhow::Result<()> {
        let folder = Folder::new()?;
        folder.deck("d.toml", "d", &[("one", "a"), ("two", "b")])?;
        folder.deck("e.toml", "e", &[("three", "a")])?;
        let mut store = Memory::default();
        for run in ["cold", "warm"] {
            let index = DeckIndex::build(&folder.sources(), &mut store, true)?;
            let tags: Vec<Vec<&str>> = index.decks[0]
                .tags()
                .map(|cards| cards.map(Iterator::collect).collect())
                .unwrap_or_default();
            assert_eq!(
                tags,
                [["deck-tag", "one-tag"], ["deck-tag", "two-tag"]],
                "{run}"
            );
        }
        let index = DeckIndex::build(&folder.sources(), &mut store, false)?;
        assert!(index.decks[0].tags().is_none());

        let collection = index.load(&[1]);
        assert_eq!(
            loaded_ids(&collection),
            [("e".to_string(), vec!["three".to_string()])]
        );
        assert_eq!(
            collection.decks[0].origin,
            crate::deck::DeckOrigin::File(folder.decks().join("e.toml"))
        );
        let seeds: Vec<&str> = collection.seeds.iter().map(|s| s.id.as_str()).collect();
        assert!(
            seeds.contains(&"note-a") && seeds.contains(&"note-b"),
            "{seeds:?}"
        );
        assert!(collection.reports.is_empty());
        Ok(())
    }
}
