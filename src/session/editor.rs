//! The answer line of a typed question: a readline-grade editor over the keys of
//! [`crate::ui::Key`]. Moving (Left/Right, Home/End, Ctrl-A/Ctrl-E, Ctrl-B/Ctrl-F),
//! rubbing out (Backspace and Ctrl-H, Delete and Ctrl-D, Ctrl-U to the start, Ctrl-K to
//! the end, Ctrl-W a word back), and typing at the cursor. A control chord is never text:
//! one the editor does not know does nothing to the answer.

use crate::ui::Key;

/// The answer being typed and where the cursor is in it (in characters).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Editor {
    text: Vec<char>,
    cursor: usize,
}

/// What a key did to the answer line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Edit {
    /// The line or the cursor changed (or nothing did): draw it again.
    Changed,
    /// Enter: the answer is given.
    Submit,
    /// Not an editing key: the caller decides (Esc, Ctrl-Z, Ctrl-L, a resize…).
    NotMine,
}

impl Editor {
    pub(super) fn text(&self) -> String {
        self.text.iter().collect()
    }

    /// Applies one key.
    pub(super) fn key(&mut self, key: Key) -> Edit {
        match key {
            Key::Enter => return Edit::Submit,
            // Suspending and redrawing are the caller's.
            Key::Ctrl('z' | 'l') => return Edit::NotMine,
            Key::Char(c) if !c.is_control() => {
                self.text.insert(self.cursor, c);
                self.cursor += 1;
            }
            Key::Left | Key::Ctrl('b') => self.cursor = self.cursor.saturating_sub(1),
            Key::Right | Key::Ctrl('f') => self.cursor = (self.cursor + 1).min(self.text.len()),
            Key::Home | Key::Ctrl('a') => self.cursor = 0,
            Key::End | Key::Ctrl('e') => self.cursor = self.text.len(),
            Key::Backspace => {
                if self.cursor > 0 {
                    self.cursor -= 1;
                    self.text.remove(self.cursor);
                }
            }
            Key::Delete | Key::Ctrl('d') => {
                if self.cursor < self.text.len() {
                    self.text.remove(self.cursor);
                }
            }
            Key::Ctrl('u') => {
                self.text.drain(..self.cursor);
                self.cursor = 0;
            }
            Key::Ctrl('k') => self.text.truncate(self.cursor),
            Key::Ctrl('w') => {
                // The word before the cursor and the spaces after it, as a shell does.
                let mut from = self.cursor;
                while from > 0 && self.text[from - 1].is_whitespace() {
                    from -= 1;
                }
                while from > 0 && !self.text[from - 1].is_whitespace() {
                    from -= 1;
                }
                self.text.drain(from..self.cursor);
                self.cursor = from;
            }
            Key::Ctrl(_) | Key::Other | Key::Char(_) | Key::Up | Key::Down => {
                // A chord or key with no meaning here: never text, nothing changes.
            }
            _ => return Edit::NotMine,
        }
        Edit::Changed
    }

    /// The line as shown after `prompt` in `width` columns, scrolled sideways so that
    /// the cursor is on screen, and the cursor's column in it.
    pub(super) fn shown(&self, prompt: &str, width: usize) -> (String, usize) {
        let prompt_width = console::measure_text_width(prompt);
        let room = width.saturating_sub(prompt_width + 1).max(1);
        let widths: Vec<usize> = self
            .text
            .iter()
            .map(|c| console::measure_text_width(c.encode_utf8(&mut [0; 4])))
            .collect();
        // The first character shown: as far left as lets the cursor fit.
        let mut start = 0;
        while widths[start..self.cursor].iter().sum::<usize>() >= room {
            start += 1;
        }
        let mut shown = String::from(prompt);
        let mut used = 0;
        for (c, w) in self.text[start..].iter().zip(&widths[start..]) {
            if used + w > room {
                break;
            }
            shown.push(*c);
            used += w;
        }
        let column = prompt_width + widths[start..self.cursor].iter().sum::<usize>();
        (shown, column)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(keys: &[Key]) -> Editor {
        let mut editor = Editor::default();
        for key in keys {
            editor.key(*key);
        }
        editor
    }

    fn chars(s: &str) -> Vec<Key> {
        s.chars().map(Key::Char).collect()
    }

    #[test]
    fn keys_move_and_edit_at_the_cursor() {
        let mut keys = chars("joint mechanism");
        keys.extend([
            Key::Ctrl('a'),
            Key::Right,
            Key::Right,
            Key::Right,
            Key::Right,
        ]);
        keys.extend([Key::Right, Key::Right]);
        keys.extend(chars("crediting "));
        assert_eq!(typed(&keys).text(), "joint crediting mechanism");
        let mut keys = chars("abc");
        keys.extend([Key::Home, Key::Delete, Key::End, Key::Backspace, Key::Left]);
        keys.extend(chars("x"));
        assert_eq!(typed(&keys).text(), "xb");
    }

    #[test]
    fn ctrl_u_w_and_k_rub_out() {
        let mut keys = chars("kyoto protocol");
        keys.push(Key::Ctrl('u'));
        assert_eq!(typed(&keys).text(), "");
        let mut keys = chars("kyoto protocol  ");
        keys.push(Key::Ctrl('w'));
        assert_eq!(typed(&keys).text(), "kyoto ");
        let mut keys = chars("kyoto protocol");
        keys.extend([Key::Home, Key::Right, Key::Ctrl('k')]);
        assert_eq!(typed(&keys).text(), "k");
    }

    #[test]
    fn no_control_chord_is_ever_text() {
        let mut keys = chars("a");
        for c in 'a'..='z' {
            keys.push(Key::Ctrl(c));
        }
        keys.extend([Key::Char('\u{15}'), Key::Other, Key::Up, Key::Down]);
        let editor = typed(&keys);
        assert!(editor.text().chars().all(|c| !c.is_control()));
        assert!(editor.text().len() <= 1, "{:?}", editor.text());
        assert_eq!(Editor::default().key(Key::Escape), Edit::NotMine);
        assert_eq!(Editor::default().key(Key::Enter), Edit::Submit);
    }

    #[test]
    fn a_long_answer_scrolls_sideways_with_the_cursor() {
        let editor = typed(&chars(&"x".repeat(100)));
        let (shown, column) = editor.shown("> ", 40);
        assert!(console::measure_text_width(&shown) < 40);
        assert_eq!(column, console::measure_text_width(&shown));
        let mut keys = chars(&"x".repeat(100));
        keys.push(Key::Home);
        let (shown, column) = typed(&keys).shown("> ", 40);
        assert_eq!(column, 2);
        assert!(console::measure_text_width(&shown) < 40);
    }
}
