//! Spaced-repetition scheduling: the one place that decides when a card is next due.
//!
//! This module owns a card's scheduling state ([`CardState`]), the learner's scheduling
//! [`Settings`] (FSRS parameters, desired retention, learning and relearning steps, maximum
//! interval, when the learner's day starts, fuzz), and the rules that turn a [`Rating`] into
//! the next state, the way Anki and py-fsrs do it:
//!
//! * memory states (stability, difficulty) always come from the `fsrs` crate's
//!   [`FSRS::next_states`], with the elapsed time counted in the learner's days;
//! * new, learning and relearning cards walk through the (re)learning steps in seconds;
//! * cards that graduate, and review cards, get a whole-day interval from FSRS, kept in the
//!   order hard < good < easy, capped at the maximum interval and fuzzed with Anki's fuzz
//!   ranges, drawn from a seeded RNG so that replaying a review log reproduces every state.
//!
//! With an exam planned for ([`Scheduler::planning_for`]), an interval that would carry a
//! card past the exam day is shortened when the card, left alone, would be below the
//! exam's target recall on that day: it comes back on the last day its recall is still at
//! the target (before the exam), and is capped again at that review, so that its last
//! review before the exam leaves it at or above the target on exam day. On and after the
//! exam day the plain FSRS schedule applies. Exam-day recall counts whole learner days
//! from the day of the last review, as FSRS counts elapsed time.
//!
//! Day-interval due times are `now + interval days` (keeping the time of day). Because the
//! learner's offset is fixed for a review, a card due `n` days later falls in the learner's
//! day `n` days after today; to find cards due "today", compare `due` with
//! [`Scheduler::next_day_start`].
//!
//! Split by seam: a card's state and ratings in `card`, the settings in `settings`,
//! the study day in [`day`], learning steps and fuzz in `steps`, and the compact walks
//! of the exam forecasts in `stepper`; the [`Scheduler`] itself is here.

use chrono::{DateTime, FixedOffset, NaiveDate, TimeDelta, Utc};
use fsrs::{FSRS, ItemState, MemoryState};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

mod card;
pub mod day;
mod settings;
mod stepper;
mod steps;

#[cfg(test)]
mod tests;

pub use card::{CardState, Rating, State};
pub use settings::{SchedulerError, Settings};
pub use stepper::{Compact, Stepper};
pub use steps::fuzz_seed;

use day::{SECS_PER_DAY, date_of_day, day_of_date};
use stepper::settle_days;
use steps::{add_delay, constrained_fuzz_bounds, minimum_days_after, step_transition};

pub const PARAMETER_COUNT: usize = 21;
/// The bounds `fsrs` clips the forgetting-curve decay (w20) to.
const DECAY_BOUNDS: (f32, f32) = (0.1, 0.8);

/// The exam a scheduler plans for: its day in the learner's calendar and the recall each
/// card should have on it. Not part of [`Settings`]: it comes from the settings file and is
/// never saved in the store, so clearing it changes nothing recorded.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ExamTarget {
    pub date: NaiveDate,
    /// Strictly between 0 and 1.
    pub target_recall: f32,
}

/// Turns ratings into next states, using one learner's [`Settings`].
#[derive(Debug, Clone)]
pub struct Scheduler {
    fsrs: FSRS,
    settings: Settings,
    /// The forgetting curve's decay (w20), clipped as `fsrs` clips it.
    decay: f32,
    /// The exam planned for, if any.
    exam: Option<ExamTarget>,
}

/// What a rating does to a card, before any interval is worked out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Transition {
    /// Stay in (or enter) `state` at learning step `step`, due after `secs` seconds.
    Step { state: State, step: u32, secs: u64 },
    /// Move to Review with a whole-day interval.
    Graduate,
}

/// When an outcome is due, counted from the review.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Delay {
    Secs(u64),
    Days(u32),
}

