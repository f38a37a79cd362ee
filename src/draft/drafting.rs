//! Drafting: each fact becomes a card of the kind that fits it, written as card TOML
//! through [`crate::author::text::CardText`] (the `add` form's writer). A figure becomes a
//! numeric card or an MCQ whose wrong options shift the figure; a year an MCQ of shifted
//! years; a named entity an MCQ whose distractors are of its class and absent from the
//! article; a grouping an item list of members and non-members; a scheme its ministry; a
//! list of paired places a pairs card; a reason an assertion; a cluster of figures about
//! one subject a statements card whose false statements say `why` from the true fact.
//!
//! Questions are the article's own clause around the fact with the fact replaced by the
//! question words ("how much", "which space agency"), cut to at most nine of the
//! article's words on either side; [`Copies`] then refuses any card with a run of ten
//! words from the article in any of its texts. The trap of each wrong option is named in
//! the card's tags (`trap-…`); the attribution and the sentence's lines go to the
//! explanation.

use std::collections::HashSet;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

use super::detect::{Fact, What};
use super::gazetteer::{self, Class};
use super::segment::{Sentence, fold};
use crate::author::text::CardText;

/// The longest run of an article's words a draft may repeat.
pub const MAX_COPIED_RUN: usize = 9;

/// The article's runs of ten words, to refuse a draft that copies one.
pub struct Copies {
    runs: HashSet<u64>,
}

fn folded_words(text: &str) -> Vec<String> {
    text.unicode_words()
        .map(fold)
        .filter(|w| !w.is_empty())
        .collect()
}

fn run_hash(words: &[String]) -> u64 {
    let mut h = DefaultHasher::new();
    words.hash(&mut h);
    h.finish()
}

impl Copies {
    pub fn of(text: &str) -> Copies {
        let words = folded_words(text);
        let runs = words.windows(MAX_COPIED_RUN + 1).map(run_hash).collect();
        Copies { runs }
    }

    /// The first of `words` (folded, as [`fold`] folds them) that starts a run of ten
    /// repeated from the article, if any.
    pub fn first_copied(&self, words: &[String]) -> Option<usize> {
        words
            .windows(MAX_COPIED_RUN + 1)
            .position(|w| self.runs.contains(&run_hash(w)))
    }

    /// Whether `text` repeats ten or more words running from the article.
    pub fn copied(&self, text: &str) -> bool {
        folded_words(text)
            .windows(MAX_COPIED_RUN + 1)
            .any(|w| self.runs.contains(&run_hash(w)))
    }
}

/// What drafting needs to know besides the fact.
pub struct Context<'a> {
    pub text: &'a str,
    pub sentences: &'a [Sentence],
    /// The source note cards cite.
    pub source: &'a str,
    /// "According to …" for explanations: the outlet and title.
    pub attribution: &'a str,
    /// Entities the article names anywhere (never a distractor).
    pub mentioned: HashSet<usize>,
    /// `(first, last)` original line of each sentence.
    pub lines: Vec<(u32, u32)>,
}

/// One drafted card, before the quality gate.
#[derive(Debug, Clone)]
pub struct Drafted {
    pub card: CardText,
    /// The question's text (for ids and messages).
    pub question: String,
    pub sentence: usize,
    pub score: f32,
    /// Every text of the card a learner reads, for the copy check.
    pub texts: Vec<String>,
}

/// Words a question may not start a clause with: the clause would not say what it is
/// about (a pronoun), or it is a piece of a longer one (a conjunction, a participle).
const VAGUE_STARTS: &[&str] = &[
    "it",
    "its",
    "this",
    "these",
    "those",
    "they",
    "their",
    "he",
    "she",
    "his",
    "her",
    "that",
    "such",
    "which",
    "who",
    "them",
    "we",
    "our",
    "including",
    "while",
    "and",
    "but",
    "with",
    "as",
    "where",
    "when",
    "both",
    "also",
    "or",
    "nor",
    "so",
    "yet",
    "whose",
    "whereas",
    "although",
    "though",
    "because",
    "if",
    "than",
    "then",
    "thus",
    "hence",
    "here",
    "there",
];

/// Nouns an amount stands in front of ("a $68 billion pledge").
const MONEY_NOUNS: &[&str] = &[
    "investment",
    "investments",
    "pledge",
    "deficit",
    "surplus",
    "package",
    "deal",
    "fund",
    "outlay",
    "loan",
    "grant",
    "budget",
    "corpus",
    "commitment",
    "fdi",
    "inflows",
    "exports",
    "imports",
    "trade",
    "credit",
    "line",
    "aid",
    "assistance",
    "allocation",
    "project",
];

/// Offices an appositive names ("India's ambassador to Japan").
const ROLES: &[&str] = &[
    "ambassador",
    "minister",
    "president",
    "chief",
    "secretary",
    "governor",
    "judge",
    "founder",
    "chairman",
    "chairperson",
    "director",
    "head",
    "ceo",
    "envoy",
    "leader",
    "commissioner",
    "chancellor",
    "premier",
    "mayor",
    "general",
    "speaker",
    "justice",
    "scientist",
    "author",
];

/// Clause boundaries inside a sentence (commas are tried only when a clause is too long).
pub(super) const BOUNDARIES: &[char] = &[';', ':', '—', '→', '•'];

fn acronym_pattern() -> &'static regex::Regex {
    static CELL: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    CELL.get_or_init(|| {
        regex::Regex::new(
            r"(?:\b[Tt]he\s+)?(?:[A-Z][\w'’-]*)(?:\s+(?:(?:of|and|for|the|on|in)\s+)?[A-Z][\w'’-]*){1,6}\s+\((?P<acr>[A-Z][A-Za-z0-9-]{1,9})\)",
        )
        .unwrap_or_else(|e| panic!("bad pattern: {e}"))
    })
}

