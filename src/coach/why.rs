//! Why an answer went wrong, for the mistake book (`upsc mistakes --by why`): from the
//! confidence the learner declared before the verdict, and the one mistake that can be
//! read off the question itself — a "not correct" question answered as if it asked for
//! the correct statements.

use serde::Serialize;

use crate::paper::layout;
use crate::question::wording::{self, Ask, Written};

/// The reason a wrong answer is given. Stored (a learner's correction) and printed in
/// JSON as `overconfidence`, `elimination-error`, `knowledge-gap`, `misread`, `unclassed`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Why {
    /// Sure, and wrong.
    Overconfidence,
    /// 50-50, and wrong: the last two options were told apart the wrong way.
    EliminationError,
    /// A guess (or "I don't know"), and wrong: the fact was not known.
    KnowledgeGap,
    /// A "not correct" question answered with exactly the answer to "correct".
    Misread,
    /// No confidence was declared before the verdict, and nothing else tells.
    Unclassed,
}

impl Why {
    pub const ALL: [Why; 5] = [
        Why::Overconfidence,
        Why::EliminationError,
        Why::KnowledgeGap,
        Why::Misread,
        Why::Unclassed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Why::Overconfidence => "overconfidence",
            Why::EliminationError => "elimination-error",
            Why::KnowledgeGap => "knowledge-gap",
            Why::Misread => "misread",
            Why::Unclassed => "unclassed",
        }
    }

    pub fn from_name(name: &str) -> Option<Why> {
        Why::ALL.into_iter().find(|w| w.as_str() == name)
    }

    /// A heading for the mistake book.
    pub fn title(self) -> &'static str {
        match self {
            Why::Overconfidence => "Overconfidence (sure, and wrong)",
            Why::EliminationError => "Elimination errors (50-50, and wrong)",
            Why::KnowledgeGap => "Knowledge gaps (a guess or \"don't know\", and wrong)",
            Why::Misread => "Misreads (a \"not correct\" question answered for \"correct\")",
            Why::Unclassed => "Not classed (no confidence given before the verdict)",
        }
    }

    /// The key that gives this class when correcting one (`o`, `e`, `k`, `m`, `u`).
    pub fn key(self) -> char {
        match self {
            Why::Overconfidence => 'o',
            Why::EliminationError => 'e',
            Why::KnowledgeGap => 'k',
            Why::Misread => 'm',
            Why::Unclassed => 'u',
        }
    }

    pub fn from_key(key: char) -> Option<Why> {
        Why::ALL
            .into_iter()
            .find(|w| w.key() == key.to_ascii_lowercase())
    }
}

/// The question as it was shown, with the option the learner chose.
#[derive(Debug, Clone, PartialEq)]
pub struct Shown<'a> {
    pub question: &'a str,
    pub options: &'a [String],
    pub correct: usize,
    pub chosen: usize,
}

/// What the session logs as the answer given when `?` is pressed on a pick-one question.
pub const DONT_KNOW: &str = "I don't know";

/// Classes a wrong answer: a misread when the question shows it, else by the confidence
/// declared before the verdict (`sure`, `50-50`, `guess`: a mock test's tag, or a quiz's
/// 1, 2, 3); a "don't know" (`given` empty, or [`DONT_KNOW`]) is a knowledge gap.
pub fn classify(confidence: Option<&str>, given: &str, shown: Option<&Shown>) -> Why {
    if shown.is_some_and(misread) {
        return Why::Misread;
    }
    match confidence {
        Some("sure") => Why::Overconfidence,
        Some("50-50") => Why::EliminationError,
        Some("guess") => Why::KnowledgeGap,
        // "I don't know": typed as `?` (logged empty), or the key on a pick-one question.
        _ if given.trim().is_empty() || given.trim() == DONT_KNOW => Why::KnowledgeGap,
        _ => Why::Unclassed,
    }
}

