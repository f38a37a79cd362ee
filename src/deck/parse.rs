//! From the text of one deck file to a validated [`Deck`], reporting every problem.
//!
//! The file is parsed by the `toml` crate into its spanned document tree, a card at a time
//! when it can be cut at its `[[card]]` lines ([`cards_apart`]) and else whole; the walk
//! below reads the fields it knows, so one pass yields all unknown fields, missing fields,
//! wrong types and broken rules with their exact spans — serde's derive would stop at the
//! first. Cards with problems are left out; the rest of the deck still loads.

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::ops::Range;

use toml::Spanned;
use toml::de::{DeArray, DeTable, DeValue};

use super::diagnostic::{Diagnostic, LineStarts};
use super::{
    Ask, Assertion, Body, Card, Deck, Form, Kind, Mcq, Numeric, Pair, Pairs, Recall, Row, Rows,
    Statement, Statements, Style, Tolerance,
};
use crate::quantity;
use crate::question::wording;

/// A deck as parsed, with what the collection needs to check across files.
#[derive(Debug)]
pub struct ParsedDeck {
    pub deck: Deck,
    /// Span of the deck's `id` value, for "defined twice" messages.
    pub id_span: Range<usize>,
    /// Every source id the file cites, known or not, sorted: whether the file reads the
    /// same depends on which of these exist (see [`super::index`]).
    pub cited: Vec<String>,
}

const DECK_FIELDS: &[&str] = &[
    "id",
    "title",
    "description",
    "tags",
    "sources",
    "lint",
    "style",
];
const TOP_FIELDS: &[&str] = &["deck", "card"];
const COMMON_FIELDS: &[&str] = &[
    "id",
    "kind",
    "tags",
    "source",
    "explanation",
    "lint",
    "style",
    "draft",
];
const STATEMENT_FIELDS: &[&str] = &["text", "correct", "why"];
const PAIR_FIELDS: &[&str] = &["left", "right", "correct"];
const ROW_FIELDS: &[&str] = &["cells", "correct", "why"];

fn kind_fields(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Recall => &["prompt", "answer", "accept", "self_grade"],
        Kind::Mcq => &["prompt", "options", "answer", "shuffle"],
        Kind::Statements => &[
            "stem",
            "statements",
            "show",
            "form",
            "question",
            "ask",
            "options",
            "shuffle",
        ],
        Kind::Pairs => &[
            "stem", "columns", "pairs", "decoys", "show", "form", "question", "options",
        ],
        Kind::Rows => &[
            "stem", "columns", "rows", "show", "form", "question", "options", "shuffle",
        ],
        Kind::Assertion => &[
            "stem",
            "statement1",
            "statement2",
            "statement1_correct",
            "statement2_correct",
            "explains",
            "statement3",
            "statement3_correct",
            "explained_by",
        ],
        Kind::Numeric => &["prompt", "value", "unit", "tolerance"],
    }
}

/// The closest known name to a misspelt one, if it is close enough to be a likely typo.
pub fn suggest<'a>(wrong: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (wrong.chars().count() / 3).max(1);
    known
        .into_iter()
        .map(|k| (strsim::damerau_levenshtein(wrong, k), k))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

