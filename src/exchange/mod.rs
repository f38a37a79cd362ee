//! Moving cards in and out of upsc: importing (CSV with a header row, Anki's "Notes in
//! Plain Text") and exporting (Anki, CSV, JSON). Formats live in [`csv`], [`anki`] and
//! [`json`]; this module holds what imports share: a row becomes a card's TOML text,
//! every row is checked by the real parser before anything is written, and the deck file
//! is then created or appended to in one atomic write. The commands `upsc import` and
//! `upsc export` (reading their options, printing the outcome) are in `cmd`; this module
//! takes plain options ([`Import`], [`CardFormat`]) and returns what happened.

pub mod anki;
pub mod csv;
pub mod json;

use std::collections::HashSet;
use std::path::PathBuf;

use anyhow::anyhow;

use crate::author::text::{self, CardText};
use crate::author::{self};
use crate::config::Config;
use crate::deck::Deck;
use crate::deck::load::{Collection, DeckSource, Decks, MAX_FILE_BYTES};
use crate::deck::parse::{ParseContext, parse_deck};
use crate::error::UsageError;

/// The formats cards are imported from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportFormat {
    /// CSV with a header row (see docs/deck-format.md).
    Csv,
    /// Anki's "Notes in Plain Text" export.
    Anki,
}

/// The formats cards are exported to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CardFormat {
    /// An Anki plain-text file of Basic notes.
    Anki,
    /// CSV with the columns an import reads.
    Csv,
    /// Decks and cards with every field.
    Json,
}

/// What to import, and where to.
#[derive(Debug, Clone)]
pub struct Import {
    /// The file to read.
    pub file: PathBuf,
    pub format: ImportFormat,
    /// One of the user's decks, or a new deck made with this id.
    pub deck: String,
    /// Folder for a new deck's file (default: the decks folder in the data folder).
    pub dir: Option<PathBuf>,
    /// Title of a new deck (default: its id).
    pub title: Option<String>,
    /// Source notes cited on every imported card that names none.
    pub sources: Vec<String>,
}

/// What an import did.
#[derive(Debug)]
pub enum Imported {
    /// Some rows were wrong, so nothing was written: each problem by line, in order.
    Refused(Vec<RowError>),
    /// The cards were written.
    Done {
        cards: usize,
        /// The deck file written.
        path: PathBuf,
        /// Imported cards that cite no source.
        no_source: usize,
        /// Imported cards without an explanation.
        no_explanation: usize,
    },
}

/// Cards exported: a note about what the format could not carry, and counts.
#[derive(Debug, Default)]
pub struct Exported {
    pub note: Option<String>,
    pub cards: usize,
    pub decks: usize,
}

/// One card read from an import file, before it has an id.
#[derive(Debug, Clone)]
pub struct Row {
    /// 1-based line of the file where the row starts.
    pub line: u64,
    /// An id the file gives (CSV `id` column, Anki guid `deck/card`), if any.
    pub id: Option<String>,
    pub card: CardText,
    /// The text the id is made from when the file gives none.
    pub question: String,
}

/// A problem with one row: `line` and "what is wrong; what to do".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub line: u64,
    pub message: String,
}

impl RowError {
    pub fn new(line: u64, message: impl Into<String>) -> RowError {
        RowError {
            line,
            message: message.into(),
        }
    }
}

/// Splits a `|`-separated list; `\|` is a literal bar and `\\` a backslash.
pub fn split_bars(text: &str) -> Vec<String> {
    let mut items = vec![String::new()];
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if matches!(chars.peek(), Some('|') | Some('\\')) => {
                if let (Some(next), Some(last)) = (chars.next(), items.last_mut()) {
                    last.push(next);
                }
            }
            '|' => items.push(String::new()),
            c => {
                if let Some(last) = items.last_mut() {
                    last.push(c);
                }
            }
        }
    }
    items.into_iter().map(|s| s.trim().to_string()).collect()
}

/// Joins items with `|`, escaping bars and backslashes so [`split_bars`] gives them back.
pub fn join_bars<S: AsRef<str>>(items: &[S]) -> String {
    items
        .iter()
        .map(|s| s.as_ref().replace('\\', "\\\\").replace('|', "\\|"))
        .collect::<Vec<_>>()
        .join("|")
}

