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

#![warn(unreachable_pub)]

// The modules the integration tests and benches reach are public; the others are private,
// so that a `pub` item nothing outside them uses is flagged by `unreachable_pub` and, once
// it is `pub(crate)`, by the dead-code lint.
pub mod answer;
pub mod author;
mod cli;
pub mod cmd;
pub mod coach;
mod config;
mod day;
pub mod deck;
pub mod draft;
mod error;
mod exam;
pub mod exchange;
mod fsutil;
pub mod marking;
pub mod mock;
mod output;
pub mod paper;
mod quantity;
mod question;
pub mod revlog;
pub mod scheduler;
mod seeds;
pub mod session;
pub mod settings;
mod stats;
pub mod store;
pub mod study;
pub mod sync;
mod text;
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
                let text = fit_help(&error.render().to_string(), ui::stdout_width());
                return match output::print(&text) {
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
/// On a terminal the line is wrapped at word boundaries to its width (continuation lines
/// indented under the message), so the terminal never breaks a word; piped, it stays one
/// line.
fn say(message: &str) {
    output::say_err(&format!("upsc: {}", error::one_line(message)));
}

/// clap's help as the terminal shows it: clap wraps its own text, but not a usage line
/// or a word wider than the space left; such a line is wrapped here at word
/// boundaries, its continuation indented under it, so the terminal never breaks it.
fn fit_help(help: &str, width: Option<usize>) -> String {
    let Some(width) = width else {
        return help.to_string();
    };
    let mut out = String::with_capacity(help.len());
    for line in help.lines() {
        if console::measure_text_width(line) <= width {
            out.push_str(line);
            out.push('\n');
            continue;
        }
        let indent = line.len() - line.trim_start().len();
        let hang = if line.starts_with("Usage: ") {
            " ".repeat("Usage: ".len())
        } else {
            " ".repeat(indent + 2)
        };
        let options = ui::wrap_options(width, "", &hang);
        for part in textwrap::wrap(line, options) {
            out.push_str(&part);
            out.push('\n');
        }
    }
    out
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
    fn help_lines_too_wide_for_the_terminal_are_wrapped_under_themselves() {
        let help = "Usage: upsc export [OPTIONS] --format <FORMAT>\n  short\n";
        let fitted = super::fit_help(help, Some(30));
        assert_eq!(
            fitted,
            "Usage: upsc export [OPTIONS]\n       --format <FORMAT>\n  short\n"
        );
        assert_eq!(super::fit_help(help, None), help);
    }

    #[test]
    fn a_usage_error_is_one_line_with_its_tip() {
        let rendered = "error: unrecognized subcommand 'reveiw'\n\n  tip: a similar subcommand exists: 'review'\n\nUsage: upsc [OPTIONS] <COMMAND>\n\nFor more information, try '--help'.\n";
        assert_eq!(
            super::usage_line(rendered),
            "unrecognized subcommand 'reveiw' (a similar subcommand exists: 'review'); see `upsc --help`"
        );
    }
}
