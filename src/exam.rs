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

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, FixedOffset, NaiveDate, TimeDelta};
use rayon::prelude::*;
use serde::Serialize;

use crate::scheduler::{CardState, Rating, Scheduler, State};

/// Forgotten branches lighter than this follow the recalled branch.
pub const PRUNE: f64 = 0.01;
/// No walk goes further than this many reviews, whatever the settings.
const MAX_REVIEWS: u32 = 60;

/// One card as the forecast sees it.
#[derive(Debug, Clone)]
pub struct CardInput<'a> {
    pub deck: &'a str,
    /// The card's tags with its deck's.
    pub tags: Vec<&'a str>,
    /// The stored state; `None` (or a New state) for a card never seen.
    pub state: Option<&'a CardState>,
}

/// The exam and the plan's limits.
#[derive(Debug, Clone)]
pub struct Exam {
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

/// The exam-day figures of `cards` at `now`. The scheduler should plan for the exam (see
/// [`Scheduler::planning_for`]); its fuzz is left out.
pub fn forecast(
    cards: &[CardInput],
    scheduler: &Scheduler,
    exam: &Exam,
    now: DateTime<FixedOffset>,
) -> Forecast {
    let scheduler = scheduler.without_fuzz();
    let left = scheduler.days_until(exam.date, now);
    let days_needed = scheduler.new_card_days(exam.final_revision_days);
    // New cards enter on days 0..new_days (fewer than `days_needed` left after them).
    let new_days = (left - i64::from(days_needed)).max(0);
    let walk = Walk {
        scheduler: &scheduler,
        now,
        left,
        final_days: i64::from(exam.final_revision_days),
    };
    // The never-seen cards the plan introduces, and on which day: deck order, taking turns.
    let capacity = usize::try_from(new_days)
        .unwrap_or(0)
        .saturating_mul(exam.new_per_day);
    let mut intro: HashMap<usize, i64> = HashMap::new();
    let mut queues: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    let mut deck_order: Vec<&str> = Vec::new();
    for (i, card) in cards.iter().enumerate() {
        if !is_seen(card.state) {
            let d = match deck_order.iter().position(|d| *d == card.deck) {
                Some(d) => d,
                None => {
                    deck_order.push(card.deck);
                    deck_order.len() - 1
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
            walk.walk(CardState::new_card(time.to_utc()), time, 1.0, 0, &mut out);
            (day, out)
        })
        .collect();
    let outcomes: Vec<CardOutcome> = cards
        .par_iter()
        .enumerate()
        .map(|(i, card)| match card.state.filter(|s| is_seen(Some(s))) {
            Some(state) => {
                let left_alone = f64::from(scheduler.recall_on(state, exam.date, now));
                let mut out = CardOutcome {
                    seen: true,
                    left_alone,
                    ..CardOutcome::default()
                };
                if left > 0 {
                    walk.walk(state.clone(), now, 1.0, 0, &mut out);
                } else {
                    out.with_plan = left_alone;
                }
                out
            }
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
    let mut tags: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, card) in cards.iter().enumerate() {
        match decks.iter_mut().find(|(id, _)| id == card.deck) {
            Some((_, members)) => members.push(i),
            None => decks.push((card.deck.to_string(), vec![i])),
        }
        let mut own = card.tags.clone();
        own.sort_unstable();
        own.dedup();
        for tag in own {
            tags.entry(tag).or_default().push(i);
        }
    }
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

/// The expected-value walk of one card's reviews until the exam.
struct Walk<'s> {
    scheduler: &'s Scheduler,
    now: DateTime<FixedOffset>,
    /// Days from today to the exam day.
    left: i64,
    final_days: i64,
}

impl Walk<'_> {
    /// The moment of study day `day` (today = 0) at which the walk reviews: now's time of day.
    fn time(&self, day: i64) -> DateTime<FixedOffset> {
        self.now + TimeDelta::days(day)
    }

    /// Walks `card` (at `at`, the moment of its latest answer or now) with weight `weight`,
    /// adding its exam-day recall and reviews to `out`.
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
            // (Re)learning steps and new cards: answered Good when due, the same day.
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
                // The final revision brings it back once, counted halfway through the window.
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
            at = self.time(day).max(at);
            out.reviews += weight;
            depth += 1;
            // One preview gives both branches (`review` is `preview(..)[rating]`), at half
            // the cost of asking for each.
            let [forgotten, _, recalled, _] = s.preview(&card, at, 0);
            let forgotten_weight = weight * (1.0 - p);
            if forgotten_weight >= PRUNE {
                self.walk(forgotten, at, forgotten_weight, depth, out);
                // The recalled branch continues here with its own weight.
                return self.walk(recalled, at, weight * p, depth, out);
            }
            card = recalled;
        }
    }
}
