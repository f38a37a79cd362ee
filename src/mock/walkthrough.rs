//! After a test, or reopening one (`upsc test --review N`): the questions shown again —
//! the wrong ones, the unanswered ones or all of them, as the learner chooses — each
//! with the answer given, the right one, its notes and the explanation, one at a time,
//! wrapped to the screen.

use super::Item;
use crate::question::wording::OPTION_LETTERS;
use crate::session::wait_enter;
use crate::text::{Count, plural};
use crate::ui::{Console, Key, Layout, Stop, Styles};

/// Which questions to go through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which {
    Wrong,
    Unanswered,
    All,
}

impl Which {
    fn holds(self, item: &Item) -> bool {
        match self {
            Which::Wrong => item.is_wrong(),
            Which::Unanswered => item.chosen.is_none(),
            Which::All => true,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Which::Wrong => "wrong",
            Which::Unanswered => "unanswered",
            Which::All => "all",
        }
    }
}

/// Asks which questions to go through (w wrong, u unanswered, a all; Enter the first of
/// those that has any), goes through them, and asks again until `q` or Esc.
pub fn walk(console: &mut dyn Console, items: &[Item], styles: &Styles) -> Result<(), Stop> {
    if items.is_empty() {
        return Ok(());
    }
    let count = |which: Which| items.iter().filter(|i| which.holds(i)).count();
    let (wrong, unanswered, all) = (
        count(Which::Wrong),
        count(Which::Unanswered),
        count(Which::All),
    );
    loop {
        console.line("")?;
        say(
            console,
            &format!(
                "Go through the questions: w wrong ({wrong}) · u unanswered ({unanswered}) · a all ({all}) · q finish"
            ),
        )?;
        let which = loop {
            let key = match console.key() {
                Ok(key) => key,
                Err(stop) => return finish(console, wrong, stop),
            };
            match key {
                Key::Char('w') => break Which::Wrong,
                Key::Char('u') => break Which::Unanswered,
                Key::Char('a') => break Which::All,
                Key::Enter if wrong > 0 => break Which::Wrong,
                Key::Enter if unanswered > 0 => break Which::Unanswered,
                Key::Enter => break Which::All,
                Key::Escape | Key::Char('q') | Key::CtrlC => {
                    return finish(console, wrong, Stop::Quit);
                }
                _ => {}
            }
        };
        if let Err(stop) = go_through(console, items, which, styles) {
            return finish(console, wrong, stop);
        }
    }
}

/// The questions of one choice, one at a time; Enter goes on, `q` or Esc back to the
/// choice (an error: the caller finishes).
fn go_through(
    console: &mut dyn Console,
    items: &[Item],
    which: Which,
    styles: &Styles,
) -> Result<(), Stop> {
    let chosen: Vec<(usize, &Item)> = items
        .iter()
        .enumerate()
        .filter(|(_, i)| which.holds(i))
        .collect();
    if chosen.is_empty() {
        console.line("")?;
        say(console, &format!("No {} questions.", which.name()))?;
        return Ok(());
    }
    for (n, (position, item)) in chosen.iter().enumerate() {
        let heading = match which {
            Which::All => format!("Question {} of {}", position + 1, items.len()),
            _ => format!(
                "Question {} ({} of {} {})",
                position + 1,
                n + 1,
                chosen.len(),
                which.name()
            ),
        };
        console.line("")?;
        for line in question_lines(console.layout(), styles, &heading, item) {
            console.line(&line)?;
        }
        if n + 1 < chosen.len() {
            console.line("")?;
            console.line(&styles.dim.apply_to("Enter: next · q: back").to_string())?;
            match wait_enter(console) {
                Ok(()) => {}
                Err(Stop::Quit) => return Ok(()),
                Err(other) => return Err(other),
            }
        }
    }
    Ok(())
}

/// A question as gone through: its heading in bold, the question, its options with the
/// learner's marked, what the learner did, and the right answer explained.
pub fn question_lines(layout: Layout, styles: &Styles, heading: &str, item: &Item) -> Vec<String> {
    let verdict = match item.chosen {
        None if item.visited => "skipped",
        None => "not reached",
        Some(_) if item.is_right() => "right",
        Some(_) => "wrong",
    };
    let mut lines: Vec<String> = layout
        .paragraph(&format!("{heading} · {verdict}"), "", "  ")
        .into_iter()
        .map(|l| styles.bold.apply_to(l).to_string())
        .collect();
    lines.extend(layout.block(&item.question));
    for (i, option) in item.options.iter().enumerate() {
        let first = format!("  {} ", OPTION_LETTERS.get(i).copied().unwrap_or(""));
        let rest = " ".repeat(console::measure_text_width(&first));
        let mark = if item.chosen == Some(i) {
            "  <- your answer"
        } else {
            ""
        };
        lines.extend(layout.paragraph(&format!("{option}{mark}"), &first, &rest));
    }
    lines.push(String::new());
    match item.chosen_text() {
        Some(chosen) => {
            let mut given = chosen;
            if item.marked {
                given.push_str(" (marked for review)");
            }
            lines.extend(layout.paragraph(&given, "You answered ", "  "));
        }
        None => lines.extend(layout.paragraph(
            if item.marked {
                "No answer (marked for review)."
            } else {
                "No answer."
            },
            "",
            "",
        )),
    }
    lines.extend(crate::ui::explained(
        layout,
        styles,
        &item.answer_text,
        &item.notes,
        item.explanation.as_deref(),
    ));
    if item.explanation.is_none() {
        lines.push(
            styles
                .dim
                .apply_to("(no explanation in the deck)")
                .to_string(),
        );
    }
    lines
}

