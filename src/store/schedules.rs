//! The scheduler settings each answer was given under, so that a card's history is
//! replayed with the settings in force when each of its answers was given — on every
//! computer alike, whatever settings each has now (`config set desired_retention` on one
//! computer must not fork the schedules of answers given before it).
//!
//! A scheduler's *spec* is its settings and the exam it plans for, as JSON; its id is
//! the xxh3 of that text. Each answer row names its spec (`revlog.sched`), and the specs
//! are kept in `schedulers`. Sync sends a spec with the first answer of a segment that
//! names it. Answers logged before this existed (or sent by an upsc that did not name
//! one) cannot say what they were given under: they are given the default settings'
//! spec, the same on every computer, so that every computer replays them alike.

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension, params};

use crate::scheduler::{ExamTarget, Scheduler, Settings};

/// A scheduler's spec as JSON text and its id.
pub fn spec_of(scheduler: &Scheduler) -> (String, String) {
    let exam = scheduler
        .exam()
        .map(|e| serde_json::json!({"date": e.date.to_string(), "target_recall": e.target_recall}));
    let spec = serde_json::json!({"settings": scheduler.settings(), "exam": exam}).to_string();
    let id = format!("{:016x}", xxhash_rust::xxh3::xxh3_64(spec.as_bytes()));
    (id, spec)
}

/// The scheduler a spec describes, or `None` when it is not one this build can use.
pub fn from_spec(spec: &str) -> Option<Scheduler> {
    let value: serde_json::Value = serde_json::from_str(spec).ok()?;
    let settings: Settings = serde_json::from_value(value.get("settings")?.clone()).ok()?;
    let exam = match value.get("exam") {
        Some(serde_json::Value::Object(exam)) => Some(ExamTarget {
            date: exam.get("date")?.as_str()?.parse().ok()?,
            target_recall: exam.get("target_recall")?.as_f64()? as f32,
        }),
        _ => None,
    };
    Some(Scheduler::new(settings).ok()?.planning_for(exam))
}

/// Adds the column and the table when missing (within schema version 4).
pub(super) fn ensure(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch(include_str!("schedulers.sql"))?;
    super::add_column(conn, "revlog", "sched", "TEXT")
}

/// The spec answers that name none are taken as given under: the default settings,
/// no exam. Kept in the store, and returns its id.
pub(super) fn unnamed(conn: &Connection) -> rusqlite::Result<String> {
    match Scheduler::new(Settings::default()) {
        Ok(scheduler) => keep(conn, &scheduler),
        Err(_) => Ok(String::new()),
    }
}

/// Names the spec of every answer that names none (once: a note says it was done).
pub(super) fn name_unnamed(conn: &Connection) -> rusqlite::Result<()> {
    let done: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM meta WHERE key = 'sched_named')",
        [],
        |r| r.get(0),
    )?;
    if done {
        return Ok(());
    }
    let id = unnamed(conn)?;
    conn.execute("UPDATE revlog SET sched = ?1 WHERE sched IS NULL", [&id])?;
    conn.execute(
        "INSERT OR REPLACE INTO meta (key, value) VALUES ('sched_named', '1')",
        [],
    )?;
    Ok(())
}

/// Keeps a spec (once) and returns its id.
pub(super) fn keep(conn: &Connection, scheduler: &Scheduler) -> rusqlite::Result<String> {
    let (id, spec) = spec_of(scheduler);
    keep_spec(conn, &id, &spec)?;
    Ok(id)
}

/// Keeps a spec read from elsewhere, when it describes a usable scheduler and its id is
/// its own.
pub(super) fn keep_spec(conn: &Connection, id: &str, spec: &str) -> rusqlite::Result<()> {
    let own = format!("{:016x}", xxhash_rust::xxh3::xxh3_64(spec.as_bytes()));
    if own == id && from_spec(spec).is_some() {
        conn.prepare("INSERT OR IGNORE INTO schedulers (id, spec) VALUES (?1, ?2)")?
            .execute(params![id, spec])?;
    }
    Ok(())
}

/// The spec of an id, if it is known here.
pub(super) fn spec(conn: &Connection, id: &str) -> rusqlite::Result<Option<String>> {
    conn.prepare("SELECT spec FROM schedulers WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()
}

/// The schedulers of a replay, built once each.
pub(super) struct Schedulers {
    built: HashMap<String, Option<Scheduler>>,
}

impl Schedulers {
    pub(super) fn new() -> Schedulers {
        Schedulers {
            built: HashMap::new(),
        }
    }

    /// The scheduler an answer naming `id` was given under; `fallback` when it names
    /// none, or one not known here.
    pub(super) fn get<'a>(
        &'a mut self,
        conn: &Connection,
        id: Option<&str>,
        fallback: &'a Scheduler,
    ) -> rusqlite::Result<&'a Scheduler> {
        let Some(id) = id else {
            return Ok(fallback);
        };
        if !self.built.contains_key(id) {
            let built = spec(conn, id)?.and_then(|s| from_spec(&s));
            self.built.insert(id.to_string(), built);
        }
        Ok(self
            .built
            .get(id)
            .and_then(Option::as_ref)
            .unwrap_or(fallback))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_spec_gives_back_the_scheduler_it_was_made_from() {
        let settings = Settings {
            desired_retention: 0.85,
            ..Settings::default()
        };
        let scheduler = Scheduler::new(settings)
            .expect("valid")
            .planning_for(Some(ExamTarget {
                date: "2027-05-23".parse().expect("a date"),
                target_recall: 0.9,
            }));
        let (id, spec) = spec_of(&scheduler);
        let back = from_spec(&spec).expect("usable");
        assert_eq!(spec_of(&back), (id, spec));
        assert!(from_spec("{\"settings\":{\"desired_retention\":7}}").is_none());
    }
}
