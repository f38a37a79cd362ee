//! `upsc today`, and `upsc` alone: the day at a glance — what `review` asks now per deck
//! (the figures of `upsc due`), the new cards left, an estimate of the minutes, the
//! streak, the exam countdown, the last mock test and the mistake book. On a terminal,
//! `upsc` alone then starts the review on Enter; piped, it prints and exits 0.

use std::fmt::Write as _;
use std::io::IsTerminal;

use serde::Serialize;

use crate::config::Config;
use crate::error::Exit;
use crate::output;
use crate::stats::Streak;
use crate::text::Count;

/// Seconds an answer when the log has none yet.
const FIRST_PACE_SECONDS: f64 = 20.0;

#[derive(Serialize)]
struct ExamFigures {
    name: String,
    date: String,
    days_left: i64,
}

#[derive(Serialize)]
struct MockFigures {
    date: String,
    status: String,
    /// The net score as a percentage of the maximum (scored tests only).
    percent: Option<f64>,
    right: usize,
    wrong: usize,
    questions: usize,
}

#[derive(Serialize)]
struct TodayReport {
    /// Per deck with something to ask now, and in total: `upsc due`'s figures.
    #[serde(flatten)]
    due: super::report::DueReport,
    /// Minutes the queue should take at the learner's pace.
    minutes: u64,
    streak: Streak,
    exam: Option<ExamFigures>,
    last_mock: Option<MockFigures>,
    /// Cards in the mistake book.
    mistakes: usize,
}

/// `upsc today`.
pub fn run(config: &Config, json: bool) -> anyhow::Result<Exit> {
    show(config, json, false)?;
    Ok(Exit::Ok)
}

/// `upsc` alone: the day at a glance, then, on a terminal with something due, whether the
/// learner pressed Enter to start today's review (which the dispatcher then runs).
pub fn bare(config: &Config) -> anyhow::Result<bool> {
    show(config, false, true)
}

/// Prints the day at a glance (or its JSON); `bare`, on a terminal with something due,
/// then waits for Enter: true when the learner asked for the review.
fn show(config: &Config, json: bool, bare: bool) -> anyhow::Result<bool> {
    let (day, store, _, settings) = super::plan_today(config)?;
    let scheduler = super::scheduler(&settings, &store)?;
    let now = config.now;
    let offset = *now.offset();
    let (streak, pace) = crate::stats::streak_and_pace(&store, now, settings.day_starts_at.value)?;
    let queued = day.total.new + day.total.learning + day.total.review;
    let minutes = (queued as f64 * pace.unwrap_or(FIRST_PACE_SECONDS) / 60.0).ceil() as u64;
    let exam = settings.exam().map(|exam| ExamFigures {
        name: exam.title(),
        date: exam.date.to_string(),
        days_left: scheduler.days_until(exam.date, now),
    });
    let last_mock = store
        .mock_history()?
        .into_iter()
        .rev()
        .find(|m| m.scored())
        .map(|m| MockFigures {
            date: m.started_at.date_naive().to_string(),
            status: m.status.as_str().to_string(),
            percent: m.percent().map(|p| (p * 10.0).round() / 10.0),
            right: m.right,
            wrong: m.wrong,
            questions: m.questions,
        });
    let mistakes = store.mistakes()?.len();
    let report = TodayReport {
        due: super::report::DueReport::of(&day, now),
        minutes,
        streak,
        exam,
        last_mock,
        mistakes,
    };
    drop(store);
    if json {
        output::print_json(&report)?;
        return Ok(false);
    }
    output::print(&text(&report, &day, offset, crate::ui::stdout_width()))?;
    let terminal = std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
    if !bare || !terminal || queued == 0 {
        return Ok(false);
    }
    output::print("Enter: start today's review · q: not now\n")?;
    let mut console = crate::ui::TermConsole::stdout().map_err(|_| {
        anyhow::anyhow!("cannot take the terminal; run upsc in an interactive terminal")
    })?;
    Ok(crate::session::wait_enter(&mut console).is_ok())
    // The console gives the terminal back here, before the review takes it.
}

fn text(
    report: &TodayReport,
    day: &crate::day::DayPlan,
    offset: chrono::FixedOffset,
    width: Option<usize>,
) -> String {
    // Laid out for the terminal: sentences wrap, a long deck name goes on a line of its
    // own above its figures; piped, a line each.
    let layout = crate::ui::Layout { width };
    let mut text = String::new();
    let say = |text: &mut String, line: &str| {
        for l in layout.paragraph(line, "", "  ") {
            let _ = writeln!(text, "{l}");
        }
    };
    let t = &report.due.total;
    let queued = t.new + t.learning + t.review;
    if queued == 0 {
        say(&mut text, "Nothing to review now.");
    } else {
        say(
            &mut text,
            &format!(
                "Due now: {} ({} new · {} learning · {} review), about {}.",
                Count::new(queued, "card", "cards"),
                t.new,
                t.learning,
                t.review,
                Count::new(
                    usize::try_from(report.minutes).unwrap_or(0),
                    "minute",
                    "minutes"
                )
            ),
        );
        let rows = report
            .due
            .decks
            .iter()
            .filter(|(_, c)| c.new + c.learning + c.review > 0)
            .map(|(deck, c)| (deck.as_str(), c));
        let table = super::report::counts_table(rows, 2);
        text.push_str(&table.text(width));
    }
    let limits = report.due.limits;
    say(
        &mut text,
        &format!(
            "New cards left today: {} of {}.",
            limits.new_left, limits.new_per_day
        ),
    );
    if let Some(later) = day.later(offset) {
        let mut later = later;
        if let Some(first) = later.get_mut(..1) {
            first.make_ascii_uppercase();
        }
        say(&mut text, &format!("{later}."));
    }
    if let Some(said) = day.limit_said() {
        say(&mut text, &said);
    }
    let s = &report.streak;
    say(
        &mut text,
        &format!(
            "Streak: {} (longest {}).",
            Count::new(s.current, "day", "days"),
            s.longest
        ),
    );
    if let Some(exam) = &report.exam {
        let when = match exam.days_left {
            n if n > 1 => format!("in {n} days ({})", exam.date),
            1 => format!("tomorrow ({})", exam.date),
            0 => "today".to_string(),
            _ => format!("was on {}", exam.date),
        };
        say(
            &mut text,
            &format!("Exam: {} {when}.", crate::ui::safe(&exam.name)),
        );
    }
    let mock = match &report.last_mock {
        Some(m) => {
            let score = m
                .percent
                .map_or_else(String::new, |p| format!(", net score {p:.1}%"));
            format!(
                "Last mock test: {}, {} right and {} wrong of {}{score}.",
                m.date, m.right, m.wrong, m.questions
            )
        }
        None => "Last mock test: none yet (`upsc test`).".to_string(),
    };
    say(&mut text, &mock);
    if report.mistakes > 0 {
        say(
            &mut text,
            &format!(
                "Mistakes waiting: {} (`upsc quiz --mistakes`).",
                report.mistakes
            ),
        );
    } else {
        say(&mut text, "Mistakes waiting: none.");
    }
    text
}
