//! Tables that fit the terminal: the one layout every listing uses (`stats`, `decks`,
//! `exam`, `mistakes`, `cards`, `test --history`, the scorecard, `seeds`, `config`,
//! `sync --status`, `doctor`, `restore`).
//!
//! On a terminal a table is set to its width: a column that may shrink is cut first
//! (its cells end in `…`, or a long name goes on a line of its own above its figures),
//! then the least useful columns are dropped, in the order their [`Column::drop`] rank
//! says, until the rest fit. Piped (no width), every row is one line at the columns'
//! natural widths, so scripts can read one record a line.

use console::{measure_text_width, truncate_str};

/// Where a column's text sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

/// One column: its heading, alignment and how it gives way on a narrow terminal.
#[derive(Debug, Clone)]
pub struct Column {
    title: String,
    align: Align,
    /// The narrowest it may be cut to; `None` when it is never cut.
    min: Option<usize>,
    /// Dropped on a narrow terminal, highest rank first; 0 is never dropped.
    drop: u8,
    /// A cell too wide for the column goes whole on its own line above the row.
    own_line: bool,
}

impl Column {
    pub fn left(title: &str) -> Column {
        Column {
            title: title.to_string(),
            align: Align::Left,
            min: None,
            drop: 0,
            own_line: false,
        }
    }

    pub fn right(title: &str) -> Column {
        Column {
            align: Align::Right,
            ..Column::left(title)
        }
    }

    /// May be cut to `min` columns, its cells ending in `…`.
    pub fn shrink(mut self, min: usize) -> Column {
        self.min = Some(min.max(1));
        self
    }

    /// May be dropped on a narrow terminal; the higher the rank, the sooner.
    pub fn drop(mut self, rank: u8) -> Column {
        self.drop = rank;
        self
    }

    /// A name that does not fit goes on a line of its own (the row's figures under it)
    /// instead of being cut; the column itself may then be as narrow as `min`.
    pub fn own_line(mut self, min: usize) -> Column {
        self.own_line = true;
        self.shrink(min)
    }
}

/// A table: columns, rows of cells, an indent and the gap between columns.
#[derive(Debug, Clone)]
pub struct Table {
    columns: Vec<Column>,
    rows: Vec<Vec<String>>,
    indent: usize,
    gap: usize,
    /// The first heading starts at the margin, over the indented rows (a section title
    /// such as "Decks" heading its column).
    outdent_heading: bool,
    heading: bool,
}

impl Table {
    pub fn new(columns: Vec<Column>) -> Table {
        Table {
            columns,
            rows: Vec::new(),
            indent: 0,
            gap: 2,
            outdent_heading: false,
            heading: true,
        }
    }

    pub fn indent(mut self, indent: usize) -> Table {
        self.indent = indent;
        self
    }

    /// The first column's heading starts at the margin rather than at the indent.
    pub fn outdent_heading(mut self) -> Table {
        self.outdent_heading = true;
        self
    }

    /// No heading line.
    pub fn without_heading(mut self) -> Table {
        self.heading = false;
        self
    }

