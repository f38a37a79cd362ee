//! Mock tests under exam conditions: the paper (questions drawn from the decks, each
//! with the learner's answer, confidence tag and review mark) and its scorecard.
//!
//! Only the pick-one kinds — statements, pairs, rows, assertion, mcq — are asked, as in the
//! Prelims paper. The terminal screen that runs a test is in [`screen`]; storing tests
//! is in [`crate::store`].

pub mod scorecard;
pub mod screen;
pub mod sheet;
pub mod walkthrough;

use std::collections::BTreeMap;

use rand::Rng;
use serde::Serialize;

use crate::answer::Confidence;
use crate::deck::Kind;
use crate::marking::{Marking, Marks};
use crate::question::{self, Response};
use crate::study::Pick;

/// The kinds a mock test asks.
pub const TEST_KINDS: [Kind; 5] = [
    Kind::Statements,
    Kind::Pairs,
    Kind::Rows,
    Kind::Assertion,
    Kind::Mcq,
];

/// Where a mock test stands. Stored (and printed in `test --history --json`) as
/// `running`, `submitted`, `timed-out` or `abandoned`; those strings are a contract with
/// existing progress files and scripts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MockStatus {
    /// Started and not finished: in progress, or cut short (the program was killed, the
    /// terminal closed) and resumable.
    Running,
    /// Submitted by the learner.
    Submitted,
    /// Submitted by the clock.
    TimedOut,
    /// Given up: not scored, nothing logged.
    Abandoned,
}

impl MockStatus {
    pub const ALL: [MockStatus; 4] = [
        MockStatus::Running,
        MockStatus::Submitted,
        MockStatus::TimedOut,
        MockStatus::Abandoned,
    ];

    /// The word stored for the test.
    pub fn as_str(self) -> &'static str {
        match self {
            MockStatus::Running => "running",
            MockStatus::Submitted => "submitted",
            MockStatus::TimedOut => "timed-out",
            MockStatus::Abandoned => "abandoned",
        }
    }

    /// Whether the test has a score: submitted by the learner or by the clock.
    pub fn scored(self) -> bool {
        matches!(self, MockStatus::Submitted | MockStatus::TimedOut)
    }
}

impl std::fmt::Display for MockStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A word that is not a mock test's status.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a mock test status (running, submitted, timed-out or abandoned)")]
pub struct UnknownStatus(pub String);

impl std::str::FromStr for MockStatus {
    type Err = UnknownStatus;

    fn from_str(word: &str) -> Result<MockStatus, UnknownStatus> {
        MockStatus::ALL
            .into_iter()
            .find(|s| s.as_str() == word)
            .ok_or_else(|| UnknownStatus(word.to_string()))
    }
}

/// How the exam screen ended, as the status stored for the test.
impl From<screen::Ending> for MockStatus {
    fn from(ending: screen::Ending) -> MockStatus {
        match ending {
            screen::Ending::Submitted => MockStatus::Submitted,
            screen::Ending::TimedOut => MockStatus::TimedOut,
            screen::Ending::Abandoned => MockStatus::Abandoned,
        }
    }
}

/// Questions per minute of the real papers: GS Paper I is 100 questions in 120 minutes,
/// CSAT 80 in 120.
pub fn default_minutes(marking: Marking, questions: usize) -> f64 {
    let per_question = match marking {
        Marking::Csat => 1.5,
        Marking::Gs1 | Marking::None => 1.2,
    };
    (questions as f64 * per_question).ceil().max(1.0)
}

/// One question of a test, as shown, with what the learner did with it.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub deck: String,
    pub card: String,
    pub kind: crate::deck::Kind,
    pub fingerprint: u64,
    /// The deck's and the card's tags, for the breakdown by topic.
    pub tags: Vec<String>,
    pub question: String,
    pub options: Vec<String>,
    pub correct: usize,
    pub answer_text: String,
    pub notes: Vec<String>,
    pub explanation: Option<String>,
    pub chosen: Option<usize>,
    pub confidence: Option<Confidence>,
    pub marked: bool,
    pub visited: bool,
    /// Time spent on this question, over every visit.
    pub seconds: f64,
}

/// What the question list shows for a question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    NotVisited,
    /// Seen and left unanswered.
    Skipped,
    Answered,
}

