//! The `upsc` binary: all logic lives in the library; this only hands over the exit code.

fn main() -> std::process::ExitCode {
    upsc::run(std::env::args_os())
}
