//! Exam-day figures: the expected share of cards recalled on the exam day, per deck and
//! per topic tag, if nothing more is reviewed and if the plan is followed, and the reviews
//! a day the plan needs. It takes plain values (the cards with their stored states, the
//! exam, the limits) and the scheduler; `cmd::exam` prints the result.
//!
//! "If nothing more is reviewed" is FSRS's forgetting curve from each card's last review
//! to the exam day. "With the plan" is an expected-value walk of each card's future
//! reviews under the exam-aware schedule, done on time: at each review the card is
//! recalled with its predicted probability (answered Good) or forgotten (Again, then
//! relearnt at once); the walk follows both branches, weighted, until the card's next due
//! day is on or after the exam, and the exam-day recall is the weighted mean of where the
//! branches end. A forgotten branch whose weight falls below [`PRUNE`] follows its
//! recalled sibling instead, which keeps the walk short and overstates recall by less than
//! that weight. The final revision is counted halfway through its window; new cards enter
//! at `new_per_day` a day, in deck order taking turns, until new cards stop. The daily
//! review limit is not modelled: `reviews_per_day` says what the plan needs, to compare
//! with it.
//!
//! The walk is fast in three ways. It steps with [`Stepper`] (the scheduler's Again and
//! Good outcomes in whole seconds and day numbers, equal to `Scheduler::preview`'s, Again
//! worked out only for a branch that is followed). Review cards alike in what their walk
//! depends on (memory state, the days of the last review and of the due date) share one
//! walk. And light branches, which follow one chain of recalled reviews to the exam, share
//! the chain of a nearby memory state (`Chains`): that moves a card's figures by up to
//! about [`PRUNE`] and a collection's by a few ten-thousandths. A test compares every
//! card's figures, walked without shared chains, with the walk written in the scheduler's
//! own terms, bit for bit; another holds the shared chains' figures to those.

use std::collections::{BTreeMap, HashMap};
use std::hash::BuildHasherDefault;
use std::sync::Mutex;

use chrono::{DateTime, FixedOffset, NaiveDate, TimeDelta};
use rayon::prelude::*;
use serde::Serialize;

use crate::scheduler::{CardState, Compact, Scheduler, State, Stepper};

/// Forgotten branches lighter than this follow the recalled branch.
pub(crate) const PRUNE: f64 = 0.01;
/// No walk goes further than this many reviews, whatever the settings.
const MAX_REVIEWS: u32 = 60;

/// One card as the forecast sees it.
#[derive(Debug, Clone)]
pub(crate) struct CardInput<'a> {
    pub deck: &'a str,
    /// The card's tags with its deck's.
    pub tags: Vec<&'a str>,
    /// The stored state; `None` (or a New state) for a card never seen.
    pub state: Option<&'a CardState>,
}

/// The exam and the plan's limits.
#[derive(Debug, Clone)]
pub(crate) struct Exam {
    pub date: NaiveDate,
    pub name: Option<String>,
    pub target_recall: f64,
    pub final_revision_days: u32,
    pub new_per_day: usize,
    /// The daily review limit in effect, reported beside what the plan needs.
    pub review_limit: usize,
}

/// Mean exam-day recall: of every card (a card never seen counts 0), and of the cards
/// seen (0 when none is).
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Default)]
pub struct Recall {
    pub all: f64,
    pub seen: f64,
}

