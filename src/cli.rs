//! The command line: clap types only. Every argument's `///` comment is its help text.
//! Turning these into a checked [`crate::config::Config`] happens in `config`.
//!
//! This is the one module (with the handlers in `cmd`) that knows clap. Options that the domain
//! takes — [`Filter`], [`Selection`], [`Marking`] — are plain types of their own modules;
//! they get their command-line face here, from private mirror types that derive clap's
//! traits (see `args_through!`).

use std::path::PathBuf;

use clap::builder::PossibleValue;
use clap::{ArgMatches, Args, FromArgMatches, Parser, Subcommand, ValueEnum};

use crate::marking::Marking;
pub(crate) use crate::paper::Format as PaperFormat;
pub(crate) use crate::study::{Filter, Selection};

const ENVIRONMENT: &str = "\
Environment:
  UPSC_HOME
      data folder (config.toml, progress.db, backups, your own decks/ and seeds/);
      default: the platform's data folder, e.g. ~/.local/share/upsc
  UPSC_DECKS
      deck folders or files to use instead of the default (a path list, separated
      like PATH); --decks takes precedence
  UPSC_NOW
      an RFC 3339 time (2026-01-31T09:00:00+05:30) used instead of the clock, for
      tests and reproducible demos
  UPSC_NEW_PER_DAY, UPSC_REVIEWS_PER_DAY, UPSC_DESIRED_RETENTION
      override new_per_day, reviews_per_day and desired_retention of config.toml;
      `review --new` and `--limit` override them in turn
  NO_COLOR
      set to anything to turn colour off";

const COMPLETIONS: &str = "\
Install, for example:
  bash  upsc completions bash > ~/.local/share/bash-completion/completions/upsc
  zsh   upsc completions zsh > ~/.zfunc/_upsc   (with ~/.zfunc in fpath)
  fish  upsc completions fish > ~/.config/fish/completions/upsc.fish";

/// Spaced-repetition revision, topic quizzes and mock tests for UPSC Civil Services
/// aspirants, over decks of questions written in TOML.
#[derive(Debug, Parser)]
#[command(name = "upsc", version, after_help = ENVIRONMENT, max_term_width = 100)]
pub struct Cli {
    /// Use the decks in this folder or file instead of the default (bundled decks plus
    /// the decks in your data folder); repeat for several
    #[arg(long = "decks", value_name = "PATH", global = true)]
    pub decks: Vec<PathBuf>,

    /// Without a command: today's figures (`upsc today`), and on a terminal Enter starts
    /// the review
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    // Revising.
    /// Revise today's due and new cards (the daily job)
    Review(ReviewArgs),
    /// Show what is due now, per deck and in total, within the day's limits
    Due(JsonArg),
    /// Today at a glance: due per deck, new left, minutes, streak, exam, last mock,
    /// mistakes (what `upsc` alone shows)
    Today(JsonArg),
    // Testing yourself.
    /// Practise a topic: questions drawn at random, each explained after you answer
    Quiz(QuizArgs),
    /// Take a timed mock test with the Commission's negative marking (or see past tests)
    Test(TestArgs),
    /// Print a question paper to read or print (text, Markdown or HTML), with its answer key
    Paper(PaperArgs),
    /// List the mistake book: cards answered wrong, until answered right twice in a row
    Mistakes(MistakesArgs),
    /// Show your progress: streak, retention, accuracy by deck and topic, forecast, activity
    Stats(StatsArgs),
    /// Plan for the exam: days left, expected exam-day recall, the reviews a day it needs
    Exam(ExamArgs),
    /// Which questions to attempt on the paper: your calibration in mock tests and the
    /// attempt policy with the best chance of clearing the cutoff
    Coach(JsonArg),
    // Writing decks.
    /// Create a deck file with a commented example of every kind of card
    New(NewArgs),
    /// Add a card to one of your decks through a form that checks every field
    Add(AddArgs),
    /// Draft checked questions from an article (text, Markdown or HTML), offline, to
    /// accept, edit or skip one by one (or to review in a deck file)
    Draft(DraftArgs),
    /// Validate decks and source notes, with every problem located (and fix ids with --fix)
    Check(CheckArgs),
    /// Import cards from a CSV file or an Anki plain-text export into a deck
    Import(ImportArgs),
    /// Export decks for Anki, as CSV or as JSON, or the review log for the FSRS optimizer
    Export(ExportArgs),
    /// List the decks with their card counts, kinds and tags
    Decks(JsonArg),
    /// List the source notes and how many cards cite each
    Seeds(JsonArg),
    /// Write a source note (your own article, press release, report or past paper)
    Source(SourceArgs),
    // Your progress store.
    /// List every card with its scheduling state
    Cards(CardsArgs),
    /// Take back the last answer
    Undo,
    /// Fit the scheduler's parameters to your own review history
    Optimize,
    /// Check the progress database, repair what can be repaired, and rebuild card states
    /// from the review log
    Doctor,
    /// List the backups of your progress (with their check), or bring one back
    Restore(RestoreArgs),
    /// Study on more than one computer: exchange progress through a folder that
    /// Syncthing, Dropbox or git carries
    #[command(after_help = SYNC_HELP)]
    Sync(SyncArgs),
    // Setting up.
    /// Show the settings in effect and where each comes from, or change one in config.toml
    #[command(after_help = CONFIG_KEYS)]
    Config(ConfigArgs),
    /// Print a shell completion script for bash, zsh, fish or PowerShell
    #[command(after_help = COMPLETIONS)]
    Completions(CompletionsArgs),
    /// Print the manual page, in roff (save it as upsc.1 in ~/.local/share/man/man1)
    Man,
}

