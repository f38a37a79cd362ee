//! Calibration: how often the learner is right at each declared confidence on each kind
//! of question, from the answers of their mock tests, with an 80% credible interval.
//!
//! Each cell's accuracy has a Beta posterior. Its prior borrows strength from the
//! learner's own figure at the same confidence over every kind: a Beta with mean p̄ (that
//! figure, itself with Jeffreys' half-answer each way) worth [`PRIOR_ANSWERS`] answers.
//! So a cell of 2 answers says mostly what the learner does at that confidence in
//! general, and a cell of 200 says what it saw. The model uses the posterior mean; the
//! interval is the posterior's 10th to 90th percentile.

use std::collections::BTreeMap;

use serde::Serialize;
use statrs::distribution::{Beta, ContinuousCDF};

use crate::deck::Kind;
use crate::mock::TEST_KINDS;

/// How many answers the borrowed prior is worth.
pub const PRIOR_ANSWERS: f64 = 5.0;
/// Answers a subject tag needs before its own table is shown.
pub const TAG_ANSWERS: u64 = 30;
/// The chance of a blind guess among the paper's four options.
pub const BLIND: f64 = 0.25;
/// The credible interval's tails: 10% each side.
const TAIL: f64 = 0.10;

/// What the learner declared before the verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Declared {
    #[serde(rename = "sure")]
    Sure,
    #[serde(rename = "50-50")]
    FiftyFifty,
    #[serde(rename = "guess")]
    Guess,
    /// Answered without a tag.
    #[serde(rename = "unmarked")]
    Unmarked,
    /// Left blank: on the paper, such a question is a blind guess if attempted.
    #[serde(rename = "blank")]
    Blank,
}

impl Declared {
    pub const ALL: [Declared; 5] = [
        Declared::Sure,
        Declared::FiftyFifty,
        Declared::Guess,
        Declared::Unmarked,
        Declared::Blank,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Declared::Sure => "sure",
            Declared::FiftyFifty => "50-50",
            Declared::Guess => "guess",
            Declared::Unmarked => "unmarked",
            Declared::Blank => "blank",
        }
    }

    /// From the tag stored with a mock-test answer (`None`: no tag).
    pub fn from_tag(tag: Option<&str>) -> Declared {
        match tag {
            Some("sure") => Declared::Sure,
            Some("50-50") => Declared::FiftyFifty,
            Some("guess") => Declared::Guess,
            _ => Declared::Unmarked,
        }
    }

    /// Whether the learner said how sure they were.
    pub fn is_declared(self) -> bool {
        matches!(
            self,
            Declared::Sure | Declared::FiftyFifty | Declared::Guess
        )
    }
}

/// A count of questions alike in source, kind, confidence, outcome and tags: mock-test
/// questions, or pick-one quiz answers whose confidence was declared before the verdict.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// From a quiz (pooled with the tests' answers for the accuracies, but not part of
    /// the paper's mix: docs/coach.md); `false`: a mock-test question.
    pub quiz: bool,
    pub kind: Kind,
    pub declared: Declared,
    /// Right (always false for a blank).
    pub right: bool,
    /// The question's tags, one a line.
    pub tags: String,
    pub count: u64,
}

/// Answered and right.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Count {
    pub answered: u64,
    pub right: u64,
}

impl Count {
    fn add(&mut self, right: bool, count: u64) {
        self.answered += count;
        if right {
            self.right += count;
        }
    }
}

/// A Beta posterior's mean and 80% interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Estimate {
    pub accuracy: f64,
    pub low: f64,
    pub high: f64,
    /// The posterior's two parameters (right and wrong, prior included).
    #[serde(skip)]
    pub alpha: f64,
    #[serde(skip)]
    pub beta: f64,
}

impl Estimate {
    /// The posterior Beta(alpha, beta).
    pub fn beta(alpha: f64, beta: f64) -> Estimate {
        let (low, high) = interval(alpha, beta);
        Estimate {
            accuracy: alpha / (alpha + beta),
            low,
            high,
            alpha,
            beta,
        }
    }

    /// A cell's posterior: its answers over the prior borrowed from `prior_mean`.
    pub fn cell(count: Count, prior_mean: f64) -> Estimate {
        let wrong = count.answered - count.right;
        Estimate::beta(
            count.right as f64 + PRIOR_ANSWERS * prior_mean,
            wrong as f64 + PRIOR_ANSWERS * (1.0 - prior_mean),
        )
    }

    /// A figure known exactly (a blind guess).
    pub fn exact(p: f64) -> Estimate {
        Estimate {
            accuracy: p,
            low: p,
            high: p,
            alpha: f64::INFINITY,
            beta: f64::INFINITY,
        }
    }

    /// The posterior after `more` answers that come out at its own mean.
    pub fn after(&self, more: f64) -> Estimate {
        if !self.alpha.is_finite() {
            return *self;
        }
        Estimate::beta(
            self.alpha + more * self.accuracy,
            self.beta + more * (1.0 - self.accuracy),
        )
    }

    pub fn width(&self) -> f64 {
        self.high - self.low
    }
}

