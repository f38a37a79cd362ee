//! The form's prompts (`upsc add`): a line of text checked as it is typed, a choice from a
//! list, and lines said in between, behind the [`Prompter`] seam — dialoguer's line input
//! and [`super::list`] on the terminal ([`Terminal`]), a script in the tests.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use console::Term;
use dialoguer::Input;
use dialoguer::theme::ColorfulTheme;

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
        // Not dialoguer's list: it counts the lines to redraw by the items' bytes, and
        // cannot know that a resize re-flowed them (ghost lines, or lines above wiped).
        super::list::pick(prompt, items, default)
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
