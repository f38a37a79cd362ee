//! A paper as plain lines wrapped to a width: each question numbered, its parts
//! separated by blank lines, items and options with their continuation lines hanging
//! under their text, tables as aligned columns (as items when too wide).

use std::fmt::Write as _;

use super::layout::{self, Block};
use super::{OPTION_LETTERS, Paper, TITLE};

/// Columns between the cells of a table.
const GAP: &str = "   ";

/// `text` wrapped to `width`, the first line starting with `first` and the others with
/// `rest`; never broken at a hyphen ("Statement-II" stays whole).
fn wrap(out: &mut String, text: &str, first: &str, rest: &str, width: usize) {
    let options = textwrap::Options::new(width)
        .initial_indent(first)
        .subsequent_indent(rest)
        .word_splitter(textwrap::WordSplitter::NoHyphenation)
        .break_words(true);
    for line in textwrap::wrap(text, options) {
        out.push_str(line.trim_end());
        out.push('\n');
    }
}

fn columns(text: &str) -> usize {
    console::measure_text_width(text)
}

fn pad(text: &str, width: usize) -> String {
    format!("{text}{}", " ".repeat(width.saturating_sub(columns(text))))
}

/// A table as aligned columns under `indent`, or `None` when it is wider than `width`.
fn table(
    headings: &[String],
    rows: &[(String, Vec<String>)],
    indent: &str,
    width: usize,
) -> Option<String> {
    let label = rows.iter().map(|(l, _)| columns(l)).max().unwrap_or(0);
    let widths: Vec<usize> = (0..headings.len())
        .map(|c| {
            rows.iter()
                .filter_map(|(_, cells)| cells.get(c))
                .chain(headings.get(c))
                .map(|t| columns(t))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let total = columns(indent)
        + label
        + 1
        + widths.iter().sum::<usize>()
        + GAP.len() * widths.len().saturating_sub(1);
    if total > width {
        return None;
    }
    let line = |label_text: &str, cells: &[String]| {
        let cells: Vec<String> = cells
            .iter()
            .zip(&widths)
            .map(|(cell, &w)| pad(cell, w))
            .collect();
        format!("{indent}{} {}", pad(label_text, label), cells.join(GAP))
            .trim_end()
            .to_string()
    };
    let mut out = line("", headings);
    out.push('\n');
    for (label_text, cells) in rows {
        out.push_str(&line(label_text, cells));
        out.push('\n');
    }
    Some(out)
}

fn items(out: &mut String, list: &[(String, String)], indent: &str, width: usize) {
    for (label, text) in list {
        let first = format!("{indent}{label} ");
        let rest = " ".repeat(columns(&first));
        wrap(out, text, &first, &rest, width);
    }
}

/// One question: `number` padded to `label` columns, its parts and its options.
fn question(out: &mut String, number: &str, q: &super::Question, label: usize, width: usize) {
    let body = " ".repeat(label);
    let mut lead = Some(pad(number, label));
    for (n, block) in layout::blocks(&q.text).iter().enumerate() {
        if n > 0 {
            out.push('\n');
        }
        // The question's number goes before its first line, whatever that is.
        let first = lead.take().unwrap_or_else(|| body.clone());
        match block {
            Block::Lines(lines) => {
                for (i, line) in lines.iter().enumerate() {
                    let start = if i == 0 {
                        first.as_str()
                    } else {
                        body.as_str()
                    };
                    wrap(out, line, start, &body, width);
                }
            }
            Block::Items(list) => {
                if first != body {
                    out.push_str(first.trim_end());
                    out.push('\n');
                }
                items(out, list, &format!("{body}  "), width);
            }
            Block::Table { headings, rows } => {
                if first != body {
                    out.push_str(first.trim_end());
                    out.push('\n');
                }
                let indent = format!("{body}  ");
                match table(headings, rows, &indent, width) {
                    Some(text) => out.push_str(&text),
                    None => {
                        // Too wide for columns: a line per row, a separator column's
                        // mark between its neighbours and ` — ` between other cells.
                        let whole = crate::question::table::Table {
                            headings: headings.clone(),
                            rows: rows.clone(),
                        };
                        wrap(
                            out,
                            &whole.headings_joined(layout::CELL_SEPARATOR),
                            &indent,
                            &indent,
                            width,
                        );
                        let list: Vec<(String, String)> = rows
                            .iter()
                            .map(|(l, cells)| {
                                (
                                    l.clone(),
                                    whole.cells_joined(cells, layout::CELL_SEPARATOR, ' '),
                                )
                            })
                            .collect();
                        items(out, &list, &indent, width);
                    }
                }
            }
        }
    }
    if let Some(first) = lead {
        // A question with no text at all still shows its number.
        out.push_str(first.trim_end());
        out.push('\n');
    }
    out.push('\n');
    for (letter, option) in OPTION_LETTERS.iter().zip(&q.options) {
        let first = format!("{body}{letter} ");
        let rest = " ".repeat(columns(&first));
        wrap(out, option, &first, &rest, width);
    }
}

pub(super) fn render(paper: &Paper, key: bool, width: usize) -> String {
    let mut out = String::new();
    out.push_str(TITLE);
    out.push('\n');
    wrap(&mut out, &paper.about(), "", "", width);
    let _ = writeln!(out, "Paper id : {}", paper.id());
    // Numbers are padded to the widest one: "1.  " lines up with "10. ".
    let label = format!("{}.", paper.questions.len()).len() + 1;
    for (i, q) in paper.questions.iter().enumerate() {
        out.push('\n');
        question(&mut out, &format!("{}.", i + 1), q, label, width);
    }
    if key {
        out.push_str("\nAnswer key\n");
        for i in 0..paper.questions.len() {
            let _ = writeln!(out, "{}. {}", i + 1, paper.answer(i));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::tests::sample;
    use super::*;

    #[test]
    fn a_paper_is_numbered_with_aligned_tables_and_a_key() {
        let text = render(&sample(), true, 80);
        assert_eq!(
            text,
            "Question paper
2 questions on deck sample, in the order written.
Paper id : in-order-AQGZ

1. Consider the following pairs :

         River      Flows into
     I.  Narmada    Arabian Sea
     II. Mahanadi   Arabian Sea

   How many of the pairs given above are correctly matched?

   (a) Only one
   (b) Only two
   (c) All the three
   (d) None

2. Which of these is <b>bold</b> & 1 < 2?

   (a) A | B
   (b) *C*
   (c) D
   (d) E

Answer key
1. (b)
2. (d)
"
        );
    }

    #[test]
    fn long_lines_wrap_under_their_text_and_wide_tables_become_items() {
        let mut paper = sample();
        paper.questions[1].options[0] = "word ".repeat(12).trim().to_string();
        let text = render(&paper, false, 30);
        assert!(text.lines().all(|l| columns(l) <= 30), "{text}");
        assert!(
            text.contains("   (a) word word word word\n       word word"),
            "{text}"
        );
        assert!(
            text.contains("     River — Flows into\n     I. Narmada — Arabian Sea\n"),
            "{text}"
        );
        assert!(!text.contains("Answer key"));
    }
}
