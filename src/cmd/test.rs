//! `upsc test`: a timed mock test with the Commission's marking, its scorecard and a walk
//! through the wrong answers; `upsc test --history` lists past tests and their trend.

mod sheet;

use std::io::IsTerminal;
use std::time::Duration;

use console::Style;
use rand::seq::SliceRandom;

use super::warn;
use crate::cli::TestArgs;
use crate::config::Config;
use crate::deck::Kind;
use crate::error::{Exit, UsageError};
use crate::mock::screen::{Ending, Exam};
use crate::mock::{self, Item, TEST_KINDS};
use crate::output;
use crate::session::Clock;
use crate::store::MockSetup;
use crate::study;
use crate::text::plural;
use crate::ui::{Column, Table};
use crate::ui::{Console, Stop, Styles, TermConsole};

pub fn run(config: &Config, args: &TestArgs) -> anyhow::Result<Exit> {
    if args.history {
        return history(config, args.json);
    }
    if let Some(number) = args.review {
        return review(config, number);
    }
    if args.resume {
        return resume(config);
    }
    if let Some(id) = &args.paper {
        return sheet::run(config, args, id);
    }
    for kind in &args.selection.kinds {
        if !TEST_KINDS.iter().any(|k| k.as_str() == kind) {
            let asked: Vec<&str> = TEST_KINDS.iter().map(|k| k.as_str()).collect();
            return Err(UsageError(format!(
                "a mock test asks only the paper's pick-one kinds ({}); `{kind}` cards can be practised with `upsc quiz --kind {kind}`",
                asked.join(", ")
            ))
            .into());
        }
    }
    if let Some(minutes) = args.minutes
        && !(minutes.is_finite() && minutes > 0.0 && minutes <= 24.0 * 60.0)
    {
        return Err(UsageError(format!(
            "--minutes {minutes} is not a usable time; give a number of minutes between 0 and 1440"
        ))
        .into());
    }
    crate::ui::require_terminal("test", "run `upsc test --history` to see past tests")?;
    let settings = super::settings(config, &Default::default())?;
    let (mut store, index) = super::indexed_selection(config, &args.selection)?;
    let mut chosen = study::matching_in(&index.decks, &args.selection, |kind| {
        Kind::parse(kind).is_some_and(|k| TEST_KINDS.contains(&k))
    });
    if chosen.is_empty() {
        anyhow::bail!(
            "no pick-one question (statements, pairs, rows, assertion, mcq) matches {}; loosen a filter",
            study::describe(&args.selection)
        );
    }
    let mut rng = rand::rng();
    chosen.shuffle(&mut rng);
    chosen.truncate(args.questions as usize);
    let collection = index.load_cards(&study::cards_of(&chosen));
    warn(&collection.problems());
    let items: Vec<Item> = study::picks(&chosen, &index.decks, &collection)
        .into_iter()
        .filter_map(|p| Item::from_pick(p, &mut rng))
        .collect();
    let minutes = args
        .minutes
        .unwrap_or_else(|| mock::default_minutes(args.marking, items.len()));
    let filters = study::describe(&args.selection);

    let colour = crate::ui::colour_wanted(std::io::stdout().is_terminal());
    let bold = Style::new().bold().force_styling(colour);
    if items.len() < args.questions as usize {
        crate::sayln!(
            "Only {} questions match {filters}; the test has {}.",
            items.len(),
            items.len()
        )?;
    }
    crate::sayln!(
        "{}",
        bold.apply_to(format!(
            "Mock test: {} questions on {filters}, {} minutes.",
            items.len(),
            format_minutes(minutes)
        ))
    )?;
    crate::sayln!("{}.", args.marking.describe())?;
    crate::sayln!(
        "No answers are shown until you submit. Keys: a–d answer, 1/2/3 tag sure/50-50/guess, m mark for review, Enter next, p back, l question list, Up/Down scroll a long question, s submit, Ctrl-C stop."
    )?;
    crate::sayln!("The test is submitted by itself when the time is up.")?;
    crate::sayln!()?;
    if let Some((unfinished, _)) = store.unfinished_mock()? {
        crate::sayln!(
            "(Test {} from {} was cut short; `upsc test --resume` continues it.)",
            unfinished.id,
            unfinished.started_at.format("%d %b %Y %H:%M")
        )?;
    }
    if !next_or_quit("Press Enter to start, or Esc to leave.")? {
        return Ok(Exit::Ok);
    }

    let clock = Clock::starting_at(config.now);
    let setup = MockSetup {
        marking: args.marking,
        minutes,
        filters: &filters,
    };
    let scheduler = super::scheduler(&settings, &store)?;
    let test_id = store.start_mock(&setup, &items, clock.now())?;
    let limit = Duration::from_secs_f64(minutes * 60.0);
    sit(
        &mut store,
        &scheduler,
        test_id,
        items,
        args.marking,
        limit,
        &clock,
        colour,
        &super::cutoffs(config)?.0,
    )
}

