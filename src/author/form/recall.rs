//! The recall kind's fields: a prompt and its answer.

use super::Form;
use crate::author::text::CardText;
use crate::deck::Kind;
use crate::ui::Stop;

impl Form<'_, '_> {
    pub(super) fn recall(&mut self, card: &mut CardText) -> Result<String, Stop> {
        let k = Kind::Recall;
        let prompt = self.string(k, card, "prompt", "Question", "")?;
        self.string(k, card, "answer", "Answer", "")?;
        self.optional_list(
            k,
            card,
            "accept",
            "Other answers that count as right, separated by `;` (empty: none)",
        )?;
        let typed = self.yes_no(
            "How is it answered?",
            "typed, and checked",
            "recalled, revealed and graded by the learner",
            true,
        )?;
        if !typed {
            card.boolean("self_grade", true);
        }
        Ok(prompt)
    }
}
