//! One module per command; [`run`] resolves the configuration and dispatches.

pub mod add;
pub mod cards;
pub mod check;
pub mod decks;
pub mod due;
pub mod export;
pub mod import;
pub mod log;
pub mod new;
pub mod optimize;
pub mod review;
pub mod seeds;

use crate::cli::{Cli, Command};
use crate::config::Config;
use crate::deck::load::Collection;
use crate::error::Exit;
use crate::scheduler::Scheduler;
use crate::store::Store;

/// Runs the parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<Exit> {
    let config = Config::resolve(&cli.decks)?;
    match cli.command {
        Command::Check(args) => check::run(&config, &args),
        Command::Decks(args) => decks::run(&config, args.json),
        Command::Review(args) => review::run(&config, &args),
        Command::Due(args) => due::run(&config, args.json),
        Command::Cards(args) => cards::run(&config, &args),
        Command::Undo => log::undo(&config),
        Command::Export(args) => export::run(&config, &args),
        Command::Doctor => log::doctor(&config),
        Command::Optimize => optimize::run(&config),
        Command::Seeds(args) => seeds::run(&config, args.json),
        Command::New(args) => new::run(&config, &args),
        Command::Add(args) => add::run(&config, &args),
        Command::Import(args) => import::run(&config, &args),
    }
}

/// Opens the progress store in the data folder, taking the day's backup.
pub fn open_store(config: &Config) -> anyhow::Result<Store> {
    Store::open(
        &config.database_path(),
        Some(&config.backup_dir()),
        config.now.to_utc(),
    )
}

/// The scheduler with the learner's saved settings.
pub fn scheduler(store: &Store) -> anyhow::Result<Scheduler> {
    Scheduler::new(store.settings()?).map_err(|e| {
        anyhow::anyhow!("the saved scheduler settings are invalid ({e}); run `upsc doctor`")
    })
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
