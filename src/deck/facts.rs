//! What fact a card tests, for the lints that compare facts rather than wording:
//!
//! - `same-fact`: two cards anywhere in the loaded decks mark true (or right) the same
//!   figure, year or named entity in the same role, however each is worded;
//! - `negation-pair`: two items of one pool, one true and one false, that differ only by a
//!   negation, an antonym or a swapped figure, so that one gives the other away.
//!
//! A card's *fact parts* are what it marks true or right: a recall's or numeric card's
//! prompt with its answer, an MCQ's prompt with its right option, each true statement,
//! each correctly matched pair or row, each true statement of an assertion. A part's
//! *marks* are its figures (digits with a following scale word, `68 billion`; ordinals as
//! numbers, `fifth` = `15th` less ten) and its named entities (runs of capitalised words,
//! `Indian Oil`; acronyms, `RSSA`). Two cards test the same fact when one part of each holds
//! the same two marks, at least one of them in the answer where the card has one (the
//! role). Marks held by a large share of the cards (`India`, `Japan` in a deck about the
//! two) say nothing about which fact a card tests and are left out.
//!
//! The search is linear: every card's mark pairs are hashed once into one table, and a
//! card is paired with the earliest card that holds one of its pairs.

use std::collections::HashMap;

use super::{Body, Card};

/// A mark held by more than this share of the compared cards is common, not a fact…
pub const COMMON_SHARE: f64 = 0.05;
/// …unless it is held by this many cards or fewer (small collections).
pub const COMMON_MIN: usize = 5;
/// At most this many marks of one part are paired (the first ones written): a part
/// listing a dozen names is still compared in a bounded time.
const MARKS_PER_PART: usize = 8;

/// Separates a card's parts in its packed marks.
const PART: char = '\n';
/// Separates the marks of a part.
const MARK: char = '\t';
/// Prefixes a mark that is in the answer (the right option, the recall answer).
const ANSWER: char = '*';
/// Prefixes a one-word name capitalised after a break (see [`marks`]); after [`ANSWER`].
const PLACED: char = '^';

/// Words that start a sentence with a capital without naming anything, the question's own
/// labels and imperatives ("Give …", "Name …"), and currency codes; lower-case, sorted.
const NOT_NAMES: &[&str] = &[
    "a",
    "about",
    "after",
    "all",
    "also",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "both",
    "but",
    "by",
    "choose",
    "during",
    "each",
    "either",
    "every",
    "few",
    "for",
    "from",
    "give",
    "given",
    "has",
    "have",
    "he",
    "her",
    "his",
    "how",
    "i",
    "if",
    "ii",
    "iii",
    "in",
    "inr",
    "into",
    "is",
    "it",
    "its",
    "iv",
    "ix",
    "jpy",
    "many",
    "more",
    "most",
    "name",
    "neither",
    "no",
    "none",
    "nor",
    "not",
    "of",
    "on",
    "one",
    "only",
    "or",
    "over",
    "select",
    "she",
    "since",
    "so",
    "some",
    "statement",
    "such",
    "than",
    "that",
    "the",
    "their",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "under",
    "unlike",
    "usd",
    "v",
    "vi",
    "vii",
    "viii",
    "was",
    "we",
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
    "with",
    "x",
    "yes",
];

/// Lower-case words that join the capitalised words of one name.
const CONNECTORS: &[&str] = &["for", "of", "on"];

/// Scale words kept with the figure before them (`68 billion`, `5 lakh`).
const SCALES: &[&str] = &[
    "billion", "crore", "km", "lakh", "million", "mtpa", "per", "percent", "thousand", "trillion",
];

