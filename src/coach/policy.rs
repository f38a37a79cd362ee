//! Which cells to attempt: the choice that maximises the chance of clearing the cutoff
//! under the paper model, found exactly by branch and bound.
//!
//! The bound rests on one fact. A question attempted at accuracy p scores +2 or −2/3; at a
//! higher accuracy it scores more in the sense of first-order stochastic dominance, and
//! sums of independent dominating scores dominate. So, of all the ways to attempt exactly
//! m questions, attempting the m most accurate ones (cut through a cell if need be) gives
//! the greatest chance of reaching every cutoff. Hence, once the first cells (by accuracy)
//! are decided, no choice for the rest can beat the best, over m, of "the decided ones
//! plus the m most accurate questions left". A branch whose bound is no better than the
//! best choice found is dropped; every other choice is looked at, so the result is the
//! best over all 2^cells choices, not an approximation. The search starts from the best
//! threshold rule ("attempt every cell at or above accuracy t"), so it can only improve
//! on it.

use super::paper::{Cutoffs, Score, expected_marks};

/// A cell as the search sees it: how many of the paper's questions are in it and the
/// chance of each being right.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Group {
    pub questions: usize,
    pub accuracy: f64,
}

/// What attempting a set of cells gives.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// Per cell, in the order given: attempted or not.
    pub attempt: Vec<bool>,
    /// The chance of clearing (the mean over the cutoffs).
    pub p_clear: f64,
    /// The expected score in marks.
    pub expected_score: f64,
}

/// Chances closer than this are equal: what separates them is rounding.
const SAME: f64 = 1e-12;

/// The outcome of attempting exactly the cells marked in `attempt`.
pub fn evaluate(cells: &[Group], attempt: &[bool], cutoffs: &Cutoffs) -> Outcome {
    let room: usize = cells.iter().map(|c| c.questions).sum();
    let mut score = Score::blank(room);
    let mut expected = 0.0;
    for (cell, &on) in cells.iter().zip(attempt) {
        if on {
            score.add_many(cell.questions, cell.accuracy);
            expected += cell.questions as f64 * expected_marks(cell.accuracy);
        }
    }
    Outcome {
        attempt: attempt.to_vec(),
        p_clear: score.p_clear(cutoffs),
        expected_score: expected,
    }
}

/// Whether `a` is a better outcome than `b`: a greater chance of clearing, or as great a
/// chance and a greater expected score.
fn better(a: &Outcome, b: &Outcome) -> bool {
    a.p_clear > b.p_clear + SAME
        || (a.p_clear >= b.p_clear - SAME && a.expected_score > b.expected_score + 1e-9)
}

/// The best of the threshold rules: for each accuracy t among the cells', attempt every
/// cell at or above t (and attempting nothing).
pub fn best_threshold(cells: &[Group], cutoffs: &Cutoffs) -> Outcome {
    let mut best = evaluate(cells, &vec![false; cells.len()], cutoffs);
    for cell in cells {
        let attempt: Vec<bool> = cells.iter().map(|c| c.accuracy >= cell.accuracy).collect();
        let outcome = evaluate(cells, &attempt, cutoffs);
        if better(&outcome, &best) {
            best = outcome;
        }
    }
    best
}

/// The choice of cells with the greatest chance of clearing (ties: the greater expected
/// score among those found first), exactly, by branch and bound (see the module's text).
pub fn best(cells: &[Group], cutoffs: &Cutoffs) -> Outcome {
    let mut best = best_threshold(cells, cutoffs);
    // Cells with questions, most accurate first (ties in the order given).
    let mut order: Vec<usize> = (0..cells.len())
        .filter(|&i| cells[i].questions > 0)
        .collect();
    order.sort_by(|&a, &b| {
        cells[b]
            .accuracy
            .total_cmp(&cells[a].accuracy)
            .then(a.cmp(&b))
    });
    let room: usize = order.iter().map(|&i| cells[i].questions).sum();
    let mut search = Search {
        cells,
        order: &order,
        cutoffs,
        chosen: vec![false; cells.len()],
        best_p: best.p_clear,
        found: None,
    };
    search.branch(0, Score::blank(room));
    if let Some(attempt) = search.found {
        let outcome = evaluate(cells, &attempt, cutoffs);
        if better(&outcome, &best) {
            best = outcome;
        }
    }
    best
}

struct Search<'a> {
    cells: &'a [Group],
    order: &'a [usize],
    cutoffs: &'a Cutoffs,
    chosen: Vec<bool>,
    best_p: f64,
    found: Option<Vec<bool>>,
}

