//! A paper as one self-contained HTML page to print: inline CSS for A4 pages, each
//! question kept whole on a page (`break-inside: avoid`), tables as tables, an OMR-style
//! answer grid at the end (one row per question, a bubble per option), and with the key
//! the answer key on a page of its own. Every piece of deck text is escaped.

use std::fmt::Write as _;

use super::layout::{self, Block};
use super::{OPTION_LETTERS, Paper, TITLE};

const STYLE: &str = r#"
@page { size: A4; margin: 16mm 15mm 18mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font-family: "Times New Roman", Times, "Noto Serif", serif; font-size: 11.5pt;
  line-height: 1.4; color: #000; background: #fff; margin: 0 auto; max-width: 180mm;
  padding: 8mm 0; }
@media print { body { padding: 0; max-width: none; } }
h1 { font-size: 16pt; margin: 0 0 1mm; }
h2 { font-size: 13pt; margin: 0 0 4mm; }
.about { margin: 0 0 6mm; }
.question { display: flex; gap: 2.5mm; margin: 0 0 5mm; break-inside: avoid;
  page-break-inside: avoid; }
.question > .number { flex: 0 0 9mm; font-weight: bold; }
.question > .body { flex: 1; min-width: 0; }
.body p { margin: 0 0 2mm; }
ol.items, ol.options { list-style: none; margin: 0 0 2mm; padding: 0; }
ol.items { padding-left: 4mm; }
ol.items li, ol.options li { display: flex; gap: 1.5mm; }
ol.items .label { flex: 0 0 auto; min-width: 7mm; }
ol.options .label { flex: 0 0 7mm; }
table.columns { border-collapse: collapse; margin: 0 0 2mm 4mm; }
table.columns th, table.columns td { text-align: left; vertical-align: top;
  padding: 0.6mm 6mm 0.6mm 0; }
table.columns th { font-weight: bold; }
.sheet { break-before: page; page-break-before: always; }
.fill { margin: 0 0 6mm; }
.fill .blank { display: inline-block; width: 26mm; border-bottom: 0.3mm solid #000;
  margin: 0 4mm 0 1mm; }
.grid { column-gap: 8mm; }
.row { display: flex; align-items: center; gap: 2mm; margin: 0 0 1.6mm;
  break-inside: avoid; page-break-inside: avoid; }
.row .number { flex: 0 0 9mm; text-align: right; font-weight: bold; font-size: 10pt; }
.bubble { display: inline-flex; align-items: center; justify-content: center;
  width: 6mm; height: 6mm; border: 0.3mm solid #000; border-radius: 50%;
  font-family: Arial, Helvetica, sans-serif; font-size: 7.5pt; }
.key { break-before: page; page-break-before: always; }
.key ol { list-style: none; padding: 0; margin: 0; columns: 5; }
.key li { break-inside: avoid; }
"#;

fn escape(text: &str) -> String {
    html_escape::encode_text(text).into_owned()
}

/// Lines of deck text in one paragraph, each escaped, joined by line breaks.
fn paragraph(lines: &[String]) -> String {
    let lines: Vec<String> = lines.iter().map(|l| escape(l)).collect();
    format!("<p>{}</p>\n", lines.join("<br>\n"))
}

fn block(out: &mut String, block: &Block) {
    match block {
        Block::Lines(lines) => out.push_str(&paragraph(lines)),
        Block::Items(items) => {
            out.push_str("<ol class=\"items\">\n");
            for (label, text) in items {
                let _ = writeln!(
                    out,
                    "<li><span class=\"label\">{}</span><span>{}</span></li>",
                    escape(label),
                    escape(text)
                );
            }
            out.push_str("</ol>\n");
        }
        Block::Table { headings, rows } => {
            out.push_str("<table class=\"columns\">\n<thead><tr><th></th>");
            for heading in headings {
                let _ = write!(out, "<th>{}</th>", escape(heading));
            }
            out.push_str("</tr></thead>\n<tbody>\n");
            for (label, cells) in rows {
                let _ = write!(out, "<tr><td>{}</td>", escape(label));
                for cell in cells {
                    let _ = write!(out, "<td>{}</td>", escape(cell));
                }
                out.push_str("</tr>\n");
            }
            out.push_str("</tbody>\n</table>\n");
        }
    }
}

