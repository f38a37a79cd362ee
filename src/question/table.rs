//! The table of a rows question: how it travels inside a question's text, and how it is
//! laid out in aligned text columns at a width.
//!
//! A question's text is one string (it is stored with a mock test and read back), so the
//! table is written into it as plain lines: a heading line that starts with a tab, then
//! one line per row that starts with the row's label (`I.` or `1.`), the cells separated
//! by tabs (see [`Table::to_text`]; cells never hold a tab or a line break). [`segments`]
//! finds such a table again in a text, and [`Table::lay_out`] sets it at a terminal's width —
//! each cell's text wrapped within its column — or at its natural width for plain output,
//! so that [`crate::ui::Layout::block`] never wraps a table's lines as if they were prose.
//! [`plain`] gives a whole question with its table at the natural width, for exports.

use textwrap::core::display_width;

/// Separates the label and the cells of a table line.
const SEPARATOR: char = '\t';

/// Spaces before the label column (as before a statement's number).
const INDENT: &str = "  ";

/// Spaces between two columns of cells.
const GAP: usize = 2;

/// Fewer columns of text than this per column, and the rows are set as paragraphs
/// ("I. cell — cell — cell") instead of a table.
const NARROWEST_COLUMN: usize = 8;

/// A table with headings and labelled rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Table {
    pub headings: Vec<String>,
    /// Each row's label (`III.`) and its cells, one per heading.
    pub rows: Vec<(String, Vec<String>)>,
}

