//! One module per command; [`run`] resolves the configuration and dispatches.

pub mod check;
pub mod decks;

use crate::cli::{Cli, Command};
use crate::config::Config;
use crate::deck::load::Collection;
use crate::error::Exit;

/// Runs the parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<Exit> {
    let config = Config::resolve(&cli.decks)?;
    match cli.command {
        Command::Check(args) => check::run(&config, &args),
        Command::Decks(args) => decks::run(&config, args.json),
        other => anyhow::bail!(
            "`{}` is not available yet in this build",
            command_name(&other)
        ),
    }
}

fn command_name(command: &Command) -> &'static str {
    match command {
        Command::Review(_) => "review",
        Command::Check(_) => "check",
        Command::Decks(_) => "decks",
        Command::Due(_) => "due",
        Command::Cards(_) => "cards",
        Command::Undo => "undo",
        Command::Export(_) => "export",
        Command::Optimize => "optimize",
        Command::Doctor => "doctor",
        Command::Seeds(_) => "seeds",
    }
}

/// Loads the configured decks for study: problems in some files are shown as one-line
/// warnings and the usable decks are returned.
pub fn load_for_study(config: &Config) -> Collection {
    let collection = Collection::load(&config.decks);
    let broken = collection.reports.iter().filter(|r| r.has_errors()).count();
    if broken > 0 {
        for report in collection.reports.iter().filter(|r| r.has_errors()) {
            if let Some(first) = report.diagnostics.first() {
                eprintln!("upsc: warning: {}", report.one_line(first));
            }
        }
        eprintln!(
            "upsc: warning: {broken} deck file(s) have errors and were loaded only in part; run `upsc check` for details"
        );
    }
    collection
}
