//! `upsc exam`: days left to the exam and the expected exam-day recall (`exam::forecast`);
//! `exam set` and `exam clear` change `[exam]` in config.toml.

use std::fmt::Write as _;

use crate::cli::{ExamArgs, ExamCommand};
use crate::config::Config;
use crate::deck::index::DeckIndex;
use crate::error::{Exit, UsageError};
use crate::exam::{self, Figures, Forecast};
use crate::output;

use crate::settings::file::{self, Edit};
use crate::settings::{self, Value, keys};
use crate::ui::{Column, Table};

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
    crate::sayln!(
        "Planning for {title}: {} left. Reviews are now scheduled toward it; `upsc exam` shows the forecast.",
        crate::text::plural(days.max(0) as usize, "day")
    )?;
    Ok(Exit::Ok)
}

fn clear(config: &Config) -> anyhow::Result<Exit> {
    let path = settings::path(&config.home);
    let date = file::edit(&path, &Edit::Unset(key("exam.date")?))?;
    let name = file::edit(&path, &Edit::Unset(key("exam.name")?))?;
    if date.changed || name.changed {
        crate::sayln!(
            "No exam is planned for now: the plain FSRS schedule applies again. Your reviews are kept as they are."
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
        crate::sayln!(
            "No exam date is set. Plan for one with `upsc exam set 2027-05-23 --name \"Prelims 2027\"`."
        )?;
        return Ok(Exit::Ok);
    };
    let mut store = super::open_store(config)?;
    let index = DeckIndex::build(&config.decks, &mut store, true)?;
    super::warn(&index.problems);
    let scheduler = super::scheduler(&settings, &store)?;
    let stored = exam::card_states(&store, &index.decks)?;
    let forecast = {
        let _busy = output::Busy::start("Working out exam-day recall…");
        exam::forecast_for(&settings, &scheduler, &index.decks, &stored, config.now)
    };
    let Some((figures, _)) = forecast else {
        return Ok(Exit::Ok);
    };
    if json {
        output::print_json(&figures)?;
    } else {
        output::print(&render(
            &figures,
            &planned.title(),
            crate::ui::stdout_width(),
        ))?;
    }
    Ok(Exit::Ok)
}

fn pct(value: f64) -> String {
    format!("{:.0}%", 100.0 * value)
}

/// The text view, laid out for a terminal `width` columns wide (`None`: piped).
pub fn render(f: &Forecast, title: &str, width: Option<usize>) -> String {
    let layout = crate::ui::Layout { width };
    let mut text = String::new();
    let say = |text: &mut String, line: &str, rest: &str| {
        for l in layout.paragraph(line, "", rest) {
            let _ = writeln!(text, "{l}");
        }
    };
    let when = f.date.format("%a %d %b %Y");
    // The title starts a sentence ("The exam on 24 May 2027", "Prelims 2027").
    let mut chars = title.chars();
    let title = chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect::<String>())
        .unwrap_or_default();
    if f.days_left < 0 {
        say(
            &mut text,
            &format!(
                "{title} was on {when}, {} ago: the plain FSRS schedule applies again.",
                crate::text::plural((-f.days_left) as usize, "day")
            ),
            "",
        );
        say(
            &mut text,
            "Plan for the next one with `upsc exam set YYYY-MM-DD`.",
            "",
        );
        return text;
    }
    let headline = match f.days_left {
        0 => format!("{title} is today ({when}). Good luck!"),
        1 => format!("{title}: {when}, tomorrow."),
        n => format!("{title}: {when}, {n} days left."),
    };
    say(&mut text, &headline, "");
    let _ = writeln!(text);
    let mut recall = Table::new(vec![
        Column::left("Expected recall on exam day").own_line(12),
        Column::right("all cards"),
        Column::right("cards seen"),
    ])
    .indent(2)
    .outdent_heading();
    recall.row([
        "if nothing more is reviewed".to_string(),
        pct(f.recall_if_no_more_reviews.all),
        pct(f.recall_if_no_more_reviews.seen),
    ]);
    recall.row([
        "if the plan is followed".to_string(),
        pct(f.recall_with_plan.all),
        pct(f.recall_with_plan.seen),
    ]);
    recall.row(["target".to_string(), String::new(), pct(f.target_recall)]);
    text.push_str(&recall.text(width));
    let _ = writeln!(text);
    say(
        &mut text,
        &format!(
            "{} of {} seen; {} would be below the target on exam day if left alone.",
            f.seen,
            crate::text::plural(f.cards, "card"),
            f.below_target
        ),
        "",
    );
    say(
        &mut text,
        &format!(
            "The plan needs about {} a day (your daily limit is {}).",
            crate::text::plural(f.reviews_per_day, "review"),
            f.review_limit
        ),
        "",
    );
    match f.new_cards.stop {
        Some(stop) if stop > f.today => {
            say(
                &mut text,
                &format!(
                    "New cards: {} a day until {}, when the final revision begins",
                    f.new_cards.per_day,
                    (stop - chrono::TimeDelta::days(1)).format("%a %d %b"),
                ),
                "",
            );
            let why = format!(
                "(a new card needs {} to be learnt and revised before the exam).",
                crate::text::plural(f.new_cards.days_needed as usize, "day")
            );
            for l in layout.paragraph(&why, "  ", "   ") {
                let _ = writeln!(text, "{l}");
            }
        }
        _ => {
            say(
                &mut text,
                &format!(
                    "New cards: none now; a new card needs {} to be learnt and revised before the exam.",
                    crate::text::plural(f.new_cards.days_needed as usize, "day")
                ),
                "",
            );
        }
    }
    if f.final_revision_days > 0 && f.days_left > 0 {
        let start = f.date - chrono::TimeDelta::days(i64::from(f.final_revision_days));
        say(
            &mut text,
            &format!(
                "Final revision from {}: every card seen comes back once, weakest first.",
                start.max(f.today).format("%a %d %b")
            ),
            "",
        );
    }
    let _ = writeln!(text);
    let table = |title: &str, rows: &mut dyn Iterator<Item = (&str, &Figures)>| {
        let mut table = Table::new(vec![
            Column::left(title).own_line(10),
            Column::right("cards").drop(2),
            Column::right("seen").drop(1),
            Column::right("left alone"),
            Column::right("with plan"),
        ])
        .indent(2)
        .outdent_heading();
        for (name, g) in rows {
            table.row([
                crate::ui::safe(name).into_owned(),
                g.cards.to_string(),
                g.seen.to_string(),
                pct(g.recall_if_no_more_reviews.all),
                pct(g.recall_with_plan.all),
            ]);
        }
        table.text(width)
    };
    text.push_str(&table(
        "Decks (recall of all cards)",
        &mut f
            .decks
            .iter()
            .take(SHOWN)
            .map(|d| (d.id.as_str(), &d.figures)),
    ));
    if f.decks.len() > SHOWN {
        for l in layout.paragraph(
            &format!("({SHOWN} of {} decks; --json lists all)", f.decks.len()),
            "  ",
            "   ",
        ) {
            let _ = writeln!(text, "{l}");
        }
    }
    let weakest = f.weakest(SHOWN);
    if !weakest.is_empty() {
        let _ = writeln!(text);
        text.push_str(&table(
            "Weakest topics",
            &mut weakest.iter().map(|t| (t.tag.as_str(), &t.figures)),
        ));
    }
    text
}
