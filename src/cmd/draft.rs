//! `upsc draft ARTICLE...`: reads the articles (refusing bad input before anything is
//! written), settles the source note the drafts cite (an existing one, or a new one
//! written through `upsc source new`'s path), drafts checked questions
//! ([`crate::draft`]), then either walks the author through them on a terminal
//! (accepted cards appended to a deck as `upsc add` appends) or, without a terminal or
//! with `--out`, writes every draft marked `draft = true` to a deck file for review.

use std::collections::HashSet;
use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};

use anyhow::{Context as _, anyhow};

use crate::author;
use crate::author::text::{CardText, deck_header};
use crate::cli::{DraftArgs, SourceNewArgs};
use crate::config::Config;
use crate::deck::load::{Collection, DeckSource, Decks};
use crate::deck::parse::ParseContext;
use crate::draft::{self, Article, Cited, Draft};
use crate::error::{Exit, UsageError};
use crate::seeds::Seed;
use crate::ui::prompt::Terminal;

/// The id under which one run's earlier drafts are checked against the next article's.
const EARLIER_DRAFTS: &str = "earlier-drafts-of-this-run";

pub fn run(config: &Config, args: &DraftArgs) -> anyhow::Result<Exit> {
    if args.max == 0 {
        return Err(UsageError("--max must be at least 1".to_string()).into());
    }
    // Every article is read and checked before anything is written.
    let mut articles: Vec<(String, Article)> = Vec::new();
    let mut stdin_used = false;
    for path in &args.articles {
        let (name, bytes) = if path.as_os_str() == "-" {
            if stdin_used {
                return Err(
                    UsageError("`-` (standard input) can be given once".to_string()).into(),
                );
            }
            stdin_used = true;
            let mut bytes = Vec::new();
            std::io::stdin()
                .take(draft::MAX_BYTES as u64 + 1)
                .read_to_end(&mut bytes)
                .context("could not read standard input")?;
            ("standard input".to_string(), bytes)
        } else {
            let name = path.display().to_string();
            let size = std::fs::metadata(path)
                .map_err(|e| anyhow!("cannot read {name}: {e}; check the path"))?
                .len();
            if size > draft::MAX_BYTES as u64 {
                return Err(draft::InputError::TooLarge(name).into());
            }
            let bytes = std::fs::read(path)
                .map_err(|e| anyhow!("cannot read {name}: {e}; check the path"))?;
            (name, bytes)
        };
        let article = draft::input::read_bytes(&name, &bytes, None)?;
        articles.push((name, article));
    }
    let terminal = std::io::stdin().is_terminal() && std::io::stdout().is_terminal() && !stdin_used;
    let interactive = terminal && args.out.is_none();

    let mut sources = config.decks.clone();
    sources.sources.push(DeckSource::Path(config.user_decks()));
    let collection = Collection::load_deck_tables(&config.decks);
    let seeds = Collection::load_seeds(&sources);

    // The drafts, before any note or deck is written: no fact, nothing written.
    let source_id = match &args.source {
        Some(id) => id.clone(),
        None => default_source_id(&args.articles),
    };
    let existing = seeds.seeds.iter().find(|s| s.id == source_id).cloned();
    let attribution = existing.as_ref().map_or_else(
        || {
            attribution_of(
                args.outlet.as_deref(),
                args.title.as_deref().unwrap_or(&source_id),
            )
        },
        |s| attribution_of(s.outlet.as_deref(), &s.title),
    );
    let cited = Cited {
        id: source_id.clone(),
        attribution,
    };
    let target = Target::choose(config, &collection, args, &source_id)?;
    let mut taken = target.ids()?;
    // The author's decks (the target among them): a draft asking what one of their cards
    // already asks is not offered.
    let mut decks = Collection::load(&sources).decks;
    // The deck the drafts go into, as it is now (it may lie outside the deck folder).
    let target_deck = target
        .exists
        .then(|| {
            let mut at = Decks::at(target.path.clone());
            at.style = config.decks.style;
            Collection::load(&at).decks
        })
        .and_then(|d| d.into_iter().next());
    let mut all: Vec<Draft> = Vec::new();
    let mut barren: Vec<&str> = Vec::new();
    // Articles whose every draft asks what a card of the author's decks already asks.
    let mut asked: Vec<&str> = Vec::new();
    for (name, article) in &articles {
        let drafts = draft::draft_article_among(
            article,
            &cited,
            args.max,
            &taken,
            &decks,
            target_deck.as_ref(),
        );
        if drafts.drafts.is_empty() {
            if drafts.asked_elsewhere > 0 {
                asked.push(name);
            } else {
                barren.push(name);
            }
            continue;
        }
        taken.extend(drafts.drafts.iter().map(|d| d.card.id.clone()));
        // A later article does not ask again what an earlier one's drafts ask: they join
        // the decks the next drafts are checked against.
        let cards = drafts.drafts.iter().map(|d| d.card.clone());
        match decks.iter_mut().find(|d| d.id == EARLIER_DRAFTS) {
            Some(earlier) => earlier.cards.extend(cards),
            None => decks.push(crate::deck::Deck {
                id: EARLIER_DRAFTS.to_string(),
                title: "Drafts of the articles before".to_string(),
                description: String::new(),
                tags: Vec::new(),
                sources: vec![source_id.clone()],
                cards: cards.collect(),
                lint: Vec::new(),
                style: config.decks.style,
                origin: crate::deck::DeckOrigin::Unknown,
            }),
        }
        all.extend(drafts.drafts);
    }
    const NO_FACT: &str = "no examinable fact (no figure, year, edition, grouping, scheme or named entity in a clause that makes a question)";
    const ASKED: &str = "only facts that cards of your decks already ask";
    if all.is_empty() && barren.is_empty() {
        return Err(anyhow!(
            "{} {} {ASKED}; nothing was written",
            asked.join(", "),
            crate::text::Count::new(asked.len(), "has", "have").noun()
        ));
    }
    for name in asked {
        crate::output::say_err(&format!(
            "upsc: {name} has {ASKED}; nothing drafted from it"
        ));
    }
    if all.is_empty() {
        return Err(anyhow!(
            "{} {} {NO_FACT}; nothing was written",
            barren.join(", "),
            if barren.len() == 1 { "has" } else { "have" }
        ));
    }
    for name in barren {
        crate::output::say_err(&format!(
            "upsc: {name} has {NO_FACT}; nothing drafted from it"
        ));
    }

    // The source note: an existing one, or a new one written now.
    if existing.is_none() {
        let new = SourceNewArgs {
            id: source_id.clone(),
            title: args.title.clone(),
            outlet: args.outlet.clone(),
            author: None,
            date: args.date.clone(),
            kind: args.kind.clone(),
            url: None,
            summary: None,
        };
        let seed: Seed = super::complete_source_note(&new, terminal).map_err(|e| {
            anyhow!(
                "{}; or name an existing note with `--source ID` (`upsc seeds` lists them)",
                e.to_string().trim_end_matches('.')
            )
        })?;
        let path = author::note::create(config, &seed)?;
        crate::output::say_err(&format!("Wrote the source note {}.", path.display()));
    }
    let known: HashSet<String> = seeds
        .seeds
        .iter()
        .map(|s| s.id.clone())
        .chain(std::iter::once(source_id.clone()))
        .collect();
    let known = config.decks.context(&known);

    if interactive {
        return triage(&target, &all, known, &source_id);
    }
    let written = target.write_drafts(&all, known)?;
    // `check FILE` reads the notes beside the file (and the bundled ones): say so when the
    // note the drafts cite is not among them.
    let beside = Collection::load_seeds(&Decks::at(written.clone()));
    if !beside.seeds.iter().any(|s| s.id == source_id) {
        crate::output::say_err(&format!(
            "upsc: note: `upsc check {}` will not find the source note `{source_id}` there; move the file into your deck folder ({}), or put a copy of the note in a `seeds` folder beside it",
            written.display(),
            config.user_decks().display(),
        ));
    }
    crate::output::print(&format!(
        "Wrote {} draft{} to {} (deck `{}`), each marked `draft = true`.\nReview them: fix or delete each, then delete its `draft = true` line; `upsc check {}` says how many are left.\n",
        all.len(),
        if all.len() == 1 { "" } else { "s" },
        written.display(),
        target.deck_id,
        written.display(),
    ))?;
    Ok(Exit::Ok)
}

