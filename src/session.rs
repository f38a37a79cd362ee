//! The interactive review loop: ask, check, grade, commit, explain — one card at a time.
//!
//! Every answer is committed to the store before its feedback is shown and before the
//! next question. Ctrl-C or Esc at any prompt ends the session: what was answered is
//! kept, the cursor is shown again and the summary printed.

use std::io;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::Instant;

use chrono::{DateTime, FixedOffset, TimeDelta};
use console::{Key, Style, Term};
use dialoguer::theme::ColorfulTheme;
use dialoguer::{Input, Select};

use crate::answer::{Confidence, Verdict, check_numeric, check_recall};
use crate::deck::load::Collection;
use crate::question::{self, Question, Response};
use crate::scheduler::{CardState, Rating, Scheduler, State};
use crate::store::{Answer, HeldAnswer, Recorded, Store, is_busy};
use crate::study::Pick;

/// The session's clock: the real time, or `UPSC_NOW` moving forward as the session runs.
pub struct Clock {
    base: DateTime<FixedOffset>,
    started: Instant,
}

impl Clock {
    pub fn starting_at(base: DateTime<FixedOffset>) -> Clock {
        Clock {
            base,
            started: Instant::now(),
        }
    }

    pub fn now(&self) -> DateTime<FixedOffset> {
        let elapsed = TimeDelta::from_std(self.started.elapsed()).unwrap_or_default();
        self.base + elapsed
    }
}

/// Why a prompt ended without an answer.
enum Stop {
    /// Esc, `q` or Ctrl-C: end the session, keeping everything answered.
    Quit,
    Io(io::Error),
}

impl From<io::Error> for Stop {
    fn from(error: io::Error) -> Stop {
        if error.kind() == io::ErrorKind::Interrupted {
            Stop::Quit
        } else {
            Stop::Io(error)
        }
    }
}

impl From<dialoguer::Error> for Stop {
    fn from(error: dialoguer::Error) -> Stop {
        let dialoguer::Error::IO(error) = error;
        error.into()
    }
}

/// Tallies for the closing summary.
#[derive(Debug, Default)]
pub struct Tally {
    pub answered: usize,
    pub correct: usize,
    pub new: usize,
    pub seconds: f64,
    /// Keys of the cards answered wrong, in order.
    pub wrong: Vec<String>,
}

struct Styles {
    good: Style,
    bad: Style,
    dim: Style,
    bold: Style,
}

impl Styles {
    fn new(colour: bool) -> Styles {
        let make = |s: Style| s.force_styling(colour);
        Styles {
            good: make(Style::new().green().bold()),
            bad: make(Style::new().red().bold()),
            dim: make(Style::new().dim()),
            bold: make(Style::new().bold()),
        }
    }
}

/// The flag a Ctrl-C (SIGINT) sets, read between prompts; the handler is installed on
/// first use. A Ctrl-C typed inside a prompt comes back from the prompt as an
/// interruption instead, because prompts read the keyboard in raw mode.
pub fn interrupted_flag() -> Arc<AtomicBool> {
    static FLAG: OnceLock<Arc<AtomicBool>> = OnceLock::new();
    Arc::clone(FLAG.get_or_init(|| {
        let flag = Arc::new(AtomicBool::new(false));
        let setter = Arc::clone(&flag);
        // An error means another handler is installed (the host program's); prompts
        // still report Ctrl-C as an interruption.
        let _ = ctrlc::set_handler(move || setter.store(true, Ordering::SeqCst));
        flag
    }))
}

/// What a session is for: daily revision, or practice on a chosen set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Cards in learning steps come back within the session.
    Review,
    /// Each card is asked once; `schedule` says whether answers move the schedule.
    Quiz { schedule: bool },
}

impl Mode {
    /// The mode recorded in the review log.
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Review => "review",
            Mode::Quiz { .. } => "quiz",
        }
    }

    fn schedules(self) -> bool {
        match self {
            Mode::Review => true,
            Mode::Quiz { schedule } => schedule,
        }
    }
}

/// Everything a review session needs.
pub struct Session<'a> {
    pub store: &'a mut Store,
    pub scheduler: &'a Scheduler,
    pub collection: &'a Collection,
    pub clock: Clock,
    pub colour: bool,
    pub mode: Mode,
}

