//! A synthetic collection for benchmarks: `files` deck files holding `cards` cards in
//! all, every kind represented, written like real decks (explanations, tags, sources).

use std::fmt::Write as _;
use std::path::Path;

/// Writes the collection under `dir` (decks in `dir/decks`, one note in `dir/seeds`) and
/// returns the total number of bytes of deck TOML written.
pub fn write_collection(dir: &Path, files: usize, cards: usize) -> std::io::Result<u64> {
    let decks = dir.join("decks");
    let seeds = dir.join("seeds");
    std::fs::create_dir_all(&decks)?;
    std::fs::create_dir_all(&seeds)?;
    std::fs::write(
        seeds.join("synthetic-source.toml"),
        "id = \"synthetic-source\"\ntitle = \"Synthetic\"\nkind = \"study-note\"\nsummary = \"Generated.\"\n",
    )?;
    let per_file = cards / files;
    let mut total = 0u64;
    for f in 0..files {
        let text = deck_text(f, per_file);
        total += text.len() as u64;
        std::fs::write(decks.join(format!("deck-{f:04}.toml")), text)?;
    }
    Ok(total)
}

fn deck_text(f: usize, cards: usize) -> String {
    let mut t = String::with_capacity(cards * 450);
    let _ = write!(
        t,
        "[deck]\nid = \"synthetic-{f}\"\ntitle = \"Synthetic deck {f}\"\ndescription = \"Generated for benchmarks.\"\ntags = [\"synthetic\", \"gs2-ir\"]\nsources = [\"synthetic-source\"]\n"
    );
    for c in 0..cards {
        let common = format!(
            "\n[[card]]\nid = \"card-{c}\"\ntags = [\"topic-{}\", \"summit-2025\"]\nsource = \"synthetic-source\"\nexplanation = \"Card {c} of deck {f}: the fact, its context and how it links to the facts around it, in a sentence or two.\"\n",
            c % 17
        );
        t.push_str(&common);
        match c % 6 {
            0 => {
                let _ = write!(
                    t,
                    "kind = \"statements\"\nstem = \"With reference to topic {c}, consider the following statements:\"\nform = \"how-many\"\n"
                );
                for s in 0..4 {
                    let correct = s % 2 == 0;
                    let _ = write!(
                        t,
                        "\n[[card.statements]]\ntext = \"Statement {s} about topic {c}, with a year such as {}.\"\ncorrect = {correct}\n",
                        2000 + s
                    );
                    if !correct {
                        t.push_str("why = \"The year is shifted.\"\n");
                    }
                }
            }
            1 => {
                let _ = write!(
                    t,
                    "kind = \"pairs\"\nstem = \"Consider the following pairs:\"\ncolumns = [\"Exercise\", \"Service\"]\npairs = [\n  {{ left = \"A{c}\", right = \"Army\" }},\n  {{ left = \"B{c}\", right = \"Navy\" }},\n  {{ left = \"C{c}\", right = \"Air Force\" }},\n  {{ left = \"D{c}\", right = \"Coast Guard\" }},\n]\n"
                );
            }
            2 => {
                let _ = write!(
                    t,
                    "kind = \"assertion\"\nstatement1 = \"Claim {c}.\"\nstatement2 = \"Reason {c}.\"\nstatement1_correct = true\nstatement2_correct = true\nexplains = false\n"
                );
            }
            3 => {
                let _ = write!(
                    t,
                    "kind = \"mcq\"\nprompt = \"Which edition, for card {c}?\"\noptions = [\"13th\", \"14th\", \"15th\", \"16th\"]\nanswer = \"15th\"\n"
                );
            }
            4 => {
                let _ = write!(
                    t,
                    "kind = \"numeric\"\nprompt = \"How large, for card {c}?\"\nvalue = \"5.96 lakh crore\"\nunit = \"INR\"\ntolerance = \"1%\"\n"
                );
            }
            _ => {
                let _ = write!(
                    t,
                    "kind = \"recall\"\nprompt = \"Who, for card {c}?\"\nanswer = \"Radhabinod Pal\"\naccept = [\"Justice Pal\"]\n"
                );
            }
        }
    }
    t
}
