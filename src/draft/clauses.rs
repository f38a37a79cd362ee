//! The clauses of one sentence that can each stand as a statement ([`clauses`]): the
//! main clause freed of a leading subordinate clause, and the facts a sentence holds on
//! the side — an appositive ("Sibi George, India's ambassador to Japan," → "Sibi George is
//! India's ambassador to Japan"), a relative clause about the subject ("The programme,
//! which allocated $2.2 billion, …" → "The programme allocated $2.2 billion"), a second
//! main clause after ", and" or ";", a participle that says what the subject also does.
//! An article's prose packs three or four facts into a sentence of forty words; the paper
//! asks them one statement at a time, and a statement of one clause is short enough to be
//! put in the program's own words ([`super::condense`]).

use std::sync::OnceLock;

use regex::Regex;
use unicode_segmentation::UnicodeSegmentation;

use super::statements::{DONE, VERBS};

fn regex(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pattern).unwrap_or_else(|e| panic!("bad pattern: {e}")))
}

/// Subordinate clauses that state a fact of their own ("While Japan has struggled to …").
const CONCESSIVE: &[&str] = &["While", "Although", "Though", "Whereas", "Even though"];
/// Subordinate clauses that only set the scene ("When the PM lands in Tokyo, …").
const SCENE: &[&str] = &[
    "When", "As", "If", "Because", "After", "Before", "Once", "Until", "Unless", "Given",
];
/// Words that end in "-ed" without being a verb's past: "high-speed", "a hundred".
const NOT_PAST: &[&str] = &[
    "speed", "indeed", "hundred", "sacred", "kindred", "wicked", "rugged", "ragged", "naked",
    "breed", "greed", "creed", "steed", "bleed", "embed", "seabed", "seed", "need", "feed",
];

/// Words that follow a plural noun without being its verb.
const NOT_VERBS: &[&str] = &[
    "of", "in", "and", "or", "to", "for", "with", "on", "at", "by", "from", "as", "that", "which",
    "who", "whose", "like", "such", "than", "into", "across", "between", "under", "over",
    "through", "the", "a", "an", "its", "their", "but", "nor", "yet", "also", "both", "while",
    "where", "when", "alone", "together", "worth", "each", "all",
];

/// Words that open a phrase, not a subject.
const PREPOSITIONS: &[&str] = &[
    "from", "for", "in", "on", "at", "by", "with", "to", "of", "into", "under", "over", "through",
    "across", "between", "among", "after", "before", "during", "since", "as",
];
/// Verbs of the present that articles use to state a fact (beyond those a statement's
/// check knows): "reflects", "turns", "belongs".
const MORE_VERBS: &[&str] = &[
    "reflects",
    "shows",
    "means",
    "turns",
    "builds",
    "creates",
    "sends",
    "tells",
    "belongs",
    "matters",
    "depends",
    "requires",
    "continues",
    "drives",
    "extends",
    "stands",
    "signals",
    "underscores",
    "highlights",
    "represents",
    "involves",
    "allocated",
    "began",
    "begins",
    "lands",
    "focuses",
    "aligns",
    "shapes",
    "can",
    "brings",
    "spans",
    "forms",
    "hails",
    "hailed",
    "wants",
    "works",
    "acts",
    "moves",
    "lies",
    "sits",
    "comes",
    "goes",
    "symbolizes",
    "symbolises",
    "embodies",
    "strengthens",
    "deepens",
    "widens",
    "enables",
    "boosts",
    "matches",
    "avoids",
    "links",
    "positions",
    "encompasses",
    "institutionalises",
    "institutionalizes",
    "precedes",
    "combines",
    "provides",
    "tops",
    "demonstrates",
    "illustrates",
    "exemplifies",
    "emphasises",
    "emphasizes",
    "celebrates",
    "celebrated",
    "faces",
    "leads",
    "plays",
    "ranks",
    "holds",
    "serves",
    "covers",
    "accounts",
    "remains",
    "reaches",
    "sees",
    "runs",
    "grows",
    "offers",
    "transcends",
    "marks",
    "pivots",
    "seeks",
    "aims",
    "plans",
    "hopes",
    "expects",
    "ensures",
    "affirms",
    "reaffirms",
    "welcomes",
    "notes",
];
/// Words a clause may not start with: it would not say what it is about.
const PRONOUNS: &[&str] = &[
    "it", "its", "this", "these", "those", "they", "their", "he", "she", "his", "her", "that",
    "such", "them", "which", "who", "there", "here", "both", "we", "our", "you", "i",
];

