//! The sync file format, version 1: UTF-8 text, one record a line.
//!
//! ```text
//! <checksum> <json>\n
//! ```
//!
//! `checksum` is the xxh3-64 of the JSON text, as 16 lowercase hex digits. The first line
//! is the [`Header`] (`{"format":"upsc-sync","version":1,"device":…,"name":…,"written":…}`),
//! every other line a [`Record`] tagged by `"t"`. A file is written whole under a
//! temporary name and renamed, and never changed after; so a line without its newline
//! can only be a copy still arriving (read up to it, and on from there next time), and a
//! complete line whose checksum fails is damage (the file is skipped, with a warning).

use std::io::{BufRead, BufReader, Seek, SeekFrom};
use std::path::Path;

use super::record::{Header, Record};

pub const FORMAT: &str = "upsc-sync";
pub const VERSION: u32 = 1;
/// The longest line read, newline included: a mock test of a few hundred questions is a
/// few hundred kilobytes; a longer line is no line of upsc's, and reading it whole would
/// cost its size in memory on every sync (the file is skipped, with a warning).
pub const MAX_LINE: usize = 4 << 20;

/// How [`read_line`] ended.
#[derive(Debug, PartialEq)]
enum Line {
    /// A whole line, with its newline, is in the buffer.
    Whole,
    /// The file ended first (what there was is in the buffer).
    Cut,
    /// Longer than [`MAX_LINE`]: the buffer holds its start only.
    TooLong,
}

/// Reads one line into `out` (cleared first), never holding more than [`MAX_LINE`] bytes
/// of it, whatever the file's shape.
fn read_line(reader: &mut impl BufRead, out: &mut Vec<u8>) -> std::io::Result<Line> {
    out.clear();
    loop {
        let available = match reader.fill_buf() {
            Ok(buffer) => buffer,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            return Ok(Line::Cut);
        }
        let (taken, whole) = match available.iter().position(|&b| b == b'\n') {
            Some(i) => (i + 1, true),
            None => (available.len(), false),
        };
        if out.len() + taken > MAX_LINE {
            return Ok(Line::TooLong);
        }
        out.extend_from_slice(&available[..taken]);
        reader.consume(taken);
        if whole {
            return Ok(Line::Whole);
        }
    }
}

/// One line of a sync file, with its newline.
pub fn line(json: &str) -> String {
    format!(
        "{:016x} {json}\n",
        xxhash_rust::xxh3::xxh3_64(json.as_bytes())
    )
}

/// What reading one file gave.
#[derive(Debug)]
pub enum Read1 {
    /// The header and the complete records from the offset asked for; `end` is the byte
    /// after the last complete line.
    Read {
        header: Header,
        records: Vec<Record>,
        end: u64,
    },
    /// Not even a whole header yet: a copy still arriving; nothing to do.
    NotYet,
    /// Not to be read, with why (one line, naming nothing: the caller names the file).
    Skip(String),
}

/// The JSON text of a line, if its checksum holds; `None` when it fails.
fn checked(line: &[u8]) -> Option<&str> {
    let text = std::str::from_utf8(line).ok()?;
    let (sum, json) = text.split_at_checked(16)?;
    let json = json.strip_prefix(' ')?;
    let sum = u64::from_str_radix(sum, 16).ok()?;
    (xxhash_rust::xxh3::xxh3_64(json.as_bytes()) == sum).then_some(json)
}

/// Reads `path` from byte `from` (0: the whole file; the header is always read), handing
/// each record to `each` as it is read instead of keeping them (the [`Read1::Read`] it
/// returns has none).
pub fn read_each(
    path: &Path,
    from: u64,
    each: &mut dyn FnMut(Record) -> anyhow::Result<()>,
) -> Result<Read1, Failure> {
    read_from(path, Some(from), each)
}

/// Why [`read_each`] stopped: the file could not be read, or `each` failed.
#[derive(Debug)]
pub enum Failure {
    Io(std::io::Error),
    Record(anyhow::Error),
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Failure {
        Failure::Io(e)
    }
}

