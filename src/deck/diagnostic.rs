//! Located problems in authored files and how they are shown.
//!
//! A [`Diagnostic`] carries a byte span into its file; [`FileReport`] keeps the file's text
//! so the problem can be rendered `path:line:column` with the offending line and a caret
//! (through `annotate-snippets`), or as one line for warnings printed before a session.

use std::borrow::Cow;
use std::ops::Range;
use std::sync::OnceLock;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Borrowed when it is always the same text: a deck of 50,000 cards without
    /// sources or explanations has 100,000 such warnings.
    pub message: Cow<'static, str>,
    /// Byte range in the file; `None` when the problem concerns the file as a whole.
    pub span: Option<Range<usize>>,
    /// What to do about it, when we can tell.
    pub help: Option<Cow<'static, str>>,
}

impl Diagnostic {
    pub fn error(message: impl Into<Cow<'static, str>>, span: Option<Range<usize>>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            message: message.into(),
            span,
            help: None,
        }
    }

    pub fn warning(message: impl Into<Cow<'static, str>>, span: Option<Range<usize>>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(message, span)
        }
    }

    pub fn with_help(mut self, help: impl Into<Cow<'static, str>>) -> Self {
        self.help = Some(help.into());
        self
    }
}

/// The problems found in one file, with the text needed to show them.
#[derive(Debug, Clone, Default)]
pub struct FileReport {
    pub path: String,
    pub source: String,
    pub diagnostics: Vec<Diagnostic>,
    /// Where each line of `source` starts, built on first use so that locating every
    /// problem of a file costs one pass over it, not one pass per problem.
    lines: OnceLock<LineStarts>,
}

/// The byte offset at which each line of a text starts, for the text of this length.
#[derive(Debug, Clone, Default)]
pub struct LineStarts {
    len: usize,
    starts: Vec<usize>,
}

impl LineStarts {
    pub fn new(text: &str) -> LineStarts {
        let mut starts = vec![0];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i + 1),
        );
        LineStarts {
            len: text.len(),
            starts,
        }
    }

    /// Byte offset where line `index` (0-based) starts; the text's end past its last line.
    pub fn start(&self, index: usize) -> usize {
        self.starts.get(index).copied().unwrap_or(self.len)
    }

    /// 0-based index of the line holding byte `offset`.
    pub fn line_index(&self, offset: usize) -> usize {
        self.starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1)
    }

    /// Byte range of line `index` (0-based), its line break excluded.
    fn line_range(&self, index: usize, text: &str) -> Range<usize> {
        let start = self.starts.get(index).copied().unwrap_or(text.len());
        let end = self
            .starts
            .get(index + 1)
            .map_or(text.len(), |next| next.saturating_sub(1));
        start..end.max(start)
    }
}

impl FileReport {
    pub fn new(path: impl Into<String>, source: impl Into<String>) -> Self {
        FileReport {
            path: path.into(),
            source: source.into(),
            diagnostics: Vec::new(),
            lines: OnceLock::new(),
        }
    }

    /// The line table of `source` (rebuilt if `source` was replaced since it was made).
    fn line_starts(&self) -> Cow<'_, LineStarts> {
        let cached = self.lines.get_or_init(|| LineStarts::new(&self.source));
        if cached.len == self.source.len() {
            Cow::Borrowed(cached)
        } else {
            Cow::Owned(LineStarts::new(&self.source))
        }
    }

    pub fn has_errors(&self) -> bool {
        self.count(Severity::Error) > 0
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        line_column_in(&self.source, &self.line_starts(), offset)
    }

    /// `path:line:column` of a diagnostic (just `path` when it has no span).
    pub fn location(&self, diagnostic: &Diagnostic) -> String {
        match &diagnostic.span {
            Some(span) => {
                let (line, column) = self.line_column(span.start);
                format!("{}:{line}:{column}", self.path)
            }
            None => self.path.clone(),
        }
    }

    /// Every diagnostic rendered with its source line and a caret, blank-line separated.
    pub fn render(&self, renderer: &Renderer) -> String {
        self.render_some(renderer, |_| true)
    }

    /// Like [`FileReport::render`], for the diagnostics `keep` accepts (asked in order).
    pub fn render_some(
        &self,
        renderer: &Renderer,
        mut keep: impl FnMut(&Diagnostic) -> bool,
    ) -> String {
        let lines = self.line_starts();
        let mut out = String::new();
        for diagnostic in self.diagnostics.iter().filter(|d| keep(d)) {
            out.push_str(&self.render_one(diagnostic, &lines, renderer));
            out.push_str("\n\n");
        }
        out
    }

    /// One diagnostic (of this file, kept or not in `diagnostics`) rendered as
    /// [`FileReport::render`] renders each, without the blank line after it.
    pub fn render_diagnostic(&self, diagnostic: &Diagnostic, renderer: &Renderer) -> String {
        self.render_one(diagnostic, &self.line_starts(), renderer)
    }

    /// One diagnostic, rendered from the lines its span covers only (with their true line
    /// numbers): handing the renderer the whole file for every problem made `check`
    /// quadratic in the number of problems.
    fn render_one(
        &self,
        diagnostic: &Diagnostic,
        lines: &LineStarts,
        renderer: &Renderer,
    ) -> String {
        let level = match diagnostic.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let title = level.primary_title(&*diagnostic.message);
        let mut group = match &diagnostic.span {
            Some(span) => {
                let span = clamp_span(&self.source, span.clone());
                let first = lines.line_index(span.start);
                let last = lines.line_index(span.end.saturating_sub(1).max(span.start));
                let start = lines.line_range(first, &self.source).start;
                let end = lines.line_range(last, &self.source).end.max(span.end);
                let excerpt = &self.source[start..end];
                Group::with_title(title).element(
                    Snippet::source(excerpt)
                        .line_start(first + 1)
                        .path(self.path.as_str())
                        .annotation(
                            AnnotationKind::Primary.span(span.start - start..span.end - start),
                        ),
                )
            }
            None => Group::with_title(title)
                .element(annotate_snippets::Origin::path(self.path.as_str())),
        };
        if let Some(help) = &diagnostic.help {
            group = group.element(Level::HELP.message(&**help));
        }
        renderer.render(&[group])
    }

    /// One line per diagnostic: `path:line:column: severity: message (help)`.
    pub fn one_line(&self, diagnostic: &Diagnostic) -> String {
        let severity = match diagnostic.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut line = format!(
            "{}: {severity}: {}",
            self.location(diagnostic),
            diagnostic.message
        );
        if let Some(help) = &diagnostic.help {
            line.push_str("; ");
            line.push_str(help);
        }
        // Messages quote what files say; nothing in them may act on the terminal.
        match crate::text::strip_controls(&line) {
            Cow::Borrowed(_) => line,
            Cow::Owned(clean) => clean,
        }
    }
}

