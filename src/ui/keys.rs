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
    Home,
    End,
    /// A control chord other than Ctrl-C (and the ones that are Enter or Backspace), by
    /// its letter in lower case: never text, so never typed into an answer.
    Ctrl(char),
    /// The window changed size: whatever is on screen is drawn again at the new width.
    Resize,
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
            K::Home => Key::Home,
            K::End => Key::End,
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
            KeyCode::Char(c) if ctrl => match c.to_ascii_lowercase() {
                'c' => Key::CtrlC,
                // Raw mode reads a line feed as Ctrl-J and a carriage return as Ctrl-M.
                'j' | 'm' => Key::Enter,
                // Ctrl-H is Backspace on terminals that send it so.
                'h' => Key::Backspace,
                other => Key::Ctrl(other),
            },
            // A control character that came without the modifier (some terminals) is no
            // more text than the chord.
            KeyCode::Char(c) if c.is_control() => Key::Other,
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
            KeyCode::Home => Key::Home,
            KeyCode::End => Key::End,
            _ => Key::Other,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::Key;
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    fn ctrl(c: char) -> Option<Key> {
        Key::from_crossterm(&KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
    }

    #[test]
    fn control_chords_are_never_text() {
        assert_eq!(ctrl('c'), Some(Key::CtrlC));
        assert_eq!(ctrl('u'), Some(Key::Ctrl('u')));
        assert_eq!(ctrl('W'), Some(Key::Ctrl('w')));
        assert_eq!(ctrl('z'), Some(Key::Ctrl('z')));
        assert_eq!(ctrl('h'), Some(Key::Backspace));
        assert_eq!(ctrl('j'), Some(Key::Enter));
        assert_eq!(
            Key::from_crossterm(&KeyEvent::new(KeyCode::Char('u'), KeyModifiers::NONE)),
            Some(Key::Char('u'))
        );
        assert_eq!(
            Key::from_crossterm(&KeyEvent::new(KeyCode::Char('\u{15}'), KeyModifiers::NONE)),
            Some(Key::Other)
        );
    }
}
