//! Anki's "Notes in Plain Text" (`.txt`): `#key:value` header lines, then one note per
//! line, fields separated by the `#separator` (a tab unless it says otherwise), quoted
//! with `"` when a field holds the separator or a line break.
//!
//! Import reads `#separator`, `#html`, `#tags`, `#columns`, `#guid column`,
//! `#notetype column`, `#deck column` and `#tags column` (other header lines, such as
//! `#notetype` and `#deck`, are read past). The first two remaining columns are the front
//! and the back; each note becomes a self-graded recall card, the way Anki asks it: the
//! front is the prompt, the back's first paragraph the answer and the rest the
//! explanation. HTML is turned into text.
//!
//! Export writes the headers Anki reads (`#separator:tab`, `#html:true`,
//! `#notetype:Basic`, `#guid column:1`, `#deck column:2`, `#tags column:5`), then per
//! card: a guid `deck-id/card-id` (so importing again updates instead of duplicating),
//! the deck's title, the front (the question as a learner sees it, options included,
//! through [`question::present_all`]), the back (answer, per-item notes, explanation) and
//! the tags, as HTML.

use std::collections::HashSet;

use super::{Row, RowError};
use crate::author::text::CardText;
use crate::deck::parse::{is_kebab, slug};
use crate::deck::{CardKey, Deck, Kind};
use crate::question::{self, Response};
use crate::text::strip_controls;

/// Characters for text in HTML, line breaks as `<br>`.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' => out.push_str("<br>"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// The front of a note as HTML: its text escaped, and a rows question's table as an HTML
/// table with a heading row.
pub fn front_html(text: &str) -> String {
    use question::table::{Segment, segments};
    let parts = segments(text);
    if !parts.iter().any(|p| matches!(p, Segment::Table(_))) {
        return escape_html(text);
    }
    let mut lines: Vec<String> = Vec::new();
    for part in parts {
        match part {
            Segment::Line(line) => lines.push(escape_html(line)),
            Segment::Table(table) => {
                let mut html = String::from("<table><tr><th></th>");
                for heading in &table.headings {
                    html.push_str(&format!("<th>{}</th>", escape_html(heading)));
                }
                html.push_str("</tr>");
                for (label, cells) in &table.rows {
                    html.push_str(&format!("<tr><td>{}</td>", escape_html(label)));
                    for cell in cells {
                        html.push_str(&format!("<td>{}</td>", escape_html(cell)));
                    }
                    html.push_str("</tr>");
                }
                html.push_str("</table>");
                lines.push(html);
            }
        }
    }
    lines.join("<br>")
}

/// HTML as plain text: `<br>` and the ends of blocks become line breaks, other tags go,
/// entities are decoded (named ones such as `&rsquo;`, numeric ones such as `&#8377;`;
/// `&nbsp;` as a plain space), control characters and escape sequences are removed
/// (an entity such as `&#x1b;` decodes to one), spaces at line ends are dropped and at
/// most one blank line is kept.
pub fn html_to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(c) = rest.chars().next() {
        match c {
            '<' => match rest.find('>') {
                Some(end) => {
                    let tag = rest[1..end].trim().to_ascii_lowercase();
                    let name: String = tag
                        .trim_start_matches('/')
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric())
                        .collect();
                    let closing = tag.starts_with('/');
                    let breaks = match name.as_str() {
                        "br" | "hr" => true,
                        "div" | "p" | "li" | "tr" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                            closing
                        }
                        _ => false,
                    };
                    if breaks {
                        out.push('\n');
                    } else if closing && matches!(name.as_str(), "td" | "th") {
                        // Cells of a table row stay apart.
                        out.push_str("  ");
                    }
                    rest = &rest[end + 1..];
                }
                None => {
                    out.push('<');
                    rest = &rest[1..];
                }
            },
            '&' => {
                let (decoded, used) = entity(rest);
                out.push_str(&decoded);
                rest = &rest[used..];
            }
            c => {
                out.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    tidy_lines(&strip_controls(&out))
}

