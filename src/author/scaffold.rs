//! `upsc new`: a new deck file with its `[deck]` table filled in and a commented example of
//! every kind of card, each of which is a valid card once its lines are uncommented.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::deck::load::{Collection, DeckSource};

use crate::error::UsageError;

use super::text::{toml_string, toml_strings};

/// The examples, one per kind, taken from `decks/at-a-glance.toml` (the rows example
/// from the same source notes) with their real sources. Each is a run of `# ` lines from `# [[card]]` to the next blank line, so that
/// removing the `# ` from those lines gives a complete card.
pub const EXAMPLES: &str = r##"# ─── Examples ─────────────────────────────────────────────────────────────────
# One card of every kind, commented out. To use one, remove the "# " at the start of
# each of its lines (from "# [[card]]" down to the blank line) and make it your own:
# a new `id` (kebab-case, unique in this deck; progress is kept under it), your text,
# and the `source` note it comes from (`upsc seeds` lists them).

# statements: a pool of statements, some shown each time with "Which … is/are
# correct?" or "How many … are correct?"; the right option is worked out for you.
# [[card]]
# id = "partnership-labels"
# kind = "statements"
# stem = "With reference to the evolution of India–Japan relations, consider the following statements:"
# form = "which"      # or "how-many"; leave it out to use either at random
# tags = ["diplomacy", "history"]
# source = "adda247-notes-2025"
# explanation = "Global Partnership (2000), Strategic and Global (2006), Special Strategic and Global (2014)."
# [[card.statements]]
# text = "The two countries announced a 'Global Partnership' in 2000."
# correct = true
# [[card.statements]]
# text = "The relationship was raised to a 'Strategic and Global Partnership' in 2006."
# correct = true
# [[card.statements]]
# text = "The 'Special Strategic and Global Partnership' was first declared at the 2025 summit."
# correct = false
# why = "The 'Special' label dates from 2014; the 2025 summit worked within it."

# pairs: a random number of the shown pairs is mismatched each time.
# [[card]]
# id = "state-prefecture"
# kind = "pairs"
# stem = "Consider the following pairs of an Indian state and its partner Japanese prefecture:"
# columns = ["Indian state", "Japanese prefecture"]
# decoys = ["Miyagi", "Osaka"]      # extra wrong right-hand values
# tags = ["diplomacy", "states"]
# source = "visit-report-2025"
# explanation = "Gujarat–Shizuoka, Maharashtra–Wakayama and Uttar Pradesh–Yamanashi are links already under way."
# [[card.pairs]]
# left = "Gujarat"
# right = "Shizuoka"
# [[card.pairs]]
# left = "Maharashtra"
# right = "Wakayama"
# [[card.pairs]]
# left = "Uttar Pradesh"
# right = "Yamanashi"

# rows: a table with 2 to 4 headed columns; "In how many (or which) of the above rows
# is the given information correctly matched?", the right option worked out for you.
# [[card]]
# id = "defence-agreements"
# kind = "rows"
# stem = "Consider the following information about India–Japan agreements :"
# columns = ["Agreement", "Year", "Domain"]
# form = "how-many"   # or "which"; leave it out to use either at random
# tags = ["diplomacy", "defence"]
# source = "adda247-notes-2025"
# explanation = "Joint Declaration on Security Cooperation (2008), RSSA (2020); the Digital Partnership dates from 2018."
# [[card.rows]]
# cells = ["Joint Declaration on Security Cooperation", "2008", "Security"]
# correct = true
# [[card.rows]]
# cells = ["Reciprocal Provision of Supplies and Services Agreement", "2020", "Defence logistics"]
# correct = true
# [[card.rows]]
# cells = ["Digital Partnership", "2014", "Technology"]
# correct = false
# why = "The Digital Partnership dates from 2018."

# assertion: Statement-I and Statement-II with the four standard options.
# [[card]]
# id = "trade-deficit-fy24"
# kind = "assertion"
# statement1 = "In FY24 India ran a trade deficit of about US$12.5 billion with Japan."
# statement2 = "That year Japan's exports to India were more than three times India's exports to Japan."
# statement1_correct = true
# statement2_correct = true
# explains = true     # does Statement-II explain Statement-I? (only when both are correct)
# tags = ["economy", "trade"]
# source = "firstpost-analysis-2025"
# explanation = "The deficit is the gap between the two flows: about 17.7 − 5.2 ≈ 12.5, in US$ billion."

