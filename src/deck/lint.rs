//! Lints: questions that parse but that a careful question setter would not let through.
//!
//! Each lint gives a one-line reason and a fix, located `path:line:column` at the card (or
//! the field) it concerns. `upsc check` shows them as warnings, so `--strict` fails on
//! them. A card silences a lint for itself with `lint = ["long-answer", …]`; a deck
//! silences a deck-wide lint with `lint = ["lopsided-key"]` in its `[deck]` table.
//!
//! | name | rule |
//! |---|---|
//! | `long-answer` | an MCQ's right option is over 1.5× as long as its longest distractor (and 12+ characters longer) |
//! | `echo-stem` | an MCQ's right option repeats 2+ key words of the prompt and no distractor repeats any |
//! | `absolute-false` | a false statement leans on an absolute ("all", "only", "never", …) that no true statement of the card uses |
//! | `lopsided-key` | one assertion option, one letter of unshuffled MCQs, or one letter of the deck's paper printed in order is right for over 40% of 8+ cards of a deck |
//! | `near-duplicate` | two cards anywhere in the loaded decks share 60%+ of their question-and-answer words |
//! | `same-fact` | two cards anywhere in the loaded decks mark true the same two figures or names in one part ([`super::facts`]) |
//! | `negation-pair` | a true and a false item of one pool differ only by a negation, an antonym or a swapped figure |
//! | `bare-acronym` | a recall `accept` entry is an acronym that no other field of the card mentions |
//! | `empty-deck` | a deck has no cards yet |
//!
//! The duplicate search is not quadratic: words are ordered rarest first across the whole
//! collection and only cards sharing one of the rare words that any two cards above the
//! threshold must share (prefix filtering, as in all-pairs similarity search) are compared.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use rayon::prelude::*;

use super::diagnostic::{Diagnostic, LineStarts};
use super::facts;
use super::{Body, Card, Deck};

/// Every lint, by the name a `lint = [...]` list uses.
pub const NAMES: &[&str] = &[
    "long-answer",
    "echo-stem",
    "absolute-false",
    "lopsided-key",
    "near-duplicate",
    "same-fact",
    "negation-pair",
    "bare-acronym",
    "empty-deck",
];

/// "`long-answer`, `echo-stem`, …", for help messages.
pub fn names_listed() -> String {
    NAMES
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The right option is this many times as long as the longest distractor, or more…
pub const LONG_ANSWER_RATIO: f64 = 1.5;
/// …and at least this many characters longer.
pub const LONG_ANSWER_MIN_EXTRA: usize = 12;
/// The share of a deck's pick-one cards one option may be right for.
pub const LOPSIDED_SHARE: f64 = 0.4;
/// Fewer pick-one cards than this are too few to call a key lopsided.
pub const LOPSIDED_MIN_CARDS: usize = 8;
/// Share of distinct words two cards must have in common (Jaccard) to be near-duplicates.
pub const DUPLICATE_SIMILARITY: f64 = 0.6;
/// Cards with fewer distinct words than this are not compared (too little to go on).
const DUPLICATE_MIN_WORDS: usize = 3;
/// At most this many earlier cards are looked at per shared rare word: a word held by
/// more cards than that is not rare, and scanning all of them would make a collection of
/// look-alike cards quadratic again.
const POSTING_SCAN_CAP: usize = 256;

/// One loaded deck with what lints need besides the deck itself.
pub struct Source<'a> {
    pub deck: &'a Deck,
    /// The file's text, to locate problems in.
    pub text: &'a str,
    /// The file already has errors (so a deck without cards is broken, not new).
    pub has_errors: bool,
}

/// Runs every lint over `sources`; the diagnostics of each deck, in the same order.
pub fn lint(sources: &[Source]) -> Vec<Vec<Diagnostic>> {
    // Each deck's own lints are independent of the others': on every core.
    let locators: Vec<Locator> = sources.par_iter().map(|s| Locator::new(s.text)).collect();
    let mut out: Vec<Vec<Diagnostic>> = sources
        .par_iter()
        .zip(&locators)
        .map(|(source, locator)| {
            let mut diagnostics = Vec::new();
            for card in &source.deck.cards {
                lint_card(card, locator, &mut diagnostics);
            }
            lint_deck(source, locator, &mut diagnostics);
            diagnostics
        })
        .collect();
    for duplicate in near_duplicates(sources) {
        let (deck, card) = duplicate.later;
        let (other_deck, other_card) = duplicate.earlier;
        let source = &sources[deck];
        let card = &source.deck.cards[card];
        let other_source = &sources[other_deck];
        let other = &other_source.deck.cards[other_card];
        let (line, column) = locators[other_deck].line_column(other.line);
        out[deck].push(near_duplicate_warning(
            &other_source.deck.id,
            &other.id,
            &other_source.deck.origin,
            (line, column),
            duplicate.similarity,
            locators[deck].card(card),
        ));
    }
    // After the near-duplicates, as `check` shows them (a card's problems in that order).
    let packed: Vec<Vec<Option<String>>> = sources
        .par_iter()
        .map(|source| {
            source
                .deck
                .cards
                .iter()
                .map(|card| (!silenced(card, "same-fact")).then(|| facts::packed_marks(card)))
                .collect()
        })
        .collect();
    let cards: Vec<((usize, usize), &str)> = packed
        .iter()
        .enumerate()
        .flat_map(|(d, cards)| {
            cards
                .iter()
                .enumerate()
                .filter_map(move |(c, p)| p.as_deref().map(|p| ((d, c), p)))
        })
        .collect();
    for same in facts::same_facts(&cards) {
        let (deck, card) = same.later;
        let (other_deck, other_card) = same.earlier;
        let other_source = &sources[other_deck];
        let other = &other_source.deck.cards[other_card];
        let (line, column) = locators[other_deck].line_column(other.line);
        out[deck].push(same_fact_warning(
            &other_source.deck.id,
            &other.id,
            &other_source.deck.origin,
            (line, column),
            &same.marks,
            locators[deck].card(&sources[deck].deck.cards[card]),
        ));
    }
    out
}

