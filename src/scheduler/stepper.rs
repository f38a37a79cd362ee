//! Walks of many steps ([`Stepper`], for the exam forecasts) on compact states, with the
//! FSRS formulas of the two outcomes they need computed once.

use chrono::{DateTime, FixedOffset, TimeDelta, Utc};

use super::card::{CardState, Rating, State};
use super::day::{SECS_PER_DAY, day_of_date};
use super::steps::minimum_days_after;
use super::{Delay, PARAMETER_COUNT, Scheduler, Transition};

/// A card's state for walks that take many steps ([`Stepper`]): times as whole Unix
/// seconds instead of `DateTime`s. Day numbers only ever use whole seconds, so a walk in
/// these gives the same days as one in [`CardState`]s.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Compact {
    pub state: State,
    pub due: i64,
    pub stability: f32,
    pub difficulty: f32,
    pub step: u32,
    pub last_review: Option<i64>,
}

impl Compact {
    pub fn of(card: &CardState) -> Compact {
        Compact {
            state: card.state,
            due: card.due.timestamp(),
            stability: card.stability,
            difficulty: card.difficulty,
            step: card.step,
            last_review: card.last_review.map(|t| t.timestamp()),
        }
    }

    /// The full state again (reps and lapses are not kept: 0).
    pub(super) fn to_state(self) -> CardState {
        let time =
            |secs: i64| DateTime::from_timestamp(secs, 0).unwrap_or(DateTime::<Utc>::MAX_UTC);
        CardState {
            state: self.state,
            due: time(self.due),
            stability: self.stability,
            difficulty: self.difficulty,
            step: self.step,
            reps: 0,
            lapses: 0,
            last_review: self.last_review.map(time),
        }
    }
}

/// The `fsrs` crate's bounds on stability and difficulty.
pub(super) const S_BOUNDS: (f32, f32) = (0.001, 36_500.0);
pub(super) const D_BOUNDS: (f32, f32) = (1.0, 10.0);

/// The scheduler's Again and Good outcomes in one fixed offset, with the constants that
/// every call of [`Scheduler::preview`] works out again computed once, and only the FSRS
/// formulas those two outcomes need (the `fsrs` crate's own, in the same order, on its
/// clipped parameters; see `step` in its `model.rs`). For forecasts that take millions of
/// steps (`exam::forecast`). `again_good(card, at)` is exactly `preview(card, at, 0)`'s
/// Again and Good outcomes without fuzz: [`Stepper::new`] checks that on sample states and
/// falls back to `preview` itself when it does not hold (another `fsrs` version), as it
/// does for states it does not cover (new cards, non-finite values).
#[derive(Debug, Clone)]
pub struct Stepper {
    /// The scheduler, without fuzz.
    pub(super) scheduler: Scheduler,
    pub(super) offset: FixedOffset,
    pub(super) offset_secs: i64,
    /// The parameters as `FSRS::new` clips them.
    pub(super) w: [f32; PARAMETER_COUNT],
    /// `power_forgetting_curve`'s factor and decay.
    pub(super) curve_factor: f32,
    pub(super) curve_decay: f32,
    /// `next_interval`'s factor and its retention term.
    pub(super) interval_factor: f32,
    pub(super) interval_term: f32,
    /// `current_retrievability`'s factor with the scheduler's decay.
    pub(super) recall_factor: f32,
    /// `exp(w8)`, `exp(w17 * w18)`, and the short-term factors `exp(w17 * (r - 3 + w18))`
    /// for Again, Hard and Good.
    pub(super) exp_w8: f32,
    pub(super) exp_w17_w18: f32,
    pub(super) short_again: f32,
    pub(super) short_hard: f32,
    pub(super) short_good: f32,
    /// `stability_after_success`'s `init_difficulty(w, 4)` (the mean-reversion target).
    pub(super) init_4: f32,
    /// The exam's learner-day number and target, when the scheduler plans for one.
    pub(super) exam: Option<(i64, f32)>,
    /// [`Scheduler::days_held`]'s two constants for the exam's target: the curve's factor
    /// and the target's term, in `f64` as it works them out.
    pub(super) held_factor: f64,
    pub(super) held_term: f64,
    /// Whether the fast formulas agreed with `preview` on the sample states.
    pub(super) fast: bool,
    /// Whether `recall_after` and the step's forgetting curve are the same operations on
    /// the same constants (their factors and decays have the same bits).
    pub(super) recall_is_curve: bool,
}

