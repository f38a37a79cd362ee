//! A paper sat on paper (`upsc test --paper`): the answers marked on a printed paper's
//! sheet, typed back as a string of letters with `-` for a blank, read against the
//! paper's questions and turned into the items of a mock test, so that the test is
//! stored and scored ([`super::score`]) exactly as one taken on screen.

use std::fmt;

use crate::deck::load::Collection;
use crate::paper::Paper;
use crate::question::wording::OPTION_LETTERS;

use super::Item;

/// What is wrong with the letters typed for a sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SheetError {
    /// As many answers as typed, against the paper's questions.
    Count { typed: usize, questions: usize },
    /// A letter past the question's last option: the question's number, the letter and
    /// how many options it has.
    NoSuchOption {
        question: usize,
        letter: char,
        options: usize,
    },
    /// A character that is neither a letter nor `-`, and its place among the answers.
    NotAnAnswer { place: usize, found: char },
}

/// `a` for an option count of 1, `d` for 4.
fn last_letter(options: usize) -> char {
    (b'a' + options.clamp(1, 26) as u8 - 1) as char
}

impl fmt::Display for SheetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            SheetError::Count { typed, questions } => write!(
                f,
                "{} typed for a paper of {}; type one letter or - for each question, in order",
                crate::text::Count::new(typed, "answer", "answers"),
                crate::text::Count::new(questions, "question", "questions"),
            ),
            SheetError::NoSuchOption {
                question,
                letter,
                options,
            } => write!(
                f,
                "answer {question} is `{letter}` but question {question} has options (a) to ({}); type a letter from a to {}, or - for a blank",
                last_letter(options),
                last_letter(options),
            ),
            SheetError::NotAnAnswer { place, found } => write!(
                f,
                "`{found}` (answer {place}) is not an answer; type a letter for each question and - for a question left blank"
            ),
        }
    }
}

impl std::error::Error for SheetError {}

/// The answers typed for a sheet, one per question in order: `Some(option)` for a letter
/// (either case), `None` for `-`. White space is ignored, so answers may be typed in
/// groups (`abcda bcd-a`). `options` holds each question's number of options.
pub fn read_answers(typed: &str, options: &[usize]) -> Result<Vec<Option<usize>>, SheetError> {
    let mut answers = Vec::with_capacity(options.len());
    for c in typed.chars().filter(|c| !c.is_whitespace()) {
        let place = answers.len() + 1;
        let answer = match c.to_ascii_lowercase() {
            '-' => None,
            letter @ 'a'..='z' => {
                let chosen = (letter as u8 - b'a') as usize;
                if let Some(&count) = options.get(answers.len())
                    && chosen >= count
                {
                    return Err(SheetError::NoSuchOption {
                        question: place,
                        letter,
                        options: count,
                    });
                }
                Some(chosen)
            }
            found => return Err(SheetError::NotAnAnswer { place, found }),
        };
        answers.push(answer);
    }
    if answers.len() != options.len() {
        return Err(SheetError::Count {
            typed: answers.len(),
            questions: options.len(),
        });
    }
    Ok(answers)
}