/// 1-based line of a byte offset, for a single look-up (many go through one
/// [`LineStarts`], or [`FileReport::line_column`]).
pub fn line_of(source: &str, offset: usize) -> usize {
    line_column_in(source, &LineStarts::new(source), offset).0
}

/// 1-based line and column (in characters) of a byte offset, through a line table.
pub fn line_column_in(source: &str, lines: &LineStarts, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(source, offset.min(source.len()));
    let index = lines.line_index(offset);
    let line_start = lines.starts.get(index).copied().unwrap_or(0).min(offset);
    let column = source[line_start..offset].chars().count() + 1;
    (index + 1, column)
}

fn floor_char_boundary(s: &str, mut index: usize) -> usize {
    while index > 0 && !s.is_char_boundary(index) {
        index -= 1;
    }
    index
}

/// Keeps a span inside the text and on character boundaries; an empty span at the very end
/// of a file still points at something visible.
fn clamp_span(source: &str, span: Range<usize>) -> Range<usize> {
    let start = floor_char_boundary(source, span.start.min(source.len()));
    let end = floor_char_boundary(source, span.end.min(source.len())).max(start);
    start..end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters_not_bytes() {
        let report = FileReport::new("d.toml", "a = 1\nbé = \"x\"\n");
        assert_eq!(report.line_column(0), (1, 1));
        assert_eq!(report.line_column(6), (2, 1));
        // `=` after "bé " is the 4th character but the 5th byte of line 2.
        assert_eq!(report.line_column(6 + 4), (2, 4));
    }

    #[test]
    fn line_of_is_the_line_of_line_column() {
        let text = "a\nbé\n\nc";
        for offset in 0..=text.len() + 2 {
            let report = FileReport::new("d.toml", text);
            assert_eq!(
                line_of(text, offset),
                report.line_column(offset).0,
                "{offset}"
            );
        }
        assert_eq!(line_of(text, 0), 1);
        assert_eq!(line_of(text, text.len()), 4);
    }

    #[test]
    fn line_table_agrees_with_counting_from_the_start() {
        let text = "a = 1\nbé = \"x\"\n\n[[card]]\nid = \"ü\"";
        let report = FileReport::new("d.toml", text);
        for offset in 0..=text.len() + 2 {
            let clamped = floor_char_boundary(text, offset.min(text.len()));
            let before = &text[..clamped];
            let line = before.matches('\n').count() + 1;
            let start = before.rfind('\n').map_or(0, |i| i + 1);
            let column = before[start..].chars().count() + 1;
            assert_eq!(
                report.line_column(offset),
                (line, column),
                "offset {offset}"
            );
        }
    }

    #[test]
    fn excerpts_render_like_the_whole_file() {
        let text = "[deck]\nid = \"d\"\n\n[[card]]\npromt = \"\"\"\nfirst\nsecond\"\"\"\nlast = 1";
        let spans = [0..0, 7..9, 23..28, 23..text.len(), text.len()..text.len()];
        for span in spans {
            let mut report = FileReport::new("d.toml", text);
            report
                .diagnostics
                .push(Diagnostic::error("problem", Some(span.clone())).with_help("fix it"));
            let whole = {
                let span = clamp_span(text, span.clone());
                let group = Group::with_title(Level::ERROR.primary_title("problem"))
                    .element(
                        Snippet::source(text)
                            .path("d.toml")
                            .annotation(AnnotationKind::Primary.span(span)),
                    )
                    .element(Level::HELP.message("fix it"));
                Renderer::plain().render(&[group])
            };
            assert_eq!(
                report.render(&Renderer::plain()),
                format!("{whole}\n\n"),
                "{span:?}"
            );
        }
    }

    #[test]
    fn renders_location_line_and_caret() {
        let mut report = FileReport::new("d.toml", "[deck]\npromt = 1\n");
        report.diagnostics.push(
            Diagnostic::error("unknown field `promt`", Some(7..12))
                .with_help("did you mean `prompt`?"),
        );
        let text = report.render(&Renderer::plain());
        assert!(text.contains("error: unknown field `promt`"), "{text}");
        assert!(text.contains("d.toml:2:1"), "{text}");
        assert!(text.contains("^^^^^"), "{text}");
        assert!(text.contains("did you mean `prompt`?"), "{text}");
        assert_eq!(
            report.one_line(&report.diagnostics[0]),
            "d.toml:2:1: error: unknown field `promt`; did you mean `prompt`?"
        );
    }
}
