//! The deck model: decks, cards and the seven question kinds, as authored.
//!
//! Everything here is plain data, already validated by [`parse`]; turning a card into the
//! question a learner sees (shuffling, sampling, UPSC wordings) belongs to
//! [`crate::question`], and checking a typed answer to [`crate::answer`].

pub mod diagnostic;
pub mod facts;
pub mod index;
pub mod lint;
pub mod load;
pub mod parse;

use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use serde::{Deserialize, Serialize};

pub use crate::question::wording::{Ask, Style};

fn yes() -> bool {
    true
}

fn is_true(value: &bool) -> bool {
    *value
}

fn is_false(value: &bool) -> bool {
    !*value
}

/// A card's name across all decks, `deck-id/card-id`: how the progress store keys a card,
/// how exports name it (Anki's guid, `cards --json`) and how messages show it. Deck ids
/// are kebab-case, so the first `/` separates the two. In JSON (the held answers) it is
/// the two fields `deck` and `card`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct CardKey {
    pub deck: String,
    pub card: String,
}

impl CardKey {
    pub fn new(deck: &str, card: &str) -> CardKey {
        CardKey {
            deck: deck.to_string(),
            card: card.to_string(),
        }
    }

    /// The key of `card` in `deck`.
    pub fn of(deck: &Deck, card: &Card) -> CardKey {
        CardKey::new(&deck.id, &card.id)
    }

    /// Makes this the key of `card` in `deck`, reusing its text's room: a key refilled
    /// for each of 100,000 cards allocates only when a name is longer than any before.
    pub fn refill(&mut self, deck: &str, card: &str) {
        self.deck.clear();
        self.deck.push_str(deck);
        self.card.clear();
        self.card.push_str(card);
    }
}

impl fmt::Display for CardKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.deck, self.card)
    }
}

/// A text that is not `deck/card`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a card key; write it as DECK-ID/CARD-ID")]
pub struct NotACardKey(pub String);

impl FromStr for CardKey {
    type Err = NotACardKey;

    fn from_str(text: &str) -> Result<CardKey, NotACardKey> {
        match text.split_once('/') {
            Some((deck, card)) if !deck.is_empty() && !card.is_empty() => {
                Ok(CardKey::new(deck, card))
            }
            _ => Err(NotACardKey(text.to_string())),
        }
    }
}

/// Where a deck was read from: compiled into the program, or a file the user may edit.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum DeckOrigin {
    /// Bundled with upsc, by its path among the bundled decks (`at-a-glance.toml`).
    Bundled(String),
    /// A deck file, by its path as given.
    File(PathBuf),
    /// Not read from anywhere yet (a deck just parsed from text, or read back from JSON).
    #[default]
    Unknown,
}

impl DeckOrigin {
    /// Reads the origin as loading shows it: `bundled:NAME` or a path.
    pub fn from_shown(shown: &str) -> DeckOrigin {
        match shown.strip_prefix("bundled:") {
            Some(name) => DeckOrigin::Bundled(name.to_string()),
            None if shown.is_empty() => DeckOrigin::Unknown,
            None => DeckOrigin::File(PathBuf::from(shown)),
        }
    }

    pub fn is_bundled(&self) -> bool {
        matches!(self, DeckOrigin::Bundled(_))
    }

    /// The deck's file, when it has one.
    pub fn path(&self) -> Option<&Path> {
        match self {
            DeckOrigin::File(path) => Some(path),
            _ => None,
        }
    }
}

/// As messages and `decks --json` show it: `bundled:NAME`, the path, or nothing.
impl fmt::Display for DeckOrigin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DeckOrigin::Bundled(name) => write!(f, "bundled:{name}"),
            DeckOrigin::File(path) => write!(f, "{}", path.display()),
            DeckOrigin::Unknown => Ok(()),
        }
    }
}

/// One deck file: a `[deck]` table and its cards. Serialises to (and reads back from) the
/// JSON of `upsc export --format json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Deck {
    pub id: String,
    pub title: String,
    pub description: String,
    pub tags: Vec<String>,
    pub sources: Vec<String>,
    pub cards: Vec<Card>,
    /// Lints silenced for the deck as a whole (`lint = ["lopsided-key"]` in `[deck]`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lint: Vec<String>,
    /// The house style its cards are worded in, unless a card says otherwise.
    #[serde(default, skip_serializing_if = "Style::is_default")]
    pub style: Style,
    /// Where the deck was read from (a file, or compiled in).
    #[serde(skip)]
    pub origin: DeckOrigin,
}