fn parenthesis_pattern() -> &'static regex::Regex {
    static CELL: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    CELL.get_or_init(|| {
        regex::Regex::new(r"\s*\([^()]*\)").unwrap_or_else(|e| panic!("bad pattern: {e}"))
    })
}

/// A piece of a clause made shorter the way a setter would: a name followed by its
/// acronym in brackets becomes the acronym, other brackets go, spacing is one space.
pub(super) fn tidy(piece: &str) -> String {
    let short = acronym_pattern().replace_all(piece, "$acr");
    let short = parenthesis_pattern().replace_all(&short, "");
    short
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace(" ,", ",")
}

/// The first of `chars` in `text` outside brackets, from the end when `last`.
pub(super) fn boundary(text: &str, chars: &[char], last: bool) -> Option<usize> {
    let mut depth = 0i32;
    let mut found = None;
    for (i, c) in text.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            c if depth <= 0
                && (chars.contains(&c)
                    || (c == '–'
                        && text[..i].ends_with(' ')
                        && text[i + c.len_utf8()..].starts_with(' '))
                    || (c == '-' && text[i + 1..].starts_with('-'))) =>
            {
                if !last {
                    return Some(i);
                }
                found = Some(i + c.len_utf8());
            }
            _ => {}
        }
    }
    found
}

/// The last words of a long lead-in, from the first name among its last `limit` words
/// ("… the Indian government and Japan plans to invest" → "Japan plans to invest").
fn named_start(before: &str, limit: usize) -> Option<String> {
    let tokens: Vec<&str> = before.split(' ').collect();
    let tail = &tokens[tokens.len().saturating_sub(limit)..];
    // A name, else a noun phrase's article ("the council approved …").
    let at = tail
        .iter()
        .position(|t| t.chars().next().is_some_and(char::is_uppercase))
        .or_else(|| {
            tail.iter()
                .position(|t| matches!(t.to_lowercase().as_str(), "the" | "a" | "an"))
        })?;
    // A name is taken whole ("Prime Minister Narendra Modi", not "Minister Narendra Modi").
    let start = tokens.len().saturating_sub(limit) + at;
    let mut first = start;
    while first > 0
        && tokens[first - 1]
            .chars()
            .next()
            .is_some_and(char::is_uppercase)
    {
        first -= 1;
    }
    let kept = tokens[first..].join(" ");
    (kept.unicode_words().count() <= limit + 2 && kept.split(' ').count() >= 2).then_some(kept)
}

/// Words that start a phrase: a long tail is cut before one of them.
const PHRASE_STARTS: &[&str] = &[
    "to",
    "for",
    "with",
    "and",
    "which",
    "in",
    "of",
    "on",
    "at",
    "by",
    "from",
    "as",
    "that",
    "while",
    "after",
    "before",
    "under",
    "amid",
    "across",
    "through",
    "including",
    "is",
    "was",
    "are",
    "were",
    "will",
    "has",
    "have",
    "had",
    "would",
    "could",
    "should",
    "but",
    "or",
    "where",
    "who",
    "whose",
    "when",
    "since",
    "because",
    "though",
    "although",
    "despite",
    "during",
    "like",
    "such",
    "than",
    "via",
    "into",
    "about",
    "over",
    "around",
    "between",
];

/// The first words of a long tail, up to a phrase boundary within `limit` words.
fn phrase_end(after: &str, limit: usize) -> Option<String> {
    let tokens: Vec<&str> = after.split(' ').collect();
    let mut end = None;
    for (i, token) in tokens.iter().enumerate().take(limit + 1).skip(2) {
        if PHRASE_STARTS.contains(&token.to_lowercase().as_str()) {
            end = Some(i);
        }
    }
    let kept = tokens[..end?].join(" ");
    (kept.unicode_words().count() <= limit).then_some(kept.trim_end_matches(',').to_string())
}

/// The clause of `sentence` around `target`, tidied ([`tidy`]): at most `limit` words
/// before and after it, or `None` when the clause is longer than that either side
/// (cutting it would leave a fragment), starts vaguely, or the fact sits in brackets.
pub(super) fn window(
    ctx: &Context,
    sentence: &Sentence,
    target: &Range<usize>,
    limit: usize,
) -> Option<(String, String)> {
    window_whole(ctx, sentence, target, limit).map(|(b, a, _)| (b, a))
}