/// Ordinal words, read as the number they stand for.
const ORDINALS: &[(&str, &str)] = &[
    ("first", "1"),
    ("second", "2"),
    ("third", "3"),
    ("fourth", "4"),
    ("fifth", "5"),
    ("sixth", "6"),
    ("seventh", "7"),
    ("eighth", "8"),
    ("ninth", "9"),
    ("tenth", "10"),
    ("eleventh", "11"),
    ("twelfth", "12"),
    ("thirteenth", "13"),
    ("fourteenth", "14"),
    ("fifteenth", "15"),
];

/// One word of a text as the marks see it: the word and whether a break (punctuation other
/// than a space) came before it.
struct Word<'t> {
    text: &'t str,
    after_break: bool,
}

/// The words of `text`: runs of letters and digits (a `.` or `,` between digits stays in
/// the number; an apostrophe's `s` is dropped).
fn split(text: &str) -> Vec<Word<'_>> {
    let bytes: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let mut broke = true;
    while i < bytes.len() {
        let (start, c) = bytes[i];
        if !c.is_alphanumeric() {
            // "Supplies & Services": an ampersand joins a name; so does a hyphen inside a
            // word ("Indo-Pacific", "Self-Defence"), which still splits the words.
            let hyphen = c == '-'
                && i > 0
                && bytes[i - 1].1.is_alphanumeric()
                && bytes.get(i + 1).is_some_and(|(_, n)| n.is_alphanumeric());
            if !c.is_whitespace() && c != '&' && !hyphen {
                broke = true;
            }
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < bytes.len() {
            let ch = bytes[j].1;
            // "7.3", "1,000" and the ranges "2023–24", "2000-2023" are one figure.
            let joins = matches!(ch, '.' | ',' | '–' | '-')
                && bytes[j - 1].1.is_ascii_digit()
                && bytes.get(j + 1).is_some_and(|(_, n)| n.is_ascii_digit());
            if ch.is_alphanumeric() || joins {
                j += 1;
            } else {
                break;
            }
        }
        let end = bytes.get(j).map_or(text.len(), |(e, _)| *e);
        let word = &text[start..end];
        // "Japan's": the "s" after an apostrophe is not a word.
        let possessive =
            word == "s" && i > 0 && matches!(bytes[i - 1].1, '\'' | '’') && out.last().is_some();
        if !possessive {
            out.push(Word {
                text: word,
                after_break: broke,
            });
        }
        broke = false;
        i = j;
    }
    out
}

fn is_not_name(lower: &str) -> bool {
    NOT_NAMES.binary_search(&lower).is_ok()
}

/// The marks of one text, lower-case, in the order written: figures and named entities.
pub fn marks(text: &str) -> Vec<String> {
    let words = split(text);
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let w = words[i].text;
        let lower = w.to_lowercase();
        let first = w.chars().next().unwrap_or(' ');
        if first.is_ascii_digit() {
            let digits: String = w.chars().filter(|c| *c != ',').collect();
            // "15th" and "2nd" are the numbers 15 and 2.
            let number = ["st", "nd", "rd", "th"]
                .iter()
                .find_map(|s| digits.strip_suffix(s))
                .filter(|n| n.chars().all(|c| c.is_ascii_digit()))
                .map_or(digits.clone(), str::to_string);
            let mut mark = number;
            if let Some(next) = words.get(i + 1) {
                let next_lower = next.text.to_lowercase();
                if !next.after_break && SCALES.binary_search(&next_lower.as_str()).is_ok() {
                    mark.push(' ');
                    mark.push_str(&next_lower);
                    i += 1;
                }
            }
            out.push(mark);
            i += 1;
            continue;
        }
        if let Some((_, n)) = ORDINALS.iter().find(|(o, _)| *o == lower) {
            out.push((*n).to_string());
            i += 1;
            continue;
        }
        // "US$68 billion": the currency's "US" names nothing.
        let currency = lower == "us"
            && words
                .get(i + 1)
                .is_some_and(|n| n.text.starts_with(|c: char| c.is_ascii_digit()));
        if first.is_uppercase() && !is_not_name(&lower) && !currency {
            // A run of capitalised words is one name ("Indian Oil", "Joint Crediting
            // Mechanism"); punctuation ends it.
            let mut name = lower;
            let mut j = i + 1;
            while let Some(next) = words.get(j) {
                let capital = |w: &Word| {
                    w.text.chars().next().is_some_and(char::is_uppercase)
                        && !is_not_name(&w.text.to_lowercase())
                };
                if next.after_break {
                    break;
                }
                // "Joint Declaration on Security Cooperation", "Bank of Japan": a
                // lower-case joining word between capitalised words stays in the name.
                let joins = CONNECTORS.contains(&next.text)
                    && words
                        .get(j + 1)
                        .is_some_and(|after| !after.after_break && capital(after));
                if !capital(next) && !joins {
                    break;
                }
                name.push(' ');
                name.push_str(&next.text.to_lowercase());
                j += 1;
            }
            // One capitalised word after a break ("Shared interests…", "— Farmers") may
            // be capitalised only because of where it stands: marked, it counts as a name
            // only where the collection also has it capitalised mid-sentence.
            let placed = j == i + 1
                && words[i].after_break
                && !w.chars().all(|c| c.is_uppercase() || c.is_ascii_digit());
            if placed {
                name.insert(0, PLACED);
            }
            out.push(name);
            i = j;
            continue;
        }
        i += 1;
    }
    out
}