impl Stepper {
    /// A stepper for `scheduler` (without fuzz: fuzz is ignored) in `offset`.
    pub fn new(scheduler: &Scheduler, offset: FixedOffset) -> Stepper {
        let scheduler = scheduler.without_fuzz();
        let mut w = [0.0f32; PARAMETER_COUNT];
        for (to, from) in w.iter_mut().zip(&scheduler.settings.parameters) {
            *to = *from;
        }
        // `fsrs::parameter_clipper::clip_parameters(.., 1, false)`, which `FSRS::new` applies.
        const CLAMPS: [(f32, f32); PARAMETER_COUNT] = [
            (0.001, 100.0),
            (0.001, 100.0),
            (0.001, 100.0),
            (0.001, 100.0),
            (1.0, 10.0),
            (0.001, 4.0),
            (0.001, 4.0),
            (0.001, 0.75),
            (0.0, 4.5),
            (0.0, 0.8),
            (0.001, 3.5),
            (0.001, 5.0),
            (0.001, 0.25),
            (0.001, 0.9),
            (0.0, 4.0),
            (0.0, 1.0),
            (1.0, 6.0),
            (0.0, 2.0),
            (0.0, 2.0),
            (0.0, 0.8),
            (0.1, 0.8),
        ];
        for (value, (low, high)) in w.iter_mut().zip(CLAMPS) {
            *value = value.clamp(low, high);
        }
        let decay = -w[20];
        let curve_factor = (0.9f32.ln() / decay).exp() - 1.0;
        let retention = scheduler.settings.desired_retention;
        let recall_factor = 0.9f32.powf(1.0 / -scheduler.decay) - 1.0;
        let recall_is_curve = recall_factor.to_bits() == curve_factor.to_bits()
            && (-scheduler.decay).to_bits() == decay.to_bits();
        let exam = scheduler
            .exam
            .map(|e| (day_of_date(e.date), e.target_recall));
        let held_decay = f64::from(scheduler.decay);
        let held_factor = 0.9f64.powf(-1.0 / held_decay) - 1.0;
        let held_term = exam.map_or(0.0, |(_, target)| {
            f64::from(target).powf(-1.0 / held_decay) - 1.0
        });
        // `stability_short_term`'s factor for a rating.
        let short_term = |rating: f32| (w[17] * (rating - 3.0 + w[18])).exp();
        let mut stepper = Stepper {
            scheduler,
            offset,
            offset_secs: i64::from(offset.local_minus_utc()),
            w,
            curve_factor,
            curve_decay: decay,
            interval_factor: curve_factor,
            interval_term: retention.powf(1.0 / decay) - 1.0,
            recall_factor,
            exp_w8: w[8].exp(),
            exp_w17_w18: (w[17] * w[18]).exp(),
            short_again: short_term(1.0),
            short_hard: short_term(2.0),
            short_good: short_term(3.0),
            init_4: w[4] - (w[5] * 3.0f32).exp() + 1.0,
            exam,
            held_factor,
            held_term,
            fast: true,
            recall_is_curve,
        };
        stepper.fast = stepper.agrees();
        stepper
    }

    /// Whether the fast formulas give `preview`'s outcomes on a spread of states.
    pub(super) fn agrees(&self) -> bool {
        let start = DateTime::UNIX_EPOCH.with_timezone(&self.offset) + TimeDelta::days(20_000);
        let scheduler = &self.scheduler;
        let mut card = CardState::new_card(start.to_utc());
        let mut at = start;
        // Good, Good, …, Again now and then, at varied gaps: learning, review, relearning.
        for i in 0..40u32 {
            let rating = if i % 7 == 5 {
                Rating::Again
            } else {
                Rating::Good
            };
            if card.state != State::New {
                let compact = Compact::of(&card);
                let [again, _, good, _] = scheduler.preview(&card, at, 0);
                let Some((Some(fast_again), fast_good, _)) =
                    self.fast_again_good(&compact, at.timestamp(), |_| true)
                else {
                    return false;
                };
                if fast_again != Compact::of(&again) || fast_good != Compact::of(&good) {
                    return false;
                }
            }
            card = scheduler.review(&card, rating, at, 0);
            let gap = i64::from(i % 5) * 86_400 * 3 + 3_600;
            at = card.due.with_timezone(&self.offset).max(at) + TimeDelta::seconds(gap);
        }
        true
    }

