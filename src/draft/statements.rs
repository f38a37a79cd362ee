//! Statements cards from a cluster of sentences about one subject: the paper's staple
//! ("With reference to …, consider the following statements"). Each examinable sentence of
//! a section (the lines under one heading, or one paragraph of prose) is condensed into a
//! statement in the program's own words ([`condense`]: the main clause, figures written the
//! house way, filler dropped, and any run of ten of the article's words broken by a
//! rewrite that keeps the sense; [`super::condense`]); a few of them are made false by the trap that fits (a
//! year or figure shifted, a rank shifted, an entity swapped for one of its class that the
//! article does not name, an absolute word inserted), each with its `why` taken from the
//! true fact. One card asks many facts at once, which is what lets a few dozen drafts ask
//! most of what an article says.

use std::sync::OnceLock;

use regex::Regex;
use unicode_segmentation::UnicodeSegmentation;

use super::clauses::clauses;
use super::condense::condense;
use super::drafting::{
    Context, Copies, Drafted, base, distractors, number_like, shifted_numbers, stable,
    statement_items, with_number, written_number,
};
use super::gazetteer::{self, Class};

/// Statements on one card, at most.
const MAX_STATEMENTS: usize = 4;

/// Past-tense verbs of doing: a statement with one is a clause
/// ([`super::clauses::has_verb`]).
pub(super) const DONE: &[&str] = &[
    "signed",
    "launched",
    "inaugurated",
    "unveiled",
    "adopted",
    "ratified",
    "hosted",
    "commissioned",
    "approved",
    "introduced",
    "established",
    "funded",
    "pledged",
    "agreed",
    "held",
    "visited",
    "announced",
    "joined",
    "released",
    "conducted",
    "concluded",
    "exchanged",
    "travelled",
    "set",
    "opened",
];

fn regex(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pattern).unwrap_or_else(|e| panic!("bad pattern: {e}")))
}

/// A figure a statement may shift: a currency, a number, a scale.
fn figure_pattern() -> &'static Regex {
    static CELL: OnceLock<Regex> = OnceLock::new();
    regex(
        &CELL,
        r"(?i)(?:₹|rs\.?\s?|\$|us\$|¥)?\b\d[\d,]*(?:\.\d+)?(?:\s?(?:lakh crore|lakh|crore|trillion|billion|million|%))?",
    )
}

fn year_pattern() -> &'static Regex {
    static CELL: OnceLock<Regex> = OnceLock::new();
    regex(&CELL, r"\b(19\d\d|20\d\d)\b")
}

fn ordinal_pattern() -> &'static Regex {
    static CELL: OnceLock<Regex> = OnceLock::new();
    regex(&CELL, r"\b(\d{1,3})(st|nd|rd|th)\b")
}

pub(super) fn ordinal(n: u32) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// A false version of `statement` by the trap that fits, with its `why` and tag.
struct Trap {
    text: String,
    why: String,
    tag: &'static str,
}

