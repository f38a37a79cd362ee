//! Checking typed answers: recall answers by normalised text, numeric answers as quantities.
//!
//! The recall rule, in full:
//! 0. An answer typed exactly as the card's `answer` or an `accept` alternative, up to
//!    case and spacing, is right (so "A" for "A", or an emoji, is never folded away).
//! 1. Both sides are normalised: accents on Latin letters removed ("Ō" → "o"; marks of
//!    other scripts, such as Devanagari vowel signs, are kept), lower-cased, every run
//!    of punctuation or spacing turned into one space, and a leading "the", "a" or "an"
//!    dropped when words follow it.
//! 2. The typed answer is right if it equals the card's `answer` or one of its `accept`
//!    alternatives, either as normalised or with all spaces removed ("Radha Binod Pal").
//! 3. Otherwise a few typos are forgiven in the letters, never in the digits: none for
//!    answers under 5 letters, one for 5 to 9, two from 10 on (Damerau–Levenshtein
//!    distance, so a swapped pair of letters is one typo). "2006" never passes for "2008".
//! 4. An empty answer means "don't know".

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use crate::deck::{Numeric, Tolerance};
use crate::quantity::{self, Currency};

/// What a typed answer came to.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    Right,
    /// Accepted, but not exactly as written: shows the intended spelling.
    RightWithTypo,
    Wrong,
    /// Nothing typed.
    DontKnow,
    /// A numeric answer that could not be read as one amount; the reason is shown and
    /// the learner may try again.
    Unreadable(String),
    /// Wrong: the amount is right, but counted in another currency than the card's unit
    /// ("68 billion dollars" to a question in yen). No exchange rate is assumed — rates
    /// move, and the question asks for the figure as announced — so this is told apart
    /// from a wrong amount but not accepted.
    WrongCurrency {
        /// The currency the answer gave.
        given: Currency,
        /// The currency the card's unit names.
        asked: Currency,
    },
}

impl Verdict {
    pub fn is_right(&self) -> bool {
        matches!(self, Verdict::Right | Verdict::RightWithTypo)
    }
}

/// The verdict as a short lower-case phrase for the learner, to follow a mark such as ✗:
/// "not quite", or for a currency slip "right amount, but in dollars; the question asks
/// for yen".
impl std::fmt::Display for Verdict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Verdict::Right => f.write_str("right"),
            Verdict::RightWithTypo => f.write_str("right, allowing a typo"),
            Verdict::Wrong => f.write_str("not quite"),
            Verdict::DontKnow => f.write_str("not answered"),
            Verdict::Unreadable(why) => write!(f, "could not read that as an amount: {why}"),
            Verdict::WrongCurrency { given, asked } => write!(
                f,
                "right amount, but in {}; the question asks for {}",
                given.name(),
                asked.name()
            ),
        }
    }
}

/// How sure the learner was of an answer, as they tag it (optional).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub enum Confidence {
    #[serde(rename = "sure")]
    Sure,
    #[serde(rename = "50-50")]
    FiftyFifty,
    #[serde(rename = "guess")]
    Guess,
}

impl Confidence {
    pub const ALL: [Confidence; 3] = [Confidence::Sure, Confidence::FiftyFifty, Confidence::Guess];

    /// The word stored in the review log and shown to the learner.
    pub fn as_str(self) -> &'static str {
        match self {
            Confidence::Sure => "sure",
            Confidence::FiftyFifty => "50-50",
            Confidence::Guess => "guess",
        }
    }

    pub fn from_name(name: &str) -> Option<Confidence> {
        Confidence::ALL.into_iter().find(|c| c.as_str() == name)
    }
}

