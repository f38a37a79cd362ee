//! Compiles the bundled decks and source notes into the binary, so an installed `upsc`
//! works from any folder. Each file becomes an `include_str!`, which rustc tracks; the
//! `rerun-if-changed` lines catch files added or removed.

use std::fmt::Write as _;
use std::path::Path;
use std::{env, fs, io};

fn toml_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) -> io::Result<()> {
    let mut entries: Vec<_> = fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = entry.path();
        if entry.file_type()?.is_dir() {
            toml_files(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "toml") {
            out.push(path);
        }
    }
    Ok(())
}

fn table(name: &str, folder: &str, root: &Path) -> io::Result<String> {
    let dir = root.join(folder);
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files = Vec::new();
    if dir.is_dir() {
        toml_files(&dir, &mut files)?;
    }
    let mut code = format!("pub(crate) static {name}: &[(&str, &str)] = &[\n");
    for file in files {
        let relative = file.strip_prefix(root).unwrap_or(&file);
        let shown = relative.to_string_lossy().replace('\\', "/");
        let _ = writeln!(
            code,
            "    ({shown:?}, include_str!({:?})),",
            file.display().to_string()
        );
    }
    code.push_str("];\n");
    Ok(code)
}

fn main() -> io::Result<()> {
    let root = env::var_os("CARGO_MANIFEST_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_default();
    let mut code = table("DECKS", "decks", &root)?;
    code.push_str(&table("SEEDS", "seeds", &root)?);
    let out = env::var_os("OUT_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_default();
    fs::write(out.join("bundled.rs"), code)
}
