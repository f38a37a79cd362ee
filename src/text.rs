//! Text that is safe to put on a terminal: [`strip_controls`] removes the escape sequences
//! and control characters that could retitle, clear or rewrite the screen, and
//! [`first_control`] finds the first one, for messages that ask an author to remove it.

use std::borrow::Cow;

/// Values listed in a message, so that it stays a line or two: every one when there are
/// few, else the few nearest to `wanted` (the likely typo's fix first) and how many there
/// are in all.
pub(crate) fn listing(values: &[&str], wanted: &str) -> String {
    const ALL_UP_TO: usize = 12;
    const NEAREST: usize = 6;
    if values.len() <= ALL_UP_TO {
        return values.join(", ");
    }
    let mut near: Vec<(f64, &str)> = values
        .iter()
        .map(|v| (strsim::jaro_winkler(wanted, v), *v))
        .collect();
    near.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    let nearest: Vec<&str> = near.iter().take(NEAREST).map(|(_, v)| *v).collect();
    format!(
        "{} … ({} in all; the nearest shown)",
        nearest.join(", "),
        values.len()
    )
}

/// "n things": a count with its noun, singular for one ("1 card", "3 cards", "0 answers"),
/// the plural given, so irregular ones read right ("1 entry", "2 entries"). The one way a
/// message says how many of something, instead of an `if n == 1` in each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Count<'a> {
    n: usize,
    one: &'a str,
    many: &'a str,
}

impl<'a> Count<'a> {
    pub(crate) fn new(n: usize, one: &'a str, many: &'a str) -> Count<'a> {
        Count { n, one, many }
    }

    /// The noun alone, singular or plural, for a message that prints the number apart.
    pub(crate) fn noun(self) -> &'a str {
        self.agree(self.one, self.many)
    }

    /// `one` for one, else `many`: a verb that agrees with the count ("was"/"were").
    pub(crate) fn agree<'b>(self, one: &'b str, many: &'b str) -> &'b str {
        if self.n == 1 { one } else { many }
    }
}

impl std::fmt::Display for Count<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.n, self.noun())
    }
}

/// [`Count`] with the noun's regular English plural: "-ies" after a consonant and "y"
/// ("2 entries"), "-es" after "s", "sh" or "ch", else "-s".
pub(crate) fn plural(count: usize, noun: &str) -> String {
    let consonant_y = noun.ends_with('y')
        && !noun.ends_with("ay")
        && !noun.ends_with("ey")
        && !noun.ends_with("oy");
    let many = if consonant_y {
        format!("{}ies", &noun[..noun.len() - 1])
    } else if noun.ends_with('s') || noun.ends_with("sh") || noun.ends_with("ch") {
        format!("{noun}es")
    } else {
        format!("{noun}s")
    };
    Count::new(count, noun, &many).to_string()
}

/// Whether `c` is a control character a terminal may act on: C0 (U+0000–U+001F), DEL and
/// C1 (U+0080–U+009F), except the line break and the tab.
pub(crate) fn is_unsafe_control(c: char) -> bool {
    c.is_control() && c != '\n' && c != '\t'
}

/// The first unsafe control character in `text` (see [`is_unsafe_control`]), if any.
/// A carriage return directly before a line break (a Windows line ending) is not counted.
pub(crate) fn first_control(text: &str) -> Option<char> {
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' && chars.peek() == Some(&'\n') {
            continue;
        }
        if is_unsafe_control(c) {
            return Some(c);
        }
    }
    None
}

/// A short name for a control character, for messages: `U+001B (escape)`.
pub(crate) fn control_name(c: char) -> String {
    let name = match c {
        '\0' => Some("null"),
        '\u{7}' => Some("bell"),
        '\u{8}' => Some("backspace"),
        '\r' => Some("carriage return"),
        '\u{b}' => Some("vertical tab"),
        '\u{c}' => Some("form feed"),
        '\u{1b}' => Some("escape"),
        '\u{7f}' => Some("delete"),
        '\u{9b}' => Some("control sequence introducer"),
        '\u{9d}' => Some("operating system command"),
        _ => None,
    };
    match name {
        Some(name) => format!("U+{:04X} ({name})", c as u32),
        None => format!("U+{:04X}", c as u32),
    }
}

/// `text` without ANSI/VT escape sequences (CSI such as `ESC [2J`, OSC such as
/// `ESC ]0;title BEL`, DCS/SOS/PM/APC strings, two-character escapes, and their C1
/// forms) and without any other control character; line breaks and tabs are kept, and a
/// Windows line ending becomes a plain line break. Borrows when there is nothing to
/// remove.
pub(crate) fn strip_controls(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe_control) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\u{1b}' => match chars.peek().copied() {
                Some('[') => {
                    chars.next();
                    skip_csi(&mut chars);
                }
                Some(']' | 'P' | 'X' | '^' | '_') => {
                    chars.next();
                    skip_string(&mut chars);
                }
                Some(next) => {
                    // `ESC` intermediates (0x20–0x2F) then one final character.
                    if ('\u{20}'..='\u{2f}').contains(&next) {
                        while chars
                            .peek()
                            .is_some_and(|c| ('\u{20}'..='\u{2f}').contains(c))
                        {
                            chars.next();
                        }
                    }
                    if chars
                        .peek()
                        .is_some_and(|c| ('\u{30}'..='\u{7e}').contains(c))
                    {
                        chars.next();
                    }
                }
                None => {}
            },
            '\u{9b}' => skip_csi(&mut chars),
            '\u{9d}' | '\u{90}' | '\u{98}' | '\u{9e}' | '\u{9f}' => skip_string(&mut chars),
            c if is_unsafe_control(c) => {}
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

