//! The bundled decks as a whole: every kind in a sensible share, every card citing an
//! existing source note, unique ids, and statement pools that can really be asked.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may fail loudly

use std::collections::{HashMap, HashSet};

use upsc::deck::Kind;
use upsc::deck::load::{Collection, Decks};
use upsc::deck::{Body, diagnostic::Severity};

fn bundled() -> Collection {
    Collection::load(&Decks::bundled())
}

#[test]
fn the_bundled_decks_load_without_any_problem() {
    let collection = bundled();
    let problems: Vec<String> = collection
        .reports
        .iter()
        .flat_map(|r| r.diagnostics.iter().map(move |d| r.one_line(d)))
        .collect();
    assert!(problems.is_empty(), "{problems:#?}");
    assert_eq!(collection.count(Severity::Warning), 0);
    assert!(collection.decks.len() >= 10, "one deck per theme");
    let cards: usize = collection.decks.iter().map(|d| d.cards.len()).sum();
    // One fact, one card (issue 26, checked by the `same-fact` lint): the five articles
    // behind the decks hold about 140 distinct questions once the duplicates are merged.
    assert!(cards >= 140, "about 140 cards, one per fact, found {cards}");
}

#[test]
fn every_kind_is_present_in_a_sensible_share() {
    let collection = bundled();
    let mut counts: HashMap<Kind, usize> = HashMap::new();
    for card in collection.decks.iter().flat_map(|d| &d.cards) {
        *counts.entry(card.kind()).or_default() += 1;
    }
    let total: usize = counts.values().sum();
    let share = |k: Kind| counts.get(&k).copied().unwrap_or(0) as f64 / total as f64;
    // Statements dominate recent Prelims papers; every other kind is well represented.
    assert!(
        share(Kind::Statements) >= 0.30,
        "statements {:.2}",
        share(Kind::Statements)
    );
    for kind in [
        Kind::Pairs,
        Kind::Assertion,
        Kind::Mcq,
        Kind::Numeric,
        Kind::Recall,
    ] {
        assert!(share(kind) >= 0.05, "{kind} only {:.2}", share(kind));
        assert!(share(kind) <= 0.30, "{kind} {:.2}", share(kind));
    }
}

#[test]
fn every_card_cites_an_existing_source_note_and_explains_itself() {
    let collection = bundled();
    let seeds: HashSet<&str> = collection.seeds.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(seeds.len(), 5, "one note per article");
    for deck in &collection.decks {
        for source in &deck.sources {
            assert!(seeds.contains(source.as_str()), "{}: {source}", deck.id);
        }
        for card in &deck.cards {
            assert!(
                !card.source.is_empty(),
                "{}/{} cites nothing",
                deck.id,
                card.id
            );
            for source in &card.source {
                assert!(
                    seeds.contains(source.as_str()),
                    "{}/{}: {source}",
                    deck.id,
                    card.id
                );
            }
            assert!(
                card.explanation.as_ref().is_some_and(|e| e.len() > 40),
                "{}/{} needs an explanation that teaches",
                deck.id,
                card.id
            );
        }
    }
}

#[test]
fn ids_are_unique() {
    let collection = bundled();
    let mut decks = HashSet::new();
    for deck in &collection.decks {
        assert!(decks.insert(&deck.id), "deck {} twice", deck.id);
        let mut cards = HashSet::new();
        for card in &deck.cards {
            assert!(cards.insert(&card.id), "{}/{} twice", deck.id, card.id);
        }
    }
}

#[test]
fn every_statement_pool_has_a_false_statement_that_says_why() {
    let collection = bundled();
    for deck in &collection.decks {
        for card in &deck.cards {
            if let Body::Statements(s) = &card.body {
                let false_ones: Vec<_> = s.statements.iter().filter(|x| !x.correct).collect();
                assert!(
                    !false_ones.is_empty(),
                    "{}/{} has no false statement",
                    deck.id,
                    card.id
                );
                for statement in false_ones {
                    assert!(
                        statement.why.as_ref().is_some_and(|w| !w.trim().is_empty()),
                        "{}/{}: `{}` needs a why",
                        deck.id,
                        card.id,
                        statement.text
                    );
                }
            }
        }
    }
}

#[test]
fn the_two_questions_the_user_named_are_there() {
    let collection = bundled();
    let cards: Vec<_> = collection.decks.iter().flat_map(|d| &d.cards).collect();
    let pledge = cards.iter().any(|c| match &c.body {
        Body::Numeric(n) => n.value == 1e13 && n.unit == "yen",
        _ => false,
    });
    assert!(pledge, "a numeric card for the ¥10 trillion pledge");
    let pal = cards.iter().any(|c| match &c.body {
        Body::Recall(r) => r.answer.contains("Radhabinod Pal"),
        _ => false,
    });
    assert!(pal, "a recall card on what Justice Radhabinod Pal did");
}