/// Whether `text` holds a verb that makes it a clause (a form of "be" or "have", a modal,
/// a verb of doing, or a past tense after something other than an article).
pub fn has_verb(text: &str) -> bool {
    let words: Vec<String> = text.unicode_words().map(str::to_lowercase).collect();
    // "The ventures expand …", "These firms invest …": a word after a plural noun that
    // a determiner opens is its verb.
    let after_plural = (2..words.len()).any(|i| {
        let (det, noun, w) = (&words[i - 2], &words[i - 1], &words[i]);
        [
            "the", "these", "those", "such", "many", "both", "all", "some", "most",
        ]
        .contains(&det.as_str())
            && noun.len() > 3
            && noun.ends_with('s')
            && !noun.ends_with("ss")
            && !noun.ends_with("us")
            && w.len() > 2
            && w.chars().all(|c| c.is_ascii_lowercase())
            && !NOT_VERBS.contains(&w.as_str())
    });
    after_plural
        || words.iter().enumerate().any(|(i, w)| {
            VERBS.contains(&w.as_str())
                || DONE.contains(&w.as_str())
                || MORE_VERBS.contains(&w.as_str())
                || (w.len() > 4
                    && w.ends_with("ed")
                    && !NOT_PAST.contains(&w.as_str())
                    && i > 0
                    && !["the", "a", "an", "of", "and"].contains(&words[i - 1].as_str()))
        })
}

/// Whether `text` opens as a clause about something named: not with a pronoun, and with
/// a verb before its first comma.
fn opens_a_clause(text: &str) -> bool {
    let first = text
        .unicode_words()
        .next()
        .map(str::to_lowercase)
        .unwrap_or_default();
    let head = text.split(", ").next().unwrap_or(text);
    // A clause has a subject: not an adverb, a past participle or a preposition first
    // ("Heavily tilted in …", "From mutual respect …").
    let subjectless =
        first.ends_with("ly") || first.ends_with("ed") || PREPOSITIONS.contains(&first.as_str());
    !first.is_empty()
        && !subjectless
        && !PRONOUNS.contains(&first.as_str())
        && has_verb(head)
        && head.unicode_words().count() >= 3
}

fn appositive_pattern() -> &'static Regex {
    static CELL: OnceLock<Regex> = OnceLock::new();
    // A name of capitalised words, a comma, then a description that begins with an article,
    // a possessive name or "home to", up to the next comma or the end.
    regex(
        &CELL,
        r"(?:^|[\s(])(?P<name>(?:[A-Z][\w.&’'-]*\s){0,4}[A-Z][\w.&’'-]*),\s(?P<what>(?:a|an|the|home to|[A-Z][a-z]+(?:’s|'s))\s[^,;:()]{3,90}?)(?:,|;|\.$|$)",
    )
}

fn relative_pattern() -> &'static Regex {
    static CELL: OnceLock<Regex> = OnceLock::new();
    // The sentence's subject, then ", which …," or "-- which … --".
    regex(
        &CELL,
        r"^(?P<subject>[^,;:—–]{3,80}?)\s?(?:,|--|—|–)\s(?:which|who)\s(?P<rest>[^,;—–]{6,200}?)\s?(?:,|--|—|–|\.$|$)",
    )
}

fn by_pattern() -> &'static Regex {
    static CELL: OnceLock<Regex> = OnceLock::new();
    regex(
        &CELL,
        r",\s(?:already\s|now\s|jointly\s)?(?P<part>(?:powered|developed|codeveloped|co-developed|built|led|run|owned|funded|financed|backed|made|operated|designed|supported|launched|hosted|organised|organized|established|founded|manufactured|produced)\sby\s[^,;.—–]{2,100})(?:,|\.$|$)",
    )
}

