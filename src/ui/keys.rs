//! One key, whichever library read it: the line-mode prompts read with `console`, the
//! exam screen with `crossterm`; the state machines above see only [`Key`].

/// A key the learner pressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Char(char),
    Enter,
    Escape,
    Backspace,
    Delete,
    Up,
    Down,
    Left,
    Right,
    PageUp,
    PageDown,
    /// Ctrl-C typed while the terminal is in raw mode (it then arrives as a key, not a
    /// signal).
    CtrlC,
    Other,
}

impl From<console::Key> for Key {
    fn from(key: console::Key) -> Key {
        use console::Key as K;
        match key {
            K::Char('\u{3}') | K::CtrlC => Key::CtrlC,
            K::Char(c) => Key::Char(c),
            K::Enter => Key::Enter,
            K::Escape => Key::Escape,
            K::Backspace => Key::Backspace,
            K::Del => Key::Delete,
            K::ArrowUp => Key::Up,
            K::ArrowDown => Key::Down,
            K::ArrowLeft => Key::Left,
            K::ArrowRight => Key::Right,
            K::PageUp => Key::PageUp,
            K::PageDown => Key::PageDown,
            _ => Key::Other,
        }
    }
}

impl Key {
    /// The key of a crossterm key event (presses and repeats only; releases are `None`).
    pub fn from_crossterm(event: &crossterm::event::KeyEvent) -> Option<Key> {
        use crossterm::event::{KeyCode, KeyEventKind, KeyModifiers};
        if event.kind == KeyEventKind::Release {
            return None;
        }
        let ctrl = event.modifiers.contains(KeyModifiers::CONTROL);
        Some(match event.code {
            KeyCode::Char('c') | KeyCode::Char('C') if ctrl => Key::CtrlC,
            KeyCode::Char(c) => Key::Char(c),
            KeyCode::Enter => Key::Enter,
            KeyCode::Esc => Key::Escape,
            KeyCode::Backspace => Key::Backspace,
            KeyCode::Delete => Key::Delete,
            KeyCode::Up => Key::Up,
            KeyCode::Down => Key::Down,
            KeyCode::Left => Key::Left,
            KeyCode::Right => Key::Right,
            KeyCode::PageUp => Key::PageUp,
            KeyCode::PageDown => Key::PageDown,
            _ => Key::Other,
        })
    }
}
