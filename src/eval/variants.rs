//! Labelled query generation: from one synthetic person, a query of one variation family.
//!
//! Every family models something officers meet at the border (issue #3): spelling and
//! transliteration variants, MRZ forms, the original script, word order, missing and extra
//! parts, initials, glued or split particles, typos, and date-of-birth variants. A generator
//! returns `None` when the family does not apply to the person (no native script, one name
//! part only...), so each family measures only what it claims to.

pub use crate::synth::Rng;
use crate::synth::SynthPerson;
use serde::Serialize;

/// A variation family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Family {
    Spelling,
    Mrz,
    Script,
    WordOrder,
    MissingPart,
    ExtraPart,
    Initials,
    Particles,
    Typo,
    Dob,
}

impl Family {
    pub const ALL: [Family; 10] = [
        Family::Spelling,
        Family::Mrz,
        Family::Script,
        Family::WordOrder,
        Family::MissingPart,
        Family::ExtraPart,
        Family::Initials,
        Family::Particles,
        Family::Typo,
        Family::Dob,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Family::Spelling => "spelling",
            Family::Mrz => "mrz",
            Family::Script => "script",
            Family::WordOrder => "word_order",
            Family::MissingPart => "missing_part",
            Family::ExtraPart => "extra_part",
            Family::Initials => "initials",
            Family::Particles => "particles",
            Family::Typo => "typo",
            Family::Dob => "dob",
        }
    }
}

/// A labelled query.
#[derive(Debug, Clone, Serialize)]
pub struct LabelledQuery {
    /// Family or class label; "negative" for negatives.
    pub group: String,
    pub name: String,
    pub date_of_birth: Option<String>,
    pub nationality: Option<String>,
    pub gender: Option<String>,
    /// `(source, id)` of the right answer; `None` for negatives.
    pub expect: Option<(String, String)>,
    /// The right answer's names: a hit holding one of them (the same tokens in any order) is
    /// a namesake, counted as correct by the namesake-tolerant recall (a name-only query
    /// cannot tell namesakes apart). Empty: only the record itself counts.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub expect_names: Vec<String>,
}

const PARTICLES: &[&str] = &[
    "al", "el", "abdul", "abd", "abu", "bin", "ben", "van", "von", "de", "del", "la", "da", "di",
    "ul", "ud",
];

fn natural(given: &[String], family: &[String], family_first: bool) -> String {
    let (a, b) = if family_first {
        (family, given)
    } else {
        (given, family)
    };
    a.iter()
        .chain(b.iter())
        .cloned()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Upper-case ASCII as an MRZ prints it: Ä/Ö/Ü -> AE/OE/UE, ß -> SS, other marks dropped.
pub fn mrz_fold(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        match c {
            'ä' | 'Ä' => out.push_str("AE"),
            'ö' | 'Ö' => out.push_str("OE"),
            'ü' | 'Ü' => out.push_str("UE"),
            'ß' => out.push_str("SS"),
            c if c.is_ascii_alphabetic() => out.push(c.to_ascii_uppercase()),
            c if c.is_alphabetic() => {
                out.push_str(&any_ascii::any_ascii_char(c).to_ascii_uppercase());
            }
            _ => out.push('<'),
        }
    }
    out
}

fn edit(token: &str, rng: &mut Rng) -> String {
    let mut c: Vec<char> = token.chars().collect();
    if c.len() < 4 {
        return token.to_string();
    }
    let i = 1 + rng.idx(c.len() - 2);
    let letters = "aeioubdklmnrst";
    let pick = |rng: &mut Rng| letters.chars().nth(rng.idx(letters.len())).unwrap();
    match rng.idx(4) {
        0 => c.insert(i, pick(rng)),
        1 => {
            c.remove(i);
        }
        2 => {
            let mut x = pick(rng);
            while x == c[i] {
                x = pick(rng);
            }
            c[i] = x;
        }
        _ if c[i] != c[i + 1] => c.swap(i, i + 1),
        _ => c[i] = if c[i] == 'x' { 'z' } else { 'x' },
    }
    c.into_iter().collect()
}

