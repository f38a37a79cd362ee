//! Fill-in-the-blank drafts: the article's words around a fact with the fact blanked
//! ("… Scheduled as his ______ trip to the country …"), at most nine words either side,
//! so no run of ten is copied. Used where the fact cannot be replaced by question words
//! without a fragment: a spelled ordinal, a decade, a figure joined to its unit ("a
//! 7,000-kilometre network"), a person or an organisation. The options are of the fact's
//! class: neighbouring ordinals, decades or figures, or the other people or organisations
//! the article names.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

use super::detect::{Fact, ORDINALS, What};
use super::drafting::{
    BOUNDARIES, Context, Drafted, MAX_COPIED_RUN, base, boundary, capitalise, explanation, mcq,
    stable, tidy,
};
use super::segment::fold;

/// Leading words an excerpt does not start with (it would start mid-phrase).
const DANGLING: &[&str] = &[
    "and", "or", "of", "the", "a", "an", "to", "by", "with", "for",
];

/// "Fill in the blank: …" over the clause of the sentence around `target`, at most
/// `MAX_COPIED_RUN` words either side; `None` when the fact is in brackets or there is too
/// little around it to say what is asked.
pub(super) fn blanked(ctx: &Context, sentence: usize, target: &Range<usize>) -> Option<String> {
    let s = ctx.sentences.get(sentence)?.range.clone();
    if target.start < s.start || target.end > s.end {
        return None;
    }
    let text = ctx.text;
    // A fact inside brackets is blanked among the bracket's words only ("(Central share
    // of ______ and State share of Rs. 28,305 crore)").
    let mut bracketed = false;
    let s = match text[s.start..target.start].rfind('(') {
        Some(open) if !text[s.start + open..target.start].contains(')') => {
            let close = text[target.end..s.end]
                .find(')')
                .map_or(s.end, |c| target.end + c);
            let inside = text[s.start + open + 1..target.start].trim().is_empty()
                && text[target.end..close].trim().is_empty();
            // "10 trillion-yen (USD 68 billion)": a figure in brackets after a figure is
            // its conversion, not a fact of its own.
            let converted = text[s.start..s.start + open]
                .split_whitespace()
                .rev()
                .take(2)
                .any(|w| w.contains(|c: char| c.is_ascii_digit()));
            if inside && converted {
                return None;
            }
            if inside {
                // The bracket holds only the fact ("visit (August 29-30) to Japan"): it is
                // blanked where it stands in the sentence.
                bracketed = true;
                s
            } else {
                s.start + open + 1..close
            }
        }
        _ => s,
    };
    let (target_start, target_end) = if bracketed {
        let open = text[..target.start].rfind('(').unwrap_or(target.start);
        let close = text[target.end..]
            .find(')')
            .map_or(target.end, |c| target.end + c + 1);
        (open, close)
    } else {
        (target.start, target.end)
    };
    let target = &(target_start..target_end);
    let before_raw = &text[s.start..target.start];
    // One side of a joined pair ("Assam–ASEAN Holdings") is not a fact alone.
    if before_raw.ends_with(['–', '-', '—', '/']) || text[target.end..].starts_with(['–', '/'])
    {
        return None;
    }
    // The upper end of a range ("$100 million to $400 million") is asked with its lower end.
    let mut last = before_raw.split_whitespace().rev();
    if last
        .next()
        .is_some_and(|link| matches!(link, "to" | "and" | "–" | "-"))
        && last
            .take(2)
            .any(|w| w.contains(|c: char| c.is_ascii_digit()))
    {
        return None;
    }
    // A name glued to the next word behind a bracket ("(ISRO)Centers") cannot be cut out.
    if let Some(rest) = text[target.end..s.end]
        .strip_prefix(" (")
        .or(text[target.end..s.end].strip_prefix('('))
        && let Some(close) = rest.find(')')
        && rest[close + 1..].starts_with(char::is_alphanumeric)
    {
        return None;
    }
    let mut from = boundary(before_raw, BOUNDARIES, true).unwrap_or(0);
    // "… incentive program -- which allocated nearly ______": a relative clause is
    // asked with the noun it describes.
    let relative = before_raw[from..]
        .trim_start_matches(['-', ' ', '—', '–'])
        .split(' ')
        .next()
        .is_some_and(|w| matches!(w, "which" | "who" | "that" | "where"));
    // "… pledges to India: a ______ commitment": two words say nothing of what is meant,
    // so the clause before the colon is kept too.
    let short = before_raw[from..].split_whitespace().count() < 3;
    if (relative || short) && from > 0 {
        // Before the boundary's own character (`from` is just after it).
        let at = before_raw[..from]
            .char_indices()
            .next_back()
            .map_or(0, |(i, _)| i);
        from = boundary(&before_raw[..at], BOUNDARIES, true).unwrap_or(0);
    }
    let before = tidy(&before_raw[from..]);
    let mut before_words: Vec<&str> = before.split(' ').filter(|w| !w.is_empty()).collect();
    let mut cut_before = from > 0;
    while before_words.join(" ").unicode_words().count() > MAX_COPIED_RUN {
        before_words.remove(0);
        cut_before = true;
    }
    while cut_before
        && before_words.len() > 1
        && (DANGLING.contains(&before_words[0].to_lowercase().as_str())
            || before_words[0].starts_with(|c: char| !c.is_alphanumeric()))
    {
        before_words.remove(0);
    }
    let after_raw = &text[target.end..s.end];
    let mut to = boundary(after_raw, BOUNDARIES, false).unwrap_or(after_raw.len());
    // "Justice A. B. – Only judge at …": a description after a dash is what is asked.
    if after_raw[..to].trim().is_empty() && to < after_raw.len() {
        let next = after_raw[to..]
            .char_indices()
            .nth(1)
            .map_or(after_raw.len(), |(i, _)| to + i);
        to = boundary(&after_raw[next..], BOUNDARIES, false).map_or(after_raw.len(), |e| next + e);
    }
    let after = tidy(&after_raw[..to]);
    let mut after_words: Vec<&str> = after.split(' ').filter(|w| !w.is_empty()).collect();
    let mut cut_after = to < after_raw.len();
    while after_words.join(" ").unicode_words().count() > MAX_COPIED_RUN {
        after_words.pop();
        cut_after = true;
    }
    while cut_after
        && after_words.len() > 1
        && after_words
            .last()
            .is_some_and(|w| DANGLING.contains(&w.to_lowercase().as_str()))
    {
        after_words.pop();
    }
    let before = before_words.join(" ");
    let after = after_words
        .join(" ")
        .trim_end_matches(['.', ',', ';', '!', '?', '"', '”', '’', '\''])
        .trim()
        .to_string();
    let before = before.trim_start_matches(['-', ' ', '•', '*', '→', '–', '·', ',']);
    // Seven words at least, to say which fact is meant ("The ______ investment is not
    // merely capital" says too little).
    if before.unicode_words().count() + after.unicode_words().count() < 7 {
        return None;
    }
    let hole = if bracketed { "(______)" } else { "______" };
    let blank = [before, hole, after.as_str()]
        .iter()
        .filter(|p| !p.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" ")
        .replace(" ,", ",");
    // Quotation marks cut in half go.
    let blank = if blank.matches(['“', '”']).count() % 2 == 1 || blank.matches('"').count() % 2 == 1
    {
        blank.replace(['“', '”', '"'], "")
    } else {
        blank
    };
    let whole = !cut_before && !cut_after && s.start + from == s.start;
    Some(if whole && before.starts_with(char::is_uppercase) {
        format!("Fill in the blank: {}.", capitalise(&blank))
    } else {
        let open = if cut_before || from > 0 { "… " } else { "" };
        let close = if cut_after { " …" } else { "" };
        format!("Fill in the blank: “{open}{blank}{close}”")
    })
}

