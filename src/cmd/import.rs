//! `upsc import FILE --format csv|anki --deck ID`: the options handed to
//! [`crate::exchange::import`], and what it did, told.

use crate::cli::{ImportArgs, ImportFormat};
use crate::config::Config;
use crate::error::Exit;
use crate::exchange::{self, Import, Imported};
use crate::text::Count;

pub fn run(config: &Config, args: &ImportArgs) -> anyhow::Result<Exit> {
    let request = Import {
        file: args.file.clone(),
        format: match args.format {
            ImportFormat::Csv => exchange::ImportFormat::Csv,
            ImportFormat::Anki => exchange::ImportFormat::Anki,
        },
        deck: args.deck.clone(),
        dir: args.dir.clone(),
        title: args.title.clone(),
        sources: args.sources.clone(),
    };
    let shown = args.file.display();
    match exchange::import(config, &request)? {
        Imported::Refused(errors) => {
            for error in &errors {
                crate::output::say_err(&format!("upsc: {shown}:{}: {}", error.line, error.message));
            }
            crate::output::say_err(&format!(
                "upsc: nothing was imported; fix the {} and import again",
                if errors.len() == 1 {
                    "problem above".to_string()
                } else {
                    format!("{} problems above", errors.len())
                }
            ));
            Ok(Exit::Failure)
        }
        Imported::Done {
            cards,
            path,
            no_source,
            no_explanation,
        } => {
            crate::sayln!(
                "Imported {} into deck `{}` ({}).",
                Count::new(cards, "card", "cards"),
                args.deck,
                path.display()
            )?;
            if no_source + no_explanation > 0 {
                // "1 cites no source and 1 has no explanation".
                crate::sayln!(
                    "Of these, {} and {}; `upsc check --strict {}` lists them.",
                    Count::new(no_source, "cites no source", "cite no source"),
                    Count::new(no_explanation, "has no explanation", "have no explanation"),
                    path.display()
                )?;
            }
            Ok(Exit::Ok)
        }
    }
}
