//! Studying on more than one computer (`upsc sync`): progress travels through a folder
//! that a tool the learner already runs (Syncthing, Dropbox, a git repository) carries.
//!
//! Each device writes only its own files, under `DIR/upsc/devices/<device-id>/`: one new
//! segment file per sync that has something to send, written whole under a temporary name
//! and renamed, never changed afterwards (the format is in [`mod@format`]). So no two devices
//! ever write the same file and a sync tool never has a conflict to resolve; should it make
//! a conflict copy anyway, it is read too (a union is idempotent). A sync writes what this
//! device did since its last one, reads what is new in every other file (how far each was
//! read is kept in the store), and merges it in one transaction ([`crate::store::events::Merge`], file by file):
//! answers, undos, amended ratings and finished mock tests by union, card states by replay.
//! The settings that travel (everything in `config.toml` but `[sync]`, and the fitted FSRS
//! parameters) go by last writer wins.

pub mod clean;
pub mod format;
pub mod record;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset, TimeZone, Utc};

use crate::scheduler::Scheduler;
use crate::settings::file::{self as settings_file, Edit};
use crate::settings::keys;
use crate::store::Store;
use crate::store::events::{Incoming, pause_point};
use record::{Header, Record, SettingsRecord};

/// The folder, inside the sync folder, that upsc's files live in.
pub const SUBFOLDER: &str = "upsc";

/// What one sync did, for its report.
#[derive(Debug, Default)]
pub struct Report {
    /// Answers (and undos, amends, tests) this device wrote to the folder.
    pub sent: usize,
    /// Answers new to this device, by device name, in name order.
    pub received: BTreeMap<String, usize>,
    /// Other devices whose files were read, by name.
    pub devices: Vec<String>,
    pub undone: usize,
    pub mocks: usize,
    /// A one-line account of settings taken from another device.
    pub settings: Option<String>,
    /// One line per file that was skipped, naming it.
    pub warnings: Vec<String>,
    /// Why this store became a new device since its last sync (copied, restored).
    pub new_device: Option<String>,
}

/// One device seen in the folder, for `upsc sync --status`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct DeviceStatus {
    pub device: String,
    pub name: String,
    pub this_device: bool,
    /// When it last wrote to the folder.
    pub last_written: Option<DateTime<Utc>>,
    /// Its answers this device holds.
    pub answers: usize,
    pub files: usize,
}

/// A path of the sync folder as a warning shows it: a file name planted there cannot
/// carry an escape sequence to the terminal.
fn shown(path: &Path) -> String {
    clean::line(&path.display().to_string(), 4096)
}

/// The device folders' parent.
pub fn devices_dir(dir: &Path) -> PathBuf {
    dir.join(SUBFOLDER).join("devices")
}

/// This computer's host name, the default device name.
pub fn host_name() -> String {
    #[cfg(unix)]
    {
        let name = rustix::system::uname()
            .nodename()
            .to_string_lossy()
            .into_owned();
        if !name.trim().is_empty() {
            return name.trim().to_string();
        }
    }
    std::env::var("COMPUTERNAME")
        .or_else(|_| std::env::var("HOSTNAME"))
        .ok()
        .filter(|n| !n.trim().is_empty())
        .unwrap_or_else(|| "this computer".to_string())
}