impl Item {
    /// Builds the test's version of a card; `None` for kinds a test does not ask.
    pub fn from_pick(pick: Pick, rng: &mut impl Rng) -> Option<Item> {
        let shown = question::present(pick.card, rng);
        let Response::Choice { options, correct } = shown.response else {
            return None;
        };
        let mut tags: Vec<String> = pick.card.all_tags(pick.deck).map(str::to_string).collect();
        tags.sort();
        tags.dedup();
        Some(Item {
            deck: pick.deck.id.clone(),
            card: pick.card.id.clone(),
            kind: pick.card.kind(),
            fingerprint: pick.card.fingerprint(),
            tags,
            question: shown.text,
            options,
            correct,
            answer_text: shown.answer_text,
            notes: shown.notes,
            explanation: pick.card.explanation.clone(),
            chosen: None,
            confidence: None,
            marked: false,
            visited: false,
            seconds: 0.0,
        })
    }

    pub fn status(&self) -> Status {
        match (self.chosen, self.visited) {
            (Some(_), _) => Status::Answered,
            (None, true) => Status::Skipped,
            (None, false) => Status::NotVisited,
        }
    }

    pub fn is_right(&self) -> bool {
        self.chosen == Some(self.correct)
    }

    pub fn is_wrong(&self) -> bool {
        self.chosen.is_some_and(|c| c != self.correct)
    }

    /// The chosen option as the learner saw it: "(b) 1 and 3 only".
    pub fn chosen_text(&self) -> Option<String> {
        let chosen = self.chosen?;
        let letter = question::wording::OPTION_LETTERS.get(chosen)?;
        Some(format!("{letter} {}", self.options.get(chosen)?))
    }

    fn marks(&self, marking: Marking) -> Marks {
        match self.chosen {
            None => Marks::ZERO,
            Some(c) if c == self.correct => marking.right(),
            Some(_) => marking.wrong(),
        }
    }
}

/// Right, wrong and net marks for a group of questions (a topic, a confidence level).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Breakdown {
    pub name: String,
    pub questions: usize,
    pub attempted: usize,
    pub right: usize,
    pub wrong: usize,
    /// Percent of attempted answers that were right; `None` when none was attempted.
    pub accuracy: Option<f64>,
    pub score: Marks,
}

impl Breakdown {
    fn add(&mut self, item: &Item, marking: Marking) {
        self.questions += 1;
        if item.chosen.is_some() {
            self.attempted += 1;
        }
        self.right += usize::from(item.is_right());
        self.wrong += usize::from(item.is_wrong());
        self.score = self.score + item.marks(marking);
        self.accuracy = percent(self.right, self.attempted);
    }
}

fn percent(part: usize, whole: usize) -> Option<f64> {
    (whole > 0).then(|| 100.0 * part as f64 / whole as f64)
}

/// The result of a test, as the scorecard shows it and `--json` prints it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scorecard {
    pub marking: Marking,
    pub questions: usize,
    pub attempted: usize,
    pub right: usize,
    pub wrong: usize,
    /// Left unanswered (skipped or never reached).
    pub unanswered: usize,
    /// Still marked for review when the test ended.
    pub marked: usize,
    /// The questions still marked for review: how answering them went.
    pub marked_for_review: Breakdown,
    pub accuracy: Option<f64>,
    pub score: Marks,
    pub maximum: Marks,
    pub seconds: f64,
    /// Average time over the questions that were looked at.
    pub seconds_per_question: Option<f64>,
    /// Per topic tag, most questions first.
    pub by_tag: Vec<Breakdown>,
    /// Per confidence tag (`sure`, `50-50`, `guess`, `untagged`) over attempted answers:
    /// what guessing did to the score.
    pub by_confidence: Vec<Breakdown>,
}

