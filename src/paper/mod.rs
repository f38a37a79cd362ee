//! Question papers to read or print (`upsc paper`): choosing the questions, numbering
//! them, the answer key, and rendering the paper as plain text, Markdown or a printable
//! HTML page.
//!
//! This module owns what a paper is: which cards go in ([`plan`], [`ask`]: the cards in the
//! order written, or a draw repeatable from its seed), that only pick-one questions do
//! (kinds that [`crate::question::asked_as_choice`] names, planned from the deck index
//! before any card is parsed; a card that [`crate::question::present`] does not ask as
//! [`Response::Choice`] is still left out), and how a question
//! is laid out in each format ([`render`]). It takes plain options ([`Choose`],
//! [`Render`]) and returns text; the handler `cmd::paper` reads the command line,
//! loads the decks and writes the result.

pub mod booklet;
pub mod draw;
mod html;
pub(crate) mod layout;
mod markdown;
mod text;

use rand::SeedableRng;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;

use crate::question::{self, Response};
use crate::study::Pick;

/// The letters of the options, `(a)` to `(f)`.
use crate::question::wording::OPTION_LETTERS;

/// How the questions are picked and shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    /// The cards in the order written (decks by id, cards in file order), each asked as a
    /// session would ask it, drawn from the card's own seed
    /// ([`question::present_printed`]): the same paper on every run.
    Written,
    /// A random draw, each card shown afresh; the same seed draws the same paper from
    /// the same decks.
    Drawn { seed: u64 },
}

/// The formats a paper is rendered in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// Plain lines wrapped to a width, for reading or a plain printer.
    #[default]
    Text,
    /// Markdown: headings, numbered lists, tables as Markdown tables.
    Markdown,
    /// A self-contained printable page (A4) with an answer grid at the end.
    Html,
}

impl Format {
    pub const ALL: [Format; 3] = [Format::Text, Format::Markdown, Format::Html];

    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Markdown => "markdown",
            Format::Html => "html",
        }
    }
}

/// What goes into a paper.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choose {
    /// At most this many questions (fewer when fewer pick-one cards match).
    pub count: usize,
    pub order: Order,
    /// What the paper covers, in a few words (`study::describe`), for its heading.
    pub covers: String,
}

/// One question of a paper, as it is asked.
#[derive(Debug, Clone, PartialEq)]
pub struct Question {
    /// The card it came from: deck id and card id.
    pub deck: String,
    pub card: String,
    /// The question as [`question::Question::text`] words it: stem, numbered items or
    /// table, closing line.
    pub text: String,
    /// The options, in the order printed, and the right one.
    pub options: Vec<String>,
    pub correct: usize,
    /// The notes shown after answering it (which item is wrong and why), as
    /// [`question::Question::notes`].
    pub notes: Vec<String>,
}

/// A paper: numbered questions (the first is question 1) and what it covers.
#[derive(Debug, Clone, PartialEq)]
pub struct Paper {
    pub covers: String,
    pub order: Order,
    pub questions: Vec<Question>,
}

impl Paper {
    /// The letter of question `index`'s right option, `(a)` to `(f)`.
    pub fn answer(&self, index: usize) -> &'static str {
        self.questions
            .get(index)
            .and_then(|q| OPTION_LETTERS.get(q.correct))
            .copied()
            .unwrap_or("(?)")
    }

    /// The line under the paper's title, in plain words: how many questions on what, and
    /// how they were chosen.
    pub fn about(&self) -> String {
        let n = self.questions.len();
        let how = match self.order {
            Order::Written => "in the order written".to_string(),
            Order::Drawn { seed } => format!("drawn at random with seed {seed}"),
        };
        format!(
            "{} on {}, {how}.",
            crate::text::Count::new(n, "question", "questions"),
            self.covers
        )
    }
}

