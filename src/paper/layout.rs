//! A question's text read back into its parts, so each format can lay them out: lines of
//! prose (the stem, the closing line), numbered items (`I. Finland`, `2. …`) and tables.
//!
//! [`crate::question`] writes a question as text: the stem, then the items one a line,
//! indented and numbered, then the closing line, with blank lines between the parts. A
//! table is written the same way, under an indented line of headings, its cells separated
//! by ` — ` (`     River — Flows into` over `  I. Narmada — Arabian Sea`). A line of
//! headings is taken as a table's only when every item under it has as many cells as it
//! has headings; otherwise the lines stay as they are. The `rows` kind's tables come in
//! the tab-separated form of [`crate::question::table`] and are read with it.

/// The separator between the cells of a table row, as `question` writes them.
pub(crate) const CELL_SEPARATOR: &str = " — ";

/// A part of a question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Block {
    /// Lines of prose, each printed on a line of its own (leading spaces removed).
    Lines(Vec<String>),
    /// Numbered items: the label (`I.`, `2.`) and the text.
    Items(Vec<(String, String)>),
    /// A table: the headings, and each row's label and cells (as many as the headings).
    Table {
        headings: Vec<String>,
        rows: Vec<(String, Vec<String>)>,
    },
}

/// The label of a numbered item at the start of `line` (`1.`, `12.`, `IV.`) and the text
/// after it, or `None`.
pub(crate) fn item(line: &str) -> Option<(&str, &str)> {
    let line = line.trim_start();
    let (label, rest) = line.split_once(' ')?;
    let number = label.strip_suffix('.')?;
    let numeral = !number.is_empty()
        && number.len() <= 5
        && (number.chars().all(|c| c.is_ascii_digit())
            || number.chars().all(|c| matches!(c, 'I' | 'V' | 'X')));
    let rest = rest.trim_start();
    (numeral && !rest.is_empty()).then_some((label, rest))
}

fn cells(text: &str) -> Vec<String> {
    text.split(CELL_SEPARATOR)
        .map(|c| c.trim().to_string())
        .collect()
}

/// Reads a question's text into its parts, in order.
pub(crate) fn blocks(text: &str) -> Vec<Block> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out: Vec<Block> = Vec::new();
    let mut i = 0;
    let mut fresh = true; // a blank line ends the block before it
    while i < lines.len() {
        let line = lines[i];
        if line.trim().is_empty() {
            fresh = true;
            i += 1;
            continue;
        }
        if let Some((label, rest)) = item(line) {
            match out.last_mut() {
                Some(Block::Items(items)) if !fresh => {
                    items.push((label.to_string(), rest.to_string()));
                }
                _ => out.push(Block::Items(vec![(label.to_string(), rest.to_string())])),
            }
            fresh = false;
            i += 1;
            continue;
        }
        // A table as `question::table` writes it (a line of headings starting with a tab,
        // then one labelled row a line, cells separated by tabs): the `rows` kind's.
        if line.starts_with('\t') {
            let rest = lines[i..].join("\n");
            if let Some(crate::question::table::Segment::Table(table)) =
                crate::question::table::segments(&rest).into_iter().next()
            {
                i += 1 + table.rows.len();
                out.push(Block::Table {
                    headings: table.headings,
                    rows: table.rows,
                });
                fresh = true;
                continue;
            }
        }
        // An indented line of headings over items with as many cells: a table.
        let indented = line.starts_with(' ');
        let headings = cells(line.trim());
        if indented && headings.len() >= 2 {
            let rows: Vec<(String, Vec<String>)> = lines[i + 1..]
                .iter()
                .map_while(|l| item(l))
                .map(|(label, rest)| (label.to_string(), cells(rest)))
                .collect();
            if !rows.is_empty() && rows.iter().all(|(_, c)| c.len() == headings.len()) {
                i += 1 + rows.len();
                out.push(Block::Table { headings, rows });
                fresh = true;
                continue;
            }
        }
        let text = line.trim().to_string();
        match out.last_mut() {
            Some(Block::Lines(lines)) if !fresh => lines.push(text),
            _ => out.push(Block::Lines(vec![text])),
        }
        fresh = false;
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(list: &[(&str, &str)]) -> Block {
        Block::Items(
            list.iter()
                .map(|(l, t)| (l.to_string(), t.to_string()))
                .collect(),
        )
    }

    fn lines(list: &[&str]) -> Block {
        Block::Lines(list.iter().map(|l| l.to_string()).collect())
    }

    #[test]
    fn a_statements_question_has_a_stem_items_and_a_closing_line() {
        let text = "With reference to the Rajya Sabha, consider :\n\n  I. One.\n  II. Two.\n\nWhich of the statements given above are correct?\nSelect the correct answer using the code given below.";
        assert_eq!(
            blocks(text),
            [
                lines(&["With reference to the Rajya Sabha, consider :"]),
                items(&[("I.", "One."), ("II.", "Two.")]),
                lines(&[
                    "Which of the statements given above are correct?",
                    "Select the correct answer using the code given below."
                ]),
            ]
        );
    }

    #[test]
    fn headings_over_rows_of_as_many_cells_are_a_table() {
        let text = "Consider the following pairs :\n\n     River — Flows into\n  1. Narmada — Arabian Sea\n  2. Mahanadi — Arabian Sea\n\nHow many?";
        assert_eq!(
            blocks(text),
            [
                lines(&["Consider the following pairs :"]),
                Block::Table {
                    headings: vec!["River".into(), "Flows into".into()],
                    rows: vec![
                        ("1.".into(), vec!["Narmada".into(), "Arabian Sea".into()]),
                        ("2.".into(), vec!["Mahanadi".into(), "Arabian Sea".into()]),
                    ],
                },
                lines(&["How many?"]),
            ]
        );
    }

    #[test]
    fn rows_that_do_not_fit_the_headings_stay_lines_and_items() {
        let text = "Pairs :\n\n     River — Sea\n  I. Narmada — Arabian — Sea\n\nHow many?";
        assert_eq!(
            blocks(text),
            [
                lines(&["Pairs :"]),
                lines(&["River — Sea"]),
                items(&[("I.", "Narmada — Arabian — Sea")]),
                lines(&["How many?"]),
            ]
        );
        // Pairs without headings are items, the dash kept.
        assert_eq!(
            blocks("  I. A — B\n  II. C — D"),
            [items(&[("I.", "A — B"), ("II.", "C — D")])]
        );
    }

    #[test]
    fn only_numbers_and_roman_numerals_label_items() {
        assert_eq!(item("  IV. Norway"), Some(("IV.", "Norway")));
        assert_eq!(item("12. Twelve"), Some(("12.", "Twelve")));
        assert_eq!(item("Statement I : x"), None);
        assert_eq!(item("It. is"), None);
        assert_eq!(item("1."), None);
        assert_eq!(
            blocks("Statement I : One\n\nStatement II : Two"),
            [
                lines(&["Statement I : One"]),
                lines(&["Statement II : Two"])
            ]
        );
    }
}
