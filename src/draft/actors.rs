//! Who did what: the people an article names with their office ("Japanese Prime Minister
//! Shigeru Ishiba", "Sibi George, India's ambassador to Japan") and the organisations it
//! names doing something ("developed by Sojitz Corporation", "Japan's NEC", "companies
//! such as Lohum Cleantech"). Each is a fact whose wrong options are the other people, or
//! the other organisations, the same article names: the paper's trap of a name swapped
//! for another of its class, with no list of the world's people or firms to keep.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;

use regex::Regex;

use super::detect::{
    COMMON_CAPITALS, COMPANY_CUES, COMPANY_SUFFIXES, Fact, HOME, NAME_NOUNS, What, overlaps,
    whole_word,
};
use super::gazetteer::{self, Class};
use super::segment::Sentence;

fn regex(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pattern).unwrap_or_else(|e| panic!("bad pattern: {e}")))
}

/// An office, then a name of two or three capitalised words: "Union Railway Minister
/// Ashwini Vaishnaw", "U.S. President Donald Trump", "Commerce minister Piyush Goyal".
fn titled_pattern() -> &'static Regex {
    static CELL: OnceLock<Regex> = OnceLock::new();
    regex(
        &CELL,
        r"(?P<title>(?:(?:[A-Z][\w.]*(?:['’]s)?|of|for|and)\s+){0,4}(?:Deputy Prime Minister|Prime Minister|Chief Minister|Vice[- ]President|President|[Mm]inister|[Aa]mbassador|High Commissioner|Governor|Chief Justice|Justice|Foreign Secretary|Secretary|Chairman|Chairperson|Chief Executive|CEO|Director[- ]General|Emperor|King|Queen|Crown Prince|Mayor|Speaker|Chancellor|Senator))\s+(?P<name>[A-Z][a-z]+(?:[ -][A-Z][a-z]+){1,2})\b",
    )
}

/// A name, then its office in an appositive: "Sibi George, India's ambassador to Japan,".
fn appositive_pattern() -> &'static Regex {
    static CELL: OnceLock<Regex> = OnceLock::new();
    regex(
        &CELL,
        r"(?P<name>\b[A-Z][a-z]+(?:\s[A-Z][a-z]+){1,2}),\s(?P<office>(?:[A-Z][\w.]*['’]s|the)\s(?:[\w-]+\s){0,3}?(?:ambassador|minister|president|chief|secretary|governor|chairman|chairperson|director|head|ceo|CEO|envoy|founder|commissioner|spokesperson|judge)(?:\s(?:of|to|for|in|at)\s[A-Z][\w-]*(?:\s[A-Z][\w-]*){0,3})?)[,.;]",
    )
}

/// A capitalised phrase: a name of an organisation, perhaps ("Bharat Electronics", "JR
/// East", "Defence Research and Development Organisation").
fn phrase_pattern() -> &'static Regex {
    static CELL: OnceLock<Regex> = OnceLock::new();
    regex(
        &CELL,
        r"\b[A-Z][\w&-]*(?:\s+(?:(?:of|and|for|&)\s+)?[A-Z][\w&-]*){0,5}",
    )
}

/// Words before a name that say an organisation did something with it.
const AGENT_CUES: &[&str] = &[
    "developed by",
    "codeveloped by",
    "co-developed by",
    "powered by",
    "built by",
    "operated by",
    "manufactured by",
    "made by",
    "run by",
    "funded by",
    "financed by",
    "in partnership with",
    "partnering with",
    "partnered with",
    "a tie-up with",
    "a joint venture with",
];

/// Last words of the names of public bodies (a company's are [`COMPANY_SUFFIXES`]).
pub(super) const BODY_SUFFIXES: &[&str] = &["Organisation", "Organization", "Agency", "Company"];

/// First words of a sentence that are not part of a name after them.
const LEADS: &[&str] = &[
    "When",
    "While",
    "As",
    "The",
    "In",
    "On",
    "At",
    "Both",
    "But",
    "And",
    "With",
    "By",
    "For",
    "From",
    "If",
    "After",
    "Before",
    "Since",
    "Under",
    "During",
    "Meanwhile",
    "Also",
    "A",
    "An",
    "Then",
    "Now",
    "Former",
];