impl Scheduler {
    /// A scheduler for these settings, or why they cannot be used.
    pub fn new(settings: Settings) -> Result<Scheduler, SchedulerError> {
        if settings.parameters.len() != PARAMETER_COUNT {
            return Err(SchedulerError::ParameterCount {
                found: settings.parameters.len(),
            });
        }
        if let Some((index, &value)) = settings
            .parameters
            .iter()
            .enumerate()
            .find(|(_, value)| !value.is_finite())
        {
            return Err(SchedulerError::NonFiniteParameter { index, value });
        }
        let retention = settings.desired_retention;
        if !(retention > 0.0 && retention < 1.0) {
            return Err(SchedulerError::DesiredRetention(retention));
        }
        if settings.day_starts_at_hour > 23 {
            return Err(SchedulerError::DayStartHour(settings.day_starts_at_hour));
        }
        if settings.maximum_interval_days == 0 {
            return Err(SchedulerError::MaximumInterval(0));
        }
        for (which, steps) in [
            ("learning", &settings.learning_steps_secs),
            ("relearning", &settings.relearning_steps_secs),
        ] {
            if steps.windows(2).any(|pair| pair[1] < pair[0]) {
                return Err(SchedulerError::DecreasingSteps { which });
            }
        }
        let fsrs = FSRS::new(&settings.parameters)
            .map_err(|error| SchedulerError::Fsrs(format!("{error:?}")))?;
        let decay = settings
            .parameters
            .last()
            .copied()
            .unwrap_or(fsrs::FSRS6_DEFAULT_DECAY)
            .clamp(DECAY_BOUNDS.0, DECAY_BOUNDS.1);
        Ok(Scheduler {
            fsrs,
            settings,
            decay,
            exam: None,
        })
    }

    /// This scheduler, planning for `exam` (or not, with `None`). A target recall outside
    /// (0, 1) plans for nothing.
    pub fn planning_for(mut self, exam: Option<ExamTarget>) -> Scheduler {
        self.exam = exam.filter(|e| e.target_recall > 0.0 && e.target_recall < 1.0);
        self
    }

    /// The exam planned for, if any (whether or not it is past).
    pub fn exam(&self) -> Option<ExamTarget> {
        self.exam
    }

    /// This scheduler without fuzz, for forecasts that should not depend on the dice.
    pub fn without_fuzz(&self) -> Scheduler {
        let mut plain = self.clone();
        plain.settings.fuzz = false;
        plain
    }

    /// The learner's calendar date of `now`: the day starts at `day_starts_at_hour` in
    /// `now`'s offset, so 02:00 on the 23rd is still the 22nd when days start at 04:00.
    pub fn study_date(&self, now: DateTime<FixedOffset>) -> NaiveDate {
        let offset = i64::from(now.offset().local_minus_utc());
        date_of_day(self.day_number(now.timestamp(), offset))
    }

    /// Learner days from `now`'s study day to `date` (0 on the day, negative after it).
    pub fn days_until(&self, date: NaiveDate, now: DateTime<FixedOffset>) -> i64 {
        day_of_date(date) - day_of_date(self.study_date(now))
    }

    /// Learner days from `now`'s study day to the study day of `time` (in `now`'s offset):
    /// 0 for later today, 1 for tomorrow, negative in the past.
    #[cfg(test)]
    pub fn days_from_today(&self, time: DateTime<Utc>, now: DateTime<FixedOffset>) -> i64 {
        self.day_of(time, now) - self.day_of(now.to_utc(), now)
    }

    /// The learner's day number (in `now`'s offset) of a UTC time.
    fn day_of(&self, time: DateTime<Utc>, now: DateTime<FixedOffset>) -> i64 {
        self.day_number(time.timestamp(), i64::from(now.offset().local_minus_utc()))
    }

    /// The recall of `card` on study day `date` if it is not reviewed before: FSRS's
    /// forgetting curve over the whole learner days since its last review (0 for a card
    /// never reviewed). Days are counted in `now`'s offset.
    pub fn recall_on(&self, card: &CardState, date: NaiveDate, now: DateTime<FixedOffset>) -> f32 {
        let (Some(memory), Some(last)) = (card.memory(), card.last_review) else {
            return 0.0;
        };
        let elapsed = (day_of_date(date) - self.day_of(last, now)).max(0);
        self.recall_after(memory.stability, elapsed)
    }