    /// The learner's day number of a Unix time in this offset.
    pub fn day(&self, secs: i64) -> i64 {
        self.scheduler.day_number(secs, self.offset_secs)
    }

    /// [`Scheduler::recall_after`], with its constant worked out once.
    pub fn recall_after(&self, stability: f32, days: i64) -> f32 {
        if !(stability.is_finite() && stability > 0.0) {
            return 0.0;
        }
        let recall =
            (days as f32 / stability * self.recall_factor + 1.0).powf(-self.scheduler.decay);
        if recall.is_finite() {
            recall.clamp(0.0, 1.0)
        } else {
            0.0
        }
    }

    /// `preview(card, at, 0)`'s Again and Good outcomes (fuzz off), `at` in Unix seconds.
    pub fn again_good(&self, card: &Compact, at: i64) -> (Compact, Compact) {
        if self.fast
            && let Some((Some(again), good, _)) = self.fast_again_good(card, at, |_| true)
        {
            return (again, good);
        }
        self.slow_again_good(card, at)
    }

    /// [`Stepper::again_good`] through `preview` itself.
    pub(super) fn slow_again_good(&self, card: &Compact, at: i64) -> (Compact, Compact) {
        let time = DateTime::from_timestamp(at, 0)
            .unwrap_or(DateTime::<Utc>::MAX_UTC)
            .with_timezone(&self.offset);
        let [again, _, good, _] = self.scheduler.preview(&card.to_state(), time, 0);
        (Compact::of(&again), Compact::of(&good))
    }

    /// One review of a card at `at`, `days` after its last review, as a walk that weighs
    /// its outcomes needs them: [`Stepper::recall_after`] of the card's stability for those
    /// days, the Good outcome, and the Again outcome when `wanted(recall)` says so (`None`
    /// otherwise). A walk that follows only the recalled branch skips Again's memory state,
    /// the dearest part of the step. The outcomes are [`Stepper::again_good`]'s.
    ///
    /// The step works out the same forgetting curve for the days since the last review, so
    /// when those are `days` it is not worked out twice (the same operations on the same
    /// values when the scheduler's decay and `fsrs`'s agree, which `recall_is_curve` says).
    pub fn review(
        &self,
        card: &Compact,
        at: i64,
        days: i64,
        wanted: impl FnOnce(f32) -> bool,
    ) -> (f32, Compact, Option<Compact>) {
        let recall_of = |curve: Option<(u32, f32)>| match curve {
            Some((elapsed, r))
                if self.recall_is_curve
                    && i64::from(elapsed) == days
                    && card.stability == card.stability.clamp(S_BOUNDS.0, S_BOUNDS.1) =>
            {
                // `recall_after`'s checks: the stability is finite and positive here.
                if r.is_finite() {
                    r.clamp(0.0, 1.0)
                } else {
                    0.0
                }
            }
            _ => self.recall_after(card.stability, days),
        };
        if self.fast {
            let mut recall = None;
            let outcomes = self.fast_again_good(card, at, |curve| {
                let r = recall_of(curve);
                recall = Some(r);
                wanted(r)
            });
            if let (Some((again, good, _)), Some(recall)) = (outcomes, recall) {
                return (recall, good, again);
            }
        }
        let (again, good) = self.slow_again_good(card, at);
        (self.recall_after(card.stability, days), good, Some(again))
    }