# mcq: 2 to 6 options, shuffled each time unless `shuffle = false`.
# [[card]]
# id = "summit-number"
# kind = "mcq"
# prompt = "Prime Minister Modi's August 2025 visit to Japan was for which edition of the India–Japan Annual Summit?"
# options = ["13th", "14th", "15th", "16th"]
# answer = "15th"     # must repeat one of the options exactly
# tags = ["diplomacy"]
# source = "adda247-notes-2025"
# explanation = "The 15th Annual Summit was held on 29–30 August 2025, Modi's first with Shigeru Ishiba."

# numeric: an amount, typed in lakh, crore, million, billion, trillion, with currency.
# [[card]]
# id = "yen-pledge-size"
# kind = "numeric"
# prompt = "How large is the investment Japan pledged to make in India over the next decade? Give the amount in yen."
# value = "10 trillion"
# unit = "yen"        # "" for a plain count or a year
# tolerance = "2%"    # or a number in the unit; leave it out for an exact answer
# tags = ["economy", "investment"]
# source = "visit-report-2025"
# explanation = "¥10 trillion over ten years, about US$68 billion; double the 2022 target of ¥5 trillion."

# recall: a name or phrase, typed (or `self_grade = true` to reveal and grade).
# [[card]]
# id = "radhabinod-pal"
# kind = "recall"
# prompt = "Which Indian judge was the only member of the Tokyo War Crimes Tribunal to dissent from convicting Japan's wartime leaders?"
# answer = "Radhabinod Pal"
# accept = ["Justice Radhabinod Pal", "Justice Pal", "R. B. Pal"]   # other answers that count
# tags = ["history", "culture"]
# source = "adda247-notes-2025"
# explanation = "Justice Pal's lone dissent is remembered in Japan as a symbol of goodwill towards India."
"##;

/// The text of a new deck file.
pub fn deck_file(id: &str, title: &str, sources: &[String]) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {title}");
    out.push_str(
        "#\n\
         # Made by `upsc new`. Add cards with `upsc add ID` (a form that checks every field),\n\
         # or by uncommenting an example at the end of this file. `upsc check --strict` checks\n\
         # the file; the format is described in docs/deck-format.md.\n\n",
    );
    let _ = writeln!(
        out,
        "[deck]\nid = {}\ntitle = {}",
        toml_string(id),
        toml_string(title)
    );
    out.push_str("# description = \"One or two sentences on what the deck covers.\"\n");
    out.push_str("# tags = [\"gs2-ir\"]   # tags every card of the deck inherits\n");
    if sources.is_empty() {
        out.push_str(
            "# sources = [\"adda247-notes-2025\"]   # the source notes the deck draws on\n",
        );
    } else {
        let _ = writeln!(out, "sources = {}", toml_strings(sources));
    }
    out.push('\n');
    out.push_str(EXAMPLES);
    out.replace("upsc add ID", &format!("upsc add {id}"))
}

/// "india-japan-basics" → "India japan basics".
fn title_from(id: &str) -> String {
    let words = id.replace('-', " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => words,
    }
}

/// A deck to create: plain options, as `upsc new` reads them.
#[derive(Debug, Clone, Default)]
pub struct NewDeck {
    /// The deck id: kebab-case, unique across all decks; also the file name.
    pub id: String,
    /// The title (default: made from the id).
    pub title: Option<String>,
    /// The folder for the file (default: the decks folder in the data folder).
    pub dir: Option<PathBuf>,
    /// Source notes the deck draws on, by id.
    pub sources: Vec<String>,
}

/// A deck file created.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Created {
    pub id: String,
    pub path: PathBuf,
    /// The folder it is in.
    pub dir: PathBuf,
    /// Whether the folder is among the decks in use (otherwise the deck is not studied
    /// until it is added there).
    pub in_use: bool,
}