/// [`window`], and whether the clause was taken whole (not cut to fit).
pub(super) fn window_whole(
    ctx: &Context,
    sentence: &Sentence,
    target: &Range<usize>,
    limit: usize,
) -> Option<(String, String, bool)> {
    let mut whole = true;
    let text = ctx.text;
    let s = sentence.range.clone();
    if target.start < s.start || target.end > s.end {
        return None;
    }
    let before_raw = &text[s.start..target.start];
    // A fact inside brackets restates another ("(about ₹5.96 lakh crore)").
    if before_raw.matches('(').count() > before_raw.matches(')').count() {
        return None;
    }
    let start = boundary(before_raw, BOUNDARIES, true).unwrap_or(0);
    let mut before = tidy(&before_raw[start..])
        .replace(" -- ", " — ")
        .trim_start_matches(['-', ' ', '•', '*', '→', '–', '·'])
        .to_string();
    // A name joined to another by a dash ("Gujarat–Shizuoka") is asked as a pair.
    if before.ends_with(['–', '-', '—', '/']) || ctx.text[target.end..].starts_with(['–', '-', '/'])
    {
        return None;
    }
    if before.unicode_words().count() > limit {
        whole = false;
        before = before
            .rsplit_once(", ")
            .map_or(before.clone(), |(_, b)| b.trim().to_string());
        // Cut at a comma, the clause must start with a name, not mid-phrase.
        if !before.starts_with(char::is_uppercase) {
            before = named_start(&before, limit)?;
        }
        if before.unicode_words().count() > limit {
            before = named_start(&before, limit)?;
        }
    }
    let after_raw = &text[target.end..s.end];
    let end = boundary(after_raw, BOUNDARIES, false).unwrap_or(after_raw.len());
    let mut after = tidy(&after_raw[..end]);
    // An appositive right after the fact ("Tamil Nadu, home to …") is what describes it.
    if let Some(rest) = after.strip_prefix(',') {
        let described = rest.split(", ").next().unwrap_or("").trim();
        if !described.is_empty() {
            after = format!(", {described}");
        }
    }
    if after.unicode_words().count() > limit {
        whole = false;
        after = match after.split_once(", ") {
            Some((a, _)) if !a.trim().is_empty() => a.trim().to_string(),
            _ => after.clone(),
        };
        if after.unicode_words().count() > limit {
            after = phrase_end(&after, limit)?;
        }
    }
    let mut after = after
        .trim_end_matches(['.', ',', ';', '!', '?'])
        .trim()
        .to_string();
    // A quoted name: the quotes go with it.
    if let Some(b) = before.strip_suffix(['“', '"', '‘']) {
        before = b.trim_end().to_string();
        after = after
            .trim_start_matches(['”', '"', '’'])
            .trim_start()
            .to_string();
    }
    // Closing punctuation and quotes, in any order ("… golden age.\"").
    let after = after
        .trim_end_matches(['"', '”', '’', '\'', '.', ',', ';', '!', '?'])
        .trim()
        .to_string();
    let first = before.split(' ').next().unwrap_or("").to_lowercase();
    if VAGUE_STARTS.contains(&first.as_str()) {
        return None;
    }
    if before.is_empty()
        && after
            .split(' ')
            .next()
            .is_some_and(|w| VAGUE_STARTS.contains(&w.to_lowercase().as_str()))
    {
        return None;
    }
    // Too little around the fact to say what is asked.
    if before.unicode_words().count() + after.unicode_words().count() < 6 {
        return None;
    }
    Some((before, after, whole))
}

/// "before WH after?" with the first letter capitalised and "the which" made "which".
pub(super) fn question(before: &str, wh: &str, after: &str) -> String {
    let mut before = before.trim().to_string();
    for article in ["the", "a", "an", "The", "A", "An"] {
        if let Some(rest) = before.strip_suffix(article)
            && (rest.is_empty() || rest.ends_with(' '))
            && wh.starts_with("which")
        {
            before = rest.trim_end().to_string();
        }
    }
    let mut q = [before.as_str(), wh, after.trim()]
        .iter()
        .filter(|p| !p.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" ");
    q = q
        .replace(" ,", ",")
        .replace(" ’s", "’s")
        .replace(" 's", "'s");
    // A quotation cut in half by the question words loses its marks.
    if q.matches(['“', '”']).count() % 2 == 1 || q.matches('"').count() % 2 == 1 {
        q = q.replace(['“', '”', '"'], "");
    }
    q = q.split_whitespace().collect::<Vec<_>>().join(" ");
    while q.ends_with([',', ' ']) {
        q.pop();
    }
    capitalise(&q) + "?"
}

pub(super) fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().collect::<String>() + chars.as_str(),
        None => String::new(),
    }
}

/// A number that is the same for the same text, to choose distractors and trap shapes
/// without randomness (drafting an article twice gives the same drafts).
pub(super) fn stable(seed: &str) -> u64 {
    let mut h = DefaultHasher::new();
    seed.hash(&mut h);
    h.finish()
}

pub(super) fn explanation(
    ctx: &Context,
    fact_line: &str,
    trap: Option<&str>,
    sentence: usize,
) -> String {
    let (first, last) = ctx.lines.get(sentence).copied().unwrap_or((1, 1));
    let lines = if first == last {
        format!("line {first}")
    } else {
        format!("lines {first}–{last}")
    };
    let mut out = fact_line.trim().to_string();
    if let Some(trap) = trap {
        out.push_str(&format!(" The wrong options are the trap: {trap}."));
    }
    out.push_str(&format!(" According to {} ({lines}).", ctx.attribution));
    out
}

/// Writes `rows` (text, true or not, the reason a false one is false) as the card's
/// `[[card.statements]]`; returns every text of them a learner reads, for the copy check.
pub(super) fn statement_items(
    card: &mut CardText,
    rows: &[(String, bool, Option<String>)],
) -> Vec<String> {
    let mut texts = Vec::new();
    for (text, correct, why) in rows {
        let mut fields = vec![
            ("text".to_string(), crate::author::text::toml_string(text)),
            ("correct".to_string(), correct.to_string()),
        ];
        if let Some(why) = why {
            fields.push(("why".to_string(), crate::author::text::toml_string(why)));
            texts.push(why.clone());
        }
        card.item("statements", fields);
        texts.push(text.clone());
    }
    texts
}

pub(super) fn base(ctx: &Context, kind: &str, tags: &[&str]) -> CardText {
    let mut card = CardText::new();
    card.string("kind", kind);
    let mut all: Vec<&str> = tags.to_vec();
    all.sort_unstable();
    all.dedup();
    card.strings("tags", &all);
    card.string("source", ctx.source);
    card
}

/// A figure written with a different number: "¥10 trillion" → "¥25 trillion".
pub(super) fn with_number(shown: &str, number: &str) -> Option<String> {
    let start = shown.find(|c: char| c.is_ascii_digit())?;
    let len = shown[start..]
        .find(|c: char| !(c.is_ascii_digit() || c == ',' || c == '.'))
        .unwrap_or(shown.len() - start);
    let len = shown[start..start + len].trim_end_matches(['.', ',']).len();
    Some(format!(
        "{}{}{}",
        &shown[..start],
        number,
        &shown[start + len..]
    ))
}

