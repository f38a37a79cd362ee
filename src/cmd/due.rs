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

/// The figures of `due --json`, which `today --json` carries too.
#[derive(Serialize)]
pub struct DueReport {
    pub now: String,
    pub decks: BTreeMap<String, DueCounts>,
    pub total: DueCounts,
    pub limits: Limits,
    /// Cards due now that the day's review limit leaves out.
    pub held_back: usize,
    pub learn_ahead: bool,
    pub later_today: usize,
    pub next_at: Option<String>,
}

impl DueReport {
    pub fn of(day: &DayPlan, now: chrono::DateTime<chrono::FixedOffset>) -> DueReport {
        DueReport {
            now: now.to_rfc3339(),
            decks: day.decks.clone(),
            total: day.total,
            limits: day.limits,
            held_back: day.held_back,
            learn_ahead: day.learn_ahead,
            later_today: day.later_today,
            next_at: day
                .next_at
                .map(|t| t.with_timezone(now.offset()).to_rfc3339()),
        }
    }
}

/// Per deck: new, learning and review cards, as a table fitted to `width` (a long deck
/// name on its own line above its figures).
pub fn counts_table<'a>(
    rows: impl IntoIterator<Item = (&'a str, &'a DueCounts)>,
    indent: usize,
) -> crate::ui::Table {
    let mut table = crate::ui::Table::new(vec![
        crate::ui::Column::left("deck").own_line(8),
        crate::ui::Column::right("new"),
        crate::ui::Column::right("learning"),
        crate::ui::Column::right("review"),
    ])
    .indent(indent);
    for (deck, c) in rows {
        table.row([
            deck.to_string(),
            c.new.to_string(),
            c.learning.to_string(),
            c.review.to_string(),
        ]);
    }
    table
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
    super::warn(&index.problems);
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
        output::print_json(&DueReport::of(&day, config.now))?;
        return Ok(Exit::Ok);
    }
    // Laid out for the terminal: a long deck name goes on its own line above its figures,
    // and the sentences wrap; piped, a line a deck.
    let width = crate::ui::stdout_width();
    let rows = day
        .decks
        .iter()
        .map(|(deck, c)| (deck.as_str(), c))
        .chain(std::iter::once(("total", &day.total)));
    let table = counts_table(rows, 0);
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
