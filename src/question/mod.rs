//! Turning a card into the question a learner sees, the way the UPSC paper words it.
//!
//! Every UPSC wording (numbering, closing questions, option codes and counts, the
//! Statement I/II/III labels and options), in the 2024 and the 2025 house style, lives in
//! [`wording`]; a card's [`Style`] picks one. A rows question carries its table in its
//! text as [`table`] writes it, for the terminal to lay out at its width. Sampling is fresh each time a card is shown: a random
//! subset and order of a statement pool, a random number of deliberately mismatched
//! pairs, shuffled MCQ options. The right option is always computed here.

use std::fmt::Write as _;

use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, RngExt, SeedableRng};

use crate::deck::{
    Ask, Assertion, Body, Card, Form, Mcq, Numeric, Pairs, Recall, Rows, Statements, Style,
};

pub(crate) mod table;
pub(crate) mod wording;

/// How a question is answered.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Response {
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
pub(crate) struct Question {
    /// The question as shown, options aside; a rows question's table is in it as
    /// [`table::Table::to_text`] writes it (lay it out with [`crate::ui::Layout::block`],
    /// or [`table::plain`] for plain text).
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
pub(crate) fn present(card: &Card, rng: &mut impl Rng) -> Question {
    match &card.body {
        Body::Recall(recall) => recall_question(recall),
        Body::Numeric(numeric) => numeric_question(numeric),
        Body::Mcq(mcq) => mcq_question(mcq, rng),
        Body::Statements(statements) => {
            statements_question(statements, card.style, card.fingerprint(), rng)
        }
        Body::Pairs(pairs) => pairs_question(pairs, card.style, card.fingerprint(), rng),
        Body::Rows(rows) => rows_question(rows, card.style, card.fingerprint(), rng),
        Body::Assertion(assertion) => assertion_question(assertion, card.style),
    }
}

/// `card` as a printed paper in the order written asks it ([`crate::paper`]): as a session
/// would ([`present`]: its `show` count and form, a subset of its pool, MCQ options
/// shuffled unless `shuffle = false`), drawn from a generator seeded with the card's
/// fingerprint, so the same card prints the same way on every run. A card written as the
/// paper printed it (`shuffle = false`, written `options`, authored pairs all shown) prints
/// exactly as written.
pub(crate) fn present_printed(card: &Card) -> Question {
    // Authored pairs (each written correct or not) that are all shown are a question as
    // the paper printed it: printed in the written order, as the Commission set them.
    if let Body::Pairs(pairs) = &card.body
        && pairs.authored
        && pairs.pairs.len() <= pairs.show
    {
        return present_all(card);
    }
    let mut rng = StdRng::seed_from_u64(card.fingerprint());
    present(card, &mut rng)
}

/// Whether cards of `kind` are asked with options to choose from ([`Response::Choice`]):
/// every kind but recall and numeric. A paper is planned from this before any card is
/// parsed; a test holds it to what [`present`] and [`present_all`] do.
pub(crate) fn asked_as_choice(kind: crate::deck::Kind) -> bool {
    !matches!(kind, crate::deck::Kind::Recall | crate::deck::Kind::Numeric)
}

/// Most items shown by [`present_all`]: the "which" codes enumerate every subset of the
/// items shown, so the count must stay small.
const MOST_SHOWN_AT_ONCE: usize = 10;

/// A fixed showing of `card` for exports, the same every time: MCQ options in the written
/// order, the whole statement pool and every pair in the written order (up to ten), and
/// the remaining choices (which pairs are mismatched, which "which" codes appear) drawn
/// from a generator seeded with the card's fingerprint.
pub(crate) fn present_all(card: &Card) -> Question {
    let mut rng = StdRng::seed_from_u64(card.fingerprint());
    let style = card.style;
    match &card.body {
        Body::Recall(recall) => recall_question(recall),
        Body::Numeric(numeric) => numeric_question(numeric),
        Body::Mcq(mcq) => choice(
            mcq.prompt.clone(),
            mcq.options.clone(),
            mcq.answer,
            Vec::new(),
        ),
        Body::Statements(statements) if as_written(statements) => {
            let shown: Vec<usize> = (0..statements.statements.len()).collect();
            let form = statements_form(statements, shown.len(), &mut rng);
            statements_asked(statements, &shown, form, style, false, &mut rng)
        }
        Body::Statements(statements) => {
            let shown: Vec<usize> =
                (0..statements.statements.len().min(MOST_SHOWN_AT_ONCE)).collect();
            let any_asked = shown.iter().any(|&i| asked(statements, i));
            // The how-many wording exists for three to nine items, and over four it has
            // no "None"; everything else is asked in the "which" form.
            let how_many_fits = (3..=9).contains(&shown.len()) && (shown.len() != 4 || any_asked);
            let form = if statements.form == Some(Form::HowMany) && how_many_fits {
                Form::HowMany
            } else {
                Form::Which
            };
            statements_asked(statements, &shown, form, style, true, &mut rng)
        }
        Body::Pairs(pairs) if pairs_as_written(pairs) => {
            let shown: Vec<usize> = (0..pairs.pairs.len()).collect();
            let (rights, mismatched) = authored_matches(pairs, &shown);
            pairs_asked(
                pairs,
                &shown,
                rights,
                &mismatched,
                pairs.form,
                style,
                &mut rng,
            )
        }
        Body::Pairs(pairs) => {
            let count = pairs.pairs.len().min(MOST_SHOWN_AT_ONCE);
            let shown: Vec<usize> = (0..count).collect();
            // "How many" over four has no "None": asked only when a pair asked for is shown.
            let any_asked = (0..count).any(|i| pair_asked(pairs, i));
            let form = if count < 4 || (count == 4 && (any_asked || !pairs.authored)) {
                pairs.form
            } else {
                Form::Which
            };
            let (rights, mismatched) = if pairs.authored {
                authored_matches(pairs, &shown)
            } else {
                let spares: Vec<&str> = pairs.pairs[count..]
                    .iter()
                    .map(|p| p.right.as_str())
                    .chain(pairs.decoys.iter().map(String::as_str))
                    .collect();
                mismatch(pairs, &shown, &spares, form, &mut rng)
            };
            pairs_asked(pairs, &shown, rights, &mismatched, form, style, &mut rng)
        }
        Body::Rows(rows) => {
            let shown: Vec<usize> = (0..rows.rows.len()).collect();
            let form = if rows_as_written(rows) {
                pick_form(rows.form, shown.len(), &mut rng)
            } else {
                let how_many_fits = (3..=9).contains(&shown.len())
                    && (shown.len() != 4 || rows.rows.iter().any(|r| r.correct));
                if rows.form == Some(Form::HowMany) && how_many_fits {
                    Form::HowMany
                } else {
                    Form::Which
                }
            };
            rows_asked(rows, &shown, form, style, false, &mut rng)
        }
        Body::Assertion(assertion) => assertion_question(assertion, style),
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
    let mut answer_text = format!("{}{unit}", numeric.value_text);
    if numeric.value.abs() >= 1e5
        && let Some(described) =
            crate::quantity::describe_beyond(numeric.value, &numeric.value_text)
    {
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
fn which_options(
    correct: &[usize],
    total: usize,
    style: Style,
    rng: &mut impl Rng,
) -> (Vec<String>, usize) {
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
    let options = chosen
        .iter()
        .map(|s| wording::code(s, total, style))
        .collect();
    (options, index)
}

/// The counts offered for `count` right items out of `total`: the fixed sets of three
/// and four items, and over five or six a run of four counts holding the right one
/// ("Only three / Only four / Only five / All the six"), or "None" last when none is.
fn offered_counts(count: usize, total: usize, rng: &mut impl Rng) -> Vec<usize> {
    if total <= 4 || count == 0 {
        return wording::how_many_options(total);
    }
    let low = count.saturating_sub(3).max(1);
    let high = count.min(total - 3);
    let start = if low < high {
        rng.random_range(low..=high)
    } else {
        low
    };
    (start..start + 4).collect()
}

/// Options for the how-many form, in the style's words for statements or for pairs.
fn how_many_options(
    count: usize,
    total: usize,
    style: Style,
    pairs: bool,
    rng: &mut impl Rng,
) -> (Vec<String>, usize) {
    let counts = offered_counts(count, total, rng);
    let correct = counts.iter().position(|&c| c == count).unwrap_or(0);
    let options = counts
        .iter()
        .map(|&c| {
            if pairs {
                wording::how_many_pairs_matched(c, total, style)
            } else {
                wording::how_many(c, total, style)
            }
        })
        .collect();
    (options, correct)
}

/// Whether statement `i` is one the question asks for (correct, or with
/// `ask = "not-correct"` not correct).
fn asked(card: &Statements, i: usize) -> bool {
    card.statements
        .get(i)
        .is_some_and(|s| s.correct == (card.ask == Ask::Correct))
}

/// Whether the card is asked as written: every statement in order, because its options
/// are written or `shuffle = false`.
fn as_written(card: &Statements) -> bool {
    !card.options.is_empty() || !card.shuffle
}

fn statements_form(card: &Statements, show: usize, rng: &mut impl Rng) -> Form {
    pick_form(card.form, show, rng)
}

/// The form a question over `show` items is asked in: two items always "which"; else the
/// card's `form`, or a random one.
fn pick_form(form: Option<Form>, show: usize, rng: &mut impl Rng) -> Form {
    match form {
        _ if show == 2 => Form::Which,
        Some(form) => form,
        None if rng.random_bool(0.5) => Form::Which,
        None => Form::HowMany,
    }
}

/// Written options as the question shows them: in the written order or shuffled, with
/// the position of the one that fits `target` (the parser made sure exactly one does),
/// and whether they are counts (so the closing line is the how-many one).
fn written_options(
    written: &[String],
    target: &[bool],
    style: Style,
    noun: &str,
    shuffle: bool,
    rng: &mut impl Rng,
) -> (Vec<String>, usize, bool) {
    let read: Vec<Option<wording::Written>> = written
        .iter()
        .map(|o| wording::read_option(o).ok())
        .collect();
    let counts = read
        .iter()
        .any(|w| matches!(w, Some(wording::Written::Count { .. })));
    let right = read
        .iter()
        .position(|w| {
            w.as_ref()
                .is_some_and(|w| w.fits(target, style, noun) == Ok(true))
        })
        .unwrap_or(0);
    let mut order: Vec<usize> = (0..written.len()).collect();
    if shuffle {
        order.shuffle(rng);
    }
    let options = order.iter().map(|&i| written[i].clone()).collect();
    let correct = order.iter().position(|&i| i == right).unwrap_or(0);
    (options, correct, counts)
}

fn statements_question(card: &Statements, style: Style, seed: u64, rng: &mut impl Rng) -> Question {
    items_question(
        Items {
            count: card.statements.len(),
            show: card.show,
            form: card.form,
            as_written: as_written(card),
            printed: !card.shuffle,
        },
        seed,
        rng,
        |i| asked(card, i),
        |shown, form, shuffle_options, rng| {
            statements_asked(card, shown, form, style, shuffle_options, &mut &mut *rng)
        },
    )
}

/// How a card of numbered items (statements, rows) is drawn.
struct Items {
    count: usize,
    show: usize,
    form: Option<Form>,
    /// Every item shown in order: the options are written or `shuffle = false`.
    as_written: bool,
    /// `shuffle = false`: the paper as printed, the same every time.
    printed: bool,
}

/// Which items a question shows, in which form, and whether its options are shuffled;
/// `ask` then makes the question. Asked as written, every item shows in order, and when
/// printed the draw is seeded from `seed` so it is the same every time; otherwise `show`
/// items at random. "How many" over four items has no "None" option, so one item asked
/// for is kept in view (the loader guarantees the card has one).
fn items_question<R: Rng>(
    items: Items,
    seed: u64,
    rng: &mut R,
    asked: impl Fn(usize) -> bool,
    ask: impl FnOnce(&[usize], Form, bool, &mut dyn Rng) -> Question,
) -> Question {
    if items.as_written {
        let shown: Vec<usize> = (0..items.count).collect();
        if items.printed {
            let mut fixed = StdRng::seed_from_u64(seed);
            let form = pick_form(items.form, shown.len(), &mut fixed);
            return ask(&shown, form, false, &mut fixed);
        }
        let form = pick_form(items.form, shown.len(), rng);
        return ask(&shown, form, true, rng);
    }
    let show = items.show.min(items.count);
    let form = pick_form(items.form, show, rng);
    let mut order: Vec<usize> = (0..items.count).collect();
    order.shuffle(rng);
    let mut shown: Vec<usize> = order[..show].to_vec();
    if form == Form::HowMany
        && show == 4
        && !shown.iter().any(|&i| asked(i))
        && let Some(&spare) = order[show..].iter().find(|&&i| asked(i))
    {
        let slot = rng.random_range(0..show);
        shown[slot] = spare;
    }
    ask(&shown, form, true, rng)
}

/// The question over the statements `shown` (indexes into the pool, in display order).
/// Written options are used as they are (shuffled when `shuffle_options`); otherwise the
/// options of `form` are made.
fn statements_asked(
    card: &Statements,
    shown: &[usize],
    form: Form,
    style: Style,
    shuffle_options: bool,
    rng: &mut impl Rng,
) -> Question {
    let show = shown.len();
    let mut text = format!("{}\n", card.stem);
    for (n, &i) in shown.iter().enumerate() {
        let label = wording::item_label(n + 1, style);
        let _ = write!(text, "\n  {label} {}", card.statements[i].text);
    }
    let target: Vec<bool> = shown.iter().map(|&i| asked(card, i)).collect();
    let chosen: Vec<usize> = (0..show).filter(|&n| target[n]).collect();
    let (ask, (options, correct)) = if card.options.is_empty() {
        match form {
            Form::Which => (
                wording::which_statements(card.ask),
                which_options(&chosen, show, style, rng),
            ),
            Form::HowMany => (
                wording::how_many_statements(card.ask),
                how_many_options(chosen.len(), show, style, false, rng),
            ),
        }
    } else {
        let (options, correct, counts) = written_options(
            &card.options,
            &target,
            style,
            "statements",
            shuffle_options,
            rng,
        );
        let ask = if counts {
            wording::how_many_statements(card.ask)
        } else {
            wording::which_statements(card.ask)
        };
        (ask, (options, correct))
    };
    let ask = card.question.as_deref().unwrap_or(ask);
    let _ = write!(text, "\n\n{ask}");
    let notes = shown
        .iter()
        .enumerate()
        .map(|(n, &i)| {
            let s = &card.statements[i];
            let label = wording::item_label(n + 1, style);
            let verdict = if s.correct { "correct" } else { "incorrect" };
            match &s.why {
                Some(why) => format!("{label} {verdict}: {why}"),
                None => format!("{label} {verdict}"),
            }
        })
        .collect();
    choice(text, options, correct, notes)
}

/// Whether a pairs card is asked as written: every pair in order, because its options are
/// written or `shuffle = false`.
fn pairs_as_written(card: &Pairs) -> bool {
    !card.options.is_empty() || !card.shuffle
}

/// Whether the pair at `i` is one the question asks for (correctly matched, or with
/// `ask = "not-correct"` not).
fn pair_asked(card: &Pairs, i: usize) -> bool {
    card.pairs
        .get(i)
        .is_some_and(|p| p.correct == card.ask.is_correct())
}

fn pairs_question(card: &Pairs, style: Style, seed: u64, rng: &mut impl Rng) -> Question {
    if pairs_as_written(card) {
        // Written options name the pairs by number, and `shuffle = false` is the paper as
        // printed: every pair and option in the written order, and options made from a
        // generator seeded with the card, the same every time.
        let shown: Vec<usize> = (0..card.pairs.len()).collect();
        let (rights, mismatched) = authored_matches(card, &shown);
        let mut fixed = StdRng::seed_from_u64(seed);
        return pairs_asked(
            card,
            &shown,
            rights,
            &mismatched,
            card.form,
            style,
            &mut fixed,
        );
    }
    let show = card.show.min(card.pairs.len());
    let mut order: Vec<usize> = (0..card.pairs.len()).collect();
    order.shuffle(rng);
    let mut shown: Vec<usize> = order[..show].to_vec();
    if card.authored {
        // "How many" over four pairs has no "None": keep one pair asked for in view (the
        // loader guarantees the card has one).
        if card.form == Form::HowMany
            && show == 4
            && !shown.iter().any(|&i| pair_asked(card, i))
            && let Some(&spare) = order[show..].iter().find(|&&i| pair_asked(card, i))
        {
            let slot = rng.random_range(0..show);
            shown[slot] = spare;
        }
        let (rights, mismatched) = authored_matches(card, &shown);
        return pairs_asked(card, &shown, rights, &mismatched, card.form, style, rng);
    }
    // Right-hand values that are not shown as anyone's correct match can stand in for a
    // single mismatch; two or more mismatches can also swap among themselves.
    let spares: Vec<&str> = order[show..]
        .iter()
        .map(|&i| card.pairs[i].right.as_str())
        .chain(card.decoys.iter().map(String::as_str))
        .collect();
    let (rights, mismatched) = mismatch(card, &shown, &spares, card.form, rng);
    pairs_asked(card, &shown, rights, &mismatched, card.form, style, rng)
}

/// The right-hand values of authored pairs as written, and the ones written as mismatches.
fn authored_matches(card: &Pairs, shown: &[usize]) -> (Vec<String>, Vec<usize>) {
    let rights = shown.iter().map(|&i| card.pairs[i].right.clone()).collect();
    let mismatched = (0..shown.len())
        .filter(|&n| !card.pairs[shown[n]].correct)
        .collect();
    (rights, mismatched)
}

/// The right-hand values of the pairs `shown`, a random number of them deliberately
/// mismatched using `spares` and each other, and which positions are mismatched.
fn mismatch(
    card: &Pairs,
    shown: &[usize],
    spares: &[&str],
    form: Form,
    rng: &mut impl Rng,
) -> (Vec<String>, Vec<usize>) {
    let show = shown.len();
    let mut possible: Vec<usize> = (0..=show)
        .filter(|&k| k != 1 || !spares.is_empty())
        .collect();
    if form == Form::HowMany && show == 4 {
        // "How many" over four has no "None": one pair asked for is always shown.
        if card.ask.is_correct() {
            possible.retain(|&k| k < 4);
        } else {
            possible.retain(|&k| k > 0);
        }
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
    (rights, mismatched)
}

/// The question over the pairs `shown` (indexes into the card's pairs, in display order)
/// with the right-hand values `rights`, the positions in `mismatched` not correct.
/// Written options are used as they are, in the written order; otherwise the options of
/// `form` are made.
fn pairs_asked(
    card: &Pairs,
    shown: &[usize],
    rights: Vec<String>,
    mismatched: &[usize],
    form: Form,
    style: Style,
    rng: &mut impl Rng,
) -> Question {
    let show = shown.len();
    let mut text = format!("{}\n", card.stem);
    match (&card.columns, &card.separator) {
        // Headings and a separator: a table whose middle column is the separator, laid
        // out at the terminal's width as the rows kind's tables are.
        (Some([left, right]), Some(separator)) => {
            let table = table::Table::with_separator(
                &[left.clone(), right.clone()],
                shown
                    .iter()
                    .enumerate()
                    .map(|(n, &i)| {
                        (
                            wording::item_label(n + 1, style),
                            vec![card.pairs[i].left.clone(), rights[n].clone()],
                        )
                    })
                    .collect(),
                Some(separator),
            );
            let _ = write!(text, "\n{}", table.to_text());
        }
        (columns, separator) => {
            let between = separator.as_deref().unwrap_or("—");
            if let Some([left, right]) = columns {
                let _ = write!(text, "\n     {left} — {right}");
            }
            for (n, &i) in shown.iter().enumerate() {
                let label = wording::item_label(n + 1, style);
                let _ = write!(
                    text,
                    "\n  {label} {} {between} {}",
                    card.pairs[i].left, rights[n]
                );
            }
        }
    }
    // The pairs asked for: the matched ones, or with `ask = "not-correct"` the others.
    let target: Vec<bool> = (0..show)
        .map(|n| mismatched.contains(&n) != card.ask.is_correct())
        .collect();
    let chosen: Vec<usize> = (0..show).filter(|&n| target[n]).collect();
    let (ask, (options, correct)) = if card.options.is_empty() {
        match form {
            Form::HowMany => (
                wording::how_many_pairs(card.ask),
                how_many_options(chosen.len(), show, style, true, rng),
            ),
            Form::Which => (
                wording::which_pairs(card.ask),
                which_options(&chosen, show, style, rng),
            ),
        }
    } else {
        let (options, correct, counts) =
            written_options(&card.options, &target, style, "pairs", false, rng);
        let ask = if counts {
            wording::how_many_pairs(card.ask)
        } else {
            wording::which_pairs(card.ask)
        };
        (ask, (options, correct))
    };
    let ask = card.question.as_deref().unwrap_or(ask);
    let _ = write!(text, "\n\n{ask}");
    let notes = shown
        .iter()
        .enumerate()
        .map(|(n, &i)| {
            let pair = &card.pairs[i];
            let label = wording::item_label(n + 1, style);
            if !mismatched.contains(&n) {
                format!("{label} correctly matched")
            } else if card.authored {
                format!("{label} not correctly matched")
            } else {
                format!("{label} mismatched: {} goes with {}", pair.left, pair.right)
            }
        })
        .collect();
    choice(text, options, correct, notes)
}

/// Whether a rows card is asked as written: every row in order, because its options are
/// written or `shuffle = false`.
fn rows_as_written(card: &Rows) -> bool {
    !card.options.is_empty() || !card.shuffle
}

fn rows_question(card: &Rows, style: Style, seed: u64, rng: &mut impl Rng) -> Question {
    items_question(
        Items {
            count: card.rows.len(),
            show: card.show,
            form: card.form,
            as_written: rows_as_written(card),
            printed: !card.shuffle,
        },
        seed,
        rng,
        |i| card.rows[i].correct,
        |shown, form, shuffle_options, rng| {
            rows_asked(card, shown, form, style, shuffle_options, &mut &mut *rng)
        },
    )
}

/// The question over the rows `shown` (indexes into the card's rows, in display order):
/// the stem, the table with its headings and numbered rows, the closing line. Written
/// options are used as they are (shuffled when `shuffle_options`); otherwise the options
/// of `form` are made.
fn rows_asked(
    card: &Rows,
    shown: &[usize],
    form: Form,
    style: Style,
    shuffle_options: bool,
    rng: &mut impl Rng,
) -> Question {
    let show = shown.len();
    let table = table::Table::with_separator(
        &card.columns,
        shown
            .iter()
            .enumerate()
            .map(|(n, &i)| {
                (
                    wording::item_label(n + 1, style),
                    card.rows[i].cells.clone(),
                )
            })
            .collect(),
        card.separator.as_deref(),
    );
    let mut text = format!("{}\n\n{}", card.stem, table.to_text());
    let target: Vec<bool> = shown.iter().map(|&i| card.rows[i].correct).collect();
    let chosen: Vec<usize> = (0..show).filter(|&n| target[n]).collect();
    let (ask, (options, correct)) = if card.options.is_empty() {
        match form {
            Form::Which => (
                wording::which_rows(),
                which_options(&chosen, show, style, rng),
            ),
            Form::HowMany => (
                wording::how_many_rows(),
                how_many_options(chosen.len(), show, style, false, rng),
            ),
        }
    } else {
        let (options, correct, counts) =
            written_options(&card.options, &target, style, "rows", shuffle_options, rng);
        let ask = if counts {
            wording::how_many_rows()
        } else {
            wording::which_rows()
        };
        (ask, (options, correct))
    };
    let ask = card.question.as_deref().unwrap_or(ask);
    let _ = write!(text, "\n\n{ask}");
    let notes = shown
        .iter()
        .enumerate()
        .map(|(n, &i)| {
            let row = &card.rows[i];
            let label = wording::item_label(n + 1, style);
            let verdict = if row.correct {
                "correctly matched"
            } else {
                "not correctly matched"
            };
            match &row.why {
                Some(why) => format!("{label} {verdict}: {why}"),
                None => format!("{label} {verdict}"),
            }
        })
        .collect();
    choice(text, options, correct, notes)
}

fn assertion_question(card: &Assertion, style: Style) -> Question {
    let stem = card.stem.as_deref().unwrap_or(wording::ASSERTION_STEM);
    let mut text = format!("{stem}\n\n");
    let _ = write!(
        text,
        "{} {}\n\n{} {}",
        wording::statement_label(1, style),
        card.statement1,
        wording::statement_label(2, style),
        card.statement2,
    );
    let options = match &card.statement3 {
        Some(third) => {
            let _ = write!(text, "\n\n{} {third}", wording::statement_label(3, style));
            wording::three_statement_options(style)
        }
        None => wording::assertion_options(style),
    };
    let _ = write!(text, "\n\n{}", wording::ASSERTION_ASK);
    let correct = card.answer().unwrap_or(0);
    let options: Vec<String> = options.iter().map(|s| s.to_string()).collect();
    choice(text, options, correct, Vec::new())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::{Pair, Statement};

    #[test]
    fn two_statements_give_the_four_canonical_codes() {
        let mut rng = StdRng::seed_from_u64(1);
        let (options, correct) = which_options(&[1], 2, Style::Y2024, &mut rng);
        assert_eq!(
            options,
            ["1 only", "2 only", "Both 1 and 2", "Neither 1 nor 2"]
        );
        assert_eq!(correct, 1);
    }

    #[test]
    fn three_statements_use_the_classic_codes_in_paper_order() {
        let mut rng = StdRng::seed_from_u64(2);
        let (options, correct) = which_options(&[0, 2], 3, Style::Y2024, &mut rng);
        assert_eq!(
            options,
            ["1 and 2 only", "2 and 3 only", "1 and 3 only", "1, 2 and 3"]
        );
        assert_eq!(correct, 2);
        // A single correct statement takes the place of one classic code.
        for seed in 0..20 {
            let mut rng = StdRng::seed_from_u64(seed);
            let (options, correct) = which_options(&[1], 3, Style::Y2024, &mut rng);
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
            question: None,
            ask: Ask::Correct,
            options: Vec::new(),
            shuffle: true,
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
            let q = statements_question(&card, Style::Y2024, 0, &mut rng);
            let shown = shown_statements(&q.text);
            assert_eq!(shown.len(), 3, "{}", q.text);
            seen_sets.insert(shown.clone());
            let Response::Choice { options, correct } = &q.response else {
                panic!("statements are a choice")
            };
            let right: Vec<usize> = (0..3).filter(|&n| truths[shown[n]]).collect();
            let how_many = wording::how_many_statements(Ask::Correct);
            let expected = if q.text.contains(how_many) {
                wording::how_many(right.len(), 3, Style::Y2024)
            } else {
                wording::code(&right, 3, Style::Y2024)
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
            let q = statements_question(&card, Style::Y2024, 0, &mut rng);
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
                    correct: true,
                })
                .collect(),
            decoys: vec!["R9".into()],
            show: 4,
            form: Form::HowMany,
            authored: false,
            question: None,
            options: Vec::new(),
            separator: None,
            ask: Ask::Correct,
            shuffle: true,
        };
        let mut rng = StdRng::seed_from_u64(11);
        let mut counts = std::collections::HashSet::new();
        for _ in 0..300 {
            let q = pairs_question(&card, Style::Y2025, 0, &mut rng);
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
                wording::how_many(matched, 4, Style::Y2025),
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
            stem: None,
            statement1: "I".into(),
            statement2: "II".into(),
            statement1_correct: a,
            statement2_correct: b,
            explains: e,
            statement3: None,
            statement3_correct: false,
            explained_by: Vec::new(),
        };
        let answer = |c: Assertion| match assertion_question(&c, Style::Y2025).response {
            Response::Choice { correct, .. } => correct,
            _ => usize::MAX,
        };
        assert_eq!(answer(card(true, true, true)), 0);
        assert_eq!(answer(card(true, true, false)), 1);
        assert_eq!(answer(card(true, false, false)), 2);
        assert_eq!(answer(card(false, true, false)), 3);
    }
    fn options_of(q: &Question) -> (Vec<String>, usize) {
        match &q.response {
            Response::Choice { options, correct } => (options.clone(), *correct),
            other => panic!("a choice, not {other:?}"),
        }
    }

    #[test]
    fn written_options_are_asked_as_written_with_the_right_one_computed() {
        let mut card = statements_card(&[true, false, true, true], 4, None);
        card.options = [
            "I and II only",
            "II, III and IV",
            "I, III and IV",
            "I, II and IV",
        ]
        .map(String::from)
        .to_vec();
        card.question = Some("Which of the above are correct?".into());
        card.shuffle = false;
        let mut rng = StdRng::seed_from_u64(5);
        let q = statements_question(&card, Style::Y2025, 9, &mut rng);
        assert_eq!(
            q.text,
            "Consider:\n\n  I. S0\n  II. S1\n  III. S2\n  IV. S3\n\nWhich of the above are correct?"
        );
        assert_eq!(options_of(&q), (card.options.clone(), 2));
        assert_eq!(q.answer_text, "(c) I, III and IV");
        assert_eq!(q.notes[1], "II. incorrect");
        // Shuffled, the options move but the right one is still "I, III and IV"; the
        // statements keep their numbers, which the codes name.
        card.shuffle = true;
        let mut orders = std::collections::HashSet::new();
        for _ in 0..30 {
            let q = statements_question(&card, Style::Y2025, 9, &mut rng);
            assert!(q.text.contains("  I. S0\n  II. S1\n  III. S2\n  IV. S3"));
            let (options, correct) = options_of(&q);
            assert_eq!(options[correct], "I, III and IV");
            orders.insert(options);
        }
        assert!(orders.len() > 5, "written options are shuffled: {orders:?}");
        // Asking for the statements that are not correct.
        card.options = ["I only", "II only", "II and IV", "None of the above"]
            .map(String::from)
            .to_vec();
        card.ask = Ask::NotCorrect;
        card.shuffle = false;
        card.question = None;
        let q = statements_question(&card, Style::Y2025, 9, &mut rng);
        assert!(
            q.text
                .ends_with("Which of the statements given above are not correct?")
        );
        assert_eq!(options_of(&q).1, 1);
    }

    #[test]
    fn shuffle_false_prints_the_same_paper_every_time() {
        let mut card = statements_card(&[true, false, true], 3, None);
        card.shuffle = false;
        let mut rng = StdRng::seed_from_u64(1);
        let first = statements_question(&card, Style::Y2024, 42, &mut rng);
        for _ in 0..20 {
            assert_eq!(
                statements_question(&card, Style::Y2024, 42, &mut rng),
                first
            );
        }
        assert!(
            first
                .text
                .starts_with("Consider:\n\n  1. S0\n  2. S1\n  3. S2\n\n")
        );
    }

    #[test]
    fn six_items_offer_four_counts_around_the_right_one() {
        let card = statements_card(
            &[true, true, true, true, false, true],
            6,
            Some(Form::HowMany),
        );
        let mut rng = StdRng::seed_from_u64(8);
        for _ in 0..50 {
            let q = statements_question(&card, Style::Y2025, 0, &mut rng);
            let (options, correct) = options_of(&q);
            assert_eq!(options.len(), 4);
            let right = shown_statements(&q.text)
                .iter()
                .filter(|&&i| i != 4)
                .count();
            assert_eq!(options[correct], wording::how_many(right, 6, Style::Y2025));
            assert!(
                options
                    .iter()
                    .all(|o| o.starts_with("Only") || o == "All the six"),
                "{options:?}"
            );
        }
    }

    fn pairs_card(truths: &[bool], ask: Ask) -> Pairs {
        Pairs {
            stem: "Consider the following pairs :".into(),
            columns: None,
            pairs: truths
                .iter()
                .enumerate()
                .map(|(i, &correct)| Pair {
                    left: format!("L{i}"),
                    right: format!("R{i}"),
                    correct,
                })
                .collect(),
            decoys: Vec::new(),
            show: truths.len().min(4),
            form: Form::HowMany,
            authored: true,
            question: None,
            options: Vec::new(),
            separator: None,
            ask,
            shuffle: true,
        }
    }

    #[test]
    fn pairs_not_correctly_matched_are_counted_and_named() {
        // Authored: two of four pairs mismatched, asked for the mismatched ones.
        let mut card = pairs_card(&[true, false, true, false], Ask::NotCorrect);
        card.shuffle = false;
        card.show = 4;
        let mut rng = StdRng::seed_from_u64(1);
        let q = pairs_question(&card, Style::Y2024, 5, &mut rng);
        assert!(
            q.text
                .ends_with("\n\nHow many of the pairs given above are not correctly matched?"),
            "{}",
            q.text
        );
        let (options, correct) = options_of(&q);
        assert_eq!(options[correct], "Only two");
        card.form = Form::Which;
        let q = pairs_question(&card, Style::Y2024, 5, &mut rng);
        assert!(
            q.text
                .ends_with("Which of the pairs given above is/are not correctly matched?")
        );
        let (options, correct) = options_of(&q);
        assert_eq!(options[correct], "2 and 4 only");
        // Mismatched at random: the key follows the pairs shown, whatever the draw.
        let mut card = pairs_card(&[true, true, true, true, true], Ask::NotCorrect);
        card.authored = false;
        for _ in 0..100 {
            let q = pairs_question(&card, Style::Y2025, 0, &mut rng);
            let mismatched = q
                .text
                .lines()
                .filter_map(|l| {
                    let (_, pair) = l.trim().split_once(". L")?;
                    let (left, right) = pair.split_once(" — R")?;
                    Some(left != right)
                })
                .filter(|&m| m)
                .count();
            let (options, correct) = options_of(&q);
            assert_eq!(
                options[correct],
                wording::how_many(mismatched, 4, Style::Y2025),
                "{}",
                q.text
            );
            assert!(
                mismatched > 0,
                "four pairs counted always show one asked for"
            );
        }
    }

    #[test]
    fn a_separator_is_printed_between_the_columns() {
        let mut card = pairs_card(&[true, false, true], Ask::Correct);
        card.separator = Some(":".into());
        card.options = ["1 only", "1 and 3 only", "2 and 3 only", "1, 2 and 3"]
            .map(String::from)
            .to_vec();
        let mut rng = StdRng::seed_from_u64(1);
        let q = pairs_question(&card, Style::Y2024, 0, &mut rng);
        assert!(
            q.text
                .starts_with("Consider the following pairs :\n\n  1. L0 : R0\n  2. L1 : R1\n"),
            "{}",
            q.text
        );
        // Under headings, the separator is a column of its own.
        card.columns = Some(["Site".into(), "Known for".into()]);
        let q = pairs_question(&card, Style::Y2024, 0, &mut rng);
        assert_eq!(
            table::plain(&q.text),
            "Consider the following pairs :\n\n     Site     Known for\n  1. L0    :  R0\n  2. L1    :  R1\n  3. L2    :  R2\n\nWhich of the pairs given above is/are correctly matched?"
        );
        assert_eq!(options_of(&q).1, 1);
        // Rows too.
        let mut rows = rows_card(&[true, false], 2, None);
        rows.separator = Some("—".into());
        rows.shuffle = false;
        let q = rows_question(&rows, Style::Y2024, 0, &mut rng);
        assert!(
            table::plain(&q.text).contains("\n  1. A0         —  Y0\n  2. A1         —  Y1"),
            "{}",
            table::plain(&q.text)
        );
    }

    #[test]
    fn the_2023_style_keeps_the_truth_table() {
        for (first, second, explains, right) in [
            (true, true, true, 0),
            (true, true, false, 1),
            (true, false, false, 2),
            (false, true, false, 3),
        ] {
            let card = Assertion {
                stem: None,
                statement1: "One".into(),
                statement2: "Two".into(),
                statement1_correct: first,
                statement2_correct: second,
                explains,
                statement3: None,
                statement3_correct: false,
                explained_by: Vec::new(),
            };
            let q = assertion_question(&card, Style::Y2023);
            assert!(q.text.contains("Statement-I : One\n\nStatement-II : Two"));
            let (options, correct) = options_of(&q);
            assert_eq!(options, wording::assertion_options(Style::Y2023));
            assert_eq!(correct, right);
        }
    }

    #[test]
    fn authored_pairs_are_shown_as_written() {
        let card = Pairs {
            stem: "Consider the following pairs :".into(),
            columns: None,
            pairs: [("L0", "R0", true), ("L1", "R0", false), ("L2", "R2", true)]
                .iter()
                .map(|&(left, right, correct)| Pair {
                    left: left.into(),
                    right: right.into(),
                    correct,
                })
                .collect(),
            decoys: Vec::new(),
            show: 3,
            form: Form::HowMany,
            authored: true,
            question: None,
            options: Vec::new(),
            separator: None,
            ask: Ask::Correct,
            shuffle: true,
        };
        let mut rng = StdRng::seed_from_u64(3);
        for _ in 0..30 {
            let q = pairs_question(&card, Style::Y2024, 0, &mut rng);
            assert!(q.text.contains("L1 — R0") && q.text.contains("L2 — R2"));
            let (options, correct) = options_of(&q);
            // Counted as three of the four pairs questions of 2024 count them.
            assert_eq!(options, ["Only one", "Only two", "All three", "None"]);
            assert_eq!(correct, 1);
            assert!(q.notes.iter().any(|n| n.ends_with("not correctly matched")));
        }
    }

    #[test]
    fn pairs_with_written_options_print_them_in_order() {
        let card = Pairs {
            stem: "Consider the following pairs :".into(),
            columns: None,
            pairs: [("L0", "R0", true), ("L1", "R9", false), ("L2", "R2", true)]
                .iter()
                .map(|&(left, right, correct)| Pair {
                    left: left.into(),
                    right: right.into(),
                    correct,
                })
                .collect(),
            decoys: Vec::new(),
            show: 3,
            form: Form::HowMany,
            authored: true,
            question: None,
            options: ["I only", "I and II only", "I and III only", "I, II and III"]
                .map(String::from)
                .to_vec(),
            separator: None,
            ask: Ask::Correct,
            shuffle: true,
        };
        let mut rng = StdRng::seed_from_u64(6);
        let first = pairs_question(&card, Style::Y2025, 0, &mut rng);
        assert_eq!(
            first.text,
            "Consider the following pairs :\n\n  I. L0 — R0\n  II. L1 — R9\n  III. L2 — R2\n\nWhich of the pairs given above is/are correctly matched?"
        );
        assert_eq!(options_of(&first), (card.options.clone(), 2));
        assert_eq!(first.answer_text, "(c) I and III only");
        for _ in 0..20 {
            assert_eq!(pairs_question(&card, Style::Y2025, 0, &mut rng), first);
        }
        let whole = Card {
            id: "c".into(),
            tags: Vec::new(),
            source: Vec::new(),
            explanation: None,
            body: Body::Pairs(Box::new(card.clone())),
            lint: Vec::new(),
            style: Style::Y2025,
            line: 1,
            draft: false,
        };
        assert_eq!(present_all(&whole), first, "exports print the same");
        // Counts, and a closing line as written.
        let mut card = card;
        card.options = [
            "Only one pair",
            "Only two pairs",
            "All three pairs",
            "None of the pairs",
        ]
        .map(String::from)
        .to_vec();
        card.question = Some("How many of the above are correctly matched?".into());
        let q = pairs_question(&card, Style::Y2024, 0, &mut rng);
        assert!(
            q.text
                .starts_with("Consider the following pairs :\n\n  1. L0 — R0\n  2. L1 — R9\n")
        );
        assert!(
            q.text
                .ends_with("\n\nHow many of the above are correctly matched?")
        );
        assert_eq!(options_of(&q), (card.options.clone(), 1));
    }

    #[test]
    fn three_statements_are_labelled_and_answered() {
        let card = Assertion {
            stem: None,
            statement1: "One".into(),
            statement2: "Two".into(),
            statement1_correct: true,
            statement2_correct: false,
            explains: false,
            statement3: Some("Three".into()),
            statement3_correct: true,
            explained_by: vec![3],
        };
        let q = assertion_question(&card, Style::Y2025);
        assert_eq!(
            q.text,
            "Consider the following statements :\n\nStatement I : One\n\nStatement II : Two\n\nStatement III : Three\n\nWhich one of the following is correct in respect of the above statements?"
        );
        let (options, correct) = options_of(&q);
        assert_eq!(options, wording::three_statement_options(Style::Y2025));
        assert_eq!(correct, 2);
        let q = assertion_question(&card, Style::Y2024);
        assert!(q.text.starts_with(
            "Consider the following statements :\n\nStatement-I : One\n\nStatement-II : Two"
        ));
        // A card's own opening line replaces the papers' one.
        let card = Assertion {
            stem: Some("With reference to the monsoon, consider the following :".into()),
            ..card
        };
        let q = assertion_question(&card, Style::Y2025);
        assert!(
            q.text.starts_with(
                "With reference to the monsoon, consider the following :\n\nStatement I : One\n\n"
            ),
            "{}",
            q.text
        );
    }

    fn rows_card(truths: &[bool], show: usize, form: Option<Form>) -> Rows {
        Rows {
            stem: "Consider the following information :".into(),
            columns: vec!["Agreement".into(), "Year".into()],
            rows: truths
                .iter()
                .enumerate()
                .map(|(i, &correct)| crate::deck::Row {
                    cells: vec![format!("A{i}"), format!("Y{i}")],
                    correct,
                    why: (!correct).then(|| format!("why {i}")),
                })
                .collect(),
            show,
            form,
            question: None,
            options: Vec::new(),
            shuffle: true,
            separator: None,
        }
    }

    /// The table of a question's text, read back.
    fn table_of(q: &Question) -> table::Table {
        table::segments(&q.text)
            .into_iter()
            .find_map(|s| match s {
                table::Segment::Table(t) => Some(t),
                table::Segment::Line(_) => None,
            })
            .expect("a rows question has a table")
    }

    #[test]
    fn rows_are_asked_as_printed_with_the_right_option_computed() {
        let mut card = rows_card(&[true, false, true], 3, None);
        card.options = ["Only one", "Only two", "All three", "None"]
            .map(String::from)
            .to_vec();
        card.shuffle = false;
        let mut rng = StdRng::seed_from_u64(1);
        let q = rows_question(&card, Style::Y2024, 7, &mut rng);
        assert_eq!(
            q.text,
            "Consider the following information :\n\n\tAgreement\tYear\n1.\tA0\tY0\n2.\tA1\tY1\n3.\tA2\tY2\n\nIn how many of the above rows is the given information correctly matched?"
        );
        assert_eq!(options_of(&q), (card.options.clone(), 1));
        assert_eq!(q.answer_text, "(b) Only two");
        assert_eq!(
            q.notes,
            [
                "1. correctly matched",
                "2. not correctly matched: why 1",
                "3. correctly matched"
            ]
        );
        assert_eq!(
            table::plain(&q.text),
            "Consider the following information :\n\n     Agreement  Year\n  1. A0         Y0\n  2. A1         Y1\n  3. A2         Y2\n\nIn how many of the above rows is the given information correctly matched?"
        );
        // Codes for the which form, numbered as the 2025 style numbers rows.
        card.options = [
            "I only",
            "I and III only",
            "II and III only",
            "I, II and III",
        ]
        .map(String::from)
        .to_vec();
        let q = rows_question(&card, Style::Y2025, 7, &mut rng);
        assert!(
            q.text.ends_with(
                "II.\tA1\tY1\nIII.\tA2\tY2\n\nIn which of the above rows is the given information correctly matched?"
            ),
            "{}",
            q.text
        );
        assert_eq!(options_of(&q).1, 1);
        // A closing line as written.
        card.question = Some("How many of the above are correctly matched?".into());
        let q = rows_question(&card, Style::Y2025, 7, &mut rng);
        assert!(
            q.text
                .ends_with("\n\nHow many of the above are correctly matched?")
        );
    }

    #[test]
    fn sampled_rows_are_fresh_and_the_answer_follows_them() {
        let truths = [true, false, true, true, false];
        let card = rows_card(&truths, 3, None);
        let mut rng = StdRng::seed_from_u64(4);
        let mut seen = std::collections::HashSet::new();
        for _ in 0..200 {
            let q = rows_question(&card, Style::Y2025, 0, &mut rng);
            let table = table_of(&q);
            assert_eq!(table.headings, ["Agreement", "Year"]);
            let labels: Vec<&str> = table.rows.iter().map(|(l, _)| l.as_str()).collect();
            assert_eq!(labels, ["I.", "II.", "III."]);
            let shown: Vec<usize> = table
                .rows
                .iter()
                .filter_map(|(_, cells)| cells[0].strip_prefix('A')?.parse().ok())
                .collect();
            seen.insert(shown.clone());
            let right: Vec<usize> = (0..3).filter(|&n| truths[shown[n]]).collect();
            let (options, correct) = options_of(&q);
            let expected = if q.text.ends_with(wording::HOW_MANY_ROWS) {
                wording::how_many(right.len(), 3, Style::Y2025)
            } else {
                assert!(q.text.ends_with(wording::WHICH_ROWS), "{}", q.text);
                wording::code(&right, 3, Style::Y2025)
            };
            assert_eq!(options[correct], expected, "{}", q.text);
        }
        assert!(seen.len() > 30, "only {} distinct showings", seen.len());
    }

    #[test]
    fn two_rows_are_asked_with_the_two_item_codes_and_exports_show_every_row() {
        let card = rows_card(&[false, true], 2, Some(Form::HowMany));
        let mut rng = StdRng::seed_from_u64(2);
        let q = rows_question(&card, Style::Y2024, 0, &mut rng);
        let (options, _) = options_of(&q);
        assert_eq!(
            options,
            ["1 only", "2 only", "Both 1 and 2", "Neither 1 nor 2"]
        );
        let card = Card {
            id: "c".into(),
            tags: Vec::new(),
            source: Vec::new(),
            explanation: None,
            body: Body::Rows(Box::new(rows_card(
                &[true, true, false, true],
                2,
                Some(Form::HowMany),
            ))),
            lint: Vec::new(),
            style: Style::Y2025,
            line: 1,
            draft: false,
        };
        let q = present_all(&card);
        assert_eq!(table_of(&q).rows.len(), 4);
        let (options, correct) = options_of(&q);
        assert_eq!(
            options,
            ["Only one", "Only two", "Only three", "All the four"]
        );
        assert_eq!(correct, 2);
        assert_eq!(present_all(&card), q, "the same every time");
    }
}
