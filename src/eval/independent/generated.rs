//! The generated families of the independent evaluation: Russian and Arabic persons made from
//! [`romanise`]'s name lists, listed as one published system writes them and looked up as
//! another writes them (see the parent module for the families).
//!
//! Russian persons are a given name, a patronymic from a father's given name and a surname
//! (feminine forms for women), listed as "Given Patronymic Surname"; a passport leaves the
//! patronymic out, so half of the queries do. Arabic persons are a given name, the father's
//! given name and a family name ("Given Father Family").

use super::edits;
use super::romanise::{
    feminine_surname, patronymic, render_arabic, romanise_cyrillic, ArabicSystem, CyrillicSystem,
    ARABIC_FAMILY, ARABIC_FEMALE_GIVEN, ARABIC_MALE_GIVEN, RUSSIAN_FEMALE_GIVEN,
    RUSSIAN_MALE_GIVEN, RUSSIAN_SURNAMES,
};
use super::{Listed, SOURCE};
use crate::eval::variants::{LabelledQuery, Rng};
use std::collections::HashSet;

/// The systems listed records are written in.
const LISTED_CYRILLIC: [CyrillicSystem; 2] = [CyrillicSystem::Icao9303, CyrillicSystem::BgnPcgn];
const LISTED_ARABIC: [ArabicSystem; 2] = [ArabicSystem::English, ArabicSystem::AlaLc];

/// One generated person: the name's parts in Cyrillic or phonemic notation, and the record.
#[derive(Debug, Clone)]
pub struct Generated {
    pub cyrillic: bool,
    /// Given, father's (patronymic for Russians), family.
    pub parts: [String; 3],
    pub listed: Listed,
}

impl Generated {
    /// The name as `words` of the parts (indices into `parts`) written by a system.
    fn render(&self, words: &[usize], system: System) -> String {
        render(&self.parts, words, system)
    }
}

