//! The terminal, and nothing else: keys, prompts, wrapping, colour, safe text, signals,
//! and the full-screen mode of the exam screen. Everything interactive above it (the
//! review session, the exam screen, the scorecard walk-through) talks to the learner
//! through this module, so each of those is a state machine that tests drive with
//! scripted keys ([`ScriptConsole`]) instead of a pseudo-terminal.

mod console;
mod keys;
pub mod list;
pub mod pager;
pub mod prompt;
pub mod screen;
pub mod signals;
mod style;
pub mod table;
pub mod when;
mod wrap;

pub use console::{Console, ScriptConsole, Scripted, TermConsole};
pub use keys::Key;
pub use style::{Styles, colour_wanted};
pub use table::{Column, Table, stdout_width};
pub use wrap::{Layout, READING_WIDTH, safe, wrap_options};

/// Why an interaction ended without an answer.
#[derive(Debug)]
pub enum Stop {
    /// Esc, `q` or Ctrl-C: the learner stops; everything answered is kept (in a form,
    /// nothing is written).
    Quit,
    /// The terminal failed.
    Io(std::io::Error),
}

impl From<std::io::Error> for Stop {
    fn from(error: std::io::Error) -> Stop {
        if error.kind() == std::io::ErrorKind::Interrupted {
            Stop::Quit
        } else {
            Stop::Io(error)
        }
    }
}

/// Fails with exit status 2, saying what to run instead, when there is no terminal to
/// ask questions on.
pub fn require_terminal(command: &str, instead: &str) -> anyhow::Result<()> {
    use std::io::IsTerminal;
    if std::io::stdin().is_terminal() && std::io::stdout().is_terminal() {
        Ok(())
    } else {
        Err(crate::error::UsageError(format!(
            "{command} needs an interactive terminal; {instead}"
        ))
        .into())
    }
}

/// The answer to a question as shown after it is answered: the answer in bold, its notes
/// (which statement is false and why) indented, then the explanation as a paragraph.
pub fn explained(
    layout: Layout,
    styles: &Styles,
    answer: &str,
    notes: &[String],
    explanation: Option<&str>,
) -> Vec<String> {
    let mut lines: Vec<String> = layout
        .paragraph(answer, "Answer: ", "        ")
        .into_iter()
        .map(|l| styles.bold.apply_to(l).to_string())
        .collect();
    for note in notes {
        lines.extend(layout.paragraph(note, "  ", "    "));
    }
    if let Some(explanation) = explanation {
        lines.push(String::new());
        let joined = explanation.split_whitespace().collect::<Vec<_>>().join(" ");
        lines.extend(layout.paragraph(&joined, "", ""));
    }
    lines
}