/// A group's figures (the whole collection, a deck or a tag).
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Default)]
pub struct Figures {
    pub cards: usize,
    pub seen: usize,
    pub recall_if_no_more_reviews: Recall,
    pub recall_with_plan: Recall,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DeckFigures {
    pub id: String,
    #[serde(flatten)]
    pub figures: Figures,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TagFigures {
    pub tag: String,
    #[serde(flatten)]
    pub figures: Figures,
}

/// When new cards stop, and why.
#[derive(Debug, Clone, Copy, Serialize, PartialEq)]
pub struct NewCards {
    pub per_day: usize,
    /// Days a new card needs before the exam ([`Scheduler::new_card_days`]).
    pub days_needed: u32,
    /// The first study day without new cards.
    pub stop: Option<NaiveDate>,
    /// New cards the plan introduces before they stop.
    pub planned: usize,
}

/// Everything `upsc exam` reports.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Forecast {
    pub date: NaiveDate,
    pub name: Option<String>,
    /// Today's study date.
    pub today: NaiveDate,
    /// Study days from today to the exam day (0 on it, negative after it).
    pub days_left: i64,
    pub target_recall: f64,
    pub final_revision_days: u32,
    pub cards: usize,
    pub seen: usize,
    pub recall_if_no_more_reviews: Recall,
    pub recall_with_plan: Recall,
    /// Seen cards below the target on exam day if nothing more is reviewed.
    pub below_target: usize,
    /// Expected reviews before the exam if the plan is followed.
    pub expected_reviews: f64,
    /// The reviews a day the plan needs: `expected_reviews` over the days left, rounded up.
    pub reviews_per_day: usize,
    /// The daily review limit in effect.
    pub review_limit: usize,
    pub new_cards: NewCards,
    pub decks: Vec<DeckFigures>,
    pub tags: Vec<TagFigures>,
}

impl Forecast {
    /// Tags from weakest to strongest by exam-day recall of all their cards if nothing
    /// more is reviewed (a topic not started is weak), at most `n`.
    pub fn weakest(&self, n: usize) -> Vec<&TagFigures> {
        let mut tags: Vec<&TagFigures> = self.tags.iter().collect();
        tags.sort_by(|a, b| {
            let key = |t: &TagFigures| t.figures.recall_if_no_more_reviews.all;
            key(a).total_cmp(&key(b)).then_with(|| a.tag.cmp(&b.tag))
        });
        tags.truncate(n);
        tags
    }
}

/// One card's two exam-day recalls and its expected reviews.
#[derive(Debug, Clone, Copy, Default)]
struct CardOutcome {
    seen: bool,
    left_alone: f64,
    with_plan: f64,
    reviews: f64,
}

/// What both [`forecast`] and [`seen_recall`] work out first: the days left, and each
/// seen card's outcome (its walk shared with the cards alike).
struct Seen {
    scheduler: Scheduler,
    left: i64,
    walk: Walk,
    /// Per card in order: its outcome if seen, `None` if never seen.
    outcomes: Vec<Option<CardOutcome>>,
}

fn seen(
    states: &[Option<&CardState>],
    scheduler: &Scheduler,
    exam: &Exam,
    now: DateTime<FixedOffset>,
    walking: Walking,
) -> Seen {
    let scheduler = scheduler.without_fuzz();
    let left = scheduler.days_until(exam.date, now);
    let stepper = Stepper::new(&scheduler, *now.offset());
    let walk = Walk {
        today: stepper.day(now.timestamp()),
        stepper,
        now: now.timestamp(),
        left,
        final_days: i64::from(exam.final_revision_days),
        chains: (walking == Walking::Shared).then(Chains::default),
    };
    // A review card's walk depends only on its memory state and the days of its last
    // review and due date: cards alike in these share one walk (the same figures).
    let mut shared: HashMap<WalkKey, u32, BuildHasherDefault<KeyHasher>> = HashMap::default();
    let mut walks: Vec<Compact> = Vec::new();
    let plans: Vec<Option<u32>> = states
        .iter()
        .map(|state| {
            let state = state.filter(|s| is_seen(Some(s)))?;
            let compact = Compact::of(state);
            let key = walk.key(&compact).filter(|_| left > 0)?;
            let next = u32::try_from(walks.len()).ok()?;
            Some(*shared.entry(key).or_insert_with(|| {
                walks.push(compact);
                next
            }))
        })
        .collect();
    drop(shared);
    // Only what the figures need is kept of each shared walk.
    let walked: Vec<(f64, f64)> = walks
        .par_iter()
        .map(|card| {
            let mut out = CardOutcome::default();
            walk.walk(*card, walk.now, 1.0, 0, &mut out);
            (out.with_plan, out.reviews)
        })
        .collect();
    drop(walks);
    let outcomes: Vec<Option<CardOutcome>> = states
        .par_iter()
        .zip(&plans)
        .map(|(state, plan)| {
            let state = state.filter(|s| is_seen(Some(s)))?;
            let left_alone = f64::from(scheduler.recall_on(state, exam.date, now));
            let mut out = CardOutcome {
                seen: true,
                left_alone,
                ..CardOutcome::default()
            };
            match plan.and_then(|w| walked.get(usize::try_from(w).ok()?)) {
                Some(&(with_plan, reviews)) => {
                    out.with_plan = with_plan;
                    out.reviews = reviews;
                }
                None if left > 0 => {
                    walk.walk(Compact::of(state), walk.now, 1.0, 0, &mut out);
                }
                None => out.with_plan = left_alone,
            }
            Some(out)
        })
        .collect();
    Seen {
        scheduler,
        left,
        walk,
        outcomes,
    }
}

/// The exam line of `stats`: the days left and the mean exam-day recall of the cards
/// seen, as they stand and with the plan. The same figures as [`forecast`]'s
/// `recall_if_no_more_reviews.seen` and `recall_with_plan.seen`, bit for bit (the same
/// walks, summed in the same order), without the new cards' plan or the groups.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SeenRecall {
    pub date: NaiveDate,
    pub days_left: i64,
    pub recall_if_no_more_reviews: f64,
    pub recall_with_plan: f64,
}

/// [`SeenRecall`] of the cards whose states are `states` (in the order [`forecast`]
/// takes its cards; `None` or a New state for a card never seen).
pub(crate) fn seen_recall(
    states: &[Option<&CardState>],
    scheduler: &Scheduler,
    exam: &Exam,
    now: DateTime<FixedOffset>,
) -> SeenRecall {
    let seen = seen(states, scheduler, exam, now, Walking::Shared);
    let (mut alone, mut plan, mut n) = (0.0, 0.0, 0usize);
    for o in seen.outcomes.iter().flatten() {
        n += 1;
        alone += o.left_alone;
        plan += o.with_plan;
    }
    let mean = |sum: f64| if n == 0 { 0.0 } else { sum / n as f64 };
    SeenRecall {
        date: exam.date,
        days_left: seen.left,
        recall_if_no_more_reviews: mean(alone),
        recall_with_plan: mean(plan),
    }
}

impl Forecast {
    /// The figures of the exam line of `stats`.
    #[cfg(test)]
    pub fn seen_recall(&self) -> SeenRecall {
        SeenRecall {
            date: self.date,
            days_left: self.days_left,
            recall_if_no_more_reviews: self.recall_if_no_more_reviews.seen,
            recall_with_plan: self.recall_with_plan.seen,
        }
    }
}

/// The exam-day figures of `cards` at `now`. The scheduler should plan for the exam (see
/// [`Scheduler::planning_for`]); its fuzz is left out.
pub(crate) fn forecast(
    cards: &[CardInput],
    scheduler: &Scheduler,
    exam: &Exam,
    now: DateTime<FixedOffset>,
) -> Forecast {
    forecast_walking(cards, scheduler, exam, now, Walking::Shared)
}

/// How light branches are walked: each on its own ([`Walking::Exact`], what the tests
/// hold to the scheduler bit for bit), or through the chains they share
/// ([`Walking::Shared`], what the commands use; see [`Chains`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Walking {
    #[cfg_attr(not(test), allow(dead_code))]
    Exact,
    Shared,
}