/// Every trap that fits `statement`, best first.
fn traps(ctx: &Context, statement: &str, seed: u64, main: &[String]) -> Vec<Trap> {
    let g = gazetteer::get();
    let mut out = Vec::new();
    let body = statement.trim_end_matches('.');
    // A year shifted (not one end of a range "2023–24", "2000–2023").
    for m in year_pattern().find_iter(statement) {
        let before = statement[..m.start()].chars().next_back();
        let after = statement[m.end()..].chars().next();
        if matches!(before, Some('–' | '-' | '/')) || matches!(after, Some('–' | '-' | '/')) {
            continue;
        }
        let Ok(year) = m.as_str().parse::<i32>() else {
            continue;
        };
        let shift = [2, -1, 1, -2, 3][(seed % 5) as usize];
        let wrong = year + shift;
        out.push(Trap {
            text: format!(
                "{}{wrong}{}",
                &statement[..m.start()],
                &statement[m.end()..]
            ),
            why: format!("The year is {year}, not {wrong}."),
            tag: "trap-year-shifted",
        });
        break;
    }
    // A rank or an edition shifted ("5th largest" → "3rd largest").
    if let Some(c) = ordinal_pattern().captures(statement)
        && let (Some(all), Some(n)) = (c.get(0), c.get(1))
        && let Ok(n) = n.as_str().parse::<u32>()
    {
        let wrong = if n <= 2 {
            n + 1 + (seed % 2) as u32
        } else if seed.is_multiple_of(2) {
            n - 2
        } else {
            n + 1
        };
        out.push(Trap {
            text: format!(
                "{}{}{}",
                &statement[..all.start()],
                ordinal(wrong),
                &statement[all.end()..]
            ),
            why: format!("It is the {}, not the {}.", ordinal(n), ordinal(wrong)),
            tag: "trap-figure-shifted",
        });
    }
    // A figure shifted: a plausible slip (a factor of ten, a half, a double).
    for m in figure_pattern().find_iter(statement) {
        let shown = m.as_str().trim();
        if year_pattern().is_match(shown) && shown.len() == 4 {
            continue;
        }
        let before = statement[..m.start()].chars().next_back();
        let after = statement[m.end()..].chars().next();
        if before.is_some_and(|c| c.is_alphabetic() || c == '-' || c == '–')
            || after.is_some_and(|c| {
                c == '–'
                    || c == '-'
                    || c.is_alphabetic()
                        && !shown.ends_with(char::is_alphabetic)
                        && !statement[m.end()..].starts_with(' ')
            })
        {
            continue;
        }
        // "Section 232", "Phase 2": a labelled number is a name.
        let word_before = statement[..m.start()]
            .split_whitespace()
            .next_back()
            .unwrap_or("");
        let bare = !shown
            .chars()
            .any(|c| c.is_alphabetic() || "$₹¥%".contains(c));
        if bare && word_before.starts_with(char::is_uppercase) && word_before.len() > 1 {
            continue;
        }
        let Some(n) = written_number(shown) else {
            continue;
        };
        // A small bare number ("two sides", "3 MoUs") is too easy to shift plausibly.
        let scaled = shown.contains('%')
            || shown.chars().any(char::is_alphabetic)
            || shown.starts_with(['₹', '$', '¥']);
        if n < 10.0 && !scaled {
            continue;
        }
        let Some(wrong_n) = shifted_numbers(n, seed).first().copied() else {
            continue;
        };
        let Some(wrong) = with_number(shown, &number_like(shown, wrong_n)) else {
            continue;
        };
        out.push(Trap {
            text: format!(
                "{}{wrong}{}",
                &statement[..m.start()],
                &statement[m.start() + shown.len()..]
            ),
            why: format!("The figure is {shown}, not {wrong}."),
            tag: "trap-figure-shifted",
        });
        break;
    }
    // An entity swapped for one of its class the article does not name.
    for mention in g.find(statement, 0..statement.len()) {
        let e = &g.entities[mention.entity];
        // The article's own subjects are not swapped: "Austria's role in …" in an article
        // on Japan is false on its face.
        if matches!(e.class, Class::Ministry | Class::Grouping)
            || ["India", "Delhi"].contains(&e.name.as_str())
            || main.contains(&e.name)
        {
            continue;
        }
        // "U.S. import tariffs": a name used as an adjective reads wrong as another.
        let next = statement[mention.range.end..]
            .split_whitespace()
            .next()
            .unwrap_or("");
        if next.starts_with(char::is_lowercase)
            && !super::clauses::has_verb(next)
            && ![
                "and", "or", "of", "in", "to", "for", "with", "on", "at", "by", "as", "is", "are",
                "was", "were", "has", "have", "will", "which", "that",
            ]
            .contains(&next.trim_end_matches([',', '.', ';']))
        {
            continue;
        }
        let other = distractors(ctx, e.class, &[e.name.as_str()], seed, 1);
        let Some(other) = other.first() else { continue };
        // "the U.S." → "Ireland", not "the Ireland".
        let mut lead = &statement[..mention.range.start];
        if (lead.ends_with("the ") || lead.ends_with("The "))
            && !(other.starts_with("United") || other.ends_with('s'))
        {
            lead = &lead[..lead.len() - 4];
        }
        out.push(Trap {
            text: format!("{lead}{other}{}", &statement[mention.range.end..]),
            why: format!("It is {}, not {other}.", e.name),
            tag: "trap-entity-swapped",
        });
        break;
    }
    // An absolute word the article does not use: "is a key partner" → "is the only key
    // partner". (Not "… for the first time": that the article does not call it the first
    // would not make it false.)
    let lower = statement.to_lowercase();
    let absolute_already = ["only", "first", "all ", "always", "never", "sole"]
        .iter()
        .any(|w| lower.contains(w));
    if !absolute_already {
        let only = [" is a ", " is an ", " was a ", " was an "]
            .iter()
            .find_map(|p| statement.find(p).map(|i| (i, *p)));
        if let Some((i, p)) = only {
            let verb = p.trim().split(' ').next().unwrap_or("is");
            out.push(Trap {
                text: format!(
                    "{} {verb} the only {}",
                    &statement[..i],
                    &statement[i + p.len()..]
                ),
                why: format!("The article does not say it is the only one: {body}."),
                tag: "trap-absolute-word",
            });
        }
    }
    // Figures and years first (the paper's favourite), then the rest by the seed.
    if out.len() > 1 {
        let k = (seed % out.len() as u64) as usize;
        if k > 0 && seed.is_multiple_of(3) {
            out.swap(0, k);
        }
    }
    out
}

const ROMAN: &[&str] = &["I", "II", "III", "IV", "V", "VI"];

