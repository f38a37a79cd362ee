//! `upsc exam`: days left to the exam and the expected exam-day recall (`exam::forecast`);
//! `exam set` and `exam clear` change `[exam]` in config.toml.

use std::collections::HashMap;
use std::fmt::Write as _;

use crate::cli::{ExamArgs, ExamCommand};
use crate::config::Config;
use crate::deck::index::{DeckIndex, IndexedDeck};
use crate::error::{Exit, UsageError};
use crate::exam::{self, CardInput, Figures, Forecast, SeenRecall};
use crate::output;
use crate::scheduler::CardState;
use crate::settings::file::{self, Edit};
use crate::settings::{self, Value, keys};

/// Decks and topics listed in the text view; `--json` has them all.
const SHOWN: usize = 8;

pub fn run(config: &Config, args: &ExamArgs) -> anyhow::Result<Exit> {
    match &args.command {
        Some(ExamCommand::Set { date, name }) => set(config, date, name.as_deref()),
        Some(ExamCommand::Clear) => clear(config),
        None => show(config, args.json),
    }
}

fn key(name: &str) -> anyhow::Result<&'static keys::Key> {
    keys::find(name).ok_or_else(|| {
        anyhow::anyhow!("the setting `{name}` is missing; this is a bug in upsc, please report it")
    })
}

fn set(config: &Config, date: &str, name: Option<&str>) -> anyhow::Result<Exit> {
    let date_key = key("exam.date")?;
    let value = date_key
        .parse_text(date)
        .map_err(|why| UsageError(format!("{why}; nothing was changed")))?;
    let Value::Date(day) = value else {
        return Err(UsageError(format!("`{date}` is not a date; give it as 2027-05-23")).into());
    };
    // Checked like the scheduler counts: the learner's study day, not the calendar's.
    let settings = super::settings(config, &Default::default())?;
    let today = today(config, &settings)?;
    if day <= today {
        return Err(UsageError(format!(
            "{day} is not ahead (today is {today}); give the coming exam's date; nothing was changed"
        ))
        .into());
    }
    let name_value = match name {
        Some(text) => Some(
            key("exam.name")?
                .parse_text(text)
                .map_err(|why| UsageError(format!("{why}; nothing was changed")))?,
        ),
        None => None,
    };
    let path = settings::path(&config.home);
    let mut edited = file::edit(&path, &Edit::Set(date_key, value))?;
    if let Some(name_value) = name_value {
        edited = file::edit(&path, &Edit::Set(key("exam.name")?, name_value))?;
    }
    if !edited.remaining.is_empty() {
        anyhow::bail!(
            "the exam date is saved, but {} still has a problem: {}; fix it, then `upsc exam` shows the plan",
            path.display(),
            edited.remaining.join("; ")
        );
    }
    let days = (day - today).num_days();
    let title = name.map_or_else(
        || format!("the exam on {}", day.format("%-d %B %Y")),
        str::to_string,
    );
    output::print(&format!(
        "Planning for {title}: {days} day{} left. Reviews are now scheduled toward it; `upsc exam` shows the forecast.\n",
        if days == 1 { "" } else { "s" }
    ))?;
    Ok(Exit::Ok)
}

fn clear(config: &Config) -> anyhow::Result<Exit> {
    let path = settings::path(&config.home);
    let date = file::edit(&path, &Edit::Unset(key("exam.date")?))?;
    let name = file::edit(&path, &Edit::Unset(key("exam.name")?))?;
    if date.changed || name.changed {
        output::print(
            "No exam is planned for now: the plain FSRS schedule applies again. Your reviews are kept as they are.\n",
        )?;
    } else {
        output::print("No exam date was set; nothing changed.\n")?;
    }
    Ok(Exit::Ok)
}

fn today(
    config: &Config,
    settings: &settings::EffectiveSettings,
) -> anyhow::Result<chrono::NaiveDate> {
    let store = super::open_store(config)?;
    Ok(super::scheduler(settings, &store)?.study_date(config.now))
}

fn show(config: &Config, json: bool) -> anyhow::Result<Exit> {
    let settings = super::settings(config, &Default::default())?;
    let Some(planned) = settings.exam() else {
        // Still JSON for a script: no exam is `null`.
        if json {
            output::print_json(&serde_json::Value::Null)?;
            return Ok(Exit::Ok);
        }
        output::print(
            "No exam date is set. Plan for one with `upsc exam set 2027-05-23 --name \"Prelims 2027\"`.\n",
        )?;
        return Ok(Exit::Ok);
    };
    let mut store = super::open_store(config)?;
    let index = DeckIndex::build(&config.decks, &mut store, true)?;
    index.warn();
    let scheduler = super::scheduler(&settings, &store)?;
    let stored = states(&store, &index.decks)?;
    let forecast = {
        let _busy = output::Busy::start("Working out exam-day recall…");
        forecast_for(&settings, &scheduler, &index.decks, &stored, config.now)
    };
    let Some((figures, _)) = forecast else {
        return Ok(Exit::Ok);
    };
    if json {
        output::print_json(&figures)?;
    } else {
        output::print(&render(&figures, &planned.title()))?;
    }
    Ok(Exit::Ok)
}

