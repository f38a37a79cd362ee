//! The assertion-reason kind, with its three-statement form.

use toml::Spanned;

use super::walker::{Table, Walker, header};
use crate::deck::{Assertion, Body};
use crate::question::wording;

pub(super) fn read_assertion(w: &mut Walker, table: &Table) -> Option<Body> {
    let stem = w.string(table, "stem", false).map(Spanned::into_inner);
    let statement1 = w.string(table, "statement1", true);
    let statement2 = w.string(table, "statement2", true);
    let statement3 = w.string(table, "statement3", false);
    let first = w.boolean(table, "statement1_correct", true);
    let second = w.boolean(table, "statement2_correct", true);
    let third_value = table.get("statement3_correct");
    let third = w.boolean(table, "statement3_correct", statement3.is_some());
    let explains_value = table.get("explains");
    let explains = w.boolean(table, "explains", false);
    let explained_by = explained_by(w, table);
    if statement3.is_none() && table.get("statement3").is_none() {
        if let Some(value) = third_value {
            w.error("`statement3_correct` without a `statement3`", value.span())
                .help = Some("add `statement3 = \"…\"`, or remove `statement3_correct`".into());
        }
        if let Some(value) = table.get("explained_by") {
            w.error("`explained_by` is for three statements", value.span())
                .help = Some("with two statements write `explains = true` or `false`".into());
        }
    }
    let (first, second) = (first?, second?);
    if statement3.is_some() {
        return read_three_statements(w, table, (first, second, third?), explained_by).and_then(
            |(explained_by, third)| {
                Some(Body::Assertion(Box::new(Assertion {
                    stem,
                    statement1: statement1?.into_inner(),
                    statement2: statement2?.into_inner(),
                    statement1_correct: first,
                    statement2_correct: second,
                    explains: false,
                    statement3: statement3.map(Spanned::into_inner),
                    statement3_correct: third,
                    explained_by,
                })))
            },
        );
    }
    if first && second && explains.is_none() && explains_value.is_none() {
        w.missing(table, "explains", "false");
    }
    if explains == Some(true) && !(first && second) {
        let span = explains_value
            .map(|v| v.span())
            .unwrap_or_else(|| header(table));
        w.error(
            "`explains = true` but a false statement cannot explain or be explained",
            span,
        )
        .help = Some("set `explains = false`, or make both statements correct".into());
    }
    if !first && !second {
        let span = table
            .get("statement1_correct")
            .map(|v| v.span())
            .unwrap_or_else(|| header(table));
        w.error(
            "both statements are false; the four UPSC options cannot express that",
            span,
        )
        .help = Some("make at least one statement correct".into());
    }
    Some(Body::Assertion(Box::new(Assertion {
        stem,
        statement1: statement1?.into_inner(),
        statement2: statement2?.into_inner(),
        statement1_correct: first,
        statement2_correct: second,
        explains: explains.unwrap_or(false),
        statement3: None,
        statement3_correct: false,
        explained_by: Vec::new(),
    })))
}

/// `explained_by = [2, 3]`: which of Statements II and III explain Statement I.
pub(super) fn explained_by(w: &mut Walker, table: &Table) -> Option<Vec<usize>> {
    let value = table.get("explained_by")?;
    let Some(items) = value.get_ref().as_array() else {
        w.wrong_type(
            "explained_by",
            "a list of statement numbers such as [2, 3]",
            value,
        );
        return None;
    };
    let mut out = Vec::new();
    for item in items.iter() {
        let number = item
            .get_ref()
            .as_integer()
            .and_then(|n| n.as_str().parse::<usize>().ok());
        match number {
            Some(n @ (2 | 3)) if !out.contains(&n) => out.push(n),
            Some(n @ (2 | 3)) => {
                w.error(format!("`explained_by` names {n} twice"), item.span());
            }
            _ => {
                w.error("`explained_by` lists statements 2 and/or 3", item.span())
                    .help = Some("write `explained_by = [2]`, `[3]` or `[2, 3]`".into());
            }
        }
    }
    out.sort_unstable();
    Some(out)
}

/// The rules of a three-statement card: `explains` is not used, `explained_by` names only
/// correct statements, and exactly one of the four options fits.
pub(super) fn read_three_statements(
    w: &mut Walker,
    table: &Table,
    (first, second, third): (bool, bool, bool),
    explained_by: Option<Vec<usize>>,
) -> Option<(Vec<usize>, bool)> {
    if let Some(value) = table.get("explains") {
        w.error("`explains` is for two statements", value.span())
            .help =
            Some("with three statements write `explained_by = [2]`, `[3]` or `[2, 3]`".into());
    }
    let listed = table.get("explained_by");
    let at = listed.map_or_else(|| header(table), |v| v.span());
    let explained_by = explained_by.unwrap_or_default();
    let truth = [first, second, third];
    for &n in &explained_by {
        if !truth[n - 1] {
            w.error(
                format!(
                    "`explained_by` names Statement {} but it is not correct",
                    if n == 2 { "II" } else { "III" }
                ),
                at.clone(),
            )
            .help =
                Some("a false statement explains nothing; remove it from `explained_by`".into());
            return None;
        }
    }
    let fits = wording::three_statement_fits(
        first,
        second,
        third,
        explained_by.contains(&2),
        explained_by.contains(&3),
    );
    let right = fits.iter().filter(|&&f| f).count();
    if right != 1 {
        let (why, help) = if !first {
            (
                "Statement I is not correct, so no correct statement can explain it",
                "make Statement I correct, or Statements II and III both not correct (option (d))",
            )
        } else if second && third {
            (
                "Statements II and III are both correct but `explained_by` names neither",
                "list in `explained_by` the statements that explain Statement I: [2], [3] or [2, 3]",
            )
        } else {
            (
                "only one of Statements II and III is correct and `explained_by` does not name it",
                "add it to `explained_by`; the options have no case for a correct statement that does not explain Statement I",
            )
        };
        w.error(format!("none of the four options fits: {why}"), at)
            .help = Some(help.to_string().into());
        return None;
    }
    Some((explained_by, third))
}