/// "The Hindu, “Title”", or the title alone.
fn attribution_of(outlet: Option<&str>, title: &str) -> String {
    match outlet {
        Some(outlet) if !outlet.trim().is_empty() => {
            format!("{}, “{}”", outlet.trim(), title.trim())
        }
        _ => format!("“{}”", title.trim()),
    }
}

/// A source id from the first article's file name ("japan-visit.html" → `japan-visit`).
fn default_source_id(articles: &[PathBuf]) -> String {
    articles
        .iter()
        .find(|p| p.as_os_str() != "-")
        .and_then(|p| p.file_stem())
        .map(|s| crate::deck::parse::slug(&s.to_string_lossy().replace(['_', '.'], " "), 6))
        .filter(|s| !s.is_empty() && crate::deck::parse::is_kebab(s))
        .unwrap_or_else(|| "article".to_string())
}

/// Where the drafts go: a deck file, existing or to be created.
struct Target {
    path: PathBuf,
    deck_id: String,
    title: String,
    exists: bool,
}

impl Target {
    fn choose(
        config: &Config,
        collection: &Collection,
        args: &DraftArgs,
        source: &str,
    ) -> anyhow::Result<Target> {
        if let Some(out) = &args.out {
            let deck_id = args
                .deck
                .clone()
                .unwrap_or_else(|| format!("drafts-{source}"));
            author::require_kebab_id(&deck_id)?;
            return Ok(Target {
                exists: out.exists(),
                path: out.clone(),
                title: format!("Drafts from {source}"),
                deck_id,
            });
        }
        if let Some(id) = &args.deck {
            if let Ok(deck) = author::writable_deck(collection, id) {
                return Ok(Target {
                    path: author::deck_file(deck)?,
                    deck_id: deck.id.clone(),
                    title: deck.title.clone(),
                    exists: true,
                });
            }
            if collection.deck(id).is_some() {
                // Bundled: the same message `add` gives.
                author::writable_deck(collection, id)?;
            }
            author::require_kebab_id(id)?;
            let path = config.user_decks().join(format!("{id}.toml"));
            return Ok(Target {
                exists: path.exists(),
                path,
                title: format!("Drafts from {source}"),
                deck_id: id.clone(),
            });
        }
        let deck_id = format!("drafts-{source}");
        if let Some(deck) = collection.deck(&deck_id)
            && let Ok(path) = author::deck_file(deck)
        {
            return Ok(Target {
                path,
                deck_id,
                title: deck.title.clone(),
                exists: true,
            });
        }
        let path = config.user_decks().join(format!("{deck_id}.toml"));
        Ok(Target {
            exists: path.exists(),
            path,
            title: format!("Drafts from {source}"),
            deck_id,
        })
    }