/// Picks the paper's questions from `picks` (the cards that match the filters, in deck
/// order): with [`Order::Written`] the first `count` pick-one cards, decks sorted by id
/// and cards in file order; with [`Order::Drawn`] `count` of them at random. Cards that
/// are not asked as a pick-one question (recall, numeric) are passed over. The paper may
/// have no question: the caller says why. The same as [`plan`] over the picks' decks and
/// kinds followed by [`ask`] over the planned picks, which is how `upsc paper` draws from
/// the deck index without parsing every card.
pub fn choose(picks: Vec<Pick<'_>>, choose: &Choose) -> Paper {
    let keys: Vec<(&str, bool)> = picks
        .iter()
        .map(|p| (p.deck.id.as_str(), question::asked_as_choice(p.card.kind())))
        .collect();
    let (planned, mut draw) = plan(&keys, choose.count, choose.order);
    let planned: Vec<Pick<'_>> = planned
        .iter()
        .filter_map(|&i| picks.get(i).copied())
        .collect();
    ask(&planned, choose, &mut draw)
}

/// Which of the matching cards a paper asks, in the order it asks them, from each card's
/// deck id and whether it is asked as a pick-one question ([`question::asked_as_choice`]),
/// in deck order: positions into `keys`, and the generator the questions are then drawn
/// with ([`ask`]). A draw shuffles every matching card, pick-one or not, so a seed draws
/// the same paper as it always has.
pub fn plan(keys: &[(&str, bool)], count: usize, order: Order) -> (Vec<usize>, Draw) {
    let mut positions: Vec<usize> = (0..keys.len()).collect();
    let draw = match order {
        Order::Written => {
            // A stable sort: the cards of a deck stay in file order.
            positions.sort_by(|&a, &b| keys[a].0.cmp(keys[b].0));
            Draw(None)
        }
        Order::Drawn { seed } => {
            let mut rng = StdRng::seed_from_u64(seed);
            positions.shuffle(&mut rng);
            Draw(Some(rng))
        }
    };
    positions.retain(|&i| keys[i].1);
    positions.truncate(count);
    (positions, draw)
}

/// The generator of a drawn paper, part-way through its draw (none for a paper in the
/// order written).
pub struct Draw(Option<StdRng>);

/// The paper asking `picks` in order ([`plan`]'s), drawn on with `draw`: each shown
/// afresh in a drawn paper, from the card's own seed otherwise
/// ([`question::present_printed`]). A card that is not asked with
/// options after all is left out.
pub fn ask(picks: &[Pick<'_>], choose: &Choose, draw: &mut Draw) -> Paper {
    let asked = |pick: &Pick<'_>, shown: question::Question| match shown.response {
        Response::Choice { options, correct } => Some(Question {
            deck: pick.deck.id.clone(),
            card: pick.card.id.clone(),
            text: crate::text::strip_controls(&shown.text).into_owned(),
            options: options
                .iter()
                .map(|o| crate::text::strip_controls(o).into_owned())
                .collect(),
            correct,
            notes: shown.notes,
        }),
        _ => None,
    };
    let questions = picks
        .iter()
        .filter_map(|pick| {
            let shown = match &mut draw.0 {
                Some(rng) => question::present(pick.card, rng),
                None => question::present_printed(pick.card),
            };
            asked(pick, shown)
        })
        .take(choose.count)
        .collect();
    Paper {
        covers: choose.covers.clone(),
        order: choose.order,
        questions,
    }
}

/// How a paper is rendered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Render {
    pub format: Format,
    /// Add the answer key after the questions.
    pub key: bool,
    /// The width plain text is wrapped to (the other formats are not wrapped).
    pub width: usize,
}

/// The paper as text in `render.format`, ending with a line break, in one colon style
/// ([`booklet::colons`]).
pub fn render(paper: &Paper, render: &Render) -> String {
    let paper = &paper.in_one_colon_style();
    match render.format {
        Format::Text => text::render(paper, render.key, render.width),
        Format::Markdown => markdown::render(paper, render.key),
        Format::Html => html::render(paper, render.key),
    }
}

