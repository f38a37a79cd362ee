//! Progress statistics from the review log and card states: today's work and the streak,
//! true retention, accuracy and mature cards per deck and per topic tag, the due forecast,
//! daily activity for the heatmap, and the mock-test trend.
//!
//! Days are study days: they begin at the scheduler's day-start hour (4 a.m. by default)
//! in the learner's current offset, so a session past midnight counts for the day before.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, Utc};
use serde::Serialize;

use crate::deck::index::IndexedDeck;
use crate::mock::Trend;
use crate::scheduler::{State, day};
use crate::store::Store;

/// A card counts as mature once its interval reaches three weeks, as in Anki.
pub(crate) const MATURE_DAYS: i64 = 21;
/// Days ahead in the due forecast.
pub(crate) const FORECAST_DAYS: usize = 14;
/// Weeks shown in the activity heatmap.
pub(crate) const HEATMAP_WEEKS: usize = 26;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Stats {
    /// The study day the figures are for.
    pub date: NaiveDate,
    /// The period, in days, that retention and accuracy cover.
    pub days: u32,
    pub today: Today,
    pub streak: Streak,
    pub retention: Retention,
    pub decks: Vec<Group>,
    pub tags: Vec<Group>,
    pub forecast: Vec<DayCount>,
    pub activity: Vec<DayCount>,
    pub tests: Trend,
    /// Typed answers the learner overruled ("I was right"): counted as right above.
    pub overruled: usize,
}

#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Today {
    pub answers: usize,
    pub correct: usize,
    pub minutes: f64,
}

#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Streak {
    /// Study days in a row up to today (or up to yesterday, when today has no answer yet).
    pub current: usize,
    pub longest: usize,
}

/// True retention: of the daily-revision reviews of cards that had graduated (not
/// learning steps, not quizzes or tests), the share recalled.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Retention {
    pub reviews: usize,
    pub recalled: usize,
    pub rate: Option<f64>,
}

/// Figures for one deck or one topic tag.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Group {
    pub name: String,
    pub cards: usize,
    /// Cards answered at least once, ever.
    pub seen: usize,
    /// Answers within the period.
    pub answers: usize,
    pub correct: usize,
    pub accuracy: Option<f64>,
    pub mature: usize,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct DayCount {
    pub date: NaiveDate,
    pub count: usize,
}

/// The study day a moment belongs to: the scheduler's one rule ([`day::study_day`]).
pub(crate) use crate::scheduler::day::study_day;

/// The streak and the learner's pace (seconds an answer, over every answer kept), from
/// the per-quarter-hour figures alone: what the today screen needs of the statistics.
pub(crate) fn streak_and_pace(
    store: &Store,
    now: DateTime<FixedOffset>,
    day_start_hour: u32,
) -> anyhow::Result<(Streak, Option<f64>)> {
    let offset = *now.offset();
    let exact = offset.local_minus_utc() % 900 != 0;
    let mut per_day: BTreeMap<NaiveDate, usize> = BTreeMap::new();
    let (mut answers, mut ms) = (0u64, 0i64);
    store.visit_slots(exact, |slot| {
        let at = DateTime::<Utc>::from_timestamp_millis(slot.start_ms).unwrap_or_default();
        let day = study_day(at, offset, day_start_hour);
        *per_day.entry(day).or_default() += usize::try_from(slot.answers).unwrap_or(0);
        answers += slot.answers;
        ms += slot.duration_ms.max(0);
    })?;
    let today = study_day(now.to_utc(), offset, day_start_hour);
    let pace = (answers > 0).then(|| ms as f64 / 1000.0 / answers as f64);
    Ok((streak(&per_day, today), pace))
}

/// Everything the statistics are computed from.
pub(crate) struct Inputs<'a> {
    pub store: &'a Store,
    /// The decks as the deck index knows them, read with their cards' tags.
    pub decks: &'a [IndexedDeck],
    pub tests: Trend,
    pub now: DateTime<FixedOffset>,
    pub day_start_hour: u32,
    pub days: u32,
}

