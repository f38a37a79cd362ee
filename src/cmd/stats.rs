//! `upsc stats`: progress at a glance, drawn for an 80-column terminal, or as JSON.

use std::fmt::Write as _;
use std::io::IsTerminal;

use chrono::Datelike;
use console::Style;

use crate::cli::StatsArgs;
use crate::config::Config;
use crate::deck::index::DeckIndex;
use crate::error::Exit;
use crate::output;
use crate::stats::{self, DayCount, Group, Inputs, Stats};

/// Tags listed in the text view; `--json` has them all.
const TAGS_SHOWN: usize = 12;

pub fn run(config: &Config, args: &StatsArgs) -> anyhow::Result<Exit> {
    let settings = super::settings(config, &Default::default())?;
    // Decks come from the deck index (card ids and tags), the figures from the store's
    // aggregate tables: nothing is parsed and the log is not read whole.
    let mut store = super::open_store(config)?;
    let index = DeckIndex::build(&config.decks, &mut store, true)?;
    index.warn();
    let scheduler = super::scheduler(&settings, &store)?;
    let tests = crate::mock::trend(&store.mock_history()?);
    // The exam line (the text view only, so that the JSON stays as it was: `upsc exam
    // --json` has the figures) walks the cards seen, on other threads while the figures
    // are read from the store on this one: the walk needs only the states.
    let states = match settings.exam() {
        Some(_) if !args.json => Some(super::exam::states(&store, &index.decks)?),
        _ => None,
    };
    let (figures, forecast) = std::thread::scope(|scope| {
        let walk = states.as_ref().map(|states| {
            scope.spawn(|| super::exam::seen_recall_for(&settings, &scheduler, states, config.now))
        });
        let figures = {
            let _busy = output::Busy::start("Reading your review history…");
            stats::compute(Inputs {
                store: &store,
                decks: &index.decks,
                tests,
                now: config.now,
                day_start_hour: scheduler.settings().day_starts_at_hour,
                days: args.days,
            })
        };
        let forecast = match walk {
            Some(walk) => walk.join().map_err(|_| {
                anyhow::anyhow!("the exam forecast stopped; run `upsc exam` to see why")
            })?,
            None => None,
        };
        anyhow::Ok((figures?, forecast))
    })?;
    if args.json {
        output::print_json(&figures)?;
    } else {
        let colour = crate::ui::colour_wanted(std::io::stdout().is_terminal());
        let mut text = render(&figures, scheduler.settings().day_starts_at_hour, colour);
        // The exam line goes under the retention line.
        if let Some((exam, title)) = forecast {
            let line = format!(
                "  Exam       {}\n",
                super::exam::summary_line(&exam, &title)
            );
            let at = text
                .find("  Retention")
                .and_then(|i| text[i..].find('\n').map(|j| i + j + 1))
                .unwrap_or(text.len());
            text.insert_str(at, &line);
        }
        output::print(&text)?;
    }
    Ok(Exit::Ok)
}

fn percent(value: Option<f64>) -> String {
    value.map_or_else(|| "—".to_string(), |v| format!("{v:.0}%"))
}

/// The text view.
pub fn render(s: &Stats, day_start_hour: u32, colour: bool) -> String {
    let bold = Style::new().bold().force_styling(colour);
    let dim = Style::new().dim().force_styling(colour);
    let mut text = String::new();
    let _ = writeln!(
        text,
        "{}",
        bold.apply_to(format!(
            "Progress on {} (study days start at {day_start_hour:02}:00)",
            s.date.format("%a %d %b %Y")
        ))
    );
    let _ = writeln!(text);
    let _ = writeln!(
        text,
        "  Today      {} answer{}, {} right ({}), {:.1} minutes",
        s.today.answers,
        if s.today.answers == 1 { "" } else { "s" },
        s.today.correct,
        percent(
            (s.today.answers > 0).then(|| 100.0 * s.today.correct as f64 / s.today.answers as f64)
        ),
        s.today.minutes
    );
    let _ = writeln!(
        text,
        "  Streak     {} day{} (longest {})",
        s.streak.current,
        if s.streak.current == 1 { "" } else { "s" },
        s.streak.longest
    );
    let _ = writeln!(
        text,
        "  Retention  {} of {} due review{} recalled in the last {} days",
        percent(s.retention.rate),
        s.retention.reviews,
        if s.retention.reviews == 1 { "" } else { "s" },
        s.days
    );

    let _ = writeln!(text);
    group_table(&mut text, "Decks", &s.decks, &bold);
    if !s.tags.is_empty() {
        let _ = writeln!(text);
        let shown = &s.tags[..s.tags.len().min(TAGS_SHOWN)];
        group_table(&mut text, "Topics", shown, &bold);
        if s.tags.len() > TAGS_SHOWN {
            let _ = writeln!(
                text,
                "{}",
                dim.apply_to(format!(
                    "  ({TAGS_SHOWN} of {} topic tags, the largest; --json lists all)",
                    s.tags.len()
                ))
            );
        }
    }

    let _ = writeln!(
        text,
        "{}",
        dim.apply_to(format!(
            "  Seen: ever answered. Mature: next review 21 days or more after the last.\n  Answers and accuracy: the last {} days.",
            s.days
        ))
    );
    let _ = writeln!(text);
    forecast(&mut text, &s.forecast, &bold);
    let _ = writeln!(text);
    heatmap(&mut text, &s.activity, &bold, colour);
    let _ = writeln!(text);
    let _ = writeln!(text, "{}", bold.apply_to("Mock tests"));
    if s.tests.scored == 0 {
        let _ = writeln!(text, "  None scored yet; take one with `upsc test`.");
    } else {
        let _ = write!(text, "  {} scored. ", s.tests.scored);
        text.push_str(&super::test::trend_text(&s.tests));
    }
    text
}

