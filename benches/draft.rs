//! `upsc draft`'s speed and quality.
//!
//! `cargo bench --bench draft` drafts a synthetic article of about 2,000 words (written
//! here, in the style of a current-affairs report: figures, years, editions, groupings,
//! schemes, agencies, paired places) and prints the best of seven times and the drafts
//! made. The target is under 300 ms on the development machine (BENCHMARKS.md).
//!
//! `cargo bench --bench draft -- --measure ARTICLE SOURCE-ID [--sample N]` measures one
//! real article against the gold list (`tests/fixtures/draft/gold.txt`, the lines of
//! SOURCE-ID): how many drafts, the share of gold facts asked within the first 60, the
//! share of drafts passing `check --strict` as written (through the same
//! `upsc::cmd::check::Checked` as `upsc check`), the longest run of the article's words
//! any draft repeats, and, with `--sample N`, N drafts drawn at random to judge by hand.
//! The articles themselves are not part of the project: give their path.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark may fail loudly

use std::collections::HashSet;
use std::fmt::Write as _;
use std::time::{Duration, Instant};

use upsc::draft::{self, Cited, gold};

/// A synthetic report of about `words` words: the same kinds of sentence a PIB release or
/// a news report has, with names from the gazetteers and figures that vary.
fn synthetic_article(words: usize) -> String {
    let countries = [
        "Kenya", "Peru", "Vietnam", "Brazil", "Egypt", "Norway", "Chile", "Oman",
    ];
    let states = [
        "Odisha", "Kerala", "Assam", "Punjab", "Bihar", "Goa", "Sikkim", "Tripura",
    ];
    let schemes = [
        "Jal Jeevan Mission",
        "PM Gati Shakti",
        "Digital India",
        "Startup India",
    ];
    let mut out = String::new();
    let mut i = 0usize;
    while out.split_whitespace().count() < words {
        let c = countries[i % countries.len()];
        let d = countries[(i + 3) % countries.len()];
        let s = states[i % states.len()];
        let t = states[(i + 5) % states.len()];
        let scheme = schemes[i % schemes.len()];
        let amount = 2 + (i * 7) % 40;
        let year = 1990 + (i * 3) % 35;
        let _ = writeln!(
            out,
            "Delegates from {c} approved a fund of ₹{amount},{:03} crore for coastal roads in {s}. \
             The Shanghai Cooperation Organisation met in {year} to widen its trade talks with {d}. \
             Under the {scheme}, about {},000 young engineers will be trained by the council. \
             Officials said the {}th summit of the two sides will be held in {t} next spring. \
             The agreement was signed because both sides wanted cheaper shipping routes. \
             ISRO launched a weather satellite for {c} in {} after a delay of six months.",
            (i * 37) % 1000,
            10 + (i * 13) % 80,
            3 + i % 20,
            1995 + (i * 5) % 30,
        );
        i += 1;
    }
    out
}

fn best_of<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut best = Duration::MAX;
    let mut last = None;
    for _ in 0..runs {
        let start = Instant::now();
        let value = f();
        best = best.min(start.elapsed());
        last = Some(value);
    }
    (best, last.expect("at least one run"))
}

fn speed() {
    let text = synthetic_article(2_000);
    let article =
        draft::input::read_bytes("synthetic.txt", text.as_bytes(), None).expect("article");
    let cited = Cited {
        id: "synthetic-source".to_string(),
        attribution: "a synthetic report".to_string(),
    };
    let taken = HashSet::new();
    let (time, drafts) = best_of(7, || draft::draft_article(&article, &cited, 60, &taken));
    println!(
        "draft: {} words, {} sentences: {} facts found, {} drafts made, {} offered; best of 7 {:.1} ms (target < 300 ms)",
        text.split_whitespace().count(),
        draft::segment::sentences(&article.text).len(),
        drafts.facts,
        drafts.made,
        drafts.drafts.len(),
        time.as_secs_f64() * 1000.0
    );
}

