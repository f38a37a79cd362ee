//! The small gazetteers `upsc draft` ships (`data/gazetteers/*.txt`, compiled in; the
//! format is in that folder's README): countries, Indian States and Union Territories,
//! Union ministries, multilateral groupings with their members, major schemes with their
//! ministries, space agencies and missions, and defence exercises. One automaton finds
//! every name in a sentence; distractors come from the same class.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, MatchKind};

/// What kind of thing an entity is; distractors are drawn within a class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Class {
    Country,
    State,
    Ministry,
    Grouping,
    Scheme,
    Agency,
    Mission,
    Exercise,
}

impl Class {
    /// The noun a question asks with: "Which country …", "Which space agency …".
    pub fn noun(self) -> &'static str {
        match self {
            Class::Country => "country",
            Class::State => "State/Union Territory",
            Class::Ministry => "Ministry",
            Class::Grouping => "grouping",
            Class::Scheme => "scheme",
            Class::Agency => "space agency",
            Class::Mission => "mission",
            Class::Exercise => "exercise",
        }
    }

    /// The plural, for "Consider the following countries".
    pub fn plural(self) -> &'static str {
        match self {
            Class::Country => "countries",
            Class::State => "States/Union Territories",
            Class::Ministry => "Ministries",
            Class::Grouping => "groupings",
            Class::Scheme => "schemes",
            Class::Agency => "space agencies",
            Class::Mission => "missions",
            Class::Exercise => "exercises",
        }
    }

    /// The tag a draft about such an entity carries.
    pub fn tag(self) -> &'static str {
        match self {
            Class::Country | Class::Grouping => "international-relations",
            Class::State => "polity",
            Class::Ministry | Class::Scheme => "schemes",
            Class::Agency | Class::Mission => "space",
            Class::Exercise => "defence",
        }
    }
}

/// One entry of a gazetteer.
#[derive(Debug, Clone)]
pub struct Entity {
    pub class: Class,
    /// The name questions print.
    pub name: String,
    /// Its other spellings.
    pub aliases: Vec<String>,
    /// What follows the names, split at `;` and trimmed (see the folder's README).
    pub attributes: Vec<String>,
}

impl Entity {
    /// The attribute at `i`, split at commas into names (members, countries).
    pub fn list(&self, i: usize) -> Vec<&str> {
        self.attributes.get(i).map_or_else(Vec::new, |a| {
            a.split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .collect()
        })
    }

    /// The name with its acronym, when it has one ("Shanghai Cooperation Organisation
    /// (SCO)"): explanations teach both, as the paper may use either.
    pub fn name_with_acronym(&self) -> String {
        match self.aliases.iter().find(|a| {
            (2..=6).contains(&a.chars().count())
                && a.chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
                && *a != &self.name
        }) {
            Some(acronym) => format!("{} ({acronym})", self.name),
            None => self.name.clone(),
        }
    }

    pub fn attribute(&self, i: usize) -> Option<&str> {
        self.attributes
            .get(i)
            .map(String::as_str)
            .filter(|a| !a.is_empty())
    }
}

/// Every gazetteer, with the automaton over every spelling.
pub struct Gazetteer {
    pub entities: Vec<Entity>,
    /// `None` only if the automaton could not be built (it always can: the names are
    /// compiled in, and a test reads them); then nothing is found.
    automaton: Option<AhoCorasick>,
    /// Pattern index → entity index.
    pattern_entity: Vec<usize>,
    by_name: HashMap<String, usize>,
}

/// A name found in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    pub range: Range<usize>,
    pub entity: usize,
}

const FILES: &[(Class, &str)] = &[
    (
        Class::Country,
        include_str!("../../data/gazetteers/countries.txt"),
    ),
    (
        Class::State,
        include_str!("../../data/gazetteers/states.txt"),
    ),
    (
        Class::Ministry,
        include_str!("../../data/gazetteers/ministries.txt"),
    ),
    (
        Class::Grouping,
        include_str!("../../data/gazetteers/groupings.txt"),
    ),
    (
        Class::Scheme,
        include_str!("../../data/gazetteers/schemes.txt"),
    ),
    (
        Class::Agency,
        include_str!("../../data/gazetteers/agencies.txt"),
    ),
    (
        Class::Mission,
        include_str!("../../data/gazetteers/missions.txt"),
    ),
    (
        Class::Exercise,
        include_str!("../../data/gazetteers/exercises.txt"),
    ),
];

/// The gazetteers, read once.
pub fn get() -> &'static Gazetteer {
    static GAZETTEER: OnceLock<Gazetteer> = OnceLock::new();
    GAZETTEER.get_or_init(|| Gazetteer::from_files(FILES))
}

