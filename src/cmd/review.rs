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
    index.warn();
    study::check_filter(&args.filter, &index)?;
    let scheduler = super::scheduler(&settings, &store)?;
    let now = config.now;
    let bounds = Bounds::new(&scheduler, now);
    let schedule = Schedule::read(&index.decks, &mut store, bounds)?;
    let day_start = scheduler.day_start(now);
    let introduced = store.new_cards_between(day_start, scheduler.next_day_start(now))?;
    let mut new_limit = settings.new_per_day.value.saturating_sub(introduced);
    // The review limit is a day's: sessions earlier today used part of it.
    let reviewed = store.cards_reviewed_between(day_start, scheduler.next_day_start(now))?;
    let review_limit = settings.reviews_per_day.value.saturating_sub(reviewed);
    // Planning for the exam: what changes today, said in the intro.
    let mut notes: Vec<String> = Vec::new();
    let mut final_window = None;
    if let Some(exam) = settings.exam() {
        let left = scheduler.days_until(exam.date, now);
        let title = exam.title();
        if left < 0 {
            // Said once per exam: the note records which exam it was said for.
            let date = exam.date.to_string();
            if store.note(PASSED_NOTE)?.as_deref() != Some(date.as_str()) {
                notes.push(format!(
                    "{title} was on {}: the plain FSRS schedule applies again (`upsc exam set` plans for the next one).",
                    exam.date.format("%-d %B %Y")
                ));
                store.set_note(PASSED_NOTE, &date)?;
            }
        } else if left > 0 {
            let needed = scheduler.new_card_days(exam.final_revision_days);
            if left <= i64::from(needed) && new_limit > 0 {
                new_limit = 0;
                notes.push(format!(
                    "No new cards: {left} day{} to {title}, within the final revision; a new card needs {needed} days to be learnt and revised before it.",
                    if left == 1 { "" } else { "s" }
                ));
            }
            let window = i64::from(exam.final_revision_days);
            if window > 0 && left <= window {
                let today = scheduler.day_start(now);
                final_window = Some((
                    today + chrono::TimeDelta::days(left - window),
                    today + chrono::TimeDelta::days(left),
                    exam.date,
                    left,
                    title,
                ));
            }
        }
    }
    let mut planned = study::plan(
        &index.decks,
        &schedule,
        &args.filter,
        bounds,
        new_limit,
        review_limit,
    );
    if let Some((window_start, exam_start, date, left, title)) = final_window {
        // Every card seen whose next review would come after the exam comes back once in
        // the window, weakest first, spread evenly over the days left, within the limit.
        let cards = store.cards()?;
        let waiting = study::final_revision(
            &index.decks,
            &args.filter,
            bounds,
            &cards,
            window_start,
            exam_start,
            |state| scheduler.recall_on(state, date, now),
            usize::MAX,
        );
        let days = usize::try_from(left).unwrap_or(1).max(1);
        let room = review_limit.saturating_sub(planned.len());
        let today = waiting.len().div_ceil(days).min(room);
        if !waiting.is_empty() {
            notes.push(format!(
                "Final revision for {title}: {} card{} seen come{} back before it, weakest first; {today} today.",
                waiting.len(),
                if waiting.len() == 1 { "" } else { "s" },
                if waiting.len() == 1 { "s" } else { "" },
            ));
        }
        planned.extend(waiting.into_iter().take(today));
    }
    for note in &notes {
        crate::sayln!("{note}")?;
    }
    // Only the queued cards are parsed, from their byte spans in the deck files.
    let collection = index.load_cards(&study::cards_of(&planned));
    warn(&collection.problems());
    let queue = study::picks(&planned, &index.decks, &collection);
    if queue.is_empty() {
        crate::sayln!(
            "Nothing is due now. Come back tomorrow, or try `upsc due` to see what is coming."
        )?;
        return Ok(Exit::Ok);
    }
    crate::sayln!(
        "{} card{} today. Answer with a letter (or the arrow keys and Enter), or type; Esc or Ctrl-C stops, and every answer is already saved.",
        queue.len(),
        if queue.len() == 1 { "" } else { "s" }
    )?;
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
    print_summary(&tally, later_today, due_tomorrow)?;
    Ok(Exit::Ok)
}
