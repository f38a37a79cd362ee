//! The day's plan: what `review` asks now, within the day's limits, and the figures that
//! go with it. `review`, `due`, `today` and `upsc` alone all read it from here, so their
//! counts agree: the cards due now (learning steps due, reviews due today) and the new
//! cards, cut to what is left of the day's new-card and review limits; the final
//! revision before an exam; learning cards offered up to [`LEARN_AHEAD`] early when
//! nothing else is left; how many due cards the review limit holds back; and the learning
//! steps still to come later today.

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset, TimeDelta, Utc};
use serde::Serialize;

use crate::deck::index::IndexedDeck;
use crate::scheduler::Scheduler;
use crate::settings::EffectiveSettings;
use crate::store::Store;
use crate::study::{self, Bounds, DueCounts, Filter, Schedule, Slot};

/// How early a learning card is offered when nothing else is due, as Anki's learn-ahead
/// limit (the session uses the same window).
pub const LEARN_AHEAD: TimeDelta = crate::session::LEARN_AHEAD;

/// The day's limits and what is left of them.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
pub struct Limits {
    pub new_per_day: usize,
    pub new_left: usize,
    pub reviews_per_day: usize,
    pub reviews_left: usize,
    /// Cards answered in daily revision today, which count against the review limit.
    pub reviewed_today: usize,
}

/// What `review` will ask now, and why not more.
#[derive(Debug, Clone)]
pub struct DayPlan {
    /// The queue, in the order asked.
    pub slots: Vec<Slot>,
    /// Per deck (every deck of the index, in id order) and in total, the queue's cards by
    /// standing.
    pub decks: BTreeMap<String, DueCounts>,
    pub total: DueCounts,
    pub limits: Limits,
    /// Cards due now (and new cards within the new-card limit) that the review limit
    /// leaves out.
    pub held_back: usize,
    /// Whether the queue is learning cards offered early (nothing else was left).
    pub learn_ahead: bool,
    /// Learning steps due later today, and the first of them.
    pub later_today: usize,
    pub next_at: Option<DateTime<Utc>>,
    /// What changes today because of the exam, to say before a session.
    pub notes: Vec<String>,
}

/// Plans the day for `decks` (filtered by `filter`) at `now`.
pub fn plan(
    decks: &[IndexedDeck],
    store: &mut Store,
    scheduler: &Scheduler,
    settings: &EffectiveSettings,
    filter: &Filter,
    now: DateTime<FixedOffset>,
) -> anyhow::Result<DayPlan> {
    let mut bounds = Bounds::new(scheduler, now);
    let mut schedule = Schedule::read(decks, store, bounds)?;
    let day_start = scheduler.day_start(now);
    let day_end = scheduler.next_day_start(now);
    let introduced = store.new_cards_between(day_start, day_end)?;
    let new_per_day = settings.new_per_day.value;
    let mut new_limit = new_per_day.saturating_sub(introduced);
    // The review limit is a day's: sessions earlier today used part of it.
    let reviews_per_day = settings.reviews_per_day.value;
    let reviewed = store.cards_reviewed_between(day_start, day_end)?;
    let review_limit = reviews_per_day.saturating_sub(reviewed);
    let mut notes = Vec::new();
    let mut final_window = None;
    if let Some(exam) = settings.exam() {
        let left = scheduler.days_until(exam.date, now);
        let title = exam.title();
        if left > 0 {
            let needed = scheduler.new_card_days(exam.final_revision_days);
            if left <= i64::from(needed) && new_limit > 0 {
                new_limit = 0;
                notes.push(format!(
                    "No new cards: {} to {title}, within the final revision; a new card needs {needed} days to be learnt and revised before it.",
                    crate::text::Count::new(usize::try_from(left).unwrap_or(0), "day", "days")
                ));
            }
            let window = i64::from(exam.final_revision_days);
            if window > 0 && left <= window {
                let today = scheduler.day_start(now);
                final_window = Some((
                    today + TimeDelta::days(left - window),
                    today + TimeDelta::days(left),
                    exam.date,
                    left,
                    title,
                ));
            }
        }
    }
    let mut slots = study::plan(decks, &schedule, filter, bounds, new_limit, review_limit);
    // What the review limit holds back: the queue there would be without it.
    let unlimited = study::plan(decks, &schedule, filter, bounds, new_limit, usize::MAX).len();
    let held_back = unlimited.saturating_sub(slots.len());
    if let Some((window_start, exam_start, date, left, title)) = final_window {
        // Every card seen whose next review would come after the exam comes back once in
        // the window, weakest first, spread evenly over the days left, within the limit.
        let cards = store.cards()?;
        let waiting = study::final_revision(
            decks,
            filter,
            bounds,
            &cards,
            window_start,
            exam_start,
            |state| scheduler.recall_on(state, date, now),
            usize::MAX,
        );
        let days = usize::try_from(left).unwrap_or(1).max(1);
        let room = review_limit.saturating_sub(slots.len());
        let today = waiting.len().div_ceil(days).min(room);
        if !waiting.is_empty() {
            let waiting_count = crate::text::Count::new(waiting.len(), "card", "cards");
            notes.push(format!(
                "Final revision for {title}: {waiting_count} seen {} back before it, weakest first; {today} today.",
                waiting_count.agree("comes", "come"),
            ));
        }
        slots.extend(waiting.into_iter().take(today));
    }
    // Nothing left now: learning steps due within the learn-ahead window are offered.
    let mut learn_ahead = false;
    if slots.is_empty() && review_limit > 0 {
        let ahead = Bounds {
            now: bounds.now + LEARN_AHEAD.num_milliseconds(),
            ..bounds
        };
        let early = Schedule::read(decks, store, ahead)?;
        let offered = study::plan(decks, &early, filter, ahead, 0, review_limit);
        if !offered.is_empty() {
            learn_ahead = true;
            slots = offered;
            schedule = early;
            bounds = ahead;
        }
    }
    let (decks_counts, total) = study::count_slots(decks, &schedule, bounds, &slots);
    let from = DateTime::<Utc>::from_timestamp_millis(bounds.now).unwrap_or_default();
    let (later_today, next_at) = store.learning_due_between(from, day_end)?;
    Ok(DayPlan {
        slots,
        decks: decks_counts,
        total,
        limits: Limits {
            new_per_day,
            new_left: new_limit,
            reviews_per_day,
            reviews_left: review_limit,
            reviewed_today: reviewed,
        },
        held_back,
        learn_ahead,
        later_today,
        next_at,
        notes,
    })
}

impl DayPlan {
    /// "later today: 3, next at 14:05" (local time), when learning steps are to come.
    pub fn later(&self, offset: FixedOffset) -> Option<String> {
        let next = self.next_at?;
        Some(format!(
            "later today: {}, next at {}",
            self.later_today,
            next.with_timezone(&offset).format("%H:%M")
        ))
    }

    /// The sentence naming the review limit when it holds cards back.
    pub fn limit_said(&self) -> Option<String> {
        (self.held_back > 0).then(|| {
            format!(
                "The day's review limit ({} a day, reviews_per_day) is reached: {} more card{} due. Run `upsc review --limit {}` to go on.",
                self.limits.reviews_per_day,
                self.held_back,
                if self.held_back == 1 { " is" } else { "s are" },
                self.limits.reviewed_today
                    + self.total.learning
                    + self.total.review
                    + self.total.new
                    + self.held_back
            )
        })
    }
}