/// Whether a name is kebab-case: lower-case letters and digits in words joined by `-`.
pub fn is_kebab(id: &str) -> bool {
    !id.is_empty()
        && id.split('-').all(|w| {
            !w.is_empty()
                && w.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// A kebab-case id derived from free text, for suggestions ("add `id = …`").
pub fn slug(text: &str, max_words: usize) -> String {
    let normal = crate::answer::normalise(text);
    let words: Vec<&str> = normal
        .split(' ')
        .filter(|w| w.is_ascii() && !w.is_empty())
        .take(max_words)
        .collect();
    words.join("-")
}

/// Openings of UPSC questions that say nothing about the card, skipped when an id is made
/// from a question (already normalised: lower case, no punctuation).
const BOILERPLATE: &[&str] = &[
    "with reference to",
    "in the context of",
    "consider the following statements",
    "consider the following pairs",
    "consider the following",
    "which one of the following",
    "which of the following",
];

/// A card id made from its question: the first words of the prompt, stem or Statement-I,
/// after any opening such as "With reference to" or "Consider the following statements".
/// Empty when the question has no ASCII words.
pub fn id_from_question(text: &str) -> String {
    let normal = crate::answer::normalise(text);
    let mut rest = normal.as_str();
    while let Some(after) = BOILERPLATE.iter().find_map(|b| {
        rest.strip_prefix(b)
            .filter(|a| a.is_empty() || a.starts_with(' '))
    }) {
        rest = after.trim_start();
    }
    let id = slug(rest, 6);
    if id.is_empty() { slug(&normal, 6) } else { id }
}

struct Walker<'s> {
    diagnostics: Vec<Diagnostic>,
    known_sources: Option<&'s HashSet<String>>,
    cited: BTreeSet<String>,
    /// Line counting moves forward only, as cards come in file order; counting from the
    /// start for every card would make loading quadratic in the file's size.
    lines: LineCounter,
    /// Line starts of the whole file, built the first time an earlier line is needed.
    line_starts: Option<LineStarts>,
}

#[derive(Default)]
struct LineCounter {
    offset: usize,
    line: usize,
}

impl LineCounter {
    fn line_at(&mut self, source: &str, offset: usize) -> u32 {
        let offset = offset.min(source.len());
        if offset < self.offset {
            *self = LineCounter::default();
        }
        self.line += source.as_bytes()[self.offset..offset]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        self.offset = offset;
        u32::try_from(self.line + 1).unwrap_or(u32::MAX)
    }
}

/// A cheap comparison key for "is this option/pair a repeat": case and spacing folded.
fn repeat_key(text: &str) -> String {
    text.split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// One table being read: its entries and the span to blame when a field is missing.
struct Table<'t, 'i> {
    entries: &'t DeTable<'i>,
    span: Range<usize>,
    /// "card", "[deck]", "statement" — used in messages.
    what: &'static str,
}

impl<'t, 'i> Table<'t, 'i> {
    fn get(&self, key: &str) -> Option<&'t Spanned<DeValue<'i>>> {
        self.entries.get(key)
    }
}

impl<'t, 'i> Table<'t, 'i> {
    fn new(entries: &'t DeTable<'i>, span: Range<usize>, what: &'static str) -> Self {
        Table {
            entries,
            span,
            what,
        }
    }
}

impl<'s> Walker<'s> {
    fn new(known_sources: Option<&'s HashSet<String>>) -> Self {
        Walker {
            diagnostics: Vec::new(),
            known_sources,
            cited: BTreeSet::new(),
            lines: LineCounter::default(),
            line_starts: None,
        }
    }

    fn error(
        &mut self,
        message: impl Into<Cow<'static, str>>,
        span: Range<usize>,
    ) -> &mut Diagnostic {
        self.push(Diagnostic::error(message, Some(span)))
    }

    fn warning(
        &mut self,
        message: impl Into<Cow<'static, str>>,
        span: Range<usize>,
    ) -> &mut Diagnostic {
        self.push(Diagnostic::warning(message, Some(span)))
    }

    fn push(&mut self, diagnostic: Diagnostic) -> &mut Diagnostic {
        let index = self.diagnostics.len();
        self.diagnostics.push(diagnostic);
        &mut self.diagnostics[index]
    }

    /// Reports every key that is not one of `allowed`, with the closest allowed name.
    fn unknown_fields(&mut self, table: &Table, allowed: &[&[&str]]) {
        for (key, _) in table.entries.iter() {
            let name: &str = key.get_ref();
            if allowed.iter().any(|set| set.contains(&name)) {
                continue;
            }
            let span = key.span();
            let suggestion = suggest(name, allowed.iter().flat_map(|s| s.iter().copied()));
            let what = table.what;
            let diagnostic = self.error(format!("unknown field `{name}` in {what}"), span);
            match suggestion {
                Some(s) => diagnostic.help = Some(format!("did you mean `{s}`?").into()),
                None => {
                    let list = allowed
                        .iter()
                        .flat_map(|s| s.iter())
                        .map(|f| format!("`{f}`"))
                        .collect::<Vec<_>>()
                        .join(", ");
                    diagnostic.help = Some(format!("expected one of {list}").into());
                }
            }
        }
    }

    fn missing(&mut self, table: &Table, key: &str, example: &str) {
        let what = table.what;
        self.error(format!("missing field `{key}` in {what}"), header(table))
            .help = Some(format!("add `{key} = {example}`").into());
    }

    fn wrong_type(&mut self, key: &str, expected: &str, value: &Spanned<DeValue>) {
        let found = value.get_ref().type_str();
        self.error(
            format!("`{key}` must be {expected}, found {found}"),
            value.span(),
        );
    }

    fn string(&mut self, table: &Table, key: &str, required: bool) -> Option<Spanned<String>> {
        let Some(value) = table.get(key) else {
            if required {
                self.missing(table, key, "\"…\"");
            }
            return None;
        };
        match value.get_ref().as_str() {
            Some(s) if s.trim().is_empty() => {
                self.error(format!("`{key}` is empty"), value.span());
                None
            }
            Some(s) => Some(Spanned::new(value.span(), s.to_string())),
            None => {
                self.wrong_type(key, "a string", value);
                None
            }
        }
    }

    fn boolean(&mut self, table: &Table, key: &str, required: bool) -> Option<bool> {
        let Some(value) = table.get(key) else {
            if required {
                self.missing(table, key, "true");
            }
            return None;
        };
        let found = value.get_ref().as_bool();
        if found.is_none() {
            self.wrong_type(key, "true or false", value);
        }
        found
    }

    fn integer(&mut self, table: &Table, key: &str, range: Range<usize>) -> Option<Spanned<usize>> {
        let value = table.get(key)?;
        let Some(number) = value.get_ref().as_integer() else {
            self.wrong_type(key, "a whole number", value);
            return None;
        };
        let parsed = i64::from_str_radix(number.as_str().replace('_', "").as_str(), number.radix())
            .ok()
            .and_then(|n| usize::try_from(n).ok())
            .filter(|n| range.contains(n));
        if parsed.is_none() {
            let (low, high) = (range.start, range.end - 1);
            self.error(
                format!("`{key}` must be between {low} and {high}"),
                value.span(),
            );
        }
        parsed.map(|n| Spanned::new(value.span(), n))
    }

    /// A list of strings; with `one_or_many`, a single string is accepted as a list of one.
    fn strings(&mut self, table: &Table, key: &str, one_or_many: bool) -> Vec<Spanned<String>> {
        let Some(value) = table.get(key) else {
            return Vec::new();
        };
        if one_or_many && let Some(s) = value.get_ref().as_str() {
            return vec![Spanned::new(value.span(), s.to_string())];
        }
        let Some(items) = value.get_ref().as_array() else {
            let expected = if one_or_many {
                "a string or an array of strings"
            } else {
                "an array of strings"
            };
            self.wrong_type(key, expected, value);
            return Vec::new();
        };
        let mut out = Vec::with_capacity(items.len());
        for item in items.iter() {
            match item.get_ref().as_str() {
                Some(s) if !s.trim().is_empty() => {
                    out.push(Spanned::new(item.span(), s.to_string()))
                }
                Some(_) => {
                    self.error(format!("`{key}` holds an empty string"), item.span());
                }
                None => self.wrong_type(&format!("each item of `{key}`"), "a string", item),
            }
        }
        out
    }

    /// An array of tables (`[[card.statements]]` or an inline array of inline tables).
    fn tables<'t, 'i>(
        &mut self,
        table: &Table<'t, 'i>,
        key: &str,
        what: &'static str,
    ) -> Vec<Table<'t, 'i>> {
        let Some(value) = table.get(key) else {
            return Vec::new();
        };
        let Some(items) = value.get_ref().as_array() else {
            self.wrong_type(key, "an array of tables", value);
            return Vec::new();
        };
        let mut out = Vec::with_capacity(items.len());
        for item in items.iter() {
            match item.get_ref().as_table() {
                Some(entries) => out.push(Table::new(entries, item.span(), what)),
                None => self.wrong_type(&format!("each item of `{key}`"), "a table", item),
            }
        }
        out
    }

    fn tags(&mut self, table: &Table, key: &str) -> Vec<String> {
        let tags = self.strings(table, key, false);
        tags.into_iter()
            .filter_map(|tag| {
                if is_kebab(tag.get_ref()) {
                    Some(tag.into_inner())
                } else {
                    let fixed = slug(tag.get_ref(), 8);
                    self.error(
                        format!("tag `{}` is not kebab-case", tag.get_ref()),
                        tag.span(),
                    )
                    .help = Some(format!("write it as `{fixed}`").into());
                    None
                }
            })
            .collect()
    }

    /// The names of lints silenced by a `lint = [...]` list; an unknown name is an error
    /// with the closest known one.
    fn lints(&mut self, table: &Table) -> Vec<String> {
        let names = self.strings(table, "lint", true);
        let mut out = Vec::with_capacity(names.len());
        for name in names {
            if super::lint::NAMES.contains(&name.get_ref().as_str()) {
                out.push(name.into_inner());
                continue;
            }
            let suggestion = suggest(name.get_ref(), super::lint::NAMES.iter().copied());
            self.error(format!("unknown lint `{}`", name.get_ref()), name.span())
                .help = Some(
                match suggestion {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!("use one of {}", super::lint::names_listed()),
                }
                .into(),
            );
        }
        out
    }

    fn sources(&mut self, table: &Table, key: &str, one_or_many: bool) -> Vec<String> {
        let sources = self.strings(table, key, one_or_many);
        for source in &sources {
            // Most cards cite what the card before them cited: look before copying.
            if !self.cited.contains(source.get_ref()) {
                self.cited.insert(source.get_ref().clone());
            }
        }
        let Some(known) = self.known_sources else {
            return sources.into_iter().map(Spanned::into_inner).collect();
        };
        for source in &sources {
            let id = source.get_ref();
            if known.contains(id) {
                continue;
            }
            let suggestion = suggest(id, known.iter().map(String::as_str));
            let diagnostic = self.error(format!("unknown source `{id}`"), source.span());
            diagnostic.help = Some(match suggestion {
                Some(s) => format!("did you mean `{s}`?"),
                None => "add a source note with this id under `seeds/`, or run `upsc seeds` to list them"
                    .to_string(),
            }.into());
        }
        sources.into_iter().map(Spanned::into_inner).collect()
    }

    /// A name from a fixed list (`style`, `ask`): unknown ones are errors with the closest.
    fn choice<T: Copy>(
        &mut self,
        table: &Table,
        key: &str,
        known: &[(&'static str, T)],
    ) -> Option<Spanned<T>> {
        let value = self.string(table, key, false)?;
        if let Some((_, found)) = known.iter().find(|(name, _)| name == value.get_ref()) {
            return Some(Spanned::new(value.span(), *found));
        }
        let names = known.iter().map(|(name, _)| *name);
        let suggestion = suggest(value.get_ref(), names.clone());
        let listed = names.map(|n| format!("`\"{n}\"`")).collect::<Vec<_>>();
        let d = self.error(format!("unknown {key} `{}`", value.get_ref()), value.span());
        let choices = format!("use {}", listed.join(" or "));
        d.help = Some(
            match suggestion {
                Some(s) => format!("did you mean `\"{s}\"`? {choices}"),
                None => choices,
            }
            .into(),
        );
        None
    }

    fn style(&mut self, table: &Table) -> Option<Style> {
        let known = Style::ALL.map(|s| (s.as_str(), s));
        self.choice(table, "style", &known).map(Spanned::into_inner)
    }

    fn form(&mut self, table: &Table) -> Option<Spanned<Form>> {
        let value = self.string(table, "form", false)?;
        match value.get_ref().as_str() {
            "which" => Some(Spanned::new(value.span(), Form::Which)),
            "how-many" => Some(Spanned::new(value.span(), Form::HowMany)),
            other => {
                let suggestion = suggest(other, ["which", "how-many"]);
                let d = self.error(format!("unknown form `{other}`"), value.span());
                d.help = Some(
                    match suggestion {
                        Some(s) => format!("did you mean `{s}`?"),
                        None => "use `which` or `how-many`".to_string(),
                    }
                    .into(),
                );
                None
            }
        }
    }
}

/// The span of a table's header line, for problems with the table as a whole.
fn header(table: &Table) -> Range<usize> {
    table.span.start..table.span.start
}

/// Every string under `table` — values at any depth and the keys themselves — that holds
/// a control character (see [`crate::text::first_control`]), as an error at the string.
/// Such a character, written as an escape like `\u001b`, would reach the terminal when
/// the text is shown and could retitle, clear or rewrite it.
pub fn control_characters(table: &DeTable, out: &mut Vec<Diagnostic>) {
    for (key, value) in table.iter() {
        control_in_string(key.get_ref(), key.span(), "key", out);
        control_in_value(value, out);
    }
}

fn control_in_value(value: &Spanned<DeValue>, out: &mut Vec<Diagnostic>) {
    match value.get_ref() {
        DeValue::String(text) => control_in_string(text, value.span(), "string", out),
        DeValue::Array(items) => {
            for item in items.iter() {
                control_in_value(item, out);
            }
        }
        DeValue::Table(table) => control_characters(table, out),
        _ => {}
    }
}

fn control_in_string(text: &str, span: Range<usize>, what: &str, out: &mut Vec<Diagnostic>) {
    if let Some(c) = crate::text::first_control(text) {
        let name = crate::text::control_name(c);
        out.push(
            Diagnostic::error(
                format!(
                    "control character {name} in a {what}: it could rewrite or clear the terminal"
                ),
                Some(span),
            )
            .with_help(format!(
                "remove the control character {name} (written as an escape such as `\\u{:04X}`)",
                c as u32
            )),
        );
    }
}

/// Parses and validates one deck file. Returns the deck when it is usable (possibly with
/// some cards left out), and every diagnostic found.
///
/// A file over 256 KiB that can be cut at its `[[card]]` lines ([`cards_apart`])
/// is read a few cards at a time, so an 8 MB deck is never held as one TOML tree (~18
/// times the file's size); the deck and the diagnostics, spans included, are the ones
/// reading the whole file gives, which is what happens to any other file.
pub fn parse_deck(
    source: &str,
    known_sources: Option<&HashSet<String>>,
) -> (Option<ParsedDeck>, Vec<Diagnostic>) {
    let by_card = (source.len() > WHOLE_BYTES)
        .then(|| parse_by_card(source, known_sources))
        .flatten();
    by_card.unwrap_or_else(|| parse_whole(source, known_sources))
}

/// Files up to this size are parsed whole (a tree of ~5 MB at most): a file read in
/// pieces has its cards' texts spread among the pieces' freed trees, which made linting
/// the bench's 500 files of 84 KB 8% slower.
const WHOLE_BYTES: usize = 256 * 1024;

/// [`parse_deck`] holding the whole file as one TOML tree.
fn parse_whole(
    source: &str,
    known_sources: Option<&HashSet<String>>,
) -> (Option<ParsedDeck>, Vec<Diagnostic>) {
    let (document, errors) = DeTable::parse_recoverable(source);
    if !errors.is_empty() {
        let diagnostics = errors
            .iter()
            .map(|e| {
                let message = e.message().trim().trim_end_matches('.').to_string();
                let message = message.lines().next().unwrap_or("invalid TOML").to_string();
                Diagnostic::error(format!("invalid TOML: {message}"), e.span())
            })
            .collect();
        return (None, diagnostics);
    }
    let mut walker = Walker::new(known_sources);
    let root = Table::new(document.get_ref(), 0..0, "the file");
    let (outside_cards, head) = read_top(&mut walker, &root);
    let deck = head.and_then(|head| {
        let mut cards = Cards::new(head.style, 0);
        match root.get("card") {
            // A deck with no cards yet is valid: `upsc new` makes one, with its examples
            // commented out, for `upsc add` to fill. (A misspelt `[[cards]]` is still
            // caught as an unknown field.)
            None => {}
            Some(value) => match value.get_ref().as_array() {
                None => {
                    walker.wrong_type("card", "an array of tables (`[[card]]`)", value);
                }
                Some(items) => cards.read(&mut walker, items, source, 0),
            },
        }
        finish(&mut walker, head, cards.cards)
    });
    if outside_cards {
        return (None, walker.diagnostics);
    }
    (deck, walker.diagnostics)
}

/// The least a piece of a deck file read by [`parse_by_card`] holds, from one of its
/// `[[card]]` lines to a later one: its TOML tree is ~18 times its size, and parsing a
/// file in one piece per card cost ~8% more time than whole.
const PIECE_BYTES: usize = 64 * 1024;

/// [`parse_deck`] a card at a time, as [`cards_apart`] cuts the file; `None` when it
/// cannot cut it (then the whole file is read).
fn parse_by_card(
    source: &str,
    known_sources: Option<&HashSet<String>>,
) -> Option<(Option<ParsedDeck>, Vec<Diagnostic>)> {
    parse_in_pieces(source, known_sources, PIECE_BYTES)
}

/// [`parse_by_card`] with pieces of at least `piece_bytes` (but the last): the part before
/// the first card is read as the file would be, then each piece's cards, their spans
/// moved by the piece's start.
fn parse_in_pieces(
    source: &str,
    known_sources: Option<&HashSet<String>>,
    piece_bytes: usize,
) -> Option<(Option<ParsedDeck>, Vec<Diagnostic>)> {
    let (document, cuts) = head_and_cuts(source)?;
    let mut walker = Walker::new(known_sources);
    let root = Table::new(document.get_ref(), 0..0, "the file");
    let (outside_cards, head) = read_top(&mut walker, &root);
    drop(document);
    let mut cards = head.as_ref().map(|head| Cards::new(head.style, cuts.len()));
    let mut last: Option<usize> = None;
    let cuts: Vec<usize> = cuts
        .into_iter()
        .filter(|&cut| {
            let keep = last.is_none_or(|last| cut - last >= piece_bytes);
            if keep {
                last = Some(cut);
            }
            keep
        })
        .collect();
    for (from, table) in pieces(source, &cuts) {
        // A piece that cannot be read alone sends the whole file to `parse_whole`, which
        // reports it.
        let table = table?;
        // Without a usable `[deck]` table the cards are not read, but they must still be
        // TOML for the file to read as it does whole.
        if let Some(cards) = &mut cards
            && let Some(DeValue::Array(items)) = table.get_ref().get("card").map(|v| v.get_ref())
        {
            cards.read(&mut walker, items, source, from);
        }
    }
    let deck = match (head, cards) {
        (Some(head), Some(cards)) => finish(&mut walker, head, cards.cards),
        _ => None,
    };
    if outside_cards {
        return Some((None, walker.diagnostics));
    }
    Some((deck, walker.diagnostics))
}

/// The deck of a file as [`parse_deck`] reads it, without its cards, and the problems
/// of everything but its cards; `None` when the file cannot be read that way (then
/// [`parse_deck`] reads it). The part before the first `[[card]]` line is read by
/// [`parse_deck`], and each card only checked to be TOML ([`cards_apart`]). So a deck
/// file of 8 MB is never held as one TOML tree (~140 MB); the answer is the one
/// [`parse_deck`] gives: usable or not, and the same `[deck]` table.
pub fn parse_outline(
    source: &str,
    known_sources: Option<&HashSet<String>>,
) -> Option<(Option<ParsedDeck>, Vec<Diagnostic>)> {
    let head = cards_apart(source, |_, _| {})?;
    Some(parse_whole(&source[..head], known_sources))
}

/// Reads a deck file a card at a time: the file is cut at its `[[card]]` lines, and each
/// piece from one to the next (its start in the file, and its TOML) is handed to `each`
/// in order. Returns where the first card starts, or `None` when the file cannot be read
/// that way (no `[[card]]` line, a `card` key before the first, a piece that is not TOML
/// or holds anything but cards; some pieces may have been handed over by then). A cut
/// inside a string or an array leaves a piece that does not parse, so the pieces are the
/// file's cards, and the part before them holds the rest of the file.
pub fn cards_apart(source: &str, mut each: impl FnMut(usize, &DeTable<'_>)) -> Option<usize> {
    let (_, cuts) = head_and_cuts(source)?;
    for (from, table) in pieces(source, &cuts) {
        each(from, table?.get_ref());
    }
    cuts.first().copied()
}

/// The TOML of the part of `source` before its first `[[card]]` line, and where each
/// such line starts; `None` when there is none, or that part is not TOML or has a
/// `card` key (which would make the file one whole).
fn head_and_cuts(source: &str) -> Option<(Spanned<DeTable<'_>>, Vec<usize>)> {
    // The lines that are `[[card]]` and spaces, found by searching for the text rather
    // than looking at every line.
    let cuts: Vec<usize> = source
        .match_indices("[[card]]")
        .map(|(at, _)| at)
        .filter(|&at| {
            let rest = &source[at + "[[card]]".len()..];
            let rest = rest.split('\n').next().unwrap_or_default();
            (at == 0 || source.as_bytes()[at - 1] == b'\n') && rest.trim_end().is_empty()
        })
        .collect();
    let first = *cuts.first()?;
    let head = DeTable::parse(&source[..first]).ok()?;
    if head
        .get_ref()
        .iter()
        .any(|(key, _)| key.get_ref() == "card")
    {
        return None;
    }
    Some((head, cuts))
}

/// Each piece of `source` from one cut to the next (or the end), with its TOML; `None`
/// for a piece that is not TOML or holds anything but cards.
fn pieces<'s>(
    source: &'s str,
    cuts: &[usize],
) -> impl Iterator<Item = (usize, Option<Spanned<DeTable<'s>>>)> {
    let ends = cuts.iter().skip(1).copied().chain([source.len()]);
    cuts.iter().copied().zip(ends).map(move |(from, to)| {
        let (table, errors) = DeTable::parse_recoverable(&source[from..to]);
        let only_cards = table
            .get_ref()
            .iter()
            .all(|(key, _)| key.get_ref() == "card");
        (from, (errors.is_empty() && only_cards).then_some(table))
    })
}

/// What the file's top level and its `[deck]` table say, before any card is read.
struct Head {
    id: Option<Spanned<String>>,
    title: Option<Spanned<String>>,
    description: Option<Spanned<String>>,
    tags: Vec<String>,
    sources: Vec<String>,
    lint: Vec<String>,
    style: Style,
}

/// Checks everything in the file but its cards: control characters, unknown top-level
/// fields and the `[deck]` table. Returns whether there were control characters (the
/// deck is then unusable) and the deck's fields, or `None` when there is no `[deck]`
/// table to read (then no card is read either).
fn read_top(w: &mut Walker, root: &Table) -> (bool, Option<Head>) {
    // Control characters anywhere but in the cards (each card is checked as it is read,
    // and left out if it has any) make the whole deck unusable: its title and
    // description are shown wherever the deck is.
    for (key, value) in root.entries.iter() {
        control_in_string(key.get_ref(), key.span(), "key", &mut w.diagnostics);
        if key.get_ref() != "card" {
            control_in_value(value, &mut w.diagnostics);
        }
    }
    let outside_cards = !w.diagnostics.is_empty();
    w.unknown_fields(root, &[TOP_FIELDS]);
    (outside_cards, read_head(w, root))
}

fn read_head(w: &mut Walker, root: &Table) -> Option<Head> {
    let Some(deck_value) = root.get("deck") else {
        w.error("missing `[deck]` table", 0..0).help =
            Some("start the file with `[deck]` and its `id` and `title`".into());
        return None;
    };
    let Some(deck_entries) = deck_value.get_ref().as_table() else {
        w.wrong_type("deck", "a table", deck_value);
        return None;
    };
    let deck_table = Table::new(deck_entries, deck_value.span(), "[deck]");
    w.unknown_fields(&deck_table, &[DECK_FIELDS]);
    let id = w.string(&deck_table, "id", true);
    if let Some(id) = &id
        && !is_kebab(id.get_ref())
    {
        let fixed = slug(id.get_ref(), 8);
        w.error(
            format!("deck id `{}` is not kebab-case", id.get_ref()),
            id.span(),
        )
        .help = Some(format!("use lower-case words joined by `-`, e.g. `{fixed}`").into());
    }
    let title = w.string(&deck_table, "title", true);
    let description = w.string(&deck_table, "description", false);
    let tags = w.tags(&deck_table, "tags");
    let sources = w.sources(&deck_table, "sources", false);
    let lint = w.lints(&deck_table);
    let style = w.style(&deck_table).unwrap_or_else(wording::default_style);
    Some(Head {
        id,
        title,
        description,
        tags,
        sources,
        lint,
        style,
    })
}

/// The cards read so far, and what is checked across them.
struct Cards {
    cards: Vec<Card>,
    /// Each card id and its span in the file, for "duplicate card id".
    seen: HashMap<String, Range<usize>>,
    deck_style: Style,
}

impl Cards {
    fn new(deck_style: Style, capacity: usize) -> Self {
        Cards {
            // Sized from the start when the number of cards is known: a vector of 50,000
            // cards doubled to room for 65,536 holds 5 MB more than it needs.
            cards: Vec::with_capacity(capacity),
            seen: HashMap::new(),
            deck_style,
        }
    }

    /// Reads the `card` array of a piece of `source` starting at `offset` (0 for the
    /// whole file): the spans of what it reports are moved by `offset`, into the file.
    fn read(&mut self, w: &mut Walker, items: &DeArray, source: &str, offset: usize) {
        for item in items.iter() {
            let before = w.diagnostics.len();
            match item.get_ref().as_table() {
                None => w.wrong_type("each `card`", "a table", item),
                Some(entries) => {
                    let table = Table::new(entries, item.span(), "card");
                    let card =
                        read_card(w, &table, source, offset, &mut self.seen, self.deck_style);
                    self.cards.extend(card);
                }
            }
            if offset > 0 {
                for span in w.diagnostics[before..]
                    .iter_mut()
                    .filter_map(|d| d.span.as_mut())
                {
                    *span = span.start + offset..span.end + offset;
                }
            }
        }
    }
}

fn finish(w: &mut Walker, head: Head, cards: Vec<Card>) -> Option<ParsedDeck> {
    let (id, title) = (head.id?, head.title?);
    Some(ParsedDeck {
        id_span: id.span(),
        cited: std::mem::take(&mut w.cited).into_iter().collect(),
        deck: super::Deck {
            id: id.into_inner(),
            title: title.into_inner(),
            description: head
                .description
                .map(Spanned::into_inner)
                .unwrap_or_default(),
            tags: head.tags,
            sources: head.sources,
            cards,
            lint: head.lint,
            style: head.style,
            origin: super::DeckOrigin::default(),
        },
    })
}

/// Reads one card of a piece of `source` starting at `offset`: the card's spans are
/// relative to the piece, `source` is the whole file.
fn read_card(
    w: &mut Walker,
    table: &Table,
    source: &str,
    offset: usize,
    seen: &mut HashMap<String, Range<usize>>,
    deck_style: Style,
) -> Option<Card> {
    let errors_before = w.diagnostics.len();
    control_characters(table.entries, &mut w.diagnostics);
    let kind = match table.get("kind") {
        None => {
            w.missing(table, "kind", "\"statements\"");
            None
        }
        Some(value) => match value.get_ref().as_str() {
            None => {
                w.wrong_type("kind", "a string", value);
                None
            }
            Some(name) => {
                let kind = Kind::parse(name);
                if kind.is_none() {
                    let suggestion = suggest(name, Kind::ALL.iter().map(|k| k.as_str()));
                    w.error(format!("unknown card kind `{name}`"), value.span()).help =
                        Some(match suggestion {
                            Some(s) => format!("did you mean `{s}`?"),
                            None => "use one of `statements`, `pairs`, `rows`, `assertion`, `mcq`, `numeric`, `recall`".to_string(),
                        }.into());
                }
                kind
            }
        },
    };
    match kind {
        Some(kind) => w.unknown_fields(table, &[COMMON_FIELDS, kind_fields(kind)]),
        None => {
            let all: Vec<&[&str]> = std::iter::once(COMMON_FIELDS)
                .chain(Kind::ALL.iter().map(|&k| kind_fields(k)))
                .collect();
            w.unknown_fields(table, &all);
        }
    }

    let id = match w.string(table, "id", false) {
        Some(id) => Some(id),
        None if table.get("id").is_none() => {
            let hint = ["prompt", "stem", "statement1"]
                .iter()
                .find_map(|k| table.get(k).and_then(|v| v.get_ref().as_str()))
                .map(id_from_question)
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| "a-short-name".to_string());
            w.error("missing field `id` in card", header(table)).help = Some(format!(
                "add `id = \"{hint}\"`, or run `upsc check --fix` to fill in missing ids; progress is kept under the card's id"
            ).into());
            None
        }
        None => None,
    };
    if let Some(id) = &id {
        let name = id.get_ref();
        if !is_kebab(name) {
            let fixed = slug(name, 8);
            w.error(format!("card id `{name}` is not kebab-case"), id.span())
                .help = Some(format!("use lower-case words joined by `-`, e.g. `{fixed}`").into());
        } else if let Some(first) = seen.get(name) {
            // Looked up in a table built once: counting from the start for each duplicate
            // made a file full of duplicates quadratic to check.
            let line = w
                .line_starts
                .get_or_insert_with(|| LineStarts::new(source))
                .line_index(first.start)
                + 1;
            w.error(
                format!("duplicate card id `{name}` in this deck"),
                id.span(),
            )
            .help = Some(
                format!("first used on line {line}; card ids must be unique within a deck").into(),
            );
        } else {
            let span = id.span();
            seen.insert(name.clone(), span.start + offset..span.end + offset);
        }
    }

    let tags = w.tags(table, "tags");
    let sources = w.sources(table, "source", true);
    if table.get("source").is_none() {
        w.warning("card cites no source", header(table)).help = Some(
            "add `source = \"<seed id>\"` naming the note under `seeds/` it comes from".into(),
        );
    }
    let lint = w.lints(table);
    let explanation = w.string(table, "explanation", false);
    if table.get("explanation").is_none() {
        w.warning("card has no explanation", header(table)).help =
            Some("add `explanation = \"…\"`: learners see it after answering".into());
    }

    let style = w.style(table).unwrap_or(deck_style);
    let draft = w.boolean(table, "draft", false).unwrap_or(false);
    let body = match kind {
        Some(Kind::Recall) => read_recall(w, table),
        Some(Kind::Mcq) => read_mcq(w, table),
        Some(Kind::Statements) => read_statements(w, table, style),
        Some(Kind::Pairs) => read_pairs(w, table, style),
        Some(Kind::Rows) => read_rows(w, table, style),
        Some(Kind::Assertion) => read_assertion(w, table),
        Some(Kind::Numeric) => read_numeric(w, table),
        None => None,
    };
    let has_errors = w.diagnostics[errors_before..]
        .iter()
        .any(|d| d.severity == super::diagnostic::Severity::Error);
    if has_errors {
        return None;
    }
    Some(Card {
        id: id?.into_inner(),
        tags,
        source: sources,
        explanation: explanation.map(|e| e.into_inner().trim().to_string()),
        body: body?,
        lint,
        style,
        line: w.lines.line_at(source, offset + table.span.start),
        draft,
    })
}

fn read_recall(w: &mut Walker, table: &Table) -> Option<Body> {
    let prompt = w.string(table, "prompt", true);
    let answer = w.string(table, "answer", true);
    let accept = w.strings(table, "accept", false);
    let self_grade = w.boolean(table, "self_grade", false).unwrap_or(false);
    Some(Body::Recall(Recall {
        prompt: prompt?.into_inner(),
        answer: answer?.into_inner(),
        accept: accept.into_iter().map(Spanned::into_inner).collect(),
        self_grade,
    }))
}

fn read_mcq(w: &mut Walker, table: &Table) -> Option<Body> {
    let prompt = w.string(table, "prompt", true);
    let answer = w.string(table, "answer", true);
    let shuffle = w.boolean(table, "shuffle", false).unwrap_or(true);
    let options = w.strings(table, "options", false);
    let options_value = table.get("options");
    if options_value.is_none() {
        w.missing(table, "options", "[\"…\", \"…\", \"…\", \"…\"]");
        return None;
    }
    let options_span = options_value.map(|v| v.span()).unwrap_or_default();
    if !(2..=6).contains(&options.len()) {
        w.error(
            format!("an mcq needs 2 to 6 options, found {}", options.len()),
            options_span,
        );
        return None;
    }
    let mut firsts: HashMap<String, usize> = HashMap::new();
    for (i, option) in options.iter().enumerate() {
        let key = repeat_key(option.get_ref());
        if let Some(&first) = firsts.get(&key) {
            w.error(
                format!("option `{}` repeats option {}", option.get_ref(), first + 1),
                option.span(),
            )
            .help = Some("every option must be different".into());
        } else {
            firsts.insert(key, i);
        }
    }
    let answer = answer?;
    let index = options.iter().position(|o| o.get_ref() == answer.get_ref());
    if index.is_none() {
        let suggestion = suggest(
            answer.get_ref(),
            options.iter().map(|o| o.get_ref().as_str()),
        );
        w.error(
            format!("answer `{}` is not one of the options", answer.get_ref()),
            answer.span(),
        )
        .help = Some(
            match suggestion {
                Some(s) => format!("did you mean `{s}`? The answer must repeat an option exactly"),
                None => "the answer must repeat one of the options exactly".to_string(),
            }
            .into(),
        );
    }
    Some(Body::Mcq(Mcq {
        prompt: prompt?.into_inner(),
        options: options.into_iter().map(Spanned::into_inner).collect(),
        answer: index?,
        shuffle,
    }))
}

fn read_statements(w: &mut Walker, table: &Table, style: Style) -> Option<Body> {
    let stem = w.string(table, "stem", true);
    let form = w.form(table);
    let show = w.integer(table, "show", 2..7);
    let question = w.string(table, "question", false);
    let ask = w
        .choice(
            table,
            "ask",
            &[("correct", Ask::Correct), ("not-correct", Ask::NotCorrect)],
        )
        .map_or(Ask::Correct, Spanned::into_inner);
    let shuffle = w.boolean(table, "shuffle", false).unwrap_or(true);
    let options = w.strings(table, "options", false);
    if table.get("statements").is_none() {
        w.missing(table, "statements", "[{ text = \"…\", correct = true }, …]");
        return None;
    }
    let mut statements = Vec::new();
    let mut ok = true;
    for item in w.tables(table, "statements", "statement") {
        w.unknown_fields(&item, &[STATEMENT_FIELDS]);
        let text = w.string(&item, "text", true);
        let correct = w.boolean(&item, "correct", true);
        let why = w.string(&item, "why", false);
        if correct == Some(false) && why.is_none() && item.get("why").is_none() {
            w.warning("false statement has no `why`", header(&item))
                .help = Some("add `why = \"…\"` saying what is wrong with it".into());
        }
        match (text, correct) {
            (Some(text), Some(correct)) => statements.push(Statement {
                text: text.into_inner(),
                correct,
                why: why.map(Spanned::into_inner),
            }),
            _ => ok = false,
        }
    }
    let span = table
        .get("statements")
        .map(|v| v.span())
        .unwrap_or_default();
    if ok && statements.len() < 2 {
        w.error(
            format!(
                "a statements card needs at least 2 statements, found {}",
                statements.len()
            ),
            span.clone(),
        );
        return None;
    }
    // Written options name the statements by number, and `shuffle = false` prints the
    // paper: either way every statement is shown, in the written order.
    let whole = !options.is_empty() || !shuffle;
    if whole && ok && statements.len() > 6 {
        let why = if options.is_empty() {
            "`shuffle = false` shows every statement"
        } else {
            "written `options` name every statement"
        };
        w.error(
            format!(
                "{why}, and a question shows at most 6; this card has {}",
                statements.len()
            ),
            span.clone(),
        )
        .help = Some("keep 6 statements or fewer in this card".into());
    }
    let show_n = shown_and_form(
        w,
        &show,
        &form,
        statements.len(),
        whole,
        !options.is_empty(),
        "statements",
    );
    let asked = |s: &Statement| s.correct == (ask == Ask::Correct);
    if options.is_empty()
        && show_n == 4
        && form.as_ref().is_none_or(|f| *f.get_ref() == Form::HowMany)
        && !statements.iter().any(asked)
    {
        let what = match ask {
            Ask::Correct => "correct",
            Ask::NotCorrect => "not-correct",
        };
        w.error(
            format!("with four statements the how-many options (\"Only one\" … \"All four\") need at least one {what} statement"),
            span,
        );
    }
    if !options.is_empty() {
        let target: Vec<bool> = statements.iter().map(asked).collect();
        let asked = match ask {
            Ask::Correct => "correct statements",
            Ask::NotCorrect => "not-correct statements",
        };
        check_written_options(w, table, &options, &target, style, ("statements", asked));
    }
    Some(Body::Statements(Box::new(Statements {
        stem: stem?.into_inner(),
        statements,
        show: show_n,
        form: form.map(Spanned::into_inner),
        question: question.map(Spanned::into_inner),
        ask,
        options: options.into_iter().map(Spanned::into_inner).collect(),
        shuffle,
    })))
}

/// Checks written options against the items' truth: each must read as a code or a
/// count that fits the card, no two may mean the same, and exactly one must be right.
/// `target` marks the items asked for (the correct ones, or with `ask = "not-correct"`
/// the others); `(noun, asked)` name the card's items and the ones asked for, as in
/// `("statements", "correct statements")` or `("rows", "correctly matched rows")`.
fn check_written_options(
    w: &mut Walker,
    table: &Table,
    options: &[Spanned<String>],
    target: &[bool],
    style: Style,
    (noun, asked): (&str, &str),
) {
    let span = table.get("options").map(|v| v.span()).unwrap_or_default();
    if !(2..=6).contains(&options.len()) {
        w.error(
            format!("a question needs 2 to 6 options, found {}", options.len()),
            span,
        );
        return;
    }
    let mut right: Vec<usize> = Vec::new();
    let mut readable = true;
    let mut seen: Vec<(wording::Written, usize)> = Vec::new();
    for (i, option) in options.iter().enumerate() {
        let letter = wording::OPTION_LETTERS.get(i).copied().unwrap_or("");
        let text = option.get_ref();
        let Ok(written) = wording::read_option(text) else {
            readable = false;
            w.error(
                format!("option {letter} `{text}` {}", wording::NOT_AN_OPTION),
                option.span(),
            )
            .help = Some(format!(
                "write a code as the paper does, such as `{}`, `{}` or `{}`, or a count such as `Only two`",
                wording::code(&[0, 1], 3, style),
                wording::code(&[0, 1], 2, style),
                wording::code(&[], 2, style),
            ).into());
            continue;
        };
        match written.fits(target, style, noun) {
            Err(why) => {
                readable = false;
                w.error(format!("option {letter} `{text}` {why}"), option.span())
                    .help = Some(format!(
                    "number the {noun} {} … as style \"{}\" does, and use only the card's {} {noun}",
                    wording::numeral(1, style),
                    style.as_str(),
                    target.len()
                ).into());
                continue;
            }
            Ok(fits) => {
                if let Some((_, first)) = seen.iter().find(|(w, _)| same_meaning(w, &written)) {
                    let first_letter = wording::OPTION_LETTERS.get(*first).copied().unwrap_or("");
                    w.error(
                        format!("option {letter} `{text}` says the same as option {first_letter}"),
                        option.span(),
                    )
                    .help = Some("every option must give a different answer".into());
                }
                seen.push((written, i));
                if fits {
                    right.push(i);
                }
            }
        }
    }
    if !readable {
        return;
    }
    let chosen: Vec<usize> = (0..target.len()).filter(|&i| target[i]).collect();
    match right.as_slice() {
        [_] => {}
        [] => {
            w.error(
                format!(
                    "no option is right: the {asked} are `{}` (`{}`)",
                    wording::code(&chosen, target.len(), style),
                    wording::how_many(chosen.len(), target.len(), style)
                ),
                span,
            )
            .help = Some(
                format!(
                    "make one option name exactly these, or check `correct` in each of the {noun}"
                )
                .into(),
            );
        }
        [first, rest @ ..] => {
            let first_letter = wording::OPTION_LETTERS.get(*first).copied().unwrap_or("");
            for &other in rest {
                let letter = wording::OPTION_LETTERS.get(other).copied().unwrap_or("");
                w.error(
                    format!(
                        "option {letter} `{}` is right as well as option {first_letter} `{}`",
                        options[other].get_ref(),
                        options[*first].get_ref()
                    ),
                    options[other].span(),
                )
                .help = Some(
                    "exactly one option may be right; make this one name a different answer".into(),
                );
            }
        }
    }
}

/// Two written options that always agree: the same items, or the same count.
fn same_meaning(a: &wording::Written, b: &wording::Written) -> bool {
    use wording::Written::{Count, Items};
    match (a, b) {
        (Items { items: x, .. }, Items { items: y, .. }) => x == y,
        (Count { count: x, .. }, Count { count: y, .. }) => x == y,
        _ => false,
    }
}

fn read_pairs(w: &mut Walker, table: &Table, style: Style) -> Option<Body> {
    let stem = w.string(table, "stem", true);
    let form_written = w.form(table);
    let form = form_written
        .as_ref()
        .map_or(Form::HowMany, |f| *f.get_ref());
    let show = w.integer(table, "show", 3..5);
    let decoys = w.strings(table, "decoys", false);
    let question = w.string(table, "question", false);
    let options = w.strings(table, "options", false);
    let columns = match table.get("columns") {
        None => None,
        Some(value) => {
            let names = w.strings(table, "columns", false);
            if names.len() == 2 {
                Some([names[0].get_ref().clone(), names[1].get_ref().clone()])
            } else {
                w.error("`columns` must name exactly two columns", value.span());
                None
            }
        }
    };
    if table.get("pairs").is_none() {
        w.missing(table, "pairs", "[{ left = \"…\", right = \"…\" }, …]");
        return None;
    }
    let mut pairs: Vec<Pair> = Vec::new();
    let mut ok = true;
    let mut lefts: HashSet<String> = HashSet::new();
    let mut rights: HashSet<String> = HashSet::new();
    let items = w.tables(table, "pairs", "pair");
    // Once any pair says whether it is correct, or the options are written (they name
    // the pairs by number and count the pairs as written), the card is asked as written.
    let says_correct = items.iter().any(|item| item.get("correct").is_some());
    let authored = says_correct || !options.is_empty();
    for item in items {
        w.unknown_fields(&item, &[PAIR_FIELDS]);
        let left = w.string(&item, "left", true);
        let right = w.string(&item, "right", true);
        let correct = w.boolean(&item, "correct", false);
        let (Some(left), Some(right)) = (left, right) else {
            ok = false;
            continue;
        };
        if !lefts.insert(repeat_key(left.get_ref())) {
            w.error(
                format!("`{}` appears twice on the left", left.get_ref()),
                left.span(),
            );
        }
        if !rights.insert(repeat_key(right.get_ref())) && !authored {
            w.error(
                format!("`{}` appears twice on the right", right.get_ref()),
                right.span(),
            )
            .help = Some("a mismatched pair must differ from the right one; make each right-hand value unique".into());
        }
        pairs.push(Pair {
            left: left.into_inner(),
            right: right.into_inner(),
            correct: correct.unwrap_or(true),
        });
    }
    if authored && let Some(first) = decoys.first() {
        if says_correct {
            w.error(
                "decoys are not used when the pairs say whether they are `correct`",
                first.span(),
            )
            .help = Some("remove `decoys`, or remove `correct` from every pair to have mismatches made at random".into());
        } else {
            w.error(
                "decoys are not used when the options are written: the pairs are asked as written",
                first.span(),
            )
            .help = Some(
                "remove `decoys`, and write a mismatch as a pair with `correct = false`".into(),
            );
        }
    }
    for decoy in &decoys {
        if rights.contains(&repeat_key(decoy.get_ref())) {
            w.error(
                format!(
                    "decoy `{}` is also a correct right-hand value",
                    decoy.get_ref()
                ),
                decoy.span(),
            );
        }
    }
    let span = table.get("pairs").map(|v| v.span()).unwrap_or_default();
    if ok && pairs.len() < 3 {
        w.error(
            format!("a pairs card needs at least 3 pairs, found {}", pairs.len()),
            span,
        );
        return None;
    }
    if !options.is_empty() {
        // Written options name and count every pair, in the written order.
        if ok && pairs.len() > 6 {
            w.error(
                format!(
                    "written `options` name every pair, and a question shows at most 6; this card has {}",
                    pairs.len()
                ),
                span.clone(),
            )
            .help = Some("keep 6 pairs or fewer in this card".into());
        }
        let show_n = shown_and_form(w, &show, &form_written, pairs.len(), true, true, "pairs");
        if ok {
            let target: Vec<bool> = pairs.iter().map(|p| p.correct).collect();
            check_written_options(
                w,
                table,
                &options,
                &target,
                style,
                ("pairs", "correctly matched pairs"),
            );
        }
        return Some(Body::Pairs(Box::new(Pairs {
            stem: stem?.into_inner(),
            columns,
            pairs,
            decoys: decoys.into_iter().map(Spanned::into_inner).collect(),
            show: show_n,
            form,
            authored,
            question: question.map(Spanned::into_inner),
            options: options.into_iter().map(Spanned::into_inner).collect(),
        })));
    }
    let show_n = show.as_ref().map_or(pairs.len().min(4), |s| *s.get_ref());
    if let Some(show) = &show
        && *show.get_ref() > pairs.len()
    {
        w.error(
            format!(
                "`show = {}` but the card has only {} pairs",
                show.get_ref(),
                pairs.len()
            ),
            show.span(),
        );
    }
    if authored && form == Form::HowMany && show_n == 4 && !pairs.iter().any(|p| p.correct) {
        w.error(
            "with four pairs the how-many options (\"Only one\" … \"All four\") need at least one correctly matched pair",
            span,
        );
    }
    Some(Body::Pairs(Box::new(Pairs {
        stem: stem?.into_inner(),
        columns,
        pairs,
        decoys: decoys.into_iter().map(Spanned::into_inner).collect(),
        show: show_n,
        form,
        authored,
        question: question.map(Spanned::into_inner),
        options: Vec::new(),
    })))
}

/// How many of a card's `count` items a question shows, with the checks on `show` and
/// `form` that statements and rows cards share: `show` within the items, every item shown
/// when the card is asked as written (`whole`), no `form` beside written options, and the
/// how-many form only over 3 or more items. `noun` names the items in messages.
#[allow(clippy::too_many_arguments)]
fn shown_and_form(
    w: &mut Walker,
    show: &Option<Spanned<usize>>,
    form: &Option<Spanned<Form>>,
    count: usize,
    whole: bool,
    written_options: bool,
    noun: &str,
) -> usize {
    let show_n = match show {
        Some(s) => *s.get_ref(),
        None if whole => count,
        None => count.min(3),
    };
    if let Some(show) = show
        && *show.get_ref() > count
    {
        w.error(
            format!(
                "`show = {}` but the card has only {count} {noun}",
                show.get_ref()
            ),
            show.span(),
        );
    } else if let Some(show) = show
        && whole
        && *show.get_ref() != count
    {
        w.error(
            format!(
                "`show = {}` but every one of the {count} {noun} is shown here",
                show.get_ref()
            ),
            show.span(),
        )
        .help = Some("remove `show`: with written `options` or `shuffle = false` the card is asked as written".into());
    }
    if let Some(form) = form
        && written_options
    {
        w.error(
            "`form` has no use when the options are written",
            form.span(),
        )
        .help = Some("remove `form`: the written options are asked as they are".into());
    } else if let Some(form) = form
        && *form.get_ref() == Form::HowMany
        && show_n == 2
    {
        w.error(
            format!("the how-many form needs 3 to 6 {noun} shown"),
            form.span(),
        )
        .help = Some(format!("set `show = 3`, or use `form = \"which\"` for two {noun}").into());
    }
    show_n
}

fn read_rows(w: &mut Walker, table: &Table, style: Style) -> Option<Body> {
    let stem = w.string(table, "stem", true);
    let form = w.form(table);
    let show = w.integer(table, "show", 2..7);
    let question = w.string(table, "question", false);
    let shuffle = w.boolean(table, "shuffle", false).unwrap_or(true);
    let options = w.strings(table, "options", false);
    let columns = match table.get("columns") {
        None => {
            w.missing(table, "columns", "[\"…\", \"…\", \"…\"]");
            None
        }
        Some(value) => {
            let names = w.strings(table, "columns", false);
            let written = value.get_ref().as_array().map_or(0, |a| a.len());
            if value.get_ref().as_array().is_some() && !(2..=4).contains(&written) {
                w.error(
                    format!("`columns` must name 2 to 4 headings, found {written}"),
                    value.span(),
                )
                .help = Some(
                    "a table of the paper has 2 to 4 columns, such as `[\"Agreement\", \"Year\", \"Domain\"]`".into());
            }
            let mut seen: HashSet<String> = HashSet::new();
            for name in &names {
                if !seen.insert(repeat_key(name.get_ref())) {
                    w.error(
                        format!("column `{}` is named twice", name.get_ref()),
                        name.span(),
                    );
                }
            }
            (names.len() == written && (2..=4).contains(&written)).then_some(names)
        }
    };
    if table.get("rows").is_none() {
        w.missing(
            table,
            "rows",
            "[{ cells = [\"…\", \"…\"], correct = true }, …]",
        );
        return None;
    }
    let mut rows = Vec::new();
    let mut ok = true;
    for item in w.tables(table, "rows", "row") {
        w.unknown_fields(&item, &[ROW_FIELDS]);
        let cells_value = item.get("cells");
        let cells = w.strings(&item, "cells", false);
        let correct = w.boolean(&item, "correct", true);
        let why = w.string(&item, "why", false);
        let written = cells_value
            .and_then(|v| v.get_ref().as_array())
            .map(|a| a.len());
        match (cells_value, written, &columns) {
            (None, _, _) => {
                w.missing(&item, "cells", "[\"…\", \"…\"]");
                ok = false;
            }
            (Some(value), Some(written), Some(columns)) if written != columns.len() => {
                let headings = columns
                    .iter()
                    .map(|c| c.get_ref().as_str())
                    .collect::<Vec<_>>()
                    .join(", ");
                w.error(
                    format!(
                        "this row has {written} cell{} but `columns` names {} headings ({headings})",
                        if written == 1 { "" } else { "s" },
                        columns.len()
                    ),
                    value.span(),
                )
                .help = Some("write one cell per column, in the order of `columns`".into());
                ok = false;
            }
            (Some(_), Some(written), _) if written != cells.len() => ok = false,
            (Some(_), None, _) => ok = false,
            _ => {}
        }
        if correct == Some(false) && why.is_none() && item.get("why").is_none() {
            w.warning("row not correctly matched has no `why`", header(&item))
                .help = Some("add `why = \"…\"` saying what the correct match is".into());
        }
        match correct {
            Some(correct) => rows.push(Row {
                cells: cells.into_iter().map(Spanned::into_inner).collect(),
                correct,
                why: why.map(Spanned::into_inner),
            }),
            None => ok = false,
        }
    }
    let span = table.get("rows").map(|v| v.span()).unwrap_or_default();
    if ok && !(2..=6).contains(&rows.len()) {
        w.error(
            format!("a rows card needs 2 to 6 rows, found {}", rows.len()),
            span,
        )
        .help = Some(
            "a question of the paper shows 2 to 6 rows; split a longer table into several cards"
                .into(),
        );
        return None;
    }
    let whole = !options.is_empty() || !shuffle;
    let show_n = shown_and_form(
        w,
        &show,
        &form,
        rows.len(),
        whole,
        !options.is_empty(),
        "rows",
    );
    if ok
        && options.is_empty()
        && show_n == 4
        && form.as_ref().is_none_or(|f| *f.get_ref() == Form::HowMany)
        && !rows.iter().any(|r| r.correct)
    {
        w.error(
            "with four rows the how-many options (\"Only one\" … \"All four\") need at least one correctly matched row",
            span,
        );
    }
    if ok && !options.is_empty() {
        let target: Vec<bool> = rows.iter().map(|r| r.correct).collect();
        check_written_options(
            w,
            table,
            &options,
            &target,
            style,
            ("rows", "correctly matched rows"),
        );
    }
    Some(Body::Rows(Box::new(Rows {
        stem: stem?.into_inner(),
        columns: columns?.into_iter().map(Spanned::into_inner).collect(),
        rows,
        show: show_n,
        form: form.map(Spanned::into_inner),
        question: question.map(Spanned::into_inner),
        options: options.into_iter().map(Spanned::into_inner).collect(),
        shuffle,
    })))
}

fn read_assertion(w: &mut Walker, table: &Table) -> Option<Body> {
    let stem = w.string(table, "stem", false).map(Spanned::into_inner);
    let statement1 = w.string(table, "statement1", true);
    let statement2 = w.string(table, "statement2", true);
    let statement3 = w.string(table, "statement3", false);
    let first = w.boolean(table, "statement1_correct", true);
    let second = w.boolean(table, "statement2_correct", true);
    let third_value = table.get("statement3_correct");
    let third = w.boolean(table, "statement3_correct", statement3.is_some());
    let explains_value = table.get("explains");
    let explains = w.boolean(table, "explains", false);
    let explained_by = explained_by(w, table);
    if statement3.is_none() && table.get("statement3").is_none() {
        if let Some(value) = third_value {
            w.error("`statement3_correct` without a `statement3`", value.span())
                .help = Some("add `statement3 = \"…\"`, or remove `statement3_correct`".into());
        }
        if let Some(value) = table.get("explained_by") {
            w.error("`explained_by` is for three statements", value.span())
                .help = Some("with two statements write `explains = true` or `false`".into());
        }
    }
    let (first, second) = (first?, second?);
    if statement3.is_some() {
        return read_three_statements(w, table, (first, second, third?), explained_by).and_then(
            |(explained_by, third)| {
                Some(Body::Assertion(Box::new(Assertion {
                    stem,
                    statement1: statement1?.into_inner(),
                    statement2: statement2?.into_inner(),
                    statement1_correct: first,
                    statement2_correct: second,
                    explains: false,
                    statement3: statement3.map(Spanned::into_inner),
                    statement3_correct: third,
                    explained_by,
                })))
            },
        );
    }
    if first && second && explains.is_none() && explains_value.is_none() {
        w.missing(table, "explains", "false");
    }
    if explains == Some(true) && !(first && second) {
        let span = explains_value
            .map(|v| v.span())
            .unwrap_or_else(|| header(table));
        w.error(
            "`explains = true` but a false statement cannot explain or be explained",
            span,
        )
        .help = Some("set `explains = false`, or make both statements correct".into());
    }
    if !first && !second {
        let span = table
            .get("statement1_correct")
            .map(|v| v.span())
            .unwrap_or_else(|| header(table));
        w.error(
            "both statements are false; the four UPSC options cannot express that",
            span,
        )
        .help = Some("make at least one statement correct".into());
    }
    Some(Body::Assertion(Box::new(Assertion {
        stem,
        statement1: statement1?.into_inner(),
        statement2: statement2?.into_inner(),
        statement1_correct: first,
        statement2_correct: second,
        explains: explains.unwrap_or(false),
        statement3: None,
        statement3_correct: false,
        explained_by: Vec::new(),
    })))
}

/// `explained_by = [2, 3]`: which of Statements II and III explain Statement I.
fn explained_by(w: &mut Walker, table: &Table) -> Option<Vec<usize>> {
    let value = table.get("explained_by")?;
    let Some(items) = value.get_ref().as_array() else {
        w.wrong_type(
            "explained_by",
            "a list of statement numbers such as [2, 3]",
            value,
        );
        return None;
    };
    let mut out = Vec::new();
    for item in items.iter() {
        let number = item
            .get_ref()
            .as_integer()
            .and_then(|n| n.as_str().parse::<usize>().ok());
        match number {
            Some(n @ (2 | 3)) if !out.contains(&n) => out.push(n),
            Some(n @ (2 | 3)) => {
                w.error(format!("`explained_by` names {n} twice"), item.span());
            }
            _ => {
                w.error("`explained_by` lists statements 2 and/or 3", item.span())
                    .help = Some("write `explained_by = [2]`, `[3]` or `[2, 3]`".into());
            }
        }
    }
    out.sort_unstable();
    Some(out)
}

/// The rules of a three-statement card: `explains` is not used, `explained_by` names only
/// correct statements, and exactly one of the four options fits.
fn read_three_statements(
    w: &mut Walker,
    table: &Table,
    (first, second, third): (bool, bool, bool),
    explained_by: Option<Vec<usize>>,
) -> Option<(Vec<usize>, bool)> {
    if let Some(value) = table.get("explains") {
        w.error("`explains` is for two statements", value.span())
            .help =
            Some("with three statements write `explained_by = [2]`, `[3]` or `[2, 3]`".into());
    }
    let listed = table.get("explained_by");
    let at = listed.map_or_else(|| header(table), |v| v.span());
    let explained_by = explained_by.unwrap_or_default();
    let truth = [first, second, third];
    for &n in &explained_by {
        if !truth[n - 1] {
            w.error(
                format!(
                    "`explained_by` names Statement {} but it is not correct",
                    if n == 2 { "II" } else { "III" }
                ),
                at.clone(),
            )
            .help =
                Some("a false statement explains nothing; remove it from `explained_by`".into());
            return None;
        }
    }
    let fits = wording::three_statement_fits(
        first,
        second,
        third,
        explained_by.contains(&2),
        explained_by.contains(&3),
    );
    let right = fits.iter().filter(|&&f| f).count();
    if right != 1 {
        let (why, help) = if !first {
            (
                "Statement I is not correct, so no correct statement can explain it",
                "make Statement I correct, or Statements II and III both not correct (option (d))",
            )
        } else if second && third {
            (
                "Statements II and III are both correct but `explained_by` names neither",
                "list in `explained_by` the statements that explain Statement I: [2], [3] or [2, 3]",
            )
        } else {
            (
                "only one of Statements II and III is correct and `explained_by` does not name it",
                "add it to `explained_by`; the options have no case for a correct statement that does not explain Statement I",
            )
        };
        w.error(format!("none of the four options fits: {why}"), at)
            .help = Some(help.to_string().into());
        return None;
    }
    Some((explained_by, third))
}

fn read_numeric(w: &mut Walker, table: &Table) -> Option<Body> {
    let prompt = w.string(table, "prompt", true);
    let unit = match table.get("unit") {
        Some(value) => match value.get_ref().as_str() {
            Some(s) => Some(s.trim().to_string()),
            None => {
                w.wrong_type("unit", "a string", value);
                None
            }
        },
        None => {
            w.missing(
                table,
                "unit",
                "\"yen\"` (or `unit = \"\"` for a plain count",
            );
            None
        }
    };
    let value = match table.get("value") {
        None => {
            w.missing(table, "value", "\"10 trillion\"");
            None
        }
        Some(v) => number_value(w, "value", v),
    };
    let tolerance = match table.get("tolerance") {
        None => Some(Tolerance::Exact),
        Some(v) => match v.get_ref().as_str() {
            Some(text) => match text
                .trim()
                .strip_suffix('%')
                .map(|p| p.trim().parse::<f64>())
            {
                Some(Ok(p)) if p >= 0.0 => Some(Tolerance::Percent(p)),
                _ => {
                    w.error(
                        format!("tolerance `{text}` is not a percentage"),
                        v.span(),
                    )
                    .help = Some("write a number in the card's unit (`tolerance = 5`) or a percentage (`tolerance = \"2%\"`)".into());
                    None
                }
            },
            None => number_value(w, "tolerance", v).map(|(t, _)| Tolerance::Absolute(t)),
        },
    };
    let (value, value_text) = value?;
    Some(Body::Numeric(Numeric {
        prompt: prompt?.into_inner(),
        value_text,
        value,
        unit: unit?,
        tolerance: tolerance?,
    }))
}

/// A number written as a TOML number or as a quantity string ("5.96 lakh crore").
fn number_value(w: &mut Walker, key: &str, value: &Spanned<DeValue>) -> Option<(f64, String)> {
    let parsed = match value.get_ref() {
        DeValue::Integer(i) => i64::from_str_radix(&i.as_str().replace('_', ""), i.radix())
            .ok()
            .map(|n| (n as f64, n.to_string())),
        DeValue::Float(f) => f
            .as_str()
            .replace('_', "")
            .parse::<f64>()
            .ok()
            .filter(|f| f.is_finite())
            .map(|n| (n, f.as_str().to_string())),
        DeValue::String(s) => match quantity::parse(s) {
            Ok(q) => Some((q.value, s.to_string())),
            Err(e) => {
                w.error(
                    format!("`{key}` `{s}` cannot be read as an amount: {e}"),
                    value.span(),
                )
                .help = Some(
                    "write e.g. `\"10 trillion\"`, `\"5.96 lakh crore\"` or a plain number".into(),
                );
                return None;
            }
        },
        _ => {
            w.wrong_type(key, "a number or an amount such as \"10 trillion\"", value);
            return None;
        }
    };
    if parsed.is_none() {
        w.error(format!("`{key}` is not a usable number"), value.span());
    }
    parsed
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `parse_outline` must agree with: whether the deck is usable, and its `[deck]`
    /// table.
    fn outline_of(text: &str) -> Option<(Deck, Range<usize>)> {
        parse_deck(text, None).0.map(|p| {
            (
                Deck {
                    cards: Vec::new(),
                    ..p.deck
                },
                p.id_span,
            )
        })
    }

    /// Files that must be read whole: no `[[card]]` line (no cards, cards as an inline
    /// array or `card = [...]`, a `[card]` table), a `[[card]]` line inside a string or an
    /// array, a table after the cards that is not a card's, a `card` key before them, and
    /// TOML errors in a card or before the cards.
    fn uncuttable(head: &str, card: &str) -> Vec<String> {
        vec![
            head.to_string(),
            format!("{head}card = [{{ id = \"c\", kind = \"recall\" }}]\n"),
            format!("{head}[card]\nid = \"c\"\n"),
            format!("{head}{card}explanation = \"\"\"\n[[card]]\n\"\"\"\n"),
            format!("{head}{card}explanation = '''\n[[card]]\nid = \"x\"\n'''\n{card}"),
            format!("{head}{card}tags = [\n[[card]]\n]\n"),
            format!("{head}{card}\n[deck.more]\nx = 1\n"),
            format!("{head}{card}\n[other]\nx = 1\n"),
            format!("card = []\n{head}{card}"),
            format!("{head}{card}prompt = \"again\"\n"),
            format!("{head}{card}answer = \n"),
            format!("[deck\n{card}"),
        ]
    }

    #[test]
    fn an_outline_is_the_deck_without_its_cards_or_the_whole_file_is_read() {
        let head = "# a deck\n[deck]\nid = \"d\"\ntitle = \"T\"\nsources = [\"s\"]\n\n";
        let card = "[[card]]\nid = \"c\"\nkind = \"recall\"\nprompt = \"p\"\nanswer = \"a\"\n";
        let cut = |text: &str| {
            parse_outline(text, None).map(|(p, _)| {
                p.map(|p| {
                    (
                        Deck {
                            cards: Vec::new(),
                            ..p.deck
                        },
                        p.id_span,
                    )
                })
            })
        };
        // Read in pieces: the same answer as the whole file.
        for text in [
            format!("{head}{card}\n{card}"),
            format!("{head}{card}\n[[card.statements]]\ntext = \"x\"\n\n{card}  \n"),
            // A card with an error, or a control character, leaves the deck usable.
            format!("{head}{card}\n[[card]]\nid = \"e\"\nkind = \"nope\"\n{card}"),
            format!("{head}[[card]]\nid = \"c\"\nkind = \"recall\"\nprompt = \"\\u001b\"\n"),
            // A deck table the parser refuses, before the cards.
            format!("[deck]\nid = \"Not Kebab\"\ntitle = \"T\"\n{card}"),
            format!("[deck]\nid = \"d\"\n\n{card}"),
        ] {
            let whole = outline_of(&text);
            assert_eq!(cut(&text), Some(whole), "{text}");
        }
        for text in uncuttable(head, card) {
            assert_eq!(cut(&text), None, "{text}");
        }
    }

    /// `parse_by_card` must give what reading the whole file gives: the deck, and every
    /// diagnostic with its span, in order (compared through `Debug`, which shows them all).
    /// With pieces of one card each, of a few cards, and of [`PIECE_BYTES`].
    /// Returns whether the file was cut at every card. (A `[[card]]` line inside a string
    /// may be inside a larger piece, which then reads as the whole file does.)
    fn by_card_is_whole(text: &str, known: Option<&HashSet<String>>) -> bool {
        let whole = format!("{:#?}", parse_whole(text, known));
        let each_card = parse_in_pieces(text, known, 0).is_some();
        for piece_bytes in [0, 300, PIECE_BYTES] {
            let pieces = parse_in_pieces(text, known, piece_bytes);
            assert!(pieces.is_some() || !each_card, "{piece_bytes}: {text}");
            if let Some(pieces) = &pieces {
                assert_eq!(format!("{pieces:#?}"), whole, "{piece_bytes}: {text}");
            }
        }
        assert_eq!(format!("{:#?}", parse_deck(text, known)), whole);
        each_card
    }

    fn toml_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                toml_files(&path, out);
            } else if path.extension().is_some_and(|e| e == "toml") {
                out.push(path);
            }
        }
    }

    #[test]
    fn every_fixture_and_bundled_deck_reads_the_same_card_by_card() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let known: HashSet<String> = ["visit-report-2025", "adda247-notes-2025"]
            .map(String::from)
            .into();
        let (mut bundled, mut fixtures) = (Vec::new(), Vec::new());
        toml_files(&root.join("decks"), &mut bundled);
        toml_files(&root.join("tests/fixtures"), &mut fixtures);
        assert!(bundled.len() >= 10 && fixtures.len() >= 40);
        for path in &bundled {
            let text = std::fs::read_to_string(path).unwrap();
            // Every bundled deck is cut into cards, so the comparison is not vacuous.
            assert!(by_card_is_whole(&text, None), "{}", path.display());
            assert!(by_card_is_whole(&text, Some(&known)), "{}", path.display());
        }
        let mut cut = 0;
        for path in &fixtures {
            let Ok(text) = std::fs::read_to_string(path) else {
                continue;
            };
            cut += usize::from(by_card_is_whole(&text, None));
            by_card_is_whole(&text, Some(&known));
        }
        assert!(cut >= 20, "only {cut} fixtures were read card by card");
    }

    /// Pieces of a deck file with and without problems, for the generated files below.
    const HEADS: &[&str] = &[
        "# a deck\n[deck]\nid = \"d\"\ntitle = \"T\"\nsources = [\"s\"]\n\n",
        "[deck]\nid = \"Not Kebab\"\ntitle = \"T\"\ncolour = \"red\"\n",
        "[deck]\nid = \"d\"\n",
        "[deck]\nid = \"d\"\ntitle = \"\\u001b[2J\"\n",
        "extra = 1\n[deck]\nid = \"d\"\ntitle = \"T\"\nstyle = \"nope\"\n",
        "deck = 3\n",
        "# no deck at all\n",
        "[\"bad\\u0007key\"]\nx = 1\n[deck]\nid = \"d\"\ntitle = \"T\"\n",
    ];
    const IDS: &[&str] = &["a", "b", "c", "Bad Id", "a"];
    /// A card's text after its `id` line; `{}` is not used, the header comes before.
    const BODIES: &[&str] = &[
        "kind = \"recall\"\nprompt = \"p\"\nanswer = \"a\"\nsource = \"s\"\nexplanation = \"e\"\n",
        "kind = \"recall\"\nprompt = \"p\"\nanswer = \"a\"\n",
        "kind = \"recal\"\nprompt = \"p\"\nanswer = \"a\"\n",
        "kind = 3\nprompt = \"p\"\n",
        "prompt = \"p\"\nanswer = \"a\"\n",
        "kind = \"recall\"\nprompt = \"p\\u001b]0;x\\u0007\"\nanswer = \"a\"\nwhatever = 1\n",
        "kind = \"mcq\"\nprompt = \"p\"\noptions = [\"x\", \"y\", \"x\"]\nanswer = \"z\"\nsource = [\"s\", \"unknown\"]\n",
        "kind = \"statements\"\nstem = \"Consider:\"\nsource = \"s\"\n\n[[card.statements]]\ntext = \"one\"\ncorrect = true\n\n[[card.statements]]\ntext = \"two\"\ncorect = false\n",
        "kind = \"numeric\"\nprompt = \"p\"\nanswer = \"ten\"\n",
        "kind = \"recall\"\nprompt = \"p\"\nanswer = \"a\"\n\n[[card]] # not a cut: the same piece\nid = \"a\"\nkind = \"pairs\"\n",
        "kind = \"recall\"\r\nprompt = \"p\"\r\nanswer = \"a\"\r\n",
    ];

    fn generated(head: usize, cards: &[(usize, usize)]) -> String {
        let mut text = HEADS[head].to_string();
        for &(id, body) in cards {
            text.push_str(&format!(
                "\n[[card]]\nid = \"{}\"\n{}",
                IDS[id], BODIES[body]
            ));
        }
        text
    }

    proptest::proptest! {
        #[test]
        fn generated_decks_read_the_same_card_by_card(
            head in 0..HEADS.len(),
            cards in proptest::collection::vec((0..IDS.len(), 0..BODIES.len()), 1..12),
        ) {
            let text = generated(head, &cards);
            let known: HashSet<String> = ["s".to_string()].into();
            proptest::prop_assert!(by_card_is_whole(&text, Some(&known)));
            proptest::prop_assert!(by_card_is_whole(&text, None));
        }
    }

    #[test]
    fn a_deck_over_the_whole_size_reads_in_pieces_as_it_reads_whole() {
        let cards: Vec<(usize, usize)> = (0..8000)
            .map(|i| (i % IDS.len(), (i * 7) % BODIES.len()))
            .collect();
        for head in [0, 1, 3] {
            let text = generated(head, &cards);
            assert!(text.len() > 2 * WHOLE_BYTES, "{}", text.len());
            let known: HashSet<String> = ["s".to_string()].into();
            // `by_card_is_whole` holds `parse_deck` to the whole read too.
            assert!(by_card_is_whole(&text, Some(&known)));
        }
    }

    #[test]
    fn generated_decks_carry_checks_across_cards() {
        // Duplicate ids pieces apart point at the first one's line; every card's problems
        // come in file order, after the `[deck]` table's.
        let text = generated(1, &[(0, 0), (1, 2), (4, 5), (2, 7), (0, 9)]);
        assert!(by_card_is_whole(&text, None));
        let (_, diagnostics) = parse_deck(&text, None);
        let messages: Vec<&str> = diagnostics.iter().map(|d| &*d.message).collect();
        assert!(
            messages[0].starts_with("unknown field `colour`"),
            "{messages:?}"
        );
        let duplicates = diagnostics
            .iter()
            .filter(|d| d.message == "duplicate card id `a` in this deck")
            .count();
        assert_eq!(duplicates, 3, "{messages:?}");
        // Each problem lies in the card it is about: the pieces' spans were moved into
        // the file, and come in the cards' order.
        let cuts: Vec<usize> = text.match_indices("\n[[card]]\n").map(|(i, _)| i).collect();
        let cards: Vec<usize> = diagnostics
            .iter()
            .filter_map(|d| d.span.as_ref())
            .map(|s| cuts.partition_point(|&c| c <= s.start))
            .collect();
        assert!(cards.windows(2).all(|w| w[0] <= w[1]), "{cards:?}");
        assert_eq!(cards.last(), Some(&5), "{messages:?}");
    }

    #[test]
    fn files_that_cannot_be_cut_are_read_whole() {
        let head = HEADS[0];
        let card = "[[card]]\nid = \"c\"\nkind = \"recall\"\nprompt = \"p\"\nanswer = \"a\"\n";
        for text in uncuttable(head, card) {
            assert!(!by_card_is_whole(&text, None), "{text}");
        }
        // Which still reports the TOML error where it is.
        let text = format!("{head}{card}\n{card}explanation = \n");
        let (deck, diagnostics) = parse_deck(&text, None);
        assert!(deck.is_none());
        assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
        assert!(diagnostics[0].message.starts_with("invalid TOML"));
        assert!(
            diagnostics[0]
                .span
                .as_ref()
                .is_some_and(|s| s.start > text.len() - 5)
        );
    }

    #[test]
    fn kebab_and_slug() {
        assert!(is_kebab("summit-2025"));
        assert!(!is_kebab("Summit"));
        assert!(!is_kebab("a--b"));
        assert!(!is_kebab("-a"));
        assert_eq!(slug("How large is the yen pledge?", 4), "how-large-is-the");
        assert_eq!(
            id_from_question(
                "With reference to the evolution of India–Japan relations, consider the following statements:"
            ),
            "evolution-of-india-japan-relations-consider"
        );
        assert_eq!(
            id_from_question("Consider the following statements:"),
            "consider-the-following-statements"
        );
    }

    #[test]
    fn suggestions_need_to_be_close() {
        let known = ["prompt", "answer", "options"];
        assert_eq!(suggest("promt", known), Some("prompt"));
        assert_eq!(suggest("answr", known), Some("answer"));
        assert_eq!(suggest("zzz", known), None);
    }

    #[test]
    fn example_deck_parses_cleanly() {
        let text = include_str!("../../decks/at-a-glance.toml");
        let (deck, diagnostics) = parse_deck(text, None);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let deck = deck.map(|d| d.deck);
        let kinds: HashSet<Kind> = deck
            .iter()
            .flat_map(|d| d.cards.iter().map(Card::kind))
            .collect();
        assert_eq!(
            kinds.len(),
            7,
            "the example deck shows every kind, rows included"
        );
    }

    fn control_problems(text: &str) -> (bool, Vec<String>) {
        let (deck, diagnostics) = parse_deck(text, None);
        let report = super::super::diagnostic::FileReport::new("d.toml", text);
        let lines = diagnostics
            .iter()
            .filter(|d| d.message.starts_with("control character"))
            .map(|d| report.one_line(d))
            .collect();
        (deck.is_some_and(|d| !d.deck.cards.is_empty()), lines)
    }

    #[test]
    fn control_characters_in_any_string_are_located_errors() {
        let card = "\n[[card]]\nid = \"c\"\nkind = \"mcq\"\nprompt = \"q\"\noptions = [\"a\", \"b\"]\nanswer = \"a\"\nsource = \"s\"\nexplanation = \"e\"\n";
        let clean = format!("[deck]\nid = \"d\"\ntitle = \"T\"\n{card}");
        assert_eq!(control_problems(&clean), (true, vec![]));

        // In the deck's title: the deck is refused.
        let title = clean.replace("title = \"T\"", "title = \"\\u001b]0;owned\\u0007\"");
        assert_eq!(
            control_problems(&title),
            (
                false,
                vec![
                    "d.toml:3:9: error: control character U+001B (escape) in a string: it could rewrite or clear the terminal; remove the control character U+001B (escape) (written as an escape such as `\\u001B`)".to_string()
                ]
            )
        );
        // In a prompt or an option: the card is left out.
        for (from, to, at) in [
            ("prompt = \"q\"", "prompt = \"\\u001b[2Jq\"", "d.toml:8:10"),
            ("[\"a\", \"b\"]", "[\"a\", \"b\\u009b\"]", "d.toml:9:17"),
            (
                "explanation = \"e\"",
                "explanation = \"\"\"\ne\\b\"\"\"",
                "d.toml:12:15",
            ),
            (
                "kind = \"mcq\"",
                "kind = \"mcq\"\n\"\\u0007\" = 1",
                "d.toml:8:1",
            ),
        ] {
            let text = clean.replace(from, to);
            let (usable, lines) = control_problems(&text);
            assert!(!usable, "{text}");
            assert_eq!(lines.len(), 1, "{text}: {lines:?}");
            assert!(
                lines[0].starts_with(&format!("{at}: error: control character U+")),
                "{lines:?}"
            );
        }
        // Line breaks and tabs in text are fine, and so are Windows line endings.
        let text = clean.replace(
            "explanation = \"e\"",
            "explanation = \"\"\"\r\nline one\tand a tab\r\nline two\"\"\"",
        );
        assert_eq!(control_problems(&text), (true, vec![]));
        let text = clean.replace("explanation = \"e\"", "explanation = \"a\\nb\\tc\"");
        assert_eq!(control_problems(&text), (true, vec![]));
    }

    #[test]
    fn reports_every_problem_in_one_pass() {
        let text = r#"
[deck]
id = "Bad Deck"
title = "t"

[[card]]
id = "a"
kind = "mcq"
promt = "q"
options = ["x", "y"]
answer = "z"

[[card]]
kind = "recal"
"#;
        let (_, diagnostics) = parse_deck(text, None);
        let messages: Vec<&str> = diagnostics.iter().map(|d| &*d.message).collect();
        for expected in [
            "deck id `Bad Deck` is not kebab-case",
            "unknown field `promt` in card",
            "missing field `prompt` in card",
            "answer `z` is not one of the options",
            "unknown card kind `recal`",
            "missing field `id` in card",
        ] {
            assert!(
                messages.contains(&expected),
                "{expected:?} not in {messages:#?}"
            );
        }
    }
    /// The one-line diagnostics of a deck holding `card` (its `[[card]]` table's body).
    fn problems(card: &str) -> Vec<String> {
        let text = format!(
            "[deck]\nid = \"d\"\ntitle = \"T\"\n\n[[card]]\nid = \"c\"\nsource = \"s\"\nexplanation = \"e\"\n{card}"
        );
        let (_, diagnostics) = parse_deck(&text, None);
        let report = super::super::diagnostic::FileReport::new("d.toml", &text);
        diagnostics.iter().map(|d| report.one_line(d)).collect()
    }

    fn parsed(card: &str) -> Card {
        let text = format!(
            "[deck]\nid = \"d\"\ntitle = \"T\"\nstyle = \"2024\"\n\n[[card]]\nid = \"c\"\nsource = \"s\"\nexplanation = \"e\"\n{card}"
        );
        let (deck, diagnostics) = parse_deck(&text, None);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        deck.and_then(|d| d.deck.cards.into_iter().next())
            .expect("the card loads")
    }

    const THREE: &str = "kind = \"statements\"\nstem = \"s\"\nstatements = [\n  { text = \"a\", correct = true },\n  { text = \"b\", correct = false, why = \"w\" },\n  { text = \"c\", correct = true },\n]\n";

    #[test]
    fn style_comes_from_the_deck_unless_the_card_says() {
        assert_eq!(parsed(THREE).style, Style::Y2024);
        assert_eq!(
            parsed(&format!("style = \"2025\"\n{THREE}")).style,
            Style::Y2025
        );
        let lines = problems(&format!("style = \"2023\"\n{THREE}"));
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with("d.toml:9:9: error: unknown style `2023`")
                    && l.contains("use `\"2024\"` or `\"2025\"`")),
            "{lines:?}"
        );
    }

    #[test]
    fn written_options_and_ask_are_read_and_checked() {
        let card = parsed(&format!(
            "{THREE}ask = \"not-correct\"\nquestion = \"Which are not correct?\"\noptions = [\"1 only\", \"2 only\", \"3 only\", \"1 and 3\"]\nshuffle = false\n"
        ));
        let Body::Statements(s) = &card.body else {
            panic!("statements")
        };
        assert_eq!(s.ask, Ask::NotCorrect);
        assert_eq!(s.options.len(), 4);
        assert_eq!(s.show, 3, "written options show every statement");
        assert!(!s.shuffle);
        // Roman numerals in a 2024 card, an item the card lacks, `form` beside options.
        let lines = problems(&format!(
            "{THREE}form = \"which\"\noptions = [\"I and III only\", \"2 only\", \"2 and 4 only\", \"All the three\"]\n"
        ));
        for expected in [
            "error: `form` has no use when the options are written",
            "error: option (b) `2 only` numbers the items 1, 2, 3 but style \"2025\" numbers them I, II, III",
            "error: option (c) `2 and 4 only` names item IV but the card has 3 statements",
        ] {
            assert!(
                lines.iter().any(|l| l.contains(expected)),
                "{expected}: {lines:#?}"
            );
        }
        // Two options meaning the same thing.
        let lines = problems(&format!(
            "{THREE}options = [\"I and III only\", \"Only two\", \"I and III\", \"II only\"]\n"
        ));
        assert!(
            lines
                .iter()
                .any(|l| l.contains("option (c) `I and III` says the same as option (a)")),
            "{lines:#?}"
        );
        // shuffle = false shows every statement: `show` cannot pick fewer.
        let lines = problems(&format!("{THREE}shuffle = false\nshow = 2\n"));
        assert!(
            lines
                .iter()
                .any(|l| l.contains("`show = 2` but every one of the 3 statements is shown here")),
            "{lines:#?}"
        );
    }

    #[test]
    fn six_statements_may_be_shown() {
        let six = "kind = \"statements\"\nstem = \"s\"\nform = \"how-many\"\nshow = 6\nstatements = [\n  { text = \"a\", correct = true },\n  { text = \"b\", correct = true },\n  { text = \"c\", correct = true },\n  { text = \"d\", correct = true },\n  { text = \"e\", correct = true },\n  { text = \"f\", correct = false, why = \"w\" },\n]\n";
        let Body::Statements(s) = parsed(six).body else {
            panic!("statements")
        };
        assert_eq!(s.show, 6);
    }

    const TWO_AND_THREE: &str = "kind = \"assertion\"\nstatement1 = \"a\"\nstatement2 = \"b\"\nstatement3 = \"c\"\nstatement1_correct = true\n";

    #[test]
    fn three_statements_need_exactly_one_fitting_option() {
        let card = parsed(&format!(
            "{TWO_AND_THREE}statement2_correct = true\nstatement3_correct = false\nexplained_by = [2]\n"
        ));
        let Body::Assertion(a) = &card.body else {
            panic!("assertion")
        };
        assert_eq!(a.answer(), Some(2), "only one correct and it explains: (c)");
        for (fields, expected) in [
            (
                "statement2_correct = true\nstatement3_correct = true\n",
                "none of the four options fits: Statements II and III are both correct but `explained_by` names neither",
            ),
            (
                "statement2_correct = true\nstatement3_correct = false\nexplained_by = [3]\n",
                "`explained_by` names Statement III but it is not correct",
            ),
            (
                "statement2_correct = true\nstatement3_correct = false\n",
                "none of the four options fits: only one of Statements II and III is correct and `explained_by` does not name it",
            ),
            (
                "statement2_correct = true\nstatement3_correct = true\nexplains = true\nexplained_by = [2, 3]\n",
                "`explains` is for two statements",
            ),
            (
                "statement2_correct = true\nstatement3_correct = true\nexplained_by = [1]\n",
                "`explained_by` lists statements 2 and/or 3",
            ),
        ] {
            let lines = problems(&format!("{TWO_AND_THREE}{fields}"));
            assert!(
                lines.iter().any(|l| l.contains(expected)),
                "{expected}: {lines:#?}"
            );
        }
        let lines = problems(&format!(
            "{}statement1_correct = false\nstatement2_correct = true\nstatement3_correct = false\nexplained_by = [2]\n",
            TWO_AND_THREE.replace("statement1_correct = true\n", "")
        ));
        assert!(
            lines.iter().any(|l| l
                .contains("Statement I is not correct, so no correct statement can explain it")),
            "{lines:#?}"
        );
        let lines = problems(
            "kind = \"assertion\"\nstatement1 = \"a\"\nstatement2 = \"b\"\nstatement1_correct = true\nstatement2_correct = true\nexplains = true\nexplained_by = [2]\n",
        );
        assert!(
            lines
                .iter()
                .any(|l| l.contains("`explained_by` is for three statements")),
            "{lines:#?}"
        );
    }

    const PAIRS: &str = "kind = \"pairs\"\nstem = \"s\"\n";

    #[test]
    fn a_pair_may_be_an_authored_mismatch() {
        let card = parsed(&format!(
            "{PAIRS}pairs = [\n  {{ left = \"a\", right = \"x\" }},\n  {{ left = \"b\", right = \"x\", correct = false }},\n  {{ left = \"c\", right = \"z\" }},\n]\n"
        ));
        let Body::Pairs(p) = &card.body else {
            panic!("pairs")
        };
        assert!(p.authored, "one pair says `correct`");
        assert_eq!(
            p.pairs.iter().map(|p| p.correct).collect::<Vec<_>>(),
            [true, false, true],
            "an authored mismatch may repeat a right-hand value"
        );
        let lines = problems(&format!(
            "{PAIRS}decoys = [\"q\"]\npairs = [\n  {{ left = \"a\", right = \"x\" }},\n  {{ left = \"b\", right = \"y\", correct = false }},\n  {{ left = \"c\", right = \"z\" }},\n]\n"
        ));
        assert!(
            lines
                .iter()
                .any(|l| l
                    .contains("decoys are not used when the pairs say whether they are `correct`")),
            "{lines:#?}"
        );
    }

    #[test]
    fn pairs_may_have_written_options_with_exactly_one_right() {
        let pairs = "pairs = [\n  { left = \"a\", right = \"x\" },\n  { left = \"b\", right = \"x\", correct = false },\n  { left = \"c\", right = \"z\" },\n]\n";
        let card = parsed(&format!(
            "{PAIRS}question = \"How many of the above are right?\"\noptions = [\"Only one pair\", \"Only two pairs\", \"All three pairs\", \"None of the pairs\"]\n{pairs}"
        ));
        let Body::Pairs(p) = &card.body else {
            panic!("pairs")
        };
        assert!(p.authored, "written options ask the pairs as written");
        assert_eq!((p.show, p.options.len()), (3, 4));
        assert_eq!(
            p.question.as_deref(),
            Some("How many of the above are right?")
        );
        // No option fits: two pairs are correctly matched.
        assert_eq!(
            problems(&format!(
                "{PAIRS}options = [\"Only one\", \"All the three\", \"None\"]\n{pairs}"
            )),
            [
                "d.toml:11:11: error: no option is right: the correctly matched pairs are `I and III only` (`Only two`); make one option name exactly these, or check `correct` in each of the pairs"
            ]
        );
        // Codes name the pairs; a count of rows, `form` and decoys have no place here.
        let lines = problems(&format!(
            "{PAIRS}form = \"which\"\ndecoys = [\"q\"]\noptions = [\"I only\", \"I and III only\", \"Only two rows\"]\npairs = [\n  {{ left = \"a\", right = \"x\" }},\n  {{ left = \"b\", right = \"y\" }},\n  {{ left = \"c\", right = \"z\" }},\n]\n"
        ));
        for expected in [
            "d.toml:11:8: error: `form` has no use when the options are written",
            "d.toml:12:11: error: decoys are not used when the options are written",
            "d.toml:13:40: error: option (c) `Only two rows` counts rows but the card has pairs",
        ] {
            assert!(
                lines.iter().any(|l| l.starts_with(expected)),
                "{expected}\n{lines:#?}"
            );
        }
    }

    const ROWS: &str = "kind = \"rows\"\nstem = \"Consider the following information :\"\ncolumns = [\"Agreement\", \"Year\", \"Domain\"]\n";

    fn row(cells: &str, correct: bool) -> String {
        format!("[[card.rows]]\ncells = [{cells}]\ncorrect = {correct}\nwhy = \"w\"\n")
    }

    #[test]
    fn a_rows_card_is_read_with_its_table() {
        let card = parsed(&format!(
            "{ROWS}form = \"how-many\"\n{}{}{}",
            row("\"a\", \"2008\", \"x\"", true),
            row("\"b\", \"2020\", \"y\"", true),
            row("\"c\", \"2014\", \"z\"", false),
        ));
        let Body::Rows(r) = &card.body else {
            panic!("rows")
        };
        assert_eq!(r.columns, ["Agreement", "Year", "Domain"]);
        assert_eq!(r.rows.len(), 3);
        assert_eq!(r.rows[2].cells, ["c", "2014", "z"]);
        assert!(!r.rows[2].correct);
        assert_eq!(r.show, 3);
        assert_eq!(r.form, Some(Form::HowMany));
        // Written options in the 2024 style, asked as printed.
        let card = parsed(&format!(
            "{ROWS}options = [\"1 only\", \"1 and 2 only\", \"2 and 3 only\", \"1, 2 and 3\"]\nshuffle = false\n{}{}{}",
            row("\"a\", \"2008\", \"x\"", true),
            row("\"b\", \"2020\", \"y\"", true),
            row("\"c\", \"2014\", \"z\"", false),
        ));
        let Body::Rows(r) = &card.body else {
            panic!("rows")
        };
        assert_eq!(r.options.len(), 4);
        assert!(!r.shuffle);
    }

    #[test]
    fn a_rows_card_with_a_bad_table_is_located() {
        let three = format!(
            "{}{}{}",
            row("\"a\", \"2008\", \"x\"", true),
            row("\"b\", \"2020\"", true),
            row("\"c\", \"2014\", \"z\"", false),
        );
        let lines = problems(&format!("{ROWS}{three}"));
        assert_eq!(
            lines,
            [
                "d.toml:17:9: error: this row has 2 cells but `columns` names 3 headings (Agreement, Year, Domain); write one cell per column, in the order of `columns`"
            ]
        );
        for (card, expected) in [
            (
                format!("{}{three}", ROWS.replace("\"Year\", \"Domain\"", "\"Year\", \"Domain\", \"Place\", \"Note\"")),
                "d.toml:11:11: error: `columns` must name 2 to 4 headings, found 5",
            ),
            (
                format!("{}{}", ROWS.replace(", \"Year\", \"Domain\"", ""), row("\"a\"", true)),
                "d.toml:11:11: error: `columns` must name 2 to 4 headings, found 1",
            ),
            (
                format!("{ROWS}{}", row("\"a\", \"2008\", \"x\"", true)),
                "d.toml:12:1: error: a rows card needs 2 to 6 rows, found 1",
            ),
            (
                format!("{ROWS}{}", row("\"a\", \"2008\", \"x\"", true).repeat(7)),
                "d.toml:12:1: error: a rows card needs 2 to 6 rows, found 7",
            ),
            (
                format!("{ROWS}options = [\"Only two\", \"I and II only\", \"All three\", \"None\"]\n{three}").replace("\"b\", \"2020\"]", "\"b\", \"2020\", \"y\"]"),
                "d.toml:12:24: error: option (b) `I and II only` is right as well as option (a) `Only two`",
            ),
        ] {
            let lines = problems(&card);
            assert!(
                lines.iter().any(|l| l.starts_with(expected)),
                "{expected}\n{lines:#?}"
            );
        }
        // No right option, an unreadable one, and a count of pairs over rows.
        let good = three.replace("\"b\", \"2020\"]", "\"b\", \"2020\", \"y\"]");
        for (options, expected) in [
            (
                "[\"Only one\", \"All the three\", \"None\"]",
                "d.toml:12:11: error: no option is right: the correctly matched rows are `I and II only` (`Only two`); make one option name exactly these, or check `correct` in each of the rows",
            ),
            (
                "[\"Only one row\", \"Only two rows\", \"I or II\", \"None of the rows\"]",
                "d.toml:12:45: error: option (c) `I or II` is neither a code",
            ),
            (
                "[\"Only one pair\", \"Only two rows\", \"All the three rows\", \"None of the rows\"]",
                "d.toml:12:12: error: option (a) `Only one pair` counts pairs but the card has rows",
            ),
        ] {
            let lines = problems(&format!("{ROWS}options = {options}\n{good}"));
            assert!(
                lines.iter().any(|l| l.starts_with(expected)),
                "{expected}\n{lines:#?}"
            );
        }
        // Row counts as the styles may write them fit rows.
        assert!(
            problems(&format!(
                "{ROWS}options = [\"Only one row\", \"Only two rows\", \"All the three rows\", \"None of the rows\"]\n{good}"
            ))
            .is_empty()
        );
    }
}