impl Session<'_> {
    /// Runs the loop over `queue`; in review mode, learning cards are shown again as they
    /// fall due.
    pub fn run(&mut self, queue: Vec<Pick>) -> anyhow::Result<Tally> {
        let term = Term::stdout();
        let styles = Styles::new(self.colour);
        let interrupted = interrupted_flag();
        let started = Instant::now();
        let mut tally = Tally::default();
        let mut queue: std::collections::VecDeque<Pick> = queue.into();
        // Cards in learning steps come back in this session when their step is due.
        let mut learning: Vec<(DateTime<chrono::Utc>, Pick)> = Vec::new();
        let mut rng = rand::rng();
        // Answers the store could not take yet (another program held its lock too long).
        let mut held: Vec<HeldAnswer> = Vec::new();
        let result = loop {
            if interrupted.load(Ordering::SeqCst) {
                break Ok(());
            }
            if !held.is_empty() && self.store.write_held_answers(&held, self.scheduler).is_ok() {
                held.clear();
                let _ = term.write_line(
                    &styles
                        .dim
                        .apply_to("(the answers held back are now saved)")
                        .to_string(),
                );
            }
            let now = self.clock.now().to_utc();
            learning.sort_by_key(|(due, _)| *due);
            let pick = if learning.first().is_some_and(|(due, _)| *due <= now) {
                Some(learning.remove(0).1)
            } else if let Some(pick) = queue.pop_front() {
                Some(pick)
            } else if learning
                .first()
                .is_some_and(|(due, _)| *due <= now + TimeDelta::minutes(20))
            {
                // Nothing else left: show learning cards up to 20 minutes early, as Anki does.
                Some(learning.remove(0).1)
            } else {
                None
            };
            let Some(pick) = pick else { break Ok(()) };
            let left = queue.len() + learning.len();
            let key = pick.key();
            // Read per card, not all at once: a session asks a few dozen of many thousands.
            let before = match self.store.card(&pick.deck.id, &pick.card.id) {
                Ok(before) => before,
                Err(e) => break Err(e),
            };
            let is_new = before.as_ref().is_none_or(|s| s.state.state == State::New);
            let label = match self.mode {
                Mode::Quiz { .. } => "quiz",
                Mode::Review if is_new => "new",
                Mode::Review => "review",
            };
            let _ = term.write_line("");
            let _ = term.write_line(
                &styles
                    .dim
                    .apply_to(format!(
                        "[{} done · {} left · {label}] {} · {}",
                        tally.answered,
                        left + 1,
                        pick.deck.title,
                        pick.card.kind()
                    ))
                    .to_string(),
            );
            if let Some(before) = &before
                && before.fingerprint != pick.card.fingerprint()
                && before.state.reps > 0
            {
                let _ = term.write_line(&styles.dim.apply_to("(this card was edited since you last answered it; its history is kept)").to_string());
            }
            let question = question::present(pick.card, &mut rng);
            let shown_at = Instant::now();
            let mut outcome = match self.ask(&term, &styles, &question) {
                Ok(outcome) => outcome,
                Err(Stop::Quit) => break Ok(()),
                Err(Stop::Io(e)) => break Err(anyhow::Error::new(e).context("the terminal failed")),
            };
            let duration_ms = u64::try_from(shown_at.elapsed().as_millis()).unwrap_or(u64::MAX);
            let answer = Answer {
                deck: &pick.deck.id,
                card: &pick.card.id,
                kind: pick.card.kind().as_str(),
                fingerprint: pick.card.fingerprint(),
                rating: outcome.rating,
                correct: outcome.correct,
                duration_ms,
                confidence: outcome.confidence.map(Confidence::as_str),
                given: Some(outcome.given.as_str()),
                mode: self.mode.as_str(),
                schedule: self.mode.schedules(),
            };
            let now = self.clock.now();
            // Committed before anything else is shown, with the rating the answer earns
            // by itself; the learner's confidence, asked next, amends it. So leaving at
            // that prompt (q, Esc, Ctrl-C, a closed terminal, a kill) loses nothing.
            let recorded = match self.commit(&answer, now, &mut held) {
                Ok(recorded) => recorded,
                Err(e) => break Err(e),
            };
            tally.answered += 1;
            tally.correct += usize::from(outcome.correct);
            tally.new += usize::from(is_new);
            if !outcome.correct {
                tally.wrong.push(key);
            }
            let mut after = recorded.as_ref().map(|r| r.after.clone());
            if outcome.correct && !outcome.self_graded {
                match self.ask_confidence(&term, &styles, recorded.is_some()) {
                    Ok((rating, confidence)) => {
                        outcome.rating = rating;
                        outcome.confidence = Some(confidence);
                        match &recorded {
                            Some(recorded) => {
                                match self.store.amend(
                                    recorded.log_id,
                                    rating,
                                    Some(confidence.as_str()),
                                    self.scheduler,
                                ) {
                                    Ok(state) => after = Some(state),
                                    Err(e) => break Err(e),
                                }
                            }
                            None => {
                                if let Some(last) = held.last_mut() {
                                    last.rating = rating.as_u8();
                                    last.confidence = Some(confidence.as_str().to_string());
                                }
                            }
                        }
                    }
                    Err(Stop::Quit) => break Ok(()),
                    Err(Stop::Io(e)) => {
                        break Err(anyhow::Error::new(e).context("the terminal failed"));
                    }
                }
            }
            self.feedback(
                &term,
                &styles,
                &question,
                pick,
                &outcome,
                after.as_ref(),
                now,
            );
            let Some(after) = after else {
                if let Err(stop) = self.wait_for_next(&term, &styles) {
                    match stop {
                        Stop::Quit => break Ok(()),
                        Stop::Io(e) => {
                            break Err(anyhow::Error::new(e).context("the terminal failed"));
                        }
                    }
                }
                continue;
            };
            if self.mode == Mode::Review
                && matches!(after.state, State::Learning | State::Relearning)
                && after.due < self.scheduler.next_day_start(now)
            {
                learning.push((after.due, pick));
            }
            if let Err(stop) = self.wait_for_next(&term, &styles) {
                match stop {
                    Stop::Quit => break Ok(()),
                    Stop::Io(e) => break Err(anyhow::Error::new(e).context("the terminal failed")),
                }
            }
        };
        // dialoguer hides the cursor while a prompt is up; always give it back.
        let _ = term.show_cursor();
        if !held.is_empty() {
            // One last try; what still cannot be written waits on disk for the next open.
            let kept = match self.store.write_held_answers(&held, self.scheduler) {
                Ok(()) => Ok(()),
                Err(_) => self.store.hold_on_disk(&held).map(|file| {
                    let _ = term.write_line(&format!(
                        "upsc: the store is still locked by another program; {} answer(s) are kept in `{}` and will be saved the next time upsc opens the store",
                        held.len(),
                        file.display()
                    ));
                }),
            };
            if let Err(e) = kept {
                tally.seconds = started.elapsed().as_secs_f64();
                return Err(e.context("answers held back could not be kept"));
            }
        }
        tally.seconds = started.elapsed().as_secs_f64();
        result.map(|()| tally)
    }

    fn ask(&self, term: &Term, styles: &Styles, question: &Question) -> Result<Outcome, Stop> {
        let theme = ColorfulTheme::default();
        term.write_line(&styles.bold.apply_to(&question.text).to_string())?;
        term.write_line("")?;
        match &question.response {
            Response::Choice { options, correct } => {
                let mut items: Vec<String> = options
                    .iter()
                    .enumerate()
                    .map(|(i, o)| format!("{} {o}", question::wording::OPTION_LETTERS[i]))
                    .collect();
                items.push("I don't know".to_string());
                let chosen = Select::with_theme(&theme)
                    .with_prompt("Your answer (Esc to stop)")
                    .items(&items)
                    .default(0)
                    .interact_on_opt(term)?;
                let Some(chosen) = chosen else {
                    return Err(Stop::Quit);
                };
                let given = items.get(chosen).cloned().unwrap_or_default();
                if chosen == *correct {
                    Ok(Outcome::right(given))
                } else {
                    Ok(Outcome::wrong(given))
                }
            }
            Response::Recall { answer, accept } => {
                let typed: String = Input::with_theme(&theme)
                    .with_prompt("Your answer (empty = I don't know)")
                    .allow_empty(true)
                    .interact_text_on(term)?;
                match check_recall(&typed, answer, accept) {
                    v if v.is_right() => {
                        if v == Verdict::RightWithTypo {
                            term.write_line(&format!("(accepted; spelt: {answer})"))?;
                        }
                        Ok(Outcome::right(typed))
                    }
                    _ => Ok(Outcome::wrong(typed)),
                }
            }
            Response::Numeric(card) => loop {
                let typed: String = Input::with_theme(&theme)
                    .with_prompt("Your answer, e.g. 5 lakh, ¥10 trillion (empty = I don't know)")
                    .allow_empty(true)
                    .interact_text_on(term)?;
                match check_numeric(&typed, card) {
                    Verdict::Unreadable(why) => {
                        term.write_line(&format!(
                            "Could not read that as an amount: {why}. Try again."
                        ))?;
                    }
                    v if v.is_right() => break Ok(Outcome::right(typed)),
                    _ => break Ok(Outcome::wrong(typed)),
                }
            },
            Response::SelfGrade { answer } => {
                term.write_line("Think of the answer, then press Enter to reveal it.")?;
                wait_enter(term)?;
                term.write_line(&format!("Answer: {}", styles.bold.apply_to(answer)))?;
                let grades = ["Again (forgot)", "Hard", "Good", "Easy"];
                let chosen = Select::with_theme(&theme)
                    .with_prompt("How well did you recall it?")
                    .items(grades)
                    .default(2)
                    .interact_on_opt(term)?;
                let Some(chosen) = chosen else {
                    return Err(Stop::Quit);
                };
                let rating =
                    [Rating::Again, Rating::Hard, Rating::Good, Rating::Easy][chosen.min(3)];
                Ok(Outcome {
                    rating,
                    correct: rating != Rating::Again,
                    confidence: None,
                    given: grades[chosen.min(3)].to_string(),
                    self_graded: true,
                })
            }
        }
    }

    /// Commits one answer; when another program holds the store's lock longer than
    /// upsc waits, the answer is held (in `held`) to be written before the next question,
    /// never dropped. Returns `None` when it was held.
    fn commit(
        &mut self,
        answer: &Answer,
        now: DateTime<FixedOffset>,
        held: &mut Vec<HeldAnswer>,
    ) -> anyhow::Result<Option<Recorded>> {
        if held.is_empty() {
            match self.store.record_answer(answer, self.scheduler, now) {
                Ok(recorded) => return Ok(Some(recorded)),
                Err(e) if is_busy(&e) => {}
                Err(e) => return Err(e),
            }
        }
        // Behind answers already held, this one waits its turn, so the log keeps the order.
        held.push(HeldAnswer::from_answer(answer, now));
        Ok(None)
    }

    /// Right answer, already saved as Good: the learner may say it was 50-50 or a guess
    /// (Hard) or too easy (Easy); Enter keeps Good.
    fn ask_confidence(
        &self,
        term: &Term,
        styles: &Styles,
        saved: bool,
    ) -> Result<(Rating, Confidence), Stop> {
        term.write_line(&format!(
            "{}  {}",
            styles.good.apply_to(if saved {
                "✓ Correct (saved)."
            } else {
                "✓ Correct (held: another upsc is writing; saved before the next question)."
            }),
            styles
                .dim
                .apply_to("Enter: next · 5: it was 50-50 · g: I guessed · e: too easy")
        ))?;
        loop {
            return Ok(match term.read_key()? {
                Key::Enter | Key::Char(' ') => (Rating::Good, Confidence::Sure),
                Key::Char('5') => (Rating::Hard, Confidence::FiftyFifty),
                Key::Char('g') | Key::Char('G') => (Rating::Hard, Confidence::Guess),
                Key::Char('e') | Key::Char('E') => (Rating::Easy, Confidence::Sure),
                Key::Escape | Key::Char('q') => return Err(Stop::Quit),
                _ => continue,
            });
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn feedback(
        &self,
        term: &Term,
        styles: &Styles,
        question: &Question,
        pick: Pick,
        outcome: &Outcome,
        after: Option<&CardState>,
        now: DateTime<FixedOffset>,
    ) {
        let mut lines = Vec::new();
        if !outcome.correct {
            let shown = if outcome.given.trim().is_empty() {
                "no answer"
            } else {
                outcome.given.trim()
            };
            lines.push(format!(
                "{} (you: {shown})",
                styles.bad.apply_to("✗ Not quite.")
            ));
        }
        lines.push(format!(
            "Answer: {}",
            styles.bold.apply_to(&question.answer_text)
        ));
        lines.extend(question.notes.iter().map(|n| format!("  {n}")));
        if let Some(explanation) = &pick.card.explanation {
            lines.push(String::new());
            lines.push(explanation.split_whitespace().collect::<Vec<_>>().join(" "));
        }
        if !pick.card.source.is_empty() {
            let titles: Vec<String> = pick
                .card
                .source
                .iter()
                .map(|id| {
                    self.collection
                        .seeds
                        .iter()
                        .find(|s| &s.id == id)
                        .map_or_else(|| id.clone(), |s| s.title.clone())
                })
                .collect();
            lines.push(
                styles
                    .dim
                    .apply_to(format!("Source: {}", titles.join("; ")))
                    .to_string(),
            );
        }
        if self.mode.schedules()
            && let Some(after) = after
        {
            lines.push(
                styles
                    .dim
                    .apply_to(format!("Next: {}", describe_due(after.due, now)))
                    .to_string(),
            );
        }
        for line in lines {
            let _ = term.write_line(&line);
        }
    }

    fn wait_for_next(&self, term: &Term, styles: &Styles) -> Result<(), Stop> {
        term.write_line(
            &styles
                .dim
                .apply_to("Enter: next question · q: stop")
                .to_string(),
        )?;
        loop {
            match term.read_key()? {
                Key::Enter | Key::Char(' ') => return Ok(()),
                Key::Escape | Key::Char('q') => return Err(Stop::Quit),
                _ => {}
            }
        }
    }
}

fn wait_enter(term: &Term) -> Result<(), Stop> {
    loop {
        match term.read_key()? {
            Key::Enter | Key::Char(' ') => return Ok(()),
            Key::Escape | Key::Char('q') => return Err(Stop::Quit),
            _ => {}
        }
    }
}

struct Outcome {
    rating: Rating,
    correct: bool,
    confidence: Option<Confidence>,
    given: String,
    /// The learner graded their own recall, which already says how well they knew it.
    self_graded: bool,
}

impl Outcome {
    /// A right answer, Good until the learner says how sure they were.
    fn right(given: String) -> Outcome {
        Outcome {
            rating: Rating::Good,
            correct: true,
            confidence: None,
            given,
            self_graded: false,
        }
    }

    fn wrong(given: String) -> Outcome {
        Outcome {
            rating: Rating::Again,
            correct: false,
            confidence: None,
            given,
            self_graded: false,
        }
    }
}

/// "in 10 minutes", "tomorrow", "in 12 days".
pub fn describe_due(due: DateTime<chrono::Utc>, now: DateTime<FixedOffset>) -> String {
    let delta = due - now.to_utc();
    let minutes = delta.num_minutes();
    if minutes < 1 {
        "now".to_string()
    } else if minutes < 60 {
        format!("in {minutes} minute{}", if minutes == 1 { "" } else { "s" })
    } else if delta.num_hours() < 24 {
        format!("in {} hours", delta.num_hours())
    } else {
        let days = (delta.num_hours() + 12) / 24;
        if days == 1 {
            "tomorrow".to_string()
        } else {
            format!(
                "in {days} days ({})",
                due.with_timezone(now.offset()).format("%d %b %Y")
            )
        }
    }
}

/// Writes the closing summary to the terminal.
pub fn print_summary(tally: &Tally, due_tomorrow: usize) -> anyhow::Result<()> {
    let accuracy = if tally.answered == 0 {
        0.0
    } else {
        100.0 * tally.correct as f64 / tally.answered as f64
    };
    let minutes = tally.seconds / 60.0;
    crate::outln!()?;
    crate::outln!(
        "Session over: {} answered ({} new), {:.0}% correct, {:.1} minutes.",
        tally.answered,
        tally.new,
        accuracy,
        minutes
    )?;
    crate::outln!(
        "Due tomorrow: {due_tomorrow} card{}. Your progress is saved.",
        if due_tomorrow == 1 { "" } else { "s" }
    )?;
    Ok(())
}