/// One cell's text on one line: runs of spaces, tabs and line breaks become one space.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl Table {
    /// A table whose cells (and headings and labels) are made single-line.
    pub(crate) fn new(headings: &[String], rows: Vec<(String, Vec<String>)>) -> Table {
        Table {
            headings: headings.iter().map(|h| one_line(h)).collect(),
            rows: rows
                .into_iter()
                .map(|(label, cells)| {
                    (
                        one_line(&label),
                        cells.iter().map(|c| one_line(c)).collect(),
                    )
                })
                .collect(),
        }
    }

    /// A table with `separator` (a mark such as `:`, as the paper prints it) between
    /// every two columns: a column of its own, with no heading, holding the mark on every
    /// row, so that it lines up under the headings. `None`: [`Table::new`].
    pub(crate) fn with_separator(
        headings: &[String],
        rows: Vec<(String, Vec<String>)>,
        separator: Option<&str>,
    ) -> Table {
        let Some(mark) = separator else {
            return Table::new(headings, rows);
        };
        let interleave = |cells: &[String]| -> Vec<String> {
            let mut out = Vec::with_capacity(cells.len() * 2);
            for (i, cell) in cells.iter().enumerate() {
                if i > 0 {
                    out.push(mark.to_string());
                }
                out.push(cell.clone());
            }
            out
        };
        let headings: Vec<String> = headings
            .iter()
            .enumerate()
            .flat_map(|(i, h)| {
                let gap = (i > 0).then(String::new);
                gap.into_iter().chain(std::iter::once(h.clone()))
            })
            .collect();
        let rows = rows
            .into_iter()
            .map(|(label, cells)| (label, interleave(&cells)))
            .collect();
        Table::new(&headings, rows)
    }

    /// Whether column `c` is a separator of [`Table::with_separator`]: no heading, and the
    /// same short mark (no letter or digit) on every row.
    pub(crate) fn is_separator(&self, c: usize) -> bool {
        let Some(first) = self.rows.first().and_then(|(_, cells)| cells.get(c)) else {
            return false;
        };
        self.headings.get(c).is_some_and(|h| h.is_empty())
            && (1..=3).contains(&first.chars().count())
            && !first.chars().any(char::is_alphanumeric)
            && self
                .rows
                .iter()
                .all(|(_, cells)| cells.get(c) == Some(first))
    }

    /// The headings (separator columns left out) joined by `dash`, for a table set as
    /// lines rather than columns.
    pub(crate) fn headings_joined(&self, dash: &str) -> String {
        (0..self.headings.len())
            .filter(|&c| !self.is_separator(c))
            .map(|c| self.headings[c].as_str())
            .collect::<Vec<_>>()
            .join(dash)
    }

    /// A row's cells joined by `dash`, for a table set as lines rather than columns; a
    /// separator column's mark stands between its neighbours instead (`Besnagar : Shaivite
    /// cave shrine`), after `space` (a no-break space keeps it off the start of a line).
    pub(crate) fn cells_joined(&self, cells: &[String], dash: &str, space: char) -> String {
        let mut text = String::new();
        for (c, cell) in cells.iter().enumerate() {
            if c > 0 {
                if self.is_separator(c) {
                    text.push(space);
                } else if self.is_separator(c - 1) {
                    text.push(' ');
                } else {
                    text.push_str(dash);
                }
            }
            text.push_str(cell);
        }
        text
    }

    /// The table's lines as a question's text carries them (no line break at the end).
    pub(crate) fn to_text(&self) -> String {
        let sep = SEPARATOR.to_string();
        let mut lines = vec![format!("{sep}{}", self.headings.join(&sep))];
        for (label, cells) in &self.rows {
            lines.push(format!("{label}{sep}{}", cells.join(&sep)));
        }
        lines.join("\n")
    }

    /// The table as lines of text: aligned columns fitting `width` (each cell's text
    /// wrapped within its column), or at the natural width when `width` is `None`. On a
    /// width too narrow for a column of readable text each, the rows are set as
    /// paragraphs: `I. cell — cell — cell`, under a line of the headings.
    pub(crate) fn lay_out(&self, width: Option<usize>) -> Vec<String> {
        let columns = self.headings.len();
        let label_width = self
            .rows
            .iter()
            .map(|(label, _)| display_width(label))
            .max()
            .unwrap_or(0);
        // The indent, the labels and a space after them, the gaps between columns.
        let fixed = INDENT.len() + label_width + 1 + GAP * columns.saturating_sub(1);
        let natural: Vec<usize> = (0..columns)
            .map(|c| {
                std::iter::once(&self.headings[c])
                    .chain(self.rows.iter().filter_map(|(_, cells)| cells.get(c)))
                    .map(|t| display_width(t))
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let widths = match width {
            None => natural,
            Some(width) => {
                let available = width.saturating_sub(fixed);
                // A separator column needs only its mark; each other column a few words.
                let needed: usize = (0..columns)
                    .map(|c| {
                        if self.is_separator(c) {
                            natural[c]
                        } else {
                            NARROWEST_COLUMN
                        }
                    })
                    .sum();
                if available < needed {
                    return self.as_paragraphs(width, label_width);
                }
                let longest_words: Vec<usize> = (0..columns)
                    .map(|c| {
                        std::iter::once(&self.headings[c])
                            .chain(self.rows.iter().filter_map(|(_, cells)| cells.get(c)))
                            .flat_map(|t| t.split(' '))
                            .map(display_width)
                            .max()
                            .unwrap_or(0)
                    })
                    .collect();
                share_out(available, &natural, &longest_words)
            }
        };
        // Every cell wrapped within its column, then each column as wide as its widest
        // line (wrapping may leave a column narrower than its share).
        let wrapping = width.is_some();
        let wrapped: Vec<(&str, Vec<Vec<String>>)> = std::iter::once(("", &self.headings))
            .chain(
                self.rows
                    .iter()
                    .map(|(label, cells)| (label.as_str(), cells)),
            )
            .map(|(label, cells)| {
                let cells = widths
                    .iter()
                    .enumerate()
                    .map(|(c, &w)| {
                        let cell = cells.get(c).map_or("", String::as_str);
                        if wrapping {
                            wrap(cell, w, "", "")
                        } else {
                            vec![cell.to_string()]
                        }
                    })
                    .collect();
                (label, cells)
            })
            .collect();
        let widths: Vec<usize> = (0..columns)
            .map(|c| {
                wrapped
                    .iter()
                    .flat_map(|(_, cells)| cells[c].iter())
                    .map(|l| display_width(l))
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        wrapped
            .iter()
            .flat_map(|(label, cells)| set_row(label, label_width, cells, &widths))
            .collect()
    }

    /// The narrow-screen form: the headings joined by dashes, then each row as one
    /// paragraph with a hanging indent under its label. (A no-break space before each
    /// dash keeps a dash from starting a line.) A separator column's mark stands between
    /// its neighbours instead of a dash: `I. Besnagar : Shaivite cave shrine`.
    fn as_paragraphs(&self, width: usize, label_width: usize) -> Vec<String> {
        const DASH: &str = "\u{a0}— ";
        let hang = " ".repeat(INDENT.len() + label_width + 1);
        let mut out = wrap(&self.headings_joined(DASH), width, &hang, &hang);
        for (label, cells) in &self.rows {
            let first = format!("{INDENT}{}", pad(label, label_width + 1));
            let text = self.cells_joined(cells, DASH, '\u{a0}');
            out.extend(wrap(&text, width, &first, &hang));
        }
        out
    }
}

/// `text` followed by spaces up to `width` display columns.
fn pad(text: &str, width: usize) -> String {
    let mut padded = text.to_string();
    padded.push_str(&" ".repeat(width.saturating_sub(display_width(text))));
    padded
}

fn wrap(text: &str, width: usize, first: &str, rest: &str) -> Vec<String> {
    let options = textwrap::Options::new(width.max(1))
        .initial_indent(first)
        .subsequent_indent(rest)
        .word_splitter(textwrap::WordSplitter::NoHyphenation)
        .break_words(true);
    textwrap::wrap(text, options)
        .into_iter()
        .map(|l| l.trim_end().to_string())
        .collect()
}

/// The lines of one row (or the headings) from its wrapped cells: the columns side by
/// side, trailing spaces trimmed.
fn set_row(
    label: &str,
    label_width: usize,
    cells: &[Vec<String>],
    widths: &[usize],
) -> Vec<String> {
    let height = cells.iter().map(Vec::len).max().unwrap_or(1).max(1);
    (0..height)
        .map(|n| {
            let lead = if n == 0 { label } else { "" };
            let mut line = format!("{INDENT}{} ", pad(lead, label_width));
            for (c, lines) in cells.iter().enumerate() {
                if c > 0 {
                    line.push_str(&" ".repeat(GAP));
                }
                let text = lines.get(n).map_or("", String::as_str);
                line.push_str(&pad(text, widths.get(c).copied().unwrap_or(0)));
            }
            line.trim_end().to_string()
        })
        .collect()
}

/// Column widths adding up to at most `available`: every column its natural width when
/// they fit; otherwise first enough for each column's longest word (so words are not
/// cut), then the rest shared out equally, no column beyond its natural width.
fn share_out(available: usize, natural: &[usize], longest_words: &[usize]) -> Vec<usize> {
    if natural.iter().sum::<usize>() <= available {
        return natural.to_vec();
    }
    let mut widths = vec![1; natural.len()];
    let mut left = available.saturating_sub(natural.len());
    let words: Vec<usize> = natural
        .iter()
        .zip(longest_words)
        .map(|(&n, &w)| n.min(w).max(1))
        .collect();
    for targets in [&words[..], natural] {
        loop {
            let wanting: Vec<usize> = (0..widths.len())
                .filter(|&c| widths[c] < targets[c])
                .collect();
            if wanting.is_empty() || left == 0 {
                break;
            }
            let share = (left / wanting.len()).max(1);
            for c in wanting {
                let add = share.min(targets[c] - widths[c]).min(left);
                widths[c] += add;
                left -= add;
            }
        }
    }
    widths
}

/// A part of a question's text: a line of prose, or a table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Segment<'a> {
    Line(&'a str),
    Table(Table),
}

/// The text's lines, with each table written by [`Table::to_text`] found again: a line
/// starting with a tab and holding at least two headings, followed by one or more lines
/// with a label and as many cells.
pub(crate) fn segments(text: &str) -> Vec<Segment<'_>> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let fields: Vec<&str> = line.split(SEPARATOR).collect();
        if fields.len() >= 3 && fields[0].is_empty() {
            let rows: Vec<(String, Vec<String>)> = lines[i + 1..]
                .iter()
                .map(|l| l.split(SEPARATOR).collect::<Vec<&str>>())
                .take_while(|f| f.len() == fields.len() && !f[0].trim().is_empty())
                .map(|f| {
                    (
                        f[0].to_string(),
                        f[1..].iter().map(|c| c.to_string()).collect(),
                    )
                })
                .collect();
            if !rows.is_empty() {
                i += rows.len() + 1;
                let headings: Vec<String> = fields[1..].iter().map(|h| h.to_string()).collect();
                out.push(Segment::Table(Table::new(&headings, rows)));
                continue;
            }
        }
        out.push(Segment::Line(line));
        i += 1;
    }
    out
}

/// `text` with every table at its natural width: the question as printed, for exports
/// and plain output. Text without a table comes back unchanged.
pub(crate) fn plain(text: &str) -> String {
    let parts = segments(text);
    if !parts.iter().any(|p| matches!(p, Segment::Table(_))) {
        return text.to_string();
    }
    let mut lines: Vec<String> = Vec::new();
    for part in parts {
        match part {
            Segment::Line(line) => lines.push(line.to_string()),
            Segment::Table(table) => lines.extend(table.lay_out(None)),
        }
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn agreements() -> Table {
        let row =
            |label: &str, cells: [&str; 3]| (label.to_string(), cells.map(String::from).to_vec());
        Table::new(
            &["Agreement", "Year", "Domain"].map(String::from),
            vec![
                row(
                    "I.",
                    [
                        "Special Strategic and Global Partnership",
                        "2014",
                        "Diplomatic relations",
                    ],
                ),
                row(
                    "II.",
                    [
                        "Agreement for Cooperation in the Peaceful Uses of Nuclear Energy",
                        "2016",
                        "Civil nuclear energy",
                    ],
                ),
                row(
                    "III.",
                    [
                        "Acquisition and Cross-Servicing Agreement",
                        "2020",
                        "Defence logistics",
                    ],
                ),
            ],
        )
    }

    fn fits(lines: &[String], width: usize) {
        for line in lines {
            assert!(
                display_width(line) <= width,
                "{} > {width}: {line:?}",
                display_width(line)
            );
            assert_eq!(line.trim_end(), line, "no trailing spaces: {line:?}");
        }
    }

    #[test]
    fn at_120_columns_every_row_is_one_line() {
        let lines = agreements().lay_out(Some(120));
        assert_eq!(
            lines,
            [
                "       Agreement                                                         Year  Domain",
                "  I.   Special Strategic and Global Partnership                          2014  Diplomatic relations",
                "  II.  Agreement for Cooperation in the Peaceful Uses of Nuclear Energy  2016  Civil nuclear energy",
                "  III. Acquisition and Cross-Servicing Agreement                         2020  Defence logistics",
            ]
        );
        assert_eq!(lines, agreements().lay_out(None), "the natural width fits");
        fits(&lines, 120);
    }

    #[test]
    fn at_80_columns_a_long_cell_wraps_within_its_column() {
        let lines = agreements().lay_out(Some(80));
        assert_eq!(
            lines,
            [
                "       Agreement                                  Year  Domain",
                "  I.   Special Strategic and Global Partnership   2014  Diplomatic relations",
                "  II.  Agreement for Cooperation in the Peaceful  2016  Civil nuclear energy",
                "       Uses of Nuclear Energy",
                "  III. Acquisition and Cross-Servicing Agreement  2020  Defence logistics",
            ]
        );
        fits(&lines, 80);
    }

    #[test]
    fn at_40_columns_the_columns_share_the_width() {
        let lines = agreements().lay_out(Some(40));
        assert_eq!(
            lines,
            [
                "       Agreement        Year  Domain",
                "  I.   Special          2014  Diplomatic",
                "       Strategic              relations",
                "       and Global",
                "       Partnership",
                "  II.  Agreement for    2016  Civil",
                "       Cooperation in         nuclear",
                "       the Peaceful           energy",
                "       Uses of Nuclear",
                "       Energy",
                "  III. Acquisition and  2020  Defence",
                "       Cross-Servicing        logistics",
                "       Agreement",
            ]
        );
        fits(&lines, 40);
    }

    #[test]
    fn too_narrow_for_the_columns_the_rows_become_paragraphs() {
        let mut table = agreements();
        table.headings.push("Signed in".into());
        for (_, cells) in &mut table.rows {
            cells.push("Tokyo".into());
        }
        let lines: Vec<String> = table
            .lay_out(Some(40))
            .iter()
            .map(|l| l.replace('\u{a0}', " "))
            .collect();
        assert_eq!(
            lines,
            [
                "       Agreement — Year — Domain —",
                "       Signed in",
                "  I.   Special Strategic and Global",
                "       Partnership — 2014 — Diplomatic",
                "       relations — Tokyo",
                "  II.  Agreement for Cooperation in the",
                "       Peaceful Uses of Nuclear Energy —",
                "       2016 — Civil nuclear energy —",
                "       Tokyo",
                "  III. Acquisition and Cross-Servicing",
                "       Agreement — 2020 — Defence",
                "       logistics — Tokyo",
            ]
        );
        fits(&lines, 40);
        // Four columns fit at 80.
        let lines = table.lay_out(Some(80));
        assert!(lines[0].contains("Signed in"), "{lines:#?}");
        fits(&lines, 80);
    }

    #[test]
    fn a_table_travels_in_text_and_is_found_again() {
        let table = agreements();
        let text = format!(
            "Consider the following information :\n\n{}\n\nIn how many of the above rows is the given information correctly matched?",
            table.to_text()
        );
        let parts = segments(&text);
        assert_eq!(parts.len(), 5, "{parts:#?}");
        assert_eq!(
            parts[0],
            Segment::Line("Consider the following information :")
        );
        assert_eq!(parts[2], Segment::Table(table.clone()));
        let printed = plain(&text);
        assert!(
            printed.contains("\n  II.  Agreement for Cooperation"),
            "{printed}"
        );
        assert!(!printed.contains('\t'));
        // Text without a table, and tabs that make none, come back as they are.
        for text in ["1. one\n2. two", "a\tb", "\ta\tb\n", "\ta\tb\nnext line"] {
            assert_eq!(plain(text), text);
        }
    }

    #[test]
    fn a_table_survives_the_safety_of_stored_text() {
        // A mock test stores its questions and reads them back through `strip_controls`:
        // the tabs that carry the table stay.
        let text = agreements().to_text();
        assert_eq!(crate::text::strip_controls(&text), text);
    }

    #[test]
    fn cells_are_single_line() {
        let table = Table::new(
            &["A\tB".to_string(), "C".to_string()],
            vec![("1.".into(), vec!["x\ny".into(), "  z  ".into()])],
        );
        assert_eq!(table.to_text(), "\tA B\tC\n1.\tx y\tz");
    }

    #[test]
    fn a_separator_stands_between_the_columns_at_every_width() {
        let table = Table::with_separator(
            &["Site".to_string(), "Well known for".to_string()],
            vec![
                (
                    "1.".into(),
                    vec!["Elephanta".into(), "Shaivite cave shrine".into()],
                ),
                ("2.".into(), vec!["Konark".into(), "Sun temple".into()]),
            ],
            Some(":"),
        );
        assert_eq!(table.headings, ["Site", "", "Well known for"]);
        assert!(table.is_separator(1) && !table.is_separator(0) && !table.is_separator(2));
        // It travels in a question's text and is found again.
        let text = format!("Consider :\n\n{}\n\nHow many?", table.to_text());
        assert_eq!(
            segments(&text)[2],
            Segment::Table(table.clone()),
            "{text:?}"
        );
        assert_eq!(
            table.lay_out(None),
            [
                "   Site          Well known for",
                "1. Elephanta  :  Shaivite cave shrine",
                "2. Konark     :  Sun temple",
            ]
            .map(|l| format!("  {l}"))
        );
        // Too narrow for columns: the mark between the cells, no dash around it.
        let narrow = table.lay_out(Some(24));
        assert!(
            narrow[0].trim().starts_with("Site\u{a0}— Well"),
            "{narrow:?}"
        );
        assert!(narrow.iter().all(|l| l.chars().count() <= 24), "{narrow:?}");
        assert!(
            narrow
                .iter()
                .any(|l| l.trim_start().starts_with("1. Elephanta\u{a0}:")),
            "{narrow:?}"
        );
        assert!(narrow.iter().all(|l| !l.contains("— :")), "{narrow:?}");
        // Without a separator, the table is as before.
        let plain = Table::with_separator(&["A".to_string(), "B".to_string()], vec![], None);
        assert_eq!(plain.headings, ["A", "B"]);
    }
}
