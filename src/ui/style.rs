//! Colour: on only for a terminal, never with `NO_COLOR` or `TERM=dumb`.

use console::Style;

/// Whether to colour a stream: never with `NO_COLOR`, only on a terminal.
pub fn colour_wanted(stream_is_terminal: bool) -> bool {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let dumb = std::env::var("TERM").is_ok_and(|t| t == "dumb");
    stream_is_terminal && !no_color && !dumb
}

/// The few styles the screens use.
#[derive(Debug, Clone)]
pub struct Styles {
    pub good: Style,
    pub bad: Style,
    pub dim: Style,
    pub bold: Style,
    pub chosen: Style,
}

impl Styles {
    pub fn new(colour: bool) -> Styles {
        let make = |s: Style| s.force_styling(colour);
        Styles {
            good: make(Style::new().green().bold()),
            bad: make(Style::new().red().bold()),
            dim: make(Style::new().dim()),
            bold: make(Style::new().bold()),
            chosen: make(Style::new().cyan().bold()),
        }
    }
}
