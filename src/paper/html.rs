//! A paper as one self-contained HTML page to print as a test booklet: a cover in the
//! Commission's layout (series, title, time allowed, maximum marks, instructions with the
//! penalty for wrong answers), the questions packed on A4 pages (each kept whole on a
//! page, `break-inside: avoid`), tables as tables, an OMR-style answer grid (one row per
//! question, a bubble per option), and with the key the answer key on a page of its own.
//! Page numbers and the running footer are printed by the page itself (CSS paged media:
//! `@page` margin boxes), so the browser's own header and footer are not needed. Every
//! piece of deck text is escaped.

use std::fmt::Write as _;

use super::booklet::{SERIES, TITLE};
use super::layout::{self, Block};
use super::{OPTION_LETTERS, Paper};

/// The pages: A4, the page number and the running footer in the bottom margin (none on
/// the cover). `{FOOTER}` is the footer's text, a CSS string.
const PAGES: &str = r#"
@page { size: A4; margin: 13mm 15mm 17mm;
  @bottom-left { content: {FOOTER}; font: 8.5pt "Times New Roman", Times, "Noto Serif", serif; }
  @bottom-right { content: "Page " counter(page) " of " counter(pages);
    font: 8.5pt "Times New Roman", Times, "Noto Serif", serif; } }
@page :first { @bottom-left { content: none; } @bottom-right { content: none; } }
"#;

const STYLE: &str = r#"
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font-family: "Times New Roman", Times, "Noto Serif", serif; font-size: 11pt;
  line-height: 1.3; color: #000; background: #fff; margin: 0 auto; max-width: 180mm;
  padding: 8mm 0; }
@media print { body { padding: 0; max-width: none; } }
h2 { font-size: 13pt; margin: 0 0 4mm; }
.cover { break-after: page; page-break-after: always; text-align: center; }
.cover .warning { font-weight: bold; font-size: 10.5pt; margin: 0 0 6mm; }
.cover .series { display: flex; justify-content: space-between; align-items: center;
  margin: 0 0 8mm; text-align: left; }
.cover .box { display: inline-block; border: 0.4mm solid #000; padding: 1mm 4mm;
  margin-left: 3mm; font-weight: bold; font-size: 14pt; }
.cover .booklet { font-size: 13pt; font-weight: bold; letter-spacing: 0.5mm; margin: 0 0 4mm; }
.cover h1 { font-size: 20pt; margin: 0 0 8mm; line-height: 1.3; }
.cover .limits { display: flex; justify-content: space-between; font-weight: bold;
  border-top: 0.3mm solid #000; border-bottom: 0.3mm solid #000; padding: 2mm 0;
  margin: 0 0 4mm; }
.cover .about { margin: 0 0 6mm; }
.cover h2 { font-size: 12pt; margin: 0 0 3mm; letter-spacing: 0.5mm; }
.cover ol.instructions { text-align: left; margin: 0 0 8mm; padding-left: 7mm;
  font-size: 10.5pt; }
.cover ol.instructions li { margin: 0 0 2mm; }
.question { display: flex; gap: 2.5mm; margin: 0 0 3.5mm; break-inside: avoid;
  page-break-inside: avoid; }
.question > .number { flex: 0 0 9mm; font-weight: bold; }
.question > .body { flex: 1; min-width: 0; }
.body p { margin: 0 0 1.2mm; }
ol.items, ol.options { list-style: none; margin: 0 0 1.2mm; padding: 0; }
ol.items { padding-left: 4mm; }
ol.items li, ol.options li { display: flex; gap: 1.5mm; }
ol.items .label { flex: 0 0 auto; min-width: 7mm; }
ol.options .label { flex: 0 0 7mm; }
table.columns { border-collapse: collapse; margin: 0 0 2mm 4mm; }
table.columns th, table.columns td { text-align: left; vertical-align: top;
  padding: 0.6mm 6mm 0.6mm 0; }