fn group_table(text: &mut String, title: &str, groups: &[Group], bold: &Style) {
    let _ = writeln!(
        text,
        "{}",
        bold.apply_to(format!(
            "{title:<36}{:>6}{:>6}{:>8}{:>9}{:>10}",
            "cards", "seen", "mature", "answers", "accuracy"
        ))
    );
    for g in groups {
        let _ = writeln!(
            text,
            "  {:<34}{:>6}{:>6}{:>8}{:>9}{:>10}",
            super::mistakes::shorten(&g.name, 33),
            g.cards,
            g.seen,
            g.mature,
            g.answers,
            percent(g.accuracy)
        );
    }
}

fn forecast(text: &mut String, days: &[DayCount], bold: &Style) {
    let total: usize = days.iter().map(|d| d.count).sum();
    let _ = writeln!(
        text,
        "{}",
        bold.apply_to(format!("Due in the next {} days: {total}", days.len()))
    );
    let most = days.iter().map(|d| d.count).max().unwrap_or(0).max(1);
    for (i, day) in days.iter().enumerate() {
        let width = (day.count * 50).div_ceil(most);
        let label = if i == 0 {
            "today".to_string()
        } else {
            day.date.format("%a %d %b").to_string()
        };
        let bar = format!("  {label:<10} {:>5} {}", day.count, "■".repeat(width));
        let _ = writeln!(text, "{}", bar.trim_end());
    }
}

/// Characters for no activity and four levels of it.
const LEVELS: [char; 5] = ['·', '░', '▒', '▓', '█'];

fn level(count: usize, most: usize) -> usize {
    if count == 0 {
        0
    } else {
        (count * 4).div_ceil(most.max(1)).clamp(1, 4)
    }
}

fn heatmap(text: &mut String, days: &[DayCount], bold: &Style, colour: bool) {
    let shades = [
        Style::new().color256(240),
        Style::new().color256(22),
        Style::new().color256(28),
        Style::new().color256(34),
        Style::new().color256(46),
    ]
    .map(|s| s.force_styling(colour));
    let weeks = days.len().div_ceil(7);
    let total: usize = days.iter().map(|d| d.count).sum();
    let active = days.iter().filter(|d| d.count > 0).count();
    let _ = writeln!(
        text,
        "{}",
        bold.apply_to(format!(
            "Activity, last {weeks} weeks: {total} answers on {active} days"
        ))
    );
    let most = days.iter().map(|d| d.count).max().unwrap_or(0);
    // Month names above the week in which each month begins.
    let mut months = String::from("      ");
    for week in 0..weeks {
        let Some(first) = days.get(week * 7) else {
            break;
        };
        let starts_month = first.date.day() <= 7 || week == 0;
        let column = 6 + week * 2;
        // A name needs a space after the one before it.
        if starts_month && (week == 0 || months.chars().count() < column) {
            while months.chars().count() < column {
                months.push(' ');
            }
            months.push_str(&first.date.format("%b").to_string());
        }
    }
    let _ = writeln!(text, "{}", months.trim_end());
    for weekday in 0..7 {
        let name = ["Mon", "", "Wed", "", "Fri", "", "Sun"][weekday];
        let mut line = format!("  {name:<4}");
        for week in 0..weeks {
            match days.get(week * 7 + weekday) {
                Some(day) => {
                    let l = level(day.count, most);
                    let _ = write!(line, "{} ", shades[l].apply_to(LEVELS[l]));
                }
                None => line.push_str("  "),
            }
        }
        let _ = writeln!(text, "{}", line.trim_end());
    }
    let _ = writeln!(
        text,
        "  {} none  {} to {} more answers; the busiest day had {most}",
        LEVELS[0], LEVELS[1], LEVELS[4]
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heatmap_levels_scale_to_the_busiest_day() {
        assert_eq!(level(0, 40), 0);
        assert_eq!(level(1, 40), 1);
        assert_eq!(level(10, 40), 1);
        assert_eq!(level(11, 40), 2);
        assert_eq!(level(40, 40), 4);
    }
}