/// The `near-duplicate` warning on a card (at `span`, its header) that asks what the card
/// `other_card` of deck `other_deck`, at `line:column` of `origin`, asks.
pub fn near_duplicate_warning(
    other_deck: &str,
    other_card: &str,
    origin: &dyn std::fmt::Display,
    (line, column): (u32, usize),
    similarity: f64,
    span: Range<usize>,
) -> Diagnostic {
    Diagnostic::warning(
        format!(
            "near-duplicate: this card and `{other_deck}/{other_card}` ({origin}:{line}:{column}) ask the same thing ({:.0}% of their words shared)",
            similarity * 100.0
        ),
        Some(span),
    )
    .with_help(
        "keep one card per fact: remove or rewrite one of them, or add `lint = [\"near-duplicate\"]` to either if both are meant",
    )
}

/// The `same-fact` warning on a card (at `span`, its header) that marks true what the card
/// `other_card` of deck `other_deck`, at `line:column` of `origin`, marks true: the two
/// marks (figures or names) both hold in one part.
pub fn same_fact_warning(
    other_deck: &str,
    other_card: &str,
    origin: &dyn std::fmt::Display,
    (line, column): (u32, usize),
    (a, b): &(String, String),
    span: Range<usize>,
) -> Diagnostic {
    Diagnostic::warning(
        format!(
            "same-fact: this card and `{other_deck}/{other_card}` ({origin}:{line}:{column}) test the same fact (both mark true \"{a}\" with \"{b}\")"
        ),
        Some(span),
    )
    .with_help(
        "keep one card per fact: merge or drop one, or turn it to a fact no card tests; add `lint = [\"same-fact\"]` to either only if they test different facts",
    )
}

/// What the lints keep of one deck once it is parsed, so that the parsed cards and the
/// file's text can go: the findings of the deck's own lints, and per card what the
/// cross-deck duplicate search and its messages need, packed in a few buffers (a hundred
/// thousand small allocations kept while files are parsed would fragment the heap).
pub struct DeckLints {
    /// Every lint of the deck's own cards and of the deck, in the order [`lint`] gives.
    pub diagnostics: Vec<Diagnostic>,
    /// The `[deck]` header when the deck has no cards and does not silence `empty-deck`
    /// (a warning unless the file has errors, which only loading can tell).
    pub empty: Option<Range<usize>>,
    pub cards: Vec<CardMark>,
    /// The words of the deck's compared cards, in the order first met, one after another;
    /// `word_ends[i]` is where word `i` ends.
    vocabulary: String,
    word_ends: Vec<u32>,
    /// The cards' ids, one after another.
    ids: String,
    /// The compared cards' distinct words (indexes into the vocabulary), each card's sorted.
    words: Vec<u32>,
    /// The cards' fact marks ([`facts::packed_marks`]), one after another.
    facts: String,
}

/// One card as the duplicate search and its messages see it.
pub struct CardMark {
    /// Where its id ends in the deck's ids (it starts where the previous card's ends).
    id_end: u32,
    /// Its words in the deck's words; `None` when the card silences `near-duplicate`.
    words: Option<(u32, u32)>,
    /// Its fact marks in the deck's; `None` when the card silences `same-fact`.
    facts: Option<(u32, u32)>,
    /// Its `[[card]]` header.
    pub header: Range<usize>,
    /// Line and column of the header.
    pub at: (u32, usize),
}

impl DeckLints {
    /// The id of card `c`.
    pub fn card_id(&self, c: usize) -> &str {
        let start = c
            .checked_sub(1)
            .and_then(|p| self.cards.get(p))
            .map_or(0, |p| p.id_end as usize);
        let end = self.cards.get(c).map_or(start, |card| card.id_end as usize);
        self.ids.get(start..end).unwrap_or("")
    }

    fn card_facts(&self, card: &CardMark) -> Option<&str> {
        card.facts
            .and_then(|(start, end)| self.facts.get(start as usize..end as usize))
    }

    fn card_words(&self, card: &CardMark) -> Option<&[u32]> {
        card.words
            .and_then(|(start, end)| self.words.get(start as usize..end as usize))
    }

    fn vocabulary(&self) -> impl Iterator<Item = &str> {
        let starts = std::iter::once(0).chain(self.word_ends.iter().copied());
        starts.zip(&self.word_ends).map(|(start, &end)| {
            self.vocabulary
                .get(start as usize..end as usize)
                .unwrap_or("")
        })
    }
}

