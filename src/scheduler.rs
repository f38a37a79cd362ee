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

use std::fmt;

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, TimeDelta, Utc};
use fsrs::{FSRS, ItemState, MemoryState};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use serde::{Deserialize, Serialize};

const SECS_PER_DAY: i64 = 86_400;
const SECS_PER_HOUR: i64 = 3_600;
/// Number of parameters of an FSRS-6 model.
pub const PARAMETER_COUNT: usize = 21;
/// The bounds `fsrs` clips the forgetting-curve decay (w20) to.
const DECAY_BOUNDS: (f32, f32) = (0.1, 0.8);

/// How well the learner recalled a card.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Rating {
    Again = 1,
    Hard = 2,
    Good = 3,
    Easy = 4,
}

impl Rating {
    /// All ratings, worst first.
    pub const ALL: [Rating; 4] = [Rating::Again, Rating::Hard, Rating::Good, Rating::Easy];

    /// The rating with this number (1 = again … 4 = easy).
    pub fn from_u8(value: u8) -> Option<Rating> {
        match value {
            1 => Some(Rating::Again),
            2 => Some(Rating::Hard),
            3 => Some(Rating::Good),
            4 => Some(Rating::Easy),
            _ => None,
        }
    }

    /// The rating's number (1 = again … 4 = easy), as FSRS and Anki's review log use it.
    pub fn as_u8(self) -> u8 {
        self as u8
    }

    /// The rating's name: "again", "hard", "good" or "easy".
    pub fn as_str(self) -> &'static str {
        match self {
            Rating::Again => "again",
            Rating::Hard => "hard",
            Rating::Good => "good",
            Rating::Easy => "easy",
        }
    }
}

/// Where a card is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum State {
    New = 0,
    Learning = 1,
    Review = 2,
    Relearning = 3,
}

impl State {
    /// The state with this number (0 = new … 3 = relearning).
    pub fn from_u8(value: u8) -> Option<State> {
        match value {
            0 => Some(State::New),
            1 => Some(State::Learning),
            2 => Some(State::Review),
            3 => Some(State::Relearning),
            _ => None,
        }
    }

    /// The state's number (0 = new … 3 = relearning).
    pub fn as_u8(self) -> u8 {
        self as u8
    }

    /// The state's name: "new", "learning", "review" or "relearning".
    pub fn as_str(self) -> &'static str {
        match self {
            State::New => "new",
            State::Learning => "learning",
            State::Review => "review",
            State::Relearning => "relearning",
        }
    }
}

/// Everything the scheduler needs to know about one card. Times are stored in UTC and
/// serialised as RFC 3339 strings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CardState {
    pub state: State,
    #[serde(with = "rfc3339")]
    pub due: DateTime<Utc>,
    /// FSRS stability in days; 0 for new cards.
    pub stability: f32,
    /// FSRS difficulty (1–10); 0 for new cards.
    pub difficulty: f32,
    /// Index into the learning or relearning steps (0 outside them).
    pub step: u32,
    pub reps: u32,
    pub lapses: u32,
    #[serde(default, with = "rfc3339_option")]
    pub last_review: Option<DateTime<Utc>>,
}

impl CardState {
    /// A card never reviewed, due at once.
    pub fn new_card(now: DateTime<Utc>) -> CardState {
        CardState {
            state: State::New,
            due: now,
            stability: 0.0,
            difficulty: 0.0,
            step: 0,
            reps: 0,
            lapses: 0,
            last_review: None,
        }
    }

    /// The card's FSRS memory state, if it has a usable one.
    fn memory(&self) -> Option<MemoryState> {
        let usable = self.state != State::New
            && self.stability.is_finite()
            && self.stability > 0.0
            && self.difficulty.is_finite();
        usable.then_some(MemoryState {
            stability: self.stability,
            difficulty: self.difficulty,
        })
    }
}

/// The learner's scheduling settings. Missing fields take their defaults when deserialised.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// The 21 FSRS-6 parameters.
    pub parameters: Vec<f32>,
    /// The probability of recall to schedule reviews at, strictly between 0 and 1.
    pub desired_retention: f32,
    /// Learning steps for new cards, in seconds, non-decreasing.
    pub learning_steps_secs: Vec<u32>,
    /// Relearning steps for lapsed cards, in seconds, non-decreasing.
    pub relearning_steps_secs: Vec<u32>,
    /// The longest interval a card can get, in days (at least 1).
    pub maximum_interval_days: u32,
    /// The local hour (0–23) at which the learner's day rolls over.
    pub day_starts_at_hour: u32,
    /// Whether day intervals get Anki's random fuzz.
    pub fuzz: bool,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            parameters: fsrs::DEFAULT_PARAMETERS.to_vec(),
            desired_retention: 0.9,
            learning_steps_secs: vec![60, 600],
            relearning_steps_secs: vec![600],
            maximum_interval_days: 36_500,
            day_starts_at_hour: 4,
            fuzz: true,
        }
    }
}

/// Settings the scheduler cannot work with.
#[derive(Debug, Clone, PartialEq)]
pub enum SchedulerError {
    /// Not exactly 21 FSRS parameters.
    ParameterCount { found: usize },
    /// A parameter is NaN or infinite.
    NonFiniteParameter { index: usize, value: f32 },
    /// The desired retention is not strictly between 0 and 1.
    DesiredRetention(f32),
    /// The day does not start at an hour from 0 to 23.
    DayStartHour(u32),
    /// The maximum interval is 0 days.
    MaximumInterval(u32),
    /// A step list that goes down: `which` is "learning" or "relearning".
    DecreasingSteps { which: &'static str },
    /// `fsrs` refused the parameters.
    Fsrs(String),
}

impl fmt::Display for SchedulerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SchedulerError::ParameterCount { found } => write!(
                f,
                "expected {PARAMETER_COUNT} FSRS parameters, found {found}"
            ),
            SchedulerError::NonFiniteParameter { index, value } => {
                write!(f, "FSRS parameter w{index} is {value}, not a finite number")
            }
            SchedulerError::DesiredRetention(value) => write!(
                f,
                "desired retention {value} is not strictly between 0 and 1"
            ),
            SchedulerError::DayStartHour(hour) => {
                write!(f, "the day cannot start at hour {hour}: use 0 to 23")
            }
            SchedulerError::MaximumInterval(days) => {
                write!(
                    f,
                    "maximum interval of {days} days is too short: use at least 1"
                )
            }
            SchedulerError::DecreasingSteps { which } => {
                write!(f, "{which} steps must not get shorter")
            }
            SchedulerError::Fsrs(message) => write!(f, "FSRS rejected the parameters: {message}"),
        }
    }
}

