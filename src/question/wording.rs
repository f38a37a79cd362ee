//! The exact words of the Commission's papers, in one place, in both house styles.
//!
//! This module owns every UPSC wording the program prints or reads: item numbering
//! (`1.` or `I.`), codes (`1 and 2 only`, `Both I and II`, `Neither I nor II`), counts
//! (`Only one`, `All three`, `All the four`), the closing lines (of statements, pairs and
//! rows), the Statement-I/II/III labels and the four options of a Statement question — as printed in the 2023 paper ([`Style::Y2023`]), the 2024 paper ([`Style::Y2024`]) and from
//! the 2025 paper on ([`Style::Y2025`], the default). It also reads options as authors write them
//! ([`read_option`]) and says whether one is right ([`Written::fits`]), and holds the
//! truth tables of the Statement questions ([`assertion_fits`],
//! [`three_statement_fits`]). It depends on nothing else in the crate.

use serde::{Deserialize, Serialize};

/// The Commission's house style: how items are numbered and how codes, counts, labels
/// and the Statement options are worded. `style = "2023"`, `"2024"` or `"2025"` on
/// `[deck]` or a card; `"2025"` when not given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Style {
    /// GS Paper I of 2023 (the first year of Statement-I/II questions): numbered and
    /// counted as 2024, with the Statement options "… Statement-II is the correct
    /// explanation for Statement-I", "… is not the correct explanation …".
    #[serde(rename = "2023")]
    Y2023,
    /// GS Paper I of 2024: `1.`, `1 and 2 only`, `All three`, `Statement-I :`.
    #[serde(rename = "2024")]
    Y2024,
    /// GS Paper I of 2025 on: `I.`, `I and II only`, `All the three`, `Statement I :`.
    #[default]
    #[serde(rename = "2025")]
    Y2025,
}

impl Style {
    pub const ALL: [Style; 3] = [Style::Y2023, Style::Y2024, Style::Y2025];

    /// The value written in a deck: `"2023"`, `"2024"` or `"2025"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Style::Y2023 => "2023",
            Style::Y2024 => "2024",
            Style::Y2025 => "2025",
        }
    }

    pub fn parse(text: &str) -> Option<Style> {
        Style::ALL.into_iter().find(|s| s.as_str() == text)
    }

    pub fn is_default(&self) -> bool {
        *self == Style::default()
    }

    fn numerals(self) -> Numerals {
        match self {
            Style::Y2023 | Style::Y2024 => Numerals::Arabic,
            Style::Y2025 => Numerals::Roman,
        }
    }
}

/// What a statements question asks for: the correct statements (the default) or the
/// ones that are not correct (`ask = "not-correct"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Ask {
    #[default]
    Correct,
    NotCorrect,
}

impl Ask {
    pub fn is_correct(&self) -> bool {
        *self == Ask::Correct
    }
}

pub(crate) const OPTION_LETTERS: [&str; 6] = ["(a)", "(b)", "(c)", "(d)", "(e)", "(f)"];

/// The opening line of every Statement-I/II(/III) question, in both styles: the 2024 and
/// 2025 papers print it before each one (an assertion card's `stem` replaces it).
pub(crate) const ASSERTION_STEM: &str = "Consider the following statements :";

/// The closing line of every Statement-I/II(/III) question, in both styles.
pub(crate) const ASSERTION_ASK: &str =
    "Which one of the following is correct in respect of the above statements?";

/// The 2025 closing lines, for callers that describe the forms without a card at hand.
pub(crate) const WHICH_STATEMENTS: &str = "Which of the statements given above is/are correct?";
pub(crate) const HOW_MANY_STATEMENTS: &str = "How many of the statements given above are correct?";
pub(crate) const HOW_MANY_PAIRS: &str = "How many of the pairs given above are correctly matched?";
pub(crate) const WHICH_PAIRS: &str = "Which of the pairs given above is/are correctly matched?";

/// "Which of the statements given above is/are correct?" and its not-correct variant.
pub(crate) fn which_statements(ask: Ask) -> &'static str {
    match ask {
        Ask::Correct => WHICH_STATEMENTS,
        Ask::NotCorrect => "Which of the statements given above are not correct?",
    }
}

/// "How many of the statements given above are correct?" and its not-correct variant, in
/// both styles: the 2025 paper prints it so, and so did the 2023 paper in the Arabic style
/// (the 2024 paper asked no how-many question over statements).
pub(crate) fn how_many_statements(ask: Ask) -> &'static str {
    match ask {
        Ask::Correct => HOW_MANY_STATEMENTS,
        Ask::NotCorrect => "How many of the statements given above are not correct?",
    }
}

/// The closing line of a "which" pairs question, and its not-correct variant (`ask =
/// "not-correct"` on pairs, as the papers of 2013 to 2019 asked).
pub(crate) fn which_pairs(ask: Ask) -> &'static str {
    match ask {
        Ask::Correct => WHICH_PAIRS,
        Ask::NotCorrect => "Which of the pairs given above is/are not correctly matched?",
    }
}