fn forecast_walking(
    cards: &[CardInput],
    scheduler: &Scheduler,
    exam: &Exam,
    now: DateTime<FixedOffset>,
    walking: Walking,
) -> Forecast {
    let states: Vec<Option<&CardState>> = cards.iter().map(|c| c.state).collect();
    let Seen {
        scheduler,
        left,
        walk,
        outcomes: seen,
    } = seen(&states, scheduler, exam, now, walking);
    drop(states);
    let days_needed = scheduler.new_card_days(exam.final_revision_days);
    // New cards enter on days 0..new_days (fewer than `days_needed` left after them).
    let new_days = (left - i64::from(days_needed)).max(0);
    // The never-seen cards the plan introduces, and on which day: deck order, taking turns.
    let capacity = usize::try_from(new_days)
        .unwrap_or(0)
        .saturating_mul(exam.new_per_day);
    let mut intro: HashMap<usize, i64> = HashMap::new();
    let mut queues: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    let mut deck_order: HashMap<&str, usize> = HashMap::new();
    let mut last_deck: Option<(&str, usize)> = None;
    for (i, card) in cards.iter().enumerate() {
        if !is_seen(card.state) {
            let d = match last_deck {
                Some((deck, d)) if deck == card.deck => d,
                _ => {
                    let next = deck_order.len();
                    let d = *deck_order.entry(card.deck).or_insert(next);
                    last_deck = Some((card.deck, d));
                    d
                }
            };
            queues.entry(d).or_default().push(i);
        }
    }
    let mut queues: Vec<std::vec::IntoIter<usize>> =
        queues.into_values().map(Vec::into_iter).collect();
    let mut order = 0usize;
    while order < capacity {
        let mut any = false;
        for queue in &mut queues {
            if order >= capacity {
                break;
            }
            if let Some(i) = queue.next() {
                let day = i64::try_from(order / exam.new_per_day.max(1)).unwrap_or(i64::MAX);
                intro.insert(i, day);
                order += 1;
                any = true;
            }
        }
        if !any {
            break;
        }
    }
    // A new card's walk depends only on its day of entry.
    let entry_days: Vec<i64> = {
        let mut days: Vec<i64> = intro.values().copied().collect();
        days.sort_unstable();
        days.dedup();
        days
    };
    let new_outcomes: HashMap<i64, CardOutcome> = entry_days
        .par_iter()
        .map(|&day| {
            let time = walk.time(day);
            let mut out = CardOutcome::default();
            let card = Compact {
                state: State::New,
                due: time,
                stability: 0.0,
                difficulty: 0.0,
                step: 0,
                last_review: None,
            };
            walk.walk(card, time, 1.0, 0, &mut out);
            (day, out)
        })
        .collect();
    let outcomes: Vec<CardOutcome> = seen
        .into_iter()
        .enumerate()
        .map(|(i, outcome)| match outcome {
            Some(out) => out,
            None => match intro.get(&i).and_then(|day| new_outcomes.get(day)) {
                Some(planned) => CardOutcome {
                    seen: false,
                    left_alone: 0.0,
                    ..*planned
                },
                None => CardOutcome::default(),
            },
        })
        .collect();

    let total = figures(outcomes.iter());
    let mut decks: Vec<(String, Vec<usize>)> = Vec::new();
    let mut deck_at: HashMap<&str, usize> = HashMap::new();
    let mut tag_at: HashMap<&str, usize> = HashMap::new();
    let mut tags: Vec<(&str, Vec<usize>)> = Vec::new();
    // Cards come deck by deck, and neighbours often have the same tags: the last card's
    // deck and tags are looked up again only when they change.
    let mut last_deck: Option<(&str, usize)> = None;
    let (mut own, mut last_own, mut slots): (Vec<&str>, Vec<&str>, Vec<usize>) = Default::default();
    for (i, card) in cards.iter().enumerate() {
        let d = match last_deck {
            Some((deck, d)) if deck == card.deck => d,
            _ => {
                let d = *deck_at.entry(card.deck).or_insert_with(|| {
                    decks.push((card.deck.to_string(), Vec::new()));
                    decks.len() - 1
                });
                last_deck = Some((card.deck, d));
                d
            }
        };
        if let Some((_, members)) = decks.get_mut(d) {
            members.push(i);
        }
        own.clear();
        own.extend_from_slice(&card.tags);
        own.sort_unstable();
        own.dedup();
        if own != last_own {
            slots.clear();
            for tag in &own {
                slots.push(*tag_at.entry(tag).or_insert_with(|| {
                    tags.push((tag, Vec::new()));
                    tags.len() - 1
                }));
            }
            std::mem::swap(&mut own, &mut last_own);
        }
        for &slot in &slots {
            if let Some((_, members)) = tags.get_mut(slot) {
                members.push(i);
            }
        }
    }
    tags.sort_unstable_by(|a, b| a.0.cmp(b.0));
    let expected_reviews: f64 = outcomes.iter().map(|o| o.reviews).sum();
    let reviews_per_day = if left > 0 {
        (expected_reviews / left as f64).ceil() as usize
    } else {
        0
    };
    Forecast {
        date: exam.date,
        name: exam.name.clone(),
        today: scheduler.study_date(now),
        days_left: left,
        target_recall: exam.target_recall,
        final_revision_days: exam.final_revision_days,
        cards: total.cards,
        seen: total.seen,
        recall_if_no_more_reviews: total.recall_if_no_more_reviews,
        recall_with_plan: total.recall_with_plan,
        below_target: outcomes
            .iter()
            .filter(|o| o.seen && o.left_alone < exam.target_recall)
            .count(),
        expected_reviews,
        reviews_per_day,
        review_limit: exam.review_limit,
        new_cards: NewCards {
            per_day: exam.new_per_day,
            days_needed,
            stop: (left > 0).then(|| exam.date - TimeDelta::days(i64::from(days_needed).min(left))),
            planned: intro.len(),
        },
        decks: decks
            .into_iter()
            .map(|(id, members)| DeckFigures {
                id,
                figures: figures(members.iter().map(|&i| &outcomes[i])),
            })
            .collect(),
        tags: tags
            .into_iter()
            .map(|(tag, members)| TagFigures {
                tag: tag.to_string(),
                figures: figures(members.iter().map(|&i| &outcomes[i])),
            })
            .collect(),
    }
}

fn is_seen(state: Option<&CardState>) -> bool {
    state.is_some_and(|s| s.state != State::New && s.last_review.is_some())
}

