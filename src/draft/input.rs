//! Reading an article: the bytes of a file or of standard input, refused when they are
//! empty, binary, not UTF-8 or over the size limit, and turned into plain text (HTML
//! through `html5gum`'s tokenizer, Markdown through `pulldown-cmark`) with, for every
//! piece of that text, the line of the original file it came from.

use std::ops::Range;

/// The largest article read, in bytes: a long committee report's summary is a few
/// hundred kilobytes; a whole book is not an article.
pub const MAX_BYTES: usize = 2 * 1024 * 1024;

/// What an article is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Markdown,
    Html,
}

/// An article as plain text, each byte of which knows its line in the original.
#[derive(Debug, Clone)]
pub struct Article {
    /// The text, paragraphs separated by line breaks.
    pub text: String,
    /// `(offset in text, line in the original)`, sorted by offset: the text from each
    /// offset on came from that line.
    lines: Vec<(usize, u32)>,
}

/// Why an article cannot be read: each a sentence for the one-line error.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InputError {
    #[error("{0} is empty; give an article with some text in it")]
    Empty(String),
    #[error(
        "{0} is larger than {limit} MiB; give one article at a time, or cut a report into its chapters",
        limit = MAX_BYTES / (1024 * 1024)
    )]
    TooLarge(String),
    #[error("{0} looks like a binary file, not an article; give plain text, Markdown or HTML")]
    Binary(String),
    #[error("{0} is not UTF-8 text (byte {1}); save it as UTF-8 and try again")]
    NotUtf8(String, usize),
}

impl Article {
    /// The original line of the text at `offset`.
    pub fn line_at(&self, offset: usize) -> u32 {
        let i = self.lines.partition_point(|&(start, _)| start <= offset);
        i.checked_sub(1).map_or(1, |i| self.lines[i].1)
    }

    /// The original lines a range of the text spans, first and last.
    pub fn line_range(&self, range: &Range<usize>) -> (u32, u32) {
        let first = self.line_at(range.start);
        let last = self.line_at(range.end.saturating_sub(1).max(range.start));
        (first, last.max(first))
    }

    /// Plain text as it is: every line of the text is the same line of the file.
    pub fn plain(text: &str) -> Article {
        let mut lines = vec![(0, 1)];
        let mut line = 1;
        for (i, b) in text.bytes().enumerate() {
            if b == b'\n' {
                line += 1;
                lines.push((i + 1, line));
            }
        }
        Article {
            text: text.to_string(),
            lines,
        }
    }
}

/// Checks raw bytes named `name` (a path, or "standard input") and reads them as an
/// article in `format` (guessed from the name and the text when `None`).
pub fn read_bytes(name: &str, bytes: &[u8], format: Option<Format>) -> Result<Article, InputError> {
    if bytes.len() > MAX_BYTES {
        return Err(InputError::TooLarge(name.to_string()));
    }
    // A NUL byte, or many control bytes, is a binary file (an image, a PDF, a zip).
    let controls = bytes
        .iter()
        .take(64 * 1024)
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c))
        .count();
    if bytes.contains(&0) || controls * 100 > bytes.len().min(64 * 1024) {
        return Err(InputError::Binary(name.to_string()));
    }
    let text = std::str::from_utf8(bytes)
        .map_err(|e| InputError::NotUtf8(name.to_string(), e.valid_up_to()))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let format = format.unwrap_or_else(|| guess(name, &text));
    let article = match format {
        Format::Text => Article::plain(&text),
        Format::Markdown => markdown(&text),
        Format::Html => html(&text),
    };
    let article = clean(article);
    if article.text.trim().is_empty() {
        return Err(InputError::Empty(name.to_string()));
    }
    Ok(article)
}

/// The format by the file's extension, else by how the text starts.
pub fn guess(name: &str, text: &str) -> Format {
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".html") || lower.ends_with(".htm") || lower.ends_with(".xhtml") {
        return Format::Html;
    }
    if lower.ends_with(".md") || lower.ends_with(".markdown") {
        return Format::Markdown;
    }
    let start = text.trim_start().get(..256).unwrap_or(text.trim_start());
    let start = start.to_ascii_lowercase();
    if start.starts_with("<!doctype html") || start.starts_with("<html") || start.contains("<body")
    {
        Format::Html
    } else {
        Format::Text
    }
}

