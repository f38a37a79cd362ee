//! upsc: spaced-repetition revision, topic quizzes and mock tests for UPSC Civil Services
//! aspirants, over TOML decks.
//!
//! Module map (docs/architecture.md draws it): [`cli`] (the command line, clap types
//! only) and [`cmd`] (one handler per command) sit above the domain — [`deck`] (the
//! model, loading, diagnostics and the deck index), [`seeds`] (source notes),
//! [`question`] (turning a card into the question a learner sees), [`answer`] and
//! [`quantity`] (checking typed answers), [`study`], [`session`], [`mock`], [`stats`],
//! [`scheduler`], [`revlog`], [`config`] (paths, environment, clock), [`settings`] (the
//! learner's `config.toml` and the settings in effect); writing decks is
//! [`author`] (`new`, `add`, `check --fix`) and moving cards in and out [`exchange`]
//! (`import`, `export`) — which sits above [`store`] (the progress database) and
//! [`fsutil`] (the one atomic write). Only `cli`, `cmd` and this file know clap
//! (`tests/layers.rs` keeps it so). [`paper`] makes the question papers of `upsc paper`.

pub mod answer;
pub mod author;
pub mod cli;
pub mod cmd;
pub mod coach;
pub mod config;
pub mod deck;
pub mod error;
pub mod exam;
pub mod exchange;
pub mod fsutil;
pub mod marking;
pub mod mock;
pub mod output;
pub mod paper;
pub mod quantity;
pub mod question;
pub mod revlog;
pub mod scheduler;
pub mod seeds;
pub mod session;
pub mod settings;
pub mod stats;
pub mod store;
pub mod study;
pub mod sync;
pub mod text;
pub mod ui;

use std::ffi::OsString;
use std::process::ExitCode;

use clap::Parser;

use crate::error::{Exit, Quiet, UsageError};

/// Runs the program with these arguments and returns its exit code. Errors are printed
/// here, once, as `upsc: what went wrong: why`.
pub fn run(args: impl IntoIterator<Item = OsString>) -> ExitCode {
    let cli = match cli::Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(error) => {
            // clap prints help and version to stdout; a usage error becomes one line.
            if !error.use_stderr() {
                return match output::print(&error.render().to_string()) {
                    Err(e) if e.downcast_ref::<Quiet>().is_none() => {
                        say(&format!("{e:#}"));
                        Exit::Failure.into()
                    }
                    _ => Exit::Ok.into(),
                };
            }
            say(&usage_line(&error.render().to_string()));
            return Exit::Usage.into();
        }
    };
    match cmd::run(cli) {
        Ok(exit) => exit.into(),
        Err(error) => {
            if let Some(Quiet(exit)) = error.downcast_ref::<Quiet>() {
                return (*exit).into();
            }
            // The outermost message of a known kind already says everything, what to do
            // included; otherwise the causes are joined, outermost first.
            let message = if let Some(damaged) = error.downcast_ref::<store::Damaged>() {
                damaged.to_string()
            } else {
                let chain: Vec<String> = error.chain().map(ToString::to_string).collect();
                chain.join(": ")
            };
            say(&message);
            if error.downcast_ref::<UsageError>().is_some() {
                Exit::Usage.into()
            } else {
                Exit::Failure.into()
            }
        }
    }
}

/// Prints one error line, `upsc: …`, on standard error; a closed standard error is ignored.
fn say(message: &str) {
    use std::io::Write as _;
    let _ = writeln!(std::io::stderr(), "upsc: {}", error::one_line(message));
}

/// clap's usage error, several lines with its tip and usage, folded into one line that
/// keeps the error and the tip and points to `--help`.
fn usage_line(rendered: &str) -> String {
    let mut what = String::new();
    let mut tips = Vec::new();
    for line in rendered.lines().map(str::trim) {
        if let Some(rest) = line.strip_prefix("error:") {
            what = rest.trim().to_string();
        } else if let Some(tip) = line.strip_prefix("tip:") {
            tips.push(tip.trim().to_string());
        }
    }
    if what.is_empty() {
        what = rendered
            .lines()
            .next()
            .unwrap_or("bad usage")
            .trim()
            .to_string();
    }
    if tips.is_empty() {
        format!("{what}; see `upsc --help`")
    } else {
        format!("{what} ({}); see `upsc --help`", tips.join("; "))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_usage_error_is_one_line_with_its_tip() {
        let rendered = "error: unrecognized subcommand 'reveiw'\n\n  tip: a similar subcommand exists: 'review'\n\nUsage: upsc [OPTIONS] <COMMAND>\n\nFor more information, try '--help'.\n";
        assert_eq!(
            super::usage_line(rendered),
            "unrecognized subcommand 'reveiw' (a similar subcommand exists: 'review'); see `upsc --help`"
        );
    }
}
