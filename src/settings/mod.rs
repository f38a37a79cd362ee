//! The learner's settings: `<data folder>/config.toml` ([`file`](mod@file)), the keys it takes and
//! their checks ([`keys`]), and the settings in effect ([`EffectiveSettings`]), each value
//! taken from the first of: a command-line flag, an environment variable, the file, the
//! default — with where it came from.
//!
//! The scheduler's behavioural knobs (desired retention, steps, maximum interval, day
//! start) set here override the ones saved in the progress store; the FSRS parameters
//! fitted by `upsc optimize` stay in the store ([`EffectiveSettings::scheduler_settings`]).
//! Reading the settings never writes the file.

pub mod file;
pub mod keys;

use std::fmt;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

pub use keys::{Key, PaperStyle, Value};

use crate::scheduler::Settings as SchedulerSettings;

/// The settings file's name in the data folder.
pub const FILE_NAME: &str = "config.toml";

/// The settings file of a data folder.
pub fn path(home: &Path) -> PathBuf {
    home.join(FILE_NAME)
}

/// Where a setting's value came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Default,
    /// The settings file, at this line.
    File {
        line: usize,
    },
    /// This environment variable.
    Environment(&'static str),
    /// This command-line flag (`review --new`).
    Flag(&'static str),
}

impl Source {
    /// "default", "file", "environment" or "flag".
    pub fn kind(self) -> &'static str {
        match self {
            Source::Default => "default",
            Source::File { .. } => "file",
            Source::Environment(_) => "environment",
            Source::Flag(_) => "flag",
        }
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Default => write!(f, "default"),
            Source::File { line } => write!(f, "file, line {line}"),
            Source::Environment(name) => write!(f, "environment ({name})"),
            Source::Flag(flag) => {
                write!(f, "flag (--{})", flag.rsplit("--").next().unwrap_or(flag))
            }
        }
    }
}

/// A value and where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Setting<T> {
    pub value: T,
    pub source: Source,
}

/// The exam the learner is preparing for (the file's `[exam]`, when it has a date).
#[derive(Debug, Clone, PartialEq)]
pub struct Exam {
    /// The exam's day, in the learner's calendar.
    pub date: NaiveDate,
    /// What the learner calls it ("Prelims 2027"), if they said.
    pub name: Option<String>,
    /// The recall each card should have on exam day (0.7 to 0.99).
    pub target_recall: f64,
    /// The last days before the exam in which every card seen comes back once.
    pub final_revision_days: u32,
}

impl Exam {
    /// The exam's name, or "the exam on 23 May 2027".
    pub fn title(&self) -> String {
        match &self.name {
            Some(name) => name.clone(),
            None => format!("the exam on {}", self.date.format("%-d %B %Y")),
        }
    }

    /// What the scheduler plans for.
    pub fn target(&self) -> crate::scheduler::ExamTarget {
        crate::scheduler::ExamTarget {
            date: self.date,
            target_recall: self.target_recall as f32,
        }
    }
}

/// The environment variables that override the file, as found (empty counts as unset).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Environment {
    pub new_per_day: Option<String>,
    pub reviews_per_day: Option<String>,
    pub desired_retention: Option<String>,
}

impl Environment {
    /// `UPSC_NEW_PER_DAY`, `UPSC_REVIEWS_PER_DAY` and `UPSC_DESIRED_RETENTION` of this
    /// process.
    pub fn from_process() -> Environment {
        let var = |name| {
            std::env::var_os(name)
                .map(|v| v.to_string_lossy().into_owned())
                .filter(|v| !v.trim().is_empty())
        };
        Environment {
            new_per_day: var("UPSC_NEW_PER_DAY"),
            reviews_per_day: var("UPSC_REVIEWS_PER_DAY"),
            desired_retention: var("UPSC_DESIRED_RETENTION"),
        }
    }