    /// The card ids the deck file already uses.
    fn ids(&self) -> anyhow::Result<HashSet<String>> {
        if !self.exists {
            return Ok(HashSet::new());
        }
        let text = author::read_for_edit(&self.path)?;
        author::ids_in_text(&self.path, &text)
    }

    /// The file's text now: as it is, or a new deck's header.
    fn text(&self, source: &str) -> anyhow::Result<String> {
        if self.path.exists() {
            author::read_for_edit(&self.path)
        } else {
            Ok(deck_header(
                &self.deck_id,
                &self.title,
                &[source.to_string()],
            ))
        }
    }

    /// Appends `cards` (ids set) and writes the file atomically, after checking that the
    /// result parses with every card in it.
    fn append(
        &self,
        cards: &[CardText],
        ids: &[String],
        known: ParseContext<'_>,
        source: &str,
    ) -> anyhow::Result<()> {
        // A file that is new now must still be new when it is written (never replaced).
        let existed = self.path.exists();
        let text = self.text(source)?;
        let text = author::with_cards_appended(&self.path, &text, cards)?;
        author::check_edited(&text, ids, known)?;
        if let Some(dir) = self.path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
        }
        crate::fsutil::write_atomic(&self.path, &text, !existed)
    }

    /// Every draft, marked `draft = true`, appended in one write.
    fn write_drafts(&self, drafts: &[Draft], known: ParseContext<'_>) -> anyhow::Result<PathBuf> {
        let source = drafts
            .first()
            .and_then(|d| d.card.source.first().cloned())
            .unwrap_or_default();
        let mut cards = Vec::with_capacity(drafts.len());
        let mut ids = Vec::with_capacity(drafts.len());
        for d in drafts {
            let mut card = d.text.clone();
            card.boolean("draft", true);
            ids.push(d.card.id.clone());
            cards.push(card);
        }
        self.append(&cards, &ids, known, &source)?;
        Ok(self.path.clone())
    }
}