fn figures<'o>(outcomes: impl Iterator<Item = &'o CardOutcome>) -> Figures {
    let mut f = Figures::default();
    let (mut alone, mut plan, mut alone_seen, mut plan_seen) = (0.0, 0.0, 0.0, 0.0);
    for o in outcomes {
        f.cards += 1;
        alone += o.left_alone;
        plan += o.with_plan;
        if o.seen {
            f.seen += 1;
            alone_seen += o.left_alone;
            plan_seen += o.with_plan;
        }
    }
    let mean = |sum: f64, n: usize| if n == 0 { 0.0 } else { sum / n as f64 };
    f.recall_if_no_more_reviews = Recall {
        all: mean(alone, f.cards),
        seen: mean(alone_seen, f.seen),
    };
    f.recall_with_plan = Recall {
        all: mean(plan, f.cards),
        seen: mean(plan_seen, f.seen),
    };
    f
}

/// The expected-value walk of one card's reviews until the exam, in whole seconds and
/// learner-day numbers ([`Stepper`]: the scheduler's Again and Good outcomes without the
/// `DateTime` work and the FSRS formulas the walk does not need).
struct Walk {
    stepper: Stepper,
    /// Now, in Unix seconds, and its learner-day number.
    now: i64,
    today: i64,
    /// Days from today to the exam day.
    left: i64,
    final_days: i64,
    /// The chains shared by light branches, or `None` for the exact walk.
    chains: Option<Chains>,
}

/// What a review card's walk depends on (see [`Walk::key`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct WalkKey {
    stability: u32,
    difficulty: u32,
    last_day: i64,
    due_day: i64,
}

/// Light branches share chains. A branch light enough that every forgotten branch ahead
/// of it would be left (see [`PRUNE`]) walks one chain: its relearning steps if it was
/// just forgotten, then every review recalled (answered Good) until the exam. Its figures
/// are that chain's times its weight. Such branches are many (every forgotten branch of
/// every card ends in one) and their memory states all differ, so they share the chain
/// of a nearby state: the stability cut to [`MANTISSA_KEPT`] bits of its mantissa
/// (steps of 1.6–3.1%, taken at their middle), the difficulty rounded to
/// [`DIFFICULTY_STEP`], with the days (and the relearning step's
/// seconds) as they are. On collections of 100,000 cards with varied states no deck's or
/// tag's exam-day recall moved by more than 0.0002 against walking every branch on its
/// own (a test holds the figures to the exact walk's), and the walk takes about half the
/// steps. The chain is worked out from the rounded state itself, so the figures do not
/// depend on which card or thread came first.
#[derive(Default)]
struct Chains {
    shards: [Mutex<HashMap<u64, Chain, BuildHasherDefault<KeyHasher>>>; 16],
}

/// A branch's weight at or below which its chain is looked up.
const SHARE_BELOW: f64 = 0.1;
/// The bits of a stability's mantissa its chain keeps (no logarithm to work out: the
/// step is between 1/64 and 1/32 of the stability), and the chains' difficulty step.
const MANTISSA_KEPT: u32 = 5;
const DIFFICULTY_STEP: f64 = 0.1;

/// What a chain depends on, packed in 56 bits (see [`Chains::key`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct ChainKey {
    /// The stability's bucket (its bits, cut) and the difficulty's (in steps from 0).
    stability: i64,
    difficulty: i64,
    /// The day of the last review, from today.
    last_day: i64,
    /// A review card's due day from today (at least 0), or a relearning card's seconds
    /// from its last review to its due time.
    due: i64,
    relearning: bool,
}

impl ChainKey {
    const STABILITY_BITS: u32 = 13;
    const DIFFICULTY_BITS: u32 = 8;
    const DAY_BITS: u32 = 16;
    const DUE_BITS: u32 = 18;

    /// The key in one word, or `None` when a field does not fit (the branch is then
    /// walked on its own).
    fn packed(self) -> Option<u64> {
        let field = |value: i64, bits: u32| u64::try_from(value).ok().filter(|v| *v < 1 << bits);
        let stability = field(self.stability, Self::STABILITY_BITS)?;
        let difficulty = field(self.difficulty, Self::DIFFICULTY_BITS)?;
        let last_day = field(self.last_day, Self::DAY_BITS)?;
        let due = field(self.due, Self::DUE_BITS)?;
        let mut key = stability;
        key = key << Self::DIFFICULTY_BITS | difficulty;
        key = key << Self::DAY_BITS | last_day;
        key = key << Self::DUE_BITS | due;
        Some(key << 1 | u64::from(self.relearning))
    }
}

/// The walks' hasher: their keys are a few numbers (a chain's packed in one word), which
/// a multiplication each spreads (SipHash, the default, was a tenth of the walk).
#[derive(Default)]
struct KeyHasher(u64);

impl std::hash::Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.write_u64(u64::from(*byte));
        }
    }

    fn write_u32(&mut self, key: u32) {
        self.write_u64(u64::from(key));
    }

    fn write_i64(&mut self, key: i64) {
        self.write_u64(key as u64);
    }

    fn write_u64(&mut self, key: u64) {
        let mixed = (self.0 ^ key).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        self.0 = mixed ^ (mixed >> 29);
    }
}

/// A chain's exam-day recall, its reviews, and its heaviest forgotten branch per unit of
/// weight.
#[derive(Debug, Clone, Copy)]
struct Chain {
    recall: f64,
    reviews: u32,
    lapse: f32,
}

impl Chains {
    /// The key of the chain `card` walks from `at` (its latest answer, or now), if it walks
    /// one: a review card, or a card just forgotten and relearning from its first step
    /// (`at` is then its last review, at now's time of day, as every review of a walk is).
    fn key(walk: &Walk, card: &Compact, at: i64) -> Option<ChainKey> {
        let usable = card.stability.is_finite()
            && card.stability > 0.0
            && (D_RANGE.0..=D_RANGE.1).contains(&card.difficulty);
        let last = card.last_review.filter(|_| usable)?;
        let s = &walk.stepper;
        let last_day = s.day(last) - walk.today;
        let (due, relearning) = match card.state {
            State::Review => ((s.day(card.due) - walk.today).max(0), false),
            State::Relearning if card.step == 0 && at == last && last == walk.time(last_day) => {
                (card.due - last, true)
            }
            _ => return None,
        };
        Some(ChainKey {
            // A positive finite `f32`'s bits order as its value does.
            stability: i64::from(
                card.stability.to_bits() >> (f32::MANTISSA_DIGITS - 1 - MANTISSA_KEPT),
            ),
            // Positive: the cast after adding a half rounds.
            difficulty: (f64::from(card.difficulty) / DIFFICULTY_STEP + 0.5) as i64,
            last_day,
            due,
            relearning,
        })
    }

