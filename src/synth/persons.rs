//! Synthetic persons: indexed watch-list persons ([`person`]) and look-alike
//! outsiders who are not in the index ([`outsider`]), each with a generated
//! name, date of birth, nationalities, category, action and documents.

use super::dates::person_dob;
use super::name_gen::gen_name;
use super::names::{Culture, CULTURES};
use super::numbers::{format_number, permute, NUMBER_SPACE, OUTSIDER_DOC_BASE, PERSON_DOC_SPAN};
use super::organizations::{gen_expires, gen_sharing, person_org, CULTURE_MIX, ORGANIZATIONS};
use super::rng::{Rng, OUTSIDER_XOR, SALT_PERSON};

/// A synthetic person record.
#[derive(Debug, Clone)]
pub struct SynthPerson {
    /// Publishing organization (one of [`ORGANIZATIONS`]).
    pub source: String,
    /// `P` + 8 digits for indexed persons, `X` + 8 digits for outsiders.
    pub id: String,
    /// Name culture (a [`super::names::Culture`] name, e.g. `"arabic"`).
    pub culture: &'static str,
    /// Latin given/middle names, in order.
    pub given: Vec<String>,
    /// Latin family name parts (e.g. `["García","López"]` or `["Al-Hassan"]`); empty for mononyms.
    pub family: Vec<String>,
    /// True for Chinese/Korean/Japanese-style native order (family name first).
    pub family_first: bool,
    /// Full name in the native script, native order, if the culture has one.
    pub native: Option<String>,
    /// Per given name: its alternative Latin spellings (may be empty).
    pub given_variants: Vec<Vec<String>>,
    /// Per family part: alternative Latin spellings.
    pub family_variants: Vec<Vec<String>>,
    /// Exactly what goes into the feed's `names` (primary first).
    pub names: Vec<String>,
    /// `YYYY-MM-DD`, `YYYY-MM` or `YYYY`; `None` for ~5%.
    pub date_of_birth: Option<String>,
    /// ISO alpha-3 nationalities (1 or 2).
    pub nationality: Vec<String>,
    /// `'M'` or `'F'`.
    pub gender: char,
    /// Why the person is listed (`wanted`, `missing`, ...).
    pub category: String,
    /// What the officer should do on a hit.
    pub action: String,
    /// (number, issuing_country, type)
    pub documents: Vec<(String, String, String)>,
    /// Organizations allowed to see the record (`["*"]` for all).
    pub sharing: Vec<String>,
    /// Expiry date (`YYYY-MM-DD`), if any.
    pub expires: Option<String>,
}

impl SynthPerson {
    /// Primary (first) name.
    pub fn primary(&self) -> &str {
        &self.names[0]
    }
}

/// Second nationalities common in diaspora.
const DIASPORA: &[&str] = &[
    "FRA", "DEU", "GBR", "USA", "CAN", "SWE", "NLD", "BEL", "AUS", "ITA", "ESP", "TUR",
];

/// Record categories, indexed like [`CATEGORY_WEIGHTS`] and [`ACTIONS`].
pub(super) const CATEGORIES: &[&str] = &[
    "wanted", "missing", "suspect", "witness", "deported", "fraud",
];
const CATEGORY_WEIGHTS: &[u32] = &[300, 150, 200, 50, 150, 150];
const ACTIONS: [&[&str]; 6] = [
    &[
        "arrest and notify INTERPOL NCB",
        "arrest with a view to extradition",
        "detain and contact issuing agency",
    ],
    &[
        "locate, do not detain",
        "locate and notify issuing agency",
        "protect: possible victim of trafficking",
    ],
    &[
        "discreet check, report sighting",
        "detain and contact issuing agency",
        "secondary inspection",
    ],
    &[
        "locate, do not detain",
        "request statement, notify issuing agency",
    ],
    &["refuse entry", "refuse entry and notify issuing agency"],
    &[
        "seize document and detain",
        "secondary inspection",
        "detain and contact issuing agency",
    ],
];

fn pick_nationality(rng: &mut Rng, c: &Culture) -> Vec<String> {
    let first = if rng.chance(500) {
        c.nationalities[0]
    } else {
        *rng.pick(c.nationalities)
    };
    let mut out = vec![first.to_string()];
    if rng.chance(80) {
        let second = if c.nationalities.len() > 1 && rng.chance(400) {
            *rng.pick(c.nationalities)
        } else {
            *rng.pick(DIASPORA)
        };
        if second != first {
            out.push(second.to_string());
        }
    }
    out
}

