//! Finding the facts UPSC asks in an article's sentences: amounts (read with the
//! program's own amount parser, [`crate::quantity`]), years, decades, dates, editions,
//! ordinals and ranks, firsts and superlatives, who signed or launched what (people and
//! organisations in [`super::actors`]), members of a grouping, places and paired places,
//! schemes with their ministries, acronyms spelled out, other names and themes in
//! brackets, and reasons. Each fact is ranked by how examinable it is: a figure or year
//! tied to a named entity beats a bare adjective. The word lists are in [`super::words`].

use std::ops::Range;
use std::sync::OnceLock;

use regex::Regex;

use super::gazetteer::{self, Class, Mention};
use super::segment::Sentence;
pub(super) use super::words::{
    ACTIONS, COMMON_CAPITALS, COMPANY_CUES, COMPANY_SUFFIXES, COUNT_NOUNS, HOME, LABELS,
    NAME_NOUNS, NOT_PLURALS, ORDINALS, REASONS, SUPERLATIVES, WORD_NUMBERS,
};
use crate::quantity;

/// What a fact is about, and what a question on it asks.
#[derive(Debug, Clone, PartialEq)]
pub enum What {
    /// An amount: `value` as the numeric card's `value`, `unit` as its `unit`, `ask` the
    /// question words ("how much", "how many …", "what percentage").
    Amount {
        value: f64,
        value_text: String,
        unit: String,
        ask: String,
        /// The amount as the article writes it, for options ("¥10 trillion").
        shown: String,
        currency: bool,
        /// The figure stands as an adjective joined to its unit ("a 7,000-kilometre
        /// network"): it cannot be replaced by question words, only blanked.
        adjectival: bool,
    },
    /// A year (or an edition's number, `edition` the noun: "summit").
    Year {
        year: i32,
    },
    Edition {
        number: u32,
        noun: String,
    },
    /// A spelled ordinal before what it counts ("his eighth trip", "the third round"):
    /// `number` as a figure, `word` as the article writes it.
    Ordinal {
        number: u32,
        word: String,
    },
    /// An acronym the article spells out after it: "TICAD (Tokyo International
    /// Conference on African Development)".
    Expansion {
        acronym: String,
        expansion: String,
    },
    /// Another name the article gives a thing in brackets: "Chandrayaan-5 (Joint Lunar
    /// Polar Exploration Mission)", asked as "… is also known as which mission?".
    Alias {
        name: String,
        alias: String,
        noun: String,
    },
    /// A theme or slogan in quotation marks in brackets after what it is the theme of:
    /// "Year of Tourism Exchange (“Connecting Himalayas with Mount Fuji”)".
    Theme {
        of: String,
        theme: String,
    },
    /// A date or a span of days: "29 September", "August 29-30", "19th February 2019".
    Date,
    /// A decade ("in the 1980s").
    Decade {
        decade: i32,
    },
    /// A person or an organisation that did something ([`super::actors`]): asked by
    /// the office the article gives them, or blanked, with the other people or
    /// organisations the article names as the wrong options.
    Actor {
        name: String,
        person: bool,
        /// "India's ambassador to Japan": asked as "Who is …?".
        office: Option<String>,
        /// Other names of the same sort in the article, for distractors.
        others: Vec<String>,
    },
    /// A named entity of a gazetteer class, asked as "which {noun}".
    Entity {
        entity: usize,
        class: Class,
    },
    /// A name recognised by its shape (a Title Case phrase), with its kind noun
    /// ("mechanism") and an acronym the article gives it.
    Name {
        noun: String,
        acronym: Option<String>,
    },
    /// A grouping named in the sentence: its members are asked.
    Membership {
        grouping: usize,
    },
    /// A scheme named in the sentence: its ministry is asked.
    SchemeMinistry {
        scheme: usize,
    },
    /// Pairs the article lists ("Gujarat–Shizuoka, Maharashtra–Wakayama, …").
    PairList {
        pairs: Vec<(String, String)>,
        left: Option<Class>,
    },
    /// A sentence that gives a reason: `effect` and `cause` are parts of it.
    Reason {
        effect: Range<usize>,
        cause: Range<usize>,
    },
}

/// One fact found in a sentence.
#[derive(Debug, Clone)]
pub struct Fact {
    pub sentence: usize,
    /// The words asked for (the answer's place in the text); empty for facts asked from
    /// the whole sentence.
    pub target: Range<usize>,
    pub what: What,
    /// How examinable it is; larger is better.
    pub score: f32,
    /// The trigger that made it examinable: "first", "signed", "largest", …
    pub cue: Option<String>,
}

fn regex(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pattern).unwrap_or_else(|e| panic!("bad pattern: {e}")))
}

