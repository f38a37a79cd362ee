//! How the domain's values are stored: `Rating` and `State` as their numbers, `LogMode`,
//! `MockStatus` and a card's `Kind` as their words. Reading one back checks it: a value upsc never writes
//! (a hand-edited file, a flipped byte) is an error naming the value and the column, never
//! a silent default that would reschedule a card or count an answer in the wrong figures.
//! The conversions live here rather than beside the types so that the domain knows
//! nothing of SQLite.

use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};

use crate::deck::Kind;
use crate::mock::MockStatus;
use crate::revlog::LogMode;
use crate::scheduler::{Rating, State};

/// A stored value that is none of its type's: says what it is and what it should be.
#[derive(Debug, thiserror::Error)]
#[error("`{value}` is not {expected}")]
pub(super) struct BadValue {
    pub value: String,
    pub expected: &'static str,
}

fn bad(value: ValueRef<'_>, expected: &'static str) -> FromSqlError {
    let value = match value {
        ValueRef::Null => "NULL".to_string(),
        ValueRef::Integer(n) => n.to_string(),
        ValueRef::Real(f) => f.to_string(),
        ValueRef::Text(bytes) | ValueRef::Blob(bytes) => {
            crate::text::strip_controls(&String::from_utf8_lossy(bytes)).into_owned()
        }
    };
    FromSqlError::Other(Box::new(BadValue { value, expected }))
}

/// A small number stored as an integer, read back through `from`.
fn number<T>(
    value: ValueRef<'_>,
    expected: &'static str,
    from: fn(u8) -> Option<T>,
) -> FromSqlResult<T> {
    match value {
        ValueRef::Integer(n) => u8::try_from(n).ok().and_then(from),
        _ => None,
    }
    .ok_or_else(|| bad(value, expected))
}

/// A word stored as text, read back through its `FromStr`.
fn word<T: std::str::FromStr>(value: ValueRef<'_>, expected: &'static str) -> FromSqlResult<T> {
    match value {
        ValueRef::Text(bytes) => std::str::from_utf8(bytes).ok().and_then(|w| w.parse().ok()),
        _ => None,
    }
    .ok_or_else(|| bad(value, expected))
}

impl FromSql for Rating {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        number(value, "a rating (1-4)", Rating::from_u8)
    }
}

impl ToSql for Rating {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(i64::from(self.as_u8())))
    }
}

impl FromSql for State {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        number(value, "a card state (0-3)", State::from_u8)
    }
}

impl ToSql for State {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(i64::from(self.as_u8())))
    }
}

impl FromSql for LogMode {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        word(value, "a review-log mode (review, quiz or test)")
    }
}

impl ToSql for LogMode {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.as_str()))
    }
}

impl FromSql for MockStatus {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        word(
            value,
            "a mock test's status (running, submitted, timed-out or abandoned)",
        )
    }
}

impl ToSql for MockStatus {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.as_str()))
    }
}

impl FromSql for Kind {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        match value {
            ValueRef::Text(bytes) => std::str::from_utf8(bytes).ok().and_then(Kind::parse),
            _ => None,
        }
        .ok_or_else(|| {
            bad(
                value,
                "a card kind (statements, pairs, rows, assertion, mcq, numeric or recall)",
            )
        })
    }
}

impl ToSql for Kind {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.as_str()))
    }
}

/// The stored value this error is about, if a read failed on one ([`BadValue`]): a one-line
/// account naming the value, its column and what to do, for the store's errors.
pub(super) fn bad_value(error: &rusqlite::Error) -> Option<String> {
    let rusqlite::Error::FromSqlConversionFailure(_, _, cause) = error else {
        return None;
    };
    let bad = cause.downcast_ref::<BadValue>()?;
    Some(format!(
        "the progress database holds `{}` where it keeps {}; run `upsc doctor` to repair it",
        bad.value, bad.expected
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rusqlite::Connection;

    fn read<T: FromSql>(sql: &str) -> rusqlite::Result<T> {
        let conn = Connection::open_in_memory()?;
        conn.query_row(&format!("SELECT {sql}"), [], |r| r.get(0))
    }

    #[test]
    fn every_value_round_trips() -> rusqlite::Result<()> {
        let conn = Connection::open_in_memory()?;
        for rating in Rating::ALL {
            let back: Rating = conn.query_row("SELECT ?1", [rating], |r| r.get(0))?;
            assert_eq!(back, rating);
        }
        for state in [
            State::New,
            State::Learning,
            State::Review,
            State::Relearning,
        ] {
            let back: State = conn.query_row("SELECT ?1", [state], |r| r.get(0))?;
            assert_eq!(back, state);
        }
        for mode in LogMode::ALL {
            let back: LogMode = conn.query_row("SELECT ?1", [mode], |r| r.get(0))?;
            assert_eq!(back, mode);
        }
        for status in MockStatus::ALL {
            let back: MockStatus = conn.query_row("SELECT ?1", [status], |r| r.get(0))?;
            assert_eq!(back, status);
        }
        assert_eq!(read::<Rating>("3")?, Rating::Good);
        assert_eq!(read::<LogMode>("'review'")?, LogMode::Review);
        Ok(())
    }

    #[test]
    fn a_value_upsc_never_writes_is_named_not_defaulted() {
        let cases: [(rusqlite::Result<()>, &str); 7] = [
            (
                read::<Rating>("7").map(drop),
                "`7` where it keeps a rating (1-4)",
            ),
            (
                read::<Rating>("'good'").map(drop),
                "`good` where it keeps a rating (1-4)",
            ),
            (
                read::<State>("-1").map(drop),
                "`-1` where it keeps a card state (0-3)",
            ),
            (
                read::<State>("NULL").map(drop),
                "`NULL` where it keeps a card state (0-3)",
            ),
            (
                read::<LogMode>("'revue'").map(drop),
                "`revue` where it keeps a review-log mode (review, quiz or test)",
            ),
            (
                read::<LogMode>("2").map(drop),
                "`2` where it keeps a review-log mode (review, quiz or test)",
            ),
            (
                read::<MockStatus>("'done'").map(drop),
                "`done` where it keeps a mock test's status (running, submitted, timed-out or abandoned)",
            ),
        ];
        for (result, expected) in cases {
            let error = result.expect_err(expected);
            let line = bad_value(&error).unwrap_or_default();
            assert!(line.contains(expected), "{line:?} should name {expected:?}");
            assert!(line.ends_with("run `upsc doctor` to repair it"), "{line}");
        }
    }
}