fn pct(value: f64) -> String {
    format!("{:.0}%", 100.0 * value)
}

/// The exam line of `stats`: days left and the cards seen recalled on exam day, as they
/// stand and with the plan.
pub fn summary_line(f: &SeenRecall, title: &str) -> String {
    match f.days_left {
        n if n < 0 => format!("{title} was on {}", f.date.format("%a %d %b %Y")),
        0 => format!("{title} is today"),
        n => format!(
            "{title} in {n} day{}: {} recalled then, {} with the plan",
            if n == 1 { "" } else { "s" },
            pct(f.recall_if_no_more_reviews),
            pct(f.recall_with_plan)
        ),
    }
}

/// Every indexed card's stored state, in the deck index's order (decks, then cards in
/// file order); `None` for a card never answered. Read in one pass over the states out
/// of the New state, placed by deck and card id without a map keyed by whole ids.
pub fn states(
    store: &crate::store::Store,
    decks: &[IndexedDeck],
) -> anyhow::Result<Vec<Option<CardState>>> {
    let mut starts: HashMap<&str, usize> = HashMap::with_capacity(decks.len());
    let mut total = 0usize;
    for deck in decks {
        // The first deck with an id keeps it, as the index does.
        starts.entry(deck.id.as_str()).or_insert(total);
        total += deck.cards().count();
    }
    let by_id: HashMap<&str, &IndexedDeck> = decks.iter().map(|d| (d.id.as_str(), d)).collect();
    // A deck's card positions are looked up only once one of its cards has a state. An
    // id written twice in a deck gets the same state at both places, as a lookup by key
    // gives it: `copies` says where (a copy's place, the first's).
    let mut positions: HashMap<usize, HashMap<&str, usize>> = HashMap::new();
    let mut copies: Vec<(usize, usize)> = Vec::new();
    let mut states: Vec<Option<CardState>> = vec![None; total];
    store.visit_card_states(|deck, card, state| {
        let (Some(&start), Some(indexed)) = (starts.get(deck), by_id.get(deck)) else {
            return;
        };
        let at = positions.entry(start).or_insert_with(|| {
            let mut at = HashMap::with_capacity(indexed.len());
            for (i, id) in indexed.cards().enumerate() {
                let first = *at.entry(id).or_insert(i);
                if first != i {
                    copies.push((start + i, start + first));
                }
            }
            at
        });
        if let Some(slot) = at.get(card).and_then(|&i| states.get_mut(start + i)) {
            *slot = Some(state);
        }
    })?;
    for (copy, first) in copies {
        let state = states.get(first).cloned().flatten();
        if let Some(slot) = states.get_mut(copy) {
            *slot = state;
        }
    }
    Ok(states)
}

/// The exam settings of `settings` as the forecast takes them, and the exam's title;
/// `None` when no exam is planned for.
fn planned(settings: &settings::EffectiveSettings) -> Option<(exam::Exam, String)> {
    let planned = settings.exam()?;
    Some((
        exam::Exam {
            date: planned.date,
            name: planned.name.clone(),
            target_recall: planned.target_recall,
            final_revision_days: planned.final_revision_days,
            new_per_day: settings.new_per_day.value,
            review_limit: settings.reviews_per_day.value,
        },
        planned.title(),
    ))
}

/// The figures of the exam line of `stats` ([`summary_line`]) for the exam of the
/// settings, if one is planned for: only the cards seen are walked.
pub fn seen_recall_for(
    settings: &settings::EffectiveSettings,
    scheduler: &crate::scheduler::Scheduler,
    states: &[Option<CardState>],
    now: chrono::DateTime<chrono::FixedOffset>,
) -> Option<(SeenRecall, String)> {
    let (exam, title) = planned(settings)?;
    let states: Vec<Option<&CardState>> = states.iter().map(Option::as_ref).collect();
    Some((exam::seen_recall(&states, scheduler, &exam, now), title))
}