/// The files of the folder, as (path relative to `dir`, full path), in name order within
/// each device folder; files that are not upsc's in its own folder come out too (to be
/// warned about), hidden and temporary files do not.
fn folder_files(dir: &Path) -> anyhow::Result<Vec<(String, PathBuf)>> {
    let root = devices_dir(dir);
    let mut out = Vec::new();
    let entries = match std::fs::read_dir(&root) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(out),
        Err(e) => anyhow::bail!(
            "cannot read the sync folder `{}` ({e}); check its permissions",
            root.display()
        ),
    };
    let mut devices: Vec<_> = entries.filter_map(Result::ok).collect();
    devices.sort_by_key(std::fs::DirEntry::file_name);
    for device in devices {
        let name = device.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        let path = device.path();
        if !path.is_dir() {
            out.push((format!("devices/{name}"), path));
            continue;
        }
        let Ok(files) = std::fs::read_dir(&path) else {
            continue;
        };
        let mut files: Vec<_> = files.filter_map(Result::ok).collect();
        files.sort_by_key(std::fs::DirEntry::file_name);
        for file in files {
            let file_name = file.file_name().to_string_lossy().into_owned();
            if file_name.starts_with('.') || file_name.ends_with(".tmp") || !file.path().is_file() {
                continue;
            }
            out.push((format!("devices/{name}/{file_name}"), file.path()));
        }
    }
    Ok(out)
}

/// Writes this device's new segment: the header and `records`, under a name no file has,
/// streamed into a temporary file that is flushed to disk and then renamed (never over
/// an existing file). Returns its path relative to `dir` and its length.
fn write_segment<T>(
    dir: &Path,
    header: &Header,
    fill: impl FnOnce(&mut dyn FnMut(Record) -> anyhow::Result<()>) -> anyhow::Result<T>,
) -> anyhow::Result<(String, u64, T)> {
    use std::io::Write as _;
    let own = devices_dir(dir).join(&header.device);
    let trouble = |e: std::io::Error| {
        // tempfile's message ends with the temporary file's name, which means nothing to
        // the learner: the folder is named instead.
        let what = e.to_string();
        let what = what
            .split(" at path ")
            .next()
            .unwrap_or_default()
            .to_string();
        anyhow::anyhow!(
            "cannot write to the sync folder `{}` ({what}); check that it is yours to write and that the disk has room",
            shown(&own)
        )
    };
    std::fs::create_dir_all(&own).map_err(trouble)?;
    let next = std::fs::read_dir(&own)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter_map(|e| {
                    let name = e.file_name().to_string_lossy().into_owned();
                    name.split('-').next()?.parse::<u64>().ok()
                })
                .max()
                .unwrap_or(0)
        })
        .unwrap_or(0)
        + 1;
    // A random tail keeps two stores that share a device id (a copied data folder) from
    // ever choosing the same name; the write never replaces a file either way.
    let tail: u32 = rand::random();
    let name = format!("{next:06}-{tail:08x}.log");
    let path = own.join(&name);
    let mut temp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".upsc.tmp")
        .tempfile_in(&own)
        .map_err(trouble)?;
    let mut bytes = 0u64;
    let filled = {
        let mut out = std::io::BufWriter::with_capacity(1 << 20, temp.as_file_mut());
        let mut put = |json: String| -> std::io::Result<()> {
            let line = format::line(&json);
            bytes += line.len() as u64;
            out.write_all(line.as_bytes())
        };
        put(serde_json::to_string(header)?).map_err(trouble)?;
        let filled = fill(&mut |record| {
            put(serde_json::to_string(&record)?).map_err(trouble)?;
            Ok(())
        })?;
        out.flush().map_err(trouble)?;
        filled
    };
    temp.as_file().sync_all().map_err(trouble)?;
    temp.persist_noclobber(&path)
        .map_err(|e| trouble(e.error))?;
    crate::fsutil::sync_dir(&own);
    Ok((format!("devices/{}/{name}", header.device), bytes, filled))
}

/// What `sync` needs besides the store.
pub struct Options<'a> {
    pub dir: &'a Path,
    pub name: &'a str,
    /// The settings file of this data folder.
    pub settings_file: &'a Path,
    pub now: DateTime<FixedOffset>,
}

/// The settings that travel, as they are in this data folder now.
fn local_settings(options: &Options, store: &Store) -> anyhow::Result<SettingsRecord> {
    let found = settings_file::read(options.settings_file)?.unwrap_or_default();
    let values = found
        .into_iter()
        .filter(|f| f.key.table() != Some("sync"))
        .map(|f| (f.key.name.to_string(), f.value.to_toml_text()))
        .collect();
    let fsrs = store
        .note("settings")?
        .and_then(|json| serde_json::from_str(&json).ok());
    Ok(SettingsRecord {
        at: options.now.timestamp_millis(),
        version: 0,
        values,
        fsrs,
    })
}