    fn get(&self, name: &str) -> Option<&str> {
        match name {
            "UPSC_NEW_PER_DAY" => self.new_per_day.as_deref(),
            "UPSC_REVIEWS_PER_DAY" => self.reviews_per_day.as_deref(),
            "UPSC_DESIRED_RETENTION" => self.desired_retention.as_deref(),
            _ => None,
        }
    }

    /// These variables less the ones whose value is unusable, and a line naming each of
    /// those (`upsc config` shows every setting and names what it left out, where any
    /// other command stops at the first).
    pub fn without_bad(&self) -> (Environment, Vec<String>) {
        let mut good = self.clone();
        let mut problems = Vec::new();
        for key in keys::KEYS {
            let Some(name) = key.env else { continue };
            let Some(text) = self.get(name) else { continue };
            if let Err(why) = key.parse_text(text) {
                problems.push(format!(
                    "{name}: {}; fix or unset it",
                    why.replacen(&format!("`{}`", key.name), "the value", 1)
                ));
                match name {
                    "UPSC_NEW_PER_DAY" => good.new_per_day = None,
                    "UPSC_REVIEWS_PER_DAY" => good.reviews_per_day = None,
                    "UPSC_DESIRED_RETENTION" => good.desired_retention = None,
                    _ => {}
                }
            }
        }
        (good, problems)
    }
}

/// The command-line flags that override settings (`review --new N --limit N`).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Flags {
    pub new_per_day: Option<usize>,
    pub reviews_per_day: Option<usize>,
    /// `--self-grade`: typed cards revealed and graded.
    pub self_grade: Option<bool>,
}

/// One key's effective value, for listing: `None` when it is unset and has no default.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub key: &'static Key,
    pub value: Option<Value>,
    pub source: Source,
}

/// The settings in effect, with where each value came from.
#[derive(Debug, Clone, PartialEq)]
pub struct EffectiveSettings {
    /// The settings file (which may not exist).
    pub file: PathBuf,
    /// Whether the file exists.
    pub file_exists: bool,
    pub new_per_day: Setting<usize>,
    pub reviews_per_day: Setting<usize>,
    pub desired_retention: Setting<f64>,
    pub day_starts_at: Setting<u32>,
    /// Learning steps in seconds.
    pub learning_steps: Setting<Vec<u32>>,
    /// Relearning steps in seconds.
    pub relearning_steps: Setting<Vec<u32>>,
    pub maximum_interval_days: Setting<u32>,
    pub style: Setting<PaperStyle>,
    /// `self_grade`: typed cards revealed and graded by the learner.
    pub self_grade: Setting<bool>,
    /// `[sync] dir`: the folder `upsc sync` uses.
    pub sync_dir: Option<Setting<PathBuf>>,
    /// `[sync] name`: this computer's name in the sync folder.
    pub sync_name: Option<Setting<String>>,
    /// `[exam] cutoff`: the cutoffs `upsc coach` aims at, when set (with or without an
    /// exam date).
    pub exam_cutoff: Option<Setting<Vec<f64>>>,
    exam: Option<Exam>,
    /// Every key in the order of [`keys::KEYS`], for `upsc config`.
    entries: Vec<Entry>,
}

impl EffectiveSettings {
    /// Reads the settings file in `home` and applies the environment and the flags over
    /// it. A file with any problem is an error listing them, located; so is an
    /// environment variable with a value that would be refused in the file.
    pub fn load(home: &Path, env: &Environment, flags: &Flags) -> anyhow::Result<Self> {
        let file = path(home);
        let found = file::read(&file)?;
        let file_exists = found.is_some();
        EffectiveSettings::from_parts(file, file_exists, &found.unwrap_or_default(), env, flags)
    }