/// "How many of the pairs given above are correctly matched?", in every style: the
/// wording of three of the four pairs questions of 2024 and three of the seven of 2025
/// (the others print "How many of the above pairs are correctly matched?", which a card
/// writes as its `question`); and its not-correct variant.
pub(crate) fn how_many_pairs(ask: Ask) -> &'static str {
    match ask {
        Ask::Correct => HOW_MANY_PAIRS,
        Ask::NotCorrect => "How many of the pairs given above are not correctly matched?",
    }
}

/// The closing lines of a rows question (a table with headings), the same in both styles.
pub(crate) const HOW_MANY_ROWS: &str =
    "In how many of the above rows is the given information correctly matched?";
pub(crate) const WHICH_ROWS: &str =
    "In which of the above rows is the given information correctly matched?";

/// "In how many of the above rows is the given information correctly matched?"
pub(crate) fn how_many_rows() -> &'static str {
    HOW_MANY_ROWS
}

/// "In which of the above rows is the given information correctly matched?"
pub(crate) fn which_rows() -> &'static str {
    WHICH_ROWS
}

const ROMAN: [&str; 10] = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"];
const WORDS: [&str; 10] = [
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
];

/// Item number `n` (1-based) as the style writes it: `3` or `III`.
pub(crate) fn numeral(n: usize, style: Style) -> String {
    match style.numerals() {
        Numerals::Roman => n
            .checked_sub(1)
            .and_then(|i| ROMAN.get(i))
            .map_or_else(|| n.to_string(), |r| r.to_string()),
        Numerals::Arabic => n.to_string(),
    }
}

/// The label before item `n` (1-based) of a list: `3.` or `III.`.
pub(crate) fn item_label(n: usize, style: Style) -> String {
    format!("{}.", numeral(n, style))
}

/// The label before Statement `n` (1 to 3) of a Statement question: `Statement II :`
/// (2025) or `Statement-II :` (2024).
pub(crate) fn statement_label(n: usize, style: Style) -> String {
    let roman = n
        .checked_sub(1)
        .and_then(|i| ROMAN.get(i))
        .copied()
        .unwrap_or("I");
    match style {
        Style::Y2025 => format!("Statement {roman} :"),
        Style::Y2023 | Style::Y2024 => format!("Statement-{roman} :"),
    }
}

