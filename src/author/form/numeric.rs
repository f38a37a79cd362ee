//! The numeric kind's fields: a value, its unit and tolerance.

use super::{Form, number_text, tolerance_text};
use crate::author::text::CardText;
use crate::deck::Kind;
use crate::ui::Stop;

impl Form<'_, '_> {
    pub(super) fn numeric(&mut self, card: &mut CardText) -> Result<String, Stop> {
        let k = Kind::Numeric;
        let prompt = self.string(k, card, "prompt", "Question", "")?;
        let value = self.field(
            k,
            card,
            "The amount, e.g. 10 trillion, 5.96 lakh crore, 68 billion, 1947",
            "",
            false,
            &|v| {
                let mut focus = CardText::new();
                focus.raw("value", number_text(v));
                focus
            },
        )?;
        card.raw("value", number_text(&value));
        let unit = self.optional(
            k,
            card,
            "unit",
            "Unit, e.g. yen, USD, INR, km, % (empty: a plain count or a year)",
        )?;
        card.string("unit", &unit);
        let tolerance = self.field(
            k,
            card,
            "Tolerance: a number in the unit, or a percentage such as 2% (empty: exact)",
            "",
            true,
            &|v| {
                let mut focus = CardText::new();
                focus.raw("tolerance", tolerance_text(v));
                focus
            },
        )?;
        if !tolerance.is_empty() {
            card.raw("tolerance", tolerance_text(&tolerance));
        }
        Ok(prompt)
    }
}