fn amount_pattern() -> &'static Regex {
    static CELL: OnceLock<Regex> = OnceLock::new();
    regex(
        &CELL,
        r"(?ix)
        (?P<cur>₹|rs\.?|inr|us\$|\$|¥|usd|jpy|€|eur)?\s?
        (?P<num>\d[\d,]*(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty|fifty|hundred)
        (?:\s*(?P<scale>lakh\s+crore|lakh|lakhs|crore|crores|trillion|billion|million|thousand|bn|mn|tn|cr)\b)?
        (?:[\s-]*(?P<curword>yen|rupees|dollars|euros)\b)?
        (?:\s*(?P<pct>%|per\s?cent\b|percent\b))?
        (?:(?:\s+|(?P<hyphen>-))(?P<noun>[a-z][a-z/-]+(?:\s[a-z][a-z-]+){0,4}))?",
    )
}

fn year_pattern() -> &'static Regex {
    static CELL: OnceLock<Regex> = OnceLock::new();
    regex(&CELL, r"\b(1[6-9]\d\d|20\d\d)\b")
}

fn edition_pattern() -> &'static Regex {
    static CELL: OnceLock<Regex> = OnceLock::new();
    regex(
        &CELL,
        r"(?i)\b(\d{1,3})(?:st|nd|rd|th)\s+(?:[a-z][\w-]*\s+){0,3}?(edition|summit|session|round|meeting|anniversary|conference|dialogue|ministerial)\b",
    )
}

fn ordinal_pattern() -> &'static Regex {
    static CELL: OnceLock<Regex> = OnceLock::new();
    regex(
        &CELL,
        r"(?i)\b(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth)\s+(?:[a-z][\w-]*\s+){0,2}?(trip|visit|edition|summit|session|round|meeting|anniversary|conference|dialogue|ministerial|term|tour|instance|dispatch|launch|tranche|phase)s?\b",
    )
}

/// A rank: "India's 5th largest investor", "the third-biggest economy".
fn rank_pattern() -> &'static Regex {
    static CELL: OnceLock<Regex> = OnceLock::new();
    regex(
        &CELL,
        r"(?i)\b(\d{1,2}(?:st|nd|rd|th)|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)[\s-](?:largest|biggest|highest|lowest|most|leading|smallest|fastest)\b",
    )
}

/// An acronym, then its words in brackets.
fn expansion_pattern() -> &'static Regex {
    static CELL: OnceLock<Regex> = OnceLock::new();
    regex(
        &CELL,
        r"\b(?P<acr>[A-Z][A-Z&-]{1,9})\s?\((?P<exp>[A-Z][\w-]*(?:\s+[\w-]+){1,9})\)",
    )
}

/// A short name, then another, longer name in brackets.
fn alias_pattern() -> &'static Regex {
    static CELL: OnceLock<Regex> = OnceLock::new();
    regex(
        &CELL,
        r"\b(?P<name>[A-Z][\w-]*\d[\w-]*|[A-Z][a-z]+)\s?\((?P<alias>[A-Z][\w-]*(?:\s+[A-Z][\w-]*){1,7})\)",
    )
}

/// A name, then a quoted theme in brackets.
fn theme_pattern() -> &'static Regex {
    static CELL: OnceLock<Regex> = OnceLock::new();
    regex(
        &CELL,
        r#"\b(?P<of>[A-Z][\w-]*(?:\s+(?:(?:of|for|and|the|on|in)\s+)?[A-Z][\w-]*){1,6})\s?\(\s?[“"](?P<theme>[^”"()]{8,80})[”"]\s?\)"#,
    )
}

/// A day or a span of days with its month, before or after it, and perhaps a year.
fn date_pattern() -> &'static Regex {
    static CELL: OnceLock<Regex> = OnceLock::new();
    regex(
        &CELL,
        r"\b(?:\d{1,2}(?:st|nd|rd|th)?(?:\s?[-–]\s?\d{1,2}(?:st|nd|rd|th)?)?\s+(?:January|February|March|April|May|June|July|August|September|October|November|December)|(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{1,2}(?:\s?[-–]\s?\d{1,2})?\b)(?:,?\s+\d{4}\b)?",
    )
}

/// Whether `acronym`'s letters are the first letters of `words`' capitalised words, in
/// order ("TICAD" of "Tokyo International Conference on African Development").
fn spells(acronym: &str, words: &str) -> bool {
    let letters: String = acronym.chars().filter(char::is_ascii_alphabetic).collect();
    let initials: String = words
        .split([' ', '-'])
        .filter_map(|w| w.chars().next())
        .filter(char::is_ascii_uppercase)
        .collect();
    letters.len() >= 2 && letters == initials
}

fn decade_pattern() -> &'static Regex {
    static CELL: OnceLock<Regex> = OnceLock::new();
    regex(&CELL, r"\b(1[6-9]\d0|20\d0)['’]?s\b")
}