/// Runs the deck's own lints and keeps what the cross-deck search needs ([`DeckLints`]).
pub fn deck_lints(deck: &Deck, text: &str) -> DeckLints {
    let locator = Locator::new(text);
    let mut diagnostics = Vec::new();
    for card in &deck.cards {
        lint_card(card, &locator, &mut diagnostics);
    }
    let empty = (deck.cards.is_empty() && !deck.lint.iter().any(|l| l == "empty-deck"))
        .then(|| locator.deck_header());
    if !deck.cards.is_empty() {
        let source = Source {
            deck,
            text,
            has_errors: false,
        };
        lint_deck(&source, &locator, &mut diagnostics);
    }
    // Each word is lower-cased into one buffer and looked up as it is; only a word the deck
    // has not used yet is allocated.
    let mut local: HashMap<String, u32, xxhash_rust::xxh3::Xxh3DefaultBuilder> =
        HashMap::with_hasher(xxhash_rust::xxh3::Xxh3DefaultBuilder::new());
    let mut buffer = String::new();
    let mut out = DeckLints {
        diagnostics,
        empty,
        cards: Vec::with_capacity(deck.cards.len()),
        vocabulary: String::new(),
        word_ends: Vec::new(),
        ids: String::new(),
        words: Vec::new(),
        facts: String::new(),
    };
    for card in &deck.cards {
        let words = (!silenced(card, "near-duplicate")).then(|| {
            let start = out.words.len();
            let text = card_text(card);
            let raw_words = text
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty());
            for raw in raw_words {
                let Some(w) = key_word_into(raw, &mut buffer) else {
                    continue;
                };
                let id = match local.get(w) {
                    Some(&id) => id,
                    None => {
                        let id = local.len() as u32;
                        local.insert(w.to_string(), id);
                        out.vocabulary.push_str(w);
                        out.word_ends.push(out.vocabulary.len() as u32);
                        id
                    }
                };
                out.words.push(id);
            }
            let set = &mut out.words[start..];
            set.sort_unstable();
            let mut kept = 0;
            for i in 0..set.len() {
                if i == 0 || set[i] != set[kept - 1] {
                    set[kept] = set[i];
                    kept += 1;
                }
            }
            out.words.truncate(start + kept);
            (start as u32, out.words.len() as u32)
        });
        let facts = (!silenced(card, "same-fact")).then(|| {
            let start = out.facts.len() as u32;
            out.facts.push_str(&facts::packed_marks(card));
            (start, out.facts.len() as u32)
        });
        out.ids.push_str(&card.id);
        out.cards.push(CardMark {
            id_end: out.ids.len() as u32,
            words,
            facts,
            header: locator.card(card),
            at: locator.line_column(card.line),
        });
    }
    out.vocabulary.shrink_to_fit();
    out.word_ends.shrink_to_fit();
    out.ids.shrink_to_fit();
    out.words.shrink_to_fit();
    out.facts.shrink_to_fit();
    out
}

/// The `same-fact` search over the cards of many decks ([`DeckLints`], in the order
/// loaded): the same pairs as [`lint`] finds over the same decks.
pub fn same_facts_of(decks: &[&DeckLints]) -> Vec<facts::SameFact> {
    let cards: Vec<((usize, usize), &str)> = decks
        .iter()
        .enumerate()
        .flat_map(|(d, deck)| {
            deck.cards
                .iter()
                .enumerate()
                .filter_map(move |(c, card)| deck.card_facts(card).map(|f| ((d, c), f)))
        })
        .collect();
    facts::same_facts(&cards)
}

/// The `near-duplicate` search over the cards of many decks ([`DeckLints`], in the order
/// loaded): each card found alike is reported once, paired with the earlier card it is
/// most like. The same pairs as [`lint`] finds over the same decks.
pub fn near_duplicates_of(decks: &[&DeckLints]) -> Vec<Duplicate> {
    // Interned in the order [`lint`] interns them: each deck's words in the order its
    // cards first use them, so the ids, the rarity order and the pairs are the same.
    let mut ids: HashMap<&str, u32> = HashMap::new();
    let mut sets = Sets::default();
    let mut set: Vec<u32> = Vec::new();
    for (d, deck) in decks.iter().enumerate() {
        let global: Vec<u32> = deck
            .vocabulary()
            .map(|w| {
                let next = ids.len() as u32;
                *ids.entry(w).or_insert(next)
            })
            .collect();
        for (c, card) in deck.cards.iter().enumerate() {
            let Some(words) = deck.card_words(card) else {
                continue;
            };
            set.clear();
            set.extend(words.iter().map(|&w| global[w as usize]));
            set.sort_unstable();
            if set.len() >= DUPLICATE_MIN_WORDS {
                sets.push((d, c), &set);
            }
        }
    }
    let words = ids.len();
    drop(ids);
    sets.duplicates(words)
}

fn silenced(card: &Card, name: &str) -> bool {
    card.lint.iter().any(|l| l == name)
}