/// The 10th and 90th percentiles of Beta(alpha, beta).
fn interval(alpha: f64, beta: f64) -> (f64, f64) {
    match Beta::new(alpha, beta) {
        Ok(dist) => (dist.inverse_cdf(TAIL), dist.inverse_cdf(1.0 - TAIL)),
        // Parameters are positive by construction; a degenerate case says nothing.
        Err(_) => (0.0, 1.0),
    }
}

/// One cell of the table: a confidence on a kind.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cell {
    pub confidence: Declared,
    pub kind: Kind,
    /// Questions of this cell in the mock tests (answered, or left blank): its weight in
    /// the paper's mix.
    pub seen: u64,
    /// Answered, in mock tests and quizzes.
    pub answered: u64,
    pub right: u64,
    /// Of `answered`, how many were quiz answers declared before the verdict.
    #[serde(rename = "from_quiz")]
    pub quiz: u64,
    #[serde(flatten)]
    pub estimate: Estimate,
}

/// A subject tag's figures at one confidence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TagCell {
    pub confidence: Declared,
    pub answered: u64,
    pub right: u64,
    #[serde(flatten)]
    pub estimate: Estimate,
}

/// A subject tag with enough answers for a table of its own.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TagRow {
    pub tag: String,
    pub answered: u64,
    pub right: u64,
    pub cells: Vec<TagCell>,
}

/// The whole calibration.
#[derive(Debug, Clone, PartialEq)]
pub struct Calibration {
    /// Every cell with at least one question seen, by confidence then kind.
    pub cells: Vec<Cell>,
    pub tags: Vec<TagRow>,
    /// Answers with a declared confidence (mock tests and quizzes).
    pub declared: u64,
    /// Of them, quiz answers.
    pub quiz: u64,
    /// Answers (declared or not) and blanks.
    pub answered: u64,
    pub blank: u64,
    /// Per confidence over every kind: the figure each cell borrows from.
    pub by_confidence: BTreeMap<Declared, Count>,
}

/// The prior mean a cell at `declared` borrows: the learner's figure at that confidence,
/// or over every answer when there is none at it, with Jeffreys' half-answer each way.
fn prior_mean(by: &BTreeMap<Declared, Count>, all: Count, declared: Declared) -> f64 {
    let own = by.get(&declared).copied().unwrap_or_default();
    let base = if own.answered > 0 { own } else { all };
    (base.right as f64 + 0.5) / (base.answered as f64 + 1.0)
}