/// The walk on a terminal: each accepted card appended to the target at once.
fn triage(
    target: &Target,
    drafts: &[Draft],
    known: ParseContext<'_>,
    source: &str,
) -> anyhow::Result<Exit> {
    let mut terminal = Terminal::new();
    crate::ui::prompt::Prompter::say(
        &mut terminal,
        &format!(
            "{} draft{} for deck `{}` ({}). Accepted cards are added at once; Ctrl-C or Stop keeps them.",
            drafts.len(),
            if drafts.len() == 1 { "" } else { "s" },
            target.deck_id,
            target.path.display()
        ),
    );
    let mut edit = |text: &str| edit_in_editor(text);
    let mut keep = |mut card: CardText| -> anyhow::Result<String> {
        let mut taken = target.ids_now()?;
        let question = card
            .get("prompt")
            .or(card.get("stem"))
            .or(card.get("statement1"))
            .unwrap_or("card")
            .trim_matches('"')
            .to_string();
        let wanted = card.get("id").map(|v| v.trim_matches('"').to_string());
        let id = match wanted {
            Some(id) if !id.is_empty() && !taken.contains(&id) => id,
            _ => author::derive_id(&question, &mut taken),
        };
        card.set_id(&id);
        target.append(
            std::slice::from_ref(&card),
            std::slice::from_ref(&id),
            known,
            source,
        )?;
        Ok(id)
    };
    let walked = draft::triage::walk(&mut terminal, drafts, known, &mut edit, &mut keep)?;
    crate::output::print(&format!(
        "Accepted {} ({} edited), skipped {}, {} not reached. Deck `{}`: {}\n",
        walked.accepted.len(),
        walked.edited,
        walked.skipped,
        walked.left,
        target.deck_id,
        target.path.display()
    ))?;
    Ok(Exit::Ok)
}

impl Target {
    fn ids_now(&self) -> anyhow::Result<HashSet<String>> {
        if !self.path.exists() {
            return Ok(HashSet::new());
        }
        let text = author::read_for_edit(&self.path)?;
        author::ids_in_text(&self.path, &text)
    }
}

/// Opens `text` in `$VISUAL`, else `$EDITOR`, else `vi` (run through the shell, so an
/// editor with arguments works) and returns what was saved.
fn edit_in_editor(text: &str) -> anyhow::Result<String> {
    let editor = std::env::var("VISUAL")
        .ok()
        .filter(|v| !v.trim().is_empty())
        .or_else(|| {
            std::env::var("EDITOR")
                .ok()
                .filter(|v| !v.trim().is_empty())
        })
        .unwrap_or_else(|| "vi".to_string());
    let file = tempfile::Builder::new()
        .prefix("upsc-draft-")
        .suffix(".toml")
        .tempfile()
        .context("cannot make a temporary file for the editor")?;
    std::fs::write(file.path(), text).context("cannot write the card for the editor")?;
    crate::ui::screen::restore();
    let status = editor_command(&editor, file.path()).status().map_err(|e| {
        anyhow!("cannot start the editor `{editor}`: {e}; set EDITOR to your editor")
    })?;
    if !status.success() {
        return Err(anyhow!(
            "the editor `{editor}` failed ({status}); the card was not changed"
        ));
    }
    std::fs::read_to_string(file.path()).context("cannot read the edited card back")
}

fn editor_command(editor: &str, path: &Path) -> std::process::Command {
    if cfg!(windows) {
        let mut command = std::process::Command::new(editor);
        command.arg(path);
        command
    } else {
        let mut command = std::process::Command::new("sh");
        command
            .arg("-c")
            .arg(format!("{editor} \"$1\""))
            .arg("upsc-editor")
            .arg(path);
        command
    }
}
