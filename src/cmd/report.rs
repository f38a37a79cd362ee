//! What several commands print the same way, in one place: the day's counts (`due`,
//! `today` and `upsc` alone), the trend of mock tests (`test --history`, `stats`), the exam
//! line of `stats`, and the coach's line on a scorecard (`test`). A handler never calls
//! another command's module; what they share is here or, if it is not about printing, in
//! the domain.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use crate::day::{DayPlan, Limits};
use crate::exam::SeenRecall;
use crate::mock;
use crate::study::DueCounts;

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

/// One or two lines on the trend of scored tests.
pub fn trend_text(trend: &mock::Trend) -> String {
    match (trend.latest, trend.best, trend.recent_average) {
        (Some(latest), Some(best), Some(recent)) => {
            let mut text = format!(
                "Trend {}  latest {latest:.1}%, best {best:.1}%, last {} averaged {recent:.1}%",
                mock::sparkline(&trend.percents),
                trend.scored.min(mock::TREND_WINDOW)
            );
            if let Some(change) = trend.change {
                let _ = write!(
                    text,
                    " ({}{change:.1} points on the {} before)",
                    if change >= 0.0 { "+" } else { "" },
                    mock::TREND_WINDOW
                );
            }
            text.push('\n');
            text
        }
        _ => "No scored test yet.\n".to_string(),
    }
}

/// The exam line of `stats`: days left and the cards seen recalled on exam day, as they
/// stand and with the plan.
pub fn exam_line(f: &SeenRecall, title: &str) -> String {
    match f.days_left {
        n if n < 0 => format!("{title} was on {}", f.date.format("%a %d %b %Y")),
        0 => format!("{title} is today"),
        n => format!(
            "{title} in {}: {:.0}% recalled then, {:.0}% with the plan",
            crate::text::plural(n as usize, "day"),
            100.0 * f.recall_if_no_more_reviews,
            100.0 * f.recall_with_plan
        ),
    }
}

/// The scorecard's line: what this test would have scored with the coach's policy
/// applied to its own questions (its answers in the cells the policy attempts), beside
/// what it scored. The policy is the one for every scored test, this one included.
pub fn scorecard_line(
    store: &crate::store::Store,
    cutoffs: &[f64],
    items: &[crate::mock::Item],
    card: &crate::mock::Scorecard,
) -> anyhow::Result<String> {
    let said = match crate::coach::coach(store.calibration_records()?, cutoffs) {
        crate::coach::Coaching::TooFew { declared, .. } => format!(
            "With the coach's policy: not yet ({declared} of the {} tagged answers it needs; `upsc coach`).",
            crate::coach::NEEDED
        ),
        crate::coach::Coaching::Ready(report) => {
            let replayed = report.replay(items, card.marking);
            format!(
                "With the coach's policy (`upsc coach`) this test would have scored {replayed} out of {}, against {} as taken.",
                card.maximum, card.score
            )
        }
    };
    let lines = crate::ui::Layout::for_stdout().paragraph(&said, "  ", "  ");
    Ok(format!("{}\n", lines.join("\n")))
}