/// Whether `answer` is printed in `prompt` already (the blank would give itself away).
fn gives_away(prompt: &str, answer: &str) -> bool {
    let prompt = fold(prompt);
    let answer = fold(answer);
    !answer.is_empty() && prompt.contains(&answer)
}

/// Three wrong options for a figure `number` among `ORDINALS`-like neighbours.
fn neighbours(number: i64, seed: u64) -> Vec<i64> {
    let shapes: [[i64; 4]; 3] = [[-1, 1, 2, -2], [1, -1, -2, 2], [-2, -1, 1, 2]];
    shapes[(seed % 3) as usize]
        .iter()
        .map(|d| number + d)
        .filter(|n| *n >= 1)
        .take(3)
        .collect()
}

/// Where the lower end of a range starts, when the figure at `upper` is its upper end
/// ("invest $100 million to $400 million"): the figure is asked as the whole range.
pub(super) fn range_start(text: &str, sentence_start: usize, upper: usize) -> Option<usize> {
    let before = text[sentence_start..upper].trim_end();
    let link = ["to", "and", "–", "-"]
        .iter()
        .find(|l| before.ends_with(*l) && whole_end(before, l.len()))?;
    let before = before[..before.len() - link.len()].trim_end();
    // The lower figure: its number (perhaps with a currency sign) and at most a scale word.
    let mut start = None;
    let mut rest = before;
    for _ in 0..2 {
        let (head, word) = rest.rsplit_once(' ').unwrap_or(("", rest));
        if word.contains(|c: char| c.is_ascii_digit()) {
            start = Some(sentence_start + head.len() + usize::from(!head.is_empty()));
            break;
        }
        if !matches!(
            word,
            "lakh" | "crore" | "million" | "billion" | "trillion" | "thousand"
        ) {
            break;
        }
        rest = head;
    }
    start
}