fn participle_pattern() -> &'static Regex {
    static CELL: OnceLock<Regex> = OnceLock::new();
    // "Japan is already planning to invest …, partnering with companies such as …".
    regex(
        &CELL,
        r"^(?P<subject>[A-Z][^,;:]{1,40}?)\s(?P<be>is|are|was|were)\s(?:[a-z]+\s)?[a-z]+ing\b[^,;]*,\s(?P<rest>[a-z]+ing\s[^,;]{6,160}?)(?:,|;|\.$|$)",
    )
}

/// The clauses of `raw` (a sentence of the article) that can each be a statement: the
/// main clause first, then the facts it holds on the side. Each still needs condensing.
pub fn clauses(raw: &str) -> Vec<String> {
    let sentence = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    let body = sentence
        .trim_start_matches([
            '•', '-', '*', '→', '–', '—', '·', '▪', '◦', '●', '○', '■', ' ',
        ])
        .to_string();
    let mut out = vec![body.clone()];
    let extra = |text: String, out: &mut Vec<String>| {
        let text = text
            .trim()
            .trim_end_matches([',', ';', ':', ' '])
            .to_string();
        if text.unicode_words().count() >= 4 && !out.contains(&text) {
            out.push(text);
        }
    };
    // A leading subordinate clause: the main clause after it stands alone; a concessive
    // one ("While Japan has struggled …") is a fact of its own.
    let lead = CONCESSIVE
        .iter()
        .map(|w| (w, true))
        .chain(SCENE.iter().map(|w| (w, false)))
        .find(|(w, _)| body.starts_with(&format!("{w} ")));
    if let Some((word, concessive)) = lead {
        let mut from = 0;
        while let Some(at) = body[from..].find(", ").map(|i| from + i) {
            let main = &body[at + 2..];
            if opens_a_clause(main) {
                let side = &body[word.len() + 1..at];
                out[0] = super::drafting::capitalise(main);
                if concessive && opens_a_clause(side) {
                    extra(super::drafting::capitalise(side), &mut out);
                }
                break;
            }
            from = at + 2;
        }
    }
    let main = out[0].clone();
    // "Sibi George, India's ambassador to Japan," → "Sibi George is India's ambassador to
    // Japan."
    for c in appositive_pattern().captures_iter(&main) {
        let (Some(name), Some(what)) = (c.name("name"), c.name("what")) else {
            continue;
        };
        let after = &main[c.get(0).map_or(main.len(), |m| m.end())..];
        let before = main[..name.start()].trim_end();
        // An item of a list ("to Africa, the Middle East, and Asia") is no appositive.
        let joined = after
            .trim_start()
            .strip_prefix("and ")
            .or(after.trim_start().strip_prefix("or "));
        // "…, and implemented by …" goes on with a verb: the description ended.
        let list_goes_on = joined.is_some_and(|rest| {
            let next = rest.split(' ').next().unwrap_or("");
            !(next.ends_with("ed") || has_verb(next))
        });
        if list_goes_on || before.ends_with(',') {
            continue;
        }
        let name = name.as_str();
        let what = what.as_str().trim();
        // A one-word capitalised "name" at the sentence's start is any first word ("In 2014,
        // the …"), and a list item is no appositive ("Kenya, the Gambia and Peru").
        let first_word = name.split(' ').count() == 1 && main.starts_with(name);
        let listed = what
            .split(" and ")
            .skip(1)
            .any(|w| w.starts_with(char::is_uppercase));
        let article = ["The", "A", "An", "In", "On", "At", "By", "For", "With"]
            .contains(&name.split(' ').next().unwrap_or(""));
        if first_word || listed || article || has_verb(what) && !what.starts_with("home to") {
            continue;
        }
        extra(format!("{name} is {what}"), &mut out);
        // The main clause goes on without it: "The state of Goa sent a team."
        let aside = format!(", {what},");
        if out[0].contains(&aside) {
            out[0] = out[0].replacen(&aside, "", 1);
        }
    }
    // "X, which did Y," → "X did Y".
    if let Some(c) = relative_pattern().captures(&main)
        && let (Some(subject), Some(rest)) = (c.name("subject"), c.name("rest"))
        && !PRONOUNS.contains(
            &subject
                .as_str()
                .unicode_words()
                .next()
                .unwrap_or("")
                .to_lowercase()
                .as_str(),
        )
        && !PREPOSITIONS.contains(
            &subject
                .as_str()
                .unicode_words()
                .next()
                .unwrap_or("")
                .to_lowercase()
                .as_str(),
        )
        && has_verb(rest.as_str())
    {
        extra(format!("{} {}", subject.as_str(), rest.as_str()), &mut out);
    }
    // "X is planning to invest …, partnering with Y" → "X is partnering with Y".
    if let Some(c) = participle_pattern().captures(&main)
        && let (Some(subject), Some(be), Some(rest)) =
            (c.name("subject"), c.name("be"), c.name("rest"))
        // "integrating them into …": the object must be named.
        && !rest
            .as_str()
            .unicode_words()
            .nth(1)
            .is_some_and(|w| PRONOUNS.contains(&w.to_lowercase().as_str()) || w == "them")
    {
        extra(
            format!("{} {} {}", subject.as_str(), be.as_str(), rest.as_str()),
            &mut out,
        );
    }
    // "Projects like biogas plants, developed by Acme with Kobe Oil, highlight …" → "Projects
    // like biogas plants are developed by Acme with Kobe Oil"; "… the rail project, powered
    // by JR East." → "The rail project is powered by JR East".
    for c in by_pattern().captures_iter(&body) {
        let (Some(whole), Some(part)) = (c.get(0), c.name("part")) else {
            continue;
        };
        let before = &body[..whole.start()];
        let opening = !has_verb(before) && !before.contains(", ");
        let subject = if opening {
            before.trim().to_string()
        } else {
            // The noun phrase before the comma: back to a preposition, a verb or a comma.
            let words: Vec<&str> = before.split(' ').collect();
            let mut from = words.len();
            while from > 0 {
                let w = words[from - 1];
                let lower = w.to_lowercase();
                if PREPOSITIONS.contains(&lower.as_str())
                    || has_verb(&lower)
                    || w.ends_with([',', ';', ':'])
                    || ["and", "or", "that", "which", "like"].contains(&lower.as_str())
                {
                    break;
                }
                from -= 1;
            }
            words[from..].join(" ")
        };
        let n = subject.unicode_words().count();
        let head = subject.split(' ').next().unwrap_or("").to_lowercase();
        if !(2..=10).contains(&n) || PRONOUNS.contains(&head.as_str()) {
            continue;
        }
        let plural = head.ends_with('s')
            && !head.ends_with("ss")
            && !head.ends_with("'s")
            && !head.ends_with("’s")
            || subject.contains(" and ") && opening;
        let be = if plural { "are" } else { "is" };
        let subject = super::drafting::capitalise(&subject);
        extra(format!("{subject} {be} {}", part.as_str().trim()), &mut out);
    }
    // A second main clause: "…, and Japan hosted …", "…; exports rose …", "…, where Indian
    // scale can …".
    for cut in [
        ", and ",
        ", but ",
        "; ",
        ", while ",
        ", whereas ",
        ", where ",
        ": ",
    ] {
        let mut from = 0;
        while let Some(at) = main[from..].find(cut).map(|i| from + i) {
            let second = &main[at + cut.len()..];
            let before = &main[..at];
            // ", and" after a short item ends a list ("Fujitsu, Tokyo Electron, and Suzuki
            // are …"), not a clause.
            let item = before.rsplit(", ").next().unwrap_or(before);
            let listed = [", and ", ", but "].contains(&cut)
                && before.contains(", ")
                && item.unicode_words().count() <= 3;
            if !listed && opens_a_clause(second) && before.unicode_words().count() >= 4 {
                extra(super::drafting::capitalise(second), &mut out);
            }
            from = at + cut.len();
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_appositive_is_a_statement_of_its_own() {
        let c = clauses(
            "The plan, already backed by Ana Ruiz, Peru's envoy to Kenya, and used by firms like Acme, opens markets in Africa.",
        );
        assert!(
            c.iter().any(|s| s == "Ana Ruiz is Peru's envoy to Kenya"),
            "{c:?}"
        );
        let c = clauses("The state of Goa, home to the largest port in the west, sent a team.");
        assert!(
            c.iter()
                .any(|s| s == "Goa is home to the largest port in the west"),
            "{c:?}"
        );
        // A list is no appositive.
        let c = clauses("Delegates came from Kenya, the Gambia and Peru to the meeting.");
        assert_eq!(c.len(), 1, "{c:?}");
        let c = clauses("Cars go to Africa, the Middle East, and Asia.");
        assert_eq!(c.len(), 1, "{c:?}");
    }

    #[test]
    fn a_leading_subordinate_clause_is_set_apart() {
        let c = clauses(
            "While Peru has struggled to sell its trains to large buyers, Kenya's purchase of the system reflects trust.",
        );
        assert_eq!(c[0], "Kenya's purchase of the system reflects trust.");
        assert!(
            c.iter()
                .any(|s| s == "Peru has struggled to sell its trains to large buyers"),
            "{c:?}"
        );
        // The comma of an appositive inside the subordinate clause is not its end.
        let c = clauses(
            "When the President lands in Lima for talks with his host, Ana Ruiz, the papers will report the new rail line.",
        );
        assert_eq!(c[0], "The papers will report the new rail line.");
    }

    #[test]
    fn a_relative_clause_and_a_participle_about_the_subject_are_statements() {
        let c = clauses(
            "The old relocation scheme -- which allocated $2.2 billion during the pandemic to move plants -- could be revived.",
        );
        assert!(
            c.iter().any(|s| s
                == "The old relocation scheme allocated $2.2 billion during the pandemic to move plants"),
            "{c:?}"
        );
        let c = clauses(
            "Korea is planning to invest $100 million in batteries, partnering with firms such as Acme on recycling.",
        );
        assert!(
            c.iter()
                .any(|s| s == "Korea is partnering with firms such as Acme on recycling"),
            "{c:?}"
        );
    }

    #[test]
    fn a_participle_with_by_says_who_made_the_thing_before_it() {
        let c = clauses(
            "Projects like solar parks in Goa, developed by Acme Power in partnership with Kobe Oil, show the way.",
        );
        assert!(
            c.iter().any(|s| s
                == "Projects like solar parks in Goa are developed by Acme Power in partnership with Kobe Oil"),
            "{c:?}"
        );
        let c = clauses("The papers will report on Peru's first metro line, powered by Kobe Rail.");
        assert!(
            c.iter()
                .any(|s| s == "Peru's first metro line is powered by Kobe Rail"),
            "{c:?}"
        );
    }

    #[test]
    fn a_word_in_ed_is_not_always_a_verb() {
        assert!(!has_verb("the first high-speed rail project"));
        assert!(has_verb("Kenya funded the first port"));
        assert!(has_verb("The ventures expand capacity"));
    }

    #[test]
    fn a_second_main_clause_stands_alone_but_not_one_that_starts_with_a_pronoun() {
        let c = clauses(
            "Peru signed the port deal in 2019, and Kenya opened its first embassy in Lima a year later.",
        );
        assert!(
            c.iter()
                .any(|s| s == "Kenya opened its first embassy in Lima a year later."),
            "{c:?}"
        );
        let c = clauses("Peru signed the port deal in 2019, and it opened an embassy later.");
        assert_eq!(c.len(), 1, "{c:?}");
        // The last item of a list is no clause, nor a fragment without a subject.
        for one in [
            "Firms like Acme, Tokyo Steel, and Kobe Rail are training engineers in Lima.",
            "Trade with Peru remains below potential; heavily tilted in Kenya's favour.",
            "Ports will open to Africa, the Middle East, and Southeast Asia this year.",
        ] {
            let c = clauses(one);
            assert_eq!(c.len(), 1, "{c:?}");
        }
    }
}