type Chars<'a> = std::iter::Peekable<std::str::Chars<'a>>;

/// Skips a control sequence's parameters and intermediates up to its final character
/// (0x40–0x7E). Stops early, keeping the character, at anything that cannot be part of
/// one, so a broken sequence does not swallow the text after it.
fn skip_csi(chars: &mut Chars) {
    while let Some(&c) = chars.peek() {
        match c {
            '\u{20}'..='\u{3f}' => {
                chars.next();
            }
            '\u{40}'..='\u{7e}' => {
                chars.next();
                return;
            }
            _ => return,
        }
    }
}

/// Skips an OSC/DCS/SOS/PM/APC string up to its terminator: BEL, `ESC \` or U+009C.
/// A line break also ends it (and is kept), so an unterminated sequence cannot hide the
/// rest of the text.
fn skip_string(chars: &mut Chars) {
    while let Some(&c) = chars.peek() {
        match c {
            '\u{7}' | '\u{9c}' => {
                chars.next();
                return;
            }
            '\u{1b}' => {
                chars.next();
                if chars.peek() == Some(&'\\') {
                    chars.next();
                }
                return;
            }
            '\n' => return,
            _ => {
                chars.next();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_count_is_singular_for_one_only() {
        let cases = [
            (0, "card", "cards", "0 cards", "were"),
            (1, "card", "cards", "1 card", "was"),
            (2, "card", "cards", "2 cards", "were"),
            (1, "entry", "entries", "1 entry", "was"),
            (21, "entry", "entries", "21 entries", "were"),
            (1, "Minute", "Minutes", "1 Minute", "was"),
        ];
        for (n, one, many, shown, verb) in cases {
            let count = Count::new(n, one, many);
            assert_eq!(count.to_string(), shown);
            assert_eq!(count.agree("was", "were"), verb);
            assert_eq!(count.noun(), if n == 1 { one } else { many });
        }
    }

    #[test]
    fn plurals_and_listings_read_as_english() {
        assert_eq!(plural(1, "day"), "1 day");
        assert_eq!(plural(0, "answer"), "0 answers");
        assert_eq!(plural(2, "entry"), "2 entries");
        assert_eq!(plural(3, "day"), "3 days");
        let few = ["a", "b"];
        assert_eq!(listing(&few, "z"), "a, b");
        let many: Vec<String> = (0..40).map(|n| format!("tag-{n:02}")).collect();
        let mut many: Vec<&str> = many.iter().map(String::as_str).collect();
        many.push("economy");
        let listed = listing(&many, "econmy");
        assert!(listed.starts_with("economy, "), "{listed}");
        assert!(
            listed.ends_with("(41 in all; the nearest shown)"),
            "{listed}"
        );
        assert!(listed.len() < 120, "{listed}");
    }

    #[test]
    fn clean_text_is_borrowed_unchanged() {
        for text in ["plain", "two\nlines\tand a tab", "भारत ₹ 🐯", ""] {
            assert!(matches!(strip_controls(text), Cow::Borrowed(t) if t == text));
        }
    }

    #[test]
    fn escape_sequences_and_controls_are_removed() {
        let cases = [
            ("\u{1b}]0;owned\u{7}Title", "Title"),
            ("\u{1b}]0;owned\u{1b}\\Title", "Title"),
            ("before\u{1b}[2Jafter", "beforeafter"),
            ("\u{1b}[1;31mred\u{1b}[0m", "red"),
            ("\u{1b}[?25lhidden cursor", "hidden cursor"),
            ("\u{9b}2Jc1 csi", "c1 csi"),
            ("\u{9d}0;t\u{9c}c1 osc", "c1 osc"),
            ("\u{1b}Preset\u{1b}\\dcs", "dcs"),
            ("\u{1b}(Bcharset", "charset"),
            ("\u{1b}cfull reset", "full reset"),
            (
                "bell\u{7} back\u{8}space nul\u{0} del\u{7f}",
                "bell backspace nul del",
            ),
            ("over\rwrite", "overwrite"),
            ("windows\r\nline", "windows\nline"),
            ("keeps\ttab\nand line", "keeps\ttab\nand line"),
            ("lone escape at end\u{1b}", "lone escape at end"),
            // An unterminated OSC stops at the line break, not at the end of the text.
            ("\u{1b}]0;no end\nnext line", "\nnext line"),
            ("\u{85}next line \u{80}", "next line "),
        ];
        for (input, expected) in cases {
            assert_eq!(strip_controls(input), expected, "{input:?}");
            assert_eq!(first_control(&strip_controls(input)), None, "{input:?}");
        }
    }

    #[test]
    fn the_first_control_is_found_and_named() {
        assert_eq!(first_control("ok\u{1b}[2J"), Some('\u{1b}'));
        assert_eq!(first_control("line\r\nbreak\ttab"), None);
        assert_eq!(first_control("lone\rcr"), Some('\r'));
        assert_eq!(first_control("c1 \u{9b}"), Some('\u{9b}'));
        assert_eq!(control_name('\u{1b}'), "U+001B (escape)");
        assert_eq!(control_name('\u{1}'), "U+0001");
    }
}