/// `upsc test --resume`: the newest unfinished test, with the time it had left.
fn resume(config: &Config) -> anyhow::Result<Exit> {
    let settings = super::settings(config, &Default::default())?;
    let mut store = super::open_store(config)?;
    let scheduler = super::scheduler(&settings, &store)?;
    let Some((record, items)) = store.unfinished_mock()? else {
        output::print("There is no unfinished test to resume. Start one with `upsc test`.\n")?;
        return Ok(Exit::Ok);
    };
    crate::ui::require_terminal(
        "test --resume",
        "run `upsc test --history` to see past tests",
    )?;
    let spent: f64 = items.iter().map(|i| i.seconds).sum();
    let left = (record.minutes * 60.0 - spent).max(0.0);
    let colour = crate::ui::colour_wanted(std::io::stdout().is_terminal());
    crate::sayln!(
        "Resuming test {} from {}: {} of {} answered, {} left.",
        record.id,
        record.started_at.format("%d %b %Y %H:%M"),
        items.iter().filter(|i| i.chosen.is_some()).count(),
        items.len(),
        format_duration(left)
    )?;
    if !next_or_quit("Press Enter to go on, or Esc to leave it for later.")? {
        return Ok(Exit::Ok);
    }
    let clock = Clock::starting_at(config.now);
    sit(
        &mut store,
        &scheduler,
        record.id,
        items,
        record.marking,
        Duration::from_secs_f64(left),
        &clock,
        colour,
        &super::cutoffs(config)?.0,
    )
}

/// Runs the exam screen, stores the result, prints the scorecard and walks through the
/// wrong answers. The scheduler moves the answered cards when the test is stored.
#[allow(clippy::too_many_arguments)]
fn sit(
    store: &mut crate::store::Store,
    scheduler: &crate::scheduler::Scheduler,
    test_id: i64,
    items: Vec<Item>,
    marking: crate::marking::Marking,
    limit: Duration,
    clock: &Clock,
    colour: bool,
    cutoffs: &[f64],
) -> anyhow::Result<Exit> {
    let bold = Style::new().bold().force_styling(colour);
    let mut exam = Exam {
        items,
        marking,
        limit,
        store,
        test_id,
        colour,
    };
    // Time already used up (a resumed test with nothing left) submits at once.
    let ending = if limit.is_zero() {
        Ending::TimedOut
    } else {
        exam.run()?
    };
    let items = std::mem::take(&mut exam.items);
    let card = mock::score(&items, marking);
    store.finish_mock(
        test_id,
        mock::MockStatus::from(ending),
        &card,
        &items,
        scheduler,
        clock.now(),
    )?;
    match ending {
        Ending::Abandoned => {
            crate::sayln!(
                "Test abandoned: not scored. Its {} {} kept (`upsc test --history`).",
                plural(card.attempted, "answer"),
                if card.attempted == 1 { "is" } else { "are" }
            )?;
            return Ok(Exit::Ok);
        }
        Ending::TimedOut => crate::sayln!("Time is up: the test was submitted as it stood.")?,
        Ending::Submitted => crate::sayln!("Test submitted.")?,
    }
    output::print(&mock::scorecard::text(
        &card,
        &bold,
        crate::ui::stdout_width(),
    ))?;
    output::print(&super::report::scorecard_line(
        store, cutoffs, &items, &card,
    )?)?;
    let mut console = TermConsole::stdout().map_err(|_| {
        anyhow::anyhow!("cannot take the terminal; run upsc in an interactive terminal")
    })?;
    match mock::walkthrough::walk(&mut console, &items, &Styles::new(colour)) {
        Ok(()) | Err(Stop::Quit) => {}
        Err(Stop::Io(e)) => return Err(anyhow::Error::new(e).context("the terminal failed")),
    }
    Ok(Exit::Ok)
}

fn format_minutes(minutes: f64) -> String {
    if minutes.fract() == 0.0 {
        format!("{minutes:.0}")
    } else {
        format!("{minutes:.1}")
    }
}

fn format_duration(seconds: f64) -> String {
    mock::scorecard::duration(seconds)
}

/// Shows `prompt` and waits for Enter (true) or Esc/q/Ctrl-C (false). The terminal is in
/// raw mode before the prompt appears, so a key pressed as soon as it shows is read as a key.
fn next_or_quit(prompt: &str) -> anyhow::Result<bool> {
    let mut console = TermConsole::stdout().map_err(|_| {
        anyhow::anyhow!("cannot take the terminal; run upsc in an interactive terminal")
    })?;
    let shown = console.line(prompt);
    match shown.and_then(|()| crate::session::wait_enter(&mut console)) {
        Ok(()) => Ok(true),
        Err(Stop::Quit) => Ok(false),
        Err(Stop::Io(e)) => Err(anyhow::Error::new(e).context("the terminal failed")),
    }
}