/// Creates a deck file with a commented example of every kind of card
/// (`upsc new DECK-ID [--title T] [--dir DIR] [--source ID]…`); never replaces a file.
pub fn create(config: &Config, args: &NewDeck) -> anyhow::Result<Created> {
    let id = args.id.trim();
    super::require_kebab_id(id)?;
    let title = match &args.title {
        Some(t) if t.trim().is_empty() => {
            return Err(UsageError("--title is empty; give the deck a title".to_string()).into());
        }
        Some(t) => t.trim().to_string(),
        None => title_from(id),
    };
    let dir = args.dir.clone().unwrap_or_else(|| config.user_decks());
    let path = dir.join(format!("{id}.toml"));
    if path.exists() {
        return Err(UsageError(format!(
            "`{}` already exists; choose another deck id, or add to it with `upsc add`",
            path.display()
        ))
        .into());
    }
    let mut sources = config.decks.clone();
    if dir.is_dir() && !sources.sources.contains(&DeckSource::Path(dir.clone())) {
        sources.sources.push(DeckSource::Path(dir.clone()));
    }
    let collection = Collection::load_deck_tables(&sources);
    if let Some(deck) = collection.deck(id) {
        return Err(UsageError(format!(
            "deck id `{id}` is already used by `{}`; choose another id",
            deck.origin
        ))
        .into());
    }
    super::check_sources(&args.sources, &collection)?;
    std::fs::create_dir_all(&dir)
        .map_err(|e| anyhow::anyhow!("cannot create the folder `{}`: {e}", dir.display()))?;
    crate::fsutil::write_atomic(&path, &deck_file(id, &title, &args.sources), true)?;
    Ok(Created {
        id: id.to_string(),
        path,
        in_use: covered(config, &dir),
        dir,
    })
}

/// Whether the configured decks include `dir` (the default always includes the user's
/// deck folder, even before it exists).
fn covered(config: &Config, dir: &Path) -> bool {
    let dir = canonical(dir);
    config.decks.sources.iter().any(|source| match source {
        DeckSource::Bundled => dir == canonical(&config.user_decks()),
        DeckSource::Path(path) => dir.starts_with(canonical(path)),
    })
}

fn canonical(path: &Path) -> PathBuf {
    path.canonicalize().unwrap_or_else(|_| path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::load::Decks;
    use crate::deck::parse::{ParseContext, parse_deck};
    use std::collections::HashSet;

    fn known() -> HashSet<String> {
        Collection::load_seeds(&Decks::bundled())
            .seeds
            .iter()
            .map(|s| s.id.clone())
            .collect()
    }

    #[test]
    fn a_new_deck_parses_cleanly_with_no_cards() {
        let text = deck_file("my-deck", "My deck", &["adda247-notes-2025".to_string()]);
        let (deck, diagnostics) =
            parse_deck(&text, ParseContext::new(&known(), Default::default()));
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let deck = deck.unwrap().deck;
        assert_eq!((deck.id.as_str(), deck.cards.len()), ("my-deck", 0));
        assert!(text.contains("`upsc add my-deck`"));
    }

    /// Each example, uncommented, is a card of its kind with no problem at all.
    #[test]
    fn every_example_uncommented_is_a_valid_card() {
        let text = deck_file("my-deck", "My deck", &[]);
        let blocks = example_blocks(&text);
        let kinds: Vec<String> = blocks
            .iter()
            .map(|b| b.lines().nth(2).unwrap_or_default().to_string())
            .collect();
        assert_eq!(blocks.len(), 7, "{kinds:?}");
        let mut all = text.clone();
        for block in &blocks {
            let uncommented = uncomment(block);
            let one = text.replace(block.as_str(), &uncommented);
            let (deck, diagnostics) =
                parse_deck(&one, ParseContext::new(&known(), Default::default()));
            assert!(diagnostics.is_empty(), "{uncommented}\n{diagnostics:?}");
            assert_eq!(deck.unwrap().deck.cards.len(), 1);
            all = all.replace(block.as_str(), &uncommented);
        }
        let (deck, diagnostics) = parse_deck(&all, ParseContext::new(&known(), Default::default()));
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        assert_eq!(deck.unwrap().deck.kind_counts(), [1; 7]);
    }

    /// The runs of lines from `# [[card]]` to the next blank line.
    pub(super) fn example_blocks(text: &str) -> Vec<String> {
        let mut blocks = Vec::new();
        let mut current: Option<Vec<&str>> = None;
        for line in text.lines() {
            if line == "# [[card]]" {
                current = Some(vec![line]);
            } else if line.is_empty() {
                if let Some(block) = current.take() {
                    blocks.push(block.join("\n"));
                }
            } else if let Some(block) = current.as_mut() {
                block.push(line);
            }
        }
        blocks.extend(current.map(|b| b.join("\n")));
        blocks
    }

    fn uncomment(block: &str) -> String {
        block
            .lines()
            .map(|l| l.strip_prefix("# ").unwrap_or(l))
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn titles_from_ids() {
        assert_eq!(title_from("india-japan-basics"), "India japan basics");
    }
}