/// The parts of `card` it marks true or right, each as `(text, answer)`: the text the
/// marks come from and, where the card has one, the answer within it whose marks give the
/// role (a part must pair at least one of them).
fn fact_parts(card: &Card) -> Vec<(String, Option<&str>)> {
    let mut parts: Vec<(String, Option<&str>)> = Vec::new();
    match &card.body {
        Body::Recall(r) => parts.push((r.prompt.clone(), Some(r.answer.as_str()))),
        Body::Numeric(n) => parts.push((n.prompt.clone(), Some(n.value_text.as_str()))),
        Body::Mcq(m) => {
            if let Some(right) = m.options.get(m.answer) {
                parts.push((m.prompt.clone(), Some(right.as_str())));
            }
        }
        Body::Statements(s) => {
            for statement in &s.statements {
                // A true statement is a fact whichever way the card asks.
                if statement.correct {
                    parts.push((statement.text.clone(), None));
                }
            }
        }
        Body::Pairs(p) => {
            for pair in p.pairs.iter().filter(|pair| pair.correct) {
                parts.push((format!("{} — {}", pair.left, pair.right), None));
            }
        }
        Body::Rows(r) => {
            for row in r.rows.iter().filter(|row| row.correct) {
                parts.push((row.cells.join(" — "), None));
            }
        }
        Body::Assertion(a) => {
            if a.statement1_correct {
                parts.push((a.statement1.clone(), None));
            }
            if a.statement2_correct {
                parts.push((a.statement2.clone(), None));
            }
            if let Some(third) = &a.statement3
                && a.statement3_correct
            {
                parts.push((third.clone(), None));
            }
        }
    }
    parts
}

/// A card's fact parts packed into one string: parts split by a line break, marks by a
/// tab, a mark of the answer starting with `*`. Empty when the card has no marks.
pub fn packed_marks(card: &Card) -> String {
    let mut out = String::new();
    for (text, answer) in fact_parts(card) {
        let mut part: Vec<String> = Vec::new();
        for mark in marks(&text) {
            if !part.contains(&mark) {
                part.push(mark);
            }
        }
        if let Some(answer) = answer {
            let answer_marks = marks(answer);
            // The answer is what such a card tests: with no mark in it, the part tests no
            // figure or name, whatever its prompt mentions.
            if answer_marks.is_empty() {
                continue;
            }
            for mark in answer_marks {
                let starred = format!("{ANSWER}{mark}");
                part.retain(|m| *m != mark);
                if !part.contains(&starred) {
                    part.push(starred);
                }
            }
        }
        if part.len() < 2 {
            continue;
        }
        if !out.is_empty() {
            out.push(PART);
        }
        out.push_str(&part.join(&MARK.to_string()));
    }
    out
}