/// Decodes the entity at the start of `text` (which starts with `&`): the text and the
/// bytes used; an `&` that starts no entity stays as it is. An entity may decode to a
/// control character (`&#x1b;`): [`html_to_text`] removes those, with the escape
/// sequences they start.
fn entity(text: &str) -> (String, usize) {
    let Some(end) = text.find(';').filter(|&e| e <= 40) else {
        return ("&".to_string(), 1);
    };
    let name = &text[1..end];
    if let Some(number) = name.strip_prefix('#') {
        let code = match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok(),
            None => number.parse().ok(),
        };
        return match code.and_then(char::from_u32) {
            Some('\u{a0}') => (" ".to_string(), end + 1),
            Some(c) => (c.to_string(), end + 1),
            None => ("&".to_string(), 1),
        };
    }
    let candidate = &text[..=end];
    match html_escape::decode_html_entities(candidate) {
        std::borrow::Cow::Owned(decoded) if decoded != candidate => {
            (decoded.replace('\u{a0}', " "), end + 1)
        }
        _ => ("&".to_string(), 1),
    }
}

/// A field of a plain-text note: trimmed, without control characters.
fn plain_field(text: &str) -> String {
    strip_controls(text).trim().to_string()
}

fn tidy_lines(text: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    for line in text.lines() {
        let line = line.trim_end();
        if line.is_empty() && out.last().is_some_and(|l| l.is_empty()) {
            continue;
        }
        out.push(line);
    }
    out.join("\n").trim_matches('\n').to_string()
}

/// The header of an Anki plain-text file.
#[derive(Debug)]
struct Header {
    separator: u8,
    html: Option<bool>,
    tags: Vec<String>,
    /// 1-based columns that are not fields.
    guid: Option<usize>,
    notetype: Option<usize>,
    deck: Option<usize>,
    tags_column: Option<usize>,
    /// Lines the header takes.
    lines: usize,
}

fn separator(value: &str) -> Option<u8> {
    match value.trim().to_ascii_lowercase().as_str() {
        "tab" | "\t" => Some(b'\t'),
        "comma" | "," => Some(b','),
        "semicolon" | ";" => Some(b';'),
        "space" | " " => Some(b' '),
        "pipe" | "|" => Some(b'|'),
        "colon" | ":" => Some(b':'),
        _ => None,
    }
}

fn header(text: &str) -> Result<Header, RowError> {
    let mut header = Header {
        separator: b'\t',
        html: None,
        tags: Vec::new(),
        guid: None,
        notetype: None,
        deck: None,
        tags_column: None,
        lines: 0,
    };
    for (n, line) in text.lines().enumerate() {
        let line_no = n as u64 + 1;
        let meta = match line.strip_prefix('#') {
            Some(meta) => meta,
            None if n == 0 && line.starts_with("tags:") => line,
            None => break,
        };
        header.lines = n + 1;
        let Some((key, value)) = meta.split_once(':') else {
            continue;
        };
        let column = || -> Result<Option<usize>, RowError> {
            match value.trim().parse::<usize>() {
                Ok(n) if n > 0 => Ok(Some(n)),
                _ => Err(RowError::new(
                    line_no,
                    format!(
                        "`#{}` needs a column number from 1, found `{}`",
                        key.trim(),
                        value.trim()
                    ),
                )),
            }
        };
        match key.trim().to_ascii_lowercase().as_str() {
            "separator" => {
                header.separator = separator(value).ok_or_else(|| {
                    RowError::new(
                        line_no,
                        format!(
                            "unknown separator `{}`; use tab, comma, semicolon, space, pipe or colon",
                            value.trim()
                        ),
                    )
                })?;
            }
            "html" => {
                header.html = match value.trim().to_ascii_lowercase().as_str() {
                    "true" => Some(true),
                    "false" => Some(false),
                    other => {
                        return Err(RowError::new(
                            line_no,
                            format!("`#html` must be true or false, found `{other}`"),
                        ));
                    }
                };
            }
            "tags" => header.tags = value.split_whitespace().map(str::to_string).collect(),
            "guid column" => header.guid = column()?,
            "notetype column" => header.notetype = column()?,
            "deck column" => header.deck = column()?,
            "tags column" => header.tags_column = column()?,
            _ => {}
        }
    }
    Ok(header)
}

