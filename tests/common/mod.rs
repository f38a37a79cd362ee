//! The end-to-end harness: the real `upsc` binary run in a temporary data folder, with
//! its standard output, standard error and exit code checked exactly.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)] // a test harness may fail loudly

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::cargo::CommandCargoExt;
use tempfile::TempDir;

/// A temporary `UPSC_HOME` and a way to run the binary against it.
pub struct Env {
    pub home: TempDir,
    pub now: Option<String>,
}

impl Env {
    pub fn new() -> Env {
        Env {
            home: TempDir::new().expect("temporary folder"),
            now: None,
        }
    }

    pub fn at(mut self, now: &str) -> Env {
        self.now = Some(now.to_string());
        self
    }

    pub fn home(&self) -> &Path {
        self.home.path()
    }

    pub fn command(&self, args: &[&str]) -> std::process::Command {
        let mut command = std::process::Command::cargo_bin("upsc").expect("the upsc binary");
        command
            .args(args)
            .current_dir(manifest_dir())
            .env("UPSC_HOME", self.home.path())
            .env("NO_COLOR", "1")
            .env_remove("UPSC_DECKS")
            .env_remove("UPSC_NOW");
        if let Some(now) = &self.now {
            command.env("UPSC_NOW", now);
        }
        command
    }

    pub fn run(&self, args: &[&str]) -> Run {
        let output = self.command(args).output().expect("upsc runs");
        Run::from(output)
    }
}

/// The id a printed paper gives itself (its `Paper id : …` line), typed back to score it.
pub fn paper_id(printed: &str) -> String {
    printed
        .lines()
        .find_map(|l| l.strip_prefix("Paper id : "))
        .expect("the paper prints its id")
        .to_string()
}

/// Runs `command` in a pseudo-terminal of its own (CI has no terminal), as `xterm`.
pub fn spawn_in_terminal(mut command: std::process::Command) -> rexpect::session::PtySession {
    command.env("TERM", "xterm");
    rexpect::session::spawn_command(command, Some(20_000)).expect("spawn in a pseudo-terminal")
}

/// Sends keys at once: every interactive screen (the session, the quiz, the mock test,
/// the `add` form) holds the terminal's input raw before anything it asks is on screen,
/// so a test that has waited for the prompt may type straight away.
pub fn keys(p: &mut rexpect::session::PtySession, text: &str) {
    p.send(text).expect("send keys");
    p.flush().expect("flush keys");
}

pub fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// What one run printed and how it ended.
#[derive(Debug)]
pub struct Run {
    pub stdout: String,
    pub stderr: String,
    pub code: i32,
}

impl From<Output> for Run {
    fn from(output: Output) -> Run {
        Run {
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
            code: output.status.code().unwrap_or(-1),
        }
    }
}

impl Run {
    pub fn code(&self, expected: i32) -> &Run {
        assert_eq!(
            self.code, expected,
            "exit code\n--- stdout\n{}\n--- stderr\n{}",
            self.stdout, self.stderr
        );
        self
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", self.stdout))
    }
}

/// Compares `actual` with the snapshot file; `UPSC_BLESS=1` rewrites the snapshot.
pub fn assert_snapshot(path: &Path, actual: &str) {
    if std::env::var_os("UPSC_BLESS").is_some() {
        std::fs::write(path, actual).expect("write snapshot");
        return;
    }
    let expected = std::fs::read_to_string(path)
        .unwrap_or_else(|_| panic!("no snapshot at {}; run with UPSC_BLESS=1", path.display()));
    assert_eq!(
        actual,
        expected,
        "output differs from {} (UPSC_BLESS=1 rewrites it)",
        path.display()
    );
}
