//! The review session: ask, check, commit, explain — one card at a time.
//!
//! The session is a loop over a queue that talks to the learner only through a
//! [`Console`], so its behaviour (every kind, each way of stopping, learning steps coming
//! back) is tested with scripted keys. Every answer is committed to the store, with the
//! rating it earns by itself, before any feedback about it; the confidence asked after a
//! right answer amends it. Esc, `q` or Ctrl-C at any prompt ends the session: what was
//! answered is kept.

use std::time::Instant;

use chrono::{DateTime, FixedOffset, TimeDelta};

use crate::answer::{Confidence, Verdict, check_numeric, check_recall};
use crate::deck::load::Collection;
use crate::question::{self, Question, Response};
use crate::scheduler::{CardState, Rating, Scheduler, State};
use crate::store::{Answer, HeldAnswer, Recorded, Store, is_busy};
use crate::study::Pick;
use crate::ui::{Choice, Console, Key, Stop, Styles, choose, read_line};

/// The session's clock: the real time, or `UPSC_NOW` moving forward as the session runs.
pub struct Clock {
    base: DateTime<FixedOffset>,
    started: crate::config::Started,
}

impl Clock {
    pub fn starting_at(base: DateTime<FixedOffset>) -> Clock {
        Clock {
            base,
            started: crate::config::Started::now(),
        }
    }