/// `value` written with the digit grouping of `like` (the figure as the article writes
/// it): none, Indian (5,96,000) or international (596,000).
pub(super) fn number_like(like: &str, value: f64) -> String {
    let plain = plain_number(value);
    let written: String = like
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(|c| c.is_ascii_digit() || *c == ',' || *c == '.')
        .collect();
    if !written.contains(',') {
        return plain;
    }
    let (int, frac) = plain
        .split_once('.')
        .map_or((plain.as_str(), None), |(i, f)| (i, Some(f)));
    let groups: Vec<&str> = written.split('.').next().unwrap_or("").split(',').collect();
    let indian = groups.len() > 2 && groups[1..groups.len() - 1].iter().all(|g| g.len() == 2);
    let digits: Vec<char> = int.chars().collect();
    let mut out = String::new();
    let n = digits.len();
    for (i, d) in digits.iter().enumerate() {
        let left = n - i;
        if i > 0
            && ((left == 3)
                || (left > 3
                    && if indian {
                        (left - 3).is_multiple_of(2)
                    } else {
                        left.is_multiple_of(3)
                    }))
        {
            out.push(',');
        }
        out.push(*d);
    }
    match frac {
        Some(f) => format!("{out}.{f}"),
        None => out,
    }
}

fn plain_number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        let s = format!("{value:.2}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// The number as written in a figure ("5.96" of "₹5.96 lakh crore"), as a value.
pub(super) fn written_number(shown: &str) -> Option<f64> {
    let start = shown.find(|c: char| c.is_ascii_digit())?;
    let digits: String = shown[start..]
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == ',' || *c == '.')
        .filter(|c| *c != ',')
        .collect();
    digits.trim_end_matches('.').parse().ok()
}

/// Three wrong figures near a right one, each a plausible slip: a factor of ten, a
/// half or a doubling, a neighbouring round number.
pub(super) fn shifted_numbers(n: f64, seed: u64) -> Vec<f64> {
    let mut candidates = vec![n * 10.0, n / 10.0, n * 2.0, n / 2.0, n * 1.5, n * 3.0];
    if n >= 10.0 {
        candidates.push((n * 0.75).round());
    }
    let rotate = (seed % candidates.len() as u64) as usize;
    candidates.rotate_left(rotate);
    let mut out: Vec<f64> = Vec::new();
    for c in candidates {
        let c = if c >= 100.0 {
            c.round()
        } else {
            (c * 100.0).round() / 100.0
        };
        if c > 0.0 && (c - n).abs() > f64::EPSILON && !out.contains(&c) {
            out.push(c);
        }
        if out.len() == 3 {
            break;
        }
    }
    out
}

/// Up to `n` entities of `class`, none named in the article and none `not`, chosen by
/// `seed`.
pub(super) fn distractors(
    ctx: &Context,
    class: Class,
    not: &[&str],
    seed: u64,
    n: usize,
) -> Vec<String> {
    let g = gazetteer::get();
    let pool: Vec<&str> = g
        .entities
        .iter()
        .enumerate()
        .filter(|(i, e)| {
            e.class == class && !ctx.mentioned.contains(i) && !not.contains(&e.name.as_str())
        })
        .map(|(_, e)| e.name.as_str())
        .collect();
    if pool.is_empty() {
        return Vec::new();
    }
    let step = 7usize;
    let mut out = Vec::new();
    let mut i = (seed % pool.len() as u64) as usize;
    while out.len() < n.min(pool.len()) {
        let name = pool[i % pool.len()].to_string();
        if !out.contains(&name) {
            out.push(name);
        }
        i += step;
        if i > pool.len() * step * 2 {
            break;
        }
    }
    out
}

pub(super) fn mcq(
    ctx: &Context,
    prompt: &str,
    right: &str,
    wrong: &[String],
    tags: &[&str],
) -> Option<CardText> {
    if wrong.len() < 3 {
        return None;
    }
    let mut options: Vec<String> = wrong.iter().take(3).cloned().collect();
    let at = (stable(prompt) % 4) as usize;
    options.insert(at, right.to_string());
    let mut card = base(ctx, "mcq", tags);
    card.string("prompt", prompt);
    card.strings("options", &options);
    card.string("answer", right);
    Some(card)
}