fn settings_hash(record: &SettingsRecord) -> String {
    let json = serde_json::json!({"values": record.values, "fsrs": record.fsrs});
    format!(
        "{:016x}",
        xxhash_rust::xxh3::xxh3_64(json.to_string().as_bytes())
    )
}

/// Writes another device's settings here: its keys set, the others unset (but `[sync]`),
/// and its FSRS parameters. Returns the keys that changed.
fn apply_settings(
    options: &Options,
    store: &mut Store,
    mine: &SettingsRecord,
    theirs: &SettingsRecord,
) -> anyhow::Result<Vec<String>> {
    let mut changed = Vec::new();
    for key in keys::KEYS.iter().filter(|k| k.table() != Some("sync")) {
        let want = theirs.values.get(key.name);
        if want == mine.values.get(key.name) {
            continue;
        }
        let edit = match want {
            Some(text) => match key.parse_text(text) {
                Ok(value) => Edit::Set(key, value),
                Err(_) => continue,
            },
            None => Edit::Unset(key),
        };
        settings_file::edit(options.settings_file, &edit)?;
        changed.push(match want {
            Some(text) => format!("{} {text}", key.name),
            None => format!("{} unset", key.name),
        });
    }
    if theirs.fsrs != mine.fsrs
        && let Some(fsrs) = &theirs.fsrs
        && let Ok(settings) = serde_json::from_value::<crate::scheduler::Settings>(fsrs.clone())
    {
        store.save_settings(&settings)?;
        changed.push("the FSRS parameters".to_string());
    }
    Ok(changed)
}

/// The settings step, before answers are merged (the replay uses the settings that win).
///
/// Settings are ordered by a logical clock, never by a wall clock: a change made here
/// takes a version one above every version this store has seen, so it wins over every
/// setting it could have known of; two changes that never saw each other are ordered by
/// version, then device id, the same on every computer. Notes a local change, and takes
/// the winning other device's settings when they rank above the ones in force here.
/// Returns the record to send, if this device's changed, and the report's line.
fn exchange_settings(
    options: &Options,
    store: &mut Store,
    me: &str,
    theirs: Option<(String, String, SettingsRecord)>,
    seen: u64,
    restored: bool,
) -> anyhow::Result<(Option<SettingsRecord>, Option<String>)> {
    let mut mine = local_settings(options, store)?;
    let hash = settings_hash(&mine);
    let number = |key: &str| -> anyhow::Result<u64> {
        Ok(store
            .note(key)?
            .and_then(|v| v.parse().ok())
            .unwrap_or_default())
    };
    let seen = seen.max(number("sync_settings_seen")?);
    let mut version = number("sync_settings_version")?;
    let mut owner = store.note("sync_settings_owner")?.unwrap_or_default();
    let mut send = None;
    let last_hash = store.note("sync_settings_hash")?;
    if last_hash.as_deref() != Some(hash.as_str()) {
        if last_hash.is_none() && mine.values.is_empty() && mine.fsrs.is_none() {
            // A computer joining with nothing set has no settings to impose: it takes the
            // others' whatever they are.
            version = 0;
            owner = String::new();
        } else if restored {
            // A store restored beside a settings file newer than it: the file
            // holds what was in force, not a change of the learner's; what ranks above the
            // store's notes comes in from the folder as usual.
        } else {
            // Changed here since the last sync (or never sent): above all seen.
            version = seen.max(version) + 1;
            owner = me.to_string();
            mine.version = version;
            send = Some(mine.clone());
        }
        store.set_note("sync_settings_hash", &hash)?;
    }
    store.set_note("sync_settings_version", &version.to_string())?;
    store.set_note("sync_settings_owner", &owner)?;
    store.set_note("sync_settings_seen", &seen.max(version).to_string())?;
    let Some((device, name, theirs)) = theirs else {
        return Ok((send, None));
    };
    if (theirs.version, device.as_str()) <= (version, owner.as_str()) {
        return Ok((send, None));
    }
    let changed = apply_settings(options, store, &mine, &theirs)?;
    let now_mine = local_settings(options, store)?;
    store.set_note("sync_settings_version", &theirs.version.to_string())?;
    store.set_note("sync_settings_owner", &device)?;
    store.set_note("sync_settings_hash", &settings_hash(&now_mine))?;
    // What this device would send ranks below what it just took.
    let note = (!changed.is_empty()).then(|| {
        let when = Utc
            .timestamp_millis_opt(theirs.at)
            .single()
            .map(|t| {
                t.with_timezone(options.now.offset())
                    .format("%Y-%m-%d %H:%M")
                    .to_string()
            })
            .unwrap_or_default();
        format!(
            "settings from {name} (changed {when}, newer than this computer's): {}",
            crate::text::strip_controls(&changed.join(", "))
        )
    });
    Ok((None, note))
}

