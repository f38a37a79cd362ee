//! Long output on a terminal through the learner's pager (`$PAGER`, else `less`), as
//! git does: only when standard output is a terminal and the text is taller than it.
//! Piped, or when no pager can be started, the text is printed as it is.

use std::io::{IsTerminal, Write};
use std::process::{Command, Stdio};

use crate::output;

/// Prints `text`, through the pager when it would scroll off a terminal.
pub fn page(text: &str) -> anyhow::Result<()> {
    if !std::io::stdout().is_terminal() {
        return output::print(text);
    }
    let rows = match crossterm::terminal::size() {
        Ok((_, rows)) if rows > 0 => usize::from(rows),
        _ => return output::print(text),
    };
    // One row is left for the shell's prompt after the text.
    if text.lines().count() < rows {
        return output::print(text);
    }
    match pager_command() {
        Some(command) => {
            if run(command, text) {
                Ok(())
            } else {
                output::print(text)
            }
        }
        None => output::print(text),
    }
}

/// The pager to run: `$PAGER` split into words (empty or `cat`: none), else `less`.
fn pager_command() -> Option<Command> {
    let wanted = std::env::var("PAGER").unwrap_or_else(|_| "less".to_string());
    let mut words = wanted.split_whitespace();
    let program = words.next()?;
    if program == "cat" {
        return None;
    }
    let mut command = Command::new(program);
    command.args(words).stdin(Stdio::piped());
    // less: keep colour, leave the text on screen after quitting, and quit at once if it
    // fits after all; an explicit $LESS is the learner's.
    if std::env::var_os("LESS").is_none() {
        command.env("LESS", "FRX");
    }
    Some(command)
}

/// Runs the pager over `text`; false when it could not be started (the caller prints).
fn run(mut command: Command, text: &str) -> bool {
    // Ctrl-C belongs to the pager while it runs (less ignores it; upsc must not end and
    // leave the pager behind on the terminal).
    #[cfg(unix)]
    let ignored = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    #[cfg(unix)]
    let handler = signal_hook::flag::register(signal_hook::consts::SIGINT, ignored.clone()).ok();
    let Ok(mut child) = command.spawn() else {
        #[cfg(unix)]
        if let Some(id) = handler {
            signal_hook::low_level::unregister(id);
        }
        return false;
    };
    if let Some(mut stdin) = child.stdin.take() {
        // The pager quitting before reading everything is not an error.
        let _ = stdin.write_all(text.as_bytes());
    }
    let _ = child.wait();
    #[cfg(unix)]
    if let Some(id) = handler {
        signal_hook::low_level::unregister(id);
    }
    true
}