/// Reads the entries of one file (see the folder's README for the format).
fn entries(class: Class, text: &str) -> Vec<Entity> {
    text.lines()
        .map(|line| {
            line.split_once('#')
                .map_or(line, |(before, _)| before)
                .trim()
        })
        .filter(|line| !line.is_empty())
        .filter_map(|line| {
            let mut parts = line.split(';').map(str::trim);
            let mut names = parts
                .next()?
                .split('|')
                .map(str::trim)
                .filter(|n| !n.is_empty());
            let name = names.next()?.to_string();
            Some(Entity {
                class,
                name,
                aliases: names.map(str::to_string).collect(),
                attributes: parts.map(str::to_string).collect(),
            })
        })
        .collect()
}

impl Gazetteer {
    fn from_files(files: &[(Class, &str)]) -> Gazetteer {
        let entities: Vec<Entity> = files
            .iter()
            .flat_map(|(class, text)| entries(*class, text))
            .collect();
        let mut patterns = Vec::new();
        let mut pattern_entity = Vec::new();
        let mut by_name = HashMap::new();
        for (i, entity) in entities.iter().enumerate() {
            by_name.entry(entity.name.clone()).or_insert(i);
            for spelling in std::iter::once(&entity.name).chain(&entity.aliases) {
                patterns.push(spelling.clone());
                pattern_entity.push(i);
            }
        }
        // Leftmost-longest: "Ministry of Jal Shakti" is the ministry, not the exercise
        // "Shakti"; "South Africa" the country, not a word of a longer name.
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&patterns)
            .ok();
        Gazetteer {
            entities,
            automaton,
            pattern_entity,
            by_name,
        }
    }

    /// Every gazetteer name in `text[range]` that stands as whole words.
    pub fn find(&self, text: &str, range: Range<usize>) -> Vec<Mention> {
        let piece = &text[range.clone()];
        let Some(automaton) = &self.automaton else {
            return Vec::new();
        };
        automaton
            .find_iter(piece)
            .filter(|m| {
                let before = piece[..m.start()].chars().next_back();
                let after = piece[m.end()..].chars().next();
                // A name ends at a word's end; "Chandrayaan-5" is not "Chandrayaan-5x",
                // and a possessive ("India's") still names India.
                !before.is_some_and(|c| c.is_alphanumeric() || c == '-')
                    && !after.is_some_and(|c| c.is_alphanumeric() || c == '-')
            })
            .map(|m| Mention {
                range: range.start + m.start()..range.start + m.end(),
                entity: self.pattern_entity[m.pattern().as_usize()],
            })
            .collect()
    }

    /// The entity of a name as the gazetteer prints it.
    pub fn by_name(&self, name: &str) -> Option<&Entity> {
        self.by_name.get(name).map(|&i| &self.entities[i])
    }

    /// Every entity of a class, in the files' order.
    pub fn of_class(&self, class: Class) -> impl Iterator<Item = &Entity> {
        self.entities.iter().filter(move |e| e.class == class)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn an_entity_is_named_with_its_acronym_when_it_has_one() {
        let g = super::get();
        let sco = g
            .by_name("Shanghai Cooperation Organisation")
            .map(Entity::name_with_acronym);
        assert_eq!(
            sco.as_deref(),
            Some("Shanghai Cooperation Organisation (SCO)")
        );
        let peru = g.by_name("Peru").map(Entity::name_with_acronym);
        assert_eq!(peru.as_deref(), Some("Peru"));
    }

    use super::*;

    #[test]
    fn every_file_reads_and_every_class_has_room_for_distractors() {
        let g = get();
        for (class, _) in FILES {
            assert!(
                g.of_class(*class).count() >= 5,
                "{class:?} has fewer than five entries"
            );
        }
        // Members and ministries named in the files are entries of their own files.
        for grouping in g.of_class(Class::Grouping) {
            for member in grouping.list(0) {
                assert_eq!(
                    g.by_name(member).map(|e| e.class),
                    Some(Class::Country),
                    "{member} of {}",
                    grouping.name
                );
            }
        }
        for scheme in g.of_class(Class::Scheme) {
            let ministry = scheme.attribute(0).unwrap_or("");
            assert_eq!(
                g.by_name(ministry).map(|e| e.class),
                Some(Class::Ministry),
                "{ministry}"
            );
        }
        for mission in g.of_class(Class::Mission) {
            let agency = mission.attribute(0).unwrap_or("");
            assert_eq!(
                g.by_name(agency).map(|e| e.class),
                Some(Class::Agency),
                "{agency}"
            );
        }
    }

    #[test]
    fn names_are_found_as_whole_words_longest_first() {
        let g = get();
        let text =
            "The Ministry of Jal Shakti and ISRO met in South Africa; Indiana is not India's.";
        let found: Vec<&str> = g
            .find(text, 0..text.len())
            .iter()
            .map(|m| g.entities[m.entity].name.as_str())
            .collect();
        assert_eq!(
            found,
            vec![
                "Ministry of Jal Shakti",
                "Indian Space Research Organisation",
                "South Africa",
                "India"
            ]
        );
    }
}
