//! The recall kind: a prompt and its answer.

use toml::Spanned;

use super::walker::{Table, Walker};
use crate::deck::{Body, Recall};

pub(super) fn read_recall(w: &mut Walker, table: &Table) -> Option<Body> {
    let prompt = w.string(table, "prompt", true);
    let answer = w.string(table, "answer", true);
    let accept = w.strings(table, "accept", false);
    let self_grade = w.boolean(table, "self_grade", false).unwrap_or(false);
    Some(Body::Recall(Recall {
        prompt: prompt?.into_inner(),
        answer: answer?.into_inner(),
        accept: accept.into_iter().map(Spanned::into_inner).collect(),
        self_grade,
    }))
}
