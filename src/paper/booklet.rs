//! What a paper prints about itself, as the Commission's test booklet does: the paper's
//! id (typed back with the answers marked on its sheet, `upsc test --paper`), the time
//! allowed, the maximum marks, the instructions with the penalty for wrong answers, and
//! the one colon style of the whole paper.
//!
//! The formulaic lines are the Commission's ("Test Booklet Series", "GENERAL STUDIES
//! Paper I", "Time Allowed : Two Hours", "Maximum Marks : 200"); the instructions are
//! our own words for the same rules.

use std::fmt;
use std::str::FromStr;

use crate::marking::Marking;
use crate::text::Count;

use super::{OPTION_LETTERS, Order, Paper};

/// The booklet's title, as on the Commission's cover.
pub const TITLE: &str = "GENERAL STUDIES Paper I";

/// The series printed in the box on the cover. A paper has one order of questions, so
/// one series.
pub const SERIES: &str = "A";

/// How a paper is marked: as GS Paper I (+2 a right answer, a third of that off a wrong
/// one).
pub const MARKING: Marking = Marking::Gs1;

/// A paper's id, printed on its cover and answer sheet: how it was chosen (its seed, or
/// `in-order`) and a check of four characters over its questions and key, so that a
/// sheet is never scored against a different paper (other decks, other filters).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaperId {
    pub order: Order,
    /// The check as typed (upper case), when it was.
    pub check: Option<String>,
}

/// The check's alphabet: Crockford's base 32 (no I, L, O or U to misread).
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// The word of a paper in the order written, in place of a seed.
const IN_ORDER: &str = "in-order";

impl Paper {
    /// The check over the paper's questions: which card each is and what its key is (not
    /// its wording, so a corrected typo in a deck keeps the sheet scorable).
    pub fn check(&self) -> String {
        let mut bytes = Vec::new();
        for q in &self.questions {
            for part in [q.deck.as_str(), q.card.as_str()] {
                bytes.extend_from_slice(part.as_bytes());
                bytes.push(0);
            }
            bytes.extend_from_slice(&(q.correct as u64).to_le_bytes());
            bytes.extend_from_slice(&(q.options.len() as u64).to_le_bytes());
        }
        let hash = xxhash_rust::xxh3::xxh3_64(&bytes);
        (0..4)
            .map(|i| ALPHABET[((hash >> (5 * i)) & 31) as usize] as char)
            .collect()
    }

    /// The paper with its questions and options in the one colon style ([`colons`]).
    pub fn in_one_colon_style(&self) -> Paper {
        let mut paper = self.clone();
        for q in &mut paper.questions {
            q.text = colons(&q.text);
            for option in &mut q.options {
                *option = colons(option);
            }
        }
        paper
    }

    /// The id printed on the paper: `923781-K7QM`, or `in-order-K7QM`.
    pub fn id(&self) -> PaperId {
        PaperId {
            order: self.order,
            check: Some(self.check()),
        }
    }

    /// The time allowed, in minutes: as GS Paper I allows (120 for 100 questions).
    pub fn minutes(&self) -> u32 {
        crate::mock::default_minutes(MARKING, self.questions.len()) as u32
    }

    /// "Time Allowed : Two Hours".
    pub fn time_allowed(&self) -> String {
        format!("Time Allowed : {}", duration(self.minutes()))
    }

    /// "Maximum Marks : 200".
    pub fn maximum_marks(&self) -> String {
        format!("Maximum Marks : {}", MARKING.maximum(self.questions.len()))
    }

