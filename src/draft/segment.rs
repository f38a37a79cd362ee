//! Sentences and words, by the Unicode rules (`unicode-segmentation`'s UAX #29 sentence
//! and word boundaries), which already keep "Rs. 5.96 lakh crore", "5,96,000" and "No. 2
//! was" whole; a boundary after a known abbreviation ("U.S.", "Dr.", "No.") or an initial
//! is then taken back, since the rules cannot know those words.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

/// One sentence of an article: where it is in the article's text, and its words.
#[derive(Debug, Clone)]
pub struct Sentence {
    pub range: Range<usize>,
    /// Every word (letters or digits; "5.96", "5,96,000", "Chandrayaan-5" count as one),
    /// with its place in the article's text.
    pub words: Vec<Range<usize>>,
    /// The index of the sentence's paragraph (line breaks separate paragraphs).
    pub paragraph: usize,
}

/// Words after which a full stop does not end a sentence, written without it.
const ABBREVIATIONS: &[&str] = &[
    "Rs", "Re", "Dr", "Mr", "Mrs", "Ms", "Shri", "Smt", "Sh", "Prof", "No", "Nos", "St", "Lt",
    "Gen", "Col", "Maj", "Capt", "Adm", "Brig", "Sr", "Jr", "Inc", "Ltd", "Co", "Corp", "vs",
    "etc", "e.g", "i.e", "U.S", "U.K", "U.N", "U.A.E", "Govt", "Dept", "Art", "Sec", "approx",
    "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "Hon'ble",
    "Fig", "Vol", "Ch", "Para", "Cl", "Mt", "Ft", "Pvt", "Bros", "Est", "viz", "cf", "ca",
];

/// The sentences of `text`, each trimmed, none empty.
pub fn sentences(text: &str) -> Vec<Sentence> {
    let mut raw: Vec<Range<usize>> = Vec::new();
    for (start, piece) in text.split_sentence_bound_indices() {
        let range = start..start + piece.len();
        match raw.last_mut() {
            Some(last) if joins(text, last) => last.end = range.end,
            _ => raw.push(range),
        }
    }
    let mut out = Vec::with_capacity(raw.len());
    let mut paragraph = 0;
    let mut last_end = 0;
    for range in raw {
        let piece = &text[range.clone()];
        let lead = piece.len() - piece.trim_start().len();
        let trimmed = range.start + lead..range.start + piece.trim_end().len();
        if text[last_end..trimmed.start.max(last_end)].contains('\n') {
            paragraph += 1;
        }
        if trimmed.is_empty() {
            continue;
        }
        last_end = trimmed.end;
        out.push(Sentence {
            words: words(text, trimmed.clone()),
            range: trimmed,
            paragraph,
        });
    }
    out
}

/// Whether the sentence `range` ends at a full stop that belongs to an abbreviation or an
/// initial, within a line (a line break always ends a sentence).
fn joins(text: &str, range: &Range<usize>) -> bool {
    let piece = &text[range.clone()];
    if piece.contains('\n') {
        return false;
    }
    let Some(body) = piece.trim_end().strip_suffix('.') else {
        return false;
    };
    let last = body
        .rsplit(|c: char| c.is_whitespace() || c == '(' || c == '"' || c == '“')
        .next()
        .unwrap_or("");
    ABBREVIATIONS.contains(&last)
        || (last.chars().count() == 1 && last.chars().all(char::is_uppercase))
}

/// The words of `range` in `text`: runs that hold a letter or a digit.
pub fn words(text: &str, range: Range<usize>) -> Vec<Range<usize>> {
    text[range.clone()]
        .split_word_bound_indices()
        .filter(|(_, w)| w.chars().any(char::is_alphanumeric))
        .map(|(i, w)| range.start + i..range.start + i + w.len())
        .collect()
}

/// A word folded for comparing: lower case, letters and digits only.
pub fn fold(word: &str) -> String {
    word.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<&str> {
        sentences(text)
            .into_iter()
            .map(|s| &text[s.range])
            .collect()
    }

    #[test]
    fn abbreviations_amounts_and_digit_groups_do_not_end_sentences() {
        let text = "Japan will invest Rs. 5.96 lakh crore in India. The U.S. President met Dr. Rao at No. 2 Janpath. It cost 5,96,000 crore.";
        assert_eq!(
            texts(text),
            vec![
                "Japan will invest Rs. 5.96 lakh crore in India.",
                "The U.S. President met Dr. Rao at No. 2 Janpath.",
                "It cost 5,96,000 crore."
            ]
        );
    }

    #[test]
    fn a_line_break_ends_a_heading() {
        let text = "A Heading Without a Stop\nThe body starts here. It goes on.";
        assert_eq!(
            texts(text),
            vec![
                "A Heading Without a Stop",
                "The body starts here.",
                "It goes on."
            ]
        );
        let s = sentences(text);
        assert_eq!((s[0].paragraph, s[1].paragraph, s[2].paragraph), (0, 1, 1));
    }

    #[test]
    fn numbers_and_hyphenated_names_are_one_word() {
        let text = "ISRO's Chandrayaan-5 costs 5,96,000 or 5.96 units.";
        let s = &sentences(text)[0];
        let words: Vec<&str> = s.words.iter().map(|r| &text[r.clone()]).collect();
        assert!(words.contains(&"5,96,000"), "{words:?}");
        assert!(words.contains(&"5.96"), "{words:?}");
        assert!(words.contains(&"Chandrayaan"), "{words:?}");
    }
}
