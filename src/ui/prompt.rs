//! The form's prompts (`upsc add`): a line of text checked as it is typed, a choice from a
//! list, and lines said in between, behind the [`Prompter`] seam — dialoguer on the
//! terminal ([`Terminal`]), a script in the tests.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use console::Term;
use dialoguer::theme::ColorfulTheme;
use dialoguer::{Input, Select};

use super::Stop;

impl From<dialoguer::Error> for Stop {
    fn from(error: dialoguer::Error) -> Stop {
        let dialoguer::Error::IO(error) = error;
        error.into()
    }
}

/// A text check: `Err(message)` keeps the prompt open with the message shown.
pub type Check<'c> = &'c dyn Fn(&str) -> Result<(), String>;

/// How the form asks its questions.
pub trait Prompter {
    /// A line of text; `initial` is pre-filled and may be edited.
    fn text(
        &mut self,
        prompt: &str,
        initial: &str,
        allow_empty: bool,
        check: Check,
    ) -> Result<String, Stop>;
    /// One item of a list, by index.
    fn select(&mut self, prompt: &str, items: &[String], default: usize) -> Result<usize, Stop>;
    /// Shows some lines.
    fn say(&mut self, text: &str);
}

/// The real terminal, through dialoguer.
pub struct Terminal {
    term: Term,
    theme: ColorfulTheme,
    /// Set by Ctrl-C outside a prompt (inside one, the prompt itself reports it).
    interrupted: Arc<AtomicBool>,
    /// Input held raw between prompts, so keys typed ahead are kept for the next one.
    _input: crate::ui::screen::LineInput,
}

impl Terminal {
    pub fn new() -> Terminal {
        // console raises SIGINT when it reads Ctrl-C; with a handler installed the process
        // lives on and the prompt returns `Interrupted`, so the form can say it stopped.
        let interrupted = crate::ui::signals::interrupt_flag();
        Terminal {
            term: Term::stdout(),
            theme: ColorfulTheme::default(),
            interrupted,
            _input: crate::ui::screen::LineInput::hold(),
        }
    }

    fn check_interrupt(&self) -> Result<(), Stop> {
        if self.interrupted.swap(false, Ordering::SeqCst) {
            Err(Stop::Quit)
        } else {
            Ok(())
        }
    }
}

impl Default for Terminal {
    fn default() -> Self {
        Terminal::new()
    }
}

impl Drop for Terminal {
    fn drop(&mut self) {
        // dialoguer hides the cursor while a list is up; always give it back.
        let _ = self.term.show_cursor();
    }
}

/// `text` cut so that it is at most `bytes` long, ending in `…` when cut; its display
/// width is then at most `bytes` too.
fn within_bytes(text: &str, bytes: usize) -> String {
    if text.len() <= bytes {
        return text.to_string();
    }
    let budget = bytes.saturating_sub('…'.len_utf8());
    let mut end = 0;
    for (at, c) in text.char_indices() {
        if at + c.len_utf8() > budget {
            break;
        }
        end = at + c.len_utf8();
    }
    format!("{}…", text[..end].trim_end())
}

#[cfg(test)]
mod tests {
    #[test]
    fn list_items_are_cut_to_the_bytes_dialoguer_counts() {
        let item = "statements — \"Consider the following statements … Which is/are correct?\"";
        let cut = super::within_bytes(item, 37);
        assert!(cut.len() <= 37, "{cut}");
        assert!(cut.starts_with("statements — \"Consider"), "{cut}");
        assert!(cut.ends_with('…'));
        assert_eq!(super::within_bytes("mcq", 37), "mcq");
    }
}

impl Prompter for Terminal {
    fn text(
        &mut self,
        prompt: &str,
        initial: &str,
        allow_empty: bool,
        check: Check,
    ) -> Result<String, Stop> {
        self.check_interrupt()?;
        let value: String = Input::with_theme(&self.theme)
            .with_prompt(prompt)
            .with_initial_text(initial)
            .allow_empty(allow_empty)
            .validate_with(|value: &String| check(value))
            .interact_text_on(&self.term)?;
        Ok(value)
    }

    fn select(&mut self, prompt: &str, items: &[String], default: usize) -> Result<usize, Stop> {
        self.check_interrupt()?;
        // Each item on one line of the terminal: dialoguer redraws the list by counting
        // lines up, and counts an item's wrapped lines by its length in bytes (so "—"
        // counts three): an item within the width in bytes is never miscounted, and no
        // line is left behind or wiped out above the list.
        let (_, columns) = self.term.size();
        let room = usize::from(columns).saturating_sub(3).max(10);
        let items: Vec<String> = items.iter().map(|item| within_bytes(item, room)).collect();
        let prompt = within_bytes(prompt, room);
        Select::with_theme(&self.theme)
            .with_prompt(prompt)
            .items(&items)
            .default(default.min(items.len().saturating_sub(1)))
            .interact_on_opt(&self.term)?
            .ok_or(Stop::Quit)
    }

    fn say(&mut self, text: &str) {
        // Wrapped at word boundaries to the terminal, so the terminal breaks no word.
        let (_, columns) = self.term.size();
        let layout = crate::ui::Layout {
            width: Some(usize::from(columns).max(20)),
        };
        for line in layout.paragraph(text, "", "") {
            let _ = self.term.write_line(&line);
        }
    }
}
