//! The review session: ask, check, commit, show the verdict in place — one card at a time.
//!
//! The session is a loop over a queue that talks to the learner only through a
//! [`Console`], so its behaviour (every kind, each way of stopping, learning steps coming
//! back, undo, overrides) is tested with scripted keys. Each card is one screen painted
//! afresh on every key (`view`), so a resize re-wraps it. No answer is ever given by a key
//! the learner pressed before the question was on screen: keys typed ahead are dropped,
//! nothing is pre-selected, and Enter alone answers nothing. Every answer is committed to
//! the store, with the rating it earns by itself, before its verdict is shown; the keys on
//! the verdict (confidence, "I was right") amend it, `u` takes it back (the same event as
//! `upsc undo`), and Enter goes on after a right answer and after a wrong one alike. Esc,
//! `q` or Ctrl-C ends the session: what was answered is kept.

mod editor;
mod view;

use std::collections::{HashMap, VecDeque};
use std::time::Instant;

use chrono::{DateTime, FixedOffset, TimeDelta, Utc};

use crate::answer::{Confidence, Verdict, check_numeric, check_recall};
use crate::deck::load::Collection;
use crate::question::{self, Question, Response};
use crate::scheduler::{CardState, Rating, Scheduler, State};
use crate::store::{Answer, HeldAnswer, Recorded, Store, is_busy};
use crate::study::Pick;
use crate::ui::{Console, Key, Layout, Stop, Styles};
use editor::{Edit, Editor};
use view::Screen;

/// The session's clock: the real time, or `UPSC_NOW` moving forward as the session runs.
pub struct Clock {
    base: DateTime<FixedOffset>,
    // Counts a laptop's sleep (the monotonic clock stops during a suspend).
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
    /// Lines to print once the terminal is given back.
    pub said: Vec<String>,
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

/// Where a card stands, for the header's three counts (Anki's new · learning · review).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Standing {
    New,
    Learning,
    Review,
}

impl Standing {
    fn of(state: Option<&CardState>) -> Standing {
        match state.map(|s| s.state) {
            None | Some(State::New) => Standing::New,
            Some(State::Learning | State::Relearning) => Standing::Learning,
            Some(State::Review) => Standing::Review,
        }
    }
}

/// The header's counts: the cards left in this session, the one being asked included.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub new: usize,
    pub learning: usize,
    pub review: usize,
}

/// Everything a review session needs.
pub struct Session<'a> {
    pub store: &'a mut Store,
    pub scheduler: &'a Scheduler,
    pub collection: &'a Collection,
    pub clock: Clock,
    pub colour: bool,
    pub mode: Mode,
    /// Typed cards are revealed and graded Again/Hard/Good/Easy by the learner instead of
    /// typed (the `self_grade` setting and flag), as on a phone keyboard.
    pub self_grade: bool,
}

/// One answer of this session, kept so that `u` can take it back.
struct Done<'p> {
    pick: Pick<'p>,
    /// The log row, or `None` when the answer was held (another program had the lock).
    log_id: Option<i64>,
    correct: bool,
    is_new: bool,
    /// Where the card stood before the answer.
    before: Standing,
}

/// How a card ended.
enum CardEnd<'p> {
    /// Answered: where the card stands now, when it comes back in this session (a
    /// learning step due today), and whether the learner stopped after it.
    Answered {
        done: Done<'p>,
        again: Option<DateTime<Utc>>,
        after: Standing,
        stop: bool,
    },
    /// `u` after the verdict: this card's answer is to be taken back and the card asked
    /// again.
    TakenBack(Done<'p>),
    /// `u` at a pick-one question: the answer before it is to be taken back and that card
    /// asked again.
    UndoPrevious,
    Stop,
}

/// What the learner did with a question.
enum Asked {
    Answer(Outcome),
    Undo,
}

/// The lines above a card's question: its header, and notes for it.
struct CardTop {
    header: String,
    notes: Vec<String>,
}

impl Tally {
    fn add(&mut self, done: &Done) {
        self.answered += 1;
        self.correct += usize::from(done.correct);
        self.new += usize::from(done.is_new);
        if !done.correct {
            self.wrong.push(done.pick.key());
        }
    }

    fn take(&mut self, done: &Done) {
        self.answered = self.answered.saturating_sub(1);
        self.correct = self.correct.saturating_sub(usize::from(done.correct));
        self.new = self.new.saturating_sub(usize::from(done.is_new));
        if !done.correct {
            let key = done.pick.key();
            if let Some(i) = self.wrong.iter().rposition(|k| *k == key) {
                self.wrong.remove(i);
            }
        }
    }
}

fn terminal(e: std::io::Error) -> anyhow::Error {
    anyhow::Error::new(e).context("the terminal failed")
}

