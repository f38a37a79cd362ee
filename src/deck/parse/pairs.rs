//! The pairs kind: "Consider the following pairs".

use std::collections::HashSet;

use toml::Spanned;

use super::cards::PAIR_FIELDS;
use super::walker::{Table, Walker, repeat_key};
use super::written::{
    check_all_shown, check_written_options, read_ask, separator, shown_and_form, written_form,
};
use crate::deck::{Ask, Body, Form, Pair, Pairs, Style};

pub(super) fn read_pairs(w: &mut Walker, table: &Table, style: Style) -> Option<Body> {
    let stem = w.string(table, "stem", true);
    let form_written = w.form(table);
    let form = form_written
        .as_ref()
        .map_or(Form::HowMany, |f| *f.get_ref());
    let show = w.integer(table, "show", 3..5);
    let decoys = w.strings(table, "decoys", false);
    let question = w.string(table, "question", false);
    let options = w.strings(table, "options", false);
    let separator = separator(w, table);
    let ask = read_ask(w, table);
    let shuffle = w.boolean(table, "shuffle", false).unwrap_or(true);
    let columns = match table.get("columns") {
        None => None,
        Some(value) => {
            let names = w.strings(table, "columns", false);
            if names.len() == 2 {
                Some([names[0].get_ref().clone(), names[1].get_ref().clone()])
            } else {
                w.error("`columns` must name exactly two columns", value.span());
                None
            }
        }
    };
    if table.get("pairs").is_none() {
        w.missing(table, "pairs", "[{ left = \"…\", right = \"…\" }, …]");
        return None;
    }
    let mut pairs: Vec<Pair> = Vec::new();
    let mut ok = true;
    let mut lefts: HashSet<String> = HashSet::new();
    let mut rights: HashSet<String> = HashSet::new();
    let items = w.tables(table, "pairs", "pair");
    // Once any pair says whether it is correct, or the options are written (they name
    // the pairs by number and count the pairs as written), or `shuffle = false` asks for
    // the paper as printed, the card is asked as written.
    let says_correct = items.iter().any(|item| item.get("correct").is_some());
    let authored = says_correct || !options.is_empty() || !shuffle;
    for item in items {
        w.unknown_fields(&item, &[PAIR_FIELDS]);
        let left = w.string(&item, "left", true);
        let right = w.string(&item, "right", true);
        let correct = w.boolean(&item, "correct", false);
        let (Some(left), Some(right)) = (left, right) else {
            ok = false;
            continue;
        };
        if !lefts.insert(repeat_key(left.get_ref())) {
            w.error(
                format!("`{}` appears twice on the left", left.get_ref()),
                left.span(),
            );
        }
        if !rights.insert(repeat_key(right.get_ref())) && !authored {
            w.error(
                format!("`{}` appears twice on the right", right.get_ref()),
                right.span(),
            )
            .help = Some("a mismatched pair must differ from the right one; make each right-hand value unique".into());
        }
        pairs.push(Pair {
            left: left.into_inner(),
            right: right.into_inner(),
            correct: correct.unwrap_or(true),
        });
    }
    if authored && let Some(first) = decoys.first() {
        if says_correct {
            w.error(
                "decoys are not used when the pairs say whether they are `correct`",
                first.span(),
            )
            .help = Some("remove `decoys`, or remove `correct` from every pair to have mismatches made at random".into());
        } else if !options.is_empty() {
            w.error(
                "decoys are not used when the options are written: the pairs are asked as written",
                first.span(),
            )
            .help = Some(
                "remove `decoys`, and write a mismatch as a pair with `correct = false`".into(),
            );
        } else {
            w.error(
                "decoys are not used with `shuffle = false`: the pairs are asked as written",
                first.span(),
            )
            .help = Some(
                "remove `decoys`, and write a mismatch as a pair with `correct = false`".into(),
            );
        }
    }
    for decoy in &decoys {
        if rights.contains(&repeat_key(decoy.get_ref())) {
            w.error(
                format!(
                    "decoy `{}` is also a correct right-hand value",
                    decoy.get_ref()
                ),
                decoy.span(),
            );
        }
    }
    let span = table.get("pairs").map(|v| v.span()).unwrap_or_default();
    if ok && pairs.len() < 3 {
        w.error(
            format!("a pairs card needs at least 3 pairs, found {}", pairs.len()),
            span,
        );
        return None;
    }
    let asked = |p: &Pair| p.correct == ask.is_correct();
    let whole = !options.is_empty() || !shuffle;
    // Asked as written, every pair is shown in the written order; else a draw of `show`.
    let show_n = if whole {
        // Written options name and count every pair, and `shuffle = false` shows every
        // pair: in the written order.
        if ok {
            let written = !options.is_empty();
            check_all_shown(w, written, pairs.len(), ("pair", "pairs"), span.clone());
        }
        let show_n = shown_and_form(
            w,
            &show,
            &form_written,
            pairs.len(),
            true,
            written_form(&options),
            "pairs",
        );
        if ok && options.is_empty() && form == Form::HowMany && !pairs.iter().any(asked) {
            let (count, what) = match ask {
                Ask::Correct => (pairs.len(), "correctly matched"),
                Ask::NotCorrect => (pairs.len(), "not correctly matched"),
            };
            if count == 4 {
                w.error(
                    format!("with four pairs the how-many options (\"Only one\" … \"All four\") need at least one {what} pair"),
                    span.clone(),
                );
            }
        }
        if ok && !options.is_empty() {
            let target: Vec<bool> = pairs.iter().map(asked).collect();
            let asked = match ask {
                Ask::Correct => "correctly matched pairs",
                Ask::NotCorrect => "pairs not correctly matched",
            };
            check_written_options(w, table, &options, &target, style, ("pairs", asked));
        }
        show_n
    } else {
        let show_n = show.as_ref().map_or(pairs.len().min(4), |s| *s.get_ref());
        if let Some(show) = &show
            && *show.get_ref() > pairs.len()
        {
            w.error(
                format!(
                    "`show = {}` but the card has only {} pairs",
                    show.get_ref(),
                    pairs.len()
                ),
                show.span(),
            );
        }
        if authored && form == Form::HowMany && show_n == 4 && !pairs.iter().any(asked) {
            let what = match ask {
                Ask::Correct => "correctly matched",
                Ask::NotCorrect => "not correctly matched",
            };
            w.error(
                format!("with four pairs the how-many options (\"Only one\" … \"All four\") need at least one {what} pair"),
                span,
            );
        }
        show_n
    };
    Some(Body::Pairs(Box::new(Pairs {
        stem: stem?.into_inner(),
        columns,
        pairs,
        decoys: decoys.into_iter().map(Spanned::into_inner).collect(),
        show: show_n,
        form,
        authored,
        question: question.map(Spanned::into_inner),
        options: options.into_iter().map(Spanned::into_inner).collect(),
        separator,
        ask,
        shuffle,
    })))
}