/// Drafts for one fact (none when no question can be made without a fragment or a copy).
pub fn draft(ctx: &Context, fact: &Fact) -> Vec<Drafted> {
    let g = gazetteer::get();
    let Some(sentence) = ctx.sentences.get(fact.sentence) else {
        return Vec::new();
    };
    let seed = stable(&ctx.text[sentence.range.clone()]);
    let mut out = Vec::new();
    let mut push = |card: CardText, question: String, texts: Vec<String>, score: f32| {
        out.push(Drafted {
            card,
            question,
            sentence: fact.sentence,
            score,
            texts,
        });
    };
    match &fact.what {
        What::Amount {
            value,
            value_text,
            unit,
            ask,
            shown,
            currency,
            adjectival,
        } => {
            // "a 7,000-kilometre network": the figure is blanked, not asked "how many".
            if *adjectival {
                return super::cloze::draft(ctx, fact);
            }
            // A clause cut to fit reads as a fragment once asked "how much": the figure
            // is blanked in the article's words instead.
            let Some((before, after, true)) =
                window_whole(ctx, sentence, &fact.target, MAX_COPIED_RUN)
            else {
                return super::cloze::draft(ctx, fact);
            };
            // "Japan's $68 billion investment pledge to India" asks what the pledge
            // amounts to; the figure cannot stand in front of its noun as "how much".
            let first_after = after.split(' ').next().unwrap_or("").to_lowercase();
            let lead: Vec<&str> = before
                .split(' ')
                .filter(|w| !matches!(w.to_lowercase().as_str(), "" | "a" | "an" | "the"))
                .collect();
            // The pledge's owner must lead ("Japan's", "Sumitomo Realty's"); with nothing
            // or a verb before it ("Seoul pledged a $2 billion package"), or a long clause
            // after it, "… amounts to how much?" has no subject: blanked instead.
            let owner = lead
                .last()
                .is_some_and(|w| w.ends_with("’s") || w.ends_with("'s"))
                || (!lead.is_empty() && lead.iter().all(|w| w.starts_with(char::is_uppercase)));
            if MONEY_NOUNS.contains(&first_after.as_str())
                && ask == "how much"
                && (!owner || after.split(' ').count() > 8)
            {
                return super::cloze::draft(ctx, fact);
            }
            // The upper end of a range is asked with its lower end, as one blank.
            if super::cloze::range_start(ctx.text, sentence.range.start, fact.target.start)
                .is_some()
            {
                return super::cloze::draft(ctx, fact);
            }
            let mut prompt = if MONEY_NOUNS.contains(&first_after.as_str()) && ask == "how much" {
                let lead = before
                    .trim_end_matches(" a")
                    .trim_end_matches(" an")
                    .trim_end_matches(" the")
                    .to_string();
                let lead = if ["a", "an", "the"].contains(&lead.to_lowercase().as_str()) {
                    String::new()
                } else {
                    lead
                };
                let subject = [lead.as_str(), after.as_str()]
                    .iter()
                    .filter(|p| !p.is_empty())
                    .copied()
                    .collect::<Vec<_>>()
                    .join(" ");
                format!("{} amounts to how much?", capitalise(&subject))
            } else {
                question(&before, ask, &after)
            };
            if *currency {
                let in_what = match unit.as_str() {
                    "yen" => "in yen",
                    "USD" => "in US dollars",
                    _ => "in rupees",
                };
                prompt = format!("{} ({in_what})?", prompt.trim_end_matches('?'));
            }
            let fact_line = format!("The figure is {shown}.");
            // Money is typed as an amount; a count or a share is picked from figures
            // shifted by a factor of ten, a half, a double.
            let number = written_number(shown);
            let wrong: Vec<String> = number
                .map(|n| super::cloze::figure_shifts(n, shown, seed))
                .unwrap_or_default()
                .into_iter()
                .filter_map(|n| with_number(shown, &number_like(shown, n)))
                .collect();
            if !*currency && wrong.len() == 3 && !shown.chars().any(char::is_alphabetic)
                || (!*currency && wrong.len() == 3 && unit == "%")
            {
                let tags = ["draft-figure", "trap-figure-shifted"];
                if let Some(mut card) = mcq(ctx, &prompt, shown, &wrong, &tags) {
                    let exp =
                        explanation(ctx, &fact_line, Some("the figure shifted"), fact.sentence);
                    card.string("explanation", &exp);
                    let mut texts = vec![prompt.clone(), exp];
                    texts.extend(wrong);
                    push(card, prompt, texts, fact.score);
                    return out;
                }
            }
            let mut card = base(ctx, "numeric", &["draft-figure"]);
            card.string("prompt", &prompt);
            let written = if value_text.chars().all(|c| c.is_ascii_digit() || c == '.') {
                value_text.clone()
            } else {
                crate::author::text::toml_string(value_text)
            };
            card.raw("value", written);
            card.string("unit", unit);
            if *value >= 1000.0 || value.fract() != 0.0 {
                card.string("tolerance", "1%");
            }
            let exp = explanation(ctx, &fact_line, None, fact.sentence);
            card.string("explanation", &exp);
            push(card, prompt.clone(), vec![prompt, exp], fact.score);
        }
        What::Year { year } => {
            let Some((before, after)) = window(ctx, sentence, &fact.target, MAX_COPIED_RUN) else {
                return out;
            };
            let before = before
                .strip_suffix(" in")
                .map_or(before.clone(), |b| format!("{b} in"));
            let prompt = question(&before, "which year", &after);
            let shifts: [[i32; 3]; 4] = [[-2, -1, 1], [-1, 1, 2], [-3, -1, 2], [-2, 1, 3]];
            let wrong: Vec<String> = shifts[(seed % 4) as usize]
                .iter()
                .map(|d| (year + d).to_string())
                .collect();
            let tags = ["draft-year", "trap-year-shifted"];
            if let Some(mut card) = mcq(ctx, &prompt, &year.to_string(), &wrong, &tags) {
                let exp = explanation(
                    ctx,
                    &format!("The year is {year}."),
                    Some("the year shifted"),
                    fact.sentence,
                );
                card.string("explanation", &exp);
                card.boolean("shuffle", true);
                push(card, prompt.clone(), vec![prompt, exp], fact.score);
            }
        }
        What::Edition { number, noun } => {
            let Some((before, after)) = window(ctx, sentence, &fact.target, MAX_COPIED_RUN) else {
                return out;
            };
            let prompt = question(
                &before,
                "which edition of the",
                &after.replacen(noun.as_str(), noun, 1),
            );
            let ordinal = |n: u32| -> String {
                let suffix = match (n % 10, n % 100) {
                    (_, 11..=13) => "th",
                    (1, _) => "st",
                    (2, _) => "nd",
                    (3, _) => "rd",
                    _ => "th",
                };
                format!("{n}{suffix}")
            };
            let mut wrong = Vec::new();
            for d in [-2i64, -1, 1, 2] {
                let n = i64::from(*number) + d;
                if n >= 1 && wrong.len() < 3 {
                    wrong.push(ordinal(n as u32));
                }
            }
            let tags = ["draft-edition", "trap-figure-shifted"];
            if let Some(mut card) = mcq(ctx, &prompt, &ordinal(*number), &wrong, &tags) {
                let exp = explanation(
                    ctx,
                    &format!("It is the {} {noun}.", ordinal(*number)),
                    Some("the edition shifted"),
                    fact.sentence,
                );
                card.string("explanation", &exp);
                push(card, prompt.clone(), vec![prompt, exp], fact.score);
            }
        }
        What::Ordinal { .. }
        | What::Decade { .. }
        | What::Actor { .. }
        | What::Expansion { .. }
        | What::Alias { .. }
        | What::Theme { .. }
        | What::Date => {
            return super::cloze::draft(ctx, fact);
        }
        What::Entity { entity, class } => {
            let e = &g.entities[*entity];
            let Some((before, after)) = window(ctx, sentence, &fact.target, MAX_COPIED_RUN) else {
                return out;
            };
            // "India's" asks "which country's".
            let (wh, after) = match after.strip_prefix("’s ").or(after.strip_prefix("'s ")) {
                Some(rest) => (format!("which {}’s", class.noun()), rest.to_string()),
                None => (format!("which {}", class.noun()), after.clone()),
            };
            // "Chandrayaan-5 mission" asks "which mission", once; "the state of Tamil
            // Nadu" asks "which State".
            let noun_word = class
                .noun()
                .split(['/', ' '])
                .next_back()
                .unwrap_or("")
                .to_lowercase();
            let after = after
                .strip_prefix(&format!("{noun_word} "))
                .map_or(after.clone(), str::to_string);
            let after = if after.eq_ignore_ascii_case(&noun_word) {
                String::new()
            } else {
                after
            };
            let lower_before = before.to_lowercase();
            let before = ["the state of", "state of", "the country of"]
                .iter()
                .find_map(|p| {
                    lower_before
                        .strip_suffix(p)
                        .map(|b| before[..b.len()].trim_end().to_string())
                })
                .unwrap_or(before);
            if after.is_empty() && before.is_empty() {
                return out;
            }
            // "Tamil Nadu, home to the largest …": the appositive says what is asked, as
            // "Which State/Union Territory is home to the largest …?".
            let described = after.strip_prefix(", ").filter(|rest| {
                before.is_empty()
                    && rest.split(' ').next().is_some_and(|w| {
                        matches!(w, "home" | "the" | "a" | "an" | "one")
                            || w.ends_with("’s")
                            || w.ends_with("'s")
                    })
            });
            let prompt = match described {
                Some(rest) => format!("{} is {rest}?", capitalise(&wh)),
                None => question(&before, &wh, &after),
            };
            let named: Vec<&str> = vec![e.name.as_str()];
            let wrong = distractors(ctx, *class, &named, seed, 3);
            let tags = ["draft-entity", "trap-entity-swapped", class.tag()];
            if let Some(mut card) = mcq(ctx, &prompt, &e.name, &wrong, &tags) {
                let exp = explanation(
                    ctx,
                    &format!("The answer is {}.", e.name_with_acronym()),
                    Some(&format!(
                        "other {} that the article does not name",
                        class.plural()
                    )),
                    fact.sentence,
                );
                card.string("explanation", &exp);
                push(card, prompt.clone(), vec![prompt, exp], fact.score);
            }
        }
        What::Name { noun, acronym } => {
            let Some((before, after, whole)) =
                window_whole(ctx, sentence, &fact.target, MAX_COPIED_RUN)
            else {
                // A name of a known kind ("Economic Security Initiative") in a clause
                // too long or vague to ask from is blanked instead.
                if !noun.is_empty() {
                    return super::cloze::draft(ctx, fact);
                }
                return out;
            };
            if before.is_empty() && after.is_empty() {
                return out;
            }
            let name = ctx.text[fact.target.clone()].trim();
            let name = name
                .strip_suffix(&format!(" {noun}"))
                .unwrap_or(name)
                .to_string();
            // "Sibi George, India's ambassador to Japan": who holds the office.
            let role = after.strip_prefix(", ").filter(|a| {
                a.split(' ')
                    .take(4)
                    .any(|w| ROLES.contains(&w.to_lowercase().as_str()))
            });
            // A blank at the start of a clause has nothing to go on; one item of a list
            // ("AI, semiconductors, ______, cybersecurity") has no single answer.
            let lower_before = before.to_lowercase();
            let in_list = before.ends_with(',')
                || after.starts_with(',')
                || after.starts_with("and ")
                || after.starts_with("or ")
                || [" and", " or", " to", " from", " like", " as", " including"]
                    .iter()
                    .any(|w| lower_before.ends_with(w));
            if noun.is_empty() && role.is_none() && (before.split(' ').count() < 2 || in_list) {
                return out;
            }
            let prompt = if let (true, Some(role)) = (noun.is_empty(), role) {
                format!("Who is {role}?")
            } else if noun.is_empty() {
                // A name of no known kind: the clause with a blank where it stands; a
                // clause cut to fit is quoted with an ellipsis, so it reads as a piece.
                let blank = [before.as_str(), "______", after.as_str()]
                    .iter()
                    .filter(|p| !p.is_empty())
                    .copied()
                    .collect::<Vec<_>>()
                    .join(" ")
                    .replace(" ,", ",");
                if whole && before.starts_with(char::is_uppercase) {
                    format!("Fill in the blank: {}.", capitalise(&blank))
                } else {
                    format!("Fill in the blank: “… {blank} …”")
                }
            } else {
                question(&before, &format!("which {noun}"), &after)
            };
            let mut card = base(ctx, "recall", &["draft-name"]);
            card.string("prompt", &prompt);
            card.string("answer", &name);
            let fact_line = match acronym {
                Some(acr) => {
                    card.strings("accept", &[acr.as_str()]);
                    let the = if noun.is_empty() { "" } else { "the " };
                    format!("The answer is {the}{name} ({acr}).")
                }
                None if noun.is_empty() => format!("The answer is {name}."),
                None if name.starts_with("The ") => format!("The answer is {name}."),
                None => format!("The answer is the {name}."),
            };
            let exp = explanation(ctx, &fact_line, None, fact.sentence);
            card.string("explanation", &exp);
            push(card, prompt.clone(), vec![prompt, exp], fact.score);
        }
        What::Membership { grouping } => {
            let e = &g.entities[*grouping];
            let members = e.list(0);
            if members.len() < 3 {
                return out;
            }
            // Members the article names first, then others; non-members from the
            // countries of other groupings (the trap: a near neighbour swapped in).
            let mut chosen: Vec<&str> = members
                .iter()
                .copied()
                .filter(|m| g.by_name(m).is_some_and(|_| true))
                .collect();
            chosen.sort_by_key(|m| {
                let i = g.entities.iter().position(|x| x.name == *m).unwrap_or(0);
                (!ctx.mentioned.contains(&i), stable(&format!("{m}{seed}")))
            });
            let right_count = 2 + (seed % 2) as usize;
            let mut items: Vec<(String, bool)> = chosen
                .iter()
                .take(right_count)
                .map(|m| ((*m).to_string(), true))
                .collect();
            let others: Vec<String> = g
                .of_class(Class::Grouping)
                .filter(|o| o.name != e.name)
                .flat_map(|o| o.list(0))
                .filter(|c| !members.contains(c))
                .map(str::to_string)
                .collect::<Vec<_>>();
            let mut others_unique: Vec<String> = Vec::new();
            for o in others {
                if !others_unique.contains(&o) {
                    others_unique.push(o);
                }
            }
            others_unique.sort_by_key(|o| stable(&format!("{o}{seed}")));
            for o in others_unique.into_iter().take(4 - items.len()) {
                items.push((o, false));
            }
            if items.len() < 4 {
                return out;
            }
            items.sort_by_key(|(name, _)| stable(&format!("{seed}{name}")));
            let mut card = base(
                ctx,
                "statements",
                &[
                    "draft-grouping",
                    "trap-non-member",
                    "international-relations",
                ],
            );
            let stem = "Consider the following countries :";
            let closing = format!("How many of the above are members of the {}?", e.name);
            card.string("stem", stem);
            card.string("question", &closing);
            let counts = ["Only one", "Only two", "Only three", "All the four"];
            card.strings("options", &counts);
            card.boolean("shuffle", false);
            let member_list = members.join(", ");
            for (name, member) in &items {
                let mut fields = vec![
                    ("text".to_string(), crate::author::text::toml_string(name)),
                    ("correct".to_string(), member.to_string()),
                ];
                if !member {
                    fields.push((
                        "why".to_string(),
                        crate::author::text::toml_string(&format!(
                            "{name} is not a member; the members are {member_list}."
                        )),
                    ));
                }
                card.item("statements", fields);
            }
            let exp = explanation(
                ctx,
                &format!(
                    "The {} has these members: {member_list}. The article mentions the grouping.",
                    e.name_with_acronym()
                ),
                Some("non-members from neighbouring groupings"),
                fact.sentence,
            );
            card.string("explanation", &exp);
            let mut texts = vec![closing.clone(), exp];
            texts.extend(items.iter().map(|(n, _)| n.clone()));
            push(card, closing, texts, fact.score);
        }
        What::SchemeMinistry { scheme } => {
            let e = &g.entities[*scheme];
            let Some(ministry) = e.attribute(0) else {
                return out;
            };
            let prompt = format!("{} is run by which one of the following?", e.name);
            let wrong = distractors(ctx, Class::Ministry, &[ministry], seed, 3);
            let tags = ["draft-scheme", "trap-entity-swapped", "schemes"];
            if let Some(mut card) = mcq(ctx, &prompt, ministry, &wrong, &tags) {
                let mut line = format!("{} is run by the {ministry}", e.name);
                if let Some(year) = e.attribute(1) {
                    line.push_str(&format!(" and dates from {year}"));
                }
                line.push_str("; the article mentions it.");
                let exp = explanation(ctx, &line, Some("other Union ministries"), fact.sentence);
                card.string("explanation", &exp);
                push(card, prompt.clone(), vec![prompt, exp], fact.score);
            }
        }
        What::PairList { pairs, left } => {
            if pairs.len() < 3 || pairs.iter().any(|(l, r)| l == r) {
                return out;
            }
            let mut card = base(ctx, "pairs", &["draft-pairs", "trap-pair-swapped"]);
            card.string("stem", "Consider the following pairs :");
            let left_name = match left {
                Some(Class::State) => "Indian State",
                Some(Class::Country) => "Country",
                Some(c) => c.noun(),
                None => "Item",
            };
            card.strings("columns", &[left_name, "Partner"]);
            for (l, r) in pairs.iter().take(4) {
                card.item(
                    "pairs",
                    vec![
                        ("left".to_string(), crate::author::text::toml_string(l)),
                        ("right".to_string(), crate::author::text::toml_string(r)),
                    ],
                );
            }
            let listed = pairs
                .iter()
                .map(|(l, r)| format!("{l} with {r}"))
                .collect::<Vec<_>>()
                .join(", ");
            let exp = explanation(
                ctx,
                &format!("The pairs are {listed}."),
                Some("partners swapped between pairs"),
                fact.sentence,
            );
            card.string("explanation", &exp);
            let q = format!("Pairs: {listed}");
            push(card, q, vec![exp], fact.score);
        }
        What::Reason { effect, cause } => {
            let clean = |r: &Range<usize>| -> Option<String> {
                let piece = ctx.text[r.clone()].trim();
                let piece = piece.trim_end_matches(['.', ',', ';']).trim();
                let words = piece.unicode_words().count();
                if !(4..=MAX_COPIED_RUN).contains(&words) {
                    return None;
                }
                let first = piece.split(' ').next().unwrap_or("").to_lowercase();
                if VAGUE_STARTS.contains(&first.as_str()) {
                    return None;
                }
                Some(capitalise(piece) + ".")
            };
            let (Some(one), Some(two)) = (clean(effect), clean(cause)) else {
                return out;
            };
            let mut card = base(ctx, "assertion", &["draft-reason"]);
            card.string("statement1", &one);
            card.boolean("statement1_correct", true);
            card.string("statement2", &two);
            card.boolean("statement2_correct", true);
            card.boolean("explains", true);
            let exp = explanation(
                ctx,
                &format!(
                    "The article gives the second as the reason for the first ({}).",
                    fact.cue.as_deref().unwrap_or("because")
                ),
                None,
                fact.sentence,
            );
            card.string("explanation", &exp);
            push(card, one.clone(), vec![one, two, exp], fact.score);
        }
    }
    out
}