/// Reads only the header of `path` (its records come back empty).
pub fn read_header(path: &Path) -> std::io::Result<Read1> {
    match read_from(path, None, &mut |_| Ok(())) {
        Ok(read) => Ok(read),
        Err(Failure::Io(e)) => Err(e),
        Err(Failure::Record(e)) => Err(std::io::Error::other(e.to_string())),
    }
}

fn read_from(
    path: &Path,
    from: Option<u64>,
    each: &mut dyn FnMut(Record) -> anyhow::Result<()>,
) -> Result<Read1, Failure> {
    let file = std::fs::File::open(path)?;
    let mut reader = BufReader::with_capacity(1 << 16, file);
    let mut first = Vec::new();
    if read_line(&mut reader, &mut first)? == Line::TooLong {
        return Ok(Read1::Skip(format!(
            "its first line is longer than {} MiB, which no upsc file has",
            MAX_LINE >> 20
        )));
    }
    if first.last() != Some(&b'\n') {
        // Starts like ours, or is empty: wait for the rest. Anything else is a stranger's.
        let ours_so_far = first.is_empty()
            || first.iter().all(u8::is_ascii_hexdigit)
            || (first.len() > 17 && checked_prefix(&first));
        return Ok(if ours_so_far {
            Read1::NotYet
        } else {
            Read1::Skip("it is not an upsc sync file".into())
        });
    }
    let Some(json) = checked(&first[..first.len() - 1]) else {
        return Ok(Read1::Skip(
            if first.starts_with(b"{") || first.get(16) != Some(&b' ') {
                "it is not an upsc sync file".into()
            } else {
                "its first line fails its checksum (damaged in copying?)".into()
            },
        ));
    };
    let header: Header = match serde_json::from_str(json) {
        Ok(header) => header,
        Err(_) => return Ok(Read1::Skip("it is not an upsc sync file".into())),
    };
    if header.format != FORMAT {
        return Ok(Read1::Skip("it is not an upsc sync file".into()));
    }
    if header.version > VERSION {
        return Ok(Read1::Skip(format!(
            "it was written by a newer upsc (format {}; this one reads {VERSION}); upgrade upsc on this computer",
            header.version
        )));
    }
    let header_end = first.len() as u64;
    let Some(from) = from else {
        return Ok(Read1::Read {
            header,
            records: Vec::new(),
            end: header_end,
        });
    };
    let start = from.max(header_end);
    reader.seek(SeekFrom::Start(start))?;
    let mut end = start;
    // Line by line: a file of a million answers is never held whole.
    let mut line = Vec::new();
    loop {
        match read_line(&mut reader, &mut line)? {
            Line::Whole => {}
            Line::Cut => break, // the end, or a line still arriving
            Line::TooLong => {
                return Ok(Read1::Skip(format!(
                    "the record at byte {end} is longer than {} MiB, which no upsc record is",
                    MAX_LINE >> 20
                )));
            }
        }
        let at = end;
        let Some(json) = checked(&line[..line.len() - 1]) else {
            return Ok(Read1::Skip(format!(
                "the record at byte {at} fails its checksum (damaged in copying?)"
            )));
        };
        let Ok(tag) = serde_json::from_str::<Tag>(json) else {
            return Ok(Read1::Skip(format!("the record at byte {at} is not JSON")));
        };
        if tag.t.as_deref().is_some_and(|k| Record::KINDS.contains(&k)) {
            match serde_json::from_str::<Record>(json) {
                Ok(record) => each(record).map_err(Failure::Record)?,
                Err(e) => {
                    return Ok(Read1::Skip(format!(
                        "the record at byte {at} cannot be read ({e})"
                    )));
                }
            }
        }
        end += line.len() as u64;
    }
    Ok(Read1::Read {
        header,
        records: Vec::new(),
        end,
    })
}

/// A record's kind, read before the record itself (one of a kind this build does not know
/// is passed over, not refused).
#[derive(serde::Deserialize)]
struct Tag {
    #[serde(default)]
    t: Option<String>,
}

