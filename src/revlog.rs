//! The review log's vocabulary: what an answer was given in ([`LogMode`]). The log itself
//! is kept by the store; these are the values it holds, as the program reasons about them.

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

/// What an answer in the review log was given in. Stored (and printed in JSON) as
/// `review`, `quiz` or `test`; those strings are a contract with existing progress files
/// and scripts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LogMode {
    /// The daily revision (`upsc review`).
    Review,
    /// Practice on a chosen set (`upsc quiz`).
    Quiz,
    /// A mock test (`upsc test`), logged without moving any schedule.
    Test,
}

impl LogMode {
    pub const ALL: [LogMode; 3] = [LogMode::Review, LogMode::Quiz, LogMode::Test];

    /// The word stored in the review log.
    pub fn as_str(self) -> &'static str {
        match self {
            LogMode::Review => "review",
            LogMode::Quiz => "quiz",
            LogMode::Test => "test",
        }
    }
}

impl fmt::Display for LogMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A word that is not one of the log's modes.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a review-log mode (review, quiz or test)")]
pub struct UnknownMode(pub String);

impl FromStr for LogMode {
    type Err = UnknownMode;

    fn from_str(word: &str) -> Result<LogMode, UnknownMode> {
        LogMode::ALL
            .into_iter()
            .find(|m| m.as_str() == word)
            .ok_or_else(|| UnknownMode(word.to_string()))
    }
}

impl PartialEq<&str> for LogMode {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modes_are_stored_and_read_back_as_the_same_words() {
        for (mode, word) in [
            (LogMode::Review, "review"),
            (LogMode::Quiz, "quiz"),
            (LogMode::Test, "test"),
        ] {
            assert_eq!(mode.as_str(), word);
            assert_eq!(word.parse::<LogMode>(), Ok(mode));
            assert_eq!(mode.to_string(), word);
            assert_eq!(
                serde_json::to_string(&mode).unwrap_or_default(),
                format!("\"{word}\"")
            );
        }
        assert_eq!(
            "Review".parse::<LogMode>(),
            Err(UnknownMode("Review".to_string()))
        );
    }
}