/// The paper's title.
const TITLE: &str = "Question paper";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::load::{Collection, DeckSource, Decks};

    /// `choose` as first written, presenting every matching card in turn: what `plan` and
    /// `ask` must give.
    fn reference(mut picks: Vec<Pick<'_>>, choose: &Choose) -> Vec<(String, String, String)> {
        let key = |pick: &Pick<'_>, shown: question::Question| match shown.response {
            Response::Choice { options, correct } => Some((
                pick.card.id.clone(),
                shown.text,
                format!("{options:?} {correct}"),
            )),
            _ => None,
        };
        match choose.order {
            Order::Written => {
                picks.sort_by(|a, b| a.deck.id.cmp(&b.deck.id));
                picks
                    .iter()
                    .filter_map(|p| key(p, question::present_printed(p.card)))
                    .take(choose.count)
                    .collect()
            }
            Order::Drawn { seed } => {
                let mut rng = StdRng::seed_from_u64(seed);
                picks.shuffle(&mut rng);
                let mut out = Vec::new();
                for p in &picks {
                    if out.len() >= choose.count {
                        break;
                    }
                    out.extend(key(p, question::present(p.card, &mut rng)));
                }
                out
            }
        }
    }

    #[test]
    fn planning_from_kinds_draws_the_paper_presenting_every_card_drew() {
        let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        let collection = Collection::load(&Decks::new(vec![
            DeckSource::Bundled,
            DeckSource::Path(fixtures.join("good")),
            DeckSource::Path(fixtures.join("real2025")),
        ]));
        let picks: Vec<Pick<'_>> = collection
            .decks
            .iter()
            .flat_map(|deck| deck.cards.iter().map(move |card| Pick { deck, card }))
            .collect();
        // The material mixes the kinds a paper passes over with those it asks.
        let kinds: std::collections::HashSet<_> = picks.iter().map(|p| p.card.kind()).collect();
        assert!(
            kinds.contains(&crate::deck::Kind::Recall)
                && kinds.contains(&crate::deck::Kind::Numeric)
        );
        for order in [
            Order::Written,
            Order::Drawn { seed: 1 },
            Order::Drawn { seed: 977 },
        ] {
            for count in [1, 7, 100, 10_000] {
                let choose = Choose {
                    count,
                    order,
                    covers: "all decks".into(),
                };
                let got: Vec<_> = super::choose(picks.clone(), &choose)
                    .questions
                    .into_iter()
                    .map(|q| {
                        let options: Vec<String> = q.options;
                        (q.card, q.text, format!("{options:?} {}", q.correct))
                    })
                    .collect();
                let want: Vec<_> = reference(picks.clone(), &choose)
                    .into_iter()
                    .map(|(card, text, options)| {
                        (
                            card,
                            crate::text::strip_controls(&text).into_owned(),
                            options,
                        )
                    })
                    .collect();
                assert_eq!(got, want, "{order:?}, {count} questions");
            }
        }
    }

    pub(super) fn sample() -> Paper {
        Paper {
            covers: "deck sample".into(),
            order: Order::Written,
            questions: vec![
                Question {
                    deck: "sample".into(),
                    card: "pairs".into(),
                    text: "Consider the following pairs :\n\n     River — Flows into\n  I. Narmada — Arabian Sea\n  II. Mahanadi — Arabian Sea\n\nHow many of the pairs given above are correctly matched?".into(),
                    options: ["Only one", "Only two", "All the three", "None"].map(String::from).to_vec(),
                    correct: 1,
                    notes: Vec::new(),
                },
                Question {
                    deck: "sample".into(),
                    card: "mcq".into(),
                    text: "Which of these is <b>bold</b> & 1 < 2?".into(),
                    options: ["A | B", "*C*", "D", "E"].map(String::from).to_vec(),
                    correct: 3,
                    notes: Vec::new(),
                },
            ],
        }
    }

    #[test]
    fn the_key_letters_follow_the_right_options() {
        let paper = sample();
        assert_eq!(paper.answer(0), "(b)");
        assert_eq!(paper.answer(1), "(d)");
        assert_eq!(paper.answer(2), "(?)");
    }

    #[test]
    fn the_heading_says_how_the_paper_was_chosen() {
        let mut paper = sample();
        assert_eq!(
            paper.about(),
            "2 questions on deck sample, in the order written."
        );
        paper.order = Order::Drawn { seed: 7 };
        paper.questions.truncate(1);
        assert_eq!(
            paper.about(),
            "1 question on deck sample, drawn at random with seed 7."
        );
        assert!(!paper.about().contains('`'));
    }
}
