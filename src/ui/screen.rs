//! The terminal's modes and the full screen. The exam screen takes the alternate screen
//! and raw mode ([`FullScreen`]); the line-mode console takes raw mode. Whichever ends the
//! program — a return, an error, a signal, a panic — gives them back through [`restore`],
//! which knows what was taken.

use std::io::Write as _;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use crossterm::{cursor, execute, queue, terminal};

use super::Key;

static RAW: AtomicBool = AtomicBool::new(false);
static ALTERNATE: AtomicBool = AtomicBool::new(false);

/// Records that raw mode was taken or given back.
pub fn note_raw(on: bool) {
    RAW.store(on, Ordering::SeqCst);
}

/// Records that the alternate screen was entered or left (by a line-mode console that
/// paints whole screens), so that [`restore`] leaves it.
pub fn note_alternate(on: bool) {
    ALTERNATE.store(on, Ordering::SeqCst);
}

/// Line-mode input held raw between prompts: the terminal's settings as they were, kept
/// for [`restore`] (see [`LineInput`]).
#[cfg(unix)]
static LINE_SAVED: std::sync::Mutex<Option<rustix::termios::Termios>> = std::sync::Mutex::new(None);

/// Holds the terminal's input raw (no echo, no line buffering) with its output processing
/// kept, for prompts that switch raw mode on only while they read a key (dialoguer's):
/// between their reads, the terminal stays raw, so a key typed ahead waits to be read
/// instead of being echoed or taken by the line discipline. Given back when dropped.
pub struct LineInput {
    #[cfg(unix)]
    held: bool,
}

impl LineInput {
    pub fn hold() -> LineInput {
        #[cfg(unix)]
        {
            use rustix::termios::{OptionalActions, tcgetattr, tcsetattr};
            let stdin = std::io::stdin();
            let Ok(original) = tcgetattr(&stdin) else {
                return LineInput { held: false };
            };
            let mut raw = original.clone();
            raw.make_raw();
            raw.output_modes = original.output_modes;
            if let Ok(mut saved) = LINE_SAVED.lock() {
                *saved = Some(original);
            }
            let held = tcsetattr(&stdin, OptionalActions::Now, &raw).is_ok();
            LineInput { held }
        }
        #[cfg(not(unix))]
        LineInput {}
    }
}

impl Drop for LineInput {
    fn drop(&mut self) {
        #[cfg(unix)]
        if self.held {
            give_back_line_input();
        }
    }
}

#[cfg(unix)]
fn give_back_line_input() {
    let saved = LINE_SAVED.lock().ok().and_then(|mut s| s.take());
    if let Some(original) = saved {
        let _ = rustix::termios::tcsetattr(
            std::io::stdin(),
            rustix::termios::OptionalActions::Now,
            &original,
        );
    }
}

/// Gives the terminal back as it was: leaves the alternate screen, turns raw mode off and
/// shows the cursor. Safe to call from any thread and more than once.
pub fn restore() {
    #[cfg(unix)]
    give_back_line_input();
    let mut out = std::io::stdout();
    if ALTERNATE.swap(false, Ordering::SeqCst) {
        let _ = execute!(out, terminal::LeaveAlternateScreen);
    }
    if RAW.swap(false, Ordering::SeqCst) {
        let _ = terminal::disable_raw_mode();
    }
    let _ = execute!(out, cursor::Show);
}

/// Makes a panic give the terminal back before its message is printed.
pub fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));
}

/// What the full screen waits for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    Key(Key),
    /// The window changed size (columns, rows).
    Resize(u16, u16),
}

/// The alternate screen in raw mode with the cursor hidden, until dropped.
pub struct FullScreen {
    out: std::io::Stdout,
}

impl FullScreen {
    pub fn enter() -> std::io::Result<FullScreen> {
        super::signals::install();
        let mut out = std::io::stdout();
        terminal::enable_raw_mode()?;
        note_raw(true);
        execute!(out, terminal::EnterAlternateScreen, cursor::Hide)?;
        ALTERNATE.store(true, Ordering::SeqCst);
        Ok(FullScreen { out })
    }

    /// The screen's size in columns and rows; 80 × 24 when the terminal does not say
    /// (a pseudo-terminal nobody sized reports 0 × 0).
    pub fn size(&self) -> (u16, u16) {
        match terminal::size() {
            Ok((columns, rows)) if columns > 0 && rows > 0 => (columns, rows),
            _ => (80, 24),
        }
    }

    /// Waits up to `wait` for a key or a resize.
    pub fn next_event(&self, wait: Duration) -> std::io::Result<Option<Event>> {
        use crossterm::event::{self, Event as E, KeyCode, KeyModifiers};
        if !event::poll(wait)? {
            return Ok(None);
        }
        Ok(match event::read()? {
            E::Key(key)
                if key.code == KeyCode::Char('j')
                    && key.modifiers.contains(KeyModifiers::CONTROL) =>
            {
                Some(Event::Key(Key::Enter))
            }
            E::Key(key) => Key::from_crossterm(&key).map(Event::Key),
            E::Resize(columns, rows) => Some(Event::Resize(columns, rows)),
            _ => None,
        })
    }

    /// Draws `lines` from the top, each line cleared to its end and the rest of the
    /// screen below cleared, in one write: no flicker from clearing the whole screen first.
    pub fn draw(&mut self, lines: &[String]) -> std::io::Result<()> {
        queue!(self.out, cursor::MoveTo(0, 0))?;
        for (i, line) in lines.iter().enumerate() {
            if i > 0 {
                self.out.write_all(b"\r\n")?;
            }
            self.out.write_all(line.as_bytes())?;
            queue!(self.out, terminal::Clear(terminal::ClearType::UntilNewLine))?;
        }
        queue!(
            self.out,
            terminal::Clear(terminal::ClearType::FromCursorDown)
        )?;
        self.out.flush()
    }
}

impl Drop for FullScreen {
    fn drop(&mut self) {
        restore();
    }
}