/// Whether an unfinished first line looks like the start of ours (a checksum, a space
/// and a JSON object).
fn checked_prefix(first: &[u8]) -> bool {
    first[..16].iter().all(u8::is_ascii_hexdigit)
        && first[16] == b' '
        && first.get(17) == Some(&b'{')
}

/// Reads `path` from byte `from` (0: the whole file; the header is always read).
#[cfg(test)]
pub fn read(path: &Path, from: u64) -> std::io::Result<Read1> {
    let mut records = Vec::new();
    let read = read_from(path, Some(from), &mut |record| {
        records.push(record);
        Ok(())
    });
    match read {
        Ok(Read1::Read { header, end, .. }) => Ok(Read1::Read {
            header,
            records,
            end,
        }),
        Ok(other) => Ok(other),
        Err(Failure::Io(e)) => Err(e),
        Err(Failure::Record(e)) => Err(std::io::Error::other(e.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_carries_a_checksum_of_its_json() {
        let text = line("{\"t\":\"undo\",\"event\":\"a\"}");
        assert!(text.ends_with('\n'));
        assert_eq!(
            checked(text.trim_end().as_bytes()),
            Some("{\"t\":\"undo\",\"event\":\"a\"}")
        );
        let flipped = text.replace("\"a\"", "\"b\"");
        assert_eq!(checked(flipped.trim_end().as_bytes()), None);
    }

    fn read_text(text: &[u8], from: u64) -> Read1 {
        let dir = tempfile::TempDir::new().expect("a folder");
        let path = dir.path().join("f.log");
        std::fs::write(&path, text).expect("written");
        read(&path, from).expect("read")
    }

    #[test]
    fn reads_whole_records_and_stops_before_a_cut_one() {
        let header =
            line(r#"{"format":"upsc-sync","version":1,"device":"d","name":"n","written":0}"#);
        let one = line(r#"{"t":"undo","event":"e1"}"#);
        let two = line(r#"{"t":"later-kind","x":1}"#);
        let three = line(r#"{"t":"undo","event":"e3"}"#);
        let whole = format!("{header}{one}{two}{three}");
        let cut = &whole.as_bytes()[..whole.len() - 5];
        let Read1::Read { records, end, .. } = read_text(cut, 0) else {
            panic!("not read")
        };
        // The record of a kind this build does not know is passed over.
        assert_eq!(records.len(), 1);
        assert_eq!(end as usize, header.len() + one.len() + two.len());
        let Read1::Read { records, .. } = read_text(whole.as_bytes(), end) else {
            panic!("not read")
        };
        assert_eq!(
            records,
            vec![Record::Undo(crate::sync::record::UndoRecord {
                event: "e3".into()
            })]
        );
        // A header still arriving is waited for; a stranger's text is not ours.
        assert!(matches!(
            read_text(&header.as_bytes()[..30], 0),
            Read1::NotYet
        ));
        assert!(matches!(read_text(b"", 0), Read1::NotYet));
        assert!(matches!(read_text(b"milk\neggs\n", 0), Read1::Skip(_)));
        assert!(matches!(
            read_text(b"{\"format\":\"upsc-sync\"}\n", 0),
            Read1::Skip(_)
        ));
    }

    #[test]
    fn a_line_longer_than_any_of_ours_is_refused_without_being_held() {
        let header =
            line(r#"{"format":"upsc-sync","version":1,"device":"d","name":"n","written":0}"#);
        let mut text = header.clone().into_bytes();
        text.extend(std::iter::repeat_n(b'x', MAX_LINE + 10));
        let Read1::Skip(why) = read_text(&text, 0) else {
            panic!("not skipped")
        };
        assert!(why.contains("longer than 4 MiB"), "{why}");
        let mut first = vec![b'a'; MAX_LINE + 10];
        first.push(b'\n');
        assert!(matches!(read_text(&first, 0), Read1::Skip(_)));
        // Reading stops at the limit: what is held is never more than it.
        let mut reader = std::io::BufReader::new(&text[header.len()..]);
        let mut out = Vec::new();
        assert_eq!(
            read_line(&mut reader, &mut out).expect("read"),
            Line::TooLong
        );
        assert!(out.len() <= MAX_LINE);
    }
}
