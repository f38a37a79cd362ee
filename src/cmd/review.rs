//! `upsc review`: the daily revision session.

use std::io::IsTerminal;

use super::warn;
use crate::cli::ReviewArgs;
use crate::config::Config;
use crate::deck::index::DeckIndex;
use crate::error::Exit;
use crate::session::{Clock, Mode, Session};
use crate::settings::Flags;
use crate::study;
use crate::ui::TermConsole;

/// The store note naming the exam whose passing `review` has said.
const PASSED_NOTE: &str = "exam_passed_said";

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
            self_grade: args.self_grade.then_some(true),
        },
    )?;
    // The queue is planned from the deck index and the stored states; only the files
    // holding queued cards are parsed. `--deck` filters on the index's deck ids, `--tag` on
    // the card tags the index keeps, which are read from the store only when asked for.
    let mut store = super::open_store(config)?;
    let index = DeckIndex::build(&config.decks, &mut store, !args.filter.tags.is_empty())?;
    super::warn(&index.problems);
    study::check_filter(&args.filter, &index)?;
    let scheduler = super::scheduler(&settings, &store)?;
    let now = config.now;
    let day = crate::day::plan(
        &index.decks,
        &mut store,
        &scheduler,
        &settings,
        &args.filter,
        now,
    )?;
    // The exam's policy for the day is the plan's; what is left here is saying it. That
    // the exam has passed is said once per exam: the note records which exam it was said
    // for.
    if let Some(exam) = &day.exam
        && let Some(said) = exam.passed_said()
    {
        let date = exam.date.to_string();
        if store.note(PASSED_NOTE)?.as_deref() != Some(date.as_str()) {
            crate::sayln!("{said}")?;
            store.set_note(PASSED_NOTE, &date)?;
        }
    }
    for note in &day.notes {
        crate::sayln!("{note}")?;
    }
    // Only the queued cards are parsed, from their byte spans in the deck files.
    let collection = index.load_cards(&study::cards_of(&day.slots));
    warn(&collection.problems());
    let queue = study::picks(&day.slots, &index.decks, &collection);
    if queue.is_empty() {
        if let Some(said) = day.limit_said() {
            crate::sayln!("{said}")?;
        } else {
            match day.later(*now.offset()) {
                Some(later) => crate::sayln!(
                    "Nothing is due now; {later}. Come back then, or see `upsc due`."
                )?,
                None => crate::sayln!(
                    "Nothing is due now. Come back tomorrow, or try `upsc due` to see what is coming."
                )?,
            }
        }
        return Ok(Exit::Ok);
    }
    let counts = day.total;
    crate::sayln!(
        "{} today: {} new · {} learning · {} review{}. Answer with a letter, or type; u takes back an answer; q or Esc stops. Each answer is saved as you give it.",
        crate::text::Count::new(queue.len(), "card", "cards"),
        counts.new,
        counts.learning,
        counts.review,
        if day.learn_ahead {
            " (learning steps due within 20 minutes, shown early)"
        } else {
            ""
        }
    )?;
    if let Some(said) = day.limit_said() {
        crate::sayln!("{said}")?;
    }
    let mut session = Session {
        store: &mut store,
        scheduler: &scheduler,
        collection: &collection,
        clock: Clock::starting_at(now),
        colour: crate::ui::colour_wanted(std::io::stdout().is_terminal()),
        mode: Mode::Review,
        self_grade: settings.self_grade.value,
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
    for line in crate::session::summary(&tally, later_today, due_tomorrow) {
        if line.is_empty() {
            crate::outln!()?;
        } else {
            crate::sayln!("{line}")?;
        }
    }
    Ok(Exit::Ok)
}
