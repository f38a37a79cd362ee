//! Line-mode interaction: a [`Console`] writes lines and reads keys and typed answers. The
//! real one ([`TermConsole`]) is the terminal; the scripted one ([`ScriptConsole`]) plays
//! keys and answers from a list and keeps what was shown, so the review session's
//! behaviour is tested without a pseudo-terminal.

use std::collections::VecDeque;
use std::io::Write as _;

use super::{Key, Layout, Stop};

/// Where an interactive session writes and reads.
pub trait Console {
    /// How text is laid out here (the terminal's width, or plain).
    fn layout(&self) -> Layout;
    /// Writes one line (already styled and wrapped).
    fn line(&mut self, text: &str) -> Result<(), Stop>;
    /// Waits for one key.
    fn key(&mut self) -> Result<Key, Stop>;
    /// Replaces the whole screen with `lines` (each already fitted to the width: none is
    /// ever wrapped by the terminal), with the cursor at (row, column) when given, else
    /// hidden. A console that paints takes the alternate screen for as long as it lives.
    fn paint(&mut self, lines: &[String], cursor: Option<(usize, usize)>) -> Result<(), Stop>;
    /// How many rows the screen has, when that is known.
    fn rows(&self) -> Option<usize>;
    /// Drops keys typed before now and not yet read: a key pressed before a question was
    /// on screen must not answer it.
    fn discard_typeahead(&mut self) -> Result<(), Stop>;
    /// Ctrl-Z: gives the terminal back and stops the program as the shell's job control
    /// expects; returns once it is continued (`fg`), with the terminal taken again. The
    /// caller paints its screen again.
    fn suspend(&mut self) -> Result<(), Stop>;
}

/// The terminal, held in raw mode for as long as the console lives: keys typed ahead
/// (or pasted) are never echoed or lost between prompts, and Ctrl-C arrives as a key.
/// Output is written with explicit carriage returns, as raw mode needs.
pub struct TermConsole {
    out: std::io::Stdout,
    layout: Layout,
    /// Whether the alternate screen is taken (by the first [`Console::paint`]).
    painting: bool,
}

impl TermConsole {
    /// Takes the terminal; it is given back when the console is dropped (and by the
    /// signal and panic handlers of [`super::signals`] should the program end first).
    pub fn stdout() -> Result<TermConsole, Stop> {
        super::signals::install();
        let layout = Layout::for_stdout();
        crossterm::terminal::enable_raw_mode()?;
        super::screen::note_raw(true);
        Ok(TermConsole {
            out: std::io::stdout(),
            layout,
            painting: false,
        })
    }

    fn leave_screen(&mut self) {
        if self.painting {
            self.painting = false;
            let _ = crossterm::execute!(self.out, crossterm::terminal::LeaveAlternateScreen);
            super::screen::note_alternate(false);
        }
    }
}

impl Drop for TermConsole {
    fn drop(&mut self) {
        self.leave_screen();
        let _ = crossterm::execute!(self.out, crossterm::cursor::Show);
        let _ = crossterm::terminal::disable_raw_mode();
        super::screen::note_raw(false);
    }
}

impl Console for TermConsole {
    fn layout(&self) -> Layout {
        // Read again each time: the window may have been resized since.
        match self.layout.width {
            Some(_) => Layout::for_stdout(),
            None => self.layout,
        }
    }

    fn line(&mut self, text: &str) -> Result<(), Stop> {
        let text = text.replace('\n', "\r\n");
        write!(self.out, "{text}\r\n")?;
        Ok(self.out.flush()?)
    }

    fn key(&mut self) -> Result<Key, Stop> {
        use crossterm::event::{Event, read};
        loop {
            match read()? {
                // Raw mode reads a line feed as Ctrl-J: `from_crossterm` makes it Enter.
                Event::Key(event) => {
                    if let Some(key) = Key::from_crossterm(&event) {
                        return Ok(key);
                    }
                }
                Event::Resize(..) => return Ok(Key::Resize),
                _ => {}
            }
        }
    }

    fn paint(&mut self, lines: &[String], cursor: Option<(usize, usize)>) -> Result<(), Stop> {
        use crossterm::terminal::{Clear, ClearType};
        use crossterm::{cursor as c, queue};
        if !self.painting {
            crossterm::execute!(self.out, crossterm::terminal::EnterAlternateScreen)?;
            super::screen::note_alternate(true);
            self.painting = true;
        }
        let at = |n: usize| u16::try_from(n).unwrap_or(u16::MAX);
        queue!(self.out, c::Hide)?;
        // Each row cleared before it is written, rows joined by a line break (the screen
        // is fitted to the rows, so the last one ends without one and nothing scrolls),
        // nothing written past a row's end: the terminal never wraps what is painted, and
        // a shorter screen leaves no ghost lines.
        // Below the rows to paint, cleared first, from the start of a row (clearing from
        // the end of a full-width row would take its last character): once the last row
        // is written, the screen is whole.
        if self.rows().is_none_or(|rows| lines.len() < rows) {
            queue!(
                self.out,
                c::MoveTo(0, at(lines.len())),
                Clear(ClearType::FromCursorDown)
            )?;
        }
        queue!(self.out, c::MoveTo(0, 0))?;
        for (row, line) in lines.iter().enumerate() {
            if row > 0 {
                self.out.write_all(b"\r\n")?;
            }
            queue!(self.out, Clear(ClearType::CurrentLine))?;
            self.out.write_all(line.as_bytes())?;
        }
        if let Some((row, column)) = cursor {
            queue!(self.out, c::MoveTo(at(column), at(row)), c::Show)?;
        }
        Ok(self.out.flush()?)
    }

