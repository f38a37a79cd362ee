//! The settings a learner can write in `config.toml`: each key's name, what values it
//! takes, its default, its documentation (the comments of a new file), and the checks a
//! value must pass wherever it comes from (the file, the environment, `upsc config set`).

use chrono::NaiveDate;

use crate::scheduler::Settings as SchedulerSettings;

/// The paper style questions are shown in where a deck does not say: the decks' own
/// [`Style`](crate::question::wording::Style), one type for both.
pub use crate::question::wording::Style as PaperStyle;

/// What a key's value must be.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Kind {
    /// A whole number in `min..=max`.
    Whole { min: i64, max: i64 },
    /// A number in `min..=max`.
    Fraction { min: f64, max: f64 },
    /// A list of durations ("1m", "10m", "1d") that never gets shorter.
    Steps,
    /// "2025", "2024" or "2023".
    Style,
    /// A calendar date, YYYY-MM-DD.
    Date,
    /// A short line of text.
    Text,
    /// A folder.
    Path,
    /// true or false.
    Bool,
    /// Marks out of GS Paper I's 200: one number, or a list of them (cutoffs).
    Marks,
}

/// One setting of the file.
#[derive(Debug, PartialEq)]
pub struct Key {
    /// The name as `upsc config set` takes it: `new_per_day`, `exam.date`.
    pub name: &'static str,
    pub kind: Kind,
    /// What it does, for the file's comments (one line each).
    pub doc: &'static [&'static str],
    /// The environment variable that overrides it, if any.
    pub env: Option<&'static str>,
    /// The command-line flag that overrides it, if any.
    pub flag: Option<&'static str>,
    /// An example written in the new file's comment when the key has no default.
    pub example: Option<&'static str>,
}