/// Folds case, Latin accents, punctuation and spacing; drops a leading article.
///
/// Only diacritics on Latin letters are folded ("é" → "e", "ā" → "a"): the combining marks
/// of other scripts are part of their letters (a Devanagari vowel sign makes "भारत" differ
/// from "भरत") and are kept. Text never folds to nothing: a lone article ("A") stays, and
/// text without letters or digits (an emoji, "?") is compared as typed, case and spacing
/// folded.
pub fn normalise(text: &str) -> String {
    let mut latin_base = false;
    let folded: String = text
        .nfd()
        .filter(|&c| {
            if is_combining_mark(c) {
                // A mark on a Latin letter is an accent to fold; on anything else it is
                // part of the letter.
                !latin_base
            } else {
                latin_base = is_latin(c);
                true
            }
        })
        .nfc()
        .flat_map(char::to_lowercase)
        .map(|c| {
            if c.is_alphanumeric() || is_combining_mark(c) {
                c
            } else {
                ' '
            }
        })
        .collect();
    let words: Vec<&str> = folded.split_whitespace().collect();
    match words.as_slice() {
        [] => plain(text),
        [first, rest @ ..] if !rest.is_empty() && matches!(*first, "the" | "a" | "an") => {
            rest.join(" ")
        }
        _ => words.join(" "),
    }
}