/// The code naming `chosen` statements of `n` in the house style ("I and III only").
fn code(chosen: &[usize], n: usize) -> String {
    let names: Vec<&str> = chosen.iter().map(|i| ROMAN[*i]).collect();
    match names.as_slice() {
        [] if n == 2 => "Neither I nor II".to_string(),
        [] => "None of the above statements is correct".to_string(),
        [one] => format!("{one} only"),
        [a, b] if n == 2 => format!("Both {a} and {b}"),
        [a, b] => format!("{a} and {b} only"),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// Four options for statements whose truth is `correct`: the right code and three other
/// sets near it in size, the right one at a place chosen by `seed` (so that no letter is
/// right for most cards). Returns the options and the right one's place.
fn codes(correct: &[bool], seed: u64, place: Option<usize>) -> (Vec<String>, usize) {
    let n = correct.len().min(ROMAN.len());
    let right: Vec<usize> = (0..n).filter(|i| correct[*i]).collect();
    let mut others: Vec<Vec<usize>> = (0u32..(1 << n))
        .map(|mask| {
            (0..n)
                .filter(|i| mask & (1 << i) != 0)
                .collect::<Vec<usize>>()
        })
        .filter(|set| *set != right && (n == 2 || !set.is_empty()))
        .collect();
    others.sort_by_key(|set| {
        (
            set.len().abs_diff(right.len()),
            stable(&format!("{seed}{set:?}")),
        )
    });
    let mut options: Vec<String> = others.iter().take(3).map(|s| code(s, n)).collect();
    let at = place
        .unwrap_or((seed % (options.len() as u64 + 1)) as usize)
        .min(options.len());
    options.insert(at, code(&right, n));
    (options, at)
}

/// The names an article is about: the two it names most (each at least three times,
/// "India" and "Japan" in an article on their summit).
pub fn main_subjects(ctx: &Context) -> Vec<String> {
    let g = gazetteer::get();
    let mut counts: std::collections::HashMap<usize, usize> = Default::default();
    for m in g.find(ctx.text, 0..ctx.text.len()) {
        *counts.entry(m.entity).or_default() += 1;
    }
    let mut ranked: Vec<(usize, usize)> = counts.into_iter().filter(|(_, n)| *n >= 3).collect();
    ranked.sort_by_key(|(e, n)| (std::cmp::Reverse(*n), *e));
    ranked
        .into_iter()
        .take(2)
        .map(|(e, _)| g.entities[e].name.clone())
        .collect()
}

/// Whether a sentence carries something a statement can be about: a figure, a name the
/// gazetteers know, or a name past its first word that is not one of the article's main
/// subjects or their adjectives ("Buddhism", but not "Japanese" in an article on Japan).
fn factual(statement: &str, main: &[String]) -> bool {
    let g = gazetteer::get();
    let of_main = |word: &str| {
        main.iter().any(|m| {
            let stem: String = m.chars().take(4).collect();
            word == m || m.chars().count() >= 4 && word.starts_with(&stem)
        })
    };
    let names: Vec<&str> = statement
        .unicode_words()
        .skip(1)
        .filter(|w| w.starts_with(|c: char| c.is_uppercase()))
        .collect();
    statement.chars().any(|c| c.is_ascii_digit())
        || !g.find(statement, 0..statement.len()).is_empty()
        || names.iter().any(|w| !of_main(w))
        // "On the Indian side, a coordinated approach to Japanese investment …": the two
        // sides' roles are the fact.
        || names.len() >= 2 && names.iter().any(|w| !main.iter().any(|m| m == w))
}

/// Whether a statement leans on a sentence it no longer follows: a clause whose subject is
/// a pronoun (", he encouraged …"), or an ending on "this trajectory", "these efforts".
fn points_back(statement: &str) -> bool {
    let lower = statement.to_lowercase();
    let pronoun_clause = [
        ", he ", ", she ", ", they ", ", it ", "; he ", "; she ", "; they ", "; it ",
    ]
    .iter()
    .any(|p| lower.contains(p));
    let words: Vec<&str> = lower.unicode_words().collect();
    let tail = &words[words.len().saturating_sub(3)..];
    let pointing_end = !statement.chars().any(|c| c.is_ascii_digit())
        && tail
            .iter()
            .any(|w| ["this", "these", "those", "such"].contains(w));
    pronoun_clause || pointing_end
}

/// A note's labelled list as a statement: "Exercises: SIMBEX, Milan, JIMEX." → "The
/// exercises include SIMBEX, Milan and JIMEX." (a plural label, three or more items, no
/// verb).
fn listed_line(statement: &str) -> Option<String> {
    let (label, rest) = statement.split_once(": ")?;
    let rest = rest.trim_end_matches('.');
    let items: Vec<&str> = rest.split(", ").map(str::trim).collect();
    let plural = label.ends_with('s') && !label.ends_with("ss");
    let fits = plural
        && label.split_whitespace().count() <= 3
        && items.len() >= 3
        && items
            .iter()
            .all(|i| (1..=5).contains(&i.split_whitespace().count()))
        && !super::clauses::has_verb(rest)
        && !rest.contains([';', ':']);
    if !fits {
        return None;
    }
    let (last, init) = items.split_last()?;
    let last = last.strip_prefix("and ").unwrap_or(last);
    // "Exercises" → "The exercises", but "India exports" keeps its name.
    let first = label.split(' ').next().unwrap_or(label);
    let named = !gazetteer::get().find(first, 0..first.len()).is_empty();
    let label = if named {
        label.to_string()
    } else {
        let mut c = label.chars();
        c.next()
            .map(|f| f.to_lowercase().chain(c).collect())
            .unwrap_or_default()
    };
    Some(format!(
        "The {label} include {} and {last}.",
        init.join(", ")
    ))
}

/// Words that make a clause of a statement: a form of "be" or "have", a modal, or a verb
/// of doing the paper asks about. A statement without one (and without a "Label:" and a
/// figure) is a note's fragment ("Joint Declaration on Security Cooperation"), not a claim
/// to judge true or false.
pub(super) const VERBS: &[&str] = &[
    "is", "are", "was", "were", "be", "been", "has", "have", "had", "will", "would", "can",
    "could", "should", "must", "may", "might", "shall", "share", "shares", "supports", "support",
    "aims", "seeks", "faces", "remains", "include", "includes", "provides", "plans", "plays",
    "makes", "takes", "covers", "receives", "allows", "helps", "offers", "leads", "ranks",
    "accounts", "reached", "reaches", "marks", "mark", "needs", "need", "lies", "runs", "holds",
    "becomes", "became", "gives", "gave", "sees", "saw", "gets", "got", "grew", "grows", "rose",
    "fell", "went", "came", "made", "took", "held", "set", "met", "meets", "joins", "links",
    "connects", "funds", "hosts", "signs", "launches",
];

fn clause(statement: &str) -> bool {
    // The main verb comes before any relative clause: "The mission (…)—a marriage of
    // capabilities which strengthens …" has none of its own.
    let mut outside = statement.to_string();
    for pronoun in [" which ", " that ", " who ", " whose "] {
        while let Some(at) = outside.find(pronoun) {
            let end = outside[at..].find(", ").map_or(outside.len(), |e| at + e);
            outside.replace_range(at..end, "");
        }
    }
    let verb = super::clauses::has_verb(&outside);
    // "Trade: $22.8 billion in 2023–24": a labelled figure is a fact line.
    // "Space Collaboration: ISRO-JAXA agreement on Chandrayaan-5": a labelled line says
    // what its label is about.
    // A labelled line without a verb or a figure ("Demographic complementarity: ageing
    // and youth") is a note's heading, not a claim.
    // A line under a named label ("Space Collaboration: ISRO-JAXA agreement on
    // Chandrayaan-5") says what the named thing is.
    let labelled_figure = statement.split_once(": ").is_some_and(|(label, rest)| {
        let named = label
            .split_whitespace()
            .all(|w| w.starts_with(char::is_uppercase) || ["and", "of", "the", "&"].contains(&w));
        label.split_whitespace().count() <= 4
            && (rest.chars().any(|c| c.is_ascii_digit())
                || named && rest.unicode_words().count() >= 4)
    });
    // "While both share concerns.", "With an ISRO-built lander …": a subordinate clause
    // alone is no claim.
    let body = statement
        .split_once(": ")
        .map_or(statement, |(_, rest)| rest);
    let first = body.split(' ').next().unwrap_or("").to_lowercase();
    let subordinate = [
        "while", "although", "though", "with", "as", "despite", "because", "if", "when", "whereas",
        "since", "unlike",
    ]
    .contains(&first.as_str())
        && !body.contains(", ");
    (verb || labelled_figure) && !subordinate
}

fn dated_pattern() -> &'static Regex {
    static CELL: OnceLock<Regex> = OnceLock::new();
    // "Information Protection Agreement (2015)" or "2006: Strategic and Global Partnership".
    regex(
        &CELL,
        r"^(?:(?P<name>[A-Z][^():]{3,80}?)\s\((?P<year>(?:19|20)\d\d)\)|(?P<year2>(?:19|20)\d\d)(?:\s\w+)?:\s(?P<name2>[^:]{3,80}?))\.?$",
    )
}

/// A dated item of a list, as (name, year): "Information Protection Agreement (2015)".
fn dated(raw: &str) -> Option<(String, String)> {
    let t = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    let t = t.trim_start_matches(['•', '-', '*', '→', '–', '—', '·', '▪', '◦', '●', ' ']);
    let t = t.trim_end_matches(['.', '”', '"', ' ']);
    let c = dated_pattern().captures(t)?;
    let name = c.name("name").or(c.name("name2"))?.as_str();
    let year = c.name("year").or(c.name("year2"))?.as_str();
    let name = name
        .trim_matches(['“', '”', '"', '.', ' '])
        .replace(" & ", " and ");
    (name.split_whitespace().count() >= 2).then(|| (name, year.to_string()))
}

/// A list item that links a thing to what it stands for or brings ("Justice Pal →
/// political trust"), as (thing, what).
fn arrowed(raw: &str) -> Option<(String, String)> {
    let t = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    let t = t.trim_start_matches(['•', '-', '*', '–', '—', '·', '▪', '◦', '●', ' ']);
    let t = t.trim_end_matches(['.', ' ']);
    let (left, right) = t.split_once(" → ").or_else(|| t.split_once(" -> "))?;
    let clean = |x: &str| x.trim().replace(" & ", " and ");
    let (left, right) = (clean(left), clean(right));
    let words = |x: &str| x.split_whitespace().count();
    let fits = (1..=8).contains(&words(&left))
        && (1..=10).contains(&words(&right))
        && !left.contains(':')
        && !right.contains(['→', ':']);
    fits.then_some((left, right))
}

/// A list's dated items (three or more under one heading): name and year, some
/// mismatched when asked (the years swapped among them).
const DATED: Listed = Listed {
    columns: ["Item", "Year"],
    tag: "draft-year",
    lead: "The article dates them so",
    trap: "years swapped among them",
};

/// A list's items linked by arrows: the item and what it is linked to.
const LINKED: Listed = Listed {
    columns: ["Item", "Linked to"],
    tag: "draft-linked",
    lead: "The article links them so",
    trap: "items swapped among them",
};

/// What a list's pairs are: their columns, the tag naming them, and how the explanation
/// says them.
struct Listed {
    columns: [&'static str; 2],
    tag: &'static str,
    lead: &'static str,
    trap: &'static str,
}

/// A pairs card of a list's items (three or more in a run), some mismatched when asked.
fn listed_pairs(
    ctx: &Context,
    items: &[(usize, String, String)],
    copies: &Copies,
    listed: Listed,
) -> Option<Drafted> {
    if items.len() < 3 {
        return None;
    }
    let mut card = base(
        ctx,
        "pairs",
        &["draft-pairs", listed.tag, "trap-pair-swapped"],
    );
    card.string("stem", "Consider the following pairs :");
    card.strings("columns", &listed.columns);
    let mut texts = Vec::new();
    for (_, name, year) in items.iter().take(6) {
        card.item(
            "pairs",
            vec![
                ("left".to_string(), crate::author::text::toml_string(name)),
                ("right".to_string(), crate::author::text::toml_string(year)),
            ],
        );
        texts.push(name.clone());
    }
    let dated = listed.tag == "draft-year";
    let (lead, trap) = (listed.lead, listed.trap);
    let listed = items
        .iter()
        .take(6)
        .map(|(_, n, y)| {
            if dated {
                format!("{y}, {n}")
            } else {
                format!("{n}: {y}")
            }
        })
        .collect::<Vec<_>>()
        .join("; ");
    let first = items[0].0;
    let last = items[items.len().min(6) - 1].0;
    let (a, _) = ctx.lines.get(first).copied().unwrap_or((1, 1));
    let (_, b) = ctx.lines.get(last).copied().unwrap_or((a, a));
    let exp = format!(
        "{lead}: {listed}. The wrong pairs are the trap: {trap}. According to {} (lines {a}–{b}).",
        ctx.attribution
    );
    card.string("explanation", &exp);
    texts.push(exp);
    if texts.iter().any(|t| copies.copied(t)) {
        return None;
    }
    Some(Drafted {
        card,
        question: format!("Pairs: {listed}"),
        sentence: first,
        score: 4.0,
        texts,
    })
}

/// A heading: a line alone in its paragraph, short, with no closing punctuation.
fn heading(ctx: &Context, s: usize) -> Option<String> {
    let sentence = ctx.sentences.get(s)?;
    let alone = ctx
        .sentences
        .iter()
        .filter(|x| x.paragraph == sentence.paragraph)
        .count()
        == 1;
    let text = ctx.text[sentence.range.clone()].trim();
    let bullet = text.starts_with(['•', '-', '*', '→', '·', '▪', '◦', '●']);
    let words = sentence.words.len();
    // "• Key Agreements:" opens a list of its own.
    let label = text.ends_with(':') && (1..=6).contains(&words);
    (alone
        && (label
            || !bullet && (1..=10).contains(&words) && !text.ends_with(['.', ';', '!', '?', ','])))
    .then(|| {
        text.trim_start_matches(['•', '-', '*', '→', '·', '▪', '◦', '●', ' '])
            .trim_end_matches(':')
            .to_string()
    })
}

/// A section's heading, and its sentences with their statements.
pub type Group = (Option<String>, Vec<(usize, String)>);

/// Statements cards for the article: its examinable sentences, condensed, grouped by
/// section (and by paragraph in long prose), a few of each group made false; each with
/// the group it was made of, so that it can be made again without one statement
/// ([`card`]). The pairs cards of dated lists come with no group.
pub fn cards(ctx: &Context, copies: &Copies) -> Vec<(Drafted, Option<Group>)> {
    let main = main_subjects(ctx);
    // (section heading, sentence, statement)
    let mut groups: Vec<Group> = Vec::new();
    let mut current: Option<String> = None;
    let mut last_paragraph = usize::MAX;
    let mut out = Vec::new();
    // Dated items of a list ("Information Protection Agreement (2015)"), in a run.
    let mut dated_run: Vec<(usize, String, String)> = Vec::new();
    // Items linked by an arrow ("Buddha → spiritual roots"), in runs of three or more: a
    // sub-item between two items ("• Justice Pal – only judge to dissent") does not end a
    // run. A shorter run's lines are statements like any other.
    let mut arrow_runs: Vec<Vec<(usize, String, String)>> = Vec::new();
    for (s, sentence) in ctx.sentences.iter().enumerate() {
        let Some((thing, what)) = arrowed(&ctx.text[sentence.range.clone()]) else {
            continue;
        };
        match arrow_runs.last_mut() {
            Some(run) if run.last().is_some_and(|(prev, _, _)| s - prev <= 2) => {
                run.push((s, thing, what));
            }
            _ => arrow_runs.push(vec![(s, thing, what)]),
        }
    }
    arrow_runs.retain(|run| run.len() >= 3);
    let in_arrow_runs: std::collections::HashSet<usize> = arrow_runs
        .iter()
        .flat_map(|run| run.iter().map(|(s, _, _)| *s))
        .collect();
    let mut fresh = true;
    for (s, sentence) in ctx.sentences.iter().enumerate() {
        if let Some(h) = heading(ctx, s) {
            current = Some(h);
            fresh = true;
            continue;
        }
        let raw = &ctx.text[sentence.range.clone()];
        if in_arrow_runs.contains(&s) {
            continue;
        }
        if let Some((name, year)) = dated(raw) {
            match dated_run.last() {
                Some((prev, _, _)) if s - prev > 1 => {
                    out.extend(listed_pairs(ctx, &dated_run, copies, DATED));
                    dated_run.clear();
                }
                _ => {}
            }
            dated_run.push((s, name, year));
            continue;
        }
        // Each clause that stands alone is a statement of its own.
        let mut made: Vec<String> = Vec::new();
        for statement in clauses(raw)
            .iter()
            .filter_map(|c| condense(c, copies))
            .map(|s| listed_line(&s).filter(|l| !copies.copied(l)).unwrap_or(s))
        {
            // A short statement needs a figure to say enough: "Startups and MSMEs will
            // also benefit." says nothing to judge; "Diaspora: 108,000 Indians." does.
            let short = statement.unicode_words().count() < 7
                && !statement.chars().any(|c| c.is_ascii_digit());
            if short
                || !factual(&statement, &main)
                || !clause(&statement)
                || points_back(&statement)
                || made.contains(&statement)
            {
                continue;
            }
            made.push(statement.clone());
            let prose_break = sentence.paragraph != last_paragraph
                && groups.last().is_some_and(|(_, items)| items.len() >= 3);
            last_paragraph = sentence.paragraph;
            match groups.last_mut() {
                Some((_, items)) if !fresh && !prose_break && items.len() < MAX_STATEMENTS => {
                    items.push((s, statement));
                }
                // A section of one statement joins the next one.
                Some((h, items)) if items.len() < 2 => {
                    *h = None;
                    items.push((s, statement));
                }
                _ => groups.push((current.clone(), vec![(s, statement)])),
            }
            fresh = false;
        }
    }
    out.extend(listed_pairs(ctx, &dated_run, copies, DATED));
    for run in &arrow_runs {
        out.extend(listed_pairs(ctx, run, copies, LINKED));
    }
    let mut out: Vec<(Drafted, Option<Group>)> = out.into_iter().map(|d| (d, None)).collect();
    for group in groups {
        if let Some(d) = card(ctx, &group, copies, &main) {
            out.push((d, Some(group)));
        }
    }
    out
}

/// The statements card of a group: two to four statements, one or two made false.
pub fn card(ctx: &Context, group: &Group, copies: &Copies, main: &[String]) -> Option<Drafted> {
    placed(ctx, group, copies, main, None)
}

/// [`card`] with the right code at option `place` (0 for (a)) rather than where the
/// card's seed puts it: the drafts together must not key the paper to one letter.
pub fn placed(
    ctx: &Context,
    group: &Group,
    copies: &Copies,
    main: &[String],
    place: Option<usize>,
) -> Option<Drafted> {
    let g = gazetteer::get();
    let (heading, items) = group;
    let heading = heading.clone();
    {
        if items.len() < 2 {
            return None;
        }
        let seed = stable(&items[0].1);
        // One false statement in three or fewer, one or two in four.
        let wanted = if items.len() >= 4 {
            1 + (seed % 2) as usize
        } else {
            1
        };
        let mut rows: Vec<(String, bool, Option<String>)> =
            items.iter().map(|(_, t)| (t.clone(), true, None)).collect();
        let mut tags: Vec<&str> = vec!["draft-statements"];
        let mut made = 0;
        let start = (seed % items.len() as u64) as usize;
        for k in 0..items.len() {
            if made == wanted {
                break;
            }
            let i = (start + k * 2 + k / 2) % items.len();
            if !rows[i].1 {
                continue;
            }
            let Some(trap) = traps(ctx, &rows[i].0, stable(&format!("{seed}{i}")), main)
                .into_iter()
                .next()
            else {
                continue;
            };
            if copies.copied(&trap.text) {
                continue;
            }
            rows[i] = (trap.text, false, Some(trap.why));
            tags.push(trap.tag);
            made += 1;
        }
        // An absolute word in a false statement and in no true one gives it away
        // (`absolute-false`): such a statement stays true.
        let true_absolute = rows
            .iter()
            .any(|(t, c, _)| *c && !crate::deck::lint::absolutes(t).is_empty());
        if !true_absolute {
            for (k, row) in rows.iter_mut().enumerate() {
                if !row.1 && !crate::deck::lint::absolutes(&row.0).is_empty() {
                    *row = (items[k].1.clone(), true, None);
                }
            }
            tags.retain(|t| *t != "trap-absolute-word");
        }
        // The subject: the heading when it names something, else the name most of the
        // statements share.
        let named = |h: &str| {
            !g.find(h, 0..h.len()).is_empty()
                || h.split_whitespace()
                    .filter(|w| w.starts_with(char::is_uppercase))
                    .count()
                    >= 2
                    && h.split_whitespace().count() >= 2
        };
        let subject = heading
            .filter(|h| named(h) && h.split_whitespace().count() <= 8)
            .or_else(|| {
                let mut counts: std::collections::HashMap<usize, usize> = Default::default();
                for (t, _, _) in &rows {
                    let mut seen = std::collections::HashSet::new();
                    for m in g.find(t, 0..t.len()) {
                        if seen.insert(m.entity) {
                            *counts.entry(m.entity).or_default() += 1;
                        }
                    }
                }
                counts
                    .into_iter()
                    .filter(|(_, n)| *n >= 2)
                    .max_by_key(|(e, n)| (*n, std::cmp::Reverse(*e)))
                    .map(|(e, _)| g.entities[e].name.clone())
            });
        let stem = match &subject {
            Some(s) => format!("With reference to {s}, consider the following statements :"),
            None => "Consider the following statements :".to_string(),
        };
        let mut card = base(ctx, "statements", &tags);
        card.string("stem", &stem);
        let mut texts = vec![stem.clone()];
        texts.extend(statement_items(&mut card, &rows));
        let (options, right) = codes(&rows.iter().map(|r| r.1).collect::<Vec<_>>(), seed, place);
        card.strings("options", &options);
        // The paper prints the codes as written: the right one's place is the seed's.
        card.boolean("shuffle", false);
        texts.extend(options.iter().cloned());
        let _ = right;
        let first = items[0].0;
        let last = items[items.len() - 1].0;
        let (a, _) = ctx.lines.get(first).copied().unwrap_or((1, 1));
        let (_, b) = ctx.lines.get(last).copied().unwrap_or((a, a));
        let lines = if a == b {
            format!("line {a}")
        } else {
            format!("lines {a}–{b}")
        };
        let falses = rows.iter().filter(|r| !r.1).count();
        let lead = match falses {
            0 => "Every statement is as the article gives it.".to_string(),
            1 => "One statement is false; its reason is given with it.".to_string(),
            n => format!("{n} statements are false; the reason of each is given with it."),
        };
        let exp = format!("{lead} According to {} ({lines}).", ctx.attribution);
        card.string("explanation", &exp);
        texts.push(exp);
        // Many facts at once, and the facts of its section: ranked with the figures.
        let facts = rows
            .iter()
            .filter(|(t, _, _)| {
                t.chars().any(|c| c.is_ascii_digit()) || !g.find(t, 0..t.len()).is_empty()
            })
            .count();
        let score = 3.0 + 0.3 * facts as f32 + if falses > 0 { 0.5 } else { 0.0 };
        Some(Drafted {
            card,
            // Its first statement names it (its id, and the check for the same draft twice):
            // many cards share a stem.
            question: format!("{} {}", subject.as_deref().unwrap_or(""), items[0].1)
                .trim()
                .to_string(),
            sentence: first,
            score,
            texts,
        })
    }
}

/// `group` without the statements that hold both `a` and `b` (as the `same-fact` lint
/// names them, lower case), when two or more statements are left.
pub fn without(group: &Group, a: &str, b: &str) -> Option<Group> {
    let (heading, items) = group;
    let kept: Vec<(usize, String)> = items
        .iter()
        .filter(|(_, t)| {
            let t = crate::draft::gold::normalise(t);
            !(crate::draft::gold::has_word(&t, a) && crate::draft::gold::has_word(&t, b))
        })
        .cloned()
        .collect();
    (kept.len() < items.len() && kept.len() >= 2).then(|| (heading.clone(), kept))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::draft::Article;

    #[test]
    fn codes_name_the_true_statements_and_the_right_one_moves_with_the_seed() {
        let (options, at) = codes(&[true, false, true], 5, None);
        assert_eq!(options.len(), 4);
        assert_eq!(options[at], "I and III only");
        let mut places = std::collections::HashSet::new();
        for seed in 0..16 {
            places.insert(codes(&[true, false, true], seed, None).1);
        }
        assert!(places.len() > 2, "{places:?}");
        assert_eq!(code(&[0, 1], 2), "Both I and II");
        // A place asked for is where the right code goes.
        for place in 0..4 {
            let (options, at) = codes(&[true, false, true], 5, Some(place));
            assert_eq!((at, options[at].as_str()), (place, "I and III only"));
        }
    }

    #[test]
    fn an_absolute_word_is_inserted_where_the_article_has_none() {
        let article = Article::plain("Kenya is a key partner of Peru in the region.");
        let sentences = crate::draft::segment::sentences(&article.text);
        let ctx = Context {
            text: &article.text,
            sentences: &sentences,
            source: "note",
            attribution: "a test",
            mentioned: Default::default(),
            lines: vec![(1, 1)],
        };
        let found = traps(
            &ctx,
            "Kenya is a key partner of Peru in the region.",
            0,
            &[],
        );
        let absolute = found
            .iter()
            .find(|t| t.tag == "trap-absolute-word")
            .expect("an absolute-word trap");
        assert!(
            absolute.text.contains("is the only key partner"),
            "{}",
            absolute.text
        );
        assert!(absolute.why.contains("only"), "{}", absolute.why);
        // A statement that already says "first" gets no second absolute.
        let none = traps(
            &ctx,
            "Kenya signed the first pact with Peru in the region.",
            0,
            &[],
        );
        assert!(none.iter().all(|t| t.tag != "trap-absolute-word"));
    }

    #[test]
    fn arrowed_list_items_are_read_as_thing_and_what_it_stands_for() {
        assert_eq!(
            arrowed("  • Justice Ana Ruiz → Political Trust."),
            Some((
                "Justice Ana Ruiz".to_string(),
                "Political Trust".to_string()
            ))
        );
        assert_eq!(
            arrowed("• Buddha & Vivekananda -> Spiritual & Cultural roots"),
            Some((
                "Buddha and Vivekananda".to_string(),
                "Spiritual and Cultural roots".to_string()
            ))
        );
        assert_eq!(arrowed("Trade rose in 2023 to a record."), None);
        assert_eq!(arrowed("• Focus: ports → jobs → growth"), None);
    }

    #[test]
    fn a_statement_that_leans_on_another_sentence_is_not_made() {
        assert!(points_back(
            "Stressing trade, he encouraged state partnerships."
        ));
        assert!(points_back(
            "The visit to Lima has underscored this trajectory."
        ));
        assert!(!points_back(
            "The visit to Lima in 2019 opened three ports."
        ));
    }

    #[test]
    fn a_labelled_list_reads_as_a_sentence() {
        assert_eq!(
            listed_line("Exercises: Alpha, Beta Shield, Gamma drills.").as_deref(),
            Some("The exercises include Alpha, Beta Shield and Gamma drills.")
        );
        assert_eq!(
            listed_line("Trade: $22.8 billion in 2023; $21 billion."),
            None
        );
        assert_eq!(listed_line("Focus: ageing and youth."), None);
    }

    #[test]
    fn dated_list_items_are_read_as_name_and_year() {
        assert_eq!(
            dated("    • Information Protection Agreement (2015)"),
            Some((
                "Information Protection Agreement".to_string(),
                "2015".to_string()
            ))
        );
        assert_eq!(
            dated("• 2006: “Strategic and Global Partnership.”"),
            Some((
                "Strategic and Global Partnership".to_string(),
                "2006".to_string()
            ))
        );
        assert_eq!(dated("The pact was signed in Lima (2015) by both."), None);
    }
}
