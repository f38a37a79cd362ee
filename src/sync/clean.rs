//! What comes in from the sync folder, made safe before it is stored or shown: anyone who
//! can write to the folder can plant a file, and a checksum only says the line is whole.
//!
//! Text is stripped of escape sequences and control characters (a device name, a deck or
//! card id, a given answer reach `sync`, `cards` and `mistakes`); an id keeps no line
//! break or tab either. Numbers are range-checked: a record whose time, rating or id is
//! unusable is left out (counted, and reported once); a duration is clamped to a day.

use super::record::{AmendRecord, AnswerRecord, MockRecord, UndoRecord};
use crate::text::strip_controls;

/// The longest id (event, deck, card, test) taken from the folder.
const MAX_ID: usize = 200;
/// The longest device name shown; longer ones are cut.
pub const MAX_NAME: usize = 100;
/// The first and last times accepted, in milliseconds since the epoch: 1970 to 9999.
const LAST_MS: i64 = 253_402_300_799_999;
/// The longest an answer can have taken, as stored: a day.
const MAX_DURATION_MS: i64 = 86_400_000;
/// The widest offset from UTC there is, in seconds.
const MAX_OFFSET: i32 = 18 * 3600;

/// Text to store or show: no escape sequence, no control character but `\n` and `\t`.
pub fn text(value: &str) -> String {
    strip_controls(value).into_owned()
}

/// One line of text (a name): no control character at all, trimmed, at most `max`
/// characters.
pub fn line(value: &str, max: usize) -> String {
    let text = strip_controls(value);
    let one: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    one.trim().chars().take(max).collect()
}

/// An id as it may be stored: printable, one line, not too long; `None` when not.
fn id(value: &str) -> Option<String> {
    let clean = line(value, MAX_ID);
    (!clean.is_empty() && clean == value).then_some(clean)
}

fn time_ok(ms: i64) -> bool {
    (0..=LAST_MS).contains(&ms)
}

/// An answer fit to store, or `None`.
pub fn answer(mut a: AnswerRecord) -> Option<AnswerRecord> {
    a.event = id(&a.event)?;
    a.deck = id(&a.deck)?;
    a.card = id(&a.card)?;
    a.kind = line(&a.kind, MAX_ID);
    if !time_ok(a.at) || !(1..=4).contains(&a.rating) || a.offset.abs() > MAX_OFFSET {
        return None;
    }
    a.duration_ms = a.duration_ms.clamp(0, MAX_DURATION_MS);
    a.confidence = a.confidence.map(|c| line(&c, 20));
    // Only the three words are a declaration; anything else declares nothing.
    a.declared = a
        .declared
        .filter(|d| crate::answer::Confidence::from_name(d).is_some());
    a.given = a.given.map(|g| text(&g));
    a.mode = line(&a.mode, 20);
    a.amended = a.amended.max(0);
    Some(a)
}

pub fn undo(mut u: UndoRecord) -> Option<UndoRecord> {
    u.event = id(&u.event)?;
    Some(u)
}

pub fn amend(mut a: AmendRecord) -> Option<AmendRecord> {
    a.event = id(&a.event)?;
    if !(1..=4).contains(&a.rating) {
        return None;
    }
    a.confidence = a.confidence.map(|c| line(&c, 20));
    a.seq = a.seq.max(0);
    Some(a)
}

/// A finished test fit to store: its text stripped, its times and counts in range.
pub fn mock(mut m: MockRecord) -> Option<MockRecord> {
    m.uid = id(&m.uid)?;
    let clean = |object: &mut serde_json::Map<String, serde_json::Value>| -> Option<()> {
        for (key, value) in object.iter_mut() {
            match value {
                serde_json::Value::String(s) => *s = text(s),
                serde_json::Value::Number(n) => {
                    let ok = match key.as_str() {
                        "started_at" | "finished_at" => n.as_i64().is_some_and(time_ok),
                        "utc_offset" => {
                            n.as_i64().is_some_and(|o| o.abs() <= i64::from(MAX_OFFSET))
                        }
                        // Counts, scores, positions and seconds: no more than a mark a
                        // second for a century, and finite.
                        _ => n.as_f64().is_some_and(|f| f.is_finite() && f.abs() <= 1e12),
                    };
                    if !ok {
                        return None;
                    }
                }
                _ => {}
            }
        }
        Some(())
    };
    clean(&mut m.test)?;
    for answer in &mut m.answers {
        clean(answer)?;
    }
    Some(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_lose_escapes_and_line_breaks_and_are_cut() {
        assert_eq!(line("home\u{1b}]0;owned\u{7}\nlaptop", 100), "home laptop");
        assert_eq!(line(&"x".repeat(300), MAX_NAME).len(), MAX_NAME);
        assert_eq!(id("deck\u{1b}[2J"), None);
        assert_eq!(id("polity-basics").as_deref(), Some("polity-basics"));
    }
}
