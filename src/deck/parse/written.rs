//! What statements, pairs and rows cards share: how many items are shown, the question's
//! form, the checks on written (as in the paper) options, and the separator printed
//! between the columns of pairs and rows.

use toml::Spanned;

use super::walker::{Table, Walker};
use crate::deck::{Ask, Form, Style};
use crate::question::wording;

/// Most items a question shows: the papers print up to seven (2022); nine leaves room.
pub(super) const MOST_ITEMS: usize = 9;

/// What the card asks for, `ask`: the correct items (when not said) or the not-correct.
pub(super) fn read_ask(w: &mut Walker, table: &Table) -> Ask {
    w.choice(
        table,
        "ask",
        &[("correct", Ask::Correct), ("not-correct", Ask::NotCorrect)],
    )
    .map_or(Ask::Correct, Spanned::into_inner)
}

/// A card asked as written shows every item: written options name and count them all, and
/// `shuffle = false` prints the paper. Either way it may hold at most [`MOST_ITEMS`];
/// `written` says which of the two asks it, `noun` and `nouns` name an item and the items.
pub(super) fn check_all_shown(
    w: &mut Walker,
    written: bool,
    count: usize,
    (noun, nouns): (&str, &str),
    span: std::ops::Range<usize>,
) {
    if count <= MOST_ITEMS {
        return;
    }
    let why = if written {
        format!("written `options` name every {noun}")
    } else {
        format!("`shuffle = false` shows every {noun}")
    };
    w.error(
        format!("{why}, and a question shows at most {MOST_ITEMS}; this card has {count}"),
        span,
    )
    .help = Some(format!("keep {MOST_ITEMS} {nouns} or fewer in this card").into());
}

/// The form written options ask in: counts are asked "how many", codes "which" (what the
/// closing line follows). `None` without options.
pub(super) fn written_form(options: &[Spanned<String>]) -> Option<Form> {
    if options.is_empty() {
        return None;
    }
    let counts = options.iter().any(|o| {
        matches!(
            wording::read_option(o.get_ref()),
            Ok(wording::Written::Count { .. })
        )
    });
    Some(if counts { Form::HowMany } else { Form::Which })
}

/// The `separator` of a pairs or rows card: a mark printed between the columns, such as
/// `":"` or `"—"`, of one to three characters that are neither letters, digits nor spaces.
pub(super) fn separator(w: &mut Walker, table: &Table) -> Option<String> {
    let value = w.string(table, "separator", false)?;
    let mark = value.get_ref();
    let fits = (1..=3).contains(&mark.chars().count())
        && !mark
            .chars()
            .any(|c| c.is_alphanumeric() || c.is_whitespace());
    if !fits {
        w.error(
            format!("`separator = \"{mark}\"` is not a mark to print between the columns"),
            value.span(),
        )
        .help = Some(
            "write the mark the paper prints, such as `separator = \":\"` or `separator = \"—\"` (1 to 3 characters, no letters, digits or spaces)".into(),
        );
        return None;
    }
    Some(value.into_inner())
}

