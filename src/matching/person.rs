//! The person score: the best-aligned name of the record, adjusted by date of birth,
//! nationality and gender evidence.
//!
//! `score = clamp(NAME_SHARE * name + dob + nationality + gender, 0, 1)`. Only an identical
//! name with a consistent full date of birth reaches 1.0; nationality and gender are evidence,
//! never filters.

use super::date::{compare, DobEvidence};
use super::name::{NameMatch, NameMatcher, NameProfile};
use crate::model::{Gender, PartialDate};
use serde::Serialize;

/// Share of the name score in the final score; evidence fills the rest.
pub const NAME_SHARE: f32 = 0.92;
/// Effect of a nationality the record lists / does not list.
pub const NATIONALITY_MATCH: f32 = 0.03;
pub const NATIONALITY_MISMATCH: f32 = -0.04;
/// Effect of an agreeing / contradicting gender (M or F on both sides).
pub const GENDER_MATCH: f32 = 0.01;
pub const GENDER_MISMATCH: f32 = -0.08;

/// What a person query carries besides the name.
#[derive(Debug, Clone, Default)]
pub struct PersonEvidence {
    pub date_of_birth: Option<PartialDate>,
    pub nationality: Option<String>,
    pub gender: Option<Gender>,
}

/// A record's matching data (precomputed at ingest).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PersonFacts {
    pub names: Vec<NameProfile>,
    pub date_of_birth: Option<PartialDate>,
    pub nationality: Vec<String>,
    pub gender: Option<Gender>,
}

/// One piece of non-name evidence and what it did to the score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Effect {
    pub evidence: String,
    pub effect: f32,
}

/// Why a person scored what it scored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PersonExplanation {
    /// Index into the record's `names` of the best-aligned name.
    pub matched_name_index: usize,
    pub name: NameMatch,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_of_birth: Option<Effect>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nationality: Option<Effect>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gender: Option<Effect>,
    pub formula: String,
    pub score: f32,
}

/// A record's matching data borrowed from its stored form: what the hot rescoring loop reads
/// (see `index::facts`), without copying a string.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PersonView<'a> {
    /// Per name: folded tokens and their skeletons.
    pub names: Vec<(Vec<&'a str>, Vec<&'a str>)>,
    pub date_of_birth: Option<PartialDate>,
    pub nationality: Vec<&'a str>,
    pub gender: Option<Gender>,
}

impl PersonView<'_> {
    /// An owned copy.
    pub fn to_facts(&self) -> PersonFacts {
        let owned = |l: &[&str]| l.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        PersonFacts {
            names: self
                .names
                .iter()
                .map(|(t, k)| NameProfile {
                    tokens: owned(t),
                    skeletons: owned(k),
                    abjad: false,
                })
                .collect(),
            date_of_birth: self.date_of_birth,
            nationality: owned(&self.nationality),
            gender: self.gender,
        }
    }
}

/// What the non-name evidence of one record says against the query.
struct Effects {
    date_of_birth: Option<DobEvidence>,
    /// Whether the record lists the query nationality (None: nothing to compare).
    nationality: Option<bool>,
    /// Whether the genders agree (None: unknown on either side).
    gender: Option<bool>,
}

impl Effects {
    fn of<S: AsRef<str>>(
        evidence: &PersonEvidence,
        date_of_birth: Option<&PartialDate>,
        nationality: &[S],
        gender: Option<Gender>,
    ) -> Effects {
        Effects {
            date_of_birth: evidence
                .date_of_birth
                .as_ref()
                .zip(date_of_birth)
                .map(|(q, r)| compare(q, r)),
            nationality: evidence
                .nationality
                .as_deref()
                .filter(|_| !nationality.is_empty())
                .map(|n| nationality.iter().any(|r| r.as_ref() == n)),
            gender: match (evidence.gender, gender) {
                (Some(q @ (Gender::M | Gender::F)), Some(r @ (Gender::M | Gender::F))) => {
                    Some(q == r)
                }
                _ => None,
            },
        }
    }

    fn nationality_effect(listed: bool) -> f32 {
        if listed {
            NATIONALITY_MATCH
        } else {
            NATIONALITY_MISMATCH
        }
    }

    fn gender_effect(agrees: bool) -> f32 {
        if agrees {
            GENDER_MATCH
        } else {
            GENDER_MISMATCH
        }
    }

    /// The summed effect on the score.
    fn sum(&self) -> f32 {
        self.date_of_birth.map_or(0.0, DobEvidence::effect)
            + self.nationality.map_or(0.0, Self::nationality_effect)
            + self.gender.map_or(0.0, Self::gender_effect)
    }
}

/// The final score from the name score and the evidence effects.
fn combine(name: f32, effects: f32) -> f32 {
    (NAME_SHARE * name + effects).clamp(0.0, 1.0)
}

