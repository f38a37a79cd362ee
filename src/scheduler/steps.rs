//! Learning and relearning steps, the delays they give, and Anki's interval fuzz.

use chrono::{DateTime, TimeDelta, Utc};

use super::card::{Rating, State};
use super::day::SECS_PER_DAY;
use super::{Delay, Transition};

/// A seed for [`super::Scheduler::review`]'s fuzz from the card's key and the review time, so the
/// same review always gets the same fuzz.
pub fn fuzz_seed(card_key: &str, review_time: DateTime<Utc>) -> u64 {
    xxhash_rust::xxh3::xxh3_64_with_seed(card_key.as_bytes(), review_time.timestamp_millis() as u64)
}

/// A rating's effect on a card in (or entering) a list of steps, at step `current`.
pub(super) fn step_transition(
    state: State,
    steps: &[u32],
    current: u32,
    rating: Rating,
) -> Transition {
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
pub(super) fn hard_delay_secs(steps: &[u32], index: usize) -> Option<u64> {
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
pub(super) fn minimum_days_after(previous: Option<Delay>, rating: Rating) -> u32 {
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

pub(super) fn add_delay(now: DateTime<Utc>, delay: Delay) -> DateTime<Utc> {
    let delta = match delay {
        Delay::Secs(secs) => i64::try_from(secs).ok().and_then(TimeDelta::try_seconds),
        Delay::Days(days) => TimeDelta::try_days(i64::from(days)),
    };
    delta
        .and_then(|delta| now.checked_add_signed(delta))
        .unwrap_or(DateTime::<Utc>::MAX_UTC)
}

/// Anki's fuzz: how far, in days, an interval may move either way.
pub(super) fn fuzz_delta(interval: f32) -> f32 {
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
pub(super) fn constrained_fuzz_bounds(interval: f32, minimum: u32, maximum: u32) -> (u32, u32) {
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