/// Statements cards for a cluster of figures and years about one subject in one
/// paragraph: each fact a statement with the fact as given (true) or shifted (false,
/// `why` the true figure).
pub fn clusters(ctx: &Context, facts: &[Fact]) -> Vec<Drafted> {
    let g = gazetteer::get();
    let mut out = Vec::new();
    let mut by_paragraph: std::collections::BTreeMap<usize, Vec<&Fact>> = Default::default();
    for fact in facts {
        if matches!(fact.what, What::Amount { .. } | What::Year { .. })
            && let Some(s) = ctx.sentences.get(fact.sentence)
        {
            by_paragraph.entry(s.paragraph).or_default().push(fact);
        }
    }
    for (paragraph, group) in by_paragraph {
        if group.len() < 2 {
            continue;
        }
        // The subject: the first gazetteer name of the paragraph's facts' sentences.
        let subject = group.iter().find_map(|f| {
            let s = &ctx.sentences[f.sentence];
            g.find(ctx.text, s.range.clone()).into_iter().next()
        });
        let Some(subject) = subject else { continue };
        let subject_name = g.entities[subject.entity].name.clone();
        let mut items: Vec<(String, bool, Option<String>)> = Vec::new();
        for (i, fact) in group.iter().take(4).enumerate() {
            let sentence = &ctx.sentences[fact.sentence];
            let Some((before, after)) = window(ctx, sentence, &fact.target, 5) else {
                continue;
            };
            let shown = ctx.text[fact.target.clone()].trim().to_string();
            let seed = stable(&format!("{paragraph}{i}{shown}"));
            let make_false = seed.is_multiple_of(3) || (i == 1 && items.iter().all(|(_, t, _)| *t));
            let wrong = match &fact.what {
                What::Year { year } => {
                    Some((year + if seed.is_multiple_of(2) { 2 } else { -1 }).to_string())
                }
                What::Amount { shown, .. } => written_number(shown)
                    .and_then(|n| shifted_numbers(n, seed).first().copied())
                    .and_then(|n| with_number(shown, &number_like(shown, n))),
                _ => None,
            };
            let (value, correct, why) = match (make_false, wrong) {
                (true, Some(w)) => (
                    w,
                    false,
                    Some(format!("The article gives {shown}, not that.")),
                ),
                _ => (shown.clone(), true, None),
            };
            let body = [before.as_str(), value.as_str(), after.as_str()]
                .iter()
                .filter(|p| !p.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join(" ");
            if body.unicode_words().count() < 5 {
                continue;
            }
            items.push((capitalise(&body) + ".", correct, why));
        }
        if items.len() < 2 || items.iter().all(|(_, c, _)| *c) {
            continue;
        }
        let mut card = base(
            ctx,
            "statements",
            &["draft-statements", "trap-figure-shifted"],
        );
        let stem = format!("With reference to {subject_name}, consider the following statements :");
        card.string("stem", &stem);
        let mut texts = vec![stem.clone()];
        texts.extend(statement_items(&mut card, &items));
        let first = group[0].sentence;
        let exp = explanation(
            ctx,
            "The false statements shift a figure or a year the article gives.",
            Some("a figure or year shifted"),
            first,
        );
        card.string("explanation", &exp);
        texts.push(exp);
        let score = group.iter().map(|f| f.score).fold(0.0, f32::max) + 0.5;
        out.push(Drafted {
            card,
            question: stem,
            sentence: first,
            score,
            texts,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_run_of_ten_words_is_a_copy_and_nine_is_not() {
        let copies = Copies::of("One two three four five six seven eight nine ten eleven twelve.");
        assert!(copies.copied("x one two three four five six seven eight nine ten y"));
        assert!(!copies.copied("one two three four five six seven eight nine x ten eleven"));
        // Case and punctuation do not hide a copy.
        assert!(copies.copied("ONE, two; three four five six seven eight nine ten"));
    }

    #[test]
    fn figures_are_shifted_to_plausible_slips() {
        assert_eq!(
            with_number("¥10 trillion", "25").as_deref(),
            Some("¥25 trillion")
        );
        assert_eq!(
            with_number("₹5.96 lakh crore", "2.98").as_deref(),
            Some("₹2.98 lakh crore")
        );
        let wrong = shifted_numbers(10.0, 3);
        assert_eq!(wrong.len(), 3);
        assert!(!wrong.contains(&10.0));
    }

    #[test]
    fn an_entity_described_by_an_appositive_is_asked_what_it_is() {
        let text = "The state of Kerala, home to the largest fleet of houseboats in the south, sent a trade team abroad.";
        let sentences = super::super::segment::sentences(text);
        let ctx = Context {
            text,
            sentences: &sentences,
            source: "note",
            attribution: "a test",
            mentioned: Default::default(),
            lines: vec![(1, 1); sentences.len()],
        };
        let prompts: Vec<String> = super::super::detect::facts(text, &sentences)
            .iter()
            .flat_map(|f| draft(&ctx, f))
            .map(|d| d.question)
            .collect();
        assert!(
            prompts.contains(
                &"Which State/Union Territory is home to the largest fleet of houseboats?"
                    .to_string()
            ),
            "{prompts:?}"
        );
    }

    #[test]
    fn a_question_takes_the_wh_words_in_place_of_the_fact() {
        assert_eq!(
            question("Kenya and Peru will send", "which mission", "to the Moon"),
            "Kenya and Peru will send which mission to the Moon?"
        );
        assert_eq!(
            question("It was the", "which mechanism", ""),
            "It was which mechanism?"
        );
        assert_eq!(
            question("", "how much", "was raised"),
            "How much was raised?"
        );
    }
}