fn gen_person(seed: u64, i: u64, outsider: bool) -> SynthPerson {
    let name_seed = if outsider { seed ^ OUTSIDER_XOR } else { seed };
    let mut rng = Rng::stream(name_seed, SALT_PERSON, i);
    let org = person_org(i);
    let ci = rng.weighted(&CULTURE_MIX[org]);
    let c = &CULTURES[ci];
    let male = rng.chance(650);
    let gn = gen_name(&mut rng, ci, male);
    let names = gn.names(&mut rng, 350);
    let date_of_birth = person_dob(&mut rng);
    let nationality = pick_nationality(&mut rng, c);
    let cat = rng.weighted(CATEGORY_WEIGHTS);
    let action = *rng.pick(ACTIONS[cat]);
    let ndocs = match rng.below(10) {
        0..=2 => 0,
        3..=7 => 1,
        _ => 2,
    };
    let mut documents = Vec::with_capacity(ndocs);
    for k in 0..ndocs as u64 {
        let country = if nationality.len() > 1 && k == 1 {
            nationality[1].as_str()
        } else {
            nationality[0].as_str()
        };
        let slot = ((i % PERSON_DOC_SPAN) * 2 + k) % PERSON_DOC_SPAN;
        let index = if outsider {
            OUTSIDER_DOC_BASE + slot
        } else {
            NUMBER_SPACE - 1 - slot
        };
        let number = format_number(country, permute(seed, index), &mut rng);
        let ty = if rng.chance(700) {
            "passport"
        } else {
            "id_card"
        };
        documents.push((number, country.to_string(), ty.to_string()));
    }
    let sharing = gen_sharing(&mut rng);
    let expires = gen_expires(&mut rng);
    let id = if outsider {
        format!("X{i:08}")
    } else {
        format!("P{i:08}")
    };
    SynthPerson {
        source: ORGANIZATIONS[org].to_string(),
        id,
        culture: c.name,
        given_variants: gn.given.iter().map(|p| p.variants.clone()).collect(),
        family_variants: gn.family.iter().map(|p| p.variants.clone()).collect(),
        given: gn.given.into_iter().map(|p| p.latin).collect(),
        family: gn.family.into_iter().map(|p| p.latin).collect(),
        family_first: gn.family_first,
        native: gn.native,
        names,
        date_of_birth,
        nationality,
        gender: if male { 'M' } else { 'F' },
        category: CATEGORIES[cat].to_string(),
        action: action.to_string(),
        documents,
        sharing,
        expires,
    }
}

/// Person `i` of the indexed set; depends only on `(seed, i)`.
pub fn person(seed: u64, i: u64) -> SynthPerson {
    gen_person(seed, i, false)
}

/// A fresh person NOT meant to be in the index (different name stream, same
/// cultures; id `X…`, document numbers disjoint from all indexed ones).
pub fn outsider(seed: u64, i: u64) -> SynthPerson {
    gen_person(seed, i, true)
}

#[cfg(test)]
mod tests {
    use super::super::names::NUM_CULTURES;
    use super::super::test_support::has_non_latin;
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn deterministic_per_seed() {
        for i in 0..300 {
            assert_eq!(person(7, i).to_json(), person(7, i).to_json());
            assert_eq!(outsider(7, i).to_json(), outsider(7, i).to_json());
        }
        let differ = (0..300)
            .filter(|&i| person(7, i).to_json() != person(8, i).to_json())
            .count();
        assert!(differ > 290, "{differ}");
        let differ = (0..300)
            .filter(|&i| person(7, i).primary() != outsider(7, i).primary())
            .count();
        assert!(differ > 250, "{differ}");
    }

    #[test]
    fn distribution_is_plausible() {
        let n = 20_000u64;
        let mut aliases = 0;
        let mut star = 0;
        let mut expires = 0;
        let mut no_dob = 0;
        let mut cultures = HashSet::new();
        let mut sources = HashSet::new();
        for i in 0..n {
            let p = person(3, i);
            aliases += u64::from(p.names.len() > 1);
            star += u64::from(p.sharing == ["*"]);
            expires += u64::from(p.expires.is_some());
            no_dob += u64::from(p.date_of_birth.is_none());
            cultures.insert(p.culture);
            sources.insert(p.source.clone());
        }
        assert!(
            (0.25..0.40).contains(&(aliases as f64 / n as f64)),
            "{aliases}"
        );
        assert!((0.80..0.90).contains(&(star as f64 / n as f64)), "{star}");
        assert!(
            (0.01..0.05).contains(&(expires as f64 / n as f64)),
            "{expires}"
        );
        assert!(
            (0.03..0.07).contains(&(no_dob as f64 / n as f64)),
            "{no_dob}"
        );
        assert_eq!(cultures.len(), NUM_CULTURES);
        assert_eq!(sources.len(), ORGANIZATIONS.len());
    }

    #[test]
    fn native_names_use_native_script() {
        let mut with_native = 0;
        for i in 0..5000 {
            let p = person(2, i);
            if let Some(n) = &p.native {
                with_native += 1;
                assert!(has_non_latin(n), "{n}");
            }
            assert!(!has_non_latin(p.primary()), "{}", p.primary());
            for alias in &p.names[1..] {
                if has_non_latin(alias) {
                    assert_eq!(Some(alias), p.native.as_ref());
                }
            }
        }
        assert!(with_native > 1000);
        for c in CULTURES.iter() {
            let native = !c.male[0].native.is_empty();
            for f in c
                .male
                .iter()
                .chain(c.female)
                .chain(c.family)
                .chain(c.family_female)
                .chain(c.patronymic_m)
                .chain(c.patronymic_f)
            {
                assert_eq!(!f.native.is_empty(), native, "{} {}", c.name, f.latin);
                if native {
                    assert!(has_non_latin(f.native), "{}", f.native);
                }
                assert!(!has_non_latin(f.latin), "{}", f.latin);
            }
        }
    }

    #[test]
    fn name_order_and_examples() {
        let mut seen_ff = false;
        let mut seen_fem = false;
        for i in 0..20_000 {
            let p = person(4, i);
            let first_part = if p.family_first && !p.family.is_empty() {
                seen_ff = true;
                &p.family[0]
            } else {
                &p.given[0]
            };
            assert!(p.primary().starts_with(first_part.as_str()));
            if p.culture == "russian" && p.gender == 'F' && p.family[0].ends_with("ova") {
                seen_fem = true;
                let n = p.native.as_ref().unwrap();
                assert!(
                    n.ends_with("ова") || n.ends_with("ёва") || n.ends_with("ева"),
                    "{n}"
                );
            }
        }
        assert!(seen_ff && seen_fem);
    }
}
