//! A sentence of an article as a statement in the program's own words ([`condense`]):
//! the main clause, asides and long brackets gone, figures written the house way, and every
//! run of ten of the article's words broken by a rewrite that keeps the sense (a filler
//! dropped, a phrase for its like, a possessive turned about, two list items swapped, a
//! leading "In 2014," moved to the end). The statements cards ([`super::statements`]) are
//! made of these.

use std::sync::OnceLock;

use regex::Regex;
use unicode_segmentation::UnicodeSegmentation;

use super::drafting::{Copies, capitalise};
use super::segment::fold;

fn regex(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pattern).unwrap_or_else(|e| panic!("bad pattern: {e}")))
}

/// A statement longer than this many words is too long to read in the paper's style.
const MAX_WORDS: usize = 30;
/// A statement shorter than this says too little to be true or false.
const MIN_WORDS: usize = 4;
/// Words that only colour a clause: dropped to break a copied run.
const FILLERS: &[&str] = &[
    "also",
    "further",
    "still",
    "even",
    "already",
    "recently",
    "currently",
    "significantly",
    "strongly",
    "closely",
    "heavily",
    "directly",
    "actually",
    "largely",
    "mainly",
    "particularly",
    "especially",
    "increasingly",
    "notably",
    "clearly",
    "major",
    "various",
    "important",
    "significant",
    "crucial",
    "vital",
    "notable",
    "indeed",
    "really",
    "very",
    "truly",
    "deeply",
    "simply",
    "ever",
    "just",
    "quietly",
    "successfully",
    "alike",
    "high-level",
    "dedicated",
    "real",
    "ambitious",
    "massive",
    "transformative",
    "steadfast",
    "powerful",
    "enormous",
    "remarkable",
    "landmark",
    "unrelenting",
    "paltry",
    "blunt",
    "long-standing",
    "rapidly",
    "potentially",
    "simultaneously",
    "globally",
];

/// How a byline or a disclaimer starts.
const BYLINES: &[&str] = &[
    "The writer ",
    "The author ",
    "The views ",
    "Views expressed",
    "Views are ",
    "Disclaimer",
    "(With ",
    "With inputs ",
    "Also read",
    "Also Read",
    "Read more",
    "Click here",
];

/// Numbers spelt out, from two: written in figures to break a copied run.
const SPELT: &[&str] = &[
    "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
];

/// Words a statement does not start with: they join it to a sentence it no longer
/// follows.
const LEADS: &[&str] = &[
    "But ",
    "Yet ",
    "And ",
    "So ",
    "However, ",
    "Moreover, ",
    "Meanwhile, ",
    "Also, ",
    "Further, ",
    "Furthermore, ",
    "Thus, ",
    "Hence, ",
    "Additionally, ",
    "Notably, ",
    "Importantly, ",
    "In addition, ",
    "At the same time, ",
    "Similarly, ",
    "Likewise, ",
];

/// Words that make a list item a phrase with more in it than a name ("semiconductors to
/// Africa"): such items are not reordered.
const LINKS: &[&str] = &[
    "to", "in", "of", "for", "with", "from", "on", "at", "by", "into", "is", "are", "was",
];

/// Prepositions and verbs that end a noun phrase after a possessive ("Japan's role in").
const PHRASE_ENDS: &[&str] = &[
    "in", "on", "for", "to", "with", "from", "by", "at", "under", "is", "was", "are", "were",
    "has", "have", "will", "and", "as", "into", "across", "between",
];