/// Builds a query of `family` for person `p`, or `None` if the family does not apply.
/// `extra` supplies a given name of the same culture for the extra-part family.
pub fn variant(
    p: &SynthPerson,
    family: Family,
    extra: Option<&str>,
    rng: &mut Rng,
) -> Option<LabelledQuery> {
    let mut given = p.given.clone();
    let mut fam = p.family.clone();
    let mut dob = p.date_of_birth.clone();
    let name = match family {
        Family::Spelling => {
            let mut changed = false;
            for (parts, variants) in [
                (&mut given, &p.given_variants),
                (&mut fam, &p.family_variants),
            ] {
                for (k, part) in parts.iter_mut().enumerate() {
                    if let Some(v) = variants.get(k).filter(|v| !v.is_empty()) {
                        let cand = &v[rng.idx(v.len())];
                        if cand != part {
                            *part = cand.clone();
                            changed = true;
                        }
                    }
                }
            }
            if !changed {
                return None;
            }
            natural(&given, &fam, p.family_first)
        }
        Family::Mrz => {
            // TD1 identity card: 30 characters, SURNAME<<GIVEN<NAMES, truncated
            let mut mrz = format!(
                "{}<<{}",
                mrz_fold(&fam.join(" ")),
                mrz_fold(&given.join(" "))
            );
            mrz.truncate(30);
            mrz.replace('<', " ")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        }
        Family::Script => p.native.clone()?,
        Family::WordOrder => natural(&given, &fam, !p.family_first),
        Family::MissingPart => {
            if given.len() >= 2 {
                given.remove(1 + rng.idx(given.len() - 1));
            } else if fam.len() >= 2 {
                fam.pop();
            } else {
                return None;
            }
            natural(&given, &fam, p.family_first)
        }
        Family::ExtraPart => {
            let e = extra?.to_string();
            if given.contains(&e) {
                return None;
            }
            given.push(e);
            natural(&given, &fam, p.family_first)
        }
        Family::Initials => {
            if given.is_empty() || given.len() + fam.len() < 2 {
                return None;
            }
            let k = rng.idx(given.len());
            given[k] = given[k].chars().next()?.to_string();
            natural(&given, &fam, p.family_first)
        }
        Family::Particles => {
            let all = natural(&given, &fam, p.family_first);
            if all.contains('-') {
                if rng.chance(500) {
                    all.replace('-', "")
                } else {
                    all.replace('-', " ")
                }
            } else {
                let words: Vec<&str> = all.split(' ').collect();
                let k = words
                    .iter()
                    .take(words.len().saturating_sub(1))
                    .position(|w| PARTICLES.contains(&w.to_lowercase().as_str()));
                match k {
                    Some(k) => {
                        let mut w: Vec<String> = words.iter().map(|s| s.to_string()).collect();
                        let next = w.remove(k + 1).to_lowercase();
                        w[k] = format!("{}{}", w[k], next);
                        w.join(" ")
                    }
                    None if given.len() >= 2 => {
                        let glued = format!("{}{}", given[0], given[1].to_lowercase());
                        given.splice(0..2, [glued]);
                        natural(&given, &fam, p.family_first)
                    }
                    None => return None,
                }
            }
        }
        Family::Typo => {
            let all = natural(&given, &fam, p.family_first);
            let words: Vec<&str> = all.split(' ').collect();
            let (k, _) = words
                .iter()
                .enumerate()
                .max_by_key(|(_, w)| w.chars().count())?;
            if words[k].chars().count() < 4 {
                return None;
            }
            let mut w: Vec<String> = words.iter().map(|s| s.to_string()).collect();
            w[k] = edit(&w[k], rng);
            w.join(" ")
        }
        Family::Dob => {
            let d = crate::model::PartialDate::parse(p.date_of_birth.as_deref()?)
                .ok()?
                .full()?;
            dob = Some(match rng.idx(4) {
                0 => format!("{:04}", d.year),
                1 => format!("{:04}-{:02}", d.year, d.month),
                2 if d.day <= 12 && d.day != d.month => {
                    format!("{:04}-{:02}-{:02}", d.year, d.day, d.month)
                }
                _ => {
                    // one digit of the day or the year's last digit off by one
                    if d.day < 28 && rng.chance(500) {
                        format!("{:04}-{:02}-{:02}", d.year, d.month, d.day + 1)
                    } else {
                        format!(
                            "{:04}-{:02}-{:02}",
                            d.year + 1 - 2 * (d.year % 10 == 9) as u16,
                            d.month,
                            d.day
                        )
                    }
                }
            });
            p.primary().to_string()
        }
    };
    // a query with a date of birth tells namesakes apart
    let expect_names = if dob.is_none() {
        p.names.clone()
    } else {
        Vec::new()
    };
    Some(LabelledQuery {
        group: family.name().to_string(),
        name,
        date_of_birth: dob,
        nationality: if rng.chance(500) {
            p.nationality.first().cloned()
        } else {
            None
        },
        gender: None,
        expect: Some((p.source.clone(), p.id.clone())),
        expect_names,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mrz_folding() {
        assert_eq!(mrz_fold("Müller-Lüdenscheidt"), "MUELLER<LUEDENSCHEIDT");
        assert_eq!(mrz_fold("José Ñúñez"), "JOSE<NUNEZ");
    }

    #[test]
    fn typo_edits_change_the_token() {
        let mut rng = Rng::new(1);
        for _ in 0..100 {
            let e = edit("Petrovich", &mut rng);
            assert_ne!(e, "Petrovich");
            assert!(strsim::osa_distance(&e, "Petrovich") == 1);
        }
    }
}