/// Anki tags as upsc tags: `Geography::Rivers` → `geography-rivers`.
fn tag(anki: &str) -> Option<String> {
    let tag = slug(&anki.replace("::", " "), 12);
    (!tag.is_empty()).then_some(tag)
}

fn looks_like_html(text: &str) -> bool {
    [
        "<br", "<div", "<p>", "</", "&nbsp;", "&amp;", "&lt;", "&gt;", "&quot;", "&#",
    ]
    .iter()
    .any(|m| text.contains(m))
}

/// Reads every note; the rows that are well-formed and the problems of the others.
#[cfg(test)]
pub fn read(text: &str) -> (Vec<Row>, Vec<RowError>) {
    super::collect_rows(|take| each(text, take))
}

/// Reads the notes one at a time, in file order, handing each to `take` as it is read:
/// the row, or what is wrong with it (a problem with the header comes alone). So an
/// import holds one note at a time, not the file's notes.
pub fn each(text: &str, mut take: impl FnMut(Result<Row, RowError>)) {
    let header = match header(text) {
        Ok(h) => h,
        Err(e) => return take(Err(e)),
    };
    let html = header.html.unwrap_or_else(|| looks_like_html(text));
    let body_start: usize = text
        .split_inclusive('\n')
        .take(header.lines)
        .map(str::len)
        .sum();
    let mut reader = ::csv::ReaderBuilder::new()
        .delimiter(header.separator)
        .has_headers(false)
        .flexible(true)
        .comment(Some(b'#'))
        .from_reader(&text.as_bytes()[body_start..]);
    let meta: HashSet<usize> = [
        header.guid,
        header.notetype,
        header.deck,
        header.tags_column,
    ]
    .into_iter()
    .flatten()
    .collect();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(1, |p| p.line()) + header.lines as u64;
                take(Err(RowError::new(line, format!("{e}"))));
                continue;
            }
        };
        let line = record.position().map_or(1, |p| p.line()) + header.lines as u64;
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let cell = |column: Option<usize>| -> &str {
            column.and_then(|c| record.get(c - 1)).map_or("", str::trim)
        };
        let fields: Vec<String> = record
            .iter()
            .enumerate()
            .filter(|(i, _)| !meta.contains(&(i + 1)))
            .map(|(_, f)| {
                if html {
                    html_to_text(f)
                } else {
                    plain_field(f)
                }
            })
            .collect();
        let notetype = cell(header.notetype);
        let (front, back) = match fields.as_slice() {
            [front, back, ..] => (front.as_str(), back.as_str()),
            _ => {
                take(Err(RowError::new(
                    line,
                    format!(
                        "a note needs a front and a back field, found {}; separate the fields with the `#separator` ({})",
                        fields.len(),
                        match header.separator {
                            b'\t' => "a tab".to_string(),
                            b => format!("`{}`", b as char),
                        }
                    ),
                )));
                continue;
            }
        };
        if front.contains("{{c") || notetype.to_ascii_lowercase().contains("cloze") {
            take(Err(RowError::new(
                line,
                "cloze notes cannot be imported; export them as Basic notes, or leave them out",
            )));
            continue;
        }
        if front.is_empty() {
            take(Err(RowError::new(
                line,
                "the front is empty; every note needs a question on its front",
            )));
            continue;
        }
        if back.is_empty() {
            take(Err(RowError::new(
                line,
                "the back is empty; every note needs an answer on its back",
            )));
            continue;
        }
        let (answer, explanation) = match back.split_once("\n\n") {
            Some((answer, rest)) => (answer.trim(), rest.trim()),
            None => (back, ""),
        };
        let mut tags: Vec<String> = Vec::new();
        for t in header
            .tags
            .iter()
            .map(String::as_str)
            .chain(cell(header.tags_column).split_whitespace())
        {
            if let Some(t) = tag(t)
                && !tags.contains(&t)
            {
                tags.push(t);
            }
        }
        let mut card = CardText::new();
        card.string("kind", Kind::Recall.as_str())
            .string("prompt", front)
            .string("answer", answer)
            .boolean("self_grade", true);
        if !tags.is_empty() {
            card.strings("tags", &tags);
        }
        if !explanation.is_empty() {
            card.string("explanation", explanation);
        }
        // upsc's own export writes guids as `deck-id/card-id`: keep the card's id.
        let id = cell(header.guid)
            .rsplit_once('/')
            .map(|(_, id)| id.to_string())
            .filter(|id| is_kebab(id));
        take(Ok(Row {
            line,
            id,
            card,
            question: front.to_string(),
        }));
    }
}