    fn rows(&self) -> Option<usize> {
        match crossterm::terminal::size() {
            Ok((_, rows)) if rows > 0 => Some(usize::from(rows)),
            _ => None,
        }
    }

    fn discard_typeahead(&mut self) -> Result<(), Stop> {
        use crossterm::event::{poll, read};
        while poll(std::time::Duration::ZERO)? {
            let _ = read()?;
        }
        Ok(())
    }

    fn suspend(&mut self) -> Result<(), Stop> {
        #[cfg(unix)]
        {
            let was_painting = self.painting;
            self.leave_screen();
            crossterm::execute!(self.out, crossterm::cursor::Show)?;
            crossterm::terminal::disable_raw_mode()?;
            super::screen::note_raw(false);
            // Stops here until the shell continues the program (`fg`).
            signal_hook::low_level::raise(signal_hook::consts::SIGTSTP)?;
            crossterm::terminal::enable_raw_mode()?;
            super::screen::note_raw(true);
            if was_painting {
                crossterm::execute!(self.out, crossterm::terminal::EnterAlternateScreen)?;
                super::screen::note_alternate(true);
                self.painting = true;
            }
        }
        Ok(())
    }
}

/// One step of a script: a key, or a whole typed answer (each character then Enter).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scripted {
    Key(Key),
    Text(String),
    /// A key typed ahead, before what comes next was on screen: dropped by the next
    /// [`Console::discard_typeahead`] that finds it first in line.
    Ahead(Key),
}

/// A console that plays a script and records the screen, for tests.
#[derive(Debug, Default)]
pub struct ScriptConsole {
    /// Each key, and whether it was typed ahead.
    script: VecDeque<(Key, bool)>,
    /// The lines on screen, in order (rubbed-out lines are removed).
    pub shown: Vec<String>,
    /// Every line ever written, rubbed out or not.
    pub transcript: Vec<String>,
    pub width: Option<usize>,
    /// The screen's rows (`None`: as many as needed).
    pub height: Option<usize>,
    /// How many times the session stopped itself (Ctrl-Z).
    pub suspended: usize,
    /// Every screen painted, in order (each without styling).
    pub paints: Vec<Vec<String>>,
    /// Where the cursor was left by the last paint.
    pub cursor: Option<(usize, usize)>,
}

impl ScriptConsole {
    pub fn new(width: Option<usize>, script: impl IntoIterator<Item = Scripted>) -> ScriptConsole {
        let mut keys = VecDeque::new();
        for step in script {
            match step {
                Scripted::Key(key) => keys.push_back((key, false)),
                Scripted::Ahead(key) => keys.push_back((key, true)),
                Scripted::Text(text) => {
                    keys.extend(text.chars().map(|c| (Key::Char(c), false)));
                    keys.push_back((Key::Enter, false));
                }
            }
        }
        ScriptConsole {
            script: keys,
            width,
            ..ScriptConsole::default()
        }
    }

    /// What is on screen, one string.
    pub fn screen(&self) -> String {
        self.shown.join("\n")
    }

    /// Keys not yet played.
    #[cfg(test)]
    pub fn keys_left(&self) -> usize {
        self.script.len()
    }
}

impl Console for ScriptConsole {
    fn layout(&self) -> Layout {
        match self.width {
            Some(w) => Layout::wrapped(w),
            None => Layout::plain(),
        }
    }

    fn line(&mut self, text: &str) -> Result<(), Stop> {
        for line in console::strip_ansi_codes(text).split('\n') {
            self.shown.push(line.to_string());
            self.transcript.push(line.to_string());
        }
        Ok(())
    }

    fn key(&mut self) -> Result<Key, Stop> {
        self.script.pop_front().map(|(key, _)| key).ok_or_else(|| {
            Stop::Io(std::io::Error::new(
                std::io::ErrorKind::UnexpectedEof,
                "the script ran out of keys",
            ))
        })
    }

    fn paint(&mut self, lines: &[String], cursor: Option<(usize, usize)>) -> Result<(), Stop> {
        let plain: Vec<String> = lines
            .iter()
            .map(|l| console::strip_ansi_codes(l).into_owned())
            .collect();
        self.transcript.extend(plain.iter().cloned());
        self.shown.clone_from(&plain);
        self.paints.push(plain);
        self.cursor = cursor;
        Ok(())
    }

    fn rows(&self) -> Option<usize> {
        self.height
    }

    fn discard_typeahead(&mut self) -> Result<(), Stop> {
        while self.script.front().is_some_and(|(_, ahead)| *ahead) {
            self.script.pop_front();
        }
        Ok(())
    }

    fn suspend(&mut self) -> Result<(), Stop> {
        self.suspended += 1;
        Ok(())
    }
}
