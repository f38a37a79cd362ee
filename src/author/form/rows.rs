//! The rows kind's fields: a table's headings and its rows, matched or not.

use super::{Form, split_list, statement_field};
use crate::author::text::{CardText, toml_strings};
use crate::deck::Kind;
use crate::ui::Stop;

impl Form<'_, '_> {
    /// A table: the stem, 2 to 4 column headings, then 2 to 6 rows, each with one cell
    /// per heading and whether it is correctly matched (a deliberate mismatch says why).
    /// The whole card is checked by the parser before it is previewed.
    pub(super) fn rows(&mut self, card: &mut CardText) -> Result<String, Stop> {
        let k = Kind::Rows;
        let stem = self.string(
            k,
            card,
            "stem",
            "Stem",
            "Consider the following information :",
        )?;
        let headings = self.prompter.text(
            "Column headings, 2 to 4, separated by `;` (e.g. Agreement; Year; Domain)",
            "",
            false,
            &|v: &str| match split_list(v, ';').len() {
                2..=4 => Ok(()),
                n => Err(format!("give 2 to 4 headings, found {n}")),
            },
        )?;
        let columns = split_list(&headings, ';');
        card.strings("columns", &columns);
        let mut count = 0;
        while count < 6 {
            let n = count + 1;
            let label = if n > 2 {
                format!(
                    "Row {n}: {} cells separated by `;` (empty: no more rows)",
                    columns.len()
                )
            } else {
                format!("Row {n}: {} cells separated by `;`", columns.len())
            };
            let wanted = columns.len();
            let cells = self.prompter.text(&label, "", n > 2, &|v: &str| {
                if v.trim().is_empty() && n > 2 {
                    return Ok(());
                }
                match split_list(v, ';').len() {
                    got if got == wanted => Ok(()),
                    got => Err(format!("give {wanted} cells, one per heading; found {got}")),
                }
            })?;
            if cells.trim().is_empty() {
                break;
            }
            let correct = self.yes_no(
                &format!("Is row {n} correctly matched?"),
                "yes",
                "no: a deliberate mismatch",
                true,
            )?;
            let mut fields = vec![
                ("cells".to_string(), toml_strings(&split_list(&cells, ';'))),
                ("correct".to_string(), correct.to_string()),
            ];
            if !correct {
                let why = self.prompter.text(
                    "Why it is not, shown after answering (e.g. the right year)",
                    "",
                    false,
                    &|v: &str| {
                        if v.trim().is_empty() {
                            Err("say what the correct match is".to_string())
                        } else {
                            Ok(())
                        }
                    },
                )?;
                fields.push(statement_field("why", why.trim()));
            }
            card.item("rows", fields);
            count += 1;
        }
        let forms = [
            "\"In how many of the above rows is the given information correctly matched?\""
                .to_string(),
            "\"In which of the above rows is the given information correctly matched?\""
                .to_string(),
            "either, chosen afresh each time".to_string(),
        ];
        match self.choose("Wording of the question", &forms, 0)? {
            0 => {
                card.string("form", "how-many");
            }
            1 => {
                card.string("form", "which");
            }
            _ => {}
        }
        Ok(stem)
    }
}