fn measure(path: &str, source: &str, sample: usize) {
    let bytes = std::fs::read(path).expect("the article");
    let article = draft::input::read_bytes(path, &bytes, None).expect("a readable article");
    let cited = Cited {
        id: source.to_string(),
        attribution: "the article".to_string(),
    };
    let start = Instant::now();
    let drafts = draft::draft_article(&article, &cited, 60, &HashSet::new());
    let took = start.elapsed();
    let texts: Vec<String> = drafts
        .drafts
        .iter()
        .map(|d| gold::normalise(&d.text.render()))
        .collect();
    let facts: Vec<gold::Fact> = gold::parse(include_str!("../tests/fixtures/draft/gold.txt"))
        .into_iter()
        .filter(|f| f.source == source)
        .collect();
    let covered = gold::covered(&facts, &texts);
    let hits = covered.iter().filter(|c| **c).count();

    // The drafts as `upsc draft --out` writes them, checked as `upsc check --strict` does;
    // the source note beside them when it is not a bundled one.
    let dir = tempfile::tempdir().expect("a temporary folder");
    let decks = dir.path().join("decks");
    std::fs::create_dir_all(&decks).expect("decks folder");
    let seeds = dir.path().join("seeds");
    std::fs::create_dir_all(&seeds).expect("seeds folder");
    let bundled =
        upsc::deck::load::Collection::load_seeds(&upsc::deck::load::Decks::new(Vec::new()));
    if !bundled.seeds.iter().any(|s| s.id == source) {
        std::fs::write(
            seeds.join(format!("{source}.toml")),
            format!("id = \"{source}\"\ntitle = \"Measured article\"\noutlet = \"—\"\nkind = \"news-report\"\nsummary = \"\"\n"),
        )
        .expect("note");
    }
    let mut strict_ok = 0;
    for d in &drafts.drafts {
        let mut card = d.text.clone();
        card.boolean("draft", true);
        let text = format!(
            "{}\n{}",
            upsc::author::text::deck_header("measured", "Measured", &[source.to_string()]),
            card.render()
        );
        let file = decks.join("one.toml");
        std::fs::write(&file, text).expect("deck");
        let checked = upsc::cmd::check::Checked::load(&upsc::deck::load::Decks::at(file));
        if checked.errors == 0 && checked.warnings == 0 {
            strict_ok += 1;
        }
    }
    let mut all = String::new();
    for d in &drafts.drafts {
        all.push_str(&d.text.render());
        all.push('\n');
    }
    let file = decks.join("all.toml");
    std::fs::write(
        &file,
        format!(
            "{}{}",
            upsc::author::text::deck_header("measured", "Measured", &[source.to_string()]),
            all
        ),
    )
    .expect("deck");
    let whole = upsc::cmd::check::Checked::load(&upsc::deck::load::Decks::at(file));
    let copies = draft::drafting::Copies::of(&article.text);
    let copying = drafts
        .drafts
        .iter()
        .filter(|d| copies.copied(&d.text.render()))
        .count();
    println!(
        "{source}: {} words, {} facts found, {} drafts made, {} offered in {:.1} ms; gold facts asked: {hits}/{} ({:.0}%); passing check --strict alone: {strict_ok}/{}, together: {} errors, {} warnings; drafts copying 10+ words: {copying}",
        article.text.split_whitespace().count(),
        drafts.facts,
        drafts.made,
        drafts.drafts.len(),
        took.as_secs_f64() * 1000.0,
        facts.len(),
        if facts.is_empty() {
            0.0
        } else {
            100.0 * hits as f64 / facts.len() as f64
        },
        drafts.drafts.len(),
        whole.errors,
        whole.warnings,
    );
    for (fact, hit) in facts.iter().zip(&covered) {
        if !hit {
            println!("  not asked: {} ({})", fact.name, fact.words.join(", "));
        }
    }
    if sample > 0 {
        // A fixed shuffle (xorshift from the source id), so the sample can be judged again.
        let mut state: u64 = source.bytes().fold(0x9E37_79B9_7F4A_7C15, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x100_0000_01B3)
        });
        let mut order: Vec<usize> = (0..drafts.drafts.len()).collect();
        for i in (1..order.len()).rev() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            order.swap(i, (state % (i as u64 + 1)) as usize);
        }
        for i in order.into_iter().take(sample) {
            let d = &drafts.drafts[i];
            println!(
                "\n--- sample draft {} (lines {}–{}) ---\n{}",
                i + 1,
                d.lines.0,
                d.lines.1,
                upsc::author::form::preview(&d.card)
            );
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.iter().position(|a| a == "--measure") {
        Some(at) => {
            let path = args.get(at + 1).expect("--measure ARTICLE SOURCE-ID");
            let source = args.get(at + 2).expect("--measure ARTICLE SOURCE-ID");
            let sample = args
                .iter()
                .position(|a| a == "--sample")
                .and_then(|i| args.get(i + 1))
                .and_then(|n| n.parse().ok())
                .unwrap_or(0);
            measure(path, source, sample);
        }
        None => speed(),
    }
}