    /// FSRS's forgetting curve: recall `days` whole days after a review leaving `stability`.
    pub fn recall_after(&self, stability: f32, days: i64) -> f32 {
        if !(stability.is_finite() && stability > 0.0) {
            return 0.0;
        }
        let memory = MemoryState {
            stability,
            difficulty: 5.0,
        };
        let recall = fsrs::current_retrievability(memory, days as f32, self.decay);
        if recall.is_finite() {
            recall.clamp(0.0, 1.0)
        } else {
            0.0
        }
    }

    /// The most whole days after a review leaving `stability` that recall stays at or above
    /// `target` (0 when not even a day does).
    pub fn days_held(&self, stability: f32, target: f32) -> u32 {
        if !(stability.is_finite() && stability > 0.0 && target > 0.0 && target < 1.0) {
            return 0;
        }
        // The forgetting curve inverted, then checked against the curve itself so that
        // rounding never claims a day too many.
        let decay = f64::from(self.decay);
        let factor = 0.9f64.powf(-1.0 / decay) - 1.0;
        let t = f64::from(stability) / factor * (f64::from(target).powf(-1.0 / decay) - 1.0);
        settle_days(t, target, |days| self.recall_after(stability, days))
    }

    /// The days a new card needs before the exam: the days until, learnt today and
    /// answered Good at every step, it leaves its learning steps, plus the final-revision
    /// days. Once it is a review card, the exam cap brings it back as often as the target
    /// needs, so graduating is all it must do before the final revision begins. (Stopping
    /// earlier, until its stability alone held it at the target, was measured to cost
    /// exam-day recall: a card never introduced counts as forgotten; see
    /// `cargo bench --bench exam`.)
    pub fn new_card_days(&self, final_days: u32) -> u32 {
        let plain = self.without_fuzz().planning_for(None);
        let start = DateTime::UNIX_EPOCH.fixed_offset();
        let mut now = start;
        let mut card = CardState::new_card(start.to_utc());
        for _ in 0..64 {
            card = plain.review(&card, Rating::Good, now, 0);
            if card.state == State::Review {
                let day = u32::try_from((now - start).num_days()).unwrap_or(u32::MAX);
                return day.saturating_add(final_days);
            }
            now = card.due.fixed_offset().max(now);
        }
        u32::MAX
    }

    /// The settings this scheduler was made with.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The card after the learner rates it `rating` at `now`.
    ///
    /// `now` carries the learner's local offset: day boundaries use it with
    /// `day_starts_at_hour`. `fuzz_seed` makes fuzz reproducible: the same inputs always give
    /// the same result (callers pass a hash of card key and review time, see [`fuzz_seed`]),
    /// so replaying a review log reproduces states exactly.
    pub fn review(
        &self,
        card: &CardState,
        rating: Rating,
        now: DateTime<FixedOffset>,
        fuzz_seed: u64,
    ) -> CardState {
        let [again, hard, good, easy] = self.preview(card, now, fuzz_seed);
        match rating {
            Rating::Again => again,
            Rating::Hard => hard,
            Rating::Good => good,
            Rating::Easy => easy,
        }
    }

