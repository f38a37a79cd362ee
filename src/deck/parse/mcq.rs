//! The multiple-choice kind: a prompt, its answer and the distractors.

use std::collections::HashMap;

use toml::Spanned;

use super::ids::suggest;
use super::walker::{Table, Walker, repeat_key};
use crate::deck::{Body, Mcq};

pub(super) fn read_mcq(w: &mut Walker, table: &Table) -> Option<Body> {
    let prompt = w.string(table, "prompt", true);
    let answer = w.string(table, "answer", true);
    let shuffle = w.boolean(table, "shuffle", false).unwrap_or(true);
    let options = w.strings(table, "options", false);
    let options_value = table.get("options");
    if options_value.is_none() {
        w.missing(table, "options", "[\"…\", \"…\", \"…\", \"…\"]");
        return None;
    }
    let options_span = options_value.map(|v| v.span()).unwrap_or_default();
    if !(2..=6).contains(&options.len()) {
        w.error(
            format!("an mcq needs 2 to 6 options, found {}", options.len()),
            options_span,
        );
        return None;
    }
    let mut firsts: HashMap<String, usize> = HashMap::new();
    for (i, option) in options.iter().enumerate() {
        let key = repeat_key(option.get_ref());
        if let Some(&first) = firsts.get(&key) {
            w.error(
                format!("option `{}` repeats option {}", option.get_ref(), first + 1),
                option.span(),
            )
            .help = Some("every option must be different".into());
        } else {
            firsts.insert(key, i);
        }
    }
    let answer = answer?;
    let index = options.iter().position(|o| o.get_ref() == answer.get_ref());
    if index.is_none() {
        let suggestion = suggest(
            answer.get_ref(),
            options.iter().map(|o| o.get_ref().as_str()),
        );
        w.error(
            format!("answer `{}` is not one of the options", answer.get_ref()),
            answer.span(),
        )
        .help = Some(
            match suggestion {
                Some(s) => format!("did you mean `{s}`? The answer must repeat an option exactly"),
                None => "the answer must repeat one of the options exactly".to_string(),
            }
            .into(),
        );
    }
    Some(Body::Mcq(Mcq {
        prompt: prompt?.into_inner(),
        options: options.into_iter().map(Spanned::into_inner).collect(),
        answer: index?,
        shuffle,
    }))
}