/// The front and back of a card, as text (before HTML escaping; a rows question's table
/// is in the front as [`question::table`] writes it, for [`front_html`]).
pub fn sides(card: &crate::deck::Card) -> (String, String) {
    let q = question::present_all(card);
    let mut front = q.text.clone();
    if let Response::Choice { options, .. } = &q.response {
        front.push('\n');
        for (i, option) in options.iter().enumerate() {
            let letter = question::wording::OPTION_LETTERS
                .get(i)
                .copied()
                .unwrap_or("");
            front.push_str(&format!("\n{letter} {option}"));
        }
    }
    let mut back = q.answer_text.clone();
    for note in &q.notes {
        back.push('\n');
        back.push_str(note);
    }
    if let Some(explanation) = &card.explanation {
        back.push_str("\n\n");
        back.push_str(explanation);
    }
    (front, back)
}

/// The header lines of the Anki plain-text file.
pub const HEAD: &str =
    "#separator:tab\n#html:true\n#notetype:Basic\n#guid column:1\n#deck column:2\n#tags column:5\n";

/// One deck's notes, a line each, as [`write()`] writes them after [`HEAD`].
pub fn rows(deck: &Deck) -> anyhow::Result<String> {
    let mut writer = ::csv::WriterBuilder::new()
        .delimiter(b'\t')
        .from_writer(Vec::new());
    for card in &deck.cards {
        let (front, back) = sides(card);
        let mut tags: Vec<&str> = Vec::new();
        for t in card.all_tags(deck) {
            if !tags.contains(&t) {
                tags.push(t);
            }
        }
        writer.write_record([
            CardKey::of(deck, card).to_string(),
            deck.title.clone(),
            front_html(&front),
            escape_html(&back),
            tags.join(" "),
        ])?;
    }
    let bytes = writer
        .into_inner()
        .map_err(|e| anyhow::anyhow!("cannot write the Anki file: {e}"))?;
    Ok(String::from_utf8(bytes)?)
}