fn lint_card(card: &Card, at: &Locator, out: &mut Vec<Diagnostic>) {
    if let Body::Mcq(mcq) = &card.body {
        let Some(right) = mcq.options.get(mcq.answer) else {
            return;
        };
        let others: Vec<&String> = mcq
            .options
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != mcq.answer)
            .map(|(_, o)| o)
            .collect();
        if !silenced(card, "long-answer") {
            let len = right.chars().count();
            let longest = others.iter().map(|o| o.chars().count()).max().unwrap_or(0);
            if longest > 0
                && len as f64 > LONG_ANSWER_RATIO * longest as f64
                && len >= longest + LONG_ANSWER_MIN_EXTRA
            {
                out.push(
                    Diagnostic::warning(
                        format!(
                            "long-answer: the right option is {len} characters, the longest distractor {longest}; the length gives it away"
                        ),
                        Some(at.text_in_card(card, right)),
                    )
                    .with_help(
                        "shorten the right option or give the distractors the same detail, or add `lint = [\"long-answer\"]`",
                    ),
                );
            }
        }
        if !silenced(card, "echo-stem") {
            let stem: HashSet<String> = key_words(&mcq.prompt).collect();
            let echoes = |option: &str| -> Vec<String> {
                let mut shared: Vec<String> =
                    key_words(option).filter(|w| stem.contains(w)).collect();
                shared.sort();
                shared.dedup();
                shared
            };
            let shared = echoes(right);
            if shared.len() >= 2 && others.iter().all(|o| echoes(o).is_empty()) {
                out.push(
                    Diagnostic::warning(
                        format!(
                            "echo-stem: only the right option repeats the prompt's words ({}); it can be picked without knowing the fact",
                            shared.join(", ")
                        ),
                        Some(at.text_in_card(card, right)),
                    )
                    .with_help(
                        "reword the right option, or let distractors use the prompt's words too, or add `lint = [\"echo-stem\"]`",
                    ),
                );
            }
        }
    }
    if !silenced(card, "negation-pair") {
        let items: Vec<(&str, bool)> = match &card.body {
            Body::Statements(s) => s
                .statements
                .iter()
                .map(|s| (s.text.as_str(), s.correct))
                .collect(),
            Body::Pairs(p) => p
                .pairs
                .iter()
                .map(|pair| (pair.right.as_str(), pair.correct))
                .filter(|_| p.authored)
                .collect(),
            _ => Vec::new(),
        };
        for (i, &(a, a_true)) in items.iter().enumerate() {
            for &(b, b_true) in &items[i + 1..] {
                if a_true == b_true {
                    continue;
                }
                let Some(how) = facts::negation_between(a, b) else {
                    continue;
                };
                let false_one = if a_true { b } else { a };
                let true_one = if a_true { a } else { b };
                out.push(
                    Diagnostic::warning(
                        format!(
                            "negation-pair: this false item differs from the true item \"{}\" of the same pool only by {how}; shown together, one gives the other away",
                            crate::text::strip_controls(true_one)
                        ),
                        Some(at.text_in_card(card, false_one)),
                    )
                    .with_help(
                        "make the false item wrong on a fact of its own (a neighbouring year, a sibling entity, a shifted figure of something else), or add `lint = [\"negation-pair\"]`",
                    ),
                );
            }
        }
    }
    match &card.body {
        Body::Statements(statements) if !silenced(card, "absolute-false") => {
            let true_uses = statements
                .statements
                .iter()
                .filter(|s| s.correct)
                .any(|s| !absolutes(&s.text).is_empty());
            if true_uses {
                return;
            }
            for statement in statements.statements.iter().filter(|s| !s.correct) {
                let words = absolutes(&statement.text);
                if !words.is_empty() {
                    out.push(absolute_warning(
                        &words,
                        at.text_in_card(card, &statement.text),
                    ));
                }
            }
        }
        Body::Assertion(a) if !silenced(card, "absolute-false") => {
            let mut pairs = vec![
                (&a.statement1, a.statement1_correct),
                (&a.statement2, a.statement2_correct),
            ];
            if let Some(third) = &a.statement3 {
                pairs.push((third, a.statement3_correct));
            }
            let true_uses = pairs
                .iter()
                .any(|(text, correct)| *correct && !absolutes(text).is_empty());
            if !true_uses {
                for (text, _) in pairs.iter().filter(|(_, correct)| !correct) {
                    let words = absolutes(text);
                    if !words.is_empty() {
                        out.push(absolute_warning(&words, at.text_in_card(card, text)));
                    }
                }
            }
        }
        Body::Recall(recall) if !silenced(card, "bare-acronym") => {
            for (i, entry) in recall.accept.iter().enumerate() {
                let entry = entry.trim();
                if !is_acronym(entry) {
                    continue;
                }
                let needle = entry.to_lowercase();
                let mentioned = std::iter::once(recall.prompt.as_str())
                    .chain(std::iter::once(recall.answer.as_str()))
                    .chain(card.explanation.as_deref())
                    .chain(
                        recall
                            .accept
                            .iter()
                            .enumerate()
                            .filter(|(j, _)| *j != i)
                            .map(|(_, s)| s.as_str()),
                    )
                    .any(|field| words(field).any(|w| w == needle));
                if !mentioned {
                    out.push(
                        Diagnostic::warning(
                            format!(
                                "bare-acronym: `{entry}` is accepted but nothing on the card spells it out or uses it"
                            ),
                            Some(at.text_in_card(card, entry)),
                        )
                        .with_help(
                            "remove it, or name the acronym in the answer or explanation if the source uses it, or add `lint = [\"bare-acronym\"]`",
                        ),
                    );
                }
            }
        }
        _ => {}
    }
}

