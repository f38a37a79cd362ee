//! The Commission's marking: marks for a right answer, the penalty for a wrong one, and
//! net scores kept exact.
//!
//! A wrong answer costs one third of the marks for a right one (2/3 in GS Paper I,
//! 2.5/3 in CSAT). Thirds of halves do not add up exactly in floating point, so a score
//! is held as a whole number of sixths of a mark and rounded only when it is shown.

use std::fmt;
use std::iter::Sum;
use std::ops::Add;

use serde::{Deserialize, Serialize};

/// How a mock test is marked. (The command line gives it its `--marking` values.)
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Marking {
    /// General Studies Paper I: +2 for a right answer, −2/3 for a wrong one
    Gs1,
    /// CSAT (General Studies Paper II): +2.5 for a right answer, −2.5/3 for a wrong one
    Csat,
    /// One mark per right answer, nothing taken away
    None,
}

/// A number of marks, exact: a whole number of sixths of a mark.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Marks(i64);

impl Marks {
    pub const ZERO: Marks = Marks(0);

    pub const fn sixths(self) -> i64 {
        self.0
    }

    /// The value as a float, for display and JSON only.
    pub fn value(self) -> f64 {
        self.0 as f64 / 6.0
    }

    pub fn times(self, n: usize) -> Marks {
        Marks(self.0 * i64::try_from(n).unwrap_or(i64::MAX / 12))
    }
}

impl Add for Marks {
    type Output = Marks;
    fn add(self, other: Marks) -> Marks {
        Marks(self.0 + other.0)
    }
}

impl Sum for Marks {
    fn sum<I: Iterator<Item = Marks>>(iter: I) -> Marks {
        iter.fold(Marks::ZERO, Add::add)
    }
}

/// Two decimals, as a scorecard shows marks: `103.33`, `-0.67`, `120`.
impl fmt::Display for Marks {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let hundredths = (self.0 as f64 * 100.0 / 6.0).round() as i64;
        let sign = if hundredths < 0 { "-" } else { "" };
        let abs = hundredths.abs();
        if abs % 100 == 0 {
            write!(f, "{sign}{}", abs / 100)
        } else {
            write!(f, "{sign}{}.{:02}", abs / 100, abs % 100)
        }
    }
}

impl Serialize for Marks {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // Rounded to two decimals for scripts; the exact value is `sixths / 6`.
        serializer.serialize_f64((self.value() * 100.0).round() / 100.0)
    }
}

impl Marking {
    /// Every marking, in the order `--help` lists them.
    pub const ALL: [Marking; 3] = [Marking::Gs1, Marking::Csat, Marking::None];

    /// Marks for a right answer.
    pub fn right(self) -> Marks {
        match self {
            Marking::Gs1 => Marks(12),
            Marking::Csat => Marks(15),
            Marking::None => Marks(6),
        }
    }

    /// Marks for a wrong answer: minus one third of a right answer's marks.
    pub fn wrong(self) -> Marks {
        match self {
            Marking::Gs1 | Marking::Csat => Marks(-self.right().0 / 3),
            Marking::None => Marks::ZERO,
        }
    }

    /// The net score for a count of right and wrong answers (unanswered score nothing).
    pub fn score(self, right: usize, wrong: usize) -> Marks {
        self.right().times(right) + self.wrong().times(wrong)
    }

    /// The best possible score on `questions` questions.
    pub fn maximum(self, questions: usize) -> Marks {
        self.right().times(questions)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Marking::Gs1 => "gs1",
            Marking::Csat => "csat",
            Marking::None => "none",
        }
    }

    pub fn from_name(name: &str) -> Option<Marking> {
        match name {
            "gs1" => Some(Marking::Gs1),
            "csat" => Some(Marking::Csat),
            "none" => Some(Marking::None),
            _ => None,
        }
    }

    /// "GS Paper I marking (+2, −0.67 for a wrong answer)".
    pub fn describe(self) -> String {
        match self {
            Marking::Gs1 => "GS Paper I marking: +2 right, −2/3 wrong".to_string(),
            Marking::Csat => "CSAT marking: +2.5 right, −2.5/3 wrong".to_string(),
            Marking::None => "no negative marking: +1 right".to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gs1_sixty_right_twenty_five_wrong_is_120_minus_50_thirds() {
        let score = Marking::Gs1.score(60, 25);
        // 120 − 50/3 = 310/3 = 620/6, exactly.
        assert_eq!(score.sixths(), 620);
        assert_eq!(score.to_string(), "103.33");
    }

    #[test]
    fn a_wrong_answer_costs_one_third_of_a_right_one() {
        assert_eq!(Marking::Gs1.wrong().to_string(), "-0.67");
        assert_eq!(Marking::Csat.wrong().to_string(), "-0.83");
        // Three wrong answers cancel exactly one right answer, under either paper.
        for marking in [Marking::Gs1, Marking::Csat] {
            assert_eq!(marking.score(1, 3), Marks::ZERO);
        }
        assert_eq!(Marking::None.score(4, 10).to_string(), "4");
    }

    #[test]
    fn csat_scores_are_exact_in_sixths() {
        // 50 right, 20 wrong: 125 − 50/3 = 108.33…
        let score = Marking::Csat.score(50, 20);
        assert_eq!(score.sixths(), 50 * 15 - 20 * 5);
        assert_eq!(score.to_string(), "108.33");
        assert_eq!(Marking::Csat.maximum(80).to_string(), "200");
        assert_eq!(Marking::Gs1.maximum(100).to_string(), "200");
    }

    #[test]
    fn negative_and_fractional_scores_display_with_two_decimals() {
        assert_eq!(Marking::Gs1.score(0, 1).to_string(), "-0.67");
        assert_eq!(Marking::Gs1.score(1, 2).to_string(), "0.67");
        assert_eq!(Marking::Csat.score(1, 0).to_string(), "2.50");
        assert_eq!(Marking::Gs1.score(0, 3).to_string(), "-2");
    }

    #[test]
    fn thousands_of_answers_add_up_without_drift() {
        let one_by_one: Marks = (0..3000)
            .map(|i| {
                if i % 3 == 0 {
                    Marking::Gs1.right()
                } else {
                    Marking::Gs1.wrong()
                }
            })
            .sum();
        assert_eq!(one_by_one, Marking::Gs1.score(1000, 2000));
        assert_eq!(one_by_one.to_string(), "666.67");
    }
}
