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
pub struct Quiet(pub Exit);

/// An error that should exit with [`Exit::Usage`] after its message is shown.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// Text folded onto one line: line breaks and runs of spaces become single spaces, so no
/// message (SQLite's, an operating system's, a deck's) can break the one-line error rule.
pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