    /// The chain `card` (at `at`) walks, worked out the first time; `None` for a card that
    /// walks none.
    fn get(&self, walk: &Walk, card: &Compact, at: i64) -> Option<Chain> {
        let key = Self::key(walk, card, at)?;
        let packed = key.packed()?;
        let shard = self
            .shards
            .get((packed.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 60) as usize)?;
        if let Some(chain) = shard.lock().ok()?.get(&packed) {
            return Some(*chain);
        }
        // The rounded state, on the same days.
        let last = walk.time(key.last_day);
        let (state, due) = if key.relearning {
            (State::Relearning, last.saturating_add(key.due))
        } else {
            (State::Review, walk.time(key.due))
        };
        let chain = walk.chain(Compact {
            state,
            due,
            stability: stability_of(key.stability),
            difficulty: (key.difficulty as f64 * DIFFICULTY_STEP) as f32,
            step: 0,
            last_review: Some(last),
        });
        shard.lock().ok()?.insert(packed, chain);
        Some(chain)
    }
}

/// The stability at the middle of bucket `bucket` (see [`Chains::key`]).
fn stability_of(bucket: i64) -> f32 {
    let cut = f32::MANTISSA_DIGITS - 1 - MANTISSA_KEPT;
    let bits = u32::try_from(bucket).unwrap_or(0) << cut | 1 << (cut - 1);
    f32::from_bits(bits)
}

/// The difficulties a chain's key takes: the scheduler's range.
const D_RANGE: (f32, f32) = (1.0, 10.0);

impl Walk {
    /// For a review card walked from now: its stability and difficulty (their bits), and
    /// the days of its last review and (from today on) its due date. Its walk starts on
    /// the day it is due, at now's time of day, so nothing else of it counts: two cards
    /// with the same key have the same walk. `None` for other cards.
    fn key(&self, card: &Compact) -> Option<WalkKey> {
        let last = card.last_review?;
        (card.state == State::Review).then(|| WalkKey {
            stability: card.stability.to_bits(),
            difficulty: card.difficulty.to_bits(),
            last_day: self.stepper.day(last) - self.today,
            due_day: (self.stepper.day(card.due) - self.today).max(0),
        })
    }

    /// The moment of study day `day` (today = 0) at which the walk reviews: now's time of day.
    fn time(&self, day: i64) -> i64 {
        self.now.saturating_add(day.saturating_mul(86_400))
    }

    /// The day, from today, of a card's last review, and of its next review before the
    /// exam if it has one: its due day, or the final revision's.
    fn next_review(&self, card: &Compact) -> (i64, Option<i64>) {
        let s = &self.stepper;
        let last_day = card.last_review.map_or(0, |last| s.day(last) - self.today);
        let due_day = (s.day(card.due) - self.today).max(0);
        let review_day = if due_day < self.left {
            Some(due_day)
        } else if self.final_days > 0 && last_day < self.left - self.final_days {
            // The final revision brings it back once, counted halfway through the window.
            let day = (self.left - (self.final_days + 1) / 2).max(0);
            (day < self.left).then_some(day)
        } else {
            None
        };
        (last_day, review_day)
    }

    /// The chain a card walks from its last review: its relearning steps, then every
    /// review recalled (answered Good) until the exam; and the heaviest forgotten branch
    /// that leaves behind, per unit of weight.
    fn chain(&self, mut card: Compact) -> Chain {
        let s = &self.stepper;
        let mut at = card.last_review.unwrap_or(self.now);
        let (mut reviews, mut lapse) = (0u32, 0.0f32);
        loop {
            while card.state != State::Review && reviews < MAX_REVIEWS {
                at = at.max(card.due);
                card = s.again_good(&card, at).1;
                reviews += 1;
            }
            let (last_day, review_day) = self.next_review(&card);
            let Some(day) = review_day.filter(|_| reviews < MAX_REVIEWS) else {
                let recall = s.recall_after(card.stability, self.left - last_day);
                return Chain {
                    recall: f64::from(recall),
                    reviews,
                    lapse,
                };
            };
            at = self.time(day).max(at);
            reviews += 1;
            let (p, recalled, _) = s.review(&card, at, day - last_day, |_| false);
            lapse = lapse.max(1.0 - p);
            card = recalled;
        }
    }

    /// Walks `card` (at `at`, the moment of its latest answer or now) with weight `weight`,
    /// adding its exam-day recall and reviews to `out`.
    fn walk(
        &self,
        mut card: Compact,
        mut at: i64,
        weight: f64,
        mut depth: u32,
        out: &mut CardOutcome,
    ) {
        let s = &self.stepper;
        // Light enough to look up its chain (a branch keeps its weight along the recalled
        // reviews that follow, so once is enough).
        if weight <= SHARE_BELOW
            && let Some(chains) = &self.chains
            && let Some(chain) = chains.get(self, &card, at)
            && weight * f64::from(chain.lapse) < PRUNE
            && depth + chain.reviews <= MAX_REVIEWS
        {
            out.with_plan += weight * chain.recall;
            out.reviews += weight * f64::from(chain.reviews);
            return;
        }
        loop {
            // (Re)learning steps and new cards: answered Good when due, the same day.
            while card.state != State::Review && depth < MAX_REVIEWS {
                at = at.max(card.due);
                card = s.again_good(&card, at).1;
                out.reviews += weight;
                depth += 1;
            }
            let (last_day, review_day) = self.next_review(&card);
            let Some(day) = review_day.filter(|_| depth < MAX_REVIEWS) else {
                let recall = s.recall_after(card.stability, self.left - last_day);
                out.with_plan += weight * f64::from(recall);
                return;
            };
            at = self.time(day).max(at);
            out.reviews += weight;
            depth += 1;
            // Both branches from one step of the scheduler, and the recall that weighs them;
            // the forgotten one only when it is heavy enough to be followed.
            let (p, recalled, forgotten) = s.review(&card, at, day - last_day, |p| {
                weight * (1.0 - f64::from(p)) >= PRUNE
            });
            let p = f64::from(p);
            let forgotten_weight = weight * (1.0 - p);
            if let Some(forgotten) = forgotten.filter(|_| forgotten_weight >= PRUNE) {
                self.walk(forgotten, at, forgotten_weight, depth, out);
                // The recalled branch continues here with its own weight.
                return self.walk(recalled, at, weight * p, depth, out);
            }
            card = recalled;
        }
    }
}

