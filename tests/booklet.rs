//! The HTML paper printed as a booklet (issue 27): rendered to PDF by headless Chromium,
//! its cover carries the Commission's lines and the instructions with the penalty for
//! wrong answers, every page after the cover is numbered by the page itself (CSS paged
//! media), the questions are packed so that no page but the last of them is mostly
//! blank, the answer key has a page of its own, and a 100-question paper takes at most
//! [`MOST_PAGES`] pages.
//!
//! Runs only where Chromium and poppler-utils (`pdftotext`) are installed
//! (`apt-get install chromium poppler-utils`); elsewhere it prints a note and passes, as
//! CI's machine may have neither. `benches/render-paper.sh` renders the same papers to
//! look at.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may fail loudly

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::Env;

/// Pages a 100-question paper may take: cover, questions, answer sheet, key. The
/// Commission's own booklet, printing every question in English and in Hindi, runs to
/// about 40 pages; ours prints English only and must not take more than 32.
const MOST_PAGES: usize = 32;

/// Whether `program` runs (`flag` makes it print its version and succeed).
fn found(program: &str, flag: &str) -> bool {
    Command::new(program)
        .arg(flag)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

fn chromium() -> Option<&'static str> {
    ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|p| found(p, "--version"))
}

/// Runs `command`, killing it after two minutes (a browser that hangs fails the test
/// instead of holding CI).
fn run_bounded(mut command: Command) {
    let mut child = command
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start Chromium");
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("wait for Chromium") {
            assert!(status.success(), "Chromium failed: {status}");
            return;
        }
        if started.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("Chromium took more than two minutes to print the paper");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// The HTML file printed to PDF by headless Chromium.
fn print_to_pdf(browser: &str, html: &Path, dir: &Path) -> PathBuf {
    let pdf = dir.join("paper.pdf");
    let mut command = Command::new(browser);
    command
        .arg("--headless")
        .arg("--disable-gpu")
        .arg("--no-sandbox")
        .arg("--no-first-run")
        .arg(format!("--user-data-dir={}", dir.join("profile").display()))
        .arg("--no-pdf-header-footer")
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", html.display()));
    run_bounded(command);
    pdf
}

/// The text of each page of the PDF (pages split at form feeds).
fn pages(pdf: &Path) -> Vec<String> {
    let out = Command::new("pdftotext")
        .arg("-layout")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    assert!(out.status.success(), "pdftotext failed");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_string).collect();
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
}

/// How far down its printable area each page's last line of text reaches (0 to 1),
/// the footer aside, from `pdftotext -bbox`.
fn fills(pdf: &Path) -> Vec<f64> {
    let out = Command::new("pdftotext")
        .arg("-bbox")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let attribute = |tag: &str, name: &str| -> f64 {
        let at = tag.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        tag[at..].split('"').next().unwrap().parse().unwrap()
    };
    let mut fills = Vec::new();
    for page in text.split("<page ").skip(1) {
        let height = attribute(page, "height");
        // The page's margins (13 mm top, 17 mm bottom) in points.
        let mm = 72.0 / 25.4;
        let (top, bottom) = (13.0 * mm, height - 17.0 * mm);
        let lowest = page
            .split("<word ")
            .skip(1)
            .map(|word| attribute(word, "yMax"))
            .filter(|&y| y <= bottom + 1.0)
            .fold(top, f64::max);
        fills.push((lowest - top) / (bottom - top));
    }
    fills
}

#[test]
fn the_html_paper_prints_as_a_booklet() {
    let Some(browser) = chromium() else {
        eprintln!(
            "booklet: skipped, no Chromium (apt-get install chromium poppler-utils to run it)"
        );
        return;
    };
    if !found("pdftotext", "-v") {
        eprintln!("booklet: skipped, no pdftotext (apt-get install poppler-utils to run it)");
        return;
    }
    let env = Env::new();
    let html = env.home().join("paper.html");
    env.run(&[
        "paper",
        "--seed",
        "2025",
        "--key",
        "--format",
        "html",
        "--out",
        html.to_str().unwrap(),
    ])
    .code(0);
    let text = std::fs::read_to_string(&html).unwrap();
    let id = text
        .split("Paper id : <strong>")
        .nth(1)
        .and_then(|rest| rest.split("</strong>").next())
        .expect("the answer sheet prints the paper's id")
        .to_string();
    assert!(id.starts_with("2025-"), "{id}");

    let pdf = print_to_pdf(browser, &html, env.home());
    let pages = pages(&pdf);
    let count = pages.len();
    assert!(
        (4..=MOST_PAGES).contains(&count),
        "a 100-question paper takes {count} pages"
    );

    // The cover, in the Commission's layout, with no page number.
    let cover = pages[0].split_whitespace().collect::<Vec<_>>().join(" ");
    for line in [
        "DO NOT OPEN THIS TEST BOOKLET UNTIL YOU ARE TOLD TO DO SO",
        "Test Booklet Series A",
        "TEST BOOKLET",
        "GENERAL STUDIES Paper I",
        "Time Allowed : Two Hours",
        "Maximum Marks : 200",
        "100 questions on all decks, drawn at random with seed 2025.",
        "INSTRUCTIONS",
        "This booklet holds 100 questions.",
        "Penalty for wrong answers : for each question answered wrongly, one-third of its marks (0.67) is taken off the total.",
        &format!("Paper id : {id}"),
    ] {
        assert!(cover.contains(line), "the cover lacks {line:?}:\n{cover}");
    }
    assert!(!cover.contains('`') && !cover.contains("--seed"), "{cover}");
    assert!(!cover.contains("Page 1 of"), "{cover}");

    // Every other page numbered, with the running footer.
    for (n, page) in pages.iter().enumerate().skip(1) {
        assert!(
            page.contains(&format!("Page {} of {count}", n + 1)),
            "page {} has no number:\n{page}",
            n + 1
        );
        assert!(
            page.contains(&format!("GENERAL STUDIES Paper I · Paper id {id}")),
            "page {} has no footer:\n{page}",
            n + 1
        );
    }

    // Question 1 starts on page 2, question 100 ends before the sheet; the sheet and the
    // key each have pages of their own.
    let key = count - 1;
    let sheet = (1..count)
        .find(|&n| pages[n].contains("Answer sheet"))
        .expect("an answer sheet");
    assert!(pages[1].trim_start().starts_with("1."), "{}", pages[1]);
    assert!(
        pages[key].trim_start().starts_with("Answer key"),
        "{}",
        pages[key]
    );
    assert!(pages[key].contains("100. ("), "{}", pages[key]);
    assert!(sheet < key && !pages[sheet].contains("Answer key"));

    // Packed: every page of questions but the last is at least two-thirds full.
    let fills = fills(&pdf);
    assert_eq!(fills.len(), count);
    for (n, fill) in fills.iter().enumerate().take(sheet - 1).skip(1) {
        assert!(
            *fill >= 0.66,
            "page {} is only {:.0}% full",
            n + 1,
            fill * 100.0
        );
    }
}