/// Scores a set of answered items.
pub fn score(items: &[Item], marking: Marking) -> Scorecard {
    let right = items.iter().filter(|i| i.is_right()).count();
    let wrong = items.iter().filter(|i| i.is_wrong()).count();
    let attempted = right + wrong;
    let mut tags: BTreeMap<&str, Breakdown> = BTreeMap::new();
    let mut confidence: BTreeMap<(u8, &str), Breakdown> = BTreeMap::new();
    let mut marked_for_review = Breakdown {
        name: "marked for review".to_string(),
        ..Breakdown::default()
    };
    for item in items {
        if item.marked {
            marked_for_review.add(item, marking);
        }
        for tag in &item.tags {
            tags.entry(tag)
                .or_insert_with(|| Breakdown {
                    name: tag.clone(),
                    ..Breakdown::default()
                })
                .add(item, marking);
        }
        if item.chosen.is_some() {
            let key = match item.confidence {
                Some(c) => (c as u8, c.as_str()),
                None => (u8::MAX, "untagged"),
            };
            confidence
                .entry(key)
                .or_insert_with(|| Breakdown {
                    name: key.1.to_string(),
                    ..Breakdown::default()
                })
                .add(item, marking);
        }
    }
    let mut by_tag: Vec<Breakdown> = tags.into_values().collect();
    by_tag.sort_by(|a, b| b.questions.cmp(&a.questions).then(a.name.cmp(&b.name)));
    let seconds: f64 = items.iter().map(|i| i.seconds).sum();
    let looked_at = items.iter().filter(|i| i.visited).count();
    Scorecard {
        marking,
        questions: items.len(),
        attempted,
        right,
        wrong,
        unanswered: items.len() - attempted,
        marked: items.iter().filter(|i| i.marked).count(),
        marked_for_review,
        accuracy: percent(right, attempted),
        score: marking.score(right, wrong),
        maximum: marking.maximum(items.len()),
        seconds,
        seconds_per_question: (looked_at > 0).then(|| seconds / looked_at as f64),
        by_tag,
        by_confidence: confidence.into_values().collect(),
    }
}

/// Topics the scorecard lists at most.
pub const TOPICS_SHOWN: usize = 8;

/// Whether a tag names a paper of the exam's syllabus: `gs1`…`gs4` (alone or as a
/// prefix, `gs2-ir`, `gs3-economy`) or `csat`.
pub fn is_paper_tag(tag: &str) -> bool {
    let tag = tag.to_ascii_lowercase();
    let gs = tag
        .strip_prefix("gs")
        .and_then(|rest| rest.chars().next())
        .is_some_and(|c| ('1'..='4').contains(&c));
    gs || tag == "csat" || tag.starts_with("csat-")
}

impl Scorecard {
    /// The topics the scorecard lists, so that it stays a screen long: the syllabus
    /// papers' tags when the questions carry any, else the largest topics; at most
    /// [`TOPICS_SHOWN`] either way, most questions first.
    pub fn topics_shown(&self) -> Vec<&Breakdown> {
        let papers: Vec<&Breakdown> = self
            .by_tag
            .iter()
            .filter(|b| is_paper_tag(&b.name))
            .collect();
        let mut shown = if papers.is_empty() {
            self.by_tag.iter().collect()
        } else {
            papers
        };
        shown.truncate(TOPICS_SHOWN);
        shown
    }
}

/// How the scored tests are going: the latest, the best, and the last few against the
/// few before them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Trend {
    pub scored: usize,
    /// Net score as a percentage of the maximum, oldest first.
    pub percents: Vec<f64>,
    pub latest: Option<f64>,
    pub best: Option<f64>,
    /// Mean of the last [`TREND_WINDOW`] scored tests.
    pub recent_average: Option<f64>,
    /// Change in points from the mean of the [`TREND_WINDOW`] tests before those.
    pub change: Option<f64>,
}

/// Tests averaged on each side of the trend.
pub const TREND_WINDOW: usize = 3;

pub fn trend(records: &[crate::store::MockRecord]) -> Trend {
    let percents: Vec<f64> = records
        .iter()
        .filter(|r| r.scored())
        .filter_map(|r| r.percent())
        .collect();
    let mean = |xs: &[f64]| (!xs.is_empty()).then(|| xs.iter().sum::<f64>() / xs.len() as f64);
    let split = percents.len().saturating_sub(TREND_WINDOW);
    let recent = &percents[split..];
    let before = &percents[split.saturating_sub(TREND_WINDOW)..split];
    let recent_average = mean(recent);
    Trend {
        scored: percents.len(),
        latest: percents.last().copied(),
        best: percents.iter().copied().reduce(f64::max),
        change: recent_average.zip(mean(before)).map(|(r, b)| r - b),
        recent_average,
        percents,
    }
}

