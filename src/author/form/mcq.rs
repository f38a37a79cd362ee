//! The multiple-choice kind's fields: a prompt, its answer and distractors.

use super::Form;
use crate::author::text::CardText;
use crate::deck::Kind;
use crate::ui::Stop;

impl Form<'_, '_> {
    pub(super) fn mcq(&mut self, card: &mut CardText) -> Result<String, Stop> {
        let k = Kind::Mcq;
        let prompt = self.string(k, card, "prompt", "Question", "")?;
        let mut options: Vec<String> = Vec::new();
        while options.len() < 6 {
            let n = options.len() + 1;
            let label = if n > 2 {
                format!("Option {n} (empty: no more options)")
            } else {
                format!("Option {n}")
            };
            let so_far = options.clone();
            let option = self.field(k, card, &label, "", n > 2, &|v| {
                let mut focus = CardText::new();
                let mut all = so_far.clone();
                all.push(v.to_string());
                if all.len() >= 2 {
                    focus.strings("options", &all);
                }
                focus
            })?;
            if option.is_empty() {
                break;
            }
            options.push(option);
        }
        card.strings("options", &options);
        let right = self.choose("Which option is right?", &options, 0)?;
        card.string("answer", &options[right.min(options.len() - 1)]);
        let shuffle = self.yes_no(
            "Order of the options",
            "shuffled each time",
            "always as written (for \"All of the above\" and the like)",
            true,
        )?;
        if !shuffle {
            card.boolean("shuffle", false);
        }
        Ok(prompt)
    }
}