/// A file with something new, to merge.
struct Pending {
    relative: String,
    path: PathBuf,
    from: u64,
    device: String,
}

/// What a first look at the folder found: the files to merge (checked whole, so a damaged
/// one is known before anything is merged), the devices' names and the newest settings.
struct Gathered {
    files: Vec<Pending>,
    names: HashMap<String, String>,
    settings: Option<(String, SettingsRecord)>,
    /// The highest settings version in what was read.
    seen: u64,
    warnings: Vec<String>,
}

fn gather(dir: &Path, store: &Store, me: &str) -> anyhow::Result<Gathered> {
    let offsets = store.sync_files()?;
    let mut gathered = Gathered {
        files: Vec::new(),
        names: HashMap::new(),
        settings: None,
        seen: 0,
        warnings: Vec::new(),
    };
    for (relative, path) in folder_files(dir)? {
        let Ok(meta) = std::fs::metadata(&path) else {
            continue;
        };
        let done = offsets.get(&relative).copied();
        if done == Some(meta.len()) {
            continue;
        }
        // A file shorter than what was read of it was replaced: read it again (a union
        // takes nothing twice).
        let from = done.filter(|&d| d <= meta.len()).unwrap_or(0);
        // Only the settings are kept from this first look; the rest is read again, in
        // batches, as it is merged.
        let mut settings = Vec::new();
        let read = format::read_each(&path, from, &mut |record| {
            if let Record::Settings(s) = record {
                settings.push(s);
            }
            Ok(())
        });
        let read = match read {
            Ok(read) => read,
            Err(format::Failure::Io(e)) => {
                gathered.warnings.push(format!(
                    "upsc: warning: skipped `{}`: cannot read it ({e})",
                    shown(&path)
                ));
                continue;
            }
            Err(format::Failure::Record(e)) => return Err(e),
        };
        let header = match read {
            format::Read1::NotYet => continue,
            format::Read1::Skip(why) => {
                gathered.warnings.push(format!(
                    "upsc: warning: skipped `{}`: {why}; everything else was merged",
                    shown(&path)
                ));
                continue;
            }
            format::Read1::Read { header, .. } => header,
        };
        let folder = relative.split('/').nth(1).unwrap_or_default();
        if header.device != folder {
            gathered.warnings.push(format!(
                "upsc: warning: skipped `{}`: it names device {} but sits in the folder of {}; everything else was merged",
                shown(&path),
                clean::line(&header.device, clean::MAX_NAME),
                clean::line(folder, clean::MAX_NAME),
            ));
            continue;
        }
        let device = header.device.clone();
        gathered
            .names
            .insert(device.clone(), clean::line(&header.name, clean::MAX_NAME));
        for s in settings {
            gathered.seen = gathered.seen.max(s.version);
            if device != me
                && gathered
                    .settings
                    .as_ref()
                    .is_none_or(|(best_device, best)| {
                        (s.version, &device) > (best.version, best_device)
                    })
            {
                gathered.settings = Some((device.clone(), s));
            }
        }
        gathered.files.push(Pending {
            relative,
            path,
            from,
            device,
        });
    }
    Ok(gathered)
}