/// `upsc test --review N`: a past test's scorecard, then its questions: on a terminal
/// gone through as after the test, piped every one of them as text.
fn review(config: &Config, number: i64) -> anyhow::Result<Exit> {
    let store = super::open_store(config)?;
    let Some((record, items)) = store.mock_test(number)? else {
        let last = store.mock_history()?.last().map(|r| r.id);
        return Err(UsageError(match last {
            Some(last) => format!(
                "there is no test {number}; the tests are numbered 1 to {last} (`upsc test --history`)"
            ),
            None => "there are no mock tests yet; take one with `upsc test`".to_string(),
        })
        .into());
    };
    let terminal = std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
    let colour = crate::ui::colour_wanted(std::io::stdout().is_terminal());
    let bold = Style::new().bold().force_styling(colour);
    let width = crate::ui::stdout_width();
    let status = match record.status {
        mock::MockStatus::Running => "unfinished (`upsc test --resume` continues it)",
        mock::MockStatus::Submitted => "submitted",
        mock::MockStatus::TimedOut => "submitted when the time ran out",
        mock::MockStatus::Abandoned => "abandoned, not scored",
    };
    crate::sayln!(
        "{}",
        bold.apply_to(format!(
            "Test {} of {}: {} on {}, {status}.",
            record.id,
            record.started_at.format("%a %-d %b %Y %H:%M"),
            plural(record.questions, "question"),
            record.filters
        ))
    )?;
    let card = mock::score(&items, record.marking);
    output::print(&mock::scorecard::text(&card, &bold, width))?;
    let styles = Styles::new(colour);
    if !terminal {
        output::print(&mock::walkthrough::all_text(
            &items,
            crate::ui::Layout { width },
            &styles,
        ))?;
        return Ok(Exit::Ok);
    }
    let mut console = TermConsole::stdout().map_err(|_| {
        anyhow::anyhow!("cannot take the terminal; run upsc in an interactive terminal")
    })?;
    match mock::walkthrough::walk(&mut console, &items, &styles) {
        Ok(()) | Err(Stop::Quit) => {}
        Err(Stop::Io(e)) => return Err(anyhow::Error::new(e).context("the terminal failed")),
    }
    Ok(Exit::Ok)
}

/// `upsc test --history`.
fn history(config: &Config, json: bool) -> anyhow::Result<Exit> {
    let store = super::open_store(config)?;
    let records = store.mock_history()?;
    let trend = mock::trend(&records);
    if json {
        #[derive(serde::Serialize)]
        struct History<'a> {
            tests: Vec<Row<'a>>,
            trend: &'a mock::Trend,
        }
        #[derive(serde::Serialize)]
        struct Row<'a> {
            #[serde(flatten)]
            record: &'a crate::store::MockRecord,
            percent: Option<f64>,
        }
        let tests = records
            .iter()
            .map(|record| Row {
                record,
                percent: record.percent().map(|p| (p * 10.0).round() / 10.0),
            })
            .collect();
        output::print_json(&History {
            tests,
            trend: &trend,
        })?;
        return Ok(Exit::Ok);
    }
    if records.is_empty() {
        output::print("No mock tests yet. Take one with `upsc test`.\n")?;
        return Ok(Exit::Ok);
    }
    output::print(&history_text(&records, &trend, crate::ui::stdout_width()))?;
    Ok(Exit::Ok)
}

/// The past tests as a table (an abandoned or unfinished test has no score: "—"), and
/// the trend, `width` columns wide (`None`: piped, a line a test).
pub fn history_text(
    records: &[crate::store::MockRecord],
    trend: &mock::Trend,
    width: Option<usize>,
) -> String {
    let mut text = String::from("Mock tests\n");
    let mut table = Table::new(vec![
        Column::right("#"),
        Column::left("date"),
        Column::left("marking").drop(6),
        Column::right("Qs"),
        Column::right("right").drop(3),
        Column::right("wrong").drop(4),
        Column::right("left").drop(5),
        Column::right("net / max").drop(2),
        Column::right("%"),
        Column::left("status").shrink(10),
    ])
    .indent(2);
    for r in records {
        let status = match r.status {
            mock::MockStatus::Running => "unfinished",
            other => other.as_str(),
        };
        let (net, percent) = if r.scored() {
            (
                format!("{} / {}", r.score, r.maximum),
                r.percent()
                    .map_or_else(|| "—".to_string(), |p| format!("{p:.1}")),
            )
        } else {
            ("—".to_string(), "—".to_string())
        };
        table.row([
            r.id.to_string(),
            r.started_at.format("%d %b %Y").to_string(),
            r.marking.as_str().to_string(),
            r.questions.to_string(),
            r.right.to_string(),
            r.wrong.to_string(),
            (r.questions - r.attempted).to_string(),
            net,
            percent,
            status.to_string(),
        ]);
    }
    text.push_str(&table.text(width));
    for line in (crate::ui::Layout { width }).paragraph(
        super::report::trend_text(trend).trim_end(),
        "",
        "  ",
    ) {
        text.push_str(&line);
        text.push('\n');
    }
    if width.is_some() {
        for line in (crate::ui::Layout { width }).paragraph(
            "`upsc test --review N` reopens test N.",
            "",
            "",
        ) {
            text.push_str(&line);
            text.push('\n');
        }
    }
    text
}
