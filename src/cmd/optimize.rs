//! `upsc optimize`: fit FSRS-6 parameters to the learner's own review log.
//!
//! The training set is every prefix of a card's history that spans more than one day; the
//! `fsrs` crate takes it whole, so its size is the command's memory. Over a long log the
//! fit uses a sample of whole card histories ([`Sample`]) sized to [`TRAINING_BUDGET`].

use std::sync::{Arc, Mutex};
use std::time::Duration;

use fsrs::{
    CombinedProgressState, ComputeParametersInput, FSRS, FSRSItem, FSRSReview, compute_parameters,
};

use crate::config::Config;
use crate::error::Exit;

/// The optimizer needs at least this many reviews of cards seen on more than one day.
const MINIMUM_ITEMS: usize = 100;

/// What the sample may take, in bytes as [`history_cost`] estimates them: the fit holds
/// the training set and the crate's batches of it at once. With this budget `optimize`
/// peaked at 40–55 MB over a million answers, whether cards had 2, 10 or 100 of them
/// (BENCHMARKS.md), and the peak no longer grows with the log.
const TRAINING_BUDGET: u64 = 48 << 20;

pub fn run(config: &Config) -> anyhow::Result<Exit> {
    let settings = super::settings(config, &Default::default())?;
    let mut store = super::open_store(config)?;
    let scheduler = super::scheduler(&settings, &store)?;
    // The log is read a row at a time, card by card; a card's answers are kept (compactly)
    // only while its card is in the sample, and the items are made from them afterwards.
    let mut sample = Sample::new(TRAINING_BUDGET);
    let mut card: Option<i64> = None;
    let mut reviews: Vec<FSRSReview> = Vec::new();
    let mut last: Option<chrono::DateTime<chrono::FixedOffset>> = None;
    store.visit_scheduled_histories(|card_id, time, rating| {
        if card != Some(card_id) {
            if let Some(done) = card {
                sample.offer(done, &reviews);
            }
            card = Some(card_id);
            reviews.clear();
            last = None;
        }
        let delta_t = last.map_or(0, |l| scheduler.elapsed_days(l.to_utc(), time));
        reviews.push(FSRSReview {
            rating: u32::from(rating.as_u8()),
            delta_t,
        });
        last = Some(time);
        Ok(())
    })?;
    if let Some(done) = card {
        sample.offer(done, &reviews);
    }
    drop(reviews);
    if sample.items < MINIMUM_ITEMS {
        crate::outln!(
            "Not enough history yet: {} usable reviews, and the optimizer needs at least {MINIMUM_ITEMS} (reviews of cards seen on more than one day). Keep revising; the default parameters serve well until then.",
            sample.items
        )?;
        return Ok(Exit::Ok);
    }
    if sample.is_sampled() {
        crate::outln!(
            "Fitted on {} of {} cards' histories (a sample keeps memory bounded).",
            sample.held.len(),
            sample.cards
        )?;
    }
    let mut settings = store.settings()?;
    let old = settings.parameters.clone();
    let progress = CombinedProgressState::new_shared();
    let bar = training_bar(Arc::clone(&progress));
    // The crate takes each set by value: it is made afresh for each call rather than
    // cloned, so only one copy is ever held.
    let fitted = compute_parameters(ComputeParametersInput {
        train_set: sample.items(),
        progress: Some(progress),
        ..ComputeParametersInput::default()
    });
    bar.finish();
    let new = fitted.map_err(|e| anyhow::anyhow!("the optimizer failed: {e}"))?;
    let score = |params: &[f32]| -> anyhow::Result<fsrs::ModelEvaluation> {
        FSRS::new(params)
            .and_then(|f| f.evaluate(sample.items(), |_| true))
            .map_err(|e| anyhow::anyhow!("the FSRS library reports {e}"))
    };
    // Over an unusual history (every card answered alike, say) a set of parameters can
    // give no finite recall for some of its reviews, and then cannot be scored: such a
    // set is never chosen.
    let (before, after) = match (score(&old), score(&new)) {
        (Ok(before), Ok(after)) => (before, after),
        (_, Err(e)) => {
            crate::outln!(
                "The optimizer's parameters cannot be scored against your history ({e}); keeping the old ones."
            )?;
            return Ok(Exit::Ok);
        }
        (Err(e), Ok(_)) => {
            settings.parameters = new;
            store.save_settings(&settings)?;
            crate::outln!(
                "The old parameters cannot be scored against your history ({e}); the new ones can, and are saved and used from now on."
            )?;
            return Ok(Exit::Ok);
        }
    };
    let show = |p: &[f32]| {
        p.iter()
            .map(|w| format!("{w:.4}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    crate::outln!("old parameters: [{}]", show(&old))?;
    crate::outln!(
        "    log loss {:.4}, RMSE (bins) {:.4}",
        before.log_loss,
        before.rmse_bins
    )?;
    crate::outln!("new parameters: [{}]", show(&new))?;
    crate::outln!(
        "    log loss {:.4}, RMSE (bins) {:.4}",
        after.log_loss,
        after.rmse_bins
    )?;
    if after.log_loss <= before.log_loss {
        settings.parameters = new;
        store.save_settings(&settings)?;
        crate::outln!(
            "The new parameters predict your reviews better; they are saved and used from now on."
        )?;
    } else {
        crate::outln!("The new parameters predict no better; keeping the old ones.")?;
    }
    Ok(Exit::Ok)
}

/// A progress bar on standard error (shown only on a terminal) that follows the
/// optimizer's own progress counters until [`TrainingBar::finish`].
struct TrainingBar {
    bar: indicatif::ProgressBar,
    stop: Arc<Mutex<bool>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

fn training_bar(progress: Arc<Mutex<CombinedProgressState>>) -> TrainingBar {
    let bar =
        indicatif::ProgressBar::with_draw_target(None, indicatif::ProgressDrawTarget::stderr());
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("Fitting {bar:40} {percent:>3}% {elapsed}")
    {
        bar.set_style(style);
    }
    let stop = Arc::new(Mutex::new(false));
    let (shown, stopped) = (bar.clone(), Arc::clone(&stop));
    let thread = std::thread::spawn(move || {
        while !stopped.lock().map(|s| *s).unwrap_or(true) {
            if let Ok(state) = progress.lock() {
                shown.set_length(state.total().max(1) as u64);
                shown.set_position(state.current() as u64);
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    });
    TrainingBar {
        bar,
        stop,
        thread: Some(thread),
    }
}

impl TrainingBar {
    fn finish(mut self) {
        if let Ok(mut stop) = self.stop.lock() {
            *stop = true;
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
        self.bar.finish_and_clear();
    }
}

/// Where a card's items start: the prefixes of `reviews` that are items are those of
/// this length and longer (a prefix is an item once it spans more than one day), or
/// `None` when the card gives none.
fn first_item_len(reviews: &[FSRSReview]) -> Option<usize> {
    reviews
        .iter()
        .skip(1)
        .position(|r| r.delta_t > 0)
        .map(|i| i + 2)
}

/// What one item of `len` answers is estimated to take while the crate fits it: the
/// item and its answers, the crate's weighted copy of the item, its place in a batch,
/// and the lists of items the crate makes on the way (measured on the bench store and on
/// copies of it with 2 and with 100 answers a card).
fn item_cost(len: usize) -> u64 {
    160 + 16 * len as u64
}

/// A card's scheduled answers, held while the card is in the sample.
struct History {
    hash: u64,
    /// What the card is estimated to take ([`history_cost`]).
    cost: u64,
    reviews: Vec<FSRSReview>,
}

/// The cards whose histories the fit uses. While the log's items fit the budget, every
/// card. Over it, a sample: the cards whose [`card_hash`] is at most a threshold, lowered
/// by an eighth at a time until the cards kept fit, and never a card that alone would
/// take an eighth of the budget. The threshold reached is the first step at which those
/// cards fit, whatever order the cards came in: the same log gives the same sample.
struct Sample {
    budget: u64,
    sampling: bool,
    threshold: u64,
    held: Vec<History>,
    held_cost: u64,
    /// Cards with at least one item, in the sample or not.
    cards: usize,
    /// Items in the whole log, in the sample or not.
    items: usize,
}

impl Sample {
    fn new(budget: u64) -> Sample {
        Sample {
            budget,
            sampling: false,
            threshold: u64::MAX,
            held: Vec::new(),
            held_cost: 0,
            cards: 0,
            items: 0,
        }
    }

    /// Whether cards with items are left out.
    fn is_sampled(&self) -> bool {
        self.sampling
    }

    /// Takes in one card's whole history (cards one at a time, each once).
    fn offer(&mut self, card: i64, reviews: &[FSRSReview]) {
        let Some(first) = first_item_len(reviews) else {
            return;
        };
        self.cards += 1;
        self.items += reviews.len() + 1 - first;
        let cost = history_cost(reviews);
        let hash = card_hash(card);
        if hash > self.threshold || (self.sampling && cost > self.budget / 8) {
            return;
        }
        self.held.push(History {
            hash,
            cost,
            reviews: reviews.to_vec(),
        });
        self.held_cost += cost;
        if self.held_cost <= self.budget {
            return;
        }
        if !self.sampling {
            // The log is over the budget: from now on the fit is on a sample, of which
            // the largest histories are never part.
            self.sampling = true;
            let limit = self.budget / 8;
            self.keep(|h| h.cost <= limit);
        }
        while self.held_cost > self.budget {
            self.threshold -= self.threshold / 8;
            let threshold = self.threshold;
            self.keep(|h| h.hash <= threshold);
        }
    }

    fn keep(&mut self, keep: impl Fn(&History) -> bool) {
        self.held.retain(keep);
        self.held_cost = self.held.iter().map(|h| h.cost).sum();
    }

    /// The training set: every item of every card in the sample, cards in the order they
    /// came, each card's items shortest first.
    fn items(&self) -> Vec<FSRSItem> {
        let count = self
            .held
            .iter()
            .filter_map(|h| first_item_len(&h.reviews).map(|first| h.reviews.len() + 1 - first))
            .sum();
        let mut items = Vec::with_capacity(count);
        for history in &self.held {
            if let Some(first) = first_item_len(&history.reviews) {
                items.extend((first..=history.reviews.len()).map(|len| FSRSItem {
                    reviews: history.reviews[..len].to_vec(),
                }));
            }
        }
        items
    }
}

/// What keeping one card's history in the sample and then fitting its items is
/// estimated to take (nothing for a card without items).
fn history_cost(reviews: &[FSRSReview]) -> u64 {
    first_item_len(reviews).map_or(0, |first| {
        96 + 8 * reviews.len() as u64 + (first..=reviews.len()).map(item_cost).sum::<u64>()
    })
}

/// A fixed mix of the card's number in this store (SplitMix64's finalizer), the same on
/// every build and platform, so which cards are sampled does not depend on the Rust version.
fn card_hash(card: i64) -> u64 {
    let mut z = (card as u64).wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn review(rating: u32, delta_t: u32) -> FSRSReview {
        FSRSReview { rating, delta_t }
    }

    /// A varied history for card `card`: 1 to 12 answers, some on the same day.
    fn history(card: i64) -> Vec<FSRSReview> {
        let mut x = card_hash(card ^ 0x5555);
        let n = 1 + (x % 12) as usize;
        (0..n)
            .map(|i| {
                x = card_hash(x as i64);
                let delta_t = if i == 0 {
                    0
                } else {
                    (x % 5) as u32 * (i as u32)
                };
                review(1 + (x >> 8) as u32 % 4, delta_t)
            })
            .collect()
    }

    /// The training set as `optimize` first made it: every prefix of a card's history that
    /// spans more than one day, cards in order.
    fn every_prefix(cards: &[(i64, Vec<FSRSReview>)]) -> Vec<FSRSItem> {
        let mut items = Vec::new();
        for (_, reviews) in cards {
            for len in 2..=reviews.len() {
                if reviews[1..len].iter().any(|r| r.delta_t > 0) {
                    items.push(FSRSItem {
                        reviews: reviews[..len].to_vec(),
                    });
                }
            }
        }
        items
    }

    fn offered(budget: u64, cards: &[(i64, Vec<FSRSReview>)]) -> Sample {
        let mut sample = Sample::new(budget);
        for (card, reviews) in cards {
            sample.offer(*card, reviews);
        }
        sample
    }

    fn log(n: i64) -> Vec<(i64, Vec<FSRSReview>)> {
        (1..=n).map(|card| (card, history(card))).collect()
    }

    #[test]
    fn below_the_budget_every_item_is_kept_in_order() {
        let cards = log(2_000);
        let all = every_prefix(&cards);
        let needed: u64 = cards.iter().map(|(_, r)| history_cost(r)).sum();
        let sample = offered(needed, &cards);
        assert!(!sample.is_sampled());
        assert_eq!(sample.items, all.len());
        assert_eq!(sample.items(), all);
        assert_eq!(
            sample.cards,
            cards
                .iter()
                .filter(|(_, r)| first_item_len(r).is_some())
                .count()
        );
        // One byte less and it is a sample.
        assert!(offered(needed - 1, &cards).is_sampled());
    }

    #[test]
    fn over_the_budget_a_sample_of_whole_histories_fits_and_is_the_same_in_any_order() {
        let cards = log(20_000);
        let all = every_prefix(&cards);
        let needed: u64 = cards.iter().map(|(_, r)| history_cost(r)).sum();
        let budget = needed / 5;
        let sample = offered(budget, &cards);
        assert!(sample.is_sampled());
        assert_eq!(sample.items, all.len(), "the whole log's items are counted");
        let items = sample.items();
        let cost: u64 = sample.held.iter().map(|h| history_cost(&h.reviews)).sum();
        assert!(cost <= budget, "{cost} over {budget}");
        assert!(cost > budget / 2, "{cost} is too small a part of {budget}");
        // The sample is the cards at or below the threshold, each with its whole history.
        let chosen: Vec<&(i64, Vec<FSRSReview>)> = cards
            .iter()
            .filter(|(card, r)| {
                first_item_len(r).is_some()
                    && card_hash(*card) <= sample.threshold
                    && history_cost(r) <= budget / 8
            })
            .collect();
        assert_eq!(sample.held.len(), chosen.len());
        for (held, (card, reviews)) in sample.held.iter().zip(&chosen) {
            assert_eq!(held.hash, card_hash(*card));
            assert_eq!(&held.reviews, reviews);
        }
        let chosen: Vec<(i64, Vec<FSRSReview>)> = chosen.into_iter().cloned().collect();
        assert_eq!(items, every_prefix(&chosen));
        // The same cards whatever order they come in.
        let reversed: Vec<_> = cards.iter().rev().cloned().collect();
        let again = offered(budget, &reversed);
        assert_eq!(again.threshold, sample.threshold);
        let mut hashes: Vec<u64> = again.held.iter().map(|h| h.hash).collect();
        hashes.reverse();
        assert_eq!(
            hashes,
            sample.held.iter().map(|h| h.hash).collect::<Vec<_>>()
        );
    }

    #[test]
    fn one_huge_history_does_not_empty_the_sample() {
        let mut cards = log(5_000);
        // A card answered on 400 days, whose hash is below every other's.
        let lowest = (1..100_000).min_by_key(|&c| card_hash(c)).unwrap_or(1);
        cards.retain(|(card, _)| *card != lowest);
        cards.push((
            lowest,
            (0..400).map(|i| review(3, u32::from(i > 0))).collect(),
        ));
        let small: u64 = cards[..cards.len() - 1]
            .iter()
            .map(|(_, r)| history_cost(r))
            .sum();
        let sample = offered(small / 2, &cards);
        assert!(sample.is_sampled());
        assert!(sample.held.iter().all(|h| h.reviews.len() < 400));
        assert!(sample.items().len() > 1_000, "{}", sample.items().len());
    }

    #[test]
    fn a_card_on_one_day_only_gives_no_item() {
        let same_day = [review(1, 0), review(3, 0), review(3, 0)];
        assert_eq!(first_item_len(&same_day), None);
        assert_eq!(first_item_len(&same_day[..1]), None);
        let later = [review(1, 0), review(3, 0), review(3, 2), review(3, 0)];
        assert_eq!(first_item_len(&later), Some(3));
        let sample = offered(u64::MAX, &[(1, same_day.to_vec()), (2, later.to_vec())]);
        assert_eq!((sample.cards, sample.items, sample.held.len()), (1, 2, 1));
    }
    /// A learner's year: 100,000 cards met over 300 days, each reviewed when the default
    /// parameters schedule it (90% retention, some reviews late), remembered with the
    /// probability a different, "true" set of parameters gives, rated Hard, Good or Easy
    /// when remembered, and relearnt the same day when forgotten.
    fn varied_log() -> Vec<(i64, Vec<FSRSReview>)> {
        let scheduler = FSRS::new(&fsrs::DEFAULT_PARAMETERS).unwrap();
        let mut truth_parameters = fsrs::DEFAULT_PARAMETERS.to_vec();
        for w in &mut truth_parameters[..4] {
            *w *= 0.5; // first memories weaker than the defaults expect
        }
        truth_parameters[8] *= 0.8; // and slower to grow
        truth_parameters[20] = 0.3;
        let truth = FSRS::new(&truth_parameters).unwrap();
        let mut x = 42u64;
        let mut uniform = move || {
            x = card_hash(x as i64);
            (x >> 11) as f32 / (1u64 << 53) as f32
        };
        let mut cards = Vec::new();
        for card in 1..=100_000i64 {
            let start = (uniform() * 300.0) as u32;
            let mut day = start;
            let mut reviews = vec![];
            let first = match uniform() {
                u if u < 0.25 => 1,
                u if u < 0.35 => 2,
                u if u < 0.9 => 3,
                _ => 4,
            };
            reviews.push(review(first, 0));
            let mut planned = scheduler.next_states(None, 0.9, 0).unwrap();
            let mut real = truth.next_states(None, 0.9, 0).unwrap();
            let pick = |s: &fsrs::NextStates, r: u32| match r {
                1 => s.again.memory,
                2 => s.hard.memory,
                3 => s.good.memory,
                _ => s.easy.memory,
            };
            let (mut plan, mut mem) = (pick(&planned, first), pick(&real, first));
            let mut elapsed = 0;
            loop {
                let interval = if reviews.last().is_some_and(|r| r.rating == 1) && elapsed > 0 {
                    1
                } else {
                    let i = scheduler
                        .next_interval(Some(plan.stability), 0.9, 3)
                        .round()
                        .max(1.0);
                    (i * (1.0 + 0.4 * uniform() * uniform())).round() as u32
                };
                day += interval;
                if day > 365 {
                    break;
                }
                let r = fsrs::current_retrievability(mem, interval as f32, truth_parameters[20]);
                let rating = if uniform() < r {
                    match uniform() {
                        u if u < 0.15 => 2,
                        u if u < 0.92 => 3,
                        _ => 4,
                    }
                } else {
                    1
                };
                reviews.push(review(rating, interval));
                planned = scheduler.next_states(Some(plan), 0.9, interval).unwrap();
                real = truth.next_states(Some(mem), 0.9, interval).unwrap();
                plan = pick(&planned, rating);
                mem = pick(&real, rating);
                elapsed += 1;
            }
            cards.push((card, reviews));
        }
        cards
    }

    /// Not a speed test: fits on a whole year of varied history and on the sample
    /// `optimize` takes of it, and compares how well each predicts the whole history.
    /// Slow (a minute in release); run with `--ignored`.
    #[test]
    #[ignore]
    fn a_sampled_fit_predicts_a_varied_history_about_as_well_as_the_full_fit() {
        let cards = varied_log();
        let all = every_prefix(&cards);
        let sample = offered(TRAINING_BUDGET, &cards);
        let reviews: usize = cards.iter().map(|(_, r)| r.len()).sum();
        println!(
            "{reviews} reviews, {} items of {} cards; sample: {} cards, {} items",
            all.len(),
            sample.cards,
            sample.held.len(),
            sample.items().len()
        );
        assert!(sample.is_sampled());
        let fit = |items: Vec<FSRSItem>| {
            compute_parameters(ComputeParametersInput {
                train_set: items,
                ..ComputeParametersInput::default()
            })
            .unwrap()
        };
        let score = |p: &[f32], items: Vec<FSRSItem>| {
            FSRS::new(p).unwrap().evaluate(items, |_| true).unwrap()
        };
        let full = fit(all.clone());
        let sampled = fit(sample.items());
        for (name, p) in [
            ("default", fsrs::DEFAULT_PARAMETERS.to_vec()),
            ("full fit", full.clone()),
            ("sampled fit", sampled.clone()),
        ] {
            let on_all = score(&p, all.clone());
            let on_sample = score(&p, sample.items());
            println!(
                "{name}: on every item log loss {:.4}, RMSE (bins) {:.4}; on the sample {:.4}, {:.4}",
                on_all.log_loss, on_all.rmse_bins, on_sample.log_loss, on_sample.rmse_bins
            );
        }
        let (f, s, d) = (
            score(&full, all.clone()),
            score(&sampled, all.clone()),
            score(&fsrs::DEFAULT_PARAMETERS, all.clone()),
        );
        assert!(s.log_loss < d.log_loss);
        assert!(
            s.log_loss <= f.log_loss * 1.01,
            "{} against {}",
            s.log_loss,
            f.log_loss
        );
    }
}