impl Key {
    /// The table the key lives in (`exam` for `exam.date`), `None` at the top.
    pub fn table(&self) -> Option<&'static str> {
        self.name.split_once('.').map(|(table, _)| table)
    }

    /// The key's name inside its table (`date` for `exam.date`).
    pub fn leaf(&self) -> &'static str {
        self.name
            .split_once('.')
            .map_or(self.name, |(_, leaf)| leaf)
    }

    /// The value used when nothing sets this key, if it has one.
    pub fn default_value(&self) -> Option<Value> {
        let scheduler = SchedulerSettings::default();
        Some(match self.name {
            "new_per_day" => Value::Whole(DEFAULT_NEW_PER_DAY),
            "reviews_per_day" => Value::Whole(DEFAULT_REVIEWS_PER_DAY),
            "desired_retention" => Value::Fraction(round_f32(scheduler.desired_retention)),
            "day_starts_at" => Value::Whole(i64::from(scheduler.day_starts_at_hour)),
            "learning_steps" => Value::Steps(scheduler.learning_steps_secs),
            "relearning_steps" => Value::Steps(scheduler.relearning_steps_secs),
            "maximum_interval_days" => Value::Whole(i64::from(scheduler.maximum_interval_days)),
            "style" => Value::Style(PaperStyle::default()),
            "exam.target_recall" => Value::Fraction(DEFAULT_TARGET_RECALL),
            "exam.final_revision_days" => Value::Whole(DEFAULT_FINAL_REVISION_DAYS),
            "self_grade" => Value::Bool(false),
            _ => return None,
        })
    }

    /// What a value must be, for messages: "a whole number from 0 to 9999".
    pub fn expected(&self) -> String {
        match self.kind {
            Kind::Whole { min, max } => format!("a whole number from {min} to {max}"),
            Kind::Fraction { min, max } => format!("a number from {min} to {max}"),
            Kind::Steps => {
                "a list of durations that never get shorter, like [\"1m\", \"10m\"] (s, m, h or d)"
                    .to_string()
            }
            Kind::Style => "\"2025\", \"2024\" or \"2023\"".to_string(),
            Kind::Date => "a date written YYYY-MM-DD, like 2027-05-23".to_string(),
            Kind::Text => format!("a line of text of at most {MAX_TEXT} characters"),
            Kind::Path => "a folder, as a string".to_string(),
            Kind::Bool => "true or false".to_string(),
            Kind::Marks => format!(
                "marks from 0 to {MAX_MARKS}: one number, or a list like [98.0, 92.51, 87.54]"
            ),
        }
    }

    /// Checks a value as read from the file (or made from text by [`Key::parse_text`]).
    pub fn check(&self, raw: &Raw) -> Result<Value, String> {
        let name = self.name;
        let wrong = || {
            format!(
                "`{name}` must be {}, found {}",
                self.expected(),
                raw.describe()
            )
        };
        match self.kind {
            Kind::Whole { min, max } => {
                let number = match raw {
                    Raw::Int(n) => *n,
                    Raw::Float(f) if f.fract() == 0.0 && f.is_finite() => *f as i64,
                    _ => return Err(wrong()),
                };
                if (min..=max).contains(&number) {
                    Ok(Value::Whole(number))
                } else {
                    Err(wrong())
                }
            }
            Kind::Fraction { min, max } => {
                let number = match raw {
                    Raw::Int(n) => *n as f64,
                    Raw::Float(f) => *f,
                    _ => return Err(wrong()),
                };
                if number.is_finite() && number >= min && number <= max {
                    Ok(Value::Fraction(number))
                } else {
                    Err(wrong())
                }
            }
            Kind::Steps => {
                let Raw::Array(items) = raw else {
                    return Err(wrong());
                };
                let mut steps = Vec::with_capacity(items.len());
                for item in items {
                    let Raw::Str(text) = item else {
                        return Err(format!(
                            "`{name}` must be a list of durations written as strings, like [\"1m\", \"10m\"], found {}",
                            item.describe()
                        ));
                    };
                    steps.push(parse_duration(text).map_err(|why| format!("`{name}`: {why}"))?);
                }
                if let Some(pair) = steps.windows(2).find(|pair| pair[1] < pair[0]) {
                    return Err(format!(
                        "`{name}` must not get shorter, found {} then {}",
                        format_duration(pair[0]),
                        format_duration(pair[1])
                    ));
                }
                if steps.len() > MAX_STEPS {
                    return Err(format!(
                        "`{name}` has {} steps; use at most {MAX_STEPS}",
                        steps.len()
                    ));
                }
                Ok(Value::Steps(steps))
            }
            Kind::Style => {
                let style = match raw {
                    Raw::Str(text) => PaperStyle::parse(text.trim()),
                    Raw::Int(n) => PaperStyle::parse(&n.to_string()),
                    _ => None,
                };
                style.map(Value::Style).ok_or_else(wrong)
            }
            Kind::Bool => match raw {
                Raw::Bool(b) => Ok(Value::Bool(*b)),
                _ => Err(wrong()),
            },
            Kind::Date => match raw {
                Raw::Str(text) => parse_date(text).map(Value::Date).ok_or_else(wrong),
                Raw::Date(date) => Ok(Value::Date(*date)),
                _ => Err(wrong()),
            },
            Kind::Text | Kind::Path => {
                let Raw::Str(text) = raw else {
                    return Err(wrong());
                };
                let text = text.trim();
                if text.is_empty() {
                    return Err(format!("`{name}` is empty; write {}", self.expected()));
                }
                if let Some(c) = crate::text::first_control(text) {
                    return Err(format!(
                        "`{name}` contains a control character ({})",
                        crate::text::control_name(c)
                    ));
                }
                if self.kind == Kind::Text && text.chars().count() > MAX_TEXT {
                    return Err(wrong());
                }
                Ok(Value::Text(text.to_string()))
            }
            Kind::Marks => {
                let number = |raw: &Raw| match raw {
                    Raw::Int(n) => Some(*n as f64),
                    Raw::Float(f) => Some(*f),
                    _ => None,
                };
                let marks: Vec<f64> = match raw {
                    Raw::Array(items) => items.iter().map(number).collect::<Option<_>>(),
                    single => number(single).map(|n| vec![n]),
                }
                .ok_or_else(wrong)?;
                if marks.is_empty()
                    || marks.len() > MAX_CUTOFFS
                    || marks
                        .iter()
                        .any(|m| !(m.is_finite() && (0.0..=MAX_MARKS).contains(m)))
                {
                    return Err(wrong());
                }
                Ok(Value::Marks(marks))
            }
        }
    }

    /// Reads a value typed on the command line or in an environment variable: numbers as
    /// numbers (a fraction also as a percentage, "85%"), steps as a list separated by
    /// commas or spaces (brackets and quotes optional), everything else as text.
    pub fn parse_text(&self, text: &str) -> Result<Value, String> {
        let trimmed = text.trim();
        let raw = match self.kind {
            Kind::Whole { .. } => match trimmed.parse::<i64>() {
                Ok(n) => Raw::Int(n),
                Err(_) => Raw::Text(trimmed.to_string()),
            },
            Kind::Fraction { .. } => {
                let number = match trimmed.strip_suffix('%') {
                    Some(percent) => percent.trim().parse::<f64>().ok().map(|p| p / 100.0),
                    None => trimmed.parse::<f64>().ok(),
                };
                match number {
                    Some(n) => Raw::Float(n),
                    None => Raw::Text(trimmed.to_string()),
                }
            }
            Kind::Steps => {
                let inner = trimmed
                    .strip_prefix('[')
                    .and_then(|t| t.strip_suffix(']'))
                    .unwrap_or(trimmed);
                Raw::Array(
                    inner
                        .split(|c: char| c == ',' || c.is_whitespace())
                        .map(|item| item.trim().trim_matches(|c| c == '"' || c == '\''))
                        .filter(|item| !item.is_empty())
                        .map(|item| Raw::Str(item.to_string()))
                        .collect(),
                )
            }
            Kind::Bool => match trimmed.to_ascii_lowercase().as_str() {
                "true" | "yes" | "on" | "1" => Raw::Bool(true),
                "false" | "no" | "off" | "0" => Raw::Bool(false),
                _ => Raw::Text(trimmed.to_string()),
            },
            Kind::Marks => {
                let inner = trimmed
                    .strip_prefix('[')
                    .and_then(|t| t.strip_suffix(']'))
                    .unwrap_or(trimmed);
                let items: Vec<Raw> = inner
                    .split(|c: char| c == ',' || c.is_whitespace())
                    .filter(|item| !item.is_empty())
                    .map(|item| match item.parse::<f64>() {
                        Ok(n) => Raw::Float(n),
                        Err(_) => Raw::Text(item.to_string()),
                    })
                    .collect();
                match items.as_slice() {
                    [one] if !trimmed.starts_with('[') => one.clone(),
                    _ => Raw::Array(items),
                }
            }
            Kind::Style | Kind::Date | Kind::Text | Kind::Path => Raw::Str(text.to_string()),
        };
        self.check(&raw)
    }
}