/// A bar per value (0–100) in eight heights: `▁▃▅█`.
pub fn sparkline(percents: &[f64]) -> String {
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    percents
        .iter()
        .map(|p| BARS[((p.clamp(0.0, 100.0) / 100.0 * 7.0).round() as usize).min(7)])
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_are_stored_and_read_back_as_the_same_words() {
        for (status, word) in [
            (MockStatus::Running, "running"),
            (MockStatus::Submitted, "submitted"),
            (MockStatus::TimedOut, "timed-out"),
            (MockStatus::Abandoned, "abandoned"),
        ] {
            assert_eq!(status.as_str(), word);
            assert_eq!(word.parse::<MockStatus>(), Ok(status));
            assert_eq!(
                serde_json::to_string(&status).unwrap_or_default(),
                format!("\"{word}\"")
            );
        }
        assert!("timed_out".parse::<MockStatus>().is_err());
        let scored: Vec<MockStatus> = MockStatus::ALL.into_iter().filter(|s| s.scored()).collect();
        assert_eq!(scored, [MockStatus::Submitted, MockStatus::TimedOut]);
        // Every way the exam screen ends is a status that ends a test.
        for ending in [
            screen::Ending::Submitted,
            screen::Ending::TimedOut,
            screen::Ending::Abandoned,
        ] {
            assert_ne!(MockStatus::from(ending), MockStatus::Running);
        }
    }

    fn item(tags: &[&str], chosen: Option<usize>, confidence: Option<Confidence>) -> Item {
        Item {
            deck: "d".into(),
            card: "c".into(),
            kind: crate::deck::Kind::Mcq,
            fingerprint: 0,
            tags: tags.iter().map(|t| t.to_string()).collect(),
            question: "Q".into(),
            options: vec!["w".into(), "x".into(), "y".into(), "z".into()],
            correct: 2,
            answer_text: "(c) y".into(),
            notes: vec![],
            explanation: None,
            chosen,
            confidence,
            marked: false,
            visited: chosen.is_some(),
            seconds: 30.0,
        }
    }

    #[test]
    fn a_full_gs1_paper_scores_as_the_commission_does() {
        // 60 right, 25 wrong, 15 left: 120 − 25 × 2/3 = 103.33 out of 200.
        let mut items = Vec::new();
        items.extend((0..60).map(|_| item(&["economy"], Some(2), None)));
        items.extend((0..25).map(|_| item(&["defence"], Some(0), None)));
        items.extend((0..15).map(|_| item(&["space"], None, None)));
        let card = score(&items, Marking::Gs1);
        assert_eq!((card.right, card.wrong, card.unanswered), (60, 25, 15));
        assert_eq!(card.score.to_string(), "103.33");
        assert_eq!(card.maximum.to_string(), "200");
        assert_eq!(
            card.accuracy.map(|a| (a * 100.0).round() / 100.0),
            Some(70.59)
        );
        let economy = &card.by_tag[0];
        assert_eq!(
            (economy.name.as_str(), economy.score.to_string()),
            ("economy", "120".into())
        );
        let defence = card.by_tag.iter().find(|b| b.name == "defence").unwrap();
        assert_eq!(defence.score.to_string(), "-16.67");
    }

    #[test]
    fn the_confidence_breakdown_shows_what_guessing_did_to_the_score() {
        let items = vec![
            item(&[], Some(2), Some(Confidence::Sure)),
            item(&[], Some(2), Some(Confidence::Guess)),
            item(&[], Some(0), Some(Confidence::Guess)),
            item(&[], Some(1), Some(Confidence::Guess)),
            item(&[], Some(3), Some(Confidence::FiftyFifty)),
            item(&[], Some(2), Some(Confidence::FiftyFifty)),
            item(&[], None, Some(Confidence::Guess)),
        ];
        let card = score(&items, Marking::Csat);
        let names: Vec<&str> = card.by_confidence.iter().map(|b| b.name.as_str()).collect();
        assert_eq!(names, ["sure", "50-50", "guess"]);
        let guess = &card.by_confidence[2];
        // One right, two wrong under CSAT: 2.5 − 2 × 2.5/3 = 0.83; the unanswered one is not counted.
        assert_eq!((guess.attempted, guess.right, guess.wrong), (3, 1, 2));
        assert_eq!(guess.score.to_string(), "0.83");
        let fifty = &card.by_confidence[1];
        assert_eq!(fifty.score.to_string(), "1.67");
        assert_eq!(fifty.accuracy, Some(50.0));
    }

    #[test]
    fn unanswered_questions_score_nothing_and_time_is_averaged_over_those_seen() {
        let mut items = vec![item(&["a"], None, None), item(&["a"], None, None)];
        items[0].visited = true;
        let card = score(&items, Marking::Gs1);
        assert_eq!(card.score, Marks::ZERO);
        assert_eq!(card.accuracy, None);
        assert_eq!(card.seconds, 60.0);
        assert_eq!(card.seconds_per_question, Some(60.0));
        assert_eq!(items[0].status(), Status::Skipped);
        assert_eq!(items[1].status(), Status::NotVisited);
    }

    fn record(status: &str, right: usize, wrong: usize) -> crate::store::MockRecord {
        let status = status.parse().unwrap_or(MockStatus::Abandoned);
        crate::store::MockRecord {
            id: 1,
            started_at: chrono::DateTime::parse_from_rfc3339("2026-01-01T09:00:00+05:30").unwrap(),
            status,
            marking: Marking::Gs1,
            minutes: 12.0,
            filters: "all decks".into(),
            questions: 10,
            attempted: right + wrong,
            right,
            wrong,
            score: Marking::Gs1.score(right, wrong),
            maximum: Marking::Gs1.maximum(10),
            seconds: 60.0,
        }
    }

    #[test]
    fn the_trend_compares_the_last_three_scored_tests_with_the_three_before() {
        let records = vec![
            record("submitted", 3, 0),  // 30%
            record("submitted", 4, 0),  // 40%
            record("abandoned", 10, 0), // not scored
            record("timed-out", 5, 0),  // 50%
            record("submitted", 6, 0),  // 60%
            record("submitted", 7, 0),  // 70%
            record("submitted", 9, 3),  // 90 − 10 = 80%
        ];
        let t = trend(&records);
        assert_eq!(t.scored, 6);
        assert_eq!(t.latest, Some(80.0));
        assert_eq!(t.best, Some(80.0));
        assert_eq!(t.recent_average, Some(70.0));
        assert_eq!(t.change.map(|c| c.round()), Some(30.0));
        assert_eq!(sparkline(&t.percents), "▃▄▅▅▆▇");
        let empty = trend(&[]);
        assert_eq!((empty.scored, empty.latest, empty.change), (0, None, None));
    }

    #[test]
    fn marked_questions_are_scored_apart_and_topics_keep_to_the_papers() {
        let mut items = vec![
            item(&["gs2-ir", "summit"], Some(2), None),
            item(&["gs3-economy", "yen"], Some(0), None),
            item(&["gs3-economy", "trade"], None, None),
            item(&["ports"], Some(2), None),
        ];
        items[0].marked = true;
        items[1].marked = true;
        items[2].marked = true;
        let card = score(&items, Marking::Gs1);
        let marked = &card.marked_for_review;
        assert_eq!((marked.questions, marked.right, marked.wrong), (3, 1, 1));
        // 2 − 2/3 = 1.33.
        assert_eq!(marked.score.to_string(), "1.33");
        let names: Vec<&str> = card
            .topics_shown()
            .iter()
            .map(|b| b.name.as_str())
            .collect();
        assert_eq!(names, ["gs3-economy", "gs2-ir"]);
        // Without paper tags, the eight largest topics.
        let many: Vec<Item> = (0..12)
            .map(|n| item(&[format!("topic{n:02}").as_str()], Some(2), None))
            .chain([item(&["topic05"], None, None)])
            .collect();
        let card = score(&many, Marking::Gs1);
        let shown = card.topics_shown();
        assert_eq!(shown.len(), TOPICS_SHOWN);
        assert_eq!(shown[0].name, "topic05");
        assert!(is_paper_tag("GS1") && is_paper_tag("csat") && !is_paper_tag("gsat"));
    }

    #[test]
    fn default_time_follows_the_real_papers() {
        assert_eq!(default_minutes(Marking::Gs1, 100), 120.0);
        assert_eq!(default_minutes(Marking::Csat, 80), 120.0);
        assert_eq!(default_minutes(Marking::Gs1, 10), 12.0);
    }
}
