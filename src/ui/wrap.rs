//! Text that fits the screen: paragraphs wrapped at word boundaries to the terminal's
//! width (at most [`READING_WIDTH`] columns, for reading comfort), with hanging indents for
//! numbered items and options, and a question's table set in columns at that width; and
//! text from decks, imports or the log made safe to print.

use std::borrow::Cow;

/// The widest a paragraph is set, however wide the terminal.
pub const READING_WIDTH: usize = 100;

/// How text is laid out: wrapped to a width on a terminal, or left as plain lines when
/// the output is not a terminal (scripts and logs keep one line per paragraph).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layout {
    pub width: Option<usize>,
}

impl Layout {
    /// Wrapped to `columns` (capped at the reading width).
    pub fn wrapped(columns: usize) -> Layout {
        Layout {
            width: Some(columns.clamp(20, READING_WIDTH)),
        }
    }

    /// Plain lines, not wrapped.
    pub fn plain() -> Layout {
        Layout { width: None }
    }

    /// The layout for standard output: wrapped to the terminal's width when it is one.
    pub fn for_stdout() -> Layout {
        use std::io::IsTerminal;
        if !std::io::stdout().is_terminal() {
            return Layout::plain();
        }
        match crossterm::terminal::size() {
            Ok((columns, _)) if columns > 0 => Layout::wrapped(usize::from(columns)),
            _ => Layout::wrapped(80),
        }
    }

    /// One paragraph: its lines joined and wrapped, the first line starting with `first`
    /// and the others indented by `rest` (a hanging indent). Line breaks in `text` start
    /// new lines, each wrapped the same way.
    pub fn paragraph(&self, text: &str, first: &str, rest: &str) -> Vec<String> {
        let text = safe(text);
        let mut out = Vec::new();
        for (n, line) in text.lines().enumerate() {
            let lead = if n == 0 { first } else { rest };
            match self.width {
                None => out.push(format!("{lead}{line}")),
                Some(width) => {
                    let options = wrap_options(width, lead, rest);
                    out.extend(
                        textwrap::wrap(line, options)
                            .into_iter()
                            .map(Cow::into_owned),
                    );
                }
            }
        }
        if out.is_empty() {
            out.push(first.trim_end().to_string());
        }
        out
    }

    /// A block of text whose lines may be numbered items ("1. …", "I. …", "(a) …"): each
    /// line is wrapped with its continuation lines indented under the item's text. A table
    /// in the text (a rows question's, see [`crate::question::table`]) is set in aligned
    /// columns that fit the width, never wrapped as prose.
    pub fn block(&self, text: &str) -> Vec<String> {
        use crate::question::table::{Segment, segments};
        let text = safe(text);
        let mut out = Vec::new();
        for part in segments(&text) {
            let line = match part {
                Segment::Table(table) => {
                    out.extend(table.lay_out(self.width));
                    continue;
                }
                Segment::Line(line) => line,
            };
            let trimmed = line.trim_start();
            let leading = &line[..line.len() - trimmed.len()];
            let hang = format!("{leading}{}", " ".repeat(item_label_width(trimmed)));
            out.extend(self.paragraph(trimmed, leading, &hang));
        }
        out
    }
}

/// How every line upsc wraps is wrapped: at spaces, never at a hyphen ("Statement-II"
/// stays whole), a word longer than the line itself cut, and never past `width` — the
/// optimal-fit algorithm would otherwise let a line run a column or two over to avoid a
/// short one, and the terminal would break it.
pub fn wrap_options<'a>(width: usize, first: &'a str, rest: &'a str) -> textwrap::Options<'a> {
    let penalties = textwrap::wrap_algorithms::Penalties {
        overflow_penalty: usize::MAX / 2,
        ..textwrap::wrap_algorithms::Penalties::new()
    };
    textwrap::Options::new(width)
        .initial_indent(first)
        .subsequent_indent(rest)
        .word_splitter(textwrap::WordSplitter::NoHyphenation)
        .break_words(true)
        .wrap_algorithm(textwrap::WrapAlgorithm::OptimalFit(penalties))
}