/// New cards a day when nothing says otherwise.
pub const DEFAULT_NEW_PER_DAY: i64 = 20;
/// Reviews a day (cards in one `review` session) when nothing says otherwise.
pub const DEFAULT_REVIEWS_PER_DAY: i64 = 200;
/// The recall below which a card is brought back before the exam: 0.9. Measured by
/// `cargo bench --bench exam` (BENCHMARKS.md), 0.9 gave more exam-day recall for fewer
/// reviews than 0.95 at every desired retention tried, because the final revision
/// brings every card back anyway and a higher floor only adds reviews before it.
pub const DEFAULT_TARGET_RECALL: f64 = 0.9;
/// The last days before the exam in which every card seen is brought back once: two
/// weeks, the final revision most aspirants plan.
pub const DEFAULT_FINAL_REVISION_DAYS: i64 = 14;
/// The longest name or line of text a setting takes.
const MAX_TEXT: usize = 100;
/// The most learning or relearning steps.
const MAX_STEPS: usize = 20;
/// GS Paper I's maximum: 100 questions of 2 marks.
const MAX_MARKS: f64 = 200.0;
/// The most cutoffs `exam.cutoff` takes.
const MAX_CUTOFFS: usize = 100;

/// Every key the file takes, in the order the new file lists them.
pub const KEYS: &[Key] = &[
    Key {
        name: "new_per_day",
        kind: Kind::Whole { min: 0, max: 9999 },
        doc: &["New cards introduced per day at most (0 stops new cards)."],
        env: Some("UPSC_NEW_PER_DAY"),
        flag: Some("review --new"),
        example: None,
    },
    Key {
        name: "reviews_per_day",
        kind: Kind::Whole {
            min: 1,
            max: 99_999,
        },
        doc: &[
            "Cards reviewed in a study day at most, counting the sessions already done that day.",
        ],
        env: Some("UPSC_REVIEWS_PER_DAY"),
        flag: Some("review --limit"),
        example: None,
    },
    Key {
        name: "self_grade",
        kind: Kind::Bool,
        doc: &[
            "true: typed cards are revealed and graded by you (Again, Hard, Good, Easy),",
            "as in Anki, instead of typed and checked: handy on a phone keyboard.",
        ],
        env: None,
        flag: Some("review --self-grade"),
        example: None,
    },
    Key {
        name: "desired_retention",
        kind: Kind::Fraction {
            min: 0.7,
            max: 0.99,
        },
        doc: &[
            "The chance of recalling a card when it comes due, from 0.7 to 0.99: higher",
            "means more reviews (0.95 asks roughly twice as many as 0.9).",
        ],
        env: Some("UPSC_DESIRED_RETENTION"),
        flag: None,
        example: None,
    },
    Key {
        name: "day_starts_at",
        kind: Kind::Whole { min: 0, max: 23 },
        doc: &["The hour (0-23, your local time) at which a new study day begins."],
        env: None,
        flag: None,
        example: None,
    },
    Key {
        name: "learning_steps",
        kind: Kind::Steps,
        doc: &[
            "The waits between the first answers of a new card before it is revised in",
            "days: durations with s, m, h or d (\"30s\", \"10m\", \"1h\", \"1d\"); [] skips them.",
        ],
        env: None,
        flag: None,
        example: None,
    },
    Key {
        name: "relearning_steps",
        kind: Kind::Steps,
        doc: &["The same for a card you forgot, before it goes back to revision in days."],
        env: None,
        flag: None,
        example: None,
    },
    Key {
        name: "maximum_interval_days",
        kind: Kind::Whole {
            min: 1,
            max: 36_500,
        },
        doc: &["The longest wait, in days, before a card is asked again."],
        env: None,
        flag: None,
        example: None,
    },
    Key {
        name: "style",
        kind: Kind::Style,
        doc: &[
            "The paper style questions are worded in where a deck does not say: \"2025\", \"2024\" or \"2023\".",
        ],
        env: None,
        flag: None,
        example: None,
    },
    Key {
        name: "exam.date",
        kind: Kind::Date,
        doc: &[
            "The day of your exam (YYYY-MM-DD). Without it, no exam is planned for and the",
            "other [exam] settings wait.",
        ],
        env: None,
        flag: None,
        example: Some("2027-05-23"),
    },
    Key {
        name: "exam.name",
        kind: Kind::Text,
        doc: &["What to call it."],
        env: None,
        flag: None,
        example: Some("\"Prelims 2027\""),
    },
    Key {
        name: "exam.target_recall",
        kind: Kind::Fraction {
            min: 0.7,
            max: 0.99,
        },
        doc: &[
            "The recall, from 0.7 to 0.99, below which a card is brought back before the",
            "exam; with the final revision, 0.9 gave the most exam-day recall per review.",
        ],
        env: None,
        flag: None,
        example: None,
    },
    Key {
        name: "exam.final_revision_days",
        kind: Kind::Whole { min: 0, max: 120 },
        doc: &["The last days before the exam in which every card seen comes back once (0: none)."],
        env: None,
        flag: None,
        example: None,
    },
    Key {
        name: "exam.cutoff",
        kind: Kind::Marks,
        doc: &[
            "The GS Paper I cutoff `upsc coach` aims at, in marks: one number, or a list of",
            "cutoffs taken as equally likely (default: the general-category cutoffs of",
            "2018-2025, 98.00 98.00 92.51 87.54 88.22 75.41 87.98 92.66).",
        ],
        env: None,
        flag: None,
        example: Some("[98.0, 92.51, 87.54]"),
    },
    Key {
        name: "sync.dir",
        kind: Kind::Path,
        doc: &[
            "The folder `upsc sync` exchanges progress through with your other computers",
            "(one that Syncthing, Dropbox or a git repository carries).",
        ],
        env: None,
        flag: None,
        example: Some("\"~/Sync/upsc\""),
    },
    Key {
        name: "sync.name",
        kind: Kind::Text,
        doc: &[
            "This computer's name as your other computers show it (default: the host name);",
            "`upsc sync --name NAME` sets it.",
        ],
        env: None,
        flag: None,
        example: Some("\"home-laptop\""),
    },
];