/// Every indexed card's stored state, in the deck index's order (decks, then cards in
/// file order); `None` for a card never answered. Read in one pass over the states out
/// of the New state, placed by deck and card id without a map keyed by whole ids.
pub(crate) fn card_states(
    store: &crate::store::Store,
    decks: &[crate::deck::index::IndexedDeck],
) -> anyhow::Result<Vec<Option<CardState>>> {
    let mut starts: HashMap<&str, usize> = HashMap::with_capacity(decks.len());
    let mut total = 0usize;
    for deck in decks {
        // The first deck with an id keeps it, as the index does.
        starts.entry(deck.id.as_str()).or_insert(total);
        total += deck.cards().count();
    }
    let by_id: HashMap<&str, &crate::deck::index::IndexedDeck> =
        decks.iter().map(|d| (d.id.as_str(), d)).collect();
    // A deck's card positions are looked up only once one of its cards has a state. An
    // id written twice in a deck gets the same state at both places, as a lookup by key
    // gives it: `copies` says where (a copy's place, the first's).
    let mut positions: HashMap<usize, HashMap<&str, usize>> = HashMap::new();
    let mut copies: Vec<(usize, usize)> = Vec::new();
    let mut states: Vec<Option<CardState>> = vec![None; total];
    store.visit_card_states(|key, state| {
        let deck = key.deck.as_str();
        let (Some(&start), Some(indexed)) = (starts.get(deck), by_id.get(deck)) else {
            return;
        };
        let at = positions.entry(start).or_insert_with(|| {
            let mut at = HashMap::with_capacity(indexed.len());
            for (i, id) in indexed.cards().enumerate() {
                let first = *at.entry(id).or_insert(i);
                if first != i {
                    copies.push((start + i, start + first));
                }
            }
            at
        });
        if let Some(slot) = at
            .get(key.card.as_str())
            .and_then(|&i| states.get_mut(start + i))
        {
            *slot = Some(state);
        }
    })?;
    for (copy, first) in copies {
        let state = states.get(first).cloned().flatten();
        if let Some(slot) = states.get_mut(copy) {
            *slot = state;
        }
    }
    Ok(states)
}

/// The exam of `settings` as the forecast takes them, and the exam's title;
/// `None` when no exam is planned for.
pub(crate) fn planned(settings: &crate::settings::EffectiveSettings) -> Option<(Exam, String)> {
    let planned = settings.exam()?;
    Some((
        Exam {
            date: planned.date,
            name: planned.name.clone(),
            target_recall: planned.target_recall,
            final_revision_days: planned.final_revision_days,
            new_per_day: settings.new_per_day.value,
            review_limit: settings.reviews_per_day.value,
        },
        planned.title(),
    ))
}

/// The figures of the exam line of `stats` (`cmd::report::exam_line`) for the exam of the
/// settings, if one is planned for: only the cards seen are walked.
pub(crate) fn seen_recall_for(
    settings: &crate::settings::EffectiveSettings,
    scheduler: &Scheduler,
    states: &[Option<CardState>],
    now: chrono::DateTime<chrono::FixedOffset>,
) -> Option<(SeenRecall, String)> {
    let (exam, title) = planned(settings)?;
    let states: Vec<Option<&CardState>> = states.iter().map(Option::as_ref).collect();
    Some((seen_recall(&states, scheduler, &exam, now), title))
}

