//! Turning a card into the question a learner sees, the way the UPSC paper words it.
//!
//! Every UPSC wording (the closing questions, the option codes, the Statement-I/II
//! options) lives in [`wording`]. Sampling is fresh each time a card is shown: a random
//! subset and order of a statement pool, a random number of deliberately mismatched
//! pairs, shuffled MCQ options. The right option is always computed here.

use std::fmt::Write as _;

use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, RngExt, SeedableRng};

use crate::deck::{Assertion, Body, Card, Form, Mcq, Numeric, Pairs, Recall, Statements};

/// The exact words of the Commission's papers, in one place.
pub mod wording {
    pub const WHICH_STATEMENTS: &str = "Which of the statements given above is/are correct?";
    pub const HOW_MANY_STATEMENTS: &str = "How many of the above statements are correct?";
    pub const HOW_MANY_PAIRS: &str = "How many of the above pairs are correctly matched?";
    pub const WHICH_PAIRS: &str = "Which of the pairs given above is/are correctly matched?";
    pub const ASSERTION_ASK: &str =
        "Which one of the following is correct in respect of the above statements?";
    pub const ASSERTION_OPTIONS: [&str; 4] = [
        "Both Statement-I and Statement-II are correct and Statement-II is the correct explanation for Statement-I",
        "Both Statement-I and Statement-II are correct and Statement-II is not the correct explanation for Statement-I",
        "Statement-I is correct but Statement-II is incorrect",
        "Statement-I is incorrect but Statement-II is correct",
    ];
    pub const OPTION_LETTERS: [&str; 6] = ["(a)", "(b)", "(c)", "(d)", "(e)", "(f)"];

    /// "Only one", "Only two", … for a count of correct items out of `total` (3 or 4).
    pub fn how_many(count: usize, total: usize) -> &'static str {
        match (count, total) {
            (0, _) => "None",
            (1, _) => "Only one",
            (2, 2) => "Both",
            (2, _) => "Only two",
            (3, 3) => "All three",
            (3, _) => "Only three",
            (4, _) => "All four",
            _ => "More than four",
        }
    }

    /// The options of the how-many form: three items have "None" as the fourth option;
    /// four items have "Only three" and "All four" instead.
    pub fn how_many_options(total: usize) -> Vec<usize> {
        if total == 4 {
            vec![1, 2, 3, 4]
        } else {
            vec![1, 2, 3, 0]
        }
    }

    fn join_numbers(items: &[usize]) -> String {
        let names: Vec<String> = items.iter().map(|i| (i + 1).to_string()).collect();
        match names.as_slice() {
            [] => String::new(),
            [one] => one.clone(),
            [init @ .., last] => format!("{} and {last}", init.join(", ")),
        }
    }

    /// The code for a set of item numbers (0-based, sorted) out of `total`:
    /// "1 only", "1 and 2 only", "Both 1 and 2", "1, 2 and 3", "Neither 1 nor 2", …
    pub fn code(items: &[usize], total: usize) -> String {
        match (items.len(), total) {
            (0, 2) => "Neither 1 nor 2".to_string(),
            (0, _) => "None of the above".to_string(),
            (2, 2) => "Both 1 and 2".to_string(),
            (n, t) if n == t => join_numbers(items),
            _ => format!("{} only", join_numbers(items)),
        }
    }
}

/// How a question is answered.
#[derive(Debug, Clone, PartialEq)]
pub enum Response {
    /// Pick one of `options`; `correct` indexes the right one.
    Choice {
        options: Vec<String>,
        correct: usize,
    },
    /// Type a name or phrase, checked by [`crate::answer::check_recall`].
    Recall { answer: String, accept: Vec<String> },
    /// Type an amount, checked by [`crate::answer::check_numeric`].
    Numeric(Numeric),
    /// Think of the answer, reveal it, and grade oneself.
    SelfGrade { answer: String },
}