/// The person score of a record (as [`score_person`] computes it), the name score it rests
/// on and the index of the name that gave it (the first best, as [`score_person`] picks it),
/// without an explanation: the hot path of rescoring.
pub fn quick_score(
    query: &mut NameMatcher,
    evidence: &PersonEvidence,
    record: &PersonView,
    weight: &mut dyn FnMut(&str) -> f32,
) -> (f32, f32, usize) {
    let mut best: Option<(f32, usize)> = None;
    for (i, (tokens, skeletons)) in record.names.iter().enumerate() {
        let s = query.score(tokens, skeletons, weight);
        if best.is_none_or(|(b, _)| s > b) {
            best = Some((s, i));
        }
    }
    let (name, matched) = best.unwrap_or_else(|| (query.score(&[], &[], weight), 0));
    let effects = Effects::of(
        evidence,
        record.date_of_birth.as_ref(),
        &record.nationality,
        record.gender,
    );
    (combine(name, effects.sum()), name, matched)
}

/// Scores one record against a query name profile and evidence, and explains the score.
pub fn score_person(
    query: &mut NameMatcher,
    evidence: &PersonEvidence,
    record: &PersonFacts,
    weight: &mut dyn FnMut(&str) -> f32,
) -> PersonExplanation {
    let mut best: Option<(usize, NameMatch)> = None;
    for (i, n) in record.names.iter().enumerate() {
        let m = query.match_record(n, weight);
        if best.as_ref().is_none_or(|(_, b)| m.score > b.score) {
            best = Some((i, m));
        }
    }
    let (matched_name_index, name) =
        best.unwrap_or_else(|| (0, query.match_record(&NameProfile::default(), weight)));
    let effects = Effects::of(
        evidence,
        record.date_of_birth.as_ref(),
        &record.nationality,
        record.gender,
    );
    let date_of_birth = effects
        .date_of_birth
        .zip(evidence.date_of_birth.zip(record.date_of_birth))
        .map(|(ev, (q, r))| Effect {
            evidence: format!("{ev:?} (query {q}, record {r})"),
            effect: ev.effect(),
        });
    let query_nationality = evidence.nationality.as_deref().unwrap_or_default();
    let nationality = effects.nationality.map(|listed| Effect {
        evidence: if listed {
            format!("{query_nationality} listed")
        } else {
            format!(
                "{query_nationality} not among {}",
                record.nationality.join(",")
            )
        },
        effect: Effects::nationality_effect(listed),
    });
    let gender = effects.gender.map(|agrees| {
        let q = evidence.gender.map(Gender::as_char).unwrap_or('U');
        let r = record.gender.map(Gender::as_char).unwrap_or('U');
        Effect {
            evidence: if agrees {
                format!("{q} agrees")
            } else {
                format!("query {q} vs record {r}")
            },
            effect: Effects::gender_effect(agrees),
        }
    });
    let adj = effects.sum();
    let score = combine(name.score, adj);
    let formula = format!(
        "clamp({NAME_SHARE} * name {:.3} + evidence {adj:+.3}) = {score:.3}",
        name.score
    );
    PersonExplanation {
        matched_name_index,
        name,
        date_of_birth,
        nationality,
        gender,
        formula,
        score,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(names: &[&str], dob: Option<&str>) -> PersonFacts {
        PersonFacts {
            names: names.iter().map(|n| NameProfile::new(n)).collect(),
            date_of_birth: dob.map(|d| PartialDate::parse(d).unwrap()),
            nationality: vec!["RUS".into()],
            gender: Some(Gender::M),
        }
    }

    fn ev(dob: Option<&str>) -> PersonEvidence {
        PersonEvidence {
            date_of_birth: dob.map(|d| PartialDate::parse(d).unwrap()),
            ..Default::default()
        }
    }

    #[test]
    fn only_identical_name_with_same_dob_reaches_one() {
        let r = facts(&["Ivan Petrov"], Some("1970-03-04"));
        let q = NameProfile::new("Ivan Petrov");
        assert_eq!(
            score_person(
                &mut NameMatcher::new(&q),
                &ev(Some("1970-03-04")),
                &r,
                &mut |_| 1.0
            )
            .score,
            1.0
        );
        assert!(score_person(&mut NameMatcher::new(&q), &ev(None), &r, &mut |_| 1.0).score < 1.0);
        let typo = NameProfile::new("Ivan Petrof");
        assert!(
            score_person(
                &mut NameMatcher::new(&typo),
                &ev(Some("1970-03-04")),
                &r,
                &mut |_| 1.0
            )
            .score
                < 1.0
        );
    }

    #[test]
    fn best_alias_wins_and_dob_conflict_costs() {
        let r = facts(
            &["Ivan Petrov", "Иван Петров", "Vanya Petrov"],
            Some("1970-03-04"),
        );
        let q = NameProfile::new("Иван Петров");
        let e = score_person(&mut NameMatcher::new(&q), &ev(None), &r, &mut |_| 1.0);
        assert!(e.name.score == 1.0);
        let far = score_person(
            &mut NameMatcher::new(&q),
            &ev(Some("1990-01-01")),
            &r,
            &mut |_| 1.0,
        );
        assert!(far.score < e.score);
    }

    #[test]
    fn gender_and_nationality_are_evidence_not_filters() {
        let r = facts(&["Ivan Petrov"], None);
        let q = NameProfile::new("Ivan Petrov");
        let e = PersonEvidence {
            gender: Some(Gender::F),
            nationality: Some("FRA".into()),
            ..Default::default()
        };
        let s = score_person(&mut NameMatcher::new(&q), &e, &r, &mut |_| 1.0).score;
        assert!(s > 0.7 && s < 0.92);
    }
}
