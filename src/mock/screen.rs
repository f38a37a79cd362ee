//! The exam screen: one question at a time under a running clock, answered with single
//! keys, with a question list to jump back to any question before submitting.
//!
//! [`ExamState`] is the screen's behaviour as a state machine: it takes keys (with the
//! time they came at) and says which answers to save and whether the test ended; it
//! renders itself to lines for a given screen size. [`Exam`] drives it on the terminal's
//! alternate screen through [`crate::ui::screen`], redrawing on a key, a tick of the clock
//! or a resize, and saving every change to the store at once, so a test cut short loses
//! nothing that was answered. The terminal is given back on every way out (return,
//! error, signal, panic).

use std::time::{Duration, Instant};

use super::{Item, Status};
use crate::answer::Confidence;
use crate::marking::Marking;
use crate::question::wording::OPTION_LETTERS;
use crate::store::Store;
use crate::ui::screen::{Event, FullScreen};
use crate::ui::{Key, Layout, Styles};

/// How a test ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    Submitted,
    /// The time ran out and the test was submitted as it stood.
    TimedOut,
    /// Stopped without scoring; the answers stay in the history.
    Abandoned,
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
    ScrollUp,
    ScrollDown,
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
        Key::Enter | Key::Right | Key::PageDown => Action::Next,
        Key::Left | Key::PageUp => Action::Previous,
        Key::Up => Action::ScrollUp,
        Key::Down => Action::ScrollDown,
        Key::Backspace | Key::Delete => Action::Clear,
        Key::CtrlC => Action::Stop,
        _ => Action::Nothing,
    }
}

/// What handling an input asks of the driver.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Effects {
    /// Questions whose answer, mark or time changed: save them now.
    pub save: Vec<usize>,
    /// The test is over.
    pub end: Option<Ending>,
}

/// A test being taken: the questions, where the learner is, and what is on screen.
#[derive(Debug, Clone)]
pub struct ExamState {
    pub items: Vec<Item>,
    pub marking: Marking,
    current: usize,
    view: View,
    /// When the shown question was put on screen (time since the test began).
    shown_since: Duration,
    /// Lines of the question scrolled off the top (a long question on a small screen).
    scroll: usize,
}

impl ExamState {
    /// The test at its start, on the first question (marked visited).
    pub fn new(items: Vec<Item>, marking: Marking) -> (ExamState, Effects) {
        let mut state = ExamState {
            items,
            marking,
            current: 0,
            view: View::Question,
            shown_since: Duration::ZERO,
            scroll: 0,
        };
        let mut effects = Effects::default();
        state.visit(0, &mut effects);
        (state, effects)
    }

    /// The question shown (0-based).
    pub fn current(&self) -> usize {
        self.current
    }

    /// The time ran out at `at`: the shown question's time is counted and the test ends.
    pub fn time_up(&mut self, at: Duration) -> Effects {
        let mut effects = Effects::default();
        self.spend(at, &mut effects);
        effects.end = Some(Ending::TimedOut);
        effects
    }