    /// The state each of the four ratings would lead to, indexed again, hard, good, easy
    /// (for showing "Good: 3d" previews). `preview(..)[r]` is exactly what `review` gives
    /// for the same arguments, and a better rating is never due earlier than a worse one.
    pub fn preview(
        &self,
        card: &CardState,
        now: DateTime<FixedOffset>,
        fuzz_seed: u64,
    ) -> [CardState; 4] {
        let now_utc = now.to_utc();
        let elapsed = match card.last_review {
            Some(last) => self.elapsed_days(last, now),
            None => 0,
        };
        let memories = self.next_memories(card, elapsed);
        let fuzz = self.fuzz_factor(fuzz_seed);
        let mut previous: Option<Delay> = None;
        Rating::ALL.map(|rating| {
            let item = &memories[usize::from(rating.as_u8() - 1)];
            let (state, step, delay) = match self.transition(card.state, card.step, rating) {
                Transition::Step { state, step, secs } => {
                    // Nothing is scheduled beyond the maximum interval, steps included.
                    let cap = u64::from(self.settings.maximum_interval_days) * SECS_PER_DAY as u64;
                    (state, step, Delay::Secs(secs.min(cap)))
                }
                Transition::Graduate => {
                    let minimum = minimum_days_after(previous, rating);
                    let days = self.constrain_interval(item.interval, minimum, fuzz);
                    // Never before a worse rating's due day, so the order holds.
                    let floor = match previous {
                        Some(Delay::Days(d)) => d,
                        _ => 1,
                    };
                    let days = self.exam_cap(days, item.memory.stability, now, floor);
                    (State::Review, 0, Delay::Days(days))
                }
            };
            previous = Some(delay);
            let lapsed = card.state == State::Review && rating == Rating::Again;
            CardState {
                state,
                due: add_delay(now_utc, delay),
                stability: item.memory.stability,
                difficulty: item.memory.difficulty,
                step,
                reps: card.reps.saturating_add(1),
                lapses: card.lapses.saturating_add(u32::from(lapsed)),
                last_review: Some(now_utc),
            }
        })
    }

    /// Probability of recall now (0 for new cards), from the time since the last review in
    /// fractional days.
    pub fn retrievability(&self, card: &CardState, now: DateTime<Utc>) -> f32 {
        let (Some(memory), Some(last)) = (card.memory(), card.last_review) else {
            return 0.0;
        };
        let elapsed_ms = now.signed_duration_since(last).num_milliseconds().max(0);
        let days = elapsed_ms as f64 / (SECS_PER_DAY as f64 * 1000.0);
        let recall = fsrs::current_retrievability(memory, days as f32, self.decay);
        if recall.is_finite() {
            recall.clamp(0.0, 1.0)
        } else {
            0.0
        }
    }

    /// The start (UTC) of the learner's day containing `now`: the day rolls over at
    /// `day_starts_at_hour` in `now`'s offset, so 03:00 belongs to the day before when the
    /// day starts at 04:00.
    pub fn day_start(&self, now: DateTime<FixedOffset>) -> DateTime<Utc> {
        let offset = i64::from(now.offset().local_minus_utc());
        let day = self.day_number(now.timestamp(), offset);
        let start = day::start(day, offset, self.settings.day_starts_at_hour);
        DateTime::from_timestamp(start, 0).unwrap_or_else(|| now.to_utc())
    }

    /// The start (UTC) of the learner's next day: cards with `due` before it are due today.
    pub fn next_day_start(&self, now: DateTime<FixedOffset>) -> DateTime<Utc> {
        let start = self.day_start(now);
        start
            .checked_add_signed(TimeDelta::seconds(SECS_PER_DAY))
            .unwrap_or(start)
    }

    /// Whole learner days from the day of `last_review` to the day of `now`, both in `now`'s
    /// offset (0 for the same day, and for a `last_review` in the future).
    pub fn elapsed_days(&self, last_review: DateTime<Utc>, now: DateTime<FixedOffset>) -> u32 {
        let offset = i64::from(now.offset().local_minus_utc());
        let days = self.day_number(now.timestamp(), offset)
            - self.day_number(last_review.timestamp(), offset);
        u32::try_from(days.max(0)).unwrap_or(u32::MAX)
    }

    /// The learner's day number (days since the epoch's learner day) of a Unix timestamp
    /// ([`day::number`] with this learner's day start).
    fn day_number(&self, timestamp: i64, offset_secs: i64) -> i64 {
        day::number(timestamp, offset_secs, self.settings.day_starts_at_hour)
    }