/// The tables the file may have.
pub const TABLES: &[&str] = &["exam", "sync"];

/// The key of this name (`exam.date`), if there is one.
pub fn find(name: &str) -> Option<&'static Key> {
    KEYS.iter().find(|key| key.name == name)
}

/// The closest key name to a misspelt one, if it is close enough to be a likely typo: a
/// few letters off (Damerau–Levenshtein), or sharing most of its letter pairs
/// (Sørensen–Dice: `final_days` for `final_revision_days`, `retention` for
/// `desired_retention`).
pub fn suggest_key(wrong: &str) -> Option<&'static str> {
    let typo = crate::deck::parse::suggest(wrong, KEYS.iter().map(|key| key.name))
        .or_else(|| crate::deck::parse::suggest(wrong, KEYS.iter().map(|key| key.leaf())))
        .and_then(|leaf| KEYS.iter().find(|k| k.leaf() == leaf || k.name == leaf))
        .map(|key| key.name);
    typo.or_else(|| {
        let leaf = wrong.rsplit('.').next().unwrap_or(wrong);
        KEYS.iter()
            .map(|key| (strsim::sorensen_dice(leaf, key.leaf()), key.name))
            .filter(|(score, _)| *score >= 0.6)
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, name)| name)
    })
}

/// A value as found in the file, before it is checked against its key.
#[derive(Debug, Clone, PartialEq)]
pub enum Raw {
    Int(i64),
    Float(f64),
    Bool(bool),
    Str(String),
    Date(NaiveDate),
    /// A date-time or time, which no setting takes.
    Time(String),
    Array(Vec<Raw>),
    Table,
    /// Text typed where a number was wanted.
    Text(String),
}