fn question(out: &mut String, number: usize, q: &super::Question) {
    let _ = writeln!(
        out,
        "<section class=\"question\" id=\"q{number}\">\n<div class=\"number\">{number}.</div>\n<div class=\"body\">"
    );
    for part in layout::blocks(&q.text) {
        block(out, &part);
    }
    out.push_str("<ol class=\"options\">\n");
    for (letter, option) in OPTION_LETTERS.iter().zip(&q.options) {
        let _ = writeln!(
            out,
            "<li><span class=\"label\">{letter}</span><span>{}</span></li>",
            escape(option)
        );
    }
    out.push_str("</ol>\n</div>\n</section>\n");
}

/// Rows in a column of the answer grid.
const ROWS_A_COLUMN: usize = 25;

/// The answer grid: a row per question, with a bubble per option letter (four, or more
/// when a question of the paper has more options).
fn grid(out: &mut String, paper: &Paper) {
    let bubbles = paper
        .questions
        .iter()
        .map(|q| q.options.len())
        .max()
        .unwrap_or(4)
        .clamp(4, OPTION_LETTERS.len());
    out.push_str("<section class=\"sheet\">\n<h2>Answer sheet</h2>\n<p class=\"fill\">Name <span class=\"blank\"></span> Date <span class=\"blank\"></span> Time taken <span class=\"blank\"></span> Marks <span class=\"blank\"></span></p>\n");
    // Up to 25 rows a column, as on an OMR sheet; up to four columns on the page.
    let columns = paper.questions.len().div_ceil(ROWS_A_COLUMN).clamp(1, 4);
    let _ = writeln!(out, "<div class=\"grid\" style=\"columns: {columns}\">");
    for number in 1..=paper.questions.len() {
        let _ = write!(
            out,
            "<div class=\"row\"><span class=\"number\">{number}</span>"
        );
        for letter in &OPTION_LETTERS[..bubbles] {
            let _ = write!(
                out,
                "<span class=\"bubble\">{}</span>",
                letter.trim_matches(['(', ')'])
            );
        }
        out.push_str("</div>\n");
    }
    out.push_str("</div>\n</section>\n");
}

pub fn render(paper: &Paper, key: bool) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{TITLE}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<header>\n<h1>{TITLE}</h1>\n<p class=\"about\">{}</p>\n</header>\n<main>\n",
        escape(&paper.about())
    );
    for (i, q) in paper.questions.iter().enumerate() {
        question(&mut out, i + 1, q);
    }
    out.push_str("</main>\n");
    grid(&mut out, paper);
    if key {
        out.push_str("<section class=\"key\">\n<h2>Answer key</h2>\n<ol>\n");
        for i in 0..paper.questions.len() {
            let _ = writeln!(out, "<li>{}. {}</li>", i + 1, paper.answer(i));
        }
        out.push_str("</ol>\n</section>\n");
    }
    out.push_str("</body>\n</html>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::super::tests::sample;
    use super::*;

    #[test]
    fn deck_text_is_escaped_and_tables_are_tables() {
        let html = render(&sample(), false);
        assert!(html.starts_with("<!DOCTYPE html>\n"));
        assert!(html.contains("Which of these is &lt;b&gt;bold&lt;/b&gt; &amp; 1 &lt; 2?"));
        assert!(!html.contains("<b>"));
        assert!(
            html.contains("<thead><tr><th></th><th>River</th><th>Flows into</th></tr></thead>")
        );
        assert!(html.contains("<tr><td>II.</td><td>Mahanadi</td><td>Arabian Sea</td></tr>"));
        assert_eq!(html.matches("<section class=\"question\"").count(), 2);
        assert!(!html.contains("Answer key"));
        assert!(html.ends_with("</html>\n"));
    }

    #[test]
    fn the_grid_has_a_row_per_question_and_a_bubble_per_option() {
        let mut paper = sample();
        let html = render(&paper, true);
        assert_eq!(html.matches("<div class=\"row\">").count(), 2);
        assert_eq!(html.matches("<span class=\"bubble\">").count(), 8);
        assert!(html.contains("<span class=\"number\">2</span><span class=\"bubble\">a</span><span class=\"bubble\">b</span><span class=\"bubble\">c</span><span class=\"bubble\">d</span></div>"));
        assert!(html.contains("<li>1. (b)</li>\n<li>2. (d)</li>"));
        // A question with five options widens every row.
        paper.questions[1].options.push("F".into());
        let html = render(&paper, false);
        assert_eq!(html.matches("<span class=\"bubble\">").count(), 10);
    }
}
