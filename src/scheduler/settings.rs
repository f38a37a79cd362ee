//! The learner's scheduling settings and what makes them invalid.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::PARAMETER_COUNT;

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