    /// The Again and Good outcomes, and when the card was last reviewed days before,
    /// those days and the forgetting curve's value for them. `wanted` is given that curve
    /// (before the outcomes are worked out) and says whether the Again outcome is wanted:
    /// when it is not, it is left out (`None`) unless Hard's and Good's depend on it.
    #[allow(clippy::type_complexity)]
    pub(super) fn fast_again_good(
        &self,
        card: &Compact,
        at: i64,
        wanted: impl FnOnce(Option<(u32, f32)>) -> bool,
    ) -> Option<(Option<Compact>, Compact, Option<(u32, f32)>)> {
        let usable = card.state != State::New
            && card.stability.is_finite()
            && card.stability > 0.0
            && card.difficulty.is_finite();
        if !usable {
            return None;
        }
        let w = &self.w;
        // The day of the answer, once: the elapsed days and the exam cap both count from it.
        let at_day = self.day(at);
        let elapsed = match card.last_review {
            Some(last) => u32::try_from((at_day - self.day(last)).max(0)).unwrap_or(u32::MAX),
            None => 0,
        };
        let delta_t = elapsed as f32;
        let last_s = card.stability.clamp(S_BOUNDS.0, S_BOUNDS.1);
        let last_d = card.difficulty.clamp(D_BOUNDS.0, D_BOUNDS.1);
        // Memory states after Again, Hard and Good (`fsrs`'s `step` with nth = 1).
        let curve = (delta_t != 0.0).then(|| {
            let r = (delta_t / last_s * self.curve_factor + 1.0).powf(self.curve_decay);
            (elapsed, r)
        });
        // Again's outcome is worked out when it is wanted, or when it graduates: then its
        // day is Hard's floor, and so Good's.
        let again_transition = self
            .scheduler
            .transition(card.state, card.step, Rating::Again);
        let with_again = wanted(curve) || matches!(again_transition, Transition::Graduate);
        let [again_s, hard_s, good_s] = match curve {
            None => {
                let power = last_s.powf(-w[19]);
                let again = last_s * (self.short_again * power);
                let hard = last_s * (self.short_hard * power).max(1.0);
                let good = last_s * (self.short_good * power).max(1.0);
                [again, hard, good]
            }
            Some((_, r)) => {
                let failure = if with_again {
                    let new_s = w[11]
                        * last_d.powf(-w[12])
                        * ((last_s + 1.0).powf(w[13]) - 1.0)
                        * ((1.0 - r) * w[14]).exp();
                    new_s.min(last_s / self.exp_w17_w18)
                } else {
                    // Not used: Again's outcome is left out.
                    last_s
                };
                let power = last_s.powf(-w[9]);
                let growth = ((1.0 - r) * w[10]).exp() - 1.0;
                let success = |penalty: f32| {
                    last_s * (self.exp_w8 * (11.0 - last_d) * power * growth * penalty * 1.0 + 1.0)
                };
                [failure, success(w[15]), success(1.0)]
            }
        };
        let difficulty = |rating: f32| {
            let delta_d = -w[6] * (rating - 3.0);
            let new_d = last_d + (10.0 - last_d) * delta_d / 9.0;
            (w[7] * (self.init_4 - new_d) + new_d).clamp(D_BOUNDS.0, D_BOUNDS.1)
        };
        let memories = [
            (again_s.clamp(S_BOUNDS.0, S_BOUNDS.1), difficulty(1.0)),
            (hard_s.clamp(S_BOUNDS.0, S_BOUNDS.1), difficulty(2.0)),
            (good_s.clamp(S_BOUNDS.0, S_BOUNDS.1), difficulty(3.0)),
        ];
        if memories
            .iter()
            .any(|(s, d)| !s.is_finite() || !d.is_finite())
        {
            return None;
        }
        // `preview`'s outcomes for the three ratings, in order (Good's floor is Hard's day).
        let mut previous: Option<Delay> = None;
        let mut out = [None; 3];
        for (i, rating) in [Rating::Again, Rating::Hard, Rating::Good]
            .into_iter()
            .enumerate()
        {
            let (stability, difficulty) = memories[i];
            let transition = if rating == Rating::Again {
                again_transition
            } else {
                self.scheduler.transition(card.state, card.step, rating)
            };
            let (state, step, delay) = match transition {
                Transition::Step { state, step, secs } => {
                    let cap = u64::from(self.scheduler.settings.maximum_interval_days)
                        * SECS_PER_DAY as u64;
                    (state, step, Delay::Secs(secs.min(cap)))
                }
                Transition::Graduate => {
                    let minimum = minimum_days_after(previous, rating);
                    let interval = stability / self.interval_factor * self.interval_term;
                    let days = self.scheduler.constrain_interval(interval, minimum, None);
                    let floor = match previous {
                        Some(Delay::Days(d)) => d,
                        _ => 1,
                    };
                    let days = self.exam_cap(days, stability, at_day, floor);
                    (State::Review, 0, Delay::Days(days))
                }
            };
            previous = Some(delay);
            let secs = match delay {
                Delay::Secs(secs) => i64::try_from(secs).unwrap_or(i64::MAX),
                Delay::Days(days) => i64::from(days) * SECS_PER_DAY,
            };
            out[i] = Some(Compact {
                state,
                due: at.saturating_add(secs).min(MAX_SECS),
                stability,
                difficulty,
                step,
                last_review: Some(at),
            });
        }
        match out {
            [again, _, Some(good)] => Some((again.filter(|_| with_again), good, curve)),
            _ => None,
        }
    }