/// Whether the last `len` bytes of `text` are a whole word.
fn whole_end(text: &str, len: usize) -> bool {
    !text[..text.len() - len]
        .chars()
        .next_back()
        .is_some_and(char::is_alphanumeric)
}

/// `shown` with every number in it multiplied by `factor`, written the way it is written.
fn scale_all(shown: &str, factor: f64) -> Option<String> {
    if !(factor.is_finite() && factor > 0.0) || (factor - 1.0).abs() < f64::EPSILON {
        return None;
    }
    let mut out = String::new();
    let mut number = String::new();
    for c in shown.chars().chain(std::iter::once('\u{0}')) {
        if c.is_ascii_digit() || (!number.is_empty() && (c == ',' || c == '.')) {
            number.push(c);
            continue;
        }
        if !number.is_empty() {
            let tail: String = number
                .chars()
                .rev()
                .take_while(|c| *c == ',' || *c == '.')
                .collect();
            let digits = &number[..number.len() - tail.len()];
            let value: f64 = digits.replace(',', "").parse().ok()?;
            let scaled = value * factor;
            let scaled = if scaled >= 100.0 {
                scaled.round()
            } else {
                (scaled * 100.0).round() / 100.0
            };
            out.push_str(&super::drafting::number_like(digits, scaled));
            out.push_str(&tail);
            number.clear();
        }
        if c != '\u{0}' {
            out.push(c);
        }
    }
    Some(out)
}

/// Three wrong figures for `number` as `shown`: [`super::drafting::shifted_numbers`],
/// whole for a whole count ("11 teachers" is never "5.5 teachers").
pub(super) fn figure_shifts(number: f64, shown: &str, seed: u64) -> Vec<f64> {
    let mut shifted = super::drafting::shifted_numbers(number, seed);
    let scaled = shown.split(|c: char| !c.is_alphabetic()).any(|w| {
        matches!(
            w,
            "lakh" | "crore" | "million" | "billion" | "trillion" | "thousand"
        )
    });
    if number.fract() == 0.0 && !scaled && !shown.contains('%') {
        shifted.retain(|n| n.fract() == 0.0);
        for extra in [
            number * 2.0,
            number + 1.0,
            number - 1.0,
            number + 2.0,
            number * 3.0,
        ] {
            if shifted.len() < 3 && extra > 0.0 && extra != number && !shifted.contains(&extra) {
                shifted.push(extra);
            }
        }
    }
    shifted
}