/// Phrases swapped for another of the same sense to break a copied run.
const SWAPS: &[(&str, &str)] = &[
    ("as well as", "and"),
    ("in order to", "to"),
    ("a number of", "several"),
    ("several", "a number of"),
    ("more than", "over"),
    ("over", "more than"),
    ("around", "about"),
    ("about", "around"),
    ("approximately", "about"),
    ("roughly", "about"),
    ("nearly", "almost"),
    ("almost", "nearly"),
    ("such as", "like"),
    ("like", "such as"),
    ("including", "such as"),
    ("is expected to", "is likely to"),
    ("are expected to", "are likely to"),
    ("aims to", "seeks to"),
    ("seeks to", "aims to"),
    ("aim to", "seek to"),
    ("seek to", "aim to"),
    ("prime minister", "PM"),
    ("has been", "was"),
    ("have been", "were"),
    ("many", "numerous"),
    ("because of", "owing to"),
    ("due to", "owing to"),
    ("owing to", "because of"),
    ("big", "large"),
    ("large", "big"),
    ("huge", "vast"),
    ("key", "main"),
    ("main", "chief"),
    ("began", "started"),
    ("started", "began"),
    ("shows", "indicates"),
    ("showed", "indicated"),
    ("wants", "seeks"),
    ("among", "amongst"),
    ("is planning to", "plans to"),
    ("are planning to", "plan to"),
    ("is set to", "will"),
    ("is going to", "will"),
    ("united states", "US"),
    ("u.s", "United States"),
    ("the latest", "the most recent"),
    ("latest", "newest"),
    ("recent", "new"),
    ("aimed at", "meant for"),
    ("in terms of", "in"),
    ("focused on", "centred on"),
    ("towards", "toward"),
    ("toward", "towards"),
    ("whole", "entire"),
    ("entire", "whole"),
    ("should", "ought to"),
    ("global", "worldwide"),
    ("nations", "countries"),
    ("countries", "nations"),
    ("companies", "firms"),
    ("firms", "companies"),
    ("cooperation", "collaboration"),
    ("collaboration", "cooperation"),
    ("ties", "relations"),
    ("relations", "ties"),
    ("deal", "agreement"),
    ("pledge", "commitment"),
    ("pledges", "commitments"),
    ("commitments", "pledges"),
    ("action plan", "plan of action"),
    ("celebrated as", "marked as"),
    ("far beyond", "beyond"),
    ("well beyond", "beyond"),
    ("kilometre", "km"),
    ("kilometres", "km"),
    ("kilometer", "km"),
    ("kilometers", "km"),
    ("commitment", "pledge"),
    ("boost", "raise"),
    ("increase", "rise"),
    ("expand", "widen"),
    ("strengthen", "deepen"),
    ("deepen", "strengthen"),
    ("essential", "vital"),
    ("indispensable", "essential"),
    ("areas", "fields"),
    ("sectors", "fields"),
    ("projects", "schemes"),
    ("goal", "aim"),
    ("target", "goal"),
    ("objective", "aim"),
    ("purpose", "aim"),
    ("faces", "confronts"),
    ("face", "confront"),
    ("risks", "dangers"),
    ("challenges", "difficulties"),
    ("problems", "difficulties"),
    ("together", "jointly"),
    ("jointly", "together"),
    ("quickly", "fast"),
    ("rapidly", "fast"),
    ("remains", "stays"),
    ("remain", "stay"),
    ("next", "coming"),
    ("decade", "ten years"),
    ("annual", "yearly"),
    ("yearly", "annual"),
    ("abroad", "overseas"),
    ("overseas", "abroad"),
    ("workers", "employees"),
    ("nearby", "neighbouring"),
    ("buy", "purchase"),
    ("bought", "purchased"),
    ("enough", "sufficient"),
    ("approach", "strategy"),
    ("announced", "declared"),
    ("signed", "inked"),
    ("visit", "trip"),
    ("ensure", "make sure"),
    ("people", "persons"),
    ("exemplifies", "illustrates"),
    ("illustrates", "shows"),
    ("demonstrates", "shows"),
    ("demonstrate", "show"),
    ("represents", "marks"),
    ("reflects", "mirrors"),
    ("reflect", "mirror"),
    ("symbolises", "signals"),
    ("symbolizes", "signals"),
    ("positions", "casts"),
    ("provided", "supplied"),
    ("provides", "supplies"),
    ("provide", "supply"),
    ("expanding", "widening"),
    ("expanded", "widened"),
    ("introduce", "bring in"),
    ("introduced", "brought in"),
    ("inaugural", "first-ever"),
    ("cutting-edge", "advanced"),
    ("fundamental", "basic"),
    ("substantial", "sizeable"),
    ("primary", "principal"),
    ("comprehensive", "wide-ranging"),
    ("consistently", "steadily"),
    ("historic", "landmark"),
    ("unprecedented", "record"),
    ("enhance", "improve"),
    ("enhanced", "improved"),
    ("enhancing", "improving"),
    ("facilitate", "ease"),
    ("facilitating", "easing"),
    ("emphasises", "stresses"),
    ("emphasizes", "stresses"),
    ("highlighted", "stressed"),
    ("highlights", "stresses"),
    ("underlines", "stresses"),
    ("underscores", "stresses"),
    ("promote", "foster"),
    ("promoting", "fostering"),
    ("promoted", "fostered"),
    ("strengthening", "deepening"),
    ("establish", "set up"),
    ("established", "set up"),
    ("creating", "building"),
    ("create", "build"),
    ("significance", "importance"),
    ("importance", "weight"),
    ("ambitions", "aims"),
    ("ambition", "aim"),
    ("capabilities", "abilities"),
    ("initiatives", "efforts"),
    ("efforts", "initiatives"),
    ("partners", "allies"),
    ("assistance", "aid"),
    ("aid", "assistance"),
    ("investments", "investment flows"),
    ("nations", "countries"),
    ("earth", "planet"),
    ("travelled", "went"),
    ("visited", "toured"),
    ("announced", "unveiled"),
    ("agreed", "consented"),
    ("committed", "pledged"),
    ("expected", "anticipated"),
    ("currently", "at present"),
    ("numerous", "many"),
    ("various", "several"),
    ("approximately", "about"),
    ("roughly", "about"),
    ("operations", "activities"),
    ("expertise", "know-how"),
    ("durations", "periods"),
    ("places", "stations"),
    ("debut", "premiere"),
    ("shift", "change"),
    ("driving", "pushing"),
    ("undermining", "weakening"),
    ("reached", "touched"),
    ("participation", "involvement"),
    ("calibrated", "measured"),
    ("approach", "stance"),
    ("brought", "delivered"),
    ("organically", "naturally"),
    ("naturally", "organically"),
    ("trust", "confidence"),
    ("mutual", "two-way"),
    ("beyond", "past"),
    ("collaborative", "joint"),
    ("equipment", "hardware"),
    ("ranging", "extending"),
    ("essential", "vital"),
    ("territorial", "border"),
    ("inclusive", "broad-based"),
];