impl Deck {
    /// Cards counted per kind, in [`Kind::ALL`] order.
    pub fn kind_counts(&self) -> [usize; Kind::ALL.len()] {
        let mut counts = [0; Kind::ALL.len()];
        for card in &self.cards {
            counts[card.kind() as usize] += 1;
        }
        counts
    }
}

/// One question of a deck.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Card {
    pub id: String,
    pub tags: Vec<String>,
    pub source: Vec<String>,
    pub explanation: Option<String>,
    #[serde(flatten)]
    pub body: Body,
    /// Lints silenced on this card (`lint = ["long-answer"]`), see [`lint`].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lint: Vec<String>,
    /// The house style the card is worded in: its own `style`, else its deck's. Not
    /// part of the fingerprint: a change of wording is not a change of fact.
    #[serde(default, skip_serializing_if = "Style::is_default")]
    pub style: Style,
    /// 1-based line of the card's `[[card]]` header, for messages.
    #[serde(skip)]
    pub line: u32,
    /// A draft not yet reviewed (`draft = true`, written by `upsc draft`): `check`
    /// counts them until the author deletes the mark. Not part of the fingerprint.
    #[serde(default, skip_serializing_if = "is_false")]
    pub draft: bool,
}

impl Card {
    pub fn kind(&self) -> Kind {
        match self.body {
            Body::Recall(_) => Kind::Recall,
            Body::Mcq(_) => Kind::Mcq,
            Body::Statements(_) => Kind::Statements,
            Body::Pairs(_) => Kind::Pairs,
            Body::Rows(_) => Kind::Rows,
            Body::Assertion(_) => Kind::Assertion,
            Body::Numeric(_) => Kind::Numeric,
        }
    }

    /// A stable fingerprint of what the card asks and answers, used by the store to
    /// notice that a card's text changed while its id (and so its history) stayed.
    pub fn fingerprint(&self) -> u64 {
        let bytes = serde_json::to_vec(&self.body).unwrap_or_default();
        xxhash_rust::xxh3::xxh3_64(&bytes)
    }

    /// A one-line reminder of what the card asks, for lists: the prompt, or the first
    /// statement, or the pairs' or rows' columns.
    pub fn headline(&self) -> String {
        let text = match &self.body {
            Body::Recall(r) => r.prompt.clone(),
            Body::Mcq(m) => m.prompt.clone(),
            Body::Numeric(n) => n.prompt.clone(),
            Body::Assertion(a) => a.statement1.clone(),
            Body::Statements(s) => s
                .statements
                .first()
                .map_or_else(|| s.stem.clone(), |st| st.text.clone()),
            Body::Pairs(p) => match &p.columns {
                Some([left, right]) => format!("Pairs: {left} – {right}"),
                None => p.stem.clone(),
            },
            Body::Rows(r) => format!("Rows: {}", r.columns.join(" – ")),
        };
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    /// The card's tags together with the tags its deck gives every card.
    pub fn all_tags<'a>(&'a self, deck: &'a Deck) -> impl Iterator<Item = &'a str> {
        deck.tags.iter().chain(&self.tags).map(String::as_str)
    }
}

/// The kind-specific part of a card. The larger kinds are boxed: a card of every kind
/// then takes the room of a recall or numeric one (224 bytes instead of 312), which a
/// deck of 50,000 cards needs to load in bounded memory.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Body {
    Recall(Recall),
    Mcq(Mcq),
    Statements(Box<Statements>),
    Pairs(Box<Pairs>),
    Rows(Box<Rows>),
    Assertion(Box<Assertion>),
    Numeric(Numeric),
}

/// The seven question kinds, in the order summaries list them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Statements = 0,
    Pairs,
    Rows,
    Assertion,
    Mcq,
    Numeric,
    Recall,
}