const CONFIG_KEYS: &str = "\
Settings (in config.toml in the data folder; `upsc config init` writes it with comments):
  new_per_day, reviews_per_day, desired_retention, day_starts_at, learning_steps,
  relearning_steps, maximum_interval_days, style, exam.date, exam.name,
  exam.target_recall, exam.final_revision_days, exam.cutoff, sync.dir, sync.name
Examples:
  upsc config set new_per_day 30
  upsc config set learning_steps 1m,10m,1h
  upsc config set exam.date 2027-05-23
  upsc config set exam.name \"Prelims 2027\"";

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct ConfigArgs {
    #[command(subcommand)]
    pub command: Option<ConfigCommand>,
    /// Print JSON for scripts
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct ExamArgs {
    #[command(subcommand)]
    pub command: Option<ExamCommand>,
    /// Print JSON for scripts
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum ExamCommand {
    /// Plan for the exam on DATE (YYYY-MM-DD): reviews are scheduled toward it
    Set {
        /// The exam's day, as in `2027-05-23`
        #[arg(value_name = "DATE")]
        date: String,
        /// What to call it, as in "Prelims 2027"
        #[arg(long, value_name = "NAME")]
        name: Option<String>,
    },
    /// Stop planning for an exam: the plain FSRS schedule applies again
    Clear,
}

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Set one setting in config.toml (written with every setting documented when missing)
    ///
    /// A value that would not work is refused with the reason, and nothing is written.
    Set {
        /// The setting: `new_per_day`, `exam.date` (a table's keys take its name and a dot)
        #[arg(value_name = "KEY")]
        key: String,
        /// The value: `30`, `0.85`, `1m,10m`, `2027-05-23`, `"Prelims 2027"`
        #[arg(value_name = "VALUE", allow_hyphen_values = true)]
        value: String,
    },
    /// Remove a setting from config.toml, so that its default applies again
    Unset {
        /// The setting, as for `set`
        #[arg(value_name = "KEY")]
        key: String,
    },
    /// Write config.toml with every setting documented and commented out (an existing
    /// file is left alone)
    Init,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete in
    #[arg(value_enum, value_name = "SHELL")]
    pub shell: Shell,
}

/// The shells `upsc completions` writes a script for.
// PowerShell is the shell's own name, not "Power" plus the enum's.
#[allow(clippy::enum_variant_names)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
    #[value(name = "powershell")]
    PowerShell,
}