/// Every row a reader hands over (through `each`, as `csv::each` and `anki::each` do),
/// kept: the well-formed rows and the problems of the others.
#[cfg(test)]
fn collect_rows(
    each: impl FnOnce(&mut dyn FnMut(Result<Row, RowError>)),
) -> (Vec<Row>, Vec<RowError>) {
    let (mut rows, mut errors) = (Vec::new(), Vec::new());
    each(&mut |row| match row {
        Ok(row) => rows.push(row),
        Err(error) => errors.push(error),
    });
    (rows, errors)
}

/// Where imported cards go: an existing deck of the user's, or a new file.
struct Destination {
    path: PathBuf,
    /// The existing deck's file, as read for appending to; `None` for a new deck.
    existing: Option<Existing>,
    /// The size of the existing deck file, 0 for a new deck.
    existing_bytes: usize,
    ids: author::IdMaker,
}

/// An existing deck file, ready for cards to be appended.
enum Existing {
    /// Its text, and where new cards go in it ([`author::append_point`]); with the text
    /// before its first card when the deck sets a style other than the default (a card is
    /// then checked again in that deck's company).
    Text {
        text: String,
        at: usize,
        head: Option<String>,
    },
    /// A file whose place for new cards is not known as text: its `toml_edit` document.
    Document(toml_edit::DocumentMut),
}

fn destination(
    args: &Import,
    config: &Config,
    collection: &Collection,
) -> anyhow::Result<Destination> {
    let id = args.deck.as_str();
    if collection.deck(id).is_some() {
        let deck = author::writable_deck(collection, id)?;
        let path = author::deck_file(deck)?;
        let text = author::read_for_edit(&path)?;
        let existing_bytes = text.len();
        let (existing, ids) = match author::append_point(&text) {
            Some(point) => {
                let head =
                    (deck.style != config.decks.style).then(|| text[..point.head].to_string());
                let existing = Existing::Text {
                    text,
                    at: point.at,
                    head,
                };
                (existing, point.ids)
            }
            None => {
                let doc = author::edit(&path, &text)?;
                let ids = author::ids_in(&doc);
                (Existing::Document(doc), ids)
            }
        };
        return Ok(Destination {
            path,
            existing: Some(existing),
            existing_bytes,
            ids: author::IdMaker::new(ids),
        });
    }
    author::require_kebab_id(id)?;
    let dir = args.dir.clone().unwrap_or_else(|| config.user_decks());
    let path = dir.join(format!("{id}.toml"));
    if path.exists() {
        return Err(UsageError(format!(
            "`{}` exists but does not hold a usable deck `{id}`; run `upsc check {}`, or choose another --deck",
            path.display(),
            path.display()
        ))
        .into());
    }
    Ok(Destination {
        path,
        existing: None,
        existing_bytes: 0,
        ids: author::IdMaker::default(),
    })
}

/// Whether a deck file of `total` bytes (of which `existing` were there before, holding
/// `rows` new cards) loads: every command refuses a file over `limit`, and a deck cannot
/// be spread over several files (deck ids are unique across files). If not, what to do:
/// how many rows to import per deck.
fn fits_in_one_file(
    total: usize,
    existing: usize,
    rows: usize,
    limit: u64,
    deck: &str,
) -> Result<(), String> {
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    if total <= limit {
        return Ok(());
    }
    let per_row = (total.saturating_sub(existing) / rows.max(1)).max(1);
    // Leave a tenth of the limit spare, for the header and for cards added later.
    let room = (limit - limit / 10).saturating_sub(existing);
    let fit = room / per_row;
    if fit == 0 {
        return Err(
            "the deck is already full: import into a new deck (another --deck)".to_string(),
        );
    }
    let files = rows.div_ceil(fit);
    Err(format!(
        "split the input into {files} files of at most {fit} rows each and import each into a deck of its own (--deck {deck}-1, --deck {deck}-2, …)"
    ))
}