fn join_numbers(items: &[usize], style: Style) -> String {
    let names: Vec<String> = items.iter().map(|i| numeral(i + 1, style)).collect();
    match names.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// The code for a set of items (0-based, sorted) out of `total`: `1 only`, `1 and 2
/// only`, `Both 1 and 2`, `1, 2 and 3`, `Neither 1 nor 2` — or with `I`, `II`, … in 2025.
pub(crate) fn code(items: &[usize], total: usize, style: Style) -> String {
    match (items.len(), total) {
        (0, 2) => format!("Neither {} nor {}", numeral(1, style), numeral(2, style)),
        (0, _) => "None of the above".to_string(),
        (2, 2) => format!("Both {} and {}", numeral(1, style), numeral(2, style)),
        (n, t) if n == t => join_numbers(items, style),
        _ => format!("{} only", join_numbers(items, style)),
    }
}

fn count_word(n: usize) -> String {
    n.checked_sub(1)
        .and_then(|i| WORDS.get(i))
        .map_or_else(|| n.to_string(), |w| w.to_string())
}

/// A count of correct statements out of `total`: `None`, `Only one`, `Only two`, `Both`
/// (of two), and for all of them `All three` (2023, 2024) or `All the three` (2025).
pub(crate) fn how_many(count: usize, total: usize, style: Style) -> String {
    match (count, total, style) {
        (0, _, _) => "None".to_string(),
        (2, 2, _) => "Both".to_string(),
        (c, t, Style::Y2025) if c == t => format!("All the {}", count_word(c)),
        (c, t, Style::Y2023 | Style::Y2024) if c == t => format!("All {}", count_word(c)),
        (c, _, _) => format!("Only {}", count_word(c)),
    }
}

/// A count of correctly matched pairs out of `total`: the words of [`how_many`], as three
/// of the four pairs questions of 2024 and every one of 2025 count them. (2024 also
/// printed `Only one pair`, `Only two pairs`, `All three pairs`, `None of the pairs` once;
/// a card writes those as its `options`.)
pub(crate) fn how_many_pairs_matched(count: usize, total: usize, style: Style) -> String {
    how_many(count, total, style)
}

/// The counts offered by a how-many question over three or four items: three items have
/// `None` as the fourth option; four items have `Only three` and `All four` instead.
/// (Five and six items offer a run of four counts, chosen by the presenter.)
pub(crate) fn how_many_options(total: usize) -> Vec<usize> {
    if total == 4 {
        vec![1, 2, 3, 4]
    } else {
        vec![1, 2, 3, 0]
    }
}

/// The four options of a two-statement question, (a) to (d).
pub(crate) fn assertion_options(style: Style) -> [&'static str; 4] {
    match style {
        Style::Y2023 => [
            "Both Statement-I and Statement-II are correct and Statement-II is the correct explanation for Statement-I",
            "Both Statement-I and Statement-II are correct and Statement-II is not the correct explanation for Statement-I",
            "Statement-I is correct but Statement-II is incorrect",
            "Statement-I is incorrect but Statement-II is correct",
        ],
        Style::Y2025 => [
            "Both Statement I and Statement II are correct and Statement II explains Statement I",
            "Both Statement I and Statement II are correct but Statement II does not explain Statement I",
            "Statement I is correct but Statement II is not correct",
            "Statement I is not correct but Statement II is correct",
        ],
        Style::Y2024 => [
            "Both Statement-I and Statement-II are correct and Statement-II explains Statement-I",
            "Both Statement-I and Statement-II are correct, but Statement-II does not explain Statement-I",
            "Statement-I is correct, but Statement-II is incorrect",
            "Statement-I is incorrect, but Statement-II is correct",
        ],
    }
}

/// The four options of a three-statement question, (a) to (d). The 2023 paper set no
/// three-statement question: its style words them as 2024 did.
pub(crate) fn three_statement_options(style: Style) -> [&'static str; 4] {
    match style {
        Style::Y2025 => [
            "Both Statement II and Statement III are correct and both of them explain Statement I",
            "Both Statement II and Statement III are correct but only one of them explains Statement I",
            "Only one of the Statements II and III is correct and that explains Statement I",
            "Neither Statement II nor Statement III is correct",
        ],
        Style::Y2023 | Style::Y2024 => [
            "Both Statement-II and Statement-III are correct and both of them explain Statement-I",
            "Both Statement-II and Statement-III are correct, but only one of them explains Statement-I",
            "Only one of the Statements II and III is correct and that explains Statement-I",
            "Neither Statement-II nor Statement-III is correct",
        ],
    }
}

/// Which of the four two-statement options are true of the statements: (a) both correct
/// and II explains I, (b) both correct and II does not, (c) only I correct, (d) only II
/// correct. Both false fits none of them.
pub(crate) fn assertion_fits(first: bool, second: bool, explains: bool) -> [bool; 4] {
    [
        first && second && explains,
        first && second && !explains,
        first && !second,
        !first && second,
    ]
}

/// Which of the four three-statement options are true: (a) II and III correct and both
/// explain I, (b) both correct and only one explains I, (c) exactly one of II and III
/// correct and it explains I, (d) neither II nor III correct. `explains2`/`explains3`:
/// whether Statement II/III explains Statement I (meaningful only when it is correct). An
/// explanation needs a correct Statement I, so when I is false only (d) can fit.
pub(crate) fn three_statement_fits(
    first: bool,
    second: bool,
    third: bool,
    explains2: bool,
    explains3: bool,
) -> [bool; 4] {
    let explaining = usize::from(second && explains2) + usize::from(third && explains3);
    [
        first && second && third && explaining == 2,
        first && second && third && explaining == 1,
        first && (second != third) && explaining == 1,
        !second && !third,
    ]
}

/// How the items of a written code are numbered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Numerals {
    Arabic,
    Roman,
}

/// What a written option says, as [`read_option`] reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Written {
    /// A code naming exactly which items: `II, III and IV`, `3 and 4`, `2 only`, `Both I
    /// and II`; `Neither 1 nor 2` and `None of the above …` name none (`items` empty).
    Items {
        /// 0-based, sorted, distinct.
        items: Vec<usize>,
        /// Every item number the option writes, 1-based (for `Neither 1 nor 2` too).
        named: Vec<usize>,
        /// `None` when the option writes no numbers (`None of the above …`).
        numerals: Option<Numerals>,
    },
    /// A count: `Only four`, `All the six` (`all` set), `None`; `Only one pair`, `None of
    /// the pairs`, `All three rows` (`noun` set).
    Count {
        count: usize,
        all: bool,
        noun: Option<Counted>,
    },
}

/// What a count option names when it says: `Only two pairs`, `None of the rows`, `Only
/// one State`, `All four States`. A count that names nothing (`Only two`) counts whatever
/// the card has. The noun is any noun, in the singular after `one` and in the plural
/// otherwise (`Only one State`, `Only two States`); `pairs`, `rows` and `statements` must
/// be the card's own items, any other noun counts the items of a list (a statements card).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Counted {
    /// The noun in the plural, lower-cased: `pairs`, `states`, `union territories`.
    plural: String,
}

/// Nouns whose plural does not add `s` or `es`, and nouns the same in both numbers.
const IRREGULAR: [(&str, &str); 10] = [
    ("person", "people"),
    ("child", "children"),
    ("man", "men"),
    ("woman", "women"),
    ("datum", "data"),
    ("criterion", "criteria"),
    ("phenomenon", "phenomena"),
    ("medium", "media"),
    ("species", "species"),
    ("series", "series"),
];

/// Words that end a count's phrase without being its noun ("Only one of them").
const NOT_NOUNS: [&str; 14] = [
    "of", "the", "a", "an", "and", "or", "nor", "is", "are", "them", "these", "those", "above",
    "given",
];