/// Verbs after which "that" only introduces what was said.
const SAYING: &[&str] = &[
    "said",
    "says",
    "noted",
    "notes",
    "stated",
    "states",
    "believes",
    "argued",
    "argues",
    "added",
    "announced",
    "observed",
    "ensure",
    "ensures",
    "sure",
    "means",
    "shows",
    "suggests",
    "indicates",
    "knows",
    "recognise",
    "recognize",
    "realise",
    "realize",
];

/// Words of the reader or the writer: a sentence with one is talk, not a fact.
const PERSONAL: &[&str] = &[
    "you", "your", "we", "our", "us", "i", "my", "me", "yours", "ours",
];

/// Pronouns a statement may not start with: it would not say what it is about.
const PRONOUN_STARTS: &[&str] = &[
    "it", "its", "this", "these", "those", "they", "their", "he", "she", "his", "her", "that",
    "such", "them", "which", "who", "here", "there", "both", "another", "others", "same",
];

fn parenthesis_pattern() -> &'static Regex {
    static CELL: OnceLock<Regex> = OnceLock::new();
    regex(&CELL, r"\s*\(([^()]*)\)")
}

/// Money and scales the house way: "USD 68 bn" → "$68 billion", "JPY" → "¥", "per cent"
/// → "%", "&" → "and", "~" → "about".
fn house_figures(text: &str) -> String {
    let mut t = format!(" {text} ");
    for (from, to) in [
        (" USD ", " $"),
        (" US$ ", " $"),
        (" US$", " $"),
        (" JPY ", " ¥"),
        (" INR ", " ₹"),
        (" Rs. ", " ₹"),
        (" Rs ", " ₹"),
        ("(USD ", "($"),
        ("(JPY ", "(¥"),
        ("~USD ", "about $"),
        ("~$", "about $"),
        ("~", "about "),
        (" bn ", " billion "),
        (" bn,", " billion,"),
        (" bn)", " billion)"),
        (" bn.", " billion."),
        (" mn ", " million "),
        (" mn)", " million)"),
        (" cr ", " crore "),
        (" per cent", "%"),
        (" percent", "%"),
        (" & ", " and "),
        (" ↔ ", " and "),
        (" → ", ": "),
        (" -> ", ": "),
    ] {
        t = t.replace(from, to);
    }
    km_pattern().replace_all(t.trim(), "$1 km").to_string()
}

fn km_pattern() -> &'static Regex {
    static CELL: OnceLock<Regex> = OnceLock::new();
    regex(&CELL, r"(\d)[- ]kilomet(?:re|er)s?\b")
}

/// The words of `text` with their byte ranges, folded for comparison.
fn words_of(text: &str) -> Vec<(usize, usize, String)> {
    text.unicode_word_indices()
        .map(|(at, w)| (at, at + w.len(), fold(w)))
        .filter(|(_, _, w)| !w.is_empty())
        .collect()
}

/// `text` with the bytes `range` replaced by `with`, spacing made single.
fn splice(text: &str, range: std::ops::Range<usize>, with: &str) -> String {
    // "an action plan" → "a plan of action": the article agrees with the new word.
    let mut lead = text[..range.start].to_string();
    let next = format!("{with}{}", &text[range.end..]);
    let next = next.trim_start();
    let vowel = next.starts_with(['a', 'e', 'i', 'o', 'u', 'A', 'E', 'I', 'O', 'U']);
    if lead.ends_with(" an ") && !vowel && !with.is_empty() {
        lead.truncate(lead.len() - 4);
        lead.push_str(" a ");
    } else if lead.ends_with(" a ") && vowel && !with.is_empty() {
        lead.truncate(lead.len() - 3);
        lead.push_str(" an ");
    }
    let joined = format!("{lead}{with}{}", &text[range.end..]);
    joined
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace(" ,", ",")
        .replace(" .", ".")
        .replace(",,", ",")
}