/// Imports the cards of one file into a deck (`upsc import FILE --format csv|anki --deck
/// ID`): every row is checked first, and the deck file is written only if all are good.
pub fn import(config: &Config, args: &Import) -> anyhow::Result<Imported> {
    let shown = args.file.display().to_string();
    let source = crate::deck::load::read(&args.file).map_err(|report| {
        let reason = report.diagnostics.first().map_or_else(
            || "cannot read".to_string(),
            |d| match &d.help {
                Some(help) => format!("{}; {help}", d.message),
                None => d.message.to_string(),
            },
        );
        anyhow!("{shown}: {reason}")
    })?;
    let mut sources = config.decks.clone();
    if let Some(dir) = args.dir.as_ref().filter(|d| d.is_dir()) {
        sources.sources.push(DeckSource::Path(dir.clone()));
    }
    // Which deck ids are taken and which decks are the learner's: no card is needed, and
    // a deck's cards are not even parsed (only checked to be TOML).
    let collection = Collection::load_deck_tables(&sources);
    author::check_sources(&args.sources, &collection)?;
    let known = author::known_sources(&collection);
    let known = config.decks.context(&known);
    let mut destination = destination(args, config, &collection)?;
    drop(collection);

    // Each row is checked, given its id and written into the deck's text as soon as it is
    // read: what is held is the input, the deck's text and the ids, not every row's card
    // as well, and the deck is not parsed again whole (a 51,000-row import held 180 MB).
    let limit = usize::try_from(MAX_FILE_BYTES).unwrap_or(usize::MAX);
    let mut written = match destination.existing.take() {
        Some(Existing::Document(doc)) => Written::Appended {
            doc,
            cards: Vec::new(),
        },
        Some(Existing::Text { mut text, at, head }) => {
            let bytes = text.len();
            let tail = text.split_off(at);
            Written::Text(TextDeck {
                text,
                bytes,
                tail,
                header: None,
                context: head,
                lost: None,
                no_source: 0,
                no_explanation: 0,
            })
        }
        None => {
            let title = args.title.as_deref().map_or_else(
                || args.deck.clone(),
                |t| crate::text::strip_controls(t).trim().to_string(),
            );
            let header = text::deck_header(&args.deck, &title, &args.sources);
            let text = format!(
                "# Imported by `upsc import` from {}.\n\n{header}",
                args.file
                    .file_name()
                    .map_or_else(|| shown.clone(), |n| n.to_string_lossy().into_owned()),
            );
            Written::Text(TextDeck {
                bytes: text.len(),
                text,
                tail: String::new(),
                header: Some(header),
                context: None,
                lost: None,
                no_source: 0,
                no_explanation: 0,
            })
        }
    };
    let mut errors: Vec<RowError> = Vec::new();
    // Rows that made good cards.
    let mut good = 0usize;
    // The new cards' ids, for the whole check of a deck appended to as a document.
    let mut ids: Vec<String> = Vec::new();
    let mut take = |row: Result<Row, RowError>| {
        let mut row = match row {
            Ok(row) => row,
            Err(error) => return errors.push(error),
        };
        let id = match row.id.take() {
            Some(id) if destination.ids.contains(&id) => {
                return errors.push(RowError::new(
                    row.line,
                    format!(
                        "card id `{id}` is already used in deck `{}`; change it, or leave it out to have one made",
                        args.deck
                    ),
                ));
            }
            Some(id) => {
                destination.ids.insert(&id);
                id
            }
            None => destination.ids.derive(&row.question),
        };
        if row.card.get("source").is_none() && !args.sources.is_empty() {
            row.card.raw("source", text::toml_strings(&args.sources));
        }
        row.card.set_id(&id);
        let checked = text::check_card(&row.card, known);
        if let Some(first) = checked.errors.first() {
            return errors.push(RowError::new(row.line, first.clone()));
        }
        good += 1;
        if !errors.is_empty() {
            // The import is refused: only the ids the rows after this one get matter.
            return;
        }
        match &mut written {
            Written::Appended { cards, .. } => {
                cards.push(row.card);
                ids.push(id);
            }
            Written::Text(deck) => deck.add(&row.card, id, checked.card, known, limit),
        }
    };
    match args.format {
        ImportFormat::Csv => csv::each(&source, &mut take),
        ImportFormat::Anki => anki::each(&source, &mut take),
    }
    drop(source);
    if !errors.is_empty() {
        errors.sort_by_key(|e| e.line);
        return Ok(Imported::Refused(errors));
    }
    if good == 0 {
        return Err(anyhow!(
            "{shown} holds no cards to import; see docs/deck-format.md for the columns"
        ));
    }
    let (text, bytes) = match &mut written {
        Written::Appended { doc, cards } => {
            author::append_cards(doc, cards)?;
            *cards = Vec::new();
            let text = doc.to_string();
            let bytes = text.len();
            (text, bytes)
        }
        Written::Text(deck) => {
            let mut text = std::mem::take(&mut deck.text);
            text.push_str(&deck.tail);
            deck.tail = String::new();
            (text, deck.bytes)
        }
    };
    fits_in_one_file(
        bytes,
        destination.existing_bytes,
        good,
        MAX_FILE_BYTES,
        &args.deck,
    )
    .map_err(|advice| {
        anyhow!(
            "importing {good} cards would make `{}` {:.1} MB, over the {} MiB limit for a deck file, and nothing was written; {advice}",
            destination.path.display(),
            bytes as f64 / 1e6,
            MAX_FILE_BYTES / (1024 * 1024),
        )
    })?;
    let (no_source, no_explanation) = match &written {
        Written::Text(deck) => deck.check(&text, &ids, known)?,
        Written::Appended { .. } => {
            let deck = author::check_edited(&text, &ids, known)?;
            let new_ids: HashSet<&str> = ids.iter().map(String::as_str).collect();
            let imported: Vec<_> = deck
                .cards
                .iter()
                .filter(|c| new_ids.contains(c.id.as_str()))
                .collect();
            (
                imported.iter().filter(|c| c.source.is_empty()).count(),
                imported.iter().filter(|c| c.explanation.is_none()).count(),
            )
        }
    };
    if let Some(dir) = destination
        .path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
    {
        std::fs::create_dir_all(dir)
            .map_err(|e| anyhow!("cannot create the folder `{}`: {e}", dir.display()))?;
    }
    let create = destination_is_new(&written);
    crate::fsutil::write_atomic(&destination.path, &text, create)?;
    Ok(Imported::Done {
        cards: good,
        path: destination.path,
        no_source,
        no_explanation,
    })
}

