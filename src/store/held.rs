//! Answers held back: when another program keeps the store locked for longer than upsc
//! waits, an answer is not dropped. The session keeps it and tries again before the next
//! question; what is still unwritten when the session ends goes to `progress.db-held`
//! (one JSON answer a line, synced), which the next open writes into the store.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset};

use super::{Answer, Store, explain, record_in};
use crate::deck::{CardKey, Kind};
use crate::revlog::LogMode;
use crate::scheduler::{Rating, Scheduler};
use crate::text::Count;

/// An answer that could not be written yet, with everything needed to write it later.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct HeldAnswer {
    /// Written as its two fields, `deck` and `card`.
    #[serde(flatten)]
    pub card: CardKey,
    pub kind: Kind,
    pub fingerprint: u64,
    pub rating: u8,
    pub correct: bool,
    pub duration_ms: u64,
    pub confidence: Option<String>,
    pub given: Option<String>,
    /// The confidence declared before the verdict (a quiz's 1, 2, 3); none in a file
    /// written by an older upsc.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub declared: Option<String>,
    pub mode: String,
    pub schedule: bool,
    pub at: DateTime<FixedOffset>,
}

impl HeldAnswer {
    pub fn from_answer(answer: &Answer, at: DateTime<FixedOffset>) -> HeldAnswer {
        HeldAnswer {
            card: answer.card.clone(),
            kind: answer.kind,
            fingerprint: answer.fingerprint,
            rating: answer.rating.as_u8(),
            correct: answer.correct,
            duration_ms: answer.duration_ms,
            confidence: answer.confidence.map(str::to_string),
            given: answer.given.map(str::to_string),
            declared: None,
            mode: answer.mode.to_string(),
            schedule: answer.schedule,
            at,
        }
    }

    fn answer(&self) -> Answer<'_> {
        Answer {
            card: self.card.clone(),
            kind: self.kind,
            fingerprint: self.fingerprint,
            rating: Rating::from_u8(self.rating).unwrap_or(Rating::Good),
            correct: self.correct,
            duration_ms: self.duration_ms,
            confidence: self.confidence.as_deref(),
            given: self.given.as_deref(),
            // A held file is this program's own, written moments before; a mode it
            // cannot name counts in no figure of revision.
            mode: self.mode.parse().unwrap_or(LogMode::Quiz),
            schedule: self.schedule,
        }
    }
}

/// The file beside the store that keeps answers held when a session ended.
pub(super) fn held_path(db: &Path) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push("-held");
    PathBuf::from(name)
}

impl Store {
    /// Writes answers held back, in order, in one transaction.
    pub fn write_held_answers(
        &mut self,
        held: &[HeldAnswer],
        scheduler: &Scheduler,
    ) -> anyhow::Result<()> {
        let path = self.path.clone();
        let result = (|| -> rusqlite::Result<()> {
            let tx = self.begin_write()?;
            for answer in held {
                let (_, log_id) = record_in(&tx, &answer.answer(), scheduler, answer.at)?;
                super::declared::set(&tx, log_id, answer.declared.as_deref())?;
            }
            tx.commit()
        })();
        result.map_err(|e| explain(e, &path))
    }

    /// Keeps answers that could not be written on disk beside the store, appended and
    /// synced, for the next open to write.
    pub fn hold_on_disk(&self, held: &[HeldAnswer]) -> anyhow::Result<PathBuf> {
        let path = held_path(&self.path);
        let mut text = String::new();
        for answer in held {
            text.push_str(&serde_json::to_string(answer)?);
            text.push('\n');
        }
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)?;
        file.write_all(text.as_bytes())?;
        file.sync_all()?;
        Ok(path)
    }

    /// Writes the answers a past session left in the held file, then removes the file.
    /// The file's content hash is recorded in the same transaction, so a crash between the
    /// commit and the removal never writes them twice. Returns what to tell the learner
    /// when answers were written (the store prints nothing itself).
    pub(super) fn write_held(&mut self) -> anyhow::Result<Option<String>> {
        let path = held_path(&self.path);
        let Ok(text) = std::fs::read_to_string(&path) else {
            return Ok(None);
        };
        let stamp = format!("held:{:016x}", xxhash_rust::xxh3::xxh3_64(text.as_bytes()));
        let done: bool = self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM meta WHERE key = ?1)",
            [&stamp],
            |r| r.get(0),
        )?;
        let mut notice = None;
        if !done {
            // A line cut short by a crash while it was written (or naming a kind of card
            // this build does not know) is skipped; the rest count.
            let held: Vec<HeldAnswer> = text
                .lines()
                .filter_map(|line| serde_json::from_str(line).ok())
                .collect();
            let scheduler = Scheduler::new(self.settings().unwrap_or_default())
                .or_else(|_| Scheduler::new(Default::default()))
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            let db = self.path.clone();
            let result = (|| -> rusqlite::Result<()> {
                let tx = self.begin_write()?;
                for answer in &held {
                    let (_, log_id) = record_in(&tx, &answer.answer(), &scheduler, answer.at)?;
                    super::declared::set(&tx, log_id, answer.declared.as_deref())?;
                }
                tx.execute(
                    "INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)",
                    [&stamp, &held.len().to_string()],
                )?;
                tx.commit()
            })();
            result.map_err(|e| explain(e, &db))?;
            notice = Some(format!(
                "wrote {} held back from an earlier session",
                Count::new(held.len(), "answer", "answers")
            ));
        }
        let _ = std::fs::remove_file(&path);
        Ok(notice)
    }
}