/// `words` of a name's `parts` (indices) written by `system`.
fn render(parts: &[String; 3], words: &[usize], system: System) -> String {
    let text = words
        .iter()
        .map(|&i| parts[i].as_str())
        .collect::<Vec<_>>()
        .join(" ");
    match system {
        System::Cyrillic(s) => romanise_cyrillic(s, &text),
        System::Arabic(s) => render_arabic(s, &text),
        System::Original => text,
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum System {
    Cyrillic(CyrillicSystem),
    Arabic(ArabicSystem),
    /// The Cyrillic text itself.
    Original,
}

fn russian(rng: &mut Rng) -> [String; 3] {
    let female = rng.chance(400);
    let father = rng.pick(RUSSIAN_MALE_GIVEN);
    let surname = rng.pick(RUSSIAN_SURNAMES);
    if female {
        [
            rng.pick(RUSSIAN_FEMALE_GIVEN).to_string(),
            patronymic(father, true),
            feminine_surname(surname),
        ]
    } else {
        [
            rng.pick(RUSSIAN_MALE_GIVEN).to_string(),
            patronymic(father, false),
            surname.to_string(),
        ]
    }
}

fn arabic(rng: &mut Rng) -> [String; 3] {
    let given = if rng.chance(300) {
        rng.pick(ARABIC_FEMALE_GIVEN)
    } else {
        rng.pick(ARABIC_MALE_GIVEN)
    };
    [
        given.to_string(),
        rng.pick(ARABIC_MALE_GIVEN).to_string(),
        rng.pick(ARABIC_FAMILY).to_string(),
    ]
}

/// The unordered pairs of a name's parts.
fn part_pairs(parts: &[String; 3]) -> [(String, String); 3] {
    let pair = |a: &String, b: &String| {
        if a <= b {
            (a.clone(), b.clone())
        } else {
            (b.clone(), a.clone())
        }
    };
    [
        pair(&parts[0], &parts[1]),
        pair(&parts[0], &parts[2]),
        pair(&parts[1], &parts[2]),
    ]
}

/// `per_family` Russian and `per_family` Arabic persons (ids `{prefix}R00000`,
/// `{prefix}A00000`...), each with a different name, and their positive queries.
pub fn people(
    split_seed: u64,
    per_family: usize,
    prefix: &str,
) -> (Vec<Generated>, Vec<LabelledQuery>) {
    let mut rng = Rng::new(split_seed ^ 0x6E4E);
    let mut seen: HashSet<[String; 3]> = HashSet::new();
    let mut people = Vec::new();
    for cyrillic in [true, false] {
        let mut made = 0;
        let mut attempts = 0;
        while made < per_family && attempts < per_family * 20 {
            attempts += 1;
            let parts = if cyrillic {
                russian(&mut rng)
            } else {
                arabic(&mut rng)
            };
            if !seen.insert(parts.clone()) {
                continue;
            }
            let id = format!("{prefix}{}{made:05}", if cyrillic { 'R' } else { 'A' });
            let mut g = Generated {
                cyrillic,
                parts,
                listed: Listed {
                    source: SOURCE.into(),
                    id,
                    names: Vec::new(),
                    date_of_birth: None,
                },
            };
            let system = if cyrillic {
                System::Cyrillic(*rng.pick(&LISTED_CYRILLIC))
            } else {
                System::Arabic(*rng.pick(&LISTED_ARABIC))
            };
            g.listed.names = vec![g.render(&[0, 1, 2], system)];
            people.push((g, system));
            made += 1;
        }
    }
    let mut queries = Vec::new();
    for (g, listed_as) in &people {
        // Russians: half of the queries as a passport writes the name, without patronymic
        let words: &[usize] = if g.cyrillic && rng.chance(500) {
            &[0, 2]
        } else {
            &[0, 1, 2]
        };
        let other = other_system(g.cyrillic, *listed_as, &mut rng);
        let (romanised, script) = if g.cyrillic {
            ("cyrillic_romanisation", "cyrillic_script")
        } else {
            ("arabic_romanisation", "arabic_script")
        };
        let script_system = if g.cyrillic {
            System::Original
        } else {
            System::Arabic(ArabicSystem::Script)
        };
        let query = |group: &str, name: String| LabelledQuery {
            group: group.into(),
            name,
            date_of_birth: None,
            nationality: None,
            gender: None,
            expect: Some((g.listed.source.clone(), g.listed.id.clone())),
            expect_names: g.listed.names.clone(),
        };
        queries.push(query(romanised, g.render(words, other)));
        queries.push(query(script, g.render(words, script_system)));
        // a variant with one random edit, a third of them with the family name first
        let other = other_system(g.cyrillic, *listed_as, &mut rng);
        let reordered: Vec<usize> = if rng.chance(333) {
            std::iter::once(2)
                .chain(words.iter().copied().filter(|&w| w != 2))
                .collect()
        } else {
            words.to_vec()
        };
        if let Some((edited, _)) = edits::edit(&g.render(&reordered, other), 1, &mut rng) {
            queries.push(query("romanisation_typo", edited));
        }
    }
    (people.into_iter().map(|(g, _)| g).collect(), queries)
}

/// A Latin system other than the one the record is written in.
fn other_system(cyrillic: bool, listed_as: System, rng: &mut Rng) -> System {
    loop {
        let s = if cyrillic {
            System::Cyrillic(*rng.pick(&CyrillicSystem::ALL))
        } else {
            let s = *rng.pick(&ArabicSystem::ALL);
            if s == ArabicSystem::Script {
                continue;
            }
            System::Arabic(s)
        };
        if s != listed_as {
            return s;
        }
    }
}

/// `n` fresh people, Russian and Arabic half and half, written in any Latin system, who share
/// no two name parts with anyone in `listed`.
pub fn negatives(split_seed: u64, n: usize, listed: &[Generated]) -> Vec<LabelledQuery> {
    let mut rng = Rng::new(split_seed ^ 0x4E67);
    let taken: HashSet<(String, String)> =
        listed.iter().flat_map(|g| part_pairs(&g.parts)).collect();
    let mut out = Vec::new();
    let mut attempts = 0;
    while out.len() < n && attempts < n * 50 {
        attempts += 1;
        let cyrillic = out.len() % 2 == 0;
        let parts = if cyrillic {
            russian(&mut rng)
        } else {
            arabic(&mut rng)
        };
        if part_pairs(&parts).iter().any(|p| taken.contains(p)) {
            continue;
        }
        let system = other_system(cyrillic, System::Original, &mut rng);
        out.push(LabelledQuery {
            group: "negative_fresh".into(),
            name: render(&parts, &[0, 1, 2], system),
            date_of_birth: None,
            nationality: None,
            gender: None,
            expect: None,
            expect_names: Vec::new(),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_person_has_its_queries_and_negatives_share_at_most_one_part() {
        let (people, queries) = people(5, 40, "T");
        assert_eq!(people.len(), 80);
        for group in [
            "cyrillic_romanisation",
            "cyrillic_script",
            "arabic_romanisation",
            "arabic_script",
        ] {
            assert_eq!(
                queries.iter().filter(|q| q.group == group).count(),
                40,
                "{group}"
            );
        }
        assert!(
            queries
                .iter()
                .filter(|q| q.group == "romanisation_typo")
                .count()
                > 60
        );
        let ids: HashSet<_> = people.iter().map(|p| p.listed.id.clone()).collect();
        assert_eq!(ids.len(), 80);
        let neg = negatives(5, 50, &people);
        assert_eq!(neg.len(), 50);
        let listed: HashSet<String> = people.iter().map(|p| p.listed.names[0].clone()).collect();
        assert!(neg.iter().all(|q| !listed.contains(&q.name)));
        // a romanised query differs from the listed spelling most of the time
        let differ = queries
            .iter()
            .filter(|q| q.group.ends_with("_romanisation"))
            .filter(|q| {
                crate::normalize::fold(&q.name) != crate::normalize::fold(&q.expect_names[0])
            })
            .count();
        assert!(differ > 60, "{differ}");
    }
}
