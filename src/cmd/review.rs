//! `upsc review`: the daily revision session.

use std::io::IsTerminal;

use crate::cli::ReviewArgs;
use crate::config::Config;
use crate::deck::index::{DeckIndex, warn};
use crate::error::Exit;
use crate::session::{Clock, Mode, Session, print_summary};
use crate::settings::Flags;
use crate::study::{self, Bounds, Schedule};
use crate::ui::TermConsole;

pub fn run(config: &Config, args: &ReviewArgs) -> anyhow::Result<Exit> {
    crate::ui::require_terminal(
        "review",
        "run `upsc due` to see what is due, or `upsc cards --json` for the schedule",
    )?;
    // The limits: `--new` and `--limit`, else the environment, the settings file, the
    // defaults.
    let settings = super::settings(
        config,
        &Flags {
            new_per_day: args.new,
            reviews_per_day: args.limit,
        },
    )?;
    // The queue is planned from the deck index and the stored states; only the files
    // holding queued cards are parsed. `--deck` filters on the index's deck ids, `--tag` on
    // the card tags the index keeps, which are read from the store only when asked for.
    let mut store = super::open_store(config)?;
    let index = DeckIndex::build(&config.decks, &mut store, !args.filter.tags.is_empty())?;
    index.warn();
    study::check_filter(&args.filter, &index)?;
    let scheduler = super::scheduler(&settings, &store)?;
    let now = config.now;
    let schedule = Schedule::read(&index.decks, &store)?;
    let day_start = scheduler.day_start(now);
    let introduced = store.new_cards_between(day_start, scheduler.next_day_start(now))?;
    let new_limit = settings.new_per_day.value.saturating_sub(introduced);
    let planned = study::plan(
        &index.decks,
        &schedule,
        &args.filter,
        Bounds::new(&scheduler, now),
        new_limit,
        settings.reviews_per_day.value,
    );
    let collection = index.load(&study::decks_of(&planned));
    warn(&collection.problems());
    let queue = study::picks(&planned, &index.decks, &collection);
    if queue.is_empty() {
        crate::sayln!(
            "Nothing is due now. Come back tomorrow, or try `upsc due` to see what is coming."
        )?;
        return Ok(Exit::Ok);
    }
    crate::sayln!(
        "{} cards today. Answer with a letter (or the arrow keys and Enter), or type; Esc or Ctrl-C stops, and every answer is already saved.",
        queue.len()
    )?;
    let mut session = Session {
        store: &mut store,
        scheduler: &scheduler,
        collection: &collection,
        clock: Clock::starting_at(now),
        colour: crate::ui::colour_wanted(std::io::stdout().is_terminal()),
        mode: Mode::Review,
    };
    let tally = {
        let mut console = TermConsole::stdout().map_err(|_| {
            anyhow::anyhow!("cannot take the terminal; run upsc in an interactive terminal")
        })?;
        session.run(&mut console, queue)?
        // The console gives the terminal back here, before the summary is printed.
    };
    let end = session.clock.now();
    // Cards in learning steps due again later today are today's, not tomorrow's.
    let tomorrow = scheduler.next_day_start(end);
    let later_today = store.due_before(tomorrow)?;
    let due_tomorrow = store
        .due_before(tomorrow + chrono::TimeDelta::days(1))?
        .saturating_sub(later_today);
    print_summary(&tally, later_today, due_tomorrow)?;
    Ok(Exit::Ok)
}
