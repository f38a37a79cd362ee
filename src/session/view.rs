//! What a session paints: one screen per state of a card (asked, answered), built afresh
//! from the card and the terminal's size every time it is painted, so a resize re-wraps
//! everything and leaves nothing behind. A screen has a part that scrolls (the question,
//! the verdict, the explanation) and a part pinned to its foot (the keys to press, the
//! answer line), so the keys the learner needs next are always on screen.

use crate::question::{Question, Response};
use crate::text::Count;
use crate::ui::{Layout, Styles};

/// One screen: the scrolling part, the pinned foot, and the cursor's place in the foot.
#[derive(Debug, Default)]
pub(super) struct Screen {
    pub top: Vec<String>,
    pub foot: Vec<String>,
    /// (row in the foot, column), when a typed answer is being edited.
    pub cursor: Option<(usize, usize)>,
}

impl Screen {
    /// The rows to paint on a screen of `rows` rows and `width` columns, scrolled by
    /// `scroll` (clamped here), and where the cursor goes. When everything fits, all is
    /// shown; otherwise the foot stays and a line above it says how to scroll.
    pub(super) fn fit(
        &self,
        rows: Option<usize>,
        width: usize,
        styles: &Styles,
        scroll: &mut usize,
    ) -> (Vec<String>, Option<(usize, usize)>) {
        let total = self.top.len() + self.foot.len();
        let mut lines: Vec<String>;
        match rows {
            Some(rows) if total > rows => {
                let room = rows.saturating_sub(self.foot.len() + 1);
                let most = self.top.len().saturating_sub(room);
                *scroll = (*scroll).min(most);
                lines = self.top[*scroll..*scroll + room].to_vec();
                let above = *scroll;
                let below = most - *scroll;
                let said = match (above, below) {
                    (0, n) => format!(
                        "↓ {n} more {} (PgDn)",
                        Count::new(n, "line", "lines").noun()
                    ),
                    (n, 0) => format!("↑ {} above (PgUp)", Count::new(n, "line", "lines")),
                    (a, b) => format!("↑ {a} above · ↓ {b} more (PgUp PgDn)"),
                };
                lines.push(styles.chosen.apply_to(fitted(&said, width)).to_string());
            }
            _ => {
                *scroll = 0;
                lines = self.top.clone();
            }
        }
        let foot_at = lines.len();
        lines.extend(self.foot.iter().cloned());
        if let Some(rows) = rows {
            // A screen smaller than the foot: the foot's last rows (the answer line).
            if lines.len() > rows {
                lines.drain(..lines.len() - rows);
            }
        }
        let cursor = self.cursor.and_then(|(row, column)| {
            let row = foot_at + row;
            let shift = (foot_at + self.foot.len()).saturating_sub(lines.len());
            row.checked_sub(shift).map(|row| (row, column))
        });
        (lines, cursor)
    }
}

/// `text` cut to `width` columns with an ellipsis: for lines that must stay one line
/// (the header, the source).
pub(super) fn fitted(text: &str, width: usize) -> String {
    console::truncate_str(text, width, "…").into_owned()
}

/// The width a session draws in.
pub(super) fn width_of(layout: Layout) -> usize {
    layout.width.unwrap_or(usize::MAX)
}

/// The options of a pick-one question, each wrapped under its letter: while asking,
/// `cursor` marks the one the arrows are on; after the answer, `marks` puts ✓ on the right
/// option and ✗ on the learner's wrong pick.
pub(super) fn options(
    layout: Layout,
    styles: &Styles,
    options: &[String],
    cursor: Option<usize>,
    marks: Option<(usize, Option<usize>)>,
) -> Vec<String> {
    let mut lines = Vec::new();
    for (i, text) in options.iter().enumerate() {
        let letter = crate::question::wording::OPTION_LETTERS
            .get(i)
            .copied()
            .unwrap_or("");
        let (marker, style) = match marks {
            Some((right, _)) if right == i => ("✓ ", Some(&styles.good)),
            Some((_, Some(pick))) if pick == i => ("✗ ", Some(&styles.bad)),
            Some(_) => ("  ", None),
            None if cursor == Some(i) => ("> ", Some(&styles.chosen)),
            None => ("  ", None),
        };
        let first = format!("{marker}{letter} ");
        let rest = " ".repeat(console::measure_text_width(&first));
        for line in layout.paragraph(text, &first, &rest) {
            lines.push(match style {
                Some(style) => style.apply_to(line).to_string(),
                None => line,
            });
        }
    }
    lines
}

/// The question's text as asked, in full.
pub(super) fn stem(layout: Layout, question: &Question) -> Vec<String> {
    layout.block(&question.text)
}

/// The question's text after the answer, compactly: in full when short, else its first
/// line with an ellipsis, so the options and the verdict fit beside it.
pub(super) fn compact_stem(layout: Layout, question: &Question) -> Vec<String> {
    let full = layout.block(&question.text);
    if full.len() <= 3 || matches!(question.response, Response::Recall { .. }) && full.len() <= 6 {
        return full;
    }
    let first = full.into_iter().next().unwrap_or_default();
    let width = width_of(layout);
    vec![fitted(&format!("{} …", first.trim_end()), width)]
}

/// A hint line (or lines): the keys the learner needs next, in the terminal's own colour,
/// never dim, so it reads on light and dark themes alike.
pub(super) fn hint(layout: Layout, text: &str) -> Vec<String> {
    layout.paragraph(text, "", "")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn screen(top: usize, foot: usize) -> Screen {
        Screen {
            top: (0..top).map(|i| format!("top {i}")).collect(),
            foot: (0..foot).map(|i| format!("foot {i}")).collect(),
            cursor: Some((foot.saturating_sub(1), 3)),
        }
    }

    #[test]
    fn a_screen_never_has_more_rows_than_the_terminal_and_keeps_its_foot() {
        let styles = Styles::new(false);
        for rows in 1..30 {
            for top in 0..40 {
                for foot in 1..4 {
                    for mut scroll in [0, 1, 7, 100] {
                        let s = screen(top, foot);
                        let (lines, cursor) = s.fit(Some(rows), 40, &styles, &mut scroll);
                        assert!(lines.len() <= rows, "{rows} {top} {foot}");
                        // The answer line (the foot's last) is always the screen's last.
                        assert_eq!(lines.last(), s.foot.last(), "{rows} {top} {foot}");
                        let (row, column) = cursor.expect("the cursor is on screen");
                        assert_eq!((row, column), (lines.len() - 1, 3));
                        if top + foot <= rows {
                            assert_eq!(lines.len(), top + foot);
                            assert_eq!(scroll, 0);
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn scrolling_shows_the_rest_and_says_what_is_above_and_below() {
        let styles = Styles::new(false);
        let s = screen(30, 2);
        let mut scroll = 0;
        let (lines, _) = s.fit(Some(10), 40, &styles, &mut scroll);
        assert_eq!(lines[0], "top 0");
        assert_eq!(lines[7], "↓ 23 more lines (PgDn)");
        scroll = 5;
        let (lines, _) = s.fit(Some(10), 40, &styles, &mut scroll);
        assert_eq!(lines[0], "top 5");
        assert_eq!(lines[7], "↑ 5 above · ↓ 18 more (PgUp PgDn)");
        scroll = 1000;
        let (lines, _) = s.fit(Some(10), 40, &styles, &mut scroll);
        assert_eq!(scroll, 23, "clamped to the last page");
        assert_eq!(lines[6], "top 29");
        assert_eq!(lines[7], "↑ 23 lines above (PgUp)");
    }
}