fn title_phrase_pattern() -> &'static Regex {
    static CELL: OnceLock<Regex> = OnceLock::new();
    // One to six capitalised words, "of/and/for/the" allowed inside, an acronym after;
    // a possessive ends a name ("Japan's NEC" is two).
    regex(
        &CELL,
        r"\b(?:[A-Z][\w-]*)(?:\s+(?:(?:of|and|for|the|on|in)\s+)?(?:[A-Z][\w-]*|\d+\b)){0,5}(?:\s+\((?P<acr>[A-Z][A-Za-z0-9-]{1,9})\))?",
    )
}

fn pair_pattern() -> &'static Regex {
    static CELL: OnceLock<Regex> = OnceLock::new();
    regex(
        &CELL,
        r"\b([A-Z][a-z]+(?:\s[A-Z][a-z]+)?)\s?[–—]\s?([A-Z][a-z]+(?:\s[A-Z][a-z]+)?)\b",
    )
}

/// Every fact in the article's sentences.
pub fn facts(text: &str, sentences: &[Sentence]) -> Vec<Fact> {
    let g = gazetteer::get();
    let mut out = Vec::new();
    // The article's own subject (the name of its class it mentions most, five times or
    // more) is the answer to nothing: "which country" in a report on Japan is Japan.
    let mut counts: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
    for m in g.find(text, 0..text.len()) {
        *counts.entry(m.entity).or_default() += 1;
    }
    let subject = |entity: usize| -> bool {
        let class = g.entities[entity].class;
        let n = counts.get(&entity).copied().unwrap_or(0);
        n >= 5
            && counts
                .iter()
                .filter(|(e, _)| {
                    g.entities[**e].class == class && !HOME.contains(&g.entities[**e].name.as_str())
                })
                .all(|(_, m)| *m <= n)
    };
    for (s, sentence) in sentences.iter().enumerate() {
        let piece = &text[sentence.range.clone()];
        let words = sentence.words.len();
        // Headings and fragments carry no fact.
        if words < 6 || !piece.ends_with(['.', '!', '?', '"', '”', ')', '’', '\'']) {
            continue;
        }
        let mentions = g.find(text, sentence.range.clone());
        let named = mentions.len().min(3) as f32 * 0.5;
        // ASCII case only: every cue and reason is ASCII, and an offset found in `lower`
        // must be the same offset in `piece` (full lowercasing can change a character's
        // length in bytes, "Ⱥ" to "ⱥ", and cut the sentence inside a character).
        let lower = piece.to_ascii_lowercase();
        let cue = |list: &[&str]| -> Option<String> {
            list.iter()
                .find(|w| {
                    lower
                        .match_indices(**w)
                        .any(|(i, _)| whole_word(&lower, i, w.len()))
                })
                .map(|w| (*w).to_string())
        };
        let superlative = cue(SUPERLATIVES);
        let action = cue(ACTIONS);
        let bonus = if superlative.is_some() { 1.0 } else { 0.0 }
            + if action.is_some() { 0.5 } else { 0.0 };
        let mut taken: Vec<Range<usize>> = Vec::new();

        // Amounts and counts.
        for caps in amount_pattern().captures_iter(piece) {
            let (Some(all), Some(num)) = (caps.get(0), caps.name("num")) else {
                continue;
            };
            let cur = caps.name("cur").map(|m| m.as_str().to_lowercase());
            let scale = caps.name("scale").map(|m| m.as_str().to_lowercase());
            let curword = caps.name("curword").map(|m| m.as_str().to_lowercase());
            let pct = caps.name("pct").is_some();

            let number = WORD_NUMBERS
                .iter()
                .find(|(w, _)| w.eq_ignore_ascii_case(num.as_str()))
                .map_or(num.as_str().to_string(), |(_, d)| (*d).to_string());
            let is_word = number != num.as_str();
            // The counted noun: its first word, or its first two ("skilled
            // professionals"), when that is a thing counted; with its end in the sentence.
            let counted: Option<(String, usize)> = caps.name("noun").and_then(|n| {
                let words: Vec<(usize, &str)> = n
                    .as_str()
                    .split(' ')
                    .scan(n.start(), |at, w| {
                        let here = *at;
                        *at += w.len() + 1;
                        Some((here, w))
                    })
                    .collect();
                // A noun of the list, or any plain plural ("seafarers", "kilograms").
                let is_counted = |w: &str| {
                    let w = w.to_lowercase();
                    COUNT_NOUNS.contains(&w.as_str())
                        || (w.len() > 4
                            && w.ends_with('s')
                            && !w.ends_with("ss")
                            && !w.ends_with("ous")
                            && !NOT_PLURALS.contains(&w.as_str()))
                };
                // "$17.69 billion against Indian exports": a preposition starts no noun.
                if words.first().is_some_and(|(_, w)| {
                    matches!(
                        w.to_lowercase().as_str(),
                        "against"
                            | "in"
                            | "of"
                            | "to"
                            | "for"
                            | "with"
                            | "from"
                            | "by"
                            | "on"
                            | "at"
                            | "as"
                            | "over"
                            | "under"
                            | "per"
                            | "into"
                            | "across"
                            | "between"
                            | "during"
                            | "and"
                            | "or"
                            | "than"
                    )
                }) {
                    return None;
                }
                match words.as_slice() {
                    [(at, first), ..] if is_counted(first) => {
                        Some(((*first).to_string(), at + first.len()))
                    }
                    [(_, first), (at, second), ..] if is_counted(second) => {
                        Some((format!("{first} {second}"), at + second.len()))
                    }
                    [(_, first), (_, second), (at, third), ..] if is_counted(third) => {
                        Some((format!("{first} {second} {third}"), at + third.len()))
                    }
                    // "50 Multi Product Food Irradiation Units": a capitalised name of
                    // what is counted, ending in a plural.
                    [(_, first), ..] if first.starts_with(char::is_uppercase) => {
                        let named = words
                            .iter()
                            .take_while(|(_, w)| w.starts_with(char::is_uppercase))
                            .count();
                        let last = words[..named].iter().position(|(_, w)| is_counted(w))?;
                        let (at, word) = words[last];
                        Some((
                            words[..=last]
                                .iter()
                                .map(|(_, w)| *w)
                                .collect::<Vec<_>>()
                                .join(" "),
                            at + word.len(),
                        ))
                    }
                    _ => None,
                }
            });
            let currency = cur.is_some() || curword.is_some();
            // "E10", "G20", "F-35": a number glued to a name is part of it.
            if piece[..num.start()]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_alphanumeric() || c == '-')
            {
                continue;
            }
            // "Section 232", "Article 370", "No. 2": a label, not an amount.
            let label = piece[..all.start()]
                .split_whitespace()
                .next_back()
                .is_some_and(|w| LABELS.contains(&w.trim_end_matches('.')));
            if label {
                continue;
            }
            // A bare number is a fact only with a scale, a currency, a percentage or a
            // counted noun; a year is read below; a word number needs a scale or noun.
            if !(currency || scale.is_some() || pct || counted.is_some()) {
                continue;
            }
            if is_word && scale.is_none() {
                continue;
            }
            // "by 2030 represents": a year before a verb is a year (read below), not a
            // count; only a unit or a noun of the list counts after a year-like number.
            let year_like = scale.is_none()
                && !pct
                && !currency
                && number.len() == 4
                && year_pattern().is_match(&number);
            if year_like
                && !counted
                    .as_ref()
                    .is_some_and(|(n, _)| COUNT_NOUNS.contains(&n.to_lowercase().as_str()))
            {
                continue;
            }
            let currency_word = cur
                .as_deref()
                .map(|c| c.trim_end_matches('.'))
                .or(curword.as_deref())
                .and_then(|c| match c {
                    "₹" | "rs" | "inr" | "rupees" => Some("INR"),
                    "¥" | "jpy" | "yen" => Some("yen"),
                    "$" | "us$" | "usd" | "dollars" => Some("USD"),
                    _ => None,
                });
            if currency && currency_word.is_none() {
                continue; // euros: the amount parser does not read them
            }
            let value_text = match &scale {
                Some(scale) => format!(
                    "{number} {}",
                    scale.split_whitespace().collect::<Vec<_>>().join(" ")
                ),
                None => number.clone(),
            };
            let Ok(parsed) = quantity::parse(&value_text) else {
                continue;
            };
            // The lower end of a range ("$100 million to $400 million") is asked with
            // its upper end, not alone.
            let rest = piece[caps.name("noun").map_or(all.end(), |n| n.start())..].trim_start();
            let ranged = ["to ", "– ", "- ", "and "].iter().any(|c| {
                rest.strip_prefix(c).is_some_and(|r| {
                    r.trim_start()
                        .starts_with(|ch: char| ch.is_ascii_digit() || "₹$¥".contains(ch))
                        || r.starts_with("Rs")
                        || r.starts_with("US$")
                })
            }) || rest.starts_with(['–', '-']);
            if ranged {
                continue;
            }
            // The amount's own words ("¥10 trillion"), and what the question replaces:
            // with a counted noun, the noun too ("50,000 skilled professionals").
            let amount_end = caps.name("noun").map_or(all.end(), |n| n.start());
            let shown_range = trim_range(
                text,
                sentence.range.start + all.start()..sentence.range.start + amount_end,
            );
            let target = match &counted {
                Some((_, end)) => shown_range.start..sentence.range.start + end,
                None => shown_range.clone(),
            };
            let (unit, ask) = if pct {
                ("%".to_string(), "what percentage".to_string())
            } else if let Some(c) = currency_word {
                (c.to_string(), "how much".to_string())
            } else if let Some((noun, _)) = &counted {
                (String::new(), format!("how many {noun}"))
            } else {
                (String::new(), "how many".to_string())
            };
            let shown = text[shown_range].to_string();
            taken.push(target.clone());
            out.push(Fact {
                sentence: s,
                target,
                what: What::Amount {
                    value: parsed.value,
                    value_text,
                    unit,
                    ask,
                    shown,
                    currency,
                    adjectival: caps.name("hyphen").is_some() && counted.is_some(),
                },
                score: 3.0 + if currency { 1.0 } else { 0.0 } + named + bonus,
                cue: superlative.clone().or(action.clone()),
            });
        }

        // Editions.
        for caps in edition_pattern().captures_iter(piece) {
            let (Some(all), Some(n), Some(noun)) = (caps.get(0), caps.get(1), caps.get(2)) else {
                continue;
            };
            let Ok(number) = n.as_str().parse::<u32>() else {
                continue;
            };
            let start = sentence.range.start + all.start();
            let target = start..start + (n.end() - all.start()) + 2;
            taken.push(target.clone());
            out.push(Fact {
                sentence: s,
                target,
                what: What::Edition {
                    number,
                    noun: noun.as_str().to_lowercase(),
                },
                score: 3.0 + named,
                cue: None,
            });
        }

        // Spelled ordinals of a visit, an edition, a round: "his eighth trip".
        for caps in ordinal_pattern().captures_iter(piece) {
            let Some(word) = caps.get(1) else { continue };
            let Some(at) = ORDINALS
                .iter()
                .position(|o| o.eq_ignore_ascii_case(word.as_str()))
            else {
                continue;
            };
            let target = sentence.range.start + word.start()..sentence.range.start + word.end();
            taken.push(target.clone());
            out.push(Fact {
                sentence: s,
                target,
                what: What::Ordinal {
                    number: at as u32 + 1,
                    word: word.as_str().to_string(),
                },
                // A first is examinable but common; a later ordinal is a counted fact.
                score: if at == 0 { 2.5 } else { 3.0 } + named,
                cue: None,
            });
        }

        // Ranks: "India's 5th largest investor".
        for caps in rank_pattern().captures_iter(piece) {
            let Some(word) = caps.get(1) else { continue };
            let target = sentence.range.start + word.start()..sentence.range.start + word.end();
            if taken.iter().any(|t| overlaps(t, &target)) {
                continue;
            }
            let digits: String = word
                .as_str()
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            let number = match digits.parse::<u32>() {
                Ok(n) => n,
                Err(_) => match ORDINALS
                    .iter()
                    .position(|o| o.eq_ignore_ascii_case(word.as_str()))
                {
                    Some(at) => at as u32 + 1,
                    None => continue,
                },
            };
            if number == 0 {
                continue;
            }
            taken.push(target.clone());
            out.push(Fact {
                sentence: s,
                target,
                what: What::Ordinal {
                    number,
                    word: word.as_str().to_string(),
                },
                score: 3.5 + named,
                cue: Some("rank".to_string()),
            });
        }

        // Acronyms spelled out: "TICAD (Tokyo International Conference on …)".
        for caps in expansion_pattern().captures_iter(piece) {
            let (Some(acr), Some(exp)) = (caps.name("acr"), caps.name("exp")) else {
                continue;
            };
            if !spells(acr.as_str(), exp.as_str()) {
                continue;
            }
            let target = sentence.range.start + acr.start()..sentence.range.start + acr.end();
            out.push(Fact {
                sentence: s,
                target,
                what: What::Expansion {
                    acronym: acr.as_str().to_string(),
                    expansion: exp.as_str().to_string(),
                },
                score: 2.5,
                cue: None,
            });
        }

        // Other names in brackets: "Chandrayaan-5 (Joint Lunar Polar Exploration
        // Mission)": a name with a digit or one the gazetteers know, and a name of a
        // known kind.
        for caps in alias_pattern().captures_iter(piece) {
            let (Some(name), Some(alias)) = (caps.name("name"), caps.name("alias")) else {
                continue;
            };
            let noun = alias
                .as_str()
                .rsplit(' ')
                .next()
                .unwrap_or("")
                .to_lowercase();
            let known = name.as_str().contains(|c: char| c.is_ascii_digit())
                || g.by_name(name.as_str()).is_some();
            if !known
                || !NAME_NOUNS.contains(&noun.as_str())
                || spells(name.as_str(), alias.as_str())
            {
                continue;
            }
            let target = sentence.range.start + alias.start()..sentence.range.start + alias.end();
            out.push(Fact {
                sentence: s,
                target,
                what: What::Alias {
                    name: name.as_str().to_string(),
                    alias: alias.as_str().to_string(),
                    noun,
                },
                score: 2.5,
                cue: None,
            });
        }

        // Themes: "Year of Tourism Exchange (“Connecting Himalayas with Mount Fuji”)".
        for caps in theme_pattern().captures_iter(piece) {
            let (Some(of), Some(theme)) = (caps.name("of"), caps.name("theme")) else {
                continue;
            };
            let of = of
                .as_str()
                .trim_start_matches("The ")
                .trim_start_matches("the ")
                .to_string();
            if of.split(' ').count() < 2 || theme.as_str().split(' ').count() < 2 {
                continue;
            }
            let target = sentence.range.start + theme.start()..sentence.range.start + theme.end();
            out.push(Fact {
                sentence: s,
                target,
                what: What::Theme {
                    of,
                    theme: theme.as_str().trim().to_string(),
                },
                score: 3.0,
                cue: None,
            });
        }

        // Dates: "the 29–30 August visit", "(August 29-30)".
        for m in date_pattern().find_iter(piece) {
            let target = sentence.range.start + m.start()..sentence.range.start + m.end();
            if taken.iter().any(|t| overlaps(t, &target)) {
                continue;
            }
            taken.push(target.clone());
            out.push(Fact {
                sentence: s,
                target,
                what: What::Date,
                score: 2.0 + named + bonus,
                cue: None,
            });
        }

        // Decades: "in the 1980s".
        for caps in decade_pattern().captures_iter(piece) {
            let (Some(all), Some(year)) = (caps.get(0), caps.get(1)) else {
                continue;
            };
            let Ok(decade) = year.as_str().parse::<i32>() else {
                continue;
            };
            let target = sentence.range.start + all.start()..sentence.range.start + all.end();
            taken.push(target.clone());
            out.push(Fact {
                sentence: s,
                target,
                what: What::Decade { decade },
                score: 2.5 + named + bonus,
                cue: superlative.clone().or(action.clone()),
            });
        }

        // Years.
        for m in year_pattern().find_iter(piece) {
            let target = sentence.range.start + m.start()..sentence.range.start + m.end();
            if taken.iter().any(|t| overlaps(t, &target)) {
                continue;
            }
            // "2025-26", "2,025" and ranges are not a year asked alone.
            let after = &piece[m.end()..];
            let before = piece[..m.start()].chars().next_back();
            let mut next = after.chars();
            let joined = matches!(next.next(), Some('-' | '–' | '/' | ','))
                && next.next().is_some_and(|c| c.is_ascii_digit());
            if joined || matches!(before, Some('-' | '–' | '/')) {
                continue;
            }
            let Ok(year) = m.as_str().parse::<i32>() else {
                continue;
            };
            out.push(Fact {
                sentence: s,
                target,
                what: What::Year { year },
                score: 2.0 + named + bonus,
                cue: superlative.clone().or(action.clone()),
            });
        }

        // Groupings, schemes and gazetteer entities.
        for mention in &mentions {
            let entity = &g.entities[mention.entity];
            match entity.class {
                Class::Grouping => out.push(Fact {
                    sentence: s,
                    target: mention.range.clone(),
                    what: What::Membership {
                        grouping: mention.entity,
                    },
                    score: 3.5,
                    cue: None,
                }),
                Class::Scheme => out.push(Fact {
                    sentence: s,
                    target: mention.range.clone(),
                    what: What::SchemeMinistry {
                        scheme: mention.entity,
                    },
                    score: 3.0,
                    cue: None,
                }),
                _ => {}
            }
            // Asking which entity did or was something needs a verb of action or a
            // superlative in the sentence; a bare mention is not a fact.
            // A name inside a longer one ("Japan Exchange and Teaching Programme",
            // "Indian Ocean") is not asked on its own.
            let inside = text[mention.range.end..]
                .strip_prefix(' ')
                .and_then(|rest| rest.chars().next())
                .is_some_and(char::is_uppercase)
                || text[..mention.range.start]
                    .strip_suffix(' ')
                    .and_then(|rest| rest.split(' ').next_back())
                    .is_some_and(|w| {
                        w.chars().next().is_some_and(char::is_uppercase) && !w.ends_with(['.', ','])
                    });
            // One of a list ("Gujarat, Karnataka and Maharashtra") is not asked alone.
            let listed = mentions.iter().any(|other| {
                other != mention
                    && g.entities[other.entity].class == entity.class
                    && (other.range.end <= mention.range.start
                        && mention.range.start - other.range.end <= 6
                        || mention.range.end <= other.range.start
                            && other.range.start - mention.range.end <= 6)
            });
            // India is the answer to nothing a UPSC paper asks as "which country"; a name
            // in a sentence without a verb of action or a superlative is asked too, lower.
            if !HOME.contains(&entity.name.as_str())
                && !inside
                && !listed
                && !subject(mention.entity)
            {
                out.push(Fact {
                    sentence: s,
                    target: mention.range.clone(),
                    what: What::Entity {
                        entity: mention.entity,
                        class: entity.class,
                    },
                    score: 2.0
                        + bonus
                        + if entity.class == Class::Country {
                            0.0
                        } else {
                            0.5
                        },
                    cue: superlative.clone().or(action.clone()),
                });
            }
        }

        // Names by their shape: "the Joint Crediting Mechanism".
        for caps in title_phrase_pattern().captures_iter(piece) {
            let Some(all) = caps.get(0) else { continue };
            let phrase_end = caps.name("acr").map_or(all.end(), |a| {
                piece[..a.start()].trim_end_matches(['(', ' ']).len()
            });
            let phrase = &piece[all.start()..phrase_end];
            let tokens: Vec<&str> = phrase.split(' ').collect();
            let numbered = tokens.iter().enumerate().any(|(i, t)| {
                t.starts_with(|c: char| c.is_ascii_digit())
                    && !(i > 0 && LABELS.contains(&tokens[i - 1]))
            });
            if numbered {
                continue;
            }
            let last = phrase.rsplit(' ').next().unwrap_or("").to_lowercase();
            let before_words = piece[..all.start()].to_lowercase();
            // "the China Plus One strategy": the kind noun after the name is asked with it.
            let next_word = piece[phrase_end..]
                .strip_prefix(' ')
                .and_then(|rest| rest.split(|c: char| !c.is_alphanumeric()).next())
                .filter(|w| NAME_NOUNS.contains(w))
                .map(str::to_string);
            let noun = NAME_NOUNS
                .iter()
                .find(|n| **n == last)
                .copied()
                .or_else(|| {
                    // A firm: by its suffix, or by the words before it ("firms like").
                    (COMPANY_SUFFIXES.contains(&phrase.rsplit(' ').next().unwrap_or(""))
                        || COMPANY_CUES
                            .iter()
                            .any(|c| before_words.trim_end().ends_with(c)))
                    .then_some("company")
                })
                .unwrap_or("");
            let mut target = sentence.range.start + all.start()..sentence.range.start + phrase_end;
            let noun = match (&next_word, noun) {
                (Some(next), "") => {
                    target.end += 1 + next.len();
                    NAME_NOUNS
                        .iter()
                        .find(|n| **n == next.as_str())
                        .copied()
                        .unwrap_or("")
                }
                (_, noun) => noun,
            };
            // A place inside a longer name of a known kind ("the China Plus One
            // strategy") does not make the name a place.
            if mentions.iter().any(|m: &Mention| {
                overlaps(&m.range, &target)
                    && (noun.is_empty()
                        || (m.range.start <= target.start && m.range.end >= target.end))
            }) {
                continue;
            }
            // A name of no known kind is asked with a blank, and only when it is not the
            // sentence's first word (capitalised anyway) nor a word of the calendar.
            if noun.is_empty()
                && (all.start() == 0
                    || COMMON_CAPITALS
                        .iter()
                        .any(|c| phrase.split(' ').any(|w| w == *c)))
            {
                continue;
            }
            if phrase.split(' ').count() < 2 && (!noun.is_empty() || phrase.chars().count() < 3) {
                continue;
            }
            out.push(Fact {
                sentence: s,
                target,
                what: What::Name {
                    noun: noun.to_string(),
                    acronym: caps.name("acr").map(|a| a.as_str().to_string()),
                },
                score: if noun.is_empty() { 1.5 } else { 2.5 } + bonus + named * 0.5,
                cue: superlative.clone().or(action.clone()),
            });
        }

        // Paired places.
        let pairs: Vec<(String, String)> = pair_pattern()
            .captures_iter(piece)
            .filter_map(|c| {
                Some((
                    c.get(1)?.as_str().to_string(),
                    c.get(2)?.as_str().to_string(),
                ))
            })
            .collect();
        if pairs.len() >= 3 {
            let left = pairs
                .iter()
                .filter_map(|(l, _)| g.by_name(l).map(|e| e.class))
                .next();
            out.push(Fact {
                sentence: s,
                target: sentence.range.clone(),
                what: What::PairList { pairs, left },
                score: 3.5,
                cue: None,
            });
        }

        // Reasons.
        for reason in REASONS {
            if let Some(i) = lower.find(reason) {
                let effect = sentence.range.start..sentence.range.start + i;
                let cause_start = sentence.range.start + i + reason.len();
                let cause = cause_start..sentence.range.end;
                out.push(Fact {
                    sentence: s,
                    target: 0..0,
                    what: What::Reason { effect, cause },
                    score: 1.5 + named,
                    cue: Some(reason.trim().to_string()),
                });
                break;
            }
        }
    }
    // A person or organisation found by [`super::actors`] is asked as one, not also as a
    // name of no known kind.
    let actors = super::actors::facts(text, sentences);
    out.retain(|f| {
        !matches!(f.what, What::Name { .. })
            || !actors
                .iter()
                .any(|a| a.sentence == f.sentence && overlaps(&a.target, &f.target))
    });
    out.extend(actors);
    out
}