/// One showing of a card: the text to display, how to answer, and what to reveal after.
#[derive(Debug, Clone, PartialEq)]
pub struct Question {
    pub text: String,
    pub response: Response,
    /// The right answer in words, shown after answering.
    pub answer_text: String,
    /// Per-item notes shown after answering (which statement is false and why, the
    /// true pairing of a mismatched pair).
    pub notes: Vec<String>,
}

/// A pick-one question; the right answer is shown after as "(c) 1 and 3 only".
fn choice(text: String, options: Vec<String>, correct: usize, notes: Vec<String>) -> Question {
    let letter = wording::OPTION_LETTERS.get(correct).copied().unwrap_or("");
    let answer_text = format!(
        "{letter} {}",
        options.get(correct).map_or("", String::as_str)
    );
    Question {
        text,
        answer_text,
        response: Response::Choice { options, correct },
        notes,
    }
}

/// Builds a fresh showing of `card`.
pub fn present(card: &Card, rng: &mut impl Rng) -> Question {
    match &card.body {
        Body::Recall(recall) => recall_question(recall),
        Body::Numeric(numeric) => numeric_question(numeric),
        Body::Mcq(mcq) => mcq_question(mcq, rng),
        Body::Statements(statements) => statements_question(statements, rng),
        Body::Pairs(pairs) => pairs_question(pairs, rng),
        Body::Assertion(assertion) => assertion_question(assertion),
    }
}

/// Most items shown by [`present_all`]: the "which" codes enumerate every subset of the
/// items shown, so the count must stay small.
const MOST_SHOWN_AT_ONCE: usize = 10;

/// A fixed showing of `card` for exports, the same every time: MCQ options in the written
/// order, the whole statement pool and every pair in the written order (up to ten), and
/// the remaining choices (which pairs are mismatched, which "which" codes appear) drawn
/// from a generator seeded with the card's fingerprint.
pub fn present_all(card: &Card) -> Question {
    let mut rng = StdRng::seed_from_u64(card.fingerprint());
    match &card.body {
        Body::Recall(recall) => recall_question(recall),
        Body::Numeric(numeric) => numeric_question(numeric),
        Body::Mcq(mcq) => choice(
            mcq.prompt.clone(),
            mcq.options.clone(),
            mcq.answer,
            Vec::new(),
        ),
        Body::Statements(statements) => {
            let shown: Vec<usize> =
                (0..statements.statements.len().min(MOST_SHOWN_AT_ONCE)).collect();
            let any_correct = shown.iter().any(|&i| statements.statements[i].correct);
            // The how-many wording exists for three or four items, and over four it has no
            // "None"; everything else is asked in the "which" form.
            let how_many_fits = shown.len() == 3 || (shown.len() == 4 && any_correct);
            let form = if statements.form == Some(Form::HowMany) && how_many_fits {
                Form::HowMany
            } else {
                Form::Which
            };
            statements_asked(statements, &shown, form, &mut rng)
        }
        Body::Pairs(pairs) => {
            let count = pairs.pairs.len().min(MOST_SHOWN_AT_ONCE);
            let shown: Vec<usize> = (0..count).collect();
            let spares: Vec<&str> = pairs.pairs[count..]
                .iter()
                .map(|p| p.right.as_str())
                .chain(pairs.decoys.iter().map(String::as_str))
                .collect();
            let form = if count <= 4 { pairs.form } else { Form::Which };
            pairs_asked(pairs, &shown, &spares, form, &mut rng)
        }
        Body::Assertion(assertion) => assertion_question(assertion),
    }
}

fn recall_question(recall: &Recall) -> Question {
    let response = if recall.self_grade {
        Response::SelfGrade {
            answer: recall.answer.clone(),
        }
    } else {
        Response::Recall {
            answer: recall.answer.clone(),
            accept: recall.accept.clone(),
        }
    };
    Question {
        text: recall.prompt.clone(),
        response,
        answer_text: recall.answer.clone(),
        notes: Vec::new(),
    }
}