/// Whether the import makes a new deck file (one with a header of its own making).
fn destination_is_new(written: &Written) -> bool {
    matches!(
        written,
        Written::Text(TextDeck {
            header: Some(_),
            ..
        })
    )
}

/// The cards of an import that are good so far, in the form they are written in.
enum Written {
    /// Into an existing deck whose place for new cards is not known as text: its
    /// document, and the cards, appended to it at the end (through `toml_edit`, which keeps
    /// the file's comments and layout).
    Appended {
        doc: toml_edit::DocumentMut,
        cards: Vec<CardText>,
    },
    /// A new deck, or an existing one whose place for new cards is known.
    Text(TextDeck),
}

/// A deck file being written as text, card by card.
struct TextDeck {
    /// The text so far: a new deck's header, or an existing file up to the place for new
    /// cards; then each card (none past the size limit).
    text: String,
    /// The size the file would have, with every card.
    bytes: usize,
    /// What comes after the new cards: the comments that end an existing file.
    tail: String,
    /// A new deck's `[deck]` table, checked on its own at the end.
    header: Option<String>,
    /// An existing deck's text before its first card, when its style is not the
    /// default: each card is checked again after it.
    context: Option<String>,
    /// The first card the parser leaves out in the deck's company.
    lost: Option<String>,
    no_source: usize,
    no_explanation: usize,
}

