//! A card's scheduling state and the ratings and states it moves through, with their
//! serde as the store and exports write them.

use chrono::{DateTime, Utc};
use fsrs::MemoryState;
use serde::{Deserialize, Serialize};

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
    pub(super) fn memory(&self) -> Option<MemoryState> {
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

/// Serde for a UTC time as an RFC 3339 string (chrono's own serde support is not enabled).
pub(super) mod rfc3339 {
    use chrono::{DateTime, SecondsFormat, Utc};
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    pub(crate) fn serialize<S: Serializer>(
        time: &DateTime<Utc>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&time.to_rfc3339_opts(SecondsFormat::AutoSi, true))
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<DateTime<Utc>, D::Error> {
        let text = String::deserialize(deserializer)?;
        parse(&text).map_err(D::Error::custom)
    }

    pub(crate) fn parse(text: &str) -> Result<DateTime<Utc>, chrono::ParseError> {
        DateTime::parse_from_rfc3339(text).map(|time| time.to_utc())
    }
}

/// Serde for an optional UTC time as an RFC 3339 string or null.
mod rfc3339_option {
    use chrono::{DateTime, Utc};
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    pub(super) fn serialize<S: Serializer>(
        time: &Option<DateTime<Utc>>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match time {
            Some(time) => super::rfc3339::serialize(time, serializer),
            None => serializer.serialize_none(),
        }
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(
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