/// Builds the calibration from counted mock-test questions and declared quiz answers.
pub fn calibrate(records: impl IntoIterator<Item = Record>) -> Calibration {
    let mut cells: BTreeMap<(Declared, Kind), Count> = BTreeMap::new();
    // Per cell: mock-test questions (the mix) and quiz answers.
    let mut seen: BTreeMap<(Declared, Kind), (u64, u64)> = BTreeMap::new();
    let mut quiz = 0;
    let mut by_confidence: BTreeMap<Declared, Count> = BTreeMap::new();
    let mut tags: BTreeMap<String, BTreeMap<Declared, Count>> = BTreeMap::new();
    let mut all = Count::default();
    let mut blank = 0;
    for record in records {
        if !TEST_KINDS.contains(&record.kind) || record.count == 0 {
            continue;
        }
        // A quiz answer counts only when declared before the verdict (a quiz has no
        // blanks: "I don't know" declares nothing).
        if record.quiz && !record.declared.is_declared() {
            continue;
        }
        let place = seen.entry((record.declared, record.kind)).or_default();
        if record.quiz {
            place.1 += record.count;
            quiz += record.count;
        } else {
            place.0 += record.count;
        }
        cells
            .entry((record.declared, record.kind))
            .or_default()
            .add(record.right, record.count);
        if record.declared == Declared::Blank {
            blank += record.count;
            continue;
        }
        all.add(record.right, record.count);
        by_confidence
            .entry(record.declared)
            .or_default()
            .add(record.right, record.count);
        for tag in record.tags.lines().filter(|t| !t.trim().is_empty()) {
            tags.entry(tag.to_string())
                .or_default()
                .entry(record.declared)
                .or_default()
                .add(record.right, record.count);
        }
    }
    let cells = cells
        .into_iter()
        .map(|((confidence, kind), count)| {
            let (tests, quiz) = seen.get(&(confidence, kind)).copied().unwrap_or_default();
            if confidence == Declared::Blank {
                Cell {
                    confidence,
                    kind,
                    seen: tests,
                    answered: 0,
                    right: 0,
                    quiz: 0,
                    estimate: Estimate::exact(BLIND),
                }
            } else {
                Cell {
                    confidence,
                    kind,
                    seen: tests,
                    answered: count.answered,
                    right: count.right,
                    quiz,
                    estimate: Estimate::cell(count, prior_mean(&by_confidence, all, confidence)),
                }
            }
        })
        .collect();
    let tags = tags
        .into_iter()
        .filter_map(|(tag, levels)| {
            let answered: u64 = levels.values().map(|c| c.answered).sum();
            let right: u64 = levels.values().map(|c| c.right).sum();
            (answered >= TAG_ANSWERS).then(|| TagRow {
                tag,
                answered,
                right,
                cells: levels
                    .into_iter()
                    .map(|(confidence, count)| TagCell {
                        confidence,
                        answered: count.answered,
                        right: count.right,
                        estimate: Estimate::cell(
                            count,
                            prior_mean(&by_confidence, all, confidence),
                        ),
                    })
                    .collect(),
            })
        })
        .collect();
    let declared = by_confidence
        .iter()
        .filter(|(d, _)| d.is_declared())
        .map(|(_, c)| c.answered)
        .sum();
    Calibration {
        cells,
        tags,
        declared,
        quiz,
        answered: all.answered,
        blank,
        by_confidence,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(kind: Kind, declared: Declared, right: bool, count: u64) -> Record {
        Record {
            quiz: false,
            kind,
            declared,
            right,
            tags: "polity".to_string(),
            count,
        }
    }

    #[test]
    fn a_small_cell_borrows_from_the_learners_figure_at_that_confidence() {
        // Sure: 90 of 100 on mcq, and 0 of 2 on pairs. The pairs cell's prior mean is
        // (90.5)/(103) and worth 5 answers: (0 + 5·0.8786) / 7.
        let calibration = calibrate([
            record(Kind::Mcq, Declared::Sure, true, 90),
            record(Kind::Mcq, Declared::Sure, false, 10),
            record(Kind::Pairs, Declared::Sure, false, 2),
        ]);
        let pairs = calibration
            .cells
            .iter()
            .find(|c| c.kind == Kind::Pairs)
            .unwrap_or_else(|| panic!("a pairs cell"));
        let prior = 90.5 / 103.0;
        assert!((pairs.estimate.accuracy - 5.0 * prior / 7.0).abs() < 1e-12);
        assert!(pairs.estimate.low < pairs.estimate.accuracy);
        assert!(pairs.estimate.accuracy < pairs.estimate.high);
        assert_eq!(calibration.declared, 102);
    }

    #[test]
    fn the_interval_is_the_posteriors_tenth_to_ninetieth_percentile() {
        // Beta(1, 1) is uniform: its 10th and 90th percentiles are 0.1 and 0.9.
        let e = Estimate::beta(1.0, 1.0);
        assert!((e.low - 0.1).abs() < 1e-6 && (e.high - 0.9).abs() < 1e-6);
        // Beta(2, 1) has F(x) = x²: percentiles √0.1 and √0.9.
        let e = Estimate::beta(2.0, 1.0);
        assert!((e.low - 0.1f64.sqrt()).abs() < 1e-6);
        assert!((e.high - 0.9f64.sqrt()).abs() < 1e-6);
        // More answers at the same mean narrow it and keep the mean.
        let later = e.after(100.0);
        assert!((later.accuracy - e.accuracy).abs() < 1e-12);
        assert!(later.width() < e.width());
    }

    #[test]
    fn blanks_are_blind_guesses_and_not_declared_answers() {
        let calibration = calibrate([
            record(Kind::Statements, Declared::Blank, false, 7),
            record(Kind::Statements, Declared::Unmarked, true, 3),
        ]);
        assert_eq!(calibration.blank, 7);
        assert_eq!(calibration.declared, 0);
        let blank = &calibration.cells[1];
        assert_eq!(blank.confidence, Declared::Blank);
        assert_eq!((blank.seen, blank.answered), (7, 0));
        assert_eq!(blank.estimate.accuracy, BLIND);
    }

    #[test]
    fn a_tag_needs_enough_answers_for_its_own_table() {
        let few = calibrate([record(Kind::Mcq, Declared::Sure, true, TAG_ANSWERS - 1)]);
        assert!(few.tags.is_empty());
        let enough = calibrate([record(Kind::Mcq, Declared::Sure, true, TAG_ANSWERS)]);
        assert_eq!(enough.tags.len(), 1);
        assert_eq!(enough.tags[0].answered, TAG_ANSWERS);
    }

    #[test]
    fn quiz_answers_count_in_the_accuracies_but_not_in_the_mix() {
        let quiz = |declared, right, count| Record {
            quiz: true,
            ..record(Kind::Mcq, declared, right, count)
        };
        let calibration = calibrate([
            record(Kind::Mcq, Declared::Sure, true, 8),
            record(Kind::Mcq, Declared::Sure, false, 2),
            quiz(Declared::Sure, true, 5),
            quiz(Declared::Sure, false, 5),
            // A quiz answer with nothing declared is not a calibration answer.
            quiz(Declared::Unmarked, true, 50),
            quiz(Declared::Guess, false, 4),
        ]);
        assert_eq!((calibration.declared, calibration.quiz), (24, 14));
        let sure = &calibration.cells[0];
        assert_eq!(
            (sure.seen, sure.answered, sure.right, sure.quiz),
            (10, 20, 13, 10)
        );
        let guess = &calibration.cells[1];
        assert_eq!(guess.confidence, Declared::Guess);
        assert_eq!((guess.seen, guess.answered, guess.quiz), (0, 4, 4));
    }
}
