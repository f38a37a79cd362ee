//! The `add` form's pick-one list on the terminal: a prompt and its items, one line each
//! (cut to the width with `…`, so the terminal never wraps one), the chosen one marked.
//! It is redrawn in place by moving up over exactly the lines drawn; when the window
//! changes size the terminal may have re-flowed those lines, so the screen is cleared and
//! the list drawn afresh at the new width: no ghost lines, nothing wiped above it
//! by miscounting.

use std::io::Write as _;

use crossterm::event::{self, Event};
use crossterm::{cursor, queue, terminal};

use super::{Key, Stop};

/// The lines of the list: the prompt, then a window of the items that holds `selected`
/// and fits `rows`, each line at most `width` columns.
pub fn lines(
    prompt: &str,
    items: &[String],
    selected: usize,
    width: usize,
    rows: usize,
) -> Vec<String> {
    let width = width.max(4);
    let mut out = vec![super::table::cut(&format!("? {prompt} ›"), width).into_owned()];
    let room = rows.saturating_sub(2).max(3).min(items.len());
    let first = selected
        .saturating_sub(room.saturating_sub(1))
        .min(items.len() - room);
    for (i, item) in items.iter().enumerate().skip(first).take(room) {
        let mark = if i == selected { "❯ " } else { "  " };
        let line = format!("{mark}{}", super::safe(item));
        out.push(super::table::cut(&line, width).into_owned());
    }
    out
}

/// The terminal's size, 80 × 24 when it does not say.
fn size() -> (usize, usize) {
    match terminal::size() {
        Ok((columns, rows)) if columns > 0 && rows > 0 => (usize::from(columns), usize::from(rows)),
        _ => (80, 24),
    }
}

/// Asks for one of `items` (Up/Down or k/j to move, Enter to take, Esc, q or Ctrl-C to
/// stop); leaves the prompt and the item taken on one line.
pub fn pick(prompt: &str, items: &[String], default: usize) -> Result<usize, Stop> {
    if items.is_empty() {
        return Err(Stop::Quit);
    }
    let mut out = std::io::stdout();
    terminal::enable_raw_mode()?;
    super::screen::note_raw(true);
    let result = run(&mut out, prompt, items, default.min(items.len() - 1));
    let _ = queue!(out, cursor::Show);
    let _ = out.flush();
    let _ = terminal::disable_raw_mode();
    super::screen::note_raw(false);
    result
}

fn run(
    out: &mut std::io::Stdout,
    prompt: &str,
    items: &[String],
    mut selected: usize,
) -> Result<usize, Stop> {
    queue!(out, cursor::Hide)?;
    let mut drawn = draw(out, prompt, items, selected, 0)?;
    loop {
        let key = match event::read()? {
            Event::Key(key) => Key::from_crossterm(&key),
            Event::Resize(..) => {
                // The lines drawn may have been re-flowed by the terminal: start afresh.
                queue!(
                    out,
                    terminal::Clear(terminal::ClearType::All),
                    cursor::MoveTo(0, 0)
                )?;
                drawn = draw(out, prompt, items, selected, 0)?;
                continue;
            }
            _ => None,
        };
        match key {
            Some(Key::Up | Key::Char('k')) => {
                selected = selected.checked_sub(1).unwrap_or(items.len() - 1);
            }
            Some(Key::Down | Key::Char('j') | Key::Char('\t')) => {
                selected = (selected + 1) % items.len();
            }
            Some(Key::Enter | Key::Char(' ')) => {
                clear(out, drawn)?;
                let (width, _) = size();
                let taken = super::table::cut(
                    &format!("✔ {prompt} · {}", super::safe(&items[selected])),
                    width.saturating_sub(1).max(4),
                )
                .into_owned();
                out.write_all(taken.as_bytes())?;
                out.write_all(b"\r\n")?;
                out.flush()?;
                return Ok(selected);
            }
            Some(Key::Escape | Key::Char('q') | Key::CtrlC) => {
                clear(out, drawn)?;
                out.flush()?;
                return Err(Stop::Quit);
            }
            _ => continue,
        }
        drawn = draw(out, prompt, items, selected, drawn)?;
    }
}

/// Moves up over the `drawn` lines of the last drawing and clears from there down.
fn clear(out: &mut std::io::Stdout, drawn: usize) -> std::io::Result<()> {
    if drawn > 1 {
        queue!(
            out,
            cursor::MoveToPreviousLine(u16::try_from(drawn - 1).unwrap_or(u16::MAX))
        )?;
    }
    queue!(
        out,
        cursor::MoveToColumn(0),
        terminal::Clear(terminal::ClearType::FromCursorDown)
    )
}

/// Draws the list over the `drawn` lines of the last drawing; returns how many it drew.
fn draw(
    out: &mut std::io::Stdout,
    prompt: &str,
    items: &[String],
    selected: usize,
    drawn: usize,
) -> std::io::Result<usize> {
    if drawn > 0 {
        clear(out, drawn)?;
    }
    let (width, rows) = size();
    // One column spare: a line that fills the last column makes some terminals wrap.
    let lines = lines(prompt, items, selected, width.saturating_sub(1), rows);
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            out.write_all(b"\r\n")?;
        }
        out.write_all(line.as_bytes())?;
    }
    out.flush()?;
    Ok(lines.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(n: usize) -> Vec<String> {
        (0..n)
            .map(|i| format!("item {i} — a description long enough to need cutting at forty"))
            .collect()
    }

    #[test]
    fn every_line_fits_and_the_chosen_item_is_always_shown() {
        for (width, rows) in [(20, 5), (40, 24), (80, 10)] {
            for selected in 0..12 {
                let lines = lines("Kind of card", &items(12), selected, width, rows);
                assert!(lines.len() <= rows.max(4), "{lines:?}");
                assert!(
                    lines
                        .iter()
                        .all(|l| console::measure_text_width(l) <= width),
                    "{lines:?}"
                );
                let chosen: Vec<&String> = lines.iter().filter(|l| l.starts_with('❯')).collect();
                assert_eq!(chosen.len(), 1, "{lines:?}");
                assert!(
                    chosen[0].starts_with(&format!("❯ item {selected} ")),
                    "{lines:?}"
                );
            }
        }
        let few = lines("Kind", &items(2), 1, 80, 24);
        assert_eq!(few.len(), 3);
        assert!(few[2].starts_with("❯ item 1"));
    }
}