/// Every question of a test, as text (`upsc test --review N` when not on a terminal).
pub fn all_text(items: &[Item], layout: Layout, styles: &Styles) -> String {
    let mut text = String::new();
    for (n, item) in items.iter().enumerate() {
        text.push('\n');
        let heading = format!("Question {} of {}", n + 1, items.len());
        for line in question_lines(layout, styles, &heading, item) {
            text.push_str(&line);
            text.push('\n');
        }
    }
    text
}

/// Leaving the walk-through: a word on the mistake book when there were wrong answers.
fn finish(console: &mut dyn Console, wrong: usize, stop: Stop) -> Result<(), Stop> {
    match stop {
        Stop::Quit => {
            if wrong > 0 {
                console.line("")?;
                say(
                    console,
                    &format!(
                        "The {} {} in your mistake book: `upsc quiz --mistakes` for another round.",
                        plural(wrong, "wrong answer"),
                        Count::new(wrong, "wrong answer", "wrong answers").agree("is", "are")
                    ),
                )?;
            }
            Ok(())
        }
        other => Err(other),
    }
}

/// One paragraph, wrapped to the console.
fn say(console: &mut dyn Console, text: &str) -> Result<(), Stop> {
    for line in console.layout().paragraph(text, "", "") {
        console.line(&line)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::{ScriptConsole, Scripted};

    fn item(chosen: Option<usize>) -> Item {
        Item {
            deck: "d".into(),
            card: "c".into(),
            kind: crate::deck::Kind::Mcq,
            fingerprint: 1,
            tags: Vec::new(),
            question: "Which city hosted the fifteenth annual summit between the two prime ministers in 2025?".into(),
            options: vec!["Tokyo".into(), "Osaka".into()],
            correct: 0,
            answer_text: "(a) Tokyo".into(),
            notes: Vec::new(),
            explanation: Some("The summit was held in Tokyo, and the prime ministers also travelled to Sendai.".into()),
            chosen,
            confidence: None,
            marked: false,
            visited: true,
            seconds: 3.0,
        }
    }

    fn run(items: &[Item], keys: &[Key]) -> ScriptConsole {
        let mut console = ScriptConsole::new(Some(40), keys.iter().cloned().map(Scripted::Key));
        walk(&mut console, items, &Styles::new(false))
            .map_err(|_| "stopped")
            .ok();
        console
    }

    #[test]
    fn wrong_answers_are_shown_wrapped_and_q_goes_back_then_finishes() {
        let items = [item(Some(1)), item(Some(0)), item(Some(1)), item(None)];
        let console = run(&items, &[Key::Enter, Key::Char('q'), Key::Char('q')]);
        let screen = console.screen();
        for choice in ["w wrong (2)", "u unanswered (1)", "a all (4)"] {
            assert!(screen.contains(choice), "{screen}");
        }
        assert!(
            screen.contains("Question 1 (1 of 2 wrong) · wrong"),
            "{screen}"
        );
        assert!(
            !screen.contains("Question 3"),
            "q went back after the first: {screen}"
        );
        assert!(
            console
                .shown
                .iter()
                .all(|l| console::measure_text_width(l) <= 40),
            "{screen}"
        );
        assert!(screen.contains("You answered (b) Osaka"), "{screen}");
        let joined = console.shown.join(" ");
        assert!(
            joined.contains("The 2 wrong answers are in your mistake book"),
            "{screen}"
        );
        assert_eq!(console.keys_left(), 0);
    }

    #[test]
    fn unanswered_and_all_are_gone_through_with_their_explanations() {
        let items = [item(Some(1)), item(Some(0)), item(None)];
        let console = run(
            &items,
            &[
                Key::Char('u'),
                Key::Char('a'),
                Key::Enter,
                Key::Enter,
                Key::Escape,
            ],
        );
        let screen = console.screen();
        assert!(
            screen.contains("Question 3 (1 of 1 unanswered) · skipped"),
            "{screen}"
        );
        assert!(screen.contains("No answer."), "{screen}");
        for n in 1..=3 {
            assert!(screen.contains(&format!("Question {n} of 3 ·")), "{screen}");
        }
        assert!(screen.contains("Question 2 of 3 · right"), "{screen}");
        // Every question shown came with the explanation: four times over.
        assert_eq!(screen.matches("travelled to").count(), 4, "{screen}");
        assert_eq!(console.keys_left(), 0);
    }
}