fn absolute_warning(words: &[String], span: Range<usize>) -> Diagnostic {
    Diagnostic::warning(
        format!(
            "absolute-false: a false statement leans on {} while no true statement does; the absolute gives it away",
            words
                .iter()
                .map(|w| format!("\"{w}\""))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Some(span),
    )
    .with_help(
        "make it false by a fact (a wrong year, actor or figure), not by an absolute, or add `lint = [\"absolute-false\"]`",
    )
}

/// The single words the `absolute-false` lint looks for (each documented in
/// docs/deck-format.md): a false statement made false by one of them is false by its
/// wording, not by a fact.
pub const ABSOLUTE_WORDS: &[&str] = &[
    "all",
    "only",
    "never",
    "always",
    "none",
    "every",
    "entirely",
    "solely",
    "exclusively",
    "invariably",
    "purely",
    "merely",
    "definitively",
    "completely",
    "wholly",
    "totally",
    "nothing",
    "confined",
];

/// The phrases the `absolute-false` lint looks for, word by word.
pub const ABSOLUTE_PHRASES: &[&[&str]] = &[
    &["of", "any", "kind"],
    &["no", "other"],
    &["at", "all"],
    &["limited", "to"],
    &["reserved", "for"],
    &["rules", "out"],
    &["ruled", "out"],
    &["rule", "out"],
    &["no", "significant"],
];

/// The absolutes a statement leans on, as written in the lint's message.
pub(crate) fn absolutes(text: &str) -> Vec<String> {
    let words: Vec<String> = words(text).collect();
    let mut found: Vec<String> = Vec::new();
    for single in ABSOLUTE_WORDS {
        // "in all" counts a total; it is not an absolute.
        let leaning = words
            .iter()
            .enumerate()
            .any(|(i, w)| w == single && !(*single == "all" && i > 0 && words[i - 1] == "in"));
        if leaning && !found.iter().any(|f| f == single) {
            found.push((*single).to_string());
        }
    }
    for phrase in ABSOLUTE_PHRASES {
        if words
            .windows(phrase.len())
            .any(|win| win.iter().zip(phrase.iter()).all(|(a, b)| a == b))
        {
            if *phrase == ["at", "all"] {
                found.retain(|w| w != "all");
            }
            let shown = phrase.join(" ");
            if !found.contains(&shown) {
                found.push(shown);
            }
        }
    }
    found
}

/// `ISRO`, `JAXA`, `QUAD`: one word, 2 to 8 characters, capitals (and digits) only.
fn is_acronym(entry: &str) -> bool {
    let n = entry.chars().count();
    (2..=8).contains(&n)
        && entry.chars().filter(|c| c.is_ascii_uppercase()).count() >= 2
        && entry
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-' || c == '&')
}

fn lint_deck(source: &Source, at: &Locator, out: &mut Vec<Diagnostic>) {
    let deck = source.deck;
    let header = at.deck_header();
    if deck.cards.is_empty() {
        if !source.has_errors && !deck.lint.iter().any(|l| l == "empty-deck") {
            out.push(
                Diagnostic::warning("empty-deck: no cards yet", Some(header))
                    .with_help(format!("add one with `upsc add {}`", deck.id)),
            );
        }
        return;
    }
    if deck.lint.iter().any(|l| l == "lopsided-key") {
        return;
    }
    let counted = deck
        .cards
        .iter()
        .filter(|card| !silenced(card, "lopsided-key"));
    let mut assertion = [0usize; 4];
    let mut letters = [0usize; 6];
    for card in counted {
        match &card.body {
            Body::Assertion(a) => {
                if let Some(option) = a.answer() {
                    assertion[option] += 1;
                }
            }
            Body::Mcq(m) if !m.shuffle => {
                if let Some(slot) = letters.get_mut(m.answer) {
                    *slot += 1;
                }
            }
            _ => {}
        }
    }
    // One lopsided-key finding per deck: the printed key is looked at only when the
    // assertion and unshuffled-MCQ keys are not lopsided already.
    let mut found = false;
    let mut lopsided = |counts: &[usize], what: &str, fix: &str| {
        let total: usize = counts.iter().sum();
        if total < LOPSIDED_MIN_CARDS || found {
            return;
        }
        if let Some((i, &n)) = counts.iter().enumerate().max_by_key(|(_, n)| **n)
            && n as f64 > LOPSIDED_SHARE * total as f64
        {
            let letter = char::from(b'a' + i as u8);
            found = true;
            out.push(
                Diagnostic::warning(
                    format!(
                        "lopsided-key: {what} ({letter}) is right for {n} of {total} cards ({:.0}%); always answering ({letter}) scores well without knowing anything",
                        n as f64 * 100.0 / total as f64
                    ),
                    Some(header.clone()),
                )
                .with_help(format!(
                    "{fix}, so that no option is right for more than {:.0}% of them, or add `lint = [\"lopsided-key\"]` to `[deck]`",
                    LOPSIDED_SHARE * 100.0
                )),
            );
        }
    };
    lopsided(
        &assertion,
        "assertion option",
        "rework some assertion cards (a false Statement-I or -II, or a true Statement-II that does not explain Statement-I)",
    );
    lopsided(
        &letters,
        "the option letter of unshuffled MCQs",
        "reorder the options of some `shuffle = false` MCQs",
    );
    // The key of the deck's paper printed in order (`upsc paper --in-order`), each card
    // asked as that paper asks it.
    let mut printed = [0usize; 6];
    for card in deck
        .cards
        .iter()
        .filter(|card| !silenced(card, "lopsided-key"))
        .filter(|card| crate::question::asked_as_choice(card.kind()))
    {
        if let crate::question::Response::Choice { correct, .. } =
            crate::question::present_printed(card).response
            && let Some(slot) = printed.get_mut(correct)
        {
            *slot += 1;
        }
    }
    lopsided(
        &printed,
        "the option letter of the deck's paper printed in order",
        "reword or reorder some of the cards whose printed key is that letter (an MCQ's options are shuffled from the card's own seed; a statements card's codes depend on its pool)",
    );
}

/// A pair of cards found alike: (deck index, card index) each, the earlier one first.
pub struct Duplicate {
    pub earlier: (usize, usize),
    pub later: (usize, usize),
    pub similarity: f64,
}

/// Near-duplicate cards across every deck: each card is reported once, paired with the
/// earlier card it is most like.
fn near_duplicates(sources: &[Source]) -> Vec<Duplicate> {
    // Each card's distinct words, interned.
    let mut ids: HashMap<String, u32> = HashMap::new();
    let mut records: Vec<((usize, usize), Vec<u32>)> = Vec::new();
    // The words of every card on every core; interned in order below, so the ids (and
    // with them the pairs found) are the same as one core would give.
    let words: Vec<Vec<Option<Vec<String>>>> = sources
        .par_iter()
        .map(|source| {
            source
                .deck
                .cards
                .iter()
                .map(|card| (!silenced(card, "near-duplicate")).then(|| card_words(card)))
                .collect()
        })
        .collect();
    for (d, cards) in words.into_iter().enumerate() {
        for (c, card_words) in cards.into_iter().enumerate() {
            let Some(card_words) = card_words else {
                continue;
            };
            let mut set: Vec<u32> = card_words
                .into_iter()
                .map(|w| {
                    let next = ids.len() as u32;
                    *ids.entry(w).or_insert(next)
                })
                .collect();
            set.sort_unstable();
            set.dedup();
            if set.len() >= DUPLICATE_MIN_WORDS {
                records.push(((d, c), set));
            }
        }
    }
    duplicates_among(records, ids.len())
}

/// The search itself, over each compared card's distinct words (ids below `words`, sorted).
fn duplicates_among(records: Vec<((usize, usize), Vec<u32>)>, words: usize) -> Vec<Duplicate> {
    let mut sets = Sets::default();
    for (place, set) in records {
        sets.push(place, &set);
    }
    sets.duplicates(words)
}

/// The compared cards' word sets, one after another in one buffer (a hundred thousand
/// small vectors cost as much to allocate and to reach as the search itself).
#[derive(Default)]
struct Sets {
    places: Vec<(usize, usize)>,
    /// Where each set starts in `words`, and one more: where the last one ends.
    starts: Vec<u32>,
    words: Vec<u32>,
}

impl Sets {
    /// Adds a card's distinct word ids, sorted.
    fn push(&mut self, place: (usize, usize), set: &[u32]) {
        if self.starts.is_empty() {
            self.starts.push(0);
        }
        self.places.push(place);
        self.words.extend_from_slice(set);
        self.starts.push(self.words.len() as u32);
    }

    fn len(&self) -> usize {
        self.places.len()
    }

    fn set(&self, i: usize) -> &[u32] {
        &self.words[self.starts[i] as usize..self.starts[i + 1] as usize]
    }

    /// Each card paired with the earlier card it is most like, if any reaches the bar.
    fn duplicates(mut self, ids_len: usize) -> Vec<Duplicate> {
        // Rarest words first: renumber so that a smaller id is a rarer word.
        let mut frequency = vec![0u32; ids_len];
        for &w in &self.words {
            frequency[w as usize] += 1;
        }
        let mut order: Vec<u32> = (0..ids_len as u32).collect();
        order.sort_by_key(|&w| (frequency[w as usize], w));
        let mut rank = vec![0u32; ids_len];
        for (r, &w) in order.iter().enumerate() {
            rank[w as usize] = r as u32;
        }
        drop(order);
        for w in self.words.iter_mut() {
            *w = rank[*w as usize];
        }
        drop(rank);
        for i in 0..self.len() {
            let range = self.starts[i] as usize..self.starts[i + 1] as usize;
            self.words[range].sort_unstable();
        }

        let t = DUPLICATE_SIMILARITY;
        let prefix_of = |n: usize| (n - (t * n as f64).ceil() as usize + 1).min(n);
        // Every record under the words of its prefix, in record order (one buffer, cut
        // per word). Record `i` is compared with the records before it only (at most the
        // last `POSTING_SCAN_CAP` of each list), exactly as if the lists were filled while
        // going through the records in order; so each record's search is independent of
        // the others' and runs on every core.
        let mut list_starts = vec![0u32; ids_len + 1];
        for i in 0..self.len() {
            let set = self.set(i);
            for &w in &set[..prefix_of(set.len())] {
                list_starts[w as usize + 1] += 1;
            }
        }
        for w in 0..ids_len {
            list_starts[w + 1] += list_starts[w];
        }
        let mut filled = list_starts.clone();
        let mut postings = vec![0u32; list_starts[ids_len] as usize];
        for i in 0..self.len() {
            let set = self.set(i);
            for &w in &set[..prefix_of(set.len())] {
                postings[filled[w as usize] as usize] = i as u32;
                filled[w as usize] += 1;
            }
        }
        drop(filled);
        let sets = &self;
        let found: Vec<Option<Duplicate>> = (0..self.len())
            .into_par_iter()
            .map_init(
                || vec![u32::MAX; sets.len()],
                |seen_at, i| {
                    let set = sets.set(i);
                    let n = set.len();
                    let mut best: Option<(usize, f64)> = None;
                    'words: for &w in &set[..prefix_of(n)] {
                        let list = &postings[list_starts[w as usize] as usize
                            ..list_starts[w as usize + 1] as usize];
                        let before = list.partition_point(|&j| (j as usize) < i);
                        for &j in list[..before].iter().rev().take(POSTING_SCAN_CAP) {
                            if seen_at[j as usize] == i as u32 {
                                continue;
                            }
                            seen_at[j as usize] = i as u32;
                            let j = j as usize;
                            let m = (sets.starts[j + 1] - sets.starts[j]) as usize;
                            let (small, large) = (n.min(m) as f64, n.max(m) as f64);
                            if small < t * large {
                                continue;
                            }
                            // The most a pair of these sizes can share is `small / large`;
                            // a pair that cannot beat the best so far is not compared.
                            if let Some((_, b)) = best
                                && small / large <= b
                            {
                                continue;
                            }
                            let other = sets.set(j);
                            let floor = best.map_or(t, |(_, b)| b.max(t));
                            let Some(similarity) = jaccard_reaching(set, other, floor) else {
                                continue;
                            };
                            if similarity >= t && best.is_none_or(|(_, b)| similarity > b) {
                                best = Some((j, similarity));
                                if similarity >= 1.0 {
                                    // Nothing can do better than every word shared.
                                    break 'words;
                                }
                            }
                        }
                    }
                    best.map(|(j, similarity)| Duplicate {
                        earlier: sets.places[j],
                        later: sets.places[i],
                        similarity,
                    })
                },
            )
            .collect();
        found.into_iter().flatten().collect()
    }
}