/// Whether a wrong answer to a "not correct" statements (or pairs) question is exactly the
/// right answer to the same question asking for the correct ones: the statements the
/// chosen code names are the others of those shown, or the count it gives is the others'
/// count.
pub fn misread(shown: &Shown) -> bool {
    if shown.chosen == shown.correct {
        return false;
    }
    let closing = shown.question.trim_end();
    let asks_not_correct = [
        wording::which_statements(Ask::NotCorrect),
        wording::how_many_statements(Ask::NotCorrect),
        wording::which_pairs(Ask::NotCorrect),
        wording::how_many_pairs(Ask::NotCorrect),
    ]
    .iter()
    .any(|line| closing.ends_with(line));
    if !asks_not_correct {
        return false;
    }
    // The items shown: numbered lines, or the rows of a table (pairs under headings).
    let statements = layout::blocks(shown.question)
        .iter()
        .map(|block| match block {
            layout::Block::Items(items) => items.len(),
            layout::Block::Table { rows, .. } => rows.len(),
            layout::Block::Lines(_) => 0,
        })
        .sum::<usize>();
    let read = |i: usize| {
        shown
            .options
            .get(i)
            .and_then(|o| wording::read_option(o).ok())
    };
    match (read(shown.correct), read(shown.chosen)) {
        (Some(Written::Items { items: right, .. }), Some(Written::Items { items: given, .. })) => {
            let others: Vec<usize> = (0..statements).filter(|i| !right.contains(i)).collect();
            given == others
        }
        (Some(Written::Count { count: right, .. }), Some(Written::Count { count: given, .. })) => {
            right <= statements && given == statements - right
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn question(items: &[&str], closing: &str) -> String {
        let mut text = "Consider the following statements :\n".to_string();
        for (i, item) in items.iter().enumerate() {
            text.push_str(&format!("  {}. {item}\n", i + 1));
        }
        text.push('\n');
        text.push_str(closing);
        text
    }

    fn options(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_not_correct_question_answered_for_correct_is_a_misread() {
        // Statement 2 alone is not correct: the right answer "2 only"; "1 and 3 only" is
        // the answer to "which are correct".
        let text = question(&["A", "B", "C"], wording::which_statements(Ask::NotCorrect));
        let opts = options(&["2 only", "1 and 3 only", "1 only", "1, 2 and 3"]);
        let shown = |chosen| Shown {
            question: &text,
            options: &opts,
            correct: 0,
            chosen,
        };
        assert!(misread(&shown(1)));
        assert!(!misread(&shown(2)), "another wrong answer is not a misread");
        assert!(!misread(&shown(0)), "the right answer is not a mistake");
        assert_eq!(classify(Some("sure"), "(b)", Some(&shown(1))), Why::Misread);
        assert_eq!(
            classify(Some("sure"), "(c)", Some(&shown(2))),
            Why::Overconfidence
        );
    }

    #[test]
    fn a_how_many_question_misread_gives_the_others_count() {
        // Four statements, one not correct: "Only one"; the misread answer "Only three".
        let text = question(
            &["A", "B", "C", "D"],
            wording::how_many_statements(Ask::NotCorrect),
        );
        let opts = options(&["Only one", "Only two", "Only three", "All four"]);
        let shown = |chosen| Shown {
            question: &text,
            options: &opts,
            correct: 0,
            chosen,
        };
        assert!(misread(&shown(2)));
        assert!(!misread(&shown(1)));
    }

    #[test]
    fn a_pairs_question_not_correctly_matched_is_misread_too() {
        // Under headings with a separator, the pairs are a table; pair 2 alone is not
        // correctly matched.
        let table = crate::question::table::Table::with_separator(
            &["Site".to_string(), "Known for".to_string()],
            (1..=3)
                .map(|n| (format!("{n}."), vec![format!("L{n}"), format!("R{n}")]))
                .collect(),
            Some(":"),
        );
        let text = format!(
            "Consider the following pairs :\n\n{}\n\n{}",
            table.to_text(),
            wording::which_pairs(Ask::NotCorrect)
        );
        let opts = options(&["2 only", "1 and 3 only", "1 only", "1, 2 and 3"]);
        let shown = |chosen| Shown {
            question: &text,
            options: &opts,
            correct: 0,
            chosen,
        };
        assert!(misread(&shown(1)));
        assert!(!misread(&shown(2)));
    }

    #[test]
    fn a_question_asking_for_the_correct_ones_is_never_a_misread() {
        let text = question(&["A", "B", "C"], wording::which_statements(Ask::Correct));
        let opts = options(&["2 only", "1 and 3 only", "1 only", "1, 2 and 3"]);
        let shown = Shown {
            question: &text,
            options: &opts,
            correct: 0,
            chosen: 1,
        };
        assert!(!misread(&shown));
    }

    #[test]
    fn the_declared_confidence_gives_the_class() {
        assert_eq!(classify(Some("sure"), "x", None), Why::Overconfidence);
        assert_eq!(classify(Some("50-50"), "x", None), Why::EliminationError);
        assert_eq!(classify(Some("guess"), "x", None), Why::KnowledgeGap);
        assert_eq!(classify(None, "", None), Why::KnowledgeGap);
        assert_eq!(classify(None, DONT_KNOW, None), Why::KnowledgeGap);
        assert_eq!(classify(None, "(a) x", None), Why::Unclassed);
        for why in Why::ALL {
            assert_eq!(Why::from_key(why.key()), Some(why));
            assert_eq!(Why::from_name(why.as_str()), Some(why));
        }
    }
}
