//! The attempt coach (`upsc coach`): from the learner's calibration in mock tests to the
//! questions worth attempting on the paper, chosen to maximise the chance of clearing the
//! cutoff; and the mistake book's reasons ([`why`]).
//!
//! The parts: [`calibration`] (the table of accuracies with their intervals), [`paper`]
//! (the model paper's exact score distribution) and [`policy`] (the exact search for the
//! best cells to attempt). docs/coach.md explains the model and its limits.

pub mod calibration;
pub mod paper;
pub mod policy;
pub mod why;

use serde::Serialize;

pub use calibration::{Calibration, Cell, Declared, Estimate, Record, TagRow, calibrate};
pub use paper::{Cutoffs, PAPER_QUESTIONS};

use crate::deck::Kind;
use crate::marking::{Marking, Marks};
use crate::mock::Item;
use policy::Group;

/// The general-category cutoffs of GS Paper I, Prelims 2018 to 2025: the least marks
/// that qualified for the Mains, as UPSC publishes them in the cut-off marks notice of each
/// year's Civil Services Examination (docs/coach.md). Each is taken as equally likely
/// unless `exam.cutoff` says otherwise.
pub const DEFAULT_CUTOFFS: [f64; 8] = [98.00, 98.00, 92.51, 87.54, 88.22, 75.41, 87.98, 92.66];

/// Declared answers (sure, 50-50 or guess) the coach needs before it says anything.
pub const NEEDED: u64 = 30;

/// The chance of clearing and the expected score of one way of taking the paper.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Chance {
    pub p_clear: f64,
    pub expected_score: f64,
}

/// A cell of the table with its place on the model paper.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Planned {
    #[serde(flatten)]
    pub cell: Cell,
    /// Its share of the paper's 100 questions.
    pub questions: usize,
    /// Whether the policy attempts it.
    pub attempt: bool,
}

/// The cell whose uncertainty matters most, and what would settle it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Narrow {
    pub confidence: Declared,
    pub kind: Kind,
    pub low: f64,
    pub high: f64,
    /// More answers in that cell that would make its interval too narrow to change the
    /// decision (if they came out at its present figure); `None`: more than [`MOST`].
    pub more_answers: Option<u64>,
    /// The same in mock-test questions at the learner's present mix.
    pub more_mock_answers: Option<u64>,
}

/// The most answers the narrowing search looks at.
pub const MOST: u64 = 1_000_000;

/// What the coach says.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub calibration: Calibration,
    pub cutoffs: Vec<f64>,
    pub cells: Vec<Planned>,
    pub policy: Chance,
    pub attempt_all: Chance,
    pub sure_only: Chance,
    /// `None` when no interval changes the decision.
    pub narrow: Option<Narrow>,
}

/// The coach's answer: a report, or too few declared answers.
#[derive(Debug, Clone, PartialEq)]
pub enum Coaching {
    Ready(Box<Report>),
    TooFew { declared: u64, answered: u64 },
}

/// Each cell's weight in the paper's mix: its mock-test questions; with no mock test at
/// all, its quiz answers.
fn mix(cells: &[Cell]) -> Vec<u64> {
    let seen: Vec<u64> = cells.iter().map(|c| c.seen).collect();
    if seen.iter().any(|&n| n > 0) {
        seen
    } else {
        cells.iter().map(|c| c.answered).collect()
    }
}

/// The model paper: each cell's share of 100 questions and its accuracy. The mix is the
/// mock tests' (quiz answers are declared only when the learner chooses to: their mix
/// says what they chose, not what a paper asks); with no mock test at all, the quizzes'.
fn groups(cells: &[Cell]) -> Vec<Group> {
    paper::largest_remainder(&mix(cells), PAPER_QUESTIONS)
        .into_iter()
        .zip(cells)
        .map(|(questions, cell)| Group {
            questions,
            accuracy: cell.estimate.accuracy,
        })
        .collect()
}

fn chance(outcome: &policy::Outcome) -> Chance {
    Chance {
        p_clear: outcome.p_clear,
        expected_score: outcome.expected_score,
    }
}