/// [`jaccard`], or `None` as soon as the words left to compare cannot bring it up to
/// `floor`: the pairs passed over are exactly pairs that would be turned down. The shared
/// count needed is taken a little low, never high, so rounding cannot pass over a pair.
fn jaccard_reaching(a: &[u32], b: &[u32], floor: f64) -> Option<f64> {
    // shared / (|a| + |b| - shared) >= floor  <=>  shared >= floor (|a| + |b|) / (1 + floor)
    // (A cast truncates, which is the floor for the positive values that matter.)
    let needed = (floor * (a.len() + b.len()) as f64 / (1.0 + floor) - 1e-6).max(0.0) as usize;
    let (mut i, mut j, mut shared) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        if shared + (a.len() - i).min(b.len() - j) < needed {
            return None;
        }
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    let union = a.len() + b.len() - shared;
    Some(if union == 0 {
        0.0
    } else {
        shared as f64 / union as f64
    })
}

/// The share of their union that two sorted word sets have in common (the reference
/// [`jaccard_reaching`] is tested against).
#[cfg(test)]
fn jaccard(a: &[u32], b: &[u32]) -> f64 {
    let (mut i, mut j, mut shared) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    let union = a.len() + b.len() - shared;
    if union == 0 {
        0.0
    } else {
        shared as f64 / union as f64
    }
}

