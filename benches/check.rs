//! `upsc check` over decks full of problems: a deck with 2,000 problems and one with
//! 8,000, each loaded and rendered the way `check` prints it (every problem with its
//! `path:line:column`, source line and caret). The time should grow with the number of
//! problems, not its square: the ratio printed at the end is ~4× when it is linear.
//!
//! Then `check` over the synthetic collection of `synth.rs` (25,000 and 100,000 cards).
//!
//! Run: `cargo bench --bench check` (figures are written down in BENCHMARKS.md).

#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark may fail loudly

use std::fmt::Write as _;
use std::path::Path;
use std::time::{Duration, Instant};

use upsc::deck::diagnostic::Severity;
use upsc::deck::load::{Collection, Decks};

#[path = "synth.rs"]
mod synth;

fn best_of<T>(runs: usize, mut f: impl FnMut() -> T) -> Duration {
    (0..runs)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(f());
            start.elapsed()
        })
        .min()
        .unwrap_or_default()
}

/// A deck of `problems` cards, each with exactly one problem: in turn an unknown field,
/// a duplicate card id, a tag that is not kebab-case and a missing explanation (a
/// warning), spread over the whole file.
pub fn deck_with_problems(problems: usize) -> String {
    let mut t = String::from("[deck]\nid = \"problems\"\ntitle = \"Problems\"\n");
    for c in 0..problems {
        let id = if c % 4 == 1 {
            format!("card-{}", c - 1)
        } else {
            format!("card-{c}")
        };
        let _ = write!(
            t,
            "\n[[card]]\nid = \"{id}\"\nkind = \"recall\"\nprompt = \"Who, for card {c}?\"\nanswer = \"Radhabinod Pal\"\nsource = \"synthetic-source\"\n"
        );
        match c % 4 {
            0 => t.push_str("explanation = \"x\"\npromt = \"typo\"\n"),
            1 => t.push_str("explanation = \"x\"\n"),
            2 => t.push_str("explanation = \"x\"\ntags = [\"Not Kebab\"]\n"),
            _ => {}
        }
    }
    t
}

fn setup(dir: &Path, problems: usize) -> std::io::Result<std::path::PathBuf> {
    let decks = dir.join(format!("decks-{problems}"));
    std::fs::create_dir_all(&decks)?;
    std::fs::create_dir_all(dir.join("seeds"))?;
    std::fs::write(
        dir.join("seeds/synthetic-source.toml"),
        "id = \"synthetic-source\"\ntitle = \"Synthetic\"\nkind = \"study-note\"\nsummary = \"Generated.\"\n",
    )?;
    std::fs::write(decks.join("problems.toml"), deck_with_problems(problems))?;
    Ok(decks)
}

/// What `check` prints (`--all` when `shown` is `None`), loaded, linted and rendered as
/// the command does it.
fn printed(sources: &Decks, shown: Option<usize>) -> String {
    upsc::cmd::check::Checked::load(sources)
        .plain_text(shown)
        .unwrap()
}

fn main() -> std::io::Result<()> {
    let dir = tempfile::TempDir::new()?;
    let mut times = Vec::new();
    for problems in [2_000, 8_000] {
        let decks = setup(dir.path(), problems)?;
        let sources = Decks::at(decks);
        let check = || printed(&sources, None);
        let collection = Collection::load(&sources);
        let found = collection.count(Severity::Error) + collection.count(Severity::Warning);
        assert_eq!(found, problems, "one problem per card");
        let bytes = check().len();
        let time = best_of(3, check);
        println!(
            "check, {problems} problems: {:>9.1} ms  ({:.1} MB of output)",
            time.as_secs_f64() * 1e3,
            bytes as f64 / 1e6
        );
        times.push(time);
    }
    println!(
        "ratio 8,000 / 2,000 problems: {:.2}x (linear: ~4x; quadratic: ~16x)",
        times[1].as_secs_f64() / times[0].as_secs_f64()
    );

    // `check` over the synthetic collection, whose look-alike cards make the duplicate
    // search work hard (a warning per card): 25,000 cards, then 100,000 (linear: ~4x).
    // `check` loads, lints (every lint, the cross-deck duplicate search included) and
    // prints the first warnings in full; `--all` prints every one.
    let mut lint_times = Vec::new();
    for cards in [25_000, 100_000] {
        let root = dir.path().join(format!("synth-{cards}"));
        synth::write_collection(&root, cards / 200, cards)?;
        let sources = Decks::at(root.join("decks"));
        let checked = upsc::cmd::check::Checked::load(&sources);
        let time = best_of(3, || {
            printed(&sources, Some(upsc::cmd::check::WARNINGS_SHOWN))
        });
        let all = best_of(3, || printed(&sources, None));
        let load = best_of(3, || Collection::load(&sources));
        println!(
            "check, {cards} cards in {} files: {:>9.1} ms, with --all {:.1} ms (loading every deck alone {:.1} ms; {} warnings)",
            cards / 200,
            time.as_secs_f64() * 1e3,
            all.as_secs_f64() * 1e3,
            load.as_secs_f64() * 1e3,
            checked.warnings
        );
        lint_times.push(time);
    }
    println!(
        "check time ratio 100,000 / 25,000 cards: {:.2}x (linear: ~4x; quadratic: ~16x)",
        lint_times[1].as_secs_f64() / lint_times[0].as_secs_f64().max(1e-9)
    );
    Ok(())
}