#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// The backup to bring back: a name or date from the list (`progress-2026-11-28.db`,
    /// `2026-11-28`), a path, or `latest` for the newest that passes its check. Without
    /// it, the backups are listed
    pub backup: Option<String>,
    /// Print the list as JSON for scripts
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct JsonArg {
    /// Print JSON for scripts
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct MistakesArgs {
    /// Print JSON for scripts
    #[arg(long)]
    pub json: bool,
    /// Group the book: `why` classes each mistake as overconfidence (sure), an
    /// elimination error (50-50), a knowledge gap (a guess) or a misread, and lists the
    /// right answers that were guesses
    #[arg(long, value_name = "GROUPING")]
    pub by: Option<MistakesBy>,
    /// Go through the book on a terminal and correct each mistake's class with one key
    #[arg(long, conflicts_with = "json")]
    pub reclassify: bool,
}

/// How `mistakes --by` groups the book.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum MistakesBy {
    /// By the reason for the mistake
    Why,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Deck files or folders to check (default: the configured decks)
    pub paths: Vec<PathBuf>,
    /// Also fail on warnings (a card without explanation or source, a false statement
    /// without `why`)
    #[arg(long)]
    pub strict: bool,
    /// First fill in missing card ids and trim spaces around one-line strings in deck
    /// files (comments and layout are kept), then check
    #[arg(long)]
    pub fix: bool,
    /// Print every warning in full (by default the first 20 are, and the rest counted)
    #[arg(long)]
    pub all: bool,
}

/// The command-line face of [`Filter`].
#[derive(Debug, Args, Clone, Default)]
#[group(id = "Filter")]
struct FilterArgs {
    /// Only cards of this deck (repeat for several)
    #[arg(long = "deck", id = "deck_ids", value_name = "ID")]
    decks: Vec<String>,
    /// Only cards with this tag (repeat for several; a card needs any one of them)
    #[arg(long = "tag", value_name = "TAG")]
    tags: Vec<String>,
}

impl From<FilterArgs> for Filter {
    fn from(args: FilterArgs) -> Filter {
        Filter {
            decks: args.decks,
            tags: args.tags,
        }
    }
}

impl From<Filter> for FilterArgs {
    fn from(filter: Filter) -> FilterArgs {
        FilterArgs {
            decks: filter.decks,
            tags: filter.tags,
        }
    }
}

/// The command-line face of [`Selection`]: the filters of `review` and two more.
#[derive(Debug, Args, Clone, Default)]
#[group(id = "Selection")]
struct SelectionArgs {
    #[command(flatten)]
    filter: Filter,
    /// Only cards citing this source note (repeat for several; `upsc seeds` lists them)
    #[arg(long = "source", value_name = "ID")]
    sources: Vec<String>,
    /// Only cards of this kind: statements, pairs, rows, assertion, mcq, numeric, recall
    /// (repeat for several)
    #[arg(long = "kind", value_name = "KIND")]
    kinds: Vec<String>,
}

impl From<SelectionArgs> for Selection {
    fn from(args: SelectionArgs) -> Selection {
        Selection {
            filter: args.filter,
            sources: args.sources,
            kinds: args.kinds,
        }
    }
}

impl From<Selection> for SelectionArgs {
    fn from(selection: Selection) -> SelectionArgs {
        SelectionArgs {
            filter: selection.filter,
            sources: selection.sources,
            kinds: selection.kinds,
        }
    }
}

/// Gives a plain option type clap's `Args` through a mirror type that derives it, so that
/// `#[command(flatten)] filter: Filter` works while `Filter` itself knows nothing of clap.
macro_rules! args_through {
    ($plain:ty, $mirror:ty) => {
        impl FromArgMatches for $plain {
            fn from_arg_matches(matches: &ArgMatches) -> Result<Self, clap::Error> {
                <$mirror>::from_arg_matches(matches).map(Into::into)
            }
            fn from_arg_matches_mut(matches: &mut ArgMatches) -> Result<Self, clap::Error> {
                <$mirror>::from_arg_matches_mut(matches).map(Into::into)
            }
            fn update_from_arg_matches(&mut self, matches: &ArgMatches) -> Result<(), clap::Error> {
                let mut mirror = <$mirror>::from(self.clone());
                mirror.update_from_arg_matches(matches)?;
                *self = mirror.into();
                Ok(())
            }
        }

        impl Args for $plain {
            fn group_id() -> Option<clap::Id> {
                <$mirror>::group_id()
            }
            fn augment_args(command: clap::Command) -> clap::Command {
                <$mirror>::augment_args(command)
            }
            fn augment_args_for_update(command: clap::Command) -> clap::Command {
                <$mirror>::augment_args_for_update(command)
            }
        }
    };
}