/// What a card asks and answers, as normalised content words.
fn card_words(card: &Card) -> Vec<String> {
    key_words(&card_text(card)).collect()
}

/// The parts of a card [`card_words`] takes its words from, space-separated.
fn card_text(card: &Card) -> String {
    let mut text = String::new();
    let mut push = |s: &str| {
        text.push_str(s);
        text.push(' ');
    };
    match &card.body {
        Body::Recall(r) => {
            push(&r.prompt);
            push(&r.answer);
        }
        Body::Mcq(m) => {
            push(&m.prompt);
            if let Some(right) = m.options.get(m.answer) {
                push(right);
            }
        }
        Body::Numeric(n) => {
            push(&n.prompt);
            push(&n.value_text);
            push(&n.unit);
        }
        Body::Statements(s) => {
            push(&s.stem);
            for statement in &s.statements {
                push(&statement.text);
            }
        }
        Body::Pairs(p) => {
            push(&p.stem);
            for pair in &p.pairs {
                push(&pair.left);
                push(&pair.right);
            }
        }
        Body::Rows(r) => {
            push(&r.stem);
            for row in &r.rows {
                for cell in &row.cells {
                    push(cell);
                }
            }
        }
        Body::Assertion(a) => {
            push(&a.statement1);
            push(&a.statement2);
            if let Some(third) = &a.statement3 {
                push(third);
            }
        }
    }
    text
}

/// Lower-case words of a text (letters and digits).
fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

/// Function words and question boilerplate, sorted (looked up by binary search).
const STOP: &[&str] = &[
    "a",
    "about",
    "above",
    "after",
    "also",
    "an",
    "and",
    "are",
    "as",
    "at",
    "be",
    "been",
    "but",
    "by",
    "can",
    "consider",
    "correct",
    "did",
    "do",
    "does",
    "following",
    "for",
    "from",
    "given",
    "had",
    "has",
    "have",
    "how",
    "in",
    "into",
    "is",
    "it",
    "its",
    "many",
    "not",
    "of",
    "on",
    "one",
    "or",
    "reference",
    "s",
    "statement",
    "statements",
    "than",
    "that",
    "the",
    "their",
    "these",
    "this",
    "those",
    "to",
    "was",
    "were",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "whom",
    "whose",
    "why",
    "will",
    "with",
];

fn is_stop_word(word: &str) -> bool {
    STOP.binary_search(&word).is_ok()
}

/// [`key_words`] one raw word at a time (as [`words`] splits them), into a reused buffer:
/// the word as `key_words` gives it, or `None` for a function word.
fn key_word_into<'b>(raw: &str, buffer: &'b mut String) -> Option<&'b str> {
    buffer.clear();
    if raw.is_ascii() {
        buffer.extend(raw.bytes().map(|b| char::from(b.to_ascii_lowercase())));
    } else {
        buffer.push_str(&raw.to_lowercase());
    }
    if is_stop_word(buffer) {
        return None;
    }
    if buffer.len() > 4
        && buffer.ends_with('s')
        && !buffer.ends_with("ss")
        && !buffer.ends_with("us")
    {
        buffer.pop();
    }
    Some(buffer)
}

