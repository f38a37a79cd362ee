//! The scorecard printed after a test and by `upsc test --review`: the headline figures,
//! the questions marked for review, the topics (the syllabus papers' or the largest) and
//! what confidence did to the score, laid out for the terminal's width. Each part is a
//! function of its own, so a new line slots in between them.

use std::fmt::Write as _;

use console::Style;

use super::{Breakdown, Scorecard};
use crate::text::plural;
use crate::ui::{Column, Layout, Table};

/// The scorecard, `width` columns wide (`None`: piped, a line per figure).
pub fn text(card: &Scorecard, bold: &Style, width: Option<usize>) -> String {
    let layout = Layout { width };
    let mut text = String::new();
    let say = |text: &mut String, line: &str| {
        for l in layout.paragraph(line, "  ", "    ") {
            let _ = writeln!(text, "{l}");
        }
    };
    let _ = writeln!(text);
    let _ = writeln!(text, "{}", bold.apply_to("Scorecard"));
    say(&mut text, &card.marking.describe());
    say(
        &mut text,
        &format!(
            "Questions {}   attempted {}   right {}   wrong {}   unanswered {}",
            card.questions, card.attempted, card.right, card.wrong, card.unanswered
        ),
    );
    let share = if card.maximum.sixths() > 0 {
        format!(
            " ({:.1}%)",
            100.0 * card.score.sixths() as f64 / card.maximum.sixths() as f64
        )
    } else {
        String::new()
    };
    // The headline in bold; wrapped as plain text first, so no style is cut.
    let headline = format!(
        "Accuracy {}   net score {} out of {}{share}",
        percent(card.accuracy),
        card.score,
        card.maximum
    );
    for l in layout.paragraph(&headline, "  ", "    ") {
        let _ = writeln!(text, "{}", bold.apply_to(l));
    }
    say(&mut text, &marked_line(&card.marked_for_review));
    say(
        &mut text,
        &format!(
            "Time {}{}",
            duration(card.seconds),
            card.seconds_per_question
                .map(|s| format!(", {} a question", duration(s)))
                .unwrap_or_default()
        ),
    );
    topics(&mut text, card, bold, width);
    confidence(&mut text, card, bold, width);
    text
}

/// "Marked for review: 3 — 1 right, 1 wrong, net 1.33".
pub fn marked_line(marked: &Breakdown) -> String {
    if marked.questions == 0 {
        return "Marked for review: none".to_string();
    }
    format!(
        "Marked for review: {} — {} right, {} wrong, {} unanswered, net {}",
        marked.questions,
        marked.right,
        marked.wrong,
        marked.questions - marked.attempted,
        marked.score
    )
}

fn topics(text: &mut String, card: &Scorecard, bold: &Style, width: Option<usize>) {
    let shown = card.topics_shown();
    if shown.is_empty() {
        return;
    }
    let _ = writeln!(text);
    let mut table = Table::new(vec![
        Column::left("By topic").own_line(10),
        Column::right("Qs"),
        Column::right("right").drop(2),
        Column::right("wrong").drop(1),
        Column::right("net"),
    ])
    .indent(2);
    for line in &shown {
        table.row([
            crate::ui::safe(&line.name).into_owned(),
            line.questions.to_string(),
            line.right.to_string(),
            line.wrong.to_string(),
            line.score.to_string(),
        ]);
    }
    push_table(text, &table, bold, width);
    if card.by_tag.len() > shown.len() {
        let which = if shown.iter().all(|b| super::is_paper_tag(&b.name)) {
            "the syllabus papers"
        } else {
            "the largest"
        };
        for l in (Layout { width }).paragraph(
            &format!(
                "({} of {}, {which})",
                shown.len(),
                plural(card.by_tag.len(), "topic")
            ),
            "  ",
            "   ",
        ) {
            let _ = writeln!(text, "{l}");
        }
    }
}

fn confidence(text: &mut String, card: &Scorecard, bold: &Style, width: Option<usize>) {
    if card.by_confidence.is_empty() {
        return;
    }
    let _ = writeln!(text);
    let mut table = Table::new(vec![
        Column::left("By confidence").shrink(8),
        Column::right("Ans"),
        Column::right("right").drop(2),
        Column::right("acc.").drop(1),
        Column::right("net"),
    ])
    .indent(2);
    for line in &card.by_confidence {
        table.row([
            line.name.clone(),
            line.attempted.to_string(),
            line.right.to_string(),
            percent(line.accuracy),
            line.score.to_string(),
        ]);
    }
    push_table(text, &table, bold, width);
    let guesses: Vec<_> = card
        .by_confidence
        .iter()
        .filter(|b| b.name == "guess" || b.name == "50-50")
        .collect();
    if !guesses.is_empty() {
        let answered: usize = guesses.iter().map(|b| b.attempted).sum();
        let right: usize = guesses.iter().map(|b| b.right).sum();
        let net: crate::marking::Marks = guesses.iter().map(|b| b.score).sum();
        let verdict = match net.sixths() {
            n if n > 0 => "guessing gained you marks",
            0 => "guessing neither gained nor cost marks",
            _ => "guessing cost you marks",
        };
        for l in (Layout { width }).paragraph(
            &format!("Guesses and 50-50s: {right} of {answered} right, net {net}: {verdict}."),
            "  ",
            "  ",
        ) {
            let _ = writeln!(text, "{l}");
        }
    }
}

fn push_table(text: &mut String, table: &Table, bold: &Style, width: Option<usize>) {
    let mut lines = table.lines(width).into_iter();
    if let Some(heading) = lines.next() {
        let _ = writeln!(text, "{}", bold.apply_to(heading));
    }
    for line in lines {
        let _ = writeln!(text, "{line}");
    }
}

fn percent(value: Option<f64>) -> String {
    value.map_or_else(|| "—".to_string(), |v| format!("{v:.0}%"))
}

/// "4 min 05 s", "35 s".
pub fn duration(seconds: f64) -> String {
    let whole = seconds.round() as u64;
    if whole >= 60 {
        format!("{} min {:02} s", whole / 60, whole % 60)
    } else {
        format!("{whole} s")
    }
}