/// Coaches from the counted mock-test questions against `cutoffs` (marks).
pub fn coach(records: impl IntoIterator<Item = Record>, cutoffs: &[f64]) -> Coaching {
    let calibration = calibrate(records);
    if calibration.declared < NEEDED {
        return Coaching::TooFew {
            declared: calibration.declared,
            answered: calibration.answered,
        };
    }
    let judged = Cutoffs::new(cutoffs);
    let groups = groups(&calibration.cells);
    let best = policy::best(&groups, &judged);
    let all = policy::evaluate(&groups, &vec![true; groups.len()], &judged);
    let sure: Vec<bool> = calibration
        .cells
        .iter()
        .map(|c| c.confidence == Declared::Sure)
        .collect();
    let sure = policy::evaluate(&groups, &sure, &judged);
    let narrow = narrow(&calibration.cells, &groups, &best.attempt, &judged);
    let cells = calibration
        .cells
        .iter()
        .zip(&groups)
        .zip(&best.attempt)
        .map(|((cell, group), &attempt)| Planned {
            cell: cell.clone(),
            questions: group.questions,
            attempt,
        })
        .collect();
    Coaching::Ready(Box::new(Report {
        cutoffs: cutoffs.to_vec(),
        cells,
        policy: chance(&best),
        attempt_all: chance(&all),
        sure_only: chance(&sure),
        narrow,
        calibration,
    }))
}

/// Whether cell `i`'s interval, with the others at their figures, could change the
/// decision: the best choice with the cell at either end of `estimate`'s interval
/// differs from `decided`.
fn changes(
    groups: &[Group],
    i: usize,
    estimate: &Estimate,
    decided: &[bool],
    cutoffs: &Cutoffs,
) -> bool {
    [estimate.low, estimate.high].into_iter().any(|p| {
        let mut moved = groups.to_vec();
        moved[i].accuracy = p;
        policy::best(&moved, cutoffs).attempt != decided
    })
}

/// The widest interval among the cells on the paper that changes the decision, and how
/// many more answers in it would stop it doing so.
fn narrow(cells: &[Cell], groups: &[Group], decided: &[bool], cutoffs: &Cutoffs) -> Option<Narrow> {
    let (i, cell) = cells
        .iter()
        .enumerate()
        .filter(|(i, c)| c.confidence != Declared::Blank && groups[*i].questions > 0)
        .filter(|(i, c)| changes(groups, *i, &c.estimate, decided, cutoffs))
        .max_by(|a, b| a.1.estimate.width().total_cmp(&b.1.estimate.width()))?;
    let settled = |more: u64| {
        !changes(
            groups,
            i,
            &cell.estimate.after(more as f64),
            decided,
            cutoffs,
        )
    };
    // Doubling, then halving: the least number of more answers that settles it.
    let more_answers = if settled(MOST) {
        let mut high = 1;
        while !settled(high) {
            high *= 2;
        }
        let mut low = high / 2;
        while high - low > 1 {
            let mid = low + (high - low) / 2;
            if settled(mid) {
                high = mid;
            } else {
                low = mid;
            }
        }
        Some(high)
    } else {
        None
    };
    // At the paper's mix: the mock tests', or the quizzes' when there is no test.
    let weights = mix(cells);
    let all: u64 = weights.iter().sum();
    Some(Narrow {
        confidence: cell.confidence,
        kind: cell.kind,
        low: cell.estimate.low,
        high: cell.estimate.high,
        more_answers,
        more_mock_answers: more_answers
            .map(|k| (k as f64 * all as f64 / weights[i].max(1) as f64).ceil() as u64),
    })
}