table.columns th { font-weight: bold; }
.sheet { break-before: page; page-break-before: always; }
.fill { margin: 0 0 4mm; }
.sheet .id { margin: 0 0 5mm; }
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
    let id = paper.id();
    let _ = writeln!(
        out,
        "<p class=\"id\">Paper id : <strong>{id}</strong>. To score this sheet, run <strong>upsc test --paper {id}</strong> and type the letters marked, one for each question and - for a question left blank.</p>"
    );
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

/// A CSS string holding `text` (quotes and backslashes escaped, nothing else special).
fn css_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The cover, as the Commission's: the warning, the series, the title, the time allowed
/// and maximum marks, what the paper covers, the instructions.
fn cover(out: &mut String, paper: &Paper) {
    const WARNING: &str = "DO NOT OPEN THIS TEST BOOKLET UNTIL YOU ARE TOLD TO DO SO";
    let _ = writeln!(
        out,
        "<section class=\"cover\">\n<p class=\"warning\">{WARNING}</p>\n<div class=\"series\"><span>Paper id : {}</span><span>Test Booklet Series<span class=\"box\">{SERIES}</span></span></div>\n<p class=\"booklet\">TEST BOOKLET</p>\n<h1>GENERAL STUDIES<br>Paper I</h1>\n<div class=\"limits\"><span>{}</span><span>{}</span></div>\n<p class=\"about\">{}</p>\n<h2>INSTRUCTIONS</h2>\n<ol class=\"instructions\">",
        paper.id(),
        escape(&paper.time_allowed()),
        escape(&paper.maximum_marks()),
        escape(&paper.about()),
    );
    for instruction in paper.instructions() {
        let _ = writeln!(out, "<li>{}</li>", escape(&instruction));
    }
    let _ = writeln!(out, "</ol>\n<p class=\"warning\">{WARNING}</p>\n</section>");
}

pub(super) fn render(paper: &Paper, key: bool) -> String {
    let mut out = String::new();
    let footer = css_string(&format!("{TITLE} · Paper id {}", paper.id()));
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{TITLE} · {}</title>\n<style>{}{STYLE}</style>\n</head>\n<body>\n",
        paper.id(),
        PAGES.replace("{FOOTER}", &footer),
    );
    cover(&mut out, paper);
    out.push_str("<main>\n");
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
        // The cover, before the questions.
        let cover = html.split("<main>").next().unwrap_or_default();
        for line in [
            "Test Booklet Series<span class=\"box\">A</span>",
            "<h1>GENERAL STUDIES<br>Paper I</h1>",
            "<span>Time Allowed : 3 Minutes</span><span>Maximum Marks : 4</span>",
            "<p class=\"about\">2 questions on deck sample, in the order written.</p>",
            "<li>Penalty for wrong answers : for each question answered wrongly, one-third of its marks (0.67) is taken off the total.",
        ] {
            assert!(cover.contains(line), "{line}\n--- in ---\n{cover}");
        }
        // Page numbers and footer by the page's own CSS, none on the cover.
        assert!(
            html.contains(
                "@bottom-right { content: \"Page \" counter(page) \" of \" counter(pages);"
            )
        );
        let id = sample().id().to_string();
        assert!(html.contains(&format!(
            "@bottom-left {{ content: \"GENERAL STUDIES Paper I · Paper id {id}\";"
        )));
        assert!(html.contains(
            "@page :first { @bottom-left { content: none; } @bottom-right { content: none; } }"
        ));
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
        assert!(html.contains("<section class=\"key\">"));
        let id = paper.id().to_string();
        assert!(html.contains(&format!("Paper id : <strong>{id}</strong>. To score this sheet, run <strong>upsc test --paper {id}</strong>")));
        // A question with five options widens every row.
        paper.questions[1].options.push("F".into());
        let html = render(&paper, false);
        assert_eq!(html.matches("<span class=\"bubble\">").count(), 10);
    }
}
