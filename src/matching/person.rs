//! The person score: the best-aligned name of the record, adjusted by date of birth,
//! nationality and gender evidence.
//!
//! `score = clamp(NAME_SHARE * name + dob + nationality + gender, 0, 1)`. Only an identical
//! name with a consistent full date of birth reaches 1.0; nationality and gender are evidence,
//! never filters. A name the list itself calls low quality counts
//! [`LOW_QUALITY_NAME_FACTOR`] of its score; the date of birth is the best of the record's
//! main and other dates.

use super::date::{best_compare, DobEvidence};
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
/// Share of its name score a low-quality alias (UN "Low", OFAC weak a.k.a.) keeps: alone it
/// stays below the alert threshold however well it matches (0.92 × 0.85 = 0.782), with an
/// exact date of birth it alerts (0.862).
pub const LOW_QUALITY_NAME_FACTOR: f32 = 0.85;

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
    /// Good names first, then the `low_quality` low-quality ones.
    pub names: Vec<NameProfile>,
    /// How many of the last `names` are low-quality aliases.
    pub low_quality: usize,
    pub date_of_birth: Option<PartialDate>,
    pub other_dates_of_birth: Vec<PartialDate>,
    pub nationality: Vec<String>,
    pub gender: Option<Gender>,
}

/// One piece of non-name evidence and what it did to the score.
#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Serialize)]
pub struct Effect {
    pub evidence: String,
    pub effect: f32,
}

/// Why a person scored what it scored.
#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Serialize)]
pub struct PersonExplanation {
    /// Index of the best-aligned name: into the record's `names`, or into its
    /// `low_quality_names` when `low_quality_name`.
    pub matched_name_index: usize,
    /// Whether the best-aligned name is one the list calls low quality (its score then counts
    /// [`LOW_QUALITY_NAME_FACTOR`]).
    pub low_quality_name: bool,
    pub name: NameMatch,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_of_birth: Option<Effect>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nationality: Option<Effect>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gender: Option<Effect>,
    pub formula: String,
    pub score: f32,
    /// One short plain-English sentence per piece of evidence (`matching::words`).
    pub sentences: Vec<String>,
    /// The values the evidence compared, which the sentences are written from.
    #[serde(skip)]
    pub compared: Compared,
}

impl PersonExplanation {
    /// Writes the sentences (`matching::words`), naming the matched name as the record
    /// writes it: once, for a hit that is shown, not for every candidate scored.
    pub fn put_in_words(&mut self, matched_name_as_written: &str) {
        self.sentences = super::words::person_sentences(self, matched_name_as_written);
    }
}

/// What the query's evidence was compared with: the values behind the effects of a
/// [`PersonExplanation`] (its `date_of_birth`, `nationality` and `gender` say only how much
/// each counted).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Compared {
    pub query_date_of_birth: Option<PartialDate>,
    /// How the best of the record's dates of birth compared, and that date.
    pub date_of_birth: Option<(DobEvidence, PartialDate)>,
    pub query_nationality: Option<String>,
    pub record_nationality: Vec<String>,
    pub query_gender: Option<Gender>,
    pub record_gender: Option<Gender>,
}

/// A record's matching data borrowed from its stored form: what the hot rescoring loop reads
/// (see `index::facts`), without copying a string.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PersonView<'a> {
    /// Per name: folded tokens and their skeletons (good names first).
    pub names: Vec<(Vec<&'a str>, Vec<&'a str>)>,
    /// How many of the last `names` are low-quality aliases.
    pub low_quality: usize,
    pub date_of_birth: Option<PartialDate>,
    pub other_dates_of_birth: Vec<PartialDate>,
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
            low_quality: self.low_quality,
            date_of_birth: self.date_of_birth,
            other_dates_of_birth: self.other_dates_of_birth.clone(),
            nationality: owned(&self.nationality),
            gender: self.gender,
        }
    }
}