args_through!(Filter, FilterArgs);
args_through!(Selection, SelectionArgs);

/// `--marking`: the values and their help, for [`Marking`] (which knows nothing of clap).
impl ValueEnum for Marking {
    fn value_variants<'a>() -> &'a [Self] {
        &Marking::ALL
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        let help = match self {
            Marking::Gs1 => "General Studies Paper I: +2 for a right answer, −2/3 for a wrong one",
            Marking::Csat => {
                "CSAT (General Studies Paper II): +2.5 for a right answer, −2.5/3 for a wrong one"
            }
            Marking::None => "One mark per right answer, nothing taken away",
        };
        Some(PossibleValue::new(self.as_str()).help(help))
    }
}

#[derive(Debug, Args)]
pub struct ReviewArgs {
    #[command(flatten)]
    pub filter: Filter,
    /// New cards to introduce today at most (default: new_per_day in `upsc config`, 20)
    #[arg(long = "new", value_name = "N")]
    pub new: Option<usize>,
    /// Cards to review today at most, counting those already reviewed today (default:
    /// reviews_per_day in `upsc config`, 200)
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
    /// Reveal typed cards and grade them yourself, Again/Hard/Good/Easy (default:
    /// self_grade in `upsc config`, false)
    #[arg(long)]
    pub self_grade: bool,
}

#[derive(Debug, Args)]
pub struct QuizArgs {
    #[command(flatten)]
    pub selection: Selection,
    /// How many questions (default 20)
    #[arg(short = 'n', long = "questions", value_name = "N", default_value_t = 20,
          value_parser = clap::value_parser!(u32).range(1..))]
    pub questions: u32,
    /// Draw from the mistake book (most recent mistakes first) instead
    #[arg(long)]
    pub mistakes: bool,
    /// Practise without moving the cards' revision schedule (answers are still logged)
    #[arg(long)]
    pub no_schedule: bool,
    /// Reveal typed cards and grade them yourself, Again/Hard/Good/Easy (default:
    /// self_grade in `upsc config`, false)
    #[arg(long)]
    pub self_grade: bool,
}

#[derive(Debug, Args)]
pub struct TestArgs {
    #[command(flatten)]
    pub selection: Selection,
    /// How many questions (default 100, or as many as match)
    #[arg(short = 'n', long = "questions", value_name = "N", default_value_t = 100,
          value_parser = clap::value_parser!(u32).range(1..))]
    pub questions: u32,
    /// Time allowed (default: 1.2 minutes a question as in GS Paper I, 1.5 under CSAT;
    /// 120 for 100 questions)
    #[arg(long, value_name = "MINUTES")]
    pub minutes: Option<f64>,
    /// How answers are marked
    #[arg(long, value_enum, default_value = "gs1")]
    pub marking: Marking,
    /// List past tests and the trend of their scores instead of taking one
    #[arg(long, conflicts_with = "resume")]
    pub history: bool,
    /// Reopen past test N (its # in --history): its scorecard, then its questions with
    /// your answers and the explanations
    #[arg(long, value_name = "N", conflicts_with_all = ["history", "resume"])]
    pub review: Option<i64>,
    /// Continue the test that was cut short (terminal closed, program killed) with the
    /// time it had left
    #[arg(long)]
    pub resume: bool,
    /// With --history: print JSON for scripts
    #[arg(long, requires = "history")]
    pub json: bool,
    /// Score a paper sat on paper: the paper's id as printed on it (`upsc paper`), or its
    /// seed; with the filters and -n it was printed with
    #[arg(long, value_name = "ID", conflicts_with_all = ["history", "resume"])]
    pub paper: Option<String>,
    /// With --paper: the answers marked on its sheet, a letter for each question and - for
    /// a blank (spaces ignored); read from standard input when not given
    #[arg(long, value_name = "LETTERS", requires = "paper")]
    pub answers: Option<String>,
}