    /// Handles one key pressed at `at` (time since the test began).
    pub fn key(&mut self, key: Key, at: Duration) -> Effects {
        let mut effects = Effects::default();
        match self.view.clone() {
            View::Question => {
                let options = self.items.get(self.current).map_or(0, |i| i.options.len());
                let current = self.current;
                match action(&key, options) {
                    Action::Choose(i) => {
                        self.change(current, &mut effects, |item| item.chosen = Some(i))
                    }
                    Action::Confidence(c) => {
                        self.change(current, &mut effects, |item| item.confidence = Some(c));
                    }
                    Action::Clear => self.change(current, &mut effects, |item| {
                        item.chosen = None;
                        item.confidence = None;
                    }),
                    Action::ToggleMark => {
                        self.change(current, &mut effects, |item| item.marked = !item.marked);
                    }
                    Action::Next if current + 1 >= self.items.len() => {
                        // Past the last question: the list, to review before submitting.
                        self.spend(at, &mut effects);
                        self.view = View::List(String::new());
                    }
                    Action::Next => self.go_to(current + 1, at, &mut effects),
                    Action::Previous => self.go_to(current.saturating_sub(1), at, &mut effects),
                    Action::ScrollUp => self.scroll = self.scroll.saturating_sub(1),
                    Action::ScrollDown => self.scroll += 1,
                    Action::List => {
                        self.spend(at, &mut effects);
                        self.view = View::List(String::new());
                    }
                    Action::Submit => {
                        self.spend(at, &mut effects);
                        self.view = View::ConfirmSubmit;
                    }
                    Action::Stop => {
                        self.spend(at, &mut effects);
                        self.view = View::ConfirmStop;
                    }
                    Action::Nothing => {}
                }
            }
            View::List(mut typed) => match key {
                Key::Char(c) if c.is_ascii_digit() && typed.len() < 4 => {
                    typed.push(c);
                    self.view = View::List(typed);
                }
                Key::Backspace => {
                    typed.pop();
                    self.view = View::List(typed);
                }
                Key::Enter => {
                    let target = typed
                        .parse::<usize>()
                        .ok()
                        .filter(|n| (1..=self.items.len()).contains(n));
                    if let Some(number) = target {
                        self.back_to_question(at);
                        self.go_to(number - 1, at, &mut effects);
                    } else if typed.is_empty() {
                        self.back_to_question(at);
                    } else {
                        self.view = View::List(String::new());
                    }
                }
                Key::Char('s') | Key::Char('S') => self.view = View::ConfirmSubmit,
                Key::CtrlC => self.view = View::ConfirmStop,
                Key::Escape | Key::Char('q') => self.back_to_question(at),
                _ => {}
            },
            View::ConfirmSubmit => match key {
                Key::Char('y') | Key::Char('Y') => effects.end = Some(Ending::Submitted),
                Key::CtrlC => self.view = View::ConfirmStop,
                _ => self.back_to_question(at),
            },
            View::ConfirmStop => match key {
                Key::Char('s') | Key::Char('S') => effects.end = Some(Ending::Submitted),
                Key::Char('a') | Key::Char('A') => effects.end = Some(Ending::Abandoned),
                // Another Ctrl-C is not an answer: only `s` or `a` ends the test.
                Key::CtrlC => {}
                _ => self.back_to_question(at),
            },
        }
        effects
    }

    fn back_to_question(&mut self, at: Duration) {
        self.shown_since = at;
        self.view = View::Question;
    }

    fn change(&mut self, position: usize, effects: &mut Effects, edit: impl FnOnce(&mut Item)) {
        if let Some(item) = self.items.get_mut(position) {
            edit(item);
            if !effects.save.contains(&position) {
                effects.save.push(position);
            }
        }
    }

    fn visit(&mut self, position: usize, effects: &mut Effects) {
        if self.items.get(position).is_some_and(|i| !i.visited) {
            self.change(position, effects, |item| item.visited = true);
        }
    }

    /// Adds the time spent on the shown question to it.
    fn spend(&mut self, at: Duration, effects: &mut Effects) {
        if self.view == View::Question {
            let seconds = at.saturating_sub(self.shown_since).as_secs_f64();
            let current = self.current;
            self.change(current, effects, |item| item.seconds += seconds);
        }
        self.shown_since = at;
    }