impl TextDeck {
    /// Adds a good card (with its id set; `card` as the parser read it on its own).
    fn add(
        &mut self,
        written: &CardText,
        id: String,
        card: Option<crate::deck::Card>,
        known: ParseContext<'_>,
        limit: usize,
    ) {
        let rendered = written.render();
        self.bytes += 1 + rendered.len();
        // The card as the deck reads it: the same as on its own (every id is unique, and
        // the deck's style is the default), or else read again after the deck's header.
        let card = match &self.context {
            None => card,
            Some(head) => parse_deck(&format!("{head}{rendered}"), known)
                .0
                .and_then(|p| p.deck.cards.into_iter().find(|c| c.id == id)),
        };
        match card {
            Some(card) => {
                self.no_source += usize::from(card.source.is_empty());
                self.no_explanation += usize::from(card.explanation.is_none());
            }
            None => {
                if self.lost.is_none() {
                    self.lost = Some(id);
                }
                return;
            }
        }
        // Past the limit the import is refused for its size: only the size counts.
        if self.bytes <= limit {
            self.text.push('\n');
            self.text.push_str(&rendered);
        }
    }

    /// What [`author::check_edited`] would say of the whole `text`, without parsing it
    /// whole (that held ~140 MB for 8 MB): every card was read by the parser, with its id,
    /// and cards read alone read the same after a header; the header is read on its own
    /// here (a new deck's; an existing deck's was read when it was loaded). A header the
    /// parser refuses gets the whole check, for its message. How many cards cite no source
    /// and have no explanation.
    fn check(
        &self,
        text: &str,
        ids: &[String],
        known: ParseContext<'_>,
    ) -> anyhow::Result<(usize, usize)> {
        if let Some(header) = &self.header
            && parse_deck(header, known).0.is_none()
        {
            author::check_edited(text, ids, known)?;
        }
        if let Some(id) = &self.lost {
            anyhow::bail!("card `{id}` did not survive the edit; nothing was written");
        }
        Ok((self.no_source, self.no_explanation))
    }
}

/// The most cards a deck may have for its JSON to be made on any core as soon as it is
/// parsed (about 1 MB of text); a larger deck is written straight to the output in its
/// turn. Writing every deck in turn made exporting the bench's 500 decks 40% slower.
const JSON_HELD_CARDS: usize = 2_000;

/// One deck's part of an export, made on any core as soon as the deck is parsed.
struct Piece {
    text: String,
    /// For JSON, a large deck itself, written out when its turn comes: its text is larger.
    deck: Option<Deck>,
    cards: usize,
    /// Cards written as another kind (CSV).
    converted: usize,
}

impl Piece {
    fn of(format: CardFormat, deck: Deck) -> anyhow::Result<Piece> {
        let cards = deck.cards.len();
        let (text, converted, deck) = match format {
            CardFormat::Anki => (anki::rows(&deck)?, 0, None),
            CardFormat::Csv => {
                let (text, converted) = csv::rows(&deck)?;
                (text, converted, None)
            }
            // A deck of a usual size is written out here, on any core; a large one when
            // its turn comes, straight to the output (its text is larger than the deck).
            CardFormat::Json if cards <= JSON_HELD_CARDS => (json::piece(&deck)?, 0, None),
            CardFormat::Json => (String::new(), 0, Some(deck)),
        };
        Ok(Piece {
            text,
            deck,
            cards,
            converted,
        })
    }
}

/// Puts the pieces of an export together in order: its head, each deck's piece (with the
/// separators JSON needs), its tail.
struct Assembly<'o> {
    format: CardFormat,
    out: &'o mut dyn std::io::Write,
    exported: Exported,
    converted: usize,
}

impl<'o> Assembly<'o> {
    fn start(format: CardFormat, out: &'o mut dyn std::io::Write) -> anyhow::Result<Self> {
        let head = match format {
            CardFormat::Anki => anki::HEAD.to_string(),
            CardFormat::Csv => csv::head()?,
            CardFormat::Json => json::head(),
        };
        out.write_all(head.as_bytes())?;
        Ok(Assembly {
            format,
            out,
            exported: Exported::default(),
            converted: 0,
        })
    }

    fn add(&mut self, piece: &Piece) -> anyhow::Result<()> {
        if self.format == CardFormat::Json {
            let gap: &[u8] = if self.exported.decks == 0 {
                b"\n"
            } else {
                b",\n"
            };
            self.out.write_all(gap)?;
        }
        self.out.write_all(piece.text.as_bytes())?;
        if let Some(deck) = &piece.deck {
            json::write_piece(deck, self.out)?;
        }
        self.exported.decks += 1;
        self.exported.cards += piece.cards;
        self.converted += piece.converted;
        Ok(())
    }