    /// [`Scheduler::exam_cap`] in day numbers.
    pub(super) fn exam_cap(&self, days: u32, stability: f32, at_day: i64, floor: u32) -> u32 {
        let Some((exam_day, target)) = self.exam else {
            return days;
        };
        let left = exam_day - at_day;
        if left < 2 || i64::from(days) < left {
            return days;
        }
        if self.holds(stability, left, target) {
            return days;
        }
        let held = i64::from(self.days_held(stability, target));
        let capped = held.clamp(1, left - 1).max(i64::from(floor));
        u32::try_from(capped).unwrap_or(days).min(days)
    }

    /// Whether `recall_after(stability, days) >= target`, mostly without working out the
    /// curve. That holds exactly when the stability is at least `days * held_factor /
    /// held_term` (the curve inverted), so well away from that stability the answer is
    /// plain; within `margin` of it (relative), where the curve's rounding could decide,
    /// the curve is worked out as the scheduler does. The margin moves the recall at
    /// least ten times further than the curve's rounding error (a few units in the last
    /// place of an `f32`): near the threshold a relative change `m` of the stability moves
    /// the recall by about `m * (1 - target)` of itself.
    pub(super) fn holds(&self, stability: f32, days: i64, target: f32) -> bool {
        let threshold = days as f64 * self.held_factor / self.held_term;
        let margin = (1e-5 / (1.0 - f64::from(target))).max(1e-3);
        let s = f64::from(stability);
        if threshold.is_finite() && threshold > 0.0 && margin < 0.5 {
            if s >= threshold * (1.0 + margin) {
                return true;
            }
            if s <= threshold * (1.0 - margin) {
                return false;
            }
        }
        self.recall_after(stability, days) >= target
    }

    /// [`Scheduler::days_held`] for the exam's target, with its constants worked out once
    /// and [`Stepper::recall_after`] (the same values as the scheduler's).
    pub(super) fn days_held(&self, stability: f32, target: f32) -> u32 {
        if !(stability.is_finite() && stability > 0.0 && target > 0.0 && target < 1.0) {
            return 0;
        }
        let t = f64::from(stability) / self.held_factor * self.held_term;
        settle_days(t, target, |days| self.recall_after(stability, days))
    }
}

/// The most days, from the estimate `t`, after which `recall_after` is still at least
/// `target`: the inverted curve's answer checked against the curve itself, so that
/// rounding never claims a day too many (or too few).
pub(super) fn settle_days(t: f64, target: f32, recall_after: impl Fn(i64) -> f32) -> u32 {
    let mut days = t.clamp(0.0, 1e6).floor() as u32;
    while days > 0 && recall_after(i64::from(days)) < target {
        days -= 1;
    }
    while recall_after(i64::from(days) + 1) >= target && days < 1_000_000 {
        days += 1;
    }
    days
}

/// The latest Unix second chrono represents (`DateTime::<Utc>::MAX_UTC`), where `add_delay`
/// stops.
pub(super) const MAX_SECS: i64 = 8_210_266_876_799;
