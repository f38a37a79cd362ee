//! `upsc paper`: a question paper to read or print, made by [`crate::paper`] from the
//! cards matching the filters, printed or written to `--out`.

use std::path::Path;

use rand::RngExt;

use crate::cli::PaperArgs;
use crate::config::Config;
use crate::error::Exit;
use crate::paper::{self, Format, Order, Render};
use crate::text::Count;
use crate::{fsutil, output, study};

/// Questions in a paper when `-n` is not given: as in GS Paper I.
const DEFAULT_QUESTIONS: usize = 100;

/// The width plain text is wrapped to when it is not going to a terminal.
const PRINT_WIDTH: usize = 80;

pub fn run(config: &Config, args: &PaperArgs) -> anyhow::Result<Exit> {
    if let Some(out) = args.out.as_ref().filter(|o| o.as_os_str() != "-") {
        check_out(out)?;
    }
    // Planned from the deck index: only the cards the paper asks are parsed.
    let (_store, index) = super::indexed_selection(config, &args.selection)?;
    let covers = study::describe(&args.selection);
    let order = if args.in_order {
        Order::Written
    } else {
        // A fresh draw still has a seed, printed under the title, so that a paper worth
        // keeping can be drawn again.
        let seed = args
            .seed
            .unwrap_or_else(|| rand::rng().random_range(1..1_000_000));
        Order::Drawn { seed }
    };
    let wanted = args.questions.map_or(DEFAULT_QUESTIONS, |n| n as usize);
    let drawn = paper::draw::from_index(&index, &args.selection, wanted, order)?;
    super::warn(&drawn.collection.problems());
    let (chosen, matching) = (drawn.paper, drawn.matching);
    let count = chosen.questions.len();
    if count == 0 {
        anyhow::bail!(
            "none of the {} matching {covers} is asked with options to choose from, and a paper holds only those; choose pick-one kinds such as `--kind statements` or `--kind mcq`",
            Count::new(matching, "card", "cards")
        );
    }
    if args.questions.is_some() && count < wanted {
        crate::output::say_err(&format!(
            "upsc: note: only {count} pick-one {} {} {covers}; the paper has {count}",
            Count::new(count, "question", "questions").noun(),
            Count::new(count, "question", "questions").agree("matches", "match"),
        ));
    }
    let width = match (&args.out, args.format) {
        (None, Format::Text) => crate::ui::Layout::for_stdout().width.unwrap_or(PRINT_WIDTH),
        _ => PRINT_WIDTH,
    };
    let text = paper::render(
        &chosen,
        &Render {
            format: args.format,
            key: args.key,
            width,
        },
    );
    match &args.out {
        // `-` is standard output, as for most tools.
        None => output::print(&text)?,
        Some(path) if path.as_os_str() == "-" => output::print(&text)?,
        Some(path) => {
            fsutil::write_out(path, &text)?;
            crate::output::say_err(&format!(
                "Wrote a paper of {}{} to {}",
                Count::new(count, "question", "questions"),
                if args.key { " with its answer key" } else { "" },
                path.display()
            ));
        }
    }
    Ok(Exit::Ok)
}

/// Says before any work when `--out` cannot be written: a folder that does not exist,
/// or a folder given instead of a file.
fn check_out(path: &Path) -> anyhow::Result<()> {
    if path.is_dir() {
        anyhow::bail!(
            "cannot write the paper to `{}`: it is a folder; give a file name, such as `{}`",
            path.display(),
            path.join("paper.html").display()
        );
    }
    if let Some(dir) = path.parent()
        && !dir.as_os_str().is_empty()
        && !dir.is_dir()
    {
        anyhow::bail!(
            "cannot write the paper to `{}`: there is no folder `{}`; create it first or write elsewhere",
            path.display(),
            dir.display()
        );
    }
    Ok(())
}
