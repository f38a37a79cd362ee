//! The assertion-reason kind's fields, with a Statement-III.

use super::Form;
use crate::author::text::{self, CardText};
use crate::deck::Kind;
use crate::question;
use crate::ui::Stop;

impl Form<'_, '_> {
    /// Statement-I and Statement-II, and optionally Statement-III: each with whether it
    /// is correct, then which correct statements explain Statement-I. The combination is
    /// checked by the parser (exactly one of the four options must fit) before going on.
    pub(super) fn assertion(&mut self, card: &mut CardText) -> Result<String, Stop> {
        let k = Kind::Assertion;
        let stem = self.optional(k, card, "stem", "Line before Statement-I (empty: \"Consider the following statements :\", as the papers print it)")?;
        if !stem.is_empty() && stem != question::wording::ASSERTION_STEM {
            card.string("stem", &stem);
        }
        let first = self.string(k, card, "statement1", "Statement-I", "")?;
        let first_correct = self.yes_no("Statement-I is", "correct", "incorrect", true)?;
        self.string(k, card, "statement2", "Statement-II", "")?;
        let three = !self.yes_no(
            "Statements",
            "two: Statement-I and Statement-II",
            "three: a Statement-III as well",
            true,
        )?;
        if three {
            self.string(k, card, "statement3", "Statement-III", "")?;
        }
        loop {
            let second_correct = self.yes_no("Statement-II is", "correct", "incorrect", true)?;
            let mut focus = CardText::new();
            focus
                .boolean("statement1_correct", first_correct)
                .boolean("statement2_correct", second_correct);
            if three {
                let third_correct =
                    self.yes_no("Statement-III is", "correct", "incorrect", true)?;
                focus.boolean("statement3_correct", third_correct);
                let correct: Vec<usize> = [(2, second_correct), (3, third_correct)]
                    .into_iter()
                    .filter_map(|(n, c)| c.then_some(n))
                    .collect();
                let explained_by: Vec<usize> = match correct.as_slice() {
                    [] => Vec::new(),
                    [one] => {
                        let label = if *one == 2 { "II" } else { "III" };
                        let explains = self.yes_no(
                            &format!("Does Statement-{label} explain Statement-I?"),
                            "yes",
                            "no",
                            true,
                        )?;
                        if explains { vec![*one] } else { Vec::new() }
                    }
                    _ => {
                        let items = [
                            "both of them".to_string(),
                            "only Statement-II".to_string(),
                            "only Statement-III".to_string(),
                            "neither".to_string(),
                        ];
                        match self.choose(
                            "Which of Statements II and III explain Statement-I?",
                            &items,
                            0,
                        )? {
                            0 => vec![2, 3],
                            1 => vec![2],
                            2 => vec![3],
                            _ => Vec::new(),
                        }
                    }
                };
                let listed: Vec<String> = explained_by.iter().map(ToString::to_string).collect();
                focus.raw("explained_by", format!("[{}]", listed.join(", ")));
            } else if first_correct && second_correct {
                let explains = self.yes_no(
                    "Does Statement-II explain Statement-I?",
                    "yes, it is the correct explanation",
                    "no",
                    true,
                )?;
                focus.boolean("explains", explains);
            }
            match text::field_error(k, card, &focus, self.parse_context()) {
                None => {
                    card.boolean("statement1_correct", first_correct)
                        .boolean("statement2_correct", second_correct);
                    for key in ["statement3_correct", "explains", "explained_by"] {
                        if let Some(value) = focus.get(key) {
                            card.raw(key, value.to_string());
                        }
                    }
                    return Ok(first);
                }
                Some(error) => self.prompter.say(&format!("✘ {error}")),
            }
        }
    }
}
