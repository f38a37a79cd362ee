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
use crate::text::plural;
use crate::ui::{Column, Layout, Table};

/// Tags listed in the text view; `--json` has them all.
const TAGS_SHOWN: usize = 12;

pub fn run(config: &Config, args: &StatsArgs) -> anyhow::Result<Exit> {
    let settings = super::settings(config, &Default::default())?;
    // Decks come from the deck index (card ids and tags), the figures from the store's
    // aggregate tables: nothing is parsed and the log is not read whole.
    let mut store = super::open_store(config)?;
    let index = DeckIndex::build(&config.decks, &mut store, true)?;
    super::warn(&index.problems);
    let scheduler = super::scheduler(&settings, &store)?;
    let tests = crate::mock::trend(&store.mock_history()?);
    // The exam line (the text view only, so that the JSON stays as it was: `upsc exam
    // --json` has the figures) walks the cards seen, on other threads while the figures
    // are read from the store on this one: the walk needs only the states.
    let states = match settings.exam() {
        Some(_) if !args.json => Some(crate::exam::card_states(&store, &index.decks)?),
        _ => None,
    };
    let (figures, forecast) = std::thread::scope(|scope| {
        let walk = states.as_ref().map(|states| {
            scope.spawn(|| crate::exam::seen_recall_for(&settings, &scheduler, states, config.now))
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
        let exam = forecast.map(|(exam, title)| super::report::exam_line(&exam, &title));
        let text = render(
            &figures,
            scheduler.settings().day_starts_at_hour,
            colour,
            exam.as_deref(),
            crate::ui::stdout_width(),
        );
        crate::ui::pager::page(&text)?;
    }
    Ok(Exit::Ok)
}

fn percent(value: Option<f64>) -> String {
    value.map_or_else(|| "—".to_string(), |v| format!("{v:.0}%"))
}

/// The text view, laid out for a terminal `width` columns wide (`None`: piped, one line
/// per record). `exam` is the exam line's text, shown under the retention line.
pub fn render(
    s: &Stats,
    day_start_hour: u32,
    colour: bool,
    exam: Option<&str>,
    width: Option<usize>,
) -> String {
    let bold = Style::new().bold().force_styling(colour);
    let dim = Style::new().dim().force_styling(colour);
    let layout = Layout { width };
    let mut text = String::new();
    let para = |text: &mut String, line: &str, first: &str, rest: &str, style: &Style| {
        for l in layout.paragraph(line, first, rest) {
            let _ = writeln!(text, "{}", style.apply_to(l));
        }
    };
    let plain = Style::new();
    para(
        &mut text,
        &format!(
            "Progress on {} (study days start at {day_start_hour:02}:00)",
            s.date.format("%a %d %b %Y")
        ),
        "",
        "",
        &bold,
    );
    let _ = writeln!(text);
    const HANG: &str = "             ";
    para(
        &mut text,
        &format!(
            "{}, {} right ({}), {:.1} minutes",
            plural(s.today.answers, "answer"),
            s.today.correct,
            percent(
                (s.today.answers > 0)
                    .then(|| 100.0 * s.today.correct as f64 / s.today.answers as f64)
            ),
            s.today.minutes
        ),
        "  Today      ",
        HANG,
        &plain,
    );
    para(
        &mut text,
        &format!(
            "{} (longest {})",
            plural(s.streak.current, "day"),
            s.streak.longest
        ),
        "  Streak     ",
        HANG,
        &plain,
    );
    para(
        &mut text,
        &format!(
            "{} of {} recalled in the last {}",
            percent(s.retention.rate),
            plural(s.retention.reviews, "due review"),
            plural(s.days as usize, "day")
        ),
        "  Retention  ",
        HANG,
        &plain,
    );
    if s.overruled > 0 {
        para(
            &mut text,
            &format!(
                "{} you marked \"I was right\", counted as right",
                plural(s.overruled, "typed answer")
            ),
            "  Overruled  ",
            HANG,
            &plain,
        );
    }
    if let Some(exam) = exam {
        para(&mut text, exam, "  Exam       ", HANG, &plain);
    }

    let _ = writeln!(text);
    group_table(&mut text, "Decks", &s.decks, &bold, width);
    if !s.tags.is_empty() {
        let _ = writeln!(text);
        let shown = &s.tags[..s.tags.len().min(TAGS_SHOWN)];
        group_table(&mut text, "Topics", shown, &bold, width);
        if s.tags.len() > TAGS_SHOWN {
            para(
                &mut text,
                &format!(
                    "({TAGS_SHOWN} of {} topic tags, the largest; --json lists all)",
                    s.tags.len()
                ),
                "  ",
                "   ",
                &dim,
            );
        }
    }
    para(
        &mut text,
        "Seen: ever answered. Mature: next review 21 days or more after the last.",
        "  ",
        "  ",
        &dim,
    );
    para(
        &mut text,
        &format!(
            "Answers and accuracy: the last {}.",
            plural(s.days as usize, "day")
        ),
        "  ",
        "  ",
        &dim,
    );
    let _ = writeln!(text);
    forecast(&mut text, &s.forecast, &bold, width);
    let _ = writeln!(text);
    heatmap(&mut text, &s.activity, &bold, colour, width);
    let _ = writeln!(text);
    let _ = writeln!(text, "{}", bold.apply_to("Mock tests"));
    if s.tests.scored == 0 {
        para(
            &mut text,
            "None scored yet; take one with `upsc test`.",
            "  ",
            "  ",
            &plain,
        );
    } else {
        let trend = super::report::trend_text(&s.tests);
        para(
            &mut text,
            &format!("{} scored. {}", s.tests.scored, trend.trim_end()),
            "  ",
            "  ",
            &plain,
        );
    }
    text
}

/// The decks' or the topics' table: on a narrow terminal the mature, answers and seen
/// columns go, in that order, and a long name has a line of its own.
fn group_table(
    text: &mut String,
    title: &str,
    groups: &[Group],
    bold: &Style,
    width: Option<usize>,
) {
    let mut table = Table::new(vec![
        Column::left(title).own_line(10),
        Column::right("cards"),
        Column::right("seen").drop(1),
        Column::right("mature").drop(3),
        Column::right("answers").drop(2),
        Column::right("accuracy"),
    ])
    .indent(2)
    .outdent_heading();
    for g in groups {
        table.row([
            crate::ui::safe(&g.name).into_owned(),
            g.cards.to_string(),
            g.seen.to_string(),
            g.mature.to_string(),
            g.answers.to_string(),
            percent(g.accuracy),
        ]);
    }
    let mut lines = table.lines(width).into_iter();
    if let Some(heading) = lines.next() {
        let _ = writeln!(text, "{}", bold.apply_to(heading));
    }
    for line in lines {
        let _ = writeln!(text, "{line}");
    }
}

fn forecast(text: &mut String, days: &[DayCount], bold: &Style, width: Option<usize>) {
    let total: usize = days.iter().map(|d| d.count).sum();
    let _ = writeln!(
        text,
        "{}",
        bold.apply_to(format!(
            "Due in the next {}: {total}",
            plural(days.len(), "day")
        ))
    );
    let most = days.iter().map(|d| d.count).max().unwrap_or(0).max(1);
    // The label and count take 19 columns; the bars share what is left, 50 at most.
    let longest = width.map_or(50, |w| w.saturating_sub(20).clamp(1, 50));
    for (i, day) in days.iter().enumerate() {
        let bar_width = (day.count * longest).div_ceil(most);
        let label = if i == 0 {
            "today".to_string()
        } else {
            day.date.format("%a %d %b").to_string()
        };
        let bar = format!("  {label:<10} {:>5} {}", day.count, "■".repeat(bar_width));
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

/// The activity heatmap: a column per week, a row per weekday. Below 60 columns the
/// weeks lose the space between them, and on a terminal too narrow even for that only
/// the latest weeks are shown.
fn heatmap(text: &mut String, days: &[DayCount], bold: &Style, colour: bool, width: Option<usize>) {
    let shades = [
        Style::new().color256(240),
        Style::new().color256(22),
        Style::new().color256(28),
        Style::new().color256(34),
        Style::new().color256(46),
    ]
    .map(|s| s.force_styling(colour));
    const LEFT: usize = 6;
    let all_weeks = days.len().div_ceil(7);
    let room = width.map_or(usize::MAX, |w| w.saturating_sub(LEFT));
    let cell = if width.is_none_or(|w| w >= 60) && all_weeks * 2 <= room {
        2
    } else {
        1
    };
    let weeks = all_weeks.min((room / cell).max(1));
    let days = &days[(all_weeks - weeks) * 7..];
    let total: usize = days.iter().map(|d| d.count).sum();
    let active = days.iter().filter(|d| d.count > 0).count();
    let title = format!(
        "Activity, last {}: {} on {}",
        plural(weeks, "week"),
        plural(total, "answer"),
        plural(active, "day")
    );
    for line in (Layout { width }).paragraph(&title, "", "  ") {
        let _ = writeln!(text, "{}", bold.apply_to(line));
    }
    let most = days.iter().map(|d| d.count).max().unwrap_or(0);
    // Month names above the week in which each month begins.
    let mut months = " ".repeat(LEFT);
    for week in 0..weeks {
        let Some(first) = days.get(week * 7) else {
            break;
        };
        let starts_month = first.date.day() <= 7 || week == 0;
        let column = LEFT + week * cell;
        let name = first.date.format("%b").to_string();
        // A name needs a space after the one before it, and room before the edge.
        let fits = width.is_none_or(|w| column + name.len() <= w);
        if starts_month && fits && (week == 0 || months.chars().count() < column) {
            while months.chars().count() < column {
                months.push(' ');
            }
            months.push_str(&name);
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
                    let _ = write!(line, "{}", shades[l].apply_to(LEVELS[l]));
                    if cell == 2 {
                        line.push(' ');
                    }
                }
                None => line.push_str(&" ".repeat(cell)),
            }
        }
        let _ = writeln!(text, "{}", line.trim_end());
    }
    for line in (Layout { width }).paragraph(
        &format!(
            "{} none  {} to {} more answers; the busiest day had {most}",
            LEVELS[0], LEVELS[1], LEVELS[4]
        ),
        "  ",
        "  ",
    ) {
        let _ = writeln!(text, "{line}");
    }
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
