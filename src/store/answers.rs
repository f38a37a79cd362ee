//! Writing answers: recording one (reading the card's state, letting the scheduler move
//! it, appending the log row and saving the new state, in one immediate transaction),
//! amending its rating afterwards, overruling its check ("I was right") and taking back
//! the newest one. Each is one transaction; every other writer of the log (held answers,
//! mock tests, the merge of `upsc sync`) goes through [`record_in`] or replays what these
//! leave.

use chrono::{DateTime, FixedOffset, Offset, Utc};
use rusqlite::{Connection, OptionalExtension, params};

use super::{
    Store, aggregate, derive_state, events, explain, from_millis, millis, read_state, schedules,
    write_state,
};
use crate::deck::{CardKey, Kind};
use crate::revlog::LogMode;
use crate::scheduler::{CardState, Rating, Scheduler, fuzz_seed};

/// What one answer was, as the session hands it to the store.
#[derive(Debug, Clone)]
pub struct Answer<'a> {
    pub card: CardKey,
    pub kind: Kind,
    pub fingerprint: u64,
    pub rating: Rating,
    pub correct: bool,
    pub duration_ms: u64,
    pub confidence: Option<&'a str>,
    pub given: Option<&'a str>,
    pub mode: LogMode,
    /// Whether the answer moves the card's schedule (`quiz --no-schedule` and mock tests
    /// log without scheduling).
    pub schedule: bool,
}

/// An answer as committed: its log row and the card's state after it.
#[derive(Debug, Clone, PartialEq)]
pub struct Recorded {
    pub log_id: i64,
    pub after: CardState,
}

impl Store {
    /// Records one answer: in one immediate transaction, reads the card's current state,
    /// lets the scheduler move it (when `answer.schedule`), appends the log row and saves
    /// the new state. Returns the state after the answer.
    pub fn record(
        &mut self,
        answer: &Answer,
        scheduler: &Scheduler,
        now: DateTime<chrono::FixedOffset>,
    ) -> anyhow::Result<CardState> {
        Ok(self.record_answer(answer, scheduler, now)?.after)
    }

    /// [`Store::record`], also returning the log row's id so that the answer can be
    /// amended (the learner's confidence, given after the feedback).
    pub fn record_answer(
        &mut self,
        answer: &Answer,
        scheduler: &Scheduler,
        now: DateTime<chrono::FixedOffset>,
    ) -> anyhow::Result<Recorded> {
        // Nothing declared before the verdict: the one commit path, with no declaration.
        self.record_declared(answer, None, scheduler, now)
    }

