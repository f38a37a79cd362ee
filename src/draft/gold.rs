//! Measuring drafts against a gold list (`tests/fixtures/draft/gold.txt`, described in
//! docs/draft.md): each line names a fact by the words a draft must contain to ask it.
//! A fact is covered when some one draft's text holds every one of its words, case
//! folded and digit groups read without commas. `benches/draft.rs --coverage` runs it
//! over the bundled articles by hand; the tests run it over synthetic ones.

/// One fact of a gold list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fact {
    /// The source note of the article it is asked from.
    pub source: String,
    /// Where it comes from (the card that tests it).
    pub name: String,
    pub words: Vec<String>,
}

/// Reads `source | name | word, word` lines; `#` lines and blank lines are skipped.
pub fn parse(text: &str) -> Vec<Fact> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(|line| {
            let mut parts = line.splitn(3, '|').map(str::trim);
            let source = parts.next()?.to_string();
            let name = parts.next()?.to_string();
            let words: Vec<String> = parts
                .next()?
                .split(',')
                .map(|w| normalise(w.trim()))
                .filter(|w| !w.is_empty())
                .collect();
            (!words.is_empty()).then_some(Fact {
                source,
                name,
                words,
            })
        })
        .collect()
}

/// Text folded for matching: lower case, commas between digits dropped, spacing single.
pub fn normalise(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, c) in chars.iter().enumerate() {
        let digit_comma = *c == ','
            && i > 0
            && chars[i - 1].is_ascii_digit()
            && chars.get(i + 1).is_some_and(char::is_ascii_digit);
        if !digit_comma {
            out.extend(c.to_lowercase());
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// For each fact, whether some draft (its whole text, already [`normalise`]d) asks it.
pub fn covered(facts: &[Fact], drafts: &[String]) -> Vec<bool> {
    facts
        .iter()
        .map(|fact| {
            drafts
                .iter()
                .any(|d| fact.words.iter().all(|w| has_word(d, w)))
        })
        .collect()
}

/// Whether `text` holds `word` as a whole word (or words): "oda" is not in "today", "2+2" is
/// in "the 2+2 dialogue", "10" is not in "100".
pub fn has_word(text: &str, word: &str) -> bool {
    let edge = |c: Option<char>| !c.is_some_and(char::is_alphanumeric);
    text.match_indices(word).any(|(at, _)| {
        edge(text[..at].chars().next_back()) && edge(text[at + word.len()..].chars().next())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fact_is_covered_only_when_one_draft_has_all_its_words() {
        let facts = parse("# comment\na | x/one | 50000, Nurses\nb | x/two | Lima, Quito\n");
        assert_eq!(facts.len(), 2);
        assert_eq!(
            facts[0].words,
            vec!["50000".to_string(), "nurses".to_string()]
        );
        let drafts = vec![
            normalise("How many NURSES? 50,000"),
            normalise("Lima is here"),
            normalise("Quito too"),
        ];
        assert_eq!(covered(&facts, &drafts), vec![true, false]);
        // Whole words only: "oda" is not asked by a draft about today, nor 10 by one of 100.
        let facts = parse("a | x/oda | ODA\na | x/ten | 10, trillion\n");
        let drafts = vec![normalise("What happened today? 100 trillion")];
        assert_eq!(covered(&facts, &drafts), vec![false, false]);
        let drafts = vec![normalise("ODA of ¥10 trillion.")];
        assert_eq!(covered(&facts, &drafts), vec![true, true]);
    }
}