impl Raw {
    /// The value for messages: "1.5", "the string \"abc\"", "a table".
    pub fn describe(&self) -> String {
        match self {
            Raw::Int(n) => n.to_string(),
            Raw::Float(f) => f.to_string(),
            Raw::Bool(b) => b.to_string(),
            Raw::Str(s) => format!("the string {s:?}"),
            Raw::Date(d) => d.to_string(),
            Raw::Time(t) => t.clone(),
            Raw::Array(_) => "a list".to_string(),
            Raw::Table => "a table".to_string(),
            Raw::Text(t) => format!("`{t}`"),
        }
    }
}

/// A checked value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Whole(i64),
    Fraction(f64),
    /// Durations in seconds.
    Steps(Vec<u32>),
    Style(PaperStyle),
    Date(NaiveDate),
    Text(String),
    Bool(bool),
    /// Marks, one or more.
    Marks(Vec<f64>),
}

impl Value {
    /// The value as TOML, for the file.
    pub fn to_toml(&self) -> toml_edit::Value {
        match self {
            Value::Whole(n) => toml_edit::Value::from(*n),
            Value::Fraction(f) => toml_edit::Value::from(*f),
            Value::Steps(steps) => {
                toml_edit::Value::Array(steps.iter().map(|s| format_duration(*s)).collect())
            }
            Value::Style(style) => toml_edit::Value::from(style.as_str()),
            Value::Date(date) => {
                let text = date.format("%Y-%m-%d").to_string();
                match text.parse::<toml_edit::Datetime>() {
                    Ok(datetime) => toml_edit::Value::from(datetime),
                    Err(_) => toml_edit::Value::from(text),
                }
            }
            Value::Text(text) => toml_edit::Value::from(text.as_str()),
            Value::Bool(b) => toml_edit::Value::from(*b),
            Value::Marks(marks) => match marks.as_slice() {
                [one] => toml_edit::Value::from(*one),
                _ => toml_edit::Value::Array(marks.iter().copied().collect()),
            },
        }
    }

    /// The value as written in the file: `20`, `0.9`, `["1m", "10m"]`, `2027-05-23`.
    pub fn to_toml_text(&self) -> String {
        self.to_toml().to_string().trim().to_string()
    }

