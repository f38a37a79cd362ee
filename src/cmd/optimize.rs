//! `upsc optimize`: fit FSRS-6 parameters to the learner's own review log.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use fsrs::{
    CombinedProgressState, ComputeParametersInput, FSRS, FSRSItem, FSRSReview, compute_parameters,
};

use crate::config::Config;
use crate::error::Exit;

/// The optimizer needs at least this many reviews of cards seen on more than one day.
const MINIMUM_ITEMS: usize = 100;

pub fn run(config: &Config) -> anyhow::Result<Exit> {
    let settings = super::settings(config, &Default::default())?;
    let mut store = super::open_store(config)?;
    let scheduler = super::scheduler(&settings, &store)?;
    // Every prefix of a card's scheduled answers that spans more than one day is an item
    // of the training set, cards in id order. The log is read a row at a time: the items
    // are all that is held.
    let mut items = Vec::new();
    let mut card: Option<i64> = None;
    let mut reviews: Vec<FSRSReview> = Vec::new();
    let mut last: Option<chrono::DateTime<chrono::FixedOffset>> = None;
    store.visit_scheduled_histories(|card_id, time, rating| {
        if card != Some(card_id) {
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
        if reviews.len() > 1 && reviews.iter().skip(1).any(|r| r.delta_t > 0) {
            items.push(FSRSItem {
                reviews: reviews.clone(),
            });
        }
        Ok(())
    })?;
    if items.len() < MINIMUM_ITEMS {
        crate::outln!(
            "Not enough history yet: {} usable reviews, and the optimizer needs at least {MINIMUM_ITEMS} (reviews of cards seen on more than one day). Keep revising; the default parameters serve well until then.",
            items.len()
        )?;
        return Ok(Exit::Ok);
    }
    let mut settings = store.settings()?;
    let old = settings.parameters.clone();
    let progress = CombinedProgressState::new_shared();
    let bar = training_bar(Arc::clone(&progress));
    let fitted = compute_parameters(ComputeParametersInput {
        train_set: items.clone(),
        progress: Some(progress),
        ..ComputeParametersInput::default()
    });
    bar.finish();
    let new = fitted.map_err(|e| anyhow::anyhow!("the optimizer failed: {e}"))?;
    let score = |params: &[f32], items: Vec<FSRSItem>| -> anyhow::Result<fsrs::ModelEvaluation> {
        FSRS::new(params)
            .and_then(|f| f.evaluate(items, |_| true))
            .map_err(|e| anyhow::anyhow!("the FSRS library reports {e}"))
    };
    // Over an unusual history (every card answered alike, say) a set of parameters can
    // give no finite recall for some of its reviews, and then cannot be scored: such a
    // set is never chosen.
    let (before, after) = match (score(&old, items.clone()), score(&new, items)) {
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