    /// The settings from what the file set (`found`), the environment and the flags.
    pub fn from_parts(
        file: PathBuf,
        file_exists: bool,
        found: &[file::Found],
        env: &Environment,
        flags: &Flags,
    ) -> anyhow::Result<Self> {
        let mut entries = Vec::with_capacity(keys::KEYS.len());
        for key in keys::KEYS {
            let mut entry = Entry {
                key,
                value: key.default_value(),
                source: Source::Default,
            };
            if let Some(f) = found.iter().rev().find(|f| f.key.name == key.name) {
                entry.value = Some(f.value.clone());
                entry.source = Source::File { line: f.line };
            }
            if let Some((name, text)) = key.env.and_then(|name| env.get(name).map(|t| (name, t))) {
                let value = key.parse_text(text).map_err(|why| {
                    anyhow::anyhow!(
                        "{name}: {}; fix or unset it",
                        why.replacen(&format!("`{}`", key.name), "the value", 1)
                    )
                })?;
                entry.value = Some(value);
                entry.source = Source::Environment(name);
            }
            let flag = match key.name {
                "new_per_day" => flags.new_per_day,
                "reviews_per_day" => flags.reviews_per_day,
                _ => None,
            };
            if let (Some(n), Some(flag_name)) = (flag, key.flag) {
                entry.value = Some(Value::Whole(i64::try_from(n).unwrap_or(i64::MAX)));
                entry.source = Source::Flag(flag_name);
            }
            if let (Some(b), "self_grade", Some(flag_name)) = (flags.self_grade, key.name, key.flag)
            {
                entry.value = Some(Value::Bool(b));
                entry.source = Source::Flag(flag_name);
            }
            entries.push(entry);
        }
        let entry = |name: &str| entries.iter().find(|e| e.key.name == name);
        let whole = |name: &str| -> Setting<i64> {
            match entry(name) {
                Some(Entry {
                    value: Some(Value::Whole(n)),
                    source,
                    ..
                }) => Setting {
                    value: *n,
                    source: *source,
                },
                _ => Setting {
                    value: 0,
                    source: Source::Default,
                },
            }
        };
        let fraction = |name: &str| -> Setting<f64> {
            match entry(name) {
                Some(Entry {
                    value: Some(Value::Fraction(f)),
                    source,
                    ..
                }) => Setting {
                    value: *f,
                    source: *source,
                },
                _ => Setting {
                    value: 0.9,
                    source: Source::Default,
                },
            }
        };
        let steps = |name: &str| -> Setting<Vec<u32>> {
            match entry(name) {
                Some(Entry {
                    value: Some(Value::Steps(s)),
                    source,
                    ..
                }) => Setting {
                    value: s.clone(),
                    source: *source,
                },
                _ => Setting {
                    value: Vec::new(),
                    source: Source::Default,
                },
            }
        };
        let count = |s: Setting<i64>| Setting {
            value: usize::try_from(s.value).unwrap_or(usize::MAX),
            source: s.source,
        };
        let small = |s: Setting<i64>| Setting {
            value: u32::try_from(s.value).unwrap_or(u32::MAX),
            source: s.source,
        };
        let style = match entry("style") {
            Some(Entry {
                value: Some(Value::Style(style)),
                source,
                ..
            }) => Setting {
                value: *style,
                source: *source,
            },
            _ => Setting {
                value: PaperStyle::default(),
                source: Source::Default,
            },
        };
        let self_grade = match entry("self_grade") {
            Some(Entry {
                value: Some(Value::Bool(b)),
                source,
                ..
            }) => Setting {
                value: *b,
                source: *source,
            },
            _ => Setting {
                value: false,
                source: Source::Default,
            },
        };
        let text = |name: &str| match entry(name) {
            Some(Entry {
                value: Some(Value::Text(t)),
                source,
                ..
            }) => Some(Setting {
                value: t.clone(),
                source: *source,
            }),
            _ => None,
        };
        let exam = match entry("exam.date") {
            Some(Entry {
                value: Some(Value::Date(date)),
                ..
            }) => Some(Exam {
                date: *date,
                name: text("exam.name").map(|s| s.value),
                target_recall: fraction("exam.target_recall").value,
                final_revision_days: small(whole("exam.final_revision_days")).value,
            }),
            _ => None,
        };
        Ok(EffectiveSettings {
            file,
            file_exists,
            new_per_day: count(whole("new_per_day")),
            reviews_per_day: count(whole("reviews_per_day")),
            desired_retention: fraction("desired_retention"),
            day_starts_at: small(whole("day_starts_at")),
            learning_steps: steps("learning_steps"),
            relearning_steps: steps("relearning_steps"),
            maximum_interval_days: small(whole("maximum_interval_days")),
            style,
            self_grade,
            sync_dir: text("sync.dir").map(|s| Setting {
                value: PathBuf::from(s.value),
                source: s.source,
            }),
            sync_name: text("sync.name"),
            exam_cutoff: match entry("exam.cutoff") {
                Some(Entry {
                    value: Some(Value::Marks(marks)),
                    source,
                    ..
                }) => Some(Setting {
                    value: marks.clone(),
                    source: *source,
                }),
                _ => None,
            },
            exam,
            entries,
        })
    }

