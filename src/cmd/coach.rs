//! `upsc coach`: the learner's calibration in mock tests, the attempt policy that gives
//! the best chance of clearing the cutoff, and what would sharpen it (docs/coach.md).

use std::fmt::Write as _;

use serde::Serialize;

use crate::coach::{self, Chance, Coaching, Narrow, Planned, Report, TagRow};
use crate::config::Config;
use crate::error::Exit;
use crate::output;
use crate::ui::Layout;

#[derive(Serialize)]
struct Json<'a> {
    ready: bool,
    cutoffs: &'a [f64],
    cutoffs_from: &'a str,
    answered: u64,
    declared: u64,
    /// Of `declared`, quiz answers declared before the verdict.
    from_quiz: u64,
    blank: u64,
    cells: &'a [Planned],
    tags: &'a [TagRow],
    policy: Policy<'a>,
    attempt_all: Chance,
    sure_only: Chance,
    narrow: Option<&'a Narrow>,
}

#[derive(Serialize)]
struct Policy<'a> {
    #[serde(flatten)]
    chance: Chance,
    words: &'a str,
}

#[derive(Serialize)]
struct NotYet<'a> {
    ready: bool,
    cutoffs: &'a [f64],
    cutoffs_from: &'a str,
    answered: u64,
    declared: u64,
    needed: u64,
    message: String,
}

pub fn run(config: &Config, json: bool) -> anyhow::Result<Exit> {
    let (cutoffs, from) = super::cutoffs(config)?;
    let store = super::open_store(config)?;
    let coaching = coach::coach(store.calibration_records()?, &cutoffs);
    let report = match coaching {
        Coaching::TooFew { declared, answered } => {
            let message = too_few(declared, answered);
            if json {
                output::print_json(&NotYet {
                    ready: false,
                    cutoffs: &cutoffs,
                    cutoffs_from: from,
                    answered,
                    declared,
                    needed: coach::NEEDED,
                    message,
                })?;
            } else {
                let text: Vec<String> = Layout::for_stdout().paragraph(&message, "", "");
                output::print(&format!("{}\n", text.join("\n")))?;
            }
            return Ok(Exit::Ok);
        }
        Coaching::Ready(report) => report,
    };
    let words = report.policy_words();
    if json {
        output::print_json(&Json {
            ready: true,
            cutoffs: &report.cutoffs,
            cutoffs_from: from,
            answered: report.calibration.answered,
            declared: report.calibration.declared,
            from_quiz: report.calibration.quiz,
            blank: report.calibration.blank,
            cells: &report.cells,
            tags: &report.calibration.tags,
            policy: Policy {
                chance: report.policy,
                words: &words,
            },
            attempt_all: report.attempt_all,
            sure_only: report.sure_only,
            narrow: report.narrow.as_ref(),
        })?;
        return Ok(Exit::Ok);
    }
    output::print(&text(&report, from, Layout::for_stdout()))?;
    Ok(Exit::Ok)
}

/// What the coach says with too few declared answers.
pub fn too_few(declared: u64, answered: u64) -> String {
    format!(
        "The coach needs at least {} answers tagged sure, 50-50 or guess before their verdict; you have {declared} (of {answered} answered). Take a mock test with `upsc test`, tagging each answer 1 (sure), 2 (50-50) or 3 (guess) as you give it; in `upsc quiz`, the same keys may be pressed before answering a pick-one question.",
        coach::NEEDED
    )
}

fn percent(p: f64) -> String {
    format!("{:.0}%", 100.0 * p)
}

fn cell_name(planned: &Planned) -> String {
    format!(
        "{} · {}",
        planned.cell.confidence.as_str(),
        planned.cell.kind.as_str()
    )
}

