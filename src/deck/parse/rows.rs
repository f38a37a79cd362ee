//! The rows kind: a table of rows, each matched or not.

use std::collections::HashSet;

use toml::Spanned;

use super::cards::ROW_FIELDS;
use super::walker::{Table, Walker, header, repeat_key};
use super::written::{MOST_ITEMS, check_written_options, separator, shown_and_form, written_form};
use crate::deck::{Body, Form, Row, Rows, Style};

pub(super) fn read_rows(w: &mut Walker, table: &Table, style: Style) -> Option<Body> {
    let stem = w.string(table, "stem", true);
    let form = w.form(table);
    let show = w.integer(table, "show", 2..MOST_ITEMS + 1);
    let separator = separator(w, table);
    let question = w.string(table, "question", false);
    let shuffle = w.boolean(table, "shuffle", false).unwrap_or(true);
    let options = w.strings(table, "options", false);
    let columns = match table.get("columns") {
        None => {
            w.missing(table, "columns", "[\"…\", \"…\", \"…\"]");
            None
        }
        Some(value) => {
            let names = w.strings(table, "columns", false);
            let written = value.get_ref().as_array().map_or(0, |a| a.len());
            if value.get_ref().as_array().is_some() && !(2..=4).contains(&written) {
                w.error(
                    format!("`columns` must name 2 to 4 headings, found {written}"),
                    value.span(),
                )
                .help = Some(
                    "a table of the paper has 2 to 4 columns, such as `[\"Agreement\", \"Year\", \"Domain\"]`".into());
            }
            let mut seen: HashSet<String> = HashSet::new();
            for name in &names {
                if !seen.insert(repeat_key(name.get_ref())) {
                    w.error(
                        format!("column `{}` is named twice", name.get_ref()),
                        name.span(),
                    );
                }
            }
            (names.len() == written && (2..=4).contains(&written)).then_some(names)
        }
    };
    if table.get("rows").is_none() {
        w.missing(
            table,
            "rows",
            "[{ cells = [\"…\", \"…\"], correct = true }, …]",
        );
        return None;
    }
    let mut rows = Vec::new();
    let mut ok = true;
    for item in w.tables(table, "rows", "row") {
        w.unknown_fields(&item, &[ROW_FIELDS]);
        let cells_value = item.get("cells");
        let cells = w.strings(&item, "cells", false);
        let correct = w.boolean(&item, "correct", true);
        let why = w.string(&item, "why", false);
        let written = cells_value
            .and_then(|v| v.get_ref().as_array())
            .map(|a| a.len());
        match (cells_value, written, &columns) {
            (None, _, _) => {
                w.missing(&item, "cells", "[\"…\", \"…\"]");
                ok = false;
            }
            (Some(value), Some(written), Some(columns)) if written != columns.len() => {
                let headings = columns
                    .iter()
                    .map(|c| c.get_ref().as_str())
                    .collect::<Vec<_>>()
                    .join(", ");
                w.error(
                    format!(
                        "this row has {written} cell{} but `columns` names {} headings ({headings})",
                        if written == 1 { "" } else { "s" },
                        columns.len()
                    ),
                    value.span(),
                )
                .help = Some("write one cell per column, in the order of `columns`".into());
                ok = false;
            }
            (Some(_), Some(written), _) if written != cells.len() => ok = false,
            (Some(_), None, _) => ok = false,
            _ => {}
        }
        if correct == Some(false) && why.is_none() && item.get("why").is_none() {
            w.warning("row not correctly matched has no `why`", header(&item))
                .help = Some("add `why = \"…\"` saying what the correct match is".into());
        }
        match correct {
            Some(correct) => rows.push(Row {
                cells: cells.into_iter().map(Spanned::into_inner).collect(),
                correct,
                why: why.map(Spanned::into_inner),
            }),
            None => ok = false,
        }
    }
    let span = table.get("rows").map(|v| v.span()).unwrap_or_default();
    if ok && !(2..=MOST_ITEMS).contains(&rows.len()) {
        w.error(
            format!(
                "a rows card needs 2 to {MOST_ITEMS} rows, found {}",
                rows.len()
            ),
            span,
        )
        .help = Some(
            format!(
                "a question shows 2 to {MOST_ITEMS} rows; split a longer table into several cards"
            )
            .into(),
        );
        return None;
    }
    let whole = !options.is_empty() || !shuffle;
    let show_n = shown_and_form(
        w,
        &show,
        &form,
        rows.len(),
        whole,
        written_form(&options),
        "rows",
    );
    if ok
        && options.is_empty()
        && show_n == 4
        && form.as_ref().is_none_or(|f| *f.get_ref() == Form::HowMany)
        && !rows.iter().any(|r| r.correct)
    {
        w.error(
            "with four rows the how-many options (\"Only one\" … \"All four\") need at least one correctly matched row",
            span,
        );
    }
    if ok && !options.is_empty() {
        let target: Vec<bool> = rows.iter().map(|r| r.correct).collect();
        check_written_options(
            w,
            table,
            &options,
            &target,
            style,
            ("rows", "correctly matched rows"),
        );
    }
    Some(Body::Rows(Box::new(Rows {
        stem: stem?.into_inner(),
        columns: columns?.into_iter().map(Spanned::into_inner).collect(),
        rows,
        show: show_n,
        form: form.map(Spanned::into_inner),
        question: question.map(Spanned::into_inner),
        options: options.into_iter().map(Spanned::into_inner).collect(),
        shuffle,
        separator,
    })))
}