impl Session<'_> {
    /// Runs the loop over `queue` on `console`; in review mode, learning cards are shown
    /// again as they fall due.
    pub fn run(&mut self, console: &mut dyn Console, queue: Vec<Pick>) -> anyhow::Result<Tally> {
        let styles = Styles::new(self.colour);
        let started = Instant::now();
        let mut tally = Tally::default();
        // Where each card stands, for the header's counts; read once, moved by answers.
        let mut standing: HashMap<String, Standing> = HashMap::new();
        for pick in &queue {
            let stored = self.store.card(&pick.card_key())?;
            standing.insert(pick.key(), Standing::of(stored.as_ref().map(|s| &s.state)));
        }
        let mut queue: VecDeque<Pick> = queue.into();
        // Cards in learning steps come back in this session when their step is due.
        let mut learning: Vec<(DateTime<Utc>, Pick)> = Vec::new();
        // This session's answers, newest last, for `u`.
        let mut done: Vec<Done> = Vec::new();
        // A card to ask before any other (one whose answer was just taken back).
        let mut first: Option<Pick> = None;
        let mut notice: Option<String> = None;
        let mut rng = rand::rng();
        // Answers the store could not take yet (another program held its lock too long).
        let mut held: Vec<HeldAnswer> = Vec::new();
        let result = loop {
            if !held.is_empty() && self.store.write_held_answers(&held, self.scheduler).is_ok() {
                held.clear();
                notice = Some("(the answers held back are now saved)".to_string());
            }
            let now = self.clock.now().to_utc();
            learning.sort_by_key(|(due, _)| *due);
            let pick = if let Some(pick) = first.take() {
                Some(pick)
            } else if learning.first().is_some_and(|(due, _)| *due <= now) {
                Some(learning.remove(0).1)
            } else if let Some(pick) = queue.pop_front() {
                Some(pick)
            } else if learning
                .first()
                .is_some_and(|(due, _)| *due <= now + LEARN_AHEAD)
            {
                // Nothing else left: show learning cards up to 20 minutes early, as Anki does.
                Some(learning.remove(0).1)
            } else {
                None
            };
            let Some(pick) = pick else { break Ok(()) };
            let counts = count(&standing, pick, &queue, &learning);
            let top = self.card_top(pick, counts, &tally, notice.take());
            match self.one_card(
                console,
                &styles,
                pick,
                top,
                !done.is_empty(),
                &mut held,
                &mut rng,
            ) {
                Ok(CardEnd::Answered {
                    done: answered,
                    again,
                    after,
                    stop,
                }) => {
                    tally.add(&answered);
                    standing.insert(pick.key(), after);
                    if let Some(due) = again {
                        learning.push((due, pick));
                    }
                    done.push(answered);
                    if stop {
                        break Ok(());
                    }
                }
                Ok(CardEnd::TakenBack(answered)) => {
                    if let Err(e) = self.take_back(&answered, &mut held) {
                        break Err(e);
                    }
                    standing.insert(pick.key(), answered.before);
                    first = Some(pick);
                    notice = Some("Your answer is taken back: here is the question again.".into());
                }
                Ok(CardEnd::UndoPrevious) => {
                    if let Some(previous) = done.pop() {
                        if let Err(e) = self.take_back(&previous, &mut held) {
                            break Err(e);
                        }
                        tally.take(&previous);
                        let key = previous.pick.key();
                        learning.retain(|(_, p)| p.key() != key);
                        standing.insert(key, previous.before);
                        queue.push_front(pick);
                        first = Some(previous.pick);
                        notice = Some(
                            "Your last answer is taken back: here is that question again.".into(),
                        );
                    } else {
                        first = Some(pick);
                    }
                }
                Ok(CardEnd::Stop) => break Ok(()),
                Err(e) => break Err(e),
            }
        };
        if !held.is_empty() {
            // One last try; what still cannot be written waits on disk for the next open.
            let kept = match self.store.write_held_answers(&held, self.scheduler) {
                Ok(()) => Ok(()),
                Err(_) => self.store.hold_on_disk(&held).map(|file| {
                    tally.said.push(format!(
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

    /// Takes back one answer of this session: the same event as `upsc undo` (a tombstone
    /// that `upsc sync` carries), or, for an answer still held, its place in the queue.
    fn take_back(&mut self, done: &Done, held: &mut Vec<HeldAnswer>) -> anyhow::Result<()> {
        if done.log_id.is_none()
            && let Some(i) = held
                .iter()
                .rposition(|h| h.card.deck == done.pick.deck.id && h.card.card == done.pick.card.id)
        {
            held.remove(i);
            return Ok(());
        }
        self.store.undo_last()?;
        Ok(())
    }

    /// The header (one line, never wrapped: cut to the width) and any notes for the card.
    fn card_top(
        &self,
        pick: Pick,
        counts: Counts,
        tally: &Tally,
        notice: Option<String>,
    ) -> CardTop {
        let header = match self.mode {
            Mode::Review => format!(
                "new {} · learning {} · review {} │ {} · {}",
                counts.new,
                counts.learning,
                counts.review,
                pick.deck.title,
                pick.card.kind()
            ),
            Mode::Quiz { .. } => format!(
                "quiz: {} done · {} left │ {} · {}",
                tally.answered,
                counts.new + counts.learning + counts.review,
                pick.deck.title,
                pick.card.kind()
            ),
        };
        CardTop {
            header: crate::ui::safe(&header).into_owned(),
            notes: notice.into_iter().collect(),
        }
    }

    fn top_lines(&self, layout: Layout, styles: &Styles, top: &CardTop) -> Vec<String> {
        let width = view::width_of(layout);
        let mut lines = vec![
            styles
                .dim
                .apply_to(view::fitted(&top.header, width))
                .to_string(),
        ];
        for note in &top.notes {
            lines.extend(layout.paragraph(note, "", ""));
        }
        lines.push(String::new());
        lines
    }

    /// Asks one card, commits the answer, shows the verdict in place and waits for the
    /// learner's next key.
    #[allow(clippy::too_many_arguments)]
    fn one_card<'p>(
        &mut self,
        console: &mut dyn Console,
        styles: &Styles,
        pick: Pick<'p>,
        mut top: CardTop,
        can_undo: bool,
        held: &mut Vec<HeldAnswer>,
        rng: &mut impl rand::Rng,
    ) -> anyhow::Result<CardEnd<'p>> {
        // Read per card, not all at once: a session asks a few dozen of many thousands.
        let key = pick.card_key();
        let before = self.store.card(&key)?;
        let is_new = before.as_ref().is_none_or(|s| s.state.state == State::New);
        let standing_before = Standing::of(before.as_ref().map(|s| &s.state));
        if let Some(before) = &before
            && before.fingerprint != pick.card.fingerprint()
            && before.state.reps > 0
        {
            top.notes.push(
                "(this card was edited since you last answered it; its history is kept)".into(),
            );
        }
        let question = question::present(pick.card, rng);
        // A key pressed before this question was on screen was meant for the screen before.
        console.discard_typeahead().map_err(|stop| match stop {
            Stop::Io(e) => terminal(e),
            Stop::Quit => anyhow::anyhow!("the terminal closed"),
        })?;
        let shown_at = Instant::now();
        let mut outcome = match self.ask(console, styles, &top, &question, can_undo) {
            Ok(Asked::Answer(outcome)) => outcome,
            Ok(Asked::Undo) => return Ok(CardEnd::UndoPrevious),
            Err(Stop::Quit) => return Ok(CardEnd::Stop),
            Err(Stop::Io(e)) => return Err(terminal(e)),
        };
        let duration_ms = u64::try_from(shown_at.elapsed().as_millis()).unwrap_or(u64::MAX);
        let answer = Answer {
            card: key,
            kind: pick.card.kind(),
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
        // Committed before anything about it is shown, with the rating the answer earns by
        // itself; a confidence key or "I was right" on the verdict amends it. So leaving
        // there (q, Esc, Ctrl-C, a closed terminal, a kill) loses nothing.
        let recorded = self.commit(&answer, outcome.declared, now, held)?;
        let mut done = Done {
            pick,
            log_id: recorded.as_ref().map(|r| r.log_id),
            correct: outcome.correct,
            is_new,
            before: standing_before,
        };
        let mut after = recorded.as_ref().map(|r| r.after.clone());
        let mut scroll = 0;
        let mut idle_done = false;
        let stop = loop {
            let layout = console.layout();
            let screen = self.verdict_screen(
                layout,
                styles,
                &top,
                &question,
                pick,
                &outcome,
                after.as_ref(),
                now,
                recorded.is_some(),
            );
            paint(console, styles, &screen, &mut scroll).map_err(stop_error)?;
            if !idle_done {
                // Keys typed before the verdict was on screen were typed blind: the
                // learner moves on from a verdict they have seen.
                console.discard_typeahead().map_err(stop_error)?;
                // The answer is safe and its verdict on screen: while it is read, the
                // store may tidy its log, so that no later commit waits for that.
                self.store.checkpoint_while_idle();
                idle_done = true;
            }
            let key = match console.key() {
                Ok(key) => key,
                Err(Stop::Quit) => break true,
                Err(Stop::Io(e)) => return Err(terminal(e)),
            };
            let confidence = match key {
                Key::Enter | Key::Char(' ') => break false,
                Key::Escape | Key::Char('q') | Key::CtrlC => break true,
                Key::Char('u') | Key::Char('U') => return Ok(CardEnd::TakenBack(done)),
                Key::Char('5') => Some((Rating::Hard, Confidence::FiftyFifty)),
                Key::Char('g') | Key::Char('G') => Some((Rating::Hard, Confidence::Guess)),
                Key::Char('e') | Key::Char('E') => Some((Rating::Easy, Confidence::Sure)),
                Key::Char('r') | Key::Char('R') if outcome.can_override() => {
                    match &recorded {
                        Some(recorded) => {
                            after = Some(
                                self.store
                                    .override_answer(recorded.log_id, self.scheduler)?,
                            );
                        }
                        None => {
                            if let Some(last) = held.last_mut() {
                                last.rating = Rating::Good.as_u8();
                                last.correct = true;
                                last.confidence = Some(crate::store::OVERRIDE.to_string());
                            }
                        }
                    }
                    outcome.rating = Rating::Good;
                    outcome.correct = true;
                    outcome.overridden = true;
                    done.correct = true;
                    None
                }
                Key::Up => {
                    scroll = scroll.saturating_sub(1);
                    None
                }
                Key::Down => {
                    scroll += 1;
                    None
                }
                Key::PageUp => {
                    scroll = scroll.saturating_sub(console.rows().unwrap_or(24) / 2);
                    None
                }
                Key::PageDown => {
                    scroll += console.rows().unwrap_or(24) / 2;
                    None
                }
                Key::Ctrl('z') => {
                    console.suspend().map_err(stop_error)?;
                    None
                }
                _ => None,
            };
            if let Some((rating, confidence)) = confidence
                && outcome.correct
                && !outcome.self_graded
                && !outcome.overridden
            {
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
        };
        let again = after.as_ref().and_then(|after| {
            (self.mode == Mode::Review
                && matches!(after.state, State::Learning | State::Relearning)
                && after.due < self.scheduler.next_day_start(now))
            .then_some(after.due)
        });
        let standing_after = match (&after, self.mode.schedules()) {
            (Some(after), true) => Standing::of(Some(after)),
            _ => standing_before,
        };
        Ok(CardEnd::Answered {
            done,
            again,
            after: standing_after,
            stop,
        })
    }

    /// Asks the question until it is answered (or the learner stops or takes back the
    /// answer before): painted afresh on every key, so a resize re-wraps it.
    fn ask(
        &self,
        console: &mut dyn Console,
        styles: &Styles,
        top: &CardTop,
        question: &Question,
        can_undo: bool,
    ) -> Result<Asked, Stop> {
        match &question.response {
            Response::Choice { options, correct } => {
                self.ask_choice(console, styles, top, question, options, *correct, can_undo)
            }
            Response::SelfGrade { answer } => {
                self.ask_self_graded(console, styles, top, question, answer)
            }
            Response::Recall { .. } | Response::Numeric(_) if self.self_grade => {
                let answer = question.answer_text.clone();
                self.ask_self_graded(console, styles, top, question, &answer)
            }
            Response::Recall { .. } | Response::Numeric(_) => {
                self.ask_typed(console, styles, top, question)
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn ask_choice(
        &self,
        console: &mut dyn Console,
        styles: &Styles,
        top: &CardTop,
        question: &Question,
        options: &[String],
        correct: usize,
        can_undo: bool,
    ) -> Result<Asked, Stop> {
        // Nothing is chosen until the learner chooses: Enter alone answers nothing.
        let mut cursor: Option<usize> = None;
        // In a quiz, how sure the learner says they are before answering (1, 2, 3, as in a
        // mock test); never needed: a letter alone answers as fast as ever.
        let mut declared: Option<Confidence> = None;
        let declares = matches!(self.mode, Mode::Quiz { .. });
        let mut said: Option<String> = None;
        let mut scroll = 0;
        let last = char::from(b'a' + u8::try_from(options.len().saturating_sub(1)).unwrap_or(0));
        loop {
            let layout = console.layout();
            let mut screen = Screen {
                top: self.top_lines(layout, styles, top),
                ..Screen::default()
            };
            screen.top.extend(view::stem(layout, question));
            screen.top.push(String::new());
            let listed = view::options(layout, styles, options, cursor, None);
            // On a short screen the options stay in sight under a scrolling stem, as long
            // as they take no more than half of it.
            let rows = console.rows().unwrap_or(usize::MAX);
            if screen.top.len() + listed.len() + 3 > rows && (listed.len() + 3) * 2 <= rows {
                screen.foot.extend(listed);
            } else {
                screen.top.extend(listed);
            }
            if let Some(said) = &said {
                screen.foot.extend(layout.paragraph(said, "", ""));
            }
            if let Some(declared) = declared {
                screen.foot.extend(layout.paragraph(
                    &format!(
                        "You said: {} (kept with your answer; press it again to take it back).",
                        declared.as_str()
                    ),
                    "",
                    "",
                ));
            }
            let undo = if can_undo {
                " · u: undo the last answer"
            } else {
                ""
            };
            // Offered, never asked for: answering with a letter alone is as quick as ever.
            let sure = if declares {
                " · before it, if you like, 1/2/3: sure/50-50/guess"
            } else {
                ""
            };
            screen.foot.extend(view::hint(
                layout,
                &format!(
                    "a–{last}: answer{sure} · ?: I don't know · ↑ ↓ then Enter{undo} · q: stop"
                ),
            ));
            paint(console, styles, &screen, &mut scroll)?;
            let key = console.key()?;
            said = None;
            match key {
                // "I don't know" attempts nothing: whatever was declared goes with it.
                Key::Char('?') => {
                    return Ok(Asked::Answer(Outcome::wrong(
                        crate::coach::why::DONT_KNOW.into(),
                    )));
                }
                Key::Char('u') | Key::Char('U') if can_undo => return Ok(Asked::Undo),
                Key::Char('q') | Key::Escape | Key::CtrlC => return Err(Stop::Quit),
                Key::Char(c @ '1'..='3') if declares => {
                    let pressed = match c {
                        '1' => Confidence::Sure,
                        '2' => Confidence::FiftyFifty,
                        _ => Confidence::Guess,
                    };
                    declared = (declared != Some(pressed)).then_some(pressed);
                }
                Key::Char(c) if c.is_ascii_alphabetic() => {
                    let i = usize::from(c.to_ascii_lowercase() as u8 - b'a');
                    if i < options.len() {
                        return Ok(Asked::Answer(declare(
                            choice_outcome(options, i, correct),
                            declared,
                        )));
                    }
                    said = Some(format!("Answer with a letter from a to {last}."));
                }
                Key::Enter | Key::Char(' ') => match cursor {
                    Some(i) => {
                        return Ok(Asked::Answer(declare(
                            choice_outcome(options, i, correct),
                            declared,
                        )));
                    }
                    None => {
                        said = Some(format!(
                            "Nothing is chosen yet: press a–{last}, or ↑ ↓ and then Enter."
                        ));
                    }
                },
                Key::Up => {
                    cursor = Some(match cursor {
                        Some(0) | None => options.len().saturating_sub(1),
                        Some(i) => i - 1,
                    });
                }
                Key::Down | Key::Char('\t') => {
                    cursor = Some(match cursor {
                        Some(i) if i + 1 < options.len() => i + 1,
                        _ => 0,
                    });
                }
                Key::PageUp => scroll = scroll.saturating_sub(console.rows().unwrap_or(24) / 2),
                Key::PageDown => scroll += console.rows().unwrap_or(24) / 2,
                Key::Ctrl('z') => console.suspend()?,
                _ => {}
            }
        }
    }

    fn ask_typed(
        &self,
        console: &mut dyn Console,
        styles: &Styles,
        top: &CardTop,
        question: &Question,
    ) -> Result<Asked, Stop> {
        let mut editor = Editor::default();
        let mut said: Option<String> = None;
        let mut scroll = 0;
        let what = match &question.response {
            Response::Numeric(_) => "Type an amount, e.g. 5 lakh or ¥10 trillion",
            _ => "Type your answer",
        };
        loop {
            let layout = console.layout();
            let width = view::width_of(layout);
            let mut screen = Screen {
                top: self.top_lines(layout, styles, top),
                ..Screen::default()
            };
            screen.top.extend(view::stem(layout, question));
            screen.top.push(String::new());
            if let Some(said) = &said {
                screen.foot.extend(layout.paragraph(said, "", ""));
            }
            screen.foot.extend(view::hint(
                layout,
                &format!("{what}; Enter gives it · ? alone: I don't know · Esc: stop"),
            ));
            let (line, column) = editor.shown("> ", width);
            screen.cursor = Some((screen.foot.len(), column));
            screen.foot.push(line);
            paint(console, styles, &screen, &mut scroll)?;
            let key = console.key()?;
            match editor.key(key) {
                Edit::Changed => said = None,
                Edit::Submit => {
                    let typed = editor.text();
                    let trimmed = typed.trim();
                    if trimmed == "?" {
                        return Ok(Asked::Answer(Outcome::wrong(String::new())));
                    }
                    if trimmed.is_empty() {
                        said = Some(
                            "Nothing typed: type your answer, or ? and Enter for I don't know."
                                .into(),
                        );
                        continue;
                    }
                    match self.check_typed(question, typed) {
                        Ok(outcome) => return Ok(Asked::Answer(outcome)),
                        Err(why) => said = Some(why),
                    }
                }
                Edit::NotMine => match key {
                    Key::Escape | Key::CtrlC => return Err(Stop::Quit),
                    Key::PageUp => scroll = scroll.saturating_sub(console.rows().unwrap_or(24) / 2),
                    Key::PageDown => scroll += console.rows().unwrap_or(24) / 2,
                    Key::Ctrl('z') => console.suspend()?,
                    // Ctrl-L, a resize: painted again at the loop's top.
                    _ => {}
                },
            }
        }
    }

    /// A typed answer checked; `Err` says why an amount could not be read (asked again).
    fn check_typed(&self, question: &Question, typed: String) -> Result<Outcome, String> {
        match &question.response {
            Response::Recall { answer, accept } => {
                let verdict = check_recall(&typed, answer, accept);
                if verdict.is_right() {
                    let mut outcome = Outcome::right(typed);
                    if verdict == Verdict::RightWithTypo {
                        outcome.why =
                            Some(format!("(accepted; spelt: {})", crate::ui::safe(answer)));
                    }
                    Ok(outcome)
                } else {
                    Ok(Outcome::wrong_typed(typed))
                }
            }
            Response::Numeric(card) => match check_numeric(&typed, card) {
                Verdict::Unreadable(why) => Err(format!(
                    "Could not read that as an amount: {why}. Try again."
                )),
                v if v.is_right() => Ok(Outcome::right(typed)),
                why @ Verdict::WrongCurrency { .. } => {
                    // Told apart from a wrong amount: say what was right about it.
                    let mut outcome = Outcome::wrong_typed(typed);
                    outcome.why = Some(sentence(&why.to_string()));
                    Ok(outcome)
                }
                _ => Ok(Outcome::wrong_typed(typed)),
            },
            _ => Ok(Outcome::wrong(typed)),
        }
    }

    /// Think, reveal, grade: Space or Enter shows the answer (nothing is recorded by it),
    /// then 1–4 grade it. Nothing is pre-selected.
    fn ask_self_graded(
        &self,
        console: &mut dyn Console,
        styles: &Styles,
        top: &CardTop,
        question: &Question,
        answer: &str,
    ) -> Result<Asked, Stop> {
        let mut revealed = false;
        let mut scroll = 0;
        let grades = ["Again", "Hard", "Good", "Easy"];
        loop {
            let layout = console.layout();
            let mut screen = Screen {
                top: self.top_lines(layout, styles, top),
                ..Screen::default()
            };
            screen.top.extend(view::stem(layout, question));
            screen.top.push(String::new());
            if revealed {
                screen.top.extend(
                    layout
                        .paragraph(answer, "Answer: ", "        ")
                        .into_iter()
                        .map(|l| styles.bold.apply_to(l).to_string()),
                );
                screen.foot.extend(view::hint(
                    layout,
                    "How well did you recall it? 1: Again (forgot) · 2: Hard · 3: Good · 4: Easy · q: stop",
                ));
            } else {
                screen.foot.extend(view::hint(
                    layout,
                    "Think of the answer · Space or Enter: show it · q: stop",
                ));
            }
            paint(console, styles, &screen, &mut scroll)?;
            match console.key()? {
                Key::Enter | Key::Char(' ') if !revealed => revealed = true,
                Key::Char(c @ '1'..='4') if revealed => {
                    let i = usize::from(c as u8 - b'1');
                    let rating = [Rating::Again, Rating::Hard, Rating::Good, Rating::Easy][i];
                    return Ok(Asked::Answer(Outcome {
                        rating,
                        correct: rating != Rating::Again,
                        confidence: None,
                        declared: None,
                        given: grades[i].to_string(),
                        self_graded: true,
                        typed: false,
                        overridden: false,
                        pick: None,
                        why: None,
                    }));
                }
                Key::Escape | Key::Char('q') | Key::CtrlC => return Err(Stop::Quit),
                Key::PageUp => scroll = scroll.saturating_sub(console.rows().unwrap_or(24) / 2),
                Key::PageDown => scroll += console.rows().unwrap_or(24) / 2,
                Key::Ctrl('z') => console.suspend()?,
                _ => {}
            }
        }
    }

    /// Commits one answer; when another program holds the store's lock longer than
    /// upsc waits, the answer is held (in `held`) to be written before the next question,
    /// never dropped. Returns `None` when it was held.
    fn commit(
        &mut self,
        answer: &Answer,
        declared: Option<Confidence>,
        now: DateTime<FixedOffset>,
        held: &mut Vec<HeldAnswer>,
    ) -> anyhow::Result<Option<Recorded>> {
        if held.is_empty() {
            match self
                .store
                .record_declared(answer, declared, self.scheduler, now)
            {
                Ok(recorded) => return Ok(Some(recorded)),
                Err(e) if is_busy(&e) => {}
                Err(e) => return Err(e),
            }
        }
        // Behind answers already held, this one waits its turn, so the log keeps the order.
        let mut waiting = HeldAnswer::from_answer(answer, now);
        waiting.declared = declared.map(|c| c.as_str().to_string());
        held.push(waiting);
        Ok(None)
    }

    /// The verdict in place: the question compactly (its first line), the options with
    /// ✓ on the right one and ✗ on a wrong pick, the verdict, each statement's, pair's or
    /// row's verdict, the explanation, the source on one line and the next due time; at
    /// its foot, the keys.
    #[allow(clippy::too_many_arguments)]
    fn verdict_screen(
        &self,
        layout: Layout,
        styles: &Styles,
        top: &CardTop,
        question: &Question,
        pick: Pick,
        outcome: &Outcome,
        after: Option<&CardState>,
        now: DateTime<FixedOffset>,
        saved: bool,
    ) -> Screen {
        let width = view::width_of(layout);
        let mut lines = self.top_lines(
            layout,
            styles,
            &CardTop {
                header: top.header.clone(),
                notes: Vec::new(),
            },
        );
        lines.extend(view::compact_stem(layout, question));
        let saved_note = if saved {
            "saved"
        } else {
            "held: another upsc is writing; saved before the next question"
        };
        let said = if outcome.overridden {
            format!("✓ Counted right: your override ({saved_note}).")
        } else if outcome.self_graded {
            format!("You graded it: {} ({saved_note}).", outcome.given)
        } else if outcome.correct {
            match (outcome.confidence, outcome.declared) {
                (Some(Confidence::FiftyFifty), _) => {
                    "✓ Right: saved as Hard (it was 50-50).".to_string()
                }
                (Some(Confidence::Guess), _) => "✓ Right: saved as Hard (a guess).".to_string(),
                (Some(Confidence::Sure), _) if outcome.rating == Rating::Easy => {
                    "✓ Right: saved as Easy.".to_string()
                }
                (_, Some(Confidence::FiftyFifty)) => {
                    format!("✓ Right: you said 50-50, so saved as Hard ({saved_note}).")
                }
                (_, Some(Confidence::Guess)) => {
                    format!("✓ Right: you said guess, so saved as Hard ({saved_note}).")
                }
                (_, Some(Confidence::Sure)) => format!("✓ Right: you said sure ({saved_note})."),
                _ => format!("✓ Right ({saved_note})."),
            }
        } else {
            let given = outcome.given.trim();
            let shown = if given.is_empty() || given == crate::coach::why::DONT_KNOW {
                "you did not know".to_string()
            } else {
                format!("you: {}", crate::ui::safe(given))
            };
            let said = outcome
                .declared
                .map(|d| format!("; you said {}", d.as_str()))
                .unwrap_or_default();
            format!("✗ Not quite ({shown}{said}; {saved_note}).")
        };
        let style = if outcome.correct {
            &styles.good
        } else {
            &styles.bad
        };
        lines.push(String::new());
        lines.extend(
            layout
                .paragraph(&said, "", "  ")
                .into_iter()
                .map(|l| style.apply_to(l).to_string()),
        );
        if let Some(why) = &outcome.why {
            lines.extend(layout.paragraph(why, "  ", "  "));
        }
        if let Response::Choice { options, correct } = &question.response {
            lines.extend(view::options(
                layout,
                styles,
                options,
                None,
                Some((*correct, outcome.pick.filter(|p| p != correct))),
            ));
        }
        // The answer in words, for a typed or graded card (a pick-one's is marked ✓).
        let answer = match &question.response {
            Response::Choice { .. } => None,
            _ => Some(question.answer_text.as_str()),
        };
        if let Some(answer) = answer {
            lines.extend(
                layout
                    .paragraph(answer, "Answer: ", "        ")
                    .into_iter()
                    .map(|l| styles.bold.apply_to(l).to_string()),
            );
        }
        if !question.notes.is_empty() {
            lines.push(String::new());
        }
        for note in &question.notes {
            lines.extend(layout.paragraph(note, "  ", "    "));
        }
        if let Some(explanation) = pick.card.explanation.as_deref() {
            lines.push(String::new());
            let joined = explanation.split_whitespace().collect::<Vec<_>>().join(" ");
            lines.extend(layout.paragraph(&joined, "", ""));
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
            let line = crate::ui::safe(&format!("Source: {}", titles.join("; "))).into_owned();
            lines.push(styles.dim.apply_to(view::fitted(&line, width)).to_string());
        }
        if self.mode.schedules()
            && let Some(after) = after
        {
            lines.push(format!("Next: {}", describe_due(after.due, now)));
        }
        let mut keys = vec!["Enter: next"];
        if outcome.correct && !outcome.self_graded && !outcome.overridden {
            keys.extend(["5: it was 50-50", "g: I guessed", "e: too easy"]);
        }
        if outcome.can_override() {
            keys.push("r: I was right");
        }
        keys.extend(["u: undo", "q: stop"]);
        Screen {
            top: lines,
            foot: view::hint(layout, &keys.join(" · ")),
            cursor: None,
        }
    }
}

/// How long before its step is due a learning card is shown when nothing else is left,
/// as Anki's learn-ahead limit.
pub const LEARN_AHEAD: TimeDelta = TimeDelta::minutes(20);

/// The header's counts: `current` and everything after it in this session.
fn count(
    standing: &HashMap<String, Standing>,
    current: Pick,
    queue: &VecDeque<Pick>,
    learning: &[(DateTime<Utc>, Pick)],
) -> Counts {
    let mut counts = Counts::default();
    let all = std::iter::once(current)
        .chain(queue.iter().copied())
        .chain(learning.iter().map(|(_, p)| *p));
    for pick in all {
        match standing.get(&pick.key()).copied().unwrap_or(Standing::New) {
            Standing::New => counts.new += 1,
            Standing::Learning => counts.learning += 1,
            Standing::Review => counts.review += 1,
        }
    }
    counts
}

/// Paints `screen` on `console`, fitted to its rows.
fn paint(
    console: &mut dyn Console,
    styles: &Styles,
    screen: &Screen,
    scroll: &mut usize,
) -> Result<(), Stop> {
    let width = view::width_of(console.layout());
    let (lines, cursor) = screen.fit(console.rows(), width, styles, scroll);
    console.paint(&lines, cursor)
}

fn stop_error(stop: Stop) -> anyhow::Error {
    match stop {
        Stop::Io(e) => terminal(e),
        Stop::Quit => anyhow::anyhow!("the terminal closed"),
    }
}

fn choice_outcome(options: &[String], chosen: usize, correct: usize) -> Outcome {
    let letter = question::wording::OPTION_LETTERS
        .get(chosen)
        .copied()
        .unwrap_or("");
    let given = format!(
        "{letter} {}",
        options.get(chosen).map_or("", String::as_str)
    );
    let mut outcome = if chosen == correct {
        Outcome::right(given)
    } else {
        Outcome::wrong(given)
    };
    outcome.pick = Some(chosen);
    outcome
}

/// An answer with the confidence declared before its verdict. A right answer declared
/// 50-50 or a guess is rated Hard, as the same key on the verdict would rate it; "sure"
/// leaves it Good (Easy stays the learner's to say, after the verdict).
fn declare(mut outcome: Outcome, declared: Option<Confidence>) -> Outcome {
    outcome.declared = declared;
    if outcome.correct && matches!(declared, Some(Confidence::FiftyFifty | Confidence::Guess)) {
        outcome.rating = Rating::Hard;
    }
    outcome
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
    /// The confidence given after the verdict (a key on the verdict screen).
    confidence: Option<Confidence>,
    /// The confidence declared before the verdict (a quiz's 1, 2 or 3 while the question
    /// was on screen), logged apart from the one given after it.
    declared: Option<Confidence>,
    given: String,
    /// The learner graded their own recall, which already says how well they knew it.
    self_graded: bool,
    /// A typed answer, which the learner may overrule when the check marked it wrong.
    typed: bool,
    /// The learner overruled the check ("I was right").
    overridden: bool,
    /// The option picked, for a pick-one question.
    pick: Option<usize>,
    /// Why a wrong answer is wrong, when the checker can say (a right amount in the wrong
    /// currency), or how a right one was taken (a typo).
    why: Option<String>,
}

impl Outcome {
    /// A right answer, Good until the learner says how sure they were.
    fn right(given: String) -> Outcome {
        Outcome {
            rating: Rating::Good,
            correct: true,
            confidence: None,
            declared: None,
            given,
            self_graded: false,
            typed: false,
            overridden: false,
            pick: None,
            why: None,
        }
    }

    fn wrong(given: String) -> Outcome {
        Outcome {
            rating: Rating::Again,
            correct: false,
            ..Outcome::right(given)
        }
    }

    fn wrong_typed(given: String) -> Outcome {
        Outcome {
            typed: true,
            ..Outcome::wrong(given)
        }
    }

    /// "I was right" is offered for a typed answer the check marked wrong.
    fn can_override(&self) -> bool {
        self.typed && !self.correct && !self.overridden && !self.given.trim().is_empty()
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
        format!(
            "in {}",
            crate::text::Count::new(usize::try_from(minutes).unwrap_or(0), "minute", "minutes")
        )
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

/// The closing summary, a paragraph a line (an empty one between what the session said
/// and the figures): what was done, what is still due today (learning steps a few minutes
/// away) and what is due tomorrow. The command prints it once the terminal is given back.
pub fn summary(tally: &Tally, later_today: usize, due_tomorrow: usize) -> Vec<String> {
    let minutes = tally.seconds / 60.0;
    let cards = |n: usize| crate::text::Count::new(n, "card", "cards");
    let mut lines = tally.said.clone();
    lines.push(String::new());
    if tally.answered == 0 {
        lines.push(format!(
            "Session over: nothing answered, {minutes:.1} minutes."
        ));
    } else {
        lines.push(format!(
            "Session over: {} answered ({} new), {:.0}% correct, {:.1} minutes.",
            tally.answered,
            tally.new,
            100.0 * tally.correct as f64 / tally.answered as f64,
            minutes
        ));
    }
    if later_today > 0 {
        lines.push(format!(
            "Due again later today: {} (learning steps).",
            cards(later_today)
        ));
    }
    if tally.answered > 0 {
        lines.push(format!(
            "Due tomorrow: {}. Your answers are saved.",
            cards(due_tomorrow)
        ));
    } else {
        lines.push(format!("Due tomorrow: {}.", cards(due_tomorrow)));
    }
    lines
}