/// Two cards found to test the same fact: (deck, card) each, the earlier first, and the
/// two marks they share.
pub struct SameFact {
    pub earlier: (usize, usize),
    pub later: (usize, usize),
    pub marks: (String, String),
}

/// The `same-fact` search over cards given as `(place, packed marks)` in the order loaded
/// ([`packed_marks`]; a card that silences the lint is not given): each card that tests a
/// fact an earlier card tests is reported once, with the earliest such card.
pub fn same_facts<'a>(cards: &[((usize, usize), &'a str)]) -> Vec<SameFact> {
    let parts_of = |packed: &'a str| {
        packed
            .split(PART)
            .filter(|p| !p.is_empty())
            .map(|p| p.split(MARK).collect::<Vec<&'a str>>())
    };
    // How many cards hold each mark, and which one-word names are written capitalised
    // mid-sentence somewhere (so that a capital after a break is a name there too).
    let mut held: HashMap<&str, usize> = HashMap::new();
    let mut named: std::collections::HashSet<&str> = std::collections::HashSet::new();
    let mut seen: Vec<&str> = Vec::new();
    for (_, packed) in cards {
        seen.clear();
        for part in parts_of(packed) {
            for mark in part {
                let bare = mark.trim_start_matches(ANSWER);
                if !bare.starts_with(PLACED) {
                    named.insert(bare);
                }
                let bare = bare.trim_start_matches(PLACED);
                if !seen.contains(&bare) {
                    seen.push(bare);
                }
            }
        }
        for mark in &seen {
            *held.entry(mark).or_insert(0) += 1;
        }
    }
    let common = COMMON_MIN.max((COMMON_SHARE * cards.len() as f64) as usize);
    let is_common = |mark: &str| held.get(mark).is_some_and(|&n| n > common);

    let mut owner: HashMap<(&str, &str), usize> = HashMap::new();
    let mut found = Vec::new();
    let mut keys: Vec<(&str, &str)> = Vec::new();
    for (index, (place, packed)) in cards.iter().enumerate() {
        keys.clear();
        for part in parts_of(packed) {
            let kept: Vec<(&str, bool)> = part
                .iter()
                .map(|m| (m.trim_start_matches(ANSWER), m.starts_with(ANSWER)))
                .filter(|(m, _)| !m.starts_with(PLACED) || named.contains(&m[PLACED.len_utf8()..]))
                .map(|(m, answer)| (m.trim_start_matches(PLACED), answer))
                .filter(|(m, _)| !is_common(m))
                .take(MARKS_PER_PART)
                .collect();
            let has_answer = kept.iter().any(|(_, a)| *a);
            // A part with an answer whose marks were all left out (common, or capitalised
            // only by position) pairs nothing: its prompt alone is not what it tests.
            if !has_answer && part.iter().any(|m| m.starts_with(ANSWER)) {
                continue;
            }
            for (x, &(a, a_answer)) in kept.iter().enumerate() {
                for &(b, b_answer) in &kept[x + 1..] {
                    if has_answer && !a_answer && !b_answer {
                        continue;
                    }
                    let key = if a <= b { (a, b) } else { (b, a) };
                    if !keys.contains(&key) {
                        keys.push(key);
                    }
                }
            }
        }
        let mut earliest: Option<(usize, (&str, &str))> = None;
        for key in &keys {
            match owner.get(key) {
                Some(&other) if other != index => {
                    if earliest.is_none_or(|(e, _)| other < e) {
                        earliest = Some((other, *key));
                    }
                }
                Some(_) => {}
                None => {
                    owner.insert(*key, index);
                }
            }
        }
        if let Some((other, (a, b))) = earliest {
            found.push(SameFact {
                earlier: cards[other].0,
                later: *place,
                marks: (a.to_string(), b.to_string()),
            });
        }
    }
    found
}

