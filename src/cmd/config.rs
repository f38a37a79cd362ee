//! `upsc config`: the settings in effect and where each comes from; `config set`,
//! `config unset` and `config init` change the settings file.

use crate::cli::{ConfigArgs, ConfigCommand};
use crate::config::Config;
use crate::error::{Exit, Quiet, UsageError};
use crate::output;
use crate::settings::file::{self, Edit, FileProblems};
use crate::settings::keys::{self, Key, Kind};
use crate::settings::{self, EffectiveSettings, Environment, Flags, Source, Value};

pub fn run(config: &Config, args: &ConfigArgs) -> anyhow::Result<Exit> {
    match &args.command {
        None => show(config, args.json),
        Some(ConfigCommand::Set { key, value }) => set(config, key, value),
        Some(ConfigCommand::Unset { key }) => unset(config, key),
        Some(ConfigCommand::Init) => init(config),
    }
}

fn show(config: &Config, json: bool) -> anyhow::Result<Exit> {
    // An unusable environment value is named and left out, and the rest shown.
    let (env, env_problems) = Environment::from_process().without_bad();
    let effective = match EffectiveSettings::load(&config.home, &env, &Flags::default()) {
        Ok(effective) => effective,
        Err(error) => {
            // The one command that lists every problem of the file, one line each.
            if let Some(problems) = error.downcast_ref::<FileProblems>() {
                for problem in &problems.problems {
                    crate::output::say_err(&format!("upsc: {problem}"));
                }
                return Err(Quiet(Exit::Failure).into());
            }
            return Err(error);
        }
    };
    let exit = if env_problems.is_empty() {
        Exit::Ok
    } else {
        Exit::Failure
    };
    for problem in &env_problems {
        crate::output::say_err(&format!("upsc: {problem} (left out here)"));
    }
    if json {
        print_json(&effective)?;
        return Ok(exit);
    }
    let file = effective.file.display();
    let heading = if effective.file_exists {
        format!("Settings file: {file}")
    } else {
        format!(
            "Settings file: {file} (none yet: `upsc config set KEY VALUE` or `upsc config init` writes it)"
        )
    };
    let shown: Vec<(&str, String, String)> = effective
        .entries()
        .iter()
        .map(|entry| {
            let value = entry
                .value
                .as_ref()
                .map_or_else(|| "(not set)".to_string(), Value::to_toml_text);
            (entry.key.name, value, entry.source.to_string())
        })
        .collect();
    // On a narrow terminal the value is cut before the source goes; piped, a line a key.
    let mut table = crate::ui::Table::new(vec![
        crate::ui::Column::left("key"),
        crate::ui::Column::left("value").shrink(8),
        crate::ui::Column::left("source").shrink(10).drop(1),
    ])
    .without_heading();
    for (key, value, source) in shown {
        table.row([key.to_string(), value, source]);
    }
    let width = crate::ui::stdout_width();
    let mut text = crate::ui::Layout { width }
        .paragraph(heading.trim_end(), "", "  ")
        .join("\n");
    text.push('\n');
    text.push_str(&table.text(width));
    output::print(&text)?;
    Ok(exit)
}

fn print_json(effective: &EffectiveSettings) -> anyhow::Result<Exit> {
    let mut settings = serde_json::Map::new();
    for entry in effective.entries() {
        let mut item = serde_json::Map::new();
        item.insert(
            "value".into(),
            entry
                .value
                .as_ref()
                .map_or(serde_json::Value::Null, Value::to_json),
        );
        item.insert("source".into(), entry.source.kind().into());
        match entry.source {
            Source::File { line } => {
                item.insert("line".into(), line.into());
            }
            Source::Environment(name) => {
                item.insert("variable".into(), name.into());
            }
            Source::Flag(flag) => {
                item.insert("flag".into(), flag.into());
            }
            Source::Default => {}
        }
        settings.insert(entry.key.name.into(), item.into());
    }
    output::print_json(&serde_json::json!({
        "file": effective.file.display().to_string(),
        "file_exists": effective.file_exists,
        "settings": settings,
    }))?;
    Ok(Exit::Ok)
}

/// The key named on the command line, or a usage error with the likeliest one meant.
fn key_named(name: &str) -> anyhow::Result<&'static Key> {
    if let Some(key) = keys::find(name.trim()) {
        return Ok(key);
    }
    let what = match keys::suggest_key(name.trim()) {
        Some(meant) => format!("did you mean `{meant}`?"),
        None => "`upsc config` lists them".to_string(),
    };
    Err(UsageError(format!("there is no setting `{name}`; {what}")).into())
}

fn set(config: &Config, name: &str, text: &str) -> anyhow::Result<Exit> {
    let key = key_named(name)?;
    let value = key
        .parse_text(text)
        .map_err(|why| UsageError(format!("{why}; the settings file is unchanged")))?;
    if let (Kind::Date, Value::Date(date)) = (key.kind, &value) {
        let today = config.now.date_naive();
        if *date < today {
            return Err(UsageError(format!(
                "`{}` {date} is in the past (today is {today}); give the coming exam's date; the settings file is unchanged",
                key.name
            ))
            .into());
        }
    }
    let path = settings::path(&config.home);
    let edited = file::edit(&path, &Edit::Set(key, value.clone()))?;
    let shown = path.display();
    let mut said = format!("{} = {}", key.name, value.to_toml_text());
    said = if !edited.changed {
        format!("{said} already in {shown}; nothing changed.")
    } else if edited.created {
        format!("{said} in a new {shown}, which documents every setting.")
    } else {
        format!("{said} in {shown}.")
    };
    if let Some(env) = key
        .env
        .filter(|env| std::env::var_os(env).is_some_and(|v| !v.to_string_lossy().trim().is_empty()))
    {
        said.push_str(&format!(
            " {env} is set, and overrides it while it stays set."
        ));
    }
    crate::sayln!("{said}")?;
    still_broken(&edited.remaining)
}

fn unset(config: &Config, name: &str) -> anyhow::Result<Exit> {
    let key = key_named(name)?;
    let path = settings::path(&config.home);
    let edited = file::edit(&path, &Edit::Unset(key))?;
    if edited.changed {
        let now = match key.default_value() {
            Some(value) => format!("back to its default, {}", value.to_toml_text()),
            None => "no longer set".to_string(),
        };
        crate::sayln!("{} is {now}.", key.name)?;
    } else {
        crate::sayln!(
            "{} is not set in {}; nothing changed.",
            key.name,
            path.display()
        )?;
    }
    still_broken(&edited.remaining)
}

/// After a change: problems left elsewhere in the file, one line each, and a failure
/// exit, since other commands refuse the file until they are fixed.
fn still_broken(remaining: &[String]) -> anyhow::Result<Exit> {
    if remaining.is_empty() {
        return Ok(Exit::Ok);
    }
    for problem in remaining {
        crate::output::say_err(&format!("upsc: {problem}"));
    }
    Err(Quiet(Exit::Failure).into())
}

fn init(config: &Config) -> anyhow::Result<Exit> {
    let path = settings::path(&config.home);
    if file::init(&path)? {
        crate::sayln!(
            "Wrote {}: every setting is documented there and commented out; uncomment a line or use `upsc config set KEY VALUE`.",
            path.display()
        )?;
    } else {
        crate::sayln!(
            "{} already exists; it is left as it is (`upsc config` shows what it sets).",
            path.display()
        )?;
    }
    Ok(Exit::Ok)
}
