//! The exam screen: one question at a time under a running clock, answered with single
//! keys, with a question list to jump back to any question before submitting.
//!
//! The screen holds the terminal in raw input mode for the whole test (output processing
//! stays on) so it can wait for a key and tick the clock at the same time; a guard puts
//! the terminal back however the screen ends. Every change to an answer is saved to the
//! store at once, so a test cut short loses nothing that was answered.

use std::io::{self, IsTerminal};
use std::os::fd::AsFd;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use console::{Key, Style, Term};
use nix::poll::{PollFd, PollFlags, PollTimeout, poll};
use nix::sys::termios::{SetArg, Termios, cfmakeraw, tcgetattr, tcsetattr};

use super::{Item, Status};
use crate::answer::Confidence;
use crate::marking::Marking;
use crate::question::wording::OPTION_LETTERS;
use crate::store::Store;

/// How a test ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    Submitted,
    /// The time ran out and the test was submitted as it stood.
    TimedOut,
    /// Stopped without scoring; the answers stay in the history.
    Abandoned,
}

impl Ending {
    /// The status stored for the test.
    pub fn as_str(self) -> &'static str {
        match self {
            Ending::Submitted => "submitted",
            Ending::TimedOut => "timed-out",
            Ending::Abandoned => "abandoned",
        }
    }
}

/// Puts standard input in raw mode (output processing kept) until dropped.
struct RawInput {
    original: Termios,
}

impl RawInput {
    fn enter() -> io::Result<RawInput> {
        let stdin = io::stdin();
        let original = tcgetattr(stdin.as_fd())?;
        let mut raw = original.clone();
        cfmakeraw(&mut raw);
        // Keep newline translation on output, so ordinary printing still works.
        raw.output_flags = original.output_flags;
        tcsetattr(stdin.as_fd(), SetArg::TCSADRAIN, &raw)?;
        Ok(RawInput { original })
    }
}

impl Drop for RawInput {
    fn drop(&mut self) {
        let _ = tcsetattr(io::stdin().as_fd(), SetArg::TCSADRAIN, &self.original);
    }
}

/// Waits up to `wait` for a key.
fn next_key(term: &Term, wait: Duration) -> io::Result<Option<Key>> {
    let stdin = io::stdin();
    let millis = u16::try_from(wait.as_millis()).unwrap_or(u16::MAX);
    let mut fds = [PollFd::new(stdin.as_fd(), PollFlags::POLLIN)];
    match poll(&mut fds, PollTimeout::from(millis)) {
        Ok(0) => Ok(None),
        Ok(_) => term.read_key_raw().map(Some),
        // A signal (SIGINT from outside, a resize) wakes the wait; the caller looks again.
        Err(nix::errno::Errno::EINTR) => Ok(None),
        Err(errno) => Err(io::Error::from(errno)),
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum View {
    Question,
    /// The question list, with the number typed so far.
    List(String),
    ConfirmSubmit,
    /// After Ctrl-C: submit, abandon, or go back.
    ConfirmStop,
}

/// What a key asks for, on the question view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Action {
    Choose(usize),
    Confidence(Confidence),
    Clear,
    ToggleMark,
    Next,
    Previous,
    List,
    Submit,
    Stop,
    Nothing,
}

fn action(key: &Key, options: usize) -> Action {
    match key {
        Key::Char(c) => {
            let lower = c.to_ascii_lowercase();
            if let Some(i) = ('a'..='z').position(|l| l == lower)
                && i < options
            {
                return Action::Choose(i);
            }
            match lower {
                '1' => Action::Confidence(Confidence::Sure),
                '2' => Action::Confidence(Confidence::FiftyFifty),
                '3' => Action::Confidence(Confidence::Guess),
                'x' => Action::Clear,
                'm' => Action::ToggleMark,
                'n' | ' ' => Action::Next,
                'p' => Action::Previous,
                'l' => Action::List,
                's' => Action::Submit,
                _ => Action::Nothing,
            }
        }
        Key::Enter | Key::ArrowRight | Key::PageDown => Action::Next,
        Key::ArrowLeft | Key::PageUp => Action::Previous,
        Key::Backspace | Key::Del => Action::Clear,
        Key::CtrlC => Action::Stop,
        _ => Action::Nothing,
    }
}

/// A test being taken.
pub struct Exam<'a> {
    pub items: Vec<Item>,
    pub marking: Marking,
    pub limit: Duration,
    pub store: &'a mut Store,
    pub test_id: i64,
    pub colour: bool,
}

