//! `upsc due`: what `review` asks now, per deck and in total, within the day's limits.

use std::fmt::Write as _;

use super::report::{DueReport, counts_table};
use crate::config::Config;
use crate::error::Exit;
use crate::output;

pub fn run(config: &Config, json: bool) -> anyhow::Result<Exit> {
    let (day, _, _, _) = super::plan_today(config)?;
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
