//! `upsc due`: what `review` asks now, per deck and in total, within the day's limits.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use crate::config::Config;
use crate::day::{DayPlan, Limits};
use crate::deck::index::DeckIndex;
use crate::error::Exit;
use crate::output;
use crate::study::{DueCounts, Filter};

#[derive(Serialize)]
struct DueReport {
    now: String,
    decks: BTreeMap<String, DueCounts>,
    total: DueCounts,
    limits: Limits,
    /// Cards due now that the day's review limit leaves out.
    held_back: usize,
    learn_ahead: bool,
    later_today: usize,
    next_at: Option<String>,
}

/// The day's plan over every deck, as `review` with no filter would have it.
pub fn plan_today(
    config: &Config,
) -> anyhow::Result<(
    DayPlan,
    crate::store::Store,
    DeckIndex,
    crate::settings::EffectiveSettings,
)> {
    let settings = super::settings(config, &Default::default())?;
    let mut store = super::open_store(config)?;
    let index = DeckIndex::build(&config.decks, &mut store, false)?;
    index.warn();
    let scheduler = super::scheduler(&settings, &store)?;
    let day = crate::day::plan(
        &index.decks,
        &mut store,
        &scheduler,
        &settings,
        &Filter::default(),
        config.now,
    )?;
    Ok((day, store, index, settings))
}

pub fn run(config: &Config, json: bool) -> anyhow::Result<Exit> {
    let (day, _, _, _) = plan_today(config)?;
    let offset = *config.now.offset();
    if json {
        output::print_json(&DueReport {
            now: config.now.to_rfc3339(),
            decks: day.decks.clone(),
            total: day.total,
            limits: day.limits,
            held_back: day.held_back,
            learn_ahead: day.learn_ahead,
            later_today: day.later_today,
            next_at: day.next_at.map(|t| t.with_timezone(&offset).to_rfc3339()),
        })?;
        return Ok(Exit::Ok);
    }
    // Laid out for the terminal: a long deck name goes on its own line above its figures,
    // and the sentences wrap; piped, a line a deck.
    let width = crate::ui::stdout_width();
    let mut table = crate::ui::Table::new(vec![
        crate::ui::Column::left("deck").own_line(8),
        crate::ui::Column::right("new"),
        crate::ui::Column::right("learning"),
        crate::ui::Column::right("review"),
    ]);
    for (deck, c) in &day.decks {
        table.row([
            deck.clone(),
            c.new.to_string(),
            c.learning.to_string(),
            c.review.to_string(),
        ]);
    }
    table.row([
        "total".to_string(),
        day.total.new.to_string(),
        day.total.learning.to_string(),
        day.total.review.to_string(),
    ]);
    let mut text = table.text(width);
    let layout = crate::ui::Layout { width };
    let mut say = |line: &str| {
        for l in layout.paragraph(line, "", "  ") {
            let _ = writeln!(text, "{l}");
        }
    };
    let limits = day.limits;
    say(&format!(
        "Within today's limits: {} of {} new cards and {} of {} reviews left.",
        limits.new_left, limits.new_per_day, limits.reviews_left, limits.reviews_per_day
    ));
    if day.learn_ahead {
        say("The learning cards above are due within 20 minutes; `upsc review` shows them early.");
    }
    if let Some(later) = day.later(offset) {
        say(&format!("Learning steps {later}."));
    }
    if let Some(said) = day.limit_said() {
        say(&said);
    }
    output::print(&text)?;
    Ok(Exit::Ok)
}