/// Records a batch holds before it is merged: enough to prepare the statements rarely,
/// few enough that a long history is never held whole.
const BATCH: usize = 20_000;

/// Merges the files found new, in one transaction. Every file was checked whole by the
/// first look; one that changed since (a sync tool at work) keeps what was merged of it
/// (each record stands alone) but is read again next time.
fn merge(
    store: &mut Store,
    files: &[Pending],
    scheduler: &Scheduler,
    warnings: &mut Vec<String>,
) -> anyhow::Result<crate::store::events::Merged> {
    let mut merge = store.begin_merge()?;
    for file in files {
        let mut batch = Incoming::default();
        let mut held = 0usize;
        let mut unusable = 0usize;
        let device = &file.device;
        let read = format::read_each(&file.path, file.from, &mut |record| {
            // Everything from the folder is checked and cleaned before it is stored.
            let taken = match record {
                Record::Answer(a) => {
                    clean::answer(a).map(|a| batch.answers.push((device.clone(), a)))
                }
                Record::Undo(u) => clean::undo(u).map(|u| batch.undos.push((device.clone(), u))),
                Record::Amend(a) => clean::amend(a).map(|a| batch.amends.push((device.clone(), a))),
                Record::Mock(m) => clean::mock(m).map(|m| batch.mocks.push((device.clone(), m))),
                Record::Scheduler(spec) => {
                    batch.schedulers.push(spec);
                    Some(())
                }
                Record::Settings(_) => Some(()),
            };
            unusable += usize::from(taken.is_none());
            held += 1;
            if held >= BATCH {
                merge.apply(&batch)?;
                batch = Incoming::default();
                held = 0;
            }
            Ok(())
        });
        if unusable > 0 {
            warnings.push(format!(
                "upsc: warning: left out {unusable} record(s) of `{}` with values out of range; everything else was merged",
                shown(&file.path)
            ));
        }
        match read {
            Ok(format::Read1::Read { header, end, .. }) if header.device == *device => {
                merge.apply(&batch)?;
                merge.file_read(&file.relative, device, end)?;
            }
            Err(format::Failure::Record(e)) => return Err(e),
            _ => {
                warnings.push(format!(
                    "upsc: warning: skipped `{}`: it changed while it was read; the next sync reads it",
                    shown(&file.path)
                ));
            }
        }
    }
    merge.finish(scheduler)
}