/// Control characters (other than line breaks and tabs) removed, tabs made spaces; the
/// line map moves with the text.
fn clean(article: Article) -> Article {
    if !article
        .text
        .chars()
        .any(|c| (c.is_control() && c != '\n') || c == '\u{a0}')
    {
        return article;
    }
    let mut text = String::with_capacity(article.text.len());
    let mut lines = Vec::with_capacity(article.lines.len());
    let mut next = article.lines.iter().peekable();
    for (i, c) in article.text.char_indices() {
        while let Some(&&(start, line)) = next.peek() {
            if start > i {
                break;
            }
            lines.push((text.len(), line));
            next.next();
        }
        match c {
            '\t' | '\u{a0}' => text.push(' '),
            '\n' => text.push('\n'),
            c if c.is_control() => {}
            c => text.push(c),
        }
    }
    Article { text, lines }
}

/// Builds text piece by piece, remembering each piece's original line.
struct Builder<'a> {
    source: &'a str,
    /// Byte offsets of the source's line starts.
    starts: Vec<usize>,
    text: String,
    lines: Vec<(usize, u32)>,
}

impl<'a> Builder<'a> {
    fn new(source: &'a str) -> Builder<'a> {
        let mut starts = vec![0];
        starts.extend(
            source
                .bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i + 1),
        );
        Builder {
            source,
            starts,
            text: String::new(),
            lines: vec![(0, 1)],
        }
    }

    fn line_of(&self, offset: usize) -> u32 {
        self.starts.partition_point(|&s| s <= offset) as u32
    }

    /// Appends `piece`, which came from `offset` of the source; its own line breaks
    /// count as the source's.
    fn push(&mut self, piece: &str, offset: usize) {
        let mut line = self.line_of(offset.min(self.source.len()));
        self.lines.push((self.text.len(), line));
        for part in piece.split_inclusive('\n') {
            self.text.push_str(part);
            if part.ends_with('\n') {
                line += 1;
                self.lines.push((self.text.len(), line));
            }
        }
    }

    /// Ends a paragraph: a line break unless the text already ends with one.
    fn paragraph(&mut self) {
        if !self.text.is_empty() && !self.text.ends_with('\n') {
            self.text.push('\n');
        }
    }

    fn finish(self) -> Article {
        Article {
            text: self.text,
            lines: self.lines,
        }
    }
}

/// Markdown's text, without its markup: headings, paragraphs and list items each on a line
/// of their own, code blocks and HTML left out, a link as its words.
fn markdown(source: &str) -> Article {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let mut out = Builder::new(source);
    let mut skip = 0usize;
    for (event, range) in Parser::new(source).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(_) | Tag::HtmlBlock | Tag::Image { .. }) => skip += 1,
            Event::End(TagEnd::CodeBlock | TagEnd::HtmlBlock | TagEnd::Image) => {
                skip = skip.saturating_sub(1);
            }
            Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableRow,
            ) => out.paragraph(),
            Event::Start(Tag::Item) => out.paragraph(),
            Event::Text(text) | Event::Code(text) if skip == 0 => out.push(&text, range.start),
            Event::SoftBreak if skip == 0 => out.push(" ", range.start),
            Event::HardBreak if skip == 0 => out.paragraph(),
            Event::End(TagEnd::TableCell) => out.push("  ", range.start),
            _ => {}
        }
    }
    out.finish()
}

/// Elements whose text is not the article's: scripts and styles, and the page's
/// navigation, header, footer, asides, forms and menus.
const SKIPPED: &[&str] = &[
    "script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form", "menu",
    "svg", "iframe", "button", "select", "figure", "head",
];

/// Block elements: their ends break the text into paragraphs.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "br",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "td",
    "th",
    "section",
    "article",
    "blockquote",
    "dd",
    "dt",
    "pre",
    "table",
    "ul",
    "ol",
    "main",
    "title",
];

