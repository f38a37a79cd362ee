//! A paper in Markdown (CommonMark with GitHub's tables): the booklet's cover (title,
//! series and paper id, time allowed and maximum marks, instructions), the questions as a
//! numbered list — each with its stem, items and options on lines of their own (hard
//! line breaks), tables as Markdown tables — and the answer key as a numbered list under
//! a heading. Deck text is escaped, so a `*`, `|` or `<` in a deck is printed as written.

use std::fmt::Write as _;

use super::booklet::{SERIES, TITLE};
use super::layout::{self, Block};
use super::{OPTION_LETTERS, Paper};

/// Whether `rest` (starting at an `&`) would be read as an entity such as `&amp;`.
fn entity_follows(rest: &str) -> bool {
    let name: String = rest
        .chars()
        .skip(1)
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '#')
        .collect();
    !name.is_empty() && rest[1 + name.len()..].starts_with(';')
}

/// Text with every character that Markdown would act on inside a line escaped.
fn inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '&' if entity_follows(&text[i..]) => out.push_str("\\&"),
            _ => out.push(c),
        }
    }
    out
}

/// A line of text escaped, including what Markdown reads at the start of a line: a
/// heading (`#`), a list (`-`, `+`, `1.`, `1)`), a setext underline (`=`).
fn line(text: &str) -> String {
    let escaped = inline(text);
    if escaped.starts_with(['#', '-', '+', '=']) {
        return format!("\\{escaped}");
    }
    let digits = escaped.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && escaped[digits..].starts_with(['.', ')']) {
        return format!("{}\\{}", &escaped[..digits], &escaped[digits..]);
    }
    escaped
}

/// Lines joined by hard line breaks (a backslash at the end of each but the last), each
/// under `indent`.
fn broken(lines: &[String], indent: &str) -> String {
    let mut out = String::new();
    for (i, text) in lines.iter().enumerate() {
        let last = i + 1 == lines.len();
        let _ = writeln!(out, "{indent}{text}{}", if last { "" } else { "\\" });
    }
    out
}

fn table(headings: &[String], rows: &[(String, Vec<String>)], indent: &str) -> String {
    let row = |label: &str, cells: &[String]| {
        let cells: Vec<String> = cells.iter().map(|c| inline(c)).collect();
        format!("{indent}| {} | {} |\n", inline(label), cells.join(" | "))
    };
    let mut out = row("", headings).replace("|  |", "|   |");
    let _ = writeln!(out, "{indent}|{}", " --- |".repeat(headings.len() + 1));
    for (label, cells) in rows {
        out.push_str(&row(label, cells));
    }
    out
}

fn question(out: &mut String, number: usize, q: &super::Question) {
    let marker = format!("{number}. ");
    let indent = " ".repeat(marker.len());
    for (n, block) in layout::blocks(&q.text).iter().enumerate() {
        let text = match block {
            Block::Lines(lines) => {
                broken(&lines.iter().map(|l| line(l)).collect::<Vec<_>>(), &indent)
            }
            Block::Items(items) => broken(
                &items
                    .iter()
                    .map(|(label, text)| line(&format!("{label} {text}")))
                    .collect::<Vec<_>>(),
                &indent,
            ),
            Block::Table { headings, rows } => table(headings, rows, &indent),
        };
        if n == 0 {
            // The first part goes on the marker's line; a table cannot, so it starts
            // on the next line (a list item may begin with one empty line).
            match block {
                Block::Table { .. } => {
                    let _ = writeln!(out, "{}", marker.trim_end());
                    out.push_str(&text);
                }
                _ => {
                    out.push_str(&marker);
                    out.push_str(text.strip_prefix(indent.as_str()).unwrap_or(&text));
                }
            }
        } else {
            out.push('\n');
            out.push_str(&text);
        }
    }
    if q.text.trim().is_empty() {
        let _ = writeln!(out, "{}", marker.trim_end());
    }
    out.push('\n');
    let options: Vec<String> = OPTION_LETTERS
        .iter()
        .zip(&q.options)
        .map(|(letter, option)| format!("{letter} {}", inline(option)))
        .collect();
    out.push_str(&broken(&options, &indent));
}

pub(super) fn render(paper: &Paper, key: bool) -> String {
    let mut out = format!(
        "# {TITLE}\n\nTest Booklet Series {SERIES} · Paper id : {}\\\n{} · {}\n\n{}\n\n## Instructions\n\n",
        paper.id(),
        paper.time_allowed(),
        paper.maximum_marks(),
        line(&paper.about())
    );
    for (n, instruction) in paper.instructions().iter().enumerate() {
        let _ = writeln!(out, "{}. {}", n + 1, inline(instruction));
    }
    out.push_str("\n## Questions\n");
    for (i, q) in paper.questions.iter().enumerate() {
        out.push('\n');
        question(&mut out, i + 1, q);
    }
    if key {
        out.push_str("\n## Answer key\n\n");
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
    fn a_paper_is_a_numbered_list_with_tables_and_a_key() {
        assert_eq!(
            render(&sample(), true),
            r"# GENERAL STUDIES Paper I

Test Booklet Series A · Paper id : in-order-AQGZ\
Time Allowed : 3 Minutes · Maximum Marks : 4

2 questions on deck sample, in the order written.

## Instructions

1. This booklet holds 2 questions. Before you begin, check that no page is missing or misprinted and that the questions run from 1 to 2.
2. Each question has four answers, (a) to (d). Choose the one answer you judge best, even where more than one seems right, and mark it on the answer sheet by filling its bubble; a mark in the booklet is not scored.
3. Every question carries the same marks : 2.
4. Penalty for wrong answers : for each question answered wrongly, one-third of its marks (0.67) is taken off the total. Filling more than one bubble for a question counts as a wrong answer, even if one of them is right. A question left blank neither gains nor loses marks.
5. Do your rough work in the margins of this booklet, never on the answer sheet.
6. To score the sheet, type its answers back with the paper id in-order-AQGZ : a letter for each question, and - for a question left blank.

## Questions

1. Consider the following pairs :

   |   | River | Flows into |
   | --- | --- | --- |
   | I. | Narmada | Arabian Sea |
   | II. | Mahanadi | Arabian Sea |

   How many of the pairs given above are correctly matched?

   (a) Only one\
   (b) Only two\
   (c) All the three\
   (d) None

2. Which of these is \<b\>bold\</b\> & 1 \< 2?

   (a) A \| B\
   (b) \*C\*\
   (c) D\
   (d) E

## Answer key

1. (b)
2. (d)
"
        );
    }

    #[test]
    fn deck_text_cannot_start_markdown_of_its_own() {
        assert_eq!(line("1. Finland"), r"1\. Finland");
        assert_eq!(line("12) x"), r"12\) x");
        assert_eq!(line("# not a heading"), r"\# not a heading");
        assert_eq!(line("- not a list"), r"\- not a list");
        assert_eq!(line("I. Finland"), "I. Finland");
        assert_eq!(inline("R&D &amp; more"), r"R&D \&amp; more");
        assert_eq!(inline(r"a\b_c`d"), r"a\\b\_c\`d");
    }
}
