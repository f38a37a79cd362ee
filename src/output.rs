//! Writing to standard output without panicking when the reader goes away
//! (`upsc cards --json | head`), and the colour decision.

use std::io::{self, Write};

use crate::error::{Exit, Quiet};

/// Writes text to standard output; a closed pipe ends the program quietly.
pub fn print(text: &str) -> anyhow::Result<()> {
    let mut out = io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Err(Quiet(Exit::Ok).into()),
        Err(e) => Err(anyhow::Error::new(e).context("cannot write to standard output")),
    }
}

/// Serialises a value as pretty JSON followed by a newline and prints it.
pub fn print_json<T: serde::Serialize>(value: &T) -> anyhow::Result<()> {
    let mut text = serde_json::to_string_pretty(value)?;
    text.push('\n');
    print(&text)
}

/// Whether to colour standard error/output: never with `NO_COLOR`, only on a terminal.
pub fn colour_wanted(stream_is_terminal: bool) -> bool {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let dumb = std::env::var("TERM").is_ok_and(|t| t == "dumb");
    stream_is_terminal && !no_color && !dumb
}