    fn finish(self) -> anyhow::Result<Exported> {
        if self.format == CardFormat::Json {
            self.out
                .write_all(json::tail(self.exported.decks).as_bytes())?;
        }
        self.out.flush()?;
        Ok(Exported {
            note: if self.format == CardFormat::Csv {
                csv::note(self.converted)
            } else {
                None
            },
            ..self.exported
        })
    }
}

/// Writes the cards of the decks named (every deck when none is) to `out`, in a format
/// for another program (`upsc export --format anki|csv|json [--deck ID]…`), the same text
/// as [`anki::write`], [`csv::write`] or [`json::write`] over the loaded decks. Each deck
/// is written out as soon as the decks before it are, so memory does not grow with the
/// collection; with `--deck`, only the decks named are kept until every deck is known
/// (a name that matches none is refused before anything is written). Returns the
/// collection (its source notes and problems: no decks) and what was written.
pub fn export(
    sources: &Decks,
    format: CardFormat,
    deck_ids: &[String],
    out: &mut dyn std::io::Write,
) -> anyhow::Result<(Collection, Exported)> {
    if deck_ids.is_empty() {
        let mut assembly = Assembly::start(format, out)?;
        let collection = Collection::stream_each(
            sources,
            |deck, _| Piece::of(format, deck),
            |piece| assembly.add(&piece?),
        )?;
        return Ok((collection, assembly.finish()?));
    }
    let (collection, kept) = Collection::load_each(sources, |deck, _| {
        let chosen = deck_ids.contains(&deck.id);
        (deck.id.clone(), chosen.then(|| Piece::of(format, deck)))
    });
    for id in deck_ids {
        if !kept.iter().any(|(deck, _)| deck == id) {
            let known: Vec<&str> = kept.iter().map(|(deck, _)| deck.as_str()).collect();
            return Err(crate::error::no_deck(id, &known));
        }
    }
    let mut assembly = Assembly::start(format, out)?;
    for (_, piece) in kept {
        if let Some(piece) = piece {
            assembly.add(&piece?)?;
        }
    }
    Ok((collection, assembly.finish()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text the export wrote whole before it streamed: the loaded decks (those named,
    /// in collection order) through `anki::write`, `csv::write` or `json::write`.
    fn whole(sources: &Decks, format: CardFormat, ids: &[String]) -> (String, Option<String>) {
        let collection = Collection::load(sources);
        let decks: Vec<&Deck> = collection
            .decks
            .iter()
            .filter(|d| ids.is_empty() || ids.contains(&d.id))
            .collect();
        match format {
            CardFormat::Anki => (anki::write(&decks).unwrap(), None),
            CardFormat::Csv => csv::write(&decks).unwrap(),
            CardFormat::Json => (json::write(&decks).unwrap(), None),
        }
    }

    #[test]
    fn the_streamed_export_is_the_whole_one_byte_for_byte() {
        let empty = tempfile::tempdir().unwrap();
        let bundled = Collection::load(&Decks::bundled());
        let all_ids: Vec<String> = bundled.decks.iter().map(|d| d.id.clone()).collect();
        assert!(
            all_ids.len() >= 3,
            "the bundled decks are the test's material"
        );
        let cases: Vec<(Decks, Vec<String>)> = vec![
            (Decks::bundled(), vec![]),
            // Named out of order: the export keeps the collection's order.
            (
                Decks::bundled(),
                vec![all_ids[2].clone(), all_ids[0].clone()],
            ),
            (Decks::bundled(), vec![all_ids[1].clone()]),
            // No deck at all: JSON's empty list.
            (Decks::at(empty.path()), vec![]),
        ];
        for (sources, ids) in &cases {
            for format in [CardFormat::Anki, CardFormat::Csv, CardFormat::Json] {
                let mut out = Vec::new();
                let (_, exported) = export(sources, format, ids, &mut out).unwrap();
                let (text, note) = whole(sources, format, ids);
                assert_eq!(
                    String::from_utf8(out).unwrap(),
                    text,
                    "{format:?} of {ids:?} from {sources:?}"
                );
                assert_eq!(exported.note, note);
                let loaded = Collection::load(sources);
                let chosen = loaded
                    .decks
                    .iter()
                    .filter(|d| ids.is_empty() || ids.contains(&d.id));
                assert_eq!(exported.decks, chosen.clone().count());
                assert_eq!(exported.cards, chosen.map(|d| d.cards.len()).sum::<usize>());
            }
        }
    }

    #[test]
    fn a_folder_of_many_decks_streams_in_order_past_duplicates_and_broken_files() {
        // More files than one batch of the streaming load, with a deck id used twice
        // and a file that does not parse in the middle.
        let dir = tempfile::tempdir().unwrap();
        for i in 0..45 {
            let id = if i == 30 { 7 } else { i };
            let text = if i == 20 {
                "[deck\nid = ".to_string()
            } else {
                format!(
                    "[deck]\nid = \"deck-{id:02}\"\ntitle = \"Deck {i}\"\n\n[[card]]\nid = \"c{i}\"\nkind = \"recall\"\nprompt = \"Question {i}?\"\nanswer = \"Answer {i}\"\n\n[[card]]\nid = \"d{i}\"\nkind = \"mcq\"\nprompt = \"Pick {i}?\"\noptions = [\"x{i}\", \"y{i}\", \"z{i}\"]\nanswer = \"y{i}\"\n"
                )
            };
            std::fs::write(dir.path().join(format!("f{i:02}.toml")), text).unwrap();
        }
        let sources = Decks::at(dir.path());
        for format in [CardFormat::Anki, CardFormat::Csv, CardFormat::Json] {
            let mut out = Vec::new();
            let (collection, exported) = export(&sources, format, &[], &mut out).unwrap();
            assert_eq!(
                String::from_utf8(out).unwrap(),
                whole(&sources, format, &[]).0
            );
            assert_eq!((exported.decks, exported.cards), (43, 86));
            assert_eq!(
                collection.problems().len(),
                2,
                "{:?}",
                collection.problems()
            );
        }
    }

    #[test]
    fn an_unknown_deck_is_refused_before_anything_is_written() {
        let mut out = Vec::new();
        let ids = ["india-japan-summitt".to_string()];
        let error = export(&Decks::bundled(), CardFormat::Json, &ids, &mut out).unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("no deck `india-japan-summitt`"),
            "{error}"
        );
        assert!(out.is_empty());
    }

    #[test]
    fn an_import_over_the_file_limit_is_refused_with_how_to_split_it() {
        // A lowered limit stands in for the loader's 8 MiB.
        assert_eq!(fits_in_one_file(1_000, 0, 10, 1_000, "d"), Ok(()));
        assert_eq!(
            fits_in_one_file(1_001, 0, 10, 1_000, "d"),
            Err("split the input into 2 files of at most 9 rows each and import each into a deck of its own (--deck d-1, --deck d-2, …)".to_string())
        );
        // Into an existing deck: the room left is what counts.
        assert_eq!(
            fits_in_one_file(2_000, 500, 15, 1_000, "d"),
            Err("split the input into 4 files of at most 4 rows each and import each into a deck of its own (--deck d-1, --deck d-2, …)".to_string())
        );
        assert_eq!(
            fits_in_one_file(2_000, 950, 15, 1_000, "d"),
            Err("the deck is already full: import into a new deck (another --deck)".to_string())
        );
        // 60,000 rows making 8.8 MB: 8 MiB less a tenth holds 51,710 of them.
        let total = 8_800_000;
        let advice = fits_in_one_file(total, 0, 60_000, MAX_FILE_BYTES, "d").unwrap_err();
        assert!(
            advice.starts_with("split the input into 2 files of at most 51710 rows"),
            "{advice}"
        );
    }

    #[test]
    fn bars_split_and_join_with_escapes() {
        assert_eq!(split_bars("a | b|c"), ["a", "b", "c"]);
        assert_eq!(split_bars(r"1 \| 2|C:\\x|\y"), ["1 | 2", r"C:\x", r"\y"]);
        for items in [
            vec!["plain", "two words"],
            vec!["a|b", r"back\slash", r"\|", r"trailing\"],
        ] {
            assert_eq!(split_bars(&join_bars(&items)), items);
        }
    }
}