/// The plural of an English noun: `state` → `states`, `city` → `cities`, `bus` → `buses`.
pub(crate) fn plural_of(word: &str) -> String {
    if let Some((_, plural)) = IRREGULAR.iter().find(|(one, _)| *one == word) {
        return plural.to_string();
    }
    let before_y = word.strip_suffix('y');
    match before_y {
        Some(stem) if stem.chars().last().is_some_and(|c| !"aeiou".contains(c)) => {
            format!("{stem}ies")
        }
        _ if ["s", "x", "z", "ch", "sh"]
            .iter()
            .any(|e| word.ends_with(e)) =>
        {
            format!("{word}es")
        }
        _ => format!("{word}s"),
    }
}

/// Whether `word` reads as a plural noun: an irregular plural, or ending in `s` but not in
/// `ss`, `us` or `is` (`class`, `bus`, `basis` are singular).
fn is_plural(word: &str) -> bool {
    IRREGULAR.iter().any(|(_, plural)| *plural == word)
        || (word.ends_with('s') && !["ss", "us", "is"].iter().any(|e| word.ends_with(e)))
}

/// Whether `word` reads as a singular noun (`species` is both).
fn is_singular(word: &str) -> bool {
    IRREGULAR.iter().any(|(one, _)| *one == word) || !is_plural(word)
}

impl Counted {
    /// The noun in the plural, lower-cased, as it names the items in messages.
    pub(crate) fn plural(&self) -> &str {
        &self.plural
    }

    /// The card's items this noun must count: `pairs`, `rows` or `statements` for those
    /// nouns; any other noun counts the items of a list, which a statements card holds.
    fn items(&self) -> &str {
        match self.plural.as_str() {
            "pairs" => "pairs",
            "rows" => "rows",
            _ => "statements",
        }
    }

    /// Reads the words after a count (lower-cased), in the number the count asks for:
    /// singular after one, plural otherwise.
    fn read(words: &[&str], count: usize) -> Option<Counted> {
        let (last, before) = words.split_last()?;
        let word_like = |w: &&str| {
            !NOT_NOUNS.contains(w)
                && w.chars().next().is_some_and(char::is_alphabetic)
                && w.chars()
                    .all(|c| c.is_alphabetic() || c == '-' || c == '\'')
        };
        if words.len() > 4 || !words.iter().all(word_like) {
            return None;
        }
        let plural = if count == 1 {
            is_singular(last).then(|| plural_of(last))?
        } else {
            is_plural(last).then(|| last.to_string())?
        };
        let mut noun: Vec<String> = before.iter().map(|w| w.to_string()).collect();
        noun.push(plural);
        Some(Counted {
            plural: noun.join(" "),
        })
    }
}

/// Why an option cannot be read: a one-line reason.
pub(crate) const NOT_AN_OPTION: &str = "is neither a code such as `I and II only`, `Both I and II`, `Neither I nor II` nor a count such as `Only two` or `All the four`";

/// An option that is neither a code nor a count ([`NOT_AN_OPTION`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct NotAnOption;

impl std::fmt::Display for NotAnOption {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(NOT_AN_OPTION)
    }
}

impl std::error::Error for NotAnOption {}

fn read_number(word: &str) -> Option<(usize, Numerals)> {
    if let Ok(n) = word.parse::<usize>() {
        return (1..=10).contains(&n).then_some((n, Numerals::Arabic));
    }
    let upper = word.to_uppercase();
    ROMAN
        .iter()
        .position(|r| *r == upper)
        .map(|i| (i + 1, Numerals::Roman))
}

fn read_count(word: &str) -> Option<usize> {
    WORDS
        .iter()
        .position(|w| *w == word)
        .map(|i| i + 1)
        .or_else(|| word.parse().ok().filter(|n| (1..=10).contains(n)))
}

/// Reads a list of item numbers: `I`, `I and II`, `I, II and III` (commas already split
/// off as their own words). Every number is read; the joining words must be in place.
fn read_list(words: &[&str]) -> Option<(Vec<usize>, Numerals)> {
    let mut numbers = Vec::new();
    let mut numerals = None;
    for (i, word) in words.iter().enumerate() {
        if i % 2 == 0 {
            let (n, kind) = read_number(word)?;
            if numerals.is_some_and(|k| k != kind) {
                return None;
            }
            numerals = Some(kind);
            numbers.push(n);
        } else {
            let last_joint = i + 2 == words.len();
            let expected = if last_joint { "and" } else { "," };
            if *word != expected {
                return None;
            }
        }
    }
    if words.len().is_multiple_of(2) {
        return None;
    }
    Some((numbers, numerals?))
}

fn items(named: Vec<usize>, numerals: Option<Numerals>, none: bool) -> Option<Written> {
    let mut items: Vec<usize> = if none {
        Vec::new()
    } else {
        named.iter().map(|n| n - 1).collect()
    };
    items.sort_unstable();
    let before = items.len();
    items.dedup();
    if items.len() != before {
        return None;
    }
    Some(Written::Items {
        items,
        named,
        numerals,
    })
}

