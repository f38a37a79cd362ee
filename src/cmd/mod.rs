//! One module per command; [`run`] resolves the configuration and dispatches.

pub mod add;
pub mod cards;
pub mod check;
pub mod coach;
pub mod completions;
pub mod config;
pub mod decks;
pub mod draft;
pub mod due;
pub mod exam;
pub mod export;
pub mod import;
pub mod log;
pub mod mistakes;
pub mod new;
pub mod optimize;
pub mod paper;
pub mod quiz;
pub mod recover;
pub mod review;
pub mod seeds;
pub mod source;
pub mod stats;
pub mod sync;
pub mod test;
pub mod test_sheet;
pub mod today;
pub mod why;

use crate::cli::{Cli, Command};
use crate::config::Config;
use crate::deck::index::warn;
use crate::deck::load::Collection;
use crate::error::Exit;
use crate::output;
use crate::scheduler::Scheduler;
use crate::settings::{EffectiveSettings, Environment, Flags};
use crate::store::Store;

/// Runs the parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<Exit> {
    // These describe the command line only: no data folder or deck is needed.
    match &cli.command {
        Some(Command::Completions(args)) => return completions::completions(args.shell),
        Some(Command::Man) => return completions::man(),
        _ => {}
    }
    let config = Config::resolve(&cli.decks)?;
    // The settings file's paper style, for decks that do not say, before any deck is read.
    // A broken file is reported by the commands that read their settings; here it only
    // gives the default. Set on every run, so that a second `run` in the same process
    // never inherits the style of the first.
    let style = settings(&config, &Flags::default())
        .map_or_else(|_| Default::default(), |settings| settings.style.value);
    crate::question::wording::set_default_style(style);
    let result = dispatch(cli, &config);
    // A raw SQLite failure that reached here (damage met by a query, a full disk) becomes
    // one line that says what to do; damage also marks the store, so that its next open
    // checks it before anything is written.
    result.map_err(|error| {
        crate::store::sqlite_trouble(&error, &config.database_path()).unwrap_or(error)
    })
}

fn dispatch(cli: Cli, config: &Config) -> anyhow::Result<Exit> {
    let Some(command) = cli.command else {
        return today::run(config, false, true);
    };
    match command {
        Command::Check(args) => check::run(config, &args),
        Command::Decks(args) => decks::run(config, args.json),
        Command::Review(args) => review::run(config, &args),
        Command::Due(args) => due::run(config, args.json),
        Command::Today(args) => today::run(config, args.json, false),
        Command::Cards(args) => cards::run(config, &args),
        Command::Undo => log::undo(config),
        Command::Export(args) => export::run(config, &args),
        Command::Doctor => recover::doctor(config),
        Command::Restore(args) => recover::restore(config, &args),
        Command::Sync(args) => sync::run(config, &args),
        Command::Optimize => optimize::run(config),
        Command::Seeds(args) => seeds::run(config, args.json),
        Command::Source(args) => source::run(config, &args),
        Command::Quiz(args) => quiz::run(config, &args),
        Command::Mistakes(args) => mistakes::run(config, &args),
        Command::Test(args) => test::run(config, &args),
        Command::Paper(args) => paper::run(config, &args),
        Command::Stats(args) => stats::run(config, &args),
        Command::New(args) => new::run(config, &args),
        Command::Add(args) => add::run(config, &args),
        Command::Draft(args) => draft::run(config, &args),
        Command::Import(args) => import::run(config, &args),
        Command::Config(args) => config::run(config, &args),
        Command::Exam(args) => exam::run(config, &args),
        Command::Coach(args) => coach::run(config, args.json),
        Command::Completions(args) => completions::completions(args.shell),
        Command::Man => completions::man(),
    }
}

/// Opens the progress store in the data folder, taking the day's backup: the day is the
/// learner's study day, by the `day_starts_at` of the settings file and environment. A
/// settings file that cannot be read gives the default day start here; the command that
/// reads the settings says what is wrong with it. What the store has to say on opening
/// (answers held back and now written, a failed backup) is printed here.
pub fn open_store(config: &Config) -> anyhow::Result<Store> {
    let day_starts_at = settings(config, &Flags::default()).map_or(
        crate::scheduler::Settings::default().day_starts_at_hour,
        |settings| settings.day_starts_at.value,
    );
    let mut store = Store::open_on_day(
        &config.database_path(),
        Some(&config.backup_dir()),
        config.now,
        day_starts_at,
    )?;
    for notice in store.take_notices() {
        crate::output::say_err(&format!("upsc: {notice}"));
    }
    Ok(store)
}

/// The store and the deck index for a draw of `selection` (quiz, test): the index is read
/// with tags only when the selection filters by tag, and a selection naming a deck, kind
/// or source that nothing has is refused. Only the cards then drawn are parsed, from
/// their byte spans in the deck files.
pub fn indexed_selection(
    config: &Config,
    selection: &crate::study::Selection,
) -> anyhow::Result<(Store, crate::deck::index::DeckIndex)> {
    let mut store = open_store(config)?;
    let index = crate::deck::index::DeckIndex::build(
        &config.decks,
        &mut store,
        !selection.filter.tags.is_empty(),
    )?;
    index.warn();
    crate::study::check_selection_in(selection, &index)?;
    Ok((store, index))
}

/// The settings in effect: `config.toml` in the data folder, under the environment,
/// under these flags. A settings file with a problem stops the command with its line.
pub fn settings(config: &Config, flags: &Flags) -> anyhow::Result<EffectiveSettings> {
    EffectiveSettings::load(&config.home, &Environment::from_process(), flags)
}

/// The scheduler: the FSRS parameters saved in the store (fitted by `optimize`), with the
/// behavioural knobs of the settings (retention, steps, maximum interval, day start) over
/// the store's; planning for the exam of the settings file, when it has a date.
pub fn scheduler(settings: &EffectiveSettings, store: &Store) -> anyhow::Result<Scheduler> {
    let scheduler =
        Scheduler::new(settings.scheduler_settings(store.settings()?)).map_err(|e| {
            anyhow::anyhow!("the saved scheduler settings are invalid ({e}); run `upsc doctor`")
        })?;
    Ok(scheduler.planning_for(settings.exam().map(crate::settings::Exam::target)))
}

/// Like [`load_for_study`], but each usable deck is handed to `keep` as soon as it is
/// parsed and only what it returns is kept (in deck order), with the collection's source
/// notes: a command that needs a few facts per deck holds those, not 100,000 parsed cards.
pub fn load_each_for_study<T: Send>(
    config: &Config,
    keep: impl Fn(crate::deck::Deck) -> T + Sync,
) -> (Collection, Vec<T>) {
    let (collection, kept) = {
        let _busy = output::Busy::start("Loading decks…");
        Collection::load_each(&config.decks, |deck, _| keep(deck))
    };
    warn(&collection.problems());
    (collection, kept)
}

/// Loads the configured decks for study: problems in some files are shown as one-line
/// warnings and the usable decks are returned.
pub fn load_for_study(config: &Config) -> Collection {
    let collection = {
        let _busy = output::Busy::start("Loading decks…");
        Collection::load(&config.decks)
    };
    warn(&collection.problems());
    collection
}