/// Checks written options against the items' truth: each must read as a code or a
/// count that fits the card, no two may mean the same, and exactly one must be right.
/// `target` marks the items asked for (the correct ones, or with `ask = "not-correct"`
/// the others); `(noun, asked)` name the card's items and the ones asked for, as in
/// `("statements", "correct statements")` or `("rows", "correctly matched rows")`.
pub(super) fn check_written_options(
    w: &mut Walker,
    table: &Table,
    options: &[Spanned<String>],
    target: &[bool],
    style: Style,
    (noun, asked): (&str, &str),
) {
    let span = table.get("options").map(|v| v.span()).unwrap_or_default();
    if !(2..=6).contains(&options.len()) {
        w.error(
            format!("a question needs 2 to 6 options, found {}", options.len()),
            span,
        );
        return;
    }
    let mut right: Vec<usize> = Vec::new();
    let mut readable = true;
    let mut seen: Vec<(wording::Written, usize)> = Vec::new();
    for (i, option) in options.iter().enumerate() {
        let letter = wording::OPTION_LETTERS.get(i).copied().unwrap_or("");
        let text = option.get_ref();
        let Ok(written) = wording::read_option(text) else {
            readable = false;
            w.error(
                format!("option {letter} `{text}` {}", wording::NOT_AN_OPTION),
                option.span(),
            )
            .help = Some(format!(
                "write a code as the paper does, such as `{}`, `{}` or `{}`, or a count such as `Only two`",
                wording::code(&[0, 1], 3, style),
                wording::code(&[0, 1], 2, style),
                wording::code(&[], 2, style),
            ).into());
            continue;
        };
        match written.fits(target, style, noun) {
            Err(why) => {
                readable = false;
                w.error(format!("option {letter} `{text}` {why}"), option.span())
                    .help = Some(format!(
                    "number the {noun} {} … as style \"{}\" does, and use only the card's {} {noun}",
                    wording::numeral(1, style),
                    style.as_str(),
                    target.len()
                ).into());
                continue;
            }
            Ok(fits) => {
                if let Some((_, first)) = seen.iter().find(|(w, _)| same_meaning(w, &written)) {
                    let first_letter = wording::OPTION_LETTERS.get(*first).copied().unwrap_or("");
                    w.error(
                        format!("option {letter} `{text}` says the same as option {first_letter}"),
                        option.span(),
                    )
                    .help = Some("every option must give a different answer".into());
                }
                seen.push((written, i));
                if fits {
                    right.push(i);
                }
            }
        }
    }
    if !readable {
        return;
    }
    // The counts of one question count one thing: "Only one State … All four States".
    let mut first_noun: Option<(String, usize)> = None;
    for (i, option) in options.iter().enumerate() {
        let Ok(wording::Written::Count {
            noun: Some(counted),
            ..
        }) = wording::read_option(option.get_ref())
        else {
            continue;
        };
        match &first_noun {
            None => first_noun = Some((counted.plural().to_string(), i)),
            Some((noun, first)) if noun != counted.plural() => {
                let letter = wording::OPTION_LETTERS.get(i).copied().unwrap_or("");
                let first_letter = wording::OPTION_LETTERS.get(*first).copied().unwrap_or("");
                w.error(
                    format!(
                        "option {letter} `{}` counts {} but option {first_letter} counts {noun}",
                        option.get_ref(),
                        counted.plural()
                    ),
                    option.span(),
                )
                .help = Some("count the same items in every option, in the singular after `one` and the plural otherwise".into());
                return;
            }
            Some(_) => {}
        }
    }
    let chosen: Vec<usize> = (0..target.len()).filter(|&i| target[i]).collect();
    match right.as_slice() {
        [_] => {}
        [] => {
            w.error(
                format!(
                    "no option is right: the {asked} are `{}` (`{}`)",
                    wording::code(&chosen, target.len(), style),
                    wording::how_many(chosen.len(), target.len(), style)
                ),
                span,
            )
            .help = Some(
                format!(
                    "make one option name exactly these, or check `correct` in each of the {noun}"
                )
                .into(),
            );
        }
        [first, rest @ ..] => {
            let first_letter = wording::OPTION_LETTERS.get(*first).copied().unwrap_or("");
            for &other in rest {
                let letter = wording::OPTION_LETTERS.get(other).copied().unwrap_or("");
                w.error(
                    format!(
                        "option {letter} `{}` is right as well as option {first_letter} `{}`",
                        options[other].get_ref(),
                        options[*first].get_ref()
                    ),
                    options[other].span(),
                )
                .help = Some(
                    "exactly one option may be right; make this one name a different answer".into(),
                );
            }
        }
    }
}

/// Two written options that always agree: the same items, or the same count.
pub(super) fn same_meaning(a: &wording::Written, b: &wording::Written) -> bool {
    use wording::Written::{Count, Items};
    match (a, b) {
        (Items { items: x, .. }, Items { items: y, .. }) => x == y,
        (Count { count: x, .. }, Count { count: y, .. }) => x == y,
        _ => false,
    }
}

/// How many of a card's `count` items a question shows, with the checks on `show` and
/// `form` that statements, pairs and rows cards share: `show` within the items, every item
/// shown when the card is asked as written (`whole`), a `form` beside written options only
/// when it is the form they ask in (`written`: counts are "how-many", codes "which"), and
/// the how-many form only over 3 or more items. `noun` names the items in messages.
pub(super) fn shown_and_form(
    w: &mut Walker,
    show: &Option<Spanned<usize>>,
    form: &Option<Spanned<Form>>,
    count: usize,
    whole: bool,
    written: Option<Form>,
    noun: &str,
) -> usize {
    let show_n = match show {
        Some(s) => *s.get_ref(),
        None if whole => count,
        None => count.min(3),
    };
    if let Some(show) = show
        && *show.get_ref() > count
    {
        w.error(
            format!(
                "`show = {}` but the card has only {count} {noun}",
                show.get_ref()
            ),
            show.span(),
        );
    } else if let Some(show) = show
        && whole
        && *show.get_ref() != count
    {
        w.error(
            format!(
                "`show = {}` but every one of the {count} {noun} is shown here",
                show.get_ref()
            ),
            show.span(),
        )
        .help = Some("remove `show`: with written `options` or `shuffle = false` the card is asked as written".into());
    }
    let name = |form: Form| match form {
        Form::Which => "which",
        Form::HowMany => "how-many",
    };
    if let Some(form) = form
        && let Some(written) = written
    {
        if *form.get_ref() != written {
            let (said, options) = match written {
                Form::HowMany => (name(*form.get_ref()), "counts"),
                Form::Which => (name(*form.get_ref()), "codes"),
            };
            w.error(
                format!(
                    "`form = \"{said}\"` but the written options are {options}, asked in the {} form",
                    name(written)
                ),
                form.span(),
            )
            .help = Some(
                format!(
                    "write `form = \"{}\"` or remove `form`: written options are asked as they are",
                    name(written)
                )
                .into(),
            );
        }
    } else if let Some(form) = form
        && *form.get_ref() == Form::HowMany
        && show_n == 2
    {
        w.error(
            format!("the how-many form needs 3 to 9 {noun} shown"),
            form.span(),
        )
        .help = Some(format!("set `show = 3`, or use `form = \"which\"` for two {noun}").into());
    }
    show_n
}
