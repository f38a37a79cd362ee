//! The paper model's arithmetic: a paper of independent questions, each right with its
//! own chance, marked +2 for a right answer and −2/3 for a wrong one, and its score's
//! exact distribution — counted in steps of 2/3 of a mark (every score the marking can
//! give is a whole number of them), built by convolution, one question at a time. No
//! sampling anywhere: the chance of clearing a cutoff is a sum over that distribution.

/// The Prelims' GS Paper I: 100 questions.
pub const PAPER_QUESTIONS: usize = 100;

/// A right answer earns 3 steps (+2 marks), a wrong one loses 1 (−2/3 of a mark).
const RIGHT_STEPS: usize = 3;

/// The cutoffs a paper is judged against, each equally likely, ready for summing: the
/// least number of 2/3-mark steps that reaches each, largest first.
#[derive(Debug, Clone, PartialEq)]
pub struct Cutoffs {
    marks: Vec<f64>,
    steps: Vec<i64>,
}

impl Cutoffs {
    pub fn new(marks: &[f64]) -> Cutoffs {
        let mut steps: Vec<i64> = marks.iter().map(|&c| steps_needed(c)).collect();
        steps.sort_unstable_by(|a, b| b.cmp(a));
        Cutoffs {
            marks: marks.to_vec(),
            steps,
        }
    }

    /// The cutoffs in marks, as given.
    #[cfg(test)]
    pub fn marks(&self) -> &[f64] {
        &self.marks
    }
}

/// The exact distribution of a paper's score, over steps of 2/3 of a mark.
///
/// `chance[i]` is the chance that the score is `(i − offset) × 2/3` marks, where `offset`
/// is the most questions the paper can hold (a score cannot go below −offset steps).
#[derive(Debug, Clone, PartialEq)]
pub struct Score {
    chance: Vec<f64>,
    /// Where the next distribution is built (kept to spare an allocation per question).
    scratch: Vec<f64>,
    offset: usize,
    /// Questions added so far.
    added: usize,
}

impl Score {
    /// The score of a paper with nothing attempted yet (0 for certain), with room for up to
    /// `questions` attempted questions.
    pub fn blank(questions: usize) -> Score {
        let mut chance = vec![0.0; 4 * questions + 1];
        chance[questions] = 1.0;
        Score {
            scratch: vec![0.0; chance.len()],
            chance,
            offset: questions,
            added: 0,
        }
    }

    /// The reachable indices: [offset − added, offset + 3·added].
    fn reach(&self) -> (usize, usize) {
        (
            self.offset - self.added,
            self.offset + RIGHT_STEPS * self.added,
        )
    }

    /// Adds one attempted question, right with chance `p`: the convolution of the score so
    /// far with {+3 steps: p, −1 step: 1 − p}. A question beyond the room made in
    /// [`Score::blank`] is ignored (the callers never add one).
    pub fn add(&mut self, p: f64) {
        if self.added >= self.offset {
            return;
        }
        let p = p.clamp(0.0, 1.0);
        let (low, high) = self.reach();
        self.scratch[low - 1..=high + RIGHT_STEPS].fill(0.0);
        for i in low..=high {
            let here = self.chance[i];
            self.scratch[i + RIGHT_STEPS] += here * p;
            self.scratch[i - 1] += here * (1.0 - p);
        }
        std::mem::swap(&mut self.chance, &mut self.scratch);
        self.added += 1;
    }

    /// Adds `n` attempted questions, each right with chance `p`.
    pub fn add_many(&mut self, n: usize, p: f64) {
        for _ in 0..n {
            self.add(p);
        }
    }

    /// The chance that the score reaches `cutoff` marks (a score equal to the cutoff
    /// clears it: the published cutoff is the lowest score that qualified).
    #[cfg(test)]
    pub fn p_at_least(&self, cutoff: f64) -> f64 {
        self.p_clear(&Cutoffs::new(&[cutoff]))
    }

    /// The mean over the cutoffs (each equally likely) of the chance of reaching it: one
    /// walk down the reachable scores, adding up the tail and taking each cutoff as it
    /// passes.
    pub fn p_clear(&self, cutoffs: &Cutoffs) -> f64 {
        if cutoffs.steps.is_empty() {
            return 0.0;
        }
        let (low, high) = self.reach();
        let low = low as i64 - self.offset as i64;
        let high = high as i64 - self.offset as i64;
        let mut total = 0.0;
        let mut tail = 0.0;
        let mut score = high;
        for &needed in &cutoffs.steps {
            // Every score from `needed` up is in the tail.
            let stop = needed.max(low);
            while score >= stop {
                tail += self.chance[(score + self.offset as i64) as usize];
                score -= 1;
            }
            if needed <= high {
                total += tail.min(1.0);
            }
        }
        total / cutoffs.steps.len() as f64
    }