impl Search<'_> {
    /// Decides the cells `order[depth..]`, the ones before having given `score`.
    fn branch(&mut self, depth: usize, score: Score) {
        // Leaving every remaining cell out is itself a choice.
        let here = score.p_clear(self.cutoffs);
        if here > self.best_p + SAME {
            self.best_p = here;
            self.found = Some(self.chosen.clone());
        }
        if depth == self.order.len() {
            return;
        }
        if self.bound(depth, &score) <= self.best_p + SAME {
            return;
        }
        let cell = self.cells[self.order[depth]];
        let mut with = score.clone();
        with.add_many(cell.questions, cell.accuracy);
        self.chosen[self.order[depth]] = true;
        self.branch(depth + 1, with);
        self.chosen[self.order[depth]] = false;
        self.branch(depth + 1, score);
    }

    /// The most any choice of the cells `order[depth..]` could give: the best, over m, of
    /// adding the m most accurate remaining questions one by one.
    fn bound(&self, depth: usize, score: &Score) -> f64 {
        let mut walk = score.clone();
        let mut best = walk.p_clear(self.cutoffs);
        for &i in &self.order[depth..] {
            let cell = self.cells[i];
            for _ in 0..cell.questions {
                walk.add(cell.accuracy);
                best = best.max(walk.p_clear(self.cutoffs));
            }
        }
        best
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn cell(questions: usize, accuracy: f64) -> Group {
        Group {
            questions,
            accuracy,
        }
    }

    /// Every one of the 2^n choices, evaluated.
    fn every_choice(cells: &[Group], cutoffs: &Cutoffs) -> f64 {
        let n = cells.len();
        (0u32..(1 << n))
            .map(|mask| {
                let attempt: Vec<bool> = (0..n).map(|i| mask & (1 << i) != 0).collect();
                evaluate(cells, &attempt, cutoffs).p_clear
            })
            .fold(0.0, f64::max)
    }

    #[test]
    fn below_the_cutoff_more_variance_helps() {
        // 20 sure questions at 0.9 (36 expected marks) cannot reach 50; blind guesses can
        // (they add nothing on average but spread the score).
        let cells = [cell(20, 0.9), cell(40, 0.25)];
        let out = best(&cells, &Cutoffs::new(&[50.0]));
        assert_eq!(out.attempt, vec![true, true]);
        assert!(out.p_clear > 0.0);
        assert_eq!(
            evaluate(&cells, &[true, false], &Cutoffs::new(&[50.0])).p_clear,
            0.0
        );
    }

    #[test]
    fn above_the_cutoff_the_learner_stops_guessing() {
        // 60 questions at 0.95 alone clear 80 almost surely; blind guesses only risk it.
        let cells = [cell(60, 0.95), cell(40, 0.25)];
        let out = best(&cells, &Cutoffs::new(&[80.0]));
        assert_eq!(out.attempt, vec![true, false]);
        let all = evaluate(&cells, &[true, true], &Cutoffs::new(&[80.0]));
        assert!(out.p_clear > all.p_clear);
    }

    #[test]
    fn the_policy_can_beat_every_threshold_rule() {
        // Two questions needed exactly (4 marks with nothing lost): the two certain
        // questions do it; a threshold rule that reaches the 0.6 cell must take the 0.7
        // one, but a choice may skip a middling cell and take a later one.
        let cells = [cell(2, 1.0), cell(3, 0.7), cell(1, 0.6)];
        let cutoffs = Cutoffs::new(&[4.0, 5.5]);
        let out = best(&cells, &cutoffs);
        let threshold = best_threshold(&cells, &cutoffs);
        assert!(out.p_clear >= threshold.p_clear - 1e-12);
        assert!((out.p_clear - every_choice(&cells, &cutoffs)).abs() < 1e-12);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(120))]

        #[test]
        fn the_search_finds_the_best_of_every_choice(
            cells in proptest::collection::vec((0usize..8, 0.0f64..=1.0), 1..8),
            cutoffs in proptest::collection::vec(-5.0f64..40.0, 1..4),
        ) {
            let cells: Vec<Group> = cells.into_iter().map(|(n, p)| cell(n, p)).collect();
            let cutoffs = Cutoffs::new(&cutoffs);
            let out = best(&cells, &cutoffs);
            let exhaustive = every_choice(&cells, &cutoffs);
            prop_assert!((out.p_clear - exhaustive).abs() < 1e-9, "{} vs {}", out.p_clear, exhaustive);
            prop_assert!(out.p_clear >= best_threshold(&cells, &cutoffs).p_clear - 1e-12);
            // What it reports is what its choice gives.
            let again = evaluate(&cells, &out.attempt, &cutoffs);
            prop_assert!((again.p_clear - out.p_clear).abs() < 1e-12);
        }
    }
}
