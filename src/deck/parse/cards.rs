//! The deck's head (`[deck]` and the top level) and its cards: the fields common to every
//! card, and the hand-off to the kind readers.

use std::collections::HashMap;
use std::ops::Range;

use toml::Spanned;
use toml::de::DeArray;

use super::ParsedDeck;
use super::assertion::read_assertion;
use super::ids::{id_from_question, is_kebab, slug, suggest};
use super::mcq::read_mcq;
use super::numeric::read_numeric;
use super::pairs::read_pairs;
use super::recall::read_recall;
use super::rows::read_rows;
use super::statements::read_statements;
use super::walker::{
    Table, Walker, control_characters, control_in_string, control_in_value, header,
};
use crate::deck::diagnostic::LineStarts;
use crate::deck::{Card, Kind, Style};

pub(super) const DECK_FIELDS: &[&str] = &[
    "id",
    "title",
    "description",
    "tags",
    "sources",
    "lint",
    "style",
];
pub(super) const TOP_FIELDS: &[&str] = &["deck", "card"];
pub(super) const COMMON_FIELDS: &[&str] = &[
    "id",
    "kind",
    "tags",
    "source",
    "explanation",
    "lint",
    "style",
    "draft",
];
pub(super) const STATEMENT_FIELDS: &[&str] = &["text", "correct", "why"];
pub(super) const PAIR_FIELDS: &[&str] = &["left", "right", "correct"];
pub(super) const ROW_FIELDS: &[&str] = &["cells", "correct", "why"];

pub(super) fn kind_fields(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Recall => &["prompt", "answer", "accept", "self_grade", "shuffle"],
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
            "stem",
            "columns",
            "pairs",
            "decoys",
            "show",
            "form",
            "question",
            "options",
            "shuffle",
            "separator",
            "ask",
        ],
        Kind::Rows => &[
            "stem",
            "columns",
            "rows",
            "show",
            "form",
            "question",
            "options",
            "shuffle",
            "separator",
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
            "shuffle",
        ],
        Kind::Numeric => &["prompt", "value", "unit", "tolerance", "shuffle"],
    }
}

/// What the file's top level and its `[deck]` table say, before any card is read.
pub(super) struct Head {
    pub(super) id: Option<Spanned<String>>,
    pub(super) title: Option<Spanned<String>>,
    pub(super) description: Option<Spanned<String>>,
    pub(super) tags: Vec<String>,
    pub(super) sources: Vec<String>,
    pub(super) lint: Vec<String>,
    pub(super) style: Style,
}

/// Checks everything in the file but its cards: control characters, unknown top-level
/// fields and the `[deck]` table. Returns whether there were control characters (the
/// deck is then unusable) and the deck's fields, or `None` when there is no `[deck]`
/// table to read (then no card is read either).
pub(super) fn read_top(w: &mut Walker, root: &Table) -> (bool, Option<Head>) {
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

pub(super) fn read_head(w: &mut Walker, root: &Table) -> Option<Head> {
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
    let style = w.style(&deck_table).unwrap_or(w.default_style);
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
pub(super) struct Cards {
    pub(super) cards: Vec<Card>,
    /// Each card id and its span in the file, for "duplicate card id".
    pub(super) seen: HashMap<String, Range<usize>>,
    pub(super) deck_style: Style,
}

impl Cards {
    pub(super) fn new(deck_style: Style, capacity: usize) -> Self {
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
    pub(super) fn read(&mut self, w: &mut Walker, items: &DeArray, source: &str, offset: usize) {
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

pub(super) fn finish(w: &mut Walker, head: Head, cards: Vec<Card>) -> Option<ParsedDeck> {
    let (id, title) = (head.id?, head.title?);
    Some(ParsedDeck {
        id_span: id.span(),
        cited: std::mem::take(&mut w.cited).into_iter().collect(),
        deck: crate::deck::Deck {
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
            origin: crate::deck::DeckOrigin::default(),
        },
    })
}

/// Reads one card of a piece of `source` starting at `offset`: the card's spans are
/// relative to the piece, `source` is the whole file.
pub(super) fn read_card(
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
    // `shuffle = false` asks for the paper as printed. Recall, numeric and assertion cards
    // have nothing to shuffle and are always asked so: there it is only checked to be a
    // bool (the kinds that shuffle read it themselves).
    if matches!(kind, Some(Kind::Recall | Kind::Numeric | Kind::Assertion)) {
        w.boolean(table, "shuffle", false);
    }
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
        .any(|d| d.severity == crate::deck::diagnostic::Severity::Error);
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