    fn go_to(&mut self, next: usize, at: Duration, effects: &mut Effects) {
        self.spend(at, effects);
        self.current = next.min(self.items.len().saturating_sub(1));
        self.scroll = 0;
        self.visit(self.current, effects);
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

    /// The screen for `columns` × `rows` with `left` on the clock: a header that always
    /// stays (question number, clock, counts), the body wrapped to the width and scrolled
    /// when it does not fit, and the status and keys at the foot.
    pub fn render(
        &self,
        columns: usize,
        rows: usize,
        left: Duration,
        styles: &Styles,
    ) -> Vec<String> {
        let layout = Layout::wrapped(columns.max(20));
        let secs = left.as_secs();
        let clock = format!("{:02}:{:02}:{:02}", secs / 3600, secs / 60 % 60, secs % 60);
        let (answered, skipped, unseen, marked) = self.counts();
        let total = self.items.len();
        let mut header = layout.paragraph(
            &format!(
                "Mock test · question {} of {total} · time left {clock}",
                self.current + 1
            ),
            "",
            "",
        );
        header.extend(
            layout
                .paragraph(
                    &format!(
                        "Answered {answered} · skipped {skipped} · not visited {unseen} · marked {marked} · {}",
                        self.marking.describe()
                    ),
                    "",
                    "",
                )
                .into_iter()
                .map(|l| styles.dim.apply_to(l).to_string()),
        );
        header.push(String::new());
        let mut body = Vec::new();
        let mut footer = Vec::new();
        match &self.view {
            View::Question => {
                let Some(item) = self.items.get(self.current) else {
                    return header;
                };
                body.extend(
                    layout
                        .block(&item.question)
                        .into_iter()
                        .map(|l| styles.bold.apply_to(l).to_string()),
                );
                body.push(String::new());
                for (i, option) in item.options.iter().enumerate() {
                    let letter = OPTION_LETTERS.get(i).copied().unwrap_or("");
                    if item.chosen == Some(i) {
                        let first = format!("> {letter} ");
                        let rest = " ".repeat(console::measure_text_width(&first));
                        let mut lines = layout.paragraph(option, &first, &rest);
                        if let Some(last) = lines.last_mut() {
                            last.push_str("  <- your answer");
                        }
                        body.extend(
                            lines
                                .into_iter()
                                .map(|l| styles.chosen.apply_to(l).to_string()),
                        );
                    } else {
                        let first = format!("  {letter} ");
                        let rest = " ".repeat(console::measure_text_width(&first));
                        body.extend(layout.paragraph(option, &first, &rest));
                    }
                }
                let mut state = match item.chosen {
                    Some(i) => format!("Answered {}", OPTION_LETTERS.get(i).copied().unwrap_or("")),
                    None => "Not answered".to_string(),
                };
                if let Some(c) = item.confidence {
                    state.push_str(&format!(" · {}", c.as_str()));
                }
                if item.marked {
                    state.push_str(" · marked for review");
                }
                footer.push(String::new());
                footer.extend(layout.paragraph(&state, "", ""));
                let last = char::from(
                    b'a' + u8::try_from(item.options.len().saturating_sub(1)).unwrap_or(0),
                );
                footer.extend(
                    layout
                        .paragraph(
                            &format!("a–{last} answer · 1 sure 2 50-50 3 guess · x clear · m mark · Enter next · p back · l list · s submit"),
                            "",
                            "",
                        )
                        .into_iter()
                        .map(|l| styles.dim.apply_to(l).to_string()),
                );
            }
            View::List(typed) => {
                body.push(styles.bold.apply_to("Question list").to_string());
                // As many columns of questions as fit the width.
                let per_row = (columns / 17).clamp(1, 5);
                let mut row = String::new();
                for (i, item) in self.items.iter().enumerate() {
                    let word = match item.status() {
                        Status::Answered => "answered",
                        Status::Skipped => "skipped",
                        Status::NotVisited => "-",
                    };
                    let mark = if item.marked { "*" } else { " " };
                    row.push_str(&format!("{:>3} {word:<9}{mark}  ", i + 1));
                    if (i + 1) % per_row == 0 {
                        body.push(row.trim_end().to_string());
                        row.clear();
                    }
                }
                if !row.is_empty() {
                    body.push(row.trim_end().to_string());
                }
                body.push(styles.dim.apply_to("* marked for review").to_string());
                footer.push(String::new());
                footer.push(format!("Go to question: {typed}_"));
                footer.extend(
                    layout
                        .paragraph("type its number, Enter to go · Esc back · s submit", "", "")
                        .into_iter()
                        .map(|l| styles.dim.apply_to(l).to_string()),
                );
            }
            View::ConfirmSubmit => {
                body.push(styles.bold.apply_to("Submit the test now?").to_string());
                body.extend(layout.paragraph(
                    &format!(
                        "{answered} answered, {} unanswered, {marked} marked for review.",
                        skipped + unseen
                    ),
                    "",
                    "",
                ));
                body.extend(layout.paragraph(
                    "y: submit · any other key: back to the test",
                    "",
                    "",
                ));
            }
            View::ConfirmStop => {
                body.push(styles.bold.apply_to("Stop the test?").to_string());
                body.extend(layout.paragraph(
                    &format!("{answered} answered so far; every answer is saved."),
                    "",
                    "",
                ));
                body.extend(layout.paragraph(
                    "s: submit and see the score · a: abandon (not scored, kept in the history) · any other key: back to the test",
                    "",
                    "",
                ));
            }
        }
        // The header and foot stay; the body scrolls between them when it does not fit.
        let room = rows.saturating_sub(header.len() + footer.len()).max(3);
        let mut lines = header;
        if body.len() > room {
            let window = room - 1;
            let top = self.scroll.min(body.len() - window);
            lines.extend(body[top..top + window].iter().cloned());
            let more = match (top > 0, top + window < body.len()) {
                (true, true) => "(more above and below: ↑ ↓)",
                (true, false) => "(more above: ↑)",
                _ => "(more below: ↓)",
            };
            lines.push(styles.dim.apply_to(more).to_string());
        } else {
            lines.extend(body);
        }
        lines.extend(footer);
        lines
    }
}

/// A test being taken on the terminal.
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
        use std::io::IsTerminal;
        if !std::io::stdin().is_terminal() {
            anyhow::bail!("a mock test needs an interactive terminal");
        }
        let styles = Styles::new(self.colour);
        let (mut state, effects) = ExamState::new(std::mem::take(&mut self.items), self.marking);
        let result = (|| -> anyhow::Result<Ending> {
            self.apply(&state, &effects)?;
            let mut screen = FullScreen::enter()?;
            let started = Instant::now();
            let mut redraw = true;
            loop {
                let at = started.elapsed();
                let left = self.limit.saturating_sub(at);
                if left.is_zero() {
                    let effects = state.time_up(at);
                    self.apply(&state, &effects)?;
                    return Ok(Ending::TimedOut);
                }
                if redraw {
                    let (columns, rows) = screen.size();
                    screen.draw(&state.render(
                        usize::from(columns),
                        usize::from(rows),
                        left,
                        &styles,
                    ))?;
                }
                // Wake at the next whole second, so the clock on screen keeps moving.
                let tick = Duration::from_millis(u64::from(left.subsec_millis()) + 1);
                redraw = true;
                match screen.next_event(tick.min(left))? {
                    None | Some(Event::Resize(..)) => {}
                    Some(Event::Key(key)) => {
                        let effects = state.key(key, started.elapsed());
                        self.apply(&state, &effects)?;
                        if let Some(ending) = effects.end {
                            return Ok(ending);
                        }
                    }
                }
            }
        })();
        self.items = state.items;
        result
    }

    /// Saves what changed, at once.
    fn apply(&mut self, state: &ExamState, effects: &Effects) -> anyhow::Result<()> {
        for &position in &effects.save {
            if let Some(item) = state.items.get(position) {
                self.store.save_mock_answer(self.test_id, position, item)?;
            }
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
        assert_eq!(action(&Key::Left, 4), Action::Previous);
        assert_eq!(action(&Key::Char('m'), 4), Action::ToggleMark);
        assert_eq!(action(&Key::Char('s'), 4), Action::Submit);
        assert_eq!(action(&Key::CtrlC, 4), Action::Stop);
    }
}