    /// Adds a row; missing cells are blank, extra ones ignored.
    pub fn row<S: Into<String>>(&mut self, cells: impl IntoIterator<Item = S>) {
        let mut row: Vec<String> = cells.into_iter().map(Into::into).collect();
        row.resize(self.columns.len(), String::new());
        self.rows.push(row);
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The table's lines: the heading first (when it has one), then a line per row (or
    /// two, when a long name has a line of its own). `width` is the terminal's; `None`
    /// sets every column at its natural width.
    pub fn lines(&self, width: Option<usize>) -> Vec<String> {
        let natural: Vec<usize> = (0..self.columns.len())
            .map(|c| {
                let cells = self.rows.iter().map(|r| measure_text_width(&r[c]));
                let heading = if self.heading {
                    measure_text_width(&self.columns[c].title).saturating_sub(
                        if c == 0 && self.outdent_heading {
                            self.indent
                        } else {
                            0
                        },
                    )
                } else {
                    0
                };
                cells.max().unwrap_or(0).max(heading)
            })
            .collect();
        let (shown, widths) = match width {
            None => ((0..self.columns.len()).collect(), natural.clone()),
            Some(width) => self.fit(&natural, width),
        };
        let mut out = Vec::with_capacity(self.rows.len() + 1);
        if self.heading {
            let mut titles: Vec<&str> = self.columns.iter().map(|c| c.title.as_str()).collect();
            // A section title wider than its column stands on its own line.
            if self.outdent_heading
                && let (Some(&first), Some(&w)) = (shown.first(), widths.first())
                && measure_text_width(titles[first]) > w + self.indent
            {
                out.push(cut(titles[first], width.unwrap_or(usize::MAX)).into_owned());
                titles[first] = "";
            }
            out.push(self.line(&titles, &shown, &widths, true));
        }
        let limit = width.unwrap_or(usize::MAX);
        for row in &self.rows {
            let mut cells: Vec<&str> = row.iter().map(String::as_str).collect();
            for (&c, &w) in shown.iter().zip(&widths) {
                if self.columns[c].own_line && measure_text_width(row[c].as_str()) > w {
                    // Whole, on lines of its own: a name longer than the terminal is
                    // broken at its width rather than lost.
                    let indent = " ".repeat(self.indent);
                    let options = super::wrap_options(limit.max(self.indent + 1), &indent, &indent);
                    out.extend(
                        textwrap::wrap(&row[c], options)
                            .into_iter()
                            .map(std::borrow::Cow::into_owned),
                    );
                    cells[c] = "";
                }
            }
            out.push(self.line(&cells, &shown, &widths, false));
        }
        if let Some(width) = width {
            for line in &mut out {
                *line = cut(line, width).into_owned();
            }
        }
        out
    }

    /// The lines joined, each ending in a line break.
    pub fn text(&self, width: Option<usize>) -> String {
        let mut text = String::new();
        for line in self.lines(width) {
            text.push_str(&line);
            text.push('\n');
        }
        text
    }

    /// The columns shown and their widths at `width`: shrinkable columns are cut towards
    /// their minimum, then columns are dropped by rank until the rest fit.
    fn fit(&self, natural: &[usize], width: usize) -> (Vec<usize>, Vec<usize>) {
        let mut shown: Vec<usize> = (0..self.columns.len()).collect();
        loop {
            let mut widths: Vec<usize> = shown.iter().map(|&c| natural[c]).collect();
            let total = self.indent
                + widths.iter().sum::<usize>()
                + self.gap * shown.len().saturating_sub(1);
            let mut excess = total.saturating_sub(width);
            // Cut the shrinkable columns, the one with the most room first.
            while excess > 0 {
                let room = shown
                    .iter()
                    .enumerate()
                    .filter_map(|(i, &c)| {
                        let min = self.columns[c].min?;
                        (widths[i] > min).then(|| (i, widths[i] - min))
                    })
                    .max_by_key(|&(_, room)| room);
                let Some((i, room)) = room else { break };
                let cut = excess.min(room).min(widths[i].saturating_sub(1)).max(1);
                widths[i] -= cut;
                excess -= cut;
            }
            if excess == 0 {
                return (shown, widths);
            }
            let next = shown
                .iter()
                .enumerate()
                .filter(|&(_, &c)| self.columns[c].drop > 0)
                .max_by_key(|&(i, &c)| (self.columns[c].drop, i))
                .map(|(i, _)| i);
            match next {
                Some(i) => {
                    shown.remove(i);
                }
                // Nothing more to drop: the lines are cut at the width.
                None => return (shown, widths),
            }
        }
    }

    fn line(&self, cells: &[&str], shown: &[usize], widths: &[usize], heading: bool) -> String {
        let mut line = " ".repeat(if heading && self.outdent_heading {
            0
        } else {
            self.indent
        });
        for (n, (&c, &w)) in shown.iter().zip(widths).enumerate() {
            if n > 0 {
                line.push_str(&" ".repeat(self.gap));
            }
            let w = if n == 0 && heading && self.outdent_heading {
                w + self.indent
            } else {
                w
            };
            let cell = cells.get(c).copied().unwrap_or("");
            let cell = cut(cell, w);
            let pad = " ".repeat(w.saturating_sub(measure_text_width(&cell)));
            match self.columns[c].align {
                Align::Left => {
                    line.push_str(&cell);
                    line.push_str(&pad);
                }
                Align::Right => {
                    line.push_str(&pad);
                    line.push_str(&cell);
                }
            }
        }
        line.trim_end().to_string()
    }
}

/// The width standard output is laid out to: the terminal's columns when it is one,
/// `None` when it is piped (one line per record).
pub fn stdout_width() -> Option<usize> {
    use std::io::IsTerminal;
    if !std::io::stdout().is_terminal() {
        return None;
    }
    match crossterm::terminal::size() {
        Ok((columns, _)) if columns > 0 => Some(usize::from(columns)),
        _ => Some(80),
    }
}

/// `text` cut to `width` columns, ending in `…` (after the last whole character, any
/// space before it dropped) when it is longer.
pub fn cut(text: &str, width: usize) -> std::borrow::Cow<'_, str> {
    if measure_text_width(text) <= width {
        return text.into();
    }
    if width == 0 {
        return "".into();
    }
    let kept = truncate_str(text, width - 1, "");
    format!("{}…", kept.trim_end()).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Table {
        let mut table = Table::new(vec![
            Column::left("deck").own_line(8),
            Column::right("cards"),
            Column::right("seen").drop(1),
            Column::left("title").shrink(12).drop(2),
        ])
        .indent(2);
        table.row([
            "infrastructure-connectivity",
            "17",
            "3",
            "Infrastructure and connectivity",
        ]);
        table.row(["space", "10", "0", "Space"]);
        table
    }

