//! After a test: each wrong answer shown again with the right one, its notes and the
//! explanation, one at a time, wrapped to the screen.

use super::Item;
use crate::question::wording::OPTION_LETTERS;
use crate::session::wait_enter;
use crate::ui::{Console, Stop, Styles};

/// Walks through the wrong answers; Enter goes on, `q` or Esc finishes.
pub fn wrong_answers(
    console: &mut dyn Console,
    items: &[Item],
    styles: &Styles,
) -> Result<(), Stop> {
    let wrong: Vec<(usize, &Item)> = items
        .iter()
        .enumerate()
        .filter(|(_, i)| i.is_wrong())
        .collect();
    if wrong.is_empty() {
        return Ok(());
    }
    console.line("")?;
    say(
        console,
        &format!(
            "{} wrong answer{} to go through. Enter: start · q: finish",
            wrong.len(),
            if wrong.len() == 1 { "" } else { "s" }
        ),
    )?;
    if let Err(stop) = wait_enter(console) {
        return quit_quietly(stop);
    }
    for (n, (position, item)) in wrong.iter().enumerate() {
        let layout = console.layout();
        let mut lines = vec![
            String::new(),
            styles
                .bold
                .apply_to(format!(
                    "Question {} ({} of {} wrong)",
                    position + 1,
                    n + 1,
                    wrong.len()
                ))
                .to_string(),
        ];
        lines.extend(layout.block(&item.question));
        for (i, option) in item.options.iter().enumerate() {
            let first = format!("  {} ", OPTION_LETTERS.get(i).copied().unwrap_or(""));
            let rest = " ".repeat(console::measure_text_width(&first));
            lines.extend(layout.paragraph(option, &first, &rest));
        }
        lines.push(String::new());
        lines.extend(layout.paragraph(
            &item.chosen_text().unwrap_or_default(),
            "You answered ",
            "  ",
        ));
        lines.extend(crate::ui::explained(
            layout,
            styles,
            &item.answer_text,
            &item.notes,
            item.explanation.as_deref(),
        ));
        for line in &lines {
            console.line(line)?;
        }
        if n + 1 < wrong.len() {
            console.line("")?;
            console.line(&styles.dim.apply_to("Enter: next · q: finish").to_string())?;
            if let Err(stop) = wait_enter(console) {
                return quit_quietly(stop);
            }
        }
    }
    console.line("")?;
    say(
        console,
        "These are in your mistake book: `upsc quiz --mistakes` for another round.",
    )?;
    Ok(())
}

/// One paragraph, wrapped to the console.
fn say(console: &mut dyn Console, text: &str) -> Result<(), Stop> {
    for line in console.layout().paragraph(text, "", "") {
        console.line(&line)?;
    }
    Ok(())
}

/// Finishing early is not an error.
fn quit_quietly(stop: Stop) -> Result<(), Stop> {
    match stop {
        Stop::Quit => Ok(()),
        other => Err(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::{Key, ScriptConsole, Scripted};

    fn item(chosen: usize) -> Item {
        Item {
            deck: "d".into(),
            card: "c".into(),
            kind: "mcq".into(),
            fingerprint: 1,
            tags: Vec::new(),
            question: "Which city hosted the fifteenth annual summit between the two prime ministers in 2025?".into(),
            options: vec!["Tokyo".into(), "Osaka".into()],
            correct: 0,
            answer_text: "(a) Tokyo".into(),
            notes: Vec::new(),
            explanation: Some("The summit was held in Tokyo, and the prime ministers also travelled to Sendai.".into()),
            chosen: Some(chosen),
            confidence: None,
            marked: false,
            visited: true,
            seconds: 3.0,
        }
    }

    #[test]
    fn wrong_answers_are_shown_wrapped_and_q_finishes() {
        let items = [item(1), item(0), item(1)];
        let mut console = ScriptConsole::new(
            Some(40),
            [Scripted::Key(Key::Enter), Scripted::Key(Key::Char('q'))],
        );
        wrong_answers(&mut console, &items, &Styles::new(false))
            .map_err(|_| "stopped")
            .ok();
        let screen = console.screen();
        assert!(screen.contains("2 wrong answers to go through"), "{screen}");
        assert!(screen.contains("Question 1 (1 of 2 wrong)"), "{screen}");
        assert!(
            !screen.contains("Question 3"),
            "q finished after the first: {screen}"
        );
        assert!(
            console
                .shown
                .iter()
                .all(|l| console::measure_text_width(l) <= 40),
            "{screen}"
        );
        assert!(screen.contains("You answered (b) Osaka"), "{screen}");
        assert_eq!(console.keys_left(), 0);
    }
}