    /// The instructions on the cover, one a paragraph, in our own words.
    pub fn instructions(&self) -> Vec<String> {
        let n = self.questions.len();
        let most = self
            .questions
            .iter()
            .map(|q| q.options.len())
            .max()
            .unwrap_or(4);
        let fewest = self
            .questions
            .iter()
            .map(|q| q.options.len())
            .min()
            .unwrap_or(4);
        let last = OPTION_LETTERS
            .get(most.saturating_sub(1))
            .copied()
            .unwrap_or("(d)");
        let answers = if most == fewest {
            format!("{} answers, (a) to {last}", number_word(most))
        } else {
            format!("answers (a) to {last}")
        };
        let (right, wrong) = (MARKING.right(), MARKING.wrong());
        let wrong = wrong.to_string();
        vec![
            format!(
                "This booklet holds {}. Before you begin, check that no page is missing or misprinted and that the questions run from 1 to {n}.",
                Count::new(n, "question", "questions")
            ),
            format!(
                "Each question has {answers}. Choose the one answer you judge best, even where more than one seems right, and mark it on the answer sheet by filling its bubble; a mark in the booklet is not scored."
            ),
            format!("Every question carries the same marks : {right}."),
            format!(
                "Penalty for wrong answers : for each question answered wrongly, one-third of its marks ({}) is taken off the total. Filling more than one bubble for a question counts as a wrong answer, even if one of them is right. A question left blank neither gains nor loses marks.",
                wrong.trim_start_matches(['-', '−'])
            ),
            "Do your rough work in the margins of this booklet, never on the answer sheet."
                .to_string(),
            format!(
                "To score the sheet, type its answers back with the paper id {} : a letter for each question, and - for a question left blank.",
                self.id()
            ),
        ]
    }
}

impl fmt::Display for PaperId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.order {
            Order::Written => f.write_str(IN_ORDER)?,
            Order::Drawn { seed } => write!(f, "{seed}")?,
        }
        if let Some(check) = &self.check {
            write!(f, "-{check}")?;
        }
        Ok(())
    }
}

/// Text that is not a paper's id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotAnId(pub String);