/// Negations: a word that turns a statement into its opposite.
const NEGATIONS: &[&str] = &["never", "no", "none", "not", "nothing", "without"];

/// Words that, swapped for one another, turn a statement into its opposite; each pair
/// once. Any figure (a year, an amount) swapped for another counts the same way.
const ANTONYMS: &[(&str, &str)] = &[
    ("after", "before"),
    ("earlier", "later"),
    ("exports", "imports"),
    ("export", "import"),
    ("first", "last"),
    ("deficit", "surplus"),
    ("decrease", "increase"),
    ("fall", "rise"),
    ("higher", "lower"),
    ("largest", "smallest"),
    ("less", "more"),
    ("loss", "gain"),
    ("new", "existing"),
    ("buyer", "seller"),
    ("lander", "rover"),
    ("maximum", "minimum"),
    ("same", "different"),
    ("weaker", "stronger"),
    ("above", "below"),
];

/// The words of `text` as the negation check compares them: lower-case, ordinals as
/// numbers, numbers without separators.
fn plain_words(text: &str) -> Vec<String> {
    split(text)
        .into_iter()
        .map(|w| {
            let lower: String = w
                .text
                .to_lowercase()
                .chars()
                .filter(|c| *c != ',')
                .collect();
            ORDINALS
                .iter()
                .find(|(o, _)| *o == lower)
                .map_or(lower, |(_, n)| (*n).to_string())
        })
        .collect()
}

fn is_figure(word: &str) -> bool {
    word.chars().next().is_some_and(|c| c.is_ascii_digit())
}