impl Exam<'_> {
    /// Runs the test until it is submitted, abandoned or the time runs out.
    pub fn run(&mut self) -> anyhow::Result<Ending> {
        let term = Term::stdout();
        if !io::stdin().is_terminal() {
            anyhow::bail!("a mock test needs an interactive terminal");
        }
        let interrupted = crate::session::interrupted_flag();
        let raw = RawInput::enter()?;
        let _ = term.hide_cursor();
        let result = self.run_screen(&term, &interrupted);
        let _ = term.clear_screen();
        let _ = term.show_cursor();
        drop(raw);
        result
    }

    fn run_screen(
        &mut self,
        term: &Term,
        interrupted: &std::sync::atomic::AtomicBool,
    ) -> anyhow::Result<Ending> {
        let deadline = Instant::now() + self.limit;
        let mut current = 0;
        let mut view = View::Question;
        let mut shown_since = Instant::now();
        self.visit(current)?;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                self.spend(current, &mut shown_since, &view)?;
                return Ok(Ending::TimedOut);
            }
            if interrupted.swap(false, Ordering::SeqCst) && view != View::ConfirmStop {
                view = View::ConfirmStop;
            }
            self.draw(term, current, &view, left)?;
            // Wake at the next whole second, so the clock on screen keeps moving.
            let tick = Duration::from_millis(u64::from(left.subsec_millis()) + 1);
            let Some(key) = next_key(term, tick.min(left))? else {
                continue;
            };
            match view.clone() {
                View::Question => {
                    let options = self.items.get(current).map_or(0, |i| i.options.len());
                    match action(&key, options) {
                        Action::Choose(i) => self.change(current, |item| item.chosen = Some(i))?,
                        Action::Confidence(c) => {
                            self.change(current, |item| item.confidence = Some(c))?;
                        }
                        Action::Clear => self.change(current, |item| {
                            item.chosen = None;
                            item.confidence = None;
                        })?,
                        Action::ToggleMark => {
                            self.change(current, |item| item.marked = !item.marked)?
                        }
                        Action::Next if current + 1 >= self.items.len() => {
                            // Past the last question: the list, to review before submitting.
                            self.spend(current, &mut shown_since, &view)?;
                            view = View::List(String::new());
                        }
                        Action::Next => {
                            let next = current + 1;
                            self.go_to(&mut current, next, &mut shown_since, &view)?;
                        }
                        Action::Previous => {
                            let back = current.saturating_sub(1);
                            self.go_to(&mut current, back, &mut shown_since, &view)?;
                        }
                        Action::List => {
                            self.spend(current, &mut shown_since, &view)?;
                            view = View::List(String::new());
                        }
                        Action::Submit => {
                            self.spend(current, &mut shown_since, &view)?;
                            view = View::ConfirmSubmit;
                        }
                        Action::Stop => {
                            self.spend(current, &mut shown_since, &view)?;
                            view = View::ConfirmStop;
                        }
                        Action::Nothing => {}
                    }
                }
                View::List(mut typed) => match key {
                    Key::Char(c) if c.is_ascii_digit() && typed.len() < 4 => {
                        typed.push(c);
                        view = View::List(typed);
                    }
                    Key::Backspace => {
                        typed.pop();
                        view = View::List(typed);
                    }
                    Key::Enter => {
                        let target = typed
                            .parse::<usize>()
                            .ok()
                            .filter(|n| (1..=self.items.len()).contains(n));
                        if let Some(number) = target {
                            shown_since = Instant::now();
                            view = View::Question;
                            self.go_to(
                                &mut current,
                                number - 1,
                                &mut shown_since,
                                &View::List(String::new()),
                            )?;
                        } else if typed.is_empty() {
                            shown_since = Instant::now();
                            view = View::Question;
                        } else {
                            view = View::List(String::new());
                        }
                    }
                    Key::Char('s') | Key::Char('S') => view = View::ConfirmSubmit,
                    Key::CtrlC => view = View::ConfirmStop,
                    Key::Escape | Key::Char('q') => {
                        shown_since = Instant::now();
                        view = View::Question;
                    }
                    _ => {}
                },
                View::ConfirmSubmit => match key {
                    Key::Char('y') | Key::Char('Y') => return Ok(Ending::Submitted),
                    Key::CtrlC => view = View::ConfirmStop,
                    _ => {
                        shown_since = Instant::now();
                        view = View::Question;
                    }
                },
                View::ConfirmStop => match key {
                    Key::Char('s') | Key::Char('S') => return Ok(Ending::Submitted),
                    Key::Char('a') | Key::Char('A') => return Ok(Ending::Abandoned),
                    // Another Ctrl-C is not an answer: only `s` or `a` ends the test.
                    Key::CtrlC => {}
                    _ => {
                        shown_since = Instant::now();
                        view = View::Question;
                    }
                },
            }
        }
    }

    /// Applies a change to a question and saves it at once.
    fn change(&mut self, position: usize, edit: impl FnOnce(&mut Item)) -> anyhow::Result<()> {
        if let Some(item) = self.items.get_mut(position) {
            edit(item);
            self.store.save_mock_answer(self.test_id, position, item)?;
        }
        Ok(())
    }

    fn visit(&mut self, position: usize) -> anyhow::Result<()> {
        if self.items.get(position).is_some_and(|i| !i.visited) {
            self.change(position, |item| item.visited = true)?;
        }
        Ok(())
    }

    /// Adds the time spent on the shown question to it.
    fn spend(&mut self, position: usize, since: &mut Instant, view: &View) -> anyhow::Result<()> {
        if *view == View::Question {
            let seconds = since.elapsed().as_secs_f64();
            self.change(position, |item| item.seconds += seconds)?;
        }
        *since = Instant::now();
        Ok(())
    }

    fn go_to(
        &mut self,
        current: &mut usize,
        next: usize,
        since: &mut Instant,
        view: &View,
    ) -> anyhow::Result<()> {
        self.spend(*current, since, view)?;
        *current = next;
        self.visit(next)
    }

    fn counts(&self) -> (usize, usize, usize, usize) {
        let mut answered = 0;
        let mut skipped = 0;
        let mut unseen = 0;
        for item in &self.items {
            match item.status() {
                Status::Answered => answered += 1,
                Status::Skipped => skipped += 1,
                Status::NotVisited => unseen += 1,
            }
        }
        let marked = self.items.iter().filter(|i| i.marked).count();
        (answered, skipped, unseen, marked)
    }

    fn draw(&self, term: &Term, current: usize, view: &View, left: Duration) -> io::Result<()> {
        let bold = Style::new().bold().force_styling(self.colour);
        let dim = Style::new().dim().force_styling(self.colour);
        let chosen_style = Style::new().cyan().bold().force_styling(self.colour);
        let secs = left.as_secs();
        let clock = format!("{:02}:{:02}:{:02}", secs / 3600, secs / 60 % 60, secs % 60);
        let (answered, skipped, unseen, marked) = self.counts();
        let total = self.items.len();
        let mut lines = vec![
            format!(
                "Mock test · question {} of {total} · time left {clock}",
                current + 1
            ),
            dim.apply_to(format!(
                "Answered {answered} · skipped {skipped} · not visited {unseen} · marked {marked} · {}",
                self.marking.describe()
            ))
            .to_string(),
            String::new(),
        ];
        match view {
            View::Question => {
                let Some(item) = self.items.get(current) else {
                    return Ok(());
                };
                lines.push(bold.apply_to(&item.question).to_string());
                lines.push(String::new());
                for (i, option) in item.options.iter().enumerate() {
                    let letter = OPTION_LETTERS.get(i).copied().unwrap_or("");
                    if item.chosen == Some(i) {
                        lines.push(
                            chosen_style
                                .apply_to(format!("> {letter} {option}   <- your answer"))
                                .to_string(),
                        );
                    } else {
                        lines.push(format!("  {letter} {option}"));
                    }
                }
                lines.push(String::new());
                let mut state = match item.chosen_text() {
                    Some(_) => format!(
                        "Answered {}",
                        OPTION_LETTERS
                            .get(item.chosen.unwrap_or(0))
                            .copied()
                            .unwrap_or("")
                    ),
                    None => "Not answered".to_string(),
                };
                if let Some(c) = item.confidence {
                    state.push_str(&format!(" · {}", c.as_str()));
                }
                if item.marked {
                    state.push_str(" · marked for review");
                }
                lines.push(state);
                let last = (b'a' + u8::try_from(item.options.len().saturating_sub(1)).unwrap_or(0))
                    as char;
                lines.push(dim.apply_to(format!(
                    "a–{last} answer · 1 sure 2 50-50 3 guess · x clear · m mark · Enter next · p back · l list · s submit"
                )).to_string());
            }
            View::List(typed) => {
                lines.push(bold.apply_to("Question list").to_string());
                let mut row = String::new();
                for (i, item) in self.items.iter().enumerate() {
                    let word = match item.status() {
                        Status::Answered => "answered",
                        Status::Skipped => "skipped",
                        Status::NotVisited => "-",
                    };
                    let mark = if item.marked { "*" } else { " " };
                    row.push_str(&format!("{:>3} {word:<9}{mark}  ", i + 1));
                    if (i + 1) % 5 == 0 {
                        lines.push(row.trim_end().to_string());
                        row.clear();
                    }
                }
                if !row.is_empty() {
                    lines.push(row.trim_end().to_string());
                }
                lines.push(dim.apply_to("* marked for review").to_string());
                lines.push(String::new());
                lines.push(format!(
                    "Go to question: {typed}_   {}",
                    dim.apply_to("type its number, Enter to go · Esc back · s submit")
                ));
            }
            View::ConfirmSubmit => {
                lines.push(bold.apply_to("Submit the test now?").to_string());
                lines.push(format!(
                    "{answered} answered, {} unanswered, {marked} marked for review.",
                    skipped + unseen
                ));
                lines.push("y: submit · any other key: back to the test".to_string());
            }
            View::ConfirmStop => {
                lines.push(bold.apply_to("Stop the test?").to_string());
                lines.push(format!(
                    "{answered} answered so far; every answer is saved."
                ));
                lines.push("s: submit and see the score · a: abandon (not scored, kept in the history) · any other key: back to the test".to_string());
            }
        }
        term.clear_screen()?;
        for line in lines {
            term.write_line(&line)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_map_to_actions_within_the_options_shown() {
        assert_eq!(action(&Key::Char('b'), 4), Action::Choose(1));
        assert_eq!(action(&Key::Char('D'), 4), Action::Choose(3));
        // A letter past the last option is not an answer.
        assert_eq!(action(&Key::Char('d'), 3), Action::Nothing);
        assert_eq!(
            action(&Key::Char('2'), 4),
            Action::Confidence(Confidence::FiftyFifty)
        );
        assert_eq!(action(&Key::Enter, 4), Action::Next);
        assert_eq!(action(&Key::ArrowLeft, 4), Action::Previous);
        assert_eq!(action(&Key::Char('m'), 4), Action::ToggleMark);
        assert_eq!(action(&Key::Char('s'), 4), Action::Submit);
        assert_eq!(action(&Key::CtrlC, 4), Action::Stop);
    }
}