#[derive(Debug, Args)]
pub struct PaperArgs {
    #[command(flatten)]
    pub selection: Selection,
    /// How many questions (default 100 as in GS Paper I, or as many as match)
    #[arg(short = 'n', long = "questions", value_name = "N",
          value_parser = clap::value_parser!(u32).range(1..))]
    pub questions: Option<u32>,
    /// Draw the paper with this seed: the same seed draws the same paper from the same
    /// decks (default: a fresh draw, its seed printed under the title)
    #[arg(long, value_name = "S", conflicts_with = "in_order")]
    pub seed: Option<u64>,
    /// Take the cards in the order written (decks by id, cards in file order), each as
    /// printed, instead of a random draw
    #[arg(long)]
    pub in_order: bool,
    /// Add the answer key after the questions: `Answer key`, then `N. (x)` a line
    #[arg(long)]
    pub key: bool,
    /// How to print it
    #[arg(long, value_enum, default_value = "text")]
    pub format: PaperFormat,
    /// Write here (atomically) instead of standard output
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// `--format` of `upsc paper`: the values and their help, for [`PaperFormat`] (which
/// knows nothing of clap).
impl ValueEnum for PaperFormat {
    fn value_variants<'a>() -> &'a [Self] {
        &PaperFormat::ALL
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        let help = match self {
            PaperFormat::Text => {
                "Plain text, wrapped to 80 columns (or the terminal's width, up to 100)"
            }
            PaperFormat::Markdown => "Markdown, with tables as Markdown tables",
            PaperFormat::Html => {
                "A printable A4 page with an answer grid (open it in a browser and print)"
            }
        };
        Some(PossibleValue::new(self.as_str()).help(help))
    }
}

#[derive(Debug, Args)]
pub struct StatsArgs {
    /// Print JSON for scripts
    #[arg(long)]
    pub json: bool,
    /// The period for retention and accuracy, in days (default 30)
    #[arg(long, value_name = "N", default_value_t = 30,
          value_parser = clap::value_parser!(u32).range(1..=3650))]
    pub days: u32,
}

const SYNC_HELP: &str = "\
Each computer writes only its own files, under DIR/upsc/devices/, and reads the others';
answers, undos, mock tests and settings (newest wins) are merged, and every computer ends
with the same card states. Examples:
  upsc sync ~/Sync/upsc --name home-laptop   (the first time; DIR is remembered)
  upsc sync                                  (after that)
  upsc sync --status";

#[derive(Debug, Args)]
pub struct SyncArgs {
    /// The shared folder (remembered in config.toml as sync.dir; default: that)
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// This computer's name as the others show it (remembered as sync.name; default: the
    /// host name)
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// List the computers seen in the folder, when each last wrote and how many answers
    /// each holds, without syncing
    #[arg(long)]
    pub status: bool,
}

#[derive(Debug, Args)]
pub struct CardsArgs {
    /// Only the cards of this deck
    #[arg(long, value_name = "ID")]
    pub deck: Option<String>,
    /// Print JSON for scripts
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// The review log as CSV with the columns card_id, review_time, review_rating,
    /// review_state and review_duration (for FSRS tools)
    RevlogCsv,
    /// Cards as an Anki plain-text file of Basic notes (File > Import in Anki)
    Anki,
    /// Cards as CSV with the columns `upsc import --format csv` reads
    Csv,
    /// Decks and cards with every field, as JSON
    Json,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// What to export
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    /// Only this deck (repeat for several; default: every deck); not for revlog-csv
    #[arg(long = "deck", id = "deck_ids", value_name = "ID")]
    pub deck_ids: Vec<String>,
    /// Write here instead of standard output
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// The new deck's id: kebab-case, unique across all decks; also the file name
    #[arg(value_name = "DECK-ID")]
    pub id: String,
    /// The deck's title (default: made from the id)
    #[arg(long, value_name = "T")]
    pub title: Option<String>,
    /// Create the file in this folder (default: the decks folder in your data folder)
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// A source note the deck draws on, by id (repeat for several; `upsc seeds` lists them)
    #[arg(long = "source", value_name = "ID")]
    pub sources: Vec<String>,
}

