//! Times as a learner reads them: in the local time of "now", in words ("in 1 min",
//! "in 3 h", "Fri 11 Dec"), never a raw UTC timestamp.

use chrono::{DateTime, Datelike, FixedOffset, TimeZone};

/// When `at` is, seen from `now`: minutes or hours ahead within the day, else the
/// weekday and date (with the year when it is not this year's); a past time is "now"
/// within the hour and "since …" before that.
pub fn when<Tz: TimeZone>(at: &DateTime<Tz>, now: DateTime<FixedOffset>) -> String {
    let local = at.with_timezone(&now.timezone());
    let ahead = local.signed_duration_since(now);
    let minutes = ahead.num_seconds().div_euclid(60) + i64::from(ahead.num_seconds() % 60 != 0);
    let date = |t: &DateTime<FixedOffset>| {
        if t.year() == now.year() {
            t.format("%a %-d %b").to_string()
        } else {
            t.format("%a %-d %b %Y").to_string()
        }
    };
    match minutes {
        m if m <= -60 => format!("since {}", date(&local)),
        m if m <= 0 => "now".to_string(),
        m if m < 60 => format!("in {m} min"),
        m if m < 24 * 60 => format!("in {} h", m / 60),
        _ => date(&local),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(text).unwrap_or_default()
    }

    #[test]
    fn times_read_in_words_in_local_time() {
        let now = at("2026-12-06T10:00:00+05:30");
        assert_eq!(when(&at("2026-12-06T04:31:00Z"), now), "in 1 min");
        assert_eq!(when(&at("2026-12-06T10:00:30+05:30"), now), "in 1 min");
        assert_eq!(when(&at("2026-12-06T13:10:00+05:30"), now), "in 3 h");
        // 11 Dec 20:00 UTC is already Saturday 12 Dec in India.
        assert_eq!(when(&at("2026-12-11T20:00:00Z"), now), "Sat 12 Dec");
        assert_eq!(when(&at("2026-12-11T10:00:00+05:30"), now), "Fri 11 Dec");
        assert_eq!(
            when(&at("2027-01-05T10:00:00+05:30"), now),
            "Tue 5 Jan 2027"
        );
        assert_eq!(when(&at("2026-12-06T09:30:00+05:30"), now), "now");
        assert_eq!(
            when(&at("2026-12-01T09:00:00+05:30"), now),
            "since Tue 1 Dec"
        );
    }
}
