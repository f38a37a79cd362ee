//! The statements kind: "Consider the following statements".

use toml::Spanned;

use super::cards::STATEMENT_FIELDS;
use super::walker::{Table, Walker, header};
use super::written::{
    MOST_ITEMS, check_all_shown, check_written_options, read_ask, shown_and_form, written_form,
};
use crate::deck::{Ask, Body, Form, Statement, Statements, Style};

pub(super) fn read_statements(w: &mut Walker, table: &Table, style: Style) -> Option<Body> {
    let stem = w.string(table, "stem", true);
    let form = w.form(table);
    let show = w.integer(table, "show", 2..MOST_ITEMS + 1);
    let question = w.string(table, "question", false);
    let ask = read_ask(w, table);
    let shuffle = w.boolean(table, "shuffle", false).unwrap_or(true);
    let options = w.strings(table, "options", false);
    if table.get("statements").is_none() {
        w.missing(table, "statements", "[{ text = \"…\", correct = true }, …]");
        return None;
    }
    let mut statements = Vec::new();
    let mut ok = true;
    for item in w.tables(table, "statements", "statement") {
        w.unknown_fields(&item, &[STATEMENT_FIELDS]);
        let text = w.string(&item, "text", true);
        let correct = w.boolean(&item, "correct", true);
        let why = w.string(&item, "why", false);
        if correct == Some(false) && why.is_none() && item.get("why").is_none() {
            w.warning("false statement has no `why`", header(&item))
                .help = Some("add `why = \"…\"` saying what is wrong with it".into());
        }
        match (text, correct) {
            (Some(text), Some(correct)) => statements.push(Statement {
                text: text.into_inner(),
                correct,
                why: why.map(Spanned::into_inner),
            }),
            _ => ok = false,
        }
    }
    let span = table
        .get("statements")
        .map(|v| v.span())
        .unwrap_or_default();
    if ok && statements.len() < 2 {
        w.error(
            format!(
                "a statements card needs at least 2 statements, found {}",
                statements.len()
            ),
            span.clone(),
        );
        return None;
    }
    // Written options name the statements by number, and `shuffle = false` prints the
    // paper: either way every statement is shown, in the written order.
    let whole = !options.is_empty() || !shuffle;
    if whole && ok {
        let written = !options.is_empty();
        let nouns = ("statement", "statements");
        check_all_shown(w, written, statements.len(), nouns, span.clone());
    }
    let show_n = shown_and_form(
        w,
        &show,
        &form,
        statements.len(),
        whole,
        written_form(&options),
        "statements",
    );
    let asked = |s: &Statement| s.correct == (ask == Ask::Correct);
    if options.is_empty()
        && show_n == 4
        && form.as_ref().is_none_or(|f| *f.get_ref() == Form::HowMany)
        && !statements.iter().any(asked)
    {
        let what = match ask {
            Ask::Correct => "correct",
            Ask::NotCorrect => "not-correct",
        };
        w.error(
            format!("with four statements the how-many options (\"Only one\" … \"All four\") need at least one {what} statement"),
            span,
        );
    }
    if !options.is_empty() {
        let target: Vec<bool> = statements.iter().map(asked).collect();
        let asked = match ask {
            Ask::Correct => "correct statements",
            Ask::NotCorrect => "not-correct statements",
        };
        check_written_options(w, table, &options, &target, style, ("statements", asked));
    }
    Some(Body::Statements(Box::new(Statements {
        stem: stem?.into_inner(),
        statements,
        show: show_n,
        form: form.map(Spanned::into_inner),
        question: question.map(Spanned::into_inner),
        ask,
        options: options.into_iter().map(Spanned::into_inner).collect(),
        shuffle,
    })))
}
