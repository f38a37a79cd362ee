//! The day's plan: what `review` asks now, within the day's limits, and the figures that
//! go with it. `review`, `due`, `today` and `upsc` alone all read it from here, so their
//! counts agree: the cards due now (learning steps due, reviews due today) and the new
//! cards, cut to what is left of the day's new-card and review limits; the final
//! revision before an exam; learning cards offered up to [`LEARN_AHEAD`] early when
//! nothing else is left; how many due cards the review limit holds back; and the learning
//! steps still to come later today.
//!
//! What the exam changes about a day is decided here too, once, as an [`ExamPlan`]: new
//! cards frozen when one could no longer be learnt and revised before the exam, the final
//! revision's window and its share of today, and whether the exam has passed. It is the
//! day's (not `study`'s, which knows cards, filters and standings but not the calendar):
//! every rule of it is counted in the learner's study days from the time and the settings.

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset, NaiveDate, TimeDelta, Utc};
use serde::Serialize;

use crate::deck::index::IndexedDeck;
use crate::scheduler::Scheduler;
use crate::settings::{EffectiveSettings, Exam};
use crate::store::Store;
use crate::study::{self, Bounds, DueCounts, Filter, Schedule, Slot};

/// How early a learning card is offered when nothing else is due, as Anki's learn-ahead
/// limit (the session uses the same window).
pub(crate) const LEARN_AHEAD: TimeDelta = crate::session::LEARN_AHEAD;

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
    /// The exam's policy for the day, when an exam is planned for.
    pub exam: Option<ExamPlan>,
}

/// Plans the day for `decks` (filtered by `filter`) at `now`.
pub(crate) fn plan(
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
    let exam = settings
        .exam()
        .map(|exam| ExamPlan::for_day(exam, scheduler, now));
    if let Some(exam) = &exam {
        if let Some(said) = exam.frozen_said(new_limit) {
            notes.push(said);
        }
        new_limit = exam.new_limit(new_limit);
    }
    let mut slots = study::plan(decks, &schedule, filter, bounds, new_limit, review_limit);
    // What the review limit holds back: the queue there would be without it.
    let unlimited = study::plan(decks, &schedule, filter, bounds, new_limit, usize::MAX).len();
    let held_back = unlimited.saturating_sub(slots.len());
    if let Some((exam, window)) = exam
        .as_ref()
        .and_then(|exam| Some((exam, exam.final_revision?)))
    {
        // Every card seen whose next review would come after the exam comes back once in
        // the window, weakest first, spread evenly over the days left, within the limit.
        let cards = store.cards()?;
        let waiting = study::final_revision(
            decks,
            filter,
            bounds,
            &cards,
            window.start,
            window.exam_start,
            |state| scheduler.recall_on(state, exam.date, now),
            usize::MAX,
        );
        let today = window.today(waiting.len(), review_limit.saturating_sub(slots.len()));
        if let Some(said) = exam.final_revision_said(waiting.len(), today) {
            notes.push(said);
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
        exam,
    })
}

/// What the exam changes about one study day, decided from the exam of the settings, the
/// scheduler (the learner's days, how long a new card takes) and the time.
#[derive(Debug, Clone, PartialEq)]
pub struct ExamPlan {
    /// The exam's name, or "the exam on 23 May 2027".
    pub title: String,
    pub date: NaiveDate,
    /// Study days to the exam: 0 on its day, negative once it has passed.
    pub days_left: i64,
    /// When no new card could be learnt and revised before the exam: the days one needs
    /// (learning steps to the review state, then the final revision). No new card is
    /// introduced.
    pub new_cards_frozen: Option<u32>,
    /// Inside the final revision: the window every card seen comes back in.
    pub final_revision: Option<FinalRevision>,
}

/// The final revision's window, in which each card seen whose next review would come
/// after the exam comes back once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FinalRevision {
    /// The start (UTC) of the window's first study day.
    pub start: DateTime<Utc>,
    /// The start (UTC) of the exam's study day.
    pub exam_start: DateTime<Utc>,
    /// Study days left to spread the cards over, today included (at least 1).
    pub days: usize,
}