impl Report {
    /// The policy in plain words: "attempt sure answers and 50-50s on every kind; attempt
    /// guesses only on pairs; leave blind guesses".
    pub fn policy_words(&self) -> String {
        let mut every: Vec<&str> = Vec::new();
        let mut none: Vec<&str> = Vec::new();
        let mut parts: Vec<String> = Vec::new();
        for declared in Declared::ALL {
            let here: Vec<&Planned> = self
                .cells
                .iter()
                .filter(|p| p.cell.confidence == declared && p.questions > 0)
                .collect();
            if here.is_empty() {
                continue;
            }
            let taken: Vec<&str> = here
                .iter()
                .filter(|p| p.attempt)
                .map(|p| p.cell.kind.as_str())
                .collect();
            let left: Vec<&str> = here
                .iter()
                .filter(|p| !p.attempt)
                .map(|p| p.cell.kind.as_str())
                .collect();
            let name = plural(declared);
            if left.is_empty() {
                every.push(name);
            } else if taken.is_empty() {
                none.push(name);
            } else if taken.len() <= left.len() {
                parts.push(format!("attempt {name} only on {}", list(&taken)));
            } else {
                parts.push(format!("attempt {name} except on {}", list(&left)));
            }
        }
        let mut words = Vec::new();
        if !every.is_empty() {
            words.push(format!("attempt {} on every kind", list(&every)));
        }
        words.extend(parts);
        if !none.is_empty() {
            words.push(format!("leave {}", list(&none)));
        }
        if words.is_empty() {
            return "attempt nothing".to_string();
        }
        words.join("; ")
    }

    /// Whether the policy attempts questions of this kind at this confidence.
    pub fn attempts(&self, declared: Declared, kind: Kind) -> bool {
        self.cells
            .iter()
            .any(|p| p.cell.confidence == declared && p.cell.kind == kind && p.attempt)
    }

    /// What a test would have scored had the policy been applied to its own questions:
    /// its answers in the cells the policy attempts, the others left blank. (A question
    /// left blank in the test stays blank: what a blind guess would have given is not
    /// known.)
    pub fn replay(&self, items: &[Item], marking: Marking) -> Marks {
        let (mut right, mut wrong) = (0, 0);
        for item in items {
            let kind = item.kind;
            if item.chosen.is_none() {
                continue;
            }
            let declared = Declared::from_tag(item.confidence.map(|c| c.as_str()));
            if self.attempts(declared, kind) {
                right += usize::from(item.is_right());
                wrong += usize::from(item.is_wrong());
            }
        }
        marking.score(right, wrong)
    }
}

fn plural(declared: Declared) -> &'static str {
    match declared {
        Declared::Sure => "sure answers",
        Declared::FiftyFifty => "50-50s",
        Declared::Guess => "guesses",
        Declared::Unmarked => "untagged answers",
        Declared::Blank => "blind guesses",
    }
}