pub(super) fn whole_word(text: &str, at: usize, len: usize) -> bool {
    let before = text[..at].chars().next_back();
    let after = text[at + len..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

pub(super) fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

fn trim_range(text: &str, range: Range<usize>) -> Range<usize> {
    let piece = &text[range.clone()];
    let start = range.start + (piece.len() - piece.trim_start().len());
    let end = range.start + piece.trim_end().len();
    start..end.max(start)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::draft::segment::sentences;

    fn found(text: &str) -> Vec<Fact> {
        facts(text, &sentences(text))
    }

    #[test]
    fn amounts_are_read_with_the_program_s_parser() {
        let text = "The council said Korea will put ¥4 trillion into Brazil over eight years. About 30,000 young nurses will train abroad under the plan.";
        let facts = found(text);
        let amounts: Vec<(f64, String, String)> = facts
            .iter()
            .filter_map(|f| match &f.what {
                What::Amount {
                    value, unit, ask, ..
                } => Some((*value, unit.clone(), ask.clone())),
                _ => None,
            })
            .collect();
        assert!(
            amounts.contains(&(4e12, "yen".into(), "how much".into())),
            "{amounts:?}"
        );
        assert!(
            amounts
                .iter()
                .any(|(v, u, a)| *v == 30_000.0 && u.is_empty() && a.starts_with("how many")),
            "{amounts:?}"
        );
    }

    #[test]
    fn years_editions_groupings_and_schemes_are_facts() {
        let text = "Leaders of the Quad met in Sydney for the 7th summit in 2023 to sign a pact. The Skill India drive was widened this month by the board.";
        let facts = found(text);
        assert!(facts.iter().any(|f| f.what == What::Year { year: 2023 }));
        assert!(
            facts
                .iter()
                .any(|f| matches!(&f.what, What::Edition { number: 7, noun } if noun == "summit"))
        );
        assert!(
            facts
                .iter()
                .any(|f| matches!(f.what, What::Membership { .. }))
        );
        assert!(
            facts
                .iter()
                .any(|f| matches!(f.what, What::SchemeMinistry { .. }))
        );
    }

    fn amounts(text: &str) -> Vec<(f64, String, String)> {
        found(text)
            .into_iter()
            .filter_map(|f| match f.what {
                What::Amount {
                    value, unit, ask, ..
                } => Some((value, unit, ask)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_currency_joined_by_a_hyphen_and_a_named_plural_are_amounts() {
        let found = amounts("Tokyo pledged a 4 trillion-yen package to Kenya for the ports.");
        assert!(
            found.contains(&(4e12, "yen".into(), "how much".into())),
            "{found:?}"
        );
        let found =
            amounts("The board will set up 40 Mobile Soil Testing Trucks in the dry districts.");
        assert!(
            found
                .iter()
                .any(|(v, _, a)| *v == 40.0 && a == "how many Mobile Soil Testing Trucks"),
            "{found:?}"
        );
    }

    #[test]
    fn a_year_before_a_verb_is_not_a_count() {
        let found = amounts(
            "New metro lines in every large city by 2040 represents a bold goal for the board.",
        );
        assert!(found.is_empty(), "{found:?}");
        assert!(
            super::facts(
                "New metro lines in every large city by 2040 represents a bold goal for the board.",
                &sentences("New metro lines in every large city by 2040 represents a bold goal for the board.")
            )
            .iter()
            .any(|f| f.what == What::Year { year: 2040 })
        );
    }

    #[test]
    fn an_acronym_spelled_out_after_it_is_a_fact() {
        let facts = found(
            "Peru will chair the CAFTA (Central Andean Fisheries Trade Agreement) council this year. \
             The plan names the PBX (Port Board of Lima) as a partner for the work.",
        );
        let spelled: Vec<(String, String)> = facts
            .iter()
            .filter_map(|f| match &f.what {
                What::Expansion { acronym, expansion } => {
                    Some((acronym.clone(), expansion.clone()))
                }
                _ => None,
            })
            .collect();
        assert_eq!(
            spelled,
            vec![(
                "CAFTA".to_string(),
                "Central Andean Fisheries Trade Agreement".to_string()
            )]
        );
    }

    #[test]
    fn ordinals_ranks_and_decades_are_facts() {
        let facts = found(
            "Peru is now Chile's 3rd largest buyer of copper ore.              It was the envoy's sixth visit to the port this year.              Tea estates spread over the hills in the 1920s under the old board.",
        );
        let ordinals: Vec<(u32, String)> = facts
            .iter()
            .filter_map(|f| match &f.what {
                What::Ordinal { number, word } => Some((*number, word.clone())),
                _ => None,
            })
            .collect();
        assert!(ordinals.contains(&(3, "3rd".into())), "{ordinals:?}");
        assert!(ordinals.contains(&(6, "sixth".into())), "{ordinals:?}");
        assert!(
            facts
                .iter()
                .any(|f| f.what == What::Decade { decade: 1920 })
        );
    }

    #[test]
    fn a_figure_tied_to_an_entity_outranks_a_bare_adjective() {
        let text = "Kenya signed a deal worth $2 billion with Egypt last week. The largest Lake Victoria Conference of the region was held there.";
        let facts = found(text);
        let best = facts
            .iter()
            .max_by(|a, b| a.score.total_cmp(&b.score))
            .map(|f| &f.what);
        assert!(matches!(best, Some(What::Amount { .. })), "{facts:?}");
    }
}
