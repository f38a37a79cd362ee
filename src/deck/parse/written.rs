//! What statements, pairs and rows cards share: how many items are shown, the question's
//! form, and the checks on written (as in the paper) options.

use toml::Spanned;

use super::walker::{Table, Walker};
use crate::deck::{Form, Style};
use crate::question::wording;

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
/// `form` that statements and rows cards share: `show` within the items, every item shown
/// when the card is asked as written (`whole`), no `form` beside written options, and the
/// how-many form only over 3 or more items. `noun` names the items in messages.
#[allow(clippy::too_many_arguments)]
pub(super) fn shown_and_form(
    w: &mut Walker,
    show: &Option<Spanned<usize>>,
    form: &Option<Spanned<Form>>,
    count: usize,
    whole: bool,
    written_options: bool,
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
    if let Some(form) = form
        && written_options
    {
        w.error(
            "`form` has no use when the options are written",
            form.span(),
        )
        .help = Some("remove `form`: the written options are asked as they are".into());
    } else if let Some(form) = form
        && *form.get_ref() == Form::HowMany
        && show_n == 2
    {
        w.error(
            format!("the how-many form needs 3 to 6 {noun} shown"),
            form.span(),
        )
        .help = Some(format!("set `show = 3`, or use `form = \"which\"` for two {noun}").into());
    }
    show_n
}