/// What the non-name evidence of one record says against the query.
struct Effects {
    /// The best evidence among the record's dates, and the date that gave it.
    date_of_birth: Option<(DobEvidence, PartialDate)>,
    /// Whether the record lists the query nationality (None: nothing to compare).
    nationality: Option<bool>,
    /// Whether the genders agree (None: unknown on either side).
    gender: Option<bool>,
}

impl Effects {
    fn of<S: AsRef<str>>(
        evidence: &PersonEvidence,
        date_of_birth: Option<&PartialDate>,
        other_dates_of_birth: &[PartialDate],
        nationality: &[S],
        gender: Option<Gender>,
    ) -> Effects {
        Effects {
            date_of_birth: evidence.date_of_birth.as_ref().and_then(|q| {
                best_compare(q, date_of_birth.into_iter().chain(other_dates_of_birth))
                    .map(|(e, r)| (e, *r))
            }),
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
        self.date_of_birth.map_or(0.0, |(e, _)| e.effect())
            + self.nationality.map_or(0.0, Self::nationality_effect)
            + self.gender.map_or(0.0, Self::gender_effect)
    }
}

/// The final score from the name score and the evidence effects.
fn combine(name: f32, effects: f32) -> f32 {
    (NAME_SHARE * name + effects).clamp(0.0, 1.0)
}

/// What a name's score counts for: all of it, or [`LOW_QUALITY_NAME_FACTOR`] of it for the
/// `low_quality` last of `count` names.
fn name_factor(index: usize, count: usize, low_quality: usize) -> f32 {
    if index + low_quality >= count {
        LOW_QUALITY_NAME_FACTOR
    } else {
        1.0
    }
}

/// The person score of a record (as [`score_person`] computes it), the (weighted) name score
/// it rests on and the index into the record's names of the name that gave it (the first
/// best, as [`score_person`] picks it), without an explanation: the hot path of rescoring.
pub fn quick_score(
    query: &mut NameMatcher,
    evidence: &PersonEvidence,
    record: &PersonView,
    weight: &mut dyn FnMut(&str) -> f32,
) -> (f32, f32, usize) {
    let mut best: Option<(f32, usize)> = None;
    let count = record.names.len();
    for (i, (tokens, skeletons)) in record.names.iter().enumerate() {
        let s = query.score(tokens, skeletons, weight) * name_factor(i, count, record.low_quality);
        if best.is_none_or(|(b, _)| s > b) {
            best = Some((s, i));
        }
    }
    let (name, matched) = best.unwrap_or_else(|| (query.score(&[], &[], weight), 0));
    let effects = Effects::of(
        evidence,
        record.date_of_birth.as_ref(),
        &record.other_dates_of_birth,
        &record.nationality,
        record.gender,
    );
    (combine(name, effects.sum()), name, matched)
}

/// Scores one record against a query name profile and evidence, and explains the score; the
/// sentences are left empty for [`PersonExplanation::put_in_words`].
pub fn score_person(
    query: &mut NameMatcher,
    evidence: &PersonEvidence,
    record: &PersonFacts,
    weight: &mut dyn FnMut(&str) -> f32,
) -> PersonExplanation {
    // (index, match, factor) of the best-aligned name
    let mut best: Option<(usize, NameMatch, f32)> = None;
    let count = record.names.len();
    for (i, n) in record.names.iter().enumerate() {
        let m = query.match_record(n, weight);
        let factor = name_factor(i, count, record.low_quality);
        if best
            .as_ref()
            .is_none_or(|(_, b, bf)| m.score * factor > b.score * bf)
        {
            best = Some((i, m, factor));
        }
    }
    let (index, name, factor) =
        best.unwrap_or_else(|| (0, query.match_record(&NameProfile::default(), weight), 1.0));
    let good = count - record.low_quality.min(count);
    let (matched_name_index, low_quality_name) = if index >= good && count > 0 {
        (index - good, true)
    } else {
        (index, false)
    };
    let effects = Effects::of(
        evidence,
        record.date_of_birth.as_ref(),
        &record.other_dates_of_birth,
        &record.nationality,
        record.gender,
    );
    let date_of_birth = effects
        .date_of_birth
        .zip(evidence.date_of_birth)
        .map(|((ev, r), q)| Effect {
            evidence: format!("{} (query {q}, record {r})", ev.as_str()),
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
    let score = combine(name.score * factor, adj);
    let formula = if low_quality_name {
        format!(
            "clamp({NAME_SHARE} * name {:.3} * low-quality alias {LOW_QUALITY_NAME_FACTOR} + evidence {adj:+.3}) = {score:.3}",
            name.score
        )
    } else {
        format!(
            "clamp({NAME_SHARE} * name {:.3} + evidence {adj:+.3}) = {score:.3}",
            name.score
        )
    };
    let compared = Compared {
        query_date_of_birth: evidence.date_of_birth,
        date_of_birth: effects.date_of_birth,
        query_nationality: evidence.nationality.clone(),
        record_nationality: record.nationality.clone(),
        query_gender: evidence.gender,
        record_gender: record.gender,
    };
    PersonExplanation {
        matched_name_index,
        low_quality_name,
        name,
        date_of_birth,
        nationality,
        gender,
        formula,
        score,
        sentences: Vec::new(),
        compared,
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
            ..Default::default()
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

    #[test]
    fn a_low_quality_alias_counts_for_less_and_other_dates_count() {
        let mut r = facts(&["Abu Bakr Hassan", "Abu Umar"], Some("1961"));
        r.low_quality = 1;
        r.other_dates_of_birth = vec![PartialDate::parse("1965-07-01").unwrap()];
        let q = NameProfile::new("Abu Umar");
        let alone = score_person(&mut NameMatcher::new(&q), &ev(None), &r, &mut |_| 1.0);
        assert!(alone.low_quality_name);
        assert_eq!(alone.matched_name_index, 0);
        assert!((alone.score - NAME_SHARE * LOW_QUALITY_NAME_FACTOR).abs() < 1e-4);
        assert!(alone.score < crate::matching::PERSON_ALERT_THRESHOLD);
        assert!(alone.formula.contains("low-quality alias"));
        // the other date of birth is exact: the alias with it alerts
        let dated = score_person(
            &mut NameMatcher::new(&q),
            &ev(Some("1965-07-01")),
            &r,
            &mut |_| 1.0,
        );
        assert_eq!(
            dated.date_of_birth.as_ref().map(|e| e.effect),
            Some(DobEvidence::Exact.effect())
        );
        assert!(dated.score >= crate::matching::PERSON_ALERT_THRESHOLD);
        // quick_score agrees with the explained score, and its index counts all names
        let text_names: Vec<(Vec<&str>, Vec<&str>)> = r
            .names
            .iter()
            .map(|n| {
                (
                    n.tokens.iter().map(String::as_str).collect(),
                    n.skeletons.iter().map(String::as_str).collect(),
                )
            })
            .collect();
        let view = PersonView {
            names: text_names,
            low_quality: 1,
            date_of_birth: r.date_of_birth,
            other_dates_of_birth: r.other_dates_of_birth.clone(),
            nationality: vec!["RUS"],
            gender: r.gender,
        };
        let (score, _, index) = quick_score(
            &mut NameMatcher::new(&q),
            &ev(Some("1965-07-01")),
            &view,
            &mut |_| 1.0,
        );
        assert_eq!(index, 1);
        assert!((score - dated.score).abs() < 1e-5);
        // the same name as a good alias scores more
        r.low_quality = 0;
        let good = score_person(&mut NameMatcher::new(&q), &ev(None), &r, &mut |_| 1.0);
        assert!(!good.low_quality_name && good.score > alone.score);
    }
}