fn numeric_question(numeric: &Numeric) -> Question {
    let unit = if numeric.unit.is_empty() {
        String::new()
    } else {
        format!(" {}", numeric.unit)
    };
    let described = crate::quantity::describe(numeric.value);
    let mut answer_text = format!("{}{unit}", numeric.value_text);
    if described != numeric.value_text && numeric.value.abs() >= 1e5 {
        let _ = write!(answer_text, " = {described}");
    }
    Question {
        text: numeric.prompt.clone(),
        response: Response::Numeric(numeric.clone()),
        answer_text,
        notes: Vec::new(),
    }
}

fn mcq_question(mcq: &Mcq, rng: &mut impl Rng) -> Question {
    let mut order: Vec<usize> = (0..mcq.options.len()).collect();
    if mcq.shuffle {
        order.shuffle(rng);
    }
    let options: Vec<String> = order.iter().map(|&i| mcq.options[i].clone()).collect();
    let correct = order.iter().position(|&i| i == mcq.answer).unwrap_or(0);
    choice(mcq.prompt.clone(), options, correct, Vec::new())
}

/// Options for the "which" form: the right code plus three others, in the paper's order.
fn which_options(correct: &[usize], total: usize, rng: &mut impl Rng) -> (Vec<String>, usize) {
    // Every subset of the items, in the order papers list codes: by size, then by the
    // usual sequence ("1 and 2", "2 and 3", "1 and 3" for three items).
    let mut subsets: Vec<Vec<usize>> = (0..(1u32 << total))
        .map(|mask| (0..total).filter(|i| mask & (1 << i) != 0).collect())
        .collect();
    subsets.sort_by_key(|s: &Vec<usize>| {
        let spread = s.last().zip(s.first()).map_or(0, |(l, f)| l - f);
        (s.is_empty(), s.len(), spread, s.clone())
    });
    let chosen: Vec<Vec<usize>> = if total == 2 {
        subsets
    } else {
        // Three items: the classic set is the three pairs and all three; four items: the
        // bigger combinations. Put the right code in, replacing a random distractor.
        let mut classic: Vec<Vec<usize>> = subsets
            .iter()
            .filter(|s| s.len() >= total.saturating_sub(2).max(2))
            .cloned()
            .collect();
        classic.shuffle(rng);
        classic.truncate(4);
        if !classic.iter().any(|s| s == correct) {
            let slot = rng.random_range(0..classic.len());
            classic[slot] = correct.to_vec();
        }
        subsets.retain(|s| classic.contains(s));
        subsets
    };
    let index = chosen.iter().position(|s| s == correct).unwrap_or(0);
    let options = chosen.iter().map(|s| wording::code(s, total)).collect();
    (options, index)
}

fn how_many_options(count: usize, total: usize) -> (Vec<String>, usize) {
    let counts = wording::how_many_options(total);
    let correct = counts.iter().position(|&c| c == count).unwrap_or(0);
    let options = counts
        .iter()
        .map(|&c| wording::how_many(c, total).to_string())
        .collect();
    (options, correct)
}

fn statements_question(card: &Statements, rng: &mut impl Rng) -> Question {
    let show = card.show.min(card.statements.len());
    let form = match card.form {
        _ if show == 2 => Form::Which,
        Some(form) => form,
        None if rng.random_bool(0.5) => Form::Which,
        None => Form::HowMany,
    };
    let mut order: Vec<usize> = (0..card.statements.len()).collect();
    order.shuffle(rng);
    let mut shown: Vec<usize> = order[..show].to_vec();
    // "How many" over four items has no "None" option: make sure one shown statement is
    // correct (the loader guarantees the pool has one).
    if form == Form::HowMany
        && show == 4
        && !shown.iter().any(|&i| card.statements[i].correct)
        && let Some(&spare) = order[show..].iter().find(|&&i| card.statements[i].correct)
    {
        let slot = rng.random_range(0..show);
        shown[slot] = spare;
    }
    statements_asked(card, &shown, form, rng)
}