impl fmt::Display for NotAnId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` is not a paper's id; give the id printed on the paper, such as `923781-K7QM`, its seed `923781`, or `in-order`",
            self.0
        )
    }
}

impl std::error::Error for NotAnId {}

impl FromStr for PaperId {
    type Err = NotAnId;

    /// `923781`, `923781-K7QM`, `in-order`, `in-order-K7QM`; the check in either case,
    /// with `O` read as `0` and `I` or `L` as `1`.
    fn from_str(text: &str) -> Result<PaperId, NotAnId> {
        let wrong = || NotAnId(text.to_string());
        let trimmed = text.trim();
        let (order, check) = match trimmed.strip_prefix(IN_ORDER) {
            Some(rest) => (
                Order::Written,
                rest.strip_prefix('-')
                    .or_else(|| rest.is_empty().then_some("")),
            ),
            None => {
                let (seed, check) = trimmed.split_once('-').unwrap_or((trimmed, ""));
                let seed = seed.parse::<u64>().map_err(|_| wrong())?;
                let check = (!trimmed.ends_with('-')).then_some(check);
                (Order::Drawn { seed }, check)
            }
        };
        let check = match check.ok_or_else(wrong)? {
            "" => None,
            check => {
                let read: Option<String> = check
                    .chars()
                    .map(|c| match c.to_ascii_uppercase() {
                        'O' => Some('0'),
                        'I' | 'L' => Some('1'),
                        c if c.is_ascii() && ALPHABET.contains(&(c as u8)) => Some(c),
                        _ => None,
                    })
                    .collect();
                match read {
                    Some(read) if read.len() == 4 => Some(read),
                    _ => return Err(wrong()),
                }
            }
        };
        Ok(PaperId { order, check })
    }
}

/// "Two Hours", "One Hour", "36 Minutes", "2 Hours 30 Minutes".
fn duration(minutes: u32) -> String {
    let (hours, rest) = (minutes / 60, minutes % 60);
    let hours_of = |h: u32| Count::new(h as usize, "Hour", "Hours");
    let minutes_of = |m: u32| Count::new(m as usize, "Minute", "Minutes");
    match (hours, rest) {
        (0, m) => minutes_of(m).to_string(),
        (h, 0) if h <= 10 => format!(
            "{} {}",
            capitalised(number_word(h as usize)),
            hours_of(h).noun()
        ),
        (h, m) => format!("{} {}", hours_of(h), minutes_of(m)),
    }
}

fn number_word(n: usize) -> String {
    const WORDS: [&str; 11] = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    ];
    WORDS
        .get(n)
        .map_or_else(|| n.to_string(), |w| (*w).to_string())
}

fn capitalised(word: String) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => word,
    }
}

/// Text in the paper's one colon style, the Commission's: a space before a colon that
/// ends a clause (`is called:` becomes `is called :`). A colon inside a word or number
/// (`10:30`, `https://`) is left alone.
pub fn colons(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut chars = text.chars().peekable();
    let mut before: Option<char> = None;
    while let Some(c) = chars.next() {
        if c == ':' {
            let ends_clause = chars.peek().is_none_or(|next| next.is_whitespace());
            if ends_clause && before.is_some_and(|b| !b.is_whitespace()) {
                out.push(' ');
            }
        }
        out.push(c);
        before = Some(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::tests::sample;
    use super::*;

    #[test]
    fn the_id_reads_back_as_printed() {
        let mut paper = sample();
        paper.order = Order::Drawn { seed: 923781 };
        let id = paper.id();
        let printed = id.to_string();
        assert!(
            printed.starts_with("923781-") && printed.len() == 11,
            "{printed}"
        );
        assert_eq!(printed.parse::<PaperId>(), Ok(id.clone()));
        assert_eq!(
            printed.to_lowercase().parse::<PaperId>(),
            Ok(id),
            "in lower case"
        );
        assert_eq!(
            "923781".parse::<PaperId>(),
            Ok(PaperId {
                order: Order::Drawn { seed: 923781 },
                check: None
            })
        );
        paper.order = Order::Written;
        let written = paper.id().to_string();
        assert!(written.starts_with("in-order-"), "{written}");
        assert_eq!(written.parse::<PaperId>(), Ok(paper.id()));
        assert_eq!(
            "in-order".parse::<PaperId>().map(|id| id.order),
            Ok(Order::Written)
        );
        assert_eq!("O1L0".len(), 4);
        assert_eq!(
            "5-o1l0".parse::<PaperId>().map(|id| id.check),
            Ok(Some("0110".to_string()))
        );
        for wrong in [
            "",
            "seed",
            "5-",
            "5-ABC",
            "5-ABCDE",
            "5-AB!D",
            "in-orderX",
            "-5",
            "5--ABCD",
        ] {
            assert!(wrong.parse::<PaperId>().is_err(), "{wrong:?}");
        }
    }

    #[test]
    fn the_check_follows_the_key_not_the_wording() {
        let paper = sample();
        let mut reworded = sample();
        reworded.questions[0].text.push_str(" (reworded)");
        assert_eq!(paper.check(), reworded.check());
        let mut rekeyed = sample();
        rekeyed.questions[0].correct = 2;
        assert_ne!(paper.check(), rekeyed.check());
        let mut other = sample();
        other.questions[1].card = "other".into();
        assert_ne!(paper.check(), other.check());
    }

    #[test]
    fn time_and_marks_follow_the_number_of_questions() {
        let mut paper = sample();
        assert_eq!(paper.time_allowed(), "Time Allowed : 3 Minutes");
        assert_eq!(paper.maximum_marks(), "Maximum Marks : 4");
        let one = paper.questions[0].clone();
        paper.questions = vec![one; 100];
        assert_eq!(paper.time_allowed(), "Time Allowed : Two Hours");
        assert_eq!(paper.maximum_marks(), "Maximum Marks : 200");
        assert_eq!(duration(60), "One Hour");
        assert_eq!(duration(150), "2 Hours 30 Minutes");
        assert_eq!(duration(1), "1 Minute");
        let instructions = paper.instructions().join("\n");
        assert!(instructions.contains("This booklet holds 100 questions."));
        assert!(instructions.contains("four answers, (a) to (d)"));
        assert!(instructions.contains("same marks : 2."));
        assert!(
            instructions.contains("one-third of its marks (0.67)"),
            "{instructions}"
        );
    }

    #[test]
    fn one_colon_style() {
        assert_eq!(colons("is called:"), "is called :");
        assert_eq!(colons("below :"), "below :");
        assert_eq!(colons("Statement-I: x"), "Statement-I : x");
        assert_eq!(colons("at 10:30 see https://x"), "at 10:30 see https://x");
        assert_eq!(colons(":"), ":");
        assert_eq!(colons("a:\nb"), "a :\nb");
    }
}
