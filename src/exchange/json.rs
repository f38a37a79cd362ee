//! The full deck model as JSON: every deck with every field of every card, in the shape
//! of [`Deck`]'s serde derive (cards carry their `kind` beside their fields). It reads
//! back into the same decks with [`read`].

use serde::{Deserialize, Serialize};

use crate::deck::Deck;

/// What `upsc export --format json` writes.
#[derive(Debug, Serialize, Deserialize)]
pub struct Export {
    /// Always `upsc-decks`, so that tools can tell the file apart.
    pub format: String,
    /// The version of this layout; readers refuse a newer one.
    pub version: u32,
    pub decks: Vec<Deck>,
}

pub const FORMAT: &str = "upsc-decks";
pub const VERSION: u32 = 1;

/// What [`write()`] writes before the first deck: everything up to the opening of the
/// `decks` list. Then each deck's [`write_piece`], the first after a line break and the others
/// after a comma and one, then [`tail`]: together, [`write()`]'s text.
pub fn head() -> String {
    format!("{{\n  \"format\": \"{FORMAT}\",\n  \"version\": {VERSION},\n  \"decks\": [")
}

/// One deck as pretty JSON at the depth of the `decks` list (what [`write_piece`] writes).
pub fn piece(deck: &Deck) -> anyhow::Result<String> {
    let text = serde_json::to_string_pretty(deck)?;
    // Line breaks in strings are escaped, so every raw one is the layout's.
    Ok(format!("    {}", text.replace('\n', "\n    ")))
}

/// Writes one deck as pretty JSON at the depth of the `decks` list to `out`, as it is
/// made: the text of a deck of 50,000 cards (29 MB) is never held.
pub fn write_piece(deck: &Deck, out: &mut dyn std::io::Write) -> anyhow::Result<()> {
    let mut indented = Indented {
        out,
        buffer: b"    ".to_vec(),
        failed: None,
    };
    let written = serde_json::to_writer_pretty(&mut indented, deck).map_err(anyhow::Error::from);
    let written = written.and_then(|()| indented.drain().map_err(anyhow::Error::from));
    // The writer's own error, as it was, for a closed pipe to be told apart.
    written.map_err(|error| match indented.failed.take() {
        Some(failed) => failed.into(),
        None => error,
    })
}

/// Indents every line after the first by the depth of the `decks` list. Line breaks in
/// strings are escaped, so every raw one is the layout's. The serializer writes a few
/// bytes at a time: they are gathered here and handed on 64 KiB at a time (handing each
/// on made the export of every card 40% slower).
struct Indented<'o> {
    out: &'o mut dyn std::io::Write,
    buffer: Vec<u8>,
    failed: Option<std::io::Error>,
}

impl Indented<'_> {
    /// Hands on what is gathered.
    fn drain(&mut self) -> std::io::Result<()> {
        if let Err(error) = self.out.write_all(&self.buffer) {
            let kind = error.kind();
            self.failed = Some(error);
            return Err(kind.into());
        }
        self.buffer.clear();
        Ok(())
    }
}

impl std::io::Write for Indented<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        for line in buf.split_inclusive(|&b| b == b'\n') {
            self.buffer.extend_from_slice(line);
            if line.ends_with(b"\n") {
                self.buffer.extend_from_slice(b"    ");
            }
        }
        if self.buffer.len() >= 1 << 16 {
            self.drain()?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.drain()?;
        self.out.flush()
    }
}

/// The end of the text, after `decks` pieces.
pub fn tail(decks: usize) -> &'static str {
    if decks == 0 { "]\n}\n" } else { "\n  ]\n}\n" }
}

/// Reads an export back into decks.
pub fn read(text: &str) -> anyhow::Result<Vec<Deck>> {
    let export: Export = serde_json::from_str(text)?;
    if export.format != FORMAT || export.version > VERSION {
        anyhow::bail!(
            "not an upsc deck export of a version this program reads (format `{}`, version {})",
            export.format,
            export.version
        );
    }
    Ok(export.decks)
}

#[cfg(test)]
pub fn write(decks: &[&Deck]) -> anyhow::Result<String> {
    let export = Export {
        format: FORMAT.to_string(),
        version: VERSION,
        decks: decks.iter().map(|d| (*d).clone()).collect(),
    };
    let mut text = serde_json::to_string_pretty(&export)?;
    text.push('\n');
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::load::{Collection, DeckSource, Decks};

    /// A closed pipe stops the export with the pipe's own error, for the command to end
    /// quietly (`output::quiet_if_closed`), not with serde's.
    #[test]
    fn a_writer_that_fails_stops_a_piece_with_its_own_error() {
        struct Closed(usize);
        impl std::io::Write for Closed {
            fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
                if self.0 < buf.len() {
                    return Err(std::io::ErrorKind::BrokenPipe.into());
                }
                self.0 -= buf.len();
                Ok(buf.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let collection = Collection::load(&Decks::bundled());
        let deck = &collection.decks[0];
        let mut whole = Vec::new();
        write_piece(deck, &mut whole).unwrap();
        for room in [0, 3, 100, whole.len() / 2] {
            let error = write_piece(deck, &mut Closed(room)).unwrap_err();
            let io = error.downcast_ref::<std::io::Error>();
            assert_eq!(
                io.map(std::io::Error::kind),
                Some(std::io::ErrorKind::BrokenPipe)
            );
        }
        assert!(write_piece(deck, &mut Closed(whole.len())).is_ok());
    }

    /// A large deck, written straight to the output, is written as a usual one is held.
    #[test]
    fn a_deck_written_out_is_the_deck_held() {
        let collection = Collection::load(&Decks::bundled());
        assert!(!collection.decks.is_empty());
        for deck in &collection.decks {
            let mut written = Vec::new();
            write_piece(deck, &mut written).unwrap();
            assert_eq!(String::from_utf8(written).unwrap(), piece(deck).unwrap());
        }
    }

    #[test]
    fn bundled_decks_round_trip_through_json() {
        round_trip(Collection::load(&Decks::bundled()));
    }

    #[test]
    fn every_paper_format_round_trips_through_json() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        let collection = Collection::load(&Decks::new(vec![
            DeckSource::Path(dir.join("paper2024")),
            DeckSource::Path(dir.join("paper2025")),
        ]));
        let rows = collection
            .decks
            .iter()
            .flat_map(|d| &d.cards)
            .filter(|c| c.kind() == crate::deck::Kind::Rows)
            .count();
        assert_eq!(rows, 2);
        round_trip(collection);
    }

    fn round_trip(collection: Collection) {
        let decks: Vec<&Deck> = collection.decks.iter().collect();
        let back = read(&write(&decks).unwrap()).unwrap();
        assert_eq!(back.len(), decks.len());
        for (again, deck) in back.iter().zip(&decks) {
            let mut deck = (*deck).clone();
            deck.origin = crate::deck::DeckOrigin::Unknown;
            for card in &mut deck.cards {
                card.line = 0;
            }
            assert_eq!(again, &deck);
        }
    }
}