/// The report as printed: a table (or, narrower than 60 columns, two lines a cell), the
/// policy in words, the three chances and what would sharpen them.
pub fn text(report: &Report, from: &str, layout: Layout) -> String {
    let mut out = String::new();
    let para = |out: &mut String, text: &str, first: &str, rest: &str| {
        for line in layout.paragraph(text, first, rest) {
            let _ = writeln!(out, "{line}");
        }
    };
    let c = &report.calibration;
    let counted = if c.quiz > 0 {
        format!(
            "Calibration from your mock tests and quizzes: {} answered ({} tagged, {} of them in quizzes before the verdict; the paper's mix is the tests'), {} left blank.",
            c.answered, c.declared, c.quiz, c.blank
        )
    } else {
        format!(
            "Calibration from your mock tests: {} answered ({} tagged), {} left blank.",
            c.answered, c.declared, c.blank
        )
    };
    para(&mut out, &counted, "", "");
    let wide = layout.width.is_none_or(|w| w >= 60);
    if wide {
        let _ = writeln!(
            out,
            "  {:<20}{:>6}{:>6}{:>6}  {:<9}{:>4}  attempt",
            "cell", "ans.", "right", "acc.", "80% int.", "Qs"
        );
    }
    for planned in &report.cells {
        let e = &planned.cell.estimate;
        let interval = format!("{:.0}–{:.0}", 100.0 * e.low, 100.0 * e.high);
        let attempt = if planned.attempt { "yes" } else { "no" };
        if wide {
            let _ = writeln!(
                out,
                "  {:<20}{:>6}{:>6}{:>6}  {:<9}{:>4}  {attempt}",
                cell_name(planned),
                planned.cell.answered,
                planned.cell.right,
                percent(e.accuracy),
                interval,
                planned.questions
            );
        } else {
            let _ = writeln!(out, "  {}: attempt {attempt}", cell_name(planned));
            let _ = writeln!(
                out,
                "    {}/{} right, {} ({interval}), {} Qs",
                planned.cell.right,
                planned.cell.answered,
                percent(e.accuracy),
                planned.questions
            );
        }
    }
    para(
        &mut out,
        "Blank: questions you left blank, taken as blind guesses (1 in 4). Accuracy: the figure the model uses, your own answers over 5 answers' worth of your figure at that confidence.",
        "  ",
        "  ",
    );
    if !c.tags.is_empty() {
        let _ = writeln!(out);
        para(
            &mut out,
            "By subject (tags with 30 or more answers):",
            "",
            "",
        );
        for tag in &c.tags {
            let levels: Vec<String> = tag
                .cells
                .iter()
                .map(|t| {
                    format!(
                        "{} {} of {}",
                        t.confidence.as_str(),
                        percent(t.estimate.accuracy),
                        t.answered
                    )
                })
                .collect();
            para(
                &mut out,
                &format!(
                    "{}: {} of {} right; {}",
                    crate::ui::safe(&tag.tag),
                    tag.right,
                    tag.answered,
                    levels.join(", ")
                ),
                "  ",
                "    ",
            );
        }
    }
    let _ = writeln!(out);
    let list: Vec<String> = report.cutoffs.iter().map(|c| format!("{c:.2}")).collect();
    let source = if from == "settings" {
        "from exam.cutoff"
    } else {
        "the general-category cutoffs of 2018–2025"
    };
    para(
        &mut out,
        &format!(
            "On a paper of 100 questions in your mix, against {} ({source}), each equally likely:",
            list.join(", ")
        ),
        "",
        "",
    );
    let mut words = report.policy_words();
    if let Some(first) = words.get(..1) {
        words = first.to_uppercase() + &words[1..];
    }
    para(&mut out, &format!("{words}."), "  ", "  ");
    let _ = writeln!(out);
    let _ = writeln!(out, "  {:<16}{:>9}{:>10}", "", "clearing", "expected");
    for (name, chance) in [
        ("this policy", report.policy),
        ("attempt all", report.attempt_all),
        ("sure only", report.sure_only),
    ] {
        let _ = writeln!(
            out,
            "  {name:<16}{:>9}{:>10.1}",
            format!("{:.1}%", 100.0 * chance.p_clear),
            chance.expected_score
        );
    }
    let _ = writeln!(out);
    let narrow = match &report.narrow {
        None => "No interval in the table is wide enough to change the advice: more tests will sharpen the figures, not the policy.".to_string(),
        Some(n) => {
            let cell = format!("{} · {}", n.confidence.as_str(), n.kind.as_str());
            let range = format!("{:.0}–{:.0}%", 100.0 * n.low, 100.0 * n.high);
            match (n.more_answers, n.more_mock_answers) {
                (Some(more), Some(mock)) => format!(
                    "The widest interval that could change the advice is {cell} ({range}): about {more} more answers there would settle it, about {mock} more mock-test questions at your present mix."
                ),
                _ => format!(
                    "The widest interval that could change the advice is {cell} ({range}): its figure sits so near the point where the advice turns that no number of answers up to a million settles it; either choice costs little."
                ),
            }
        }
    };
    para(&mut out, &narrow, "", "");
    para(
        &mut out,
        "A model, not a promise: real questions are not independent, and your decks cover only part of the syllabus (docs/coach.md).",
        "",
        "",
    );
    out
}