/// Why two items of one pool give each other away, or `None`: `a` and `b` differ only by
/// a negation (one is the other with "not", "no", "never", … added), or word for word only
/// by antonyms or figures (a year, an amount) swapped in the same places.
pub fn negation_between(a: &str, b: &str) -> Option<&'static str> {
    let (a, b) = (plain_words(a), plain_words(b));
    if a == b {
        return None;
    }
    let is_negation = |w: &&String| NEGATIONS.contains(&w.as_str());
    let bare = |words: &[String]| -> Vec<String> {
        words.iter().filter(|w| !is_negation(w)).cloned().collect()
    };
    let (bare_a, bare_b) = (bare(&a), bare(&b));
    // Too little in common to be one statement and its opposite.
    if bare_a.len().min(bare_b.len()) < 3 {
        return None;
    }
    if bare_a == bare_b {
        return Some("a negation");
    }
    if a.len() != b.len() {
        return None;
    }
    let differing: Vec<(&str, &str)> = a
        .iter()
        .zip(&b)
        .filter(|(x, y)| x != y)
        .map(|(x, y)| (x.as_str(), y.as_str()))
        .collect();
    if a.len() - differing.len() < 3 {
        return None;
    }
    if differing.iter().all(|&(x, y)| is_figure(x) && is_figure(y)) {
        return Some("a swapped figure");
    }
    let antonym = |x: &str, y: &str| {
        ANTONYMS
            .iter()
            .any(|&(p, q)| (p == x && q == y) || (p == y && q == x))
    };
    if differing
        .iter()
        .all(|&(x, y)| antonym(x, y) || (is_figure(x) && is_figure(y)))
    {
        return Some("an antonym");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_sorted_for_binary_search() {
        assert!(NOT_NAMES.windows(2).all(|w| w[0] < w[1]));
        assert!(SCALES.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn marks_are_figures_and_names() {
        assert_eq!(
            marks("Japan pledged ¥10 trillion (US$68 billion) over a decade, from 2025."),
            ["^japan", "10 trillion", "68 billion", "2025"]
        );
        assert_eq!(
            marks("Sojitz has partnered Indian Oil on biogas plants."),
            ["^sojitz", "indian oil"]
        );
        assert_eq!(
            marks("It is the fifth-largest investor; the 15th summit."),
            ["5", "15"]
        );
        assert_eq!(
            marks("The Indo-Pacific and the Japan Ground Self-Defence Force."),
            ["indo pacific", "japan ground self defence force"]
        );
        assert_eq!(
            marks("The RSSA of 2020 is Japan's."),
            ["rssa", "2020", "japan"]
        );
        assert_eq!(marks("It was 1,234.5 crore."), ["1234.5 crore"]);
        assert_eq!(marks("In 2023–24 and 2000-2023."), ["2023–24", "2000-2023"]);
        assert_eq!(
            marks(
                "The Joint Declaration on Security Cooperation of 2008; Supplies & Services Agreement"
            ),
            [
                "joint declaration on security cooperation",
                "2008",
                "supplies services agreement"
            ]
        );
    }

    #[test]
    fn same_facts_pair_each_later_card_with_the_earliest_and_skip_common_marks() {
        // Three cards share "rssa" with "2020"; a fourth only shares marks held by most cards.
        let mut packed: Vec<String> = vec![
            "rssa\t2020\tjapan".into(),
            "*2020\trssa".into(),
            "japan\trssa\t2020\tdefence".into(),
            "japan\tindia\tsummit".into(),
        ];
        // Filler cards make "japan" and "india" common (held by more than 5% and 5 cards).
        for i in 0..40 {
            packed.push(format!("japan\tindia\tfiller {i}"));
        }
        let cards: Vec<((usize, usize), &str)> = packed
            .iter()
            .enumerate()
            .map(|(c, p)| ((0, c), p.as_str()))
            .collect();
        let found = same_facts(&cards);
        let pairs: Vec<((usize, usize), (usize, usize))> =
            found.iter().map(|f| (f.earlier, f.later)).collect();
        assert_eq!(pairs, [((0, 0), (0, 1)), ((0, 0), (0, 2))]);
        assert_eq!(found[0].marks, ("2020".to_string(), "rssa".to_string()));
    }

    #[test]
    fn an_answer_without_marks_pairs_nothing() {
        let card = |prompt: &str, answer: &str| {
            packed_marks(&Card {
                id: "c".into(),
                tags: Vec::new(),
                source: Vec::new(),
                explanation: None,
                body: Body::Recall(super::super::Recall {
                    prompt: prompt.into(),
                    answer: answer.into(),
                    accept: Vec::new(),
                    self_grade: false,
                }),
                lint: Vec::new(),
                style: Default::default(),
                line: 1,
                draft: false,
            })
        };
        assert_eq!(
            card("What does the Assam–ASEAN Holdings MoU fund?", "logistics"),
            ""
        );
        assert_eq!(
            card("Which company is Sojitz's partner in biogas?", "Indian Oil"),
            "sojitz\t*indian oil"
        );
    }

    #[test]
    fn negations_antonyms_and_swapped_figures_are_found() {
        assert_eq!(
            negation_between(
                "India runs a trade deficit with Japan.",
                "India runs a trade surplus with Japan."
            ),
            Some("an antonym")
        );
        assert_eq!(
            negation_between(
                "The summit was held in Tokyo.",
                "The summit was not held in Tokyo."
            ),
            Some("a negation")
        );
        assert_eq!(
            negation_between(
                "It was the 15th annual summit.",
                "It was the 14th annual summit."
            ),
            Some("a swapped figure")
        );
        assert_eq!(
            negation_between(
                "It was the 15th annual summit.",
                "The pledge covers semiconductors and clean energy."
            ),
            None
        );
        assert_eq!(
            negation_between(
                "Japan's exports to India were about US$17.7 billion.",
                "India's exports to Japan were about US$12.5 billion."
            ),
            None
        );
        assert_eq!(
            negation_between(
                "ISRO builds the lander.",
                "JAXA provides the launch rocket."
            ),
            None
        );
    }
}
