//! The records of a sync file, as JSON (the format is in `format`): each a plain value
//! the store reads out and merges. Field names are part of the file format: a newer upsc
//! may add fields (older ones ignore them) but never rename or drop one without raising
//! the format version.

use serde::{Deserialize, Serialize};

/// One answer, with everything the review log keeps of it except the card's state after
/// it, which every device derives by replaying the log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnswerRecord {
    /// The answer's event id, the same on every device.
    pub event: String,
    pub deck: String,
    pub card: String,
    pub kind: String,
    pub fingerprint: u64,
    /// Milliseconds since the Unix epoch, UTC.
    pub at: i64,
    /// The learner's offset from UTC then, in seconds.
    pub offset: i32,
    /// 1 again, 2 hard, 3 good, 4 easy: the latest rating (an amend may change it).
    pub rating: u8,
    pub correct: bool,
    pub duration_ms: i64,
    #[serde(default)]
    pub confidence: Option<String>,
    #[serde(default)]
    pub given: Option<String>,
    /// `review`, `quiz` or `test`.
    pub mode: String,
    /// Whether the answer moved the card's schedule.
    pub scheduled: bool,
    /// The sequence number of the newest amend `rating` includes (0: none), so that an
    /// amend arriving after the answer applies only when it is newer.
    #[serde(default)]
    pub amended: i64,
    /// The id of the scheduler settings it was given under (a `scheduler` record of the
    /// same file or an earlier one gives them); none from an older upsc.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sched: Option<String>,
    /// The confidence declared before the verdict in a quiz (`sure`, `50-50`, `guess`;
    /// `confidence` is the one given after it). Left out when none was, and from an older
    /// upsc, which also ignores it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub declared: Option<String>,
}

/// The scheduler settings answers were given under (`crate::store::schedules`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SchedulerRecord {
    /// The xxh3 of `spec`, as 16 hex digits.
    pub id: String,
    /// The settings and the exam planned for, as JSON text.
    pub spec: String,
}

/// An answer taken back with `upsc undo`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UndoRecord {
    pub event: String,
}

/// A new rating for an answer (the confidence key after the feedback).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AmendRecord {
    /// The amend's number on the device that made it (0 from an upsc that did not send
    /// one: applied in the order read). The newest wins, whatever order files arrive in.
    #[serde(default)]
    pub seq: i64,
    pub event: String,
    pub rating: u8,
    #[serde(default)]
    pub confidence: Option<String>,
}

/// A finished mock test: its row and its answers' rows, as column → value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MockRecord {
    pub uid: String,
    pub test: serde_json::Map<String, serde_json::Value>,
    pub answers: Vec<serde_json::Map<String, serde_json::Value>>,
}

/// The settings that travel (every key of `config.toml` but `[sync]`, and the FSRS
/// parameters `upsc optimize` fitted); the highest `version` wins, then the higher
/// device id (never a wall clock: see docs/sync.md).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SettingsRecord {
    /// Milliseconds since the Unix epoch when they were changed (for the report only).
    pub at: i64,
    /// A logical clock: one more than the highest version the device had seen when the
    /// learner changed them. 0 from an upsc that did not send one.
    #[serde(default)]
    pub version: u64,
    /// Each key set in the file, as its TOML text (`exam.date` → `2027-05-23`).
    pub values: std::collections::BTreeMap<String, String>,
    /// The store's scheduler settings (JSON), when `optimize` saved some.
    #[serde(default)]
    pub fsrs: Option<serde_json::Value>,
}

/// One record of a sync file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "t", rename_all = "lowercase")]
pub enum Record {
    Answer(AnswerRecord),
    Undo(UndoRecord),
    Amend(AmendRecord),
    Mock(MockRecord),
    Settings(SettingsRecord),
    Scheduler(SchedulerRecord),
}

impl Record {
    /// The kinds this build reads; a record of another kind (from a newer upsc of the
    /// same format version) is passed over.
    pub const KINDS: [&'static str; 6] =
        ["answer", "undo", "amend", "mock", "settings", "scheduler"];
}

/// The first line of every sync file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Header {
    /// Always `upsc-sync`.
    pub format: String,
    pub version: u32,
    /// The device that wrote the file (its folder's name).
    pub device: String,
    /// The device's name when it wrote the file (`upsc sync --name`).
    pub name: String,
    /// When the file was written, milliseconds since the Unix epoch.
    pub written: i64,
}
