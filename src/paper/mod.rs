//! Question papers to read or print (`upsc paper`): choosing the questions, numbering
//! them, the answer key, and rendering the paper as plain text, Markdown or a printable
//! HTML page.
//!
//! This module owns what a paper is: which cards go in ([`choose`]: the cards in the
//! order written, or a draw repeatable from its seed), that only pick-one questions do
//! (whatever a card's kind, a question goes in when [`crate::question::present`] asks it
//! as [`Response::Choice`], so a new pick-one kind needs nothing here), and how a question
//! is laid out in each format ([`render`]). It takes plain options ([`Choose`],
//! [`Render`]) and returns text; the handler `cmd::paper` reads the command line,
//! loads the decks and writes the result.

mod html;
mod layout;
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
    /// The cards in the order written (decks by id, cards in file order), each shown the
    /// printed way ([`question::present_all`]): the same paper on every run.
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

    /// The line under the paper's title: how many questions on what, and how they were
    /// chosen.
    pub fn about(&self) -> String {
        let n = self.questions.len();
        let how = match self.order {
            Order::Written => "in the order written".to_string(),
            Order::Drawn { seed } => {
                format!("drawn at random with seed {seed} (`--seed {seed}` draws it again)")
            }
        };
        format!(
            "{n} question{} on {}, {how}.",
            if n == 1 { "" } else { "s" },
            self.covers
        )
    }
}

/// Picks the paper's questions from `picks` (the cards that match the filters, in deck
/// order): with [`Order::Written`] the first `count` pick-one cards, decks sorted by id
/// and cards in file order; with [`Order::Drawn`] `count` of them at random. Cards that
/// are not asked as a pick-one question (recall, numeric) are passed over. The paper may
/// have no question: the caller says why.
pub fn choose(mut picks: Vec<Pick<'_>>, choose: &Choose) -> Paper {
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
        }),
        _ => None,
    };
    let questions: Vec<Question> = match choose.order {
        Order::Written => {
            // A stable sort: the cards of a deck stay in file order.
            picks.sort_by(|a, b| a.deck.id.cmp(&b.deck.id));
            picks
                .iter()
                .filter_map(|pick| asked(pick, question::present_all(pick.card)))
                .take(choose.count)
                .collect()
        }
        Order::Drawn { seed } => {
            let mut rng = StdRng::seed_from_u64(seed);
            picks.shuffle(&mut rng);
            let mut questions = Vec::new();
            for pick in &picks {
                if questions.len() >= choose.count {
                    break;
                }
                if let Some(q) = asked(pick, question::present(pick.card, &mut rng)) {
                    questions.push(q);
                }
            }
            questions
        }
    };
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

/// The paper as text in `render.format`, ending with a line break.
pub fn render(paper: &Paper, render: &Render) -> String {
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
                },
                Question {
                    deck: "sample".into(),
                    card: "mcq".into(),
                    text: "Which of these is <b>bold</b> & 1 < 2?".into(),
                    options: ["A | B", "*C*", "D", "E"].map(String::from).to_vec(),
                    correct: 3,
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
            "1 question on deck sample, drawn at random with seed 7 (`--seed 7` draws it again)."
        );
    }
}