/// One rewrite at word `j` of `text` that keeps the sense and changes the words (a filler
/// dropped, a phrase swapped for its like, two names swapped about "and", a leading
/// "In 2014," moved to the end), or `None` when no rewrite fits there.
fn rewrite_at(text: &str, words: &[(usize, usize, String)], j: usize) -> Option<String> {
    let (start, end, w) = words.get(j)?;
    let w = w.as_str();
    let next = words.get(j + 1).map(|x| x.2.as_str()).unwrap_or("");
    let prev = j
        .checked_sub(1)
        .and_then(|i| words.get(i))
        .map(|x| x.2.as_str());
    let original = &text[*start..*end];
    // Nothing inside quotation marks is reworded: it is a name or a quotation.
    let before = &text[..*start];
    let open_curly = before.matches('“').count() > before.matches('”').count();
    if open_curly || before.matches('"').count() % 2 == 1 {
        return None;
    }
    // A filler word (and the comma after it, "Also, …").
    // Not an adjective that a "most" or "very" qualifies ("one of its most ambitious").
    let qualified =
        prev.is_some_and(|p| ["most", "more", "less", "very", "so", "too", "as"].contains(&p));
    if FILLERS.contains(&w) && !qualified && original.chars().next().is_some_and(char::is_lowercase)
    {
        let mut stop = *end;
        if text[stop..].starts_with(',') {
            stop += 1;
        }
        return Some(splice(text, *start..stop, ""));
    }
    // "five lakh Indians" → "5 lakh Indians": a number spelt out, written in figures.
    if let Some(n) = SPELT.iter().position(|x| *x == w)
        && original.chars().next().is_some_and(char::is_lowercase)
        && !text[*end..].starts_with('-')
        && words.get(j + 1).is_some()
    {
        return Some(splice(text, *start..*end, &(n + 2).to_string()));
    }
    // "$100 million to $400 million" → "between $100 million and $400 million".
    if w == "to"
        && j >= 1
        && text[..*start]
            .trim_end()
            .ends_with(|c: char| c.is_alphanumeric())
        && text[*end..].trim_start().starts_with(['$', '₹', '¥'])
    {
        let from = text[..*start].trim_end();
        let figure_start = from
            .rfind(['$', '₹', '¥'])
            .filter(|at| !from[*at..].contains([',', ';']) && from[*at..].split(' ').count() <= 3);
        if let Some(at) = figure_start {
            return Some(format!(
                "{}between {} and{}",
                &text[..at],
                &text[at..*start].trim_end(),
                &text[*end..]
            ));
        }
    }
    // "has funded" → "funded".
    if (w == "has" || w == "have") && next.len() > 3 && next.ends_with("ed") {
        return Some(splice(text, *start..*end, ""));
    }
    // "tariffs that amount to" → "tariffs which amount to", and back.
    if (w == "that" || w == "which")
        && prev.is_some_and(|p| !SAYING.contains(&p) && p.len() > 3 && p.ends_with('s'))
        && !text[..*start].trim_end().ends_with(',')
    {
        let to = if w == "that" { "which" } else { "that" };
        return Some(splice(text, *start..*end, to));
    }
    // "said that …" → "said …".
    if w == "that" && prev.is_some_and(|p| SAYING.contains(&p)) {
        return Some(splice(text, *start..*end, ""));
    }
    // A phrase for its like, not inside a compound ("people-to-people").
    let hyphened = text[..*start].ends_with(['-', '–']) || text[*end..].starts_with(['-', '–']);
    for (from, to) in SWAPS.iter().filter(|_| !hyphened) {
        let parts: Vec<&str> = from.split(' ').collect();
        if words.len() < j + parts.len() {
            continue;
        }
        let matches = parts.iter().enumerate().all(|(k, p)| words[j + k].2 == *p);
        if !matches {
            continue;
        }
        // Figure words only before a figure ("over 38 billion", not "taken over").
        let numeric = [
            "over",
            "more",
            "around",
            "about",
            "approximately",
            "roughly",
            "nearly",
            "almost",
        ];
        if numeric.contains(&parts[0]) {
            let after = words
                .get(j + parts.len())
                .map(|x| x.2.as_str())
                .unwrap_or("");
            if !after.starts_with(|c: char| c.is_ascii_digit()) {
                continue;
            }
        }
        // "like" the verb, "among" after "be": only where the sense is plain.
        if *from == "like"
            && !prev.is_some_and(|p| p.ends_with('s') || p == "projects" || p == "firms")
        {
            continue;
        }
        // A capitalised phrase mid-sentence is a name ("Annual Summit"), kept as written.
        if j > 0 && original.starts_with(char::is_uppercase) && *from != "prime minister" {
            continue;
        }
        let last = words[j + parts.len() - 1].1;
        let mut to = (*to).to_string();
        if original.starts_with(char::is_uppercase) {
            to = capitalise(&to);
        }
        return Some(splice(text, *start..last, &to));
    }
    // "Kenya and Peru" → "Peru and Kenya": two one-word names either side of "and".
    if w == "and" && j >= 1 && j + 1 < words.len() {
        let (ps, pe, _) = &words[j - 1];
        let (ns, ne, _) = &words[j + 1];
        let p = &text[*ps..*pe];
        let n = &text[*ns..*ne];
        let capital = |s: &str| s.chars().next().is_some_and(char::is_uppercase);
        let before_name = j >= 2 && capital(&text[words[j - 2].0..words[j - 2].1]);
        let after_name = words.get(j + 2).is_some_and(|x| capital(&text[x.0..x.1]));
        let plain = text[*pe..*ns].trim() == "and";
        if capital(p) && capital(n) && !before_name && !after_name && plain && j >= 2 {
            return Some(format!("{}{n} and {p}{}", &text[..*ps], &text[*ne..]));
        }
        // "A and B" → "A as well as B", except "between A and B", "both A and B".
        let lead: Vec<&str> = words[j.saturating_sub(4)..j]
            .iter()
            .map(|x| x.2.as_str())
            .collect();
        // Not before a verb: "are personal and do not …".
        let verb_next =
            super::clauses::has_verb(next) || ["do", "does", "did", "not"].contains(&next);
        if !lead.contains(&"between") && !lead.contains(&"both") && plain && !verb_next {
            return Some(splice(text, *start..*end, "as well as"));
        }
    }
    // "Japan's role in" → "the role of Japan in": a name's possessive, the thing owned
    // one to three plain words ending before a preposition or a verb.
    if let Some(last_owner) = original.strip_suffix("'s").or(original.strip_suffix("’s"))
        && last_owner.starts_with(char::is_uppercase)
        && original.len() > 2
        // Not the last part of a compound ("Indo-Pacific's").
        && !text[..*start].ends_with(|c: char| !c.is_whitespace())
    {
        // "Uttar Pradesh's": the capitalised words before it are the owner's too.
        let mut first = j;
        while first > 0
            && text[words[first - 1].0..words[first - 1].1].starts_with(char::is_uppercase)
            && text[words[first - 1].1..words[first].0].trim().is_empty()
        {
            first -= 1;
        }
        let start = &words[first].0;
        let owner = format!("{}{last_owner}", &text[*start..words[j].0]);
        let owner = owner.as_str();
        let mut k = j + 1;
        while k < words.len()
            && k <= j + 3
            && !PHRASE_ENDS.contains(&words[k].2.as_str())
            && !super::clauses::has_verb(&words[k].2)
            && text[words[k].0..words[k].1].starts_with(char::is_lowercase)
        {
            k += 1;
        }
        let gap_clean =
            |a: usize, b: usize| !text[a..b].contains([',', ';', ':', '(', ')', '"', '“']);
        if k > j + 1
            && (k == words.len() || PHRASE_ENDS.contains(&words[k].2.as_str()))
            && gap_clean(*end, words[k - 1].1)
        {
            let owned = &text[words[j + 1].0..words[k - 1].1];
            // "the" before the owner's phrase unless it begins with an article already.
            let lead = &text[..*start];
            let (lead, the) = match lead.trim_end().rsplit_once(' ') {
                Some((l, w)) if ["the", "The"].contains(&w) => (format!("{l} "), w),
                None if ["the", "The"].contains(&lead.trim()) => (String::new(), lead.trim()),
                _ => (
                    lead.to_string(),
                    if lead.is_empty() { "The" } else { "the" },
                ),
            };
            return Some(format!(
                "{lead}{the} {owned} of {owner}{}",
                &text[words[k - 1].1..]
            ));
        }
    }
    // "A, B and C" → "A, C and B": the last two items of a list, each short.
    if w == "and" && j >= 1 {
        let before_all = text[..*start].trim_end();
        let oxford = before_all.ends_with(',');
        let before = before_all.trim_end_matches(',');
        if let Some(comma) = before.rfind(", ") {
            let y = before[comma + 2..].trim();
            let rest = &text[*end..];
            let mut z_end = rest.find([',', '.', ';', ':', ')']).unwrap_or(rest.len());
            let short = |s: &str| {
                (1..=3).contains(&s.split_whitespace().count())
                    && !s.split_whitespace().any(|w| LINKS.contains(&w))
            };
            // "… and Suzuki are integrating …": the item is the name.
            if !short(&rest[..z_end]) {
                let trimmed = rest.trim_start();
                let lead = rest.len() - trimmed.len();
                let mut name_end = 0;
                for word in trimmed.split(' ') {
                    if !word.starts_with(char::is_uppercase) {
                        break;
                    }
                    name_end += word.len() + 1;
                }
                z_end = lead + name_end.saturating_sub(1);
            }
            let z = rest[..z_end].trim();
            if short(y) && short(z) && !y.contains(" and ") && !z.contains(" and ") && y != z {
                let comma_and = if oxford { ", and" } else { " and" };
                return Some(format!(
                    "{}, {z}{comma_and} {y}{}",
                    &before[..comma],
                    &rest[z_end..]
                ));
            }
        }
    }
    // "chemicals, vehicles, aluminium" → "chemicals, aluminium, vehicles": two short items
    // of a list of three or more swapped.
    if j + 1 < words.len() && text[*end..].starts_with(", ") {
        let seg_start = text[..*start].rfind([',', ':', '(']).map_or(0, |i| i + 1);
        let item = text[seg_start..*end].trim();
        let rest = &text[*end + 2..];
        let next_end = rest.find([',', '.', ';', ':', ')']).unwrap_or(rest.len());
        let next_item = rest[..next_end].trim();
        let short = |s: &str| {
            (1..=2).contains(&s.split_whitespace().count())
                && !s
                    .split_whitespace()
                    .any(|w| LINKS.contains(&w) || w == "and")
        };
        let third = rest[next_end..].starts_with(',');
        if short(item) && short(next_item) && third && item != next_item {
            let lead = &text[..seg_start];
            let space = if seg_start == 0 { "" } else { " " };
            return Some(format!(
                "{lead}{space}{next_item}, {item}{}",
                &rest[next_end..]
            ));
        }
    }
    // "In 2014, X did Y" → "X did Y in 2014".
    if j < 5
        && let Some(comma) = text.find(", ")
        && comma < text.len() / 2
    {
        {
            let lead = &text[..comma];
            let first = lead.split(' ').next().unwrap_or("");
            if [
                "In", "On", "By", "Since", "During", "From", "Over", "Under", "At",
            ]
            .contains(&first)
                && lead.split(' ').count() <= 6
                && text[comma + 2..].starts_with(char::is_uppercase)
            {
                let rest = text[comma + 2..].trim_end_matches('.');
                let moved = format!(
                    "{first_lower}{}",
                    &lead[first.len()..],
                    first_lower = first.to_lowercase()
                );
                return Some(format!("{rest} {moved}."));
            }
        }
    }
    None
}