/// HTML's text, through `html5gum`'s tokenizer (entities decoded as a browser does, each
/// piece of text with its place in the source): text inside [`SKIPPED`] elements left out,
/// block elements' ends made line breaks.
fn html(source: &str) -> Article {
    use html5gum::{DefaultEmitter, Token, Tokenizer};
    let mut out = Builder::new(source);
    let mut emitter = DefaultEmitter::<usize>::new_with_span();
    // Scripts and styles are raw text, as a browser reads them.
    emitter.naively_switch_states(true);
    let mut skipping: Vec<String> = Vec::new();
    for token in Tokenizer::new_with_emitter(source, emitter).flatten() {
        match token {
            Token::StartTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
                if SKIPPED.contains(&name.as_str()) && !tag.self_closing {
                    skipping.push(name);
                } else if BLOCKS.contains(&name.as_str()) && skipping.is_empty() {
                    out.paragraph();
                }
            }
            Token::EndTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
                if let Some(at) = skipping.iter().rposition(|s| *s == name) {
                    skipping.truncate(at);
                } else if BLOCKS.contains(&name.as_str()) && skipping.is_empty() {
                    out.paragraph();
                }
            }
            Token::String(text) if skipping.is_empty() => {
                let at = text.span.start;
                let text = String::from_utf8_lossy(&text.value);
                // Whitespace in HTML is one space; line breaks come from the blocks.
                let folded = text.split_whitespace().collect::<Vec<_>>().join(" ");
                let lead = text.starts_with(char::is_whitespace)
                    && !out.text.is_empty()
                    && !out.text.ends_with([' ', '\n']);
                let mut piece = String::new();
                if lead {
                    piece.push(' ');
                }
                piece.push_str(&folded);
                if !folded.is_empty() && text.ends_with(char::is_whitespace) {
                    piece.push(' ');
                }
                if !piece.is_empty() {
                    out.push(&piece, at);
                }
            }
            _ => {}
        }
    }
    out.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(name: &str, text: &str) -> Article {
        read_bytes(name, text.as_bytes(), None).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn bad_input_is_refused_with_a_reason() {
        assert!(matches!(
            read_bytes("a.txt", b"", None),
            Err(InputError::Empty(_))
        ));
        assert!(matches!(
            read_bytes("a.txt", b"  \n\n ", None),
            Err(InputError::Empty(_))
        ));
        assert!(matches!(
            read_bytes("a.txt", b"PK\x03\x04\x00\x00", None),
            Err(InputError::Binary(_))
        ));
        assert!(matches!(
            read_bytes("a.txt", b"caf\xe9 au lait", None),
            Err(InputError::NotUtf8(_, 3))
        ));
        let big = vec![b'a'; MAX_BYTES + 1];
        assert!(matches!(
            read_bytes("a.txt", &big, None),
            Err(InputError::TooLarge(_))
        ));
    }

    #[test]
    fn html_keeps_the_article_and_drops_scripts_and_navigation() {
        let page = "<!DOCTYPE html>\n<html><head><title>T</title><script>var x = 1;</script></head>\n<body><nav>Home | World</nav>\n<p>The Council met in Delhi &amp; Mumbai.</p>\n<p>It approved &#8377;5 crore.</p>\n<footer>Subscribe now</footer></body></html>\n";
        let article = read("page.html", page);
        assert!(
            article.text.contains("The Council met in Delhi & Mumbai."),
            "{}",
            article.text
        );
        assert!(article.text.contains("It approved ₹5 crore."));
        assert!(!article.text.contains("var x"));
        assert!(!article.text.contains("Home | World"));
        assert!(!article.text.contains("Subscribe"));
        let at = article.text.find("It approved").unwrap_or(0);
        assert_eq!(article.line_at(at), 5);
    }

    #[test]
    fn markdown_loses_its_markup_and_keeps_its_lines() {
        let md = "# A heading\n\nSome *emphasis* and a [link](http://x.org).\n\n- one item\n- two items\n\n```\ncode here\n```\n";
        let article = read("notes.md", md);
        assert!(
            article.text.contains("Some emphasis and a link."),
            "{}",
            article.text
        );
        assert!(!article.text.contains("code here"));
        let at = article.text.find("two items").unwrap_or(0);
        assert_eq!(article.line_at(at), 6);
    }

    #[test]
    fn plain_text_lines_are_the_file_lines() {
        let article = read("a.txt", "One.\nTwo.\n\nThree.\n");
        let at = article.text.find("Three").unwrap_or(0);
        assert_eq!(article.line_at(at), 4);
        assert_eq!(article.line_range(&(0..9)), (1, 2));
    }
}