/// "a", "a and b", "a, b and c".
fn list(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_string(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
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
            tags: String::new(),
            count,
        }
    }

    fn ready(coaching: Coaching) -> Report {
        match coaching {
            Coaching::Ready(report) => *report,
            Coaching::TooFew { declared, .. } => panic!("too few: {declared}"),
        }
    }

    #[test]
    fn too_few_declared_answers_say_so() {
        let coaching = coach(
            [
                record(Kind::Mcq, Declared::Sure, true, NEEDED - 1),
                record(Kind::Mcq, Declared::Unmarked, true, 50),
            ],
            &DEFAULT_CUTOFFS,
        );
        assert_eq!(
            coaching,
            Coaching::TooFew {
                declared: NEEDED - 1,
                answered: NEEDED - 1 + 50
            }
        );
    }

    #[test]
    fn the_reported_chance_is_the_models_chance_for_the_printed_cells() {
        let report = ready(coach(
            [
                record(Kind::Mcq, Declared::Sure, true, 160),
                record(Kind::Mcq, Declared::Sure, false, 20),
                record(Kind::Statements, Declared::FiftyFifty, true, 60),
                record(Kind::Statements, Declared::FiftyFifty, false, 60),
                record(Kind::Pairs, Declared::Guess, true, 20),
                record(Kind::Pairs, Declared::Guess, false, 60),
                record(Kind::Rows, Declared::Blank, false, 40),
            ],
            &DEFAULT_CUTOFFS,
        ));
        assert_eq!(
            report.cells.iter().map(|c| c.questions).sum::<usize>(),
            PAPER_QUESTIONS
        );
        // Recomputed from the cells alone, question by question.
        let mut score = paper::Score::blank(PAPER_QUESTIONS);
        for planned in report.cells.iter().filter(|p| p.attempt) {
            score.add_many(planned.questions, planned.cell.estimate.accuracy);
        }
        let again = score.p_clear(&Cutoffs::new(&DEFAULT_CUTOFFS));
        assert!((again - report.policy.p_clear).abs() < 1e-12);
        assert!(report.policy.p_clear >= report.attempt_all.p_clear - 1e-12);
        assert!(report.policy.p_clear >= report.sure_only.p_clear - 1e-12);
    }

    #[test]
    fn a_test_replayed_keeps_only_the_answers_in_attempted_cells() {
        let report = ready(coach(
            [
                record(Kind::Mcq, Declared::Sure, true, 300),
                record(Kind::Mcq, Declared::Sure, false, 10),
                record(Kind::Mcq, Declared::Guess, false, 60),
                record(Kind::Mcq, Declared::Guess, true, 2),
            ],
            &[40.0],
        ));
        assert!(report.attempts(Declared::Sure, Kind::Mcq));
        assert!(!report.attempts(Declared::Guess, Kind::Mcq));
        let item = |chosen: Option<usize>, tag: Option<crate::answer::Confidence>| Item {
            deck: "d".into(),
            card: "c".into(),
            kind: crate::deck::Kind::Mcq,
            fingerprint: 0,
            tags: vec![],
            question: String::new(),
            options: vec![String::new(); 4],
            correct: 1,
            answer_text: String::new(),
            notes: vec![],
            explanation: None,
            chosen,
            confidence: tag,
            marked: false,
            visited: true,
            seconds: 0.0,
        };
        use crate::answer::Confidence as C;
        let items = [
            item(Some(1), Some(C::Sure)),  // right, kept: +2
            item(Some(0), Some(C::Sure)),  // wrong, kept: −2/3
            item(Some(0), Some(C::Guess)), // wrong, left blank by the policy
            item(Some(1), Some(C::Guess)), // right, left blank too
            item(None, None),              // blank stays blank
        ];
        assert_eq!(
            report.replay(&items, Marking::Gs1),
            Marking::Gs1.score(1, 1)
        );
    }

    #[test]
    fn the_words_say_what_the_policy_does() {
        let report = ready(coach(
            [
                record(Kind::Mcq, Declared::Sure, true, 300),
                record(Kind::Mcq, Declared::Sure, false, 10),
                record(Kind::Pairs, Declared::Sure, true, 300),
                record(Kind::Pairs, Declared::Sure, false, 10),
                record(Kind::Rows, Declared::Blank, false, 40),
            ],
            &[60.0],
        ));
        // 60 sure questions at ~0.97 clear 60 marks almost surely; blind guesses only risk it.
        assert_eq!(
            report.policy_words(),
            "attempt sure answers on every kind; leave blind guesses"
        );
    }

    #[test]
    fn quiz_answers_sharpen_the_cells_but_the_mix_is_the_tests() {
        let quiz = |kind, declared, right, count| Record {
            quiz: true,
            ..record(kind, declared, right, count)
        };
        let report = ready(coach(
            [
                record(Kind::Mcq, Declared::Sure, true, 25),
                record(Kind::Mcq, Declared::Sure, false, 5),
                record(Kind::Rows, Declared::Blank, false, 10),
                quiz(Kind::Mcq, Declared::Sure, true, 10),
                quiz(Kind::Pairs, Declared::Guess, false, 30),
            ],
            &DEFAULT_CUTOFFS,
        ));
        let cell = |declared, kind| {
            report
                .cells
                .iter()
                .find(|p| p.cell.confidence == declared && p.cell.kind == kind)
                .unwrap_or_else(|| panic!("no cell"))
        };
        // 40 mock-test questions: 30 sure mcq and 10 blanks make the paper, 75 and 25.
        assert_eq!(cell(Declared::Sure, Kind::Mcq).questions, 75);
        assert_eq!(cell(Declared::Blank, Kind::Rows).questions, 25);
        assert_eq!(cell(Declared::Sure, Kind::Mcq).cell.answered, 40);
        let pairs = cell(Declared::Guess, Kind::Pairs);
        assert_eq!((pairs.questions, pairs.cell.quiz), (0, 30));
        // With no mock test, the quizzes' mix.
        let alone = ready(coach(
            [
                quiz(Kind::Mcq, Declared::Sure, true, 30),
                quiz(Kind::Pairs, Declared::Guess, false, 10),
            ],
            &DEFAULT_CUTOFFS,
        ));
        let questions: Vec<usize> = alone.cells.iter().map(|p| p.questions).collect();
        assert_eq!(questions, vec![75, 25]);
    }
}