/// Breaks every run of ten of the article's words in `text` by rewrites ([`rewrite_at`]),
/// nearest the run's middle first; `None` when a run cannot be broken.
fn break_runs(text: String, copies: &Copies) -> Option<String> {
    let mut t = text;
    for _ in 0..16 {
        let words = words_of(&t);
        let folded: Vec<String> = words.iter().map(|w| w.2.clone()).collect();
        let Some(i) = copies.first_copied(&folded) else {
            return Some(t);
        };
        let mut order: Vec<usize> = (i..(i + 10).min(words.len())).collect();
        order.sort_by_key(|j| (*j as i64 - (i as i64 + 5)).abs());
        // A phrase that starts just before the run and ends inside it ("is planning to")
        // breaks it too: tried last.
        order.extend(i.saturating_sub(3)..i);
        t = order.into_iter().find_map(|j| rewrite_at(&t, &words, j))?;
    }
    None
}

/// A sentence of the article as a statement in the program's words: bullets and long
/// brackets gone, the main clause kept, figures written the house way, no run of ten of
/// the article's words. `None` when it is not a statement of fact (a question, talk to
/// the reader, a clause that starts with a pronoun) or cannot be made short and unlike.
pub fn condense(raw: &str, copies: &Copies) -> Option<String> {
    let mut t = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    t = t
        .trim_start_matches([
            '•', '-', '*', '→', '–', '—', '·', '▪', '◦', '●', '○', '■', ' ',
        ])
        .to_string();
    if t.ends_with('?') || t.ends_with('!') {
        return None;
    }
    // A byline or a disclaimer is about the page, not the subject.
    if BYLINES.iter().any(|b| t.starts_with(b)) {
        return None;
    }
    // Brackets of more than six words are asides; a name spelt out ("(Joint Lunar Polar
    // Exploration Mission)"), names listed or a quoted title are kept, and "(e.g., X)"
    // reads "(for example, X)".
    t = parenthesis_pattern()
        .replace_all(&t, |c: &regex::Captures| {
            let inner = c.get(1).map_or("", |m| m.as_str());
            let n = inner.split_whitespace().count();
            let capitalised = inner
                .split_whitespace()
                .filter(|w| w.starts_with(|ch: char| ch.is_uppercase() || ch == '“' || ch == '"'))
                .count();
            let named = n <= 8 && capitalised * 10 >= n * 7;
            let quoted = n <= 8 && inner.starts_with(['“', '"']);
            if let Some(example) = inner.strip_prefix("e.g., ").or(inner.strip_prefix("e.g. "))
                && n <= 6
            {
                return format!(" (for example, {example})");
            }
            if named || quoted {
                c.get(0).map_or(String::new(), |m| m.as_str().to_string())
            } else if n > 6 || n > 3 && !inner.chars().any(|ch| ch.is_ascii_digit()) {
                String::new()
            } else {
                c.get(0).map_or(String::new(), |m| m.as_str().to_string())
            }
        })
        .to_string();
    t = house_figures(&t);
    // A label that only says what kind of note this is.
    for label in [
        "Context: ",
        "Note: ",
        "Background: ",
        "Summary: ",
        "Introduction: ",
        "Why in news: ",
        "News: ",
    ] {
        if let Some(rest) = t.strip_prefix(label) {
            t = rest.to_string();
        }
    }
    t = currency_word_pattern()
        .replace_all(&t, |c: &regex::Captures| {
            let figure = c.get(1).map_or("", |m| m.as_str());
            let sign = match c.get(2).map_or("", |m| m.as_str()).to_lowercase().as_str() {
                "yen" => "¥",
                "rupees" => "₹",
                _ => "$",
            };
            format!("{sign}{figure}")
        })
        .to_string();
    // Asides between dashes go; a leading connective goes.
    t = aside_pattern()
        .replace_all(&t, |c: &regex::Captures| {
            let aside = c.get(1).map_or("", |m| m.as_str()).trim();
            if aside.chars().any(|ch| ch.is_ascii_digit()) {
                format!(", {aside}, ")
            } else {
                " ".to_string()
            }
        })
        .to_string();
    for lead in LEADS {
        if let Some(rest) = t.strip_prefix(lead) {
            t = capitalise(rest.trim_start_matches(", "));
        }
    }
    // A connective mid-sentence goes: "In this climate, however, trust …".
    for aside in [", however,", ", though,", ", moreover,", ", therefore,"] {
        t = t.replace(aside, ",");
    }
    // "These new trains, …" → "The new trains, …": a demonstrative before a noun phrase
    // points back to a sentence the statement no longer follows; the section names it.
    for (this, the) in [("These ", "The "), ("This ", "The ")] {
        if let Some(rest) = t.strip_prefix(this) {
            let next = rest.split(' ').next().unwrap_or("");
            let noun_phrase = (next.starts_with(char::is_lowercase)
                || next.starts_with(['"', '“']))
                && !PRONOUN_STARTS.contains(&next)
                && ![
                    "is", "are", "was", "were", "has", "have", "will", "can", "means", "shows",
                ]
                .contains(&next);
            if noun_phrase && !next.ends_with(',') {
                t = format!("{the}{rest}");
            }
        }
    }
    // An aside that says by whom ("…, already being promoted by X and implemented by Y,")
    // goes, and a leading phrase that only points back ("In this context,").
    t = by_aside_pattern().replace_all(&t, "").to_string();
    if let Some(m) = pointing_lead_pattern().find(&t) {
        t = capitalise(&t[m.end()..]);
    }
    if t.contains(" not only ") && t.contains(" but also ") {
        t = t
            .replacen(" not only ", " ", 1)
            .replacen(" but also ", " and ", 1);
    }
    for lead in [
        "In this context, ",
        "In that context, ",
        "In this regard, ",
        "To that end, ",
        "In other words, ",
        "Put differently, ",
    ] {
        if let Some(rest) = t.strip_prefix(lead) {
            t = capitalise(rest);
        }
    }
    // A long sentence keeps its first clause; a trailing participle goes.
    let count = |s: &str| s.unicode_words().count();
    // A note's label of a long line goes first ("Make in India, Make for the World: …").
    if count(&t) > MAX_WORDS
        && let Some((label, rest)) = t.split_once(": ")
        && count(label) <= 8
        && count(rest) >= 6
    {
        t = capitalise(rest);
    }
    // "On the Japanese side, …" of a long sentence goes first.
    if count(&t) > MAX_WORDS
        && let Some((lead, rest)) = t.split_once(", ")
        && ["On ", "In ", "For ", "At "]
            .iter()
            .any(|p| lead.starts_with(p))
        && count(lead) <= 5
        && !lead.chars().any(|c| c.is_ascii_digit())
    {
        t = capitalise(rest);
    }
    if count(&t) > MAX_WORDS {
        for cut in [
            "; ",
            " — ",
            " – ",
            ", which ",
            ", while ",
            ", whereas ",
            ", but ",
            ", and ",
            ", with ",
        ] {
            if let Some(at) = t.find(cut)
                && count(&t[..at]) >= 6
            {
                t = t[..at].to_string();
                break;
            }
        }
    }
    // ", including 50,000 skilled workers" lists what went before: not a participle.
    if let Some(m) = regex_participle()
        .find_iter(&t)
        .find(|m| !m.as_str().starts_with(", including"))
        && count(&t[..m.start()]) >= 6
    {
        t = t[..m.start()].to_string();
    }
    let n = count(&t);
    if !(MIN_WORDS..=MAX_WORDS).contains(&n) {
        return None;
    }
    let words: Vec<String> = t.unicode_words().map(fold).collect();
    // "US" and "U.S." are a country, "us" and "We" are talk.
    let personal = t.unicode_words().any(|w| {
        let all_caps = w.len() > 1 && w.chars().all(|c| c.is_uppercase() || c == '.');
        !all_caps && PERSONAL.contains(&w.to_lowercase().as_str())
    });
    if personal {
        return None;
    }
    if words
        .first()
        .is_some_and(|w| PRONOUN_STARTS.contains(&w.as_str()))
    {
        return None;
    }
    let t = t
        .trim_end_matches([',', ';', ':', ' ', '.', '—', '–'])
        .to_string();
    let mut tail = t.chars().rev();
    let closing = tail.next().is_some_and(|c| matches!(c, '”' | '"' | '’'));
    let whole = if closing && tail.next() == Some('.') {
        capitalise(&t)
    } else {
        capitalise(&t) + "."
    };
    if let Some(done) = break_runs(whole, copies) {
        return Some(done);
    }
    // A run that no rewrite breaks: the sentence up to a comma before it, when that
    // still says something whole.
    let mut cut = t.len();
    while let Some(at) = t[..cut].rfind(", ") {
        cut = at;
        let prefix = t[..at].trim_end_matches([',', ';', ':', ' ']);
        if count(prefix) < 6 {
            break;
        }
        if let Some(done) = break_runs(capitalise(prefix) + ".", copies) {
            return Some(done);
        }
    }
    None
}