/// The forecast for the exam of the settings, if one is planned for, over the decks as
/// the deck index knows them (read with tags): no deck is parsed. `states` are the
/// cards' in the index's order ([`states`]).
pub fn forecast_for(
    settings: &settings::EffectiveSettings,
    scheduler: &crate::scheduler::Scheduler,
    decks: &[IndexedDeck],
    states: &[Option<CardState>],
    now: chrono::DateTime<chrono::FixedOffset>,
) -> Option<(Forecast, String)> {
    let (exam, title) = planned(settings)?;
    let mut cards: Vec<CardInput> = Vec::with_capacity(states.len());
    let mut stored = states.iter();
    for deck in decks {
        let mut tags = deck.tags().into_iter().flatten();
        for _ in deck.cards() {
            cards.push(CardInput {
                deck: &deck.id,
                tags: tags.next().map(Iterator::collect).unwrap_or_default(),
                state: stored.next().and_then(Option::as_ref),
            });
        }
    }
    Some((exam::forecast(&cards, scheduler, &exam, now), title))
}

/// The text view.
pub fn render(f: &Forecast, title: &str) -> String {
    let mut text = String::new();
    let when = f.date.format("%a %d %b %Y");
    if f.days_left < 0 {
        let _ = writeln!(
            text,
            "{title} was on {when}, {} ago: the plain FSRS schedule applies again.\nPlan for the next one with `upsc exam set YYYY-MM-DD`.",
            if f.days_left == -1 {
                "1 day".to_string()
            } else {
                format!("{} days", -f.days_left)
            }
        );
        return text;
    }
    let _ = match f.days_left {
        0 => writeln!(text, "{title} is today ({when}). Good luck!"),
        1 => writeln!(text, "{title}: {when}, tomorrow."),
        n => writeln!(text, "{title}: {when}, {n} days left."),
    };
    let _ = writeln!(text);
    let _ = writeln!(
        text,
        "Expected recall on exam day         all cards   cards seen"
    );
    let row = |text: &mut String, label: &str, all: f64, seen: f64| {
        let _ = writeln!(text, "  {label:<32}{:>9}{:>13}", pct(all), pct(seen));
    };
    row(
        &mut text,
        "if nothing more is reviewed",
        f.recall_if_no_more_reviews.all,
        f.recall_if_no_more_reviews.seen,
    );
    row(
        &mut text,
        "if the plan is followed",
        f.recall_with_plan.all,
        f.recall_with_plan.seen,
    );
    let _ = writeln!(text, "  {:<32}{:>22}", "target", pct(f.target_recall));
    let _ = writeln!(text);
    let _ = writeln!(
        text,
        "{} of {} cards seen; {} would be below the target on exam day if left alone.",
        f.seen, f.cards, f.below_target
    );
    let _ = writeln!(
        text,
        "The plan needs about {} review{} a day (your daily limit is {}).",
        f.reviews_per_day,
        if f.reviews_per_day == 1 { "" } else { "s" },
        f.review_limit
    );
    match f.new_cards.stop {
        Some(stop) if stop > f.today => {
            let _ = writeln!(
                text,
                "New cards: {} a day until {}, when the final revision begins\n  (a new card needs {} days to be learnt and revised before the exam).",
                f.new_cards.per_day,
                (stop - chrono::TimeDelta::days(1)).format("%a %d %b"),
                f.new_cards.days_needed
            );
        }
        _ => {
            let _ = writeln!(
                text,
                "New cards: none now; a new card needs {} days to be learnt and revised before the exam.",
                f.new_cards.days_needed
            );
        }
    }
    if f.final_revision_days > 0 && f.days_left > 0 {
        let start = f.date - chrono::TimeDelta::days(i64::from(f.final_revision_days));
        let _ = writeln!(
            text,
            "Final revision from {}: every card seen comes back once, weakest first.",
            start.max(f.today).format("%a %d %b")
        );
    }
    let _ = writeln!(text);
    let header = |text: &mut String, title: &str| {
        let _ = writeln!(
            text,
            "{title:<38}{:>6}{:>6}{:>11}{:>11}",
            "cards", "seen", "left alone", "with plan"
        );
    };
    let line = |text: &mut String, name: &str, g: &Figures| {
        let _ = writeln!(
            text,
            "  {:<36}{:>6}{:>6}{:>11}{:>11}",
            super::mistakes::shorten(name, 35),
            g.cards,
            g.seen,
            pct(g.recall_if_no_more_reviews.all),
            pct(g.recall_with_plan.all)
        );
    };
    header(&mut text, "Decks (recall of all cards)");
    for d in f.decks.iter().take(SHOWN) {
        line(&mut text, &d.id, &d.figures);
    }
    if f.decks.len() > SHOWN {
        let _ = writeln!(
            text,
            "  ({SHOWN} of {} decks; --json lists all)",
            f.decks.len()
        );
    }
    let weakest = f.weakest(SHOWN);
    if !weakest.is_empty() {
        let _ = writeln!(text);
        header(&mut text, "Weakest topics");
        for t in weakest {
            line(&mut text, &t.tag, &t.figures);
        }
    }
    text
}