    /// The exam planned for, when the file gives its date.
    pub fn exam(&self) -> Option<&Exam> {
        self.exam.as_ref()
    }

    /// Every key with its value and source, in the order the file documents them.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The scheduler's settings: the knobs set here (by the file or the environment)
    /// over `saved` — the store's settings, whose FSRS parameters and fuzz stay as they are.
    pub fn scheduler_settings(&self, saved: SchedulerSettings) -> SchedulerSettings {
        let mut settings = saved;
        let set = |source: Source| source != Source::Default;
        if set(self.desired_retention.source) {
            settings.desired_retention = self.desired_retention.value as f32;
        }
        if set(self.day_starts_at.source) {
            settings.day_starts_at_hour = self.day_starts_at.value;
        }
        if set(self.learning_steps.source) {
            settings.learning_steps_secs = self.learning_steps.value.clone();
        }
        if set(self.relearning_steps.source) {
            settings.relearning_steps_secs = self.relearning_steps.value.clone();
        }
        if set(self.maximum_interval_days.source) {
            settings.maximum_interval_days = self.maximum_interval_days.value;
        }
        settings
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<file::Found> {
        file::parse("config.toml", text).unwrap_or_else(|e| panic!("{e}"))
    }

    fn effective(text: &str, env: &Environment, flags: &Flags) -> EffectiveSettings {
        EffectiveSettings::from_parts("c".into(), true, &found(text), env, flags)
            .unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn flags_beat_the_environment_which_beats_the_file_which_beats_the_defaults() {
        let none = Environment::default();
        let defaults = effective("", &none, &Flags::default());
        assert_eq!(
            defaults.new_per_day,
            Setting {
                value: 20,
                source: Source::Default
            }
        );
        assert_eq!(defaults.reviews_per_day.value, 200);
        assert_eq!(defaults.desired_retention.value, 0.9);
        assert_eq!(defaults.day_starts_at.value, 4);
        assert_eq!(defaults.learning_steps.value, vec![60, 600]);
        assert_eq!(defaults.relearning_steps.value, vec![600]);
        assert_eq!(defaults.maximum_interval_days.value, 36_500);
        assert_eq!(defaults.style.value, PaperStyle::Y2025);
        assert_eq!(defaults.exam(), None);

        let text = "new_per_day = 30\nreviews_per_day = 150\ndesired_retention = 0.85\n";
        let from_file = effective(text, &none, &Flags::default());
        assert_eq!(from_file.new_per_day.value, 30);
        assert_eq!(from_file.new_per_day.source, Source::File { line: 1 });
        assert_eq!(from_file.desired_retention.source, Source::File { line: 3 });

        let env = Environment {
            new_per_day: Some("40".into()),
            reviews_per_day: None,
            desired_retention: Some("0.8".into()),
        };
        let from_env = effective(text, &env, &Flags::default());
        assert_eq!(from_env.new_per_day.value, 40);
        assert_eq!(
            from_env.new_per_day.source,
            Source::Environment("UPSC_NEW_PER_DAY")
        );
        assert_eq!(from_env.reviews_per_day.value, 150);
        assert_eq!(from_env.desired_retention.value, 0.8);

        let flags = Flags {
            new_per_day: Some(5),
            reviews_per_day: Some(50),
            self_grade: Some(true),
        };
        let from_flags = effective(text, &env, &flags);
        assert!(from_flags.self_grade.value);
        assert_eq!(
            from_flags.self_grade.source,
            Source::Flag("review --self-grade")
        );
        assert!(!from_env.self_grade.value, "off unless asked for");
        assert_eq!(from_flags.new_per_day.value, 5);
        assert_eq!(from_flags.new_per_day.source, Source::Flag("review --new"));
        assert_eq!(from_flags.reviews_per_day.value, 50);
        assert_eq!(from_flags.desired_retention.value, 0.8);
        assert_eq!(from_flags.new_per_day.source.to_string(), "flag (--new)");
    }

    #[test]
    fn a_bad_environment_value_is_an_error_naming_the_variable() {
        let env = Environment {
            desired_retention: Some("1.2".into()),
            ..Environment::default()
        };
        let error = EffectiveSettings::from_parts("c".into(), false, &[], &env, &Flags::default())
            .unwrap_err();
        assert_eq!(
            error.to_string(),
            "UPSC_DESIRED_RETENTION: the value must be a number from 0.7 to 0.99, found 1.2; fix or unset it"
        );
    }

    #[test]
    fn the_exam_needs_a_date_and_takes_its_defaults() -> anyhow::Result<()> {
        let none = Environment::default();
        let no_date = effective(
            "[exam]\nname = \"Prelims 2027\"\n",
            &none,
            &Flags::default(),
        );
        assert_eq!(no_date.exam(), None);
        let exam = effective(
            "[exam]\ndate = 2027-05-23\nname = \"Prelims 2027\"\n",
            &none,
            &Flags::default(),
        );
        let date = NaiveDate::from_ymd_opt(2027, 5, 23).ok_or(anyhow::anyhow!("date"))?;
        assert_eq!(
            exam.exam(),
            Some(&Exam {
                date,
                name: Some("Prelims 2027".into()),
                target_recall: 0.9,
                final_revision_days: 14,
            })
        );
        let unnamed = effective("[exam]\ndate = 2027-05-23\n", &none, &Flags::default());
        assert_eq!(
            unnamed.exam().map(Exam::title).as_deref(),
            Some("the exam on 23 May 2027")
        );
        Ok(())
    }

    #[test]
    fn the_file_overrides_the_stores_knobs_but_not_its_fitted_parameters() {
        let mut saved = SchedulerSettings {
            parameters: vec![0.5; crate::scheduler::PARAMETER_COUNT],
            fuzz: false,
            ..SchedulerSettings::default()
        };
        saved.relearning_steps_secs = vec![300];
        let text = "desired_retention = 0.8\nday_starts_at = 2\nlearning_steps = [\"5m\"]\nmaximum_interval_days = 400\n";
        let merged = effective(text, &Environment::default(), &Flags::default())
            .scheduler_settings(saved.clone());
        assert_eq!(merged.parameters, saved.parameters);
        assert!(!merged.fuzz);
        assert_eq!(merged.desired_retention, 0.8);
        assert_eq!(merged.day_starts_at_hour, 2);
        assert_eq!(merged.learning_steps_secs, vec![300]);
        // Not set in the file: the store's value stands.
        assert_eq!(merged.relearning_steps_secs, vec![300]);
        assert_eq!(merged.maximum_interval_days, 400);
        assert!(crate::scheduler::Scheduler::new(merged).is_ok());
    }
}