impl Kind {
    pub const ALL: [Kind; 7] = [
        Kind::Statements,
        Kind::Pairs,
        Kind::Rows,
        Kind::Assertion,
        Kind::Mcq,
        Kind::Numeric,
        Kind::Recall,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Recall => "recall",
            Kind::Mcq => "mcq",
            Kind::Statements => "statements",
            Kind::Pairs => "pairs",
            Kind::Rows => "rows",
            Kind::Assertion => "assertion",
            Kind::Numeric => "numeric",
        }
    }

    pub fn parse(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == name)
    }
}

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Recall {
    pub prompt: String,
    pub answer: String,
    pub accept: Vec<String>,
    /// Reveal and grade oneself instead of typing an answer.
    pub self_grade: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mcq {
    pub prompt: String,
    pub options: Vec<String>,
    /// Index into `options` of the right one.
    pub answer: usize,
    pub shuffle: bool,
}

/// Which of the two UPSC wordings a multi-item question uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Form {
    /// "Which of the … given above is/are correct?" with codes such as "1 and 2 only".
    Which,
    /// "How many of the above … are correct?" with "Only one", "Only two", …
    HowMany,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Statements {
    pub stem: String,
    pub statements: Vec<Statement>,
    /// How many statements are shown at a time (2 to 4).
    pub show: usize,
    /// `None`: chosen at random each time the card is asked.
    pub form: Option<Form>,
    /// The closing line as written (`question = "How many of the above are members of
    /// …?"`), printed instead of the style's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub question: Option<String>,
    /// Whether the correct or the not-correct statements are asked for.
    #[serde(default, skip_serializing_if = "Ask::is_correct")]
    pub ask: Ask,
    /// The options as written, in order, each a code or a count that
    /// [`crate::question::wording::read_option`] reads; exactly one is right (checked by
    /// the parser). Empty: the options are made from the statements.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<String>,
    /// `false`: every statement and option in the written order (the paper as printed).
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub shuffle: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Statement {
    pub text: String,
    pub correct: bool,
    pub why: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pairs {
    pub stem: String,
    pub columns: Option<[String; 2]>,
    pub pairs: Vec<Pair>,
    pub decoys: Vec<String>,
    /// How many pairs are shown at a time (3 or 4).
    pub show: usize,
    pub form: Form,
    /// Some pair says `correct`, or the options are written: every pair is shown as
    /// written, true or false, and none is mismatched at random.
    #[serde(default, skip_serializing_if = "is_false")]
    pub authored: bool,
    /// The closing line as written, printed instead of the style's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub question: Option<String>,
    /// The options as written, in order, each a code or a count that
    /// [`crate::question::wording::read_option`] reads; exactly one is right (checked by
    /// the parser). Written options ask every pair as written, in the written order, with
    /// the options in the written order (the paper as printed). Empty: the options are
    /// made from the pairs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<String>,
    /// What is printed between the two columns of each pair, as written (`":"`, `"—"`):
    /// `1. Vitasta : Chenab`, and with `columns` a separator column under the headings.
    /// `None`: ` — ` between the columns without headings, nothing between them under
    /// headings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub separator: Option<String>,
    /// The pairs asked for: the correctly matched ones (the default) or, with `ask =
    /// "not-correct"`, the others.
    #[serde(default, skip_serializing_if = "Ask::is_correct")]
    pub ask: Ask,
    /// `false`: every pair in the written order, none mismatched at random, the options
    /// made the same way every time (the paper as printed).
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub shuffle: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pair {
    pub left: String,
    pub right: String,
    /// `false`: an authored mismatch, shown as written. Meaningful when the card is
    /// [`Pairs::authored`].
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub correct: bool,
}

/// A table with headings, each row correctly matched or not: "Consider the following
/// information : … In how many of the above rows is the given information correctly
/// matched?". Asked like [`Statements`], with rows for statements.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rows {
    pub stem: String,
    /// The column headings, 2 to 4.
    pub columns: Vec<String>,
    /// 2 to 9 rows, each with one cell per column.
    pub rows: Vec<Row>,
    /// How many rows are shown at a time (2 to 9).
    pub show: usize,
    /// `None`: chosen at random each time the card is asked.
    pub form: Option<Form>,
    /// The closing line as written, printed instead of the style's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub question: Option<String>,
    /// The options as written, in order, each a code or a count that
    /// [`crate::question::wording::read_option`] reads; exactly one is right (checked by
    /// the parser). Empty: the options are made from the rows.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<String>,
    /// `false`: every row and option in the written order (the paper as printed).
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub shuffle: bool,
    /// What is printed between the columns of each row, as written (`":"`); `None`:
    /// nothing, the cells set in aligned columns.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub separator: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Row {
    /// One cell per column.
    pub cells: Vec<String>,
    /// Whether the row's information is correctly matched.
    pub correct: bool,
    pub why: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Assertion {
    /// The line printed before Statement I instead of the papers' "Consider the following
    /// statements :" ([`crate::question::wording::ASSERTION_STEM`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stem: Option<String>,
    pub statement1: String,
    pub statement2: String,
    pub statement1_correct: bool,
    pub statement2_correct: bool,
    /// Two statements: does Statement II explain Statement I.
    pub explains: bool,
    /// A third statement (Statement III), asked with the three-statement options.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub statement3: Option<String>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub statement3_correct: bool,
    /// Three statements: which of Statements II and III (by number, 2 and/or 3) explain
    /// Statement I.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub explained_by: Vec<usize>,
}

impl Assertion {
    /// Which of the four options fit the statements: for two statements
    /// [`crate::question::wording::assertion_fits`], for three
    /// [`crate::question::wording::three_statement_fits`]. The parser lets through only
    /// cards where exactly one fits.
    pub fn fits(&self) -> [bool; 4] {
        use crate::question::wording::{assertion_fits, three_statement_fits};
        match self.statement3 {
            None => assertion_fits(
                self.statement1_correct,
                self.statement2_correct,
                self.explains,
            ),
            Some(_) => three_statement_fits(
                self.statement1_correct,
                self.statement2_correct,
                self.statement3_correct,
                self.explained_by.contains(&2),
                self.explained_by.contains(&3),
            ),
        }
    }

    /// The right option, (a) = 0 to (d) = 3, when exactly one fits.
    pub fn answer(&self) -> Option<usize> {
        let fits = self.fits();
        let mut right = (0..4).filter(|&i| fits[i]);
        match (right.next(), right.next()) {
            (Some(one), None) => Some(one),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Numeric {
    pub prompt: String,
    /// The value as written (`"10 trillion"`), kept for display.
    pub value_text: String,
    pub value: f64,
    pub unit: String,
    pub tolerance: Tolerance,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Tolerance {
    /// Equal up to rounding error.
    Exact,
    /// Within this much, in the card's unit.
    Absolute(f64),
    /// Within this percentage of the value.
    Percent(f64),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_card_key_is_deck_slash_card_both_ways() {
        let key = CardKey::new("polity", "article-370");
        assert_eq!(key.to_string(), "polity/article-370");
        assert_eq!("polity/article-370".parse::<CardKey>(), Ok(key));
        // Deck ids hold no `/`, so the first one separates; the card part keeps the rest.
        assert_eq!(
            "d/a/b".parse::<CardKey>().map(|k| (k.deck, k.card)),
            Ok(("d".to_string(), "a/b".to_string()))
        );
        for bad in ["", "deck", "/card", "deck/"] {
            let error = bad.parse::<CardKey>().unwrap_err().to_string();
            assert!(error.contains("DECK-ID/CARD-ID"), "{bad}: {error}");
        }
    }

    #[test]
    fn a_decks_origin_shows_as_loading_shows_it() {
        let bundled = DeckOrigin::from_shown("bundled:at-a-glance.toml");
        assert_eq!(bundled, DeckOrigin::Bundled("at-a-glance.toml".into()));
        assert!(bundled.is_bundled() && bundled.path().is_none());
        assert_eq!(bundled.to_string(), "bundled:at-a-glance.toml");
        let file = DeckOrigin::from_shown("decks/mine.toml");
        assert_eq!(file.path(), Some(Path::new("decks/mine.toml")));
        assert!(!file.is_bundled());
        assert_eq!(file.to_string(), "decks/mine.toml");
        assert_eq!(DeckOrigin::from_shown(""), DeckOrigin::Unknown);
        assert_eq!(DeckOrigin::Unknown.to_string(), "");
    }
}