    pub fn now(&self) -> DateTime<FixedOffset> {
        let elapsed = TimeDelta::from_std(self.started.elapsed()).unwrap_or_default();
        self.base + elapsed
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
    pub fn log_mode(self) -> crate::revlog::LogMode {
        match self {
            Mode::Review => crate::revlog::LogMode::Review,
            Mode::Quiz { .. } => crate::revlog::LogMode::Quiz,
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
    /// Runs the loop over `queue` on `console`; in review mode, learning cards are shown
    /// again as they fall due.
    pub fn run(&mut self, console: &mut dyn Console, queue: Vec<Pick>) -> anyhow::Result<Tally> {
        let styles = Styles::new(self.colour);
        let started = Instant::now();
        let mut tally = Tally::default();
        let mut queue: std::collections::VecDeque<Pick> = queue.into();
        // Cards in learning steps come back in this session when their step is due.
        let mut learning: Vec<(DateTime<chrono::Utc>, Pick)> = Vec::new();
        let mut rng = rand::rng();
        // Answers the store could not take yet (another program held its lock too long).
        let mut held: Vec<HeldAnswer> = Vec::new();
        let result = loop {
            if !held.is_empty() && self.store.write_held_answers(&held, self.scheduler).is_ok() {
                held.clear();
                let _ = console.line(
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
            match self.one_card(
                console,
                &styles,
                pick,
                queue.len() + learning.len(),
                &mut tally,
                &mut held,
                &mut rng,
            ) {
                Ok(Step::Next(Some((due, pick)))) => learning.push((due, pick)),
                Ok(Step::Next(None)) => {}
                Ok(Step::Stop) => break Ok(()),
                Err(e) => break Err(e),
            }
        };
        if !held.is_empty() {
            // One last try; what still cannot be written waits on disk for the next open.
            let kept = match self.store.write_held_answers(&held, self.scheduler) {
                Ok(()) => Ok(()),
                Err(_) => self.store.hold_on_disk(&held).map(|file| {
                    let _ = console.line(&format!(
                        "upsc: the store is still locked by another program; {} answer(s) are kept in `{}` and will be saved the next time upsc opens the store",
                        held.len(),
                        file.display()
                    ));
                }),
            };
            if let Err(e) = kept {
                return Err(e.context("answers held back could not be kept"));
            }
        }
        tally.seconds = started.elapsed().as_secs_f64();
        result.map(|()| tally)
    }

    /// Asks one card, commits the answer, takes the learner's confidence and explains.
    #[allow(clippy::too_many_arguments)]
    fn one_card<'p>(
        &mut self,
        console: &mut dyn Console,
        styles: &Styles,
        pick: Pick<'p>,
        left: usize,
        tally: &mut Tally,
        held: &mut Vec<HeldAnswer>,
        rng: &mut impl rand::Rng,
    ) -> anyhow::Result<Step<'p>> {
        let terminal = |e: std::io::Error| anyhow::Error::new(e).context("the terminal failed");
        let key = pick.key();
        // Read per card, not all at once: a session asks a few dozen of many thousands.
        let before = self.store.card(&pick.deck.id, &pick.card.id)?;
        let is_new = before.as_ref().is_none_or(|s| s.state.state == State::New);
        let label = match self.mode {
            Mode::Quiz { .. } => "quiz",
            Mode::Review if is_new => "new",
            Mode::Review => "review",
        };
        let layout = console.layout();
        let mut lines = vec![String::new()];
        lines.extend(
            layout
                .paragraph(
                    &format!(
                        "[{} done · {} left · {label}] {} · {}",
                        tally.answered,
                        left + 1,
                        pick.deck.title,
                        pick.card.kind()
                    ),
                    "",
                    "",
                )
                .into_iter()
                .map(|l| styles.dim.apply_to(l).to_string()),
        );
        if let Some(before) = &before
            && before.fingerprint != pick.card.fingerprint()
            && before.state.reps > 0
        {
            lines.extend(
                layout
                    .paragraph(
                        "(this card was edited since you last answered it; its history is kept)",
                        "",
                        "",
                    )
                    .into_iter()
                    .map(|l| styles.dim.apply_to(l).to_string()),
            );
        }
        for line in &lines {
            if let Err(stop) = console.line(line) {
                return stopped(stop).map_err(terminal);
            }
        }
        let question = question::present(pick.card, rng);
        let shown_at = Instant::now();
        let mut outcome = match self.ask(console, styles, &question) {
            Ok(outcome) => outcome,
            Err(stop) => return stopped(stop).map_err(terminal),
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
            confidence: None,
            given: Some(outcome.given.as_str()),
            mode: self.mode.log_mode(),
            schedule: self.mode.schedules(),
        };
        let now = self.clock.now();
        // Committed before anything else is shown, with the rating the answer earns by
        // itself; the learner's confidence, asked next, amends it. So leaving at that
        // prompt (q, Esc, Ctrl-C, a closed terminal, a kill) loses nothing.
        let recorded = self.commit(&answer, now, held)?;
        tally.answered += 1;
        tally.correct += usize::from(outcome.correct);
        tally.new += usize::from(is_new);
        if !outcome.correct {
            tally.wrong.push(key);
        }
        let mut after = recorded.as_ref().map(|r| r.after.clone());
        if outcome.correct && !outcome.self_graded {
            match ask_confidence(console, styles, recorded.is_some()) {
                Ok((rating, confidence)) => {
                    outcome.rating = rating;
                    outcome.confidence = Some(confidence);
                    match &recorded {
                        Some(recorded) => {
                            after = Some(self.store.amend(
                                recorded.log_id,
                                rating,
                                Some(confidence.as_str()),
                                self.scheduler,
                            )?);
                        }
                        None => {
                            if let Some(last) = held.last_mut() {
                                last.rating = rating.as_u8();
                                last.confidence = Some(confidence.as_str().to_string());
                            }
                        }
                    }
                }
                Err(stop) => return stopped(stop).map_err(terminal),
            }
        }
        let lines = self.feedback(
            console,
            styles,
            &question,
            pick,
            &outcome,
            after.as_ref(),
            now,
        );
        for line in &lines {
            if let Err(stop) = console.line(line) {
                return stopped(stop).map_err(terminal);
            }
        }
        // The answer is safe and its feedback on screen: while it is read, the store may
        // tidy its log, so that no later commit waits for that.
        self.store.checkpoint_while_idle();
        let again = after.filter(|after| {
            self.mode == Mode::Review
                && matches!(after.state, State::Learning | State::Relearning)
                && after.due < self.scheduler.next_day_start(now)
        });
        if let Err(stop) = wait_for_next(console, styles) {
            return stopped(stop).map_err(terminal);
        }
        Ok(Step::Next(again.map(|after| (after.due, pick))))
    }

    fn ask(
        &self,
        console: &mut dyn Console,
        styles: &Styles,
        question: &Question,
    ) -> Result<Outcome, Stop> {
        let layout = console.layout();
        for line in layout.block(&question.text) {
            console.line(&styles.bold.apply_to(line).to_string())?;
        }
        console.line("")?;
        match &question.response {
            Response::Choice { options, correct } => {
                let mut choices: Vec<Choice> = options
                    .iter()
                    .enumerate()
                    .map(|(i, o)| Choice {
                        key: char::from(b'a' + u8::try_from(i).unwrap_or(0)),
                        label: question::wording::OPTION_LETTERS
                            .get(i)
                            .copied()
                            .unwrap_or("")
                            .to_string(),
                        text: o.clone(),
                    })
                    .collect();
                choices.push(Choice {
                    key: '?',
                    label: "(?)".to_string(),
                    text: "I don't know".to_string(),
                });
                let last =
                    char::from(b'a' + u8::try_from(options.len().saturating_sub(1)).unwrap_or(0));
                let chosen = choose(
                    console,
                    styles,
                    &choices,
                    &format!(
                        "Your answer: a–{last}, ? don't know, or arrows and Enter · Esc stops"
                    ),
                    0,
                )?;
                let given = choices
                    .get(chosen)
                    .map(|c| format!("{} {}", c.label, c.text))
                    .unwrap_or_default();
                if chosen == *correct {
                    Ok(Outcome::right(given))
                } else {
                    Ok(Outcome::wrong(given))
                }
            }
            Response::Recall { answer, accept } => {
                for line in layout.paragraph(
                    "Type your answer; Enter alone = I don't know; Esc stops.",
                    "",
                    "",
                ) {
                    console.line(&styles.dim.apply_to(line).to_string())?;
                }
                let typed = read_line(console, "> ")?;
                match check_recall(&typed, answer, accept) {
                    v if v.is_right() => {
                        if v == Verdict::RightWithTypo {
                            console
                                .line(&format!("(accepted; spelt: {})", crate::ui::safe(answer)))?;
                        }
                        Ok(Outcome::right(typed))
                    }
                    _ => Ok(Outcome::wrong(typed)),
                }
            }
            Response::Numeric(card) => loop {
                for line in layout.paragraph(
                    "Type an amount, e.g. 5 lakh or ¥10 trillion; Enter alone = I don't know; Esc stops.",
                    "",
                    "",
                ) {
                    console.line(&styles.dim.apply_to(line).to_string())?;
                }
                let typed = read_line(console, "> ")?;
                match check_numeric(&typed, card) {
                    Verdict::Unreadable(why) => {
                        for line in layout.paragraph(
                            &format!("Could not read that as an amount: {why}. Try again."),
                            "",
                            "",
                        ) {
                            console.line(&line)?;
                        }
                    }
                    v if v.is_right() => break Ok(Outcome::right(typed)),
                    why @ Verdict::WrongCurrency { .. } => {
                        // Told apart from a wrong amount: say what was right about it.
                        let mut outcome = Outcome::wrong(typed);
                        outcome.why = Some(sentence(&why.to_string()));
                        break Ok(outcome);
                    }
                    _ => break Ok(Outcome::wrong(typed)),
                }
            },
            Response::SelfGrade { answer } => {
                console.line("Think of the answer, then press Enter to reveal it.")?;
                wait_enter(console)?;
                for line in layout.paragraph(answer, "Answer: ", "        ") {
                    console.line(&styles.bold.apply_to(line).to_string())?;
                }
                let grades = ["Again (forgot)", "Hard", "Good", "Easy"];
                let choices: Vec<Choice> = grades
                    .iter()
                    .enumerate()
                    .map(|(i, g)| Choice {
                        key: char::from(b'1' + u8::try_from(i).unwrap_or(0)),
                        label: format!("{}", i + 1),
                        text: (*g).to_string(),
                    })
                    .collect();
                let chosen = choose(
                    console,
                    styles,
                    &choices,
                    "How well did you recall it? 1–4, or arrows and Enter",
                    2,
                )?
                .min(3);
                let rating = [Rating::Again, Rating::Hard, Rating::Good, Rating::Easy][chosen];
                Ok(Outcome {
                    rating,
                    correct: rating != Rating::Again,
                    confidence: None,
                    given: grades[chosen].to_string(),
                    self_graded: true,
                    why: None,
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

    /// The lines shown after an answer: right or not, the answer, notes, explanation,
    /// sources and the next due time, each paragraph wrapped.
    #[allow(clippy::too_many_arguments)]
    fn feedback(
        &self,
        console: &dyn Console,
        styles: &Styles,
        question: &Question,
        pick: Pick,
        outcome: &Outcome,
        after: Option<&CardState>,
        now: DateTime<FixedOffset>,
    ) -> Vec<String> {
        let layout = console.layout();
        let mut lines = Vec::new();
        if !outcome.correct {
            let shown = if outcome.given.trim().is_empty() {
                "no answer".to_string()
            } else {
                crate::ui::safe(outcome.given.trim()).into_owned()
            };
            lines.extend(
                layout
                    .paragraph(&format!("Not quite (you: {shown})."), "✗ ", "  ")
                    .into_iter()
                    .enumerate()
                    .map(|(i, l)| {
                        if i == 0 {
                            styles.bad.apply_to(l).to_string()
                        } else {
                            l
                        }
                    }),
            );
            if let Some(why) = &outcome.why {
                lines.extend(layout.paragraph(why, "  ", "  "));
            }
        }
        lines.extend(crate::ui::explained(
            layout,
            styles,
            &question.answer_text,
            &question.notes,
            pick.card.explanation.as_deref(),
        ));
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
            lines.extend(
                layout
                    .paragraph(&titles.join("; "), "Source: ", "        ")
                    .into_iter()
                    .map(|l| styles.dim.apply_to(l).to_string()),
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
        lines
    }
}

/// A verdict's phrase as a sentence: capitalised, with a full stop.
fn sentence(phrase: &str) -> String {
    let mut chars = phrase.chars();
    let mut out: String = chars
        .next()
        .map(|c| c.to_uppercase().collect())
        .unwrap_or_default();
    out.push_str(chars.as_str());
    out.push('.');
    out
}

/// What the loop does after a card: go on (with the card to bring back later in this
/// session, if it is in a learning step due today), or stop.
enum Step<'p> {
    Next(Option<(DateTime<chrono::Utc>, Pick<'p>)>),
    Stop,
}

/// A stop at a prompt: the learner's (the session ends, keeping everything) or the
/// terminal's (an error).
fn stopped<'p>(stop: Stop) -> Result<Step<'p>, std::io::Error> {
    match stop {
        Stop::Quit => Ok(Step::Stop),
        Stop::Io(e) => Err(e),
    }
}

/// Right answer, already saved as Good: the learner may say it was 50-50 or a guess
/// (Hard) or too easy (Easy); Enter keeps Good.
fn ask_confidence(
    console: &mut dyn Console,
    styles: &Styles,
    saved: bool,
) -> Result<(Rating, Confidence), Stop> {
    let layout = console.layout();
    let said = if saved {
        "✓ Correct (saved)."
    } else {
        "✓ Correct (held: another upsc is writing; saved before the next question)."
    };
    for line in layout.paragraph(said, "", "  ") {
        console.line(&styles.good.apply_to(line).to_string())?;
    }
    for line in layout.paragraph(
        "Enter: next · 5: it was 50-50 · g: I guessed · e: too easy",
        "",
        "",
    ) {
        console.line(&styles.dim.apply_to(line).to_string())?;
    }
    loop {
        return Ok(match console.key()? {
            Key::Enter | Key::Char(' ') => (Rating::Good, Confidence::Sure),
            Key::Char('5') => (Rating::Hard, Confidence::FiftyFifty),
            Key::Char('g') | Key::Char('G') => (Rating::Hard, Confidence::Guess),
            Key::Char('e') | Key::Char('E') => (Rating::Easy, Confidence::Sure),
            Key::Escape | Key::Char('q') | Key::CtrlC => return Err(Stop::Quit),
            _ => continue,
        });
    }
}

fn wait_for_next(console: &mut dyn Console, styles: &Styles) -> Result<(), Stop> {
    console.line(
        &styles
            .dim
            .apply_to("Enter: next question · q: stop")
            .to_string(),
    )?;
    wait_enter(console)
}

/// Waits for Enter (or space); Esc, `q` and Ctrl-C stop.
pub fn wait_enter(console: &mut dyn Console) -> Result<(), Stop> {
    loop {
        match console.key()? {
            Key::Enter | Key::Char(' ') => return Ok(()),
            Key::Escape | Key::Char('q') | Key::CtrlC => return Err(Stop::Quit),
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
    /// Why a wrong answer is wrong, when the checker can say (a right amount in the wrong
    /// currency).
    why: Option<String>,
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
            why: None,
        }
    }

    fn wrong(given: String) -> Outcome {
        Outcome {
            rating: Rating::Again,
            correct: false,
            confidence: None,
            given,
            self_graded: false,
            why: None,
        }
    }
}

/// "in 10 minutes", "tomorrow", "in 12 days".
pub fn describe_due(due: DateTime<chrono::Utc>, now: DateTime<FixedOffset>) -> String {
    let delta = due - now.to_utc();
    // To the nearest minute: a ten-minute step shows as ten, not nine and some seconds.
    let minutes = (delta.num_seconds() + 30).div_euclid(60);
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

/// Writes the closing summary: what was done, what is still due today (learning steps a
/// few minutes away) and what is due tomorrow.
pub fn print_summary(tally: &Tally, later_today: usize, due_tomorrow: usize) -> anyhow::Result<()> {
    let accuracy = if tally.answered == 0 {
        0.0
    } else {
        100.0 * tally.correct as f64 / tally.answered as f64
    };
    let minutes = tally.seconds / 60.0;
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    crate::sayln!()?;
    crate::sayln!(
        "Session over: {} answered ({} new), {:.0}% correct, {:.1} minutes.",
        tally.answered,
        tally.new,
        accuracy,
        minutes
    )?;
    if later_today > 0 {
        crate::sayln!(
            "Due again later today: {later_today} card{} (learning steps).",
            plural(later_today)
        )?;
    }
    crate::sayln!(
        "Due tomorrow: {due_tomorrow} card{}. Your progress is saved.",
        plural(due_tomorrow)
    )?;
    Ok(())
}
