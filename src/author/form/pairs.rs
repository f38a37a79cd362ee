//! The pairs kind's fields: each pair, matched or not, and its decoys.

use super::{Form, padded, statement_field};
use crate::author::text::CardText;
use crate::deck::Kind;
use crate::question;
use crate::ui::Stop;

impl Form<'_, '_> {
    pub(super) fn pairs(&mut self, card: &mut CardText) -> Result<String, Stop> {
        let k = Kind::Pairs;
        let stem = self.string(k, card, "stem", "Stem", "Consider the following pairs:")?;
        self.optional_list(
            k,
            card,
            "columns",
            "Column headings, e.g. `Exercise; Service` (empty: none)",
        )?;
        let made = self.yes_no(
            "Mismatches",
            "made by the program: each pair typed with its correct match, some mismatched afresh each time",
            "written: each pair as the paper prints it, correctly matched or not",
            true,
        )?;
        let mut count = 0;
        loop {
            let n = count + 1;
            let label = if n > 3 {
                format!("Pair {n}, left (empty: no more pairs)")
            } else {
                format!("Pair {n}, left")
            };
            let context = padded(card, "pairs", count, 3);
            let left = self.field(k, &context, &label, "", n > 3, &|v| {
                let mut focus = CardText::new();
                focus.item(
                    "pairs",
                    vec![statement_field("left", v), statement_field("right", "·")],
                );
                focus
            })?;
            if left.is_empty() {
                break;
            }
            let right_label = if made {
                format!("Pair {n}, right (its correct match)")
            } else {
                format!("Pair {n}, right (as printed)")
            };
            let right = self.field(k, &context, &right_label, "", false, &|v| {
                let mut focus = CardText::new();
                focus.item(
                    "pairs",
                    vec![statement_field("left", &left), statement_field("right", v)],
                );
                focus
            })?;
            let mut fields = vec![
                statement_field("left", &left),
                statement_field("right", &right),
            ];
            if !made {
                let correct = self.yes_no(
                    &format!("Pair {n} is"),
                    "correctly matched",
                    "not correctly matched",
                    true,
                )?;
                fields.push(("correct".to_string(), correct.to_string()));
            }
            card.item("pairs", fields);
            count += 1;
        }
        if !made {
            self.printed_ending(k, card, count, "pairs")?;
            return Ok(stem);
        }
        self.optional_list(
            k,
            card,
            "decoys",
            "Decoys: wrong right-hand values to mismatch with, separated by `;` (empty: none)",
        )?;
        if count > 3 {
            let items = ["3 at a time".to_string(), "4 at a time".to_string()];
            let show = 3 + self.choose("Pairs shown each time", &items, 1)?.min(1);
            if show != count.min(4) {
                card.raw("show", show.to_string());
            }
        }
        let forms = [
            format!("\"{}\"", question::wording::HOW_MANY_PAIRS),
            format!("\"{}\"", question::wording::WHICH_PAIRS),
        ];
        if self.choose("Wording of the question", &forms, 0)? == 1 {
            card.string("form", "which");
        }
        Ok(stem)
    }
}