/// Computes the figures from the store's aggregate tables (answers per quarter hour and
/// per card, `store::aggregate`), the period's answers through the log's time index, the
/// stored states, and the deck index; no deck is parsed and the log is not read whole.
pub(crate) fn compute(input: Inputs) -> anyhow::Result<Stats> {
    let offset = *input.now.offset();
    let day_of = |t: DateTime<Utc>| study_day(t, offset, input.day_start_hour);
    let today = day_of(input.now.to_utc());
    let period_start = today - Duration::days(i64::from(input.days) - 1);
    // A study day's first moment, in milliseconds since the epoch.
    let day_start_ms = |date: NaiveDate| {
        let offset_secs = i64::from(offset.local_minus_utc());
        day::start(day::day_of_date(date), offset_secs, input.day_start_hour) * 1000
    };
    let from_ms = |ms: i64| DateTime::<Utc>::from_timestamp_millis(ms).unwrap_or_default();

    let mut today_figures = Today::default();
    let mut minutes_ms = 0i64;
    let mut retention = Retention::default();
    let mut per_day: BTreeMap<NaiveDate, usize> = BTreeMap::new();
    // A quarter hour lies within one study day unless the offset is not a whole number of
    // quarter hours; then every answer is taken on its own.
    let exact = offset.local_minus_utc() % 900 != 0;
    input.store.visit_slots(exact, |slot| {
        let day = day_of(from_ms(slot.start_ms));
        let answers = usize::try_from(slot.answers).unwrap_or(usize::MAX);
        *per_day.entry(day).or_default() += answers;
        if day == today {
            today_figures.answers += answers;
            today_figures.correct += usize::try_from(slot.correct).unwrap_or(0);
            minutes_ms += slot.duration_ms.max(0);
        }
        if day >= period_start && day <= today {
            retention.reviews += usize::try_from(slot.reviews).unwrap_or(0);
            retention.recalled += usize::try_from(slot.recalled).unwrap_or(0);
        }
    })?;
    today_figures.minutes = (minutes_ms as f64 / 60_000.0 * 10.0).round() / 10.0;
    retention.rate = ratio(retention.recalled, retention.reviews);

    let mut forecast: Vec<DayCount> = (0..FORECAST_DAYS)
        .map(|i| DayCount {
            date: today + Duration::days(i as i64),
            count: 0,
        })
        .collect();
    // Each indexed card's figures, by deck and card position in the index; a deck's card
    // positions are looked up only once one of its cards has a stored row.
    let deck_at: HashMap<&str, usize> = input
        .decks
        .iter()
        .enumerate()
        .map(|(i, d)| (d.id.as_str(), i))
        .collect();
    let mut positions: Vec<Option<HashMap<&str, usize>>> = vec![None; input.decks.len()];
    let mut figures: Vec<Vec<Figures>> = input
        .decks
        .iter()
        .map(|d| vec![Figures::default(); d.len()])
        .collect();
    let mature_ms = Duration::days(MATURE_DAYS).num_milliseconds();
    input.store.visit_card_figures(
        day_start_ms(period_start),
        day_start_ms(today + Duration::days(1)),
        |key, stored| {
            let mature = match stored.state {
                Some((State::Review, due, Some(last))) => due - last >= mature_ms,
                _ => false,
            };
            if let Some((state, due, _)) = stored.state
                && state != State::New
            {
                let day = day_of(from_ms(due)).max(today);
                let index = (day - today).num_days();
                if let Some(slot) = usize::try_from(index)
                    .ok()
                    .and_then(|i| forecast.get_mut(i))
                {
                    slot.count += 1;
                }
            }
            let Some(&d) = deck_at.get(key.deck.as_str()) else {
                return;
            };
            let cards = positions[d].get_or_insert_with(|| {
                input.decks[d]
                    .cards()
                    .enumerate()
                    .map(|(i, c)| (c, i))
                    .collect()
            });
            if let Some(&i) = cards.get(key.card.as_str()) {
                figures[d][i] = Figures {
                    seen: stored.seen,
                    recent: stored.recent,
                    mature,
                };
            }
        },
    )?;

    let mut decks = Vec::new();
    let mut tags: BTreeMap<&str, Group> = BTreeMap::new();
    for (deck, deck_figures) in input.decks.iter().zip(&figures) {
        let mut group = Group {
            name: deck.id.clone(),
            ..Group::default()
        };
        let mut card_tags = deck.tags().into_iter().flatten();
        for card in deck_figures {
            card.add_to(&mut group);
            let mut own: Vec<&str> = card_tags.next().map(Iterator::collect).unwrap_or_default();
            own.sort_unstable();
            own.dedup();
            for tag in own {
                let entry = tags.entry(tag).or_insert_with(|| Group {
                    name: tag.to_string(),
                    ..Group::default()
                });
                card.add_to(entry);
            }
        }
        group.accuracy = ratio(group.correct, group.answers);
        decks.push(group);
    }
    let mut tags: Vec<Group> = tags
        .into_values()
        .map(|mut g| {
            g.accuracy = ratio(g.correct, g.answers);
            g
        })
        .collect();
    tags.sort_by(|a, b| b.cards.cmp(&a.cards).then(a.name.cmp(&b.name)));

    // The heatmap covers whole weeks, Monday first, ending with the current week.
    let weekday = i64::from(chrono::Datelike::weekday(&today).num_days_from_monday());
    let first = today - Duration::days(weekday + 7 * (HEATMAP_WEEKS as i64 - 1));
    let activity = (0..=(today - first).num_days())
        .map(|i| {
            let date = first + Duration::days(i);
            DayCount {
                date,
                count: per_day.get(&date).copied().unwrap_or(0),
            }
        })
        .collect();

    Ok(Stats {
        date: today,
        days: input.days,
        today: today_figures,
        streak: streak(&per_day, today),
        retention,
        decks,
        tags,
        forecast,
        activity,
        tests: input.tests,
        overruled: input.store.overridden()?,
    })
}

