//! The loader is fed arbitrary bytes and mangled versions of a real deck; it must report
//! problems, never panic. (Property tests with proptest; failures shrink to a minimal input.)

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may fail loudly

use proptest::prelude::*;
use upsc::deck::diagnostic::FileReport;
use upsc::deck::parse::parse_deck;

const EXAMPLE: &str = include_str!("../decks/at-a-glance.toml");

/// Parses and also renders every diagnostic, since rendering slices the source by span.
fn load_and_render(text: &str) {
    let (_, diagnostics) = parse_deck(text, Default::default());
    let mut report = FileReport::new("fuzz.toml", text);
    report.diagnostics = diagnostics;
    let _ = report.render(&annotate_snippets::Renderer::plain());
    for d in &report.diagnostics {
        let _ = report.one_line(d);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        load_and_render(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn toml_like_text(text in "(\\[\\[card\\]\\]|\\[deck\\]|[a-z_]{1,12} = |\"[^\"\\n]{0,20}\"|[0-9.]{1,6}|true|\\[|\\]|\\{|\\}|,|\\n){0,60}") {
        load_and_render(&text);
    }

    #[test]
    fn a_real_deck_with_a_slice_cut_out_or_repeated(start in 0usize..EXAMPLE.len(), len in 0usize..400, repeat in any::<bool>()) {
        let start = (0..=start).rev().find(|&i| EXAMPLE.is_char_boundary(i)).unwrap_or(0);
        let end = (start + len).min(EXAMPLE.len());
        let end = (end..=EXAMPLE.len()).find(|&i| EXAMPLE.is_char_boundary(i)).unwrap_or(EXAMPLE.len());
        let mangled = if repeat {
            format!("{}{}", &EXAMPLE[..end], &EXAMPLE[start..])
        } else {
            format!("{}{}", &EXAMPLE[..start], &EXAMPLE[end..])
        };
        load_and_render(&mangled);
    }
}