/// Lower-cased with runs of spacing made one space: the text as typed, nothing else folded.
fn plain(text: &str) -> String {
    text.split_whitespace()
        .flat_map(str::chars)
        .flat_map(char::to_lowercase)
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether a (decomposed) base character is a Latin letter, whose diacritics are folded.
fn is_latin(c: char) -> bool {
    matches!(c,
        'A'..='Z' | 'a'..='z'
        | '\u{00C0}'..='\u{024F}'   // Latin-1 Supplement letters, Extended-A and -B
        | '\u{1E00}'..='\u{1EFF}'   // Latin Extended Additional
        | '\u{2C60}'..='\u{2C7F}'   // Latin Extended-C
        | '\u{A720}'..='\u{A7FF}'   // Latin Extended-D
        | '\u{AB30}'..='\u{AB6F}'   // Latin Extended-E
        | '\u{FF21}'..='\u{FF3A}' | '\u{FF41}'..='\u{FF5A}') // fullwidth Latin
        && c.is_alphabetic()
}

/// How many typos an answer of this many letters may carry.
fn typo_allowance(letters: usize) -> usize {
    match letters {
        0..=4 => 0,
        5..=9 => 1,
        _ => 2,
    }
}

fn digits(text: &str) -> String {
    text.chars().filter(char::is_ascii_digit).collect()
}

/// Checks a typed recall answer against the answer and its accepted alternatives.
pub fn check_recall(typed: &str, answer: &str, accept: &[String]) -> Verdict {
    if typed.trim().is_empty() {
        return Verdict::DontKnow;
    }
    let expected_all = || std::iter::once(answer).chain(accept.iter().map(String::as_str));
    // Typed exactly (up to case and spacing) is always right, whatever folding does.
    let typed_plain = plain(typed);
    if expected_all().any(|e| plain(e) == typed_plain) {
        return Verdict::Right;
    }
    let typed = normalise(typed);
    let typed_compact = typed.replace(' ', "");
    let mut best = Verdict::Wrong;
    for expected in expected_all() {
        let expected = normalise(expected);
        let expected_compact = expected.replace(' ', "");
        if typed == expected || typed_compact == expected_compact {
            return Verdict::Right;
        }
        if digits(&typed) != digits(&expected) {
            continue;
        }
        let letters = expected_compact.chars().count();
        let distance = strsim::damerau_levenshtein(&typed_compact, &expected_compact);
        if distance <= typo_allowance(letters) {
            best = Verdict::RightWithTypo;
        }
    }
    best
}

/// Checks a typed numeric answer against a `numeric` card.
pub fn check_numeric(typed: &str, card: &Numeric) -> Verdict {
    if typed.trim().is_empty() {
        return Verdict::DontKnow;
    }
    let given = match quantity::parse(typed) {
        Ok(q) => q,
        Err(e) => return Verdict::Unreadable(e.to_string()),
    };
    let margin = match card.tolerance {
        Tolerance::Exact => card.value.abs() * 1e-9,
        Tolerance::Absolute(t) => t,
        Tolerance::Percent(p) => card.value.abs() * p / 100.0,
    };
    let amount_right = (given.value - card.value).abs() <= margin;
    // The card states its currency in `unit` ("yen", "USD", "crore rupees"); an answer
    // without a currency is read in the card's unit.
    match (Currency::from_unit(&card.unit), given.currency) {
        (Some(asked), Some(given)) if asked != given => {
            if amount_right {
                Verdict::WrongCurrency { given, asked }
            } else {
                Verdict::Wrong
            }
        }
        _ if amount_right => Verdict::Right,
        _ => Verdict::Wrong,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn normalisation_folds_case_accents_punctuation_and_articles() {
        assert_eq!(normalise("  Justice  R.B. Pal! "), "justice r b pal");
        assert_eq!(normalise("Tōkyō"), "tokyo");
        assert_eq!(normalise("The Quad"), "quad");
        assert_eq!(normalise("JIMEX-23"), "jimex 23");
        // A lone article is the answer itself, not an article.
        assert_eq!(normalise("an"), "an");
        assert_eq!(normalise("Éléphant à Ōsaka"), "elephant a osaka");
        assert_eq!(normalise("Ḥaḍīth"), "hadith");
    }

    #[test]
    fn devanagari_vowel_signs_are_letters_not_accents() {
        assert_ne!(normalise("भरत"), normalise("भारत"));
        assert_eq!(check_recall("भरत", "भारत", &[]), Verdict::Wrong);
        assert_eq!(check_recall("भारत", "भारत", &[]), Verdict::Right);
        assert_eq!(check_recall(" भारत ", "भारत", &[]), Verdict::Right);
        assert_eq!(check_recall("नीति आयोग", "नीति  आयोग", &[]), Verdict::Right);
        // Latin diacritics are still folded.
        assert_eq!(check_recall("Tokyo", "Tōkyō", &[]), Verdict::Right);
        assert_eq!(check_recall("cafe", "Café", &[]), Verdict::Right);
    }

    #[test]
    fn one_letter_and_emoji_answers_typed_exactly_are_right() {
        assert_eq!(check_recall("A", "A", &[]), Verdict::Right);
        assert_eq!(check_recall("a", "A", &[]), Verdict::Right);
        assert_eq!(check_recall("B", "A", &[]), Verdict::Wrong);
        assert_eq!(check_recall("the", "The", &[]), Verdict::Right);
        assert_eq!(check_recall("🐯", "🐯", &[]), Verdict::Right);
        assert_eq!(check_recall("🦁", "🐯", &[]), Verdict::Wrong);
        assert_eq!(check_recall("x", "🐯", &["x".to_string()]), Verdict::Right);
        assert_eq!(check_recall("?", "🐯", &[]), Verdict::Wrong);
        assert_eq!(check_recall("", "A", &[]), Verdict::DontKnow);
    }

    #[test]
    fn recall_examples_from_the_decks() {
        let accept = strings(&["Justice Radhabinod Pal", "Justice Pal"]);
        let check = |typed| check_recall(typed, "Radhabinod Pal", &accept);
        assert_eq!(check("radhabinod pal"), Verdict::Right);
        assert_eq!(check("Radha Binod Pal"), Verdict::Right);
        assert_eq!(check("justice pal."), Verdict::Right);
        assert_eq!(check("Radhabinod Paul"), Verdict::RightWithTypo);
        assert_eq!(check("Radhakrishnan"), Verdict::Wrong);
        assert_eq!(check("   "), Verdict::DontKnow);

        // Ten letters or more: two typos pass, three do not.
        assert_eq!(
            check_recall("Shinkansan", "Shinkansen", &[]),
            Verdict::RightWithTypo
        );
        assert_eq!(
            check_recall("Shinknasen", "Shinkansen", &[]),
            Verdict::RightWithTypo
        );
        assert_eq!(
            check_recall("Shonkonson", "Shinkansen", &[]),
            Verdict::Wrong
        );
        // Short answers must be exact.
        assert_eq!(check_recall("JAXE", "JAXA", &[]), Verdict::Wrong);
        assert_eq!(check_recall("jaxa", "JAXA", &[]), Verdict::Right);
    }

    #[test]
    fn digits_are_never_forgiven() {
        assert_eq!(
            check_recall(
                "Strategic Partnership 2008",
                "Strategic Partnership 2006",
                &[]
            ),
            Verdict::Wrong
        );
        assert_eq!(check_recall("2008", "2006", &[]), Verdict::Wrong);
        assert_eq!(
            check_recall("Digital Partnership 2.0", "Digital Partnership 2.0", &[]),
            Verdict::Right
        );
    }

    fn numeric(value: f64, unit: &str, tolerance: Tolerance) -> Numeric {
        Numeric {
            prompt: String::new(),
            value_text: value.to_string(),
            value,
            unit: unit.to_string(),
            tolerance,
        }
    }

    #[test]
    fn yen_pledge_accepts_its_spellings_and_rejects_billion() {
        let card = numeric(1e13, "yen", Tolerance::Exact);
        for typed in [
            "10 trillion yen",
            "¥10 trillion",
            "JPY 10,000,000,000,000",
            "10 trillion",
        ] {
            assert_eq!(check_numeric(typed, &card), Verdict::Right, "{typed}");
        }
        assert_eq!(check_numeric("10 billion yen", &card), Verdict::Wrong);
        // Right number, wrong currency: told apart, still wrong.
        let slip = check_numeric("$10 trillion", &card);
        assert_eq!(
            slip,
            Verdict::WrongCurrency {
                given: Currency::Usd,
                asked: Currency::Jpy
            }
        );
        assert!(!slip.is_right());
        // Wrong number and wrong currency: just wrong.
        assert_eq!(check_numeric("$10 billion", &card), Verdict::Wrong);
        assert_eq!(check_numeric("", &card), Verdict::DontKnow);
        assert!(matches!(
            check_numeric("ten", &card),
            Verdict::Unreadable(_)
        ));
    }

    #[test]
    fn dollars_to_a_yen_question_say_the_amount_is_right_but_the_currency_is_not() {
        let card = numeric(68e9, "yen", Tolerance::Percent(5.0));
        let verdict = check_numeric("68 billion dollars", &card);
        assert_eq!(
            verdict.to_string(),
            "right amount, but in dollars; the question asks for yen"
        );
        // Within the card's tolerance counts as the right amount, in any spelling.
        assert_eq!(
            check_numeric("US$ 70 bn", &card).to_string(),
            "right amount, but in dollars; the question asks for yen"
        );
        assert_eq!(check_numeric("¥68 billion", &card), Verdict::Right);
        assert_eq!(check_numeric("68 billion", &card), Verdict::Right);
        // A unit in words with a currency in it ("crore rupees") states the currency too.
        let card = numeric(5.96e12, "crore rupees", Tolerance::Exact);
        assert_eq!(
            check_numeric("5.96 trillion yen", &card).to_string(),
            "right amount, but in yen; the question asks for rupees"
        );
        // A card without a currency takes any: "km/h" says nothing about money.
        let card = numeric(360.0, "km/h", Tolerance::Exact);
        assert_eq!(check_numeric("$360", &card), Verdict::Right);
        assert_eq!(Verdict::Wrong.to_string(), "not quite");
    }

    #[test]
    fn tolerances() {
        let card = numeric(68e9, "USD", Tolerance::Percent(5.0));
        assert_eq!(check_numeric("$70 billion", &card), Verdict::Right);
        assert_eq!(check_numeric("$75 billion", &card), Verdict::Wrong);
        let card = numeric(360.0, "km/h", Tolerance::Absolute(5.0));
        assert_eq!(check_numeric("355", &card), Verdict::Right);
        assert_eq!(check_numeric("350 km/h", &card), Verdict::Wrong);
    }
}