    /// The value for `--json`.
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            Value::Whole(n) => serde_json::Value::from(*n),
            Value::Fraction(f) => serde_json::Value::from(*f),
            Value::Steps(steps) => steps.iter().map(|s| format_duration(*s)).collect(),
            Value::Style(style) => serde_json::Value::from(style.as_str()),
            Value::Date(date) => serde_json::Value::from(date.format("%Y-%m-%d").to_string()),
            Value::Text(text) => serde_json::Value::from(text.as_str()),
            Value::Bool(b) => serde_json::Value::from(*b),
            Value::Marks(marks) => marks.iter().copied().collect(),
        }
    }
}

/// A date written YYYY-MM-DD (four-digit year, two-digit month and day).
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    let shape = text.len() == 10
        && text.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    if !shape {
        return None;
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

/// A step such as "30s", "10m", "2h" or "1d", in seconds.
pub fn parse_duration(text: &str) -> Result<u32, String> {
    let text = text.trim();
    let how = "write a whole number and a unit (s, m, h or d), like \"10m\" or \"1d\"";
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .ok_or_else(|| format!("`{text}` has no unit; {how}"))?;
    let (digits, unit) = text.split_at(split);
    let unit_secs: u64 = match unit.trim() {
        "s" => 1,
        "m" => 60,
        "h" => 3_600,
        "d" => 86_400,
        _ => return Err(format!("`{text}` is not a duration; {how}")),
    };
    let count: u64 = digits
        .parse()
        .map_err(|_| format!("`{text}` is not a duration; {how}"))?;
    if count == 0 {
        return Err(format!("`{text}` is no wait at all; use at least \"1s\""));
    }
    count
        .checked_mul(unit_secs)
        .and_then(|secs| u32::try_from(secs).ok())
        .ok_or_else(|| format!("`{text}` is too long for a step"))
}

/// Seconds in the largest unit that divides them: 600 → "10m", 86400 → "1d".
pub fn format_duration(secs: u32) -> String {
    for (unit, size) in [("d", 86_400), ("h", 3_600), ("m", 60)] {
        if secs > 0 && secs.is_multiple_of(size) {
            return format!("{}{unit}", secs / size);
        }
    }
    format!("{secs}s")
}

/// An `f32` setting as the short decimal it was written as (0.9, not 0.8999999761…).
fn round_f32(value: f32) -> f64 {
    format!("{value}").parse().unwrap_or(f64::from(value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_and_write_in_the_largest_unit() {
        assert_eq!(parse_duration("1m"), Ok(60));
        assert_eq!(parse_duration("10m"), Ok(600));
        assert_eq!(parse_duration("1d"), Ok(86_400));
        assert_eq!(parse_duration(" 90s "), Ok(90));
        assert_eq!(format_duration(90), "90s");
        assert_eq!(format_duration(7_200), "2h");
        assert_eq!(format_duration(86_400), "1d");
        for bad in ["", "10", "m", "10x", "0m", "-1m", "1.5h", "99999d"] {
            assert!(parse_duration(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn text_from_the_command_line_is_read_by_kind() -> Result<(), String> {
        let key = |name| find(name).ok_or(format!("no key {name}"));
        assert_eq!(key("new_per_day")?.parse_text("30")?, Value::Whole(30));
        assert_eq!(
            key("desired_retention")?.parse_text("85%")?,
            Value::Fraction(0.85)
        );
        assert_eq!(
            key("learning_steps")?.parse_text("[\"1m\", \"10m\"]")?,
            Value::Steps(vec![60, 600])
        );
        assert_eq!(
            key("learning_steps")?.parse_text("1m 10m 1d")?,
            Value::Steps(vec![60, 600, 86_400])
        );
        assert_eq!(
            key("learning_steps")?.parse_text("[]")?,
            Value::Steps(vec![])
        );
        assert_eq!(
            key("style")?.parse_text("2024")?,
            Value::Style(PaperStyle::Y2024)
        );
        let date = NaiveDate::from_ymd_opt(2027, 5, 23).ok_or("date")?;
        assert_eq!(
            key("exam.date")?.parse_text("2027-05-23")?,
            Value::Date(date)
        );
        Ok(())
    }

    #[test]
    fn a_bad_value_says_why() -> Result<(), String> {
        let key = |name| find(name).ok_or(format!("no key {name}"));
        let error = key("desired_retention")?.parse_text("1.5").unwrap_err();
        assert_eq!(
            error,
            "`desired_retention` must be a number from 0.7 to 0.99, found 1.5"
        );
        let error = key("new_per_day")?.parse_text("lots").unwrap_err();
        assert_eq!(
            error,
            "`new_per_day` must be a whole number from 0 to 9999, found `lots`"
        );
        let error = key("learning_steps")?.parse_text("10m 1m").unwrap_err();
        assert_eq!(
            error,
            "`learning_steps` must not get shorter, found 10m then 1m"
        );
        let error = key("learning_steps")?.parse_text("10").unwrap_err();
        assert!(error.contains("`10` has no unit"), "{error}");
        for bad in ["2027-13-01", "2027-5-3", "23/05/2027", "tomorrow"] {
            let error = key("exam.date")?.parse_text(bad).unwrap_err();
            assert!(error.contains("YYYY-MM-DD"), "{bad}: {error}");
        }
        assert!(key("style")?.parse_text("2022").is_err());
        assert!(key("style")?.parse_text("2023").is_ok());
        assert!(key("exam.name")?.parse_text("  ").is_err());
        assert!(key("exam.name")?.parse_text("a\u{1b}[2J").is_err());
        Ok(())
    }

    #[test]
    fn a_cutoff_is_one_number_or_a_list_of_marks() -> Result<(), String> {
        let cutoff = find("exam.cutoff").ok_or("no key exam.cutoff")?;
        assert_eq!(cutoff.parse_text("98")?, Value::Marks(vec![98.0]));
        assert_eq!(
            cutoff.parse_text("[98.0, 92.51 87.54]")?,
            Value::Marks(vec![98.0, 92.51, 87.54])
        );
        assert_eq!(
            cutoff.check(&Raw::Array(vec![Raw::Int(90), Raw::Float(85.5)]))?,
            Value::Marks(vec![90.0, 85.5])
        );
        for bad in ["", "[]", "201", "-1", "ninety", "[90, x]"] {
            let error = cutoff.parse_text(bad).unwrap_err();
            assert!(error.contains("marks from 0 to 200"), "{bad}: {error}");
        }
        assert_eq!(Value::Marks(vec![98.0]).to_toml_text(), "98.0");
        assert_eq!(
            Value::Marks(vec![98.0, 92.51]).to_toml_text(),
            "[98.0, 92.51]"
        );
        Ok(())
    }

    #[test]
    fn every_key_with_a_default_accepts_it_and_defaults_match_the_scheduler() {
        for key in KEYS {
            if let Some(value) = key.default_value() {
                let text = value.to_toml_text();
                let reread = match &value {
                    Value::Steps(_) | Value::Text(_) | Value::Style(_) | Value::Date(_) => {
                        key.parse_text(text.trim_matches('"'))
                    }
                    _ => key.parse_text(&text),
                };
                assert_eq!(reread, Ok(value), "{}", key.name);
            } else {
                assert!(
                    key.example.is_some(),
                    "{} has neither default nor example",
                    key.name
                );
            }
        }
        let scheduler = SchedulerSettings::default();
        let default = |name| find(name).and_then(Key::default_value);
        assert_eq!(default("desired_retention"), Some(Value::Fraction(0.9)));
        assert_eq!(
            default("learning_steps"),
            Some(Value::Steps(scheduler.learning_steps_secs))
        );
    }

    #[test]
    fn a_misspelt_key_gets_a_suggestion() {
        assert_eq!(suggest_key("new_per_dya"), Some("new_per_day"));
        assert_eq!(suggest_key("exam.dat"), Some("exam.date"));
        assert_eq!(suggest_key("target_recal"), Some("exam.target_recall"));
        assert_eq!(
            suggest_key("exam.final_days"),
            Some("exam.final_revision_days")
        );
        assert_eq!(suggest_key("max_interval"), Some("maximum_interval_days"));
        assert_eq!(suggest_key("retention"), Some("desired_retention"));
        for unrelated in ["colour", "date_format", "theme", "steps"] {
            assert_eq!(suggest_key(unrelated), None, "{unrelated}");
        }
    }
}