fn currency_word_pattern() -> &'static Regex {
    static CELL: OnceLock<Regex> = OnceLock::new();
    regex(
        &CELL,
        r"(?i)\b(\d[\d,]*(?:\.\d+)?(?:\s(?:lakh crore|crore|lakh|trillion|billion|million))?)[\s-](yen|rupees|dollars)\b",
    )
}

fn pointing_lead_pattern() -> &'static Regex {
    static CELL: OnceLock<Regex> = OnceLock::new();
    // "Recognizing this, …", "Given that, …": a participle that points back.
    regex(&CELL, r"^[A-Z][a-z]+ing (?:this|that|these|it|them), ")
}

fn by_aside_pattern() -> &'static Regex {
    static CELL: OnceLock<Regex> = OnceLock::new();
    regex(
        &CELL,
        r",\s(?:already\s|now\s|also\s)?(?:being\s)?[a-z]+ed\s(?:\w+\s)?by\s[^,;]{2,80}(?:,?\sand\s[a-z]+ed\s[^,;]{2,80})?,",
    )
}

fn aside_pattern() -> &'static Regex {
    static CELL: OnceLock<Regex> = OnceLock::new();
    regex(
        &CELL,
        r"(?:\s(?:--|—|–)\s|—)([^-—–]{3,120}?)(?:\s(?:--|—|–)\s?|—)",
    )
}