/// The question over the statements `shown` (indexes into the pool, in display order).
fn statements_asked(
    card: &Statements,
    shown: &[usize],
    form: Form,
    rng: &mut impl Rng,
) -> Question {
    let show = shown.len();
    let mut text = format!("{}\n", card.stem);
    for (n, &i) in shown.iter().enumerate() {
        let _ = write!(text, "\n  {}. {}", n + 1, card.statements[i].text);
    }
    let correct_items: Vec<usize> = (0..show)
        .filter(|&n| card.statements[shown[n]].correct)
        .collect();
    let (ask, (options, correct)) = match form {
        Form::Which => (
            wording::WHICH_STATEMENTS,
            which_options(&correct_items, show, rng),
        ),
        Form::HowMany => (
            wording::HOW_MANY_STATEMENTS,
            how_many_options(correct_items.len(), show),
        ),
    };
    let _ = write!(text, "\n\n{ask}");
    let notes = shown
        .iter()
        .enumerate()
        .map(|(n, &i)| {
            let s = &card.statements[i];
            let verdict = if s.correct { "correct" } else { "incorrect" };
            match &s.why {
                Some(why) => format!("{}. {verdict}: {why}", n + 1),
                None => format!("{}. {verdict}", n + 1),
            }
        })
        .collect();
    choice(text, options, correct, notes)
}

fn pairs_question(card: &Pairs, rng: &mut impl Rng) -> Question {
    let show = card.show.min(card.pairs.len());
    let mut order: Vec<usize> = (0..card.pairs.len()).collect();
    order.shuffle(rng);
    let shown: Vec<usize> = order[..show].to_vec();
    // Right-hand values that are not shown as anyone's correct match can stand in for a
    // single mismatch; two or more mismatches can also swap among themselves.
    let spares: Vec<&str> = order[show..]
        .iter()
        .map(|&i| card.pairs[i].right.as_str())
        .chain(card.decoys.iter().map(String::as_str))
        .collect();
    pairs_asked(card, &shown, &spares, card.form, rng)
}

/// The question over the pairs `shown` (indexes into the card's pairs, in display order),
/// a random number of them deliberately mismatched using `spares` and each other.
fn pairs_asked(
    card: &Pairs,
    shown: &[usize],
    spares: &[&str],
    form: Form,
    rng: &mut impl Rng,
) -> Question {
    let show = shown.len();
    let mut possible: Vec<usize> = (0..=show)
        .filter(|&k| k != 1 || !spares.is_empty())
        .collect();
    if form == Form::HowMany && show == 4 {
        possible.retain(|&k| k < 4); // "How many" over four has no "None".
    }
    let mismatched_count = possible[rng.random_range(0..possible.len())];
    let mut slots: Vec<usize> = (0..show).collect();
    slots.shuffle(rng);
    let mismatched: Vec<usize> = slots[..mismatched_count].to_vec();

    let mut rights: Vec<String> = shown.iter().map(|&i| card.pairs[i].right.clone()).collect();
    if mismatched_count == 1 {
        let spare = spares[rng.random_range(0..spares.len())];
        rights[mismatched[0]] = spare.to_string();
    } else if mismatched_count >= 2 {
        // Rotate the right-hand values among the mismatched rows (a derangement), then
        // sometimes swap one for a spare so rotations are not the only pattern.
        let originals: Vec<String> = mismatched.iter().map(|&s| rights[s].clone()).collect();
        for (n, &slot) in mismatched.iter().enumerate() {
            rights[slot] = originals[(n + 1) % originals.len()].clone();
        }
        if !spares.is_empty() && rng.random_bool(0.5) {
            let slot = mismatched[rng.random_range(0..mismatched.len())];
            rights[slot] = spares[rng.random_range(0..spares.len())].to_string();
        }
    }

    let mut text = format!("{}\n", card.stem);
    if let Some([left, right]) = &card.columns {
        let _ = write!(text, "\n     {left} — {right}");
    }
    for (n, &i) in shown.iter().enumerate() {
        let _ = write!(
            text,
            "\n  {}. {} — {}",
            n + 1,
            card.pairs[i].left,
            rights[n]
        );
    }
    let matched: Vec<usize> = (0..show).filter(|n| !mismatched.contains(n)).collect();
    let (ask, (options, correct)) = match form {
        Form::HowMany => (
            wording::HOW_MANY_PAIRS,
            how_many_options(matched.len(), show),
        ),
        Form::Which => (wording::WHICH_PAIRS, which_options(&matched, show, rng)),
    };
    let _ = write!(text, "\n\n{ask}");
    let notes = shown
        .iter()
        .enumerate()
        .map(|(n, &i)| {
            let pair = &card.pairs[i];
            if mismatched.contains(&n) {
                format!(
                    "{}. mismatched: {} goes with {}",
                    n + 1,
                    pair.left,
                    pair.right
                )
            } else {
                format!("{}. correctly matched", n + 1)
            }
        })
        .collect();
    choice(text, options, correct, notes)
}