/// Words that carry meaning: no function words or question boilerplate, plurals folded.
fn key_words(text: &str) -> impl Iterator<Item = String> + '_ {
    words(text).filter_map(|w| {
        if is_stop_word(&w) {
            return None;
        }
        // Fold a plain plural: "summits" and "summit" are one word.
        if w.len() > 4 && w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us") {
            let mut w = w;
            w.pop();
            return Some(w);
        }
        Some(w)
    })
}

/// Byte offsets of lines and cards in a deck file, to point lints at the right place.
struct Locator<'t> {
    text: &'t str,
    /// The one line table ([`crate::deck::diagnostic::LineStarts`]).
    lines: LineStarts,
}

impl<'t> Locator<'t> {
    fn new(text: &'t str) -> Self {
        Locator {
            text,
            lines: LineStarts::new(text),
        }
    }

    /// Byte offset where 1-based `line` starts.
    fn line_start(&self, line: u32) -> usize {
        self.lines.start((line as usize).saturating_sub(1))
    }

    /// 1-based line and column of the first non-blank character on `line`.
    fn line_column(&self, line: u32) -> (u32, usize) {
        let start = self.line_start(line);
        let rest = &self.text[start..];
        let indent = rest.len() - rest.trim_start_matches([' ', '\t']).len();
        (line.max(1), rest[..indent].chars().count() + 1)
    }

    /// The card's header (`[[card]]`), the span for problems with the card as a whole.
    fn card(&self, card: &Card) -> Range<usize> {
        let start = self.line_start(card.line);
        let rest = &self.text[start..];
        let line = rest.split('\n').next().unwrap_or("");
        let trimmed = line.trim_end();
        let indent = trimmed.len() - trimmed.trim_start().len();
        start + indent..start + trimmed.len()
    }

    /// Where `needle` is written inside the card's part of the file (the card's header if
    /// it is written with escapes and cannot be found as is).
    fn text_in_card(&self, card: &Card, needle: &str) -> Range<usize> {
        let header = self.card(card);
        let start = header.start;
        let end = self.text[header.end..]
            .find("[[card]]")
            .map_or(self.text.len(), |i| header.end + i);
        match self.text.get(start..end).and_then(|part| part.find(needle)) {
            Some(i) if !needle.is_empty() => start + i..start + i + needle.len(),
            _ => header,
        }
    }

    /// The `[deck]` header, the span for problems with the deck as a whole.
    fn deck_header(&self) -> Range<usize> {
        match self.text.find("[deck]") {
            Some(i) => i..i + "[deck]".len(),
            None => 0..0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absolutes_are_whole_words() {
        assert_eq!(absolutes("It covers all sectors"), vec!["all"]);
        assert!(absolutes("The allied nations rallied").is_empty());
        assert_eq!(
            absolutes("No investment of any kind was made"),
            vec!["of any kind"]
        );
        assert_eq!(absolutes("It was not discussed at all"), vec!["at all"]);
        assert_eq!(
            absolutes("It is confined to ports and limited to loans"),
            vec!["confined", "limited to"]
        );
        assert_eq!(
            absolutes("India definitively rules out any talks; purely merely"),
            vec!["purely", "merely", "definitively", "rules out"]
        );
        assert_eq!(
            absolutes("There were no significant barriers"),
            vec!["no significant"]
        );
        assert!(absolutes("The unlimited reservoir").is_empty());
    }

    #[test]
    fn acronyms_are_short_capitals() {
        assert!(is_acronym("ISRO"));
        assert!(is_acronym("LUPEX"));
        assert!(!is_acronym("Isro"));
        assert!(!is_acronym("Chandrayaan-5"));
        assert!(!is_acronym("A"));
    }

    #[test]
    fn the_early_exit_never_turns_down_a_pair_reaching_the_floor() {
        // Every pair of small sets over a few words, at floors around the threshold.
        let sets: Vec<Vec<u32>> = (1u32..64)
            .map(|bits| (0..6).filter(|b| bits & (1 << b) != 0).collect())
            .collect();
        for a in &sets {
            for b in &sets {
                let exact = jaccard(a, b);
                for floor in [0.0, 0.2, 0.5, 0.6, 2.0 / 3.0, 0.75, 0.8, 1.0] {
                    match jaccard_reaching(a, b, floor) {
                        Some(found) => assert_eq!(found, exact),
                        None => assert!(exact < floor, "{a:?} {b:?} {floor}: {exact}"),
                    }
                }
            }
        }
    }

    #[test]
    fn jaccard_counts_shared_over_union() {
        assert!((jaccard(&[1, 2, 3], &[2, 3, 4]) - 0.5).abs() < 1e-9);
        assert!((jaccard(&[1], &[1]) - 1.0).abs() < 1e-9);
        assert_eq!(jaccard(&[], &[]), 0.0);
    }

    #[test]
    fn stop_words_are_sorted_for_binary_search() {
        assert!(STOP.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn key_words_one_at_a_time_are_key_words() {
        let text =
            "Which of the following SUMMITS are correct? Ünïcode ΣΊΣΥΦΟΣ bus glass 1990s Mass-es";
        let mut buffer = String::new();
        let one_at_a_time: Vec<String> = text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .filter_map(|raw| key_word_into(raw, &mut buffer).map(str::to_string))
            .collect();
        assert_eq!(one_at_a_time, key_words(text).collect::<Vec<_>>());
    }

    #[test]
    fn plurals_fold_and_boilerplate_goes() {
        let w: Vec<String> = key_words("Which of the following summits are correct?").collect();
        assert_eq!(w, vec!["summit"]);
    }
}