/// One sync: sends what this device did, reads what the others did, merges it.
/// `scheduler` rebuilds the merged cards' states; it is asked for after the settings are
/// exchanged, since they may change it.
pub fn sync(
    store: &mut Store,
    options: &Options,
    scheduler: impl FnOnce(&Store) -> anyhow::Result<Scheduler>,
) -> anyhow::Result<Report> {
    let me = store.device_id()?;
    let mut report = Report::default();
    let mut gathered = gather(options.dir, store, &me)?;
    let settings = gathered.settings.take().map(|(device, record)| {
        let name = gathered
            .names
            .get(&device)
            .cloned()
            .unwrap_or_else(|| device.clone());
        (device, name, record)
    });
    // A restored store is older than its settings file; a copied one was copied with
    // it, so a difference there is the learner's change.
    let restored = store
        .note(crate::store::identity::CHANGED_NOTE)?
        .is_some_and(|why| why == crate::store::identity::RESTORED);
    let (send_settings, note) =
        exchange_settings(options, store, &me, settings, gathered.seen, restored)?;
    report.settings = note;

    // This device's own segment first, independently of the merge: once it is written,
    // nothing that happens to the merge can lose it.
    let renamed = store.note("sync_sent_name")?.as_deref() != Some(options.name);
    if store.has_outgoing()? || send_settings.is_some() || renamed {
        let header = Header {
            format: format::FORMAT.to_string(),
            version: format::VERSION,
            device: me.clone(),
            name: options.name.to_string(),
            written: options.now.timestamp_millis(),
        };
        let (path, bytes, (marks, answers)) = write_segment(options.dir, &header, |put| {
            let mut answers = 0usize;
            let marks = store.visit_outgoing(&mut |record| {
                answers += usize::from(matches!(record, Record::Answer(_)));
                put(record)
            })?;
            if let Some(settings) = send_settings {
                put(Record::Settings(settings))?;
            }
            Ok((marks, answers))
        })?;
        pause_point("written");
        store.mark_sent(marks, &path, bytes)?;
        store.set_note("sync_sent_name", options.name)?;
        report.sent = answers;
    }

    let scheduler = scheduler(store)?;
    let merged = merge(store, &gathered.files, &scheduler, &mut gathered.warnings)?;
    for (device, count) in merged.answers {
        if device != me {
            let name = gathered.names.get(&device).cloned().unwrap_or(device);
            *report.received.entry(name).or_default() += count;
        }
    }
    // Every other device that ever wrote to the folder, not only those with news.
    let mut devices: Vec<String> = seen(options.dir)?
        .into_iter()
        .filter(|d| *d.0 != me)
        .map(|d| d.1.name)
        .collect();
    devices.sort();
    devices.dedup();
    report.devices = devices;
    report.undone = merged.undone;
    report.mocks = merged.mocks;
    report.warnings = gathered.warnings;
    report.new_device = store.note(crate::store::identity::CHANGED_NOTE)?;
    if report.new_device.is_some() {
        store.clear_note(crate::store::identity::CHANGED_NOTE)?;
    }
    Ok(report)
}

/// The devices that wrote to the folder, from their files' first lines (their latest
/// names, when each last wrote, how many files), without their answer counts.
fn seen(dir: &Path) -> anyhow::Result<BTreeMap<String, DeviceStatus>> {
    let mut devices: BTreeMap<String, DeviceStatus> = BTreeMap::new();
    for (_, path) in folder_files(dir)? {
        let Ok(format::Read1::Read { header, .. }) = format::read_header(&path) else {
            continue;
        };
        let written = Utc.timestamp_millis_opt(header.written).single();
        let entry = devices
            .entry(header.device.clone())
            .or_insert_with(|| DeviceStatus {
                device: clean::line(&header.device, clean::MAX_NAME),
                name: clean::line(&header.name, clean::MAX_NAME),
                this_device: false,
                last_written: None,
                answers: 0,
                files: 0,
            });
        entry.files += 1;
        if written > entry.last_written {
            entry.last_written = written;
            entry.name = clean::line(&header.name, clean::MAX_NAME);
        }
    }
    Ok(devices)
}

/// The devices that wrote to the folder, read from their files' first lines, with the
/// answers of each this store holds.
pub fn status(dir: &Path, store: &Store) -> anyhow::Result<Vec<DeviceStatus>> {
    let me = store.device_id()?;
    let held = store.answers_by_origin()?;
    let mut devices = seen(dir)?;
    for (device, status) in devices.iter_mut() {
        status.this_device = *device == me;
        status.answers = if *device == me {
            held.get(&None).copied().unwrap_or(0)
                + held.get(&Some(me.clone())).copied().unwrap_or(0)
        } else {
            held.get(&Some(device.clone())).copied().unwrap_or(0)
        };
    }
    // This computer first, then the others by name.
    let mut devices: Vec<DeviceStatus> = devices.into_values().collect();
    devices.sort_by(|a, b| (!a.this_device, &a.name).cmp(&(!b.this_device, &b.name)));
    Ok(devices)
}