/// Drafts for the facts asked with a blank.
pub fn draft(ctx: &Context, fact: &Fact) -> Vec<Drafted> {
    let mut out = Vec::new();
    let Some(sentence) = ctx.sentences.get(fact.sentence) else {
        return out;
    };
    let seed = stable(&ctx.text[sentence.range.clone()]);
    if let What::Expansion { acronym, expansion } = &fact.what {
        // "What does TICAD stand for?", the words as the article spells them.
        let prompt = format!("What does {acronym} stand for?");
        let mut card = base(ctx, "recall", &["draft-acronym"]);
        card.string("prompt", &prompt);
        card.string("answer", expansion);
        let exp = explanation(
            ctx,
            &format!("{acronym} stands for {expansion}."),
            None,
            fact.sentence,
        );
        card.string("explanation", &exp);
        out.push(Drafted {
            card,
            question: prompt.clone(),
            sentence: fact.sentence,
            score: fact.score,
            texts: vec![prompt, exp],
        });
        return out;
    }
    // Asked by what the article says of them, not with a blank.
    let named = match &fact.what {
        What::Alias { name, alias, noun } => Some((
            format!("{name} is also known as which {noun}?"),
            alias.clone(),
            format!("{name} is also called the {alias}."),
            "draft-alias",
        )),
        What::Theme { of, theme } => Some((
            format!("What was the theme of the {of}?"),
            theme.clone(),
            format!("The theme of the {of} was “{theme}”."),
            "draft-theme",
        )),
        _ => None,
    };
    if let Some((prompt, answer, line, tag)) = named {
        let mut card = base(ctx, "recall", &[tag]);
        card.string("prompt", &prompt);
        card.string("answer", &answer);
        let exp = explanation(ctx, &line, None, fact.sentence);
        card.string("explanation", &exp);
        out.push(Drafted {
            card,
            question: prompt.clone(),
            sentence: fact.sentence,
            score: fact.score,
            texts: vec![prompt, exp],
        });
        return out;
    }
    // A range ("$100 million to $400 million") is blanked whole, from its lower end.
    let target = match fact.what {
        What::Amount { .. } => range_start(ctx.text, sentence.range.start, fact.target.start)
            .map_or(fact.target.clone(), |start| start..fact.target.end),
        _ => fact.target.clone(),
    };
    let Some(prompt) = blanked(ctx, fact.sentence, &target) else {
        return out;
    };
    let shown = ctx.text[target.clone()].trim().to_string();
    let mut push = |card: crate::author::text::CardText, texts: Vec<String>| {
        out.push(Drafted {
            card,
            question: prompt.clone(),
            sentence: fact.sentence,
            score: fact.score,
            texts,
        });
    };
    match &fact.what {
        What::Ordinal { number, word } => {
            let capital = word.starts_with(char::is_uppercase);
            let digits = word.starts_with(|c: char| c.is_ascii_digit());
            // Written as the article writes it: "eighth" or "5th".
            let spell = |n: i64| -> Option<String> {
                if digits {
                    return Some(super::statements::ordinal(u32::try_from(n).ok()?));
                }
                let w = ORDINALS.get(usize::try_from(n - 1).ok()?)?;
                Some(if capital {
                    capitalise(w)
                } else {
                    (*w).to_string()
                })
            };
            let wrong: Vec<String> = neighbours(i64::from(*number), seed)
                .into_iter()
                .filter_map(spell)
                .collect();
            let tags = ["draft-ordinal", "trap-figure-shifted"];
            if let Some(mut card) = mcq(ctx, &prompt, word, &wrong, &tags) {
                let exp = explanation(
                    ctx,
                    &format!("The article says “{word}”."),
                    Some("the count shifted"),
                    fact.sentence,
                );
                card.string("explanation", &exp);
                push(card, vec![prompt.clone(), exp]);
            }
        }
        What::Date => {
            // Every day of the date moved by the same number of days, within the month.
            let days: Vec<u32> = shown
                .split(|c: char| !c.is_ascii_digit())
                .filter(|d| (1..=2).contains(&d.len()))
                .filter_map(|d| d.parse().ok())
                .collect();
            let last_day = if shown.contains("February") { 28 } else { 30 };
            let mut shifts = [-2i64, -1, 1, 2, -3, 3];
            shifts.rotate_left((seed % 4) as usize);
            let wrong: Vec<String> = shifts
                .iter()
                .filter(|d| {
                    days.iter()
                        .all(|day| (1..=last_day).contains(&(i64::from(*day) + **d)))
                })
                .take(3)
                .map(|d| {
                    // Each one- or two-digit run is a day; a year is left as it is.
                    let mut written = String::new();
                    let mut digits = String::new();
                    for c in shown.chars().chain(std::iter::once(' ')) {
                        if c.is_ascii_digit() {
                            digits.push(c);
                            continue;
                        }
                        if !digits.is_empty() {
                            match digits.parse::<i64>() {
                                Ok(day) if digits.len() <= 2 => {
                                    written.push_str(&(day + d).to_string());
                                }
                                _ => written.push_str(&digits),
                            }
                            digits.clear();
                        }
                        written.push(c);
                    }
                    written.trim_end().to_string()
                })
                .collect();
            let suffixed = ["1st", "2nd", "3rd", "th"];
            // "21th" would give the shift away: dates with ordinal suffixes keep their days.
            if days.is_empty() || suffixed.iter().any(|x| shown.contains(x)) {
                return out;
            }
            let tags = ["draft-date", "trap-date-shifted"];
            if let Some(mut card) = mcq(ctx, &prompt, &shown, &wrong, &tags) {
                let exp = explanation(
                    ctx,
                    &format!("The date is {shown}."),
                    Some("the date shifted"),
                    fact.sentence,
                );
                card.string("explanation", &exp);
                card.boolean("shuffle", true);
                push(card, vec![prompt.clone(), exp]);
            }
        }
        What::Decade { decade } => {
            let suffix = &shown[4..];
            let shifts: [[i32; 3]; 3] = [[-20, -10, 10], [-10, 10, 20], [-30, -10, 10]];
            let wrong: Vec<String> = shifts[(seed % 3) as usize]
                .iter()
                .map(|d| format!("{}{suffix}", decade + d))
                .collect();
            let tags = ["draft-year", "trap-year-shifted"];
            if let Some(mut card) = mcq(ctx, &prompt, &shown, &wrong, &tags) {
                let exp = explanation(
                    ctx,
                    &format!("The decade is the {shown}."),
                    Some("the decade shifted"),
                    fact.sentence,
                );
                card.string("explanation", &exp);
                card.boolean("shuffle", true);
                push(card, vec![prompt.clone(), exp]);
            }
        }
        What::Amount { .. } => {
            let Some(number) = super::drafting::written_number(&shown) else {
                return out;
            };
            // Every figure of a range moves by the same factor.
            let wrong: Vec<String> = figure_shifts(number, &shown, seed)
                .into_iter()
                .filter_map(|n| scale_all(&shown, n / number))
                .collect();
            let tags = ["draft-figure", "trap-figure-shifted"];
            if let Some(mut card) = mcq(ctx, &prompt, &shown, &wrong, &tags) {
                let exp = explanation(
                    ctx,
                    &format!("The figure is {shown}."),
                    Some("the figure shifted"),
                    fact.sentence,
                );
                card.string("explanation", &exp);
                let mut texts = vec![prompt.clone(), exp];
                texts.extend(wrong);
                push(card, texts);
            }
        }
        What::Actor {
            name,
            person,
            office,
            others,
        } => {
            let sort = if *person { "people" } else { "organisations" };
            let tag = if *person {
                "draft-person"
            } else {
                "draft-organisation"
            };
            // "Who is India's ambassador to Japan?" where the article gives the office; an
            // organisation asked "which company" where the clause around it is whole
            // enough, else blanked.
            let body = name
                .rsplit(' ')
                .next()
                .is_some_and(|last| super::actors::BODY_SUFFIXES.contains(&last))
                || name.contains(" of ");
            let asked = (!*person)
                .then(|| super::drafting::window_whole(ctx, sentence, &fact.target, MAX_COPIED_RUN))
                .flatten()
                // Only a whole clause, not inside a quotation, and not glued to the next
                // name ("(ISRO)Centers").
                .filter(|(before, after, whole)| {
                    *whole
                        && before.matches(['“', '"']).count() <= before.matches('”').count()
                        && !after.starts_with(char::is_uppercase)
                })
                .map(|(before, after, _)| (before, after))
                // One of a list ("firms like Fujitsu, Tokyo Electron and Suzuki") is
                // blanked: "which company" would not say which of them is meant.
                .filter(|(before, after)| {
                    before.split(' ').count() >= 2
                        && !before.ends_with(',')
                        && !after.starts_with(',')
                        && !after.starts_with("and ")
                        && !after.starts_with("or ")
                })
                .map(|(before, after)| {
                    let wh = if body {
                        "which organisation"
                    } else {
                        "which company"
                    };
                    super::drafting::question(&before, wh, &after)
                });
            let prompt = match (office, asked) {
                (Some(office), _) => format!("Who is {office}?"),
                (None, Some(asked)) => asked,
                (None, None) => prompt.clone(),
            };
            if gives_away(&prompt, name) {
                return out;
            }
            let mut pool: Vec<&String> = others
                .iter()
                .filter(|o| !gives_away(&prompt, o) && !o.contains(name.as_str()))
                .collect();
            pool.sort_by_key(|o| stable(&format!("{seed}{o}")));
            let wrong: Vec<String> = pool.into_iter().take(3).cloned().collect();
            let fact_line = match office {
                Some(office) => format!("{name} is {office}."),
                None => format!("The answer is {name}."),
            };
            let tags = [tag, "trap-entity-swapped"];
            if let Some(mut card) = mcq(ctx, &prompt, name, &wrong, &tags) {
                let exp = explanation(
                    ctx,
                    &fact_line,
                    Some(&format!("other {sort} the article names")),
                    fact.sentence,
                );
                card.string("explanation", &exp);
                let mut texts = vec![prompt.clone(), exp];
                texts.extend(wrong);
                out.push(Drafted {
                    card,
                    question: prompt,
                    sentence: fact.sentence,
                    score: fact.score,
                    texts,
                });
            } else {
                let mut card = base(ctx, "recall", &[tag]);
                card.string("prompt", &prompt);
                card.string("answer", name);
                // A person by the surname too; a firm without "Corporation", "Ltd".
                let short = if *person {
                    name.rsplit(' ').next().map(str::to_string)
                } else {
                    name.rsplit_once(' ')
                        .filter(|(_, last)| super::detect::COMPANY_SUFFIXES.contains(last))
                        .map(|(first, _)| first.to_string())
                };
                if let Some(short) = short.filter(|s| s != name && s.chars().count() > 2) {
                    card.strings("accept", &[short.as_str()]);
                }
                let exp = explanation(ctx, &fact_line, None, fact.sentence);
                card.string("explanation", &exp);
                out.push(Drafted {
                    card,
                    question: prompt.clone(),
                    sentence: fact.sentence,
                    score: fact.score - 0.5,
                    texts: vec![prompt, exp],
                });
            }
        }
        What::Name { noun, acronym } => {
            let name = shown
                .strip_suffix(&format!(" {noun}"))
                .unwrap_or(&shown)
                .to_string();
            if noun.is_empty() || gives_away(&prompt, &name) {
                return out;
            }
            let mut card = base(ctx, "recall", &["draft-name"]);
            card.string("prompt", &prompt);
            card.string("answer", &shown);
            let mut accept = vec![name.clone()];
            accept.extend(acronym.iter().cloned());
            accept.retain(|a| *a != shown);
            if !accept.is_empty() {
                card.strings("accept", &accept);
            }
            let exp = explanation(
                ctx,
                &format!("The answer is the {shown}."),
                None,
                fact.sentence,
            );
            card.string("explanation", &exp);
            push(card, vec![prompt.clone(), exp]);
        }
        _ => {}
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::draft::segment::sentences;

    fn drafts(text: &str) -> Vec<String> {
        let sentences = sentences(text);
        let ctx = Context {
            text,
            sentences: &sentences,
            source: "note",
            attribution: "a test",
            mentioned: Default::default(),
            lines: vec![(1, 1); sentences.len()],
        };
        super::super::detect::facts(text, &sentences)
            .iter()
            .flat_map(|f| super::super::drafting::draft(&ctx, f))
            .map(|d| d.card.render())
            .collect()
    }

    #[test]
    fn a_spelled_ordinal_is_asked_with_its_neighbours() {
        let all = drafts(
            "The minister left for Lima on what was billed as her fifth visit to the region.",
        );
        let card = all
            .iter()
            .find(|c| c.contains("draft-ordinal"))
            .unwrap_or_else(|| panic!("{all:#?}"));
        assert!(card.contains("her ______ visit to the region"), "{card}");
        assert!(card.contains("answer = \"fifth\""), "{card}");
        assert!(
            card.contains("\"fourth\"") && card.contains("\"sixth\""),
            "{card}"
        );
    }

    #[test]
    fn a_decade_and_a_figure_joined_to_its_unit_are_blanked() {
        let all = drafts(
            "Steel mills spread across the valley in the 1970s as the new dams came up. \
             The council backed a 4,000-kilometre canal network for the dry western districts.",
        );
        assert!(
            all.iter()
                .any(|c| c.contains("answer = \"1970s\"") && c.contains("\"1980s\"")),
            "{all:#?}"
        );
        assert!(
            all.iter().any(|c| c.contains("a ______ canal network")
                && c.contains("answer = \"4,000-kilometre\"")),
            "{all:#?}"
        );
    }

    #[test]
    fn an_organisation_is_asked_among_the_others_the_article_names() {
        let all = drafts(
            "The solar parks near Nakuru were developed by Volta Energy Corporation with local farmers. \
             A radar for the navy was codeveloped by Peru's Andes Electronics over three years. \
             Grain silos on the coast are run by Kestrel Holdings for the state board. \
             Ferries on the lake were built by Marlin Industries at its northern yard.",
        );
        let card = all
            .iter()
            .find(|c| c.contains("answer = \"Volta Energy Corporation\""))
            .unwrap_or_else(|| panic!("{all:#?}"));
        assert!(card.contains("kind = \"mcq\""), "{card}");
        for other in ["Andes Electronics", "Kestrel Holdings", "Marlin Industries"] {
            assert!(card.contains(other), "{other}: {card}");
        }
        assert!(
            card.contains("were developed by which company with local farmers?"),
            "{card}"
        );
    }

    #[test]
    fn a_figure_in_brackets_is_blanked_among_the_bracket_s_words() {
        let all = drafts(
            "The board approved 12 lakh new houses for the hill districts (Central share of Rs. 9,120 crore and State share of Rs. 3,040 crore).",
        );
        assert!(
            all.iter().any(
                |c| c.contains("Central share of ______ and State share of Rs")
                    && c.contains("answer = \"Rs. 9,120 crore\"")
            ),
            "{all:#?}"
        );
    }

    #[test]
    fn a_description_after_a_dash_is_kept_with_the_blank() {
        let all = drafts(
            "Justice Arvind Kale – the lone judge of the tribunal to dissent from the verdict on the dam.",
        );
        assert!(
            all.iter().any(
                |c| c.contains("Justice ______ – the lone judge of the tribunal")
                    && c.contains("answer = \"Arvind Kale\"")
            ),
            "{all:#?}"
        );
    }

    #[test]
    fn two_firms_joined_by_and_are_two_names() {
        let all = drafts(
            "The sonar was codeveloped by Brazil's OTK and Peru's Andes Electronics for the navy.",
        );
        assert!(
            all.iter().any(|c| c.contains("answer = \"OTK\"")),
            "{all:#?}"
        );
        assert!(
            all.iter()
                .any(|c| c.contains("answer = \"Andes Electronics\"")),
            "{all:#?}"
        );
    }

    #[test]
    fn one_firm_of_a_list_is_blanked_not_asked_which_company() {
        let all = drafts(
            "Mining houses such as Kestrel Holdings, Andes Industries and Marlin Steel are hiring engineers in Peru.",
        );
        assert!(!all.iter().any(|c| c.contains("which company")), "{all:#?}");
        assert!(
            all.iter()
                .any(|c| c.contains("such as ______, Andes Industries and Marlin Steel")),
            "{all:#?}"
        );
    }

    #[test]
    fn a_relative_clause_is_blanked_with_the_noun_it_describes() {
        let all = drafts(
            "Brazil's old river fund -- which paid out nearly $3.5 billion during the long drought of the north -- may be revived.",
        );
        assert!(
            all.iter().any(
                |c| c.contains("river fund -- which paid out nearly ______ during")
                    || c.contains("river fund — which paid out nearly ______ during")
                    || c.contains("river fund which paid out nearly ______ during")
            ),
            "{all:#?}"
        );
    }

    #[test]
    fn a_named_thing_in_a_long_clause_is_blanked() {
        let all = drafts(
            "Both councils are expected to launch a Coastal Resilience Mission, designed to protect the mangroves and the fishing villages of the delta.",
        );
        assert!(
            all.iter().any(|c| c.contains("kind = \"recall\"")
                && c.contains("______")
                && c.contains("answer = \"Coastal Resilience Mission\"")),
            "{all:#?}"
        );
    }

    #[test]
    fn a_whole_count_has_whole_wrong_options_and_a_colon_keeps_its_lead() {
        let all = drafts(
            "In this spirit, the recent first dispatch of 11 trained rangers from Peru to Chile -- under the Andes Ranger Exchange -- is a welcome step. \
             During the summit, Peru is set to unveil one of its largest river pledges to Chile: a 4,000-kilometre canal over the next decade.",
        );
        let card = all
            .iter()
            .find(|c| c.contains("trained rangers") && c.contains("answer = \"11"))
            .unwrap_or_else(|| panic!("{all:#?}"));
        assert!(
            !card.contains("\"5.5") && !card.contains("\"1.1") && !card.contains("\"16.5"),
            "{card}"
        );
        assert!(
            all.iter()
                .any(|c| c.contains("river pledges to Chile: a ______ canal over the next decade")),
            "{all:#?}"
        );
    }

    #[test]
    fn a_conversion_a_range_s_upper_end_and_a_glued_name_are_not_blanked() {
        let text = "Seoul pledged a 2 trillion-yen (USD 13 billion) package for the ports over the next decade. \
                    Lima plans to invest $200 million to $500 million in Peru's solar parks with local firms. \
                    The work done by the Peruvian Space Agency (PSA)Centers and units of the board was praised.";
        let all = drafts(text);
        assert!(!all.iter().any(|c| c.contains("(______)")), "{all:#?}");
        assert!(
            !all.iter().any(|c| c.contains("$200 million to ______")),
            "{all:#?}"
        );
        // The range is asked whole, both ends moved together.
        assert!(
            all.iter()
                .any(|c| c.contains("answer = \"$200 million to $500 million\"")
                    && c.matches(" million to $").count() >= 5),
            "{all:#?}"
        );
        // The rule itself, on the range's upper end and on its lower end.
        let sentences = sentences(text);
        let ctx = Context {
            text,
            sentences: &sentences,
            source: "note",
            attribution: "a test",
            mentioned: Default::default(),
            lines: vec![(1, 1); sentences.len()],
        };
        let at = |needle: &str| {
            let start = text.find(needle).unwrap_or(0);
            start..start + needle.len()
        };
        assert_eq!(blanked(&ctx, 1, &at("$500 million")), None);
        assert!(blanked(&ctx, 1, &at("Peru's solar parks")).is_some());
        assert!(
            !all.iter().any(|c| c.contains("______ Centers")),
            "{all:#?}"
        );
    }

    #[test]
    fn a_date_in_brackets_is_blanked_where_it_stands() {
        let all = drafts(
            "The minister's three-day tour (March 27-29) of the Andes has opened new routes for trade.",
        );
        let card = all
            .iter()
            .find(|c| c.contains("draft-date"))
            .unwrap_or_else(|| panic!("{all:#?}"));
        assert!(
            card.contains("three-day tour (______) of the Andes"),
            "{card}"
        );
        assert!(card.contains("answer = \"March 27-29\""), "{card}");
        // Every wrong span is a real span of the month, the same length.
        assert!(
            !card.contains("March 31-33") && !card.contains("March 30-32"),
            "{card}"
        );
    }

    #[test]
    fn an_alias_and_a_theme_are_asked_by_name() {
        let all = drafts(
            "Peru and Chile signed a pact on Andes-3 (Joint Glacier Survey Mission) last week in Lima. \
             The council named 2026 the Year of Andean Crafts (“Hands that Hold the Mountains”) at the meet.",
        );
        assert!(
            all.iter()
                .any(|c| c.contains("Andes-3 is also known as which mission?")
                    && c.contains("answer = \"Joint Glacier Survey Mission\"")),
            "{all:#?}"
        );
        assert!(
            all.iter().any(
                |c| c.contains("What was the theme of the Year of Andean Crafts?")
                    && c.contains("answer = \"Hands that Hold the Mountains\"")
            ),
            "{all:#?}"
        );
    }

    #[test]
    fn a_person_s_office_asks_who_holds_it() {
        let all =
            drafts("Tomas Ruiz, Peru's ambassador to Brazil, said the deal would cut tariffs.");
        assert!(
            all.iter().any(
                |c| c.contains("prompt = \"Who is Peru's ambassador to Brazil?\"")
                    && c.contains("answer = \"Tomas Ruiz\"")
                    && c.contains("\"Ruiz\"")
            ),
            "{all:#?}"
        );
    }
}