impl ExamPlan {
    /// The plan for the study day of `now`.
    pub fn for_day(exam: &Exam, scheduler: &Scheduler, now: DateTime<FixedOffset>) -> ExamPlan {
        let left = scheduler.days_until(exam.date, now);
        let mut plan = ExamPlan {
            title: exam.title(),
            date: exam.date,
            days_left: left,
            new_cards_frozen: None,
            final_revision: None,
        };
        if left <= 0 {
            // On the exam's day and after it the plain schedule applies.
            return plan;
        }
        let needed = scheduler.new_card_days(exam.final_revision_days);
        plan.new_cards_frozen = (left <= i64::from(needed)).then_some(needed);
        let window = i64::from(exam.final_revision_days);
        if window > 0 && left <= window {
            let today = scheduler.day_start(now);
            plan.final_revision = Some(FinalRevision {
                start: today + TimeDelta::days(left - window),
                exam_start: today + TimeDelta::days(left),
                days: usize::try_from(left).unwrap_or(1).max(1),
            });
        }
        plan
    }

    /// Whether the exam's day has gone by.
    pub fn passed(&self) -> bool {
        self.days_left < 0
    }

    /// The new cards left today, `left` before the exam is counted.
    pub fn new_limit(&self, left: usize) -> usize {
        if self.new_cards_frozen.is_some() {
            0
        } else {
            left
        }
    }

    /// The sentence for the freeze, when it takes new cards away from what is `left` today.
    pub fn frozen_said(&self, left: usize) -> Option<String> {
        let needed = self.new_cards_frozen.filter(|_| left > 0)?;
        let days =
            crate::text::Count::new(usize::try_from(self.days_left).unwrap_or(0), "day", "days");
        Some(format!(
            "No new cards: {days} to {}, within the final revision; a new card needs {needed} days to be learnt and revised before it.",
            self.title
        ))
    }

    /// The sentence for the final revision: `waiting` cards to come back, `today` of them
    /// today; nothing when none waits.
    pub fn final_revision_said(&self, waiting: usize, today: usize) -> Option<String> {
        (waiting > 0).then(|| {
            let waiting = crate::text::Count::new(waiting, "card", "cards");
            format!(
                "Final revision for {}: {waiting} seen {} back before it, weakest first; {today} today.",
                self.title,
                waiting.agree("comes", "come"),
            )
        })
    }

    /// The sentence for an exam gone by, once a session starts after it.
    pub fn passed_said(&self) -> Option<String> {
        self.passed().then(|| {
            format!(
                "{} was on {}: the plain FSRS schedule applies again (`upsc exam set` plans for the next one).",
                self.title,
                self.date.format("%-d %B %Y")
            )
        })
    }
}

