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

/// Scores one record against a query name profile and evidence.
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
    let date_of_birth = match (&evidence.date_of_birth, &record.date_of_birth) {
        (Some(q), Some(r)) => {
            let ev: DobEvidence = compare(q, r);
            Some(Effect {
                evidence: format!("{ev:?} (query {q}, record {r})"),
                effect: ev.effect(),
            })
        }
        _ => None,
    };
    let nationality = match &evidence.nationality {
        Some(n) if !record.nationality.is_empty() => Some(if record.nationality.contains(n) {
            Effect {
                evidence: format!("{n} listed"),
                effect: NATIONALITY_MATCH,
            }
        } else {
            Effect {
                evidence: format!("{n} not among {}", record.nationality.join(",")),
                effect: NATIONALITY_MISMATCH,
            }
        }),
        _ => None,
    };
    let gender = match (evidence.gender, record.gender) {
        (Some(q @ (Gender::M | Gender::F)), Some(r @ (Gender::M | Gender::F))) => Some(if q == r {
            Effect {
                evidence: format!("{} agrees", q.as_char()),
                effect: GENDER_MATCH,
            }
        } else {
            Effect {
                evidence: format!("query {} vs record {}", q.as_char(), r.as_char()),
                effect: GENDER_MISMATCH,
            }
        }),
        _ => None,
    };
    let adj: f32 = [&date_of_birth, &nationality, &gender]
        .iter()
        .filter_map(|e| e.as_ref())
        .map(|e| e.effect)
        .sum();
    let score = (NAME_SHARE * name.score + adj).clamp(0.0, 1.0);
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
