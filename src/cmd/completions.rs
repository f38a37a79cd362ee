//! `upsc completions SHELL` and `upsc man`: the command line described for shells and for
//! `man`, generated from the same clap definition as `--help`, so they never drift.

use clap::CommandFactory;

use crate::cli::{Cli, Shell};
use crate::error::Exit;
use crate::output;

/// The completion script for `shell`, as text.
pub fn script(shell: Shell) -> String {
    let shell = match shell {
        Shell::Bash => clap_complete::Shell::Bash,
        Shell::Zsh => clap_complete::Shell::Zsh,
        Shell::Fish => clap_complete::Shell::Fish,
        Shell::PowerShell => clap_complete::Shell::PowerShell,
    };
    let mut command = Cli::command();
    let mut bytes = Vec::new();
    clap_complete::generate(shell, &mut command, "upsc", &mut bytes);
    String::from_utf8_lossy(&bytes).into_owned()
}

/// The manual page, in roff, starting with its `.TH` title line.
pub fn man_page() -> anyhow::Result<String> {
    let mut bytes = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut bytes)
        .map_err(|e| anyhow::anyhow!("cannot make the manual page: {e}; report this as a bug"))?;
    let page = String::from_utf8_lossy(&bytes);
    // roff writes its definition of the apostrophe string (`.ie`/`.el … Aq`) before the
    // title; the title line goes first, as man-pages(7) has it, and the definition still
    // comes before the first apostrophe it serves (the title has none).
    let mut title = String::new();
    let mut rest = String::new();
    for line in page.split_inclusive('\n') {
        if title.is_empty() && line.starts_with(".TH ") {
            title.push_str(line);
        } else {
            rest.push_str(line);
        }
    }
    Ok(title + &rest)
}

pub fn completions(shell: Shell) -> anyhow::Result<Exit> {
    output::print(&script(shell))?;
    Ok(Exit::Ok)
}

pub fn man() -> anyhow::Result<Exit> {
    output::print(&man_page()?)?;
    Ok(Exit::Ok)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shells_script_completes_the_commands() {
        for shell in [Shell::Bash, Shell::Zsh, Shell::Fish, Shell::PowerShell] {
            let script = script(shell);
            assert!(script.contains("review"), "{shell:?}: {script}");
            assert!(script.contains("mistakes"), "{shell:?}");
        }
    }

    #[test]
    fn the_man_page_is_roff_with_the_commands() -> anyhow::Result<()> {
        let page = man_page()?;
        assert!(page.starts_with(".TH"), "{}", &page[..page.len().min(200)]);
        assert!(page.contains("review"));
        Ok(())
    }
}