    /// `days`, shortened when the exam planned for is still to come, the card would next
    /// be due on or after its day, and a review now leaving `stability` would not hold it
    /// at the target recall until then: it comes back on the last day before the exam that
    /// its recall is still at the target (at least 1 day and `floor` days on).
    fn exam_cap(&self, days: u32, stability: f32, now: DateTime<FixedOffset>, floor: u32) -> u32 {
        let Some(exam) = self.exam else {
            return days;
        };
        let left = self.days_until(exam.date, now);
        // The exam is tomorrow or past: a review today is its last before the exam, or the
        // plain schedule is back.
        if left < 2 || i64::from(days) < left {
            return days;
        }
        if self.recall_after(stability, left) >= exam.target_recall {
            return days;
        }
        let held = i64::from(self.days_held(stability, exam.target_recall));
        let capped = held.clamp(1, left - 1).max(i64::from(floor));
        u32::try_from(capped).unwrap_or(days).min(days)
    }

    /// The FSRS memory state and raw interval after each rating, again first.
    fn next_memories(&self, card: &CardState, elapsed_days: u32) -> [ItemState; 4] {
        let retention = self.settings.desired_retention;
        let states = self
            .fsrs
            .next_states(card.memory(), retention, elapsed_days)
            .or_else(|_| self.fsrs.next_states(None, retention, 0));
        match states {
            Ok(next) => [next.again, next.hard, next.good, next.easy],
            // Unreachable with validated parameters; fall back to the initial stabilities.
            Err(_) => Rating::ALL.map(|rating| {
                let index = usize::from(rating.as_u8() - 1);
                let stability = self
                    .settings
                    .parameters
                    .get(index)
                    .copied()
                    .unwrap_or(1.0)
                    .clamp(0.001, 100.0);
                ItemState {
                    memory: MemoryState {
                        stability,
                        difficulty: 5.0,
                    },
                    interval: stability,
                }
            }),
        }
    }

    /// What `rating` does to `card`, leaving day intervals to be worked out.
    fn transition(&self, state: State, step: u32, rating: Rating) -> Transition {
        let learning = &self.settings.learning_steps_secs;
        let relearning = &self.settings.relearning_steps_secs;
        match state {
            State::New => step_transition(State::Learning, learning, 0, rating),
            State::Learning => step_transition(State::Learning, learning, step, rating),
            State::Relearning => step_transition(State::Relearning, relearning, step, rating),
            State::Review => match (rating, relearning.first()) {
                (Rating::Again, Some(&secs)) => Transition::Step {
                    state: State::Relearning,
                    step: 0,
                    secs: u64::from(secs),
                },
                _ => Transition::Graduate,
            },
        }
    }

    /// The fuzz factor in [0, 1) for this seed, or `None` when fuzz is off.
    fn fuzz_factor(&self, fuzz_seed: u64) -> Option<f32> {
        self.settings
            .fuzz
            .then(|| StdRng::seed_from_u64(fuzz_seed).random_range(0.0f32..1.0))
    }

    /// A whole-day interval from FSRS's raw interval: at least `minimum` days and 1 day, at
    /// most the maximum interval, fuzzed as Anki fuzzes review intervals.
    fn constrain_interval(&self, interval: f32, minimum: u32, fuzz: Option<f32>) -> u32 {
        let maximum = self.settings.maximum_interval_days.max(1);
        let minimum = minimum.clamp(1, maximum);
        let interval = if interval.is_finite() {
            interval
        } else {
            minimum as f32
        };
        match fuzz {
            Some(factor) => {
                let (lower, upper) = constrained_fuzz_bounds(interval, minimum, maximum);
                let span = f64::from(upper - lower) + 1.0;
                let offset = (f64::from(factor.clamp(0.0, 1.0)) * span).floor() as u32;
                lower.saturating_add(offset).clamp(lower, upper)
            }
            None => (interval.round() as u32).clamp(minimum, maximum),
        }
    }
}
