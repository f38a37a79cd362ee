//! Progress statistics from the review log and card states: today's work and the streak,
//! true retention, accuracy and mature cards per deck and per topic tag, the due forecast,
//! daily activity for the heatmap, and the mock-test trend.
//!
//! Days are study days: they begin at the scheduler's day-start hour (4 a.m. by default)
//! in the learner's current offset, so a session past midnight counts for the day before.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, Utc};
use serde::Serialize;

use crate::deck::CardKey;
use crate::deck::load::Collection;
use crate::mock::Trend;
use crate::revlog::LogMode;
use crate::scheduler::State;
use crate::store::{LogRow, StoredCard};

/// A card counts as mature once its interval reaches three weeks, as in Anki.
pub const MATURE_DAYS: i64 = 21;
/// Days ahead in the due forecast.
pub const FORECAST_DAYS: usize = 14;
/// Weeks shown in the activity heatmap.
pub const HEATMAP_WEEKS: usize = 26;

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

/// The study day a moment belongs to.
pub fn study_day(time: DateTime<Utc>, offset: FixedOffset, day_start_hour: u32) -> NaiveDate {
    (time.with_timezone(&offset) - Duration::hours(i64::from(day_start_hour))).date_naive()
}

/// Everything the statistics are computed from.
pub struct Inputs<'a> {
    pub log: &'a [LogRow],
    pub cards: &'a HashMap<String, StoredCard>,
    pub collection: &'a Collection,
    pub tests: Trend,
    pub now: DateTime<FixedOffset>,
    pub day_start_hour: u32,
    pub days: u32,
}

pub fn compute(input: Inputs) -> Stats {
    let offset = *input.now.offset();
    let day_of = |t: DateTime<Utc>| study_day(t, offset, input.day_start_hour);
    let today = day_of(input.now.to_utc());
    let period_start = today - Duration::days(i64::from(input.days) - 1);

    let mut today_figures = Today::default();
    let mut retention = Retention::default();
    let mut per_day: BTreeMap<NaiveDate, usize> = BTreeMap::new();
    // Answers within the period, per card key: (answers, correct).
    let mut recent: HashMap<&str, (usize, usize)> = HashMap::new();
    let mut seen: HashSet<&str> = HashSet::new();
    for row in input.log {
        let day = day_of(row.reviewed_at.to_utc());
        *per_day.entry(day).or_default() += 1;
        seen.insert(row.key.as_str());
        if day == today {
            today_figures.answers += 1;
            today_figures.correct += usize::from(row.correct);
            today_figures.minutes += row.duration_ms.max(0) as f64 / 60_000.0;
        }
        if day >= period_start && day <= today {
            let entry = recent.entry(row.key.as_str()).or_default();
            entry.0 += 1;
            entry.1 += usize::from(row.correct);
            // A due review: a graduated card asked by the daily revision (a quiz asks
            // cards whether due or not, so it says nothing about retention).
            if row.scheduled && row.mode == LogMode::Review && row.state_before == State::Review {
                retention.reviews += 1;
                retention.recalled += usize::from(row.correct);
            }
        }
    }
    today_figures.minutes = (today_figures.minutes * 10.0).round() / 10.0;
    retention.rate = ratio(retention.recalled, retention.reviews);

    let is_mature = |key: &str| {
        input.cards.get(key).is_some_and(|c| {
            c.state.state == State::Review
                && c.state
                    .last_review
                    .is_some_and(|last| c.state.due - last >= Duration::days(MATURE_DAYS))
        })
    };
    let mut decks = Vec::new();
    let mut tags: BTreeMap<&str, Group> = BTreeMap::new();
    for deck in &input.collection.decks {
        let mut group = Group {
            name: deck.id.clone(),
            ..Group::default()
        };
        for card in &deck.cards {
            let key = CardKey::of(deck, card).to_string();
            let figures = Figures {
                seen: seen.contains(key.as_str()),
                recent: recent.get(key.as_str()).copied().unwrap_or_default(),
                mature: is_mature(&key),
            };
            figures.add_to(&mut group);
            let mut card_tags: Vec<&str> = card.all_tags(deck).collect();
            card_tags.sort_unstable();
            card_tags.dedup();
            for tag in card_tags {
                let entry = tags.entry(tag).or_insert_with(|| Group {
                    name: tag.to_string(),
                    ..Group::default()
                });
                figures.add_to(entry);
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

    let mut forecast: Vec<DayCount> = (0..FORECAST_DAYS)
        .map(|i| DayCount {
            date: today + Duration::days(i as i64),
            count: 0,
        })
        .collect();
    for card in input.cards.values() {
        if card.state.state == State::New {
            continue;
        }
        let day = day_of(card.state.due).max(today);
        let index = (day - today).num_days();
        if let Some(slot) = usize::try_from(index)
            .ok()
            .and_then(|i| forecast.get_mut(i))
        {
            slot.count += 1;
        }
    }

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

    Stats {
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
    }
}

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