/// The items of the test sat on `paper`: each question as the paper printed it (its
/// options in the printed order), with the card's kind, tags, fingerprint and
/// explanation from `cards`, and the answer marked on the sheet. A question whose card
/// is not in `cards` is left out (the paper was drawn from them, so none is).
pub fn items(paper: &Paper, cards: &Collection, answers: &[Option<usize>]) -> Vec<Item> {
    paper
        .questions
        .iter()
        .zip(answers)
        .filter_map(|(q, &chosen)| {
            let deck = cards.decks.iter().find(|d| d.id == q.deck)?;
            let card = deck.cards.iter().find(|c| c.id == q.card)?;
            let mut tags: Vec<String> = card.all_tags(deck).map(str::to_string).collect();
            tags.sort();
            tags.dedup();
            let letter = OPTION_LETTERS.get(q.correct).copied().unwrap_or("");
            Some(Item {
                deck: q.deck.clone(),
                card: q.card.clone(),
                kind: card.kind(),
                fingerprint: card.fingerprint(),
                tags,
                question: q.text.clone(),
                options: q.options.clone(),
                correct: q.correct,
                answer_text: format!(
                    "{letter} {}",
                    q.options.get(q.correct).map_or("", String::as_str)
                ),
                notes: q.notes.clone(),
                explanation: card.explanation.clone(),
                chosen,
                confidence: None,
                marked: false,
                // Every question of a printed paper was in front of the candidate.
                visited: true,
                // The time spent on each question is not known.
                seconds: 0.0,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::load::Decks;
    use crate::marking::Marking;
    use crate::paper::{Choose, Order};
    use crate::study::Pick;
    use rand::SeedableRng;

    /// A sheet typed back is scored as the same answers given on the exam screen: the
    /// screen's items ([`Item::from_pick`], options in an order of their own) answered
    /// right, wrong or not at all where the sheet is, score to the same scorecard under
    /// every marking.
    #[test]
    fn a_sheet_scores_as_the_same_answers_on_screen() {
        let collection = Collection::load(&Decks::bundled());
        let picks: Vec<Pick<'_>> = collection
            .decks
            .iter()
            .flat_map(|deck| deck.cards.iter().map(move |card| Pick { deck, card }))
            .collect();
        let paper = crate::paper::choose(
            picks.clone(),
            &Choose {
                count: 40,
                order: Order::Drawn { seed: 27 },
                covers: "all decks".into(),
            },
        );
        assert_eq!(paper.questions.len(), 40);
        // Right, wrong, blank, wrong, right, … : a pattern with all three.
        let pattern = |n: usize| n % 4;
        let answers: Vec<Option<usize>> = paper
            .questions
            .iter()
            .enumerate()
            .map(|(n, q)| match pattern(n) {
                0 | 3 => Some(q.correct),
                1 => Some((q.correct + 1) % q.options.len()),
                _ => None,
            })
            .collect();
        let sheet = items(&paper, &collection, &answers);
        assert_eq!(sheet.len(), 40);
        let mut rng = rand::rngs::StdRng::seed_from_u64(5);
        let screen: Vec<Item> = paper
            .questions
            .iter()
            .enumerate()
            .map(|(n, q)| {
                let pick = picks
                    .iter()
                    .find(|p| p.deck.id == q.deck && p.card.id == q.card)
                    .copied()
                    .unwrap_or_else(|| panic!("{}/{}", q.deck, q.card));
                let mut item =
                    Item::from_pick(pick, &mut rng).unwrap_or_else(|| panic!("{}", q.card));
                item.chosen = match pattern(n) {
                    0 | 3 => Some(item.correct),
                    1 => Some((item.correct + 1) % item.options.len()),
                    _ => None,
                };
                item.visited = true;
                item
            })
            .collect();
        for marking in Marking::ALL {
            let on_sheet = super::super::score(&sheet, marking);
            assert_eq!(
                on_sheet,
                super::super::score(&screen, marking),
                "{marking:?}"
            );
            assert_eq!(
                (on_sheet.right, on_sheet.wrong, on_sheet.unanswered),
                (20, 10, 10)
            );
            assert_eq!(on_sheet.score, marking.score(20, 10));
        }
    }

    #[test]
    fn letters_and_blanks_are_read_in_order() {
        assert_eq!(
            read_answers("aB- d", &[4, 4, 4, 4]),
            Ok(vec![Some(0), Some(1), None, Some(3)])
        );
        assert_eq!(
            read_answers("abcda\nbcd-a\n", &[4; 10]).map(|a| a.len()),
            Ok(10)
        );
        assert_eq!(read_answers("e", &[5]), Ok(vec![Some(4)]));
    }

    #[test]
    fn a_sheet_that_does_not_fit_the_paper_is_refused() {
        assert_eq!(
            read_answers("abc", &[4; 4]),
            Err(SheetError::Count {
                typed: 3,
                questions: 4
            })
        );
        assert_eq!(
            read_answers("abcda", &[4; 4]),
            Err(SheetError::Count {
                typed: 5,
                questions: 4
            })
        );
        assert_eq!(
            read_answers("ae", &[4, 4]),
            Err(SheetError::NoSuchOption {
                question: 2,
                letter: 'e',
                options: 4
            })
        );
        assert_eq!(
            read_answers("a?", &[4, 4]),
            Err(SheetError::NotAnAnswer {
                place: 2,
                found: '?'
            })
        );
        assert_eq!(
            SheetError::NoSuchOption {
                question: 2,
                letter: 'e',
                options: 4
            }
            .to_string(),
            "answer 2 is `e` but question 2 has options (a) to (d); type a letter from a to d, or - for a blank"
        );
        assert_eq!(
            SheetError::Count {
                typed: 99,
                questions: 100
            }
            .to_string(),
            "99 answers typed for a paper of 100 questions; type one letter or - for each question, in order"
        );
    }
}
