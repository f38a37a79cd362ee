//! upsc: spaced-repetition revision, topic quizzes and mock tests for UPSC Civil Services
//! aspirants, over TOML decks.
//!
//! Module map: [`deck`] (the model, loading and diagnostics), [`seeds`] (source notes),
//! [`question`] (turning a card into the question a learner sees), [`answer`] and
//! [`quantity`] (checking typed answers), [`config`] (paths, environment, clock),
//! [`cli`] (the command line) and [`cmd`] (one module per command); writing decks is
//! [`author`] (`new`, `add`, `check --fix`) and moving cards in and out [`exchange`]
//! (`import`, `export`).

pub mod answer;
pub mod author;
pub mod cli;
pub mod cmd;
pub mod config;
pub mod deck;
pub mod error;
pub mod exchange;
pub mod marking;
pub mod mock;
pub mod output;
pub mod quantity;
pub mod question;
pub mod scheduler;
pub mod seeds;
pub mod session;
pub mod stats;
pub mod store;
pub mod study;
pub mod text;

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
            // clap prints help and version to stdout and usage errors to stderr.
            let code = if error.use_stderr() {
                Exit::Usage
            } else {
                Exit::Ok
            };
            let _ = error.print();
            return code.into();
        }
    };
    match cmd::run(cli) {
        Ok(exit) => exit.into(),
        Err(error) => {
            if let Some(Quiet(exit)) = error.downcast_ref::<Quiet>() {
                return (*exit).into();
            }
            let chain: Vec<String> = error.chain().map(ToString::to_string).collect();
            eprintln!("upsc: {}", chain.join(": "));
            if error.downcast_ref::<UsageError>().is_some() {
                Exit::Usage.into()
            } else {
                Exit::Failure.into()
            }
        }
    }
}
