//! The learner's study day: the one rule, used by the scheduler, the exam arithmetic,
//! `stats`, and the store's backups and daily check.
//!
//! A study day starts at `day_starts_at` o'clock (0–23) in the learner's UTC offset, so
//! with the default of 4, 02:00 on the 23rd still belongs to the 22nd. Everything that
//! asks "which day is this?" goes through [`number`]; [`study_day`] is the same answer as
//! a calendar date, and [`start`] the first moment of a day.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, Utc};

pub(super) const SECS_PER_DAY: i64 = 86_400;
const SECS_PER_HOUR: i64 = 3_600;

/// The learner's day number (days since 1 January 1970, counted in study days) of the
/// Unix time `timestamp`, for a learner at `offset_secs` from UTC whose days start at
/// `day_starts_at` o'clock: the one place the study day is computed.
pub fn number(timestamp: i64, offset_secs: i64, day_starts_at: u32) -> i64 {
    (timestamp + offset_secs - i64::from(day_starts_at) * SECS_PER_HOUR).div_euclid(SECS_PER_DAY)
}

/// The calendar date of the study day `time` falls in, for a learner at `offset` whose
/// days start at `day_starts_at` o'clock ([`number`] as a date).
pub fn study_day(time: DateTime<Utc>, offset: FixedOffset, day_starts_at: u32) -> NaiveDate {
    date_of_day(number(
        time.timestamp(),
        i64::from(offset.local_minus_utc()),
        day_starts_at,
    ))
}

/// The Unix time (seconds) at which the study day numbered `day` starts, for a learner at
/// `offset_secs` whose days start at `day_starts_at` o'clock.
pub fn start(day: i64, offset_secs: i64, day_starts_at: u32) -> i64 {
    day * SECS_PER_DAY + i64::from(day_starts_at) * SECS_PER_HOUR - offset_secs
}

/// The learner-day number of a calendar date (days since 1 January 1970).
pub fn day_of_date(date: NaiveDate) -> i64 {
    i64::from(date.num_days_from_ce()) - i64::from(EPOCH_DAY_FROM_CE)
}

/// The calendar date of a learner-day number.
pub fn date_of_day(day: i64) -> NaiveDate {
    i32::try_from(day + i64::from(EPOCH_DAY_FROM_CE))
        .ok()
        .and_then(NaiveDate::from_num_days_from_ce_opt)
        .unwrap_or(NaiveDate::MIN)
}

/// `NaiveDate::num_days_from_ce` of 1 January 1970.
const EPOCH_DAY_FROM_CE: i32 = 719_163;

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn at(text: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(text).expect("a valid test time")
    }

    fn day_of(text: &str, day_starts_at: u32) -> NaiveDate {
        let time = at(text);
        study_day(time.to_utc(), *time.offset(), day_starts_at)
    }

    #[test]
    fn the_day_rolls_over_at_the_learners_hour_in_their_offset() {
        let date = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("a date");
        // The default: 02:00 is still the day before, 04:00 is the new day.
        assert_eq!(day_of("2026-03-02T02:00:00+05:30", 4), date("2026-03-01"));
        assert_eq!(day_of("2026-03-02T04:00:00+05:30", 4), date("2026-03-02"));
        // Days starting at midnight: 01:00 is that day (the backup bug of issue 25).
        assert_eq!(day_of("2026-03-02T01:00:00+05:30", 0), date("2026-03-02"));
        assert_eq!(day_of("2026-03-01T23:59:59+05:30", 0), date("2026-03-01"));
        // Late starts and offsets west of UTC.
        assert_eq!(day_of("2026-03-02T22:59:00-03:30", 23), date("2026-03-01"));
        assert_eq!(day_of("2026-03-02T23:00:00-03:30", 23), date("2026-03-02"));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        /// The day number agrees with the local clock: the date of local time shifted back
        /// by the start hour, and the day starts where `start` says.
        #[test]
        fn number_agrees_with_the_local_clock(
            secs in -2_000_000_000i64..4_000_000_000,
            offset_minutes in -14 * 60i64..=14 * 60,
            hour in 0u32..24,
        ) {
            let offset = FixedOffset::east_opt(i32::try_from(offset_minutes * 60).unwrap_or(0))
                .unwrap_or(FixedOffset::east_opt(0).expect("UTC"));
            let time = DateTime::from_timestamp(secs, 0).expect("in range");
            let local = time.with_timezone(&offset) - chrono::TimeDelta::hours(i64::from(hour));
            prop_assert_eq!(study_day(time, offset, hour), local.date_naive());
            let day = number(secs, offset_minutes * 60, hour);
            let first = start(day, offset_minutes * 60, hour);
            prop_assert!(first <= secs && secs < first + SECS_PER_DAY);
            prop_assert_eq!(day_of_date(date_of_day(day)), day);
        }
    }
}
