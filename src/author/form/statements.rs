//! The statements kind's fields, with the printed closing line and the written options
//! that pairs and rows ask the same way.

use super::{Form, padded, statement_field};
use crate::author::text::CardText;
use crate::deck::Kind;
use crate::question;
use crate::ui::Stop;

impl Form<'_, '_> {
    pub(super) fn statements(&mut self, card: &mut CardText) -> Result<String, Stop> {
        let k = Kind::Statements;
        let stem = self.string(
            k,
            card,
            "stem",
            "Stem",
            "Consider the following statements:",
        )?;
        let mut pool: Vec<bool> = Vec::new();
        loop {
            let n = pool.len() + 1;
            let label = if n > 2 {
                format!("Statement {n} (empty: no more statements)")
            } else {
                format!("Statement {n}")
            };
            let context = padded(card, "statements", pool.len(), 2);
            let text = self.field(k, &context, &label, "", n > 2, &|v| {
                let mut focus = CardText::new();
                focus.item(
                    "statements",
                    vec![
                        statement_field("text", v),
                        ("correct".to_string(), "true".to_string()),
                    ],
                );
                focus
            })?;
            if text.is_empty() {
                break;
            }
            let correct =
                self.yes_no(&format!("Statement {n} is"), "correct", "incorrect", true)?;
            let mut fields = vec![
                statement_field("text", &text),
                ("correct".to_string(), correct.to_string()),
            ];
            if !correct {
                let why = self.field(
                    k,
                    &context,
                    &format!("Why is statement {n} incorrect? (shown after answering)"),
                    "",
                    true,
                    &|v| {
                        let mut focus = CardText::new();
                        focus.item(
                            "statements",
                            vec![
                                statement_field("text", &text),
                                ("correct".to_string(), "false".to_string()),
                                statement_field("why", v),
                            ],
                        );
                        focus
                    },
                )?;
                if !why.is_empty() {
                    fields.push(statement_field("why", &why));
                }
            }
            card.item("statements", fields);
            pool.push(correct);
        }
        let not_correct = !self.yes_no(
            "The question asks for",
            "the correct statements",
            "the statements that are not correct",
            true,
        )?;
        if not_correct {
            card.string("ask", "not-correct");
        }
        let fresh = self.yes_no(
            "How is it asked?",
            "afresh each time: a random choice and order of the statements",
            "as the paper prints it: every statement in the written order, the same every time",
            true,
        )?;
        if !fresh {
            card.boolean("shuffle", false);
            self.printed_ending(k, card, pool.len(), "statements")?;
            return Ok(stem);
        }
        let show = if pool.len() > 2 {
            let choices: Vec<usize> = (2..=pool.len().min(4)).collect();
            let items: Vec<String> = choices.iter().map(|n| format!("{n} at a time")).collect();
            let default = choices.iter().position(|&n| n == 3).unwrap_or(0);
            let chosen = self.choose("Statements shown each time", &items, default)?;
            choices[chosen.min(choices.len() - 1)]
        } else {
            pool.len()
        };
        if show != pool.len().min(3) {
            card.raw("show", show.to_string());
        }
        if show >= 3 {
            let forms = [
                "either wording, chosen at random each time".to_string(),
                format!("always \"{}\"", question::wording::WHICH_STATEMENTS),
                format!("always \"{}\"", question::wording::HOW_MANY_STATEMENTS),
            ];
            match self.choose("Wording of the question", &forms, 0)? {
                1 => {
                    card.string("form", "which");
                }
                2 => {
                    card.string("form", "how-many");
                }
                _ => {}
            }
        }
        Ok(stem)
    }

    /// The ending of a question asked as printed: options made from the `count` items (in
    /// the "which" or "how many" wording) or written as the paper prints them, and the
    /// closing line, the style's own or written.
    pub(super) fn printed_ending(
        &mut self,
        kind: Kind,
        card: &mut CardText,
        count: usize,
        noun: &str,
    ) -> Result<(), Stop> {
        let made = self.yes_no(
            "Options",
            &format!("made from the {noun}, with the right one computed"),
            "written as the paper prints them (codes such as `I and II only`, counts such as `Only two`)",
            true,
        )?;
        if !made {
            self.written_options(card)?;
        } else if count > 2 {
            let forms = [
                "\"Which of the … given above …?\" with codes such as `I and II only`".to_string(),
                "\"How many of the … given above …?\" with counts such as `Only two`".to_string(),
            ];
            let form = if self.choose("Wording of the options", &forms, 0)? == 0 {
                "which"
            } else {
                "how-many"
            };
            card.string("form", form);
        }
        let question = self.optional(kind, card, "question", "Closing line as printed, e.g. \"How many of the above are members of …?\" (empty: the style's own)")?;
        if !question.is_empty() {
            card.string("question", &question);
        }
        Ok(())
    }

    /// Options typed one by one as the paper prints them, each read as a code or a count
    /// as it is typed; whether exactly one is right is checked with the whole card.
    pub(super) fn written_options(&mut self, card: &mut CardText) -> Result<(), Stop> {
        let mut options: Vec<String> = Vec::new();
        while options.len() < 6 {
            let n = options.len();
            let letter = question::wording::OPTION_LETTERS
                .get(n)
                .copied()
                .unwrap_or("");
            let label = if n >= 2 {
                format!("Option {letter} (empty: no more options)")
            } else {
                format!("Option {letter}, e.g. I and II only, Both I and II, Only two")
            };
            let so_far = options.clone();
            let option = self.prompter.text(&label, "", n >= 2, &|v: &str| {
                let v = v.trim();
                if v.is_empty() {
                    return if n >= 2 {
                        Ok(())
                    } else {
                        Err("this cannot be empty".to_string())
                    };
                }
                if so_far.iter().any(|o| o.eq_ignore_ascii_case(v)) {
                    return Err(format!("`{v}` is already an option"));
                }
                question::wording::read_option(v)
                    .map(|_| ())
                    .map_err(|e| format!("`{v}` {e}"))
            })?;
            let option = option.trim().to_string();
            if option.is_empty() {
                break;
            }
            options.push(option);
        }
        card.strings("options", &options);
        Ok(())
    }
}