#[derive(Debug, Args)]
pub struct SourceArgs {
    #[command(subcommand)]
    pub command: SourceCommand,
}

#[derive(Debug, Subcommand)]
pub enum SourceCommand {
    /// Write a new source note into the data folder's seeds/, for cards to cite
    New(SourceNewArgs),
}

#[derive(Debug, Args)]
pub struct SourceNewArgs {
    /// The note's id: kebab-case, unique among source notes; cards cite it
    #[arg(value_name = "ID")]
    pub id: String,
    /// The article's title (asked for on a terminal when missing)
    #[arg(long, value_name = "T")]
    pub title: Option<String>,
    /// Where it appeared: newspaper, website, publisher (asked for when missing)
    #[arg(long, value_name = "O")]
    pub outlet: Option<String>,
    #[arg(long, value_name = "NAME")]
    /// Who wrote it
    pub author: Option<String>,
    /// When it appeared, as written (e.g. "August 2025")
    #[arg(long, value_name = "D")]
    pub date: Option<String>,
    /// op-ed, news-analysis, news-report, preview, study-note, press-release, report or
    /// past-paper (default: news-report)
    #[arg(long, value_name = "K")]
    pub kind: Option<String>,
    /// A web address where it can be read
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
    /// A summary of the facts, in your own words (can be written into the file later)
    #[arg(long, value_name = "S")]
    pub summary: Option<String>,
}

#[derive(Debug, Args)]
pub struct DraftArgs {
    /// The article files (plain text, Markdown or HTML); `-` reads standard input
    #[arg(value_name = "ARTICLE", required = true)]
    pub articles: Vec<std::path::PathBuf>,
    /// The source note the drafts cite; a new id writes the note first, as `upsc source
    /// new` does (title, outlet and kind asked for on a terminal)
    #[arg(long, value_name = "ID")]
    pub source: Option<String>,
    /// The deck accepted cards go into (with --out: the deck id of a new file)
    #[arg(long, value_name = "DECK-ID")]
    pub deck: Option<String>,
    /// Write every draft, marked `draft = true`, to this deck file instead of asking
    #[arg(long, value_name = "FILE")]
    pub out: Option<std::path::PathBuf>,
    /// At most this many drafts per article, best first
    #[arg(long, value_name = "N", default_value_t = 60)]
    pub max: usize,
    /// A new source note's title
    #[arg(long, value_name = "T")]
    pub title: Option<String>,
    /// A new source note's outlet (newspaper, website, publisher)
    #[arg(long, value_name = "O")]
    pub outlet: Option<String>,
    /// A new source note's date, as written
    #[arg(long, value_name = "D")]
    pub date: Option<String>,
    /// A new source note's kind (default: news-report)
    #[arg(long, value_name = "K")]
    pub kind: Option<String>,
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// The deck to add to (default: chosen from your own decks)
    #[arg(value_name = "DECK-ID")]
    pub deck: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImportFormat {
    /// CSV with a header row: prompt, answer, and optionally id, kind, options, accept,
    /// shuffle, self_grade, explanation, tags, source (see docs/deck-format.md)
    Csv,
    /// Anki's "Notes in Plain Text" export (tab-separated, with `#` header lines)
    Anki,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The file to import
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The format of the file
    #[arg(long, value_enum)]
    pub format: ImportFormat,
    /// The deck to import into: one of your decks, or a new deck made with this id
    #[arg(long, value_name = "DECK-ID")]
    pub deck: String,
    /// Folder for a new deck's file (default: the decks folder in your data folder)
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// Title of a new deck (default: its id)
    #[arg(long, value_name = "T")]
    pub title: Option<String>,
    /// Cite this source note on every imported card that names none (repeat for several)
    #[arg(long = "source", value_name = "ID")]
    pub sources: Vec<String>,
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn the_command_line_definition_is_consistent() {
        super::Cli::command().debug_assert();
    }
}