#[derive(Debug, Clone, Copy, Default)]
struct Figures {
    seen: bool,
    recent: (usize, usize),
    mature: bool,
}

impl Figures {
    fn add_to(&self, group: &mut Group) {
        group.cards += 1;
        group.seen += usize::from(self.seen);
        group.answers += self.recent.0;
        group.correct += self.recent.1;
        group.mature += usize::from(self.mature);
    }
}

fn ratio(part: usize, whole: usize) -> Option<f64> {
    (whole > 0).then(|| ((1000.0 * part as f64 / whole as f64).round()) / 10.0)
}

fn streak(per_day: &BTreeMap<NaiveDate, usize>, today: NaiveDate) -> Streak {
    let mut longest = 0;
    let mut run = 0;
    let mut previous: Option<NaiveDate> = None;
    for &day in per_day.keys().filter(|d| **d <= today) {
        run = if previous.is_some_and(|p| day - p == Duration::days(1)) {
            run + 1
        } else {
            1
        };
        longest = longest.max(run);
        previous = Some(day);
    }
    // The run still counts while yesterday was studied and today is not over.
    let current = match previous {
        Some(last) if last == today || last == today - Duration::days(1) => run,
        _ => 0,
    };
    Streak { current, longest }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn the_streak_survives_until_the_day_is_over() {
        let days: BTreeMap<NaiveDate, usize> = [
            "2026-01-01",
            "2026-01-02",
            "2026-01-03",
            "2026-01-05",
            "2026-01-06",
        ]
        .iter()
        .map(|d| (date(d), 3))
        .collect();
        assert_eq!(
            streak(&days, date("2026-01-06")),
            Streak {
                current: 2,
                longest: 3
            }
        );
        // Nothing yet today: yesterday's run still stands.
        assert_eq!(streak(&days, date("2026-01-07")).current, 2);
        // A whole day missed: the run is over.
        assert_eq!(streak(&days, date("2026-01-08")).current, 0);
        assert_eq!(
            streak(&BTreeMap::new(), date("2026-01-08")),
            Streak::default()
        );
    }

    #[test]
    fn a_study_day_begins_at_the_day_start_hour() {
        let ist = FixedOffset::east_opt(5 * 3600 + 1800).unwrap();
        let late = DateTime::parse_from_rfc3339("2026-01-16T02:30:00+05:30").unwrap();
        assert_eq!(study_day(late.to_utc(), ist, 4), date("2026-01-15"));
        let morning = DateTime::parse_from_rfc3339("2026-01-16T04:00:00+05:30").unwrap();
        assert_eq!(study_day(morning.to_utc(), ist, 4), date("2026-01-16"));
    }
}
