//! Writing to standard output without panicking when the reader goes away
//! (`upsc cards --json | head`) or the disk is full, and a spinner for slow work.

use std::io::{self, Write};

use crate::error::{Exit, Quiet};

/// Writes text to standard output; a closed pipe ends the program quietly.
pub(crate) fn print(text: &str) -> anyhow::Result<()> {
    let mut out = io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Err(Quiet(Exit::Ok).into()),
        Err(e) => Err(anyhow::Error::new(e).context("cannot write to standard output")),
    }
}

/// Writes one message line (`upsc: …`) to standard error. On a terminal it is wrapped at
/// word boundaries to the terminal's width, its continuation lines indented under the
/// message, so the terminal never breaks a word; otherwise it stays one line, as scripts
/// read it. A closed standard error is ignored.
pub(crate) fn say_err(line: &str) {
    use std::io::IsTerminal as _;
    let width = match crossterm::terminal::size() {
        Ok((columns, _)) if columns > 0 && io::stderr().is_terminal() => Some(usize::from(columns)),
        _ => None,
    };
    let text = match width {
        Some(width) => crate::ui::Layout { width: Some(width) }
            .paragraph(line, "", "      ")
            .join("\n"),
        None => line.to_string(),
    };
    let _ = writeln!(io::stderr(), "{text}");
}

/// For an error met while writing to standard output: a closed pipe ends the program
/// quietly, another failure to write says so; any other error is left as it is.
pub(crate) fn quiet_if_closed(e: anyhow::Error) -> anyhow::Error {
    match e.downcast::<io::Error>() {
        Ok(io) if io.kind() == io::ErrorKind::BrokenPipe => Quiet(Exit::Ok).into(),
        Ok(io) => anyhow::Error::new(io).context("cannot write to standard output"),
        Err(other) => other,
    }
}

/// Serialises a value as pretty JSON followed by a newline and prints it.
pub(crate) fn print_json<T: serde::Serialize>(value: &T) -> anyhow::Result<()> {
    let mut text = serde_json::to_string_pretty(value)?;
    text.push('\n');
    print(&text)
}

/// Prints `rows` as a pretty JSON array followed by a newline, exactly as [`print_json`]
/// prints a list of them, but one row at a time through a 64 KB buffer, so a listing of a
/// hundred thousand cards is never held in memory. A closed pipe is quiet.
pub(crate) fn print_json_rows<T: serde::Serialize>(
    rows: impl IntoIterator<Item = T>,
) -> anyhow::Result<()> {
    use serde::Serializer as _;
    let mut out = io::BufWriter::with_capacity(64 * 1024, io::stdout().lock());
    let written = (|| -> Result<(), serde_json::Error> {
        serde_json::Serializer::pretty(&mut out).collect_seq(rows)?;
        out.write_all(b"\n").map_err(serde_json::Error::io)?;
        out.flush().map_err(serde_json::Error::io)
    })();
    match written {
        Ok(()) => Ok(()),
        Err(e) if e.io_error_kind() == Some(io::ErrorKind::BrokenPipe) => {
            Err(Quiet(Exit::Ok).into())
        }
        Err(e) if e.is_io() => {
            Err(anyhow::Error::new(e).context("cannot write to standard output"))
        }
        Err(e) => Err(e.into()),
    }
}

/// A spinner on standard error for work that may take more than a moment (loading a large
/// collection, reading a long history). It appears only if the work is still going after
/// a short delay and only on a terminal, so quick runs and scripts never see it.
pub(crate) struct Busy {
    bar: indicatif::ProgressBar,
    /// Set when the work is done; the lock keeps the spinner from starting after that.
    done: std::sync::Arc<std::sync::Mutex<bool>>,
}

/// Work shorter than this shows no spinner.
const BUSY_DELAY: std::time::Duration = std::time::Duration::from_millis(300);

impl Busy {
    pub(crate) fn start(message: &str) -> Busy {
        let bar =
            indicatif::ProgressBar::with_draw_target(None, indicatif::ProgressDrawTarget::stderr())
                .with_message(message.to_string());
        let done = std::sync::Arc::new(std::sync::Mutex::new(false));
        let (later, flag) = (bar.clone(), std::sync::Arc::clone(&done));
        std::thread::spawn(move || {
            std::thread::sleep(BUSY_DELAY);
            if let Ok(done) = flag.lock()
                && !*done
            {
                later.enable_steady_tick(std::time::Duration::from_millis(120));
            }
        });
        Busy { bar, done }
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        if let Ok(mut done) = self.done.lock() {
            *done = true;
        }
        self.bar.finish_and_clear();
    }
}

/// `println!` through [`print()`]: evaluates to `anyhow::Result<()>`, so a closed pipe ends
/// the program quietly and a full disk is a one-line error instead of a panic.
#[macro_export]
macro_rules! outln {
    () => {
        $crate::output::print("\n")
    };
    ($($arg:tt)*) => {
        $crate::output::print(&format!("{}\n", format_args!($($arg)*)))
    };
}

/// [`outln!`] for prose: the paragraph is wrapped at word boundaries to the terminal's
/// width when standard output is one (see [`crate::ui::Layout`]), and left as one line
/// otherwise.
#[macro_export]
macro_rules! sayln {
    () => {
        $crate::output::print("\n")
    };
    ($($arg:tt)*) => {
        $crate::output::print_wrapped(&format!($($arg)*))
    };
}

/// Prints a paragraph wrapped to the terminal (plain when not a terminal).
pub(crate) fn print_wrapped(text: &str) -> anyhow::Result<()> {
    let mut out = String::new();
    for line in crate::ui::Layout::for_stdout().paragraph(text, "", "") {
        out.push_str(&line);
        out.push('\n');
    }
    print(&out)
}