impl FinalRevision {
    /// How many of `waiting` cards come back today: an even share of the days left, within
    /// the `room` the review limit leaves.
    pub fn today(&self, waiting: usize, room: usize) -> usize {
        waiting.div_ceil(self.days.max(1)).min(room)
    }
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)] // tests may fail loudly
    use super::*;
    use crate::scheduler::Settings;

    /// 10:00 in India on 1 May 2027: the study day of 1 May (the day starts at 04:00).
    fn now() -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339("2027-05-01T10:00:00+05:30").unwrap()
    }

    fn exam(date: &str, final_revision_days: u32) -> Exam {
        Exam {
            date: date.parse().unwrap(),
            name: Some("Prelims 2027".to_string()),
            target_recall: 0.9,
            final_revision_days,
        }
    }

    fn scheduler() -> Scheduler {
        Scheduler::new(Settings::default()).unwrap()
    }

    fn plan(date: &str, final_revision_days: u32) -> ExamPlan {
        ExamPlan::for_day(&exam(date, final_revision_days), &scheduler(), now())
    }

    #[test]
    fn far_from_the_exam_nothing_changes() {
        let plan = plan("2027-12-01", 7);
        assert_eq!(plan.days_left, 214);
        assert!(!plan.passed());
        assert_eq!(plan.new_cards_frozen, None);
        assert_eq!(plan.final_revision, None);
        assert_eq!(plan.new_limit(15), 15);
        assert_eq!(plan.frozen_said(15), None);
        assert_eq!(plan.passed_said(), None);
    }

    #[test]
    fn new_cards_freeze_exactly_when_one_could_not_be_learnt_before_the_exam() {
        let needed = scheduler().new_card_days(7);
        assert!(
            needed >= 7,
            "the final revision is part of what a new card needs"
        );
        let on = |days: u32| now().date_naive() + TimeDelta::days(i64::from(days));
        let last_free =
            ExamPlan::for_day(&exam(&on(needed + 1).to_string(), 7), &scheduler(), now());
        assert_eq!(last_free.new_cards_frozen, None);
        assert_eq!(last_free.new_limit(20), 20);
        let frozen = ExamPlan::for_day(&exam(&on(needed).to_string(), 7), &scheduler(), now());
        assert_eq!(frozen.days_left, i64::from(needed));
        assert_eq!(frozen.new_cards_frozen, Some(needed));
        assert_eq!(frozen.new_limit(20), 0);
        assert_eq!(
            frozen.frozen_said(20).unwrap(),
            format!(
                "No new cards: {needed} days to Prelims 2027, within the final revision; a new card needs {needed} days to be learnt and revised before it."
            )
        );
        // Nothing to take away (the day's new cards were used up): nothing said.
        assert_eq!(frozen.frozen_said(0), None);
        let tomorrow = plan("2027-05-02", 7);
        assert_eq!(tomorrow.new_limit(5), 0);
        assert!(tomorrow.frozen_said(5).unwrap().contains(" 1 day to "));
    }

    #[test]
    fn the_final_revision_window_runs_from_its_first_day_to_the_exams() {
        let scheduler = scheduler();
        let today = scheduler.day_start(now());
        let plan = plan("2027-05-05", 7);
        assert_eq!(plan.days_left, 4);
        let window = plan.final_revision.unwrap();
        assert_eq!(window.start, today - TimeDelta::days(3));
        assert_eq!(window.exam_start, today + TimeDelta::days(4));
        assert_eq!(window.days, 4);
        // The waiting cards are shared evenly over the days left, within the limit's room.
        assert_eq!(window.today(10, 100), 3);
        assert_eq!(window.today(10, 2), 2);
        assert_eq!(window.today(0, 100), 0);
        assert_eq!(
            plan.final_revision_said(10, 3).unwrap(),
            "Final revision for Prelims 2027: 10 cards seen come back before it, weakest first; 3 today."
        );
        assert_eq!(
            plan.final_revision_said(1, 1).unwrap(),
            "Final revision for Prelims 2027: 1 card seen comes back before it, weakest first; 1 today."
        );
        assert_eq!(plan.final_revision_said(0, 0), None);
        // Just outside the window, and with no window at all.
        assert_eq!(self::plan("2027-05-09", 7).final_revision, None);
        assert!(self::plan("2027-05-08", 7).final_revision.is_some());
        assert_eq!(self::plan("2027-05-05", 0).final_revision, None);
    }

    #[test]
    fn on_and_after_the_exams_day_the_plain_schedule_applies() {
        let on_the_day = plan("2027-05-01", 7);
        assert_eq!(on_the_day.days_left, 0);
        assert!(!on_the_day.passed());
        assert_eq!(on_the_day.new_cards_frozen, None);
        assert_eq!(on_the_day.final_revision, None);
        assert_eq!(on_the_day.passed_said(), None);
        let passed = plan("2027-04-30", 7);
        assert!(passed.passed());
        assert_eq!(passed.new_limit(20), 20);
        assert_eq!(passed.final_revision, None);
        assert_eq!(
            passed.passed_said().unwrap(),
            "Prelims 2027 was on 30 April 2027: the plain FSRS schedule applies again (`upsc exam set` plans for the next one)."
        );
        let unnamed = ExamPlan::for_day(
            &Exam {
                name: None,
                ..exam("2027-04-30", 7)
            },
            &scheduler(),
            now(),
        );
        assert!(
            unnamed
                .passed_said()
                .unwrap()
                .starts_with("the exam on 30 April 2027 was on")
        );
    }
}