impl std::error::Error for SchedulerError {}

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
        let start = day * SECS_PER_DAY + self.day_start_secs() - offset;
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

    fn day_start_secs(&self) -> i64 {
        i64::from(self.settings.day_starts_at_hour) * SECS_PER_HOUR
    }

    /// The learner's day number (days since the epoch's learner day) of a Unix timestamp.
    fn day_number(&self, timestamp: i64, offset_secs: i64) -> i64 {
        (timestamp + offset_secs - self.day_start_secs()).div_euclid(SECS_PER_DAY)
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

/// The learner-day number of a calendar date (days since 1 January 1970).
fn day_of_date(date: NaiveDate) -> i64 {
    i64::from(date.num_days_from_ce()) - i64::from(EPOCH_DAY_FROM_CE)
}

/// The calendar date of a learner-day number.
fn date_of_day(day: i64) -> NaiveDate {
    i32::try_from(day + i64::from(EPOCH_DAY_FROM_CE))
        .ok()
        .and_then(NaiveDate::from_num_days_from_ce_opt)
        .unwrap_or(NaiveDate::MIN)
}

/// `NaiveDate::num_days_from_ce` of 1 January 1970.
const EPOCH_DAY_FROM_CE: i32 = 719_163;

/// A seed for [`Scheduler::review`]'s fuzz from the card's key and the review time, so the
/// same review always gets the same fuzz.
pub fn fuzz_seed(card_key: &str, review_time: DateTime<Utc>) -> u64 {
    xxhash_rust::xxh3::xxh3_64_with_seed(card_key.as_bytes(), review_time.timestamp_millis() as u64)
}

/// A rating's effect on a card in (or entering) a list of steps, at step `current`.
fn step_transition(state: State, steps: &[u32], current: u32, rating: Rating) -> Transition {
    let Some(last) = steps.len().checked_sub(1) else {
        return Transition::Graduate;
    };
    let index = usize::try_from(current).unwrap_or(last).min(last);
    let at = |i: usize| steps.get(i).copied().map(u64::from);
    match rating {
        Rating::Again => match at(0) {
            Some(secs) => Transition::Step {
                state,
                step: 0,
                secs,
            },
            None => Transition::Graduate,
        },
        Rating::Hard => match hard_delay_secs(steps, index) {
            Some(secs) => Transition::Step {
                state,
                step: u32::try_from(index).unwrap_or(u32::MAX),
                secs,
            },
            None => Transition::Graduate,
        },
        Rating::Good => match at(index + 1) {
            Some(secs) => Transition::Step {
                state,
                step: u32::try_from(index + 1).unwrap_or(u32::MAX),
                secs,
            },
            None => Transition::Graduate,
        },
        Rating::Easy => Transition::Graduate,
    }
}

/// Anki's Hard delay: on the first step the average of the first two steps (or 1.5 times
/// the only step, at most a day more); on later steps the current step again.
fn hard_delay_secs(steps: &[u32], index: usize) -> Option<u64> {
    let current = u64::from(*steps.get(index)?);
    if index > 0 {
        return Some(current);
    }
    Some(match steps.get(1) {
        Some(&next) => (current + u64::from(next)) / 2,
        None => (current * 3 / 2).min(current + SECS_PER_DAY as u64),
    })
}

/// The fewest days a graduating outcome may get so that it is not due before the outcome of
/// the rating below it; as in Anki, good and easy get at least a day more than the day
/// interval below them.
fn minimum_days_after(previous: Option<Delay>, rating: Rating) -> u32 {
    match previous {
        None => 1,
        Some(Delay::Secs(secs)) => {
            let days = secs.div_ceil(SECS_PER_DAY as u64);
            u32::try_from(days).unwrap_or(u32::MAX).max(1)
        }
        Some(Delay::Days(days)) => match rating {
            Rating::Good | Rating::Easy => days.saturating_add(1),
            Rating::Again | Rating::Hard => days.max(1),
        },
    }
}

fn add_delay(now: DateTime<Utc>, delay: Delay) -> DateTime<Utc> {
    let delta = match delay {
        Delay::Secs(secs) => i64::try_from(secs).ok().and_then(TimeDelta::try_seconds),
        Delay::Days(days) => TimeDelta::try_days(i64::from(days)),
    };
    delta
        .and_then(|delta| now.checked_add_signed(delta))
        .unwrap_or(DateTime::<Utc>::MAX_UTC)
}

/// Anki's fuzz: how far, in days, an interval may move either way.
fn fuzz_delta(interval: f32) -> f32 {
    const RANGES: [(f32, f32, f32); 3] =
        [(2.5, 7.0, 0.15), (7.0, 20.0, 0.1), (20.0, f32::MAX, 0.05)];
    if interval < 2.5 {
        return 0.0;
    }
    RANGES.iter().fold(1.0, |delta, &(start, end, factor)| {
        delta + factor * (interval.min(end) - start).max(0.0)
    })
}

/// Anki's fuzz range for an interval, kept within `minimum..=maximum`.
fn constrained_fuzz_bounds(interval: f32, minimum: u32, maximum: u32) -> (u32, u32) {
    let minimum = minimum.min(maximum);
    let interval = interval.clamp(minimum as f32, maximum as f32);
    let delta = fuzz_delta(interval);
    let lower = ((interval - delta).round() as u32).clamp(minimum, maximum);
    let mut upper = ((interval + delta).round() as u32).clamp(minimum, maximum);
    if upper == lower && upper > 2 && upper < maximum {
        upper = lower + 1;
    }
    (lower, upper)
}

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
    fn to_state(self) -> CardState {
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
const S_BOUNDS: (f32, f32) = (0.001, 36_500.0);
const D_BOUNDS: (f32, f32) = (1.0, 10.0);

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
    scheduler: Scheduler,
    offset: FixedOffset,
    offset_secs: i64,
    /// The parameters as `FSRS::new` clips them.
    w: [f32; PARAMETER_COUNT],
    /// `power_forgetting_curve`'s factor and decay.
    curve_factor: f32,
    curve_decay: f32,
    /// `next_interval`'s factor and its retention term.
    interval_factor: f32,
    interval_term: f32,
    /// `current_retrievability`'s factor with the scheduler's decay.
    recall_factor: f32,
    /// `exp(w8)`, `exp(w17 * w18)`, and the short-term factors `exp(w17 * (r - 3 + w18))`
    /// for Again, Hard and Good.
    exp_w8: f32,
    exp_w17_w18: f32,
    short_again: f32,
    short_hard: f32,
    short_good: f32,
    /// `stability_after_success`'s `init_difficulty(w, 4)` (the mean-reversion target).
    init_4: f32,
    /// The exam's learner-day number and target, when the scheduler plans for one.
    exam: Option<(i64, f32)>,
    /// [`Scheduler::days_held`]'s two constants for the exam's target: the curve's factor
    /// and the target's term, in `f64` as it works them out.
    held_factor: f64,
    held_term: f64,
    /// Whether the fast formulas agreed with `preview` on the sample states.
    fast: bool,
    /// Whether `recall_after` and the step's forgetting curve are the same operations on
    /// the same constants (their factors and decays have the same bits).
    recall_is_curve: bool,
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
    fn agrees(&self) -> bool {
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
    fn slow_again_good(&self, card: &Compact, at: i64) -> (Compact, Compact) {
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
    fn fast_again_good(
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
    fn exam_cap(&self, days: u32, stability: f32, at_day: i64, floor: u32) -> u32 {
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
    fn holds(&self, stability: f32, days: i64, target: f32) -> bool {
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
    fn days_held(&self, stability: f32, target: f32) -> u32 {
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
fn settle_days(t: f64, target: f32, recall_after: impl Fn(i64) -> f32) -> u32 {
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
const MAX_SECS: i64 = 8_210_266_876_799;

/// Serde for a UTC time as an RFC 3339 string (chrono's own serde support is not enabled).
mod rfc3339 {
    use chrono::{DateTime, SecondsFormat, Utc};
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    pub fn serialize<S: Serializer>(
        time: &DateTime<Utc>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&time.to_rfc3339_opts(SecondsFormat::AutoSi, true))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<DateTime<Utc>, D::Error> {
        let text = String::deserialize(deserializer)?;
        parse(&text).map_err(D::Error::custom)
    }

    pub fn parse(text: &str) -> Result<DateTime<Utc>, chrono::ParseError> {
        DateTime::parse_from_rfc3339(text).map(|time| time.to_utc())
    }
}

/// Serde for an optional UTC time as an RFC 3339 string or null.
mod rfc3339_option {
    use chrono::{DateTime, Utc};
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    pub fn serialize<S: Serializer>(
        time: &Option<DateTime<Utc>>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match time {
            Some(time) => super::rfc3339::serialize(time, serializer),
            None => serializer.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<DateTime<Utc>>, D::Error> {
        match Option::<String>::deserialize(deserializer)? {
            Some(text) => super::rfc3339::parse(&text)
                .map(Some)
                .map_err(D::Error::custom),
            None => Ok(None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Offset;
    use proptest::prelude::*;

    type TestResult = Result<(), Box<dyn std::error::Error>>;

    fn at(text: &str) -> Result<DateTime<FixedOffset>, chrono::ParseError> {
        DateTime::parse_from_rfc3339(text)
    }

    fn days(n: i64) -> TimeDelta {
        TimeDelta::try_days(n).unwrap_or(TimeDelta::zero())
    }

    fn no_fuzz() -> Settings {
        Settings {
            fuzz: false,
            ..Settings::default()
        }
    }

    fn close(actual: f32, expected: f32) -> bool {
        (actual - expected).abs() < 1e-4
    }

    /// fsrs-6.6.2 src/inference.rs `test_memory_state`: ratings 1,3,3,3,3,3 after 0,0,1,3,8,21
    /// days end at S = 53.62691, D = 6.3574867 with the default parameters, and at
    /// S = 53.335106 with short-term parameters w17..w19 frozen at 0.
    #[test]
    fn reproduces_fsrs_memory_state_sequence() -> TestResult {
        let mut frozen = fsrs::DEFAULT_PARAMETERS.to_vec();
        frozen[17] = 0.0;
        frozen[18] = 0.0;
        frozen[19] = 0.0;
        for (parameters, stability, difficulty) in [
            (fsrs::DEFAULT_PARAMETERS.to_vec(), 53.62691, 6.3574867),
            (frozen, 53.335106, 6.3574867),
        ] {
            let scheduler = Scheduler::new(Settings {
                parameters,
                ..Settings::default()
            })?;
            let start = at("2024-01-01T12:00:00+00:00")?;
            let mut now = start;
            let mut card = CardState::new_card(now.to_utc());
            // The first review of a new card: no elapsed time.
            card = scheduler.review(&card, Rating::Again, now, 1);
            assert_eq!(card.state, State::Learning);
            assert!(close(card.stability, 0.212) && close(card.difficulty, 6.4133));
            // Same day (a minute later), then 1, 3, 8 and 21 days later.
            let gaps = [TimeDelta::minutes(1), days(1), days(3), days(8), days(21)];
            for (i, gap) in gaps.into_iter().enumerate() {
                let last = now;
                now += gap;
                assert_eq!(
                    scheduler.elapsed_days(last.to_utc(), now),
                    [0, 1, 3, 8, 21][i]
                );
                card = scheduler.review(&card, Rating::Good, now, i as u64);
            }
            assert_eq!(card.state, State::Review);
            assert_eq!(card.reps, 6);
            assert!(
                close(card.stability, stability),
                "stability {}",
                card.stability
            );
            assert!(
                close(card.difficulty, difficulty),
                "difficulty {}",
                card.difficulty
            );
        }
        Ok(())
    }

    /// The `FSRS::next_states` doc example in fsrs-6.6.2 src/inference.rs: a new card's four
    /// memory states with the default parameters.
    #[test]
    fn new_card_preview_matches_fsrs_doc_example() -> TestResult {
        let scheduler = Scheduler::new(no_fuzz())?;
        let now = at("2024-06-01T09:00:00+02:00")?;
        let preview = scheduler.preview(&CardState::new_card(now.to_utc()), now, 7);
        let expected = [
            (0.212, 6.4133),
            (1.2931, 5.1121707),
            (2.3065, 2.118104),
            (8.2956, 1.0),
        ];
        for (card, (stability, difficulty)) in preview.iter().zip(expected) {
            assert!(close(card.stability, stability), "{card:?}");
            assert!(close(card.difficulty, difficulty), "{card:?}");
        }
        let utc = now.to_utc();
        assert_eq!(preview[0].due, utc + TimeDelta::seconds(60));
        assert_eq!(preview[1].due, utc + TimeDelta::seconds(330));
        assert_eq!(preview[2].due, utc + TimeDelta::seconds(600));
        assert_eq!(preview[2].step, 1);
        // Easy graduates with round(8.2956) = 8 days (no fuzz).
        assert_eq!(preview[3].state, State::Review);
        assert_eq!(preview[3].due, utc + days(8));
        Ok(())
    }

    /// fsrs-6.6.2 src/inference.rs `test_next_interval`: stability 1 at desired retention
    /// 0.1, 0.2, … 1.0 gives these whole-day intervals.
    #[test]
    fn reproduces_fsrs_next_interval_sequence() -> TestResult {
        let expected = [3116766, 34793, 2508, 387, 90, 27, 9, 3, 1, 1];
        let mut intervals = Vec::new();
        for tenth in 1..=10u8 {
            let retention = f32::from(tenth) / 10.0;
            let scheduler = Scheduler::new(Settings {
                maximum_interval_days: 10_000_000,
                // 1.0 is not a usable setting; the interval formula is still checked there.
                desired_retention: retention.min(0.99),
                fuzz: false,
                ..Settings::default()
            })?;
            let raw = scheduler.fsrs.next_interval(Some(1.0), retention, 1);
            intervals.push(scheduler.constrain_interval(raw, 1, None));
        }
        assert_eq!(intervals, expected);
        // With the default maximum the longest one is capped.
        let scheduler = Scheduler::new(no_fuzz())?;
        let raw = scheduler.fsrs.next_interval(Some(1.0), 0.1, 1);
        assert_eq!(scheduler.constrain_interval(raw, 1, None), 36_500);
        Ok(())
    }

    #[test]
    fn again_on_new_card_is_due_in_a_minute() -> TestResult {
        let scheduler = Scheduler::new(Settings::default())?;
        let now = at("2024-06-01T09:00:00+00:00")?;
        let card = scheduler.review(&CardState::new_card(now.to_utc()), Rating::Again, now, 3);
        assert_eq!(card.state, State::Learning);
        assert_eq!(card.step, 0);
        assert_eq!(card.due, now.to_utc() + TimeDelta::minutes(1));
        assert_eq!(card.reps, 1);
        assert_eq!(card.lapses, 0);
        assert_eq!(card.last_review, Some(now.to_utc()));
        Ok(())
    }

    #[test]
    fn good_twice_on_new_card_graduates() -> TestResult {
        let scheduler = Scheduler::new(Settings::default())?;
        let first = at("2024-06-01T09:00:00+00:00")?;
        let card = scheduler.review(&CardState::new_card(first.to_utc()), Rating::Good, first, 1);
        assert_eq!((card.state, card.step), (State::Learning, 1));
        assert_eq!(card.due, first.to_utc() + TimeDelta::minutes(10));
        let second = first + TimeDelta::minutes(10);
        let card = scheduler.review(&card, Rating::Good, second, 2);
        assert_eq!(card.state, State::Review);
        assert_eq!(card.step, 0);
        assert!(card.due - second.to_utc() >= days(1));
        assert_eq!(card.reps, 2);
        Ok(())
    }

    fn review_card(scheduler: &Scheduler, start: DateTime<FixedOffset>) -> CardState {
        let card = CardState::new_card(start.to_utc());
        let card = scheduler.review(&card, Rating::Good, start, 1);
        let card = scheduler.review(&card, Rating::Good, start + TimeDelta::minutes(10), 2);
        scheduler.review(&card, Rating::Good, start + days(3), 3)
    }

    fn date(text: &str) -> Result<NaiveDate, chrono::ParseError> {
        NaiveDate::parse_from_str(text, "%Y-%m-%d")
    }

    #[test]
    fn exam_days_are_study_days_across_the_boundary_and_offsets() -> TestResult {
        let scheduler = Scheduler::new(Settings::default())?;
        let exam = date("2027-05-23")?;
        // 02:00 on the 22nd in India is still the 21st's study day: two days left.
        let late = at("2027-05-22T02:00:00+05:30")?;
        assert_eq!(scheduler.study_date(late), date("2027-05-21")?);
        assert_eq!(scheduler.days_until(exam, late), 2);
        assert_eq!(
            scheduler.days_until(exam, at("2027-05-22T04:00:00+05:30")?),
            1
        );
        // The same instant seen from UTC (20:30 on the 21st) is also the 21st.
        assert_eq!(
            scheduler.days_until(exam, at("2027-05-21T20:30:00+00:00")?),
            2
        );
        // West of Greenwich: 03:00 on the 23rd belongs to the 22nd.
        assert_eq!(
            scheduler.days_until(exam, at("2027-05-23T03:00:00-08:00")?),
            1
        );
        assert_eq!(
            scheduler.days_until(exam, at("2027-05-23T09:30:00+05:30")?),
            0
        );
        assert_eq!(
            scheduler.days_until(exam, at("2027-05-25T09:30:00+05:30")?),
            -2
        );
        // A day that starts at midnight moves the boundary.
        let midnight = Scheduler::new(Settings {
            day_starts_at_hour: 0,
            ..Settings::default()
        })?;
        assert_eq!(midnight.days_until(exam, late), 1);
        // Days since a review count the same way: 23:00 then 03:00 is one study day.
        let card = CardState {
            state: State::Review,
            due: late.to_utc(),
            stability: 10.0,
            difficulty: 5.0,
            step: 0,
            reps: 3,
            lapses: 0,
            last_review: Some(at("2027-05-20T23:00:00+05:30")?.to_utc()),
        };
        let on_exam = scheduler.recall_on(&card, exam, late);
        assert!(close(on_exam, scheduler.recall_after(10.0, 3)));
        Ok(())
    }

    #[test]
    fn days_held_inverts_the_forgetting_curve() -> TestResult {
        let scheduler = Scheduler::new(Settings::default())?;
        // By definition recall is 90% after `stability` days.
        assert_eq!(scheduler.days_held(10.0, 0.9), 10);
        for stability in [0.5f32, 2.3, 7.0, 31.0, 400.0] {
            for target in [0.8f32, 0.9, 0.95, 0.99] {
                let held = scheduler.days_held(stability, target);
                if held > 0 {
                    assert!(scheduler.recall_after(stability, i64::from(held)) >= target);
                }
                assert!(scheduler.recall_after(stability, i64::from(held) + 1) < target);
            }
        }
        Ok(())
    }

    /// A card answered Good at each due date until its next due is on or after the exam.
    fn follow_to_exam(
        scheduler: &Scheduler,
        mut card: CardState,
        mut now: DateTime<FixedOffset>,
        exam: NaiveDate,
    ) -> (CardState, DateTime<FixedOffset>, u32) {
        let mut reviews = 0;
        while scheduler.days_from_today(card.due, now) < scheduler.days_until(exam, now) {
            now = card.due.with_timezone(now.offset()).max(now);
            card = scheduler.review(&card, Rating::Good, now, 7);
            reviews += 1;
            assert!(reviews < 100, "{card:?}");
        }
        (card, now, reviews)
    }

    #[test]
    fn an_interval_past_the_exam_is_capped_so_exam_day_recall_reaches_the_target() -> TestResult {
        let mut capped = 0;
        for fuzz in [false, true] {
            let plain = Scheduler::new(Settings {
                fuzz,
                ..Settings::default()
            })?;
            let start = at("2026-09-01T09:00:00+05:30")?;
            let card = review_card(&plain, start);
            let now = start + days(10);
            for (exam, target) in [
                ("2026-10-01", 0.95f32),
                ("2026-12-20", 0.9),
                ("2026-09-14", 0.99),
            ] {
                let exam = date(exam)?;
                let planning = plain.clone().planning_for(Some(ExamTarget {
                    date: exam,
                    target_recall: target,
                }));
                let plain_next = plain.review(&card, Rating::Good, now, 3);
                let next = planning.review(&card, Rating::Good, now, 3);
                assert_eq!(next.stability, plain_next.stability);
                assert!(next.due <= plain_next.due);
                let left = planning.days_until(exam, now);
                if planning.days_from_today(plain_next.due, now) >= left
                    && planning.recall_on(&plain_next, exam, now) < target
                {
                    // It would have been below target: it comes back before the exam.
                    assert!(planning.days_from_today(next.due, now) < left, "{exam}");
                    capped += 1;
                }
                // Answered Good on time, its last review before the exam holds the target.
                let (last, at_last, _) = follow_to_exam(&planning, next, now, exam);
                assert!(
                    planning.recall_on(&last, exam, at_last) >= target,
                    "{exam}: {last:?}"
                );
            }
        }
        assert!(capped >= 2, "the cap was exercised");
        Ok(())
    }

    #[test]
    fn without_an_exam_or_after_it_intervals_are_unchanged() -> TestResult {
        let plain = Scheduler::new(Settings::default())?;
        let start = at("2026-09-01T09:00:00+05:30")?;
        let card = review_card(&plain, start);
        let exam = |d: &str| -> Result<Scheduler, chrono::ParseError> {
            Ok(plain.clone().planning_for(Some(ExamTarget {
                date: date(d)?,
                target_recall: 0.95,
            })))
        };
        for days_on in [5, 10, 40] {
            let now = start + days(days_on);
            for seed in 0..20 {
                let expected = plain.preview(&card, now, seed);
                // The exam is past, is today, or is too far off to matter.
                for d in ["2026-09-02", "2036-01-01"] {
                    assert_eq!(exam(d)?.preview(&card, now, seed), expected, "{d}");
                }
                assert_eq!(
                    plain.clone().planning_for(None).preview(&card, now, seed),
                    expected
                );
            }
        }
        Ok(())
    }

    #[test]
    fn exam_capped_previews_stay_in_rating_order() -> TestResult {
        let start = at("2026-09-01T09:00:00+05:30")?;
        let planning = Scheduler::new(Settings::default())?.planning_for(Some(ExamTarget {
            date: date("2026-10-20")?,
            target_recall: 0.97,
        }));
        let mut card = review_card(&planning, start);
        let mut now = start + days(3);
        for seed in 0..30 {
            let preview = planning.preview(&card, now, seed);
            for pair in preview.windows(2) {
                assert!(pair[0].due <= pair[1].due, "{preview:?}");
            }
            card = preview[2].clone();
            now = card.due.with_timezone(now.offset()).max(now + days(1));
        }
        Ok(())
    }

    #[test]
    fn a_new_card_needs_its_learning_steps_and_the_final_revision() -> TestResult {
        // Default steps (1 and 10 minutes) graduate a card the day it is learnt.
        let scheduler = Scheduler::new(Settings::default())?;
        assert_eq!(scheduler.new_card_days(14), 14);
        assert_eq!(scheduler.new_card_days(0), 0);
        // Steps that run into the next days delay graduation by as much.
        let slow = Scheduler::new(Settings {
            learning_steps_secs: vec![3_600, 2 * 86_400],
            ..Settings::default()
        })?;
        assert_eq!(slow.new_card_days(14), 16);
        Ok(())
    }

    #[test]
    fn lapse_goes_to_relearning_and_back() -> TestResult {
        let scheduler = Scheduler::new(Settings::default())?;
        let start = at("2024-06-01T09:00:00+00:00")?;
        let card = review_card(&scheduler, start);
        assert_eq!(card.state, State::Review);
        let now = start + days(10);
        let lapsed = scheduler.review(&card, Rating::Again, now, 9);
        assert_eq!(lapsed.state, State::Relearning);
        assert_eq!(lapsed.lapses, 1);
        assert_eq!(lapsed.step, 0);
        assert_eq!(lapsed.due, now.to_utc() + TimeDelta::minutes(10));
        assert!(lapsed.stability < card.stability);
        // Hard on the only relearning step: 1.5 times it.
        let later = now + TimeDelta::minutes(10);
        let hard = scheduler.review(&lapsed, Rating::Hard, later, 10);
        assert_eq!(hard.state, State::Relearning);
        assert_eq!(hard.due, later.to_utc() + TimeDelta::minutes(15));
        let back = scheduler.review(&lapsed, Rating::Good, later, 10);
        assert_eq!(back.state, State::Review);
        assert_eq!(back.lapses, 1);
        assert!(back.due - later.to_utc() >= days(1));
        Ok(())
    }

    #[test]
    fn lapse_without_relearning_steps_stays_in_review() -> TestResult {
        let scheduler = Scheduler::new(Settings {
            relearning_steps_secs: vec![],
            ..Settings::default()
        })?;
        let start = at("2024-06-01T09:00:00+00:00")?;
        let card = review_card(&scheduler, start);
        let now = start + days(10);
        let lapsed = scheduler.review(&card, Rating::Again, now, 4);
        assert_eq!(lapsed.state, State::Review);
        assert_eq!(lapsed.lapses, 1);
        assert!(lapsed.due - now.to_utc() >= days(1));
        Ok(())
    }

    #[test]
    fn no_learning_steps_graduates_at_once() -> TestResult {
        let scheduler = Scheduler::new(Settings {
            learning_steps_secs: vec![],
            fuzz: false,
            ..Settings::default()
        })?;
        let now = at("2024-06-01T09:00:00+00:00")?;
        let preview = scheduler.preview(&CardState::new_card(now.to_utc()), now, 0);
        let intervals: Vec<i64> = preview
            .iter()
            .map(|card| (card.due - now.to_utc()).num_days())
            .collect();
        assert!(preview.iter().all(|card| card.state == State::Review));
        // again 0.212 -> 1, hard 1.29 -> 1, good 2.31 -> 2 (at least hard + 1), easy 8.
        assert_eq!(intervals, [1, 1, 2, 8]);
        Ok(())
    }

    #[test]
    fn review_intervals_are_ordered_hard_good_easy() -> TestResult {
        for fuzz in [false, true] {
            let scheduler = Scheduler::new(Settings {
                fuzz,
                ..Settings::default()
            })?;
            let start = at("2024-06-01T09:00:00+00:00")?;
            let card = review_card(&scheduler, start);
            let now = start + days(5);
            for seed in 0..50 {
                let [_, hard, good, easy] = scheduler.preview(&card, now, seed);
                let day = |c: &CardState| (c.due - now.to_utc()).num_days();
                assert!(day(&hard) >= 1);
                assert!(day(&good) > day(&hard), "{seed}");
                assert!(day(&easy) > day(&good), "{seed}");
            }
        }
        Ok(())
    }

    #[test]
    fn day_rolls_over_at_four_local() -> TestResult {
        let scheduler = Scheduler::new(Settings::default())?;
        // 03:00 on the 10th in +05:30 belongs to the day that started at 04:00 on the 9th.
        let early = at("2024-03-10T03:00:00+05:30")?;
        let expected = at("2024-03-09T04:00:00+05:30")?.to_utc();
        assert_eq!(scheduler.day_start(early), expected);
        assert_eq!(expected, at("2024-03-08T22:30:00Z")?.to_utc());
        assert_eq!(scheduler.next_day_start(early), expected + days(1));
        // From 04:00 it is the 10th's day.
        let four = at("2024-03-10T04:00:00+05:30")?;
        assert_eq!(scheduler.day_start(four), expected + days(1));
        let just_before = at("2024-03-10T03:59:59+05:30")?;
        assert_eq!(scheduler.day_start(just_before), expected);

        // Elapsed days follow the same boundary.
        let evening = at("2024-03-09T23:00:00+05:30")?.to_utc();
        assert_eq!(scheduler.elapsed_days(evening, early), 0);
        assert_eq!(scheduler.elapsed_days(evening, four), 1);

        // And so does the memory update: 23:00 then 03:00 is a same-day review.
        let card = CardState {
            state: State::Review,
            due: early.to_utc(),
            stability: 5.0,
            difficulty: 5.0,
            step: 0,
            reps: 3,
            lapses: 0,
            last_review: Some(evening),
        };
        let same_day = scheduler.fsrs.next_states(card.memory(), 0.9, 0)?;
        let next_day = scheduler.fsrs.next_states(card.memory(), 0.9, 1)?;
        let reviewed = scheduler.review(&card, Rating::Good, early, 5);
        assert_eq!(reviewed.stability, same_day.good.memory.stability);
        let reviewed = scheduler.review(&card, Rating::Good, four, 5);
        assert_eq!(reviewed.stability, next_day.good.memory.stability);
        Ok(())
    }

    #[test]
    fn day_start_at_midnight_and_negative_offsets() -> TestResult {
        let scheduler = Scheduler::new(Settings {
            day_starts_at_hour: 0,
            ..Settings::default()
        })?;
        let now = at("2024-12-31T23:30:00-08:00")?;
        assert_eq!(
            scheduler.day_start(now),
            at("2024-12-31T00:00:00-08:00")?.to_utc()
        );
        Ok(())
    }

    #[test]
    fn retrievability_follows_the_forgetting_curve() -> TestResult {
        let scheduler = Scheduler::new(Settings::default())?;
        let now = at("2024-06-01T09:00:00+00:00")?.to_utc();
        assert_eq!(
            scheduler.retrievability(&CardState::new_card(now), now),
            0.0
        );
        let card = CardState {
            state: State::Review,
            due: now,
            stability: 10.0,
            difficulty: 5.0,
            step: 0,
            reps: 4,
            lapses: 0,
            last_review: Some(now),
        };
        assert!(close(scheduler.retrievability(&card, now), 1.0));
        // By definition recall is 90% after `stability` days.
        assert!(close(scheduler.retrievability(&card, now + days(10)), 0.9));
        let later = scheduler.retrievability(&card, now + days(30));
        assert!(later < 0.9 && later > 0.0);
        Ok(())
    }

    #[test]
    fn fuzz_stays_in_ankis_range_and_varies() -> TestResult {
        assert_eq!(fuzz_delta(2.4), 0.0);
        assert!(close(fuzz_delta(5.0), 1.0 + 0.15 * 2.5));
        assert!(close(fuzz_delta(10.0), 1.0 + 0.15 * 4.5 + 0.1 * 3.0));
        assert!(close(
            fuzz_delta(100.0),
            1.0 + 0.15 * 4.5 + 0.1 * 13.0 + 0.05 * 80.0
        ));
        assert_eq!(constrained_fuzz_bounds(100.0, 1, 36_500), (93, 107));
        assert_eq!(constrained_fuzz_bounds(2.0, 1, 36_500), (2, 2));
        let scheduler = Scheduler::new(Settings::default())?;
        let mut seen = std::collections::BTreeSet::new();
        for seed in 0..200 {
            let factor = scheduler.fuzz_factor(seed);
            assert_eq!(factor, scheduler.fuzz_factor(seed));
            let days = scheduler.constrain_interval(100.0, 1, factor);
            assert!((93..=107).contains(&days), "{days}");
            seen.insert(days);
        }
        assert!(seen.len() > 5, "{seen:?}");
        // Fuzz never goes below the minimum or above the maximum.
        assert_eq!(scheduler.constrain_interval(100.0, 120, Some(0.0)), 120);
        // At the cap the fuzz range lies below it, as in Anki: 36500 ± 1827 clamped.
        assert_eq!(constrained_fuzz_bounds(1e9, 1, 36_500), (34_673, 36_500));
        assert_eq!(scheduler.constrain_interval(1e9, 1, Some(0.99)), 36_482);
        assert_eq!(scheduler.constrain_interval(1e9, 1, Some(0.999_99)), 36_500);
        Ok(())
    }

    #[test]
    fn bad_settings_are_refused() {
        let bad = [
            Settings {
                parameters: vec![0.5; 19],
                ..Settings::default()
            },
            Settings {
                parameters: {
                    let mut p = fsrs::DEFAULT_PARAMETERS.to_vec();
                    p[3] = f32::NAN;
                    p
                },
                ..Settings::default()
            },
            Settings {
                desired_retention: 1.0,
                ..Settings::default()
            },
            Settings {
                desired_retention: 0.0,
                ..Settings::default()
            },
            Settings {
                day_starts_at_hour: 24,
                ..Settings::default()
            },
            Settings {
                maximum_interval_days: 0,
                ..Settings::default()
            },
            Settings {
                learning_steps_secs: vec![600, 60],
                ..Settings::default()
            },
        ];
        for settings in bad {
            match Scheduler::new(settings.clone()) {
                Ok(_) => panic!("accepted {settings:?}"),
                Err(error) => assert!(!error.to_string().is_empty()),
            }
        }
        assert!(matches!(
            Scheduler::new(Settings {
                parameters: vec![],
                ..Settings::default()
            }),
            Err(SchedulerError::ParameterCount { found: 0 })
        ));
    }

    #[test]
    fn enums_round_trip_their_numbers() {
        for rating in Rating::ALL {
            assert_eq!(Rating::from_u8(rating.as_u8()), Some(rating));
        }
        assert_eq!(Rating::from_u8(0), None);
        assert_eq!(Rating::from_u8(5), None);
        assert_eq!(Rating::Good.as_u8(), 3);
        for (n, name) in ["new", "learning", "review", "relearning"]
            .iter()
            .enumerate()
        {
            let state = State::from_u8(n as u8);
            assert_eq!(state.map(State::as_str), Some(*name));
            assert_eq!(state.map(State::as_u8), Some(n as u8));
        }
        assert_eq!(State::from_u8(4), None);
    }

    #[test]
    fn times_deserialise_from_rfc3339() -> TestResult {
        use serde::de::IntoDeserializer;
        use serde::de::value::{Error, StrDeserializer};
        let deserializer: StrDeserializer<'_, Error> =
            "2024-03-10T03:00:00+05:30".into_deserializer();
        let time = rfc3339::deserialize(deserializer)?;
        assert_eq!(time, at("2024-03-09T21:30:00Z")?.to_utc());
        let bad: StrDeserializer<'_, Error> = "yesterday".into_deserializer();
        assert!(rfc3339::deserialize(bad).is_err());
        Ok(())
    }

    #[test]
    fn fuzz_seed_depends_on_card_and_time() -> TestResult {
        let time = at("2024-03-10T03:00:00+05:30")?.to_utc();
        assert_eq!(fuzz_seed("a", time), fuzz_seed("a", time));
        assert_ne!(fuzz_seed("a", time), fuzz_seed("b", time));
        assert_ne!(
            fuzz_seed("a", time),
            fuzz_seed("a", time + TimeDelta::seconds(1))
        );
        Ok(())
    }

    #[test]
    fn the_steppers_latest_second_is_chronos() {
        assert_eq!(MAX_SECS, DateTime::<Utc>::MAX_UTC.timestamp());
    }

    /// `Stepper::holds` answers as the curve itself does, for stabilities swept across
    /// the threshold (a spread of them, and every `f32` nearest it), whatever the decay
    /// and the target.
    #[test]
    fn holding_the_target_is_decided_as_the_curve_decides() {
        for decay in [0.1f32, 0.1542, 0.5, 0.8] {
            for target in [0.5f32, 0.8, 0.9, 0.95, 0.99, 0.999, 0.9999] {
                let mut parameters = fsrs::DEFAULT_PARAMETERS.to_vec();
                if let Some(w20) = parameters.get_mut(20) {
                    *w20 = decay;
                }
                let settings = Settings {
                    parameters,
                    ..Settings::default()
                };
                let Ok(base) = Scheduler::new(settings) else {
                    panic!("the parameters are valid");
                };
                let scheduler = base.without_fuzz().planning_for(Some(ExamTarget {
                    date: NaiveDate::from_ymd_opt(2030, 1, 1).unwrap_or_default(),
                    target_recall: target,
                }));
                let stepper = Stepper::new(&scheduler, Utc.fix());
                for days in (2..400).chain([1_000, 5_000, 36_000]) {
                    let threshold = (days as f64 * stepper.held_factor / stepper.held_term) as f32;
                    let spread = (-300..=300).map(|k| threshold * (1.0 + k as f32 * 1e-5));
                    let nearest = (-200..=200)
                        .map(|k: i32| f32::from_bits(threshold.to_bits().saturating_add_signed(k)));
                    for stability in spread.chain(nearest) {
                        assert_eq!(
                            stepper.holds(stability, days, target),
                            stepper.recall_after(stability, days) >= target,
                            "decay {decay}, target {target}, {days} days, stability {stability}"
                        );
                    }
                }
            }
        }
    }

    fn utc_offset(quarter_hours: i32) -> FixedOffset {
        FixedOffset::east_opt(quarter_hours * 900).unwrap_or(Utc.fix())
    }

    fn gap() -> impl Strategy<Value = i64> {
        prop_oneof![0i64..3_600, 0i64..172_800, 0i64..(400 * SECS_PER_DAY)]
    }

    fn settings() -> impl Strategy<Value = Settings> {
        (
            any::<bool>(),
            prop_oneof![Just(36_500u32), 1u32..4, 1u32..90],
            0u32..24,
            prop_oneof![
                Just(vec![60, 600]),
                Just(vec![]),
                Just(vec![600]),
                Just(vec![60, 86_400, 259_200])
            ],
            prop_oneof![Just(vec![600]), Just(vec![]), Just(vec![300, 3_600])],
        )
            .prop_map(|(fuzz, maximum, hour, learning, relearning)| Settings {
                fuzz,
                maximum_interval_days: maximum,
                day_starts_at_hour: hour,
                learning_steps_secs: learning,
                relearning_steps_secs: relearning,
                ..Settings::default()
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        /// Along any history of ratings and gaps: previews are ordered by due date, day
        /// intervals stay within 1..=maximum, memory states stay sane, and `review` is
        /// deterministic and equal to the matching preview.
        #[test]
        fn reachable_states_schedule_sanely(
            settings in settings(),
            history in prop::collection::vec((1u8..=4, gap(), any::<u64>()), 0..30),
            quarter_hours in -48i32..=56,
        ) {
            let maximum = i64::from(settings.maximum_interval_days);
            let scheduler = Scheduler::new(settings)
                .map_err(|error| TestCaseError::fail(error.to_string()))?;
            let offset = utc_offset(quarter_hours);
            let start = DateTime::from_timestamp(1_700_000_000, 0)
                .unwrap_or(DateTime::UNIX_EPOCH);
            let mut now = start.with_timezone(&offset);
            let mut card = CardState::new_card(now.to_utc());
            for (rating, gap, seed) in history {
                now += TimeDelta::seconds(gap);
                let preview = scheduler.preview(&card, now, seed);
                for pair in preview.windows(2) {
                    prop_assert!(pair[0].due <= pair[1].due, "{:?}", preview);
                }
                for outcome in &preview {
                    let delay = (outcome.due - now.to_utc()).num_seconds();
                    prop_assert!(delay >= 0);
                    prop_assert!(delay <= maximum * SECS_PER_DAY, "{} > {} days", delay, maximum);
                    if outcome.state == State::Review {
                        prop_assert_eq!(delay % SECS_PER_DAY, 0);
                        prop_assert!(delay / SECS_PER_DAY >= 1);
                    }
                    prop_assert!(outcome.stability.is_finite() && outcome.stability > 0.0);
                    prop_assert!((1.0..=10.0).contains(&outcome.difficulty));
                    prop_assert_eq!(outcome.reps, card.reps + 1);
                    prop_assert_eq!(outcome.last_review, Some(now.to_utc()));
                }
                let rating = Rating::from_u8(rating).unwrap_or(Rating::Good);
                let next = scheduler.review(&card, rating, now, seed);
                prop_assert_eq!(&next, &scheduler.review(&card, rating, now, seed));
                prop_assert_eq!(&next, &preview[usize::from(rating.as_u8() - 1)]);
                let recall = scheduler.retrievability(&next, now.to_utc());
                prop_assert!((0.0..=1.0).contains(&recall));
                card = next;
            }
        }

        /// The stepper's Again and Good outcomes are exactly `preview`'s (fuzz off), along
        /// any history, with random FSRS parameters, steps, day starts, offsets and an exam
        /// or none; and its fast formulas are the ones in use (they agreed at `new`).
        #[test]
        fn stepper_gives_previews_again_and_good_exactly(
            settings in settings(),
            parameters in prop::collection::vec(0.0f32..1.0, PARAMETER_COUNT),
            history in prop::collection::vec((1u8..=4, gap(), 0i64..1_000), 0..30),
            quarter_hours in -48i32..=56,
            exam in prop::option::of((1i64..400, 0.5f32..0.99)),
            millis in 0i64..1_000,
        ) {
            // Parameters spread over (and beyond) the bounds `fsrs` clips them to.
            let mut settings = settings;
            settings.parameters = fsrs::DEFAULT_PARAMETERS
                .iter()
                .zip(&parameters)
                .map(|(w, u)| w * (0.25 + 2.0 * u))
                .collect();
            let offset = utc_offset(quarter_hours);
            let start = DateTime::from_timestamp(1_700_000_000, 0)
                .unwrap_or(DateTime::UNIX_EPOCH)
                .with_timezone(&offset);
            let base = Scheduler::new(settings)
                .map_err(|error| TestCaseError::fail(error.to_string()))?;
            let scheduler = base.without_fuzz().planning_for(exam.map(|(days, target)| ExamTarget {
                date: base.study_date(start) + TimeDelta::days(days),
                target_recall: target,
            }));
            let stepper = Stepper::new(&scheduler, offset);
            prop_assert!(stepper.fast);
            // The step's forgetting curve stands in for `recall_after` unless the decays
            // differ (the default's do not).
            prop_assert!(stepper.recall_is_curve || base.settings().parameters.get(20) != fsrs::DEFAULT_PARAMETERS.get(20));
            let mut now = start;
            let mut card = CardState::new_card(now.to_utc());
            for (rating, gap, extra) in history {
                now += TimeDelta::seconds(gap);
                let [again, _, good, _] = scheduler.preview(&card, now, 0);
                let (fast_again, fast_good) = stepper.again_good(&Compact::of(&card), now.timestamp());
                prop_assert_eq!(fast_again, Compact::of(&again));
                prop_assert_eq!(fast_good, Compact::of(&good));
                prop_assert_eq!(
                    stepper.recall_after(card.stability, extra),
                    scheduler.recall_after(card.stability, extra)
                );
                // With the recall a walk weighs them with, for the days since the last
                // review (taken from the step's curve) and for other days.
                let compact = Compact::of(&card);
                let since = card
                    .last_review
                    .map_or(0, |last| scheduler.days_from_today(last, now).saturating_neg());
                for days in [since, extra] {
                    for wanted in [true, false] {
                        let (recall, good_too, again_too) =
                            stepper.review(&compact, now.timestamp(), days, |_| wanted);
                        prop_assert_eq!(good_too, fast_good);
                        // Again is left out only when it is not wanted.
                        prop_assert!(again_too == Some(fast_again) || (!wanted && again_too.is_none()));
                        prop_assert_eq!(
                            recall.to_bits(),
                            scheduler.recall_after(card.stability, days).to_bits()
                        );
                    }
                }
                let rating = Rating::from_u8(rating).unwrap_or(Rating::Good);
                card = scheduler.review(&card, rating, now, 0);
                // Times with milliseconds: the stepper works in whole seconds.
                card.due += TimeDelta::milliseconds(millis);
            }
        }
    }
}
