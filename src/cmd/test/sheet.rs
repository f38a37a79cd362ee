//! `upsc test --paper ID`: a paper printed by `upsc paper` and sat on paper, scored from
//! the answers marked on its sheet. The paper is drawn again from its id (the seed, or
//! `in-order`) with the same filters and count, its check compared with the one printed,
//! and the typed answers stored as a finished mock test of those questions, so that it
//! lands in `test --history` and the mistake book like a test taken on screen.

use std::fmt::Write as _;
use std::io::{IsTerminal, Read};

use console::Style;

use crate::cli::TestArgs;
use crate::config::Config;
use crate::error::{Exit, UsageError};
use crate::mock::{self, sheet};
use crate::paper::booklet::PaperId;
use crate::paper::{self, Order};
use crate::session::Clock;
use crate::store::MockSetup;
use crate::{output, study};

pub(super) fn run(config: &Config, args: &TestArgs, id: &str) -> anyhow::Result<Exit> {
    let id: PaperId = id
        .parse()
        .map_err(|e: paper::booklet::NotAnId| UsageError(e.to_string()))?;
    let settings = crate::cmd::settings(config, &Default::default())?;
    let (mut store, index) = crate::cmd::indexed_selection(config, &args.selection)?;
    let drawn =
        paper::draw::from_index(&index, &args.selection, args.questions as usize, id.order)?;
    crate::cmd::warn(&drawn.collection.problems());
    let printed = drawn.paper;
    let covers = study::describe(&args.selection);
    if printed.questions.is_empty() {
        anyhow::bail!(
            "no card matching {covers} is asked with options to choose from, so {id} has no question; give the filters the paper was printed with"
        );
    }
    let drawn_id = printed.id();
    if let Some(check) = &id.check
        && *check != printed.check()
    {
        let how = match id.order {
            Order::Written => "in the order written".to_string(),
            Order::Drawn { seed } => format!("with seed {seed}"),
        };
        anyhow::bail!(
            "paper {id} is not the paper {how} from these decks and filters (that one is {drawn_id}, {}); give the same --deck, --tag, --kind, --source and -n as the paper was printed with",
            crate::text::Count::new(printed.questions.len(), "question", "questions"),
        );
    }
    let typed = match &args.answers {
        Some(letters) => letters.clone(),
        None => read_typed(&printed)?,
    };
    let options: Vec<usize> = printed.questions.iter().map(|q| q.options.len()).collect();
    let answers = sheet::read_answers(&typed, &options).map_err(|e| UsageError(e.to_string()))?;
    let items = sheet::items(&printed, &drawn.collection, &answers);
    if items.len() != printed.questions.len() {
        anyhow::bail!(
            "a card of paper {drawn_id} could not be found again; this is a bug in upsc, please report it"
        );
    }
    let minutes = args
        .minutes
        .unwrap_or_else(|| mock::default_minutes(args.marking, items.len()));
    let filters = format!("{covers}, paper {drawn_id}");
    let setup = MockSetup {
        marking: args.marking,
        minutes,
        filters: &filters,
    };
    // Stored (and the cards moved by the scheduler) before anything is said about it.
    let clock = Clock::starting_at(config.now);
    let scheduler = crate::cmd::scheduler(&settings, &store)?;
    let test_id = store.start_mock(&setup, &items, clock.now())?;
    let card = mock::score(&items, args.marking);
    store.finish_mock(
        test_id,
        mock::MockStatus::Submitted,
        &card,
        &items,
        &scheduler,
        clock.now(),
    )?;

    let colour = crate::ui::colour_wanted(std::io::stdout().is_terminal());
    let bold = Style::new().bold().force_styling(colour);
    let mut text = format!(
        "Paper {drawn_id}: the sheet's {} recorded as test {test_id}.\n",
        crate::text::Count::new(card.attempted, "answer", "answers"),
    );
    // The time spent is not known for a paper sat on paper: the scorecard's time line is
    // left out rather than printed as nothing.
    for line in crate::mock::scorecard::text(&card, &bold, crate::ui::stdout_width()).lines() {
        if !line.starts_with("  Time ") {
            text.push_str(line);
            text.push('\n');
        }
    }
    let wrong: Vec<String> = items
        .iter()
        .enumerate()
        .filter(|(_, item)| item.is_wrong())
        .map(|(n, _)| format!("{} {}", n + 1, printed.answer(n)))
        .collect();
    if !wrong.is_empty() {
        let _ = writeln!(
            text,
            "\nWrong, with the right answer : {}.\nThey are in the mistake book (upsc mistakes).",
            wrong.join(", ")
        );
    }
    output::print(&text)?;
    Ok(Exit::Ok)
}

/// The answers from standard input: asked for on a terminal (one line), read whole from
/// a pipe or a file.
fn read_typed(printed: &paper::Paper) -> anyhow::Result<String> {
    let mut typed = String::new();
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        crate::output::say_err(&format!(
            "Type the answers marked on the sheet of paper {} ({} questions): a letter for each question, - for a blank, then Enter.",
            printed.id(),
            printed.questions.len()
        ));
        stdin.read_line(&mut typed)?;
    } else {
        stdin.lock().read_to_string(&mut typed)?;
    }
    Ok(typed)
}