/// Reads an option as written in a deck: a code or a count, case and spacing aside.
pub(crate) fn read_option(text: &str) -> Result<Written, NotAnOption> {
    let lower = text
        .trim()
        .trim_end_matches('.')
        .to_lowercase()
        .replace(',', " , ");
    let words: Vec<&str> = lower.split_whitespace().collect();
    let parsed = match words.as_slice() {
        ["none"] => Some(Written::Count {
            count: 0,
            all: false,
            noun: None,
        }),
        ["none", "of", "the", "above", ..] => items(Vec::new(), None, true),
        ["none", "of", "the", noun @ ..] => Some(Written::Count {
            count: 0,
            all: false,
            noun: Some(Counted::read(noun, 0).ok_or(NotAnOption)?),
        }),
        ["neither", a, "nor", b] => {
            let ((a, ka), (b, kb)) = (
                read_number(a).ok_or(NotAnOption)?,
                read_number(b).ok_or(NotAnOption)?,
            );
            if ka == kb {
                items(vec![a, b], Some(ka), true)
            } else {
                None
            }
        }
        ["both", a, "and", b] => read_list(&[*a, "and", *b])
            .and_then(|(named, numerals)| items(named, Some(numerals), false)),
        ["only", n, rest @ ..] | ["all", "the", n, rest @ ..] | ["all", n, rest @ ..] => {
            let count = read_count(n).ok_or(NotAnOption)?;
            let noun = match rest {
                [] => None,
                words => Some(Counted::read(words, count).ok_or(NotAnOption)?),
            };
            Some(Written::Count {
                count,
                all: words[0] == "all",
                noun,
            })
        }
        [list @ .., "only"] => {
            read_list(list).and_then(|(named, numerals)| items(named, Some(numerals), false))
        }
        list if list.len() >= 3 => {
            read_list(list).and_then(|(named, numerals)| items(named, Some(numerals), false))
        }
        // A lone numeral names exactly that item, as the 2026 paper's "(d) 3" does.
        [single] => {
            read_list(&[*single]).and_then(|(named, numerals)| items(named, Some(numerals), false))
        }
        _ => None,
    };
    parsed.ok_or(NotAnOption)
}

