//! The learner's study day.

use chrono::{Datelike, NaiveDate};

pub(super) const SECS_PER_DAY: i64 = 86_400;
pub(super) const SECS_PER_HOUR: i64 = 3_600;

/// The learner-day number of a calendar date (days since 1 January 1970).
pub(super) fn day_of_date(date: NaiveDate) -> i64 {
    i64::from(date.num_days_from_ce()) - i64::from(EPOCH_DAY_FROM_CE)
}

/// The calendar date of a learner-day number.
pub(super) fn date_of_day(day: i64) -> NaiveDate {
    i32::try_from(day + i64::from(EPOCH_DAY_FROM_CE))
        .ok()
        .and_then(NaiveDate::from_num_days_from_ce_opt)
        .unwrap_or(NaiveDate::MIN)
}

/// `NaiveDate::num_days_from_ce` of 1 January 1970.
pub(super) const EPOCH_DAY_FROM_CE: i32 = 719_163;