fn assertion_question(card: &Assertion) -> Question {
    let text = format!(
        "Statement-I: {}\n\nStatement-II: {}\n\n{}",
        card.statement1,
        card.statement2,
        wording::ASSERTION_ASK
    );
    let correct = match (
        card.statement1_correct,
        card.statement2_correct,
        card.explains,
    ) {
        (true, true, true) => 0,
        (true, true, false) => 1,
        (true, false, _) => 2,
        _ => 3,
    };
    let options: Vec<String> = wording::ASSERTION_OPTIONS
        .iter()
        .map(|s| s.to_string())
        .collect();
    choice(text, options, correct, Vec::new())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::{Pair, Statement};

    #[test]
    fn codes_for_two_three_and_four_items() {
        assert_eq!(wording::code(&[0], 2), "1 only");
        assert_eq!(wording::code(&[1], 2), "2 only");
        assert_eq!(wording::code(&[0, 1], 2), "Both 1 and 2");
        assert_eq!(wording::code(&[], 2), "Neither 1 nor 2");
        assert_eq!(wording::code(&[0, 1], 3), "1 and 2 only");
        assert_eq!(wording::code(&[1, 2], 3), "2 and 3 only");
        assert_eq!(wording::code(&[0, 2], 3), "1 and 3 only");
        assert_eq!(wording::code(&[0, 1, 2], 3), "1, 2 and 3");
        assert_eq!(wording::code(&[0, 1, 3], 4), "1, 2 and 4 only");
        assert_eq!(wording::code(&[0, 1, 2, 3], 4), "1, 2, 3 and 4");
    }

    #[test]
    fn how_many_wordings() {
        let three: Vec<&str> = wording::how_many_options(3)
            .into_iter()
            .map(|c| wording::how_many(c, 3))
            .collect();
        assert_eq!(three, ["Only one", "Only two", "All three", "None"]);
        let four: Vec<&str> = wording::how_many_options(4)
            .into_iter()
            .map(|c| wording::how_many(c, 4))
            .collect();
        assert_eq!(four, ["Only one", "Only two", "Only three", "All four"]);
    }

    #[test]
    fn two_statements_give_the_four_canonical_codes() {
        let mut rng = StdRng::seed_from_u64(1);
        let (options, correct) = which_options(&[1], 2, &mut rng);
        assert_eq!(
            options,
            ["1 only", "2 only", "Both 1 and 2", "Neither 1 nor 2"]
        );
        assert_eq!(correct, 1);
    }

    #[test]
    fn three_statements_use_the_classic_codes_in_paper_order() {
        let mut rng = StdRng::seed_from_u64(2);
        let (options, correct) = which_options(&[0, 2], 3, &mut rng);
        assert_eq!(
            options,
            ["1 and 2 only", "2 and 3 only", "1 and 3 only", "1, 2 and 3"]
        );
        assert_eq!(correct, 2);
        // A single correct statement takes the place of one classic code.
        for seed in 0..20 {
            let mut rng = StdRng::seed_from_u64(seed);
            let (options, correct) = which_options(&[1], 3, &mut rng);
            assert_eq!(options.len(), 4);
            assert_eq!(options[correct], "2 only");
            assert_eq!(
                options[0], "2 only",
                "codes are listed by size: {options:?}"
            );
        }
    }

    fn statements_card(truths: &[bool], show: usize, form: Option<Form>) -> Statements {
        Statements {
            stem: "Consider:".into(),
            statements: truths
                .iter()
                .enumerate()
                .map(|(i, &correct)| Statement {
                    text: format!("S{i}"),
                    correct,
                    why: None,
                })
                .collect(),
            show,
            form,
        }
    }

    /// Reads back which pool statements were shown, from the numbered lines.
    fn shown_statements(text: &str) -> Vec<usize> {
        text.lines()
            .filter_map(|l| l.trim().split_once(". S"))
            .filter_map(|(_, i)| i.parse().ok())
            .collect()
    }

    #[test]
    fn sampled_statements_are_fresh_and_the_answer_follows_them() {
        let truths = [true, false, true, false, true, false];
        let card = statements_card(&truths, 3, None);
        let mut seen_sets = std::collections::HashSet::new();
        let mut rng = StdRng::seed_from_u64(7);
        for _ in 0..200 {
            let q = statements_question(&card, &mut rng);
            let shown = shown_statements(&q.text);
            assert_eq!(shown.len(), 3, "{}", q.text);
            seen_sets.insert(shown.clone());
            let Response::Choice { options, correct } = &q.response else {
                panic!("statements are a choice")
            };
            let right: Vec<usize> = (0..3).filter(|&n| truths[shown[n]]).collect();
            let expected = if q.text.contains(wording::HOW_MANY_STATEMENTS) {
                wording::how_many(right.len(), 3).to_string()
            } else {
                wording::code(&right, 3)
            };
            assert_eq!(options[*correct], expected, "{}", q.text);
        }
        assert!(
            seen_sets.len() > 30,
            "only {} distinct orders",
            seen_sets.len()
        );
    }

    #[test]
    fn four_statements_how_many_always_has_a_correct_one() {
        let card = statements_card(
            &[true, false, false, false, false, false],
            4,
            Some(Form::HowMany),
        );
        let mut rng = StdRng::seed_from_u64(3);
        for _ in 0..100 {
            let q = statements_question(&card, &mut rng);
            let Response::Choice { options, correct } = &q.response else {
                panic!()
            };
            assert_eq!(options[*correct], "Only one");
        }
    }

    #[test]
    fn pairs_mismatch_a_random_number_and_count_the_rest() {
        let card = Pairs {
            stem: "Consider the following pairs:".into(),
            columns: None,
            pairs: (0..4)
                .map(|i| Pair {
                    left: format!("L{i}"),
                    right: format!("R{i}"),
                })
                .collect(),
            decoys: vec!["R9".into()],
            show: 4,
            form: Form::HowMany,
        };
        let mut rng = StdRng::seed_from_u64(11);
        let mut counts = std::collections::HashSet::new();
        for _ in 0..300 {
            let q = pairs_question(&card, &mut rng);
            let matched = q
                .text
                .lines()
                .filter_map(|l| l.trim().split_once(". L"))
                .filter(|(_, rest)| {
                    let (l, r) = rest.split_once(" — R").unwrap_or(("x", "y"));
                    l == r
                })
                .count();
            counts.insert(matched);
            let Response::Choice { options, correct } = &q.response else {
                panic!()
            };
            assert_eq!(
                options[*correct],
                wording::how_many(matched, 4),
                "{}",
                q.text
            );
            assert!(matched >= 1, "four pairs always keep one match");
        }
        assert_eq!(
            counts.len(),
            4,
            "1 to 4 matched pairs all occur: {counts:?}"
        );
    }

    #[test]
    fn assertion_answer_is_computed() {
        let card = |a, b, e| Assertion {
            statement1: "I".into(),
            statement2: "II".into(),
            statement1_correct: a,
            statement2_correct: b,
            explains: e,
        };
        let answer = |c: Assertion| match assertion_question(&c).response {
            Response::Choice { correct, .. } => correct,
            _ => usize::MAX,
        };
        assert_eq!(answer(card(true, true, true)), 0);
        assert_eq!(answer(card(true, true, false)), 1);
        assert_eq!(answer(card(true, false, false)), 2);
        assert_eq!(answer(card(false, true, false)), 3);
    }
}