/// The width of a leading item label with its space ("1. ", "II. ", "(a) ", "a) "), or 0.
fn item_label_width(line: &str) -> usize {
    let Some(space) = line.find(' ') else {
        return 0;
    };
    let label = &line[..space];
    let inner = label
        .trim_start_matches('(')
        .trim_end_matches([')', '.', ':']);
    let is_label = label.len() <= 6
        && label != inner
        && !inner.is_empty()
        && (inner.chars().all(|c| c.is_ascii_digit())
            || inner.chars().all(|c| matches!(c, 'I' | 'V' | 'X'))
            || (inner.len() == 1 && inner.chars().all(|c| c.is_ascii_lowercase())));
    if is_label {
        console::measure_text_width(label) + 1
    } else {
        0
    }
}

/// Text from a deck, an import or the log, made safe to print: escape sequences and
/// control characters (other than line breaks and tabs) removed, so no deck can retitle,
/// clear or otherwise drive the learner's terminal.
pub fn safe(text: &str) -> Cow<'_, str> {
    crate::text::strip_controls(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_break_between_words_with_a_hanging_indent() {
        let layout = Layout::wrapped(40);
        let lines = layout.paragraph(
            "Which of the following keeps your progress safe across the 2025 summit?",
            "(a) ",
            "    ",
        );
        assert_eq!(
            lines,
            [
                "(a) Which of the following keeps your",
                "    progress safe across the 2025",
                "    summit?"
            ]
        );
        assert!(lines.iter().all(|l| console::measure_text_width(l) <= 40));
    }

    #[test]
    fn numbered_items_hang_under_their_text() {
        let layout = Layout::wrapped(30);
        let lines = layout.block("1. The summit was the fifteenth annual one.\nII. Short.");
        assert_eq!(
            lines,
            [
                "1. The summit was the",
                "   fifteenth annual one.",
                "II. Short."
            ]
        );
    }

    #[test]
    fn a_table_is_set_in_columns_not_wrapped_as_prose() {
        let text = "Consider the following information :\n\n\tRiver\tFlows into\nI.\tNarmada\tArabian Sea\nII.\tMahanadi\tBay of Bengal\n\nIn how many of the above rows is the given information correctly matched?";
        assert_eq!(
            Layout::wrapped(40).block(text),
            [
                "Consider the following information :",
                "",
                "      River     Flows into",
                "  I.  Narmada   Arabian Sea",
                "  II. Mahanadi  Bay of Bengal",
                "",
                "In how many of the above rows is the",
                "given information correctly matched?",
            ]
        );
        let plain = Layout::plain().block(text);
        assert_eq!(plain[3], "  I.  Narmada   Arabian Sea");
        assert!(plain.iter().all(|l| !l.contains('\t')));
    }

    #[test]
    fn no_line_runs_past_the_width_to_spare_a_short_one() {
        // Optimal fit left to itself keeps this on one line of 61 columns.
        let line = "  --> /work/wt24/tests/fixtures/broken/mcq-options.toml:10:10";
        let lines = Layout::wrapped(60).paragraph(line, "", "    ");
        assert_eq!(
            lines,
            [
                "  -->",
                "    /work/wt24/tests/fixtures/broken/mcq-options.toml:10:10"
            ]
        );
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]
        #[test]
        fn every_wrapped_line_fits(text in "[a-zé —-]{0,200}", width in 20usize..100) {
            for line in Layout::wrapped(width).paragraph(&text, "  ", "    ") {
                proptest::prop_assert!(console::measure_text_width(&line) <= width, "{line:?}");
            }
        }
    }

    #[test]
    fn plain_output_keeps_one_line_per_paragraph() {
        let text = "A long line that would wrap on a narrow terminal but is left whole.";
        assert_eq!(Layout::plain().paragraph(text, "", ""), [text]);
    }

    #[test]
    fn the_reading_width_caps_wide_terminals() {
        assert_eq!(Layout::wrapped(300).width, Some(READING_WIDTH));
    }

    #[test]
    fn escape_sequences_from_a_deck_never_reach_the_terminal() {
        let lines = Layout::wrapped(80).paragraph("\u{1b}]0;owned\u{7}Title \u{1b}[2Jhere", "", "");
        assert_eq!(lines, ["Title here"]);
    }
}