fn regex_participle() -> &'static Regex {
    static CELL: OnceLock<Regex> = OnceLock::new();
    regex(
        &CELL,
        r", (?:[a-z]+ing|thereby|thus|which|as part of|in a bid) ",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_copied_run_is_broken_by_a_rewrite_that_keeps_the_sense() {
        let article = "The two sides have also agreed to expand cooperation in clean energy and critical minerals over the next decade.";
        let copies = Copies::of(article);
        let s = condense(article, &copies).expect("a statement");
        assert!(!copies.copied(&s), "{s}");
        assert!(
            s.contains("clean energy") && s.contains("critical minerals"),
            "{s}"
        );
    }

    #[test]
    fn talk_to_the_reader_and_pronoun_starts_are_not_statements() {
        let copies = Copies::of("");
        assert!(condense("You can read more about the summit in our guide.", &copies).is_none());
        assert!(
            condense(
                "It was signed in Tokyo by both ministers last year.",
                &copies
            )
            .is_none()
        );
        assert!(condense("Is this the end of the Quad as we know it?", &copies).is_none());
    }

    #[test]
    fn figures_are_written_the_house_way() {
        let copies = Copies::of("");
        let s = condense(
            "• Investment: Korea to invest USD 68 bn in Peru over five years.",
            &copies,
        )
        .expect("a statement");
        assert_eq!(
            s,
            "Investment: Korea to invest $68 billion in Peru over five years."
        );
    }

    #[test]
    fn a_copied_run_is_broken_by_the_general_rewrites() {
        // A figure range, an evaluative word, "ensure that", a mid-sentence "however".
        for (article, wanted) in [
            (
                "Korea is already planning to invest $100 million to $400 million in Peru's battery industry.",
                "between $100 million and $400 million",
            ),
            (
                "Kenya is set to unveil one of its most ambitious port pledges to Peru over the coming decade.",
                "one of its most ambitious port",
            ),
            (
                "A joint approach to port investment would ensure that investor aftercare matches the quality of the initial pitch.",
                "sure investor aftercare matches",
            ),
        ] {
            let copies = Copies::of(article);
            let s =
                condense(article, &copies).unwrap_or_else(|| panic!("a statement of {article}"));
            assert!(!copies.copied(&s), "{s}");
            assert!(s.contains(wanted), "{s}");
        }
        let s = condense(
            "In this climate, however, discretion is no longer an advantage for Peru.",
            &Copies::of(""),
        )
        .expect("a statement");
        assert_eq!(
            s,
            "In this climate, discretion is no longer an advantage for Peru."
        );
    }

    #[test]
    fn words_in_quotation_marks_are_not_reworded_and_a_demonstrative_becomes_the() {
        let article = "Leaders of many nations in Asia also back a “free and open Indo-Pacific”.";
        let copies = Copies::of(article);
        let s = condense(article, &copies).expect("a statement");
        assert!(s.contains("“free and open Indo-Pacific”"), "{s}");
        let s = condense(
            "These new trains, capable of 360 kmph, will run first in Peru.",
            &Copies::of(""),
        )
        .expect("a statement");
        assert!(s.starts_with("The new trains"), "{s}");
        let s = condense(
            "The port model, already being promoted by Ana Ruiz and implemented by Acme, opens markets in Kenya.",
            &Copies::of(""),
        )
        .expect("a statement");
        assert_eq!(s, "The port model opens markets in Kenya.");
    }

    #[test]
    fn the_article_agrees_with_the_word_a_rewrite_puts_after_it() {
        assert_eq!(
            splice("Peru announced an action plan.", 18..29, "plan of action"),
            "Peru announced a plan of action."
        );
        assert_eq!(
            splice("Peru has a big port.", 11..14, "enormous"),
            "Peru has an enormous port."
        );
    }
}