    #[test]
    fn piped_rows_are_one_line_each_at_natural_widths() {
        let lines = sample().lines(None);
        assert_eq!(lines.len(), 3);
        assert_eq!(
            lines[1],
            "  infrastructure-connectivity     17     3  Infrastructure and connectivity"
        );
        assert_eq!(
            lines[2],
            "  space                           10     0  Space"
        );
    }

    #[test]
    fn a_narrow_terminal_cuts_then_drops_then_puts_names_on_their_own_line() {
        for width in [20, 30, 40, 50, 60, 80] {
            let lines = sample().lines(Some(width));
            for line in &lines {
                assert!(measure_text_width(line) <= width, "{width}: {line:?}");
            }
        }
        let at_60 = sample().lines(Some(60));
        assert!(at_60[1].ends_with("  Infrastructure…"), "{at_60:?}");
        let at_30 = sample().lines(Some(30));
        assert!(at_30[0].contains("seen"), "{at_30:?}");
        assert!(
            !at_30[0].contains("title"),
            "the title went first: {at_30:?}"
        );
        // The long name has a line to itself, whole, its figures under it.
        assert_eq!(at_30[1], "  infrastructure-connectivity");
        assert_eq!(at_30[2].trim(), "17     3");
        assert_eq!(at_30[3].trim(), "space               10     0");
        let at_20 = sample().lines(Some(20));
        assert!(!at_20[0].contains("seen"), "{at_20:?}");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]
        /// Any cells, any column rules, any width: no panic, no line wider than the
        /// terminal, and piped every row is one line.
        #[test]
        fn every_line_fits_any_width(
            cells in proptest::collection::vec(proptest::collection::vec("[a-z é…-]{0,30}", 4), 0..6),
            rules in proptest::collection::vec((0u8..3, 0usize..12, proptest::bool::ANY), 4),
            width in 1usize..140,
        ) {
            let columns = rules
                .iter()
                .enumerate()
                .map(|(n, &(drop, min, own))| {
                    let column = if n % 2 == 0 { Column::left("head") } else { Column::right("h") };
                    let column = column.drop(drop);
                    match (min, own) {
                        (0, _) => column,
                        (min, true) => column.own_line(min),
                        (min, false) => column.shrink(min),
                    }
                })
                .collect();
            let mut table = Table::new(columns).indent(2).outdent_heading();
            for row in &cells {
                table.row(row.iter().cloned());
            }
            for line in table.lines(Some(width)) {
                proptest::prop_assert!(measure_text_width(&line) <= width, "{width}: {line:?}");
            }
            proptest::prop_assert_eq!(table.lines(None).len(), cells.len() + 1);
        }
    }

    #[test]
    fn an_outdented_heading_stands_over_the_indented_rows() {
        let mut table = Table::new(vec![Column::left("Decks"), Column::right("cards")])
            .indent(2)
            .outdent_heading();
        table.row(["space", "10"]);
        assert_eq!(table.lines(None), ["Decks    cards", "  space     10"]);
    }
}