/// The decks as an Anki plain-text file of Basic notes.
#[cfg(test)]
pub fn write(decks: &[&Deck]) -> anyhow::Result<String> {
    let mut text = String::from(HEAD);
    for deck in decks {
        text.push_str(&rows(deck)?);
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_becomes_text() {
        assert_eq!(
            html_to_text("<div>Which&nbsp;<b>edition</b>?</div><div>(a) 14th<br/>(b) 15th</div>"),
            "Which edition?\n(a) 14th\n(b) 15th"
        );
        assert_eq!(
            html_to_text("Tom &amp; Jerry &lt;3 &gt; &quot;x&quot; &#39;y&#39; &#x20B9; & so"),
            "Tom & Jerry <3 > \"x\" 'y' ₹ & so"
        );
        assert_eq!(html_to_text("a<br><br><br><br>b  <br>"), "a\n\nb");
        assert_eq!(
            html_to_text(
                "India&rsquo;s &ldquo;Act East&rdquo; &mdash; 2014&hellip; &lt;b&gt; &amp;amp;"
            ),
            "India\u{2019}s \u{201c}Act East\u{201d} \u{2014} 2014\u{2026} <b> &amp;"
        );
        for text in [
            "plain",
            "two\nlines",
            "  1. indented\n\n  2. <kept> & \"quoted\" 'x'",
        ] {
            assert_eq!(html_to_text(&escape_html(text)), text);
        }
    }

    #[test]
    fn a_rows_table_is_an_html_table_on_the_front_and_reads_back_with_its_cells_apart() {
        let table = question::table::Table::new(
            &["River".to_string(), "Flows into".to_string()],
            vec![
                ("I.".into(), vec!["Narmada".into(), "Arabian Sea".into()]),
                (
                    "II.".into(),
                    vec!["Mahanadi <delta>".into(), "Bay of Bengal".into()],
                ),
            ],
        );
        let text = format!("Consider :\n\n{}\n\nIn how many?", table.to_text());
        let html = front_html(&text);
        assert_eq!(
            html,
            "Consider :<br><br><table><tr><th></th><th>River</th><th>Flows into</th></tr><tr><td>I.</td><td>Narmada</td><td>Arabian Sea</td></tr><tr><td>II.</td><td>Mahanadi &lt;delta&gt;</td><td>Bay of Bengal</td></tr></table><br><br>In how many?"
        );
        assert_eq!(
            html_to_text(&html),
            "Consider :\n\n  River  Flows into\nI.  Narmada  Arabian Sea\nII.  Mahanadi <delta>  Bay of Bengal\n\nIn how many?"
        );
        // Without a table the front is the escaped text.
        assert_eq!(front_html("a <b>\n\tc"), escape_html("a <b>\n\tc"));
    }

    #[test]
    fn entities_and_raw_characters_never_bring_control_characters_in() {
        assert_eq!(
            html_to_text("&#x1b;]0;owned&#7;Title&#27;[2J, &#x9b;2Jfine&#0;&#x7f; &#X1B;[31mred"),
            "Title, fine red"
        );
        let text = "#separator:tab\n#html:false\nfront\u{1b}[2J\tback\u{7}\n";
        let (rows, errors) = read(text);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(rows[0].question, "front");
        assert_eq!(
            rows[0].card.render(),
            "[[card]]\nkind = \"recall\"\nprompt = \"front\"\nanswer = \"back\"\nself_grade = true\n"
        );
    }

    #[test]
    fn notes_become_self_graded_recall_cards() {
        let text = "#separator:tab\n#html:true\n#notetype:Basic\n#deck:UPSC\n#tags column:3\nCapital of <b>Japan</b>?\tTokyo<br><br>Since 1869.\tGeography::Asia capitals\n\"Two\tfields\"\tb\t\n";
        let (rows, errors) = read(text);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(rows[0].line, 6);
        assert_eq!(
            rows[0].card.render(),
            "[[card]]\nkind = \"recall\"\nprompt = \"Capital of Japan?\"\nanswer = \"Tokyo\"\nself_grade = true\ntags = [\"geography-asia\", \"capitals\"]\nexplanation = \"Since 1869.\"\n"
        );
        assert_eq!(rows[1].question, "Two\tfields");
    }

    #[test]
    fn bad_notes_are_located() {
        let text = "#separator:tab\n#html:false\nfront only\n\tno front\n{{c1::Tokyo}} is the capital\tx\nok\tfine\nq\t\n";
        let (rows, errors) = read(text);
        let errors: Vec<String> = errors
            .iter()
            .map(|e| format!("{}: {}", e.line, e.message))
            .collect();
        assert_eq!(
            errors,
            [
                "3: a note needs a front and a back field, found 1; separate the fields with the `#separator` (a tab)",
                "4: the front is empty; every note needs a question on its front",
                "5: cloze notes cannot be imported; export them as Basic notes, or leave them out",
                "7: the back is empty; every note needs an answer on its back",
            ]
        );
        assert_eq!(rows.len(), 1);
        assert_eq!(
            read("#separator:wave\n").1,
            [RowError::new(
                1,
                "unknown separator `wave`; use tab, comma, semicolon, space, pipe or colon"
            )]
        );
    }
}