    /// Copies the write-ahead log back into the database file when enough answers have
    /// gone into it, for a session to call while the learner reads the feedback: then the
    /// automatic checkpoint (at 4,000 pages) is never reached inside the commit of an
    /// answer, which it would hold up by 10–20 ms. Best effort and passive: a reader in
    /// the way, or any failure, only leaves the log to the next call or to SQLite.
    pub fn checkpoint_while_idle(&mut self) {
        // About ten pages an answer: a checkpoint every 64 answers keeps the log near 640
        // pages, far below the automatic one.
        if self.unchecked < 64 {
            return;
        }
        self.unchecked = 0;
        let _ = self
            .conn
            .query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()));
    }

    /// Changes the rating and confidence of an answer already logged (the learner said,
    /// after seeing it was right, that it was a guess or too easy), and moves the card's
    /// schedule as if that rating had been given then — in one transaction. The answer
    /// itself is never at risk: it was committed before the question was asked.
    pub fn amend(
        &mut self,
        log_id: i64,
        rating: Rating,
        confidence: Option<&str>,
        scheduler: &Scheduler,
    ) -> anyhow::Result<CardState> {
        let path = self.path.clone();
        let result = (|| -> rusqlite::Result<CardState> {
            let tx = self.begin_write()?;
            let now_state = amend_in(&tx, log_id, rating, confidence, scheduler)?;
            tx.commit()?;
            Ok(now_state)
        })();
        result.map_err(|e| explain(e, &path))
    }

    /// The learner overrules the check of a typed answer ("I was right"): the answer
    /// counts as right from now on (the mistake book and the figures of `stats` read it
    /// so), rated Good with the confidence [`OVERRIDE`], which reaches other devices as an
    /// amend. One transaction.
    pub fn override_answer(
        &mut self,
        log_id: i64,
        scheduler: &Scheduler,
    ) -> anyhow::Result<CardState> {
        let path = self.path.clone();
        let result = (|| -> rusqlite::Result<CardState> {
            let tx = self.begin_write()?;
            aggregate::count_as_right(&tx, log_id)?;
            let now_state = amend_in(&tx, log_id, Rating::Good, Some(OVERRIDE), scheduler)?;
            tx.commit()?;
            Ok(now_state)
        })();
        result.map_err(|e| explain(e, &path))
    }

    /// Takes back the newest log entry and restores its card's state from the entries
    /// before it. Returns the card's key, or `None` when the log is empty.
    pub fn undo_last(&mut self) -> anyhow::Result<Option<CardKey>> {
        let path = self.path.clone();
        // For answers later in time that name no settings of their own (logged before
        // sync kept them): the store's.
        let fallback = Scheduler::new(self.settings().unwrap_or_default()).ok();
        let result = (|| -> rusqlite::Result<Option<CardKey>> {
            let tx = self.begin_write()?;
            let last: Option<(i64, i64, CardKey)> = tx
                .query_row(
                    // This device's newest answer: answers merged from another device are
                    // taken back there.
                    "SELECT r.id, r.card_id, c.deck, c.id FROM revlog r JOIN cards c USING (card_id)
                     WHERE r.origin IS NULL ORDER BY r.id DESC LIMIT 1",
                    [],
                    |r| {
                        let key = CardKey {
                            deck: r.get(2)?,
                            card: r.get(3)?,
                        };
                        Ok((r.get(0)?, r.get(1)?, key))
                    },
                )
                .optional()?;
            let Some((id, card_id, key)) = last else {
                return Ok(None);
            };
            aggregate::remove(&tx, id)?;
            events::replay_later(&tx, card_id, id, fallback.as_ref(), true)?;
            tx.execute("DELETE FROM revlog WHERE id = ?1", [id])?;
            derive_state(&tx, Some(card_id))?;
            tx.commit()?;
            Ok(Some(key))
        })();
        result.map_err(|e| explain(e, &path))
    }
}

/// Appends one answer to the log inside `tx` and, when it schedules, moves the card's
/// state; returns the state after the answer and the log row's id.
pub(super) fn record_in(
    tx: &Connection,
    answer: &Answer,
    scheduler: &Scheduler,
    now: DateTime<chrono::FixedOffset>,
) -> rusqlite::Result<(CardState, i64)> {
    let fingerprint = answer.fingerprint as i64;
    tx.execute(
            "INSERT INTO cards (deck, id, kind, fingerprint) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (deck, id) DO UPDATE SET kind = excluded.kind, fingerprint = excluded.fingerprint",
            params![answer.card.deck, answer.card.card, answer.kind, fingerprint],
        )?;
    let card_id: i64 = tx.query_row(
        "SELECT card_id FROM cards WHERE deck = ?1 AND id = ?2",
        params![answer.card.deck, answer.card.card],
        |r| r.get(0),
    )?;
    let before = read_state(tx, card_id)?.unwrap_or_else(|| CardState::new_card(now.to_utc()));
    let key = answer.card.to_string();
    let after = if answer.schedule {
        scheduler.review(&before, answer.rating, now, fuzz_seed(&key, now.to_utc()))
    } else {
        before.clone()
    };
    // The settings it was given under, for every replay of this card on any computer.
    let sched = schedules::keep(tx, scheduler)?;
    tx.execute(
            "INSERT INTO revlog (card_id, reviewed_at, utc_offset, rating, correct, duration_ms, confidence, given, mode,
                                 fingerprint, state_before, state_after, due_after, stability, difficulty,
                                 step_after, scheduled, sched)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)",
            params![
                card_id,
                millis(now.to_utc()),
                now.offset().local_minus_utc(),
                answer.rating,
                answer.correct,
                i64::try_from(answer.duration_ms).unwrap_or(i64::MAX),
                answer.confidence,
                answer.given,
                answer.mode,
                fingerprint,
                before.state,
                after.state,
                millis(after.due),
                f64::from(after.stability),
                f64::from(after.difficulty),
                after.step,
                answer.schedule,
                sched,
            ],
        )?;
    // Taken at once: the writes below insert rows of their own.
    let log_id = tx.last_insert_rowid();
    aggregate::apply(tx, log_id)?;
    // A clock behind the others' (answers merged from another computer given "after" this
    // one): the card's history is replayed in time order from this answer, as every
    // other computer replays it.
    let at = millis(now.to_utc());
    let event: String = tx.query_row("SELECT event FROM revlog WHERE id = ?1", [log_id], |r| {
        r.get(0)
    })?;
    let later: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM revlog WHERE card_id = ?1 AND (reviewed_at, event) > (?2, ?3))",
        params![card_id, at, event],
        |r| r.get(0),
    )?;
    if later {
        let before = events::state_before(tx, card_id, at, &event)?
            .unwrap_or_else(|| CardState::new_card(now.to_utc()));
        let after = if answer.schedule {
            scheduler.review(&before, answer.rating, now, fuzz_seed(&key, now.to_utc()))
        } else {
            before
        };
        events::replay_card(tx, card_id, at, &event, scheduler)?;
        return Ok((after, log_id));
    }
    if answer.schedule {
        write_state(tx, card_id, &after)?;
    }
    Ok((after, log_id))
}

