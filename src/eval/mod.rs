//! Name-matching evaluation, rerunnable by anyone (`frontline eval`).
//!
//! Two sets: a synthetic one ([`synthetic`]: `synth` persons indexed, labelled variant queries
//! per family from [`variants`], and negatives who share at most one name token with anyone
//! indexed) and, when `../shared/data/sdn-eval/` is present, the real OFAC SDN set ([`sdn`]).
//! Every query goes through the real search path ([`crate::search::Engine`]); the same queries
//! also go through a brute-force Jaro-Winkler baseline ([`baseline`]) so both are reported in
//! one run. Results print as Markdown tables.

pub mod baseline;
pub mod independent;
pub mod latency;
pub mod report;
pub mod sdn;
pub mod synthetic;
pub mod variants;

use crate::search::{Engine, PersonQuery};
use rayon::prelude::*;
use variants::LabelledQuery;

/// How one query fared.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// Family or class label ("negative" for negatives).
    pub group: String,
    /// 1-based rank of the expected record in the top 10.
    pub rank: Option<usize>,
    /// 1-based rank of the first hit in the top 10 that is the expected record or one of its
    /// namesakes (see [`LabelledQuery::expect_names`]).
    pub namesake_rank: Option<usize>,
    /// Whether the expected record's hit raised an alert.
    pub expected_alert: bool,
    /// Whether the expected record's hit or a namesake's raised an alert.
    pub namesake_alert: bool,
    /// Score of the expected record's hit (0 if not in the top 10).
    pub expected_score: f32,
    /// Highest score of any hit (negatives: what could alert).
    pub max_score: f32,
    /// Whether any hit raised an alert.
    pub any_alert: bool,
    /// Scores of every hit returned (the top 10), best first.
    pub hit_scores: Vec<f32>,
}

/// Runs labelled queries through the engine in parallel, as an anonymous caller would, with
/// no score floor (`min_score` 0), so that [`report::floor_costs`] sees every hit a floor
/// would drop.
pub fn run_engine(
    engine: &Engine,
    queries: &[LabelledQuery],
    agency: Option<&str>,
) -> Vec<Outcome> {
    queries
        .par_iter()
        .map(|q| {
            let pq = PersonQuery {
                limit: Some(10),
                agency: agency.map(str::to_string),
                ..person_query(q, Some(0.0))
            };
            let hits = engine
                .search_persons(&pq)
                .map(|r| r.hits)
                .unwrap_or_default();
            let pos = q
                .expect
                .as_ref()
                .and_then(|(s, i)| hits.iter().position(|h| &h.source == s && &h.id == i));
            let names: Vec<Vec<String>> = q.expect_names.iter().map(|n| sorted_tokens(n)).collect();
            // the expected record, or a record holding one of its names
            let right = |k: usize, h: &crate::search::PersonHit| {
                Some(k) == pos
                    || (q.expect.is_some()
                        && h.record["names"].as_array().is_some_and(|a| {
                            a.iter()
                                .filter_map(|n| n.as_str())
                                .any(|n| names.contains(&sorted_tokens(n)))
                        }))
            };
            let namesake = hits.iter().enumerate().position(|(k, h)| right(k, h));
            Outcome {
                group: q.group.clone(),
                rank: pos.map(|p| p + 1),
                namesake_rank: namesake.map(|p| p + 1),
                expected_alert: pos.is_some_and(|p| hits[p].alert),
                namesake_alert: hits.iter().enumerate().any(|(k, h)| h.alert && right(k, h)),
                expected_score: pos.map(|p| hits[p].score).unwrap_or(0.0),
                max_score: hits.first().map(|h| h.score).unwrap_or(0.0),
                any_alert: hits.iter().any(|h| h.alert),
                hit_scores: hits.iter().map(|h| h.score).collect(),
            }
        })
        .collect()
}

/// The folded tokens of a name, sorted: namesakes have the same.
pub(crate) fn sorted_tokens(name: &str) -> Vec<String> {
    let mut t = crate::normalize::name_tokens(name);
    t.sort_unstable();
    t
}

/// The search an officer would send for `q`: its name, date of birth, nationality and
/// gender, default limit, explanations built, `min_score` as given (`None`: the default).
pub fn person_query(q: &LabelledQuery, min_score: Option<f32>) -> PersonQuery {
    PersonQuery {
        name: q.name.clone(),
        date_of_birth: q.date_of_birth.clone(),
        nationality: q.nationality.clone(),
        gender: q.gender.clone(),
        min_score,
        ..Default::default()
    }
}
