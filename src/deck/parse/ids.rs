//! Card and deck ids: kebab-case, ids made from a question's words, and the "did you
//! mean" suggestion for a misspelt name.

/// The closest known name to a misspelt one, if it is close enough to be a likely typo.
pub fn suggest<'a>(wrong: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (wrong.chars().count() / 3).max(1);
    known
        .into_iter()
        .map(|k| (strsim::damerau_levenshtein(wrong, k), k))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

/// Whether a name is kebab-case: lower-case letters and digits in words joined by `-`.
pub fn is_kebab(id: &str) -> bool {
    !id.is_empty()
        && id.split('-').all(|w| {
            !w.is_empty()
                && w.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// A kebab-case id derived from free text, for suggestions ("add `id = …`").
pub fn slug(text: &str, max_words: usize) -> String {
    let normal = crate::answer::normalise(text);
    let words: Vec<&str> = normal
        .split(' ')
        .filter(|w| w.is_ascii() && !w.is_empty())
        .take(max_words)
        .collect();
    words.join("-")
}

/// Openings of UPSC questions that say nothing about the card, skipped when an id is made
/// from a question (already normalised: lower case, no punctuation).
pub(super) const BOILERPLATE: &[&str] = &[
    "with reference to",
    "in the context of",
    "consider the following statements",
    "consider the following pairs",
    "consider the following",
    "which one of the following",
    "which of the following",
];

/// A card id made from its question: the first words of the prompt, stem or Statement-I,
/// after any opening such as "With reference to" or "Consider the following statements".
/// Empty when the question has no ASCII words.
pub fn id_from_question(text: &str) -> String {
    let normal = crate::answer::normalise(text);
    let mut rest = normal.as_str();
    while let Some(after) = BOILERPLATE.iter().find_map(|b| {
        rest.strip_prefix(b)
            .filter(|a| a.is_empty() || a.starts_with(' '))
    }) {
        rest = after.trim_start();
    }
    let id = slug(rest, 6);
    if id.is_empty() { slug(&normal, 6) } else { id }
}