impl Written {
    /// Whether this option is the right answer when `target` marks the items asked for
    /// (the correct ones, or the not-correct ones); `Err` with a reason when the option
    /// does not fit the card: an item it does not have, `All four` over three items,
    /// numbers not in the card's style, a count of pairs over statements. `noun` names the
    /// card's items: `"statements"`, `"pairs"` or `"rows"`.
    pub(crate) fn fits(&self, target: &[bool], style: Style, noun: &str) -> Result<bool, String> {
        let total = target.len();
        let chosen: Vec<usize> = (0..total).filter(|&i| target[i]).collect();
        match self {
            Written::Items {
                items,
                named,
                numerals,
            } => {
                if let Some(&n) = named.iter().find(|&&n| n > total) {
                    return Err(format!(
                        "names item {} but the card has {total} {noun}",
                        numeral(n, style)
                    ));
                }
                if let Some(numerals) = numerals
                    && *numerals != style.numerals()
                {
                    let (these, those) = match style {
                        Style::Y2025 => ("1, 2, 3", "I, II, III"),
                        Style::Y2023 | Style::Y2024 => ("I, II, III", "1, 2, 3"),
                    };
                    return Err(format!(
                        "numbers the items {these} but style \"{}\" numbers them {those}",
                        style.as_str()
                    ));
                }
                Ok(*items == chosen)
            }
            Written::Count {
                count,
                all,
                noun: counted,
            } => {
                if let Some(counted) = counted
                    && counted.items() != noun
                {
                    return Err(format!(
                        "counts {} but the card has {noun}",
                        counted.plural()
                    ));
                }
                if *count > total {
                    return Err(format!("counts {count} but the card has {total} {noun}"));
                }
                if *all && *count != total {
                    return Err(format!("says all {count} but the card has {total} {noun}"));
                }
                Ok(*count == chosen.len())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const Y24: Style = Style::Y2024;
    const Y25: Style = Style::Y2025;

    #[test]
    fn styles_read_as_written() {
        assert_eq!(Style::parse("2024"), Some(Y24));
        assert_eq!(Style::parse("2025"), Some(Y25));
        assert_eq!(Style::parse("2023"), Some(Style::Y2023));
        assert_eq!(Style::parse("2022"), None);
        assert_eq!(Style::default(), Y25);
        assert_eq!(
            serde_json::to_string(&Y24).ok().as_deref(),
            Some("\"2024\"")
        );
    }

    #[test]
    fn numbering_and_labels_in_both_styles() {
        assert_eq!(item_label(1, Y24), "1.");
        assert_eq!(item_label(4, Y24), "4.");
        assert_eq!(item_label(1, Y25), "I.");
        assert_eq!(item_label(4, Y25), "IV.");
        assert_eq!(item_label(6, Y25), "VI.");
        assert_eq!(statement_label(1, Y25), "Statement I :");
        assert_eq!(statement_label(3, Y25), "Statement III :");
        assert_eq!(statement_label(2, Y24), "Statement-II :");
    }

    #[test]
    fn codes_in_both_styles() {
        for (items, total, y24, y25) in [
            (&[0][..], 2, "1 only", "I only"),
            (&[1], 2, "2 only", "II only"),
            (&[0, 1], 2, "Both 1 and 2", "Both I and II"),
            (&[], 2, "Neither 1 nor 2", "Neither I nor II"),
            (&[0, 1], 3, "1 and 2 only", "I and II only"),
            (&[1, 2], 3, "2 and 3 only", "II and III only"),
            (&[0, 2], 3, "1 and 3 only", "I and III only"),
            (&[0, 1, 2], 3, "1, 2 and 3", "I, II and III"),
            (&[0, 1, 3], 4, "1, 2 and 4 only", "I, II and IV only"),
            (&[0, 1, 2, 3], 4, "1, 2, 3 and 4", "I, II, III and IV"),
            (&[], 3, "None of the above", "None of the above"),
        ] {
            assert_eq!(code(items, total, Y24), y24);
            assert_eq!(code(items, total, Y25), y25);
        }
    }

    #[test]
    fn counts_in_both_styles() {
        let words = |total: usize, style| -> Vec<String> {
            how_many_options(total)
                .into_iter()
                .map(|c| how_many(c, total, style))
                .collect()
        };
        assert_eq!(words(3, Y24), ["Only one", "Only two", "All three", "None"]);
        assert_eq!(
            words(3, Y25),
            ["Only one", "Only two", "All the three", "None"]
        );
        assert_eq!(
            words(4, Y24),
            ["Only one", "Only two", "Only three", "All four"]
        );
        assert_eq!(
            words(4, Y25),
            ["Only one", "Only two", "Only three", "All the four"]
        );
        let six: Vec<String> = (3..=6).map(|c| how_many(c, 6, Y25)).collect();
        assert_eq!(six, ["Only three", "Only four", "Only five", "All the six"]);
        assert_eq!(how_many(6, 6, Y24), "All six");
        assert_eq!(how_many(2, 2, Y25), "Both");
        // Pairs are counted in the same words (2024 and 2025 alike).
        let pairs: Vec<String> = [1, 2, 3, 0]
            .into_iter()
            .map(|c| how_many_pairs_matched(c, 3, Y24))
            .collect();
        assert_eq!(pairs, ["Only one", "Only two", "All three", "None"]);
        assert_eq!(how_many_pairs_matched(3, 3, Y25), "All the three");
        assert_eq!(how_many_pairs_matched(4, 4, Y24), "All four");
    }

    #[test]
    fn closing_lines_are_the_same_in_every_style() {
        // Every style prints these the same, so they take no style.
        assert_eq!(
            which_statements(Ask::Correct),
            "Which of the statements given above is/are correct?"
        );
        assert_eq!(
            which_statements(Ask::NotCorrect),
            "Which of the statements given above are not correct?"
        );
        assert_eq!(
            how_many_statements(Ask::Correct),
            "How many of the statements given above are correct?"
        );
        assert_eq!(
            how_many_statements(Ask::NotCorrect),
            "How many of the statements given above are not correct?"
        );
        assert_eq!(
            how_many_pairs(Ask::Correct),
            "How many of the pairs given above are correctly matched?"
        );
        assert_eq!(
            which_pairs(Ask::Correct),
            "Which of the pairs given above is/are correctly matched?"
        );
        assert_eq!(
            how_many_pairs(Ask::NotCorrect),
            "How many of the pairs given above are not correctly matched?"
        );
        assert_eq!(
            which_pairs(Ask::NotCorrect),
            "Which of the pairs given above is/are not correctly matched?"
        );
        assert_eq!(
            how_many_rows(),
            "In how many of the above rows is the given information correctly matched?"
        );
        assert_eq!(
            which_rows(),
            "In which of the above rows is the given information correctly matched?"
        );
    }

    #[test]
    fn statement_options_as_the_issue_quotes_them() {
        assert_eq!(
            assertion_options(Y25),
            [
                "Both Statement I and Statement II are correct and Statement II explains Statement I",
                "Both Statement I and Statement II are correct but Statement II does not explain Statement I",
                "Statement I is correct but Statement II is not correct",
                "Statement I is not correct but Statement II is correct",
            ]
        );
        assert_eq!(
            assertion_options(Y24)[1],
            "Both Statement-I and Statement-II are correct, but Statement-II does not explain Statement-I"
        );
        assert_eq!(
            assertion_options(Y24)[3],
            "Statement-I is incorrect, but Statement-II is correct"
        );
        assert_eq!(
            three_statement_options(Y25)[2],
            "Only one of the Statements II and III is correct and that explains Statement I"
        );
        assert_eq!(
            three_statement_options(Y24)[1],
            "Both Statement-II and Statement-III are correct, but only one of them explains Statement-I"
        );
    }

    #[test]
    fn the_2023_style_words_statements_as_the_2023_paper() {
        const Y23: Style = Style::Y2023;
        assert_eq!(
            assertion_options(Y23),
            [
                "Both Statement-I and Statement-II are correct and Statement-II is the correct explanation for Statement-I",
                "Both Statement-I and Statement-II are correct and Statement-II is not the correct explanation for Statement-I",
                "Statement-I is correct but Statement-II is incorrect",
                "Statement-I is incorrect but Statement-II is correct",
            ]
        );
        assert_eq!(statement_label(2, Y23), "Statement-II :");
        // Numbered and counted as 2024.
        assert_eq!(item_label(3, Y23), "3.");
        assert_eq!(code(&[0, 2], 3, Y23), "1 and 3 only");
        assert_eq!(how_many(3, 3, Y23), "All three");
        assert_eq!(three_statement_options(Y23), three_statement_options(Y24));
    }

    #[test]
    fn nouns_are_pluralised() {
        for (one, many) in [
            ("state", "states"),
            ("city", "cities"),
            ("day", "days"),
            ("bus", "buses"),
            ("church", "churches"),
            ("person", "people"),
            ("species", "species"),
        ] {
            assert_eq!(plural_of(one), many);
        }
    }

    fn fitting(fits: [bool; 4]) -> Vec<usize> {
        (0..4).filter(|&i| fits[i]).collect()
    }

    #[test]
    fn two_statement_truth_table() {
        assert_eq!(fitting(assertion_fits(true, true, true)), [0]);
        assert_eq!(fitting(assertion_fits(true, true, false)), [1]);
        assert_eq!(fitting(assertion_fits(true, false, false)), [2]);
        assert_eq!(fitting(assertion_fits(false, true, false)), [3]);
        assert_eq!(
            fitting(assertion_fits(false, false, false)),
            [] as [usize; 0]
        );
    }

    #[test]
    fn three_statement_truth_table() {
        // Every combination of truths and explanations: the option that fits, if any.
        let none: &[usize] = &[];
        for first in [true, false] {
            for second in [true, false] {
                for third in [true, false] {
                    for e2 in [true, false] {
                        for e3 in [true, false] {
                            let got = fitting(three_statement_fits(first, second, third, e2, e3));
                            let explaining = usize::from(second && e2) + usize::from(third && e3);
                            let expected: &[usize] = if !second && !third {
                                &[3]
                            } else if !first {
                                none
                            } else if second && third {
                                match explaining {
                                    2 => &[0],
                                    1 => &[1],
                                    _ => none,
                                }
                            } else if explaining == 1 {
                                &[2]
                            } else {
                                none
                            };
                            assert_eq!(
                                got, expected,
                                "I {first} II {second} III {third} e2 {e2} e3 {e3}"
                            );
                        }
                    }
                }
            }
        }
        // The four cases spelt out.
        assert_eq!(
            fitting(three_statement_fits(true, true, true, true, true)),
            [0]
        );
        assert_eq!(
            fitting(three_statement_fits(true, true, true, true, false)),
            [1]
        );
        assert_eq!(
            fitting(three_statement_fits(true, false, true, false, true)),
            [2]
        );
        assert_eq!(
            fitting(three_statement_fits(true, false, false, false, false)),
            [3]
        );
        // A correct statement that does not explain: no option says so.
        assert_eq!(
            fitting(three_statement_fits(true, true, false, false, false)),
            none
        );
    }

    fn code_of(text: &str) -> (Vec<usize>, Option<Numerals>) {
        match read_option(text) {
            Ok(Written::Items {
                items, numerals, ..
            }) => (items, numerals),
            other => panic!("{text}: {other:?}"),
        }
    }

    fn count_of(text: &str) -> (usize, bool, Option<String>) {
        match read_option(text) {
            Ok(Written::Count { count, all, noun }) => {
                (count, all, noun.map(|n| n.plural().to_string()))
            }
            other => panic!("{text}: {other:?}"),
        }
    }

    #[test]
    fn reads_every_code_the_issue_quotes() {
        use Numerals::{Arabic, Roman};
        for (text, items, numerals) in [
            ("II, III and IV", vec![1, 2, 3], Some(Roman)),
            ("3 and 4", vec![2, 3], Some(Arabic)),
            ("2 only", vec![1], Some(Arabic)),
            ("Both I and II", vec![0, 1], Some(Roman)),
            ("Neither 1 nor 2", vec![], Some(Arabic)),
            ("Neither I nor II", vec![], Some(Roman)),
            ("None of the above statements is correct", vec![], None),
            ("None of the above", vec![], None),
            ("I only", vec![0], Some(Roman)),
            ("I and II only", vec![0, 1], Some(Roman)),
            ("I, II and III", vec![0, 1, 2], Some(Roman)),
            ("I, III, IV and V", vec![0, 2, 3, 4], Some(Roman)),
            ("I, II and V", vec![0, 1, 4], Some(Roman)),
            ("I and II", vec![0, 1], Some(Roman)),
            ("II only", vec![1], Some(Roman)),
            ("I and III", vec![0, 2], Some(Roman)),
            ("1 and 2 only", vec![0, 1], Some(Arabic)),
            ("1, 2 and 3", vec![0, 1, 2], Some(Arabic)),
            ("  both  1 and 2 ", vec![0, 1], Some(Arabic)),
            ("VI only", vec![5], Some(Roman)),
            // The 2026 paper's bare codes: "(c) 1 and 2", "(d) 3".
            ("3", vec![2], Some(Arabic)),
            ("II", vec![1], Some(Roman)),
        ] {
            assert_eq!(code_of(text), (items, numerals), "{text}");
        }
    }

    #[test]
    fn reads_every_count_the_issue_quotes() {
        let pairs = Some("pairs");
        let rows = Some("rows");
        let states = Some("states");
        for (text, count, all, noun) in [
            ("Only one", 1, false, None::<&str>),
            ("Only two", 2, false, None::<&str>),
            ("Only three", 3, false, None::<&str>),
            ("Only four", 4, false, None::<&str>),
            ("Only five", 5, false, None::<&str>),
            ("All three", 3, true, None::<&str>),
            ("All the three", 3, true, None::<&str>),
            ("All four", 4, true, None::<&str>),
            ("All the four", 4, true, None::<&str>),
            ("All the six", 6, true, None::<&str>),
            ("None", 0, false, None::<&str>),
            ("Only one pair", 1, false, pairs),
            ("Only two pairs", 2, false, pairs),
            ("All three pairs", 3, true, pairs),
            ("None of the pairs", 0, false, pairs),
            ("Only one row", 1, false, rows),
            ("Only two rows", 2, false, rows),
            ("All three rows", 3, true, rows),
            ("All the four rows", 4, true, rows),
            ("None of the rows", 0, false, rows),
            // Any noun, singular after one and plural otherwise (2022 to 2026).
            ("Only one State", 1, false, Some("states")),
            ("Only two States", 2, false, states),
            ("All four States", 4, true, states),
            ("All the four States", 4, true, states),
            ("None of the States", 0, false, states),
            ("Only one city", 1, false, Some("cities")),
            ("Only three cities", 3, false, Some("cities")),
            (
                "Only one Union Territory",
                1,
                false,
                Some("union territories"),
            ),
            (
                "Only two Union Territories",
                2,
                false,
                Some("union territories"),
            ),
            ("Only one statement", 1, false, Some("statements")),
            ("All seven", 7, true, None),
            ("All the nine", 9, true, None),
        ] {
            assert_eq!(
                count_of(text),
                (count, all, noun.map(str::to_string)),
                "{text}"
            );
        }
    }

    #[test]
    fn refuses_what_is_not_an_option() {
        // (A lone "1" is a code now: the 2026 paper prints options such as "(d) 3".)
        for text in [
            "",
            "I and 2 only",
            "1 and 2 and 3",
            "1, 2, 3",
            "1 and 1 only",
            "Only one pairs",
            "Only two row",
            "Only one States",
            "All four State",
            "Only two of them",
            "Only one of the States",
            "Only seventeen",
            "Neither I nor 2",
            "XI only",
            "All of the above",
            "Statement I is correct",
            "I, II only and III",
        ] {
            assert_eq!(read_option(text), Err(NotAnOption), "{text:?}");
        }
    }

    #[test]
    fn an_option_fits_when_it_names_the_items_asked_for() {
        let target = [true, false, true, true];
        let fits = |text: &str, style| -> Result<bool, String> {
            read_option(text)
                .map_err(|e| e.to_string())
                .and_then(|w| w.fits(&target, style, "statements"))
        };
        assert_eq!(fits("I, III and IV", Y25), Ok(true));
        assert_eq!(fits("I, III and IV only", Y25), Ok(true));
        assert_eq!(fits("I and III only", Y25), Ok(false));
        assert_eq!(fits("Only three", Y25), Ok(true));
        assert_eq!(fits("Only two", Y25), Ok(false));
        assert_eq!(fits("All the four", Y25), Ok(false));
        assert_eq!(fits("1, 3 and 4", Y24), Ok(true));
        assert_eq!(
            fits("None of the above statements is correct", Y25),
            Ok(false)
        );
        assert!(fits("I, II and V", Y25).is_err_and(|e| e.contains("item V")));
        assert!(fits("All the three", Y25).is_err_and(|e| e.contains("4 statements")));
        assert!(fits("1 and 3 only", Y25).is_err_and(|e| e.contains("style \"2025\"")));
        assert!(fits("Only two pairs", Y25).is_err_and(|e| e.contains("counts pairs")));
        assert!(fits("Only three rows", Y25).is_err_and(|e| e.contains("counts rows")));
        let rows = |text: &str| {
            read_option(text)
                .map_err(|e| e.to_string())
                .and_then(|w| w.fits(&target, Y25, "rows"))
        };
        assert_eq!(rows("Only three rows"), Ok(true));
        assert_eq!(
            rows("Only three"),
            Ok(true),
            "a plain count counts rows too"
        );
        assert_eq!(rows("I, III and IV"), Ok(true));
        assert!(rows("Only three States").is_err_and(|e| e.contains("counts states")));
        // Any other noun counts the items of a list.
        assert_eq!(fits("Only three States", Y25), Ok(true));
        assert_eq!(fits("Only one State", Y25), Ok(false));
        assert!(rows("Only three pairs").is_err());
        assert_eq!(
            read_option("Neither 1 nor 2").map(|w| w.fits(&[false, false], Y24, "statements")),
            Ok(Ok(true))
        );
    }
}
