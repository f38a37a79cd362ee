//! Exit codes and the errors that carry them.

use std::process::ExitCode;

/// How the program ends, as scripts see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Everything worked.
    Ok = 0,
    /// The work ran and found problems (`check` with errors), or an operation failed.
    Failure = 1,
    /// The program was used wrongly or cannot run here (bad flags, no terminal).
    Usage = 2,
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> ExitCode {
        ExitCode::from(exit as u8)
    }
}

/// An error whose message was already shown (or that needs none, like a broken pipe);
/// it only decides the exit code.
#[derive(Debug, thiserror::Error)]
#[error("exit {0:?}")]
pub(crate) struct Quiet(pub Exit);

/// An error that should exit with [`Exit::Usage`] after its message is shown.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub(crate) struct UsageError(pub String);

/// Text folded onto one line: line breaks and runs of spaces become single spaces, so no
/// message (SQLite's, an operating system's, a deck's) can break the one-line error rule.
pub(crate) fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The one line for a name the learner gave (a deck, a tag, a source, a kind) that
/// matches nothing: "did you mean `defence`?" when one known value is a small slip away
/// (case, a letter or two), else the known values after `listed` (the nearest few when
/// there are many: [`crate::text::listing`]).
///
/// It exits with [`Exit::Failure`] (1), not [`Exit::Usage`] (2): the command line was
/// well formed and the name was looked up in the learner's own decks, where it is not —
/// as `just` exits 1 for a recipe its justfile lacks, keeping 2 for what clap refuses.
pub(crate) fn not_found(what: &str, value: &str, known: &[&str], listed: &str) -> anyhow::Error {
    let wanted = value.to_lowercase();
    // A letter or two for a long name; one for a short one; none (only case) below four.
    let slack = match wanted.chars().count() {
        0..=3 => 0,
        4..=7 => 1,
        _ => 2,
    };
    let closest = known
        .iter()
        .map(|k| (strsim::damerau_levenshtein(&wanted, &k.to_lowercase()), *k))
        .filter(|(distance, _)| *distance <= slack)
        .min();
    let value = crate::text::strip_controls(value);
    match closest {
        Some((_, near)) => anyhow::anyhow!("{what} `{value}`; did you mean `{near}`?"),
        None => anyhow::anyhow!(
            "{what} `{value}`; {listed}: {}",
            crate::text::listing(known, &value)
        ),
    }
}

/// No deck has the id `id` ([`not_found`]): the one error every command gives for it.
pub(crate) fn no_deck(id: &str, known: &[&str]) -> anyhow::Error {
    not_found("no deck", id, known, "the decks are")
}

/// No card passes all of a quiz's, test's or paper's filters (`covers` says them).
pub(crate) fn nothing_matches(covers: &str) -> anyhow::Error {
    anyhow::anyhow!(
        "no card matches {covers} together; loosen a filter (`upsc decks` lists decks and tags)"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_that_matches_nothing_is_one_line_with_a_suggestion_or_the_list() {
        let known = ["polity", "geography", "economy"];
        assert_eq!(
            no_deck("polty", &known).to_string(),
            "no deck `polty`; did you mean `polity`?"
        );
        assert_eq!(
            no_deck("history", &known).to_string(),
            "no deck `history`; the decks are: polity, geography, economy"
        );
        // Case alone is a slip, also in a short name; control characters never reach the
        // terminal.
        assert_eq!(
            not_found("no kind", "MCQ", &["mcq", "recall"], "the kinds are").to_string(),
            "no kind `MCQ`; did you mean `mcq`?"
        );
        assert_eq!(
            no_deck("x\u{1b}[2J", &known).to_string(),
            "no deck `x`; the decks are: polity, geography, economy"
        );
        assert!(no_deck("x", &known).downcast_ref::<UsageError>().is_none());
    }
}