    /// The chance of each score, in thirds of a mark (`(thirds, chance)`), the impossible
    /// ones left out.
    #[cfg(test)]
    pub fn in_thirds(&self) -> Vec<(i64, f64)> {
        self.chance
            .iter()
            .enumerate()
            .filter(|(_, c)| **c > 0.0)
            .map(|(i, c)| (2 * (i as i64 - self.offset as i64), *c))
            .collect()
    }
}

/// The least whole number of 2/3-mark steps whose score is at least `cutoff` marks:
/// `ceil(1.5 × cutoff)`, with a margin for cutoffs like 98.00 whose product with 1.5 a
/// float may put a hair above a whole number.
pub fn steps_needed(cutoff: f64) -> i64 {
    (1.5 * cutoff - 1e-9).ceil() as i64
}

/// Marks a question attempted at accuracy `p` is worth on average: 2p − (2/3)(1 − p).
pub fn expected_marks(p: f64) -> f64 {
    2.0 * p - (2.0 / 3.0) * (1.0 - p)
}

/// Splits `total` questions in proportion to `counts` by largest remainder (Hamilton's
/// method): each gets the whole part of its quota, and the questions left over go to the
/// largest fractional parts (ties to the earlier one). All zero counts give all zeros.
pub fn largest_remainder(counts: &[u64], total: usize) -> Vec<usize> {
    let sum: u64 = counts.iter().sum();
    if sum == 0 {
        return vec![0; counts.len()];
    }
    // Exact in integers: quota_i = counts_i · total / sum, its remainder counts_i·total mod sum.
    let mut shares: Vec<usize> = Vec::with_capacity(counts.len());
    let mut remainders: Vec<(u128, usize)> = Vec::with_capacity(counts.len());
    for (i, &c) in counts.iter().enumerate() {
        let scaled = u128::from(c) * total as u128;
        shares.push((scaled / u128::from(sum)) as usize);
        remainders.push((scaled % u128::from(sum), i));
    }
    let given: usize = shares.iter().sum();
    remainders.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for &(_, i) in remainders.iter().take(total.saturating_sub(given)) {
        shares[i] += 1;
    }
    shares
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn choose(n: u64, k: u64) -> f64 {
        (0..k).fold(1.0, |acc, i| acc * (n - i) as f64 / (i + 1) as f64)
    }

    #[test]
    fn ten_questions_at_one_half_against_six_marks_by_hand() {
        // Score 2R − (2/3)(10 − R) = (8R − 20)/3 ≥ 6 ⇔ R ≥ 4.75 ⇔ R ≥ 5 (R = 4 gives 4).
        // P(R ≥ 5) = (252 + 210 + 120 + 45 + 10 + 1) / 1024 = 638/1024.
        let mut score = Score::blank(10);
        score.add_many(10, 0.5);
        assert!((score.p_at_least(6.0) - 638.0 / 1024.0).abs() < 1e-12);
        // R = 5 gives 6.67 (20/3): it clears 6.66 but not 6.67, which needs R ≥ 6:
        // (210 + 120 + 45 + 10 + 1) / 1024.
        assert!((score.p_at_least(6.66) - 638.0 / 1024.0).abs() < 1e-12);
        assert!((score.p_at_least(6.67) - 386.0 / 1024.0).abs() < 1e-12);
    }

    #[test]
    fn a_cutoff_equal_to_a_reachable_score_is_cleared() {
        // One question right for certain: 2 marks; 98.00-style cutoffs must not slip.
        let mut score = Score::blank(1);
        score.add(1.0);
        assert_eq!(score.p_at_least(2.0), 1.0);
        assert_eq!(score.p_at_least(2.01), 0.0);
        // 49 right of 49: 98 marks exactly, the 2018 and 2019 cutoff.
        let mut score = Score::blank(49);
        score.add_many(49, 1.0);
        assert_eq!(score.p_at_least(98.0), 1.0);
        assert_eq!(steps_needed(98.0), 147);
        assert_eq!(steps_needed(92.51), 139);
    }

    #[test]
    fn three_questions_mixed_by_hand() {
        // Accuracies 0.9, 0.5 and 0.25; clear 2 marks: at least one right and no more than
        // ... 1 right 2 wrong = 0.67 (no), 2 right 1 wrong = 3.33 (yes), 3 right = 6 (yes).
        let mut score = Score::blank(3);
        for p in [0.9, 0.5, 0.25] {
            score.add(p);
        }
        let two_or_more = 0.9 * 0.5 * 0.75 + 0.9 * 0.5 * 0.25 + 0.1 * 0.5 * 0.25 + 0.9 * 0.5 * 0.25;
        assert!((score.p_at_least(2.0) - two_or_more).abs() < 1e-12);
        // The mean over two cutoffs is the mean of the chances.
        let both = score.p_clear(&Cutoffs::new(&[2.0, -2.0]));
        assert!((both - (two_or_more + 1.0) / 2.0).abs() < 1e-12);
    }

    #[test]
    fn largest_remainder_fills_exactly_and_favours_the_largest_remainders() {
        assert_eq!(largest_remainder(&[1, 1, 1], 100), vec![34, 33, 33]);
        assert_eq!(largest_remainder(&[0, 0], 100), vec![0, 0]);
        assert_eq!(largest_remainder(&[50, 30, 20], 100), vec![50, 30, 20]);
        // Quotas 66.67, 16.67, 16.67 → 66, 16, 16 and two left: to the three-way tie of
        // .67 in order.
        assert_eq!(largest_remainder(&[4, 1, 1], 100), vec![67, 17, 16]);
    }

    /// Every way the paper could go, enumerated: each question right or wrong.
    fn brute(ps: &[f64], cutoff: f64) -> f64 {
        let n = ps.len();
        let mut total = 0.0;
        for mask in 0u32..(1 << n) {
            let mut chance = 1.0;
            let mut thirds = 0i64;
            for (i, &p) in ps.iter().enumerate() {
                if mask & (1 << i) != 0 {
                    chance *= p;
                    thirds += 6;
                } else {
                    chance *= 1.0 - p;
                    thirds -= 2;
                }
            }
            // Compared in thirds, exactly: thirds/3 ≥ cutoff.
            if thirds as f64 >= 3.0 * cutoff - 1e-9 {
                total += chance;
            }
        }
        total
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        #[test]
        fn the_convolution_equals_enumerating_every_outcome(
            ps in proptest::collection::vec(0.0f64..=1.0, 0..12),
            cutoff in -10.0f64..30.0,
        ) {
            let mut score = Score::blank(ps.len());
            for &p in &ps {
                score.add(p);
            }
            let exact = score.p_at_least(cutoff);
            prop_assert!((exact - brute(&ps, cutoff)).abs() < 1e-9);
            // The whole distribution sums to one.
            let sum: f64 = score.in_thirds().iter().map(|(_, c)| c).sum();
            prop_assert!((sum - 1.0).abs() < 1e-9);
        }

        #[test]
        fn equal_accuracies_give_the_binomial(n in 0u64..15, p in 0.0f64..=1.0, right in 0u64..15) {
            let mut score = Score::blank(n as usize);
            score.add_many(n as usize, p);
            let right = right.min(n);
            let thirds = 6 * right as i64 - 2 * (n - right) as i64;
            let expected = choose(n, right) * p.powi(right as i32) * (1.0 - p).powi((n - right) as i32);
            let found = score.in_thirds().iter().find(|(t, _)| *t == thirds).map_or(0.0, |(_, c)| *c);
            prop_assert!((found - expected).abs() < 1e-9);
        }

        #[test]
        fn largest_remainder_always_gives_the_total(counts in proptest::collection::vec(0u64..1000, 1..25)) {
            let shares = largest_remainder(&counts, PAPER_QUESTIONS);
            let sum: u64 = counts.iter().sum();
            if sum == 0 {
                prop_assert!(shares.iter().all(|&s| s == 0));
            } else {
                prop_assert_eq!(shares.iter().sum::<usize>(), PAPER_QUESTIONS);
                for (c, s) in counts.iter().zip(&shares) {
                    let quota = *c as f64 * PAPER_QUESTIONS as f64 / sum as f64;
                    prop_assert!((*s as f64 - quota).abs() < 1.0 + 1e-9);
                }
            }
        }
    }
}