/// The forecast for the exam of the settings, if one is planned for, over the decks as
/// the deck index knows them (read with tags): no deck is parsed. `states` are the
/// cards' in the index's order ([`card_states`]).
pub(crate) fn forecast_for(
    settings: &crate::settings::EffectiveSettings,
    scheduler: &Scheduler,
    decks: &[crate::deck::index::IndexedDeck],
    states: &[Option<CardState>],
    now: chrono::DateTime<chrono::FixedOffset>,
) -> Option<(Forecast, String)> {
    let (exam, title) = planned(settings)?;
    let mut cards: Vec<CardInput> = Vec::with_capacity(states.len());
    let mut stored = states.iter();
    for deck in decks {
        let mut tags = deck.tags().into_iter().flatten();
        for _ in deck.cards() {
            cards.push(CardInput {
                deck: &deck.id,
                tags: tags.next().map(Iterator::collect).unwrap_or_default(),
                state: stored.next().and_then(Option::as_ref),
            });
        }
    }
    Some((forecast(&cards, scheduler, &exam, now), title))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scheduler::{Rating, Settings};
    use proptest::prelude::*;

    /// The walk as it was written first, in `DateTime`s with the scheduler's full
    /// previews: the reference the fast walk must equal, bit for bit.
    struct Reference<'s> {
        scheduler: &'s Scheduler,
        now: DateTime<FixedOffset>,
        left: i64,
        final_days: i64,
    }

    impl Reference<'_> {
        fn walk(
            &self,
            mut card: CardState,
            mut at: DateTime<FixedOffset>,
            weight: f64,
            mut depth: u32,
            out: &mut CardOutcome,
        ) {
            let s = self.scheduler;
            loop {
                while card.state != State::Review && depth < MAX_REVIEWS {
                    at = at.max(card.due.with_timezone(at.offset()));
                    card = s.review(&card, Rating::Good, at, 0);
                    out.reviews += weight;
                    depth += 1;
                }
                let last_day = card
                    .last_review
                    .map_or(0, |last| s.days_from_today(last, self.now));
                let due_day = s.days_from_today(card.due, self.now).max(0);
                let review_day = if due_day < self.left {
                    Some(due_day)
                } else if self.final_days > 0 && last_day < self.left - self.final_days {
                    let day = (self.left - (self.final_days + 1) / 2).max(0);
                    (day < self.left).then_some(day)
                } else {
                    None
                };
                let Some(day) = review_day.filter(|_| depth < MAX_REVIEWS) else {
                    let recall = s.recall_after(card.stability, self.left - last_day);
                    out.with_plan += weight * f64::from(recall);
                    return;
                };
                let p = f64::from(s.recall_after(card.stability, day - last_day));
                at = (self.now + TimeDelta::days(day)).max(at);
                out.reviews += weight;
                depth += 1;
                let [forgotten, _, recalled, _] = s.preview(&card, at, 0);
                let forgotten_weight = weight * (1.0 - p);
                if forgotten_weight >= PRUNE {
                    self.walk(forgotten, at, forgotten_weight, depth, out);
                    return self.walk(recalled, at, weight * p, depth, out);
                }
                card = recalled;
            }
        }
    }

    /// With cards never seen among the seen ones (which the plan introduces) and exams
    /// ahead, today and past, the exam line's figures are the whole forecast's.
    #[test]
    fn seen_recall_is_the_forecasts_seen_figures() -> Result<(), Box<dyn std::error::Error>> {
        let now = DateTime::parse_from_rfc3339("2026-06-01T09:00:00+05:30")?;
        let base = Scheduler::new(Settings::default())?.without_fuzz();
        let mut states: Vec<Option<CardState>> = Vec::new();
        for i in 0..60i64 {
            if i % 3 == 0 {
                states.push(None);
                continue;
            }
            let mut at = now - TimeDelta::days(90 - i);
            let mut card = CardState::new_card(at.to_utc());
            for r in 0..(i % 7 + 1) {
                let rating = if (i + r) % 5 == 0 {
                    Rating::Again
                } else {
                    Rating::Good
                };
                card = base.review(&card, rating, at, 0);
                at = (at + TimeDelta::days(1 + i % 4)).min(now);
            }
            states.push(Some(card));
        }
        let decks: Vec<String> = (0..states.len())
            .map(|i| format!("deck-{}", i % 4))
            .collect();
        let cards: Vec<CardInput> = states
            .iter()
            .zip(&decks)
            .map(|(state, deck)| CardInput {
                deck,
                tags: vec!["t"],
                state: state.as_ref(),
            })
            .collect();
        let refs: Vec<Option<&CardState>> = states.iter().map(Option::as_ref).collect();
        let mut checked = 0;
        for days in [-3i64, 0, 1, 30, 180] {
            let date = base.study_date(now) + TimeDelta::days(days);
            let scheduler = base
                .clone()
                .planning_for(Some(crate::scheduler::ExamTarget {
                    date,
                    target_recall: 0.9,
                }));
            let exam = Exam {
                date,
                name: None,
                target_recall: 0.9,
                final_revision_days: 7,
                new_per_day: 5,
                review_limit: 200,
            };
            let whole = forecast(&cards, &scheduler, &exam, now);
            let line = seen_recall(&refs, &scheduler, &exam, now);
            assert_eq!(line.days_left, days);
            assert_eq!(line.date, date);
            assert!(whole.seen > 0 && whole.seen < whole.cards);
            assert_eq!(
                line.recall_if_no_more_reviews.to_bits(),
                whole.recall_if_no_more_reviews.seen.to_bits()
            );
            assert_eq!(
                line.recall_with_plan.to_bits(),
                whole.recall_with_plan.seen.to_bits()
            );
            checked += 1;
        }
        assert_eq!(checked, 5);
        Ok(())
    }

    /// Each card with its deck, untagged.
    fn inputs<'a>(states: &'a [CardState], decks: &'a [String]) -> Vec<CardInput<'a>> {
        states
            .iter()
            .zip(decks)
            .map(|(state, deck)| CardInput {
                deck,
                tags: vec![],
                state: Some(state),
            })
            .collect()
    }

    /// An exam on `date` without new cards.
    fn plan(date: NaiveDate, target: f64, final_days: u32) -> Exam {
        Exam {
            date,
            name: None,
            target_recall: target,
            final_revision_days: final_days,
            new_per_day: 0,
            review_limit: 200,
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// Every card's exam-day recall with the plan, and the expected reviews, are the
        /// reference walk's exactly: the fast steps, the day numbers and the walks shared
        /// by cards alike change no figure. Cards repeat others' states at other times of
        /// the same day (and of other days, the due date alone or with the last review),
        /// so that shared walks are exercised.
        #[test]
        fn forecast_equals_the_reference_walk(
            histories in prop::collection::vec(
                prop::collection::vec((1u8..=4, 0i64..(40 * 86_400)), 1..12),
                1..24,
            ),
            copies in prop::collection::vec((0usize..24, -86_400i64..86_400, any::<bool>()), 0..24),
            days_left in 1i64..200,
            final_days in 0u32..20,
            target in 0.8f64..0.97,
            quarter_hours in -48i32..=56,
            millis in 0i64..1_000,
            now_day in 20i64..300,
        ) {
            let offset = FixedOffset::east_opt(quarter_hours * 900)
                .ok_or_else(|| TestCaseError::fail("offset"))?;
            let start = DateTime::from_timestamp(1_700_000_000, 0)
                .unwrap_or(DateTime::UNIX_EPOCH)
                .with_timezone(&offset);
            let base = Scheduler::new(Settings::default())
                .map_err(|e| TestCaseError::fail(e.to_string()))?
                .without_fuzz();
            // No answer after now; now has milliseconds, as a clock's has.
            let now = start + TimeDelta::days(now_day) + TimeDelta::milliseconds(millis);
            let date = base.study_date(now) + TimeDelta::days(days_left);
            let scheduler = base.planning_for(Some(crate::scheduler::ExamTarget {
                date,
                target_recall: target as f32,
            }));
            let mut states: Vec<CardState> = Vec::new();
            for history in &histories {
                let mut at = start;
                let mut card = CardState::new_card(at.to_utc());
                for &(rating, gap) in history {
                    at += TimeDelta::seconds(gap);
                    let rating = Rating::from_u8(rating).unwrap_or(Rating::Good);
                    card = scheduler.review(&card, rating, at.min(now), 0);
                }
                states.push(card);
            }
            for &(which, shift, due_only) in &copies {
                if let Some(card) = states.get(which % histories.len()).cloned() {
                    let mut card = card;
                    let by = TimeDelta::seconds(shift);
                    if !due_only {
                        card.last_review = card.last_review.map(|t| t + by);
                    }
                    card.due += by;
                    states.push(card);
                }
            }
            let decks: Vec<String> = (0..states.len()).map(|i| format!("deck-{i}")).collect();
            let cards = inputs(&states, &decks);
            let exam = plan(date, target, final_days);
            let forecast = forecast_walking(&cards, &scheduler, &exam, now, Walking::Exact);
            let shared = super::forecast(&cards, &scheduler, &exam, now);
            let reference = Reference {
                scheduler: &scheduler,
                now,
                left: days_left,
                final_days: i64::from(final_days),
            };
            let mut reviews = Vec::new();
            for (state, deck) in states.iter().zip(&forecast.decks) {
                if !is_seen(Some(state)) {
                    continue;
                }
                let mut out = CardOutcome::default();
                reference.walk(state.clone(), now, 1.0, 0, &mut out);
                prop_assert_eq!(deck.figures.recall_with_plan.all.to_bits(), out.with_plan.to_bits());
                reviews.push(out.reviews);
            }
            let expected: f64 = reviews.iter().sum();
            prop_assert_eq!(forecast.expected_reviews.to_bits(), expected.to_bits());
            // Shared chains move a card's exam-day recall by about as much as pruning does
            // at most (a rounded state can move a review across the exam, in a light
            // branch); over a collection they move it far less (the next test).
            for (exact, near) in forecast.decks.iter().zip(&shared.decks) {
                let (exact, near) = (exact.figures.recall_with_plan.all, near.figures.recall_with_plan.all);
                prop_assert!((exact - near).abs() <= 2.0 * PRUNE, "{exact} against {near}");
            }
            // The exam line of `stats` walks the same cards: the same figures, bit for bit.
            let states: Vec<Option<&CardState>> = states.iter().map(Some).collect();
            let line = seen_recall(&states, &scheduler, &exam, now);
            let whole = shared.seen_recall();
            prop_assert_eq!(line.days_left, whole.days_left);
            prop_assert_eq!(line.recall_if_no_more_reviews.to_bits(), whole.recall_if_no_more_reviews.to_bits());
            prop_assert_eq!(line.recall_with_plan.to_bits(), whole.recall_with_plan.to_bits());
        }

        /// Over a collection, light branches sharing chains move the figures by little:
        /// the exam-day recall with the plan of the whole and of each deck of about a
        /// seventy cards, and the expected reviews. And chains are kept: they are shared.
        #[test]
        fn shared_chains_keep_a_collections_figures(
            seed in any::<u64>(),
            days_left in 20i64..400,
            final_days in 0u32..20,
            target in 0.8f64..0.97,
        ) {
            use rand::{RngExt, SeedableRng};
            let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
            let now = DateTime::parse_from_rfc3339("2026-06-01T09:00:00+05:30")
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
            let base = Scheduler::new(Settings::default())
                .map_err(|e| TestCaseError::fail(e.to_string()))?
                .without_fuzz();
            let date = base.study_date(now) + TimeDelta::days(days_left);
            let scheduler = base.planning_for(Some(crate::scheduler::ExamTarget {
                date,
                target_recall: target as f32,
            }));
            // Cards answered on time or late, now and then forgotten, over up to a year.
            let mut states: Vec<CardState> = Vec::new();
            for _ in 0..1_000 {
                let mut at = now - TimeDelta::days(rng.random_range(1..365));
                let mut card = CardState::new_card(at.to_utc());
                for _ in 0..rng.random_range(1..10) {
                    let rating = match rng.random_range(0..10) {
                        0 => Rating::Again,
                        1 => Rating::Hard,
                        9 => Rating::Easy,
                        _ => Rating::Good,
                    };
                    card = scheduler.review(&card, rating, at, 0);
                    let late = TimeDelta::hours(rng.random_range(0..24 * 30));
                    let next = card.due.with_timezone(now.offset()) + late;
                    if next >= now {
                        break;
                    }
                    at = next;
                }
                states.push(card);
            }
            let decks: Vec<String> = (0..states.len()).map(|i| format!("deck-{}", i % 15)).collect();
            let cards = inputs(&states, &decks);
            let exam = plan(date, target, final_days);
            let exact = forecast_walking(&cards, &scheduler, &exam, now, Walking::Exact);
            let shared = forecast(&cards, &scheduler, &exam, now);
            let close = |a: f64, b: f64, by: f64| (a - b).abs() <= by;
            prop_assert!(
                close(exact.recall_with_plan.all, shared.recall_with_plan.all, 0.000_5),
                "{} against {}", exact.recall_with_plan.all, shared.recall_with_plan.all
            );
            for (a, b) in exact.decks.iter().zip(&shared.decks) {
                let (a, b) = (a.figures.recall_with_plan.all, b.figures.recall_with_plan.all);
                prop_assert!(close(a, b, 0.003), "{a} against {b}");
            }
            prop_assert!(
                close(exact.expected_reviews, shared.expected_reviews, 0.003 * exact.expected_reviews),
                "{} against {}", exact.expected_reviews, shared.expected_reviews
            );
            let refs: Vec<Option<&CardState>> = states.iter().map(Some).collect();
            let walked = seen(&refs, &scheduler, &exam, now, Walking::Shared);
            let kept: usize = walked
                .walk
                .chains
                .iter()
                .flat_map(|chains| &chains.shards)
                .map(|shard| shard.lock().map_or(0, |map| map.len()))
                .sum();
            prop_assert!(kept > 0);
        }
    }
}