/// A card's scheduled state just before log row `log_id`: the state after its previous
/// scheduled answer in time order (answers merged from another device are not in row
/// order), with reps and lapses counted over the rows before. `None` when the card had no
/// scheduled answer before it.
fn state_before_log(
    conn: &Connection,
    card_id: i64,
    log_id: i64,
) -> rusqlite::Result<Option<CardState>> {
    let (at, event): (i64, Option<String>) = conn.query_row(
        "SELECT reviewed_at, event FROM revlog WHERE id = ?1",
        [log_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    events::state_before(conn, card_id, at, event.as_deref().unwrap_or(""))
}

/// The confidence that marks an answer the learner overruled ("I was right").
pub const OVERRIDE: &str = "override";

/// [`Store::amend`] inside the caller's transaction; returns the card's state now.
fn amend_in(
    tx: &Connection,
    log_id: i64,
    rating: Rating,
    confidence: Option<&str>,
    fallback: &Scheduler,
) -> rusqlite::Result<CardState> {
    type Row = (i64, String, i64, i32, bool, Option<String>);
    let (card_id, key, reviewed_at, offset, scheduled, sched): Row = tx.query_row(
        "SELECT r.card_id, c.deck || '/' || c.id, r.reviewed_at, r.utc_offset, r.scheduled, r.sched
         FROM revlog r JOIN cards c USING (card_id) WHERE r.id = ?1",
        [log_id],
        |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        },
    )?;
    // Under the settings the answer was given with, as every replay takes it.
    let mut schedulers = schedules::Schedulers::new();
    let scheduler = schedulers.get(tx, sched.as_deref(), fallback)?;
    let offset = FixedOffset::east_opt(offset).unwrap_or_else(|| Utc.fix());
    let when = from_millis(reviewed_at).with_timezone(&offset);
    let after = if scheduled {
        let before = state_before_log(tx, card_id, log_id)?
            .unwrap_or_else(|| CardState::new_card(when.to_utc()));
        scheduler.review(&before, rating, when, fuzz_seed(&key, when.to_utc()))
    } else {
        read_state(tx, card_id)?.unwrap_or_else(|| CardState::new_card(when.to_utc()))
    };
    tx.execute(
        "UPDATE revlog SET rating = ?2, confidence = ?3, state_after = ?4, due_after = ?5,
                           stability = ?6, difficulty = ?7, step_after = ?8
         WHERE id = ?1",
        params![
            log_id,
            rating,
            confidence,
            after.state,
            millis(after.due),
            f64::from(after.stability),
            f64::from(after.difficulty),
            after.step,
        ],
    )?;
    derive_state(tx, Some(card_id))?;
    events::replay_later(tx, card_id, log_id, Some(fallback), false)?;
    let now_state = read_state(tx, card_id)?.unwrap_or(after);
    Ok(now_state)
}
