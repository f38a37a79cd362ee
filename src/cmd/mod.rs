//! One module per command; [`run`] resolves the configuration and dispatches. What the
//! handlers share is here (opening the store, the settings, the scheduler, the deck
//! warnings, the day's plan, the coach's cutoffs, a source note from flags) and, for what
//! several of them print the same way, in [`report`]; a handler never calls another
//! command's module (`tests/layers.rs`).

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
pub mod mistakes;
pub mod new;
pub mod optimize;
pub mod paper;
pub mod quiz;
pub mod recover;
pub mod report;
pub mod review;
pub mod seeds;
pub mod source;
pub mod stats;
pub mod sync;
pub mod test;
pub mod today;
pub mod undo;

use crate::cli::{Cli, Command};
use crate::config::Config;
use crate::deck::load::Collection;
use crate::error::Exit;
use crate::output;
use crate::scheduler::Scheduler;
use crate::settings::{EffectiveSettings, Environment, Flags};
use crate::store::Store;
use crate::ui::prompt::Prompter as _;

/// Runs the parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<Exit> {
    // These describe the command line only: no data folder or deck is needed.
    match &cli.command {
        Some(Command::Completions(args)) => return completions::completions(args.shell),
        Some(Command::Man) => return completions::man(),
        _ => {}
    }
    let mut config = Config::resolve(&cli.decks)?;
    // The settings file's paper style, for decks that do not say: it travels with the
    // decks to every load (`deck::load::Decks`), never in process state. A broken file is
    // reported by the commands that read their settings; here it only gives the default.
    config.decks.style = settings(&config, &Flags::default())
        .map_or_else(|_| Default::default(), |settings| settings.style.value);
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
        // `upsc` alone: the day at a glance, then today's review if Enter asks for it.
        return if today::bare(config)? {
            let args = crate::cli::ReviewArgs {
                filter: Default::default(),
                new: None,
                limit: None,
                self_grade: false,
            };
            review::run(config, &args)
        } else {
            Ok(Exit::Ok)
        };
    };
    match command {
        Command::Check(args) => check::run(config, &args),
        Command::Decks(args) => decks::run(config, args.json),
        Command::Review(args) => review::run(config, &args),
        Command::Due(args) => due::run(config, args.json),
        Command::Today(args) => today::run(config, args.json),
        Command::Cards(args) => cards::run(config, &args),
        Command::Undo => undo::run(config),
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
    // A write kept waiting by another upsc says so after a second, rather than seeming
    // to hang (the store tells; printing is the command's).
    store.on_wait(Box::new(|wait| {
        crate::output::say_err(&format!(
            "upsc: waiting for another upsc to finish writing… (up to {} s)",
            wait.as_secs()
        ));
    }));
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
    warn(&index.problems);
    crate::study::check_selection_in(selection, &index)?;
    Ok((store, index))
}

/// Prints one-line deck problems as warnings on standard error, then how many files they
/// concern ([`crate::deck::index::warnings`]), as sessions do before they start.
pub fn warn(problems: &[String]) {
    for line in crate::deck::index::warnings(problems) {
        output::say_err(&line);
    }
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

/// Loads the configured decks for study, problems in some files shown as one-line
/// warnings; each usable deck is handed to `keep` as soon as it is parsed and only what it
/// returns is kept (in deck order), with the collection's source notes: a command that needs a few facts per deck holds those, not 100,000 parsed cards.
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

/// The day's plan over every deck, as `review` with no filter would have it (`due`,
/// `today` and `upsc` alone).
pub fn plan_today(
    config: &Config,
) -> anyhow::Result<(
    crate::day::DayPlan,
    crate::store::Store,
    crate::deck::index::DeckIndex,
    crate::settings::EffectiveSettings,
)> {
    let settings = settings(config, &Default::default())?;
    let mut store = open_store(config)?;
    let index = crate::deck::index::DeckIndex::build(&config.decks, &mut store, false)?;
    warn(&index.problems);
    let scheduler = scheduler(&settings, &store)?;
    let day = crate::day::plan(
        &index.decks,
        &mut store,
        &scheduler,
        &settings,
        &crate::study::Filter::default(),
        config.now,
    )?;
    Ok((day, store, index, settings))
}

/// The cutoffs the coach plans for (`exam_cutoff` in the settings, else the default), and
/// where they came from, for the text and `--json` (`settings` or `default`): `coach`
/// and `test`'s scorecard use them.
pub fn cutoffs(config: &Config) -> anyhow::Result<(Vec<f64>, &'static str)> {
    let settings = settings(config, &Default::default())?;
    Ok(match settings.exam_cutoff {
        Some(set) => (set.value, "settings"),
        None => (crate::coach::DEFAULT_CUTOFFS.to_vec(), "default"),
    })
}

/// The source note the flags of `source new` describe (`draft` builds them too), with
/// missing required fields asked for on a terminal.
pub fn complete_source_note(
    args: &crate::cli::SourceNewArgs,
    terminal: bool,
) -> anyhow::Result<crate::seeds::Seed> {
    // The prompts, only if some required field is missing and there is a terminal.
    let mut prompter = None;
    let mut ask = |what: &str, flag: &str| -> anyhow::Result<String> {
        if !terminal {
            return Err(crate::error::UsageError(format!(
                "the source note needs {what}; give it with `--{flag} …`"
            ))
            .into());
        }
        let prompter = prompter.get_or_insert_with(crate::ui::prompt::Terminal::new);
        prompter
            .text(what, "", false, &|v: &str| {
                if v.trim().is_empty() {
                    Err("this cannot be empty".to_string())
                } else {
                    Ok(())
                }
            })
            .map_err(|_| anyhow::anyhow!("no {what} was given; give it with `--{flag} …`"))
    };
    let title = match &args.title {
        Some(t) => t.clone(),
        None => ask("a title", "title")?,
    };
    let outlet = match &args.outlet {
        Some(o) => o.clone(),
        None => ask("an outlet (newspaper, website, publisher)", "outlet")?,
    };
    let kind = match &args.kind {
        Some(k) => k.clone(),
        None if terminal && args.title.is_none() => {
            let items: Vec<String> = crate::seeds::KINDS
                .iter()
                .map(ToString::to_string)
                .collect();
            let chosen = crate::ui::prompt::Terminal::new()
                .select("What kind of source is it?", &items, 0)
                .map_err(|_| anyhow::anyhow!("no kind was chosen; give it with `--kind …`"))?;
            crate::seeds::KINDS
                .get(chosen)
                .copied()
                .unwrap_or("news-report")
                .to_string()
        }
        None => "news-report".to_string(),
    };
    let seed = crate::seeds::Seed {
        id: args.id.clone(),
        title: title.trim().to_string(),
        outlet: Some(outlet.trim().to_string()),
        author: args.author.clone(),
        date: args.date.clone(),
        kind,
        file: None,
        url: args.url.clone(),
        summary: args.summary.clone().unwrap_or_default(),
        origin: String::new(),
    };
    crate::seeds::validate_note(&seed)?;
    Ok(seed)
}