/// A person or organisation found in one sentence.
struct Found {
    sentence: usize,
    range: Range<usize>,
    name: String,
    person: bool,
    office: Option<String>,
    /// Whether a question may be asked on it (a person the article is about, named four
    /// times or more, is asked nothing: "Who is India's Prime Minister?").
    asked: bool,
}

/// Every person with an office, and every organisation doing something, in the article.
pub fn facts(text: &str, sentences: &[Sentence]) -> Vec<Fact> {
    let g = gazetteer::get();
    let mut found: Vec<Found> = Vec::new();
    for (s, sentence) in sentences.iter().enumerate() {
        let piece = &text[sentence.range.clone()];
        let offset = sentence.range.start;
        let examinable =
            sentence.words.len() >= 6 && piece.ends_with(['.', '!', '?', '"', '”', ')', '’', '\'']);
        let mentions = g.find(text, sentence.range.clone());
        for caps in titled_pattern().captures_iter(piece) {
            let (Some(title), Some(name)) = (caps.name("title"), caps.name("name")) else {
                continue;
            };
            let title_words: Vec<&str> = title
                .as_str()
                .split(' ')
                .skip_while(|w| LEADS.contains(w))
                .collect();
            let title = title_words.join(" ");
            let name_text = name.as_str();
            // "Narendra Modi" is a name; "Minister New Delhi" or "President Japan" is not.
            if name_text
                .split([' ', '-'])
                .next()
                .is_some_and(|w| COMMON_CAPITALS.contains(&w))
                || name_text.split([' ', '-']).any(|w| g.by_name(w).is_some())
            {
                continue;
            }
            // The head of the asking country ("India's Prime Minister", or a Prime
            // Minister the article does not say of where) is asked nothing.
            let home_head = HOME.iter().any(|h| {
                title.starts_with(&format!("{h}'s")) || title.starts_with(&format!("{h}’s"))
            }) || title.starts_with("Indian ")
                || matches!(title.as_str(), "Prime Minister" | "President");
            found.push(Found {
                sentence: s,
                range: offset + name.start()..offset + name.end(),
                name: name_text.to_string(),
                person: true,
                office: None,
                asked: examinable && !home_head,
            });
        }
        for caps in appositive_pattern().captures_iter(piece) {
            let (Some(name), Some(office)) = (caps.name("name"), caps.name("office")) else {
                continue;
            };
            let name_text = name.as_str();
            let first = name_text.split(' ').next().unwrap_or("");
            if LEADS.contains(&first)
                || name_text
                    .split(' ')
                    .any(|w| COMMON_CAPITALS.contains(&w) || g.by_name(w).is_some())
            {
                continue;
            }
            let range = offset + name.start()..offset + name.end();
            found.retain(|f| !(f.sentence == s && overlaps(&f.range, &range)));
            found.push(Found {
                sentence: s,
                range,
                name: name_text.to_string(),
                person: true,
                office: Some(office.as_str().to_string()),
                asked: examinable,
            });
        }
        // "NEC and India's Bharat Electronics" is two names when a side is a place.
        // Only the place is cut off: "Defence Research and Development Organisation and
        // Japan" is one name and a place.
        let phrases = phrase_pattern().find_iter(piece).flat_map(|m| {
            let whole = m.as_str();
            let mut parts: Vec<(usize, &str)> = Vec::new();
            let mut start = 0;
            let mut at = 0;
            for part in whole.split(" and ") {
                if g.by_name(part).is_some() {
                    if at > start {
                        parts.push((m.start() + start, &whole[start..at - " and ".len()]));
                    }
                    parts.push((m.start() + at, part));
                    start = at + part.len() + " and ".len();
                }
                at += part.len() + " and ".len();
            }
            if start < whole.len() {
                parts.push((m.start() + start, &whole[start..]));
            }
            parts
        });
        for (start, phrase) in phrases {
            let mut start = start;
            let mut phrase = phrase;
            // "The Asia Group": a leading article or connective is not part of the name.
            while let Some((first, rest)) = phrase.split_once(' ') {
                if LEADS.contains(&first) {
                    start += first.len() + 1;
                    phrase = rest;
                } else {
                    break;
                }
            }
            // A possessive ends the name ("Sumitomo Realty’s $4.76 billion").
            let phrase = phrase
                .trim_end_matches("’s")
                .trim_end_matches("'s")
                .trim_end_matches(['-', '&']);
            if phrase.is_empty() || LEADS.contains(&phrase) {
                continue;
            }
            let range = offset + start..offset + start + phrase.len();
            let words: Vec<&str> = phrase.split(' ').collect();
            let last = words.last().copied().unwrap_or("");
            // A place inside a firm's name ("Bharat Electronics") does not make it a place.
            let firm = words.len() >= 2 && COMPANY_SUFFIXES.contains(&last);
            if (!firm && mentions.iter().any(|m| overlaps(&m.range, &range)))
                || found
                    .iter()
                    .any(|f| f.sentence == s && overlaps(&f.range, &range))
            {
                continue;
            }
            if words.iter().all(|w| COMMON_CAPITALS.contains(w))
                || words.iter().any(|w| {
                    matches!(
                        *w,
                        "Minister" | "President" | "Prime" | "Ambassador" | "Justice"
                    )
                })
                || NAME_NOUNS.contains(&last.to_lowercase().as_str())
                    && !BODY_SUFFIXES.contains(&last)
            {
                continue;
            }
            let before = piece[..start].trim_end().to_ascii_lowercase();
            // "Department of Space", "Board of Control": a public body by its first words.
            let office_of = words.len() >= 3
                && matches!(words[0], "Department" | "Bureau" | "Board" | "Office")
                && words[1] == "of";
            let suffixed =
                COMPANY_SUFFIXES.contains(&last) || BODY_SUFFIXES.contains(&last) || office_of;
            // The cue may stand before the owner: "codeveloped by Japan's NEC".
            let owner_cut = before
                .rsplit_once(' ')
                .filter(|(_, w)| w.ends_with("’s") || w.ends_with("'s"))
                .map_or(before.as_str(), |(b, _)| b.trim_end());
            let cued = COMPANY_CUES.iter().chain(AGENT_CUES).any(|c| {
                [before.as_str(), owner_cut]
                    .iter()
                    .any(|b| b.ends_with(c) && whole_word(b, b.len() - c.len(), c.len()))
            });
            // "Assam–ASEAN Holdings": a side of a pair is not a name alone.
            if piece[..start].ends_with(['–', '—', '-']) {
                continue;
            }
            // "Japan's NEC", "India's Bharat Electronics": a country's body or firm, when
            // it is more than one plain word (not "India's Milan exercise").
            let country_owned = piece[..start]
                .strip_suffix("’s ")
                .or_else(|| piece[..start].strip_suffix("'s "))
                .and_then(|b| b.rsplit(' ').next())
                .and_then(|w| g.by_name(w))
                .is_some_and(|e| e.class == Class::Country)
                && (words.len() >= 2 || phrase.chars().all(|c| c.is_ascii_uppercase()))
                // "India's EV industry": a name before a noun is an adjective.
                && !piece[start + phrase.len()..]
                    .strip_prefix(' ')
                    .and_then(|rest| rest.split(|c: char| !c.is_alphanumeric()).next())
                    .is_some_and(|w| {
                        w.starts_with(|c: char| c.is_lowercase())
                            && !matches!(w, "and" | "or" | "is" | "was" | "has" | "have" | "will" | "said")
                    });
            // "Japan's Official Security Assistance program" names a programme.
            let named_thing = piece[start + phrase.len()..]
                .strip_prefix(' ')
                .and_then(|rest| rest.split(|c: char| !c.is_alphanumeric()).next())
                .is_some_and(|w| NAME_NOUNS.contains(&w));
            if named_thing {
                continue;
            }
            let at_start = start == 0;
            // A country's acronym alone ("China's BRI") is as likely a plan as a firm:
            // it needs a cue too ("codeveloped by Japan's NEC").
            let owned_firm = country_owned && (words.len() >= 2 || cued);
            if !(suffixed || cued || owned_firm) || (at_start && !suffixed) {
                continue;
            }
            found.push(Found {
                sentence: s,
                range,
                name: phrase.to_string(),
                person: false,
                office: None,
                asked: examinable,
            });
        }
    }
    // The article's own subject among people (named four times or more) is asked nothing.
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for f in found.iter().filter(|f| f.person) {
        let surname = f.name.rsplit([' ', '-']).next().unwrap_or("");
        counts.entry(surname).or_insert_with(|| {
            text.match_indices(surname)
                .filter(|(i, _)| whole_word(text, *i, surname.len()))
                .count()
        });
    }
    let mut people: Vec<String> = Vec::new();
    let mut bodies: Vec<String> = Vec::new();
    for f in &found {
        let list = if f.person { &mut people } else { &mut bodies };
        if !list.contains(&f.name) {
            list.push(f.name.clone());
        }
    }
    found
        .iter()
        .filter(|f| f.asked)
        .filter(|f| {
            let surname = f.name.rsplit([' ', '-']).next().unwrap_or("");
            !f.person || counts.get(surname).copied().unwrap_or(0) < 4
        })
        .map(|f| {
            let pool = if f.person { &people } else { &bodies };
            Fact {
                sentence: f.sentence,
                target: f.range.clone(),
                what: What::Actor {
                    name: f.name.clone(),
                    person: f.person,
                    office: f.office.clone(),
                    others: pool.iter().filter(|n| **n != f.name).cloned().collect(),
                },
                score: if f.office.is_some() { 3.5 } else { 3.0 },
                cue: None,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::draft::segment::sentences;

    fn actors(text: &str) -> Vec<(String, bool, Option<String>, usize)> {
        facts(text, &sentences(text))
            .into_iter()
            .filter_map(|f| match f.what {
                What::Actor {
                    name,
                    person,
                    office,
                    others,
                } => Some((name, person, office, others.len())),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn people_are_found_by_their_office() {
        let text = "The talks were led by Brazilian Foreign Minister Carla Mendes in Lima last week. \
                    Tomas Ruiz, Peru's ambassador to Brazil, said the deal would cut tariffs soon.";
        let found = actors(text);
        assert!(
            found.contains(&("Carla Mendes".to_string(), true, None, 1)),
            "{found:?}"
        );
        assert!(
            found.contains(&(
                "Tomas Ruiz".to_string(),
                true,
                Some("Peru's ambassador to Brazil".to_string()),
                1
            )),
            "{found:?}"
        );
    }

    #[test]
    fn the_head_of_the_asking_country_and_the_article_s_subject_are_not_asked() {
        let text = "India's Prime Minister Arun Dev met the board in Paris on Monday. \
                    Dev spoke first. Dev left early. Dev came back to the hall for the vote. \
                    Prime Minister Vikram Rao opened the new port at Kandla on Friday.";
        assert!(actors(text).is_empty(), "{:?}", actors(text));
    }

    #[test]
    fn organisations_are_found_by_suffix_cue_or_owner() {
        let text = "The solar parks in Kenya were developed by Volta Energy Corporation in partnership with Kestrel Power last year. \
                    A radar was codeveloped by Brazil's Orbis and Peru's Andes Electronics for the navy. \
                    The Milan exercise was held in Peru's Andes range with ships from both navies.";
        let names: Vec<String> = actors(text).into_iter().map(|a| a.0).collect();
        for name in [
            "Volta Energy Corporation",
            "Kestrel Power",
            "Andes Electronics",
        ] {
            assert!(names.contains(&name.to_string()), "{name}: {names:?}");
        }
        assert!(!names.iter().any(|n| n.contains("Milan")), "{names:?}");
    }
}
